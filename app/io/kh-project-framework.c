/* kh-project-framework.c — the frameworks of a project's years, one per category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-framework-xml.h"
#include "kh-io-error.h"
#include "core/kh-grades.h"
#include "kh-project-private.h"

static gboolean
collect_leaf_field (KhNode  *node,
                    gpointer user_data)
{
  GHashTable *fields = user_data;

  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    g_hash_table_add (fields, g_strdup (node->id));
  return TRUE;
}

/* The data fields the engine reads for @fw: indicators without a formula, variables,
 * and the inputs of adjustments and constraints. */
GHashTable *
kh_project_fields_of (KhFramework *fw)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  kh_framework_foreach_node (fw, collect_leaf_field, fields);
  for (guint i = 0; fw->variables != NULL && i < fw->variables->len; i++)
    g_hash_table_add (fields, g_strdup (((KhVariable *) fw->variables->pdata[i])->id));
  for (guint i = 0; fw->adjustments != NULL && i < fw->adjustments->len; i++)
    {
      KhAdjustment *a = fw->adjustments->pdata[i];

      g_hash_table_add (fields, g_strdup (a->input != NULL ? a->input : a->id));
    }
  for (guint i = 0; fw->constraints != NULL && i < fw->constraints->len; i++)
    {
      KhConstraint *c = fw->constraints->pdata[i];

      g_hash_table_add (fields, g_strdup (c->input != NULL ? c->input : c->id));
    }
  return fields;
}

KhFramework *
kh_project_load_framework (KhProject  *self,
                           int         year,
                           const char *category,
                           GError    **error)
{
  g_autofree char *xml = kh_project_get_category_framework_xml (self, year, category, error);
  g_autofree char *name = NULL;

  if (xml == NULL)
    return NULL;
  if (category != NULL)
    name = g_strdup_printf ("%s [framework %d %s]", self->path, year, category);
  else
    name = g_strdup_printf ("%s [framework %d]", self->path, year);
  return kh_framework_xml_load_data (xml, strlen (xml), name, error);
}

static void
grade_codes_free (gpointer data)
{
  KhGradeCodes *codes = data;

  g_array_unref (codes->codes);
  g_free (codes->text);
  g_free (codes);
}

static gboolean
collect_grades (KhNode  *node,
                gpointer user_data)
{
  char *text = kh_node_grade_codes (node, KH_LANG_ZH_CN);
  KhGradeCodes *codes;

  if (text == NULL)
    return TRUE;
  codes = g_new0 (KhGradeCodes, 1);
  codes->text = text;
  codes->codes = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint s = 0; s < node->scoring.steps->len; s++)
    g_array_append_val (codes->codes, g_array_index (node->scoring.steps, KhStep, s).min);
  g_hash_table_insert (user_data, g_strdup (node->id), codes);
  return TRUE;
}

gboolean
kh_grade_codes_allow (const KhGradeCodes *codes,
                      double              value)
{
  if (codes == NULL || isnan (value))
    return TRUE;
  for (guint i = 0; i < codes->codes->len; i++)
    if (g_array_index (codes->codes, double, i) == value)
      return TRUE;
  return FALSE;
}

/* The categories of @year's frameworks, in order; NULL and a located error when the store
 * cannot say (kh_project_get_categories() would say "none"). */
static GPtrArray *
year_categories (KhProject *self,
                 int        year,
                 GError   **error)
{
  g_autoptr (GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT category_id FROM frameworks WHERE year = ? "
                             "ORDER BY category_id",
                             _("reading the year's frameworks"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading the year's frameworks"), error))
         == KH_DB_STEP_ROW)
    g_ptr_array_add (categories, g_strdup (kh_db_column_text (stmt, 0)));
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  /* By their ids' bytes, not the server's collation. */
  kh_project_sort_texts (categories);
  return g_steal_pointer (&categories);
}

GHashTable *
kh_project_year_fields (KhProject   *self,
                        int          year,
                        GHashTable **grades,
                        GError     **error)
{
  g_autoptr (GPtrArray) categories = year_categories (self, year, error);
  g_autoptr (GHashTable) fields =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  g_autoptr (GHashTable) by_category =
    grades != NULL ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_hash_table_unref)
                   : NULL;

  if (categories == NULL)
    return NULL;
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no framework (import one with “kaohe-cli import %s "
                     "--year %d --framework FILE”)"),
                   self->path, year, self->path, year);
      return NULL;
    }
  for (guint i = 0; i < categories->len; i++)
    {
      g_autoptr (KhFramework) fw =
        kh_project_load_framework (self, year, categories->pdata[i], error);

      if (fw == NULL)
        return NULL;
      g_hash_table_insert (fields, g_strdup (categories->pdata[i]), kh_project_fields_of (fw));
      if (grades != NULL)
        {
          GHashTable *graded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      grade_codes_free);

          kh_framework_foreach_node (fw, collect_grades, graded);
          g_hash_table_insert (by_category, g_strdup (categories->pdata[i]), graded);
        }
    }
  if (grades != NULL)
    *grades = g_steal_pointer (&by_category);
  return g_steal_pointer (&fields);
}

/* Runs @sql with @year (when not 0, as parameter 1) and up to three texts after it. */
static gboolean
run (KhProject  *self,
     const char *sql,
     int         year,
     const char *a,
     const char *b,
     const char *c,
     GError    **error)
{
  const char *texts[] = { a, b, c };
  g_autoptr (KhDbStmt) stmt = NULL;
  int index = 1;

  stmt = kh_project_prepare (self, sql, _("storing the framework"), error);
  if (stmt == NULL)
    return FALSE;
  if (year != 0)
    kh_db_bind_int64 (stmt, index++, year);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++, index++)
    if (texts[i] != NULL)
      kh_db_bind_text (stmt, index, texts[i]);
  return kh_project_run (self, stmt, _("storing the framework"), error);
}

static gboolean
has_year (KhProject *self,
          int        year)
{
  g_autoptr (GArray) years = kh_project_get_years (self);

  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, int, i) == year)
      return TRUE;
  return FALSE;
}

/* A new version of @year's framework of @category when @text differs from the latest
 * one (framework_versions, schema version 8), written by the next audit row, at @at: the
 * time of that row (one clock reading for both, so that they never differ by a second). */
static gboolean
add_version (KhProject  *self,
             int         year,
             const char *category,
             const char *text,
             const char *source,
             const char *at,
             GError    **error)
{
  g_autofree char *latest = NULL;
  g_autoptr (KhDbStmt) last = NULL;
  g_autoptr (KhDbStmt) insert = NULL;
  int version = 0;

  if (self->version < KH_PROJECT_HISTORY_VERSION)
    return TRUE;
  last = kh_project_prepare (self,
                             "SELECT version, xml FROM framework_versions WHERE year = ? "
                             "AND category_id = ? ORDER BY version DESC LIMIT 1",
                             _("storing the framework"), error);
  if (last == NULL)
    return FALSE;
  kh_db_bind_int64 (last, 1, year);
  kh_db_bind_text (last, 2, category);
  if (kh_db_step (last, NULL) == KH_DB_STEP_ROW)
    {
      version = kh_db_column_int64 (last, 0);
      latest = g_strdup (kh_db_column_text (last, 1));
    }
  kh_db_stmt_reset (last); /* done reading before the new version is written */
  if (g_strcmp0 (latest, text) == 0)
    return TRUE;

  insert = kh_project_prepare (self,
                               "INSERT INTO framework_versions (year, category_id, version, xml, "
                               "saved_by, saved_at, source, audit_seq) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, " KH_PROJECT_NEXT_AUDIT_SEQ ")",
                               _("storing the framework"), error);
  if (insert == NULL)
    return FALSE;
  kh_db_bind_int64 (insert, 1, year);
  kh_db_bind_text (insert, 2, category);
  kh_db_bind_int64 (insert, 3, version + 1);
  kh_db_bind_text (insert, 4, text);
  kh_db_bind_text (insert, 5, self->user);
  kh_db_bind_text (insert, 6, at);
  kh_db_bind_text (insert, 7, source);
  return kh_project_run (self, insert, _("storing the framework"), error);
}

static gboolean
store_framework (KhProject   *self,
                 int          year,
                 const char  *text,
                 KhFramework *fw,
                 const char  *display_name,
                 GError     **error)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree char *detail = NULL;
  g_autofree char *at = kh_audit_now (); /* of the version and its audit row */
  const char *zh = fw->title.zh_CN != NULL ? fw->title.zh_CN : fw->category;

  /* The year (with its units, when new), the category the framework names, then the
   * framework of that category. */
  if (!has_year (self, year)
      && (!run (self, "INSERT INTO years (year) VALUES (?)", year, NULL, NULL, NULL, error)
          || !kh_project_units_add_year (self, year, error)))
    return FALSE;
  if (!run (self,
               "INSERT INTO categories (id, name_zh) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
               0, fw->category, zh, NULL, error)
      || !run (self,
               "INSERT INTO frameworks (year, category_id, xml, audit_seq) "
               "VALUES (?, ?, ?, " KH_PROJECT_NEXT_AUDIT_SEQ ") "
               "ON CONFLICT (year, category_id) DO UPDATE SET xml = excluded.xml, "
               "audit_seq = excluded.audit_seq",
               year, fw->category, text, NULL, error)
      || !add_version (self, year, fw->category, text, display_name, at, error))
    return FALSE;

  /* The peer groups it defines. */
  for (guint i = 0; fw->groups != NULL && i < fw->groups->len; i++)
    {
      KhGroup *g = fw->groups->pdata[i];
      const char *name = kh_text_get (&g->name, KH_LANG_ZH_CN);
      g_autoptr (KhDbStmt) stmt = NULL;

      stmt = kh_project_prepare (self,
                                 "INSERT INTO peer_groups (id, category_id, name_zh, name_en) "
                                 "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                                 "SET name_zh = excluded.name_zh, name_en = excluded.name_en",
                                 _("storing the framework"), error);
      if (stmt == NULL)
        return FALSE;
      kh_db_bind_text (stmt, 1, g->id);
      kh_db_bind_text (stmt, 2, fw->category);
      kh_db_bind_text (stmt, 3, name != NULL ? name : g->id);
      kh_db_bind_text (stmt, 4, g->name.en);
      if (!kh_project_run (self, stmt, _("storing the framework"), error))
        return FALSE;
    }

  detail = g_strdup_printf ("file=%s\ncategory=%s\nid=%s\nversion=%s\nsha256=%s", display_name,
                            fw->category, fw->id != NULL ? fw->id : "",
                            fw->version != NULL ? fw->version : "", sha);
  return kh_project_audit_append (self, "framework", year, detail, at, error);
}

typedef struct
{
  int year;
  const char *text;
  KhFramework *fw;
  const char *display_name;
} StoreFramework;

/* store_framework() in kh_project_transaction(). */
static gboolean
store_framework_cb (KhProject *self,
                    gpointer   user_data,
                    GError   **error)
{
  const StoreFramework *store = user_data;

  return store_framework (self, store->year, store->text, store->fw, store->display_name, error);
}

gboolean
kh_project_set_framework (KhProject  *self,
                          int         year,
                          const char *xml,
                          gsize       len,
                          const char *display_name,
                          GError    **error)
{
  StoreFramework store = { 0 };
  g_autoptr (KhFramework) fw = NULL;
  g_autofree char *canonical = NULL;
  const char *text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display_name == NULL)
    display_name = "<framework>";
  fw = kh_framework_xml_load_data (xml, len, display_name, error);
  if (fw == NULL)
    return FALSE;
  if (fw->year != 0 && fw->year != year)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the framework is for %d, not %d"), display_name, fw->year, year);
      return FALSE;
    }
  if (fw->category == NULL || fw->category[0] == '\0')
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the framework names no category (the “category” attribute of "
                     "<framework>)"),
                   display_name);
      return FALSE;
    }
  if (!kh_project_check_open (self, year, error))
    return FALSE;
  /* `replaces` and `convert` against the category's framework of the year before. */
  {
    g_autoptr (KhFramework) earlier = kh_project_load_framework (self, year - 1, fw->category, NULL);
    g_autoptr (KhFramework) checked = NULL;

    if (earlier != NULL)
      {
        checked = kh_framework_xml_load_data_after (xml, len, display_name, earlier, error);
        if (checked == NULL)
          return FALSE;
      }
  }
  /* Kept as exchanged when it is UTF-8 text; otherwise in canonical form. */
  if (memchr (xml, '\0', len) == NULL && g_utf8_validate_len (xml, len, NULL))
    text = canonical = g_strndup (xml, len);
  else
    text = canonical = kh_framework_xml_to_string (fw);

  store.year = year;
  store.text = text;
  store.fw = fw;
  store.display_name = display_name;
  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_framework_cb, &store, error);
}
