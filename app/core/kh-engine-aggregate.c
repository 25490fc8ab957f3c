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

/* Step 5, node by node (children before parents), over all units at once. The
 * accumulators are rows of self->acc; children are visited in tree order. */
void
kh_engine_aggregate (KhPlan *self)
{
  gsize nu = self->n_units;
  double *sum = self->acc, *wsum = self->acc + nu, *wp = self->acc + 2 * nu;
  double *coef = self->acc + 3 * nu, *cnt = self->acc + 4 * nu;

  for (guint n = self->n_nodes; n-- > 0;)
    {
      const PlanNode *pn = &self->nodes[n];
      KhAggregation agg = pn->src->aggregation;
      double P = pn->points;
      double wp_all = 0;
      double *out = self->node_score + (gsize) n * nu;

      if (pn->indicator >= 0)
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
              out[u] = sum[u] * (wp_all / wp[u]) * coef[u];
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
    }
}
