/* test-project-compute.c — computing a project's years: the chain of earlier years and
 * the plans kept between computations (issue 22)
 *
 * About the file only: the plan cache, the packed values and the reading threads are the
 * SQLite store's (on PostgreSQL each computation has a stamp of its own, read_stamp(), so
 * that no plan is served there while other writers commit unseen). Computing on the
 * server, to the bit the same as from the file, is test-project-compute-pg.c's (issue 19).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-test-files.h"
#include "kh-test-project.h"

/* A new project at @path: the test data's units, 2020 and 2021, and up to @last_year
 * (2022) the later years as copies of 2021 (their year attribute changed). */
static KhProject *
new_project (const char *path,
             int         last_year)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *units = kh_test_data_path ("project", "units.csv");
  g_autoptr (KhCsvTable) table = NULL;
  KhProject *project = kh_project_create (path, &error);

  g_assert_no_error (error);
  table = kh_csv_read_file (units, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  kh_test_project_import_year_as (project, 2020, "project", 2020);
  kh_test_project_import_year_as (project, 2021, "project", 2021);
  for (int year = 2022; year <= last_year; year++)
    kh_test_project_import_year_as (project, year, "project", 2021);
  return project;
}

/* nanjing's previous rank in the 2021 plan of @project. */
static int
previous_rank_2021 (KhProject *project)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = kh_project_compute_category (project, 2021, "city", &error);
  guint u;

  g_assert_no_error (error);
  u = kh_dataset_find_unit (kh_plan_get_dataset (plan), "nanjing");
  g_assert_cmpuint (u, !=, KH_DATASET_NONE);
  return kh_plan_get_previous_rank (plan, u);
}

/* 2021 is computed with 2020 as its previous year; the 2020 plan kept for the next
 * computation is neither the one handed to a caller (who may change it) nor one read
 * before the database changed — through this connection or another. */
static void
test_kept_previous_year (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhProject) other = NULL;
  g_autoptr (KhPlan) plan_2020 = NULL;
  int gdp;
  guint u;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);

  /* 2020 (data-2020.csv, gdp min-max to 60, pm25 rank points 40/38/36): suzhou 1st
   * (20170.5, 33: 60 + 38 = 98), nanjing 2nd (≈ 28.3 + 40 ≈ 68.3), nantong 3rd. */
  g_assert_cmpint (previous_rank_2021 (project), ==, 2);
  /* Again, from the kept 2020 plan. */
  g_assert_cmpint (previous_rank_2021 (project), ==, 2);

  /* A caller's 2020 plan with gdp's weight 0: pm25 alone puts nanjing (31) 1st in it ... */
  plan_2020 = kh_project_compute_category (project, 2020, "city", &error);
  g_assert_no_error (error);
  gdp = kh_plan_find_node (plan_2020, "gdp");
  g_assert_cmpint (gdp, >=, 0);
  g_assert_true (kh_plan_set_node_weight (plan_2020, (guint) gdp, 0));
  kh_plan_compute (plan_2020);
  u = kh_dataset_find_unit (kh_plan_get_dataset (plan_2020), "nanjing");
  g_assert_cmpint (kh_plan_get_rank (plan_2020, u), ==, 1);
  /* ... but 2021 still compares with the project's 2020. */
  g_assert_cmpint (previous_rank_2021 (project), ==, 2);

  /* Another program raises nanjing's 2020 gdp to 30000, the highest: 60 + 40 = 100, 1st. */
  other = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (other, 2020, "nanjing", "gdp", 30000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (previous_rank_2021 (project), ==, 1);

  /* And back through this connection. */
  g_assert_true (kh_project_set_value (project, 2020, "nanjing", "gdp", 14817.95, &error));
  g_assert_no_error (error);
  g_assert_cmpint (previous_rank_2021 (project), ==, 2);

  g_clear_pointer (&other, kh_project_close);
  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* A year computed after a previous plan the caller holds (the app's open, issue 22): with
 * the 2020 plan the project computes, 2021 is the plan kh_project_compute_category()
 * gives, unit by unit; with a caller's 2020 plan, that plan is the one compared with
 * (2020 is not computed again). */
static void
test_compute_after_previous (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units = kh_test_data_path ("project", "units.csv");
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhPlan) plan_2020 = NULL;
  g_autoptr (KhPlan) after = NULL;
  g_autoptr (KhPlan) whole = NULL;
  g_autoptr (KhPlan) changed = NULL;
  guint n_units;
  int gdp;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);

  plan_2020 = kh_project_compute_category_lang (project, 2020, "city", KH_LANG_ZH_CN, &error);
  g_assert_no_error (error);
  after = kh_project_compute_category_after (project, 2021, "city", KH_LANG_ZH_CN, plan_2020,
                                             &error);
  g_assert_no_error (error);
  whole = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  n_units = kh_plan_get_n_units (whole);
  g_assert_cmpuint (n_units, ==, 3);
  g_assert_cmpuint (kh_plan_get_n_units (after), ==, n_units);
  for (guint u = 0; u < n_units; u++)
    {
      g_assert_cmpstr (kh_dataset_get_unit_id (kh_plan_get_dataset (after), u), ==,
                       kh_dataset_get_unit_id (kh_plan_get_dataset (whole), u));
      g_assert_cmpfloat (kh_plan_get_total (after, u), ==, kh_plan_get_total (whole, u));
      g_assert_cmpint (kh_plan_get_rank (after, u), ==, kh_plan_get_rank (whole, u));
      g_assert_cmpint (kh_plan_get_previous_rank (after, u), ==,
                       kh_plan_get_previous_rank (whole, u));
    }
  /* nanjing was 2nd in 2020 (test_kept_previous_year). */
  g_assert_cmpint (kh_plan_get_previous_rank (after,
                                              kh_dataset_find_unit (kh_plan_get_dataset (after),
                                                                    "nanjing")), ==, 2);

  /* gdp's weight 0 in the caller's 2020 plan puts nanjing 1st in it: 2021 compares with it. */
  gdp = kh_plan_find_node (plan_2020, "gdp");
  g_assert_cmpint (gdp, >=, 0);
  g_assert_true (kh_plan_set_node_weight (plan_2020, (guint) gdp, 0));
  kh_plan_compute (plan_2020);
  changed = kh_project_compute_category_after (project, 2021, "city", KH_LANG_ZH_CN, plan_2020,
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_plan_get_previous_rank (changed,
                                              kh_dataset_find_unit (kh_plan_get_dataset (changed),
                                                                    "nanjing")), ==, 1);

  /* A year the project does not have: an error, no plan. */
  g_assert_null (kh_project_compute_category_after (project, 2030, "city", KH_LANG_ZH_CN, NULL,
                                                    &error));
  g_assert_nonnull (error);

  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* The values as versions 3 to 10 stored them: a rowid table beside its primary key's index
 * (versions 9 and 10 also had the covering index data_values_read). */
#define VALUES_AS_ROWID_TABLE \
  "CREATE TABLE data_values_v10 (year INTEGER NOT NULL REFERENCES years (year), unit_id TEXT " \
  "NOT NULL REFERENCES units (id), field TEXT NOT NULL, value DOUBLE PRECISION, source_file " \
  "TEXT, source_row INTEGER, source_column INTEGER, edited_by TEXT NOT NULL, edited_at TEXT " \
  "NOT NULL, audit_seq INTEGER, PRIMARY KEY (year, unit_id, field)); " \
  "INSERT INTO data_values_v10 SELECT * FROM data_values; DROP TABLE data_values; " \
  "ALTER TABLE data_values_v10 RENAME TO data_values; "

/* A year's values are read from the table's own b-tree alone (schema version 11: stored in
 * the order of their key, without a rowid), in a project created now and in ones migrated
 * from version 10 (a rowid table and the covering index data_values_read of version 9) and
 * from version 8 (a rowid table, no covering index): the query plan searches the primary
 * key, sorts nothing, and no other index of the values is left. The values read are those
 * stored before the migration. */
static void
test_values_covering_index (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units = kh_test_data_path ("project", "units.csv");

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  for (int pass = 0; pass < 3; pass++)
    {
      g_autoptr (KhProject) project = pass == 0 ? kh_project_create (path, &error)
                                                : kh_project_open (path, &error);
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN " KH_PROJECT_VALUES_QUERY, NULL);
      g_autoptr (GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_no_error (error);
      if (pass == 0)
        {
          g_autoptr (KhCsvTable) table = kh_csv_read_file (units, NULL, &error);

          g_assert_no_error (error);
          g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
          kh_test_project_import_year_as (project, 2020, "project", 2020);
          g_assert_true (kh_project_set_value (project, 2020, "nanjing", "gdp", 14817.95, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (sqlite3_prepare_v2 (kh_project_get_db (project), sql, -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, 2020);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_test_message ("pass %d: %s", pass, plan->str);
      /* one step: "SEARCH data_values USING PRIMARY KEY (year=?)" */
      g_assert_nonnull (strstr (plan->str, "SEARCH data_values USING PRIMARY KEY (year=?)"));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      /* no index of the values besides the table itself (a rowid table's primary key has
       * its own, sqlite_autoindex_data_values_1) */
      g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                          "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                          "AND tbl_name = 'data_values'"),
                       ==, 0);
      /* the value set in pass 0, kept by each migration */
      g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                          "SELECT count(*) FROM data_values WHERE year = 2020 "
                                          "AND unit_id = 'nanjing' AND field = 'gdp' "
                                          "AND value = 14817.95 AND edited_by = 'tester'"),
                       ==, 1);
      g_clear_pointer (&project, kh_project_close);
      if (pass == 0)
        /* (and version 12's declared order of units, 13's kept standings, 14's packed
         * values) */
        g_assert_cmpint (kh_test_raw_exec (path, "DROP TABLE packed_years; "
                                                 "DROP TABLE values_packed; "
                                                 "DROP TABLE standings; "
                                                 "DROP TABLE standing_units; "
                                                 "ALTER TABLE units DROP COLUMN position; "
                                                 VALUES_AS_ROWID_TABLE
                                                 "CREATE INDEX data_values_read ON data_values "
                                                 "(year, unit_id, field, value); "
                                                 "PRAGMA user_version = 10"),
                         ==, SQLITE_OK);
      else if (pass == 1)
        /* (and version 10's entered recommendations, 12's declared order of units, 13's
         * kept standings, 14's packed values) */
        g_assert_cmpint (kh_test_raw_exec (path, "DROP TABLE packed_years; "
                                                 "DROP TABLE values_packed; "
                                                 "DROP TABLE standings; "
                                                 "DROP TABLE standing_units; "
                                                 "ALTER TABLE units DROP COLUMN position; "
                                                 "DROP TABLE recommendation_units; "
                                                 "DROP TABLE recommendation_lists; "
                                                 VALUES_AS_ROWID_TABLE
                                                 "PRAGMA user_version = 8"),
                         ==, SQLITE_OK);
    }
  kh_test_remove_dir (dir);
}

/* The text of the audit row of @action for 2020 (the last one). */
static char *
audit_detail (KhProject  *project,
              const char *action)
{
  sqlite3_stmt *stmt = NULL;
  char *detail = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kh_project_get_db (project),
                                       "SELECT detail FROM audit_log WHERE action = ? AND year = 2020 "
                                       "ORDER BY seq DESC LIMIT 1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  detail = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return detail;
}

/* Storing results records the SHA-256 of the year's snapshot, hashed as it is written
 * (in pieces of 4 KB) rather than from the whole text: it equals the SHA-256 of the
 * snapshot the seal then stores whole (nothing changed between the two), computed here by
 * GLib over that text. 300 cities make a snapshot of many pieces. */
static void
test_streamed_snapshot_hash (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units_path = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *data_path_2020 = g_build_filename (dir, "data-2020.csv", NULL);
  g_autofree char *fw_path = kh_test_data_path ("project", "framework-2020.xml");
  g_autoptr (GString) units = g_string_new ("id,name_zh,category,group\n");
  g_autoptr (GString) data = g_string_new ("unit,gdp,pm25,pop\n");
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *computed = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  for (int u = 1; u <= 300; u++)
    {
      g_string_append_printf (units, "c%03d,城市%d,city,cities\n", u, u);
      g_string_append_printf (data, "c%03d,%d.25,%d,%d.5\n", u, 1000 + u * 37 % 211, 20 + u % 41,
                              100 + u);
    }
  g_assert_true (g_file_set_contents (units_path, units->str, -1, NULL));
  g_assert_true (g_file_set_contents (data_path_2020, data->str, -1, NULL));
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  table = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_clear_pointer (&table, kh_csv_table_free);
  g_assert_true (g_file_get_contents (fw_path, &xml, &len, NULL));
  kh_project_set_framework (project, 2020, xml, len, "framework-2020.xml", &error);
  g_assert_no_error (error);
  table = kh_csv_read_file (data_path_2020, NULL, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table (table, "data-2020.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, 2020, set, "data-2020.csv", &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);

  computed = audit_detail (project, "compute");
  sealed = audit_detail (project, "seal");
  /* 300 units' unit, value, source, result, computed and score lines: over 30 pieces */
  g_assert_cmpuint (strlen (sealed), >, 30 * 4096);
  g_assert_true (g_str_has_prefix (sealed, "kaohe-seal\t5\n"));
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sealed, -1);
  expected = g_strdup_printf ("results=300\nsha256=%s", sha);
  g_assert_cmpstr (computed, ==, expected);

  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* The 2021 plan of a connection of its own to @path (no plan kept from before: 2020 is
 * read as well), in a transaction when @sql is not NULL: @sql run first, rolled back
 * after. */
static KhPlan *
compute_2021_on_own_connection (const char *path,
                                const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  KhPlan *plan;

  g_assert_no_error (error);
  if (sql != NULL)
    g_assert_cmpint (sqlite3_exec (kh_project_get_db (project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  plan = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  if (sql != NULL)
    g_assert_cmpint (sqlite3_exec (kh_project_get_db (project), "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&project, kh_project_close);
  return plan;
}

static void
assert_total_and_rank (KhPlan     *plan,
                       const char *unit,
                       double      total,
                       int         rank)
{
  guint u = kh_dataset_find_unit (kh_plan_get_dataset (plan), unit);

  g_assert_cmpuint (u, !=, KH_DATASET_NONE);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, u), total, 1e-9);
  g_assert_cmpint (kh_plan_get_rank (plan, u), ==, rank);
}

/* The values of the years after the earliest are read on connections of their own in
 * threads (issue 22) — but not while a transaction is open on the project's connection:
 * its changes not yet committed are seen by it alone. The plans are the same to the bit
 * either way. */
static void
test_values_read_in_threads (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) threaded = NULL;
  g_autoptr (KhPlan) in_transaction = NULL;
  g_autoptr (KhPlan) uncommitted = NULL;
  g_autoptr (KhPlan) rolled_back = NULL;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);
  g_clear_pointer (&project, kh_project_close);

  /* data-2021.csv: gdp min-max to 60 (20000, 15000, 10000: 60, 30, 0), pm25 rank points
   * (30, 32, 34: 40, 38, 36). */
  threaded = compute_2021_on_own_connection (path, NULL);
  assert_total_and_rank (threaded, "nanjing", 100, 1);
  assert_total_and_rank (threaded, "suzhou", 68, 2);
  assert_total_and_rank (threaded, "nantong", 36, 3);

  in_transaction = compute_2021_on_own_connection (path, "BEGIN");
  g_assert_cmpuint (kh_plan_get_n_units (in_transaction), ==, kh_plan_get_n_units (threaded));
  g_assert_cmpuint (kh_plan_get_n_nodes (in_transaction), ==, kh_plan_get_n_nodes (threaded));
  for (guint u = 0; u < kh_plan_get_n_units (threaded); u++)
    {
      double a = kh_plan_get_total (threaded, u), b = kh_plan_get_total (in_transaction, u);

      g_assert_cmpstr (kh_dataset_get_unit_id (kh_plan_get_dataset (threaded), u), ==,
                       kh_dataset_get_unit_id (kh_plan_get_dataset (in_transaction), u));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      g_assert_cmpint (kh_plan_get_previous_rank (threaded, u), ==,
                       kh_plan_get_previous_rank (in_transaction, u));
      for (guint n = 0; n < kh_plan_get_n_nodes (threaded); n++)
        {
          a = kh_plan_get_node_score (threaded, u, n);
          b = kh_plan_get_node_score (in_transaction, u, n);
          g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
        }
    }

  /* suzhou's 2021 gdp 40000, not committed: gdp 60 → suzhou 60 + 38 = 98, nanjing
   * (20000 − 10000) / 30000 × 60 + 40 = 60. */
  uncommitted = compute_2021_on_own_connection (path,
                                                "BEGIN; UPDATE data_values SET value = 40000 "
                                                "WHERE year = 2021 AND unit_id = 'suzhou' "
                                                "AND field = 'gdp'");
  assert_total_and_rank (uncommitted, "suzhou", 98, 1);
  assert_total_and_rank (uncommitted, "nanjing", 60, 2);
  assert_total_and_rank (uncommitted, "nantong", 36, 3);
  /* Rolled back: as before. */
  rolled_back = compute_2021_on_own_connection (path, NULL);
  assert_total_and_rank (rolled_back, "nanjing", 100, 1);
  assert_total_and_rank (rolled_back, "suzhou", 68, 2);

  /* A thread that cannot read leaves its year to the project's connection: here the
   * file is gone after the project was opened, so no other connection opens it. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_clear_pointer (&rolled_back, kh_plan_unref);
  rolled_back = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_total_and_rank (rolled_back, "nanjing", 100, 1);
  assert_total_and_rank (rolled_back, "suzhou", 68, 2);
  assert_total_and_rank (rolled_back, "nantong", 36, 3);
  g_clear_pointer (&project, kh_project_close);

  kh_test_remove_dir (dir);
}

/* @a and @b give the same results to the bit: totals, ranks, node scores, what each unit
 * is compared with last year and last year's contributions ("why it moved"). */
static void
assert_same_plans (KhPlan *a,
                   KhPlan *b)
{
  g_assert_cmpuint (kh_plan_get_n_units (a), ==, kh_plan_get_n_units (b));
  g_assert_cmpuint (kh_plan_get_n_nodes (a), ==, kh_plan_get_n_nodes (b));
  for (guint u = 0; u < kh_plan_get_n_units (a); u++)
    {
      double x = kh_plan_get_total (a, u), y = kh_plan_get_total (b, u);
      int change_a = 0, change_b = 0;

      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      x = kh_plan_get_previous_total (a, u);
      y = kh_plan_get_previous_total (b, u);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      g_assert_cmpint (kh_plan_get_rank (a, u), ==, kh_plan_get_rank (b, u));
      g_assert_cmpint (kh_plan_get_tier (a, u), ==, kh_plan_get_tier (b, u));
      g_assert_cmpint (kh_plan_get_previous_rank (a, u), ==, kh_plan_get_previous_rank (b, u));
      g_assert_cmpint (kh_plan_get_rank_change (a, u, &change_a), ==,
                       kh_plan_get_rank_change (b, u, &change_b));
      g_assert_cmpint (change_a, ==, change_b);
      for (guint n = 0; n < kh_plan_get_n_nodes (a); n++)
        {
          x = kh_plan_get_node_score (a, u, n);
          y = kh_plan_get_node_score (b, u, n);
          g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
          x = kh_plan_get_previous_contribution (a, u, n);
          y = kh_plan_get_previous_contribution (b, u, n);
          g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
        }
    }
}

/* @path's previous rank of nanjing in 2021, computed on a connection of its own. */
static int
previous_rank_2021_of (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);

  g_assert_no_error (error);
  return previous_rank_2021 (project);
}

/* Computes and stores 2020 (its standings kept), then tampers with the kept standings
 * behind Kaohe's back: nanjing 3rd in 2020 — a rank no computation gives it — so that
 * 2021 shows whether they were used. */
static void
store_2020_and_tamper (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standing_units SET rank = 3 "
                                           "WHERE year = 2020 AND unit_id = 'nanjing'"),
                   ==, SQLITE_OK);
  /* The kept standings are used: nanjing was 3rd. */
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);
}

static void
write_units (const char *path,
             const char *extra)
{
  g_autofree char *units = kh_test_data_path ("project", "units.csv");
  g_autofree char *text = NULL;
  g_autofree char *all = NULL;

  g_assert_true (g_file_get_contents (units, &text, NULL, NULL));
  all = g_strconcat (text, extra, NULL);
  g_assert_true (g_file_set_contents (path, all, -1, NULL));
}

/* Computing a year takes last year's standings from the ones kept by last year's
 * computation (kh_project_compute_and_store()) while nothing they were computed from has
 * changed (issue 22); any change of last year, of the year before it or of every year
 * makes them stale, and last year is computed again. */
static void
test_kept_standings (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units_path = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *fw_path = kh_test_data_path ("project", "framework-2020.xml");
  g_autofree char *fw_xml = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  gsize fw_len = 0;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  write_units (units_path, "");
  table = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  /* 2019 as 2020 (the same framework and values), then 2020 and 2021. */
  g_assert_true (g_file_get_contents (fw_path, &fw_xml, &fw_len, NULL));
  {
    g_autoptr (GString) xml = g_string_new (fw_xml);

    g_string_replace (xml, "year=\"2020\"", "year=\"2019\"", 1);
    g_assert_true (kh_project_set_framework (project, 2019, xml->str, xml->len, "2019.xml",
                                             &error));
    g_assert_no_error (error);
  }
  g_assert_true (kh_project_set_value (project, 2019, "nanjing", "gdp", 1, &error));
  g_assert_no_error (error);
  kh_test_project_import_year_as (project, 2020, "project", 2020);
  kh_test_project_import_year_as (project, 2021, "project", 2021);
  g_clear_pointer (&project, kh_project_close);

  /* Nothing kept: 2020 computed (suzhou 1st, nanjing 2nd: test_kept_previous_year). */
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);
  /* 2021 after the kept standings of 2020 is 2021 after 2020 computed, to the bit. */
  {
    g_autoptr (KhPlan) computed = NULL;
    g_autoptr (KhPlan) kept = NULL;

    project = kh_project_open (path, &error);
    g_assert_no_error (error);
    computed = kh_project_compute_category (project, 2021, "city", &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_compute_and_store (project, 2020, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT count(*) FROM standing_units WHERE year = 2020"),
                     ==, 3);
    g_clear_pointer (&project, kh_project_close);
    project = kh_project_open (path, &error);
    g_assert_no_error (error);
    kept = kh_project_compute_category (project, 2021, "city", &error);
    g_assert_no_error (error);
    g_clear_pointer (&project, kh_project_close);
    assert_same_plans (computed, kept);
  }

  /* A value of 2020: nanjing's gdp 30000, the highest, puts it 1st. */
  store_2020_and_tamper (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2020, "nanjing", "gdp", 30000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (previous_rank_2021 (project), ==, 1);
  g_assert_true (kh_project_set_value (project, 2020, "nanjing", "gdp", 14817.95, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* A value of the year before (2019), which 2020's results may read. */
  store_2020_and_tamper (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2019, "nanjing", "gdp", 2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* 2020's framework saved again, gdp 1 point and pm25 99: pm25's rank points (99, 97)
   * put nanjing (31, gdp 0.47) 1st, suzhou (33, gdp 1) 2nd. */
  store_2020_and_tamper (path);
  {
    g_autoptr (GString) xml = g_string_new (fw_xml);

    g_assert_cmpuint (g_string_replace (xml, "id=\"gdp\" points=\"60\"", "id=\"gdp\" points=\"1\"", 1),
                      ==, 1);
    g_assert_cmpuint (g_string_replace (xml, "id=\"pm25\" points=\"40\"", "id=\"pm25\" points=\"99\"", 1),
                      ==, 1);
    project = kh_project_open (path, &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_set_framework (project, 2020, xml->str, xml->len, "points.xml",
                                             &error));
    g_assert_no_error (error);
    g_assert_cmpint (previous_rank_2021 (project), ==, 1);
    g_assert_true (kh_project_set_framework (project, 2020, fw_xml, fw_len, "framework-2020.xml",
                                             &error));
    g_assert_no_error (error);
    g_clear_pointer (&project, kh_project_close);
  }
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* The units (of every year): a new unit, without values. */
  store_2020_and_tamper (path);
  write_units (units_path, "wuxi,无锡市,Wuxi,city,cities,,,\n");
  g_clear_pointer (&table, kh_csv_table_free);
  table = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* A migration (audited for every year) changes nothing computing reads: the project made
   * version 13 again and opened, migrated, its kept standings are still used. */
  store_2020_and_tamper (path);
  g_assert_cmpint (kh_test_raw_exec (path, "DROP TABLE packed_years; DROP TABLE values_packed; "
                                           "PRAGMA user_version = 13"),
                   ==, SQLITE_OK);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT count(*) FROM audit_log WHERE action = 'migrate' "
                                      "AND detail = 'from=13\nto=14'"),
                   ==, 1);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);
  /* Kept standings stamped as version 13 did, counting that migration's row (the last
   * one): the upgrade to 14 gives them the stamp that does not, and they stay in use. */
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standings SET stamp = 'kaohe " PACKAGE_VERSION
                                           " audit ' || (SELECT MAX (seq) FROM audit_log "
                                           "WHERE action = 'migrate'); "
                                           "DROP TABLE packed_years; DROP TABLE values_packed; "
                                           "PRAGMA user_version = 13"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);
  /* (and not those stamped otherwise) */
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standings SET stamp = 'kaohe " PACKAGE_VERSION
                                           " audit 1'; "
                                           "DROP TABLE packed_years; DROP TABLE values_packed; "
                                           "PRAGMA user_version = 13"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* A setting (of every year). */
  store_2020_and_tamper (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "考核办", &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* Kept by another version of Kaohe. */
  store_2020_and_tamper (path);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standings SET stamp = replace (stamp, "
                                           "'kaohe ', 'kaohe 0.0.0~') WHERE year = 2020"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);

  /* Not of every unit of the year, or of other nodes: not used. */
  store_2020_and_tamper (path);
  g_assert_cmpint (kh_test_raw_exec (path, "DELETE FROM standing_units WHERE year = 2020 "
                                           "AND unit_id = 'nantong'"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);
  store_2020_and_tamper (path);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standings SET nodes = nodes || 'x' "
                                           "WHERE year = 2020"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 2);
  /* A node's score that is not 16 hexadecimal digits: not used. The characters around
   * the digits' ranges in ASCII ('/' ':' '@' '`' 'G' 'g') and bytes above it are none
   * (each replaces as many bytes as it has: the length stays right), at each of the
   * second score's 16 places (the digits are read eight at a time, a byte each). */
  {
    const char *const not_digits[] = { "/", ":", "@", "`", "G", "g", "é" };

    for (guint i = 0; i < 16; i++)
      {
        const char *c = not_digits[i % 7];
        g_autofree char *sql = g_strdup_printf ("UPDATE standing_units SET scores = "
                                                "substr (scores, 1, %u) || '%s' || "
                                                "substr (scores, %u + length (CAST ('%s' "
                                                "AS BLOB))) WHERE year = 2020 "
                                                "AND unit_id = 'nantong'",
                                                16 + i, c, 17 + i, c);

        store_2020_and_tamper (path);
        g_assert_cmpint (kh_test_raw_exec (path, sql), ==, SQLITE_OK);
        g_assert_cmpint (previous_rank_2021_of (path), ==, 2);
      }
  }
  /* Upper-case digits are the same bits: used. */
  store_2020_and_tamper (path);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE standing_units SET scores = upper (scores) "
                                           "WHERE year = 2020"),
                   ==, SQLITE_OK);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);

  /* Notes, results stored and seals of 2020 change nothing 2020 is computed from. */
  store_2020_and_tamper (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_add_note (project, 2020, "nanjing", NULL, "checked", &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);
  /* Nor does a value of a later year (2021): editing the year computed keeps last year's. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2021, "nanjing", "gdp", 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (previous_rank_2021_of (path), ==, 3);

  /* Verify computes every year from its values and names kept standings that differ
   * from it (they would change 2021's rank change unseen); results stored (and sealed)
   * are computed from the values alone, whatever is kept. */
  {
    g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (KhPlan) plan = NULL;

    project = kh_project_open (path, &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 1);
    /* Only the rank was changed: the totals printed are the same, to 17 digits. */
    {
      const char *problem = problems->pdata[0];
      const char *kept = strstr (problem, "(kept: rank 3, total ");
      const char *computed = strstr (problem, "; computed: rank 2, total ");
      g_autofree char *kept_total = NULL;

      g_assert_true (g_str_has_prefix (problem,
                                       "year 2020, category “city”: the standings kept for "
                                       "computing the next year differ from the year computed "
                                       "from its values, at unit “nanjing” (kept: rank 3, total "));
      g_assert_nonnull (kept);
      g_assert_nonnull (computed);
      g_assert_true (g_str_has_suffix (problem, "): they were changed outside Kaohe"));
      kept_total = g_strndup (kept + strlen ("(kept: rank 3, total "),
                              computed - kept - strlen ("(kept: rank 3, total "));
      g_assert_true (g_str_has_prefix (computed + strlen ("; computed: rank 2, total "),
                                       kept_total));
    }
    /* The kept ones are still what computing 2021 shows… */
    g_assert_cmpint (previous_rank_2021 (project), ==, 3);
    /* …but not what storing its results (as sealing it does) stores: nanjing was 2nd. */
    g_assert_true (kh_project_compute_and_store (project, 2021, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                        "SELECT prev_rank FROM results "
                                        "WHERE year = 2021 AND unit_id = 'nanjing'"),
                     ==, 2);
    g_clear_pointer (&project, kh_project_close);

    /* Kept again from a computation: verify finds nothing. */
    project = kh_project_open (path, &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_compute_and_store (project, 2020, &error));
    g_assert_no_error (error);
    g_ptr_array_set_size (problems, 0);
    g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < problems->len; i++)
      g_test_message ("%s", (char *) problems->pdata[i]);
    g_assert_cmpuint (problems->len, ==, 0);
    plan = kh_project_compute_category (project, 2021, "city", &error);
    g_assert_no_error (error);
    g_clear_pointer (&project, kh_project_close);
  }

  kh_test_remove_dir (dir);
}

/* A plan kept whole by the computation of the next year is served as last year's plan
 * (issue 22: a report's last year after its report year): the same plan, to the bit, as
 * computed again once the project's kept plans are dropped; a plan kept only in part (its
 * standings taken from the kept ones, its values only those the next year reads) is not. */
static void
test_served_last_year (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) plan_2021 = NULL;
  g_autoptr (KhPlan) served = NULL;
  g_autoptr (KhPlan) computed = NULL;
  guint nanjing;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);
  g_clear_pointer (&project, kh_project_close);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  plan_2021 = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  served = kh_project_compute_category (project, 2020, "city", &error);
  g_assert_no_error (error);
  kh_project_drop_cached_plans (project, 0);
  computed = kh_project_compute_category (project, 2020, "city", &error);
  g_assert_no_error (error);
  g_assert_true (served != computed);
  assert_same_plans (served, computed);
  for (guint u = 0; u < kh_plan_get_n_units (served); u++)
    g_assert_cmpfloat (kh_plan_get_coverage (served, u, 0), ==, kh_plan_get_coverage (computed, u, 0));
  /* suzhou 1st, nanjing 2nd in 2020 (test_kept_previous_year) */
  nanjing = kh_dataset_find_unit (kh_plan_get_dataset (served), "nanjing");
  g_assert_cmpint (kh_plan_get_rank (served, nanjing), ==, 2);
  g_clear_pointer (&served, kh_plan_unref);
  g_clear_pointer (&computed, kh_plan_unref);
  g_clear_pointer (&plan_2021, kh_plan_unref);
  g_clear_pointer (&project, kh_project_close);

  /* 2020's kept standings put nanjing 3rd: 2021 takes them, and keeps 2020's plan only
   * in part; 2020 itself is computed, nanjing 2nd. */
  store_2020_and_tamper (path);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (previous_rank_2021 (project), ==, 3);
  computed = kh_project_compute_category (project, 2020, "city", &error);
  g_assert_no_error (error);
  nanjing = kh_dataset_find_unit (kh_plan_get_dataset (computed), "nanjing");
  g_assert_cmpint (kh_plan_get_rank (computed, nanjing), ==, 2);

  g_clear_pointer (&computed, kh_plan_unref);
  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* A project keeping no plans (kh_project_set_keep_plans(), `kaohe-cli compute`; issue 22)
 * computes what one keeping them does, to the bit: the year, and last year computed next
 * (computed, not served from the plan made only as 2022's previous year). */
static void
test_keep_no_plans (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) kept_2022 = NULL;
  g_autoptr (KhPlan) kept_2021 = NULL;
  g_autoptr (KhPlan) lean_2022 = NULL;
  g_autoptr (KhPlan) lean_2021 = NULL;
  gboolean some_contribution = FALSE;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2022);
  g_clear_pointer (&project, kh_project_close);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  /* 2021 first: computed after 2022 it would be served from the plan kept as 2022's
   * last year, which was made without 2020 (2022 needs nothing of 2020), so without
   * 2021's previous totals and ranks. */
  kept_2021 = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  kept_2022 = kh_project_compute_category (project, 2022, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  kh_project_set_keep_plans (project, FALSE);
  lean_2022 = kh_project_compute_category (project, 2022, "city", &error);
  g_assert_no_error (error);
  lean_2021 = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_same_plans (kept_2022, lean_2022);
  assert_same_plans (kept_2021, lean_2021);
  /* 2021's contributions, last year's of 2022, are there to compare */
  for (guint u = 0; u < kh_plan_get_n_units (lean_2022); u++)
    for (guint n = 0; n < kh_plan_get_n_nodes (lean_2022); n++)
      if (kh_plan_get_previous_contribution (lean_2022, u, n) != 0.0)
        some_contribution = TRUE;
  g_assert_true (some_contribution);
  g_assert_true (isfinite (kh_plan_get_previous_contribution (lean_2021, 0, 0)));
  kh_plan_drop_previous_contributions (lean_2021);
  g_assert_true (isnan (kh_plan_get_previous_contribution (lean_2021, 0, 0)));
  g_assert_cmpint (kh_plan_get_rank (lean_2021, 0), ==, kh_plan_get_rank (kept_2021, 0));

  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

/* @a and @b read the same dataset: the same fields in the same order, the same values to
 * the bit (missing as missing). */
static void
assert_same_datasets (KhDataset *a,
                      KhDataset *b)
{
  g_assert_cmpuint (kh_dataset_get_n_units (a), ==, kh_dataset_get_n_units (b));
  g_assert_cmpuint (kh_dataset_get_n_fields (a), ==, kh_dataset_get_n_fields (b));
  for (guint f = 0; f < kh_dataset_get_n_fields (a); f++)
    {
      g_assert_cmpstr (kh_dataset_get_field_id (a, f), ==, kh_dataset_get_field_id (b, f));
      for (guint u = 0; u < kh_dataset_get_n_units (a); u++)
        {
          double x = kh_dataset_get (a, u, f), y = kh_dataset_get (b, u, f);

          g_assert_cmpstr (kh_dataset_get_unit_id (a, u), ==, kh_dataset_get_unit_id (b, u));
          g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
        }
    }
}

/* nanjing's and suzhou's totals in @plan. */
static void
totals_of (KhPlan *plan,
           double *nanjing,
           double *suzhou)
{
  KhDataset *ds = kh_plan_get_dataset (plan);

  *nanjing = kh_plan_get_total (plan, kh_dataset_find_unit (ds, "nanjing"));
  *suzhou = kh_plan_get_total (plan, kh_dataset_find_unit (ds, "suzhou"));
}

/* @path's problems found by verify, one a line. */
static char *
verify_problems (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) problems->pdata[i]);
  return g_string_free (text, FALSE);
}

/* A year's values are packed (schema version 14, issue 22) by a computation in a project
 * opened to write, and read back from the packed copy while no value of the year changed:
 * the same dataset (fields in the same order, a NULL value and a field no framework reads
 * among them) and plan as from data_values; any audited write of the year makes the copy
 * stale, then the values are read from data_values again; verify names a current copy
 * changed outside Kaohe, and not a stale one. */
static void
test_packed_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units = kh_test_data_path ("project", "units.csv");
  g_autofree char *problems = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) from_rows = NULL;
  g_autoptr (KhPlan) from_packed = NULL;
  double nanjing, suzhou, nanjing_rows, suzhou_rows;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);
  g_clear_pointer (&project, kh_project_close);
  /* A value stored as NULL (suzhou's pop, read by no framework: its column is still added
   * where its row is met) and a field no framework reads, of nanjing alone. */
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE data_values SET value = NULL WHERE year = 2021 "
                                           "AND unit_id = 'suzhou' AND field = 'pop'; "
                                           "INSERT INTO data_values (year, unit_id, field, value, "
                                           "edited_by, edited_at) VALUES (2021, 'nanjing', "
                                           "'aaa_extra', 7, 'tester', '2026-01-01')"),
                   ==, SQLITE_OK);

  /* A file opened to read is not written: nothing packed. */
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  from_rows = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (kh_test_raw_count (db, "SELECT count(*) FROM packed_years"), ==, 0);
    sqlite3_close (db);
  }

  /* Nor by a computation in a project opened to write (the app's run on worker threads). */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&from_packed, kh_plan_unref);
  from_packed = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_same_plans (from_rows, from_packed);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT count(*) FROM packed_years"),
                   ==, 0);
  /* Storing 2021's results: 2021 and 2020 (read for 2021's previous year) packed, a row
   * for each of 2021's 4 fields (aaa_extra, gdp, pm25, pop) holding the 3 cities' values. */
  g_assert_true (kh_project_compute_and_store (project, 2021, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT count(*) FROM packed_years WHERE category_id = 'city'"),
                   ==, 2);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT count(*) FROM values_packed WHERE year = 2021 "
                                      "AND category_id = 'city'"),
                   ==, 4);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (project),
                                      "SELECT sum (length (packed)) FROM values_packed "
                                      "WHERE year = 2021 AND category_id = 'city'"),
                   ==, 3 * 4 * 8);
  /* Nothing left to pack. */
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 0);
  g_clear_pointer (&project, kh_project_close);

  /* Read back from the packed copy (in a new process's place: a new connection) */
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&from_packed, kh_plan_unref);
  from_packed = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  assert_same_datasets (kh_plan_get_dataset (from_rows), kh_plan_get_dataset (from_packed));
  assert_same_plans (from_rows, from_packed);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==, "");
  g_clear_pointer (&problems, g_free);

  /* Changed outside Kaohe: nanjing's packed 2021 values made suzhou's (the units in byte
   * order: nanjing, nantong, suzhou). The computation reads them (nanjing then scores as
   * suzhou does), verify names the year and unit. */
  totals_of (from_rows, &nanjing_rows, &suzhou_rows);
  g_assert_cmpfloat (nanjing_rows, !=, suzhou_rows);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE values_packed SET packed = substr (packed, 17, 8) "
                                           "|| substr (packed, 9) WHERE year = 2021"),
                   ==, SQLITE_OK);
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&from_packed, kh_plan_unref);
  from_packed = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  totals_of (from_packed, &nanjing, &suzhou);
  g_assert_cmpfloat (nanjing, ==, suzhou);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==,
                   "year 2021, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at unit “nanjing”: it was changed outside Kaohe\n");
  g_clear_pointer (&problems, g_free);

  /* A value of 2021 written (and back): the copy is stale, not an error, and not read. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2021, "nanjing", "gdp", 1, &error));
  g_assert_true (kh_project_set_value (project, 2021, "nanjing", "gdp", 20000, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==, "");
  g_clear_pointer (&problems, g_free);
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&from_packed, kh_plan_unref);
  from_packed = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  assert_same_plans (from_rows, from_packed);

  /* Packed again by kh_project_pack_values() (as `kaohe-cli import` does), read back. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 1);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 0);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (kh_test_raw_exec (path, "UPDATE values_packed SET packed = substr (packed, 1, 8) "
                                           "|| substr (packed, 17, 8) || substr (packed, 17) "
                                           "WHERE year = 2021 AND field = 'gdp'"),
                   ==, SQLITE_OK);
  problems = verify_problems (path);
  g_assert_nonnull (strstr (problems, "at unit “nantong”"));
  g_clear_pointer (&problems, g_free);

  kh_test_remove_dir (dir);
}

/* Sets a framework of the county category for @year: the test data's 2021 framework
 * with another id and category. */
static void
set_county_framework (KhProject *project,
                      int        year)
{
  g_autofree char *path = kh_test_data_path ("project", "framework-2021.xml");
  g_autofree char *xml = NULL;
  g_autoptr (GString) text = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *to = g_strdup_printf ("year=\"%d\"", year);

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (text, "id=\"test-city\"", "id=\"test-county\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (text, "category=\"city\"", "category=\"county\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (text, "year=\"2021\"", to, 1), ==, 1);
  g_assert_true (kh_project_set_framework (project, year, text->str, text->len, "county.xml",
                                           &error));
  g_assert_no_error (error);
}

/* verify compares every current packed copy with data_values in one pass over the table
 * (kh_project_check_values(), issue 22): the copies of two categories of a year, each
 * built from its own units' rows; a year whose rows are gone, before the first year with
 * rows, compared all the same (its copy holds fields the rows no longer have); a copy's
 * units changed. Each is named by year and category, in that order, and a stale copy is
 * none. */
static void
test_packed_verify_all (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *problems = NULL;
  g_autoptr (KhProject) project = NULL;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2022);
  set_county_framework (project, 2021);
  set_county_framework (project, 2022);
  g_assert_true (kh_project_set_value (project, 2021, "chongchuan", "gdp", 5, &error));
  g_assert_true (kh_project_set_value (project, 2021, "chongchuan", "pm25", 40, &error));
  g_assert_true (kh_project_set_value (project, 2022, "chongchuan", "gdp", 6, &error));
  g_assert_no_error (error);
  /* 2020: the cities; 2021 and 2022: the cities and the county of each. */
  g_assert_cmpuint (kh_project_pack_values (project, 2020), ==, 1);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 2);
  g_assert_cmpuint (kh_project_pack_values (project, 2022), ==, 2);
  g_clear_pointer (&project, kh_project_close);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==, "");
  g_clear_pointer (&problems, g_free);

  /* Outside Kaohe, leaving every stamp current: 2020's rows deleted; chongchuan's packed
   * 2021 gdp zeroed; 2022's county copy claims other units. */
  g_assert_cmpint (kh_test_raw_exec (path, "DELETE FROM data_values WHERE year = 2020; "
                                           "UPDATE values_packed SET packed = zeroblob (8) "
                                           "WHERE year = 2021 AND category_id = 'county' "
                                           "AND field = 'gdp'; "
                                           "UPDATE packed_years SET units = 'gangzha' || char (10) "
                                           "WHERE year = 2022 AND category_id = 'county'"),
                   ==, SQLITE_OK);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==,
                   "year 2020, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2021, category “county”: the packed copy of the year's values differs "
                   "from the stored values, at unit “chongchuan”: it was changed outside Kaohe\n"
                   "year 2022, category “county”: the packed copy of the year's values differs "
                   "from the stored values, at the units: it was changed outside Kaohe\n");
  g_clear_pointer (&problems, g_free);

  /* Outside Kaohe: 2021's city copy holds a field no row has, 2022's lacks one rows have. */
  g_assert_cmpint (kh_test_raw_exec (path, "INSERT INTO values_packed (year, category_id, field, "
                                           "packed) VALUES (2021, 'city', 'zz', zeroblob (8)); "
                                           "DELETE FROM values_packed WHERE year = 2022 "
                                           "AND category_id = 'city' AND field = 'pop'"),
                   ==, SQLITE_OK);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==,
                   "year 2020, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2021, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2021, category “county”: the packed copy of the year's values differs "
                   "from the stored values, at unit “chongchuan”: it was changed outside Kaohe\n"
                   "year 2022, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2022, category “county”: the packed copy of the year's values differs "
                   "from the stored values, at the units: it was changed outside Kaohe\n");
  g_clear_pointer (&problems, g_free);

  /* A value of 2021 written: its copies are stale, no problem; the others stay. */
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2021, "chongchuan", "gdp", 7, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  problems = verify_problems (path);
  g_assert_cmpstr (problems, ==,
                   "year 2020, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2022, category “city”: the packed copy of the year's values differs "
                   "from the stored values, at the fields: it was changed outside Kaohe\n"
                   "year 2022, category “county”: the packed copy of the year's values differs "
                   "from the stored values, at the units: it was changed outside Kaohe\n");
  g_clear_pointer (&problems, g_free);

  kh_test_remove_dir (dir);
}

/* The stamp 2021's city values are packed under (NULL: none). */
static char *
packed_stamp_2021 (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *stamp = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT stamp FROM packed_years WHERE year = 2021 "
                                           "AND category_id = 'city'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stamp = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return stamp;
}

/* A stamp of packed values without them reads as a year without values (read_packed()):
 * pack_year() writes the values, then the stamp, all in one transaction. A trigger
 * refusing a stamp whose values are not there yet lets the packing through; one refusing
 * a value leaves the copy there before, stale, and the year is read from data_values. */
static void
test_packed_stamp_last (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *first = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) before = NULL;
  g_autoptr (KhPlan) after = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2021);
  g_clear_pointer (&project, kh_project_close);
  g_assert_cmpint (kh_test_raw_exec (path, "CREATE TRIGGER stamp_after_values "
                                           "BEFORE INSERT ON packed_years "
                                           "WHEN NOT EXISTS (SELECT 1 FROM values_packed v "
                                           "WHERE v.year = NEW.year "
                                           "AND v.category_id = NEW.category_id) "
                                           "BEGIN SELECT RAISE (ABORT, 'stamp first'); END"),
                   ==, SQLITE_OK);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  db = kh_project_get_db (project);
  before = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 1);
  first = packed_stamp_2021 (db);
  g_assert_nonnull (first);
  /* gdp, pm25, pop */
  g_assert_cmpint (kh_test_raw_count (db, "SELECT count(*) FROM values_packed WHERE year = 2021"),
                   ==, 3);
  g_clear_pointer (&project, kh_project_close);

  /* 2021's copy stale, and packing it again failing at its last field. */
  g_assert_cmpint (kh_test_raw_exec (path, "CREATE TRIGGER no_pop BEFORE INSERT ON values_packed "
                                           "WHEN NEW.field = 'pop' "
                                           "BEGIN SELECT RAISE (ABORT, 'full'); END"),
                   ==, SQLITE_OK);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  db = kh_project_get_db (project);
  g_assert_true (kh_project_set_value (project, 2021, "nanjing", "gdp", 1, &error));
  g_assert_true (kh_project_set_value (project, 2021, "nanjing", "gdp", 20000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 0);
  /* The copy there before, whole and stale */
  stamp = packed_stamp_2021 (db);
  g_assert_cmpstr (stamp, ==, first);
  g_assert_cmpint (kh_test_raw_count (db, "SELECT count(*) FROM values_packed WHERE year = 2021"),
                   ==, 3);
  after = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_same_plans (before, after);
  g_clear_pointer (&project, kh_project_close);

  /* Without the failing trigger, packed under a new stamp, and read back. */
  g_assert_cmpint (kh_test_raw_exec (path, "DROP TRIGGER no_pop"), ==, SQLITE_OK);
  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 1);
  g_clear_pointer (&stamp, g_free);
  stamp = packed_stamp_2021 (kh_project_get_db (project));
  g_assert_nonnull (stamp);
  g_assert_cmpstr (stamp, !=, first);
  g_assert_cmpuint (kh_project_pack_values (project, 2021), ==, 0);
  g_clear_pointer (&project, kh_project_close);
  project = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&after, kh_plan_unref);
  after = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_same_plans (before, after);
  g_clear_pointer (&project, kh_project_close);

  kh_test_remove_dir (dir);
}

/* Last year computed after the year (a report's last year, the app opening last year):
 * the plan kept as 2022's last year was made without 2020 (2022's framework needs nothing
 * of 2020), so it must not be served as 2021 itself, which compares with 2020 (rank
 * changes, last year's totals): 2021 is the same as computed by a project of its own. */
static void
test_cached_last_year_whole (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.kaohe", NULL);
  g_autofree char *units = kh_test_data_path ("project", "units.csv");
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhPlan) plan_2022 = NULL;
  g_autoptr (KhPlan) after_2022 = NULL;
  g_autoptr (KhPlan) alone = NULL;
  guint compared = 0;

  g_assert_no_error (error);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  project = new_project (path, 2022);
  g_clear_pointer (&project, kh_project_close);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  alone = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  plan_2022 = kh_project_compute_category (project, 2022, "city", &error);
  g_assert_no_error (error);
  after_2022 = kh_project_compute_category (project, 2021, "city", &error);
  g_assert_no_error (error);
  assert_same_plans (after_2022, alone);
  /* 2021 compares with 2020: units ranked in both have a previous rank and total */
  for (guint u = 0; u < kh_plan_get_n_units (alone); u++)
    if (kh_plan_get_previous_rank (alone, u) > 0)
      {
        g_assert_true (isfinite (kh_plan_get_previous_total (after_2022, u)));
        compared++;
      }
  g_assert_cmpuint (compared, >, 0);

  g_clear_pointer (&project, kh_project_close);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE); /* 2021-01-01T00:00:00Z */
  g_test_add_func ("/project-compute/kept-previous-year", test_kept_previous_year);
  g_test_add_func ("/project-compute/compute-after-previous", test_compute_after_previous);
  g_test_add_func ("/project-compute/values-covering-index", test_values_covering_index);
  g_test_add_func ("/project-compute/streamed-snapshot-hash", test_streamed_snapshot_hash);
  g_test_add_func ("/project-compute/values-read-in-threads", test_values_read_in_threads);
  g_test_add_func ("/project-compute/kept-standings", test_kept_standings);
  g_test_add_func ("/project-compute/served-last-year", test_served_last_year);
  g_test_add_func ("/project-compute/keep-no-plans", test_keep_no_plans);
  g_test_add_func ("/project-compute/packed-values", test_packed_values);
  g_test_add_func ("/project-compute/packed-verify-all", test_packed_verify_all);
  g_test_add_func ("/project-compute/packed-stamp-last", test_packed_stamp_last);
  g_test_add_func ("/project-compute/cached-last-year-whole", test_cached_last_year_whole);
  return g_test_run ();
}
