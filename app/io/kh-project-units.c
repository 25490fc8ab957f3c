/* kh-project-units.c — the units of a project: finding them, importing the units table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-project-private.h"

void
kh_unit_info_free (KhUnitInfo *unit)
{
  g_free (unit->id);
  g_free (unit->name_zh);
  g_free (unit->name_zh_tw);
  g_free (unit->group_id);
  g_free (unit->category_id);
  g_free (unit);
}

gboolean
kh_unit_info_exists_in (const KhUnitInfo *unit,
                        int               year)
{
  return (unit->from_year == 0 || unit->from_year <= year)
         && (unit->until_year == 0 || year <= unit->until_year);
}

/* Every unit of the project: id → KhUnitInfo. */
GHashTable *
kh_project_load_units (KhProject *self,
                       GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_unit_info_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, name_zh, group_id, from_year, until_year, category_id, name_zh_tw "
                          "FROM units",
                          -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhUnitInfo *unit = g_new0 (KhUnitInfo, 1);

      unit->id = kh_project_column_dup (stmt, 0);
      unit->name_zh = kh_project_column_dup (stmt, 1);
      unit->group_id = kh_project_column_dup (stmt, 2);
      unit->from_year = sqlite3_column_int (stmt, 3);
      unit->until_year = sqlite3_column_int (stmt, 4);
      unit->category_id = kh_project_column_dup (stmt, 5);
      unit->name_zh_tw = kh_project_column_dup (stmt, 6);
      g_hash_table_insert (units, unit->id, unit);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  return g_steal_pointer (&units);
}

/* Finds a unit by id or Chinese name (simplified or traditional) in @year; NULL with
 * *problem set otherwise. */
GHashTable *
kh_project_index_unit_names (GHashTable *units)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhUnitInfo *unit = value;
      const char *keys[] = { unit->name_zh, unit->name_zh_tw };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GPtrArray *list;

          if (keys[k] == NULL || (k == 1 && g_strcmp0 (keys[0], keys[1]) == 0))
            continue;
          list = g_hash_table_lookup (names, keys[k]);
          if (list == NULL)
            g_hash_table_insert (names, (gpointer) keys[k], list = g_ptr_array_new ());
          g_ptr_array_add (list, unit);
        }
    }
  return names;
}

const KhUnitInfo *
kh_project_resolve_unit (GHashTable *units,
                         const char *key,
                         int         year,
                         char      **problem)
{
  return kh_project_resolve_unit_in (units, NULL, key, year, problem);
}

const KhUnitInfo *
kh_project_resolve_unit_in (GHashTable *units,
                            GHashTable *names,
                            const char *key,
                            int         year,
                            char      **problem)
{
  const KhUnitInfo *unit = g_hash_table_lookup (units, key);
  const KhUnitInfo *by_name = NULL;
  const KhUnitInfo *other_year = NULL;
  guint n_names = 0;
  GHashTableIter iter;
  gpointer value = NULL;
  GPtrArray *candidates = names != NULL ? g_hash_table_lookup (names, key) : NULL;
  guint next = 0;

  /* With the index, only the units of that name are candidates. */
  if (unit == NULL && (names == NULL || candidates != NULL))
    {
      if (names == NULL)
        g_hash_table_iter_init (&iter, units);
      while (names != NULL ? next < candidates->len
                           : g_hash_table_iter_next (&iter, NULL, &value))
        {
          const KhUnitInfo *candidate = names != NULL ? candidates->pdata[next++] : value;

          if (g_strcmp0 (candidate->name_zh, key) != 0
              && g_strcmp0 (candidate->name_zh_tw, key) != 0)
            continue;
          if (kh_unit_info_exists_in (candidate, year))
            by_name = candidate, n_names++;
          else
            other_year = candidate;
        }
      if (n_names > 1)
        {
          *problem = g_strdup_printf (_("the name “%s” fits several units; use the unit id"), key);
          return NULL;
        }
      unit = by_name != NULL ? by_name : other_year;
    }
  if (unit == NULL)
    {
      *problem = g_strdup_printf (_("unknown unit “%s”"), key);
      return NULL;
    }
  if (!kh_unit_info_exists_in (unit, year))
    {
      if (unit->until_year != 0 && year > unit->until_year)
        *problem = g_strdup_printf (_("unit “%s” does not exist in %d (it ended in %d)"), key,
                                    year, unit->until_year);
      else
        *problem = g_strdup_printf (_("unit “%s” does not exist in %d (it begins in %d)"), key,
                                    year, unit->from_year);
      return NULL;
    }
  return unit;
}

/* ---- the units table ------------------------------------------------------------------ */

enum
{
  UCOL_ID,
  UCOL_NAME_ZH,
  UCOL_NAME_EN,
  UCOL_CATEGORY,
  UCOL_GROUP,
  UCOL_FROM,
  UCOL_UNTIL,
  UCOL_SUCCESSOR,
  UCOL_NAME_ZH_TW, /* optional, like name_en */
  N_UCOLS
};

static const char *const unit_columns[N_UCOLS] = {
  "id",         "name_zh",   "name_en",    "category",   "group",
  "from_year",  "until_year", "successor", "name_zh_tw",
};

static char *
unit_cell (KhCsvTable *table,
           guint       row,
           int         index)
{
  if (index < 0)
    return g_strdup ("");
  return g_strstrip (g_strdup (kh_csv_table_cell (table, row, (guint) index)));
}

/* "NAME: row R, column C: message" (with @row 0 "NAME: message"); at most
 * KH_PROBLEMS_MAX, then counted. */
static void G_GNUC_PRINTF (5, 6)
at (KhProblems *problems,
    const char *name,
    guint       row,
    guint       column,
    const char *format,
    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (problems->n >= KH_PROBLEMS_MAX)
    {
      problems->n++;
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (row > 0)
    kh_problems_add (problems, _("%s: row %u, column %u: %s"), name, row, column, message);
  else
    kh_problems_add (problems, "%s: %s", name, message);
}

/* Parses the units table into rows of N_UCOLS strings; problems collected. */
static GPtrArray *
read_units_table (KhCsvTable *table,
                  const char *name,
                  GHashTable *existing,
                  KhProblems *problems)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  guint width;
  int index[N_UCOLS];

  if (kh_csv_table_n_rows (table) == 0)
    {
      at (problems, name, 0, 0, _("the units table is empty"));
      return rows;
    }
  width = kh_csv_table_width (table, 0);
  for (int c = 0; c < N_UCOLS; c++)
    {
      index[c] = -1;
      for (guint j = 0; j < width; j++)
        {
          g_autofree char *h = g_strstrip (g_strdup (kh_csv_table_cell (table, 0, j)));

          if (g_ascii_strcasecmp (h, unit_columns[c]) == 0)
            index[c] = j;
        }
    }
  for (int c = UCOL_ID; c <= UCOL_CATEGORY; c++)
    if (index[c] < 0 && c != UCOL_NAME_EN)
      at (problems, name, kh_csv_table_line (table, 0), 1,
                     _("the header has no “%s” column (units: %s)"), unit_columns[c],
                     "id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor");
  if (problems->n > 0)
    return rows;

  for (guint i = 1; i < kh_csv_table_n_rows (table); i++)
    {
      guint line = kh_csv_table_line (table, i);
      char **cells = g_new0 (char *, N_UCOLS + 1);
      guint64 years[2] = { 0, 0 };

      for (int c = 0; c < N_UCOLS; c++)
        cells[c] = unit_cell (table, i, index[c]);
      g_ptr_array_add (rows, cells);
      for (int c = UCOL_ID; c <= UCOL_CATEGORY; c++)
        if (c != UCOL_NAME_EN && cells[c][0] == '\0')
          at (problems, name, line, index[c] + 1, _("the %s is empty"), unit_columns[c]);
      for (int k = 0; k < 2; k++)
        {
          const char *text = cells[UCOL_FROM + k];

          if (text[0] != '\0'
              && !g_ascii_string_to_unsigned (text, 10, 1900, 2999, &years[k], NULL))
            at (problems, name, line, index[UCOL_FROM + k] + 1,
                           _("“%s” is not a year"), text);
        }
      if (years[0] != 0 && years[1] != 0 && years[0] > years[1])
        at (problems, name, line, index[UCOL_UNTIL] + 1,
                       _("until_year %u is before from_year %u"), (guint) years[1],
                       (guint) years[0]);
      if (cells[UCOL_ID][0] != '\0')
        {
          if (g_hash_table_contains (in_file, cells[UCOL_ID]))
            at (problems, name, line, index[UCOL_ID] + 1,
                           _("unit “%s” appears twice"), cells[UCOL_ID]);
          g_hash_table_add (in_file, cells[UCOL_ID]);
        }
    }
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);
      const char *successor = cells[UCOL_SUCCESSOR];

      if (successor[0] != '\0' && !g_hash_table_contains (in_file, successor)
          && !g_hash_table_contains (existing, successor))
        at (problems, name, kh_csv_table_line (table, i + 1),
                       index[UCOL_SUCCESSOR] + 1, _("unknown successor unit “%s”"), successor);
    }
  return rows;
}

static gboolean
write_units (KhProject  *self,
             GPtrArray  *rows,
             const char *name,
             GError    **error)
{
  g_autoptr (GString) detail = g_string_new (NULL);
  sqlite3_stmt *category = NULL, *group = NULL, *unit = NULL, *successor = NULL;
  g_autoptr (GError) unit_error = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO categories (id, name_zh) VALUES (?, ?) "
                          "ON CONFLICT (id) DO NOTHING",
                          -1, &category, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO peer_groups (id, category_id, name_zh) VALUES (?, ?, ?) "
                             "ON CONFLICT (id) DO NOTHING",
                             -1, &group, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO units (id, name_zh, name_en, category_id, group_id, "
                             "from_year, until_year, name_zh_tw, audit_seq) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, " KH_PROJECT_NEXT_AUDIT_SEQ ") "
                             "ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, "
                             "audit_seq = excluded.audit_seq, "
                             "name_zh_tw = excluded.name_zh_tw, "
                             "name_en = excluded.name_en, category_id = excluded.category_id, "
                             "group_id = excluded.group_id, from_year = excluded.from_year, "
                             "until_year = excluded.until_year",
                             -1, &unit, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db, "UPDATE units SET successor_id = ? WHERE id = ?", -1,
                             &successor, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("importing units"), error);
      goto out;
    }

  g_string_append_printf (detail, "file=%s\nunits=%u", name, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **c = g_ptr_array_index (rows, i);

      sqlite3_bind_text (category, 1, c[UCOL_CATEGORY], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (category, 2, c[UCOL_CATEGORY], -1, SQLITE_TRANSIENT);
      if (!kh_project_step_done (self, category, _("importing units"), error))
        goto out;
      if (c[UCOL_GROUP][0] != '\0')
        {
          sqlite3_bind_text (group, 1, c[UCOL_GROUP], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (group, 2, c[UCOL_CATEGORY], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (group, 3, c[UCOL_GROUP], -1, SQLITE_TRANSIENT);
          if (!kh_project_step_done (self, group, _("importing units"), error))
            goto out;
        }
      for (int k = 0; k < 5; k++)
        kh_project_bind_text_or_null (unit, k + 1, c[k]);
      for (int k = 0; k < 2; k++)
        if (c[UCOL_FROM + k][0] != '\0')
          sqlite3_bind_int (unit, 6 + k, atoi (c[UCOL_FROM + k]));
        else
          sqlite3_bind_null (unit, 6 + k);
      kh_project_bind_text_or_null (unit, 8, c[UCOL_NAME_ZH_TW]);
      if (!kh_project_step_done (self, unit, _("importing units"), &unit_error))
        {
          if (g_error_matches (unit_error, KH_IO_ERROR, KH_IO_ERROR_SEALED))
            g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                         _("%s: unit “%s” is in a sealed year: its names, category and group "
                           "and the years it exists there cannot change"),
                         name, c[UCOL_ID]);
          else
            g_propagate_error (error, g_steal_pointer (&unit_error));
          goto out;
        }
      g_string_append_c (detail, '\n');
      for (int k = 0; k < N_UCOLS; k++)
        g_string_append_printf (detail, "%s%s", k > 0 ? "\t" : "", c[k]);
    }
  /* Successors after every unit exists: a merge may name a unit further down. */
  for (guint i = 0; i < rows->len; i++)
    {
      char **c = g_ptr_array_index (rows, i);

      kh_project_bind_text_or_null (successor, 1, c[UCOL_SUCCESSOR]);
      sqlite3_bind_text (successor, 2, c[UCOL_ID], -1, SQLITE_TRANSIENT);
      if (!kh_project_step_done (self, successor, _("importing units"), error))
        goto out;
    }
  ok = kh_audit_append (self->db, self->user, "units", 0, detail->str, error);

out:
  sqlite3_finalize (category);
  sqlite3_finalize (group);
  sqlite3_finalize (unit);
  sqlite3_finalize (successor);
  return ok;
}

gboolean
kh_project_import_units (KhProject  *self,
                         KhCsvTable *table,
                         const char *display_name,
                         GError    **error)
{
  g_auto (KhProblems) problems = KH_PROBLEMS_INIT;
  g_autoptr (GHashTable) existing = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display_name == NULL)
    display_name = "<units>";
  existing = kh_project_load_units (self, error);
  if (existing == NULL)
    return FALSE;
  rows = read_units_table (table, display_name, existing, &problems);
  if (kh_problems_propagate (&problems, KH_IO_ERROR_INVALID, error))
    {
      return FALSE;
    }
  if (!kh_project_begin (self, error))
    return FALSE;
  if (!write_units (self, rows, display_name, error) || !kh_project_commit (self, error))
    {
      kh_project_rollback (self);
      return FALSE;
    }
  return TRUE;
}

char *
kh_project_get_unit_category (KhProject  *self,
                              int         year,
                              const char *unit,
                              GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autofree char *problem = NULL;
  const KhUnitInfo *info;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_project_load_units (self, error);
  if (units == NULL)
    return NULL;
  info = kh_project_resolve_unit (units, unit, year, &problem);
  if (info == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
      return NULL;
    }
  return g_strdup (info->category_id);
}
