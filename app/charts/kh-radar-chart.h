/* kh-radar-chart.h — one unit's part scores against its group's mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* The profile of the highlighted unit (or the first unit, when none is highlighted) in
 * year index data->year_to: one spoke per part, scaled to the part's full marks
 * (data->part_max) or, when those are unknown, to the group's best value, against the
 * mean of every unit of the dataset with a value. Needs at least three parts. The
 * layout's dots are the unit's vertices, in part order (year_index holds the part). */
void kh_radar_chart_draw (const KhChartData *data,
                          cairo_t           *cr,
                          double             width,
                          double             height,
                          KhChartLayout     *layout);

G_END_DECLS
