/* kh-node-item.h — a framework node as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The framework is plain C structures; the editor's GtkTreeListModel needs GObjects.
 * A KhNodeItem points at a KhNode of the document's working framework (borrowed: the
 * editor rebuilds its items whenever the framework is replaced).
 */
#pragma once

#include <gio/gio.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

#define KH_TYPE_NODE_ITEM (kh_node_item_get_type ())

G_DECLARE_FINAL_TYPE (KhNodeItem, kh_node_item, KH, NODE_ITEM, GObject)

KhNodeItem *kh_node_item_new          (KhNode     *node);
KhNode     *kh_node_item_get_node     (KhNodeItem *self);
/* Points the item at @node (the same node in a new copy of the framework) and emits
 * "changed" so that bound cells show it again. */
void        kh_node_item_set_node     (KhNodeItem *self,
                                       KhNode     *node);
/* The same without "changed": for a node that shows exactly as before. */
void        kh_node_item_set_node_silently (KhNodeItem *self,
                                            KhNode     *node);
const char *kh_node_item_get_id       (KhNodeItem *self);
/* A new list of the node's children as items, or NULL for a leaf. */
GListModel *kh_node_item_get_children (KhNodeItem *self);

G_END_DECLS
