/* test-sample-counties.c — the sample's counties across the 2020 merger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In 2020 港闸区 merged into 崇川区 and 海门市 became 海门区 (data/samples/units.csv: the
 * successor column); the 2020 county framework declares merged-rank="best". Read from
 * `kaohe-cli compute` of the built sample (2019 and 2020), as test-sample.c does:
 *   - 海门区 is compared with 海门市's 2019 rank (2nd);
 *   - 崇川区 with the better of 崇川区's and 港闸区's 2019 ranks;
 *   - every county's rank change is the number of counties compared in both years that
 *     it passed minus the number that passed it, counted pair by pair here — so the
 *     place left by the merger (one 2019 unit fewer) shifts nobody.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kh-test-cli.h"

typedef struct
{
  char *unit;
  int rank;
  int prev_rank; /* 0: none */
  int change;
  gboolean has_change;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->unit);
  g_free (row);
}

/* unit id → Row of `compute --category county --year @year`. */
static GHashTable *
compute (int year)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                            "jiangsu-sample.kaohe", NULL);
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", path, "--year", year_text, "--category",
                                              "county", "--format", "csv", NULL);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_free);
  g_auto (GStrv) lines = NULL;

  if (run->status != 0)
    g_error ("compute %d: %s", year, run->err);
  lines = g_strsplit (run->out, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;
      Row *row;

      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", 11);
      g_assert_cmpuint (g_strv_length (f), >=, 10);
      row = g_new0 (Row, 1);
      row->unit = g_strdup (f[2]);
      row->rank = atoi (f[5]);
      row->prev_rank = atoi (f[7]);
      row->has_change = f[8][0] != '\0';
      row->change = atoi (f[8]);
      g_hash_table_insert (rows, row->unit, row);
    }
  return rows;
}

static Row *
row_of (GHashTable *rows,
        const char *unit)
{
  Row *row = g_hash_table_lookup (rows, unit);

  if (row == NULL)
    g_error ("no unit “%s”", unit);
  return row;
}

static void
test_merger (void)
{
  g_autoptr (GHashTable) y2019 = compute (2019);
  g_autoptr (GHashTable) y2020 = compute (2020);
  Row *haimen = row_of (y2020, "nantong-haimen-district");
  Row *chongchuan = row_of (y2020, "nantong-chongchuan");
  int chongchuan_2019 = row_of (y2019, "nantong-chongchuan")->rank;
  int gangzha_2019 = row_of (y2019, "nantong-gangzha")->rank;
  GHashTableIter iter;
  gpointer value;
  guint n_compared = 0, n_vacancy = 0;
  int vacated;

  /* 95 counties in 2020, 96 in 2019. */
  g_assert_cmpuint (g_hash_table_size (y2019), ==, 96);
  g_assert_cmpuint (g_hash_table_size (y2020), ==, 95);

  /* 海门区 (renamed): 海门市's 2019 rank, 2nd. */
  g_assert_cmpint (row_of (y2019, "nantong-haimen-city")->rank, ==, 2);
  g_assert_cmpint (haimen->prev_rank, ==, row_of (y2019, "nantong-haimen-city")->rank);
  g_assert_true (haimen->has_change);
  /* 46th in 2020. The one ahead of it in 2019 is compared (崇川区's own 20th, which went
   * into the merger, was behind it), so it stood 2nd among the compared; all 95 are
   * compared in 2020, 45 ahead of it: 2 − 46 = −44 (as previous rank − rank). */
  g_assert_cmpint (haimen->rank, ==, 46);
  g_assert_cmpint (haimen->change, ==, -44);

  /* 崇川区 (merged, merged-rank="best"): the better of 崇川区 20th and 港闸区 8th. */
  g_assert_cmpint (chongchuan_2019, ==, 20);
  g_assert_cmpint (gangzha_2019, ==, 8);
  g_assert_cmpint (chongchuan->prev_rank, ==, MIN (chongchuan_2019, gangzha_2019));
  vacated = MAX (chongchuan_2019, gangzha_2019); /* the 2019 place nobody continues */
  /* 22nd in 2020; the vacated 20th is behind 港闸区's 8th, so it stood 8th among the
   * compared: 8 − 22 = −14. */
  g_assert_cmpint (chongchuan->rank, ==, 22);
  g_assert_cmpint (chongchuan->change, ==, -14);

  /* Every county: the change is the number of compared counties it passed (ahead of it
   * in 2019, behind it in 2020) minus those that passed it. Every 2020 county has a
   * previous rank here, so all 95 are compared. */
  g_hash_table_iter_init (&iter, y2020);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Row *u = value;
      GHashTableIter other;
      gpointer v_value;
      int passed = 0, passed_by = 0;

      g_assert_cmpint (u->prev_rank, >, 0);
      g_assert_true (u->has_change);
      n_compared++;
      g_hash_table_iter_init (&other, y2020);
      while (g_hash_table_iter_next (&other, NULL, &v_value))
        {
          Row *v = v_value;

          if (v->prev_rank < u->prev_rank && v->rank > u->rank)
            passed++;
          else if (v->prev_rank > u->prev_rank && v->rank < u->rank)
            passed_by++;
        }
      if (u->change != passed - passed_by)
        g_error ("%s: change %d, but it passed %d and was passed by %d", u->unit, u->change,
                 passed, passed_by);
      /* Below the vacated place, the previous rank counts one unit that no longer
       * stands there: the change is one less than previous rank − rank. */
      if (u->prev_rank > vacated)
        {
          g_assert_cmpint (u->change, ==, u->prev_rank - 1 - u->rank);
          n_vacancy++;
        }
      else
        g_assert_cmpint (u->change, ==, u->prev_rank - u->rank);
    }
  g_assert_cmpuint (n_compared, ==, 95);
  /* The 2019 ranks 21…96 (76 units) all continue into 2020. */
  g_assert_cmpuint (n_vacancy, ==, 76);

  /* 如皋市: 77th in 2019, 76th in 2020. Of the 76 ahead of it in 2019, 75 are compared
   * (崇川区's own 20th place went into the merger); 75 are ahead in 2020: 76 − 76 = 0.
   * Against the published 77th it would read +1. */
  g_assert_cmpint (row_of (y2019, "nantong-rugao")->rank, ==, 77);
  g_assert_cmpint (row_of (y2020, "nantong-rugao")->rank, ==, 76);
  g_assert_cmpint (row_of (y2020, "nantong-rugao")->change, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sample/counties/merger", test_merger);
  return g_test_run ();
}
