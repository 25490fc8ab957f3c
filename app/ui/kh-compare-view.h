/* kh-compare-view.h — the Year over Year tab of Results: a whole category between two years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two year pickers (any two years of the project) and, for the units of the peer group,
 * one row each: score then and now and its change, rank then and now and its change, tier
 * then and now, the change of every exam paper's and dimension's points, and this year's
 * award; a dumbbell chart of the scores above (kh-dumbbell-chart.c, exportable with
 * Ctrl+E like every chart). A filter keeps the units that advanced, fell back or changed
 * tier. Clicking a row (or Enter on it, or a unit in the chart) shows the unit's
 * peer-relative explanation beside the table (kh-results-breakdown.c: the later year
 * against the year before it). "Print Comparison…" prints the comparison report of the
 * same two years (kaohe-cli report --kind compare).
 */
#pragma once

#include <adwaita.h>

#include "charts/kh-watermark.h"
#include "kh-chart-widget.h"
#include "kh-document.h"
#include "report/kh-report.h"

G_BEGIN_DECLS

#define KH_TYPE_COMPARE_VIEW (kh_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (KhCompareView, kh_compare_view, KH, COMPARE_VIEW, GtkWidget)

typedef enum
{
  KH_COMPARE_ALL,
  KH_COMPARE_ADVANCED,
  KH_COMPARE_FELL,
  KH_COMPARE_CHANGED_TIER,
} KhCompareFilter;

void           kh_compare_view_set_document  (KhCompareView  *self,
                                              KhDocument     *document);
/* NULL: the framework's first group. */
void           kh_compare_view_set_group     (KhCompareView  *self,
                                              const char     *group_id);
void           kh_compare_view_set_watermark (KhCompareView  *self,
                                              KhWatermark     mark);
/* The two years compared (0: the document's year and the year before it). */
void           kh_compare_view_set_years     (KhCompareView  *self,
                                              int             from,
                                              int             to);
void           kh_compare_view_get_years     (KhCompareView  *self,
                                              int            *from,
                                              int            *to);
void           kh_compare_view_set_filter    (KhCompareView  *self,
                                              KhCompareFilter filter);
/* Shows @unit_id's explanation and selects it in the table and the chart. */
void           kh_compare_view_explain       (KhCompareView  *self,
                                              const char     *unit_id);
/* The unit explained (NULL: none). */
const char    *kh_compare_view_get_explained (KhCompareView  *self);
/* The comparison report of the two years and the category (what Print Comparison…
 * prints), or NULL with the reason. */
KhReport      *kh_compare_view_new_report    (KhCompareView  *self,
                                              GError        **error);
GtkListBox    *kh_compare_view_get_list      (KhCompareView  *self);
KhChartWidget *kh_compare_view_get_chart     (KhCompareView  *self);
GtkBox        *kh_compare_view_get_explanation (KhCompareView *self);
/* The unit id of row @index of the table as shown (NULL past the end). */
const char    *kh_compare_view_get_row_unit  (KhCompareView  *self,
                                              guint           index);

G_END_DECLS
