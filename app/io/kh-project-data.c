/* kh-project-data.c — units, values, results and notes of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

typedef struct
{
  char *id;
  char *name_zh;
  char *name_zh_tw; /* NULL: none */
  char *group_id;
  char *category_id;
  int from_year;  /* 0: no bound */
  int until_year; /* 0: no bound */
} UnitInfo;

static void
unit_info_free (UnitInfo *unit)
{
  g_free (unit->id);
  g_free (unit->name_zh);
  g_free (unit->name_zh_tw);
  g_free (unit->group_id);
  g_free (unit->category_id);
  g_free (unit);
}

static gboolean
unit_exists_in (const UnitInfo *unit,
                int             year)
{
  return (unit->from_year == 0 || unit->from_year <= year)
         && (unit->until_year == 0 || year <= unit->until_year);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Every unit of the project: id → UnitInfo. */
static GHashTable *
load_units (KhProject *self,
            GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) unit_info_free);
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
      UnitInfo *unit = g_new0 (UnitInfo, 1);

      unit->id = dup_column (stmt, 0);
      unit->name_zh = dup_column (stmt, 1);
      unit->group_id = dup_column (stmt, 2);
      unit->from_year = sqlite3_column_int (stmt, 3);
      unit->until_year = sqlite3_column_int (stmt, 4);
      unit->category_id = dup_column (stmt, 5);
      unit->name_zh_tw = dup_column (stmt, 6);
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
static const UnitInfo *
resolve_unit (GHashTable *units,
              const char *key,
              int         year,
              char      **problem)
{
  const UnitInfo *unit = g_hash_table_lookup (units, key);
  const UnitInfo *by_name = NULL;
  const UnitInfo *other_year = NULL;
  guint n_names = 0;
  GHashTableIter iter;
  gpointer value;

  if (unit == NULL)
    {
      g_hash_table_iter_init (&iter, units);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const UnitInfo *candidate = value;

          if (g_strcmp0 (candidate->name_zh, key) != 0
              && g_strcmp0 (candidate->name_zh_tw, key) != 0)
            continue;
          if (unit_exists_in (candidate, year))
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
  if (!unit_exists_in (unit, year))
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

/* ---- units ---------------------------------------------------------------------------- */

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
unit_cell (GPtrArray *row,
           int        index)
{
  if (index < 0 || (guint) index >= row->len)
    return g_strdup ("");
  return g_strstrip (g_strdup (g_ptr_array_index (row, index)));
}

static gboolean
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL || *text == '\0')
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static gboolean
step_done (KhProject    *self,
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

/* Parses the units table into rows of N_UCOLS strings; problems collected. */
static GPtrArray *
read_units_table (KhCsvTable *table,
                  const char *name,
                  GHashTable *existing,
                  GString    *problems)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *header;
  int index[N_UCOLS];

  if (table->rows->len == 0)
    {
      kh_problem_at (problems, name, 0, 0, _("the units table is empty"));
      return rows;
    }
  header = g_ptr_array_index (table->rows, 0);
  for (int c = 0; c < N_UCOLS; c++)
    {
      index[c] = -1;
      for (guint j = 0; j < header->len; j++)
        {
          g_autofree char *h = g_strstrip (g_strdup (g_ptr_array_index (header, j)));

          if (g_ascii_strcasecmp (h, unit_columns[c]) == 0)
            index[c] = j;
        }
    }
  for (int c = UCOL_ID; c <= UCOL_CATEGORY; c++)
    if (index[c] < 0 && c != UCOL_NAME_EN)
      kh_problem_at (problems, name, g_array_index (table->lines, guint, 0), 1,
                     _("the header has no “%s” column (units: %s)"), unit_columns[c],
                     "id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor");
  if (problems->len > 0)
    return rows;

  for (guint i = 1; i < table->rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, i);
      guint line = g_array_index (table->lines, guint, i);
      char **cells = g_new0 (char *, N_UCOLS + 1);
      guint64 years[2] = { 0, 0 };

      for (int c = 0; c < N_UCOLS; c++)
        cells[c] = unit_cell (row, index[c]);
      g_ptr_array_add (rows, cells);
      for (int c = UCOL_ID; c <= UCOL_CATEGORY; c++)
        if (c != UCOL_NAME_EN && cells[c][0] == '\0')
          kh_problem_at (problems, name, line, index[c] + 1, _("the %s is empty"), unit_columns[c]);
      for (int k = 0; k < 2; k++)
        {
          const char *text = cells[UCOL_FROM + k];

          if (text[0] != '\0'
              && !g_ascii_string_to_unsigned (text, 10, 1900, 2999, &years[k], NULL))
            kh_problem_at (problems, name, line, index[UCOL_FROM + k] + 1,
                           _("“%s” is not a year"), text);
        }
      if (years[0] != 0 && years[1] != 0 && years[0] > years[1])
        kh_problem_at (problems, name, line, index[UCOL_UNTIL] + 1,
                       _("until_year %u is before from_year %u"), (guint) years[1],
                       (guint) years[0]);
      if (cells[UCOL_ID][0] != '\0')
        {
          if (g_hash_table_contains (in_file, cells[UCOL_ID]))
            kh_problem_at (problems, name, line, index[UCOL_ID] + 1,
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
        kh_problem_at (problems, name, g_array_index (table->lines, guint, i + 1),
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
                             "from_year, until_year, name_zh_tw) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, "
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
      if (!step_done (self, category, _("importing units"), error))
        goto out;
      if (c[UCOL_GROUP][0] != '\0')
        {
          sqlite3_bind_text (group, 1, c[UCOL_GROUP], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (group, 2, c[UCOL_CATEGORY], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (group, 3, c[UCOL_GROUP], -1, SQLITE_TRANSIENT);
          if (!step_done (self, group, _("importing units"), error))
            goto out;
        }
      for (int k = 0; k < 5; k++)
        bind_text_or_null (unit, k + 1, c[k]);
      for (int k = 0; k < 2; k++)
        if (c[UCOL_FROM + k][0] != '\0')
          sqlite3_bind_int (unit, 6 + k, atoi (c[UCOL_FROM + k]));
        else
          sqlite3_bind_null (unit, 6 + k);
      bind_text_or_null (unit, 8, c[UCOL_NAME_ZH_TW]);
      if (!step_done (self, unit, _("importing units"), error))
        goto out;
      g_string_append_c (detail, '\n');
      for (int k = 0; k < N_UCOLS; k++)
        g_string_append_printf (detail, "%s%s", k > 0 ? "\t" : "", c[k]);
    }
  /* Successors after every unit exists: a merge may name a unit further down. */
  for (guint i = 0; i < rows->len; i++)
    {
      char **c = g_ptr_array_index (rows, i);

      bind_text_or_null (successor, 1, c[UCOL_SUCCESSOR]);
      sqlite3_bind_text (successor, 2, c[UCOL_ID], -1, SQLITE_TRANSIENT);
      if (!step_done (self, successor, _("importing units"), error))
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
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GHashTable) existing = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display_name == NULL)
    display_name = "<units>";
  existing = load_units (self, error);
  if (existing == NULL)
    return FALSE;
  rows = read_units_table (table, display_name, existing, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
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

/* ---- values --------------------------------------------------------------------------- */

static gboolean
check_not_sealed (KhProject *self,
                  int        year,
                  GError   **error)
{
  if (!kh_project_is_sealed (self, year))
    return TRUE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
               _("%s: year %d is sealed: its framework, data and results cannot change"),
               self->path, year);
  return FALSE;
}

static gboolean
upsert_value (KhProject    *self,
              sqlite3_stmt *stmt,
              int           year,
              const char   *unit,
              const char   *field,
              double        value,
              const char   *source,
              guint         row,
              guint         column,
              const char   *at,
              GError      **error)
{
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (isnan (value))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_double (stmt, 4, value);
  bind_text_or_null (stmt, 5, source);
  if (source != NULL)
    {
      sqlite3_bind_int (stmt, 6, (int) row);
      sqlite3_bind_int (stmt, 7, (int) column);
    }
  sqlite3_bind_text (stmt, 8, self->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, at, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, _("storing values"), error);
}

static const char upsert_sql[] =
  "INSERT INTO data_values (year, unit_id, field, value, source_file, source_row, "
  "source_column, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
  "ON CONFLICT (year, unit_id, field) DO UPDATE SET value = excluded.value, "
  "source_file = excluded.source_file, source_row = excluded.source_row, "
  "source_column = excluded.source_column, edited_by = excluded.edited_by, "
  "edited_at = excluded.edited_at";

/* TRUE when @field is a data field of some framework of the year. */
static gboolean
field_of_any (GHashTable *year_fields,
              const char *field)
{
  GHashTableIter iter;
  gpointer fields;

  g_hash_table_iter_init (&iter, year_fields);
  while (g_hash_table_iter_next (&iter, NULL, &fields))
    if (g_hash_table_contains (fields, field))
      return TRUE;
  return FALSE;
}

/* Checks every record; on success *resolved holds the unit id of each record, or NULL
 * for an empty cell under a field of another category's framework (skipped). */
static gboolean
check_records (KhProject   *self,
               int          year,
               KhRecordSet *records,
               const char  *name,
               GPtrArray   *resolved,
               GError     **error)
{
  g_autoptr (GHashTable) year_fields = NULL;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) problems = g_string_new (NULL);

  year_fields = kh_project_year_fields (self, year, error);
  if (year_fields == NULL)
    return FALSE;
  units = load_units (self, error);
  if (units == NULL)
    return FALSE;

  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      g_autofree char *problem = NULL;
      const UnitInfo *unit = resolve_unit (units, r->unit, year, &problem);
      g_autofree char *unit_key = g_strdup_printf ("u%u\x1F%s", r->row, r->unit);
      GHashTable *fields = NULL;
      gboolean known;

      if (unit != NULL)
        {
          fields = g_hash_table_lookup (year_fields, unit->category_id);
          if (fields == NULL)
            {
              problem = g_strdup_printf (_("unit “%s” is in category “%s”, which has no "
                                           "framework in %d"),
                                         r->unit, unit->category_id, year);
              unit = NULL;
            }
        }
      known = fields != NULL ? g_hash_table_contains (fields, r->field)
                             : field_of_any (year_fields, r->field);
      /* A wide sheet of several categories: another category's column, left empty. */
      if (unit != NULL && !known && isnan (r->value) && field_of_any (year_fields, r->field))
        {
          g_ptr_array_add (resolved, NULL);
          continue;
        }
      g_ptr_array_add (resolved, unit != NULL ? g_strdup (unit->id) : NULL);
      if (r->year != 0 && r->year != year)
        kh_problem_at (problems, name, r->row, r->column,
                       _("the value is for %d but the import is into %d"), r->year, year);
      if (unit == NULL && problem != NULL && !g_hash_table_contains (reported, unit_key))
        {
          kh_problem_at (problems, name, r->row, 1, "%s", problem);
          g_hash_table_add (reported, g_steal_pointer (&unit_key));
        }
      /* A field of no framework: once. A field of another category's framework: once
       * per category. */
      if (!known)
        {
          g_autofree char *any_key = g_strdup_printf ("f\x1F%s", r->field);
          g_autofree char *field_key =
            unit != NULL && field_of_any (year_fields, r->field)
              ? g_strdup_printf ("f%s\x1F%s", unit->category_id, r->field)
              : g_strdup (any_key);

          if (!g_hash_table_contains (reported, field_key) && unit != NULL)
            kh_problem_at (problems, name, r->row, r->column,
                           _("unknown field “%s”: not a data field of the %d framework of "
                             "category “%s”"),
                           r->field, year, unit->category_id);
          else if (!g_hash_table_contains (reported, field_key))
            kh_problem_at (problems, name, r->row, r->column,
                           _("unknown field “%s”: not a data field of any %d framework"),
                           r->field, year);
          g_hash_table_add (reported, g_steal_pointer (&field_key));
          g_hash_table_add (reported, g_steal_pointer (&any_key));
        }
      if (unit != NULL)
        {
          g_autofree char *key = g_strdup_printf ("%s\x1F%s", unit->id, r->field);
          const char *first = g_hash_table_lookup (seen, key);

          if (first != NULL)
            kh_problem_at (problems, name, r->row, r->column,
                           _("second value for unit “%s”, field “%s” (the first is at %s)"),
                           unit->id, r->field, first);
          else
            g_hash_table_insert (seen, g_steal_pointer (&key),
                                 g_strdup_printf (_("row %u, column %u"), r->row, r->column));
        }
    }
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_project_import_records (KhProject   *self,
                           int          year,
                           KhRecordSet *records,
                           const char  *source_name,
                           GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kh_project_import_records_full (self, year, records, source_name, NULL, error);
}

gboolean
kh_project_import_records_full (KhProject   *self,
                                int          year,
                                KhRecordSet *records,
                                const char  *source_name,
                                guint       *n_stored,
                                GError     **error)
{
  g_autoptr (GPtrArray) resolved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *at = kh_audit_now ();
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_values = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_sealed (self, year, error)
      || !check_records (self, year, records, source_name, resolved, error))
    return FALSE;

  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing values"), error);
      goto out;
    }
  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      const char *unit = g_ptr_array_index (resolved, i);
      g_autofree char *value = NULL;
      g_autofree char *line = NULL;

      if (unit == NULL)
        continue;
      value = kh_project_format_double (r->value);
      line = g_strdup_printf ("%s\t%s\t%s\n", unit, r->field, value);
      g_checksum_update (digest, (const guchar *) line, strlen (line));
      n_values++;
      if (!upsert_value (self, stmt, year, unit, r->field, r->value, source_name, r->row,
                         r->column, at, error))
        goto out;
    }
  detail = g_strdup_printf ("file=%s\nlayout=%s\nencoding=%s\nvalues=%u\nsha256=%s", source_name,
                            records->layout == KH_TABLE_LONG ? "long" : "wide",
                            records->encoding != NULL ? records->encoding : "", n_values,
                            g_checksum_get_string (digest));
  ok = kh_audit_append (self->db, self->user, "import", year, detail, error)
       && kh_project_commit (self, error);
  if (ok && n_stored != NULL)
    *n_stored = n_values;

out:
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

static gboolean
read_value (KhProject  *self,
            int         year,
            const char *unit,
            const char *field,
            double     *value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  *value = NAN;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT value FROM data_values WHERE year = ? AND unit_id = ? AND "
                          "field = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *value = sqlite3_column_double (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
kh_project_set_value (KhProject  *self,
                      int         year,
                      const char *unit,
                      const char *field,
                      double      value,
                      GError    **error)
{
  g_autoptr (GHashTable) year_fields = NULL;
  g_autoptr (GHashTable) units = NULL;
  GHashTable *fields;
  g_autofree char *problem = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *detail = NULL;
  const UnitInfo *info;
  sqlite3_stmt *stmt = NULL;
  double old = NAN;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit != NULL && field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_sealed (self, year, error))
    return FALSE;
  year_fields = kh_project_year_fields (self, year, error);
  if (year_fields == NULL)
    return FALSE;
  units = load_units (self, error);
  if (units == NULL)
    return FALSE;
  info = resolve_unit (units, unit, year, &problem);
  if (info == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
      return FALSE;
    }
  fields = g_hash_table_lookup (year_fields, info->category_id);
  if (fields == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: unit “%s” is in category “%s”, which has no framework in %d"),
                   self->path, unit, info->category_id, year);
      return FALSE;
    }
  if (!g_hash_table_contains (fields, field))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: unknown field “%s”: not a data field of the %d framework of category "
                     "“%s”"),
                   self->path, field, year, info->category_id);
      return FALSE;
    }

  if (!kh_project_begin (self, error))
    return FALSE;
  read_value (self, year, info->id, field, &old);
  old_text = kh_project_format_double (old);
  new_text = kh_project_format_double (value);
  detail = g_strdup_printf ("unit=%s\nfield=%s\nold=%s\nnew=%s", info->id, field, old_text,
                            new_text);
  if (sqlite3_prepare_v2 (self->db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
    kh_project_sql_error (self, _("storing values"), error);
  else
    ok = upsert_value (self, stmt, year, info->id, field, value, NULL, 0, 0, at, error)
         && kh_audit_append (self->db, self->user, "edit", year, detail, error)
         && kh_project_commit (self, error);
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

char *
kh_project_get_unit_category (KhProject  *self,
                              int         year,
                              const char *unit,
                              GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autofree char *problem = NULL;
  const UnitInfo *info;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = load_units (self, error);
  if (units == NULL)
    return NULL;
  info = resolve_unit (units, unit, year, &problem);
  if (info == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
      return NULL;
    }
  return g_strdup (info->category_id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

KhRecordSet *
kh_project_get_records (KhProject *self,
                        int        year,
                        GError   **error)
{
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) field_set = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = load_units (self, error);
  if (units == NULL)
    return NULL;
  set = kh_record_set_new (KH_TABLE_WIDE, "UTF-8");

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const UnitInfo *unit = value;

      if (!unit_exists_in (unit, year))
        continue;
      g_hash_table_insert (set->unit_names, g_strdup (unit->id), g_strdup (unit->name_zh));
      if (unit->group_id != NULL)
        g_hash_table_insert (set->unit_groups, g_strdup (unit->id), g_strdup (unit->group_id));
    }

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT unit_id, field, value FROM data_values WHERE year = ? "
                          "ORDER BY unit_id, field",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading values"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhRecord r = { 0 };

      r.unit = dup_column (stmt, 0);
      r.field = dup_column (stmt, 1);
      r.year = year;
      r.value = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN
                                                             : sqlite3_column_double (stmt, 2);
      g_array_append_val (set->records, r);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading values"), error);
      return NULL;
    }
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (g_hash_table_add (field_set, r->field))
        g_ptr_array_add (set->fields, g_strdup (r->field));
    }
  g_ptr_array_sort (set->fields, compare_strings);
  return g_steal_pointer (&set);
}
