/* kh-engine-normalise.c — steps 2–5: missing values, outlier treatment, direction, scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One indicator over one peer group at a time: gather the available values (carrying
 * last year's value or taking the logarithm as asked), winsorise, impute the group mean
 * or median, turn a band into the distance to it, take the group statistics the method
 * needs (in the work buffer), then score every available unit in points.
 */
#include "config.h"

#include <math.h>

#include "kh-engine-private.h"
#include "kh-engine-sort.h"

/* The value the relative methods compare: higher is better after this. */
static inline double
direction_key (const KhNode *node,
               double        x)
{
  return node->direction == KH_DIRECTION_HIGHER ? x : -x;
}

/* Step 4 for the units of @pg whose treated value @t[u] is available: writes @score.
 * @t may be @score itself (scored in place). @work holds the @n available keys
 * (sorted for rank and percentile). The method's switch is outside the unit loops. */
static void
score_units (const KhNode    *node,
             const KhScoring *s,
             const PlanGroup *pg,
             const guint8    *state,
             const double    *t,
             double          *score,
             const double    *work,
             gsize            n,
             double           lo,
             double           hi)
{
  const guint *units = pg->units;
  guint n_units = pg->n_units;
  double P = node->points;
  gboolean lower = node->direction != KH_DIRECTION_HIGHER;
  double sign = lower ? -1.0 : 1.0;

#define FOR_AVAILABLE(body)                                                                        \
  for (guint k = 0; k < n_units; k++)                                                              \
    {                                                                                              \
      guint u = units[k];                                                                          \
      double x = t[u];                                                                             \
      if (state[u] != KH_VALUE_OK && state[u] != KH_VALUE_IMPUTED)                                 \
        continue;                                                                                  \
      body;                                                                                        \
    }

  switch (s->method)
    {
    case KH_METHOD_MINMAX:
      {
        double a = isnan (s->a) ? 0.0 : s->a;
        double b = isnan (s->b) ? P : s->b;
        double scale = hi > lo ? (b - a) / (hi - lo) : 0.0;

        if (hi > lo)
          FOR_AVAILABLE (score[u] = a + scale * (sign * x - lo))
        else
          FOR_AVAILABLE ((void) x; score[u] = b)
      }
      break;
    case KH_METHOD_ZSCORE:
      {
        double m = isnan (s->mean) ? 0.0 : s->mean;
        double sd = isnan (s->sd) ? 1.0 : s->sd;

        if (hi > 0)
          FOR_AVAILABLE (score[u] = m + sd * (sign * x - lo) / hi)
        else
          FOR_AVAILABLE ((void) x; score[u] = m)
      }
      break;
    case KH_METHOD_RANK:
      FOR_AVAILABLE ({
        double r = 1.0 + kh_count_above (work, n, sign * x);

        if (s->step > 0)
          score[u] = MAX (0.0, P - s->step * (r - 1));
        else
          score[u] = n > 1 ? P * (n - r) / (n - 1) : P;
      })
      break;
    case KH_METHOD_PERCENTILE:
      FOR_AVAILABLE (score[u] = n > 1 ? P * kh_count_below (work, n, sign * x) / (double) (n - 1) : P)
      break;
    case KH_METHOD_GOALPOSTS:
      FOR_AVAILABLE (score[u] = P * CLAMP ((x - s->lo) / (s->hi - s->lo), 0.0, 1.0))
      break;
    case KH_METHOD_TARGET_RATIO:
      {
        double cap = isnan (s->cap) ? G_MAXDOUBLE : s->cap;
        double at_zero = isnan (s->cap) ? 1.0 : s->cap;

        if (!lower)
          FOR_AVAILABLE (score[u] = P * CLAMP (x / s->target, 0.0, cap))
        else
          FOR_AVAILABLE (score[u] = P * CLAMP (x > 0 ? s->target / x : at_zero, 0.0, cap))
      }
      break;
    case KH_METHOD_THRESHOLDS:
      {
        const KhStep *steps = (const KhStep *) s->steps->data;
        guint n_steps = s->steps->len;

        FOR_AVAILABLE ({
          double points = 0.0;

          if (!lower)
            {
              for (guint j = 0; j < n_steps; j++)
                if (x >= steps[j].min)
                  points = steps[j].points;
            }
          else
            {
              for (guint j = n_steps; j-- > 0;)
                if (x <= steps[j].min)
                  points = steps[j].points;
            }
          score[u] = points;
        })
      }
      break;
    case KH_METHOD_GRADES:
      {
        const KhStep *steps = (const KhStep *) s->steps->data;
        guint n_steps = s->steps->len;

        FOR_AVAILABLE ({
          double points = NAN;

          for (guint j = 0; j < n_steps; j++)
            if (steps[j].min == x)
              points = steps[j].points;
          score[u] = points;
        })
      }
      break;
    case KH_METHOD_SATISFACTION:
      FOR_AVAILABLE (score[u] = P * CLAMP ((x - s->floor) / (100.0 - s->floor), 0.0, 1.0))
      break;
    default:
      g_assert_not_reached ();
    }
#undef FOR_AVAILABLE
}

/* Steps 2–4 for one indicator over one group. */
void
kh_engine_score_indicator (KhPlan          *self,
                           guint            i,
                           const PlanGroup *pg)
{
  const PlanIndicator *ind = &self->inds[i];
  const KhNode *node = ind->src;
  const ValueField *field = &self->fields[ind->field];
  gsize n_units = self->n_units;
  double *score = self->node_score + (gsize) ind->node * n_units;
  double *treated = ind->treated != NULL ? ind->treated : score;
  guint8 *state = self->state + (gsize) i * n_units;
  double *work = self->work;
  gsize n = 0, n_missing = 0;
  double lo = 0, hi = 0;

  /* 2a gather, carry the previous value, log */
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];
      double v = field->values[u];
      guint8 st = KH_VALUE_OK;

      if (ind->applies != NULL && !ind->applies[u])
        {
          treated[u] = NAN;
          score[u] = NAN;
          state[u] = KH_VALUE_NOT_APPLICABLE;
          continue;
        }
      if (isnan (v) && ind->missing == KH_MISSING_PREVIOUS && field->prev != NULL
          && !isnan (field->prev[u]))
        {
          v = field->prev[u];
          st = KH_VALUE_IMPUTED;
        }
      if (!isnan (v) && node->outlier == KH_OUTLIER_LOG)
        {
          double arg = node->outlier_a != 0 && !isnan (node->outlier_a) ? 1.0 + v : v;

          v = arg > 0 ? log (arg) : NAN;
        }
      if (isnan (v))
        {
          st = KH_VALUE_MISSING;
          n_missing++;
        }
      else
        work[n++] = v;
      treated[u] = v;
      state[u] = st;
    }

  /* 3 winsorise the available values */
  if (n > 0 && (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE
                || node->outlier == KH_OUTLIER_WINSOR_SD))
    {
      if (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE)
        {
          kh_sort_doubles (work, n);
          lo = kh_quantile_sorted (work, n, node->outlier_a / 100.0);
          hi = kh_quantile_sorted (work, n, node->outlier_b / 100.0);
        }
      else
        {
          double mean, sd;

          kh_mean_sd (work, n, &mean, &sd);
          lo = mean - node->outlier_a * sd;
          hi = mean + node->outlier_a * sd;
        }
      n = 0;
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];

          if (isnan (treated[u]))
            continue;
          treated[u] = CLAMP (treated[u], lo, hi);
          work[n++] = treated[u];
        }
    }

  /* 2b group mean or median of the treated values for the missing ones */
  if (n > 0 && n_missing > 0
      && (ind->missing == KH_MISSING_MEAN || ind->missing == KH_MISSING_MEDIAN))
    {
      double fill;

      if (ind->missing == KH_MISSING_MEAN)
        {
          double sd;

          kh_mean_sd (work, n, &fill, &sd);
        }
      else
        {
          kh_sort_doubles (work, n);
          fill = kh_quantile_sorted (work, n, 0.5);
        }
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];

          if (state[u] == KH_VALUE_MISSING)
            {
              treated[u] = fill;
              state[u] = KH_VALUE_IMPUTED;
              work[n++] = fill;
            }
        }
    }

  /* band: the distance to [band_lo, band_hi], lower is better */
  if (node->direction == KH_DIRECTION_BAND)
    {
      n = 0;
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];
          double v = treated[u];

          if (isnan (v))
            continue;
          v = v < node->band_lo ? node->band_lo - v : v > node->band_hi ? v - node->band_hi : 0.0;
          treated[u] = v;
          work[n++] = v;
        }
    }

  /* 4 statistics of the keys */
  switch (ind->scoring->method)
    {
    case KH_METHOD_MINMAX:
      lo = G_MAXDOUBLE;
      hi = -G_MAXDOUBLE;
      for (gsize k = 0; k < n; k++)
        {
          double key = direction_key (node, work[k]);

          lo = MIN (lo, key);
          hi = MAX (hi, key);
        }
      break;
    case KH_METHOD_ZSCORE:
    case KH_METHOD_RANK:
    case KH_METHOD_PERCENTILE:
      for (gsize k = 0; k < n; k++)
        work[k] = direction_key (node, work[k]);
      if (ind->scoring->method == KH_METHOD_ZSCORE)
        kh_mean_sd (work, n, &lo, &hi);
      else
        kh_sort_doubles (work, n);
      break;
    default:
      break;
    }

  /* missing after all: zero by policy, else no score */
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      if (state[u] != KH_VALUE_MISSING)
        continue;
      if (ind->missing == KH_MISSING_ZERO)
        state[u] = KH_VALUE_ZERO;
      score[u] = ind->missing == KH_MISSING_ZERO ? 0.0 : NAN;
    }
  score_units (node, ind->scoring, pg, state, treated, score, work, n, lo, hi);

  /* within bounds: at most the indicator's points, unless it declares a bonus */
  if (!node->bonus)
    for (guint k = 0; k < pg->n_units; k++)
      {
        guint u = pg->units[k];

        if (score[u] > node->points)
          score[u] = node->points;
      }
}
