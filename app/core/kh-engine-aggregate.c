/* kh-engine-aggregate.c — step 6: aggregating node scores bottom-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sum, mean, geometric, harmonic and coefficient, over the available children with
 * re-weighting (data/schema/README.md, "Aggregation").
 */
#include "config.h"

#include <math.h>

#include "kh-engine-private.h"

/* @factor[u]: the product of the normalised scores of the coefficient siblings that
 * multiply @child (a missing coefficient counts as 1). */
static void
multiplier_factors (KhPlan         *self,
                    const PlanNode *child,
                    double         *factor)
{
  gsize nu = self->n_units;

  for (gsize u = 0; u < nu; u++)
    factor[u] = 1.0;
  for (guint m = 0; m < child->n_multipliers; m++)
    {
      const PlanNode *coef = &self->nodes[child->multipliers[m]];
      const double *cs = self->node_score + (gsize) child->multipliers[m] * nu;

      if (coef->weight == 0)
        continue;
      for (gsize u = 0; u < nu; u++)
        if (!isnan (cs[u]))
          factor[u] *= MAX (cs[u] / coef->points, 0.0);
    }
}

/* A node whose coverage is below its min-coverage scores per its rule: nothing (its
 * parent re-weights) or zero. A node where nothing applies keeps no score. */
static void
apply_min_coverage (KhPlan *self,
                    guint   n,
                    double *out)
{
  const KhNode *node = self->nodes[n].src;

  for (guint u = 0; u < self->n_units; u++)
    {
      double cov = kh_engine_coverage (self, n, u);

      if (!isnan (cov) && cov < node->min_coverage - KH_COVERAGE_EPSILON)
        out[u] = node->below == KH_BELOW_ZERO ? 0.0 : NAN;
    }
}

/* Step 5, node by node (children before parents), over all units at once. The
 * accumulators are rows of self->acc; children are visited in tree order. @marked
 * (n_nodes flags, NULL: all): only the inner nodes marked are aggregated again, the
 * others keep their scores (kh-engine-reweight.c marks those above a changed weight). */
void
kh_engine_aggregate_marked (KhPlan       *self,
                            const guint8 *marked)
{
  gsize nu = self->n_units;
  double *sum = self->acc, *wsum = self->acc + nu, *wp = self->acc + 2 * nu;
  double *coef = self->acc + 3 * nu, *cnt = self->acc + 4 * nu, *factor = self->acc + 5 * nu;

  for (guint n = self->n_nodes; n-- > 0;)
    {
      const PlanNode *pn = &self->nodes[n];
      KhAggregation agg = pn->src->aggregation;
      double P = pn->points;
      double wp_all = 0;
      double *out = self->node_score + (gsize) n * nu;

      if (pn->indicator >= 0 || (marked != NULL && !marked[n]))
        continue;
      if (pn->n_children == 0)
        {
          for (gsize u = 0; u < nu; u++)
            out[u] = NAN;
          continue;
        }
      for (gsize u = 0; u < nu; u++)
        {
          sum[u] = wsum[u] = wp[u] = cnt[u] = 0;
          coef[u] = 1;
        }

      for (guint c = 0; c < pn->n_children; c++)
        {
          const PlanNode *child = &self->nodes[pn->children[c]];
          const double *s = self->node_score + (gsize) pn->children[c] * nu;
          double w = child->weight, Pc = child->points, wPc = w * Pc;
          gboolean is_coef = agg == KH_AGG_COEFFICIENT && child->src->coefficient;

          if (!is_coef)
            wp_all += wPc;
          if (w == 0)
            continue;
          if (is_coef)
            {
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  coef[u] *= MAX (s[u] / Pc, 0.0);
              continue;
            }
          switch (agg)
            {
            case KH_AGG_SUM:
            case KH_AGG_COEFFICIENT:
              if (pn->by_child)
                {
                  /* only the coefficients that name this child multiply it */
                  multiplier_factors (self, child, factor);
                  for (gsize u = 0; u < nu; u++)
                    if (!isnan (s[u]))
                      {
                        sum[u] += w * s[u] * factor[u];
                        wp[u] += wPc;
                        cnt[u] += 1;
                      }
                  break;
                }
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    sum[u] += w * s[u];
                    wp[u] += wPc;
                    cnt[u] += 1;
                  }
              break;
            case KH_AGG_MEAN:
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    sum[u] += w * (s[u] / Pc);
                    wsum[u] += w;
                    cnt[u] += 1;
                  }
              break;
            case KH_AGG_GEOMETRIC:
            case KH_AGG_HARMONIC:
              /* coef[] doubles as the "some fᵢ ≤ 0" flag (set to 0) */
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    double f = s[u] / Pc;

                    if (f <= 0)
                      coef[u] = 0;
                    else
                      sum[u] += agg == KH_AGG_GEOMETRIC ? w * log (f) : w / f;
                    wsum[u] += w;
                    cnt[u] += 1;
                  }
              break;
            default:
              g_assert_not_reached ();
            }
        }

      for (gsize u = 0; u < nu; u++)
        {
          if (cnt[u] == 0)
            {
              out[u] = NAN;
              continue;
            }
          switch (agg)
            {
            case KH_AGG_SUM:
              out[u] = sum[u] * (wp_all / wp[u]);
              break;
            case KH_AGG_COEFFICIENT:
              out[u] = pn->by_child ? sum[u] * (wp_all / wp[u]) : sum[u] * (wp_all / wp[u]) * coef[u];
              break;
            case KH_AGG_MEAN:
              out[u] = P * sum[u] / wsum[u];
              break;
            case KH_AGG_GEOMETRIC:
              out[u] = coef[u] == 0 ? 0.0 : P * exp (sum[u] / wsum[u]);
              break;
            case KH_AGG_HARMONIC:
              out[u] = coef[u] == 0 ? 0.0 : P * wsum[u] / sum[u];
              break;
            default:
              g_assert_not_reached ();
            }
        }
      if (pn->src->min_coverage > 0)
        apply_min_coverage (self, n, out);
    }
}

void
kh_engine_aggregate (KhPlan *self)
{
  kh_engine_aggregate_marked (self, NULL);
}

double
kh_engine_coverage (KhPlan *self,
                    guint   n,
                    guint   u)
{
  const PlanNode *pn = &self->nodes[n];
  KhAggregation agg = pn->src->aggregation;
  gboolean by_points = agg == KH_AGG_SUM || agg == KH_AGG_COEFFICIENT;
  double num = 0, den = 0;

  if (pn->indicator >= 0)
    {
      guint8 state = self->state[(gsize) pn->indicator * self->n_units + u];

      if (state == KH_VALUE_NOT_APPLICABLE)
        return NAN;
      return state == KH_VALUE_OK ? 1.0 : 0.0;
    }
  for (guint c = 0; c < pn->n_children; c++)
    {
      const PlanNode *child = &self->nodes[pn->children[c]];
      double cov;

      if (child->weight == 0 || (agg == KH_AGG_COEFFICIENT && child->src->coefficient))
        continue;
      cov = kh_engine_coverage (self, pn->children[c], u);
      if (isnan (cov))
        continue;
      /* what multiplies a child is as much backed by data as the coefficients are */
      for (guint k = 0; agg == KH_AGG_COEFFICIENT && k < pn->n_children; k++)
        {
          const PlanNode *coef = &self->nodes[pn->children[k]];
          gboolean hits = FALSE;
          double mc;

          if (!coef->src->coefficient || coef->weight == 0)
            continue;
          for (guint m = 0; m < child->n_multipliers; m++)
            hits = hits || child->multipliers[m] == pn->children[k];
          if (pn->by_child && !hits)
            continue;
          mc = kh_engine_coverage (self, pn->children[k], u);
          if (!isnan (mc))
            cov *= mc;
        }
      num += (by_points ? child->weight * child->points : child->weight) * cov;
      den += by_points ? child->weight * child->points : child->weight;
    }
  return den > 0 ? num / den : NAN;
}


void
kh_engine_coverage_all (KhPlan *self,
                        guint   n,
                        double *out)
{
  const PlanNode *pn = &self->nodes[n];
  KhAggregation agg = pn->src->aggregation;
  gboolean by_points = agg == KH_AGG_SUM || agg == KH_AGG_COEFFICIENT;
  gsize nu = self->n_units;
  g_autofree double *num = NULL;
  g_autofree double *den = NULL;
  g_autofree double *cov = NULL;
  g_autofree double *mc = NULL;

  if (pn->indicator >= 0)
    {
      const guint8 *state = self->state + (gsize) pn->indicator * nu;

      for (gsize u = 0; u < nu; u++)
        out[u] = state[u] == KH_VALUE_NOT_APPLICABLE ? NAN
                 : state[u] == KH_VALUE_OK           ? 1.0
                                                     : 0.0;
      return;
    }
  num = g_new0 (double, MAX (nu, 1));
  den = g_new0 (double, MAX (nu, 1));
  cov = g_new (double, MAX (nu, 1));
  /* kh_engine_coverage()'s steps in its order for each unit: a unit whose child's
   * coverage is NaN takes no part of that child, its multipliers' included. */
  for (guint c = 0; c < pn->n_children; c++)
    {
      const PlanNode *child = &self->nodes[pn->children[c]];
      double w;

      if (child->weight == 0 || (agg == KH_AGG_COEFFICIENT && child->src->coefficient))
        continue;
      kh_engine_coverage_all (self, pn->children[c], cov);
      for (guint k = 0; agg == KH_AGG_COEFFICIENT && k < pn->n_children; k++)
        {
          const PlanNode *coef = &self->nodes[pn->children[k]];
          gboolean hits = FALSE;

          if (!coef->src->coefficient || coef->weight == 0)
            continue;
          for (guint m = 0; m < child->n_multipliers; m++)
            hits = hits || child->multipliers[m] == pn->children[k];
          if (pn->by_child && !hits)
            continue;
          if (mc == NULL)
            mc = g_new (double, MAX (nu, 1));
          kh_engine_coverage_all (self, pn->children[k], mc);
          for (gsize u = 0; u < nu; u++)
            if (!isnan (cov[u]) && !isnan (mc[u]))
              cov[u] *= mc[u];
        }
      w = by_points ? child->weight * child->points : child->weight;
      for (gsize u = 0; u < nu; u++)
        if (!isnan (cov[u]))
          {
            num[u] += w * cov[u];
            den[u] += w;
          }
    }
  for (gsize u = 0; u < nu; u++)
    out[u] = den[u] > 0 ? num[u] / den[u] : NAN;
}
