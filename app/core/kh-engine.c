/* kh-engine.c — the scoring engine: the plan's life and the pipeline in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_plan_new() compiles (kh-engine-compile.c, kh-engine-derive.c) and
 * kh_plan_compute() runs the stages in their order; each stage has its own file, listed
 * in kh-engine-private.h with the layout of the plan. The formulas are in
 * data/schema/README.md.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-engine-private.h"

G_DEFINE_QUARK (kh-engine-error-quark, kh_engine_error)

/* ---- compiling ------------------------------------------------------------------ */

/* kh_plan_new(), with last year's contributions when @contributions. */
static KhPlan *
plan_new (KhFramework *framework,
          KhDataset   *dataset,
          KhPlan      *previous,
          gboolean     contributions,
          GError     **error)
{
  g_autoptr (KhPlan) self = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);

  g_return_val_if_fail (framework != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (framework->root == NULL)
    {
      g_set_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID,
                   _("framework “%s” has no root node"), framework->id);
      return NULL;
    }

  self = g_new0 (KhPlan, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->framework = kh_framework_ref (framework);
  self->dataset = kh_dataset_ref (dataset);
  self->n_units = kh_dataset_get_n_units (dataset);
  self->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->nan_column = g_new (double, MAX (self->n_units, 1));
  for (guint u = 0; u < MAX (self->n_units, 1); u++)
    self->nan_column[u] = NAN;

  kh_engine_compile_nodes (self, problems);
  kh_engine_compile_fields (self, problems);
  if (problems->len == 0)
    kh_engine_compile_formulas (self, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID, problems->str);
      return NULL;
    }

  kh_engine_compile_groups (self, problems);
  kh_engine_bind_data (self, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA, problems->str);
      return NULL;
    }

  kh_engine_allocate (self);
  kh_engine_link_previous (self, previous, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA, problems->str);
      return NULL;
    }
  if (previous != NULL)
    kh_engine_bind_previous (self, previous, contributions);
  return g_steal_pointer (&self);
}

KhPlan *
kh_plan_new (KhFramework *framework,
             KhDataset   *dataset,
             KhPlan      *previous,
             GError     **error)
{
  return plan_new (framework, dataset, previous, TRUE, error);
}

KhPlan *
kh_plan_new_unexplained (KhFramework *framework,
                         KhDataset   *dataset,
                         KhPlan      *previous,
                         GError     **error)
{
  return plan_new (framework, dataset, previous, FALSE, error);
}

KhPlan *
kh_plan_ref (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_plan_unref (KhPlan *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      g_free (self->nodes[i].children);
      g_free (self->nodes[i].multipliers);
    }
  g_free (self->nodes);
  for (guint i = 0; i < self->n_inds; i++)
    {
      g_free (self->inds[i].applies);
      g_free (self->inds[i].treated);
    }
  g_free (self->inds);
  for (guint i = 0; i < self->n_fields; i++)
    {
      g_free (self->fields[i].id);
      g_free (self->fields[i].derived);
      g_free (self->fields[i].prev);
    }
  g_free (self->fields);
  g_hash_table_unref (self->field_index);
  g_clear_pointer (&self->node_index, g_hash_table_unref);
  for (guint i = 0; i < self->n_programs; i++)
    g_array_unref (self->programs[i].ops);
  g_free (self->programs);
  for (guint i = 0; i < self->n_groups && self->groups != NULL; i++)
    {
      g_free (self->groups[i].units);
      g_free (self->groups[i].tier_values);
    }
  g_free (self->groups);
  g_free (self->unit_group);
  g_free (self->nan_column);
  g_free (self->stack);
  g_free (self->work);
  g_free (self->acc);
  g_free (self->adjust_field);
  g_free (self->constraint_field);
  g_free (self->node_score);
  g_free (self->contrib_buf);
  g_free (self->state);
  g_free (self->adjust);
  g_free (self->failed);
  g_free (self->total);
  g_free (self->rounded);
  g_free (self->rank);
  g_free (self->tier);
  g_free (self->vetoed);
  g_free (self->awards);
  g_free (self->prev_rank);
  g_free (self->prev_total);
  g_free (self->prev_contrib);
  g_clear_pointer (&self->prev_plan, kh_plan_unref);
  g_free (self->prev_unit_map);
  g_free (self->prev_node_match);
  g_free (self->prev_contrib_buf);
  if (self->prev_unit_id != NULL)
    for (guint u = 0; u < self->n_units; u++)
      g_free (self->prev_unit_id[u]);
  g_free (self->prev_unit_id);
  g_clear_pointer (&self->baseline, kh_baseline_unref);
  for (guint u = 0; self->prev_unit != NULL && u < self->n_units; u++)
    {
      g_free (self->prev_unit[u]);
      g_free (self->prev_group[u]);
    }
  g_free (self->prev_unit);
  g_free (self->prev_group);
  g_free (self->continuity);
  g_free (self->transferred);
  g_free (self->prev_compared);
  g_free (self->cur_compared);
  kh_dataset_unref (self->dataset);
  kh_framework_unref (self->framework);
  g_free (self);
}

/* ---- the pipeline --------------------------------------------------------------- */

/* Aggregation (of the @marked inner nodes, NULL: all), adjustments, ranks, tiers and
 * awards on the indicator scores as they are. */
void
kh_engine_compute_from_aggregation (KhPlan       *self,
                                    const guint8 *marked)
{
  kh_engine_aggregate_marked (self, marked);
  self->contrib_unit = G_MAXUINT;
  kh_engine_adjust (self);
  for (guint g = 0; g < self->n_groups; g++)
    {
      kh_engine_rank_and_tier (self, &self->groups[g]);
      kh_engine_compare (self, &self->groups[g]);
      kh_engine_award (self, &self->groups[g]);
    }
}

void
kh_plan_compute (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  kh_engine_derive (self);
  for (guint g = 0; g < self->n_groups; g++)
    {
      const PlanGroup *pg = &self->groups[g];

      for (guint i = 0; i < self->n_inds; i++)
        kh_engine_score_indicator (self, i, pg);
    }
  self->computed = TRUE;
  self->scores_stale = FALSE;
  kh_engine_compute_from_aggregation (self, NULL);
}

void
kh_plan_compute_values (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  kh_engine_derive (self);
  self->computed = TRUE;
  self->scores_stale = TRUE;
}

void
kh_plan_get_standing_weights (KhPlan *self,
                              double *weights)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (weights != NULL || self->n_nodes == 0);

  for (guint n = 0; n < self->n_nodes; n++)
    weights[n] = self->nodes[n].weight;
}

gboolean
kh_plan_set_standing_weights (KhPlan       *self,
                              const double *weights)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (weights != NULL || self->n_nodes == 0, FALSE);

  for (guint n = 0; n < self->n_nodes; n++)
    if (!(isfinite (weights[n]) && weights[n] >= 0))
      return FALSE;
  for (guint n = 0; n < self->n_nodes; n++)
    self->nodes[n].weight = weights[n];
  self->contrib_unit = G_MAXUINT;
  return TRUE;
}

void
kh_plan_set_standing (KhPlan       *self,
                      guint         unit,
                      const double *node_scores,
                      double        total,
                      int           rank,
                      int           tier,
                      guint32       awards)
{
  gsize nu;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->computed);
  g_return_if_fail (unit < self->n_units);
  g_return_if_fail (node_scores != NULL || self->n_nodes == 0);

  nu = self->n_units;
  for (guint n = 0; n < self->n_nodes; n++)
    self->node_score[(gsize) n * nu + unit] = node_scores[n];
  self->total[unit] = total;
  /* As kh-engine-rank.c rounds it. */
  self->rounded[unit] = self->unit_group[unit] >= 0
                          ? kh_round_half_away (total, self->groups[self->unit_group[unit]].precision)
                          : NAN;
  self->rank[unit] = rank;
  self->tier[unit] = tier;
  self->awards[unit] = awards;
  /* The contributions kept are of the scores before. */
  self->contrib_unit = G_MAXUINT;
}

void
kh_plan_compute_aggregation (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  if (!self->computed || self->scores_stale)
    kh_plan_compute (self);
  else
    kh_engine_compute_from_aggregation (self, NULL);
}

/* ---- changes and getters -------------------------------------------------------- */

gboolean
kh_plan_set_value (KhPlan     *self,
                   guint       unit,
                   const char *field,
                   double      value)
{
  guint f, vf;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit < self->n_units, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  f = kh_dataset_find_field (self->dataset, field);
  vf = kh_engine_field_lookup (self, field);
  if (f == KH_DATASET_NONE || vf == G_MAXUINT)
    return FALSE;
  if (self->fields[vf].indicator >= 0
      && !kh_engine_grade_code_ok (self->inds[self->fields[vf].indicator].src, value))
    return FALSE;
  kh_dataset_set (self->dataset, unit, f, value);
  self->scores_stale = TRUE;
  return TRUE;
}

gboolean
kh_plan_set_weight (KhPlan     *self,
                    const char *node_id,
                    double      weight)
{
  int n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  n = kh_plan_find_node (self, node_id);
  if (n < 0 || !(isfinite (weight) && weight >= 0))
    return FALSE;
  self->nodes[n].weight = weight;
  return TRUE;
}

KhFramework *
kh_plan_get_framework (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->framework;
}

KhDataset *
kh_plan_get_dataset (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dataset;
}

guint
kh_plan_get_n_units (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_units;
}

guint
kh_plan_find_unit (KhPlan     *self,
                   const char *id)
{
  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  return kh_dataset_find_unit (self->dataset, id);
}

guint
kh_plan_get_n_nodes (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nodes;
}

const KhNode *
kh_plan_get_node (KhPlan *self,
                  guint   node)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (node < self->n_nodes, NULL);
  return self->nodes[node].src;
}

int
kh_plan_find_node (KhPlan     *self,
                   const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, id)) - 1;
}

KhGroup *
kh_plan_get_unit_group (KhPlan *self,
                        guint   unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->n_units, NULL);
  return self->unit_group[unit] >= 0 ? self->groups[self->unit_group[unit]].group : NULL;
}

double
kh_plan_get_total (KhPlan *self,
                   guint   unit)
{
  CHECK_UNIT (NAN);
  return self->total[unit];
}

double
kh_plan_get_rounded_total (KhPlan *self,
                           guint   unit)
{
  CHECK_UNIT (NAN);
  return self->rounded[unit];
}

int
kh_plan_get_rank (KhPlan *self,
                  guint   unit)
{
  CHECK_UNIT (0);
  return self->rank[unit];
}

int
kh_plan_get_tier (KhPlan *self,
                  guint   unit)
{
  CHECK_UNIT (0);
  return self->tier[unit];
}

gboolean
kh_plan_get_vetoed (KhPlan *self,
                    guint   unit)
{
  CHECK_UNIT (FALSE);
  return self->vetoed[unit];
}

int
kh_plan_get_previous_rank (KhPlan *self,
                           guint   unit)
{
  CHECK_UNIT (0);
  return self->baseline != NULL ? self->prev_rank[unit] : 0;
}

const char *
kh_plan_get_previous_unit_id (KhPlan *self,
                              guint   unit)
{
  CHECK_UNIT (NULL);
  return self->has_previous ? self->prev_unit_id[unit] : NULL;
}

double
kh_plan_get_previous_total (KhPlan *self,
                            guint   unit)
{
  CHECK_UNIT (NAN);
  return self->baseline != NULL ? self->prev_total[unit] : NAN;
}

gboolean
kh_plan_get_rank_change (KhPlan *self,
                         guint   unit,
                         int    *change)
{
  CHECK_UNIT (FALSE);
  /* Places among the units compared in both years (kh-engine-previous.c). */
  if (self->baseline == NULL || self->prev_compared[unit] == 0)
    return FALSE;
  if (change != NULL)
    *change = self->prev_compared[unit] - self->cur_compared[unit];
  return TRUE;
}

gboolean
kh_plan_has_award (KhPlan *self,
                   guint   unit,
                   guint   award_index)
{
  CHECK_UNIT (FALSE);
  return award_index < 32 && (self->awards[unit] & (1u << award_index)) != 0;
}

int
kh_plan_get_quota (KhPlan *self,
                   guint   unit,
                   guint   quota)
{
  KhGroup *group;
  const KhQuotaRule *rule;

  CHECK_UNIT (0);
  group = kh_plan_get_unit_group (self, unit);
  if (group == NULL || quota >= group->quotas->len || self->tier[unit] <= 0)
    return 0;
  rule = group->quotas->pdata[quota];
  if ((guint) self->tier[unit] > rule->counts->len)
    return 0;
  return g_array_index (rule->counts, int, self->tier[unit] - 1);
}

double
kh_plan_get_adjustment (KhPlan *self,
                        guint   unit,
                        guint   adjustment)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (adjustment < self->framework->adjustments->len, NAN);
  return self->adjust[(gsize) adjustment * self->n_units + unit];
}

gboolean
kh_plan_get_constraint_failed (KhPlan *self,
                               guint   unit,
                               guint   constraint)
{
  CHECK_UNIT (FALSE);
  g_return_val_if_fail (constraint < self->framework->constraints->len, FALSE);
  return self->failed[(gsize) constraint * self->n_units + unit];
}
