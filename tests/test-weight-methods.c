/* test-weight-methods.c — AHP, group AHP, entropy, CRITIC, PCA, budget and equal weights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value is either published (Saaty's examples, cited at the test) or worked
 * out by hand in the comment next to the assertion.
 */
#include "config.h"

#include <math.h>

#include "analysis/kh-analysis.h"
#include "analysis/kh-weight-methods.h"
#include "core/kh-weighting.h"

#define R(a, b) ((double) (a) / (double) (b))

/* Saaty, T. L. (1990). How to make a decision: The analytic hierarchy process. European
 * Journal of Operational Research 48, 9–26: buying a house, the eight criteria (size of
 * house, transportation, neighbourhood, age of house, yard space, modern facilities,
 * general condition, financing). The paper gives the priority vector .173 .054 .188 .018
 * .031 .036 .167 .333 with λmax = 9.669, C.I. = 0.238 and C.R. = 0.169 (above 0.1); the
 * same numbers come out of a plain power iteration (A¹⁰⁰⁰·1, normalised), done apart in
 * Python when this test was written. */
static const double house_criteria[64] = {
  1,       5,       3,       7, 6,       6,       R (1, 3), R (1, 4),
  R (1, 5), 1,      R (1, 3), 5, 3,       3,       R (1, 5), R (1, 7),
  R (1, 3), 3,      1,       6, 3,       4,       6,       R (1, 5),
  R (1, 7), R (1, 5), R (1, 6), 1, R (1, 3), R (1, 4), R (1, 7), R (1, 8),
  R (1, 6), R (1, 3), R (1, 3), 3, 1,      R (1, 2), R (1, 5), R (1, 6),
  R (1, 6), R (1, 3), R (1, 4), 4, 2,      1,       R (1, 5), R (1, 6),
  3,       5,       R (1, 6), 7, 5,       5,       1,       R (1, 2),
  4,       7,       5,       8, 6,       6,       2,       1,
};

static void
test_ahp_saaty_house (void)
{
  static const double published[8] = { 0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333 };
  double w[8];
  KhAhpConsistency c;
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_ahp_weights (house_criteria, 8, w, &c, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat_with_epsilon (w[i], published[i], 0.0005);
  g_assert_cmpfloat_with_epsilon (c.lambda_max, 9.669, 0.0005);
  g_assert_cmpfloat_with_epsilon (c.ci, 0.238, 0.0005);
  /* RI(8) = 1.41 (Saaty 1980): 0.2384 / 1.41 = 0.169. */
  g_assert_cmpfloat (c.ri, ==, 1.41);
  g_assert_cmpfloat_with_epsilon (c.cr, 0.169, 0.0005);
  g_assert_cmpfloat (c.cr, >, KH_AHP_CR_LIMIT);
}

/* The same paper, the three houses A, B, C compared on the size of the house:
 * (1 6 8; 1/6 1 4; 1/8 1/4 1) → .754 .181 .065, λmax = 3.136, C.I. = 0.068, C.R. = 0.117. */
static void
test_ahp_saaty_size (void)
{
  static const double size[9] = { 1, 6, 8, R (1, 6), 1, 4, R (1, 8), R (1, 4), 1 };
  double w[3];
  KhAhpConsistency c;

  g_assert_true (kh_ahp_weights (size, 3, w, &c, NULL));
  g_assert_cmpfloat_with_epsilon (w[0], 0.754, 0.0005);
  g_assert_cmpfloat_with_epsilon (w[1], 0.181, 0.0005);
  g_assert_cmpfloat_with_epsilon (w[2], 0.065, 0.0005);
  g_assert_cmpfloat_with_epsilon (c.lambda_max, 3.136, 0.0005);
  g_assert_cmpfloat_with_epsilon (c.ci, 0.068, 0.0005);
  /* RI(3) = 0.58: 0.0680 / 0.58 = 0.117. */
  g_assert_cmpfloat_with_epsilon (c.cr, 0.117, 0.0005);
}

/* A consistent matrix aᵢⱼ = wᵢ/wⱼ gives back w exactly, with λmax = n and CR = 0; two items
 * are always consistent. */
static void
test_ahp_consistent (void)
{
  /* w ∝ (4, 2, 1, 1): a₁₂ = 2, a₁₃ = 4, a₁₄ = 4, a₂₃ = 2, a₂₄ = 2, a₃₄ = 1 */
  static const double m[16] = { 1, 2, 4, 4, R (1, 2), 1, 2, 2, R (1, 4), R (1, 2), 1, 1,
                                R (1, 4), R (1, 2), 1, 1 };
  static const double two[4] = { 1, 3, R (1, 3), 1 };
  double w[4];
  KhAhpConsistency c;

  g_assert_true (kh_ahp_weights (m, 4, w, &c, NULL));
  /* 4/8, 2/8, 1/8, 1/8 */
  g_assert_cmpfloat_with_epsilon (w[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[2], 0.125, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[3], 0.125, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.lambda_max, 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.cr, 0, 1e-12);

  /* 3 : 1 → 0.75, 0.25; CI and CR are 0 for n = 2 by definition (RI(2) = 0). */
  g_assert_true (kh_ahp_weights (two, 2, w, &c, NULL));
  g_assert_cmpfloat_with_epsilon (w[0], 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 0.25, 1e-12);
  g_assert_cmpfloat (c.cr, ==, 0);
}

/* Group AHP: the element-wise geometric mean of two consistent matrices, w ∝ (8, 4, 1) and
 * w′ ∝ (2, 4, 1), is the consistent matrix of w″ ∝ √(wᵢw′ᵢ) = (4, 4, 1): 4/9, 4/9, 1/9. */
static void
test_ahp_group (void)
{
  static const double e1[9] = { 1, 2, 8, R (1, 2), 1, 4, R (1, 8), R (1, 4), 1 };
  static const double e2[9] = { 1, R (1, 2), 2, 2, 1, 4, R (1, 2), R (1, 4), 1 };
  const double *matrices[2] = { e1, e2 };
  double mean[9], w[3];
  KhAhpConsistency c;

  kh_ahp_geometric_mean (matrices, 2, 3, mean);
  /* a₁₂ = √(2 · 1/2) = 1, a₁₃ = √(8 · 2) = 4, a₂₃ = √(4 · 4) = 4 */
  g_assert_cmpfloat_with_epsilon (mean[1], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (mean[2], 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (mean[5], 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (mean[7], 0.25, 1e-12);
  g_assert_cmpfloat (mean[4], ==, 1);
  g_assert_true (kh_ahp_weights (mean, 3, w, &c, NULL));
  g_assert_cmpfloat_with_epsilon (w[0], 4.0 / 9, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 4.0 / 9, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[2], 1.0 / 9, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.cr, 0, 1e-12);
}

static void
test_ahp_refused (void)
{
  static const double zero[4] = { 1, 0, 1, 1 };
  double w[2];
  g_autoptr (GError) error = NULL;

  g_assert_false (kh_ahp_weights (zero, 2, w, NULL, &error));
  g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "row 1, column 2: a comparison must be a number above 0");
  g_clear_error (&error);
  g_assert_false (kh_ahp_weights (zero, 1, w, NULL, &error));
  g_assert_cmpstr (error->message, ==, "AHP compares at least two items");
}

/* Saaty's random index: 0.58 for 3, 1.49 for 10, none beyond 15. */
static void
test_ahp_random_index (void)
{
  g_assert_cmpfloat (kh_ahp_random_index (2), ==, 0);
  g_assert_cmpfloat (kh_ahp_random_index (3), ==, 0.58);
  g_assert_cmpfloat (kh_ahp_random_index (10), ==, 1.49);
  g_assert_cmpfloat (kh_ahp_random_index (15), ==, 1.59);
  g_assert_true (isnan (kh_ahp_random_index (16)));
}

/* Entropy weights on 4 units × 3 items:
 *   u1 1 4 2 / u2 2 4 2 / u3 3 4 3 / u4 4 4 3
 * item 1: p = .1 .2 .3 .4, H = .1·ln10 + .2·ln5 + .3·ln(10/3) + .4·ln2.5
 *         = .230259 + .321888 + .361192 + .366516 = 1.279854; e = H / ln4 = 1.279854 / 1.386294
 *         = .923220, d₁ = .076780
 * item 2: all equal, p = .25 each, e = 1, d₂ = 0
 * item 3: p = .2 .2 .3 .3, H = .4·ln5 + .6·ln(10/3) = .643775 + .722384 = 1.366159,
 *         e = .985475, d₃ = .014525
 * w = d / Σd = .076780 / .091305 = .840921, 0, .014525 / .091305 = .159079 */
static void
test_entropy (void)
{
  static const double x[12] = { 1, 4, 2, 2, 4, 2, 3, 4, 3, 4, 4, 3 };
  double w[3];
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_entropy_weights (x, 4, 3, NULL, w, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (w[0], 0.840921, 1e-6);
  g_assert_cmpfloat (w[1], ==, 0);
  g_assert_cmpfloat_with_epsilon (w[2], 0.159079, 1e-6);
}

static void
test_entropy_refused (void)
{
  static const double same[6] = { 1, 2, 1, 2, 1, 2 };
  static const double negative[6] = { 1, 2, -1, 2, 1, 3 };
  const char *names[2] = { "gdp", "pm25" };
  double w[2];
  g_autoptr (GError) error = NULL;

  g_assert_false (kh_entropy_weights (same, 3, 2, names, w, &error));
  g_assert_cmpstr (error->message, ==, "no item varies between the units: the data give no weights");
  g_clear_error (&error);
  g_assert_false (kh_entropy_weights (negative, 3, 2, names, w, &error));
  g_assert_cmpstr (error->message, ==, "“gdp”: entropy weights need values of 0 or more");
  g_clear_error (&error);
  g_assert_false (kh_entropy_weights (same, 1, 2, names, w, &error));
  g_assert_cmpstr (error->message, ==,
                   "weights from data need at least 2 units with every item scored, not 1");
}

/* CRITIC on 4 units × 3 items:
 *   u1 1 2 4 / u2 2 1 3 / u3 3 4 2 / u4 4 3 1
 * min-max: c1 = 0 ⅓ ⅔ 1, c2 = ⅓ 0 1 ⅔, c3 = 1 ⅔ ⅓ 0: every column holds 0, ⅓, ⅔, 1, so
 * σ is the same for all (σ = √((¼ + 1/36 + 1/36 + ¼)/3) = 0.4303).
 * r₁₃ = −1 (c3 = 1 − c1); r₁₂: centred (−1.5 −.5 .5 1.5)·(−.5 −1.5 1.5 .5) = 3 over 5: 0.6;
 * r₂₃ = −r₁₂ = −0.6.
 * C₁ = σ((1 − .6) + (1 + 1)) = 2.4σ, C₂ = σ(.4 + 1.6) = 2σ, C₃ = σ(2 + 1.6) = 3.6σ; ΣC = 8σ
 * w = .3, .25, .45 */
static void
test_critic (void)
{
  static const double x[12] = { 1, 2, 4, 2, 1, 3, 3, 4, 2, 4, 3, 1 };
  double w[3];
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_critic_weights (x, 4, 3, NULL, w, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (w[0], 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[2], 0.45, 1e-12);
}

/* An item that does not vary weighs 0 and takes no part in the others' conflict: the two
 * others, r = 0.6 as above, each get σ·(1 − 0.6): half each. */
static void
test_critic_constant (void)
{
  static const double x[12] = { 1, 2, 5, 2, 1, 5, 3, 4, 5, 4, 3, 5 };
  double w[3];

  g_assert_true (kh_critic_weights (x, 4, 3, NULL, w, NULL));
  g_assert_cmpfloat_with_epsilon (w[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 0.5, 1e-12);
  g_assert_cmpfloat (w[2], ==, 0);
}

/* PCA on data with a known eigen-structure. h₁…h₄ are columns 1–4 of the Sylvester
 * Hadamard matrix of order 8 (hᵢⱼ = (−1)^popcount(i & j)): centred and orthogonal. With
 *   x₁ = h₁, x₂ = a·h₁ + √(1 − a²)·h₂, x₃ = h₃, x₄ = b·h₃ + √(1 − b²)·h₄,
 * the correlation matrix is block-diagonal, corr(x₁, x₂) = a, corr(x₃, x₄) = b, 0 across.
 * Eigenvalues 1 + a, 1 − a, 1 + b, 1 − b; with a = 0.8, b = 0.4 the kept ones (> 1) are
 * 1.8 (u = (1, 1, 0, 0)/√2) and 1.4 (u = (0, 0, 1, 1)/√2). Each item's u² is ½ on its
 * component, so w₁ = w₂ = ½ · 1.8/3.2 = 0.28125 and w₃ = w₄ = ½ · 1.4/3.2 = 0.21875,
 * which already sum to 1. */
static void
test_pca (void)
{
  const double a = 0.8, b = 0.4;
  double x[8 * 4], w[4];
  guint kept = 0;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 8; i++)
    {
      double h[5];

      for (guint j = 1; j <= 4; j++)
        h[j] = __builtin_popcount (i & j) % 2 == 0 ? 1 : -1;
      x[i * 4 + 0] = h[1];
      x[i * 4 + 1] = a * h[1] + sqrt (1 - a * a) * h[2];
      x[i * 4 + 2] = h[3];
      x[i * 4 + 3] = b * h[3] + sqrt (1 - b * b) * h[4];
    }
  g_assert_true (kh_pca_weights (x, 8, 4, NULL, w, &kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept, ==, 2);
  g_assert_cmpfloat_with_epsilon (w[0], 0.28125, 1e-9);
  g_assert_cmpfloat_with_epsilon (w[1], 0.28125, 1e-9);
  g_assert_cmpfloat_with_epsilon (w[2], 0.21875, 1e-9);
  g_assert_cmpfloat_with_epsilon (w[3], 0.21875, 1e-9);
}

/* Three items all correlated ρ = 0.5 with one another: eigenvalues 1 + 2ρ = 2 and 1 − ρ
 * twice; only the first is kept, u = (1, 1, 1)/√3: ⅓ each. Built as xᵢ = z₀ + zᵢ from
 * orthogonal Hadamard columns z (variance 2, covariance 1: ρ = ½). */
static void
test_pca_one_factor (void)
{
  double x[8 * 3], w[3];
  guint kept = 0;
  const char *names[3] = { "a", "b", "c" };
  double constant[8 * 3];
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 8; i++)
    {
      double z0 = __builtin_popcount (i & 1) % 2 == 0 ? 1 : -1;

      for (guint j = 0; j < 3; j++)
        {
          x[i * 3 + j] = z0 + (__builtin_popcount (i & (j + 2)) % 2 == 0 ? 1 : -1);
          constant[i * 3 + j] = j == 1 ? 7 : x[i * 3 + j];
        }
    }
  g_assert_true (kh_pca_weights (x, 8, 3, names, w, &kept, &error));
  g_assert_cmpuint (kept, ==, 1);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat_with_epsilon (w[j], 1.0 / 3, 1e-9);

  g_assert_false (kh_pca_weights (constant, 8, 3, names, w, &kept, &error));
  g_assert_cmpstr (error->message, ==,
                   "“b” has the same value for every unit: principal components cannot weigh it");
}

/* Three experts: 50 30 20, 40 40 20, and 30 20 10 (a total of 60: shares ½, ⅓, ⅙).
 * Mean shares: (.5 + .4 + .5)/3 = .466667, (.3 + .4 + .333333)/3 = .344444,
 * (.2 + .2 + .166667)/3 = .188889. Sample sd of item 1: deviations .033333, −.066667,
 * .033333; (.001111 + .004444 + .001111)/2 = .003333; √ = .057735. */
static void
test_budget (void)
{
  static const double e1[3] = { 50, 30, 20 }, e2[3] = { 40, 40, 20 }, e3[3] = { 30, 20, 10 };
  const double *experts[3] = { e1, e2, e3 };
  double w[3], sd[3], lo[3], hi[3];
  g_autoptr (GError) error = NULL;
  static const double bad[3] = { 10, -1, 5 };
  const double *bad_experts[2] = { e1, bad };

  g_assert_true (kh_budget_weights (experts, 3, 3, w, sd, lo, hi, &error));
  g_assert_cmpfloat_with_epsilon (w[0], 0.466667, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[1], 0.344444, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[2], 0.188889, 1e-6);
  g_assert_cmpfloat_with_epsilon (sd[0], 0.057735, 1e-6);
  g_assert_cmpfloat_with_epsilon (lo[0], 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (hi[1], 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (lo[2], 1.0 / 6, 1e-12);

  /* one expert: the shares themselves, no spread */
  g_assert_true (kh_budget_weights (experts, 1, 3, w, sd, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (w[0], 0.5, 1e-12);
  g_assert_true (isnan (sd[0]));

  g_assert_false (kh_budget_weights (bad_experts, 2, 3, w, NULL, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "expert 2, item 2: points cannot be negative");
}

/* Composite T = 1 … 5. Item 1 is T: r² = 1. Item 2 = 2 1 4 3 (missing for the fifth unit)
 * against T = 1 2 3 4: deviations −.5 −1.5 1.5 .5 and −1.5 −.5 .5 1.5, Σ products 3,
 * Σ squares 5 and 5: r = .6, r² = .36. Item 3 does not vary and item 4 has two values:
 * 0. Normalised: 1/1.36 = .735294, .36/1.36 = .264706, 0, 0. */
static void
test_effective (void)
{
  const double x[5 * 4] = {
    1, 2,   7, 1,
    2, 1,   7, NAN,
    3, 4,   7, 5,
    4, 3,   7, NAN,
    5, NAN, 7, NAN,
  };
  const double t[5] = { 1, 2, 3, 4, 5 }, flat[5] = { 3, 3, 3, 3, 3 };
  double w[4];

  g_assert_true (kh_effective_weights (x, 5, 4, t, w));
  g_assert_cmpfloat_with_epsilon (w[0], 1 / 1.36, 1e-12);
  g_assert_cmpfloat_with_epsilon (w[1], 0.36 / 1.36, 1e-12);
  g_assert_cmpfloat (w[2], ==, 0);
  g_assert_cmpfloat (w[3], ==, 0);

  /* a composite that does not vary: nothing to share */
  g_assert_false (kh_effective_weights (x, 5, 4, flat, w));
  g_assert_true (isnan (w[0]) && isnan (w[3]));
}

static void
test_equal (void)
{
  double w[4];

  kh_equal_weights (4, w);
  for (guint j = 0; j < 4; j++)
    g_assert_cmpfloat (w[j], ==, 0.25);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weights/ahp/saaty-house-criteria", test_ahp_saaty_house);
  g_test_add_func ("/weights/ahp/saaty-house-size", test_ahp_saaty_size);
  g_test_add_func ("/weights/ahp/consistent", test_ahp_consistent);
  g_test_add_func ("/weights/ahp/group", test_ahp_group);
  g_test_add_func ("/weights/ahp/refused", test_ahp_refused);
  g_test_add_func ("/weights/ahp/random-index", test_ahp_random_index);
  g_test_add_func ("/weights/entropy", test_entropy);
  g_test_add_func ("/weights/entropy/refused", test_entropy_refused);
  g_test_add_func ("/weights/critic", test_critic);
  g_test_add_func ("/weights/critic/constant", test_critic_constant);
  g_test_add_func ("/weights/pca/two-blocks", test_pca);
  g_test_add_func ("/weights/pca/one-factor", test_pca_one_factor);
  g_test_add_func ("/weights/budget", test_budget);
  g_test_add_func ("/weights/equal", test_equal);
  g_test_add_func ("/weights/effective", test_effective);
  return g_test_run ();
}
