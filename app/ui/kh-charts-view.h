/* kh-charts-view.h — the Charts page: one group's charts across the project's years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart data comes from the live plan of the year open (so edits show at once) and
 * the computed plans of the earlier years of the same category, through the report
 * layer's KhReportData; KhChartWidget (CHARTS) draws it.
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_CHARTS_VIEW (kh_charts_view_get_type ())

G_DECLARE_FINAL_TYPE (KhChartsView, kh_charts_view, KH, CHARTS_VIEW, GtkWidget)

void kh_charts_view_set_document (KhChartsView *self,
                                  KhDocument   *document);
/* NULL: the framework's first group. */
void kh_charts_view_set_group    (KhChartsView *self,
                                  const char   *group_id);
/* Units in the chart shown (for tests). */
guint kh_charts_view_get_n_units (KhChartsView *self);

G_END_DECLS
