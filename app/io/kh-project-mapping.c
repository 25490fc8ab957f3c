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

#include <glib/gi18n.h>
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

/* ---- column choices remembered per provider ------------------------------------------ */

#define CHOICES_PREFIX "import-columns-"

char *
kh_project_sheet_provider (KhCsvTable *table)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (table != NULL, NULL);

  for (guint j = 0; kh_csv_table_n_rows (table) > 0 && j < kh_csv_table_width (table, 0); j++)
    {
      g_autofree char *key = kh_table_normalize_header (kh_csv_table_cell (table, 0, j));

      if (j > 0)
        g_checksum_update (sum, (const guchar *) "\t", 1);
      g_checksum_update (sum, (const guchar *) key, -1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

static GHashTable *
parse_choices (const char *text)
{
  GHashTable *choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');

      /* The settings keep values trimmed: a last line "header TAB" loses its TAB. */
      if (tab == NULL && lines[i][0] != '\0')
        g_hash_table_replace (choices, g_strdup (lines[i]), g_strdup (""));
      else if (tab != NULL && tab > lines[i])
        g_hash_table_replace (choices, g_strndup (lines[i], tab - lines[i]), g_strdup (tab + 1));
    }
  return choices;
}

GHashTable *
kh_project_get_column_choices (KhProject *self,
                               GError   **error)
{
  g_autoptr (GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->version < KH_PROJECT_SETTINGS_VERSION)
    return g_steal_pointer (&all);
  stmt = kh_project_prepare (self,
                             "SELECT key, value FROM settings WHERE key LIKE '" CHOICES_PREFIX
                             "%'",
                             _("reading the project settings"), error);
  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, _("reading the project settings"), error))
         == KH_DB_STEP_ROW)
    g_hash_table_replace (all, g_strdup (kh_db_column_text (stmt, 0) + strlen (CHOICES_PREFIX)),
                          parse_choices (kh_db_column_text (stmt, 1)));
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&all);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

gboolean
kh_project_remember_column_choices (KhProject  *self,
                                    const char *provider,
                                    GHashTable *choices,
                                    GError    **error)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer header, field;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (provider != NULL, FALSE);
  g_return_val_if_fail (choices != NULL, FALSE);

  /* Headers normalized (no TAB or line break left), in a stable order. */
  g_hash_table_iter_init (&iter, choices);
  while (g_hash_table_iter_next (&iter, &header, &field))
    {
      g_autofree char *normal = kh_table_normalize_header (header);

      g_strdelimit (normal, "\t\n\r", ' ');
      if (*normal != '\0')
        g_ptr_array_add (lines, g_strdup_printf ("%s\t%s", normal, (const char *) field));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);
  key = g_strconcat (CHOICES_PREFIX, provider, NULL);
  return kh_project_set_setting (self, key, text, error);
}

guint
kh_table_options_add_choices (KhTableOptions *options,
                              GHashTable     *choices)
{
  GHashTableIter iter;
  gpointer header, field;
  guint n = 0;

  g_return_val_if_fail (options != NULL, 0);

  if (choices == NULL)
    return 0;
  if (options->columns == NULL)
    options->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, choices);
  while (g_hash_table_iter_next (&iter, &header, &field))
    {
      g_hash_table_replace (options->columns, kh_table_normalize_header (header),
                            g_strdup (field));
      n++;
    }
  return n;
}
