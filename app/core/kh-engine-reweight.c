/* kh-engine-reweight.c — a computed plan re-weighted without computing it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A weight takes part only in the aggregation of its node's parent (and in the
 * coverage of the nodes above it): the values, their treatment and the indicators'
 * scores do not change. kh_plan_reweight() compiles the edited framework against the
 * same dataset, takes over the computed plan's values, scores and previous year, then
 * aggregates again only the nodes above a changed weight, and runs adjustments, ranks,
 * tiers, rank change and awards as kh_plan_compute() does. Every stage being the same
 * code on the same inputs, the results equal those of kh_plan_new() + kh_plan_compute()
 * on the edited framework bit for bit (tests/test-engine-reweight.c); so does a
 * like-for-like plan (kh_plan_new_like_for_like()) re-weighted: the values, states and
 * scores it took of last year are taken over (the Results page's breakdown keeps one).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-engine-private.h"

/* What kh_plan_reweight() relies on: the same nodes, indicators, fields and groups in
 * the same order, with the same points. */
static gboolean
same_structure (KhPlan  *self,
                KhPlan  *other,
                GError **error)
{
  gboolean same = self->n_nodes == other->n_nodes && self->n_inds == other->n_inds
                  && self->n_fields == other->n_fields && self->n_groups == other->n_groups
                  && self->framework->adjustments->len == other->framework->adjustments->len
                  && self->framework->constraints->len == other->framework->constraints->len;

  for (guint n = 0; same && n < self->n_nodes; n++)
    {
      const PlanNode *a = &self->nodes[n], *b = &other->nodes[n];

      same = g_strcmp0 (a->src->id, b->src->id) == 0 && a->parent == b->parent
             && a->n_children == b->n_children && a->indicator == b->indicator
             && a->points == b->points && a->src->aggregation == b->src->aggregation;
    }
  for (guint i = 0; same && i < self->n_inds; i++)
    same = (self->inds[i].treated == NULL) == (other->inds[i].treated == NULL)
           && self->inds[i].scoring == &self->inds[i].src->scoring
           && self->inds[i].missing == self->inds[i].src->missing;
  for (guint f = 0; same && f < self->n_fields; f++)
    same = g_strcmp0 (self->fields[f].id, other->fields[f].id) == 0
           && (self->fields[f].derived == NULL) == (other->fields[f].derived == NULL);
  for (guint g = 0; same && g < self->n_groups; g++)
    {
      const PlanGroup *a = &self->groups[g];
      guint n_values = a->group != NULL ? a->group->tiers.values->len : 0;

      same = a->n_units == other->groups[g].n_units
             && (n_values == 0
                 || memcmp (a->tier_values, other->groups[g].tier_values,
                            n_values * sizeof (double))
                      == 0);
    }
  if (!same)
    g_set_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID,
                 _("framework “%s” differs from the plan's in more than its weights"),
                 other->framework->id != NULL ? other->framework->id : "");
  return same;
}

KhPlan *
kh_plan_reweight (KhPlan      *self,
                  KhFramework *framework,
                  GError     **error)
{
  g_autoptr (KhPlan) plan = NULL;
  g_autofree guint8 *marked = NULL;
  gsize nu, n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (framework != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->computed || self->scores_stale)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID,
                           _("the plan to re-weight is not computed"));
      return NULL;
    }
  plan = kh_plan_new (framework, self->dataset, NULL, error);
  if (plan == NULL || !same_structure (self, plan, error))
    return NULL;

  nu = self->n_units;
  n = MAX (nu, 1);
  /* the previous year, as kh_plan_copy() takes it over */
  for (guint f = 0; f < self->n_fields; f++)
    {
      if (self->fields[f].prev != NULL)
        plan->fields[f].prev = g_memdup2 (self->fields[f].prev, n * sizeof (double));
      plan->fields[f].needs_prev = self->fields[f].needs_prev;
      if (self->fields[f].derived != NULL)
        memcpy (plan->fields[f].derived, self->fields[f].derived, n * sizeof (double));
    }
  kh_engine_copy_previous (plan, self);
  if (self->has_previous)
    {
      plan->has_previous = TRUE;
      plan->prev_unit_id = g_new0 (char *, n + 1);
      for (guint u = 0; u < nu; u++)
        plan->prev_unit_id[u] = g_strdup (self->prev_unit_id[u]);
      kh_engine_copy_previous_contributions (plan, self);
    }

  /* the values and scores, which no weight changes */
  memcpy (plan->node_score, self->node_score, (gsize) MAX (self->n_nodes, 1) * n * sizeof (double));
  memcpy (plan->state, self->state, (gsize) MAX (self->n_inds, 1) * n);
  for (guint i = 0; i < self->n_inds; i++)
    if (self->inds[i].treated != NULL)
      memcpy (plan->inds[i].treated, self->inds[i].treated, n * sizeof (double));
  plan->computed = TRUE;
  plan->scores_stale = FALSE;

  /* the nodes above a changed weight: their aggregation reads it */
  marked = g_new0 (guint8, MAX (self->n_nodes, 1));
  for (guint i = 0; i < self->n_nodes; i++)
    if (plan->nodes[i].weight != self->nodes[i].weight)
      for (int p = plan->nodes[i].parent; p >= 0 && !marked[p]; p = plan->nodes[p].parent)
        marked[p] = 1;
  kh_engine_compute_from_aggregation (plan, marked);
  return g_steal_pointer (&plan);
}
