/* kh-data-grid.c — how the Data page's grid shows numbers (see kh-data-grid.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-data-grid.h"

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
