/* kh-report-private.h — what the report's files share: the page items and the layout helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not installed, not included outside app/report. kh-report.c owns the report's life and
 * draws pages by replaying their items; each layout file fills or draws some of them.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "charts/kh-chart.h"
#include "kh-report-table.h"
#include "kh-report.h"

G_BEGIN_DECLS

#define BODY_SIZE 9.0
#define HEADING_SIZE 14.0
#define CAPTION_SIZE 10.0
#define GAP 10.0
#define CHART_ROW 12.0 /* preferred height per unit in rank charts */

typedef enum
{
  ITEM_HEADING,   /* the section's title block */
  ITEM_CONTINUED, /* "… (continued)" above a table run */
  ITEM_TABLE,
  ITEM_CHART,     /* caption and chart */
  ITEM_PROFILE,   /* a whole unit page */
  ITEM_TEXT,      /* a paragraph of the notice: report->blocks[first] */
  ITEM_SEAL,      /* approval, seal and the verification line that close the report */
  ITEM_CAPTION,   /* a caption above a table of the section: item->text */
} ItemKind;

typedef struct
{
  KhReportGroup *group;
  KhReportTable *table; /* owned: ranking (annual) or changes (compare) */
  KhChartType chart;
  int first_page;
  /* annual, after kh_report_data_analyse(): owned, else NULL */
  KhReportTable *robustness;
  KhReportTable *audit;
  KhReportTable *health;
  KhReportTable *health_trend; /* NULL: no earlier year */
  char *robustness_caption;
  /* annual, when the category's survey was added: owned, else NULL */
  KhReportTable *survey;
  char *survey_caption;
  /* annual, when the group's units recommend ("321"): owned, else NULL */
  KhReportTable *recommend;
  char *recommend_caption;
  KhReportTable *advanced;
  char *advanced_caption;
} Section;

/* A paragraph of the notice's front matter. */
typedef struct
{
  char *text;
  double size;
  gboolean bold;
  KhAlign align;
  double space_after;
  gboolean accent; /* the issuer's line, in the official red */
  double indent;   /* from the left margin: the lines of a note below its first */
} Block;

typedef struct
{
  ItemKind kind;
  double y, height;
  Section *section;
  guint first, n; /* table rows; profile: the row */
  KhReportGroup *group;
  KhReportTable *table; /* ITEM_TABLE: the table the rows are of (NULL: section->table) */
  const char *text;     /* ITEM_CAPTION */
} Item;

struct _KhReport
{
  KhReportData *data;
  KhReportKind kind;
  char *category, *group, *unit;
  int from; /* year index compared with the report year */
  int to;   /* year index of the report year */
  char *id;
  KhWatermark watermark;
  KhPage page;
  GPtrArray *sections; /* of Section* */
  GPtrArray *profiles; /* of Item* templates (group, row) for unit reports */
  GPtrArray *pages;    /* of GArray of Item */
  GPtrArray *blocks;   /* of Block*: the notice's paragraphs (annual) */
  Section *contents;   /* the notice's contents table (annual; group NULL) */
};

/* kh-report-text.c: numbers as the tables print them ("—" for none) */
char          *kh_report_format_score        (double         score,
                                              int            precision);
/* The score marked " ◔" when @coverage (share of the weight backed by data) is below 1. */
char          *kh_report_format_score_marked (double         score,
                                              int            precision,
                                              double         coverage);
/* What a section's heading warns of, one line each (NULL: nothing): a framework change
 * across the rank changes shown, incomplete scores (◔). */
char          *kh_report_section_notes       (KhReport      *report,
                                              KhReportGroup *group);
char          *kh_report_format_rank         (int            rank);
char          *kh_report_format_change       (gboolean       known,
                                              int            change);
char          *kh_report_title_with_years    (KhReport      *report);
/* Wrapped text @width wide: its height; drawn with its top-left corner at (x, y). */
double         kh_report_text_height         (cairo_t       *cr,
                                              const char    *text,
                                              double         size,
                                              gboolean       bold,
                                              double         width);
double         kh_report_draw_text           (cairo_t       *cr,
                                              const char    *text,
                                              double         x,
                                              double         y,
                                              double         width,
                                              double         size,
                                              gboolean       bold,
                                              KhAlign        align,
                                              gboolean       one_line);

/* kh-report-annual.c, kh-report-compare.c: a section's table */
KhReportTable *kh_report_annual_table        (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_compare_table       (KhReport      *report,
                                              KhReportGroup *group);

/* kh-report-robustness.c: the robustness of a group's ranking (annual, when analysed) */
char          *kh_report_robustness_caption  (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_robustness_table    (KhReport      *report,
                                              KhReportGroup *group);
/* The unit's row of it (nominal rank, runs, median, interval, tier chances), for the unit
 * profile; a table of the reason when the group has no analysis. */
KhReportTable *kh_report_robustness_unit_table (KhReport    *report,
                                              KhReportGroup *group,
                                              const char    *unit_id);
KhReportTable *kh_report_health_table        (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_health_trend_table  (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_audit_table         (KhReport      *report,
                                              KhReportGroup *group);

/* kh-report-survey.c: the aggregates of the category's survey in a group (annual, when
 * added); NULL when the category has none. */
char          *kh_report_survey_caption      (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_survey_table        (KhReport      *report,
                                              KhReportGroup *group);

/* kh-report-recommend.c: the "321" recommendations of a recommending group (annual; NULL
 * when the group has none) and the resulting list */
char          *kh_report_recommend_caption   (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_recommend_table     (KhReport      *report,
                                              KhReportGroup *group);
char          *kh_report_advanced_caption    (KhReport      *report,
                                              KhReportGroup *group);
KhReportTable *kh_report_advanced_table      (KhReport      *report,
                                              KhReportGroup *group);

/* kh-report-paginate.c: pages of every section, drawing their items */
void           kh_report_draw_heading        (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);
void           kh_report_draw_continued      (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);
void           kh_report_draw_chart          (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);

void           kh_report_draw_caption        (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);
void           kh_report_draw_block          (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);

/* kh-report-page-frame.c */
void           kh_report_draw_header_footer  (KhReport      *report,
                                              cairo_t       *cr,
                                              guint          page);

/* kh-report-notes.c: the notice (annual) and the closing area */
char          *kh_report_format_date         (const char    *iso,
                                              KhLang         lang);
GPtrArray     *kh_report_notes               (KhReport      *report);
char          *kh_report_notice_title        (KhReport      *report);
void           kh_report_draw_seal           (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);
double         kh_report_seal_height         (KhReport      *report,
                                              cairo_t       *cr);
void           kh_report_section_free        (Section       *section);

/* kh-report-unit.c */
void           kh_report_draw_profile        (KhReport      *report,
                                              cairo_t       *cr,
                                              Item          *item);

G_END_DECLS
