/* kh-bars-chart.h — stacked bars of score composition, sorted by total, tier cut-offs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* One horizontal bar per unit scored in year index data->year_to, best total at the top,
 * split into data->parts (exam papers or dimensions); dashed vertical lines mark the tier
 * cut-offs. Rank r (without ties) is row r − 1. Without parts a bar is the total. */
void kh_bars_chart_draw (const KhChartData *data,
                         cairo_t           *cr,
                         double             width,
                         double             height,
                         KhChartLayout     *layout);

G_END_DECLS
