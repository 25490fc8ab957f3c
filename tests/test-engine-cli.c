/* test-engine-cli.c — `kaohe-cli compute` and `explain` on small files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/engine/cities.xml: total = gdp_pc (60 points, gdp/pop on goalposts 0..10)
 * + pm25 (40 points, lower is better, goalposts worst 60, best 30); pm25 > 50 caps the
 * tier at 2; tiers by count 1, 1, rest; 争先进位奖 to the largest advance ≥ 1; quota 3 2 1.
 *
 * By hand, 2020 (cities-2020.csv):
 *   A 100/10 = 10 → 60; pm25 51 → 40·(51−60)/(30−60) = 12 → 72, rank 1, tier 1 → cap 2
 *   C  60/10 =  6 → 36; pm25 42 → 24 → 60, rank 2, tier 2
 *   D  30/10 =  3 → 18; pm25 33 → 36 → 54, rank 3, tier 3
 *   B  50/10 =  5 → 30; pm25 45 → 20 → 50, rank 4, tier 3
 * 2019 (cities-2019-long.csv): A 54 + 16 = 70 (2), B 42 + 32 = 74 (1), C 24 + 20 = 44 (4),
 *   D 30 + 28 = 58 (3). Rank changes: A +1, C +2, D 0, B −3: the award goes to C.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kh-test-cli.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "engine", name, NULL);
}

static const char expected_csv[] =
  "category,group,unit,name,score,rank,tier,prev_rank,rank_change,awards,coverage,total,gdp_pc,"
  "pm25\n"
  "city,cities,A,甲市,72.00,1,2,2,1,,1.0000,72.0000,60.0000,12.0000\n"
  "city,cities,C,丙市,60.00,2,2,4,2,争先进位奖,1.0000,60.0000,36.0000,24.0000\n"
  "city,cities,D,丁市,54.00,3,3,3,0,,1.0000,54.0000,18.0000,36.0000\n"
  "city,cities,B,乙市,50.00,4,3,1,-3,,1.0000,50.0000,30.0000,20.0000\n";

static void
test_compute_csv (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autofree char *prev = data_path ("cities-2019-long.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                              "--previous", prev, NULL);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, expected_csv);
}

static void
test_compute_no_previous (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data, NULL);

  /* without a previous year: prev_rank, rank_change and awards stay empty */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "city,cities,C,丙市,60.00,2,2,,,,1.0000,60.0000,36.0000,24.0000\n"));
}

static void
test_compute_json_output_file (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autofree char *prev = data_path ("cities-2019-long.csv");
  g_autofree char *dir = g_dir_make_tmp ("kh-engine-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                              "--previous", prev, "--format", "json", "-o", out,
                                              NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_file_get_contents (out, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"unit\": \"C\", \"name\": \"丙市\""));
  g_assert_nonnull (strstr (json, "\"rank\": 2, \"tier\": 2, \"prev_rank\": 4, \"rank_change\": 2"));
  g_assert_nonnull (strstr (json, "\"awards\": [\"争先进位奖\"], \"quotas\": {\"q321\": 2}"));
  /* the explanation of C's gdp_pc: derived 60/10 = 6, contribution 36 against 24 */
  g_assert_nonnull (strstr (json, "{\"id\": \"gdp_pc\", \"name\": \"人均地区生产总值\", \"score\": 36, "
                                  "\"contribution\": 36, \"previous_contribution\": 24, \"change\": 12, "
                                  "\"raw\": null, \"derived\": 6, \"treated\": 6, \"scored\": 36, "
                                  "\"state\": \"ok\"}"));
  g_assert_cmpint (g_unlink (out), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A name with a comma, quotes and backslashes: quoted in CSV (RFC 4180), escaped in JSON.
 * Q alone: gdp_pc 5 → 30, pm25 45 → 20, total 50, rank 1, tier 1. */
static void
test_quoting (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-quoted.csv");
  g_autoptr (KhCliRun) csv = kh_test_cli_run ("compute", "--framework", fw, "--data", data, NULL);
  g_autoptr (KhCliRun) json = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                               "--format", "json", NULL);

  g_assert_cmpint (csv->status, ==, 0);
  g_assert_nonnull (strstr (csv->out, "\ncity,cities,Q,\"Quote \"\"q\"\", Inc\\\\\",50.00,1,1,,,,"
                                      "1.0000,50.0000,30.0000,20.0000\n"));
  g_assert_cmpint (json->status, ==, 0);
  g_assert_nonnull (strstr (json->out, "\"name\": \"Quote \\\"q\\\", Inc\\\\\\\\\","));
}

static void
test_explain (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autofree char *prev = data_path ("cities-2019-long.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("explain", "--framework", fw, "--data", data,
                                              "--previous", prev, "--unit", "丙市", NULL);
  const char *gdp, *pm;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "score 60.00, rank 2, Tier 2, previous rank 4, rank change +2, "
                                      "award 争先进位奖"));
  g_assert_nonnull (strstr (run->out, "constraint pm25_limit: met"));
  /* 60 − 44 = +16, of which gdp_pc 36 − 24 = +12 first, then pm25 24 − 20 = +4 */
  g_assert_nonnull (strstr (run->out, "Change of the total against last year: +16.0000"));
  gdp = strstr (run->out, "  +12.0000 gdp_pc");
  pm = strstr (run->out, "  +4.0000 pm25");
  g_assert_nonnull (gdp);
  g_assert_nonnull (pm);
  /* 丙市 (4th → 2nd) passed 乙市 (1st → 4th) and 丁市 (ahead of it in 2019, 3rd, behind
   * it in 2020, 3rd). 乙市 2019: gdp_pc 7 → 42, pm25 36 → 32, total 74; 丙市 44. Gap 丙 − 乙:
   * 2019 −30, 2020 60 − 50 = 10: +40 = gdp_pc (36 − 30) − (24 − 42) = +24 and pm25
   * (24 − 20) − (20 − 32) = +16; same framework, no adjustments. */
  g_assert_nonnull (strstr (run->out, "Passed 乙市: the gap changed by +40.0000 (framework 0.0000, "
                                      "adjustments 0.0000)\n    +24.0000 gdp_pc 人均地区生产总值\n"
                                      "    +16.0000 pm25\n"));
  g_assert_true (gdp < pm);

  /* A's pm25 51 > 50: capped; no previous year given, so no change section */
  {
    g_autoptr (KhCliRun) run_a = kh_test_cli_run ("explain", "--framework", fw, "--data", data,
                                                  "--unit", "A", NULL);

    g_assert_cmpint (run_a->status, ==, 0);
    g_assert_nonnull (strstr (run_a->out, "score 72.00, rank 1, Tier 2\n"));
    g_assert_nonnull (strstr (run_a->out, "constraint pm25_limit: failed, Tier 2 at best\n"));
    g_assert_null (strstr (run_a->out, "Change of the total"));
  }
}

static void
test_errors (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autofree char *unknown = data_path ("cities-unknown-field.csv");
  g_autofree char *bad_group = data_path ("cities-bad-group.csv");

  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", unknown,
                                                NULL);
    g_autofree char *want = g_strdup_printf ("%s: row 1, column 4: “pm_25” is neither a variable "
                                             "nor an indicator of framework “engine-cli”\n",
                                             unknown);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_cmpstr (run->err, ==, want);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", bad_group,
                                                NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "row 2: unit “A”: group “towns” is not a group"));
  }
  {
    g_autofree char *two_years = data_path ("cities-two-years.csv");
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", two_years,
                                                NULL);
    g_autofree char *want = g_strdup_printf ("%s: row 3: year 2020, but row 2 has year 2019: "
                                             "give one year per file\n", two_years);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->err, ==, want);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("explain", "--framework", fw, "--data", data,
                                                "--unit", "Z", NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "no unit “Z”"));
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--data", data, NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "give a project, or --framework and --data"));
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                                "--format", "xml", NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "unknown format “xml”"));
  }
}

/* The same cities as a project: 2019 and 2020 each with their framework; the results
 * must be those of file mode, and computing changes nothing in the file. */
static void
test_project_mode (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-engine-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "P.kaohe", NULL);
  g_autofree char *units = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *fw2019 = data_path ("cities-2019.xml");
  g_autofree char *fw2020 = data_path ("cities.xml");
  g_autofree char *data2019 = data_path ("cities-2019-long.csv");
  g_autofree char *data2020 = data_path ("cities-2020.csv");
  g_autofree char *before = NULL, *after = NULL;
  gsize len_before, len_after;
  const char *const steps[][7] = {
    { "new", project, NULL },
    { "import", project, "--units", units, NULL },
    { "import", project, "--year", "2019", "--framework", fw2019 },
    { "import", project, "--year", "2020", "--framework", fw2020 },
    { "import", project, "--year", "2019", data2019, NULL },
    { "import", project, "--year", "2020", data2020, NULL },
  };

  g_assert_true (g_file_set_contents (units, "id,name_zh,category,group\n"
                                             "A,甲市,city,cities\nB,乙市,city,cities\n"
                                             "C,丙市,city,cities\nD,丁市,city,cities\n",
                                      -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (KhCliRun) run = kh_test_cli_runv (steps[i]);

      g_assert_cmpstr (run->err, ==, "");
      g_assert_cmpint (run->status, ==, 0);
    }

  g_assert_true (g_file_get_contents (project, &before, &len_before, NULL));
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", project, "--year", "2020", NULL);

    g_assert_cmpstr (run->err, ==, "");
    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==, expected_csv);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("explain", project, "--year", "2020", "--unit", "C",
                                                NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Change of the total against last year: +16.0000"));
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", project, NULL);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "--year is required with a project"));
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", project, "--year", "2020",
                                                "--category", "county", NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "year 2020 has no framework for category “county”"));
  }
  g_assert_true (g_file_get_contents (project, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);

  g_assert_cmpint (g_unlink (project), ==, 0);
  g_assert_cmpint (g_unlink (units), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_group_filter (void)
{
  g_autofree char *fw = data_path ("cities.xml");
  g_autofree char *data = data_path ("cities-2020.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                              "--group", "towns", NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "no group “towns”"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-cli/compute/csv", test_compute_csv);
  g_test_add_func ("/engine-cli/compute/no-previous", test_compute_no_previous);
  g_test_add_func ("/engine-cli/compute/json", test_compute_json_output_file);
  g_test_add_func ("/engine-cli/explain", test_explain);
  g_test_add_func ("/engine-cli/quoting", test_quoting);
  g_test_add_func ("/engine-cli/errors", test_errors);
  g_test_add_func ("/engine-cli/group-filter", test_group_filter);
  g_test_add_func ("/engine-cli/project", test_project_mode);
  return g_test_run ();
}
