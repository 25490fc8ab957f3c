/* kh-engine-sort.c — in-place sorting of doubles for the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Introsort (quicksort, insertion sort for small ranges, heapsort as the fallback):
 * O(n log n) and no allocation, so kh_plan_compute() can sort inside its loops.
 */
#include "config.h"

#include "kh-engine-sort.h"

static void
sift_down (double *a,
           gsize   start,
           gsize   end)
{
  gsize root = start;

  while (2 * root + 1 < end)
    {
      gsize child = 2 * root + 1;
      gsize best = root;

      if (a[best] < a[child])
        best = child;
      if (child + 1 < end && a[best] < a[child + 1])
        best = child + 1;
      if (best == root)
        return;
      {
        double t = a[root];

        a[root] = a[best];
        a[best] = t;
      }
      root = best;
    }
}

static void
heapsort_doubles (double *a,
                  gsize   n)
{
  if (n < 2)
    return;
  for (gsize start = n / 2; start-- > 0;)
    sift_down (a, start, n);
  for (gsize end = n - 1; end > 0; end--)
    {
      double t = a[0];

      a[0] = a[end];
      a[end] = t;
      sift_down (a, 0, end);
    }
}

static void
insertion_sort_doubles (double *a,
                        gsize   n)
{
  for (gsize i = 1; i < n; i++)
    {
      double x = a[i];
      gsize j = i;

      for (; j > 0 && a[j - 1] > x; j--)
        a[j] = a[j - 1];
      a[j] = x;
    }
}

/* Introsort: quicksort (median of three) down to small ranges, insertion sort for
 * those, heapsort when the recursion gets too deep; O(n log n), no allocation. The
 * values are plain doubles (no NaN), so the sorted result is the same whatever the
 * algorithm: results stay deterministic. */
static void
introsort_doubles (double *a,
                   gsize   n,
                   guint   depth)
{
  while (n > 16)
    {
      double pivot, t;
      gsize i, j;

      if (depth-- == 0)
        {
          heapsort_doubles (a, n);
          return;
        }
      /* median of three to a[0] */
      {
        gsize m = n / 2;

        if (a[m] < a[0])
          t = a[m], a[m] = a[0], a[0] = t;
        if (a[n - 1] < a[0])
          t = a[n - 1], a[n - 1] = a[0], a[0] = t;
        if (a[n - 1] < a[m])
          t = a[n - 1], a[n - 1] = a[m], a[m] = t;
        t = a[m], a[m] = a[0], a[0] = t;
      }
      pivot = a[0];
      /* Hoare partition */
      i = 0;
      j = n;
      for (;;)
        {
          do
            i++;
          while (i < n && a[i] < pivot);
          do
            j--;
          while (a[j] > pivot);
          if (i >= j)
            break;
          t = a[i], a[i] = a[j], a[j] = t;
        }
      t = a[0], a[0] = a[j], a[j] = t;
      /* recurse into the smaller side, loop on the larger */
      if (j < n - j - 1)
        {
          introsort_doubles (a, j, depth);
          a += j + 1;
          n -= j + 1;
        }
      else
        {
          introsort_doubles (a + j + 1, n - j - 1, depth);
          n = j;
        }
    }
  insertion_sort_doubles (a, n);
}

/* In-place ascending sort of @n doubles (no NaN). */
void
kh_sort_doubles (double *a,
                 gsize   n)
{
  guint depth = 0;

  for (gsize k = n; k > 1; k >>= 1)
    depth += 2;
  introsort_doubles (a, n, depth);
}
