/* kh-db-sqlite.c — KhDb on a SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite's result codes are given the SQLSTATE of the same condition in PostgreSQL, so that
 * callers test one code whichever store they talk to: a trigger's RAISE (ABORT) is P0001
 * as PL/pgSQL's RAISE EXCEPTION, a unique key 23505, a lost race for a snapshot 40001.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "kh-db-private.h"
#include "kh-db-sqlite.h"

#define BUSY_TIMEOUT_MS 5000

typedef struct
{
  KhDb parent;
  sqlite3 *db;
} KhDbSqlite;

typedef struct
{
  KhDbStmt parent;
  sqlite3_stmt *stmt;
  gboolean done;
} KhDbSqliteStmt;

static sqlite3 *
handle (KhDb *db)
{
  return ((KhDbSqlite *) db)->db;
}

static const char *
sqlstate_of (int code,
             const char *message)
{
  switch (code)
    {
    case SQLITE_CONSTRAINT_TRIGGER:
      return "P0001"; /* raise_exception */
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
      return "23505"; /* unique_violation */
    case SQLITE_CONSTRAINT_NOTNULL:
      return "23502";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "23503";
    case SQLITE_CONSTRAINT_CHECK:
      return "23514";
    case SQLITE_BUSY_SNAPSHOT:
      return "40001"; /* serialization_failure: another connection wrote since we read */
    case SQLITE_CANTOPEN:
      return "08001";
    case SQLITE_READONLY:
      return "25006"; /* read_only_sql_transaction */
    case SQLITE_FULL:
      return "53100";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "XX001"; /* data_corrupted */
    case SQLITE_RANGE:
      return "07009"; /* invalid descriptor index */
    default:
      break;
    }
  switch (code & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return "23000";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "55P03"; /* lock_not_available */
    case SQLITE_IOERR:
      return "58030";
    case SQLITE_READONLY:
      return "25006";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "XX001";
    case SQLITE_ERROR:
      if (message != NULL && strstr (message, "syntax error") != NULL)
        return "42601";
      if (message != NULL && g_str_has_prefix (message, "no such table"))
        return "42P01";
      if (message != NULL && g_str_has_prefix (message, "no such column"))
        return "42703";
      break;
    default:
      break;
    }
  return "HY000";
}

static void
set_error (KhDb    *db,
           GError **error)
{
  const char *message = sqlite3_errmsg (handle (db));

  kh_db_set_error (error, sqlstate_of (sqlite3_extended_errcode (handle (db)), message),
                   message);
}

static void
sqlite_close (KhDb *db)
{
  /* A statement still open closes the connection when it is finalized. */
  sqlite3_close_v2 (handle (db));
}

static gboolean
sqlite_exec (KhDb       *db,
             const char *sql,
             GError    **error)
{
  if (sqlite3_exec (handle (db), sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_error (db, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_in_transaction (KhDb *db)
{
  return !sqlite3_get_autocommit (handle (db));
}

static KhDbStmt *
sqlite_prepare (KhDb       *db,
                const char *sql,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  KhDbSqliteStmt *self;

  if (sqlite3_prepare_v2 (handle (db), sql, -1, &stmt, &tail) != SQLITE_OK)
    {
      set_error (db, error);
      return NULL;
    }
  if (stmt == NULL || (tail != NULL && tail[strspn (tail, " \t\r\n;")] != '\0'))
    {
      sqlite3_finalize (stmt);
      kh_db_set_error (error, "42601", "one statement expected");
      return NULL;
    }
  self = g_new0 (KhDbSqliteStmt, 1);
  self->parent.db = db;
  self->parent.n_params = sqlite3_bind_parameter_count (stmt);
  self->stmt = stmt;
  return &self->parent;
}

static sqlite3_stmt *
stmt_of (KhDbStmt *stmt)
{
  return ((KhDbSqliteStmt *) stmt)->stmt;
}

static void
sqlite_stmt_free (KhDbStmt *stmt)
{
  sqlite3_finalize (stmt_of (stmt));
  g_free (stmt);
}

static void
sqlite_bind_text (KhDbStmt   *stmt,
                  int         index,
                  const char *value)
{
  sqlite3_bind_text (stmt_of (stmt), index, value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_text_static (KhDbStmt   *stmt,
                         int         index,
                         const char *value)
{
  sqlite3_bind_text (stmt_of (stmt), index, value, -1, SQLITE_STATIC);
}

static void
sqlite_bind_int64 (KhDbStmt *stmt,
                   int       index,
                   gint64    value)
{
  sqlite3_bind_int64 (stmt_of (stmt), index, value);
}

static void
sqlite_bind_double (KhDbStmt *stmt,
                    int       index,
                    double    value)
{
  sqlite3_bind_double (stmt_of (stmt), index, value);
}

static void
sqlite_bind_null (KhDbStmt *stmt,
                  int       index)
{
  sqlite3_bind_null (stmt_of (stmt), index);
}

static KhDbStep
sqlite_step (KhDbStmt *stmt,
             GError  **error)
{
  KhDbSqliteStmt *self = (KhDbSqliteStmt *) stmt;
  int rc;

  if (self->done)
    return KH_DB_STEP_DONE;
  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return KH_DB_STEP_ROW;
  self->done = TRUE;
  if (rc == SQLITE_DONE)
    return KH_DB_STEP_DONE;
  set_error (stmt->db, error);
  sqlite3_reset (self->stmt);
  return KH_DB_STEP_ERROR;
}

static void
sqlite_reset (KhDbStmt *stmt)
{
  KhDbSqliteStmt *self = (KhDbSqliteStmt *) stmt;

  sqlite3_reset (self->stmt);
  self->done = FALSE;
}

static int
sqlite_column_count (KhDbStmt *stmt)
{
  return sqlite3_column_count (stmt_of (stmt));
}

static gboolean
sqlite_column_is_null (KhDbStmt *stmt,
                       int       column)
{
  return sqlite3_column_type (stmt_of (stmt), column) == SQLITE_NULL;
}

static const char *
sqlite_column_text (KhDbStmt *stmt,
                    int       column)
{
  return (const char *) sqlite3_column_text (stmt_of (stmt), column);
}

static gint64
sqlite_column_int64 (KhDbStmt *stmt,
                     int       column)
{
  return sqlite3_column_int64 (stmt_of (stmt), column);
}

static double
sqlite_column_double (KhDbStmt *stmt,
                      int       column)
{
  return sqlite3_column_double (stmt_of (stmt), column);
}

static gboolean
sqlite_column_is_float (KhDbStmt *stmt,
                        int       column)
{
  return sqlite3_column_type (stmt_of (stmt), column) == SQLITE_FLOAT;
}

static const KhDbOps sqlite_ops = {
  .close = sqlite_close,
  .exec = sqlite_exec,
  .in_transaction = sqlite_in_transaction,
  .prepare = sqlite_prepare,
  .stmt_free = sqlite_stmt_free,
  .bind_text = sqlite_bind_text,
  .bind_text_static = sqlite_bind_text_static,
  .bind_int64 = sqlite_bind_int64,
  .bind_double = sqlite_bind_double,
  .bind_null = sqlite_bind_null,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .column_count = sqlite_column_count,
  .column_is_null = sqlite_column_is_null,
  .column_text = sqlite_column_text,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_is_float = sqlite_column_is_float,
};

KhDb *
kh_db_sqlite_open (const char *path,
                   GError    **error)
{
  sqlite3 *db = NULL;
  KhDbSqlite *self;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open %s: %s"), path,
                                                  db != NULL ? sqlite3_errmsg (db)
                                                             : g_strerror (ENOMEM));

      kh_db_set_error (error, "08001", message);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  self = g_new0 (KhDbSqlite, 1);
  self->parent.ops = &sqlite_ops;
  self->parent.backend = KH_DB_SQLITE;
  self->parent.name = g_strdup (path);
  self->db = db;
  if (!sqlite_exec (&self->parent, "PRAGMA foreign_keys = ON", error))
    {
      sqlite_close (&self->parent);
      g_free (self->parent.name);
      g_free (self);
      return NULL;
    }
  return &self->parent;
}

KhDb *
kh_db_sqlite_adopt (sqlite3    *handle,
                    const char *name)
{
  KhDbSqlite *self;

  g_return_val_if_fail (handle != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_new0 (KhDbSqlite, 1);
  self->parent.ops = &sqlite_ops;
  self->parent.backend = KH_DB_SQLITE;
  self->parent.name = g_strdup (name);
  self->db = handle;
  return &self->parent;
}

sqlite3 *
kh_db_sqlite_handle (KhDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  return db->backend == KH_DB_SQLITE ? handle (db) : NULL;
}
