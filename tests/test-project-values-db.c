/* test-project-values-db.c — one value's edit through the store (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_project_set_value() and kh_project_edit_value() (kh-project-values-db.c) on a project
 * file and on a project in a throwaway server's database (kh-pg-harness.h): the value and
 * its audit row written together, the chain intact; an edit based on a value the cell no
 * longer holds refused with both values and who stored the newer one when (two
 * connections, one blocked behind the other on the server); an evaluator's edit outside
 * its scopes refused by name, nothing written; a writer killed between its upsert and its
 * commit leaves nothing; a server stopped and started again between edits. The cases on
 * PostgreSQL are skipped, with a message, only when its programs are not installed.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "io/kh-audit.h"
#include "io/kh-csv.h"
#include "io/kh-db-schema.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-private.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  KhProject *project;
  KhDb *raw; /* a second connection to the same store */
  char *dir;
  char *target; /* the file's path or the server's URI */
} Fixture;

static void
raw_exec (Fixture    *f,
          const char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_db_exec (f->raw, sql, &error));
  g_assert_no_error (error);
}

static gint64
raw_count (Fixture    *f,
           const char *sql)
{
  return kh_pg_harness_count (f->raw, sql);
}

/* The stored row of 2020's @unit/@field as "value|edited_by|source_file|audit_seq is the
 * seq of the last 'edit' row" — the value as %.17g, "-" for NULL — or "none". */
static char *
raw_cell (Fixture    *f,
          const char *unit,
          const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt =
    kh_db_prepare (f->raw,
                   "SELECT value, edited_by, source_file, "
                   "audit_seq = (SELECT MAX (seq) FROM audit_log WHERE action = 'edit') "
                   "FROM data_values WHERE year = 2020 AND unit_id = ? AND field = ?",
                   &error);
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  kh_db_bind_text (stmt, 1, unit);
  kh_db_bind_text (stmt, 2, field);
  if (kh_db_step (stmt, &error) != KH_DB_STEP_ROW)
    {
      g_assert_no_error (error);
      return g_strdup ("none");
    }
  value = kh_db_column_is_null (stmt, 0) ? g_strdup ("-")
                                         : kh_project_format_double (kh_db_column_double (stmt, 0));
  return g_strdup_printf ("%s|%s|%s|%s", value, kh_db_column_text (stmt, 1),
                          kh_db_column_is_null (stmt, 2) ? "-" : kh_db_column_text (stmt, 2),
                          kh_db_column_int64 (stmt, 3) != 0 ? "last" : "older");
}

/* The 'edit' rows of the audit log, "user|year|detail;" each, in order. */
static char *
raw_edits (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (f->raw,
                                             "SELECT user_name, year, detail FROM audit_log "
                                             "WHERE action = 'edit' ORDER BY seq",
                                             &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    g_string_append_printf (out, "%s|%s|%s;", kh_db_column_text (stmt, 0),
                            kh_db_column_text (stmt, 1), kh_db_column_text (stmt, 2));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* The audit chain intact and not empty (kh_pg_harness_assert_chain()). */
static void
assert_chain (KhDb *db)
{
  g_assert_cmpint (kh_pg_harness_assert_chain (db), >, 0);
}

/* A project file, or an empty database made ready as init-server makes it; the sample's
 * units and 2020's framework. */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), TRUE, &f->raw, &f->dir,
                                          &f->target);
  kh_project_set_user (f->project, "kaohe");
  kh_pg_harness_add_sample (f->project);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  if (f->dir != NULL)
    {
      kh_test_remove_dir (f->dir);
      g_free (f->dir);
    }
  g_free (f->target);
}

/* kh_project_set_value() on both stores: the value bit for bit, the writer, no source, the
 * audit row of the edit (old and new) naming it; clearing; an unknown field, a unit of no
 * framework and a sealed year refused by name, nothing written. The same edit through
 * kh_project_edit_value() writes the same. */
static void
test_set (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cell = NULL;
  g_autofree char *edits = NULL;
  gint64 audit_rows;

  g_assert_true (kh_project_set_value (f->project, 2020, "南京市", "gdp", 0.1 + 0.2, &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "0.30000000000000004|kaohe|-|last");
  g_clear_pointer (&cell, g_free);
  g_assert_true (kh_project_set_value (f->project, 2020, "nanjing", "gdp", NAN, &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "-|kaohe|-|last");
  g_clear_pointer (&cell, g_free);
  /* Based on the empty cell: saved. */
  g_assert_true (kh_project_edit_value (f->project, 2020, "nanjing", "gdp", NAN, 5e-324, NULL,
                                        &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "4.9406564584124654e-324|kaohe|-|last");
  edits = raw_edits (f);
  g_assert_cmpstr (edits, ==,
                   "kaohe|2020|unit=nanjing\nfield=gdp\nold=\nnew=0.30000000000000004;"
                   "kaohe|2020|unit=nanjing\nfield=gdp\nold=0.30000000000000004\nnew=;"
                   "kaohe|2020|unit=nanjing\nfield=gdp\nold=\nnew=4.9406564584124654e-324;");

  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  g_assert_false (kh_project_set_value (f->project, 2020, "nanjing", "area", 1, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unknown field “area”"));
  g_clear_error (&error);
  g_assert_false (kh_project_edit_value (f->project, 2020, "chongchuan", "gdp", NAN, 1, NULL,
                                         &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "category “county”, which has no framework in 2020"));
  g_clear_error (&error);
  raw_exec (f, "UPDATE years SET sealed = 1 WHERE year = 2020");
  g_assert_false (kh_project_set_value (f->project, 2020, "nanjing", "gdp", 2, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values"), ==, 1);
  assert_chain (f->raw);
}

/* An edit based on what its editor saw: a cell another writer changed since is refused
 * with both values and who stored the newer one when, nothing written; based on the
 * value now, saved. */
static void
test_conflict (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) other = NULL;
  g_autoptr (KhValueConflict) conflict = NULL;
  g_autofree char *at = NULL;
  g_autofree char *cell = NULL;
  gboolean server = GPOINTER_TO_INT (data) == KH_DB_POSTGRESQL;
  gint64 audit_rows, seq;

  /* A second writer, on its own connection. */
  other = kh_project_open (f->target, &error);
  g_assert_no_error (error);
  kh_project_set_user (other, "bob");

  /* Both saw the cell empty; the other saves 12 first. */
  g_assert_true (kh_project_edit_value (other, 2020, "suzhou", "pm25", NAN, 12, NULL, &error));
  g_assert_no_error (error);
  seq = raw_count (f, "SELECT MAX (seq) FROM audit_log");
  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  g_assert_false (kh_project_edit_value (f->project, 2020, "suzhou", "pm25", NAN, 30, &conflict,
                                         &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_assert_nonnull (conflict);
  g_assert_cmpint (conflict->year, ==, 2020);
  g_assert_cmpstr (conflict->unit_id, ==, "suzhou");
  g_assert_cmpstr (conflict->field, ==, "pm25");
  g_assert_true (isnan (conflict->seen));
  g_assert_cmpfloat (conflict->current, ==, 12);
  g_assert_cmpfloat (conflict->wanted, ==, 30);
  /* On the server the writer is the login the harness connects as. */
  g_assert_cmpstr (conflict->edited_by, ==, server ? "kaohe" : "bob");
  g_assert_cmpint (conflict->audit_seq, ==, seq);
  {
    g_autoptr (KhDbStmt) stmt = kh_db_prepare (f->raw, "SELECT at FROM audit_log WHERE seq = ?",
                                               NULL);

    kh_db_bind_int64 (stmt, 1, seq);
    g_assert_cmpint (kh_db_step (stmt, NULL), ==, KH_DB_STEP_ROW);
    at = g_strdup (kh_db_column_text (stmt, 0));
  }
  g_assert_cmpstr (conflict->edited_at, ==, at);
  {
    g_autofree char *expected =
      g_strdup_printf ("unit “suzhou”, field “pm25” of 2020 changed since it was read: it was "
                       "“empty”, it is now “12” (stored by %s at %s); “30” was not saved",
                       server ? "kaohe" : "bob", at);

    g_assert_nonnull (strstr (error->message, expected));
  }
  g_clear_error (&error);
  g_clear_pointer (&conflict, kh_value_conflict_free);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  cell = raw_cell (f, "suzhou", "pm25");
  g_assert_cmpstr (cell, ==, server ? "12|kaohe|-|last" : "12|bob|-|last");
  g_clear_pointer (&cell, g_free);

  /* Seen again, the edit is based on 12: saved. An empty cell seen as 0 is another value. */
  g_assert_true (kh_project_edit_value (f->project, 2020, "suzhou", "pm25", 12, 30, &conflict,
                                        &error));
  g_assert_no_error (error);
  g_assert_null (conflict);
  g_assert_true (kh_project_set_value (other, 2020, "suzhou", "pm25", NAN, &error));
  g_assert_no_error (error);
  g_assert_false (kh_project_edit_value (f->project, 2020, "suzhou", "pm25", 0, 1, &conflict,
                                         &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_assert_true (isnan (conflict->current));
  g_assert_cmpfloat (conflict->seen, ==, 0);
  g_clear_error (&error);
  cell = raw_cell (f, "suzhou", "pm25");
  g_assert_cmpstr (cell, ==, server ? "-|kaohe|-|last" : "-|bob|-|last");
  assert_chain (f->raw);
}

typedef struct
{
  KhProject *project;
  gboolean ok;
  GError *error;
  KhValueConflict *conflict;
  gint done;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *racer = data;

  racer->ok = kh_project_edit_value (racer->project, 2020, "nantong", "gdp", 1, 2,
                                     &racer->conflict, &racer->error);
  g_atomic_int_set (&racer->done, 1);
  return NULL;
}

/* Two connections racing on one cell on the server: the other's transaction changes it and
 * holds the values' lock; this edit, based on the old value, waits behind it (seen
 * waiting in pg_locks), then reads the value committed and is refused — not a lost update,
 * not a serialization failure. */
static void
test_pg_race (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KhDb *watch = kh_pg_harness_open (pg);
  g_autofree char *cell = NULL;
  Racer racer = { f->project, FALSE, NULL, NULL, 0 };
  GThread *thread;

  g_assert_true (kh_project_set_value (f->project, 2020, "nantong", "gdp", 1, &error));
  g_assert_no_error (error);
  raw_exec (f, "BEGIN ISOLATION LEVEL SERIALIZABLE; "
               "LOCK TABLE data_values IN SHARE ROW EXCLUSIVE MODE; "
               "UPDATE data_values SET value = 7, edited_by = 'carol' "
               "WHERE year = 2020 AND unit_id = 'nantong' AND field = 'gdp'");
  thread = g_thread_new ("racer", racer_thread, &racer);
  /* Until the edit waits for the lock the other holds (a state, not a time). */
  for (;;)
    {
      g_autoptr (KhDbStmt) stmt =
        kh_db_prepare (watch, "SELECT count(*) FROM pg_locks l JOIN pg_class c "
                              "ON c.oid = l.relation WHERE c.relname = 'data_values' "
                              "AND NOT l.granted",
                       &error);

      g_assert_no_error (error);
      g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
      if (kh_db_column_int64 (stmt, 0) > 0)
        break;
      /* It cannot end before the other's commit: it would have passed the lock. */
      g_assert_cmpint (g_atomic_int_get (&racer.done), ==, 0);
      g_thread_yield ();
    }
  raw_exec (f, "COMMIT");
  g_thread_join (thread);
  kh_db_close (watch);
  g_assert_false (racer.ok);
  g_assert_error (racer.error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_assert_cmpfloat (racer.conflict->current, ==, 7);
  g_assert_cmpstr (racer.conflict->edited_by, ==, "kaohe"); /* its audit row's, seq unchanged */
  g_assert_cmpfloat (racer.conflict->seen, ==, 1);
  g_clear_error (&racer.error);
  kh_value_conflict_free (racer.conflict);
  cell = raw_cell (f, "nantong", "gdp");
  g_assert_cmpstr (cell, ==, "7|carol|-|last");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log WHERE action = 'edit'"), ==, 1);
}

/* Row-level security decides who writes: an evaluator edits the values of its scopes (in
 * its login's name, audited as it), and is refused, by unit and field, outside them; a
 * viewer is refused; nothing of a refused edit is written. */
static void
test_pg_scopes (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) ann = NULL;
  g_autoptr (KhProject) vic = NULL;
  g_autofree char *ann_uri = g_strdup_printf ("postgresql:///kaohe?host=%s&user=ann",
                                              kh_pg_harness_dir (pg));
  g_autofree char *vic_uri = g_strdup_printf ("postgresql:///kaohe?host=%s&user=vic",
                                              kh_pg_harness_dir (pg));
  g_autofree char *cell = NULL;
  const char *const units[] = { "nanjing", NULL };
  const char *const fields[] = { "gdp", NULL };
  gint64 audit_rows, values;

  raw_exec (f, "DO $$ BEGIN\n"
               "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
               "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
               "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vic') THEN\n"
               "    CREATE ROLE vic LOGIN IN ROLE kaohe_viewer; END IF;\n"
               "END $$");
  g_assert_true (kh_db_server_grant (f->raw, "ann", "city", units, fields, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (f->project, 2020, "suzhou", "gdp", 3, &error));
  g_assert_no_error (error);

  ann = kh_project_open (ann_uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (ann, 2020, "nanjing", "gdp", 100, &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "100|ann|-|last");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log WHERE action = 'edit' "
                                 "AND user_name = 'ann'"),
                   ==, 1);

  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  values = raw_count (f, "SELECT count(*) FROM data_values");
  g_assert_false (kh_project_set_value (ann, 2020, "suzhou", "gdp", 4, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "not allowed to change unit “suzhou”, field “gdp” "
                                            "of 2020"));
  g_clear_error (&error);
  /* Based on the value it cannot see (the administrator's 3): refused as not allowed, not
   * as a conflict with an empty cell. */
  g_assert_false (kh_project_edit_value (ann, 2020, "suzhou", "gdp", 3, 4, NULL, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (kh_project_edit_value (ann, 2020, "nanjing", "pm25", NAN, 4, NULL, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "unit “nanjing”, field “pm25”"));
  g_clear_error (&error);
  vic = kh_project_open (vic_uri, &error);
  g_assert_no_error (error);
  g_assert_false (kh_project_set_value (vic, 2020, "nanjing", "gdp", 5, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values"), ==, values);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values WHERE unit_id = 'suzhou' "
                                 "AND value = 3"),
                   ==, 1);
  assert_chain (f->raw);
}

/* `kaohe-cli import` of a data sheet on a server (issue 19), as an evaluator: the values
 * of its scopes are stored in its login's name with one "import" audit row naming it; a
 * sheet with one value outside them is refused whole by row-level security, naming the
 * unit and field and the sheet's row, nothing written. */
static void
test_pg_import_scopes (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ann_uri = g_strdup_printf ("postgresql:///kaohe?host=%s&user=ann",
                                              kh_pg_harness_dir (pg));
  g_autofree char *dir = g_dir_make_tmp ("kh-values-db-import-XXXXXX", &error);
  g_autofree char *in_scope = g_build_filename (dir, "in.csv", NULL);
  g_autofree char *out_of_scope = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *cell = NULL;
  const char *const units[] = { "nanjing", NULL };
  g_autoptr (KhCliRun) stored = NULL;
  g_autoptr (KhCliRun) refused = NULL;
  gint64 audit_rows, values;

  g_assert_no_error (error);
  raw_exec (f, "DO $$ BEGIN\n"
               "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
               "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
               "END $$");
  g_assert_true (kh_db_server_grant (f->raw, "ann", "city", units, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (in_scope, "unit,name,gdp,pm25,pop\n"
                                                "nanjing,南京市,14817.95,31,931.5\n",
                                      -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (out_of_scope, "unit,name,gdp,pm25,pop\n"
                                                    "nanjing,南京市,1,2,3\n"
                                                    "suzhou,苏州市,4,5,6\n",
                                      -1, &error));
  g_assert_no_error (error);

  stored = kh_test_cli_run ("import", ann_uri, "--year", "2020", in_scope, NULL);
  g_assert_cmpstr (stored->err, ==, "");
  g_assert_cmpint (stored->status, ==, 0);
  expected = g_strdup_printf ("%s: 3 values imported into 2020 (UTF-8)\n", ann_uri);
  g_assert_cmpstr (stored->out, ==, expected);
  /* Stored in ann's name (the double read from “14817.95”, printed with 17 digits), each
   * naming the import's audit row, which names ann. */
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "14817.950000000001|ann|in.csv|older");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values WHERE edited_by = 'ann' "
                                 "AND source_row = 2 AND audit_seq = "
                                 "(SELECT MAX (seq) FROM audit_log)"),
                   ==, 3);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log WHERE action = 'import' "
                                 "AND user_name = 'ann' AND year = 2020 "
                                 "AND detail LIKE '%values=3%'"),
                   ==, 1);

  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  values = raw_count (f, "SELECT count(*) FROM data_values");
  refused = kh_test_cli_run ("import", ann_uri, "--year", "2020", out_of_scope, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_nonnull (strstr (refused->err, "not allowed to import unit “suzhou”, field “"));
  g_assert_nonnull (strstr (refused->err, "of 2020 (out.csv, row 3): it is not within the "
                                          "scopes granted to this login (kaohe-cli scopes); "
                                          "nothing was written"));
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values"), ==, values);
  g_clear_pointer (&cell, g_free);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "14817.950000000001|ann|in.csv|older");
  assert_chain (f->raw);
  kh_test_remove_dir (dir);
}

/* `kaohe-cli set --was 1` (kh_project_edit_value() on both stores) with
 * KAOHE_TEST_PAUSE_EDIT, paused between its upsert and its commit; returns it running. */
static GSubprocess *
paused_writer (Fixture    *f,
               const char *pause_file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *writer;

  g_subprocess_launcher_setenv (launcher, "KAOHE_TEST_PAUSE_EDIT", pause_file, TRUE);
  writer = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("KAOHE_CLI"), "set",
                                        f->target, "--year", "2020", "--unit", "nanjing",
                                        "--field", "gdp", "--was", "1", "999", NULL);
  g_assert_no_error (error);
  /* Until it says it is paused (a state, not a time); it must not have ended. */
  while (!g_file_test (pause_file, G_FILE_TEST_EXISTS))
    {
      g_assert_nonnull (g_subprocess_get_identifier (writer));
      g_usleep (2000);
    }
  return writer;
}

/* A writer killed between its upsert and its commit: nothing of it stays, the chain is
 * intact, and the next edit is saved (the killed one's lock went with it). */
static void
test_killed_writer (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-values-db-pause-XXXXXX", NULL);
  g_autofree char *pause_file = g_build_filename (dir, "paused", NULL);
  g_autoptr (GSubprocess) writer = NULL;
  g_autofree char *cell = NULL;
  gint64 audit_rows;

  g_assert_true (kh_project_set_value (f->project, 2020, "nanjing", "gdp", 1, &error));
  g_assert_no_error (error);
  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  writer = paused_writer (f, pause_file);
  g_subprocess_send_signal (writer, SIGKILL);
  g_assert_true (g_subprocess_wait (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  g_assert_true (kh_project_set_value (f->project, 2020, "nanjing", "pm25", 2, &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "1|kaohe|-|older");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows + 1);
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values WHERE value = 999"), ==, 0);
  assert_chain (f->raw);
  g_remove (pause_file);
  g_rmdir (dir);
}

/* The server stopped (fast: sessions ended, their transactions rolled back) while a writer
 * was paused in its transaction, then an edit while it is down: refused clearly, nothing
 * written; started again, the next edit reconnects and is saved. */
static void
test_pg_restart (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-values-db-pause-XXXXXX", NULL);
  g_autofree char *pause_file = g_build_filename (dir, "paused", NULL);
  g_autoptr (GSubprocess) writer = NULL;
  g_autofree char *cell = NULL;
  gint64 audit_rows;

  g_assert_true (kh_project_set_value (f->project, 2020, "nanjing", "gdp", 1, &error));
  g_assert_no_error (error);
  audit_rows = raw_count (f, "SELECT count(*) FROM audit_log");
  writer = paused_writer (f, pause_file);
  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_false (kh_project_set_value (f->project, 2020, "nanjing", "pm25", 2, &error));
  g_assert_nonnull (error);
  g_test_message ("while down: %s", error->message);
  g_assert_nonnull (strstr (error->message, "reconnect"));
  g_assert_null (strstr (error->message, "password"));
  g_clear_error (&error);
  g_subprocess_force_exit (writer);
  g_assert_true (g_subprocess_wait (writer, NULL, &error));
  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);

  g_assert_true (kh_project_set_value (f->project, 2020, "nanjing", "pm25", 2, &error));
  g_assert_no_error (error);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "1|kaohe|-|older");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log"), ==, audit_rows + 1);
  assert_chain (f->raw);
  g_remove (pause_file);
  g_rmdir (dir);
}

/* A sealed year while the server is down: whether it is sealed cannot be read, and that is
 * an error, never "not sealed" (kh_project_get_sealed(), kh_project_check_open() and the
 * year's fields all fail with the store's error, not the sealed year's nor "no
 * framework"); started again, the year reads as sealed and an edit is refused as one. */
static void
test_pg_sealed_restart (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) fields = NULL;
  gboolean sealed = FALSE;

  raw_exec (f, "UPDATE years SET sealed = 1 WHERE year = 2020");
  g_assert_true (kh_project_get_sealed (f->project, 2020, &sealed, &error));
  g_assert_no_error (error);
  g_assert_true (sealed);
  g_assert_true (kh_project_get_sealed (f->project, 2019, &sealed, &error));
  g_assert_no_error (error);
  g_assert_false (sealed);

  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);
  sealed = TRUE;
  g_assert_false (kh_project_get_sealed (f->project, 2020, &sealed, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_test_message ("while down: %s", error->message);
  g_assert_nonnull (strstr (error->message, ": reading whether the year is sealed: "));
  g_assert_false (sealed);
  g_clear_error (&error);
  g_assert_false (kh_project_check_open (f->project, 2020, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, ": reading whether the year is sealed: "));
  g_clear_error (&error);
  fields = kh_project_year_fields (f->project, 2020, NULL, &error);
  g_assert_null (fields);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, ": reading the year's frameworks: "));
  g_assert_null (strstr (error->message, "has no framework"));
  g_clear_error (&error);
  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);

  g_assert_true (kh_project_get_sealed (f->project, 2020, &sealed, &error));
  g_assert_no_error (error);
  g_assert_true (sealed);
  g_assert_false (kh_project_set_value (f->project, 2020, "nanjing", "gdp", 1, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_assert_true (g_str_has_suffix (error->message, "year 2020 is sealed: its framework, data "
                                                   "and results cannot change"));
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM data_values"), ==, 0);
}

/* `kaohe-cli set` on both stores: a value set, an edit based on a value the cell no longer
 * holds refused with both values (exit 1, nothing written), a value that is no number a
 * usage error, the cell cleared based on its value. */
static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  const char *const env[] = { "KAOHE_USER=kaohe", NULL };
  const char *const set[] = { "set", f->target, "--year", "2020", "--unit", "nanjing",
                              "--field", "gdp", "5", NULL };
  const char *const stale[] = { "set", f->target, "--year", "2020", "--unit", "nanjing",
                                "--field", "gdp", "--was", "4", "6", NULL };
  const char *const bad[] = { "set", f->target, "--year", "2020", "--unit", "nanjing",
                              "--field", "gdp", "5x", NULL };
  const char *const clear[] = { "set", f->target, "--year", "2020", "--unit", "nanjing",
                                "--field", "gdp", "--clear", "--was", "5", NULL };
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *cell = NULL;

  run = kh_test_cli_runv_env (env, set);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, ": 2020, unit “nanjing”, field “gdp” set to 5\n"));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_runv_env (env, stale);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "unit “nanjing”, field “gdp” of 2020 changed since it was "
                                      "read: it was “4”, it is now “5” (stored by kaohe at "));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_runv_env (env, bad);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "“5x” is not a number"));
  g_clear_pointer (&run, kh_cli_run_free);
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "5|kaohe|-|last");
  g_clear_pointer (&cell, g_free);
  run = kh_test_cli_runv_env (env, clear);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, ": 2020, unit “nanjing”, field “gdp” emptied\n"));
  cell = raw_cell (f, "nanjing", "gdp");
  g_assert_cmpstr (cell, ==, "-|kaohe|-|last");
  g_assert_cmpint (raw_count (f, "SELECT count(*) FROM audit_log WHERE action = 'edit'"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "set", test_set },
    { "conflict", test_conflict },
    { "killed-writer", test_killed_writer },
    { "cli", test_cli },
  };
  g_test_init (&argc, &argv, NULL);

  kh_pg_harness_start_if_installed (&pg, "/project-values-db/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/project-values-db/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/project-values-db/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  if (pg != NULL)
    {
      g_test_add ("/project-values-db/pg/race", Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL),
                  fixture_set_up, test_pg_race, fixture_tear_down);
      g_test_add ("/project-values-db/pg/scopes", Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL),
                  fixture_set_up, test_pg_scopes, fixture_tear_down);
      g_test_add ("/project-values-db/pg/restart", Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL),
                  fixture_set_up, test_pg_restart, fixture_tear_down);
      g_test_add ("/project-values-db/pg/sealed-restart", Fixture,
                  GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up, test_pg_sealed_restart,
                  fixture_tear_down);
      g_test_add ("/project-values-db/pg/import-scopes", Fixture,
                  GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up, test_pg_import_scopes,
                  fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
