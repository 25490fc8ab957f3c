/* kh-engine-adjust.c — step 7: bonuses, deductions and binding constraints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * total = root score + bonuses − deductions − constraint deductions; failed constraints
 * are recorded for the tier caps and vetoes of kh-engine-rank.c.
 */
#include "config.h"

#include <math.h>

#include "kh-engine-private.h"

/* Step 6 for all units. */
void
kh_engine_adjust (KhPlan *self)
{
  KhFramework *fw = self->framework;
  gsize nu = self->n_units;

  for (gsize u = 0; u < nu; u++)
    {
      self->total[u] = self->node_score[u];
      self->vetoed[u] = FALSE;
    }
  for (guint a = 0; a < fw->adjustments->len; a++)
    {
      const KhAdjustment *adj = fw->adjustments->pdata[a];
      const double *v = self->fields[self->adjust_field[a]].values;
      double *out = self->adjust + (gsize) a * nu;

      for (gsize u = 0; u < nu; u++)
        {
          double amount = isnan (v[u]) ? 0.0 : MAX (0.0, adj->per_item * v[u]);

          if (!isnan (adj->cap))
            amount = MIN (amount, adj->cap);
          if (adj->kind == KH_ADJUST_DEDUCTION)
            amount = -amount;
          out[u] = amount;
          self->total[u] += amount;
        }
    }
  for (guint c = 0; c < fw->constraints->len; c++)
    {
      const KhConstraint *con = fw->constraints->pdata[c];
      const double *v = self->fields[self->constraint_field[c]].values;
      guint8 *failed = self->failed + (gsize) c * nu;

      for (gsize u = 0; u < nu; u++)
        {
          failed[u] = isnan (v[u]) || (con->sense == KH_CONSTRAINT_AT_MOST ? v[u] > con->target
                                                                           : v[u] < con->target);
          if (!failed[u])
            continue;
          if (con->consequence == KH_CONSEQUENCE_DEDUCT)
            self->total[u] -= con->amount;
          else if (con->consequence == KH_CONSEQUENCE_VETO)
            self->vetoed[u] = TRUE;
        }
    }
}
