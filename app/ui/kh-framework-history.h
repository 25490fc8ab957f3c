/* kh-framework-history.h — the Framework page's History… window: the saved versions of
 * the framework open, what changed between two of them or against another year's,
 * restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_FRAMEWORK_HISTORY (kh_framework_history_get_type ())

G_DECLARE_FINAL_TYPE (KhFrameworkHistory, kh_framework_history, KH, FRAMEWORK_HISTORY, GtkWindow)

/* A window over the versions of @document's framework open (its year and category),
 * transient for @parent. It follows the document: a save adds a row, an edit changes
 * what "the framework being edited" is, another year or category closes it. */
KhFrameworkHistory *kh_framework_history_new (KhDocument *document,
                                              GtkWindow  *parent);

/* Its widgets, for tests that drive them: the list of versions (a row per version, in
 * order), the version they are compared with (0: the framework being edited, k: version
 * k, n + j: with n versions, the j-th other year, ascending, that has a framework of the
 * category), the restore button, the table of changes. */
GtkListBox *kh_framework_history_get_list    (KhFrameworkHistory *self);
GtkDropDown *kh_framework_history_get_compare (KhFrameworkHistory *self);
GtkButton  *kh_framework_history_get_restore (KhFrameworkHistory *self);
GtkGrid    *kh_framework_history_get_table   (KhFrameworkHistory *self);
/* The changes the table shows now (from the selected version to the one compared). */
guint       kh_framework_history_get_n_changes (KhFrameworkHistory *self);

G_END_DECLS
