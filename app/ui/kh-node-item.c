/* kh-node-item.c — a framework node as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-node-item.h"

struct _KhNodeItem
{
  GObject parent_instance;

  KhNode *node;
};

G_DEFINE_FINAL_TYPE (KhNodeItem, kh_node_item, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kh_node_item_class_init (KhNodeItemClass *klass)
{
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_node_item_init (KhNodeItem *self)
{
}

KhNodeItem *
kh_node_item_new (KhNode *node)
{
  KhNodeItem *self;

  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (KH_TYPE_NODE_ITEM, NULL);
  self->node = node;
  return self;
}

KhNode *
kh_node_item_get_node (KhNodeItem *self)
{
  g_return_val_if_fail (KH_IS_NODE_ITEM (self), NULL);
  return self->node;
}

void
kh_node_item_set_node (KhNodeItem *self,
                       KhNode     *node)
{
  g_return_if_fail (KH_IS_NODE_ITEM (self));
  g_return_if_fail (node != NULL);

  self->node = node;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
kh_node_item_set_node_silently (KhNodeItem *self,
                                KhNode     *node)
{
  g_return_if_fail (KH_IS_NODE_ITEM (self));
  g_return_if_fail (node != NULL);

  self->node = node;
}

const char *
kh_node_item_get_id (KhNodeItem *self)
{
  g_return_val_if_fail (KH_IS_NODE_ITEM (self), NULL);
  return self->node->id;
}

GListModel *
kh_node_item_get_children (KhNodeItem *self)
{
  GListStore *store;

  g_return_val_if_fail (KH_IS_NODE_ITEM (self), NULL);

  if (self->node->children->len == 0)
    return NULL;
  store = g_list_store_new (KH_TYPE_NODE_ITEM);
  for (guint i = 0; i < self->node->children->len; i++)
    {
      g_autoptr (KhNodeItem) child = kh_node_item_new (g_ptr_array_index (self->node->children, i));

      g_list_store_append (store, child);
    }
  return G_LIST_MODEL (store);
}
