/* kh-heatmap-chart.c — the correlations of a statistical audit as a heat map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Square cells: the side is the smaller of the width and the height left after the
 * labels, over the number of nodes. Column labels are the rows' labels, turned 60°.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-heatmap-chart.h"
#include "kh-robustness-private.h"

#define COLUMN_ANGLE (G_PI / 3)

static gboolean
flagged (const KhStatAudit *audit,
         guint              a,
         guint              b)
{
  for (guint f = 0; f < audit->flags->len; f++)
    {
      const KhAuditFlag *flag = &g_array_index (audit->flags, KhAuditFlag, f);

      if ((flag->a == a && flag->b == b) || (flag->a == b && flag->b == a))
        return TRUE;
    }
  return FALSE;
}

static void
scale_swatch (cairo_t           *cr,
              const KhChartData *view,
              int                entry,
              double             x,
              double             y,
              double             size)
{
  KhColor color;

  kh_diverging_color (view->style, entry == 0 ? -1.0 : entry == 1 ? 0.0 : 1.0, &color);
  cairo_set_source_rgb (cr, color.red, color.green, color.blue);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill_preserve (cr);
  kh_palette_set_source (cr, view->style, KH_COLOR_GRID, 1.0);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);
}

void
kh_heatmap_chart_draw (const KhStatAudit *audit,
                       gboolean           pearson,
                       const char *const *labels,
                       const KhChartData *view,
                       cairo_t           *cr,
                       double             width,
                       double             height,
                       KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  const char *legend[] = { "−1", "0", "+1" };
  const double *m;
  guint n;
  double top, line_h, size, label_w = 0, cell, x0, y0;

  g_return_if_fail (audit != NULL);
  g_return_if_fail (view != NULL);

  n = audit->n_nodes;
  m = pearson ? audit->pearson : audit->spearman;
  if (labels == NULL)
    labels = (const char *const *) audit->ids;
  kh_chart_layout_clear (layout);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (view, cr, width, height);
  size = view->font_size * 0.9;
  kh_chart_draw_legend (cr, view, legend, G_N_ELEMENTS (legend), scale_swatch,
                        width - KH_CHART_MARGIN, top, size);
  kh_chart_show_text (cr, view, pearson ? _("Pearson's r") : _("Spearman's ρ"), size, TRUE,
                      KH_CHART_MARGIN, top, 0, 0, 1.0, NULL);
  top += size * line_h + KH_CHART_GAP;

  /* a first guess of the cell for the label size, then the labels' room, then the cell */
  cell = MAX (1.0, MIN (width, height - top) / MAX (n + 8, 1));
  size = MAX (KH_CHART_MIN_LABEL_SIZE, MIN (size, cell * 0.9 / line_h));
  for (guint i = 0; i < n; i++)
    label_w = MAX (label_w, kh_chart_text_width (cr, labels[i], size, audit->kinds[i] != KH_NODE_INDICATOR));
  label_w = MIN (label_w, width * 0.3);
  cell = MAX (1.0, MIN ((width - 2 * KH_CHART_MARGIN - label_w - KH_CHART_GAP) / MAX (n, 1),
                        (height - top - KH_CHART_MARGIN - label_w * sin (COLUMN_ANGLE) - KH_CHART_GAP)
                          / MAX (n, 1)));
  x0 = KH_CHART_MARGIN + label_w + KH_CHART_GAP;
  y0 = top + label_w * sin (COLUMN_ANGLE) + KH_CHART_GAP;
  layout->plot_x = x0;
  layout->plot_y = y0;
  layout->plot_width = layout->plot_height = cell * n;
  layout->row_height = cell;
  layout->n_rows = (int) n;
  layout->label_font_size = size;

  for (guint i = 0; i < n; i++)
    {
      gboolean bold = audit->kinds[i] != KH_NODE_INDICATOR;
      KhChartLabel label;
      double h;

      /* row label */
      label.width = kh_chart_show_text (cr, view, labels[i], size, bold, x0 - KH_CHART_GAP,
                                        y0 + (i + 0.5) * cell, 1, 0.5, 1.0, &h);
      label.x = x0 - KH_CHART_GAP - label.width;
      label.y = y0 + (i + 0.5) * cell - h / 2;
      label.height = h;
      label.unit = i;
      label.right = FALSE;
      g_array_append_val (layout->labels, label);
      /* column label, turned */
      cairo_save (cr);
      cairo_translate (cr, x0 + (i + 0.5) * cell, y0 - KH_CHART_GAP / 2);
      cairo_rotate (cr, -COLUMN_ANGLE);
      kh_chart_show_text (cr, view, labels[i], size, bold, 0, 0, 0, 0.5, 1.0, NULL);
      cairo_restore (cr);

      for (guint j = 0; j < n; j++)
        {
          double v = m[(gsize) i * n + j];
          KhChartBox box = { x0 + j * cell, y0 + i * cell, cell, cell, i, (int) j };
          KhColor color;

          kh_diverging_color (view->style, v, &color);
          cairo_set_source_rgb (cr, color.red, color.green, color.blue);
          cairo_rectangle (cr, box.x, box.y, cell, cell);
          cairo_fill (cr);
          g_array_append_val (layout->boxes, box);
          if (i != j && flagged (audit, i, j))
            {
              kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 1.0);
              cairo_set_line_width (cr, MAX (1.0, cell * 0.08));
              cairo_rectangle (cr, box.x + cell * 0.06, box.y + cell * 0.06, cell * 0.88, cell * 0.88);
              cairo_stroke (cr);
            }
          if (!isnan (v) && cell >= size * 2.6)
            {
              g_autofree char *text = g_strdup_printf ("%.2f", v);
              double lum = kh_color_luminance (&color);
              g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, size * 0.8, FALSE);
              double pw, ph;

              kh_chart_text_size (pl, &pw, &ph);
              if (pw < cell - 2)
                {
                  cairo_set_source_rgb (cr, lum < 0.45 ? 1 : 0, lum < 0.45 ? 1 : 0, lum < 0.45 ? 1 : 0);
                  cairo_move_to (cr, box.x + cell / 2 - pw / 2, box.y + cell / 2 - ph / 2);
                  pango_cairo_show_layout (cr, pl);
                }
            }
        }
    }
  /* lines between the levels' blocks: before every aggregate */
  kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.5);
  cairo_set_line_width (cr, 0.8);
  for (guint i = 1; i < n; i++)
    if (audit->kinds[i] != KH_NODE_INDICATOR)
      {
        cairo_move_to (cr, x0, y0 + i * cell);
        cairo_line_to (cr, x0 + n * cell, y0 + i * cell);
        cairo_move_to (cr, x0 + i * cell, y0);
        cairo_line_to (cr, x0 + i * cell, y0 + n * cell);
      }
  cairo_stroke (cr);
  cairo_restore (cr);
  kh_watermark_draw (cr, view->watermark, width, height, view->style == KH_PALETTE_DARK);
}
