/* kh-export.h — a year's data sheet and results as CSV or XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data sheet: the wide layout `unit,name,FIELD…` (fields sorted, units by id), so an
 * exported sheet imports back unchanged; numbers in their shortest exact form (CSV) or
 * as numbers (XLSX, 16 significant digits, which holds every value with up to 15).
 *
 * Results: per category (ascending) and group, ordered by rank, columns
 * `category,group,rank,unit,name,total,tier,prev_rank,rank_change,awards`; in XLSX one
 * worksheet per category and group (named after the group, or the category when the
 * units have no group). kh_export_category_results() keeps one category (NULL: all).
 *
 * CSV is UTF-8 with CRLF line ends, optionally with a BOM so Excel detects the
 * encoding. A text cell that starts with = + - @ TAB CR or LF, or with the full-width
 * ＝ ＋ － ＠, is written with a leading `'` so no spreadsheet runs it as a formula (and
 * so is a text that already starts with such a guard); kh_csv_parse() takes the guard
 * off again, so an exported sheet imports back unchanged. Files are written through a
 * KhAtomicFile: an export is complete or absent.
 */
#pragma once

#include <glib.h>

#include "kh-project.h"

G_BEGIN_DECLS

typedef enum
{
  KH_EXPORT_CSV,
  KH_EXPORT_XLSX,
} KhExportFormat;

gboolean kh_export_data      (KhProject      *project,
                              int             year,
                              KhExportFormat  format,
                              gboolean        bom,
                              const char     *path,
                              GError        **error);
gboolean kh_export_results   (KhProject      *project,
                              int             year,
                              KhExportFormat  format,
                              gboolean        bom,
                              const char     *path,
                              GError        **error);
gboolean kh_export_category_results (KhProject      *project,
                                     int             year,
                                     const char     *category,
                                     KhExportFormat  format,
                                     gboolean        bom,
                                     const char     *path,
                                     GError        **error);

/* One CSV field: guarded against formula injection and quoted when needed. */
char    *kh_export_csv_field (const char     *text);
/* The shortest decimal text that reads back as exactly @value ("" for NAN). */
char    *kh_export_number    (double          value);

G_END_DECLS
