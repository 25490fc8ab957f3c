/* test-document-survey.c — a value scored from a survey says so in its provenance; a
 * rater excluded in the app scores the survey again into the stored values, undoably
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-survey-project.c, built through kaohe-cli: the survey's scores are
 * stored into public_satisfaction with the survey as their source (no row or column),
 * which the document reports as "From survey sat2020, by U at T" rather than as an edit.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <math.h>
#include <sqlite3.h>

#include "io/kh-io-error.h"
#include "io/kh-project-survey.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document.h"

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

static void
test_survey_provenance (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-survey-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *sheet = g_build_filename (data, "sheet-city.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autofree char *provenance = NULL;
  g_autofree char *gdp = NULL;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("survey", "import", path, "--year", "2020", sheet, NULL));
  run_ok (kh_test_cli_run ("survey", "score", path, "--year", "2020", "--user", "bob", NULL));

  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  provenance = kh_document_get_provenance (doc, "a", "public_satisfaction");
  g_assert_true (g_str_has_prefix (provenance, "From survey sat2020, by bob at "));
  /* A value nobody stored has no provenance. */
  gdp = kh_document_get_provenance (doc, "a", "gdp");
  g_assert_null (gdp);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

static char *
build_project (const char *dir)
{
  char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *sheet = g_build_filename (data, "sheet-city.csv", NULL);

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("survey", "import", path, "--year", "2020", sheet, NULL));
  run_ok (kh_test_cli_run ("survey", "score", path, "--year", "2020", NULL));
  return path;
}

/* The value stored in the file (a connection of its own); NaN when NULL or absent. */
static double
stored_value (const char *path,
              const char *unit)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = NAN;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM data_values WHERE year = 2020 AND "
                                           "unit_id = ? AND field = 'public_satisfaction'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
audit_count (const char *path,
             const char *action)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'",
                                          action);
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  n = kh_test_raw_count (db, sql);
  sqlite3_close (db);
  return n;
}

/* c's satisfaction paper in the document's plan (points of public_satisfaction). */
static double
c_points (KhDocument *doc)
{
  KhPlan *plan = kh_document_get_plan (doc);

  return kh_plan_get_node_score (plan, kh_plan_find_unit (plan, "c"),
                                 kh_plan_find_node (plan, "public_satisfaction"));
}

/* c's public raters answer 不满意 基本满意 满意 满意 不满意: 0 60 100 100 0, trimmed by one at
 * each end → (60 + 100 + 0)/3 = 160/3 = 53.33, stored by `survey score`; scored with
 * floor 60 and 40 points: 40 · clamp((53.33 − 60)/40, 0, 1) = 0 points. Excluding
 * 13800000013 (the last 不满意) leaves 0 60 100 100 → (60 + 100)/2 = 80 → 40 · 20/40 = 20
 * points. Unit a (public 73.33, deputies 80 → 0.6 · 73.33 + 0.4 · 80 = 76) is untouched. */
static void
test_exclude_rescores (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-survey-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *provenance = NULL;

  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 160.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (c_points (doc), 0, 1e-9);
  g_assert_cmpint (audit_count (path, "survey-score"), ==, 1);

  /* Without a reason: refused, nothing changes, no undo step. */
  hash = kh_project_survey_rater_hash (kh_document_get_project (doc), "13800000013", &error);
  g_assert_no_error (error);
  g_assert_false (kh_document_survey_exclude (doc, hash, TRUE, " ", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 160.0 / 3, 1e-9);

  /* Excluded by a prefix of its hash: the stored value, the dataset and the plan follow. */
  hash[12] = '\0';
  g_assert_true (kh_document_survey_exclude (doc, hash, TRUE, "answered twice", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "a"), 76, 1e-9);
  g_assert_cmpfloat_with_epsilon (c_points (doc), 20, 1e-9);
  g_assert_cmpint (audit_count (path, "survey-exclude"), ==, 1);
  g_assert_cmpint (audit_count (path, "survey-score"), ==, 2);
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Exclude Rater");
  provenance = kh_document_get_provenance (doc, "c", "public_satisfaction");
  g_assert_true (g_str_has_prefix (provenance, "From survey sat2020, by "));
  /* Excluded twice: io's message, nothing more audited. */
  g_assert_false (kh_document_survey_exclude (doc, hash, TRUE, "again", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (path, "survey-score"), ==, 2);

  /* Undo takes the exclusion back (audited) and scores again: 53.33 and 0 points. */
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 160.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (c_points (doc), 0, 1e-9);
  g_assert_cmpint (audit_count (path, "survey-include"), ==, 1);
  g_assert_cmpint (audit_count (path, "survey-score"), ==, 3);
  /* Redo excludes again: 80. */
  g_assert_true (kh_document_redo (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (c_points (doc), 20, 1e-9);
  g_assert_cmpint (audit_count (path, "survey-exclude"), ==, 2);

  /* Taken back from the app: 53.33 again, one more undo step. */
  g_assert_true (kh_document_survey_exclude (doc, hash, FALSE, "checked: one answer", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stored_value (path, "c"), 160.0 / 3, 1e-9);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 2);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/survey-provenance", test_survey_provenance);
  g_test_add_func ("/document/survey-exclude-rescores", test_exclude_rescores);
  return g_test_run ();
}
