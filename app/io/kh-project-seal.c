/* kh-project-seal.c — sealing a year, and what a report says about its seal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

static gboolean
has_results (KhProject *self,
             int        year)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM results WHERE year = ?", -1, &stmt, NULL)
      == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, year);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
kh_project_seal (KhProject *self,
                 int        year,
                 GError   **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autofree char *snapshot = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  categories = kh_project_get_categories (self, year);
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no framework (import one with “kaohe-cli import %s "
                     "--year %d --framework FILE”)"),
                   self->path, year, self->path, year);
      return FALSE;
    }
  if (kh_project_is_sealed (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED, _("%s: year %d is already sealed"),
                   self->path, year);
      return FALSE;
    }
  if (!has_results (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no results: compute it before sealing"), self->path, year);
      return FALSE;
    }
  if (!kh_project_begin (self, error))
    return FALSE;
  snapshot = kh_project_snapshot (self, year, error);
  if (snapshot == NULL || !kh_audit_append (self->db, self->user, "seal", year, snapshot, error))
    goto out;
  if (sqlite3_prepare_v2 (self->db, "UPDATE years SET sealed = 1 WHERE year = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("sealing"), error);
      goto out;
    }
  sqlite3_bind_int (stmt, 1, year);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("sealing"), error);
      goto out;
    }
  ok = kh_project_commit (self, error);

out:
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

char *
kh_project_describe_seal (KhProject *self,
                          int        year)
{
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, hash FROM audit_log WHERE action = 'seal' AND year = ? "
                          "ORDER BY seq DESC LIMIT 1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, year);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          seq = sqlite3_column_int64 (stmt, 0);
          hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  sqlite3_finalize (stmt);
  if (seq == 0 || !kh_project_is_sealed (self, year))
    return g_strdup_printf (_("year %d is not sealed"), year);
  return g_strdup_printf (_("year %d sealed in audit row #%" PRId64 " (%s), not signed"), year, seq,
                          hash != NULL ? hash : "");
}
