/* test-survey-project.c — a survey in a project, end to end through kaohe-cli: the sheet
 * imported (raters only as salted hashes: the file's bytes are scanned), all or nothing
 * with row/column errors (CSV and XLSX), scored into the survey's field with the survey as provenance,
 * a rater excluded with a reason (audited), and a project older than surveys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/surveys/sheet-city.csv is the sheet of kh-test-survey.c written with real
 * looking identities (phone numbers, deputies' names and ID numbers): public raters
 * 13800000001…13800000013 are p1…p13, 王/李/赵代表 are d1/d2/d3. Its figures are worked out
 * there and in test-survey.c: a = 76, b missing (two deputies, below 3), d missing (no
 * answer), and c = 80 with p13 excluded — before that exclusion c's public answers are
 * 0 60 100 100 0, sorted 0 0 60 100 100, one dropped at each end: (0 + 60 + 100)/3 = 53.33.
 *
 * Issue 19: every case runs on project files (/survey-project/sqlite/…) and on databases
 * of a throwaway PostgreSQL server made ready by `kaohe-cli init-server` (/pg/…), asserting
 * the same. On a server the audit log names the login and --user is refused: what is run
 * with `--user bob` on a file logs in as bob (an administrator) there, and the same names
 * are asserted.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-survey.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *tmp_dir;
static KhPgHarness *pg;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "surveys", name, NULL);
}

static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
}

/* @target as @user would name it: a file as it is (given --user @user, see user_option());
 * on a server, which refuses --user, the URI logging in as @user (one of the
 * administrators new_project() makes). */
static char *
login_as (const char *target,
          const char *user)
{
  if (!kh_db_target_is_server (target))
    return g_strdup (target);
  g_assert_true (g_str_has_suffix (target, "&user=kaohe"));
  return g_strdup_printf ("%.*s%s", (int) (strlen (target) - strlen ("kaohe")), target, user);
}

/* "--user" for a file; NULL on a server, which ends kaohe-cli's arguments there. */
static const char *
user_option (const char *target)
{
  return kh_db_target_is_server (target) ? NULL : "--user";
}

/* new + units + the survey's framework for 2020 (+ the sheet when @sheet): a file @name, or
 * a database named after it on the server, made ready by init-server. */
static char *
new_project (gconstpointer data,
             const char   *name,
             gboolean      sheet)
{
  g_autofree char *path = NULL;
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("survey-city.xml");
  g_autofree char *csv = data_path ("sheet-city.csv");
  g_autofree char *bob = NULL;
  g_autoptr (KhCliRun) created = NULL, with_units = NULL, with_fw = NULL, imported = NULL;

  if (GPOINTER_TO_INT (data) == KH_DB_SQLITE)
    {
      path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
      created = kh_test_cli_run ("new", path, "--user", "alice", NULL);
      assert_ok (created);
    }
  else
    {
      g_autofree char *dbname = g_strndup (name, strcspn (name, "."));
      KhDb *admin = NULL;

      g_strdelimit (dbname, "-", '_');
      path = kh_pg_harness_new_database (pg, dbname);
      created = kh_test_cli_run ("init-server", path, NULL);
      assert_ok (created);
      /* The logins of the names given with --user (roles are the server's, not a
       * database's: made once). */
      admin = kh_pg_harness_open (pg);
      kh_pg_harness_exec (admin, "DO $$ BEGIN\n"
                                 "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bob') "
                                 "THEN CREATE ROLE bob LOGIN IN ROLE kaohe_admin; END IF;\n"
                                 "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carol') "
                                 "THEN CREATE ROLE carol LOGIN IN ROLE kaohe_admin; END IF;\n"
                                 "END $$");
      kh_db_close (admin);
    }
  with_units = kh_test_cli_run ("import", path, "--units", units, NULL);
  assert_ok (with_units);
  with_fw = kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL);
  assert_ok (with_fw);
  if (sheet)
    {
      bob = login_as (path, "bob");
      imported = kh_test_cli_run ("survey", "import", bob, "--year", "2020", csv,
                                  user_option (path), "bob", NULL);
      assert_ok (imported);
      /* 13 public raters with one answer each; d1 and d2 answer twice on a and once on b,
       * d3 twice on a: 13 + 8 = 21 answers of 16 raters. */
      g_assert_cmpstr (imported->out, ==,
                       "sheet-city.csv: 21 answers of 16 raters imported into the 2020 survey\n");
    }
  return g_steal_pointer (&path);
}

static gint64
count (const char *path,
       const char *sql)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (path, &error);
  gint64 n;

  g_assert_no_error (error);
  n = kh_pg_harness_count (db, sql);
  kh_db_close (db);
  return n;
}

/* The project's rows as text (kh_pg_harness_store_rows()). */
static char *
store_rows (const char *path)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (path, &error);
  char *rows;

  g_assert_no_error (error);
  rows = kh_pg_harness_store_rows (db);
  kh_db_close (db);
  return rows;
}

static char *
rater_hash (const char *path,
            const char *identity)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  char *hash;

  g_assert_no_error (error);
  hash = kh_project_survey_rater_hash (project, identity, &error);
  g_assert_no_error (error);
  return hash;
}

static gboolean
bytes_contain (const char *bytes,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_import_score_exclude (gconstpointer data)
{
  g_autofree char *path = new_project (data, "survey.kaohe", TRUE);
  g_autofree char *p1 = rater_hash (path, "13800000001");
  g_autofree char *p13 = rater_hash (path, " 13800000013 ");
  g_autofree char *bytes = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *excluded_line = NULL;
  g_autoptr (KhCliRun) before = NULL, no_reason = NULL, exclude = NULL, again = NULL;
  g_autoptr (KhCliRun) after = NULL, quality = NULL, chart = NULL, no_unit = NULL;
  g_autoptr (KhCliRun) no_output = NULL;
  g_autofree char *png = g_build_filename (tmp_dir, "chart-a.png", NULL);
  g_autofree char *png_bytes = NULL;
  gsize png_len = 0;
  const char *identities[] = { "13800000001", "13800000013", "110101196001011234",
                               "王代表", "李代表", "赵代表" };
  gsize len = 0;

  /* The hash is HMAC-SHA-256 in hex, of the identity without surrounding spaces. */
  g_assert_cmpuint (strlen (p1), ==, 64);
  g_assert_cmpstr (p1, !=, p13);

  before = kh_test_cli_run ("survey", "score", path, "--year", "2020", NULL);
  assert_ok (before);
  /* a 76; b: the deputies' 2 raters are below 3 → missing; c 53.33 with p13 still in;
   * d: nobody → missing; the deputies do not rate c or d. */
  g_assert_cmpstr (before->out, ==,
                   "unit\tscore\tpublic:n\tpublic:trimmed\tdeputies:n\tdeputies:trimmed\n"
                   "a\t76.00\t5\t73.33\t3\t80.00\n"
                   "b\t\t3\t100.00\t2\tbelow\n"
                   "c\t53.33\t5\t53.33\t-\t-\n"
                   "d\t\t0\tbelow\t-\t-\n"
                   "the 2020 survey “sat2020” scored into “public_satisfaction”: 4 units, "
                   "2 missing\n");

  /* Excluding needs a reason. */
  no_reason = kh_test_cli_run ("survey", "quality", path, "--year", "2020", "--exclude", p13,
                               NULL);
  g_assert_cmpint (no_reason->status, ==, 2);
  g_assert_nonnull (strstr (no_reason->err, "--reason is required"));
  {
    g_autofree char *prefix = g_strndup (p13, 10);
    g_autofree char *carol = login_as (path, "carol");

    exclude = kh_test_cli_run ("survey", "quality", carol, "--year", "2020", "--exclude", prefix,
                               "--reason", "answered twice under two numbers",
                               user_option (path), "carol", NULL);
  }
  assert_ok (exclude);
  excluded_line = g_strdup_printf ("%.12s\tpublic\t1\t\t\texcluded: answered twice under two "
                                   "numbers\n",
                                   p13);
  g_assert_nonnull (strstr (exclude->out, excluded_line));
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log WHERE action = 'survey-exclude' "
                                "AND user_name = 'carol' AND detail LIKE '%reason=answered twice%'"),
                   ==, 1);
  again = kh_test_cli_run ("survey", "quality", path, "--year", "2020", "--exclude", p13,
                           "--reason", "again", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "is already excluded"));

  after = kh_test_cli_run ("survey", "score", path, "--year", "2020", NULL);
  assert_ok (after);
  /* c: 0 60 100 100 → drop 0 and one 100 → 80. */
  g_assert_nonnull (strstr (after->out, "c\t80.00\t4\t80.00\t-\t-\n"));

  /* The scores are the year's values of the field, with the survey as provenance. */
  g_assert_cmpint (count (path, "SELECT count(*) FROM data_values WHERE year = 2020 AND field = "
                                "'public_satisfaction' AND source_file = 'survey sat2020'"),
                   ==, 4);
  g_assert_cmpint (count (path, "SELECT round(value * 1000) FROM data_values WHERE unit_id = 'a' "
                                "AND field = 'public_satisfaction'"),
                   ==, 76000);
  g_assert_cmpint (count (path, "SELECT round(value * 1000) FROM data_values WHERE unit_id = 'c' "
                                "AND field = 'public_satisfaction'"),
                   ==, 80000);
  g_assert_cmpint (count (path, "SELECT count(*) FROM data_values WHERE unit_id IN ('b', 'd') "
                                "AND field = 'public_satisfaction' AND value IS NULL"),
                   ==, 2);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log WHERE action = 'survey-import' "
                                "AND user_name = 'bob' AND detail LIKE '%raters=16%answers=21%'"),
                   ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log WHERE action = 'survey-score'"),
                   ==, 2);

  /* Deputies: d1, d2 rated both a and b the same way: W = 1, ICC(2,k) = 1 (worked out in
   * test-survey-quality.c); no invitation declared, so no response rate. */
  quality = kh_test_cli_run ("survey", "quality", path, "--year", "2020", NULL);
  assert_ok (quality);
  g_assert_nonnull (strstr (quality->out, "deputies\t3\t5\t\t1.000\t1.000\t0\n"));
  /* Public: 12 raters left, 12 ratings of 40 invited (10 per unit × 4) = 0.300. */
  g_assert_nonnull (strstr (quality->out, "public\t12\t12\t0.300\t\t\t0\t("));

  /* A unit's chart, drawn from the stored sheet (charts/kh-survey-chart.h). */
  chart = kh_test_cli_run ("survey", "chart", path, "--year", "2020", "--unit", "a", "-o", png,
                           NULL);
  assert_ok (chart);
  g_assert_true (g_file_get_contents (png, &png_bytes, &png_len, NULL));
  g_assert_cmpuint (png_len, >, 8);
  g_assert_cmpmem (png_bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  no_unit = kh_test_cli_run ("survey", "chart", path, "--year", "2020", "--unit", "x", "-o", png,
                             NULL);
  g_assert_cmpint (no_unit->status, ==, 1);
  g_assert_nonnull (strstr (no_unit->err, "no unit “x” in the 2020 survey “sat2020”"));
  no_output = kh_test_cli_run ("survey", "chart", path, "--year", "2020", "--unit", "a", NULL);
  g_assert_cmpint (no_output->status, ==, 2);

  /* No identity anywhere in the store's rows (the file's bytes too), while the hashes are
   * there. */
  rows = store_rows (path);
  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    g_assert_null (strstr (rows, identities[i]));
  g_assert_nonnull (strstr (rows, p1));
  g_assert_nonnull (strstr (rows, p13));
  if (GPOINTER_TO_INT (data) == KH_DB_SQLITE)
    {
      g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
        g_assert_false (bytes_contain (bytes, len, identities[i]));
      g_assert_true (bytes_contain (bytes, len, p1));
      g_assert_true (bytes_contain (bytes, len, p13));
    }
}

/* Every problem of the sheet at once, at its row and column; nothing changes. */
static void
test_import_errors (gconstpointer data)
{
  g_autofree char *path = new_project (data, "errors.kaohe", TRUE);
  g_autofree char *bad = data_path ("sheet-errors.csv");
  gint64 audit = count (path, "SELECT count(*) FROM audit_log");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("survey", "import", path, "--year", "2020", bad,
                                              NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==,
                   "sheet-errors.csv: row 3, column 1: no rater\n"
                   "sheet-errors.csv: row 4, column 2: “citizens” is no rater class of survey "
                   "“sat2020”\n"
                   "sheet-errors.csv: row 5, column 3: unknown unit “x”\n"
                   "sheet-errors.csv: row 6, column 4: “quality” is no item of survey "
                   "“sat2020”\n"
                   "sheet-errors.csv: row 7, column 5: “很满意” is not an answer of scale "
                   "“sat3” (满意, 基本满意, 不满意)\n"
                   "sheet-errors.csv: row 8, column 3: the class “deputies” does not rate unit "
                   "“c”\n"
                   "sheet-errors.csv: row 9, column 2: the rater answers as “deputies” here "
                   "but as “public” at row 2\n"
                   "sheet-errors.csv: row 10, column 4: a second answer of the rater to item "
                   "“overall” on unit “a” (the first is at row 2)\n"
                   "sheet-errors.csv: row 11, column 5: “100.5” is not a number from 0 to 100 "
                   "(scale “pct”)\n");
  /* The earlier sheet is still there, whole, and nothing was audited. */
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_responses"), ==, 21);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log"), ==, audit);
}

/* The same sheet as a workbook (tests/data/surveys/make-xlsx.py): the phone numbers and
 * the service scores are numbers in it, as Excel stores what is typed, and row 3 is empty.
 * It imports the same answers of the same raters (hashed from the same identities) and
 * scores the same; a workbook with one bad cell, E5 (sheet row 5: the CSV's third answer,
 * 13800000003's 基本满意 changed to 很满意), is refused at that row and column, in a fresh
 * project (nothing stored, no salt) and in one holding the sheet (kept whole). */
static void
test_import_xlsx (gconstpointer data)
{
  g_autofree char *path = new_project (data, "xlsx.kaohe", FALSE);
  g_autofree char *fresh = new_project (data, "xlsx-fresh.kaohe", FALSE);
  g_autofree char *xlsx = data_path ("sheet-city.xlsx");
  g_autofree char *bad = data_path ("sheet-bad.xlsx");
  g_autofree char *p1 = NULL;
  g_autoptr (KhCliRun) refused = NULL, imported = NULL, scored = NULL, again = NULL;
  gint64 audit = count (fresh, "SELECT count(*) FROM audit_log");
  const char *bad_line = "sheet-bad.xlsx: row 5, column 5: “很满意” is not an answer of scale "
                         "“sat3” (满意, 基本满意, 不满意)\n";

  refused = kh_test_cli_run ("survey", "import", fresh, "--year", "2020", bad, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_cmpstr (refused->err, ==, bad_line);
  g_assert_cmpint (count (fresh, "SELECT count(*) FROM survey_responses"), ==, 0);
  g_assert_cmpint (count (fresh, "SELECT count(*) FROM survey_salt"), ==, 0);
  g_assert_cmpint (count (fresh, "SELECT count(*) FROM audit_log"), ==, audit);

  imported = kh_test_cli_run ("survey", "import", path, "--year", "2020", xlsx, NULL);
  assert_ok (imported);
  g_assert_cmpstr (imported->out, ==, "sheet-city.xlsx: 21 answers of 16 raters imported into the 2020 survey\n");
  /* 13800000001, stored by Excel as a number, is the rater the CSV names so */
  p1 = rater_hash (path, "13800000001");
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_responses"), ==, 21);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM survey_responses WHERE rater = '%s'", p1);

    g_assert_cmpint (count (path, sql), ==, 1);
  }
  /* the figures of the CSV (see the top of this file) */
  scored = kh_test_cli_run ("survey", "score", path, "--year", "2020", NULL);
  assert_ok (scored);
  g_assert_true (g_str_has_prefix (scored->out,
                                   "unit\tscore\tpublic:n\tpublic:trimmed\tdeputies:n\tdeputies:trimmed\n"
                                   "a\t76.00\t5\t73.33\t3\t80.00\n"
                                   "b\t\t3\t100.00\t2\tbelow\n"
                                   "c\t53.33\t5\t53.33\t-\t-\n"
                                   "d\t\t0\tbelow\t-\t-\n"));

  audit = count (path, "SELECT count(*) FROM audit_log");
  again = kh_test_cli_run ("survey", "import", path, "--year", "2020", bad, NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_cmpstr (again->err, ==, bad_line);
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_responses"), ==, 21);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log"), ==, audit);
}

/* A header without the columns the sheet needs; a sealed year refuses a new sheet. */
static void
test_header_and_seal (gconstpointer data)
{
  g_autofree char *path = new_project (data, "header.kaohe", TRUE);
  g_autofree char *header = g_build_filename (tmp_dir, "header.csv", NULL);
  g_autofree char *csv = data_path ("sheet-city.csv");
  g_autoptr (KhCliRun) run = NULL, score = NULL, sealed = NULL, seal = NULL;

  g_assert_true (g_file_set_contents (header, "rater,unit,item,value\nx,a,overall,满意\n", -1,
                                      NULL));
  run = kh_test_cli_run ("survey", "import", path, "--year", "2020", header, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==,
                   "header.csv: no column “class” (the header needs rater, class, unit, item "
                   "and score; time is optional)\n"
                   "header.csv: no column “score” (the header needs rater, class, unit, item "
                   "and score; time is optional)\n");

  score = kh_test_cli_run ("survey", "score", path, "--year", "2020", NULL);
  assert_ok (score);
  seal = kh_test_cli_run ("seal", path, "--year", "2020", NULL);
  assert_ok (seal);
  sealed = kh_test_cli_run ("survey", "import", path, "--year", "2020", csv, NULL);
  g_assert_cmpint (sealed->status, ==, 1);
  g_assert_nonnull (strstr (sealed->err, "year 2020 is sealed: its survey cannot change"));
  /* The triggers refuse a change behind Kaohe's back too. */
  {
    g_autoptr (GError) error = NULL;
    KhDb *raw = kh_db_open (path, &error);

    g_assert_no_error (error);
    kh_pg_harness_exec_refused_as (raw, "DELETE FROM survey_responses", KH_DB_ERROR_RAISED);
    kh_db_close (raw);
  }
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_responses"), ==, 21);
}

/* A project written before surveys (schema 1): read-only it is read as it is; opened for
 * writing it gains the survey tables and a salt, and takes a sheet. */
static void
test_older_project (gconstpointer data)
{
  g_autofree char *path = new_project (data, "old.kaohe", FALSE);
  g_autofree char *csv = data_path ("sheet-city.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bad = data_path ("sheet-errors.csv");
  g_autoptr (KhCliRun) imported = NULL, refused = NULL;

  /* (Versions 3's to 14's additions go too: the units' triggers, the writers' columns,
   * the settings table, units through time, their short names and aliases, the sensitivity
   * specs, the framework history, the covering index of the values, the entered
   * recommendations, the values stored without a rowid — the values' table is made again
   * as version 1 wrote it, with its triggers —, the declared order of units, the kept
   * standings and the packed values.) */
  g_assert_cmpint (kh_test_raw_exec (path, "DROP TABLE packed_years; DROP TABLE values_packed; "
                                           "DROP TABLE standings; DROP TABLE standing_units; "
                                           "ALTER TABLE units DROP COLUMN position; "
                                           "CREATE TABLE data_values_copy AS SELECT year, "
                                           "unit_id, field, value, source_file, source_row, "
                                           "source_column, edited_by, edited_at FROM "
                                           "data_values; "
                                           "DROP TABLE data_values; "
                                           "CREATE TABLE data_values (\n"
                                           "  year INTEGER NOT NULL REFERENCES years (year),\n"
                                           "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
                                           "  field TEXT NOT NULL,\n"
                                           "  value DOUBLE PRECISION,\n"
                                           "  source_file TEXT,\n"
                                           "  source_row INTEGER,\n"
                                           "  source_column INTEGER,\n"
                                           "  edited_by TEXT NOT NULL,\n"
                                           "  edited_at TEXT NOT NULL,\n"
                                           "  PRIMARY KEY (year, unit_id, field)\n"
                                           ");\n"
                                           "INSERT INTO data_values SELECT * FROM data_values_copy; "
                                           "DROP TABLE data_values_copy; "
                                           "CREATE TRIGGER data_values_sealed_insert BEFORE INSERT "
                                           "ON data_values\n"
                                           "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year "
                                           "AND sealed = 1)\n"
                                           "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
                                           "CREATE TRIGGER data_values_sealed_update BEFORE UPDATE "
                                           "ON data_values\n"
                                           "WHEN EXISTS (SELECT 1 FROM years WHERE year IN "
                                           "(OLD.year, NEW.year) AND sealed = 1)\n"
                                           "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
                                           "CREATE TRIGGER data_values_sealed_delete BEFORE DELETE "
                                           "ON data_values\n"
                                           "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year "
                                           "AND sealed = 1)\n"
                                           "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
                                           "DROP TABLE recommendation_units; "
                                           "DROP TABLE recommendation_lists; "
                                           "DROP TABLE framework_versions; "
                                           "DROP TABLE sensitivity_specs; DROP TABLE unit_aliases; "
                                           "ALTER TABLE units DROP COLUMN short_name; "
                                           "ALTER TABLE units DROP COLUMN parent_id; "
                                           "DROP TABLE unit_years; DROP TABLE unit_links; "
                                           "DROP TABLE published_results; "
                                           "DROP TABLE settings; "
                                           "DROP TABLE survey_responses; DROP TABLE "
                                           "survey_exclusions; DROP TABLE survey_salt; "
                                           "DROP TRIGGER units_sealed_insert; "
                                           "DROP TRIGGER units_sealed_update; "
                                           "DROP TRIGGER units_sealed_delete; "
                                           "ALTER TABLE units DROP COLUMN audit_seq; "
                                           "ALTER TABLE frameworks DROP COLUMN audit_seq; "
                                           "ALTER TABLE results DROP COLUMN audit_seq; "
                                           "PRAGMA user_version = 1"),
                   ==, SQLITE_OK);
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  sheet = kh_project_load_survey_sheet (project, 2020, NULL, &error);
  g_assert_null (sheet);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "predates surveys"));
  g_clear_error (&error);
  /* verify does not miss the survey tables' triggers in a project that never had them. */
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&project, kh_project_close);

  /* A sheet refused: the project is upgraded, but gets no salt yet (a project without
   * surveys stays reproducible byte for byte). */
  refused = kh_test_cli_run ("survey", "import", path, "--year", "2020", bad, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_cmpint (count (path, "PRAGMA user_version"), ==, KH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_salt"), ==, 0);
  imported = kh_test_cli_run ("survey", "import", path, "--year", "2020", csv, NULL);
  assert_ok (imported);
  g_assert_cmpint (count (path, "SELECT length(salt) FROM survey_salt"), ==, 64);
  g_assert_cmpint (count (path, "SELECT count(*) FROM survey_responses"), ==, 21);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  static const struct
  {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "import-score-exclude", test_import_score_exclude },
    { "import-errors", test_import_errors },
    { "import-xlsx", test_import_xlsx },
    { "header-and-seal", test_header_and_seal },
  };

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("kh-survey-project-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  kh_pg_harness_start_if_installed (&pg, "/survey-project/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/survey-project/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/survey-project/pg/%s", cases[k].name);

      g_test_add_data_func (sqlite, GINT_TO_POINTER (KH_DB_SQLITE), cases[k].func);
      if (pg != NULL)
        g_test_add_data_func (postgresql, GINT_TO_POINTER (KH_DB_POSTGRESQL), cases[k].func);
    }
  /* A file of schema version 1 upgraded when opened: about the file. */
  g_test_add_data_func ("/survey-project/sqlite/older-project", GINT_TO_POINTER (KH_DB_SQLITE),
                        test_older_project);
  status = kh_pg_harness_run_and_stop (&pg);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
