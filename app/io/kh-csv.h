/* kh-csv.h — RFC 4180 CSV reading with encoding detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encodings: UTF-8 with or without BOM, UTF-16LE/BE with BOM, and GB18030 (a superset of
 * GBK, as saved by Chinese Excel). With @encoding NULL the BOM decides; without a BOM the
 * data is UTF-8 when it validates as UTF-8, GB18030 otherwise. An invalid byte sequence is
 * reported with its byte offset in the file.
 *
 * Fields are separated by commas (by TABs when the first line has a TAB and no comma, as
 * in Excel's "Unicode text", UTF-16LE) and records by CRLF, LF or a lone CR. A field may be
 * quoted with '"'; inside quotes commas and line breaks are literal and '""' is one quote.
 * A quote inside an unquoted field, text after a closing quote, and a quoted field left open
 * at the end of the file are errors `NAME:LINE:COLUMN: message` (KH_IO_ERROR_PARSE; the
 * column counts characters, 1-based). Blank lines are skipped; a final line break is optional.
 *
 * Formula guard: a text a spreadsheet would run as a formula (kh_csv_starts_formula) is
 * exported with a leading apostrophe (kh-export.h); a field read here that carries that
 * guard (kh_csv_is_guarded: an apostrophe before such a text, or before a guarded text)
 * loses its first apostrophe, so `'=id1` reads back as `=id1` and `''=x` as `'=x`.
 */
#pragma once

#include <glib.h>

#include "kh-io-limits.h"

G_BEGIN_DECLS

/* Safety limit on the size of a CSV file, in bytes. */
#define KH_CSV_MAX_BYTES (256u * 1024u * 1024u)

/* A table is kept compactly (what a hostile file can cost is bounded, see kh-io-limits.h):
 * the texts of the non-empty cells one after the other in one block, and per row only
 * where its cells start. An empty cell costs nothing, and a row without any non-empty
 * cell is not kept at all (a blank line, or a line of commas). Read it with the
 * accessors below; a cell that is absent reads as "". */
typedef struct
{
  guint32 column; /* 0-based */
  guint32 offset; /* into text */
} KhCsvCell;

typedef struct
{
  guint32 first; /* index of the row's first cell in cells */
  guint32 line;  /* 1-based physical line (CSV) or row number (XLSX) where the row starts */
} KhCsvRow;

typedef struct
{
  char      *encoding; /* detected or given: "UTF-8", "UTF-8-BOM", "UTF-16LE", "UTF-16BE", "GB18030", "XLSX" */
  GString   *text;     /* cell texts, each NUL-terminated; offset 0 is the empty string */
  GArray    *cells;    /* of KhCsvCell, by row, columns ascending */
  GArray    *rows;     /* of KhCsvRow */
  char      *name;     /* display name of the source */
  KhIoBudget budget;   /* memory accounted so far against the source file's size */
  gboolean   row_open;
} KhCsvTable;

/* TRUE when @text starts with = + - @ TAB CR or LF, or with the full-width ＝ ＋ － ＠. */
gboolean    kh_csv_starts_formula (const char *text);
/* TRUE when @text is an apostrophe followed by such a text or by a guarded text. */
gboolean    kh_csv_is_guarded     (const char *text);

KhCsvTable *kh_csv_parse      (const char  *data,
                               gsize        len,
                               const char  *encoding,
                               const char  *display_name,
                               GError     **error);
KhCsvTable *kh_csv_read_file  (const char  *path,
                               const char  *encoding,
                               GError     **error);
void        kh_csv_table_free (KhCsvTable  *table);

/* Called by kh_csv_read_file_rows() after each row kept, the row being the table's last;
 * FALSE (with @error set) stops the reading, which then fails with that error. */
typedef gboolean (*KhCsvRowFunc) (KhCsvTable *table,
                                  gpointer    user_data,
                                  GError    **error);

/* Reads @path as kh_csv_read_file() does, calling @row_func after each row kept. The
 * function may drop the rows it has read with kh_csv_table_truncate(): a streaming
 * reader then holds the header and one row at a time, never the whole table. */
KhCsvTable *kh_csv_read_file_rows (const char  *path,
                                   const char  *encoding,
                                   KhCsvRowFunc row_func,
                                   gpointer     user_data,
                                   GError     **error);
/* Keeps the first @n_rows rows only (their cells and texts; the memory they held is no
 * longer counted against the budget). */
void        kh_csv_table_truncate (KhCsvTable *table,
                                   guint       n_rows);

/* Number of rows kept (rows without any non-empty cell are not kept). */
guint       kh_csv_table_n_rows  (const KhCsvTable *table);
/* The row's width: 1 + the column of its last non-empty cell. */
guint       kh_csv_table_width   (const KhCsvTable *table,
                                  guint             row);
/* The text of a cell, "" when it is empty or beyond the row's width. */
const char *kh_csv_table_cell    (const KhCsvTable *table,
                                  guint             row,
                                  guint             column);
/* 1-based line (CSV) or spreadsheet row number (XLSX) of @row. */
guint       kh_csv_table_line    (const KhCsvTable *table,
                                  guint             row);
/* The non-empty cells of @row, columns ascending; *n_cells receives their number. */
const KhCsvCell *kh_csv_table_row_cells (const KhCsvTable *table,
                                         guint             row,
                                         guint            *n_cells);
#define kh_csv_table_text(table, cell) ((table)->text->str + (cell)->offset)

/* An empty table with the given encoding label whose memory is accounted against
 * @file_size (kh-io-limits.h); the XLSX reader and tests fill it row by row: begin a
 * row, add its non-empty cells with ascending columns, end it. */
KhCsvTable *kh_csv_table_new       (const char  *encoding,
                                    guint64      file_size,
                                    const char  *display_name);
void        kh_csv_table_begin_row (KhCsvTable  *table,
                                    guint        line);
/* Adds the cell unless @text is empty; FALSE with KH_IO_ERROR_LIMIT set when the table
 * outgrows its budget. @len may be -1. */
gboolean    kh_csv_table_add_cell  (KhCsvTable  *table,
                                    guint        column,
                                    const char  *text,
                                    gssize       len,
                                    GError     **error);
void        kh_csv_table_end_row   (KhCsvTable  *table);

/* Converts @data to UTF-8 (without BOM) as kh_csv_parse() does; *detected receives the
 * encoding label. Exposed for tests and for other text importers. */
char       *kh_csv_decode     (const char  *data,
                               gsize        len,
                               const char  *encoding,
                               const char  *display_name,
                               const char **detected,
                               gsize       *out_len,
                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhCsvTable, kh_csv_table_free)

G_END_DECLS
