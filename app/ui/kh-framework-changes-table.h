/* kh-framework-changes-table.h — what changed between two frameworks, as a grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

/* Empties @grid, then fills it with a heading row and a row per change from @earlier to
 * @later (kh_framework_changes()); returns the changes. NULL frameworks: just empties it. */
guint kh_framework_changes_fill_grid (GtkGrid     *grid,
                                      KhFramework *earlier,
                                      KhFramework *later);

G_END_DECLS
