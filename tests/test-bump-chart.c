/* test-bump-chart.c — the bump chart's geometry, labels and pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>

#include "charts/kh-bump-chart.h"
#include "kh-test-chart-data.h"
#include "kh-test-chart-draw.h"

static const int years[] = { 2018, 2019, 2020 };

static KhChartData *
make_cities (void)
{
  KhChartData *chart = kh_chart_data_new (3, years);

  chart->title = g_strdup ("设区市综合考核名次 2018–2020（演示数据）");
  for (guint i = 0; i < G_N_ELEMENTS (kh_test_cities); i++)
    {
      const KhTestCity *city = &kh_test_cities[i];
      KhChartUnit *unit = kh_chart_data_add_unit (chart, city->id, city->label);

      for (int y = 0; y < 3; y++)
        {
          unit->ranks[y] = city->r[y];
          unit->tiers[y] = city->t[y];
        }
    }
  return chart;
}

static void
test_bump_cities (void)
{
  g_autoptr (KhChartData) chart = make_cities ();
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 560);
  cairo_t *cr = cairo_create (surface);
  const KhColor *advance = kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE);
  double rgb[3];

  kh_bump_chart_draw (chart, cr, 1000, 560, layout);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  kh_test_chart_save_png (surface, "bump-cities.png");

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1000);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 560);
  g_assert_cmpint (layout->n_rows, ==, 13);
  /* 13 units × 3 years, all present. */
  g_assert_cmpuint (layout->dots->len, ==, 39);
  /* Every end gets its label at this size: 13 left + 13 right, none shrunk. */
  g_assert_cmpuint (layout->labels->len, ==, 26);
  g_assert_cmpfloat (layout->label_font_size, ==, 10.0);
  kh_test_chart_assert_labels_apart (layout, 1000, 560);

  /* Without ties rank r sits in row r − 1: y = plot_y + (r − ½)·row_height, and the
   * three columns are at plot_x, plot_x + w/2, plot_x + w. */
  for (guint u = 0; u < G_N_ELEMENTS (kh_test_cities); u++)
    for (int y = 0; y < 3; y++)
      {
        const KhChartDot *dot = kh_test_chart_find_dot (layout, u, y);

        g_assert_nonnull (dot);
        g_assert_cmpfloat_with_epsilon (
          dot->y, layout->plot_y + (kh_test_cities[u].r[y] - 0.5) * layout->row_height, 1e-9);
        g_assert_cmpfloat_with_epsilon (dot->x, layout->plot_x + layout->plot_width * y / 2.0, 1e-9);
      }

  /* 常州 (index 4) advanced 9 → 4: its 2020 dot is painted in the advance colour. */
  {
    const KhChartDot *dot = kh_test_chart_find_dot (layout, 4, 2);

    kh_test_chart_read_pixel (surface, (int) dot->x, (int) dot->y, rgb);
    g_assert_cmpfloat_with_epsilon (rgb[0], advance->red, 0.02);
    g_assert_cmpfloat_with_epsilon (rgb[1], advance->green, 0.02);
    g_assert_cmpfloat_with_epsilon (rgb[2], advance->blue, 0.02);

    /* Hit-testing the dot finds 常州. */
    g_assert_cmpint (kh_chart_layout_hit (layout, dot->x + 1, dot->y, 6), ==, 4);
  }
  /* Far from everything: nothing. */
  g_assert_cmpint (kh_chart_layout_hit (layout, 2, 558, 3), ==, -1);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_bump_ties_and_gaps (void)
{
  g_autoptr (KhChartData) chart = kh_chart_data_new (3, years);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 300);
  cairo_t *cr = cairo_create (surface);
  KhChartUnit *a = kh_chart_data_add_unit (chart, "a", "甲");
  KhChartUnit *b = kh_chart_data_add_unit (chart, "b", "乙");
  KhChartUnit *c = kh_chart_data_add_unit (chart, "gangzha", "港闸区");
  KhChartUnit *d = kh_chart_data_add_unit (chart, "chongchuan", "崇川区");
  KhChartUnit *e = kh_chart_data_add_unit (chart, "haimen", "海门区");
  const KhChartDot *da, *db;
  gboolean gangzha_end = FALSE, haimen_start = FALSE;

  /* 2019: a and b tie for rank 1 (ranks 1, 1, 3); 港闸区 exists until 2019 only. */
  a->ranks[0] = 1, a->ranks[1] = 1, a->ranks[2] = 1;
  b->ranks[0] = 2, b->ranks[1] = 1, b->ranks[2] = 2;
  c->ranks[0] = 3, c->ranks[1] = 3;
  d->ranks[0] = 4, d->ranks[1] = 4, d->ranks[2] = 3;
  /* 海门区 starts in 2019 (demonstration: a unit created mid-series). */
  e->ranks[1] = 5, e->ranks[2] = 4;

  kh_bump_chart_draw (chart, cr, 600, 300, layout);
  kh_test_chart_save_png (surface, "bump-ties.png");

  /* The tied pair takes two rows in 2019: distinct dots, one row apart. */
  da = kh_test_chart_find_dot (layout, 0, 1);
  db = kh_test_chart_find_dot (layout, 1, 1);
  g_assert_cmpfloat_with_epsilon (fabs (da->y - db->y), layout->row_height, 1e-9);
  /* 港闸区 has no 2020 dot, so its line ends in 2019. */
  g_assert_null (kh_test_chart_find_dot (layout, 2, 2));
  g_assert_nonnull (kh_test_chart_find_dot (layout, 2, 1));
  /* 2020 has three units: 崇川区 ranked 3 is in the third row. */
  g_assert_cmpfloat_with_epsilon (kh_test_chart_find_dot (layout, 3, 2)->y,
                                  layout->plot_y + 2.5 * layout->row_height, 1e-9);
  kh_test_chart_assert_labels_apart (layout, 600, 300);

  /* A line that ends early is labelled right of its last dot, one that starts late left
   * of its first dot, inside the plot. */
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);
      const KhChartDot *last = kh_test_chart_find_dot (layout, 2, 1),
                       *first = kh_test_chart_find_dot (layout, 4, 1);

      if (label->unit == 2 && label->right)
        {
          gangzha_end = TRUE;
          g_assert_cmpfloat (label->x, >, last->x);
          g_assert_cmpfloat (label->x, <, layout->plot_x + layout->plot_width);
          g_assert_cmpfloat (fabs (label->y + label->height / 2 - last->y), <, 1e-6);
        }
      if (label->unit == 4 && !label->right)
        {
          haimen_start = TRUE;
          g_assert_cmpfloat (label->x + label->width, <, first->x);
          g_assert_cmpfloat (label->x, >, layout->plot_x);
        }
    }
  g_assert_true (gangzha_end);
  g_assert_true (haimen_start);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_bump_many_units (void)
{
  static const int ten_years[] = { 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020 };
  g_autoptr (KhChartData) chart = kh_chart_data_new (3, years);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 842, 595);
  cairo_t *cr = cairo_create (surface);
  GRand *rand = g_rand_new_with_seed (99);

  g_assert_nonnull (ten_years);
  chart->title = g_strdup ("省级机关 (99) — 演示数据");
  /* 99 agencies; each year a random permutation of 1..99 (Fisher–Yates, fixed seed). */
  for (int i = 0; i < 99; i++)
    {
      g_autofree char *id = g_strdup_printf ("agency%02d", i);
      g_autofree char *label = g_strdup_printf ("省直单位%02d", i);

      kh_chart_data_add_unit (chart, id, label);
    }
  for (int y = 0; y < 3; y++)
    {
      int perm[99];

      for (int i = 0; i < 99; i++)
        perm[i] = i + 1;
      for (int i = 98; i > 0; i--)
        {
          int j = g_rand_int_range (rand, 0, i + 1), t = perm[i];

          perm[i] = perm[j];
          perm[j] = t;
        }
      for (int i = 0; i < 99; i++)
        {
          KhChartUnit *unit = g_ptr_array_index (chart->units, i);

          unit->ranks[y] = perm[i];
          unit->tiers[y] = perm[i] <= 20 ? 1 : perm[i] <= 70 ? 2 : 3;
        }
    }
  chart->highlight = g_strdup ("agency07");

  /* A4 landscape in points. */
  kh_bump_chart_draw (chart, cr, 842, 595, layout);
  kh_test_chart_save_png (surface, "bump-agencies.png");

  g_assert_cmpuint (layout->dots->len, ==, 297);
  g_assert_cmpfloat (layout->label_font_size, >=, 6.0);
  kh_test_chart_assert_labels_apart (layout, 842, 595);
  /* Thinning keeps the highlighted unit's labels at both ends. */
  {
    guint kept = 0;

    for (guint i = 0; i < layout->labels->len; i++)
      kept += g_array_index (layout->labels, KhChartLabel, i).unit == 7;
    g_assert_cmpuint (kept, ==, 2);
  }

  g_rand_free (rand);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_bump_vector_surfaces (void)
{
  g_autoptr (KhChartData) chart = make_cities ();
  g_autofree char *dir = g_dir_make_tmp ("kh-bump-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "bump.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "bump.svg", NULL);
  cairo_surface_t *surfaces[2];
  g_autofree char *svg_text = NULL;

  surfaces[0] = cairo_pdf_surface_create (pdf, 842, 595);
  surfaces[1] = cairo_svg_surface_create (svg, 842, 595);
  for (int i = 0; i < 2; i++)
    {
      cairo_t *cr = cairo_create (surfaces[i]);

      chart->style = i == 0 ? KH_PALETTE_LIGHT : KH_PALETTE_DARK;
      kh_bump_chart_draw (chart, cr, 842, 595, NULL);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_finish (surfaces[i]);
      g_assert_cmpint (cairo_surface_status (surfaces[i]), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surfaces[i]);
    }
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_unlink (pdf);
  g_unlink (svg);
  g_rmdir (dir);
}

/* A bump chart of @n_units units × 10 years at 1280 × 800, unit0007 highlighted (or none). */
static KhChartLayout *
draw_group (guint       n_units,
            gboolean    highlight,
            const char *png)
{
  g_autoptr (KhChartData) chart = kh_test_group_new (n_units, 10, 22);
  KhChartLayout *layout = kh_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 800);
  cairo_t *cr = cairo_create (surface);

  chart->title = g_strdup ("乡镇 — 演示数据");
  if (highlight)
    chart->highlight = g_strdup ("unit0007");
  kh_bump_chart_draw (chart, cr, 1280, 800, layout);
  if (png != NULL)
    kh_test_chart_save_png (surface, png);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return layout;
}

/* Above KH_RANK_LINES_DENSITY_UNITS units the others are a density: only the highlighted
 * unit is labelled, every dot still answers a pointer, and a note under the title takes
 * room above the plot. At the threshold the chart is as before. */
static void
test_bump_density (void)
{
  g_autoptr (KhChartLayout) at = draw_group (KH_RANK_LINES_DENSITY_UNITS, TRUE, NULL);
  g_autoptr (KhChartLayout) above = draw_group (1000, TRUE, "bump-density.png");
  g_autoptr (KhChartLayout) none = draw_group (1000, FALSE, NULL);
  guint others = 0;

  for (guint i = 0; i < at->labels->len; i++)
    others += g_array_index (at->labels, KhChartLabel, i).unit != 7;
  g_assert_cmpuint (others, >, 0);
  g_assert_cmpuint (at->dots->len, ==, KH_RANK_LINES_DENSITY_UNITS * 10);

  /* unit0007 (index 7) is in every year: its two end labels, nothing else. */
  g_assert_cmpuint (above->labels->len, ==, 2);
  for (guint i = 0; i < above->labels->len; i++)
    g_assert_cmpuint (g_array_index (above->labels, KhChartLabel, i).unit, ==, 7);
  g_assert_cmpuint (above->dots->len, ==, 10000);
  g_assert_cmpuint (none->labels->len, ==, 0);
  /* The note: one line or more of 0.9 × the font size above the plot. */
  g_assert_cmpfloat (above->plot_y, >, at->plot_y + 8);
  g_assert_cmpfloat (none->plot_y, >, at->plot_y + 8);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/bump/cities", test_bump_cities);
  g_test_add_func ("/charts/bump/ties-and-gaps", test_bump_ties_and_gaps);
  g_test_add_func ("/charts/bump/many-units", test_bump_many_units);
  g_test_add_func ("/charts/bump/vector-surfaces", test_bump_vector_surfaces);
  g_test_add_func ("/charts/bump/density", test_bump_density);

  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
