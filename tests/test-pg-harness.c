/* test-pg-harness.c — the throwaway PostgreSQL server of the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "kh-pg-harness.h"

/* The single text value of @sql on @conn. */
static char *
query_text (PGconn     *conn,
            const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *text;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  text = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return text;
}

/* Waits up to @seconds for @path to vanish. */
static gboolean
vanishes (const char *path,
          int         seconds)
{
  for (int i = 0; i < seconds * 20; i++)
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (G_USEC_PER_SEC / 20);
    }
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* No such process, or only a zombie's entry left for its reaper. */
static gboolean
process_gone (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (kill (pid, 0) != 0 && errno == ESRCH)
    return TRUE;
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  paren = strrchr (stat, ')');
  return paren != NULL && paren[1] == ' ' && paren[2] == 'Z';
}

/* Waits up to @seconds for process @pid to end: pg_ctl returns once the postmaster has
 * removed its pid file, which it does on its way out, a moment before the process ends. */
static gboolean
process_ends (GPid pid,
              int  seconds)
{
  for (int i = 0; i < seconds * 20; i++)
    {
      if (process_gone (pid))
        return TRUE;
      g_usleep (G_USEC_PER_SEC / 20);
    }
  return process_gone (pid);
}

/* The postmaster's process id: the first line of DATADIR/postmaster.pid. */
static GPid
postmaster_pid (KhPgHarness *pg)
{
  g_autofree char *path = g_build_filename (kh_pg_harness_dir (pg), "data", "postmaster.pid", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return (GPid) g_ascii_strtoll (text, NULL, 10);
}

static void
test_start_stop (void)
{
  g_autoptr (GError) error = NULL;
  KhPgHarness *pg = kh_pg_harness_start (&error);
  g_autofree char *dir = NULL;
  g_autofree char *version = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *sockets = NULL;
  g_autofree char *user = NULL;
  g_autofree char *socket_mode = NULL;
  GStatBuf st;
  PGconn *conn;
  GPid pid;
  int major;

  g_assert_no_error (error);
  g_assert_nonnull (pg);
  dir = g_strdup (kh_pg_harness_dir (pg));
  g_assert_true (g_str_has_prefix (dir, "/tmp/kh-pg-"));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  /* Only the test's user (and, as root, the server's postgres user) enters the folder of
   * the socket, and the socket itself is its owner's only. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);

  conn = PQconnectdb (kh_pg_harness_uri (pg));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  /* "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, …" */
  version = query_text (conn, "SELECT version()");
  g_assert_true (g_str_has_prefix (version, "PostgreSQL "));
  major = (int) g_ascii_strtoll (version + strlen ("PostgreSQL "), NULL, 10);
  g_assert_cmpint (major, >=, 15);
  g_assert_cmpint (PQserverVersion (conn), >=, 150000);
  g_assert_cmpint (PQserverVersion (conn) / 10000, ==, major);
  /* No TCP; the socket in the harness's folder; the database and user of the URI. */
  listen = query_text (conn, "SHOW listen_addresses");
  g_assert_cmpstr (listen, ==, "");
  sockets = query_text (conn, "SHOW unix_socket_directories");
  g_assert_cmpstr (sockets, ==, dir);
  socket_mode = query_text (conn, "SHOW unix_socket_permissions");
  g_assert_cmpstr (socket_mode, ==, "0700");
  g_assert_cmpstr (PQdb (conn), ==, "kaohe");
  user = query_text (conn, "SELECT current_user");
  g_assert_cmpstr (user, ==, "kaohe");
  PQfinish (conn);

  pid = postmaster_pid (pg);
  g_assert_true (kh_pg_harness_stop (pg, &error));
  g_assert_no_error (error);
  /* Removed by the time stop returns; the postmaster ends a moment later. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (process_ends (pid, 30));
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQclear (res);
}

/* The server stopped (fast) and started again: a session open across it is ended, a new
 * one finds what was committed before; an uncommitted transaction is gone. */
static void
test_restart (void)
{
  g_autoptr (GError) error = NULL;
  KhPgHarness *pg = kh_pg_harness_start (&error);
  g_autofree char *rows = NULL;
  PGconn *conn, *open_tx;
  PGresult *res;
  GPid pid;

  g_assert_no_error (error);
  conn = PQconnectdb (kh_pg_harness_uri (pg));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  exec_ok (conn, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
  open_tx = PQconnectdb (kh_pg_harness_uri (pg));
  g_assert_cmpint (PQstatus (open_tx), ==, CONNECTION_OK);
  exec_ok (open_tx, "BEGIN; INSERT INTO t VALUES (2)");
  pid = postmaster_pid (pg);

  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_true (process_ends (pid, 30));
  g_assert_true (g_file_test (kh_pg_harness_dir (pg), G_FILE_TEST_IS_DIR));
  /* The open sessions were ended by the server. */
  res = PQexec (conn, "SELECT 1");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_BAD);
  PQclear (res);
  PQfinish (conn);
  PQfinish (open_tx);

  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);
  conn = PQconnectdb (kh_pg_harness_uri (pg));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  rows = query_text (conn, "SELECT string_agg (x::text, ',' ORDER BY x) FROM t");
  g_assert_cmpstr (rows, ==, "1");
  PQfinish (conn);
  g_assert_true (kh_pg_harness_stop (pg, &error));
  g_assert_no_error (error);
}

/* The subprocess starts a server, writes where and which process, and aborts as a failed
 * assertion does: the guard must stop the server and remove the folder. */
static void
test_cleanup_after_crash (void)
{
  const char *record = g_getenv ("KH_PG_HARNESS_RECORD");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *record_path = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_subprocess ())
    {
      KhPgHarness *pg = kh_pg_harness_start (&error);
      g_autofree char *line = NULL;

      g_assert_no_error (error);
      line = g_strdup_printf ("%s\n%d\n", kh_pg_harness_dir (pg), postmaster_pid (pg));
      g_file_set_contents (record, line, -1, &error);
      g_assert_no_error (error);
      abort ();
    }

  scratch = g_dir_make_tmp ("kh-pg-test-XXXXXX", &error);
  g_assert_no_error (error);
  record_path = g_build_filename (scratch, "record", NULL);
  g_setenv ("KH_PG_HARNESS_RECORD", record_path, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_unsetenv ("KH_PG_HARNESS_RECORD");

  g_file_get_contents (record_path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "/tmp/kh-pg-"));
  /* The guard works after the test's death: give it the time of a stop. */
  g_assert_true (vanishes (lines[0], 30));
  g_assert_true (process_ends ((GPid) g_ascii_strtoll (lines[1], NULL, 10), 30));
  g_unlink (record_path);
  g_rmdir (scratch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pg/harness/start-stop", test_start_stop);
  g_test_add_func ("/pg/harness/restart", test_restart);
  g_test_add_func ("/pg/harness/cleanup-after-crash", test_cleanup_after_crash);
  return g_test_run ();
}
