/* kh-results-breakdown.c — a unit's breakdown beside the ranking on the Results page:
 * papers and dimensions, every indicator, strengths and weaknesses, and what changed
 * since last year (like for like, framework and performance effects, units passed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-compare.h"
#include "core/kh-weighting.h"
#include "io/kh-framework-xml.h"
#include "kh-result-row.h"
#include "kh-results-breakdown.h"
#include "kh-ui.h"

/* Like-for-like plans kept ---------------------------------------------------------- */

struct _KhLikeCache
{
  KhPlan *previous;       /* last year's plan the like-for-like plan scores (a reference) */
  KhFramework *framework; /* the framework it is of (a reference) */
  char *key;              /* that framework's canonical text, every weight 0 */
  KhPlan *like;           /* computed, or NULL */
  guint n_made;
  guint n_reweighted;
};

KhLikeCache *
kh_like_cache_new (void)
{
  return g_new0 (KhLikeCache, 1);
}

static void
like_cache_clear (KhLikeCache *self)
{
  g_clear_pointer (&self->previous, kh_plan_unref);
  g_clear_pointer (&self->framework, kh_framework_unref);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->like, kh_plan_unref);
}

void
kh_like_cache_free (KhLikeCache *self)
{
  if (self == NULL)
    return;
  like_cache_clear (self);
  g_free (self);
}

static gboolean
clear_weight (KhNode  *node,
              gpointer user_data)
{
  node->weight = 0;
  g_clear_pointer (&node->weighting, kh_weighting_free);
  return TRUE;
}

/* What the like-for-like plan depends on in @fw but its weights (and how they were
 * obtained): the framework as its file says it, every weight 0. */
static char *
weightless_text (KhFramework *fw)
{
  g_autoptr (KhFramework) copy = kh_framework_copy (fw);

  kh_framework_foreach_node (copy, clear_weight, NULL);
  return kh_framework_xml_to_string (copy);
}

KhPlan *
kh_like_cache_get (KhLikeCache *self,
                   KhPlan      *plan,
                   KhPlan      *previous)
{
  KhFramework *fw;
  g_autofree char *key = NULL;
  g_autoptr (KhPlan) like = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (plan != NULL && previous != NULL, NULL);

  fw = kh_plan_get_framework (plan);
  if (self->previous == previous && self->framework == fw)
    return self->like;
  key = weightless_text (fw);
  /* Only weights changed: re-weighted, bit for bit the plan made whole
   * (kh-engine-reweight.c), in a fraction of the time. */
  if (self->like != NULL && self->previous == previous && g_strcmp0 (key, self->key) == 0)
    {
      like = kh_plan_reweight (self->like, fw, NULL);
      if (like != NULL)
        self->n_reweighted++;
    }
  if (like == NULL)
    {
      like = kh_plan_new_like_for_like (fw, previous, NULL);
      if (like != NULL)
        {
          kh_plan_compute (like);
          self->n_made++;
        }
    }
  like_cache_clear (self);
  self->previous = kh_plan_ref (previous);
  self->framework = kh_framework_ref (fw);
  self->key = g_steal_pointer (&key);
  self->like = g_steal_pointer (&like);
  return self->like;
}

guint
kh_like_cache_get_n_made (KhLikeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_made;
}

guint
kh_like_cache_get_n_reweighted (KhLikeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_reweighted;
}

/* The breakdown ------------------------------------------------------------------------ */

static GtkWidget *
add_section (GtkBox     *box,
             const char *title,
             const char *description)
{
  GtkWidget *group = kh_ui_group_new (title, description);

  gtk_box_append (box, group);
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
add_indicator_grid (GtkBox        *box,
                    KhPlan        *plan,
                    guint          unit)
{
  GtkWidget *group = add_section (box, _("Indicators"),
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
      raw = kh_ui_format_score (kh_plan_get_value (plan, unit, n,
                                             node->formula != NULL ? KH_STAGE_DERIVED
                                                                   : KH_STAGE_RAW));
      score = kh_ui_format_score (kh_plan_get_value (plan, unit, n, KH_STAGE_SCORED));
      contribution = kh_ui_format_score (kh_plan_get_contribution (plan, unit, n));
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
add_extremes (GtkBox        *box,
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
  strong = add_section (box, _("Strongest Indicators"), _("Highest share of full points"));
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
  weak = add_section (box, _("Weakest Indicators"), _("Lowest share of full points"));
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
add_comparison (GtkWidget   *group,
                KhPlan      *plan,
                KhPlan      *previous,
                guint        unit,
                KhLikeCache *cache)
{
  g_autoptr (GArray) changes = kh_framework_diff (kh_plan_get_framework (previous),
                                                  kh_plan_get_framework (plan));
  g_autoptr (KhLikeCache) own = cache == NULL ? kh_like_cache_new () : NULL;
  KhPlan *like = NULL;
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
    like = kh_like_cache_get (cache != NULL ? cache : own, plan, previous);
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
add_changes (GtkBox      *box,
             KhPlan      *plan,
             KhPlan      *previous,
             guint        unit,
             KhLikeCache *cache)
{
  GtkWidget *group;
  double previous_total = kh_plan_get_previous_total (plan, unit);
  int change;
  g_autofree char *now = kh_ui_format_score (kh_plan_get_total (plan, unit));
  g_autofree char *before = kh_ui_format_score (previous_total);
  g_autofree char *totals = g_strdup_printf ("%s → %s", before, now);

  if (previous == NULL)
    return;
  group = add_section (box, _("Since Last Year"), _("Total, rank and the largest moves of "
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
  {
    /* A renamed, merged, split, new or transferred unit: "merged from 崇川区, 港闸区; …" */
    g_autofree char *continuity =
      kh_plan_describe_continuity (plan, unit, kh_plan_get_dataset (previous));

    if (continuity != NULL)
      add_value_row (group, _("Last Year's Units"), continuity, "", NULL);
  }

  add_comparison (group, plan, previous, unit, cache);
}

void
kh_results_breakdown_fill (GtkBox      *box,
                           KhPlan      *plan,
                           KhPlan      *previous,
                           guint        unit,
                           KhLikeCache *cache)
{
  GtkWidget *group;

  g_return_if_fail (GTK_IS_BOX (box));

  if (plan == NULL || unit == KH_DATASET_NONE || unit >= kh_plan_get_n_units (plan))
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-reveal-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Select a Unit"));
      kh_ui_status_page_set_description (ADW_STATUS_PAGE (status),
                                         _("Its scores per paper and dimension, every indicator "
                                             "and what changed since last year appear here."));
      gtk_widget_add_css_class (status, "compact");
      gtk_box_append (box, status);
      return;
    }

  {
    g_autoptr (KhResultRow) row = kh_result_row_new (plan, unit);
    g_autofree char *total = kh_ui_format_score (kh_plan_get_total (plan, unit));
    g_autofree char *subtitle = NULL;

    if (kh_result_row_get_rank (row) > 0)
      subtitle = g_strdup_printf (_("%s points · rank %d · %s"), total, kh_result_row_get_rank (row),
                                  kh_result_row_get_tier_name (row));
    else
      subtitle = g_strdup_printf (_("%s points · not ranked"), total);
    group = add_section (box, kh_result_row_get_name (row), subtitle);
    gtk_widget_add_css_class (group, "kh-breakdown-title");
  }

  group = add_section (box, _("Papers and Dimensions"), NULL);
  for (guint n = 1; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      g_autofree char *score = NULL;
      g_autofree char *points = NULL;
      g_autofree char *text = NULL;
      g_autofree char *title = NULL;

      if (node->kind == KH_NODE_INDICATOR)
        continue;
      score = kh_ui_format_score (kh_plan_get_node_score (plan, unit, n));
      points = kh_ui_format_score (node->points);
      text = g_strdup_printf (_("%s of %s"), score, points);
      title = g_strdup_printf ("%*s%s", (node_depth (node) - 1) * 4, "", node_name (node));
      add_value_row (group, title, NULL, text, NULL);
    }
  add_indicator_grid (box, plan, unit);
  add_extremes (box, plan, unit);
  add_changes (box, plan, previous, unit, cache);
}

