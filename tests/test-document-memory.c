/* test-document-memory.c — what the app's document keeps of a project's computations
 * (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample's cities (data/samples: 13 cities, 2018–2020) imported with nothing sealed,
 * so that opening 2020 computes 2019 and 2018 whole on the way. The project keeps those
 * earlier plans for its next computation (kh-project-compute.c); the document holds
 * last year's whole plan itself, and lets the project's kept plans go once a year is
 * loaded (at 3,000 units each was some 19 MB the window never read). The year's and last
 * year's totals are checked against those a project of its own computes. Last year's
 * plan keeps no contributions of its own last year (5.3 MB at 3,000 units, read by
 * nothing the document does with it): the year's own last-year contributions, rank
 * changes and previous ranks, computed from it when the year is computed again (as every
 * edit does), are those of a project of its own, bit for bit.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "io/kh-project-compute.h"
#include "io/kh-project-private.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document-private.h"
#include "ui/kh-document.h"

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

static guint
n_cached_plans (KhProject *project)
{
  guint n;

  g_mutex_lock (&project->plan_lock);
  n = project->plan_cache->len;
  g_mutex_unlock (&project->plan_lock);
  return n;
}

/* The bytes of SQLite's page cache on the project's own connection. */
static int
cache_used (KhProject *project)
{
  int used = 0, highest = 0;

  g_assert_cmpint (sqlite3_db_status (project->db, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, FALSE),
                   ==, SQLITE_OK);
  return used;
}

/* @plan's totals are those a project of its own computes for @year's cities. */
static void
assert_same_totals (KhPlan     *plan,
                    const char *path,
                    int         year)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  g_autoptr (KhPlan) expected = NULL;

  g_assert_no_error (error);
  expected = kh_project_compute_category (project, year, "city", &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_cmpuint (kh_plan_get_n_units (plan), ==, 13);
  g_assert_cmpuint (kh_plan_get_n_units (plan), ==, kh_plan_get_n_units (expected));
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      g_assert_cmpstr (kh_dataset_get_unit_id (kh_plan_get_dataset (plan), u), ==,
                       kh_dataset_get_unit_id (kh_plan_get_dataset (expected), u));
      g_assert_false (isnan (kh_plan_get_total (plan, u)));
      g_assert_cmpfloat (kh_plan_get_total (plan, u), ==, kh_plan_get_total (expected, u));
      g_assert_cmpint (kh_plan_get_rank (plan, u), ==, kh_plan_get_rank (expected, u));
    }
}

/* @plan's standings against last year, and with @contributions its last year's
 * contributions of every node, are those a project of its own computes for @year. */
static void
assert_same_previous (KhPlan     *plan,
                      const char *path,
                      int         year,
                      gboolean    contributions)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  g_autoptr (KhPlan) expected = NULL;
  guint n_compared = 0;

  g_assert_no_error (error);
  expected = kh_project_compute_category (project, year, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_plan_get_n_units (plan), ==, kh_plan_get_n_units (expected));
  g_assert_cmpuint (kh_plan_get_n_nodes (plan), ==, kh_plan_get_n_nodes (expected));
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      int change = 0, expected_change = 0;
      gboolean compared = kh_plan_get_rank_change (plan, u, &change);

      g_assert_cmpint (compared, ==, kh_plan_get_rank_change (expected, u, &expected_change));
      g_assert_cmpint (change, ==, expected_change);
      n_compared += compared;
      g_assert_cmpint (kh_plan_get_previous_rank (plan, u), ==, kh_plan_get_previous_rank (expected, u));
      g_assert_cmpint (kh_plan_get_previous_rank (plan, u), >, 0);
      g_assert_cmpfloat (kh_plan_get_previous_total (plan, u), ==, kh_plan_get_previous_total (expected, u));
      for (guint n = 0; contributions && n < kh_plan_get_n_nodes (plan); n++)
        {
          double then = kh_plan_get_previous_contribution (plan, u, n);

          g_assert_false (isnan (then));
          g_assert_cmpmem (&then, sizeof then, &(double) { kh_plan_get_previous_contribution (expected, u, n) },
                           sizeof (double));
        }
      /* the root's last year is last year's score: not all zero */
      g_assert_true (!contributions || kh_plan_get_previous_contribution (plan, u, 0) > 0);
    }
  g_assert_cmpuint (n_compared, ==, 13);
}

/* The sample's cities of 2018–2020 in a new project at @path, nothing sealed. */
static void
make_project (const char *path)
{
  g_autofree char *samples = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "samples",
                                               NULL);
  g_autofree char *frameworks = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data",
                                                  "frameworks", NULL);
  g_autofree char *units = g_build_filename (samples, "units.csv", NULL);

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  for (int year = 2018; year <= 2020; year++)
    {
      g_autofree char *name = g_strdup_printf ("jiangsu-%d-city.xml", year);
      g_autofree char *fw = g_build_filename (frameworks, name, NULL);
      g_autofree char *csv_name = g_strdup_printf ("city-%d.csv", year);
      g_autofree char *csv = g_build_filename (samples, csv_name, NULL);
      g_autofree char *year_text = g_strdup_printf ("%d", year);

      run_ok (kh_test_cli_run ("import", path, "--year", year_text, "--framework", fw, NULL));
      run_ok (kh_test_cli_run ("import", path, "--year", year_text, csv, NULL));
    }

}

/* A document on @path with @year's cities open. */
static KhDocument *
open_cities (const char *path,
             int         year)
{
  g_autoptr (GError) error = NULL;
  KhDocument *doc = kh_document_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, year, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_category (doc, "city", &error));
  g_assert_no_error (error);
  return doc;
}

static void
test_cached_plans_go (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-memory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (KhPlan) again = NULL;
  KhProject *project;
  int released;

  make_project (path);

  doc = open_cities (path, 2020);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  project = kh_document_get_project (doc);

  /* 2019 and 2018 were computed whole on the way: the project keeps none of them, nor
   * the pages read for them. */
  g_assert_cmpuint (n_cached_plans (project), ==, 0);
  released = cache_used (project);
  again = kh_project_compute_category (project, 2019, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cache_used (project), >, released + 100 * 1024);
  kh_project_release_memory (project);
  g_assert_cmpint (cache_used (project), ==, released);
  g_clear_pointer (&again, kh_plan_unref);
  kh_project_drop_cached_plans (project, 0);
  assert_same_totals (kh_document_get_plan (doc), path, 2020);
  assert_same_totals (kh_document_get_previous_plan (doc), path, 2019);
  assert_same_previous (kh_document_get_plan (doc), path, 2020, TRUE);
  /* Last year's plan holds its standings against 2018 but not 2018's contributions. */
  assert_same_previous (kh_document_get_previous_plan (doc), path, 2019, FALSE);
  g_assert_true (isnan (kh_plan_get_previous_contribution (kh_document_get_previous_plan (doc), 0, 0)));
  /* The year computed again from it, as after an edit: the same, bit for bit. */
  kh_document_compute_plan (doc);
  assert_same_totals (kh_document_get_plan (doc), path, 2020);
  assert_same_previous (kh_document_get_plan (doc), path, 2020, TRUE);

  /* Last year opened next is computed again, the same. */
  g_assert_true (kh_document_set_year (doc, 2019, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_cached_plans (project), ==, 0);
  assert_same_totals (kh_document_get_plan (doc), path, 2019);
  assert_same_totals (kh_document_get_previous_plan (doc), path, 2018);
  /* 2019 opened is whole again, its 2018 contributions computed anew. */
  assert_same_previous (kh_document_get_plan (doc), path, 2019, TRUE);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* kh_project_compute_category_once() computes the same plan as a computation that keeps
 * the earlier years, but keeps none of them; the project's other computations still do. */
static void
test_compute_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-memory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhPlan) kept = NULL;
  g_autoptr (KhPlan) last = NULL;
  g_autoptr (KhPlan) after = NULL;

  make_project (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);

  plan = kh_project_compute_category_once (project, 2020, "city", KH_LANG_ZH_CN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_cached_plans (project), ==, 0);
  assert_same_totals (plan, path, 2020);
  assert_same_previous (plan, path, 2020, TRUE);

  /* The project keeps plans for its other computations: 2018's and 2019's. */
  kept = kh_project_compute_category_lang (project, 2020, "city", KH_LANG_ZH_CN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_cached_plans (project), ==, 2);
  kh_project_drop_cached_plans (project, 0);

  /* As the window computes a year: last year whole, once, then the year on it. */
  last = kh_project_compute_category_once (project, 2019, "city", KH_LANG_ZH_CN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_cached_plans (project), ==, 0);
  assert_same_totals (last, path, 2019);
  assert_same_previous (last, path, 2019, TRUE);
  kh_plan_drop_previous_contributions (last);
  after = kh_project_compute_category_after (project, 2020, "city", KH_LANG_ZH_CN, last, &error);
  g_assert_no_error (error);
  assert_same_totals (after, path, 2020);
  assert_same_previous (after, path, 2020, TRUE);

  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* Last year sealed: computed whole as well before the year (from its own last year's kept
 * standings), at once, nothing kept; the year's standings against it and last year's own
 * are those of a project of their own. */
static void
test_sealed_last_year (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-memory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autoptr (KhDocument) doc = NULL;
  KhPlan *previous;

  make_project (path);
  run_ok (kh_test_cli_run ("seal", path, "--year", "2018", NULL));
  run_ok (kh_test_cli_run ("seal", path, "--year", "2019", NULL));
  doc = open_cities (path, 2020);
  g_assert_cmpuint (n_cached_plans (kh_document_get_project (doc)), ==, 0);
  /* held by the document since the load, not computed when asked for */
  previous = kh_document_get_previous_plan (doc);
  g_assert_nonnull (previous);
  g_assert_true (previous == kh_document_get_previous_plan (doc));
  assert_same_totals (kh_document_get_plan (doc), path, 2020);
  assert_same_previous (kh_document_get_plan (doc), path, 2020, TRUE);
  assert_same_totals (previous, path, 2019);
  assert_same_previous (previous, path, 2019, FALSE);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/memory/cached-plans", test_cached_plans_go);
  g_test_add_func ("/document/memory/compute-once", test_compute_once);
  g_test_add_func ("/document/memory/sealed-last-year", test_sealed_last_year);
  return g_test_run ();
}
