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
#include "kh-result-row.h"
#include "kh-robustness-view.h"

G_BEGIN_DECLS

#define KH_TYPE_RESULTS_VIEW (kh_results_view_get_type ())

G_DECLARE_FINAL_TYPE (KhResultsView, kh_results_view, KH, RESULTS_VIEW, GtkWidget)

void        kh_results_view_set_document (KhResultsView *self,
                                          KhDocument    *document);
/* NULL: every group. */
void        kh_results_view_set_group    (KhResultsView *self,
                                          const char    *group_id);
/* The rows as shown (filtered by group and sorted), of KhResultRow. After an edit while
 * the ranking is hidden, they are brought up to date when it shows or by this call. */
GListModel *kh_results_view_get_rows     (KhResultsView *self);
/* How many rows the ranking lists now, without bringing them up to date first: after the
 * rows are made again, those of the first frame only until the frame after (issue 22;
 * kh-bench-ui's "results shown"). */
guint       kh_results_view_get_n_listed (KhResultsView *self);
/* Selects the unit alone and shows its breakdown; FALSE when it is not listed. The rows
 * select several units (Ctrl+click, Shift+click, Ctrl+Space): the charts highlight them. */
gboolean    kh_results_view_select_unit  (KhResultsView *self,
                                          const char    *unit_id);
/* The unit whose breakdown is shown (the last selected), or NULL; its row when listed
 * (borrowed), else NULL. */
const char *kh_results_view_get_selected_unit (KhResultsView *self);
KhResultRow *kh_results_view_get_selected_row (KhResultsView *self);
/* Every unit selected, in the rows' order when they were chosen (NULL-terminated, empty
 * when none). They are
 * kept when the rows are made again (another year or category): those listed then are
 * selected; "units-selected" says when they change. */
const char *const *kh_results_view_get_selected_units (KhResultsView *self);
/* The Robustness, Indicator Health and Year over Year tabs' views, and showing a tab
 * ("ranking", "health", "robustness" or "compare"). */
KhRobustnessView *kh_results_view_get_robustness (KhResultsView *self);
KhHealthView *kh_results_view_get_health   (KhResultsView *self);
KhCompareView *kh_results_view_get_compare (KhResultsView *self);
KhRecommendView *kh_results_view_get_recommend (KhResultsView *self);
void        kh_results_view_show_tab     (KhResultsView *self,
                                          const char    *name);

G_END_DECLS
