/* kh-results-view.h — the Results page: ranking table per group and a unit's breakdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two tabs: the ranking, and how robust it is (KhRobustnessView, which the window
 * connects to the document like the other pages).
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-compare-view.h"
#include "kh-health-view.h"
#include "kh-recommend-view.h"
#include "kh-robustness-view.h"

G_BEGIN_DECLS

#define KH_TYPE_RESULTS_VIEW (kh_results_view_get_type ())

G_DECLARE_FINAL_TYPE (KhResultsView, kh_results_view, KH, RESULTS_VIEW, GtkWidget)

void        kh_results_view_set_document (KhResultsView *self,
                                          KhDocument    *document);
/* NULL: every group. */
void        kh_results_view_set_group    (KhResultsView *self,
                                          const char    *group_id);
/* The rows as shown (filtered by group and sorted), of KhResultRow. */
GListModel *kh_results_view_get_rows     (KhResultsView *self);
/* Selects the unit and shows its breakdown; FALSE when it is not listed. */
gboolean    kh_results_view_select_unit  (KhResultsView *self,
                                          const char    *unit_id);
/* The Robustness, Indicator Health and Year over Year tabs' views, and showing a tab
 * ("ranking", "health", "robustness" or "compare"). */
KhRobustnessView *kh_results_view_get_robustness (KhResultsView *self);
KhHealthView *kh_results_view_get_health   (KhResultsView *self);
KhCompareView *kh_results_view_get_compare (KhResultsView *self);
KhRecommendView *kh_results_view_get_recommend (KhResultsView *self);
void        kh_results_view_show_tab     (KhResultsView *self,
                                          const char    *name);

G_END_DECLS
