/* test-safe-write.c — files written completely or not at all, never through a planted link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before KhAtomicFile, the XLSX and CSV export, Save As (backup), a new project and the
 * PDF report wrote to a predictable temporary name next to the target (`OUT.tmp-PID`,
 * `P.new-PID`) and followed a link planted there: the link's target was overwritten and
 * the link itself renamed over OUT. Each test here plants those links (a process knows
 * its own pid) and checks that the file they point to is untouched, that OUT is a
 * regular file of the right kind, and that nothing is left next to it.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include "io/kh-atomic-file.h"
#include "io/kh-dataset-io.h"
#include "io/kh-export.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-test-files.h"
#include "report/kh-report.h"

#define VICTIM_TEXT "the victim's own content\n"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
data_path (const char *area,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", area, name, NULL);
}

/* A fresh folder with a victim file outside it. */
static char *
fresh_dir (const char *name)
{
  char *dir = tmp_path (name);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  return dir;
}

static char *
make_victim (const char *name)
{
  char *victim = tmp_path (name);

  g_assert_true (g_file_set_contents (victim, VICTIM_TEXT, -1, NULL));
  return victim;
}

/* Plants "TARGET.SUFFIX" (the old predictable names) as links to @victim. */
static void
plant (const char *target,
       const char *suffix,
       const char *victim)
{
  g_autofree char *name = g_strdup_printf ("%s%s", target, suffix);

  g_assert_cmpint (symlink (victim, name), ==, 0);
}

static void
assert_victim_untouched (const char *victim)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (victim, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, VICTIM_TEXT);
}

/* @dir holds exactly @names (a NULL-terminated list), each a regular file unless it
 * starts with the planted links' prefix. */
static void
assert_dir_holds (const char        *dir,
                  const char *const *names)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (found, g_strdup (name));
  for (guint i = 0; i < found->len; i++)
    g_assert_true (g_strv_contains (names, found->pdata[i]));
  g_assert_cmpuint (found->len, ==, g_strv_length ((char **) names));
}

static void
assert_regular_starting_with (const char *path,
                              const char *magic)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  g_assert_false (g_file_test (path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_cmpuint (len, >=, strlen (magic));
  g_assert_cmpmem (text, strlen (magic), magic, strlen (magic));
}

/* A project with units, the 2020 framework and data, computed. */
static KhProject *
new_project (const char *path)
{
  g_autofree char *units = data_path ("project", "units.csv");
  g_autofree char *fw_path = data_path ("project", "framework-2020.xml");
  g_autofree char *csv = data_path ("project", "data-2020.csv");
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhCsvTable) data = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  table = kh_csv_read_file (units, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  g_assert_true (kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error));
  data = kh_csv_read_file (csv, NULL, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table (data, "data-2020.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, 2020, set, "data-2020.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&project);
}

static void
test_atomic_file (void)
{
  g_autofree char *dir = fresh_dir ("atomic");
  g_autofree char *out = g_build_filename (dir, "out.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhAtomicFile) a = kh_atomic_file_new (out, &error);
  g_autoptr (KhAtomicFile) b = kh_atomic_file_new (out, &error);
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;
  const char *const only_out[] = { "out.txt", NULL };
  const char *const nothing[] = { NULL };

  g_assert_no_error (error);
  /* Each temporary file lies in its own folder next to the target, mode 0700, with a
   * random name: two at once do not collide. */
  folder = g_path_get_dirname (kh_atomic_file_get_temp_path (a));
  g_assert_true (g_str_has_prefix (folder, out));
  g_assert_cmpint (g_lstat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpstr (kh_atomic_file_get_temp_path (a), !=, kh_atomic_file_get_temp_path (b));
  g_assert_cmpint (g_lstat (kh_atomic_file_get_temp_path (a), &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));

  /* Nothing is visible at the target until the commit; the other one, dropped,
   * leaves nothing. */
  g_assert_true (kh_atomic_file_write (a, "hello\n", 6, &error));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&b, kh_atomic_file_free);
  g_assert_true (kh_atomic_file_commit (a, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "hello\n");
  assert_dir_holds (dir, only_out);

  /* Without @replace an existing file stays, and the error says so. */
  g_clear_pointer (&a, kh_atomic_file_free);
  a = kh_atomic_file_new (out, &error);
  g_assert_true (kh_atomic_file_write (a, "other\n", 6, &error));
  g_assert_false (kh_atomic_file_commit (a, FALSE, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "hello\n");
  assert_dir_holds (dir, only_out);

  g_unlink (out);
  assert_dir_holds (dir, nothing);
  g_rmdir (dir);
}

static void
test_export_no_follow (void)
{
  g_autofree char *dir = fresh_dir ("export");
  g_autofree char *victim = make_victim ("export-victim");
  g_autofree char *project_path = tmp_path ("export.kaohe");
  g_autofree char *xlsx = g_build_filename (dir, "results.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *pid = g_strdup_printf (".tmp-%d", (int) getpid ());
  g_autofree char *planted_xlsx = g_strdup_printf ("results.xlsx%s", pid);
  g_autofree char *planted_csv = g_strdup_printf ("data.csv%s", pid);
  const char *const expected[] = { "results.xlsx", "data.csv", planted_xlsx, planted_csv, NULL };
  g_autoptr (KhProject) project = new_project (project_path);
  g_autoptr (GError) error = NULL;

  plant (xlsx, pid, victim);
  plant (csv, pid, victim);
  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_XLSX, FALSE, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_CSV, FALSE, csv, &error));
  g_assert_no_error (error);
  assert_victim_untouched (victim);
  /* An XLSX file is a zip: "PK\3\4"; the data sheet starts with its header. */
  assert_regular_starting_with (xlsx, "PK\x03\x04");
  assert_regular_starting_with (csv, "unit,name,");
  assert_dir_holds (dir, expected);
  kh_test_remove_dir (dir);
  g_unlink (victim);
  g_unlink (project_path);
}

static void
test_save_as_no_follow (void)
{
  g_autofree char *dir = fresh_dir ("backup");
  g_autofree char *victim = make_victim ("backup-victim");
  g_autofree char *project_path = tmp_path ("backup.kaohe");
  g_autofree char *dest = g_build_filename (dir, "copy.kaohe", NULL);
  g_autofree char *pid = g_strdup_printf (".tmp-%d", (int) getpid ());
  g_autofree char *pid_journal = g_strdup_printf (".tmp-%d-journal", (int) getpid ());
  g_autofree char *planted = g_strdup_printf ("copy.kaohe%s", pid);
  g_autofree char *planted_journal = g_strdup_printf ("copy.kaohe%s", pid_journal);
  const char *const expected[] = { "copy.kaohe", planted, planted_journal, NULL };
  g_autoptr (KhProject) project = new_project (project_path);
  g_autoptr (KhProject) copy = NULL;
  g_autoptr (GError) error = NULL;

  plant (dest, pid, victim);
  plant (dest, pid_journal, victim);
  g_assert_true (kh_project_save_as (project, dest, &error));
  g_assert_no_error (error);
  assert_victim_untouched (victim);
  assert_regular_starting_with (dest, "SQLite format 3");
  assert_dir_holds (dir, expected);
  /* The copy opens and holds the computed year. */
  copy = kh_project_open (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (copy), "SELECT count(*) FROM results"), ==, 3);
  g_clear_pointer (&copy, kh_project_close);
  kh_test_remove_dir (dir);
  g_unlink (victim);
  g_unlink (project_path);
}

static void
test_create_no_follow (void)
{
  g_autofree char *dir = fresh_dir ("create");
  g_autofree char *victim = make_victim ("create-victim");
  g_autofree char *path = g_build_filename (dir, "new.kaohe", NULL);
  g_autofree char *pid = g_strdup_printf (".new-%d", (int) getpid ());
  g_autofree char *planted = g_strdup_printf ("new.kaohe%s", pid);
  const char *const expected[] = { "new.kaohe", planted, NULL };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GError) error = NULL;

  plant (path, pid, victim);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  assert_victim_untouched (victim);
  assert_regular_starting_with (path, "SQLite format 3");
  assert_dir_holds (dir, expected);

  /* An existing file is never replaced. */
  project = kh_project_create (path, &error);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, "already exists"));
  kh_test_remove_dir (dir);
  g_unlink (victim);
}

static void
test_report_pdf_no_follow (void)
{
  static const int years[] = { 2020 };
  g_autofree char *dir = fresh_dir ("report");
  g_autofree char *victim = make_victim ("report-victim");
  g_autofree char *pdf = g_build_filename (dir, "annual.pdf", NULL);
  g_autofree char *pid = g_strdup_printf (".tmp-%d", (int) getpid ());
  g_autofree char *planted = g_strdup_printf ("annual.pdf%s", pid);
  g_autofree char *fw = data_path ("report", "framework-2020.xml");
  g_autofree char *data_csv = data_path ("report", "data-2020.csv");
  const char *const expected[] = { "annual.pdf", planted, NULL };
  KhReportOptions annual = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0 };
  g_autoptr (KhReportData) data = kh_report_data_new (2020, 1, years);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhReport) report = NULL;
  g_autoptr (GError) error = NULL;

  plan = kh_plan_load_files (fw, data_csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_report_data_add_plan (data, plan, &error));
  g_free (data->chain_head);
  data->chain_head = g_strnfill (64, 'a');
  g_free (data->date);
  data->date = g_strdup ("2021-04-01");
  report = kh_report_new (data, &annual, &error);
  g_assert_no_error (error);

  plant (pdf, pid, victim);
  g_assert_true (kh_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  assert_victim_untouched (victim);
  assert_regular_starting_with (pdf, "%PDF-");
  assert_dir_holds (dir, expected);
  kh_test_remove_dir (dir);
  g_unlink (victim);
}

/* A copy of the sample project the build makes (3 MB: 2018–2020, four categories). */
static KhProject *
open_sample_copy (const char *path)
{
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (sample);
  g_autoptr (GFile) to = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  KhProject *project;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  return project;
}

/* Save As into a folder where writing stops part way: the copy fails with
 * SQLite's "database or disk is full" (or a write error), @dest does not appear and no
 * temporary file or journal is left next to it. */
static void
check_backup_fails_cleanly (KhProject  *project,
                            const char *dir)
{
  g_autofree char *dest = g_build_filename (dir, "copy.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  const char *const nothing[] = { NULL };

  g_assert_false (kh_project_save_as (project, dest, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, dest));
  assert_dir_holds (dir, nothing);
}

static void
test_backup_full_fsize (void)
{
  g_autofree char *dir = fresh_dir ("full-fsize");
  g_autofree char *project_path = tmp_path ("full-fsize.kaohe");
  g_autoptr (KhProject) project = open_sample_copy (project_path);
  struct rlimit saved, limited;
  void (*old_handler) (int);

  /* RLIMIT_FSIZE makes every write past 256 KiB fail with EFBIG (SIGXFSZ ignored), as
   * a disk that fills up during the copy of the 3 MB project. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 256 * 1024;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  check_backup_fails_cleanly (project, dir);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);
  g_rmdir (dir);
  g_clear_pointer (&project, kh_project_close);
  g_unlink (project_path);
}

static void
test_backup_full_tmpfs (void)
{
  g_autofree char *dir = fresh_dir ("full-tmpfs");
  g_autofree char *project_path = tmp_path ("full-tmpfs.kaohe");
  g_autoptr (KhProject) project = NULL;

  /* A real full filesystem: a 256 KiB tmpfs, where mounting is allowed (root or a user
   * namespace); elsewhere the RLIMIT_FSIZE test above stands in for it. Before
   * KhAtomicFile, SQLite's journal `copy.kaohe.tmp-PID-journal` stayed behind here. */
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=256k,mode=0755") != 0)
    {
      g_autofree char *why = g_strdup_printf ("mounting a tmpfs is not permitted here: %s",
                                              g_strerror (errno));
      g_rmdir (dir);
      g_test_skip (why);
      return;
    }
  project = open_sample_copy (project_path);
  check_backup_fails_cleanly (project, dir);
  g_assert_cmpint (umount (dir), ==, 0);
  g_rmdir (dir);
  g_clear_pointer (&project, kh_project_close);
  g_unlink (project_path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1617235200", TRUE);
  tmp_dir = g_dir_make_tmp ("kaohe-safe-write-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/safe-write/atomic-file", test_atomic_file);
  g_test_add_func ("/safe-write/export-no-follow", test_export_no_follow);
  g_test_add_func ("/safe-write/save-as-no-follow", test_save_as_no_follow);
  g_test_add_func ("/safe-write/create-no-follow", test_create_no_follow);
  g_test_add_func ("/safe-write/report-pdf-no-follow", test_report_pdf_no_follow);
  g_test_add_func ("/safe-write/backup-full/fsize", test_backup_full_fsize);
  g_test_add_func ("/safe-write/backup-full/tmpfs", test_backup_full_tmpfs);

  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
