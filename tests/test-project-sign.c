/* test-project-sign.c — signed seals: the key pair, verify with the right key and
 * another, every covered byte, a rewritten chain and a published head
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Audit rows of the project built here: #1 create, #2 units, #3 framework, #4 import,
 * #5 compute, #6 seal, #7 sign.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/kh-audit.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "io/kh-seal-key.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
  char *path;
  char *key_a;
  char *key_b;
  guint8 secret_a[KH_SEAL_SECRET_KEY_BYTES];
  guint8 pub_a[KH_SEAL_PUBLIC_KEY_BYTES];
  guint8 pub_b[KH_SEAL_PUBLIC_KEY_BYTES];
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pub_a = NULL;
  g_autofree char *pub_b = NULL;

  f->dir = g_dir_make_tmp ("kh-sign-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
  f->key_a = g_build_filename (f->dir, "office-a.key", NULL);
  f->key_b = g_build_filename (f->dir, "office-b.key", NULL);
  g_assert_true (kh_seal_key_generate (f->key_a, &error));
  g_assert_true (kh_seal_key_generate (f->key_b, &error));
  g_assert_no_error (error);
  g_assert_true (kh_seal_key_load_secret (f->key_a, f->secret_a, &error));
  pub_a = g_strconcat (f->key_a, ".pub", NULL);
  pub_b = g_strconcat (f->key_b, ".pub", NULL);
  g_assert_true (kh_seal_key_load_public (pub_a, f->pub_a, &error));
  g_assert_true (kh_seal_key_load_public (pub_b, f->pub_b, &error));
  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE); /* 2021-01-01T00:00:00Z */
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->key_a);
  g_free (f->key_b);
}

/* Builds, computes and seals 2020 signed with key A; the project is closed. */
static void
build_signed (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (f->path, &error);
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autofree char *data = data_path ("data-2020.csv");
  g_autofree char *xml = NULL;
  g_autoptr (KhCsvTable) unit_table = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  unit_table = kh_csv_read_file (units, NULL, &error);
  g_assert_true (kh_project_import_units (project, unit_table, "units.csv", &error));
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error));
  table = kh_csv_read_file (data, NULL, &error);
  set = kh_record_set_from_table (table, "data-2020.csv", &error);
  g_assert_true (kh_project_import_records (project, 2020, set, "data-2020.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal_signed (project, 2020, f->secret_a, &error));
  g_assert_no_error (error);
}

static GPtrArray *
verify (const char   *path,
        const guint8 *pub,
        const char   *published_head,
        gint64       *seq,
        char        **head)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *local_head = NULL;

  g_assert_no_error (error);
  g_assert_true (kh_project_verify_full (project, pub, published_head, problems, seq,
                                         head != NULL ? head : &local_head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  return problems;
}

static void
assert_problem (GPtrArray  *problems,
                const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], text) != NULL)
      return;
  g_error ("no problem holds “%s”", text);
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* What someone holding the file and knowing the format does: drops every trigger, runs
 * @sql, recomputes every hash of the audit chain from row 1, and puts the triggers back
 * exactly as they were. Only a signature or a head kept elsewhere can tell. */
static void
rewrite (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prev = g_strdup (KH_AUDIT_GENESIS);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = "
                                           "'trigger' ORDER BY name", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER %s", sqlite3_column_text (stmt, 0));

      g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, at, user_name, action, year, detail "
                                           "FROM audit_log ORDER BY seq", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_autofree char *canonical =
        kh_audit_canonical (seq, (const char *) sqlite3_column_text (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 3),
                            sqlite3_column_int (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5));
      g_autofree char *hash = kh_audit_hash (prev, canonical);
      char *update =
        sqlite3_mprintf ("UPDATE audit_log SET prev_hash = %Q, hash = %Q WHERE seq = %lld", prev,
                         hash, (long long) seq);

      g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (update);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < triggers->len; i++)
    g_assert_cmpint (sqlite3_exec (db, triggers->pdata[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_keygen (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *link = g_build_filename (f->dir, "planted.key", NULL);
  g_autofree char *target = g_build_filename (f->dir, "victim", NULL);
  g_autofree char *fingerprint = NULL;
  guint8 secret[KH_SEAL_SECRET_KEY_BYTES];
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES];
  GStatBuf st;

  /* The secret key is private to its owner whatever the umask. */
  g_assert_cmpint (g_stat (f->key_a, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* The public key in FILE.pub is the one of the secret key. */
  kh_seal_key_public_of (f->secret_a, pub);
  g_assert_cmpmem (pub, sizeof pub, f->pub_a, sizeof f->pub_a);
  g_assert_true (memcmp (f->pub_a, f->pub_b, sizeof pub) != 0);
  /* 8 groups of 4 hex digits: the first 16 bytes of SHA-256 (public key). */
  fingerprint = kh_seal_key_fingerprint (f->pub_a);
  g_assert_cmpuint (strlen (fingerprint), ==, 8 * 4 + 7);
  {
    g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, f->pub_a, sizeof pub);

    g_assert_true (strncmp (sha, fingerprint, 4) == 0);
    g_assert_true (strncmp (sha + 28, fingerprint + 35, 4) == 0);
  }

  /* Never over an existing key, nor through a planted link. */
  g_assert_false (kh_seal_key_generate (f->key_a, &error));
  g_assert_nonnull (strstr (error->message, "already exists (a key file is never overwritten)"));
  g_clear_error (&error);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_false (kh_seal_key_generate (link, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  /* A secret key others may read is refused. */
  g_assert_cmpint (g_chmod (f->key_a, 0640), ==, 0);
  g_assert_false (kh_seal_key_load_secret (f->key_a, secret, &error));
  g_assert_nonnull (strstr (error->message, "the secret key may be read by other users (mode 0640)"));
  g_clear_error (&error);
  /* A public key is not a secret key. */
  {
    g_autofree char *pub_path = g_strconcat (f->key_a, ".pub", NULL);

    g_assert_false (kh_seal_key_load_public (f->key_a, pub, &error));
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
    g_clear_error (&error);
    g_assert_cmpint (g_chmod (pub_path, 0600), ==, 0);
    g_assert_false (kh_seal_key_load_secret (pub_path, secret, &error));
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  }
}

static void
test_right_and_other_key (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GPtrArray) right = NULL;
  g_autoptr (GPtrArray) other = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autofree char *seal_hash = NULL;
  g_autofree char *fp_a = kh_seal_key_fingerprint (f->pub_a);
  g_autofree char *fp_b = kh_seal_key_fingerprint (f->pub_b);
  g_autofree char *expected = NULL;
  g_autofree char *described = NULL;
  g_autofree char *text = NULL;
  gint64 seq = 0;

  build_signed (f);
  right = verify (f->path, f->pub_a, NULL, &seq, NULL);
  g_assert_cmpuint (right->len, ==, 0);
  g_assert_cmpint (seq, ==, 7);
  none = verify (f->path, NULL, NULL, &seq, NULL);
  g_assert_cmpuint (none->len, ==, 0);

  other = verify (f->path, f->pub_b, NULL, &seq, NULL);
  text = g_strdup_printf ("year 2020: the seal is signed (audit row #7) with another key (%s), not "
                          "with the key given (%s)", fp_a, fp_b);
  assert_problem (other, text);
  g_free (text);
  text = g_strdup_printf ("year 2020 (sealed in audit row #6) has no valid signature by the key "
                          "given (%s)", fp_b);
  assert_problem (other, text);
  g_assert_cmpuint (other->len, ==, 2);

  /* The report's line names the signed head (the seal's row) and the key. */
  seal_hash = raw_text (f->path, "SELECT hash FROM audit_log WHERE seq = 6");
  project = kh_project_open_readonly (f->path, &error);
  g_assert_no_error (error);
  described = kh_project_describe_seal (project, 2020, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("year 2020 sealed, signed head #6 %s, key %s", seal_hash, fp_a);
  g_assert_cmpstr (described, ==, expected);
}

/* Any byte of the signed statement, the key or the signature changed — even with the
 * chain recomputed — fails the check. */
static void
test_covered_bytes (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *detail = NULL;
  g_autofree char *pristine = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.kaohe", NULL);
  g_autofree char *fp_a = kh_seal_key_fingerprint (f->pub_a);
  gsize len = 0;
  gsize n_tried = 0;
  g_autoptr (GArray) positions = g_array_new (FALSE, FALSE, sizeof (gsize));

  build_signed (f);
  detail = raw_text (f->path, "SELECT detail FROM audit_log WHERE seq = 7");
  g_assert_true (g_file_get_contents (f->path, &pristine, &len, NULL));
  /* Of each of the 8 lines (the version, year, head, rows, content, schema, key and
   * signature), the first byte of its value and its last byte; the first byte of the
   * version line and the LF after it: 17 changes, each verified with and without the key
   * (every byte would take minutes under the sanitizers). */
  for (const char *line = detail; line != NULL && *line != '\0';)
    {
      const char *eq = strchr (line, '=');
      const char *end = strchr (line, '\n');
      gsize last = (end != NULL ? (gsize) (end - detail) : strlen (detail)) - 1;
      gsize first = eq != NULL && (end == NULL || eq < end) ? (gsize) (eq + 1 - detail)
                                                            : (gsize) (line - detail);

      g_array_append_val (positions, first);
      g_array_append_val (positions, last);
      if (line == detail)
        {
          gsize lf = last + 1;

          g_array_append_val (positions, lf);
        }
      line = end != NULL ? end + 1 : NULL;
    }
  g_assert_cmpuint (positions->len, ==, 8 * 2 + 1);
  for (guint k = 0; k < positions->len; k++)
    {
      gsize i = g_array_index (positions, gsize, k);
      g_autofree char *changed = g_strdup (detail);
      char *sql = NULL;
      g_autoptr (GPtrArray) with_key = NULL;
      g_autoptr (GPtrArray) without = NULL;
      char *text = NULL;
      gint64 seq = 0;

      /* A digit becomes another digit, anything else a different letter: still the
       * statement's shape where that is possible. */
      changed[i] = g_ascii_isdigit (changed[i]) ? (char) ('0' + (changed[i] - '0' + 1) % 10)
                   : changed[i] == 'a'          ? 'b'
                                                : 'a';
      g_assert_true (g_file_set_contents (copy, pristine, len, NULL));
      sql = sqlite3_mprintf ("UPDATE audit_log SET detail = %Q WHERE seq = 7", changed);
      rewrite (copy, sql);
      sqlite3_free (sql);
      with_key = verify (copy, f->pub_a, NULL, &seq, NULL);
      without = verify (copy, NULL, NULL, &seq, NULL);
      if (with_key->len == 0 || without->len == 0)
        g_error ("byte %" G_GSIZE_FORMAT " of the signature row changed to “%c” went unnoticed",
                 i, changed[i]);
      /* With the key, the sealed year is named whatever the byte (even one of "year="):
       * its seal has no valid signature left. */
      text = g_strdup_printf ("year 2020 (sealed in audit row #6) has no valid signature by the "
                              "key given (%s)", fp_a);
      assert_problem (with_key, text);
      g_clear_pointer (&text, g_free);
      n_tried++;
    }
  g_assert_cmpuint (n_tried, ==, 17);
}

/* The full rewrite: a sealed value's provenance changed, in the data and in the seal's
 * snapshot, every hash recomputed. */
static void
test_full_rewrite (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *old_head = NULL;
  g_autofree char *new_head = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fp_a = kh_seal_key_fingerprint (f->pub_a);
  g_autoptr (GPtrArray) kept = NULL;
  g_autoptr (GPtrArray) unkeyed = NULL;
  g_autoptr (GPtrArray) keyed = NULL;
  g_autoptr (GPtrArray) published = NULL;
  gint64 seq = 0;
  static const char forge[] =
    "UPDATE data_values SET edited_by = 'mallory' WHERE unit_id = 'nanjing' AND field = 'pm25';"
    "UPDATE audit_log SET detail = replace (detail, 'pm25' || char (9) || 'data-2020.csv' || "
    "char (9) || '2' || char (9) || '4' || char (9) || 'tester', 'pm25' || char (9) || "
    "'data-2020.csv' || char (9) || '2' || char (9) || '4' || char (9) || 'mallory') "
    "WHERE seq = 6;";

  build_signed (f);
  old_head = raw_text (f->path, "SELECT hash FROM audit_log WHERE seq = 7");

  /* The signature row kept: what it signed is no longer in the chain. */
  rewrite (f->path, forge);
  kept = verify (f->path, NULL, NULL, &seq, NULL);
  assert_problem (kept, "year 2020: the head signed in audit row #7 (#6 ");
  assert_problem (kept, ") is not the seal of the year in the audit log (the log was rewritten)");

  /* The signature row deleted too: the chain alone cannot tell (it is unkeyed)… */
  rewrite (f->path, "DELETE FROM audit_log WHERE seq = 7");
  unkeyed = verify (f->path, NULL, NULL, &seq, &new_head);
  g_assert_cmpuint (unkeyed->len, ==, 0);
  g_assert_cmpint (seq, ==, 6);
  g_assert_cmpstr (new_head, !=, old_head);
  /* …the office's key can… */
  keyed = verify (f->path, f->pub_a, NULL, &seq, NULL);
  text = g_strdup_printf ("year 2020 (sealed in audit row #6) has no valid signature by the key "
                          "given (%s)", fp_a);
  assert_problem (keyed, text);
  g_assert_cmpuint (keyed->len, ==, 1);
  /* …and so can the head printed in the report published before. */
  published = verify (f->path, NULL, old_head, &seq, NULL);
  g_free (text);
  text = g_strdup_printf ("the published head %s is not in the audit log (6 rows): the log was cut "
                          "short or rewritten after it was published", old_head);
  assert_problem (published, text);
  g_assert_cmpuint (published->len, ==, 1);
}

/* The seal and the compute before it deleted, the signature renumbered #5 and the chain
 * recomputed: the chain is now shorter than the head the signature names. */
static void
test_chain_shorter (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *head = NULL;
  gint64 seq = 0;

  build_signed (f);
  head = raw_text (f->path, "SELECT hash FROM audit_log WHERE seq = 4");
  rewrite (f->path, "DELETE FROM audit_log WHERE seq IN (5, 6);"
                    "UPDATE audit_log SET seq = 5 WHERE seq = 7;");
  problems = verify (f->path, NULL, head, &seq, NULL);
  g_assert_cmpint (seq, ==, 5);
  assert_problem (problems, "year 2020: the audit log has 5 rows, fewer than the 6 of the head "
                            "signed in row #5 (rows were deleted)");
  /* The head of row #4, published before the seal, is still there. */
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (strstr (problems->pdata[i], "published head"));
}

/* A report's seal line from a log that cannot be read says why, never "not sealed" or
 * "not signed" (the log renamed away under an open project). */
static void
test_describe_unreadable (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autofree char *described = NULL;
  g_autofree char *want = NULL;
  sqlite3 *db = NULL;

  build_signed (f);
  project = kh_project_open_readonly (f->path, &error);
  g_assert_no_error (error);
  described = kh_project_describe_seal (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (described, "year 2020 sealed, signed head #6 "));
  g_clear_pointer (&described, g_free);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE audit_log RENAME TO audit_log_gone", NULL, NULL,
                                 NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  described = kh_project_describe_seal (project, 2020, &error);
  g_assert_null (described);
  g_assert_nonnull (error);
  want = g_strdup_printf ("%s: reading the seal: no such table: audit_log", f->path);
  g_assert_cmpstr (error->message, ==, want);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sign/keygen", test_keygen);
  ADD ("/sign/right-and-other-key", test_right_and_other_key);
  ADD ("/sign/covered-bytes", test_covered_bytes);
  ADD ("/sign/full-rewrite", test_full_rewrite);
  ADD ("/sign/chain-shorter", test_chain_shorter);
  ADD ("/sign/describe-unreadable", test_describe_unreadable);
#undef ADD

  return g_test_run ();
}
