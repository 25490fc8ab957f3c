/* kh-chart-private.h — helpers shared by the chart renderers (not for other layers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "kh-chart-data.h"
#include "kh-chart-text.h"

G_BEGIN_DECLS

#define KH_CHART_MARGIN 12.0
#define KH_CHART_GAP 6.0
#define KH_CHART_MIN_LABEL_SIZE 6.0

/* Paints the background and the title; returns the y below the title (the top margin
 * when there is none). */
double   kh_chart_draw_frame      (const KhChartData *data,
                                   cairo_t           *cr,
                                   double             width,
                                   double             height);

/* Height of one line of text per unit of font size, as measured on @cr. */
double   kh_chart_line_height     (cairo_t           *cr);

/* Shows @text with its box anchored at (x, y): @ax and @ay are 0 (left/top), 0.5 or 1
 * (right/bottom). Returns the width; *h receives the height when not NULL. */
double   kh_chart_show_text       (cairo_t           *cr,
                                   const KhChartData *data,
                                   const char        *text,
                                   double             size,
                                   gboolean           bold,
                                   double             x,
                                   double             y,
                                   double             ax,
                                   double             ay,
                                   double             alpha,
                                   double            *h);
double   kh_chart_text_width      (cairo_t           *cr,
                                   const char        *text,
                                   double             size,
                                   gboolean           bold);

/* Whether some unit of @data that has a short name (简称) has a label (of year index
 * @year, at @size, plus @extra) wider than @max_width: then the short names are drawn. */
gboolean kh_chart_needs_short_labels (cairo_t           *cr,
                                      const KhChartData *data,
                                      int                year,
                                      double             size,
                                      gboolean           bold,
                                      double             extra,
                                      double             max_width);

/* The names at the left of the rows of the bars and dumbbell charts (units @order[0 …
 * @count − 1] top down, labels of data->year_to). Width: the widest name, at most
 * @max_width, the short names taken when a name is wider (sets layout->abbreviated). */
double   kh_chart_row_names_width (cairo_t           *cr,
                                   const KhChartData *data,
                                   KhChartLayout     *layout,
                                   const guint       *order,
                                   guint              count,
                                   double             max_width);
/* Places them right-aligned to the plot, the highlighted first, thinned where rows are
 * too thin for all; then draws them (ellipsized to their box). */
void     kh_chart_place_row_names (const KhChartData *data,
                                   cairo_t           *cr,
                                   KhChartLayout     *layout,
                                   const guint       *order,
                                   guint              count,
                                   double             name_w,
                                   double             line_h);
void     kh_chart_draw_row_names  (const KhChartData   *data,
                                   cairo_t             *cr,
                                   const KhChartLayout *layout);

/* Whether the box (x, y, w, h) overlaps a label already in @layout. */
gboolean kh_chart_label_collides  (const KhChartLayout *layout,
                                   double               x,
                                   double               y,
                                   double               w,
                                   double               h);

/* A legend row of (swatch, text) entries right-aligned to @right at @y (top); a swatch
 * is drawn by @draw_swatch for entry i into the box (x, y, size, size). Returns the
 * legend's width; with @draw_swatch NULL only measures it. */
typedef void (*KhSwatchFunc) (cairo_t *cr, const KhChartData *data, int entry, double x,
                              double y, double size);
double   kh_chart_draw_legend     (cairo_t           *cr,
                                   const KhChartData *data,
                                   const char *const *texts,
                                   int                n,
                                   KhSwatchFunc       draw_swatch,
                                   double             right,
                                   double             y,
                                   double             size);

/* Ticks for an axis from @lo to @hi: about @n round steps. Returns the step and sets
 * *first to the first tick ≥ lo. */
double   kh_chart_nice_step       (double             lo,
                                   double             hi,
                                   int                n,
                                   double            *first);

/* The tier cut-offs of year index @year: cutoffs[t − 1] is the lowest score of tier t,
 * where the line is drawn and what its label quotes (NAN when tier t or t + 1 is empty);
 * lowest[] is the same (kept for callers that name it so). */
void     kh_chart_tier_cutoffs    (const KhChartData *data,
                                   int                year,
                                   double             cutoffs[2],
                                   double             lowest[2]);

/* A horizontal score axis along y = @y from @x0 (score @lo) to @x1 (score @hi). */
void     kh_chart_draw_score_axis (cairo_t           *cr,
                                   const KhChartData *data,
                                   double             x0,
                                   double             x1,
                                   double             y,
                                   double             grid_top,
                                   double             lo,
                                   double             hi,
                                   double             size);

/* The name of @tier (1-based) as data->tier_names gives it, else kh_tier_name()'s
 * default. Free with g_free(). */
char    *kh_chart_tier_name       (const KhChartData *data,
                                   int                tier);

/* Opacity of unit @unit under a highlight mask (kh_chart_data_highlight_mask): full when
 * no unit is highlighted (@any FALSE) or it is, faded otherwise. */
double   kh_chart_mask_alpha      (const gboolean    *mask,
                                   gboolean           any,
                                   guint              unit);

/* Lines between ranks in columns @cols (year indices): the bump chart (S-curves, every
 * segment coloured by its own direction) and the slope chart (straight, change labelled). */
void     kh_rank_lines_draw       (const KhChartData *data,
                                   cairo_t           *cr,
                                   double             width,
                                   double             height,
                                   KhChartLayout     *layout,
                                   const int         *cols,
                                   int                n_cols,
                                   gboolean           slope);

G_END_DECLS
