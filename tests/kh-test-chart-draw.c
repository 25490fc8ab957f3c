/* kh-test-chart-draw.c — drawing a chart and reading it back (see kh-test-chart-draw.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kh-test-chart-draw.h"

void
kh_test_chart_save_png (cairo_surface_t *surface,
                        const char      *name)
{
  const char *dir = g_getenv ("KH_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

cairo_surface_t *
kh_test_chart_render (KhChartType        type,
                      const KhChartData *data,
                      int                width,
                      int                height,
                      KhChartLayout     *layout,
                      const char        *png)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  kh_chart_draw (type, data, cr, width, height, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  if (png != NULL)
    kh_test_chart_save_png (surface, png);
  return surface;
}

void
kh_test_chart_read_pixel (cairo_surface_t *surface,
                          double           x,
                          double           y,
                          double           rgb[3])
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(guint32 *) (data + (int) y * stride + (int) x * 4);

  rgb[0] = ((pixel >> 16) & 0xff) / 255.0;
  rgb[1] = ((pixel >> 8) & 0xff) / 255.0;
  rgb[2] = (pixel & 0xff) / 255.0;
}

const KhChartDot *
kh_test_chart_find_dot (const KhChartLayout *layout,
                        guint                unit,
                        int                  year)
{
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);

      if (dot->unit == unit && dot->year_index == year)
        return dot;
    }
  return NULL;
}

guint
kh_test_chart_count_labels_of (const KhChartLayout *layout,
                               guint                unit)
{
  guint n = 0;

  for (guint i = 0; i < layout->labels->len; i++)
    n += g_array_index (layout->labels, KhChartLabel, i).unit == unit;
  return n;
}

void
kh_test_chart_assert_labels_apart (const KhChartLayout *layout,
                                   double               width,
                                   double               height)
{
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *a = &g_array_index (layout->labels, KhChartLabel, i);

      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, width + 1e-6);
      g_assert_cmpfloat (a->y + a->height, <=, height + 1e-6);
      for (guint k = i + 1; k < layout->labels->len; k++)
        {
          const KhChartLabel *b = &g_array_index (layout->labels, KhChartLabel, k);
          gboolean overlap = a->x < b->x + b->width - 1e-6 && b->x < a->x + a->width - 1e-6
                             && a->y < b->y + b->height - 1e-6 && b->y < a->y + a->height - 1e-6;

          g_assert_false (overlap);
        }
    }
}
