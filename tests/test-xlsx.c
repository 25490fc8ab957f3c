/* test-xlsx.c — reading worksheets, and what a hostile or broken workbook gets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures come from tests/data/xlsx/make-fixtures.py.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "io/kh-io-error.h"
#include "io/kh-table.h"
#include "io/kh-xlsx.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "xlsx", name, NULL);
}

static const char *
cell (KhCsvTable *table,
      guint       row,
      guint       column)
{
  return kh_csv_table_cell (table, row, column);
}

static void
test_xlsx_first_sheet (void)
{
  g_autofree char *path = fixture ("cities.xlsx");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_xlsx_read_file (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (table->encoding, ==, "XLSX");
  /* Rows 1, 2, 3 and 5 (row 4 does not exist in the sheet). */
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 4);
  g_assert_cmpstr (cell (table, 0, 0), ==, "unit");       /* shared string */
  g_assert_cmpstr (cell (table, 0, 2), ==, "gdp");        /* inline string */
  g_assert_cmpstr (cell (table, 1, 1), ==, "南京市");
  g_assert_cmpstr (cell (table, 1, 2), ==, "14817.95");   /* number */
  g_assert_cmpstr (cell (table, 2, 1), ==, "苏州市");      /* rich text runs, no phonetic */
  g_assert_cmpstr (cell (table, 2, 3), ==, "");           /* styled empty cell */
  g_assert_cmpstr (cell (table, 3, 0), ==, "nantong");
  g_assert_cmpstr (cell (table, 3, 1), ==, "");           /* B5 absent */
  g_assert_cmpstr (cell (table, 3, 2), ==, "10036.3");    /* formula: cached value */
  g_assert_cmpuint (kh_csv_table_line (table, 3), ==, 5);
}

static void
test_xlsx_records_positions (void)
{
  g_autofree char *path = fixture ("cities.xlsx");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_xlsx_read_file (path, NULL, &error);
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *notices = NULL;

  g_assert_no_error (error);
  /* D5 holds the text "n/a": a missing value, noted at row 5, column 4 as Excel shows it. */
  set = kh_record_set_from_table (table, "cities.xlsx", &error);
  g_assert_no_error (error);
  notices = kh_record_set_get_notices (set);
  g_assert_cmpstr (notices, ==,
                   "cities.xlsx: row 5, column 4: “n/a” read as a missing value (so are n/a, —, "
                   "-, 无 and /)");
}

static void
test_xlsx_named_sheet (void)
{
  g_autofree char *path = fixture ("cities.xlsx");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_xlsx_read_file (path, "其他", &error);
  g_auto (GStrv) names = NULL;

  g_assert_no_error (error);
  /* Only B2, a boolean. */
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 1);
  g_assert_cmpuint (kh_csv_table_line (table, 0), ==, 2);
  g_assert_cmpstr (cell (table, 0, 0), ==, "");
  g_assert_cmpstr (cell (table, 0, 1), ==, "TRUE");
  g_clear_pointer (&table, kh_csv_table_free);

  table = kh_xlsx_read_file (path, "missing", &error);
  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (error->message,
                                   "cities.xlsx: no sheet named “missing” (the sheets are "
                                   "“data”, “其他”)"));

  names = kh_xlsx_sheet_names (path, NULL);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[1], ==, "其他");
}

static void
test_xlsx_hostile (void)
{
  static const struct
  {
    const char *file;
    int code;
    const char *message; /* after the path */
  } cases[] = {
    { "not-zip.xlsx", KH_IO_ERROR_PARSE, ": not an Excel workbook (not a zip archive)" },
    { "odd-path.xlsx", KH_IO_ERROR_LIMIT,
      ": the archive holds an entry with an odd path “../../evil.txt”" },
    /* 70 MiB of spaces inflate past the 64 MiB part limit. */
    { "bomb.xlsx", KH_IO_ERROR_LIMIT,
      ": part “xl/worksheets/sheet1.xml” inflates beyond the limit of 67108864 bytes (zip "
      "bomb?)" },
    /* <c r="A1"> is closed by </row> on line 3. */
    { "broken-sheet.xlsx", KH_IO_ERROR_PARSE,
      ":xl/worksheets/sheet1.xml:3:47: Opening and ending tag mismatch: c line 3 and row" },
    /* The sheet XML gets the framework files' hardened parser: no DTD at all. */
    { "doctype.xlsx", KH_IO_ERROR_PARSE,
      ":xl/worksheets/sheet1.xml:2:1: a DOCTYPE declaration is not allowed" },
    /* <row r="1"> is 11 characters: the <c> element starts at line 3, column 12. */
    { "bad-shared.xlsx", KH_IO_ERROR_PARSE,
      ":xl/worksheets/sheet1.xml:3:12: shared string “99” does not exist" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].file);
      g_autofree char *expected = g_strconcat (path, cases[i].message, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhCsvTable) table = kh_xlsx_read_file (path, NULL, &error);

      g_test_message ("%s: %s", cases[i].file, error != NULL ? error->message : "(no error)");
      g_assert_null (table);
      g_assert_error (error, KH_IO_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, expected));
    }
}

/* Flipped bytes in a valid workbook: a table or an error with a message, never a crash
 * (the sanitizer build runs this under ASan and UBSan). */
static void
test_xlsx_mutations (void)
{
  g_autofree char *path = fixture ("cities.xlsx");
  g_autofree char *original = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-xlsx-XXXXXX", &error);
  g_autofree char *mutant = g_build_filename (dir, "mutant.xlsx", NULL);
  GRand *rand = g_rand_new_with_seed (4181);
  gsize len = 0;
  guint opened = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &original, &len, NULL));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *bytes = g_memdup2 (original, len);
      g_autoptr (KhCsvTable) table = NULL;
      guint flips = g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < flips; k++)
        bytes[g_rand_int_range (rand, 0, (gint32) len)] ^= (char) g_rand_int_range (rand, 1, 256);
      g_assert_true (g_file_set_contents (mutant, bytes, len, NULL));
      table = kh_xlsx_read_file (mutant, NULL, &error);
      g_assert_true ((table == NULL) != (error == NULL));
      if (table == NULL)
        g_assert_nonnull (strstr (error->message, "mutant.xlsx"));
      else
        opened++;
      g_clear_error (&error);
    }
  g_test_message ("%u of 400 mutants still read", opened);
  g_rand_free (rand);
  g_unlink (mutant);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xlsx/first-sheet", test_xlsx_first_sheet);
  g_test_add_func ("/xlsx/records-positions", test_xlsx_records_positions);
  g_test_add_func ("/xlsx/named-sheet", test_xlsx_named_sheet);
  g_test_add_func ("/xlsx/hostile", test_xlsx_hostile);
  g_test_add_func ("/xlsx/mutations", test_xlsx_mutations);

  return g_test_run ();
}
