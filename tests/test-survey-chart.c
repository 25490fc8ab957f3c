/* test-survey-chart.c — a unit's raters in the survey chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sheet of kh-test-survey.c: on unit a the public answered 100 60 60 0 100 and the
 * deputies scored 80 80 30; one score is dropped at each end of a class. The pictures go
 * to $KH_SCREENSHOT_DIR.
 */
#include "config.h"

#include <math.h>

#include "charts/kh-survey-chart.h"
#include "kh-test-chart-data.h"
#include "kh-test-survey.h"

#define WIDTH 640
#define HEIGHT 300

static cairo_surface_t *
render (const KhSurveyScores *scores,
        guint                 unit,
        KhChartLayout        *layout,
        const char           *png)
{
  const int year = 2020;
  g_autoptr (KhChartData) view = kh_chart_data_new (1, &year);
  const char *labels[] = { "群众", "人大代表" };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const char *dir = g_getenv ("KH_SCREENSHOT_DIR");

  view->title = g_strdup ("满意度 · 甲市");
  kh_survey_chart_draw (scores, unit, labels, view, cr, WIDTH, HEIGHT, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, png, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    }
  return surface;
}

/* The colour at (x, y) as 0–255 red, green, blue. */
static void
pixel (cairo_surface_t *surface,
       double           x,
       double           y,
       int              rgb[3])
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + (int) round (y) * stride + 4 * (int) round (x));

  rgb[0] = (p >> 16) & 0xff;
  rgb[1] = (p >> 8) & 0xff;
  rgb[2] = p & 0xff;
}

static gboolean
near (const int rgb[3], const KhColor *color)
{
  return abs (rgb[0] - (int) round (color->red * 255)) <= 8
         && abs (rgb[1] - (int) round (color->green * 255)) <= 8
         && abs (rgb[2] - (int) round (color->blue * 255)) <= 8;
}

static void
test_unit_a (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  g_autoptr (KhSurveyScores) scores = kh_survey_score (sheet);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = render (scores, 0, layout, "survey-chart-a.png");
  const KhColor *background = kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_BACKGROUND);
  const KhColor *public = kh_palette_series (KH_PALETTE_LIGHT, 0);
  const KhChartDot *d;
  double w = layout->plot_width;
  int rgb[3];

  /* 5 public dots, then 3 deputies' dots; two rows. */
  g_assert_cmpuint (layout->dots->len, ==, 8);
  g_assert_cmpuint (layout->boxes->len, ==, 2);
  /* Public, sorted: 0 60 60 100 100, each dot at its score on the 0–100 axis. */
  d = &g_array_index (layout->dots, KhChartDot, 0);
  g_assert_cmpuint (d->unit, ==, 0);
  g_assert_cmpfloat_with_epsilon (d->x, layout->plot_x, 1e-9);
  /* The two 60s share a bin, the second stacked above the first. */
  g_assert_cmpfloat_with_epsilon (g_array_index (layout->dots, KhChartDot, 1).x,
                                  layout->plot_x + 0.6 * w, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (layout->dots, KhChartDot, 2).x,
                                  layout->plot_x + 0.6 * w, 1e-9);
  g_assert_cmpfloat (g_array_index (layout->dots, KhChartDot, 2).y, <,
                     g_array_index (layout->dots, KhChartDot, 1).y);
  /* 100 at the axis's end, the second one stacked on the first. */
  g_assert_cmpfloat_with_epsilon (g_array_index (layout->dots, KhChartDot, 4).x,
                                  layout->plot_x + w, 1e-9);
  g_assert_cmpfloat (g_array_index (layout->dots, KhChartDot, 4).y, <,
                     g_array_index (layout->dots, KhChartDot, 3).y);
  /* Dropped by trimming, the 0 and the second 100 are hollow (the background shows inside
   * them, 3 pixels right of the centre, clear of the axis's grid line through 0 and 100);
   * the kept 60 and first 100 are filled with the class's colour. */
  pixel (surface, d->x + 3, d->y, rgb);
  g_assert_true (near (rgb, background));
  d = &g_array_index (layout->dots, KhChartDot, 4);
  pixel (surface, d->x + 3, d->y, rgb);
  g_assert_true (near (rgb, background));
  d = &g_array_index (layout->dots, KhChartDot, 1);
  pixel (surface, d->x + 3, d->y, rgb);
  g_assert_true (near (rgb, public));
  d = &g_array_index (layout->dots, KhChartDot, 3);
  pixel (surface, d->x + 3, d->y, rgb);
  g_assert_true (near (rgb, public));
  /* Deputies: 30, 80, 80, in the second row, below the first. */
  d = &g_array_index (layout->dots, KhChartDot, 5);
  g_assert_cmpuint (d->unit, ==, 1);
  g_assert_cmpfloat_with_epsilon (d->x, layout->plot_x + 0.3 * w, 1e-9);
  g_assert_cmpfloat (d->y, >, g_array_index (layout->dots, KhChartDot, 1).y);
  cairo_surface_destroy (surface);
}

/* c: the deputies do not rate it (no dots in their row); p13, excluded, is not drawn. */
static void
test_unit_c (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  g_autoptr (KhSurveyScores) scores = kh_survey_score (sheet);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  cairo_surface_t *surface = render (scores, 2, layout, "survey-chart-c.png");

  g_assert_cmpuint (layout->dots->len, ==, 4);
  for (guint i = 0; i < layout->dots->len; i++)
    g_assert_cmpuint (g_array_index (layout->dots, KhChartDot, i).unit, ==, 0);
  cairo_surface_destroy (surface);
  /* b: the deputies are below their minimum; d: nobody answered. Drawn all the same. */
  surface = render (scores, 1, layout, "survey-chart-b.png");
  g_assert_cmpuint (layout->dots->len, ==, 5);
  cairo_surface_destroy (surface);
  surface = render (scores, 3, layout, "survey-chart-d.png");
  g_assert_cmpuint (layout->dots->len, ==, 0);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/survey-chart/unit-a", test_unit_a);
  g_test_add_func ("/survey-chart/unit-c-b-d", test_unit_c);
  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
