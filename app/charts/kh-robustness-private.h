/* kh-robustness-private.h — helpers of the robustness and audit charts (charts layer only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These charts take a KhChartData as their view only: title, style, font size, the
 * highlighted unit and the watermark, which each draws over itself as kh_chart_draw() does.
 */
#pragma once

#include "analysis/kh-sensitivity.h"
#include "kh-chart-private.h"

G_BEGIN_DECLS

/* Rows of units (interval and tier charts): a label column, then the plot. */
typedef struct
{
  double top;        /* y of the first row */
  double row;        /* row height */
  double size;       /* label font size */
  double label_x;    /* x where labels start */
  double plot_x;     /* x where the plot starts */
  double plot_width;
} KhUnitRows;

/* Lays out one row per unit of @result under the frame, above @bottom_space. */
void kh_unit_rows_layout (cairo_t                   *cr,
                          const KhSensitivityResult *result,
                          const KhChartData         *view,
                          double                     top,
                          double                     width,
                          double                     height,
                          double                     bottom_space,
                          KhUnitRows                *rows);
/* Draws unit @k's label ("nominal rank. name") right-aligned before the plot, bold
 * when it is the highlighted unit, and a tinted band across the row for it. */
void kh_unit_rows_label  (cairo_t                   *cr,
                          const KhSensitivityResult *result,
                          const KhChartData         *view,
                          const KhUnitRows          *rows,
                          guint                      k,
                          double                     width,
                          KhChartLayout             *layout);

/* The colour of tier @tier (1-based) of @n_tiers: the advance blue for the first, the fall
 * orange for the last, the steady grey between, so that the order reads in greyscale too. */
void kh_tier_color       (KhPaletteStyle             style,
                          int                        tier,
                          int                        n_tiers,
                          KhColor                   *color);

/* A legend of the @n_tiers tier colours named @names, right-aligned to @right at @y. */
void kh_tier_legend      (cairo_t                   *cr,
                          const KhChartData         *view,
                          const char *const         *names,
                          int                        n_tiers,
                          double                     right,
                          double                     y,
                          double                     size);

/* A diverging colour for a correlation in [−1, 1]: fall orange, background, advance blue. */
void kh_diverging_color  (KhPaletteStyle             style,
                          double                     value,
                          KhColor                   *color);

G_END_DECLS
