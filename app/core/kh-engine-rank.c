/* kh-engine-rank.c — steps 8–9: rounding, ranking and tiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Competition ranking on the total rounded half away from zero to the group's precision;
 * tiers by count, share or threshold, then the caps and vetoes of failed constraints.
 */
#include "config.h"

#include <float.h>
#include <math.h>

#include "kh-engine-private.h"
#include "kh-engine-sort.h"

double
kh_round_half_away (double value,
                    int    digits)
{
  double scale;

  if (!isfinite (value))
    return value;
  digits = CLAMP (digits, 0, 12);
  scale = pow (10.0, digits);
  /* The relative nudge of a few ulp makes 2.675 (stored as 2.67499999…) round as
   * written; it is far below any difference between two real scores. */
  return round (value * scale * (1.0 + 4 * DBL_EPSILON)) / scale;
}

/* Steps 7–8 for one group. */
void
kh_engine_rank_and_tier (KhPlan          *self,
                         const PlanGroup *pg)
{
  KhFramework *fw = self->framework;
  const KhTierRule *rule = pg->group != NULL ? &pg->group->tiers : NULL;
  int n_tiers = rule != NULL && rule->n_tiers > 0 ? rule->n_tiers : 0;
  gsize n = 0;

  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      self->rounded[u] = kh_round_half_away (self->total[u], pg->precision);
      if (!isnan (self->rounded[u]))
        self->work[n++] = self->rounded[u];
    }
  kh_sort_doubles (self->work, n);

  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];
      int tier = 0;

      self->rank[u] = 0;
      self->tier[u] = 0;
      if (isnan (self->rounded[u]))
        continue;
      self->rank[u] = 1 + (int) kh_count_above (self->work, n, self->rounded[u]);
      if (n_tiers == 0)
        continue;

      tier = n_tiers;
      if (rule->mode == KH_TIER_BY_THRESHOLD)
        {
          for (guint t = 0; t < rule->values->len && (int) t < n_tiers - 1; t++)
            if (self->rounded[u] >= pg->tier_values[t])
              {
                tier = (int) t + 1;
                break;
              }
        }
      else
        {
          double cumulative = 0;

          for (guint t = 0; t < rule->values->len && (int) t < n_tiers - 1; t++)
            {
              double v = pg->tier_values[t];

              cumulative += rule->mode == KH_TIER_BY_COUNT ? v : floor (v * n + 0.5);
              if (self->rank[u] <= cumulative)
                {
                  tier = (int) t + 1;
                  break;
                }
            }
        }

      for (guint c = 0; c < fw->constraints->len; c++)
        {
          const KhConstraint *con = fw->constraints->pdata[c];

          if (self->failed[(gsize) c * self->n_units + u]
              && con->consequence == KH_CONSEQUENCE_CAP_TIER)
            tier = MAX (tier, MIN ((int) con->amount, n_tiers));
        }
      if (self->vetoed[u])
        tier = n_tiers;
      self->tier[u] = tier;
    }
}
