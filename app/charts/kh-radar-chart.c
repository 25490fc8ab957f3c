/* kh-radar-chart.c — one unit's part scores against its group's mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spoke i points at angle −90° + 360°·i/n (the first straight up, then clockwise); a value
 * v on a spoke of scale m lies at radius R·v/m. Rings mark 25 %, 50 %, 75 % and 100 %. The
 * group mean is a grey dashed outline, the unit a filled blue polygon with dots, so the
 * two stay apart in greyscale.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-private.h"
#include "kh-radar-chart.h"

static void
draw_profile_swatch (cairo_t           *cr,
                     const KhChartData *data,
                     int                entry,
                     double             x,
                     double             y,
                     double             size)
{
  static const double dash[] = { 3.0, 2.0 };

  if (entry == 0)
    {
      kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, 0.35);
      cairo_rectangle (cr, x, y, size, size);
      cairo_fill_preserve (cr);
      kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
      return;
    }
  kh_palette_set_source (cr, data->style, KH_COLOR_STEADY, 1.0);
  cairo_set_line_width (cr, 2.0);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_rectangle (cr, x + 1, y + 1, size - 2, size - 2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
spoke_point (double  cx,
             double  cy,
             double  radius,
             int     i,
             int     n,
             double *x,
             double *y)
{
  double angle = -G_PI / 2 + 2 * G_PI * i / n;

  *x = cx + radius * cos (angle);
  *y = cy + radius * sin (angle);
}

static void
trace_polygon (cairo_t      *cr,
               double        cx,
               double        cy,
               double        radius,
               const double *fraction,
               int           n)
{
  for (int i = 0; i < n; i++)
    {
      double x, y;

      spoke_point (cx, cy, radius * (isnan (fraction[i]) ? 0 : fraction[i]), i, n, &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
}

static void
draw_message (const KhChartData *data,
              cairo_t           *cr,
              double             width,
              double             height,
              const char        *text)
{
  kh_chart_show_text (cr, data, text, data->font_size, FALSE, width / 2, height / 2, 0.5, 0.5,
                      0.7, NULL);
}

/* "5.6 (mean 4.9)", or "— (mean 4.9)" when the unit has no value. */
static char *
spoke_values (double value,
              double mean)
{
  if (isnan (value))
    /* TRANSLATORS: no value for the unit, then the group's mean */
    return g_strdup_printf (_("— (mean %.1f)"), mean);
  return g_strdup_printf (_("%.1f (mean %.1f)"), value, mean);
}

void
kh_radar_chart_draw (const KhChartData *data,
                     cairo_t           *cr,
                     double             width,
                     double             height,
                     KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  int n = data->n_parts, year, focus;
  const KhChartUnit *unit;
  g_autofree double *scale = NULL;
  g_autofree double *mean = NULL;
  g_autofree double *mine = NULL;
  double top, line_h, cx, cy, radius, label_w = 0, size = data->font_size;
  const char *legend[2];
  static const double dash[] = { 5.0, 3.0 };

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  kh_chart_layout_clear (layout);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (data, cr, width, height);
  year = CLAMP (data->year_to, 0, data->n_years - 1);
  focus = MAX (0, kh_chart_data_find_unit (data, data->highlight));
  if (n < 3 || data->units->len == 0)
    {
      draw_message (data, cr, width, height, _("A profile needs at least three dimensions"));
      cairo_restore (cr);
      return;
    }
  unit = g_ptr_array_index (data->units, focus);

  /* Scale per spoke, the group's mean and the unit's fractions of the scale. */
  scale = g_new0 (double, n);
  mean = g_new0 (double, n);
  mine = g_new0 (double, n);
  for (int p = 0; p < n; p++)
    {
      double sum = 0, best = 0;
      int count = 0;

      for (guint u = 0; u < data->units->len; u++)
        {
          const KhChartUnit *other = g_ptr_array_index (data->units, u);
          double v = other->parts[year * n + p];

          if (isnan (v))
            continue;
          sum += v;
          best = MAX (best, v);
          count++;
        }
      scale[p] = isfinite (data->part_max[p]) && data->part_max[p] > 0 ? data->part_max[p] : best;
      scale[p] = scale[p] > 0 ? scale[p] : 1;
      mean[p] = count > 0 ? sum / count / scale[p] : NAN;
      mine[p] = unit->parts[year * n + p] / scale[p];
    }
  /* The widest spoke label as drawn: the part's name in bold, or the line of values
   * below it (measured on both, or a label at the left edge loses its first digits). */
  for (int p = 0; p < n; p++)
    {
      g_autofree char *values = spoke_values (unit->parts[year * n + p], mean[p] * scale[p]);

      label_w = MAX (label_w, kh_chart_text_width (cr, data->parts[p], size, TRUE));
      label_w = MAX (label_w, kh_chart_text_width (cr, values, size * 0.85, FALSE));
    }

  legend[0] = unit->label;
  legend[1] = _("Group mean");
  kh_chart_draw_legend (cr, data, legend, 2, draw_profile_swatch, width - KH_CHART_MARGIN, top,
                        size);
  top += size * line_h + KH_CHART_GAP;

  /* Room around the circle for two lines of spoke label on every side. */
  cx = width / 2;
  radius = MIN ((width - 2 * KH_CHART_MARGIN - 2 * label_w - 16) / 2,
                (height - top - KH_CHART_MARGIN - 4 * size * line_h - 16) / 2);
  radius = MAX (radius, 10.0);
  cy = top + 2 * size * line_h + 8 + radius;
  layout->plot_x = cx - radius;
  layout->plot_y = cy - radius;
  layout->plot_width = layout->plot_height = 2 * radius;
  layout->label_font_size = size;

  /* Rings and spokes. */
  kh_palette_set_source (cr, data->style, KH_COLOR_GRID, 1.0);
  cairo_set_line_width (cr, 1.0);
  for (int ring = 1; ring <= 4; ring++)
    {
      double fractions[64];

      for (int i = 0; i < MIN (n, 64); i++)
        fractions[i] = ring / 4.0;
      trace_polygon (cr, cx, cy, radius, fractions, MIN (n, 64));
      cairo_stroke (cr);
    }
  for (int p = 0; p < n; p++)
    {
      double x, y;

      spoke_point (cx, cy, radius, p, n, &x, &y);
      cairo_move_to (cr, cx, cy);
      cairo_line_to (cr, x, y);
      cairo_stroke (cr);
    }

  /* The group's mean, then the unit on top. */
  kh_palette_set_source (cr, data->style, KH_COLOR_STEADY, 1.0);
  cairo_set_line_width (cr, 2.0);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  trace_polygon (cr, cx, cy, radius, mean, n);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  trace_polygon (cr, cx, cy, radius, mine, n);
  kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, 0.25);
  cairo_fill_preserve (cr);
  kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, 1.0);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  for (int p = 0; p < n; p++)
    {
      KhChartDot dot = { (guint) focus, p, 0, 0, FALSE };

      if (isnan (mine[p]))
        continue;
      spoke_point (cx, cy, radius * mine[p], p, n, &dot.x, &dot.y);
      cairo_arc (cr, dot.x, dot.y, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
      g_array_append_val (layout->dots, dot);
    }

  /* Spoke labels: the part's name, and the unit's value against the mean. */
  for (int p = 0; p < n; p++)
    {
      double x, y, ax, ay, w1, w2, h1, h2;
      double v = unit->parts[year * n + p];
      g_autofree char *values = NULL;
      KhChartLabel label;

      spoke_point (cx, cy, radius + 8, p, n, &x, &y);
      ax = fabs (x - cx) < 1 ? 0.5 : x > cx ? 0 : 1;
      ay = fabs (y - cy) < 1 ? 0.5 : y > cy ? 0 : 1;
      values = spoke_values (v, mean[p] * scale[p]);
      w1 = kh_chart_text_width (cr, data->parts[p], size, TRUE);
      w2 = kh_chart_text_width (cr, values, size * 0.85, FALSE);
      h1 = size * line_h;
      h2 = size * 0.85 * line_h;
      label.width = MAX (w1, w2);
      label.height = h1 + h2;
      /* Never past the chart's edges, whatever the radius left for labels. */
      label.x = CLAMP (x - ax * label.width, 0, MAX (0, width - label.width));
      label.y = CLAMP (y - ay * label.height, 0, MAX (0, height - label.height));
      label.unit = (guint) focus;
      label.right = x > cx;
      g_array_append_val (layout->labels, label);
      kh_chart_show_text (cr, data, data->parts[p], size, TRUE, label.x + ax * (label.width - w1),
                          label.y, 0, 0, 1.0, NULL);
      kh_chart_show_text (cr, data, values, size * 0.85, FALSE, label.x + ax * (label.width - w2),
                          label.y + h1, 0, 0, 0.8, NULL);
    }
  cairo_restore (cr);
}
