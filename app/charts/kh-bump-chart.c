/* kh-bump-chart.c — rank across years for one group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Geometry: each year is a column; within a column the present units are ordered by rank
 * (ties by label, then id) and take one row each, so tied units sit in adjacent rows and
 * never hide each other. Rank r without ties is row r − 1. Consecutive years are joined
 * by an S-curve (a cubic Bézier with both control points at the horizontal midpoint);
 * a unit absent in a year breaks its line there. Tier bands are shaded per column behind
 * the rows the tier occupies that year. Labels sit at both ends; when they cannot all be
 * set at a legible size without overlapping they are thinned: the highlighted unit first,
 * then the largest movers, then the best ranks, each kept only where it fits.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-bump-chart.h"
#include "kh-chart-text.h"

#define MIN_LABEL_SIZE 6.0
#define LABEL_GAP 6.0

KhBumpChart *
kh_bump_chart_new (int        n_years,
                   const int *years)
{
  KhBumpChart *chart;

  g_return_val_if_fail (n_years > 0, NULL);
  g_return_val_if_fail (years != NULL, NULL);

  chart = g_new0 (KhBumpChart, 1);
  chart->n_years = n_years;
  chart->years = g_memdup2 (years, sizeof (int) * n_years);
  chart->units = g_ptr_array_new ();
  chart->font_size = 10.0;
  return chart;
}

static void
bump_unit_free (KhBumpUnit *unit)
{
  g_free (unit->id);
  g_free (unit->label);
  g_free (unit->ranks);
  g_free (unit->tiers);
  g_free (unit->scores);
  g_free (unit);
}

void
kh_bump_chart_free (KhBumpChart *chart)
{
  if (chart == NULL)
    return;

  g_ptr_array_foreach (chart->units, (GFunc) bump_unit_free, NULL);
  g_ptr_array_unref (chart->units);
  g_free (chart->title);
  g_free (chart->years);
  g_free (chart->highlight);
  g_free (chart);
}

KhBumpUnit *
kh_bump_chart_add_unit (KhBumpChart *chart,
                        const char  *id,
                        const char  *label)
{
  KhBumpUnit *unit;

  g_return_val_if_fail (chart != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  unit = g_new0 (KhBumpUnit, 1);
  unit->id = g_strdup (id);
  unit->label = g_strdup (label != NULL ? label : id);
  unit->ranks = g_new0 (int, chart->n_years);
  unit->tiers = g_new0 (int, chart->n_years);
  unit->scores = g_new (double, chart->n_years);
  for (int i = 0; i < chart->n_years; i++)
    unit->scores[i] = NAN;
  g_ptr_array_add (chart->units, unit);
  return unit;
}

KhChartLayout *
kh_chart_layout_new (void)
{
  KhChartLayout *layout = g_new0 (KhChartLayout, 1);

  layout->labels = g_array_new (FALSE, TRUE, sizeof (KhChartLabel));
  layout->dots = g_array_new (FALSE, TRUE, sizeof (KhChartDot));
  return layout;
}

void
kh_chart_layout_free (KhChartLayout *layout)
{
  if (layout == NULL)
    return;

  g_array_unref (layout->labels);
  g_array_unref (layout->dots);
  g_free (layout);
}

/* Row of every unit in every year (−1 where absent): rows[year * n_units + unit]. */
typedef struct
{
  const KhBumpChart *chart;
  int year;
} RowSort;

static int
compare_rank (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const RowSort *sort = user_data;
  const KhBumpUnit *x = g_ptr_array_index (sort->chart->units, *(const guint *) a);
  const KhBumpUnit *y = g_ptr_array_index (sort->chart->units, *(const guint *) b);
  int cmp;

  if (x->ranks[sort->year] != y->ranks[sort->year])
    return x->ranks[sort->year] < y->ranks[sort->year] ? -1 : 1;
  cmp = g_strcmp0 (x->label, y->label);
  return cmp != 0 ? cmp : g_strcmp0 (x->id, y->id);
}

static int *
compute_rows (const KhBumpChart *chart,
              int               *n_rows)
{
  guint n = chart->units->len;
  int *rows = g_new (int, (gsize) chart->n_years * MAX (n, 1));
  g_autofree guint *present = g_new (guint, MAX (n, 1));

  *n_rows = 0;
  for (int y = 0; y < chart->n_years; y++)
    {
      RowSort sort = { chart, y };
      guint count = 0;

      for (guint u = 0; u < n; u++)
        {
          const KhBumpUnit *unit = g_ptr_array_index (chart->units, u);

          rows[y * n + u] = -1;
          if (unit->ranks[y] > 0)
            present[count++] = u;
        }
      g_qsort_with_data (present, count, sizeof (guint), compare_rank, &sort);
      for (guint k = 0; k < count; k++)
        rows[y * n + present[k]] = (int) k;
      *n_rows = MAX (*n_rows, (int) count);
    }
  return rows;
}

/* Overall movement of a unit: first present rank minus last present rank. */
static int
unit_change (const KhBumpChart *chart,
             const KhBumpUnit  *unit)
{
  int first = 0, last = 0;

  for (int y = 0; y < chart->n_years; y++)
    if (unit->ranks[y] > 0)
      {
        if (first == 0)
          first = unit->ranks[y];
        last = unit->ranks[y];
      }
  return first - last;
}

static KhColorRole
unit_role (const KhBumpChart *chart,
           const KhBumpUnit  *unit)
{
  int change = unit_change (chart, unit);

  if (change > 0)
    return KH_COLOR_ADVANCE;
  if (change < 0)
    return KH_COLOR_FALL;
  return KH_COLOR_STEADY;
}

static double
column_x (const KhChartLayout *layout,
          int                  n_years,
          int                  year)
{
  if (n_years == 1)
    return layout->plot_x + layout->plot_width / 2;
  return layout->plot_x + layout->plot_width * year / (n_years - 1);
}

static double
row_y (const KhChartLayout *layout,
       int                  row)
{
  return layout->plot_y + (row + 0.5) * layout->row_height;
}

static void
draw_tier_bands (const KhBumpChart   *chart,
                 const int           *rows,
                 const KhChartLayout *layout,
                 cairo_t             *cr)
{
  guint n = chart->units->len;
  double half = chart->n_years > 1 ? layout->plot_width / (chart->n_years - 1) / 2
                                   : layout->plot_width / 2;

  for (int y = 0; y < chart->n_years; y++)
    for (int tier = 1; tier <= 3; tier++)
      {
        int top = G_MAXINT, bottom = -1;

        for (guint u = 0; u < n; u++)
          {
            const KhBumpUnit *unit = g_ptr_array_index (chart->units, u);
            int row = rows[y * n + u];

            if (row >= 0 && unit->tiers[y] == tier)
              {
                top = MIN (top, row);
                bottom = MAX (bottom, row);
              }
          }
        if (bottom < 0)
          continue;

        kh_palette_set_source (cr, chart->style, KH_COLOR_TIER1 + tier - 1, 1.0);
        cairo_rectangle (cr, column_x (layout, chart->n_years, y) - half,
                         layout->plot_y + top * layout->row_height, 2 * half,
                         (bottom - top + 1) * layout->row_height);
        cairo_fill (cr);
      }
}

static void
draw_years (const KhBumpChart   *chart,
            const KhChartLayout *layout,
            cairo_t             *cr,
            double               size)
{
  for (int y = 0; y < chart->n_years; y++)
    {
      g_autofree char *text = g_strdup_printf ("%d", chart->years[y]);
      g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, size, TRUE);
      double w, h, x = column_x (layout, chart->n_years, y);

      kh_chart_text_size (pl, &w, &h);
      kh_palette_set_source (cr, chart->style, KH_COLOR_FOREGROUND, 1.0);
      cairo_move_to (cr, x - w / 2, layout->plot_y - h - 4);
      pango_cairo_show_layout (cr, pl);

      kh_palette_set_source (cr, chart->style, KH_COLOR_GRID, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, layout->plot_y);
      cairo_line_to (cr, x, layout->plot_y + layout->plot_height);
      cairo_stroke (cr);
    }
}

static void
draw_unit (const KhBumpChart *chart,
           const int         *rows,
           KhChartLayout     *layout,
           cairo_t           *cr,
           guint              u,
           double             dot_r)
{
  const KhBumpUnit *unit = g_ptr_array_index (chart->units, u);
  guint n = chart->units->len;
  gboolean highlighted = chart->highlight != NULL && g_strcmp0 (chart->highlight, unit->id) == 0;
  double alpha = chart->highlight == NULL || highlighted ? 1.0 : 0.22;
  KhColorRole role = unit_role (chart, unit);
  double width = MAX (1.0, MIN (3.0, layout->row_height * 0.35)) * (highlighted ? 1.8 : 1.0);
  static const double dash[] = { 4.0, 2.5 };

  kh_palette_set_source (cr, chart->style, role, alpha);
  cairo_set_line_width (cr, width);
  /* Falling units are dashed as well as orange: distinguishable without colour. */
  if (role == KH_COLOR_FALL)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  for (int y = 0; y + 1 < chart->n_years; y++)
    {
      int r0 = rows[y * n + u], r1 = rows[(y + 1) * n + u];
      double x0, x1, y0, y1, mid;

      if (r0 < 0 || r1 < 0)
        continue;
      x0 = column_x (layout, chart->n_years, y);
      x1 = column_x (layout, chart->n_years, y + 1);
      y0 = row_y (layout, r0);
      y1 = row_y (layout, r1);
      mid = (x0 + x1) / 2;
      cairo_move_to (cr, x0, y0);
      cairo_curve_to (cr, mid, y0, mid, y1, x1, y1);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  for (int y = 0; y < chart->n_years; y++)
    {
      int r = rows[y * n + u];
      KhChartDot dot;

      if (r < 0)
        continue;
      dot.unit = u;
      dot.year_index = y;
      dot.x = column_x (layout, chart->n_years, y);
      dot.y = row_y (layout, r);
      g_array_append_val (layout->dots, dot);

      kh_palette_set_source (cr, chart->style, role, alpha);
      cairo_arc (cr, dot.x, dot.y, dot_r * (highlighted ? 1.4 : 1.0), 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

typedef struct
{
  guint unit;
  double want;     /* desired centre y */
  int priority;    /* larger is kept first when thinning */
  double width;
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

/* Places one side's labels: spread at the largest size that fits (down to
 * MIN_LABEL_SIZE), else thin at MIN_LABEL_SIZE by priority without moving. */
static void
place_side (GArray        *items,
            gboolean       right,
            double         size,
            double         top,
            double         bottom,
            double         line_h_per_size,
            KhChartLayout *layout,
            double        *used_size)
{
  guint n = items->len;
  g_autofree double *want = g_new (double, MAX (n, 1));
  g_autofree double *placed = g_new (double, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    want[i] = g_array_index (items, LabelItem, i).want;

  for (double s = size; s >= MIN_LABEL_SIZE - 1e-9; s -= 0.5)
    {
      double h = s * line_h_per_size;

      if (kh_chart_spread_labels (want, placed, order, n, h, top, bottom))
        {
          for (guint i = 0; i < n; i++)
            {
              LabelItem *item = &g_array_index (items, LabelItem, i);
              KhChartLabel label = { 0, placed[i] - h / 2, item->width * s / size, h, item->unit,
                                     right };

              g_array_append_val (layout->labels, label);
            }
          *used_size = MIN (*used_size, s);
          return;
        }
    }

  /* Thinning: keep by priority where the label fits at its own row. */
  {
    double s = MIN_LABEL_SIZE, h = s * line_h_per_size;
    g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (double));

    g_array_sort (items, compare_priority);
    for (guint i = 0; i < n; i++)
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
        {
          KhChartLabel label = { 0, y0, item->width * s / size, h, item->unit, right };

          g_array_append_val (layout->labels, label);
        }
      }
    *used_size = MIN (*used_size, s);
  }
}

static char *
label_text (const KhBumpUnit *unit,
            int               year,
            gboolean          right)
{
  return right ? g_strdup_printf ("%d  %s", unit->ranks[year], unit->label)
               : g_strdup_printf ("%s  %d", unit->label, unit->ranks[year]);
}

/* Collects the end labels of one side: units present in the first (or last) year. */
static GArray *
collect_labels (const KhBumpChart   *chart,
                const int           *rows,
                const KhChartLayout *layout,
                cairo_t             *cr,
                gboolean             right,
                double              *max_width)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LabelItem));
  guint n = chart->units->len;
  int year = right ? chart->n_years - 1 : 0;

  g_array_set_clear_func (items, label_item_clear);
  *max_width = 0;
  for (guint u = 0; u < n; u++)
    {
      const KhBumpUnit *unit = g_ptr_array_index (chart->units, u);
      int row = rows[year * n + u];
      LabelItem item;
      g_autoptr (PangoLayout) pl = NULL;

      if (row < 0)
        continue;
      item.unit = u;
      item.want = row_y (layout, row);
      item.text = label_text (unit, year, right);
      pl = kh_chart_text_layout (cr, item.text, chart->font_size, FALSE);
      kh_chart_text_size (pl, &item.width, NULL);
      item.priority = abs (unit_change (chart, unit)) * 1000 + (1000 - MIN (unit->ranks[year], 999));
      if (g_strcmp0 (chart->highlight, unit->id) == 0)
        item.priority = G_MAXINT;
      *max_width = MAX (*max_width, item.width);
      g_array_append_val (items, item);
    }
  return items;
}

static void
draw_labels (const KhBumpChart *chart,
             KhChartLayout     *layout,
             cairo_t           *cr)
{
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);
      const KhBumpUnit *unit = g_ptr_array_index (chart->units, label->unit);
      int year = label->right ? chart->n_years - 1 : 0;
      g_autofree char *text = label_text (unit, year, label->right);
      g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, text, layout->label_font_size,
                                                         g_strcmp0 (chart->highlight, unit->id) == 0);
      gboolean dimmed = chart->highlight != NULL && g_strcmp0 (chart->highlight, unit->id) != 0;
      double w, h;

      kh_chart_text_size (pl, &w, &h);
      kh_palette_set_source (cr, chart->style, KH_COLOR_FOREGROUND, dimmed ? 0.45 : 1.0);
      cairo_move_to (cr, label->right ? label->x : label->x + label->width - w,
                     label->y + (label->height - h) / 2);
      pango_cairo_show_layout (cr, pl);
    }
}

void
kh_bump_chart_draw (const KhBumpChart *chart,
                    cairo_t           *cr,
                    double             width,
                    double             height,
                    KhChartLayout     *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  g_autofree int *rows = NULL;
  g_autoptr (GArray) left = NULL;
  g_autoptr (GArray) right = NULL;
  KhChartLayout *layout = out;
  double left_w, right_w, title_h = 0, year_h, line_h_per_size, used = chart->font_size;
  double dot_r, max_label_w = width * 0.26;
  guint n;
  int n_rows;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);

  if (layout == NULL)
    layout = own = kh_chart_layout_new ();
  g_array_set_size (layout->labels, 0);
  g_array_set_size (layout->dots, 0);
  n = chart->units->len;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  kh_palette_set_source (cr, chart->style, KH_COLOR_BACKGROUND, 1.0);
  cairo_paint (cr);

  {
    g_autoptr (PangoLayout) probe = kh_chart_text_layout (cr, "国Ag", chart->font_size, TRUE);

    kh_chart_text_size (probe, NULL, &year_h);
    line_h_per_size = year_h / chart->font_size;
  }

  if (chart->title != NULL)
    {
      g_autoptr (PangoLayout) pl = kh_chart_text_layout (cr, chart->title, chart->font_size * 1.3,
                                                         TRUE);

      kh_chart_text_size (pl, NULL, &title_h);
      kh_palette_set_source (cr, chart->style, KH_COLOR_FOREGROUND, 1.0);
      cairo_move_to (cr, LABEL_GAP, LABEL_GAP);
      pango_cairo_show_layout (cr, pl);
      title_h += LABEL_GAP;
    }

  rows = compute_rows (chart, &n_rows);
  layout->n_rows = n_rows;
  layout->plot_y = LABEL_GAP + title_h + year_h + 8;
  layout->plot_height = MAX (1.0, height - layout->plot_y - LABEL_GAP);
  layout->row_height = n_rows > 0 ? layout->plot_height / n_rows : layout->plot_height;
  layout->label_font_size = chart->font_size;

  /* Measure labels at the nominal size to reserve the side areas. */
  layout->plot_x = 0;
  layout->plot_width = width;
  left = collect_labels (chart, rows, layout, cr, FALSE, &left_w);
  right = collect_labels (chart, rows, layout, cr, TRUE, &right_w);
  left_w = MIN (left_w, max_label_w);
  right_w = MIN (right_w, max_label_w);
  layout->plot_x = LABEL_GAP + left_w + LABEL_GAP * 2;
  layout->plot_width = MAX (1.0, width - layout->plot_x - right_w - LABEL_GAP * 3);

  /* Labels were measured against a provisional geometry: recompute wanted y. */
  for (guint i = 0; i < left->len; i++)
    {
      LabelItem *item = &g_array_index (left, LabelItem, i);

      item->want = row_y (layout, rows[item->unit]);
    }
  for (guint i = 0; i < right->len; i++)
    {
      LabelItem *item = &g_array_index (right, LabelItem, i);

      item->want = row_y (layout, rows[(chart->n_years - 1) * n + item->unit]);
    }

  cairo_save (cr);
  cairo_rectangle (cr, layout->plot_x - LABEL_GAP, layout->plot_y,
                   layout->plot_width + 2 * LABEL_GAP, layout->plot_height);
  cairo_clip (cr);
  draw_tier_bands (chart, rows, layout, cr);
  cairo_restore (cr);
  draw_years (chart, layout, cr, chart->font_size);

  place_side (left, FALSE, chart->font_size, layout->plot_y, layout->plot_y + layout->plot_height,
              line_h_per_size, layout, &used);
  place_side (right, TRUE, chart->font_size, layout->plot_y, layout->plot_y + layout->plot_height,
              line_h_per_size, layout, &used);
  layout->label_font_size = used;
  /* Both sides share one size: rescale boxes set at a larger size, keeping centres. */
  for (guint i = 0; i < layout->labels->len; i++)
    {
      KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);
      double h = used * line_h_per_size;
      double centre = label->y + label->height / 2;
      double scale = h / label->height;

      label->width *= scale;
      label->height = h;
      label->y = centre - h / 2;
      label->x = label->right ? layout->plot_x + layout->plot_width + LABEL_GAP * 2
                              : layout->plot_x - LABEL_GAP * 2 - label->width;
    }

  dot_r = MAX (1.5, MIN (4.5, layout->row_height * 0.3));
  /* Highlighted unit last, so it is drawn on top. */
  for (guint u = 0; u < n; u++)
    if (g_strcmp0 (chart->highlight, ((KhBumpUnit *) g_ptr_array_index (chart->units, u))->id) != 0)
      draw_unit (chart, rows, layout, cr, u, dot_r);
  for (guint u = 0; u < n; u++)
    if (g_strcmp0 (chart->highlight, ((KhBumpUnit *) g_ptr_array_index (chart->units, u))->id) == 0)
      draw_unit (chart, rows, layout, cr, u, dot_r);

  draw_labels (chart, layout, cr);
  cairo_restore (cr);
}

static double
distance_to_segment (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double t = dx * dx + dy * dy > 0 ? ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy) : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

int
kh_bump_chart_hit (const KhChartLayout *layout,
                   double               x,
                   double               y,
                   double               radius)
{
  double best = radius;
  int found = -1;

  g_return_val_if_fail (layout != NULL, -1);

  for (guint i = 0; i < layout->dots->len; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);
      double d = hypot (x - dot->x, y - dot->y);

      /* Dots of one unit are stored in year order: also test the chord to the next dot. */
      if (i + 1 < layout->dots->len)
        {
          const KhChartDot *next = &g_array_index (layout->dots, KhChartDot, i + 1);

          if (next->unit == dot->unit && next->year_index == dot->year_index + 1)
            d = MIN (d, distance_to_segment (x, y, dot->x, dot->y, next->x, next->y));
        }
      if (d <= best)
        {
          best = d;
          found = (int) dot->unit;
        }
    }
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);

      if (x >= label->x && x <= label->x + label->width && y >= label->y
          && y <= label->y + label->height)
        return (int) label->unit;
    }
  return found;
}
