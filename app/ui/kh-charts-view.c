/* kh-charts-view.c — the Charts page: one group's charts across the project's years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-project-compute.h"
#include "kh-chart-widget.h"
#include "kh-charts-view.h"
#include "report/kh-report-data.h"

struct _KhChartsView
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;
  char *group_id;
  GPtrArray *history; /* of KhPlan*: earlier years of the category, newest first */
  guint pending;      /* KhChange bits waiting until the page shows */

  /* Template widgets */
  GtkDropDown *type_dropdown;
  GtkLabel *caption;
  GtkStack *stack;
  KhChartWidget *chart;
};

G_DEFINE_FINAL_TYPE (KhChartsView, kh_charts_view, GTK_TYPE_WIDGET)

/* Earlier years of the open category: the previous year is the document's; older ones
 * are computed once per year and category. At most four years are charted. */
static void
load_history (KhChartsView *self)
{
  KhDocument *doc = self->document;
  GArray *years;
  int year;

  g_ptr_array_set_size (self->history, 0);
  if (doc == NULL || kh_document_get_plan (doc) == NULL)
    return;
  years = kh_document_get_years (doc);
  year = kh_document_get_year (doc);
  for (int i = (int) years->len - 1; i >= 0 && self->history->len < 3; i--)
    {
      int y = g_array_index (years, int, i);
      KhPlan *plan;

      if (y >= year)
        continue;
      if (y == year - 1 && kh_document_get_previous_plan (doc) != NULL)
        plan = kh_plan_ref (kh_document_get_previous_plan (doc));
      else
        plan = kh_project_compute_category (kh_document_get_project (doc), y,
                                            kh_document_get_category (doc), NULL);
      if (plan == NULL)
        break; /* the category has no framework that year: the run of years ends */
      g_ptr_array_add (self->history, plan);
    }
}

static void
refresh (KhChartsView *self)
{
  KhPlan *plan = self->document != NULL ? kh_document_get_plan (self->document) : NULL;
  KhFramework *fw;
  g_autoptr (KhReportData) data = NULL;
  g_autofree int *years = NULL;
  KhReportGroup *group;
  const char *group_id;
  KhChartData *chart;
  guint n_years;

  if (plan == NULL)
    {
      kh_chart_widget_set_data (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  fw = kh_plan_get_framework (plan);
  n_years = self->history->len + 1;
  years = g_new (int, n_years);
  for (guint i = 0; i < self->history->len; i++)
    years[self->history->len - 1 - i] = kh_dataset_get_year (
      kh_plan_get_dataset (g_ptr_array_index (self->history, i)));
  years[n_years - 1] = kh_document_get_year (self->document);

  data = kh_report_data_new (years[n_years - 1], (int) n_years, years);
  if (!kh_report_data_add_plan (data, plan, NULL))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint i = 0; i < self->history->len; i++)
    kh_report_data_add_plan (data, g_ptr_array_index (self->history, i), NULL);

  group_id = self->group_id;
  if (group_id == NULL && fw->groups->len > 0)
    group_id = ((KhGroup *) g_ptr_array_index (fw->groups, 0))->id;
  group = group_id != NULL ? kh_report_data_find_group (data, group_id) : NULL;
  if (group == NULL || group->chart == NULL)
    {
      kh_chart_widget_set_data (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  /* The widget takes the group's chart data. */
  chart = g_steal_pointer (&group->chart);
  {
    g_autofree char *caption = g_strdup_printf (_("%s · %d–%d"), group->name, years[0],
                                                years[n_years - 1]);

    gtk_label_set_text (self->caption, caption);
  }
  kh_chart_widget_set_data (self->chart, chart);
  gtk_stack_set_visible_child_name (self->stack, "chart");
}

static void
type_selected_cb (KhChartsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (selected < KH_N_CHART_TYPES)
    kh_chart_widget_set_chart_type (self->chart, (KhChartType) selected);
}

static void
apply_changes (KhChartsView *self,
               guint         what)
{
  if (what & KH_CHANGE_YEAR)
    load_history (self);
  if (what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR))
    refresh (self);
}

static void
flush (KhChartsView *self)
{
  guint what = self->pending;

  self->pending = 0;
  if (what != 0)
    apply_changes (self, what);
}

static void
document_changed_cb (KhChartsView *self,
                     guint         what)
{
  /* Hidden: catch up when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->pending |= what;
      return;
    }
  apply_changes (self, what);
}

void
kh_charts_view_set_document (KhChartsView *self,
                             KhDocument   *document)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  self->pending = 0;
  document_changed_cb (self, KH_CHANGE_YEAR);
}

void
kh_charts_view_set_group (KhChartsView *self,
                          const char   *group_id)
{
  g_return_if_fail (KH_IS_CHARTS_VIEW (self));

  if (g_strcmp0 (self->group_id, group_id) == 0)
    return;
  g_free (self->group_id);
  self->group_id = g_strdup (group_id);
  document_changed_cb (self, KH_CHANGE_RESULTS);
}

guint
kh_charts_view_get_n_units (KhChartsView *self)
{
  const KhChartData *data;

  g_return_val_if_fail (KH_IS_CHARTS_VIEW (self), 0);

  flush (self);
  data = kh_chart_widget_get_data (self->chart);
  return data != NULL ? data->units->len : 0;
}

static void
kh_charts_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_charts_view_parent_class)->map (widget);
  flush (KH_CHARTS_VIEW (widget));
}

static void
kh_charts_view_dispose (GObject *object)
{
  KhChartsView *self = KH_CHARTS_VIEW (object);
  GtkWidget *child;

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CHARTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->group_id, g_free);

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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-charts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, caption);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhChartsView, chart);
}

static void
kh_charts_view_init (KhChartsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_signal_connect_swapped (self->type_dropdown, "notify::selected",
                            G_CALLBACK (type_selected_cb), self);
  type_selected_cb (self);
}
