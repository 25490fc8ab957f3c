/* kh-results-view.c — the Results page: ranking table per group and a unit's breakdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-compare.h"
#include "kh-result-row.h"
#include "kh-ui.h"
#include "kh-results-view.h"

typedef enum
{
  COL_RANK,
  COL_UNIT,
  COL_SCORE,
  COL_TIER,
  COL_PREVIOUS,
  COL_CHANGE,
  COL_AWARDS,
} Column;

struct _KhResultsView
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;
  char *group_id;
  char *selected_unit;

  GListStore *store;
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;
  GtkSortListModel *sort_model;
  GtkSingleSelection *selection;
  gboolean refreshing;
  gboolean breakdown_dirty;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkColumnView *column_view;
  GtkBox *breakdown;
};

G_DEFINE_FINAL_TYPE (KhResultsView, kh_results_view, GTK_TYPE_WIDGET)

static char *
format_score (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f", value);
}

/* Cells ------------------------------------------------------------------------------- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_UNIT || column == COL_AWARDS ? 0.0 : 1.0);
  if (column == COL_TIER)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "kh-tier");
    }
  if (column != COL_UNIT && column != COL_AWARDS && column != COL_TIER)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

/* Shows @row's @column in @label. */
static void
show_cell (GtkWidget   *label,
           Column       column,
           KhResultRow *row)
{
  g_autofree char *text = NULL;
  int change = 0;

  switch (column)
    {
    case COL_RANK:
      text = kh_result_row_get_rank (row) > 0 ? g_strdup_printf ("%d", kh_result_row_get_rank (row))
                                              : g_strdup ("—");
      break;
    case COL_UNIT:
      text = g_strdup (kh_result_row_get_name (row));
      kh_widget_set_lazy_tooltip (label, kh_result_row_get_unit_id (row));
      break;
    case COL_SCORE:
      {
        g_autofree char *score = format_score (kh_result_row_get_score (row));
        double coverage = kh_result_row_get_coverage (row);
        g_autofree char *tip = NULL;

        /* incomplete data: marked, never silently re-weighted upwards */
        if (coverage < 1)
          {
            tip = g_strdup_printf (_("Incomplete: %.0f%% of the weight backed by data"),
                                   coverage * 100);
            text = g_strdup_printf ("%s ◔", score);
          }
        else
          text = g_steal_pointer (&score);
        kh_widget_set_lazy_tooltip (label, tip);
      }
      break;
    case COL_TIER:
      for (int t = 1; t <= 4; t++)
        {
          g_autofree char *css = g_strdup_printf ("kh-tier-%d", t);

          if (MIN (kh_result_row_get_tier (row), 4) == t)
            gtk_widget_add_css_class (label, css);
          else
            gtk_widget_remove_css_class (label, css);
        }
      gtk_widget_set_visible (label, kh_result_row_get_tier (row) > 0);
      text = kh_result_row_get_vetoed (row)
               ? g_strdup_printf ("%s ✕", kh_result_row_get_tier_name (row))
               : g_strdup (kh_result_row_get_tier_name (row));
      kh_widget_set_lazy_tooltip (label, kh_result_row_get_vetoed (row)
                                            ? _("Vetoed by a failed binding constraint")
                                            : NULL);
      break;
    case COL_PREVIOUS:
      text = kh_result_row_get_previous_rank (row) > 0
               ? g_strdup_printf ("%d", kh_result_row_get_previous_rank (row))
               : g_strdup ("—");
      break;
    case COL_CHANGE:
      gtk_widget_remove_css_class (label, "kh-up");
      gtk_widget_remove_css_class (label, "kh-down");
      if (!kh_result_row_get_change (row, &change))
        {
          text = g_strdup (_("new"));
          kh_widget_set_lazy_tooltip (label, _("No rank last year"));
        }
      else if (change > 0)
        {
          /* Arrow and sign: readable without colour. */
          text = g_strdup_printf ("▲ %d", change);
          gtk_widget_add_css_class (label, "kh-up");
          kh_widget_set_lazy_tooltip (label, _("Advanced"));
        }
      else if (change < 0)
        {
          text = g_strdup_printf ("▼ %d", -change);
          gtk_widget_add_css_class (label, "kh-down");
          kh_widget_set_lazy_tooltip (label, _("Fell back"));
        }
      else
        {
          text = g_strdup ("= 0");
          kh_widget_set_lazy_tooltip (label, _("Unchanged"));
        }
      break;
    case COL_AWARDS:
      text = g_strdup (kh_result_row_get_awards (row));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
row_changed_cb (KhResultRow *row,
                GtkWidget   *label)
{
  show_cell (label, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-cell-column")),
             row);
}

static void
bind_watch_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  KhResultRow *row = gtk_list_item_get_item (list_item);

  g_object_set_data (G_OBJECT (label), "kh-cell-column", user_data);
  kh_ui_cell_watch (label, row, G_CALLBACK (row_changed_cb));
  show_cell (label, GPOINTER_TO_INT (user_data), row);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  kh_ui_cell_unwatch (gtk_list_item_get_child (list_item));
}

static GtkColumnViewColumn *
add_column (KhResultsView *self,
            Column         column,
            const char    *title,
            const char    *property,
            gboolean       numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkExpression *expression;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_watch_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  expression = gtk_property_expression_new (KH_TYPE_RESULT_ROW, NULL, property);
  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_expand (view_column, column == COL_UNIT || column == COL_AWARDS);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
  return view_column;
}

/* Breakdown --------------------------------------------------------------------------- */

static GtkWidget *
add_section (KhResultsView *self,
             const char    *title,
             const char    *description)
{
  GtkWidget *group = kh_ui_group_new (title, description);

  gtk_box_append (self->breakdown, group);
  return group;
}

static void
add_value_row (GtkWidget  *group,
               const char *title,
               const char *subtitle,
               const char *value,
               const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  kh_ui_row_set_plain (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static const char *
node_name (const KhNode *node)
{
  const char *name = kh_text_get (&node->name, kh_ui_get_lang ());

  return name != NULL ? name : node->id;
}

static int
node_depth (const KhNode *node)
{
  int depth = 0;

  for (const KhNode *n = node->parent; n != NULL; n = n->parent)
    depth++;
  return depth;
}

typedef struct
{
  guint node;
  double key;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->key != y->key)
    return x->key > y->key ? -1 : 1;
  return x->node < y->node ? -1 : (x->node > y->node);
}

static const char *
state_text (KhValueState state)
{
  switch (state)
    {
    case KH_VALUE_MISSING:
      return _("missing, re-weighted");
    case KH_VALUE_NOT_APPLICABLE:
      return _("not applicable");
    case KH_VALUE_IMPUTED:
      return _("imputed");
    case KH_VALUE_ZERO:
      return _("missing, scored zero");
    case KH_VALUE_OK:
    default:
      return NULL;
    }
}

static void
add_indicator_grid (KhResultsView *self,
                    KhPlan        *plan,
                    guint          unit)
{
  GtkWidget *group = add_section (self, _("Indicators"),
                                  _("Raw value, score in points and contribution to the total"));
  GtkWidget *grid = gtk_grid_new ();
  const char *headers[] = { _("Indicator"), _("Raw"), _("Score"), _("Contribution") };
  int line = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "card");
  gtk_widget_add_css_class (grid, "kh-breakdown-grid");
  for (int c = 0; c < 4; c++)
    {
      GtkWidget *label = gtk_label_new (headers[c]);

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0.0 : 1.0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, c, 0, 1, 1);
    }
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      KhValueState state;
      g_autofree char *raw = NULL;
      g_autofree char *score = NULL;
      g_autofree char *contribution = NULL;
      GtkWidget *cells[4];

      if (node->kind != KH_NODE_INDICATOR)
        continue;
      state = kh_plan_get_value_state (plan, unit, n);
      raw = format_score (kh_plan_get_value (plan, unit, n,
                                             node->formula != NULL ? KH_STAGE_DERIVED
                                                                   : KH_STAGE_RAW));
      score = format_score (kh_plan_get_value (plan, unit, n, KH_STAGE_SCORED));
      contribution = format_score (kh_plan_get_contribution (plan, unit, n));
      cells[0] = gtk_label_new (node_name (node));
      cells[1] = gtk_label_new (raw);
      cells[2] = gtk_label_new (score);
      cells[3] = gtk_label_new (contribution);
      gtk_label_set_ellipsize (GTK_LABEL (cells[0]), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (cells[0], TRUE);
      for (int c = 0; c < 4; c++)
        {
          gtk_label_set_xalign (GTK_LABEL (cells[c]), c == 0 ? 0.0 : 1.0);
          if (c > 0)
            gtk_widget_add_css_class (cells[c], "numeric");
          if (state != KH_VALUE_OK)
            {
              gtk_widget_add_css_class (cells[c], "kh-missing");
              kh_widget_set_lazy_tooltip (cells[c], state_text (state));
            }
          gtk_grid_attach (GTK_GRID (grid), cells[c], c, line, 1, 1);
        }
      line++;
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), grid);
}

static void
add_extremes (KhResultsView *self,
              KhPlan        *plan,
              guint          unit)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GtkWidget *strong, *weak;
  guint shown;

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      double score = kh_plan_get_value (plan, unit, n, KH_STAGE_SCORED);
      Ranked r = { n, 0 };

      if (node->kind != KH_NODE_INDICATOR || isnan (score) || !(node->points > 0)
          || kh_plan_get_value_state (plan, unit, n) == KH_VALUE_NOT_APPLICABLE)
        continue;
      r.key = score / node->points;
      g_array_append_val (ranked, r);
    }
  if (ranked->len == 0)
    return;
  g_array_sort (ranked, compare_ranked);
  /* The strongest half and the weakest half, at most three each, never overlapping. */
  shown = MIN (3, (ranked->len + 1) / 2);
  strong = add_section (self, _("Strongest Indicators"), _("Highest share of full points"));
  for (guint i = 0; i < shown; i++)
    {
      const Ranked *best = &g_array_index (ranked, Ranked, i);
      g_autofree char *text = g_strdup_printf ("%.0f %%", best->key * 100);

      add_value_row (strong, node_name (kh_plan_get_node (plan, best->node)), NULL, text,
                     "success");
    }
  shown = MIN (3, ranked->len / 2);
  if (shown == 0)
    return;
  weak = add_section (self, _("Weakest Indicators"), _("Lowest share of full points"));
  for (guint i = 0; i < shown; i++)
    {
      const Ranked *worst = &g_array_index (ranked, Ranked, ranked->len - 1 - i);
      g_autofree char *text = g_strdup_printf ("%.0f %%", worst->key * 100);

      add_value_row (weak, node_name (kh_plan_get_node (plan, worst->node)), NULL, text, "error");
    }
}

/* "a, b; …" of the changes of @kind, NULL when none. */
static char *
framework_changes_text (GArray               *changes,
                        KhFrameworkChangeKind kind)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      const KhFrameworkChange *c = &g_array_index (changes, KhFrameworkChange, i);

      if (c->kind == kind)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                                node_name (c->node != NULL ? c->node : c->old));
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The indicators with the largest @max parts, one row each. */
static void
add_largest_parts (GtkWidget    *group,
                   KhPlan       *plan,
                   const double *parts,
                   guint         max)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      Ranked r = { n, fabs (parts[n]) };

      if (kh_plan_get_node (plan, n)->kind == KH_NODE_INDICATOR && !isnan (parts[n])
          && parts[n] != 0)
        g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < MIN (max, ranked->len); i++)
    {
      guint n = g_array_index (ranked, Ranked, i).node;
      g_autofree char *text = g_strdup_printf ("%s %+.2f", parts[n] >= 0 ? "▲" : "▼", parts[n]);

      add_value_row (group, node_name (kh_plan_get_node (plan, n)), _("contribution"), text,
                     parts[n] > 0 ? "kh-up" : "kh-down");
    }
}

/* Like for like when the framework changed: what changed, the framework's and the
 * unit's own share of the change, the largest indicator moves, and the units passed
 * with what closed each gap (kh-compare.h). */
static void
add_comparison (GtkWidget *group,
                KhPlan    *plan,
                KhPlan    *previous,
                guint      unit)
{
  g_autoptr (GArray) changes = kh_framework_diff (kh_plan_get_framework (previous),
                                                  kh_plan_get_framework (plan));
  g_autoptr (KhPlan) like = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *parts = g_new0 (double, kh_plan_get_n_nodes (plan));
  double change, adjustments, framework, gap;
  static const KhFrameworkChangeKind kinds[] = { KH_FRAMEWORK_ADMITTED, KH_FRAMEWORK_RETIRED,
                                                 KH_FRAMEWORK_REPLACED, KH_FRAMEWORK_REWEIGHTED };
  const char *titles[] = { _("Admitted"), _("Retired"), _("Replaced"), _("Re-weighted") };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *text = framework_changes_text (changes, kinds[k]);

      if (text != NULL)
        add_value_row (group, titles[k], text, _("framework changed"), "warning");
    }
  if (changes->len > 0)
    {
      like = kh_plan_new_like_for_like (kh_plan_get_framework (plan), previous, NULL);
      if (like != NULL)
        kh_plan_compute (like);
    }
  cmp = kh_comparison_new (plan, like);
  if (!kh_comparison_attribute_change (cmp, unit, parts, &adjustments, &framework, &change))
    return;
  if (changes->len > 0)
    {
      g_autofree char *fx = g_strdup_printf ("%+.2f", framework);
      g_autofree char *perf = g_strdup_printf ("%+.2f", change - framework);

      add_value_row (group, _("Framework effect"), _("last year's data under this year's framework"),
                     fx, NULL);
      add_value_row (group, _("Performance effect"), _("this year against that, like for like"),
                     perf, NULL);
    }
  add_largest_parts (group, plan, parts, 3);

  kh_comparison_get_overtakes (cmp, unit, passed, NULL);
  for (guint i = 0; i < MIN (3, passed->len); i++)
    {
      guint v = g_array_index (passed, guint, i);
      KhDataset *ds = kh_plan_get_dataset (plan);
      const char *name = kh_dataset_get_unit_name (ds, v);
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;

      if (!kh_comparison_attribute_gap (cmp, unit, v, parts, &adjustments, &framework, &gap))
        continue;
      title = g_strdup_printf (_("Passed %s"), name != NULL ? name : kh_dataset_get_unit_id (ds, v));
      text = g_strdup_printf ("%+.2f", gap);
      add_value_row (group, title, _("change of the gap; largest parts below"), text, "kh-up");
      add_largest_parts (group, plan, parts, 2);
    }
}

static void
add_changes (KhResultsView *self,
             KhPlan        *plan,
             guint          unit)
{
  GtkWidget *group;
  double previous_total = kh_plan_get_previous_total (plan, unit);
  int change;
  g_autofree char *now = format_score (kh_plan_get_total (plan, unit));
  g_autofree char *before = format_score (previous_total);
  g_autofree char *totals = g_strdup_printf ("%s → %s", before, now);

  if (kh_document_get_previous_plan (self->document) == NULL)
    return;
  group = add_section (self, _("Since Last Year"), _("Total, rank and the largest moves of "
                                                     "indicator contributions"));
  add_value_row (group, _("Total"), NULL, totals, NULL);
  if (kh_plan_get_rank_change (plan, unit, &change))
    {
      g_autofree char *ranks = g_strdup_printf ("%d → %d (%s%d)", kh_plan_get_previous_rank (plan, unit),
                                                kh_plan_get_rank (plan, unit),
                                                change > 0 ? "▲ " : change < 0 ? "▼ " : "= ",
                                                ABS (change));

      add_value_row (group, _("Rank"), NULL, ranks, change > 0 ? "kh-up" : change < 0 ? "kh-down" : NULL);
    }
  else
    add_value_row (group, _("Rank"), _("No rank last year"), "—", NULL);

  add_comparison (group, plan, kh_document_get_previous_plan (self->document), unit);
}

static void
rebuild_breakdown (KhResultsView *self)
{
  KhPlan *plan = self->document != NULL ? kh_document_get_plan (self->document) : NULL;
  guint unit = KH_DATASET_NONE;
  GtkWidget *child;
  GtkWidget *group;

  /* Hidden: built when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->breakdown)))
    {
      self->breakdown_dirty = TRUE;
      return;
    }
  self->breakdown_dirty = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->breakdown))) != NULL)
    gtk_box_remove (self->breakdown, child);
  if (plan != NULL && self->selected_unit != NULL)
    unit = kh_plan_find_unit (plan, self->selected_unit);
  if (plan == NULL || unit == KH_DATASET_NONE || unit >= kh_plan_get_n_units (plan))
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-reveal-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Select a Unit"));
      kh_ui_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Its scores per paper and dimension, every indicator "
                                         "and what changed since last year appear here."));
      gtk_widget_add_css_class (status, "compact");
      gtk_box_append (self->breakdown, status);
      return;
    }

  {
    g_autoptr (KhResultRow) row = kh_result_row_new (plan, unit);
    g_autofree char *total = format_score (kh_plan_get_total (plan, unit));
    g_autofree char *subtitle = NULL;

    if (kh_result_row_get_rank (row) > 0)
      subtitle = g_strdup_printf (_("%s points · rank %d · %s"), total, kh_result_row_get_rank (row),
                                  kh_result_row_get_tier_name (row));
    else
      subtitle = g_strdup_printf (_("%s points · not ranked"), total);
    group = add_section (self, kh_result_row_get_name (row), subtitle);
    gtk_widget_add_css_class (group, "kh-breakdown-title");
  }

  group = add_section (self, _("Papers and Dimensions"), NULL);
  for (guint n = 1; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      g_autofree char *score = NULL;
      g_autofree char *points = NULL;
      g_autofree char *text = NULL;
      g_autofree char *title = NULL;

      if (node->kind == KH_NODE_INDICATOR)
        continue;
      score = format_score (kh_plan_get_node_score (plan, unit, n));
      points = format_score (node->points);
      text = g_strdup_printf (_("%s of %s"), score, points);
      title = g_strdup_printf ("%*s%s", (node_depth (node) - 1) * 4, "", node_name (node));
      add_value_row (group, title, NULL, text, NULL);
    }
  add_indicator_grid (self, plan, unit);
  add_extremes (self, plan, unit);
  add_changes (self, plan, unit);
}

/* Rows -------------------------------------------------------------------------------- */

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  KhResultsView *self = user_data;

  return self->group_id == NULL
         || g_strcmp0 (kh_result_row_get_group (KH_RESULT_ROW (item)), self->group_id) == 0;
}

static guint
find_unit_position (KhResultsView *self,
                    const char    *unit_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; unit_id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (kh_result_row_get_unit_id (row), unit_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The store holds the plan's units in the plan's order: update its rows in place. */
static gboolean
update_rows (KhResultsView *self,
             KhPlan        *plan)
{
  GListModel *store = G_LIST_MODEL (self->store);
  KhDataset *dataset = kh_plan_get_dataset (plan);
  guint n = kh_plan_get_n_units (plan);
  gboolean changed = FALSE;

  if (g_list_model_get_n_items (store) != n || n == 0)
    return FALSE;
  for (guint u = 0; u < n; u++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (store, u);

      if (g_strcmp0 (kh_result_row_get_unit_id (row), kh_dataset_get_unit_id (dataset, u)) != 0)
        return FALSE;
    }
  for (guint u = 0; u < n; u++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (store, u);

      changed |= kh_result_row_update (row, plan, u);
    }
  /* Ranks may have moved: sort again (only moved rows are bound anew). */
  if (changed)
    gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT);
  return TRUE;
}

static void
refresh (KhResultsView *self)
{
  KhPlan *plan = self->document != NULL ? kh_document_get_plan (self->document) : NULL;

  self->refreshing = TRUE;
  if (plan == NULL || !update_rows (self, plan))
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint u = 0; plan != NULL && u < kh_plan_get_n_units (plan); u++)
        g_ptr_array_add (rows, kh_result_row_new (plan, u));
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           rows->pdata, rows->len);
    }
  gtk_single_selection_set_selected (self->selection,
                                     find_unit_position (self, self->selected_unit));
  self->refreshing = FALSE;

  if (plan != NULL)
    gtk_stack_set_visible_child_name (self->stack, "results");
  else
    {
      const char *error = self->document != NULL ? kh_document_get_plan_error (self->document)
                                                 : NULL;

      kh_ui_status_page_set_description (self->empty_page,
                                       error != NULL
                                         ? error
                                         : _("Results appear as soon as the year has a framework "
                                             "and data."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  rebuild_breakdown (self);
}

static void
breakdown_map_cb (KhResultsView *self)
{
  if (self->breakdown_dirty)
    rebuild_breakdown (self);
}

static void
selection_changed_cb (KhResultsView *self)
{
  KhResultRow *row;

  if (self->refreshing)
    return;
  row = gtk_single_selection_get_selected_item (self->selection);
  g_free (self->selected_unit);
  self->selected_unit = row != NULL ? g_strdup (kh_result_row_get_unit_id (row)) : NULL;
  rebuild_breakdown (self);
}

static void
document_changed_cb (KhResultsView *self,
                     guint          what)
{
  if (what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR))
    refresh (self);
}

void
kh_results_view_set_document (KhResultsView *self,
                              KhDocument    *document)
{
  g_return_if_fail (KH_IS_RESULTS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  g_clear_pointer (&self->selected_unit, g_free);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  refresh (self);
}

void
kh_results_view_set_group (KhResultsView *self,
                           const char    *group_id)
{
  g_return_if_fail (KH_IS_RESULTS_VIEW (self));

  if (g_strcmp0 (self->group_id, group_id) == 0)
    return;
  g_free (self->group_id);
  self->group_id = g_strdup (group_id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GListModel *
kh_results_view_get_rows (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

gboolean
kh_results_view_select_unit (KhResultsView *self,
                             const char    *unit_id)
{
  guint position;

  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), FALSE);

  position = find_unit_position (self, unit_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

static void
kh_results_view_dispose (GObject *object)
{
  KhResultsView *self = KH_RESULTS_VIEW (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_RESULTS_VIEW);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->selected_unit, g_free);

  G_OBJECT_CLASS (kh_results_view_parent_class)->dispose (object);
}

static void
kh_results_view_class_init (KhResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_results_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, breakdown);
}

static void
kh_results_view_init (KhResultsView *self)
{
  GtkColumnViewColumn *rank_column;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (KH_TYPE_RESULT_ROW);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (self->filter));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  rank_column = add_column (self, COL_RANK, _("Rank"), "rank-key", TRUE);
  add_column (self, COL_UNIT, _("Unit"), "name", FALSE);
  add_column (self, COL_SCORE, _("Score"), "score", TRUE);
  add_column (self, COL_TIER, _("Tier"), "tier-key", TRUE);
  add_column (self, COL_PREVIOUS, _("Last Year"), "previous-rank-key", TRUE);
  add_column (self, COL_CHANGE, _("Change"), "change-key", TRUE);
  add_column (self, COL_AWARDS, _("Awards"), "awards", FALSE);
  gtk_column_view_sort_by_column (self->column_view, rank_column, GTK_SORT_ASCENDING);
  g_signal_connect_swapped (self->breakdown, "map", G_CALLBACK (breakdown_map_cb), self);

  refresh (self);
}
