/* kh-distribution-chart.h — the scores of a group in one year, with tier cut-offs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

/* A dot plot of the totals of year index data->year_to: the score axis is cut into bins
 * of a round width and each unit is a dot stacked in its bin, so 99 units stay countable.
 * Tier regions are shaded and the cut-offs drawn as dashed lines; the highlighted unit's
 * dot is drawn larger, in the advance colour, and named. */
void kh_distribution_chart_draw (const KhChartData *data,
                                 cairo_t           *cr,
                                 double             width,
                                 double             height,
                                 KhChartLayout     *layout);

G_END_DECLS
