/* test-sample.c — the Jiangsu 2018–2020 sample reproduces the published outcomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The build turns data/samples/CATEGORY-YEAR.csv into jiangsu-sample.kaohe
 * (data/samples/meson.build, `kaohe-cli new` + `import`, 2018 and 2019 sealed). Every
 * outcome below is read from `kaohe-cli compute PROJECT --year Y --category C` — ranks,
 * tiers, rank changes and awards computed from the indicator values with the bundled
 * frameworks; nothing of them is stored in the CSV files. The expected figures are the
 * published ones (DESIGN.md and ../shared/reference/jiangsu-units.md):
 *   cities 2020: 5 advanced; 常州 +5 into the first tier; 泰州 +5 and the only
 *     争先进位奖; 南京, 苏州, 无锡 first tier 2018, 2019 and 2020;
 *   cities 2019: five in the first tier, among them 南京, 南通 and 宿迁 (its first time);
 *   agencies 2020: 37 of 99 advanced, 7 in the first tier for the first time (省外办
 *     among them);
 *   universities 2020: 30 of 73 advanced; 苏州大学 first tier 2019 and 2020;
 *     苏州科技大学 first tier of its group 2020; 南京邮电大学 climbs into the first tier;
 *   counties: 扬中市 recommended each year under the “321” quota of 镇江's tier.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kh-test-cli.h"

static const int years[] = { 2018, 2019, 2020 };

typedef struct
{
  char *unit;
  char *group;
  char *name;
  double score;
  int rank;
  int tier;
  int prev_rank;   /* 0: none */
  int change;      /* meaningful when has_change */
  gboolean has_change;
  char *awards;
} Row;

typedef struct
{
  GPtrArray *rows;       /* of Row*, in output order (group, then rank) */
  GHashTable *by_unit;   /* unit id → Row* */
} Result;

static GHashTable *results; /* "category/year" → Result* */

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->unit);
  g_free (row->group);
  g_free (row->name);
  g_free (row->awards);
  g_free (row);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_hash_table_unref (result->by_unit);
  g_ptr_array_unref (result->rows);
  g_free (result);
}

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples", "jiangsu-sample.kaohe",
                           NULL);
}

static int
int_field (const char *text)
{
  return text[0] != '\0' ? atoi (text) : 0;
}

/* Parses the CSV of `kaohe-cli compute` (no field of the sample needs quoting). */
static Result *
parse_result (const char *csv)
{
  Result *result = g_new0 (Result, 1);
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto (GStrv) header = NULL;

  result->rows = g_ptr_array_new_with_free_func (row_free);
  result->by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  g_assert_nonnull (lines[0]);
  g_assert_null (strchr (csv, '"'));
  header = g_strsplit (lines[0], ",", 11);
  g_assert_cmpuint (g_strv_length (header), >=, 10);
  g_assert_cmpstr (header[4], ==, "score");
  g_assert_cmpstr (header[9], ==, "awards");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;
      Row *row;

      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", 11);
      g_assert_cmpuint (g_strv_length (f), >=, 10);
      row = g_new0 (Row, 1);
      row->group = g_strdup (f[1]);
      row->unit = g_strdup (f[2]);
      row->name = g_strdup (f[3]);
      row->score = g_ascii_strtod (f[4], NULL);
      row->rank = int_field (f[5]);
      row->tier = int_field (f[6]);
      row->prev_rank = int_field (f[7]);
      row->has_change = f[8][0] != '\0';
      row->change = int_field (f[8]);
      row->awards = g_strdup (f[9]);
      g_ptr_array_add (result->rows, row);
      g_assert_false (g_hash_table_contains (result->by_unit, row->unit));
      g_hash_table_insert (result->by_unit, row->unit, row);
    }
  return result;
}

/* The computed results of @category in @year (computed once per test run). */
static Result *
compute (const char *category,
         int         year)
{
  g_autofree char *key = g_strdup_printf ("%s/%d", category, year);
  Result *result = g_hash_table_lookup (results, key);

  if (result == NULL)
    {
      g_autofree char *path = sample_path ();
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", path, "--year", year_text,
                                                  "--category", category, "--format", "csv",
                                                  NULL);

      if (run->status != 0)
        g_error ("kaohe-cli compute %s --year %d failed (%d): %s", path, year, run->status,
                 run->err);
      result = parse_result (run->out);
      g_hash_table_insert (results, g_steal_pointer (&key), result);
    }
  return result;
}

static Row *
row_of (const char *category,
        int         year,
        const char *unit)
{
  Row *row = g_hash_table_lookup (compute (category, year)->by_unit, unit);

  if (row == NULL)
    g_error ("%s %d: no unit “%s”", category, year, unit);
  return row;
}

static guint
count_advanced (const char *category,
                int         year)
{
  Result *result = compute (category, year);
  guint n = 0;

  for (guint i = 0; i < result->rows->len; i++)
    {
      Row *row = g_ptr_array_index (result->rows, i);

      if (row->has_change && row->change > 0)
        n++;
    }
  return n;
}

static gboolean
first_tier_first_time (const char *category,
                       const char *unit)
{
  return row_of (category, 2020, unit)->tier == 1 && row_of (category, 2019, unit)->tier != 1
         && row_of (category, 2018, unit)->tier != 1;
}

/* --- tests ---------------------------------------------------------------------- */

/* The build made the project. */
static void
test_built (void)
{
  g_autofree char *path = sample_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("%s was not built", path);
}

/* 13 cities, 99 agencies, 73 universities; 96 counties in 2018–2019 (港闸区 and 海门市
 * still exist), 95 from 2020 (港闸区 merged into 崇川区, 海门市 became 海门区). Every
 * unit is scored and ranked. */
static void
test_unit_counts (void)
{
  struct { const char *category; guint n[3]; } expected[] = {
    { "city", { 13, 13, 13 } },
    { "agency", { 99, 99, 99 } },
    { "university", { 73, 73, 73 } },
    { "county", { 96, 96, 95 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    for (guint y = 0; y < G_N_ELEMENTS (years); y++)
      {
        Result *result = compute (expected[i].category, years[y]);

        g_assert_cmpuint (result->rows->len, ==, expected[i].n[y]);
        for (guint r = 0; r < result->rows->len; r++)
          {
            Row *row = g_ptr_array_index (result->rows, r);

            g_assert_cmpint (row->rank, >=, 1);
            g_assert_cmpint (row->tier, >=, 1);
          }
      }
  g_assert_nonnull (g_hash_table_lookup (compute ("county", 2019)->by_unit, "nantong-gangzha"));
  g_assert_null (g_hash_table_lookup (compute ("county", 2020)->by_unit, "nantong-gangzha"));
  g_assert_nonnull (g_hash_table_lookup (compute ("county", 2019)->by_unit, "nantong-haimen-city"));
  g_assert_nonnull (g_hash_table_lookup (compute ("county", 2020)->by_unit,
                                         "nantong-haimen-district"));
  g_assert_cmpstr (row_of ("city", 2020, "suqian")->name, ==, "宿迁市");
}

/* No outcome hinges on a near tie: within every peer group and year, neighbouring
 * totals differ by at least 0.1 points (the generator keeps 0.15). */
static void
test_margins (void)
{
  const char *categories[] = { "city", "agency", "university", "county" };

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    for (guint y = 0; y < G_N_ELEMENTS (years); y++)
      {
        Result *result = compute (categories[i], years[y]);

        for (guint r = 1; r < result->rows->len; r++)
          {
            Row *above = g_ptr_array_index (result->rows, r - 1);
            Row *below = g_ptr_array_index (result->rows, r);

            if (g_strcmp0 (above->group, below->group) != 0)
              continue;
            g_assert_cmpint (below->rank, ==, above->rank + 1);
            if (above->score - below->score < 0.1)
              g_error ("%s %d: %s %.3f and %s %.3f are too close", categories[i], years[y],
                       above->unit, above->score, below->unit, below->score);
          }
      }
}

/* The 2020 cities: exactly five advanced; 常州 +5 into the first tier (it was not first
 * tier in 2019); 泰州 +5 and the only 争先进位奖 (the award goes to the biggest advance
 * outside the first tier: 常州 is in it). */
static void
test_cities_2020 (void)
{
  Result *result = compute ("city", 2020);
  Row *changzhou = row_of ("city", 2020, "changzhou");
  Row *taizhou = row_of ("city", 2020, "taizhou");
  guint n_awarded = 0;

  g_assert_cmpuint (count_advanced ("city", 2020), ==, 5);

  g_assert_true (changzhou->has_change);
  g_assert_cmpint (changzhou->change, ==, 5);
  g_assert_cmpint (changzhou->prev_rank - changzhou->rank, ==, 5);
  g_assert_cmpint (changzhou->tier, ==, 1);
  g_assert_cmpint (row_of ("city", 2019, "changzhou")->tier, !=, 1);

  g_assert_true (taizhou->has_change);
  g_assert_cmpint (taizhou->change, ==, 5);
  g_assert_cmpint (taizhou->tier, >, 1);
  g_assert_cmpstr (taizhou->awards, ==, "争先进位奖");
  for (guint i = 0; i < result->rows->len; i++)
    {
      Row *row = g_ptr_array_index (result->rows, i);

      if (row->awards[0] != '\0')
        n_awarded++;
    }
  g_assert_cmpuint (n_awarded, ==, 1);
}

/* 南京, 苏州 and 无锡 in the first tier in 2018, 2019 and 2020. */
static void
test_cities_first_group (void)
{
  const char *cities[] = { "nanjing", "suzhou", "wuxi" };

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
      g_assert_cmpint (row_of ("city", years[y], cities[i])->tier, ==, 1);
}

/* 2019: five first-tier cities (tiers by count 5/4/4), among them 南京, 南通 and 宿迁;
 * 宿迁 for the first time (not first tier in 2018). */
static void
test_cities_2019 (void)
{
  Result *result = compute ("city", 2019);
  guint n_first = 0;

  for (guint i = 0; i < result->rows->len; i++)
    if (((Row *) g_ptr_array_index (result->rows, i))->tier == 1)
      n_first++;
  g_assert_cmpuint (n_first, ==, 5);
  g_assert_cmpint (row_of ("city", 2019, "nanjing")->tier, ==, 1);
  g_assert_cmpint (row_of ("city", 2019, "nantong")->tier, ==, 1);
  g_assert_cmpint (row_of ("city", 2019, "suqian")->tier, ==, 1);
  g_assert_cmpint (row_of ("city", 2018, "suqian")->tier, !=, 1);
}

/* 2020 agencies: 37 of 99 advanced; 7 entered the first tier for the first time (first
 * tier 2020, in neither 2018 nor 2019), 省外办 (agency-comp18) one of them. */
static void
test_agencies_2020 (void)
{
  Result *result = compute ("agency", 2020);
  guint n_first = 0;

  g_assert_cmpuint (result->rows->len, ==, 99);
  g_assert_cmpuint (count_advanced ("agency", 2020), ==, 37);
  for (guint i = 0; i < result->rows->len; i++)
    if (first_tier_first_time ("agency", ((Row *) g_ptr_array_index (result->rows, i))->unit))
      n_first++;
  g_assert_cmpuint (n_first, ==, 7);
  g_assert_cmpstr (row_of ("agency", 2020, "agency-comp18")->name, ==, "省外办");
  g_assert_true (first_tier_first_time ("agency", "agency-comp18"));
  g_assert_cmpint (row_of ("agency", 2020, "agency-comp18")->change, >=, 5);
}

/* 2020 universities: 30 of 73 advanced; 苏州大学 (uni-r01) first tier of its group in
 * 2019 and 2020; 苏州科技大学 (uni-o09) first tier of its group in 2020; 南京邮电大学
 * (uni-r06) first tier in 2020, not in 2019. */
static void
test_universities_2020 (void)
{
  g_assert_cmpuint (compute ("university", 2020)->rows->len, ==, 73);
  g_assert_cmpuint (count_advanced ("university", 2020), ==, 30);

  g_assert_cmpstr (row_of ("university", 2020, "uni-r01")->name, ==, "苏州大学");
  g_assert_cmpint (row_of ("university", 2019, "uni-r01")->tier, ==, 1);
  g_assert_cmpint (row_of ("university", 2020, "uni-r01")->tier, ==, 1);

  g_assert_cmpstr (row_of ("university", 2020, "uni-o09")->name, ==, "苏州科技大学");
  g_assert_cmpstr (row_of ("university", 2020, "uni-o09")->group, ==, "other_undergraduate");
  g_assert_cmpint (row_of ("university", 2020, "uni-o09")->tier, ==, 1);

  g_assert_cmpstr (row_of ("university", 2020, "uni-r06")->name, ==, "南京邮电大学");
  g_assert_cmpint (row_of ("university", 2019, "uni-r06")->tier, !=, 1);
  g_assert_cmpint (row_of ("university", 2020, "uni-r06")->tier, ==, 1);
  g_assert_cmpint (row_of ("university", 2020, "uni-r06")->change, >, 0);
}

/* The “321” rule: a city in tier t recommends counts[t − 1] = 3, 2, 1 of its counties,
 * taken by county total. 镇江 (tiers 2, 2, 3 in 2018–2020, as the sample computes them:
 * its tiers are not published ones) may recommend 2, 2 and 1; 扬中市 is among them every
 * year, the published outcome (a 推进高质量发展先进县 in 2018, 2019 and 2020; SOURCES.md).
 * The county figures behind it are invented demonstration data. */
static void
test_counties_yangzhong (void)
{
  static const int quota[] = { 3, 2, 1 };

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      Result *counties = compute ("county", years[y]);
      int tier = row_of ("city", years[y], "zhenjiang")->tier;
      int n = quota[tier - 1];
      Row *yangzhong = row_of ("county", years[y], "zhenjiang-yangzhong");
      int better = 0;

      g_assert_cmpstr (yangzhong->name, ==, "扬中市");
      for (guint i = 0; i < counties->rows->len; i++)
        {
          Row *row = g_ptr_array_index (counties->rows, i);

          if (g_str_has_prefix (row->unit, "zhenjiang-") && row->score > yangzhong->score)
            better++;
        }
      g_assert_cmpint (better, <, n);
    }
  g_assert_cmpint (row_of ("city", 2020, "zhenjiang")->tier, ==, 3);
}

/* kaohe-cli verify passes on a copy of the sample (integrity, audit chain, the sealed
 * 2018 and 2019 of every category recomputed against their snapshots). */
static void
test_verify (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-sample-XXXXXX", &error);
  g_autofree char *path = sample_path ();
  g_autofree char *copy = g_build_filename (dir, "copy.kaohe", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (KhCliRun) run = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (copy, contents, len, &error));
  g_assert_no_error (error);
  run = kh_test_cli_run ("verify", copy, NULL);
  if (run->status != 0)
    g_error ("verify: %d: %s%s", run->status, run->out, run->err);
  g_assert_true (g_str_has_suffix (run->out, ": verified\n"));
  g_assert_cmpint (g_unlink (copy), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A graded indicator (party_building: 优 4, 良 3, 中 2, 差 1) takes its codes only: an
 * import of 5 is refused at its row and column, naming the codes, with nothing stored
 * (the data sheet exports the same); 3 is taken. */
static void
test_grade_codes (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-sample-XXXXXX", &error);
  g_autofree char *path = sample_path ();
  g_autofree char *copy = g_build_filename (dir, "grades.kaohe", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *before = g_build_filename (dir, "before.csv", NULL);
  g_autofree char *after = g_build_filename (dir, "after.csv", NULL);
  g_autofree char *contents = NULL, *text_before = NULL, *text_after = NULL;
  g_autoptr (KhCliRun) run = NULL, export_before = NULL, export_after = NULL, ok = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_true (g_file_set_contents (copy, contents, len, &error));
  g_assert_true (g_file_set_contents (bad, "unit,party_building\nnanjing,3\nwuxi,5\n", -1, &error));
  g_assert_true (g_file_set_contents (good, "unit,party_building\nwuxi,3\n", -1, &error));
  g_assert_no_error (error);

  export_before = kh_test_cli_run ("export", copy, "--year", "2020", "--data", "-o", before, NULL);
  g_assert_cmpint (export_before->status, ==, 0);
  run = kh_test_cli_run ("import", copy, "--year", "2020", bad, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==,
                   "bad.csv: row 3, column 2: 5 is not a grade code of “party_building”; the "
                   "codes are 4 (优), 3 (良), 2 (中), 1 (差)\n");
  /* All or nothing: nanjing's 3 was not stored either. */
  export_after = kh_test_cli_run ("export", copy, "--year", "2020", "--data", "-o", after, NULL);
  g_assert_cmpint (export_after->status, ==, 0);
  g_assert_true (g_file_get_contents (before, &text_before, NULL, NULL));
  g_assert_true (g_file_get_contents (after, &text_after, NULL, NULL));
  g_assert_cmpstr (text_after, ==, text_before);
  ok = kh_test_cli_run ("import", copy, "--year", "2020", good, NULL);
  if (ok->status != 0)
    g_error ("import: %d: %s%s", ok->status, ok->out, ok->err);
  {
    /* The summary first; the year's values still to confirm (plausibility) follow it. */
    g_autofree char *first = g_strndup (ok->out, strcspn (ok->out, "\n") + 1);

    g_assert_true (g_str_has_suffix (first, ": 1 values imported into 2020 (UTF-8)\n"));
  }
  for (const char *const *f = (const char *const[]) { copy, bad, good, before, after, NULL };
       *f != NULL; f++)
    g_assert_cmpint (g_unlink (*f), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* compute writes to standard output in pieces of 64 KiB as it goes (issue 22): the
 * sample's 2020 in JSON (over a megabyte) and CSV is the same text as the file -o
 * writes whole, and a standard output that cannot be written to (/dev/full) fails the
 * command instead of passing silently. */
static void
test_compute_streamed (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-sample-XXXXXX", &error);
  g_autofree char *path = sample_path ();
  g_autofree char *file = g_build_filename (dir, "compute.out", NULL);

  g_assert_no_error (error);
  for (guint f = 0; f < 2; f++)
    {
      const char *format = f == 0 ? "json" : "csv";
      g_autoptr (KhCliRun) streamed = kh_test_cli_run ("compute", path, "--year", "2020",
                                                       "--format", format, NULL);
      g_autoptr (KhCliRun) whole = kh_test_cli_run ("compute", path, "--year", "2020",
                                                    "--format", format, "-o", file, NULL);
      g_autofree char *contents = NULL;

      g_assert_cmpint (streamed->status, ==, 0);
      g_assert_cmpint (whole->status, ==, 0);
      g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
      g_assert_no_error (error);
      if (f == 0)
        g_assert_cmpuint (strlen (contents), >, 1000000);
      g_assert_cmpstr (streamed->out, ==, contents);
    }
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_autofree char *command = g_strdup_printf ("\"%s\" compute \"%s\" --year 2020 "
                                                  "> /dev/full 2> /dev/null",
                                                  g_getenv ("KAOHE_CLI"), path);
      int status = system (command);

      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    }
  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, result_free);

  g_test_add_func ("/sample/built", test_built);
  g_test_add_func ("/sample/unit-counts", test_unit_counts);
  g_test_add_func ("/sample/margins", test_margins);
  g_test_add_func ("/sample/cities/2020", test_cities_2020);
  g_test_add_func ("/sample/cities/first-group", test_cities_first_group);
  g_test_add_func ("/sample/cities/2019", test_cities_2019);
  g_test_add_func ("/sample/agencies/2020", test_agencies_2020);
  g_test_add_func ("/sample/universities/2020", test_universities_2020);
  g_test_add_func ("/sample/counties/yangzhong", test_counties_yangzhong);
  g_test_add_func ("/sample/verify", test_verify);
  g_test_add_func ("/sample/grade-codes", test_grade_codes);
  g_test_add_func ("/sample/compute-streamed", test_compute_streamed);

  status = g_test_run ();
  g_hash_table_unref (results);
  return status;
}
