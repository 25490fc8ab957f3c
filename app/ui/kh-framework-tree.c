/* kh-framework-tree.c — the framework as the editor's tree list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-framework-tree.h"
#include "kh-node-item.h"

struct _KhFrameworkTree
{
  GListStore *root_store;
  GtkTreeListModel *model;
  GHashTable *items; /* node id → KhNodeItem (strong) */
  char *shape;       /* shape of the framework the rows show */
};

/* What a row shows of @node: when it is unchanged the row is not bound again. */
static char *
row_signature (const KhNode *node)
{
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "%s|%s|%s|%s|%.17g|%.17g|%d|%d|%d|%.17g|%.17g|%.17g|%d",
                          node->id, node->name.zh_CN != NULL ? node->name.zh_CN : "",
                          node->name.zh_TW != NULL ? node->name.zh_TW : "",
                          node->name.en != NULL ? node->name.en : "", node->weight,
                          node->points, node->aggregation, node->direction, node->scoring.method,
                          node->scoring.hi, node->scoring.target, node->band_hi, node->coefficient);
  for (guint i = 0; i < node->children->len; i++)
    {
      const KhNode *child = g_ptr_array_index (node->children, i);

      g_string_append_printf (text, "|%.17g,%.17g,%d", child->weight, child->points,
                              child->coefficient);
    }
  return g_string_free (text, FALSE);
}

static void
register_item (KhFrameworkTree *self,
               KhNodeItem      *item)
{
  g_object_set_data_full (G_OBJECT (item), "kh-signature",
                          row_signature (kh_node_item_get_node (item)), g_free);
  g_hash_table_replace (self->items, g_strdup (kh_node_item_get_id (item)), g_object_ref (item));
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  KhFrameworkTree *self = user_data;
  GListModel *children = kh_node_item_get_children (KH_NODE_ITEM (item));

  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr (KhNodeItem) child = g_list_model_get_item (children, i);

      register_item (self, child);
    }
  return children;
}

static gboolean
shape_cb (KhNode  *node,
          gpointer user_data)
{
  GString *text = user_data;

  g_string_append_printf (text, "%s<%s:%d;", node->id, node->parent != NULL ? node->parent->id : "",
                          node->kind);
  return TRUE;
}

/* The tree's shape: ids, parents, kinds and order. */
static char *
framework_shape (KhFramework *fw)
{
  GString *text = g_string_new (NULL);

  if (fw != NULL)
    kh_framework_foreach_node (fw, shape_cb, text);
  return g_string_free (text, FALSE);
}

static gboolean
update_item_cb (KhNode  *node,
                gpointer user_data)
{
  KhFrameworkTree *self = user_data;
  KhNodeItem *item = g_hash_table_lookup (self->items, node->id);
  g_autofree char *signature = NULL;

  if (item == NULL)
    return TRUE;
  signature = row_signature (node);
  if (g_strcmp0 (signature, g_object_get_data (G_OBJECT (item), "kh-signature")) == 0)
    {
      /* Nothing shown changed: just point the item at the new node. */
      kh_node_item_set_node_silently (item, node);
      return TRUE;
    }
  g_object_set_data_full (G_OBJECT (item), "kh-signature", g_steal_pointer (&signature), g_free);
  kh_node_item_set_node (item, node);
  return TRUE;
}

KhFrameworkTree *
kh_framework_tree_new (void)
{
  KhFrameworkTree *self = g_new0 (KhFrameworkTree, 1);

  self->root_store = g_list_store_new (KH_TYPE_NODE_ITEM);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->root_store)), FALSE,
                                         TRUE, create_children_cb, self, NULL);
  return self;
}

void
kh_framework_tree_free (KhFrameworkTree *self)
{
  if (self == NULL)
    return;
  kh_framework_tree_detach (self);
  g_clear_object (&self->model);
  g_clear_object (&self->root_store);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->shape, g_free);
  g_free (self);
}

GtkTreeListModel *
kh_framework_tree_get_model (KhFrameworkTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->model;
}

gboolean
kh_framework_tree_set_framework (KhFrameworkTree *self,
                                 KhFramework     *fw)
{
  g_autofree char *shape = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  shape = framework_shape (fw);
  if (fw != NULL && g_strcmp0 (shape, self->shape) == 0)
    {
      /* Same shape: point the items at the new nodes; bound cells refresh themselves. */
      kh_framework_foreach_node (fw, update_item_cb, self);
      return FALSE;
    }
  g_free (self->shape);
  self->shape = g_steal_pointer (&shape);
  /* Rows still bound to the old items (until the view catches up) read no node. */
  kh_framework_tree_detach (self);
  g_hash_table_remove_all (self->items);
  if (fw != NULL)
    {
      g_autoptr (KhNodeItem) root = kh_node_item_new (fw->root);

      register_item (self, root);
      g_list_store_splice (self->root_store, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->root_store)),
                           (gpointer *) &root, 1);
    }
  else
    g_list_store_remove_all (self->root_store);
  return TRUE;
}

void
kh_framework_tree_detach (KhFrameworkTree *self)
{
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (self != NULL);

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    kh_node_item_set_node_silently (item, NULL);
}

void
kh_framework_tree_refresh (KhFrameworkTree *self,
                           const char      *id)
{
  KhNodeItem *item;

  g_return_if_fail (self != NULL);

  item = id != NULL ? g_hash_table_lookup (self->items, id) : NULL;
  if (item != NULL && kh_node_item_get_node (item) != NULL)
    kh_node_item_set_node (item, kh_node_item_get_node (item));
}

void
kh_framework_tree_forget_shape (KhFrameworkTree *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->shape, g_free);
}

guint
kh_framework_tree_find (KhFrameworkTree *self,
                        const char      *id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (self != NULL, GTK_INVALID_LIST_POSITION);

  model = G_LIST_MODEL (self->model);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr (KhNodeItem) item = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (kh_node_item_get_id (item), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}
