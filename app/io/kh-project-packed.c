/* kh-project-packed.c — the packed copy of a year's values (schema version 14, issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Computing a year at 3,000 units read 600,000 rows of data_values; the packed copy keeps
 * them as one blob a field (values_packed: a little-endian double for each unit of the
 * category, in the byte order of their ids), read in a tenth of the time. A cache no seal
 * or audit row covers: written without an audit row under a stamp (the year's last audit
 * row, kh_project_packed_stamp()), read only while the stamp is current, and compared
 * with data_values by `kaohe-cli verify` (kh_project_check_values()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-malloc.h"

#include "kh-project-compute.h"
#include "kh-project-packed.h"
#include "kh-project-private.h"

/* A packed value's bits when the unit has no row of the field, and when its row's value
 * is NULL: NaNs of their own (SQLite stores no NaN, binding one as NULL), compared as bits
 * and never computed with. */
#define PACKED_ABSENT G_GUINT64_CONSTANT (0x7ff4000000000a65)
#define PACKED_NULL G_GUINT64_CONSTANT (0x7ff4000000000b6c)

char *
kh_project_packed_stamp (KhProject *self,
                         int        year)
{
  gint64 seq;

  if (self->db == NULL || self->version < KH_PROJECT_PACKED_VERSION)
    return NULL;
  /* Every write of a year's values is audited by its year; 0: every year (units,
   * settings). */
  if (!kh_project_audit_stamp_seq (self, year, KH_AUDIT_STAMP_YEAR, &seq))
    return NULL;
  return g_strdup_printf ("kaohe %s values %d audit %" G_GINT64_FORMAT, PACKAGE_VERSION,
                          year, seq);
}

/* A year's values of a category's units as they are packed: the units and fields in byte
 * order, and for each field a little-endian double for each unit. */
typedef struct
{
  GPtrArray *units;
  GPtrArray *fields;
  guint64 *bits; /* fields × units */
} Packed;

static void
packed_clear (Packed *packed)
{
  g_clear_pointer (&packed->units, g_ptr_array_unref);
  g_clear_pointer (&packed->fields, g_ptr_array_unref);
  g_clear_pointer (&packed->bits, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Packed, packed_clear)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* One value of a row as it is read. */
typedef struct
{
  guint unit;
  guint field; /* in the order first read, until the fields are sorted */
  guint64 bits;
} PackedCell;

/* A Packed being read: its units added in byte order, then data_values' rows of them, in
 * any order, then finished (packed_build_finish()). */
typedef struct
{
  Packed packed;
  GHashTable *fields; /* name (packed.fields') → place in the order first read */
  GArray *cells;      /* PackedCell */
} PackedBuild;

static void
packed_build_init (PackedBuild *build)
{
  build->packed.units = g_ptr_array_new_with_free_func (g_free);
  build->packed.fields = g_ptr_array_new_with_free_func (g_free);
  build->packed.bits = NULL;
  build->fields = g_hash_table_new (g_str_hash, g_str_equal);
  build->cells = g_array_new (FALSE, FALSE, sizeof (PackedCell));
}

static void
packed_build_clear (PackedBuild *build)
{
  packed_clear (&build->packed);
  g_clear_pointer (&build->fields, g_hash_table_unref);
  g_clear_pointer (&build->cells, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackedBuild, packed_build_clear)

/* The packed bits of @stmt's value in @column (PACKED_NULL for NULL). */
static guint64
value_bits (sqlite3_stmt *stmt,
            int           column)
{
  double value;
  guint64 bits;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return PACKED_NULL;
  value = sqlite3_column_double (stmt, column);
  memcpy (&bits, &value, sizeof bits);
  return bits;
}

/* @packed's values, for its units and fields, all absent. Filled unit by unit, field by
 * field: on huge pages, which the TLB holds all of (kh_malloc_huge()). */
static void
packed_alloc_absent (Packed *packed)
{
  gsize n = (gsize) packed->units->len * packed->fields->len;

  packed->bits = kh_malloc_huge (MAX (n, 1) * sizeof (guint64));
  for (gsize i = 0; i < n; i++)
    packed->bits[i] = GUINT64_TO_LE (PACKED_ABSENT);
}

/* The value of @stmt's row (its field name in column @name_column, its value in the next)
 * for the unit at @unit. */
static void
packed_build_add (PackedBuild  *build,
                  guint         unit,
                  sqlite3_stmt *stmt,
                  int           name_column)
{
  const char *name = (const char *) sqlite3_column_text (stmt, name_column);
  gpointer at;
  PackedCell cell;

  if (!g_hash_table_lookup_extended (build->fields, name, NULL, &at))
    {
      char *copy = g_strdup (name);

      at = GUINT_TO_POINTER (build->packed.fields->len);
      g_ptr_array_add (build->packed.fields, copy);
      g_hash_table_insert (build->fields, copy, at);
    }
  cell.unit = unit;
  cell.field = GPOINTER_TO_UINT (at);
  cell.bits = value_bits (stmt, name_column + 1);
  g_array_append_val (build->cells, cell);
}

/* The fields in byte order, as the primary key keeps their rows, and the values in place. */
static void
packed_build_finish (PackedBuild *build)
{
  Packed *packed = &build->packed;
  g_autofree guint *sorted_at = g_new (guint, MAX (packed->fields->len, 1));

  g_ptr_array_sort (packed->fields, compare_names);
  for (guint f = 0; f < packed->fields->len; f++)
    sorted_at[GPOINTER_TO_UINT (g_hash_table_lookup (build->fields, packed->fields->pdata[f]))] = f;
  packed_alloc_absent (packed);
  for (guint i = 0; i < build->cells->len; i++)
    {
      PackedCell *cell = &g_array_index (build->cells, PackedCell, i);

      packed->bits[(gsize) sorted_at[cell->field] * packed->units->len + cell->unit] =
        GUINT64_TO_LE (cell->bits);
    }
  g_array_set_size (build->cells, 0);
}

/* Reads @year's values of @category's units (those build_units_of() reads) from
 * data_values into @packed: SQLITE_DONE, or the error code of @db. */
static int
packed_build (sqlite3    *db,
              int         year,
              const char *category,
              Packed     *packed)
{
  g_auto (PackedBuild) build = { { NULL, NULL, NULL }, NULL, NULL };
  g_autoptr (GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *row_unit = NULL;
  guint unit = KH_DATASET_NONE;
  sqlite3_stmt *stmt = NULL;
  int rc;

  packed_build_init (&build);
  if (sqlite3_prepare_v2 (db,
                          "SELECT y.unit_id FROM unit_years y JOIN units u ON u.id = y.unit_id "
                          "WHERE u.category_id = ? AND y.year = ? ORDER BY y.unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (db);
  sqlite3_bind_text (stmt, 1, category, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      g_hash_table_insert (units, id, GUINT_TO_POINTER (build.packed.units->len));
      g_ptr_array_add (build.packed.units, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  if (sqlite3_prepare_v2 (db, KH_PROJECT_VALUES_QUERY, -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (db);
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *unit_id = (const char *) sqlite3_column_text (stmt, 0);

      if (row_unit == NULL || strcmp (row_unit, unit_id) != 0)
        {
          gpointer found;

          g_free (row_unit);
          row_unit = g_strdup (unit_id);
          unit = g_hash_table_lookup_extended (units, unit_id, NULL, &found)
                   ? GPOINTER_TO_UINT (found)
                   : KH_DATASET_NONE;
        }
      /* A unit of another category */
      if (unit != KH_DATASET_NONE)
        packed_build_add (&build, unit, stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  packed_build_finish (&build);
  *packed = build.packed;
  build.packed = (Packed) { NULL, NULL, NULL };
  return SQLITE_DONE;
}

/* The ids of @n units, one a line, as packed_years keeps them; @unit_id (of @data) gives
 * the @i-th. */
static char *
unit_list (guint         n,
           const char *(*unit_id) (gpointer data, guint i),
           gpointer      data)
{
  GString *list = g_string_new (NULL);

  for (guint u = 0; u < n; u++)
    {
      g_string_append (list, unit_id (data, u));
      g_string_append_c (list, '\n');
    }
  return g_string_free (list, FALSE);
}

static const char *
packed_unit_id (gpointer data,
                guint    i)
{
  return ((Packed *) data)->units->pdata[i];
}

static const char *
dataset_unit_id (gpointer data,
                 guint    i)
{
  return kh_dataset_get_unit_id (data, i);
}

/* Deletes the rows of @year and @category from @table (packed_years or values_packed). */
static gboolean
delete_packed (KhProject  *self,
               const char *table,
               int         year,
               const char *category)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE year = ? AND category_id = ?",
                                          table);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK;

  if (ok)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Writes the packed copy of @year's values of @category, replacing the one there, under
 * the stamp read in the same transaction. A cache: not written into a transaction of the
 * caller's nor into a file opened to read; its failure fails nothing. A reader takes a
 * stamp without values for a year without values (read_packed()), so the stamp goes
 * first and comes back last: the transaction makes it all or nothing to any reader, and
 * the order keeps it so for a statement of the transaction itself. */
gboolean
kh_project_pack_year (KhProject  *self,
                      int         year,
                      const char *category)
{
  g_autoptr (GError) error = NULL;
  g_auto (Packed) packed = { NULL, NULL, NULL };
  g_autofree char *stamp = NULL;
  g_autofree char *units = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize column_bytes = 0;
  gboolean ok;

  if (self->db == NULL || self->version < KH_PROJECT_PACKED_VERSION
      || !sqlite3_get_autocommit (self->db) || sqlite3_db_readonly (self->db, "main") != 0)
    return FALSE;
  if (!kh_project_begin (self, &error))
    {
      g_debug ("%s: values of %d not packed: %s", self->path, year, error->message);
      return FALSE;
    }
  stamp = kh_project_packed_stamp (self, year);
  ok = stamp != NULL && packed_build (self->db, year, category, &packed) == SQLITE_DONE;
  if (ok)
    {
      units = unit_list (packed.units->len, packed_unit_id, &packed);
      column_bytes = packed.units->len * sizeof (guint64);
    }
  ok = ok && delete_packed (self, "packed_years", year, category)
       && delete_packed (self, "values_packed", year, category);
  ok = ok
       && sqlite3_prepare_v2 (self->db,
                              "INSERT INTO values_packed (year, category_id, field, packed) "
                              "VALUES (?, ?, ?, ?)",
                              -1, &stmt, NULL) == SQLITE_OK;
  for (guint f = 0; ok && f < packed.fields->len; f++)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, packed.fields->pdata[f], -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 4, packed.bits + (gsize) f * packed.units->len, column_bytes,
                           SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  ok = ok
       && sqlite3_prepare_v2 (self->db,
                              "INSERT INTO packed_years (year, category_id, stamp, units) "
                              "VALUES (?, ?, ?, ?)",
                              -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, units, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (ok && kh_project_commit (self, NULL))
    return TRUE;
  kh_project_rollback (self);
  return FALSE;
}

gboolean
kh_project_has_packed (KhProject  *self,
                       int         year,
                       const char *category,
                       const char *stamp)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT 1 FROM packed_years WHERE year = ? AND category_id = ? "
                          "AND stamp = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      has = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return has;
}

/* A field read from a packed copy: its column of values (NaN where the unit has no row
 * or a NULL value, the dataset's column once taken) and the first unit with a row */
typedef struct
{
  char *name;
  double *values;
  guint first;
} PackedField;

static void
packed_field_clear (gpointer data)
{
  PackedField *field = data;

  g_free (field->name);
  g_free (field->values);
}

/* By the first unit with a row, then by name: the order in which read_values(), walking
 * data_values unit by unit and each unit's fields in byte order, meets them first. */
static int
compare_first_met (gconstpointer a,
                   gconstpointer b)
{
  const PackedField *x = a, *y = b;

  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Reads the values of @ds (its units read, no values yet) from its year's packed copy of
 * @category under @stamp, as read_values() reads them from data_values: the same fields
 * added in the same order, the same values; only the columns of the fields read are read.
 * SQLITE_DONE when read; SQLITE_NOTFOUND, @ds untouched, when no copy is kept under @stamp
 * for exactly @ds's units (then its values are read from data_values); else the error
 * code of @db. One statement: one state of the file. */
static int
read_packed (sqlite3    *db,
             KhDataset  *ds,
             const char *category,
             const char *stamp,
             GHashTable *fields,
             GHashTable *only)
{
  guint n_units = kh_dataset_get_n_units (ds);
  gsize column_bytes = n_units * sizeof (guint64);
  g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (PackedField));
  gboolean header = FALSE, fits = TRUE;
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_DONE;

  g_array_set_clear_func (read, packed_field_clear);
  g_assert (kh_dataset_get_n_fields (ds) == 0);
  if (only != NULL && g_hash_table_size (only) == 0)
    return SQLITE_DONE;
  if (stamp == NULL || n_units == 0)
    return SQLITE_NOTFOUND;
  if (sqlite3_prepare_v2 (db,
                          "SELECT h.units, p.field, p.packed FROM packed_years h "
                          "LEFT JOIN values_packed p ON p.year = h.year "
                          "AND p.category_id = h.category_id "
                          "WHERE h.year = ? AND h.category_id = ? AND h.stamp = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (db);
  sqlite3_bind_int (stmt, 1, kh_dataset_get_year (ds));
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
  while (fits && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      PackedField field = { NULL, NULL, G_MAXUINT };
      const guint64 *column;

      /* Exactly @ds's units, in its order (the byte order of the ids). */
      if (!header)
        {
          g_autofree char *units = unit_list (n_units, dataset_unit_id, ds);

          fits = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), units) == 0;
          header = TRUE;
        }
      /* A year without values, or a field not read */
      if (!fits || name == NULL || !g_hash_table_contains (fields, name)
          || (only != NULL && !g_hash_table_contains (only, name)))
        continue;
      if ((gsize) sqlite3_column_bytes (stmt, 2) != column_bytes)
        {
          fits = FALSE;
          break;
        }
      column = sqlite3_column_blob (stmt, 2);
      field.name = g_strdup (name);
      field.values = g_new (double, n_units);
      for (guint u = 0; u < n_units; u++)
        {
          guint64 bits = GUINT64_FROM_LE (column[u]);

          if (field.first == G_MAXUINT && bits != PACKED_ABSENT)
            field.first = u;
          if (bits == PACKED_ABSENT || bits == PACKED_NULL)
            field.values[u] = NAN;
          else
            memcpy (&field.values[u], &bits, sizeof bits);
        }
      /* A field without a row of any unit is not met. */
      if (field.first == G_MAXUINT)
        packed_field_clear (&field);
      else
        g_array_append_val (read, field);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rc;
  if (!header || !fits)
    return SQLITE_NOTFOUND;

  /* Each column becomes the dataset's as it is (a copy of 4.8 MB less at 3,000 units ×
   * 200 fields, and its pages; issue 22). */
  g_array_sort (read, compare_first_met);
  for (guint i = 0; i < read->len; i++)
    {
      PackedField *field = &g_array_index (read, PackedField, i);

      kh_dataset_take_field (ds, field->name, g_steal_pointer (&field->values));
    }
  return SQLITE_DONE;
}

/* Whether @ds's values may be read from a packed copy: a file on SQLite at version 14,
 * no transaction open (its changes may not have their audit row yet), and packed copies
 * not ignored (what is stored, sealed or verified is read from data_values). */
static gboolean
packed_readable (KhProject *self)
{
  return self->db != NULL && self->version >= KH_PROJECT_PACKED_VERSION
         && !self->ignore_standings && sqlite3_get_autocommit (self->db);
}

gboolean
kh_project_read_packed (KhProject   *self,
                        KhDataset   *ds,
                        KhFramework *fw,
                        GHashTable  *only)
{
  g_autofree char *stamp = NULL;
  g_autoptr (GHashTable) fields = NULL;

  if (!packed_readable (self))
    return FALSE;
  stamp = kh_project_packed_stamp (self, kh_dataset_get_year (ds));
  fields = kh_project_fields_of (fw);
  return read_packed (self->db, ds, fw->category != NULL ? fw->category : "", stamp, fields,
                      only)
         == SQLITE_DONE;
}

/* Compares the copy of @year's values of @category kept under @stamp with @packed (read
 * from data_values): NULL when they agree to the bit (or none is kept under @stamp), else
 * a newly allocated description of the first difference (the units, the fields, or the
 * first unit whose value of a field differs, the fields in byte order). */
static char *
packed_compare (sqlite3        *db,
                int             year,
                const char     *category,
                const char     *stamp,
                const Packed   *packed,
                const gboolean *read,
                gboolean        other)
{
  g_autofree char *units = unit_list (packed->units->len, packed_unit_id, (gpointer) packed);
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  gsize column_bytes = packed->units->len * sizeof (guint64);
  sqlite3_stmt *stmt = NULL;
  char *difference = NULL;
  gboolean header = FALSE;

  /* The fields of which a row was read (@read: those of @packed's fields); @other, a
   * field of which a row was read is not among them. */
  for (guint f = 0; f < packed->fields->len; f++)
    if (read[f])
      g_hash_table_insert (fields, packed->fields->pdata[f], GUINT_TO_POINTER (f + 1));
  if (sqlite3_prepare_v2 (db,
                          "SELECT h.units, p.field, p.packed FROM packed_years h "
                          "LEFT JOIN values_packed p ON p.year = h.year "
                          "AND p.category_id = h.category_id "
                          "WHERE h.year = ? AND h.category_id = ? AND h.stamp = ? "
                          "ORDER BY p.field",
                          -1, &stmt, NULL) != SQLITE_OK)
    return g_strdup (sqlite3_errmsg (db));
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
  while (difference == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const guint64 *column = sqlite3_column_blob (stmt, 2);
      guint f;

      if (!header && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), units) != 0)
        difference = g_strdup (_("the units"));
      header = TRUE;
      if (difference != NULL || name == NULL)
        continue;
      f = GPOINTER_TO_UINT (g_hash_table_lookup (fields, name));
      if (f == 0 || (gsize) sqlite3_column_bytes (stmt, 2) != column_bytes)
        {
          difference = g_strdup (_("the fields"));
          continue;
        }
      /* The first unit whose value differs */
      for (guint u = 0; difference == NULL && u < packed->units->len; u++)
        if (memcmp (&column[u], &packed->bits[(gsize) (f - 1) * packed->units->len + u],
                    sizeof (guint64)) != 0)
          difference = g_strdup_printf (_("unit “%s”"), (const char *) packed->units->pdata[u]);
      g_hash_table_remove (fields, name);
    }
  sqlite3_finalize (stmt);
  /* A field of the year not packed */
  if (difference == NULL && header && (g_hash_table_size (fields) > 0 || other))
    difference = g_strdup (_("the fields"));
  return difference;
}

/* A packed copy current under its stamp, to be compared (check_values()): the values
 * read are put in place as they come, in the copy's fields (the copy's field names are
 * read first, without their values): at 30,000 units the rows gathered first (16 bytes
 * each) were 96 MB a year and a sixth of verify's time (issue 22). */
typedef struct
{
  int year;
  char *category;
  char *stamp;
  PackedBuild build;  /* its units and fields; build.fields: name → place + 1 */
  gboolean *read;     /* for each field of the copy, whether a row of it was read */
  gboolean other;     /* whether a row of a field the copy lacks was read */
} CurrentCopy;

static void
current_copy_clear (gpointer data)
{
  CurrentCopy *copy = data;

  g_free (copy->category);
  g_free (copy->stamp);
  g_clear_pointer (&copy->read, g_free);
  packed_build_clear (&copy->build);
}

/* Where a unit of the year read goes: its copy (among the year's) and its place there. */
typedef struct
{
  guint copy;
  guint place;
} UnitPlace;

/* The scan of data_values: where it stands. */
typedef struct
{
  KhProject *self;
  GArray *copies;      /* CurrentCopy, by year and category */
  guint year_first;    /* the copies of the year being read: [year_first, next) */
  guint next;
  GHashTable *units;   /* the year's units of those copies: id → place in @places + 1 */
  GArray *places;      /* UnitPlace */
  GPtrArray *problems;
} ValuesScan;

/* The current copies of the project, by year and category. */
static int
read_current_copies (ValuesScan *scan)
{
  sqlite3 *db = scan->self->db;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *stamp = NULL;
  int stamp_year = 0;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT year, category_id, stamp FROM packed_years "
                          "ORDER BY year, category_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (db);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);
      CurrentCopy copy = { .year = year };

      if (stamp == NULL || year != stamp_year)
        {
          g_free (stamp);
          stamp = kh_project_packed_stamp (scan->self, year);
          stamp_year = year;
        }
      /* Stale ones are never read, and are no problem. */
      if (stamp == NULL || g_strcmp0 (stamp, (const char *) sqlite3_column_text (stmt, 2)) != 0)
        continue;
      copy.category = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      copy.stamp = g_strdup (stamp);
      packed_build_init (&copy.build);
      g_array_append_val (scan->copies, copy);
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* The copies of @year become those being read, with their units: those build_units_of()
 * reads, in byte order. */
static int
read_units (ValuesScan *scan,
            int         year)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert (scan->year_first == scan->next);
  while (scan->next < scan->copies->len
         && g_array_index (scan->copies, CurrentCopy, scan->next).year == year)
    scan->next++;
  if (scan->next == scan->year_first)
    return SQLITE_DONE;
  if (sqlite3_prepare_v2 (scan->self->db,
                          "SELECT y.unit_id, u.category_id FROM unit_years y "
                          "JOIN units u ON u.id = y.unit_id WHERE y.year = ? ORDER BY y.unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (scan->self->db);
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *category = (const char *) sqlite3_column_text (stmt, 1);

      for (guint i = scan->year_first; i < scan->next; i++)
        {
          CurrentCopy *copy = &g_array_index (scan->copies, CurrentCopy, i);
          UnitPlace place = { i, copy->build.packed.units->len };
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (copy->category, category) != 0)
            continue;
          g_array_append_val (scan->places, place);
          g_hash_table_insert (scan->units, g_strdup (id), GUINT_TO_POINTER (scan->places->len));
          g_ptr_array_add (copy->build.packed.units, g_strdup (id));
          break;
        }
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE)
    return rc;

  /* Each copy's fields, in byte order, as it keeps them; its values all absent until read. */
  if (sqlite3_prepare_v2 (scan->self->db,
                          "SELECT field FROM values_packed WHERE year = ? AND category_id = ? "
                          "ORDER BY field",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (scan->self->db);
  for (guint i = scan->year_first; rc == SQLITE_DONE && i < scan->next; i++)
    {
      CurrentCopy *copy = &g_array_index (scan->copies, CurrentCopy, i);
      Packed *packed = &copy->build.packed;

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, copy->category, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          char *name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

          g_ptr_array_add (packed->fields, name);
          g_hash_table_insert (copy->build.fields, name, GUINT_TO_POINTER (packed->fields->len));
        }
      packed_alloc_absent (packed);
      copy->read = g_new0 (gboolean, MAX (packed->fields->len, 1));
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* The value of @stmt's row (its field name in column @name_column, its value in the next)
 * for the unit at @unit of @copy, in place. */
static void
current_copy_add (CurrentCopy  *copy,
                  guint         unit,
                  sqlite3_stmt *stmt,
                  int           name_column)
{
  Packed *packed = &copy->build.packed;
  guint at = GPOINTER_TO_UINT (g_hash_table_lookup (copy->build.fields,
                                                    sqlite3_column_text (stmt, name_column)));

  if (at == 0)
    {
      copy->other = TRUE;
      return;
    }
  copy->read[at - 1] = TRUE;
  packed->bits[(gsize) (at - 1) * packed->units->len + unit] =
    GUINT64_TO_LE (value_bits (stmt, name_column + 1));
}

/* Compares the copies of the year read, [year_first, next), with what was read of it. */
static void
finish_year (ValuesScan *scan)
{
  for (guint i = scan->year_first; i < scan->next; i++)
    {
      CurrentCopy *copy = &g_array_index (scan->copies, CurrentCopy, i);
      g_autofree char *difference = NULL;

      difference = packed_compare (scan->self->db, copy->year, copy->category, copy->stamp,
                                   &copy->build.packed, copy->read, copy->other);
      if (difference != NULL)
        g_ptr_array_add (scan->problems,
                         g_strdup_printf (_("year %d, category “%s”: the packed copy of the "
                                            "year's values differs from the stored values, "
                                            "at %s: it was changed outside Kaohe"),
                                          copy->year, copy->category, difference));
      packed_build_clear (&copy->build);
      g_clear_pointer (&copy->read, g_free);
    }
  scan->year_first = scan->next;
  g_hash_table_remove_all (scan->units);
  g_array_set_size (scan->places, 0);
}

/* The scan comes to @year's rows (G_MAXINT: to its end): the copies of the year before
 * are compared, and so are those of the years before @year without rows; those of @year
 * get their units. */
static int
start_year (ValuesScan *scan,
            int         year)
{
  finish_year (scan);
  while (scan->next < scan->copies->len
         && g_array_index (scan->copies, CurrentCopy, scan->next).year < year)
    {
      int rc = read_units (scan, g_array_index (scan->copies, CurrentCopy, scan->next).year);

      if (rc != SQLITE_DONE)
        return rc;
      finish_year (scan);
    }
  return year == G_MAXINT ? SQLITE_DONE : read_units (scan, year);
}

gboolean
kh_project_check_values (KhProject  *self,
                         GHashTable *writers,
                         gboolean   *writers_ok,
                         GPtrArray  *packed_problems,
                         GError    **error)
{
  g_autoptr (GArray) copies = g_array_new (FALSE, TRUE, sizeof (CurrentCopy));
  g_autoptr (GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) places = g_array_new (FALSE, FALSE, sizeof (UnitPlace));
  ValuesScan scan = { self, copies, 0, 0, units, places, packed_problems };
  g_autofree char *row_unit = NULL;
  guint unit_at = 0;
  sqlite3_stmt *stmt = NULL;
  int year = G_MININT, checked_year = 0;
  gint64 checked_seq = -1;
  gboolean checked_ok = TRUE;
  int rc;

  g_return_val_if_fail (self != NULL && self->db != NULL, FALSE);
  g_return_val_if_fail (writers != NULL && self->version >= KH_PROJECT_WRITER_VERSION, FALSE);
  g_return_val_if_fail (writers_ok != NULL && packed_problems != NULL, FALSE);

  *writers_ok = TRUE;
  g_array_set_clear_func (copies, current_copy_clear);
  /* The scan's statement holds one read transaction from its first step on: the copies
   * and their stamps are read under it, as every unit list and copy compared. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT year, unit_id, field, value, audit_seq FROM data_values "
                           "ORDER BY year, unit_id, field",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if ((rc == SQLITE_ROW || rc == SQLITE_DONE) && self->version >= KH_PROJECT_PACKED_VERSION)
    {
      int first = read_current_copies (&scan);

      if (first != SQLITE_DONE)
        rc = first;
    }
  for (; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      int row_year = sqlite3_column_int (stmt, 0);
      const char *unit_id;

      /* The row's writer: an audit row of its year that writes values */
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 4);

          if (seq != checked_seq || row_year != checked_year)
            {
              gpointer at;

              checked_seq = seq;
              checked_year = row_year;
              checked_ok = g_hash_table_lookup_extended (writers, &seq, NULL, &at)
                           && GPOINTER_TO_INT (at) == row_year;
            }
          if (!checked_ok)
            *writers_ok = FALSE;
        }
      if (row_year != year)
        {
          int started;

          year = row_year;
          g_clear_pointer (&row_unit, g_free);
          started = start_year (&scan, year);
          if (started != SQLITE_DONE)
            {
              rc = started;
              break;
            }
        }
      if (scan.next == scan.year_first)
        continue; /* no copy of the year to compare */
      unit_id = (const char *) sqlite3_column_text (stmt, 1);
      if (row_unit == NULL || strcmp (row_unit, unit_id) != 0)
        {
          g_free (row_unit);
          row_unit = g_strdup (unit_id);
          unit_at = GPOINTER_TO_UINT (g_hash_table_lookup (units, unit_id));
        }
      /* A unit of a category without a current copy */
      if (unit_at != 0)
        {
          UnitPlace *place = &g_array_index (places, UnitPlace, unit_at - 1);

          current_copy_add (&g_array_index (copies, CurrentCopy, place->copy), place->place,
                            stmt, 2);
        }
    }
  if (rc == SQLITE_DONE)
    rc = start_year (&scan, G_MAXINT);
  if (rc != SQLITE_DONE)
    kh_project_sql_error (self, _("verifying"), error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

guint
kh_project_pack_values (KhProject *self,
                        int        year)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autofree char *stamp = NULL;
  guint packed = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->db == NULL || self->version < KH_PROJECT_PACKED_VERSION
      || !sqlite3_get_autocommit (self->db) || sqlite3_db_readonly (self->db, "main") != 0)
    return 0;
  categories = kh_project_get_categories (self, year);
  stamp = kh_project_packed_stamp (self, year);
  for (guint i = 0; i < categories->len; i++)
    if ((stamp == NULL || !kh_project_has_packed (self, year, categories->pdata[i], stamp))
        && kh_project_pack_year (self, year, categories->pdata[i]))
      packed++;
  return packed;
}

