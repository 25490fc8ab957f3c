/* kh-project-results.c — computed results and notes of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

KhStoredResult *
kh_stored_result_new (const char *unit_id)
{
  KhStoredResult *result = g_new0 (KhStoredResult, 1);

  result->unit_id = g_strdup (unit_id);
  result->total = NAN;
  result->awards = g_strdup ("");
  result->node_ids = g_ptr_array_new_with_free_func (g_free);
  result->node_scores = g_array_new (FALSE, FALSE, sizeof (double));
  return result;
}

void
kh_stored_result_free (KhStoredResult *result)
{
  if (result == NULL)
    return;
  g_free (result->unit_id);
  g_free (result->group_id);
  g_free (result->category_id);
  g_free (result->awards);
  g_ptr_array_unref (result->node_ids);
  g_array_unref (result->node_scores);
  g_free (result);
}

static gboolean
insert_result (KhProject            *self,
               sqlite3_stmt         *result_stmt,
               sqlite3_stmt         *score_stmt,
               int                   year,
               const KhStoredResult *r,
               const char           *at,
               GError              **error)
{
  sqlite3_bind_int (result_stmt, 1, year);
  sqlite3_bind_text (result_stmt, 2, r->unit_id, -1, SQLITE_TRANSIENT);
  if (r->group_id != NULL)
    sqlite3_bind_text (result_stmt, 3, r->group_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (result_stmt, 3);
  if (isnan (r->total))
    sqlite3_bind_null (result_stmt, 4);
  else
    sqlite3_bind_double (result_stmt, 4, r->total);
  sqlite3_bind_int (result_stmt, 5, r->rank);
  sqlite3_bind_int (result_stmt, 6, r->tier);
  sqlite3_bind_int (result_stmt, 7, r->prev_rank);
  sqlite3_bind_int (result_stmt, 8, r->rank_change);
  sqlite3_bind_text (result_stmt, 9, r->awards != NULL ? r->awards : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (result_stmt, 10, at, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (result_stmt) != SQLITE_DONE)
    return kh_project_sql_error (self, _("storing results"), error);
  sqlite3_reset (result_stmt);
  sqlite3_clear_bindings (result_stmt);

  for (guint i = 0; i < r->node_ids->len; i++)
    {
      double score = g_array_index (r->node_scores, double, i);

      sqlite3_bind_int (score_stmt, 1, year);
      sqlite3_bind_text (score_stmt, 2, r->unit_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (score_stmt, 3, g_ptr_array_index (r->node_ids, i), -1, SQLITE_TRANSIENT);
      if (isnan (score))
        sqlite3_bind_null (score_stmt, 4);
      else
        sqlite3_bind_double (score_stmt, 4, score);
      if (sqlite3_step (score_stmt) != SQLITE_DONE)
        return kh_project_sql_error (self, _("storing results"), error);
      sqlite3_reset (score_stmt);
      sqlite3_clear_bindings (score_stmt);
    }
  return TRUE;
}

gboolean
kh_project_store_results (KhProject *self,
                          int        year,
                          GPtrArray *results,
                          GError   **error)
{
  g_autofree char *at = kh_audit_now ();
  g_autofree char *detail = NULL;
  g_autofree char *sha = NULL;
  sqlite3_stmt *del = NULL, *result_stmt = NULL, *score_stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kh_project_is_sealed (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("%s: year %d is sealed: its framework, data and results cannot change"),
                   self->path, year);
      return FALSE;
    }
  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "DELETE FROM results WHERE year = ?", -1, &del, NULL)
        != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO results (year, unit_id, group_id, total, rank, tier, "
                             "prev_rank, rank_change, awards, computed_at, audit_seq) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             KH_PROJECT_NEXT_AUDIT_SEQ ")",
                             -1, &result_stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO result_scores (year, unit_id, node_id, score) "
                             "VALUES (?, ?, ?, ?)",
                             -1, &score_stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing results"), error);
      goto out;
    }
  sqlite3_bind_int (del, 1, year);
  if (sqlite3_step (del) != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("storing results"), error);
      goto out;
    }
  for (guint i = 0; i < results->len; i++)
    if (!insert_result (self, result_stmt, score_stmt, year, results->pdata[i], at, error))
      goto out;

  sha = kh_project_snapshot_sha256 (self, year, error);
  if (sha == NULL)
    goto out;
  detail = g_strdup_printf ("results=%u\nsha256=%s", results->len, sha);
  ok = kh_audit_append (self->db, self->user, "compute", year, detail, error)
       && kh_project_commit (self, error);

out:
  sqlite3_finalize (del);
  sqlite3_finalize (result_stmt);
  sqlite3_finalize (score_stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

GPtrArray *
kh_project_get_results (KhProject *self,
                        int        year,
                        GError   **error)
{
  g_autoptr (GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  g_autoptr (GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT r.unit_id, r.group_id, r.total, r.rank, r.tier, r.prev_rank, "
                          "r.rank_change, r.awards, u.category_id FROM results r "
                          "LEFT JOIN units u ON u.id = r.unit_id WHERE r.year = ? "
                          "ORDER BY u.category_id, r.group_id, r.rank = 0, r.rank, r.unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhStoredResult *r = kh_stored_result_new ((const char *) sqlite3_column_text (stmt, 0));

      r->group_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->total = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN
                                                              : sqlite3_column_double (stmt, 2);
      r->rank = sqlite3_column_int (stmt, 3);
      r->tier = sqlite3_column_int (stmt, 4);
      r->prev_rank = sqlite3_column_int (stmt, 5);
      r->rank_change = sqlite3_column_int (stmt, 6);
      g_free (r->awards);
      r->awards = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      r->category_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (results, r);
      g_hash_table_insert (by_unit, r->unit_id, r);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE
      || sqlite3_prepare_v2 (self->db,
                             "SELECT unit_id, node_id, score FROM result_scores WHERE year = ? "
                             "ORDER BY unit_id, node_id",
                             -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhStoredResult *r = g_hash_table_lookup (by_unit, sqlite3_column_text (stmt, 0));
      double score = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                       ? NAN
                       : sqlite3_column_double (stmt, 2);

      if (r == NULL)
        continue;
      g_ptr_array_add (r->node_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_array_append_val (r->node_scores, score);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

gboolean
kh_project_add_note (KhProject  *self,
                     int         year,
                     const char *unit,
                     const char *node,
                     const char *body,
                     GError    **error)
{
  g_autofree char *at = kh_audit_now ();
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO notes (year, unit_id, node_id, body, author, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing the note"), error);
      goto out;
    }
  if (year != 0)
    sqlite3_bind_int (stmt, 1, year);
  else
    sqlite3_bind_null (stmt, 1);
  if (unit != NULL)
    sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_TRANSIENT);
  if (node != NULL)
    sqlite3_bind_text (stmt, 3, node, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, self->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, at, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("storing the note"), error);
      goto out;
    }
  detail = g_strdup_printf ("unit=%s\nnode=%s\nbody=%s", unit != NULL ? unit : "",
                            node != NULL ? node : "", body);
  ok = kh_audit_append (self->db, self->user, "note", year, detail, error)
       && kh_project_commit (self, error);

out:
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}
