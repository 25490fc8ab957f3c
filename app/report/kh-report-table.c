/* kh-report-table.c — tables that break across pages with their header repeated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "charts/kh-chart-text.h"
#include "charts/kh-palette.h"
#include "kh-report-table.h"

#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.0

typedef struct
{
  char **cells;
  gboolean bold;
  double indent;
  double height;
} Row;

struct _KhReportTable
{
  guint n_columns;
  char **titles;
  double *widths; /* relative until measured, then in user units */
  KhAlign *aligns;
  GArray *rows; /* of Row */
  double width;
  double font_size;
  double header_height;
  /* Measured at width and font_size, and unchanged since: measuring again (for each
   * page drawn) would give the same heights. */
  gboolean measured;
};

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_strfreev (row->cells);
}

KhReportTable *
kh_report_table_new (guint               n_columns,
                     const char * const *titles,
                     const double       *widths,
                     const KhAlign      *aligns)
{
  KhReportTable *table;

  g_return_val_if_fail (n_columns > 0, NULL);
  g_return_val_if_fail (titles != NULL && widths != NULL, NULL);

  table = g_new0 (KhReportTable, 1);
  table->n_columns = n_columns;
  table->titles = g_new0 (char *, n_columns + 1);
  table->widths = g_new (double, n_columns);
  table->aligns = g_new0 (KhAlign, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      table->titles[c] = g_strdup (titles[c]);
      table->widths[c] = widths[c];
      table->aligns[c] = aligns != NULL ? aligns[c] : KH_ALIGN_LEFT;
    }
  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (table->rows, row_clear);
  table->font_size = 9.0;
  return table;
}

void
kh_report_table_free (KhReportTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->titles);
  g_free (table->widths);
  g_free (table->aligns);
  g_array_unref (table->rows);
  g_free (table);
}

void
kh_report_table_add_row (KhReportTable      *table,
                         const char * const *cells)
{
  Row row = { NULL, FALSE, 0, 0 };

  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);

  row.cells = g_new0 (char *, table->n_columns + 1);
  for (guint c = 0; c < table->n_columns; c++)
    row.cells[c] = g_strdup (cells[c] != NULL ? cells[c] : "");
  g_array_append_val (table->rows, row);
  table->measured = FALSE;
}

void
kh_report_table_set_bold (KhReportTable *table,
                          guint          row)
{
  g_return_if_fail (table != NULL && row < table->rows->len);
  g_array_index (table->rows, Row, row).bold = TRUE;
  table->measured = FALSE;
}

void
kh_report_table_set_indent (KhReportTable *table,
                            guint          row,
                            double         indent)
{
  g_return_if_fail (table != NULL && row < table->rows->len);
  g_array_index (table->rows, Row, row).indent = indent;
  table->measured = FALSE;
}

guint
kh_report_table_get_n_rows (KhReportTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->rows->len;
}

void
kh_report_table_set_cell (KhReportTable *table,
                          guint          row,
                          guint          column,
                          const char    *text)
{
  char **cells;

  g_return_if_fail (table != NULL && row < table->rows->len);
  g_return_if_fail (column < table->n_columns);
  cells = g_array_index (table->rows, Row, row).cells;
  g_free (cells[column]);
  cells[column] = g_strdup (text != NULL ? text : "");
  table->measured = FALSE;
}

const char *
kh_report_table_get_cell (KhReportTable *table,
                          guint          row,
                          guint          column)
{
  g_return_val_if_fail (table != NULL && row < table->rows->len, NULL);
  g_return_val_if_fail (column < table->n_columns, NULL);
  return g_array_index (table->rows, Row, row).cells[column];
}

/* A cell's layout, wrapped inside its column. */
static PangoLayout *
cell_layout (KhReportTable *table,
             cairo_t       *cr,
             const char    *text,
             guint          column,
             double         indent,
             gboolean       bold)
{
  PangoLayout *layout = kh_chart_text_layout (cr, text, table->font_size, bold);
  double inner = MAX (table->widths[column] - 2 * CELL_PAD_X - indent, 1.0);
  static const PangoAlignment alignments[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_CENTER };

  pango_layout_set_width (layout, (int) (inner * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignments[table->aligns[column]]);
  return layout;
}

static double
measure_cells (KhReportTable *table,
               cairo_t       *cr,
               char         **cells,
               double         indent,
               gboolean       bold)
{
  double tallest = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      g_autoptr (PangoLayout) layout = cell_layout (table, cr, cells[c], c, c == 0 ? indent : 0, bold);
      double h;

      kh_chart_text_size (layout, NULL, &h);
      tallest = MAX (tallest, h);
    }
  return tallest + 2 * CELL_PAD_Y;
}

void
kh_report_table_measure (KhReportTable *table,
                         cairo_t       *cr,
                         double         width,
                         double         font_size)
{
  double total = 0;

  g_return_if_fail (table != NULL && cr != NULL);
  g_return_if_fail (width > 0 && font_size > 0);

  /* Once per table, not once per page: a group of 3,000 units took 78 % of its report
   * measuring every row again for each of its pages. */
  if (table->measured && table->width == width && table->font_size == font_size)
    return;
  /* Relative widths become absolute once; later calls rescale. */
  for (guint c = 0; c < table->n_columns; c++)
    total += table->widths[c];
  for (guint c = 0; c < table->n_columns; c++)
    table->widths[c] = width * table->widths[c] / total;
  table->width = width;
  table->font_size = font_size;

  table->header_height = measure_cells (table, cr, table->titles, 0, TRUE);
  for (guint r = 0; r < table->rows->len; r++)
    {
      Row *row = &g_array_index (table->rows, Row, r);

      row->height = measure_cells (table, cr, row->cells, row->indent, row->bold);
    }
  table->measured = TRUE;
}

double
kh_report_table_header_height (KhReportTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->header_height;
}

double
kh_report_table_row_height (KhReportTable *table,
                            guint          row)
{
  g_return_val_if_fail (table != NULL && row < table->rows->len, 0);
  return g_array_index (table->rows, Row, row).height;
}

guint
kh_report_table_fit (KhReportTable *table,
                     guint          first,
                     double         height)
{
  double used;
  guint n = 0;

  g_return_val_if_fail (table != NULL, 0);

  used = table->header_height;
  for (guint r = first; r < table->rows->len; r++)
    {
      used += g_array_index (table->rows, Row, r).height;
      if (used > height + 1e-6)
        break;
      n++;
    }
  return n;
}

double
kh_report_table_height (KhReportTable *table,
                        guint          first,
                        guint          n)
{
  double height;

  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (first + n <= table->rows->len, 0);

  height = table->header_height;
  for (guint r = first; r < first + n; r++)
    height += g_array_index (table->rows, Row, r).height;
  return height;
}

static void
draw_cells (KhReportTable *table,
            cairo_t       *cr,
            double         x,
            double         y,
            char         **cells,
            double         indent,
            gboolean       bold)
{
  for (guint c = 0; c < table->n_columns; c++)
    {
      double pad = c == 0 ? indent : 0;
      g_autoptr (PangoLayout) layout = cell_layout (table, cr, cells[c], c, pad, bold);

      cairo_move_to (cr, x + CELL_PAD_X + pad, y + CELL_PAD_Y);
      pango_cairo_show_layout (cr, layout);
      x += table->widths[c];
    }
}

void
kh_report_table_draw (KhReportTable *table,
                      cairo_t       *cr,
                      double         x,
                      double         y,
                      guint          first,
                      guint          n)
{
  double top = y;

  g_return_if_fail (table != NULL && cr != NULL);
  g_return_if_fail (first + n <= table->rows->len);

  cairo_save (cr);

  /* Header: tinted band, bold titles, a firm rule below. */
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_GRID, 0.6);
  cairo_rectangle (cr, x, y, table->width, table->header_height);
  cairo_fill (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  draw_cells (table, cr, x, y, table->titles, 0, TRUE);
  y += table->header_height;
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + table->width, y);
  cairo_stroke (cr);

  for (guint r = first; r < first + n; r++)
    {
      Row *row = &g_array_index (table->rows, Row, r);

      if ((r - first) % 2 == 1)
        {
          kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_GRID, 0.18);
          cairo_rectangle (cr, x, y, table->width, row->height);
          cairo_fill (cr);
        }
      kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
      draw_cells (table, cr, x, y, row->cells, row->indent, row->bold);
      y += row->height;
    }

  /* Closing rules top and bottom. */
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x + table->width, top);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + table->width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}
