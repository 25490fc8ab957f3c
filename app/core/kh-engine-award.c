/* kh-engine-award.c — step 9: awards against the previous year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An award rule of a peer group picks the units whose rank improved by at least
 * min-advance places, within its tier bounds and not vetoed; with `most`, only the
 * largest advance.
 */
#include "config.h"

#include "kh-engine-private.h"

/* Step 9: awards of one group. */
void
kh_engine_award (KhPlan          *self,
                 const PlanGroup *pg)
{
  if (pg->group == NULL)
    return;
  for (guint k = 0; k < pg->n_units; k++)
    self->awards[pg->units[k]] = 0;
  if (self->baseline == NULL)
    return;

  for (guint a = 0; a < pg->group->awards->len && a < 32; a++)
    {
      const KhAwardRule *rule = pg->group->awards->pdata[a];
      int best = G_MININT;

      for (int pass = 0; pass < 2; pass++)
        for (guint k = 0; k < pg->n_units; k++)
          {
            guint u = pg->units[k];
            int change;

            if (!kh_plan_get_rank_change (self, u, &change) || self->vetoed[u]
                || change < rule->min_advance
                || (rule->min_tier > 0 && self->tier[u] < rule->min_tier)
                || (rule->max_tier > 0 && (self->tier[u] > rule->max_tier || self->tier[u] == 0)))
              continue;
            if (pass == 0)
              best = MAX (best, change);
            else if (!rule->most || change == best)
              self->awards[u] |= 1u << a;
          }
    }
}
