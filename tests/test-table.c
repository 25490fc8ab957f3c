/* test-table.c — wide and long data layouts, numbers, and the problems they report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

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

/* kh_record_set_read_csv() streams a file into the records, the problems and the notices
 * kh_csv_read_file() and kh_record_set_from_table_full() give it as a whole table. */
static void
assert_streamed_as_whole (const char *dir,
                          const char *text)
{
  g_autofree char *path = g_build_filename (dir, "s.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) whole_error = NULL;
  g_autoptr (GError) stream_error = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) whole = NULL;
  g_autoptr (KhRecordSet) streamed = NULL;
  g_autoptr (KhTableOptions) options = kh_table_options_new ();

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_hash_table_insert (options->units_of_measure, g_strdup ("gdp"), g_strdup ("%"));
  table = kh_csv_read_file (path, NULL, &whole_error);
  if (table != NULL)
    whole = kh_record_set_from_table_full (table, "s.csv", options, &whole_error);
  streamed = kh_record_set_read_csv (path, NULL, "s.csv", options, &stream_error);
  if (whole == NULL)
    {
      g_assert_null (streamed);
      g_assert_nonnull (stream_error);
      g_assert_cmpint (stream_error->code, ==, whole_error->code);
      g_assert_cmpstr (stream_error->message, ==, whole_error->message);
      return;
    }
  g_assert_no_error (stream_error);
  g_assert_cmpint (streamed->layout, ==, whole->layout);
  g_assert_cmpstr (streamed->encoding, ==, whole->encoding);
  g_assert_cmpuint (streamed->unit_column, ==, whole->unit_column);
  g_assert_cmpuint (streamed->records->len, ==, whole->records->len);
  for (guint i = 0; i < whole->records->len; i++)
    {
      KhRecord *a = record (whole, i), *b = record (streamed, i);

      g_assert_cmpstr (a->unit, ==, b->unit);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_true ((isnan (a->value) && isnan (b->value)) || a->value == b->value);
      g_assert_cmpuint (a->row, ==, b->row);
      g_assert_cmpuint (a->column, ==, b->column);
      g_assert_cmpuint (a->year, ==, b->year);
    }
  {
    g_autofree char *a = kh_record_set_get_notices (whole);
    g_autofree char *b = kh_record_set_get_notices (streamed);

    g_assert_cmpstr (a, ==, b);
  }
  g_assert_cmpuint (g_hash_table_size (streamed->unit_names), ==,
                    g_hash_table_size (whole->unit_names));
  g_assert_cmpuint (g_hash_table_size (streamed->unit_groups), ==,
                    g_hash_table_size (whole->unit_groups));
  /* The whole table's cells are charged to the set's budget; a stream's are not, but for
   * the header and the row being read. */
  {
    guint header = 0, widest = 0, n;

    kh_csv_table_row_cells (table, 0, &header);
    for (guint r = 1; r < kh_csv_table_n_rows (table); r++)
      {
        kh_csv_table_row_cells (table, r, &n);
        widest = MAX (widest, n);
      }
    g_assert_cmpuint (streamed->budget.used, <=, whole->budget.used);
    g_assert_cmpuint (whole->budget.used - streamed->budget.used, >=,
                      (table->cells->len - header - widest) * sizeof (KhCsvCell));
  }
}

static void
test_table_stream (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-table-XXXXXX", &error);
  static const char *const texts[] = {
    /* wide, with names, groups, a missing mark, grouped thousands, a percentage */
    "unit,name,group,gdp,pop\n"
    "nanjing,南京,city,\"16,355.3\",931.5\n"
    "suzhou,苏州,city,12.5%,n/a\n\n"
    "wuxi,无锡,city,,1284.8\r\n",
    /* long */
    "unit,year,indicator,value\nnanjing,2020,gdp,1\nnanjing,2019,gdp,2\nsuzhou,2020,pop,3\n",
    /* problems in rows, the last one included */
    "unit,gdp,pop\nnanjing,1,2\nsuzhou,abc,3\nnanjing,4,5\n,6,7\nwuxi,8,x\n",
    "unit,year,indicator,value\nnanjing,2020,gdp,1\nnanjing,2020,gdp,2\nsuzhou,20x,pop,3\n",
    /* a broken quote after rows with problems: only the file's syntax is reported */
    "unit,gdp\nnanjing,abc\nsuzhou,\"3\n",
    "unit,gdp\nnanjing,1\nsuzhou,3\"x\n",
    /* no unit column; a header alone; nothing at all */
    "a,b\n1,2\n",
    "unit,gdp\n",
    "",
    ",,,\n\n",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_streamed_as_whole (dir, texts[i]);
  {
    g_autofree char *path = g_build_filename (dir, "s.csv", NULL);

    g_remove (path);
    g_rmdir (dir);
  }
}

/* What kh_record_set_read_csv_batches() gave, record by record. */
typedef struct
{
  GArray *records;  /* KhRecord, their strings interned in @strings */
  GStringChunk *strings;
  guint n_batches;
  guint width;      /* fields a row */
} Batches;

static void
batches_take (Batches     *batches,
              KhRecordSet *set)
{
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord r = *record (set, i);

      r.unit = g_string_chunk_insert_const (batches->strings, r.unit);
      r.field = g_string_chunk_insert_const (batches->strings, r.field);
      g_array_append_val (batches->records, r);
    }
}

static gboolean
take_batch (KhRecordSet *set,
            gpointer     data,
            GError     **error)
{
  Batches *batches = data;

  /* 64 Ki records or a few more, whole rows only */
  g_assert_cmpuint (set->records->len, >=, 65536);
  g_assert_cmpuint (set->records->len, <, 65536 + batches->width);
  g_assert_cmpuint (set->records->len % batches->width, ==, 0);
  batches->n_batches++;
  batches_take (batches, set);
  return TRUE;
}

static gboolean
refuse_batch (KhRecordSet *set,
              gpointer     data,
              GError     **error)
{
  (*(guint *) data)++;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, "refused");
  return FALSE;
}

/* A wide sheet of 350 units × 200 fields (70,000 records) read in batches: one batch of
 * 328 rows (the first ≥ 65,536 records: 65,600), the 22 rows left in the set, the same
 * records in the same order as read whole; a long sheet is never given in batches (its
 * duplicates are found by its records); a problem in a row of the first batch gives
 * none and fails the reading; a failing batch stops it with its error. */
static void
test_table_batches (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-table-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "b.csv", NULL);
  g_autoptr (GString) text = g_string_new ("unit");
  g_autoptr (KhRecordSet) whole = NULL;
  g_autoptr (KhRecordSet) rest = NULL;
  Batches batches = { g_array_new (FALSE, FALSE, sizeof (KhRecord)), g_string_chunk_new (4096),
                      0, 200 };

  g_assert_no_error (error);
  for (guint c = 0; c < 200; c++)
    g_string_append_printf (text, ",f%03u", c);
  g_string_append_c (text, '\n');
  for (guint r = 0; r < 350; r++)
    {
      g_string_append_printf (text, "u%03u", r);
      for (guint c = 0; c < 200; c++)
        g_string_append_printf (text, ",%u", r * 1000 + c);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  whole = kh_record_set_read_csv (path, NULL, "b.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->records->len, ==, 70000);
  rest = kh_record_set_read_csv_batches (path, NULL, "b.csv", NULL, take_batch, &batches,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches.n_batches, ==, 1);
  g_assert_cmpuint (batches.records->len, ==, 65600);
  g_assert_cmpuint (rest->records->len, ==, 4400);
  g_assert_cmpuint (record (rest, 0)->row, ==, 330); /* the header is row 1 */
  batches_take (&batches, rest);
  for (guint i = 0; i < whole->records->len; i++)
    {
      const KhRecord *a = record (whole, i);
      const KhRecord *b = &g_array_index (batches.records, KhRecord, i);

      g_assert_cmpstr (a->unit, ==, b->unit);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpfloat (a->value, ==, b->value);
      g_assert_cmpfloat (b->value, ==, (double) ((i / 200) * 1000 + i % 200));
      g_assert_cmpuint (a->row, ==, b->row);
      g_assert_cmpuint (a->column, ==, b->column);
    }
  /* The charge of the records given is given back. */
  g_assert_cmpuint (rest->budget.used, <, whole->budget.used);

  /* row 3 (the second unit) holds a text: no batch, the reading fails at the end */
  {
    g_autoptr (GString) bad = g_string_new (text->str);
    char *cell = strstr (bad->str, "\nu001,1000,");
    g_autoptr (KhRecordSet) none = NULL;

    g_assert_nonnull (cell);
    memcpy (cell + 6, "abcd", 4);
    g_assert_true (g_file_set_contents (path, bad->str, (gssize) bad->len, &error));
    batches.n_batches = 0;
    none = kh_record_set_read_csv_batches (path, NULL, "b.csv", NULL, take_batch, &batches,
                                           &error);
    g_assert_null (none);
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "b.csv: row 3, column 2: “abcd” is not a number");
    g_assert_cmpuint (batches.n_batches, ==, 0);
    g_clear_error (&error);
  }

  /* a long sheet of 70,000 values: all in the set */
  {
    g_autoptr (GString) long_text = g_string_new ("unit,year,indicator,value\n");
    g_autoptr (KhRecordSet) all = NULL;

    for (guint i = 0; i < 70000; i++)
      g_string_append_printf (long_text, "u%05u,2020,gdp,%u\n", i, i);
    g_assert_true (g_file_set_contents (path, long_text->str, (gssize) long_text->len, &error));
    batches.n_batches = 0;
    all = kh_record_set_read_csv_batches (path, NULL, "b.csv", NULL, take_batch, &batches,
                                          &error);
    g_assert_no_error (error);
    g_assert_cmpuint (batches.n_batches, ==, 0);
    g_assert_cmpuint (all->records->len, ==, 70000);
  }

  /* a batch refused stops the reading with its error */
  {
    g_autoptr (KhRecordSet) none = NULL;
    guint n_refused = 0;

    g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
    none = kh_record_set_read_csv_batches (path, NULL, "b.csv", NULL, refuse_batch, &n_refused,
                                           &error);
    g_assert_null (none);
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT);
    g_assert_cmpuint (n_refused, ==, 1);
    g_clear_error (&error);
  }

  g_array_unref (batches.records);
  g_string_chunk_free (batches.strings);
  g_remove (path);
  g_rmdir (dir);
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

  /* Row 2: "abc" at column 3. Row 3: nanjing's second row, so a second gdp (first at
   * row 2, column 2) and pop (row 2, column 3). Row 4: empty unit. Header column 4
   * repeats gdp. */
  set = records_from ("unit,gdp,pop,gdp\n"
                      "nanjing,1,abc,\n"
                      "nanjing,2,3,\n"
                      ",4,5,\n",
                      &error);
  g_assert_null (set);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "t.csv: row 1, column 4: second column for field “gdp” (the first is column 2)\n"
                   "t.csv: row 2, column 3: “abc” is not a number\n"
                   "t.csv: row 3, column 2: second value for unit “nanjing”, field “gdp” (the "
                   "first is at row 2, column 2)\n"
                   "t.csv: row 3, column 3: second value for unit “nanjing”, field “pop” (the "
                   "first is at row 2, column 3)\n"
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
  g_assert_nonnull (strstr (error->message, "t.csv: row 1: the header has no unit column"));
}

/* What provincial offices send: a Chinese header, names of fields, a remarks column,
 * missing marks, grouped and full-width numbers, a percentage. */
static void
test_table_tolerant (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *notices = NULL;
  KhTableOptions options = { columns, known, units };
  const char *csv = "单位,地区生产总值增速（%）,人口,备注\n"
                    "南京市,12.5%,\"9,315\",首府\n"
                    "苏州市,n/a,１２８４.８,\n"
                    "无锡市,—,无,\n"
                    "常州市,/,-,\n";

  /* The mapping a framework gives: the Chinese name (normalized: the unit of measure in
   * parentheses dropped) to the field id; 人口 is itself a known field here. */
  g_hash_table_insert (columns, (char *) "地区生产总值增速", (char *) "gdp_growth");
  g_hash_table_add (known, (char *) "gdp_growth");
  g_hash_table_add (known, (char *) "人口");
  g_hash_table_insert (units, (char *) "gdp_growth", (char *) "%");
  table = kh_csv_parse (csv, strlen (csv), NULL, "t.csv", &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table_full (table, "t.csv", &options, &error);
  g_assert_no_error (error);
  /* Four units × two fields; 备注 ignored. */
  g_assert_cmpuint (set->records->len, ==, 8);
  g_assert_cmpstr (record (set, 0)->unit, ==, "南京市");
  g_assert_cmpstr (record (set, 0)->field, ==, "gdp_growth");
  g_assert_cmpfloat (record (set, 0)->value, ==, 12.5);   /* 12.5% in a field measured in % */
  g_assert_cmpfloat (record (set, 1)->value, ==, 9315);   /* grouped */
  g_assert_true (isnan (record (set, 2)->value));          /* n/a */
  g_assert_cmpfloat (record (set, 3)->value, ==, 1284.8); /* full-width */
  for (guint i = 4; i < 8; i++)
    g_assert_true (isnan (record (set, i)->value));        /* —, 无, /, - */
  g_assert_cmpuint (set->ignored->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (set->ignored, 0), ==, "备注");
  notices = kh_record_set_get_notices (set);
  g_assert_cmpstr (notices, ==,
                   "t.csv: row 1, column 4: column “备注” ignored\n"
                   "t.csv: row 2, column 2: “12.5%” read as a percentage (the field is in %)\n"
                   "t.csv: row 2, column 3: “9,315” read with thousands separators\n"
                   "t.csv: row 3, column 2: “n/a” read as a missing value (so are n/a, —, -, 无 and /)\n"
                   "t.csv: row 3, column 3: “１２８４.８” read from full-width characters");
  g_clear_pointer (&set, kh_record_set_free);

  /* A percentage under a field not measured in % is ambiguous: refused. */
  g_hash_table_remove (units, (char *) "gdp_growth");
  set = kh_record_set_from_table_full (table, "t.csv", &options, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==,
                   "t.csv: row 2, column 2: “12.5%” is a percentage, but field “gdp_growth” is "
                   "not measured in % (write the number in the field's unit)");
}

/* Headers as matched: full-width folded, case folded, the unit of measure dropped. */
static void
test_table_normalize_header (void)
{
  static const char *const cases[][2] = {
    { " GDP ", "gdp" },
    { "地区生产总值增速（%）", "地区生产总值增速" },
    { "ＧＤＰ(万元)", "gdp" },
    { "人均 GDP (元)", "人均 gdp" },
    { "(x)", "(x)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *n = kh_table_normalize_header (cases[i][0]);

      g_assert_cmpstr (n, ==, cases[i][1]);
    }
}

/* 1,000 unknown units in a long file: problems capped at 200 plus a count. */
static void
test_table_problems_capped (void)
{
  g_autoptr (GString) csv = g_string_new ("unit,year,indicator,value\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_auto (GStrv) lines = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (csv, "u%u,2020,gdp,x%u\n", i, i);
  set = records_from (csv->str, &error);
  g_assert_null (set);
  lines = g_strsplit (error->message, "\n", -1);
  /* 200 listed + 1 summary line for the other 800. */
  g_assert_cmpuint (g_strv_length (lines), ==, 201);
  g_assert_cmpstr (lines[199], ==, "t.csv: row 201, column 4: “x199” is not a number");
  g_assert_cmpstr (lines[200], ==, "… and 800 more problems");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/table/wide", test_table_wide);
  g_test_add_func ("/table/long", test_table_long);
  g_test_add_func ("/table/stream", test_table_stream);
  g_test_add_func ("/table/batches", test_table_batches);
  g_test_add_func ("/table/numbers", test_table_numbers);
  g_test_add_func ("/table/problems", test_table_problems);
  g_test_add_func ("/table/tolerant", test_table_tolerant);
  g_test_add_func ("/table/normalize-header", test_table_normalize_header);
  g_test_add_func ("/table/problems-capped", test_table_problems_capped);

  return g_test_run ();
}
