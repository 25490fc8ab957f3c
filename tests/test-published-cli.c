/* test-published-cli.c — `kaohe-cli import --published`: the official notice of a year,
 * every difference from the recomputed year, and the baseline of the next year's rank
 * change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small project of tests/data/units (one indicator a, 100 points, goalposts 0–100, so
 * a county's total is its value; tiers by count: 2 in the first, 2 in the second, the
 * rest in the third; 争先进位奖 to the units that advanced most, at least one place):
 *
 *   2019: k2 港闸区 80, k5 通州区 70, k1 崇川区 60, k3 海门市 50, k6 如皋市 40
 *         → ranks 1 2 3 4 5, tiers 1 1 2 2 3, no award (no 2018 to advance on).
 *   The notice (published-county-2019.csv): 港闸区 3 第二等次; 通州区 1 第一等次;
 *         崇川区 2 第一等次 争先进位奖; 海门市 4 第二等次; 如皋市 5 第三等次.
 *   Differences, in the notice's order: 港闸区 rank 3/1, tier 2/1; 通州区 rank 1/2;
 *         崇川区 rank 2/3, tier 1/2, awards 争先进位奖/none. 海门市 and 如皋市 agree: 6.
 *
 *   2020: k1 75, k5 72, k6 65, k4 海门区 55 → ranks 1 2 3 4. 崇川区 (k1) continues itself
 *         and 港闸区 (merged-rank="best"), 海门区 (k4) continues 海门市.
 *   baseline="published": last year's standings k5 1, k1 2 (best of its 2 and 港闸区's
 *         3), k4 4 (海门市's), k6 5; among the four compared: k5 1, k1 2, k4 3, k6 4;
 *         this year k1 1, k5 2, k6 3, k4 4. Changes k1 +1, k5 −1, k6 +1, k4 −1; the
 *         award to both that advanced one place, k1 and k6.
 *   baseline="recomputed" (the default): k1 1 (港闸区's 1), k5 2, k4 4, k6 5; compared
 *         k1 1, k5 2, k4 3, k6 4. Changes k1 0, k5 0, k6 +1, k4 −1; the award to k6.
 */
#include "config.h"

#include <sqlite3.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "units", name, NULL);
}

static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static void
run_ok (const char *first,
        ...) G_GNUC_NULL_TERMINATED;

static void
run_ok (const char *first,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (KhCliRun) run = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run = kh_test_cli_runv ((const char *const *) args->pdata);
  assert_ok (run);
}

static gint64
count (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  n = kh_test_raw_count (db, sql);
  sqlite3_close (db);
  return n;
}

/* The 2020 county framework, with baseline="published" when asked, in the fixture's
 * folder. */
static char *
framework_2020 (Fixture *f,
                gboolean published)
{
  g_autofree char *src = data_path ("county-2020.xml");
  g_autofree char *xml = NULL;
  char *out = g_build_filename (f->dir, published ? "county-2020-published.xml"
                                                  : "county-2020.xml", NULL);

  g_assert_true (g_file_get_contents (src, &xml, NULL, NULL));
  if (published)
    {
      g_auto (GStrv) parts = g_strsplit (xml, "category=\"county\"", 2);

      g_free (xml);
      xml = g_strjoinv ("category=\"county\" baseline=\"published\"", parts);
    }
  g_assert_true (g_file_set_contents (out, xml, -1, NULL));
  return out;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("county-2019.xml");
  g_autofree char *values = data_path ("county-2019.csv");
  g_autofree char *values_2020 = data_path ("county-2020.csv");
  g_autofree char *fw_2020 = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  f->dir = g_dir_make_tmp ("kh-published-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.kaohe", NULL);
  fw_2020 = framework_2020 (f, GPOINTER_TO_INT (data));
  run_ok ("new", f->path, NULL);
  run_ok ("import", f->path, "--units", units, NULL);
  run_ok ("import", f->path, "--year", "2019", "--framework", fw, NULL);
  run_ok ("import", f->path, "--year", "2019", values, NULL);
  run_ok ("import", f->path, "--year", "2020", "--framework", fw_2020, NULL);
  run_ok ("import", f->path, "--year", "2020", values_2020, NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The notice imported, and every difference from the recomputed 2019 printed (see the
 * top of the file). */
static void
test_differences (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *notice = data_path ("published-county-2019.csv");
  g_autofree char *expected = NULL;
  g_autoptr (KhCliRun) run = kh_test_cli_run ("import", f->path, "--year", "2019",
                                              "--published", notice, NULL);

  assert_ok (run);
  g_assert_cmpstr (run->err, ==, "");
  expected = g_strdup_printf ("%s: results published for 2019 imported (5 units)\n"
                              "6 differences from the recomputed results:\n"
                              "  k2 (港闸区): rank: published 3, recomputed 1\n"
                              "  k2 (港闸区): tier: published 2, recomputed 1\n"
                              "  k5 (通州区): rank: published 1, recomputed 2\n"
                              "  k1 (崇川区): rank: published 2, recomputed 3\n"
                              "  k1 (崇川区): tier: published 1, recomputed 2\n"
                              "  k1 (崇川区): awards: published 争先进位奖, recomputed —\n",
                              f->path);
  g_assert_cmpstr (run->out, ==, expected);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM published_results WHERE year = 2019"),
                   ==, 5);
}

/* A notice that agrees: 2019's own results, exported as XLSX (columns unit, name, rank,
 * tier, awards … of kaohe-cli export), read back as the notice: no difference. The
 * notice of a year that cannot be computed (2018, before the project's first year: the
 * baseline of 2019) is kept, and the output says why it was not compared. */
static void
test_agrees (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *xlsx = g_build_filename (f->dir, "results-2019.xlsx", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "notice-2018.csv", NULL);
  g_autofree char *expected = NULL;
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCliRun) early = NULL;

  run_ok ("export", f->path, "--year", "2019", "--format", "xlsx", "-o", xlsx, NULL);
  run = kh_test_cli_run ("import", f->path, "--year", "2019", "--published", xlsx, NULL);
  assert_ok (run);
  expected = g_strdup_printf ("%s: results published for 2019 imported (5 units)\n"
                              "the recomputed results agree with the published ones\n",
                              f->path);
  g_assert_cmpstr (run->out, ==, expected);

  g_assert_true (g_file_set_contents (csv, "unit,rank\n崇川区,1\n港闸区,2\n", -1, NULL));
  early = kh_test_cli_run ("import", f->path, "--year", "2018", "--published", csv, NULL);
  assert_ok (early);
  g_assert_nonnull (strstr (early->out, "results published for 2018 imported (2 units)\n"
                                        "not compared with the recomputed results: "));
  g_assert_nonnull (strstr (early->out, "year 2018 has no framework"));
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM published_results WHERE year = 2018"),
                   ==, 2);
}

/* Bad notices: every problem with its row and column, exit status 1, nothing imported
 * (neither the notice nor its audit row); a notice already imported stays as it was. */
static void
test_bad_input (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *bad = data_path ("published-bad.csv");
  g_autofree char *good = data_path ("published-county-2019.csv");
  g_autofree char *no_rank = g_build_filename (f->dir, "no-rank.csv", NULL);
  g_autofree char *gb = g_build_filename (f->dir, "bad-total.csv", NULL);
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCliRun) header = NULL;
  g_autoptr (KhCliRun) totals = NULL;
  g_autoptr (KhCliRun) usage = NULL;
  g_autoptr (KhCliRun) missing = NULL;

  run = kh_test_cli_run ("import", f->path, "--year", "2019", "--published", bad, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  /* row 2 k2 is fine; zz unknown; x not a rank; 第九十等次 not a tier; k2 twice */
  g_assert_cmpstr (run->err, ==,
                   "published-bad.csv: row 3, column 1: unknown unit “zz”\n"
                   "published-bad.csv: row 4, column 2: “x” is not a rank (a whole number from 1)\n"
                   "published-bad.csv: row 5, column 3: “第九十等次” is not a tier (1, 2, 3 … or "
                   "第一等次, 第二等次 …)\n"
                   "published-bad.csv: row 6, column 1: unit “k2” appears twice\n");
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM published_results"), ==, 0);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM audit_log WHERE action = 'published'"),
                   ==, 0);

  /* The good notice, then bad ones: the good one stays. */
  run_ok ("import", f->path, "--year", "2019", "--published", good, NULL);
  g_assert_true (g_file_set_contents (no_rank, "unit,tier\nk1,1\n", -1, NULL));
  header = kh_test_cli_run ("import", f->path, "--year", "2019", "--published", no_rank, NULL);
  g_assert_cmpint (header->status, ==, 1);
  g_assert_cmpstr (header->err, ==,
                   "no-rank.csv: row 1, column 1: the header has no “rank” column (published "
                   "results: unit,rank,tier,award,group,total)\n");
  /* A total that is no number, in the fourth column of row 3. */
  g_assert_true (g_file_set_contents (gb, "单位,名次,等次,得分\n港闸区,1,1,80\n通州区,2,1,七十\n",
                                      -1, NULL));
  totals = kh_test_cli_run ("import", f->path, "--year", "2019", "--published", gb, NULL);
  g_assert_cmpint (totals->status, ==, 1);
  g_assert_cmpstr (totals->err, ==, "bad-total.csv: row 3, column 4: “七十” is not a number\n");
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM published_results"), ==, 5);
  g_assert_cmpint (count (f->path, "SELECT rank FROM published_results WHERE unit_id = 'k2'"),
                   ==, 3);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM audit_log WHERE action = 'published'"),
                   ==, 1);

  /* --published without --year, and a file that is not there. */
  usage = kh_test_cli_run ("import", f->path, "--published", good, NULL);
  g_assert_cmpint (usage->status, ==, 2);
  g_assert_nonnull (strstr (usage->err, "--year is required"));
  missing = kh_test_cli_run ("import", f->path, "--year", "2019", "--published",
                             "/nonexistent/notice.csv", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->err, "notice.csv"));
}

/* The line of @unit (in column @column) in `kaohe-cli compute` output. */
static char *
line_of (const char *out,
         int         column,
         const char *unit)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (cells) > (guint) column && g_strcmp0 (cells[column], unit) == 0)
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* 2020 declares baseline="published": compute refuses until the notice of 2019 is
 * there, then counts against it (see the top of the file); 2020's results as stored
 * (export) carry the same. The same project whose 2020 framework says nothing counts
 * against the recomputed 2019. */
static void
test_baseline (Fixture      *f,
               gconstpointer data)
{
  gboolean published = GPOINTER_TO_INT (data);
  g_autofree char *notice = data_path ("published-county-2019.csv");
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCliRun) refused = NULL;
  static const struct
  {
    const char *unit;
    int prev_rank[2]; /* recomputed, published */
    int change[2];
    gboolean award[2];
  } expected[] = {
    { "k1", { 1, 2 }, { 0, 1 }, { FALSE, TRUE } },
    { "k5", { 2, 1 }, { 0, -1 }, { FALSE, FALSE } },
    { "k6", { 5, 5 }, { 1, 1 }, { TRUE, TRUE } },
    { "k4", { 4, 4 }, { -1, -1 }, { FALSE, FALSE } },
  };
  g_auto (GStrv) header = NULL;
  int c_unit = -1, c_prev = -1, c_change = -1, c_awards = -1;

  if (published)
    {
      refused = kh_test_cli_run ("compute", f->path, "--year", "2020", "--category", "county",
                                 NULL);
      g_assert_cmpint (refused->status, ==, 1);
      g_assert_nonnull (strstr (refused->err, "counts rank changes against the results "
                                              "published for 2019"));
    }
  run_ok ("import", f->path, "--year", "2019", "--published", notice, NULL);
  run = kh_test_cli_run ("compute", f->path, "--year", "2020", "--category", "county", NULL);
  assert_ok (run);
  g_test_message ("%s", run->out);
  {
    g_auto (GStrv) lines = g_strsplit (run->out, "\n", 2);

    header = g_strsplit (lines[0], ",", -1);
  }
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "unit"))
        c_unit = (int) i;
      else if (g_str_equal (header[i], "prev_rank"))
        c_prev = (int) i;
      else if (g_str_equal (header[i], "rank_change"))
        c_change = (int) i;
      else if (g_str_equal (header[i], "awards"))
        c_awards = (int) i;
    }
  g_assert_cmpint (c_unit, >=, 0);
  g_assert_cmpint (c_prev, >=, 0);
  g_assert_cmpint (c_change, >=, 0);
  g_assert_cmpint (c_awards, >=, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = line_of (run->out, c_unit, expected[i].unit);
      g_auto (GStrv) cells = NULL;
      g_autofree char *prev = g_strdup_printf ("%d", expected[i].prev_rank[published]);
      g_autofree char *change = g_strdup_printf ("%d", expected[i].change[published]);

      g_assert_nonnull (line);
      cells = g_strsplit (line, ",", -1);
      g_assert_cmpstr (cells[c_prev], ==, prev);
      g_assert_cmpstr (cells[c_change], ==, change);
      g_assert_cmpint (strstr (cells[c_awards], "advance") != NULL
                         || strstr (cells[c_awards], "争先进位奖") != NULL,
                       ==, expected[i].award[published]);
    }

  /* explain (--lang zh_CN: the units' names in Chinese) says how each continues last year's
   * units: 崇川区 merged, compared as the better of the two (港闸区's recomputed 1st; its own
   * published 2nd); 海门区 renamed. */
  for (guint i = 0; i < 2; i++)
    {
      const char *unit = i == 0 ? "k1" : "k4";
      const char *line = i == 0 ? (published ? "\nmerged from 崇川区, 港闸区; compared as 崇川区\n"
                                             : "\nmerged from 崇川区, 港闸区; compared as 港闸区\n")
                                : "\nrenamed from 海门市\n";
      g_autoptr (KhCliRun) explained = kh_test_cli_run ("explain", f->path, "--year", "2020",
                                                        "--unit", unit, "--lang", "zh_CN", NULL);

      assert_ok (explained);
      g_assert_nonnull (strstr (explained->out, line));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/cli/published/" path, Fixture, GINT_TO_POINTER (data), fixture_set_up, func, \
              fixture_tear_down)
  ADD ("differences", FALSE, test_differences);
  ADD ("agrees", FALSE, test_agrees);
  ADD ("bad-input", FALSE, test_bad_input);
  ADD ("baseline-recomputed", FALSE, test_baseline);
  ADD ("baseline-published", TRUE, test_baseline);
#undef ADD
  return g_test_run ();
}
