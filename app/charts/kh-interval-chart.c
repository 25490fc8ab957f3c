/* kh-interval-chart.c — every unit's rank interval over the runs of a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rank r sits at the centre of its column: x = plot_x + (r − ½)·w / n. A rank's shade has
 * the opacity 0.45 · count / (the row's largest count), so the rank the unit took most
 * often is the darkest whatever the number of runs.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-interval-chart.h"
#include "kh-robustness-private.h"

static double
rank_x (const KhUnitRows *rows,
        guint             n_ranks,
        double            rank)
{
  return rows->plot_x + (rank - 0.5) * rows->plot_width / MAX (n_ranks, 1);
}

static void
draw_axis (cairo_t                   *cr,
           const KhSensitivityResult *result,
           const KhChartData         *view,
           const KhUnitRows          *rows,
           double                     bottom)
{
  double first, step = MAX (1.0, kh_chart_nice_step (1, MAX (result->n_ranks, 2), 10, &first));

  first = MAX (1.0, first);
  for (double r = first; r <= result->n_ranks + 1e-9; r += step)
    {
      g_autofree char *text = g_strdup_printf ("%.0f", r);
      double x = rank_x (rows, result->n_ranks, r);

      kh_palette_set_source (cr, view->style, KH_COLOR_GRID, 1.0);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, x, rows->top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      kh_chart_show_text (cr, view, text, rows->size, FALSE, x, bottom + 2, 0.5, 0, 0.8, NULL);
    }
}

static void
draw_row (cairo_t                   *cr,
          const KhSensitivityResult *result,
          const KhChartData         *view,
          const KhUnitRows          *rows,
          guint                      k)
{
  const KhSensitivityUnit *unit = &result->units[k];
  double cy = rows->top + (k + 0.5) * rows->row, col = rows->plot_width / MAX (result->n_ranks, 1);
  /* marks sized by the text, not by the row: a few tall rows keep slim bars */
  double bar = CLAMP (rows->row * 0.14, 1.5, rows->size * 0.4);
  double dot = CLAMP (MIN (rows->row * 0.2, col * 0.22), 2.0, rows->size * 0.55);
  double band = MIN (rows->row * 0.8, rows->size * 2.4);
  guint most = 1;
  KhColorRole role;

  for (guint r = 1; r <= result->n_ranks; r++)
    most = MAX (most, unit->counts[r]);
  for (guint r = 1; r <= result->n_ranks; r++)
    {
      if (unit->counts[r] == 0)
        continue;
      kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, 0.45 * unit->counts[r] / most);
      cairo_rectangle (cr, rank_x (rows, result->n_ranks, r) - col / 2, cy - band / 2, col, band);
      cairo_fill (cr);
    }
  if (unit->median == 0)
    return;
  /* the 5–95 % interval */
  kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.85);
  cairo_rectangle (cr, rank_x (rows, result->n_ranks, unit->lo) - bar / 2, cy - bar / 2,
                   rank_x (rows, result->n_ranks, unit->hi) - rank_x (rows, result->n_ranks, unit->lo) + bar,
                   bar);
  cairo_fill (cr);
  /* the nominal rank: a tick across the row */
  if (unit->nominal_rank > 0)
    {
      double x = rank_x (rows, result->n_ranks, unit->nominal_rank);

      cairo_set_line_width (cr, MAX (1.0, bar * 0.6));
      cairo_move_to (cr, x, cy - band * 0.55);
      cairo_line_to (cr, x, cy + band * 0.55);
      cairo_stroke (cr);
    }
  /* the median */
  role = unit->nominal_rank == 0 || unit->median == unit->nominal_rank ? KH_COLOR_FOREGROUND
         : unit->median < unit->nominal_rank                         ? KH_COLOR_ADVANCE
                                                                      : KH_COLOR_FALL;
  kh_palette_set_source (cr, view->style, KH_COLOR_BACKGROUND, 1.0);
  cairo_arc (cr, rank_x (rows, result->n_ranks, unit->median), cy, dot + 1, 0, 2 * G_PI);
  cairo_fill (cr);
  kh_palette_set_source (cr, view->style, role, 1.0);
  cairo_arc (cr, rank_x (rows, result->n_ranks, unit->median), cy, dot, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
legend_swatch (cairo_t           *cr,
               const KhChartData *view,
               int                entry,
               double             x,
               double             y,
               double             size)
{
  switch (entry)
    {
    case 0:
      kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, 0.35);
      cairo_rectangle (cr, x, y, size, size);
      cairo_fill (cr);
      break;
    case 1:
      kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.85);
      cairo_rectangle (cr, x, y + size * 0.4, size, size * 0.2);
      cairo_fill (cr);
      break;
    case 2:
      kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 1.0);
      cairo_arc (cr, x + size / 2, y + size / 2, size * 0.35, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    default:
      kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.85);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x + size / 2, y);
      cairo_line_to (cr, x + size / 2, y + size);
      cairo_stroke (cr);
      break;
    }
}

void
kh_interval_chart_draw (const KhSensitivityResult *result,
                        const KhChartData         *view,
                        cairo_t                   *cr,
                        double                     width,
                        double                     height,
                        KhChartLayout             *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  const char *legend[] = { _("how often"), _("5–95 %"), _("median"), _("nominal rank") };
  double top, line_h, size, bottom;
  KhUnitRows rows;

  g_return_if_fail (result != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (cr != NULL);

  kh_chart_layout_clear (layout);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  size = view->font_size * 0.9;
  top = kh_chart_draw_frame (view, cr, width, height);
  kh_chart_draw_legend (cr, view, legend, G_N_ELEMENTS (legend), legend_swatch,
                        width - KH_CHART_MARGIN, top, size);
  top += size * line_h + KH_CHART_GAP;
  kh_unit_rows_layout (cr, result, view, top, width, height, 2 * size * line_h + 6, &rows);
  bottom = rows.top + result->n_units * rows.row;
  layout->plot_x = rows.plot_x;
  layout->plot_y = rows.top;
  layout->plot_width = rows.plot_width;
  layout->plot_height = bottom - rows.top;
  layout->row_height = rows.row;
  layout->n_rows = (int) result->n_units;
  layout->label_font_size = rows.size;

  draw_axis (cr, result, view, &rows, bottom);
  kh_chart_show_text (cr, view, _("Rank over the runs"), size, FALSE,
                      rows.plot_x + rows.plot_width / 2, bottom + rows.size * line_h + 4, 0.5, 0,
                      0.8, NULL);
  for (guint k = 0; k < result->n_units; k++)
    {
      KhChartBox box = { rows.plot_x, rows.top + k * rows.row, rows.plot_width, rows.row, k, -1 };

      kh_unit_rows_label (cr, result, view, &rows, k, width, layout);
      draw_row (cr, result, view, &rows, k);
      g_array_append_val (layout->boxes, box);
    }
  cairo_restore (cr);
  kh_watermark_draw (cr, view->watermark, width, height, view->style == KH_PALETTE_DARK);
}
