/* kh-recommend-view.h — the Recommendations tab of Results: the year's "321" list (先进县)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per quota rule of the year's frameworks (core/kh-recommend.h): one row per
 * recommending unit (city) in rank order — its tier, its quota, the units it recommends
 * (with their rank) and those not taken with the reason — then the resulting list of
 * recommended units (先进县) by rank. The open category's results are the document's
 * plan (with its unsaved edits), the other categories' are computed from the project.
 * It follows every change of the year's results while it shows.
 */
#pragma once

#include <adwaita.h>

#include "core/kh-recommend.h"
#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_RECOMMEND_VIEW (kh_recommend_view_get_type ())

G_DECLARE_FINAL_TYPE (KhRecommendView, kh_recommend_view, KH, RECOMMEND_VIEW, GtkWidget)

void        kh_recommend_view_set_document        (KhRecommendView *self,
                                                   KhDocument      *document);
/* What shows (of KhRecommendation*), or NULL with the reason (NULL when there is nothing
 * to show yet). */
GPtrArray  *kh_recommend_view_get_recommendations (KhRecommendView *self);
const char *kh_recommend_view_get_error           (KhRecommendView *self);

G_END_DECLS
