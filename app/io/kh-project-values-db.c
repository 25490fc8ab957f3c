/* kh-project-values-db.c — one value's edit through the store: PostgreSQL, conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19. kh_project_set_value() on PostgreSQL and kh_project_edit_value() on either
 * store: the cell's upsert and its audit row in one kh_project_transaction(). An edit may
 * carry the value it was based on (what its editor saw): when the cell holds another value
 * now, written by another writer since, nothing is written and the edit fails with
 * KH_IO_ERROR_CONFLICT, and a KhValueConflict names both values and who stored the newer
 * one and when (from its audit row, or the value's own provenance when the writer may not
 * read that row).
 *
 * On PostgreSQL:
 * - the transaction first locks data_values against other writers of values (SHARE ROW
 *   EXCLUSIVE, before any read: the transaction's snapshot is taken after the lock, so it
 *   sees the edit saved just before; concurrent edits queue instead of failing each
 *   other's serialization and trying again — they append to one audit chain anyway);
 * - the writer is the login (session_user), as the server's row-level security demands of
 *   an evaluator's values and audit rows; a value outside an evaluator's scopes is refused
 *   by the server (42501) and the edit says which, nothing written;
 * - the value's plausibility flag is audited after it as on SQLite (a "flag" row, in the
 *   login's name, judged against the values the login may read: kh-project-plausibility.c).
 * On SQLite the edit is BEGIN IMMEDIATE … COMMIT as kh_project_set_value() makes it, its
 * flag audited the same way.
 *
 * KAOHE_TEST_PAUSE_EDIT (tests only): the path of a file created once the cell is written
 * and before its audit row and the commit; the writer then waits there until it is killed
 * (tests/test-project-values-db.c kills it, then checks that nothing was half-written).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <unistd.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-plausibility.h"
#include "kh-project-private.h"

void
kh_value_conflict_free (KhValueConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->unit_id);
  g_free (conflict->field);
  g_free (conflict->edited_by);
  g_free (conflict->edited_at);
  g_free (conflict);
}

/* Two values are the same cell content: both empty, or equal (the stores keep −0 as 0). */
static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

typedef struct
{
  int year;
  const char *unit;  /* the unit's id */
  const char *field;
  double value;
  gboolean has_seen;
  double seen;
  GHashTable *units; /* of the year (the flag on SQLite) */
  const char *at;
  /* Set by the attempt that ran last. */
  KhValueConflict *conflict;
  gboolean denied;
} Edit;

static const char edit_upsert_sql[] =
  "INSERT INTO data_values (year, unit_id, field, value, source_file, source_row, "
  "source_column, edited_by, edited_at, audit_seq) VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?, "
  KH_PROJECT_NEXT_AUDIT_SEQ ") "
  "ON CONFLICT (year, unit_id, field) DO UPDATE SET value = excluded.value, "
  "audit_seq = excluded.audit_seq, "
  "source_file = excluded.source_file, source_row = excluded.source_row, "
  "source_column = excluded.source_column, edited_by = excluded.edited_by, "
  "edited_at = excluded.edited_at";

/* The cell as stored: its value (NaN: empty or no row) and who wrote it when: the user and
 * time of its audit row when this writer may read it, else the value's own. */
static gboolean
read_cell (KhProject       *self,
           const Edit      *edit,
           gboolean        *found,
           KhValueConflict *cell,
           GError         **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT v.value, COALESCE (a.user_name, v.edited_by), "
                             "COALESCE (a.at, v.edited_at), v.audit_seq FROM data_values v "
                             "LEFT JOIN audit_log a ON a.seq = v.audit_seq "
                             "WHERE v.year = ? AND v.unit_id = ? AND v.field = ?",
                             _("reading values"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, edit->year);
  kh_db_bind_text (stmt, 2, edit->unit);
  kh_db_bind_text (stmt, 3, edit->field);
  step = kh_project_step (self, stmt, _("reading values"), error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  *found = step == KH_DB_STEP_ROW;
  cell->current = NAN;
  if (!*found)
    {
      cell->edited_by = g_strdup ("");
      cell->edited_at = g_strdup ("");
      return TRUE;
    }
  if (!kh_db_column_is_null (stmt, 0))
    cell->current = kh_db_column_double (stmt, 0);
  cell->edited_by = g_strdup (kh_db_column_is_null (stmt, 1) ? "" : kh_db_column_text (stmt, 1));
  cell->edited_at = g_strdup (kh_db_column_is_null (stmt, 2) ? "" : kh_db_column_text (stmt, 2));
  cell->audit_seq = kh_db_column_is_null (stmt, 3) ? 0 : kh_db_column_int64 (stmt, 3);
  return TRUE;
}

/* The login the server knows this session by (what row-level security compares). */
static char *
session_user (KhProject *self,
              GError   **error)
{
  g_autoptr (KhDbStmt) stmt = kh_project_prepare (self, "SELECT session_user",
                                                  _("storing values"), error);

  if (stmt == NULL || kh_project_step (self, stmt, _("storing values"), error) != KH_DB_STEP_ROW)
    return NULL;
  return g_strdup (kh_db_column_text (stmt, 0));
}

/* KAOHE_TEST_PAUSE_EDIT: says it is there, then waits to be killed. */
static void
test_pause (void)
{
  const char *path = g_getenv ("KAOHE_TEST_PAUSE_EDIT");

  if (path == NULL || *path == '\0')
    return;
  g_file_set_contents (path, "paused\n", -1, NULL);
  for (;;)
    pause ();
}

/* Refuses the edit: the cell holds another value than it was based on. Takes @cell. */
static gboolean
conflict_error (KhProject       *self,
                Edit            *edit,
                KhValueConflict *cell,
                GError         **error)
{
  g_autofree char *seen_text = kh_project_format_double (edit->seen);
  g_autofree char *current_text = kh_project_format_double (cell->current);
  g_autofree char *wanted_text = kh_project_format_double (edit->value);

  cell->year = edit->year;
  cell->unit_id = g_strdup (edit->unit);
  cell->field = g_strdup (edit->field);
  cell->seen = edit->seen;
  cell->wanted = edit->value;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT,
               _("%s: unit “%s”, field “%s” of %d changed since it was read: it was “%s”, "
                 "it is now “%s” (stored by %s at %s); “%s” was not saved"),
               self->path, edit->unit, edit->field, edit->year,
               seen_text[0] != '\0' ? seen_text : _("empty"),
               current_text[0] != '\0' ? current_text : _("empty"),
               cell->edited_by[0] != '\0' ? cell->edited_by : "?",
               cell->edited_at[0] != '\0' ? cell->edited_at : "?",
               wanted_text[0] != '\0' ? wanted_text : _("empty"));
  g_clear_pointer (&edit->conflict, kh_value_conflict_free);
  edit->conflict = cell;
  return FALSE;
}

/* The edit in kh_project_transaction(). */
static gboolean
store_edit (KhProject *self,
            gpointer   user_data,
            GError   **error)
{
  Edit *edit = user_data;
  gboolean server = kh_db_backend (self->store) == KH_DB_POSTGRESQL;
  g_autoptr (KhValueConflict) cell = g_new0 (KhValueConflict, 1);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *writer = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *detail = NULL;
  GError *local = NULL;
  gboolean found = FALSE;
  gboolean conflict;

  g_clear_pointer (&edit->conflict, kh_value_conflict_free);
  edit->denied = FALSE;
  /* Before any read: the snapshot comes after the edits saved before this one. */
  if (server
      && !kh_db_exec (self->store, "LOCK TABLE data_values IN SHARE ROW EXCLUSIVE MODE", &local))
    {
      /* A viewer, who may write no value. */
      if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
        edit->denied = TRUE;
      return kh_project_db_error (self, _("storing values"), local, error);
    }
  if (!read_cell (self, edit, &found, cell, error))
    return FALSE;
  conflict = edit->has_seen && !same_value (edit->seen, cell->current);
  /* No row this writer may see: an evaluator's value outside its scopes looks empty. The
   * upsert below says which (denied); the transaction is rolled back either way. */
  if (conflict && (!server || found))
    return conflict_error (self, edit, g_steal_pointer (&cell), error);

  writer = server ? session_user (self, error) : g_strdup (self->user);
  if (writer == NULL)
    return FALSE;
  stmt = kh_project_prepare (self, edit_upsert_sql, _("storing values"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, edit->year);
  kh_db_bind_text (stmt, 2, edit->unit);
  kh_db_bind_text (stmt, 3, edit->field);
  if (isnan (edit->value))
    kh_db_bind_null (stmt, 4);
  else
    kh_db_bind_double (stmt, 4, edit->value);
  kh_db_bind_text (stmt, 5, writer);
  kh_db_bind_text (stmt, 6, edit->at);
  if (kh_db_step (stmt, &local) == KH_DB_STEP_ERROR)
    {
      /* Row-level security: a value outside the evaluator's scopes. */
      if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
        edit->denied = TRUE;
      return kh_project_db_error (self, _("storing values"), local, error);
    }
  if (conflict)
    return conflict_error (self, edit, g_steal_pointer (&cell), error);
  test_pause ();

  old_text = kh_project_format_double (cell->current);
  new_text = kh_project_format_double (edit->value);
  detail = g_strdup_printf ("unit=%s\nfield=%s\nold=%s\nnew=%s", edit->unit, edit->field,
                            old_text, new_text);
  /* The writer is the login on a server (kh-project.c), so the audit row names it too. */
  return kh_project_audit_append (self, "edit", edit->year, detail, edit->at, error)
         && kh_project_audit_value_flag (self, edit->year, edit->units, edit->unit,
                                         edit->field, edit->at, error);
}

/* kh_project_check_value_cell() against the year's fields, grades and units, loaded. */
static gboolean
check_cell (KhProject         *self,
            GHashTable        *year_fields,
            GHashTable        *grades,
            GHashTable        *units,
            int                year,
            const char        *unit,
            const char        *field,
            double             value,
            const KhUnitInfo **info_out,
            GError           **error)
{
  g_autofree char *problem = NULL;
  GHashTable *fields, *graded;
  const KhGradeCodes *codes;
  const KhUnitInfo *info;

  info = kh_project_resolve_unit (units, unit, year, &problem);
  if (info == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
      return FALSE;
    }
  fields = g_hash_table_lookup (year_fields, info->category_id);
  if (fields == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: unit “%s” is in category “%s”, which has no framework in %d"),
                   self->path, unit, info->category_id, year);
      return FALSE;
    }
  if (!g_hash_table_contains (fields, field))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: unknown field “%s”: not a data field of the %d framework of category "
                     "“%s”"),
                   self->path, field, year, info->category_id);
      return FALSE;
    }
  graded = g_hash_table_lookup (grades, info->category_id);
  codes = graded != NULL ? g_hash_table_lookup (graded, field) : NULL;
  if (!kh_grade_codes_allow (codes, value))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: unit “%s”: %g is not a grade code of “%s”; the codes are %s"),
                   self->path, info->id, value, field, codes->text);
      return FALSE;
    }
  *info_out = info;
  return TRUE;
}

gboolean
kh_project_check_value_cell (KhProject         *self,
                             int                year,
                             const char        *unit,
                             const char        *field,
                             double             value,
                             GHashTable       **units_out,
                             const KhUnitInfo **info_out,
                             GError           **error)
{
  g_autoptr (GHashTable) year_fields = NULL;
  g_autoptr (GHashTable) grades = NULL;
  g_autoptr (GHashTable) units = NULL;

  year_fields = kh_project_year_fields (self, year, &grades, error);
  if (year_fields == NULL)
    return FALSE;
  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return FALSE;
  if (!check_cell (self, year_fields, grades, units, year, unit, field, value, info_out, error))
    return FALSE;
  *units_out = g_steal_pointer (&units);
  return TRUE;
}

/* Whether @year is sealed, read with its error: a server that is down is said to be
 * (kh_project_is_sealed() and kh_project_year_fields() would not say it). */
static gboolean
check_not_sealed (KhProject *self,
                  int        year,
                  GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self, "SELECT sealed FROM years WHERE year = ?",
                             _("reading values"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  step = kh_project_step (self, stmt, _("reading values"), error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  if (step == KH_DB_STEP_ROW && kh_db_column_int64 (stmt, 0) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("%s: year %d is sealed: its framework, data and results cannot change"),
                   self->path, year);
      return FALSE;
    }
  return TRUE;
}

/* The checks of kh_project_set_value() on SQLite: not sealed, then
 * kh_project_check_value_cell(). *info: the unit. */
static gboolean
check_edit (KhProject         *self,
            int                year,
            const char        *unit,
            const char        *field,
            double             value,
            GHashTable       **units_out,
            const KhUnitInfo **info_out,
            GError           **error)
{
  return check_not_sealed (self, year, error)
         && kh_project_check_value_cell (self, year, unit, field, value, units_out, info_out,
                                         error);
}

gboolean
kh_project_edit_value_db (KhProject        *self,
                          int               year,
                          const char       *unit,
                          const char       *field,
                          const double     *seen,
                          double            value,
                          KhValueConflict **conflict,
                          GError          **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autofree char *at = kh_audit_now ();
  const KhUnitInfo *info = NULL;
  GError *local = NULL;
  Edit edit = { 0 };

  if (!check_edit (self, year, unit, field, value, &units, &info, error))
    return FALSE;
  edit.year = year;
  edit.unit = info->id;
  edit.field = field;
  edit.value = value;
  edit.has_seen = seen != NULL;
  edit.seen = seen != NULL ? *seen : NAN;
  edit.units = units;
  edit.at = at;
  if (kh_project_transaction (self, store_edit, &edit, &local))
    return TRUE;
  if (edit.denied)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("%s: not allowed to change unit “%s”, field “%s” of %d: it is not within "
                     "the scopes granted to this login (kaohe-cli scopes); nothing was written"),
                   self->path, info->id, field, year);
      g_clear_error (&local);
    }
  else
    g_propagate_error (error, local);
  if (conflict != NULL)
    *conflict = g_steal_pointer (&edit.conflict);
  g_clear_pointer (&edit.conflict, kh_value_conflict_free);
  return FALSE;
}

gboolean
kh_project_edit_value (KhProject        *self,
                       int               year,
                       const char       *unit,
                       const char       *field,
                       double            seen,
                       double            value,
                       KhValueConflict **conflict,
                       GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit != NULL && field != NULL, FALSE);
  g_return_val_if_fail (conflict == NULL || *conflict == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kh_project_edit_value_db (self, year, unit, field, &seen, value, conflict, error);
}

/* Many edits in one transaction (kh_project_edit_values()). */
typedef struct
{
  const KhValueEdit *edits;
  guint n_edits;
  KhEditResolve resolve;
  const char *at;
  GHashTable **units; /* of each edit's year (the flag on SQLite) */
  const char **ids;   /* each edit's unit id, resolved */
  /* Set by the attempt that ran last. */
  GPtrArray *conflicts; /* KhValueConflict */
  guint n_written;
  guint denied;       /* 1 + the edit refused by the server's row-level security, or 0 */
} Batch;

/* A conflict of @edit into the batch's list, @cell taken. */
static void
batch_conflict (const KhValueEdit *edit,
                const char        *unit,
                KhValueConflict   *cell,
                GPtrArray         *conflicts)
{
  cell->year = edit->year;
  cell->unit_id = g_strdup (unit);
  cell->field = g_strdup (edit->field);
  cell->seen = edit->seen;
  cell->wanted = edit->value;
  g_ptr_array_add (conflicts, cell);
}

static gboolean
store_edits (KhProject *self,
             gpointer   user_data,
             GError   **error)
{
  Batch *batch = user_data;
  gboolean server = kh_db_backend (self->store) == KH_DB_POSTGRESQL;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *writer = NULL;
  GError *local = NULL;

  g_ptr_array_set_size (batch->conflicts, 0);
  batch->n_written = 0;
  batch->denied = 0;
  if (server
      && !kh_db_exec (self->store, "LOCK TABLE data_values IN SHARE ROW EXCLUSIVE MODE", &local))
    {
      if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
        batch->denied = 1;
      return kh_project_db_error (self, _("storing values"), local, error);
    }
  writer = server ? session_user (self, error) : g_strdup (self->user);
  if (writer == NULL)
    return FALSE;
  stmt = kh_project_prepare (self, edit_upsert_sql, _("storing values"), error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < batch->n_edits; i++)
    {
      const KhValueEdit *edit = &batch->edits[i];
      Edit one = { .year = edit->year, .unit = batch->ids[i], .field = edit->field };
      g_autoptr (KhValueConflict) cell = g_new0 (KhValueConflict, 1);
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree char *seen_text = NULL;
      g_autofree char *detail = NULL;
      gboolean found = FALSE;
      gboolean conflict;

      if (!read_cell (self, &one, &found, cell, error))
        return FALSE;
      /* Already what this edit writes (pushed before): nothing to do. */
      if (same_value (cell->current, edit->value))
        continue;
      conflict = !same_value (edit->seen, cell->current);
      if (conflict && batch->resolve == KH_EDIT_RESOLVE_THEIRS)
        {
          batch_conflict (edit, one.unit, g_steal_pointer (&cell), batch->conflicts);
          continue;
        }
      /* A conflict is listed without writing, except where no row is seen on the server:
       * the upsert then says whether the value is outside the scopes (denied). */
      if (conflict && batch->resolve == KH_EDIT_RESOLVE_REFUSE && (!server || found))
        {
          batch_conflict (edit, one.unit, g_steal_pointer (&cell), batch->conflicts);
          continue;
        }
      kh_db_bind_int64 (stmt, 1, edit->year);
      kh_db_bind_text (stmt, 2, one.unit);
      kh_db_bind_text (stmt, 3, edit->field);
      if (isnan (edit->value))
        kh_db_bind_null (stmt, 4);
      else
        kh_db_bind_double (stmt, 4, edit->value);
      kh_db_bind_text (stmt, 5, writer);
      kh_db_bind_text (stmt, 6, batch->at);
      if (kh_db_step (stmt, &local) == KH_DB_STEP_ERROR)
        {
          if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
            batch->denied = i + 1;
          return kh_project_db_error (self, _("storing values"), local, error);
        }
      kh_db_stmt_reset (stmt);
      if (conflict && batch->resolve == KH_EDIT_RESOLVE_REFUSE)
        {
          batch_conflict (edit, one.unit, g_steal_pointer (&cell), batch->conflicts);
          continue;
        }
      old_text = kh_project_format_double (cell->current);
      new_text = kh_project_format_double (edit->value);
      detail = g_strdup_printf ("unit=%s\nfield=%s\nold=%s\nnew=%s", one.unit, edit->field,
                                old_text, new_text);
      /* An overwrite says whose value it replaced and what the edit was based on. */
      if (conflict)
        {
          g_autofree char *plain = g_steal_pointer (&detail);

          seen_text = kh_project_format_double (edit->seen);
          detail = g_strdup_printf ("%s\nbased_on=%s\noverwrote=%s %s", plain, seen_text,
                                    cell->edited_by[0] != '\0' ? cell->edited_by : "?",
                                    cell->edited_at[0] != '\0' ? cell->edited_at : "?");
        }
      if (!kh_project_audit_append (self, "edit", edit->year, detail, batch->at, error)
          || !kh_project_audit_value_flag (self, edit->year, batch->units[i], one.unit,
                                           edit->field, batch->at, error))
        return FALSE;
      batch->n_written++;
      if (conflict)
        batch_conflict (edit, one.unit, g_steal_pointer (&cell), batch->conflicts);
    }
  if (batch->resolve == KH_EDIT_RESOLVE_REFUSE && batch->conflicts->len > 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %u value changed since it was read; nothing was saved",
                                "%s: %u values changed since they were read; nothing was saved",
                                batch->conflicts->len),
                   self->path, batch->conflicts->len);
      return FALSE;
    }
  return TRUE;
}

/* What the edits of one year are checked against, loaded once. */
typedef struct
{
  GHashTable *fields;
  GHashTable *grades;
  GHashTable *units;
} YearCheck;

static void
year_check_free (YearCheck *check)
{
  g_clear_pointer (&check->fields, g_hash_table_unref);
  g_clear_pointer (&check->grades, g_hash_table_unref);
  g_clear_pointer (&check->units, g_hash_table_unref);
  g_free (check);
}

/* The checks of @year, loaded into @years on its first edit. */
static YearCheck *
year_check (KhProject  *self,
            GHashTable *years,
            int         year,
            GError    **error)
{
  YearCheck *check = g_hash_table_lookup (years, GINT_TO_POINTER (year));

  if (check != NULL)
    return check;
  if (!check_not_sealed (self, year, error))
    return NULL;
  check = g_new0 (YearCheck, 1);
  check->fields = kh_project_year_fields (self, year, &check->grades, error);
  if (check->fields != NULL)
    check->units = kh_project_load_units (self, year, error);
  if (check->units == NULL)
    {
      year_check_free (check);
      return NULL;
    }
  g_hash_table_insert (years, GINT_TO_POINTER (year), check);
  return check;
}

gboolean
kh_project_edit_values (KhProject          *self,
                        const KhValueEdit  *edits,
                        guint               n_edits,
                        KhEditResolve       resolve,
                        GPtrArray         **conflicts,
                        guint              *n_written,
                        GError            **error)
{
  g_autofree char *at = kh_audit_now ();
  g_autoptr (GHashTable) years =
    g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) year_check_free);
  g_autofree GHashTable **units = g_new0 (GHashTable *, n_edits + 1);
  g_autofree const char **ids = g_new0 (const char *, n_edits + 1);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_conflict_free);
  GError *local = NULL;
  Batch batch = { edits, n_edits, resolve, at, units, ids, found, 0, 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_edits == 0 || edits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Every edit checked first (not sealed, a unit and field of the year, a grade code), each
   * year's frameworks and units read once: on an error nothing is written. */
  for (guint i = 0; i < n_edits; i++)
    {
      YearCheck *check = year_check (self, years, edits[i].year, error);
      const KhUnitInfo *info = NULL;

      if (check == NULL
          || !check_cell (self, check->fields, check->grades, check->units, edits[i].year,
                          edits[i].unit, edits[i].field, edits[i].value, &info, error))
        return FALSE;
      units[i] = check->units;
      ids[i] = info->id; /* held by the year's units, kept until the end */
    }
  if (n_edits > 0 && !kh_project_transaction (self, store_edits, &batch, &local))
    {
      if (batch.denied > 0)
        {
          const KhValueEdit *edit = &edits[batch.denied - 1];

          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                       _("%s: not allowed to change unit “%s”, field “%s” of %d: it is not "
                         "within the scopes granted to this login (kaohe-cli scopes); nothing "
                         "was written"),
                       self->path, ids[batch.denied - 1], edit->field, edit->year);
          g_clear_error (&local);
        }
      else
        g_propagate_error (error, local);
      if (conflicts != NULL)
        *conflicts = g_steal_pointer (&found);
      return FALSE;
    }
  if (n_written != NULL)
    *n_written = batch.n_written;
  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&found);
  return TRUE;
}
