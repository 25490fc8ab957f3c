/* kh-bench-gen.c — write a large synthetic project as files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-gen [--units 3000] [--indicators 200] [--years 10] [--groups 10] DIR
 *
 * Writes DIR/framework.xml and DIR/data-YEAR.csv (wide: unit,name,group,fields…), the
 * same data kh-bench-engine scores in memory, so that `kaohe-cli compute --framework
 * DIR/framework.xml --data DIR/data-2020.csv --previous DIR/data-2019.csv` can be timed
 * end to end.
 *
 * The project holds one category (the framework's), so the framework is written without
 * kh_bench_framework's quota rules: a "321" rule recommends units of another category
 * ("county"), which such a project has not, and `kaohe-cli report` and `chart` refuse a
 * framework whose rule names a category the project does not hold (test bench-gen).
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "io/kh-framework-xml.h"
#include "kh-bench-synth.h"

static gboolean
write_csv (KhDataset  *ds,
           const char *path,
           GError    **error)
{
  g_autoptr (GString) out = g_string_new ("unit,name,group");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint f = 0; f < kh_dataset_get_n_fields (ds); f++)
    g_string_append_printf (out, ",%s", kh_dataset_get_field_id (ds, f));
  g_string_append_c (out, '\n');
  for (guint u = 0; u < kh_dataset_get_n_units (ds); u++)
    {
      g_string_append_printf (out, "%s,%s,%s", kh_dataset_get_unit_id (ds, u),
                              kh_dataset_get_unit_name (ds, u), kh_dataset_get_unit_group (ds, u));
      for (guint f = 0; f < kh_dataset_get_n_fields (ds); f++)
        {
          double v = kh_dataset_get (ds, u, f);

          g_string_append_c (out, ',');
          if (!isnan (v))
            g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", v));
        }
      g_string_append_c (out, '\n');
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

int
main (int    argc,
      char **argv)
{
  int units = 3000, indicators = 200, years = 10, groups = 10;
  GOptionEntry entries[] = {
    { "units", 0, 0, G_OPTION_ARG_INT, &units, "Units", "N" },
    { "indicators", 0, 0, G_OPTION_ARG_INT, &indicators, "Indicators", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, "Years, ending in 2020", "N" },
    { "groups", 0, 0, G_OPTION_ARG_INT, &groups, "Peer groups", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;
  g_autofree char *fw_path = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || units < 1
      || indicators < 1 || years < 1 || groups < 1)
    {
      fprintf (stderr, "kh-bench-gen: %s\n", error != NULL ? error->message : "usage: kh-bench-gen [OPTION…] DIR");
      return 2;
    }
  if (g_mkdir_with_parents (argv[1], 0755) != 0)
    {
      fprintf (stderr, "kh-bench-gen: %s: %s\n", argv[1], g_strerror (errno));
      return 1;
    }

  fw = kh_bench_framework ("synthetic", "synthetic", (guint) indicators, 10, (guint) groups);
  for (guint g = 0; g < fw->groups->len; g++)
    g_ptr_array_set_size (((KhGroup *) fw->groups->pdata[g])->quotas, 0);
  fw_path = g_build_filename (argv[1], "framework.xml", NULL);
  if (!kh_framework_xml_save_file (fw, fw_path, &error))
    {
      fprintf (stderr, "kh-bench-gen: %s\n", error->message);
      return 1;
    }
  for (int y = 0; y < years; y++)
    {
      int year = 2020 - years + 1 + y;
      g_autoptr (KhDataset) ds = kh_bench_dataset (fw, (guint) units, year, 2024);
      g_autofree char *name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *path = g_build_filename (argv[1], name, NULL);

      if (!write_csv (ds, path, &error))
        {
          fprintf (stderr, "kh-bench-gen: %s\n", error->message);
          return 1;
        }
    }
  printf ("%s and %d data files written\n", fw_path, years);
  return 0;
}
