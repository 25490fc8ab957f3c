/* kh-xlsx.h — reading a worksheet of an Excel workbook (.xlsx)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first sheet, or the one named, becomes a KhCsvTable (encoding "XLSX") whose lines
 * are the spreadsheet's row numbers and whose cells sit at their column (A = index 0), so
 * kh_record_set_from_table() reports positions as Excel shows them. Shared strings
 * (including rich-text runs), inline strings, numbers, booleans and empty cells are
 * read; a formula cell gives its cached value.
 *
 * Safety: the archive may hold at most KH_XLSX_MAX_ENTRIES entries, no entry with an
 * absolute path, a `..` component or a backslash, no part larger than KH_XLSX_MAX_PART
 * bytes once inflated, or 16 × the workbook's size when that is more (checked while
 * inflating, not only from the header; parts are streamed, not kept) and no more
 * than KH_XLSX_MAX_TOTAL inflated bytes altogether (KH_IO_ERROR_LIMIT). Every XML part
 * is parsed by kh_xml_read_safe(); its messages name `FILE:PART:LINE:COLUMN`.
 */
#pragma once

#include <glib.h>

#include "kh-csv.h"

G_BEGIN_DECLS

#define KH_XLSX_MAX_ENTRIES 10000
#define KH_XLSX_MAX_PART    (64u * 1024u * 1024u)
#define KH_XLSX_MAX_TOTAL   (256u * 1024u * 1024u)

/* @sheet: the sheet's name, or NULL for the first sheet. */
KhCsvTable *kh_xlsx_read_file   (const char  *path,
                                 const char  *sheet,
                                 GError     **error);

/* Names of the workbook's sheets in order (NULL-terminated). */
char      **kh_xlsx_sheet_names (const char  *path,
                                 GError     **error);

G_END_DECLS
