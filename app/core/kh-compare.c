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
#include <stdlib.h>

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

/* ---- every unit's overtakes at once --------------------------------------------- */

struct _KhOvertakes
{
  guint n_units;
  guint limit;
  /* 2 per unit (passed, passed by): how many in all, where and how many are listed */
  guint *count;
  guint *start;
  guint *listed;
  GArray *units; /* of guint: the listed units, unit after unit */
};

typedef struct
{
  guint unit;
  guint group; /* the group's number in order of first appearance */
  int rank;
  int before;
} Standing;

/* By group, then rank, then unit: a group's positions in rank order. */
static int
by_group_rank (const void *a,
               const void *b)
{
  const Standing *x = a, *y = b;

  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

typedef struct
{
  const Standing *s;
  guint pos;
} Swept;

static int
by_before (const void *a,
           const void *b)
{
  const Swept *x = a, *y = b;

  if (x->s->before != y->s->before)
    return x->s->before < y->s->before ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Bottom-up segment trees over a group's positions in rank order: the smallest unit
 * index present (G_MAXUINT: none) and how many are present. */
typedef struct
{
  guint m;
  guint *min;
  guint *n;
} Tree;

static void
tree_set (Tree *t,
          guint pos,
          guint unit,
          guint present)
{
  guint i = pos + t->m;

  t->min[i] = unit;
  t->n[i] = present;
  for (i >>= 1; i >= 1; i >>= 1)
    {
      t->min[i] = MIN (t->min[2 * i], t->min[2 * i + 1]);
      t->n[i] = t->n[2 * i] + t->n[2 * i + 1];
    }
}

/* The smallest unit in positions [@l, @r), *@count the units there. */
static guint
tree_query (Tree  *t,
            guint  l,
            guint  r,
            guint *count)
{
  guint best = G_MAXUINT, n = 0;

  for (l += t->m, r += t->m; l < r; l >>= 1, r >>= 1)
    {
      if (l & 1)
        {
          best = MIN (best, t->min[l]);
          n += t->n[l];
          l++;
        }
      if (r & 1)
        {
          r--;
          best = MIN (best, t->min[r]);
          n += t->n[r];
        }
    }
  if (count != NULL)
    *count = n;
  return best;
}

/* Lists in @self, as @kind (0: passed, 1: passed by) of @s->unit, the units present in
 * positions [@l, @r) of @t: how many, and the first limit of them by unit index (each taken
 * out of the tree while the next is sought, then put back). @pos_of: each unit's position
 * in @group. */
static void
list_range (KhOvertakes    *self,
            Tree           *t,
            const Standing *group,
            const guint    *pos_of,
            const Standing *s,
            guint           kind,
            guint           l,
            guint           r,
            guint          *taken)
{
  guint slot = 2 * s->unit + kind;
  guint n_taken = 0;

  if (l >= r)
    return;
  tree_query (t, l, r, &self->count[slot]);
  self->start[slot] = self->units->len;
  while (n_taken < self->limit && n_taken < self->count[slot])
    {
      guint v = tree_query (t, l, r, NULL);
      guint p;

      g_assert (v != G_MAXUINT);
      p = pos_of[v];
      g_array_append_val (self->units, v);
      taken[n_taken++] = p;
      tree_set (t, p, G_MAXUINT, 1);
    }
  self->listed[slot] = n_taken;
  for (guint i = 0; i < n_taken; i++)
    tree_set (t, taken[i], group[taken[i]].unit, 1);
}

/* The first position of @group[0..@m) (by rank) ranked after @rank, @m when none is. */
static guint
first_ranked_after (const Standing *group,
                    guint           m,
                    int             rank)
{
  guint lo = 0, hi = m;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (group[mid].rank <= rank)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The overtakes within one group: @group[0..@m) its standings by rank, @sweep scratch. */
static void
group_overtakes (KhOvertakes    *self,
                 const Standing *group,
                 guint           m,
                 const guint    *pos_of,
                 Swept          *sweep,
                 Tree           *t,
                 guint          *taken)
{
  t->m = m;
  for (guint i = 0; i < m; i++)
    sweep[i] = (Swept) { &group[i], i };
  qsort (sweep, m, sizeof (Swept), by_before);

  /* Passed: better last year (before_v < before), worse now (rank_v > rank). Last year's
   * standings ascending; a tie of last year's ranks is queried before any of it enters. */
  for (guint i = 0; i < 2 * m; i++)
    {
      t->min[i] = G_MAXUINT;
      t->n[i] = 0;
    }
  for (guint i = 0; i < m;)
    {
      guint e = i;

      while (e < m && sweep[e].s->before == sweep[i].s->before)
        e++;
      for (guint k = i; k < e; k++)
        {
          const Standing *s = sweep[k].s;

          /* from the first position ranked worse now */
          list_range (self, t, group, pos_of, s, 0, first_ranked_after (group, m, s->rank), m, taken);
        }
      for (guint k = i; k < e; k++)
        tree_set (t, sweep[k].pos, sweep[k].s->unit, 1);
      i = e;
    }

  /* Passed by: worse last year, better now; last year's standings descending. */
  for (guint i = 0; i < 2 * m; i++)
    {
      t->min[i] = G_MAXUINT;
      t->n[i] = 0;
    }
  for (guint i = m; i > 0;)
    {
      guint b = i;

      while (b > 0 && sweep[b - 1].s->before == sweep[i - 1].s->before)
        b--;
      for (guint k = b; k < i; k++)
        {
          const Standing *s = sweep[k].s;

          /* the positions ranked better now */
          list_range (self, t, group, pos_of, s, 1, 0, first_ranked_after (group, m, s->rank - 1), taken);
        }
      for (guint k = b; k < i; k++)
        tree_set (t, sweep[k].pos, sweep[k].s->unit, 1);
      i = b;
    }
}

KhOvertakes *
kh_comparison_get_all_overtakes (KhComparison *self,
                                 guint         limit)
{
  KhOvertakes *ov;
  KhPlan *cur;
  guint n, n_standings = 0;
  g_autoptr (GHashTable) groups = g_hash_table_new (NULL, NULL);
  g_autofree Standing *standings = NULL;
  g_autofree guint *pos_of = NULL;
  g_autofree Swept *sweep = NULL;
  g_autofree guint *taken = NULL;
  Tree t = { 0, NULL, NULL };

  g_return_val_if_fail (self != NULL, NULL);
  cur = self->current;
  n = kh_plan_get_n_units (cur);

  ov = g_new0 (KhOvertakes, 1);
  ov->n_units = n;
  ov->limit = limit;
  ov->count = g_new0 (guint, 2 * (gsize) MAX (n, 1));
  ov->start = g_new0 (guint, 2 * (gsize) MAX (n, 1));
  ov->listed = g_new0 (guint, 2 * (gsize) MAX (n, 1));
  ov->units = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The units ranked in both years, by group (numbered as they come), rank, unit. */
  standings = g_new (Standing, MAX (n, 1));
  for (guint u = 0; u < n; u++)
    {
      int rank = kh_plan_get_rank (cur, u);
      int before = kh_plan_get_previous_rank (cur, u);
      KhGroup *group = kh_plan_get_unit_group (cur, u);
      gpointer number;

      if (rank == 0 || before == 0)
        continue;
      if (!g_hash_table_lookup_extended (groups, group, NULL, &number))
        {
          number = GUINT_TO_POINTER (g_hash_table_size (groups));
          g_hash_table_insert (groups, group, number);
        }
      standings[n_standings++] = (Standing) { u, GPOINTER_TO_UINT (number), rank, before };
    }
  qsort (standings, n_standings, sizeof (Standing), by_group_rank);

  pos_of = g_new (guint, MAX (n, 1));
  sweep = g_new (Swept, MAX (n_standings, 1));
  t.min = g_new (guint, 2 * (gsize) MAX (n_standings, 1));
  t.n = g_new (guint, 2 * (gsize) MAX (n_standings, 1));
  taken = g_new (guint, MAX (MIN (limit, n_standings), 1));
  for (guint lo = 0; lo < n_standings;)
    {
      guint hi = lo;

      while (hi < n_standings && standings[hi].group == standings[lo].group)
        {
          pos_of[standings[hi].unit] = hi - lo;
          hi++;
        }
      group_overtakes (ov, standings + lo, hi - lo, pos_of, sweep, &t, taken);
      lo = hi;
    }
  g_free (t.min);
  g_free (t.n);
  return ov;
}

void
kh_overtakes_free (KhOvertakes *self)
{
  if (self == NULL)
    return;
  g_free (self->count);
  g_free (self->start);
  g_free (self->listed);
  g_array_unref (self->units);
  g_free (self);
}

void
kh_overtakes_get (KhOvertakes *self,
                  guint        unit,
                  GArray      *passed,
                  GArray      *passed_by,
                  guint       *n_passed,
                  guint       *n_passed_by)
{
  GArray *out[2] = { passed, passed_by };
  guint *n_out[2] = { n_passed, n_passed_by };

  g_return_if_fail (self != NULL);
  g_return_if_fail (unit < self->n_units);

  for (guint k = 0; k < 2; k++)
    {
      guint slot = 2 * unit + k;

      if (out[k] != NULL && self->listed[slot] > 0)
        g_array_append_vals (out[k], &g_array_index (self->units, guint, self->start[slot]),
                             self->listed[slot]);
      if (n_out[k] != NULL)
        *n_out[k] = self->count[slot];
    }
}
