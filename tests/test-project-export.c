/* test-project-export.c — CSV/XLSX export of data and results, and the round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the cases with a project run on project files (/export/sqlite/…) and on
 * databases of a throwaway PostgreSQL server (/export/pg/…, kh-pg-harness.h), one per
 * project, asserting the same exported text.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-export.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "io/kh-xlsx.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static char *tmp_dir;
static KhPgHarness *pg;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
import_table (KhProject  *project,
              KhCsvTable *table,
              const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_record_set_from_table (table, name, &error);

  g_assert_no_error (error);
  kh_project_import_records (project, 2020, set, name, &error);
  g_assert_no_error (error);
}

/* A new empty project on the store @backend says: the file @file, or a database named
 * after it ("a.kaohe": export_a) on the server. */
static KhProject *
create_project (gconstpointer backend,
                const char   *file)
{
  g_autoptr (GError) error = NULL;
  KhProject *project;

  if (GPOINTER_TO_INT (backend) == KH_DB_SQLITE)
    {
      g_autofree char *path = tmp_path (file);

      g_unlink (path);
      project = kh_project_create (path, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_autofree char *name = g_strndup (file, strcspn (file, "."));
      g_autofree char *dbname = NULL;

      g_strdelimit (name, "-", '_');
      dbname = g_strconcat ("export_", name, NULL);
      project = kh_pg_harness_new_project_database (pg, dbname, NULL);
    }
  return project;
}

/* A new project with units and the 2020 framework; with @data, data-2020.csv too. */
static KhProject *
new_project (gconstpointer backend,
             const char   *file,
             gboolean      data)
{
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  gsize len = 0;

  project = create_project (backend, file);
  table = kh_csv_read_file (units, NULL, &error);
  kh_project_import_units (project, table, "units.csv", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error);
  g_assert_no_error (error);
  if (data)
    {
      g_autofree char *csv = data_path ("data-2020.csv");

      g_clear_pointer (&table, kh_csv_table_free);
      table = kh_csv_read_file (csv, NULL, &error);
      g_assert_no_error (error);
      import_table (project, table, "data-2020.csv");
    }
  return g_steal_pointer (&project);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_export_csv_field (void)
{
  static const char *const cases[][2] = {
    { "plain", "plain" },           { "=1+2", "\"'=1+2\"" },    { "+1", "\"'+1\"" },
    { "-5", "\"'-5\"" },            { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "\tx", "\"'\tx\"" },          { "\rx", "\"'\rx\"" },      { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },                     { "", "" },
    { "南京=1", "南京=1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = kh_export_csv_field (cases[i][0]);

      g_assert_cmpstr (field, ==, cases[i][1]);
    }
}

static void
test_export_number (void)
{
  static const struct
  {
    double value;
    const char *text;
  } cases[] = {
    { 14817.95, "14817.95" }, { 0.1, "0.1" }, { 1e21, "1e+21" }, { -3, "-3" },
    { 1.0 / 3.0, "0.3333333333333333" } /* 16 digits suffice */,
    /* Whole numbers as digits, though "4e+01" and "1.5e+03" are as short. */
    { 40, "40" }, { 1500, "1500" }, { -0.0, "0" }, { 0.00001, "1e-05" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kh_export_number (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_export_data_csv_round_trip (gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (data, "a.kaohe", TRUE);
  g_autoptr (KhProject) other = new_project (data, "b.kaohe", FALSE);
  g_autofree char *out = tmp_path ("data.csv");
  g_autofree char *again = tmp_path ("again.csv");
  g_autofree char *from_other = tmp_path ("other.csv");
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *text_other = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;

  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_CSV, TRUE, out, &error));
  g_assert_no_error (error);
  text = read_text (out);
  /* Units by id, fields sorted; nantong's pm25 is missing. */
  g_assert_cmpstr (text, ==,
                   "\xEF\xBB\xBFunit,name,gdp,pm25,pop\r\n"
                   "nanjing,南京市,14817.95,31,931.5\r\n"
                   "nantong,南通市,10036.3,,772.7\r\n"
                   "suzhou,苏州市,20170.5,33,1274.8\r\n");

  /* Imported back into the same project and into a fresh one: the export is the same. */
  table = kh_csv_read_file (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (table->encoding, ==, "UTF-8-BOM");
  import_table (project, table, "data.csv");
  import_table (other, table, "data.csv");
  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_CSV, TRUE, again, &error));
  g_assert_true (kh_export_data (other, 2020, KH_EXPORT_CSV, TRUE, from_other, &error));
  g_assert_no_error (error);
  text_again = read_text (again);
  text_other = read_text (from_other);
  g_assert_cmpstr (text_again, ==, text);
  g_assert_cmpstr (text_other, ==, text);
}

static void
test_export_data_xlsx_round_trip (gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (data, "c.kaohe", TRUE);
  g_autoptr (KhProject) other = new_project (data, "d.kaohe", FALSE);
  g_autofree char *xlsx = tmp_path ("data.xlsx");
  g_autofree char *csv = tmp_path ("c.csv");
  g_autofree char *csv_other = tmp_path ("d.csv");
  g_autofree char *text = NULL;
  g_autofree char *text_other = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;

  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_XLSX, FALSE, xlsx, &error));
  g_assert_no_error (error);
  table = kh_xlsx_read_file (xlsx, "data", &error);
  g_assert_no_error (error);
  /* Header and three units. */
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 4);
  import_table (other, table, "data.xlsx");
  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_CSV, FALSE, csv, &error));
  g_assert_true (kh_export_data (other, 2020, KH_EXPORT_CSV, FALSE, csv_other, &error));
  text = read_text (csv);
  text_other = read_text (csv_other);
  g_assert_cmpstr (text_other, ==, text);
}

static void
test_export_results (gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (data, "e.kaohe", TRUE);
  g_autofree char *csv = tmp_path ("results.csv");
  g_autofree char *xlsx = tmp_path ("results.xlsx");
  g_autofree char *text = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_auto (GStrv) lines = NULL;


  /* An open year without stored results exports them computed afresh … */
  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_CSV, FALSE, csv, &error));
  g_assert_no_error (error);
  fresh = read_text (csv);

  /* … exactly as they are once computed and stored. */
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_CSV, FALSE, csv, &error));
  g_assert_no_error (error);
  text = read_text (csv);
  g_assert_cmpstr (text, ==, fresh);
  lines = g_strsplit (text, "\r\n", -1);
  /* suzhou first (gdp 60 + pm25 38 = 98), nanjing second (60·4781.65/10134.2 + 40 ≈
   * 68.30998), nantong last (the lowest gdp: 0 points; no pm25). */
  g_assert_cmpstr (lines[0], ==,
                   "category,group,rank,unit,name,total,tier,prev_rank,rank_change,awards");
  g_assert_true (g_str_has_prefix (lines[1], "city,cities,1,suzhou,苏州市,"));
  g_assert_true (g_str_has_prefix (lines[2], "city,cities,2,nanjing,南京市,68.30998006749"));
  g_assert_true (g_str_has_prefix (lines[3], "city,cities,3,nantong,南通市,"));
  g_assert_cmpstr (lines[4], ==, "");

  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_XLSX, FALSE, xlsx, &error));
  g_assert_no_error (error);
  /* One sheet per group, named after it. */
  table = kh_xlsx_read_file (xlsx, "cities", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 4);
  g_assert_cmpstr (kh_csv_table_cell (table, 1, 3), ==, "suzhou");
}

static void
test_export_csv_guard (void)
{
  /* Also a leading LF, the full-width forms, and a text that already looks guarded. */
  static const char *const cases[][2] = {
    { "\nx", "\"'\nx\"" },     { "＝1+2", "\"'＝1+2\"" }, { "＋1", "\"'＋1\"" },
    { "－5", "\"'－5\"" },       { "＠SUM", "\"'＠SUM\"" }, { "'=x", "\"''=x\"" },
    { "'plain", "'plain" },     { "x＝1", "x＝1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = kh_export_csv_field (cases[i][0]);
      g_autofree char *line = g_strdup_printf ("%s\n", field);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhCsvTable) table = NULL;

      g_assert_cmpstr (field, ==, cases[i][1]);
      /* Read back by the CSV reader: the guard is gone, the text is as it was. */
      table = kh_csv_parse (line, strlen (line), "UTF-8", "field.csv", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kh_csv_table_cell (table, 0, 0), ==, cases[i][0]);
    }
}

/* Units whose id and name start like formulas survive export and import. */
static void
test_export_guarded_ids_round_trip (gconstpointer data)
{
  static const char units_csv[] =
    "id,name_zh,category,group\n"
    "\"=id1\",＝南京,city,cities\n"
    "\"+id2\",苏州市,city,cities\n";
  static const char data_csv[] =
    "unit,gdp,pm25,pop\n"
    "\"=id1\",100,30,10\n"
    "\"+id2\",200,40,20\n";
  g_autofree char *fw_path = data_path ("framework-2020.xml");
  g_autofree char *out = tmp_path ("guarded.csv");
  g_autofree char *out_again = tmp_path ("guarded-again.csv");
  g_autofree char *xml = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhProject) again = NULL;
  g_autoptr (KhCsvTable) units = NULL;
  g_autoptr (KhCsvTable) sheet = NULL;
  g_autoptr (KhCsvTable) exported = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  units = kh_csv_parse (units_csv, strlen (units_csv), "UTF-8", "units.csv", &error);
  g_assert_no_error (error);
  sheet = kh_csv_parse (data_csv, strlen (data_csv), "UTF-8", "data.csv", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      KhProject *p = create_project (data, i == 0 ? "guarded.kaohe" : "guarded-again.kaohe");

      g_assert_true (kh_project_import_units (p, units, "units.csv", &error));
      g_assert_true (kh_project_set_framework (p, 2020, xml, len, "framework-2020.xml", &error));
      g_assert_no_error (error);
      if (i == 0)
        project = p;
      else
        again = p;
    }
  import_table (project, sheet, "data.csv");

  g_assert_true (kh_export_data (project, 2020, KH_EXPORT_CSV, FALSE, out, &error));
  g_assert_no_error (error);
  text = read_text (out);
  /* Units by id ("+id2" sorts before "=id1"), each guarded. */
  g_assert_cmpstr (text, ==,
                   "unit,name,gdp,pm25,pop\r\n"
                   "\"'+id2\",苏州市,200,40,20\r\n"
                   "\"'=id1\",\"'＝南京\",100,30,10\r\n");

  /* Read back, the ids are "=id1" and "+id2" again: the sheet imports into a fresh
   * project and exports the same. */
  exported = kh_csv_read_file (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_csv_table_cell (exported, 2, 0), ==, "=id1");
  import_table (again, exported, "guarded.csv");
  g_assert_true (kh_export_data (again, 2020, KH_EXPORT_CSV, FALSE, out_again, &error));
  g_assert_no_error (error);
  text_again = read_text (out_again);
  g_assert_cmpstr (text_again, ==, text);
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "guarded-ids-round-trip", test_export_guarded_ids_round_trip },
    { "data-csv-round-trip", test_export_data_csv_round_trip },
    { "data-xlsx-round-trip", test_export_data_xlsx_round_trip },
    { "results", test_export_results },
  };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kh-export-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/export/csv-field", test_export_csv_field);
  g_test_add_func ("/export/number", test_export_number);
  g_test_add_func ("/export/csv-guard", test_export_csv_guard);
  kh_pg_harness_start_if_installed (&pg, "/export/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/export/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/export/pg/%s", cases[k].name);

      g_test_add_data_func (sqlite, GINT_TO_POINTER (KH_DB_SQLITE), cases[k].func);
      if (pg != NULL)
        g_test_add_data_func (postgresql, GINT_TO_POINTER (KH_DB_POSTGRESQL), cases[k].func);
    }

  status = kh_pg_harness_run_and_stop (&pg);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
