/* kh-table-rejects.c — the error file of a partial import: the rows set aside, as read,
 * with their problems in a last column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provider fixes the rows in the error file and sends it back: it has the header row
 * and the rejected rows with their cells as they were read, so it imports again as it is
 * (the problem column, headed “Problem”, is then ignored with a notice). CSV cells that
 * look like formulas are guarded as in every export (kh_export_csv_field()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "kh-atomic-file.h"
#include "kh-export.h"
#include "kh-io-error.h"
#include "kh-table.h"

/* A cell XLSX should hold as a number: plain decimal notation, nothing else. */
static gboolean
plain_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text[0] == '\0' || strspn (text, "+-.0123456789eE") != strlen (text))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

static gboolean
write_xlsx (KhCsvTable  *table,
            GArray      *rows,
            GHashTable  *rejected,
            guint        width,
            const char  *path,
            GError     **error)
{
  g_autoptr (KhAtomicFile) file = kh_atomic_file_new (path, error);
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_error rc;

  if (file == NULL)
    return FALSE;
  /* libxlsxwriter opens the file by name, inside the KhAtomicFile's private folder. */
  workbook = workbook_new (kh_atomic_file_get_temp_path (file));
  sheet = workbook != NULL ? workbook_add_worksheet (workbook, NULL) : NULL;
  if (sheet == NULL)
    {
      if (workbook != NULL)
        workbook_close (workbook);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot create the workbook"),
                   path);
      return FALSE;
    }
  for (guint r = 0; r <= rows->len; r++)
    {
      guint i = r == 0 ? 0 : g_array_index (rows, guint, r - 1);
      guint n = kh_csv_table_width (table, i);
      const char *problem;

      for (guint j = 0; j < n; j++)
        {
          const char *text = kh_csv_table_cell (table, i, j);
          double value;

          if (plain_number (text, &value))
            worksheet_write_number (sheet, r, (lxw_col_t) j, value, NULL);
          else if (text[0] != '\0')
            worksheet_write_string (sheet, r, (lxw_col_t) j, text, NULL);
        }
      problem = r == 0 ? _("Problem")
                       : ((GString *) g_hash_table_lookup (
                            rejected, GUINT_TO_POINTER (kh_csv_table_line (table, i))))->str;
      worksheet_write_string (sheet, r, (lxw_col_t) width, problem, NULL);
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
write_csv (KhCsvTable  *table,
           GArray      *rows,
           GHashTable  *rejected,
           guint        width,
           const char  *path,
           GError     **error)
{
  /* With a BOM, so that Excel reads the Chinese text as UTF-8. */
  g_autoptr (GString) out = g_string_new ("\xEF\xBB\xBF");

  for (guint r = 0; r <= rows->len; r++)
    {
      guint i = r == 0 ? 0 : g_array_index (rows, guint, r - 1);
      const char *problem;
      g_autofree char *field = NULL;

      for (guint j = 0; j < width; j++)
        {
          g_autofree char *cell = kh_export_csv_field (kh_csv_table_cell (table, i, j));

          g_string_append (out, cell);
          g_string_append_c (out, ',');
        }
      problem = r == 0 ? _("Problem")
                       : ((GString *) g_hash_table_lookup (
                            rejected, GUINT_TO_POINTER (kh_csv_table_line (table, i))))->str;
      field = kh_export_csv_field (problem);
      g_string_append (out, field);
      g_string_append (out, "\r\n");
    }
  return kh_atomic_file_set_contents (path, out->str, out->len, error);
}

gboolean
kh_table_write_rejected (KhCsvTable  *table,
                         KhRecordSet *set,
                         const char  *path,
                         GError     **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint width;

  g_return_val_if_fail (table != NULL && set != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (kh_csv_table_n_rows (table) > 0, FALSE);

  /* The table's rows set aside (indices), and the widest of them and the header. */
  width = kh_csv_table_width (table, 0);
  for (guint i = 1; set->rejected != NULL && i < kh_csv_table_n_rows (table); i++)
    if (g_hash_table_contains (set->rejected, GUINT_TO_POINTER (kh_csv_table_line (table, i))))
      {
        g_array_append_val (rows, i);
        width = MAX (width, kh_csv_table_width (table, i));
      }
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    return write_xlsx (table, rows, set->rejected, width, path, error);
  return write_csv (table, rows, set->rejected, width, path, error);
}
