/* kh-db-notify.c — changes made by others, delivered on the main loop (kh-db-notify.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "kh-db-notify.h"
#include "kh-db-private.h"

/* One statement trigger function per table: the distinct (year, category) of the rows a
 * statement wrote (its transition tables kh_new and kh_old), each notified, in order. A
 * payload repeated in a transaction is sent once (the server folds them). */
#define NOTIFY_FUNCTION(table, rows_new, rows_old) \
  "CREATE OR REPLACE FUNCTION kaohe_notify_" table " () RETURNS trigger\n" \
  "LANGUAGE plpgsql AS $kh$\n" \
  "DECLARE r RECORD;\n" \
  "BEGIN\n" \
  "  IF TG_OP <> 'DELETE' THEN\n" \
  "    FOR r IN " rows_new " LOOP\n" \
  "      PERFORM pg_notify ('" KH_DB_NOTIFY_CHANNEL "', TG_TABLE_NAME || E'\\t' ||\n" \
  "        COALESCE (r.year::text, '') || E'\\t' || COALESCE (r.category, ''));\n" \
  "    END LOOP;\n" \
  "  END IF;\n" \
  "  IF TG_OP <> 'INSERT' THEN\n" \
  "    FOR r IN " rows_old " LOOP\n" \
  "      PERFORM pg_notify ('" KH_DB_NOTIFY_CHANNEL "', TG_TABLE_NAME || E'\\t' ||\n" \
  "        COALESCE (r.year::text, '') || E'\\t' || COALESCE (r.category, ''));\n" \
  "    END LOOP;\n" \
  "  END IF;\n" \
  "  RETURN NULL;\n" \
  "END $kh$;\n" \
  "DROP TRIGGER IF EXISTS kaohe_notify_insert ON " table ";\n" \
  "DROP TRIGGER IF EXISTS kaohe_notify_update ON " table ";\n" \
  "DROP TRIGGER IF EXISTS kaohe_notify_delete ON " table ";\n" \
  "CREATE TRIGGER kaohe_notify_insert AFTER INSERT ON " table "\n" \
  "  REFERENCING NEW TABLE AS kh_new FOR EACH STATEMENT EXECUTE FUNCTION kaohe_notify_" table " ();\n" \
  "CREATE TRIGGER kaohe_notify_update AFTER UPDATE ON " table "\n" \
  "  REFERENCING OLD TABLE AS kh_old NEW TABLE AS kh_new\n" \
  "  FOR EACH STATEMENT EXECUTE FUNCTION kaohe_notify_" table " ();\n" \
  "CREATE TRIGGER kaohe_notify_delete AFTER DELETE ON " table "\n" \
  "  REFERENCING OLD TABLE AS kh_old FOR EACH STATEMENT EXECUTE FUNCTION kaohe_notify_" table " ();\n"

/* A unit's category for the tables of unit × year rows. */
#define BY_UNIT(rows) \
  "SELECT DISTINCT c.year, u.category_id AS category FROM " rows " c\n" \
  "      LEFT JOIN units u ON u.id = c.unit_id ORDER BY 1, 2"
#define BY_CATEGORY(rows) \
  "SELECT DISTINCT c.year, c.category_id AS category FROM " rows " c ORDER BY 1, 2"
#define UNITS(rows) \
  "SELECT DISTINCT NULL::bigint AS year, c.category_id AS category FROM " rows " c ORDER BY 2"
#define YEARS(rows) "SELECT DISTINCT c.year, NULL::text AS category FROM " rows " c ORDER BY 1"

static const char notify_sql[] =
  NOTIFY_FUNCTION ("data_values", BY_UNIT ("kh_new"), BY_UNIT ("kh_old"))
  NOTIFY_FUNCTION ("results", BY_UNIT ("kh_new"), BY_UNIT ("kh_old"))
  NOTIFY_FUNCTION ("frameworks", BY_CATEGORY ("kh_new"), BY_CATEGORY ("kh_old"))
  NOTIFY_FUNCTION ("units", UNITS ("kh_new"), UNITS ("kh_old"))
  NOTIFY_FUNCTION ("years", YEARS ("kh_new"), YEARS ("kh_old"));

char *
kh_db_notify_function_body (const char *table)
{
  g_autofree char *head = NULL;
  const char *start, *end;

  g_return_val_if_fail (table != NULL, NULL);

  head = g_strdup_printf ("CREATE OR REPLACE FUNCTION kaohe_notify_%s () RETURNS trigger\n"
                          "LANGUAGE plpgsql AS $kh$", table);
  start = strstr (notify_sql, head);
  if (start == NULL)
    return NULL;
  start += strlen (head);
  end = strstr (start, "$kh$;");
  g_assert (end != NULL);
  return g_strndup (start, end - start);
}

gboolean
kh_db_notify_install (KhDb    *db,
                      GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  if (kh_db_backend (db) != KH_DB_POSTGRESQL)
    return TRUE;
  return kh_db_exec (db, notify_sql, error);
}

gboolean
kh_db_change_parse (char       *payload,
                    KhDbChange *change)
{
  char *year = strchr (payload, '\t');
  char *category = year != NULL ? strchr (year + 1, '\t') : NULL;
  gint64 number = 0;

  g_return_val_if_fail (payload != NULL && change != NULL, FALSE);

  if (category == NULL || year == payload)
    return FALSE;
  *year++ = '\0';
  *category++ = '\0';
  if (*year != '\0' && !g_ascii_string_to_signed (year, 10, 1, G_MAXINT, &number, NULL))
    return FALSE;
  change->table = payload;
  change->year = (int) number;
  change->category = *category != '\0' ? category : NULL;
  change->own = FALSE;
  return TRUE;
}

#define RETRY_US G_USEC_PER_SEC

typedef struct
{
  GSource source;
  KhDb *db;
  int fd;             /* the socket watched, -1 for none */
  gpointer fd_tag;
  int backend_pid;    /* of the session that LISTENs */
  gboolean again;     /* the session went: LISTEN again (and say so) */
  GQueue pending;     /* PGnotify, in their order */
} ListenSource;

static PGconn *
listen_conn (ListenSource *self)
{
  return kh_db_backend (self->db) == KH_DB_POSTGRESQL ? kh_db_pg_conn (self->db) : NULL;
}

/* What libpq holds already (read with the last statement's answer, or just now). */
static void
take_notifications (ListenSource *self,
                    PGconn       *conn)
{
  PGnotify *notify;

  while ((notify = PQnotifies (conn)) != NULL)
    g_queue_push_tail (&self->pending, notify);
}

/* The socket to watch follows the connection, which a restart makes anew. */
static void
watch_socket (ListenSource *self,
              PGconn       *conn)
{
  int fd = PQstatus (conn) == CONNECTION_OK ? PQsocket (conn) : -1;

  if (fd == self->fd)
    return;
  if (self->fd_tag != NULL)
    g_source_remove_unix_fd (&self->source, self->fd_tag);
  self->fd_tag = fd >= 0 ? g_source_add_unix_fd (&self->source, fd, G_IO_IN | G_IO_ERR | G_IO_HUP)
                         : NULL;
  self->fd = fd;
}

static gboolean
listen_prepare (GSource *source,
                int     *timeout)
{
  ListenSource *self = (ListenSource *) source;
  PGconn *conn = listen_conn (self);

  *timeout = -1;
  if (conn == NULL)
    return FALSE;
  if (PQstatus (conn) != CONNECTION_OK || PQbackendPID (conn) != self->backend_pid)
    self->again = TRUE;
  watch_socket (self, conn);
  take_notifications (self, conn);
  if (self->again && g_source_get_ready_time (source) == -1)
    g_source_set_ready_time (source, 0);
  return !g_queue_is_empty (&self->pending);
}

static gboolean
listen_check (GSource *source)
{
  ListenSource *self = (ListenSource *) source;
  PGconn *conn = listen_conn (self);

  if (conn == NULL)
    return FALSE;
  if (self->fd_tag != NULL && g_source_query_unix_fd (source, self->fd_tag) != 0)
    {
      if (!PQconsumeInput (conn))
        self->again = TRUE;
      take_notifications (self, conn);
    }
  return !g_queue_is_empty (&self->pending);
}

/* LISTEN again on the connection made again; FALSE while the server is away. */
static gboolean
listen_again (ListenSource *self,
              GError      **error)
{
  if (!kh_db_exec (self->db, "LISTEN " KH_DB_NOTIFY_CHANNEL, error))
    return FALSE;
  self->backend_pid = PQbackendPID (listen_conn (self));
  self->again = FALSE;
  return TRUE;
}

static gboolean
listen_dispatch (GSource    *source,
                 GSourceFunc callback,
                 gpointer    user_data)
{
  ListenSource *self = (ListenSource *) source;
  KhDbChangeFunc func = (KhDbChangeFunc) (void (*) (void)) callback;
  PGnotify *notify;

  g_source_set_ready_time (source, -1);
  if (self->again)
    {
      g_autoptr (GError) error = NULL;

      if (listen_again (self, &error))
        {
          KhDbChange anything = { NULL, 0, NULL, FALSE };

          if (func != NULL)
            func (self->db, &anything, user_data);
        }
      else
        {
          g_debug ("LISTEN on %s: %s", kh_db_name (self->db), error->message);
          g_source_set_ready_time (source, g_get_monotonic_time () + RETRY_US);
        }
    }
  while ((notify = g_queue_pop_head (&self->pending)) != NULL)
    {
      KhDbChange change;
      PGconn *conn = listen_conn (self);

      if (func != NULL && strcmp (notify->relname, KH_DB_NOTIFY_CHANNEL) == 0
          && kh_db_change_parse (notify->extra, &change))
        {
          change.own = conn != NULL && notify->be_pid == PQbackendPID (conn);
          func (self->db, &change, user_data);
        }
      PQfreemem (notify);
    }
  return G_SOURCE_CONTINUE;
}

static void
listen_finalize (GSource *source)
{
  ListenSource *self = (ListenSource *) source;
  PGconn *conn = listen_conn (self);

  /* No one hears them any more: the server need not send them (best effort; a connection
   * that went has no LISTEN left). */
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK && self->backend_pid != 0)
    kh_db_exec (self->db, "UNLISTEN " KH_DB_NOTIFY_CHANNEL, NULL);
  g_queue_clear_full (&self->pending, PQfreemem);
}

static GSourceFuncs listen_funcs = {
  .prepare = listen_prepare,
  .check = listen_check,
  .dispatch = listen_dispatch,
  .finalize = listen_finalize,
};

GSource *
kh_db_listen (KhDb          *db,
              KhDbChangeFunc func,
              gpointer       user_data,
              GDestroyNotify notify,
              GError       **error)
{
  ListenSource *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = (ListenSource *) g_source_new (&listen_funcs, sizeof (ListenSource));
  self->db = db;
  self->fd = -1;
  g_queue_init (&self->pending);
  g_source_set_name (&self->source, "KhDb LISTEN");
  if (kh_db_backend (db) == KH_DB_POSTGRESQL && !listen_again (self, error))
    {
      g_source_unref (&self->source);
      return NULL;
    }
  g_source_set_callback (&self->source, (GSourceFunc) (void (*) (void)) func, user_data, notify);
  g_source_attach (&self->source, g_main_context_get_thread_default ());
  return &self->source;
}
