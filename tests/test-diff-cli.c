/* test-diff-cli.c — `kaohe-cli diff`: what changed between two frameworks, from two files,
 * two years of a project or two saved versions; `kaohe-cli history`: the saved versions;
 * `kaohe-cli registry`: each indicator's life across the years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/diff/diff-2019.xml → diff-2020.xml, each change made on purpose:
 *   economy      60 points, sum → 50 points, mean
 *   gdp (20, goalposts 0–10) → gdp_pc replaces it: 30 points, goalposts 0–12, a formula
 *   growth       20 points, weight 1, missing zero → 30 points, weight 2, reweight
 *   jobs         new (30 points);  exports (20 points) retired
 *   environment  40 → 30 points; pm25 20 → 30 points
 *   people       a new dimension, and green moves there from environment
 *   cities       tiers 1 1 → 1 2; award "advance" added; quota q321 3 2 1 → 3 2 2
 *   towns        removed;  bonus "highlights" removed
 *   pm25_limit   at most 50, deduct 2 → at most 45, tier capped at 2
 */
#include "config.h"

#include <stdarg.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "diff", name, NULL);
}

#define CHANGES \
  "  changed   node            economy         points: 60 → 50\n" \
  "  changed   node            economy         aggregation: sum → mean\n" \
  "  replaced  indicator       gdp_pc          continues gdp\n" \
  "  changed   indicator       gdp_pc          points: 20 → 30\n" \
  "  changed   indicator       gdp_pc          scoring: goalposts lo=0 hi=10 → goalposts lo=0 hi=12\n" \
  "  changed   indicator       gdp_pc          formula: — → gdp_total / population\n" \
  "  changed   indicator       growth          points: 20 → 30\n" \
  "  changed   indicator       growth          weight: 1 → 2\n" \
  "  changed   indicator       growth          missing: zero → reweight\n" \
  "  admitted  indicator       jobs            30 points\n" \
  "  changed   node            environment     points: 40 → 30\n" \
  "  changed   indicator       pm25            points: 20 → 30\n" \
  "  added     node            people          dimension\n" \
  "  changed   indicator       green           parent: environment → people\n" \
  "  retired   indicator       exports         had 20 points\n" \
  "  changed   group           cities          tiers: count 3: 1 1 → count 3: 1 2\n" \
  "  added     award           cities/advance  min-advance=1 most min-tier=0 max-tier=0\n" \
  "  changed   quota           cities/q321     rule: county: 3 2 1 → county: 3 2 2\n" \
  "  removed   group           towns           count 2: 1\n" \
  "  removed   bonus/deduction highlights      bonus input=highlights per-item=1 cap=3\n" \
  "  changed   constraint      pm25_limit      rule: pm25 at-most 50 deduct amount=2 → pm25 " \
  "at-most 45 cap-tier amount=2\n" \
  "21 changes\n"

static void
test_files (void)
{
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("diff", a, b, NULL);
  g_autofree char *expected = g_strdup_printf ("Changes from %s to %s:\n" CHANGES, a, b);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
}

/* The same framework twice: nothing. Backwards: admitted and retired swap places. */
static void
test_same_and_backwards (void)
{
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  g_autoptr (KhCliRun) same = kh_test_cli_run ("diff", a, a, NULL);
  g_autoptr (KhCliRun) back = kh_test_cli_run ("diff", b, a, "--format", "csv", NULL);
  g_autofree char *expected = g_strdup_printf ("Changes from %s to %s:\n  none\n", a, a);

  g_assert_cmpint (same->status, ==, 0);
  g_assert_cmpstr (same->out, ==, expected);
  g_assert_cmpint (back->status, ==, 0);
  /* 2019's gdp is not continued by anything in 2019 terms: gdp is admitted and gdp_pc
   * retired; exports comes back, jobs goes. */
  g_assert_nonnull (strstr (back->out, "\nadmitted,indicator,gdp,,,20\n"));
  g_assert_nonnull (strstr (back->out, "\nadmitted,indicator,exports,,,20\n"));
  g_assert_nonnull (strstr (back->out, "\nretired,indicator,gdp_pc,,30,\n"));
  g_assert_nonnull (strstr (back->out, "\nretired,indicator,jobs,,30,\n"));
  g_assert_nonnull (strstr (back->out, "\nremoved,node,people,,dimension,\n"));
  g_assert_nonnull (strstr (back->out, "\nadded,group,towns,,,count 2: 1\n"));
  g_assert_null (strstr (back->out, "replaced"));
}

static void
test_csv (void)
{
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("diff", a, b, "--format", "csv", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==,
                   "change,subject,id,attribute,before,after\n"
                   "changed,node,economy,points,60,50\n"
                   "changed,node,economy,aggregation,sum,mean\n"
                   "replaced,indicator,gdp_pc,,gdp,gdp_pc\n"
                   "changed,indicator,gdp_pc,points,20,30\n"
                   "changed,indicator,gdp_pc,scoring,goalposts lo=0 hi=10,goalposts lo=0 hi=12\n"
                   "changed,indicator,gdp_pc,formula,,gdp_total / population\n"
                   "changed,indicator,growth,points,20,30\n"
                   "changed,indicator,growth,weight,1,2\n"
                   "changed,indicator,growth,missing,zero,reweight\n"
                   "admitted,indicator,jobs,,,30\n"
                   "changed,node,environment,points,40,30\n"
                   "changed,indicator,pm25,points,20,30\n"
                   "added,node,people,,,dimension\n"
                   "changed,indicator,green,parent,environment,people\n"
                   "retired,indicator,exports,,20,\n"
                   "changed,group,cities,tiers,count 3: 1 1,count 3: 1 2\n"
                   "added,award,cities/advance,,,min-advance=1 most min-tier=0 max-tier=0\n"
                   "changed,quota,cities/q321,rule,county: 3 2 1,county: 3 2 2\n"
                   "removed,group,towns,,count 2: 1,\n"
                   "removed,adjustment,highlights,,bonus input=highlights per-item=1 cap=3,\n"
                   "changed,constraint,pm25_limit,rule,pm25 at-most 50 deduct amount=2,pm25 "
                   "at-most 45 cap-tier amount=2\n");
}

/* Two years of a project: the frameworks stored in it. */
static void
test_project_years (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-diff-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  KhCliRun *run;

  g_assert_no_error (error);
  run = kh_test_cli_run ("new", project, NULL);
  g_assert_cmpint (run->status, ==, 0);
  kh_cli_run_free (run);
  run = kh_test_cli_run ("import", project, "--year", "2019", "--framework", a, NULL);
  g_assert_cmpint (run->status, ==, 0);
  kh_cli_run_free (run);
  run = kh_test_cli_run ("import", project, "--year", "2020", "--framework", b, NULL);
  g_assert_cmpint (run->status, ==, 0);
  kh_cli_run_free (run);

  run = kh_test_cli_run ("diff", project, "2019", "2020", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "Changes from diff-demo 2019 to diff-demo 2020:\n" CHANGES);
  kh_cli_run_free (run);

  /* a year without a framework: the message says so and how to add one */
  run = kh_test_cli_run ("diff", project, "2019", "2021", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "year 2021 has no framework"));
  kh_cli_run_free (run);

  run = kh_test_cli_run ("diff", project, "2019", "20x", NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "“2019” and “20x” are not two years"));
  kh_cli_run_free (run);

  kh_test_remove_dir (dir);
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

static void
run_ok (const char *user,
        const char *time,
        const char *first_arg,
        ...)
{
  const char *args[16] = { first_arg };
  g_autoptr (KhCliRun) run = NULL;
  va_list ap;
  guint n = 1;

  va_start (ap, first_arg);
  while ((args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  g_setenv ("KAOHE_USER", user, TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", time, TRUE);
  run = kh_test_cli_runv (args);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

/* Saved versions of one year: diff-2019.xml as 2019's version 1 (by 张三 at 1577836800 =
 * 2020-01-01T00:00:00Z), diff-2020.xml made a framework of 2019 as version 2 (by 李四 at
 * 1577923200 = 2020-01-02T00:00:00Z; 21 changes, those of CHANGES), the same file again
 * (no version), then version 1 back as version 3: 19 changes the other way, since
 * backwards gdp_pc does not continue gdp — its "replaced" and its three changes (points,
 * scoring, formula) become "admitted gdp" and "retired gdp_pc": 21 − 4 + 2 = 19. */
static void
test_project_versions (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-diff-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *second = g_build_filename (dir, "second.xml", NULL);
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_auto (GStrv) parts = NULL;
  KhCliRun *run;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (b, &text, NULL, NULL));
  parts = g_strsplit (text, "year=\"2020\"", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_clear_pointer (&text, g_free);
  text = g_strjoinv ("year=\"2019\"", parts);
  g_assert_true (g_file_set_contents (second, text, -1, NULL));

  run_ok ("张三", "1577836800", "new", project, NULL);
  run_ok ("张三", "1577836800", "import", project, "--year", "2019", "--framework", a, NULL);
  run_ok ("李四", "1577923200", "import", project, "--year", "2019", "--framework", second, NULL);
  run_ok ("李四", "1578009600", "import", project, "--year", "2019", "--framework", second, NULL);

  run = kh_test_cli_run ("diff", project, "2019:1", "2019:2", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==,
                   "Changes from diff-demo 2019 version 1 to diff-demo 2019 version 2:\n" CHANGES);
  kh_cli_run_free (run);
  /* the year alone is its framework now, version 2 */
  run = kh_test_cli_run ("diff", project, "2019:2", "2019", NULL);
  g_assert_cmpstr (run->out, ==, "Changes from diff-demo 2019 version 2 to diff-demo 2019:\n"
                                 "  none\n");
  kh_cli_run_free (run);

  /* 2020-01-04T00:00:00Z: 王五 restores version 1 through a file of it */
  run_ok ("王五", "1578096000", "import", project, "--year", "2019", "--framework", a, NULL);
  expected = g_strdup_printf ("2019 city:\n"
                              "  v1   2020-01-01T00:00:00Z  张三  %s\n"
                              "  v2   2020-01-02T00:00:00Z  李四  %s  21 changes\n"
                              "  v3   2020-01-04T00:00:00Z  王五  %s  19 changes  [current]\n",
                              a, second, a);
  run = kh_test_cli_run ("history", project, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, expected);
  kh_cli_run_free (run);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("year,category,version,saved_by,saved_at,source,current,sealed,"
                              "changes\n"
                              "2019,city,1,张三,2020-01-01T00:00:00Z,%s,0,0,\n"
                              "2019,city,2,李四,2020-01-02T00:00:00Z,%s,0,0,21\n"
                              "2019,city,3,王五,2020-01-04T00:00:00Z,%s,1,0,19\n",
                              a, second, a);
  run = kh_test_cli_run ("history", project, "--year", "2019", "--category", "city", "--format",
                         "csv", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, expected);
  kh_cli_run_free (run);
  /* version 3 is version 1 again */
  run = kh_test_cli_run ("diff", project, "2019:1", "2019:3", NULL);
  g_assert_cmpstr (run->out, ==, "Changes from diff-demo 2019 version 1 to diff-demo 2019 "
                                 "version 3:\n  none\n");
  kh_cli_run_free (run);

  /* refused: a version not saved, a version that is not a number, a year without one */
  run = kh_test_cli_run ("diff", project, "2019:1", "2019:4", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "has no version 4 (it has versions 1 to 3)"));
  kh_cli_run_free (run);
  run = kh_test_cli_run ("diff", project, "2019:0", "2019:x", NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "“2019:0” and “2019:x” are not two years"));
  kh_cli_run_free (run);
  run = kh_test_cli_run ("history", project, "--year", "2020", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "year 2020 has no framework"));
  kh_cli_run_free (run);
  run = kh_test_cli_run ("history", project, project, NULL);
  g_assert_cmpint (run->status, ==, 2);
  kh_cli_run_free (run);

  g_unsetenv ("SOURCE_DATE_EPOCH");
  kh_test_remove_dir (dir);
}

/* The registry of 2019 (diff-2019.xml), 2020 (diff-2020.xml) and 2021 (diff-2020.xml
 * as 2021, without gdp_pc's `replaces`, as gdp is not 2020's): in 2019's order gdp,
 * growth, exports, pm25, green, then 2020's new jobs. gdp_pc continues gdp in 2020 and is
 * kept in 2021; exports is retired in 2020; points as in the files (growth and pm25 20 →
 * 30, green 20). */
static void
test_registry (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-diff-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *third = g_build_filename (dir, "third.xml", NULL);
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *b = data_path ("diff-2020.xml");
  g_autofree char *text = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy2 = NULL;
  KhCliRun *run;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (b, &text, NULL, NULL));
  copy = replace_once (text, "year=\"2020\"", "year=\"2021\"");
  copy2 = replace_once (copy, " replaces=\"gdp\"", "");
  g_assert_true (g_file_set_contents (third, copy2, -1, NULL));
  run_ok ("张三", "1577836800", "new", project, NULL);
  run_ok ("张三", "1577836800", "import", project, "--year", "2019", "--framework", a, NULL);
  run_ok ("张三", "1577836800", "import", project, "--year", "2020", "--framework", b, NULL);
  run_ok ("张三", "1577836800", "import", project, "--year", "2021", "--framework", third, NULL);
  g_unsetenv ("SOURCE_DATE_EPOCH");

  run = kh_test_cli_run ("registry", project, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==,
                   "city, 2019–2021:\n"
                   "  gdp → gdp_pc\n"
                   "    2019  gdp        —  20 points  admitted\n"
                   "    2020  gdp_pc     —  30 points  replaces gdp\n"
                   "    2021  gdp_pc     —  30 points\n"
                   "  growth\n"
                   "    2019  growth     —  20 points  admitted\n"
                   "    2020  growth     —  30 points\n"
                   "    2021  growth     —  30 points\n"
                   "  exports\n"
                   "    2019  exports    —  20 points  admitted\n"
                   "    2020  retired\n"
                   "  pm25\n"
                   "    2019  pm25       —  20 points  admitted\n"
                   "    2020  pm25       —  30 points\n"
                   "    2021  pm25       —  30 points\n"
                   "  green\n"
                   "    2019  green      —  20 points  admitted\n"
                   "    2020  green      —  20 points\n"
                   "    2021  green      —  20 points\n"
                   "  jobs\n"
                   "    2020  jobs       —  30 points  admitted\n"
                   "    2021  jobs       —  30 points\n");
  kh_cli_run_free (run);

  /* one indicator, by any id of its chain; as CSV */
  run = kh_test_cli_run ("registry", project, "--indicator", "gdp_pc", "--format", "csv", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==,
                   "category,chain,year,id,name,points,replaces,status\n"
                   "city,1,2019,gdp,,20,,admitted\n"
                   "city,1,2020,gdp_pc,,30,gdp,replaced\n"
                   "city,1,2021,gdp_pc,,30,,kept\n");
  kh_cli_run_free (run);
  run = kh_test_cli_run ("registry", project, "--indicator", "exports", "--format", "csv", NULL);
  g_assert_cmpstr (run->out, ==,
                   "category,chain,year,id,name,points,replaces,status\n"
                   "city,3,2019,exports,,20,,admitted\n"
                   "city,3,2020,,,,,retired\n");
  kh_cli_run_free (run);

  /* refused: an id no year has, a category none has */
  run = kh_test_cli_run ("registry", project, "--indicator", "nothing", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "no indicator “nothing” in any year"));
  kh_cli_run_free (run);
  run = kh_test_cli_run ("registry", project, "--category", "county", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "no year has a framework for category “county”"));
  kh_cli_run_free (run);

  kh_test_remove_dir (dir);
}

static void
test_refused (void)
{
  g_autofree char *a = data_path ("diff-2019.xml");
  g_autofree char *bad = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                           "weighting", "errors.xml", NULL);
  g_autoptr (KhCliRun) invalid = kh_test_cli_run ("diff", a, bad, NULL);
  g_autoptr (KhCliRun) one = kh_test_cli_run ("diff", a, NULL);

  /* an invalid framework: its problems, file:line:column */
  g_assert_cmpint (invalid->status, ==, 1);
  g_assert_cmpstr (invalid->out, ==, "");
  g_assert_nonnull (strstr (invalid->err, "errors.xml:"));
  g_assert_cmpint (one->status, ==, 2);
  g_assert_nonnull (strstr (one->err, "give two framework files, or a project and two years"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/diff/files", test_files);
  g_test_add_func ("/cli/diff/same-and-backwards", test_same_and_backwards);
  g_test_add_func ("/cli/diff/csv", test_csv);
  g_test_add_func ("/cli/diff/project-years", test_project_years);
  g_test_add_func ("/cli/diff/project-versions", test_project_versions);
  g_test_add_func ("/cli/diff/refused", test_refused);
  g_test_add_func ("/cli/registry", test_registry);
  return g_test_run ();
}
