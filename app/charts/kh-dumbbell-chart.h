/* kh-dumbbell-chart.h — each unit's score in two years, a dumbbell per row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* One row per unit with a score in year index data->year_from or data->year_to, ordered
 * by the later score (best first): a hollow dot at the earlier score, a filled one at
 * the later, joined by a bar in the advance, fall or steady colour of the unit's change
 * of rank; the change of rank (▲ 3, ▼ 2, =) at the right. The layout records the names
 * (labels), both dots of each unit (the earlier one joined to the later) in row order. */
void kh_dumbbell_chart_draw (const KhChartData *data,
                             cairo_t           *cr,
                             double             width,
                             double             height,
                             KhChartLayout     *layout);

G_END_DECLS
