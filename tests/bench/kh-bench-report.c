/* kh-bench-report.c — how long the full annual report takes, for every category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-report [--year Y] [-o OUT.pdf] [PROJECT…]
 *
 * With projects (e.g. the built Jiangsu sample), it computes the year and its history from
 * them as kaohe-cli report does. Without, it makes a synthetic province of the Jiangsu
 * sizes: 13 cities (1 group), 99 agencies (5 groups), 73 universities (4 groups) and 96
 * counties (1 group), 30 indicators each, 2018–2020. It prints the time of each phase:
 * results (computing the plans), layout (pagination) and PDF (drawing every page into a
 * cairo PDF surface). The target is under 2 seconds for all of it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "kh-bench-synth.h"
#include "report/kh-report-project.h"
#include "report/kh-report.h"

static const struct
{
  const char *category;
  guint units, groups;
} province[] = {
  { "city", 13, 1 },
  { "agency", 99, 5 },
  { "university", 73, 4 },
  { "county", 96, 1 },
};

static KhReportData *
synthetic_data (int year)
{
  int years[] = { year - 2, year - 1, year };
  KhReportData *data = kh_report_data_new (year, 3, years);
  g_autoptr (GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  for (guint c = 0; c < G_N_ELEMENTS (province); c++)
    {
      g_autoptr (KhFramework) fw = kh_bench_framework (province[c].category, province[c].category, 30, 5,
                                                       province[c].groups);
      g_autoptr (KhPlan) previous = NULL;

      /* Group ids are unique across categories in a province. */
      for (guint g = 0; g < fw->groups->len; g++)
        {
          KhGroup *group = fw->groups->pdata[g];
          g_autofree char *id = group->id;

          group->id = g_strdup_printf ("%s-%s", province[c].category, id);
        }
      for (int y = 0; y < 3; y++)
        {
          g_autoptr (KhDataset) ds = kh_bench_dataset (fw, province[c].units, years[y], 2021 + c);
          g_autoptr (GError) error = NULL;
          KhPlan *plan = kh_plan_new (fw, ds, previous, &error);

          if (plan == NULL)
            g_error ("%s", error->message);
          kh_plan_compute (plan);
          g_clear_pointer (&previous, kh_plan_unref);
          previous = kh_plan_ref (plan);
          if (y == 2 && !kh_report_data_add_plan (data, plan, &error))
            g_error ("%s", error->message);
          g_ptr_array_add (history, plan);
        }
    }
  /* The history after every category's report year. */
  for (guint i = 0; i < history->len; i++)
    {
      KhPlan *plan = history->pdata[i];
      g_autoptr (GError) error = NULL;

      if (kh_dataset_get_year (kh_plan_get_dataset (plan)) != year
          && !kh_report_data_add_plan (data, plan, &error))
        g_error ("%s", error->message);
    }
  g_free (data->chain_head);
  data->chain_head = g_strnfill (64, '0');
  g_free (data->project_name);
  data->project_name = g_strdup ("synthetic province");
  kh_report_data_set_date (data, NULL);
  return data;
}

int
main (int    argc,
      char **argv)
{
  int year = 2020;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, "Year of the report", "Y" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Keep the PDF here", "OUT.pdf" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("[PROJECT…]");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (KhReport) report = NULL;
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_project_close);
  KhReportOptions options = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE };
  g_autofree char *path = NULL;
  gint64 t0, t1, t2, t3;
  guint units = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  t0 = g_get_monotonic_time ();
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        {
          KhProject *project = kh_project_open (argv[i], &error);

          if (project == NULL)
            g_error ("%s", error->message);
          g_ptr_array_add (projects, project);
        }
      data = kh_report_data_load ((KhProject **) projects->pdata, projects->len, year, 0, &error);
      if (data == NULL)
        g_error ("%s", error->message);
    }
  else
    data = synthetic_data (year);
  t1 = g_get_monotonic_time ();

  report = kh_report_new (data, &options, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  t2 = g_get_monotonic_time ();

  path = output != NULL ? g_strdup (output) : g_build_filename (g_get_tmp_dir (), "kh-bench-report.pdf", NULL);
  if (!kh_report_write_pdf (report, path, &error))
    g_error ("%s", error->message);
  t3 = g_get_monotonic_time ();
  if (output == NULL)
    g_unlink (path);

  for (guint g = 0; g < data->groups->len; g++)
    units += ((KhReportGroup *) data->groups->pdata[g])->rows->len;
  printf ("annual report %d: %u groups, %u units, %u pages\n", year, data->groups->len, units,
          kh_report_get_n_pages (report));
  printf ("  results  %8.1f ms\n", (t1 - t0) / 1000.0);
  printf ("  layout   %8.1f ms\n", (t2 - t1) / 1000.0);
  printf ("  pdf      %8.1f ms\n", (t3 - t2) / 1000.0);
  printf ("  total    %8.1f ms (target < 2000 ms)\n", (t3 - t0) / 1000.0);
  return 0;
}
