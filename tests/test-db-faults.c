/* test-db-faults.c — KhDb when a writer dies or the server restarts (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a throwaway server: a writer process killed in the middle of a transaction leaves
 * nothing of it (and no lock behind); a server stopped (pg_ctl stop -m fast) and started
 * again under an open KhDb: the next operation reconnects when no transaction was open,
 * fails with a clear message while the server is down, and a transaction open across the
 * restart is reported lost (never continued outside a transaction) until rolled back.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/kh-db.h"
#include "kh-pg-harness.h"

static KhPgHarness *pg;

/* The single value of @sql as text ("" for none). */
static char *
value_of (KhDb       *db,
          const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  if (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    text = g_strdup (kh_db_column_is_null (stmt, 0) ? "" : kh_db_column_text (stmt, 0));
  g_assert_no_error (error);
  return text != NULL ? text : g_strdup ("");
}

static void
insert_row (KhDb   *db,
            gint64  x,
            GError **error)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, "INSERT INTO faults (x) VALUES (?)", error);

  if (stmt == NULL)
    return;
  kh_db_bind_int64 (stmt, 1, x);
  kh_db_step (stmt, error);
}

static void
restart_server (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);
}

/* The child: commits rows 1–50, then inserts 51–100 in a transaction it never ends, says
 * so on @ready and waits to be killed. Only libpq and GLib; no GTest machinery. */
static void G_GNUC_NORETURN
writer (int ready)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (kh_pg_harness_uri (pg), &error);

  if (db == NULL || !kh_db_begin (db, &error))
    _exit (2);
  for (gint64 x = 1; x <= 50 && error == NULL; x++)
    insert_row (db, x, &error);
  if (error != NULL || !kh_db_commit (db, &error) || !kh_db_begin (db, &error))
    _exit (3);
  for (gint64 x = 51; x <= 100 && error == NULL; x++)
    insert_row (db, x, &error);
  if (error != NULL || write (ready, "r", 1) != 1)
    _exit (4);
  for (;;)
    pause ();
}

static void
test_kill_writer (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_pg_harness_open (pg);
  g_autofree char *count = NULL;
  g_autofree char *after = NULL;
  int fds[2];
  char byte = 0;
  int status = 0;
  pid_t pid;

  kh_pg_harness_exec (db, "CREATE TABLE faults (x BIGINT PRIMARY KEY)");
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      writer (fds[1]);
    }
  close (fds[1]);
  /* Killed once its second transaction holds rows 51–100, uncommitted. */
  g_assert_cmpint (read (fds[0], &byte, 1), ==, 1);
  g_assert_cmpint (byte, ==, 'r');
  close (fds[0]);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The first transaction whole, nothing of the second. */
  count = value_of (db, "SELECT count(*) || ' ' || min(x) || ' ' || max(x) FROM faults");
  g_assert_cmpstr (count, ==, "50 1 50");
  /* Its locks went with it: the same keys can be written (this waits, if need be, for the
   * server to see the client gone). */
  g_assert_true (kh_db_begin (db, &error));
  g_assert_no_error (error);
  for (gint64 x = 51; x <= 100; x++)
    {
      insert_row (db, x, &error);
      g_assert_no_error (error);
    }
  g_assert_true (kh_db_commit (db, &error));
  g_assert_no_error (error);
  after = value_of (db, "SELECT count(*) || ' ' || sum(x) FROM faults");
  g_assert_cmpstr (after, ==, "100 5050");
  kh_pg_harness_exec (db, "DROP TABLE faults");
  kh_db_close (db);
}

/* Idle across a restart: the next operation reconnects, with the session's settings. */
static void
test_restart_idle (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_pg_harness_open (pg);
  g_autofree char *digits = NULL;
  g_autofree char *rows = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;

  kh_pg_harness_exec (db, "CREATE TABLE faults (x BIGINT PRIMARY KEY, d DOUBLE PRECISION)");
  kh_pg_harness_exec (db, "INSERT INTO faults VALUES (1, NULL)");
  restart_server ();

  /* A statement with parameters first: it must not be sent on the dead session. */
  stmt = kh_db_prepare (db, "INSERT INTO faults VALUES (2, ?)", &error);
  g_assert_no_error (error);
  kh_db_bind_double (stmt, 1, 0.1 + 0.2);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_DONE);
  g_assert_no_error (error);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  /* The new session asks for the exact text of doubles again. */
  digits = value_of (db, "SHOW extra_float_digits");
  g_assert_cmpstr (digits, ==, "3");
  rows = value_of (db, "SELECT string_agg (x || ':' || COALESCE (d::text, '-'), ' ' ORDER BY x) "
                       "FROM faults");
  g_assert_cmpstr (rows, ==, "1:- 2:0.30000000000000004");
  kh_pg_harness_exec (db, "DROP TABLE faults");
  kh_db_close (db);
}

/* While the server is down: a clear message, every time, and no harm; then it is back. */
static void
test_server_down (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_pg_harness_open (pg);
  g_autofree char *prefix = g_strdup_printf ("Cannot reconnect to %s: ", kh_db_name (db));
  g_autofree char *rows = NULL;

  kh_pg_harness_exec (db, "CREATE TABLE faults (x BIGINT PRIMARY KEY)");
  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);

  for (int i = 0; i < 2; i++)
    {
      g_assert_false (kh_db_exec (db, "INSERT INTO faults VALUES (1)", &error));
      g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
      g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "08001");
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("“%s” does not begin “%s”", error->message, prefix);
      /* libpq's reason names the socket it tried. */
      g_assert_nonnull (strstr (error->message, kh_pg_harness_dir (pg)));
      g_clear_error (&error);
    }
  g_assert_false (kh_db_begin (db, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_clear_error (&error);
  kh_db_rollback (db); /* nothing to roll back; must not fail or hang */
  insert_row (db, 2, &error);
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_clear_error (&error);

  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);
  insert_row (db, 3, &error);
  g_assert_no_error (error);
  rows = value_of (db, "SELECT string_agg (x::text, ' ' ORDER BY x) FROM faults");
  g_assert_cmpstr (rows, ==, "3");
  kh_pg_harness_exec (db, "DROP TABLE faults");
  kh_db_close (db);
}

/* A transaction open across a restart is gone: the statements that follow fail (they do
 * not run on their own, outside it) until it is rolled back; then the next reconnects. */
static void
test_restart_in_transaction (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_pg_harness_open (pg);
  g_autofree char *rows = NULL;

  kh_pg_harness_exec (db, "CREATE TABLE faults (x BIGINT PRIMARY KEY)");
  g_assert_true (kh_db_begin (db, &error));
  insert_row (db, 1, &error);
  g_assert_no_error (error);
  restart_server ();

  for (int i = 2; i <= 3; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("Lost the connection to %s: the open "
                                                 "transaction was rolled back",
                                                 kh_db_name (db));

      insert_row (db, i, &error);
      g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("“%s” does not begin “%s”", error->message, prefix);
      g_clear_error (&error);
    }
  g_assert_false (kh_db_commit (db, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_clear_error (&error);
  kh_db_rollback (db);

  insert_row (db, 4, &error);
  g_assert_no_error (error);
  rows = value_of (db, "SELECT string_agg (x::text, ' ' ORDER BY x) FROM faults");
  g_assert_cmpstr (rows, ==, "4");
  kh_pg_harness_exec (db, "DROP TABLE faults");
  kh_db_close (db);
}

/* kh_db_transaction: the restart happens inside the function. A lost connection is not a
 * serialization failure: no second attempt (the caller decides), nothing written; the
 * next transaction runs on a new connection. */
static gboolean
insert_restart_insert (KhDb    *db,
                       gpointer user_data,
                       GError **error)
{
  GError *local = NULL;

  insert_row (db, 1, &local);
  g_assert_no_error (local);
  restart_server ();
  insert_row (db, 2, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_five (KhDb    *db,
             gpointer user_data,
             GError **error)
{
  GError *local = NULL;

  insert_row (db, 5, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static void
test_restart_in_kh_db_transaction (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_pg_harness_open (pg);
  g_autofree char *rows = NULL;

  kh_pg_harness_exec (db, "CREATE TABLE faults (x BIGINT PRIMARY KEY)");
  g_assert_false (kh_db_transaction (db, insert_restart_insert, NULL, 0, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "the open transaction was rolled back"));
  g_assert_cmpuint (kh_db_last_attempts (db), ==, 1);
  g_clear_error (&error);

  g_assert_true (kh_db_transaction (db, insert_five, NULL, 0, &error));
  g_assert_no_error (error);
  rows = value_of (db, "SELECT string_agg (x::text, ' ' ORDER BY x) FROM faults");
  g_assert_cmpstr (rows, ==, "5");
  kh_pg_harness_exec (db, "DROP TABLE faults");
  kh_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db-faults/kill-writer", test_kill_writer);
  g_test_add_func ("/db-faults/restart-idle", test_restart_idle);
  g_test_add_func ("/db-faults/server-down", test_server_down);
  g_test_add_func ("/db-faults/restart-in-transaction", test_restart_in_transaction);
  g_test_add_func ("/db-faults/restart-in-kh-db-transaction", test_restart_in_kh_db_transaction);

  return kh_pg_harness_run_tests (&pg);
}
