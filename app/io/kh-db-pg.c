/* kh-db-pg.c — KhDb on a PostgreSQL database, through libpq
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A statement is sent with PQexecParams when first stepped (parameters in text form, so a
 * double goes as its 17 significant digits, which the server's strtod reads back exactly);
 * the result is read whole, a row per step. Each connection asks for UTF-8 and for the
 * shortest exact text of floating-point values (extra_float_digits = 3), whatever the
 * server's defaults, so that a double read back is the double stored.
 *
 * A connection the server ended (a restart, a crash, a cut network) is made again before
 * the next statement, when no transaction was open on it: what the server sent unasked is
 * read first, so a session it closed while idle is seen before a statement is sent on it
 * and nothing runs twice. A transaction open when the connection went is gone (the server
 * rolled it back); the statements that follow fail, rather than run outside it, until
 * kh_db_rollback() says the caller knows.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <string.h>

#include "kh-db-private.h"

/* Type OIDs of the parameters (pg_type.dat); 0 lets the server infer a text's type. */
#define INT8OID 20
#define FLOAT4OID 700
#define FLOAT8OID 701

typedef struct
{
  KhDb parent;
  PGconn *conn;
  gboolean lost_transaction; /* the connection went while a transaction was open */
} KhDbPg;

typedef struct
{
  KhDbStmt parent;
  char *sql;      /* with $1, $2, … */
  char **values;  /* n_params texts, NULL for NULL */
  Oid *types;
  PGresult *res;
  int row;        /* the current row, -1 before the first */
} KhDbPgStmt;

static PGconn *
conn_of (KhDb *db)
{
  return ((KhDbPg *) db)->conn;
}

char *
kh_db_number_placeholders (const char *sql,
                           int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  const char *p = sql;
  int n = 0;

  while (*p != '\0')
    {
      if (*p == '?')
        {
          g_string_append_printf (out, "$%d", ++n);
          p++;
        }
      else if (*p == '\'' || *p == '"')
        {
          /* A literal or a quoted name; a doubled quote stays inside. An E'…' literal
           * also escapes with a backslash. */
          char quote = *p;
          gboolean backslash = quote == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e')
                               && (p - 1 == sql || !(g_ascii_isalnum (p[-2]) || p[-2] == '_'));
          const char *q = p + 1;

          while (*q != '\0')
            {
              if (backslash && *q == '\\' && q[1] != '\0')
                q += 2;
              else if (*q == quote && q[1] == quote)
                q += 2;
              else if (*q == quote)
                {
                  q++;
                  break;
                }
              else
                q++;
            }
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *q = strchr (p, '\n');

          q = q != NULL ? q : p + strlen (p);
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          /* PostgreSQL's block comments nest. */
          const char *q = p + 2;
          int depth = 1;

          while (*q != '\0' && depth > 0)
            {
              if (q[0] == '/' && q[1] == '*')
                depth++, q += 2;
              else if (q[0] == '*' && q[1] == '/')
                depth--, q += 2;
              else
                q++;
            }
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (*p == '$' && (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')))
        {
          /* $tag$ … $tag$ (the tag may be empty); $1 is not a tag. */
          const char *q = p + 1;

          while (g_ascii_isalnum (*q) || *q == '_')
            q++;
          if (*q == '$' && !g_ascii_isdigit (p[1]))
            {
              g_autofree char *tag = g_strndup (p, q + 1 - p);
              const char *end = strstr (q + 1, tag);

              end = end != NULL ? end + strlen (tag) : q + 1 + strlen (q + 1);
              g_string_append_len (out, p, end - p);
              p = end;
            }
          else
            {
              g_string_append_len (out, p, q - p);
              p = q;
            }
        }
      else
        g_string_append_c (out, *p++);
    }
  if (n_params != NULL)
    *n_params = n;
  return g_string_free (out, FALSE);
}

/* The server's primary message and SQLSTATE, or the connection's when there is no result
 * (the server went away). @in_transaction: one was open when the statement was sent. */
static void
set_result_error (KhDb       *db,
                  PGresult   *res,
                  const char *sql,
                  gboolean    in_transaction,
                  GError    **error)
{
  const char *sqlstate = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = NULL;

  if (primary != NULL)
    message = g_strdup (primary);
  else
    message = g_strchomp (g_strdup (res != NULL && *PQresultErrorMessage (res) != '\0'
                                      ? PQresultErrorMessage (res)
                                      : PQerrorMessage (conn_of (db))));
  if (PQstatus (conn_of (db)) == CONNECTION_BAD)
    {
      g_autofree char *reason = g_steal_pointer (&message);
      gboolean commit = g_ascii_strcasecmp (sql, "COMMIT") == 0;

      ((KhDbPg *) db)->lost_transaction = in_transaction;
      if (commit && in_transaction)
        message = g_strdup_printf (_("Lost the connection to %s during the commit: whether the "
                                     "transaction was kept is unknown (%s)"),
                                   db->name, reason);
      else if (in_transaction)
        message = g_strdup_printf (_("Lost the connection to %s: the open transaction was "
                                     "rolled back (%s)"),
                                   db->name, reason);
      else
        message = g_strdup_printf (_("Lost the connection to %s (%s)"), db->name, reason);
      /* transaction_resolution_unknown, connection_failure */
      sqlstate = commit && in_transaction ? "08007" : "08006";
    }
  kh_db_set_error (error, sqlstate, message);
}

static void
pg_close (KhDb *db)
{
  PQfinish (conn_of (db));
}

/* Runs @sql on the connection as it is; TRUE when the server accepted it. */
static gboolean
run_command (KhDb       *db,
             const char *sql,
             gboolean    in_transaction,
             GError    **error)
{
  PGresult *res = PQexec (conn_of (db), sql);
  ExecStatusType status = PQresultStatus (res);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                || status == PGRES_EMPTY_QUERY;

  if (!ok)
    set_result_error (db, res, sql, in_transaction, error);
  PQclear (res);
  return ok;
}

/* What each session needs, whatever the server's defaults (see the top). */
static gboolean
session_setup (KhDb    *db,
               GError **error)
{
  if (PQsetClientEncoding (conn_of (db), "UTF8") != 0)
    {
      kh_db_set_error (error, "22021", PQerrorMessage (conn_of (db)));
      return FALSE;
    }
  return run_command (db, "SET extra_float_digits = 3", FALSE, error);
}

/* Reads what the server sent since the last statement (notifications, or the last words
 * and the end of a session it ended); FALSE when that shows the connection closed. */
static gboolean
connection_alive (PGconn *conn)
{
  for (int i = 0; i < 64; i++)
    {
      struct pollfd fd = { .fd = PQsocket (conn), .events = POLLIN };

      if (PQstatus (conn) != CONNECTION_OK)
        return FALSE;
      if (poll (&fd, 1, 0) <= 0)
        return TRUE;
      if (!PQconsumeInput (conn))
        return FALSE;
    }
  return PQstatus (conn) == CONNECTION_OK;
}

/* Before a statement: the connection is there, or made again when it went while no
 * transaction was open. @in_transaction: whether one is open. */
static gboolean
ready_to_send (KhDb     *db,
               gboolean *in_transaction,
               GError  **error)
{
  KhDbPg *self = (KhDbPg *) db;
  PGTransactionStatusType status = PQtransactionStatus (self->conn);
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  *in_transaction = self->lost_transaction || status == PQTRANS_INTRANS
                    || status == PQTRANS_INERROR;
  if (!self->lost_transaction && connection_alive (self->conn))
    return TRUE;
  if (*in_transaction)
    {
      self->lost_transaction = TRUE;
      message = g_strdup_printf (_("Lost the connection to %s: the open transaction was rolled "
                                   "back, roll it back here too before going on"),
                                 db->name);
      kh_db_set_error (error, "08003", message); /* connection_does_not_exist */
      return FALSE;
    }
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      reason = g_strchomp (g_strdup (PQerrorMessage (self->conn)));
      message = g_strdup_printf (_("Cannot reconnect to %s: %s"), db->name, reason);
      kh_db_set_error (error, "08001", message); /* sqlclient_unable_to_establish_sqlconnection */
      return FALSE;
    }
  g_debug ("PostgreSQL: reconnected to %s", db->name);
  return session_setup (db, error);
}

/* Runs @sql without parameters; TRUE when the server accepted it. */
static gboolean
pg_exec (KhDb       *db,
         const char *sql,
         GError    **error)
{
  KhDbPg *self = (KhDbPg *) db;
  gboolean in_transaction;

  /* The server rolled the lost transaction back when the connection went. */
  if (self->lost_transaction && g_ascii_strcasecmp (sql, "ROLLBACK") == 0)
    {
      self->lost_transaction = FALSE;
      return TRUE;
    }
  if (!ready_to_send (db, &in_transaction, error))
    return FALSE;
  return run_command (db, sql, in_transaction, error);
}

static gboolean
pg_in_transaction (KhDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (conn_of (db));

  /* A connection that went (PQTRANS_UNKNOWN) holds no transaction unless one was open. */
  return ((KhDbPg *) db)->lost_transaction
         || (status != PQTRANS_IDLE && status != PQTRANS_UNKNOWN);
}

static KhDbStmt *
pg_prepare (KhDb       *db,
            const char *sql,
            GError    **error)
{
  KhDbPgStmt *self = g_new0 (KhDbPgStmt, 1);

  self->parent.db = db;
  self->sql = kh_db_number_placeholders (sql, &self->parent.n_params);
  self->values = g_new0 (char *, self->parent.n_params + 1);
  self->types = g_new0 (Oid, self->parent.n_params + 1);
  self->row = -1;
  return &self->parent;
}

static void
pg_reset (KhDbStmt *stmt)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  PQclear (self->res);
  self->res = NULL;
  self->row = -1;
}

static void
pg_stmt_free (KhDbStmt *stmt)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  pg_reset (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    g_free (self->values[i]);
  g_free (self->values);
  g_free (self->types);
  g_free (self->sql);
  g_free (self);
}

static void
set_param (KhDbStmt *stmt,
           int       index,
           char     *text,
           Oid       type)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  g_free (self->values[index - 1]);
  self->values[index - 1] = text;
  self->types[index - 1] = type;
}

static void
pg_bind_text (KhDbStmt   *stmt,
              int         index,
              const char *value)
{
  set_param (stmt, index, g_strdup (value), 0);
}

static void
pg_bind_int64 (KhDbStmt *stmt,
               int       index,
               gint64    value)
{
  set_param (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8OID);
}

static void
pg_bind_double (KhDbStmt *stmt,
                int       index,
                double    value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  /* NaN is stored as NULL (missing), as SQLite stores it; 17 significant digits name one
   * double; float8in reads ±Infinity by name. The two stores give the same doubles back. */
  if (isnan (value))
    {
      set_param (stmt, index, NULL, 0);
      return;
    }
  /* −0.0 as 0, as SQLite stores it (a REAL of integer value is kept as an integer). */
  if (value == 0.0)
    value = 0.0;
  if (isinf (value))
    text = value > 0 ? "Infinity" : "-Infinity";
  else
    text = g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  set_param (stmt, index, g_strdup (text), FLOAT8OID);
}

static void
pg_bind_null (KhDbStmt *stmt,
              int       index)
{
  set_param (stmt, index, NULL, 0);
}

static KhDbStep
pg_step (KhDbStmt *stmt,
         GError  **error)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  if (self->res == NULL)
    {
      ExecStatusType status;
      gboolean in_transaction;

      if (!ready_to_send (stmt->db, &in_transaction, error))
        return KH_DB_STEP_ERROR;
      self->res = PQexecParams (conn_of (stmt->db), self->sql, stmt->n_params, self->types,
                                (const char *const *) self->values, NULL, NULL, 0);
      status = PQresultStatus (self->res);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          set_result_error (stmt->db, self->res, self->sql, in_transaction, error);
          pg_reset (stmt);
          return KH_DB_STEP_ERROR;
        }
    }
  if (self->row + 1 < PQntuples (self->res))
    {
      self->row++;
      return KH_DB_STEP_ROW;
    }
  self->row = PQntuples (self->res);
  return KH_DB_STEP_DONE;
}

static int
pg_column_count (KhDbStmt *stmt)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  return self->res != NULL ? PQnfields (self->res) : 0;
}

static gboolean
pg_column_is_null (KhDbStmt *stmt,
                   int       column)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  return PQgetisnull (self->res, self->row, column);
}

static const char *
pg_column_text (KhDbStmt *stmt,
                int       column)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;

  if (PQgetisnull (self->res, self->row, column))
    return NULL;
  return PQgetvalue (self->res, self->row, column);
}

static gint64
pg_column_int64 (KhDbStmt *stmt,
                 int       column)
{
  const char *text = pg_column_text (stmt, column);

  if (text == NULL)
    return 0;
  /* A boolean reads as 1 or 0, as SQLite stores them. */
  if (strcmp (text, "t") == 0)
    return 1;
  if (strcmp (text, "f") == 0)
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_column_double (KhDbStmt *stmt,
                  int       column)
{
  const char *text = pg_column_text (stmt, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

static gboolean
pg_column_is_float (KhDbStmt *stmt,
                    int       column)
{
  KhDbPgStmt *self = (KhDbPgStmt *) stmt;
  Oid type = PQftype (self->res, column);

  return (type == FLOAT8OID || type == FLOAT4OID) && !PQgetisnull (self->res, self->row, column);
}

static const KhDbOps pg_ops = {
  .close = pg_close,
  .exec = pg_exec,
  .in_transaction = pg_in_transaction,
  .prepare = pg_prepare,
  .stmt_free = pg_stmt_free,
  .bind_text = pg_bind_text,
  .bind_text_static = pg_bind_text, /* sent as text whole at the step: a copy */
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .reset = pg_reset,
  .column_count = pg_column_count,
  .column_is_null = pg_column_is_null,
  .column_text = pg_column_text,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_is_float = pg_column_is_float,
};

/* Notices (a ROLLBACK outside a transaction, …) go to the debug log, not to stderr. */
static void
notice_processor (void       *arg,
                  const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* What messages name: the URI's parts without a password, or the service. */
static char *
display_name (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL, *service = NULL;
  GString *out;

  if (options == NULL)
    return g_strdup ("postgresql://");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (strcmp (o->keyword, "user") == 0)
        user = o->val;
      else if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
      else if (strcmp (o->keyword, "service") == 0)
        service = o->val;
    }
  if (service != NULL)
    out = g_string_new ("service=");
  else
    out = g_string_new ("postgresql://");
  if (service != NULL)
    g_string_append (out, service);
  else
    {
      if (user != NULL)
        g_string_append_printf (out, "%s@", user);
      if (host != NULL && host[0] != '/')
        g_string_append (out, host);
      if (port != NULL)
        g_string_append_printf (out, ":%s", port);
      g_string_append_printf (out, "/%s", dbname != NULL ? dbname : "");
      if (host != NULL && host[0] == '/')
        g_string_append_printf (out, "?host=%s", host);
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

KhDb *
kh_db_pg_open (const char *conninfo,
               GError    **error)
{
  g_autofree char *name = display_name (conninfo);
  PGconn *conn = PQconnectdb (conninfo);
  KhDbPg *self;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *reason = g_strchomp (g_strdup (conn != NULL ? PQerrorMessage (conn) : ""));
      g_autofree char *message = g_strdup_printf (_("Cannot connect to %s: %s"), name, reason);

      kh_db_set_error (error, "08001", message);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, notice_processor, NULL);
  self = g_new0 (KhDbPg, 1);
  self->parent.ops = &pg_ops;
  self->parent.backend = KH_DB_POSTGRESQL;
  self->parent.name = g_steal_pointer (&name);
  self->conn = conn;
  if (!session_setup (&self->parent, error))
    {
      PQfinish (conn);
      g_free (self->parent.name);
      g_free (self);
      return NULL;
    }
  return &self->parent;
}

PGconn *
kh_db_pg_conn (KhDb *db)
{
  g_return_val_if_fail (db != NULL && db->backend == KH_DB_POSTGRESQL, NULL);
  return conn_of (db);
}
