/* test-import-mapping.c — data sheets as offices send them: Chinese headers, names and
 * aliases of fields, remarks columns, missing marks, lenient numbers, "did you mean"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The refused cases of issue 14 (a64e708): a `单位` header, field headers as the Data
 * grid shows them (`地区生产总值增速`), a `备注` column, `n/a`, an unknown unit.
 *
 * Issue 19: every case with a project runs on a file (/import-mapping/sqlite/…) and on a
 * throwaway PostgreSQL server's database (/pg/…, kh-pg-harness.h), asserting the same.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "io/kh-suggest.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

#include <xlsxwriter.h>

/* gdp is a percentage named in three languages; pop has aliases; pm25 an English name. */
static const char framework_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" year=\"2020\" "
  "category=\"city\">\n"
  "  <title lang=\"zh-CN\">测试</title>\n"
  "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
  "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
  "  <variables><variable id=\"pop\" unit=\"万人\" aliases=\"常住人口|户籍人口\">"
  "<name lang=\"zh-CN\">人口</name></variable></variables>\n"
  "  <root id=\"total\">\n"
  "    <indicator id=\"gdp\" points=\"60\" unit=\"%\"><name lang=\"zh-CN\">地区生产总值增速</name>"
  "<name lang=\"zh-TW\">地區生產總值增速</name><name lang=\"en\">GDP growth</name>"
  "<scoring method=\"minmax\"/></indicator>\n"
  "    <indicator id=\"pm25\" points=\"40\" direction=\"lower\"><name lang=\"en\">PM2.5</name>"
  "<scoring method=\"rank\" step=\"2\"/></indicator>\n"
  "  </root>\n"
  "</framework>\n";

static KhPgHarness *pg;

/* A case's project: a new file, or the harness's database emptied with the schema. */
typedef struct
{
  char *dir; /* the file's folder, or a folder for the sheets beside the database */
  char *target; /* the file's path or the database's URI */
  KhProject *project;
  KhDb *raw; /* a second connection to the same store */
} Fixture;

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
                                          &f->target);
  if (f->dir == NULL)
    f->dir = g_dir_make_tmp ("kh-mapping-XXXXXX", &error);
  g_assert_no_error (error);
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (f->project, units, "units.csv", &error));
  g_assert_true (kh_project_set_framework (f->project, 2020, framework_xml,
                                           sizeof framework_xml - 1, "t.xml", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->target);
}

/* Reads @csv as kaohe-cli import does; the notices in *notices. */
static KhRecordSet *
read_sheet (Fixture    *f,
            const char *csv,
            const char *name,
            char      **notices)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhTableOptions) options = kh_project_table_options (f->project, 2020, &error);
  g_autoptr (KhCsvTable) table = NULL;
  KhRecordSet *set;

  g_assert_no_error (error);
  table = kh_csv_parse (csv, strlen (csv), NULL, name, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table_full (table, name, options, &error);
  g_assert_no_error (error);
  *notices = kh_record_set_get_notices (set);
  return set;
}

static double
value_of (KhProject  *project,
          const char *unit,
          const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_project_get_records (project, 2020, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (g_str_equal (r->unit, unit) && g_str_equal (r->field, field))
        return r->value;
    }
  g_assert_not_reached ();
}

static guint
n_values (KhProject *project)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_project_get_records (project, 2020, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < set->records->len; i++)
    n += !isnan (g_array_index (set->records, KhRecord, i).value);
  return n;
}

/* The sheet of the issue: refused only for its unknown unit, with a suggestion; the same
 * sheet with the unit corrected imports, every lenient reading noted. */
static void
test_mapping_issue_sheet (Fixture      *f,
                          gconstpointer data)
{
  static const char refused[] = "单位,地区生产总值增速（%）,常住人口,PM2.5,备注\n"
                                "南京市,7.5%,n/a,31,省会\n"
                                "南京,6.1,\"1,274.8\",35,\n"
                                "苏州市,６.２,—,33,\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *notices = NULL;
  g_autofree char *fixed = NULL;

  set = read_sheet (f, refused, "a.csv", &notices);
  /* Worked out from the sheet: 备注 is no field; 7.5% in a % field; n/a missing; the
   * grouped 1,274.8; the full-width ６.２ — each kind noted once, at its first cell. */
  g_assert_cmpstr (notices, ==,
                   "a.csv: row 1, column 5: column “备注” ignored\n"
                   "a.csv: row 2, column 2: “7.5%” read as a percentage (the field is in %)\n"
                   "a.csv: row 2, column 3: “n/a” read as a missing value (so are n/a, —, -, "
                   "无 and /)\n"
                   "a.csv: row 3, column 3: “1,274.8” read with thousands separators\n"
                   "a.csv: row 4, column 2: “６.２” read from full-width characters");
  /* Three rows × three fields, 备注 not among them. */
  g_assert_cmpuint (set->records->len, ==, 9);
  g_assert_false (kh_project_import_records (f->project, 2020, set, "a.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  /* 南京 is one edit from 南京市 (Levenshtein 1, within a third of 3 characters). */
  g_assert_cmpstr (error->message, ==,
                   "a.csv: row 3, column 1: unknown unit “南京” (did you mean “南京市”, unit "
                   "nanjing?)");
  g_assert_cmpuint (n_values (f->project), ==, 0); /* all or nothing */
  g_clear_error (&error);
  g_clear_pointer (&set, kh_record_set_free);
  g_clear_pointer (&notices, g_free);

  /* The same sheet, 南京 corrected to 南通市. */
  fixed = g_strdup ("单位,地区生产总值增速（%）,常住人口,PM2.5,备注\n"
                    "南京市,7.5%,n/a,31,省会\n"
                    "南通市,6.1,\"1,274.8\",35,\n"
                    "苏州市,６.２,—,33,\n");
  set = read_sheet (f, fixed, "a.csv", &notices);
  g_assert_true (kh_project_import_records (f->project, 2020, set, "a.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "gdp"), ==, 7.5);
  g_assert_true (isnan (value_of (f->project, "nanjing", "pop")));
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pm25"), ==, 31);
  g_assert_cmpfloat (value_of (f->project, "nantong", "gdp"), ==, 6.1);
  g_assert_cmpfloat (value_of (f->project, "nantong", "pop"), ==, 1274.8);
  g_assert_cmpfloat (value_of (f->project, "suzhou", "gdp"), ==, 6.2);
  g_assert_true (isnan (value_of (f->project, "suzhou", "pop")));
  g_assert_cmpfloat (value_of (f->project, "suzhou", "pm25"), ==, 33);
  /* 9 cells, 2 of them missing. */
  g_assert_cmpuint (n_values (f->project), ==, 7);
}

/* Traditional and English names, an id, the variable's name: all map; a near miss is
 * ignored with "did you mean". */
static void
test_mapping_names (Fixture      *f,
                    gconstpointer data)
{
  static const char sheet[] = "unit,地區生產總值增速,人口,pm25,常驻人口\n"
                              "nanjing,7.5,931.5,31,1\n"
                              "苏州市,8,\"1,274.8\",/,2\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *notices = NULL;

  set = read_sheet (f, sheet, "b.csv", &notices);
  /* 常驻人口 is one edit from the alias 常住人口 (人口 is inside it, a half edit further). */
  g_assert_nonnull (notices);
  g_assert_true (g_str_has_prefix (notices, "b.csv: row 1, column 5: column “常驻人口” ignored "
                                            "(did you mean “常住人口”, field pop?)\n"));
  g_assert_true (kh_project_import_records (f->project, 2020, set, "b.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "gdp"), ==, 7.5);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pop"), ==, 931.5);
  g_assert_cmpfloat (value_of (f->project, "suzhou", "pop"), ==, 1274.8);
  g_assert_true (isnan (value_of (f->project, "suzhou", "pm25")));
  g_assert_cmpuint (n_values (f->project), ==, 5);
}

/* The English name with its unit of measure, case and width folded. */
static void
test_mapping_english (Fixture      *f,
                      gconstpointer data)
{
  static const char sheet[] = "單位,ＧＤＰ growth (%),pm2.5\nnanjing,7.5,31\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *notices = NULL;

  set = read_sheet (f, sheet, "c.csv", &notices);
  g_assert_null (notices);
  g_assert_true (kh_project_import_records (f->project, 2020, set, "c.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "gdp"), ==, 7.5);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pm25"), ==, 31);
}

/* Units named as providers name them: the short name (南京), the English name in any case
 * (NANTONG), an alias in full-width letters (Ｓｏｏｃｈｏｗ, an alias of 苏州市). A name two
 * units share (姑苏, an alias of both 苏州市 and 南通市) and an unknown one (Sooch0w) are
 * refused at their row and the unit column, the first with both ids, the second with
 * the nearest name (the alias Soochow, one edit away); nothing is imported. */
static void
test_mapping_unit_names (Fixture      *f,
                         gconstpointer data)
{
  static const char units[] = "id,name_zh,name_en,category,group,short_name,aliases\n"
                              "nanjing,南京市,Nanjing,city,cities,南京,金陵\n"
                              "suzhou,苏州市,Suzhou,city,cities,苏州,姑苏;Soochow\n"
                              "nantong,南通市,Nantong,city,cities,南通,姑苏\n";
  static const char good[] = "单位,PM2.5\n南京,31\nNANTONG,35\nＳｏｏｃｈｏｗ,33\n";
  static const char bad[] = "单位,PM2.5\n南京,31\n姑苏,35\nSooch0w,33\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_parse (units, strlen (units), NULL, "u.csv", &error);
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *notices = NULL;

  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (f->project, table, "u.csv", &error));
  g_assert_no_error (error);

  set = read_sheet (f, bad, "d.csv", &notices);
  g_assert_false (kh_project_import_records (f->project, 2020, set, "d.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "d.csv: row 3, column 1: the name “姑苏” fits several units (nantong, "
                   "suzhou); use the unit id\n"
                   "d.csv: row 4, column 1: unknown unit “Sooch0w” (did you mean “Soochow”, "
                   "unit suzhou?)");
  g_assert_cmpuint (n_values (f->project), ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&set, kh_record_set_free);
  g_clear_pointer (&notices, g_free);

  set = read_sheet (f, good, "e.csv", &notices);
  g_assert_true (kh_project_import_records (f->project, 2020, set, "e.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pm25"), ==, 31);
  g_assert_cmpfloat (value_of (f->project, "nantong", "pm25"), ==, 35);
  g_assert_cmpfloat (value_of (f->project, "suzhou", "pm25"), ==, 33);
  g_assert_cmpuint (n_values (f->project), ==, 3);
}

/* A provider is its header row: the same headers up to width, case and blanks are the
 * same provider, another header a new one. Its choices (快报增速 → gdp; 备注 ignored) are
 * a setting, audited, read back normalized; added to the options they read the column
 * as gdp, and 备注 stays ignored. Forgetting them (no choice) removes the setting. */
static void
test_mapping_provider_choices (Fixture      *f,
                               gconstpointer data)
{
  static const char sheet[] = "单位,快报增速,备注\n南京市,7.5,省会\n";
  static const char same[] = " 单位 ,快报增速,备注\n苏州市,1,\n";
  static const char other[] = "单位,快报增速\n南京市,7.5\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) t1 = kh_csv_parse (sheet, strlen (sheet), NULL, "p.csv", &error);
  g_autoptr (KhCsvTable) t2 = kh_csv_parse (same, strlen (same), NULL, "p.csv", &error);
  g_autoptr (KhCsvTable) t3 = kh_csv_parse (other, strlen (other), NULL, "p.csv", &error);
  g_autofree char *p1 = kh_project_sheet_provider (t1);
  g_autofree char *p2 = kh_project_sheet_provider (t2);
  g_autofree char *p3 = kh_project_sheet_provider (t3);
  g_autoptr (GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) all = NULL;
  g_autoptr (KhTableOptions) options = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  GHashTable *mine;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (p1), ==, 16);
  g_assert_cmpstr (p1, ==, p2);
  g_assert_cmpstr (p1, !=, p3);

  g_hash_table_insert (choices, (char *) "快报增速", (char *) "gdp");
  g_hash_table_insert (choices, (char *) "备注", (char *) "");
  g_assert_true (kh_project_remember_column_choices (f->project, p1, choices, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kh_pg_harness_count (f->raw,
                                        "SELECT count(*) FROM audit_log WHERE action = 'setting'"),
                   ==, 1);
  all = kh_project_get_column_choices (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 1);
  mine = g_hash_table_lookup (all, p1);
  g_assert_nonnull (mine);
  g_assert_cmpuint (g_hash_table_size (mine), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (mine, "快报增速"), ==, "gdp");
  g_assert_cmpstr (g_hash_table_lookup (mine, "备注"), ==, "");

  options = kh_project_table_options (f->project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_table_options_add_choices (options, mine), ==, 2);
  set = kh_record_set_from_table_full (t1, "p.csv", options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->records->len, ==, 1);
  g_assert_cmpstr (g_array_index (set->records, KhRecord, 0).field, ==, "gdp");
  g_assert_cmpfloat (g_array_index (set->records, KhRecord, 0).value, ==, 7.5);

  g_hash_table_remove_all (choices);
  g_assert_true (kh_project_remember_column_choices (f->project, p1, choices, &error));
  g_clear_pointer (&all, g_hash_table_unref);
  all = kh_project_get_column_choices (f->project, &error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 0);
}

/* Writes a one-sheet workbook with libxlsxwriter (an independent writer): each row a
 * NULL-terminated array of cells; a cell that is a plain decimal becomes a number cell,
 * any other a text cell, "" no cell at all. */
static void
write_xlsx (const char          *path,
            const char *const  **rows)
{
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, NULL);

  for (guint r = 0; rows[r] != NULL; r++)
    for (guint c = 0; rows[r][c] != NULL; c++)
      {
        const char *text = rows[r][c];
        char *end = NULL;
        double v = g_ascii_strtod (text, &end);

        if (text[0] == '\0')
          continue;
        if (end != text && *end == '\0')
          worksheet_write_number (sheet, r, c, v, NULL);
        else
          worksheet_write_string (sheet, r, c, text, NULL);
      }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
}

/* An XLSX sheet as a statistics bureau sends it, through kaohe-cli import: refused for
 * its unknown unit with a suggestion, then imported once the unit is right. */
static void
test_mapping_xlsx_cli (Fixture      *f,
                       gconstpointer data)
{
  static const char *const header[] = { "单位名称", "地区生产总值增速", "人口（万人）", "PM2.5",
                                        "备注", NULL };
  static const char *const nanjing[] = { "南京市", "7.5", "9,315", "31", "省会", NULL };
  static const char *const suzhou[] = { "苏州市", "12.5%", "无", "/", "", NULL };
  static const char *const typo[] = { "南通", "6", "", "35", "", NULL };
  static const char *const nantong[] = { "南通市", "6", "", "35", "", NULL };
  const char *const *bad_rows[] = { header, nanjing, suzhou, typo, NULL };
  const char *const *good_rows[] = { header, nanjing, suzhou, nantong, NULL };
  const char *project = f->target;
  g_autofree char *bad = g_build_filename (f->dir, "统计局.xlsx", NULL);
  g_autofree char *good = g_build_filename (f->dir, "统计局-2.xlsx", NULL);
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (GError) error = NULL;

  write_xlsx (bad, bad_rows);
  write_xlsx (good, good_rows);
  g_clear_pointer (&f->project, kh_project_close);

  run = kh_test_cli_run ("import", project, "--year", "2020", bad, NULL);
  g_assert_cmpint (run->status, ==, 1);
  /* The notices first (备注 ignored; 9,315 grouped; 12.5% in the % field gdp; 无 and /
   * missing, noted once at the first), then the one problem: 南通 is one edit from 南通市. */
  g_assert_cmpstr (run->err, ==,
                   "统计局.xlsx: row 1, column 5: column “备注” ignored\n"
                   "统计局.xlsx: row 2, column 3: “9,315” read with thousands separators\n"
                   "统计局.xlsx: row 3, column 2: “12.5%” read as a percentage (the field is in "
                   "%)\n"
                   "统计局.xlsx: row 3, column 3: “无” read as a missing value (so are n/a, —, "
                   "-, 无 and /)\n"
                   "统计局.xlsx: row 4, column 1: unknown unit “南通” (did you mean “南通市”, "
                   "unit nantong?)\n");
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("import", project, "--year", "2020", good, NULL);
  g_assert_cmpint (run->status, ==, 0);
  /* 3 units × 3 fields, each cell recorded (missing ones as missing); 备注 not among them. */
  g_assert_true (g_str_has_suffix (run->out, ": 9 values imported into 2020 (XLSX)\n"));
  f->project = kh_project_open (project, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "gdp"), ==, 7.5);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pop"), ==, 9315);
  g_assert_cmpfloat (value_of (f->project, "nanjing", "pm25"), ==, 31);
  g_assert_cmpfloat (value_of (f->project, "suzhou", "gdp"), ==, 12.5);
  g_assert_true (isnan (value_of (f->project, "suzhou", "pop")));
  g_assert_true (isnan (value_of (f->project, "suzhou", "pm25")));
  g_assert_cmpfloat (value_of (f->project, "nantong", "gdp"), ==, 6);
  g_assert_cmpfloat (value_of (f->project, "nantong", "pm25"), ==, 35);
  /* 9 cells, of which suzhou's pop and pm25 and nantong's pop are missing. */
  g_assert_cmpuint (n_values (f->project), ==, 6);
}

static void
test_suggest (void)
{
  g_autoptr (KhSuggest) s = kh_suggest_new ();
  const char *payload = NULL;

  kh_suggest_add (s, "南京市", "nanjing");
  kh_suggest_add (s, "南通市", "nantong");
  kh_suggest_add (s, "suzhou", "suzhou");
  g_assert_cmpstr (kh_suggest_nearest (s, "南京", &payload), ==, "南京市");
  g_assert_cmpstr (payload, ==, "nanjing");
  /* Two edits from 6 letters: within a third. */
  g_assert_cmpstr (kh_suggest_nearest (s, "SUZOU ", &payload), ==, "suzhou");
  /* shanghai is 6 or more edits from every name. */
  g_assert_null (kh_suggest_nearest (s, "shanghai", &payload));
  g_assert_null (kh_suggest_nearest (s, "备注", &payload));
  g_assert_null (kh_suggest_nearest (s, "", &payload));
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
    { "issue-sheet", test_mapping_issue_sheet },
    { "names", test_mapping_names },
    { "english", test_mapping_english },
    { "unit-names", test_mapping_unit_names },
    { "provider-choices", test_mapping_provider_choices },
    { "xlsx-cli", test_mapping_xlsx_cli },
  };

  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/import-mapping/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/import-mapping/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/import-mapping/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  g_test_add_func ("/import-mapping/suggest", test_suggest);
  return kh_pg_harness_run_and_stop (&pg);
}
