/* kh-pg-harness.c — a throwaway PostgreSQL server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-pg-harness.h"

#include "io/kh-audit.h"
#include "io/kh-csv.h"
#include "io/kh-db-copy.h"
#include "io/kh-db-schema.h"
#include "io/kh-db-server.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct _KhPgHarness
{
  char *dir;         /* /tmp/kh-pg-XXXXXX: the socket, the log, data/ */
  char *datadir;     /* DIR/data */
  char *bindir;      /* /usr/lib/postgresql/N/bin */
  char *uri;
  gboolean as_postgres; /* root: the programs run as the postgres user */
  char *log;         /* DIR/server.log */
  char *options;     /* the server's options (pg_ctl -o) */
  gboolean started;
  GPid guard;        /* stops the server and removes DIR if the test dies first */
  int guard_fd;      /* the guard's stdin: "done" when the test cleaned up itself */
};

#define KH_PG_SUPERUSER "kaohe"
#define KH_PG_DATABASE "kaohe"

char *
kh_pg_harness_bindir (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  const char *name;
  int best = 0;

  /* Debian installs each major version's programs in /usr/lib/postgresql/N/bin. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *end = NULL;
      gint64 version = g_ascii_strtoll (name, &end, 10);
      g_autofree char *pg_ctl = g_build_filename ("/usr/lib/postgresql", name, "bin", "pg_ctl", NULL);

      if (end != name && *end == '\0' && version > best && version < G_MAXINT
          && g_file_test (pg_ctl, G_FILE_TEST_IS_EXECUTABLE))
        best = (int) version;
    }
  if (best == 0)
    return NULL;
  return g_strdup_printf ("/usr/lib/postgresql/%d/bin", best);
}

/* The argument vector of one of the server's programs: as the postgres user when root. */
static GPtrArray *
program_argv (KhPgHarness *self,
              const char  *program)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (self->as_postgres)
    {
      g_autofree char *runuser = g_find_program_in_path ("runuser");

      g_ptr_array_add (argv, runuser != NULL ? g_steal_pointer (&runuser)
                                             : g_strdup ("/usr/sbin/runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (self->bindir, program, NULL));
  return argv;
}

/* Runs @argv (NULL-terminated by the caller) in the harness folder; its output goes
 * into @error's message when it fails. */
static gboolean
run (KhPgHarness *self,
     GPtrArray   *argv,
     GError     **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (self->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);

      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed (status %d): %s%s",
                   line, status, out, err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_ctl_stop (KhPgHarness *self,
             GError     **error)
{
  g_autoptr (GPtrArray) argv = program_argv (self, "pg_ctl");

  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (self->datadir));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("fast"));
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("stop"));
  return run (self, argv, error);
}

static gboolean
pg_ctl_start (KhPgHarness *self,
              GError     **error)
{
  g_autoptr (GPtrArray) argv = program_argv (self, "pg_ctl");

  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (self->datadir));
  g_ptr_array_add (argv, g_strdup ("-l"));
  g_ptr_array_add (argv, g_strdup (self->log));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup (self->options));
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("start"));
  return run (self, argv, error);
}

static void
remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", "--", dir, NULL };
  int status = 0;

  g_spawn_sync ("/", (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                NULL);
}

static void
guard_setup (gpointer data)
{
  /* Out of the test's process group, so that a kill of the group (meson's timeout)
   * leaves the guard to clean up. */
  setsid ();
}

/* The guard: a shell that reads its stdin (our pipe) until "done" or the end, which comes
 * when this process dies; at the end without "done" it stops the server (immediately:
 * nothing of a dead test is worth keeping) and removes the folder. */
static gboolean
start_guard (KhPgHarness *self,
             GError     **error)
{
  static const char script[] =
    "dir=$1; shift\n"
    "read -r line\n"
    "if [ \"$line\" != done ]; then \"$@\"; rm -rf -- \"$dir\"; fi\n";
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) stop = program_argv (self, "pg_ctl");

  g_ptr_array_add (argv, g_strdup ("/bin/sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup ("kh-pg-guard"));
  g_ptr_array_add (argv, g_strdup (self->dir));
  for (guint i = 0; i < stop->len; i++)
    g_ptr_array_add (argv, g_strdup (stop->pdata[i]));
  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (self->datadir));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("immediate"));
  g_ptr_array_add (argv, g_strdup ("stop"));
  g_ptr_array_add (argv, NULL);
  return g_spawn_async_with_pipes ("/", (char **) argv->pdata, NULL,
                                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                   | G_SPAWN_STDERR_TO_DEV_NULL,
                                   guard_setup, NULL, &self->guard, &self->guard_fd, NULL, NULL,
                                   error);
}

static void
stop_guard (KhPgHarness *self)
{
  int status = 0;

  if (self->guard_fd < 0)
    return;
  if (write (self->guard_fd, "done\n", 5) != 5)
    g_warning ("kh-pg-harness: telling the guard: %s", g_strerror (errno));
  close (self->guard_fd);
  self->guard_fd = -1;
  while (waitpid (self->guard, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (self->guard);
}

static void
harness_free (KhPgHarness *self)
{
  g_free (self->dir);
  g_free (self->datadir);
  g_free (self->bindir);
  g_free (self->uri);
  g_free (self->log);
  g_free (self->options);
  g_free (self);
}

/* CREATE DATABASE kaohe through the postgres database. */
static gboolean
create_database (KhPgHarness *self,
                 GError     **error)
{
  g_autofree char *uri = kh_pg_harness_uri_of (self, "postgres");
  PGconn *conn = PQconnectdb (uri);
  PGresult *res = NULL;
  gboolean ok = FALSE;

  if (PQstatus (conn) != CONNECTION_OK)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "connecting to %s: %s", uri,
                 PQerrorMessage (conn));
  else
    {
      res = PQexec (conn, "CREATE DATABASE " KH_PG_DATABASE);
      ok = PQresultStatus (res) == PGRES_COMMAND_OK;
      if (!ok)
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "CREATE DATABASE: %s",
                     PQresultErrorMessage (res));
      PQclear (res);
    }
  PQfinish (conn);
  return ok;
}

KhPgHarness *
kh_pg_harness_start (GError **error)
{
  KhPgHarness *self = g_new0 (KhPgHarness, 1);
  g_autofree char *template = g_strdup ("/tmp/kh-pg-XXXXXX");
  g_autoptr (GPtrArray) initdb = NULL;

  self->guard_fd = -1;
  self->as_postgres = geteuid () == 0;
  self->bindir = kh_pg_harness_bindir ();
  if (self->bindir == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                   "no PostgreSQL server in /usr/lib/postgresql/*/bin (Debian's postgresql)");
      harness_free (self);
      return NULL;
    }
  /* Under /tmp, short: the socket's path must fit in 107 bytes, and the postgres user
   * must reach it. */
  if (g_mkdtemp (template) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "mkdtemp: %s",
                   g_strerror (errno));
      harness_free (self);
      return NULL;
    }
  self->dir = g_steal_pointer (&template);
  self->datadir = g_build_filename (self->dir, "data", NULL);
  self->uri = kh_pg_harness_uri_of (self, KH_PG_DATABASE);
  if (self->as_postgres)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL || chown (self->dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "running as root, but no postgres user to own %s (%s)", self->dir,
                       pw == NULL ? "no such user" : g_strerror (errno));
          remove_dir (self->dir);
          harness_free (self);
          return NULL;
        }
    }
  /* The socket is in this folder: nobody but the test's user (or, as root, the postgres
   * user and root) may enter it, so no other account of the machine can connect. */
  g_chmod (self->dir, 0700);
  if (!start_guard (self, error))
    {
      remove_dir (self->dir);
      harness_free (self);
      return NULL;
    }

  initdb = program_argv (self, "initdb");
  g_ptr_array_add (initdb, g_strdup ("-D"));
  g_ptr_array_add (initdb, g_strdup (self->datadir));
  g_ptr_array_add (initdb, g_strdup ("-U"));
  g_ptr_array_add (initdb, g_strdup (KH_PG_SUPERUSER));
  g_ptr_array_add (initdb, g_strdup ("--auth=trust"));
  g_ptr_array_add (initdb, g_strdup ("--encoding=UTF8"));
  g_ptr_array_add (initdb, g_strdup ("--locale=C"));
  g_ptr_array_add (initdb, g_strdup ("--no-sync"));
  g_ptr_array_add (initdb, g_strdup ("--no-instructions"));
  if (!run (self, initdb, error))
    goto fail;

  /* No TCP at all; the socket in our folder, which only we may enter, and only for us;
   * nothing written to disk that need last. */
  self->log = g_build_filename (self->dir, "server.log", NULL);
  self->options = g_strdup_printf ("-c listen_addresses='' -k %s -c unix_socket_permissions=0700 "
                                   "-c fsync=off -c synchronous_commit=off "
                                   "-c full_page_writes=off",
                                   self->dir);
  if (!pg_ctl_start (self, error))
    goto fail;
  self->started = TRUE;
  if (!create_database (self, error))
    goto fail;
  return self;

fail:
  if (self->started)
    pg_ctl_stop (self, NULL);
  remove_dir (self->dir);
  stop_guard (self);
  harness_free (self);
  return NULL;
}

const char *
kh_pg_harness_uri (KhPgHarness *self)
{
  return self->uri;
}

char *
kh_pg_harness_uri_of (KhPgHarness *self,
                      const char  *dbname)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=" KH_PG_SUPERUSER, dbname, self->dir);
}

char *
kh_pg_harness_uri_as (KhPgHarness *self,
                      const char  *dbname,
                      const char  *user)
{
  g_autofree char *create = NULL;
  g_autofree char *escaped = g_uri_escape_string (user, NULL, FALSE);
  KhDb *admin;

  g_assert_null (strpbrk (user, "'\"\\"));
  create = g_strdup_printf ("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                            "'%s') THEN CREATE ROLE \"%s\" LOGIN SUPERUSER; END IF; END $$",
                            user, user);
  admin = kh_pg_harness_open (self);
  kh_pg_harness_exec (admin, create);
  kh_db_close (admin);
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", dbname != NULL ? dbname : "kaohe",
                          self->dir, escaped);
}

const char *
kh_pg_harness_dir (KhPgHarness *self)
{
  return self->dir;
}

gboolean
kh_pg_harness_stop_server (KhPgHarness *self,
                           GError     **error)
{
  g_return_val_if_fail (self->started, FALSE);
  if (!pg_ctl_stop (self, error))
    return FALSE;
  self->started = FALSE;
  return TRUE;
}

gboolean
kh_pg_harness_start_server (KhPgHarness *self,
                            GError     **error)
{
  g_return_val_if_fail (!self->started, FALSE);
  if (!pg_ctl_start (self, error))
    return FALSE;
  self->started = TRUE;
  return TRUE;
}

gboolean
kh_pg_harness_stop (KhPgHarness *self,
                    GError     **error)
{
  gboolean ok = TRUE;

  if (self->started)
    ok = pg_ctl_stop (self, error);
  remove_dir (self->dir);
  stop_guard (self);
  harness_free (self);
  return ok;
}

int
kh_pg_harness_run_tests (KhPgHarness **self)
{
  g_autoptr (GError) error = NULL;

  *self = kh_pg_harness_start (&error);
  g_assert_no_error (error);
  return kh_pg_harness_run_and_stop (self);
}

static void
skip_pg (void)
{
  g_test_skip ("PostgreSQL's programs (initdb, pg_ctl) are not installed");
}

gboolean
kh_pg_harness_start_if_installed (KhPgHarness **self,
                                  const char   *skip_path)
{
  g_autofree char *bindir = kh_pg_harness_bindir ();
  g_autoptr (GError) error = NULL;

  *self = NULL;
  if (bindir == NULL)
    {
      g_test_add_func (skip_path, skip_pg);
      return FALSE;
    }
  *self = kh_pg_harness_start (&error);
  g_assert_no_error (error);
  return TRUE;
}

int
kh_pg_harness_run_and_stop (KhPgHarness **self)
{
  g_autoptr (GError) error = NULL;
  int status = g_test_run ();

  if (*self != NULL)
    {
      kh_pg_harness_stop (g_steal_pointer (self), &error);
      g_assert_no_error (error);
    }
  return status;
}

char *
kh_pg_harness_new_database (KhPgHarness *self,
                            const char  *name)
{
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  KhDb *admin = kh_pg_harness_open (self);

  /* One statement each: CREATE DATABASE cannot run in the transaction of several. */
  kh_pg_harness_exec (admin, drop);
  kh_pg_harness_exec (admin, create);
  kh_db_close (admin);
  return kh_pg_harness_uri_of (self, name);
}

KhDb *
kh_pg_harness_open (KhPgHarness *self)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (kh_pg_harness_uri (self), &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

KhDb *
kh_pg_harness_open_empty (KhPgHarness *self)
{
  KhDb *db = kh_pg_harness_open (self);

  kh_pg_harness_exec (db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  return db;
}

void
kh_pg_harness_exec (KhDb       *db,
                    const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!kh_db_exec (db, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

void
kh_pg_harness_exec_refused (KhDb       *db,
                            const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (kh_db_exec (db, sql, &error))
    g_error ("%s: accepted, but the store should have refused it", sql);
  g_test_message ("%s: refused: %s", sql, error->message);
  g_assert_true (g_error_matches (error, KH_DB_ERROR, KH_DB_ERROR_CONSTRAINT)
                 || g_error_matches (error, KH_DB_ERROR, KH_DB_ERROR_RAISED));
}

void
kh_pg_harness_drop_trigger (KhDb       *db,
                            const char *name,
                            const char *table)
{
  g_autofree char *sql = NULL;

  if (kh_db_backend (db) == KH_DB_POSTGRESQL)
    sql = g_strdup_printf ("DROP TRIGGER %s ON %s", name, table);
  else
    sql = g_strdup_printf ("DROP TRIGGER %s", name);
  kh_pg_harness_exec (db, sql);
}

void
kh_pg_harness_add_on_both (KhPgHarness     *self,
                           const char      *prefix,
                           const char      *name,
                           gsize            size,
                           GTestFixtureFunc set_up,
                           GTestFixtureFunc func,
                           GTestFixtureFunc tear_down)
{
  g_autofree char *sqlite = g_strdup_printf ("%s/sqlite/%s", prefix, name);

  g_test_add_vtable (sqlite, size, GINT_TO_POINTER (KH_DB_SQLITE), set_up, func, tear_down);
  if (self != NULL)
    {
      g_autofree char *pg = g_strdup_printf ("%s/pg/%s", prefix, name);

      g_test_add_vtable (pg, size, GINT_TO_POINTER (KH_DB_POSTGRESQL), set_up, func, tear_down);
    }
}

KhProject *
kh_pg_harness_new_project (KhPgHarness *self,
                           KhDbBackend  backend,
                           gboolean     server_ready,
                           KhDb       **raw,
                           char       **dir,
                           char       **target)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *where = NULL;
  KhProject *project;

  g_assert_nonnull (raw);
  if (backend == KH_DB_SQLITE)
    {
      g_autofree char *folder = g_dir_make_tmp ("kh-project-XXXXXX", &error);

      g_assert_no_error (error);
      g_assert_nonnull (dir);
      where = g_build_filename (folder, "t.kaohe", NULL);
      project = kh_project_create (where, &error);
      g_assert_no_error (error);
      *raw = kh_db_open (where, &error);
      g_assert_no_error (error);
      *dir = g_steal_pointer (&folder);
    }
  else
    {
      g_assert_nonnull (self);
      *raw = kh_pg_harness_open_empty (self);
      if (server_ready)
        g_assert_true (kh_db_server_init (*raw, &error));
      else
        g_assert_true (kh_db_schema_create (*raw, KH_PROJECT_SCHEMA_VERSION, &error));
      g_assert_no_error (error);
      where = g_strdup (kh_pg_harness_uri (self));
      project = kh_project_open (where, &error);
      g_assert_no_error (error);
    }
  if (target != NULL)
    *target = g_steal_pointer (&where);
  return project;
}

KhProject *
kh_pg_harness_copy_project (KhPgHarness *self,
                            const char  *path,
                            KhDb       **raw)
{
  g_autoptr (GError) error = NULL;
  KhProject *project = kh_project_open (path, &error);
  KhDb *src;

  g_assert_no_error (error);
  kh_project_close (project);
  src = kh_db_open (path, &error);
  g_assert_no_error (error);
  *raw = kh_pg_harness_open_empty (self);
  g_assert_true (kh_db_copy (src, *raw, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  kh_db_close (src);
  project = kh_project_open (kh_pg_harness_uri (self), &error);
  g_assert_no_error (error);
  return project;
}

gint64
kh_pg_harness_count (KhDb       *db,
                     const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  g_assert_no_error (error);
  return kh_db_column_int64 (stmt, 0);
}

gint64
kh_pg_harness_assert_chain (KhDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db,
                                             "SELECT seq, at, user_name, action, year, detail, "
                                             "prev_hash, hash FROM audit_log ORDER BY seq",
                                             &error);
  g_autofree char *prev = g_strdup (KH_AUDIT_GENESIS);
  gint64 seq = 0;

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      g_autofree char *canonical = NULL;
      g_autofree char *hash = NULL;

      g_assert_cmpint (kh_db_column_int64 (stmt, 0), ==, ++seq);
      g_assert_cmpstr (kh_db_column_text (stmt, 6), ==, prev);
      canonical = kh_audit_canonical (seq, kh_db_column_text (stmt, 1),
                                      kh_db_column_text (stmt, 2), kh_db_column_text (stmt, 3),
                                      (int) kh_db_column_int64 (stmt, 4),
                                      kh_db_column_text (stmt, 5));
      hash = kh_audit_hash (prev, canonical);
      g_assert_cmpstr (kh_db_column_text (stmt, 7), ==, hash);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  g_assert_no_error (error);
  return seq;
}

void
kh_pg_harness_add_sample (KhProject *project)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units_path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                                  "project", "units.csv", NULL);
  g_autofree char *fw_path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                               "project", "framework-2020.xml", NULL);
  g_autoptr (KhCsvTable) units = kh_csv_read_file (units_path, NULL, &error);
  g_autofree char *xml = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, units, "units.csv", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml",
                                           &error));
  g_assert_no_error (error);
}

void
kh_pg_harness_exec_refused_as (KhDb       *db,
                               const char *sql,
                               KhDbError   code)
{
  g_autoptr (GError) error = NULL;

  if (kh_db_exec (db, sql, &error))
    g_error ("%s: not refused", sql);
  g_assert_error (error, KH_DB_ERROR, (int) code);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char *
kh_pg_harness_store_rows (KhDb *db)
{
  g_auto (GStrv) tables = kh_db_copy_tables ();
  GString *out = g_string_new (NULL);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

      g_assert_no_error (error);
      while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < kh_db_column_count (stmt); c++)
            {
              if (c > 0)
                g_string_append_c (row, '\t');
              g_string_append (row, kh_db_column_is_null (stmt, c) ? "\\N"
                                                                   : kh_db_column_text (stmt, c));
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      g_assert_no_error (error);
      g_ptr_array_sort (rows, compare_strings);
      g_string_append_printf (out, "%s\n", tables[t]);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (out, "%s\n", (char *) rows->pdata[r]);
    }
  return g_string_free (out, FALSE);
}

KhProject *
kh_pg_harness_new_project_database (KhPgHarness *self,
                                    const char  *dbname,
                                    char       **uri)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *where = kh_pg_harness_new_database (self, dbname);
  KhDb *db = kh_db_open (where, &error);
  KhProject *project;

  g_assert_no_error (error);
  g_assert_true (kh_db_schema_create (db, KH_PROJECT_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  kh_db_close (db);
  project = kh_project_open (where, &error);
  g_assert_no_error (error);
  if (uri != NULL)
    *uri = g_steal_pointer (&where);
  return project;
}
