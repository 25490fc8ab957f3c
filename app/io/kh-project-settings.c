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

typedef struct
{
  const char *key;
  const char *value; /* NULL: cleared */
} Setting;

/* The setting stored and audited, in kh_project_transaction(). */
static gboolean
store_setting (KhProject *self,
               gpointer   user_data,
               GError   **error)
{
  const Setting *setting = user_data;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *detail = NULL;

  stmt = kh_project_prepare (self,
                             setting->value != NULL
                               ? "INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                               : "DELETE FROM settings WHERE key = ?",
                             _("storing the project settings"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_text (stmt, 1, setting->key);
  if (setting->value != NULL)
    kh_db_bind_text (stmt, 2, setting->value);
  if (!kh_project_run (self, stmt, _("storing the project settings"), error))
    return FALSE;
  detail = g_strdup_printf ("key=%s\nvalue=%s", setting->key,
                            setting->value != NULL ? setting->value : "");
  return kh_project_audit_append (self, "setting", 0, detail, NULL, error);
}

char *
kh_project_get_setting (KhProject  *self,
                        const char *key,
                        GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;
  if (self->version < KH_PROJECT_SETTINGS_VERSION)
    return NULL;
  stmt = kh_project_prepare (self, "SELECT value FROM settings WHERE key = ?",
                             _("reading the project settings"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_text (stmt, 1, key);
  if (kh_project_step (self, stmt, _("reading the project settings"), error) == KH_DB_STEP_ROW)
    return g_strdup (kh_db_column_text (stmt, 0));
  return NULL;
}

gboolean
kh_project_set_setting (KhProject  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *trimmed = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  GError *local_error = NULL;
  Setting setting = { key, NULL };

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
  setting.value = trimmed;

  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_setting, &setting, error);
}
