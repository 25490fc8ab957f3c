/* kh-registry.c — the indicator registry across years: chains of `replaces`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-registry.h"

void
kh_registry_chain_free (KhRegistryChain *chain)
{
  if (chain == NULL)
    return;
  g_array_unref (chain->entries);
  g_free (chain);
}

static gboolean
collect_indicator (KhNode  *node,
                   gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR)
    g_ptr_array_add (user_data, node);
  return TRUE;
}

GPtrArray *
kh_indicator_registry (KhFramework *const *frameworks,
                       guint               n)
{
  GPtrArray *chains = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_registry_chain_free);
  /* id in the year before → its chain (borrowed) */
  g_autoptr (GHashTable) before = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (frameworks != NULL || n == 0, chains);

  for (guint f = 0; f < n; f++)
    {
      KhFramework *fw = frameworks[f];
      g_autoptr (GPtrArray) indicators = g_ptr_array_new ();
      g_autoptr (GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GHashTable) continued = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      gpointer chain;

      kh_framework_foreach_node (fw, collect_indicator, indicators);
      for (guint i = 0; i < indicators->len; i++)
        {
          const KhNode *node = indicators->pdata[i];
          KhRegistryChain *c = NULL;
          KhRegistryEntry entry = { fw->year, node, FALSE };

          if (node->replaces != NULL && g_strcmp0 (node->replaces, node->id) != 0)
            {
              c = g_hash_table_lookup (before, node->replaces);
              entry.replaced = c != NULL && !g_hash_table_contains (continued, c);
            }
          if (!entry.replaced)
            {
              c = g_hash_table_lookup (before, node->id);
              if (c != NULL && g_hash_table_contains (continued, c))
                c = NULL;
            }
          if (c == NULL)
            {
              c = g_new0 (KhRegistryChain, 1);
              c->entries = g_array_new (FALSE, FALSE, sizeof (KhRegistryEntry));
              g_ptr_array_add (chains, c);
            }
          g_array_append_val (c->entries, entry);
          g_hash_table_add (continued, c);
          g_hash_table_insert (now, node->id, c);
        }
      /* What the year before had and nothing continued: retired this year. */
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, NULL, &chain))
        if (!g_hash_table_contains (continued, chain))
          ((KhRegistryChain *) chain)->retired = fw->year;
      g_hash_table_remove_all (before);
      g_hash_table_iter_init (&iter, now);
      {
        gpointer key;

        while (g_hash_table_iter_next (&iter, &key, &chain))
          g_hash_table_insert (before, key, chain);
      }
    }
  return chains;
}
