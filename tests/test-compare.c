/* test-compare.c — like-for-like comparison and peer-relative attribution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 2019: root sum 100 of a (50) and b (50); 2020: a re-weighted to 60 points, b retired,
 * c (40) admitted (missing: zero). Indicators are linear: score = P · x / 100.
 *   2019 data  U1 a 80, b 60 → 40 + 30 = 70 (rank 2); U2 a 60, b 90 → 30 + 45 = 75 (1).
 *   2020 data  U1 a 90, c 50 → 54 + 20 = 74 (rank 1); U2 a 70, c 60 → 42 + 24 = 66 (2).
 *   2019 data under the 2020 framework: c was not measured in 2019, so it applies to
 *   nobody and the root re-weights a: U1 a 80 → 48·100/60 = 80; U2 a 60 → 36·100/60 = 60.
 */
#include "config.h"

#include <math.h>

#include "core/kh-compare.h"
#include "kh-test-engine.h"

#define EPS 1e-9

typedef struct
{
  KhFramework *fw19, *fw20;
  KhDataset *ds19, *ds20;
  KhPlan *prev, *plan, *like;
} Years;

static void
years_init (Years *y)
{
  const char *f19[] = { "a", "b", NULL };
  const double x19[] = { 80, 60, 60, 90 };
  const char *f20[] = { "a", "c", NULL };
  const double x20[] = { 90, 50, 70, 60 };
  g_autoptr (GError) error = NULL;

  y->fw19 = kh_test_framework_new (2019, KH_AGG_SUM);
  kh_test_add_linear (y->fw19->root, "a", 50);
  kh_test_add_linear (y->fw19->root, "b", 50);
  y->fw20 = kh_test_framework_new (2020, KH_AGG_SUM);
  kh_test_add_linear (y->fw20->root, "a", 60);
  kh_test_add_linear (y->fw20->root, "c", 40)->missing = KH_MISSING_ZERO;
  y->ds19 = kh_test_dataset_new (2019, 2, f19, x19);
  y->ds20 = kh_test_dataset_new (2020, 2, f20, x20);
  y->prev = kh_test_plan_compute (y->fw19, y->ds19, NULL);
  y->plan = kh_test_plan_compute (y->fw20, y->ds20, y->prev);
  y->like = kh_plan_new_like_for_like (y->fw20, y->prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (y->like);
}

static void
years_clear (Years *y)
{
  kh_plan_unref (y->like);
  kh_plan_unref (y->plan);
  kh_plan_unref (y->prev);
  kh_dataset_unref (y->ds20);
  kh_dataset_unref (y->ds19);
  kh_framework_unref (y->fw20);
  kh_framework_unref (y->fw19);
}

static void
test_diff (void)
{
  Years y;
  g_autoptr (GArray) changes = NULL;
  const KhFrameworkChange *c;

  years_init (&y);
  /* a re-weighted (50 → 60 points), c admitted, b retired */
  changes = kh_framework_diff (y.fw19, y.fw20);
  g_assert_cmpuint (changes->len, ==, 3);
  c = &g_array_index (changes, KhFrameworkChange, 0);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_REWEIGHTED);
  g_assert_cmpstr (c->node->id, ==, "a");
  g_assert_cmpfloat (c->old->points, ==, 50);
  c = &g_array_index (changes, KhFrameworkChange, 1);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_ADMITTED);
  g_assert_cmpstr (c->node->id, ==, "c");
  c = &g_array_index (changes, KhFrameworkChange, 2);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_RETIRED);
  g_assert_cmpstr (c->old->id, ==, "b");
  years_clear (&y);
}

static void
test_like_for_like (void)
{
  Years y;
  g_autoptr (KhComparison) cmp = NULL;
  double change, framework, performance;

  years_init (&y);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (y.like, 0), 80, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (y.like, 1), 60, EPS);

  cmp = kh_comparison_new (y.plan, y.like);
  /* U1: 74 − 70 = +4 = framework 80 − 70 = +10 + performance 74 − 80 = −6 */
  g_assert_true (kh_comparison_get_change (cmp, 0, &change, &framework, &performance));
  g_assert_cmpfloat_with_epsilon (change, 4, EPS);
  g_assert_cmpfloat_with_epsilon (framework, 10, EPS);
  g_assert_cmpfloat_with_epsilon (performance, -6, EPS);
  /* U2: 66 − 75 = −9 = framework 60 − 75 = −15 + performance 66 − 60 = +6 */
  g_assert_true (kh_comparison_get_change (cmp, 1, &change, &framework, &performance));
  g_assert_cmpfloat_with_epsilon (change, -9, EPS);
  g_assert_cmpfloat_with_epsilon (framework, -15, EPS);
  g_assert_cmpfloat_with_epsilon (performance, 6, EPS);
  years_clear (&y);
}

static void
test_attribution (void)
{
  Years y;
  g_autoptr (KhComparison) cmp = NULL;
  g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
  double parts[3], adjustments, framework, gap;

  years_init (&y);
  cmp = kh_comparison_new (y.plan, y.like);
  /* U1 was 2nd, is 1st: it passed U2 */
  kh_comparison_get_overtakes (cmp, 0, passed, passed_by);
  g_assert_cmpuint (passed->len, ==, 1);
  g_assert_cmpuint (g_array_index (passed, guint, 0), ==, 1);
  g_assert_cmpuint (passed_by->len, ==, 0);
  g_array_set_size (passed, 0);
  kh_comparison_get_overtakes (cmp, 1, passed, passed_by);
  g_assert_cmpuint (passed->len, ==, 0);
  g_assert_cmpuint (passed_by->len, ==, 1);

  /* gap U1 − U2: 2020 74 − 66 = 8; 2019 70 − 75 = −5; change +13 =
   *   framework (80 − 60) − (−5) = +25
   *   like-for-like contributions: a 80 and 60, c 0 (not applicable)
   *   a: (54 − 42) − (80 − 60) = −8;  c: (20 − 24) − (0 − 0) = −4;  root: 8 − 20 = −12
   *   adjustments 0.  −12 + 0 + 25 = 13. */
  g_assert_true (kh_comparison_attribute_gap (cmp, 0, 1, parts, &adjustments, &framework, &gap));
  g_assert_cmpfloat_with_epsilon (gap, 13, EPS);
  g_assert_cmpfloat_with_epsilon (framework, 25, EPS);
  g_assert_cmpfloat_with_epsilon (adjustments, 0, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (y.plan, "a")], -8, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (y.plan, "c")], -4, EPS);
  g_assert_cmpfloat_with_epsilon (parts[0], -12, EPS);
  g_assert_cmpfloat_with_epsilon (parts[0] + adjustments + framework, gap, EPS);
  years_clear (&y);
}

static void
test_same_framework (void)
{
  /* Both years under the 2020 framework: no framework effect. 2019 data a 80, c 50 for
   * U1 → 48 + 20 = 68; a 60, c 70 for U2 → 36 + 28 = 64. 2020 as above: 74, 66.
   * Gap change (74 − 66) − (68 − 64) = 4 = a (54 − 42) − (48 − 36) = 0
   * + c (20 − 24) − (20 − 28) = +4. */
  const char *fields[] = { "a", "c", NULL };
  const double x19[] = { 80, 50, 60, 70 };
  const double x20[] = { 90, 50, 70, 60 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (KhDataset) ds19 = kh_test_dataset_new (2019, 2, fields, x19);
  g_autoptr (KhDataset) ds20 = kh_test_dataset_new (2020, 2, fields, x20);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  double parts[3], adjustments, framework, gap, change, fx, perf;

  kh_test_add_linear (fw->root, "a", 60);
  kh_test_add_linear (fw->root, "c", 40);
  prev = kh_test_plan_compute (fw, ds19, NULL);
  plan = kh_test_plan_compute (fw, ds20, prev);
  cmp = kh_comparison_new (plan, NULL);
  g_assert_true (kh_comparison_get_change (cmp, 0, &change, &fx, &perf));
  g_assert_cmpfloat_with_epsilon (change, 6, EPS);
  g_assert_cmpfloat (fx, ==, 0);
  g_assert_true (kh_comparison_attribute_gap (cmp, 0, 1, parts, &adjustments, &framework, &gap));
  g_assert_cmpfloat_with_epsilon (gap, 4, EPS);
  g_assert_cmpfloat (framework, ==, 0);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (plan, "a")], 0, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (plan, "c")], 4, EPS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/framework-diff", test_diff);
  g_test_add_func ("/compare/like-for-like", test_like_for_like);
  g_test_add_func ("/compare/attribution", test_attribution);
  g_test_add_func ("/compare/same-framework", test_same_framework);
  return g_test_run ();
}
