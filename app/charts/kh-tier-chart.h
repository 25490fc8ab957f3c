/* kh-tier-chart.h — every unit's chance of each tier over the runs of a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "analysis/kh-sensitivity.h"
#include "kh-chart-data.h"

G_BEGIN_DECLS

/* A strip per unit (nominal rank order): the share of runs in each tier, first tier on
 * the left, coloured from the advance blue to the fall orange, with the percentage where
 * it fits; a mark shows the unit's nominal tier. Tier names in @lang (the group's, or
 * "Tier N"). layout->boxes: one box per strip segment (unit = index in result->units,
 * part = tier − 1). */
void kh_tier_chart_draw (const KhSensitivityResult *result,
                         const KhChartData         *view,
                         KhLang                     lang,
                         cairo_t                   *cr,
                         double                     width,
                         double                     height,
                         KhChartLayout             *layout);

G_END_DECLS
