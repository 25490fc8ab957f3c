/* kh-sorted-rows.c — a list model sorted by a GtkSorter, sorted again in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkSortListModel (GTK 4.8) sorts again from its source's order whenever its sorter
 * changes, reading every item from the source again, and says the rows changed from the
 * first one sorted differently to the last. The Results page's rows change in place after
 * a weight edit (issue 22): here they are sorted again from the order they had, which
 * is close to the new one, and only when they are out of order.
 */
#include "config.h"

#include "kh-sorted-rows.h"

typedef struct
{
  GObject *item;
  guint source_position; /* the tie-break: items the sorter finds equal stay in this order */
} Entry;

struct _KhSortedRows
{
  GObject parent_instance;

  GListModel *source;
  GtkSorter *sorter;
  GArray *entries; /* of Entry, sorted */
};

static void kh_sorted_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhSortedRows, kh_sorted_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kh_sorted_rows_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
get_n_items (GListModel *model)
{
  return KH_SORTED_ROWS (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  KhSortedRows *self = KH_SORTED_ROWS (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_array_index (self->entries, Entry, position).item);
}

static void
kh_sorted_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  KhSortedRows *self = user_data;
  const Entry *x = a, *y = b;
  GtkOrdering order = gtk_sorter_compare (self->sorter, x->item, y->item);

  if (order != GTK_ORDERING_EQUAL)
    return order;
  return x->source_position < y->source_position ? -1 : x->source_position > y->source_position;
}

static void
clear_entry (gpointer data)
{
  g_object_unref (((Entry *) data)->item);
}

/* The source's items, sorted anew: all of them said changed. */
static void
reset (KhSortedRows *self)
{
  guint removed = self->entries->len;
  guint n = g_list_model_get_n_items (self->source);

  g_array_set_size (self->entries, 0);
  for (guint i = 0; i < n; i++)
    {
      Entry entry = { g_list_model_get_item (self->source, i), i };

      g_array_append_val (self->entries, entry);
    }
  g_array_sort_with_data (self->entries, compare_entries, self);
  if (removed > 0 || n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n);
}

static void
source_changed_cb (KhSortedRows *self)
{
  reset (self);
}

gboolean
kh_sorted_rows_resort (KhSortedRows *self)
{
  guint n, first = G_MAXUINT, last = 0, i;
  g_autofree gpointer *before = NULL;

  g_return_val_if_fail (KH_IS_SORTED_ROWS (self), FALSE);

  /* In order still, as after most weight edits: n − 1 comparisons. */
  n = self->entries->len;
  for (i = 1; i < n; i++)
    if (compare_entries (&g_array_index (self->entries, Entry, i - 1),
                         &g_array_index (self->entries, Entry, i), self)
        > 0)
      break;
  if (i >= n)
    return FALSE;

  before = g_new (gpointer, n);
  for (i = 0; i < n; i++)
    before[i] = g_array_index (self->entries, Entry, i).item;
  g_array_sort_with_data (self->entries, compare_entries, self);
  for (i = 0; i < n; i++)
    if (g_array_index (self->entries, Entry, i).item != before[i])
      {
        first = MIN (first, i);
        last = i;
      }
  if (first == G_MAXUINT)
    return FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
  return TRUE;
}

static void
sorter_changed_cb (KhSortedRows *self)
{
  kh_sorted_rows_resort (self);
}

static void
kh_sorted_rows_dispose (GObject *object)
{
  KhSortedRows *self = KH_SORTED_ROWS (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_clear_object (&self->source);
  g_clear_object (&self->sorter);
  if (self->entries != NULL)
    g_array_set_size (self->entries, 0);

  G_OBJECT_CLASS (kh_sorted_rows_parent_class)->dispose (object);
}

static void
kh_sorted_rows_finalize (GObject *object)
{
  KhSortedRows *self = KH_SORTED_ROWS (object);

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (kh_sorted_rows_parent_class)->finalize (object);
}

static void
kh_sorted_rows_class_init (KhSortedRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_sorted_rows_dispose;
  object_class->finalize = kh_sorted_rows_finalize;
}

static void
kh_sorted_rows_init (KhSortedRows *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
}

KhSortedRows *
kh_sorted_rows_new (GListModel *source,
                    GtkSorter  *sorter)
{
  KhSortedRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (GTK_IS_SORTER (sorter), NULL);

  self = g_object_new (KH_TYPE_SORTED_ROWS, NULL);
  self->source = g_object_ref (source);
  self->sorter = g_object_ref (sorter);
  g_signal_connect_swapped (source, "items-changed", G_CALLBACK (source_changed_cb), self);
  g_signal_connect_swapped (sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
  reset (self);
  return self;
}
