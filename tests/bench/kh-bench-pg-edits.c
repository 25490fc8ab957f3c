/* kh-bench-pg-edits.c — many writers editing one project on a server (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-pg-edits [WRITERS [EDITS [CELLS]]]     (default 50 × 200 on 40 cells)
 *
 * A throwaway server (kh-pg-harness.h), a project made ready as init-server makes it with
 * 20 cities and tests/data/project/framework-2020.xml (gdp, pm25). WRITERS processes
 * (this program again, with --writer) start together and each makes EDITS edits: it reads
 * a cell as its editor would see it, then kh_project_edit_value() based on that value with
 * a value no other edit writes; an edit refused as a conflict is counted, not retried.
 * Then the accounting: every edit saved or refused as a conflict (no other failure); the
 * audit log holds one "edit" row per edit saved, with its value; on each cell every saved
 * edit's "old" is the value saved before it (no lost update) and the cell holds the last;
 * `kaohe-cli verify` passes. Prints edits/s, the latencies' median and 95th percentile,
 * the conflicts and the load; exits 1 when the accounting fails.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/kh-csv.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-private.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"

#define N_UNITS 20

static void
cell_of (int    k,
         char **unit,
         const char **field)
{
  *unit = g_strdup_printf ("c%02d", k % N_UNITS);
  *field = (k / N_UNITS) % 2 == 0 ? "gdp" : "pm25";
}

/* One writer: EDITS edits, one result line each into @out ("ok|conflict|error µs"). */
static int
run_writer (const char *uri,
            int         writer,
            int         edits,
            int         cells,
            const char *go,
            const char *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (uri, &error);
  KhDb *raw; /* the project's own connection (one per writer: the server's 100) */
  GString *lines = g_string_new (NULL);

  if (project == NULL)
    {
      fprintf (stderr, "writer %d: %s\n", writer, error->message);
      return 1;
    }
  raw = project->store;
  while (!g_file_test (go, G_FILE_TEST_EXISTS))
    g_usleep (1000);
  for (int i = 0; i < edits; i++)
    {
      g_autofree char *unit = NULL;
      g_autoptr (KhDbStmt) stmt = NULL;
      const char *field;
      double seen = NAN, value = writer * 100000.0 + i + 1;
      gint64 start;
      gboolean ok;

      cell_of (writer * 7 + i * 13, &unit, &field);
      (void) cells;
      stmt = kh_db_prepare (raw, "SELECT value FROM data_values WHERE year = 2020 AND "
                                 "unit_id = ? AND field = ?", &error);
      kh_db_bind_text (stmt, 1, unit);
      kh_db_bind_text (stmt, 2, field);
      if (kh_db_step (stmt, &error) == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0))
        seen = kh_db_column_double (stmt, 0);
      g_clear_error (&error);
      start = g_get_monotonic_time ();
      ok = kh_project_edit_value (project, 2020, unit, field, seen, value, NULL, &error);
      g_string_append_printf (lines, "%s %" G_GINT64_FORMAT "\n",
                              ok ? "ok"
                                 : g_error_matches (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT)
                                     ? "conflict"
                                     : "error",
                              g_get_monotonic_time () - start);
      if (!ok && !g_error_matches (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT))
        fprintf (stderr, "writer %d, edit %d: %s\n", writer, i, error->message);
      g_clear_error (&error);
    }
  g_file_set_contents (out, lines->str, -1, NULL);
  g_string_free (lines, TRUE);
  return 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static char *
detail_get (const char *detail,
            const char *key)
{
  g_auto (GStrv) lines = g_strsplit (detail, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == '=')
      return g_strdup (lines[i] + strlen (key) + 1);
  return g_strdup ("");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int writers = 50, edits = 200, cells = 2 * N_UNITS;
  KhPgHarness *pg;
  KhDb *admin;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GString) units_csv = g_string_new ("id,name_zh,name_en,category,group,from_year,"
                                                "until_year,successor\n");
  g_autoptr (KhCsvTable) units = NULL;
  g_autofree char *fw_path = g_build_filename (KH_BENCH_SOURCE_ROOT, "tests", "data", "project",
                                               "framework-2020.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *go = NULL;
  g_autoptr (GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  guint n_ok = 0, n_conflict = 0, n_error = 0, n_audit = 0, n_lost = 0, n_final_bad = 0;
  gint64 start, elapsed;
  gsize len = 0;
  char *load = NULL;
  int status = 0;

  if (argc >= 2 && strcmp (argv[1], "--writer") == 0 && argc == 8)
    return run_writer (argv[2], atoi (argv[3]), atoi (argv[4]), atoi (argv[5]), argv[6],
                       argv[7]);
  if (argc >= 2)
    writers = atoi (argv[1]);
  if (argc >= 3)
    edits = atoi (argv[2]);
  if (writers < 1 || edits < 1)
    {
      fprintf (stderr, "usage: kh-bench-pg-edits [WRITERS [EDITS]]\n");
      return 2;
    }

  pg = kh_pg_harness_start (&error);
  if (pg == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  admin = kh_pg_harness_open (pg);
  if (!kh_db_server_init (admin, &error))
    g_error ("%s", error->message);
  project = kh_project_open (kh_pg_harness_uri (pg), &error);
  g_assert_no_error (error);
  for (int u = 0; u < N_UNITS; u++)
    g_string_append_printf (units_csv, "c%02d,城市%02d,City %02d,city,cities,,,\n", u, u, u);
  units = kh_csv_parse (units_csv->str, units_csv->len, NULL, "units.csv", &error);
  g_assert_no_error (error);
  if (!kh_project_import_units (project, units, "units.csv", &error)
      || !g_file_get_contents (fw_path, &xml, &len, &error)
      || !kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("kh-bench-pg-edits-XXXXXX", NULL);
  go = g_build_filename (dir, "go", NULL);
  for (int w = 0; w < writers; w++)
    {
      g_autofree char *out = g_strdup_printf ("%s/w%d", dir, w);
      g_autofree char *ws = g_strdup_printf ("%d", w);
      g_autofree char *es = g_strdup_printf ("%d", edits);
      g_autofree char *cs = g_strdup_printf ("%d", cells);
      GSubprocess *proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, argv[0], "--writer",
                                            kh_pg_harness_uri (pg), ws, es, cs, go, out, NULL);

      g_assert_no_error (error);
      g_ptr_array_add (procs, proc);
    }
  /* Every writer connected and waiting: go. */
  start = g_get_monotonic_time ();
  g_file_set_contents (go, "", 0, NULL);
  for (guint p = 0; p < procs->len; p++)
    {
      g_subprocess_wait (procs->pdata[p], NULL, NULL);
      if (!g_subprocess_get_successful (procs->pdata[p]))
        status = 1;
    }
  elapsed = g_get_monotonic_time () - start;

  for (int w = 0; w < writers; w++)
    {
      g_autofree char *out = g_strdup_printf ("%s/w%d", dir, w);
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_file_get_contents (out, &text, NULL, NULL))
        {
          n_error += edits;
          continue;
        }
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          gint64 us = g_ascii_strtoll (strchr (lines[i], ' ') + 1, NULL, 10);

          g_array_append_val (latencies, us);
          if (g_str_has_prefix (lines[i], "ok "))
            n_ok++;
          else if (g_str_has_prefix (lines[i], "conflict "))
            n_conflict++;
          else
            n_error++;
        }
      g_unlink (out);
    }
  g_unlink (go);
  g_rmdir (dir);

  /* The audit chain's edits, in order: each based on the one before on its cell. */
  stmt = kh_db_prepare (admin, "SELECT detail FROM audit_log WHERE action = 'edit' ORDER BY seq",
                        &error);
  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      const char *detail = kh_db_column_text (stmt, 0);
      g_autofree char *unit = detail_get (detail, "unit");
      g_autofree char *field = detail_get (detail, "field");
      g_autofree char *old = detail_get (detail, "old");
      char *key = g_strdup_printf ("%s/%s", unit, field);
      const char *before = g_hash_table_lookup (last, key);

      n_audit++;
      if (g_strcmp0 (before != NULL ? before : "", old) != 0)
        n_lost++;
      g_hash_table_insert (last, key, detail_get (detail, "new"));
    }
  g_assert_no_error (error);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  stmt = kh_db_prepare (admin, "SELECT unit_id || '/' || field, value FROM data_values "
                               "WHERE year = 2020", &error);
  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      const char *expected = g_hash_table_lookup (last, kh_db_column_text (stmt, 0));
      double value = kh_db_column_double (stmt, 1);

      if (expected == NULL || g_ascii_strtod (expected, NULL) != value)
        n_final_bad++;
    }
  g_assert_no_error (error);
  g_clear_pointer (&stmt, kh_db_stmt_free);

  g_array_sort (latencies, compare_gint64);
  printf ("%d writers × %d edits on %d cells: %u saved, %u conflicts, %u failed\n", writers,
          edits, cells, n_ok, n_conflict, n_error);
  printf ("%.1f s, %.0f edits/s (saved or refused); latency median %.1f ms, p95 %.1f ms\n",
          elapsed / 1e6, (n_ok + n_conflict) / (elapsed / 1e6),
          latencies->len > 0 ? g_array_index (latencies, gint64, latencies->len / 2) / 1e3 : 0,
          latencies->len > 0
            ? g_array_index (latencies, gint64, (latencies->len * 95) / 100) / 1e3
            : 0);
  printf ("audit: %u edit rows (saved %u); edits not based on the one before: %u; "
          "cells not holding their last edit: %u\n",
          n_audit, n_ok, n_lost, n_final_bad);
  if (n_error != 0 || n_audit != n_ok || n_lost != 0 || n_final_bad != 0
      || n_ok + n_conflict != (guint) (writers * edits))
    status = 1;
  {
    g_autofree char *cli = g_build_filename (KH_BENCH_BUILD_ROOT, "app", "cli", "kaohe-cli", NULL);
    g_autofree char *out = NULL;
    int wait_status = 0;
    const char *args[] = { cli, "verify", kh_pg_harness_uri (pg), NULL };

    if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                       NULL, &wait_status, &error)
        || !g_spawn_check_wait_status (wait_status, NULL))
      {
        printf ("kaohe-cli verify: FAILED\n%s", out != NULL ? out : "");
        status = 1;
      }
    else
      printf ("kaohe-cli verify: passed\n");
    g_clear_error (&error);
  }
  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load: %s", load);
  g_free (load);
  printf ("%s\n", status == 0 ? "OK" : "FAILED");
  g_clear_pointer (&project, kh_project_close);
  kh_db_close (admin);
  kh_pg_harness_stop (pg, NULL);
  return status;
}
