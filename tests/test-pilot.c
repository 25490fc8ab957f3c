/* test-pilot.c — kh_pilot_read(): pilot values of proposed indicators from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/health/pilot.csv:
 *   unit,p_dup,p_flat,p_good
 *   A,10,3,5 / B,10,3,1 / C,10,3,4 / D,10,3,2 / E,6,3,(empty)
 * read against a dataset whose units are E D C B A (indices 0–4), so each value must land
 * at its unit's index, not at its row: p_good is 5 1 4 2 for A B C D, i.e. at indices
 * 4 3 2 1, and none (NAN) for E at index 0.
 */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-pilot.h"

static KhDataset *
dataset (void)
{
  KhDataset *ds = kh_dataset_new (2020);
  const char *ids[] = { "E", "D", "C", "B", "A", "F" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpuint (kh_dataset_add_unit (ds, ids[i], NULL, "cities"), ==, i);
  return ds;
}

static char *
write_temp (const char *dir,
            const char *text)
{
  char *path = g_build_filename (dir, "bad.csv", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_good (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "health", "pilot.csv", NULL);
  g_autoptr (KhDataset) ds = dataset ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pilots = kh_pilot_read (path, ds, &error);
  const KhPilotIndicator *dup, *flat, *good;

  g_assert_no_error (error);
  g_assert_nonnull (pilots);
  g_assert_cmpuint (pilots->len, ==, 3);
  dup = pilots->pdata[0];
  flat = pilots->pdata[1];
  good = pilots->pdata[2];
  g_assert_cmpstr (dup->id, ==, "p_dup");
  g_assert_cmpstr (flat->id, ==, "p_flat");
  g_assert_cmpstr (good->id, ==, "p_good");
  /* by unit: E D C B A F */
  g_assert_cmpfloat (dup->values[0], ==, 6);
  for (guint u = 1; u <= 4; u++)
    g_assert_cmpfloat (dup->values[u], ==, 10);
  for (guint u = 0; u <= 4; u++)
    g_assert_cmpfloat (flat->values[u], ==, 3);
  g_assert_true (isnan (good->values[0])); /* E's cell is empty */
  g_assert_cmpfloat (good->values[1], ==, 2);
  g_assert_cmpfloat (good->values[2], ==, 4);
  g_assert_cmpfloat (good->values[3], ==, 1);
  g_assert_cmpfloat (good->values[4], ==, 5);
  /* F has no row: no value of any indicator */
  g_assert_true (isnan (dup->values[5]) && isnan (flat->values[5]) && isnan (good->values[5]));
}

/* Excel's way: a BOM, CRLF, a quoted header, a negative and a decimal value. */
static void
test_excel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-pilot-XXXXXX", NULL);
  g_autofree char *path = write_temp (dir, "\xef\xbb\xbfunit,\"q, new\"\r\nB,-1.25\r\nA,3e2\r\n");
  g_autoptr (KhDataset) ds = dataset ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pilots = kh_pilot_read (path, ds, &error);
  const KhPilotIndicator *q;

  g_assert_no_error (error);
  g_assert_cmpuint (pilots->len, ==, 1);
  q = pilots->pdata[0];
  g_assert_cmpstr (q->id, ==, "q, new");
  g_assert_cmpfloat (q->values[3], ==, -1.25); /* B */
  g_assert_cmpfloat (q->values[4], ==, 300);   /* A */
  g_assert_true (isnan (q->values[0]));
  g_remove (path);
  g_rmdir (dir);
}

/* A bad file: refused with the place (line, 1-based column) named, nothing returned. */
static void
test_bad (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-pilot-XXXXXX", NULL);
  g_autoptr (KhDataset) ds = dataset ();
  struct
  {
    const char *text;
    const char *message; /* after "DIR/" */
  } cases[] = {
    /* line 3, column 2 */
    { "unit,p\nA,1\nB,x7\n", "bad.csv:3:2: “x7” is not a number" },
    /* a blank line is skipped, but the line is the file's: 4 */
    { "unit,p,q\nA,1,2\n\nB,2,1e999\n", "bad.csv:4:3: “1e999” is not a number" },
    { "unit,p\nA,1\nQ,2\n", "bad.csv:3: no unit “Q” in the data of 2020" },
    { "unit,,p\nA,1,2\n", "bad.csv:1:2: a proposed indicator needs a name in the header" },
    { "unit\nA\n", "bad.csv: no pilot values: the file needs a header and a column per "
                   "proposed indicator" },
    { "", "bad.csv: no pilot values" },
    { "unit,p\nA,\"1\n", "bad.csv:2:" }, /* a quote left open: the CSV reader's place */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_temp (dir, cases[i].text);
      g_autofree char *expected = g_build_filename (dir, cases[i].message, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) pilots = kh_pilot_read (path, ds, &error);

      g_assert_null (pilots);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, expected))
        g_error ("case %u: expected “%s…”, got “%s”", i, expected, error->message);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr (KhDataset) ds = dataset ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pilots = kh_pilot_read ("/nonexistent/pilot.csv", ds, &error);

  g_assert_null (pilots);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "pilot.csv"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pilot/good", test_good);
  g_test_add_func ("/pilot/excel", test_excel);
  g_test_add_func ("/pilot/bad", test_bad);
  g_test_add_func ("/pilot/missing-file", test_missing_file);

  return g_test_run ();
}
