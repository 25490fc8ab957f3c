/* test-project-categories.c — a project year with one framework per category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/categories: three cities (c1 南京市, c2 苏州市, c3 无锡市; framework city:
 * gdp min-max 60 points, pm25 lower-is-better rank points 40 − 2·(rank − 1)) and three
 * counties (k1 江阴市, k2 昆山市, k3 张家港市; framework county: income min-max 70,
 * forest min-max 30). The 2019 frameworks are the 2020 ones with the year changed.
 *
 * Hand computation, 2020:
 *   cities:   gdp 100/200/150 → 0/60/30; pm25 30/40/35 → ranks 1/3/2 → 40/36/38
 *             totals c1 40, c2 96, c3 68 → ranks c2 1, c3 2, c1 3
 *   counties: income 50/30/40 → 70/0/35; forest 20/40/30 → 0/30/15
 *             totals k1 70, k2 30, k3 50 → ranks k1 1, k3 2, k2 3
 * 2019:
 *   cities:   gdp 200/100/150 → 60/0/30; pm25 as 2020 → totals c1 100, c2 36, c3 68
 *             → ranks c1 1, c3 2, c2 3; so 2020's change: c1 −2, c2 +2, c3 0
 *   counties: income 30/50/40 → 0/70/35; forest 40/20/30 → 30/0/15
 *             → totals k1 30, k2 70, k3 50 → ranks k2 1, k3 2, k1 3; 2020: k1 +2, k2 −2
 *
 * Issue 19: each case runs on a project file (/project/categories/sqlite/…) and on a
 * project in a throwaway PostgreSQL server's database (/project/categories/pg/…,
 * kh-pg-harness.h), the same assertions on both; raw SQL goes through a second
 * connection. A file's development layout stays on SQLite.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  KhProject *project; /* the case's new, empty project */
  KhDb *raw;          /* a second connection to the same store */
  char *dir;          /* the file's folder (NULL on PostgreSQL) */
  char *path;         /* the project's file, or its database's URI */
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "categories", name,
                           NULL);
}

/* A new project on the case's store (kh_pg_harness_new_project()). */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                          &f->path);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  if (f->dir != NULL)
    kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Through the project's own connection, on either store. */
static gint64
count (KhProject  *project,
       const char *sql)
{
  return kh_pg_harness_count (kh_project_get_store (project), sql);
}

static char *
read_data (const char *name,
           gsize      *len)
{
  g_autofree char *path = data_path (name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, len, NULL));
  return text;
}

static gboolean
import_framework (KhProject  *project,
                  int         year,
                  const char *name,
                  GError    **error)
{
  gsize len = 0;
  g_autofree char *xml = read_data (name, &len);

  return kh_project_set_framework (project, year, xml, len, name, error);
}

static gboolean
import_data (KhProject  *project,
             int         year,
             const char *name,
             GError    **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, error);
  g_autoptr (KhRecordSet) set = NULL;

  g_assert_nonnull (table);
  set = kh_record_set_from_table (table, name, error);
  g_assert_nonnull (set);
  return kh_project_import_records (project, year, set, name, error);
}

/* Units and both categories' frameworks of @years (2019 and/or 2020), no data. */
static KhProject *
new_project (Fixture *f,
             gboolean with_2019)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autofree char *units = data_path ("units.csv");
  g_autoptr (KhCsvTable) table = NULL;

  project = g_steal_pointer (&f->project);
  g_assert_nonnull (project);
  table = kh_csv_read_file (units, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  if (with_2019)
    {
      g_assert_true (import_framework (project, 2019, "city-2019.xml", &error));
      g_assert_true (import_framework (project, 2019, "county-2019.xml", &error));
    }
  g_assert_true (import_framework (project, 2020, "city-2020.xml", &error));
  g_assert_true (import_framework (project, 2020, "county-2020.xml", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&project);
}

static const KhStoredResult *
find_result (GPtrArray  *results,
             const char *unit)
{
  for (guint i = 0; i < results->len; i++)
    if (g_str_equal (((KhStoredResult *) results->pdata[i])->unit_id, unit))
      return results->pdata[i];
  g_error ("no result for %s", unit);
  return NULL;
}

static void
test_two_frameworks (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, 2020);
  g_autofree char *city_before = NULL;
  g_autofree char *city_after = NULL;
  g_autofree char *county = NULL;
  g_autofree char *county_2019 = NULL;
  g_autofree char *only = NULL;
  gsize len = 0;

  g_assert_cmpuint (categories->len, ==, 2);
  g_assert_cmpstr (categories->pdata[0], ==, "city");
  g_assert_cmpstr (categories->pdata[1], ==, "county");

  /* Two frameworks: "the" framework of the year is ambiguous. */
  only = kh_project_get_framework_xml (project, 2020, &error);
  g_assert_null (only);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "year 2020 has frameworks for several categories "
                                            "(city, county): name one"));
  g_clear_error (&error);
  g_assert_null (kh_project_compute (project, 2020, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kh_project_get_category_framework_xml (project, 2020, "agency", &error));
  g_assert_nonnull (strstr (error->message, "year 2020 has no framework for category “agency”"));
  g_clear_error (&error);

  city_before = kh_project_get_category_framework_xml (project, 2020, "city", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (city_before, "id=\"test-city-2020\""));
  county = kh_project_get_category_framework_xml (project, 2020, "county", &error);
  g_assert_nonnull (strstr (county, "id=\"test-county-2020\""));
  g_clear_pointer (&county, g_free);

  /* Importing a county framework again replaces the county's only. The 2019 county
   * file with its year set to 2020 stands in for a revised framework. */
  county_2019 = read_data ("county-2019.xml", &len);
  {
    g_autoptr (GString) revised = g_string_new (county_2019);

    g_string_replace (revised, "year=\"2019\"", "year=\"2020\"", 1);
    g_assert_true (kh_project_set_framework (project, 2020, revised->str, revised->len,
                                             "revised.xml", &error));
    g_assert_no_error (error);
  }
  county = kh_project_get_category_framework_xml (project, 2020, "county", &error);
  g_assert_nonnull (strstr (county, "id=\"test-county-2019\""));
  city_after = kh_project_get_category_framework_xml (project, 2020, "city", &error);
  g_assert_cmpstr (city_after, ==, city_before);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM frameworks WHERE year = 2020"), ==, 2);
  /* Audited with its category. */
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM audit_log WHERE action = 'framework' "
                                       "AND detail LIKE 'file=revised.xml\ncategory=county\n%'"),
                   ==, 1);
}

static void
assert_2020_results (GPtrArray *results,
                     gboolean   with_previous)
{
  static const struct
  {
    const char *unit, *category;
    double total;
    int rank, prev_rank, change;
  } expected[] = {
    /* Ordered by category, then rank (see the hand computation at the top). */
    { "c2", "city", 96, 1, 3, 2 },   { "c3", "city", 68, 2, 2, 0 },
    { "c1", "city", 40, 3, 1, -2 },  { "k1", "county", 70, 1, 3, 2 },
    { "k3", "county", 50, 2, 2, 0 }, { "k2", "county", 30, 3, 1, -2 },
  };

  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const KhStoredResult *r = results->pdata[i];

      g_assert_cmpstr (r->unit_id, ==, expected[i].unit);
      g_assert_cmpstr (r->category_id, ==, expected[i].category);
      g_assert_cmpfloat_with_epsilon (r->total, expected[i].total, 1e-9);
      g_assert_cmpint (r->rank, ==, expected[i].rank);
      g_assert_cmpint (r->prev_rank, ==, with_previous ? expected[i].prev_rank : 0);
      g_assert_cmpint (r->rank_change, ==, with_previous ? expected[i].change : 0);
    }
}

static void
test_mixed_long (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;

  /* One long file for both categories, rows interleaved. */
  g_assert_true (import_data (project, 2020, "all-2020-long.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM data_values"), ==, 12);
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  results = kh_project_get_results (project, 2020, &error);
  g_assert_no_error (error);
  assert_2020_results (results, FALSE);
}

static void
test_mixed_wide (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) plans = NULL;

  /* One wide sheet: each row leaves the other category's columns empty; those 12 empty
   * cells are skipped, the 12 values stored. */
  g_assert_true (import_data (project, 2020, "all-2020-wide.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM data_values"), ==, 12);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM data_values WHERE unit_id = 'k1' "
                                       "AND field IN ('gdp', 'pm25')"),
                   ==, 0);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' "
                                       "AND detail LIKE '%values=12%'"),
                   ==, 1);

  plans = kh_project_compute_all (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);
  g_assert_cmpstr (kh_plan_get_framework (plans->pdata[0])->category, ==, "city");
  g_assert_cmpuint (kh_plan_get_n_units (plans->pdata[0]), ==, 3);
  g_assert_cmpstr (kh_plan_get_framework (plans->pdata[1])->category, ==, "county");
  g_assert_cmpuint (kh_plan_get_n_units (plans->pdata[1]), ==, 3);

  results = kh_project_compute_results (project, 2020, &error);
  g_assert_no_error (error);
  /* Fresh results come per category in unit order: c1 first, 40 points. */
  g_assert_cmpuint (results->len, ==, 6);
  g_assert_cmpstr (((KhStoredResult *) results->pdata[0])->unit_id, ==, "c1");
  g_assert_cmpfloat_with_epsilon (find_result (results, "c1")->total, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (find_result (results, "k3")->total, 50, 1e-9);
  g_assert_cmpstr (find_result (results, "k3")->category_id, ==, "county");
}

static void
test_wrong_category_field (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;

  /* k1 (a county) has a gdp value, a city field; area is no field at all, reported once. */
  g_assert_false (import_data (project, 2020, "mixed-bad.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "mixed-bad.csv: row 2, column 7: unknown field “area”: not a data field of "
                   "the 2020 framework of category “city”\n"
                   "mixed-bad.csv: row 3, column 3: unknown field “gdp”: not a data field of "
                   "the 2020 framework of category “county”");
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM data_values"), ==, 0);
  g_assert_cmpint (count (project, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"),
                   ==, 0);
  g_clear_error (&error);

  /* An edit checks the unit's own category too. */
  g_assert_false (kh_project_set_value (project, 2020, "k1", "gdp", 1, &error));
  g_assert_nonnull (strstr (error->message, "unknown field “gdp”: not a data field of the 2020 "
                                            "framework of category “county”"));
  g_clear_error (&error);
  g_assert_true (kh_project_set_value (project, 2020, "k1", "income", 1, &error));
  g_assert_no_error (error);

  /* A category without a framework in the year (the unit exists in 2020: its row of the
   * year). */
  kh_pg_harness_exec (f->raw, "INSERT INTO categories (id, name_zh) VALUES "
                              "('agency', '省级机关'); INSERT INTO units (id, name_zh, "
                              "category_id) VALUES ('a1', '省发改委', 'agency'); INSERT INTO unit_years (unit_id, "
                              "year, name_zh) VALUES ('a1', 2020, '省发改委')");
  g_assert_false (kh_project_set_value (project, 2020, "a1", "gdp", 1, &error));
  g_assert_nonnull (strstr (error->message, "unit “a1” is in category “agency”, which has no "
                                            "framework in 2020"));
}

static void
test_previous_per_category (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (KhPlan) county = NULL;

  g_assert_true (import_data (project, 2019, "city-2019.csv", &error));
  g_assert_true (import_data (project, 2019, "county-2019.csv", &error));
  g_assert_true (import_data (project, 2020, "city-2020.csv", &error));
  g_assert_true (import_data (project, 2020, "county-2020.csv", &error));
  g_assert_no_error (error);

  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  results = kh_project_get_results (project, 2020, &error);
  assert_2020_results (results, TRUE);

  county = kh_project_compute_category (project, 2020, "county", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_plan_get_framework (county)->id, ==, "test-county-2020");
  g_assert_cmpuint (kh_plan_get_n_units (county), ==, 3);
}

/* Both years computed, 2020 sealed. */
static KhProject *
sealed_project (Fixture *f)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;

  g_assert_true (import_data (project, 2020, "city-2020.csv", &error));
  g_assert_true (import_data (project, 2020, "county-2020.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&project);
}

static void
test_seal_every_category (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (KhProject) project = sealed_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  /* The library refuses a framework of either category… */
  g_assert_false (import_framework (project, 2020, "county-2020.xml", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (import_framework (project, 2020, "city-2020.xml", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (kh_project_set_value (project, 2020, "k1", "income", 1, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);

  /* …and so does the database, for a change, a new category and a removal. */
  kh_pg_harness_exec_refused (f->raw, "UPDATE frameworks SET xml = 'x' WHERE category_id = "
                                      "'county'");
  kh_pg_harness_exec_refused (f->raw, "INSERT INTO categories (id, name_zh) VALUES ('agency', "
                                      "'省级机关'); INSERT INTO frameworks (year, category_id, xml) "
                                      "VALUES (2020, 'agency', 'x')");
  kh_pg_harness_exec_refused (f->raw, "DELETE FROM frameworks WHERE category_id = 'city'");
  kh_pg_harness_exec_refused (f->raw, "UPDATE frameworks SET year = 2021");

  /* A year not sealed still takes frameworks. */
  {
    gsize len = 0;
    g_autofree char *xml = read_data ("county-2019.xml", &len);

    g_assert_true (kh_project_set_framework (project, 2019, xml, len, "county-2019.xml", &error));
    g_assert_no_error (error);
  }

  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_verify_one_category (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (KhProject) project = sealed_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  g_clear_pointer (&project, kh_project_close);
  /* k2's income 30 → 60 behind Kaohe's back: incomes 50/60/40 now score 35/70/0, so
   * k2 becomes the best county (70 + forest 30 = 100; k1 35 + 0, k3 0 + 15). The
   * county's framework text is changed too; the cities are untouched. */
  kh_pg_harness_drop_trigger (f->raw, "data_values_sealed_update", "data_values");
  kh_pg_harness_drop_trigger (f->raw, "frameworks_sealed_update", "frameworks");
  kh_pg_harness_exec (f->raw, "UPDATE data_values SET value = 60 WHERE unit_id = 'k2' AND "
                              "field = 'income';"
                              "UPDATE frameworks SET xml = xml || ' ' WHERE category_id = "
                              "'county';");
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);

  g_assert_true (has_problem (problems, "the value of unit “k2”, field “income” was changed "
                                        "from “30” to “60”"));
  g_assert_true (has_problem (problems, "the framework of category “county” was changed"));
  g_assert_true (has_problem (problems, "year 2020, category “county”: recomputing gives unit "
                                        "“k2” a different result: stored total 30, rank 3"));
  g_assert_true (has_problem (problems, "the protective trigger “frameworks_sealed_update” is "
                                        "missing"));
  /* Nothing is said about the cities. */
  g_assert_false (has_problem (problems, "“city”"));
  g_assert_false (has_problem (problems, "“c1”"));
  g_assert_false (has_problem (problems, "“c2”"));
  g_assert_false (has_problem (problems, "“c3”"));
  g_assert_false (has_problem (problems, "framework of category “city”"));
}

static void
test_old_layout_refused (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (KhProject) project = new_project (f, FALSE);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&project, kh_project_close);
  /* A file of the development layout: no frameworks table. */
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER frameworks_sealed_insert; DROP TRIGGER "
                                      "frameworks_sealed_update; DROP TRIGGER "
                                      "frameworks_sealed_delete; DROP TABLE frameworks"),
                   ==, SQLITE_OK);
  project = kh_project_open (f->path, &error);
  g_assert_null (project);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "one framework per year"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/project/categories/pg");

#define ADD(path, func) \
  kh_pg_harness_add_on_both (pg, "/project/categories", path, sizeof (Fixture), \
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) func, \
                             (GTestFixtureFunc) fixture_tear_down)
  ADD ("two-frameworks", test_two_frameworks);
  ADD ("mixed-long", test_mixed_long);
  ADD ("mixed-wide", test_mixed_wide);
  ADD ("wrong-category-field", test_wrong_category_field);
  ADD ("previous-per-category", test_previous_per_category);
  ADD ("seal", test_seal_every_category);
  ADD ("verify-one-category", test_verify_one_category);
#undef ADD
  /* A file of the development layout, refused as it opens: about the file, SQLite only. */
  g_test_add ("/project/categories/sqlite/old-layout", Fixture, GINT_TO_POINTER (KH_DB_SQLITE),
              fixture_set_up, test_old_layout_refused, fixture_tear_down);

  return kh_pg_harness_run_and_stop (&pg);
}
