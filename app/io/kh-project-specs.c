/* kh-project-specs.c — the uncertain inputs declared for a year and category's
 * sensitivity analysis, stored as the spec's key-file text (schema version 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

char *
kh_project_get_sensitivity_spec (KhProject  *self,
                                 int         year,
                                 const char *category,
                                 GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->version < KH_PROJECT_SPECS_VERSION)
    return NULL;
  if (sqlite3_prepare_v2 (self->db, "SELECT spec FROM sensitivity_specs WHERE year = ? AND "
                                    "category_id = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading the sensitivity spec"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = kh_project_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    kh_project_sql_error (self, _("reading the sensitivity spec"), error);
  sqlite3_finalize (stmt);
  return text;
}

gboolean
kh_project_set_sensitivity_spec (KhProject  *self,
                                 int         year,
                                 const char *category,
                                 const char *text,
                                 GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *framework = NULL;
  GError *local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text != NULL)
    {
      g_autofree char *blank = g_strstrip (g_strdup (text));

      if (blank[0] != '\0')
        wanted = g_strdup (text);
    }
  if (wanted != NULL && !g_utf8_validate (wanted, -1, NULL))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("the sensitivity spec of %d “%s” is not valid UTF-8"), year, category);
      return FALSE;
    }
  framework = kh_project_get_category_framework_xml (self, year, category, &local_error);
  if (framework == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                     _("%d has no framework of the category “%s”"), year, category);
      return FALSE;
    }
  old = kh_project_get_sensitivity_spec (self, year, category, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (old, wanted) == 0)
    return TRUE;

  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          wanted != NULL
                            ? "INSERT INTO sensitivity_specs (year, category_id, spec, edited_by, "
                              "edited_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, category_id) "
                              "DO UPDATE SET spec = excluded.spec, edited_by = excluded.edited_by, "
                              "edited_at = excluded.edited_at"
                            : "DELETE FROM sensitivity_specs WHERE year = ? AND category_id = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing the sensitivity spec"), error);
      goto out;
    }
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_TRANSIENT);
  if (wanted != NULL)
    {
      sqlite3_bind_text (stmt, 3, wanted, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, self->user, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, at, -1, SQLITE_TRANSIENT);
    }
  if (!kh_project_step_done (self, stmt, _("storing the sensitivity spec"), error))
    goto out;
  {
    g_autofree char *sha = wanted != NULL ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, wanted, -1)
                                          : g_strdup ("");

    detail = g_strdup_printf ("category=%s\nsha256=%s", category, sha);
  }
  ok = kh_audit_append (self->db, self->user, "sensitivity-spec", year, detail, error)
       && kh_project_commit (self, error);

out:
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}
