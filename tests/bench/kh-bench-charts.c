/* kh-bench-charts.c — how long the charts take to draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-charts [--runs 30]
 *
 * Prints the median and worst time of kh_bump_chart_draw() into a 1280×800 image surface
 * (a typical Charts view) for 99 units × 3 years (the agencies; must stay well under one
 * 16 ms frame) and for 1,000 units × 10 years, and of the other chart types for the 99
 * agencies. The first draw (fontconfig warming up) is not counted. Built by meson, not run
 * as a test (`ninja -C BUILD tests/bench/kh-bench-charts`).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "charts/kh-chart.h"
#include "kh-test-chart-data.h"

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
bench (const char  *name,
       KhChartType  type,
       KhChartData *data,
       int          runs)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 800);
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  g_autofree double *times = g_new (double, runs);

  for (int i = -1; i < runs; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double start = now_ms ();

      kh_chart_draw (type, data, cr, 1280, 800, layout);
      cairo_surface_flush (surface);
      if (i >= 0)
        times[i] = now_ms () - start;
      cairo_destroy (cr);
    }
  qsort (times, runs, sizeof (double), compare_double);
  printf ("%-34s median %7.2f ms   worst %7.2f ms   (%u dots, %u labels)\n", name,
          times[runs / 2], times[runs - 1], layout->dots->len, layout->labels->len);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  int runs = 30;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed draws per chart", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— time the chart renderers");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhChartData) agencies = kh_test_group_new (99, 3, 99);
  g_autoptr (KhChartData) large = kh_test_group_new (1000, 10, 1000);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "--runs must be positive");
      return 2;
    }

  agencies->highlight = g_strdup ("unit0007");
  bench ("bump, 99 units x 3 years", KH_CHART_BUMP, agencies, runs);
  bench ("bump, 1000 units x 10 years", KH_CHART_BUMP, large, MAX (runs / 5, 1));
  bench ("slope, 99 units", KH_CHART_SLOPE, agencies, runs);
  bench ("bars, 99 units x 3 parts", KH_CHART_BARS, agencies, runs);
  bench ("radar, 3 parts", KH_CHART_RADAR, agencies, runs);
  bench ("distribution, 99 units", KH_CHART_DISTRIBUTION, agencies, runs);
  return 0;
}
