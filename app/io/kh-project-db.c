/* kh-project-db.c — the project's connection: SQL helpers every kh-project*.c file uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lowest of the project files: it calls none of the others.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-double-text.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-check.h"
#include "kh-project-private.h"

void
kh_project_use_one_thread (void)
{
  /* SQLITE_MISUSE once SQLite is initialised (a project was opened): serialized, as
   * before, which is always safe. */
  (void) sqlite3_config (SQLITE_CONFIG_MULTITHREAD);
}

gboolean
kh_project_sql_error (KhProject  *self,
                      const char *what,
                      GError    **error)
{
  const char *message;
  int code = KH_IO_ERROR_FAILED;

  /* A project on PostgreSQL has no SQLite connection: a module not yet converted to the
   * store says so rather than reading the message of none. */
  if (self->db == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_UNSUPPORTED,
                   _("%s: %s: not yet supported on PostgreSQL"), self->path, what);
      return FALSE;
    }
  message = sqlite3_errmsg (self->db);
  if (kh_project_is_busy (self))
    return kh_project_busy_error (self, error);
  /* A damaged page met while the file's check still runs: the check says it, as an open
   * would have (kh_project_open_for_import()). */
  if ((sqlite3_errcode (self->db) == SQLITE_CORRUPT || sqlite3_errcode (self->db) == SQLITE_NOTADB)
      && (self->check != NULL || self->check_error != NULL)
      && !kh_project_finish_check (self, NULL, error))
    return FALSE;
  if (sqlite3_errcode (self->db) == SQLITE_READONLY)
    message = _("the project is open for reading only");
  else if (strstr (message, "sealed year") != NULL)
    code = KH_IO_ERROR_SEALED;
  else if (sqlite3_errcode (self->db) == SQLITE_CORRUPT
           || sqlite3_errcode (self->db) == SQLITE_NOTADB)
    code = KH_IO_ERROR_CORRUPT;
  g_set_error (error, KH_IO_ERROR, code, "%s: %s: %s", self->path, what, message);
  return FALSE;
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
kh_project_sort_texts (GPtrArray *texts)
{
  g_ptr_array_sort (texts, compare_texts);
}

gboolean
kh_project_is_busy (KhProject *self)
{
  int code;

  if (self->db == NULL)
    return FALSE;
  code = sqlite3_errcode (self->db);

  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

gboolean
kh_project_busy_error (KhProject *self,
                       GError   **error)
{
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_BUSY,
               _("%s: the project is locked by another program (still locked after %d s): "
                 "try again when it has finished"),
               self->path, KH_PROJECT_BUSY_TIMEOUT_MS / 1000);
  return FALSE;
}

gboolean
kh_project_db_error (KhProject  *self,
                     const char *what,
                     GError     *db_error,
                     GError    **error)
{
  g_autoptr (GError) local = db_error;
  const char *sqlstate = kh_db_error_sqlstate (local);
  const char *message = local != NULL ? local->message : "?";
  int code = KH_IO_ERROR_FAILED;

  /* SQLite's lock timeouts (55P03); its lost snapshot (40001) is the same wait for
   * another program. */
  if (g_strcmp0 (sqlstate, "55P03") == 0
      || (g_strcmp0 (sqlstate, "40001") == 0 && kh_db_backend (self->store) == KH_DB_SQLITE))
    return kh_project_busy_error (self, error);
  /* PostgreSQL gave up on this transaction for another that was saved first (a
   * serialization failure or a deadlock): kh_project_transaction() runs it again. */
  if (g_strcmp0 (sqlstate, "40001") == 0 || g_strcmp0 (sqlstate, "40P01") == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_BUSY,
                   _("%s: %s: another change was saved at the same time: %s"), self->path, what,
                   message);
      return FALSE;
    }
  if (g_strcmp0 (sqlstate, "25006") == 0)
    message = _("the project is open for reading only");
  else if (strstr (message, "sealed year") != NULL)
    code = KH_IO_ERROR_SEALED;
  else if (g_strcmp0 (sqlstate, "XX001") == 0)
    code = KH_IO_ERROR_CORRUPT;
  g_set_error (error, KH_IO_ERROR, code, "%s: %s: %s", self->path, what, message);
  return FALSE;
}

KhDbStmt *
kh_project_prepare (KhProject  *self,
                    const char *sql,
                    const char *what,
                    GError    **error)
{
  GError *local = NULL;
  KhDbStmt *stmt = kh_db_prepare (self->store, sql, &local);

  if (stmt == NULL)
    kh_project_db_error (self, what, local, error);
  return stmt;
}

KhDbStep
kh_project_step (KhProject  *self,
                 KhDbStmt   *stmt,
                 const char *what,
                 GError    **error)
{
  GError *local = NULL;
  KhDbStep step = kh_db_step (stmt, &local);

  if (step == KH_DB_STEP_ERROR)
    kh_project_db_error (self, what, local, error);
  return step;
}

gboolean
kh_project_run (KhProject  *self,
                KhDbStmt   *stmt,
                const char *what,
                GError    **error)
{
  KhDbStep step = kh_project_step (self, stmt, what, error);

  kh_db_stmt_reset (stmt);
  return step != KH_DB_STEP_ERROR;
}

void
kh_project_bind_text_or_null_db (KhDbStmt   *stmt,
                                 int         index,
                                 const char *text)
{
  if (text == NULL || *text == '\0')
    kh_db_bind_null (stmt, index);
  else
    kh_db_bind_text (stmt, index, text);
}

gboolean
kh_project_audit_append (KhProject  *self,
                         const char *action,
                         int         year,
                         const char *detail,
                         const char *at,
                         GError    **error)
{
  if (kh_db_backend (self->store) == KH_DB_SQLITE)
    return kh_audit_append_at (self->db, self->user, action, year, detail, at, error);
  return kh_audit_append_db (self->store, self->user, action, year, detail, at, error);
}

gboolean
kh_project_exec (KhProject  *self,
                 const char *sql,
                 GError    **error)
{
  GError *local = NULL;

  if (!kh_db_exec (self->store, sql, &local))
    return kh_project_db_error (self, _("database error"), local, error);
  return TRUE;
}

gboolean
kh_project_finish_check (KhProject *self,
                         GPtrArray *integrity,
                         GError   **error)
{
  g_autoptr (KhFileCheck) check = g_steal_pointer (&self->check);
  g_autoptr (GError) local_error = NULL;
  gboolean busy = FALSE;

  if (check != NULL && !kh_file_check_finish (check, integrity, &busy, &local_error))
    {
      if (busy)
        kh_project_busy_error (self, &local_error);
      self->check_error = g_steal_pointer (&local_error);
    }
  /* The state read before the check is known to pass it now. */
  if (check != NULL && self->checked_state_pending)
    {
      self->checked_state_pending = FALSE;
      self->have_checked_state = self->check_error == NULL;
    }
  if (self->check_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->check_error));
      return FALSE;
    }
  return TRUE;
}

/* After BEGIN IMMEDIATE (no other SQLite program can write now): whether the file is
 * still in the state known to pass quick_check. */
static void
note_write_begun (KhProject *self)
{
  KhFileState now;

  self->write_from_checked = FALSE;
  if (self->db == NULL || !self->have_checked_state || self->checked_state_pending)
    return;
  if (kh_file_state_read (self->path, &now) && kh_file_state_equal (&now, &self->checked_state))
    self->write_from_checked = TRUE;
  else
    self->have_checked_state = FALSE;
}

/* After a successful COMMIT: a file in a checked state when the transaction began, and
 * now with SQLite's change counter one higher (that transaction only: another program's
 * commit in between counts it up again), same device and inode, is in a checked state
 * still: that of Kaohe's own write. Whether nothing changed it since is asked again at
 * the close, under SQLite's lock (kh_project_record_checked()). */
static void
note_write_committed (KhProject *self)
{
  KhFileState now;
  gboolean from_checked = self->write_from_checked;

  self->write_from_checked = FALSE;
  if (!from_checked)
    return;
  if (!kh_file_state_read (self->path, &now))
    self->have_checked_state = FALSE;
  else if (kh_file_state_equal (&now, &self->checked_state))
    return; /* nothing written */
  else if (now.dev == self->checked_state.dev && now.ino == self->checked_state.ino
           && now.change_counter == self->checked_state.change_counter + 1)
    {
      self->checked_state = now;
      self->checked_state_written = TRUE;
    }
  else
    self->have_checked_state = FALSE;
}

void
kh_project_record_checked (KhProject *self)
{
  KhFileState now;

  if (self->db == NULL || !self->have_checked_state || !self->checked_state_written
      || self->checked_state_pending || !sqlite3_get_autocommit (self->db))
    return;
  /* Wait (20 ms at most) until file times moved on, so that any later change shows. */
  if (!kh_file_state_settled (&self->checked_state, TRUE))
    return;
  /* SQLite's shared lock: no SQLite program writes while the state is read. The
   * connection is being closed: another program's lock is not waited for. */
  sqlite3_busy_timeout (self->db, 0);
  if (sqlite3_exec (self->db, "BEGIN DEFERRED; SELECT 1 FROM sqlite_master LIMIT 1",
                    NULL, NULL, NULL) == SQLITE_OK
      && kh_file_state_read (self->path, &now)
      && kh_file_state_equal (&now, &self->checked_state))
    kh_file_checked_record_written (&now);
  if (!sqlite3_get_autocommit (self->db))
    (void) sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->checked_state_written = FALSE;
}

gboolean
kh_project_begin (KhProject *self,
                  GError   **error)
{
  GError *local = NULL;

  /* The file's check, if it still runs, is finished before the first write. */
  if (!kh_project_finish_check (self, NULL, error))
    return FALSE;
  /* BEGIN IMMEDIATE on SQLite, SERIALIZABLE on PostgreSQL. */
  if (!kh_db_begin (self->store, &local))
    return kh_project_db_error (self, _("database error"), local, error);
  note_write_begun (self);
  return TRUE;
}

typedef struct
{
  KhProject *self;
  KhProjectTransactionFunc func;
  gpointer user_data;
  GError *func_error; /* the last attempt's error of @func, as it gave it */
} Transaction;

static gboolean
transaction_cb (KhDb    *db,
                gpointer user_data,
                GError **error)
{
  Transaction *t = user_data;

  note_write_begun (t->self);
  g_clear_error (&t->func_error);
  if (t->func (t->self, t->user_data, &t->func_error))
    return TRUE;
  /* kh_db_transaction() runs it again only for what it knows as a serialization
   * failure: kh_project_db_error() made PostgreSQL's a KH_IO_ERROR_BUSY. */
  g_set_error_literal (error, KH_DB_ERROR,
                       g_error_matches (t->func_error, KH_IO_ERROR, KH_IO_ERROR_BUSY)
                         ? KH_DB_ERROR_SERIALIZATION
                         : KH_DB_ERROR_FAILED,
                       t->func_error != NULL ? t->func_error->message : "?");
  return FALSE;
}

gboolean
kh_project_transaction (KhProject               *self,
                        KhProjectTransactionFunc func,
                        gpointer                 user_data,
                        GError                 **error)
{
  Transaction t = { self, func, user_data, NULL };
  GError *local = NULL;
  gboolean server = kh_db_backend (self->store) == KH_DB_POSTGRESQL;
  guint attempts;

  g_assert (func != NULL);

  /* The file's check, if it still runs, is finished before the first write. */
  if (!kh_project_finish_check (self, NULL, error))
    return FALSE;
  /* SQLite's BEGIN IMMEDIATE waits for the other writer (the busy timeout): once. */
  if (kh_db_transaction (self->store, transaction_cb, &t,
                         server ? KH_PROJECT_TRANSACTION_ATTEMPTS : 1, &local))
    {
      note_write_committed (self);
      return TRUE;
    }
  self->write_from_checked = FALSE;
  attempts = kh_db_last_attempts (self->store);
  /* The last attempt failed in @func (its error, as transaction_cb passed it on), or at
   * BEGIN or COMMIT (the store's). */
  if (t.func_error == NULL || !g_str_has_suffix (local->message, t.func_error->message))
    {
      g_clear_error (&t.func_error);
      return kh_project_db_error (self, _("database error"), local, error);
    }
  g_clear_error (&local);
  if (server && attempts > 1 && g_error_matches (t.func_error, KH_IO_ERROR, KH_IO_ERROR_BUSY))
    g_prefix_error (&t.func_error,
                    g_dngettext (GETTEXT_PACKAGE, "Gave up after %u attempt: ",
                                 "Gave up after %u attempts: ", attempts),
                    attempts);
  g_propagate_error (error, t.func_error);
  return FALSE;
}

gboolean
kh_project_commit (KhProject *self,
                   GError   **error)
{
  GError *local = NULL;

  if (!kh_db_commit (self->store, &local))
    {
      self->write_from_checked = FALSE;
      return kh_project_db_error (self, _("database error"), local, error);
    }
  note_write_committed (self);
  return TRUE;
}

void
kh_project_rollback (KhProject *self)
{
  self->write_from_checked = FALSE;
  kh_db_rollback (self->store);
}

/* "%.17g", as g_ascii_formatd() writes it, five times faster (kh-double-text.c). */
char *
kh_project_format_double (double value)
{
  char buffer[KH_DOUBLE_TEXT_SIZE];

  if (isnan (value))
    return g_strdup ("");
  kh_double_text (buffer, value);
  return g_strdup (buffer);
}

void
kh_project_append_double (GString *out,
                          double   value)
{
  char buffer[KH_DOUBLE_TEXT_SIZE];

  if (!isnan (value))
    g_string_append_len (out, buffer, (gssize) kh_double_text (buffer, value));
}

void
kh_project_append_escaped (GString    *out,
                           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      default:
        g_string_append_c (out, *p);
      }
}
