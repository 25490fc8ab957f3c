/* kh-charts-view.c — the Charts page: one group's charts across the project's years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-project-compute.h"
#include "kh-chart-export-dialog.h"
#include "kh-chart-widget.h"
#include "kh-charts-view.h"
#include "kh-results-tab.h"
#include "kh-ui.h"
#include "report/kh-report-data.h"

struct _KhChartsView
{
  GtkWidget parent_instance;

  KhResultsTab tab;   /* the document and group followed */
  GPtrArray *history; /* of KhPlan*: earlier years of the category, newest first */
  GCancellable *history_cancellable; /* the worker computing them, or NULL */
  guint history_generation; /* raised at each start and cancel: older workers are dropped */
  int history_year;   /* the year and category the history goes back from */
  char *history_category;
  GArray *years;      /* of int: the years charted, ascending */
  int from_year;      /* first and last year chosen; 0: the first and last charted */
  int to_year;
  GPtrArray *unit_ids; /* parallel to units_model; NULL entry = no unit */
  GtkStringList *years_model;
  GtkStringList *units_model;
  gboolean syncing;   /* the dropdowns are being set from the model */
  GStrv highlighted;  /* the units highlighted (kh_charts_view_set_highlighted_units) */
  GPtrArray *multiples; /* of KhChartWidget*: every group of the category, when "All Groups"
                         * shows a category of several (empty: the one chart) */

  /* Template widgets */
  GtkDropDown *type_dropdown;
  GtkDropDown *from_dropdown;
  GtkDropDown *to_dropdown;
  GtkDropDown *unit_dropdown;
  GtkLabel *caption;
  GtkStack *stack;
  GtkSpinner *spinner;
  KhChartWidget *chart;
  GtkGrid *multiples_grid;
};

G_DEFINE_FINAL_TYPE (KhChartsView, kh_charts_view, GTK_TYPE_WIDGET)

enum
{
  UNIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The earlier years of the open category, computed on a worker thread (issue 22: three
 * years of 3,000 units took seconds of the main loop). What the worker needs is read on
 * the main thread; it computes with the document's project (as loading a year does, on
 * the same connection: SQLite serialises it) and returns the plans, newest first. The
 * document is held, so the project stays open until the worker ends. */
typedef struct
{
  KhDocument *document;
  int year;
  char *category;
  KhLang lang;
  GArray *years;    /* the project's years, ascending */
  KhPlan *previous; /* the document's plan of year − 1, or NULL */
  guint generation;
} HistoryJob;

static void
history_job_free (HistoryJob *job)
{
  g_clear_object (&job->document);
  g_free (job->category);
  g_clear_pointer (&job->years, g_array_unref);
  g_clear_pointer (&job->previous, kh_plan_unref);
  g_free (job);
}

/* In the worker: at most three earlier years, newest first; a year without the
 * category's framework ends the run of years. */
static void
history_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HistoryJob *job = task_data;
  g_autoptr (GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  for (int i = (int) job->years->len - 1; i >= 0 && history->len < 3; i--)
    {
      int y = g_array_index (job->years, int, i);
      KhPlan *plan;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (y >= job->year)
        continue;
      if (y == job->year - 1 && job->previous != NULL)
        plan = kh_plan_ref (job->previous);
      else
        plan = kh_project_compute_category_lang (kh_document_get_project (job->document), y,
                                                 job->category, job->lang, NULL);
      if (plan == NULL)
        break;
      g_ptr_array_add (history, plan);
    }
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&history), (GDestroyNotify) g_ptr_array_unref);
}

static void
history_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KhChartsView *self = KH_CHARTS_VIEW (source);
  HistoryJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GPtrArray) history = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled, or another year asked for since: dropped. */
  if (job->generation != self->history_generation || history == NULL)
    return;
  g_clear_object (&self->history_cancellable);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = g_steal_pointer (&history);
  kh_results_tab_changed (&self->tab, KH_CHANGE_RESULTS);
}

/* Stops the worker running, if any: what it still returns is dropped. */
static void
cancel_history (KhChartsView *self)
{
  self->history_generation++;
  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
}

/* Earlier years of the open category, from the open year back: the previous year is the
 * document's; older ones are computed by the worker. At most four years are charted. */
static void
load_history (KhChartsView *self)
{
  KhDocument *doc = self->tab.document;
  g_autoptr (GTask) task = NULL;
  HistoryJob *job;

  cancel_history (self);
  g_ptr_array_set_size (self->history, 0);
  self->history_year = doc != NULL ? kh_document_get_year (doc) : 0;
  g_free (self->history_category);
  self->history_category = doc != NULL ? g_strdup (kh_document_get_category (doc)) : NULL;
  if (doc == NULL || kh_document_get_plan (doc) == NULL)
    return;
  job = g_new0 (HistoryJob, 1);
  job->document = g_object_ref (doc);
  job->year = kh_document_get_year (doc);
  job->category = g_strdup (kh_document_get_category (doc));
  job->lang = kh_ui_get_lang ();
  job->years = g_array_copy (kh_document_get_years (doc));
  job->previous = kh_document_get_previous_plan (doc) != NULL
                    ? kh_plan_ref (kh_document_get_previous_plan (doc))
                    : NULL;
  job->generation = self->history_generation;
  self->history_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->history_cancellable, history_done_cb, NULL);
  g_task_set_source_tag (task, load_history);
  g_task_set_task_data (task, job, (GDestroyNotify) history_job_free);
  g_task_run_in_thread (task, history_thread);
}

static void
clear_multiples (KhChartsView *self)
{
  for (guint i = 0; i < self->multiples->len; i++)
    {
      GtkWidget *widget = self->multiples->pdata[i];

      g_signal_handlers_disconnect_by_data (widget, self);
      gtk_grid_remove (self->multiples_grid, widget);
    }
  g_ptr_array_set_size (self->multiples, 0);
}

static void
show_empty (KhChartsView *self)
{
  clear_multiples (self);
  kh_chart_widget_set_data (self->chart, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static guint
year_position (KhChartsView *self,
               int           year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Whether @model lists the strings of @strings (NULL-terminated). */
static gboolean
same_strings (GListModel *model,
              GPtrArray  *strings)
{
  guint n = g_list_model_get_n_items (model);

  if (n + 1 != strings->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i),
                   g_ptr_array_index (strings, i))
        != 0)
      return FALSE;
  return TRUE;
}

/* The year dropdowns list the years charted; the choice is kept when still there. */
static void
sync_year_dropdowns (KhChartsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->years_model));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->years->len; i++)
    g_ptr_array_add (labels, g_strdup_printf ("%d", g_array_index (self->years, int, i)));
  g_ptr_array_add (labels, NULL);
  self->syncing = TRUE;
  if (!same_strings (G_LIST_MODEL (self->years_model), labels))
    gtk_string_list_splice (self->years_model, 0, n, (const char *const *) labels->pdata);
  if (self->years->len > 0)
    {
      gtk_drop_down_set_selected (self->from_dropdown, year_position (self, self->from_year));
      gtk_drop_down_set_selected (self->to_dropdown, year_position (self, self->to_year));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->from_dropdown), self->years->len > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->to_dropdown), self->years->len > 1);
  self->syncing = FALSE;
}

static void
sync_unit_dropdown (KhChartsView *self)
{
  const char *selected = kh_charts_view_get_selected_unit (self);
  guint position = 0;

  for (guint i = 1; i < self->unit_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->unit_ids, i), selected) == 0)
      position = i;
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->unit_dropdown, position);
  self->syncing = FALSE;
}

/* The unit dropdown lists the units of the @n_charts charts in their order, after "No Unit". */
static void
fill_unit_dropdown_charts (KhChartsView             *self,
                           const KhChartData *const *charts,
                           guint                     n_charts)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->units_model));
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  g_ptr_array_set_size (self->unit_ids, 0);
  g_ptr_array_add (self->unit_ids, NULL);
  g_ptr_array_add (labels, (gpointer) _("No Unit"));
  for (guint c = 0; c < n_charts; c++)
    for (guint i = 0; i < charts[c]->units->len; i++)
      {
        const KhChartUnit *unit = g_ptr_array_index (charts[c]->units, i);

        g_ptr_array_add (self->unit_ids, g_strdup (unit->id));
        g_ptr_array_add (labels, unit->label);
      }
  g_ptr_array_add (labels, NULL);
  self->syncing = TRUE;
  if (!same_strings (G_LIST_MODEL (self->units_model), labels))
    gtk_string_list_splice (self->units_model, 0, n, (const char *const *) labels->pdata);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_dropdown), self->unit_ids->len > 1);
}

static void
fill_unit_dropdown (KhChartsView      *self,
                    const KhChartData *chart)
{
  fill_unit_dropdown_charts (self, &chart, chart != NULL ? 1 : 0);
}

static void unit_activated_cb (KhChartsView *self,
                               const char   *unit_id);

/* A unit selected in one of the small multiples is selected in all of them. */
static void
multiple_selected_cb (KhChartsView  *self,
                      GParamSpec    *pspec,
                      KhChartWidget *widget)
{
  const char *id = kh_chart_widget_get_selected (widget);

  for (guint i = 0; i < self->multiples->len; i++)
    kh_chart_widget_set_selected (self->multiples->pdata[i], id);
  sync_unit_dropdown (self);
}

static void
show_multiples (KhChartsView *self,
                KhReportData *data)
{
  g_autofree char *caption = NULL;
  g_autofree const KhChartData **charts = g_new0 (const KhChartData *, data->groups->len);
  g_autofree char *selected = g_strdup (kh_charts_view_get_selected_unit (self));
  guint columns, rows;
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  clear_multiples (self);
  kh_chart_multiples_grid (data->groups->len, width > 0 ? width : 1200, height > 0 ? height : 700,
                           &columns, &rows);
  for (guint i = 0; i < data->groups->len; i++)
    {
      KhReportGroup *group = data->groups->pdata[i];
      KhChartData *chart = g_steal_pointer (&group->chart);
      GtkWidget *widget = kh_chart_widget_new ();

      /* Each cell is titled with its group, as kaohe-cli chart --category draws them. */
      g_free (chart->title);
      chart->title = g_strdup (group->name);
      chart->year_from = (int) year_position (self, self->from_year);
      chart->year_to = (int) year_position (self, self->to_year);
      charts[i] = chart;
      gtk_widget_set_size_request (widget, 280, 220);
      gtk_widget_set_hexpand (widget, TRUE);
      gtk_widget_set_vexpand (widget, TRUE);
      kh_chart_widget_set_chart_type (KH_CHART_WIDGET (widget), kh_chart_widget_get_chart_type (self->chart));
      kh_chart_widget_set_watermark (KH_CHART_WIDGET (widget), kh_chart_widget_get_watermark (self->chart));
      kh_chart_widget_set_highlighted (KH_CHART_WIDGET (widget), (const char *const *) self->highlighted);
      kh_chart_widget_set_data (KH_CHART_WIDGET (widget), chart);
      kh_chart_widget_set_selected (KH_CHART_WIDGET (widget), selected);
      g_signal_connect_swapped (widget, "unit-activated", G_CALLBACK (unit_activated_cb), self);
      g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (multiple_selected_cb), self);
      gtk_grid_attach (self->multiples_grid, widget, (int) (i % columns), (int) (i / columns), 1, 1);
      g_ptr_array_add (self->multiples, widget);
    }
  kh_chart_widget_set_data (self->chart, NULL);
  caption = g_strdup_printf (_("%s · %d–%d"), kh_ui_category_label (kh_document_get_category (self->tab.document)),
                             self->from_year, self->to_year);
  gtk_label_set_text (self->caption, caption);
  fill_unit_dropdown_charts (self, charts, data->groups->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", TRUE);
  sync_unit_dropdown (self);
  gtk_stack_set_visible_child_name (self->stack, "multiples");
}

static void
refresh (KhChartsView *self)
{
  KhPlan *plan = self->tab.document != NULL ? kh_document_get_plan (self->tab.document) : NULL;
  KhFramework *fw;
  g_autoptr (KhReportData) data = NULL;
  KhReportGroup *group;
  const char *group_id;
  KhChartData *chart;
  int *years;
  guint n_years;

  g_array_set_size (self->years, 0);
  if (plan == NULL || self->history_cancellable != NULL)
    {
      sync_year_dropdowns (self);
      fill_unit_dropdown (self, NULL);
      show_empty (self);
      /* The earlier years still being computed: nothing of the last ones stays. */
      if (plan != NULL)
        gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_set_spinning (self->spinner, plan != NULL);
      return;
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
  fw = kh_plan_get_framework (plan);
  n_years = self->history->len + 1;
  g_array_set_size (self->years, n_years);
  years = (int *) (gpointer) self->years->data;
  for (guint i = 0; i < self->history->len; i++)
    years[self->history->len - 1 - i] = kh_dataset_get_year (
      kh_plan_get_dataset (g_ptr_array_index (self->history, i)));
  years[n_years - 1] = kh_document_get_year (self->tab.document);
  /* The range chosen, or every year charted; "from" never after "to". */
  if (year_position (self, self->to_year) == GTK_INVALID_LIST_POSITION)
    self->to_year = years[n_years - 1];
  if (year_position (self, self->from_year) == GTK_INVALID_LIST_POSITION
      || self->from_year > self->to_year)
    self->from_year = years[0];
  sync_year_dropdowns (self);

  data = kh_report_data_new (years[n_years - 1], (int) n_years, years);
  kh_report_data_set_lang (data, kh_ui_get_lang ());
  if (!kh_report_data_add_plan (data, plan, NULL))
    {
      fill_unit_dropdown (self, NULL);
      show_empty (self);
      return;
    }
  for (guint i = 0; i < self->history->len; i++)
    kh_report_data_add_plan (data, g_ptr_array_index (self->history, i), NULL);

  /* "All Groups" of a category of several: every group, side by side. */
  if (self->tab.group_id == NULL && data->groups->len > 1)
    {
      show_multiples (self, data);
      return;
    }
  clear_multiples (self);
  group_id = kh_results_tab_get_group_in (&self->tab, fw);
  group = group_id != NULL ? kh_report_data_find_group (data, group_id) : NULL;
  if (group == NULL || group->chart == NULL)
    {
      fill_unit_dropdown (self, NULL);
      show_empty (self);
      return;
    }
  /* The widget takes the group's chart data. */
  chart = g_steal_pointer (&group->chart);
  chart->year_from = (int) year_position (self, self->from_year);
  chart->year_to = (int) year_position (self, self->to_year);
  {
    g_autofree char *caption = g_strdup_printf (_("%s · %d–%d"), group->name, self->from_year,
                                                self->to_year);

    gtk_label_set_text (self->caption, caption);
  }
  fill_unit_dropdown (self, chart);
  kh_chart_widget_set_data (self->chart, chart);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", TRUE);
  sync_unit_dropdown (self);
  gtk_stack_set_visible_child_name (self->stack, "chart");
}

static void
year_selected_cb (KhChartsView *self,
                  GParamSpec   *pspec,
                  GtkDropDown  *dropdown)
{
  guint from = gtk_drop_down_get_selected (self->from_dropdown);
  guint to = gtk_drop_down_get_selected (self->to_dropdown);

  if (self->syncing || from >= self->years->len || to >= self->years->len)
    return;
  /* The other end follows when the range would turn round. */
  if (from > to)
    {
      if (dropdown == self->from_dropdown)
        to = from;
      else
        from = to;
    }
  kh_charts_view_set_years (self, g_array_index (self->years, int, from),
                            g_array_index (self->years, int, to));
}

static void
unit_selected_cb (KhChartsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->unit_dropdown);

  if (self->syncing || selected >= self->unit_ids->len)
    return;
  kh_charts_view_set_selected_unit (self, g_ptr_array_index (self->unit_ids, selected));
}

static void
chart_selected_cb (KhChartsView *self)
{
  sync_unit_dropdown (self);
}

static void
unit_activated_cb (KhChartsView *self,
                   const char   *unit_id)
{
  g_signal_emit (self, signals[UNIT_ACTIVATED], 0, unit_id);
}

static void
type_selected_cb (KhChartsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (selected >= KH_N_CHART_TYPES)
    return;
  kh_chart_widget_set_chart_type (self->chart, (KhChartType) selected);
  for (guint i = 0; i < self->multiples->len; i++)
    kh_chart_widget_set_chart_type (self->multiples->pdata[i], (KhChartType) selected);
}

static void
apply_changes (KhChartsView *self,
               guint         what)
{
  /* Another year may be open before this view hears of it (a page that hears first
   * asks for a chart from its own handler): the history goes back from the open year. */
  if (self->tab.document != NULL
      && (self->history_year != kh_document_get_year (self->tab.document)
          || g_strcmp0 (self->history_category, kh_document_get_category (self->tab.document)) != 0))
    what |= KH_CHANGE_YEAR;
  if (what & KH_CHANGE_YEAR)
    {
      /* Another year or category: chart every year again. */
      self->from_year = self->to_year = 0;
      load_history (self);
    }
  if (what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR))
    refresh (self);
}

static void
apply_changes_cb (GtkWidget *widget,
                  guint      what)
{
  apply_changes (KH_CHARTS_VIEW (widget), what);
}

void
kh_charts_view_set_document (KhChartsView *self,
                             KhDocument   *document)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  kh_results_tab_set_document (&self->tab, document);
}

void
kh_charts_view_set_group (KhChartsView *self,
                          const char   *group_id)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  kh_results_tab_set_group (&self->tab, group_id, KH_CHANGE_RESULTS);
}

void
kh_charts_view_set_years (KhChartsView *self,
                          int           from,
                          int           to)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  if (from == self->from_year && to == self->to_year)
    return;
  self->from_year = from;
  self->to_year = to;
  kh_results_tab_changed (&self->tab, KH_CHANGE_RESULTS);
}

void
kh_charts_view_get_years (KhChartsView *self,
                          int          *from,
                          int          *to)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  kh_results_tab_flush (&self->tab);
  if (from != NULL)
    *from = self->years->len > 0 ? self->from_year : 0;
  if (to != NULL)
    *to = self->years->len > 0 ? self->to_year : 0;
}

void
kh_charts_view_set_selected_unit (KhChartsView *self,
                                  const char   *unit_id)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  kh_results_tab_flush (&self->tab);
  kh_chart_widget_set_selected (self->chart, unit_id);
  for (guint i = 0; i < self->multiples->len; i++)
    kh_chart_widget_set_selected (self->multiples->pdata[i], unit_id);
}

void
kh_charts_view_set_highlighted_units (KhChartsView      *self,
                                      const char *const *unit_ids)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  g_strfreev (self->highlighted);
  self->highlighted = unit_ids != NULL ? g_strdupv ((char **) unit_ids) : g_new0 (char *, 1);
  kh_chart_widget_set_highlighted (self->chart, unit_ids);
  for (guint i = 0; i < self->multiples->len; i++)
    kh_chart_widget_set_highlighted (self->multiples->pdata[i], unit_ids);
}

const char *const *
kh_charts_view_get_highlighted_units (KhChartsView *self)
{
  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), NULL);

  return (const char *const *) self->highlighted;
}

const char *
kh_charts_view_get_selected_unit (KhChartsView *self)
{
  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), NULL);

  if (self->multiples->len > 0)
    return kh_chart_widget_get_selected (self->multiples->pdata[0]);
  return kh_chart_widget_get_selected (self->chart);
}

gboolean
kh_charts_view_is_loading (KhChartsView *self)
{
  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), FALSE);

  kh_results_tab_flush (&self->tab);
  return self->history_cancellable != NULL;
}

KhChartWidget *
kh_charts_view_get_chart (KhChartsView *self)
{
  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), NULL);

  kh_results_tab_flush (&self->tab);
  return self->chart;
}

guint
kh_charts_view_get_n_units (KhChartsView *self)
{
  const KhChartData *data;

  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), 0);

  kh_results_tab_flush (&self->tab);
  if (self->multiples->len > 0)
    {
      guint n = 0;

      for (guint i = 0; i < self->multiples->len; i++)
        n += kh_chart_widget_get_data (self->multiples->pdata[i])->units->len;
      return n;
    }
  data = kh_chart_widget_get_data (self->chart);
  return data != NULL ? data->units->len : 0;
}

/* The small multiples as exported: each cell of the grid (kh_chart_multiples_grid) drawn
 * by its widget, the selection highlighted, in print colours. */
static void
draw_multiples (cairo_t *cr,
                double   width,
                double   height,
                gpointer user_data)
{
  KhChartsView *self = user_data;
  guint n = self->multiples->len, columns, rows;
  double cw, ch;

  kh_chart_multiples_grid (n, width, height, &columns, &rows);
  cw = width / columns;
  ch = height / rows;
  cairo_save (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_BACKGROUND, 1.0);
  cairo_paint (cr);
  cairo_restore (cr);
  for (guint i = 0; i < n; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, (i % columns) * cw, (i / columns) * ch);
      cairo_rectangle (cr, 0, 0, cw, ch);
      cairo_clip (cr);
      kh_chart_widget_draw_export (self->multiples->pdata[i], cr, cw, ch);
      cairo_restore (cr);
    }
}

static gboolean
export_view (gpointer     owner,
             const char  *path,
             KhChartSize  size,
             GError     **error)
{
  return kh_charts_view_export (KH_CHARTS_VIEW (owner), path, size, error);
}

gboolean
kh_charts_view_export (KhChartsView *self,
                       const char   *path,
                       KhChartSize   size,
                       GError      **error)
{
  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  kh_results_tab_flush (&self->tab);
  if (self->multiples->len > 0)
    {
      double width, height, scale;

      kh_chart_size_get (size, &width, &height, &scale);
      return kh_chart_export_draw (draw_multiples, self, path, width, height, scale, error);
    }
  if (kh_chart_widget_get_data (self->chart) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: there is no chart to export"), path);
      return FALSE;
    }
  return kh_chart_widget_export_size (self->chart, path, size, error);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhChartsView *self = KH_CHARTS_VIEW (widget);

  if (self->multiples->len > 0)
    kh_chart_export_dialog_run (GTK_WIDGET (self), kh_chart_widget_get_chart_type (self->chart), export_view);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->chart), "chart.export", NULL);
}

static void
kh_charts_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_charts_view_parent_class)->map (widget);
  kh_results_tab_flush (&KH_CHARTS_VIEW (widget)->tab);
}

static void
kh_charts_view_dispose (GObject *object)
{
  KhChartsView *self = KH_CHARTS_VIEW (object);
  GtkWidget *child;

  kh_results_tab_clear (&self->tab);
  cancel_history (self);
  if (self->multiples != NULL)
    g_ptr_array_set_size (self->multiples, 0); /* the grid's children, going with it */
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CHARTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->history_category, g_free);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&self->multiples, g_ptr_array_unref);
  g_clear_pointer (&self->highlighted, g_strfreev);
  g_clear_object (&self->years_model);
  g_clear_object (&self->units_model);

  G_OBJECT_CLASS (kh_charts_view_parent_class)->dispose (object);
}

static void
kh_charts_view_class_init (KhChartsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_charts_view_dispose;
  widget_class->map = kh_charts_view_map;

  g_type_ensure (KH_TYPE_CHART_WIDGET);
  /**
   * KhChartsView::unit-activated:
   * @unit_id: the unit clicked in the chart or activated with Enter
   */
  signals[UNIT_ACTIVATED] = g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "charts.export", NULL, export_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "charts.export", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-charts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, caption);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, chart);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, multiples_grid);
}

static void
kh_charts_view_init (KhChartsView *self)
{
  g_autoptr (GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  kh_results_tab_init (&self->tab, GTK_WIDGET (self), apply_changes_cb, NULL);

  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->unit_ids = g_ptr_array_new_with_free_func (g_free);
  self->multiples = g_ptr_array_new ();
  self->highlighted = g_new0 (char *, 1);
  self->years_model = gtk_string_list_new (NULL);
  self->units_model = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (self->years_model));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (self->years_model));
  gtk_drop_down_set_model (self->unit_dropdown, G_LIST_MODEL (self->units_model));
  /* Type to find a unit in the list. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->unit_dropdown, expression);
  fill_unit_dropdown (self, NULL);
  g_signal_connect_swapped (self->from_dropdown, "notify::selected",
                            G_CALLBACK (year_selected_cb), self);
  g_signal_connect_swapped (self->to_dropdown, "notify::selected",
                            G_CALLBACK (year_selected_cb), self);
  g_signal_connect_swapped (self->unit_dropdown, "notify::selected",
                            G_CALLBACK (unit_selected_cb), self);
  g_signal_connect_swapped (self->chart, "notify::selected", G_CALLBACK (chart_selected_cb), self);
  g_signal_connect_swapped (self->chart, "unit-activated", G_CALLBACK (unit_activated_cb), self);
  g_signal_connect_swapped (self->type_dropdown, "notify::selected",
                            G_CALLBACK (type_selected_cb), self);
  type_selected_cb (self);
}

void
kh_charts_view_set_watermark (KhChartsView *self,
                              KhWatermark   mark)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));
  kh_chart_widget_set_watermark (self->chart, mark);
  for (guint i = 0; i < self->multiples->len; i++)
    kh_chart_widget_set_watermark (self->multiples->pdata[i], mark);
}
