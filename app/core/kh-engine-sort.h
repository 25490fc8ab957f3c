/* kh-engine-sort.h — numeric helpers of the engine: sorting, counts, quantiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used inside the pipeline's loops, so nothing here allocates; the small lookups are
 * inline because the scoring loops call them once per unit.
 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* In-place ascending sort of @n doubles (no NaN). */
void kh_sort_doubles (double *a,
                      gsize   n);

/* Number of sorted values strictly below / strictly above @x. */
static inline gsize
kh_count_below (const double *a,
                gsize         n,
                double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (a[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static inline gsize
kh_count_above (const double *a,
                gsize         n,
                double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (a[mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return n - lo;
}

/* Quantile of sorted values, linear interpolation between order statistics
 * (Hyndman–Fan type 7, R's default as used by COINr); p in [0, 1]. */
static inline double
kh_quantile_sorted (const double *a,
                    gsize         n,
                    double        p)
{
  double h = (n - 1) * p;
  gsize lo = (gsize) floor (h);

  if (lo + 1 >= n)
    return a[n - 1];
  return a[lo] + (h - lo) * (a[lo + 1] - a[lo]);
}

static inline void
kh_mean_sd (const double *a,
            gsize         n,
            double       *mean,
            double       *sd)
{
  double sum = 0, ss = 0, m;

  for (gsize i = 0; i < n; i++)
    sum += a[i];
  m = sum / n;
  for (gsize i = 0; i < n; i++)
    ss += (a[i] - m) * (a[i] - m);
  *mean = m;
  *sd = n > 1 ? sqrt (ss / (n - 1)) : 0.0;
}

G_END_DECLS
