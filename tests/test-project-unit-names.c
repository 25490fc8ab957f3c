/* test-project-unit-names.c — a unit's short name (简称) per year and its aliases: the
 * units import (both layouts), sealed years, the seal covering them (format 4 on),
 * migrating format 5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small project of tests/data/units (see test-project-units.c): counties k1 崇川区,
 * k2 港闸区 (until 2019), k3 海门市 (until 2019), k4 海门区 (from 2020), k5 通州区, k6
 * 如皋市 under city1 南通市; universities u1 苏州大学 … u5 淮阴工学院.
 *
 * Issue 19: each case runs on a project file (/project/unit-names/sqlite/…) and on a
 * project in a throwaway PostgreSQL server's database (/project/unit-names/pg/…,
 * kh-pg-harness.h), the same assertions on both; raw SQL goes through a second
 * connection. Migrating a file's older format stays on SQLite.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

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
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->project = kh_pg_harness_new_project (pg, GPOINTER_TO_INT (data), FALSE, &f->raw, &f->dir,
                                          &f->path);
}

/* A folder and the path of a file not made yet: the case about a file's older format. */
static void
fixture_set_up_file (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->dir = g_dir_make_tmp ("kh-unit-names-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
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

/* The units of tests/data/units with short names and aliases (the layout with one row
 * per unit), then the frameworks and data of 2019 and 2020. */
static const char units_csv[] =
  "id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor,parent,"
  "short_name,aliases\n"
  "city1,南通市,南通市,Nantong,city,,,,,,南通,\n"
  "k1,崇川区,崇川區,Chongchuan,county,counties,,,,city1,崇川,Chongchuan District\n"
  "k2,港闸区,港閘區,Gangzha,county,counties,,2019,k1,city1,港闸,\n"
  "k3,海门市,海門市,Haimen City,county,counties,,2019,k4,city1,海门,\n"
  "k4,海门区,海門區,Haimen District,county,counties,2020,,,city1,海门,\n"
  "k5,通州区,通州區,Tongzhou,county,counties,,,,city1,通州,\n"
  "k6,如皋市,如皋市,Rugao,county,counties,,,,city1,如皋,\n"
  "u1,苏州大学,蘇州大學,Soochow University,university,research,,,,,苏大,"
  "Suzhou Daxue；东吴大学; Suzhou Daxue ;\n"
  "u2,南京师范大学,南京師範大學,Nanjing Normal University,university,research,,,,,南师大,\n"
  "u3,苏州科技大学,蘇州科技大學,Suzhou University of Science and Technology,university,"
  "other,,,,,苏科大,\n"
  "u4,常熟理工学院,常熟理工學院,Changshu Institute of Technology,university,other,,,,,"
  "常熟理工,\n"
  "u5,淮阴工学院,淮陰工學院,Huaiyin Institute of Technology,university,other,,,,,淮工,\n";

static KhProject *
build_project (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = g_steal_pointer (&f->project);

  g_assert_nonnull (project);
  g_assert_true (import_units_text (project, units_csv, &error));
  g_assert_no_error (error);
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

static char *
verify_joined (KhProject *project)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (problems, NULL);
  return g_strjoinv ("\n", (char **) problems->pdata);
}

/* The units were imported before the project had a year: the short names are the
 * units' latest, and each year added by its framework copies them (2019 and 2020).
 * u1's aliases: “；” and “;” both separate, blanks are dropped, the second “Suzhou
 * Daxue” and the empty last one are not kept: 2 aliases, in order. The import's audit
 * row holds the new columns as read. */
static void
test_import (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) y2019 = kh_project_get_units (project, 2019, NULL, &error);
  g_autoptr (GPtrArray) y2020 = kh_project_get_units (project, 2020, NULL, &error);
  KhUnitYear *u1;

  g_assert_no_error (error);
  g_assert_cmpstr (find_unit (y2019, "city1")->short_name, ==, "南通");
  g_assert_cmpstr (find_unit (y2019, "k3")->short_name, ==, "海门");
  g_assert_cmpstr (find_unit (y2020, "k4")->short_name, ==, "海门");
  g_assert_null (find_unit (y2020, "k3"));
  u1 = find_unit (y2020, "u1");
  g_assert_cmpstr (u1->short_name, ==, "苏大");
  g_assert_cmpuint (u1->aliases->len, ==, 2);
  g_assert_cmpstr (u1->aliases->pdata[0], ==, "Suzhou Daxue");
  g_assert_cmpstr (u1->aliases->pdata[1], ==, "东吴大学");
  g_assert_cmpuint (find_unit (y2020, "u2")->aliases->len, ==, 0);
  g_assert_cmpuint (find_unit (y2019, "k1")->aliases->len, ==, 1);
  /* 12 units × their years: 2019 has 11 (not k4), 2020 has 10 (not k2, k3): each row
   * with its short name; the units table too. */
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE short_name IS NOT NULL"),
                   ==, 21);
  g_assert_cmpint (count (project, "SELECT count(*) FROM units WHERE short_name = '苏科大'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_aliases"), ==, 3);
  /* The tab in the literal itself: SQLite's char() and PostgreSQL's chr() differ. */
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'units' AND "
                                   "detail LIKE '%苏大\tSuzhou Daxue；东吴大学%'"),
                   ==, 1);

  /* A table without the columns keeps what the units have. */
  g_assert_true (import_units_text (project,
                                    "id,name_zh,category,group\n"
                                    "u1,苏州大学,university,research\n",
                                    &error));
  g_assert_no_error (error);
  g_clear_pointer (&y2020, g_ptr_array_unref);
  y2020 = kh_project_get_units (project, 2020, NULL, &error);
  g_assert_cmpstr (find_unit (y2020, "u1")->short_name, ==, "苏大");
  g_assert_cmpuint (find_unit (y2020, "u1")->aliases->len, ==, 2);
  /* An empty cell clears them. */
  g_assert_true (import_units_text (project,
                                    "id,name_zh,category,group,short_name,aliases\n"
                                    "u1,苏州大学,university,research,,\n",
                                    &error));
  g_assert_no_error (error);
  g_clear_pointer (&y2020, g_ptr_array_unref);
  y2020 = kh_project_get_units (project, 2020, NULL, &error);
  g_assert_null (find_unit (y2020, "u1")->short_name);
  g_assert_cmpuint (find_unit (y2020, "u1")->aliases->len, ==, 0);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_aliases"), ==, 1);
}

/* 2019 sealed. Its short names are part of the year: a table with one row per unit
 * that would give u3 another short name in every year is refused at u3's row (line 2)
 * and the short_name column (5), nothing changed; the same with one row per unit and
 * year for 2020 only is taken, and 2019 keeps 苏科大. Aliases belong to no year: they
 * change with 2019 sealed, and verify still finds nothing wrong. */
static void
test_sealed (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) y2019 = NULL;
  g_autoptr (GPtrArray) y2020 = NULL;
  g_autofree char *problems = NULL;

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  g_assert_no_error (error);
  g_assert_false (import_units_text (project,
                                     "id,name_zh,category,group,short_name\n"
                                     "u3,苏州科技大学,university,other,苏州科大\n",
                                     &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "units.csv: row 2, column 5: unit “u3” has the "
                                            "short name “苏科大” in 2019, which is sealed: it "
                                            "cannot become “苏州科大” there"));
  g_clear_error (&error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM units WHERE short_name = '苏州科大'"), ==, 0);

  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,category,group,short_name,aliases\n"
                                    "u3,2020,苏州科技大学,university,other,苏州科大,苏科大学\n",
                                    &error));
  g_assert_no_error (error);
  y2019 = kh_project_get_units (project, 2019, NULL, &error);
  y2020 = kh_project_get_units (project, 2020, NULL, &error);
  g_assert_cmpstr (find_unit (y2019, "u3")->short_name, ==, "苏科大");
  g_assert_cmpstr (find_unit (y2020, "u3")->short_name, ==, "苏州科大");
  g_assert_cmpstr (find_unit (y2019, "u3")->aliases->pdata[0], ==, "苏科大学");
  problems = verify_joined (project);
  g_assert_cmpstr (problems, ==, "");
  /* The database itself keeps 2019's. */
  kh_pg_harness_exec_refused (f->raw, "UPDATE unit_years SET short_name = 'x' "
                                      "WHERE unit_id = 'u3' AND year = 2019");
}

/* The seal (of format 5 now; format 4 brought the short names) covers the short names:
 * one changed with sqlite3 behind Kaohe's back (its trigger dropped first) is named by
 * verify, old and new. */
static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *problems = NULL;

  g_assert_true (kh_project_compute_and_store (project, 2019, &error));
  g_assert_true (kh_project_seal (project, 2019, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'seal' AND "
                                   "detail LIKE 'kaohe-seal\t5\n%'"),
                   ==, 1);
  kh_pg_harness_drop_trigger (f->raw, "unit_years_sealed_update", "unit_years");
  kh_pg_harness_exec (f->raw, "UPDATE unit_years SET short_name = '南师' "
                              "WHERE unit_id = 'u2' AND year = 2019");
  problems = verify_joined (project);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "unit “u2” (its category, names, group and parent) was "
                                      "changed from “university, 南京师范大学, 南京師範大學, "
                                      "Nanjing Normal University, research, , 南师大” to "
                                      "“university, 南京师范大学, 南京師範大學, Nanjing Normal "
                                      "University, research, , 南师”"));
}

/* A project of format 5 (tests/data/units/v5-project.sql, made by kaohe-cli of that
 * version: the units of tests/data/units, 2019 and 2020 of both categories, 2019 sealed
 * with a seal of format 3) opens as format 6, audited (from=5, to=6), with no short
 * names and no aliases; the seal of format 3 still verifies; 2020 then gets short names
 * (one row per unit and year) and the project still verifies. */
static void
test_migrate_format_5 (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *dump = kh_test_data_path ("units", "v5-project.sql");
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) y2020 = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_get_contents (dump, &sql, NULL, NULL));
  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "PRAGMA user_version"), ==, KH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'migrate' "
                                   "AND detail = 'from=5' || char(10) || 'to=6'"), ==, 1);
  g_assert_cmpint (count (project, "SELECT count(*) FROM unit_years WHERE short_name IS NULL"),
                   ==, 21);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'seal' AND "
                                   "detail LIKE 'kaohe-seal' || char(9) || '3' || char(10) || '%'"),
                   ==, 1);
  problems = verify_joined (project);
  g_assert_cmpstr (problems, ==, "");

  g_assert_true (import_units_text (project,
                                    "id,year,name_zh,category,group,short_name\n"
                                    "u1,2020,苏州大学,university,research,苏大\n"
                                    "u2,2020,南京师范大学,university,research,南师大\n",
                                    &error));
  g_assert_no_error (error);
  y2020 = kh_project_get_units (project, 2020, "university", &error);
  g_assert_cmpstr (find_unit (y2020, "u2")->short_name, ==, "南师大");
  after = verify_joined (project);
  g_assert_cmpstr (after, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/project/unit-names/pg");

#define ADD(path, func) \
  kh_pg_harness_add_on_both (pg, "/project/unit-names", path, sizeof (Fixture), \
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) func, \
                             (GTestFixtureFunc) fixture_tear_down)
  ADD ("import", test_import);
  ADD ("sealed", test_sealed);
  ADD ("tamper", test_tamper);
#undef ADD
  /* A file's older format migrated as it opens: about the file, SQLite only. */
  g_test_add ("/project/unit-names/sqlite/migrate-format-5", Fixture, NULL, fixture_set_up_file,
              test_migrate_format_5, fixture_tear_down);
  return kh_pg_harness_run_and_stop (&pg);
}
