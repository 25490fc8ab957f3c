/* test-db-checkout.c — offline work: `kaohe-cli checkout`, `push`, `checkout --refresh`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, on a throwaway server (kh-pg-harness.h). The administrator stores four values
 * of 2020 (nanjing gdp 10 and pm25 20, suzhou gdp 30, nantong gdp 50); the evaluator ann
 * may see and change the city category's nanjing and suzhou only. Her checkout holds
 * those three values, not nantong's; edited offline with `kaohe-cli set` and pushed, the
 * server holds them in her name, one audit row each, the chain intact and `verify`
 * passing; a second push, and a push of an unchanged copy, write nothing. A server edit
 * made meanwhile makes the push list the cell (base, theirs with who, mine) and write
 * nothing; --theirs drops that change and writes the others, --mine overwrites it with an
 * audit row naming whose value it replaced, a refresh takes the server's value and drops
 * the offline one. Refused, nothing written: a copy that is no checkout, a damaged copy, a
 * server that is not the one it came from (another database, a file, a chain that does
 * not hold the head recorded), a value outside ann's scopes, a change of a year not
 * checked out, a year the project lacks; a sealed year stays sealed in the copy. Every
 * value by hand.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "io/kh-csv.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  KhDb *raw;          /* the administrator's connection */
  KhProject *admin;   /* the project, as the administrator */
  char *ann;          /* the server's URI as ann */
  char *ann_name;     /* its name (kh_db_name()) */
  char *dir;
  char *copy;         /* the checkout's path */
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

static KhCliRun *
cli (const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static KhCliRun *
cli (const char *first,
     ...)
{
  const char *const env[] = { "KAOHE_USER=ann", "LANGUAGE=en", "LC_ALL=C.UTF-8", NULL };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return kh_test_cli_runv_env (env, (const char *const *) args->pdata);
}

/* @text holds @part; the test fails showing both otherwise. */
static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected “%s” in “%s”", part, text);
}

static gint64
count (KhDb       *db,
       const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  g_assert_no_error (error);
  return kh_db_column_int64 (stmt, 0);
}

/* Every value of 2020 of @db: "unit field value by;" in key order, "-" for empty. */
static char *
values (KhDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt =
    kh_db_prepare (db,
                   kh_db_backend (db) == KH_DB_POSTGRESQL
                     ? "SELECT unit_id, field, value, edited_by FROM data_values "
                       "WHERE year = 2020 ORDER BY unit_id COLLATE \"C\", field COLLATE \"C\""
                     : "SELECT unit_id, field, value, edited_by FROM data_values "
                       "WHERE year = 2020 ORDER BY unit_id, field",
                   &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "%s %s %s %s;", kh_db_column_text (stmt, 0),
                              kh_db_column_text (stmt, 1),
                              kh_db_column_is_null (stmt, 2)
                                ? "-"
                                : g_ascii_formatd (buffer, sizeof buffer, "%g",
                                                   kh_db_column_double (stmt, 2)),
                              kh_db_column_text (stmt, 3));
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static char *
values_of (const char *target)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (target, &error);
  char *text;

  g_assert_no_error (error);
  text = values (db);
  kh_db_close (db);
  return text;
}

static void
assert_values (KhDb       *db,
               const char *expected)
{
  g_autofree char *got = values (db);

  g_assert_cmpstr (got, ==, expected);
}

/* The 'edit' rows of the server's audit log after the set-up's, "user|detail;" each. */
static char *
edits (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (f->raw,
                                             "SELECT user_name, detail FROM audit_log "
                                             "WHERE action = 'edit' AND user_name = 'ann' "
                                             "ORDER BY seq",
                                             &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    g_string_append_printf (out, "%s|%s;", kh_db_column_text (stmt, 0),
                            kh_db_column_text (stmt, 1));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* The server's chain as kh-audit.h defines it, and `kaohe-cli verify` on it. */
static void
assert_server_verifies (Fixture *f)
{
  g_autoptr (KhCliRun) verify = NULL;

  kh_pg_harness_assert_chain (f->raw);
  verify = cli ("verify", kh_pg_harness_uri (pg), NULL);
  g_assert_cmpstr (verify->err, ==, "");
  g_assert_cmpint (verify->status, ==, 0);
}

static void
admin_set (Fixture    *f,
           const char *unit,
           const char *field,
           double      value)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_project_set_value (f->admin, 2020, unit, field, value, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units_path = data_path ("units.csv");
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autoptr (KhCsvTable) units = NULL;
  g_autofree char *xml = NULL;
  const char *const ann_units[] = { "nanjing", "suzhou", NULL };
  gsize len = 0;

  f->raw = kh_pg_harness_open_empty (pg);
  g_assert_true (kh_db_server_init (f->raw, &error));
  g_assert_no_error (error);
  kh_pg_harness_exec (f->raw,
                      "DO $$ BEGIN\n"
                      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
                      "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
                      "END $$");
  f->admin = kh_project_open (kh_pg_harness_uri (pg), &error);
  g_assert_no_error (error);
  kh_project_set_user (f->admin, "kaohe");
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (f->admin, units, "units.csv", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (f->admin, 2020, xml, len, "framework-2020.xml",
                                           &error));
  g_assert_no_error (error);
  admin_set (f, "nanjing", "gdp", 10);
  admin_set (f, "nanjing", "pm25", 20);
  admin_set (f, "suzhou", "gdp", 30);
  admin_set (f, "nantong", "gdp", 50);
  g_assert_true (kh_db_server_grant (f->raw, "ann", "city", ann_units, NULL, NULL, &error));
  g_assert_no_error (error);

  f->ann = g_strdup_printf ("postgresql:///kaohe?host=%s&user=ann", kh_pg_harness_dir (pg));
  f->ann_name = g_strdup_printf ("postgresql://ann@/kaohe?host=%s", kh_pg_harness_dir (pg));
  f->dir = g_dir_make_tmp ("kh-checkout-XXXXXX", &error);
  g_assert_no_error (error);
  f->copy = g_build_filename (f->dir, "offline.kaohe", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->admin, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->copy);
  g_free (f->ann);
  g_free (f->ann_name);
}

/* ann's checkout, asserted. */
static void
checkout (Fixture *f)
{
  g_autoptr (KhCliRun) run = cli ("checkout", f->ann, f->copy, NULL);
  g_autofree char *out = g_strdup_printf ("%s: checked out to %s (3 values)\n", f->ann_name,
                                          f->copy);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, out);
  g_assert_cmpint (run->status, ==, 0);
}

/* kaohe-cli set on the copy, asserted. */
static void
set_offline (Fixture    *f,
             const char *unit,
             const char *field,
             const char *value)
{
  g_autoptr (KhCliRun) run = value != NULL
                               ? cli ("set", f->copy, "--year", "2020", "--unit", unit,
                                      "--field", field, value, NULL)
                               : cli ("set", f->copy, "--year", "2020", "--unit", unit,
                                      "--field", field, "--clear", NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

/* The checkout holds ann's values only; pushed, the server holds them in her name. */
static void
test_push (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  KhDb *copy = NULL;
  gint64 audit_rows;

  checkout (f);
  copy = kh_db_open (f->copy, &error);
  g_assert_no_error (error);
  /* Her three values, not nantong's; the mark of the checkout, the bases. */
  assert_values (copy, "nanjing gdp 10 kaohe;nanjing pm25 20 kaohe;suzhou gdp 30 kaohe;");
  g_assert_cmpint (count (copy, "SELECT count(*) FROM kaohe_checkout WHERE login = 'ann' "
                                "AND year IS NULL AND head_seq > 0"),
                   ==, 1);
  g_assert_cmpint (count (copy, "SELECT count(*) FROM kaohe_checkout_base"), ==, 3);
  g_assert_cmpint (count (copy, "SELECT count(*) FROM survey_salt"), ==, 0);
  kh_db_close (copy);

  /* The copy's audit log is not the server's whole chain: verify says so (of the server,
   * it passes below). */
  run = cli ("verify", f->copy, NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, "offline.kaohe is a checkout of postgresql://ann@/kaohe?host=");
  assert_contains (run->err, " by “ann” (kaohe-cli checkout): it holds only what that login "
                             "could read, not the whole audit chain; verify the server\n");
  g_clear_pointer (&run, kh_cli_run_free);

  /* An unchanged copy writes nothing. */
  audit_rows = count (f->raw, "SELECT count(*) FROM audit_log");
  run = cli ("push", f->copy, f->ann, NULL);
  expected = g_strdup_printf ("%s: 0 values written to %s\n", f->copy, f->ann_name);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_clear_pointer (&run, kh_cli_run_free);
  g_clear_pointer (&expected, g_free);

  set_offline (f, "nanjing", "gdp", "11.5");
  set_offline (f, "suzhou", "gdp", NULL);
  run = cli ("push", f->copy, f->ann, NULL);
  expected = g_strdup_printf ("%s: 2 values written to %s\n", f->copy, f->ann_name);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
  g_assert_cmpint (run->status, ==, 0);
  assert_values (f->raw, "nanjing gdp 11.5 ann;nanjing pm25 20 kaohe;nantong gdp 50 kaohe;"
                         "suzhou gdp - ann;");
  got = edits (f);
  g_assert_cmpstr (got, ==, "ann|unit=nanjing\nfield=gdp\nold=10\nnew=11.5;"
                            "ann|unit=suzhou\nfield=gdp\nold=30\nnew=;");
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows + 2);
  assert_server_verifies (f);
  g_clear_pointer (&run, kh_cli_run_free);

  /* Pushed twice: written once. */
  run = cli ("push", f->copy, f->ann, NULL);
  g_assert_cmpstr (run->err, ==, "");
  assert_contains (run->out, ": 0 values written to ");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows + 2);
}

/* The administrator changes nanjing's gdp meanwhile: the push lists it and writes nothing;
 * --theirs then drops that change and writes the other. */
static void
test_conflict_theirs (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;
  gint64 audit_rows;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");
  set_offline (f, "nanjing", "pm25", "21");
  set_offline (f, "suzhou", "gdp", "33");
  admin_set (f, "nanjing", "gdp", 12);
  admin_set (f, "suzhou", "gdp", NAN);
  audit_rows = count (f->raw, "SELECT count(*) FROM audit_log");

  /* Both conflicts listed, cell by cell, in order; nothing written. */
  run = cli ("push", f->copy, f->ann, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  assert_contains (run->err, ": 2 values changed since they were read; nothing was saved\n"
                             "  2020, unit “nanjing”, field “gdp”: base 10, theirs 12 "
                             "(kaohe, ");
  assert_contains (run->err, "), mine 11\n  2020, unit “suzhou”, field “gdp”: base 30, "
                             "theirs empty (kaohe, ");
  assert_contains (run->err, "), mine 33\nPush again with --mine");
  assert_values (f->raw, "nanjing gdp 12 kaohe;nanjing pm25 20 kaohe;nantong gdp 50 kaohe;"
                         "suzhou gdp - kaohe;");
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_clear_pointer (&run, kh_cli_run_free);

  run = cli ("push", "--theirs", f->copy, f->ann, NULL);
  g_assert_cmpstr (run->err, ==, "");
  expected = g_strdup_printf ("%s: 1 value written to %s\ndropped, the server's kept:\n"
                              "  2020, unit “nanjing”, field “gdp”: base 10, theirs 12 (kaohe, ",
                              f->copy, f->ann_name);
  g_assert_true (g_str_has_prefix (run->out, expected));
  assert_contains (run->out, "), mine 11\ndropped, the server's kept:\n  2020, unit “suzhou”, "
                             "field “gdp”: base 30, theirs empty (kaohe, ");
  g_assert_true (g_str_has_suffix (run->out, "), mine 33\n"));
  g_assert_cmpint (run->status, ==, 0);
  assert_values (f->raw, "nanjing gdp 12 kaohe;nanjing pm25 21 ann;nantong gdp 50 kaohe;"
                         "suzhou gdp - kaohe;");
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows + 1);
  assert_server_verifies (f);
  /* The copy took the server's values; nothing is left to push. */
  copied = values_of (f->copy);
  g_assert_cmpstr (copied, ==, "nanjing gdp 12 kaohe;nanjing pm25 21 ann;suzhou gdp - kaohe;");
  g_clear_pointer (&run, kh_cli_run_free);
  run = cli ("push", f->copy, f->ann, NULL);
  assert_contains (run->out, ": 0 values written to ");
  g_assert_cmpint (run->status, ==, 0);
}

/* --mine overwrites the administrator's value, its audit row saying whose. */
static void
test_conflict_mine (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *got = NULL;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");
  set_offline (f, "nanjing", "pm25", "21");
  admin_set (f, "nanjing", "gdp", 12);

  run = cli ("push", "--mine", f->copy, f->ann, NULL);
  g_assert_cmpstr (run->err, ==, "");
  assert_contains (run->out, ": 2 values written to ");
  assert_contains (run->out, "overwrote:\n  2020, unit “nanjing”, field “gdp”: base 10, "
                                      "theirs 12 (kaohe, ");
  g_assert_cmpint (run->status, ==, 0);
  assert_values (f->raw, "nanjing gdp 11 ann;nanjing pm25 21 ann;nantong gdp 50 kaohe;"
                         "suzhou gdp 30 kaohe;");
  got = edits (f);
  g_assert_true (g_str_has_prefix (got, "ann|unit=nanjing\nfield=gdp\nold=12\nnew=11\n"
                                        "based_on=10\noverwrote=kaohe 20"));
  g_assert_true (g_str_has_suffix (got, ";ann|unit=nanjing\nfield=pm25\nold=20\nnew=21;"));
  assert_server_verifies (f);
}

/* A refresh takes the server's value and drops the offline one; the push then writes the
 * other change. */
static void
test_refresh (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");
  set_offline (f, "nanjing", "pm25", "21");
  admin_set (f, "nanjing", "gdp", 12);
  admin_set (f, "suzhou", "gdp", 31);
  /* The copy's values packed (schema version 14): a cache stamped by the copy's audit
   * rows, which the server's values taken have none of. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhProject) project = kh_project_open (f->copy, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kh_project_pack_values (project, 2020), >, 0);
  }

  run = cli ("checkout", "--refresh", f->copy, NULL);
  expected = g_strdup_printf ("%s: 2 values taken from the server\n"
                              "  dropped: 2020, unit “nanjing”, field “gdp”: mine 11, the "
                              "server's 12\n",
                              f->copy);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
  g_assert_cmpint (run->status, ==, 0);
  copied = values_of (f->copy);
  g_assert_cmpstr (copied, ==, "nanjing gdp 12 kaohe;nanjing pm25 21 ann;suzhou gdp 31 kaohe;");
  g_clear_pointer (&run, kh_cli_run_free);
  /* The packed values dropped with them (read again from data_values, packed again). */
  {
    g_autoptr (GError) error = NULL;
    KhDb *db = kh_db_open (f->copy, &error);

    g_assert_no_error (error);
    g_assert_cmpint (count (db, "SELECT count(*) FROM packed_years"), ==, 0);
    g_assert_cmpint (count (db, "SELECT count(*) FROM values_packed"), ==, 0);
    kh_db_close (db);
  }

  run = cli ("push", f->copy, f->ann, NULL);
  g_assert_cmpstr (run->err, ==, "");
  assert_contains (run->out, ": 1 value written to ");
  g_assert_cmpint (run->status, ==, 0);
  assert_values (f->raw, "nanjing gdp 12 kaohe;nanjing pm25 21 ann;nantong gdp 50 kaohe;"
                         "suzhou gdp 31 kaohe;");
  assert_server_verifies (f);
}

/* A push refused with @message in its stderr: exit 1, nothing written on the server. */
static void
assert_refused (Fixture    *f,
                const char *copy,
                const char *server,
                const char *message)
{
  gint64 audit_rows = count (f->raw, "SELECT count(*) FROM audit_log");
  g_autofree char *before = values (f->raw);
  g_autofree char *after = NULL;
  g_autoptr (KhCliRun) run = cli ("push", copy, server, NULL);

  if (strstr (run->err, message) == NULL)
    g_error ("expected “%s” in “%s”", message, run->err);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpint (run->status, ==, 1);
  after = values (f->raw);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (f->raw, "SELECT count(*) FROM audit_log"), ==, audit_rows);
}

static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *plain = g_build_filename (f->dir, "plain.kaohe", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.kaohe", NULL);
  g_autofree char *other = kh_pg_harness_new_database (pg, "checkout_other");
  g_autoptr (KhProject) project = NULL;
  KhDb *copy = NULL;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");

  /* Not a checkout; damaged. */
  project = kh_project_create (plain, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  assert_refused (f, plain, f->ann, "plain.kaohe: not a copy made by “kaohe-cli checkout”");
  g_assert_true (g_file_set_contents (damaged, "SQLite format 3\nthis is no database", -1, NULL));
  assert_refused (f, damaged, f->ann, "damaged.kaohe: damaged, or not a project file");
  /* Another server or database; a file; a bad URI. */
  assert_refused (f, f->copy, other, "offline.kaohe was checked out from postgresql://ann@/kaohe?");
  assert_refused (f, f->copy, other, "/checkout_other?host=");
  assert_refused (f, f->copy, plain, "plain.kaohe: not a server: push to the PostgreSQL "
                                     "database the copy was checked out from");
  assert_refused (f, f->copy, "postgresql:///kaohe?host=/nonexistent/kh&user=ann",
                  "Cannot connect to postgresql://ann@/kaohe?host=/nonexistent/kh: ");
  /* A chain that does not hold the head recorded: another project at the same address. */
  copy = kh_db_open (f->copy, &error);
  g_assert_no_error (error);
  kh_pg_harness_exec (copy, "UPDATE kaohe_checkout SET head_hash = 'x'");
  assert_refused (f, f->copy, f->ann, "is not the one");
  kh_pg_harness_exec (copy, "UPDATE kaohe_checkout SET head_seq = head_seq + 100");
  assert_refused (f, f->copy, f->ann, "is not the one");
  kh_db_close (copy);
}

/* A value outside ann's scopes, put into the copy, is refused by the server; a year not
 * checked out is refused before; a year the project lacks gives no file. */
static void
test_scopes_years (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.kaohe", NULL);
  g_autofree char *fw_path = data_path ("framework-2021.xml");
  g_autofree char *xml = NULL;
  gsize len = 0;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");
  set_offline (f, "nantong", "gdp", "51");
  assert_refused (f, f->copy, f->ann,
                  "not allowed to change unit “nantong”, field “gdp” of 2020: it is not within "
                  "the scopes granted to this login");

  run = cli ("checkout", "--year", "2019", f->ann, missing, NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, ": the project has no year 2019\n");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, kh_cli_run_free);
  /* Only 2020 checked out: a change of 2021 in the copy is refused before the server. */
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (f->admin, 2021, xml, len, "framework-2021.xml",
                                           &error));
  g_assert_no_error (error);
  run = cli ("checkout", "--year", "2020", f->ann, missing, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, kh_cli_run_free);
  run = cli ("set", missing, "--year", "2021", "--unit", "nanjing", "--field", "gdp", "7", NULL);
  g_assert_cmpint (run->status, ==, 0);
  assert_refused (f, missing, f->ann,
                  "missing.kaohe: unit “nanjing”, field “gdp” of 2021 changed, but only 2020 "
                  "was checked out: nothing was written");
  g_clear_pointer (&run, kh_cli_run_free);
  /* A checkout into a file that is there is refused, the file left as it was. */
  run = cli ("checkout", f->ann, missing, NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, "missing.kaohe already exists");
}

/* A year sealed on the server after the checkout refuses the push; a sealed year is
 * sealed in the copy: no offline edit of it. */
static void
test_sealed (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (KhCliRun) run = NULL;

  checkout (f);
  set_offline (f, "nanjing", "gdp", "11");
  kh_pg_harness_exec (f->raw, "UPDATE years SET sealed = 1 WHERE year = 2020");
  assert_refused (f, f->copy, f->ann, ": year 2020 is sealed: its framework, data and results "
                                      "cannot change");
  g_assert_cmpint (g_unlink (f->copy), ==, 0);

  checkout (f);
  run = cli ("set", f->copy, "--year", "2020", "--unit", "nanjing", "--field", "gdp", "11", NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, "year 2020 is sealed");
}

/* A checkout made by ann through a URI naming no user (PGUSER), pushed by another login
 * through the same URI: refused, nothing written. */
static void
test_other_login (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *uri = g_strdup_printf ("postgresql:///kaohe?host=%s", kh_pg_harness_dir (pg));
  const char *const as_ann[] = { "KAOHE_USER=ann", "PGUSER=ann", "LC_ALL=C.UTF-8", NULL };
  const char *const as_kaohe[] = { "KAOHE_USER=ann", "PGUSER=kaohe", "LC_ALL=C.UTF-8", NULL };
  const char *const take[] = { "checkout", uri, f->copy, NULL };
  const char *const push[] = { "push", f->copy, uri, NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (KhCliRun) run = kh_test_cli_runv_env (as_ann, take);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, kh_cli_run_free);
  set_offline (f, "nanjing", "gdp", "11");
  before = values (f->raw);
  run = kh_test_cli_runv_env (as_kaohe, push);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, "offline.kaohe was checked out by “ann”, not by “kaohe”: log in as "
                             "“ann”; nothing was written\n");
  after = values (f->raw);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_runv_env (as_ann, push);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  assert_values (f->raw, "nanjing gdp 11 ann;nanjing pm25 20 kaohe;nantong gdp 50 kaohe;"
                         "suzhou gdp 30 kaohe;");
}

/* A password in the server's URI is never printed, and the checkout is the same server
 * with or without it. */
static void
test_password (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *uri = g_strdup_printf ("postgresql://ann:s3cret@/kaohe?host=%s",
                                          kh_pg_harness_dir (pg));
  g_autofree char *out = g_strdup_printf ("%s: checked out to %s (3 values)\n", f->ann_name,
                                          f->copy);
  g_autofree char *pushed = NULL;
  g_autoptr (KhCliRun) run = cli ("checkout", uri, f->copy, NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, out);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, kh_cli_run_free);
  set_offline (f, "nanjing", "gdp", "11");
  run = cli ("push", f->copy, uri, NULL);
  pushed = g_strdup_printf ("%s: 1 value written to %s\n", f->copy, f->ann_name);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, pushed);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, kh_cli_run_free);
  /* Refused, the password not named either. */
  run = cli ("push", f->copy, "postgresql://ann:s3cret@/kaohe?host=/nonexistent/kh", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_null (strstr (run->err, "s3cret"));
  assert_contains (run->err, "postgresql://ann@/kaohe?host=/nonexistent/kh");
  assert_values (f->raw, "nanjing gdp 11 ann;nanjing pm25 20 kaohe;nantong gdp 50 kaohe;"
                         "suzhou gdp 30 kaohe;");
}

static void
skip_pg (void)
{
  g_test_skip ("PostgreSQL's programs (initdb, pg_ctl) are not installed: the cases on "
               "PostgreSQL did not run");
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
    { "/checkout/push", test_push },
    { "/checkout/conflict-theirs", test_conflict_theirs },
    { "/checkout/conflict-mine", test_conflict_mine },
    { "/checkout/refresh", test_refresh },
    { "/checkout/refused", test_refused },
    { "/checkout/scopes-years", test_scopes_years },
    { "/checkout/sealed", test_sealed },
    { "/checkout/password", test_password },
    { "/checkout/other-login", test_other_login },
  };
  g_autofree char *bindir = kh_pg_harness_bindir ();

  g_test_init (&argc, &argv, NULL);
  if (bindir == NULL)
    {
      g_test_add_func ("/checkout/pg", skip_pg);
      return g_test_run ();
    }
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    g_test_add (cases[k].name, Fixture, NULL, fixture_set_up, cases[k].func, fixture_tear_down);
  return kh_pg_harness_run_tests (&pg);
}
