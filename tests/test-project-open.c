/* test-project-open.c — opening a project: what it is said to be, and read-only opening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A path that is not a project file gets a message saying what it is (a folder, a named
 * pipe, missing); a project another program has locked says so, not "not a Kaohe
 * project … damaged: database is locked"; a read-only open (verify, export, charts,
 * reports) changes no byte of the file, nor its time, nor its journal mode.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/kh-export.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-test-files.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

/* Both ways of opening fail with @code and a message that starts with @path and holds
 * @fragment, and never say "not a Kaohe project" or "no such project file" unless
 * @fragment does. */
static void
assert_open_fails (const char *path,
                   int         code,
                   const char *fragment)
{
  for (int readonly = 0; readonly < 2; readonly++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhProject) project = readonly ? kh_project_open_readonly (path, &error)
                                               : kh_project_open (path, &error);

      g_assert_null (project);
      g_assert_error (error, KH_IO_ERROR, code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, fragment));
      if (strstr (fragment, "not a Kaohe project") == NULL)
        g_assert_null (strstr (error->message, "not a Kaohe project"));
      if (strstr (fragment, "no such project file") == NULL)
        g_assert_null (strstr (error->message, "no such project file"));
    }
}

static void
test_open_not_a_file (void)
{
  g_autofree char *folder = tmp_path ("folder.kaohe");
  g_autofree char *fifo = tmp_path ("pipe.kaohe");
  g_autofree char *missing = tmp_path ("missing.kaohe");

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  assert_open_fails (folder, KH_IO_ERROR_FAILED, "this is a folder, not a project file");
  /* Opening a FIFO would block until a writer comes: the test itself shows it does not. */
  assert_open_fails (fifo, KH_IO_ERROR_FAILED, "this is a named pipe (FIFO), not a project file");
  assert_open_fails (missing, KH_IO_ERROR_FAILED, "no such project file");
  assert_open_fails ("/dev/null", KH_IO_ERROR_FAILED, "this is a device or socket");
  g_rmdir (folder);
  g_unlink (fifo);
}

static void
test_open_locked (void)
{
  g_autofree char *path = tmp_path ("locked.kaohe");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  sqlite3 *holder = NULL;

  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);

  /* Another program holds an exclusive lock (a write in progress in rollback mode):
   * both opens wait 5 s, then say the project is locked. */
  g_assert_cmpint (sqlite3_open (path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  assert_open_fails (path, KH_IO_ERROR_BUSY, "the project is locked by another program");
  g_assert_cmpint (sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);

  /* Once the lock is gone it opens. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_unlink (path);
}

/* A project with the 2020 framework and data, computed and sealed. */
static void
build_sealed (const char *path)
{
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autofree char *csv = data_path ("data-2020.csv");
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhCsvTable) data = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  table = kh_csv_read_file (units, NULL, &error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error));
  data = kh_csv_read_file (csv, NULL, &error);
  set = kh_record_set_from_table (data, "data-2020.csv", &error);
  g_assert_true (kh_project_import_records (project, 2020, set, "data-2020.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);
}

typedef struct
{
  char *bytes;
  gsize len;
  gint64 mtime_ns;
} Snapshot;

static void
take (const char *path,
      Snapshot   *s)
{
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &s->bytes, &s->len, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  s->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static void
assert_unchanged (const char *path,
                  Snapshot   *before)
{
  Snapshot after = { 0 };

  take (path, &after);
  g_assert_cmpmem (before->bytes, before->len, after.bytes, after.len);
  g_assert_cmpint (before->mtime_ns, ==, after.mtime_ns);
  g_free (after.bytes);
}

static void
test_readonly_changes_nothing (void)
{
  g_autofree char *path = tmp_path ("wal.kaohe");
  g_autofree char *csv = tmp_path ("wal.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  Snapshot before = { 0 };
  gint64 seq = 0;

  /* The office's copy was switched to WAL by another tool. A read-write open turns it
   * back to a rollback journal (Kaohe's mode), which is why verify must not use one. */
  build_sealed (path);
  g_assert_cmpint (kh_test_raw_exec (path, "PRAGMA journal_mode = WAL"), ==, SQLITE_OK);
  take (path, &before);
  /* Bytes 18 and 19 of the header are 2 in WAL mode (1 in rollback mode). */
  g_assert_cmpint (before.bytes[18], ==, 2);
  g_assert_cmpint (before.bytes[19], ==, 2);

  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_CSV, FALSE, csv, &error));
  g_assert_no_error (error);
  /* A write is refused by SQLite itself. */
  g_assert_false (kh_project_add_note (project, 2020, NULL, NULL, "hello", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the project is open for reading only"));
  g_clear_error (&error);
  g_clear_pointer (&project, kh_project_close);
  assert_unchanged (path, &before);

  /* A rollback-mode project likewise. */
  g_assert_cmpint (kh_test_raw_exec (path, "PRAGMA journal_mode = DELETE"), ==, SQLITE_OK);
  g_clear_pointer (&before.bytes, g_free);
  g_clear_pointer (&head, g_free);
  take (path, &before);
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_clear_pointer (&project, kh_project_close);
  assert_unchanged (path, &before);
  g_free (before.bytes);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kaohe-open-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/project-open/not-a-file", test_open_not_a_file);
  g_test_add_func ("/project-open/locked", test_open_locked);
  g_test_add_func ("/project-open/readonly-changes-nothing", test_readonly_changes_nothing);

  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
