/* kh-chart-data.h — what every chart draws from, and what it reports back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dataset serves all five charts: the units of one group across a run of years, each
 * with its rank, tier and total score per year and, optionally, the parts its score is
 * made of (the exam papers or the dimensions). The caller (ui, cli, report) fills it from
 * computed results; the charts only read it. The view fields (highlight, years shown,
 * style, font size) say how to draw it.
 *
 * The layout record says what was drawn where, in the cairo user units the chart was drawn
 * in, so that tests, hit-testing, tooltips and keyboard focus agree with the picture.
 */
#pragma once

#include <glib.h>

#include "kh-palette.h"
#include "kh-watermark.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *label;    /* what is printed, e.g. 常州市 */
  int *ranks;     /* n_years entries; 0 = the unit does not exist or was not ranked that year */
  int *tiers;     /* n_years entries; 0 = unknown */
  double *scores; /* n_years entries; NAN = none */
  double *parts;  /* n_years × n_parts, parts[year * n_parts + part]; NAN = none */
  double *coverage; /* n_years shares of the score's weight backed by data, 1 (the default)
                     * = complete; below 1 the unit's label is marked ◔ (incomplete) */
  char *short_label; /* 简称 (苏州 for 苏州市), drawn instead of the label where labels do
                      * not fit (kh_chart_unit_set_short_label); NULL: none */
} KhChartUnit;

typedef struct
{
  char *title;
  int n_years;
  int *years;        /* n_years column labels, e.g. 2018 2019 2020 */
  char **tier_names;  /* NULL-terminated names of tiers 1, 2 … (kh_tier_name), or NULL */
  int n_parts;
  char **parts;      /* n_parts names of the score's parts, e.g. 经济发展 …; may be 0 */
  double *part_max;  /* n_parts full marks (NAN = unknown: scaled to the data) */
  GPtrArray *units;  /* of KhChartUnit*, owned */

  /* How to draw it. */
  char *highlight;     /* id of the hovered or selected unit, or NULL */
  char **highlights;   /* NULL-terminated ids of more units highlighted with it (the units
                        * selected in Results, kaohe-cli chart --highlight), or NULL:
                        * these are drawn in colour and labelled, the others faded */
  int year_from;       /* first year index shown (bump) or compared (slope) */
  int year_to;         /* last year index shown; bars, radar and distribution draw this year */
  KhPaletteStyle style;
  double font_size;    /* nominal label size in user units (points on paper), default 10 */
  KhWatermark watermark; /* drawn over the chart (kh_chart_draw); NONE by default */
} KhChartData;

/* What was drawn where. */
typedef struct
{
  double x, y, width, height;
  guint unit;     /* index in data->units */
  gboolean right; /* label at the right end (TRUE) or the left end (bump and slope) */
} KhChartLabel;

typedef struct
{
  guint unit;
  int year_index;
  double x, y;
  gboolean joined; /* a line joins this dot to the next one of the same unit */
} KhChartDot;

typedef struct
{
  double x, y, width, height;
  guint unit;
  int part; /* index in data->parts, or −1 for the whole unit */
} KhChartBox;

typedef struct
{
  GArray *labels; /* of KhChartLabel */
  GArray *dots;   /* of KhChartDot: points a unit is drawn at, in unit then year order */
  GArray *boxes;  /* of KhChartBox: bars */
  double plot_x, plot_y, plot_width, plot_height;
  double row_height; /* vertical distance between consecutive ranks (bump, slope, bars) */
  int n_rows;
  double label_font_size; /* the size labels were set in after fitting */
  double cutoffs[2];      /* lowest score of tiers 1 and 2 as drawn (NAN: none) */
  KhChartBox cutoff_captions[2]; /* where their captions went (x NAN: none; bars chart) */
  gboolean curved;        /* joined dots are linked by S-curves (bump), else straight */
  gboolean abbreviated;   /* a name did not fit: the units that have a short name (简称)
                           * are labelled by it (bars, dumbbell, bump, slope) */
} KhChartLayout;

KhChartData   *kh_chart_data_new      (int                  n_years,
                                       const int           *years);
void           kh_chart_data_free     (KhChartData         *data);
KhChartUnit   *kh_chart_data_add_unit (KhChartData         *data,
                                       const char          *id,
                                       const char          *label);
/* Names the parts of the score; call before adding units. */
void           kh_chart_data_set_parts (KhChartData        *data,
                                        int                 n_parts,
                                        const char * const *names);
int            kh_chart_data_find_unit (const KhChartData  *data,
                                        const char         *id);
/* Replaces data->highlights by a copy of @ids (NULL-terminated; NULL or empty: none). */
void           kh_chart_data_set_highlights (KhChartData        *data,
                                             const char *const  *ids);
/* Whether @unit (an index of data->units) is data->highlight or one of data->highlights. */
gboolean       kh_chart_data_is_highlighted (const KhChartData  *data,
                                             guint               unit);
/* One flag per unit of @data: highlighted or not, in a single pass over the units; *any
 * says whether a unit is. Free with g_free(). */
gboolean      *kh_chart_data_highlight_mask (const KhChartData  *data,
                                             gboolean           *any);
/* Index of @year in data->years, or −1. */
int            kh_chart_data_find_year (const KhChartData  *data,
                                        int                 year);

/* Whether @unit's score of year index @year is incomplete (coverage below 1). */
gboolean       kh_chart_unit_incomplete (const KhChartUnit *unit,
                                         int                year);
/* The label of @unit for year index @year: marked " ◔" when incomplete (newly allocated). */
char          *kh_chart_unit_label    (const KhChartUnit   *unit,
                                       int                  year);
/* The same by its short name when @abbreviated and it has one. */
char          *kh_chart_unit_label_as (const KhChartUnit   *unit,
                                       int                  year,
                                       gboolean             abbreviated);
/* @short_label: the unit's short name (简称), NULL or "": none. */
void           kh_chart_unit_set_short_label (KhChartUnit *unit,
                                              const char  *short_label);

/* Rank change of @unit from year index @from to @to: rank(from) − rank(to), positive when
 * it advanced. FALSE when it was not ranked in one of them. */
gboolean       kh_chart_unit_change   (const KhChartUnit   *unit,
                                       int                  from,
                                       int                  to,
                                       int                 *change);

KhChartLayout *kh_chart_layout_new    (void);
void           kh_chart_layout_clear  (KhChartLayout       *layout);
void           kh_chart_layout_free   (KhChartLayout       *layout);

/* The unit whose label, bar, dot or line is nearest to (x, y) within @radius, or −1. */
int            kh_chart_layout_hit    (const KhChartLayout *layout,
                                       double               x,
                                       double               y,
                                       double               radius);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhChartData, kh_chart_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhChartLayout, kh_chart_layout_free)

G_END_DECLS
