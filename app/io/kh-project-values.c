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

/* @unit, @field, @source and @at outlive the step: bound without a copy. */
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
  int rc;

  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  if (isnan (value))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_double (stmt, 4, value);
  if (source != NULL)
    {
      sqlite3_bind_text (stmt, 5, source, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, (int) row);
      sqlite3_bind_int (stmt, 7, (int) column);
    }
  else
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
      sqlite3_bind_null (stmt, 7);
    }
  sqlite3_bind_text (stmt, 8, self->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, audit_seq);
  /* Every parameter is bound at each row: no sqlite3_clear_bindings(); the message is
   * translated only when it is needed. */
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kh_project_sql_error (self, _("storing values"), error);
  return TRUE;
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
 * not stored), 4 bytes a record; the distinct unit ids (interned in the set) once each. */
typedef struct
{
  GPtrArray *ids;    /* distinct unit ids, first seen first */
  GHashTable *index; /* unit id → its index + 1 */
  guint32 *of;       /* each record's */
  guint32 last;      /* the index + 1 set last */
} Resolved;

static void
resolved_init (Resolved *res,
               guint     n_records)
{
  res->ids = g_ptr_array_new ();
  res->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  res->of = g_new0 (guint32, MAX (n_records, 1));
  res->last = 0;
}

static void
resolved_clear (Resolved *res)
{
  g_clear_pointer (&res->ids, g_ptr_array_unref);
  g_clear_pointer (&res->index, g_hash_table_unref);
  g_clear_pointer (&res->of, g_free);
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

/* The cells an import stores: an open-addressing set of the indices + 1 of the records it
 * keeps, keyed by each one's resolved unit and field (both interned in @records, so they
 * compare by address). 4 bytes a slot, at most 3/4 full, sized once from the number of
 * records: the one check of a second value for a cell by the unit it resolves to (the
 * reader's own check is by the unit's text, per row in a wide sheet), and what
 * kh_project_audit_value_flags() asks of the cells stored. */
typedef struct
{
  KhRecordSet *records;
  const Resolved *resolved; /* each record's unit id */
  guint32 *slots;
  gsize mask;
} StoredCells;

static void
stored_cells_init (StoredCells    *cells,
                   KhRecordSet    *records,
                   const Resolved *resolved)
{
  gsize n = 1024;

  while (n * 3 < (gsize) records->records->len * 4 + 4)
    n *= 2;
  cells->records = records;
  cells->resolved = resolved;
  cells->slots = g_new0 (guint32, n);
  cells->mask = n - 1;
}

static void
stored_cells_clear (StoredCells *cells)
{
  g_clear_pointer (&cells->slots, g_free);
}

/* By the strings' contents, not their addresses: the same input probes the same slots in
 * every run (the work counted for it is reproducible). */
static gsize
cell_hash (const char *unit,
           const char *field)
{
  guint64 h = (guint64) g_str_hash (unit) * 0x9E3779B97F4A7C15ull;

  h ^= (guint64) g_str_hash (field) * 0xC2B2AE3D27D4EB4Full;
  return (gsize) (h ^ (h >> 29));
}

/* The slot of (@unit, @field): its record's, or the empty one where it would go. */
static gsize
stored_cells_find (const StoredCells *cells,
                   const char        *unit,
                   const char        *field)
{
  gsize i;

  for (i = cell_hash (unit, field) & cells->mask; cells->slots[i] != 0;
       i = (i + 1) & cells->mask)
    {
      guint o = cells->slots[i] - 1;

      KH_IO_WORK_ADD (probes, 1);
      if (resolved_unit (cells->resolved, o) == unit
          && g_array_index (cells->records->records, KhRecord, o).field == field)
        break;
    }
  return i;
}

/* The index + 1 of the record stored for the same cell as record @index (whose unit is
 * resolved), or 0 after adding @index. */
static guint
stored_cells_add (StoredCells *cells,
                  guint        index)
{
  gsize i = stored_cells_find (cells, resolved_unit (cells->resolved, index),
                               g_array_index (cells->records->records, KhRecord, index).field);

  if (cells->slots[i] != 0)
    return cells->slots[i];
  cells->slots[i] = index + 1;
  return 0;
}

/* KhStoredCellFunc of an import: the flag's unit and field among the records stored. */
static gboolean
cell_stored (const char *unit,
             const char *field,
             gpointer    data)
{
  StoredCells *cells = data;

  return cells->slots[stored_cells_find (cells, kh_record_set_intern (cells->records, unit),
                                         kh_record_set_intern (cells->records, field))]
         != 0;
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

/* Checks every record; on success @resolved holds the unit id of each record (interned
 * in @records), or NULL for an empty cell under a field of another category's framework
 * (skipped) or a record of a row set aside. With @partial, a row with a problem is set
 * aside (records->rejected) instead of failing the check; every such row says why. Linear in the records: units are found through an index of their names,
 * values by the addresses of their interned unit and field. */
static gboolean
check_records (KhProject   *self,
               int          year,
               KhRecordSet *records,
               const char  *name,
               Resolved    *resolved,
               gboolean     partial,
               StoredCells *cells,
               GError     **error)
{
  KhRecordSet *aside = partial ? records : NULL;
  GError *limit = NULL;
  guint n_suggested = 0;
  g_autoptr (GHashTable) year_fields = NULL;
  g_autoptr (GHashTable) grades = NULL;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  StoredCells seen = { 0 };
  g_autoptr (KhSuggest) suggest = NULL;
  g_auto (KhProblems) problems = KH_PROBLEMS_INIT;
  const char *last_unit = NULL; /* a unit's problem is reported once per row */
  guint last_row = 0;
  /* The unit of the record before, when it was found: a wide sheet's row gives one unit
   * many values, resolved once. */
  const char *found_key = NULL;
  const KhUnitInfo *found = NULL;
  const char *found_id = NULL;

  year_fields = kh_project_year_fields (self, year, &grades, error);
  if (year_fields == NULL)
    return FALSE;
  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return FALSE;
  names = kh_project_index_unit_names (units);
  stored_cells_init (&seen, records, resolved);

  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      g_autofree char *problem = NULL;
      const KhUnitInfo *unit = r->unit == found_key
                                 ? found
                                 : kh_project_resolve_unit_in (units, names, r->unit, year,
                                                               &problem);
      GHashTable *fields = NULL;
      gboolean known;

      if (unit != NULL && r->unit != found_key)
        {
          found_key = r->unit;
          found = unit;
          found_id = kh_record_set_intern (records, unit->id);
        }

      KH_IO_WORK_ADD (rows, 1);
      if (unit != NULL)
        {
          fields = g_hash_table_lookup (year_fields, unit->category_id);
          if (fields == NULL)
            {
              problem = g_strdup_printf (_("unit “%s” is in category “%s”, which has no "
                                           "framework in %d"),
                                         r->unit, unit->category_id, year);
              unit = NULL;
            }
        }
      known = fields != NULL ? g_hash_table_contains (fields, r->field)
                             : field_of_any (year_fields, r->field);
      /* A wide sheet of several categories: another category's column, left empty. */
      if (unit != NULL && !known && isnan (r->value) && field_of_any (year_fields, r->field))
        {
          resolved_set (resolved, i, NULL);
          continue;
        }
      resolved_set (resolved, i, unit != NULL ? found_id : NULL);
      if (r->year != 0 && r->year != year)
        at_row (&problems, aside, &limit, name, r->row, r->column,
            _("the value is for %d but the import is into %d"), r->year, year);
      /* Records come in row order: one message per row and unit. */
      if (unit == NULL && problem != NULL && (r->row != last_row || r->unit != last_unit))
        {
          /* Only a listed problem looks for a suggestion: 1,000,000 unknown units cost no
           * more than before. */
          if ((partial ? n_suggested++ : problems.n) < KH_PROBLEMS_MAX
              && !g_hash_table_contains (units, r->unit)
              && kh_project_unit_names_lookup (names, r->unit) == NULL)
            problem = unknown_unit_problem (units, year, &suggest, r->unit,
                                            g_steal_pointer (&problem));
          at_row (&problems, aside, &limit, name, r->row, records->unit_column, "%s", problem);
          last_row = r->row;
          last_unit = r->unit;
        }
      /* A field of no framework: once. A field of another category's framework: once
       * per category. Set aside, every row says it. */
      if (!known && partial && unit != NULL)
        at_row (&problems, aside, &limit, name, r->row, r->column,
                _("unknown field “%s”: not a data field of the %d framework of category “%s”"),
                r->field, year, unit->category_id);
      else if (!known && partial && !field_of_any (year_fields, r->field))
        at_row (&problems, aside, &limit, name, r->row, r->column,
                _("unknown field “%s”: not a data field of any %d framework"), r->field, year);
      else if (!known && !partial)
        {
          g_autofree char *any_key = g_strdup_printf ("f\x1F%s", r->field);
          g_autofree char *field_key =
            unit != NULL && field_of_any (year_fields, r->field)
              ? g_strdup_printf ("f%s\x1F%s", unit->category_id, r->field)
              : g_strdup (any_key);

          if (!g_hash_table_contains (reported, field_key) && unit != NULL)
            at_row (&problems, aside, &limit, name, r->row, r->column,
                _("unknown field “%s”: not a data field of the %d framework of category “%s”"),
                r->field, year, unit->category_id);
          else if (!g_hash_table_contains (reported, field_key))
            at_row (&problems, aside, &limit, name, r->row, r->column,
                _("unknown field “%s”: not a data field of any %d framework"), r->field, year);
          g_hash_table_add (reported, g_steal_pointer (&field_key));
          g_hash_table_add (reported, g_steal_pointer (&any_key));
        }
      /* An indicator scored by grades takes its grades' codes only. */
      if (unit != NULL && known && !isnan (r->value))
        {
          GHashTable *graded = g_hash_table_lookup (grades, unit->category_id);
          const KhGradeCodes *codes = graded != NULL ? g_hash_table_lookup (graded, r->field)
                                                     : NULL;

          if (!kh_grade_codes_allow (codes, r->value))
            at_row (&problems, aside, &limit, name, r->row, r->column,
                    _("%g is not a grade code of “%s”; the codes are %s"), r->value, r->field,
                    codes->text);
        }
      if (unit != NULL)
        {
          guint first;

          KH_IO_WORK_ADD (probes, 1);
          first = stored_cells_add (&seen, i);
          if (first != 0)
            {
              const KhRecord *f = &g_array_index (records->records, KhRecord, first - 1);

              at_row (&problems, aside, &limit, name, r->row, r->column,
                  _("second value for unit “%s”, field “%s” (the first is at row %u, column %u)"),
                  unit->id, r->field, f->row, (guint) f->column);
            }
        }
    }
  if (limit != NULL)
    {
      stored_cells_clear (&seen);
      g_propagate_error (error, limit);
      return FALSE;
    }
  /* Nothing of a row set aside is stored. */
  for (guint i = 0; aside != NULL && aside->rejected != NULL && i < records->records->len; i++)
    if (g_hash_table_contains (aside->rejected,
                               GUINT_TO_POINTER (g_array_index (records->records, KhRecord, i).row)))
      resolved->of[i] = 0;
  if (kh_problems_propagate (&problems, KH_IO_ERROR_INVALID, error))
    {
      stored_cells_clear (&seen);
      return FALSE;
    }
  if (cells != NULL)
    *cells = seen;
  else
    stored_cells_clear (&seen);
  return TRUE;
}

gboolean
kh_project_set_aside_rows (KhProject   *self,
                           int          year,
                           KhRecordSet *records,
                           const char  *source_name,
                           GError     **error)
{
  Resolved resolved = { 0 };
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (records != NULL && source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_sealed (self, year, error))
    return FALSE;
  resolved_init (&resolved, records->records->len);
  ok = check_records (self, year, records, source_name, &resolved, TRUE, NULL, error);
  resolved_clear (&resolved);
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

/* Record indexes in the order of the primary key's unit and field:
 * SQLite's BINARY collation, memcmp of UTF-8 as strcmp. The units compare by their
 * place among the distinct units, sorted once. */
typedef struct
{
  GArray *records;          /* KhRecord */
  const Resolved *resolved; /* each record's unit id */
  guint32 *rank;            /* each distinct unit's place in the order of the ids */
} KeyedRecords;

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  const Resolved *res = data;

  return strcmp (res->ids->pdata[*(const guint32 *) a], res->ids->pdata[*(const guint32 *) b]);
}

static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const KeyedRecords *keyed = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  guint32 unit_i = keyed->rank[keyed->resolved->of[i] - 1];
  guint32 unit_j = keyed->rank[keyed->resolved->of[j] - 1];

  if (unit_i != unit_j)
    return unit_i < unit_j ? -1 : 1;
  return strcmp (g_array_index (keyed->records, KhRecord, i).field,
                 g_array_index (keyed->records, KhRecord, j).field);
}

/* The digest of the values an import stores, in the order of the sheet, as its audit row
 * names it: SHA-256 of a line "unit TAB field TAB value NL" each (the value as
 * kh_project_format_double() writes it). */
typedef struct
{
  GArray *records;     /* KhRecord */
  const Resolved *resolved; /* each record's unit id, NULL for one not stored */
  char *sha256;
} Digest;

static gpointer
digest_thread (gpointer data)
{
  Digest *digest = data;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < digest->records->len; i++)
    {
      const KhRecord *r = &g_array_index (digest->records, KhRecord, i);
      const char *unit = resolved_unit (digest->resolved, i);
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (unit == NULL)
        continue;
      if (isnan (r->value))
        value[0] = '\0';
      else
        g_ascii_formatd (value, sizeof value, "%.17g", r->value);
      /* Fed in pieces. */
      g_checksum_update (sum, (const guchar *) unit, (gssize) strlen (unit));
      g_checksum_update (sum, (const guchar *) "\t", 1);
      g_checksum_update (sum, (const guchar *) r->field, (gssize) strlen (r->field));
      g_checksum_update (sum, (const guchar *) "\t", 1);
      g_checksum_update (sum, (const guchar *) value, (gssize) strlen (value));
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  digest->sha256 = g_strdup (g_checksum_get_string (sum));
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
} ImportDb;

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
  return kh_audit_append_db (self->store, writer, "import", import->year, import->detail,
                             import->at, error);
}

/* The audit row's detail of an import, as kh_project_import_records_full() writes it on
 * SQLite. */
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
 * same rows and audit row (the login as their writer), in one transaction; no
 * plausibility flag (kh-project-plausibility.c reads through SQLite only, as for an
 * edit: kh-project-values-db.c). A value outside an evaluator's scopes fails the whole
 * import, naming it. */
static gboolean
import_records_db (KhProject      *self,
                   ImportDb       *import,
                   GError        **error)
{
  GError *local = NULL;
  const KhRecord *r;

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

gboolean
kh_project_import_records_full (KhProject   *self,
                                int          year,
                                KhRecordSet *records,
                                const char  *source_name,
                                guint       *n_stored,
                                GError     **error)
{
  Resolved resolved = { 0 };
  Digest digest = { 0 };
  GThread *digest_worker = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *detail = NULL;
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) order = NULL;
  StoredCells cells = { 0 };
  sqlite3_stmt *stmt = NULL;
  gint64 audit_seq = 0;
  guint n_values = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_sealed (self, year, error))
    return FALSE;
  resolved_init (&resolved, records->records->len);
  if (!check_records (self, year, records, source_name, &resolved, FALSE, &cells, error))
    {
      resolved_clear (&resolved);
      return FALSE;
    }

  if (self->db == NULL)
    {
      ImportDb import = { year, records, source_name, &resolved, NULL, at, NULL, G_MAXUINT };

      /* The records stored, in the sheet's order. */
      order = g_array_sized_new (FALSE, FALSE, sizeof (guint), records->records->len);
      for (guint i = 0; i < records->records->len; i++)
        if (resolved_unit (&resolved, i) != NULL)
          g_array_append_val (order, i);
      n_values = order->len;
      digest.records = records->records;
      digest.resolved = &resolved;
      digest_thread (&digest);
      detail = import_detail (records, source_name, n_values, digest.sha256);
      import.order = order;
      import.detail = detail;
      ok = import_records_db (self, &import, error);
      if (ok && n_stored != NULL)
        *n_stored = n_values;
      g_free (digest.sha256);
      stored_cells_clear (&cells);
      resolved_clear (&resolved);
      return ok;
    }
  if (!kh_project_begin (self, error))
    {
      stored_cells_clear (&cells);
      resolved_clear (&resolved);
      return FALSE;
    }
  if (!next_audit_seq (self, &audit_seq, error))
    goto out;
  if (sqlite3_prepare_v2 (self->db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing values"), error);
      goto out;
    }
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), records->records->len);
  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      const char *unit = resolved_unit (&resolved, i);

      if (unit == NULL)
        continue;
      n_values++;
      g_array_append_val (order, i);
      g_hash_table_add (fields, (gpointer) r->field);
    }
  /* Stored in the order of the key (year, unit, field): each row goes beside the one
   * before in the b-tree instead of into a page read back from anywhere in the year
   * (a wide sheet's rows are units in any order, its columns fields in any order): a
   * quarter less of the time SQLite takes at 3,000 units × 200 indicators. */
  {
    g_autofree guint32 *by_id = g_new (guint32, MAX (resolved.ids->len, 1));
    g_autofree guint32 *rank = g_new (guint32, MAX (resolved.ids->len, 1));
    KeyedRecords keyed = { records->records, &resolved, rank };

    for (guint k = 0; k < resolved.ids->len; k++)
      by_id[k] = k;
    g_qsort_with_data (by_id, (gint) resolved.ids->len, sizeof (guint32), compare_ids, &resolved);
    for (guint k = 0; k < resolved.ids->len; k++)
      rank[by_id[k]] = k;
    g_array_sort_with_data (order, compare_keyed, &keyed);
  }
  /* The digest is computed in a thread beside the upserts (a sixth of their time at
   * 3,000 units × 200 indicators: the values' text, exact to the bit, is slow to write);
   * neither changes the records. */
  digest.records = records->records;
  digest.resolved = &resolved;
  digest_worker = g_thread_new ("kh-import-digest", digest_thread, &digest);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);

      if (!upsert_value (self, stmt, year, resolved_unit (&resolved, i), r->field, r->value,
                         source_name, r->row, r->column, at, audit_seq, error))
        goto out;
    }
  /* The order is not needed by the plausibility check that follows (4 bytes a value). */
  g_clear_pointer (&order, g_array_unref);
  if (digest_worker != NULL)
    g_thread_join (g_steal_pointer (&digest_worker));
  detail = g_strdup_printf ("file=%s\nlayout=%s\nencoding=%s\nvalues=%u\nsha256=%s", source_name,
                            records->layout == KH_TABLE_LONG ? "long" : "wide",
                            records->encoding != NULL ? records->encoding : "", n_values,
                            digest.sha256);
  /* A partial import says how many rows of the file it left out. */
  if (records->rejected != NULL)
    {
      char *with = g_strdup_printf ("%s\nrows_set_aside=%u", detail,
                                    g_hash_table_size (records->rejected));

      g_free (detail);
      detail = with;
    }
  /* The values it stored that are implausible are audited after it (the values' audit_seq
   * names the import's row). */
  ok = kh_audit_append_at (self->db, self->user, "import", year, detail, at, error)
       && kh_project_audit_value_flags (self, year, fields, cell_stored, &cells, at, error)
       && kh_project_commit (self, error);
  if (ok)
    kh_project_value_flags_committed (self);
  if (ok && n_stored != NULL)
    *n_stored = n_values;

out:
  if (digest_worker != NULL)
    g_thread_join (digest_worker);
  g_free (digest.sha256);
  sqlite3_finalize (stmt);
  stored_cells_clear (&cells);
  resolved_clear (&resolved);
  if (!ok)
    kh_project_rollback (self);
  return ok;
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
