/* kh-db.c — KhDb: the backend chosen by the target, calls passed on, transactions retried
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-db-private.h"

#define DEFAULT_ATTEMPTS 20

gboolean
kh_db_target_is_server (const char *target)
{
  g_return_val_if_fail (target != NULL, FALSE);

  return g_str_has_prefix (target, "postgresql://") || g_str_has_prefix (target, "postgres://")
         || g_str_has_prefix (target, "service=");
}

char *
kh_db_target_name (const char *target)
{
  g_autoptr (GString) out = NULL;
  const char *at;
  const char *rest;

  g_return_val_if_fail (target != NULL, NULL);

  if (!kh_db_target_is_server (target))
    return g_strdup (target);
  /* service=NAME, perhaps with more keyword=value settings: a password=… one goes */
  if (g_str_has_prefix (target, "service="))
    {
      g_auto (GStrv) words = g_strsplit (target, " ", -1);

      out = g_string_new (NULL);
      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0' && !g_str_has_prefix (words[i], "password="))
          g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  /* scheme://[user[:password]@]host…: the password goes, and any password=… parameter */
  rest = strstr (target, "://") + 3;
  out = g_string_new_len (target, rest - target);
  at = strchr (rest, '@');
  if (at != NULL && strcspn (rest, "/?") >= (gsize) (at - rest))
    {
      const char *colon = memchr (rest, ':', at - rest);

      g_string_append_len (out, rest, (colon != NULL ? colon : at) - rest);
      g_string_append_c (out, '@');
      rest = at + 1;
    }
  {
    g_auto (GStrv) parts = NULL;
    const char *query = strchr (rest, '?');

    g_string_append_len (out, rest, query != NULL ? query - rest : (gssize) strlen (rest));
    if (query == NULL)
      return g_string_free (g_steal_pointer (&out), FALSE);
    parts = g_strsplit (query + 1, "&", -1);
    for (guint i = 0, kept = 0; parts[i] != NULL; i++)
      if (!g_str_has_prefix (parts[i], "password="))
        g_string_append_printf (out, "%c%s", kept++ == 0 ? '?' : '&', parts[i]);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

KhDb *
kh_db_open (const char *target,
            GError    **error)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (kh_db_target_is_server (target))
    return kh_db_pg_open (target, error);
  return kh_db_sqlite_open (target, error);
}

void
kh_db_close (KhDb *db)
{
  if (db == NULL)
    return;
  db->ops->close (db);
  g_free (db->name);
  g_free (db);
}

KhDbBackend
kh_db_backend (KhDb *db)
{
  return db->backend;
}

const char *
kh_db_name (KhDb *db)
{
  return db->name;
}

gboolean
kh_db_exec (KhDb       *db,
            const char *sql,
            GError    **error)
{
  return db->ops->exec (db, sql, error);
}

gboolean
kh_db_begin (KhDb    *db,
             GError **error)
{
  return db->ops->exec (db,
                        db->backend == KH_DB_SQLITE ? "BEGIN IMMEDIATE"
                                                    : "BEGIN ISOLATION LEVEL SERIALIZABLE",
                        error);
}

gboolean
kh_db_commit (KhDb    *db,
              GError **error)
{
  return db->ops->exec (db, "COMMIT", error);
}

void
kh_db_rollback (KhDb *db)
{
  if (db->ops->in_transaction (db))
    db->ops->exec (db, "ROLLBACK", NULL);
}

gboolean
kh_db_transaction (KhDb               *db,
                   KhDbTransactionFunc func,
                   gpointer            user_data,
                   guint               max_attempts,
                   GError            **error)
{
  if (max_attempts == 0)
    max_attempts = DEFAULT_ATTEMPTS;
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr (GError) local = NULL;

      db->last_attempts = attempt;
      if (kh_db_begin (db, &local) && func (db, user_data, &local) && kh_db_commit (db, &local))
        return TRUE;
      kh_db_rollback (db);
      if (!g_error_matches (local, KH_DB_ERROR, KH_DB_ERROR_SERIALIZATION)
          || attempt >= max_attempts)
        {
          if (g_error_matches (local, KH_DB_ERROR, KH_DB_ERROR_SERIALIZATION))
            g_prefix_error (&local,
                            ngettext ("Gave up after %u attempt: ",
                                      "Gave up after %u attempts: ", attempt),
                            attempt);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Another transaction won: wait a random while, longer each time (up to 64 ms),
       * so that the same two do not collide again. */
      g_usleep (g_random_int_range (500, 1000 << MIN (attempt, 6u)));
    }
}

guint
kh_db_last_attempts (KhDb *db)
{
  return db->last_attempts;
}

KhDbStmt *
kh_db_prepare (KhDb       *db,
               const char *sql,
               GError    **error)
{
  return db->ops->prepare (db, sql, error);
}

void
kh_db_stmt_free (KhDbStmt *stmt)
{
  if (stmt != NULL)
    stmt->db->ops->stmt_free (stmt);
}

int
kh_db_stmt_n_params (KhDbStmt *stmt)
{
  return stmt->n_params;
}

/* @value through the store's @bind (its bind_text or bind_text_static); NULL as NULL. */
static void
bind_text_or_null (KhDbStmt   *stmt,
                   int         index,
                   const char *value,
                   void      (*bind) (KhDbStmt *stmt, int index, const char *value))
{
  if (value == NULL)
    stmt->db->ops->bind_null (stmt, index);
  else
    bind (stmt, index, value);
}

void
kh_db_bind_text (KhDbStmt   *stmt,
                 int         index,
                 const char *value)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);
  bind_text_or_null (stmt, index, value, stmt->db->ops->bind_text);
}

void
kh_db_bind_text_static (KhDbStmt   *stmt,
                        int         index,
                        const char *value)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);
  bind_text_or_null (stmt, index, value, stmt->db->ops->bind_text_static);
}

void
kh_db_bind_int64 (KhDbStmt *stmt,
                  int       index,
                  gint64    value)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);
  stmt->db->ops->bind_int64 (stmt, index, value);
}

void
kh_db_bind_double (KhDbStmt *stmt,
                   int       index,
                   double    value)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);
  stmt->db->ops->bind_double (stmt, index, value);
}

void
kh_db_bind_null (KhDbStmt *stmt,
                 int       index)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);
  stmt->db->ops->bind_null (stmt, index);
}

KhDbStep
kh_db_step (KhDbStmt *stmt,
            GError  **error)
{
  KhDbStep step = stmt->db->ops->step (stmt, error);

  stmt->has_row = step == KH_DB_STEP_ROW;
  return step;
}

void
kh_db_stmt_reset (KhDbStmt *stmt)
{
  stmt->has_row = FALSE;
  stmt->db->ops->reset (stmt);
}

int
kh_db_column_count (KhDbStmt *stmt)
{
  return stmt->db->ops->column_count (stmt);
}

#define CHECK_COLUMN(stmt, column, value) \
  g_return_val_if_fail ((stmt)->has_row && (column) >= 0 \
                        && (column) < (stmt)->db->ops->column_count (stmt), value)

gboolean
kh_db_column_is_null (KhDbStmt *stmt,
                      int       column)
{
  CHECK_COLUMN (stmt, column, TRUE);
  return stmt->db->ops->column_is_null (stmt, column);
}

const char *
kh_db_column_text (KhDbStmt *stmt,
                   int       column)
{
  CHECK_COLUMN (stmt, column, NULL);
  return stmt->db->ops->column_text (stmt, column);
}

gint64
kh_db_column_int64 (KhDbStmt *stmt,
                    int       column)
{
  CHECK_COLUMN (stmt, column, 0);
  return stmt->db->ops->column_int64 (stmt, column);
}

double
kh_db_column_double (KhDbStmt *stmt,
                     int       column)
{
  CHECK_COLUMN (stmt, column, 0.0);
  return stmt->db->ops->column_double (stmt, column);
}

gboolean
kh_db_column_is_float (KhDbStmt *stmt,
                       int       column)
{
  CHECK_COLUMN (stmt, column, FALSE);
  return stmt->db->ops->column_is_float (stmt, column);
}
