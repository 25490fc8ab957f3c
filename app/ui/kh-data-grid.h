/* kh-data-grid.h — how the Data page's grid shows numbers, reads pasted text and titles
 * its columns (kh-data-grid.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every cell of a field shows the same number of decimals: the fewest that show every
 * value of that field in the year exactly, at most KH_DATA_GRID_MAX_DECIMALS (the data
 * formats declare no decimals of their own: a framework's precision is that of totals).
 */
#pragma once

#include "core/kh-dataset.h"
#include "core/kh-framework.h"

G_BEGIN_DECLS

#define KH_DATA_GRID_MAX_DECIMALS 6

/* The fewest decimals (0 to KH_DATA_GRID_MAX_DECIMALS) with which @value, written with
 * "%.Nf" and read back, is @value again; KH_DATA_GRID_MAX_DECIMALS when none is. */
int   kh_data_grid_decimals_of     (double      value);
/* The decimals of field @field of @dataset: the largest of its values' (0 when it has no
 * value or the dataset has no such field). */
int   kh_data_grid_field_decimals  (KhDataset  *dataset,
                                    const char *field);
/* @value with @decimals decimals ("1.50"; "0.00", never "-0.00", for a zero), "—" for a
 * missing value (newly allocated). */
char *kh_data_grid_format          (double      value,
                                    int         decimals);

/* The rows of @text, tab-separated values as Excel and LibreOffice put them on the
 * clipboard (a GPtrArray of rows, each a GPtrArray of char*): "\r\n", "\n" or "\r" ends a
 * row, a line end at the very end adds none, nor do blank lines after it; a cell in double quotes may hold tabs, line
 * ends and doubled quotes (""). */
GPtrArray *kh_data_grid_parse_tsv  (const char *text);

/* A field's name in the interface's language, with its unit of measure as the import
 * reads it back (“地区生产总值（亿元）”), newly allocated: a column title of the grid. */
char      *kh_data_grid_field_title (KhFramework *fw,
                                     const char  *field);

G_END_DECLS
