/* kh-test-chart-draw.h — drawing a chart and reading it back, for the chart tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Free of GTK, unlike kh-test-utils.h: the charts suite runs with the leak checker on.
 */
#pragma once

#include <cairo.h>

#include "charts/kh-chart.h"

G_BEGIN_DECLS

/* Writes @surface as $KH_SCREENSHOT_DIR/@name. */
void              kh_test_chart_save_png         (cairo_surface_t     *surface,
                                                  const char          *name);
/* Draws @data as a chart of @type on a new @width × @height RGB image (@layout: NULL or
 * filled), checks cairo's status and the image's size, and saves it as @png unless NULL. */
cairo_surface_t  *kh_test_chart_render           (KhChartType          type,
                                                  const KhChartData   *data,
                                                  int                  width,
                                                  int                  height,
                                                  KhChartLayout       *layout,
                                                  const char          *png);
/* The colour of the pixel at (@x, @y), channels from 0 to 1. */
void              kh_test_chart_read_pixel       (cairo_surface_t     *surface,
                                                  double               x,
                                                  double               y,
                                                  double               rgb[3]);
/* The dot of @unit in year index @year; NULL when none is drawn. */
const KhChartDot *kh_test_chart_find_dot         (const KhChartLayout *layout,
                                                  guint                unit,
                                                  int                  year);
/* How many labels name @unit. */
guint             kh_test_chart_count_labels_of  (const KhChartLayout *layout,
                                                  guint                unit);
/* Every label lies inside @width × @height and overlaps no other. */
void              kh_test_chart_assert_labels_apart (const KhChartLayout *layout,
                                                     double               width,
                                                     double               height);

G_END_DECLS
