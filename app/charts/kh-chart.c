/* kh-chart.c — every chart type behind one drawing call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-bars-chart.h"
#include "kh-bump-chart.h"
#include "kh-chart.h"
#include "kh-distribution-chart.h"
#include "kh-radar-chart.h"
#include "kh-slope-chart.h"

static const char *const type_names[KH_N_CHART_TYPES] = {
  [KH_CHART_BUMP] = "bump",
  [KH_CHART_SLOPE] = "slope",
  [KH_CHART_BARS] = "bars",
  [KH_CHART_RADAR] = "radar",
  [KH_CHART_DISTRIBUTION] = "distribution",
};

void
kh_chart_draw (KhChartType        type,
               const KhChartData *data,
               cairo_t           *cr,
               double             width,
               double             height,
               KhChartLayout     *layout)
{
  g_return_if_fail (type < KH_N_CHART_TYPES);

  switch (type)
    {
    case KH_CHART_BUMP:
      kh_bump_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_SLOPE:
      kh_slope_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_BARS:
      kh_bars_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_RADAR:
      kh_radar_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_DISTRIBUTION:
    case KH_N_CHART_TYPES:
    default:
      kh_distribution_chart_draw (data, cr, width, height, layout);
      break;
    }
}

const char *
kh_chart_type_to_string (KhChartType type)
{
  g_return_val_if_fail (type < KH_N_CHART_TYPES, NULL);

  return type_names[type];
}

gboolean
kh_chart_type_from_string (const char  *name,
                           KhChartType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (int i = 0; i < KH_N_CHART_TYPES; i++)
    if (g_strcmp0 (name, type_names[i]) == 0)
      {
        *type = (KhChartType) i;
        return TRUE;
      }
  return FALSE;
}
