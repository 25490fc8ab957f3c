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
 *    Gini Σ|xᵢ − xⱼ| / (2n²x̄) = 200 / (2·25·15) = 0.267; z = x − 2.5, so ρ(x, z) = 1:
 *    review, they move together.
 * y: 4 of 5 at full points (0.8): candidate for exit. Mean 23, sd √(80/4) = 4.472,
 *    CV 0.194; Gini 2·4·10 / (2·25·23) = 0.070. Its largest |ρ| (Spearman's rank
 *    correlation, ties at their average rank) is with m over A, B, E: scores y (25 25 15),
 *    m (12.5 17.5 7.5), ranks (2.5 2.5 1) and (2 3 1), both about 2: deviations
 *    (.5 .5 −1) and (0 1 −1), ρ = 1.5/√(1.5·2) = 0.87 (with x: −0.71, with z: −0.71).
 * z: mean 12.5, sd 7.906, CV 0.632, Gini 200 / (2·25·12.5) = 0.320, none at full points.
 * m: 2 of 5 missing (0.4 > 0.2): review. Own scores 12.5 17.5 7.5: mean 12.5, sd 5,
 *    CV 0.4, Gini 40 / (2·9·12.5) = 0.178; largest |ρ| with y (0.87, as above; with x and
 *    z over A, B, E, ranks (1 2 3) against (2 3 1): −0.5).
 * Every ρ here and below was checked apart with an average-rank Spearman in Python:
 *   def ranks(v): s = sorted(v); return [s.index(x) + (s.count(x) + 1) / 2 for x in v]
 *   def rho(a, b): ra, rb = ranks(a), ranks(b); m = (len(a) + 1) / 2
 *       return sum((x - m) * (y - m) for x, y in zip(ra, rb)) / sqrt(sum((x - m) ** 2
 *              for x in ra) * sum((y - m) ** 2 for y in rb))
 *   rho([25, 25, 15], [12.5, 17.5, 7.5]) = 0.866, rho([5, 1, 4, 2], [5, 10, 15, 20]) = −0.4,
 *   rho([10, 10, 10, 10, 6], [25, 25, 25, 25, 15]) = 1.
 * nominal: 25/100 = 0.25 each. effective: r² of each score with the total, normalised
 * (computed apart with Python's statistics.correlation): x 0.4384, y 0.0191, z 0.4384,
 * m 0.1041 — x and z decide the ranking, y hardly matters though it weighs as much.
 * z is named 综合指数: the reasons name it so, as the one x moves with and as the subject
 * of its own line ("综合指数 (z)"); the table's columns keep the ids.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

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
                   "           ρ  verdict\n"
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
                   "  x — review: moves with “综合指数” (ρ = 1.00): one of the two may be enough\n"
                   "  y — candidate for exit: 80% of the units are at full points or within 1% of "
                   "the target\n"
                   "  综合指数 (z) — review: moves with “x” (ρ = 1.00): one of the two may be enough\n"
                   "  m — review: 40% of the units have no value of their own\n");
}

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
  kh_cli_run_free (run);
}

/* A project of 2018–2020 with the 2020 data above and, before it (scores = value / 4):
 *   2018  x 0 25 50 75 100 (scores 0 … 25 by 6.25: mean 12.5, sd 6.25·√2.5 = 9.882,
 *         CV 0.791; 1 of 5 at full points); y 100 60 60 60 60 (25 15 15 15 15: mean 17,
 *         sd √(80/4) = 4.472, CV 0.263; 1 of 5 full)
 *   2019  x 10 25 40 55 70 (2.5 … 17.5 by 3.75: mean 10, sd 3.75·√2.5 = 5.929, CV 0.593;
 *         none full); y 100 100 100 60 60 (mean 21, sd √(120/4) = 5.477, CV 0.261; 3 of 5
 *         full)
 *         m 50 70 50 — 30: C has a value this year (1 of 5 missing, 20 %, not above 0.2);
 *         own scores 12.5 17.5 12.5 7.5: mean 12.5, sd √(50/3) = 4.082, CV 0.327
 *   z as in 2020 (CV 0.632 every year, 0 % full); m in 2018 as in 2020 (CV 0.400).
 * x: CV 0.791 → 0.593 → 0.527 falls every year: narrowing since 2018 (its share at full
 *    points, 20 % → 0 % → 20 %, does not rise every year).
 * y: CV 0.263 → 0.261 → 0.194 and full 20 % → 60 % → 80 %: both since 2018.
 * z: the same every year; m: 0.400 → 0.327 → 0.400 does not fall every year: no trend. */
static char *
build_project (const char *dir)
{
  char *project = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("health.xml");
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (fw, &text, NULL, NULL));
  run_ok (kh_test_cli_run ("new", project, NULL));
  run_ok (kh_test_cli_run ("import", project, "--units", units, NULL));
  for (int year = 2018; year <= 2020; year++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autofree char *year_attr = g_strdup_printf ("year=\"%d\"", year);
      g_autofree char *fw_year = g_strdup_printf ("%s/health-%d.xml", dir, year);
      g_autofree char *csv_name = year == 2020 ? g_strdup ("health.csv")
                                               : g_strdup_printf ("health-%d.csv", year);
      g_autofree char *csv = data_path (csv_name);
      g_auto (GStrv) parts = g_strsplit (text, "year=\"2020\"", 2);
      g_autofree char *copy = g_strjoin (year_attr, parts[0], parts[1], NULL);

      g_assert_true (g_file_set_contents (fw_year, copy, -1, NULL));
      run_ok (kh_test_cli_run ("import", project, "--year", year_text, "--framework", fw_year,
                               NULL));
      run_ok (kh_test_cli_run ("import", project, "--year", year_text, csv, NULL));
    }
  return project;
}

static void
test_trend (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-health-cli-XXXXXX", NULL);
  g_autofree char *project = build_project (dir);
  g_autoptr (KhCliRun) run = NULL;

  run = kh_test_cli_run ("health", project, "--year", "2020", "--group", "cities", NULL);
  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==,
                   "Indicator health: framework health-demo, 2020, group cities\n"
                   "  indicator    nominal  effect missing    full     CV values   Gini  closest"
                   "           ρ  verdict\n"
                   "  x             0.2500  0.4384  0.0000  0.2000  0.527     5  0.267  z          "
                   "    1.00  review\n"
                   "  y             0.2500  0.0191  0.0000  0.8000  0.194     2  0.070  m          "
                   "    0.87  candidate for exit\n"
                   "  z             0.2500  0.4384  0.0000  0.0000  0.632     5  0.320  x          "
                   "    1.00  review\n"
                   "  m             0.2500  0.1041  0.4000  0.0000  0.400     3  0.178  y          "
                   "    0.87  review\n"
                   "\n"
                   "Over the years (CV, share at full points):\n"
                   "  indicator           2018        2019        2020\n"
                   "  x             0.791  20%  0.593   0%  0.527  20%\n"
                   "  y             0.263  20%  0.261  60%  0.194  80%\n"
                   "  z             0.632   0%  0.632   0%  0.632   0%\n"
                   "  m             0.400   0%  0.327   0%  0.400   0%\n"
                   "\n"
                   "Why:\n"
                   "  x — review: moves with “综合指数” (ρ = 1.00): one of the two may be enough; the "
                   "spread has narrowed every year since 2018 (CV 0.791 → 0.527)\n"
                   "  y — candidate for exit: 80% of the units are at full points or within 1% of "
                   "the target; the spread has narrowed every year since 2018 (CV 0.263 → 0.194); "
                   "more units reach full "
                   "points every year since 2018 (20% → 80%)\n"
                   "  综合指数 (z) — review: moves with “x” (ρ = 1.00): one of the two may be enough\n"
                   "  m — review: 40% of the units have no value of their own\n");
  kh_test_remove_dir (dir);
}

/* An earlier year whose framework is there but cannot be read (its stored XML damaged, as
 * by someone with sqlite3) is left out of the trend saying so on stderr, not silently; so
 * is 2019, whose computation needs 2018's. No year is left for a trend: the output is that
 * of the year alone (issue 19). */
static void
test_trend_unreadable_year (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-health-cli-XXXXXX", NULL);
  g_autofree char *project = build_project (dir);
  g_auto (GStrv) lines = NULL;
  g_autoptr (KhCliRun) run = NULL;

  g_assert_cmpint (kh_test_raw_exec (project, "UPDATE frameworks SET xml = '<framework' "
                                              "WHERE year = 2018"), ==, 0);
  run = kh_test_cli_run ("health", project, "--year", "2020", "--group", "cities", NULL);
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  /* Each line names the damaged framework where libxml2 stopped (its words its own). */
  lines = g_strsplit (run->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_strdup_printf ("kaohe-cli health: %d is left out of the "
                                                   "trend: %s [framework 2018 city]:1:",
                                                   2018 + i, project);

      g_assert_true (g_str_has_prefix (lines[i], expected));
    }
  g_assert_true (g_str_has_prefix (run->out, "Indicator health: framework health-demo, 2020"));
  g_assert_null (strstr (run->out, "Over the years"));
  kh_test_remove_dir (dir);
}

/* The words of @pdf as pdftotext -raw reads them. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("pdftotext: %s\n", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Every space, tab and line break of @text as one space. */
static char *
one_line (const char *text)
{
  g_autoptr (GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
}

/* The annual report with --robustness of the project above: its health section has the
 * trend below the table — each indicator's CV (2 decimals) · share at full points per
 * year, the figures of test_trend: x 0.79 · 20 %, 0.59 · 0 %, 0.53 · 20 %; y 0.26 · 20 %,
 * 0.26 · 60 %, 0.19 · 80 %; z (named 综合指数) 0.63 · 0 % every year; m 0.40, 0.33, 0.40,
 * none at full points — and the verdicts weigh the trend as kaohe-cli health's do (x
 * narrowing since 2018). A report of 2018, the first year, has no trend. Read back with pdftotext. */
static void
test_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-health-report-XXXXXX", NULL);
  g_autofree char *project = build_project (dir);
  g_autofree char *pdf = g_build_filename (dir, "annual.pdf", NULL);
  g_autofree char *first = g_build_filename (dir, "first.pdf", NULL);
  const char *caption = "Indicator health over the years: the coefficient of variation · "
                        "share of units at full points of each indicator, year by year";
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *first_text = NULL;

  run_ok (kh_test_cli_run ("report", project, "--year", "2020", "--lang", "en", "--robustness",
                           "--runs", "200", "-o", pdf, NULL));
  text = pdf_text (pdf);
  line = one_line (text);
  if (strstr (line, caption) == NULL)
    g_error ("no trend in the report:\n%s", text);
  g_assert_nonnull (strstr (strstr (line, caption), "Indicator 2018 2019 2020 "
                                                    "x 0.79 · 20 % 0.59 · 0 % 0.53 · 20 % "
                                                    "y 0.26 · 20 % 0.26 · 60 % 0.19 · 80 % "
                                                    "综合指数 0.63 · 0 % 0.63 · 0 % 0.63 · 0 % "
                                                    "m 0.40 · 0 % 0.33 · 0 % 0.40 · 0 %"));
  g_assert_nonnull (strstr (line, "the spread has narrowed every year since 2018 (CV 0.791 → "
                                  "0.527)"));
  g_assert_nonnull (strstr (line, "more units reach full points every year since 2018 (20% → "
                                  "80%)"));

  run_ok (kh_test_cli_run ("report", project, "--year", "2018", "--lang", "en", "--robustness",
                           "--runs", "200", "-o", first, NULL));
  first_text = pdf_text (first);
  g_assert_nonnull (strstr (first_text, "Indicator health"));
  g_assert_null (strstr (first_text, "over the years"));
  kh_test_remove_dir (dir);
}

/* Saturation counts a unit at full points or within ε = 1 % of the target (goalposts: hi;
 * target-ratio: target) of an indicator scored towards one. Five units:
 *          g (goalposts 0–200)        t (target-ratio 40, lower is better)
 *   A      200    full points          60     40/60 of the points
 *   B      198.5  |−1.5| ≤ 2: counts   30     full points (40/30 > 1, clamped)
 *   C      198.2  |−1.8| ≤ 2: counts   80
 *   D      197    |−3| > 2: no         40.3   |0.3| ≤ 0.4: counts
 *   E      50                          40.5   |0.5| > 0.4: no
 * g: 3 of 5 (60 %, at full points only: 20 %) → review, in words; t: 2 of 5 (40 %, at full
 * points only: 20 %), no reason. Their scores' ρ (ranks g 5 4 3 2 1, t 2 5 1 4 3:
 * Σd² = 9 + 1 + 4 + 4 + 4 = 22, ρ = 1 − 6·22/(5·24) = −0.10) is no redundancy. */
static void
test_near_target (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-health-target-XXXXXX", NULL);
  g_autofree char *fw = g_build_filename (dir, "target.xml", NULL);
  g_autofree char *csv = g_build_filename (dir, "target.csv", NULL);
  g_autoptr (KhCliRun) run = NULL;
  const char *line = NULL;
  double full = NAN;

  g_assert_true (g_file_set_contents (fw,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"target-demo\" "
    "year=\"2020\" category=\"city\">\n"
    "  <title lang=\"zh-CN\">目标测试</title>\n"
    "  <groups><group id=\"cities\"><tiers mode=\"count\" count=\"2\" values=\"2\"/></group>"
    "</groups>\n"
    "  <root id=\"total\" points=\"20\">\n"
    "    <indicator id=\"g\" points=\"10\"><scoring method=\"goalposts\" lo=\"0\" hi=\"200\"/>"
    "</indicator>\n"
    "    <indicator id=\"t\" points=\"10\" direction=\"lower\">"
    "<scoring method=\"target-ratio\" target=\"40\"/></indicator>\n"
    "  </root>\n"
    "</framework>\n", -1, NULL));
  g_assert_true (g_file_set_contents (csv,
                                      "unit,name,g,t\n"
                                      "A,甲市,200,60\n"
                                      "B,乙市,198.5,30\n"
                                      "C,丙市,198.2,80\n"
                                      "D,丁市,197,40.3\n"
                                      "E,戊市,50,40.5\n", -1, NULL));
  run = kh_test_cli_run ("health", "--framework", fw, "--data", csv, NULL);
  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  /* the columns: nominal, effect, missing, full */
  line = strstr (run->out, "\n  g ");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line + 4, "%*f %*f %*f %lf", &full), ==, 1);
  g_assert_cmpfloat_with_epsilon (full, 0.6, 1e-9);
  line = strstr (run->out, "\n  t ");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line + 4, "%*f %*f %*f %lf", &full), ==, 1);
  g_assert_cmpfloat_with_epsilon (full, 0.4, 1e-9);
  g_assert_nonnull (strstr (run->out, "  g — review: 60% of the units are at full points or "
                                      "within 1% of the target\n"));
  g_assert_null (strstr (run->out, "  t — "));
  g_assert_null (strstr (run->out, "moves with"));
  kh_test_remove_dir (dir);
}

/* Admission check, tests/data/health/pilot.csv, beside the indicators in place above:
 * p_dup  10 10 10 10 6: mean 9.2, sd √((4·.64 + 10.24)/4) = √3.2 = 1.789, CV 0.194;
 *        2 values; Gini Σ|xᵢ − xⱼ| = 2·4·4 = 32, 32/(2·25·9.2) = 0.070; it is y's scores
 *        (25 25 25 25 15) scaled: ρ(y) = 1 → review.
 * p_flat 3 everywhere: CV 0, one value, Gini 0, no correlation → do not admit.
 * p_good 5 1 4 2 —: 1 of 5 missing (0.2, not above 0.2); mean 3, sd √(10/3) = 1.826,
 *        CV 0.609; 4 values; Gini sorted 1 2 4 5: 2·(1+3+4+2+3+1) = 28, 28/(2·16·3) =
 *        0.292. Against x over A–D (5 10 15 20): ranks (4 1 3 2) and (1 2 3 4), d = 3 −1 0 −2,
 *        Σd² = 14, ρ = 1 − 6·14/(4·15) = −0.40 (z's is the same, x comes first; y does not
 *        vary there, m shares two units) → admit. */
static void
test_pilot (void)
{
  g_autofree char *fw = data_path ("health.xml");
  g_autofree char *csv = data_path ("health.csv");
  g_autofree char *pilot = data_path ("pilot.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("health", "--framework", fw, "--data", csv,
                                              "--pilot", pilot, NULL);
  const char *admission = NULL;

  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  admission = strstr (run->out, "\nAdmission check");
  g_assert_nonnull (admission);
  g_assert_cmpstr (admission, ==,
                   "\nAdmission check of the proposed indicators (pilot data):\n"
                   "  indicator    missing     CV values   Gini  closest           ρ  verdict\n"
                   "  p_dup         0.0000  0.194     2  0.070  y              1.00  review\n"
                   "  p_flat        0.0000  0.000     1  0.000  —                 —  do not admit\n"
                   "  p_good        0.2000  0.609     4  0.292  x             -0.40  admit\n"
                   "\n"
                   "Why:\n"
                   "  p_dup — review: moves with “y” (ρ = 1.00): one of the two may be enough\n"
                   "  p_flat — do not admit: every unit scores the same: it tells no one apart\n");
}

/* A bad pilot file: the place is named, nothing is printed. */
static void
test_pilot_refused (void)
{
  g_autofree char *fw = data_path ("health.xml");
  g_autofree char *csv = data_path ("health.csv");
  g_autofree char *dir = g_dir_make_tmp ("kh-health-pilot-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "unit,p\nA,1\nB,x7\n", "bad.csv:3:2: “x7” is not a number" },
    { "unit,p\nA,1\nQ,2\n", "bad.csv:3: no unit “Q” in the data of 2020" },
    { "unit,,p\nA,1,2\n", "bad.csv:1:2: a proposed indicator needs a name in the header" },
    { "unit\nA\n", "bad.csv: no pilot values" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KhCliRun) run = NULL;

      g_assert_true (g_file_set_contents (bad, cases[i].text, -1, NULL));
      run = kh_test_cli_run ("health", "--framework", fw, "--data", csv, "--pilot", bad, NULL);
      g_assert_cmpint (run->status, ==, 1);
      g_assert_cmpstr (run->out, ==, "");
      if (strstr (run->err, cases[i].message) == NULL)
        g_error ("expected “%s” in: %s", cases[i].message, run->err);
    }
  kh_test_remove_dir (dir);
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
  g_test_add_func ("/cli/health/trend", test_trend);
  g_test_add_func ("/cli/health/trend-unreadable-year", test_trend_unreadable_year);
  g_test_add_func ("/cli/health/near-target", test_near_target);
  g_test_add_func ("/cli/health/report", test_report);
  g_test_add_func ("/cli/health/pilot", test_pilot);
  g_test_add_func ("/cli/health/pilot-refused", test_pilot_refused);
  g_test_add_func ("/cli/health/refused", test_refused);
  return g_test_run ();
}
