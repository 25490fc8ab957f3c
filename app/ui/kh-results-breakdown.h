/* kh-results-breakdown.h — a unit's breakdown beside the ranking on the Results page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

/* Appends to @box the breakdown of @unit in the computed @plan, compared with @previous
 * (last year's plan, or NULL); KH_DATASET_NONE or a NULL @plan: a "Select a Unit" page. */
void kh_results_breakdown_fill (GtkBox *box,
                                KhPlan *plan,
                                KhPlan *previous,
                                guint   unit);

G_END_DECLS
