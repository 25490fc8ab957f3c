/* kh-project-settings.c — the project's own settings (the issuing body of its reports …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key → text table (schema version 3); every change is one audited step ("setting",
 * detail "key=K\nvalue=V", empty when cleared). A read-only project of an older format
 * has no such table: every setting reads as unset.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

/* Keys are short lower-case words with dashes, as stored: refuse anything else. */
static gboolean
check_key (const char *key,
           GError    **error)
{
  gboolean ok = key[0] != '\0' && strlen (key) <= 64;

  for (const char *c = key; ok && *c != '\0'; c++)
    ok = g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-';
  if (!ok)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("“%s” is not a project setting name (lower-case letters, digits and dashes)"),
                 key);
  return ok;
}

char *
kh_project_get_setting (KhProject  *self,
                        const char *key,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;
  if (self->version < KH_PROJECT_SETTINGS_VERSION)
    return NULL;
  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM settings WHERE key = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading the project settings"), error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = kh_project_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    kh_project_sql_error (self, _("reading the project settings"), error);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
kh_project_set_setting (KhProject  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  GError *local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (trimmed != NULL && trimmed[0] == '\0')
    g_clear_pointer (&trimmed, g_free);
  if (trimmed != NULL && !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("the value of the project setting “%s” is not valid UTF-8"), key);
      return FALSE;
    }
  old = kh_project_get_setting (self, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* Nothing changes: nothing to audit. */
  if (g_strcmp0 (old, trimmed) == 0)
    return TRUE;

  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          trimmed != NULL
                            ? "INSERT INTO settings (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                            : "DELETE FROM settings WHERE key = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing the project settings"), error);
      goto out;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (trimmed != NULL)
    sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("storing the project settings"), error);
      goto out;
    }
  detail = g_strdup_printf ("key=%s\nvalue=%s", key, trimmed != NULL ? trimmed : "");
  ok = kh_audit_append (self->db, self->user, "setting", 0, detail, error)
       && kh_project_commit (self, error);

out:
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}
