/* kh-plausibility.c — values far from last year or outside their declared range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See kh-plausibility.h for the model.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-plausibility.h"

static void
swap_doubles (double *values,
              gsize   i,
              gsize   j)
{
  double t = values[i];

  values[i] = values[j];
  values[j] = t;
}

/* The @k-th smallest of @n values (0-based), the values reordered so that none before it
 * is larger and none after it smaller (Hoare's selection: linear on average where a sort
 * is n log n; issue 22, a fifth of an import's plausibility check at 3,000 units). */
static double
select_nth (double *values,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2, i = lo, j = hi;
      double pivot;

      /* The median of three as the pivot: sorted or constant runs stay linear. */
      if (values[mid] < values[lo])
        swap_doubles (values, mid, lo);
      if (values[hi] < values[lo])
        swap_doubles (values, hi, lo);
      if (values[hi] < values[mid])
        swap_doubles (values, hi, mid);
      pivot = values[mid];
      /* Everything in [lo, i) ends ≤ pivot, in (j, hi] ≥ pivot; values[lo] ≤ pivot ≤
       * values[hi] keep both scans inside [lo, hi]. */
      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              swap_doubles (values, i, j);
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return values[k]; /* between the two parts: equal to the pivot */
    }
  return values[k];
}

double
kh_plausibility_median (double *values,
                        gsize   n)
{
  double upper, lower;

  if (n == 0)
    return NAN;
  upper = select_nth (values, n, n / 2);
  if (n % 2 == 1)
    return upper;
  /* The largest of the lower half, every one of them ≤ upper. */
  lower = values[0];
  for (gsize i = 1; i < n / 2; i++)
    lower = MAX (lower, values[i]);
  return (lower + upper) / 2;
}

/* The unit of @previous each unit of @current continues: its only predecessor (itself by
 * default), KH_DATASET_NONE when it has none or several, or when @previous has not that
 * unit. Found once, not once a field (issue 22). */
static guint *
previous_units (KhDataset *current,
                KhDataset *previous)
{
  guint n_units = kh_dataset_get_n_units (current);
  guint *before = g_new (guint, MAX (n_units, 1));

  for (guint unit = 0; unit < n_units; unit++)
    {
      const char *const *preds = kh_dataset_get_unit_predecessors (current, unit);
      const char *id = kh_dataset_get_unit_id (current, unit);

      before[unit] = KH_DATASET_NONE;
      if (preds != NULL)
        {
          if (preds[0] == NULL || preds[1] != NULL)
            continue;
          id = preds[0];
        }
      before[unit] = kh_dataset_find_unit (previous, id);
    }
  return before;
}

/* The step of @n values' precision: 10^-d for the fewest decimals d (0 … 6) that write
 * every value (1 for whole numbers, 0.1 for values of one decimal …; 1e-6 at most). */
static double
resolution (const double *values,
            gsize         n)
{
  double step = 1;

  for (int d = 0; d <= 6; d++, step /= 10)
    {
      gboolean whole = TRUE;

      for (gsize i = 0; i < n && whole; i++)
        {
          double scaled = values[i] / step;

          whole = fabs (scaled - round (scaled)) <= 1e-6 * MAX (1.0, fabs (scaled));
        }
      if (whole)
        return step;
    }
  return 1e-6;
}

/* The change flags of one group's units (@members: unit indexes) for @field. */
static void
check_group (KhDataset   *current,
             KhDataset   *previous,
             const guint *before_units,
             guint        field,
             guint        previous_field,
             GArray      *members,
             gboolean     absolute,
             double       k,
             GArray      *flags)
{
  g_autoptr (GArray) units = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *before = g_new (double, members->len);
  g_autofree double *change = g_new (double, members->len);
  g_autofree double *scratch = g_new (double, 2 * members->len);
  gboolean relative = !absolute;
  double median, mad, least, margin;
  guint n = 0;

  for (guint i = 0; i < members->len; i++)
    {
      guint unit = g_array_index (members, guint, i);
      double now = kh_dataset_get (current, unit, field);
      double then = before_units[unit] == KH_DATASET_NONE
                      ? NAN
                      : kh_dataset_get (previous, before_units[unit], previous_field);

      if (isnan (now) || isnan (then))
        continue;
      g_array_append_val (units, unit);
      before[n] = then;
      change[n] = now;
      relative = relative && then > 0;
      n++;
    }
  if (n < KH_PLAUSIBILITY_MIN_CHANGES)
    return;
  /* The floor under the MAD (kh-plausibility.h): one step of the values' precision, in
   * points, or as a share of the group's median previous value and at least
   * KH_PLAUSIBILITY_MIN_RELATIVE_MAD. */
  memcpy (scratch, before, n * sizeof (double));
  memcpy (scratch + n, change, n * sizeof (double));
  least = resolution (scratch, 2 * n);
  if (relative)
    least = MAX (KH_PLAUSIBILITY_MIN_RELATIVE_MAD, least / kh_plausibility_median (scratch, n));
  for (guint i = 0; i < n; i++)
    change[i] = relative ? change[i] / before[i] - 1 : change[i] - before[i];
  memcpy (scratch, change, n * sizeof (double));
  median = kh_plausibility_median (scratch, n);
  for (guint i = 0; i < n; i++)
    scratch[i] = fabs (change[i] - median);
  mad = kh_plausibility_median (scratch, n);
  margin = 1e-9 * MAX (1.0, fabs (median));
  for (guint i = 0; i < n; i++)
    if (fabs (change[i] - median) > k * MAX (mad, least) + margin)
      {
        guint unit = g_array_index (units, guint, i);
        KhPlausibilityFlag flag = {
          .unit = unit,
          .field = field,
          .reason = KH_IMPLAUSIBLE_CHANGE,
          .value = kh_dataset_get (current, unit, field),
          .previous = before[i],
          .change = change[i],
          .relative = relative,
          .median = median,
          .mad = mad,
          .floor = least,
          .bound = NAN,
        };

        g_array_append_val (flags, flag);
      }
}

static int
compare_flags (gconstpointer a,
               gconstpointer b)
{
  const KhPlausibilityFlag *x = a, *y = b;

  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  return (x->unit > y->unit) - (x->unit < y->unit);
}

GArray *
kh_plausibility_check (KhDataset  *current,
                       KhDataset  *previous,
                       GHashTable *ranges,
                       double      k)
{
  GArray *flags = g_array_new (FALSE, FALSE, sizeof (KhPlausibilityFlag));
  guint n_units, n_fields;
  /* group id → GArray of unit indexes, in the order of the units */
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autofree guint *before_units = NULL;

  g_return_val_if_fail (current != NULL, flags);
  g_return_val_if_fail (k > 0, flags);

  n_units = kh_dataset_get_n_units (current);
  n_fields = kh_dataset_get_n_fields (current);
  for (guint u = 0; u < n_units; u++)
    {
      const char *group = kh_dataset_get_unit_group (current, u);
      GArray *members;

      if (group == NULL)
        group = "";
      members = g_hash_table_lookup (groups, group);
      if (members == NULL)
        {
          members = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (groups, (gpointer) group, members);
          g_ptr_array_add (order, members);
        }
      g_array_append_val (members, u);
    }
  if (previous != NULL)
    before_units = previous_units (current, previous);

  for (guint f = 0; f < n_fields; f++)
    {
      const char *id = kh_dataset_get_field_id (current, f);
      const KhValueRange *range = ranges != NULL ? g_hash_table_lookup (ranges, id) : NULL;
      guint before_flags = flags->len, range_flags;
      guint previous_field;

      if (range != NULL)
        for (guint u = 0; u < n_units; u++)
          {
            double value = kh_dataset_get (current, u, f);
            gboolean below = !isnan (range->lo) && value < range->lo;
            gboolean above = !isnan (range->hi) && value > range->hi;

            if (below || above)
              {
                KhPlausibilityFlag flag = {
                  .unit = u,
                  .field = f,
                  .reason = below ? KH_IMPLAUSIBLE_BELOW : KH_IMPLAUSIBLE_ABOVE,
                  .value = value,
                  .previous = NAN,
                  .change = NAN,
                  .median = NAN,
                  .mad = NAN,
                  .floor = NAN,
                  .bound = below ? range->lo : range->hi,
                };

                g_array_append_val (flags, flag);
              }
          }
      range_flags = flags->len;
      previous_field = previous != NULL ? kh_dataset_find_field (previous, id) : KH_DATASET_NONE;
      if (previous_field == KH_DATASET_NONE)
        continue;
      for (guint g = 0; g < order->len; g++)
        check_group (current, previous, before_units, f, previous_field, order->pdata[g],
                     range != NULL && range->absolute, k, flags);
      /* A value flagged for its range is not flagged again for its change. */
      if (range_flags > before_flags)
        {
          g_autofree guint8 *ranged = g_new0 (guint8, n_units);
          guint kept = range_flags;

          for (guint i = before_flags; i < range_flags; i++)
            ranged[g_array_index (flags, KhPlausibilityFlag, i).unit] = 1;
          for (guint i = range_flags; i < flags->len; i++)
            if (!ranged[g_array_index (flags, KhPlausibilityFlag, i).unit])
              g_array_index (flags, KhPlausibilityFlag, kept++)
                = g_array_index (flags, KhPlausibilityFlag, i);
          g_array_set_size (flags, kept);
        }
    }
  g_array_sort (flags, compare_flags);
  return flags;
}
