/* test-charts.c — slope, bars, radar and distribution charts: geometry, labels, pixels,
 * golden images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Golden images live in tests/data/charts/<type>.png. After an intended change of the
 * drawing, regenerate them with
 *   KH_UPDATE_GOLDEN=1 meson test -C BUILD charts
 * look at every new PNG, and commit them. A rendering matches its golden image when the
 * mean absolute difference of the channels is below 2 % and fewer than 1 % of the pixels
 * differ by more than 64/255 in some channel (font rasterisation may shift by a pixel).
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>

#include "charts/kh-bars-chart.h"
#include "charts/kh-chart.h"
#include "charts/kh-distribution-chart.h"
#include "charts/kh-radar-chart.h"
#include "charts/kh-slope-chart.h"
#include "kh-test-chart-data.h"
#include "kh-test-chart-draw.h"

static void
assert_pixel_is (cairo_surface_t *surface,
                 double           x,
                 double           y,
                 const KhColor   *color)
{
  double rgb[3];

  kh_test_chart_read_pixel (surface, x, y, rgb);
  g_assert_cmpfloat_with_epsilon (rgb[0], color->red, 0.02);
  g_assert_cmpfloat_with_epsilon (rgb[1], color->green, 0.02);
  g_assert_cmpfloat_with_epsilon (rgb[2], color->blue, 0.02);
}

/* Compares @surface with tests/data/charts/@name, or rewrites it when KH_UPDATE_GOLDEN=1. */
static void
assert_matches_golden (cairo_surface_t *surface,
                       const char      *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "charts",
                                            name, NULL);
  cairo_surface_t *golden;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  double sum = 0;
  guint64 far = 0;

  if (g_strcmp0 (g_getenv ("KH_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("golden image %s rewritten", path);
      return;
    }
  golden = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (golden), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (golden), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (golden), ==, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double a[3], b[3], worst = 0;

        kh_test_chart_read_pixel (surface, x, y, a);
        kh_test_chart_read_pixel (golden, x, y, b);
        for (int c = 0; c < 3; c++)
          {
            sum += fabs (a[c] - b[c]);
            worst = MAX (worst, fabs (a[c] - b[c]));
          }
        far += worst > 64 / 255.0;
      }
  g_test_message ("%s: mean difference %.4f, %.4f of pixels far off", name,
                  sum / (3.0 * width * height), (double) far / (width * height));
  g_assert_cmpfloat (sum / (3.0 * width * height), <, 0.02);
  g_assert_cmpfloat ((double) far / (width * height), <, 0.01);
  cairo_surface_destroy (golden);
}

static void
test_slope_cities (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;

  data->year_from = 0;
  data->year_to = 2;
  surface = kh_test_chart_render (KH_CHART_SLOPE, data, 800, 560, layout, "slope-cities.png");

  g_assert_false (layout->curved);
  g_assert_cmpint (layout->n_rows, ==, 13);
  g_assert_cmpuint (layout->dots->len, ==, 26);
  g_assert_cmpuint (layout->labels->len, ==, 26);
  kh_test_chart_assert_labels_apart (layout, 800, 560);
  /* Rank r sits at plot_y + (r − ½)·row_height; 2018 on the left edge of the plot, 2020
   * on its right edge. */
  for (guint u = 0; u < 13; u++)
    {
      const KhChartDot *a = kh_test_chart_find_dot (layout, u, 0),
                       *b = kh_test_chart_find_dot (layout, u, 2);

      g_assert_cmpfloat_with_epsilon (a->y, layout->plot_y + (kh_test_cities[u].r[0] - 0.5)
                                                              * layout->row_height, 1e-9);
      g_assert_cmpfloat_with_epsilon (b->y, layout->plot_y + (kh_test_cities[u].r[2] - 0.5)
                                                              * layout->row_height, 1e-9);
      g_assert_cmpfloat_with_epsilon (a->x, layout->plot_x, 1e-9);
      g_assert_cmpfloat_with_epsilon (b->x, layout->plot_x + layout->plot_width, 1e-9);
      g_assert_true (a->joined);
    }
  /* 常州 (4) rose 9 → 4: its line's midpoint is advance blue; 南通 (3) fell 5 → 6: its
   * 2020 dot is fall orange. */
  {
    const KhChartDot *a = kh_test_chart_find_dot (layout, 4, 0),
                     *b = kh_test_chart_find_dot (layout, 4, 2);

    assert_pixel_is (surface, (a->x + b->x) / 2, (a->y + b->y) / 2,
                     kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
    g_assert_cmpint (kh_chart_layout_hit (layout, (a->x + b->x) / 2, (a->y + b->y) / 2 + 1, 4), ==, 4);
    b = kh_test_chart_find_dot (layout, 3, 2);
    assert_pixel_is (surface, b->x, b->y, kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_FALL));
  }
  cairo_surface_destroy (surface);
}

static void
test_bars_cities (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = kh_test_chart_render (KH_CHART_BARS, data, 800, 560, layout,
                                                   "bars-cities.png");
  double scale = 0;

  g_assert_cmpint (layout->n_rows, ==, 13);
  g_assert_cmpuint (layout->dots->len, ==, 13);
  /* Six dimension boxes per city. */
  g_assert_cmpuint (layout->boxes->len, ==, 13 * 6);
  g_assert_cmpuint (layout->labels->len, ==, 13);
  kh_test_chart_assert_labels_apart (layout, 800, 560);

  for (guint u = 0; u < 13; u++)
    {
      const KhChartDot *dot = kh_test_chart_find_dot (layout, u, 2);
      const KhChartUnit *unit = g_ptr_array_index (data->units, u);
      double width = 0;

      /* Sorted by total: the city ranked r in 2020 has row r − 1. */
      g_assert_cmpfloat_with_epsilon (dot->y, layout->plot_y + (kh_test_cities[u].r[2] - 0.5)
                                                                * layout->row_height, 1e-9);
      for (guint i = 0; i < layout->boxes->len; i++)
        {
          const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, i);

          if (box->unit == u)
            width += box->width;
        }
      /* The parts add up to the score, so the stacked boxes end where the total does. */
      g_assert_cmpfloat_with_epsilon (layout->plot_x + width, dot->x, 1e-6);
      if (scale == 0)
        scale = width / unit->scores[2];
      g_assert_cmpfloat_with_epsilon (width / unit->scores[2], scale, 1e-9);
    }

  /* 2020: ranks 1–5 are tier 1, 6–9 tier 2, 10–13 tier 3. With score(rank) = 92 −
   * 2.5(rank − 1) + 0.1·((7u + 6) mod 10): rank 5 is 扬州 (u = 6): 82 + 0.8 = 82.8;
   * rank 6 is 南通 (u = 3): 79.5 + 0.7 = 80.2. Rank 9 is 镇江 (u = 8): 72 + 0.2 = 72.2;
   * rank 10 is 徐州 (u = 9): 69.5 + 0.9 = 70.4. A cut-off line stands at the lowest score
   * of the better tier, the value its label quotes ("Tier 1 ≥ 82.8"): 82.8 and 72.2
   * (not midway, 81.5 and 71.3, where it stood while the label said 82.8). */
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[0], 82.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[1], 72.2, 1e-9);

  /* 南京's first part (经济发展) is painted in the first series colour. */
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, i);

      if (box->unit == 0 && box->part == 0)
        {
          assert_pixel_is (surface, box->x + box->width / 2, box->y + box->height / 2,
                           kh_palette_series (KH_PALETTE_LIGHT, 0));
          g_assert_cmpint (kh_chart_layout_hit (layout, box->x + 2, box->y + 2, 0), ==, 0);
        }
    }
  cairo_surface_destroy (surface);
}

static void
test_bars_many (void)
{
  g_autoptr (KhChartData) data = kh_test_group_new (99, 3, 99);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;

  data->title = g_strdup ("省级机关 (99) 三张考卷得分 — 演示数据");
  data->highlight = g_strdup ("unit0042");
  /* A4 portrait in points. */
  surface = kh_test_chart_render (KH_CHART_BARS, data, 595, 842, layout, "bars-agencies.png");
  g_assert_cmpint (layout->n_rows, ==, 99);
  g_assert_cmpuint (layout->boxes->len, ==, 99 * 3);
  g_assert_cmpfloat (layout->label_font_size, >=, 6.0);
  /* Names are thinned, not overlapped, and the highlighted one is kept. */
  g_assert_cmpuint (layout->labels->len, <, 99);
  g_assert_cmpuint (layout->labels->len, >=, 30);
  g_assert_cmpuint (kh_test_chart_count_labels_of (layout, 42), ==, 1);
  kh_test_chart_assert_labels_apart (layout, 595, 842);
  cairo_surface_destroy (surface);
}

/* 95 counties whose tiers are close and near the top (first tier ≥ 99.0, second ≥ 98.4,
 * as when many units crowd the high scores): both cut-off captions stay whole inside the
 * chart and apart from each other. Scores: unit i of 95 scores 99.9 − 0.1·i for the ten
 * first (99.9 … 99.0, tier 1), then 98.9 − 0.1·(i − 10) down to 98.4 for tier 2 (i 10 … 15),
 * the rest 60 − 0.5·(i − 16) (tier 3). */
static void
test_bars_close_cutoffs (void)
{
  g_autoptr (KhChartData) data = kh_chart_data_new (1, (int[]) { 2020 });
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  const int width = 480, height = 640;

  data->year_from = data->year_to = 0;
  data->title = g_strdup ("县（市、区）");
  for (int i = 0; i < 95; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02d", i);
      g_autofree char *label = g_strdup_printf ("县%02d", i);
      KhChartUnit *unit = kh_chart_data_add_unit (data, id, label);

      unit->ranks[0] = i + 1;
      unit->tiers[0] = i < 10 ? 1 : i < 16 ? 2 : 3;
      unit->scores[0] = i < 10 ? 99.9 - 0.1 * i : i < 16 ? 98.9 - 0.1 * (i - 10) : 60 - 0.5 * (i - 16);
    }
  cairo_surface_destroy (kh_test_chart_render (KH_CHART_BARS, data, width, height, layout,
                                               "bars-close-cutoffs.png"));
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[0], 99.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[1], 98.4, 1e-9);
  for (int t = 0; t < 2; t++)
    {
      const KhChartBox *box = &layout->cutoff_captions[t];

      g_assert_false (isnan (box->x));
      g_assert_cmpfloat (box->x, >=, 0);
      g_assert_cmpfloat (box->x + box->width, <=, width);
      g_assert_cmpfloat (box->y, >=, 0);
    }
  /* Apart: tier 2's caption ends left of tier 1's. */
  g_assert_cmpfloat (layout->cutoff_captions[1].x + layout->cutoff_captions[1].width, <=,
                     layout->cutoff_captions[0].x);
}

static void
test_radar_unit (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;
  double cx, cy, radius;

  data->highlight = g_strdup ("320400"); /* 常州市, index 4 */
  /* A narrow column, as a unit report's radar gets: every spoke label (name and the
   * line of values below it) stays inside the chart, so "5.6" is never cut to ".6". */
  cairo_surface_destroy (kh_test_chart_render (KH_CHART_RADAR, data, 230, 300, layout,
                                               "radar-narrow.png"));
  g_assert_cmpuint (layout->labels->len, ==, 6);
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);

      g_assert_cmpfloat (label->x, >=, 0);
      g_assert_cmpfloat (label->x + label->width, <=, 230 + 1e-6);
      g_assert_cmpfloat (label->y, >=, 0);
      g_assert_cmpfloat (label->y + label->height, <=, 300 + 1e-6);
    }

  surface = kh_test_chart_render (KH_CHART_RADAR, data, 640, 520, layout, "radar-changzhou.png");
  g_assert_cmpuint (layout->dots->len, ==, 6);
  g_assert_cmpuint (layout->labels->len, ==, 6);
  kh_test_chart_assert_labels_apart (layout, 640, 520);

  radius = layout->plot_width / 2;
  cx = layout->plot_x + radius;
  cy = layout->plot_y + radius;
  /* Without full marks each spoke is scaled to the group's best value of that part, so
   * a vertex lies at radius · value / best, spoke p at angle −90° + 60°·p. */
  for (int p = 0; p < 6; p++)
    {
      const KhChartDot *dot = kh_test_chart_find_dot (layout, 4, p);
      const KhChartUnit *unit = g_ptr_array_index (data->units, 4);
      double best = 0, angle = -G_PI / 2 + G_PI / 3 * p, r;

      for (guint u = 0; u < data->units->len; u++)
        best = MAX (best, ((KhChartUnit *) g_ptr_array_index (data->units, u))->parts[2 * 6 + p]);
      r = radius * unit->parts[2 * 6 + p] / best;
      g_assert_nonnull (dot);
      g_assert_cmpfloat_with_epsilon (dot->x, cx + r * cos (angle), 1e-6);
      g_assert_cmpfloat_with_epsilon (dot->y, cy + r * sin (angle), 1e-6);
      assert_pixel_is (surface, dot->x, dot->y, kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
    }

  /* With full marks of 20 per dimension the first vertex lies at radius · v / 20. */
  for (int p = 0; p < 6; p++)
    data->part_max[p] = 20;
  cairo_surface_destroy (surface);
  surface = kh_test_chart_render (KH_CHART_RADAR, data, 640, 520, layout,
                                  "radar-changzhou-fullmarks.png");
  {
    const KhChartUnit *unit = g_ptr_array_index (data->units, 4);
    const KhChartDot *dot = kh_test_chart_find_dot (layout, 4, 0);

    radius = layout->plot_width / 2;
    g_assert_cmpfloat_with_epsilon (dot->x, layout->plot_x + radius, 1e-6);
    g_assert_cmpfloat_with_epsilon (layout->plot_y + radius - dot->y,
                                    radius * unit->parts[2 * 6] / 20, 1e-6);
  }
  cairo_surface_destroy (surface);
}

static void
test_radar_too_few_parts (void)
{
  static const int years[] = { 2020 };
  static const char *const two[] = { "甲", "乙" };
  g_autoptr (KhChartData) data = kh_chart_data_new (1, years);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;

  kh_chart_data_set_parts (data, 2, two);
  kh_chart_data_add_unit (data, "a", "甲单位");
  surface = kh_test_chart_render (KH_CHART_RADAR, data, 300, 200, layout, "radar-two-parts.png");
  /* Only the message is drawn: no vertices to pick. */
  g_assert_cmpuint (layout->dots->len, ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_distribution_many (void)
{
  g_autoptr (KhChartData) data = kh_test_group_new (99, 3, 7);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  data->title = g_strdup ("省级机关得分分布 2020（演示数据）");
  data->highlight = g_strdup ("unit0010");
  surface = kh_test_chart_render (KH_CHART_DISTRIBUTION, data, 842, 400, layout,
                                  "distribution-agencies.png");
  g_assert_cmpuint (layout->dots->len, ==, 99);
  g_assert_cmpuint (kh_test_chart_count_labels_of (layout, 10), ==, 1);
  kh_test_chart_assert_labels_apart (layout, 842, 400);

  /* Scores are 95 − 30(rank − 1)/99; tier 1 is ranks 1–19 (5r ≤ 99), tier 2 ranks 20–69
   * (10r ≤ 693). Cut-off 1|2 at the lowest score of tier 1, score(19) = 95 − 30·18/99;
   * cut-off 2|3 at score(69) = 95 − 30·68/99. */
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[0], 95 - 30 * 18.0 / 99, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout->cutoffs[1], 95 - 30 * 68.0 / 99, 1e-9);

  /* A better score never sits further left, and dots stay inside the plot. */
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const KhChartDot *a = &g_array_index (layout->dots, KhChartDot, i);

      lo = MIN (lo, a->x);
      hi = MAX (hi, a->x);
      g_assert_cmpfloat (a->y, >=, layout->plot_y);
      g_assert_cmpfloat (a->y, <=, layout->plot_y + layout->plot_height);
      for (guint k = 0; k < layout->dots->len; k++)
        {
          const KhChartDot *b = &g_array_index (layout->dots, KhChartDot, k);
          const KhChartUnit *ua = g_ptr_array_index (data->units, a->unit);
          const KhChartUnit *ub = g_ptr_array_index (data->units, b->unit);

          if (ua->scores[2] > ub->scores[2])
            g_assert_cmpfloat (a->x, >=, b->x);
          /* Distinct dots never coincide. */
          if (k != i)
            g_assert_false (a->x == b->x && a->y == b->y);
        }
    }
  g_assert_cmpfloat (lo, >=, layout->plot_x);
  g_assert_cmpfloat (hi, <=, layout->plot_x + layout->plot_width);
  cairo_surface_destroy (surface);
}

static void
test_golden (void)
{
  for (KhChartType type = 0; type < KH_N_CHART_TYPES; type++)
    {
      g_autoptr (KhChartData) data = kh_test_cities_new ();
      g_autofree char *name = g_strdup_printf ("%s.png", kh_chart_type_to_string (type));
      cairo_surface_t *surface;

      data->highlight = type == KH_CHART_BUMP || type == KH_CHART_BARS ? NULL : g_strdup ("320400");
      surface = kh_test_chart_render (type, data, 480, 320, NULL, name);
      assert_matches_golden (surface, name);
      cairo_surface_destroy (surface);
    }
}

static void
test_dark_and_vector (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-charts-XXXXXX", NULL);

  for (KhChartType type = 0; type < KH_N_CHART_TYPES; type++)
    {
      g_autoptr (KhChartData) data = kh_test_cities_new ();
      g_autofree char *png = g_strdup_printf ("%s-dark.png", kh_chart_type_to_string (type));
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, kh_chart_type_to_string (type));
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", dir, kh_chart_type_to_string (type));
      cairo_surface_t *surface;
      cairo_surface_t *vectors[2];

      data->style = KH_PALETTE_DARK;
      data->highlight = g_strdup ("320400");
      surface = kh_test_chart_render (type, data, 640, 420, NULL, png);
      /* The corner shows the dark background. */
      assert_pixel_is (surface, 1, 418, kh_palette_get (KH_PALETTE_DARK, KH_COLOR_BACKGROUND));
      cairo_surface_destroy (surface);

      vectors[0] = cairo_pdf_surface_create (pdf, 842, 595);
      vectors[1] = cairo_svg_surface_create (svg, 842, 595);
      for (int i = 0; i < 2; i++)
        {
          cairo_t *cr = cairo_create (vectors[i]);

          kh_chart_draw (type, data, cr, 842, 595, NULL);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          cairo_destroy (cr);
          cairo_surface_finish (vectors[i]);
          g_assert_cmpint (cairo_surface_status (vectors[i]), ==, CAIRO_STATUS_SUCCESS);
          cairo_surface_destroy (vectors[i]);
        }
      g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
      g_unlink (pdf);
      g_unlink (svg);
    }
  g_rmdir (dir);
}

static void
test_types (void)
{
  KhChartType type;

  for (KhChartType t = 0; t < KH_N_CHART_TYPES; t++)
    {
      g_assert_true (kh_chart_type_from_string (kh_chart_type_to_string (t), &type));
      g_assert_cmpint (type, ==, t);
    }
  g_assert_true (kh_chart_type_from_string ("distribution", &type));
  g_assert_cmpint (type, ==, KH_CHART_DISTRIBUTION);
  g_assert_false (kh_chart_type_from_string ("pie", &type));
  g_assert_false (kh_chart_type_from_string (NULL, &type));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/types", test_types);
  g_test_add_func ("/charts/slope/cities", test_slope_cities);
  g_test_add_func ("/charts/bars/cities", test_bars_cities);
  g_test_add_func ("/charts/bars/many", test_bars_many);
  g_test_add_func ("/charts/bars/close-cutoffs", test_bars_close_cutoffs);
  g_test_add_func ("/charts/radar/unit", test_radar_unit);
  g_test_add_func ("/charts/radar/too-few-parts", test_radar_too_few_parts);
  g_test_add_func ("/charts/distribution/many", test_distribution_many);
  g_test_add_func ("/charts/dark-and-vector", test_dark_and_vector);
  g_test_add_func ("/charts/golden", test_golden);

  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
