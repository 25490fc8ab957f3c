/* test-analysis-cli.c — `kaohe-cli sensitivity` and `kaohe-cli audit` on a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is built from tests/data/report (60 counties in the peer groups plain (48)
 * and hill (12), 2018–2020), as test-chart-cli does. The numbers themselves are checked
 * by test-sensitivity and test-stat-audit; here: what the commands print, that they are
 * reproducible, and that they refuse bad input with the place and the reason.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "io/kh-project.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "report", name, NULL);
}

static void
check_run (KhCliRun *run)
{
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer user_data)
{
  g_autofree char *units = data_path ("units.csv");

  f->dir = g_dir_make_tmp ("kh-analysis-cli-XXXXXX", NULL);
  f->project = g_build_filename (f->dir, "counties.kaohe", NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("new", f->project, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", f->project, "--units", units, NULL);
    check_run (run);
  }
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = data_path (fw_name);
      g_autofree char *data = data_path (data_name);
      g_autoptr (KhCliRun) a = kh_test_cli_run ("import", f->project, "--year", year_text,
                                                "--framework", fw, NULL);
      g_autoptr (KhCliRun) b = NULL;

      check_run (a);
      b = kh_test_cli_run ("import", f->project, "--year", year_text, data, NULL);
      check_run (b);
    }
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer user_data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* The CSV: a header, the 12 hill counties in nominal rank order, the ranking row. */
static void
test_sensitivity_csv (Fixture      *f,
                      gconstpointer user_data)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                              "hill", "--runs", "600", "--threads", "1", NULL);
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  guint tier1 = 0;

  check_run (run);
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_cmpuint (count_lines (run->out), ==, 1 + 12 + 1);
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (header[0], ==, "unit");
  g_assert_cmpstr (header[4], ==, "median");
  g_assert_cmpstr (header[9], ==, "p_tier1");
  g_assert_cmpstr (header[12], ==, "p_award:advance_hill");
  /* every weight ± 25 %, one input per parent: total, development, economy, ecology, … */
  g_assert_cmpstr (header[13], ==, "first:weights:total");
  g_assert_cmpstr (header[14], ==, "total:weights:total");
  for (guint k = 1; k <= 12; k++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[k], ",", -1);
      int lo = atoi (cells[5]), median = atoi (cells[4]), hi = atoi (cells[6]);
      double p = g_ascii_strtod (cells[9], NULL) + g_ascii_strtod (cells[10], NULL)
                 + g_ascii_strtod (cells[11], NULL);

      /* rows in nominal rank order; the interval holds the median; the tiers' chances
       * add up to one (each printed to 4 decimals) */
      g_assert_cmpint (atoi (cells[2]), ==, (int) k);
      g_assert_cmpint (lo, <=, median);
      g_assert_cmpint (median, <=, hi);
      g_assert_cmpfloat_with_epsilon (p, 1.0, 2e-4);
      tier1 += g_ascii_strtod (cells[9], NULL) > 0.5;
    }
  /* tiers by count 3, 5: about three counties are first-tier in most runs */
  g_assert_cmpuint (tier1, >=, 2);
  g_assert_cmpuint (tier1, <=, 4);
  g_assert_true (g_str_has_prefix (lines[13], "*,ranking,,,,,,"));
}

/* Same seed: the same output with one thread or two; another seed: other runs. */
static void
test_sensitivity_reproducible (Fixture      *f,
                               gconstpointer user_data)
{
  g_autofree char *reps1 = g_build_filename (f->dir, "reps1.csv", NULL);
  g_autofree char *reps2 = g_build_filename (f->dir, "reps2.csv", NULL);
  g_autofree char *reps3 = g_build_filename (f->dir, "reps3.csv", NULL);
  g_autoptr (KhCliRun) one = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group", "plain",
                                              "--runs", "500", "--threads", "1", "--format", "json",
                                              "--replications", reps1, NULL);
  g_autoptr (KhCliRun) two = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group", "plain",
                                              "--runs", "500", "--threads", "2", "--format", "json",
                                              "--replications", reps2, NULL);
  g_autoptr (KhCliRun) other = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                "plain", "--runs", "500", "--seed", "2",
                                                "--replications", reps3, NULL);
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL;
  g_auto (GStrv) lines = NULL;

  check_run (one);
  check_run (two);
  check_run (other);
  g_assert_cmpstr (one->out, ==, two->out);
  g_assert_nonnull (strstr (one->out, "\"group\": \"plain\""));
  g_assert_nonnull (strstr (one->out, "\"seed\": 1,"));
  g_assert_nonnull (strstr (one->out, "\"rank_counts\": ["));
  g_assert_true (g_file_get_contents (reps1, &r1, NULL, NULL));
  g_assert_true (g_file_get_contents (reps2, &r2, NULL, NULL));
  g_assert_true (g_file_get_contents (reps3, &r3, NULL, NULL));
  g_assert_cmpstr (r1, ==, r2);
  g_assert_cmpstr (r1, !=, r3);
  /* a header, then every run: at least the 500 asked for, whole rows of the design */
  lines = g_strsplit (r1, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "run,row,matrix,weight:"));
  g_assert_nonnull (strstr (lines[0], ",rank:p01,"));
  g_assert_true (g_str_has_prefix (lines[1], "1,1,A,"));
  g_assert_true (g_str_has_prefix (lines[2], "2,1,B,"));
  g_assert_true (g_str_has_prefix (lines[3], "3,1,AB:weights:total,"));
  g_assert_cmpuint (count_lines (r1), >=, 501);
}

static void
test_sensitivity_spec (Fixture      *f,
                       gconstpointer user_data)
{
  g_autofree char *good = write_file (f, "good.ini",
                                      "[sensitivity]\nruns = 300\n"
                                      "[input economy]\nkind = weights\nchildren = economy\nrange = 40%\n"
                                      "[input missing]\nkind = leave-out\nindicators = water; gdp_growth\n");
  g_autofree char *unknown = write_file (f, "unknown.ini",
                                         "# one input\n[input x]\nkind = weights\nnodes = nowhere\nrange = 25%\n");
  g_autofree char *syntax = write_file (f, "syntax.ini", "[sensitivity]\nruns = many\n");
  g_autoptr (KhCliRun) ok = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                             "hill", "--spec", good, NULL);
  g_autoptr (KhCliRun) refused = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                  "hill", "--spec", unknown, NULL);
  g_autoptr (KhCliRun) bad = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                              "hill", "--spec", syntax, NULL);
  g_autofree char *where = g_strdup_printf ("%s:2: there is no node “nowhere”", unknown);
  g_autofree char *line = g_strdup_printf ("%s:2: runs: write a whole number", syntax);

  check_run (ok);
  g_assert_nonnull (strstr (ok->out, ",first:economy,total:economy,first:missing,total:missing\n"));
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_nonnull (strstr (refused->err, where));
  g_assert_cmpstr (refused->out, ==, "");
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->err, line));
}

/* A spec stored for 2020's counties (kaohe-cli sensitivity --store-spec, checked against the
 * group first and audited) is what the command uses when --spec is absent, and says so;
 * --spec still wins; --clear-spec goes back to every weight ± 25 %. A spec naming a node
 * the group lacks is refused at its line and nothing is stored. */
static void
test_sensitivity_stored_spec (Fixture      *f,
                              gconstpointer user_data)
{
  g_autofree char *good = write_file (f, "stored.ini",
                                      "[sensitivity]\nruns = 300\n"
                                      "[input economy]\nkind = weights\nchildren = economy\nrange = 40%\n");
  g_autofree char *unknown = write_file (f, "unknown.ini",
                                         "# one input\n[input x]\nkind = weights\nnodes = nowhere\nrange = 25%\n");
  g_autofree char *other = write_file (f, "other.ini",
                                       "[sensitivity]\nruns = 300\n"
                                       "[input out]\nkind = leave-out\nindicators = water; gdp_growth\n");
  g_autofree char *where = g_strdup_printf ("%s:2: there is no node “nowhere”", unknown);
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (KhCliRun) refused = kh_test_cli_run ("sensitivity", f->project, "--year", "2020",
                                                    "--group", "hill", "--store-spec", unknown, NULL);
    g_autoptr (KhProject) p = kh_project_open_readonly (f->project, &error);
    g_autofree char *stored = NULL;

    g_assert_cmpint (refused->status, ==, 1);
    g_assert_nonnull (strstr (refused->err, where));
    g_assert_no_error (error);
    stored = kh_project_get_sensitivity_spec (p, 2020, "county", &error);
    g_assert_no_error (error);
    g_assert_null (stored);
  }
  {
    g_autoptr (KhCliRun) store = kh_test_cli_run ("sensitivity", f->project, "--year", "2020",
                                                  "--group", "hill", "--store-spec", good, NULL);
    g_autoptr (KhProject) p = NULL;
    g_autofree char *stored = NULL;
    g_autofree char *text = NULL;

    check_run (store);
    g_assert_cmpstr (store->out, ==, "Stored the sensitivity spec of 2020 “county”\n");
    p = kh_project_open_readonly (f->project, &error);
    g_assert_no_error (error);
    stored = kh_project_get_sensitivity_spec (p, 2020, "county", &error);
    g_assert_true (g_file_get_contents (good, &text, NULL, NULL));
    g_assert_cmpstr (stored, ==, text);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (p), "SELECT count(*) FROM audit_log "
                                        "WHERE action = 'sensitivity-spec' AND year = 2020"), ==, 1);
    /* 2019 has none. */
    g_clear_pointer (&stored, g_free);
    stored = kh_project_get_sensitivity_spec (p, 2019, "county", &error);
    g_assert_null (stored);
  }
  {
    /* Without --spec: the stored inputs (economy only), said so on stderr and in JSON. */
    g_autoptr (KhCliRun) run = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                "hill", NULL);
    g_autoptr (KhCliRun) json = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                 "hill", "--format", "json", NULL);
    g_autoptr (KhCliRun) spec = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                 "hill", "--spec", other, NULL);
    g_autoptr (KhCliRun) year2019 = kh_test_cli_run ("sensitivity", f->project, "--year", "2019",
                                                     "--group", "hill", "--runs", "300", NULL);

    check_run (run);
    g_assert_nonnull (strstr (run->out, ",first:economy,total:economy\n"));
    g_assert_nonnull (strstr (run->err, "using the spec stored for 2020 “county” (--spec FILE overrides it)"));
    check_run (json);
    g_assert_nonnull (strstr (json->out, "\"spec\": \"stored\""));
    /* --spec wins, and nothing is said of the stored one. */
    check_run (spec);
    g_assert_nonnull (strstr (spec->out, ",first:out,total:out\n"));
    g_assert_null (strstr (spec->out, "economy"));
    g_assert_cmpstr (spec->err, ==, "");
    /* Another year: every weight ± 25 %, nothing said. */
    check_run (year2019);
    g_assert_null (strstr (year2019->out, "first:economy,"));
    g_assert_cmpstr (year2019->err, ==, "");
  }
  {
    g_autoptr (KhCliRun) clear = kh_test_cli_run ("sensitivity", f->project, "--year", "2020",
                                                  "--group", "hill", "--clear-spec", NULL);
    g_autoptr (KhCliRun) run = NULL;
    g_autoptr (KhCliRun) both = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                 "hill", "--clear-spec", "--store-spec", good, NULL);
    g_autoptr (KhProject) p = NULL;

    check_run (clear);
    g_assert_cmpstr (clear->out, ==, "Removed the sensitivity spec of 2020 “county”\n");
    run = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group", "hill", "--runs",
                           "300", "--format", "json", NULL);
    check_run (run);
    g_assert_nonnull (strstr (run->out, "\"spec\": \"weights ± 25 %\""));
    g_assert_cmpint (both->status, ==, 2);
    p = kh_project_open_readonly (f->project, &error);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (p), "SELECT count(*) FROM audit_log "
                                        "WHERE action = 'sensitivity-spec'"), ==, 2);
  }
}

static void
test_sensitivity_usage (Fixture      *f,
                        gconstpointer user_data)
{
  g_autoptr (KhCliRun) format = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                 "hill", "--format", "xml", NULL);
  g_autoptr (KhCliRun) group = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                "nowhere", NULL);
  g_autoptr (KhCliRun) both = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                               "hill", "--category", "county", NULL);
  g_autoptr (KhCliRun) several = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", NULL);
  g_autoptr (KhCliRun) seed = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--seed", "-3",
                                               NULL);

  g_assert_cmpint (format->status, ==, 2);
  g_assert_nonnull (strstr (format->err, "unknown format “xml”"));
  g_assert_cmpint (group->status, ==, 1);
  g_assert_nonnull (strstr (group->err, "no framework of 2020 has a group “nowhere”"));
  g_assert_cmpint (both->status, ==, 2);
  /* the county framework has two groups: choose one */
  g_assert_cmpint (several->status, ==, 1);
  g_assert_nonnull (strstr (several->err, "has several groups: choose one (plain, hill)"));
  g_assert_cmpint (seed->status, ==, 2);
}

static void
test_audit (Fixture      *f,
            gconstpointer user_data)
{
  g_autoptr (KhCliRun) text = kh_test_cli_run ("audit", f->project, "--year", "2020", "--group", "plain", NULL);
  g_autoptr (KhCliRun) csv = kh_test_cli_run ("audit", f->project, "--year", "2020", "--group", "plain",
                                              "--format", "csv", NULL);
  g_autoptr (KhCliRun) json = kh_test_cli_run ("audit", f->project, "--year", "2020", "--group", "plain",
                                               "--format", "json", NULL);
  g_autoptr (KhCliRun) none = kh_test_cli_run ("audit", f->project, "--year", "2020", "--group", "nowhere", NULL);
  g_auto (GStrv) lines = NULL;
  guint n;

  check_run (text);
  g_assert_nonnull (strstr (text->out, "Statistical audit of framework report-test-2020, 2020: 48 units"));
  g_assert_nonnull (strstr (text->out, "  economy: 2 children, 48 complete units, α "));
  check_run (csv);
  lines = g_strsplit (csv->out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "a,b,level_a,level_b,units,pearson,spearman");
  /* one row per pair of the n scored nodes */
  n = g_strv_length (lines) - 2;
  g_assert_true (g_str_has_prefix (lines[1], "total,development,0,1,48,"));
  {
    guint nodes = 1;

    while (nodes * (nodes - 1) / 2 < n)
      nodes++;
    g_assert_cmpuint (nodes * (nodes - 1) / 2, ==, n);
  }
  check_run (json);
  g_assert_nonnull (strstr (json->out, "\"dimensions\": ["));
  g_assert_nonnull (strstr (json->out, "{\"node\": \"economy\", \"items\": [\"gdp_growth\", \"revenue_growth\"]"));
  g_assert_cmpint (none->status, ==, 1);
}

/* The charts of both commands are written as asked, or refused with the reason. */
static void
test_charts (Fixture      *f,
             gconstpointer user_data)
{
  g_autofree char *intervals = g_build_filename (f->dir, "intervals.png", NULL);
  g_autofree char *tiers = g_build_filename (f->dir, "tiers.svg", NULL);
  g_autofree char *indices = g_build_filename (f->dir, "indices.pdf", NULL);
  g_autofree char *heatmap = g_build_filename (f->dir, "heatmap.png", NULL);
  g_autofree char *bmp = g_build_filename (f->dir, "intervals.bmp", NULL);
  g_autoptr (KhCliRun) ok = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group", "hill",
                                             "--runs", "300", "--intervals-chart", intervals, "--tiers-chart",
                                             tiers, "--indices-chart", indices, "--unit", "h01", NULL);
  g_autoptr (KhCliRun) audit = kh_test_cli_run ("audit", f->project, "--year", "2020", "--group", "hill",
                                                "--heatmap", heatmap, "--pearson", NULL);
  g_autoptr (KhCliRun) bad = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group", "hill",
                                              "--runs", "300", "--intervals-chart", bmp, NULL);
  g_autoptr (KhCliRun) nobody = kh_test_cli_run ("sensitivity", f->project, "--year", "2020", "--group",
                                                 "hill", "--runs", "300", "--unit", "p01", NULL);
  const char *files[] = { intervals, tiers, indices, heatmap };

  check_run (ok);
  check_run (audit);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (files[i], &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
    }
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->err, "unknown chart format (use .png, .svg or .pdf)"));
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
  /* p01 is a plain county, not of the hill group */
  g_assert_cmpint (nobody->status, ==, 1);
  g_assert_nonnull (strstr (nobody->err, "no unit “p01” in the group"));
}

/* The example of data/schema/README.md ("Sensitivity specs") runs on the bundled sample:
 * the documentation says what the code does. */
static void
test_documented_spec (void)
{
  g_autofree char *readme = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "schema", "README.md", NULL);
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kh-analysis-doc-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "sample.kaohe", NULL);
  g_autofree char *spec = g_build_filename (dir, "spec.ini", NULL);
  g_autofree char *text = NULL, *bytes = NULL;
  g_autoptr (KhCliRun) run = NULL;
  const char *start, *end;
  gsize length;

  g_assert_true (g_file_get_contents (readme, &text, NULL, NULL));
  start = strstr (text, "```ini\n");
  g_assert_nonnull (start);
  start += strlen ("```ini\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  g_assert_true (g_file_set_contents (spec, start, end - start, NULL));
  g_assert_true (g_file_get_contents (sample, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
  run = kh_test_cli_run ("sensitivity", copy, "--year", "2020", "--group", "cities", "--spec", spec, "--runs", "300",
                         "--format", "json", NULL);
  check_run (run);
  g_assert_nonnull (strstr (run->out, "{\"name\": \"Papers\", \"kind\": \"dirichlet\", \"node\": \"total\"}"));
  g_assert_nonnull (strstr (run->out, "{\"name\": \"Tier cut-offs\", \"kind\": \"tiers\", \"node\": null}"));
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/sensitivity/csv", Fixture, NULL, fixture_set_up, test_sensitivity_csv, fixture_tear_down);
  g_test_add ("/cli/sensitivity/reproducible", Fixture, NULL, fixture_set_up, test_sensitivity_reproducible,
              fixture_tear_down);
  g_test_add ("/cli/sensitivity/spec", Fixture, NULL, fixture_set_up, test_sensitivity_spec, fixture_tear_down);
  g_test_add ("/cli/sensitivity/stored-spec", Fixture, NULL, fixture_set_up, test_sensitivity_stored_spec,
              fixture_tear_down);
  g_test_add ("/cli/sensitivity/usage", Fixture, NULL, fixture_set_up, test_sensitivity_usage, fixture_tear_down);
  g_test_add ("/cli/audit", Fixture, NULL, fixture_set_up, test_audit, fixture_tear_down);
  g_test_add ("/cli/sensitivity/charts", Fixture, NULL, fixture_set_up, test_charts, fixture_tear_down);
  g_test_add_func ("/cli/sensitivity/documented-spec", test_documented_spec);

  return g_test_run ();
}
