/* test-watermark.c — DEMONSTRATION DATA and DRAFT drawn over charts and boxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures are drawn on white image surfaces and read back: ink is any pixel that is not
 * white. The mark must be faint (the page below stays legible), centred, along the rising
 * diagonal, inside the box, and on top of a chart.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/kh-chart.h"
#include "charts/kh-watermark.h"
#include "kh-test-chart-data.h"

typedef struct
{
  guint ink;                   /* pixels not white */
  guint quadrant[4];           /* top-left, top-right, bottom-left, bottom-right */
  double cx, cy;               /* centroid of the ink */
  int min_x, min_y, max_x, max_y;
  int darkest;                 /* lowest channel value seen */
} Ink;

static cairo_surface_t *
white_surface (int width,
               int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static Ink
measure_ink (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *pixels;
  Ink ink = { 0, { 0, 0, 0, 0 }, 0, 0, width, height, -1, -1, 255 };

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(const guint32 *) (gconstpointer) (pixels + y * stride + x * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (r == 255 && g == 255 && b == 255)
          continue;
        ink.ink++;
        ink.quadrant[(y >= height / 2) * 2 + (x >= width / 2)]++;
        ink.cx += x;
        ink.cy += y;
        ink.min_x = MIN (ink.min_x, x);
        ink.min_y = MIN (ink.min_y, y);
        ink.max_x = MAX (ink.max_x, x);
        ink.max_y = MAX (ink.max_y, y);
        ink.darkest = MIN (ink.darkest, MIN (r, MIN (g, b)));
      }
  if (ink.ink > 0)
    {
      ink.cx /= ink.ink;
      ink.cy /= ink.ink;
    }
  return ink;
}

static void
test_watermark_text (void)
{
  KhWatermark mark = KH_WATERMARK_NONE;

  g_assert_null (kh_watermark_get_text (KH_WATERMARK_NONE));
  /* The tests run in C.UTF-8: the source strings. */
  g_assert_cmpstr (kh_watermark_get_text (KH_WATERMARK_DEMONSTRATION), ==, "DEMONSTRATION DATA");
  g_assert_cmpstr (kh_watermark_get_text (KH_WATERMARK_DRAFT), ==, "DRAFT");
  g_assert_true (kh_watermark_from_string ("draft", &mark));
  g_assert_cmpint (mark, ==, KH_WATERMARK_DRAFT);
  g_assert_true (kh_watermark_from_string ("demonstration", &mark));
  g_assert_cmpint (mark, ==, KH_WATERMARK_DEMONSTRATION);
  g_assert_false (kh_watermark_from_string ("secret", &mark));
  g_assert_cmpint (mark, ==, KH_WATERMARK_DEMONSTRATION); /* untouched */
  g_assert_cmpstr (kh_watermark_to_string (KH_WATERMARK_NONE), ==, "none");
}

/* A 600 × 300 box: the mark is centred, rises from bottom-left to top-right, stays
 * inside the box and is faint. */
static void
test_watermark_draw (void)
{
  static const KhWatermark marks[] = { KH_WATERMARK_DEMONSTRATION, KH_WATERMARK_DRAFT };

  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    {
      cairo_surface_t *surface = white_surface (600, 300);
      cairo_t *cr = cairo_create (surface);
      Ink ink;

      kh_watermark_draw (cr, marks[m], 600, 300, FALSE);
      cairo_destroy (cr);
      ink = measure_ink (surface);
      g_assert_cmpuint (ink.ink, >, 1000);
      /* Centred: the centroid of the letters lies within 10 % of the box's centre
       * (300, 150); letters differ in weight, so not exactly. */
      g_assert_cmpfloat (fabs (ink.cx - 300), <, 60);
      g_assert_cmpfloat (fabs (ink.cy - 150), <, 30);
      /* Rising: more ink top-right and bottom-left than top-left and bottom-right. */
      g_assert_cmpuint (ink.quadrant[1] + ink.quadrant[2], >, 2 * (ink.quadrant[0] + ink.quadrant[3]));
      /* Inside the box with room to spare, and large: it spans more than 40 % of its width
       * (DRAFT at the largest size, 96, is about 280 wide). */
      g_assert_cmpint (ink.min_x, >, 0);
      g_assert_cmpint (ink.max_x, <, 599);
      g_assert_cmpint (ink.min_y, >, 0);
      g_assert_cmpint (ink.max_y, <, 299);
      g_assert_cmpint (ink.max_x - ink.min_x, >, 240);
      /* Faint: ink at 16 % opacity over white is no darker than 255 − 0.16·(255 − 26) ≈ 218
       * in its darkest channel (the green of the ink colour, 0.1 · 255 ≈ 26). */
      g_assert_cmpint (ink.darkest, >=, 215);
      cairo_surface_destroy (surface);
    }

  /* Nothing for NONE. */
  {
    cairo_surface_t *surface = white_surface (200, 200);
    cairo_t *cr = cairo_create (surface);

    kh_watermark_draw (cr, KH_WATERMARK_NONE, 200, 200, FALSE);
    cairo_destroy (cr);
    g_assert_cmpuint (measure_ink (surface).ink, ==, 0);
    cairo_surface_destroy (surface);
  }
}

/* Every chart type draws data->watermark over itself: the picture with the mark differs
 * from the one without, by ink laid over it. */
static void
test_watermark_charts (void)
{
  g_autoptr (KhChartData) data = kh_test_cities_new ();

  for (int type = 0; type < KH_N_CHART_TYPES; type++)
    {
      cairo_surface_t *plain = white_surface (480, 360), *marked = white_surface (480, 360);
      cairo_t *cr;
      guint differ = 0, darker = 0;

      data->watermark = KH_WATERMARK_NONE;
      cr = cairo_create (plain);
      kh_chart_draw ((KhChartType) type, data, cr, 480, 360, NULL);
      cairo_destroy (cr);
      data->watermark = KH_WATERMARK_DRAFT;
      cr = cairo_create (marked);
      kh_chart_draw ((KhChartType) type, data, cr, 480, 360, NULL);
      cairo_destroy (cr);

      cairo_surface_flush (plain);
      cairo_surface_flush (marked);
      for (int i = 0; i < 360 * cairo_image_surface_get_stride (plain); i++)
        {
          guchar p = cairo_image_surface_get_data (plain)[i], q = cairo_image_surface_get_data (marked)[i];

          if (i % 4 == 3)
            continue; /* the unused byte of RGB24 */
          differ += p != q;
          darker += q < p;
        }
      /* The mark changes a large area, and over the light background it only darkens
       * (faint dark ink): at least 3 channels in 4 that change get darker; over the
       * chart's coloured lines a channel may lighten a little. */
      g_assert_cmpuint (differ, >, 1000);
      g_assert_cmpuint (darker, >, differ * 3 / 4);
      cairo_surface_destroy (plain);
      cairo_surface_destroy (marked);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/watermark/text", test_watermark_text);
  g_test_add_func ("/charts/watermark/draw", test_watermark_draw);
  g_test_add_func ("/charts/watermark/charts", test_watermark_charts);
  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
