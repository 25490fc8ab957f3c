/* kh-audit.c — the project's append-only, hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-db-sqlite.h"
#include "kh-io-error.h"
#include "kh-sha256.h"

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else
        g_string_append_c (out, *p);
    }
}

char *
kh_audit_canonical (gint64      seq,
                    const char *at,
                    const char *user,
                    const char *action,
                    int         year,
                    const char *detail)
{
  GString *out = g_string_new ("kaohe-audit-v1\n");

  g_string_append_printf (out, "seq=%" G_GINT64_FORMAT "\nat=", seq);
  append_escaped (out, at);
  g_string_append (out, "\nuser=");
  append_escaped (out, user);
  g_string_append (out, "\naction=");
  append_escaped (out, action);
  g_string_append (out, "\nyear=");
  if (year != 0)
    g_string_append_printf (out, "%d", year);
  g_string_append (out, "\ndetail=");
  append_escaped (out, detail);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
kh_audit_hash (const char *prev_hash,
               const char *canonical)
{
  KhSha256 *sum;

  g_return_val_if_fail (prev_hash != NULL, NULL);
  g_return_val_if_fail (canonical != NULL, NULL);

  sum = kh_sha256_new ();
  kh_sha256_update (sum, prev_hash, strlen (prev_hash));
  kh_sha256_update (sum, canonical, strlen (canonical));
  return kh_sha256_finish (sum);
}

/* The first @len bytes of @text (up to a NUL; @text[@len] is one) escaped as
 * append_escaped() does, into @sum: the runs between the characters escaped straight from
 * @text, with no copy of it, each found by strcspn() (the C library's vector search: a
 * seal's 84 MB detail has a line break every 140 bytes or so). FALSE when a NUL ended
 * them (append_escaped() stops there). */
static gboolean
checksum_escaped_len (KhSha256   *sum,
                      const char *text,
                      gsize       len)
{
  const char *end = text + len;

  g_assert (*end == '\0');
  for (const char *p = text;;)
    {
      const char *stop = p + strcspn (p, "\\\n\r");

      kh_sha256_update (sum, p, stop - p);
      if (*stop == '\0')
        return stop == end;
      kh_sha256_update (sum, *stop == '\\' ? "\\\\" : *stop == '\n' ? "\\n" : "\\r", 2);
      p = stop + 1;
    }
}

static void
checksum_escaped (KhSha256   *sum,
                  const char *text)
{
  if (text != NULL)
    checksum_escaped_len (sum, text, strlen (text));
}

/* kh_audit_canonical()'s text up to its detail, after @prev_hash, into a new checksum. */
static KhSha256 *
row_checksum_begin (const char *prev_hash,
                    gint64      seq,
                    const char *at,
                    const char *user,
                    const char *action,
                    int         year)
{
  KhSha256 *sum = kh_sha256_new ();
  g_autofree char *head = g_strdup_printf ("kaohe-audit-v1\nseq=%" G_GINT64_FORMAT "\nat=", seq);
  char number[32] = "";

  kh_sha256_update (sum, prev_hash, strlen (prev_hash));
  kh_sha256_update (sum, head, strlen (head));
  checksum_escaped (sum, at);
  kh_sha256_update (sum, "\nuser=", 6);
  checksum_escaped (sum, user);
  kh_sha256_update (sum, "\naction=", 8);
  checksum_escaped (sum, action);
  kh_sha256_update (sum, "\nyear=", 6);
  if (year != 0)
    g_snprintf (number, sizeof number, "%d", year);
  kh_sha256_update (sum, number, strlen (number));
  kh_sha256_update (sum, "\ndetail=", 8);
  return sum;
}

/* The row's hash; @sum is freed. */
static char *
row_checksum_end (KhSha256 *sum)
{
  kh_sha256_update (sum, "\n", 1);
  return kh_sha256_finish (sum);
}

char *
kh_audit_row_hash (const char *prev_hash,
                   gint64      seq,
                   const char *at,
                   const char *user,
                   const char *action,
                   int         year,
                   const char *detail)
{
  KhSha256 *sum;

  g_return_val_if_fail (prev_hash != NULL, NULL);

  sum = row_checksum_begin (prev_hash, seq, at, user, action, year);
  checksum_escaped (sum, detail);
  return row_checksum_end (sum);
}

char *
kh_audit_now (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr (GDateTime) now = NULL;
  guint64 seconds = 0;

  if (epoch != NULL && g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64, &seconds, NULL))
    now = g_date_time_new_from_unix_utc ((gint64) seconds);
  else
    now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
sql_failed (sqlite3     *db,
            GError     **error)
{
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("audit log: %s"), sqlite3_errmsg (db));
  return FALSE;
}

gboolean
kh_audit_append (sqlite3     *db,
                 const char  *user,
                 const char  *action,
                 int          year,
                 const char  *detail,
                 GError     **error)
{
  return kh_audit_append_at (db, user, action, year, detail, NULL, error);
}

gboolean
kh_audit_append_at (sqlite3     *db,
                    const char  *user,
                    const char  *action,
                    int          year,
                    const char  *detail,
                    const char  *when,
                    GError     **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *at = when != NULL ? g_strdup (when) : kh_audit_now ();
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 1;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (user != NULL && action != NULL, FALSE);

  if (sqlite3_prepare_v2 (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1,
                          &stmt, NULL) != SQLITE_OK)
    return sql_failed (db, error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (stmt, 0) + 1;
      prev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_failed (db, error);
  if (prev == NULL)
    prev = g_strdup (KH_AUDIT_GENESIS);

  canonical = kh_audit_canonical (seq, at, user, action, year, detail);
  hash = kh_audit_hash (prev, canonical);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO audit_log (seq, at, user_name, action, year, detail, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_failed (db, error);
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  if (year != 0)
    sqlite3_bind_int (stmt, 5, year);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, detail != NULL ? detail : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, prev, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, hash, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_failed (db, error);
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* One row of the chain against the row before it (*expected_seq, *expected_prev), which
 * then become this row's. */
static void
verify_row (GPtrArray  *problems,
            gint64     *expected_seq,
            char      **expected_prev,
            gint64      seq,
            const char *at,
            const char *user,
            const char *action,
            const char *computed,
            const char *prev,
            const char *hash)
{
  if (seq != *expected_seq)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("audit log: rows #%" PRId64 " to #%" PRId64
                                        " are missing (deleted)"),
                                      *expected_seq, seq - 1));
  if (strcmp (prev, *expected_prev) != 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("audit log: row #%" PRId64 " (%s) does not "
                                        "follow the row before it (previous hash differs)"),
                                      seq, action));
  if (strcmp (computed, hash) != 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("audit log: row #%" PRId64 " (%s, %s by %s) was "
                                        "changed after it was written (its hash does not "
                                        "match its content)"),
                                      seq, action, at, user));
  g_free (*expected_prev);
  *expected_prev = g_strdup (hash);
  *expected_seq = seq + 1;
}

#define VERIFY_SQL \
  "SELECT seq, at, user_name, action, year, detail, prev_hash, hash FROM audit_log ORDER BY seq"
/* On SQLite the detail is read apart (detail_checksum): only its type here. */
#define VERIFY_SQLITE_SQL \
  "SELECT seq, at, user_name, action, year, typeof (detail), prev_hash, hash, rowid " \
  "FROM audit_log ORDER BY seq"

/* The detail of the row @rowid of a UTF-8 database into @sum as its canonical text has it,
 * read a piece at a time (a seal's detail is the year's whole results: 84 MB at 3,000
 * units, issue 22); FALSE when it cannot be read so (then @sum is to be dropped). */
static gboolean
detail_checksum_blob (sqlite3  *db,
                      gint64    rowid,
                      KhSha256 *sum)
{
  sqlite3_blob *blob = NULL;
  g_autofree char *buffer = NULL;
  int size;

  if (sqlite3_blob_open (db, "main", "audit_log", "detail", rowid, 0, &blob) != SQLITE_OK)
    {
      sqlite3_blob_close (blob);
      return FALSE;
    }
  size = sqlite3_blob_bytes (blob);
  buffer = g_malloc (65536 + 1);
  for (int at = 0; at < size;)
    {
      int n = MIN (65536, size - at);

      if (sqlite3_blob_read (blob, buffer, n, at) != SQLITE_OK)
        {
          sqlite3_blob_close (blob);
          return FALSE;
        }
      at += n;
      buffer[n] = '\0';
      /* the text ends at a NUL, as sqlite3_column_text() gives it */
      if (!checksum_escaped_len (sum, buffer, (gsize) n))
        break;
    }
  sqlite3_blob_close (blob);
  return TRUE;
}

/* The hash of the row @stmt (VERIFY_SQLITE_SQL) stands at, as kh_audit_row_hash() gives it. */
static char *
sqlite_row_hash (sqlite3      *db,
                 sqlite3_stmt *stmt,
                 gboolean      utf8)
{
  gint64 rowid = sqlite3_column_int64 (stmt, 8);
  KhSha256 *sum = NULL;
  sqlite3_stmt *detail = NULL;

#define BEGIN_ROW() \
  row_checksum_begin (column_text (stmt, 6), sqlite3_column_int64 (stmt, 0), \
                      column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3), \
                      sqlite3_column_int (stmt, 4))
  sum = BEGIN_ROW ();
  if (utf8 && strcmp (column_text (stmt, 5), "text") == 0 && detail_checksum_blob (db, rowid, sum))
    {
      return row_checksum_end (sum);
    }
  /* Another type (or encoding) the way sqlite3_column_text() converts it */
  kh_sha256_free (sum);
  sum = BEGIN_ROW ();
#undef BEGIN_ROW
  if (sqlite3_prepare_v2 (db, "SELECT detail FROM audit_log WHERE rowid = ?", -1, &detail, NULL)
      == SQLITE_OK)
    {
      sqlite3_bind_int64 (detail, 1, rowid);
      if (sqlite3_step (detail) == SQLITE_ROW)
        checksum_escaped (sum, column_text (detail, 0));
    }
  sqlite3_finalize (detail);
  return row_checksum_end (sum);
}

static gboolean
database_is_utf8 (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean utf8 = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA encoding", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    utf8 = g_strcmp0 (column_text (stmt, 0), "UTF-8") == 0;
  sqlite3_finalize (stmt);
  return utf8;
}

gboolean
kh_audit_verify (sqlite3     *db,
                 GPtrArray   *problems,
                 gint64      *head_seq,
                 char       **head_hash,
                 GError     **error)
{
  g_autofree char *expected_prev = g_strdup (KH_AUDIT_GENESIS);
  sqlite3_stmt *stmt = NULL;
  gint64 expected_seq = 1;
  gboolean utf8;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  utf8 = database_is_utf8 (db);
  if (sqlite3_prepare_v2 (db, VERIFY_SQLITE_SQL, -1, &stmt, NULL) != SQLITE_OK)
    return sql_failed (db, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *computed = sqlite_row_hash (db, stmt, utf8);

      verify_row (problems, &expected_seq, &expected_prev, sqlite3_column_int64 (stmt, 0),
                  column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
                  computed, column_text (stmt, 6), column_text (stmt, 7));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_failed (db, error);

  if (head_seq != NULL)
    *head_seq = expected_seq - 1;
  if (head_hash != NULL)
    *head_hash = g_steal_pointer (&expected_prev);
  return TRUE;
}

static gboolean
db_failed (GError  *db_error,
           GError **error)
{
  g_autoptr (GError) local = db_error;

  /* Another writer's transaction was saved first (PostgreSQL): the caller's transaction
   * may run again (kh_project_transaction()). */
  g_set_error (error, KH_IO_ERROR,
               g_error_matches (local, KH_DB_ERROR, KH_DB_ERROR_SERIALIZATION)
                 ? KH_IO_ERROR_BUSY
                 : KH_IO_ERROR_FAILED,
               _("audit log: %s"), local != NULL ? local->message : "?");
  return FALSE;
}

static const char *
db_column_text (KhDbStmt *stmt,
                int       column)
{
  const char *text = kh_db_column_text (stmt, column);

  return text != NULL ? text : "";
}

gboolean
kh_audit_append_db (KhDb        *db,
                    const char  *user,
                    const char  *action,
                    int          year,
                    const char  *detail,
                    const char  *when,
                    GError     **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *at = when != NULL ? g_strdup (when) : kh_audit_now ();
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (KhDbStmt) last = NULL;
  g_autoptr (KhDbStmt) insert = NULL;
  GError *local = NULL;
  gint64 seq = 1;
  KhDbStep step;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (user != NULL && action != NULL, FALSE);

  /* Held until the transaction ends: the next writer reads this row as the last. */
  if (kh_db_backend (db) == KH_DB_POSTGRESQL
      && !kh_db_exec (db, "SELECT pg_advisory_xact_lock (" KH_AUDIT_PG_LOCK_KEY ")", &local))
    return db_failed (local, error);
  last = kh_db_prepare (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &local);
  if (last == NULL)
    return db_failed (local, error);
  step = kh_db_step (last, &local);
  if (step == KH_DB_STEP_ERROR)
    return db_failed (local, error);
  if (step == KH_DB_STEP_ROW)
    {
      seq = kh_db_column_int64 (last, 0) + 1;
      prev = g_strdup (db_column_text (last, 1));
    }
  if (prev == NULL)
    prev = g_strdup (KH_AUDIT_GENESIS);
  canonical = kh_audit_canonical (seq, at, user, action, year, detail);
  hash = kh_audit_hash (prev, canonical);
  insert = kh_db_prepare (db,
                          "INSERT INTO audit_log (seq, at, user_name, action, year, detail, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          &local);
  if (insert == NULL)
    return db_failed (local, error);
  kh_db_bind_int64 (insert, 1, seq);
  kh_db_bind_text (insert, 2, at);
  kh_db_bind_text (insert, 3, user);
  kh_db_bind_text (insert, 4, action);
  if (year != 0)
    kh_db_bind_int64 (insert, 5, year);
  else
    kh_db_bind_null (insert, 5);
  kh_db_bind_text (insert, 6, detail != NULL ? detail : "");
  kh_db_bind_text (insert, 7, prev);
  kh_db_bind_text (insert, 8, hash);
  if (kh_db_step (insert, &local) == KH_DB_STEP_ERROR)
    return db_failed (local, error);
  return TRUE;
}

gboolean
kh_audit_verify_db (KhDb        *db,
                    GPtrArray   *problems,
                    gint64      *head_seq,
                    char       **head_hash,
                    GError     **error)
{
  g_autofree char *expected_prev = g_strdup (KH_AUDIT_GENESIS);
  g_autoptr (KhDbStmt) stmt = NULL;
  GError *local = NULL;
  gint64 expected_seq = 1;
  KhDbStep step;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  /* On SQLite each detail is streamed into its hash, not copied whole (a seal's: 84 MB at
   * 3,000 units). */
  if (kh_db_backend (db) == KH_DB_SQLITE)
    return kh_audit_verify (kh_db_sqlite_handle (db), problems, head_seq, head_hash, error);
  stmt = kh_db_prepare (db, VERIFY_SQL, &local);
  if (stmt == NULL)
    return db_failed (local, error);
  while ((step = kh_db_step (stmt, &local)) == KH_DB_STEP_ROW)
    {
      g_autofree char *computed =
        kh_audit_row_hash (db_column_text (stmt, 6), kh_db_column_int64 (stmt, 0),
                           db_column_text (stmt, 1), db_column_text (stmt, 2),
                           db_column_text (stmt, 3),
                           kh_db_column_is_null (stmt, 4) ? 0 : (int) kh_db_column_int64 (stmt, 4),
                           db_column_text (stmt, 5));

      verify_row (problems, &expected_seq, &expected_prev, kh_db_column_int64 (stmt, 0),
                  db_column_text (stmt, 1), db_column_text (stmt, 2), db_column_text (stmt, 3),
                  computed, db_column_text (stmt, 6), db_column_text (stmt, 7));
    }
  if (step == KH_DB_STEP_ERROR)
    return db_failed (local, error);

  if (head_seq != NULL)
    *head_seq = expected_seq - 1;
  if (head_hash != NULL)
    *head_hash = g_steal_pointer (&expected_prev);
  return TRUE;
}
