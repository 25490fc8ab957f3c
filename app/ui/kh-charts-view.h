/* kh-charts-view.h — the Charts page: one group's charts across the project's years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart data comes from the live plan of the year open (so edits show at once) and
 * the computed plans of the earlier years of the same category (computed on a worker
 * thread when another year or category is shown), through the report layer's
 * KhReportData; KhChartWidget (CHARTS) draws it.
 *
 * The toolbar chooses the chart type, the years compared and the unit highlighted (the
 * one the profile chart draws). Clicking a unit (or Enter on it) highlights it and emits
 * "unit-activated" (the window selects it in Results).
 */
#pragma once

#include <adwaita.h>

#include "kh-chart-widget.h"
#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_CHARTS_VIEW (kh_charts_view_get_type ())

G_DECLARE_FINAL_TYPE (KhChartsView, kh_charts_view, KH, CHARTS_VIEW, GtkWidget)

void kh_charts_view_set_document (KhChartsView *self,
                                  KhDocument   *document);
/* NULL: the framework's first group. */
void kh_charts_view_set_group    (KhChartsView *self,
                                  const char   *group_id);
/* The first and last year charted: the slope chart compares them, the bump chart spans
 * them, the other charts show the last. 0: the first (last) year the page charts; "from"
 * after "to" or a year not charted falls back to that. Up to four years are charted,
 * ending with the document's year. */
void  kh_charts_view_set_years   (KhChartsView *self,
                                  int           from,
                                  int           to);
void  kh_charts_view_get_years   (KhChartsView *self,
                                  int          *from,
                                  int          *to);
/* The unit highlighted in every chart type and drawn by the profile (radar) chart;
 * NULL: none. Setting it does not emit "unit-activated". */
/* Marks the charts (on screen and exported), e.g. KH_WATERMARK_DRAFT. */
void        kh_charts_view_set_watermark     (KhChartsView *self,
                                              KhWatermark   mark);
void        kh_charts_view_set_selected_unit (KhChartsView *self,
                                              const char   *unit_id);
const char *kh_charts_view_get_selected_unit (KhChartsView *self);
/* The units highlighted in every chart type and each of the small multiples, besides the
 * selected one (the units selected in Results); kept across years and categories, drawn
 * where they are. NULL or empty: none. The list is never NULL. */
void        kh_charts_view_set_highlighted_units (KhChartsView      *self,
                                                  const char *const *unit_ids);
const char *const *kh_charts_view_get_highlighted_units (KhChartsView *self);
/* Whether the earlier years of another year or category are still being computed, on a
 * worker thread: the page shows a spinner, and no chart, until they are. */
gboolean       kh_charts_view_is_loading     (KhChartsView *self);
KhChartWidget *kh_charts_view_get_chart      (KhChartsView *self);
/* Units in the chart shown (for tests). */
guint kh_charts_view_get_n_units (KhChartsView *self);

/* Writes the chart shown, as shown (type, years, unit highlighted), in print colours at
 * @size to @path: PNG, SVG or PDF by the extension. The "charts.export" action (the
 * toolbar's Export button, the chart's context menu, Ctrl+E) asks for the file and size. */
gboolean       kh_charts_view_export           (KhChartsView  *self,
                                                const char    *path,
                                                KhChartSize    size,
                                                GError       **error);

G_END_DECLS
