/* kh-db-checkout.c — offline work: a scoped copy of a server's project, pushed back
 * (kh-db-checkout.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-db-checkout.h"
#include "kh-db-copy.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

/* What no evaluator may read (kh-db-server.h): left empty in the copy. */
static const char *const unreadable[] = { "survey_salt", NULL };

static const char checkout_tables_sql[] =
  "CREATE TABLE kaohe_checkout (\n"
  "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  server TEXT NOT NULL,\n"
  "  login TEXT NOT NULL,\n"
  "  year INTEGER,\n"
  "  checked_out_at TEXT NOT NULL,\n"
  "  head_seq INTEGER NOT NULL,\n"
  "  head_hash TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE kaohe_checkout_base (\n"
  "  year INTEGER NOT NULL,\n"
  "  unit_id TEXT NOT NULL,\n"
  "  field TEXT NOT NULL,\n"
  "  value DOUBLE PRECISION,\n"
  "  PRIMARY KEY (year, unit_id, field)\n"
  ");\n"
  "INSERT INTO kaohe_checkout_base (year, unit_id, field, value)\n"
  "  SELECT year, unit_id, field, value FROM data_values ORDER BY year, unit_id, field;\n";

/* The cells whose value differs from their base (both NULL: the same). */
static const char changes_sql[] =
  "SELECT year, unit_id, field, base, mine FROM (\n"
  "  SELECT d.year, d.unit_id, d.field, b.value AS base, d.value AS mine\n"
  "  FROM data_values d LEFT JOIN kaohe_checkout_base b\n"
  "  ON b.year = d.year AND b.unit_id = d.unit_id AND b.field = d.field\n"
  "  UNION ALL\n"
  "  SELECT b.year, b.unit_id, b.field, b.value, NULL FROM kaohe_checkout_base b\n"
  "  WHERE NOT EXISTS (SELECT 1 FROM data_values d\n"
  "                    WHERE d.year = b.year AND d.unit_id = b.unit_id AND d.field = b.field)\n"
  ") WHERE base IS NOT mine ORDER BY year, unit_id, field";

void
kh_checkout_info_free (KhCheckoutInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->server);
  g_free (info->login);
  g_free (info->checked_out_at);
  g_free (info->head_hash);
  g_free (info);
}

void
kh_checkout_change_free (KhCheckoutChange *change)
{
  if (change == NULL)
    return;
  g_free (change->unit_id);
  g_free (change->field);
  g_free (change);
}

static double
column_value (KhDbStmt *stmt,
              int       column)
{
  return kh_db_column_is_null (stmt, column) ? NAN : kh_db_column_double (stmt, column);
}

static void
bind_value (KhDbStmt *stmt,
            int       index,
            double    value)
{
  if (isnan (value))
    kh_db_bind_null (stmt, index);
  else
    kh_db_bind_double (stmt, index, value);
}

/* @error as "WHERE: what went wrong", in KH_IO_ERROR @code, @cause freed. */
static gboolean
fail (GError    **error,
      int         code,
      const char *where,
      GError     *cause)
{
  g_set_error (error, KH_IO_ERROR, code, "%s: %s", where, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* @cause, which names its store without a password (kh_db_open()'s), as KH_IO_ERROR. */
static gboolean
propagate (GError **error,
           GError  *cause)
{
  g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* The login the server knows this session by. */
static char *
session_user (KhDb    *db,
              GError **error)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, "SELECT session_user", error);

  if (stmt == NULL || kh_db_step (stmt, error) != KH_DB_STEP_ROW)
    return NULL;
  return g_strdup (kh_db_column_text (stmt, 0));
}

/* The last row of the audit chain this login sees (an evaluator sees the chain's last):
 * its seq and hash, 0 and "" when there is none. */
static gboolean
audit_head (KhDb    *db,
            gint64  *seq,
            char   **hash,
            GError **error)
{
  g_autoptr (KhDbStmt) stmt =
    kh_db_prepare (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
  KhDbStep step;

  if (stmt == NULL)
    return FALSE;
  step = kh_db_step (stmt, error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  *seq = step == KH_DB_STEP_ROW ? kh_db_column_int64 (stmt, 0) : 0;
  *hash = g_strdup (step == KH_DB_STEP_ROW ? kh_db_column_text (stmt, 1) : "");
  return TRUE;
}

/* A file SQLite made, with what it may leave beside it. */
static void
remove_file (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* The mark of the checkout, in the copy's open transaction. */
static gboolean
mark_checkout (KhDb       *copy,
               const char *server,
               const char *login,
               int         year,
               gint64      head_seq,
               const char *head_hash,
               guint      *n_values,
               GError    **error)
{
  g_autofree char *at = kh_audit_now ();
  g_autoptr (KhDbStmt) stmt = NULL;

  if (year != 0)
    {
      stmt = kh_db_prepare (copy, "SELECT count(*) FROM years WHERE year = ?", error);
      if (stmt == NULL)
        return FALSE;
      kh_db_bind_int64 (stmt, 1, year);
      if (kh_db_step (stmt, error) != KH_DB_STEP_ROW)
        return FALSE;
      if (kh_db_column_int64 (stmt, 0) == 0)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                       _("%s: the project has no year %d"), server, year);
          return FALSE;
        }
      g_clear_pointer (&stmt, kh_db_stmt_free);
    }
  if (!kh_db_exec (copy, checkout_tables_sql, error))
    return FALSE;
  stmt = kh_db_prepare (copy,
                        "INSERT INTO kaohe_checkout (id, server, login, year, checked_out_at, "
                        "head_seq, head_hash) VALUES (1, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_text (stmt, 1, server);
  kh_db_bind_text (stmt, 2, login);
  if (year != 0)
    kh_db_bind_int64 (stmt, 3, year);
  else
    kh_db_bind_null (stmt, 3);
  kh_db_bind_text (stmt, 4, at);
  kh_db_bind_int64 (stmt, 5, head_seq);
  kh_db_bind_text (stmt, 6, head_hash);
  if (kh_db_step (stmt, error) == KH_DB_STEP_ERROR)
    return FALSE;
  g_clear_pointer (&stmt, kh_db_stmt_free);
  stmt = kh_db_prepare (copy, "SELECT count(*) FROM kaohe_checkout_base", error);
  if (stmt == NULL || kh_db_step (stmt, error) != KH_DB_STEP_ROW)
    return FALSE;
  if (n_values != NULL)
    *n_values = (guint) kh_db_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
kh_checkout_new (const char *server,
                 const char *path,
                 int         year,
                 guint      *n_values,
                 GError    **error)
{
  g_autofree char *login = NULL;
  g_autofree char *head_hash = NULL;
  GError *local = NULL;
  KhDb *src = NULL;
  KhDb *dst = NULL;
  gint64 head_seq = 0;
  gboolean ok;

  g_return_val_if_fail (server != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_db_target_is_server (server))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: not a server: check out from a PostgreSQL database (postgresql://… or "
                     "service=…)"),
                   server);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s already exists: check out into a new file (or refresh this one)"),
                   path);
      return FALSE;
    }
  src = kh_db_open (server, &local);
  if (src == NULL)
    return propagate (error, local);
  login = session_user (src, &local);
  ok = login != NULL;
  if (ok)
    {
      dst = kh_db_open (path, &local);
      ok = dst != NULL;
    }
  /* Everything this login may read, in one snapshot of the server. */
  ok = ok && kh_db_copy_except (src, dst, unreadable, NULL, NULL, NULL, &local);
  /* The head after the copy: at or after its snapshot, so a push compares with a head the
   * server's chain holds. */
  ok = ok && audit_head (src, &head_seq, &head_hash, &local);
  if (!ok)
    {
      g_clear_pointer (&dst, kh_db_close);
      remove_file (path);
      /* The server's name: @server may hold a password. */
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", kh_db_name (src),
                   local->message);
      g_error_free (local);
      kh_db_close (src);
      return FALSE;
    }
  ok = kh_db_begin (dst, &local)
       && mark_checkout (dst, kh_db_name (src), login, year, head_seq, head_hash, n_values,
                         &local)
       && kh_db_commit (dst, &local);
  if (!ok)
    kh_db_rollback (dst);
  kh_db_close (dst);
  if (!ok)
    {
      remove_file (path);
      if (local->domain == KH_IO_ERROR)
        g_propagate_error (error, local);
      else
        fail (error, KH_IO_ERROR_FAILED, path, local);
    }
  kh_db_close (src);
  return ok;
}

/* The copy @path, which must be there (kh_db_open() would make an empty file). */
static KhDb *
open_copy (const char *path,
           GError    **error)
{
  GError *local = NULL;
  KhDb *db;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: no such project file"), path);
      return NULL;
    }
  db = kh_db_open (path, &local);
  if (db == NULL)
    fail (error, KH_IO_ERROR_FAILED, path, local);
  return db;
}

static KhCheckoutInfo *
read_info (KhDb       *db,
           const char *path,
           GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (KhCheckoutInfo) info = NULL;
  GError *local = NULL;
  gint64 marked;

  /* A file SQLite cannot read fails here, a project without the mark below. */
  stmt = kh_db_prepare (db,
                        "SELECT count(*) FROM sqlite_master "
                        "WHERE type = 'table' AND name = 'kaohe_checkout'",
                        &local);
  if (stmt == NULL || kh_db_step (stmt, &local) != KH_DB_STEP_ROW)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: damaged, or not a project file: %s"), path,
                   local != NULL ? local->message : "?");
      g_clear_error (&local);
      return NULL;
    }
  marked = kh_db_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  if (marked == 1)
    stmt = kh_db_prepare (db,
                          "SELECT server, login, year, checked_out_at, head_seq, head_hash "
                          "FROM kaohe_checkout WHERE id = 1",
                          &local);
  if (marked != 1 || (stmt != NULL && kh_db_step (stmt, &local) != KH_DB_STEP_ROW))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: not a copy made by “kaohe-cli checkout” (no checkout is recorded in "
                     "it)%s%s"),
                   path, local != NULL ? ": " : "", local != NULL ? local->message : "");
      g_clear_error (&local);
      return NULL;
    }
  if (stmt == NULL)
    return fail (error, KH_IO_ERROR_CORRUPT, path, local), NULL;
  info = g_new0 (KhCheckoutInfo, 1);
  info->server = g_strdup (kh_db_column_text (stmt, 0));
  info->login = g_strdup (kh_db_column_text (stmt, 1));
  info->year = kh_db_column_is_null (stmt, 2) ? 0 : (int) kh_db_column_int64 (stmt, 2);
  info->checked_out_at = g_strdup (kh_db_column_text (stmt, 3));
  info->head_seq = kh_db_column_int64 (stmt, 4);
  info->head_hash = g_strdup (kh_db_column_text (stmt, 5));
  return g_steal_pointer (&info);
}

KhCheckoutInfo *
kh_checkout_info_read (const char *path,
                       GError    **error)
{
  KhDb *db = open_copy (path, error);
  KhCheckoutInfo *info;

  if (db == NULL)
    return NULL;
  info = read_info (db, path, error);
  kh_db_close (db);
  return info;
}

static GPtrArray *
read_changes (KhDb       *db,
              const char *path,
              GError    **error)
{
  g_autoptr (GPtrArray) changes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_checkout_change_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  GError *local = NULL;
  KhDbStep step;

  stmt = kh_db_prepare (db, changes_sql, &local);
  while (stmt != NULL && (step = kh_db_step (stmt, &local)) == KH_DB_STEP_ROW)
    {
      KhCheckoutChange *change = g_new0 (KhCheckoutChange, 1);

      change->year = (int) kh_db_column_int64 (stmt, 0);
      change->unit_id = g_strdup (kh_db_column_text (stmt, 1));
      change->field = g_strdup (kh_db_column_text (stmt, 2));
      change->base = column_value (stmt, 3);
      change->mine = column_value (stmt, 4);
      g_ptr_array_add (changes, change);
    }
  if (local != NULL)
    return fail (error, KH_IO_ERROR_CORRUPT, path, local), NULL;
  return g_steal_pointer (&changes);
}

/* The copy @path open, with its checkout record and its changed cells; NULL (nothing
 * left open) when any of the three fails. */
static KhDb *
open_changes (const char      *path,
              KhCheckoutInfo **info,
              GPtrArray      **changes,
              GError         **error)
{
  KhDb *db = open_copy (path, error);

  if (db == NULL)
    return NULL;
  *info = read_info (db, path, error);
  if (*info != NULL)
    *changes = read_changes (db, path, error);
  if (*changes == NULL)
    {
      g_clear_pointer (info, kh_checkout_info_free);
      kh_db_close (db);
      return NULL;
    }
  return db;
}

GPtrArray *
kh_checkout_changes (const char *path,
                     GError    **error)
{
  g_autoptr (KhCheckoutInfo) info = NULL;
  GPtrArray *changes = NULL;
  KhDb *db = open_changes (path, &info, &changes, error);

  if (db != NULL)
    kh_db_close (db);
  return changes;
}

/* The server @srv is the one @info was checked out from, and its login the same. */
static gboolean
check_origin (KhDb                 *srv,
              const char           *path,
              const KhCheckoutInfo *info,
              GError              **error)
{
  g_autofree char *login = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  GError *local = NULL;
  gint64 seq = 0;
  KhDbStep step = KH_DB_STEP_DONE;

  if (strcmp (kh_db_name (srv), info->server) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s was checked out from %s, not from %s: nothing was written"), path,
                   info->server, kh_db_name (srv));
      return FALSE;
    }
  login = session_user (srv, &local);
  if (login == NULL)
    return fail (error, KH_IO_ERROR_FAILED, kh_db_name (srv), local);
  if (strcmp (login, info->login) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s was checked out by “%s”, not by “%s”: log in as “%s”; nothing was "
                     "written"),
                   path, info->login, login, info->login);
      return FALSE;
    }
  /* The same project: its chain goes at least as far as the head recorded, and holds
   * that row where this login may see it. */
  if (!audit_head (srv, &seq, &hash, &local))
    return fail (error, KH_IO_ERROR_FAILED, kh_db_name (srv), local);
  if (seq >= info->head_seq)
    {
      stmt = kh_db_prepare (srv, "SELECT hash FROM audit_log WHERE seq = ?", &local);
      if (stmt == NULL)
        return fail (error, KH_IO_ERROR_FAILED, kh_db_name (srv), local);
      kh_db_bind_int64 (stmt, 1, info->head_seq);
      step = kh_db_step (stmt, &local);
      if (step == KH_DB_STEP_ERROR)
        return fail (error, KH_IO_ERROR_FAILED, kh_db_name (srv), local);
    }
  if (seq < info->head_seq
      || (step == KH_DB_STEP_ROW && strcmp (kh_db_column_text (stmt, 0), info->head_hash) != 0))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the project on %s is not the one %s was checked out from (its audit "
                     "log does not hold row %" PRId64 " as it was); nothing was "
                     "written"),
                   kh_db_name (srv), kh_db_name (srv), path, info->head_seq);
      return FALSE;
    }
  return TRUE;
}

/* "YEAR\tUNIT\tFIELD" */
static char *
cell_key (int         year,
          const char *unit,
          const char *field)
{
  return g_strdup_printf ("%d\t%s\t%s", year, unit, field);
}

/* The copy's packed values (schema version 14, kh-project-packed.c) are a cache whose
 * stamp is the copy's audit rows: the server's values written into the copy have none
 * there, so they are dropped (packed again by a computation). A copy made before version
 * 14 has none. */
static gboolean
drop_packed (KhDb    *copy,
             GError **error)
{
  g_autoptr (KhDbStmt) has = kh_db_prepare (copy,
                                            "SELECT count(*) FROM sqlite_master "
                                            "WHERE type = 'table' AND name = 'packed_years'",
                                            error);

  if (has == NULL || kh_db_step (has, error) != KH_DB_STEP_ROW)
    return FALSE;
  if (kh_db_column_int64 (has, 0) == 0)
    return TRUE;
  return kh_db_exec (copy, "DELETE FROM packed_years; DELETE FROM values_packed", error);
}

/* The copy after a push (@pushed) or refresh, in one transaction: the new bases, the cells
 * that took the server's value (@taken: KhValueConflict, their current value the server's),
 * the server's head. */
static gboolean
update_copy (KhDb       *copy,
             const char *path,
             gboolean    pushed,
             GPtrArray  *based,
             GPtrArray  *taken,
             gint64      head_seq,
             const char *head_hash,
             GError    **error)
{
  g_autoptr (KhDbStmt) base = NULL;
  g_autoptr (KhDbStmt) value = NULL;
  g_autoptr (KhDbStmt) head = NULL;
  GError *local = NULL;
  gboolean ok;

  ok = kh_db_begin (copy, &local);
  if (ok)
    {
      base = kh_db_prepare (copy,
                            "INSERT INTO kaohe_checkout_base (year, unit_id, field, value) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (year, unit_id, field) "
                            "DO UPDATE SET value = excluded.value",
                            &local);
      value = kh_db_prepare (copy,
                             "INSERT INTO data_values (year, unit_id, field, value, edited_by, "
                             "edited_at) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (year, unit_id, field) DO UPDATE SET "
                             "value = excluded.value, edited_by = excluded.edited_by, "
                             "edited_at = excluded.edited_at, source_file = NULL, "
                             "source_row = NULL, source_column = NULL, audit_seq = NULL",
                             &local);
      head = kh_db_prepare (copy, "UPDATE kaohe_checkout SET head_seq = ?, head_hash = ?",
                            &local);
      ok = base != NULL && value != NULL && head != NULL;
    }
  for (guint i = 0; ok && based != NULL && i < based->len; i++)
    {
      KhCheckoutChange *change = based->pdata[i];

      kh_db_bind_int64 (base, 1, change->year);
      kh_db_bind_text (base, 2, change->unit_id);
      kh_db_bind_text (base, 3, change->field);
      bind_value (base, 4, change->mine);
      ok = kh_db_step (base, &local) != KH_DB_STEP_ERROR;
      kh_db_stmt_reset (base);
    }
  for (guint i = 0; ok && taken != NULL && i < taken->len; i++)
    {
      KhValueConflict *cell = taken->pdata[i];

      kh_db_bind_int64 (base, 1, cell->year);
      kh_db_bind_text (base, 2, cell->unit_id);
      kh_db_bind_text (base, 3, cell->field);
      bind_value (base, 4, cell->current);
      ok = kh_db_step (base, &local) != KH_DB_STEP_ERROR;
      kh_db_stmt_reset (base);
      kh_db_bind_int64 (value, 1, cell->year);
      kh_db_bind_text (value, 2, cell->unit_id);
      kh_db_bind_text (value, 3, cell->field);
      bind_value (value, 4, cell->current);
      kh_db_bind_text (value, 5, cell->edited_by[0] != '\0' ? cell->edited_by : "?");
      kh_db_bind_text (value, 6, cell->edited_at[0] != '\0' ? cell->edited_at : "?");
      ok = ok && kh_db_step (value, &local) != KH_DB_STEP_ERROR;
      kh_db_stmt_reset (value);
    }
  if (ok && taken != NULL && taken->len > 0)
    ok = drop_packed (copy, &local);
  if (ok)
    {
      kh_db_bind_int64 (head, 1, head_seq);
      kh_db_bind_text (head, 2, head_hash);
      ok = kh_db_step (head, &local) != KH_DB_STEP_ERROR && kh_db_commit (copy, &local);
    }
  if (!ok)
    {
      kh_db_rollback (copy);
      if (pushed)
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                     _("%s: the values were written to the server, but the copy cannot record "
                       "them: %s (a push again writes nothing twice)"),
                     path, local->message);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                     _("%s: cannot record what the server holds now: %s"), path,
                     local->message);
      g_clear_error (&local);
    }
  return ok;
}

gboolean
kh_checkout_push (const char    *path,
                  const char    *server,
                  KhEditResolve  resolve,
                  GPtrArray    **conflicts,
                  guint         *n_written,
                  GError       **error)
{
  g_autoptr (KhCheckoutInfo) info = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) dropped = g_ptr_array_new ();
  g_autoptr (GPtrArray) based = g_ptr_array_new ();
  g_autoptr (GHashTable) lost = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (KhProject) project = NULL;
  g_autofree KhValueEdit *edits = NULL;
  g_autofree char *head_hash = NULL;
  GError *local = NULL;
  KhDb *copy = NULL;
  KhDb *srv = NULL;
  gint64 head_seq = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL && server != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = open_changes (path, &info, &changes, error);
  if (copy == NULL)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      KhCheckoutChange *change = changes->pdata[i];

      if (info->year != 0 && change->year != info->year)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                       _("%s: unit “%s”, field “%s” of %d changed, but only %d was checked out: "
                         "nothing was written"),
                       path, change->unit_id, change->field, change->year, info->year);
          goto out;
        }
    }
  if (!kh_db_target_is_server (server))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: not a server: push to the PostgreSQL database the copy was checked "
                     "out from (%s)"),
                   server, info->server);
      goto out;
    }
  /* Where it came from, before the project is opened (another database may hold none). */
  srv = kh_db_open (server, &local);
  if (srv == NULL)
    {
      propagate (error, local);
      goto out;
    }
  ok = check_origin (srv, path, info, error);
  kh_db_close (srv);
  if (!ok)
    goto out;
  project = kh_project_open (server, error);
  if (project == NULL)
    goto out;

  edits = g_new0 (KhValueEdit, changes->len + 1);
  for (guint i = 0; i < changes->len; i++)
    {
      KhCheckoutChange *change = changes->pdata[i];

      edits[i] = (KhValueEdit) { change->year, change->unit_id, change->field, change->base,
                                 change->mine };
    }
  ok = kh_project_edit_values (project, edits, changes->len, resolve, &found, n_written,
                               error);
  if (!ok)
    {
      if (conflicts != NULL)
        *conflicts = g_steal_pointer (&found);
      goto out;
    }
  /* The pushed values are the new bases; the dropped ones take the server's. */
  for (guint i = 0; resolve == KH_EDIT_RESOLVE_THEIRS && i < found->len; i++)
    {
      KhValueConflict *cell = found->pdata[i];

      g_ptr_array_add (dropped, cell);
      g_hash_table_add (lost, cell_key (cell->year, cell->unit_id, cell->field));
    }
  for (guint i = 0; i < changes->len; i++)
    {
      KhCheckoutChange *change = changes->pdata[i];
      g_autofree char *key = cell_key (change->year, change->unit_id, change->field);

      if (!g_hash_table_contains (lost, key))
        g_ptr_array_add (based, change);
    }
  if (!audit_head (project->store, &head_seq, &head_hash, &local))
    {
      fail (error, KH_IO_ERROR_FAILED, kh_db_name (project->store), local);
      goto out;
    }
  if (!update_copy (copy, path, TRUE, based, dropped, head_seq, head_hash, error))
    goto out;
  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&found);
  kh_db_close (copy);
  return TRUE;

out:
  kh_db_close (copy);
  return FALSE;
}

gboolean
kh_checkout_refresh (const char    *path,
                     const char    *server,
                     GPtrArray    **dropped,
                     guint         *n_taken,
                     GError       **error)
{
  g_autoptr (KhCheckoutInfo) info = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GPtrArray) taken =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_conflict_free);
  g_autoptr (GPtrArray) gone =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_checkout_change_free);
  g_autoptr (GHashTable) mine =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (KhDbStmt) bases = NULL;
  g_autofree char *head_hash = NULL;
  GError *local = NULL;
  KhDb *copy = NULL;
  KhDb *srv = NULL;
  gint64 head_seq = 0;
  gboolean ok = FALSE;
  KhDbStep step;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = open_changes (path, &info, &changes, error);
  if (copy == NULL)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      KhCheckoutChange *change = changes->pdata[i];

      g_hash_table_insert (mine, cell_key (change->year, change->unit_id, change->field),
                           change);
    }
  srv = kh_db_open (server != NULL ? server : info->server, &local);
  if (srv == NULL)
    {
      propagate (error, local);
      goto out;
    }
  if (!check_origin (srv, path, info, error))
    goto out;

  /* The server's values, in one snapshot with its head. */
  if (!kh_db_exec (srv, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &local)
      || !audit_head (srv, &head_seq, &head_hash, &local))
    goto db_error;
  stmt = kh_db_prepare (srv,
                        "SELECT d.year, d.unit_id, d.field, d.value, "
                        "COALESCE (a.user_name, d.edited_by), COALESCE (a.at, d.edited_at) "
                        "FROM data_values d LEFT JOIN audit_log a ON a.seq = d.audit_seq "
                        "WHERE ? = 0 OR d.year = ?",
                        &local);
  bases = kh_db_prepare (copy,
                         "SELECT value FROM kaohe_checkout_base "
                         "WHERE year = ? AND unit_id = ? AND field = ?",
                         &local);
  if (stmt == NULL || bases == NULL)
    goto db_error;
  kh_db_bind_int64 (stmt, 1, info->year);
  kh_db_bind_int64 (stmt, 2, info->year);
  while ((step = kh_db_step (stmt, &local)) == KH_DB_STEP_ROW)
    {
      int year = (int) kh_db_column_int64 (stmt, 0);
      const char *unit = kh_db_column_text (stmt, 1);
      const char *field = kh_db_column_text (stmt, 2);
      double theirs = column_value (stmt, 3);
      g_autofree char *key = cell_key (year, unit, field);
      KhCheckoutChange *change = g_hash_table_lookup (mine, key);
      KhValueConflict *cell;
      double base = NAN;

      kh_db_bind_int64 (bases, 1, year);
      kh_db_bind_text (bases, 2, unit);
      kh_db_bind_text (bases, 3, field);
      step = kh_db_step (bases, &local);
      if (step == KH_DB_STEP_ERROR)
        goto db_error;
      if (step == KH_DB_STEP_ROW)
        base = column_value (bases, 0);
      kh_db_stmt_reset (bases);
      if ((isnan (base) && isnan (theirs)) || base == theirs)
        continue; /* the server did not change it */
      /* Changed on the server: the copy takes its value; an offline change of the cell
       * to another value is dropped, and listed. */
      if (change != NULL && !((isnan (change->mine) && isnan (theirs)) || change->mine == theirs))
        {
          KhCheckoutChange *lost = g_new0 (KhCheckoutChange, 1);

          *lost = (KhCheckoutChange) { year, g_strdup (unit), g_strdup (field), theirs,
                                       change->mine };
          g_ptr_array_add (gone, lost);
        }
      cell = g_new0 (KhValueConflict, 1);
      cell->year = year;
      cell->unit_id = g_strdup (unit);
      cell->field = g_strdup (field);
      cell->current = theirs;
      cell->edited_by = g_strdup (kh_db_column_is_null (stmt, 4) ? "" : kh_db_column_text (stmt, 4));
      cell->edited_at = g_strdup (kh_db_column_is_null (stmt, 5) ? "" : kh_db_column_text (stmt, 5));
      g_ptr_array_add (taken, cell);
    }
  if (step == KH_DB_STEP_ERROR)
    goto db_error;
  kh_db_rollback (srv);
  ok = update_copy (copy, path, FALSE, NULL, taken, head_seq, head_hash, error);
  if (ok && n_taken != NULL)
    *n_taken = taken->len;
  if (ok && dropped != NULL)
    *dropped = g_steal_pointer (&gone);
  goto out;

db_error:
  kh_db_rollback (srv);
  fail (error, KH_IO_ERROR_FAILED, kh_db_name (srv), local);
out:
  g_clear_pointer (&stmt, kh_db_stmt_free);
  g_clear_pointer (&bases, kh_db_stmt_free);
  kh_db_close (srv);
  kh_db_close (copy);
  return ok;
}
