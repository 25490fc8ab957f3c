/* test-table.c — wide and long data layouts, numbers, and the problems they report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "io/kh-io-error.h"
#include "io/kh-table.h"

static KhRecordSet *
records_from (const char *text,
              GError    **error)
{
  g_autoptr (GError) csv_error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_parse (text, strlen (text), NULL, "t.csv", &csv_error);

  g_assert_no_error (csv_error);
  return kh_record_set_from_table (table, "t.csv", error);
}

static KhRecord *
record (KhRecordSet *set,
        guint        i)
{
  g_assert_cmpuint (i, <, set->records->len);
  return &g_array_index (set->records, KhRecord, i);
}

static void
test_table_wide (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = records_from ("unit,name,group,gdp,pop\n"
                                              "nanjing,南京,city,\"16,355.3\",931.5\n"
                                              "suzhou,苏州,city,,1284.8\n",
                                              &error);

  g_assert_no_error (error);
  g_assert_cmpint (set->layout, ==, KH_TABLE_WIDE);
  /* Two units × two fields = four records, in row then column order. */
  g_assert_cmpuint (set->records->len, ==, 4);
  g_assert_cmpuint (set->fields->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (set->fields, 0), ==, "gdp");
  g_assert_cmpstr (g_ptr_array_index (set->fields, 1), ==, "pop");
  g_assert_cmpstr (record (set, 0)->unit, ==, "nanjing");
  g_assert_cmpstr (record (set, 0)->field, ==, "gdp");
  g_assert_cmpfloat (record (set, 0)->value, ==, 16355.3);
  g_assert_cmpuint (record (set, 0)->row, ==, 2);
  g_assert_cmpuint (record (set, 0)->column, ==, 4);
  g_assert_cmpint (record (set, 0)->year, ==, 0);
  g_assert_true (isnan (record (set, 2)->value));
  g_assert_cmpfloat (record (set, 3)->value, ==, 1284.8);
  g_assert_cmpuint (record (set, 3)->row, ==, 3);
  g_assert_cmpuint (record (set, 3)->column, ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (set->unit_names, "suzhou"), ==, "苏州");
  g_assert_cmpstr (g_hash_table_lookup (set->unit_groups, "nanjing"), ==, "city");
}

static void
test_table_long (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = records_from ("Unit, Year ,Indicator,VALUE\n"
                                              "nanjing,2020,gdp,14817.95\n"
                                              "nanjing,2019,gdp,14030.15\n"
                                              "suzhou,2020,pm25,33\n",
                                              &error);

  g_assert_no_error (error);
  g_assert_cmpint (set->layout, ==, KH_TABLE_LONG);
  g_assert_cmpuint (set->records->len, ==, 3);
  g_assert_cmpint (record (set, 1)->year, ==, 2019);
  g_assert_cmpfloat (record (set, 1)->value, ==, 14030.15);
  g_assert_cmpuint (record (set, 2)->row, ==, 4);
  g_assert_cmpuint (record (set, 2)->column, ==, 4);
  g_assert_cmpuint (set->fields->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (set->fields, 1), ==, "pm25");
}

static void
test_table_numbers (void)
{
  static const struct
  {
    const char *text;
    gboolean ok;
    double value;
  } cases[] = {
    { "12", TRUE, 12 },          { " -3.5 ", TRUE, -3.5 },     { "1e3", TRUE, 1000 },
    { "1,234,567.5", TRUE, 1234567.5 },                         { "+0.25", TRUE, 0.25 },
    { "1,23", FALSE, 0 },        { "12,3456", FALSE, 0 },     { "abc", FALSE, 0 },
    { "nan", FALSE, 0 },         { "inf", FALSE, 0 },         { "0x10", FALSE, 0 },
    { "1.2.3", FALSE, 0 },       { "1e999", FALSE, 0 },       { "5%", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double v = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (kh_table_parse_number (cases[i].text, &v), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpfloat (v, ==, cases[i].value);
    }
  g_assert_true (kh_table_parse_number ("  ", &(double){ 0 }));
}

static void
test_table_problems (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = NULL;

  /* Row 2: "n/a" at column 3. Row 3: second nanjing gdp (first at row 2, column 2).
   * Row 4: empty unit. Row 5: year "20x0". Header column 4 repeats gdp. */
  set = records_from ("unit,gdp,pop,gdp\n"
                      "nanjing,1,n/a,\n"
                      "nanjing,2,3,\n"
                      ",4,5,\n",
                      &error);
  g_assert_null (set);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "t.csv: row 1, column 4: second column for field “gdp” (the first is column 2)\n"
                   "t.csv: row 2, column 3: “n/a” is not a number\n"
                   "t.csv: row 3, column 2: second value for unit “nanjing”, field “gdp” (the "
                   "first is at row 2, column 2)\n"
                   "t.csv: row 4, column 1: the unit is empty");
  g_clear_error (&error);

  set = records_from ("unit,year,indicator,value\n"
                      "nanjing,20x0,gdp,1\n"
                      "nanjing,2020,gdp,1\n"
                      "nanjing,2020,gdp,2\n",
                      &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==,
                   "t.csv: row 2, column 2: “20x0” is not a year\n"
                   "t.csv: row 4, column 4: second value for unit “nanjing”, field “gdp” (the "
                   "first is at row 3, column 4)");
  g_clear_error (&error);

  /* An empty header is fine over an empty column (Excel's trailing comma), not over data. */
  set = records_from ("unit,gdp,\nnanjing,1,\nsuzhou,2,x\n", &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==, "t.csv: row 3, column 3: value in a column without a header");
  g_clear_error (&error);

  set = records_from ("id,gdp\nnanjing,1\n", &error);
  g_assert_null (set);
  g_assert_nonnull (strstr (error->message, "t.csv: row 1, column 1: the header must start with"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/table/wide", test_table_wide);
  g_test_add_func ("/table/long", test_table_long);
  g_test_add_func ("/table/numbers", test_table_numbers);
  g_test_add_func ("/table/problems", test_table_problems);

  return g_test_run ();
}
