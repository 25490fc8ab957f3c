/* kh-slope-chart.h — ranks in two years joined by straight lines, the change labelled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* Compares year index data->year_from (left) with data->year_to (right); the right-hand
 * labels carry the change of rank (▲ advance, ▼ fall, = same). */
void kh_slope_chart_draw (const KhChartData *data,
                          cairo_t           *cr,
                          double             width,
                          double             height,
                          KhChartLayout     *layout);

G_END_DECLS
