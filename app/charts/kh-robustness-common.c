/* kh-robustness-common.c — helpers of the robustness and audit charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-robustness-private.h"

static char *
unit_label (const KhSensitivityUnit *unit)
{
  if (unit->nominal_rank > 0)
    return g_strdup_printf ("%d. %s", unit->nominal_rank, unit->name != NULL ? unit->name : unit->id);
  return g_strdup (unit->name != NULL ? unit->name : unit->id);
}

void
kh_unit_rows_layout (cairo_t                   *cr,
                     const KhSensitivityResult *result,
                     const KhChartData         *view,
                     double                     top,
                     double                     width,
                     double                     height,
                     double                     bottom_space,
                     KhUnitRows                *rows)
{
  double line_h = kh_chart_line_height (cr), label_w = 0;
  guint n = MAX (result->n_units, 1);

  rows->top = top;
  rows->row = MAX (1.0, (height - top - bottom_space - KH_CHART_MARGIN) / n);
  /* labels fit their row: at most 85 % of it, at least the smallest readable size */
  rows->size = MAX (KH_CHART_MIN_LABEL_SIZE, MIN (view->font_size * 0.9, rows->row * 0.85 / line_h));
  for (guint k = 0; k < result->n_units; k++)
    {
      g_autofree char *text = unit_label (&result->units[k]);

      label_w = MAX (label_w, kh_chart_text_width (cr, text, rows->size, TRUE));
    }
  label_w = MIN (label_w, width * 0.35);
  rows->label_x = KH_CHART_MARGIN;
  rows->plot_x = KH_CHART_MARGIN + label_w + KH_CHART_GAP * 2;
  rows->plot_width = MAX (1.0, width - rows->plot_x - KH_CHART_MARGIN);
}

void
kh_unit_rows_label (cairo_t                   *cr,
                    const KhSensitivityResult *result,
                    const KhChartData         *view,
                    const KhUnitRows          *rows,
                    guint                      k,
                    double                     width,
                    KhChartLayout             *layout)
{
  const KhSensitivityUnit *unit = &result->units[k];
  gboolean highlighted = view->highlight != NULL && g_strcmp0 (view->highlight, unit->id) == 0;
  g_autofree char *text = unit_label (unit);
  double y = rows->top + k * rows->row, h;
  KhChartLabel label;

  if (highlighted)
    {
      kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, 0.12);
      cairo_rectangle (cr, KH_CHART_MARGIN / 2, y, width - KH_CHART_MARGIN, rows->row);
      cairo_fill (cr);
    }
  label.width = kh_chart_show_text (cr, view, text, rows->size, highlighted,
                                    rows->plot_x - KH_CHART_GAP * 2, y + rows->row / 2, 1.0, 0.5,
                                    view->highlight == NULL || highlighted ? 1.0 : 0.8, &h);
  label.height = h;
  label.x = rows->plot_x - KH_CHART_GAP * 2 - label.width;
  label.y = y + rows->row / 2 - h / 2;
  label.unit = k;
  label.right = FALSE;
  g_array_append_val (layout->labels, label);
}

static void
mix (const KhColor *a,
     const KhColor *b,
     double         t,
     KhColor       *out)
{
  out->red = a->red + (b->red - a->red) * t;
  out->green = a->green + (b->green - a->green) * t;
  out->blue = a->blue + (b->blue - a->blue) * t;
}

void
kh_tier_color (KhPaletteStyle style,
               int            tier,
               int            n_tiers,
               KhColor       *color)
{
  const KhColor *first = kh_palette_get (style, KH_COLOR_ADVANCE);
  const KhColor *middle = kh_palette_get (style, KH_COLOR_STEADY);
  const KhColor *last = kh_palette_get (style, KH_COLOR_FALL);
  double t = n_tiers > 1 ? (double) (tier - 1) / (n_tiers - 1) : 0.0;

  if (t <= 0.5)
    mix (first, middle, t * 2, color);
  else
    mix (middle, last, (t - 0.5) * 2, color);
}

void
kh_diverging_color (KhPaletteStyle style,
                    double         value,
                    KhColor       *color)
{
  const KhColor *background = kh_palette_get (style, KH_COLOR_BACKGROUND);
  double v = CLAMP (value, -1.0, 1.0);

  if (isnan (value))
    {
      *color = *kh_palette_get (style, KH_COLOR_GRID);
      return;
    }
  mix (background, kh_palette_get (style, v >= 0 ? KH_COLOR_ADVANCE : KH_COLOR_FALL), fabs (v), color);
}

void
kh_tier_legend (cairo_t           *cr,
                const KhChartData *view,
                const char *const *names,
                int                n_tiers,
                double             right,
                double             y,
                double             size)
{
  double swatch = size * 1.1;
  double x = right - kh_chart_draw_legend (cr, view, names, n_tiers, NULL, right, y, size);

  for (int t = 0; t < n_tiers; t++)
    {
      KhColor color;

      kh_tier_color (view->style, t + 1, n_tiers, &color);
      cairo_set_source_rgb (cr, color.red, color.green, color.blue);
      cairo_rectangle (cr, x, y + size * 0.25, swatch, swatch);
      cairo_fill (cr);
      x += swatch + 4;
      x += kh_chart_show_text (cr, view, names[t], size, FALSE, x, y, 0, 0, 1.0, NULL) + 14;
    }
}
