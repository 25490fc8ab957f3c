/* kh-health-view.h — the Health tab of Results: does each indicator still tell the units apart?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per indicator of the peer group, with the figures of `kaohe-cli health`
 * (app/analysis/kh-indicator-health.h): nominal and effective weight, missing rate, share
 * at full points, CV, distinct scores, Gini, the indicator it moves with most (r), and the
 * verdict — keep, review, candidate for exit — with its reasons in words. Below it, the
 * trend: each indicator's CV and share at full points in the same group in every earlier
 * year of the category and this one (the CLI's "Over the years"); the verdicts weigh it
 * (kh_indicator_health_add_trend()). The earlier years are read again only with another
 * year, document or group. It follows every change of the year's results while it shows.
 * Check Pilot Data… (health.check-pilot) checks proposed indicators for admission.
 */
#pragma once

#include <adwaita.h>

#include "analysis/kh-indicator-health.h"
#include "kh-document.h"
#include "kh-pilot-check.h"

G_BEGIN_DECLS

#define KH_TYPE_HEALTH_VIEW (kh_health_view_get_type ())

G_DECLARE_FINAL_TYPE (KhHealthView, kh_health_view, KH, HEALTH_VIEW, GtkWidget)

void        kh_health_view_set_document (KhHealthView *self,
                                         KhDocument   *document);
/* NULL: the framework's first group. */
void        kh_health_view_set_group    (KhHealthView *self,
                                         const char   *group_id);
/* What shows: the figures (of KhIndicatorHealth, with the trend) and their plan, or NULL with the reason
 * (NULL when there is nothing to examine yet). */
GArray     *kh_health_view_get_health   (KhHealthView *self);
KhPlan     *kh_health_view_get_plan     (KhHealthView *self);
const char *kh_health_view_get_error    (KhHealthView *self);
/* The line above the table: the group and year, the verdicts counted (under "All Groups"
 * of several groups, first which group is shown). */
const char *kh_health_view_get_summary  (KhHealthView *self);
/* Check Pilot Data… (the action health.check-pilot, after its file chooser): the admission
 * check of @file's proposed indicators against the group shown, in a window presented over
 * the tab's (kh-pilot-check.h); NULL when nothing shows to check against. */
KhPilotCheck *kh_health_view_check_pilot_file (KhHealthView *self,
                                               GFile        *file);

G_END_DECLS
