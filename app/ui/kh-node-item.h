/* kh-node-item.h — a framework node as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The framework is plain C structures; the editor's GtkTreeListModel needs GObjects.
 * A KhNodeItem points at a KhNode of the document's working framework (borrowed). The
 * tree points its items at the new copy after every edit, or detaches them (the node
 * becomes NULL) when they leave the tree or the framework they point into may go: a
 * detached item still has its id, and everything that reads an item's node checks for
 * NULL.
 */
#pragma once

#include <gio/gio.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

#define KH_TYPE_NODE_ITEM (kh_node_item_get_type ())

G_DECLARE_FINAL_TYPE (KhNodeItem, kh_node_item, KH, NODE_ITEM, GObject)

KhNodeItem *kh_node_item_new          (KhNode     *node);
/* The node, or NULL for a detached item. */
KhNode     *kh_node_item_get_node     (KhNodeItem *self);
/* Points the item at @node (the same node in a new copy of the framework) and emits
 * "changed" so that bound cells show it again. */
void        kh_node_item_set_node     (KhNodeItem *self,
                                       KhNode     *node);
/* The same without "changed": for a node that shows exactly as before, or NULL to
 * detach the item. */
void        kh_node_item_set_node_silently (KhNodeItem *self,
                                            KhNode     *node);
const char *kh_node_item_get_id       (KhNodeItem *self);
/* A new list of the node's children as items, or NULL for a leaf. */
GListModel *kh_node_item_get_children (KhNodeItem *self);

G_END_DECLS
