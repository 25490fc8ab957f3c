/* kh-export.c — a year's data sheet and results as CSV or XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "kh-atomic-file.h"
#include "kh-csv.h"
#include "kh-export.h"
#include "kh-io-error.h"
#include "kh-project-compute.h"
#include "kh-project-private.h"

char *
kh_export_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  /* A whole number as digits: 40, not the equally short 4e+01. */
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value == 0 ? 0.0 : value);
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

char *
kh_export_csv_field (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean guard, quote;

  g_return_val_if_fail (text != NULL, NULL);

  /* A text that starts like a formula, or that would read back as a guarded one. */
  guard = kh_csv_starts_formula (text) || kh_csv_is_guarded (text);
  quote = guard || strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A table of text cells and numbers, filled once and written as CSV or XLSX. */
typedef struct
{
  char *name;       /* worksheet name */
  GPtrArray *rows;  /* of GPtrArray* of Cell* */
} Sheet;

typedef struct
{
  char *text;   /* NULL for a number */
  double number;
} Cell;

static void
cell_free (Cell *cell)
{
  g_free (cell->text);
  g_free (cell);
}

static void
sheet_free (Sheet *sheet)
{
  g_free (sheet->name);
  g_ptr_array_unref (sheet->rows);
  g_free (sheet);
}

static Sheet *
sheet_new (const char *name)
{
  Sheet *sheet = g_new0 (Sheet, 1);

  sheet->name = g_strdup (name);
  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  return sheet;
}

static GPtrArray *
sheet_add_row (Sheet *sheet)
{
  GPtrArray *row = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);

  g_ptr_array_add (sheet->rows, row);
  return row;
}

static void
add_text (GPtrArray  *row,
          const char *text)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->text = g_strdup (text != NULL ? text : "");
  g_ptr_array_add (row, cell);
}

static void
add_number (GPtrArray *row,
            double     number)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->number = number;
  g_ptr_array_add (row, cell);
}

static void
add_int (GPtrArray *row,
         int        value,
         gboolean   zero_is_empty)
{
  if (zero_is_empty && value == 0)
    add_text (row, "");
  else
    add_number (row, value);
}

static gboolean
write_csv (GPtrArray  *sheets,
           gboolean    bom,
           const char *path,
           GError    **error)
{
  g_autoptr (GString) out = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  /* CSV has one table: the sheets follow each other, headers only once. */
  for (guint s = 0; s < sheets->len; s++)
    {
      Sheet *sheet = sheets->pdata[s];

      for (guint i = s > 0 ? 1 : 0; i < sheet->rows->len; i++)
        {
          GPtrArray *row = sheet->rows->pdata[i];

          for (guint j = 0; j < row->len; j++)
            {
              Cell *cell = row->pdata[j];
              g_autofree char *field = cell->text != NULL ? kh_export_csv_field (cell->text)
                                                          : kh_export_number (cell->number);

              if (j > 0)
                g_string_append_c (out, ',');
              g_string_append (out, field);
            }
          g_string_append (out, "\r\n");
        }
    }
  return kh_atomic_file_set_contents (path, out->str, out->len, error);
}

/* Worksheet names: at most 31 characters, none of []:*?/\ */
static char *
xlsx_sheet_name (const char *name,
                 guint       index)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && g_utf8_strlen (out->str, -1) < 28;
       p = g_utf8_next_char (p))
    {
      if (strchr ("[]:*?/\\", *p) != NULL)
        g_string_append_c (out, '_');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (out->len == 0)
    g_string_append_printf (out, "Sheet%u", index + 1);
  return g_string_free (out, FALSE);
}

static gboolean
write_xlsx (GPtrArray  *sheets,
            const char *path,
            GError    **error)
{
  g_autoptr (KhAtomicFile) file = kh_atomic_file_new (path, error);
  lxw_workbook *workbook;
  lxw_error rc;

  if (file == NULL)
    return FALSE;
  /* libxlsxwriter opens the file by name: the private folder of the KhAtomicFile keeps
   * anyone else from planting a link there. */
  workbook = workbook_new (kh_atomic_file_get_temp_path (file));
  if (workbook == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot create the workbook"),
                   path);
      return FALSE;
    }
  for (guint s = 0; s < sheets->len; s++)
    {
      Sheet *sheet = sheets->pdata[s];
      g_autofree char *name = xlsx_sheet_name (sheet->name, s);
      lxw_worksheet *ws = workbook_add_worksheet (workbook, name);

      if (ws == NULL)
        ws = workbook_add_worksheet (workbook, NULL); /* a duplicate name */
      for (guint i = 0; ws != NULL && i < sheet->rows->len; i++)
        {
          GPtrArray *row = sheet->rows->pdata[i];

          for (guint j = 0; j < row->len; j++)
            {
              Cell *cell = row->pdata[j];

              if (cell->text == NULL)
                worksheet_write_number (ws, i, (lxw_col_t) j, cell->number, NULL);
              else if (cell->text[0] != '\0')
                worksheet_write_string (ws, i, (lxw_col_t) j, cell->text, NULL);
            }
        }
    }
  rc = workbook_close (workbook);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot write: %s"), path,
                   lxw_strerror (rc));
      return FALSE;
    }
  return kh_atomic_file_commit (file, TRUE, error);
}

static gboolean
write_sheets (GPtrArray      *sheets,
              KhExportFormat  format,
              gboolean        bom,
              const char     *path,
              GError        **error)
{
  if (format == KH_EXPORT_XLSX)
    return write_xlsx (sheets, path, error);
  return write_csv (sheets, bom, path, error);
}

gboolean
kh_export_data (KhProject      *project,
                int             year,
                KhExportFormat  format,
                gboolean        bom,
                const char     *path,
                GError        **error)
{
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  g_autoptr (GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  Sheet *sheet;
  GPtrArray *row = NULL;
  const char *current = NULL;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  set = kh_project_get_records (project, year, error);
  if (set == NULL)
    return FALSE;
  if (set->records->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: year %d has no data"),
                   kh_project_get_path (project), year);
      return FALSE;
    }

  sheet = sheet_new ("data");
  g_ptr_array_add (sheets, sheet);
  row = sheet_add_row (sheet);
  add_text (row, "unit");
  add_text (row, "name");
  for (guint i = 0; i < set->fields->len; i++)
    {
      add_text (row, set->fields->pdata[i]);
      g_hash_table_insert (columns, set->fields->pdata[i], GUINT_TO_POINTER (i + 2));
    }

  /* Records come ordered by unit, then field. */
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (columns, r->field));

      if (current == NULL || strcmp (current, r->unit) != 0)
        {
          current = r->unit;
          row = sheet_add_row (sheet);
          add_text (row, r->unit);
          add_text (row, g_hash_table_lookup (set->unit_names, r->unit));
          for (guint j = 0; j < set->fields->len; j++)
            add_text (row, "");
        }
      if (!isnan (r->value))
        {
          Cell *cell = row->pdata[column];

          g_clear_pointer (&cell->text, g_free);
          cell->number = r->value;
        }
    }
  return write_sheets (sheets, format, bom, path, error);
}

gboolean
kh_export_results (KhProject      *project,
                   int             year,
                   KhExportFormat  format,
                   gboolean        bom,
                   const char     *path,
                   GError        **error)
{
  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kh_export_category_results (project, year, NULL, format, bom, path, error);
}

/* The unit's name of the year, as kh_project_get_records() names it: NULL for a unit
 * that does not exist in the year. */
static const char *
unit_name (GHashTable *units,
           const char *id)
{
  const KhUnitInfo *unit = g_hash_table_lookup (units, id);

  return unit != NULL && unit->exists ? unit->name_zh : NULL;
}

/* kh_project_compute_results() without each unit's node scores, which the export does not
 * print: at 3,000 units × 200 indicators those were 660,000 node ids copied (issue 22). */
static GPtrArray *
compute_results (KhProject *project,
                 int        year,
                 GError   **error)
{
  g_autoptr (GPtrArray) plans = kh_project_compute_all (project, year, error);
  GPtrArray *results;

  if (plans == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  for (guint i = 0; i < plans->len; i++)
    kh_project_results_append_from_plan (results, plans->pdata[i], FALSE);
  return results;
}

/* The order of stored results (kh-project-results.c): category, group, ranked units by
 * rank, unranked last, then unit id. */
static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const KhStoredResult *x = *(KhStoredResult *const *) a;
  const KhStoredResult *y = *(KhStoredResult *const *) b;
  int cmp;

  if ((cmp = g_strcmp0 (x->category_id, y->category_id)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (x->group_id, y->group_id)) != 0)
    return cmp;
  if ((x->rank == 0) != (y->rank == 0))
    return x->rank == 0 ? 1 : -1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return g_strcmp0 (x->unit_id, y->unit_id);
}

gboolean
kh_export_category_results (KhProject      *project,
                            int             year,
                            const char     *category,
                            KhExportFormat  format,
                            gboolean        bom,
                            const char     *path,
                            GError        **error)
{
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  g_autoptr (GHashTable) units = NULL;
  static const char *const header[] = {
    "category", "group", "rank", "unit", "name", "total", "tier", "prev_rank", "rank_change",
    "awards",
  };
  Sheet *sheet = NULL;
  const char *sheet_category = NULL;
  guint n_rows = 0;
  gboolean sealed = FALSE;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = kh_project_get_results (project, year, error);
  if (results == NULL)
    return FALSE;
  /* An open year's results are not stored until it is sealed: compute them afresh, as
   * `kaohe-cli compute` shows them. A sealed year always exports what was sealed. */
  if (results->len == 0 && !kh_project_get_sealed (project, year, &sealed, error))
    return FALSE;
  if (results->len == 0 && !sealed)
    {
      g_clear_pointer (&results, g_ptr_array_unref);
      results = compute_results (project, year, error);
      if (results == NULL)
        return FALSE;
      g_ptr_array_sort (results, compare_results);
    }
  /* The units' names of the year only, not its values (kh_project_get_records): at 3,000
   * units × 200 indicators those were 600,000 records read for nothing (issue 22). */
  units = kh_project_load_units (project, year, error);
  if (units == NULL)
    return FALSE;

  /* Results come ordered by category, then group: one sheet per (category, group). */
  for (guint i = 0; i < results->len; i++)
    {
      KhStoredResult *r = results->pdata[i];
      const char *group = r->group_id != NULL ? r->group_id : "";
      const char *unit_category = r->category_id != NULL ? r->category_id : "";
      GPtrArray *row;

      if (category != NULL && strcmp (category, unit_category) != 0)
        continue;
      n_rows++;
      if (sheet == NULL || g_strcmp0 (sheet_category, unit_category) != 0
          || strcmp (sheet->name, group[0] != '\0' ? group : unit_category) != 0)
        {
          sheet = sheet_new (group[0] != '\0' ? group : unit_category);
          sheet_category = unit_category;
          g_ptr_array_add (sheets, sheet);
          row = sheet_add_row (sheet);
          for (guint j = 0; j < G_N_ELEMENTS (header); j++)
            add_text (row, header[j]);
        }
      row = sheet_add_row (sheet);
      add_text (row, unit_category);
      add_text (row, group);
      add_int (row, r->rank, TRUE);
      add_text (row, r->unit_id);
      add_text (row, unit_name (units, r->unit_id));
      if (isnan (r->total))
        add_text (row, "");
      else
        add_number (row, r->total);
      add_int (row, r->tier, TRUE);
      add_int (row, r->prev_rank, TRUE);
      if (r->prev_rank != 0)
        add_int (row, r->rank_change, FALSE);
      else
        add_text (row, "");
      add_text (row, r->awards);
    }
  if (n_rows == 0 && category != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no results of category “%s” (compute them first)"),
                   kh_project_get_path (project), year, category);
      return FALSE;
    }
  if (n_rows == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no results (compute them first)"),
                   kh_project_get_path (project), year);
      return FALSE;
    }
  return write_sheets (sheets, format, bom, path, error);
}
