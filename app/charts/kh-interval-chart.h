/* kh-interval-chart.h — every unit's rank interval over the runs of a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "analysis/kh-sensitivity.h"
#include "kh-chart-data.h"

G_BEGIN_DECLS

/* The "caterpillar": one row per unit in nominal rank order, ranks along x (1 on the
 * left). Each row shades how often the unit took each rank, draws its 5–95 % interval
 * as a bar, its median as a dot (blue when better than its nominal rank, orange when
 * worse) and its nominal rank as a tick. @view gives the title, style, font size and
 * the highlighted unit; layout->boxes gets one box per row (unit = index in
 * result->units), layout->labels the names. */
void kh_interval_chart_draw (const KhSensitivityResult *result,
                             const KhChartData         *view,
                             cairo_t                   *cr,
                             double                     width,
                             double                     height,
                             KhChartLayout             *layout);

G_END_DECLS
