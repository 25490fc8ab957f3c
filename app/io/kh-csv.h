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

G_BEGIN_DECLS

/* Safety limit on the size of a CSV file, in bytes. */
#define KH_CSV_MAX_BYTES (256u * 1024u * 1024u)

typedef struct
{
  GPtrArray *rows;     /* of GPtrArray* of char* (UTF-8 fields) */
  GArray    *lines;    /* of guint: 1-based physical line where each row starts */
  char      *encoding; /* detected or given: "UTF-8", "UTF-8-BOM", "UTF-16LE", "UTF-16BE", "GB18030" */
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

/* An empty table (no rows) with the given encoding label; rows are added by the caller
 * with kh_csv_table_add_row(). Used by the XLSX reader to hand over a sheet. */
KhCsvTable *kh_csv_table_new     (const char *encoding);
void        kh_csv_table_add_row (KhCsvTable *table,
                                  GPtrArray  *row,
                                  guint       line);

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
