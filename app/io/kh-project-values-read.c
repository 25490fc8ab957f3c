/* kh-project-values-read.c — a year's units and values read through the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19. What kh-project-compute.c reads of a year (its units of a category, then their
 * values) when the project is on PostgreSQL, through self->store: the same dataset as the
 * SQLite path gives (kh-project-compute.c's build_units_of and read_values, which stay as
 * they are), to the bit. Doubles come back as stored (kh-db.h: extra_float_digits = 3).
 * The order of the dataset's units and of its fields does not rest on the server's
 * collation: the units are added in the byte order of their ids and the values met in the
 * byte order of (unit id, field), as SQLite's BINARY collation orders them, whatever the
 * database's locale. One connection, no reading threads.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-io-error.h"
#include "kh-project-compute.h"
#include "kh-project-private.h"

/* At most this many fields are named in the query (as kh-project-compute.c does); more
 * are filtered as they are read. */
#define FIELDS_IN_QUERY 200

typedef struct
{
  char *id;
  char *name_zh;
  char *group_id;
  char *name_zh_tw;
  char *name_en;
  char *short_name;
} UnitRow;

static void
unit_row_clear (gpointer data)
{
  UnitRow *row = data;

  g_free (row->id);
  g_free (row->name_zh);
  g_free (row->group_id);
  g_free (row->name_zh_tw);
  g_free (row->name_en);
  g_free (row->short_name);
}

static int
compare_unit_rows (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (((const UnitRow *) a)->id, ((const UnitRow *) b)->id);
}

static char *
column_text_or_null (KhDbStmt *stmt,
                     int       column)
{
  return kh_db_column_is_null (stmt, column) ? NULL : g_strdup (kh_db_column_text (stmt, column));
}

KhDataset *
kh_project_read_units_db (KhProject   *self,
                          int          year,
                          KhFramework *fw,
                          KhLang       lang,
                          GError     **error)
{
  g_autoptr (KhDataset) ds = kh_dataset_new (year);
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (UnitRow));
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (fw != NULL, NULL);

  g_array_set_clear_func (rows, unit_row_clear);
  /* Short names (简称, schema version 6) are Simplified Chinese: in Traditional script as
   * the names are (kh_short_name_transcribe), none in English. */
  stmt = kh_project_prepare (self,
                             lang != KH_LANG_EN && self->version >= 6
                               ? "SELECT y.unit_id, y.name_zh, y.group_id, y.name_zh_tw, "
                                 "y.name_en, y.short_name "
                                 "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                                 "WHERE u.category_id = ? AND y.year = ?"
                               : "SELECT y.unit_id, y.name_zh, y.group_id, y.name_zh_tw, "
                                 "y.name_en, NULL "
                                 "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                                 "WHERE u.category_id = ? AND y.year = ?",
                             _("reading units"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_text (stmt, 1, fw->category != NULL ? fw->category : "");
  kh_db_bind_int64 (stmt, 2, year);
  while ((step = kh_project_step (self, stmt, _("reading units"), error)) == KH_DB_STEP_ROW)
    {
      UnitRow row = {
        .id = column_text_or_null (stmt, 0),
        .name_zh = column_text_or_null (stmt, 1),
        .group_id = column_text_or_null (stmt, 2),
        .name_zh_tw = column_text_or_null (stmt, 3),
        .name_en = column_text_or_null (stmt, 4),
        .short_name = column_text_or_null (stmt, 5),
      };

      g_array_append_val (rows, row);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  /* By id in byte order (SQLite's ORDER BY y.unit_id), not the server's collation. */
  g_array_sort (rows, compare_unit_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      UnitRow *row = &g_array_index (rows, UnitRow, i);
      /* Borrowed strings: a KhText only to choose the name as kh_text_get() does. */
      KhText name = {
        .zh_CN = row->name_zh,
        .zh_TW = row->name_zh_tw,
        .en = row->name_en,
      };
      guint added = kh_dataset_add_unit (ds, row->id, kh_text_get (&name, lang), row->group_id);

      if (added != KH_DATASET_NONE && lang == KH_LANG_ZH_TW)
        {
          g_autofree char *short_name = kh_short_name_transcribe (row->short_name, name.zh_CN,
                                                                  name.zh_TW);

          kh_dataset_set_unit_short_name (ds, added, short_name);
        }
      else if (added != KH_DATASET_NONE)
        kh_dataset_set_unit_short_name (ds, added, row->short_name);
    }
  return g_steal_pointer (&ds);
}

/* A value read: its unit (the dataset's index), its field (the name interned in the
 * reading's table of names) and value (NaN: NULL). */
typedef struct
{
  guint unit;
  const char *field;
  double value;
} ValueRow;

static int
compare_value_rows (gconstpointer a,
                    gconstpointer b)
{
  const ValueRow *x = a, *y = b;

  if (x->unit != y->unit)
    return x->unit < y->unit ? -1 : 1;
  return strcmp (x->field, y->field);
}

/* The statement reading the values of the year's units of @category (?1 the year, ?2
 * the category, ?3 the year again), of @only's fields alone when there are few enough. */
static KhDbStmt *
prepare_values (KhProject  *self,
                GHashTable *only,
                GError    **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT unit_id, field, value FROM data_values "
                                          "WHERE year = ? AND unit_id IN (SELECT y.unit_id "
                                          "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                                          "WHERE u.category_id = ? AND y.year = ?)");
  gboolean named = only != NULL && g_hash_table_size (only) <= FIELDS_IN_QUERY;
  GHashTableIter iter;
  gpointer name;
  KhDbStmt *stmt;
  int at = 4;

  if (named)
    {
      g_string_append (sql, " AND field IN (");
      for (guint i = 0; i < g_hash_table_size (only); i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append (sql, ")");
    }
  stmt = kh_project_prepare (self, sql->str, _("reading values"), error);
  if (stmt == NULL || !named)
    return stmt;
  g_hash_table_iter_init (&iter, only);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    kh_db_bind_text (stmt, at++, name);
  return stmt;
}

gboolean
kh_project_read_values_db (KhProject  *self,
                           KhDataset  *ds,
                           const char *category,
                           GHashTable *fields,
                           GHashTable *only,
                           GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  /* Field name → the same name, owned: each name once, however many units have it. */
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Interned name → the dataset's field (KH_DATASET_NONE + 1 stored as 0: none yet). */
  g_autoptr (GHashTable) columns = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (ValueRow));
  KhDbStep step;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ds != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (only != NULL && g_hash_table_size (only) == 0)
    return TRUE;
  stmt = prepare_values (self, only, error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, kh_dataset_get_year (ds));
  kh_db_bind_text (stmt, 2, category);
  kh_db_bind_int64 (stmt, 3, kh_dataset_get_year (ds));
  while ((step = kh_project_step (self, stmt, _("reading values"), error)) == KH_DB_STEP_ROW)
    {
      const char *name = kh_db_column_text (stmt, 1);
      guint unit = kh_dataset_find_unit (ds, kh_db_column_text (stmt, 0));
      ValueRow row;

      /* Values of a field the framework no longer reads (it was replaced after the
       * import), or not asked for, do not take part. */
      if (unit == KH_DATASET_NONE || !g_hash_table_contains (fields, name)
          || (only != NULL && !g_hash_table_contains (only, name)))
        continue;
      row.unit = unit;
      row.field = g_hash_table_lookup (names, name);
      if (row.field == NULL)
        {
          char *owned = g_strdup (name);

          g_hash_table_add (names, owned);
          row.field = owned;
        }
      row.value = kh_db_column_is_null (stmt, 2) ? NAN : kh_db_column_double (stmt, 2);
      g_array_append_val (rows, row);
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  /* The fields are added to the dataset in the order SQLite meets them (by unit id, then
   * field, in byte order), so that both stores give the same dataset. */
  g_array_sort (rows, compare_value_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const ValueRow *row = &g_array_index (rows, ValueRow, i);
      guint field = GPOINTER_TO_UINT (g_hash_table_lookup (columns, row->field));

      if (field == 0)
        {
          field = kh_dataset_add_field (ds, row->field) + 1;
          g_hash_table_insert (columns, (gpointer) row->field, GUINT_TO_POINTER (field));
        }
      if (!isnan (row->value))
        kh_dataset_set (ds, row->unit, field - 1, row->value);
    }
  return TRUE;
}

/* A value of kh_project_read_records_db(), its texts owned. */
typedef struct
{
  char *unit_id;
  char *field;
  double value;
} RecordRow;

static void
record_row_clear (gpointer data)
{
  g_free (((RecordRow *) data)->unit_id);
  g_free (((RecordRow *) data)->field);
}

static int
compare_record_rows (gconstpointer a,
                     gconstpointer b)
{
  const RecordRow *x = a, *y = b;
  int c = strcmp (x->unit_id, y->unit_id);

  return c != 0 ? c : strcmp (x->field, y->field);
}

gboolean
kh_project_read_records_db (KhProject   *self,
                            KhRecordSet *set,
                            int          year,
                            GError     **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (RecordRow));
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  g_array_set_clear_func (rows, record_row_clear);
  stmt = kh_project_prepare (self, "SELECT unit_id, field, value FROM data_values WHERE year = ?",
                             _("reading values"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading values"), error)) == KH_DB_STEP_ROW)
    {
      RecordRow row = {
        .unit_id = g_strdup (kh_db_column_text (stmt, 0)),
        .field = g_strdup (kh_db_column_text (stmt, 1)),
        .value = kh_db_column_is_null (stmt, 2) ? NAN : kh_db_column_double (stmt, 2),
      };

      g_array_append_val (rows, row);
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  /* In byte order, as SQLite's ORDER BY unit_id, field: not the server's collation. */
  g_array_sort (rows, compare_record_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const RecordRow *row = &g_array_index (rows, RecordRow, i);

      kh_record_set_add (set, 0, 0, row->unit_id, year, row->field, row->value);
    }
  return TRUE;
}
