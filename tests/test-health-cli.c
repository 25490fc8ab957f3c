/* test-health-cli.c — `kaohe-cli health`: indicator health for admission and exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/health: four indicators of 25 points each, goalposts 0–100, so a score is
 * value / 4; five units, m missing for C and D (re-weighted: their totals are
 * (x + y + z)·100/75).
 *          x     y     z     m      total
 *   A      5    25   2.5   12.5     45
 *   B     10    25   7.5   17.5     60
 *   C     15    25  12.5     —      52.5·4/3 = 70
 *   D     20    25  17.5     —      62.5·4/3 = 83.33
 *   E     25    15  22.5    7.5     70
 *
 * x: mean 15, sample sd √(250/4) = 7.906, CV 0.527; 5 values; 1 of 5 at full points (E);
 *    Gini Σ|xᵢ − xⱼ| / (2n²x̄) = 200 / (2·25·15) = 0.267; z = x − 2.5, so r(x, z) = 1:
 *    review, they move together.
 * y: 4 of 5 at full points (0.8): candidate for exit. Mean 23, sd √(80/4) = 4.472,
 *    CV 0.194; Gini 2·4·10 / (2·25·23) = 0.070. Its largest |r| is with m over A, B, E:
 *    y − ȳ = (13.3, 13.3, −26.7), m − m̄ = (0, 5, −5)·… → r = 800/√(1066.7·800) = 0.87.
 * z: mean 12.5, sd 7.906, CV 0.632, Gini 200 / (2·25·12.5) = 0.320, none at full points.
 * m: 2 of 5 missing (0.4 > 0.2): review. Own scores 12.5 17.5 7.5: mean 12.5, sd 5,
 *    CV 0.4, Gini 40 / (2·9·12.5) = 0.178; largest |r| with y (0.87, as above).
 * nominal: 25/100 = 0.25 each. effective: r² of each score with the total, normalised
 * (computed apart with Python's statistics.correlation): x 0.4384, y 0.0191, z 0.4384,
 * m 0.1041 — x and z decide the ranking, y hardly matters though it weighs as much.
 */
#include "config.h"

#include "kh-test-cli.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "health", name, NULL);
}

static void
test_health (void)
{
  g_autofree char *fw = data_path ("health.xml");
  g_autofree char *csv = data_path ("health.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("health", "--framework", fw, "--data", csv, NULL);

  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==,
                   "Indicator health: framework health-demo, 2020, group cities\n"
                   "  indicator    nominal  effect missing    full     CV values   Gini  closest"
                   "           r  verdict\n"
                   "  x             0.2500  0.4384  0.0000  0.2000  0.527     5  0.267  z          "
                   "    1.00  review\n"
                   "  y             0.2500  0.0191  0.0000  0.8000  0.194     2  0.070  m          "
                   "    0.87  candidate for exit\n"
                   "  z             0.2500  0.4384  0.0000  0.0000  0.632     5  0.320  x          "
                   "    1.00  review\n"
                   "  m             0.2500  0.1041  0.4000  0.0000  0.400     3  0.178  y          "
                   "    0.87  review\n"
                   "\n"
                   "Why:\n"
                   "  x — review: moves with “z” (r = 1.00): one of the two may be enough\n"
                   "  y — candidate for exit: 80% of the units are at full points\n"
                   "  z — review: moves with “x” (r = 1.00): one of the two may be enough\n"
                   "  m — review: 40% of the units have no value of their own\n");
}

static void
test_refused (void)
{
  g_autofree char *fw = data_path ("health.xml");
  g_autofree char *csv = data_path ("health.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("health", "--framework", fw, "--data", csv,
                                              "--group", "towns", NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "no group “towns”"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/health/verdicts", test_health);
  g_test_add_func ("/cli/health/refused", test_refused);
  return g_test_run ();
}
