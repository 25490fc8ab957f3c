/* test-plausibility.c — values far from last year (k × MAD of the group's changes) or
 * outside their declared range, on small groups worked by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-plausibility.h"

static KhDataset *
dataset (int                year,
         const char *const *ids,
         const char        *group,
         const char        *field,
         const double      *values)
{
  KhDataset *ds = kh_dataset_new (year);
  guint f = kh_dataset_add_field (ds, field);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint u = kh_dataset_add_unit (ds, ids[i], ids[i], group);

      kh_dataset_set (ds, u, f, values[i]);
    }
  return ds;
}

static void
test_median (void)
{
  double odd[] = { 3, 1, 2 };
  double even[] = { 4, 1, 3, 2 };

  g_assert_cmpfloat (kh_plausibility_median (odd, 3), ==, 2);
  /* (2 + 3) / 2 */
  g_assert_cmpfloat (kh_plausibility_median (even, 4), ==, 2.5);
  g_assert_true (isnan (kh_plausibility_median (NULL, 0)));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median found by selection (issue 22) is the sorted array's, exactly: every length
 * from 1 to 300, values from a fixed linear congruential sequence with many ties (a few
 * distinct values), sorted runs, reversed runs and constant runs. */
static void
test_median_against_sort (void)
{
  guint32 state = 12345;

  for (guint kind = 0; kind < 5; kind++)
    for (gsize n = 1; n <= 300; n++)
      {
        g_autofree double *values = g_new (double, n);
        g_autofree double *sorted = g_new (double, n);
        double expected;

        for (gsize i = 0; i < n; i++)
          {
            state = state * 1664525u + 1013904223u;
            switch (kind)
              {
              case 0: values[i] = (double) (state >> 8) / 1e3 - 5e3; break; /* distinct */
              case 1: values[i] = (double) ((state >> 16) % 4); break;        /* ties */
              case 2: values[i] = (double) i; break;                          /* sorted */
              case 3: values[i] = (double) (n - i); break;                    /* reversed */
              default: values[i] = 7; break;                                  /* constant */
              }
          }
        memcpy (sorted, values, n * sizeof (double));
        qsort (sorted, n, sizeof (double), compare_doubles);
        expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        g_assert_cmpfloat (kh_plausibility_median (values, n), ==, expected);
        /* Reordered, not changed: the same values. */
        qsort (values, n, sizeof (double), compare_doubles);
        g_assert_cmpmem (values, n * sizeof (double), sorted, n * sizeof (double));
      }
}

static void
test_relative (void)
{
  const char *const ids[] = { "a", "b", "c", "d", "e", "f", NULL };
  const double before[] = { 100, 100, 100, 100, 100, 100 };
  const double now[] = { 105, 104, 106, 105, 103, 300 };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GArray) flags = kh_plausibility_check (cur, prev, NULL, 5);
  g_autoptr (GArray) loose = kh_plausibility_check (cur, prev, NULL, 200);
  const KhPlausibilityFlag *flag;

  /* Every previous value is above 0: relative changes 0.05 0.04 0.06 0.05 0.03 2.00;
   * sorted 0.03 0.04 0.05 0.05 0.06 2.00, median (0.05 + 0.05) / 2 = 0.05; deviations
   * 0 0.01 0.01 0 0.02 1.95, sorted 0 0 0.01 0.01 0.02 1.95, MAD (0.01 + 0.01) / 2 =
   * 0.01; 5 × MAD = 0.05: only f (1.95 > 0.05) is flagged, c (0.01) and e (0.02) are not. */
  g_assert_cmpuint (flags->len, ==, 1);
  flag = &g_array_index (flags, KhPlausibilityFlag, 0);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "f");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_CHANGE);
  g_assert_true (flag->relative);
  g_assert_cmpfloat (flag->value, ==, 300);
  g_assert_cmpfloat (flag->previous, ==, 100);
  g_assert_cmpfloat_with_epsilon (flag->change, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (flag->median, 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (flag->mad, 0.01, 1e-12);
  /* k = 200: 200 × 0.01 = 2 > 1.95, nothing flagged. */
  g_assert_cmpuint (loose->len, ==, 0);
}

static void
test_declared_absolute (void)
{
  const char *const ids[] = { "a", "b", "c", "d", "e", "f", NULL };
  const double before[] = { 100, 100, 100, 100, 100, 100 };
  const double now[] = { 105, 104, 106, 105, 103, 300 };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  KhValueRange points = { NAN, NAN, TRUE };
  g_autoptr (GArray) flags = NULL;
  const KhPlausibilityFlag *flag;

  /* Declared absolute (a rate in %): changes 5 4 6 5 3 200 points, sorted 3 4 5 5 6 200,
   * median 5; deviations 0 1 1 0 2 195, sorted 0 0 1 1 2 195, MAD 1; 5 × MAD = 5: f
   * alone. */
  g_hash_table_insert (fields, (gpointer) "x", &points);
  flags = kh_plausibility_check (cur, prev, fields, 5);
  g_assert_cmpuint (flags->len, ==, 1);
  flag = &g_array_index (flags, KhPlausibilityFlag, 0);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "f");
  g_assert_false (flag->relative);
  g_assert_cmpfloat (flag->change, ==, 200);
  g_assert_cmpfloat (flag->median, ==, 5);
  g_assert_cmpfloat (flag->mad, ==, 1);
}

static void
test_absolute (void)
{
  const char *const ids[] = { "a", "b", "c", "d", "e", NULL };
  const double before[] = { 0, 10, 20, 30, 40 };
  const double now[] = { 1, 13, 21, 32, 60 };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GArray) flags = kh_plausibility_check (cur, prev, NULL, 5);
  const KhPlausibilityFlag *flag;

  /* a's previous value is 0: the changes are absolute, 1 3 1 2 20; sorted 1 1 2 3 20,
   * median 2; deviations 1 1 0 1 18, sorted 0 1 1 1 18, MAD 1 (the floor of whole
   * numbers is 1 too); 5 × MAD = 5: e (18) alone. */
  g_assert_cmpuint (flags->len, ==, 1);
  flag = &g_array_index (flags, KhPlausibilityFlag, 0);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "e");
  g_assert_false (flag->relative);
  g_assert_cmpfloat (flag->change, ==, 20);
  g_assert_cmpfloat (flag->median, ==, 2);
  g_assert_cmpfloat (flag->mad, ==, 1);
}

/* The units (a … g) whose change from @before to @now is flagged (k = 5; @absolute:
 * the field declared absolute), as "e f", "" when none; each flag reports a MAD of 0 and
 * the floor @expected_floor (which set the threshold). */
static char *
flagged (const double *before,
         const double *now,
         gboolean      absolute,
         double        expected_floor)
{
  const char *const ids[] = { "a", "b", "c", "d", "e", "f", "g", NULL };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  KhValueRange points = { NAN, NAN, TRUE };
  g_autoptr (GArray) flags = NULL;
  g_autoptr (GString) out = g_string_new ("");

  g_hash_table_insert (fields, (gpointer) "x", &points);
  flags = kh_plausibility_check (cur, prev, absolute ? fields : NULL, 5);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhPlausibilityFlag *flag = &g_array_index (flags, KhPlausibilityFlag, i);

      g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_CHANGE);
      g_assert_cmpfloat (flag->mad, ==, 0);
      g_assert_cmpfloat_with_epsilon (flag->floor, expected_floor, 1e-12);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                              kh_dataset_get_unit_id (cur, flag->unit));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_mad_floor (void)
{
  /* Groups of seven in which most values stay as they were: the median change is 0 and
   * so is the MAD (four or five of the seven deviations are 0); without a floor every
   * other change would be flagged (flips: a, c and g; the others: e and f). */

  /* A 0/1 field (absolute: previous values of 0): changes 1 0 −1 0 0 0 1, MAD 0; whole
   * numbers, floor 1, 5 × 1 = 5: no flip of a 0/1 field is flagged. */
  const double flip_before[] = { 0, 1, 1, 0, 0, 1, 0 };
  const double flip_now[] = { 1, 1, 0, 0, 0, 1, 1 };
  /* A small count (absolute): changes 0 0 0 0 2 12 0, median 0, deviations 0 0 0 0 2 12
   * 0, MAD 0; floor 1, 5 × 1 = 5: f (12) is flagged, e (2) is not. */
  const double count_before[] = { 0, 1, 2, 3, 1, 0, 2 };
  const double count_now[] = { 0, 1, 2, 3, 3, 12, 2 };
  /* A rate in points of one decimal (declared absolute): changes 0 0 0 0 0.2 3.0 0,
   * MAD 0; floor 0.1 (one decimal), 5 × 0.1 = 0.5: f (3.0) is flagged, e (0.2) is
   * not. */
  const double rate_before[] = { 70.5, 80.1, 90.2, 85.3, 70.5, 60.0, 75.4 };
  const double rate_now[] = { 70.5, 80.1, 90.2, 85.3, 70.7, 63.0, 75.4 };
  /* Grades 1–4 (relative: every previous value above 0): changes 0 0 0 0 +1/3 (3 → 4)
   * +2 (1 → 3) 0, MAD 0; whole numbers, median previous 3: floor 1/3 (one step of a
   * grade of 3), 5 × 1/3 = 5/3: f (+2 > 5/3) is flagged, e (+1/3) is not. */
  const double grade_before[] = { 3, 3, 4, 2, 3, 1, 3 };
  const double grade_now[] = { 3, 3, 4, 2, 4, 3, 3 };
  /* Whole numbers around 400 (relative): changes 0 0 0 0 +0.04 (500 → 520) +0.1 (600 →
   * 660) 0, MAD 0; one step is 1/400 of the median previous value 400, below the least
   * relative MAD, 1 %: 5 × 1 % = 5 %: f (10 %) is flagged, e (4 %) is not. */
  const double gdp_before[] = { 100, 200, 300, 400, 500, 600, 700 };
  const double gdp_now[] = { 100, 200, 300, 400, 520, 660, 700 };
  /* (the floors as worked out above) */
  g_autofree char *flips = flagged (flip_before, flip_now, FALSE, 1);
  g_autofree char *counts = flagged (count_before, count_now, FALSE, 1);
  g_autofree char *rates = flagged (rate_before, rate_now, TRUE, 0.1);
  g_autofree char *grades = flagged (grade_before, grade_now, FALSE, 1.0 / 3);
  g_autofree char *gdps = flagged (gdp_before, gdp_now, FALSE, 0.01);

  g_assert_cmpstr (flips, ==, "");
  g_assert_cmpstr (counts, ==, "f");
  g_assert_cmpstr (rates, ==, "f");
  g_assert_cmpstr (grades, ==, "f");
  g_assert_cmpstr (gdps, ==, "f");
}

static void
test_small_group_and_groups (void)
{
  const char *const ids[] = { "a", "b", "c", "d", NULL };
  const double before[] = { 100, 100, 100, 100 };
  const double now[] = { 101, 102, 101, 900 };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GArray) flags = kh_plausibility_check (cur, prev, NULL, 5);
  guint e, f;
  g_autoptr (GArray) still = NULL;

  /* Four changes: fewer than KH_PLAUSIBILITY_MIN_CHANGES (5), none flagged however far. */
  g_assert_cmpuint (flags->len, ==, 0);

  /* A fifth unit in another group does not make the group of four big enough. */
  e = kh_dataset_add_unit (prev, "e", "e", "h");
  kh_dataset_set (prev, e, 0, 100);
  f = kh_dataset_add_unit (cur, "e", "e", "h");
  kh_dataset_set (cur, f, 0, 101);
  still = kh_plausibility_check (cur, prev, NULL, 5);
  g_assert_cmpuint (still->len, ==, 0);
}

static void
test_predecessors (void)
{
  const char *const before_ids[] = { "a", "b", "c", "d", "old", "m1", "m2", NULL };
  const double before[] = { 100, 100, 100, 100, 10, 50, 50 };
  const char *const now_ids[] = { "a", "b", "c", "d", "new", "merged", "fresh", NULL };
  const double now[] = { 101, 102, 103, 101, 102, 5000, 7000 };
  const char *const renamed[] = { "old", NULL };
  const char *const both[] = { "m1", "m2", NULL };
  const char *const none[] = { NULL };
  g_autoptr (KhDataset) prev = dataset (2019, before_ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, now_ids, "g", "x", now);
  g_autoptr (GArray) flags = NULL;
  const KhPlausibilityFlag *flag;

  kh_dataset_set_unit_predecessors (cur, 4, renamed);
  kh_dataset_set_unit_predecessors (cur, 5, both);
  kh_dataset_set_unit_predecessors (cur, 6, none);
  flags = kh_plausibility_check (cur, prev, NULL, 5);
  /* "new" continues "old" (10 → 102: +9.2); a b c d change 0.01 0.02 0.03 0.01; the
   * merged and the fresh unit have no change. Sorted 0.01 0.01 0.02 0.03 9.2: median
   * 0.02, deviations 0.01 0.01 0 0.01 9.18, MAD 0.01: "new" alone is flagged, and
   * "merged" (5000) and "fresh" (7000) are not. */
  g_assert_cmpuint (flags->len, ==, 1);
  flag = &g_array_index (flags, KhPlausibilityFlag, 0);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "new");
  g_assert_cmpfloat (flag->previous, ==, 10);
}

static void
test_ranges (void)
{
  const char *const ids[] = { "a", "b", "c", "d", "e", "f", "g", "h", NULL };
  const double before[] = { 50, 50, 50, 50, 50, 50, 50, 50 };
  const double now[] = { -1, 51, 100, 50, 52, 101, 51, 52 };
  g_autoptr (KhDataset) prev = dataset (2019, ids, "g", "x", before);
  g_autoptr (KhDataset) cur = dataset (2020, ids, "g", "x", now);
  g_autoptr (GHashTable) ranges = g_hash_table_new (g_str_hash, g_str_equal);
  KhValueRange range = { 0, 100, FALSE };
  KhValueRange lower = { 0, NAN, FALSE };
  g_autoptr (GArray) flags = NULL;
  g_autoptr (GArray) only_lower = NULL;
  const KhPlausibilityFlag *flag;

  g_hash_table_insert (ranges, (gpointer) "x", &range);
  flags = kh_plausibility_check (cur, prev, ranges, 5);
  /* a (−1 < 0) and f (101 > 100) are outside [0, 100]; c (100) is on its bound. The
   * relative changes −1.02 0.02 1.0 0 0.04 1.02 0.02 0.04, sorted −1.02 0 0.02 0.02 0.04
   * 0.04 1.0 1.02: median 0.03; deviations 1.05 0.01 0.97 0.03 0.01 0.99 0.01 0.01,
   * sorted 0.01 0.01 0.01 0.01 0.03 0.97 0.99 1.05: MAD 0.02, 5 × MAD = 0.1. a, c and f
   * are beyond it, but a value is flagged once, a and f for their range: c for its
   * change. */
  g_assert_cmpuint (flags->len, ==, 3);
  flag = &g_array_index (flags, KhPlausibilityFlag, 0);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "a");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_BELOW);
  g_assert_cmpfloat (flag->bound, ==, 0);
  flag = &g_array_index (flags, KhPlausibilityFlag, 1);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "c");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_CHANGE);
  g_assert_cmpfloat_with_epsilon (flag->median, 0.03, 1e-12);
  flag = &g_array_index (flags, KhPlausibilityFlag, 2);
  g_assert_cmpstr (kh_dataset_get_unit_id (cur, flag->unit), ==, "f");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_ABOVE);
  g_assert_cmpfloat (flag->bound, ==, 100);

  /* Without last year and with a lower bound only: a alone. */
  g_hash_table_insert (ranges, (gpointer) "x", &lower);
  only_lower = kh_plausibility_check (cur, NULL, ranges, 5);
  g_assert_cmpuint (only_lower->len, ==, 1);
  g_assert_cmpint (g_array_index (only_lower, KhPlausibilityFlag, 0).reason, ==,
                   KH_IMPLAUSIBLE_BELOW);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plausibility/median", test_median);
  g_test_add_func ("/plausibility/median-against-sort", test_median_against_sort);
  g_test_add_func ("/plausibility/relative", test_relative);
  g_test_add_func ("/plausibility/absolute", test_absolute);
  g_test_add_func ("/plausibility/mad-floor", test_mad_floor);
  g_test_add_func ("/plausibility/declared-absolute", test_declared_absolute);
  g_test_add_func ("/plausibility/small-group", test_small_group_and_groups);
  g_test_add_func ("/plausibility/predecessors", test_predecessors);
  g_test_add_func ("/plausibility/ranges", test_ranges);
  return g_test_run ();
}
