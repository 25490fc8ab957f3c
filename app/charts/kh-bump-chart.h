/* kh-bump-chart.h — rank across years for one group (the rank-change bump chart)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function for every surface: the widget, printing, PDF, SVG and PNG export
 * call kh_bump_chart_draw() with their own cairo_t. The chart's data is plain: the
 * caller (ui, cli, report) fills it from computed results.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kh-palette.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *label;  /* what is printed at the line ends, e.g. 常州市 */
  int *ranks;   /* n_years entries; 0 = the unit does not exist or was not ranked that year */
  int *tiers;   /* n_years entries; 0 = unknown */
  double *scores; /* n_years entries; NAN = none (for tooltips) */
} KhBumpUnit;

typedef struct
{
  char *title;
  int n_years;
  int *years;          /* n_years column labels, e.g. 2018 2019 2020 */
  GPtrArray *units;    /* of KhBumpUnit* */
  char *highlight;     /* id of the hovered or selected unit, or NULL */
  KhPaletteStyle style;
  double font_size;    /* nominal label size in user units (points on paper), default 10 */
} KhBumpChart;

/* What was drawn where, in user units, so tests, hit-testing and tooltips agree with
 * the picture. */
typedef struct
{
  double x, y, width, height;
  guint unit;     /* index in chart->units */
  gboolean right; /* label at the right end (TRUE) or the left end */
} KhChartLabel;

typedef struct
{
  guint unit;
  int year_index;
  double x, y;
} KhChartDot;

typedef struct
{
  GArray *labels; /* of KhChartLabel */
  GArray *dots;   /* of KhChartDot */
  double plot_x, plot_y, plot_width, plot_height;
  double row_height; /* vertical distance between consecutive ranks */
  int n_rows;
  double label_font_size; /* the size labels were set in after fitting */
} KhChartLayout;

KhBumpChart   *kh_bump_chart_new        (int            n_years,
                                         const int     *years);
void           kh_bump_chart_free       (KhBumpChart   *chart);
KhBumpUnit    *kh_bump_chart_add_unit   (KhBumpChart   *chart,
                                         const char    *id,
                                         const char    *label);

/* Draws the chart into the rectangle (0, 0, width, height) of @cr's user space.
 * @layout, if not NULL, receives the positions of dots and labels. */
void           kh_bump_chart_draw       (const KhBumpChart *chart,
                                         cairo_t       *cr,
                                         double         width,
                                         double         height,
                                         KhChartLayout *layout);

/* The unit whose line or dot is nearest to (x, y) within @radius, or -1. */
int            kh_bump_chart_hit        (const KhChartLayout *layout,
                                         double         x,
                                         double         y,
                                         double         radius);

KhChartLayout *kh_chart_layout_new      (void);
void           kh_chart_layout_free     (KhChartLayout *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhBumpChart, kh_bump_chart_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhChartLayout, kh_chart_layout_free)

G_END_DECLS
