/* kh-db-notify.h — changes made by others, delivered on the main loop (LISTEN/NOTIFY)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, "Live collaboration": on PostgreSQL every committed write to the values, the
 * frameworks, the units, the results or the years (a seal) notifies the channel
 * "kaohe_changes" once per table, year and category it touched. The server does it, in
 * statement triggers (kh_db_notify_install(), run by `kaohe-cli init-server` and by
 * `kaohe-cli copy` onto a server), so raw SQL is seen as well as Kaohe's own writes; a
 * transaction rolled back notifies nothing, one committed notifies at its commit, each
 * payload once however many rows it wrote. The payload is three fields separated by tabs:
 * the table, the year (empty for units, which are not of a year) and the category (empty
 * for a year's own row):
 *   data_values  year, category of the unit      results  the same
 *   frameworks   year, category                  units    category
 *   years        year (sealed or unsealed, created or removed)
 *
 * kh_db_listen() LISTENs on a KhDb's connection and returns a GSource, attached to the
 * thread's default main context, that calls back once per notification. When the
 * connection went (a restart of the server), the source connects again (once a second
 * while the server is down), LISTENs again and calls back once with table NULL:
 * anything may have changed meanwhile. On SQLite there is no one else to hear from: the
 * source never calls back.
 */
#pragma once

#include "kh-db.h"

G_BEGIN_DECLS

#define KH_DB_NOTIFY_CHANNEL "kaohe_changes"

typedef struct
{
  const char *table;    /* "data_values", "frameworks", "units", "results", "years";
                         * NULL after a new connection: anything may have changed */
  int         year;     /* 0: not of a year */
  const char *category; /* NULL: not of a category */
  gboolean    own;      /* written through this same connection */
} KhDbChange;

typedef void (*KhDbChangeFunc) (KhDb             *db,
                                const KhDbChange *change,
                                gpointer          user_data);

/* On PostgreSQL, makes (or makes again) the triggers that notify; on SQLite does
 * nothing. Run it in a transaction with the schema. */
/* The text PostgreSQL keeps (pg_proc.prosrc) of the function kh_db_notify_install() makes
 * for @table's triggers kaohe_notify_insert, _update and _delete, or NULL when it makes
 * none for @table: what verify compares the server's with. */
char     *kh_db_notify_function_body (const char *table);
gboolean  kh_db_notify_install (KhDb           *db,
                                GError        **error);

/* LISTENs on @db and calls @func on the thread-default main context for each change
 * committed by anyone (this connection included: KhDbChange.own). Destroy the source
 * (g_source_destroy, then g_source_unref) before closing @db. */
GSource  *kh_db_listen         (KhDb           *db,
                                KhDbChangeFunc  func,
                                gpointer        user_data,
                                GDestroyNotify  notify,
                                GError        **error);

/* A payload as the triggers write it into @change (its texts point into @payload, which
 * is changed); FALSE when it is not one. */
gboolean  kh_db_change_parse   (char           *payload,
                                KhDbChange     *change);

G_END_DECLS
