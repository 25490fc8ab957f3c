/* test-file-checked.c — opening skips quick_check only for a file that passed it as it is
 * now (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/kh-file-checked.h"
#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "kh-test-files.h"

static gboolean
is_known (const char *path)
{
  KhFileState state;

  return kh_file_state_read (path, &state) && kh_file_checked_lookup (&state);
}

static void
open_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
}

/* Writes @len bytes of @bytes at @offset in place (same inode and size), then sets the
 * modification time back to @mtime as `touch -r` would: only the status-change time (which
 * nothing can set back) tells the file changed. */
static void
write_in_place (const char            *path,
                gsize                  offset,
                const char            *bytes,
                gsize                  len,
                const struct timespec *mtime)
{
  struct timespec times[2] = { *mtime, *mtime };
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, len, (off_t) offset), ==, (ssize_t) len);
  g_assert_cmpint (futimens (fd, times), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_file_checked (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *page = NULL;
  g_autoptr (KhProject) project = NULL;
  struct stat st;
  gsize len = 0;
  guint page_size;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);

  /* Changed less than two seconds ago: checked, not recorded. */
  open_ok (path);
  g_assert_false (is_known (path));

  /* Left alone for two seconds: checked once and recorded. */
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  open_ok (path);
  g_assert_true (is_known (path));

  /* The second page (the first table's b-tree) overwritten in place, the modification
   * time set back: the file is checked again and refused, and left as it is. */
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  /* the page size: the file header's big-endian 16 bits at offset 16 */
  page_size = ((guint8) bytes[16] << 8) | (guint8) bytes[17];
  g_assert_cmpuint (len, >=, 3 * page_size);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  page = g_malloc (page_size);
  memset (page, 0xA5, page_size);
  write_in_place (path, page_size, page, page_size, &st.st_mtim);
  g_assert_false (is_known (path));
  project = kh_project_open (path, &error);
  g_assert_null (project);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged (quick_check:"));
  g_clear_error (&error);
  g_assert_false (is_known (path));

  /* Repaired, left alone, opened: known again — but not with a journal beside it (a
   * transaction's pages, perhaps to be rolled back). */
  write_in_place (path, page_size, bytes + page_size, page_size, &st.st_mtim);
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  open_ok (path);
  g_assert_true (is_known (path));
  g_assert_true (g_file_set_contents (journal, "", 0, NULL));
  g_assert_false (is_known (path));
  g_assert_cmpint (g_unlink (journal), ==, 0);
  g_assert_true (is_known (path));

  kh_test_remove_dir (dir);
}

static void
set_issuer (KhProject  *project,
            const char *issuer)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, issuer, &error));
  g_assert_no_error (error);
}

static void
assert_refused (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);

  g_assert_null (project);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged (quick_check:"));
}

/* Another SQLite program's commit: a table made and dropped. */
static void
sqlite_commit (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE; CREATE TABLE other (a); DROP TABLE other; "
                                     "COMMIT",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Kaohe's own commit to a file it checked keeps the file on the list, without the two
 * seconds' wait; anything else's change in between, or after, is still seen. */
static void
test_own_commit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *page = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhProject) other = NULL;
  KhFileState before, after;
  struct stat st;
  gsize len = 0;
  guint page_size;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  /* Checked by the open after its creation; changed too recently to be recorded. */
  g_assert_false (is_known (path));

  /* Its own commit: recorded at the close, with the state the commit left. */
  g_assert_true (kh_file_state_read (path, &before));
  set_issuer (project, "考核办");
  g_assert_true (kh_file_state_read (path, &after));
  g_assert_cmpuint (after.change_counter, ==, before.change_counter + 1);
  g_assert_false (is_known (path));
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (path));

  /* Opened from the list (no check), written, closed: known again, in its new state;
   * two commits in one session chain. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  set_issuer (project, "省考核办");
  set_issuer (project, "江苏省考核办");
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (path));

  /* Another SQLite program commits between Kaohe's open and its write: Kaohe's commit
   * is not taken as checked. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  sqlite_commit (path);
  set_issuer (project, "考核办");
  g_clear_pointer (&project, kh_project_close);
  g_assert_false (is_known (path));

  /* … nor when it commits after Kaohe's commit, before the close. */
  open_ok (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  set_issuer (project, "省考核办");
  sqlite_commit (path);
  g_clear_pointer (&project, kh_project_close);
  g_assert_false (is_known (path));

  /* Right after Kaohe's recorded commit, the second page overwritten in place and the
   * modification time set back: seen, refused at the next open, the file left as it is. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  set_issuer (project, "考核办");
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (path));
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  page_size = ((guint8) bytes[16] << 8) | (guint8) bytes[17];
  g_assert_cmpuint (len, >=, 3 * page_size);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  page = g_malloc (page_size);
  memset (page, 0xA5, page_size);
  write_in_place (path, page_size, page, page_size, &st.st_mtim);
  g_assert_false (is_known (path));
  assert_refused (path);
  g_assert_false (is_known (path));

  /* Repaired; then a byte of the header's reserved area (never read by SQLite: the file
   * still opens) flipped while Kaohe has it open, before its write: the write is not taken
   * as checked. */
  write_in_place (path, page_size, bytes + page_size, page_size, &st.st_mtim);
  open_ok (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  write_in_place (path, 75, "\x01", 1, &st.st_mtim);
  set_issuer (project, "省考核办");
  g_clear_pointer (&project, kh_project_close);
  g_assert_false (is_known (path));

  kh_test_remove_dir (dir);
}

/* The lines of the list of checked files that are @path's (its device and inode). GLib
 * keeps the cache folder the first test set. */
static guint
lines_of (const char *path)
{
  g_autofree char *list = g_build_filename (g_get_user_cache_dir (), "kaohe", "checked-files",
                                            NULL);
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_auto (GStrv) lines = NULL;
  KhFileState state;
  guint n = 0;

  g_assert_true (kh_file_state_read (path, &state));
  key = g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " ", state.dev, state.ino);
  g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    n += g_str_has_prefix (*l, key);
  return n;
}

/* A file's own commits replace its entry in the list: three hundred of them (more than the
 * list holds) do not push another file out, and the list holds one line per file. */
/* A copy Kaohe made and checked (kh_project_save_as(), `kaohe-cli backup`) is on the list
 * once renamed into place, without the two seconds' wait; a change to it after is still
 * seen, and a copy made over it is not taken for it. */
static void
test_saved_copy (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.kaohe", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *page = NULL;
  g_autoptr (KhProject) project = NULL;
  struct stat st;
  gsize len = 0;
  guint page_size;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  set_issuer (project, "Office A");
  g_assert_true (kh_project_save_as (project, copy, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (copy));
  open_ok (copy);
  g_assert_true (is_known (copy));

  /* Its second page overwritten in place, the modification time set back: no longer
   * known, and refused. */
  g_assert_true (g_file_get_contents (copy, &bytes, &len, NULL));
  page_size = ((guint8) bytes[16] << 8) | (guint8) bytes[17];
  g_assert_cmpuint (len, >=, 3 * page_size);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  page = g_malloc (page_size);
  memset (page, 0xA5, page_size);
  write_in_place (copy, page_size, page, page_size, &st.st_mtim);
  g_assert_false (is_known (copy));
  assert_refused (copy);

  /* Copied again over it: the new copy is known, the damaged one is gone. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_save_as (project, copy, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (copy));
  open_ok (copy);

  kh_test_remove_dir (dir);
}

static void
test_entry_per_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *kept = g_build_filename (dir, "kept.kaohe", NULL);
  g_autofree char *edited = g_build_filename (dir, "edited.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (kept, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  project = kh_project_create (edited, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  open_ok (kept);
  open_ok (edited);
  g_assert_true (is_known (kept));
  g_assert_true (is_known (edited));
  g_assert_cmpuint (lines_of (kept), ==, 1);
  g_assert_cmpuint (lines_of (edited), ==, 1);

  for (guint i = 0; i < 300; i++)
    {
      project = kh_project_open (edited, &error);
      g_assert_no_error (error);
      set_issuer (project, i % 2 == 0 ? "考核办" : "省考核办");
      g_clear_pointer (&project, kh_project_close);
      g_assert_true (is_known (edited));
    }
  g_assert_true (is_known (kept));
  g_assert_cmpuint (lines_of (kept), ==, 1);
  g_assert_cmpuint (lines_of (edited), ==, 1);

  kh_test_remove_dir (dir);
}

/* A file of an older schema, checked and migrated by the open, is known in its migrated
 * state at once, before the close: a process that ends without closing it does not leave
 * the next open to check it again (issue 22). */
static void
test_migrated (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;
  KhFileState before, after;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  /* Version 13, as the migration to 14 leaves nothing but its two tables. */
  g_assert_cmpint (kh_test_raw_exec (path, "DROP TABLE packed_years; DROP TABLE values_packed; "
                                           "PRAGMA user_version = 13"),
                   ==, SQLITE_OK);
  g_assert_false (is_known (path));
  g_assert_true (kh_file_state_read (path, &before));
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_file_state_read (path, &after));
  g_assert_cmpuint (after.change_counter, ==, before.change_counter + 1);
  g_assert_true (is_known (path));
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (is_known (path));

  kh_test_remove_dir (dir);
}

/* Several writers at once (a second Kaohe, kaohe-cli, another window's project): each
 * one's entry is kept. The list is read, changed and written again whole; without a lock
 * around that, a writer that read it before another wrote drops the other's entry, and
 * that file is checked again at its next open (issue 22: a 1.7 GB project's quick_check
 * at the second start after its copy was made). Threads stand in for processes: the lock
 * is taken on a file description of each writer's own. */
#define CONCURRENT_WRITERS 6
#define CONCURRENT_FILES 12

typedef struct
{
  char *dir;
  guint writer;
} Writer;

static gpointer
write_entries (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < CONCURRENT_FILES; i++)
    {
      g_autofree char *name = g_strdup_printf ("w%u-%u.kaohe", w->writer, i);
      g_autofree char *path = g_build_filename (w->dir, name, NULL);
      KhFileState state;

      g_assert_true (kh_file_state_read (path, &state));
      kh_file_checked_record_written (&state);
    }
  return NULL;
}

static void
test_concurrent_writers (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-file-checked-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  Writer writers[CONCURRENT_WRITERS];
  GThread *threads[CONCURRENT_WRITERS];
  guint known = 0;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  /* Files that look like databases to kh_file_state_read(): 28 bytes of header at least. */
  for (guint w = 0; w < CONCURRENT_WRITERS; w++)
    for (guint i = 0; i < CONCURRENT_FILES; i++)
      {
        g_autofree char *name = g_strdup_printf ("w%u-%u.kaohe", w, i);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *text = g_strdup_printf ("SQLite format 3 — writer %u, file %u", w, i);

        g_assert_true (g_file_set_contents (path, text, -1, NULL));
      }
  /* Their times settled (kh_file_state_settled(): 20 ms past them). */
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  for (guint w = 0; w < CONCURRENT_WRITERS; w++)
    {
      writers[w].dir = dir;
      writers[w].writer = w;
      threads[w] = g_thread_new ("writer", write_entries, &writers[w]);
    }
  for (guint w = 0; w < CONCURRENT_WRITERS; w++)
    g_thread_join (threads[w]);
  for (guint w = 0; w < CONCURRENT_WRITERS; w++)
    for (guint i = 0; i < CONCURRENT_FILES; i++)
      {
        g_autofree char *name = g_strdup_printf ("w%u-%u.kaohe", w, i);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        known += is_known (path);
      }
  g_assert_cmpuint (known, ==, CONCURRENT_WRITERS * CONCURRENT_FILES);

  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/file-checked/changes", test_file_checked);
  g_test_add_func ("/file-checked/own-commit", test_own_commit);
  g_test_add_func ("/file-checked/entry-per-file", test_entry_per_file);
  g_test_add_func ("/file-checked/saved-copy", test_saved_copy);
  g_test_add_func ("/file-checked/migrated", test_migrated);
  g_test_add_func ("/file-checked/concurrent-writers", test_concurrent_writers);
  return g_test_run ();
}
