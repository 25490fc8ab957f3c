/* kh-chart-common.c — helpers shared by the chart renderers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/kh-tier-name.h"
#include "kh-chart-private.h"

double
kh_chart_draw_frame (const KhChartData *data,
                     cairo_t           *cr,
                     double             width,
                     double             height)
{
  double h = 0;

  kh_palette_set_source (cr, data->style, KH_COLOR_BACKGROUND, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  if (data->title == NULL || data->title[0] == '\0')
    return KH_CHART_MARGIN;
  {
    /* Wrapped within the margins (at most three lines, the last ellipsized), never cut
     * at the edge of a narrow chart. */
    g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, data->title, data->font_size * 1.3, TRUE);

    pango_layout_set_width (pl, (int) (MAX (width - 2 * KH_CHART_MARGIN, 1.0) * PANGO_SCALE));
    pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
    pango_layout_set_height (pl, -3);
    kh_chart_text_size (pl, NULL, &h);
    kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, 1.0);
    cairo_move_to (cr, KH_CHART_MARGIN, KH_CHART_MARGIN);
    pango_cairo_show_layout (cr, pl);
  }
  return KH_CHART_MARGIN + h + KH_CHART_GAP;
}

double
kh_chart_line_height (cairo_t *cr)
{
  g_autoptr (PangoLayout) probe = kh_chart_text_layout (cr, "国Ag", 10.0, TRUE);
  double h;

  kh_chart_text_size (probe, NULL, &h);
  return h / 10.0;
}

double
kh_chart_show_text (cairo_t           *cr,
                    const KhChartData *data,
                    const char        *text,
                    double             size,
                    gboolean           bold,
                    double             x,
                    double             y,
                    double             ax,
                    double             ay,
                    double             alpha,
                    double            *h)
{
  g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, size, bold);
  double tw, th;

  kh_chart_text_size (pl, &tw, &th);
  kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, alpha);
  cairo_move_to (cr, x - ax * tw, y - ay * th);
  pango_cairo_show_layout (cr, pl);
  if (h != NULL)
    *h = th;
  return tw;
}

double
kh_chart_text_width (cairo_t    *cr,
                     const char *text,
                     double      size,
                     gboolean    bold)
{
  g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, size, bold);
  double w;

  kh_chart_text_size (pl, &w, NULL);
  return w;
}

gboolean
kh_chart_needs_short_labels (cairo_t           *cr,
                             const KhChartData *data,
                             int                year,
                             double             size,
                             gboolean           bold,
                             double             extra,
                             double             max_width)
{
  for (guint u = 0; u < data->units->len; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      g_autofree char *text = NULL;

      if (unit->short_label == NULL)
        continue;
      text = kh_chart_unit_label (unit, year);
      if (kh_chart_text_width (cr, text, size, bold) + extra > max_width)
        return TRUE;
    }
  return FALSE;
}

double
kh_chart_row_names_width (cairo_t           *cr,
                          const KhChartData *data,
                          KhChartLayout     *layout,
                          const guint       *order,
                          guint              count,
                          double             max_width)
{
  double name_w = 0;

  layout->abbreviated = kh_chart_needs_short_labels (cr, data, data->year_to, data->font_size, TRUE, 0,
                                                     max_width);
  for (guint k = 0; k < count; k++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
      g_autofree char *text = kh_chart_unit_label_as (unit, data->year_to, layout->abbreviated);

      name_w = MAX (name_w, kh_chart_text_width (cr, text, data->font_size, TRUE));
    }
  return MIN (name_w, max_width);
}

void
kh_chart_place_row_names (const KhChartData *data,
                          cairo_t           *cr,
                          KhChartLayout     *layout,
                          const guint       *order,
                          guint              count,
                          double             name_w,
                          double             line_h)
{
  double size = MAX (MIN (data->font_size, layout->row_height / line_h), KH_CHART_MIN_LABEL_SIZE);
  gboolean any;
  g_autofree gboolean *highlighted = kh_chart_data_highlight_mask (data, &any);

  layout->label_font_size = size;
  /* The highlighted units' names moved apart where their rows are too close for them (a
   * few names: they fit), else kept at their rows like the others. */
  if (any)
    {
      double h = size * line_h;
      g_autoptr (GArray) ks = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree double *want = NULL, *placed = NULL;
      g_autofree guint *scratch = NULL;

      for (guint k = 0; k < count; k++)
        if (highlighted[order[k]])
          g_array_append_val (ks, k);
      want = g_new (double, MAX (ks->len, 1));
      placed = g_new (double, MAX (ks->len, 1));
      scratch = g_new (guint, MAX (ks->len, 1));
      for (guint i = 0; i < ks->len; i++)
        want[i] = layout->plot_y + (g_array_index (ks, guint, i) + 0.5) * layout->row_height;
      if (ks->len > 0
          && kh_chart_spread_labels (want, placed, scratch, ks->len, h, layout->plot_y,
                                     layout->plot_y + layout->plot_height))
        {
          for (guint i = 0; i < ks->len; i++)
            {
              guint u = order[g_array_index (ks, guint, i)];
              g_autofree char *text = kh_chart_unit_label_as (g_ptr_array_index (data->units, u), data->year_to,
                                                              layout->abbreviated);
              double w = MIN (name_w, kh_chart_text_width (cr, text, size, TRUE));
              KhChartLabel label = { layout->plot_x - KH_CHART_GAP - w, placed[i] - h / 2, w, h, u, FALSE };

              g_array_append_val (layout->labels, label);
            }
          any = FALSE; /* placed: the first pass below has nothing left to do */
        }
    }
  for (int pass = any ? 0 : 1; pass < 2; pass++)
    for (guint k = 0; k < count; k++)
      {
        const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
        g_autofree char *text = kh_chart_unit_label_as (unit, data->year_to, layout->abbreviated);
        double h = size * line_h, w, y;
        KhChartLabel label;

        /* The highlighted units' names first: they are kept where rows are thin. */
        if ((pass == 0) != highlighted[order[k]])
          continue;
        w = MIN (name_w, kh_chart_text_width (cr, text, size, pass == 0));
        y = layout->plot_y + (k + 0.5) * layout->row_height - h / 2;
        y = CLAMP (y, layout->plot_y, layout->plot_y + layout->plot_height - h);
        if (kh_chart_label_collides (layout, layout->plot_x - KH_CHART_GAP - w, y, w, h))
          continue;
        label = (KhChartLabel) { layout->plot_x - KH_CHART_GAP - w, y, w, h, order[k], FALSE };
        g_array_append_val (layout->labels, label);
      }
}

void
kh_chart_draw_row_names (const KhChartData   *data,
                         cairo_t             *cr,
                         const KhChartLayout *layout)
{
  gboolean any;
  g_autofree gboolean *highlighted = kh_chart_data_highlight_mask (data, &any);

  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);
      const KhChartUnit *unit = g_ptr_array_index (data->units, label->unit);
      g_autofree char *text = kh_chart_unit_label_as (unit, data->year_to, layout->abbreviated);
      g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, layout->label_font_size,
                                                         highlighted[label->unit]);
      double w, h;

      pango_layout_set_width (pl, (int) ceil (label->width * PANGO_SCALE));
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
      kh_chart_text_size (pl, &w, &h);
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND,
                             any && !highlighted[label->unit] ? 0.45 : 1.0);
      cairo_move_to (cr, label->x + label->width - w, label->y + (label->height - h) / 2);
      pango_cairo_show_layout (cr, pl);
    }
}

gboolean
kh_chart_label_collides (const KhChartLayout *layout,
                         double               x,
                         double               y,
                         double               w,
                         double               h)
{
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *l = &g_array_index (layout->labels, KhChartLabel, i);

      if (x < l->x + l->width && l->x < x + w && y < l->y + l->height && l->y < y + h)
        return TRUE;
    }
  return FALSE;
}

double
kh_chart_draw_legend (cairo_t           *cr,
                      const KhChartData *data,
                      const char *const *texts,
                      int                n,
                      KhSwatchFunc       draw_swatch,
                      double             right,
                      double             y,
                      double             size)
{
  double total = 0, x;
  double swatch = size * 1.1;

  for (int i = 0; i < n; i++)
    total += swatch + 4 + kh_chart_text_width (cr, texts[i], size, FALSE) + (i + 1 < n ? 14 : 0);
  x = right - total;
  for (int i = 0; i < n && draw_swatch != NULL; i++)
    {
      double th;

      draw_swatch (cr, data, i, x, y + size * 0.25, swatch);
      x += swatch + 4;
      x += kh_chart_show_text (cr, data, texts[i], size, FALSE, x, y, 0, 0, 1.0, &th) + 14;
    }
  return total;
}

double
kh_chart_nice_step (double  lo,
                    double  hi,
                    int     n,
                    double *first)
{
  double span = hi - lo, raw, mag, step;

  if (!(span > 0))
    span = 1;
  raw = span / MAX (n, 1);
  mag = pow (10, floor (log10 (raw)));
  step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
  *first = ceil (lo / step - 1e-9) * step;
  return step;
}

double
kh_chart_mask_alpha (const gboolean *mask,
                     gboolean        any,
                     guint           unit)
{
  return !any || mask[unit] ? 1.0 : 0.22;
}

void
kh_chart_tier_cutoffs (const KhChartData *data,
                       int                year,
                       double             cutoffs[2],
                       double             lowest[2])
{
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };

  for (guint u = 0; u < data->units->len; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      int t = unit->tiers[year];
      double s = unit->scores[year];

      if (t < 1 || t > 3 || isnan (s))
        continue;
      lo[t - 1] = MIN (lo[t - 1], s);
      hi[t - 1] = MAX (hi[t - 1], s);
    }
  for (int t = 0; t < 2; t++)
    {
      gboolean known = isfinite (lo[t]) && isfinite (hi[t + 1]);

      /* The line goes where its label says: at the lowest score of the better tier. */
      cutoffs[t] = known ? lo[t] : NAN;
      lowest[t] = known ? lo[t] : NAN;
    }
}

void
kh_chart_draw_score_axis (cairo_t           *cr,
                          const KhChartData *data,
                          double             x0,
                          double             x1,
                          double             y,
                          double             grid_top,
                          double             lo,
                          double             hi,
                          double             size)
{
  double first, step = kh_chart_nice_step (lo, hi, MAX (2, (int) ((x1 - x0) / 70)), &first);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, 0.8);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x0, y + 0.5);
  cairo_line_to (cr, x1, y + 0.5);
  cairo_stroke (cr);
  for (double v = first; v <= hi + step * 1e-6; v += step)
    {
      double x = x0 + (x1 - x0) * (v - lo) / (hi - lo);

      kh_palette_set_source (cr, data->style, KH_COLOR_GRID, 1.0);
      cairo_move_to (cr, round (x) + 0.5, grid_top);
      cairo_line_to (cr, round (x) + 0.5, y);
      cairo_stroke (cr);
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, 0.8);
      cairo_move_to (cr, round (x) + 0.5, y);
      cairo_line_to (cr, round (x) + 0.5, y + 4);
      cairo_stroke (cr);
      g_ascii_formatd (buf, sizeof buf, step < 1 ? "%.1f" : "%.0f", fabs (v) < step * 1e-6 ? 0 : v);
      kh_chart_show_text (cr, data, buf, size, FALSE, x, y + 5, 0.5, 0, 0.8, NULL);
    }
}

char *
kh_chart_tier_name (const KhChartData *data,
                    int                tier)
{
  if (data->tier_names != NULL && tier >= 1 && (guint) tier <= g_strv_length (data->tier_names))
    return g_strdup (data->tier_names[tier - 1]);
  return kh_tier_name (NULL, tier, KH_LANG_EN);
}
