/* test-weights-cli.c — `kaohe-cli weights`: proposed weights beside the current ones, and the
 * ranking they give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/weights-cli/three.xml: total = a (40 points) + b (30) + c (30), each scored
 * by goalposts 0–100, so a child's score is P·x/100 and, with shares sⱼ and the points
 * unchanged, a unit's total is Σ sⱼ·100·xⱼ/100 = Σ sⱼ·xⱼ (wⱼ = sⱼ·100/Pⱼ).
 * three.csv:   a  b  c      current total (shares .4 .3 .3): .4a + .3b + .3c
 *   A         10 20 40      4 + 6 + 12 = 22   rank 3
 *   B         20 10 30      8 + 3 +  9 = 20   rank 4
 *   C         30 40 20     12 + 12 + 6 = 30   rank 1
 *   D         40 30 10     16 + 9 +  3 = 28   rank 2
 *
 * Effective weights (r² of each child with the node's score, normalised; the scores are
 * P·x/100 and r does not depend on the scale): with the current total T (mean 25,
 * deviations −3 −5 5 3, Σ 68), a's deviations −15 −5 5 15 (Σ² 500) give Σ dₐ·d_T = 140 and
 * r² = 140²/(500·68) = .57647; b (−5 −15 15 5): 180, r² = .95294; c = 50 − a: .57647.
 * Normalised: .2737 .4525 .2737 — b, with the fewest points, decides the most.
 * Under each proposed weighting the same computation, done apart with Python's
 * statistics.correlation on T = Σ sⱼ·xⱼ, gives the "proposed" column: equal and PCA
 * .2093 .5814 .2093 (a + c is 50 for every unit, so equal shares of a and c cancel out and
 * only b moves T: r(a, T) = r(a, b) = .6); CRITIC 0 1 0 (T's deviations 1 −3 3 −1 are
 * orthogonal to a's); Saaty's .7536 .1811 .0653: .3913 .2174 .3913; group AHP .4 .4 .2:
 * .2944 .4112 .2944; budget (the current shares): the current effective weights.
 */
#include "config.h"

#include "kh-test-cli.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "weights-cli", name,
                           NULL);
}

static KhCliRun *
run_weights (const char *data,
             const char *node,
             const char *method,
             const char *matrix)
{
  g_autofree char *fw = data_path ("three.xml");
  g_autofree char *csv = data_path (data);
  g_autofree char *file = matrix != NULL ? data_path (matrix) : NULL;
  const char *args[] = { "weights", "--framework", fw, "--data", csv, "--node", node,
                         "--method", method, file != NULL ? "--matrix" : NULL, file, NULL };

  return kh_test_cli_runv (args);
}

static void
check_output (KhCliRun   *run,
              const char *expected)
{
  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
}

/* Equal shares ⅓: w = ⅓·100/40 = 0.8333, ⅓·100/30 = 1.1111; totals (a + b + c)/3:
 * A 70/3 = 23.33, B 60/3 = 20, C 90/3 = 30, D 80/3 = 26.67: the order does not change. */
static void
test_equal (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "equal", NULL);

  check_output (run,
                "Weights of the children of “total” (sum), by Equal weights\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.3333      1.0000    0.8333      0.2737    0.2093\n"
                "  b               30.00     0.3000    0.3333      1.0000    1.1111      0.4525    0.5814\n"
                "  c               30.00     0.3000    0.3333      1.0000    1.1111      0.2737    0.2093\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  C                   1        1      0      30.00     30.00  丙市\n"
                "  D                   2        2      0      28.00     26.67  丁市\n"
                "  A                   3        3      0      22.00     23.33  甲市\n"
                "  B                   4        4      0      20.00     20.00  乙市\n");
}

/* CRITIC on the children's scores: each column is a permutation of 1 2 3 4 (times P/10),
 * the same min-max columns as test-weight-methods.c's /weights/critic: r_ab = 0.6,
 * r_ac = −1, r_bc = −0.6, equal σ; C = 2.4σ, 2σ, 3.6σ → shares .3 .25 .45;
 * w = .3·100/40 = .75, .25·100/30 = .8333, .45·100/30 = 1.5.
 * Totals .3a + .25b + .45c: A 3 + 5 + 18 = 26, B 6 + 2.5 + 13.5 = 22, C 9 + 10 + 9 = 28,
 * D 12 + 7.5 + 4.5 = 24: A passes D. */
static void
test_critic (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "critic", NULL);

  check_output (run,
                "Weights of the children of “total” (sum), by CRITIC\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.3000      1.0000    0.7500      0.2737    0.0000\n"
                "  b               30.00     0.3000    0.2500      1.0000    0.8333      0.4525    1.0000\n"
                "  c               30.00     0.3000    0.4500      1.0000    1.5000      0.2737    0.0000\n"
                "\n"
                "Data: the children's scores in 2020, 4 units with all of them.\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  C                   1        1      0      30.00     28.00  丙市\n"
                "  A                   3        2     +1      22.00     26.00  甲市\n"
                "  D                   2        3     -1      28.00     24.00  丁市\n"
                "  B                   4        4      0      20.00     22.00  乙市\n");
}

/* PCA: the correlations are r_ab = .6, r_ac = −1, r_bc = −.6. v = (1, t, −1) is an
 * eigenvector when (2 + .6t)·t = 1.2 + t, i.e. .6t² + t − 1.2 = 0: t = (−1 + √3.88)/1.2
 * = .808143 with λ = 2 + .6t = 2.484886 (the other root gives λ = .515114, and (1, 0, 1)
 * gives 0). Only λ₁ > 1 is kept: shares u² = 1/2.653095 = .376918, .653095/2.653095
 * = .246164, .376918; w = .376918·100/40 = .942295, .246164·100/30 = .820547,
 * .376918·100/30 = 1.256393. Totals .376918a + .246164b + .376918c: A 3.76918 + 4.92328
 * + 15.07672 = 23.77, B 7.53836 + 2.46164 + 11.30754 = 21.31, C 28.69, D 26.23. */
static void
test_pca (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "pca", NULL);

  check_output (run,
                "Weights of the children of “total” (sum), by Principal components\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.3769      1.0000    0.9423      0.2737    0.2093\n"
                "  b               30.00     0.3000    0.2462      1.0000    0.8205      0.4525    0.5814\n"
                "  c               30.00     0.3000    0.3769      1.0000    1.2564      0.2737    0.2093\n"
                "\n"
                "Data: the children's scores in 2020, 4 units with all of them.\n"
                "Principal components kept (eigenvalue above 1): 1.\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  C                   1        1      0      30.00     28.69  丙市\n"
                "  D                   2        2      0      28.00     26.23  丁市\n"
                "  A                   3        3      0      22.00     23.77  甲市\n"
                "  B                   4        4      0      20.00     21.31  乙市\n");
}

/* three-flat.csv: b is 50 for every unit. Entropy: a and c are permutations of 10 20 30
 * 40, so dₐ = d_c (= .076780, see test-weight-methods.c), d_b = 0: shares .5 0 .5. A
 * weight of 0 would drop b: the shares are shown, the weights and ranking are not.
 * Effective weights now: b does not vary (0); T = .4a + 15 + .3(50 − a) = .1a + 30, so
 * r(a, T) = 1 and r(c, T) = −1: .5 0 .5. */
static void
test_entropy_flat (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three-flat.csv", "total", "entropy", NULL);

  check_output (run,
                "Weights of the children of “total” (sum), by Entropy weights\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.5000      1.0000         —      0.5000         —\n"
                "  b               30.00     0.3000    0.0000      1.0000         —      0.0000         —\n"
                "  c               30.00     0.3000    0.5000      1.0000         —      0.5000         —\n"
                "\n"
                "Data: the children's scores in 2020, 4 units with all of them.\n"
                "These weights cannot be applied: the share of “b” must be above 0 (a weight "
                "of 0 would drop it: retire the indicator instead).\n");
}

/* Saaty (1990), European Journal of Operational Research 48, 9–26, the houses compared on
 * their size: (1 6 8; 1/6 1 4; 1/8 1/4 1) → .754 .181 .065, λmax 3.136, CI 0.068, CR 0.117
 * (RI 0.58), above 0.1. To four decimals (power iteration done apart): .7536 .1811 .0653;
 * w = .7536·100/40 = 1.8839, .1811·100/30 = .6038, .0653·100/30 = .2177. Totals
 * .75355a + .18114b + .06531c: A 7.5355 + 3.6227 + 2.6124 = 13.77, B 18.84, C 31.16,
 * D 36.23: D and C swap, and so do B and A. */
static void
test_ahp_saaty (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "ahp", "saaty-size.txt");

  check_output (run,
                "Weights of the children of “total” (sum), by AHP (pairwise comparisons)\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.7536      1.0000    1.8839      0.2737    0.3913\n"
                "  b               30.00     0.3000    0.1811      1.0000    0.6038      0.4525    0.2174\n"
                "  c               30.00     0.3000    0.0653      1.0000    0.2177      0.2737    0.3913\n"
                "\n"
                "Consistency: λmax 3.136, CI 0.068, RI 0.58, CR 0.117 — above 0.1: the "
                "judgements are not consistent enough, revise them\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  D                   2        1     +1      28.00     36.23  丁市\n"
                "  C                   1        2     -1      30.00     31.16  丙市\n"
                "  B                   4        3     +1      20.00     18.84  乙市\n"
                "  A                   3        4     -1      22.00     13.77  甲市\n");
}

/* Group AHP: the consistent matrices of (4, 2, 1) and (1, 2, 1) — each expert's own
 * weights 4/7 2/7 1/7 = .5714 .2857 .1429 and .25 .5 .25, CR 0 —; their geometric mean is
 * the consistent matrix of √(4·1), √(2·2), √(1·1) = (2, 2, 1): shares .4 .4 .2, CR 0;
 * w = 1, 1.3333, .6667. Totals .4a + .4b + .2c: A 4 + 8 + 8 = 20, B 8 + 4 + 6 = 18,
 * C 12 + 16 + 4 = 32, D 16 + 12 + 2 = 30. */
static void
test_ahp_group (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "ahp", "group.txt");

  check_output (run,
                "Weights of the children of “total” (sum), by AHP (pairwise comparisons)\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.4000      1.0000    1.0000      0.2737    0.2944\n"
                "  b               30.00     0.3000    0.4000      1.0000    1.3333      0.4525    0.4112\n"
                "  c               30.00     0.3000    0.2000      1.0000    0.6667      0.2737    0.2944\n"
                "\n"
                "Group AHP: the element-wise geometric mean of 2 experts' matrices.\n"
                "Each expert's weights and consistency:\n"
                "  expert         a       b       c     CR\n"
                "  1         0.5714  0.2857  0.1429  0.000\n"
                "  2         0.2500  0.5000  0.2500  0.000\n"
                "Every expert is consistent (CR at most 0.1).\n"
                "Consistency: λmax 3.000, CI 0.000, RI 0.58, CR 0.000 — acceptable (at most "
                "0.1)\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  C                   1        1      0      30.00     32.00  丙市\n"
                "  D                   2        2      0      28.00     30.00  丁市\n"
                "  A                   3        3      0      22.00     20.00  甲市\n"
                "  B                   4        4      0      20.00     18.00  乙市\n");
}

/* Group AHP with an inconsistent expert: expert 1 is Saaty's houses (weights .7536 .1811
 * .0653, CR 0.117 as in test_ahp_saaty), expert 2 the consistent (4, 2, 1) (.5714 .2857
 * .1429, CR 0). Their geometric mean (1 √12 √32; 1/√12 1 √8; 1/√32 1/√8 1) is consistent
 * enough — by power iteration done apart: shares .6694 .2321 .0985, λmax 3.0336,
 * CI .0168, CR .0168/.58 = .029 — so the mean hides expert 1, whom the list names.
 * w = .6694·100/40 = 1.6735, .2321·100/30 = .7736, .0985·100/30 = .3284; totals
 * .6694a + .2321b + .0985c: A 6.694 + 4.641 + 3.941 = 15.28, B 18.66, C 31.34, D 34.72;
 * effective weights with those totals (Python's statistics.correlation) .3767 .2466
 * .3767. */
static void
test_ahp_group_inconsistent (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "ahp", "group-inconsistent.txt");

  check_output (run,
                "Weights of the children of “total” (sum), by AHP (pairwise comparisons)\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.6694      1.0000    1.6735      0.2737    0.3767\n"
                "  b               30.00     0.3000    0.2321      1.0000    0.7736      0.4525    0.2466\n"
                "  c               30.00     0.3000    0.0985      1.0000    0.3284      0.2737    0.3767\n"
                "\n"
                "Group AHP: the element-wise geometric mean of 2 experts' matrices.\n"
                "Each expert's weights and consistency:\n"
                "  expert         a       b       c     CR\n"
                "  1         0.7536  0.1811  0.0653  0.117  inconsistent\n"
                "  2         0.5714  0.2857  0.1429  0.000\n"
                "Expert 1 is not consistent (CR above 0.1): ask them to revise their judgements.\n"
                "Consistency: λmax 3.034, CI 0.017, RI 0.58, CR 0.029 — acceptable (at most "
                "0.1)\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  D                   2        1     +1      28.00     34.72  丁市\n"
                "  C                   1        2     -1      30.00     31.34  丙市\n"
                "  B                   4        3     +1      20.00     18.66  乙市\n"
                "  A                   3        4     -1      22.00     15.28  甲市\n");
}

/* Two experts, 50 30 20 and 30 30 40 of 100: shares (.5 + .3)/2 = .4, .3, (.2 + .4)/2 = .3,
 * the current ones: weights and ranking unchanged. Spread: sd of .5 and .3 is
 * .2/√2 = .1414, least .3, greatest .5; b: 0, .3, .3; c: .1414, .2, .4. */
static void
test_budget (void)
{
  g_autoptr (KhCliRun) run = run_weights ("three.csv", "total", "budget", "budget.txt");

  check_output (run,
                "Weights of the children of “total” (sum), by Budget allocation\n"
                "  item           points  share now  proposed  weight now  proposed  effect now"
                "  proposed\n"
                "  a               40.00     0.4000    0.4000      1.0000    1.0000      0.2737    0.2737\n"
                "  b               30.00     0.3000    0.3000      1.0000    1.0000      0.4525    0.4525\n"
                "  c               30.00     0.3000    0.3000      1.0000    1.0000      0.2737    0.2737\n"
                "\n"
                "Budget allocation of 2 experts: shares of each expert's points, averaged.\n"
                "Spread of the experts' shares (sd, least, greatest):\n"
                "  a            0.1414  0.3000  0.5000\n"
                "  b            0.0000  0.3000  0.3000\n"
                "  c            0.1414  0.2000  0.4000\n"
                "\n"
                "Ranking with the proposed weights:\n"
                "  unit         rank now proposed change  total now  proposed  name\n"
                "  C                   1        1      0      30.00     30.00  丙市\n"
                "  D                   2        2      0      28.00     28.00  丁市\n"
                "  A                   3        3      0      22.00     22.00  甲市\n"
                "  B                   4        4      0      20.00     20.00  乙市\n");
}

/* Bad input: the message names the place, nothing is printed on stdout. */
static void
check_refused (KhCliRun   *run,
               int         status,
               const char *message)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  if (strstr (run->err, message) == NULL)
    g_error ("expected “%s” in: %s", message, run->err);
}

static void
test_refused (void)
{
  KhCliRun *run;

  run = run_weights ("three.csv", "total", "ahp", "bad-token.txt");
  check_refused (run, 1, "bad-token.txt:2:7: “x7” is not a number or a fraction such as 1/3");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "total", "ahp", "not-reciprocal.txt");
  check_refused (run, 1, "not-reciprocal.txt: “total”: matrix 1, rows 1 and 2: the comparisons "
                         "are not reciprocal (3 and 3; write 1/3 for a third)");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "total", "ahp", "short-matrix.txt");
  check_refused (run, 1, "short-matrix.txt: matrix 1 has 2 rows, not 3");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "total", "budget", "two-values.txt");
  check_refused (run, 1, "two-values.txt:2: the line has 2 values, not 3 (one per weighed child)");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "nowhere", "equal", NULL);
  check_refused (run, 1, "three.xml: the framework has no node “nowhere”");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "a", "equal", NULL);
  check_refused (run, 1, "three.xml: “a” has 0 weighed children: weights need at least two");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "total", "ahp", NULL);
  check_refused (run, 2, "--method ahp needs --matrix FILE");
  kh_cli_run_free (run);
  run = run_weights ("three.csv", "total", "magic", NULL);
  check_refused (run, 2, "unknown method “magic” (equal, ahp, entropy, critic, pca or budget)");
  kh_cli_run_free (run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/weights/equal", test_equal);
  g_test_add_func ("/cli/weights/critic", test_critic);
  g_test_add_func ("/cli/weights/pca", test_pca);
  g_test_add_func ("/cli/weights/entropy-flat", test_entropy_flat);
  g_test_add_func ("/cli/weights/ahp-saaty", test_ahp_saaty);
  g_test_add_func ("/cli/weights/ahp-group", test_ahp_group);
  g_test_add_func ("/cli/weights/ahp-group-inconsistent", test_ahp_group_inconsistent);
  g_test_add_func ("/cli/weights/budget", test_budget);
  g_test_add_func ("/cli/weights/refused", test_refused);
  return g_test_run ();
}
