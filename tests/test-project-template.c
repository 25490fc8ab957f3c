/* test-project-template.c — a provider's data template: generated, filled, imported back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project: units of tests/data/project/units.csv (cities nanjing, suzhou, nantong;
 * counties gangzha until 2019 and chongchuan), frameworks of 2019 and 2020 for both
 * categories. 统计局 reports gdp (both categories), pop (a city variable) and special (an
 * individual indicator of nanjing only); 生态环境厅 pm25 (cities, with a declared range);
 * 组织部 party (cities, graded 4/3/2/1); 财政厅 water (counties).
 *
 * Issue 19: every case runs on a project file (/template/sqlite/…, /submissions/sqlite/…)
 * and on a throwaway PostgreSQL server's database (/…/pg/…, kh-pg-harness.h), asserting the
 * same.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>
#include <xlsxwriter.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "io/kh-xlsx.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

#define NS "xmlns=\"https://kaohe.github.io/ns/framework/1\""

static char *
city_xml (int year)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<framework " NS " id=\"c%d\" year=\"%d\" category=\"city\">\n"
    "  <title lang=\"zh-CN\">设区市</title>\n"
    "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
    "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
    "  <variables><variable id=\"pop\" unit=\"万人\" source=\"统计局\">"
    "<name lang=\"zh-CN\">常住人口</name></variable></variables>\n"
    "  <root id=\"total\">\n"
    "    <indicator id=\"gdp\" points=\"40\" unit=\"%%\" source=\"统计局\">"
    "<name lang=\"zh-CN\">地区生产总值增速</name><scoring method=\"minmax\"/></indicator>\n"
    "    <indicator id=\"pm25\" points=\"20\" unit=\"微克/立方米\" source=\"生态环境厅\" "
    "valid-min=\"5\" valid-max=\"150\" direction=\"lower\"><name lang=\"zh-CN\">PM2.5浓度</name>"
    "<scoring method=\"minmax\"/></indicator>\n"
    "    <indicator id=\"special\" points=\"20\" source=\"统计局\" applies=\"nanjing\">"
    "<name lang=\"zh-CN\">特色工作</name><scoring method=\"minmax\"/></indicator>\n"
    "    <indicator id=\"party\" points=\"20\" source=\"组织部\"><name lang=\"zh-CN\">党建</name>"
    "<scoring method=\"grades\"><step min=\"4\" points=\"20\"><label lang=\"zh-CN\">优</label></step>"
    "<step min=\"3\" points=\"15\"><label lang=\"zh-CN\">良</label></step>"
    "<step min=\"2\" points=\"10\"><label lang=\"zh-CN\">中</label></step>"
    "<step min=\"1\" points=\"0\"><label lang=\"zh-CN\">差</label></step></scoring></indicator>\n"
    "  </root>\n"
    "</framework>\n",
    year, year);
}

static char *
county_xml (int year)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<framework " NS " id=\"k%d\" year=\"%d\" category=\"county\">\n"
    "  <title lang=\"zh-CN\">县区</title>\n"
    "  <root id=\"total\">\n"
    "    <indicator id=\"gdp\" points=\"50\" unit=\"%%\" source=\"统计局\">"
    "<name lang=\"zh-CN\">地区生产总值增速</name><scoring method=\"minmax\"/></indicator>\n"
    "    <indicator id=\"water\" points=\"50\" unit=\"%%\" source=\"财政厅\">"
    "<name lang=\"zh-CN\">水质达标率</name><scoring method=\"minmax\"/></indicator>\n"
    "  </root>\n"
    "</framework>\n",
    year, year);
}

static KhPgHarness *pg;

/* A case's project: a new file, or the harness's database emptied with the schema. */
typedef struct
{
  char *dir;  /* the file's folder, or a folder for the workbooks beside the database */
  char *path; /* the file's path or the database's URI */
  KhProject *project;
  KhDb *raw;  /* a second connection to the same store */
} Fixture;

static void
import_csv (KhProject  *project,
            int         year,
            const char *name,
            const char *csv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhTableOptions) options = kh_project_table_options (project, year, &error);
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;

  g_assert_no_error (error);
  table = kh_csv_parse (csv, strlen (csv), NULL, name, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table_full (table, name, options, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, year, set, name, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units_path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                                  "project", "units.csv", NULL);
  g_autoptr (KhCsvTable) units = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                          &f->path);
  if (f->dir == NULL)
    f->dir = g_dir_make_tmp ("kh-template-XXXXXX", &error);
  g_assert_no_error (error);
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (f->project, units, "units.csv", &error));
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *city = city_xml (year);
      g_autofree char *county = county_xml (year);

      g_assert_true (kh_project_set_framework (f->project, year, city, strlen (city), "c.xml",
                                               &error));
      g_assert_no_error (error);
      g_assert_true (kh_project_set_framework (f->project, year, county, strlen (county),
                                               "k.xml", &error));
      g_assert_no_error (error);
    }
  import_csv (f->project, 2019, "cities.csv",
              "unit,gdp,pop,special,pm25,party\n"
              "nanjing,7.5,931.5,88,31,4\n"
              "suzhou,6.25,1274.8,,33,3\n");
  import_csv (f->project, 2019, "counties.csv",
              "unit,gdp,water\n"
              "gangzha,5.5,90\n"
              "chongchuan,6,95\n");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static double
value_of (KhProject  *project,
          int         year,
          const char *unit,
          const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_project_get_records (project, year, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (g_str_equal (r->unit, unit) && g_str_equal (r->field, field))
        return r->value;
    }
  return NAN;
}

/* The text of @part of the workbook @path (minizip, independently of kh-xlsx.c). */
static char *
read_part (const char *path,
           const char *part)
{
  unzFile zip = unzOpen64 (path);
  GString *out = g_string_new (NULL);
  char buffer[4096];
  int n;

  g_assert_nonnull (zip);
  g_assert_cmpint (unzLocateFile (zip, part, 1), ==, UNZ_OK);
  g_assert_cmpint (unzOpenCurrentFile (zip), ==, UNZ_OK);
  while ((n = unzReadCurrentFile (zip, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  g_assert_cmpint (n, ==, 0);
  unzCloseCurrentFile (zip);
  unzClose (zip);
  return g_string_free (out, FALSE);
}

/* The style index (s="N") of cell @ref in a sheet's XML, 0 when it has none. */
static int
cell_style (const char *sheet,
            const char *ref)
{
  g_autofree char *needle = g_strdup_printf ("<c r=\"%s\"", ref);
  const char *at = strstr (sheet, needle);
  const char *end, *s;

  g_assert_nonnull (at);
  end = strchr (at, '>');
  s = g_strstr_len (at, end - at, " s=\"");
  return s == NULL ? 0 : atoi (s + 4);
}

/* Whether the cell format @index of styles.xml is unlocked (<protection locked="0"/>). */
static gboolean
style_unlocked (const char *styles,
                int         index)
{
  const char *xfs = strstr (styles, "<cellXfs");
  const char *at;

  if (xfs == NULL)
    g_error ("styles.xml has no <cellXfs>");
  at = xfs;
  for (int i = 0; i <= index; i++)
    {
      at = strstr (at + 1, "<xf ");
      /* g_error, which does not return, rather than g_assert_nonnull: GCC's
       * -Wstringop-overread otherwise sees the strstr below read at + 1 of NULL. */
      if (at == NULL)
        g_error ("styles.xml has no cell format %d", index);
    }
  {
    const char *next = strstr (at + 1, "<xf ");
    const char *close = strstr (at, "</cellXfs>");
    const char *end = next != NULL && next < close ? next : close;
    const char *locked = g_strstr_len (at, end - at, "locked=\"0\"");

    return locked != NULL;
  }
}

/* 统计局's template of 2020: its rows, headers and last year's values; the sheet XML has
 * the validation, the protection and the unlocked cells; filled in, it imports with no
 * column ignored and gives back the values filled. */
static void
test_template_round_trip (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "tongji.xlsx", NULL);
  g_autofree char *filled = g_build_filename (f->dir, "filled.xlsx", NULL);
  g_auto (GStrv) sheets = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhCsvTable) previous = NULL;
  g_autoptr (KhCsvTable) back = NULL;
  g_autoptr (KhTableOptions) options = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *sheet1 = NULL, *sheet2 = NULL, *styles = NULL;
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  guint n_units = 0, n_fields = 0;
  /* The values typed in, per row (unit) and field column; NAN: left empty. The rows:
   * the cities (category city first), then the county, each by id. */
  static const struct { const char *unit; double gdp, pop, special; } typed[] = {
    { "nanjing", 8.125, 942.3, 91 },
    { "nantong", 5.75, 772.7, NAN },
    { "suzhou", 7, 1284.8, NAN },
    { "chongchuan", 6.5, NAN, NAN },
  };

  g_assert_true (kh_project_write_template (f->project, 2020, "统计局", out, &n_units,
                                            &n_fields, &error));
  g_assert_no_error (error);
  /* 2020's units with a 统计局 field: the three cities and chongchuan (gangzha ended in
   * 2019); its fields gdp, special (a city indicator of nanjing) and pop (a variable). */
  g_assert_cmpuint (n_units, ==, 4);
  g_assert_cmpuint (n_fields, ==, 3);

  sheets = kh_xlsx_sheet_names (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sheets), ==, 2);
  g_assert_cmpstr (sheets[0], ==, "填报");
  g_assert_cmpstr (sheets[1], ==, "上年数值");

  table = kh_xlsx_read_file (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 5);
  /* Indicators in the framework's order, then the variables; the unit of measure in
   * full-width parentheses; special has none. */
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 0), ==, "单位");
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 1), ==, "名称");
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 2), ==, "地区生产总值增速（%）");
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 3), ==, "特色工作");
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 4), ==, "常住人口（万人）");
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    g_assert_cmpstr (kh_csv_table_cell (table, i + 1, 0), ==, typed[i].unit);
  g_assert_cmpstr (kh_csv_table_cell (table, 1, 1), ==, "南京市");
  g_assert_cmpstr (kh_csv_table_cell (table, 4, 1), ==, "崇川区");

  /* Last year's values under the same units: as imported for 2019 above. */
  previous = kh_xlsx_read_file (out, "上年数值", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_csv_table_cell (previous, 1, 2), ==, "7.5");   /* nanjing gdp */
  g_assert_cmpstr (kh_csv_table_cell (previous, 1, 3), ==, "88");    /* nanjing special */
  g_assert_cmpstr (kh_csv_table_cell (previous, 1, 4), ==, "931.5"); /* nanjing pop */
  g_assert_cmpstr (kh_csv_table_cell (previous, 2, 2), ==, "");      /* nantong: none */
  g_assert_cmpstr (kh_csv_table_cell (previous, 3, 2), ==, "6.25");  /* suzhou gdp */
  g_assert_cmpstr (kh_csv_table_cell (previous, 3, 4), ==, "1274.8");
  g_assert_cmpstr (kh_csv_table_cell (previous, 4, 2), ==, "6");     /* chongchuan gdp */

  /* The sheet's XML: a number validation over each field's rows 2–5, the sheet
   * protected, the header locked and the cells to fill unlocked; chongchuan's pop and
   * special (a county's) and the other cities' special (nanjing's only) locked. */
  sheet1 = read_part (out, "xl/worksheets/sheet1.xml");
  sheet2 = read_part (out, "xl/worksheets/sheet2.xml");
  styles = read_part (out, "xl/styles.xml");
  g_assert_nonnull (strstr (sheet1, "<sheetProtection sheet=\"1\""));
  g_assert_nonnull (strstr (sheet2, "<sheetProtection sheet=\"1\""));
  for (char column = 'C'; column <= 'E'; column++)
    {
      g_autofree char *sqref = g_strdup_printf ("sqref=\"%c2:%c5\"", column, column);
      const char *at = strstr (sheet1, sqref);
      const char *start;

      g_assert_nonnull (at);
      start = g_strrstr_len (sheet1, at - sheet1, "<dataValidation ");
      g_assert_nonnull (start);
      g_assert_nonnull (g_strstr_len (start, at - start, "type=\"decimal\""));
      g_assert_nonnull (g_strstr_len (start, at - start, "allowBlank=\"1\""));
    }
  g_assert_null (strstr (sheet2, "<dataValidation"));
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "A1")));
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "C1")));
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "A2")));
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "B2")));
  g_assert_true (style_unlocked (styles, cell_style (sheet1, "C2")));  /* nanjing gdp */
  g_assert_true (style_unlocked (styles, cell_style (sheet1, "D2")));  /* nanjing special */
  g_assert_true (style_unlocked (styles, cell_style (sheet1, "E2")));  /* nanjing pop */
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "D3"))); /* nantong special */
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "D4"))); /* suzhou special */
  g_assert_true (style_unlocked (styles, cell_style (sheet1, "C5")));  /* chongchuan gdp */
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "D5"))); /* chongchuan special */
  g_assert_false (style_unlocked (styles, cell_style (sheet1, "E5"))); /* chongchuan pop */
  g_assert_false (style_unlocked (styles, cell_style (sheet2, "C2")));

  /* Filled in as a provider would: the header and unit columns kept, numbers typed. */
  workbook = workbook_new (filled);
  sheet = workbook_add_worksheet (workbook, "填报");
  for (guint j = 0; j < 5; j++)
    worksheet_write_string (sheet, 0, (lxw_col_t) j, kh_csv_table_cell (table, 0, j), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      double values[] = { typed[i].gdp, typed[i].special, typed[i].pop };

      worksheet_write_string (sheet, (lxw_row_t) (i + 1), 0, kh_csv_table_cell (table, i + 1, 0),
                              NULL);
      worksheet_write_string (sheet, (lxw_row_t) (i + 1), 1, kh_csv_table_cell (table, i + 1, 1),
                              NULL);
      for (guint j = 0; j < 3; j++)
        if (!isnan (values[j]))
          worksheet_write_number (sheet, (lxw_row_t) (i + 1), (lxw_col_t) (j + 2), values[j],
                                  NULL);
    }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  back = kh_xlsx_read_file (filled, NULL, &error);
  g_assert_no_error (error);
  options = kh_project_table_options (f->project, 2020, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table_full (back, "filled.xlsx", options, &error);
  g_assert_no_error (error);
  /* No column to map: every header is its field's. */
  g_assert_cmpuint (set->ignored->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (set->fields, 0), ==, "gdp");
  g_assert_cmpstr (g_ptr_array_index (set->fields, 1), ==, "special");
  g_assert_cmpstr (g_ptr_array_index (set->fields, 2), ==, "pop");
  g_assert_true (kh_project_import_records (f->project, 2020, set, "filled.xlsx", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      double gdp = value_of (f->project, 2020, typed[i].unit, "gdp");

      g_assert_cmpfloat (gdp, ==, typed[i].gdp);
    }
  g_assert_cmpfloat (value_of (f->project, 2020, "nanjing", "pop"), ==, 942.3);
  g_assert_cmpfloat (value_of (f->project, 2020, "nanjing", "special"), ==, 91);
  g_assert_cmpfloat (value_of (f->project, 2020, "nantong", "pop"), ==, 772.7);
  g_assert_cmpfloat (value_of (f->project, 2020, "suzhou", "pop"), ==, 1284.8);
  g_assert_true (isnan (value_of (f->project, 2020, "suzhou", "special")));
}

/* 组织部's graded field takes its codes from a list; 生态环境厅's declared range is in the
 * input message; 财政厅's template has the county only; a provider of nothing is refused
 * with the providers named. */
static void
test_template_providers (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *party = g_build_filename (f->dir, "party.xlsx", NULL);
  g_autofree char *env = g_build_filename (f->dir, "env.xlsx", NULL);
  g_autofree char *water = g_build_filename (f->dir, "water.xlsx", NULL);
  g_autofree char *none = g_build_filename (f->dir, "none.xlsx", NULL);
  g_autoptr (GPtrArray) providers = kh_project_get_providers (f->project, 2020, &error);
  g_autofree char *xml = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  guint n_units = 0, n_fields = 0;

  g_assert_no_error (error);
  /* Sorted by code point: 生 U+751F, 组 U+7EC4, 统 U+7EDF, 财 U+8D22. */
  g_assert_cmpuint (providers->len, ==, 4);
  g_assert_cmpstr (providers->pdata[0], ==, "生态环境厅");
  g_assert_cmpstr (providers->pdata[1], ==, "组织部");
  g_assert_cmpstr (providers->pdata[2], ==, "统计局");
  g_assert_cmpstr (providers->pdata[3], ==, "财政厅");

  g_assert_true (kh_project_write_template (f->project, 2020, "组织部", party, &n_units,
                                            &n_fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_units, ==, 3);
  g_assert_cmpuint (n_fields, ==, 1);
  xml = read_part (party, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (xml, "type=\"list\""));
  g_assert_nonnull (strstr (xml, "<formula1>\"4,3,2,1\"</formula1>"));
  g_assert_nonnull (strstr (xml, "等级代码：4 (优), 3 (良), 2 (中), 1 (差)"));
  g_clear_pointer (&xml, g_free);

  g_assert_true (kh_project_write_template (f->project, 2020, "生态环境厅", env, NULL, NULL,
                                            &error));
  xml = read_part (env, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (xml, "数值，单位：微克/立方米；合理范围：5 至 150"));
  g_clear_pointer (&xml, g_free);

  g_assert_true (kh_project_write_template (f->project, 2020, "财政厅", water, &n_units,
                                            &n_fields, &error));
  g_assert_cmpuint (n_units, ==, 1);
  g_assert_cmpuint (n_fields, ==, 1);
  table = kh_xlsx_read_file (water, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_csv_table_cell (table, 1, 0), ==, "chongchuan");
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 2), ==, "水质达标率（%）");

  g_assert_false (kh_project_write_template (f->project, 2020, "海关", none, NULL, NULL,
                                             &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“海关”"));
  g_assert_nonnull (strstr (error->message, "生态环境厅、组织部、统计局、财政厅"));
  g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
}

/* kaohe-cli template: --list, -o, and the usage errors. */
static void
test_template_cli (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "cli.xlsx", NULL);
  g_autoptr (KhCliRun) list = NULL;
  g_autoptr (KhCliRun) write = NULL;
  g_autoptr (KhCliRun) csv = NULL;

  g_clear_pointer (&f->project, kh_project_close);
  list = kh_test_cli_run ("template", f->path, "--year", "2020", "--list", NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->out, ==, "生态环境厅\n组织部\n统计局\n财政厅\n");
  write = kh_test_cli_run ("template", f->path, "--year", "2020", "--provider", "统计局", "-o",
                           out, NULL);
  g_assert_cmpint (write->status, ==, 0);
  g_assert_nonnull (strstr (write->err, "4 units × 3 fields"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  csv = kh_test_cli_run ("template", f->path, "--year", "2020", "-o", "t.csv", NULL);
  g_assert_cmpint (csv->status, ==, 2);
  g_assert_nonnull (strstr (csv->err, "must end in .xlsx"));
}

static const KhProviderStatus *
provider_status (const KhSubmissions *s,
                 const char          *provider)
{
  for (guint i = 0; i < s->providers->len; i++)
    if (g_str_equal (((KhProviderStatus *) s->providers->pdata[i])->provider, provider))
      return s->providers->pdata[i];
  g_assert_not_reached ();
}

static const KhUnitStatus *
unit_status (const KhSubmissions *s,
             const char          *unit)
{
  for (guint i = 0; i < s->units->len; i++)
    if (g_str_equal (((KhUnitStatus *) s->units->pdata[i])->unit_id, unit))
      return s->units->pdata[i];
  g_assert_not_reached ();
}

/* What 2019 asked and what was stored (the fixture's two imports), worked out by hand:
 *   统计局   gdp × 5 units, special × nanjing, pop × 3 cities = 9 cells; stored with a value:
 *           nanjing 3, suzhou 2 (gdp, pop), gangzha 1, chongchuan 1 = 7
 *   生态环境厅 pm25 × 3 cities; nanjing and suzhou = 2 (then nantong "n/a": 3 delivered)
 *   组织部   party × 3 cities; 2 (then nantong edited in place: 3)
 *   财政厅   water × 2 counties; 2
 * nantong is owed everything (4 cells: gdp, pm25, party, pop); the others are complete. */
static void
test_submissions_counts (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhSubmissions) s = kh_project_get_submissions (f->project, 2019, &error);
  const KhProviderStatus *p;
  const KhUnitStatus *u;
  guint not_delivered = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (s->providers->len, ==, 4);
  p = provider_status (s, "统计局");
  g_assert_cmpuint (p->n_fields, ==, 3);
  g_assert_cmpuint (p->expected, ==, 9);
  g_assert_cmpuint (p->delivered, ==, 7);
  g_assert_cmpuint (p->filled, ==, 7);
  g_assert_cmpuint (p->files->len, ==, 2);
  g_assert_cmpstr (p->files->pdata[0], ==, "cities.csv");
  g_assert_cmpstr (p->files->pdata[1], ==, "counties.csv");
  g_assert_nonnull (p->last_at);
  p = provider_status (s, "生态环境厅");
  g_assert_cmpuint (p->expected, ==, 3);
  g_assert_cmpuint (p->filled, ==, 2);
  p = provider_status (s, "组织部");
  g_assert_cmpuint (p->expected, ==, 3);
  g_assert_cmpuint (p->filled, ==, 2);
  p = provider_status (s, "财政厅");
  g_assert_cmpuint (p->expected, ==, 2);
  g_assert_cmpuint (p->filled, ==, 2);
  g_assert_cmpuint (p->files->len, ==, 1);
  g_assert_cmpstr (p->files->pdata[0], ==, "counties.csv");

  g_assert_cmpuint (s->units->len, ==, 5);
  u = unit_status (s, "nanjing");
  g_assert_cmpuint (u->expected, ==, 5);
  g_assert_cmpuint (u->filled, ==, 5);
  g_assert_cmpuint (u->missing->len, ==, 0);
  u = unit_status (s, "suzhou");
  g_assert_cmpuint (u->expected, ==, 4); /* special is nanjing's only */
  g_assert_cmpuint (u->filled, ==, 4);
  u = unit_status (s, "nantong");
  g_assert_cmpuint (u->expected, ==, 4);
  g_assert_cmpuint (u->filled, ==, 0);
  g_assert_cmpuint (u->missing->len, ==, 3);
  g_assert_cmpstr (u->missing->pdata[0], ==, "生态环境厅");
  g_assert_cmpstr (u->missing->pdata[1], ==, "组织部");
  g_assert_cmpstr (u->missing->pdata[2], ==, "统计局");
  u = unit_status (s, "gangzha");
  g_assert_cmpuint (u->expected, ==, 2);
  g_assert_cmpuint (u->filled, ==, 2);
  /* 9 + 3 + 3 + 2 cells asked, 7 + 2 + 2 + 2 stored. */
  g_assert_cmpuint (s->cells->len, ==, 17);
  for (guint i = 0; i < s->cells->len; i++)
    not_delivered += ((KhSubmission *) s->cells->pdata[i])->state == KH_SUBMISSION_NOT_DELIVERED;
  g_assert_cmpuint (not_delivered, ==, 4);
  g_clear_pointer (&s, kh_submissions_free);

  /* 生态环境厅 says nantong's pm25 is not available; 组织部's grade is typed in the app. */
  import_csv (f->project, 2019, "env.csv", "unit,pm25\nnantong,n/a\n");
  g_assert_true (kh_project_set_value (f->project, 2019, "nantong", "party", 3, &error));
  g_assert_no_error (error);
  s = kh_project_get_submissions (f->project, 2019, &error);
  g_assert_no_error (error);
  p = provider_status (s, "生态环境厅");
  g_assert_cmpuint (p->delivered, ==, 3);
  g_assert_cmpuint (p->filled, ==, 2);
  g_assert_cmpuint (p->files->len, ==, 2);
  g_assert_cmpstr (p->files->pdata[1], ==, "env.csv");
  p = provider_status (s, "组织部");
  g_assert_cmpuint (p->delivered, ==, 3);
  g_assert_cmpuint (p->filled, ==, 3);
  g_assert_cmpuint (p->files->len, ==, 1); /* the edit came from no file */
  u = unit_status (s, "nantong");
  g_assert_cmpuint (u->filled, ==, 1);
  g_assert_cmpuint (u->missing->len, ==, 2);
  g_assert_cmpstr (u->missing->pdata[0], ==, "生态环境厅");
  g_assert_cmpstr (u->missing->pdata[1], ==, "统计局");
  for (guint i = 0; i < s->cells->len; i++)
    {
      KhSubmission *c = s->cells->pdata[i];

      if (g_str_equal (c->unit_id, "nantong") && g_str_equal (c->field, "pm25"))
        {
          g_assert_cmpint (c->state, ==, KH_SUBMISSION_MISSING);
          g_assert_cmpstr (c->file, ==, "env.csv");
        }
      if (g_str_equal (c->unit_id, "nantong") && g_str_equal (c->field, "party"))
        {
          g_assert_cmpint (c->state, ==, KH_SUBMISSION_FILLED);
          g_assert_null (c->file);
          g_assert_nonnull (c->at);
        }
    }
}

/* kaohe-cli status: the same counts as text, and a line per cell as CSV. */
static void
test_submissions_cli (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (KhCliRun) text = NULL;
  g_autoptr (KhCliRun) csv = NULL;
  g_auto (GStrv) lines = NULL;

  g_clear_pointer (&f->project, kh_project_close);
  text = kh_test_cli_run ("status", f->path, "--year", "2019", NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_true (g_str_has_prefix (text->out, "2019: 4 providers, 5 units\n"));
  /* 7 of 9 = 77.8 %; 2 of 3 = 66.7 %. */
  g_assert_nonnull (strstr (text->out, "统计局: 3 fields, 9 cells; delivered 7 (77.8 %), with a "
                                       "value 7 (77.8 %); last "));
  g_assert_nonnull (strstr (text->out, " from cities.csv, counties.csv\n"));
  g_assert_nonnull (strstr (text->out, "组织部: 1 fields, 3 cells; delivered 2 (66.7 %), with a "
                                       "value 2 (66.7 %); last "));
  g_assert_nonnull (strstr (text->out, "Units complete: 4 of 5\n"
                                       "  南通市 (nantong): 0 of 4 with a value; owing: 生态环境厅, "
                                       "组织部, 统计局\n"));
  csv = kh_test_cli_run ("status", f->path, "--year", "2019", "--format", "csv", NULL);
  g_assert_cmpint (csv->status, ==, 0);
  lines = g_strsplit (csv->out, "\n", -1);
  /* The header, 17 cells, and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 19);
  g_assert_cmpstr (lines[0], ==, "provider,unit,name,field,state,file,at");
  g_assert_nonnull (strstr (csv->out, "统计局,nantong,南通市,gdp,not-delivered,,\n"));
  g_assert_nonnull (strstr (csv->out, "财政厅,gangzha,港闸区,water,filled,counties.csv,"));
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *prefix;
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "template", "round-trip", test_template_round_trip },
    { "template", "providers", test_template_providers },
    { "template", "cli", test_template_cli },
    { "submissions", "counts", test_submissions_counts },
    { "submissions", "cli", test_submissions_cli },
  };

  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/template/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/%s/sqlite/%s", cases[k].prefix, cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/%s/pg/%s", cases[k].prefix, cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
