/* kh-pilot-check.h — the Health tab's Check Pilot Data…: may a proposed indicator enter? (准入)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window with the admission check of the proposed indicators of a pilot CSV
 * (app/io/kh-pilot.h: a header "unit,ID1,…", a row per unit) against a peer group's
 * indicators in place, as `kaohe-cli health --pilot` prints it: per proposed indicator its
 * missing rate, CV, distinct values and Gini, and whether it tells the units apart
 * (discrimination); the indicator in place it moves with most, r, and whether it is
 * redundant with it (|r| > 0.9); the verdict — admit, review, do not admit — and the
 * reasons in words (kh_indicator_health_pilot()). A file that cannot be read shows the
 * reason naming its row and column, and nothing is checked. Nothing is ever changed.
 */
#pragma once

#include <adwaita.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

#define KH_TYPE_PILOT_CHECK (kh_pilot_check_get_type ())

G_DECLARE_FINAL_TYPE (KhPilotCheck, kh_pilot_check, KH, PILOT_CHECK, AdwWindow)

/* Checks @file against @group (NULL: the framework's first) of @plan. */
KhPilotCheck *kh_pilot_check_new       (GtkWindow    *parent,
                                        KhPlan       *plan,
                                        const char   *group,
                                        GFile        *file);
/* The proposed indicators checked (0 when the file was refused), and why it was refused
 * (NULL: it was not). */
guint         kh_pilot_check_get_n_checked (KhPilotCheck *self);
const char   *kh_pilot_check_get_error     (KhPilotCheck *self);

G_END_DECLS
