/* kh-project-mapping.c — how a year's data sheet is read: its headers mapped to fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column of a data sheet names a field by its id, by its name in zh-CN, zh-TW or
 * English (as the Data grid shows it), or by an alias the framework declares
 * (`aliases="GDP增速|地区生产总值增长率"`), with or without a trailing unit of measure
 * (`地区生产总值增速（%）`). Ids come first: a name never takes over another field's id.
 * A name or alias shared by two fields maps to neither (the column is then ignored with
 * a notice, the user names it by id). Any other column is ignored with a notice and,
 * when a field's name is near, "did you mean …".
 */
#include "config.h"

#include <string.h>

#include "kh-project-private.h"
#include "kh-suggest.h"

typedef struct
{
  KhTableOptions *options;
  GHashTable *fields;    /* the data fields of the framework being read */
  GHashTable *ids;       /* normalized keys that are field ids */
  GHashTable *ambiguous; /* normalized names of two fields */
} Mapping;

static void
map_key (Mapping    *m,
         const char *label,
         const char *field,
         gboolean    is_id)
{
  g_autofree char *key = NULL;
  const char *before;

  if (label == NULL || label[0] == '\0')
    return;
  key = kh_table_normalize_header (label);
  if (key[0] == '\0' || g_hash_table_contains (m->ambiguous, key))
    return;
  /* The set's own copy of the id (a set's value is its key) outlives the suggester's use. */
  kh_suggest_add (m->options->suggest, label,
                  g_hash_table_lookup (m->options->known_fields, field));
  before = g_hash_table_lookup (m->options->columns, key);
  if (before != NULL && strcmp (before, field) != 0)
    {
      /* An id stays its field's; two names fit neither. */
      if (g_hash_table_contains (m->ids, key))
        return;
      if (is_id)
        {
          g_hash_table_insert (m->options->columns, g_strdup (key), g_strdup (field));
          g_hash_table_add (m->ids, g_steal_pointer (&key));
          return;
        }
      g_hash_table_remove (m->options->columns, key);
      g_hash_table_add (m->ambiguous, g_steal_pointer (&key));
      return;
    }
  if (is_id)
    g_hash_table_add (m->ids, g_strdup (key));
  g_hash_table_insert (m->options->columns, g_steal_pointer (&key), g_strdup (field));
}

static void
map_field (Mapping      *m,
           const char   *id,
           const KhText *name,
           const char   *aliases,
           const char   *unit_of_measure)
{
  g_auto (GStrv) list = NULL;

  if (!g_hash_table_contains (m->fields, id))
    return;
  if (unit_of_measure != NULL
      && !g_hash_table_contains (m->options->units_of_measure, id))
    g_hash_table_insert (m->options->units_of_measure, g_strdup (id), g_strdup (unit_of_measure));
  map_key (m, name->zh_CN, id, FALSE);
  map_key (m, name->zh_TW, id, FALSE);
  map_key (m, name->en, id, FALSE);
  if (aliases == NULL)
    return;
  list = g_strsplit (aliases, "|", -1);
  for (guint i = 0; list[i] != NULL; i++)
    map_key (m, g_strstrip (list[i]), id, FALSE);
}

static gboolean
map_indicator (KhNode  *node,
               gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    map_field (user_data, node->id, &node->name, node->aliases, node->unit_of_measure);
  return TRUE;
}

KhTableOptions *
kh_project_table_options (KhProject *self,
                          int        year,
                          GError   **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (KhTableOptions) options = kh_table_options_new ();
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) ambiguous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Mapping m = { options, NULL, ids, ambiguous };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  categories = kh_project_get_categories (self, year);
  /* No framework yet: every header is a field (the import then says what is missing). */
  if (categories->len == 0)
    g_clear_pointer (&options->known_fields, g_hash_table_unref);
  /* Every field id first, so that no name can take one over. */
  for (int pass = 0; pass < 2; pass++)
    for (guint c = 0; c < categories->len; c++)
      {
        g_autoptr (KhFramework) fw = kh_project_load_framework (self, year, categories->pdata[c],
                                                                error);
        g_autoptr (GHashTable) fields = NULL;
        GHashTableIter iter;
        gpointer field;

        if (fw == NULL)
          return NULL;
        fields = kh_project_fields_of (fw);
        if (pass == 0)
          {
            g_hash_table_iter_init (&iter, fields);
            while (g_hash_table_iter_next (&iter, &field, NULL))
              {
                if (!g_hash_table_contains (options->known_fields, field))
                  g_hash_table_add (options->known_fields, g_strdup (field));
                map_key (&m, field, field, TRUE);
              }
            continue;
          }
        m.fields = fields;
        for (guint i = 0; fw->variables != NULL && i < fw->variables->len; i++)
          {
            KhVariable *v = fw->variables->pdata[i];

            map_field (&m, v->id, &v->name, v->aliases, v->unit_of_measure);
          }
        kh_framework_foreach_node (fw, map_indicator, &m);
      }
  return g_steal_pointer (&options);
}
