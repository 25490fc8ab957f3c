/* kh-project-check.c — SQLite's check of a project file, on a connection of its own in a
 * thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA quick_check and integrity_check read every page of the file: 1 to 1.5 s of one
 * core for a project of 3,000 units × 200 indicators × 10 years (600 MB), as long as all
 * the rest of an import or of verify (issue 22). Run on a second, read-only connection in
 * a thread, they take nothing from the work the command does meanwhile on the first:
 * verify's schema, chain, writers and seals; an import's reading and checking of its
 * sheet. The check is started at the open and finished — waited for — before anything
 * that must not happen to a damaged file: verify names integrity_check's findings before
 * its own, or refuses the file as any open does; an import's first write
 * (kh_project_begin()) waits for quick_check and refuses a damaged file with the
 * message of kh_project_open(), nothing written. The thread only reads, under SQLite's
 * shared lock, which it gives up before the writer asks for its own.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-io-error.h"
#include "kh-project-check.h"

struct _KhFileCheck
{
  char *path;
  KhFileCheckKind kind;
  int busy_timeout_ms;
  gboolean have_state;
  KhFileState state;
  GThread *thread;
  /* Set by the thread, read after it is joined. */
  GPtrArray *integrity; /* integrity_check's lines that are not "ok" */
  GPtrArray *quick;     /* quick_check's lines that are not "ok" */
  gboolean busy;
  gboolean interrupted;
  /* The thread's connection while it runs, for kh_file_check_free() to interrupt. */
  GMutex lock;
  sqlite3 *db;
  gboolean stopping;
};

void
kh_project_configure_connection (sqlite3 *db,
                                 int      busy_timeout_ms)
{
  int off = 0, on = 1;

  sqlite3_busy_timeout (db, busy_timeout_ms);
  sqlite3_extended_result_codes (db, 0);
  /* A project file comes from elsewhere: its schema must not reach outside the database. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, off, NULL);
}

/* Runs PRAGMA @pragma; every line that is not "ok" goes to @problems. */
static void
run_pragma (KhFileCheck *check,
            sqlite3     *db,
            const char  *pragma,
            GPtrArray   *problems)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    rc = sqlite3_errcode (db);
  else
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *line = (const char *) sqlite3_column_text (stmt, 0);

        if (g_strcmp0 (line, "ok") != 0)
          g_ptr_array_add (problems, g_strdup (line != NULL ? line : "?"));
      }
  if (rc != SQLITE_DONE)
    {
      check->busy |= rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
      check->interrupted |= rc == SQLITE_INTERRUPT;
      g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (db)));
    }
  sqlite3_finalize (stmt);
}

static gpointer
check_thread (gpointer data)
{
  KhFileCheck *check = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (check->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_ptr_array_add (check->quick, g_strdup (db != NULL ? sqlite3_errmsg (db) : "out of memory"));
      sqlite3_close_v2 (db);
      return NULL;
    }
  kh_project_configure_connection (db, check->busy_timeout_ms);
  g_mutex_lock (&check->lock);
  check->db = db;
  if (check->stopping)
    sqlite3_interrupt (db);
  g_mutex_unlock (&check->lock);
  if (check->kind == KH_FILE_CHECK_INTEGRITY)
    {
      run_pragma (check, db, "integrity_check", check->integrity);
      /* A file that passes integrity_check passes quick_check, its subset; one that does
       * not is refused only if quick_check refuses it, as by any open. */
      if (check->integrity->len > 0 && !check->busy && !check->interrupted)
        run_pragma (check, db, "quick_check", check->quick);
    }
  else
    run_pragma (check, db, "quick_check", check->quick);
  g_mutex_lock (&check->lock);
  check->db = NULL;
  g_mutex_unlock (&check->lock);
  sqlite3_close_v2 (db);
  return NULL;
}

KhFileCheck *
kh_file_check_start (const char        *path,
                     KhFileCheckKind    kind,
                     int                busy_timeout_ms,
                     const KhFileState *state)
{
  KhFileCheck *check = g_new0 (KhFileCheck, 1);

  g_return_val_if_fail (path != NULL, NULL);

  check->path = g_strdup (path);
  check->kind = kind;
  check->busy_timeout_ms = busy_timeout_ms;
  check->have_state = state != NULL;
  if (state != NULL)
    check->state = *state;
  check->integrity = g_ptr_array_new_with_free_func (g_free);
  check->quick = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&check->lock);
  check->thread = g_thread_new ("kh-file-check", check_thread, check);
  return check;
}

gboolean
kh_file_check_damaged_error (const char *path,
                             GPtrArray  *problems,
                             GError    **error)
{
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "; " : "", (char *) problems->pdata[i]);
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
               _("%s: the project file is damaged (quick_check: %s)"), path, joined->str);
  return FALSE;
}

gboolean
kh_file_check_finish (KhFileCheck *check,
                      GPtrArray   *integrity,
                      gboolean    *busy,
                      GError     **error)
{
  gboolean passed;

  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail (busy != NULL, FALSE);

  if (check->thread != NULL)
    g_thread_join (g_steal_pointer (&check->thread));
  *busy = check->busy;
  if (integrity != NULL)
    for (guint i = 0; i < check->integrity->len; i++)
      g_ptr_array_add (integrity, g_strdup (check->integrity->pdata[i]));
  passed = check->quick->len == 0 && !check->busy && !check->interrupted;
  if (passed && check->have_state && check->integrity->len == 0)
    {
      kh_file_checked_record (check->path, &check->state);
      check->have_state = FALSE;
    }
  if (!passed && !check->busy)
    kh_file_check_damaged_error (check->path, check->quick, error);
  return passed;
}

void
kh_file_check_free (KhFileCheck *check)
{
  if (check == NULL)
    return;
  if (check->thread != NULL)
    {
      g_mutex_lock (&check->lock);
      check->stopping = TRUE;
      if (check->db != NULL)
        sqlite3_interrupt (check->db);
      g_mutex_unlock (&check->lock);
      g_thread_join (g_steal_pointer (&check->thread));
    }
  g_mutex_clear (&check->lock);
  g_ptr_array_unref (check->integrity);
  g_ptr_array_unref (check->quick);
  g_free (check->path);
  g_free (check);
}
