/* kh-framework-tree.h — the framework as the editor's tree list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkTreeListModel of KhNodeItem over the document's working framework. Edits that
 * keep the tree's shape (ids, parents, kinds and order) point the existing items at the
 * new nodes, and only the items whose row shows something else emit "changed" (bound
 * cells refresh themselves); edits that change the shape replace the model's content.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

typedef struct _KhFrameworkTree KhFrameworkTree;

KhFrameworkTree  *kh_framework_tree_new           (void);
void              kh_framework_tree_free          (KhFrameworkTree *self);
/* The rows: GtkTreeListRow of KhNodeItem (owned by the tree). */
GtkTreeListModel *kh_framework_tree_get_model     (KhFrameworkTree *self);
/* Shows @framework (NULL: nothing). TRUE when the rows were replaced (the shape
 * changed), FALSE when the items were updated in place. */
gboolean          kh_framework_tree_set_framework (KhFrameworkTree *self,
                                                   KhFramework     *framework);
/* Detaches every item from its node (kh_node_item_get_node() is NULL) until the next
 * kh_framework_tree_set_framework(): while the tree waits to be shown, the framework its
 * items point into may be freed. */
void              kh_framework_tree_detach        (KhFrameworkTree *self);
/* Binds the cells of the node @id again (to show its stored values after a refused edit). */
void              kh_framework_tree_refresh       (KhFrameworkTree *self,
                                                   const char      *id);
/* Forgets the shape shown, so that the next kh_framework_tree_set_framework() replaces
 * the rows (another year or document: the same ids are other nodes). */
void              kh_framework_tree_forget_shape  (KhFrameworkTree *self);
/* The row of the node @id among the rows expanded, or GTK_INVALID_LIST_POSITION. */
guint             kh_framework_tree_find          (KhFrameworkTree *self,
                                                   const char      *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhFrameworkTree, kh_framework_tree_free)

G_END_DECLS
