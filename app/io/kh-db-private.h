/* kh-db-private.h — what the two backends of KhDb share (kh-db.c only dispatches)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-db.h"

G_BEGIN_DECLS

typedef struct
{
  void        (*close)          (KhDb *db);
  gboolean    (*exec)           (KhDb *db, const char *sql, GError **error);
  gboolean    (*in_transaction) (KhDb *db);
  KhDbStmt   *(*prepare)        (KhDb *db, const char *sql, GError **error);
  void        (*stmt_free)      (KhDbStmt *stmt);
  void        (*bind_text)      (KhDbStmt *stmt, int index, const char *value);
  void        (*bind_text_static) (KhDbStmt *stmt, int index, const char *value);
  void        (*bind_int64)     (KhDbStmt *stmt, int index, gint64 value);
  void        (*bind_double)    (KhDbStmt *stmt, int index, double value);
  void        (*bind_null)      (KhDbStmt *stmt, int index);
  KhDbStep    (*step)           (KhDbStmt *stmt, GError **error);
  void        (*reset)          (KhDbStmt *stmt);
  int         (*column_count)   (KhDbStmt *stmt);
  gboolean    (*column_is_null) (KhDbStmt *stmt, int column);
  const char *(*column_text)    (KhDbStmt *stmt, int column);
  gint64      (*column_int64)   (KhDbStmt *stmt, int column);
  double      (*column_double)  (KhDbStmt *stmt, int column);
  gboolean    (*column_is_float) (KhDbStmt *stmt, int column);
} KhDbOps;

/* Each backend's connection and statement begin with these. */
struct _KhDb
{
  const KhDbOps *ops;
  KhDbBackend backend;
  char *name;
  guint last_attempts;
};

struct _KhDbStmt
{
  KhDb *db;
  int n_params;
  gboolean has_row; /* the last step gave a row */
};

/* kh-db-error.c: sets @error in KH_DB_ERROR with @sqlstate and the code of its class. */
void        kh_db_set_error     (GError    **error,
                                 const char *sqlstate,
                                 const char *message);
KhDbError   kh_db_error_code_of (const char *sqlstate);

/* kh-db-sqlite.c and kh-db-pg.c */
KhDb       *kh_db_sqlite_open   (const char *path,
                                 GError    **error);
KhDb       *kh_db_pg_open       (const char *conninfo,
                                 GError    **error);

/* kh-db-pg.c: the libpq connection of a KhDb on PostgreSQL (kh-db-notify.c listens on it). */
struct pg_conn *kh_db_pg_conn  (KhDb       *db);

G_END_DECLS
