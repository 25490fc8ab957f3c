/* test-engine-reweight.c — kh_plan_reweight() against the engine's full path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan re-weighted from a computed one must hold, bit for bit, what kh_plan_new() and
 * kh_plan_compute() give on the edited framework: every node score, coverage and
 * contribution, totals, ranks, tiers, vetoes, awards, quotas and rank changes. On a
 * small framework made by hand (nested groups, a geometric mean, a tie, a missing
 * value, a weight set to zero) and on the synthetic one of the benchmarks (three peer
 * groups with tiers, an award, a quota, a bonus, a deduction, a binding constraint, a
 * previous year), after one edit and after a chain of edits.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bench/kh-bench-synth.h"
#include "core/kh-engine.h"
#include "kh-test-engine.h"

/* @plan re-weighted to @fw, checked against the full path; returns the new plan. */
static KhPlan *
reweight_and_check (KhPlan      *plan,
                    KhFramework *fw,
                    KhDataset   *ds,
                    KhPlan      *previous)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) full = kh_test_plan_compute (fw, ds, previous);
  KhPlan *quick = kh_plan_reweight (plan, fw, &error);

  g_assert_no_error (error);
  g_assert_nonnull (quick);
  g_assert_true (kh_plan_get_framework (quick) == fw);
  kh_test_assert_same_results (quick, full);
  return quick;
}

static KhFramework *
with_weight (KhFramework *fw,
             const char  *node,
             double       weight)
{
  KhFramework *edited = kh_framework_copy (fw);

  kh_framework_find_node (edited, node)->weight = weight;
  return edited;
}

/* root (sum) → A (sum: a1, a2, A2 (mean: a3, a4)), B (geometric: b1, b2) */
static KhFramework *
small_framework (void)
{
  KhFramework *fw = kh_test_framework_new (2024, KH_AGG_SUM);
  KhNode *a = kh_test_add_node (fw->root, KH_NODE_DIMENSION, "A", 60, 1);
  KhNode *a2 = kh_test_add_node (a, KH_NODE_DIMENSION, "A2", 20, 1);
  KhNode *b = kh_test_add_node (fw->root, KH_NODE_DIMENSION, "B", 40, 1);

  kh_test_add_linear (a, "a1", 20);
  kh_test_add_linear (a, "a2", 20);
  a2->aggregation = KH_AGG_MEAN;
  kh_test_add_linear (a2, "a3", 10);
  kh_test_add_linear (a2, "a4", 10);
  b->aggregation = KH_AGG_GEOMETRIC;
  kh_test_add_linear (b, "b1", 20);
  kh_test_add_linear (b, "b2", 20);
  return fw;
}

static void
test_small (void)
{
  static const char *const fields[] = { "a1", "a2", "a3", "a4", "b1", "b2", NULL };
  /* U2 and U3 tie; U4 misses a3; U5 scores 0 on b2 (geometric mean 0) */
  static const double values[] = {
    90, 80, 70, 60, 50, 40,  /* U1 */
    60, 60, 60, 60, 60, 60,  /* U2 */
    60, 60, 60, 60, 60, 60,  /* U3 */
    70, 50, NAN, 80, 30, 90, /* U4 */
    100, 100, 100, 100, 100, 0, /* U5 */
    20, 90, 40, 30, 80, 70,  /* U6 */
  };
  g_autoptr (KhFramework) fw = small_framework ();
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2024, 6, fields, values);
  g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);
  struct
  {
    const char *node;
    double weight;
  } edits[] = {
    { "a1", 3 },    /* an indicator of a sum */
    { "a3", 2.5 },  /* an indicator of a mean, two levels down */
    { "A2", 0 },    /* an inner node weighed out */
    { "b1", 0.25 }, /* an indicator of a geometric mean */
    { "B", 1.75 },  /* a dimension */
    { "A2", 1 },    /* back */
    { "a2", 0 },    /* an indicator weighed out */
  };
  g_autoptr (KhFramework) current = kh_framework_ref (fw);
  int rank_u2, rank_u3;

  rank_u2 = kh_plan_get_rank (plan, 1);
  rank_u3 = kh_plan_get_rank (plan, 2);
  g_assert_cmpint (rank_u2, ==, rank_u3);
  for (guint e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autoptr (KhFramework) one = with_weight (fw, edits[e].node, edits[e].weight);
      g_autoptr (KhFramework) chained = with_weight (current, edits[e].node, edits[e].weight);
      g_autoptr (KhPlan) from_first = reweight_and_check (plan, one, ds, NULL);
      KhPlan *next = reweight_and_check (plan, chained, ds, NULL);

      /* the tie stays a tie whatever the weights */
      g_assert_cmpint (kh_plan_get_rank (next, 1), ==, kh_plan_get_rank (next, 2));
      g_clear_pointer (&plan, kh_plan_unref);
      plan = next;
      g_clear_pointer (&current, kh_framework_unref);
      current = kh_framework_ref (chained);
    }

  /* by hand, U1 at the end: A sums a1 (score 18) weighed 3, a2 weighed out, A2 weighed
   * 1: the mean of a3 (0.7 of its points) weighed 2.5 and a4 (0.6) weighed 1 */
  g_assert_cmpfloat_with_epsilon (kh_test_score (plan, 0, "A"),
                                  3 * 18.0 + 20 * (2.5 * 0.7 + 0.6) / 3.5, 1e-9);
}

static void
test_refused (void)
{
  static const char *const fields[] = { "a1", "a2", "a3", "a4", "b1", "b2", NULL };
  static const double values[] = { 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1 };
  g_autoptr (KhFramework) fw = small_framework ();
  g_autoptr (KhFramework) other = small_framework ();
  g_autoptr (KhDataset) ds = kh_test_dataset_new (2024, 2, fields, values);
  g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, NULL);
  g_autoptr (KhPlan) fresh = kh_plan_new (fw, ds, NULL, NULL);
  g_autoptr (GError) error = NULL;
  double total = kh_plan_get_total (plan, 0);
  KhPlan *result;

  /* other points: not a re-weighting */
  kh_framework_find_node (other, "A")->points = 50;
  result = kh_plan_reweight (plan, other, &error);
  g_assert_null (result);
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than its weights"));
  g_clear_error (&error);

  /* a plan never computed */
  result = kh_plan_reweight (fresh, fw, &error);
  g_assert_null (result);
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  /* the plan refused is left as it was */
  g_assert_cmpfloat (kh_plan_get_total (plan, 0), ==, total);
}

static void
test_synthetic (void)
{
  g_autoptr (KhFramework) fw = kh_bench_framework ("synthetic", "synthetic", 60, 8, 3);
  g_autoptr (KhDataset) prev_ds = kh_bench_dataset (fw, 96, fw->year - 1, 7);
  g_autoptr (KhDataset) ds = kh_bench_dataset (fw, 96, fw->year, 7);
  g_autoptr (KhPlan) prev = kh_test_plan_compute (fw, prev_ds, NULL);
  g_autoptr (KhPlan) plan = kh_test_plan_compute (fw, ds, prev);
  g_autoptr (KhFramework) current = kh_framework_ref (fw);
  guint n_nodes = kh_plan_get_n_nodes (plan);
  guint rank_moves = 0;

  kh_test_assert_previous_contributions (plan, prev);

  /* every fifth node in turn (dimensions and indicators), then the first dimension to 0 */
  for (guint n = 1; n < n_nodes; n += 5)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      g_autoptr (KhFramework) edited = with_weight (current, node->id, node->weight * 1.5 + 0.5);
      KhPlan *next = reweight_and_check (plan, edited, ds, prev);

      for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
        rank_moves += kh_plan_get_rank (next, u) != kh_plan_get_rank (plan, u);
      g_clear_pointer (&plan, kh_plan_unref);
      plan = next;
      g_clear_pointer (&current, kh_framework_unref);
      current = g_steal_pointer (&edited);
    }
  {
    g_autoptr (KhFramework) edited = with_weight (current, kh_plan_get_node (plan, 1)->id, 0);
    g_autoptr (KhPlan) last = reweight_and_check (plan, edited, ds, prev);
  }
  /* the edits did move units: the comparison is not of two unchanged plans */
  g_assert_cmpuint (rank_moves, >, 0);
}

/* Last year's data under this year's framework, re-weighted: the same as the like-for-like
 * plan of the edited framework. Last year did not measure b2 (admitted this year): it
 * applies to nobody, and B is b1 alone, whatever b2's weight. */
static void
test_like_for_like (void)
{
  static const char *const prev_fields[] = { "a1", "a2", "a3", "a4", "b1", NULL };
  static const double prev_values[] = {
    90, 80, 70, 60, 50, /* U1 */
    60, 60, 60, 60, 60, /* U2 */
    70, 50, NAN, 80, 30, /* U3 */
    20, 90, 40, 30, 80, /* U4 */
  };
  g_autoptr (KhFramework) fw = small_framework ();
  g_autoptr (KhFramework) prev_fw = small_framework ();
  g_autoptr (KhDataset) prev_ds = kh_test_dataset_new (2023, 4, prev_fields, prev_values);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) like = NULL;
  g_autoptr (KhPlan) quick = NULL;
  g_autoptr (KhPlan) full = NULL;
  g_autoptr (KhFramework) edited = NULL;
  g_autoptr (GError) error = NULL;
  KhNode *b2 = kh_framework_find_node (prev_fw, "b2");

  prev_fw->year = 2023;
  kh_node_free (kh_node_steal (b2));
  kh_framework_find_node (prev_fw, "B")->aggregation = KH_AGG_SUM;
  prev = kh_test_plan_compute (prev_fw, prev_ds, NULL);
  like = kh_plan_new_like_for_like (fw, prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (like);

  edited = with_weight (fw, "b2", 5);
  kh_framework_find_node (edited, "a1")->weight = 2;
  quick = kh_plan_reweight (like, edited, &error);
  g_assert_no_error (error);
  full = kh_plan_new_like_for_like (edited, prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (full);
  kh_test_assert_same_results (quick, full);
  /* b2 applies to nobody: U1's B is its b1 alone (50 of 100 → 20 of B's 40 points, by
   * hand), whatever b2's weight */
  g_assert_cmpint (kh_plan_get_value_state (quick, 0, kh_plan_find_node (quick, "b2")), ==,
                   KH_VALUE_NOT_APPLICABLE);
  g_assert_cmpfloat_with_epsilon (kh_test_score (quick, 0, "B"), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_test_score (full, 0, "B"), 20, 1e-9);
}

static guint
assert_same_previous_contribution (KhPlan *shared,
                                   KhPlan *copied,
                                   guint   u,
                                   guint   n)
{
  double then = kh_plan_get_previous_contribution (shared, u, n);
  double expected = kh_plan_get_previous_contribution (copied, u, n);

  g_assert_false (isnan (then));
  g_assert_cmpmem (&then, sizeof then, &expected, sizeof expected);
  return then != 0;
}

/* Every previous contribution of @shared, bit for bit @copied's (the same plan made with
 * a previous plan not shared); 0 for the units new this year: unit by unit, then node by
 * node (another unit at each). Returns the non-zero ones. */
static guint
assert_same_previous_contributions (KhPlan *shared,
                                    KhPlan *copied)
{
  guint nonzero = 0;

  g_assert_cmpuint (kh_plan_get_n_units (shared), ==, kh_plan_get_n_units (copied));
  g_assert_cmpuint (kh_plan_get_n_nodes (shared), ==, kh_plan_get_n_nodes (copied));
  for (guint u = 0; u < kh_plan_get_n_units (shared); u++)
    for (guint n = 0; n < kh_plan_get_n_nodes (shared); n++)
      nonzero += assert_same_previous_contribution (shared, copied, u, n);
  for (guint n = 0; n < kh_plan_get_n_nodes (shared); n++)
    for (guint u = 0; u < kh_plan_get_n_units (shared); u++)
      assert_same_previous_contribution (shared, copied, u, n);
  return nonzero;
}

/* A previous plan shared (kh_plan_share_as_previous(), issue 22): the plans made with it,
 * their re-weighted plans and their copies read last year's contributions from it, the
 * same bit for bit as those copying them, for as long as they live, whoever else lets it
 * go. Last year had 90 of the 96 units. */
static void
test_shared_previous (void)
{
  g_autoptr (KhFramework) fw = kh_bench_framework ("synthetic", "synthetic", 60, 8, 3);
  g_autoptr (KhDataset) prev_ds = kh_bench_dataset (fw, 90, fw->year - 1, 7);
  g_autoptr (KhDataset) ds = kh_bench_dataset (fw, 96, fw->year, 7);
  KhPlan *prev = kh_test_plan_compute (fw, prev_ds, NULL);
  g_autoptr (KhPlan) copied = kh_test_plan_compute (fw, ds, prev);
  g_autoptr (KhPlan) shared = NULL;
  g_autoptr (KhPlan) reweighted = NULL;
  g_autoptr (KhPlan) reweighted_copied = NULL;
  g_autoptr (KhPlan) copy = NULL;
  g_autoptr (KhFramework) edited = NULL;
  g_autoptr (GError) error = NULL;
  guint n_units = kh_plan_get_n_units (copied);

  kh_plan_share_as_previous (prev);
  shared = kh_test_plan_compute (fw, ds, prev);
  /* only the plan made with it holds it now */
  kh_plan_unref (prev);
  g_assert_cmpuint (assert_same_previous_contributions (shared, copied), >, 0);
  for (guint n = 0; n < kh_plan_get_n_nodes (shared); n++)
    g_assert_cmpfloat (kh_plan_get_previous_contribution (shared, n_units - 1, n), ==, 0);
  kh_test_assert_same_results (shared, copied);

  edited = with_weight (fw, kh_plan_get_node (shared, 1)->id, 7);
  reweighted = kh_plan_reweight (shared, edited, &error);
  g_assert_no_error (error);
  reweighted_copied = kh_plan_reweight (copied, edited, &error);
  g_assert_no_error (error);
  g_clear_pointer (&shared, kh_plan_unref);
  g_assert_cmpuint (assert_same_previous_contributions (reweighted, reweighted_copied), >, 0);

  copy = kh_plan_copy (reweighted);
  kh_plan_compute (copy);
  g_clear_pointer (&reweighted, kh_plan_unref);
  g_assert_cmpuint (assert_same_previous_contributions (copy, reweighted_copied), >, 0);

  /* let go of: as a copy's are */
  kh_plan_drop_previous_contributions (copy);
  g_assert_true (isnan (kh_plan_get_previous_contribution (copy, 0, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/reweight/small", test_small);
  g_test_add_func ("/engine/reweight/refused", test_refused);
  g_test_add_func ("/engine/reweight/synthetic", test_synthetic);
  g_test_add_func ("/engine/reweight/shared-previous", test_shared_previous);
  g_test_add_func ("/engine/reweight/like-for-like", test_like_for_like);
  return g_test_run ();
}
