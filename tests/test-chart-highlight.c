/* test-chart-highlight.c — highlight first: several units in colour, the others faded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The units of data->highlights (the units selected in Results, kaohe-cli chart
 * --highlight) are drawn as data->highlight always was: in full colour, on top, labelled
 * first; every other unit is faded. Pixels are read from the rendered image: a
 * highlighted unit's mark is its colour exactly (opaque, drawn last), a faded one's is the
 * colour mixed with what lies under it at the fading alpha (0.22: cairo's OVER operator,
 * worked out per channel in the test).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "charts/kh-chart.h"
#include "kh-test-chart-data.h"
#include "kh-test-chart-draw.h"

#define FADED 0.22

static const char *const three_cities[] = { "320500", "320400", "321200", NULL }; /* 苏州 常州 泰州 */

static void
assert_pixel_near (cairo_surface_t *surface,
                   double           x,
                   double           y,
                   const double     want[3])
{
  double rgb[3];

  kh_test_chart_read_pixel (surface, x, y, rgb);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat_with_epsilon (rgb[c], want[c], 0.02);
}

static void
color_rgb (const KhColor *color,
           double         rgb[3])
{
  rgb[0] = color->red;
  rgb[1] = color->green;
  rgb[2] = color->blue;
}

/* @top at @alpha over @under (cairo's OVER on an opaque surface). */
static void
over (const double top[3],
      double       alpha,
      const double under[3],
      double       out[3])
{
  for (int c = 0; c < 3; c++)
    out[c] = alpha * top[c] + (1 - alpha) * under[c];
}

/* The dot of @unit in year index @year, which must be drawn. */
static const KhChartDot *
find_dot (const KhChartLayout *layout,
          guint                unit,
          int                  year)
{
  const KhChartDot *dot = kh_test_chart_find_dot (layout, unit, year);

  g_assert_nonnull (dot);
  return dot;
}

static void
test_mask (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autofree gboolean *mask = NULL;
  gboolean any = TRUE;

  /* Nothing highlighted. */
  mask = kh_chart_data_highlight_mask (data, &any);
  g_assert_false (any);
  for (guint u = 0; u < 13; u++)
    g_assert_false (mask[u]);
  g_clear_pointer (&mask, g_free);

  /* The three of the list and the hovered 南京 (index 0); an id of no unit is ignored. */
  kh_chart_data_set_highlights (data, (const char *const[]) { "320500", "320400", "321200", "999999", NULL });
  data->highlight = g_strdup ("320100");
  mask = kh_chart_data_highlight_mask (data, &any);
  g_assert_true (any);
  for (guint u = 0; u < 13; u++)
    {
      /* 南京 0, 苏州 1, 常州 4, 泰州 7 (kh_test_cities' order) */
      gboolean want = u == 0 || u == 1 || u == 4 || u == 7;

      g_assert_cmpint (mask[u], ==, want);
      g_assert_cmpint (kh_chart_data_is_highlighted (data, u), ==, want);
    }
  /* An empty list is none. */
  kh_chart_data_set_highlights (data, (const char *const[]) { NULL });
  g_assert_null (data->highlights);
}

/* Bump and slope: the highlighted cities' dots in the last column are their direction's
 * colour; the others' are that colour faded. 2019 → 2020: 苏州 2 → 2 (same rank), 常州
 * 9 → 4 (advance), 泰州 13 → 8 (advance), 南通 3 → 6 (fall), 镇江 7 → 9 (fall). The slope
 * chart compares 2018 with 2020: 苏州 2 → 2, 常州 9 → 4, 泰州 13 → 8, 南通 5 → 6. */
static void
test_rank_lines (gconstpointer user_data)
{
  KhChartType type = GPOINTER_TO_INT (user_data);
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  g_autoptr (KhChartLayout) plain_layout = kh_chart_layout_new ();
  static const struct
  {
    guint unit;
    gboolean highlighted;
    KhColorRole role;
  } marks[] = {
    { 1, TRUE, KH_COLOR_STEADY },
    { 4, TRUE, KH_COLOR_ADVANCE },
    { 7, TRUE, KH_COLOR_ADVANCE },
    { 3, FALSE, KH_COLOR_FALL },
    { 8, FALSE, KH_COLOR_FALL },
  };
  cairo_surface_t *surface, *plain;
  g_autofree char *png = g_strdup_printf ("highlight-%s.png", kh_chart_type_to_string (type));

  g_free (data->title);
  data->title = g_strdup ("江苏省设区市 — 演示数据");
  plain = kh_test_chart_render (type, data, 800, 600, plain_layout, NULL);
  kh_chart_data_set_highlights (data, three_cities);
  surface = kh_test_chart_render (type, data, 800, 600, layout, png);

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      const KhChartDot *dot = find_dot (layout, marks[i].unit, 2);
      double color[3];

      color_rgb (kh_palette_get (KH_PALETTE_LIGHT, marks[i].role), color);
      /* Unhighlighted, every dot is its colour. */
      assert_pixel_near (plain, dot->x, dot->y, color);
      if (marks[i].highlighted)
        assert_pixel_near (surface, dot->x, dot->y, color);
      else
        {
          double rgb[3];

          /* Faded: not its colour, and lighter (on the light background). */
          kh_test_chart_read_pixel (surface, dot->x, dot->y, rgb);
          g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, color[0] + color[1] + color[2] + 0.3);
        }
      /* Both ends labelled, the highlighted ones bold among the faded. */
      g_assert_cmpuint (kh_test_chart_count_labels_of (layout, marks[i].unit), ==, 2);
    }
  cairo_surface_destroy (plain);
  cairo_surface_destroy (surface);
}

/* Bars: 2020's stacked parts. A highlighted city's first part is series colour 0 exactly;
 * a faded one's is series 0 at 0.22 over its tier's band (2020: 南通 tier 2, 连云港 3). */
static void
test_bars (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  static const struct
  {
    guint unit;
    gboolean highlighted;
    int tier;
  } bars[] = {
    { 1, TRUE, 1 },
    { 4, TRUE, 1 },
    { 7, TRUE, 2 },
    { 3, FALSE, 2 },
    { 12, FALSE, 3 },
  };
  cairo_surface_t *surface;

  g_free (data->title);
  data->title = g_strdup ("江苏省设区市 2020 — 演示数据");
  kh_chart_data_set_highlights (data, three_cities);
  surface = kh_test_chart_render (KH_CHART_BARS, data, 800, 600, layout, "highlight-bars.png");
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      const KhChartBox *box = NULL;
      double series[3], band[3], want[3];

      for (guint b = 0; b < layout->boxes->len && box == NULL; b++)
        {
          const KhChartBox *one = &g_array_index (layout->boxes, KhChartBox, b);

          if (one->unit == bars[i].unit && one->part == 0)
            box = one;
        }
      g_assert_nonnull (box);
      g_assert_cmpint (data->units->len, >, bars[i].unit);
      g_assert_cmpint (((KhChartUnit *) g_ptr_array_index (data->units, bars[i].unit))->tiers[2], ==,
                       bars[i].tier);
      color_rgb (kh_palette_series (KH_PALETTE_LIGHT, 0), series);
      color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_TIER1 + bars[i].tier - 1), band);
      if (bars[i].highlighted)
        memcpy (want, series, sizeof want);
      else
        over (series, FADED, band, want);
      /* 3 px into the bar (past the axis's line at 0), halfway down it. */
      assert_pixel_near (surface, box->x + 3.5, box->y + box->height / 2, want);
    }
  cairo_surface_destroy (surface);
}

/* Dumbbell 2019 → 2020: the later (filled) dot of a highlighted city is its direction's
 * colour; a faded one is lighter than that colour. */
static void
test_dumbbell (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  static const struct
  {
    guint unit;
    gboolean highlighted;
    KhColorRole role;
  } marks[] = {
    { 4, TRUE, KH_COLOR_ADVANCE },
    { 7, TRUE, KH_COLOR_ADVANCE },
    { 3, FALSE, KH_COLOR_FALL },
  };
  cairo_surface_t *surface;

  data->year_from = 1;
  data->year_to = 2;
  kh_chart_data_set_highlights (data, three_cities);
  surface = kh_test_chart_render (KH_CHART_DUMBBELL, data, 800, 600, layout,
                                  "highlight-dumbbell.png");
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      const KhChartDot *dot = find_dot (layout, marks[i].unit, 2);
      double color[3], rgb[3];

      color_rgb (kh_palette_get (KH_PALETTE_LIGHT, marks[i].role), color);
      if (marks[i].highlighted)
        assert_pixel_near (surface, dot->x, dot->y, color);
      else
        {
          kh_test_chart_read_pixel (surface, dot->x, dot->y, rgb);
          g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, color[0] + color[1] + color[2] + 0.3);
        }
    }
  /* Every highlighted city keeps its name. */
  g_assert_cmpuint (kh_test_chart_count_labels_of (layout, 1), ==, 1);
  g_assert_cmpuint (kh_test_chart_count_labels_of (layout, 4), ==, 1);
  g_assert_cmpuint (kh_test_chart_count_labels_of (layout, 7), ==, 1);
  cairo_surface_destroy (surface);
}

/* 95 units where names are thinned: the highlighted ones keep theirs, at both ends of the
 * bump chart and on the bars, where without the highlight some of them lose it. */
static void
test_thinned (void)
{
  static const char *const ids[] = { "unit0017", "unit0050", "unit0083", NULL };
  static const KhChartType types[] = { KH_CHART_BUMP, KH_CHART_BARS };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr (KhChartData) data = kh_test_group_new (95, 3, 18);
      g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
      guint per_unit = types[t] == KH_CHART_BUMP ? 2 : 1, missing = 0;
      cairo_surface_t *surface;

      surface = kh_test_chart_render (types[t], data, 400, 300, layout, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        missing += kh_test_chart_count_labels_of (layout, (guint) kh_chart_data_find_unit (data,
                                                  ids[i])) < per_unit;
      /* Thinned, without the highlight at least one of them unlabelled somewhere. */
      g_assert_cmpuint (layout->labels->len, <, 95 * per_unit);
      g_assert_cmpuint (missing, >, 0);
      cairo_surface_destroy (surface);

      kh_chart_data_set_highlights (data, ids);
      surface = kh_test_chart_render (types[t], data, 400, 300, layout, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        g_assert_cmpuint (kh_test_chart_count_labels_of (layout,
                                                         (guint) kh_chart_data_find_unit (data, ids[i])), ==,
                          per_unit);
      cairo_surface_destroy (surface);
    }
}

/* Above 200 units the bump chart draws a density: the highlighted units alone are labelled
 * (both ends), coloured and said so under the title. */
static void
test_density (void)
{
  static const char *const ids[] = { "unit0007", "unit0123", NULL };
  g_autoptr (KhChartData) data = kh_test_group_new (300, 3, 7);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;

  kh_chart_data_set_highlights (data, ids);
  surface = kh_test_chart_render (KH_CHART_BUMP, data, 800, 600, layout, "highlight-density.png");
  g_assert_cmpuint (layout->labels->len, ==, 4);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint u = (guint) kh_chart_data_find_unit (data, ids[i]);
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      const KhChartDot *dot = find_dot (layout, u, 2);
      int change = unit->ranks[1] - unit->ranks[2];
      double color[3];

      g_assert_cmpuint (kh_test_chart_count_labels_of (layout, u), ==, 2);
      color_rgb (kh_palette_get (KH_PALETTE_LIGHT, change > 0   ? KH_COLOR_ADVANCE
                                                   : change < 0 ? KH_COLOR_FALL
                                                                : KH_COLOR_STEADY),
                 color);
      assert_pixel_near (surface, dot->x, dot->y, color);
    }
  cairo_surface_destroy (surface);
}

/* Small multiples: each cell draws its own chart's highlight. */
static void
test_multiples (void)
{
  g_autoptr (KhChartData) a = kh_test_cities_new ();
  g_autoptr (KhChartData) b = kh_test_cities_new ();
  KhChartData *charts[] = { a, b };
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1200, 500);
  cairo_surface_t *alone;
  cairo_t *cr = cairo_create (surface);
  guint columns, rows;
  double cw, ch, color[3];

  kh_chart_data_set_highlights (a, three_cities);
  kh_chart_data_set_highlights (b, three_cities);
  kh_chart_draw_multiples (KH_CHART_SLOPE, charts, 2, cr, 1200, 500);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  kh_test_chart_save_png (surface, "highlight-multiples.png");
  kh_chart_multiples_grid (2, 1200, 500, &columns, &rows);
  g_assert_cmpuint (columns, ==, 2); /* two cells of 600 × 500, 6:5 — nearer 4:3 than 12:5 */
  cw = 1200.0 / columns;
  ch = 500.0 / rows;
  /* The second cell drawn alone at its size places 常州's dot where the grid has it. */
  alone = kh_test_chart_render (KH_CHART_SLOPE, b, (int) cw, (int) ch, layout, NULL);
  {
    const KhChartDot *dot = find_dot (layout, 4, 2);
    const KhChartDot *faded = find_dot (layout, 3, 2);
    double rgb[3];

    color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE), color);
    assert_pixel_near (surface, cw + dot->x, dot->y, color);
    color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_FALL), color);
    kh_test_chart_read_pixel (surface, cw + faded->x, faded->y, rgb);
    g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, color[0] + color[1] + color[2] + 0.3);
  }
  cairo_surface_destroy (alone);
  cairo_surface_destroy (surface);
}

static gboolean
labels_overlap (const KhChartLabel *a,
                const KhChartLabel *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height
         && b->y < a->y + a->height;
}

/* Distribution 2020: the highlighted cities' dots are the highlight colour exactly (drawn
 * last, opaque), the others' the foreground at 0.35 over a tier band — lighter than the
 * foreground and never the highlight colour; each highlighted city is named once, and no
 * two names overlap, also with all 13 cities highlighted (their names then stack up over
 * the bins' dots). */
static void
test_distribution (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;
  double advance[3], foreground[3];
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE), advance);
  color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND), foreground);
  kh_chart_data_set_highlights (data, three_cities);
  surface = kh_test_chart_render (KH_CHART_DISTRIBUTION, data, 800, 600, layout,
                                  "highlight-distribution.png");
  g_assert_cmpuint (layout->dots->len, ==, 13);
  for (guint u = 0; u < 13; u++)
    {
      const KhChartDot *dot = find_dot (layout, u, 2);
      gboolean highlighted = u == 1 || u == 4 || u == 7; /* 苏州, 常州, 泰州 */
      double rgb[3];

      kh_test_chart_read_pixel (surface, dot->x, dot->y, rgb);
      if (highlighted)
        assert_pixel_near (surface, dot->x, dot->y, advance);
      else
        {
          g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, foreground[0] + foreground[1] + foreground[2] + 0.3);
          g_assert_cmpfloat (fabs (rgb[0] - advance[0]) + fabs (rgb[1] - advance[1]) + fabs (rgb[2] - advance[2]), >,
                             0.1);
        }
      g_assert_cmpuint (kh_test_chart_count_labels_of (layout, u), ==, highlighted ? 1 : 0);
    }
  cairo_surface_destroy (surface);

  for (guint u = 0; u < data->units->len; u++)
    g_ptr_array_add (all, ((KhChartUnit *) g_ptr_array_index (data->units, u))->id);
  g_ptr_array_add (all, NULL);
  kh_chart_data_set_highlights (data, (const char *const *) all->pdata);
  surface = kh_test_chart_render (KH_CHART_DISTRIBUTION, data, 800, 600, layout,
                                  "highlight-distribution-all.png");
  g_assert_cmpuint (layout->labels->len, ==, 13);
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *a = &g_array_index (layout->labels, KhChartLabel, i);

      g_assert_cmpuint (kh_test_chart_count_labels_of (layout, a->unit), ==, 1);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, 800);
      for (guint k = i + 1; k < layout->labels->len; k++)
        g_assert_false (labels_overlap (a, &g_array_index (layout->labels, KhChartLabel, k)));
    }
  cairo_surface_destroy (surface);
}

/* Distance from (@x, @y) to the segment (@ax, @ay)–(@bx, @by). */
static double
segment_distance (double x,
                  double y,
                  double ax,
                  double ay,
                  double bx,
                  double by)
{
  double dx = bx - ax, dy = by - ay, t;

  t = dx * dx + dy * dy > 0 ? ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy) : 0;
  t = CLAMP (t, 0, 1);
  return hypot (x - (ax + t * dx), y - (ay + t * dy));
}

/* Radar 2020 of 苏州, 常州 and 泰州: each a polygon of its own colour — 苏州 the advance
 * blue (series 0), 常州 series 2 (vermilion), 泰州 series 4 (bluish green) — with a dot per
 * spoke at radius · value / the group's best of that part, as one unit alone; a vertex is
 * its colour exactly where no polygon drawn over it (an earlier one's outline, 2.5 px
 * wide, or dot, 3.5 px) passes within 5 px. The hovered unit comes first. */
static void
test_radar (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  static const guint order[] = { 1, 4, 7 };
  static const guint series[] = { 0, 2, 4 };
  cairo_surface_t *surface;
  double cx, cy, radius, best[6] = { 0 };
  guint checked = 0;

  kh_chart_data_set_highlights (data, three_cities);
  surface = kh_test_chart_render (KH_CHART_RADAR, data, 640, 520, layout, "highlight-radar.png");
  g_assert_cmpuint (layout->dots->len, ==, 3 * 6);
  g_assert_cmpuint (layout->labels->len, ==, 6);
  radius = layout->plot_width / 2;
  cx = layout->plot_x + radius;
  cy = layout->plot_y + radius;
  for (guint u = 0; u < data->units->len; u++)
    for (int p = 0; p < 6; p++)
      best[p] = MAX (best[p], ((KhChartUnit *) g_ptr_array_index (data->units, u))->parts[2 * 6 + p]);
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    for (int p = 0; p < 6; p++)
      {
        const KhChartUnit *unit = g_ptr_array_index (data->units, order[k]);
        const KhChartDot *dot = find_dot (layout, order[k], p);
        double angle = -G_PI / 2 + G_PI / 3 * p, r = radius * unit->parts[2 * 6 + p] / best[p];
        double color[3];
        gboolean covered = FALSE;

        g_assert_cmpfloat_with_epsilon (dot->x, cx + r * cos (angle), 1e-6);
        g_assert_cmpfloat_with_epsilon (dot->y, cy + r * sin (angle), 1e-6);
        for (guint j = 0; j < k; j++)
          for (int q = 0; q < 6; q++)
            {
              const KhChartDot *a = find_dot (layout, order[j], q);
              const KhChartDot *b = find_dot (layout, order[j], (q + 1) % 6);

              covered |= segment_distance (dot->x, dot->y, a->x, a->y, b->x, b->y) < 5;
            }
        if (covered)
          continue;
        color_rgb (k == 0 ? kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE)
                          : kh_palette_series (KH_PALETTE_LIGHT, series[k]),
                   color);
        assert_pixel_near (surface, dot->x, dot->y, color);
        checked++;
      }
  /* Every vertex of 苏州 (on top), and some of the others. */
  g_assert_cmpuint (checked, >, 6 + 2);
  cairo_surface_destroy (surface);

  /* Hovered 泰州 first: its vertices are the advance blue, 苏州's now series 2. */
  data->highlight = g_strdup ("321200");
  surface = kh_test_chart_render (KH_CHART_RADAR, data, 640, 520, layout, NULL);
  g_assert_cmpuint (layout->dots->len, ==, 3 * 6);
  {
    const KhChartDot *dot = find_dot (layout, 7, 0);
    double color[3];

    color_rgb (kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE), color);
    assert_pixel_near (surface, dot->x, dot->y, color);
  }
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-highlight/mask", test_mask);
  g_test_add_data_func ("/chart-highlight/bump", GINT_TO_POINTER (KH_CHART_BUMP), test_rank_lines);
  g_test_add_data_func ("/chart-highlight/slope", GINT_TO_POINTER (KH_CHART_SLOPE), test_rank_lines);
  g_test_add_func ("/chart-highlight/bars", test_bars);
  g_test_add_func ("/chart-highlight/dumbbell", test_dumbbell);
  g_test_add_func ("/chart-highlight/thinned", test_thinned);
  g_test_add_func ("/chart-highlight/density", test_density);
  g_test_add_func ("/chart-highlight/multiples", test_multiples);
  g_test_add_func ("/chart-highlight/distribution", test_distribution);
  g_test_add_func ("/chart-highlight/radar", test_radar);

  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
