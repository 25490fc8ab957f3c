/* kh-result-row.h — one unit's result as a list-model item (sortable properties)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

#define KH_TYPE_RESULT_ROW (kh_result_row_get_type ())

G_DECLARE_FINAL_TYPE (KhResultRow, kh_result_row, KH, RESULT_ROW, GObject)

/* Reads unit @unit's results from @plan. */
KhResultRow *kh_result_row_new            (KhPlan      *plan,
                                           guint        unit);
/* Reads the unit's results again from @plan; emits "changed" when anything shown changed
 * (the coverage and tier name, which only the cells show, are compared only while a cell
 * watches the row: the others read them again when asked for). Returns TRUE when a
 * property the rows are sorted by (or the unit) changed. */
gboolean     kh_result_row_update         (KhResultRow *self,
                                           KhPlan      *plan,
                                           guint        unit);
guint        kh_result_row_get_unit       (KhResultRow *self);
const char  *kh_result_row_get_unit_id    (KhResultRow *self);
const char  *kh_result_row_get_name       (KhResultRow *self);
const char  *kh_result_row_get_group      (KhResultRow *self);
double       kh_result_row_get_score      (KhResultRow *self);
/* The share of the total's weight backed by this year's data (< 1: incomplete). */
double       kh_result_row_get_coverage   (KhResultRow *self);
/* 0: not ranked */
int          kh_result_row_get_rank       (KhResultRow *self);
int          kh_result_row_get_tier       (KhResultRow *self);
const char  *kh_result_row_get_tier_name  (KhResultRow *self);
int          kh_result_row_get_previous_rank (KhResultRow *self);
/* FALSE when there is no previous rank; *change = previous rank − rank (> 0: advanced). */
gboolean     kh_result_row_get_change     (KhResultRow *self,
                                           int         *change);
const char  *kh_result_row_get_awards     (KhResultRow *self);
gboolean     kh_result_row_get_vetoed     (KhResultRow *self);

G_END_DECLS
