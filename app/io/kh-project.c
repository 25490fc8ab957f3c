/* kh-project.c — the project file: opening, checks, Save As, units, years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kh-atomic-file.h"
#include "kh-audit.h"
#include "kh-db-copy.h"
#include "kh-db-schema.h"
#include "kh-db-sqlite.h"
#include "kh-file-checked.h"
#include "kh-io-error.h"
#include "kh-project-check.h"
#include "kh-project-private.h"

static KhProject *
project_new (const char *path)
{
  KhProject *self = g_new0 (KhProject, 1);
  const char *user = g_getenv ("KAOHE_USER");

  self->path = g_strdup (path);
  self->user = g_strdup (user != NULL && *user != '\0' ? user : g_get_user_name ());
  g_mutex_init (&self->plan_lock);
  self->plan_cache = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_cached_plan_free);
  return self;
}

void
kh_cached_plan_free (KhCachedPlan *cached)
{
  if (cached == NULL)
    return;
  g_free (cached->category);
  if (cached->plan != NULL)
    kh_plan_unref (cached->plan);
  g_free (cached);
}

void
kh_project_close (KhProject *self)
{
  if (self == NULL)
    return;
  /* Kaohe's own last commit is not checked again at the next open (kh-file-checked.c). */
  kh_project_record_checked (self);
  /* The store owns the SQLite connection (self->db) when there is one. */
  if (self->store != NULL)
    kh_db_close (self->store);
  else if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->plan_cache, g_ptr_array_unref);
  /* A check still running is stopped before its file's connection is closed. */
  g_clear_pointer (&self->check, kh_file_check_free);
  g_clear_error (&self->check_error);
  g_clear_pointer (&self->kept_flags, g_ptr_array_unref);
  g_mutex_clear (&self->plan_lock);
  g_free (self->path);
  g_free (self->user);
  g_free (self);
}

sqlite3 *
kh_project_get_db (KhProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->db;
}

KhDb *
kh_project_get_store (KhProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->store;
}

const char *
kh_project_get_path (KhProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
kh_project_get_user (KhProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->user;
}

void
kh_project_set_user (KhProject  *self,
                     const char *user)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  /* On a server the writer is the login (read_login()), never a name given. */
  if (self->store != NULL && kh_db_backend (self->store) == KH_DB_POSTGRESQL)
    return;
  g_free (self->user);
  self->user = g_strdup (user);
}

/* Reads one integer pragma; FALSE when the file cannot be read as a database. */
static gboolean
read_pragma_int (KhProject  *self,
                 const char *pragma,
                 int        *value)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* PRAGMA quick_check or integrity_check: every line that is not "ok" goes to @problems. */
static gboolean
run_check (KhProject  *self,
           const char *pragma,
           GPtrArray  *problems)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (self->db)));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (line != NULL ? line : "?"));
    }
  if (rc != SQLITE_DONE)
    g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (self->db)));
  sqlite3_finalize (stmt);
  return problems->len == 0;
}

static void
configure_connection (KhProject *self)
{
  kh_project_configure_connection (self->db, KH_PROJECT_BUSY_TIMEOUT_MS);
}

/* The journal mode is "delete", as a session sets it (set_session_pragmas()): setting it
 * again changes nothing in the file. */
static gboolean
journal_mode_is_delete (KhProject *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean is_delete = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    is_delete = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0;
  sqlite3_finalize (stmt);
  return is_delete;
}

static gboolean
has_table (KhProject  *self,
           const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
has_column (KhProject  *self,
            const char *table,
            const char *column)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM pragma_table_info (?) WHERE name = ?", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* How an open checks the file with SQLite. */
typedef enum
{
  CHECK_QUICK,            /* quick_check now, unless the file passed it as it is */
  CHECK_QUICK_LATER,      /* the same in a thread, finished before the first write */
  CHECK_INTEGRITY_LATER,  /* integrity_check in a thread, finished by verify */
} CheckMode;

/* The checks of an existing file; nothing is written before they pass. With
 * CHECK_INTEGRITY_LATER (kh_project_open_to_verify) PRAGMA integrity_check runs instead of
 * quick_check, even for a file the checked list knows, on a connection of its own while
 * verify does its other checks (kh-project-check.c); quick_check then runs only when
 * integrity_check found something, so that a file quick_check refuses is refused with the
 * same message as by any open. With CHECK_QUICK_LATER (kh_project_open_for_import)
 * quick_check runs in the same way, and the first write waits for it; a file of an older
 * schema (migrated at the open) or another journal mode (set at the open) is checked
 * first, as by kh_project_open(). */
static gboolean
check_file (KhProject *self,
            CheckMode  mode,
            int       *version,
            GError   **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  int app_id = 0;
  KhFileState state = { 0 };
  gboolean have_state, checked;

  if (!read_pragma_int (self, "application_id", &app_id)
      || !read_pragma_int (self, "user_version", version))
    {
      if (kh_project_is_busy (self))
        return kh_project_busy_error (self, error);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: not a Kaohe project (not an SQLite database, or damaged: %s)"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (app_id == 0 && *version == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: not a Kaohe project (an empty file or an unmarked SQLite database)"),
                   self->path);
      return FALSE;
    }
  if (app_id != KH_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: not a Kaohe project (an SQLite database of another application)"),
                   self->path);
      return FALSE;
    }
  if (*version > KH_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                   _("%s: written by a newer version of Kaohe (project format %d; this version "
                     "reads up to %d): please update Kaohe"),
                   self->path, *version, KH_PROJECT_SCHEMA_VERSION);
      return FALSE;
    }
  if (*version < 1)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: not a Kaohe project (no schema version)"), self->path);
      return FALSE;
    }
  /* Skipped for a file that passed it as it is now (kh-file-checked.c says what that
   * gives up); `kaohe-cli verify` always runs PRAGMA integrity_check. */
  have_state = kh_file_state_read (self->path, &state);
  checked = have_state && kh_file_checked_lookup (&state);
  if (mode == CHECK_QUICK_LATER
      && (*version != KH_PROJECT_SCHEMA_VERSION || !journal_mode_is_delete (self)))
    mode = CHECK_QUICK;
  if (mode == CHECK_INTEGRITY_LATER || (mode == CHECK_QUICK_LATER && !checked))
    {
      self->check = kh_file_check_start (self->path,
                                         mode == CHECK_INTEGRITY_LATER ? KH_FILE_CHECK_INTEGRITY
                                                                       : KH_FILE_CHECK_QUICK,
                                         KH_PROJECT_BUSY_TIMEOUT_MS,
                                         have_state ? &state : NULL);
      /* Known to pass once the check has passed (kh_project_finish_check()). */
      self->checked_state_pending = have_state;
      checked = TRUE;
    }
  else if (!checked && !run_check (self, "quick_check", problems))
    {
      if (kh_project_is_busy (self))
        return kh_project_busy_error (self, error);
      return kh_file_check_damaged_error (self->path, problems, error);
    }
  else if (!checked && have_state)
    kh_file_checked_record (self->path, &state);
  /* What Kaohe's own commits start from (kh-project-db.c): this state passed the check. */
  self->checked_state = state;
  self->have_checked_state = have_state;
  if (!has_table (self, "frameworks"))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                   _("%s: written by a development version of Kaohe that kept one framework "
                     "per year; build the project again from its files"),
                   self->path);
      return FALSE;
    }
  if (!has_column (self, "units", "name_zh_tw"))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                   _("%s: written by a development version of Kaohe without traditional "
                     "unit names; build the project again from its files"),
                   self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_connection (KhProject *self,
                 int        flags,
                 GError   **error)
{
  if (sqlite3_open_v2 (self->path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot open: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return FALSE;
    }
  configure_connection (self);
  self->store = kh_db_sqlite_adopt (self->db, self->path);
  return TRUE;
}

static gboolean
set_session_pragmas (KhProject *self,
                     GError   **error)
{
  return kh_project_exec (self,
                          "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE; "
                          "PRAGMA synchronous = FULL",
                          error);
}

/* A clear message for anything at @path that is not a regular file. */
static gboolean
check_path (const char *path,
            GError    **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: no such project file"), path);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot open: %s"), path,
                     g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                 _("%s: this is a folder, not a project file"), path);
  else if (S_ISFIFO (st.st_mode))
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                 _("%s: this is a named pipe (FIFO), not a project file"), path);
  else if (!S_ISREG (st.st_mode))
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                 _("%s: this is a device or socket, not a project file"), path);
  return S_ISREG (st.st_mode);
}

/* On a server every row a writer signs (audit log, provenance, versions, exclusions) names
 * the login the server knows the session by (session_user: what row-level security
 * compares, not a role SET later), whatever KAOHE_USER says (issue 19). */
static gboolean
read_login (KhProject *self,
            GError   **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (self->store, "SELECT CAST (session_user AS TEXT)",
                                             &local);

  if (stmt == NULL || kh_db_step (stmt, &local) != KH_DB_STEP_ROW)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s: cannot read the server's name for this login: %s"), self->path,
                   local != NULL ? local->message : _("no row"));
      return FALSE;
    }
  g_free (self->user);
  self->user = g_strdup (kh_db_column_text (stmt, 0));
  return TRUE;
}

/* A project on a PostgreSQL server (issue 19), a database `kaohe-cli init-server` made
 * ready: no file, so none of a file's checks; the server keeps its own integrity. */
static KhProject *
open_server (const char *uri,
             GError    **error)
{
  g_autoptr (KhProject) self = NULL;
  g_autoptr (GError) local = NULL;
  KhDb *store = kh_db_open (uri, &local);
  int version;

  if (store == NULL)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, local->message);
      return NULL;
    }
  self = project_new (kh_db_name (store));
  self->store = store;
  if (!read_login (self, error))
    return NULL;
  version = kh_db_schema_version (store, &local);
  if (version < 0)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                 _("%s: cannot read the project's format: %s"), self->path, local->message);
  else if (version == 0)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                 _("%s: not a Kaohe project (an empty database: make it ready with "
                   "“kaohe-cli init-server”)"),
                 self->path);
  else if (version > KH_PROJECT_SCHEMA_VERSION)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                 _("%s: written by a newer version of Kaohe (project format %d; this version "
                   "reads up to %d): please update Kaohe"),
                 self->path, version, KH_PROJECT_SCHEMA_VERSION);
  else if (version < KH_PROJECT_SCHEMA_VERSION)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                 _("%s: a project of format %d; its administrator brings it to format %d "
                   "with “kaohe-cli init-server”"),
                 self->path, version, KH_PROJECT_SCHEMA_VERSION);
  if (version != KH_PROJECT_SCHEMA_VERSION)
    return NULL;
  self->version = version;
  return g_steal_pointer (&self);
}

static KhProject *
open_readwrite (const char *path,
                CheckMode   mode,
                GError    **error)
{
  g_autoptr (KhProject) self = NULL;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kh_db_target_is_server (path))
    return open_server (path, error);
  if (!check_path (path, error))
    return NULL;
  self = project_new (path);
  if (!open_connection (self, SQLITE_OPEN_READWRITE, error)
      || !check_file (self, mode, &version, error)
      || !set_session_pragmas (self, error)
      || !kh_project_schema_upgrade (self, version, error))
    return NULL;
  self->version = KH_PROJECT_SCHEMA_VERSION;
  /* A file migrated just now (a checked one, by Kaohe's own commit) is recorded in its new
   * state at once, not at the close only: a process that ends without closing it (killed,
   * or a start timed by kh-bench-ui) would leave the next open to check the whole file
   * again (issue 22). */
  if (version != KH_PROJECT_SCHEMA_VERSION)
    kh_project_record_checked (self);
  return g_steal_pointer (&self);
}

KhProject *
kh_project_open (const char *path,
                 GError    **error)
{
  return open_readwrite (path, CHECK_QUICK, error);
}

KhProject *
kh_project_open_for_import (const char *path,
                            GError    **error)
{
  return open_readwrite (path, CHECK_QUICK_LATER, error);
}

/* Read-only: no session pragma, no migration: the journal mode (WAL or not) and the
 * schema stay as they are, and SQLite refuses any write. */
static KhProject *
open_readonly (const char *path,
               CheckMode   mode,
               GError    **error)
{
  g_autoptr (KhProject) self = NULL;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* On a server, the roles decide what a login may write, and the server keeps its own
   * pages (kh_project_verify_not_checked()). */
  if (kh_db_target_is_server (path))
    return open_server (path, error);
  if (!check_path (path, error))
    return NULL;
  self = project_new (path);
  if (!open_connection (self, SQLITE_OPEN_READONLY, error)
      || !check_file (self, mode, &version, error))
    return NULL;
  self->version = version;
  return g_steal_pointer (&self);
}

KhProject *
kh_project_open_readonly (const char *path,
                          GError    **error)
{
  return open_readonly (path, CHECK_QUICK, error);
}

KhProject *
kh_project_open_to_verify (const char *path,
                           GError    **error)
{
  return open_readonly (path, CHECK_INTEGRITY_LATER, error);
}

gboolean
kh_project_wait_for_check (KhProject *self,
                           GError   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kh_project_finish_check (self, NULL, error);
}

/* A new project, or a copy written over @path, must not meet a journal left beside @path
 * by an earlier file of that name (deleted after a crash, or interrupted mid-write):
 * SQLite would take it for its own hot journal at the first open and roll its pages into
 * the new file. Kaohe never deletes it (it may be someone's only way back to that file):
 * the user moves it away. */
static gboolean
check_no_stale_journal (const char  *path,
                        GError     **error)
{
  static const char *const suffixes[] = { "-journal", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                       /* TRANSLATORS: the first %s is a project file, the second the journal
                        * file beside it (the same name ending in -journal or -wal) */
                       _("%s: a journal of an earlier file of this name is beside it (%s); "
                         "SQLite would apply it to the new file: move it away first"),
                       path, side);
          return FALSE;
        }
    }
  return TRUE;
}

KhProject *
kh_project_create (const char *path,
                   GError    **error)
{
  g_autoptr (KhProject) self = NULL;
  g_autoptr (KhAtomicFile) file = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: the file already exists"), path);
      return NULL;
    }
  if (!check_no_stale_journal (path, error))
    return NULL;

  /* Built under a temporary name and linked into place: no half-created project is
   * ever seen, and an existing file is never replaced. */
  file = kh_atomic_file_new (path, error);
  if (file == NULL)
    return NULL;
  kh_atomic_file_close_fd (file);
  self = project_new (kh_atomic_file_get_temp_path (file));
  if (!open_connection (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, &local_error)
      || !set_session_pragmas (self, &local_error)
      || !kh_project_schema_upgrade (self, 0, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  kh_project_close (g_steal_pointer (&self));
  if (!kh_atomic_file_commit (file, FALSE, error))
    return NULL;
  return kh_project_open (path, error);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

/* A project on a server copied into a new file (kh_db_copy(): every table row for row, the
 * audit chain as it is, read in one snapshot), then checked as a file's copy is. Only a
 * login that reads the whole project may: an evaluator's rows are limited to its scopes
 * and no login but the administrator's reads the survey's salt (kh-db-server.h). */
static gboolean
copy_from_server (KhProject  *self,
                  const char *temp,
                  GPtrArray  *problems,
                  GError    **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (KhDbStmt) whole = kh_db_prepare (self->store, "SELECT salt FROM survey_salt LIMIT 0",
                                              &local);
  KhProject copy = { 0 };
  KhDb *dst;
  gboolean ok;

  if (whole != NULL)
    kh_db_step (whole, &local);
  if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("%s: a copy of the whole project takes an administrator's login "
                     "(kaohe_admin), which alone reads all of it; an evaluator takes what its "
                     "scopes cover with “kaohe-cli checkout”"),
                   self->path);
      return FALSE;
    }
  if (local != NULL)
    return kh_project_db_error (self, _("copying the project"), g_steal_pointer (&local),
                                error);
  dst = kh_db_open (temp, &local);
  ok = dst != NULL && kh_db_copy (self->store, dst, NULL, NULL, NULL, &local);
  kh_db_close (dst);
  if (!ok)
    {
      g_ptr_array_add (problems, g_strdup (local->message));
      return TRUE;
    }
  copy.path = (char *) temp;
  if (sqlite3_open_v2 (temp, &copy.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL)
      != SQLITE_OK)
    g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (copy.db)));
  else
    run_check (&copy, "integrity_check", problems);
  sqlite3_close_v2 (copy.db);
  return TRUE;
}

/* A project file copied with SQLite's backup API into @temp, then checked. */
static gboolean
copy_file (KhProject  *self,
           const char *temp,
           const char *dest,
           GPtrArray  *problems,
           GError    **error)
{
  KhProject copy = { 0 };
  sqlite3_backup *backup;
  int rc;

  copy.path = (char *) temp;
  if (sqlite3_open_v2 (temp, &copy.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot create: %s"), dest,
                   sqlite3_errmsg (copy.db));
      sqlite3_close_v2 (copy.db);
      return FALSE;
    }
  backup = sqlite3_backup_init (copy.db, "main", self->db, "main");
  rc = backup != NULL ? sqlite3_backup_step (backup, -1) : SQLITE_ERROR;
  if (backup != NULL)
    sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (copy.db)));
  else
    run_check (&copy, "integrity_check", problems);
  sqlite3_close_v2 (copy.db);
  return TRUE;
}

gboolean
kh_project_save_as (KhProject  *self,
                    const char *dest,
                    GError    **error)
{
  g_autoptr (KhAtomicFile) file = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  KhFileState checked_state;
  gboolean checked;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db != NULL && same_file (self->path, dest))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s: this is the open project itself; save to another file"), dest);
      return FALSE;
    }
  /* A server's URI is no file name: refused as such, named without its password (it was
   * taken for a path, "cannot create a temporary file next to it", the URI printed whole). */
  if (kh_db_target_is_server (dest))
    {
      g_autofree char *name = kh_db_target_name (dest);

      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s: a copy is saved as a project file, not onto a server (kaohe-cli copy "
                     "puts a project on a server)"),
                   name);
      return FALSE;
    }
  if (!check_no_stale_journal (dest, error))
    return FALSE;
  /* The copy and SQLite's journal of it are made in the private folder of a
   * KhAtomicFile: nothing is left behind when the copy fails (a full disk), and no link
   * planted next to @dest is followed. */
  file = kh_atomic_file_new (dest, error);
  if (file == NULL)
    return FALSE;
  kh_atomic_file_close_fd (file);
  if (self->db == NULL)
    {
      if (!copy_from_server (self, kh_atomic_file_get_temp_path (file), problems, error))
        return FALSE;
    }
  else if (!copy_file (self, kh_atomic_file_get_temp_path (file), dest, problems, error))
    return FALSE;

  if (problems->len > 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: the copy failed: %s"), dest,
                   (char *) problems->pdata[0]);
      return FALSE;
    }
  /* The copy passed integrity_check as it is now: once renamed into place it opens
   * without the quick_check (issue 22; a backup restored or an import into a fresh copy
   * of a project does not read it whole again). */
  checked = kh_file_state_read (kh_atomic_file_get_temp_path (file), &checked_state);
  if (!kh_atomic_file_commit (file, TRUE, error))
    return FALSE;
  if (checked)
    kh_file_checked_record_renamed (dest, &checked_state);
  return TRUE;
}

GArray *
kh_project_read_years (KhProject *self,
                       GError   **error)
{
  g_autoptr (GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = kh_project_prepare (self, "SELECT year FROM years ORDER BY year",
                             _("reading the project's years"), error);
  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, _("reading the project's years"), error))
         == KH_DB_STEP_ROW)
    {
      int year = kh_db_column_int64 (stmt, 0);

      g_array_append_val (years, year);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&years);
}

GArray *
kh_project_get_years (KhProject *self)
{
  g_autoptr (GError) error = NULL;
  GArray *years;

  g_return_val_if_fail (self != NULL, g_array_new (FALSE, FALSE, sizeof (int)));

  years = kh_project_read_years (self, &error);
  if (years != NULL)
    return years;
  /* Said, not swallowed: the callers that can refuse call kh_project_read_years(). */
  g_warning ("%s", error->message);
  return g_array_new (FALSE, FALSE, sizeof (int));
}

gboolean
kh_project_get_sealed (KhProject *self,
                       int        year,
                       gboolean  *sealed,
                       GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sealed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *sealed = FALSE;
  stmt = kh_project_prepare (self, "SELECT sealed FROM years WHERE year = ?",
                             _("reading whether the year is sealed"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  step = kh_project_step (self, stmt, _("reading whether the year is sealed"), error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  *sealed = step == KH_DB_STEP_ROW && kh_db_column_int64 (stmt, 0) != 0;
  return TRUE;
}

gboolean
kh_project_check_open (KhProject *self,
                       int        year,
                       GError   **error)
{
  gboolean sealed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_project_get_sealed (self, year, &sealed, error))
    return FALSE;
  if (!sealed)
    return TRUE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
               _("%s: year %d is sealed: its framework, data and results cannot change"),
               self->path, year);
  return FALSE;
}

gboolean
kh_project_is_sealed (KhProject *self,
                      int        year)
{
  g_autoptr (GError) error = NULL;
  gboolean sealed;

  g_return_val_if_fail (self != NULL, TRUE);

  if (!kh_project_get_sealed (self, year, &sealed, &error))
    {
      g_warning ("%s", error->message);
      return TRUE;
    }
  return sealed;
}

GPtrArray *
kh_project_get_categories (KhProject *self,
                           int        year)
{
  GPtrArray *categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhDbStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, categories);

  stmt = kh_db_prepare (self->store,
                        "SELECT category_id FROM frameworks WHERE year = ? ORDER BY category_id",
                        NULL);
  if (stmt != NULL)
    {
      kh_db_bind_int64 (stmt, 1, year);
      while (kh_db_step (stmt, NULL) == KH_DB_STEP_ROW)
        g_ptr_array_add (categories, g_strdup (kh_db_column_text (stmt, 0)));
    }
  /* By their ids' bytes, not the server's collation. */
  kh_project_sort_texts (categories);
  return categories;
}

/* @category NULL: the only category of @year, or an error naming them all. */
char *
kh_project_only_category (KhProject *self,
               int        year,
               GError   **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);
  g_autofree char *joined = NULL;

  if (categories->len == 1)
    return g_strdup (categories->pdata[0]);
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no framework (import one with “kaohe-cli import %s "
                     "--year %d --framework FILE”)"),
                   self->path, year, self->path, year);
      return NULL;
    }
  g_ptr_array_add (categories, NULL);
  joined = g_strjoinv (", ", (char **) categories->pdata);
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
               _("%s: year %d has frameworks for several categories (%s): name one"),
               self->path, year, joined);
  return NULL;
}

char *
kh_project_get_category_framework_xml (KhProject  *self,
                                       int         year,
                                       const char *category,
                                       GError    **error)
{
  g_autofree char *only = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  char *xml = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (category == NULL)
    {
      category = only = kh_project_only_category (self, year, error);
      if (category == NULL)
        return NULL;
    }
  stmt = kh_project_prepare (self,
                             "SELECT xml FROM frameworks WHERE year = ? AND category_id = ?",
                             _("reading the framework"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text (stmt, 2, category);
  if (kh_db_step (stmt, NULL) == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0))
    xml = g_strdup (kh_db_column_text (stmt, 0));
  if (xml == NULL)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("%s: year %d has no framework for category “%s” (import one with "
                   "“kaohe-cli import %s --year %d --framework FILE”)"),
                 self->path, year, category, self->path, year);
  return xml;
}

char *
kh_project_get_framework_xml (KhProject *self,
                              int        year,
                              GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return kh_project_get_category_framework_xml (self, year, NULL, error);
}
