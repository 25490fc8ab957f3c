/* kh-engine-vary.c — copies of a plan, and the variations the analysis layer runs on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy compiles the same framework against the same dataset and takes over what the
 * original holds beyond them: weights, variations, the previous year. The setters vary
 * one plan without touching the framework; they are called once per run of a
 * sensitivity analysis, so none allocates (but see kh_plan_set_missing()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-engine-private.h"

KhPlan *
kh_plan_copy (KhPlan *self)
{
  g_autoptr (GError) error = NULL;
  KhPlan *copy;
  gsize n;

  g_return_val_if_fail (self != NULL, NULL);

  /* Compiling again cannot fail where it succeeded before: same framework, same data. */
  copy = kh_plan_new (self->framework, self->dataset, NULL, &error);
  g_assert_no_error (error);
  n = MAX (self->n_units, 1);
  for (guint i = 0; i < self->n_nodes; i++)
    copy->nodes[i].weight = self->nodes[i].weight;
  for (guint g = 0; g < self->n_groups; g++)
    if (self->groups[g].group != NULL)
      kh_plan_set_tier_values (copy, self->groups[g].group, self->groups[g].tier_values);
  for (guint f = 0; f < self->n_fields; f++)
    if (self->fields[f].prev != NULL)
      copy->fields[f].prev = g_memdup2 (self->fields[f].prev, n * sizeof (double));
  kh_engine_copy_previous (copy, self);
  if (self->has_previous)
    {
      copy->has_previous = TRUE;
      copy->prev_unit_id = g_new0 (char *, n + 1);
      for (guint u = 0; u < self->n_units; u++)
        copy->prev_unit_id[u] = g_strdup (self->prev_unit_id[u]);
      kh_engine_copy_previous_contributions (copy, self);
    }
  /* after the previous values: a carried rule needs them */
  for (guint i = 0; i < self->n_inds; i++)
    {
      copy->inds[i].scoring = self->inds[i].scoring;
      if (self->inds[i].missing != self->inds[i].src->missing)
        (void) kh_plan_set_missing (copy, self->inds[i].node, self->inds[i].missing, NULL);
    }
  return copy;
}

gboolean
kh_plan_set_node_weight (KhPlan *self,
                         guint   node,
                         double  weight)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node < self->n_nodes, FALSE);

  if (!(isfinite (weight) && weight >= 0))
    return FALSE;
  self->nodes[node].weight = weight;
  return TRUE;
}

static PlanIndicator *
indicator_of (KhPlan  *self,
              guint    node,
              GError **error)
{
  if (node >= self->n_nodes || self->nodes[node].indicator < 0)
    {
      g_set_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID, _("node %u is not an indicator"),
                   node);
      return NULL;
    }
  return &self->inds[self->nodes[node].indicator];
}

gboolean
kh_plan_set_scoring (KhPlan          *self,
                     guint            node,
                     const KhScoring *scoring,
                     GError         **error)
{
  PlanIndicator *ind;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ind = indicator_of (self, node, error);
  if (ind == NULL)
    return FALSE;
  if (scoring == NULL)
    scoring = &ind->src->scoring;
  /* checked without allocating: this runs once per replication of an analysis */
  if (scoring != &ind->src->scoring && kh_engine_check_scoring (ind->src, scoring, NULL) > 0)
    {
      g_autoptr (GString) problems = g_string_new (NULL);

      kh_engine_check_scoring (ind->src, scoring, problems);
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID, problems->str);
      return FALSE;
    }
  self->scores_stale = self->scores_stale || scoring != ind->scoring;
  ind->scoring = scoring;
  return TRUE;
}

gboolean
kh_plan_set_missing (KhPlan          *self,
                     guint            node,
                     KhMissingPolicy  policy,
                     GError         **error)
{
  PlanIndicator *ind;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (policy <= KH_MISSING_PREVIOUS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ind = indicator_of (self, node, error);
  if (ind == NULL)
    return FALSE;
  if (policy == KH_MISSING_PREVIOUS && self->fields[ind->field].prev == NULL)
    {
      g_set_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA,
                   _("indicator “%s”: the plan holds no previous values to carry"), ind->src->id);
      return FALSE;
    }
  /* Imputed values need a treated row of their own (once; later calls allocate nothing). */
  if (ind->treated == NULL && policy != KH_MISSING_REWEIGHT && policy != KH_MISSING_ZERO)
    {
      ind->treated = g_new (double, MAX (self->n_units, 1));
      for (guint u = 0; u < MAX (self->n_units, 1); u++)
        ind->treated[u] = NAN;
    }
  self->scores_stale = self->scores_stale || policy != ind->missing;
  ind->missing = policy;
  return TRUE;
}

gboolean
kh_plan_set_tier_values (KhPlan        *self,
                         const KhGroup *group,
                         const double  *values)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (group != NULL, FALSE);

  for (guint g = 0; g < self->n_groups; g++)
    if (self->groups[g].group == group)
      {
        for (guint t = 0; t < group->tiers.values->len; t++)
          self->groups[g].tier_values[t]
            = values != NULL ? values[t] : g_array_index (group->tiers.values, double, t);
        return TRUE;
      }
  return FALSE;
}
