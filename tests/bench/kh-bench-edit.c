/* kh-bench-edit.c — how long one value edit takes in a large project (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-edit [-n] PROJECT YEAR [EDITS]
 *
 * Opens PROJECT (it is changed: give it a copy) and edits EDITS (default 20) values of
 * YEAR one by one through kh_project_set_value(), as the app's Data grid and undo do: each
 * edit checks the cell, stores it, audits it and the flags of the value it stored, in one
 * transaction. The cells are spread over the year's stored values (every n-th in the order
 * of the key), each set to 3 × its value, so that some of them are flagged. Prints the
 * median, 95th percentile and largest time of an edit and its CPU time, then the same of
 * reading the year's flags after an edit (the Data page's list; -n leaves it out, to
 * profile the edits alone), with the load.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "io/kh-project-plausibility.h"
#include "io/kh-project.h"
#include "io/kh-table.h"

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

/* This process's CPU time (all threads): what an edit costs whatever the load. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_times (const char *what,
             GArray     *times)
{
  double median, p95;

  g_array_sort (times, compare_doubles);
  median = g_array_index (times, double, (times->len - 1) / 2);
  p95 = g_array_index (times, double, (guint) ceil (0.95 * times->len) - 1);
  printf ("%-34s n=%-4u median %9.2f ms   p95 %9.2f ms   max %9.2f ms\n", what, times->len,
          median, p95, g_array_index (times, double, times->len - 1));
}

static double
load_average (void)
{
  double load = -1;
  FILE *f = fopen ("/proc/loadavg", "r");

  if (f != NULL)
    {
      if (fscanf (f, "%lf", &load) != 1)
        load = -1;
      fclose (f);
    }
  return load;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhRecordSet) records = NULL;
  g_autoptr (GArray) edits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) edits_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) reads = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_edits = 20, n_done = 0, n_flagged = 0;
  gboolean read_flags = TRUE;
  double start;
  int year;

  if (argc > 1 && g_str_equal (argv[1], "-n"))
    {
      read_flags = FALSE;
      argc--;
      argv++;
    }
  if (argc < 3 || argc > 4)
    {
      fprintf (stderr, "usage: kh-bench-edit [-n] PROJECT YEAR [EDITS]\n");
      return 2;
    }
  year = atoi (argv[2]);
  if (argc == 4)
    n_edits = (guint) atoi (argv[3]);
  if (n_edits == 0)
    n_edits = 1;
  g_setenv ("KAOHE_USER", "bench", FALSE);
  printf ("load at the start: %.2f\n", load_average ());

  start = now_ms ();
  project = kh_project_open (argv[1], &error);
  if (project == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("open: %.1f ms\n", now_ms () - start);
  records = kh_project_get_records (project, year, &error);
  if (records == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("%u values in %d\n", records->records->len, year);

  for (guint i = 0; i < records->records->len && n_done < n_edits; i++)
    {
      /* Every n-th value that is a number, walking the year's values once. */
      guint k = (guint) (((guint64) n_done * 7919 + 1) * records->records->len
                         / ((guint64) n_edits * 7919 + 1));
      const KhRecord *r;
      g_autoptr (GPtrArray) flags = NULL;
      double t, c;

      if (k < i)
        k = i;
      if (k >= records->records->len)
        break;
      i = k;
      r = &g_array_index (records->records, KhRecord, i);
      if (isnan (r->value))
        continue;
      c = cpu_ms ();
      t = now_ms ();
      if (!kh_project_set_value (project, year, r->unit, r->field,
                                 r->value != 0 ? 3 * r->value : 1, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      t = now_ms () - t;
      c = cpu_ms () - c;
      g_array_append_val (edits, t);
      g_array_append_val (edits_cpu, c);
      n_done++;
      if (!read_flags)
        continue;
      t = now_ms ();
      flags = kh_project_get_value_flags (project, year, &error);
      if (flags == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      t = now_ms () - t;
      g_array_append_val (reads, t);
      for (guint f = 0; f < flags->len; f++)
        {
          const KhValueFlag *flag = flags->pdata[f];

          if (g_str_equal (flag->unit_id, r->unit) && g_str_equal (flag->field, r->field))
            n_flagged++;
        }
    }
  if (edits->len == 0)
    {
      fprintf (stderr, "no value of %d to edit\n", year);
      return 1;
    }
  print_times ("edit (kh_project_set_value)", edits);
  print_times ("  its CPU time", edits_cpu);
  if (reads->len > 0)
    {
      print_times ("the year's flags after an edit", reads);
      printf ("edited values flagged: %u of %u\n", n_flagged, n_done);
    }
  printf ("load at the end: %.2f\n", load_average ());
  return 0;
}
