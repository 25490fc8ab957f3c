/* kh-slope-chart.c — ranks in two years joined by straight lines, the change labelled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The geometry, tier bands and label placement are the bump chart's (kh-bump-chart.c),
 * drawn with two columns only.
 */
#include "config.h"

#include "kh-chart-private.h"
#include "kh-slope-chart.h"

void
kh_slope_chart_draw (const KhChartData *data,
                     cairo_t           *cr,
                     double             width,
                     double             height,
                     KhChartLayout     *layout)
{
  int cols[2];

  g_return_if_fail (data != NULL);
  g_return_if_fail (cr != NULL);

  cols[0] = CLAMP (data->year_from, 0, data->n_years - 1);
  cols[1] = CLAMP (data->year_to, 0, data->n_years - 1);
  kh_rank_lines_draw (data, cr, width, height, layout, cols, cols[0] == cols[1] ? 1 : 2, TRUE);
}
