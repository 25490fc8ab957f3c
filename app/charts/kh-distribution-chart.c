/* kh-distribution-chart.c — the scores of a group in one year, with tier cut-offs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bins: the score range is widened to round numbers and cut into bins of a "nice" width
 * (1, 2 or 5 × 10ᵏ) giving about 24 bins; a score s falls in bin ⌊(s − lo)/w⌋. Dots in a
 * bin are stacked upwards from the axis in score order; their diameter is the smaller of
 * the bin's width and the plot's height over the fullest bin.
 *
 * The highlighted units (data->highlight and data->highlights) are drawn last, in colour,
 * each named with its score above its bin's stack; the others are faded. Their names are
 * placed in score order, each moved up past the names already placed that it would
 * overlap, so that none hides another.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-chart-private.h"
#include "kh-distribution-chart.h"

typedef struct
{
  const KhChartData *data;
  int year;
} ScoreSort;

static int
compare_score (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const ScoreSort *sort = user_data;
  const KhChartUnit *x = g_ptr_array_index (sort->data->units, *(const guint *) a);
  const KhChartUnit *y = g_ptr_array_index (sort->data->units, *(const guint *) b);

  if (x->scores[sort->year] != y->scores[sort->year])
    return x->scores[sort->year] < y->scores[sort->year] ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static void
draw_tiers (const KhChartData *data,
            cairo_t           *cr,
            KhChartLayout     *layout,
            int                year,
            double             lo,
            double             hi,
            double             size)
{
  double cut[2], lowest[2], right = hi;
  static const double dash[] = { 5.0, 3.0 };
  double x0 = layout->plot_x, w = layout->plot_width;
  int below = 0;

  kh_chart_tier_cutoffs (data, year, cut, lowest);
  /* Regions from the right: above cut-off t lies tier t + 1, below the last one the next. */
  for (int t = 0; t <= 2; t++)
    {
      double left;
      int tier;

      if (t < 2 && isnan (cut[t]))
        continue;
      if (t == 2 && below == 0)
        break;
      left = t < 2 ? cut[t] : lo;
      tier = t < 2 ? t + 1 : below;
      kh_palette_set_source (cr, data->style, KH_COLOR_TIER1 + tier - 1, 1.0);
      cairo_rectangle (cr, x0 + w * (left - lo) / (hi - lo), layout->plot_y,
                       w * (right - left) / (hi - lo), layout->plot_height);
      cairo_fill (cr);
      right = left;
      below = tier + 1;
    }
  for (int t = 0; t < 2; t++)
    {
      g_autofree char *text = NULL;
      double x;

      layout->cutoffs[t] = cut[t];
      if (isnan (cut[t]))
        continue;
      x = x0 + w * (cut[t] - lo) / (hi - lo);
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, 0.75);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x, layout->plot_y - 2);
      cairo_line_to (cr, x, layout->plot_y + layout->plot_height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      {
        g_autofree char *name = kh_chart_tier_name (data, t + 1);

        /* TRANSLATORS: a tier cut-off on a score axis, e.g. "第一等次 ≥ 85.3" */
        text = g_strdup_printf (_("%s ≥ %.1f"), name, lowest[t]);
      }
      kh_chart_show_text (cr, data, text, size, FALSE, x + (t == 0 ? 3 : -3), layout->plot_y - 3,
                          t == 0 ? 0 : 1, 1, 0.9, NULL);
    }
}

void
kh_distribution_chart_draw (const KhChartData *data,
                            cairo_t           *cr,
                            double             width,
                            double             height,
                            KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  guint n = data->units->len, count = 0;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree int *stack = NULL;
  double top, line_h, lo = INFINITY, hi = -INFINITY, step, first, size = data->font_size * 0.9;
  double diameter, bin_px;
  int year, n_bins, fullest = 1;
  ScoreSort sort;
  gboolean any_highlighted;
  g_autofree gboolean *highlighted = kh_chart_data_highlight_mask (data, &any_highlighted);

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  kh_chart_layout_clear (layout);
  year = CLAMP (data->year_to, 0, data->n_years - 1);
  for (guint u = 0; u < n; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      double s = unit->scores[year];

      if (isnan (s))
        continue;
      order[count++] = u;
      lo = MIN (lo, s);
      hi = MAX (hi, s);
    }
  sort = (ScoreSort) { data, year };
  g_qsort_with_data (order, count, sizeof (guint), compare_score, &sort);
  if (count == 0)
    lo = 0, hi = 100;

  /* Round range and bins. */
  step = kh_chart_nice_step (lo, hi, 24, &first);
  lo = floor (lo / step) * step;
  hi = MAX (lo + step, (floor (hi / step) + 1) * step);
  n_bins = (int) lround ((hi - lo) / step);
  stack = g_new0 (int, n_bins);
  for (guint k = 0; k < count; k++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
      int bin = CLAMP ((int) floor ((unit->scores[year] - lo) / step), 0, n_bins - 1);

      fullest = MAX (fullest, ++stack[bin]);
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (data, cr, width, height);
  layout->plot_x = KH_CHART_MARGIN + 8;
  layout->plot_width = MAX (1.0, width - 2 * KH_CHART_MARGIN - 16);
  layout->plot_y = top + size * line_h + 8;
  layout->plot_height = MAX (1.0, height - layout->plot_y - KH_CHART_MARGIN - 2 * size * line_h - 8);
  layout->label_font_size = size;
  bin_px = layout->plot_width / n_bins;
  diameter = MIN (bin_px, layout->plot_height / fullest);
  layout->row_height = diameter;

  draw_tiers (data, cr, layout, year, lo, hi, size);
  kh_chart_draw_score_axis (cr, data, layout->plot_x, layout->plot_x + layout->plot_width,
                            layout->plot_y + layout->plot_height, layout->plot_y, lo, hi, size);
  kh_chart_show_text (cr, data, _("Total score"), size, FALSE,
                      layout->plot_x + layout->plot_width / 2,
                      layout->plot_y + layout->plot_height + size * line_h + 6, 0.5, 0, 0.8, NULL);

  memset (stack, 0, sizeof (int) * n_bins);
  for (guint k = 0; k < count; k++)
    {
      guint u = order[k];
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      int bin = CLAMP ((int) floor ((unit->scores[year] - lo) / step), 0, n_bins - 1);
      KhChartDot dot = { u, year, 0, 0, FALSE };
      double r = diameter / 2 * 0.85;

      dot.x = layout->plot_x + (bin + 0.5) * bin_px;
      dot.y = layout->plot_y + layout->plot_height - (stack[bin]++ + 0.5) * diameter;
      g_array_append_val (layout->dots, dot);
      if (highlighted[u])
        continue; /* drawn last, on top */
      kh_palette_set_source (cr, data->style, KH_COLOR_FOREGROUND, any_highlighted ? 0.35 : 0.7);
      cairo_arc (cr, dot.x, dot.y, r, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  /* The highlighted dots on top of every other, then their names over them all. */
  for (guint i = 0; i < layout->dots->len && any_highlighted; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);

      if (!highlighted[dot->unit])
        continue;
      kh_palette_set_source (cr, data->style, KH_COLOR_ADVANCE, 1.0);
      cairo_arc (cr, dot->x, dot->y, MAX (3.0, diameter / 2), 0, 2 * G_PI);
      cairo_fill (cr);
    }
  for (guint i = 0; i < layout->dots->len && any_highlighted; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);
      const KhChartUnit *unit = g_ptr_array_index (data->units, dot->unit);
      g_autofree char *text = NULL;
      KhChartLabel label;
      double h;
      gboolean moved = TRUE;

      if (!highlighted[dot->unit])
        continue;
      text = g_strdup_printf ("%s %.1f", unit->label, unit->scores[year]);
      label.width = kh_chart_text_width (cr, text, data->font_size, TRUE);
      label.height = data->font_size * line_h;
      label.x = CLAMP (dot->x - label.width / 2, KH_CHART_MARGIN,
                       width - KH_CHART_MARGIN - label.width);
      /* Above the whole stack of its bin, so that no dot hides the name. */
      {
        int bin = CLAMP ((int) floor ((unit->scores[year] - lo) / step), 0, n_bins - 1);
        double stack_top = layout->plot_y + layout->plot_height - stack[bin] * diameter;

        label.y = MAX (layout->plot_y, MIN (stack_top, dot->y - MAX (3.0, diameter / 2)) - 2
                                           - label.height);
      }
      /* Up past every name placed before it that it would overlap (each pass moves it
       * above one, so at most as many passes as names). */
      while (moved)
        {
          moved = FALSE;
          for (guint k = 0; k < layout->labels->len; k++)
            {
              const KhChartLabel *other = &g_array_index (layout->labels, KhChartLabel, k);

              if (label.x < other->x + other->width && other->x < label.x + label.width
                  && label.y < other->y + other->height && other->y < label.y + label.height)
                {
                  label.y = other->y - label.height;
                  moved = TRUE;
                }
            }
        }
      label.y = MAX (0, label.y);
      label.unit = dot->unit;
      label.right = FALSE;
      g_array_append_val (layout->labels, label);
      kh_chart_show_text (cr, data, text, data->font_size, TRUE, label.x, label.y, 0, 0, 1.0, &h);
    }
  cairo_restore (cr);
}
