/* kh-project-content.c — the canonical content of a project's year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A year's snapshot, stored in the audit row of its seal (and its SHA-256 in that of a
 * compute): one line per item, fields separated by TAB, in this order (numbers as
 * %.17g, empty for a missing value):
 *
 *   framework <category> <sha256 of the stored framework XML>   (by category)
 *   value     <unit> <field> <value>                       (by unit, field)
 *   result    <unit> <group> <total> <rank> <tier> <prev_rank> <rank_change> <awards>
 *   score     <unit> <node> <score>                        (by unit, node)
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-project-private.h"

static gboolean
append_rows (KhProject  *self,
             GString    *out,
             const char *tag,
             const char *sql,
             int         year,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return kh_project_sql_error (self, _("reading the year"), error);
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, tag);
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          g_string_append_c (out, '\t');
          if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
            {
              g_autofree char *number = kh_project_format_double (sqlite3_column_double (stmt, c));

              g_string_append (out, number);
            }
          else if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
            g_string_append (out, (const char *) sqlite3_column_text (stmt, c));
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kh_project_sql_error (self, _("reading the year"), error);
  return TRUE;
}

char *
kh_project_snapshot (KhProject *self,
                     int        year,
                     GError   **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);

  for (guint i = 0; i < categories->len; i++)
    {
      const char *category = categories->pdata[i];
      g_autofree char *xml = kh_project_get_category_framework_xml (self, year, category, error);
      g_autofree char *sha = NULL;

      if (xml == NULL)
        return NULL;
      sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, xml, -1);
      g_string_append_printf (out, "framework\t%s\t%s\n", category, sha);
    }
  /* CAST keeps integers stored in a DOUBLE PRECISION column printing as floating point. */
  if (!append_rows (self, out, "value",
                    "SELECT unit_id, field, CAST (value AS DOUBLE PRECISION) FROM data_values "
                    "WHERE year = ? ORDER BY unit_id, field",
                    year, error)
      || !append_rows (self, out, "result",
                       "SELECT unit_id, group_id, CAST (total AS DOUBLE PRECISION), rank, tier, "
                       "prev_rank, rank_change, awards FROM results WHERE year = ? "
                       "ORDER BY unit_id",
                       year, error)
      || !append_rows (self, out, "score",
                       "SELECT unit_id, node_id, CAST (score AS DOUBLE PRECISION) FROM result_scores "
                       "WHERE year = ? ORDER BY unit_id, node_id",
                       year, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
