/* kh-results-breakdown.h — a unit's breakdown beside the ranking on the Results page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

/* The like-for-like plan (last year's data under this year's framework) the breakdown
 * compares with, kept between fills: made again only when last year's plan or the
 * framework in more than its weights changed, re-weighted (kh_plan_reweight()) when only
 * weights did, as after every weight edit and its undo (issue 22). */
typedef struct _KhLikeCache KhLikeCache;

KhLikeCache *kh_like_cache_new  (void);
void         kh_like_cache_free (KhLikeCache *self);
/* The computed like-for-like plan of @plan's framework and @previous (borrowed: valid
 * until the next call or kh_like_cache_free()), or NULL when it cannot be made. */
KhPlan      *kh_like_cache_get  (KhLikeCache *self,
                                 KhPlan      *plan,
                                 KhPlan      *previous);
/* Starts making on a worker thread the like-for-like plan of @plan's framework (copied) and
 * @previous (computed, only read meanwhile), unless one is kept that needs at most a
 * re-weighting or a worker runs: the next kh_like_cache_get() waits for it and takes it
 * over. kh_like_cache_free() waits for it too. */
void         kh_like_cache_prepare (KhLikeCache *self,
                                    KhPlan      *plan,
                                    KhPlan      *previous);
/* How many like-for-like plans the cache made whole, re-weighted, and took over from its
 * worker (for the tests). */
guint        kh_like_cache_get_n_made       (KhLikeCache *self);
guint        kh_like_cache_get_n_reweighted (KhLikeCache *self);
guint        kh_like_cache_get_n_prepared   (KhLikeCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhLikeCache, kh_like_cache_free)

/* Appends to @box the breakdown of @unit in the computed @plan, compared with @previous
 * (last year's plan, or NULL); KH_DATASET_NONE or a NULL @plan: a "Select a Unit" page.
 * @cache (or NULL: made for this fill alone) keeps the like-for-like plan. */
void kh_results_breakdown_fill (GtkBox      *box,
                                KhPlan      *plan,
                                KhPlan      *previous,
                                guint        unit,
                                KhLikeCache *cache);
/* What @box shows of a unit, filled by kh_results_breakdown_fill(), brought up to date in
 * place: when it shows the same unit under a plan of the same nodes (as after an edit of
 * weights or values), its texts are set where they changed, rows added to or removed from
 * the end of what follows the indicators (made again only when its sections differ);
 * FALSE (nothing done) otherwise. */
gboolean kh_results_breakdown_update (GtkBox      *box,
                                      KhPlan      *plan,
                                      KhPlan      *previous,
                                      guint        unit,
                                      KhLikeCache *cache);

G_END_DECLS
