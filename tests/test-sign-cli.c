/* test-sign-cli.c — kaohe-cli keygen, seal --key, verify --key / --head, and the signed
 * head and key fingerprint in a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Audit rows of the project built here: #1 create, #2 units, #3 framework, #4 import,
 * #5 compute, #6 seal, #7 sign.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *tmp_dir;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
}

static void
assert_failed (KhCliRun   *run,
               int         status,
               const char *text)
{
  if (run->status != status || strstr (run->err, text) == NULL)
    g_error ("expected status %d and “%s”, got %d: %s", status, text, run->status, run->err);
}

/* kaohe-cli keygen FILE; returns the fingerprint it printed. */
static char *
keygen (const char *path)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", path, NULL);
  g_autofree char *said = NULL;
  const char *line;

  assert_ok (run);
  said = g_strdup_printf ("secret key: %s (readable by you only)\npublic key: %s.pub\n", path,
                          path);
  g_assert_true (g_str_has_prefix (run->out, said));
  line = strstr (run->out, "fingerprint: ");
  g_assert_nonnull (line);
  /* 8 groups of 4 hex digits and a newline. */
  g_assert_cmpuint (strlen (line), ==, strlen ("fingerprint: ") + 39 + 1);
  return g_strndup (line + strlen ("fingerprint: "), 39);
}

/* The SHA-256 of the public key in @pub_path, as the fingerprint shows it: the first 16
 * bytes in groups of two bytes — worked out here with GLib, not libsodium. */
static char *
fingerprint_of (const char *pub_path)
{
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  GString *out = g_string_new (NULL);
  guint8 pub[32];

  g_assert_true (g_file_get_contents (pub_path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "kaohe-ed25519-public-v1 "));
  g_assert_cmpuint (strlen (text), ==, strlen ("kaohe-ed25519-public-v1 ") + 64 + 1);
  for (guint i = 0; i < 32; i++)
    {
      char byte[3] = { text[24 + 2 * i], text[24 + 2 * i + 1], '\0' };

      pub[i] = (guint8) g_ascii_strtoull (byte, NULL, 16);
    }
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pub, sizeof pub);
  for (guint i = 0; i < 32; i += 4)
    g_string_append_printf (out, "%s%.4s", i > 0 ? ":" : "", sha + i);
  return g_string_free (out, FALSE);
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

/* new, units, framework and data of 2020 (head #4). */
static char *
new_project (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("framework-2020.xml");
  g_autofree char *data = data_path ("data-2020.csv");
  const char *const steps[][6] = {
    { "new", path, NULL },
    { "import", path, "--units", units, NULL },
    { "import", path, "--year", "2020", fw, NULL },
    { "import", path, "--year", "2020", data, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (KhCliRun) run = kh_test_cli_runv (steps[i]);

      assert_ok (run);
    }
  return g_steal_pointer (&path);
}

static void
test_keygen (void)
{
  g_autofree char *key = tmp_path ("keygen.key");
  g_autofree char *pub = tmp_path ("keygen.key.pub");
  g_autofree char *link = tmp_path ("planted.key");
  g_autofree char *victim = tmp_path ("victim");
  g_autofree char *config = tmp_path ("config");
  g_autofree char *default_key = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *computed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  mode_t old_umask;
  GStatBuf st;

  /* Even with a umask that lets everyone read new files, the secret key is 0600. */
  old_umask = umask (0);
  printed = keygen (key);
  umask (old_umask);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  computed = fingerprint_of (pub);
  g_assert_cmpstr (printed, ==, computed);

  /* Never over an existing key: both files are left as they were. */
  g_assert_true (g_file_get_contents (key, &before, NULL, NULL));
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", key, NULL);

    assert_failed (run, 1, "keygen.key.pub: already exists (a key file is never overwritten)");
  }
  g_assert_true (g_file_get_contents (key, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* Never through a link planted at the name: nothing is created at its target. */
  g_assert_cmpint (symlink (victim, link), ==, 0);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", link, NULL);

    assert_failed (run, 1, "planted.key: already exists (a key file is never overwritten)");
  }
  g_assert_false (g_file_test (victim, G_FILE_TEST_EXISTS));

  /* Bad arguments. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", key, pub, NULL);

    assert_failed (run, 2, "give at most one key file");
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", "--bits", "4096", NULL);

    assert_failed (run, 2, "Unknown option --bits");
  }

  /* Without FILE: seal-key in Kaohe's folder of the user's configuration. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("keygen", NULL);

    assert_ok (run);
  }
  g_unsetenv ("XDG_CONFIG_HOME");
  default_key = g_build_filename (config, "kaohe", "seal-key", NULL);
  g_assert_cmpint (g_stat (default_key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_seal_and_verify (void)
{
  g_autofree char *project = new_project ("signed.kaohe");
  g_autofree char *key_a = tmp_path ("a.key");
  g_autofree char *key_b = tmp_path ("b.key");
  g_autofree char *pub_a = tmp_path ("a.key.pub");
  g_autofree char *pub_b = tmp_path ("b.key.pub");
  g_autofree char *fp_a = keygen (key_a);
  g_autofree char *fp_b = keygen (key_b);
  g_autofree char *head = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  /* A bad key leaves the project as it was (not sealed). */
  g_assert_true (g_file_get_contents (project, &before, &before_len, NULL));
  {
    g_autofree char *missing = tmp_path ("missing.key");
    g_autoptr (KhCliRun) run = kh_test_cli_run ("seal", project, "--year", "2020", "--key",
                                                missing, NULL);

    assert_failed (run, 1, "missing.key: No such file or directory");
  }
  {
    /* The public key given where the secret one is wanted. */
    g_autoptr (KhCliRun) run = NULL;

    g_assert_cmpint (g_chmod (pub_a, 0600), ==, 0);
    run = kh_test_cli_run ("seal", project, "--year", "2020", "--key", pub_a, NULL);
    assert_failed (run, 1, "a.key.pub:1: not a Kaohe secret key file");
    g_assert_cmpint (g_chmod (pub_a, 0644), ==, 0);
  }
  {
    g_autoptr (KhCliRun) run = NULL;

    g_assert_cmpint (g_chmod (key_a, 0644), ==, 0);
    run = kh_test_cli_run ("seal", project, "--year", "2020", "--key", key_a, NULL);
    assert_failed (run, 1, "the secret key may be read by other users (mode 0644)");
    g_assert_cmpint (g_chmod (key_a, 0600), ==, 0);
  }
  g_assert_true (g_file_get_contents (project, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);

  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("seal", project, "--year", "2020", "--key",
                                                key_a, NULL);

    assert_ok (run);
    text = g_strdup_printf (": 2020 sealed and signed with key %s\n", fp_a);
    g_assert_true (g_str_has_suffix (run->out, text));
    g_clear_pointer (&text, g_free);
  }
  head = raw_text (project, "SELECT hash FROM audit_log WHERE seq = 7");

  /* The right key, and the head as a report printed it. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", project, "--key", pub_a, "--head", head,
                                                NULL);

    assert_ok (run);
    text = g_strdup_printf ("chain head: #7 %s\n", head);
    g_assert_true (g_str_has_prefix (run->out, text));
    g_clear_pointer (&text, g_free);
    g_assert_true (g_str_has_suffix (run->out, ": verified\n"));
  }
  /* Another key. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", project, "--key", pub_b, NULL);

    text = g_strdup_printf ("year 2020: the seal is signed (audit row #7) with another key (%s), "
                            "not with the key given (%s)", fp_a, fp_b);
    assert_failed (run, 1, text);
    g_clear_pointer (&text, g_free);
    g_assert_nonnull (strstr (run->err, ": 2 problems found\n"));
  }
  /* A head that was never this project's. */
  {
    static const char other[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", project, "--head", other, NULL);

    text = g_strdup_printf ("the published head %s is not in the audit log (7 rows)", other);
    assert_failed (run, 1, text);
    g_clear_pointer (&text, g_free);
  }
  /* Bad arguments. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", project, "--head", "#7", NULL);

    assert_failed (run, 2, "--head “#7”: a chain head is 64 hex digits (as printed in a report)");
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", project, "--key", key_a, NULL);

    assert_failed (run, 1, "a.key:1: not a Kaohe public key file");
  }

  /* Tail deletion: the signature row, the last of the chain, deleted. The chain alone is
   * still whole; the key and the published head both tell. */
  {
    sqlite3 *db = NULL;
    g_autoptr (KhCliRun) keyed = NULL;
    g_autoptr (KhCliRun) published = NULL;

    g_assert_cmpint (sqlite3_open (project, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_no_delete;"
                                       "DELETE FROM audit_log WHERE seq = 7;",
                                   NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
    keyed = kh_test_cli_run ("verify", project, "--key", pub_a, NULL);
    text = g_strdup_printf ("year 2020 (sealed in audit row #6) has no valid signature by the key "
                            "given (%s)", fp_a);
    assert_failed (keyed, 1, text);
    g_clear_pointer (&text, g_free);
    g_assert_true (g_str_has_prefix (keyed->out, "chain head: #6 "));
    published = kh_test_cli_run ("verify", project, "--head", head, NULL);
    text = g_strdup_printf ("the published head %s is not in the audit log (6 rows): the log was "
                            "cut short or rewritten after it was published", head);
    assert_failed (published, 1, text);
  }
}

/* The report prints the key's fingerprint and the signed head of the year. */
static void
test_report (void)
{
  g_autofree char *project = new_project ("report.kaohe");
  g_autofree char *key = tmp_path ("report.key");
  g_autofree char *fp = keygen (key);
  g_autofree char *pdf = tmp_path ("report.pdf");
  g_autofree char *seal_head = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("seal", project, "--year", "2020", "--key", key,
                                                NULL);

    assert_ok (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", project, "--year", "2020", "-o", pdf,
                                                NULL);

    assert_ok (run);
  }
  {
    const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  /* Line breaks and spaces taken out: the verification line may wrap anywhere. */
  {
    g_autoptr (GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
    g_autofree char *flat = g_regex_replace_literal (space, out, -1, 0, "", 0, NULL);

    seal_head = raw_text (project, "SELECT hash FROM audit_log WHERE seq = 6");
    expected = g_strdup_printf ("year2020sealed,signedhead#6%s,key%s", seal_head, fp);
    if (strstr (flat, expected) == NULL)
      g_error ("the report does not say “%s”:\n%s", expected, out);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kh-sign-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sign-cli/keygen", test_keygen);
  g_test_add_func ("/sign-cli/seal-and-verify", test_seal_and_verify);
  g_test_add_func ("/sign-cli/report", test_report);

  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
