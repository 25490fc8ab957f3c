/* kh-robustness-view.c — the Robustness tab of Results: how much the ranking hangs on its choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page: its toolbar, charts, clicks and the document it follows. The analysis runs
 * in a worker thread (kh-robustness-run.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "analysis/kh-analysis.h"
#include "analysis/kh-stat-audit.h"
#include "charts/kh-heatmap-chart.h"
#include "charts/kh-index-chart.h"
#include "charts/kh-interval-chart.h"
#include "charts/kh-tier-chart.h"
#include "kh-chart-export-dialog.h"
#include "kh-robustness-view-private.h"
#include "kh-spec-editor.h"
#include "kh-ui.h"

G_DEFINE_FINAL_TYPE (KhRobustnessView, kh_robustness_view, GTK_TYPE_WIDGET)

enum
{
  UNIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what shows ------------------------------------------------------------------- */

void
kh_robustness_view_update_actions (KhRobustnessView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_plan = self->tab.document != NULL && kh_document_get_plan (self->tab.document) != NULL;
  gboolean has_chart = self->chart == KH_ROBUSTNESS_CORRELATIONS ? self->audit != NULL
                                                                  : self->result != NULL;

  gtk_widget_action_set_enabled (widget, "robustness.run", has_plan);
  gtk_widget_action_set_enabled (widget, "robustness.edit-spec", has_plan);
  gtk_widget_action_set_enabled (widget, "robustness.cancel", self->job != NULL);
  gtk_widget_action_set_enabled (widget, "robustness.export", has_chart);
  gtk_widget_action_set_enabled (widget, "robustness.clear-spec", self->spec != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_spec_button), self->spec != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->range_spin), self->spec == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->job != NULL);
}

void
kh_robustness_view_show (KhRobustnessView *self)
{
  gboolean has_chart = self->chart == KH_ROBUSTNESS_CORRELATIONS ? self->audit != NULL
                                                                  : self->result != NULL;

  if (has_chart)
    gtk_stack_set_visible_child_name (self->stack, "chart");
  else
    kh_results_tab_show_empty (self->stack, self->empty_page,
                               self->error != NULL ? _("No Analysis Possible") : _("No Analysis"),
                               self->error != NULL ? self->error
                                                   : _("The analysis runs as soon as the year has results."));
  kh_robustness_view_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

void
kh_robustness_view_set_status (KhRobustnessView *self,
                               const char       *text)
{
  KhDocument *document = self->tab.document;
  g_autofree char *all_groups = NULL;

  /* Under "All Groups" the group analysed is said first (issue 22). */
  if (document != NULL)
    all_groups = kh_results_tab_describe_group (&self->tab, kh_document_get_framework (document));
  if (all_groups != NULL && text != NULL && *text != '\0')
    {
      g_autofree char *both = g_strdup_printf ("%s · %s", all_groups, text);

      gtk_label_set_text (self->status, both);
    }
  else
    gtk_label_set_text (self->status, all_groups != NULL ? all_groups
                                      : text != NULL     ? text
                                                         : "");
}

static void
status_of_result (KhRobustnessView *self)
{
  const KhSensitivityResult *r = self->result;
  g_autofree char *text = NULL;

  if (r == NULL)
    return;
  if (!r->complete)
    /* TRANSLATORS: the analysis is still running; the charts show its first runs */
    text = g_strdup_printf (_("First %u runs shown; running…"), r->n_runs);
  else
    /* TRANSLATORS: e.g. "10,010 runs · 8 uncertain inputs · reverse-halton design · 0.11 s" */
    text = g_strdup_printf (_("%u runs · %u uncertain inputs · %s design · %.2f s"), r->n_runs,
                            r->n_inputs, kh_design_kind_to_string (r->design),
                            (g_get_monotonic_time () - self->started) / 1e6);
  kh_robustness_view_set_status (self, text);
}

void
kh_robustness_view_set_result (KhRobustnessView    *self,
                               KhSensitivityResult *result)
{
  g_clear_pointer (&self->result, kh_sensitivity_result_free);
  self->result = result;
  if (self->selected != NULL && (result == NULL || kh_sensitivity_result_find_unit (result, self->selected) < 0))
    g_clear_pointer (&self->selected, g_free);
  status_of_result (self);
  kh_robustness_view_show (self);
}

/* ---- drawing and clicks ------------------------------------------------------------- */

static KhChartData *
new_view (KhRobustnessView *self,
          gboolean          print)
{
  int year = self->tab.document != NULL ? kh_document_get_year (self->tab.document) : 0;
  KhChartData *view = kh_chart_data_new (1, &year);
  const KhSensitivityResult *r = self->result;

  view->style = !print && adw_style_manager_get_dark (adw_style_manager_get_default ())
                  ? KH_PALETTE_DARK
                  : KH_PALETTE_LIGHT;
  view->highlight = g_strdup (self->selected);
  /* on screen, pixels: the size of the page's own text */
  if (!print)
    view->font_size = 12.0;
  switch (self->chart)
    {
    case KH_ROBUSTNESS_INTERVALS:
      view->title = g_strdup_printf (_("Rank over %u runs"), r->n_runs);
      break;
    case KH_ROBUSTNESS_TIERS:
      view->title = g_strdup_printf (_("Chance of each tier over %u runs"), r->n_runs);
      break;
    case KH_ROBUSTNESS_INDICES:
      {
        int k = self->selected != NULL ? kh_sensitivity_result_find_unit (r, self->selected) : -1;

        view->title = k >= 0 ? g_strdup_printf (_("What moves the rank of %s"), r->units[k].name)
                             : g_strdup (_("What moves the ranking"));
      }
      break;
    case KH_ROBUSTNESS_CORRELATIONS:
    default:
      view->title = g_strdup (_("Correlations within and across levels"));
      break;
    }
  return view;
}

static void
draw_chart (KhRobustnessView *self,
            cairo_t          *cr,
            double            width,
            double            height,
            gboolean          print,
            KhChartLayout    *layout)
{
  g_autoptr (KhChartData) view = NULL;
  KhFramework *fw = kh_document_get_framework (self->tab.document);
  KhLang lang = kh_ui_get_lang ();

  if (self->chart == KH_ROBUSTNESS_CORRELATIONS)
    {
      g_auto (GStrv) labels = g_new0 (char *, self->audit->n_nodes + 1);

      for (guint i = 0; i < self->audit->n_nodes; i++)
        {
          KhNode *node = kh_framework_find_node (fw, self->audit->ids[i]);
          const char *name = node != NULL ? kh_text_get (&node->name, lang) : NULL;

          labels[i] = g_strdup (name != NULL ? name : self->audit->ids[i]);
        }
      view = new_view (self, print);
      kh_heatmap_chart_draw (self->audit, FALSE, (const char *const *) labels, view, cr, width,
                             height, layout);
      return;
    }
  view = new_view (self, print);
  if (self->chart == KH_ROBUSTNESS_INTERVALS)
    kh_interval_chart_draw (self->result, view, cr, width, height, layout);
  else if (self->chart == KH_ROBUSTNESS_TIERS)
    kh_tier_chart_draw (self->result, view, lang, cr, width, height, layout);
  else
    {
      g_auto (GStrv) labels = g_new0 (char *, self->result->n_inputs + 1);
      int k = self->selected != NULL ? kh_sensitivity_result_find_unit (self->result, self->selected) : -1;

      for (guint i = 0; i < self->result->n_inputs; i++)
        labels[i] = kh_index_chart_input_label (self->result, i, fw, lang);
      kh_index_chart_draw (self->result, k, (const char *const *) labels, view, cr, width, height,
                           layout);
    }
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  KhRobustnessView *self = user_data;
  gboolean has_chart = self->chart == KH_ROBUSTNESS_CORRELATIONS ? self->audit != NULL
                                                                  : self->result != NULL;

  kh_chart_layout_clear (self->layout);
  if (has_chart && self->tab.document != NULL)
    draw_chart (self, cr, width, height, FALSE, self->layout);
}

static void
pressed_cb (GtkGestureClick  *gesture,
            int               n_press,
            double            x,
            double            y,
            KhRobustnessView *self)
{
  const char *unit = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  if (self->result == NULL
      || (self->chart != KH_ROBUSTNESS_INTERVALS && self->chart != KH_ROBUSTNESS_TIERS))
    return;
  for (guint b = 0; b < self->layout->boxes->len && unit == NULL; b++)
    {
      const KhChartBox *box = &g_array_index (self->layout->boxes, KhChartBox, b);

      if (x >= box->x && x <= box->x + box->width && y >= box->y && y <= box->y + box->height
          && box->unit < self->result->n_units)
        unit = self->result->units[box->unit].id;
    }
  for (guint l = 0; l < self->layout->labels->len && unit == NULL; l++)
    {
      const KhChartLabel *label = &g_array_index (self->layout->labels, KhChartLabel, l);

      if (x >= label->x && x <= label->x + label->width && y >= label->y
          && y <= label->y + label->height && label->unit < self->result->n_units)
        unit = self->result->units[label->unit].id;
    }
  kh_robustness_view_set_selected_unit (self, unit);
  if (unit != NULL)
    g_signal_emit (self, signals[UNIT_ACTIVATED], 0, unit);
}

/* ---- the document ------------------------------------------------------------------ */

static void
refresh_audit (KhRobustnessView *self)
{
  KhPlan *plan = self->tab.document != NULL ? kh_document_get_plan (self->tab.document) : NULL;

  if (self->chart != KH_ROBUSTNESS_CORRELATIONS || self->audit != NULL || plan == NULL)
    return;
  self->audit = kh_stat_audit_new (plan, kh_results_tab_get_group_in (&self->tab, kh_plan_get_framework (plan)),
                                   NULL);
}

/* The spec stored in the project for the year and category open replaces the one in use
 * when the year or category changes; without one, a stored spec in use is dropped (a spec
 * opened from a file stays). A stored spec that does not parse is shown as the error. */
static void
load_stored_spec (KhRobustnessView *self)
{
  KhProject *project = self->tab.document != NULL ? kh_document_get_project (self->tab.document) : NULL;
  const char *category = self->tab.document != NULL ? kh_document_get_category (self->tab.document) : NULL;
  int year = self->tab.document != NULL ? kh_document_get_year (self->tab.document) : 0;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;
  KhSensitivitySpec *spec = NULL;

  if (project != NULL && category != NULL)
    text = kh_project_get_sensitivity_spec (project, year, category, &error);
  if (text == NULL && error == NULL)
    {
      if (self->spec_stored)
        {
          g_clear_pointer (&self->spec, kh_sensitivity_spec_free);
          g_clear_pointer (&self->spec_name, g_free);
          self->spec_stored = FALSE;
        }
      return;
    }
  /* TRANSLATORS: names a spec in messages and the tooltip, e.g. "the spec stored for 2020 “city”" */
  name = g_strdup_printf (_("the spec stored for %d “%s”"), year, category);
  if (text != NULL)
    spec = kh_sensitivity_spec_parse (text, -1, name, &error);
  if (spec == NULL)
    {
      kh_robustness_view_set_status (self, error->message);
      return;
    }
  g_clear_pointer (&self->spec, kh_sensitivity_spec_free);
  self->spec = spec;
  self->spec_runs = spec->runs;
  g_free (self->spec_name);
  self->spec_name = g_steal_pointer (&name);
  self->spec_stored = TRUE;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clear_spec_button), self->spec_name);
}

static void
apply_changes (KhRobustnessView *self,
               guint             what)
{
  if (what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR | KH_CHANGE_SPEC))
    {
      if (what & KH_CHANGE_YEAR)
        g_clear_pointer (&self->selected, g_free);
      /* the stored spec, applied in the editor (or undone), is the one the run uses */
      if (what & (KH_CHANGE_YEAR | KH_CHANGE_SPEC))
        load_stored_spec (self);
      kh_robustness_view_start (self);
      refresh_audit (self);
      kh_robustness_view_show (self);
    }
}

/* Hidden: an analysis of what is no longer there is of no use. */
static void
changed_while_hidden (GtkWidget *widget,
                      guint      what)
{
  if (what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR | KH_CHANGE_SPEC))
    kh_robustness_view_cancel (KH_ROBUSTNESS_VIEW (widget));
}

static void
apply_changes_cb (GtkWidget *widget,
                  guint      what)
{
  apply_changes (KH_ROBUSTNESS_VIEW (widget), what);
}

/* ---- the toolbar -------------------------------------------------------------------- */

static void
settings_changed_cb (KhRobustnessView *self)
{
  kh_results_tab_changed (&self->tab, KH_CHANGE_RESULTS);
}

static void
chart_selected_cb (KhRobustnessView *self)
{
  kh_robustness_view_set_chart (self, (KhRobustnessChart) MIN (gtk_drop_down_get_selected (self->chart_dropdown),
                                                               KH_ROBUSTNESS_CORRELATIONS));
}

static void
run_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kh_robustness_view_run (KH_ROBUSTNESS_VIEW (widget));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kh_robustness_view_cancel (KH_ROBUSTNESS_VIEW (widget));
}

static void
clear_spec_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  kh_robustness_view_set_spec (KH_ROBUSTNESS_VIEW (widget), NULL, NULL);
}

static void
edit_spec_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kh_robustness_view_edit_spec (KH_ROBUSTNESS_VIEW (widget));
}

static void
message (KhRobustnessView *self,
         const char       *heading,
         const char       *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
spec_response_cb (GtkNativeDialog  *dialog,
                  int               response,
                  KhRobustnessView *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL && !kh_robustness_view_set_spec (self, path, &error))
    message (self, _("The spec cannot be used"), error->message);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_spec_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
    _("Open a Sensitivity Spec"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Sensitivity specs (*.ini, *.spec)"));
  gtk_file_filter_add_pattern (filter, "*.ini");
  gtk_file_filter_add_pattern (filter, "*.spec");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect (dialog, "response", G_CALLBACK (spec_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
export_view (gpointer     owner,
             const char  *path,
             KhChartSize  size,
             GError     **error)
{
  return kh_robustness_view_export (KH_ROBUSTNESS_VIEW (owner), path, size, error);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* TRANSLATORS: default file name of an exported robustness chart */
  kh_chart_export_dialog_run_named (widget, _("robustness.png"), export_view);
}

/* ---- the class ---------------------------------------------------------------------- */

static void
kh_robustness_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_robustness_view_parent_class)->map (widget);
  kh_results_tab_flush (&KH_ROBUSTNESS_VIEW (widget)->tab);
}

static void
kh_robustness_view_dispose (GObject *object)
{
  KhRobustnessView *self = KH_ROBUSTNESS_VIEW (object);
  GtkWidget *child;

  kh_robustness_view_cancel (self);
  kh_results_tab_clear (&self->tab);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_ROBUSTNESS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->result, kh_sensitivity_result_free);
  g_clear_pointer (&self->audit, kh_stat_audit_free);
  g_clear_pointer (&self->spec, kh_sensitivity_spec_free);
  g_clear_pointer (&self->spec_name, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->layout, kh_chart_layout_free);

  G_OBJECT_CLASS (kh_robustness_view_parent_class)->dispose (object);
}

static void
kh_robustness_view_class_init (KhRobustnessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_robustness_view_dispose;
  widget_class->map = kh_robustness_view_map;

  /**
   * KhRobustnessView::unit-activated:
   * @unit_id: the unit clicked in a chart
   */
  signals[UNIT_ACTIVATED] = g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "robustness.run", NULL, run_action_cb);
  gtk_widget_class_install_action (widget_class, "robustness.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "robustness.open-spec", NULL, open_spec_action_cb);
  gtk_widget_class_install_action (widget_class, "robustness.clear-spec", NULL, clear_spec_action_cb);
  gtk_widget_class_install_action (widget_class, "robustness.edit-spec", NULL, edit_spec_action_cb);
  gtk_widget_class_install_action (widget_class, "robustness.export", NULL, export_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "robustness.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "robustness.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "robustness.export", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-robustness-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, chart_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, range_spin);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, runs_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, clear_spec_button);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, progress);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, status);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhRobustnessView, area);
}

static void
kh_robustness_view_init (KhRobustnessView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  kh_results_tab_init (&self->tab, GTK_WIDGET (self), apply_changes_cb, changed_while_hidden);
  self->layout = kh_chart_layout_new ();
  gtk_drop_down_set_selected (self->runs_dropdown, 1);
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (self->chart_dropdown, "notify::selected", G_CALLBACK (chart_selected_cb), self);
  g_signal_connect_swapped (self->runs_dropdown, "notify::selected", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->range_spin, "value-changed", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self->area, G_CONNECT_SWAPPED);
  kh_robustness_view_update_actions (self);
}

/* ---- public ------------------------------------------------------------------------- */

void
kh_robustness_view_set_document (KhRobustnessView *self,
                                 KhDocument       *document)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  kh_results_tab_set_document (&self->tab, document);
}

void
kh_robustness_view_set_group (KhRobustnessView *self,
                              const char       *group_id)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));

  kh_results_tab_set_group (&self->tab, group_id, KH_CHANGE_YEAR);
}

void
kh_robustness_view_set_chart (KhRobustnessView *self,
                              KhRobustnessChart chart)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));
  g_return_if_fail (chart <= KH_ROBUSTNESS_CORRELATIONS);

  self->chart = chart;
  if (gtk_drop_down_get_selected (self->chart_dropdown) != chart)
    gtk_drop_down_set_selected (self->chart_dropdown, chart);
  refresh_audit (self);
  kh_robustness_view_show (self);
}

void
kh_robustness_view_set_weights (KhRobustnessView *self,
                                double            percent,
                                guint             runs)
{
  guint choice = 0;

  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));

  for (guint c = 0; c < KH_ROBUSTNESS_N_RUN_CHOICES; c++)
    if (kh_robustness_run_choices[c] <= runs)
      choice = c;
  g_signal_handlers_block_by_func (self->range_spin, settings_changed_cb, self);
  g_signal_handlers_block_by_func (self->runs_dropdown, settings_changed_cb, self);
  gtk_spin_button_set_value (self->range_spin, percent);
  gtk_drop_down_set_selected (self->runs_dropdown, choice);
  g_signal_handlers_unblock_by_func (self->runs_dropdown, settings_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->range_spin, settings_changed_cb, self);
  settings_changed_cb (self);
}

gboolean
kh_robustness_view_set_spec (KhRobustnessView *self,
                             const char       *path,
                             GError          **error)
{
  KhSensitivitySpec *spec = NULL;

  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), FALSE);

  if (path != NULL)
    {
      g_autofree char *text = NULL;
      g_autofree char *name = g_path_get_basename (path);
      gsize length;

      if (!g_file_get_contents (path, &text, &length, error))
        return FALSE;
      spec = kh_sensitivity_spec_parse (text, (gssize) length, name, error);
      if (spec == NULL)
        return FALSE;
    }
  g_clear_pointer (&self->spec, kh_sensitivity_spec_free);
  self->spec = spec;
  self->spec_runs = spec != NULL ? spec->runs : 0;
  self->spec_stored = FALSE;
  g_free (self->spec_name);
  self->spec_name = path != NULL ? g_path_get_basename (path) : NULL;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clear_spec_button), self->spec_name);
  settings_changed_cb (self);
  return TRUE;
}

GtkWindow *
kh_robustness_view_edit_spec (KhRobustnessView *self)
{
  GtkRoot *root;

  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);

  if (self->tab.document == NULL || kh_document_get_plan (self->tab.document) == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* the editor keeps the spec's own runs, not the drop-down's the last run used */
  if (self->spec != NULL)
    self->spec->runs = self->spec_runs;
  return kh_spec_editor_open (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->tab.document,
                              self->tab.group_id, self->spec, self->spec_name,
                              self->spec != NULL ? 0.25 : gtk_spin_button_get_value (self->range_spin) / 100.0);
}

void
kh_robustness_view_run (KhRobustnessView *self)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));
  kh_results_tab_changed (&self->tab, KH_CHANGE_RESULTS);
}

void
kh_robustness_view_cancel (KhRobustnessView *self)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));

  if (self->job == NULL)
    return;
  kh_sensitivity_cancel (self->job->s);
  /* what it still reports is dropped: its generation is over */
  self->generation++;
  self->job = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  if (self->result == NULL || !self->result->complete)
    kh_robustness_view_set_status (self, _("Cancelled; the charts show the runs done before"));
  kh_robustness_view_update_actions (self);
}

gboolean
kh_robustness_view_is_running (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), FALSE);
  return self->job != NULL;
}

const KhSensitivityResult *
kh_robustness_view_get_result (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);
  kh_results_tab_flush (&self->tab);
  return self->result;
}

const char *
kh_robustness_view_get_status (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);

  return gtk_label_get_text (self->status);
}

const char *
kh_robustness_view_get_error (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);
  return self->error;
}

void
kh_robustness_view_set_selected_unit (KhRobustnessView *self,
                                      const char       *unit_id)
{
  g_return_if_fail (KH_IS_ROBUSTNESS_VIEW (self));

  if (g_strcmp0 (self->selected, unit_id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (unit_id);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

const char *
kh_robustness_view_get_selected_unit (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);
  return self->selected;
}

const KhChartLayout *
kh_robustness_view_get_layout (KhRobustnessView *self)
{
  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), NULL);
  return self->layout;
}

typedef struct
{
  KhRobustnessView *self;
} Export;

static void
export_draw (cairo_t *cr,
             double   width,
             double   height,
             gpointer user_data)
{
  Export *e = user_data;

  draw_chart (e->self, cr, width, height, TRUE, NULL);
}

gboolean
kh_robustness_view_export (KhRobustnessView *self,
                           const char       *path,
                           KhChartSize       size,
                           GError          **error)
{
  gboolean has_chart;
  double width, height, scale;
  Export e = { self };

  g_return_val_if_fail (KH_IS_ROBUSTNESS_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  kh_results_tab_flush (&self->tab);
  has_chart = self->chart == KH_ROBUSTNESS_CORRELATIONS ? self->audit != NULL : self->result != NULL;
  if (!has_chart || self->tab.document == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: there is no chart to export"), path);
      return FALSE;
    }
  kh_chart_size_get (size, &width, &height, &scale);
  return kh_chart_export_draw (export_draw, &e, path, width, height, scale, error);
}
