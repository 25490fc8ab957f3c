/* kh-engine-compile.c — compiling a framework and a dataset into a plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stage 0 of the pipeline (data/schema/README.md, "The pipeline"): the tree is flattened
 * in pre-order, the named values (variables, indicators, adjustment and constraint inputs)
 * become value fields bound to the dataset's columns, units are sorted into their peer
 * groups, individual (个性) and out-of-year indicators get their applicability flags,
 * what the previous year's plan offers is copied, and every result buffer is allocated,
 * so that kh_plan_compute() never allocates. Formulas are compiled in kh-engine-derive.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kh-engine-private.h"
#include "kh-malloc.h"
#include "kh-problem.h"

guint
kh_engine_field_lookup (KhPlan     *self,
                        const char *id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->field_index, id)) - 1;
}

gboolean
kh_engine_grade_code_ok (const KhNode *node,
                         double        value)
{
  if (node->scoring.method != KH_METHOD_GRADES || isnan (value))
    return TRUE;
  for (guint s = 0; s < node->scoring.steps->len; s++)
    if (g_array_index (node->scoring.steps, KhStep, s).min == value)
      return TRUE;
  return FALSE;
}

static guint
field_add (KhPlan     *self,
           const char *id)
{
  guint index = kh_engine_field_lookup (self, id);

  if (index != G_MAXUINT)
    return index;
  index = self->n_fields++;
  self->fields = g_renew (ValueField, self->fields, self->n_fields);
  memset (&self->fields[index], 0, sizeof (ValueField));
  self->fields[index].id = g_strdup (id);
  self->fields[index].indicator = -1;
  self->fields[index].data_field = KH_DATASET_NONE;
  /* Keys point into fields[].id, which survive the renew (only the array moves). */
  g_hash_table_insert (self->field_index, self->fields[index].id, GUINT_TO_POINTER (index + 1));
  return index;
}

typedef struct
{
  KhPlan *plan;
  GPtrArray *order; /* of KhNode*, pre-order */
} FlattenData;

static gboolean
collect_node (KhNode  *node,
              gpointer user_data)
{
  FlattenData *data = user_data;

  g_ptr_array_add (data->order, node);
  return TRUE;
}

guint
kh_engine_check_scoring (const KhNode    *node,
                         const KhScoring *s,
                         GString         *problems)
{
  guint n = 0;

  /* counted always; spelt out (and allocated) only when asked for */
#define PROBLEM(...) (n++, problems != NULL ? kh_problem (problems, __VA_ARGS__) : (void) 0)

  switch (s->method)
    {
    case KH_METHOD_GOALPOSTS:
      if (!isfinite (s->lo) || !isfinite (s->hi) || s->lo == s->hi)
        PROBLEM (_("indicator “%s”: goalposts need two different values lo and hi"), node->id);
      break;
    case KH_METHOD_TARGET_RATIO:
      if (!isfinite (s->target) || s->target <= 0)
        PROBLEM (_("indicator “%s”: target-ratio needs a positive target"), node->id);
      break;
    case KH_METHOD_THRESHOLDS:
    case KH_METHOD_GRADES:
      if (s->steps == NULL || s->steps->len == 0)
        PROBLEM (_("indicator “%s”: %s needs at least one step"), node->id,
                 kh_method_to_string (s->method));
      break;
    case KH_METHOD_SATISFACTION:
      if (!isfinite (s->floor) || s->floor >= 100)
        PROBLEM (_("indicator “%s”: satisfaction floor must be below 100"), node->id);
      break;
    case KH_METHOD_MINMAX:
    case KH_METHOD_ZSCORE:
    case KH_METHOD_RANK:
    case KH_METHOD_PERCENTILE:
    default:
      break;
    }
  if (node->direction == KH_DIRECTION_BAND
      && (!isfinite (node->band_lo) || !isfinite (node->band_hi) || node->band_lo > node->band_hi))
    PROBLEM (_("indicator “%s”: direction band needs band_lo ≤ band_hi"), node->id);
  if (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE
      && !(node->outlier_a >= 0 && node->outlier_a < node->outlier_b && node->outlier_b <= 100))
    PROBLEM (_("indicator “%s”: winsorising needs 0 ≤ lower < upper ≤ 100 percentiles"),
             node->id);
  if (node->outlier == KH_OUTLIER_WINSOR_SD && !(node->outlier_a > 0))
    PROBLEM (_("indicator “%s”: winsorising needs a positive number of sd"), node->id);
#undef PROBLEM
  return n;
}

void
kh_engine_compile_nodes (KhPlan  *self,
                         GString *problems)
{
  FlattenData data = { self, g_ptr_array_new () };
  GHashTable *index = g_hash_table_new (g_direct_hash, g_direct_equal);

  kh_framework_foreach_node (self->framework, collect_node, &data);
  self->n_nodes = data.order->len;
  self->nodes = g_new0 (PlanNode, self->n_nodes);

  for (guint i = 0; i < self->n_nodes; i++)
    g_hash_table_insert (index, data.order->pdata[i], GUINT_TO_POINTER (i));

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const KhNode *node = data.order->pdata[i];
      PlanNode *pn = &self->nodes[i];

      pn->src = node;
      pn->parent = node->parent != NULL
                     ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (index, node->parent))
                     : -1;
      pn->weight = node->weight;
      pn->points = node->points;
      if (pn->parent >= 0)
        pn->shortfall = self->nodes[pn->parent].shortfall
                        || (node->parent->aggregation == KH_AGG_COEFFICIENT && node->coefficient);
      pn->indicator = -1;
      pn->by_child = FALSE;
      if (node->aggregation == KH_AGG_COEFFICIENT)
        for (guint c = 0; c < node->children->len; c++)
          if (((KhNode *) node->children->pdata[c])->multiplies->len > 0)
            pn->by_child = TRUE;
      pn->n_children = node->children->len;
      pn->children = g_new (guint, MAX (pn->n_children, 1));
      for (guint c = 0; c < pn->n_children; c++)
        pn->children[c] = GPOINTER_TO_UINT (g_hash_table_lookup (index, node->children->pdata[c]));

      if (!(isfinite (node->points) && node->points > 0))
        kh_problem (problems, _("node “%s”: points must be positive"), node->id);
      if (!(isfinite (node->weight) && node->weight >= 0))
        kh_problem (problems, _("node “%s”: weight must be zero or positive"), node->id);
      if (node->kind == KH_NODE_INDICATOR)
        {
          if (pn->n_children > 0)
            kh_problem (problems, _("indicator “%s” has child nodes"), node->id);
          kh_engine_check_scoring (node, &node->scoring, problems);
          pn->indicator = (int) self->n_inds++;
        }
    }

  /* Under a by_child coefficient node, which coefficient siblings multiply each child. */
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const PlanNode *pn = &self->nodes[i];

      if (!pn->by_child)
        continue;
      for (guint c = 0; c < pn->n_children; c++)
        {
          PlanNode *child = &self->nodes[pn->children[c]];

          if (child->src->coefficient)
            continue;
          for (guint k = 0; k < pn->n_children; k++)
            {
              const KhNode *coef = self->nodes[pn->children[k]].src;
              gboolean hits = coef->multiplies->len == 0;

              if (!coef->coefficient)
                continue;
              for (guint m = 0; m < coef->multiplies->len && !hits; m++)
                hits = g_strcmp0 (coef->multiplies->pdata[m], child->src->id) == 0;
              if (!hits)
                continue;
              child->multipliers = g_renew (guint, child->multipliers, child->n_multipliers + 1);
              child->multipliers[child->n_multipliers++] = pn->children[k];
            }
        }
    }

  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = self->n_nodes; i-- > 0;)
    if (self->nodes[i].src->id != NULL)
      g_hash_table_replace (self->node_index, self->nodes[i].src->id, GUINT_TO_POINTER (i + 1));

  self->inds = g_new0 (PlanIndicator, MAX (self->n_inds, 1));
  for (guint i = 0; i < self->n_nodes; i++)
    if (self->nodes[i].indicator >= 0)
      {
        PlanIndicator *ind = &self->inds[self->nodes[i].indicator];

        ind->src = self->nodes[i].src;
        ind->node = i;
        ind->scoring = &ind->src->scoring;
        ind->missing = ind->src->missing;
      }

  g_hash_table_unref (index);
  g_ptr_array_unref (data.order);
}

void
kh_engine_compile_fields (KhPlan  *self,
                          GString *problems)
{
  KhFramework *fw = self->framework;

  for (guint i = 0; i < fw->variables->len; i++)
    {
      KhVariable *var = fw->variables->pdata[i];
      guint f;

      if (kh_engine_field_lookup (self, var->id) != G_MAXUINT)
        kh_problem (problems, _("variable “%s” is defined twice"), var->id);
      f = field_add (self, var->id);
      self->fields[f].named = TRUE;
    }
  for (guint i = 0; i < self->n_inds; i++)
    {
      const char *id = self->inds[i].src->id;
      guint f;

      if (kh_engine_field_lookup (self, id) != G_MAXUINT)
        kh_problem (problems, _("indicator “%s” has the id of another variable or indicator"), id);
      f = field_add (self, id);
      self->fields[f].indicator = (int) i;
      self->fields[f].named = TRUE;
      self->inds[i].field = f;
    }
  self->adjust_field = g_new0 (guint, MAX (fw->adjustments->len, 1));
  for (guint i = 0; i < fw->adjustments->len; i++)
    {
      KhAdjustment *adj = fw->adjustments->pdata[i];

      self->adjust_field[i] = field_add (self, adj->input != NULL ? adj->input : adj->id);
    }
  self->constraint_field = g_new0 (guint, MAX (fw->constraints->len, 1));
  for (guint i = 0; i < fw->constraints->len; i++)
    {
      KhConstraint *con = fw->constraints->pdata[i];

      self->constraint_field[i] = field_add (self, con->input != NULL ? con->input : con->id);
    }
}

void
kh_engine_compile_groups (KhPlan  *self,
                          GString *problems)
{
  KhFramework *fw = self->framework;
  g_autofree guint *counts = NULL;

  self->n_groups = MAX (fw->groups->len, 1);
  self->groups = g_new0 (PlanGroup, self->n_groups);
  self->unit_group = g_new0 (int, MAX (self->n_units, 1));
  counts = g_new0 (guint, self->n_groups);

  for (guint g = 0; g < fw->groups->len; g++)
    {
      KhGroup *group = fw->groups->pdata[g];

      self->groups[g].group = group;
      self->groups[g].precision = group->precision >= 0 ? group->precision : fw->precision;
      self->groups[g].tier_values = g_new0 (double, MAX (group->tiers.values->len, 1));
      for (guint t = 0; t < group->tiers.values->len; t++)
        self->groups[g].tier_values[t] = g_array_index (group->tiers.values, double, t);
    }
  if (fw->groups->len == 0)
    self->groups[0].precision = fw->precision;

  for (guint u = 0; u < self->n_units; u++)
    {
      const char *gid = kh_dataset_get_unit_group (self->dataset, u);
      int found = -1;

      if (gid == NULL || *gid == '\0')
        {
          if (self->n_groups == 1)
            found = 0;
          else
            kh_problem (problems, _("unit “%s”: no group given, and the framework has several"),
                        kh_dataset_get_unit_id (self->dataset, u));
        }
      else
        {
          for (guint g = 0; g < fw->groups->len; g++)
            if (g_strcmp0 (((KhGroup *) fw->groups->pdata[g])->id, gid) == 0)
              found = (int) g;
          if (found < 0 && fw->groups->len == 0)
            found = 0;
          if (found < 0)
            kh_problem (problems, _("unit “%s”: group “%s” is not a group of the framework"),
                        kh_dataset_get_unit_id (self->dataset, u), gid);
        }
      self->unit_group[u] = found;
      if (found >= 0)
        counts[found]++;
    }

  for (guint g = 0; g < self->n_groups; g++)
    {
      self->groups[g].units = g_new (guint, MAX (counts[g], 1));
      self->groups[g].n_units = 0;
    }
  for (guint u = 0; u < self->n_units; u++)
    if (self->unit_group[u] >= 0)
      {
        PlanGroup *pg = &self->groups[self->unit_group[u]];

        pg->units[pg->n_units++] = u;
      }
}

static gboolean
node_in_year (const KhNode *node,
              int           year)
{
  for (; node != NULL; node = node->parent)
    if ((node->from_year != 0 && year < node->from_year)
        || (node->until_year != 0 && year > node->until_year))
      return FALSE;
  return TRUE;
}

void
kh_engine_bind_data (KhPlan  *self,
                     GString *problems)
{
  KhDataset *ds = self->dataset;

  for (guint f = 0; f < kh_dataset_get_n_fields (ds); f++)
    {
      const char *id = kh_dataset_get_field_id (ds, f);
      guint vf = kh_engine_field_lookup (self, id);

      if (vf == G_MAXUINT)
        {
          kh_problem (problems,
                      _("data field “%s” is neither a variable nor an indicator of framework “%s”"),
                      id, self->framework->id != NULL ? self->framework->id : "");
          continue;
        }
      self->fields[vf].data_field = f;
    }

  for (guint vf = 0; vf < self->n_fields; vf++)
    {
      ValueField *field = &self->fields[vf];
      int ind = field->indicator;

      if (ind >= 0 && self->inds[ind].src->formula != NULL)
        {
          field->derived = g_new (double, MAX (self->n_units, 1));
          for (guint u = 0; u < self->n_units; u++)
            field->derived[u] = NAN;
          field->values = field->derived;
        }
      else if (field->data_field != KH_DATASET_NONE)
        field->values = kh_dataset_get_column (ds, field->data_field);
      else
        {
          field->values = self->nan_column;
          /* An indicator with no data field in the year and no formula has no data: it
           * takes no part in any score, as if its weight were 0 (a new indicator changes
           * nothing until it has data). */
          if (ind >= 0)
            self->nodes[self->inds[ind].node].weight = 0;
        }

      if (ind >= 0 && field->values != self->nan_column && field->derived == NULL)
        for (guint u = 0; u < self->n_units; u++)
          if (!kh_engine_grade_code_ok (self->inds[ind].src, field->values[u]))
            kh_problem (problems, _("unit “%s”: indicator “%s”: %g is not one of its grade codes"),
                        kh_dataset_get_unit_id (ds, u), field->id, field->values[u]);
    }

  /* Applicability of individual (个性) indicators: unit ids or group ids; and an
   * indicator (or an ancestor) outside its from/until years applies to nobody. */
  for (guint i = 0; i < self->n_inds; i++)
    {
      const KhNode *node = self->inds[i].src;

      if (!node_in_year (node, kh_dataset_get_year (ds)))
        {
          self->inds[i].applies = g_new0 (guint8, MAX (self->n_units, 1));
          continue;
        }
      if (node->common)
        continue;
      self->inds[i].applies = g_new0 (guint8, MAX (self->n_units, 1));
      for (guint u = 0; u < self->n_units; u++)
        {
          const char *uid = kh_dataset_get_unit_id (ds, u);
          const char *gid = kh_dataset_get_unit_group (ds, u);

          for (guint a = 0; a < node->applies->len; a++)
            {
              const char *id = node->applies->pdata[a];

              if (g_strcmp0 (id, uid) == 0 || (gid != NULL && g_strcmp0 (id, gid) == 0)
                  || (self->unit_group[u] >= 0 && self->groups[self->unit_group[u]].group != NULL
                      && g_strcmp0 (id, self->groups[self->unit_group[u]].group->id) == 0))
                self->inds[i].applies[u] = 1;
            }
        }
    }
}

/* Index of the node of @prev matching node @n of @self: same id, or the id @n replaces. */
static int
match_previous_node (KhPlan *self,
                     KhPlan *prev,
                     guint   n)
{
  const KhNode *node = self->nodes[n].src;
  int m = kh_plan_find_node (prev, node->id);

  if (m < 0 && node->replaces != NULL)
    m = kh_plan_find_node (prev, node->replaces);
  return m;
}

/* Last year's contribution of each node to each unit's score, by this year's units (@map:
 * unit → last year's unit) and nodes, into self->prev_contrib. */
static void
bind_previous_contributions (KhPlan      *self,
                             KhPlan      *prev,
                             const guint *map)
{
  guint n = self->n_units;
  g_autofree int *match = g_new (int, MAX (self->n_nodes, 1)); /* node → previous node */
  g_autofree double *contrib = NULL; /* last year's contributions [node][unit] */

  for (guint k = 0; k < self->n_nodes; k++)
    match[k] = match_previous_node (self, prev, k);
  if (prev->shared_as_previous)
    {
      /* Read there when asked, through the maps (kh_plan_share_as_previous()). */
      self->prev_plan = kh_plan_ref (prev);
      self->prev_unit_map = g_memdup2 (map, sizeof (guint) * MAX (n, 1));
      self->prev_node_match = g_memdup2 (match, sizeof (int) * MAX (self->n_nodes, 1));
      self->prev_contrib_unit = G_MAXUINT;
      return;
    }
  self->prev_contrib = kh_engine_alloc_doubles ((gsize) MAX (self->n_nodes, 1) * MAX (n, 1));
  /* Every unit's of last year at once, node by node (unit by unit, 8 % of computing a
   * year at 3,000 units; issue 22). */
  contrib = kh_engine_alloc_doubles ((gsize) MAX (prev->n_nodes, 1) * MAX (prev->n_units, 1));
  kh_engine_all_contributions (prev, contrib);
  for (guint k = 0; k < self->n_nodes; k++)
    {
      const double *from = match[k] >= 0 ? contrib + (gsize) match[k] * prev->n_units : NULL;
      double *to = self->prev_contrib + (gsize) k * n;

      for (guint u = 0; u < n; u++)
        to[u] = from != NULL && map[u] != KH_DATASET_NONE ? from[map[u]] : 0.0;
    }
}

void
kh_engine_bind_previous (KhPlan  *self,
                         KhPlan  *prev,
                         gboolean contributions)
{
  guint n = self->n_units;
  g_autofree guint *map = g_new (guint, MAX (n, 1)); /* unit → previous unit */

  if (!prev->computed)
    kh_plan_compute (prev);

  /* Each unit's unit of last year: the same id, or the one it was renamed from
   * (kh-engine-previous.c, which also decides whose rank it is compared with). */
  for (guint u = 0; u < n; u++)
    map[u] = kh_engine_previous_source (self, prev, u);
  self->prev_unit_id = g_new0 (char *, MAX (n, 1) + 1);
  for (guint u = 0; u < n; u++)
    if (map[u] != KH_DATASET_NONE)
      self->prev_unit_id[u] = g_strdup (kh_dataset_get_unit_id (prev->dataset, map[u]));

  self->has_previous = TRUE;

  if (contributions)
    bind_previous_contributions (self, prev, map);

  /* Previous values of the fields growth()/prev()/carry-previous read: last year's
   * derived value of the same field (or of the node this indicator replaces). */
  for (guint vf = 0; vf < self->n_fields; vf++)
    {
      ValueField *field = &self->fields[vf];
      guint pf;

      if (field->indicator >= 0 && self->inds[field->indicator].src->missing == KH_MISSING_PREVIOUS)
        field->needs_prev = TRUE;
      if (!field->needs_prev)
        continue;
      pf = kh_engine_field_lookup (prev, field->id);
      field->prev = g_new (double, MAX (n, 1));
      if (pf == G_MAXUINT && field->indicator >= 0
          && self->inds[field->indicator].src->replaces != NULL)
        {
          const KhNode *node = self->inds[field->indicator].src;
          int old = kh_plan_find_node (prev, node->replaces);

          if (node->convert != NULL)
            {
              /* last year's values in this year's unit of measure */
              kh_engine_eval_previous (prev, node->convert, map, n, field->prev);
              continue;
            }
          /* another unit of measure and no conversion: nothing to carry */
          if (old >= 0
              && g_strcmp0 (prev->nodes[old].src->unit_of_measure, node->unit_of_measure) == 0)
            pf = kh_engine_field_lookup (prev, node->replaces);
        }
      for (guint u = 0; u < n; u++)
        field->prev[u] = pf != G_MAXUINT && map[u] != KH_DATASET_NONE
                           ? prev->fields[pf].values[map[u]]
                           : NAN;
    }
}

double *
kh_engine_dup_doubles (const double *src,
                       gsize         n)
{
  double *copy;

  if (src == NULL)
    return NULL;
  copy = kh_engine_alloc_doubles (n);
  memcpy (copy, src, n * sizeof (double));
  return copy;
}

void
kh_engine_release_tail (double *block,
                        gsize   n)
{
  kh_malloc_release_tail (block, n * sizeof (double));
}

double *
kh_engine_alloc_doubles (gsize n)
{
  g_assert (n <= G_MAXSIZE / sizeof (double));
  return kh_malloc_huge (n * sizeof (double));
}

void
kh_engine_allocate (KhPlan *self)
{
  gsize n = MAX (self->n_units, 1);
  KhFramework *fw = self->framework;

  self->node_score = kh_engine_alloc_doubles (MAX (self->n_nodes, 1) * n);
  self->contrib_buf = g_new0 (double, MAX (self->n_nodes, 1));
  self->contrib_unit = G_MAXUINT;
  self->state = g_new0 (guint8, MAX (self->n_inds, 1) * n);
  self->adjust = g_new0 (double, MAX (fw->adjustments->len, 1) * n);
  self->failed = g_new0 (guint8, MAX (fw->constraints->len, 1) * n);
  self->total = g_new (double, n);
  self->rounded = g_new (double, n);
  self->rank = g_new0 (int, n);
  self->tier = g_new0 (int, n);
  self->vetoed = g_new0 (guint8, n);
  self->awards = g_new0 (guint32, n);
  self->work = g_new (double, n);
  self->acc = g_new0 (double, 6 * n);
  for (gsize i = 0; i < MAX (self->n_nodes, 1) * n; i++)
    self->node_score[i] = NAN;
  /* Own treated values only where treatment can differ from the derived value. */
  for (guint i = 0; i < self->n_inds; i++)
    {
      const KhNode *node = self->inds[i].src;

      if (node->outlier != KH_OUTLIER_NONE || node->missing == KH_MISSING_MEAN
          || node->missing == KH_MISSING_MEDIAN || node->missing == KH_MISSING_PREVIOUS
          || node->direction == KH_DIRECTION_BAND)
        {
          self->inds[i].treated = g_new (double, n);
          for (gsize u = 0; u < n; u++)
            self->inds[i].treated[u] = NAN;
        }
    }
  for (gsize i = 0; i < n; i++)
    self->total[i] = self->rounded[i] = NAN;
}
