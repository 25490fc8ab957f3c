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
#undef ADD

  return g_test_run ();
}
