/* kh-bars-chart.c — stacked bars of score composition, sorted by total, tier cut-offs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are ordered by total (ties by rank, then label), so tied units sit in adjacent
 * rows. Each bar stacks the unit's parts from zero; when the parts do not add up to the
 * total (the party-building paper can act as a coefficient) a tick marks the total.
 * Tier bands are shaded behind the rows; the cut-offs between tiers are dashed lines at
 * the score midway between the tiers. Names that do not fit their row at a legible size
 * are thinned (the highlighted unit first, then from the top), never overlapped.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-bars-chart.h"
#include "kh-chart-private.h"

typedef struct
{
  const KhChartData *data;
  int year;
} TotalSort;

static int
compare_total (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const TotalSort *sort = user_data;
  const KhChartUnit *x = g_ptr_array_index (sort->data->units, *(const guint *) a);
  const KhChartUnit *y = g_ptr_array_index (sort->data->units, *(const guint *) b);
  double sx = x->scores[sort->year], sy = y->scores[sort->year];
  int rx = x->ranks[sort->year] > 0 ? x->ranks[sort->year] : G_MAXINT;
  int ry = y->ranks[sort->year] > 0 ? y->ranks[sort->year] : G_MAXINT;

  if (sx != sy)
    return sx > sy ? -1 : 1;
  if (rx != ry)
    return rx < ry ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

static void
draw_part_swatch (cairo_t           *cr,
                  const KhChartData *data,
                  int                entry,
                  double             x,
                  double             y,
                  double             size)
{
  kh_palette_set_series (cr, data->style, entry, 1.0);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
}

/* The sum of the unit's parts, its largest extent and whether any part is known. */
static double
parts_sum (const KhChartData *data,
           const KhChartUnit *unit,
           int                year,
           gboolean          *any)
{
  double sum = 0;

  *any = FALSE;
  for (int p = 0; p < data->n_parts; p++)
    {
      double v = unit->parts[year * data->n_parts + p];

      if (!isnan (v) && v > 0)
        {
          sum += v;
          *any = TRUE;
        }
    }
  return sum;
}

static void
draw_bar (const KhChartData *data,
          cairo_t           *cr,
          KhChartLayout     *layout,
          guint              u,
          int                year,
          double             y,
          double             bar_h,
          double             scale,
          double             alpha)
{
  const KhChartUnit *unit = g_ptr_array_index (data->units, u);
  double x = layout->plot_x;
  gboolean any = FALSE;
  double total = unit->scores[year];

  if (data->n_parts > 0)
    parts_sum (data, unit, year, &any);
  if (!any)
    {
      KhChartBox box = { x, y, MAX (0, total) * scale, bar_h, u, -1 };

      kh_palette_set_series (cr, data->style, 0, alpha);
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      cairo_fill (cr);
      g_array_append_val (layout->boxes, box);
      return;
    }
  for (int p = 0; p < data->n_parts; p++)
    {
      double v = unit->parts[year * data->n_parts + p];
      KhChartBox box = { x, y, 0, bar_h, u, p };

      if (isnan (v) || v <= 0)
        continue;
      box.width = v * scale;
      kh_palette_set_series (cr, data->style, p, alpha);
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      cairo_fill (cr);
      g_array_append_val (layout->boxes, box);
      x += box.width;
    }
  /* The total, where the parts do not add up to it. */
  if (!isnan (total) && fabs (layout->plot_x + total * scale - x) > 1.0)
    {
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, alpha);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, layout->plot_x + total * scale, y - 1);
      cairo_line_to (cr, layout->plot_x + total * scale, y + bar_h + 1);
      cairo_stroke (cr);
    }
}

/* The tier cut-offs, dashed, captioned above the plot: tier 1's caption to the right of its
 * line and tier 2's to the left, each turned to the other side when it would leave the
 * chart, and tier 2's pushed left of tier 1's when the two would meet (close cut-offs, as
 * among 95 counties). */
static void
draw_cutoffs (const KhChartData *data,
              cairo_t           *cr,
              KhChartLayout     *layout,
              int                year,
              double             scale,
              double             size,
              double             width)
{
  double cut[2], lowest[2], left[2] = { NAN, NAN }, right[2] = { NAN, NAN };
  static const double dash[] = { 5.0, 3.0 };

  kh_chart_tier_cutoffs (data, year, cut, lowest);
  for (int t = 0; t < 2; t++)
    {
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      double x, w, h = 0;

      layout->cutoffs[t] = cut[t];
      if (isnan (cut[t]))
        continue;
      x = layout->plot_x + cut[t] * scale;
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, 0.75);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x, layout->plot_y - 2);
      cairo_line_to (cr, x, layout->plot_y + layout->plot_height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      name = kh_chart_tier_name (data, t + 1);
      /* TRANSLATORS: a tier cut-off on a score axis, e.g. "第一等次 ≥ 85.3" */
      text = g_strdup_printf (_("%s ≥ %.1f"), name, lowest[t]);
      w = kh_chart_text_width (cr, text, size, FALSE);
      if (t == 0)
        left[0] = x + 3 + w <= width - KH_CHART_MARGIN ? x + 3 : x - 3 - w;
      else
        {
          left[1] = x - 3 - w >= KH_CHART_MARGIN ? x - 3 - w : x + 3;
          /* Apart from tier 1's caption, on its left. */
          if (!isnan (left[0]) && left[1] < right[0] + 6 && left[1] + w > left[0] - 6)
            left[1] = MAX (KH_CHART_MARGIN, left[0] - 6 - w);
        }
      right[t] = left[t] + w;
      kh_chart_show_text (cr, data, text, size, FALSE, left[t], layout->plot_y - 3, 0, 1, 0.9, &h);
      layout->cutoff_captions[t] = (KhChartBox) { left[t], layout->plot_y - 3 - h, w, h, G_MAXUINT, -1 };
    }
}

static void
draw_tier_bands (const KhChartData   *data,
                 cairo_t             *cr,
                 const KhChartLayout *layout,
                 const guint         *order,
                 guint                count,
                 int                  year,
                 double               x1)
{
  for (guint k = 0; k < count;)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
      int tier = unit->tiers[year];
      guint end = k + 1;

      while (end < count
             && ((KhChartUnit *) g_ptr_array_index (data->units, order[end]))->tiers[year] == tier)
        end++;
      if (tier >= 1 && tier <= 3)
        {
          kh_palette_set_source (cr, data->style, KH_COLOR_TIER1 + tier - 1, 1.0);
          cairo_rectangle (cr, KH_CHART_MARGIN, layout->plot_y + k * layout->row_height,
                           x1 - KH_CHART_MARGIN, (end - k) * layout->row_height);
          cairo_fill (cr);
        }
      k = end;
    }
}

void
kh_bars_chart_draw (const KhChartData *data,
                    cairo_t           *cr,
                    double             width,
                    double             height,
                    KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  int year;
  guint n = data->units->len, count = 0;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  double top, line_h, name_w, max_total = 0, scale, axis_size = data->font_size * 0.9;
  double value_w, bar_h;
  TotalSort sort;
  gboolean any_highlighted;
  g_autofree gboolean *highlighted = kh_chart_data_highlight_mask (data, &any_highlighted);

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  kh_chart_layout_clear (layout);
  year = CLAMP (data->year_to, 0, data->n_years - 1);
  sort = (TotalSort) { data, year };
  for (guint u = 0; u < n; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      gboolean any;
      double sum = parts_sum (data, unit, year, &any);

      if (isnan (unit->scores[year]))
        continue;
      order[count++] = u;
      max_total = MAX (max_total, MAX (unit->scores[year], sum));
    }
  g_qsort_with_data (order, count, sizeof (guint), compare_total, &sort);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (data, cr, width, height);
  if (data->n_parts > 0)
    {
      kh_chart_draw_legend (cr, data, (const char *const *) data->parts, data->n_parts,
                            draw_part_swatch, width - KH_CHART_MARGIN, top, axis_size);
      top += axis_size * line_h + KH_CHART_GAP;
    }

  name_w = kh_chart_row_names_width (cr, data, layout, order, count, width * 0.25);
  value_w = kh_chart_text_width (cr, "100.0", data->font_size, FALSE);

  layout->n_rows = (int) count;
  layout->plot_x = KH_CHART_MARGIN + name_w + KH_CHART_GAP;
  layout->plot_y = top + axis_size * line_h + 6; /* room for the cut-off captions */
  layout->plot_width = MAX (1.0, width - layout->plot_x - value_w - KH_CHART_GAP - KH_CHART_MARGIN);
  layout->plot_height = MAX (1.0, height - layout->plot_y - KH_CHART_MARGIN - axis_size * line_h - 6);
  layout->row_height = layout->plot_height / MAX (count, 1);
  max_total = max_total > 0 ? max_total : 1;
  scale = layout->plot_width / max_total;
  bar_h = MAX (1.0, layout->row_height * 0.72);

  draw_tier_bands (data, cr, layout, order, count, year, layout->plot_x + layout->plot_width);
  kh_chart_draw_score_axis (cr, data, layout->plot_x, layout->plot_x + max_total * scale,
                            layout->plot_y + layout->plot_height, layout->plot_y, 0, max_total,
                            axis_size);
  for (guint k = 0; k < count; k++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
      double y = layout->plot_y + k * layout->row_height + (layout->row_height - bar_h) / 2;
      KhChartDot dot = { order[k], year, layout->plot_x + MAX (0, unit->scores[year]) * scale,
                         layout->plot_y + (k + 0.5) * layout->row_height, FALSE };

      double alpha = kh_chart_mask_alpha (highlighted, any_highlighted, order[k]);

      draw_bar (data, cr, layout, order[k], year, y, bar_h, scale, alpha);
      g_array_append_val (layout->dots, dot);
      /* Totals at the bar ends while the rows are tall enough to read them. */
      if (layout->row_height >= KH_CHART_MIN_LABEL_SIZE * line_h)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buf, sizeof buf, "%.1f", unit->scores[year]);
          kh_chart_show_text (cr, data, buf, MIN (axis_size, layout->row_height / line_h), FALSE,
                              dot.x + 3, dot.y, 0, 0.5, alpha, NULL);
        }
    }
  draw_cutoffs (data, cr, layout, year, scale, axis_size, width);
  kh_chart_place_row_names (data, cr, layout, order, count, name_w, line_h);
  kh_chart_draw_row_names (data, cr, layout);
  cairo_restore (cr);
}
