/* kh-report-table.h — tables that break across pages with their header repeated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table is measured once for a width (every cell wraps inside its column, so nothing
 * overflows sideways), then split into runs of rows that fit a height; each run is drawn
 * below its own copy of the header. A row is never split.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KH_ALIGN_LEFT,
  KH_ALIGN_RIGHT,
  KH_ALIGN_CENTER,
} KhAlign;

typedef struct _KhReportTable KhReportTable;

/* @widths are relative; @aligns may be NULL (all left). Titles are copied. */
KhReportTable *kh_report_table_new       (guint               n_columns,
                                          const char * const *titles,
                                          const double       *widths,
                                          const KhAlign      *aligns);
void           kh_report_table_free      (KhReportTable      *table);
void           kh_report_table_add_row   (KhReportTable      *table,
                                          const char * const *cells);
/* Marks the last row added as emphasised (bold), e.g. a paper above its dimensions. */
void           kh_report_table_set_bold  (KhReportTable      *table,
                                          guint               row);
void           kh_report_table_set_indent (KhReportTable     *table,
                                           guint              row,
                                           double             indent);
guint          kh_report_table_get_n_rows (KhReportTable     *table);
/* Replaces a cell's text (measure again before drawing). */
void           kh_report_table_set_cell  (KhReportTable      *table,
                                          guint               row,
                                          guint               column,
                                          const char         *text);
const char    *kh_report_table_get_cell  (KhReportTable      *table,
                                          guint               row,
                                          guint               column);

/* Measures every row for a table @width wide with text of @font_size. */
void           kh_report_table_measure   (KhReportTable      *table,
                                          cairo_t            *cr,
                                          double              width,
                                          double              font_size);
double         kh_report_table_header_height (KhReportTable  *table);
double         kh_report_table_row_height (KhReportTable     *table,
                                           guint              row);
/* How many rows from @first fit in @height below the header (0 when not even one). */
guint          kh_report_table_fit       (KhReportTable      *table,
                                          guint               first,
                                          double              height);
/* Height of the header and rows [first, first + n). */
double         kh_report_table_height    (KhReportTable      *table,
                                          guint               first,
                                          guint               n);
/* Draws the header and rows [first, first + n) with the top-left corner at (x, y). */
void           kh_report_table_draw      (KhReportTable      *table,
                                          cairo_t            *cr,
                                          double              x,
                                          double              y,
                                          guint               first,
                                          guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhReportTable, kh_report_table_free)

G_END_DECLS
