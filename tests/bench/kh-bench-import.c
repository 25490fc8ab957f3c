/* kh-bench-import.c — how fast data files import, and how much memory an import takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-import [OUTDIR]
 *
 * Builds a project with the 2020 city framework of the sample and enough synthetic
 * units, then imports (as `kaohe-cli import` does: read, records, the project's check,
 * one transaction) a 100,000-row long CSV and a wide XLSX workbook of about 20 MB. Each
 * import runs in a forked child, so its peak memory (ru_maxrss) is its own. Prints rows
 * and values per second, the peak memory, and that peak against the promise of issue 14
 * (8 × the file's size + 64 MiB). Built by meson, not run as a test.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/kh-framework-xml.h"
#include "io/kh-project-private.h"
#include "io/kh-project.h"
#include "io/kh-table.h"
#include "io/kh-xlsx.h"

#define LONG_ROWS 100000
#define XLSX_TARGET (20u * 1000u * 1000u)

static double
now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The data fields of the sample's 2020 city framework, sorted. */
static GPtrArray *
city_fields (const char *xml_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_file (xml_path, &error);
  g_autoptr (GHashTable) fields = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  if (fw == NULL)
    g_error ("%s", error->message);
  fields = kh_project_fields_of (fw);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (list, g_strdup (key));
  g_ptr_array_sort (list, compare_strings);
  return list;
}

static void
write_units (const char *path,
             guint       n)
{
  FILE *out = fopen (path, "w");

  fputs ("id,name_zh,category,group\n", out);
  for (guint i = 0; i < n; i++)
    fprintf (out, "u%06u,单位%06u,city,cities\n", i, i);
  fclose (out);
}

static void
write_long_csv (const char *path,
                GPtrArray  *fields)
{
  FILE *out = fopen (path, "w");

  fputs ("unit,year,indicator,value\n", out);
  for (guint r = 0; r < LONG_ROWS; r++)
    fprintf (out, "u%06u,2020,%s,%.2f\n", r / fields->len,
             (const char *) fields->pdata[r % fields->len], 100.0 + (r % 997) * 0.37);
  fclose (out);
}

static void
write_wide_xlsx (const char *path,
                 GPtrArray  *fields,
                 guint       rows)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *workbook = workbook_new_opt (path, &options);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, NULL);

  worksheet_write_string (sheet, 0, 0, "unit", NULL);
  for (guint j = 0; j < fields->len; j++)
    worksheet_write_string (sheet, 0, (lxw_col_t) (j + 1), fields->pdata[j], NULL);
  for (guint r = 0; r < rows; r++)
    {
      char unit[16];

      g_snprintf (unit, sizeof unit, "u%06u", r);
      worksheet_write_string (sheet, r + 1, 0, unit, NULL);
      for (guint j = 0; j < fields->len; j++)
        worksheet_write_number (sheet, r + 1, (lxw_col_t) (j + 1),
                                ((r * 31 + j * 7) % 10007) * 0.173, NULL);
    }
  if (workbook_close (workbook) != LXW_NO_ERROR)
    g_error ("cannot write %s", path);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    g_error ("%s: %s", path, g_strerror (errno));
  return (guint64) st.st_size;
}

/* Imports @path into @project in a forked child; prints the figures; FALSE when the
 * import was refused. */
static gboolean
measure_import (const char *project,
                const char *path,
                guint       rows)
{
  struct rusage usage;
  double start = now_seconds (), seconds;
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhProject) p = kh_project_open (project, &error);
      g_autoptr (KhCsvTable) table = NULL;
      g_autoptr (KhRecordSet) set = NULL;
      guint n = 0;

      if (p != NULL)
        table = g_str_has_suffix (path, ".xlsx") ? kh_xlsx_read_file (path, NULL, &error)
                                                 : kh_csv_read_file (path, NULL, &error);
      if (table != NULL)
        set = kh_record_set_from_table (table, path, &error);
      if (set == NULL || !kh_project_import_records_full (p, 2020, set, "bench", &n, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          _exit (1);
        }
      _exit (n > 0 ? 0 : 2);
    }
  wait4 (pid, &status, 0, &usage);
  seconds = now_seconds () - start;
  {
    guint64 size = file_size (path);
    double peak = usage.ru_maxrss * 1024.0;
    double bound = 8.0 * size + 64.0 * 1048576;
    g_autofree char *base = g_path_get_basename (path);

    /* A refusal (the child printed why) is a figure too: when and at what peak. */
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
      {
        printf ("%s: %.1f MB, %u rows: REFUSED after %.2f s; peak memory %.1f MiB "
                "(%.0f%% of 8 × size + 64 MiB = %.1f MiB)\n",
                base, size / 1e6, rows, seconds, peak / 1048576.0, 100.0 * peak / bound,
                bound / 1048576.0);
        return FALSE;
      }
    printf ("%s: %.1f MB, %u rows in %.2f s = %.0f rows/s; peak memory %.1f MiB "
            "(%.0f%% of 8 × size + 64 MiB = %.1f MiB)\n",
            base, size / 1e6, rows, seconds, rows / seconds,
            peak / 1048576.0, 100.0 * peak / bound, bound / 1048576.0);
  }
  fflush (stdout);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("kh-bench-import-XXXXXX", &error);
  g_autofree char *framework = g_build_filename (KH_BENCH_SOURCE_ROOT, "data", "frameworks",
                                                 "jiangsu-2020-city.xml", NULL);
  g_autofree char *project = g_build_filename (dir, "bench.kaohe", NULL);
  g_autofree char *units = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *csv = g_build_filename (dir, "long-100000.csv", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "wide-20mb.xlsx", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe.xlsx", NULL);
  g_autoptr (GPtrArray) fields = city_fields (framework);
  g_autofree char *xml = NULL;
  gsize len = 0;
  guint xlsx_rows, n_units;
  gboolean ok;

  if (dir == NULL)
    g_error ("%s", error->message);
  g_mkdir_with_parents (dir, 0755);
  g_unlink (project);

  /* About 20 MB: scale from a probe of 5,000 rows. */
  write_wide_xlsx (probe, fields, 5000);
  xlsx_rows = (guint) (5000.0 * XLSX_TARGET / file_size (probe));
  g_unlink (probe);
  n_units = MAX (xlsx_rows, LONG_ROWS / fields->len + 1);
  printf ("%u data fields; %u units; XLSX of %u rows × %u values\n", fields->len, n_units,
          xlsx_rows, fields->len);

  {
    g_autoptr (KhProject) p = kh_project_create (project, &error);
    g_autoptr (KhCsvTable) table = NULL;

    write_units (units, n_units);
    table = kh_csv_read_file (units, NULL, &error);
    if (p == NULL || table == NULL || !kh_project_import_units (p, table, "units.csv", &error)
        || !g_file_get_contents (framework, &xml, &len, &error)
        || !kh_project_set_framework (p, 2020, xml, len, "city.xml", &error))
      g_error ("%s", error->message);
  }
  write_long_csv (csv, fields);
  write_wide_xlsx (xlsx, fields, xlsx_rows);

  fflush (stdout);
  ok = measure_import (project, csv, LONG_ROWS);
  ok = measure_import (project, xlsx, xlsx_rows) && ok;
  printf ("files in %s\n", dir);
  return ok ? 0 : 1;
}
