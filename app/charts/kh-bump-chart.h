/* kh-bump-chart.h — rank across years for one group (the rank-change bump chart)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function for every surface: the widget, printing, PDF, SVG and PNG export
 * call kh_bump_chart_draw() with their own cairo_t. It draws the years
 * data->year_from … data->year_to of the dataset (kh-chart-data.h).
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* Above this many units in a year, the bump and slope charts draw the highlighted unit
 * over a density of the others, and say so under the title. */
#define KH_RANK_LINES_DENSITY_UNITS 200

/* Draws the chart into the rectangle (0, 0, width, height) of @cr's user space.
 * @layout, if not NULL, receives the positions of dots and labels. */
void kh_bump_chart_draw (const KhChartData *data,
                         cairo_t           *cr,
                         double             width,
                         double             height,
                         KhChartLayout     *layout);

G_END_DECLS
