/* test-units-cli.c — kaohe-cli units: a project's units written as the units import
 * reads them, and read back into another project unchanged (issue 14)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of tests/data/units (counties k1 崇川区 … k6 under city1: k2 港闸区 merged
 * into k1 in 2020, k3 海门市 renamed k4 海门区; universities u1 … u5), frameworks of 2019
 * and 2020, then short names and aliases given in the layout per year: k1's short name
 * changes from 崇川 (2019) to 崇川城区 (2020), u1's English name holds a comma and quotes,
 * an alias starts with “=” (written with a guard, quoted, and read without it).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
} Fixture;

static const char names_csv[] =
  "id,year,name_zh,name_en,category,short_name,aliases\n"
  "k1,2019,崇川区,Chongchuan,county,崇川,=崇川;Chongchuan District\n"
  "k1,2020,崇川区,Chongchuan,county,崇川城区,崇川\n"
  "u1,2019,苏州大学,\"Soochow University, \"\"Suda\"\"\",university,苏大,苏大；Suda\n"
  "u1,2020,苏州大学,\"Soochow University, \"\"Suda\"\"\",university,苏大,\n";

static char *
in_dir (Fixture    *f,
        const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "units", name, NULL);
}

static void
cli_ok (const char *first,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (KhCliRun) run = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run = kh_test_cli_runv ((const char *const *) args->pdata);
  if (run->status != 0)
    g_error ("kaohe-cli %s: %d\n%s", first, run->status, run->err);
}

/* A project with frameworks of @years (2019, 2020 or both); @units first when given. */
static char *
new_project (Fixture    *f,
             const char *name,
             const char *units,
             gboolean    y2019)
{
  char *path = in_dir (f, name);
  g_autofree char *fw2019 = data_path ("county-2019.xml");
  g_autofree char *fw2020 = data_path ("county-2020.xml");

  cli_ok ("new", path, NULL);
  if (units != NULL)
    cli_ok ("import", path, "--units", units, NULL);
  if (y2019)
    cli_ok ("import", path, "--year", "2019", "--framework", fw2019, NULL);
  cli_ok ("import", path, "--year", "2020", "--framework", fw2020, NULL);
  return path;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("kh-units-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (g_getenv ("KH_KEEP") == NULL)
    kh_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* The source project: units.csv, 2019 and 2020, then the names above. */
static char *
source_project (Fixture *f)
{
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *names = in_dir (f, "names.csv");
  char *path;

  g_assert_true (g_file_set_contents (names, names_csv, -1, NULL));
  path = new_project (f, "a.kaohe", units, TRUE);
  cli_ok ("import", path, "--units", names, NULL);
  return path;
}

static void
test_units_every_year (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *a = source_project (f);
  g_autofree char *a_csv = in_dir (f, "a.csv");
  g_autofree char *b_csv = in_dir (f, "b.csv");
  g_autofree char *c_csv = in_dir (f, "c.csv");
  g_autofree char *text = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *b_text = NULL;
  g_autofree char *c_text = NULL;

  cli_ok ("units", a, "-o", a_csv, NULL);
  text = read_text (a_csv);
  /* 11 units in 2019 (k4 not yet), 10 in 2020 (k2, k3 gone; k4 new), by year and id. */
  g_assert_true (g_str_has_prefix (text, "id,year,name_zh,name_zh_tw,name_en,category,group,"
                                         "parent,predecessors,short_name,aliases\n"
                                         "city1,2019,南通市,南通市,Nantong,city,,,,,\n"
                                         "k1,2019,崇川区,崇川區,Chongchuan,county,counties,"
                                         "city1,,崇川,\"'=崇川;Chongchuan District;崇川\"\n"));
  /* The first year has no year before: no predecessors. In 2020 崇川区 continues itself
   * and 港闸区 (its successor's link), 海门区 continues 海门市; the aliases are the unit's,
   * on each row; the short name is the year's; a name with a comma and quotes quoted. */
  g_assert_nonnull (strstr (text, "\nk1,2020,崇川区,崇川區,Chongchuan,county,counties,city1,"
                                  "k1 k2,崇川城区,\"'=崇川;Chongchuan District;崇川\"\n"));
  g_assert_nonnull (strstr (text, "\nk4,2020,海门区,海門區,Haimen District,county,counties,"
                                  "city1,k3,,\n"));
  g_assert_nonnull (strstr (text, "\nu1,2019,苏州大学,蘇州大學,\"Soochow University, "
                                  "\"\"Suda\"\"\",university,research,,,苏大,苏大;Suda\n"));
  g_assert_null (strstr (text, "\nk4,2019,"));
  g_assert_null (strstr (text, "\nk2,2020,"));
  {
    guint lines = 0;

    for (const char *p = text; *p != '\0'; p++)
      lines += *p == '\n';
    g_assert_cmpuint (lines, ==, 1 + 11 + 10);
  }

  /* Read back into a project with its years first, and into one without years yet: the
   * same units, written the same. */
  b = new_project (f, "b.kaohe", NULL, TRUE);
  cli_ok ("import", b, "--units", a_csv, NULL);
  cli_ok ("units", b, "-o", b_csv, NULL);
  b_text = read_text (b_csv);
  g_assert_cmpstr (b_text, ==, text);
  c = new_project (f, "c.kaohe", a_csv, TRUE);
  cli_ok ("units", c, "-o", c_csv, NULL);
  c_text = read_text (c_csv);
  g_assert_cmpstr (c_text, ==, text);

  /* The short name and aliases find their units in a data sheet of the copy: 崇川城区
   * is k1 in 2020, “Chongchuan District” too (a second value: refused, naming k1). */
  {
    g_autofree char *sheet = in_dir (f, "sheet.csv");
    g_autoptr (KhCliRun) run = NULL;

    g_assert_true (g_file_set_contents (sheet, "unit,a\n崇川城区,75\nChongchuan District,76\n",
                                        -1, NULL));
    run = kh_test_cli_run ("import", b, "--year", "2020", sheet, NULL);
    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "row 3, column 2: second value for unit “k1”, field "
                                        "“a” (the first is at row 2, column 2)"));
  }
}

static void
test_units_one_year (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *a = source_project (f);
  g_autofree char *a_csv = in_dir (f, "a2020.csv");
  g_autofree char *d_csv = in_dir (f, "d2020.csv");
  g_autofree char *text = NULL;
  g_autofree char *d_text = NULL;
  g_autofree char *d = NULL;
  g_autoptr (KhCliRun) missing = NULL;

  cli_ok ("units", a, "--year", "2020", "-o", a_csv, NULL);
  text = read_text (a_csv);
  /* Without predecessors: the units of 2019 are not in the file. */
  g_assert_true (g_str_has_prefix (text, "id,year,name_zh,name_zh_tw,name_en,category,group,"
                                         "parent,short_name,aliases\n"
                                         "city1,2020,南通市,南通市,Nantong,city,,,,\n"
                                         "k1,2020,崇川区,崇川區,Chongchuan,county,counties,"
                                         "city1,崇川城区,\"'=崇川;Chongchuan District;崇川\"\n"));
  g_assert_null (strstr (text, ",2019,"));
  /* Into a project of 2020 only: the same. */
  d = new_project (f, "d.kaohe", a_csv, FALSE);
  cli_ok ("units", d, "--year", "2020", "-o", d_csv, NULL);
  d_text = read_text (d_csv);
  g_assert_cmpstr (d_text, ==, text);

  missing = kh_test_cli_run ("units", a, "--year", "2018", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->err, "the project has no year 2018"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/units-cli/every-year", Fixture, NULL, fixture_set_up, test_units_every_year,
              fixture_tear_down);
  g_test_add ("/units-cli/one-year", Fixture, NULL, fixture_set_up, test_units_one_year,
              fixture_tear_down);
  return g_test_run ();
}
