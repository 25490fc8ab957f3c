/* kh-project-compute.h — scoring a project's year with the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset of a year holds every unit that exists in the year and belongs to the
 * framework's category (ordered by id, with its Chinese name and peer group) and every
 * stored value. The previous year, when the project has its framework, is computed first
 * (recursively) and serves as the plan's previous year.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"
#include "kh-project.h"

G_BEGIN_DECLS

KhPlan    *kh_project_compute           (KhProject *self,
                                         int        year,
                                         GError   **error);
/* The plan's results per unit (of KhStoredResult*): total, rank, tier, previous rank,
 * rank change, awards (ids joined by ",") and every node's score. */
GPtrArray *kh_project_results_from_plan (KhPlan    *plan);
/* Computes @year and stores its results (one transaction, audited as "compute"). */
gboolean   kh_project_compute_and_store (KhProject *self,
                                         int        year,
                                         GError   **error);

G_END_DECLS
