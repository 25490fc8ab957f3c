/* test-import-partial.c — partial import: the valid rows in, the others in an error file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `kaohe-cli import PROJECT --year Y FILE --partial ERRFILE` with hand-made CSV and XLSX
 * sheets: problems found while reading (a text, a percentage in a field not in %, a
 * second row of a unit) and against the project (an unknown unit) each set their row
 * aside; all or nothing stays the default; a problem of the header refuses the file.
 *
 * Issue 19: every case runs on a project file (/import-partial/sqlite/…) and on a throwaway
 * PostgreSQL server's database (/pg/…, kh-pg-harness.h), asserting the same; where a file
 * must stay byte for byte as it was, a server's rows must (kh_pg_harness_store_rows(),
 * compared on the file too).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "io/kh-xlsx.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

#include <xlsxwriter.h>

/* gdp is measured in %, pop and pm25 are not. */
static const char framework_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" year=\"2020\" "
  "category=\"city\">\n"
  "  <title lang=\"zh-CN\">测试</title>\n"
  "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
  "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
  "  <variables><variable id=\"pop\" unit=\"万人\"><name lang=\"zh-CN\">人口</name></variable>"
  "</variables>\n"
  "  <root id=\"total\">\n"
  "    <indicator id=\"gdp\" points=\"60\" unit=\"%\"><name lang=\"zh-CN\">地区生产总值增速</name>"
  "<scoring method=\"minmax\"/></indicator>\n"
  "    <indicator id=\"pm25\" points=\"40\" direction=\"lower\"><name lang=\"en\">PM2.5</name>"
  "<scoring method=\"rank\" step=\"2\"/></indicator>\n"
  "  </root>\n"
  "</framework>\n";

/* Line 2 is right; 3 holds a text; 4 an unknown unit; 5 a percentage under pm25; 6 a
 * second row of 南京市. */
static const char *const sheet[][6] = {
  { "单位", "地区生产总值增速", "人口", "PM2.5", "备注", NULL },
  { "南京市", "7.5", "931.5", "31", "省会", NULL },
  { "苏州市", "abc", "1274.8", "33", "", NULL },
  { "南通", "6.1", "772.7", "35", "", NULL },
  { "南通市", "6.2", "772.7", "12.5%", "", NULL },
  { "南京市", "7.6", "931.5", "31", "重复", NULL },
};

/* The problems of lines 3 to 6, worked out from the sheet and the messages of kh-table.c
 * and kh-project-values.c; a row's problems are joined by "; ". */
static const char *const problems[] = {
  "column 2: “abc” is not a number",
  "column 1: unknown unit “南通” (did you mean “南通市”, unit nantong?)",
  "column 4: “12.5%” is a percentage, but field “pm25” is not measured in % (write the number "
  "in the field's unit)",
  "column 2: second value for unit “南京市”, field “gdp” (the first is at row 2, column 2); "
  "column 3: second value for unit “南京市”, field “pop” (the first is at row 2, column 3); "
  "column 4: second value for unit “南京市”, field “pm25” (the first is at row 2, column 4)",
};

static KhPgHarness *pg;

/* A case's project: a new file, or the harness's database emptied with the schema. */
typedef struct
{
  char *dir;     /* the file's folder, or a folder for the sheets beside the database */
  char *project; /* the file's path or the database's URI */
  KhDb *raw;     /* a second connection to the same store */
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units_path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                                  "project", "units.csv", NULL);
  g_autoptr (KhCsvTable) units = NULL;
  g_autoptr (KhProject) project = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                       &f->project);
  if (f->dir == NULL)
    f->dir = g_dir_make_tmp ("kh-partial-XXXXXX", &error);
  g_assert_no_error (error);
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, units, "units.csv", &error));
  g_assert_true (kh_project_set_framework (project, 2020, framework_xml,
                                           sizeof framework_xml - 1, "t.xml", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

/* What the project holds, to compare before and after: a file's bytes (the store's rows
 * too), a server's rows (kh_pg_harness_store_rows()). */
static char *
project_state (Fixture    *f,
               const char *path,
               gsize      *len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rows = kh_pg_harness_store_rows (f->raw);
  g_autofree char *bytes = NULL;
  gsize bytes_len = 0;
  GString *state = g_string_new (rows);

  if (kh_db_backend (f->raw) == KH_DB_SQLITE)
    {
      g_assert_true (g_file_get_contents (path, &bytes, &bytes_len, &error));
      g_assert_no_error (error);
      g_string_append_len (state, bytes, (gssize) bytes_len);
    }
  *len = state->len;
  return g_string_free (state, FALSE);
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The project's non-missing values as "unit field value" lines, sorted. */
static char *
stored_values (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (f->project, &error);
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  set = kh_project_get_records (project, 2020, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (!isnan (r->value))
        g_ptr_array_add (lines, g_strdup_printf ("%s %s %g", r->unit, r->field, r->value));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
write_csv (const char *path)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  for (guint r = 0; r < G_N_ELEMENTS (sheet); r++)
    {
      for (guint c = 0; sheet[r][c] != NULL; c++)
        g_string_append_printf (text, c > 0 ? ",%s" : "%s", sheet[r][c]);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
}

/* The same sheet by libxlsxwriter: plain decimals as number cells, the rest as text. */
static void
write_xlsx (const char *path)
{
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *ws = workbook_add_worksheet (workbook, NULL);

  for (guint r = 0; r < G_N_ELEMENTS (sheet); r++)
    for (guint c = 0; sheet[r][c] != NULL; c++)
      {
        char *end = NULL;
        double v = g_ascii_strtod (sheet[r][c], &end);

        if (sheet[r][c][0] == '\0')
          continue;
        if (end != sheet[r][c] && *end == '\0')
          worksheet_write_number (ws, r, c, v, NULL);
        else
          worksheet_write_string (ws, r, c, sheet[r][c], NULL);
      }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
}

/* Without --partial the sheet is refused whole; with it, line 2 goes in and lines 3–6
 * go to the error file, as read, with their problems. */
static void
test_partial_csv (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "统计局.csv", NULL);
  g_autofree char *errfile = g_build_filename (f->dir, "errors.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *stored = NULL;
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (GError) error = NULL;

  write_csv (csv);
  run = kh_test_cli_run ("import", f->project, "--year", "2020", csv, NULL);
  g_assert_cmpint (run->status, ==, 1);
  /* The reading's problems refuse the file before the project is asked about units. */
  g_assert_nonnull (strstr (run->err, "统计局.csv: row 3, column 2: “abc” is not a number\n"));
  g_assert_false (g_file_test (errfile, G_FILE_TEST_EXISTS));
  stored = stored_values (f);
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("import", f->project, "--year", "2020", csv, "--partial", errfile, NULL);
  g_assert_cmpint (run->status, ==, 0);
  /* The notice of 备注, then the rows set aside, named by the path given. */
  expected = g_strdup_printf ("统计局.csv: row 1, column 5: column “备注” ignored\n"
                              "统计局.csv: 4 rows not imported: they are in %s with their "
                              "problems\n",
                              errfile);
  g_assert_cmpstr (run->err, ==, expected);
  g_clear_pointer (&expected, g_free);
  /* Line 2's three values. */
  g_assert_true (g_str_has_suffix (run->out, ": 3 values imported into 2020 (UTF-8)\n"));
  stored = stored_values (f);
  g_assert_cmpstr (stored, ==, "nanjing gdp 7.5\nnanjing pm25 31\nnanjing pop 931.5");

  g_assert_true (g_file_get_contents (errfile, &text, NULL, &error));
  g_assert_no_error (error);
  /* A BOM, the header plus Problem, lines 3–6 as read; problems with a comma quoted. */
  expected = g_strdup_printf ("\xEF\xBB\xBF"
                              "单位,地区生产总值增速,人口,PM2.5,备注,Problem\r\n"
                              "苏州市,abc,1274.8,33,,%s\r\n"
                              "南通,6.1,772.7,35,,\"%s\"\r\n"
                              "南通市,6.2,772.7,12.5%%,,\"%s\"\r\n"
                              "南京市,7.6,931.5,31,重复,\"%s\"\r\n",
                              problems[0], problems[1], problems[2], problems[3]);
  g_assert_cmpstr (text, ==, expected);
}

/* An XLSX sheet gives an XLSX error file; read back, it is the header and lines 3–6. */
static void
test_partial_xlsx (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *xlsx = g_build_filename (f->dir, "统计局.xlsx", NULL);
  g_autofree char *errfile = g_build_filename (f->dir, "errors.xlsx", NULL);
  g_autofree char *stored = NULL;
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCsvTable) back = NULL;
  g_autoptr (GError) error = NULL;

  write_xlsx (xlsx);
  run = kh_test_cli_run ("import", f->project, "--year", "2020", xlsx, "--partial", errfile,
                         NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_suffix (run->out, ": 3 values imported into 2020 (XLSX)\n"));
  stored = stored_values (f);
  g_assert_cmpstr (stored, ==, "nanjing gdp 7.5\nnanjing pm25 31\nnanjing pop 931.5");

  back = kh_xlsx_read_file (errfile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (back), ==, 5);
  g_assert_cmpstr (kh_csv_table_cell (back, 0, 5), ==, "Problem");
  for (guint r = 1; r < 5; r++)
    {
      /* Rows 3–6 of the sheet, each cell as written (numbers as the reader shows them). */
      for (guint c = 0; c < 5; c++)
        g_assert_cmpstr (kh_csv_table_cell (back, r, c), ==, sheet[r + 1][c]);
      g_assert_cmpstr (kh_csv_table_cell (back, r, 5), ==, problems[r - 1]);
    }
}

/* A problem of the header (two columns for gdp) refuses the file even with --partial:
 * no row can be read right; no error file, nothing stored. */
static void
test_partial_header (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "h.csv", NULL);
  g_autofree char *errfile = g_build_filename (f->dir, "h-errors.csv", NULL);
  g_autofree char *stored = NULL;
  g_autoptr (KhCliRun) run = NULL;

  g_assert_true (g_file_set_contents (csv, "unit,gdp,地区生产总值增速\nnanjing,1,2\n", -1, NULL));
  run = kh_test_cli_run ("import", f->project, "--year", "2020", csv, "--partial", errfile, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==,
                   "h.csv: row 1, column 3: second column for field “gdp” (the first is column "
                   "2)\n");
  g_assert_false (g_file_test (errfile, G_FILE_TEST_EXISTS));
  stored = stored_values (f);
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&run, kh_cli_run_free);

  /* --partial is for data files only. */
  run = kh_test_cli_run ("import", f->project, "--units", csv, "--partial", errfile, NULL);
  g_assert_cmpint (run->status, ==, 2);
}

/* An import (all or nothing: read as a stream) whose file fails on its last row, by
 * its syntax, a value or a unit, changes nothing: the project's file stays byte for byte
 * what it was (a server's rows stay what they were), holding the values imported before. */
static void
test_last_row (Fixture      *f,
               gconstpointer data)
{
  static const struct
  {
    const char *last;
    const char *message;
  } cases[] = {
    { "南通市,6.2,772.7,abc\n", "s.csv: row 4, column 4: “abc” is not a number\n" },
    { "南通,6.2,772.7,35\n", "s.csv: row 4, column 1: unknown unit “南通” (did you mean "
                             "“南通市”, unit nantong?)\n" },
    /* the syntax names the path given; the quote is the 15th character */
    { "南通市,6.2,772.7,\"35\n", "/s.csv:4:15: quoted field is not closed before the end of "
                                 "the file\n" },
    { "南京市,6.2,772.7,35\n", "s.csv: row 4, column 2: second value for unit “南京市”, "
                               "field “gdp” (the first is at row 2, column 2)\n" },
  };
  g_autofree char *csv = g_build_filename (f->dir, "s.csv", NULL);
  g_autofree char *before = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCliRun) run = NULL;
  gsize before_len = 0;

  g_assert_true (g_file_set_contents (csv, "单位,地区生产总值增速,人口,PM2.5\n"
                                           "南京市,7.5,931.5,31\n"
                                           "苏州市,8.5,1274.8,33\n",
                                      -1, &error));
  run = kh_test_cli_run ("import", f->project, "--year", "2020", csv, NULL);
  g_assert_cmpint (run->status, ==, 0);
  before = project_state (f, f->project, &before_len);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("单位,地区生产总值增速,人口,PM2.5\n"
                                           "南京市,7.6,931.5,31\n"
                                           "苏州市,8.6,1274.8,33\n",
                                           cases[i].last, NULL);
      g_autofree char *after = NULL;
      g_autofree char *stored = NULL;
      gsize after_len = 0;

      g_assert_true (g_file_set_contents (csv, text, -1, &error));
      g_clear_pointer (&run, kh_cli_run_free);
      run = kh_test_cli_run ("import", f->project, "--year", "2020", csv, NULL);
      g_assert_cmpint (run->status, ==, 1);
      g_assert_nonnull (strstr (run->err, cases[i].message));
      after = project_state (f, f->project, &after_len);
      g_assert_cmpmem (after, after_len, before, before_len);
      stored = stored_values (f);
      g_assert_cmpstr (stored, ==, "nanjing gdp 7.5\nnanjing pm25 31\nnanjing pop 931.5\n"
                                   "suzhou gdp 8.5\nsuzhou pm25 33\nsuzhou pop 1274.8");
    }
}

/* A sheet of 400 units × 200 fields (80,000 values) with value @base + 1,000 r + c at
 * unit r, field c; @last, when given, replaces its last row. */
static void
write_big_csv (const char *path,
               guint       base,
               const char *last)
{
  g_autoptr (GString) text = g_string_new ("unit");
  g_autoptr (GError) error = NULL;

  for (guint c = 0; c < 200; c++)
    g_string_append_printf (text, ",f%03u", c);
  g_string_append_c (text, '\n');
  for (guint r = 0; r < (last != NULL ? 399u : 400u); r++)
    {
      g_string_append_printf (text, "u%03u", r);
      for (guint c = 0; c < 200; c++)
        g_string_append_printf (text, ",%u", base + r * 1000 + c);
      g_string_append_c (text, '\n');
    }
  if (last != NULL)
    g_string_append (text, last);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  g_assert_no_error (error);
}

/* The number of values of 2020 and their sum. */
static void
big_values (const char *path,
            guint      *n,
            double     *sum)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  g_autoptr (KhRecordSet) set = NULL;

  g_assert_no_error (error);
  set = kh_project_get_records (project, 2020, &error);
  g_assert_no_error (error);
  *n = set->records->len;
  *sum = 0;
  for (guint i = 0; i < set->records->len; i++)
    *sum += g_array_index (set->records, KhRecord, i).value;
}

/* The same at 80,000 values, more than a batch of the stream (issue 22): its first
 * 328 rows are stored in the transaction before the last row is read, and still a
 * problem of the last row — a value, an unknown unit, the first unit again under its
 * name (found only by the unit it resolves to, a batch later) — leaves the project's
 * file byte for byte as it was. */
static void
test_last_row_streamed (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GString) units_text = g_string_new ("id,name_zh,name_en,category,group,"
                                                 "from_year,until_year,successor\n");
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) last = g_string_new ("u399");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *before = NULL;
  gsize before_len = 0;
  guint n = 0;
  double sum = 0;
  struct
  {
    const char *unit;
    const char *last_cell;
    const char *message;
  } cases[] = {
    { "u399", "abc", "big.csv: row 401, column 201: “abc” is not a number\n" },
    { "u999", "1", "big.csv: row 401, column 1: unknown unit “u999”" },
    { "单位000", "1", "big.csv: row 401, column 2: second value for unit “u000”, field "
                   "“f000” (the first is at row 2, column 2)\n" },
  };

  for (guint r = 0; r < 400; r++)
    g_string_append_printf (units_text, "u%03u,单位%03u,U%03u,city,cities,,,\n", r, r, r);
  g_string_assign (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" "
                         "year=\"2020\" category=\"city\">\n"
                         "  <title lang=\"zh-CN\">测试</title>\n"
                         "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
                         "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
                         "  <variables>");
  for (guint c = 1; c < 200; c++)
    g_string_append_printf (text, "<variable id=\"f%03u\"><name lang=\"zh-CN\">变量%03u</name>"
                                  "</variable>", c, c);
  g_string_append (text, "</variables>\n  <root id=\"total\">\n"
                         "    <indicator id=\"f000\" points=\"100\"><name lang=\"zh-CN\">指标"
                         "</name><scoring method=\"minmax\"/></indicator>\n"
                         "  </root>\n</framework>\n");
  {
    g_autoptr (KhProject) project = NULL;
    g_autoptr (KhCsvTable) table = NULL;

    /* A project of its own: a new file beside the case's, or the database emptied again. */
    if (kh_db_backend (f->raw) == KH_DB_SQLITE)
      {
        path = g_build_filename (f->dir, "big.kaohe", NULL);
        project = kh_project_create (path, &error);
        g_assert_no_error (error);
      }
    else
      {
        g_clear_pointer (&f->raw, kh_db_close);
        project = kh_pg_harness_new_project (pg, KH_DB_POSTGRESQL, FALSE, &f->raw, NULL, &path);
      }
    table = kh_csv_parse (units_text->str, units_text->len, NULL, "units400.csv", &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_import_units (project, table, "units400.csv", &error));
    g_assert_true (kh_project_set_framework (project, 2020, text->str, text->len, "big.xml",
                                             &error));
    g_assert_no_error (error);
  }

  write_big_csv (csv, 0, NULL);
  run = kh_test_cli_run ("import", path, "--year", "2020", csv, NULL);
  g_assert_cmpint (run->status, ==, 0);
  /* Σ 1,000 r + c over r < 400, c < 200: 200 × 1,000 × 79,800 + 400 × 19,900 */
  big_values (path, &n, &sum);
  g_assert_cmpuint (n, ==, 80000);
  g_assert_cmpfloat (sum, ==, 15967960000.0);
  before = project_state (f, path, &before_len);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;
      gsize after_len = 0;

      g_string_assign (last, cases[i].unit);
      for (guint c = 0; c < 199; c++)
        g_string_append_printf (last, ",%u", 7 + c);
      g_string_append_printf (last, ",%s\n", cases[i].last_cell);
      write_big_csv (csv, 1, last->str);
      g_clear_pointer (&run, kh_cli_run_free);
      run = kh_test_cli_run ("import", path, "--year", "2020", csv, NULL);
      g_assert_cmpint (run->status, ==, 1);
      if (strstr (run->err, cases[i].message) == NULL)
        g_error ("case %u: %s has no %s", i, run->err, cases[i].message);
      after = project_state (f, path, &after_len);
      g_assert_cmpmem (after, after_len, before, before_len);
    }
  big_values (path, &n, &sum);
  g_assert_cmpuint (n, ==, 80000);
  g_assert_cmpfloat (sum, ==, 15967960000.0);

  /* A set given whole (as a workbook's, the app's) is taken in batches as well (a
   * streamed batch of 65,600 values is too: 65,536 and 64, stored above): the first unit
   * again by its name in the last row is still found, nothing stored. */
  {
    g_autoptr (KhProject) project = kh_project_open (path, &error);
    g_autoptr (KhCsvTable) table = NULL;
    g_autoptr (KhRecordSet) set = NULL;
    guint n_stored = 0;

    g_assert_no_error (error);
    g_string_assign (last, "单位000");
    for (guint c = 0; c < 200; c++)
      g_string_append_printf (last, ",%u", 2 + c);
    g_string_append_c (last, '\n');
    write_big_csv (csv, 2, last->str);
    table = kh_csv_read_file (csv, NULL, &error);
    g_assert_no_error (error);
    set = kh_record_set_from_table (table, "big.csv", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (set->records->len, ==, 80000);
    g_assert_false (kh_project_import_records_full (project, 2020, set, "big.csv", &n_stored,
                                                    &error));
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message,
                                     "big.csv: row 401, column 2: second value for unit "
                                     "“u000”, field “f000” (the first is at row 2, column 2)\n"));
  }
  big_values (path, &n, &sum);
  g_assert_cmpuint (n, ==, 80000);
  g_assert_cmpfloat (sum, ==, 15967960000.0);
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "csv", test_partial_csv },
    { "xlsx", test_partial_xlsx },
    { "header", test_partial_header },
    { "last-row", test_last_row },
    { "last-row-streamed", test_last_row_streamed },
  };

  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/import-partial/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/import-partial/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/import-partial/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
