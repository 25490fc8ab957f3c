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
  KH_CHART_DUMBBELL, /* scores of two years per unit (kh-dumbbell-chart.h) */
  KH_N_CHART_TYPES,
} KhChartType;

void        kh_chart_draw           (KhChartType        type,
                                     const KhChartData *data,
                                     cairo_t           *cr,
                                     double             width,
                                     double             height,
                                     KhChartLayout     *layout);

/* Small multiples: the @n charts (e.g. the peer groups of a category, each titled with its
 * group) in a grid of equal cells filling @width × @height, as many columns as keep the
 * cells closest to 4:3, in reading order. */
void        kh_chart_draw_multiples (KhChartType        type,
                                     KhChartData *const *charts,
                                     guint              n,
                                     cairo_t           *cr,
                                     double             width,
                                     double             height);
/* The grid kh_chart_draw_multiples() uses: columns and rows for @n cells. */
void        kh_chart_multiples_grid (guint              n,
                                     double             width,
                                     double             height,
                                     guint             *columns,
                                     guint             *rows);

/* "bump", "slope", "bars", "radar", "distribution", "dumbbell" (what the CLI's --type takes). */
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

/* Size presets for exported charts: a slide (16:9, 960 × 540 pt, PNG 1920 × 1080), half an
 * A4 page (170 × 115 mm) and a newspaper column (80 × 100 mm); PNGs of the two print sizes
 * at 300 dpi. */
typedef enum
{
  KH_CHART_SIZE_SLIDE,
  KH_CHART_SIZE_HALF_A4,
  KH_CHART_SIZE_COLUMN,
  KH_N_CHART_SIZES,
} KhChartSize;

void        kh_chart_size_get       (KhChartSize        size,
                                     double            *width,
                                     double            *height,
                                     double            *png_scale);
/* "slide", "a4-half", "column"; and the translated label shown in the export dialog. */
const char *kh_chart_size_to_string (KhChartSize        size);
gboolean    kh_chart_size_from_string (const char      *name,
                                       KhChartSize     *size);
const char *kh_chart_size_get_label (KhChartSize        size);

/* Any chart drawn by @draw (the robustness and audit charts, which draw from other data)
 * exported as kh_chart_export() does. */
typedef void (*KhChartDrawFunc) (cairo_t *cr,
                                 double   width,
                                 double   height,
                                 gpointer user_data);
gboolean    kh_chart_export_draw    (KhChartDrawFunc    draw,
                                     gpointer           user_data,
                                     const char        *path,
                                     double             width,
                                     double             height,
                                     double             scale,
                                     GError           **error);

G_END_DECLS
