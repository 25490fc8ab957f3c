/* test-report-robustness.c — `kaohe-cli report --robustness`: rank intervals, tier chances
 * and the statistical audit in the annual report, read back with pdftotext
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (and, since issue 16, each indicator's health after the audit)
 * The project is the robustness page's (tests/data/ui for 2019 and 2020, the indicators
 * that agree in tests/data/charts-view for 2021). Every figure below is worked out by hand
 * in the comments.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *tmp_dir;
static char *project;

static char *
data_path (const char *dir,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", dir, name, NULL);
}

static void
check_run (KhCliRun *run)
{
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static void
build_project (void)
{
  g_autofree char *units = data_path ("ui", "units.csv");

  project = g_build_filename (tmp_dir, "robustness.kaohe", NULL);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("new", project, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", project, "--units", units, NULL);
    check_run (run);
  }
  for (int year = 2019; year <= 2021; year++)
    {
      const char *dir = year == 2021 ? "charts-view" : "ui";
      g_autofree char *y = g_strdup_printf ("%d", year);
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = data_path (dir, fw_name);
      g_autofree char *data = data_path (dir, data_name);
      g_autoptr (KhCliRun) a = kh_test_cli_run ("import", project, "--year", y, "--framework", fw, NULL);
      g_autoptr (KhCliRun) b = NULL;

      check_run (a);
      b = kh_test_cli_run ("import", project, "--year", y, data, NULL);
      check_run (b);
    }
}

/* The PDF's text in reading order, one table row a line (pdftotext -raw); a cell that
 * wraps (a narrow column) joins its line with a space. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_printerr ("pdftotext: %s\n", err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return out;
}

static char *
one_line (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (s, *p == '\n' ? ' ' : *p);
  return g_string_free (s, FALSE);
}

/* The report of @year with --robustness, in English; its text. */
static char *
report_text (const char *year,
             const char *name)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("report", project, "--year", year, "--lang", "en",
                                              "--robustness", "-o", pdf, NULL);

  check_run (run);
  return pdf_text (pdf);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the report:\n%s", needle, text);
}

/* 2020: gdp_growth 8 6 5 2 (min–max → 1, ⅔, ½, 0), PM2.5 54 42 30 60, lower is better
 * (→ 0.2, 0.6, 1, 0), survey 90 80 70 85 (→ 1, ½, 0, ¾); tiers by count 1, 2, rest. */
static void
test_annual_2020 (void)
{
  g_autofree char *text = report_text ("2020", "r2020.pdf");

  assert_has (text, "Robustness of the ranking: every weight ± 25 %, 10000 runs (seed 1)");
  /* City D has the lowest GDP growth and the worst PM2.5: its development score is 0
   * whatever the two indicators' weights, and its survey part (¾ of 20 = 15 points) is
   * below every other unit's development part alone (City C's, the least: at least
   * 80 · (0.625 · ½ + 0.375 · 1) = 55 with the weights 25 % apart): last in every run,
   * so the third tier (the rest after 1 + 2) in every run. */
  assert_has (text, "4 City D 4 4–4 0 % 0 % 100 %");
  /* City B is never first: median 2, and never in the first tier */
  assert_has (text, "2 City B 2 2–3 0 %");
  assert_has (text, "No flag: no indicator correlates negatively with its own dimension");
  /* α = k/(k − 1) · (1 − Σ var / var Σ), k = 2, sample variances:
   * GDP growth (1, ⅔, ½, 0): 0.1736; PM2.5 (0.2, 0.6, 1, 0): 0.1967;
   * sums (1.2, 1.267, 1.5, 0): 0.4536 → 2 · (1 − 0.3703 / 0.4536) = 0.367 */
  assert_has (text, "Cronbach's α of Development results (2 parts, 4 units): 0.37");
  /* the papers in points: development 80 · (0.6, 0.633, 0.75, 0) = (48, 50.67, 60, 0),
   * variance 725.8; satisfaction 20 · (1, ½, 0, ¾) = (20, 10, 0, 15), variance 72.92;
   * totals (68, 60.67, 60, 15), variance 586.5 → 2 · (1 − 798.7 / 586.5) = −0.72 */
  assert_has (text, "Cronbach's α of Total score (2 parts, 4 units): -0.72");
  /* Indicator health. Nominal: development is 80 of 100 points, the mean of its two
   * indicators: 0.40 each; satisfaction 0.20. Effective: r² with the totals above,
   * normalised (done apart with Python's statistics.correlation): 0.7114, 0.2673, 0.0212 —
   * the survey weighs 20 % and decides 2 %. Full points: after min–max the best unit of
   * each indicator is at full points, 1 of 4 = 25 %. CV (sample sd / mean): GDP growth
   * (1, ⅔, ½, 0): mean 0.5417, Σ squared deviations 0.5208, sd √(0.5208/3) = 0.4167,
   * 0.77; PM2.5 (0.2, 0.6, 1, 0) 0.99; survey (1, ½, 0, ¾) 0.76. Redundancy is judged by
   * Spearman's ρ of the scores (Pearson's r of PM2.5 and the survey is −0.90, but that is
   * not what counts): ranks GDP growth (4, 3, 2, 1), PM2.5 (2, 3, 4, 1), survey (4, 2, 1,
   * 3); ρ = 1 − 6 Σd² / (n (n² − 1)), n (n² − 1) = 60: GDP–PM2.5 Σd² = 4 + 0 + 4 + 0 = 8,
   * ρ = 0.2; GDP–survey Σd² = 0 + 1 + 1 + 4 = 6, ρ = 0.4; PM2.5–survey Σd² = 4 + 1 + 9 +
   * 4 = 18, ρ = −0.8 (checked apart with an average-rank Spearman in Python:
   *   def ranks(v): s = sorted(v); return [s.index(x) + (s.count(x) + 1) / 2 for x in v]
   *   def rho(a, b): ra, rb = ranks(a), ranks(b); m = (len(a) + 1) / 2
   *       return sum((x - m) * (y - m) for x, y in zip(ra, rb)) / sqrt(sum((x - m) ** 2
   *              for x in ra) * sum((y - m) ** 2 for y in rb))
   * → 0.2, 0.4, −0.8). No |ρ| > 0.9: every indicator keeps. */
  assert_has (text, "GDP growth 0.40 0.71 25 % 0.77 keep");
  assert_has (text, "PM2.5 annual mean 0.40 0.27 25 % 0.99 keep");
  assert_has (text, "Public satisfaction 0.20 0.02 25 % 0.76 keep");
  g_assert_null (strstr (text, "moves with"));
}

/* 2021: the three indicators put the units in the same order (gdp 3 5 7 9, PM2.5 60 50 40
 * 30 with lower better, survey 70 80 85 90): nothing can move the ranking, and every two
 * indicators have Spearman ρ = 1 (GDP growth and PM2.5 also Pearson r = 1: both go up by
 * the same steps after min–max). */
static void
test_annual_2021 (void)
{
  g_autofree char *text = report_text ("2021", "r2021.pdf");

  assert_has (text, "1 City D 1 1–1 100 % 0 %");
  assert_has (text, "4 City A 4 4–4 0 % 0 %");
  assert_has (text, "GDP growth and PM2.5 annual mean say nearly the same (|ρ| > 0.9) 1.00 1.00");
  g_assert_null (strstr (text, "No flag"));
}

/* The unit report: City D's profile has its own figures of 2020 (see above). */
static void
test_unit_2020 (void)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, "unit.pdf", NULL);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("report", project, "--year", "2020", "--lang", "en", "--kind", "unit",
                                              "--unit", "d", "--robustness", "--runs", "1000", "-o", pdf, NULL);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  check_run (run);
  text = pdf_text (pdf);
  line = one_line (text);
  assert_has (line, "Robustness over 1000 runs, weights ± 25 % Median rank 4 Rank 5–95 % 4–4 "
                    "P(Tier 1) 0 % P(Tier 2) 0 % P(Tier 3) 100 %");
  /* the profile is City D's alone */
  g_assert_null (strstr (text, "City A"));
}

/* Without --robustness the report is as before; with it, not the comparison, and the
 * range and runs are checked. */
static void
test_options (void)
{
  g_autofree char *plain = g_build_filename (tmp_dir, "plain.pdf", NULL);
  g_autofree char *refused = g_build_filename (tmp_dir, "refused.pdf", NULL);
  g_autoptr (KhCliRun) a = kh_test_cli_run ("report", project, "--year", "2020", "--lang", "en", "-o", plain, NULL);
  g_autoptr (KhCliRun) b = kh_test_cli_run ("report", project, "--year", "2020", "--kind", "compare", "--robustness",
                                            "-o", refused, NULL);
  g_autoptr (KhCliRun) c = kh_test_cli_run ("report", project, "--year", "2020", "--robustness", "--range", "0",
                                            "-o", refused, NULL);
  g_autoptr (KhCliRun) d = kh_test_cli_run ("report", project, "--year", "2020", "--robustness", "--runs", "0",
                                            "-o", refused, NULL);
  g_autofree char *text = NULL;

  check_run (a);
  text = pdf_text (plain);
  g_assert_null (strstr (text, "Robustness"));
  g_assert_null (strstr (text, "Cronbach"));
  g_assert_null (strstr (text, "Indicator health"));
  g_assert_cmpint (b->status, !=, 0);
  g_assert_nonnull (strstr (b->err, "--robustness goes with the annual or unit report"));
  g_assert_cmpint (c->status, !=, 0);
  g_assert_nonnull (strstr (c->err, "--range takes a percentage from 1 to 90"));
  g_assert_cmpint (d->status, !=, 0);
  g_assert_nonnull (strstr (d->err, "--runs takes a whole number"));
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
}

/* A spec stored for 2020's cities (kaohe-cli sensitivity --store-spec) is what the report
 * analyses, and its caption says so: one input leaving out one indicator, 300 runs asked,
 * 100 design rows × (1 input + 2) = 300 runs made, the spec's default seed 1. */
static void
test_stored_spec (void)
{
  g_autofree char *spec = g_build_filename (tmp_dir, "stored.ini", NULL);
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autoptr (KhCliRun) store = NULL;
  g_autoptr (KhCliRun) clear = NULL;

  g_assert_true (g_file_set_contents (spec, "[sensitivity]\nruns = 300\n"
                                            "[input out]\nkind = leave-out\nindicators = *\n", -1, NULL));
  store = kh_test_cli_run ("sensitivity", project, "--year", "2020", "--category", "city",
                           "--store-spec", spec, NULL);
  check_run (store);
  raw = report_text ("2020", "stored.pdf");
  text = one_line (raw);
  assert_has (text, "Robustness of the ranking: the uncertain inputs of the spec stored for 2020 “city”, 300 runs (seed 1)");
  g_assert_null (strstr (text, "every weight ± 25 %"));
  clear = kh_test_cli_run ("sensitivity", project, "--year", "2020", "--category", "city",
                           "--clear-spec", NULL);
  check_run (clear);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kh-report-robustness-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  build_project ();

  g_test_add_func ("/report/robustness/annual-2020", test_annual_2020);
  g_test_add_func ("/report/robustness/annual-2021", test_annual_2021);
  g_test_add_func ("/report/robustness/unit-2020", test_unit_2020);
  g_test_add_func ("/report/robustness/options", test_options);
  g_test_add_func ("/report/robustness/stored-spec", test_stored_spec);
  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
