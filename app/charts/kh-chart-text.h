/* kh-chart-text.h — text in charts: Pango layouts with CJK fallback, and label placement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A layout in @cr's user units: @size is the absolute font size (points on paper, pixels
 * on screen). Hinting of metrics is off so that a chart measures the same on every surface. */
PangoLayout *kh_chart_text_layout  (cairo_t    *cr,
                                    const char *text,
                                    double      size,
                                    gboolean    bold);
void         kh_chart_text_size    (PangoLayout *layout,
                                    double      *width,
                                    double      *height);

/* One-dimensional label placement along y. Each item wants its centre at want[i] and is
 * @height tall; the band is [top, bottom]. Labels are moved apart by the least amount in
 * two passes (down, then up from the bottom). Returns FALSE when they cannot fit, and
 * leaves @placed undefined. @order is scratch of n entries. */
gboolean     kh_chart_spread_labels (const double *want,
                                     double       *placed,
                                     guint        *order,
                                     guint         n,
                                     double        height,
                                     double        top,
                                     double        bottom);

G_END_DECLS
