/* kh-sorted-rows.h — a list model sorted by a GtkSorter, sorted again in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KH_TYPE_SORTED_ROWS (kh_sorted_rows_get_type ())
G_DECLARE_FINAL_TYPE (KhSortedRows, kh_sorted_rows, KH, SORTED_ROWS, GObject)

/* The items of @source sorted by @sorter (items it finds equal in @source's order). The
 * model follows @source (any change of it sorts the items anew) and @sorter's "changed";
 * items that changed in place are sorted again by kh_sorted_rows_resort(). */
KhSortedRows *kh_sorted_rows_new    (GListModel   *source,
                                     GtkSorter    *sorter);

/* Sorts the items again from their order now, after they changed in place: returns
 * whether their order changed. Only then, one "items-changed" from the first position
 * whose item changed to the last (GTK 4.8's list views bind every shown row after any
 * change anew: one range costs the least), none when the order stayed. */
gboolean      kh_sorted_rows_resort (KhSortedRows *self);

G_END_DECLS
