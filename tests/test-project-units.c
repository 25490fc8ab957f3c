/* test-project-units.c — units through time in a project: per-year names, groups,
 * parents and links; sealed years; both units layouts; migrating format 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/units/ holds a small project in the image of the sample: counties k1 崇川区,
 * k2 港闸区 (until 2019, merged into 崇川区), k3 海门市 (until 2019, renamed 海门区 k4 from
 * 2020), k5 通州区, k6 如皋市, all under the city city1; universities u1, u2 (research) and
 * u3 苏州科技大学, u4, u5 (other). Each framework scores one indicator by goalposts 0–100
 * with 100 points, so a total is its value and the ranks are read off the data:
 *   counties 2019: k2 80, k5 70, k1 60, k3 50, k6 40 → ranks 1 2 3 4 5
 *   counties 2020: k1 75, k5 72, k6 65, k4 55         → ranks 1 2 3 4 (merged-rank="best")
 *   research 2019: u1 90, u2 80; other 2019: u3 85, u4 70, u5 60
 *
 * Issue 19: each case runs on a project file (/project/units/sqlite/…) and on a project in
 * a throwaway PostgreSQL server's database (/project/units/pg/…, kh-pg-harness.h), the
 * same assertions on both; raw SQL (what the store refuses, tampering behind Kaohe's back)
 * goes through a second connection. The migrations of a file's older formats stay on
 * SQLite.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-export.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"
#include "kh-test-project.h"

static KhPgHarness *pg;

typedef struct
{
  KhProject *project; /* the case's new, empty project (NULL for a case about a file) */
  KhDb *raw;          /* a second connection to the same store */
  char *dir;          /* a temporary folder, on either store */
  char *path;         /* the project's file, or its database's URI */
} Fixture;

/* A new project on the case's store (kh_pg_harness_new_project()). */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                          &f->path);
  if (f->dir == NULL)
    {
      f->dir = g_dir_make_tmp ("kh-units-XXXXXX", &error);
      g_assert_no_error (error);
    }
}

/* A folder and the path of a file not made yet: the cases about a file's older formats. */
static void
fixture_set_up_file (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->dir = g_dir_make_tmp ("kh-units-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->project, kh_project_close);
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
on_server (Fixture *f)
{
  return kh_db_backend (f->raw) == KH_DB_POSTGRESQL;
}

static gboolean
import_units_text (KhProject  *project,
                   const char *text,
                   GError    **error)
{
  g_autoptr (KhCsvTable) table = kh_csv_parse (text, strlen (text), NULL, "units.csv", error);

  g_assert_nonnull (table);
  return kh_project_import_units (project, table, "units.csv", error);
}

static void
import_framework (KhProject  *project,
                  int         year,
                  const char *category)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.xml", category, year);

  kh_test_project_set_framework (project, year, "units", name, 0);
}

static void
import_data (KhProject  *project,
             int         year,
             const char *category)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.csv", category, year);

  kh_test_project_import_data (project, year, "units", name);
}

/* units.csv, then 2019 and 2020 of both categories, into the case's project (the
 * caller's now). */
static KhProject *
build_project (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = g_steal_pointer (&f->project);
  g_autofree char *units = kh_test_data_path ("units", "units.csv");
  g_autoptr (KhCsvTable) table = NULL;

  g_assert_nonnull (project);
  table = kh_csv_read_file (units, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  for (int year = 2019; year <= 2020; year++)
    {
      import_framework (project, year, "county");
      import_framework (project, year, "university");
      import_data (project, year, "county");
      import_data (project, year, "university");
    }
  return g_steal_pointer (&project);
}

/* Through the project's own connection, on either store. */
static gint64
count (KhProject  *project,
       const char *sql)
{
  return kh_pg_harness_count (kh_project_get_store (project), sql);
}

static KhUnitYear *
find_unit (GPtrArray  *units,
           const char *id)
{
  for (guint i = 0; i < units->len; i++)
    if (strcmp (((KhUnitYear *) units->pdata[i])->id, id) == 0)
      return units->pdata[i];
  return NULL;
}

static guint
plan_unit (KhPlan     *plan,
           const char *id)
{
  guint u = kh_plan_find_unit (plan, id);

  g_assert_cmpuint (u, !=, KH_DATASET_NONE);
  return u;
}

static int
change_of (KhPlan     *plan,
           const char *id)
{
  int change = 0;

  if (!kh_plan_get_rank_change (plan, plan_unit (plan, id), &change))
    return G_MININT;
  return change;
}

/* ---- the layout with one row per unit ------------------------------------------------ */

/* The successor column records the merger and the rename with their year; a year has
 * the units its life spans cover, each with its parent. */
static void
test_history_from_successors (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) y2019 = kh_project_get_units (project, 2019, "county", &error);
  g_autoptr (GPtrArray) y2020 = kh_project_get_units (project, 2020, "county", &error);
  g_autoptr (GPtrArray) history = NULL;
  KhUnitYear *k1, *k4, *k5;

  g_assert_no_error (error);
  /* 2019: k1, k2, k3, k5, k6; 2020: k1, k4, k5, k6 (k2 and k3 end in 2019). */
  g_assert_cmpuint (y2019->len, ==, 5);
  g_assert_nonnull (find_unit (y2019, "k2"));
  g_assert_null (find_unit (y2019, "k4"));
  g_assert_cmpuint (y2020->len, ==, 4);
  g_assert_null (find_unit (y2020, "k2"));

  /* 崇川区 2020 continues itself and 港闸区: merged, itself named first. */
  k1 = find_unit (y2020, "k1");
  g_assert_cmpuint (k1->changes, ==, KH_UNIT_MERGED);
  g_assert_cmpuint (k1->predecessors->len, ==, 2);
  g_assert_cmpstr (k1->predecessors->pdata[0], ==, "k1");
  g_assert_cmpstr (k1->predecessors->pdata[1], ==, "k2");
  g_assert_cmpstr (k1->parent_id, ==, "city1");
  /* 海门区 continues 海门市 alone: renamed. */
  k4 = find_unit (y2020, "k4");
  g_assert_cmpuint (k4->changes, ==, KH_UNIT_RENAMED);
  g_assert_cmpstr (k4->predecessors->pdata[0], ==, "k3");
  g_assert_cmpstr (k4->previous_name, ==, "海门市");
  g_assert_cmpstr (k4->name_zh_tw, ==, "海門區");
  k5 = find_unit (y2020, "k5");
  g_assert_cmpuint (k5->changes, ==, KH_UNIT_UNCHANGED);
  /* 2019 is the project's first year: nothing is known of 2018. */
  g_assert_null (find_unit (y2019, "k5")->predecessors);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_links"), ==, 2);

  /* 海门区's history: 海门区 2020, then 海门市 2019. */
  history = kh_project_get_unit_history (project, "k4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((KhUnitYear *) history->pdata[0])->year, ==, 2020);
  g_assert_cmpstr (((KhUnitYear *) history->pdata[0])->name_zh, ==, "海门区");
  g_assert_cmpint (((KhUnitYear *) history->pdata[1])->year, ==, 2019);
  g_assert_cmpstr (((KhUnitYear *) history->pdata[1])->name_zh, ==, "海门市");
}

/* Rank change in the project: 海门区 is compared with 海门市's rank 4; 崇川区 (best of
 * 崇川区 3 and 港闸区 1) with 1. Compared in both years: k1 (as 1), k5 (2), k4 (as 4),
 * k6 (5), so last year k1 1, k5 2, k4 3, k6 4 (崇川区's own place 3 is nobody's); this
 * year k1 1, k5 2, k6 3, k4 4. Changes: k1 0, k5 0, k4 3 − 4 = −1, k6 4 − 3 = +1 (the
 * published rank would say 5 − 3 = +2). k6 alone advanced: 争先进位奖. */
static void
test_rank_change_across_merger (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = kh_project_compute_category (project, 2020, "county", &error);
  g_autoptr (GPtrArray) results = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, plan_unit (plan, "k4")), ==, 4);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, plan_unit (plan, "k4")), ==, "k3");
  g_assert_cmpint (kh_plan_get_continuity (plan, plan_unit (plan, "k1")), ==, KH_CONTINUITY_MERGED);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, plan_unit (plan, "k1")), ==, 1);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, plan_unit (plan, "k1")), ==, "k2");
  g_assert_cmpint (change_of (plan, "k1"), ==, 0);
  g_assert_cmpint (change_of (plan, "k5"), ==, 0);
  g_assert_cmpint (change_of (plan, "k4"), ==, -1);
  g_assert_cmpint (change_of (plan, "k6"), ==, 1);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, plan_unit (plan, "k6")), ==, 5);
  g_assert_true (kh_plan_has_award (plan, plan_unit (plan, "k6"), 0));

  /* What is stored is what was computed. */
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT prev_rank FROM results WHERE year = 2020 AND "
                                   "unit_id = 'k4'"), ==, 4);
  g_assert_cmpint (count (project, "SELECT rank_change FROM results WHERE year = 2020 AND "
                                   "unit_id = 'k6'"), ==, 1);
}

/* A unit of 2020 without a row in 2019 and without links is new: not compared, nobody's
 * change; a unit with both rows and no links continues itself. 海安市 (k7, from 2020, no
 * values: scored 0, last) joins the counties of test_rank_change_across_merger, whose
 * changes stay as they were. */
static void
test_new_unit_in_project (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = NULL;

  g_assert_true (import_units_text (project,
                                    "id,name_zh,category,group,from_year,parent\n"
                                    "k7,海安市,county,counties,2020,city1\n",
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'k7'"), ==, 1);
  plan = kh_project_compute_category (project, 2020, "county", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_plan_get_continuity (plan, plan_unit (plan, "k7")), ==, KH_CONTINUITY_NEW);
  g_assert_cmpint (change_of (plan, "k7"), ==, G_MININT);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, plan_unit (plan, "k7")), ==, 0);
  g_assert_cmpint (kh_plan_get_continuity (plan, plan_unit (plan, "k5")), ==, KH_CONTINUITY_SAME);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, plan_unit (plan, "k5")), ==, 2);
  g_assert_cmpint (kh_plan_get_continuity (plan, plan_unit (plan, "k4")), ==, KH_CONTINUITY_RENAMED);
  g_assert_cmpint (change_of (plan, "k1"), ==, 0);
  g_assert_cmpint (change_of (plan, "k5"), ==, 0);
  g_assert_cmpint (change_of (plan, "k4"), ==, -1);
  g_assert_cmpint (change_of (plan, "k6"), ==, 1);
}

/* The audit's case: after 2019 is sealed, a units table that moves 苏州科技大学 (u3) to
 * the research group is refused, naming the row, the column and each sealed year;
 * nothing changes, and 2019 recomputes as sealed (u3 first of its group). */
static void
test_sealed_transfer_refused (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *units = kh_test_data_path ("units", "units.csv");
  g_autofree char *text = NULL;
  g_autofree char *moved = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhPlan) plan = NULL;
  gint64 audit_rows;

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  g_assert_no_error (error);
  audit_rows = count (project, "SELECT count(*) FROM audit_log");

  g_assert_true (g_file_get_contents (units, &text, NULL, NULL));
  /* Re-importing the same table changes nothing in 2019: accepted. */
  g_assert_true (import_units_text (project, text, &error));
  g_assert_no_error (error);
  audit_rows++;

  /* The same table with u3's group changed to research. */
  {
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "u3,"))
        {
          g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);

          g_assert_cmpstr (cells[5], ==, "other");
          g_free (cells[5]);
          cells[5] = g_strdup ("research");
          g_free (lines[i]);
          lines[i] = g_strjoinv (",", cells);
        }
    moved = g_strjoinv ("\n", lines);
  }
  g_assert_false (import_units_text (project, moved, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  /* u3 is data row 10 (line 11); group is column 6. */
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 11, column 6: unit “u3” is in group “other” in 2019, which "
                   "is sealed: it cannot move to “research” there (a transfer from a later "
                   "year goes in a table with one row per unit and year: id,year,name_zh,"
                   "name_zh_tw,name_en,category,group,parent,predecessors)");
  g_clear_error (&error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "group_id = 'other'"), ==, 2);

  /* The database refuses it too, whoever asks. */
  kh_pg_harness_exec_refused (f->raw, "UPDATE unit_years SET group_id = 'research' "
                                      "WHERE unit_id = 'u3' AND year = 2019");
  kh_pg_harness_exec_refused (f->raw, "INSERT INTO unit_links (year, unit_id, "
                                      "predecessor_id, position) VALUES (2019, 'k1', "
                                      "'k2', 2)");
  kh_pg_harness_exec_refused (f->raw, "INSERT INTO unit_years (unit_id, year, name_zh) "
                                      "VALUES ('k4', 2019, '海门区')");
  kh_pg_harness_exec_refused (f->raw, "UPDATE units SET category_id = 'county' WHERE "
                                      "id = 'u3'");

  /* 2019 recomputes as sealed: u3 first of “other” (85 > 70 > 60), and verify agrees. */
  plan = kh_project_compute_category (project, 2019, "university", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_plan_get_rank (plan, plan_unit (plan, "u3")), ==, 1);
  g_assert_cmpstr (kh_plan_get_unit_group (plan, plan_unit (plan, "u3"))->id, ==, "other");
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A transfer with its year, in the per-year layout: u3 in research from 2020 on. 2019
 * stays as sealed; in 2020 u3 stood in another group last year, so it is not compared:
 * research compares u1 and u2 (1 and 2 both years, u3's 86 between them does not count),
 * other compares u4 and u5 (2 and 3 last year, so 1 and 2 among them; 1 and 2 now). */
static void
test_transfer_with_year (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GPtrArray) y2020 = NULL;
  const char *transfer = "id,year,name_zh,category,group\n"
                         "u3,2020,苏州科技大学,university,research\n";

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  g_assert_true (import_units_text (project, transfer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2019 AND group_id = 'other'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2020 AND group_id = 'research'"), ==, 1);
  /* The names the table left out were kept. */
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2020 AND name_zh_tw = '蘇州科技大學'"), ==, 1);
  y2020 = kh_project_get_units (project, 2020, "university", &error);
  g_assert_cmpuint (find_unit (y2020, "u3")->changes, ==, KH_UNIT_TRANSFERRED);
  g_assert_cmpstr (find_unit (y2020, "u3")->previous_group, ==, "other");

  plan = kh_project_compute_category (project, 2020, "university", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_plan_get_rank (plan, plan_unit (plan, "u3")), ==, 2);
  g_assert_true (kh_plan_get_transferred (plan, plan_unit (plan, "u3")));
  g_assert_cmpint (change_of (plan, "u3"), ==, G_MININT);
  g_assert_cmpint (kh_plan_get_rank (plan, plan_unit (plan, "u2")), ==, 3);
  g_assert_cmpint (change_of (plan, "u2"), ==, 0);
  g_assert_cmpint (change_of (plan, "u4"), ==, 0);
  g_assert_cmpint (change_of (plan, "u5"), ==, 0);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  /* Moving it back in 2019 through the per-year layout is refused as well. */
  g_assert_false (import_units_text (project,
                                     "id,year,name_zh,category,group\n"
                                     "u3,2019,苏州科技大学,university,research\n"
                                     "u3,2020,苏州科技大学,university,research\n",
                                     &error));
  g_assert_nonnull (strstr (error->message, "units.csv: row 2, column 5: unit “u3” is in group "
                                            "“other” in 2019, which is sealed"));
}

/* A unit renamed in place (same id) from 2020: each year's results and exports carry
 * the name of that year. */
static void
test_names_per_year (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) r2019 = NULL;
  g_autoptr (KhRecordSet) r2020 = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GPtrArray) y2020 = NULL;
  g_autofree char *out2019 = g_build_filename (f->dir, "results-2019.csv", NULL);
  g_autofree char *out2020 = g_build_filename (f->dir, "results-2020.csv", NULL);
  g_autofree char *csv = NULL;

  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,name_zh_tw,category,group\n"
                                    "u2,2020,南京师范大学（新）,南京師範大學（新）,university,research\n",
                                    &error));
  g_assert_no_error (error);
  r2019 = kh_project_get_records (project, 2019, &error);
  r2020 = kh_project_get_records (project, 2020, &error);
  g_assert_cmpstr (g_hash_table_lookup (r2019->unit_names, "u2"), ==, "南京师范大学");
  g_assert_cmpstr (g_hash_table_lookup (r2020->unit_names, "u2"), ==, "南京师范大学（新）");
  y2020 = kh_project_get_units (project, 2020, NULL, &error);
  g_assert_cmpuint (find_unit (y2020, "u2")->changes, ==, KH_UNIT_RENAMED);
  g_assert_cmpstr (find_unit (y2020, "u2")->previous_name, ==, "南京师范大学");
  /* The name of the year for display in traditional characters too. */
  plan = kh_project_compute_category_lang (project, 2020, "university", KH_LANG_ZH_TW, &error);
  g_assert_cmpstr (kh_dataset_get_unit_name (kh_plan_get_dataset (plan), plan_unit (plan, "u2")),
                   ==, "南京師範大學（新）");
  g_clear_pointer (&plan, kh_plan_unref);
  /* A data file may name the unit by its name of the year. */
  plan = kh_project_compute_category (project, 2019, "university", &error);
  g_assert_cmpstr (kh_dataset_get_unit_name (kh_plan_get_dataset (plan), plan_unit (plan, "u2")),
                   ==, "南京师范大学");

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_export_results (project, 2019, KH_EXPORT_CSV, FALSE, out2019, &error));
  g_assert_true (kh_export_results (project, 2020, KH_EXPORT_CSV, FALSE, out2020, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out2019, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, ",u2,南京师范大学,"));
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (out2020, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, ",u2,南京师范大学（新）,"));
}

/* A year added later gets every unit whose life span covers it, as in its nearest
 * year: 2021 has k1, k4, k5, k6 and the universities (k2 and k3 ended in 2019), u2 with
 * its 2020 name. */
static void
test_new_year (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) y2021 = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = kh_test_data_path ("units", "county-2020.xml");
  g_autofree char *fixed = NULL;

  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,category,group\n"
                                    "u2,2020,南京师范大学（新）,university,research\n",
                                    &error));
  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  {
    g_auto (GStrv) parts = g_strsplit (xml, "2020", -1);

    fixed = g_strjoinv ("2021", parts);
  }
  g_assert_true (kh_project_set_framework (project, 2021, fixed, strlen (fixed), "c.xml", &error));
  g_assert_no_error (error);
  y2021 = kh_project_get_units (project, 2021, NULL, &error);
  g_assert_cmpuint (y2021->len, ==, 4 + 5 + 1); /* counties, universities, the city */
  g_assert_null (find_unit (y2021, "k2"));
  g_assert_null (find_unit (y2021, "k3"));
  g_assert_cmpstr (find_unit (y2021, "k4")->parent_id, ==, "city1");
  g_assert_cmpstr (find_unit (y2021, "u2")->name_zh, ==, "南京师范大学（新）");
  g_assert_cmpuint (find_unit (y2021, "k4")->changes, ==, KH_UNIT_UNCHANGED);
}

/* ---- the per-year layout: its problems ------------------------------------------------ */

static void
test_per_year_problems (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  gint64 audit_rows = count (project, "SELECT count(*) FROM audit_log");

  /* The old columns do not mix with a year column. */
  g_assert_false (import_units_text (project, "id,year,name_zh,category,until_year\n", &error));
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 1, column 5: a units table with a “year” column has one row "
                   "per unit and year and no “until_year” column (the years a unit exists are "
                   "its rows; the units it continues are its predecessors)");
  g_clear_error (&error);

  g_assert_false (import_units_text (project,
                                     "id,year,name_zh,category,predecessors\n"
                                     "k7,2020,新区,county,zz\n"        /* row 2 */
                                     "k8,2020,另区,county,k4\n"        /* row 3: k4 began in 2020 */
                                     "k8,2020,另区,county,\n"          /* row 4: twice */
                                     "k9,20x0,某区,county,\n"          /* row 5 */
                                     "k9,2020,某区,city,\n",           /* row 6 */
                                     &error));
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 4, column 1: unit “k8” appears twice in 2020\n"
                   "units.csv: row 5, column 2: “20x0” is not a year");
  g_clear_error (&error);
  /* With the cells right, the references are checked. */
  g_assert_false (import_units_text (project,
                                     "id,year,name_zh,category,predecessors\n"
                                     "k7,2020,新区,county,zz\n"
                                     "k8,2020,另区,county,k4\n"
                                     "k9,2020,某区,county,k5 k6\n"
                                     "k9,2021,某区,city,\n",
                                     &error));
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 5, column 4: unit “k9” is in category “county” in another "
                   "row; a unit keeps its category");
  g_clear_error (&error);
  g_assert_false (import_units_text (project,
                                     "id,year,name_zh,category,predecessors\n"
                                     "k7,2020,新区,county,zz\n"
                                     "k8,2020,另区,county,k4\n",
                                     &error));
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 2, column 5: unknown predecessor unit “zz”\n"
                   "units.csv: row 3, column 5: unit “k8” continues “k4” in 2020, but “k4” "
                   "does not exist in 2019");
  g_clear_error (&error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (count (project, "SELECT count(*) FROM units WHERE id IN ('k7', 'k8', 'k9')"),
                   ==, 0);

  /* The old layout: a successor needs the last year. */
  g_assert_false (import_units_text (project,
                                     "id,name_zh,category,successor\n"
                                     "k5,通州区,county,k1\n",
                                     &error));
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 2, column 4: a unit with a successor needs its until_year "
                   "(the last year before “k1” continues it)");
}

/* A split in the per-year layout: k5 and a new k7 both continue k5 of 2019. */
static void
test_split (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) y2020 = NULL;

  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,category,group,parent,predecessors\n"
                                    "k7,2020,通州湾,county,counties,city1,k5\n",
                                    &error));
  g_assert_no_error (error);
  y2020 = kh_project_get_units (project, 2020, "county", &error);
  g_assert_cmpuint (find_unit (y2020, "k7")->changes, ==, KH_UNIT_SPLIT);
  g_assert_cmpuint (find_unit (y2020, "k5")->changes, ==, KH_UNIT_SPLIT);
  g_assert_cmpuint (find_unit (y2020, "k6")->changes, ==, KH_UNIT_UNCHANGED);
  /* k7 is listed in the table's last year only (2020): it goes on, from 2020. */
  g_assert_cmpint (count (project, "SELECT from_year FROM units WHERE id = 'k7'"), ==, 2020);
  g_assert_cmpint (count (project, "SELECT until_year IS NULL FROM units WHERE id = 'k7'"), ==, 1);
}

/* ---- the declared order ---------------------------------------------------------- */

/* The id of the unit at @place in @order (NULL when none). */
static const char *
unit_at (GHashTable *order,
         guint       place)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, order);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) == place)
      return key;
  return NULL;
}

/* The units keep the order their table declared them in (the province's official order:
 * 南京, 无锡, 徐州, 常州, neither the ids' nor the names' order): a later table adds its new
 * units after them, in its own order, and leaves the places of the others as they were;
 * a project of format 11 keeps the order in which its units were inserted, read-only and
 * migrated, and the migrated schema is the one a new project gets. */
static void
test_declared_order (Fixture      *f,
                     gconstpointer data)
{
  static const char *const first[] = { "nanjing", "wuxi", "xuzhou", "changzhou" };
  static const char *const second[] = { "nanjing", "wuxi", "xuzhou", "changzhou", "yancheng",
                                        "huaian" };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = g_steal_pointer (&f->project);
  g_autoptr (GHashTable) order = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (import_units_text (project,
                                    "id,name_zh,category\n"
                                    "nanjing,南京市,city\n"
                                    "wuxi,无锡市,city\n"
                                    "xuzhou,徐州市,city\n"
                                    "changzhou,常州市,city\n",
                                    &error));
  g_assert_no_error (error);
  order = kh_project_get_unit_order (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (order), ==, G_N_ELEMENTS (first));
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_assert_cmpstr (unit_at (order, i + 1), ==, first[i]);
  g_clear_pointer (&order, g_hash_table_unref);

  /* Two new units, named after two known ones in another order: the new ones go last, in
   * the table's order; 常州 and 南京 keep their places. */
  g_assert_true (import_units_text (project,
                                    "id,name_zh,category\n"
                                    "changzhou,常州市,city\n"
                                    "yancheng,盐城市,city\n"
                                    "nanjing,南京市,city\n"
                                    "huaian,淮安市,city\n",
                                    &error));
  g_assert_no_error (error);
  order = kh_project_get_unit_order (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (order), ==, G_N_ELEMENTS (second));
  for (guint i = 0; i < G_N_ELEMENTS (second); i++)
    g_assert_cmpstr (unit_at (order, i + 1), ==, second[i]);
  g_clear_pointer (&order, g_hash_table_unref);
  g_clear_pointer (&project, kh_project_close);

  if (on_server (f))
    {
      /* Format 11 is a file's older layout; on the server the order is kept, opened again. */
      project = kh_project_open (f->path, &error);
      g_assert_no_error (error);
      order = kh_project_get_unit_order (project, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (order), ==, G_N_ELEMENTS (second));
      for (guint i = 0; i < G_N_ELEMENTS (second); i++)
        g_assert_cmpstr (unit_at (order, i + 1), ==, second[i]);
      g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s", (char *) problems->pdata[i]);
      g_assert_cmpuint (problems->len, ==, 0);
      return;
    }

  /* Format 11: no column (nor 13's and 14's tables); the rows in their order of insertion. */
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TABLE packed_years; DROP TABLE values_packed; "
                                              "DROP TABLE standings; DROP TABLE standing_units; "
                                              "ALTER TABLE units DROP COLUMN position; "
                                              "PRAGMA user_version = 11"),
                   ==, SQLITE_OK);
  for (int pass = 0; pass < 2; pass++)
    {
      project = pass == 0 ? kh_project_open_readonly (f->path, &error)
                          : kh_project_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count (project, "PRAGMA user_version"), ==,
                       pass == 0 ? 11 : KH_PROJECT_SCHEMA_VERSION);
      order = kh_project_get_unit_order (project, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (second); i++)
        g_assert_cmpstr (unit_at (order, i + 1), ==, second[i]);
      g_clear_pointer (&order, g_hash_table_unref);
      if (pass == 1)
        {
          g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
          g_assert_no_error (error);
          for (guint i = 0; i < problems->len; i++)
            g_test_message ("%s", (char *) problems->pdata[i]);
          g_assert_cmpuint (problems->len, ==, 0);
        }
      g_clear_pointer (&project, kh_project_close);
    }
}

/* ---- format 1 ---------------------------------------------------------------------- */

/* A project of format 1 (tests/data/units/v1-project.sql) opens as format 6 (2: the
 * survey tables; 3: the writers' columns; 4: settings; 5: units through time), each
 * step audited: a row per
 * unit and year, 2019 with the group its sealed results were computed in (u3 was moved
 * to research after the seal, which format 1 allowed), 2020 with the moved group; the
 * successors become links; the migration is audited; verify finds nothing wrong (the
 * seal of format 1 says nothing of units, and 2019 recomputes as sealed); the triggers
 * protect the sealed year from now on. */
static void
test_migrate_format_1 (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *dump = kh_test_data_path ("units", "v1-project.sql");
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhPlan) plan = NULL;

  g_assert_true (g_file_get_contents (dump, &sql, NULL, NULL));
  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "PRAGMA user_version"), ==, KH_PROJECT_SCHEMA_VERSION);
  for (int v = 1; v < KH_PROJECT_SCHEMA_VERSION; v++)
    {
      g_autofree char *sql_count =
        g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'migrate' "
                         "AND detail = 'from=%d' || char(10) || 'to=%d'", v, v + 1);

      g_assert_cmpint (count (project, sql_count), ==, 1);
    }
  /* 2019: 12 units less k4 (from 2020) = 11; 2020: less k2 and k3 = 10. */
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE year = 2019"), ==, 11);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE year = 2020"), ==, 10);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2019 AND group_id = 'other'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2020 AND group_id = 'research'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_links WHERE year = 2020 AND "
                                   "((unit_id = 'k1' AND predecessor_id = 'k2') OR "
                                   "(unit_id = 'k4' AND predecessor_id = 'k3'))"), ==, 2);

  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  plan = kh_project_compute_category (project, 2019, "university", &error);
  g_assert_cmpint (kh_plan_get_rank (plan, plan_unit (plan, "u3")), ==, 1);
  g_assert_cmpint (kh_test_raw_exec (f->path, "UPDATE unit_years SET group_id = 'research' "
                                              "WHERE unit_id = 'u3' AND year = 2019"),
                   ==, SQLITE_CONSTRAINT);
}

/* A project of format 4 (tests/data/units/v4-project.sql, made by kaohe-cli of that
 * version: 2019 of both categories computed and sealed with a seal of format 2, whose
 * unit lines came from the units table; 2020 with the universities) opens as format 6,
 * audited (from=4, to=5). Every unit gets a row per year of its life span: 2019 the 11
 * units less k4 (from 2020) = 11 of 12, 2020 the 12 less k2 and k3 (until 2019) = 10;
 * the two successors become links of 2020. The schema is exactly the one a new project
 * gets, and verify finds nothing wrong: the format-2 seal's unit lines are now read
 * from 2019's rows of unit_years. From now on 苏州科技大学 (u3) may be renamed from 2020
 * (version 4's trigger froze the names of any unit of a sealed year), while 2019 keeps
 * its name, in the database and in what verify compares. */
static void
test_migrate_format_4 (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *dump = kh_test_data_path ("units", "v4-project.sql");
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) tampered = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_assert_true (g_file_get_contents (dump, &sql, NULL, NULL));
  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "PRAGMA user_version"), ==, KH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'migrate' "
                                   "AND detail = 'from=4' || char(10) || 'to=5'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE year = 2019"), ==, 11);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE year = 2020"), ==, 10);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_links WHERE year = 2020 AND "
                                   "((unit_id = 'k1' AND predecessor_id = 'k2') OR "
                                   "(unit_id = 'k4' AND predecessor_id = 'k3'))"), ==, 2);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  /* The sealed year refuses, in the database itself. */
  g_assert_cmpint (kh_test_raw_exec (f->path, "UPDATE unit_years SET name_zh = '苏州科大' "
                                              "WHERE unit_id = 'u3' AND year = 2019"),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (kh_test_raw_exec (f->path, "UPDATE units SET category_id = 'county' "
                                              "WHERE id = 'u3'"),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (kh_test_raw_exec (f->path, "DELETE FROM unit_links WHERE year = 2019"),
                   ==, SQLITE_OK); /* none: 2019 has no links */

  /* A rename from 2020 on is accepted. */
  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,category,group\n"
                                    "u3,2020,苏州科技学院,university,other\n",
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2019 AND name_zh = '苏州科技大学'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE unit_id = 'u3' AND "
                                   "year = 2020 AND name_zh = '苏州科技学院'"), ==, 1);
  g_ptr_array_set_size (problems, 0);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Changed behind Kaohe's back (the trigger dropped first): verify names the unit, as
   * the format-2 seal has it (names, category, group). */
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER unit_years_sealed_update; "
                                              "UPDATE unit_years SET group_id = 'research' "
                                              "WHERE unit_id = 'u4' AND year = 2019"),
                   ==, SQLITE_OK);
  g_assert_true (kh_project_verify (project, tampered, NULL, NULL, &error));
  g_ptr_array_add (tampered, NULL);
  joined = g_strjoinv ("\n", (char **) tampered->pdata);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "the protective trigger “unit_years_sealed_update” is "
                                    "missing"));
  g_assert_nonnull (strstr (joined, "unit “u4” (its category, names, group and parent) was "
                                    "changed from “常熟理工学院, 常熟理工學院, Changshu Institute "
                                    "of Technology, university, other” to “常熟理工学院, "
                                    "常熟理工學院, Changshu Institute of Technology, university, "
                                    "research”"));
}

/* Tampering that gets past the triggers (dropped first) is caught by verify: the seal
 * of format 2 holds the year's units. */
static void
test_verify_units (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  kh_pg_harness_drop_trigger (f->raw, "unit_years_sealed_update", "unit_years");
  kh_pg_harness_exec (f->raw, "UPDATE unit_years SET group_id = 'research' "
                              "WHERE unit_id = 'u3' AND year = 2019");
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_ptr_array_add (problems, NULL);
  joined = g_strjoinv ("\n", (char **) problems->pdata);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "the protective trigger “unit_years_sealed_update” is "
                                    "missing"));
  g_assert_nonnull (strstr (joined, "unit “u3” (its category, names, group and parent) was "
                                    "changed from “university, 苏州科技大学, 蘇州科技大學, "
                                    "Suzhou University of Science and Technology, other, , ” to "
                                    "“university, 苏州科技大学, 蘇州科技大學, Suzhou University "
                                    "of Science and Technology, research, , ”"));
  g_assert_nonnull (strstr (joined, "recomputing gives unit “u3” a different result"));
}

/* 2020 sealed too: its links (崇川区 k1 continues 港闸区 k2; 海门区 k4 海门市 k3) and
 * parents are covered. Deleting a link and moving 通州区 (k5) under another parent
 * behind Kaohe's back (with the sqlite3 program, the triggers dropped first): verify
 * names both, and 2020's rank change of k1 no longer recomputes as stored. */
static void
test_verify_links (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  for (int year = 2019; year <= 2020; year++)
    {
      g_assert_true (kh_project_compute_and_store (project, year, &error));
      g_assert_no_error (error);
      g_assert_true (kh_project_seal (project, year, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  /* The database refuses both. */
  kh_pg_harness_exec_refused (f->raw, "DELETE FROM unit_links WHERE year = 2020 AND "
                                      "unit_id = 'k1'");
  kh_pg_harness_exec_refused (f->raw, "UPDATE unit_years SET parent_id = 'k1' "
                                      "WHERE unit_id = 'k5' AND year = 2020");
  if (on_server (f))
    {
      /* As the server's superuser would, with psql. */
      kh_pg_harness_drop_trigger (f->raw, "unit_links_sealed_delete", "unit_links");
      kh_pg_harness_exec (f->raw, "DELETE FROM unit_links WHERE year = 2020 AND unit_id = 'k1'");
      kh_pg_harness_drop_trigger (f->raw, "unit_years_sealed_update", "unit_years");
      kh_pg_harness_exec (f->raw, "UPDATE unit_years SET parent_id = 'k1' WHERE unit_id = 'k5' "
                                  "AND year = 2020");
    }
  else
    {
      script = g_strdup_printf ("sqlite3 '%s' \"DROP TRIGGER unit_links_sealed_delete; "
                                "DELETE FROM unit_links WHERE year = 2020 AND unit_id = 'k1'; "
                                "DROP TRIGGER unit_years_sealed_update; "
                                "UPDATE unit_years SET parent_id = 'k1' WHERE unit_id = 'k5' "
                                "AND year = 2020\"",
                                f->path);
      g_assert_true (g_spawn_command_line_sync (script, &out, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);
    }

  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_ptr_array_add (problems, NULL);
  joined = g_strjoinv ("\n", (char **) problems->pdata);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "the protective trigger “unit_links_sealed_delete” is "
                                    "missing"));
  g_assert_nonnull (strstr (joined, "year 2020 (sealed in audit row #"));
  g_assert_nonnull (strstr (joined, "the link of unit “k1” to its predecessor “k2” was deleted "
                                    "(sealed: “1”)"));
  g_assert_nonnull (strstr (joined, "unit “k5” (its category, names, group and parent) was "
                                    "changed from “county, 通州区, 通州區, Tongzhou, counties, "
                                    "city1, ” to “county, 通州区, 通州區, Tongzhou, counties, "
                                    "k1, ”"));
  g_assert_nonnull (strstr (joined, "year 2020, category “county”: recomputing gives unit "
                                    "“k1” a different result"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/project/units/pg");

#define ADD(path, func) \
  kh_pg_harness_add_on_both (pg, "/project/units", path, sizeof (Fixture), \
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) func, \
                             (GTestFixtureFunc) fixture_tear_down)
  ADD ("history-from-successors", test_history_from_successors);
  ADD ("rank-change-across-merger", test_rank_change_across_merger);
  ADD ("new-unit", test_new_unit_in_project);
  ADD ("sealed-transfer-refused", test_sealed_transfer_refused);
  ADD ("transfer-with-year", test_transfer_with_year);
  ADD ("names-per-year", test_names_per_year);
  ADD ("new-year", test_new_year);
  ADD ("per-year-problems", test_per_year_problems);
  ADD ("split", test_split);
  ADD ("declared-order", test_declared_order);
  ADD ("verify-units", test_verify_units);
  ADD ("verify-links", test_verify_links);
#undef ADD
  /* A file's older formats migrated as it opens: about the file, SQLite only. */
  g_test_add ("/project/units/sqlite/migrate-format-1", Fixture, NULL, fixture_set_up_file,
              test_migrate_format_1, fixture_tear_down);
  g_test_add ("/project/units/sqlite/migrate-format-4", Fixture, NULL, fixture_set_up_file,
              test_migrate_format_4, fixture_tear_down);
  return kh_pg_harness_run_and_stop (&pg);
}
