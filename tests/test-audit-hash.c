/* test-audit-hash.c — SHA-256 through OpenSSL (kh-sha256.c) and the audit chain's hashes
 *
 * The digests are checked against the published test vectors of FIPS 180-2 and against
 * GLib's GChecksum, an independent implementation; a row's hash against one computed
 * here from the canonical text as the format defines it (kaohe-audit-v1: each field with
 * backslash, line feed and carriage return escaped), for details that put those
 * characters on every side of the 64 KB pieces in which verify reads a long detail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "io/kh-audit.h"
#include "io/kh-sha256.h"

static char *
sha256_pieces (const char *data,
               gsize       len,
               gsize       piece)
{
  KhSha256 *sum = kh_sha256_new ();

  for (gsize at = 0; at < len; at += piece)
    kh_sha256_update (sum, data + at, MIN (piece, len - at));
  return kh_sha256_finish (sum);
}

static void
test_vectors (void)
{
  g_autofree char *empty = kh_sha256_string ("");
  g_autofree char *abc = kh_sha256_string ("abc");
  g_autofree char *two_blocks = kh_sha256_string (
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  g_autofree char *million = g_malloc (1000000);
  g_autofree char *million_sum = NULL;

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (two_blocks, ==,
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* One million "a", in pieces of a prime length. */
  memset (million, 'a', 1000000);
  million_sum = sha256_pieces (million, 1000000, 997);
  g_assert_cmpstr (million_sum, ==,
                   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Random data of every length up to a few blocks and beyond, in pieces of every size:
 * the same digest as GChecksum's. */
static void
test_same_as_glib (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261206);
  g_autofree guchar *data = g_malloc (200000);

  for (gsize i = 0; i < 200000; i++)
    data[i] = (guchar) g_rand_int_range (rand, 0, 256);
  for (gsize len = 0; len <= 200000; len = len < 300 ? len + 1 : len * 3 + 7)
    {
      gsize piece = (gsize) g_rand_int_range (rand, 1, 200);
      g_autofree char *ours = sha256_pieces ((const char *) data, len, piece);
      g_autofree char *glib = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

      g_assert_cmpstr (ours, ==, glib);
    }
}

/* The canonical text of a row as the format defines it, escaped here character by
 * character, hashed by GChecksum after the previous hash. */
static void
escape_into (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
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

static char *
expected_row_hash (const char *prev,
                   gint64      seq,
                   const char *at,
                   const char *user,
                   const char *action,
                   int         year,
                   const char *detail)
{
  g_autoptr (GString) text = g_string_new (prev);

  g_string_append_printf (text, "kaohe-audit-v1\nseq=%" G_GINT64_FORMAT "\nat=", seq);
  escape_into (text, at);
  g_string_append (text, "\nuser=");
  escape_into (text, user);
  g_string_append (text, "\naction=");
  escape_into (text, action);
  g_string_append (text, "\nyear=");
  if (year != 0)
    g_string_append_printf (text, "%d", year);
  g_string_append (text, "\ndetail=");
  escape_into (text, detail);
  g_string_append_c (text, '\n');
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text->str, text->len);
}

/* A detail of @len bytes of plain text with @c at each of @at (-1 ends the list). */
static char *
detail_with (gsize       len,
             char        c,
             const gsize at[])
{
  char *detail = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    detail[i] = (char) ('a' + i % 26);
  detail[len] = '\0';
  for (guint i = 0; at[i] != G_MAXSIZE; i++)
    if (at[i] < len)
      detail[at[i]] = c;
  return detail;
}

/* Rows appended to an audit log (hashed from the canonical text) and verified (the long
 * details read in 64 KB pieces and escaped as they are hashed): every row's hash is the
 * one computed here, and the chain verifies. */
static void
test_row_hashes (void)
{
  static const char escaped[] = { '\\', '\n', '\r' };
  /* On both sides of the first two piece boundaries, and the ends. */
  static const gsize at[] = { 0, 1, 65534, 65535, 65536, 65537, 131071, 131072, 131073,
                              199998, 199999, G_MAXSIZE };
  static const gsize lengths[] = { 1, 65535, 65536, 65537, 131072, 200000 };
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *prev = g_strdup (KH_AUDIT_GENESIS);
  g_autofree char *head = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0, head_seq = 0;
  int rc;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
                                 "user_name TEXT NOT NULL, action TEXT NOT NULL, year INTEGER, "
                                 "detail TEXT NOT NULL, prev_hash CHAR(64) NOT NULL, "
                                 "hash CHAR(64) NOT NULL UNIQUE)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  for (guint c = 0; c < G_N_ELEMENTS (escaped); c++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_autofree char *detail = detail_with (lengths[l], escaped[c], at);

        g_assert_true (kh_audit_append_at (db, "tester\\\n", "seal", 2020, detail,
                                           "2026-12-06T00:00:00Z", &error));
        g_assert_no_error (error);
      }
  g_assert_true (kh_audit_append_at (db, "tester", "units", 0, "", "2026-12-06T00:00:01Z", &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT seq, at, user_name, action, year, detail, "
                                       "prev_hash, hash FROM audit_log ORDER BY seq",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *expected = NULL;
      g_autofree char *row_hash = NULL;

      seq++;
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, seq);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, prev);
      expected = expected_row_hash (prev, seq, (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    (const char *) sqlite3_column_text (stmt, 3),
                                    sqlite3_column_int (stmt, 4),
                                    (const char *) sqlite3_column_text (stmt, 5));
      row_hash = kh_audit_row_hash (prev, seq, (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    (const char *) sqlite3_column_text (stmt, 3),
                                    sqlite3_column_int (stmt, 4),
                                    (const char *) sqlite3_column_text (stmt, 5));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, expected);
      g_assert_cmpstr (row_hash, ==, expected);
      g_free (prev);
      prev = g_strdup (expected);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (seq, ==, 3 * 6 + 1);

  g_assert_true (kh_audit_verify (db, problems, &head_seq, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (head_seq, ==, seq);
  g_assert_cmpstr (head, ==, prev);
  g_clear_pointer (&head, g_free);

  /* One character of a long detail changed outside Kaohe, just after a piece boundary:
   * that row's hash no longer verifies. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE audit_log SET detail = substr (detail, 1, 65536) || 'Z' "
                                 "|| substr (detail, 65538) WHERE seq = 3",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (kh_audit_verify (db, problems, &head_seq, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "audit log: row #3 (seal, "));
  g_assert_true (g_str_has_suffix (problems->pdata[0], "was changed after it was written (its hash "
                                                       "does not match its content)"));
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-hash/vectors", test_vectors);
  g_test_add_func ("/audit-hash/same-as-glib", test_same_as_glib);
  g_test_add_func ("/audit-hash/row-hashes", test_row_hashes);
  return g_test_run ();
}
