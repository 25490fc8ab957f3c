/* kh-health-view.c — the Health tab of Results: does each indicator still tell the units apart?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "io/kh-project-compute.h"
#include "kh-health-view.h"
#include "kh-pilot-check.h"
#include "kh-results-tab.h"
#include "kh-ui.h"

struct _KhHealthView
{
  GtkWidget parent_instance;

  KhResultsTab tab;    /* the document and group followed */

  KhPlan *plan;         /* of what shows */
  GArray *health;
  char *error;
  /* the same group in the earlier years, oldest first: kh_indicator_health() arrays and
   * their plans, read again with another year, document or group (KH_CHANGE_YEAR) */
  GPtrArray *earlier;
  GPtrArray *earlier_plans;
  gboolean earlier_stale;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkLabel *summary;
  GtkGrid *grid;
  GtkWidget *trend_heading;
  GtkGrid *trend_grid;
};

G_DEFINE_FINAL_TYPE (KhHealthView, kh_health_view, GTK_TYPE_WIDGET)

/* ---- the table ---------------------------------------------------------------------- */

/* An indicator as the reader knows it: its name in the reader's script, else its id. */
static const char *
indicator_name (const KhNode *node)
{
  const char *name = kh_text_get (&node->name, kh_ui_get_lang ());

  return name != NULL ? name : node->id;
}

/* A label in @grid over @width columns; row 0 is the heading (and so is row 1 of the
 * trend). */
static GtkWidget *
grid_cell (GtkGrid    *grid,
           const char *text,
           int         column,
           int         row,
           int         width,
           float       xalign,
           gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_grid_attach (grid, label, column, row, width, 1);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (xalign == 1.0f)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static GtkWidget *
cell (KhHealthView *self,
      const char   *text,
      int           column,
      int           row,
      float         xalign)
{
  return grid_cell (self->grid, text, column, row, 1, xalign, row == 0);
}

/* @value with @digits decimals as the CLI prints it; NULL for none. */
static char *
format_number (double value,
               int    digits)
{
  if (fabs (value) < 0.5 * pow (10, -digits))
    value = 0; /* never "-0.00" */
  return isfinite (value) ? g_strdup_printf ("%.*f", digits, value) : NULL;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* @value with @digits decimals as the CLI prints it, "—" for none. */
static void
number_cell (KhHealthView *self,
             double        value,
             int           digits,
             int           column,
             int           row)
{
  g_autofree char *text = format_number (value, digits);

  cell (self, text != NULL ? text : "—", column, row, 1.0f);
}

static void
fill_grid (KhHealthView *self,
           const char   *group)
{
  const char *headers[] = { N_("Indicator"), N_("Nominal"), N_("Effective"), N_("Missing"),
                            N_("Full points"), N_("CV"), N_("Distinct scores"), N_("Gini"),
                            N_("Moves with"), "ρ", N_("Verdict"), N_("Why") };
  guint counts[3] = { 0, 0, 0 };
  g_autofree char *summary = NULL;
  g_autofree char *all_groups = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    cell (self, c == 9 ? headers[c] : _(headers[c]), (int) c, 0, c == 0 || c == 8 || c >= 10 ? 0.0f : 1.0f);
  for (guint i = 0; i < self->health->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (self->health, KhIndicatorHealth, i);
      const KhNode *node = kh_plan_get_node (self->plan, h->node);
      g_autofree char *distinct = g_strdup_printf ("%u", h->distinct);
      g_autofree char *reasons = kh_indicator_health_reasons (h, self->plan, kh_ui_get_lang ());
      int row = (int) i + 1;
      GtkWidget *verdict, *why;

      cell (self, indicator_name (node), 0, row, 0.0f);
      number_cell (self, h->nominal, 4, 1, row);
      number_cell (self, h->effective, 4, 2, row);
      number_cell (self, h->missing_rate, 4, 3, row);
      number_cell (self, h->saturation, 4, 4, row);
      number_cell (self, h->cv, 3, 5, row);
      cell (self, distinct, 6, row, 1.0f);
      number_cell (self, h->gini, 3, 7, row);
      cell (self, h->closest >= 0 ? indicator_name (kh_plan_get_node (self->plan, (guint) h->closest))
                                  : "—",
            8, row, 0.0f);
      number_cell (self, h->rho, 2, 9, row);
      verdict = cell (self, kh_health_verdict_label (h->verdict), 10, row, 0.0f);
      gtk_widget_add_css_class (verdict, h->verdict == KH_HEALTH_EXIT     ? "error"
                                         : h->verdict == KH_HEALTH_REVIEW ? "warning"
                                                                          : "success");
      why = cell (self, reasons, 11, row, 0.0f);
      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (why), 48);
      gtk_widget_add_css_class (why, "dim-label");
      counts[h->verdict]++;
    }
  summary = g_strdup_printf (_("Group %s, %d — keep: %u, review: %u, candidate for exit: %u"),
                             group != NULL ? group : "—",
                             kh_dataset_get_year (kh_plan_get_dataset (self->plan)),
                             counts[KH_HEALTH_KEEP], counts[KH_HEALTH_REVIEW],
                             counts[KH_HEALTH_EXIT]);
  /* Under "All Groups" the group shown is said first (issue 22). */
  all_groups = kh_results_tab_describe_group (&self->tab, kh_plan_get_framework (self->plan));
  if (all_groups != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", all_groups, summary);

      gtk_label_set_text (self->summary, both);
    }
  else
    gtk_label_set_text (self->summary, summary);
}

/* Columns of a year in the trend. */
#define TREND_COLUMNS 5

/* The trend: per indicator, in each earlier year and this one, its CV and share at full
 * points as `kaohe-cli health` prints them, then its missing-data rate and its nominal and
 * effective weight as the table above has them ("—": the indicator was not in that year). */
static void
fill_trend (KhHealthView *self)
{
  const char *headers[TREND_COLUMNS] = { N_("CV"), N_("Full points"), N_("Missing"),
                                         N_("Nominal"), N_("Effective") };
  guint n_years = self->earlier->len + 1;

  clear_grid (self->trend_grid);
  gtk_widget_set_visible (self->trend_heading, self->earlier->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->trend_grid), self->earlier->len > 0);
  if (self->earlier->len == 0)
    return;
  grid_cell (self->trend_grid, _("Indicator"), 0, 0, 1, 0.0f, TRUE);
  for (guint k = 0; k < n_years; k++)
    {
      KhPlan *plan = k < self->earlier->len ? self->earlier_plans->pdata[k] : self->plan;
      g_autofree char *year = g_strdup_printf ("%d", kh_dataset_get_year (kh_plan_get_dataset (plan)));

      grid_cell (self->trend_grid, year, (int) (1 + TREND_COLUMNS * k), 0, TREND_COLUMNS, 0.5f,
                 TRUE);
      for (guint c = 0; c < TREND_COLUMNS; c++)
        grid_cell (self->trend_grid, _(headers[c]), (int) (1 + TREND_COLUMNS * k + c), 1, 1,
                   1.0f, TRUE);
    }
  for (guint i = 0; i < self->health->len; i++)
    {
      const KhIndicatorHealth *now = &g_array_index (self->health, KhIndicatorHealth, i);
      const KhNode *node = kh_plan_get_node (self->plan, now->node);
      int row = (int) i + 2;

      grid_cell (self->trend_grid, indicator_name (node), 0, row, 1, 0.0f, FALSE);
      for (guint k = 0; k < n_years; k++)
        {
          const KhIndicatorHealth *h = k < self->earlier->len
                                         ? kh_indicator_health_find (self->earlier->pdata[k],
                                                                     self->earlier_plans->pdata[k],
                                                                     node->id)
                                         : now;
          char *texts[TREND_COLUMNS] = { NULL };

          if (h != NULL)
            {
              texts[0] = format_number (h->cv, 3);
              texts[1] = isfinite (h->saturation) ? g_strdup_printf ("%.0f%%", h->saturation * 100)
                                                  : NULL;
              texts[2] = isfinite (h->missing_rate)
                           ? g_strdup_printf ("%.0f%%", h->missing_rate * 100)
                           : NULL;
              texts[3] = format_number (h->nominal, 4);
              texts[4] = format_number (h->effective, 4);
            }
          for (guint c = 0; c < TREND_COLUMNS; c++)
            {
              grid_cell (self->trend_grid, texts[c] != NULL ? texts[c] : "—",
                         (int) (1 + TREND_COLUMNS * k + c), row, 1, 1.0f, FALSE);
              g_free (texts[c]);
            }
        }
    }
}

/* Reads the earlier years of the document's category and examines @group in each, oldest
 * first; a year without the category or the group is left out, as `kaohe-cli health` does.
 * The year before comes from the document, the others are computed from the project. */
static void
load_earlier (KhHealthView *self,
              const char   *group)
{
  KhDocument *doc = self->tab.document;
  GArray *years;
  int year;

  g_ptr_array_set_size (self->earlier, 0);
  g_ptr_array_set_size (self->earlier_plans, 0);
  if (doc == NULL || kh_document_get_plan (doc) == NULL)
    return;
  years = kh_document_get_years (doc);
  year = kh_document_get_year (doc);
  for (guint i = 0; i < years->len; i++)
    {
      int y = g_array_index (years, int, i);
      g_autoptr (KhPlan) plan = NULL;
      GArray *health;

      if (y >= year)
        continue;
      if (y == year - 1 && kh_document_get_previous_plan (doc) != NULL)
        plan = kh_plan_ref (kh_document_get_previous_plan (doc));
      else
        plan = kh_project_compute_category_lang (kh_document_get_project (doc), y,
                                                 kh_document_get_category (doc),
                                                 kh_ui_get_lang (), NULL);
      health = plan != NULL ? kh_indicator_health (plan, group, NULL) : NULL;
      if (health == NULL)
        continue;
      g_ptr_array_add (self->earlier, health);
      g_ptr_array_add (self->earlier_plans, g_steal_pointer (&plan));
    }
}

/* Examines the document's plan again and shows it; @what (KhChange bits) says whether the
 * earlier years are to be read again. */
static void
refresh (KhHealthView *self,
         guint         what)
{
  KhDocument *document = self->tab.document;
  KhPlan *plan = document != NULL ? kh_document_get_plan (document) : NULL;
  g_autoptr (GError) error = NULL;
  const char *group = plan != NULL ? kh_results_tab_get_group_in (&self->tab, kh_plan_get_framework (plan))
                                   : self->tab.group_id;

  clear_grid (self->grid);
  g_clear_pointer (&self->health, g_array_unref);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->error, g_free);
  if (plan != NULL)
    {
      self->health = kh_indicator_health (plan, group, &error);
      if (self->health == NULL)
        self->error = g_strdup (error->message);
      else
        self->plan = kh_plan_ref (plan);
    }
  self->earlier_stale |= self->health == NULL || (what & KH_CHANGE_YEAR) != 0;
  if (self->health != NULL && self->earlier_stale)
    {
      load_earlier (self, group);
      self->earlier_stale = FALSE;
    }
  if (self->health != NULL)
    /* the verdicts weigh the trend, as the CLI's do */
    kh_indicator_health_add_trend (self->health, self->plan, self->earlier, self->earlier_plans);
  if (self->health == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.check-pilot", FALSE);
      kh_results_tab_show_empty (self->stack, self->empty_page, NULL,
                                 self->error != NULL ? self->error
                                                     : _("The indicators are examined as soon as "
                                                         "the year has results."));
      return;
    }
  fill_grid (self, group);
  fill_trend (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.check-pilot", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "table");
}

/* Every change examines the plan again. */
static void
apply_changes (GtkWidget *widget,
               guint      what)
{
  refresh (KH_HEALTH_VIEW (widget), what);
}

/* ---- Check Pilot Data… -------------------------------------------------------------- */

static void
pilot_response_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  KhHealthView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        kh_health_view_check_pilot_file (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
check_pilot_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Check Pilot Data"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Check"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Pilot Data (CSV)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (pilot_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the class ---------------------------------------------------------------------- */

static void
kh_health_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_health_view_parent_class)->map (widget);
  kh_results_tab_flush (&KH_HEALTH_VIEW (widget)->tab);
}

static void
kh_health_view_dispose (GObject *object)
{
  KhHealthView *self = KH_HEALTH_VIEW (object);
  GtkWidget *child;

  kh_results_tab_clear (&self->tab);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_HEALTH_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->health, g_array_unref);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->earlier, g_ptr_array_unref);
  g_clear_pointer (&self->earlier_plans, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_health_view_parent_class)->dispose (object);
}

static void
kh_health_view_class_init (KhHealthViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_health_view_dispose;
  widget_class->map = kh_health_view_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "health.check-pilot", NULL, check_pilot_action_cb);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-health-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, summary);
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, grid);
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, trend_heading);
  gtk_widget_class_bind_template_child (widget_class, KhHealthView, trend_grid);
}

static void
kh_health_view_init (KhHealthView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->earlier_plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  kh_results_tab_init (&self->tab, GTK_WIDGET (self), apply_changes, NULL);
  self->tab.pending = KH_CHANGE_YEAR; /* the empty state's words come with the first showing */
}

/* ---- public ------------------------------------------------------------------------- */

void
kh_health_view_set_document (KhHealthView *self,
                             KhDocument   *document)
{
  g_return_if_fail (KH_IS_HEALTH_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  kh_results_tab_set_document (&self->tab, document);
}

void
kh_health_view_set_group (KhHealthView *self,
                          const char   *group_id)
{
  g_return_if_fail (KH_IS_HEALTH_VIEW (self));

  kh_results_tab_set_group (&self->tab, group_id, KH_CHANGE_YEAR);
}

GArray *
kh_health_view_get_health (KhHealthView *self)
{
  g_return_val_if_fail (KH_IS_HEALTH_VIEW (self), NULL);

  return self->health;
}

KhPlan *
kh_health_view_get_plan (KhHealthView *self)
{
  g_return_val_if_fail (KH_IS_HEALTH_VIEW (self), NULL);

  return self->plan;
}

const char *
kh_health_view_get_error (KhHealthView *self)
{
  g_return_val_if_fail (KH_IS_HEALTH_VIEW (self), NULL);

  return self->error;
}

const char *
kh_health_view_get_summary (KhHealthView *self)
{
  g_return_val_if_fail (KH_IS_HEALTH_VIEW (self), NULL);

  return gtk_label_get_text (self->summary);
}

KhPilotCheck *
kh_health_view_check_pilot_file (KhHealthView *self,
                                 GFile        *file)
{
  GtkRoot *root;
  KhPilotCheck *check;

  g_return_val_if_fail (KH_IS_HEALTH_VIEW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  kh_results_tab_flush (&self->tab);
  if (self->plan == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  check = kh_pilot_check_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->plan,
                              kh_results_tab_get_group_in (&self->tab,
                                                           kh_plan_get_framework (self->plan)),
                              file);
  gtk_window_present (GTK_WINDOW (check));
  return check;
}
