/* test-project-published.c — a year's published results: import, baseline, differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small project of tests/data/units (see test-project-units.c): recomputed, the
 * counties of 2019 rank k2 港闸区 1, k5 通州区 2, k1 崇川区 3, k3 海门市 4, k6 如皋市 5
 * (tiers by count 2, 2, rest: 1 1 2 2 3), no awards (no 2018). The notice imported here
 * (published-county-2019.csv, Chinese headers as in a notice) says otherwise:
 *   港闸区 3 第二等次; 通州区 1 第一等次; 崇川区 2 第一等次 争先进位奖; 海门市 4; 如皋市 5.
 * 2020 counties: k1 75, k5 72, k6 65, k4 55 → ranks 1 2 3 4; merged-rank="best".
 *
 * Issue 19: every case runs on a project file (/project/published/sqlite/…) and on a
 * throwaway PostgreSQL server's database (/pg/…, kh-pg-harness.h), asserting the same.
 */
#include "config.h"

#include <string.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"
#include "kh-test-project.h"

static KhPgHarness *pg;

/* A case's project: a new file, or the harness's database emptied with the schema. */
typedef struct
{
  KhProject *project;
  KhDb *raw; /* a second connection to the same store */
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                          NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  if (f->dir != NULL)
    {
      kh_test_remove_dir (f->dir);
      g_free (f->dir);
    }
}

static void
set_framework (KhProject  *project,
               int         year,
               const char *category,
               gboolean    published)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.xml", category, year);
  g_autofree char *path = kh_test_data_path ("units", name);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  if (published)
    {
      g_auto (GStrv) parts = g_strsplit (xml, "category=\"county\"", 2);

      g_free (xml);
      xml = g_strjoinv ("category=\"county\" baseline=\"published\"", parts);
    }
  g_assert_true (kh_project_set_framework (project, year, xml, strlen (xml), name, &error));
  g_assert_no_error (error);
}

static void
import_data (KhProject  *project,
             int         year,
             const char *category)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.csv", category, year);

  kh_test_project_import_data (project, year, "units", name);
}

/* Counties of 2019 and 2020 in the case's project; 2020's framework counts against the
 * published 2019. */
static KhProject *
build_project (Fixture *f,
               gboolean published)
{
  g_autoptr (GError) error = NULL;
  KhProject *project = f->project;
  g_autofree char *units = kh_test_data_path ("units", "units.csv");
  g_autoptr (KhCsvTable) table = kh_csv_read_file (units, NULL, &error);

  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  set_framework (project, 2019, "county", FALSE);
  set_framework (project, 2020, "county", published);
  import_data (project, 2019, "county");
  import_data (project, 2020, "county");
  return project;
}

static gboolean
import_published (KhProject  *project,
                  int         year,
                  const char *name,
                  GError    **error)
{
  g_autofree char *path = kh_test_data_path ("units", name);
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, error);

  g_assert_nonnull (table);
  return kh_project_import_published (project, year, table, name, error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kh_pg_harness_count (f->raw, sql);
}

static int
change_of (KhPlan     *plan,
           const char *id)
{
  int change = 0;

  if (!kh_plan_get_rank_change (plan, kh_plan_find_unit (plan, id), &change))
    return G_MININT;
  return change;
}

/* The notice is read with Chinese headers, names of the year and 第N等次 tiers. */
static void
test_import (Fixture      *f,
             gconstpointer data)
{
  KhProject *project = build_project (f, FALSE);
  g_autoptr (GError) error = NULL;

  g_assert_true (import_published (project, 2019, "published-county-2019.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM published_results WHERE year = 2019"), ==,
                   5);
  g_assert_cmpint (count (f, "SELECT rank * 10 + tier FROM published_results WHERE "
                                   "unit_id = 'k2'"), ==, 32);
  g_assert_cmpint (count (f, "SELECT count(*) FROM published_results WHERE unit_id = 'k1' "
                                   "AND awards = '争先进位奖' AND source_row = 4"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'published' "
                                   "AND year = 2019"), ==, 1);
}

/* All or nothing, every problem with its row and column. */
static void
test_import_problems (Fixture      *f,
                      gconstpointer data)
{
  KhProject *project = build_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  const char *no_rank = "unit,tier\nk1,1\n";
  g_autoptr (KhCsvTable) table = NULL;

  g_assert_false (import_published (project, 2019, "published-bad.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "published-bad.csv: row 3, column 1: unknown unit “zz”\n"
                   "published-bad.csv: row 4, column 2: “x” is not a rank (a whole number from 1)\n"
                   "published-bad.csv: row 5, column 3: “第九十等次” is not a tier (1, 2, 3 … or "
                   "第一等次, 第二等次 …)\n"
                   "published-bad.csv: row 6, column 1: unit “k2” appears twice");
  g_clear_error (&error);
  table = kh_csv_parse (no_rank, strlen (no_rank), NULL, "p.csv", &error);
  g_assert_false (kh_project_import_published (project, 2019, table, "p.csv", &error));
  g_assert_cmpstr (error->message, ==,
                   "p.csv: row 1, column 1: the header has no “rank” column (published results: "
                   "unit,rank,tier,award,group,total)");
  g_assert_cmpint (count (f, "SELECT count(*) FROM published_results"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'published'"),
                   ==, 0);
}

/* A notice names units as a data sheet may: English in any case, a short name (简称), an
 * alias; each found as the data import finds it. */
static void
test_import_names (Fixture      *f,
                   gconstpointer data)
{
  static const char units_csv[] = "id,name_zh,category,short_name,aliases\n"
                                  "k1,崇川区,county,崇川,\n"
                                  "k3,海门市,county,,海门县\n";
  static const char notice[] = "单位,名次,等次\n"
                               "Gangzha,3,第二等次\n"
                               "TONGZHOU,1,第一等次\n"
                               "崇川,2,第一等次\n"
                               "海门县,4,第二等次\n"
                               "如皋市,5,第三等次\n";
  KhProject *project = build_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) units = kh_csv_parse (units_csv, strlen (units_csv), NULL, "u.csv",
                                               &error);
  g_autoptr (KhCsvTable) table = NULL;

  g_assert_true (kh_project_import_units (project, units, "u.csv", &error));
  g_assert_no_error (error);
  table = kh_csv_parse (notice, strlen (notice), NULL, "n.csv", &error);
  g_assert_true (kh_project_import_published (project, 2019, table, "n.csv", &error));
  g_assert_no_error (error);
  /* Gangzha → k2 (rank 3), TONGZHOU → k5 (1), 崇川 → k1 (2), 海门县 → k3 (4), 如皋市 → k6. */
  g_assert_cmpint (count (f, "SELECT rank FROM published_results WHERE unit_id = 'k2'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT rank FROM published_results WHERE unit_id = 'k5'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT rank FROM published_results WHERE unit_id = 'k1'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT rank FROM published_results WHERE unit_id = 'k3'"), ==, 4);
  g_assert_cmpint (count (f, "SELECT rank FROM published_results WHERE unit_id = 'k6'"), ==, 5);
}

/* baseline="published": 2020 counts against the notice. Standings: 通州区 1, 崇川区 2
 * (its own 2 beats 港闸区's 3 under "best"), 海门市 4 (for 海门区), 如皋市 5. Compared,
 * last year: k5 1, k1 2, k4 3, k6 4; this year k1 1, k5 2, k6 3, k4 4. Changes: k1 +1,
 * k5 −1, k4 −1, k6 +1. Against the recomputed 2019 (k1 as 港闸区's 1): k1 0, k5 0. */
static void
test_baseline (Fixture      *f,
               gconstpointer data)
{
  KhProject *project = build_project (f, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = NULL;

  /* Not imported yet: computing 2020 says what is missing. */
  g_assert_null (kh_project_compute_category (project, 2020, "county", &error));
  g_assert_nonnull (strstr (error->message, "counts rank changes against the results "
                                            "published for 2019"));
  g_clear_error (&error);

  g_assert_true (import_published (project, 2019, "published-county-2019.csv", &error));
  plan = kh_project_compute_category (project, 2020, "county", &error);
  g_assert_no_error (error);
  g_assert_true (kh_baseline_is_published (kh_plan_get_baseline (plan)));
  g_assert_cmpint (kh_plan_get_previous_rank (plan, kh_plan_find_unit (plan, "k1")), ==, 2);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, kh_plan_find_unit (plan, "k1")), ==, "k1");
  g_assert_cmpint (kh_plan_get_previous_rank (plan, kh_plan_find_unit (plan, "k4")), ==, 4);
  g_assert_cmpint (change_of (plan, "k1"), ==, 1);
  g_assert_cmpint (change_of (plan, "k5"), ==, -1);
  g_assert_cmpint (change_of (plan, "k4"), ==, -1);
  g_assert_cmpint (change_of (plan, "k6"), ==, 1);
}

/* Published 2019 against recomputed 2019, in the notice's order: 港闸区 rank 3/1 and
 * tier 2/1; 通州区 rank 1/2; 崇川区 rank 2/3, tier 1/2 and the award it was published
 * with but does not get (no 2018 to advance on); 海门市 and 如皋市 agree. */
static void
test_differences (Fixture      *f,
                  gconstpointer data)
{
  KhProject *project = build_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) diffs = NULL;
  static const struct
  {
    const char *unit;
    KhPublishedDifferenceKind kind;
    const char *published, *recomputed;
  } expected[] = {
    { "k2", KH_DIFFERENCE_RANK, "3", "1" },
    { "k2", KH_DIFFERENCE_TIER, "2", "1" },
    { "k5", KH_DIFFERENCE_RANK, "1", "2" },
    { "k1", KH_DIFFERENCE_RANK, "2", "3" },
    { "k1", KH_DIFFERENCE_TIER, "1", "2" },
    { "k1", KH_DIFFERENCE_AWARDS, "争先进位奖", "" },
  };
  guint n = 0;

  g_assert_null (kh_project_compare_published (project, 2019, &n, &error));
  g_assert_nonnull (strstr (error->message, "no results published for 2019"));
  g_clear_error (&error);
  g_assert_true (import_published (project, 2019, "published-county-2019.csv", &error));
  diffs = kh_project_compare_published (project, 2019, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (diffs->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < diffs->len; i++)
    {
      const KhPublishedDifference *d = diffs->pdata[i];

      g_assert_cmpstr (d->unit_id, ==, expected[i].unit);
      g_assert_cmpint (d->kind, ==, expected[i].kind);
      g_assert_cmpstr (d->published, ==, expected[i].published);
      g_assert_cmpstr (d->recomputed, ==, expected[i].recomputed);
      g_assert_cmpstr (d->category_id, ==, "county");
    }
  g_assert_cmpstr (((KhPublishedDifference *) diffs->pdata[0])->name, ==, "港闸区");
}

/* Once 2020 is sealed, the notice of 2019 it counted against cannot change: refused
 * with a message, refused by the database, and covered by 2020's seal. */
static void
test_sealed (Fixture      *f,
             gconstpointer data)
{
  KhProject *project = build_project (f, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_assert_true (import_published (project, 2019, "published-county-2019.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  /* 2019 sealed, 2020 not: the notice of 2019 may still be corrected. */
  g_assert_true (import_published (project, 2019, "published-county-2019.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);

  g_assert_false (import_published (project, 2019, "published-county-2019.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  kh_pg_harness_exec_refused_as (f->raw, "UPDATE published_results SET rank = 9 WHERE "
                                         "unit_id = 'k5'",
                                 KH_DB_ERROR_RAISED);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  kh_pg_harness_drop_trigger (f->raw, "published_results_sealed_update", "published_results");
  kh_pg_harness_exec (f->raw, "UPDATE published_results SET rank = 9 WHERE unit_id = 'k5'");
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_ptr_array_add (problems, NULL);
  joined = g_strjoinv ("\n", (char **) problems->pdata);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "year 2020 (sealed in audit row #"));
  /* The notice gave no group and no total: group, rank, tier, awards, total. */
  g_assert_nonnull (strstr (joined, "the published result of unit “k5” the year before was "
                                    "changed from “, 1, 1, , ” to “, 9, 1, , ”"));
  /* …and 2020 recomputes differently: k5 was first, now ninth last year. */
  g_assert_nonnull (strstr (joined, "year 2020, category “county”: recomputing gives unit"));
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "import", test_import },
    { "import-problems", test_import_problems },
    { "import-names", test_import_names },
    { "baseline", test_baseline },
    { "differences", test_differences },
    { "sealed", test_sealed },
  };

  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/project/published/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/project/published/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/project/published/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
