/* kh-bench-pg-push.c — a push of many cells against as many single edits (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-pg-push [UNITS]     (default 200 cities × 2 fields: 400 cells)
 *
 * A throwaway server (kh-pg-harness.h), a project made ready as init-server makes it with
 * UNITS cities and tests/data/project/framework-2020.xml (gdp, pm25). In one process, one
 * after the other on the same connection:
 *   single  every cell written by kh_project_edit_value() (based on its empty value), one
 *           transaction and one set of checks each, as `kaohe-cli set --was` writes it;
 *   push    every cell again, by kh_project_edit_values() based on those values: one
 *           transaction, each year's checks read once, as `kaohe-cli push` writes them;
 *   again   the same push once more: every cell already holds its value, nothing written.
 * Prints the time of each and single/push, the load; exits 1 when a cell does not hold
 * its pushed value, the audit log does not hold one "edit" row per cell written, or the
 * second push wrote anything.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/kh-csv.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"

static gint64
count (KhDb       *db,
       const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);

  if (stmt == NULL || kh_db_step (stmt, &error) != KH_DB_STEP_ROW)
    g_error ("%s: %s", sql, error != NULL ? error->message : "no row");
  return kh_db_column_int64 (stmt, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int n_units = argc >= 2 ? atoi (argv[1]) : 200;
  KhPgHarness *pg;
  KhDb *admin;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GString) units_csv = g_string_new ("id,name_zh,name_en,category,group,from_year,"
                                                "until_year,successor\n");
  g_autoptr (KhCsvTable) units = NULL;
  g_autofree char *fw_path = g_build_filename (KH_BENCH_SOURCE_ROOT, "tests", "data", "project",
                                               "framework-2020.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree KhValueEdit *edits = NULL;
  gint64 start, single_us, push_us, again_us;
  guint n_cells, written = 0, written_again = 1;
  gsize len = 0;
  char *load = NULL;
  int status = 0;

  if (n_units < 1)
    {
      fprintf (stderr, "usage: kh-bench-pg-push [UNITS]\n");
      return 2;
    }
  n_cells = 2 * (guint) n_units;
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
  for (int u = 0; u < n_units; u++)
    g_string_append_printf (units_csv, "c%04d,城市%04d,City %04d,city,cities,,,\n", u, u, u);
  units = kh_csv_parse (units_csv->str, units_csv->len, NULL, "units.csv", &error);
  g_assert_no_error (error);
  if (!kh_project_import_units (project, units, "units.csv", &error)
      || !g_file_get_contents (fw_path, &xml, &len, &error)
      || !kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error))
    g_error ("%s", error->message);

  edits = g_new0 (KhValueEdit, n_cells);
  for (guint k = 0; k < n_cells; k++)
    {
      char *unit = g_strdup_printf ("c%04u", k / 2);

      g_ptr_array_add (names, unit);
      edits[k] = (KhValueEdit) { 2020, unit, k % 2 == 0 ? "gdp" : "pm25", NAN, 1000.0 + k };
    }

  start = g_get_monotonic_time ();
  for (guint k = 0; k < n_cells; k++)
    if (!kh_project_edit_value (project, 2020, edits[k].unit, edits[k].field, NAN,
                                edits[k].value, NULL, &error))
      g_error ("%s", error->message);
  single_us = g_get_monotonic_time () - start;

  for (guint k = 0; k < n_cells; k++)
    {
      edits[k].seen = edits[k].value;
      edits[k].value = 2000.0 + k;
    }
  start = g_get_monotonic_time ();
  if (!kh_project_edit_values (project, edits, n_cells, KH_EDIT_RESOLVE_REFUSE, NULL, &written,
                               &error))
    g_error ("%s", error->message);
  push_us = g_get_monotonic_time () - start;
  start = g_get_monotonic_time ();
  if (!kh_project_edit_values (project, edits, n_cells, KH_EDIT_RESOLVE_REFUSE, NULL,
                               &written_again, &error))
    g_error ("%s", error->message);
  again_us = g_get_monotonic_time () - start;

  printf ("%u cells of %d units on a throwaway server\n", n_cells, n_units);
  printf ("single: %8.1f ms (%.2f ms a cell)\n", single_us / 1e3, single_us / 1e3 / n_cells);
  printf ("push:   %8.1f ms (%.2f ms a cell), %u written\n", push_us / 1e3,
          push_us / 1e3 / n_cells, written);
  printf ("again:  %8.1f ms, %u written\n", again_us / 1e3, written_again);
  printf ("single/push: %.1f\n", (double) single_us / (double) push_us);

  if (written != n_cells || written_again != 0)
    status = 1;
  if (count (admin, "SELECT count(*) FROM audit_log WHERE action = 'edit'") != 2 * n_cells)
    status = 1;
  if (count (admin, "SELECT count(*) FROM data_values d WHERE year = 2020 AND value = 2000 + "
                    "2 * CAST (substr (unit_id, 2) AS INTEGER) "
                    "+ CASE field WHEN 'gdp' THEN 0 ELSE 1 END")
      != n_cells)
    status = 1;
  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load: %s", load);
  g_free (load);
  printf ("%s\n", status == 0 ? "OK" : "FAILED");
  g_clear_pointer (&project, kh_project_close);
  kh_db_close (admin);
  kh_pg_harness_stop (pg, NULL);
  return status;
}
