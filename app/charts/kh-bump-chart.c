/* kh-bump-chart.c — rank across years for one group, and the rank lines it shares with
 * the slope chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (Above 800 lines: the rank lines' geometry, label placement and drawing share one
 * private state, RankLines, that splitting would have to expose.)
 *
 * Geometry: each shown year is a column; within a column the present units are ordered by
 * rank (ties by label, then id) and take one row each, so tied units sit in adjacent rows
 * and never hide each other. Rank r without ties is row r − 1. Consecutive years are
 * joined by an S-curve (a cubic Bézier with both control points at the horizontal
 * midpoint; the slope chart uses straight lines); a unit absent in a year breaks its
 * line there, so a merged or renamed unit (港闸区 → 崇川区) ends one line and starts another.
 *
 * Colour: every segment is coloured by its own direction — blue and solid when the unit
 * advanced that year, orange and dashed when it fell, grey when it kept its rank — so a
 * unit that rose and then fell shows both, and the dashes survive greyscale print. A dot
 * takes the colour of the segment that arrives at it.
 *
 * Labels sit at both ends ("name rank" on the left, "rank name" on the right). A unit
 * whose line starts after the first year or ends before the last gets a label beside that
 * end, inside the plot, where it does not cover another label. When the end labels cannot
 * all be set at a legible size without overlapping they are thinned: the highlighted units
 * first, then the largest movers, then the best ranks, each kept only where it fits.
 *
 * Highlight first: when units are highlighted (the one hovered or selected, and the units
 * selected in Results or named by kaohe-cli chart --highlight) they are drawn in colour,
 * thicker and on top, their labels bold, and every other unit faded.
 *
 * Above KH_RANK_LINES_DENSITY_UNITS units no line can be followed: every unit but the
 * highlighted ones is then a thin grey line so faint that it shows only where many run
 * together — a density of the others — and only the highlighted units are coloured and
 * labelled; a note under the title says so (issue 22).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "kh-bump-chart.h"
#include "kh-chart-private.h"

typedef struct
{
  const KhChartData *data;
  const int *cols;
  int n_cols;
  gboolean slope;
  guint n;          /* units */
  int *rows;        /* rows[c * n + u]: row of unit u in column c, −1 where absent */
  gboolean *highlighted; /* per unit: highlighted (kh_chart_data_highlight_mask) */
  gboolean any_highlighted;
  gboolean density; /* the others drawn as a density */
  KhChartLayout *layout;
  GPtrArray *texts; /* parallel to layout->labels */
  double line_h;    /* text height per unit of font size */
} RankLines;

typedef struct
{
  const KhChartData *data;
  int year;
} RowSort;

static int
compare_rank (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const RowSort *sort = user_data;
  const KhChartUnit *x = g_ptr_array_index (sort->data->units, *(const guint *) a);
  const KhChartUnit *y = g_ptr_array_index (sort->data->units, *(const guint *) b);
  int cmp;

  if (x->ranks[sort->year] != y->ranks[sort->year])
    return x->ranks[sort->year] < y->ranks[sort->year] ? -1 : 1;
  cmp = g_strcmp0 (x->label, y->label);
  return cmp != 0 ? cmp : g_strcmp0 (x->id, y->id);
}

static void
compute_rows (RankLines *rl)
{
  g_autofree guint *present = g_new (guint, MAX (rl->n, 1));

  rl->rows = g_new (int, (gsize) rl->n_cols * MAX (rl->n, 1));
  rl->layout->n_rows = 0;
  for (int c = 0; c < rl->n_cols; c++)
    {
      RowSort sort = { rl->data, rl->cols[c] };
      guint count = 0;

      for (guint u = 0; u < rl->n; u++)
        {
          const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);

          rl->rows[c * rl->n + u] = -1;
          if (unit->ranks[rl->cols[c]] > 0)
            present[count++] = u;
        }
      g_qsort_with_data (present, count, sizeof (guint), compare_rank, &sort);
      for (guint k = 0; k < count; k++)
        rl->rows[c * rl->n + present[k]] = (int) k;
      rl->layout->n_rows = MAX (rl->layout->n_rows, (int) count);
    }
}

static int
row_of (const RankLines *rl,
        int              col,
        guint            unit)
{
  return rl->rows[col * rl->n + unit];
}

static double
column_x (const RankLines *rl,
          int              col)
{
  const KhChartLayout *layout = rl->layout;

  if (rl->n_cols == 1)
    return layout->plot_x + layout->plot_width / 2;
  return layout->plot_x + layout->plot_width * col / (rl->n_cols - 1);
}

static double
row_y (const RankLines *rl,
       int              row)
{
  return rl->layout->plot_y + (row + 0.5) * rl->layout->row_height;
}

/* Direction of the move from column @col to @col + 1 (both present). */
static KhColorRole
segment_role (const RankLines *rl,
              guint            u,
              int              col)
{
  const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);
  int change = 0;

  kh_chart_unit_change (unit, rl->cols[col], rl->cols[col + 1], &change);
  return change > 0 ? KH_COLOR_ADVANCE : change < 0 ? KH_COLOR_FALL : KH_COLOR_STEADY;
}

static void
set_line_style (cairo_t     *cr,
                KhColorRole  role,
                double       width)
{
  double dash[] = { 4.0 * width + 4.0, 2.0 * width + 2.0 };

  cairo_set_line_width (cr, width);
  /* Falling segments are dashed as well as orange: distinguishable without colour. */
  if (role == KH_COLOR_FALL)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_direction_swatch (cairo_t           *cr,
                       const KhChartData *data,
                       int                entry,
                       double             x,
                       double             y,
                       double             size)
{
  static const KhColorRole roles[] = { KH_COLOR_ADVANCE, KH_COLOR_FALL, KH_COLOR_STEADY };

  kh_palette_set_source (cr, data->style, roles[entry], 1.0);
  set_line_style (cr, roles[entry], 2.0);
  cairo_move_to (cr, x - size * 0.6, y + size / 2);
  cairo_line_to (cr, x + size, y + size / 2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_tier_bands (const RankLines *rl,
                 cairo_t         *cr)
{
  const KhChartLayout *layout = rl->layout;
  double half = rl->n_cols > 1 ? layout->plot_width / (rl->n_cols - 1) / 2 : layout->plot_width / 2;

  for (int c = 0; c < rl->n_cols; c++)
    for (int tier = 1; tier <= 3; tier++)
      {
        int top = G_MAXINT, bottom = -1;

        for (guint u = 0; u < rl->n; u++)
          {
            const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);
            int row = row_of (rl, c, u);

            if (row >= 0 && unit->tiers[rl->cols[c]] == tier)
              {
                top = MIN (top, row);
                bottom = MAX (bottom, row);
              }
          }
        if (bottom < 0)
          continue;

        kh_palette_set_source (cr, rl->data->style, KH_COLOR_TIER1 + tier - 1, 1.0);
        cairo_rectangle (cr, column_x (rl, c) - half, layout->plot_y + top * layout->row_height,
                         2 * half, (bottom - top + 1) * layout->row_height);
        cairo_fill (cr);
      }
}

static void
draw_years (const RankLines *rl,
            cairo_t         *cr)
{
  const KhChartLayout *layout = rl->layout;

  for (int c = 0; c < rl->n_cols; c++)
    {
      g_autofree char *text = g_strdup_printf ("%d", rl->data->years[rl->cols[c]]);
      double x = column_x (rl, c);

      kh_chart_show_text (cr, rl->data, text, rl->data->font_size, TRUE, x, layout->plot_y - 6,
                          0.5, 1.0, 1.0, NULL);
      kh_palette_set_source (cr, rl->data->style, KH_COLOR_GRID, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, layout->plot_y);
      cairo_line_to (cr, x, layout->plot_y + layout->plot_height);
      cairo_stroke (cr);
    }
}

/* Colour of a dot: that of the segment arriving at it, else of the one leaving it. */
static KhColorRole
dot_role (const RankLines *rl,
          guint            u,
          int              c)
{
  if (c > 0 && row_of (rl, c - 1, u) >= 0)
    return segment_role (rl, u, c - 1);
  if (c + 1 < rl->n_cols && row_of (rl, c + 1, u) >= 0)
    return segment_role (rl, u, c);
  return KH_COLOR_STEADY;
}

/* Records every dot, in unit then year order (hit-testing follows the lines). */
static void
record_dots (const RankLines *rl)
{
  for (guint u = 0; u < rl->n; u++)
    for (int c = 0; c < rl->n_cols; c++)
      {
        int r = row_of (rl, c, u);
        KhChartDot dot = { 0 };

        if (r < 0)
          continue;
        dot.unit = u;
        dot.year_index = rl->cols[c];
        dot.x = column_x (rl, c);
        dot.y = row_y (rl, r);
        dot.joined = c + 1 < rl->n_cols && row_of (rl, c + 1, u) >= 0;
        g_array_append_val (rl->layout->dots, dot);
      }
}

/* Adds to the path the segments of unit @u that move in direction @role. */
static void
trace_segments (const RankLines *rl,
                cairo_t         *cr,
                guint            u,
                KhColorRole      role)
{
  for (int c = 0; c + 1 < rl->n_cols; c++)
    {
      int r0 = row_of (rl, c, u), r1 = row_of (rl, c + 1, u);
      double x0, x1, y0, y1, mid;

      if (r0 < 0 || r1 < 0 || segment_role (rl, u, c) != role)
        continue;
      x0 = column_x (rl, c);
      x1 = column_x (rl, c + 1);
      y0 = row_y (rl, r0);
      y1 = row_y (rl, r1);
      mid = (x0 + x1) / 2;
      cairo_move_to (cr, x0, y0);
      if (rl->slope)
        cairo_line_to (cr, x1, y1);
      else
        cairo_curve_to (cr, mid, y0, mid, y1, x1, y1);
    }
}

static void
trace_dots (const RankLines *rl,
            cairo_t         *cr,
            guint            u,
            KhColorRole      role,
            double           radius)
{
  for (int c = 0; c < rl->n_cols; c++)
    {
      int r = row_of (rl, c, u);

      if (r < 0 || dot_role (rl, u, c) != role)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, column_x (rl, c), row_y (rl, r), radius, 0, 2 * G_PI);
    }
}

/* Draws the lines and dots of every unit but the highlighted ones (@highlighted FALSE), or
 * of the highlighted ones, thicker and on top. A unit's segments of one direction are one
 * path (cairo rasterises many small paths faster than one large self-crossing one). */
static void
draw_units (const RankLines *rl,
            cairo_t         *cr,
            gboolean         highlighted,
            double           dot_r)
{
  static const KhColorRole roles[] = { KH_COLOR_STEADY, KH_COLOR_ADVANCE, KH_COLOR_FALL };
  double alpha = !rl->any_highlighted || highlighted ? 1.0 : 0.22;
  double width = MAX (1.0, MIN (3.0, rl->layout->row_height * 0.35)) * (highlighted ? 1.8 : 1.0);

  if (rl->density && !highlighted)
    {
      /* Each line stroked alone, so that where lines overlap their grey adds up. */
      kh_palette_set_source (cr, rl->data->style, KH_COLOR_STEADY,
                             CLAMP (25.0 / rl->n, 0.02, 0.25));
      cairo_set_line_width (cr, 0.75);
      for (guint u = 0; u < rl->n; u++)
        if (!rl->highlighted[u])
          {
            for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
              trace_segments (rl, cr, u, roles[k]);
            cairo_stroke (cr);
          }
      return;
    }
  for (guint u = 0; u < rl->n; u++)
    {
      if (rl->highlighted[u] != highlighted)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
        {
          trace_segments (rl, cr, u, roles[k]);
          if (!cairo_has_current_point (cr))
            continue;
          kh_palette_set_source (cr, rl->data->style, roles[k], alpha);
          set_line_style (cr, roles[k], width);
          cairo_stroke (cr);
        }
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
        {
          trace_dots (rl, cr, u, roles[k], dot_r * (highlighted ? 1.4 : 1.0));
          if (!cairo_has_current_point (cr))
            continue;
          kh_palette_set_source (cr, rl->data->style, roles[k], alpha);
          cairo_fill (cr);
        }
    }
}

typedef struct
{
  guint unit;
  double want;  /* desired centre y */
  int priority; /* larger is kept first when thinning */
  double width; /* at the nominal size */
  char *text;
} LabelItem;

static void
label_item_clear (gpointer data)
{
  g_free (((LabelItem *) data)->text);
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  const LabelItem *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  return x->want < y->want ? -1 : x->want > y->want;
}

static void
add_label (RankLines  *rl,
           const char *text,
           double      x,
           double      y,
           double      width,
           double      height,
           guint       unit,
           gboolean    right)
{
  KhChartLabel label = { x, y, width, height, unit, right };

  g_array_append_val (rl->layout->labels, label);
  g_ptr_array_add (rl->texts, g_strdup (text));
}

/* Places one side's labels: spread at the largest size that fits (down to the minimum),
 * else thin at the minimum size by priority without moving. x is set later. */
static void
place_side (RankLines *rl,
            GArray    *items,
            gboolean   right,
            double    *used_size)
{
  const KhChartLayout *layout = rl->layout;
  double size = rl->data->font_size, top = layout->plot_y;
  double bottom = layout->plot_y + layout->plot_height;
  guint n = items->len;
  g_autofree double *want = g_new (double, MAX (n, 1));
  g_autofree double *placed = g_new (double, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    want[i] = g_array_index (items, LabelItem, i).want;

  for (double s = size; s >= KH_CHART_MIN_LABEL_SIZE - 1e-9; s -= 0.5)
    {
      double h = s * rl->line_h;

      if (kh_chart_spread_labels (want, placed, order, n, h, top, bottom))
        {
          for (guint i = 0; i < n; i++)
            {
              LabelItem *item = &g_array_index (items, LabelItem, i);

              add_label (rl, item->text, 0, placed[i] - h / 2, item->width * s / size, h, item->unit,
                         right);
            }
          *used_size = MIN (*used_size, s);
          return;
        }
    }

  /* Thinning: the highlighted units' labels spread apart (a few, so that they fit), then
   * the others kept by priority where the label fits at its own row. */
  {
    double s = KH_CHART_MIN_LABEL_SIZE, h = s * rl->line_h;
    g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (double));
    guint first = 0;

    g_array_sort (items, compare_priority);
    while (first < n && rl->highlighted[g_array_index (items, LabelItem, first).unit])
      first++;
    if (first > 0)
      {
        for (guint i = 0; i < first; i++)
          want[i] = g_array_index (items, LabelItem, i).want;
        if (kh_chart_spread_labels (want, placed, order, first, h, top, bottom))
          for (guint i = 0; i < first; i++)
            {
              LabelItem *item = &g_array_index (items, LabelItem, i);
              double y0 = placed[i] - h / 2;

              g_array_append_val (kept, y0);
              add_label (rl, item->text, 0, y0, item->width * s / size, h, item->unit, right);
            }
        else
          first = 0; /* more than the side can hold: thinned with the others */
      }
    for (guint i = first; i < n; i++)
      {
        LabelItem *item = &g_array_index (items, LabelItem, i);
        double y0 = CLAMP (item->want - h / 2, top, bottom - h);
        gboolean free_slot = TRUE;

        for (guint k = 0; k < kept->len && free_slot; k++)
          {
            double other = g_array_index (kept, double, k);

            if (y0 < other + h && other < y0 + h)
              free_slot = FALSE;
          }
        if (!free_slot)
          continue;
        g_array_append_val (kept, y0);
        add_label (rl, item->text, 0, y0, item->width * s / size, h, item->unit, right);
      }
    *used_size = MIN (*used_size, s);
  }
}

static char *
end_label_text (const RankLines *rl,
                guint            u,
                int              col,
                gboolean         right)
{
  const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);
  int year = rl->cols[col];
  /* marked ◔ when that year's score is incomplete; the short name when names do not fit */
  g_autofree char *label = kh_chart_unit_label_as (unit, year, rl->layout->abbreviated);
  int change;

  if (!right)
    return g_strdup_printf ("%s  %d", label, unit->ranks[year]);
  if (rl->slope && rl->n_cols == 2 && kh_chart_unit_change (unit, rl->cols[0], year, &change))
    {
      if (change > 0)
        return g_strdup_printf ("%d  %s  ▲%d", unit->ranks[year], label, change);
      if (change < 0)
        return g_strdup_printf ("%d  %s  ▼%d", unit->ranks[year], label, -change);
      return g_strdup_printf ("%d  %s  =", unit->ranks[year], label);
    }
  return g_strdup_printf ("%d  %s", unit->ranks[year], label);
}

/* Overall movement of a unit between its first and last shown rank. */
static int
unit_movement (const RankLines *rl,
               guint            u)
{
  const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);
  int first = 0, last = 0;

  for (int c = 0; c < rl->n_cols; c++)
    if (unit->ranks[rl->cols[c]] > 0)
      {
        if (first == 0)
          first = unit->ranks[rl->cols[c]];
        last = unit->ranks[rl->cols[c]];
      }
  return first - last;
}

/* The end labels of one side: units present in the first (or last) column. */
static GArray *
collect_labels (RankLines *rl,
                cairo_t   *cr,
                gboolean   right,
                double    *max_width)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LabelItem));
  int col = right ? rl->n_cols - 1 : 0;

  g_array_set_clear_func (items, label_item_clear);
  *max_width = 0;
  for (guint u = 0; u < rl->n; u++)
    {
      const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);
      LabelItem item;

      if (row_of (rl, col, u) < 0 || (rl->density && !rl->highlighted[u]))
        continue;
      item.unit = u;
      item.want = 0;
      item.text = end_label_text (rl, u, col, right);
      item.width = kh_chart_text_width (cr, item.text, rl->data->font_size, FALSE);
      item.priority = abs (unit_movement (rl, u)) * 1000
                      + (1000 - MIN (unit->ranks[rl->cols[col]], 999));
      if (rl->highlighted[u])
        item.priority = G_MAXINT;
      *max_width = MAX (*max_width, item.width);
      g_array_append_val (items, item);
    }
  return items;
}

/* Labels beside the ends of lines that start after the first column or end before the
 * last, where they fit inside the plot without covering another label. */
static void
place_inner_labels (RankLines *rl,
                    cairo_t   *cr,
                    double     size,
                    double     dot_r)
{
  const KhChartLayout *layout = rl->layout;
  double h = size * rl->line_h;

  for (int pass = 0; pass < 2; pass++)
    for (guint u = 0; u < rl->n; u++)
      {
        const KhChartUnit *unit = g_ptr_array_index (rl->data->units, u);

        /* The highlighted units first, so that they win any contested place. */
        if ((pass == 0) != rl->highlighted[u] || (rl->density && pass == 1))
          continue;
        for (int c = 0; c < rl->n_cols; c++)
          {
            int r = row_of (rl, c, u);
            /* A run that starts in the last column (or ends in the first) has its end
             * label already. */
            gboolean starts = r >= 0 && c > 0 && c + 1 < rl->n_cols && row_of (rl, c - 1, u) < 0;
            gboolean ends = r >= 0 && c > 0 && c + 1 < rl->n_cols && row_of (rl, c + 1, u) < 0;

            for (int side = 0; side < 2; side++)
              {
                g_autofree char *text = NULL;
                double w, x, y;

                if (!(side == 0 ? starts : ends))
                  continue;
                text = g_strdup_printf ("%s %d",
                                        rl->layout->abbreviated && unit->short_label != NULL
                                          ? unit->short_label
                                          : unit->label,
                                        unit->ranks[rl->cols[c]]);
                w = kh_chart_text_width (cr, text, size, FALSE);
                x = side == 0 ? column_x (rl, c) - dot_r - 3 - w : column_x (rl, c) + dot_r + 3;
                y = row_y (rl, r) - h / 2;
                if (x < layout->plot_x - KH_CHART_GAP
                    || x + w > layout->plot_x + layout->plot_width + KH_CHART_GAP
                    || y < layout->plot_y || y + h > layout->plot_y + layout->plot_height
                    || kh_chart_label_collides (layout, x, y, w, h))
                  continue;
                add_label (rl, text, x, y, w, h, u, side == 1);
              }
          }
      }
}

static void
draw_labels (const RankLines *rl,
             cairo_t         *cr)
{
  const KhChartLayout *layout = rl->layout;

  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);
      const char *text = g_ptr_array_index (rl->texts, i);
      gboolean highlighted = rl->highlighted[label->unit];
      g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, layout->label_font_size,
                                                         highlighted);
      double w, h;

      kh_chart_text_size (pl, &w, &h);
      kh_palette_set_source (cr, rl->data->style, KH_COLOR_FOREGROUND,
                             rl->any_highlighted && !highlighted ? 0.45 : 1.0);
      cairo_move_to (cr, label->right ? label->x : label->x + label->width - w,
                     label->y + (label->height - h) / 2);
      pango_cairo_show_layout (cr, pl);
    }
}

/* The note that says the chart shows a density; returns the y below it. */
static double
draw_density_note (const RankLines *rl,
                   cairo_t         *cr,
                   double           width,
                   double           top)
{
  guint n_highlighted = 0;
  g_autofree char *text = NULL;

  for (guint u = 0; u < rl->n; u++)
    n_highlighted += rl->highlighted[u];
  if (n_highlighted > 1)
    text = g_strdup_printf (_("%d units: the selected units over a density of the others"),
                            rl->layout->n_rows);
  else if (n_highlighted == 1)
    text = g_strdup_printf (_("%d units: the selected unit over a density of the others"),
                            rl->layout->n_rows);
  else
    text = g_strdup_printf (_("%d units: drawn as a density; select a unit to follow its line"),
                            rl->layout->n_rows);
  g_autoptr (PangoLayout) pl = NULL;
  double h;

  pl = kh_chart_text_layout (cr, text, rl->data->font_size * 0.9, FALSE);
  pango_layout_set_width (pl, (int) (MAX (1.0, width - 2 * KH_CHART_MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  kh_chart_text_size (pl, NULL, &h);
  kh_palette_set_source (cr, rl->data->style, KH_COLOR_FOREGROUND, 0.75);
  cairo_move_to (cr, KH_CHART_MARGIN, top);
  pango_cairo_show_layout (cr, pl);
  return top + h + KH_CHART_GAP;
}

/* Whether a label of @items that could be shortened is wider than @max_width. */
static gboolean
shortening_helps (const RankLines *rl,
                  GArray          *items,
                  double           max_width)
{
  for (guint i = 0; i < items->len; i++)
    {
      const LabelItem *item = &g_array_index (items, LabelItem, i);
      const KhChartUnit *unit = g_ptr_array_index (rl->data->units, item->unit);

      if (item->width > max_width && unit->short_label != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
set_item_wants (RankLines *rl,
                GArray    *items,
                int        col)
{
  for (guint i = 0; i < items->len; i++)
    {
      LabelItem *item = &g_array_index (items, LabelItem, i);

      item->want = row_y (rl, row_of (rl, col, item->unit));
    }
}

void
kh_rank_lines_draw (const KhChartData *data,
                    cairo_t           *cr,
                    double             width,
                    double             height,
                    KhChartLayout     *out,
                    const int         *cols,
                    int                n_cols,
                    gboolean           slope)
{
  g_autoptr (KhChartLayout) own = NULL;
  g_autoptr (GArray) left = NULL;
  g_autoptr (GArray) right = NULL;
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *legend[] = { _("Advance"), _("Fall"), _("Same rank") };
  RankLines rl = { data, cols, n_cols, slope, data->units->len, NULL, NULL, FALSE, FALSE, out, texts, 0 };
  double left_w, right_w, top, used = data->font_size, dot_r, max_label_w = width * 0.26;

  rl.layout = out != NULL ? out : (own = kh_chart_layout_new ());
  kh_chart_layout_clear (rl.layout);
  rl.layout->curved = !slope;
  rl.highlighted = kh_chart_data_highlight_mask (data, &rl.any_highlighted);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  rl.line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (data, cr, width, height);
  {
    double legend_size = data->font_size * 0.9;
    double legend_w = kh_chart_draw_legend (cr, data, legend, G_N_ELEMENTS (legend), NULL, 0, 0,
                                            legend_size);
    double title_w = data->title != NULL ? kh_chart_text_width (cr, data->title,
                                                                data->font_size * 1.3, TRUE)
                                         : -KH_CHART_GAP;

    /* Beside the title when both fit, else on a row of its own below it. */
    if (KH_CHART_MARGIN + title_w + 24 + legend_w <= width - KH_CHART_MARGIN)
      {
        kh_chart_draw_legend (cr, data, legend, G_N_ELEMENTS (legend), draw_direction_swatch,
                              width - KH_CHART_MARGIN, KH_CHART_MARGIN, legend_size);
        if (data->title == NULL)
          top += legend_size * rl.line_h + KH_CHART_GAP;
      }
    else
      {
        kh_chart_draw_legend (cr, data, legend, G_N_ELEMENTS (legend), draw_direction_swatch,
                              width - KH_CHART_MARGIN, top, legend_size);
        top += legend_size * rl.line_h + KH_CHART_GAP;
      }
  }

  compute_rows (&rl);
  rl.density = rl.layout->n_rows > KH_RANK_LINES_DENSITY_UNITS;
  if (rl.density)
    top = draw_density_note (&rl, cr, width, top);
  rl.layout->plot_y = top + data->font_size * rl.line_h + 10;
  rl.layout->plot_height = MAX (1.0, height - rl.layout->plot_y - KH_CHART_MARGIN);
  rl.layout->row_height = rl.layout->plot_height / MAX (rl.layout->n_rows, 1);
  rl.layout->label_font_size = data->font_size;

  /* Measure the end labels at the nominal size to reserve the side areas. */
  left = collect_labels (&rl, cr, FALSE, &left_w);
  right = collect_labels (&rl, cr, TRUE, &right_w);
  /* A name wider than its side: the units' short names (简称) instead, on both sides. */
  if (shortening_helps (&rl, left, max_label_w) || shortening_helps (&rl, right, max_label_w))
    {
      rl.layout->abbreviated = TRUE;
      g_clear_pointer (&left, g_array_unref);
      g_clear_pointer (&right, g_array_unref);
      left = collect_labels (&rl, cr, FALSE, &left_w);
      right = collect_labels (&rl, cr, TRUE, &right_w);
    }
  left_w = MIN (left_w, max_label_w);
  right_w = MIN (right_w, max_label_w);
  rl.layout->plot_x = KH_CHART_MARGIN + left_w + KH_CHART_GAP * 2;
  rl.layout->plot_width = MAX (1.0, width - rl.layout->plot_x - right_w - KH_CHART_GAP * 2
                                        - KH_CHART_MARGIN);
  set_item_wants (&rl, left, 0);
  set_item_wants (&rl, right, n_cols - 1);

  cairo_save (cr);
  cairo_rectangle (cr, rl.layout->plot_x - KH_CHART_GAP, rl.layout->plot_y,
                   rl.layout->plot_width + 2 * KH_CHART_GAP, rl.layout->plot_height);
  cairo_clip (cr);
  draw_tier_bands (&rl, cr);
  cairo_restore (cr);
  draw_years (&rl, cr);

  place_side (&rl, left, FALSE, &used);
  place_side (&rl, right, TRUE, &used);
  rl.layout->label_font_size = used;
  /* Both sides share one size: rescale boxes set at a larger size, keeping centres. */
  for (guint i = 0; i < rl.layout->labels->len; i++)
    {
      KhChartLabel *label = &g_array_index (rl.layout->labels, KhChartLabel, i);
      double h = used * rl.line_h;
      double centre = label->y + label->height / 2;
      double scale = h / label->height;

      label->width *= scale;
      label->height = h;
      label->y = centre - h / 2;
      label->x = label->right ? rl.layout->plot_x + rl.layout->plot_width + KH_CHART_GAP * 2
                              : rl.layout->plot_x - KH_CHART_GAP * 2 - label->width;
    }

  dot_r = MAX (1.5, MIN (4.5, rl.layout->row_height * 0.3));
  place_inner_labels (&rl, cr, used, dot_r);

  /* Stroking is nearly all the drawing time (kh-bench-charts). Flattening curves to half
   * a pixel instead of cairo's default tenth, and, when rows are denser than 8 units, the
   * coarser antialiasing bring 99 units × 3 years from 20 ms to 11 ms on a 1280×800
   * image; at that density the difference is not visible. Vector surfaces ignore both. */
  cairo_save (cr);
  cairo_set_tolerance (cr, 0.5);
  if (rl.layout->row_height < 8)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  record_dots (&rl);
  /* The highlighted units last, so they are drawn on top. */
  draw_units (&rl, cr, FALSE, dot_r);
  if (rl.any_highlighted)
    draw_units (&rl, cr, TRUE, dot_r);
  cairo_restore (cr);

  draw_labels (&rl, cr);
  cairo_restore (cr);
  g_free (rl.rows);
  g_free (rl.highlighted);
}

void
kh_bump_chart_draw (const KhChartData *data,
                    cairo_t           *cr,
                    double             width,
                    double             height,
                    KhChartLayout     *layout)
{
  int from, to;
  g_autofree int *cols = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  from = CLAMP (data->year_from, 0, data->n_years - 1);
  to = CLAMP (data->year_to, from, data->n_years - 1);
  cols = g_new (int, to - from + 1);
  for (int c = 0; c <= to - from; c++)
    cols[c] = from + c;
  kh_rank_lines_draw (data, cr, width, height, layout, cols, to - from + 1, FALSE);
}
