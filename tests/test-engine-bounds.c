/* test-engine-bounds.c — missing data never rewarded, scores within bounds, a coefficient
 * on one paper, `replaces` across units of measure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expectation is worked out by hand in the comment next to it (the formulas are in
 * data/schema/README.md, "Scoring formulas").
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-framework-check.h"
#include "kh-test-engine.h"

#define EPS 1e-9

static void
test_zscore_clamped (void)
{
  /* zscore mean 2, sd 1 on P = 3; x = 1, 2, 6: x̄ = 3, s = √((4 + 1 + 9)/2) = √7.
   * U1 2 − 2/√7 = 1.2441, U2 2 − 1/√7 = 1.6220, U3 2 + 3/√7 = 3.1339 > 3: clamped to 3,
   * unless the indicator declares a bonus. */
  const char *fields[] = { "z", NULL };
  const double x[] = { 1, 2, 6 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2020, KH_AGG_SUM);
  KhNode *z = kh_test_add_node (fw->root, KH_NODE_INDICATOR, "z", 3, 1);
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2020, 3, fields, x);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhPlan) bonus = NULL;

  fw->root->points = 3;
  z->scoring.method = KH_METHOD_ZSCORE;
  z->scoring.mean = 2;
  z->scoring.sd = 1;
  plan = kh_test_plan_compute (fw, ds, NULL);
  g_assert_cmpfloat_with_epsilon (kh_test_score (plan, 0, "z"), 2 - 2 / sqrt (7), EPS);
  g_assert_cmpfloat_with_epsilon (kh_test_score (plan, 1, "z"), 2 - 1 / sqrt (7), EPS);
  g_assert_cmpfloat (kh_test_score (plan, 2, "z"), ==, 3);
  g_assert_cmpfloat (kh_plan_get_total (plan, 2), ==, 3);

  z->bonus = TRUE;
  bonus = kh_test_plan_compute (fw, ds, NULL);
  g_assert_cmpfloat_with_epsilon (kh_test_score (bonus, 2, "z"), 2 + 3 / sqrt (7), EPS);
}

static void
test_coverage (void)
{
  /* root sum 100: a 40 (missing: group mean), b 30 (re-weighted), c 30 (missing: zero).
   * U1 a b c = 50: coverage 1, total 20 + 15 + 15 = 50.
   * U2 b missing: coverage (40 + 30)/100 = 0.7; total (20 + 15)·100/70 = 50.
   * U3 c missing: coverage 0.7; total 20 + 15 + 0 = 35.
   * U4 a missing, imputed by the mean 50 of U1–U3: not backed by data, coverage
   * (30 + 30)/100 = 0.6; total 20 + 15 + 15 = 50. */
  const char *fields[] = { "a", "b", "c", NULL };
  const double x[] = { 50, 50, 50, 50, NAN, 50, 50, 50, NAN, NAN, 50, 50 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2020, 4, fields, x);
  g_autoptr (KhPlan) plan = NULL;
  const double coverage[] = { 1, 0.7, 0.7, 0.6 };
  const double total[] = { 50, 50, 35, 50 };
  double all[4];

  kh_test_add_linear (fw->root, "a", 40)->missing = KH_MISSING_MEAN;
  kh_test_add_linear (fw->root, "b", 30);
  kh_test_add_linear (fw->root, "c", 30)->missing = KH_MISSING_ZERO;
  plan = kh_test_plan_compute (fw, ds, NULL);
  kh_plan_get_coverages (plan, 0, all);
  for (guint u = 0; u < 4; u++)
    {
      g_assert_cmpfloat_with_epsilon (kh_plan_get_coverage (plan, u, 0), coverage[u], EPS);
      g_assert_cmpfloat_with_epsilon (all[u], coverage[u], EPS);
      g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, u), total[u], EPS);
    }
  /* an indicator: 1 with its own value, 0 without */
  g_assert_cmpfloat (kh_plan_get_coverage (plan, 3, kh_test_node (plan, "a")), ==, 0);
  g_assert_cmpfloat (kh_plan_get_coverage (plan, 3, kh_test_node (plan, "b")), ==, 1);
  kh_test_assert_coverages (plan);
}

static void
test_min_coverage (void)
{
  /* root sum 100: dimension d (60) of a 30 and b 30, indicator e 40.
   * U1: a 80, b missing, e 50. d's coverage 30/60 = 0.5; root (60·0.5 + 40)/100 = 0.7.
   *   no threshold: d = 24·60/30 = 48 (the missing b rewarded), total 48 + 20 = 68;
   *   min-coverage 0.75, below missing: d has no score, the root re-weights e:
   *     20·100/40 = 50;
   *   below zero: d = 0, total 0 + 20 = 20.
   * U2: a 80, b 40, e 50: d = 24 + 12 = 36, total 56 in every case. */
  const char *fields[] = { "a", "b", "e", NULL };
  const double x[] = { 80, NAN, 50, 80, 40, 50 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2020, KH_AGG_SUM);
  KhNode *d = kh_test_add_node (fw->root, KH_NODE_DIMENSION, "d", 60, 1);
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2020, 2, fields, x);

  kh_test_add_linear (d, "a", 30);
  kh_test_add_linear (d, "b", 30);
  kh_test_add_linear (fw->root, "e", 40);
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);

    g_assert_cmpfloat_with_epsilon (kh_plan_get_coverage (plan, 0, kh_test_node (plan, "d")), 0.5, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_coverage (plan, 0, 0), 0.7, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 68, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 56, EPS);
  }
  d->min_coverage = 0.75;
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);

    g_assert_true (isnan (kh_test_score (plan, 0, "d")));
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 50, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 56, EPS);
  }
  d->below = KH_BELOW_ZERO;
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);

    g_assert_cmpfloat (kh_test_score (plan, 0, "d"), ==, 0);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 20, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 56, EPS);
  }
}

static void
test_coefficient_multiplies (void)
{
  /* root coefficient: dev (68) of d1, party (coefficient) of p1, sat (32) of s1.
   * U1: d1 50 → 34, p1 95 → f = 0.95, s1 75 → 24.
   *   party multiplies everything: (34 + 24)·0.95 = 55.1;
   *   party multiplies dev only: 34·0.95 + 24 = 56.3; contributions d1 34, s1 24 and
   *   p1 56.3 − 58 = −1.7 (what the multiplier cost).
   * U2: p1 missing (a missing coefficient counts as 1): 34 + 24 = 58; the multiplied dev
   *   is backed only as much as party is: coverage (68·1·0 + 32·1)/100 = 0.32. */
  const char *fields[] = { "d1", "p1", "s1", NULL };
  const double x[] = { 50, 95, 75, 50, NAN, 75 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2019, KH_AGG_COEFFICIENT);
  KhNode *dev = kh_test_add_node (fw->root, KH_NODE_PAPER, "dev", 68, 1);
  KhNode *party = kh_test_add_node (fw->root, KH_NODE_PAPER, "party", 100, 1);
  KhNode *sat = kh_test_add_node (fw->root, KH_NODE_PAPER, "sat", 32, 1);
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2019, 2, fields, x);

  party->coefficient = TRUE;
  kh_test_add_linear (dev, "d1", 68);
  kh_test_add_linear (party, "p1", 100);
  kh_test_add_linear (sat, "s1", 32);
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);

    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 55.1, EPS);
    kh_test_assert_coverages (plan);
  }
  g_ptr_array_add (party->multiplies, g_strdup ("dev"));
  g_assert_cmpuint (kh_framework_check (fw, NULL, NULL), ==, 0);
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);

    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 56.3, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_test_node (plan, "d1")), 34, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_test_node (plan, "s1")), 24, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_test_node (plan, "p1")), -1.7, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 58, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_coverage (plan, 1, 0), 0.32, EPS);
    kh_test_assert_coverages (plan);
  }
  /* The same framework the year after: last year's contributions, each split as the
   * year's own (a coefficient node multiplying dev only, party's shortfall), and with
   * p1 missing, are each unit's contributions of 2019. */
  {
    g_autoptr (KhFramework) fw20 = kh_framework_copy (fw);
    g_autoptr (KhDataset) ds20 = kh_test_dataset_new (2020, 2, fields, x);
    g_autoptr (KhPlan) prev = kh_test_plan_compute (fw, ds, NULL);
    g_autoptr (KhPlan) plan = NULL;

    fw20->year = 2020;
    plan = kh_test_plan_compute (fw20, ds20, prev);
    kh_test_assert_previous_contributions (plan, prev);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_previous_contribution (plan, 0, kh_test_node (plan, "p1")),
                                    -1.7, EPS);
  }
  /* naming a coefficient or a stranger is refused */
  g_ptr_array_add (party->multiplies, g_strdup ("party"));
  g_ptr_array_add (sat->multiplies, g_strdup ("dev"));
  /* party multiplies party (a coefficient); sat names dev but is no coefficient */
  g_assert_cmpuint (kh_framework_check (fw, NULL, NULL), ==, 2);
}

/* kh_plan_new_unexplained(): the plan kh_plan_new() makes but for last year's
 * contributions (NaN); as the previous year of the next plan it makes the same plan. */
static void
test_unexplained (void)
{
  /* a (60 points) and b (40), goalposts 0–100.
   * 2019: U1 50, 50 → 30 + 20 = 50 (rank 2); U2 100, 0 → 60 (1); U3 0, 100 → 40 (3).
   * 2020: U1 100, 100 → 100 (1); U2 0, 0 → 0 (3); U3 50, 50 → 50 (2):
   *       changes +1, −2, +1; U1's a contributed 30 last year, 60 now. */
  const char *fields[] = { "a", "b", NULL };
  const double x19[] = { 50, 50, 100, 0, 0, 100 };
  const double x20[] = { 100, 100, 0, 0, 50, 50 };
  const double x21[] = { 0, 100, 100, 100, 50, 0 };
  const int changes[] = { 1, -2, 1 };
  g_autoptr (KhFramework) fw19 = kh_test_framework_new (2019, KH_AGG_SUM);
  g_autoptr (KhFramework) fw20 = NULL, fw21 = NULL;
  g_autoptr (KhDataset) ds19 = kh_test_dataset_new (2019, 3, fields, x19);
  g_autoptr (KhDataset) ds20 = kh_test_dataset_new (2020, 3, fields, x20);
  g_autoptr (KhDataset) ds21 = kh_test_dataset_new (2021, 3, fields, x21);
  g_autoptr (KhPlan) prev = NULL, explained = NULL, lean = NULL;
  g_autoptr (KhPlan) after_explained = NULL, after_lean = NULL;
  g_autoptr (GError) error = NULL;

  kh_test_add_linear (fw19->root, "a", 60);
  kh_test_add_linear (fw19->root, "b", 40);
  fw20 = kh_framework_copy (fw19);
  fw20->year = 2020;
  fw21 = kh_framework_copy (fw19);
  fw21->year = 2021;
  prev = kh_test_plan_compute (fw19, ds19, NULL);
  explained = kh_test_plan_compute (fw20, ds20, prev);
  lean = kh_plan_new_unexplained (fw20, ds20, prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (lean);

  kh_test_assert_previous_contributions (explained, prev);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_previous_contribution (explained, 0, kh_test_node (explained, "a")),
                                  30, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (explained, 0, kh_test_node (explained, "a")),
                                  60, EPS);
  for (guint u = 0; u < 3; u++)
    {
      int change = 0;

      g_assert_true (kh_plan_get_rank_change (lean, u, &change));
      g_assert_cmpint (change, ==, changes[u]);
      g_assert_cmpfloat (kh_plan_get_total (lean, u), ==, kh_plan_get_total (explained, u));
      g_assert_cmpint (kh_plan_get_rank (lean, u), ==, kh_plan_get_rank (explained, u));
      g_assert_cmpint (kh_plan_get_previous_rank (lean, u), ==,
                       kh_plan_get_previous_rank (explained, u));
      g_assert_cmpfloat (kh_plan_get_previous_total (lean, u), ==,
                         kh_plan_get_previous_total (explained, u));
      for (guint n = 0; n < kh_plan_get_n_nodes (lean); n++)
        {
          g_assert_true (isnan (kh_plan_get_previous_contribution (lean, u, n)));
          g_assert_cmpfloat (kh_plan_get_node_score (lean, u, n), ==,
                             kh_plan_get_node_score (explained, u, n));
          g_assert_cmpfloat (kh_plan_get_contribution (lean, u, n), ==,
                             kh_plan_get_contribution (explained, u, n));
        }
    }
  /* The year after reads its own last year's contributions: the same either way. */
  after_explained = kh_test_plan_compute (fw21, ds21, explained);
  after_lean = kh_test_plan_compute (fw21, ds21, lean);
  kh_test_assert_previous_contributions (after_lean, lean);
  kh_test_assert_same_results (after_lean, after_explained);
}

static void
count_cb (gconstpointer object,
          const char   *message,
          gpointer      user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, g_strdup (message));
}

static void
test_continuity_check (void)
{
  /* 2019: tax_share (%) and old_x (元). 2020: rev (万元/人) replaces tax_share without a
   * conversion — refused; ghost replaces a node 2019 never had — refused; conv (百元)
   * replaces old_x with convert="old_x / 100" — fine; wrong (百元) replaces old_x with a
   * conversion naming unknown — refused. Three problems. */
  g_autoptr (KhFramework) fw19 = kh_test_framework_new (2019, KH_AGG_SUM);
  g_autoptr (KhFramework) fw20 = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  KhNode *n;

  kh_test_add_linear (fw19->root, "tax_share", 50)->unit_of_measure = g_strdup ("%");
  kh_test_add_linear (fw19->root, "old_x", 50)->unit_of_measure = g_strdup ("元");
  n = kh_test_add_linear (fw20->root, "rev", 25);
  n->unit_of_measure = g_strdup ("万元/人");
  n->replaces = g_strdup ("tax_share");
  n = kh_test_add_linear (fw20->root, "ghost", 25);
  n->replaces = g_strdup ("nothere");
  n = kh_test_add_linear (fw20->root, "conv", 25);
  n->unit_of_measure = g_strdup ("百元");
  n->replaces = g_strdup ("old_x");
  n->convert = g_strdup ("old_x / 100");
  n = kh_test_add_linear (fw20->root, "wrong", 25);
  n->unit_of_measure = g_strdup ("百元");
  n->replaces = g_strdup ("old_x");
  n->convert = g_strdup ("unknown / 100");

  g_assert_cmpuint (kh_framework_check_continuity (fw19, fw20, count_cb, messages), ==, 3);
  g_assert_nonnull (strstr (messages->pdata[0], "“rev”"));
  g_assert_nonnull (strstr (messages->pdata[0], "conversion formula"));
  g_assert_nonnull (strstr (messages->pdata[1], "“nothere”"));
  g_assert_nonnull (strstr (messages->pdata[2], "“unknown”"));
}

static void
test_convert_previous (void)
{
  /* 2019: x in 元, U1 600. 2020: y in 百元 replaces x, missing="previous", goalposts
   * 0–10 on 100 points. U1 has no 2020 value: with convert="x / 100" it carries
   * 600/100 = 6 → 60 points (imputed); U2's own 8 → 80. Without the conversion the
   * units differ and nothing is carried: U1's y stays missing. */
  const char *f19[] = { "x", NULL };
  const double x19[] = { 600, 700 };
  const char *f20[] = { "y", NULL };
  const double x20[] = { NAN, 8 };
  g_autoptr (KhFramework) fw19 = kh_test_framework_new (2019, KH_AGG_SUM);
  g_autoptr (KhFramework) fw20 = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (KhDataset) ds19 = kh_test_dataset_new (2019, 2, f19, x19);
  g_autoptr (KhDataset) ds20 = kh_test_dataset_new (2020, 2, f20, x20);
  g_autoptr (KhPlan) prev = NULL;
  KhNode *x = kh_test_add_linear (fw19->root, "x", 100);
  KhNode *y = kh_test_add_linear (fw20->root, "y", 100);

  x->unit_of_measure = g_strdup ("元");
  x->scoring.hi = 1000;
  y->unit_of_measure = g_strdup ("百元");
  y->replaces = g_strdup ("x");
  y->missing = KH_MISSING_PREVIOUS;
  y->scoring.hi = 10;
  prev = kh_test_plan_compute (fw19, ds19, NULL);
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw20, ds20, prev);

    g_assert_cmpint (kh_plan_get_value_state (plan, 0, kh_test_node (plan, "y")), ==, KH_VALUE_MISSING);
    g_assert_true (isnan (kh_plan_get_total (plan, 0)));
  }
  y->convert = g_strdup ("x / 100");
  {
    g_autoptr (KhPlan) plan = kh_test_plan_compute (fw20, ds20, prev);

    g_assert_cmpint (kh_plan_get_value_state (plan, 0, kh_test_node (plan, "y")), ==, KH_VALUE_IMPUTED);
    g_assert_cmpfloat_with_epsilon (kh_test_score (plan, 0, "y"), 60, EPS);
    g_assert_cmpfloat_with_epsilon (kh_test_score (plan, 1, "y"), 80, EPS);
    /* carried, so not backed by this year's data */
    g_assert_cmpfloat (kh_plan_get_coverage (plan, 0, 0), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/bounds/zscore-clamped", test_zscore_clamped);
  g_test_add_func ("/engine/coverage/states", test_coverage);
  g_test_add_func ("/engine/coverage/min-coverage", test_min_coverage);
  g_test_add_func ("/engine/coefficient/multiplies", test_coefficient_multiplies);
  g_test_add_func ("/engine/previous/unexplained", test_unexplained);
  g_test_add_func ("/engine/continuity/check", test_continuity_check);
  g_test_add_func ("/engine/continuity/convert", test_convert_previous);
  return g_test_run ();
}
