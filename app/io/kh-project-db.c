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

#include "kh-io-error.h"
#include "kh-project-check.h"
#include "kh-project-private.h"

gboolean
kh_project_sql_error (KhProject  *self,
                      const char *what,
                      GError    **error)
{
  const char *message = sqlite3_errmsg (self->db);
  int code = KH_IO_ERROR_FAILED;

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

gboolean
kh_project_is_busy (KhProject *self)
{
  int code = sqlite3_errcode (self->db);

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
kh_project_exec (KhProject  *self,
                 const char *sql,
                 GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return kh_project_sql_error (self, _("database error"), error);
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
  if (self->check_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->check_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_project_begin (KhProject *self,
                  GError   **error)
{
  return kh_project_finish_check (self, NULL, error)
         && kh_project_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
kh_project_commit (KhProject *self,
                   GError   **error)
{
  return kh_project_exec (self, "COMMIT", error);
}

void
kh_project_rollback (KhProject *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
kh_project_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

char *
kh_project_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
kh_project_bind_text_or_null (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text)
{
  if (text == NULL || *text == '\0')
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

gboolean
kh_project_step_done (KhProject    *self,
                      sqlite3_stmt *stmt,
                      const char   *what,
                      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return kh_project_sql_error (self, what, error);
  return TRUE;
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
