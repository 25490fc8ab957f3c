/* test-csv.c — the RFC 4180 reader and its encodings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "io/kh-csv.h"
#include "io/kh-io-error.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "csv", name, NULL);
}

/* The message is PATH followed by @rest. */
static void
assert_message (const GError *error,
                const char   *path,
                const char   *rest)
{
  g_autofree char *expected = g_strconcat (path, rest, NULL);

  g_assert_cmpstr (error->message, ==, expected);
}

static const char *
cell (KhCsvTable *table,
      guint       row,
      guint       column)
{
  g_assert_cmpuint (row, <, kh_csv_table_n_rows (table));
  return kh_csv_table_cell (table, row, column);
}

/* Every encoded fixture holds the same three rows:
 *   unit,name,gdp / nanjing,南京,"16,355.3" / suzhou,苏州,20170.5 */
static void
check_cities (KhCsvTable *table)
{
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 3);
  g_assert_cmpuint (kh_csv_table_width (table, 1), ==, 3);
  g_assert_cmpstr (cell (table, 0, 0), ==, "unit");
  g_assert_cmpstr (cell (table, 1, 1), ==, "南京");
  g_assert_cmpstr (cell (table, 1, 2), ==, "16,355.3");
  g_assert_cmpstr (cell (table, 2, 1), ==, "苏州");
  g_assert_cmpstr (cell (table, 2, 2), ==, "20170.5");
  g_assert_cmpuint (kh_csv_table_line (table, 2), ==, 3);
}

static void
test_csv_encodings (void)
{
  static const struct
  {
    const char *file;
    const char *encoding;
  } cases[] = {
    { "utf8.csv", "UTF-8" },         { "utf8-bom.csv", "UTF-8-BOM" },
    { "gbk.csv", "GB18030" },        { "utf16le.csv", "UTF-16LE" },
    { "utf16be.csv", "UTF-16BE" },
    /* Excel's "Unicode text": UTF-16LE with BOM, TAB-separated. */
    { "unicode-text-tabs.txt", "UTF-16LE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].file);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);

      g_test_message ("%s", cases[i].file);
      g_assert_no_error (error);
      g_assert_cmpstr (table->encoding, ==, cases[i].encoding);
      check_cities (table);
    }
}

static void
test_csv_given_encoding (void)
{
  g_autofree char *path = fixture ("gbk.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, "gbk", &error);
  g_autoptr (KhCsvTable) wrong = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (table->encoding, ==, "GB18030");
  check_cities (table);

  /* GBK bytes read as UTF-8: 南 is C4 CF; C4 needs a continuation byte, CF is not one.
   * "unit,name,gdp\r\n" is 15 bytes and "nanjing," 8: the bad sequence starts at 23. */
  wrong = kh_csv_read_file (path, "UTF-8", &error);
  g_assert_null (wrong);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "invalid UTF-8 byte sequence at byte offset 23"));
  g_clear_error (&error);

  wrong = kh_csv_parse ("a", 1, "EBCDIC", "x.csv", &error);
  g_assert_null (wrong);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "x.csv: unsupported encoding “EBCDIC”"));
}

static void
test_csv_invalid_bytes (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *bad = fixture ("invalid-bytes.csv");
  g_autofree char *truncated = fixture ("gbk-truncated.csv");
  g_autoptr (KhCsvTable) table = NULL;

  /* "unit,gdp\n" (9 bytes) + "nanjing,1" (9 bytes): the 0xFF is at offset 18, invalid in
   * both UTF-8 and GB18030. */
  table = kh_csv_read_file (bad, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  assert_message (error, bad, ": neither UTF-8 (invalid sequence at byte offset 18) nor "
                   "GB18030 (invalid sequence at byte offset 18); give the encoding");
  g_clear_error (&error);

  /* "unit,gdp\n" (9) + 南 C4 CF (2) + ",1\n" (3): the lone lead byte C4 is at 14. */
  table = kh_csv_read_file (truncated, "GBK", &error);
  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  assert_message (error, truncated, ": invalid GB18030 byte sequence at byte offset 14");
  g_clear_error (&error);

  /* UTF-16LE with BOM and an odd trailing byte: BOM (2) + "ab" (4) = offset 6. */
  table = kh_csv_parse ("\xFF\xFE" "a\0b\0c", 7, NULL, "odd.csv", &error);
  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "odd.csv: invalid UTF-16LE byte sequence at byte offset 6");
}

static void
test_csv_quoted_newlines (void)
{
  g_autofree char *path = fixture ("quoted-newline.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);

  g_assert_no_error (error);
  /* Line 1 header, lines 2–3 one quoted record, line 4 blank (skipped), line 5 suzhou. */
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 3);
  g_assert_cmpstr (cell (table, 1, 0), ==, "nanjing");
  g_assert_cmpstr (cell (table, 1, 1), ==, "first line\nsecond \"quoted\" line");
  g_assert_cmpstr (cell (table, 1, 2), ==, "1.5");
  g_assert_cmpstr (cell (table, 2, 1), ==, "a,b");
  g_assert_cmpuint (kh_csv_table_line (table, 0), ==, 1);
  g_assert_cmpuint (kh_csv_table_line (table, 1), ==, 2);
  g_assert_cmpuint (kh_csv_table_line (table, 2), ==, 5);
}

static void
test_csv_shapes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  const char *crlf_in_quotes = "a,\"x\r\ny\"\rb,\n,c";

  /* Lone CR ends a record; CRLF inside quotes becomes LF; empty fields are kept; no final
   * line break needed. */
  table = kh_csv_parse (crlf_in_quotes, strlen (crlf_in_quotes), NULL, "t.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 3);
  g_assert_cmpstr (cell (table, 0, 1), ==, "x\ny");
  g_assert_cmpstr (cell (table, 1, 0), ==, "b");
  g_assert_cmpstr (cell (table, 1, 1), ==, "");
  g_assert_cmpstr (cell (table, 2, 0), ==, "");
  g_assert_cmpstr (cell (table, 2, 1), ==, "c");
  g_assert_cmpuint (kh_csv_table_line (table, 1), ==, 3);
  g_assert_cmpuint (kh_csv_table_line (table, 2), ==, 4);
  g_clear_pointer (&table, kh_csv_table_free);

  /* A comma on the first line keeps commas as separators, TABs then are data. */
  table = kh_csv_parse ("a,b\tc\n1,2\t3\n", 12, NULL, "t.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cell (table, 1, 1), ==, "2\t3");
  g_clear_pointer (&table, kh_csv_table_free);

  table = kh_csv_parse ("", 0, NULL, "empty.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 0);
  g_assert_cmpstr (table->encoding, ==, "UTF-8");
}

static void
test_csv_malformed (void)
{
  static const struct
  {
    const char *file;
    const char *message;
  } cases[] = {
    /* suzhou,2"3: the quote is the 9th character of line 3 */
    { "stray-quote.csv",
      ":3:9: quote inside an unquoted field (quote the whole field and double "
      "the quote)" },
    /* nanjing,"1"x: the x is the 12th character of line 2 */
    { "after-quote.csv", ":2:12: unexpected text after the closing quote of a field" },
    /* suzhou,"2…: the opening quote is the 8th character of line 3 */
    { "unterminated.csv",
      ":3:8: quoted field is not closed before the end of the file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].file);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);

      g_assert_null (table);
      g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
      assert_message (error, path, cases[i].message);
    }
}

static void
test_csv_column_counts_characters (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  const char *text = "南京,苏\"州\n";

  /* 南 京 , 苏 are characters 1–4: the quote is column 5 although it is byte 11. */
  table = kh_csv_parse (text, strlen (text), NULL, "zh.csv", &error);
  g_assert_null (table);
  g_assert_nonnull (strstr (error->message, "zh.csv:1:5: quote inside"));
}

/* Random bytes drawn from the characters that matter to the parser and the decoder:
 * every input gives a table or an error with a message, never a crash (run under ASan
 * and UBSan in the sanitizer build). */
static void
test_csv_random_input (void)
{
  static const char alphabet[] = { ',', '"', '\r', '\n', 'a', '1', '\0', (char) 0xC4, (char) 0xCF,
                                   (char) 0xFF, (char) 0xFE, (char) 0xEF, (char) 0xBB, (char) 0xBF,
                                   (char) 0x80, ' ' };
  GRand *rand = g_rand_new_with_seed (20201);

  for (guint i = 0; i < 5000; i++)
    {
      guint len = g_rand_int_range (rand, 0, 64);
      g_autofree char *data = g_malloc (len + 1);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhCsvTable) table = NULL;

      for (guint j = 0; j < len; j++)
        data[j] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
      table = kh_csv_parse (data, len, NULL, "r.csv", &error);
      g_assert_true ((table == NULL) != (error == NULL));
      /* Every row kept has a non-empty cell; rows start on ascending lines. */
      if (table != NULL)
        for (guint r = 0; r < kh_csv_table_n_rows (table); r++)
          {
            g_assert_cmpuint (kh_csv_table_width (table, r), >, 0);
            g_assert_cmpstr (kh_csv_table_cell (table, r, kh_csv_table_width (table, r) - 1), !=, "");
            if (r > 0)
              g_assert_cmpuint (kh_csv_table_line (table, r), >, kh_csv_table_line (table, r - 1));
          }
      else
        g_assert_true (g_str_has_prefix (error->message, "r.csv:"));
    }
  g_rand_free (rand);
}

static void
test_csv_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file ("/nonexistent/x.csv", NULL, &error);

  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "x.csv"));
  g_clear_error (&error);

  table = kh_csv_read_file ("/dev/null", NULL, &error);
  g_assert_null (table);
  g_assert_cmpstr (error->message, ==, "/dev/null: not a regular file");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/encodings", test_csv_encodings);
  g_test_add_func ("/csv/given-encoding", test_csv_given_encoding);
  g_test_add_func ("/csv/invalid-bytes", test_csv_invalid_bytes);
  g_test_add_func ("/csv/quoted-newlines", test_csv_quoted_newlines);
  g_test_add_func ("/csv/shapes", test_csv_shapes);
  g_test_add_func ("/csv/malformed", test_csv_malformed);
  g_test_add_func ("/csv/column-counts-characters", test_csv_column_counts_characters);
  g_test_add_func ("/csv/random-input", test_csv_random_input);
  g_test_add_func ("/csv/missing-file", test_csv_missing_file);

  return g_test_run ();
}
