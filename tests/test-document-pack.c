/* test-document-pack.c — a year imported in the app is packed, as `kaohe-cli import`
 * packs it (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-document-survey.c (cities a, b, c, d; the 2020 framework reads gdp).
 * The packed copy of a year (schema 14) holds, per field, a little-endian double for each
 * unit of the category in byte order of their ids.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document.h"

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

/* 2020's packed gdp in @path (a connection of its own): the doubles into @out, how many
 * there are; -1 when 2020 has no packed copy. */
static int
packed_gdp (const char *path,
            double     *out,
            int         n_out)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT p.units, v.packed FROM packed_years p "
                                           "JOIN values_packed v ON v.year = p.year "
                                           "AND v.category_id = p.category_id "
                                           "WHERE p.year = 2020 AND v.field = 'gdp'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const guint8 *bytes = sqlite3_column_blob (stmt, 1);

      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "a\nb\nc\nd\n");
      n = sqlite3_column_bytes (stmt, 1) / 8;
      g_assert_cmpint (n, <=, n_out);
      for (int i = 0; i < n; i++)
        {
          guint64 bits;

          memcpy (&bits, bytes + 8 * i, sizeof bits);
          bits = GUINT64_FROM_LE (bits);
          memcpy (&out[i], &bits, sizeof bits);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Nothing packed before; the document's import of a, b and c's gdp packs 2020 (and
 * 2019, which has no framework here: nothing), the copy holding the values imported and
 * NaN for d, which has none. */
static void
test_import_packs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-pack-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (KhRecordSet) records = kh_record_set_new (KH_TABLE_LONG, NULL);
  double gdp[8];
  guint n_changed = 0;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  g_assert_cmpint (packed_gdp (path, gdp, G_N_ELEMENTS (gdp)), ==, -1);

  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  kh_record_set_add (records, 2, 2, "c", 2020, "gdp", 31.5);
  kh_record_set_add (records, 3, 2, "a", 2020, "gdp", 11);
  kh_record_set_add (records, 4, 2, "b", 2020, "gdp", 21);
  g_assert_true (kh_document_import_records_full (doc, records, "gdp.csv", &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 3);

  g_assert_cmpint (packed_gdp (path, gdp, G_N_ELEMENTS (gdp)), ==, 4);
  g_assert_cmpfloat (gdp[0], ==, 11);
  g_assert_cmpfloat (gdp[1], ==, 21);
  g_assert_cmpfloat (gdp[2], ==, 31.5);
  g_assert_true (isnan (gdp[3]));

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/pack/import", test_import_packs);
  return g_test_run ();
}
