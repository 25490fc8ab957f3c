/* kh-radar-chart.c — one unit's part scores against its group's mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spoke i points at angle −90° + 360°·i/n (the first straight up, then clockwise); a value
 * v on a spoke of scale m lies at radius R·v/m. Rings mark 25 %, 50 %, 75 % and 100 %. The
 * group mean is a grey dashed outline, the unit a filled blue polygon with dots, so the
 * two stay apart in greyscale.
 *
 * Several units highlighted (data->highlight first, then data->highlights, at most
 * KH_RADAR_MAX_PROFILES) are each a polygon of its own series colour, named in the legend
 * in that order; a spoke's line of values gives theirs in the same order, then the mean.
 * The other units of the group are in the mean only. With none highlighted the first unit
 * is profiled.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-private.h"
#include "kh-radar-chart.h"

#define KH_RADAR_MAX_PROFILES 6

/* The series colours of the profiles in turn: blue (the advance colour, as one unit alone
 * always was), vermilion, bluish green, reddish purple, sky blue, orange — the yellow of
 * series 1 left out, too pale for a line on white. */
static const guint profile_series[KH_RADAR_MAX_PROFILES] = { 0, 2, 4, 6, 3, 5 };

/* The units profiled, as indices of data->units: data->highlight, then data->highlights in
 * their order (each once, units of the group only), at most KH_RADAR_MAX_PROFILES; with
 * none, the first unit. Returns how many (0 for a group without units). */
static guint
profiled_units (const KhChartData *data,
                guint              units[KH_RADAR_MAX_PROFILES])
{
  guint n = 0;
  int first = kh_chart_data_find_unit (data, data->highlight);

  if (first >= 0)
    units[n++] = (guint) first;
  for (guint i = 0; data->highlights != NULL && data->highlights[i] != NULL && n < KH_RADAR_MAX_PROFILES; i++)
    {
      int index = kh_chart_data_find_unit (data, data->highlights[i]);
      gboolean seen = FALSE;

      for (guint k = 0; k < n && index >= 0; k++)
        seen |= units[k] == (guint) index;
      if (index >= 0 && !seen)
        units[n++] = (guint) index;
    }
  if (n == 0 && data->units->len > 0)
    units[n++] = 0;
  return n;
}

static void
set_profile_source (cairo_t           *cr,
                    const KhChartData *data,
                    guint              profile,
                    double             alpha)
{
  if (profile == 0)
    kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, alpha);
  else
    kh_palette_set_series (cr, data->style, profile_series[profile], alpha);
}

/* Legend entries: the profiled units, then the group's mean. */
static void
draw_profile_swatch (cairo_t           *cr,
                     const KhChartData *data,
                     int                entry,
                     double             x,
                     double             y,
                     double             size)
{
  static const double dash[] = { 3.0, 2.0 };
  guint units[KH_RADAR_MAX_PROFILES];
  guint n = profiled_units (data, units);

  if ((guint) entry < n)
    {
      set_profile_source (cr, data, entry, 0.35);
      cairo_rectangle (cr, x, y, size, size);
      cairo_fill_preserve (cr);
      set_profile_source (cr, data, entry, 1.0);
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

/* "5.6 (mean 4.9)", or "— (mean 4.9)" when the unit has no value; several units' values
 * in their order, "5.6 / — / 7.0 (mean 4.9)". */
static char *
spoke_values (const KhChartData *data,
              const guint       *units,
              guint              n,
              int                year,
              int                part,
              double             mean)
{
  g_autoptr (GString) values = g_string_new (NULL);

  if (n == 1)
    {
      double value = ((const KhChartUnit *) g_ptr_array_index (data->units, units[0]))->parts[year * data->n_parts + part];

      if (isnan (value))
        /* TRANSLATORS: no value for the unit, then the group's mean */
        return g_strdup_printf (_("— (mean %.1f)"), mean);
      return g_strdup_printf (_("%.1f (mean %.1f)"), value, mean);
    }
  for (guint k = 0; k < n; k++)
    {
      double value = ((const KhChartUnit *) g_ptr_array_index (data->units, units[k]))->parts[year * data->n_parts + part];

      if (k > 0)
        g_string_append (values, " / ");
      if (isnan (value))
        g_string_append (values, "—");
      else
        g_string_append_printf (values, "%.1f", value);
    }
  /* TRANSLATORS: several units' values on a radar spoke ("5.6 / — / 7.0"), then the
   * group's mean */
  return g_strdup_printf (_("%s (mean %.1f)"), values->str, mean);
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
  int n = data->n_parts, year;
  guint profiles[KH_RADAR_MAX_PROFILES], n_profiles;
  g_autofree double *scale = NULL;
  g_autofree double *mean = NULL;
  g_autofree double *mine = NULL;
  double top, line_h, cx, cy, radius, label_w = 0, size = data->font_size;
  const char *legend[KH_RADAR_MAX_PROFILES + 1];
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
  n_profiles = profiled_units (data, profiles);
  if (n < 3 || n_profiles == 0)
    {
      draw_message (data, cr, width, height, _("A profile needs at least three dimensions"));
      cairo_restore (cr);
      return;
    }

  /* Scale per spoke, the group's mean and each profiled unit's fractions of the scale
   * (mine[k * n + p]). */
  scale = g_new0 (double, n);
  mean = g_new0 (double, n);
  mine = g_new0 (double, n_profiles * n);
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
      for (guint k = 0; k < n_profiles; k++)
        mine[k * n + p] = ((const KhChartUnit *) g_ptr_array_index (data->units, profiles[k]))->parts[year * n + p]
                          / scale[p];
    }
  /* The widest spoke label as drawn: the part's name in bold, or the line of values
   * below it (measured on both, or a label at the left edge loses its first digits). */
  for (int p = 0; p < n; p++)
    {
      g_autofree char *values = spoke_values (data, profiles, n_profiles, year, p, mean[p] * scale[p]);

      label_w = MAX (label_w, kh_chart_text_width (cr, data->parts[p], size, TRUE));
      label_w = MAX (label_w, kh_chart_text_width (cr, values, size * 0.85, FALSE));
    }

  for (guint k = 0; k < n_profiles; k++)
    legend[k] = ((const KhChartUnit *) g_ptr_array_index (data->units, profiles[k]))->label;
  legend[n_profiles] = _("Group mean");
  kh_chart_draw_legend (cr, data, legend, n_profiles + 1, draw_profile_swatch, width - KH_CHART_MARGIN, top,
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

  /* The units' fills, lighter when several overlap, then each outline and its dots, the
   * first unit's last (on top). */
  for (guint k = 0; k < n_profiles; k++)
    {
      trace_polygon (cr, cx, cy, radius, mine + k * n, n);
      set_profile_source (cr, data, k, n_profiles > 1 ? 0.12 : 0.25);
      cairo_fill (cr);
    }
  for (guint j = n_profiles; j-- > 0;)
    {
      trace_polygon (cr, cx, cy, radius, mine + j * n, n);
      set_profile_source (cr, data, j, 1.0);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      for (int p = 0; p < n; p++)
        {
          KhChartDot dot = { profiles[j], p, 0, 0, FALSE };

          if (isnan (mine[j * n + p]))
            continue;
          spoke_point (cx, cy, radius * mine[j * n + p], p, n, &dot.x, &dot.y);
          cairo_arc (cr, dot.x, dot.y, 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
          g_array_append_val (layout->dots, dot);
        }
    }

  /* Spoke labels: the part's name, and the unit's value against the mean. */
  for (int p = 0; p < n; p++)
    {
      double x, y, ax, ay, w1, w2, h1, h2;
      g_autofree char *values = NULL;
      KhChartLabel label;

      spoke_point (cx, cy, radius + 8, p, n, &x, &y);
      ax = fabs (x - cx) < 1 ? 0.5 : x > cx ? 0 : 1;
      ay = fabs (y - cy) < 1 ? 0.5 : y > cy ? 0 : 1;
      values = spoke_values (data, profiles, n_profiles, year, p, mean[p] * scale[p]);
      w1 = kh_chart_text_width (cr, data->parts[p], size, TRUE);
      w2 = kh_chart_text_width (cr, values, size * 0.85, FALSE);
      h1 = size * line_h;
      h2 = size * 0.85 * line_h;
      label.width = MAX (w1, w2);
      label.height = h1 + h2;
      /* Never past the chart's edges, whatever the radius left for labels. */
      label.x = CLAMP (x - ax * label.width, 0, MAX (0, width - label.width));
      label.y = CLAMP (y - ay * label.height, 0, MAX (0, height - label.height));
      label.unit = profiles[0];
      label.right = x > cx;
      g_array_append_val (layout->labels, label);
      kh_chart_show_text (cr, data, data->parts[p], size, TRUE, label.x + ax * (label.width - w1),
                          label.y, 0, 0, 1.0, NULL);
      kh_chart_show_text (cr, data, values, size * 0.85, FALSE, label.x + ax * (label.width - w2),
                          label.y + h1, 0, 0, 0.8, NULL);
    }
  cairo_restore (cr);
}
