/* kh-pilot.c — pilot values of proposed indicators, from a CSV file (see kh-pilot.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-csv.h"
#include "kh-pilot.h"

static void
pilot_free (gpointer data)
{
  KhPilotIndicator *p = data;

  g_free (p->id);
  g_free (p->values);
  g_free (p);
}

GPtrArray *
kh_pilot_read (const char  *path,
               KhDataset   *ds,
               GError     **error)
{
  guint n_units;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (GPtrArray) pilots = g_ptr_array_new_with_free_func (pilot_free);

  g_return_val_if_fail (path != NULL && ds != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_units = kh_dataset_get_n_units (ds);
  table = kh_csv_read_file (path, NULL, error);
  if (table == NULL)
    return NULL;
  for (guint c = 1; kh_csv_table_n_rows (table) > 0 && c < kh_csv_table_width (table, 0); c++)
    {
      KhPilotIndicator *p = g_new0 (KhPilotIndicator, 1);
      const char *id = kh_csv_table_cell (table, 0, c);

      g_ptr_array_add (pilots, p);
      if (*id == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("%s:1:%u: a proposed indicator needs a name in the header"), path, c + 1);
          return NULL;
        }
      p->id = g_strdup (id);
      p->values = g_new (double, MAX (n_units, 1));
      for (guint u = 0; u < n_units; u++)
        p->values[u] = NAN;
    }
  if (pilots->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: no pilot values: the file needs a header and a column per proposed "
                     "indicator"),
                   path);
      return NULL;
    }
  for (guint r = 1; r < kh_csv_table_n_rows (table); r++)
    {
      const char *unit_id = kh_csv_table_cell (table, r, 0);
      guint unit = kh_dataset_find_unit (ds, unit_id);

      if (unit == KH_DATASET_NONE)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("%s:%u: no unit “%s” in the data of %d"), path,
                       kh_csv_table_line (table, r), unit_id, kh_dataset_get_year (ds));
          return NULL;
        }
      for (guint c = 1; c <= pilots->len; c++)
        {
          const char *text = kh_csv_table_cell (table, r, c);
          char *end = NULL;
          double value;

          if (*text == '\0')
            continue;
          value = g_ascii_strtod (text, &end);
          if (end == text || *end != '\0' || !isfinite (value))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("%s:%u:%u: “%s” is not a number"), path,
                           kh_csv_table_line (table, r), c + 1, text);
              return NULL;
            }
          ((KhPilotIndicator *) pilots->pdata[c - 1])->values[unit] = value;
        }
    }
  return g_steal_pointer (&pilots);
}
