/* test-server-writes.c — who writes on a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, on a throwaway server (kh-pg-harness.h), one database per case.
 *
 * login: the administrator's login olga, with KAOHE_USER=mallory, imports units, a
 * framework and data, seals the year: every audit row, value and framework version names
 * olga, none mallory; kh_project_set_user() changes nothing on a server; `--user` on a
 * server is refused, nothing written; the chain walks and `verify` passes.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

static char *
data_path (const char *folder,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", folder, name, NULL);
}

/* kaohe-cli with @args in English, KAOHE_USER=mallory. */
static KhCliRun *
cli (const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static KhCliRun *
cli (const char *first,
     ...)
{
  const char *const env[] = { "KAOHE_USER=mallory", "LANGUAGE=en", "LC_ALL=C.UTF-8",
                              "SOURCE_DATE_EPOCH=1600000000", NULL };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return kh_test_cli_runv_env (env, (const char *const *) args->pdata);
}

/* @run succeeded, saying nothing on stderr. */
static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0 || *run->err != '\0')
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
}

/* @text holds @part; the test fails showing both otherwise. */
static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected “%s” in “%s”", part, text);
}

/* The rows of @sql on @db, their first column each followed by ";". */
static char *
column (KhDb       *db,
        const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    g_string_append_printf (out, "%s;", kh_db_column_is_null (stmt, 0)
                                          ? "NULL"
                                          : kh_db_column_text (stmt, 0));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* A database @name made ready as init-server makes it, with the logins olga
 * (administrator) and ann (evaluator); its URI as @login. */
static char *
new_server (const char *name,
            const char *login,
            KhDb      **raw)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, name);

  *raw = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_server_init (*raw, &error));
  g_assert_no_error (error);
  kh_pg_harness_exec (*raw,
                      "DO $$ BEGIN\n"
                      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'olga') THEN\n"
                      "    CREATE ROLE olga LOGIN IN ROLE kaohe_admin; END IF;\n"
                      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
                      "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
                      "END $$");
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", name, kh_pg_harness_dir (pg),
                          login);
}

/* The administrator olga writes; KAOHE_USER and --user do not name the writer. */
static void
test_login (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *raw = NULL;
  g_autofree char *olga = new_server ("writes_login", "olga", &raw);
  g_autofree char *units = data_path ("project", "units.csv");
  g_autofree char *fw = data_path ("project", "framework-2020.xml");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autoptr (KhCliRun) r_units = cli ("import", olga, "--units", units, NULL);
  g_autoptr (KhCliRun) r_fw = cli ("import", olga, "--year", "2020", "--framework", fw, NULL);
  g_autoptr (KhCliRun) r_data = cli ("import", olga, "--year", "2020", data, NULL);
  g_autoptr (KhCliRun) r_user = NULL, r_seal = NULL, r_verify = NULL;
  g_autofree char *users = NULL, *actions = NULL;
  g_autoptr (KhProject) project = NULL;
  gint64 rows;

  assert_ok (r_units);
  assert_ok (r_fw);
  assert_ok (r_data);
  /* --user names someone else: refused before anything is opened. */
  rows = kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log");
  r_user = cli ("set", olga, "--year", "2020", "--unit", "nanjing", "--field", "gdp", "5",
                "--user", "mallory", NULL);
  g_assert_cmpint (r_user->status, ==, 2);
  assert_contains (r_user->err, "kaohe-cli: --user: a project on a server names in its audit "
                                "log the login the server knows you by");
  g_assert_null (strstr (r_user->err, "host="));
  g_assert_cmpint (kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log"), ==, rows);
  r_seal = cli ("seal", olga, "--year", "2020", NULL);
  assert_ok (r_seal);

  /* Every writer's name is olga's: the audit rows (units, framework, import, compute,
   * seal), the values, the framework's version. */
  actions = column (raw, "SELECT action FROM audit_log ORDER BY seq");
  g_assert_cmpstr (actions, ==, "units;framework;import;compute;seal;");
  users = column (raw, "SELECT DISTINCT user_name FROM audit_log");
  g_assert_cmpstr (users, ==, "olga;");
  g_clear_pointer (&users, g_free);
  users = column (raw, "SELECT DISTINCT edited_by FROM data_values");
  g_assert_cmpstr (users, ==, "olga;");
  g_clear_pointer (&users, g_free);
  users = column (raw, "SELECT DISTINCT saved_by FROM framework_versions");
  g_assert_cmpstr (users, ==, "olga;");

  /* In the library too: the login, whatever is set. */
  g_setenv ("KAOHE_USER", "mallory", TRUE);
  project = kh_project_open (olga, &error);
  g_unsetenv ("KAOHE_USER");
  g_assert_no_error (error);
  g_assert_cmpstr (kh_project_get_user (project), ==, "olga");
  kh_project_set_user (project, "mallory");
  g_assert_cmpstr (kh_project_get_user (project), ==, "olga");

  g_assert_cmpint (kh_pg_harness_assert_chain (raw), ==, 5);
  r_verify = cli ("verify", olga, NULL);
  assert_ok (r_verify);
  g_assert_true (g_str_has_suffix (r_verify->out, ": verified\n"));
  kh_db_close (raw);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-writes/login", test_login);
  return kh_pg_harness_run_tests (&pg);
}
