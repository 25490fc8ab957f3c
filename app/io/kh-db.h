/* kh-db.h — one statement-level interface to the project's two stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KhDb is a connection to a SQLite file (one desk) or a PostgreSQL database (the office's
 * server, through libpq). SQL is written once with `?` placeholders; for PostgreSQL they are
 * numbered ($1, $2, …) outside string literals, quoted names, comments and dollar quotes.
 * Values are bound as text, 64-bit integers, doubles or NULL, and read back the same; a
 * double is sent to PostgreSQL as text with 17 significant digits and read back from the
 * server's shortest exact form, so it comes back bit for bit (subnormals, ±∞). Both stores
 * keep NaN as NULL and −0.0 as 0 (SQLite's own rules, followed by the PostgreSQL side so
 * that the two give the same values back).
 *
 * Errors are in the KH_DB_ERROR domain and carry the SQLSTATE (PostgreSQL's own; SQLite's
 * result codes mapped to the same classes, kh_db_error_sqlstate()) and the server's message
 * (a trigger's "sealed year" reads the same from both). kh_db_transaction() runs a
 * function in a transaction (SERIALIZABLE on PostgreSQL) and runs it again when the server
 * gives up on a serialization failure or a deadlock (40001, 40P01).
 *
 * When the server ends a PostgreSQL session (a restart, a crash, a cut network), the next
 * operation connects again if no transaction was open; while the server is down it fails
 * with KH_DB_ERROR_CONNECT ("Cannot reconnect to …"). A transaction open when the session
 * went is lost (the server rolled it back): its next statements fail with
 * KH_DB_ERROR_CONNECT until kh_db_rollback(); kh_db_transaction() does not run it again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_DB_ERROR (kh_db_error_quark ())

typedef enum
{
  KH_DB_ERROR_FAILED,        /* any other error of a statement */
  KH_DB_ERROR_CONNECT,       /* cannot open the file or reach the server (class 08) */
  KH_DB_ERROR_CONSTRAINT,    /* a key, NOT NULL, CHECK or foreign key refused it (class 23) */
  KH_DB_ERROR_RAISED,        /* a trigger refused it (P0001: "sealed year", …) */
  KH_DB_ERROR_SERIALIZATION, /* a concurrent transaction won (40001, 40P01); try again */
  KH_DB_ERROR_MISUSE,        /* a wrong column, parameter or step */
} KhDbError;

typedef enum
{
  KH_DB_SQLITE,
  KH_DB_POSTGRESQL,
} KhDbBackend;

typedef enum
{
  KH_DB_STEP_ERROR,
  KH_DB_STEP_ROW,
  KH_DB_STEP_DONE,
} KhDbStep;

typedef struct _KhDb KhDb;
typedef struct _KhDbStmt KhDbStmt;

/* Runs in a transaction; returns FALSE and sets @error to roll it back. */
typedef gboolean (*KhDbTransactionFunc) (KhDb    *db,
                                         gpointer user_data,
                                         GError **error);

GQuark       kh_db_error_quark      (void);
/* The five-character SQLSTATE of a KH_DB_ERROR ("23505", "P0001", …), or NULL. */
const char  *kh_db_error_sqlstate   (const GError *error);

/* "postgresql://…" or "postgres://…" (a libpq URI) or "service=NAME" (pg_service.conf)
 * opens a PostgreSQL database; anything else is the path of a SQLite file, created when
 * missing. */
KhDb        *kh_db_open             (const char  *target,
                                     GError     **error);
/* Whether kh_db_open() reads @target as a PostgreSQL database (a URI or a service). */
gboolean     kh_db_target_is_server (const char  *target);
/* @target as messages may print it before it is opened: a file's path as given, a
 * server's URI or service without its password (a user:password@ one or a password=…
 * setting); everything else kept. */
char        *kh_db_target_name      (const char  *target);
void         kh_db_close            (KhDb        *db);
KhDbBackend  kh_db_backend          (KhDb        *db);
/* The target without a password: what messages name. */
const char  *kh_db_name             (KhDb        *db);

/* One or more statements without parameters. */
gboolean     kh_db_exec             (KhDb        *db,
                                     const char  *sql,
                                     GError     **error);

/* BEGIN (IMMEDIATE on SQLite, ISOLATION LEVEL SERIALIZABLE on PostgreSQL), COMMIT,
 * ROLLBACK. */
gboolean     kh_db_begin            (KhDb        *db,
                                     GError     **error);
gboolean     kh_db_commit           (KhDb        *db,
                                     GError     **error);
void         kh_db_rollback         (KhDb        *db);

/* Begins, runs @func, commits; on a serialization failure (in @func or at the commit)
 * rolls back and runs @func again, up to @max_attempts times in all (0: the default of
 * 20), after a short random pause. @func must not keep state across attempts. */
gboolean     kh_db_transaction      (KhDb               *db,
                                     KhDbTransactionFunc func,
                                     gpointer            user_data,
                                     guint               max_attempts,
                                     GError            **error);
/* How many attempts the last kh_db_transaction() made. */
guint        kh_db_last_attempts    (KhDb        *db);

/* One statement with `?` placeholders. */
KhDbStmt    *kh_db_prepare          (KhDb        *db,
                                     const char  *sql,
                                     GError     **error);
void         kh_db_stmt_free        (KhDbStmt    *stmt);
int          kh_db_stmt_n_params    (KhDbStmt    *stmt);

/* Parameters are numbered from 1; they keep their values across kh_db_stmt_reset(). */
void         kh_db_bind_text        (KhDbStmt    *stmt,
                                     int          index,
                                     const char  *value);
/* The same without a copy where the store allows it (SQLite): @value must stay unchanged
 * until the parameter is bound again or the statement is freed. For loops binding texts
 * that outlive them (issue 22: no copy per row). */
void         kh_db_bind_text_static (KhDbStmt    *stmt,
                                     int          index,
                                     const char  *value);
void         kh_db_bind_int64       (KhDbStmt    *stmt,
                                     int          index,
                                     gint64       value);
void         kh_db_bind_double      (KhDbStmt    *stmt,
                                     int          index,
                                     double       value);
void         kh_db_bind_null        (KhDbStmt    *stmt,
                                     int          index);

/* Runs the statement on the first call, then moves to each row in turn. */
KhDbStep     kh_db_step             (KhDbStmt    *stmt,
                                     GError     **error);
/* Ready to run again (with the same or newly bound parameters). */
void         kh_db_stmt_reset       (KhDbStmt    *stmt);

/* Columns of the current row, numbered from 0. Text stays valid until the next step,
 * reset or free. */
int          kh_db_column_count     (KhDbStmt    *stmt);
gboolean     kh_db_column_is_null   (KhDbStmt    *stmt,
                                     int          column);
const char  *kh_db_column_text      (KhDbStmt    *stmt,
                                     int          column);
gint64       kh_db_column_int64     (KhDbStmt    *stmt,
                                     int          column);
double       kh_db_column_double    (KhDbStmt    *stmt,
                                     int          column);
/* Whether the column's value is a floating-point number, not NULL: on SQLite a value
 * stored as REAL, on PostgreSQL a column of type real or double precision (CAST (x AS
 * DOUBLE PRECISION) gives one on both). */
gboolean     kh_db_column_is_float  (KhDbStmt    *stmt,
                                     int          column);

/* The SQL as PostgreSQL receives it: `?` → $1, $2, … outside literals, quoted names,
 * comments and dollar quotes; @n_params gets their number. */
char        *kh_db_number_placeholders (const char *sql,
                                        int        *n_params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhDbStmt, kh_db_stmt_free)

G_END_DECLS
