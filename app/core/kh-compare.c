/* kh-compare.c — comparing a year with the one before
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the engine's public functions are used here: a unit's contributions come from
 * kh_plan_get_contribution() (this year, and the like-for-like plan) or
 * kh_plan_get_previous_contribution() (last year, same framework).
 */
#include "config.h"

#include <math.h>

#include "kh-compare.h"

struct _KhComparison
{
  KhPlan *current;
  KhPlan *like; /* NULL: same framework */
  double *now;  /* n_nodes scratch: contributions of one unit this year */
  double *then; /* n_nodes scratch: last year's (like-for-like) */
};

/* ---- the framework's changes ---------------------------------------------------- */

static gboolean
in_year (const KhNode *node,
         int           year)
{
  for (; node != NULL; node = node->parent)
    if ((node->from_year != 0 && year < node->from_year)
        || (node->until_year != 0 && year > node->until_year))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GPtrArray *nodes;
  int year;
} Indicators;

static gboolean
collect_cb (KhNode  *node,
            gpointer user_data)
{
  Indicators *ind = user_data;

  if (node->kind == KH_NODE_INDICATOR && in_year (node, ind->year))
    g_ptr_array_add (ind->nodes, node);
  return TRUE;
}

static GPtrArray *
indicators_of (KhFramework *fw)
{
  Indicators ind = { g_ptr_array_new (), fw->year };

  kh_framework_foreach_node (fw, collect_cb, &ind);
  return ind.nodes;
}

static const KhNode *
find_in (GPtrArray  *nodes,
         const char *id)
{
  for (guint i = 0; id != NULL && i < nodes->len; i++)
    if (g_strcmp0 (((const KhNode *) nodes->pdata[i])->id, id) == 0)
      return nodes->pdata[i];
  return NULL;
}

GArray *
kh_framework_diff (KhFramework *earlier,
                   KhFramework *later)
{
  g_autoptr (GPtrArray) old = NULL;
  g_autoptr (GPtrArray) now = NULL;
  g_autoptr (GHashTable) continued = g_hash_table_new (NULL, NULL);
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (KhFrameworkChange));

  g_return_val_if_fail (earlier != NULL, changes);
  g_return_val_if_fail (later != NULL, changes);

  old = indicators_of (earlier);
  now = indicators_of (later);
  for (guint i = 0; i < now->len; i++)
    {
      const KhNode *node = now->pdata[i];
      const KhNode *same = find_in (old, node->id);
      const KhNode *prior = same != NULL ? NULL : find_in (old, node->replaces);
      KhFrameworkChange change = { KH_FRAMEWORK_ADMITTED, node, NULL };

      if (same != NULL)
        {
          g_hash_table_add (continued, (gpointer) same);
          if (same->points == node->points && same->weight == node->weight)
            continue;
          change.kind = KH_FRAMEWORK_REWEIGHTED;
          change.old = same;
        }
      else if (prior != NULL)
        {
          g_hash_table_add (continued, (gpointer) prior);
          change.kind = KH_FRAMEWORK_REPLACED;
          change.old = prior;
        }
      g_array_append_val (changes, change);
    }
  for (guint i = 0; i < old->len; i++)
    if (!g_hash_table_contains (continued, old->pdata[i]))
      {
        KhFrameworkChange change = { KH_FRAMEWORK_RETIRED, NULL, old->pdata[i] };

        g_array_append_val (changes, change);
      }
  return changes;
}

/* ---- comparison ----------------------------------------------------------------- */

KhComparison *
kh_comparison_new (KhPlan *current,
                   KhPlan *like)
{
  KhComparison *self;
  guint n;

  g_return_val_if_fail (current != NULL, NULL);

  self = g_new0 (KhComparison, 1);
  self->current = kh_plan_ref (current);
  self->like = like != NULL ? kh_plan_ref (like) : NULL;
  n = MAX (kh_plan_get_n_nodes (current), 1);
  self->now = g_new0 (double, n);
  self->then = g_new0 (double, n);
  return self;
}

void
kh_comparison_free (KhComparison *self)
{
  if (self == NULL)
    return;
  kh_plan_unref (self->current);
  g_clear_pointer (&self->like, kh_plan_unref);
  g_free (self->now);
  g_free (self->then);
  g_free (self);
}

/* The like-for-like plan's index of @unit's predecessor, or KH_DATASET_NONE. */
static guint
like_unit (KhComparison *self,
           guint         unit)
{
  const char *id = kh_plan_get_previous_unit_id (self->current, unit);

  return self->like != NULL && id != NULL ? kh_plan_find_unit (self->like, id) : KH_DATASET_NONE;
}

/* Last year's total of @unit as compared: like-for-like, or as it was. */
static double
then_total (KhComparison *self,
            guint         unit)
{
  guint p;

  if (self->like == NULL)
    return kh_plan_get_previous_total (self->current, unit);
  p = like_unit (self, unit);
  return p != KH_DATASET_NONE ? kh_plan_get_total (self->like, p) : NAN;
}

gboolean
kh_comparison_get_change (KhComparison *self,
                          guint         unit,
                          double       *change,
                          double       *framework,
                          double       *performance)
{
  double now, before, like;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit < kh_plan_get_n_units (self->current), FALSE);

  now = kh_plan_get_total (self->current, unit);
  before = kh_plan_get_previous_total (self->current, unit);
  like = then_total (self, unit);
  if (isnan (now) || isnan (before) || isnan (like))
    return FALSE;
  if (change != NULL)
    *change = now - before;
  if (framework != NULL)
    *framework = like - before;
  if (performance != NULL)
    *performance = now - like;
  return TRUE;
}

/* Contributions of @unit this year into @now and last year (like-for-like) into @then;
 * returns the adjustments this year minus last year's, NaN when a score is missing. */
static double
unit_parts (KhComparison *self,
            guint         unit,
            double       *now,
            double       *then)
{
  KhPlan *cur = self->current;
  guint n_nodes = kh_plan_get_n_nodes (cur);
  double root_now = kh_plan_get_node_score (cur, unit, 0);
  double root_then, total_then;

  for (guint n = 0; n < n_nodes; n++)
    now[n] = kh_plan_get_contribution (cur, unit, n);
  if (self->like != NULL)
    {
      guint p = like_unit (self, unit);

      if (p == KH_DATASET_NONE)
        return NAN;
      for (guint n = 0; n < n_nodes; n++)
        then[n] = kh_plan_get_contribution (self->like, p, n);
      root_then = kh_plan_get_node_score (self->like, p, 0);
      total_then = kh_plan_get_total (self->like, p);
    }
  else
    {
      for (guint n = 0; n < n_nodes; n++)
        then[n] = kh_plan_get_previous_contribution (cur, unit, n);
      root_then = then[0];
      total_then = kh_plan_get_previous_total (cur, unit);
    }
  if (isnan (root_now) || isnan (root_then))
    return NAN;
  return (kh_plan_get_total (cur, unit) - root_now) - (total_then - root_then);
}

gboolean
kh_comparison_attribute_change (KhComparison *self,
                                guint         unit,
                                double       *node_parts,
                                double       *adjustments,
                                double       *framework,
                                double       *change)
{
  KhPlan *cur;
  double adjust, now, before, then;

  g_return_val_if_fail (self != NULL, FALSE);
  cur = self->current;
  g_return_val_if_fail (unit < kh_plan_get_n_units (cur), FALSE);

  now = kh_plan_get_total (cur, unit);
  before = kh_plan_get_previous_total (cur, unit);
  then = then_total (self, unit);
  if (isnan (now) || isnan (before) || isnan (then))
    return FALSE;
  adjust = unit_parts (self, unit, self->now, self->then);
  if (isnan (adjust))
    return FALSE;
  if (node_parts != NULL)
    for (guint n = 0; n < kh_plan_get_n_nodes (cur); n++)
      node_parts[n] = self->now[n] - self->then[n];
  if (adjustments != NULL)
    *adjustments = adjust;
  if (framework != NULL)
    *framework = then - before;
  if (change != NULL)
    *change = now - before;
  return TRUE;
}

gboolean
kh_comparison_attribute_gap (KhComparison *self,
                             guint         unit,
                             guint         other,
                             double       *node_parts,
                             double       *adjustments,
                             double       *framework,
                             double       *gap_change)
{
  KhPlan *cur;
  guint n_nodes;
  double adjust_u, adjust_v;
  double before_u, before_v, then_u, then_v, now_u, now_v;

  g_return_val_if_fail (self != NULL, FALSE);
  cur = self->current;
  g_return_val_if_fail (unit < kh_plan_get_n_units (cur), FALSE);
  g_return_val_if_fail (other < kh_plan_get_n_units (cur), FALSE);

  n_nodes = kh_plan_get_n_nodes (cur);
  now_u = kh_plan_get_total (cur, unit);
  now_v = kh_plan_get_total (cur, other);
  before_u = kh_plan_get_previous_total (cur, unit);
  before_v = kh_plan_get_previous_total (cur, other);
  then_u = then_total (self, unit);
  then_v = then_total (self, other);
  if (isnan (now_u) || isnan (now_v) || isnan (before_u) || isnan (before_v) || isnan (then_u)
      || isnan (then_v))
    return FALSE;

  /* one unit at a time: the plans cache one unit's contributions */
  adjust_u = unit_parts (self, unit, self->now, self->then);
  if (node_parts != NULL)
    for (guint n = 0; n < n_nodes; n++)
      node_parts[n] = self->now[n] - self->then[n];
  adjust_v = unit_parts (self, other, self->now, self->then);
  if (isnan (adjust_u) || isnan (adjust_v))
    return FALSE;
  if (node_parts != NULL)
    for (guint n = 0; n < n_nodes; n++)
      node_parts[n] -= self->now[n] - self->then[n];
  if (adjustments != NULL)
    *adjustments = adjust_u - adjust_v;
  if (framework != NULL)
    *framework = (then_u - then_v) - (before_u - before_v);
  if (gap_change != NULL)
    *gap_change = (now_u - now_v) - (before_u - before_v);
  return TRUE;
}

void
kh_comparison_get_overtakes (KhComparison *self,
                             guint         unit,
                             GArray       *passed,
                             GArray       *passed_by)
{
  KhPlan *cur;
  int rank, before;
  KhGroup *group;

  g_return_if_fail (self != NULL);
  cur = self->current;
  g_return_if_fail (unit < kh_plan_get_n_units (cur));

  rank = kh_plan_get_rank (cur, unit);
  before = kh_plan_get_previous_rank (cur, unit);
  group = kh_plan_get_unit_group (cur, unit);
  if (rank == 0 || before == 0)
    return;
  for (guint v = 0; v < kh_plan_get_n_units (cur); v++)
    {
      int rank_v = kh_plan_get_rank (cur, v);
      int before_v = kh_plan_get_previous_rank (cur, v);

      if (v == unit || rank_v == 0 || before_v == 0 || kh_plan_get_unit_group (cur, v) != group)
        continue;
      if (before_v < before && rank_v > rank && passed != NULL)
        g_array_append_val (passed, v);
      else if (before_v > before && rank_v < rank && passed_by != NULL)
        g_array_append_val (passed_by, v);
    }
}
