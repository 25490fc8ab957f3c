/* kh-audit.h — the project's append-only, hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table `audit_log (seq, at, user_name, action, year, detail, prev_hash, hash)`; triggers
 * refuse UPDATE and DELETE. Every row's hash chains it to the one before:
 *
 *   hash = hex (SHA-256 (prev_hash ‖ canonical))       prev_hash of row 1 = 64 × "0"
 *
 * where prev_hash is the 64 lower-case hex digits of the previous row's hash and
 * canonical is this UTF-8 text (every line ends with LF):
 *
 *   kaohe-audit-v1
 *   seq=<decimal>
 *   at=<UTC time, YYYY-MM-DDTHH:MM:SSZ>
 *   user=<escaped>
 *   action=<escaped>
 *   year=<decimal, or nothing when the row concerns no year>
 *   detail=<escaped>
 *
 * Escaping: backslash → `\\`, LF → `\n`, CR → `\r`; nothing else changes. Actions:
 * create, units, framework, import, edit, compute, seal, note; flag, confirm and unconfirm
 * (values flagged for confirmation, kh-project-plausibility.h), among others. The time is
 * the current UTC time, or SOURCE_DATE_EPOCH when that is set (reproducible builds of the
 * sample).
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kh-db.h"

G_BEGIN_DECLS

#define KH_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text of a row (see above); newly allocated. */
char     *kh_audit_canonical (gint64      seq,
                              const char *at,
                              const char *user,
                              const char *action,
                              int         year,
                              const char *detail);

/* hex (SHA-256 (prev_hash ‖ canonical)). */
char     *kh_audit_hash      (const char *prev_hash,
                              const char *canonical);

/* kh_audit_hash (prev_hash, kh_audit_canonical (seq, at, user, action, year, detail)),
 * without making the canonical text: a seal's detail is hashed where it is. */
char     *kh_audit_row_hash  (const char *prev_hash,
                              gint64      seq,
                              const char *at,
                              const char *user,
                              const char *action,
                              int         year,
                              const char *detail);

/* The current time as stored in `at`. */
char     *kh_audit_now       (void);

/* Appends a row inside the caller's transaction. @year 0 = none. */
gboolean  kh_audit_append    (sqlite3     *db,
                              const char  *user,
                              const char  *action,
                              int          year,
                              const char  *detail,
                              GError     **error);
/* The same, the row written at @at (kh_audit_now()'s format; NULL: now), so that a row
 * written beside it in the transaction can carry the very same time. */
gboolean  kh_audit_append_at (sqlite3     *db,
                              const char  *user,
                              const char  *action,
                              int          year,
                              const char  *detail,
                              const char  *at,
                              GError     **error);

/* Walks the whole chain. Appends one line per problem to @problems (row numbers
 * named); *head_seq and *head_hash (may be NULL) receive the last row. Returns FALSE
 * only when the table cannot be read (error set). */
gboolean  kh_audit_verify    (sqlite3     *db,
                              GPtrArray   *problems,
                              gint64      *head_seq,
                              char       **head_hash,
                              GError     **error);

/* kh_audit_append_at() and kh_audit_verify() through a KhDb, on SQLite or PostgreSQL
 * (issue 19): the same rows, the same chain, the same problems in the same words. On
 * PostgreSQL the append first takes a transaction-level advisory lock
 * (KH_AUDIT_PG_LOCK_KEY, "kaohe" in ASCII), so that concurrent writers append one after
 * the other and the chain stays one line; the caller's transaction must be open. A
 * serialization failure (another writer's transaction saved first) is KH_IO_ERROR_BUSY,
 * for kh_project_transaction() to run the transaction again. */
#define KH_AUDIT_PG_LOCK_KEY "461195175013"

gboolean  kh_audit_append_db (KhDb        *db,
                              const char  *user,
                              const char  *action,
                              int          year,
                              const char  *detail,
                              const char  *at,
                              GError     **error);
gboolean  kh_audit_verify_db (KhDb        *db,
                              GPtrArray   *problems,
                              gint64      *head_seq,
                              char       **head_hash,
                              GError     **error);

G_END_DECLS
