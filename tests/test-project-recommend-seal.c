/* test-project-recommend-seal.c — a seal covers the year's entered lists of
 * recommendations (the "321" workflow) from snapshot format 5; seals of format 4, made
 * before, still verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/recommend/v10-project.sql is a project made by kaohe-cli at 41c4ff4 (the
 * commands are at its top), when a seal's snapshot was of format 4: 2019 computed and
 * sealed (format 4), 2020 neither. Its entered lists, from the dump's rows
 * (every one entered by "tester" at 2021-01-01T00:00:00Z, SOURCE_DATE_EPOCH 1609459200):
 *   2019 county: city1 k5, k1; city2 an empty list (recommends none)
 *   2020 county: city1 k6; city2 t2, k1
 * Sealed now, 2020's snapshot must carry those five rows of 2020 as the lines written
 * below by hand, and a change of any of them behind Kaohe's back (the trigger dropped)
 * is named by verify with the year.
 *
 * Issue 19: every case runs on the file (/project/recommend-seal/sqlite/…) and on a
 * throwaway PostgreSQL server's database the file is copied into (kh_db_copy(): the same
 * rows, chain and seals; /pg/…), asserting the same.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

/* The dump's project as a file, or that file copied onto the harness's database. */
typedef struct
{
  char *dir;
  char *path;
  char *target; /* the file's path or the database's URI */
  KhProject *project;
  KhDb *raw; /* a second connection to the same store */
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *dump = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "recommend", "v10-project.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  f->dir = g_dir_make_tmp ("kh-recommend-seal-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
  g_assert_true (g_file_get_contents (dump, &sql, NULL, NULL));
  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  if (GPOINTER_TO_INT (data) == KH_DB_SQLITE)
    {
      f->project = kh_project_open (f->path, &error);
      g_assert_no_error (error);
      f->raw = kh_db_open (f->path, &error);
      g_assert_no_error (error);
      f->target = g_strdup (f->path);
    }
  else
    {
      f->project = kh_pg_harness_copy_project (pg, f->path, &f->raw);
      f->target = g_strdup (kh_pg_harness_uri (pg));
    }
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
  g_free (f->target);
}

/* The detail of the last seal row of @year. */
static char *
seal_of (Fixture *f,
         int      year)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (f->raw,
                                             "SELECT detail FROM audit_log WHERE action = 'seal' "
                                             "AND year = ? ORDER BY seq DESC LIMIT 1",
                                             &error);

  g_assert_no_error (error);
  kh_db_bind_int64 (stmt, 1, year);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  g_assert_no_error (error);
  return g_strdup (kh_db_column_text (stmt, 0));
}

/* What verify finds, one problem a line ("" when none). */
static char *
verify (Fixture *f)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  char *joined;

  g_assert_true (kh_project_verify (f->project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (problems, NULL);
  joined = g_strjoinv ("\n", (char **) problems->pdata);
  g_test_message ("verify: %s", joined);
  return joined;
}

/* The seal of format 4 made by the kaohe-cli of its time verifies as it was made: its
 * snapshot has no recommendation lines and verify builds the same format to compare. */
static void
test_old_seal (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *sealed = seal_of (f, 2019);
  g_autofree char *problems = verify (f);
  g_autofree char *after = NULL;

  g_assert_true (g_str_has_prefix (sealed, "kaohe-seal\t4\n"));
  g_assert_null (strstr (sealed, "\nrecommendation"));
  g_assert_cmpstr (problems, ==, "");

  /* A format-4 seal did not cover the lists: a change of 2019's list (its trigger
   * dropped) is seen only as the missing trigger, not as a change of the sealed year's
   * content — the seal is compared with what it signed, no more. */
  kh_pg_harness_drop_trigger (f->raw, "recommendation_units_sealed_update", "recommendation_units");
  kh_pg_harness_exec (f->raw, "UPDATE recommendation_units SET unit_id = 'k6' "
                              "WHERE year = 2019 AND position = 1");
  after = verify (f);
  g_assert_nonnull (strstr (after, "the protective trigger “recommendation_units_sealed_update” "
                                   "is missing"));
  g_assert_null (strstr (after, "recommendation 1"));
}

/* Seals 2020 with the code of now: format 5, the five rows of 2020's lists in it. */
static void
seal_2020 (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sealed = NULL;

  g_assert_true (kh_project_compute_and_store (f->project, 2020, &error));
  g_assert_true (kh_project_seal (f->project, 2020, &error));
  g_assert_no_error (error);
  sealed = seal_of (f, 2020);
  g_assert_true (g_str_has_prefix (sealed, "kaohe-seal\t5\n"));
  /* The rows of 2020 (see the top), by category, parent and position. */
  g_assert_nonnull (strstr (sealed, "\nrecommendation_list\tcounty\tcity1\ttester\t"
                                    "2021-01-01T00:00:00Z\n"
                                    "recommendation_list\tcounty\tcity2\ttester\t"
                                    "2021-01-01T00:00:00Z\n"
                                    "recommendation\tcounty\tcity1\t1\tk6\n"
                                    "recommendation\tcounty\tcity2\t1\tt2\n"
                                    "recommendation\tcounty\tcity2\t2\tk1\n"
                                    "value\t"));
  /* Not 2019's: each snapshot is its own year's. */
  g_assert_null (strstr (sealed, "\tk5\n"));
}

/* Seals 2020, then drops the triggers @drops names (table, trigger, …, NULL) and runs @sql
 * on the store behind Kaohe's back (it must succeed): what verify finds then. */
static char *
verify_after_sealed_sql (Fixture           *f,
                         const char *const *drops,
                         const char        *sql)
{
  seal_2020 (f);
  for (guint i = 0; drops[i] != NULL; i += 2)
    kh_pg_harness_drop_trigger (f->raw, drops[i + 1], drops[i]);
  kh_pg_harness_exec (f->raw, sql);
  return verify (f);
}

/* Sealed now, unchanged: verify finds nothing (both seals, of formats 4 and 5); the
 * lists cannot change through Kaohe nor, with the triggers, through SQL. */
static void
test_new_seal (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) units = g_ptr_array_new ();
  g_autofree char *problems = NULL;

  seal_2020 (f);
  problems = verify (f);
  g_assert_cmpstr (problems, ==, "");

  g_ptr_array_add (units, (gpointer) "k5");
  g_assert_false (kh_project_set_recommendation_list (f->project, 2020, "county", "city1", units,
                                                      &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  kh_pg_harness_exec_refused_as (f->raw, "UPDATE recommendation_units SET unit_id = 'k5' "
                                         "WHERE year = 2020 AND parent_id = 'city1'",
                                 KH_DB_ERROR_RAISED);
}

/* Changed behind Kaohe's back after the seal (the trigger dropped): verify names the
 * year and the row, as sealed and as it is now. */
static void
test_updated (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *problems = NULL;

  static const char *const drops[] = { "recommendation_units",
                                       "recommendation_units_sealed_update", NULL };

  problems = verify_after_sealed_sql (f, drops,
                                      "UPDATE recommendation_units SET unit_id = 'k5' "
                                         "WHERE year = 2020 AND parent_id = 'city1'");
  g_assert_nonnull (strstr (problems, "year 2020 (sealed in audit row #"));
  g_assert_nonnull (strstr (problems, "recommendation 1 in the entered list of unit “city1”, "
                                      "category “county” was changed from “k6” to “k5”"));
}

static void
test_inserted (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *problems = NULL;

  static const char *const drops[] = { "recommendation_units",
                                       "recommendation_units_sealed_insert", NULL };

  problems = verify_after_sealed_sql (f, drops,
                                      "INSERT INTO recommendation_units VALUES "
                                         "(2020, 'county', 'city1', 2, 't1')");
  g_assert_nonnull (strstr (problems, "year 2020 (sealed in audit row #"));
  g_assert_nonnull (strstr (problems, "recommendation 2 in the entered list of unit “city1”, "
                                      "category “county” was added (now: “t1”)"));
}

/* A whole list removed (city2's, so that its rule would choose again): the list and
 * both its units are named. Through kaohe-cli verify too, which then fails. */
static void
test_deleted (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *problems = NULL;
  g_autoptr (KhCliRun) run = NULL;

  static const char *const drops[] = { "recommendation_units",
                                       "recommendation_units_sealed_delete",
                                       "recommendation_lists",
                                       "recommendation_lists_sealed_delete", NULL };

  problems = verify_after_sealed_sql (f, drops,
                                      "DELETE FROM recommendation_units WHERE year = 2020 "
                                         "AND parent_id = 'city2'; "
                                         "DELETE FROM recommendation_lists WHERE year = 2020 "
                                         "AND parent_id = 'city2'");
  g_assert_nonnull (strstr (problems, "year 2020 (sealed in audit row #"));
  g_assert_nonnull (strstr (problems, "the entered list of recommendations of unit “city2”, "
                                      "category “county” (who entered it, when) was deleted "
                                      "(sealed: “tester, 2021-01-01T00:00:00Z”)"));
  g_assert_nonnull (strstr (problems, "recommendation 1 in the entered list of unit “city2”, "
                                      "category “county” was deleted (sealed: “t2”)"));
  g_assert_nonnull (strstr (problems, "recommendation 2 in the entered list of unit “city2”, "
                                      "category “county” was deleted (sealed: “k1”)"));
  /* 2019's seal (format 4) is not concerned. */
  g_assert_null (strstr (problems, "year 2019"));

  g_clear_pointer (&f->project, kh_project_close);
  run = kh_test_cli_run ("verify", f->target, NULL);
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, "recommendation 2 in the entered list of unit “city2”, "
                                      "category “county” was deleted"));
}

/* Who entered a list is covered too. */
static void
test_entered_by (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *problems = NULL;

  static const char *const drops[] = { "recommendation_lists",
                                       "recommendation_lists_sealed_update", NULL };

  problems = verify_after_sealed_sql (f, drops,
                                      "UPDATE recommendation_lists SET entered_by = "
                                         "'someone' WHERE year = 2020 AND parent_id = 'city1'");
  g_assert_nonnull (strstr (problems, "the entered list of recommendations of unit “city1”, "
                                      "category “county” (who entered it, when) was changed from "
                                      "“tester, 2021-01-01T00:00:00Z” to “someone, "
                                      "2021-01-01T00:00:00Z”"));
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
    { "old-seal", test_old_seal },
    { "new-seal", test_new_seal },
    { "updated", test_updated },
    { "inserted", test_inserted },
    { "deleted", test_deleted },
    { "entered-by", test_entered_by },
  };

  g_test_init (&argc, &argv, NULL);
  kh_pg_harness_start_if_installed (&pg, "/project/recommend-seal/pg");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/project/recommend-seal/sqlite/%s",
                                                 cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/project/recommend-seal/pg/%s",
                                                     cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      if (pg != NULL)
        g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                    cases[k].func, fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
