/* kh-compare-view.c — the Year over Year tab of Results: a whole category between two years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "io/kh-project-compute.h"
#include "kh-chart-export-dialog.h"
#include "kh-compare-view.h"
#include "kh-print-operation.h"
#include "kh-results-breakdown.h"
#include "kh-results-tab.h"
#include "kh-ui.h"
#include "report/kh-report-data.h"
#include "report/kh-report-project.h"

/* One unit of the group, as the table shows it. */
typedef struct
{
  char *id;
  char *name;
  double score[2]; /* NAN: none */
  int rank[2];     /* 0: not ranked */
  int tier[2];     /* 0: none */
  gboolean has_change;
  int change;      /* rank then − rank now: positive = advanced */
  char *awards;    /* this year's, "" for none */
  double *deltas;  /* the change of each column node's points (NAN: not in both years) */
} CompareRow;

struct _KhCompareView
{
  GtkWidget parent_instance;

  KhResultsTab tab;     /* the document and group followed */
  int from, to;         /* chosen (0: the default) */
  KhCompareFilter filter;
  KhWatermark watermark;
  gboolean syncing;

  /* What shows */
  int shown_from, shown_to;
  KhPlan *plans[2];     /* the two years' plans */
  KhPlan *before_to;    /* the later year's year before, for the explanation (may be NULL) */
  GPtrArray *rows;      /* of CompareRow*, in the later year's rank order */
  GPtrArray *columns;   /* of KhReportNode* (owned by @data): papers and dimensions */
  KhReportData *data;
  KhReportGroup *group; /* of @data */
  GPtrArray *shown;     /* of CompareRow* (borrowed): the rows passing the filter */
  char *explained;
  GArray *years;        /* of int: the project's years, as listed */
  GtkStringList *years_model;
  GtkSizeGroup **size_groups;
  guint n_size_groups;

  GtkDropDown *from_dropdown;
  GtkDropDown *to_dropdown;
  GtkDropDown *filter_dropdown;
  GtkLabel *summary;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  KhChartWidget *chart;
  GtkBox *header;
  GtkListBox *list;
  GtkBox *explanation;
};

G_DEFINE_FINAL_TYPE (KhCompareView, kh_compare_view, GTK_TYPE_WIDGET)

static void
compare_row_free (CompareRow *row)
{
  g_free (row->id);
  g_free (row->name);
  g_free (row->awards);
  g_free (row->deltas);
  g_free (row);
}

/* ---- formatting --------------------------------------------------------------------- */

static char *
signed_points (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (fabs (value) < 0.005)
    return g_strdup ("0.00");
  return g_strdup_printf ("%+.2f", value);
}

static char *
rank_text (int rank)
{
  return rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("—");
}

static char *
change_text (const CompareRow *row)
{
  if (!row->has_change)
    return g_strdup ("—");
  if (row->change == 0)
    return g_strdup ("=");
  return g_strdup_printf (row->change > 0 ? "▲%d" : "▼%d", ABS (row->change));
}

static const char *
tier_text (KhCompareView *self,
           int            tier)
{
  return tier > 0 ? kh_report_group_tier_name (self->group, tier) : "—";
}

static gboolean
passes (KhCompareView    *self,
        const CompareRow *row)
{
  switch (self->filter)
    {
    case KH_COMPARE_ADVANCED:
      return row->has_change && row->change > 0;
    case KH_COMPARE_FELL:
      return row->has_change && row->change < 0;
    case KH_COMPARE_CHANGED_TIER:
      return row->tier[0] > 0 && row->tier[1] > 0 && row->tier[0] != row->tier[1];
    case KH_COMPARE_ALL:
    default:
      return TRUE;
    }
}

/* ---- the plans ---------------------------------------------------------------------- */

static void
clear_shown (KhCompareView *self)
{
  g_clear_pointer (&self->plans[0], kh_plan_unref);
  g_clear_pointer (&self->plans[1], kh_plan_unref);
  g_clear_pointer (&self->before_to, kh_plan_unref);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->shown, 0);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  self->group = NULL;
  g_clear_pointer (&self->data, kh_report_data_unref);
  self->shown_from = self->shown_to = 0;
}

/* @year's plan of the document's category in the UI's language: the document's own for
 * its year (with the edits not yet saved) and the year before it, else computed. The
 * document's plan of the year before holds no contributions of its own last year (issue
 * 22): @explained, the later year, whose changes the explanation attributes, is computed
 * whole when it is the year before. */
static KhPlan *
plan_of_year (KhCompareView *self,
              int            year,
              gboolean       explained,
              GError       **error)
{
  KhDocument *doc = self->tab.document;

  if (year == kh_document_get_year (doc) && kh_document_get_plan (doc) != NULL)
    return kh_plan_ref (kh_document_get_plan (doc));
  if (year == kh_document_get_year (doc) - 1 && !explained
      && kh_document_get_previous_plan (doc) != NULL)
    return kh_plan_ref (kh_document_get_previous_plan (doc));
  return kh_project_compute_category_lang (kh_document_get_project (doc), year,
                                           kh_document_get_category (doc), kh_ui_get_lang (), error);
}

static gboolean
year_listed (KhCompareView *self,
             int            year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return TRUE;
  return FALSE;
}

/* The years chosen, or the document's year and the one before it. */
static void
chosen_years (KhCompareView *self,
              int           *from,
              int           *to)
{
  int year = kh_document_get_year (self->tab.document);

  *to = self->to != 0 && year_listed (self, self->to) ? self->to : year;
  *from = self->from != 0 && year_listed (self, self->from) ? self->from : 0;
  if (*from == 0)
    for (guint i = 0; i < self->years->len; i++)
      if (g_array_index (self->years, int, i) < *to)
        *from = g_array_index (self->years, int, i); /* the latest before @to */
}

static CompareRow *
new_row (KhCompareView *self,
         guint          index)
{
  KhChartUnit *unit = self->group->chart->units->pdata[index];
  KhReportRow *report_row = self->group->rows->pdata[index];
  CompareRow *row = g_new0 (CompareRow, 1);
  guint u1 = kh_plan_find_unit (self->plans[1], unit->id);
  guint u0 = kh_plan_find_unit (self->plans[0], unit->id);

  row->id = g_strdup (unit->id);
  row->name = g_strdup (report_row->name);
  for (int k = 0; k < 2; k++)
    {
      row->score[k] = unit->scores[k];
      row->rank[k] = unit->ranks[k];
      row->tier[k] = unit->tiers[k];
    }
  row->has_change = kh_chart_unit_change (unit, 0, 1, &row->change);
  row->awards = g_strdup (report_row->awards != NULL ? report_row->awards : "");
  row->deltas = g_new (double, MAX (self->columns->len, 1));
  for (guint c = 0; c < self->columns->len; c++)
    {
      const KhReportNode *node = self->columns->pdata[c];
      int n1 = kh_plan_find_node (self->plans[1], node->id);
      int n0 = kh_plan_find_node (self->plans[0], node->id);

      row->deltas[c] = NAN;
      if (n1 >= 0 && n0 >= 0 && u1 != KH_DATASET_NONE && u0 != KH_DATASET_NONE)
        row->deltas[c] = kh_plan_get_contribution (self->plans[1], u1, (guint) n1)
                         - kh_plan_get_contribution (self->plans[0], u0, (guint) n0);
    }
  return row;
}

/* Computes both years and fills self->rows; FALSE with the reason. */
static gboolean
load (KhCompareView *self,
      int            from,
      int            to,
      GError       **error)
{
  int years[2] = { from, to };
  const char *group_id;
  g_autoptr (GArray) order = NULL;

  for (int k = 0; k < 2; k++)
    if ((self->plans[k] = plan_of_year (self, years[k], k == 1, error)) == NULL)
      return FALSE;
  self->before_to = from == to - 1 ? kh_plan_ref (self->plans[0])
                                   : plan_of_year (self, to - 1, FALSE, NULL);
  self->data = kh_report_data_new (to, 2, years);
  kh_report_data_set_lang (self->data, kh_ui_get_lang ());
  if (!kh_report_data_add_plan (self->data, self->plans[1], error)
      || !kh_report_data_add_plan (self->data, self->plans[0], error))
    return FALSE;
  group_id = kh_results_tab_get_group_in (&self->tab, kh_plan_get_framework (self->plans[1]));
  self->group = group_id != NULL ? kh_report_data_find_group (self->data, group_id) : NULL;
  if (self->group == NULL)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE, _("No peer group %s in %d"),
                   group_id != NULL ? group_id : "—", to);
      return FALSE;
    }
  /* The columns: exam papers and dimensions, as the report's profile lists them. */
  self->columns = g_ptr_array_new ();
  for (guint i = 0; i < self->group->nodes->len; i++)
    {
      KhReportNode *node = self->group->nodes->pdata[i];

      if (node->kind != KH_NODE_INDICATOR && node->depth <= 2)
        g_ptr_array_add (self->columns, node);
    }
  for (guint i = 0; i < self->group->chart->units->len; i++)
    g_ptr_array_add (self->rows, new_row (self, i));
  self->shown_from = from;
  self->shown_to = to;
  return TRUE;
}

/* ---- the table ---------------------------------------------------------------------- */

/* GTK 4.8 has no gtk_list_box_remove_all(). */
static void
clear_list (KhCompareView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static GtkWidget *
cell (KhCompareView *self,
      GtkBox        *box,
      guint          column,
      const char    *text,
      gboolean       number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0f : 0.0f);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  if (column < self->n_size_groups)
    gtk_size_group_add_widget (self->size_groups[column], label);
  gtk_box_append (box, label);
  return label;
}

static void
clear_size_groups (KhCompareView *self)
{
  for (guint i = 0; i < self->n_size_groups; i++)
    g_object_unref (self->size_groups[i]);
  g_clear_pointer (&self->size_groups, g_free);
  self->n_size_groups = 0;
}

static void
fill_header (KhCompareView *self)
{
  GtkWidget *child;
  g_autofree char *s0 = g_strdup_printf (_("Score %d"), self->shown_from);
  g_autofree char *s1 = g_strdup_printf (_("Score %d"), self->shown_to);
  g_autofree char *r0 = g_strdup_printf (_("Rank %d"), self->shown_from);
  g_autofree char *r1 = g_strdup_printf (_("Rank %d"), self->shown_to);
  g_autofree char *t0 = g_strdup_printf (_("Tier in %d"), self->shown_from);
  g_autofree char *t1 = g_strdup_printf (_("Tier in %d"), self->shown_to);
  const char *titles[] = { _("Unit"), s0, s1, _("Δ Score"), r0, r1, _("Δ Rank"), t0, t1, _("Award") };
  guint n = G_N_ELEMENTS (titles);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->header))) != NULL)
    gtk_box_remove (self->header, child);
  clear_size_groups (self);
  self->n_size_groups = n + self->columns->len;
  self->size_groups = g_new (GtkSizeGroup *, self->n_size_groups);
  for (guint i = 0; i < self->n_size_groups; i++)
    self->size_groups[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint i = 0; i < n; i++)
    gtk_widget_add_css_class (cell (self, self->header, i, titles[i], i > 0 && i < 7), "heading");
  for (guint c = 0; c < self->columns->len; c++)
    {
      const KhReportNode *node = self->columns->pdata[c];
      /* TRANSLATORS: a column of the year-over-year table: the change of a paper's or a
       * dimension's points, e.g. "Δ 经济发展" */
      g_autofree char *title = g_strdup_printf (_("Δ %s"), node->name);

      gtk_widget_add_css_class (cell (self, self->header, n + c, title, TRUE), "heading");
    }
}

static GtkWidget *
row_widget (KhCompareView    *self,
            const CompareRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *item = gtk_list_box_row_new (), *change;
  g_autofree char *s0 = kh_ui_format_score (row->score[0]);
  g_autofree char *s1 = kh_ui_format_score (row->score[1]);
  g_autofree char *ds = signed_points (row->score[1] - row->score[0]);
  g_autofree char *r0 = rank_text (row->rank[0]);
  g_autofree char *r1 = rank_text (row->rank[1]);
  g_autofree char *dr = change_text (row);
  g_autofree char *description = NULL;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  cell (self, GTK_BOX (box), 0, row->name, FALSE);
  cell (self, GTK_BOX (box), 1, s0, TRUE);
  cell (self, GTK_BOX (box), 2, s1, TRUE);
  cell (self, GTK_BOX (box), 3, ds, TRUE);
  cell (self, GTK_BOX (box), 4, r0, TRUE);
  cell (self, GTK_BOX (box), 5, r1, TRUE);
  change = cell (self, GTK_BOX (box), 6, dr, TRUE);
  if (row->has_change && row->change != 0)
    gtk_widget_add_css_class (change, row->change > 0 ? "kh-up" : "kh-down");
  cell (self, GTK_BOX (box), 7, tier_text (self, row->tier[0]), FALSE);
  cell (self, GTK_BOX (box), 8, tier_text (self, row->tier[1]), FALSE);
  cell (self, GTK_BOX (box), 9, row->awards[0] != '\0' ? row->awards : "—", FALSE);
  for (guint c = 0; c < self->columns->len; c++)
    {
      g_autofree char *delta = signed_points (row->deltas[c]);

      cell (self, GTK_BOX (box), 10 + c, delta, TRUE);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), box);
  /* TRANSLATORS: a row of the year-over-year table for screen readers: unit, rank then,
   * rank now, score then, score now */
  description = g_strdup_printf (_("%s: rank %s → %s, score %s → %s"), row->name, r0, r1, s0, s1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  return item;
}

/* The filtered rows into the list and the chart. */
static void
show_rows (KhCompareView *self)
{
  KhChartData *chart;
  guint advanced = 0, fell = 0;
  g_autofree char *summary = NULL;

  clear_list (self);
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      CompareRow *row = self->rows->pdata[i];

      advanced += row->has_change && row->change > 0;
      fell += row->has_change && row->change < 0;
      if (!passes (self, row))
        continue;
      g_ptr_array_add (self->shown, row);
      gtk_list_box_append (self->list, row_widget (self, row));
    }
  /* The chart: the group's, without the units filtered out. */
  chart = kh_chart_data_new (2, (int[]) { self->shown_from, self->shown_to });
  g_free (chart->title);
  chart->title = g_strdup_printf (_("%s · %d–%d"), self->group->name, self->shown_from, self->shown_to);
  chart->tier_names = g_strdupv (self->group->chart->tier_names);
  chart->year_from = 0;
  chart->year_to = 1;
  chart->watermark = self->watermark;
  for (guint i = 0; i < self->group->chart->units->len; i++)
    {
      const KhChartUnit *src = self->group->chart->units->pdata[i];
      KhChartUnit *unit;

      if (!passes (self, self->rows->pdata[i]))
        continue;
      unit = kh_chart_data_add_unit (chart, src->id, src->label);
      kh_chart_unit_set_short_label (unit, src->short_label);
      for (int k = 0; k < 2; k++)
        {
          unit->ranks[k] = src->ranks[k];
          unit->tiers[k] = src->tiers[k];
          unit->scores[k] = src->scores[k];
          unit->coverage[k] = src->coverage[k];
        }
    }
  kh_chart_widget_set_data (self->chart, chart);
  kh_chart_widget_set_selected (self->chart, self->explained);
  summary = g_strdup_printf (_("%u of %u units shown; %u advanced, %u fell back"), self->shown->len,
                             self->rows->len, advanced, fell);
  gtk_label_set_text (self->summary, summary);
}

/* ---- the explanation ---------------------------------------------------------------- */

static void
show_explanation (KhCompareView *self)
{
  GtkWidget *child;
  guint unit = KH_DATASET_NONE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->explanation))) != NULL)
    gtk_box_remove (self->explanation, child);
  if (self->plans[1] != NULL && self->explained != NULL)
    unit = kh_plan_find_unit (self->plans[1], self->explained);
  if (unit != KH_DATASET_NONE && self->before_to != NULL && self->shown_from != self->shown_to - 1)
    {
      /* The attribution runs from one year to the next: say which. */
      g_autofree char *text = g_strdup_printf (_("The explanation compares %d with %d, the year before it."),
                                               self->shown_to, self->shown_to - 1);
      GtkWidget *note = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (self->explanation, note);
    }
  kh_results_breakdown_fill (self->explanation, self->plans[1], self->before_to, unit, NULL);
}

static void
select_row (KhCompareView *self)
{
  for (guint i = 0; i < self->shown->len; i++)
    if (g_strcmp0 (((CompareRow *) self->shown->pdata[i])->id, self->explained) == 0)
      {
        gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) i));
        return;
      }
  gtk_list_box_unselect_all (self->list);
}

/* ---- refreshing --------------------------------------------------------------------- */

static void
sync_year_dropdowns (KhCompareView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->years_model));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GArray *years = self->tab.document != NULL ? kh_document_get_years (self->tab.document) : NULL;

  g_array_set_size (self->years, 0);
  for (guint i = 0; years != NULL && i < years->len; i++)
    {
      g_array_append_val (self->years, g_array_index (years, int, i));
      g_ptr_array_add (labels, g_strdup_printf ("%d", g_array_index (years, int, i)));
    }
  g_ptr_array_add (labels, NULL);
  self->syncing = TRUE;
  gtk_string_list_splice (self->years_model, 0, n, (const char *const *) labels->pdata);
  for (guint i = 0; i < self->years->len; i++)
    {
      if (g_array_index (self->years, int, i) == self->shown_from)
        gtk_drop_down_set_selected (self->from_dropdown, i);
      if (g_array_index (self->years, int, i) == self->shown_to)
        gtk_drop_down_set_selected (self->to_dropdown, i);
    }
  self->syncing = FALSE;
}

static void
show_empty (KhCompareView *self,
            const char    *reason)
{
  clear_list (self);
  kh_chart_widget_set_data (self->chart, NULL);
  gtk_label_set_text (self->summary, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.print", FALSE);
  kh_results_tab_show_empty (self->stack, self->empty_page, NULL, reason);
}

static void
refresh (KhCompareView *self)
{
  g_autoptr (GError) error = NULL;
  int from = 0, to = 0;

  clear_shown (self);
  if (self->tab.document == NULL || kh_document_get_plan (self->tab.document) == NULL)
    {
      sync_year_dropdowns (self);
      show_empty (self, _("Two years of the category with results are compared here."));
      return;
    }
  sync_year_dropdowns (self);
  chosen_years (self, &from, &to);
  self->shown_from = from;
  self->shown_to = to;
  sync_year_dropdowns (self);
  if (from == 0 || from >= to)
    {
      show_empty (self, _("Choose an earlier year in From than in To."));
      return;
    }
  if (!load (self, from, to, &error))
    {
      clear_shown (self);
      show_empty (self, error->message);
      return;
    }
  fill_header (self);
  show_rows (self);
  select_row (self);
  show_explanation (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.print", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "compare");
}

/* ---- callbacks ---------------------------------------------------------------------- */

/* Every change compares the years again. */
static void
apply_changes (GtkWidget *widget,
               guint      what)
{
  refresh (KH_COMPARE_VIEW (widget));
}

static void
year_selected_cb (KhCompareView *self)
{
  guint from = gtk_drop_down_get_selected (self->from_dropdown);
  guint to = gtk_drop_down_get_selected (self->to_dropdown);

  if (self->syncing || from >= self->years->len || to >= self->years->len)
    return;
  kh_compare_view_set_years (self, g_array_index (self->years, int, from),
                             g_array_index (self->years, int, to));
}

static void
filter_selected_cb (KhCompareView *self)
{
  kh_compare_view_set_filter (self, (KhCompareFilter) gtk_drop_down_get_selected (self->filter_dropdown));
}

static void
row_activated_cb (KhCompareView *self,
                  GtkListBoxRow *item)
{
  int index = gtk_list_box_row_get_index (item);

  if (index >= 0 && (guint) index < self->shown->len)
    kh_compare_view_explain (self, ((CompareRow *) self->shown->pdata[index])->id);
}

static void
chart_activated_cb (KhCompareView *self,
                    const char    *unit_id)
{
  kh_compare_view_explain (self, unit_id);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhCompareView *self = KH_COMPARE_VIEW (widget);

  if (kh_chart_widget_get_data (self->chart) != NULL)
    kh_chart_export_dialog_show (self->chart);
}

static void
print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhCompareView *self = KH_COMPARE_VIEW (widget);
  g_autoptr (GError) error = NULL;
  KhReport *report = kh_compare_view_new_report (self, &error);
  g_autoptr (KhPrintOperation) operation = NULL;

  if (report == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  operation = kh_print_operation_new (report);
  kh_print_operation_run (operation, GTK_WINDOW (gtk_widget_get_root (widget)), FALSE);
}

/* ---- the class ---------------------------------------------------------------------- */

static void
kh_compare_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_compare_view_parent_class)->map (widget);
  kh_results_tab_flush (&KH_COMPARE_VIEW (widget)->tab);
}

static void
kh_compare_view_dispose (GObject *object)
{
  KhCompareView *self = KH_COMPARE_VIEW (object);
  GtkWidget *child;

  kh_results_tab_clear (&self->tab);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_COMPARE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->rows != NULL)
    clear_shown (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_object (&self->years_model);
  g_clear_pointer (&self->explained, g_free);
  clear_size_groups (self);

  G_OBJECT_CLASS (kh_compare_view_parent_class)->dispose (object);
}

static void
kh_compare_view_class_init (KhCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_compare_view_dispose;
  widget_class->map = kh_compare_view_map;

  g_type_ensure (KH_TYPE_CHART_WIDGET);
  gtk_widget_class_install_action (widget_class, "compare.export", NULL, export_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "compare.export", NULL);
  gtk_widget_class_install_action (widget_class, "compare.print", NULL, print_action_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, summary);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, chart);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, header);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, list);
  gtk_widget_class_bind_template_child (widget_class, KhCompareView, explanation);
}

static void
kh_compare_view_init (KhCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kh_results_tab_init (&self->tab, GTK_WIDGET (self), apply_changes, NULL);
  self->tab.pending = KH_CHANGE_YEAR; /* the empty state's words come with the first showing */
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) compare_row_free);
  self->shown = g_ptr_array_new ();
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->years_model = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (self->years_model));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (self->years_model));
  kh_chart_widget_set_chart_type (self->chart, KH_CHART_DUMBBELL);
  g_signal_connect_swapped (self->from_dropdown, "notify::selected", G_CALLBACK (year_selected_cb), self);
  g_signal_connect_swapped (self->to_dropdown, "notify::selected", G_CALLBACK (year_selected_cb), self);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected", G_CALLBACK (filter_selected_cb), self);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->chart, "unit-activated", G_CALLBACK (chart_activated_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.print", FALSE);
}

/* ---- public ------------------------------------------------------------------------- */

void
kh_compare_view_set_document (KhCompareView *self,
                              KhDocument    *document)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  self->from = self->to = 0;
  g_clear_pointer (&self->explained, g_free);
  kh_results_tab_set_document (&self->tab, document);
}

void
kh_compare_view_set_group (KhCompareView *self,
                           const char    *group_id)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));

  kh_results_tab_set_group (&self->tab, group_id, KH_CHANGE_RESULTS);
}

void
kh_compare_view_set_watermark (KhCompareView *self,
                               KhWatermark    mark)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));

  self->watermark = mark;
  kh_chart_widget_set_watermark (self->chart, mark);
}

void
kh_compare_view_set_years (KhCompareView *self,
                           int            from,
                           int            to)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));

  if (self->from == from && self->to == to)
    return;
  self->from = from;
  self->to = to;
  kh_results_tab_changed (&self->tab, KH_CHANGE_RESULTS);
}

void
kh_compare_view_get_years (KhCompareView *self,
                           int           *from,
                           int           *to)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));

  *from = self->shown_from;
  *to = self->shown_to;
}

void
kh_compare_view_set_filter (KhCompareView  *self,
                            KhCompareFilter filter)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));
  g_return_if_fail (filter <= KH_COMPARE_CHANGED_TIER);

  if (gtk_drop_down_get_selected (self->filter_dropdown) != (guint) filter)
    gtk_drop_down_set_selected (self->filter_dropdown, (guint) filter); /* comes back here */
  if (self->filter == filter)
    return;
  self->filter = filter;
  if (self->group != NULL)
    {
      show_rows (self);
      select_row (self);
    }
}

void
kh_compare_view_explain (KhCompareView *self,
                         const char    *unit_id)
{
  g_return_if_fail (KH_IS_COMPARE_VIEW (self));

  if (unit_id != self->explained)
    {
      g_free (self->explained);
      self->explained = g_strdup (unit_id);
    }
  kh_chart_widget_set_selected (self->chart, unit_id);
  select_row (self);
  show_explanation (self);
}

const char *
kh_compare_view_get_explained (KhCompareView *self)
{
  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);

  return self->explained;
}

KhReport *
kh_compare_view_new_report (KhCompareView *self,
                            GError       **error)
{
  g_autoptr (KhReportData) data = NULL;
  KhProject *project;
  KhReportOptions options = { 0 };

  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);

  if (self->group == NULL)
    {
      g_set_error_literal (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID, _("Nothing to compare"));
      return NULL;
    }
  project = kh_document_get_project (self->tab.document);
  data = kh_report_data_load (&project, 1, self->shown_to, self->shown_from, error);
  if (data == NULL)
    return NULL;
  options.kind = KH_REPORT_COMPARE;
  options.orientation = KH_PAGE_PORTRAIT;
  options.category = kh_document_get_category (self->tab.document);
  options.group = self->tab.group_id;
  options.compare_from = self->shown_from;
  options.watermark = self->watermark;
  return kh_report_new (data, &options, error);
}

GtkListBox *
kh_compare_view_get_list (KhCompareView *self)
{
  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);
  return self->list;
}

KhChartWidget *
kh_compare_view_get_chart (KhCompareView *self)
{
  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);
  return self->chart;
}

GtkBox *
kh_compare_view_get_explanation (KhCompareView *self)
{
  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);
  return self->explanation;
}

const char *
kh_compare_view_get_row_unit (KhCompareView *self,
                              guint          index)
{
  g_return_val_if_fail (KH_IS_COMPARE_VIEW (self), NULL);

  if (index >= self->shown->len)
    return NULL;
  return ((CompareRow *) self->shown->pdata[index])->id;
}
