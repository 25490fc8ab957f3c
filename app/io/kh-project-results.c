/* kh-project-results.c — computed results and notes of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

KhStoredResult *
kh_stored_result_new (const char *unit_id)
{
  KhStoredResult *result = g_new0 (KhStoredResult, 1);

  result->unit_id = g_strdup (unit_id);
  result->total = NAN;
  result->awards = g_strdup ("");
  result->node_ids = g_ptr_array_new_with_free_func (g_free);
  result->node_scores = g_array_new (FALSE, FALSE, sizeof (double));
  return result;
}

void
kh_stored_result_free (KhStoredResult *result)
{
  if (result == NULL)
    return;
  g_free (result->unit_id);
  g_free (result->group_id);
  g_free (result->category_id);
  g_free (result->awards);
  g_ptr_array_unref (result->node_ids);
  g_array_unref (result->node_scores);
  g_free (result);
}

static gboolean
insert_result (KhProject            *self,
               sqlite3_stmt         *result_stmt,
               sqlite3_stmt         *score_stmt,
               int                   year,
               const KhStoredResult *r,
               const char           *at,
               GError              **error)
{
  sqlite3_bind_int (result_stmt, 1, year);
  sqlite3_bind_text (result_stmt, 2, r->unit_id, -1, SQLITE_TRANSIENT);
  if (r->group_id != NULL)
    sqlite3_bind_text (result_stmt, 3, r->group_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (result_stmt, 3);
  if (isnan (r->total))
    sqlite3_bind_null (result_stmt, 4);
  else
    sqlite3_bind_double (result_stmt, 4, r->total);
  sqlite3_bind_int (result_stmt, 5, r->rank);
  sqlite3_bind_int (result_stmt, 6, r->tier);
  sqlite3_bind_int (result_stmt, 7, r->prev_rank);
  sqlite3_bind_int (result_stmt, 8, r->rank_change);
  sqlite3_bind_text (result_stmt, 9, r->awards != NULL ? r->awards : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (result_stmt, 10, at, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (result_stmt) != SQLITE_DONE)
    return kh_project_sql_error (self, _("storing results"), error);
  sqlite3_reset (result_stmt);
  sqlite3_clear_bindings (result_stmt);

  for (guint i = 0; i < r->node_ids->len; i++)
    {
      double score = g_array_index (r->node_scores, double, i);

      sqlite3_bind_int (score_stmt, 1, year);
      sqlite3_bind_text (score_stmt, 2, r->unit_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (score_stmt, 3, g_ptr_array_index (r->node_ids, i), -1, SQLITE_TRANSIENT);
      if (isnan (score))
        sqlite3_bind_null (score_stmt, 4);
      else
        sqlite3_bind_double (score_stmt, 4, score);
      if (sqlite3_step (score_stmt) != SQLITE_DONE)
        return kh_project_sql_error (self, _("storing results"), error);
      sqlite3_reset (score_stmt);
      sqlite3_clear_bindings (score_stmt);
    }
  return TRUE;
}

/* ---- on PostgreSQL: the same through the store (issue 19) ---- */

typedef struct
{
  int year;
  GPtrArray *results;
  const char *at;
} StoreResults;

/* The year's results replaced by @user_data's and audited with the year's snapshot, in
 * kh_project_transaction(): the rows, the audit row and its detail that
 * kh_project_store_results() writes on SQLite. */
static gboolean
store_results_db (KhProject *self,
                  gpointer   user_data,
                  GError   **error)
{
  const StoreResults *store = user_data;
  g_autoptr (KhDbStmt) del = NULL;
  g_autoptr (KhDbStmt) result_stmt = NULL;
  g_autoptr (KhDbStmt) score_stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *detail = NULL;

  del = kh_project_prepare (self, "DELETE FROM results WHERE year = ?", _("storing results"),
                            error);
  if (del == NULL)
    return FALSE;
  kh_db_bind_int64 (del, 1, store->year);
  if (!kh_project_run (self, del, _("storing results"), error))
    return FALSE;
  result_stmt = kh_project_prepare (self,
                                    "INSERT INTO results (year, unit_id, group_id, total, rank, "
                                    "tier, prev_rank, rank_change, awards, computed_at, "
                                    "audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    KH_PROJECT_NEXT_AUDIT_SEQ ")",
                                    _("storing results"), error);
  if (result_stmt == NULL)
    return FALSE;
  score_stmt = kh_project_prepare (self,
                                   "INSERT INTO result_scores (year, unit_id, node_id, score) "
                                   "VALUES (?, ?, ?, ?)",
                                   _("storing results"), error);
  if (score_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < store->results->len; i++)
    {
      const KhStoredResult *r = store->results->pdata[i];

      /* Every parameter bound each time: a store keeps them across rows. */
      kh_db_bind_int64 (result_stmt, 1, store->year);
      kh_db_bind_text (result_stmt, 2, r->unit_id);
      kh_db_bind_text (result_stmt, 3, r->group_id);
      if (isnan (r->total))
        kh_db_bind_null (result_stmt, 4);
      else
        kh_db_bind_double (result_stmt, 4, r->total);
      kh_db_bind_int64 (result_stmt, 5, r->rank);
      kh_db_bind_int64 (result_stmt, 6, r->tier);
      kh_db_bind_int64 (result_stmt, 7, r->prev_rank);
      kh_db_bind_int64 (result_stmt, 8, r->rank_change);
      kh_db_bind_text (result_stmt, 9, r->awards != NULL ? r->awards : "");
      kh_db_bind_text (result_stmt, 10, store->at);
      if (!kh_project_run (self, result_stmt, _("storing results"), error))
        return FALSE;
      for (guint n = 0; n < r->node_ids->len; n++)
        {
          double score = g_array_index (r->node_scores, double, n);

          kh_db_bind_int64 (score_stmt, 1, store->year);
          kh_db_bind_text (score_stmt, 2, r->unit_id);
          kh_db_bind_text (score_stmt, 3, g_ptr_array_index (r->node_ids, n));
          if (isnan (score))
            kh_db_bind_null (score_stmt, 4);
          else
            kh_db_bind_double (score_stmt, 4, score);
          if (!kh_project_run (self, score_stmt, _("storing results"), error))
            return FALSE;
        }
    }
  sha = kh_project_snapshot_sha256 (self, store->year, error);
  if (sha == NULL)
    return FALSE;
  detail = g_strdup_printf ("results=%u\nsha256=%s", store->results->len, sha);
  return kh_project_audit_append (self, "compute", store->year, detail, store->at, error);
}

/* Orders results as kh_project_get_results() gives them on SQLite (by category, group,
 * the unranked last, rank, unit id; NULL first, texts in byte order), whatever the
 * server's collation. */
static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const KhStoredResult *x = *(KhStoredResult *const *) a;
  const KhStoredResult *y = *(KhStoredResult *const *) b;
  int c;

  if ((x->category_id == NULL) != (y->category_id == NULL))
    return x->category_id == NULL ? -1 : 1;
  if (x->category_id != NULL && (c = strcmp (x->category_id, y->category_id)) != 0)
    return c;
  if ((x->group_id == NULL) != (y->group_id == NULL))
    return x->group_id == NULL ? -1 : 1;
  if (x->group_id != NULL && (c = strcmp (x->group_id, y->group_id)) != 0)
    return c;
  if ((x->rank == 0) != (y->rank == 0))
    return x->rank == 0 ? 1 : -1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return strcmp (x->unit_id, y->unit_id);
}

typedef struct
{
  KhStoredResult *result;
  char *node_id;
  double score;
} ScoreRow;

static void
score_row_clear (gpointer data)
{
  g_free (((ScoreRow *) data)->node_id);
}

static int
compare_score_rows (gconstpointer a,
                    gconstpointer b)
{
  const ScoreRow *x = a, *y = b;
  int c = strcmp (x->result->unit_id, y->result->unit_id);

  return c != 0 ? c : strcmp (x->node_id, y->node_id);
}

/* kh_project_get_results() through the store: the same results in the same order. */
static GPtrArray *
get_results_db (KhProject *self,
                int        year,
                GError   **error)
{
  g_autoptr (GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  g_autoptr (GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) scores = g_array_new (FALSE, FALSE, sizeof (ScoreRow));
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_array_set_clear_func (scores, score_row_clear);
  stmt = kh_project_prepare (self,
                             "SELECT r.unit_id, r.group_id, r.total, r.rank, r.tier, r.prev_rank, "
                             "r.rank_change, r.awards, u.category_id FROM results r "
                             "LEFT JOIN units u ON u.id = r.unit_id WHERE r.year = ?",
                             _("reading results"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading results"), error)) == KH_DB_STEP_ROW)
    {
      KhStoredResult *r = kh_stored_result_new (kh_db_column_text (stmt, 0));

      r->group_id = kh_db_column_is_null (stmt, 1) ? NULL : g_strdup (kh_db_column_text (stmt, 1));
      r->total = kh_db_column_is_null (stmt, 2) ? NAN : kh_db_column_double (stmt, 2);
      r->rank = (int) kh_db_column_int64 (stmt, 3);
      r->tier = (int) kh_db_column_int64 (stmt, 4);
      r->prev_rank = (int) kh_db_column_int64 (stmt, 5);
      r->rank_change = (int) kh_db_column_int64 (stmt, 6);
      g_free (r->awards);
      r->awards = kh_db_column_is_null (stmt, 7) ? NULL : g_strdup (kh_db_column_text (stmt, 7));
      r->category_id = kh_db_column_is_null (stmt, 8) ? NULL
                                                      : g_strdup (kh_db_column_text (stmt, 8));
      g_ptr_array_add (results, r);
      g_hash_table_insert (by_unit, r->unit_id, r);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  g_ptr_array_sort (results, compare_results);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  stmt = kh_project_prepare (self,
                             "SELECT unit_id, node_id, score FROM result_scores WHERE year = ?",
                             _("reading results"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading results"), error)) == KH_DB_STEP_ROW)
    {
      ScoreRow row = {
        .result = g_hash_table_lookup (by_unit, kh_db_column_text (stmt, 0)),
      };

      if (row.result == NULL)
        continue;
      row.node_id = g_strdup (kh_db_column_text (stmt, 1));
      row.score = kh_db_column_is_null (stmt, 2) ? NAN : kh_db_column_double (stmt, 2);
      g_array_append_val (scores, row);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  /* Each unit's scores by node id, as SQLite's ORDER BY unit_id, node_id gives them. */
  g_array_sort (scores, compare_score_rows);
  for (guint i = 0; i < scores->len; i++)
    {
      ScoreRow *row = &g_array_index (scores, ScoreRow, i);

      g_ptr_array_add (row->result->node_ids, g_steal_pointer (&row->node_id));
      g_array_append_val (row->result->node_scores, row->score);
    }
  return g_steal_pointer (&results);
}

gboolean
kh_project_store_results (KhProject *self,
                          int        year,
                          GPtrArray *results,
                          GError   **error)
{
  g_autofree char *at = kh_audit_now ();
  g_autofree char *detail = NULL;
  g_autofree char *sha = NULL;
  sqlite3_stmt *del = NULL, *result_stmt = NULL, *score_stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_project_check_open (self, year, error))
    return FALSE;
  if (self->db == NULL)
    {
      StoreResults store = { year, results, at };

      /* On PostgreSQL run again when another change was saved first. */
      return kh_project_transaction (self, store_results_db, &store, error);
    }
  if (!kh_project_begin (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "DELETE FROM results WHERE year = ?", -1, &del, NULL)
        != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO results (year, unit_id, group_id, total, rank, tier, "
                             "prev_rank, rank_change, awards, computed_at, audit_seq) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             KH_PROJECT_NEXT_AUDIT_SEQ ")",
                             -1, &result_stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO result_scores (year, unit_id, node_id, score) "
                             "VALUES (?, ?, ?, ?)",
                             -1, &score_stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing results"), error);
      goto out;
    }
  sqlite3_bind_int (del, 1, year);
  if (sqlite3_step (del) != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("storing results"), error);
      goto out;
    }
  for (guint i = 0; i < results->len; i++)
    if (!insert_result (self, result_stmt, score_stmt, year, results->pdata[i], at, error))
      goto out;

  sha = kh_project_snapshot_sha256 (self, year, error);
  if (sha == NULL)
    goto out;
  detail = g_strdup_printf ("results=%u\nsha256=%s", results->len, sha);
  ok = kh_audit_append (self->db, self->user, "compute", year, detail, error)
       && kh_project_commit (self, error);

out:
  sqlite3_finalize (del);
  sqlite3_finalize (result_stmt);
  sqlite3_finalize (score_stmt);
  if (!ok)
    kh_project_rollback (self);
  return ok;
}

GPtrArray *
kh_project_get_results (KhProject *self,
                        int        year,
                        GError   **error)
{
  g_autoptr (GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  g_autoptr (GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->db == NULL)
    return get_results_db (self, year, error);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT r.unit_id, r.group_id, r.total, r.rank, r.tier, r.prev_rank, "
                          "r.rank_change, r.awards, u.category_id FROM results r "
                          "LEFT JOIN units u ON u.id = r.unit_id WHERE r.year = ? "
                          "ORDER BY u.category_id, r.group_id, r.rank = 0, r.rank, r.unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhStoredResult *r = kh_stored_result_new ((const char *) sqlite3_column_text (stmt, 0));

      r->group_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->total = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN
                                                              : sqlite3_column_double (stmt, 2);
      r->rank = sqlite3_column_int (stmt, 3);
      r->tier = sqlite3_column_int (stmt, 4);
      r->prev_rank = sqlite3_column_int (stmt, 5);
      r->rank_change = sqlite3_column_int (stmt, 6);
      g_free (r->awards);
      r->awards = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      r->category_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (results, r);
      g_hash_table_insert (by_unit, r->unit_id, r);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE
      || sqlite3_prepare_v2 (self->db,
                             "SELECT unit_id, node_id, score FROM result_scores WHERE year = ? "
                             "ORDER BY unit_id, node_id",
                             -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhStoredResult *r = g_hash_table_lookup (by_unit, sqlite3_column_text (stmt, 0));
      double score = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                       ? NAN
                       : sqlite3_column_double (stmt, 2);

      if (r == NULL)
        continue;
      g_ptr_array_add (r->node_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_array_append_val (r->node_scores, score);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading results"), error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

typedef struct
{
  int year;
  const char *unit, *node, *body, *at;
} Note;

static gboolean
store_note (KhProject *self,
            gpointer   user_data,
            GError   **error)
{
  const Note *note = user_data;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *detail = NULL;

  stmt = kh_project_prepare (self,
                             "INSERT INTO notes (year, unit_id, node_id, body, author, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             _("storing the note"), error);
  if (stmt == NULL)
    return FALSE;
  if (note->year != 0)
    kh_db_bind_int64 (stmt, 1, note->year);
  else
    kh_db_bind_null (stmt, 1);
  if (note->unit != NULL)
    kh_db_bind_text (stmt, 2, note->unit);
  else
    kh_db_bind_null (stmt, 2);
  if (note->node != NULL)
    kh_db_bind_text (stmt, 3, note->node);
  else
    kh_db_bind_null (stmt, 3);
  kh_db_bind_text (stmt, 4, note->body);
  kh_db_bind_text (stmt, 5, self->user);
  kh_db_bind_text (stmt, 6, note->at);
  if (!kh_project_run (self, stmt, _("storing the note"), error))
    return FALSE;
  detail = g_strdup_printf ("unit=%s\nnode=%s\nbody=%s", note->unit != NULL ? note->unit : "",
                            note->node != NULL ? note->node : "", note->body);
  return kh_project_audit_append (self, "note", note->year, detail, NULL, error);
}

/* Through the store (issue 19): on SQLite as before, on PostgreSQL too (it wrote through
 * self->db, NULL there, and failed). */
gboolean
kh_project_add_note (KhProject  *self,
                     int         year,
                     const char *unit,
                     const char *node,
                     const char *body,
                     GError    **error)
{
  g_autofree char *at = kh_audit_now ();
  Note note = { year, unit, node, body, at };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_note, &note, error);
}

/* ---- standings: a year's computation kept for the next year (schema version 13) ---- */

/* The two scopes' queries differ only in the years they take. Left out: the rows that
 * change nothing computing reads (stored results, notes, seals and their signatures, and
 * migrations: they change the schema, not a value or a rule, and a Kaohe that computes
 * otherwise has another version, which the stamps name; so upgrading to schema 14 keeps
 * the sealed years' standings current, issue 22). */
#define AUDIT_STAMP_SQL(years) \
  "SELECT COALESCE (MAX (seq), 0) FROM audit_log WHERE " years " " \
  "AND action NOT IN ('compute', 'note', 'seal', 'sign', 'migrate')"

gboolean
kh_project_audit_stamp_seq (KhProject      *self,
                            int             year,
                            KhAuditStampOf  scope,
                            gint64         *seq)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert (self->db != NULL);
  if (sqlite3_prepare_v2 (self->db,
                          scope == KH_AUDIT_STAMP_YEAR
                            ? AUDIT_STAMP_SQL ("COALESCE (year, 0) IN (0, ?)")
                            : AUDIT_STAMP_SQL ("COALESCE (year, 0) <= ?"),
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, year);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *seq = sqlite3_column_int64 (stmt, 0);
          found = TRUE;
        }
    }
  sqlite3_finalize (stmt);
  return found;
}

char *
kh_project_standings_stamp (KhProject *self,
                            int        year)
{
  gint64 seq;

  /* Computing runs on SQLite alone (kh-project-compute.c). */
  if (self->db == NULL || self->version < KH_PROJECT_STANDINGS_VERSION)
    return NULL;
  /* Every change of what computing a year reads is audited, by the year it changes (0:
   * every year: units, settings). */
  if (!kh_project_audit_stamp_seq (self, year, KH_AUDIT_STAMP_UP_TO_YEAR, &seq))
    return NULL;
  return g_strdup_printf ("kaohe %s audit %" G_GINT64_FORMAT, PACKAGE_VERSION, seq);
}

/* @n doubles as the bits of each in 16 hexadecimal digits, into @out (16 @n + 1 chars):
 * read back bit for bit on any machine and database (doubles_from_hex). */
static void
doubles_to_hex (const double *values,
                guint         n,
                char         *out)
{
  for (guint i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      g_snprintf (out + 16 * i, 17, "%016" G_GINT64_MODIFIER "x", bits);
    }
  out[16 * n] = '\0';
}

/* Eight hexadecimal digits (upper or lower case, as g_ascii_xdigit_value()) as one
 * 64-bit word of their bytes, the first in the top byte: their 32-bit value into *@out,
 * or FALSE when one is no such digit. All eight at once (SWAR), a byte each: restoring a
 * year's kept standings reads 16 digits for each node of each unit (at 3,000 units ×
 * 221 nodes, 10.6 million), where a table look-up for each was a ninth of computing the
 * next year (issue 22). */
static inline gboolean
xdigits_value (guint64  word,
               guint32 *out)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 high = ones * 0x80;
  guint64 lower = word | ones * 0x20; /* 'A'–'F' as 'a'–'f' */
  guint64 ok;

  /* Each byte below 0x80 (so that adding below carries into no other byte), then its
   * high bit set by "at least '0' and not above '9'", or "at least 'a' and not above
   * 'f'" after the case is folded (only 0x41–0x46 and 0x61–0x66 fold there). */
  if ((word & high) != 0)
    return FALSE;
  ok = ((word + ones * (0x80 - '0')) & ~(word + ones * (0x7f - '9')))
       | ((lower + ones * (0x80 - 'a')) & ~(lower + ones * (0x7f - 'f')));
  if ((ok & high) != high)
    return FALSE;
  /* Each byte's digit: its low four bits, plus 9 for a letter (bit 6 set). */
  word = (word & ones * 0x0f) + 9 * ((word >> 6) & ones);
  /* The eight digits' nibbles side by side: pairs, then fours, then all eight. */
  word = (word | word >> 4) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  word = (word | word >> 8) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  word = (word | word >> 16) & G_GUINT64_CONSTANT (0x00000000ffffffff);
  *out = (guint32) word;
  return TRUE;
}

#ifdef __SSE2__
/* Sixteen hexadecimal digits at @hex (as xdigits_value() takes them: 0–9, a–f, A–F) as
 * the 64-bit word they write, the first the top digit, into *@out, or FALSE when one is
 * no such digit: all sixteen at once in SSE2 (x86-64's baseline), a third of
 * xdigits_value()'s instructions twice (issue 22). */
static inline gboolean
xdigits16_value (const char *hex,
                 guint64    *out)
{
  __m128i text = _mm_loadu_si128 ((const __m128i *) hex);
  /* each byte less '0', and folded to lower case less 'a': a digit is 0–9 in the first
   * (bytes below '0' wrap above 9), a letter 0–5 in the second */
  __m128i digit = _mm_sub_epi8 (text, _mm_set1_epi8 ('0'));
  __m128i letter = _mm_sub_epi8 (_mm_or_si128 (text, _mm_set1_epi8 (0x20)), _mm_set1_epi8 ('a'));
  __m128i is_digit = _mm_cmpeq_epi8 (_mm_min_epu8 (digit, _mm_set1_epi8 (9)), digit);
  __m128i is_letter = _mm_cmpeq_epi8 (_mm_min_epu8 (letter, _mm_set1_epi8 (5)), letter);
  __m128i nibble, pairs;

  if (_mm_movemask_epi8 (_mm_or_si128 (is_digit, is_letter)) != 0xffff)
    return FALSE;
  nibble = _mm_or_si128 (_mm_and_si128 (is_digit, digit),
                         _mm_andnot_si128 (is_digit, _mm_add_epi8 (letter, _mm_set1_epi8 (10))));
  /* each 16-bit lane holds a digit pair, the first in its low byte: the pair's byte is
   * the first shifted up four bits and the second */
  pairs = _mm_or_si128 (_mm_and_si128 (_mm_slli_epi16 (nibble, 4), _mm_set1_epi16 (0xf0)),
                        _mm_srli_epi16 (nibble, 8));
  /* the eight bytes in the digits' order, the top first: big-endian */
  _mm_storel_epi64 ((__m128i *) out, _mm_packus_epi16 (pairs, pairs));
  *out = GUINT64_FROM_BE (*out);
  return TRUE;
}
#endif

/* FALSE when @hex (@len bytes) is not 16 @n hexadecimal digits. */
static gboolean
doubles_from_hex (const char *hex,
                  gsize       len,
                  guint       n,
                  double     *out)
{
  if (hex == NULL || len != 16 * (gsize) n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint64 bits;
#ifdef __SSE2__
      if (!xdigits16_value (hex + 16 * (gsize) i, &bits))
        return FALSE;
#else
      guint64 first, second;
      guint32 top, bottom;

      memcpy (&first, hex + 16 * (gsize) i, sizeof first);
      memcpy (&second, hex + 16 * (gsize) i + 8, sizeof second);
      if (!xdigits_value (GUINT64_FROM_BE (first), &top)
          || !xdigits_value (GUINT64_FROM_BE (second), &bottom))
        return FALSE;
      bits = (guint64) top << 32 | bottom;
#endif
      memcpy (&out[i], &bits, sizeof bits);
    }
  return TRUE;
}

/* The plan's node ids, one a line: what the stored scores' order is checked against. */
static char *
node_list (KhPlan *plan)
{
  GString *nodes = g_string_new (NULL);

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    g_string_append_printf (nodes, "%s\n", kh_plan_get_node (plan, n)->id);
  return g_string_free (nodes, FALSE);
}

static gboolean
store_standings_of (KhProject  *self,
                    KhPlan     *plan,
                    const char *stamp)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  const char *category = kh_plan_get_framework (plan)->category;
  int year = kh_dataset_get_year (ds);
  guint n_nodes = kh_plan_get_n_nodes (plan);
  g_autofree char *nodes = node_list (plan);
  g_autofree double *values = g_new (double, MAX (n_nodes, 1));
  g_autofree char *scores = g_new (char, 16 * (gsize) n_nodes + 1);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (category == NULL)
    return FALSE;
  kh_plan_get_standing_weights (plan, values);
  doubles_to_hex (values, n_nodes, scores);
  ok = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO standings (year, category_id, stamp, nodes, weights) "
                           "VALUES (?, ?, ?, ?, ?)",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, nodes, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, scores, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  ok = ok
       && sqlite3_prepare_v2 (self->db,
                              "INSERT INTO standing_units (year, category_id, unit_id, total, "
                              "rank, tier, awards, scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              -1, &stmt, NULL) == SQLITE_OK;
  for (guint u = 0; ok && u < kh_plan_get_n_units (plan); u++)
    {
      double total = kh_plan_get_total (plan, u);
      gint64 awards = 0;

      for (guint a = 0; a < 32; a++)
        if (kh_plan_has_award (plan, u, a))
          awards |= (gint64) 1 << a;
      for (guint n = 0; n < n_nodes; n++)
        values[n] = kh_plan_get_node_score (plan, u, n);
      doubles_to_hex (values, n_nodes, scores);
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, kh_dataset_get_unit_id (ds, u), -1, SQLITE_STATIC);
      if (isnan (total))
        sqlite3_bind_null (stmt, 4);
      else
        sqlite3_bind_double (stmt, 4, total);
      sqlite3_bind_int (stmt, 5, kh_plan_get_rank (plan, u));
      sqlite3_bind_int (stmt, 6, kh_plan_get_tier (plan, u));
      sqlite3_bind_int64 (stmt, 7, awards);
      sqlite3_bind_text (stmt, 8, scores, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
delete_standings (KhProject  *self,
                  const char *sql,
                  int         year)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK;

  if (ok)
    {
      sqlite3_bind_int (stmt, 1, year);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
kh_project_store_standings (KhProject  *self,
                            int         year,
                            GPtrArray  *plans,
                            const char *stamp)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (plans != NULL, FALSE);

  /* A cache: not written into a transaction of the caller's, nor into a file opened to
   * read, and its failure fails nothing. */
  if (stamp == NULL || self->db == NULL || self->version < KH_PROJECT_STANDINGS_VERSION
      || !sqlite3_get_autocommit (self->db) || sqlite3_db_readonly (self->db, "main") != 0)
    return FALSE;
  if (!kh_project_begin (self, &error))
    {
      g_debug ("%s: standings of %d not kept: %s", self->path, year, error->message);
      return FALSE;
    }
  ok = delete_standings (self, "DELETE FROM standings WHERE year = ?", year)
       && delete_standings (self, "DELETE FROM standing_units WHERE year = ?", year);
  for (guint i = 0; ok && i < plans->len; i++)
    ok = store_standings_of (self, plans->pdata[i], stamp);
  if (ok && kh_project_commit (self, NULL))
    return TRUE;
  kh_project_rollback (self);
  return FALSE;
}

gboolean
kh_project_has_standings (KhProject  *self,
                          int         year,
                          const char *category,
                          const char *stamp)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has = FALSE;

  /* Not within a transaction: its changes may not have their audit row yet. */
  if (stamp == NULL || category == NULL || self->db == NULL
      || self->version < KH_PROJECT_STANDINGS_VERSION || !sqlite3_get_autocommit (self->db))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT 1 FROM standings WHERE year = ? AND category_id = ? AND stamp = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      has = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return has;
}

/* The kept standings row of @year and @category under @stamp for @nodes, stepped:
 * SQLITE_ROW with its weights in column 0, SQLITE_DONE when none is kept so, or an error
 * code; *@stmt to be finalized by the caller. */
static int
step_kept_weights (KhProject     *self,
                   int            year,
                   const char    *category,
                   const char    *stamp,
                   const char    *nodes,
                   sqlite3_stmt **stmt)
{
  int rc = sqlite3_prepare_v2 (self->db,
                               "SELECT weights FROM standings WHERE year = ? AND category_id = ? "
                               "AND stamp = ? AND nodes = ?",
                               -1, stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int (*stmt, 1, year);
  sqlite3_bind_text (*stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_text (*stmt, 3, stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (*stmt, 4, nodes, -1, SQLITE_STATIC);
  return sqlite3_step (*stmt);
}

/* The kept units' rows (unit_id, total, rank, tier, awards, scores) of @year and
 * @category, by unit id, prepared and bound into *@stmt; FALSE when it cannot be. */
static gboolean
prepare_kept_units (KhProject     *self,
                    int            year,
                    const char    *category,
                    sqlite3_stmt **stmt)
{
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT unit_id, total, rank, tier, awards, scores "
                          "FROM standing_units WHERE year = ? AND category_id = ? "
                          "ORDER BY unit_id",
                          -1, stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int (*stmt, 1, year);
  sqlite3_bind_text (*stmt, 2, category, -1, SQLITE_STATIC);
  return TRUE;
}

gboolean
kh_project_restore_standings (KhProject  *self,
                              KhPlan     *plan,
                              const char *stamp)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  const char *category = kh_plan_get_framework (plan)->category;
  int year = kh_dataset_get_year (ds);
  guint n_nodes = kh_plan_get_n_nodes (plan), n_units = kh_plan_get_n_units (plan), restored = 0;
  g_autofree char *nodes = node_list (plan);
  g_autofree double *scores = g_new (double, MAX (n_nodes, 1));
  g_autofree guint8 *seen = g_new0 (guint8, MAX (n_units, 1));
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (stamp == NULL || category == NULL || self->db == NULL
      || self->version < KH_PROJECT_STANDINGS_VERSION)
    return FALSE;
  /* The same stamp, and the scores of the same nodes in the same order; the nodes'
   * weights as computing the year used them. */
  ok = step_kept_weights (self, year, category, stamp, nodes, &stmt) == SQLITE_ROW
       && doubles_from_hex ((const char *) sqlite3_column_text (stmt, 0),
                            (gsize) sqlite3_column_bytes (stmt, 0), n_nodes, scores)
       && kh_plan_set_standing_weights (plan, scores);
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (!ok || !prepare_kept_units (self, year, category, &stmt))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint u = kh_dataset_find_unit (ds, (const char *) sqlite3_column_text (stmt, 0));
      gint64 awards = sqlite3_column_int64 (stmt, 4);

      /* Each of the plan's units once, with a score for each node. */
      if (u == KH_DATASET_NONE || seen[u]
          || !doubles_from_hex ((const char *) sqlite3_column_text (stmt, 5),
                                (gsize) sqlite3_column_bytes (stmt, 5), n_nodes, scores)
          || awards < 0 || awards > G_MAXUINT32)
        {
          ok = FALSE;
          break;
        }
      seen[u] = TRUE;
      kh_plan_set_standing (plan, u, scores,
                            sqlite3_column_type (stmt, 1) == SQLITE_NULL
                              ? NAN
                              : sqlite3_column_double (stmt, 1),
                            sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
                            (guint32) awards);
      restored++;
    }
  sqlite3_finalize (stmt);
  return ok && rc == SQLITE_DONE && restored == n_units;
}

/* The standing of unit @u of @plan as store_standings_of() keeps it, as text: what
 * kh_project_standings_differ() compares, to the bit. */
static char *
standing_text (KhPlan *plan,
               guint   u,
               double *scratch)
{
  guint n_nodes = kh_plan_get_n_nodes (plan);
  g_autofree char *scores = g_new (char, 16 * (gsize) n_nodes + 1);
  double total = kh_plan_get_total (plan, u);
  guint64 total_bits = 0;
  gint64 awards = 0;

  for (guint a = 0; a < 32; a++)
    if (kh_plan_has_award (plan, u, a))
      awards |= (gint64) 1 << a;
  for (guint n = 0; n < n_nodes; n++)
    scratch[n] = kh_plan_get_node_score (plan, u, n);
  doubles_to_hex (scratch, n_nodes, scores);
  if (!isnan (total))
    memcpy (&total_bits, &total, sizeof total_bits);
  return g_strdup_printf ("%s %016" G_GINT64_MODIFIER "x %d %d %" G_GINT64_FORMAT " %s",
                          isnan (total) ? "none" : "total", total_bits,
                          kh_plan_get_rank (plan, u), kh_plan_get_tier (plan, u), awards,
                          scores);
}

char *
kh_project_standings_differ (KhProject  *self,
                             KhPlan     *plan,
                             const char *stamp)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  const char *category = kh_plan_get_framework (plan)->category;
  int year = kh_dataset_get_year (ds);
  guint n_nodes = kh_plan_get_n_nodes (plan), n_units = kh_plan_get_n_units (plan), kept = 0;
  g_autofree char *nodes = node_list (plan);
  g_autofree double *scratch = g_new (double, MAX (n_nodes, 1));
  g_autofree char *weights = g_new (char, 16 * (gsize) n_nodes + 1);
  g_autofree guint8 *seen = g_new0 (guint8, MAX (n_units, 1));
  g_autofree char *difference = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  if (stamp == NULL || category == NULL || self->db == NULL
      || self->version < KH_PROJECT_STANDINGS_VERSION)
    return NULL;
  rc = step_kept_weights (self, year, category, stamp, nodes, &stmt);
  if (rc != SQLITE_ROW)
    {
      /* Nothing kept under this stamp for these nodes: nothing computing would use. */
      sqlite3_finalize (stmt);
      return rc == SQLITE_DONE ? NULL : g_strdup (sqlite3_errmsg (self->db));
    }
  kh_plan_get_standing_weights (plan, scratch);
  doubles_to_hex (scratch, n_nodes, weights);
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), weights) != 0)
    difference = g_strdup (_("the nodes' weights"));
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (difference != NULL)
    return g_steal_pointer (&difference);

  if (!prepare_kept_units (self, year, category, &stmt))
    {
      sqlite3_finalize (stmt);
      return g_strdup (sqlite3_errmsg (self->db));
    }
  while (difference == NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *unit_id = (const char *) sqlite3_column_text (stmt, 0);
      guint u = kh_dataset_find_unit (ds, unit_id);
      g_autofree char *computed = NULL;
      g_autofree char *stored = NULL;
      double total = sqlite3_column_double (stmt, 1);
      guint64 total_bits = 0;
      const char *scores = (const char *) sqlite3_column_text (stmt, 5);

      if (u == KH_DATASET_NONE || seen[u])
        {
          difference = g_strdup_printf (_("unit “%s”, which the year does not rank"),
                                        unit_id != NULL ? unit_id : "");
          break;
        }
      seen[u] = TRUE;
      kept++;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        memcpy (&total_bits, &total, sizeof total_bits);
      stored = g_strdup_printf ("%s %016" G_GINT64_MODIFIER "x %d %d %" G_GINT64_FORMAT " %s",
                                sqlite3_column_type (stmt, 1) == SQLITE_NULL ? "none" : "total",
                                total_bits, sqlite3_column_int (stmt, 2),
                                sqlite3_column_int (stmt, 3),
                                (gint64) sqlite3_column_int64 (stmt, 4),
                                scores != NULL ? scores : "");
      computed = standing_text (plan, u, scratch);
      if (strcmp (stored, computed) != 0)
        difference = g_strdup_printf (_("unit “%s” (kept: rank %d, total %.17g; computed: "
                                        "rank %d, total %.17g)"),
                                      unit_id, sqlite3_column_int (stmt, 2),
                                      sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : total,
                                      kh_plan_get_rank (plan, u), kh_plan_get_total (plan, u));
    }
  if (difference == NULL && rc != SQLITE_DONE)
    difference = g_strdup (sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
  if (difference == NULL && kept != n_units)
    {
      for (guint u = 0; u < n_units; u++)
        if (!seen[u])
          {
            difference = g_strdup_printf (_("unit “%s”, which has no kept standing"),
                                          kh_dataset_get_unit_id (ds, u));
            break;
          }
    }
  return g_steal_pointer (&difference);
}
