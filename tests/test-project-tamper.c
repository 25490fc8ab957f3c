/* test-project-tamper.c — what a sealed year covers, and tampering verify must name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds a project (units.csv, framework-2020.xml, data-2020.csv; computed
 * and sealed where the tampering needs it), changes it with a plain sqlite3 connection
 * the way someone holding the file would, and checks that kh_project_verify() names
 * the change.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "io/kh-project-private.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("kh-tamper-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE); /* 2021-01-01T00:00:00Z */
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
import_units (KhProject  *project,
              const char *name,
              GError    **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, error);

  g_assert_nonnull (table);
  return kh_project_import_units (project, table, name, error);
}

/* Audit rows: #1 create, #2 units, #3 framework, #4 import; with @seal also #5
 * compute and #6 seal. The project is closed. */
static void
build_project (Fixture *f,
               gboolean seal)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (f->path, &error);
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autofree char *data = data_path ("data-2020.csv");
  g_autofree char *xml = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_true (import_units (project, "units.csv", &error));
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error));
  table = kh_csv_read_file (data, NULL, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table (table, "data-2020.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, 2020, set, "data-2020.csv", &error));
  g_assert_no_error (error);
  if (seal)
    {
      g_assert_true (kh_project_compute_and_store (project, 2020, &error));
      g_assert_true (kh_project_seal (project, 2020, &error));
      g_assert_no_error (error);
    }
}

/* Verifies @path (read-only, integrity_check at the open, as `kaohe-cli verify` does);
 * returns the problems. */
static GPtrArray *
verify (const char *path,
        gint64     *seq)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_to_verify (path, &error);
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;

  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  return problems;
}

static void
assert_problem (GPtrArray  *problems,
                const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], text) != NULL)
      return;
  g_error ("no problem holds “%s”", text);
}

/* Whether the text of 2020 now, compared as it is written, is the sealed one but for the
 * schema line: as verify finds it before it makes the text whole (only when not). */
static gboolean
sealed_year_matches (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sealed = NULL;
  gboolean same = FALSE;
  int format;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (kh_project_get_db (project),
                                       "SELECT detail FROM audit_log WHERE action = 'seal' "
                                       "AND year = 2020",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sealed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  format = kh_project_snapshot_get_format (sealed);
  g_assert_true (kh_project_snapshot_matches (project, 2020, format, sealed, &same, &error));
  g_assert_no_error (error);
  return same;
}

static void
test_untouched (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  problems = verify (f->path, &seq);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (seq, ==, 6);
  g_assert_true (sealed_year_matches (f->path));
}

/* The last audit row (the import, #4) deleted: the values it wrote stay, and name it. */
static void
test_tail_deleted (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, FALSE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER audit_log_no_delete;"
                                              "DELETE FROM audit_log WHERE seq = 4;"
                                              "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON "
                                              "audit_log\nBEGIN SELECT RAISE (ABORT, 'the audit "
                                              "log is append-only'); END"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  /* The chain itself is whole (#1–#3) and the trigger was put back as it was: the only
   * trace is data-2020.csv's 9 cells (3 units × gdp, pm25, pop; nantong's empty pm25 is
   * stored as a missing value). */
  g_assert_cmpint (seq, ==, 3);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "audit log: row #4 is missing, but 9 rows of “data_values” (year "
                            "2020) were written by it (rows were deleted from the log)");
}

/* Values that name as their writer an audit row of another kind (#3, the framework's):
 * verify's first, cheap question (a row-value NOT IN) finds them, and the query after it
 * names them — nanjing's 3 cells of data-2020.csv (gdp, pm25, pop). */
static void
test_writer_of_another_kind (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, FALSE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "UPDATE data_values SET audit_seq = 3 "
                                              "WHERE unit_id = 'nanjing'"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  g_assert_cmpint (seq, ==, 4);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "audit log: 3 rows of “data_values” (year 2020) claim to be "
                            "written by row #3, which is a “framework” of another year or kind "
                            "(they were changed outside Kaohe)");
}

/* Who imported a sealed value, from which file, row and column, and when. */
static void
test_provenance_changed (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER data_values_sealed_update;"
                                              "UPDATE data_values SET source_file = 'official.csv', "
                                              "edited_by = 'director' WHERE unit_id = 'nanjing' "
                                              "AND field = 'pm25'"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  /* nanjing's pm25 is in row 2 (after the header), column 4 of data-2020.csv. */
  assert_problem (problems, "year 2020 (sealed in audit row #6): the provenance (file, row, "
                            "column, editor, time) of the value of unit “nanjing”, field “pm25” "
                            "was changed from “data-2020.csv, 2, 4, tester, 2021-01-01T00:00:00Z” "
                            "to “official.csv, 2, 4, director, 2021-01-01T00:00:00Z”");
  assert_problem (problems, "the protective trigger “data_values_sealed_update” is missing");
  g_assert_cmpuint (problems->len, ==, 2);
}

/* Renaming a city of a sealed year: Kaohe refuses it (the import names the row and
 * column; the database's trigger refuses the row itself); done behind its back, verify
 * names it. */
static void
test_unit_renamed (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *renamed = g_build_filename (f->dir, "renamed.csv", NULL);
  g_autoptr (KhCsvTable) table = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (renamed,
                                      "id,name_zh,category,group\n"
                                      "suzhou,姑苏市,city,cities\n",
                                      -1, NULL));
  table = kh_csv_read_file (renamed, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kh_project_import_units (project, table, "renamed.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "renamed.csv: row 2, column 2: unit “suzhou” is "
                                            "named “苏州市” in 2020, which is sealed"));
  g_clear_error (&error);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT count(*) FROM unit_years WHERE name_zh = '苏州市'"),
                   ==, 1);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (kh_test_raw_exec (f->path, "UPDATE unit_years SET name_zh = '姑苏市' "
                                              "WHERE unit_id = 'suzhou' AND year = 2020"),
                   ==, SQLITE_CONSTRAINT);

  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER unit_years_sealed_update;"
                                              "UPDATE unit_years SET name_zh = '姑苏市', "
                                              "group_id = NULL "
                                              "WHERE unit_id = 'suzhou' AND year = 2020"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  assert_problem (problems, "year 2020 (sealed in audit row #6): unit “suzhou” (its category, "
                            "names, group and parent) was changed from “city, 苏州市, , Suzhou, "
                            "cities, , ” to “city, 姑苏市, , Suzhou, , , ”");
  assert_problem (problems, "the protective trigger “unit_years_sealed_update” is missing");
}

/* A trigger that multiplies every imported value by 1.1. */
static void
test_extra_trigger (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "CREATE TRIGGER inflate AFTER INSERT ON data_values "
                                              "BEGIN UPDATE data_values SET value = value * 1.1 "
                                              "WHERE year = NEW.year AND unit_id = NEW.unit_id "
                                              "AND field = NEW.field; END"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "an extra trigger “inflate” that Kaohe did not create (the database "
                            "was changed outside Kaohe): CREATE TRIGGER inflate AFTER INSERT ON "
                            "data_values BEGIN UPDATE");
  /* The schema line now differs from the sealed one, and is left out as before. */
  g_assert_true (sealed_year_matches (f->path));
}

/* A protective trigger replaced by a no-op of the same name. */
static void
test_noop_trigger (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER data_values_sealed_update;"
                                              "CREATE TRIGGER data_values_sealed_update BEFORE "
                                              "UPDATE ON data_values BEGIN SELECT 1; END"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "the trigger “data_values_sealed_update” is not the one Kaohe created "
                            "(its SQL was changed outside Kaohe): CREATE TRIGGER "
                            "data_values_sealed_update BEFORE UPDATE ON data_values BEGIN SELECT "
                            "1; END");
}

/* A year sealed while the schema had an extra trigger: the seal records the schema's
 * hash, so removing the trigger afterwards still leaves a trace. */
static void
test_sealed_with_foreign_schema (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, FALSE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "CREATE TRIGGER spy AFTER INSERT ON notes "
                                              "BEGIN SELECT 1; END"),
                   ==, SQLITE_OK);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER spy"), ==, SQLITE_OK);

  problems = verify (f->path, &seq);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "year 2020 (sealed in audit row #6): the year was sealed with a schema "
                            "(version " G_STRINGIFY (KH_PROJECT_SCHEMA_VERSION) ") that is not the "
                            "one Kaohe creates");
}

/* Values, results and the year itself changed consistently with a recomputed result:
 * the seal's snapshot still names every change (the chain head changing is the business
 * of signed seals). */
static void
test_result_computed_at (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER results_sealed_update;"
                                              "UPDATE results SET computed_at = "
                                              "'2020-12-31T00:00:00Z' WHERE unit_id = 'nantong'"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  assert_problem (problems, "year 2020 (sealed in audit row #6): the time the result of unit "
                            "“nantong” was computed was changed from “2021-01-01T00:00:00Z” to "
                            "“2020-12-31T00:00:00Z”");
}

/* A node score of a sealed year changed outside Kaohe: the seal names the change, and
 * recomputing the year gives the score it had (verify compares the scores as numbers and
 * prints them only when they differ, issue 22). */
static void
test_score_changed (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *sealed = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *recomputed = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT score FROM result_scores WHERE year = 2020 "
                                       "AND unit_id = 'nantong' AND node_id = 'total'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sealed = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                      sqlite3_column_double (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (sealed, !=, "0.25");

  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER result_scores_sealed_update;"
                                              "UPDATE result_scores SET score = 0.25 "
                                              "WHERE year = 2020 AND unit_id = 'nantong' "
                                              "AND node_id = 'total'"),
                   ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  changed = g_strdup_printf ("year 2020 (sealed in audit row #6): the score of unit “nantong”, "
                             "node “total” was changed from “%s” to “0.25”",
                             sealed);
  recomputed = g_strdup_printf ("year 2020: recomputing gives unit “nantong” a different score "
                                "on node “total”: stored “0.25”, recomputed “%s”",
                                sealed);
  /* The trigger dropped, the change, and the recomputation. */
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpstr (problems->pdata[0], ==, "the protective trigger “result_scores_sealed_update” "
                                           "is missing (the database was changed outside Kaohe)");
  g_assert_cmpstr (problems->pdata[1], ==, changed);
  g_assert_cmpstr (problems->pdata[2], ==, recomputed);
}

/* Values stored out of their key's order (schema version 11 keeps them in the b-tree of
 * their primary key, without a rowid or another index): the gdp rows written again while
 * the table was declared with the fields in descending order, then the declaration put
 * back. quick_check does not compare the rows' order with the key's, so an ordinary open
 * passes, but a search by key misses such rows. Verify names them from integrity_check,
 * run at the open by kh_project_open_to_verify(), as it did when it ran integrity_check
 * itself after kh_project_open_readonly(). (In version 10 the same test changed a value in
 * the table but not in the covering index data_values_read.) */
static void
test_index_out_of_step (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) plain = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) plain_problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0, plain_seq = 0;

  build_project (f, FALSE);
  g_assert_cmpint (kh_test_raw_exec (f->path, "CREATE TABLE gdp AS SELECT * FROM data_values "
                                              "WHERE field = 'gdp';"
                                              "DELETE FROM data_values WHERE field = 'gdp'"),
                   ==, SQLITE_OK);
  g_assert_cmpint (kh_test_raw_exec (f->path, "PRAGMA writable_schema = ON;"
                                              "UPDATE sqlite_master SET sql = replace (sql, "
                                              "'PRIMARY KEY (year, unit_id, field)', "
                                              "'PRIMARY KEY (year, unit_id, field DESC)') "
                                              "WHERE name = 'data_values'"),
                   ==, SQLITE_OK);
  g_assert_cmpint (kh_test_raw_exec (f->path, "INSERT INTO data_values SELECT * FROM gdp;"
                                              "DROP TABLE gdp"),
                   ==, SQLITE_OK);
  g_assert_cmpint (kh_test_raw_exec (f->path, "PRAGMA writable_schema = ON;"
                                              "UPDATE sqlite_master SET sql = replace (sql, "
                                              "'field DESC)', 'field)') "
                                              "WHERE name = 'data_values'"),
                   ==, SQLITE_OK);

  problems = verify (f->path, &seq);
  /* The units' gdp rows (data-2020.csv) each after the unit's pm25 and pop rows, which it
   * precedes ("gdp" < "pm25" < "pop"): "row not in PRIMARY KEY order for data_values" (and
   * SQLite then reads such a row's last columns as NULL: "NULL value in
   * data_values.edited_by"); the schema is as Kaohe made it, the chain whole (#1–#4). */
  g_assert_cmpint (seq, ==, 4);
  g_assert_cmpuint (problems->len, >=, 1);
  for (guint i = 0; i < problems->len; i++)
    {
      g_test_message ("%s", (char *) problems->pdata[i]);
      g_assert_true (g_str_has_prefix (problems->pdata[i], "integrity_check: "));
      g_assert_nonnull (strstr (problems->pdata[i], "data_values"));
    }
  g_assert_cmpstr (problems->pdata[0], ==,
                   "integrity_check: row not in PRIMARY KEY order for data_values");

  /* An ordinary open passes (quick_check), and verify running integrity_check itself
   * names the very same problems. */
  plain = kh_project_open_readonly (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (plain, plain_problems, &plain_seq, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plain_seq, ==, seq);
  g_assert_cmpuint (plain_problems->len, ==, problems->len);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpstr (plain_problems->pdata[i], ==, problems->pdata[i]);
}

/* Every problem verify names, in their order. */
static void
assert_problems (GPtrArray         *problems,
                 const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, problems->len); i++)
    g_assert_cmpstr (problems->pdata[i], ==, expected[i]);
  g_assert_cmpuint (problems->len, ==, n);
}

/* A sealed year changed by @sql (its triggers dropped there) names what verify named when
 * it held the year's whole text (issue 22: verify now compares the text as it writes it,
 * and makes it whole only when something differs): @expected, every problem in order.
 * The seal's snapshot (audit row #6) ends with the value lines of nanjing, nantong and
 * suzhou (gdp, pm25, pop), their source lines, the results, computed times and the scores
 * (gdp, pm25, total) in the same order. */
static void
assert_sealed_tampering (Fixture           *f,
                         const char        *sql,
                         const char *const *expected)
{
  g_autoptr (GPtrArray) problems = NULL;
  gint64 seq = 0;

  build_project (f, TRUE);
  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  problems = verify (f->path, &seq);
  g_assert_cmpint (seq, ==, 6);
  assert_problems (problems, expected);
  g_assert_false (sealed_year_matches (f->path));
}

/* The first value line. */
static void
test_sealed_value_changed (Fixture      *f,
                           gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “data_values_sealed_update” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the value of unit “nanjing”, field “gdp” was changed "
    "from “14817.950000000001” to “14817.959999999999”",
    "year 2020, category “city”: recomputing gives unit “nanjing” a different result: stored "
    "total 68.309980067494237, rank 2, tier 2, previous rank 0, change 0, awards “”; recomputed "
    "total 68.310039272956914, rank 2, tier 2, previous rank 0, change 0, awards “”",
    "year 2020: recomputing gives unit “nanjing” a different score on node “total”: stored "
    "“68.309980067494237”, recomputed “68.310039272956914”",
    "year 2020: recomputing gives unit “nanjing” a different score on node “gdp”: stored "
    "“28.309980067494234”, recomputed “28.310039272956914”",
    "year 2020, category “city”: the standings kept for computing the next year differ from "
    "the year computed from its values, at unit “nanjing” (kept: rank 2, total "
    "68.309980067494237; computed: rank 2, total 68.310039272956914): they were changed "
    "outside Kaohe",
    "year 2020, category “city”: the packed copy of the year's values differs from the stored "
    "values, at unit “nanjing”: it was changed outside Kaohe",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER data_values_sealed_update;"
                           "UPDATE data_values SET value = 14817.96 "
                           "WHERE unit_id = 'nanjing' AND field = 'gdp'",
                           expected);
}

/* The last source line, just before the results. */
static void
test_sealed_last_provenance_changed (Fixture      *f,
                                     gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “data_values_sealed_update” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the provenance (file, row, column, editor, time) of "
    "the value of unit “suzhou”, field “pop” was changed from “data-2020.csv, 3, 5, tester, "
    "2021-01-01T00:00:00Z” to “data-2020.csv, 9, 5, tester, 2021-01-01T00:00:00Z”",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER data_values_sealed_update;"
                           "UPDATE data_values SET source_row = 9 "
                           "WHERE unit_id = 'suzhou' AND field = 'pop'",
                           expected);
}

/* A missing value: a line less in both the value and the source lines. */
static void
test_sealed_value_deleted (Fixture      *f,
                           gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “data_values_sealed_delete” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the value of unit “nantong”, field “pm25” was deleted "
    "(sealed: “”)",
    "year 2020 (sealed in audit row #6): the provenance (file, row, column, editor, time) of "
    "the value of unit “nantong”, field “pm25” was deleted (sealed: “data-2020.csv, 4, 4, "
    "tester, 2021-01-01T00:00:00Z”)",
    "year 2020, category “city”: the packed copy of the year's values differs from the stored "
    "values, at unit “nantong”: it was changed outside Kaohe",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER data_values_sealed_delete;"
                           "DELETE FROM data_values WHERE unit_id = 'nantong' AND field = 'pm25'",
                           expected);
}

/* An extra value, after the last one: a line more in both. */
static void
test_sealed_value_added (Fixture      *f,
                         gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “data_values_sealed_insert” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the value of unit “suzhou”, field “zzz” was added "
    "(now: “1”)",
    "year 2020 (sealed in audit row #6): the provenance (file, row, column, editor, time) of "
    "the value of unit “suzhou”, field “zzz” was added (now: “, , , x, y”)",
    "year 2020, category “city”: the packed copy of the year's values differs from the stored "
    "values, at the fields: it was changed outside Kaohe",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER data_values_sealed_insert;"
                           "INSERT INTO data_values (year, unit_id, field, value, edited_by, "
                           "edited_at, audit_seq) VALUES (2020, 'suzhou', 'zzz', 1, 'x', 'y', 4)",
                           expected);
}

/* The snapshot's last line. */
static void
test_sealed_last_line_changed (Fixture      *f,
                               gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “result_scores_sealed_update” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the score of unit “suzhou”, node “total” was changed "
    "from “98” to “97”",
    "year 2020: recomputing gives unit “suzhou” a different score on node “total”: stored "
    "“97”, recomputed “98”",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER result_scores_sealed_update;"
                           "UPDATE result_scores SET score = 97 "
                           "WHERE unit_id = 'suzhou' AND node_id = 'total'",
                           expected);
}

/* The text now shorter than the sealed one. */
static void
test_sealed_last_line_deleted (Fixture      *f,
                               gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “result_scores_sealed_delete” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the score of unit “suzhou”, node “total” was deleted "
    "(sealed: “98”)",
    "year 2020: recomputing gives unit “suzhou” a different score on node “total”: stored “”, "
    "recomputed “98”",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER result_scores_sealed_delete;"
                           "DELETE FROM result_scores WHERE unit_id = 'suzhou' "
                           "AND node_id = 'total'",
                           expected);
}

/* The text now longer than the sealed one. */
static void
test_sealed_line_added_at_end (Fixture      *f,
                               gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “result_scores_sealed_insert” is missing (the database was changed "
    "outside Kaohe)",
    "year 2020 (sealed in audit row #6): the score of unit “suzhou”, node “zzz” was added "
    "(now: “1.5”)",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER result_scores_sealed_insert;"
                           "INSERT INTO result_scores VALUES (2020, 'suzhou', 'zzz', 1.5)",
                           expected);
}

/* The seal's own text one LF longer: it differs from the year's text, which names no
 * line (an empty one is none), and the chain names the row. */
static void
test_sealed_text_longer (Fixture      *f,
                         gconstpointer data)
{
  static const char *const expected[] = {
    "the protective trigger “audit_log_no_update” is missing (the database was changed "
    "outside Kaohe)",
    "audit log: row #6 (seal, 2021-01-01T00:00:00Z by tester) was changed after it was "
    "written (its hash does not match its content)",
    NULL
  };

  assert_sealed_tampering (f,
                           "DROP TRIGGER audit_log_no_update;"
                           "UPDATE audit_log SET detail = detail || char (10) "
                           "WHERE action = 'seal'",
                           expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tamper/untouched", test_untouched);
  ADD ("/tamper/tail-deleted", test_tail_deleted);
  ADD ("/tamper/writer-of-another-kind", test_writer_of_another_kind);
  ADD ("/tamper/provenance-changed", test_provenance_changed);
  ADD ("/tamper/unit-renamed", test_unit_renamed);
  ADD ("/tamper/extra-trigger", test_extra_trigger);
  ADD ("/tamper/noop-trigger", test_noop_trigger);
  ADD ("/tamper/sealed-with-foreign-schema", test_sealed_with_foreign_schema);
  ADD ("/tamper/result-computed-at", test_result_computed_at);
  ADD ("/tamper/score-changed", test_score_changed);
  ADD ("/tamper/index-out-of-step", test_index_out_of_step);
  ADD ("/tamper/sealed/value-changed", test_sealed_value_changed);
  ADD ("/tamper/sealed/last-provenance-changed", test_sealed_last_provenance_changed);
  ADD ("/tamper/sealed/value-deleted", test_sealed_value_deleted);
  ADD ("/tamper/sealed/value-added", test_sealed_value_added);
  ADD ("/tamper/sealed/last-line-changed", test_sealed_last_line_changed);
  ADD ("/tamper/sealed/last-line-deleted", test_sealed_last_line_deleted);
  ADD ("/tamper/sealed/line-added-at-end", test_sealed_line_added_at_end);
  ADD ("/tamper/sealed/text-longer", test_sealed_text_longer);
#undef ADD

  return g_test_run ();
}
