/* kh-engine-explain.c — explanations: values by stage, states, contributions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a unit's score is made of: the value of an indicator at each stage of the
 * pipeline, whether it was missing or imputed, and each node's contribution to the
 * total (computed on demand for one unit at a time; data/schema/README.md,
 * "Contributions and the change against last year").
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-engine-private.h"

/* Splits @value among the children of @n of class @which (−1 all, 0 without and 1 with
 * `coefficient`) for one unit, in proportion to their parts: child c's into
 * out[c · stride]. */
static void
split_unit (KhPlan  *self,
            guint    n,
            guint    u,
            int      which,
            double   value,
            gboolean shortfall,
            double  *out,
            gsize    stride)
{
  const PlanNode *pn = &self->nodes[n];
  gsize nu = self->n_units;
  KhAggregation agg = pn->src->aggregation;
  gboolean by_score = !shortfall && (agg == KH_AGG_SUM || agg == KH_AGG_COEFFICIENT);
  double total = 0;
  guint count = 0;

  for (int pass = 0; pass < 2; pass++)
    for (guint c = 0; c < pn->n_children; c++)
      {
        guint ci = pn->children[c];
        const PlanNode *child = &self->nodes[ci];
        double s = self->node_score[(gsize) ci * nu + u];
        double w = child->weight, part;

        if (which >= 0 && (agg == KH_AGG_COEFFICIENT && child->src->coefficient) != which)
          continue;
        if (isnan (s) || w == 0)
          {
            if (pass == 1)
              out[ci * stride] = 0;
            continue;
          }
        part = shortfall ? w * (1.0 - s / child->points)
               : by_score ? w * s
                          : w * (s / child->points);
        if (pass == 0)
          {
            total += part;
            count++;
          }
        else
          out[ci * stride] = total != 0 ? value * part / total : value / count;
      }
}

/* Node @n's share of unit @u's contribution, out[n · stride], split among its children,
 * out[c · stride]: one step of the walk from the root down. */
static void
split_node (KhPlan *self,
            guint   n,
            guint   u,
            double *out,
            gsize   stride)
{
  const PlanNode *pn = &self->nodes[n];
  gsize nu = self->n_units;
  double V = out[n * stride];

  if (pn->n_children == 0)
    return;
  if (isnan (self->node_score[(gsize) n * nu + u]))
    {
      for (guint c = 0; c < pn->n_children; c++)
        out[pn->children[c] * stride] = 0;
      return;
    }
  if (pn->by_child && !pn->shortfall)
    {
      /* what the children earned before their multipliers, and what these cost */
      double score = self->node_score[(gsize) n * nu + u];
      double before = 0, wp_all = 0, wp_avail = 0, part;

      for (guint c = 0; c < pn->n_children; c++)
        {
          const PlanNode *child = &self->nodes[pn->children[c]];
          double s = self->node_score[(gsize) pn->children[c] * nu + u];

          if (child->src->coefficient)
            continue;
          wp_all += child->weight * child->points;
          if (child->weight == 0 || isnan (s))
            continue;
          before += child->weight * s;
          wp_avail += child->weight * child->points;
        }
      before *= wp_all / wp_avail;
      part = score != 0 ? V * before / score : 0.0;
      split_unit (self, n, u, 0, part, FALSE, out, stride);
      split_unit (self, n, u, 1, V - part, TRUE, out, stride);
    }
  else if (pn->src->aggregation == KH_AGG_COEFFICIENT && !pn->shortfall)
    {
      double coef = 1;

      for (guint c = 0; c < pn->n_children; c++)
        {
          const PlanNode *child = &self->nodes[pn->children[c]];
          double s = self->node_score[(gsize) pn->children[c] * nu + u];

          if (child->src->coefficient && child->weight != 0 && !isnan (s))
            coef *= MAX (s / child->points, 0.0);
        }
      split_unit (self, n, u, 0, coef == 0 ? 0.0 : V / coef, FALSE, out, stride);
      split_unit (self, n, u, 1, coef == 0 ? 0.0 : V - V / coef, TRUE, out, stride);
    }
  else
    split_unit (self, n, u, -1, V, pn->shortfall, out, stride);
}

void
kh_engine_unit_contributions (KhPlan *self,
                              guint   u,
                              double *buf)
{
  buf[0] = isnan (self->node_score[u]) ? 0.0 : self->node_score[u];
  for (guint n = 0; n < self->n_nodes; n++)
    split_node (self, n, u, buf, 1);
}

/* Contributions of one unit, from the root down, into contrib_buf; computed on demand
 * (explanations only) and kept for the last unit asked. */
void
kh_engine_ensure_contributions (KhPlan *self,
                                guint   u)
{
  if (self->contrib_unit == u)
    return;
  kh_engine_unit_contributions (self, u, self->contrib_buf);
  self->contrib_unit = u;
}

/* split_unit (self, n, u, −1, out[n][u], shortfall, …) of every unit u whose score of
 * @n is a number, node @n being neither a coefficient node nor below one: each child's
 * part computed as split_unit() computes it, the children in the same order for each
 * unit. */
static void
split_plain_node (KhPlan *self,
                  guint   n,
                  double *out,
                  double *total,
                  guint  *count)
{
  const PlanNode *pn = &self->nodes[n];
  gsize nu = self->n_units;
  const double *score = self->node_score + (gsize) n * nu;
  const double *V = out + (gsize) n * nu;
  KhAggregation agg = pn->src->aggregation;
  gboolean shortfall = pn->shortfall;
  gboolean by_score = !shortfall && (agg == KH_AGG_SUM || agg == KH_AGG_COEFFICIENT);

  memset (total, 0, nu * sizeof *total);
  memset (count, 0, nu * sizeof *count);
  for (guint c = 0; c < pn->n_children; c++)
    {
      const PlanNode *child = &self->nodes[pn->children[c]];
      const double *s = self->node_score + (gsize) pn->children[c] * nu;
      double w = child->weight, points = child->points;

      if (w == 0)
        continue;
      for (gsize u = 0; u < nu; u++)
        if (!isnan (score[u]) && !isnan (s[u]))
          {
            total[u] += shortfall  ? w * (1.0 - s[u] / points)
                        : by_score ? w * s[u]
                                   : w * (s[u] / points);
            count[u]++;
          }
    }
  for (guint c = 0; c < pn->n_children; c++)
    {
      const PlanNode *child = &self->nodes[pn->children[c]];
      const double *s = self->node_score + (gsize) pn->children[c] * nu;
      double *to = out + (gsize) pn->children[c] * nu;
      double w = child->weight, points = child->points;

      for (gsize u = 0; u < nu; u++)
        {
          double part;

          if (w == 0 || isnan (score[u]) || isnan (s[u]))
            {
              to[u] = 0;
              continue;
            }
          part = shortfall  ? w * (1.0 - s[u] / points)
                 : by_score ? w * s[u]
                            : w * (s[u] / points);
          to[u] = total[u] != 0 ? V[u] * part / total[u] : V[u] / count[u];
        }
    }
}

void
kh_engine_all_contributions (KhPlan *self,
                             double *out)
{
  gsize nu = self->n_units;
  g_autofree double *total = g_new (double, MAX (nu, 1));
  g_autofree guint *count = g_new (guint, MAX (nu, 1));

  for (gsize u = 0; u < nu; u++)
    out[u] = isnan (self->node_score[u]) ? 0.0 : self->node_score[u];
  for (guint n = 0; n < self->n_nodes; n++)
    {
      const PlanNode *pn = &self->nodes[n];

      if (pn->n_children == 0)
        continue;
      if ((pn->by_child && !pn->shortfall)
          || (pn->src->aggregation == KH_AGG_COEFFICIENT && !pn->shortfall))
        {
          for (guint u = 0; u < nu; u++)
            split_node (self, n, u, out + u, nu);
        }
      else
        split_plain_node (self, n, out, total, count);
    }
}

double
kh_plan_get_value (KhPlan *self,
                   guint   unit,
                   guint   node,
                   KhStage stage)
{
  const PlanIndicator *ind;
  const ValueField *field;

  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);

  if (self->nodes[node].indicator < 0)
    return stage == KH_STAGE_SCORED ? self->node_score[(gsize) node * self->n_units + unit] : NAN;
  ind = &self->inds[self->nodes[node].indicator];
  field = &self->fields[ind->field];
  switch (stage)
    {
    case KH_STAGE_RAW:
      return field->data_field != KH_DATASET_NONE
               ? kh_dataset_get (self->dataset, unit, field->data_field)
               : NAN;
    case KH_STAGE_DERIVED:
      return field->values[unit];
    case KH_STAGE_TREATED:
      if (ind->treated != NULL)
        return ind->treated[unit];
      if (self->state[(gsize) self->nodes[node].indicator * self->n_units + unit] != KH_VALUE_OK)
        return NAN;
      return field->values[unit];
    case KH_STAGE_SCORED:
    default:
      return self->node_score[(gsize) node * self->n_units + unit];
    }
}

KhValueState
kh_plan_get_value_state (KhPlan *self,
                         guint   unit,
                         guint   node)
{
  CHECK_UNIT (KH_VALUE_MISSING);
  g_return_val_if_fail (node < self->n_nodes, KH_VALUE_MISSING);

  if (self->nodes[node].indicator < 0)
    return isnan (self->node_score[(gsize) node * self->n_units + unit]) ? KH_VALUE_MISSING
                                                                         : KH_VALUE_OK;
  return self->state[(gsize) self->nodes[node].indicator * self->n_units + unit];
}

double
kh_plan_get_node_score (KhPlan *self,
                        guint   unit,
                        guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  return self->node_score[(gsize) node * self->n_units + unit];
}

double
kh_plan_get_contribution (KhPlan *self,
                          guint   unit,
                          guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  kh_engine_ensure_contributions (self, unit);
  return self->contrib_buf[node];
}

double
kh_plan_get_previous_contribution (KhPlan *self,
                                   guint   unit,
                                   guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  if (!self->has_previous)
    return 0.0;
  if (self->prev_plan != NULL)
    {
      int match = self->prev_node_match[node];
      guint from = self->prev_unit_map[unit];

      if (match < 0 || from == KH_DATASET_NONE)
        return 0.0;
      /* that unit's of last year, all computed at once and kept for the next nodes asked */
      if (self->prev_contrib_buf == NULL)
        self->prev_contrib_buf = g_new (double, MAX (self->prev_plan->n_nodes, 1));
      if (self->prev_contrib_unit != from)
        {
          kh_engine_unit_contributions (self->prev_plan, from, self->prev_contrib_buf);
          self->prev_contrib_unit = from;
        }
      return self->prev_contrib_buf[match];
    }
  return self->prev_contrib != NULL ? self->prev_contrib[(gsize) node * self->n_units + unit]
                                    : NAN;
}

void
kh_plan_drop_previous_contributions (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->prev_contrib, g_free);
  g_clear_pointer (&self->prev_plan, kh_plan_unref);
  g_clear_pointer (&self->prev_unit_map, g_free);
  g_clear_pointer (&self->prev_node_match, g_free);
  g_clear_pointer (&self->prev_contrib_buf, g_free);
}

void
kh_plan_share_as_previous (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  self->shared_as_previous = TRUE;
}

void
kh_engine_copy_previous_contributions (KhPlan *copy,
                                       KhPlan *self)
{
  gsize n = MAX (self->n_units, 1);

  g_assert (copy->n_units == self->n_units && copy->n_nodes == self->n_nodes);
  copy->prev_contrib = kh_engine_dup_doubles (self->prev_contrib,
                                              (gsize) MAX (self->n_nodes, 1) * n);
  if (self->prev_plan != NULL)
    {
      copy->prev_plan = kh_plan_ref (self->prev_plan);
      copy->prev_unit_map = g_memdup2 (self->prev_unit_map, sizeof (guint) * n);
      copy->prev_node_match = g_memdup2 (self->prev_node_match,
                                         sizeof (int) * MAX (self->n_nodes, 1));
      copy->prev_contrib_unit = G_MAXUINT;
    }
}

void
kh_plan_release_slack (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  kh_engine_release_tail (self->node_score, (gsize) MAX (self->n_nodes, 1) * MAX (self->n_units, 1));
  kh_engine_release_tail (self->prev_contrib, (gsize) MAX (self->n_nodes, 1) * MAX (self->n_units, 1));
}

double
kh_plan_get_coverage (KhPlan *self,
                      guint   unit,
                      guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  return kh_engine_coverage (self, node, unit);
}

void
kh_plan_get_coverages (KhPlan *self,
                       guint   node,
                       double *coverages)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (node < self->n_nodes);
  g_return_if_fail (coverages != NULL || self->n_units == 0);

  kh_engine_coverage_all (self, node, coverages);
}
