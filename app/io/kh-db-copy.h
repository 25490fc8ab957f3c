/* kh-db-copy.h — a whole project copied from one store to another (`kaohe-cli copy`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, "Moving a project": a project on SQLite or PostgreSQL copied, row for row, into
 * an empty SQLite file or PostgreSQL database, in either direction (or SQLite to SQLite).
 * The tables are those the project schema of this version creates (its migrations run in
 * an SQLite database in memory tell their columns, declared types, keys and foreign keys),
 * copied in the order of their foreign keys (a table after those it refers to; a table that
 * refers to itself, units through successor_id, row by row after the rows it names), each
 * in the order of its primary key. Every value is copied as it is stored: ids, NULLs, texts,
 * integers, and doubles bit for bit (KhDb sends a double as 17 significant digits and
 * reads the shortest exact text back; −0.0 and NaN are what both stores keep them as, 0
 * and NULL, kh-db.h). The audit chain is copied as it is, nothing appended: the copy's
 * chain is the source's, and `verify` passes on it as on the source.
 *
 * Everything is written in one transaction on the destination, which ends committed
 * whole or rolled back (a new file is then removed by the caller). The source is read in
 * one transaction too (a snapshot, whatever others write meanwhile) and not changed.
 *
 * The triggers stay on and are obeyed, not bypassed: a sealed year refuses new rows, so a
 * year is first copied unsealed, its rows after it, and sealed at the end of the same
 * transaction (years.sealed 0 → 1 is what sealing writes, which the triggers allow); no one
 * sees the year unsealed, since nothing is committed before. The append-only audit log
 * takes its rows as inserts, which it allows. On PostgreSQL the identity columns' sequences
 * (audit_log.seq, notes.id, survey_salt.id) then go on after the highest copied number.
 *
 * The destination must be empty: a new or empty SQLite file, a PostgreSQL database without
 * tables, or one `kaohe-cli init-server` made ready whose project tables have no rows. An
 * empty destination gets the schema of this version in the same transaction (on SQLite
 * with the project's application_id and user_version). The source must be a project of
 * this version (an older file is brought up to date by opening it with this Kaohe).
 */
#pragma once

#include "kh-db.h"

G_BEGIN_DECLS

/* Called when a table begins (@done 0), every 5,000 rows, and when it is done
 * (@done == @total). */
typedef void (*KhDbCopyProgress) (const char *table,
                                  guint64     done,
                                  guint64     total,
                                  gpointer    user_data);

/* Copies the project in @src into the empty @dst, as above; @n_rows (may be NULL) gets the
 * number of rows copied. On an error (KH_DB_ERROR, naming the store, the table and the
 * row's key where one is at fault) @dst is as it was. */
gboolean  kh_db_copy        (KhDb             *src,
                             KhDb             *dst,
                             KhDbCopyProgress  progress,
                             gpointer          user_data,
                             guint64          *n_rows,
                             GError          **error);

/* The same, leaving the tables named in @empty (NULL-terminated; may be NULL) without
 * rows: those the source's login may not read (`kaohe-cli checkout`, kh-db-checkout.h). */
gboolean  kh_db_copy_except (KhDb              *src,
                             KhDb              *dst,
                             const char *const *empty,
                             KhDbCopyProgress   progress,
                             gpointer           user_data,
                             guint64           *n_rows,
                             GError           **error);

/* The tables kh_db_copy() copies, in its order (NULL-terminated). */
GStrv     kh_db_copy_tables (void);

G_END_DECLS
