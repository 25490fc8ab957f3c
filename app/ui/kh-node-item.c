/* kh-node-item.c — a framework node as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-node-item.h"

struct _KhNodeItem
{
  GObject parent_instance;

  KhNode *node; /* NULL once detached */
  char *id;
};

G_DEFINE_FINAL_TYPE (KhNodeItem, kh_node_item, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kh_node_item_finalize (GObject *object)
{
  KhNodeItem *self = KH_NODE_ITEM (object);

  g_free (self->id);
  G_OBJECT_CLASS (kh_node_item_parent_class)->finalize (object);
}

static void
kh_node_item_class_init (KhNodeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_node_item_finalize;
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
  self->id = g_strdup (node->id);
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
  g_return_if_fail (node != NULL && g_strcmp0 (node->id, self->id) == 0);

  self->node = node;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
kh_node_item_set_node_silently (KhNodeItem *self,
                                KhNode     *node)
{
  g_return_if_fail (KH_IS_NODE_ITEM (self));
  g_return_if_fail (node == NULL || g_strcmp0 (node->id, self->id) == 0);

  self->node = node;
}

const char *
kh_node_item_get_id (KhNodeItem *self)
{
  g_return_val_if_fail (KH_IS_NODE_ITEM (self), NULL);
  return self->id;
}

GListModel *
kh_node_item_get_children (KhNodeItem *self)
{
  GListStore *store;

  g_return_val_if_fail (KH_IS_NODE_ITEM (self), NULL);

  if (self->node == NULL || self->node->children->len == 0)
    return NULL;
  store = g_list_store_new (KH_TYPE_NODE_ITEM);
  for (guint i = 0; i < self->node->children->len; i++)
    {
      g_autoptr (KhNodeItem) child = kh_node_item_new (g_ptr_array_index (self->node->children, i));

      g_list_store_append (store, child);
    }
  return G_LIST_MODEL (store);
}
