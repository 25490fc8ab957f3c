/* kh-dumbbell-chart.c — each unit's score in two years, a dumbbell per row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The year-over-year comparison's chart: where the slope chart shows ranks, this one shows
 * how far each score moved and where it stands among the others. Rows are ordered by the
 * later score (ties by the later rank, then the label); the score axis spans both years'
 * scores. Names that do not fit their row at a legible size are thinned (the highlighted
 * unit first, then from the top), never overlapped.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-private.h"
#include "kh-dumbbell-chart.h"

typedef struct
{
  const KhChartData *data;
  int from, to;
} RowSort;

static double
sort_score (const KhChartUnit *unit,
            int                from,
            int                to)
{
  return !isnan (unit->scores[to]) ? unit->scores[to] : unit->scores[from];
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const RowSort *sort = user_data;
  const KhChartUnit *x = g_ptr_array_index (sort->data->units, *(const guint *) a);
  const KhChartUnit *y = g_ptr_array_index (sort->data->units, *(const guint *) b);
  double sx = sort_score (x, sort->from, sort->to), sy = sort_score (y, sort->from, sort->to);
  int rx = x->ranks[sort->to] > 0 ? x->ranks[sort->to] : G_MAXINT;
  int ry = y->ranks[sort->to] > 0 ? y->ranks[sort->to] : G_MAXINT;

  /* Units without a later score after the others. */
  if (isnan (x->scores[sort->to]) != isnan (y->scores[sort->to]))
    return isnan (x->scores[sort->to]) ? 1 : -1;
  if (sx != sy)
    return sx > sy ? -1 : 1;
  if (rx != ry)
    return rx < ry ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

static KhColorRole
change_color (const KhChartUnit *unit,
              int                from,
              int                to)
{
  int change;

  if (!kh_chart_unit_change (unit, from, to, &change) || change == 0)
    return KH_COLOR_STEADY;
  return change > 0 ? KH_COLOR_ADVANCE : KH_COLOR_FALL;
}

/* "▲3", "▼2", "=" or "" when the rank change is not known. */
static char *
change_text (const KhChartUnit *unit,
             int                from,
             int                to)
{
  int change;

  if (!kh_chart_unit_change (unit, from, to, &change))
    return g_strdup ("");
  if (change == 0)
    return g_strdup ("=");
  return g_strdup_printf (change > 0 ? "▲%d" : "▼%d", abs (change));
}

static void
draw_dot (cairo_t           *cr,
          const KhChartData *data,
          KhColorRole        role,
          gboolean           filled,
          double             x,
          double             y,
          double             r,
          double             alpha)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  kh_palette_set_source (cr, data->style, filled ? role : KH_COLOR_BACKGROUND, filled ? alpha : 1.0);
  cairo_fill_preserve (cr);
  kh_palette_set_source (cr, data->style, role, alpha);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

/* The legend: the earlier year hollow, the later filled; advanced, fell back. */
static void
draw_swatch (cairo_t           *cr,
             const KhChartData *data,
             int                entry,
             double             x,
             double             y,
             double             size)
{
  double r = size * 0.35;

  if (entry < 2)
    {
      draw_dot (cr, data, KH_COLOR_FOREGROUND, entry == 1, x + size / 2, y + size / 2, r, 0.8);
      return;
    }
  kh_palette_set_source (cr, data->style, entry == 2 ? KH_COLOR_ADVANCE : KH_COLOR_FALL, 1.0);
  cairo_rectangle (cr, x, y + size * 0.35, size, size * 0.3);
  cairo_fill (cr);
}

/* Rows with a score in either year, in drawing order; *lo and *hi span their scores. */
static guint
collect_rows (const KhChartData *data,
              int                from,
              int                to,
              guint             *order,
              double            *lo,
              double            *hi)
{
  RowSort sort = { data, from, to };
  guint count = 0;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint u = 0; u < data->units->len; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);

      if (isnan (unit->scores[from]) && isnan (unit->scores[to]))
        continue;
      order[count++] = u;
      for (int k = 0; k < 2; k++)
        {
          double v = unit->scores[k == 0 ? from : to];

          if (!isnan (v))
            {
              *lo = MIN (*lo, v);
              *hi = MAX (*hi, v);
            }
        }
    }
  g_qsort_with_data (order, count, sizeof (guint), compare_rows, &sort);
  if (count == 0)
    {
      *lo = 0;
      *hi = 1;
    }
  else
    {
      /* Round outwards to the axis's steps, so that no dot sits on the plot's edge. */
      double first, step = kh_chart_nice_step (*lo, *hi, 5, &first);

      *lo = floor (*lo / step) * step;
      *hi = ceil (*hi / step) * step;
      if (*hi - *lo < step)
        *hi = *lo + step;
    }
  return count;
}

static void
draw_row (const KhChartData *data,
          cairo_t           *cr,
          KhChartLayout     *layout,
          guint              u,
          guint              k,
          int                from,
          int                to,
          double             lo,
          double             scale,
          double             line_h,
          double             change_size,
          double             alpha)
{
  const KhChartUnit *unit = g_ptr_array_index (data->units, u);
  double y = layout->plot_y + (k + 0.5) * layout->row_height;
  double r = CLAMP (layout->row_height * 0.3, 1.5, 5.0);
  KhColorRole role = change_color (unit, from, to);
  gboolean both = !isnan (unit->scores[from]) && !isnan (unit->scores[to]) && from != to;
  KhChartDot dots[2] = {
    { u, from, layout->plot_x + (unit->scores[from] - lo) * scale, y, both },
    { u, to, layout->plot_x + (unit->scores[to] - lo) * scale, y, FALSE },
  };

  if (both)
    {
      kh_palette_set_source (cr, data->style, role, alpha * 0.8);
      cairo_set_line_width (cr, MAX (1.0, r * 0.8));
      cairo_move_to (cr, dots[0].x, y);
      cairo_line_to (cr, dots[1].x, y);
      cairo_stroke (cr);
    }
  for (int d = 0; d < 2; d++)
    {
      if (isnan (unit->scores[d == 0 ? from : to]) || (d == 0 && from == to))
        continue;
      draw_dot (cr, data, both ? role : KH_COLOR_FOREGROUND, d == 1, dots[d].x, y, r, alpha);
      g_array_append_val (layout->dots, dots[d]);
    }
  if (layout->row_height >= KH_CHART_MIN_LABEL_SIZE * line_h)
    {
      g_autofree char *text = change_text (unit, from, to);

      kh_chart_show_text (cr, data, text, MIN (change_size, layout->row_height / line_h), FALSE,
                          layout->plot_x + layout->plot_width + KH_CHART_GAP, y, 0, 0.5, alpha, NULL);
    }
}

void
kh_dumbbell_chart_draw (const KhChartData *data,
                        cairo_t           *cr,
                        double             width,
                        double             height,
                        KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  g_autofree guint *order = NULL;
  g_autofree char *year0 = NULL, *year1 = NULL;
  const char *legend[4];
  double top, line_h, name_w, lo, hi, scale, axis_size, change_w;
  int from, to;
  guint count;
  gboolean any_highlighted;
  g_autofree gboolean *highlighted = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  highlighted = kh_chart_data_highlight_mask (data, &any_highlighted);
  kh_chart_layout_clear (layout);
  axis_size = data->font_size * 0.9;
  from = CLAMP (data->year_from, 0, data->n_years - 1);
  to = CLAMP (data->year_to, 0, data->n_years - 1);
  order = g_new (guint, MAX (data->units->len, 1));
  count = collect_rows (data, from, to, order, &lo, &hi);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (data, cr, width, height);
  year0 = g_strdup_printf ("%d", data->years[from]);
  year1 = g_strdup_printf ("%d", data->years[to]);
  legend[0] = year0;
  legend[1] = year1;
  legend[2] = _("advanced");
  legend[3] = _("fell back");
  kh_chart_draw_legend (cr, data, legend, from == to ? 1 : 4, draw_swatch, width - KH_CHART_MARGIN,
                        top, axis_size);
  top += axis_size * line_h + KH_CHART_GAP;

  name_w = kh_chart_row_names_width (cr, data, layout, order, count, width * 0.25);
  change_w = kh_chart_text_width (cr, "▼99", axis_size, FALSE);

  layout->n_rows = (int) count;
  layout->plot_x = KH_CHART_MARGIN + name_w + KH_CHART_GAP;
  layout->plot_y = top;
  layout->plot_width = MAX (1.0, width - layout->plot_x - change_w - 2 * KH_CHART_GAP - KH_CHART_MARGIN);
  layout->plot_height = MAX (1.0, height - layout->plot_y - KH_CHART_MARGIN - axis_size * line_h - 6);
  layout->row_height = layout->plot_height / MAX (count, 1);
  layout->cutoffs[0] = layout->cutoffs[1] = NAN;
  scale = layout->plot_width / (hi - lo);

  kh_chart_draw_score_axis (cr, data, layout->plot_x, layout->plot_x + layout->plot_width,
                            layout->plot_y + layout->plot_height, layout->plot_y, lo, hi, axis_size);
  for (guint k = 0; k < count; k++)
    draw_row (data, cr, layout, order[k], k, from, to, lo, scale, line_h, axis_size,
              kh_chart_mask_alpha (highlighted, any_highlighted, order[k]));
  kh_chart_place_row_names (data, cr, layout, order, count, name_w, line_h);
  kh_chart_draw_row_names (data, cr, layout);
  cairo_restore (cr);
}
