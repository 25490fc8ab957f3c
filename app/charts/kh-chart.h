/* kh-chart.h — every chart type behind one drawing call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget, printing and `kaohe-cli chart` pick a chart by type and draw it with the
 * same call into their own cairo_t.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-chart-data.h"

G_BEGIN_DECLS

typedef enum
{
  KH_CHART_BUMP,
  KH_CHART_SLOPE,
  KH_CHART_BARS,
  KH_CHART_RADAR,
  KH_CHART_DISTRIBUTION,
  KH_N_CHART_TYPES,
} KhChartType;

void        kh_chart_draw           (KhChartType        type,
                                     const KhChartData *data,
                                     cairo_t           *cr,
                                     double             width,
                                     double             height,
                                     KhChartLayout     *layout);

/* "bump", "slope", "bars", "radar", "distribution" (what the CLI's --type takes). */
const char *kh_chart_type_to_string (KhChartType        type);
gboolean    kh_chart_type_from_string (const char      *name,
                                       KhChartType     *type);

/* Draws the chart on a page of @width × @height and writes it to @path: PNG (pixels at
 * @scale per unit, on an opaque background), SVG or PDF (units are points), chosen by the
 * extension. Fails with G_FILE_ERROR_INVAL for another extension and G_FILE_ERROR_FAILED
 * when the file cannot be written; a failed export leaves no file behind. */
gboolean    kh_chart_export         (KhChartType        type,
                                     const KhChartData *data,
                                     const char        *path,
                                     double             width,
                                     double             height,
                                     double             scale,
                                     GError           **error);

G_END_DECLS
