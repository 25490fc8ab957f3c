/* test-report-survey.c — `kaohe-cli report --surveys`: a satisfaction survey's aggregates
 * per unit and rater class in the annual report, read back with pdftotext, and never a rater
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is test-survey-project's: tests/data/surveys/survey-city.xml (classes
 * public 群众, weight 0.6, and deputies, weight 0.4, both at least 3 raters, one score
 * dropped at each end; deputies rate a and b only) with sheet-city.csv. A rater's score
 * is the item-weighted mean of the answers on 0–100 (满意 100, 基本满意 60, 不满意 0;
 * service, weight 2, as given). Every figure below is worked out by hand; SD is the
 * sample standard deviation (n − 1).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "io/kh-project-survey.h"
#include "io/kh-project.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *tmp_dir;
static char *project;

/* The raters of sheet-city.csv as the office knows them. */
static const char *const identities[] = {
  "13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006",
  "13800000007", "13800000008", "13800000009", "13800000010", "13800000011", "13800000012",
  "13800000013", "王代表 110101196001011234", "李代表 110101196502022345", "赵代表 110101197003033456",
};

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "surveys", name, NULL);
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
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("survey-city.xml");
  g_autofree char *csv = data_path ("sheet-city.csv");

  project = g_build_filename (tmp_dir, "survey.kaohe", NULL);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("new", project, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", project, "--units", units, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", project, "--year", "2020", "--framework", fw, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("survey", "import", project, "--year", "2020", csv, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("survey", "score", project, "--year", "2020", NULL);
    check_run (run);
  }
}

/* The PDF's text, one table row a line (pdftotext -raw), every line break a space: a cell
 * that wraps in its narrow column joins the rest of its row. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_printerr ("pdftotext: %s\n", err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_strdelimit (out, "\n", ' ');
  return g_steal_pointer (&out);
}

static char *
report_text (const char *name,
             gboolean    surveys)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("report", project, "--year", "2020", "--lang", "en", "-o", pdf,
                                              surveys ? "--surveys" : NULL, NULL);

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

/* Neither a rater's identity nor the hash stored for it (nor its first 8 hex digits,
 * which kaohe-cli survey quality --exclude accepts) is anywhere in @text. */
static void
assert_no_rater (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) p = kh_project_open_readonly (project, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      g_autofree char *hash = kh_project_survey_rater_hash (p, identities[i], &error);
      g_autofree char *prefix = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (hash), ==, 64);
      prefix = g_strndup (hash, 8);
      g_assert_null (strstr (text, identities[i]));
      g_assert_null (strstr (text, prefix));
    }
  g_assert_null (strstr (text, "代表"));
  g_assert_null (strstr (text, "138000"));
}

static void
test_section (void)
{
  g_autofree char *text = report_text ("surveys.pdf", TRUE);

  /* the survey's English name (survey-city.xml) */
  assert_has (text, "Satisfaction survey: raters per unit and class, scores on 0–100 "
                    "(trimmed mean: 1 score dropped at each end) Unit Rater class n Mean Trimmed mean SD "
                    "Range Score Note");
  /* Unit Class n Mean Trimmed SD Range Score Note.
   * 甲市 (a), public: 满意 基本满意 基本满意 不满意 满意 = 100 60 60 0 100, n 5, mean 320/5 = 64;
   * sorted 0 60 60 100 100, trimmed (60 + 60 + 100)/3 = 73.33; deviations −64 −4 −4 36 36,
   * squares 6720, /4 = 1680, SD 40.99. Score 0.6 · 73.33 + 0.4 · 80 = 44 + 32 = 76. */
  assert_has (text, "甲市 群众 5 64.00 73.33 40.99 0.00–100.00 76.00");
  /* a, deputies: 王 (100 + 2·70)/3 = 80, 李 (60 + 2·90)/3 = 80, 赵 (0 + 2·45)/3 = 30: mean
   * 190/3 = 63.33, trimmed 80 (30 80 80 → 80), deviations 16.67 16.67 −33.33, squares
   * 1666.67, /2 = 833.33, SD 28.87 */
  assert_has (text, "deputies 3 63.33 80.00 28.87 30.00–80.00");
  /* 丙市 (c), public only: 不满意 基本满意 满意 满意 不满意 = 0 60 100 100 0: mean 52,
   * trimmed (0 + 60 + 100)/3 = 53.33; deviations −52 8 48 48 −52, squares 10080, /4 = 2520,
   * SD 50.20; the score is the public's alone: 53.33 */
  assert_has (text, "丙市 群众 5 52.00 53.33 50.20 0.00–100.00 53.33");
  /* 乙市 (b): public 100 100 60, mean 86.67, trimmed 100, deviations 13.33 13.33 −26.67,
   * squares 1066.67, /2 = 533.33, SD 23.09; no score, since the deputies (王 and 李, 满意
   * each: 100 100) are 2, below their minimum of 3: mean 100, no trimmed mean, SD 0 */
  assert_has (text, "乙市 群众 3 86.67 100.00 23.09 60.00–100.00 —");
  assert_has (text, "deputies 2 100.00 — 0.00 100.00–100.00 below the minimum of 3 raters: no score");
  /* 丁市 (d): nobody answered */
  assert_has (text, "丁市 群众 0 — — — — — below the minimum of 3 raters: no score");
  assert_no_rater (text);
}

/* A rater excluded (with a reason) takes no part in the report's figures either. */
static void
test_excluded (void)
{
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhProject) p = kh_project_open_readonly (project, &error);

    g_assert_no_error (error);
    hash = kh_project_survey_rater_hash (p, "13800000013", &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("survey", "quality", project, "--year", "2020", "--exclude",
                                                hash, "--reason", "answered twice", NULL);
    check_run (run);
  }
  text = report_text ("excluded.pdf", TRUE);
  /* c without p13 (不满意, 0): 0 60 100 100, mean 65, trimmed (60 + 100)/2 = 80;
   * deviations −65 −5 35 35, squares 6700, /3 = 2233.33, SD 47.26 */
  assert_has (text, "丙市 群众 4 65.00 80.00 47.26 0.00–100.00 80.00");
  g_assert_null (strstr (text, "answered twice"));
  assert_no_rater (text);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("survey", "quality", project, "--year", "2020", "--include",
                                                hash, "--reason", "checked: one answer", NULL);
    check_run (run);
  }
}

/* Without --surveys the report has no survey section; it goes with the annual report only. */
static void
test_options (void)
{
  g_autofree char *text = report_text ("plain.pdf", FALSE);
  g_autofree char *refused = g_build_filename (tmp_dir, "refused.pdf", NULL);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("report", project, "--year", "2020", "--kind", "unit", "--surveys",
                                              "-o", refused, NULL);

  g_assert_null (strstr (text, "raters per unit and class"));
  g_assert_null (strstr (text, "Trimmed mean"));
  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, "--surveys goes with the annual report"));
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_REPORT_DATE", "2021-03-01", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kh-report-survey-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  build_project ();
  g_test_add_func ("/report-survey/section", test_section);
  g_test_add_func ("/report-survey/excluded", test_excluded);
  g_test_add_func ("/report-survey/options", test_options);
  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
