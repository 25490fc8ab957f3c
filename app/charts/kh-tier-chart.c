/* kh-tier-chart.c — every unit's chance of each tier over the runs of a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-tier-name.h"
#include "kh-robustness-private.h"
#include "kh-tier-chart.h"

static char *
tier_name (const KhSensitivityResult *result,
           int                        t,
           KhLang                     lang)
{
  const char *name = kh_text_get (&result->tier_names[t], lang);

  /* A tier the framework does not name: 第二等次 as every report and view writes it
   * (kh-tier-name.h), never the catalogue's 第2等次. */
  return name != NULL ? g_strdup (name) : kh_tier_name (NULL, t + 1, lang);
}

void
kh_tier_chart_draw (const KhSensitivityResult *result,
                    const KhChartData         *view,
                    KhLang                     lang,
                    cairo_t                   *cr,
                    double                     width,
                    double                     height,
                    KhChartLayout             *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  double top, line_h, size;
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
  for (int t = 0; t < result->n_tiers; t++)
    g_ptr_array_add (names, tier_name (result, t, lang));
  kh_tier_legend (cr, view, (const char *const *) names->pdata, result->n_tiers,
                  width - KH_CHART_MARGIN, top, size);
  top += size * line_h + KH_CHART_GAP;
  kh_unit_rows_layout (cr, result, view, top, width, height, size * line_h + 6, &rows);
  layout->plot_x = rows.plot_x;
  layout->plot_y = rows.top;
  layout->plot_width = rows.plot_width;
  layout->plot_height = result->n_units * rows.row;
  layout->row_height = rows.row;
  layout->n_rows = (int) result->n_units;
  layout->label_font_size = rows.size;

  if (result->n_tiers == 0)
    kh_chart_show_text (cr, view, _("The group has no tiers."), size, FALSE, rows.plot_x,
                        rows.top, 0, 0, 0.8, NULL);
  for (guint k = 0; k < result->n_units; k++)
    {
      const KhSensitivityUnit *unit = &result->units[k];
      double y = rows.top + k * rows.row + rows.row * 0.12, h = rows.row * 0.76, x = rows.plot_x;

      kh_unit_rows_label (cr, result, view, &rows, k, width, layout);
      for (int t = 0; t < result->n_tiers; t++)
        {
          double w = rows.plot_width * unit->p_tier[t];
          KhChartBox box = { x, y, w, h, k, t };
          KhColor color;

          if (!(w > 0))
            continue;
          kh_tier_color (view->style, t + 1, result->n_tiers, &color);
          cairo_set_source_rgb (cr, color.red, color.green, color.blue);
          cairo_rectangle (cr, x, y, w, h);
          cairo_fill (cr);
          g_array_append_val (layout->boxes, box);
          {
            g_autofree char *text = g_strdup_printf ("%.0f%%", unit->p_tier[t] * 100);
            double tw = kh_chart_text_width (cr, text, rows.size * 0.9, FALSE);

            if (tw + 4 < w && rows.size * 0.9 * line_h < h)
              {
                /* white on the strong colours, the foreground on the pale middle */
                double lum = kh_color_luminance (&color);

                cairo_set_source_rgb (cr, lum < 0.45 ? 1 : 0, lum < 0.45 ? 1 : 0, lum < 0.45 ? 1 : 0);
                {
                  g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, rows.size * 0.9, FALSE);
                  double pw, ph;

                  kh_chart_text_size (pl, &pw, &ph);
                  cairo_move_to (cr, x + w / 2 - pw / 2, y + h / 2 - ph / 2);
                  pango_cairo_show_layout (cr, pl);
                }
              }
          }
          x += w;
        }
      /* the nominal tier: a notch above its segment */
      if (unit->nominal_tier > 0 && unit->nominal_tier <= result->n_tiers)
        {
          double left = rows.plot_x;

          for (int t = 0; t < unit->nominal_tier - 1; t++)
            left += rows.plot_width * unit->p_tier[t];
          kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.9);
          cairo_move_to (cr, left + 1, y - rows.row * 0.12);
          cairo_line_to (cr, left + 1 + rows.row * 0.2, y - rows.row * 0.12);
          cairo_line_to (cr, left + 1, y + rows.row * 0.12);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
  kh_watermark_draw (cr, view->watermark, width, height, view->style == KH_PALETTE_DARK);
}
