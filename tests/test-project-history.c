/* test-project-history.c — every saved version of a framework (schema version 8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the cases run on a project file (/project-history/sqlite/…) and on a project in
 * a throwaway PostgreSQL server's database (/project-history/pg/…, kh-pg-harness.h): a
 * project from a file's dump is copied there as `kaohe-cli copy` would; raw SQL goes
 * through a second connection. Migrating a file's older formats stays on SQLite.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  KhDbBackend backend;
  KhDb *raw; /* a second connection to the case's store, once it has a project */
  char *dir;
  char *path; /* a project file (not made yet) */
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->backend = GPOINTER_TO_INT (data);
  f->dir = g_dir_make_tmp ("kh-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->raw, kh_db_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A new project on the case's store. */
static KhProject *
new_project (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  KhProject *project;

  if (f->backend == KH_DB_SQLITE)
    {
      project = kh_project_create (f->path, &error);
      g_assert_no_error (error);
      f->raw = kh_db_open (f->path, &error);
      g_assert_no_error (error);
      return project;
    }
  return kh_pg_harness_new_project (pg, KH_DB_POSTGRESQL, FALSE, &f->raw, &dir, NULL);
}

/* The project of the dump @sql (a file of an older format, opened and so brought up to
 * date), on the case's store: the file, or its copy on the server. */
static KhProject *
project_from_dump (Fixture    *f,
                   const char *sql)
{
  g_autoptr (GError) error = NULL;
  KhProject *project;

  g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
  if (f->backend == KH_DB_POSTGRESQL)
    return kh_pg_harness_copy_project (pg, f->path, &f->raw);
  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  f->raw = kh_db_open (f->path, &error);
  g_assert_no_error (error);
  return project;
}

static char *
data_path (const char *folder,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", folder, name, NULL);
}

static char *
read_data (const char *folder,
           const char *name)
{
  g_autofree char *path = data_path (folder, name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Through the project's own connection, on either store. */
static gint64
count (KhProject  *project,
       const char *sql)
{
  return kh_pg_harness_count (kh_project_get_store (project), sql);
}

/* The writer of what follows: on a file the name given; on a server the writer is always
 * the login (kh_project_set_user() is not taken there), so the project is opened again as
 * a login of that name, a superuser of the throwaway server. */
static void
write_as (Fixture     *f,
          KhProject  **project,
          const char  *user)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;

  if (f->backend == KH_DB_SQLITE)
    {
      kh_project_set_user (*project, user);
      return;
    }
  uri = kh_pg_harness_uri_as (pg, NULL, user);
  kh_project_close (*project);
  *project = kh_project_open (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_project_get_user (*project), ==, user);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

/* Imports, an edit, the same text again, a restore: versions 1, 2, (none), 3 = 1. */
static void
test_versions (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = new_project (f);
  g_autofree char *v1 = read_data ("project", "framework-2020.xml");
  g_autofree char *v2 = replace (v1, "设区市测试指标体系", "设区市测试指标体系（修订）");
  g_autoptr (GPtrArray) versions = NULL;
  g_autofree char *xml = NULL;
  KhFrameworkVersion *v;

  write_as (f, &project, "张三");
  g_assert_true (kh_project_set_framework (project, 2020, v1, strlen (v1), "framework-2020.xml",
                                           &error));
  g_assert_no_error (error);
  write_as (f, &project, "李四");
  g_assert_true (kh_project_set_framework (project, 2020, v2, strlen (v2), "edited.xml", &error));
  /* the same text again is no new version (but still a "framework" audit row) */
  g_assert_true (kh_project_set_framework (project, 2020, v2, strlen (v2), "again.xml", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM framework_versions"), ==, 2);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'framework'"),
                   ==, 3);

  write_as (f, &project, "王五");
  g_assert_true (kh_project_restore_framework_version (project, 2020, "city", 1, &error));
  g_assert_no_error (error);

  versions = kh_project_get_framework_versions (project, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 3);
  v = versions->pdata[0];
  g_assert_cmpint (v->year, ==, 2020);
  g_assert_cmpstr (v->category, ==, "city");
  g_assert_cmpint (v->version, ==, 1);
  g_assert_cmpstr (v->saved_by, ==, "张三");
  g_assert_cmpstr (v->source, ==, "framework-2020.xml");
  g_assert_cmpuint (strlen (v->saved_at), ==, strlen ("2026-12-05T00:00:00Z"));
  g_assert_false (v->current);
  v = versions->pdata[1];
  g_assert_cmpint (v->version, ==, 2);
  g_assert_cmpstr (v->saved_by, ==, "李四");
  g_assert_cmpstr (v->source, ==, "edited.xml");
  g_assert_false (v->current);
  v = versions->pdata[2];
  g_assert_cmpint (v->version, ==, 3);
  g_assert_cmpstr (v->saved_by, ==, "王五");
  g_assert_cmpstr (v->source, ==, "restored from version 1");
  g_assert_true (v->current);

  /* each version's text as saved; the year's framework is version 3 = version 1 */
  xml = kh_project_get_framework_version_xml (project, 2020, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, v2);
  g_clear_pointer (&xml, g_free);
  xml = kh_project_get_framework_version_xml (project, 2020, "city", 3, &error);
  g_assert_cmpstr (xml, ==, v1);
  g_clear_pointer (&xml, g_free);
  xml = kh_project_get_framework_xml (project, 2020, &error);
  g_assert_cmpstr (xml, ==, v1);
  g_clear_pointer (&xml, g_free);

  /* filters: another year or category has none */
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = kh_project_get_framework_versions (project, 2021, NULL, &error);
  g_assert_cmpuint (versions->len, ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = kh_project_get_framework_versions (project, 2020, "county", &error);
  g_assert_cmpuint (versions->len, ==, 0);
  g_assert_no_error (error);

  /* a version that is not there, named with the ones that are */
  g_assert_null (kh_project_get_framework_version_xml (project, 2020, "city", 4, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has no version 4 (it has versions 1 to 3)"));
  g_clear_error (&error);
  g_assert_false (kh_project_restore_framework_version (project, 2020, "county", 1, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM framework_versions"), ==, 3);

  /* every version names the "framework" audit row that wrote it */
  g_assert_cmpint (count (project, "SELECT count(*) FROM framework_versions v JOIN audit_log a "
                                   "ON a.seq = v.audit_seq WHERE a.action = 'framework' "
                                   "AND a.user_name = v.saved_by AND a.at = v.saved_at"),
                   ==, 3);
  {
    g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

/* History is never rewritten, and a sealed year's is frozen with its framework: in the
 * format-4 dump (tests/data/units/v4-project.sql) 2019 is sealed, 2020 is not. */
static void
test_sealed (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *sql = read_data ("units", "v4-project.sql");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;

  project = project_from_dump (f, sql);
  v1 = kh_project_get_framework_version_xml (project, 2020, "university", 1, &error);
  g_assert_no_error (error);
  v2 = g_strconcat (v1, "<!-- v2 -->\n", NULL);
  g_assert_true (kh_project_set_framework (project, 2020, v2, strlen (v2), "b.xml", &error));
  g_assert_no_error (error);
  /* not even an unsealed year's versions change or go */
  kh_pg_harness_exec_refused (f->raw, "UPDATE framework_versions SET saved_by = 'x' "
                                      "WHERE year = 2020");

  /* 2019 is sealed: no restore (not even of the version in place), no row in or out */
  g_assert_false (kh_project_restore_framework_version (project, 2019, "county", 1, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  kh_pg_harness_exec_refused (f->raw, "DELETE FROM framework_versions WHERE year = 2019");
  kh_pg_harness_exec_refused (f->raw, "INSERT INTO framework_versions SELECT year, category_id, "
                                      "2, xml, saved_by, saved_at, source, audit_seq "
                                      "FROM framework_versions WHERE year = 2019");
  /* 2019 county, 2019 university, 2020 university × 2 */
  g_assert_cmpint (count (project, "SELECT count(*) FROM framework_versions"), ==, 4);
  g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Projects of formats 1 and 4 (tests/data/units/v1-project.sql, v4-project.sql: 2019 of
 * county and university sealed, 2020 of university) get their three frameworks as
 * version 1, written by the user and at the time of their "framework" audit rows (#3,
 * #5, #7 of both dumps: format 4 through the frameworks' audit_seq, format 1, which has
 * none, through the latest row naming the category); the migration to 6 is audited. An
 * unsealed year then goes on with version 2; the sealed year's history refuses. */
static void
test_migrate (Fixture      *f,
              gconstpointer data)
{
  const char *dumps[] = { "v1-project.sql", "v4-project.sql" };
  const char *users[] = { "tester", "kaohe-test" };
  const char *times_2020[] = { "2021-01-01T00:00:00Z", "2026-12-05T00:10:09Z" };

  for (guint d = 0; d < G_N_ELEMENTS (dumps); d++)
    {
      g_autofree char *sql = read_data ("units", dumps[d]);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhProject) project = NULL;
      g_autoptr (GPtrArray) versions = NULL;
      g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *xml = NULL;
      g_autofree char *edited = NULL;

      g_remove (f->path);
      g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);

      /* read-only, still of the old format: the same list, from the frameworks table */
      project = kh_project_open_readonly (f->path, &error);
      g_assert_no_error (error);
      versions = kh_project_get_framework_versions (project, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (versions->len, ==, 3);
      g_clear_pointer (&versions, g_ptr_array_unref);
      g_clear_pointer (&project, kh_project_close);

      project = kh_project_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'migrate' "
                                       "AND detail = 'from=7' || char(10) || 'to=8'"), ==, 1);
      versions = kh_project_get_framework_versions (project, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (versions->len, ==, 3);
      for (guint i = 0; i < versions->len; i++)
        {
          KhFrameworkVersion *v = versions->pdata[i];
          /* by year, then category: 2019 county, 2019 university, 2020 university */
          const int years[] = { 2019, 2019, 2020 };
          const char *categories[] = { "county", "university", "university" };

          g_assert_cmpint (v->year, ==, years[i]);
          g_assert_cmpstr (v->category, ==, categories[i]);
          g_assert_cmpint (v->version, ==, 1);
          g_assert_true (v->current);
          g_assert_cmpstr (v->saved_by, ==, users[d]);
          g_assert_cmpstr (v->source, ==, "");
        }
      /* audit row #7 (2020's framework) is at 00:10:09 in the format-4 dump */
      g_assert_cmpstr (((KhFrameworkVersion *) versions->pdata[2])->saved_at, ==, times_2020[d]);
      xml = kh_project_get_framework_version_xml (project, 2020, NULL, 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (xml, "id=\"units-university-2020\""));

      g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s", (char *) problems->pdata[i]);
      g_assert_cmpuint (problems->len, ==, 0);

      /* 2020 goes on with version 2; 2019 (sealed) cannot get one */
      edited = g_strconcat (xml, "\n", NULL);
      g_assert_true (kh_project_set_framework (project, 2020, edited, strlen (edited), "e.xml",
                                               &error));
      g_assert_no_error (error);
      g_assert_cmpint (count (project, "SELECT max(version) FROM framework_versions "
                                       "WHERE year = 2020"), ==, 2);
      g_assert_cmpint (kh_test_raw_exec (f->path, "INSERT INTO framework_versions SELECT year, "
                                                  "category_id, 2, xml, saved_by, saved_at, "
                                                  "source, audit_seq FROM framework_versions "
                                                  "WHERE year = 2019"),
                       ==, SQLITE_CONSTRAINT);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "kaohe-test", TRUE);
  kh_pg_harness_start_if_installed (&pg, "/project-history/pg");
  kh_pg_harness_add_on_both (pg, "/project-history", "versions", sizeof (Fixture),
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) test_versions,
                             (GTestFixtureFunc) fixture_tear_down);
  kh_pg_harness_add_on_both (pg, "/project-history", "sealed", sizeof (Fixture),
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) test_sealed,
                             (GTestFixtureFunc) fixture_tear_down);
  /* A file's older formats migrated as it opens: about the file, SQLite only. */
  g_test_add ("/project-history/sqlite/migrate", Fixture, GINT_TO_POINTER (KH_DB_SQLITE),
              fixture_set_up, test_migrate, fixture_tear_down);
  return kh_pg_harness_run_and_stop (&pg);
}
