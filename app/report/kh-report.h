/* kh-report.h — the three reports: laid out into pages first, then drawn page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   annual   a cover (title, year, date, project, audit chain head, contents), then per
 *            peer group a ranking table (名次 单位 得分 等次 上年名次 变化 奖项) whose header
 *            repeats on every page, followed by the group's bump chart
 *   unit     one page per unit: scores by exam paper and dimension, rank history,
 *            strongest and weakest indicators, radar against the group mean
 *   compare  per group: slope chart of two years and the table of changes, sorted by change
 *
 * kh_report_paginate() computes every page without drawing, so the page count is known
 * ("page N of M", GtkPrintOperation's n-pages); kh_report_draw_page() draws one page into
 * any cairo_t whose user units are points with the origin at the page's top-left corner.
 * PDF export (kh_report_write_pdf), printing and previews all call the same code.
 *
 * Every footer carries the report id: the first 12 hex digits of
 *   SHA-256 ("kaohe-report-v1\nhead=H\nyear=Y\nkind=K\nscope=S\nyears=A-B\n")
 * with H the audit chain head, K the kind's name and S the scope (category, group, unit,
 * each as given, empty when not). The same project state and request give the same id.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "charts/kh-watermark.h"
#include "kh-page.h"
#include "kh-report-data.h"

G_BEGIN_DECLS

typedef enum
{
  KH_REPORT_ANNUAL,
  KH_REPORT_UNIT,
  KH_REPORT_COMPARE,
} KhReportKind;

typedef struct
{
  KhReportKind kind;
  KhPageOrientation orientation;
  const char *category; /* only the groups of this category (NULL: all) */
  const char *group;    /* only this group (NULL: all) */
  const char *unit;     /* unit report: only this unit, by id or Chinese name (NULL: all) */
  int compare_from;     /* compare: the earlier year (0: the first year of the data) */
  KhWatermark watermark; /* across every page: the sample's DEMONSTRATION DATA, DRAFT */
} KhReportOptions;

typedef struct _KhReport KhReport;

/* Selects the scope (errors name the missing category, group, unit or year) and lays
 * the report out on A4 of the chosen orientation. @data is referenced. */
KhReport     *kh_report_new            (KhReportData          *data,
                                        const KhReportOptions *options,
                                        GError               **error);
void          kh_report_free           (KhReport              *report);

const char   *kh_report_get_id         (KhReport              *report);
KhReportKind  kh_report_get_kind       (KhReport              *report);
/* Lays the report out again for @page (e.g. the printer's paper); returns the count. */
guint         kh_report_paginate       (KhReport              *report,
                                        const KhPage          *page);
guint         kh_report_get_n_pages    (KhReport              *report);
const KhPage *kh_report_get_page       (KhReport              *report);
/* The first page (0-based) of each peer group in the report, in order (for contents). */
int           kh_report_get_group_page (KhReport              *report,
                                        const char            *group_id);

void          kh_report_draw_page      (KhReport              *report,
                                        cairo_t               *cr,
                                        guint                  page);
gboolean      kh_report_write_pdf      (KhReport              *report,
                                        const char            *path,
                                        GError               **error);

/* The short line that closes a report for whoever checks it against the project: report
 * id, audit chain head (with its sequence number), project id, generation date. Everything
 * that verifies a printed report is added here, in this one function. */
char         *kh_report_verification_line (KhReport           *report);

const char   *kh_report_kind_to_string (KhReportKind           kind);
gboolean      kh_report_kind_from_string (const char          *name,
                                          KhReportKind        *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhReport, kh_report_free)

G_END_DECLS
