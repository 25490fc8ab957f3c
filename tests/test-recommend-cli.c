/* test-recommend-cli.c — a city's entered list of recommendations (the "321" workflow):
 * stored (schema version 10), read back, used by compute --recommended and the annual
 * report, refused when it cannot be stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a copy of the built sample, 2020. From `kaohe-cli compute --category county` of the
 * sample (read when this test was written; the test asserts them through compute's own
 * output below, so a regenerated sample fails here loudly rather than silently):
 *   南京市 (nanjing) is in the first tier: quota 3; the 2020 rule takes counties of tier
 *   1–2 (max-tier="2");
 *   浦口区 nanjing-pukou rank 11 tier 2, 鼓楼区 nanjing-gulou 3/2, 建邺区 nanjing-jianye 4/2,
 *   高淳区 nanjing-gaochun 5/2, 溧水区 nanjing-lishui 23/3; 宿城区 suqian-sucheng 56/3 is
 *   宿迁市's.
 * The entered list pukou, gulou, sucheng, lishui, jianye, gaochun is then, worked by hand
 * from kh-recommend.h's checks in order: pukou accepted (1 of 3), gulou accepted (2),
 * sucheng another city's, lishui not eligible (tier 3 > 2), jianye accepted (3), gaochun
 * over the quota. By the rule 南京市 takes its three best of tier ≤ 2: gulou, jianye,
 * gaochun.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "report/kh-report-project.h"
#include "report/kh-report.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *
sample_copy (char **dir)
{
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  char *path;

  *dir = g_dir_make_tmp ("kh-recommend-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "sample.kaohe", NULL);
  g_assert_true (g_file_get_contents (sample, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (path, bytes, (gssize) len, NULL));
  return path;
}

/* The rows of compute --recommended for @city: "unit:status" joined by spaces, after
 * "selection:" (rank or entered). */
static char *
city_rows (const char *path,
           const char *city)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", path, "--year", "2020", "--recommended", NULL);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_cmpint (run->status, ==, 0);
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "quota,parent,parent_name,parent_rank,parent_tier,"
                                             "count,selection,unit,name,rank,tier,status,reason"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", 13);

      if (g_strv_length (f) < 12 || strcmp (f[1], city) != 0)
        continue;
      if (out->len == 0)
        g_string_append_printf (out, "%s:", f[6]);
      g_string_append_printf (out, " %s:%s", f[7], f[11]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *const entered_ids[] = { "nanjing-pukou", "nanjing-gulou", "suqian-sucheng",
                                           "nanjing-lishui", "nanjing-jianye", "nanjing-gaochun" };

static void
test_store_and_use (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autofree char *rows = NULL;
  g_autoptr (GError) error = NULL;

  /* By the rule first (the sample has no entered list). */
  rows = city_rows (path, "nanjing");
  g_assert_cmpstr (rows, ==, "rank: nanjing-gulou:accepted nanjing-jianye:accepted "
                             "nanjing-gaochun:accepted");

  /* Entered: stored and printed with its checks. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("recommend", path, "--year", "2020", "--city", "nanjing",
                                                "--counties",
                                                "nanjing-pukou, nanjing-gulou,suqian-sucheng,"
                                                "nanjing-lishui,nanjing-jianye,nanjing-gaochun",
                                                NULL);

    g_assert_cmpstr (run->err, ==, "");
    g_assert_cmpint (run->status, ==, 0);
    /* The C locale reads English: the units' and tiers' English names (test-cli-lang.c
     * tries --lang). */
    g_assert_cmpstr (run->out, ==,
                     "Nanjing (rank 3, First tier, quota 3): entered\n"
                     "  Pukou District, Nanjing (rank 11): accepted\n"
                     "  Gulou District, Nanjing (rank 3): accepted\n"
                     "  Sucheng District, Suqian: belongs to Suqian\n"
                     "  Lishui District, Nanjing: not eligible: Third tier, only up to Second tier\n"
                     "  Jianye District, Nanjing (rank 4): accepted\n"
                     "  Gaochun District, Nanjing: over the quota of 3\n");
  }
  g_clear_pointer (&rows, g_free);
  rows = city_rows (path, "nanjing");
  g_assert_cmpstr (rows, ==, "entered: nanjing-pukou:accepted nanjing-gulou:accepted "
                             "suqian-sucheng:other-parent nanjing-lishui:tier "
                             "nanjing-jianye:accepted nanjing-gaochun:over-quota");

  /* Read back through io, in order, with one audit row. */
  {
    g_autoptr (KhProject) project = kh_project_open (path, &error);
    g_autoptr (GHashTable) lists = NULL;
    GPtrArray *list;

    g_assert_no_error (error);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project), "PRAGMA user_version"), ==, 14);
    lists = kh_project_get_recommendation_lists (project, 2020, "county", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (lists), ==, 1);
    list = g_hash_table_lookup (lists, "nanjing");
    g_assert_nonnull (list);
    g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (entered_ids));
    for (guint i = 0; i < list->len; i++)
      g_assert_cmpstr (list->pdata[i], ==, entered_ids[i]);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT count(*) FROM audit_log WHERE action = 'recommendation' "
                                        "AND year = 2020 AND detail = 'category=county' || char(10) || "
                                        "'parent=nanjing' || char(10) || 'units=nanjing-pukou,nanjing-gulou,"
                                        "suqian-sucheng,nanjing-lishui,nanjing-jianye,nanjing-gaochun'"),
                     ==, 1);

    /* The same list again: no change, no audit row. */
    {
      g_autoptr (GPtrArray) same = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (entered_ids); i++)
        g_ptr_array_add (same, (gpointer) entered_ids[i]);
      g_assert_true (kh_project_set_recommendation_list (project, 2020, "county", "nanjing", same,
                                                         &error));
      g_assert_no_error (error);
      g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                          "SELECT count(*) FROM audit_log WHERE action = 'recommendation'"),
                       ==, 1);
    }
    /* A unit the project does not have that year: refused, the list kept. */
    {
      g_autoptr (GPtrArray) bad = g_ptr_array_new ();

      g_ptr_array_add (bad, (gpointer) "nanjing-gulou");
      g_ptr_array_add (bad, (gpointer) "no-such-county");
      g_assert_false (kh_project_set_recommendation_list (project, 2020, "county", "nanjing", bad,
                                                          &error));
      g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "“no-such-county” is not a unit of 2020");
      g_clear_error (&error);
      g_clear_pointer (&lists, g_hash_table_unref);
      lists = kh_project_get_recommendation_lists (project, 2020, "county", &error);
      g_assert_cmpuint (((GPtrArray *) g_hash_table_lookup (lists, "nanjing"))->len, ==, 6);
    }
  }

  /* The annual report: the list marked entered, its accepted counties and its checks, and
   * 浦口区 among the 先进县 instead of 高淳区 (still 15: 南京市 takes 3 either way). */
  {
    g_autofree char *pdf = g_build_filename (dir, "annual.pdf", NULL);
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", path, "--year", "2020", "--category", "city",
                                                "--lang", "zh_CN", "-o", pdf, NULL);
    const char *argv[] = { "pdftotext", pdf, "-", NULL };
    g_autofree char *text = NULL;
    g_autoptr (GString) squeezed = g_string_new (NULL);
    const char *list;
    int status = 0;

    g_assert_cmpint (run->status, ==, 0);
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &text, NULL, &status, NULL))
      {
        g_test_skip ("pdftotext is not installed");
        return;
      }
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    /* cells wrap: compare without white space */
    for (const char *c = text; *c != '\0'; c++)
      if (!g_ascii_isspace (*c))
        g_string_append_c (squeezed, *c);
    g_assert_nonnull (strstr (squeezed->str, "南京市第一等次3entered浦口区(11);鼓楼区(3);建邺区(4)"
                                             "宿城区:belongsto宿迁市;溧水区:noteligible:第三等次,"
                                             "onlyupto第二等次;高淳区:overthequotaof3"));
    g_assert_nonnull (strstr (squeezed->str, "无锡市第一等次3bytherule"));
    list = strstr (squeezed->str, "15unitsrecommended,byrank");
    g_assert_nonnull (list);
    g_assert_nonnull (strstr (list, "浦口区第二等次南京市"));
    g_assert_null (strstr (list, "高淳区"));
  }

  /* --clear: the rule chooses again. */
  {
    /* --lang zh_CN: the Chinese names; the words stay English, no catalogue being found. */
    const char *const environment[] = { "KAOHE_LOCALEDIR=/nonexistent", NULL };
    const char *const args[] = { "recommend", path, "--year", "2020", "--city", "nanjing",
                                 "--clear", "--lang", "zh_CN", NULL };
    g_autoptr (KhCliRun) run = kh_test_cli_runv_env (environment, args);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==,
                     "南京市 (rank 3, 第一等次, quota 3): by the rule\n"
                     "  鼓楼区 (rank 3): accepted\n"
                     "  建邺区 (rank 4): accepted\n"
                     "  高淳区 (rank 5): accepted\n");
  }
  g_clear_pointer (&rows, g_free);
  rows = city_rows (path, "nanjing");
  g_assert_cmpstr (rows, ==, "rank: nanjing-gulou:accepted nanjing-jianye:accepted "
                             "nanjing-gaochun:accepted");

  /* An empty list: the city recommends none (one row without a unit). */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("recommend", path, "--year", "2020", "--city", "nanjing",
                                                "--counties", "", NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==, "Nanjing (rank 3, First tier, quota 3): entered\n  (none)\n");
  }
  g_clear_pointer (&rows, g_free);
  rows = city_rows (path, "nanjing");
  g_assert_cmpstr (rows, ==, "entered: :");

  kh_test_remove_dir (dir);
}

/* Refusals: nothing stored, a message naming what is wrong. */
/* The sample's 2018–2020 report loaded for the analysis (every plan kept), without
 * (kh_report_data_load_full: the plans let go), without the comparison (as kaohe-cli
 * chart loads it) and without the units passed (as an annual report loads it): the same
 * groups, units, history and recommendations; the comparison the same or, without it,
 * none; no units passed without them; and the same annual report, byte for byte. */
static void
test_load_flags (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  KhReportLoadFlags flags[] = { KH_REPORT_LOAD_FOR_ANALYSIS, KH_REPORT_LOAD_NONE, KH_REPORT_LOAD_NO_COMPARISON,
                                KH_REPORT_LOAD_NO_OVERTAKES };
  KhReportData *data[G_N_ELEMENTS (flags)];
  KhReportOptions annual = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE };
  g_autoptr (KhReport) full = NULL;
  g_autoptr (KhReport) slim = NULL;
  g_autoptr (KhReport) no_passed = NULL;
  guint effects = 0, passed = 0;

  g_assert_no_error (error);
  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
    {
      data[f] = kh_report_data_load_full (&project, 1, 2020, 2018, KH_LANG_ZH_CN, flags[f], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (data[f]->groups->len, ==, data[0]->groups->len);
      g_assert_cmpuint (data[f]->recommendations->len, ==, data[0]->recommendations->len);
    }
  g_assert_cmpuint (data[0]->recommendations->len, >, 0);
  for (guint g = 0; g < data[0]->groups->len; g++)
    for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
      {
        KhReportGroup *a = data[0]->groups->pdata[g], *b = data[f]->groups->pdata[g];

        g_assert_cmpstr (a->id, ==, b->id);
        /* the plans: all kept for the analysis, none else */
        g_assert_true (f == 0 ? a->plan != NULL && a->earlier_plans->len == 2
                              : b->plan == NULL && b->earlier_plans->len == 0);
        g_assert_cmpuint (a->rows->len, ==, b->rows->len);
        for (guint i = 0; i < a->rows->len; i++)
          {
            KhChartUnit *x = a->chart->units->pdata[i], *z = b->chart->units->pdata[i];
            KhReportRow *r = a->rows->pdata[i], *s = b->rows->pdata[i];

            g_assert_cmpstr (x->id, ==, z->id);
            for (int y = 0; y < 3; y++)
              {
                g_assert_cmpint (x->ranks[y], ==, z->ranks[y]);
                g_assert_cmpmem (&x->scores[y], sizeof (double), &z->scores[y], sizeof (double));
              }
            g_assert_cmpint (s->has_effects, ==, f == 2 ? FALSE : r->has_effects);
            g_assert_cmpuint (s->passed->len, ==, f >= 2 ? 0 : r->passed->len);
            g_assert_cmpuint (s->passed_by->len, ==, f >= 2 ? 0 : r->passed_by->len);
            if (f == 1 || f == 3)
              g_assert_cmpmem (&r->total_change, sizeof (double), &s->total_change, sizeof (double));
            if (f == 1)
              {
                for (guint k = 0; k < r->passed->len; k++)
                  g_assert_cmpstr (r->passed->pdata[k], ==, s->passed->pdata[k]);
              }
            effects += f == 0 && r->has_effects;
            passed += f == 0 ? r->passed->len + r->passed_by->len : 0;
          }
        g_assert_cmpstr (b->last_year_change, ==, f == 2 ? NULL : a->last_year_change);
      }
  g_assert_cmpuint (effects, >, 0);
  g_assert_cmpuint (passed, >, 0);
  full = kh_report_new (data[0], &annual, &error);
  g_assert_no_error (error);
  slim = kh_report_new (data[1], &annual, &error);
  g_assert_no_error (error);
  no_passed = kh_report_new (data[3], &annual, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_report_get_n_pages (slim), ==, kh_report_get_n_pages (full));
  /* the same PDF, byte for byte: the recommendation tables found their groups' units */
  {
    g_autofree char *a = g_build_filename (dir, "full.pdf", NULL);
    g_autofree char *b = g_build_filename (dir, "slim.pdf", NULL);
    g_autofree char *c = g_build_filename (dir, "no-passed.pdf", NULL);
    g_autofree char *x = NULL, *y = NULL, *z = NULL;
    gsize nx = 0, ny = 0, nz = 0;

    g_assert_true (kh_report_write_pdf (full, a, &error));
    g_assert_true (kh_report_write_pdf (slim, b, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
    g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
    g_assert_cmpmem (x, nx, y, ny);
    g_assert_true (kh_report_write_pdf (no_passed, c, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (c, &z, &nz, NULL));
    g_assert_cmpmem (x, nx, z, nz);
  }
  for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
    kh_report_data_unref (data[f]);
  g_unsetenv ("KAOHE_REPORT_DATE");
  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

static void
test_refused (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  struct
  {
    const char *args[12];
    const char *message;
  } cases[] = {
    { { "--year", "2020", "--city", "nanjing", "--counties", "nanjing-gulou,nanjing-xx" },
      "sample.kaohe: “nanjing-xx” is not a unit of 2020\n" },
    { { "--year", "2019", "--city", "nanjing", "--counties", "nanjing-gulou" },
      "sample.kaohe: in 2019 “nanjing” recommends no units: it is not a unit of a group with a "
      "quota rule (the “321” rule)\n" },
    { { "--year", "2020", "--city", "nanjing-gulou", "--counties", "nanjing-gulou" },
      "sample.kaohe: in 2020 “nanjing-gulou” recommends no units: it is not a unit of a group "
      "with a quota rule (the “321” rule)\n" },
    { { "--year", "2020", "--city", "nanjing", "--category", "city", "--counties", "nanjing-gulou" },
      "sample.kaohe: in 2020 “nanjing” recommends no units of the category “city”: no quota "
      "rule of its group names that category\n" },
    { { "--year", "2020", "--city", "nanjing", "--counties", "nanjing-gulou,,nanjing-jianye" },
      "--counties: item 2 is empty" },
    { { "--year", "2020", "--city", "nanjing", "--counties", "nanjing-gulou", "--clear" },
      "give either --counties or --clear" },
    { { "--year", "2020", "--city", "nanjing" }, "give either --counties or --clear" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[16] = { "recommend", path };
      g_autoptr (KhCliRun) run = NULL;
      guint n = 2;

      for (guint a = 0; cases[i].args[a] != NULL; a++)
        argv[n++] = cases[i].args[a];
      argv[n] = NULL;
      run = kh_test_cli_runv (argv);
      g_test_message ("case %u: %s", i, run->err);
      g_assert_cmpint (run->status, !=, 0);
      g_assert_nonnull (strstr (run->err, cases[i].message));
    }
  {
    g_autoptr (KhProject) project = kh_project_open (path, NULL);

    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT count(*) FROM recommendation_lists"), ==, 0);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT count(*) FROM audit_log WHERE action = 'recommendation'"),
                     ==, 0);
  }

  /* A sealed year's list does not change. */
  {
    g_autoptr (KhCliRun) stored = kh_test_cli_run ("recommend", path, "--year", "2020", "--city", "nanjing",
                                                   "--counties", "nanjing-pukou", NULL);
    g_autoptr (KhCliRun) seal = kh_test_cli_run ("seal", path, "--year", "2020", NULL);
    g_autoptr (KhCliRun) refused = kh_test_cli_run ("recommend", path, "--year", "2020", "--city",
                                                    "nanjing", "--clear", NULL);
    g_autoptr (KhProject) project = NULL;

    g_assert_cmpint (stored->status, ==, 0);
    g_assert_cmpint (seal->status, ==, 0);
    g_assert_cmpint (refused->status, !=, 0);
    g_assert_nonnull (strstr (refused->err, "The year 2020 is sealed and cannot change"));
    project = kh_project_open (path, NULL);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT count(*) FROM recommendation_units WHERE "
                                        "unit_id = 'nanjing-pukou'"), ==, 1);
    /* and the database's triggers refuse it too, whoever writes */
    g_assert_cmpint (kh_test_raw_exec (path, "DELETE FROM recommendation_units"), ==, SQLITE_CONSTRAINT);
  }
  kh_test_remove_dir (dir);
}

/* A report's id is its audit log's first hash: a log that cannot be read refuses the
 * report, saying why and naming the project, instead of a report without its id. */
static void
test_load_unreadable_audit (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autofree char *said = g_strdup_printf ("%s: reading the audit log's first entry: ", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  KhReportData *data;

  g_assert_no_error (error);
  g_assert_true (kh_db_exec (kh_project_get_store (project),
                             "ALTER TABLE audit_log RENAME TO audit_log_gone", &error));
  g_assert_no_error (error);
  data = kh_report_data_load_full (&project, 1, 2020, 2020, KH_LANG_ZH_CN, KH_REPORT_LOAD_NONE,
                                   &error);
  g_assert_null (data);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, said));
  g_assert_nonnull (strstr (error->message, "audit_log"));
  g_clear_error (&error);
  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recommend/cli/store-and-use", test_store_and_use);
  g_test_add_func ("/recommend/cli/refused", test_refused);
  g_test_add_func ("/recommend/report/load-flags", test_load_flags);
  g_test_add_func ("/recommend/report/unreadable-audit", test_load_unreadable_audit);
  return g_test_run ();
}
