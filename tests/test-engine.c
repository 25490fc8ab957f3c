/* test-engine.c — the scoring pipeline against values computed by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected number is derived in the comment next to it from the formulas of
 * data/schema/README.md, "Scoring formulas".
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-engine.h"

#define EPS 1e-9

/* ---- fixtures ------------------------------------------------------------------- */

static KhFramework *
framework_new (KhAggregation aggregation)
{
  KhFramework *fw = kh_framework_new ();

  fw->id = g_strdup ("test");
  fw->year = 2020;
  fw->root->aggregation = aggregation;
  return fw;
}

static KhNode *
add_node (KhNode     *parent,
          KhNodeKind  kind,
          const char *id,
          double      points,
          double      weight)
{
  KhNode *node = kh_node_new (kind, id);

  node->points = points;
  node->weight = weight;
  kh_node_append (parent, node);
  return node;
}

/* Indicator scored by goalposts [0, 100]: score = P · x / 100, easy to follow. */
static KhNode *
add_linear (KhNode     *parent,
            const char *id,
            double      points,
            double      weight)
{
  KhNode *node = add_node (parent, KH_NODE_INDICATOR, id, points, weight);

  node->scoring.method = KH_METHOD_GOALPOSTS;
  node->scoring.lo = 0;
  node->scoring.hi = 100;
  return node;
}

/* Units "U1".."Un" in one column per field; values row-major (unit by field). */
static KhDataset *
dataset_new (guint              n_units,
             const char *const *fields,
             const double      *values)
{
  KhDataset *ds = kh_dataset_new (2020);
  guint n_fields = g_strv_length ((char **) fields);

  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *id = g_strdup_printf ("U%u", u + 1);

      kh_dataset_add_unit (ds, id, NULL, NULL);
    }
  for (guint f = 0; f < n_fields; f++)
    {
      guint index = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (ds, u, index, values[u * n_fields + f]);
    }
  return ds;
}

static KhPlan *
plan_compute (KhFramework *fw,
              KhDataset   *ds,
              KhPlan      *previous)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = kh_plan_new (fw, ds, previous, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  kh_plan_compute (plan);
  return plan;
}

static double
score_of (KhPlan     *plan,
          guint       unit,
          const char *node)
{
  int n = kh_plan_find_node (plan, node);

  g_assert_cmpint (n, >=, 0);
  return kh_plan_get_node_score (plan, unit, n);
}

/* Scores one indicator (points 100) over @n units with values @x. */
static KhPlan *
score_single (KhNode       *ind,
              guint         n,
              const double *x)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  g_autoptr (KhDataset) ds = NULL;
  const char *fields[] = { ind->id, NULL };

  kh_node_append (fw->root, ind);
  ds = dataset_new (n, fields, x);
  return plan_compute (fw, ds, NULL);
}

static void
assert_scores (KhPlan       *plan,
               const char   *node,
               guint         n,
               const double *expected)
{
  for (guint u = 0; u < n; u++)
    {
      double got = score_of (plan, u, node);

      if (isnan (expected[u]))
        g_assert_true (isnan (got));
      else
        g_assert_cmpfloat_with_epsilon (got, expected[u], EPS);
    }
}

/* ---- scoring methods ------------------------------------------------------------ */

static void
test_minmax (void)
{
  KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
  /* min 10, max 40: (x − 10)/30 · 100 → 0, 33.33…, 100 */
  const double x[] = { 10, 20, 40 };
  const double want[] = { 0, 100.0 / 3, 100 };
  g_autoptr (KhPlan) plan = score_single (ind, 3, x);

  assert_scores (plan, "x", 3, want);

  /* lower is better flips: (max − x)/30 · 100 → 100, 66.67, 0; range [60, 90] → 60 + 30·f */
  {
    KhNode *low = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want_low[] = { 90, 60 + 30 * (2.0 / 3), 60 };
    g_autoptr (KhPlan) plan_low = NULL;

    low->direction = KH_DIRECTION_LOWER;
    low->scoring.a = 60;
    low->scoring.b = 90;
    plan_low = score_single (low, 3, x);
    assert_scores (plan_low, "x", 3, want_low);
  }

  /* all equal (and a single unit): every unit gets the top of the range, b = 100 */
  {
    const double same[] = { 7, 7, 7 };
    const double want_same[] = { 100, 100, 100 };
    g_autoptr (KhPlan) plan_same = score_single (kh_node_new (KH_NODE_INDICATOR, "x"), 3, same);
    g_autoptr (KhPlan) plan_one = score_single (kh_node_new (KH_NODE_INDICATOR, "x"), 1, same);

    assert_scores (plan_same, "x", 3, want_same);
    assert_scores (plan_one, "x", 1, want_same);
  }
}

static void
test_zscore (void)
{
  KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
  /* mean 2, sample sd 1: 50 + 10·z → 40, 50, 60 */
  const double x[] = { 1, 2, 3 };
  const double want[] = { 40, 50, 60 };
  g_autoptr (KhPlan) plan = NULL;

  ind->scoring.method = KH_METHOD_ZSCORE;
  ind->scoring.mean = 50;
  ind->scoring.sd = 10;
  plan = score_single (ind, 3, x);
  assert_scores (plan, "x", 3, want);

  /* all equal: sd 0 → z 0 → the given mean */
  {
    KhNode *same = kh_node_new (KH_NODE_INDICATOR, "x");
    const double y[] = { 4, 4 };
    const double want_same[] = { 50, 50 };
    g_autoptr (KhPlan) plan_same = NULL;

    same->scoring.method = KH_METHOD_ZSCORE;
    same->scoring.mean = 50;
    same->scoring.sd = 10;
    plan_same = score_single (same, 2, y);
    assert_scores (plan_same, "x", 2, want_same);
  }
}

static void
test_rank_percentile (void)
{
  /* values 5, 7, 7, 9 → ranks 4, 2, 2, 1 (ties share the better rank) */
  const double x[] = { 5, 7, 7, 9 };

  {
    /* linear: P·(n − r)/(n − 1) → 0, 66.67, 66.67, 100 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 200.0 / 3, 200.0 / 3, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_RANK;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* step 10: P − 10·(r − 1) → 70, 90, 90, 100 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 70, 90, 90, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_RANK;
    ind->scoring.step = 10;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* percentile rank: (number strictly below)/(n − 1) → 0/3, 1/3, 1/3, 3/3 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 100.0 / 3, 100.0 / 3, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_PERCENTILE;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* lower is better, percentile: 9 is worst → 0; 5 is best → 1 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 100, 100.0 / 3, 100.0 / 3, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_PERCENTILE;
    ind->direction = KH_DIRECTION_LOWER;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* a single unit: rank and percentile give full points */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_RANK;
    plan = score_single (ind, 1, x);
    assert_scores (plan, "x", 1, want);
  }
}

/* Large groups take the quicksort path of the sort: ranks and percentiles of 2000
 * values with many ties must equal the definitions counted by brute force. */
static void
test_rank_percentile_large (void)
{
  const guint n = 2000;
  g_autofree double *x = g_new (double, n);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  KhNode *rank = kh_node_new (KH_NODE_INDICATOR, "x");
  KhNode *pct = kh_node_new (KH_NODE_INDICATOR, "x");
  g_autoptr (KhPlan) plan_rank = NULL;
  g_autoptr (KhPlan) plan_pct = NULL;

  for (guint u = 0; u < n; u++)
    x[u] = g_rand_int_range (rand, 0, 300) / 4.0; /* about 7 units per value */
  rank->scoring.method = KH_METHOD_RANK;
  pct->scoring.method = KH_METHOD_PERCENTILE;
  plan_rank = score_single (rank, n, x);
  plan_pct = score_single (pct, n, x);
  for (guint u = 0; u < n; u++)
    {
      guint above = 0, below = 0;

      for (guint v = 0; v < n; v++)
        {
          above += x[v] > x[u];
          below += x[v] < x[u];
        }
      /* rank r = 1 + above: P·(n − r)/(n − 1); percentile P·below/(n − 1) */
      g_assert_cmpfloat_with_epsilon (score_of (plan_rank, u, "x"),
                                      100.0 * (n - 1 - above) / (n - 1), 1e-9);
      g_assert_cmpfloat_with_epsilon (score_of (plan_pct, u, "x"), 100.0 * below / (n - 1), 1e-9);
      /* and the totals rank the same way (competition ranking, precision 2) */
      g_assert_cmpint (kh_plan_get_rank (plan_pct, u), ==, 1 + above);
    }
}

static void
test_goalposts_target (void)
{
  {
    /* goalposts lo 20, hi 70: 100·clamp((x − 20)/50) → 45: 50; 10: 0; 90: 100 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 45, 10, 90 };
    const double want[] = { 50, 0, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_GOALPOSTS;
    ind->scoring.lo = 20;
    ind->scoring.hi = 70;
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
  }
  {
    /* lower is better as goalposts worst 70, best 20: (45 − 70)/(20 − 70) = 0.5 → 50 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 45, 75 };
    const double want[] = { 50, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_GOALPOSTS;
    ind->direction = KH_DIRECTION_LOWER;
    ind->scoring.lo = 70;
    ind->scoring.hi = 20;
    plan = score_single (ind, 2, x);
    assert_scores (plan, "x", 2, want);
  }
  {
    /* target 80, cap 1.2, declared bonus (may exceed P): 60 → 75; 100 → 125 capped 120;
     * −5 → 0 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 60, 100, -5 };
    const double want[] = { 75, 120, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_TARGET_RATIO;
    ind->scoring.target = 80;
    ind->scoring.cap = 1.2;
    ind->bonus = TRUE;
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
  }
  {
    /* lower is better, target 35 (PM2.5): ratio target/x: 50 → 70; 28 → 125 → cap 1 → 100;
     * 0 → the cap, 100 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 50, 28, 0 };
    const double want[] = { 70, 100, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_TARGET_RATIO;
    ind->direction = KH_DIRECTION_LOWER;
    ind->scoring.target = 35;
    ind->scoring.cap = 1;
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
  }
}

static void
add_step (KhNode *node,
          double  min,
          double  points)
{
  KhStep step = { min, points, { NULL, NULL, NULL } };

  g_array_append_val (node->scoring.steps, step);
}

static void
test_steps (void)
{
  {
    /* steps ≥0: 2, ≥50: 5, ≥80: 10 → 49: 2; 80: 10; −1: none reached, 0 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 49, 80, -1 };
    const double want[] = { 2, 10, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->points = 10;
    ind->scoring.method = KH_METHOD_THRESHOLDS;
    add_step (ind, 0, 2);
    add_step (ind, 50, 5);
    add_step (ind, 80, 10);
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
  }
  {
    /* lower is better: the first bound (ascending) x stays within: ≤30: 10, ≤40: 6, ≤50: 2
     * → 25: 10; 35: 6; 50: 2; 60: 0 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 25, 35, 50, 60 };
    const double want[] = { 10, 6, 2, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->points = 10;
    ind->direction = KH_DIRECTION_LOWER;
    ind->scoring.method = KH_METHOD_THRESHOLDS;
    add_step (ind, 30, 10);
    add_step (ind, 40, 6);
    add_step (ind, 50, 2);
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* grades: code 1 → 100 (优), 2 → 80 (良), 3 → 60 (中) */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 2, 1, 3 };
    const double want[] = { 80, 100, 60 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_GRADES;
    add_step (ind, 1, 100);
    add_step (ind, 2, 80);
    add_step (ind, 3, 60);
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
    /* a value that is no grade code is refused */
    g_assert_false (kh_plan_set_value (plan, 0, "x", 4));
    g_assert_true (kh_plan_set_value (plan, 0, "x", 3));
  }
  {
    /* satisfaction, floor 60: 100·(90 − 60)/40 = 75; 50 → 0 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 90, 50 };
    const double want[] = { 75, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->scoring.method = KH_METHOD_SATISFACTION;
    ind->scoring.floor = 60;
    plan = score_single (ind, 2, x);
    assert_scores (plan, "x", 2, want);
  }
  {
    /* band [40, 60], min-max on the distance (lower is better): distances 10, 0, 15
     * → keys −10, 0, −15 → (−10 + 15)/15 = 33.33, 100, 0 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 30, 50, 75 };
    const double want[] = { 100.0 / 3, 100, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->direction = KH_DIRECTION_BAND;
    ind->band_lo = 40;
    ind->band_hi = 60;
    plan = score_single (ind, 3, x);
    assert_scores (plan, "x", 3, want);
  }
}

static void
test_grade_code_rejected (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *ind = add_node (fw->root, KH_NODE_INDICATOR, "g", 100, 1);
  const char *fields[] = { "g", NULL };
  const double x[] = { 1, 5 };
  g_autoptr (KhDataset) ds = dataset_new (2, fields, x);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = NULL;

  ind->scoring.method = KH_METHOD_GRADES;
  add_step (ind, 1, 100);
  plan = kh_plan_new (fw, ds, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "unit “U2”: indicator “g”: 5"));
}

/* ---- missing values and treatment ----------------------------------------------- */

static void
test_missing_policies (void)
{
  /* values 10, 20, missing, 60 */
  const double x[] = { 10, 20, NAN, 60 };

  {
    /* mean of the others = 30 → min-max over 10, 20, 30, 60: (30 − 10)/50 = 40 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 20, 40, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->missing = KH_MISSING_MEAN;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
    g_assert_cmpint (kh_plan_get_value_state (plan, 2, 1), ==, KH_VALUE_IMPUTED);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 2, 1, KH_STAGE_TREATED), 30, EPS);
  }
  {
    /* median of 10, 20, 60 = 20 → (20 − 10)/50 = 20 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 20, 20, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->missing = KH_MISSING_MEDIAN;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
  }
  {
    /* zero: the missing unit scores 0 and min-max is over the other three */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 20, 0, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->missing = KH_MISSING_ZERO;
    plan = score_single (ind, 4, x);
    assert_scores (plan, "x", 4, want);
    g_assert_cmpint (kh_plan_get_value_state (plan, 2, 1), ==, KH_VALUE_ZERO);
  }
  {
    /* re-weight (default): no score, and the root has nothing else → no total, unranked */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double want[] = { 0, 20, NAN, 100 };
    g_autoptr (KhPlan) plan = score_single (ind, 4, x);

    assert_scores (plan, "x", 4, want);
    g_assert_cmpint (kh_plan_get_value_state (plan, 2, 1), ==, KH_VALUE_MISSING);
    g_assert_true (isnan (kh_plan_get_total (plan, 2)));
    g_assert_cmpint (kh_plan_get_rank (plan, 2), ==, 0);
    g_assert_cmpint (kh_plan_get_rank (plan, 3), ==, 1);
    g_assert_cmpint (kh_plan_get_rank (plan, 0), ==, 3);
  }
}

static void
test_outliers (void)
{
  {
    /* 1..9, 100: type-7 quantiles: 10th h = 0.9 → 1.9; 90th h = 8.1 → 9 + 0.1·91 = 18.1 */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 100 };
    g_autoptr (KhPlan) plan = NULL;

    ind->outlier = KH_OUTLIER_WINSOR_PERCENTILE;
    ind->outlier_a = 10;
    ind->outlier_b = 90;
    plan = score_single (ind, 10, x);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 0, 1, KH_STAGE_TREATED), 1.9, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 9, 1, KH_STAGE_TREATED), 18.1, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 9, 1, KH_STAGE_RAW), 100, EPS);
    /* min-max after treatment: (9 − 1.9)/(18.1 − 1.9) · 100 */
    g_assert_cmpfloat_with_epsilon (score_of (plan, 8, "x"), 7.1 / 16.2 * 100, 1e-9);
  }
  {
    /* 0, 0, 0, 10: mean 2.5, sample sd √(75/3) = 5 → clamp to [−2.5, 7.5] */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { 0, 0, 0, 10 };
    g_autoptr (KhPlan) plan = NULL;

    ind->outlier = KH_OUTLIER_WINSOR_SD;
    ind->outlier_a = 1;
    plan = score_single (ind, 4, x);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 3, 1, KH_STAGE_TREATED), 7.5, EPS);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 0, 1, KH_STAGE_TREATED), 0, EPS);
  }
  {
    /* log: ln(e²) = 2; ln(1) = 0; ln(0) undefined → missing */
    KhNode *ind = kh_node_new (KH_NODE_INDICATOR, "x");
    const double x[] = { exp (2), 1, 0 };
    g_autoptr (KhPlan) plan = NULL;

    ind->outlier = KH_OUTLIER_LOG;
    plan = score_single (ind, 3, x);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 0, 1, KH_STAGE_TREATED), 2, EPS);
    g_assert_cmpint (kh_plan_get_value_state (plan, 2, 1), ==, KH_VALUE_MISSING);
    /* ln(1 + x) with outlier_a = 1: ln(1 + 0) = 0 */
    {
      KhNode *ind1 = kh_node_new (KH_NODE_INDICATOR, "x");
      g_autoptr (KhPlan) plan1 = NULL;

      ind1->outlier = KH_OUTLIER_LOG;
      ind1->outlier_a = 1;
      plan1 = score_single (ind1, 3, x);
      g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan1, 2, 1, KH_STAGE_TREATED), 0, EPS);
    }
  }
}

/* ---- formulas -------------------------------------------------------------------- */

static void
test_formulas (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *pc = add_linear (fw->root, "gdp_pc", 50, 1);
  KhNode *gr = add_linear (fw->root, "gdp_growth", 50, 1);
  const char *fields[] = { "gdp", "pop", NULL };
  /* current: gdp 110, 50; pop 2, 0.   previous: gdp 100, 50 */
  const double now[] = { 110, 2, 50, 0 };
  const double then[] = { 100, 2, 50, 1 };
  g_autoptr (KhDataset) ds = dataset_new (2, fields, now);
  g_autoptr (KhDataset) prev_ds = dataset_new (2, fields, then);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;

  g_ptr_array_add (fw->variables, kh_variable_new ("gdp"));
  g_ptr_array_add (fw->variables, kh_variable_new ("pop"));
  pc->formula = g_strdup ("gdp / pop");
  gr->formula = g_strdup ("growth(gdp) * 5 + gdp_pc * 0"); /* uses another formula */

  prev = plan_compute (fw, prev_ds, NULL);
  plan = plan_compute (fw, ds, prev);

  /* U1: 110/2 = 55 → 50·55/100 = 27.5; growth (110 − 100)/100·100 = 10 → ·5 = 50 → 25 */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 0, 1, KH_STAGE_DERIVED), 55, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_value (plan, 0, 2, KH_STAGE_DERIVED), 50, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 27.5 + 25, EPS);
  /* U2: pop 0 → division by zero: missing; growth 0 → 0 points; gdp_pc · 0 is missing too */
  g_assert_cmpint (kh_plan_get_value_state (plan, 1, 1), ==, KH_VALUE_MISSING);
  g_assert_true (isnan (kh_plan_get_value (plan, 1, 2, KH_STAGE_DERIVED)));
  /* without a previous year, growth() is missing */
  g_assert_true (isnan (kh_plan_get_value (prev, 0, 2, KH_STAGE_DERIVED)));
}

static void
test_formula_errors (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *a = add_linear (fw->root, "a", 50, 1);
  KhNode *b = add_linear (fw->root, "b", 50, 1);
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  g_autoptr (GError) error = NULL;
  KhPlan *plan;

  kh_dataset_add_unit (ds, "U1", NULL, NULL);
  a->formula = g_strdup ("b + 1");
  b->formula = g_strdup ("a * 2");
  plan = kh_plan_new (fw, ds, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "indicator “a”: formula depends on itself"));
  g_assert_nonnull (strstr (error->message, "indicator “b”: formula depends on itself"));
  g_clear_error (&error);

  /* prev() does not form a cycle */
  g_free (b->formula);
  b->formula = g_strdup ("prev(a) + nowhere");
  plan = kh_plan_new (fw, ds, NULL, &error);
  g_assert_null (plan);
  g_assert_nonnull (strstr (error->message, "indicator “b”: formula refers to unknown name “nowhere”"));
  g_assert_null (strstr (error->message, "cycle"));
}

/* ---- aggregation ----------------------------------------------------------------- */

static void
test_aggregation_sum_reweight (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const char *fields[] = { "a", "b", NULL };
  /* U1: a 50, b 25 → 30 + 10 = 40. U2: b missing → 30 · (60 + 40)/60 = 50 */
  const double x[] = { 50, 25, 50, NAN };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;

  add_linear (fw->root, "a", 60, 1);
  add_linear (fw->root, "b", 40, 1);
  ds = dataset_new (2, fields, x);
  plan = plan_compute (fw, ds, NULL);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 40, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 50, EPS);
  /* contributions: U2's whole 50 is a's */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 1, 1), 50, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 1, 2), 0, EPS);
}

static double
aggregate_two (KhAggregation agg,
               double        wa,
               double        fa,
               double        wb,
               double        fb)
{
  g_autoptr (KhFramework) fw = framework_new (agg);
  const char *fields[] = { "a", "b", NULL };
  const double x[] = { fa * 100, fb * 100 };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;
  double sum;

  add_linear (fw->root, "a", 100, wa);
  add_linear (fw->root, "b", 100, wb);
  ds = dataset_new (1, fields, x);
  plan = plan_compute (fw, ds, NULL);
  /* whatever the aggregation, the contributions add up to the root's score */
  sum = kh_plan_get_contribution (plan, 0, 1) + kh_plan_get_contribution (plan, 0, 2);
  g_assert_cmpfloat_with_epsilon (sum, kh_plan_get_node_score (plan, 0, 0), 1e-9);
  return kh_plan_get_total (plan, 0);
}

static void
test_aggregation_means (void)
{
  /* mean, weights 1 and 3, f 0.5 and 0.25: 100·(0.5 + 0.75)/4 = 31.25 */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_MEAN, 1, 0.5, 3, 0.25), 31.25, EPS);
  /* geometric, equal weights, f 0.25 and 1: 100·√0.25 = 50 */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_GEOMETRIC, 1, 0.25, 1, 1), 50, EPS);
  /* geometric with weights 1, 3: 100 · 0.25^(1/4) · 1 = 70.7106… */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_GEOMETRIC, 1, 0.25, 3, 1),
                                  100 * sqrt (0.5), 1e-9);
  /* geometric with a zero: 0 (no compensation) */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_GEOMETRIC, 1, 0, 1, 1), 0, EPS);
  /* harmonic, f 0.5 and 0.25: 100·2/(2 + 4) = 33.33… */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_HARMONIC, 1, 0.5, 1, 0.25), 100.0 / 3,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_HARMONIC, 1, 0, 1, 0.25), 0, EPS);
  /* sum of points, weights 0.5 each: 0.5·80 + 0.5·40 = 60 */
  g_assert_cmpfloat_with_epsilon (aggregate_two (KH_AGG_SUM, 0.5, 0.8, 0.5, 0.4), 60, EPS);
}

static void
test_aggregation_negative (void)
{
  /* a: z-score, mean 0, sd 10 over 1 and 3 (x̄ 2, s √2) → −7.07…, +7.07…, negative for U1.
   * b: goalposts, 50 → 50. Geometric and harmonic means of a negative f: 0 (treated as
   * zero, no compensation); the arithmetic mean keeps it: 100·(−0.0707 + 0.5)/2. */
  const char *fields[] = { "a", "b", NULL };
  const double x[] = { 1, 50, 3, 50 };
  const KhAggregation aggs[] = { KH_AGG_GEOMETRIC, KH_AGG_HARMONIC, KH_AGG_MEAN };
  const double z = 10 * (1 - 2) / sqrt (2);
  const double want_u1[] = { 0, 0, 100 * (z / 100 + 0.5) / 2 };

  for (guint k = 0; k < G_N_ELEMENTS (aggs); k++)
    {
      g_autoptr (KhFramework) fw = framework_new (aggs[k]);
      KhNode *a = add_node (fw->root, KH_NODE_INDICATOR, "a", 100, 1);
      g_autoptr (KhDataset) ds = NULL;
      g_autoptr (KhPlan) plan = NULL;

      a->scoring.method = KH_METHOD_ZSCORE;
      a->scoring.mean = 0;
      a->scoring.sd = 10;
      add_linear (fw->root, "b", 100, 1);
      ds = dataset_new (2, fields, x);
      plan = plan_compute (fw, ds, NULL);
      g_assert_cmpfloat_with_epsilon (score_of (plan, 0, "a"), z, 1e-9);
      g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), want_u1[k], 1e-9);
    }
}

static void
test_aggregation_coefficient (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_COEFFICIENT);
  KhNode *dev = add_node (fw->root, KH_NODE_PAPER, "dev", 100, 1);
  KhNode *party = add_node (fw->root, KH_NODE_PAPER, "party", 100, 1);
  const char *fields[] = { "d1", "d2", "p1", NULL };
  /* dev = 60·0.9 + 40·0.5 = 74; party f = 0.9; total = 74 · 0.9 = 66.6 */
  const double x[] = { 90, 50, 90 };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;

  party->coefficient = TRUE;
  add_linear (dev, "d1", 60, 1);
  add_linear (dev, "d2", 40, 1);
  add_linear (party, "p1", 100, 1);
  ds = dataset_new (1, fields, x);
  plan = plan_compute (fw, ds, NULL);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 66.6, 1e-9);
  /* dev's indicators keep their 54 and 20 (sum 74); the coefficient accounts for
   * 66.6 − 74 = −7.4, all of it p1's shortfall */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_plan_find_node (plan, "d1")),
                                  54, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_plan_find_node (plan, "d2")),
                                  20, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, kh_plan_find_node (plan, "p1")),
                                  -7.4, 1e-9);
}

static void
test_applicability (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *own = NULL;
  const char *fields[] = { "a", "b", NULL };
  /* b applies to U1 only. U1: 30 + 20 = 50; U2: a 30 re-weighted 30·100/50 = 60 (b's
   * value, given anyway, is ignored) */
  const double x[] = { 60, 40, 60, 100 };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;

  add_linear (fw->root, "a", 50, 1);
  own = add_linear (fw->root, "b", 50, 1);
  own->common = FALSE;
  g_ptr_array_add (own->applies, g_strdup ("U1"));
  ds = dataset_new (2, fields, x);
  plan = plan_compute (fw, ds, NULL);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 50, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 60, EPS);
  g_assert_cmpint (kh_plan_get_value_state (plan, 1, 2), ==, KH_VALUE_NOT_APPLICABLE);

  /* b only from 2021 on: in 2020 it applies to nobody, a alone scores 60 for both */
  {
    g_autoptr (KhPlan) plan2 = NULL;

    own->from_year = 2021;
    plan2 = plan_compute (fw, ds, NULL);
    g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan2, 0), 60, EPS);
    g_assert_cmpint (kh_plan_get_value_state (plan2, 0, 2), ==, KH_VALUE_NOT_APPLICABLE);
  }
}

/* ---- adjustments, constraints, ranking, tiers ------------------------------------ */

static KhGroup *
group_add (KhFramework *fw,
           const char  *id,
           KhTierMode   mode,
           int          n_tiers,
           const double *values)
{
  KhGroup *group = kh_group_new (id);

  group->tiers.mode = mode;
  group->tiers.n_tiers = n_tiers;
  for (int i = 0; i < n_tiers - 1; i++)
    g_array_append_val (group->tiers.values, values[i]);
  g_ptr_array_add (fw->groups, group);
  return group;
}

static void
test_adjustments_constraints (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhAdjustment *bonus = kh_adjustment_new (KH_ADJUST_BONUS, "highlight");
  KhAdjustment *deduct = kh_adjustment_new (KH_ADJUST_DEDUCTION, "paperwork");
  KhConstraint *pm = kh_constraint_new ("pm25");
  KhConstraint *safety = kh_constraint_new ("safety");
  KhConstraint *deduct_c = kh_constraint_new ("water");
  const double counts[] = { 1 };
  const char *fields[] = { "a", "highlight", "paperwork", "pm25", "safety", "water", NULL };
  /*          a    bonus  deduct  pm25  safety  water */
  const double x[] = {
    90, 3, 3, 40, 1, 1,  /* U1: 90 + 1.5 − 3 = 88.5, pm25 40 > 35: tier capped at 2  */
    80, 10, 0, 30, 1, 0, /* U2: 80 + 2 (cap) − 0 − 5 (water < 1) = 77                */
    70, 0, 0, 30, 0, 1,  /* U3: 70, safety 0 < 1: veto → last tier                   */
    60, 0, 0, 30, 1, 1,  /* U4: 60                                                   */
  };
  const double tier_counts[] = { 1, 2 };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;

  (void) counts;
  add_linear (fw->root, "a", 100, 1);
  bonus->per_item = 0.5;
  bonus->cap = 2;
  g_ptr_array_add (fw->adjustments, bonus);
  g_ptr_array_add (fw->adjustments, deduct);
  pm->sense = KH_CONSTRAINT_AT_MOST;
  pm->target = 35;
  pm->consequence = KH_CONSEQUENCE_CAP_TIER;
  pm->amount = 2;
  safety->sense = KH_CONSTRAINT_AT_LEAST;
  safety->target = 1;
  safety->consequence = KH_CONSEQUENCE_VETO;
  deduct_c->sense = KH_CONSTRAINT_AT_LEAST;
  deduct_c->target = 1;
  deduct_c->consequence = KH_CONSEQUENCE_DEDUCT;
  deduct_c->amount = 5;
  g_ptr_array_add (fw->constraints, pm);
  g_ptr_array_add (fw->constraints, safety);
  g_ptr_array_add (fw->constraints, deduct_c);
  group_add (fw, "g", KH_TIER_BY_COUNT, 3, tier_counts);

  ds = dataset_new (4, fields, x);
  plan = plan_compute (fw, ds, NULL);

  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 88.5, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_adjustment (plan, 0, 0), 1.5, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_adjustment (plan, 0, 1), -3, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 77, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_adjustment (plan, 1, 0), 2, EPS);
  g_assert_true (kh_plan_get_constraint_failed (plan, 1, 2));
  /* ranks 1..4 by 88.5, 77, 70, 60; tiers by count 1, 2 → 1, 2, 2, 3; then U1 capped
   * at 2 (nobody moves up), U3 vetoed to 3 */
  g_assert_cmpint (kh_plan_get_rank (plan, 0), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (plan, 3), ==, 4);
  g_assert_cmpint (kh_plan_get_tier (plan, 0), ==, 2);
  g_assert_cmpint (kh_plan_get_tier (plan, 1), ==, 2);
  g_assert_cmpint (kh_plan_get_tier (plan, 2), ==, 3);
  g_assert_cmpint (kh_plan_get_tier (plan, 3), ==, 3);
  g_assert_true (kh_plan_get_vetoed (plan, 2));
}

static KhPlan *
plan_of_totals (KhFramework  *fw,
                guint         n,
                const double *totals,
                KhPlan       *previous)
{
  const char *fields[] = { "a", NULL };
  g_autoptr (KhDataset) ds = dataset_new (n, fields, totals);

  return plan_compute (fw, ds, previous);
}

static void
test_rounding_ties (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  /* 80.004 and 79.996 both round to 80.00 (precision 2): they tie for rank 2 → 1, 2, 2, 4 */
  const double totals[] = { 90, 80.004, 79.996, 70 };
  g_autoptr (KhPlan) plan = NULL;

  add_linear (fw->root, "a", 100, 1);
  fw->precision = 2;
  plan = plan_of_totals (fw, 4, totals, NULL);
  g_assert_cmpint (kh_plan_get_rank (plan, 0), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (plan, 1), ==, 2);
  g_assert_cmpint (kh_plan_get_rank (plan, 2), ==, 2);
  g_assert_cmpint (kh_plan_get_rank (plan, 3), ==, 4);
  g_assert_cmpfloat (kh_plan_get_rounded_total (plan, 2), ==, 80.0);

  /* with 3 decimals they differ */
  {
    g_autoptr (KhPlan) plan3 = NULL;

    fw->precision = 3;
    plan3 = plan_of_totals (fw, 4, totals, NULL);
    g_assert_cmpint (kh_plan_get_rank (plan3, 2), ==, 3);
  }

  /* half away from zero on the decimal value as written */
  g_assert_cmpfloat (kh_round_half_away (2.675, 2), ==, 2.68);
  g_assert_cmpfloat (kh_round_half_away (-2.675, 2), ==, -2.68);
  g_assert_cmpfloat (kh_round_half_away (0.125, 2), ==, 0.13);
  g_assert_cmpfloat (kh_round_half_away (1.5, 0), ==, 2);
  g_assert_cmpfloat (kh_round_half_away (2.5, 0), ==, 3);
  g_assert_cmpfloat (kh_round_half_away (2.4999, 0), ==, 2);
}

static void
test_tiers (void)
{
  const double totals[] = { 95, 90, 85, 80, 75, 60 };

  {
    /* share 0.3, 0.4 of 6: round(1.8) = 2, round(2.4) = 2 → tiers 1 1 2 2 3 3 */
    g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
    const double shares[] = { 0.3, 0.4 };
    const int want[] = { 1, 1, 2, 2, 3, 3 };
    g_autoptr (KhPlan) plan = NULL;

    add_linear (fw->root, "a", 100, 1);
    group_add (fw, "g", KH_TIER_BY_SHARE, 3, shares);
    plan = plan_of_totals (fw, 6, totals, NULL);
    for (guint u = 0; u < 6; u++)
      g_assert_cmpint (kh_plan_get_tier (plan, u), ==, want[u]);
  }
  {
    /* threshold 90, 75 → 95, 90: 1; 85, 80, 75: 2; 60: 3 */
    g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
    const double thresholds[] = { 90, 75 };
    const int want[] = { 1, 1, 2, 2, 2, 3 };
    g_autoptr (KhPlan) plan = NULL;

    add_linear (fw->root, "a", 100, 1);
    group_add (fw, "g", KH_TIER_BY_THRESHOLD, 3, thresholds);
    plan = plan_of_totals (fw, 6, totals, NULL);
    for (guint u = 0; u < 6; u++)
      g_assert_cmpint (kh_plan_get_tier (plan, u), ==, want[u]);
  }
  {
    /* count 2, 1 with a tie at the boundary: 95, 90, 90 → ranks 1, 2, 2: all tier 1;
     * 80 → rank 4: tier 2 holds cumulative 3 → tier 3 */
    g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
    const double counts[] = { 2, 1 };
    const double tied[] = { 95, 90, 90, 80 };
    const int want[] = { 1, 1, 1, 3 };
    g_autoptr (KhPlan) plan = NULL;

    add_linear (fw->root, "a", 100, 1);
    group_add (fw, "g", KH_TIER_BY_COUNT, 3, counts);
    plan = plan_of_totals (fw, 4, tied, NULL);
    for (guint u = 0; u < 4; u++)
      g_assert_cmpint (kh_plan_get_tier (plan, u), ==, want[u]);
  }
}

static void
test_groups (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  const double none[] = { 0 };
  guint f;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GError) error = NULL;

  add_linear (fw->root, "a", 100, 1);
  group_add (fw, "east", KH_TIER_BY_COUNT, 1, none);
  group_add (fw, "west", KH_TIER_BY_COUNT, 1, none);
  kh_dataset_add_unit (ds, "E1", "东一", "east");
  kh_dataset_add_unit (ds, "W1", "西一", "west");
  kh_dataset_add_unit (ds, "E2", "东二", "east");
  f = kh_dataset_add_field (ds, "a");
  kh_dataset_set (ds, 0, f, 50);
  kh_dataset_set (ds, 1, f, 10);
  kh_dataset_set (ds, 2, f, 60);
  /* ranks within each group: E2 1, E1 2; W1 1 */
  plan = plan_compute (fw, ds, NULL);
  g_assert_cmpint (kh_plan_get_rank (plan, 0), ==, 2);
  g_assert_cmpint (kh_plan_get_rank (plan, 1), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (plan, 2), ==, 1);
  g_assert_cmpstr (kh_plan_get_unit_group (plan, 1)->id, ==, "west");

  /* a unit without a group, or in an unknown one, when the framework has several */
  kh_dataset_add_unit (ds, "X", NULL, NULL);
  kh_dataset_add_unit (ds, "Y", NULL, "north");
  g_assert_null (kh_plan_new (fw, ds, NULL, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "unit “X”: no group given"));
  g_assert_nonnull (strstr (error->message, "unit “Y”: group “north” is not a group"));
}

static void
test_unknown_field (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const char *fields[] = { "a", "mystery", NULL };
  const double x[] = { 1, 2 };
  g_autoptr (KhDataset) ds = dataset_new (1, fields, x);
  g_autoptr (GError) error = NULL;

  add_linear (fw->root, "a", 100, 1);
  g_assert_null (kh_plan_new (fw, ds, NULL, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "data field “mystery” is neither"));
}

/* ---- copies and per-plan variations (the analysis layer's entry points) -------------- */

/* A copy of a plan with a previous year and an edited weight computes the same to the bit. */
static void
test_plan_copy (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const double counts[] = { 1, 1 };
  KhAwardRule *most = kh_award_rule_new ("advance");
  const char *fields[] = { "a", "b", NULL };
  /* points 50 each, goalposts [0, 100]: last year U1 5 + 5 = 10 (rank 3), U2 60 (1), U3 30 (2) */
  const double then[] = { 10, 10, 60, 60, 30, 30 };
  const double now[] = { 90, 10, 50, 60, 20, 20 };
  g_autoptr (KhDataset) ds_then = dataset_new (3, fields, then);
  g_autoptr (KhDataset) ds_now = dataset_new (3, fields, now);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhPlan) copy = NULL;
  KhGroup *group;

  add_linear (fw->root, "a", 50, 1);
  add_linear (fw->root, "b", 50, 1);
  group = group_add (fw, "g", KH_TIER_BY_COUNT, 3, counts);
  most->most = TRUE;
  g_ptr_array_add (group->awards, most);
  prev = plan_compute (fw, ds_then, NULL);
  plan = kh_plan_new (fw, ds_now, prev, NULL);
  /* b counts twice: U1 45 + 2·5 = 55, U2 25 + 2·30 = 85, U3 10 + 2·10 = 30 */
  g_assert_true (kh_plan_set_weight (plan, "b", 2));
  kh_plan_compute (plan);
  g_clear_pointer (&prev, kh_plan_unref);
  copy = kh_plan_copy (plan);
  kh_plan_compute (copy);
  for (guint u = 0; u < 3; u++)
    {
      double t0 = kh_plan_get_total (plan, u), t1 = kh_plan_get_total (copy, u);

      g_assert_cmpmem (&t0, sizeof t0, &t1, sizeof t1);
      g_assert_cmpint (kh_plan_get_rank (copy, u), ==, kh_plan_get_rank (plan, u));
      g_assert_cmpint (kh_plan_get_previous_rank (copy, u), ==, kh_plan_get_previous_rank (plan, u));
      /* every unit was there last year under its own id, in the copy as in the plan */
      g_assert_nonnull (kh_plan_get_previous_unit_id (copy, u));
      g_assert_cmpstr (kh_plan_get_previous_unit_id (copy, u), ==, kh_plan_get_previous_unit_id (plan, u));
      {
        g_autofree char *id = g_strdup_printf ("U%u", u + 1);

        g_assert_cmpstr (kh_plan_get_previous_unit_id (copy, u), ==, id);
      }
      g_assert_cmpint (kh_plan_has_award (copy, u, 0), ==, kh_plan_has_award (plan, u, 0));
    }
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (copy, 1), 85, EPS);
  /* ranks now U2 1, U1 2, U3 3: U1 advanced one place, the most */
  g_assert_true (kh_plan_has_award (copy, 0, 0));
  /* the copy is a plan of its own */
  g_assert_true (kh_plan_set_node_weight (copy, (guint) kh_plan_find_node (copy, "b"), 1));
  kh_plan_compute (copy);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (copy, 1), 55, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 85, EPS);
}

static void
test_plan_variations (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const double counts[] = { 1 };
  const double two[] = { 2 };
  const char *fields[] = { "a", NULL };
  const double x[] = { 20, NAN, 100, 60 };
  g_autoptr (KhDataset) ds = dataset_new (4, fields, x);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  KhScoring minmax = { 0 }, ratio = { 0 };
  KhGroup *group;
  guint a;

  add_linear (fw->root, "a", 100, 1);
  group = group_add (fw, "g", KH_TIER_BY_COUNT, 2, counts);
  plan = plan_compute (fw, ds, NULL);
  a = (guint) kh_plan_find_node (plan, "a");

  /* goalposts [0, 100]: 20, (missing), 100, 60 */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 20, EPS);
  g_assert_true (isnan (kh_plan_get_total (plan, 1)));

  /* min-max over 20..100 into [0, 100]: (x − 20)/80·100 → 0, 100, 50 */
  minmax.method = KH_METHOD_MINMAX;
  minmax.a = minmax.b = minmax.target = minmax.lo = minmax.hi = NAN;
  g_assert_true (kh_plan_set_scoring (plan, a, &minmax, &error));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 0, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 3), 50, EPS);
  /* back to the framework's own */
  g_assert_true (kh_plan_set_scoring (plan, a, NULL, &error));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 3), 60, EPS);
  /* target-ratio without a target is refused, and nothing changes */
  ratio.method = KH_METHOD_TARGET_RATIO;
  ratio.target = NAN;
  g_assert_false (kh_plan_set_scoring (plan, a, &ratio, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "indicator “a”: target-ratio needs a positive target"));
  g_clear_error (&error);
  g_assert_false (kh_plan_set_scoring (plan, 0, &minmax, &error));
  g_clear_error (&error);

  /* U2's missing value: zero by policy → 0; the group mean of 20, 100, 60 = 60 */
  g_assert_true (kh_plan_set_missing (plan, a, KH_MISSING_ZERO, &error));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 0, EPS);
  g_assert_true (kh_plan_set_missing (plan, a, KH_MISSING_MEAN, &error));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 1), 60, EPS);
  g_assert_cmpint (kh_plan_get_value_state (plan, 1, a), ==, KH_VALUE_IMPUTED);
  /* no previous year: nothing to carry */
  g_assert_false (kh_plan_set_missing (plan, a, KH_MISSING_PREVIOUS, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA);
  g_clear_error (&error);
  g_assert_true (kh_plan_set_missing (plan, a, KH_MISSING_REWEIGHT, &error));

  /* tiers by count: 1 unit in tier 1 (U3, 100); with 2: U3 and U4 (60) */
  kh_plan_compute (plan);
  g_assert_cmpint (kh_plan_get_tier (plan, 3), ==, 2);
  g_assert_true (kh_plan_set_tier_values (plan, group, two));
  kh_plan_compute (plan);
  g_assert_cmpint (kh_plan_get_tier (plan, 2), ==, 1);
  g_assert_cmpint (kh_plan_get_tier (plan, 3), ==, 1);
  g_assert_cmpint (kh_plan_get_tier (plan, 0), ==, 2);
  /* a copy keeps the variations */
  {
    g_autoptr (KhPlan) copy = kh_plan_copy (plan);

    kh_plan_compute (copy);
    g_assert_cmpint (kh_plan_get_tier (copy, 3), ==, 1);
  }
  g_assert_true (kh_plan_set_tier_values (plan, group, NULL));
  kh_plan_compute (plan);
  g_assert_cmpint (kh_plan_get_tier (plan, 3), ==, 2);
}

/* Steps 5–9 again after a weight edit give what the whole pipeline gives; after a change
 * of method the scores are computed again. */
static void
test_plan_aggregation_only (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const char *fields[] = { "a", "b", NULL };
  const double x[] = { 20, 80, 100, 0, 60, 60 };
  g_autoptr (KhDataset) ds = dataset_new (3, fields, x);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhPlan) full = NULL;
  KhScoring minmax = { 0 };
  guint b;

  add_linear (fw->root, "a", 50, 1);
  add_linear (fw->root, "b", 50, 1);
  plan = plan_compute (fw, ds, NULL);
  full = plan_compute (fw, ds, NULL);
  b = (guint) kh_plan_find_node (plan, "b");
  /* b counts three times: U1 10 + 3·40 = 130, U2 50 + 0 = 50, U3 30 + 3·30 = 120 */
  kh_plan_set_node_weight (plan, b, 3);
  kh_plan_set_node_weight (full, b, 3);
  kh_plan_compute_aggregation (plan);
  kh_plan_compute (full);
  for (guint u = 0; u < 3; u++)
    {
      double t0 = kh_plan_get_total (plan, u), t1 = kh_plan_get_total (full, u);

      g_assert_cmpmem (&t0, sizeof t0, &t1, sizeof t1);
      g_assert_cmpint (kh_plan_get_rank (plan, u), ==, kh_plan_get_rank (full, u));
    }
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 130, EPS);
  g_assert_cmpint (kh_plan_get_rank (plan, 2), ==, 2);
  /* b by min-max over 0..80 into [0, 50]: 50, 0, 37.5 → U1 10 + 150 = 160 */
  minmax.method = KH_METHOD_MINMAX;
  minmax.a = minmax.b = NAN;
  g_assert_true (kh_plan_set_scoring (plan, b, &minmax, NULL));
  kh_plan_compute_aggregation (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 160, EPS);
}

/* ---- previous year, awards, quotas, explanations --------------------------------- */

static void
test_previous_awards_quotas (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const double counts[] = { 1, 1 };
  KhGroup *group;
  KhAwardRule *most = kh_award_rule_new ("advance");
  KhAwardRule *any = kh_award_rule_new ("progress");
  KhQuotaRule *quota = kh_quota_rule_new ("321");
  const int per_tier[] = { 3, 2, 1 };
  /* last year: U1 60 (rank 3), U2 70 (2), U3 80 (1), U4 50 (4)
   * this year:  U1 90 (1), U2 80 (2), U3 70 (4), U4 75 (3) */
  const double then[] = { 60, 70, 80, 50 };
  const double now[] = { 90, 80, 70, 75 };
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;
  int change = 0;

  add_linear (fw->root, "a", 100, 1);
  group = group_add (fw, "g", KH_TIER_BY_COUNT, 3, counts);
  most->min_advance = 1;
  most->most = TRUE;
  any->min_advance = 1;
  any->max_tier = 2;
  g_ptr_array_add (group->awards, most);
  g_ptr_array_add (group->awards, any);
  quota->target_category = g_strdup ("county");
  g_array_append_vals (quota->counts, per_tier, 3);
  g_ptr_array_add (group->quotas, quota);

  prev = plan_of_totals (fw, 4, then, NULL);
  plan = plan_of_totals (fw, 4, now, prev);

  /* changes: U1 3 − 1 = +2, U2 2 − 2 = 0, U3 1 − 4 = −3, U4 4 − 3 = +1 */
  g_assert_true (kh_plan_get_rank_change (plan, 0, &change));
  g_assert_cmpint (change, ==, 2);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, 2), ==, 1);
  g_assert_true (kh_plan_get_rank_change (plan, 2, &change));
  g_assert_cmpint (change, ==, -3);
  g_assert_true (kh_plan_get_rank_change (plan, 3, &change));
  g_assert_cmpint (change, ==, 1);
  g_assert_false (kh_plan_get_rank_change (prev, 0, &change));

  /* "most": only the largest advance, U1. "progress" (≥ 1, tiers 1–2): U1 (tier 1);
   * U4 advanced but is in tier 3 */
  g_assert_true (kh_plan_has_award (plan, 0, 0));
  g_assert_false (kh_plan_has_award (plan, 3, 0));
  g_assert_true (kh_plan_has_award (plan, 0, 1));
  g_assert_false (kh_plan_has_award (plan, 3, 1));
  g_assert_false (kh_plan_has_award (plan, 1, 1));

  /* 321: tiers 1, 2, 3, 3 → 3, 2, 1, 1 */
  g_assert_cmpint (kh_plan_get_quota (plan, 0, 0), ==, 3);
  g_assert_cmpint (kh_plan_get_quota (plan, 1, 0), ==, 2);
  g_assert_cmpint (kh_plan_get_quota (plan, 2, 0), ==, 1);

  /* explanation of the change: a's contribution 90 now, 60 then */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_previous_contribution (plan, 0, 1), 60, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_contribution (plan, 0, 1), 90, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_previous_total (plan, 0), 60, EPS);
}

static void
test_veto_blocks_award (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const double counts[] = { 1 };
  KhGroup *group;
  KhAwardRule *most = kh_award_rule_new ("advance");
  KhConstraint *safety = kh_constraint_new ("safety");
  const char *fields[] = { "a", "safety", NULL };
  const double then[] = { 50, 1, 60, 1, 70, 1 };
  /* U1 jumps from 3 to 1 but fails the veto; U2 goes 2 → 2; nobody else advanced */
  const double now[] = { 90, 0, 60, 1, 50, 1 };
  g_autoptr (KhDataset) ds_then = dataset_new (3, fields, then);
  g_autoptr (KhDataset) ds_now = dataset_new (3, fields, now);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;

  add_linear (fw->root, "a", 100, 1);
  group = group_add (fw, "g", KH_TIER_BY_COUNT, 2, counts);
  most->min_advance = 1;
  most->most = TRUE;
  g_ptr_array_add (group->awards, most);
  safety->sense = KH_CONSTRAINT_AT_LEAST;
  safety->target = 1;
  safety->consequence = KH_CONSEQUENCE_VETO;
  g_ptr_array_add (fw->constraints, safety);

  prev = plan_compute (fw, ds_then, NULL);
  plan = plan_compute (fw, ds_now, prev);
  g_assert_cmpint (kh_plan_get_rank (plan, 0), ==, 1);
  g_assert_cmpint (kh_plan_get_tier (plan, 0), ==, 2);
  for (guint u = 0; u < 3; u++)
    g_assert_false (kh_plan_has_award (plan, u, 0));
}

static void
test_carry_previous (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *ind = add_linear (fw->root, "a", 100, 1);
  const double then[] = { 40, 10 };
  const double now[] = { NAN, 20 };
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;

  ind->missing = KH_MISSING_PREVIOUS;
  prev = plan_of_totals (fw, 2, then, NULL);
  plan = plan_of_totals (fw, 2, now, prev);
  /* U1 carries last year's 40 */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 40, EPS);
  g_assert_cmpint (kh_plan_get_value_state (plan, 0, 1), ==, KH_VALUE_IMPUTED);
}

static void
test_recompute_deterministic (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  const char *fields[] = { "a", "b", NULL };
  const double x[] = { 50, 25, 80, 10, 20, 90 };
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) plan = NULL;
  double first[3], again[3];

  add_linear (fw->root, "a", 60, 1);
  add_linear (fw->root, "b", 40, 1);
  ds = dataset_new (3, fields, x);
  plan = plan_compute (fw, ds, NULL);
  for (guint u = 0; u < 3; u++)
    first[u] = kh_plan_get_total (plan, u);
  kh_plan_compute (plan);
  for (guint u = 0; u < 3; u++)
    again[u] = kh_plan_get_total (plan, u);
  g_assert_cmpmem (first, sizeof first, again, sizeof again);

  /* one value: U1 a 50 → 100: 60 + 10 = 70 */
  g_assert_true (kh_plan_set_value (plan, 0, "a", 100));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 70, EPS);
  /* one weight: b's weight 2 → U1 = 60 + 2 · 10 = 80; weight 0 → b counts no more: 60 */
  g_assert_true (kh_plan_set_weight (plan, "b", 2));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 80, EPS);
  g_assert_true (kh_plan_set_weight (plan, "b", 0));
  kh_plan_compute (plan);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, 0), 60, EPS);
  g_assert_false (kh_plan_set_weight (plan, "nope", 1));
  g_assert_false (kh_plan_set_value (plan, 0, "nope", 1));
}

static void
test_invalid_framework (void)
{
  g_autoptr (KhFramework) fw = framework_new (KH_AGG_SUM);
  KhNode *a = add_node (fw->root, KH_NODE_INDICATOR, "a", 0, 1);
  KhNode *b = add_node (fw->root, KH_NODE_INDICATOR, "b", 10, 1);
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  g_autoptr (GError) error = NULL;

  (void) a;
  b->scoring.method = KH_METHOD_GOALPOSTS; /* lo, hi unset */
  g_assert_null (kh_plan_new (fw, ds, NULL, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID);
  /* both problems, one per line */
  g_assert_nonnull (strstr (error->message, "node “a”: points must be positive\n"));
  g_assert_nonnull (strstr (error->message, "indicator “b”: goalposts need"));
}

static void
test_dataset (void)
{
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  guint f, g;

  g_assert_cmpuint (kh_dataset_add_unit (ds, "A", "甲", "g1"), ==, 0);
  g_assert_cmpuint (kh_dataset_add_unit (ds, "A", NULL, NULL), ==, KH_DATASET_NONE);
  f = kh_dataset_add_field (ds, "x");
  g_assert_cmpuint (kh_dataset_add_field (ds, "x"), ==, f);
  kh_dataset_set (ds, 0, f, 1.5);
  /* columns grow with the units; old values stay, new ones are missing */
  for (guint u = 1; u < 100; u++)
    {
      g_autofree char *id = g_strdup_printf ("U%u", u);

      g_assert_cmpuint (kh_dataset_add_unit (ds, id, NULL, NULL), ==, u);
      kh_dataset_set (ds, u, f, u);
    }
  g = kh_dataset_add_field (ds, "y");
  g_assert_cmpfloat (kh_dataset_get (ds, 0, f), ==, 1.5);
  g_assert_cmpfloat (kh_dataset_get (ds, 99, f), ==, 99);
  g_assert_true (isnan (kh_dataset_get (ds, 99, g)));
  g_assert_cmpuint (kh_dataset_find_unit (ds, "U42"), ==, 42);
  g_assert_cmpuint (kh_dataset_find_unit (ds, "nobody"), ==, KH_DATASET_NONE);
  g_assert_cmpuint (kh_dataset_find_field (ds, "z"), ==, KH_DATASET_NONE);
  g_assert_cmpstr (kh_dataset_get_unit_name (ds, 0), ==, "甲");
  g_assert_cmpstr (kh_dataset_get_unit_group (ds, 0), ==, "g1");
  g_assert_null (kh_dataset_get_unit_group (ds, 1));
  g_assert_cmpuint (kh_dataset_get_n_units (ds), ==, 100);
  g_assert_cmpuint (kh_dataset_get_n_fields (ds), ==, 2);

  /* a copy holds the same, and its own: editing one leaves the other */
  {
    g_autoptr (KhDataset) copy = kh_dataset_copy (ds);

    g_assert_cmpint (kh_dataset_get_year (copy), ==, 2020);
    g_assert_cmpuint (kh_dataset_get_n_units (copy), ==, 100);
    g_assert_cmpstr (kh_dataset_get_unit_name (copy, 0), ==, "甲");
    g_assert_cmpstr (kh_dataset_get_unit_group (copy, 0), ==, "g1");
    g_assert_cmpfloat (kh_dataset_get (copy, 42, kh_dataset_find_field (copy, "x")), ==, 42);
    g_assert_true (isnan (kh_dataset_get (copy, 42, kh_dataset_find_field (copy, "y"))));
    kh_dataset_set (ds, 42, f, -1);
    g_assert_cmpfloat (kh_dataset_get (copy, 42, kh_dataset_find_field (copy, "x")), ==, 42);
  }
}

/* A column taken as a field's (kh_dataset_take_field(), how a packed year's values
 * become the dataset's, issue 22): its values as given, NaN for the units added after
 * it, whether the columns were sized exactly for the units (none yet) or with room. */
static void
test_dataset_take_field (void)
{
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  g_autoptr (KhDataset) roomy = kh_dataset_new (2020);
  g_autoptr (KhDataset) copy = NULL;
  double *values = g_new (double, 2);
  char id[8];

  kh_dataset_add_unit (ds, "u0", "U0", NULL);
  kh_dataset_add_unit (ds, "u1", "U1", NULL);
  values[0] = 1.5;
  values[1] = NAN;
  g_assert_cmpuint (kh_dataset_take_field (ds, "a", values), ==, 0);
  g_assert_cmpuint (kh_dataset_add_field (ds, "b"), ==, 1);
  kh_dataset_set (ds, 1, 1, 7);
  for (guint u = 2; u < 20; u++)
    {
      g_snprintf (id, sizeof id, "u%u", u);
      kh_dataset_add_unit (ds, id, id, NULL);
    }
  g_assert_cmpuint (kh_dataset_find_field (ds, "a"), ==, 0);
  g_assert_cmpfloat (kh_dataset_get (ds, 0, 0), ==, 1.5);
  g_assert_true (isnan (kh_dataset_get (ds, 1, 0)));
  g_assert_cmpfloat (kh_dataset_get (ds, 1, 1), ==, 7);
  for (guint u = 2; u < 20; u++)
    g_assert_true (isnan (kh_dataset_get (ds, u, 0)) && isnan (kh_dataset_get (ds, u, 1)));
  copy = kh_dataset_copy (ds);
  g_assert_cmpfloat (kh_dataset_get (copy, 0, 0), ==, 1.5);
  g_assert_cmpstr (kh_dataset_get_field_id (copy, 0), ==, "a");

  /* 17 units: the columns have room for 32; the taken one gets it, NaN beyond */
  for (guint u = 0; u < 17; u++)
    {
      g_snprintf (id, sizeof id, "u%u", u);
      kh_dataset_add_unit (roomy, id, id, NULL);
      if (u == 0)
        kh_dataset_add_field (roomy, "b");
    }
  values = g_new (double, 17);
  for (guint u = 0; u < 17; u++)
    values[u] = u;
  g_assert_cmpuint (kh_dataset_take_field (roomy, "a", values), ==, 1);
  for (guint u = 17; u < 40; u++)
    {
      g_snprintf (id, sizeof id, "u%u", u);
      kh_dataset_add_unit (roomy, id, id, NULL);
    }
  for (guint u = 0; u < 40; u++)
    {
      if (u < 17)
        g_assert_cmpfloat (kh_dataset_get (roomy, u, 1), ==, u);
      else
        g_assert_true (isnan (kh_dataset_get (roomy, u, 1)));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/dataset/take-field", test_dataset_take_field);
  g_test_add_func ("/engine/method/minmax", test_minmax);
  g_test_add_func ("/engine/method/zscore", test_zscore);
  g_test_add_func ("/engine/method/rank-percentile", test_rank_percentile);
  g_test_add_func ("/engine/method/rank-percentile-large", test_rank_percentile_large);
  g_test_add_func ("/engine/method/goalposts-target", test_goalposts_target);
  g_test_add_func ("/engine/method/steps-grades-satisfaction-band", test_steps);
  g_test_add_func ("/engine/method/grade-code-rejected", test_grade_code_rejected);
  g_test_add_func ("/engine/missing", test_missing_policies);
  g_test_add_func ("/engine/outliers", test_outliers);
  g_test_add_func ("/engine/formula/derive", test_formulas);
  g_test_add_func ("/engine/formula/errors", test_formula_errors);
  g_test_add_func ("/engine/aggregate/sum-reweight", test_aggregation_sum_reweight);
  g_test_add_func ("/engine/aggregate/means", test_aggregation_means);
  g_test_add_func ("/engine/aggregate/negative", test_aggregation_negative);
  g_test_add_func ("/engine/aggregate/coefficient", test_aggregation_coefficient);
  g_test_add_func ("/engine/applicability", test_applicability);
  g_test_add_func ("/engine/adjust/constraints", test_adjustments_constraints);
  g_test_add_func ("/engine/rank/rounding-ties", test_rounding_ties);
  g_test_add_func ("/engine/tiers", test_tiers);
  g_test_add_func ("/engine/groups", test_groups);
  g_test_add_func ("/engine/data/unknown-field", test_unknown_field);
  g_test_add_func ("/engine/previous/awards-quotas", test_previous_awards_quotas);
  g_test_add_func ("/engine/previous/veto-blocks-award", test_veto_blocks_award);
  g_test_add_func ("/engine/previous/carry", test_carry_previous);
  g_test_add_func ("/engine/recompute", test_recompute_deterministic);
  g_test_add_func ("/engine/dataset", test_dataset);
  g_test_add_func ("/engine/invalid-framework", test_invalid_framework);
  g_test_add_func ("/engine/plan/copy", test_plan_copy);
  g_test_add_func ("/engine/plan/variations", test_plan_variations);
  g_test_add_func ("/engine/plan/aggregation-only", test_plan_aggregation_only);
  return g_test_run ();
}
