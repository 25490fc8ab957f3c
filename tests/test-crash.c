/* test-crash.c — crash safety: a child importing and editing is killed with SIGKILL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The child opens the project and commits steps forever: step n even imports a data
 * sheet whose nine values are all n (source "step-n.csv"); step n odd edits nanjing's gdp
 * to n. After each commit it prints n. The parent kills it at a random moment (0–40 ms
 * after it starts, or, every second kill, after its first committed step), then checks that the project opens, passes integrity_check
 * and the audit chain, and holds exactly the state of the last committed step m
 * (read from the last audit row) with m ≥ the last step the child reported.
 *
 *   test-crash                  GTest: a short loop of kills (part of the suite)
 *   test-crash --soak N [DIR]   soak: N kills (≥ 200 recommended), prints statistics
 *   test-crash --child PROJECT  the child (used by the two above)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/kh-project.h"

#define SUITE_KILLS 25

static const char framework_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"crash\" year=\"2020\" "
  "category=\"city\">\n"
  "  <title lang=\"zh-CN\">崩溃测试</title>\n"
  "  <variables><variable id=\"pop\"/></variables>\n"
  "  <root id=\"total\">\n"
  "    <indicator id=\"gdp\" points=\"60\"><scoring method=\"minmax\"/></indicator>\n"
  "    <indicator id=\"pm25\" points=\"40\" direction=\"lower\"><scoring method=\"rank\"/>"
  "</indicator>\n"
  "  </root>\n"
  "</framework>\n";

static const char units_csv[] = "id,name_zh,category\n"
                                 "nanjing,南京市,city\n"
                                 "suzhou,苏州市,city\n"
                                 "nantong,南通市,city\n";

static KhRecordSet *
step_records (guint n)
{
  g_autofree char *csv = g_strdup_printf ("unit,gdp,pm25,pop\n"
                                          "nanjing,%u,%u,%u\nsuzhou,%u,%u,%u\nnantong,%u,%u,%u\n",
                                          n, n, n, n, n, n, n, n, n);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_parse (csv, strlen (csv), NULL, "step.csv", &error);
  KhRecordSet *set;

  g_assert_no_error (error);
  set = kh_record_set_from_table (table, "step.csv", &error);
  g_assert_no_error (error);
  return set;
}

static gboolean
commit_step (KhProject *project,
             guint      n,
             GError   **error)
{
  if (n % 2 == 0)
    {
      g_autoptr (KhRecordSet) set = step_records (n);
      g_autofree char *name = g_strdup_printf ("step-%u.csv", n);

      return kh_project_import_records (project, 2020, set, name, error);
    }
  return kh_project_set_value (project, 2020, "nanjing", "gdp", n, error);
}

static int
run_child (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (project == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }
  /* Continue after the last committed step. */
  sqlite3_prepare_v2 (kh_project_get_db (project), "SELECT count(*) FROM audit_log WHERE action "
                      "IN ('import', 'edit')", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  for (;; n++)
    {
      if (!commit_step (project, n, &error))
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      printf ("%u\n", n);
      fflush (stdout);
    }
}

static char *
create_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "crash.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) units = NULL;

  g_unlink (path);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  units = kh_csv_parse (units_csv, strlen (units_csv), NULL, "units.csv", &error);
  g_assert_no_error (error);
  kh_project_import_units (project, units, "units.csv", &error);
  g_assert_no_error (error);
  kh_project_set_framework (project, 2020, framework_xml, strlen (framework_xml), "crash.xml",
                            &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  guint kills;
  guint hot_journals;  /* kills that left a transaction half-written (rolled back on open) */
  guint max_step;
} Stats;

/* The last committed step, from the audit log; -1 when none. */
static int
last_step (KhProject *project)
{
  sqlite3_stmt *stmt = NULL;
  int step = -1;

  sqlite3_prepare_v2 (kh_project_get_db (project),
                      "SELECT count(*) FROM audit_log WHERE action IN ('import', 'edit')", -1,
                      &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    step = sqlite3_column_int (stmt, 0) - 1;
  sqlite3_finalize (stmt);
  return step;
}

/* Checks that the project holds exactly the state after step @m. */
static void
check_state (KhProject *project,
             int        m)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_project_get_records (project, 2020, &error);
  int base = m % 2 == 0 ? m : m - 1;

  g_assert_no_error (error);
  if (m < 0)
    {
      g_assert_cmpuint (set->records->len, ==, 0);
      return;
    }
  g_assert_cmpuint (set->records->len, ==, 9);
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);
      double expected = base;

      if (m % 2 == 1 && g_str_equal (r->unit, "nanjing") && g_str_equal (r->field, "gdp"))
        expected = m;
      if (r->value != expected)
        g_error ("after step %d: %s/%s is %g, expected %g", m, r->unit, r->field, r->value,
                 expected);
    }
}

/* Kills a child that imports and edits in a loop, at a random moment; with
 * @after_a_step, the moment is counted from its first committed step (a loaded machine
 * or a sanitizer build may take longer to start a child than the random delay), so the
 * children make progress from kill to kill. */
static void
kill_once (const char *self_exe,
           const char *path,
           gboolean    after_a_step,
           Stats      *stats)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *head = NULL;
  const char *argv[] = { self_exe, "--child", path, NULL };
  char buffer[4096];
  GString *output = g_string_new (NULL);
  int out_fd = -1, status = 0;
  int acked = -1;
  GPid pid;
  ssize_t n;
  gint64 seq = 0;
  int m;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  while (after_a_step && strchr (output->str, '\n') == NULL
         && (n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (output, buffer, n);
  g_usleep (g_random_int_range (0, 40000));
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) || (WIFEXITED (status) && WEXITSTATUS (status) == 0));

  while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (output, buffer, n);
  close (out_fd);
  {
    g_auto (GStrv) lines = g_strsplit (output->str, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i + 1] != NULL) /* complete lines only */
        acked = atoi (lines[i]);
  }
  g_string_free (output, TRUE);

  stats->kills++;
  if (g_file_test (journal, G_FILE_TEST_EXISTS))
    stats->hot_journals++;

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_error ("after a kill: %s", (char *) problems->pdata[i]);
  m = last_step (project);
  g_assert_cmpint (m, >=, acked);
  check_state (project, m);
  stats->max_step = MAX (stats->max_step, (guint) MAX (m, 0));
}

static void
run_kills (guint       kills,
           const char *dir,
           Stats      *stats)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *path = create_project (dir);

  g_assert_nonnull (self_exe);
  for (guint i = 0; i < kills; i++)
    kill_once (self_exe, path, i % 2 == 1, stats);
  {
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);

    g_unlink (journal);
  }
  g_unlink (path);
}

static void
test_crash_kills (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-crash-XXXXXX", &error);
  Stats stats = { 0 };

  g_assert_no_error (error);
  run_kills (SUITE_KILLS, dir, &stats);
  g_test_message ("%u kills, %u left a hot journal, %u steps committed", stats.kills,
                  stats.hot_journals, stats.max_step + 1);
  /* The children made progress: at least one step was committed. */
  g_assert_cmpuint (stats.max_step, >, 0);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  if (argc >= 3 && g_str_equal (argv[1], "--soak"))
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = argc >= 4 ? g_strdup (argv[3])
                                       : g_dir_make_tmp ("kh-soak-XXXXXX", &error);
      Stats stats = { 0 };
      gint64 start = g_get_monotonic_time ();

      g_assert_no_error (error);
      run_kills ((guint) atoi (argv[2]), dir, &stats);
      printf ("%u kills, %u interrupted a transaction (hot journal rolled back), %u steps "
              "committed, %.1f s; every state intact\n",
              stats.kills, stats.hot_journals, stats.max_step + 1,
              (g_get_monotonic_time () - start) / 1e6);
      if (argc < 4)
        g_rmdir (dir);
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kills", test_crash_kills);
  return g_test_run ();
}
