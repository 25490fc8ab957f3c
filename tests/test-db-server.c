/* test-db-server.c — `kaohe-cli init-server` and the roles it makes, tried with raw SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a throwaway server: init-server on an empty database, then logins of the three
 * roles connect and try, with SQL as anyone with a prompt would, what their role allows
 * and what it does not. Row-level security must hold on the server itself.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-db-server.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"

static KhPgHarness *pg;

/* The harness's database as another login. */
static KhDb *
open_as (const char *user)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("postgresql:///kaohe?host=%s&user=%s",
                                          kh_pg_harness_dir (pg), user);
  KhDb *db = kh_db_open (uri, &error);

  g_assert_no_error (error);
  return db;
}

static void
exec_ok (KhDb       *db,
         const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!kh_db_exec (db, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

/* @sql fails with @sqlstate, and its message holds @words. */
static void
exec_refused (KhDb       *db,
              const char *sql,
              const char *sqlstate,
              const char *words)
{
  g_autoptr (GError) error = NULL;

  if (kh_db_exec (db, sql, &error))
    g_error ("%s: not refused", sql);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, sqlstate);
  if (strstr (error->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", sql, error->message, words);
}

/* The rows of @sql, columns joined by spaces, rows by "; ". */
static char *
rows (KhDb       *db,
      const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      for (int c = 0; c < kh_db_column_count (stmt); c++)
        g_string_append_printf (out, "%s%s", c > 0 ? " " : "",
                                kh_db_column_is_null (stmt, c) ? "NULL" : kh_db_column_text (stmt, c));
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

#define ALL_VALUES "SELECT unit_id, field, value FROM data_values ORDER BY unit_id, field"

static void
test_roles (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("init-server", kh_pg_harness_uri (pg), NULL);
  g_autoptr (KhCliRun) again = NULL;
  g_autoptr (GError) error = NULL;
  KhDb *admin, *ann, *carl, *vic;
  g_autofree char *all = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_suffix (run->out, ": project schema version "
                                             G_STRINGIFY (KH_PROJECT_SCHEMA_VERSION)
                                             ", roles kaohe_admin, kaohe_evaluator and "
                                             "kaohe_viewer, row-level security on the values\n"));
  /* Again: nothing changes, no error. */
  again = kh_test_cli_run ("init-server", kh_pg_harness_uri (pg), NULL);
  g_assert_cmpint (again->status, ==, 0);

  /* The superuser who ran init-server makes the office's logins and data. */
  admin = kh_db_open (kh_pg_harness_uri (pg), &error);
  g_assert_no_error (error);
  exec_ok (admin,
           "CREATE ROLE olga LOGIN IN ROLE kaohe_admin;\n"
           "CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator;\n"
           "CREATE ROLE carl LOGIN IN ROLE kaohe_evaluator;\n"
           "CREATE ROLE vic LOGIN IN ROLE kaohe_viewer;\n"
           "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市'), ('university', '高校');\n"
           "INSERT INTO units (id, name_zh, category_id) VALUES ('nanjing', '南京市', 'city'),\n"
           "  ('suzhou', '苏州市', 'city'), ('nju', '南京大学', 'university');\n"
           "INSERT INTO years (year) VALUES (2020);\n"
           "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) VALUES\n"
           "  (2020, 'nanjing', 'gdp', 1, 'olga', 't'), (2020, 'nanjing', 'pop', 2, 'olga', 't'),\n"
           "  (2020, 'suzhou', 'gdp', 3, 'olga', 't'), (2020, 'nju', 'papers', 4, 'olga', 't');\n"
           /* ann: every city's values; carl: Suzhou's gdp only */
           "INSERT INTO evaluator_scopes (role_name, category_id, unit_id, field) VALUES\n"
           "  ('ann', 'city', NULL, NULL), ('carl', 'city', 'suzhou', 'gdp')");
  all = rows (admin, ALL_VALUES);
  g_assert_cmpstr (all, ==, "nanjing gdp 1; nanjing pop 2; nju papers 4; suzhou gdp 3");

  /* ann, the cities' evaluator: reads and writes the cities' values, not the university's,
   * even with raw SQL. */
  ann = open_as ("ann");
  {
    g_autofree char *seen = rows (ann, ALL_VALUES);

    g_assert_cmpstr (seen, ==, "nanjing gdp 1; nanjing pop 2; suzhou gdp 3");
  }
  exec_ok (ann, "UPDATE data_values SET value = 10 WHERE unit_id = 'nanjing' AND field = 'gdp'");
  exec_ok (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                "VALUES (2020, 'suzhou', 'pop', 5, 'ann', 't')");
  exec_refused (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'nju', 'staff', 9, 'ann', 't')",
                "42501", "row-level security");
  /* The university's rows are invisible to her UPDATE and DELETE: nothing happens. */
  exec_ok (ann, "UPDATE data_values SET value = 99 WHERE unit_id = 'nju'");
  exec_ok (ann, "DELETE FROM data_values WHERE unit_id = 'nju'");
  /* Nor can she move a city's value to the university. */
  exec_refused (ann, "UPDATE data_values SET unit_id = 'nju' WHERE unit_id = 'suzhou' AND field = 'pop'",
                "42501", "row-level security");
  /* Frameworks, units and seals are the administrator's. */
  exec_refused (ann, "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'city', '<f/>')",
                "42501", "permission denied");
  exec_refused (ann, "UPDATE years SET sealed = 1", "42501", "permission denied");
  exec_refused (ann, "DELETE FROM evaluator_scopes", "42501", "permission denied");

  /* carl: Suzhou's gdp only. */
  carl = open_as ("carl");
  {
    g_autofree char *seen = rows (carl, ALL_VALUES);

    g_assert_cmpstr (seen, ==, "suzhou gdp 3");
  }
  exec_ok (carl, "UPDATE data_values SET value = 30 WHERE unit_id = 'suzhou' AND field = 'gdp'");
  exec_ok (carl, "UPDATE data_values SET value = 50 WHERE unit_id = 'suzhou' AND field = 'pop'");
  exec_refused (carl, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                      "VALUES (2020, 'nanjing', 'area', 6, 'carl', 't')",
                "42501", "row-level security");

  /* vic, the viewer: reads everything, writes nothing. */
  vic = open_as ("vic");
  {
    g_autofree char *seen = rows (vic, ALL_VALUES);

    g_assert_cmpstr (seen, ==, "nanjing gdp 10; nanjing pop 2; nju papers 4; suzhou gdp 30; suzhou pop 5");
  }
  exec_refused (vic, "UPDATE data_values SET value = 0", "42501", "permission denied");
  exec_refused (vic, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'nanjing', 'area', 6, 'vic', 't')",
                "42501", "permission denied");
  exec_refused (vic, "DELETE FROM data_values", "42501", "permission denied");
  exec_refused (vic, "INSERT INTO audit_log (seq, at, user_name, action, detail, prev_hash, hash) "
                     "VALUES (1, 't', 'vic', 'x', 'x', 'x', 'x')",
                "42501", "permission denied");

  /* What the administrator sees at the end: ann's and carl's edits within their scopes
   * (nanjing gdp 10, suzhou pop 5, suzhou gdp 30); the university's value untouched; carl's
   * write outside his field (suzhou pop 50) hidden from him and not made. */
  {
    g_autofree char *end = rows (admin, ALL_VALUES);

    g_assert_cmpstr (end, ==, "nanjing gdp 10; nanjing pop 2; nju papers 4; suzhou gdp 30; suzhou pop 5");
  }
  /* olga, an administrator login, writes anywhere. */
  {
    KhDb *olga = open_as ("olga");

    exec_ok (olga, "UPDATE data_values SET value = 44 WHERE unit_id = 'nju'");
    exec_ok (olga, "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'university', '<f/>')");
    kh_db_close (olga);
  }
  kh_db_close (vic);
  kh_db_close (carl);
  kh_db_close (ann);
  kh_db_close (admin);
}

static void
test_refusals (void)
{
  g_autoptr (KhCliRun) file = kh_test_cli_run ("init-server", "/tmp/project.kaohe", NULL);
  g_autoptr (KhCliRun) nothing = kh_test_cli_run ("init-server", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-server-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "t.kaohe", NULL);
  KhDb *db;

  /* A file is no server: usage error (2), nothing created. */
  g_assert_cmpint (file->status, ==, 2);
  g_assert_nonnull (strstr (file->err, "/tmp/project.kaohe is not a PostgreSQL URI (postgresql://… or service=…)"));
  g_assert_false (g_file_test ("/tmp/project.kaohe", G_FILE_TEST_EXISTS));
  g_assert_cmpint (nothing->status, ==, 2);
  g_assert_nonnull (strstr (nothing->err, "give one database URI"));

  /* kh_db_server_init on SQLite says why. */
  g_assert_no_error (error);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (kh_db_server_init (db, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "t.kaohe is not a PostgreSQL database: roles and "
                                                   "row-level security need a server "
                                                   "(postgresql://… or service=…)"));
  kh_db_close (db);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db-server/roles", test_roles);
  g_test_add_func ("/db-server/refusals", test_refusals);

  pg = kh_pg_harness_start (&error);
  g_assert_no_error (error);
  status = g_test_run ();
  kh_pg_harness_stop (pg, &error);
  g_assert_no_error (error);
  return status;
}
