/* kh-framework-editor.h — the Framework page: indicator tree, inspector and problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions (prefix "framework."): add-child, add-sibling, delete, move-up, move-down,
 * indent, outdent (on the selected node), set-property "(sss)" (node id or "" for the
 * rules, key, value), select "s" (node id), import, export, save.
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_FRAMEWORK_EDITOR (kh_framework_editor_get_type ())

G_DECLARE_FINAL_TYPE (KhFrameworkEditor, kh_framework_editor, KH, FRAMEWORK_EDITOR, GtkWidget)

void        kh_framework_editor_set_document (KhFrameworkEditor *self,
                                              KhDocument        *document);
/* Selects the node @id; FALSE when there is no such node. */
gboolean    kh_framework_editor_select       (KhFrameworkEditor *self,
                                              const char        *id);
const char *kh_framework_editor_get_selected (KhFrameworkEditor *self);
/* The tree's rows (GtkTreeListRow of KhNodeItem), brought up to date first; for tests. */
GListModel *kh_framework_editor_get_rows     (KhFrameworkEditor *self);
/* The problems listed (of char*), for tests. */
GPtrArray  *kh_framework_editor_get_problems (KhFrameworkEditor *self);
/* What clicking the problem @index does: selects the node concerned. */
void        kh_framework_editor_activate_problem (KhFrameworkEditor *self,
                                                  guint              index);

G_END_DECLS
