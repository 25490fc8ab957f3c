/* kh-engine-previous.c — step 9: what each unit is compared with last year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compiling (kh_engine_link_previous): the standings of last year that the rank change
 * counts against — the previous plan's (`baseline="recomputed"`, the default) or the
 * published ones the dataset carries (`baseline="published"`) — and per unit the
 * predecessor whose standing it takes (data/schema/README.md, "Rank change"): itself;
 * the unit it was renamed from; for a merger the best or the first of the units it
 * continues, or none (`merged-rank`); for a part of a split the unit it split from, or
 * none (`split-rank`). A predecessor that stood in another peer group (a transfer) gives
 * no previous rank: ranks of different groups do not compare.
 *
 * Computing (kh_engine_compare, per group, no allocation): the units compared in both
 * years are those of the group with a previous rank and a rank this year. Each has a
 * rank among them last year (by last year's ranks) and this year (by this year's); the
 * rank change is the first minus the second: the number of compared units it passed
 * minus the number that passed it. When last year's group and this year's are the same
 * units, that is the previous rank minus the rank.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-engine-private.h"
#include "kh-engine-sort.h"
#include "kh-formula.h"
#include "kh-problem.h"

static KhBaseline *
baseline_from_plan (KhPlan *prev)
{
  KhBaseline *baseline = kh_baseline_new (kh_dataset_get_year (prev->dataset), FALSE);

  if (!prev->computed)
    kh_plan_compute (prev);
  for (guint u = 0; u < prev->n_units; u++)
    {
      KhGroup *group = kh_plan_get_unit_group (prev, u);
      g_autoptr (GString) awards = g_string_new (NULL);

      for (guint a = 0; group != NULL && a < group->awards->len; a++)
        if (kh_plan_has_award (prev, u, a))
          g_string_append_printf (awards, "%s%s", awards->len > 0 ? "," : "",
                                  ((KhAwardRule *) group->awards->pdata[a])->id);
      kh_baseline_add (baseline, kh_dataset_get_unit_id (prev->dataset, u),
                       group != NULL ? group->id : NULL, prev->rank[u], prev->tier[u], awards->str,
                       prev->total[u]);
    }
  return baseline;
}

/* The predecessors of unit @u: the dataset's, or itself. */
static const char *const *
predecessors (KhPlan      *self,
              guint        u,
              const char **own)
{
  const char *const *preds = kh_dataset_get_unit_predecessors (self->dataset, u);

  own[0] = kh_dataset_get_unit_id (self->dataset, u);
  own[1] = NULL;
  return preds != NULL ? preds : own;
}

/* How many units of the year continue each unit of last year: id → count, counted once
 * for all units (counting per unit made linking quadratic in the units: 17 % of a
 * year's compute at 3,000 units). A unit naming the same predecessor twice counts once. */
static GHashTable *
count_successors (KhPlan *self)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint v = 0; v < self->n_units; v++)
    {
      const char *own[2];
      const char *const *preds = predecessors (self, v, own);

      for (guint i = 0; preds[i] != NULL; i++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < i && !seen; j++)
            seen = strcmp (preds[j], preds[i]) == 0;
          if (!seen)
            {
              guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, preds[i]));

              /* preds[i] is the dataset's string (own[0] too), alive longer than counts */
              g_hash_table_insert (counts, (gpointer) preds[i], GUINT_TO_POINTER (count + 1));
            }
        }
    }
  return counts;
}

static KhContinuity
continuity_of (KhPlan     *self,
               GHashTable *successors,
               guint       u)
{
  const char *own[2];
  const char *const *preds = predecessors (self, u, own);
  guint n = g_strv_length ((char **) preds);

  if (n == 0)
    return KH_CONTINUITY_NEW;
  if (n > 1)
    return KH_CONTINUITY_MERGED;
  if (GPOINTER_TO_UINT (g_hash_table_lookup (successors, preds[0])) > 1)
    return KH_CONTINUITY_SPLIT;
  if (strcmp (preds[0], own[0]) != 0)
    return KH_CONTINUITY_RENAMED;
  return KH_CONTINUITY_SAME;
}

/* The standing unit @u's rank change counts against, by the framework's rules. */
static const KhStanding *
choose_standing (KhPlan *self,
                 guint   u)
{
  KhFramework *fw = self->framework;
  const char *own[2];
  const char *const *preds = predecessors (self, u, own);
  const KhStanding *best = NULL;

  switch ((KhContinuity) self->continuity[u])
    {
    case KH_CONTINUITY_NEW:
      return NULL;
    case KH_CONTINUITY_MERGED:
      if (fw->merged_rank == KH_MERGED_NONE)
        return NULL;
      if (fw->merged_rank == KH_MERGED_FIRST)
        return kh_baseline_lookup (self->baseline, preds[0]);
      for (guint i = 0; preds[i] != NULL; i++)
        {
          const KhStanding *s = kh_baseline_lookup (self->baseline, preds[i]);

          if (s != NULL && s->rank > 0 && (best == NULL || s->rank < best->rank))
            best = s;
        }
      return best;
    case KH_CONTINUITY_SPLIT:
      if (fw->split_rank == KH_SPLIT_NONE)
        return NULL;
      return kh_baseline_lookup (self->baseline, preds[0]);
    case KH_CONTINUITY_SAME:
    case KH_CONTINUITY_RENAMED:
    default:
      return kh_baseline_lookup (self->baseline, preds[0]);
    }
}

void
kh_engine_link_previous (KhPlan  *self,
                         KhPlan  *prev,
                         GString *problems)
{
  KhFramework *fw = self->framework;
  KhBaseline *published = kh_dataset_get_published (self->dataset);
  int year = kh_dataset_get_year (self->dataset);
  guint n = MAX (self->n_units, 1);
  g_autoptr (GHashTable) successors = NULL;

  if (fw->baseline == KH_BASELINE_PUBLISHED)
    {
      if (published == NULL || kh_baseline_get_year (published) != year - 1)
        {
          kh_problem (problems,
                      _("framework “%s” counts rank changes against the results published for "
                        "%d (baseline=\"published\"), but they are not given"),
                      fw->id != NULL ? fw->id : "", year - 1);
          return;
        }
      self->baseline = kh_baseline_ref (published);
    }
  else if (prev != NULL)
    self->baseline = baseline_from_plan (prev);

  self->continuity = g_new0 (guint8, n);
  self->prev_unit = g_new0 (char *, n);
  self->prev_group = g_new0 (char *, n);
  self->transferred = g_new0 (guint8, n);
  self->prev_rank = g_new0 (int, n);
  self->prev_total = g_new (double, n);
  self->prev_compared = g_new0 (int, n);
  self->cur_compared = g_new0 (int, n);
  successors = count_successors (self);
  for (guint u = 0; u < self->n_units; u++)
    {
      KhGroup *group = kh_plan_get_unit_group (self, u);
      const KhStanding *standing;

      self->prev_total[u] = NAN;
      self->continuity[u] = (guint8) continuity_of (self, successors, u);
      if (self->baseline == NULL || (standing = choose_standing (self, u)) == NULL)
        continue;
      self->prev_unit[u] = g_strdup (standing->unit_id);
      self->prev_group[u] = g_strdup (standing->group_id);
      self->prev_total[u] = standing->total;
      /* Ranks of another peer group do not compare. */
      if (group != NULL && standing->group_id != NULL && strcmp (group->id, standing->group_id) != 0)
        self->transferred[u] = TRUE;
      else
        self->prev_rank[u] = standing->rank;
    }
}

static void
free_strings (char  **strings,
              guint   n)
{
  for (guint u = 0; strings != NULL && u < n; u++)
    g_free (strings[u]);
  g_free (strings);
}

static char **
copy_strings (char  **strings,
              guint   n)
{
  char **copy = g_new0 (char *, MAX (n, 1));

  for (guint u = 0; u < n; u++)
    copy[u] = g_strdup (strings[u]);
  return copy;
}

void
kh_engine_copy_previous (KhPlan *copy,
                         KhPlan *self)
{
  gsize n = MAX (self->n_units, 1);

  g_assert (copy->n_units == self->n_units);
  g_clear_pointer (&copy->baseline, kh_baseline_unref);
  if (self->baseline != NULL)
    copy->baseline = kh_baseline_ref (self->baseline);
  memcpy (copy->continuity, self->continuity, n);
  memcpy (copy->transferred, self->transferred, n);
  memcpy (copy->prev_rank, self->prev_rank, n * sizeof (int));
  memcpy (copy->prev_total, self->prev_total, n * sizeof (double));
  free_strings (copy->prev_unit, copy->n_units);
  free_strings (copy->prev_group, copy->n_units);
  copy->prev_unit = copy_strings (self->prev_unit, self->n_units);
  copy->prev_group = copy_strings (self->prev_group, self->n_units);
}

/* The unit of last year whose values (growth(), prev(), carried values) and
 * contributions unit @u continues: itself, or the unit it was renamed from. */
guint
kh_engine_previous_source (KhPlan *self,
                           KhPlan *prev,
                           guint   u)
{
  const char *id = kh_dataset_get_unit_id (self->dataset, u);
  guint p = kh_dataset_find_unit (prev->dataset, id);
  const char *const *preds;

  if (p != KH_DATASET_NONE || self->continuity == NULL
      || self->continuity[u] != KH_CONTINUITY_RENAMED)
    return p;
  preds = kh_dataset_get_unit_predecessors (self->dataset, u);
  return kh_dataset_find_unit (prev->dataset, preds[0]);
}

/* Ranks among the units of @pg compared in both years; work holds the ranks sorted. */
void
kh_engine_compare (KhPlan    *self,
                   PlanGroup *pg)
{
  gsize n = 0;

  pg->n_compared = 0;
  if (self->baseline == NULL)
    return;
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      self->prev_compared[u] = self->cur_compared[u] = 0;
      if (self->prev_rank[u] > 0 && self->rank[u] > 0)
        self->work[n++] = self->prev_rank[u];
    }
  kh_sort_doubles (self->work, n);
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      if (self->prev_rank[u] > 0 && self->rank[u] > 0)
        self->prev_compared[u] = 1 + (int) kh_count_below (self->work, n, self->prev_rank[u]);
    }
  n = 0;
  for (guint k = 0; k < pg->n_units; k++)
    if (self->prev_compared[pg->units[k]] > 0)
      self->work[n++] = self->rank[pg->units[k]];
  kh_sort_doubles (self->work, n);
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      if (self->prev_compared[u] > 0)
        self->cur_compared[u] = 1 + (int) kh_count_below (self->work, n, self->rank[u]);
    }
  pg->n_compared = (guint) n;
}

/* ---- what the previous year must give ------------------------------------------------ */

typedef struct
{
  gboolean formula_reads_previous; /* growth() or prev() in a formula */
  gboolean carries_previous;       /* missing="previous" */
} PreviousUse;

static gboolean
note_previous_use (KhNode  *node,
                   gpointer user_data)
{
  PreviousUse *use = user_data;

  if (node->missing == KH_MISSING_PREVIOUS)
    use->carries_previous = TRUE;
  if (node->formula != NULL)
    {
      g_autoptr (KhExpr) expr = kh_formula_parse (node->formula, NULL, NULL);

      /* A formula that does not parse fails the plan; taken as reading the year before. */
      if (expr == NULL || kh_expr_uses_previous (expr))
        use->formula_reads_previous = TRUE;
    }
  return TRUE;
}

/* The previous plan reaches a plan through kh_engine_link_previous (its ranks, tiers,
 * totals and awards: the baseline; the rank changes and the awards of this year are
 * made from its ranks) and kh_engine_bind_previous (its contributions and its fields'
 * values, for growth(), prev() and carried values). So: the fields' values of a plan
 * depend on the year before only through growth() and prev(); its treated values,
 * scores, totals, ranks and tiers also through carried values; its awards also through
 * the previous ranks. */
KhPreviousNeed
kh_framework_previous_need (KhFramework   *framework,
                            KhPreviousNeed need)
{
  PreviousUse use = { FALSE, FALSE };
  KhPreviousNeed own = KH_PREVIOUS_NONE;

  g_return_val_if_fail (framework != NULL, KH_PREVIOUS_ALL);

  if (need == KH_PREVIOUS_NONE)
    return KH_PREVIOUS_NONE;
  kh_framework_foreach_node (framework, note_previous_use, &use);
  if (use.formula_reads_previous || (need >= KH_PREVIOUS_STANDINGS && use.carries_previous))
    own = KH_PREVIOUS_VALUES;
  if (need >= KH_PREVIOUS_ALL && framework->baseline != KH_BASELINE_PUBLISHED)
    for (guint g = 0; g < framework->groups->len; g++)
      if (((KhGroup *) framework->groups->pdata[g])->awards->len > 0)
        own = KH_PREVIOUS_STANDINGS;
  return own;
}

/* ---- which of last year's fields are read -------------------------------------------- */

typedef struct
{
  GHashTable *fields; /* ids read of the previous plan */
} PreviousReads;

/* Adds every name of @formula to @fields. A formula that does not parse adds nothing: the
 * plan reading it fails. */
static void
add_formula_names (GHashTable *fields,
                   const char *formula)
{
  g_autoptr (KhExpr) expr = kh_formula_parse (formula, NULL, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  if (expr == NULL)
    return;
  kh_expr_collect_names (expr, names);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_add (fields, g_strdup (names->pdata[i]));
}

/* The reads of kh_engine_bind_previous: an indicator carrying last year's value reads its
 * own field; a formula calling growth() or prev() the fields it names (all of them: a
 * superset of the arguments of growth() and prev()). */
static gboolean
note_previous_reads (KhNode  *node,
                     gpointer user_data)
{
  PreviousReads *reads = user_data;

  if (node->missing == KH_MISSING_PREVIOUS)
    g_hash_table_add (reads->fields, g_strdup (node->id));
  if (node->formula != NULL)
    {
      g_autoptr (KhExpr) expr = kh_formula_parse (node->formula, NULL, NULL);

      if (expr != NULL && kh_expr_uses_previous (expr))
        add_formula_names (reads->fields, node->formula);
    }
  return TRUE;
}

/* A field read through a node that continues an earlier one is last year's field of that
 * node, or last year's values turned by `convert`: both are read. */
static gboolean
note_replaced_reads (KhNode  *node,
                     gpointer user_data)
{
  PreviousReads *reads = user_data;

  if (node->replaces == NULL || !g_hash_table_contains (reads->fields, node->id))
    return TRUE;
  g_hash_table_add (reads->fields, g_strdup (node->replaces));
  if (node->convert != NULL)
    add_formula_names (reads->fields, node->convert);
  return TRUE;
}

/* Adds the names the formula of every node of @fields reads; TRUE when one was new. */
typedef struct
{
  GHashTable *fields;
  gboolean grew;
} Closure;

static gboolean
close_over_formula (KhNode  *node,
                    gpointer user_data)
{
  Closure *closure = user_data;
  guint before = g_hash_table_size (closure->fields);

  if (node->formula == NULL || !g_hash_table_contains (closure->fields, node->id))
    return TRUE;
  add_formula_names (closure->fields, node->formula);
  if (g_hash_table_size (closure->fields) != before)
    closure->grew = TRUE;
  return TRUE;
}

GHashTable *
kh_framework_previous_fields (KhFramework *framework,
                              KhFramework *next)
{
  PreviousReads reads = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  Closure closure = { reads.fields, TRUE };

  g_return_val_if_fail (framework != NULL, NULL);
  g_return_val_if_fail (next != NULL, NULL);

  kh_framework_foreach_node (next, note_previous_reads, &reads);
  kh_framework_foreach_node (next, note_replaced_reads, &reads);
  /* The formulas of @framework that derive those fields, and the ones they read, until
   * nothing is added. */
  while (closure.grew)
    {
      closure.grew = FALSE;
      kh_framework_foreach_node (framework, close_over_formula, &closure);
    }
  return reads.fields;
}

/* ---- getters ---------------------------------------------------------------------- */

KhBaseline *
kh_plan_get_baseline (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->baseline;
}

KhContinuity
kh_plan_get_continuity (KhPlan *self,
                        guint   unit)
{
  CHECK_UNIT (KH_CONTINUITY_SAME);
  return self->continuity != NULL ? (KhContinuity) self->continuity[unit] : KH_CONTINUITY_SAME;
}

const char *
kh_plan_get_compared_unit (KhPlan *self,
                           guint   unit)
{
  CHECK_UNIT (NULL);
  return self->prev_unit != NULL ? self->prev_unit[unit] : NULL;
}

const char *
kh_plan_get_previous_group (KhPlan *self,
                            guint   unit)
{
  CHECK_UNIT (NULL);
  return self->prev_group != NULL ? self->prev_group[unit] : NULL;
}

gboolean
kh_plan_get_transferred (KhPlan *self,
                         guint   unit)
{
  CHECK_UNIT (FALSE);
  return self->transferred != NULL && self->transferred[unit];
}

gboolean
kh_plan_get_compared_ranks (KhPlan *self,
                            guint   unit,
                            int    *previous,
                            int    *current,
                            guint  *n_compared)
{
  CHECK_UNIT (FALSE);
  if (self->baseline == NULL || self->prev_compared[unit] == 0)
    return FALSE;
  if (previous != NULL)
    *previous = self->prev_compared[unit];
  if (current != NULL)
    *current = self->cur_compared[unit];
  if (n_compared != NULL)
    *n_compared = self->groups[self->unit_group[unit]].n_compared;
  return TRUE;
}

const char *
kh_continuity_to_string (KhContinuity value)
{
  static const char *const names[] = { "same", "new", "renamed", "merged", "split" };

  g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);
  return names[value];
}

/* @id's name in @names (last year's dataset), else the id. */
static const char *
name_of (KhDataset  *names,
         const char *id)
{
  guint u = names != NULL ? kh_dataset_find_unit (names, id) : KH_DATASET_NONE;
  const char *name = u != KH_DATASET_NONE ? kh_dataset_get_unit_name (names, u) : NULL;

  return name != NULL ? name : id;
}

char *
kh_plan_describe_continuity (KhPlan    *self,
                             guint      unit,
                             KhDataset *previous)
{
  const char *const *preds;
  const char *compared;
  g_autoptr (GString) list = g_string_new (NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  KhContinuity continuity;

  CHECK_UNIT (NULL);
  if (self->baseline == NULL)
    return NULL;
  continuity = kh_plan_get_continuity (self, unit);
  preds = kh_dataset_get_unit_predecessors (self->dataset, unit);
  compared = kh_plan_get_compared_unit (self, unit);
  for (guint i = 0; preds != NULL && preds[i] != NULL; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? _(", ") : "", name_of (previous, preds[i]));

  switch (continuity)
    {
    case KH_CONTINUITY_NEW:
      g_string_append (out, _("new this year"));
      break;
    case KH_CONTINUITY_RENAMED:
      g_string_append_printf (out, _("renamed from %s"), list->str);
      break;
    case KH_CONTINUITY_MERGED:
      g_string_append_printf (out, _("merged from %s"), list->str);
      break;
    case KH_CONTINUITY_SPLIT:
      g_string_append_printf (out, _("split from %s"), list->str);
      break;
    case KH_CONTINUITY_SAME:
    default:
      break;
    }
  if ((continuity == KH_CONTINUITY_MERGED || continuity == KH_CONTINUITY_SPLIT)
      && !kh_plan_get_transferred (self, unit))
    {
      g_string_append (out, _("; "));
      if (compared != NULL)
        g_string_append_printf (out, _("compared as %s"), name_of (previous, compared));
      else
        g_string_append (out, _("not compared with last year"));
    }
  if (kh_plan_get_transferred (self, unit))
    {
      const char *group = kh_plan_get_previous_group (self, unit);

      if (out->len > 0)
        g_string_append (out, _("; "));
      g_string_append_printf (out, _("moved from group %s: not compared with last year"),
                              group != NULL ? group : "?");
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
