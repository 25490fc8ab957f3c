/* kh-data-grid.c — how the Data page's grid shows numbers and reads pasted text, its
 * columns and their titles (see kh-data-grid.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-data-grid.h"
#include "kh-data-view.h"
#include "kh-ui.h"

static char *
format_fixed (double value,
              int    decimals)
{
  char format[8];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 400]; /* 1e308 with %.6f: 309 digits and 7 more */

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, KH_DATA_GRID_MAX_DECIMALS));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

int
kh_data_grid_decimals_of (double value)
{
  if (!isfinite (value))
    return 0;
  for (int d = 0; d < KH_DATA_GRID_MAX_DECIMALS; d++)
    {
      g_autofree char *text = format_fixed (value, d);

      if (g_ascii_strtod (text, NULL) == value)
        return d;
    }
  return KH_DATA_GRID_MAX_DECIMALS;
}

int
kh_data_grid_field_decimals (KhDataset  *dataset,
                             const char *field)
{
  guint column, n;
  int decimals = 0;

  g_return_val_if_fail (dataset != NULL && field != NULL, 0);

  column = kh_dataset_find_field (dataset, field);
  if (column == KH_DATASET_NONE)
    return 0;
  n = kh_dataset_get_n_units (dataset);
  for (guint u = 0; u < n && decimals < KH_DATA_GRID_MAX_DECIMALS; u++)
    decimals = MAX (decimals, kh_data_grid_decimals_of (kh_dataset_get (dataset, u, column)));
  return decimals;
}

char *
kh_data_grid_format (double value,
                     int    decimals)
{
  g_autofree char *text = NULL;

  if (isnan (value))
    return g_strdup ("—");
  text = format_fixed (value, decimals);
  /* A value that rounds to zero shows no sign ("-0.00", "-0" are 0). */
  if (text[0] == '-' && g_ascii_strtod (text, NULL) == 0)
    return g_strdup (text + 1);
  return g_steal_pointer (&text);
}

static void
end_cell (GPtrArray *row,
          GString   *cell)
{
  g_ptr_array_add (row, g_strdup (cell->str));
  g_string_truncate (cell, 0);
}

GPtrArray *
kh_data_grid_parse_tsv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GString) cell = g_string_new (NULL);
  GPtrArray *row = NULL;
  gboolean quoted = FALSE;
  gboolean at_start = TRUE; /* nothing of the cell read yet */
  const char *p;

  g_return_val_if_fail (text != NULL, rows);

  for (p = text; *p != '\0'; p++)
    {
      if (row == NULL)
        {
          row = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (rows, row);
        }
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
          continue;
        }
      if (*p == '"' && at_start)
        {
          quoted = TRUE;
          at_start = FALSE;
        }
      else if (*p == '\t')
        {
          end_cell (row, cell);
          at_start = TRUE;
        }
      else if (*p == '\r' || *p == '\n')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          end_cell (row, cell);
          row = NULL;
          at_start = TRUE;
        }
      else
        {
          g_string_append_c (cell, *p);
          at_start = FALSE;
        }
    }
  if (row != NULL)
    end_cell (row, cell);
  /* Blank lines at the end (a second line end) are no rows of empty cells: pasted, they
   * would clear values. */
  while (rows->len > 0)
    {
      GPtrArray *last = rows->pdata[rows->len - 1];

      if (last->len != 1 || *(const char *) last->pdata[0] != '\0')
        break;
      g_ptr_array_set_size (rows, rows->len - 1);
    }
  return rows;
}

/* The data fields and their titles (moved here from kh-data-view.c) -------------------- */

static void
add_field (GPtrArray  *fields,
           GHashTable *seen,
           const char *id)
{
  if (id == NULL || g_hash_table_contains (seen, id))
    return;
  g_hash_table_add (seen, (gpointer) id);
  g_ptr_array_add (fields, g_strdup (id));
}

static gboolean
collect_indicator_cb (KhNode  *node,
                      gpointer user_data)
{
  gpointer *data = user_data;

  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    add_field (data[0], data[1], node->id);
  return TRUE;
}

GPtrArray *
kh_framework_data_fields (KhFramework *framework)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gpointer data[2] = { fields, seen };

  g_return_val_if_fail (framework != NULL, fields);

  kh_framework_foreach_node (framework, collect_indicator_cb, data);
  for (guint i = 0; i < framework->variables->len; i++)
    add_field (fields, seen, ((KhVariable *) framework->variables->pdata[i])->id);
  for (guint i = 0; i < framework->adjustments->len; i++)
    {
      KhAdjustment *adjustment = framework->adjustments->pdata[i];

      add_field (fields, seen, adjustment->input != NULL ? adjustment->input : adjustment->id);
    }
  for (guint i = 0; i < framework->constraints->len; i++)
    {
      KhConstraint *constraint = framework->constraints->pdata[i];
      const char *input = constraint->input != NULL ? constraint->input : constraint->id;

      if (kh_framework_find_node (framework, input) == NULL)
        add_field (fields, seen, input);
    }
  return fields;
}

char *
kh_data_grid_field_title (KhFramework *fw,
                          const char  *field)
{
  KhNode *node = kh_framework_find_node (fw, field);
  const char *name = NULL;
  const char *unit = NULL;

  if (node != NULL)
    {
      name = kh_text_get (&node->name, kh_ui_get_lang ());
      unit = node->unit_of_measure;
    }
  for (guint i = 0; node == NULL && i < fw->variables->len; i++)
    {
      KhVariable *variable = fw->variables->pdata[i];

      if (strcmp (variable->id, field) == 0)
        {
          name = kh_text_get (&variable->name, kh_ui_get_lang ());
          unit = variable->unit_of_measure;
        }
    }
  if (name == NULL)
    name = field;
  if (unit == NULL || unit[0] == '\0')
    return g_strdup (name);
  /* TRANSLATORS: a column of the Data page: a field's name and its unit of measure. */
  return g_strdup_printf (_("%s (%s)"), name, unit);
}
