/* kh-project-values.c — the values of a project's years: imports, edits, provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-io-work.h"
#include "kh-project-plausibility.h"
#include "kh-project-private.h"
#include "kh-suggest.h"

static gboolean
check_not_sealed (KhProject *self,
                  int        year,
                  GError   **error)
{
  return kh_project_check_open (self, year, error);
}

/* Binds one row's values to parameters @first … @first + 9 of @stmt (upsert_sql's, or
 * the rows' of upsert_rows_sql()). @unit, @field, @source and @at outlive the step:
 * bound without a copy. Every parameter is bound at each row: no
 * sqlite3_clear_bindings(). */
static void
bind_value (KhProject    *self,
            sqlite3_stmt *stmt,
            int           first,
            int           year,
            const char   *unit,
            const char   *field,
            double        value,
            const char   *source,
            guint         row,
            guint         column,
            const char   *at,
            gint64        audit_seq)
{
  sqlite3_bind_int (stmt, first, year);
  sqlite3_bind_text (stmt, first + 1, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 2, field, -1, SQLITE_STATIC);
  if (isnan (value))
    sqlite3_bind_null (stmt, first + 3);
  else
    sqlite3_bind_double (stmt, first + 3, value);
  if (source != NULL)
    {
      sqlite3_bind_text (stmt, first + 4, source, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, first + 5, (int) row);
      sqlite3_bind_int (stmt, first + 6, (int) column);
    }
  else
    {
      sqlite3_bind_null (stmt, first + 4);
      sqlite3_bind_null (stmt, first + 5);
      sqlite3_bind_null (stmt, first + 6);
    }
  sqlite3_bind_text (stmt, first + 7, self->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 8, at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 9, audit_seq);
}

/* Runs @stmt with its rows bound; the message is translated only when it is needed. */
static gboolean
step_values (KhProject    *self,
             sqlite3_stmt *stmt,
             GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kh_project_sql_error (self, _("storing values"), error);
  return TRUE;
}

static gboolean
upsert_value (KhProject    *self,
              sqlite3_stmt *stmt,
              int           year,
              const char   *unit,
              const char   *field,
              double        value,
              const char   *source,
              guint         row,
              guint         column,
              const char   *at,
              gint64        audit_seq,
              GError      **error)
{
  bind_value (self, stmt, 1, year, unit, field, value, source, row, column, at, audit_seq);
  return step_values (self, stmt, error);
}

/* The values are written before their audit row, which takes the next seq of the log:
 * read once inside the caller's transaction (BEGIN IMMEDIATE: no other writer until its
 * end), as every row's "(SELECT MAX (seq) + 1 …)" would read it. */
static gboolean
next_audit_seq (KhProject *self,
                gint64    *seq,
                GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, "SELECT " KH_PROJECT_NEXT_AUDIT_SEQ, -1, &stmt, NULL)
      != SQLITE_OK)
    return kh_project_sql_error (self, _("storing values"), error);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (!ok)
    return kh_project_sql_error (self, _("storing values"), error);
  return TRUE;
}

static const char upsert_sql[] =
  "INSERT INTO data_values (year, unit_id, field, value, source_file, source_row, "
  "source_column, edited_by, edited_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
  "ON CONFLICT (year, unit_id, field) DO UPDATE SET value = excluded.value, "
  "audit_seq = excluded.audit_seq, "
  "source_file = excluded.source_file, source_row = excluded.source_row, "
  "source_column = excluded.source_column, edited_by = excluded.edited_by, "
  "edited_at = excluded.edited_at";

/* The values an import stores with one statement: a statement's own work (its start,
 * its end, the sealed-year trigger's program) is done once for so many rows instead of
 * for each (issue 22). 32 rows: 320 parameters, far below SQLite's limit (999 before
 * 3.32). */
#define UPSERT_ROWS 32

/* upsert_sql for UPSERT_ROWS rows: parameters 10 k + 1 … 10 k + 10 are row k's, as
 * upsert_sql's 1 … 10. */
static char *
upsert_rows_sql (void)
{
  GString *sql = g_string_new ("INSERT INTO data_values (year, unit_id, field, value, "
                               "source_file, source_row, source_column, edited_by, "
                               "edited_at, audit_seq) VALUES ");

  for (guint k = 0; k < UPSERT_ROWS; k++)
    g_string_append (sql, k > 0 ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_string_append (sql, strstr (upsert_sql, " ON CONFLICT"));
  return g_string_free (sql, FALSE);
}

/* TRUE when @field is a data field of some framework of the year. */
static gboolean
field_of_any (GHashTable *year_fields,
              const char *field)
{
  GHashTableIter iter;
  gpointer fields;

  g_hash_table_iter_init (&iter, year_fields);
  while (g_hash_table_iter_next (&iter, NULL, &fields))
    if (g_hash_table_contains (fields, field))
      return TRUE;
  return FALSE;
}

/* A problem of a record's row: listed (all or nothing), or with @aside (a partial
 * import) the row is set aside with it; *limit is set when its budget runs out. */
static void G_GNUC_PRINTF (7, 8)
at_row (KhProblems  *problems,
        KhRecordSet *aside,
        GError     **limit,
        const char  *name,
        guint        row,
        guint        column,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (aside == NULL && problems->n >= KH_PROBLEMS_MAX)
    {
      problems->n++;
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (aside != NULL)
    {
      if (*limit == NULL)
        kh_record_set_reject (aside, row, column, message, limit);
      return;
    }
  kh_problems_add (problems, _("%s: row %u, column %u: %s"), name, row, column, message);
}

/* Each record's unit as the project resolved it: an index + 1 into @ids (0: the record is
 * not stored), 4 bytes a record of the batch checked; the distinct unit ids (interned in
 * the set) once each, for the whole import. */
typedef struct
{
  GPtrArray *ids;    /* distinct unit ids, first seen first */
  GHashTable *index; /* unit id → its index + 1 */
  guint32 *of;       /* each record's of the batch */
  guint32 *field;    /* each record's field: its index + 1 in StoredCells, 0 if none */
  guint32 last;      /* the index + 1 set last */
} Resolved;

static void
resolved_init (Resolved *res)
{
  res->ids = g_ptr_array_new ();
  res->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  res->of = NULL;
  res->field = NULL;
  res->last = 0;
}

/* Room for a batch of @n_records. */
static void
resolved_batch (Resolved *res,
                guint     n_records)
{
  g_free (res->of);
  g_free (res->field);
  res->of = g_new0 (guint32, MAX (n_records, 1));
  res->field = g_new0 (guint32, MAX (n_records, 1));
}

static void
resolved_clear (Resolved *res)
{
  g_clear_pointer (&res->ids, g_ptr_array_unref);
  g_clear_pointer (&res->index, g_hash_table_unref);
  g_clear_pointer (&res->of, g_free);
  g_clear_pointer (&res->field, g_free);
}

/* Record @i's unit is @id (interned), or NULL: not stored. */
static void
resolved_set (Resolved   *res,
              guint       i,
              const char *id)
{
  guint k = 0;

  if (id != NULL && res->last != 0 && res->ids->pdata[res->last - 1] == id)
    k = res->last;
  else if (id != NULL)
    {
      k = GPOINTER_TO_UINT (g_hash_table_lookup (res->index, id));
      if (k == 0)
        {
          g_ptr_array_add (res->ids, (gpointer) id);
          k = res->ids->len;
          g_hash_table_insert (res->index, (gpointer) id, GUINT_TO_POINTER (k));
        }
      res->last = k;
    }
  res->of[i] = k;
}

static inline const char *
resolved_unit (const Resolved *res,
               guint           i)
{
  guint k = res->of[i];

  return k != 0 ? res->ids->pdata[k - 1] : NULL;
}

/* The cells an import stores: per unit resolved (its index in Resolved), the row + 1 of
 * its value of each data field of the year, 0 for none: 4 bytes a cell, a unit's made
 * when its first value is checked, whatever the number of records read (a batch of them
 * is dropped once stored: issue 22). The one check of a second value for a cell by the
 * unit it resolves to (the reader's own check is by the unit's text, per row in a wide
 * sheet), and what kh_project_audit_value_flags() asks of the cells stored. A field's
 * column is the one its first value came from (a wide sheet's field has its column, a
 * long sheet's values are all in its fourth). */
typedef struct
{
  GHashTable *index;  /* interned field id → its index + 1 */
  GPtrArray *fields;  /* interned field ids by index */
  guint32 *rank;      /* each field's place in the order of the ids */
  guint32 *column;    /* each field's first column */
  GPtrArray *rows;    /* per unit index: guint32[fields->len], or NULL */
} StoredCells;

static int
compare_field_ids (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  GPtrArray *fields = data;

  return strcmp (fields->pdata[*(const guint32 *) a], fields->pdata[*(const guint32 *) b]);
}

/* Every data field of a framework of the year, interned in @records. */
static void
stored_cells_init (StoredCells *cells,
                   KhRecordSet *records,
                   GHashTable  *year_fields)
{
  g_autofree guint32 *by_id = NULL;
  GHashTableIter iter;
  gpointer fields;

  cells->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  cells->fields = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, year_fields);
  while (g_hash_table_iter_next (&iter, NULL, &fields))
    {
      GHashTableIter f;
      gpointer field;

      g_hash_table_iter_init (&f, fields);
      while (g_hash_table_iter_next (&f, &field, NULL))
        {
          const char *id = kh_record_set_intern (records, field);

          if (g_hash_table_contains (cells->index, id))
            continue;
          g_ptr_array_add (cells->fields, (gpointer) id);
          g_hash_table_insert (cells->index, (gpointer) id, GUINT_TO_POINTER (cells->fields->len));
        }
    }
  by_id = g_new (guint32, MAX (cells->fields->len, 1));
  cells->rank = g_new (guint32, MAX (cells->fields->len, 1));
  cells->column = g_new0 (guint32, MAX (cells->fields->len, 1));
  for (guint k = 0; k < cells->fields->len; k++)
    by_id[k] = k;
  g_qsort_with_data (by_id, (gint) cells->fields->len, sizeof (guint32), compare_field_ids,
                     cells->fields);
  for (guint k = 0; k < cells->fields->len; k++)
    cells->rank[by_id[k]] = k;
  cells->rows = g_ptr_array_new_with_free_func (g_free);
}

static void
stored_cells_clear (StoredCells *cells)
{
  g_clear_pointer (&cells->index, g_hash_table_unref);
  g_clear_pointer (&cells->fields, g_ptr_array_unref);
  g_clear_pointer (&cells->rank, g_free);
  g_clear_pointer (&cells->column, g_free);
  g_clear_pointer (&cells->rows, g_ptr_array_unref);
}

/* The index + 1 of @field (interned), 0 when it is no data field of the year. */
static inline guint
stored_cells_field (const StoredCells *cells,
                    const char        *field)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (cells->index, field));
}

/* The row + 1 kept for unit @unit_k's (index + 1) field @field_k (index + 1), made when
 * @make, or NULL. */
static guint32 *
stored_cells_row (StoredCells *cells,
                  guint        unit_k,
                  guint        field_k,
                  gboolean     make)
{
  if (unit_k > cells->rows->len)
    {
      if (!make)
        return NULL;
      g_ptr_array_set_size (cells->rows, unit_k);
    }
  if (cells->rows->pdata[unit_k - 1] == NULL)
    {
      if (!make)
        return NULL;
      cells->rows->pdata[unit_k - 1] = g_new0 (guint32, MAX (cells->fields->len, 1));
    }
  return &((guint32 *) cells->rows->pdata[unit_k - 1])[field_k - 1];
}

/* "unknown unit “南京”" gets "(did you mean “南京市”, unit nanjing?)" when a unit of
 * @year has a near id or name. The candidates are gathered on the first use. */
static char *
unknown_unit_problem (GHashTable  *units,
                      int          year,
                      KhSuggest  **suggest,
                      const char  *key,
                      char        *problem)
{
  const char *id = NULL;
  const char *near;

  if (*suggest == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      *suggest = kh_suggest_new ();
      g_hash_table_iter_init (&iter, units);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const KhUnitInfo *unit = value;

          if (!unit->exists)
            continue;
          kh_suggest_add (*suggest, unit->id, unit->id);
          if (unit->name_zh != NULL)
            kh_suggest_add (*suggest, unit->name_zh, unit->id);
          if (unit->name_zh_tw != NULL)
            kh_suggest_add (*suggest, unit->name_zh_tw, unit->id);
          if (unit->name_en != NULL)
            kh_suggest_add (*suggest, unit->name_en, unit->id);
          if (unit->short_name != NULL)
            kh_suggest_add (*suggest, unit->short_name, unit->id);
          for (guint a = 0; a < unit->aliases->len; a++)
            kh_suggest_add (*suggest, unit->aliases->pdata[a], unit->id);
        }
    }
  near = kh_suggest_nearest (*suggest, key, &id);
  if (near == NULL)
    return problem;
  {
    char *with = strcmp (near, id) == 0
                   ? g_strdup_printf (_("%s (did you mean “%s”?)"), problem, near)
                   : g_strdup_printf (_("%s (did you mean “%s”, unit %s?)"), problem, near, id);

    g_free (problem);
    return with;
  }
}

/* An import: the checks of its records, a batch at a time, and (unless it only checks)
 * their storing in one transaction, begun first and committed only when no batch had a
 * problem. */
struct _KhProjectImport
{
  KhProject *self;
  int year;
  char *name;
  gboolean partial;         /* a row with a problem is set aside */
  gboolean store;           /* FALSE: only checks */
  KhRecordSet *records;     /* every batch's set (its strings interned), not owned */
  GError *limit;
  guint n_suggested;
  GHashTable *year_fields;
  GHashTable *grades;
  GHashTable *units;
  GHashTable *names;
  GHashTable *reported;
  KhSuggest *suggest;
  KhProblems problems;
  const char *last_unit; /* a unit's problem is reported once per row */
  guint last_row;
  /* The unit of the record before, when it was found: a wide sheet's row gives one unit
   * many values, resolved once. */
  const char *found_key;
  const KhUnitInfo *found;
  const char *found_id;
  Resolved resolved;
  StoredCells cells;
  /* Storing. */
  gboolean begun;
  char *at;
  sqlite3_stmt *stmt;
  sqlite3_stmt *stmt_rows; /* UPSERT_ROWS rows at a time */
  gint64 audit_seq;
  GChecksum *sum;        /* of the values stored, in the order of the sheet */
  GHashTable *fields;    /* interned field ids stored */
  guint n_values;
  /* On PostgreSQL (self->db == NULL) nothing is stored before _finish(), whose
   * transaction may be run again on a serialization failure: each record's unit (its
   * index + 1 in resolved.ids, 0: not stored) for the whole set, which the caller keeps
   * whole until then; NULL on SQLite. The row of its first record, to find a set that
   * dropped its records (a batch reader's) in between. */
  GArray *whole_of;
  guint32 whole_first_row;
};

static void
import_free (KhProjectImport *import)
{
  g_free (import->name);
  g_clear_error (&import->limit);
  g_clear_pointer (&import->year_fields, g_hash_table_unref);
  g_clear_pointer (&import->grades, g_hash_table_unref);
  g_clear_pointer (&import->units, g_hash_table_unref);
  g_clear_pointer (&import->names, g_hash_table_unref);
  g_clear_pointer (&import->reported, g_hash_table_unref);
  g_clear_pointer (&import->suggest, kh_suggest_free);
  kh_problems_clear (&import->problems);
  resolved_clear (&import->resolved);
  stored_cells_clear (&import->cells);
  g_free (import->at);
  sqlite3_finalize (import->stmt);
  sqlite3_finalize (import->stmt_rows);
  g_clear_pointer (&import->sum, g_checksum_free);
  g_clear_pointer (&import->fields, g_hash_table_unref);
  g_clear_pointer (&import->whole_of, g_array_unref);
  if (import->begun)
    kh_project_rollback (import->self);
  g_free (import);
}

void
kh_project_import_abandon (KhProjectImport *import)
{
  if (import != NULL)
    import_free (import);
}

/* A checker (and with @store a transaction begun) of records for @year. */
static KhProjectImport *
import_new (KhProject  *self,
            int         year,
            const char *source_name,
            gboolean    partial,
            gboolean    store,
            GError    **error)
{
  g_autofree char *rows_sql = NULL;
  KhProjectImport *import;

  if (!check_not_sealed (self, year, error))
    return NULL;
  import = g_new0 (KhProjectImport, 1);
  import->self = self;
  import->year = year;
  import->name = g_strdup (source_name);
  import->partial = partial;
  import->store = store;
  kh_problems_init (&import->problems);
  import->reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  resolved_init (&import->resolved);
  import->year_fields = kh_project_year_fields (self, year, &import->grades, error);
  if (import->year_fields == NULL)
    goto fail;
  import->units = kh_project_load_units (self, year, error);
  if (import->units == NULL)
    goto fail;
  import->names = kh_project_index_unit_names (import->units);
  if (!store)
    return import;
  import->at = kh_audit_now ();
  import->sum = g_checksum_new (G_CHECKSUM_SHA256);
  import->fields = g_hash_table_new (g_str_hash, g_str_equal);
  /* On PostgreSQL, stored by _finish() in one transaction (import_records_db()). */
  if (self->db == NULL)
    {
      import->whole_of = g_array_new (FALSE, FALSE, sizeof (guint32));
      return import;
    }
  if (!kh_project_begin (self, error))
    goto fail;
  import->begun = TRUE;
  if (!next_audit_seq (self, &import->audit_seq, error))
    goto fail;
  rows_sql = upsert_rows_sql ();
  if (sqlite3_prepare_v2 (self->db, upsert_sql, -1, &import->stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db, rows_sql, -1, &import->stmt_rows, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing values"), error);
      goto fail;
    }
  return import;

fail:
  import_free (import);
  return NULL;
}

KhProjectImport *
kh_project_import_begin (KhProject  *self,
                         int         year,
                         const char *source_name,
                         GError    **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return import_new (self, year, source_name, FALSE, TRUE, error);
}

/* Checks record @i of @records, the batch's @j-th; with @partial, a row with a problem is set aside
 * (records->rejected) instead of failing the check; every such row says why. Linear in
 * the records: units are found through an index of their names, values by the addresses
 * of their interned unit and field. */
static void
check_record (KhProjectImport *import,
              KhRecordSet     *records,
              guint            i,
              guint            j)
{
  KhProject *self = import->self;
  int year = import->year;
  const char *name = import->name;
  gboolean partial = import->partial;
  KhRecordSet *aside = partial ? records : NULL;
  KhProblems *problems = &import->problems;
  Resolved *resolved = &import->resolved;
  const KhRecord *r = &g_array_index (records->records, KhRecord, i);
  g_autofree char *problem = NULL;
  const KhUnitInfo *unit = r->unit == import->found_key
                             ? import->found
                             : kh_project_resolve_unit_in (import->units, import->names,
                                                           r->unit, year, &problem);
  GHashTable *fields = NULL;
  gboolean known;

  (void) self;
  if (unit != NULL && r->unit != import->found_key)
    {
      import->found_key = r->unit;
      import->found = unit;
      import->found_id = kh_record_set_intern (records, unit->id);
    }

  KH_IO_WORK_ADD (rows, 1);
  if (unit != NULL)
    {
      fields = g_hash_table_lookup (import->year_fields, unit->category_id);
      if (fields == NULL)
        {
          problem = g_strdup_printf (_("unit “%s” is in category “%s”, which has no "
                                       "framework in %d"),
                                     r->unit, unit->category_id, year);
          unit = NULL;
        }
    }
  known = fields != NULL ? g_hash_table_contains (fields, r->field)
                         : field_of_any (import->year_fields, r->field);
  /* A wide sheet of several categories: another category's column, left empty. */
  if (unit != NULL && !known && isnan (r->value)
      && field_of_any (import->year_fields, r->field))
    {
      resolved_set (resolved, j, NULL);
      return;
    }
  resolved_set (resolved, j, unit != NULL ? import->found_id : NULL);
  if (r->year != 0 && r->year != year)
    at_row (problems, aside, &import->limit, name, r->row, r->column,
            _("the value is for %d but the import is into %d"), r->year, year);
  /* Records come in row order: one message per row and unit. */
  if (unit == NULL && problem != NULL
      && (r->row != import->last_row || r->unit != import->last_unit))
    {
      /* Only a listed problem looks for a suggestion: 1,000,000 unknown units cost no
       * more than before. */
      if ((partial ? import->n_suggested++ : problems->n) < KH_PROBLEMS_MAX
          && !g_hash_table_contains (import->units, r->unit)
          && kh_project_unit_names_lookup (import->names, r->unit) == NULL)
        problem = unknown_unit_problem (import->units, year, &import->suggest, r->unit,
                                        g_steal_pointer (&problem));
      at_row (problems, aside, &import->limit, name, r->row, records->unit_column, "%s",
              problem);
      import->last_row = r->row;
      import->last_unit = r->unit;
    }
  /* A field of no framework: once. A field of another category's framework: once
   * per category. Set aside, every row says it. */
  if (!known && partial && unit != NULL)
    at_row (problems, aside, &import->limit, name, r->row, r->column,
            _("unknown field “%s”: not a data field of the %d framework of category “%s”"),
            r->field, year, unit->category_id);
  else if (!known && partial && !field_of_any (import->year_fields, r->field))
    at_row (problems, aside, &import->limit, name, r->row, r->column,
            _("unknown field “%s”: not a data field of any %d framework"), r->field, year);
  else if (!known && !partial)
    {
      g_autofree char *any_key = g_strdup_printf ("f\x1F%s", r->field);
      g_autofree char *field_key =
        unit != NULL && field_of_any (import->year_fields, r->field)
          ? g_strdup_printf ("f%s\x1F%s", unit->category_id, r->field)
          : g_strdup (any_key);

      if (!g_hash_table_contains (import->reported, field_key) && unit != NULL)
        at_row (problems, aside, &import->limit, name, r->row, r->column,
            _("unknown field “%s”: not a data field of the %d framework of category “%s”"),
            r->field, year, unit->category_id);
      else if (!g_hash_table_contains (import->reported, field_key))
        at_row (problems, aside, &import->limit, name, r->row, r->column,
            _("unknown field “%s”: not a data field of any %d framework"), r->field, year);
      g_hash_table_add (import->reported, g_steal_pointer (&field_key));
      g_hash_table_add (import->reported, g_steal_pointer (&any_key));
    }
  /* An indicator scored by grades takes its grades' codes only. */
  if (unit != NULL && known && !isnan (r->value))
    {
      GHashTable *graded = g_hash_table_lookup (import->grades, unit->category_id);
      const KhGradeCodes *codes = graded != NULL ? g_hash_table_lookup (graded, r->field)
                                                 : NULL;

      if (!kh_grade_codes_allow (codes, r->value))
        at_row (problems, aside, &import->limit, name, r->row, r->column,
                _("%g is not a grade code of “%s”; the codes are %s"), r->value, r->field,
                codes->text);
    }
  /* A field of the year's frameworks has its cell (one of another category's was
   * reported above). */
  if (unit != NULL)
    {
      guint field_k = stored_cells_field (&import->cells, r->field);
      guint32 *first;

      /* The cells are found by the set's interned address of the field: a record added
       * to the set's array by hand (not through kh_record_set_add()) is looked up by its
       * text once more rather than stored without its cell. */
      if (field_k == 0 && known)
        field_k = stored_cells_field (&import->cells, kh_record_set_intern (records, r->field));

      KH_IO_WORK_ADD (probes, 1);
      resolved->field[j] = field_k;
      if (field_k == 0)
        return;
      first = stored_cells_row (&import->cells, resolved->of[j], field_k, TRUE);
      if (*first != 0)
        at_row (problems, aside, &import->limit, name, r->row, r->column,
                _("second value for unit “%s”, field “%s” (the first is at row %u, column %u)"),
                unit->id, r->field, *first - 1, import->cells.column[field_k - 1]);
      else
        {
          *first = MIN (r->row, G_MAXUINT32 - 1) + 1;
          if (import->cells.column[field_k - 1] == 0)
            import->cells.column[field_k - 1] = r->column;
        }
    }
}

/* Checks the batch of @records' @n records from @from, each one's unit resolved in
 * import->resolved (by its place in the batch). */
static void
check_batch (KhProjectImport *import,
             KhRecordSet     *records,
             guint            from,
             guint            n)
{
  KhRecordSet *aside = import->partial ? records : NULL;

  if (import->cells.index == NULL)
    stored_cells_init (&import->cells, records, import->year_fields);
  resolved_batch (&import->resolved, n);
  for (guint j = 0; j < n; j++)
    check_record (import, records, from + j, j);
  /* Nothing of a row set aside is stored. */
  for (guint j = 0; aside != NULL && aside->rejected != NULL && j < n; j++)
    if (g_hash_table_contains (aside->rejected,
                               GUINT_TO_POINTER (g_array_index (records->records, KhRecord,
                                                                from + j).row)))
      import->resolved.of[j] = 0;
}

/* The check's outcome: FALSE with every problem found. */
static gboolean
check_finish (KhProjectImport *import,
              GError         **error)
{
  if (import->limit != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&import->limit));
      return FALSE;
    }
  return !kh_problems_propagate (&import->problems, KH_IO_ERROR_INVALID, error);
}

gboolean
kh_project_set_aside_rows (KhProject   *self,
                           int          year,
                           KhRecordSet *records,
                           const char  *source_name,
                           GError     **error)
{
  KhProjectImport *import;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (records != NULL && source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  import = import_new (self, year, source_name, TRUE, FALSE, error);
  if (import == NULL)
    return FALSE;
  /* One batch: a row is set aside whole. */
  check_batch (import, records, 0, records->records->len);
  ok = check_finish (import, error);
  import_free (import);
  if (!ok)
    return FALSE;
  kh_record_set_drop_rejected (records);
  return TRUE;
}

gboolean
kh_project_import_records (KhProject   *self,
                           int          year,
                           KhRecordSet *records,
                           const char  *source_name,
                           GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kh_project_import_records_full (self, year, records, source_name, NULL, error);
}

/* A batch's record places in the order of the primary key's unit and field:
 * SQLite's BINARY collation, memcmp of UTF-8 as strcmp. */
static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const KhProjectImport *import = data;
  const Resolved *res = &import->resolved;
  guint i = *(const guint *) a, j = *(const guint *) b;

  if (res->of[i] != res->of[j])
    return strcmp (res->ids->pdata[res->of[i] - 1], res->ids->pdata[res->of[j] - 1]);
  return (int) import->cells.rank[res->field[i] - 1] - (int) import->cells.rank[res->field[j] - 1];
}

/* The digest of the values an import stores, in the order of the sheet, as its audit row
 * names it: SHA-256 of a line "unit TAB field TAB value NL" each (the value as
 * kh_project_format_double() writes it), fed a batch at a time. */
typedef struct
{
  GArray *records;          /* KhRecord */
  guint from, n;            /* the batch */
  const Resolved *resolved; /* each record's unit id, NULL for one not stored */
  GChecksum *sum;
} Digest;

static gpointer
digest_thread (gpointer data)
{
  Digest *digest = data;

  for (guint j = 0; j < digest->n; j++)
    {
      const KhRecord *r = &g_array_index (digest->records, KhRecord, digest->from + j);
      const char *unit = resolved_unit (digest->resolved, j);
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (unit == NULL)
        continue;
      if (isnan (r->value))
        value[0] = '\0';
      else
        g_ascii_formatd (value, sizeof value, "%.17g", r->value);
      /* Fed in pieces. */
      g_checksum_update (digest->sum, (const guchar *) unit, (gssize) strlen (unit));
      g_checksum_update (digest->sum, (const guchar *) "\t", 1);
      g_checksum_update (digest->sum, (const guchar *) r->field, (gssize) strlen (r->field));
      g_checksum_update (digest->sum, (const guchar *) "\t", 1);
      g_checksum_update (digest->sum, (const guchar *) value, (gssize) strlen (value));
      g_checksum_update (digest->sum, (const guchar *) "\n", 1);
    }
  return NULL;
}

/* ---- an import on PostgreSQL, through the store (issue 19) ---- */

typedef struct
{
  int year;
  KhRecordSet *records;
  const char *source_name;
  const Resolved *resolved;
  GArray *order;      /* record indexes in the order of the key */
  const char *at;
  const char *detail; /* the audit row's */
  /* Set by the attempt that ran last: the record the server refused (G_MAXUINT: none). */
  guint denied;
  GHashTable *fields; /* the fields stored, for the flags (kh_project_audit_value_flags()) */
  GHashTable *cells;  /* "unit\tfield" of every value stored */
} ImportDb;

/* KhStoredCellFunc of an import on PostgreSQL. */
static gboolean
cell_stored_db (const char *unit,
                const char *field,
                gpointer    data)
{
  ImportDb *import = data;
  g_autofree char *key = g_strdup_printf ("%s\t%s", unit, field);

  return g_hash_table_contains (import->cells, key);
}

/* The values stored and audited as the login, in kh_project_transaction(). */
static gboolean
import_records_db_cb (KhProject *self,
                      gpointer   user_data,
                      GError   **error)
{
  ImportDb *import = user_data;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *writer = NULL;
  GError *local = NULL;
  gint64 audit_seq;

  import->denied = G_MAXUINT;
  /* Before any read, as an edit does (kh-project-values-db.c): the snapshot comes after
   * the values saved before, and writers of values queue. A viewer may not. */
  if (!kh_db_exec (self->store, "LOCK TABLE data_values IN SHARE ROW EXCLUSIVE MODE", &local))
    {
      if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0 && import->order->len > 0)
        import->denied = g_array_index (import->order, guint, 0);
      return kh_project_db_error (self, _("storing values"), local, error);
    }
  /* Row-level security compares each value's writer with the login. */
  stmt = kh_project_prepare (self, "SELECT session_user, " KH_PROJECT_NEXT_AUDIT_SEQ,
                             _("storing values"), error);
  if (stmt == NULL || kh_project_step (self, stmt, _("storing values"), error) != KH_DB_STEP_ROW)
    return FALSE;
  writer = g_strdup (kh_db_column_text (stmt, 0));
  audit_seq = kh_db_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  stmt = kh_project_prepare (self, upsert_sql, _("storing values"), error);
  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < import->order->len; k++)
    {
      guint i = g_array_index (import->order, guint, k);
      const KhRecord *r = &g_array_index (import->records->records, KhRecord, i);

      kh_db_bind_int64 (stmt, 1, import->year);
      kh_db_bind_text (stmt, 2, resolved_unit (import->resolved, i));
      kh_db_bind_text (stmt, 3, r->field);
      if (isnan (r->value))
        kh_db_bind_null (stmt, 4);
      else
        kh_db_bind_double (stmt, 4, r->value);
      kh_db_bind_text (stmt, 5, import->source_name);
      kh_db_bind_int64 (stmt, 6, r->row);
      kh_db_bind_int64 (stmt, 7, r->column);
      kh_db_bind_text (stmt, 8, writer);
      kh_db_bind_text (stmt, 9, import->at);
      kh_db_bind_int64 (stmt, 10, audit_seq);
      if (kh_db_step (stmt, &local) == KH_DB_STEP_ERROR)
        {
          /* Row-level security: a value outside the evaluator's scopes. */
          if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
            import->denied = i;
          return kh_project_db_error (self, _("storing values"), local, error);
        }
      kh_db_stmt_reset (stmt);
    }
  /* The values it stored that are implausible are audited after it, as on SQLite. */
  return kh_audit_append_db (self->store, writer, "import", import->year, import->detail,
                             import->at, error)
         && kh_project_audit_value_flags (self, import->year, import->fields, cell_stored_db,
                                          import, import->at, error);
}

/* The audit row's detail of an import, the same on either store. */
static char *
import_detail (KhRecordSet *records,
               const char  *source_name,
               guint        n_values,
               const char  *sha256)
{
  GString *detail = g_string_new (NULL);

  g_string_printf (detail, "file=%s\nlayout=%s\nencoding=%s\nvalues=%u\nsha256=%s", source_name,
                   records->layout == KH_TABLE_LONG ? "long" : "wide",
                   records->encoding != NULL ? records->encoding : "", n_values, sha256);
  if (records->rejected != NULL)
    g_string_append_printf (detail, "\nrows_set_aside=%u", g_hash_table_size (records->rejected));
  return g_string_free (detail, FALSE);
}

/* kh_project_import_records_full() on PostgreSQL, its records checked and resolved: the
 * same rows and audit rows (the login as their writer: the import's, then the flags'), in
 * one transaction. A value outside an evaluator's scopes fails the whole import, naming
 * it. */
static gboolean
import_records_db (KhProject      *self,
                   ImportDb       *import,
                   GError        **error)
{
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *local = NULL;
  const KhRecord *r;

  for (guint k = 0; k < import->order->len; k++)
    {
      guint i = g_array_index (import->order, guint, k);

      r = &g_array_index (import->records->records, KhRecord, i);
      g_hash_table_add (fields, (gpointer) r->field);
      g_hash_table_add (cells, g_strdup_printf ("%s\t%s", resolved_unit (import->resolved, i),
                                                r->field));
    }
  import->fields = fields;
  import->cells = cells;
  if (kh_project_transaction (self, import_records_db_cb, import, &local))
    return TRUE;
  if (import->denied == G_MAXUINT)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_clear_error (&local);
  r = &g_array_index (import->records->records, KhRecord, import->denied);
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
               _("%s: not allowed to import unit “%s”, field “%s” of %d (%s, row %u): it is "
                 "not within the scopes granted to this login (kaohe-cli scopes); nothing was "
                 "written"),
               self->path, resolved_unit (import->resolved, import->denied), r->field,
               import->year, import->source_name, r->row);
  return FALSE;
}

#define IMPORT_BATCH 65536u

/* Stores the batch checked (none of its records has had a problem, nor any before). */
static gboolean
store_batch (KhProjectImport *import,
             KhRecordSet     *records,
             guint            from,
             guint            n,
             GError         **error)
{
  g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  Digest digest = { records->records, from, n, &import->resolved, import->sum };
  GThread *digest_worker;
  gboolean ok = TRUE;

  for (guint j = 0; j < n; j++)
    {
      if (import->resolved.of[j] == 0)
        continue;
      import->n_values++;
      g_array_append_val (order, j);
      g_hash_table_add (import->fields,
                        (gpointer) g_array_index (records->records, KhRecord, from + j).field);
    }
  /* Stored in the order of the key (year, unit, field): each row goes beside the one
   * before in the b-tree instead of into a page read back from anywhere in the year
   * (a wide sheet's rows are units in any order, its columns fields in any order). */
  g_array_sort_with_data (order, compare_keyed, import);
  /* The digest is computed in a thread beside the upserts (a sixth of their time at
   * 3,000 units × 200 indicators: the values' text, exact to the bit, is slow to write);
   * neither changes the records. */
  digest_worker = g_thread_new ("kh-import-digest", digest_thread, &digest);
  for (guint k = 0; k < order->len && ok;)
    {
      /* UPSERT_ROWS rows a statement while there are as many, then one at a time. */
      gboolean many = order->len - k >= UPSERT_ROWS;
      sqlite3_stmt *stmt = many ? import->stmt_rows : import->stmt;
      guint rows = many ? UPSERT_ROWS : 1;

      for (guint i = 0; i < rows; i++, k++)
        {
          guint j = g_array_index (order, guint, k);
          const KhRecord *r = &g_array_index (records->records, KhRecord, from + j);

          bind_value (import->self, stmt, (int) (10 * i + 1), import->year,
                      resolved_unit (&import->resolved, j), r->field, r->value,
                      import->name, r->row, r->column, import->at, import->audit_seq);
        }
      ok = step_values (import->self, stmt, error);
    }
  g_thread_join (digest_worker);
  return ok;
}

/* On PostgreSQL: keeps the units of the batch checked for _finish() (import->whole_of)
 * and, while no problem has been found, counts its values and feeds the digest. */
static void
keep_batch (KhProjectImport *import,
            KhRecordSet     *records,
            guint            from,
            guint            n)
{
  Digest digest = { records->records, from, n, &import->resolved, import->sum };

  g_array_append_vals (import->whole_of, import->resolved.of, n);
  if (import->limit != NULL || import->problems.n > 0)
    return;
  for (guint j = 0; j < n; j++)
    if (import->resolved.of[j] != 0)
      import->n_values++;
  digest_thread (&digest);
}

gboolean
kh_project_import_add (KhProjectImport *import,
                       KhRecordSet     *records,
                       GError         **error)
{
  guint start;

  g_return_val_if_fail (import != NULL && import->store, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (import->records == NULL || import->records == records, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* On PostgreSQL the set is held whole: the records added since the call before. */
  g_return_val_if_fail (import->whole_of == NULL
                          || records->records->len >= import->whole_of->len, FALSE);
  g_return_val_if_fail (import->whole_of == NULL || import->whole_of->len == 0
                          || g_array_index (records->records, KhRecord, 0).row
                               == import->whole_first_row,
                        FALSE);
  if (import->whole_of != NULL && import->whole_of->len == 0 && records->records->len > 0)
    import->whole_first_row = g_array_index (records->records, KhRecord, 0).row;

  import->records = records;
  start = import->whole_of != NULL ? import->whole_of->len : 0;
  /* A set given whole (a workbook, a partial import, the app's) is taken a batch at a
   * time as well: what is kept per record is for a batch only. */
  for (guint from = start; from < records->records->len || from == start; from += IMPORT_BATCH)
    {
      guint n = MIN (IMPORT_BATCH, records->records->len - from);

      check_batch (import, records, from, n);
      if (import->whole_of != NULL)
        keep_batch (import, records, from, n);
      /* After a problem, only checked: nothing will be committed. */
      else if (import->limit == NULL && import->problems.n == 0
               && !store_batch (import, records, from, n, error))
        return FALSE;
      if (n == 0)
        break;
    }
  return TRUE;
}

/* KhStoredCellFunc of an import: the flag's unit and field among the records stored. */
static gboolean
cell_stored (const char *unit,
             const char *field,
             gpointer    data)
{
  KhProjectImport *import = data;
  guint unit_k = GPOINTER_TO_UINT (
    g_hash_table_lookup (import->resolved.index, kh_record_set_intern (import->records, unit)));
  guint field_k = stored_cells_field (&import->cells, kh_record_set_intern (import->records, field));
  guint32 *row;

  if (unit_k == 0 || field_k == 0)
    return FALSE;
  row = stored_cells_row (&import->cells, unit_k, field_k, FALSE);
  return row != NULL && *row != 0;
}

gboolean
kh_project_import_finish (KhProjectImport *import,
                          KhRecordSet     *records,
                          guint           *n_stored,
                          GError         **error)
{
  KhProject *self;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (import != NULL && import->store, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (import->records == NULL || import->records == records, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = import->self;
  if (records->records->len > 0 || import->records == NULL)
    {
      if (!kh_project_import_add (import, records, error))
        {
          import_free (import);
          return FALSE;
        }
    }
  if (!check_finish (import, error))
    {
      import_free (import);
      return FALSE;
    }
  /* The audit row's (a partial import's says how many rows of the file it left out). */
  detail = import_detail (records, import->name, import->n_values,
                          g_checksum_get_string (import->sum));
  /* On PostgreSQL, every value stored now, in the sheet's order, and the same audit row
   * (issue 19). */
  if (import->whole_of != NULL)
    {
      Resolved whole = { import->resolved.ids, NULL, (guint32 *) import->whole_of->data, NULL,
                         0 };
      ImportDb db = { import->year, records, import->name, &whole, NULL, import->at, detail,
                      G_MAXUINT, NULL, NULL };
      g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                                    import->n_values);

      for (guint i = 0; i < import->whole_of->len; i++)
        if (resolved_unit (&whole, i) != NULL)
          g_array_append_val (order, i);
      db.order = order;
      ok = import_records_db (self, &db, error);
      if (ok && n_stored != NULL)
        *n_stored = import->n_values;
      import_free (import);
      return ok;
    }
  /* The values it stored that are implausible are audited after it (the values' audit_seq
   * names the import's row). */
  ok = kh_audit_append_at (self->db, self->user, "import", import->year, detail, import->at,
                           error)
       && kh_project_audit_value_flags (self, import->year, import->fields, cell_stored,
                                        import, import->at, error)
       && kh_project_commit (self, error);
  if (ok)
    {
      import->begun = FALSE;
      kh_project_value_flags_committed (self);
      if (n_stored != NULL)
        *n_stored = import->n_values;
    }
  import_free (import);
  return ok;
}

gboolean
kh_project_import_records_full (KhProject   *self,
                                int          year,
                                KhRecordSet *records,
                                const char  *source_name,
                                guint       *n_stored,
                                GError     **error)
{
  KhProjectImport *import;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  import = import_new (self, year, source_name, FALSE, TRUE, error);
  if (import == NULL)
    return FALSE;
  return kh_project_import_finish (import, records, n_stored, error);
}

static gboolean
read_value (KhProject  *self,
            int         year,
            const char *unit,
            const char *field,
            double     *value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  *value = NAN;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT value FROM data_values WHERE year = ? AND unit_id = ? AND "
                          "field = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *value = sqlite3_column_double (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
kh_project_set_value (KhProject  *self,
                      int         year,
                      const char *unit,
                      const char *field,
                      double      value,
                      GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *detail = NULL;
  const KhUnitInfo *info;
  sqlite3_stmt *stmt = NULL;
  gint64 audit_seq = 0;
  double old = NAN;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit != NULL && field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* On a server through the store (kh-project-values-db.c). */
  if (kh_db_backend (self->store) != KH_DB_SQLITE)
    return kh_project_edit_value_db (self, year, unit, field, NULL, value, NULL, error);
  if (!check_not_sealed (self, year, error))
    return FALSE;
  if (!kh_project_check_value_cell (self, year, unit, field, value, &units, &info, error))
    return FALSE;

  if (!kh_project_begin (self, error))
    return FALSE;
  read_value (self, year, info->id, field, &old);
  old_text = kh_project_format_double (old);
  new_text = kh_project_format_double (value);
  detail = g_strdup_printf ("unit=%s\nfield=%s\nold=%s\nnew=%s", info->id, field, old_text,
                            new_text);
  if (next_audit_seq (self, &audit_seq, error)
      && sqlite3_prepare_v2 (self->db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
    kh_project_sql_error (self, _("storing values"), error);
  else if (stmt != NULL)
    {
      ok = upsert_value (self, stmt, year, info->id, field, value, NULL, 0, 0, at, audit_seq,
                         error)
           && kh_audit_append_at (self->db, self->user, "edit", year, detail, at, error)
           && kh_project_audit_value_flag (self, year, units, info->id, field, at, error)
           && kh_project_commit (self, error);
    }
  sqlite3_finalize (stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

KhRecordSet *
kh_project_get_records (KhProject *self,
                        int        year,
                        GError   **error)
{
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GHashTable) units = NULL;
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return NULL;
  set = kh_record_set_new (KH_TABLE_WIDE, "UTF-8");

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const KhUnitInfo *unit = value;

      if (!unit->exists)
        continue;
      g_hash_table_insert (set->unit_names, g_strdup (unit->id), g_strdup (unit->name_zh));
      if (unit->group_id != NULL)
        g_hash_table_insert (set->unit_groups, g_strdup (unit->id), g_strdup (unit->group_id));
    }

  /* On PostgreSQL through the store (kh-project-values-read.c; issue 19). */
  if (self->db == NULL)
    {
      if (!kh_project_read_records_db (self, set, year, error))
        return NULL;
      g_ptr_array_sort (set->fields, compare_strings);
      return g_steal_pointer (&set);
    }
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT unit_id, field, value FROM data_values WHERE year = ? "
                          "ORDER BY unit_id, field",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading values"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      kh_record_set_add (set, 0, 0, (const char *) sqlite3_column_text (stmt, 0), year,
                         (const char *) sqlite3_column_text (stmt, 1),
                         sqlite3_column_type (stmt, 2) == SQLITE_NULL
                           ? NAN
                           : sqlite3_column_double (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading values"), error);
      return NULL;
    }
  g_ptr_array_sort (set->fields, compare_strings);
  return g_steal_pointer (&set);
}
