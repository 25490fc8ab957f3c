/* test-project.c — the project file: checks on open, imports, edits, seals, verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the cases about a project's content run on a project file (/project/sqlite/…)
 * and on a project in a throwaway PostgreSQL server's database (/project/pg/…,
 * kh-pg-harness.h), the same assertions on both: the server's project is a new file's copy
 * (kaohe-cli copy: its "create" audit row by tester), opened as the login tester (on a
 * server the writer is the login). The cases about the file itself (its header, journal,
 * folder, quick_check, older formats, a copy saved beside it) stay on SQLite.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "io/kh-audit.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  KhProject *project; /* the case's new project, as kh_project_create() makes one */
  KhDb *raw;          /* a second connection to the same store */
  char *dir;
  char *path;   /* the project file (on PostgreSQL the file the project was copied from) */
  char *target; /* the project file, or its database's URI as the login tester */
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "project", name, NULL);
}

/* A folder and the path of a file not made yet: the cases about the file. */
static void
fixture_set_up_file (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("kh-project-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.kaohe", NULL);
}

/* A new project by tester, on the case's store. */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture_set_up_file (f, data);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE); /* 2021-01-01T00:00:00Z */
  f->project = kh_project_create (f->path, &error);
  g_assert_no_error (error);
  if (GPOINTER_TO_INT (data) == KH_DB_POSTGRESQL)
    {
      g_clear_pointer (&f->project, kh_project_close);
      kh_project_close (kh_pg_harness_copy_project (pg, f->path, &f->raw));
      f->target = kh_pg_harness_uri_as (pg, NULL, "tester");
      f->project = kh_project_open (f->target, &error);
      g_assert_no_error (error);
    }
  else
    {
      f->raw = kh_db_open (f->path, &error);
      g_assert_no_error (error);
      f->target = g_strdup (f->path);
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

static gboolean
on_server (Fixture *f)
{
  return f->raw != NULL && kh_db_backend (f->raw) == KH_DB_POSTGRESQL;
}

/* Through the project's own connection, on either store. */
static gint64
count (KhProject  *project,
       const char *sql)
{
  return kh_pg_harness_count (kh_project_get_store (project), sql);
}

static void
import_csv_units (KhProject *project)
{
  g_autofree char *path = data_path ("units.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_no_error (error);
}

static void
import_framework (KhProject *project,
                  int        year)
{
  g_autofree char *name = g_strdup_printf ("framework-%d.xml", year);
  g_autofree char *path = data_path (name);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &xml, &len, NULL));
  kh_project_set_framework (project, year, xml, len, name, &error);
  g_assert_no_error (error);
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

/* A project with units, the 2020 framework and data-2020.csv. */
static KhProject *
build_project (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;

  if (f->project == NULL) /* a case about the file: its fixture made none */
    {
      g_setenv ("KAOHE_USER", "tester", TRUE);
      g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE); /* 2021-01-01T00:00:00Z */
      f->project = kh_project_create (f->path, &error);
      g_assert_no_error (error);
    }
  project = g_steal_pointer (&f->project);
  import_csv_units (project);
  import_framework (project, 2020);
  import_data (project, 2020, "data-2020.csv", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&project);
}

static double
value_of (KhProject  *project,
          int         year,
          const char *unit,
          const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhRecordSet) set = kh_project_get_records (project, year, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < set->records->len; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (g_str_equal (r->unit, unit) && g_str_equal (r->field, field))
        return r->value;
    }
  g_assert_not_reached ();
}

static void
test_project_create_and_open (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_create (f->path, &error);
  g_autoptr (KhProject) again = NULL;

  g_assert_no_error (error);
  /* application_id 'KAOH' = 0x4B414F48 = 1262571336, the current schema, one "create"
   * audit row (the migrations after the first add none). */
  g_assert_cmpint (count (project, "PRAGMA application_id"), ==, 1262571336);
  g_assert_cmpint (count (project, "PRAGMA user_version"), ==, KH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count (project, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count (project, "PRAGMA synchronous"), ==, 2); /* FULL */
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 1);
  g_clear_pointer (&project, kh_project_close);

  again = kh_project_create (f->path, &error);
  g_assert_null (again);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  project = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
}

/* A journal left beside the name of a new project or of a copy (an earlier file of that
 * name deleted after a crash) would be rolled into the new file by SQLite at its first
 * open: the project is not created, the copy not written, and the journal is left alone. */
static void
test_project_stale_journal (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "copy.kaohe", NULL);
  g_autofree char *wal = g_strconcat (dest, "-wal", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (journal, "left by an earlier file", -1, &error));
  g_assert_null (kh_project_create (f->path, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "a journal of an earlier file of this name is beside it"));
  g_assert_nonnull (strstr (error->message, journal));
  g_clear_error (&error);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (journal, &bytes, &len, &error));
  g_assert_cmpstr (bytes, ==, "left by an earlier file");

  /* Moved away, the project is made. */
  g_assert_cmpint (g_unlink (journal), ==, 0);
  project = kh_project_create (f->path, &error);
  g_assert_no_error (error);

  /* A copy is not written over a name with a journal beside it either. */
  g_assert_true (g_file_set_contents (wal, "", -1, &error));
  g_assert_false (kh_project_save_as (project, dest, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, wal));
  g_clear_error (&error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_assert_true (kh_project_save_as (project, dest, &error));
  g_assert_no_error (error);
}

/* A project made, saved as and opened in a folder reached through a symbolic link (as
 * /home → /var/home on some systems): SQLite's no-follow open refused the copy's path. */
static void
test_project_linked_folder (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhProject) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *real = g_build_filename (f->dir, "real", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link", NULL);
  g_autofree char *path = g_build_filename (link, "p.kaohe", NULL);
  g_autofree char *dest = g_build_filename (link, "copy.kaohe", NULL);
  g_autofree char *in_real = g_build_filename (real, "p.kaohe", NULL);

  g_assert_cmpint (g_mkdir (real, 0700), ==, 0);
  g_assert_cmpint (symlink (real, link), ==, 0);
  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (in_real, G_FILE_TEST_IS_REGULAR));
  g_assert_true (kh_project_save_as (project, dest, &error));
  g_assert_no_error (error);
  copy = kh_project_open (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (copy), "SELECT count(*) FROM audit_log"), ==, 1);
  g_clear_pointer (&copy, kh_project_close);
  g_clear_pointer (&project, kh_project_close);
  g_unlink (dest);
  g_unlink (in_real);
  g_unlink (link);
  g_rmdir (real);
}

/* Opening @path must fail with @code and leave the file's bytes as they were. */
static void
assert_refused (const char *path,
                int         code,
                const char *fragment)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  project = kh_project_open (path, &error);
  g_assert_null (project);
  g_assert_error (error, KH_IO_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_project_refuses (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *text = g_build_filename (f->dir, "text.kaohe", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.kaohe", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *pristine = NULL;
  gsize len = 0;
  guint page_size;

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (text, "unit,gdp\nnanjing,1\n" "padding padding padding "
                                      "padding padding padding padding padding padding padding "
                                      "padding padding padding padding",
                                      -1, NULL));
  assert_refused (text, KH_IO_ERROR_CORRUPT, "not a Kaohe project");

  /* An SQLite database of another application, unmarked and marked. */
  g_assert_cmpint (kh_test_raw_exec (other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);"), ==,
                   SQLITE_OK);
  assert_refused (other, KH_IO_ERROR_CORRUPT, "an empty file or an unmarked SQLite database");
  g_assert_cmpint (kh_test_raw_exec (other, "PRAGMA application_id = 1234"), ==, SQLITE_OK);
  assert_refused (other, KH_IO_ERROR_CORRUPT, "an SQLite database of another application");

  /* An empty file. */
  g_assert_true (g_file_set_contents (damaged, "", 0, NULL));
  assert_refused (damaged, KH_IO_ERROR_CORRUPT, "an empty file or an unmarked SQLite database");

  /* A project from a newer Kaohe. */
  project = kh_project_create (f->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  /* one format past the current one */
  g_assert_cmpint (kh_test_raw_exec (f->path, "PRAGMA user_version = 15"), ==, SQLITE_OK);
  G_STATIC_ASSERT (KH_PROJECT_SCHEMA_VERSION == 14);
  assert_refused (f->path, KH_IO_ERROR_VERSION, "newer version of Kaohe (project format 15");
  g_assert_cmpint (kh_test_raw_exec (f->path, "PRAGMA user_version = " G_STRINGIFY (KH_PROJECT_SCHEMA_VERSION)), ==, SQLITE_OK);

  /* A damaged file: the second page (the first table's b-tree) overwritten; the page size
   * is the file header's big-endian 16 bits at offset 16 (SQLite's default, 4096). */
  g_assert_true (g_file_get_contents (f->path, &bytes, &len, NULL));
  page_size = ((guint8) bytes[16] << 8) | (guint8) bytes[17];
  g_assert_cmpuint (page_size, ==, 4096);
  g_assert_cmpuint (len, >=, 3 * page_size);
  pristine = g_memdup2 (bytes, len);
  memset (bytes + page_size, 0xA5, page_size);
  g_assert_true (g_file_set_contents (damaged, bytes, len, NULL));
  assert_refused (damaged, KH_IO_ERROR_CORRUPT, "damaged");

  /* Flipped bytes in a valid project: it opens, or is refused unchanged; never a crash. */
  {
    g_autofree char *mutant = g_build_filename (f->dir, "mutant.kaohe", NULL);
    GRand *rand = g_rand_new_with_seed (1262571336);
    guint refused = 0;

    for (guint i = 0; i < 150; i++)
      {
        g_autofree char *copy = g_memdup2 (pristine, len);
        g_autofree char *after = NULL;
        g_autoptr (KhProject) opened = NULL;
        gsize after_len = 0;

        for (guint k = 0; k < 3; k++)
          copy[g_rand_int_range (rand, 0, (gint32) len)] ^= (char) g_rand_int_range (rand, 1, 256);
        g_assert_true (g_file_set_contents (mutant, copy, len, NULL));
        opened = kh_project_open (mutant, &error);
        if (opened == NULL)
          {
            refused++;
            g_assert_true (g_str_has_prefix (error->message, mutant));
            g_assert_true (g_file_get_contents (mutant, &after, &after_len, NULL));
            g_assert_cmpmem (copy, len, after, after_len);
            g_clear_error (&error);
          }
      }
    g_test_message ("%u of 150 damaged copies refused", refused);
    g_rand_free (rand);
  }

  g_assert_null (kh_project_open ("/nonexistent/x.kaohe", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
}

/* Overwrites page @page (1 is the first) of the file at @path with 0xA5. */
static void
damage_page (const char *path,
             gint64      page)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  guint page_size;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  /* the page size: the file header's big-endian 16 bits at offset 16 */
  page_size = ((guint8) bytes[16] << 8) | (guint8) bytes[17];
  g_assert_cmpuint (len, >=, page * page_size);
  memset (bytes + (page - 1) * page_size, 0xA5, page_size);
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
}

/* kh_project_open_for_import() runs quick_check beside the import, and
 * kh_project_open_to_verify() integrity_check beside verify, each on a connection of its
 * own (issue 22). A damaged page that neither reads — the b-tree of a table they never
 * look at — is still found: the import stores nothing and verify fails, both with the
 * message kh_project_open() refuses the file with, and the file's bytes stay as they
 * were. An undamaged file imports as by kh_project_open(). */
static void
test_project_checked_beside (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *head = NULL;
  gsize before_len = 0, after_len = 0;
  gint64 root = 0, seq = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_clear_pointer (&project, kh_project_close);
  /* An undamaged file: the import waits for the check, then stores. */
  project = kh_project_open_for_import (f->path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *csv = g_build_filename (f->dir, "gdp.csv", NULL);
    g_autoptr (KhCsvTable) table = NULL;
    g_autoptr (KhRecordSet) set = NULL;

    g_assert_true (g_file_set_contents (csv, "unit,gdp\nnanjing,17000\n", -1, NULL));
    table = kh_csv_read_file (csv, NULL, &error);
    g_assert_no_error (error);
    set = kh_record_set_from_table (table, "gdp.csv", &error);
    g_assert_no_error (error);
    g_assert_true (kh_project_import_records (project, 2020, set, "gdp.csv", &error));
    g_assert_no_error (error);
  }
  /* Its audit row names the digest of its one line "unit TAB field TAB value NL". */
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                          "nanjing\tgdp\t17000\n", -1);
    g_autofree char *expected = g_strdup_printf ("file=gdp.csv\nlayout=wide\nencoding=UTF-8\n"
                                                 "values=1\nsha256=%s", sha);

    g_assert_cmpint (sqlite3_prepare_v2 (kh_project_get_db (project),
                                         "SELECT detail FROM audit_log WHERE action = 'import' "
                                         "ORDER BY seq DESC LIMIT 1",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected);
    g_clear_pointer (&stmt, sqlite3_finalize);
  }
  g_assert_true (kh_project_wait_for_check (project, &error));
  g_assert_cmpfloat (value_of (project, 2020, "nanjing", "gdp"), ==, 17000);
  g_clear_pointer (&project, kh_project_close);

  /* A table of its own, which no import or verify reads, its one page damaged. */
  g_assert_cmpint (kh_test_raw_exec (f->path, "CREATE TABLE junk (x);"
                                              "INSERT INTO junk VALUES (zeroblob (100))"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_master WHERE name = 'junk'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (root, >, 1);
  damage_page (f->path, root);
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  project = kh_project_open (f->path, &error);
  g_assert_null (project);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged (quick_check:"));
  g_clear_error (&error);

  project = kh_project_open_for_import (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (import_data (project, 2020, "data-2020.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "damaged (quick_check:"));
  g_clear_error (&error);
  /* Every later write is refused alike. */
  g_assert_false (kh_project_wait_for_check (project, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_clear_pointer (&after, g_free);

  project = kh_project_open_to_verify (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged (quick_check:"));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&project, kh_project_close);
  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_project_import (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  /* 苏州市 matched by Chinese name; nantong's empty pm25 is stored as missing. */
  g_assert_cmpfloat (value_of (project, 2020, "suzhou", "gdp"), ==, 20170.5);
  g_assert_cmpfloat (value_of (project, 2020, "nanjing", "pop"), ==, 931.5);
  g_assert_true (isnan (value_of (project, 2020, "nantong", "pm25")));
  /* 3 units × 3 fields */
  g_assert_cmpint (count (project, "SELECT count(*) FROM data_values"), ==, 9);

  /* Provenance: suzhou's pop is row 3, column 5 of data-2020.csv. */
  stmt = kh_db_prepare (kh_project_get_store (project),
                        "SELECT source_file, source_row, source_column, edited_by, "
                        "edited_at FROM data_values WHERE unit_id = 'suzhou' AND "
                        "field = 'pop'",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  g_assert_cmpstr (kh_db_column_text (stmt, 0), ==, "data-2020.csv");
  g_assert_cmpint (kh_db_column_int64 (stmt, 1), ==, 3);
  g_assert_cmpint (kh_db_column_int64 (stmt, 2), ==, 5);
  g_assert_cmpstr (kh_db_column_text (stmt, 3), ==, "tester");
  g_assert_cmpstr (kh_db_column_text (stmt, 4), ==, "2021-01-01T00:00:00Z");

  /* create, units, framework, import */
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 4);
  g_assert_cmpint (count (project, "SELECT count(*) FROM units"), ==, 5);
  g_assert_cmpint (count (project,
                              "SELECT count(*) FROM units WHERE id = 'gangzha' AND "
                              "successor_id = 'chongchuan' AND until_year = 2019"),
                   ==, 1);
  /* The framework named its group 设区市. */
  g_assert_cmpint (count (project,
                              "SELECT count(*) FROM peer_groups WHERE id = 'cities' AND "
                              "name_zh = '设区市'"),
                   ==, 1);
}

static void
test_project_units_problems (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = g_steal_pointer (&f->project);
  g_autoptr (KhCsvTable) table = NULL;
  const char *bad = "id,name_zh,category,from_year,until_year,successor\n"
                    "a,甲,city,2019,2018,\n"   /* row 2: until before from */
                    "b,,city,,,\n"             /* row 3: no Chinese name */
                    "a,乙,city,20x9,,zz\n";    /* row 4: id again, bad year, unknown successor */
  const char *no_category = "id,name_zh\na,甲\n";

  g_assert_no_error (error);
  table = kh_csv_parse (bad, strlen (bad), NULL, "units.csv", &error);
  g_assert_no_error (error);
  g_assert_false (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "units.csv: row 2, column 5: until_year 2018 is before from_year 2019\n"
                   "units.csv: row 3, column 2: the name_zh is empty\n"
                   "units.csv: row 4, column 4: “20x9” is not a year\n"
                   "units.csv: row 4, column 1: unit “a” appears twice\n"
                   "units.csv: row 4, column 6: unknown successor unit “zz”");
  g_clear_error (&error);
  g_clear_pointer (&table, kh_csv_table_free);

  table = kh_csv_parse (no_category, strlen (no_category), NULL, "u.csv", &error);
  g_assert_false (kh_project_import_units (project, table, "u.csv", &error));
  g_assert_nonnull (strstr (error->message, "u.csv: row 1, column 1: the header has no "
                                            "“category” column"));
  g_clear_error (&error);
  /* Nothing was written: only the "create" audit row. */
  g_assert_cmpint (count (project, "SELECT count(*) FROM units"), ==, 0);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 1);
}

static void
test_project_import_all_or_nothing (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;

  g_assert_false (import_data (project, 2020, "data-2020-bad.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "data-2020-bad.csv: row 2, column 5: unknown field “area”: not a data field "
                   "of the 2020 framework of category “city”\n"
                   "data-2020-bad.csv: row 3, column 1: unknown unit “shanghai”\n"
                   "data-2020-bad.csv: row 5, column 1: unit “港闸区” does not exist in 2020 "
                   "(it ended in 2019)\n"
                   "data-2020-bad.csv: row 6, column 1: unit “崇川区” is in category “county”, "
                   "which has no framework in 2020");
  g_clear_error (&error);
  /* Nothing changed: nanjing's gdp (also in the bad file) and the audit log. */
  g_assert_cmpfloat (value_of (project, 2020, "nanjing", "gdp"), ==, 14817.95);
  g_assert_cmpint (count (project, "SELECT count(*) FROM data_values"), ==, 9);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 4);

  /* A year without a framework takes no data. */
  g_assert_false (import_data (project, 2019, "data-2020.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "year 2019 has no framework"));
  g_clear_error (&error);

  /* A framework for another year. */
  {
    g_autofree char *path = data_path ("framework-2021.xml");
    g_autofree char *xml = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &xml, &len, NULL));
    g_assert_false (kh_project_set_framework (project, 2020, xml, len, "f.xml", &error));
    g_assert_cmpstr (error->message, ==, "f.xml: the framework is for 2021, not 2020");
  }
}

static void
test_project_edit_and_seal (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  g_assert_true (kh_project_set_value (project, 2020, "南通市", "pm25", 35, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (project, 2020, "nantong", "pm25"), ==, 35);
  g_assert_cmpint (count (project,
                              "SELECT count(*) FROM audit_log WHERE action = 'edit' AND detail = "
                              "'unit=nantong\nfield=pm25\nold=\nnew=35'"),
                   ==, 1);
  g_assert_false (kh_project_set_value (project, 2020, "nantong", "area", 1, &error));
  g_assert_nonnull (strstr (error->message, "unknown field “area”"));
  g_clear_error (&error);

  /* Sealing publishes results: there must be some. */
  g_assert_false (kh_project_seal (project, 2020, &error));
  g_assert_nonnull (strstr (error->message, "year 2020 has no results: compute it before sealing"));
  g_clear_error (&error);
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) results = kh_project_get_results (project, 2020, &error);
    KhStoredResult *first, *last;

    /* gdp min-max to 60 over [10036.3, 20170.5]: suzhou 60, nantong 0; pm25 rank points
     * 40, step 2: nanjing (31) 40, suzhou (33) 38, nantong (35) 36. Totals: suzhou 98,
     * nanjing 60·4781.65/10134.2 + 40 ≈ 68.31, nantong 36. */
    g_assert_cmpuint (results->len, ==, 3);
    first = results->pdata[0], last = results->pdata[2];
    g_assert_cmpstr (first->unit_id, ==, "suzhou");
    g_assert_cmpint (first->rank, ==, 1);
    g_assert_cmpfloat_with_epsilon (first->total, 98, 1e-9);
    g_assert_cmpstr (last->unit_id, ==, "nantong");
    g_assert_cmpint (last->rank, ==, 3);
    g_assert_cmpfloat_with_epsilon (last->total, 36, 1e-9);
  }
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);

  /* The library refuses… */
  g_assert_false (kh_project_set_value (project, 2020, "nantong", "pm25", 36, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (import_data (project, 2020, "data-2020.csv", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (kh_project_seal (project, 2020, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  /* …and so does the database itself, for any connection. */
  kh_pg_harness_exec_refused (f->raw, "UPDATE data_values SET value = 1 WHERE year = 2020");
  kh_pg_harness_exec_refused (f->raw, "DELETE FROM data_values");
  kh_pg_harness_exec_refused (f->raw, "UPDATE years SET sealed = 0");
  kh_pg_harness_exec_refused (f->raw, "UPDATE audit_log SET user_name = 'x'");
  kh_pg_harness_exec_refused (f->raw, "DELETE FROM audit_log WHERE seq = 1");

  g_assert_false (kh_project_compute_and_store (project, 2020, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);

  /* create, units, framework, import, edit, compute, seal; the recomputation agrees. */
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (seq, ==, 7);
  g_assert_cmpuint (strlen (head), ==, 64);
}

static void
assert_problem (GPtrArray  *problems,
                const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_str_has_prefix (problems->pdata[i], text))
      return;
  g_error ("no problem starts with “%s”", text);
}

static void
test_project_tampering (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);

  /* Someone with sqlite3 removes the guards, changes nanjing's pm25 31 → 30 and gdp
   * 14817.95 → 30000 (now the highest: its min-max score changes), deletes suzhou's pop,
   * and rewrites who imported the units (audit row #2). */
  kh_pg_harness_drop_trigger (f->raw, "data_values_sealed_update", "data_values");
  kh_pg_harness_drop_trigger (f->raw, "data_values_sealed_delete", "data_values");
  kh_pg_harness_drop_trigger (f->raw, "audit_log_no_update", "audit_log");
  kh_pg_harness_exec (f->raw,
                      "UPDATE data_values SET value = 30 WHERE unit_id = 'nanjing' AND "
                      "field = 'pm25';"
                      "UPDATE data_values SET value = 30000 WHERE unit_id = 'nanjing' AND "
                      "field = 'gdp';"
                      "DELETE FROM data_values WHERE unit_id = 'suzhou' AND field = 'pop';"
                      "UPDATE audit_log SET user_name = 'mallory' WHERE seq = 2;");

  project = kh_project_open (f->target, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  assert_problem (problems, "the protective trigger “audit_log_no_update” is missing (the "
                            "database was changed outside Kaohe)");
  assert_problem (problems, "the protective trigger “data_values_sealed_update” is missing");
  assert_problem (problems, "audit log: row #2 (units, 2021-01-01T00:00:00Z by mallory) was "
                            "changed after it was written (its hash does not match its content)");
  /* Row #6 is the seal (create, units, framework, import, compute, seal). */
  assert_problem (problems, "year 2020 (sealed in audit row #6): the value of unit “nanjing”, "
                            "field “pm25” was changed from “31” to “30”");
  assert_problem (problems, "year 2020 (sealed in audit row #6): the value of unit “nanjing”, "
                            "field “gdp” was changed from “14817.950000000001” to “30000”");
  assert_problem (problems, "year 2020 (sealed in audit row #6): the value of unit “suzhou”, "
                            "field “pop” was deleted (sealed: “1274.8”)");
  assert_problem (problems, "year 2020, category “city”: recomputing gives unit “nanjing” a "
                            "different result: stored total ");
  assert_problem (problems, "year 2020: recomputing gives unit “nanjing” a different score on "
                            "node “gdp”");
  g_assert_cmpint (seq, ==, 6);
}

static void
test_project_two_years (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;
  static const struct
  {
    const char *unit;
    int rank, prev_rank, change;
    double total;
  } expected[] = {
    /* 2021: gdp min-max to 60 over [10000, 20000]: nanjing 60, suzhou 30, nantong 0; pm25
     * rank points 40/38/36. Totals 100, 68, 36. In 2020 suzhou was 1st (98), nanjing 2nd
     * (≈ 68.31), nantong 3rd (0: lowest gdp, no pm25). */
    { "nanjing", 1, 2, 1, 100 },
    { "suzhou", 2, 1, -1, 68 },
    { "nantong", 3, 3, 0, 36 },
  };

  import_framework (project, 2021);
  import_data (project, 2021, "data-2021.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_compute_and_store (project, 2021, &error));
  g_assert_no_error (error);
  results = kh_project_get_results (project, 2021, &error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KhStoredResult *r = results->pdata[i];

      g_assert_cmpstr (r->unit_id, ==, expected[i].unit);
      g_assert_cmpint (r->rank, ==, expected[i].rank);
      g_assert_cmpint (r->prev_rank, ==, expected[i].prev_rank);
      g_assert_cmpint (r->rank_change, ==, expected[i].change);
      g_assert_cmpfloat_with_epsilon (r->total, expected[i].total, 1e-9);
    }

  /* Sealing 2021 and verifying recomputes it with 2020 as the previous year. */
  g_assert_true (kh_project_seal (project, 2021, &error));
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  /* 2020 is not sealed: changing it changes 2021's previous ranks, and verify says so. */
  g_assert_true (kh_project_set_value (project, 2020, "nanjing", "gdp", 30000, &error));
  g_clear_pointer (&head, g_free);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_true (g_str_has_prefix (problems->pdata[0],
                                   "year 2021, category “city”: recomputing gives unit “nanjing” a "
                                   "different result: stored total 100, rank 1, tier 1, previous "
                                   "rank 2"));
}

static void
test_project_save_as (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (KhProject) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dest = g_build_filename (f->dir, "copy.kaohe", NULL);
  g_autofree char *head = NULL;
  g_autofree char *copy_head = NULL;
  gint64 seq = 0;

  g_assert_true (kh_project_save_as (project, dest, &error));
  g_assert_no_error (error);
  /* Saving again replaces the copy atomically. */
  g_assert_true (kh_project_save_as (project, dest, &error));
  g_assert_no_error (error);
  copy = kh_project_open (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (copy, 2020, "suzhou", "gdp"), ==, 20170.5);
  g_assert_true (kh_project_verify (project, problems, &seq, &head, &error));
  g_assert_true (kh_project_verify (copy, problems, &seq, &copy_head, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (head, ==, copy_head);

  /* Saving over the open file itself would leave the connection on a deleted file. */
  g_assert_false (kh_project_save_as (project, f->path, &error));
  g_assert_nonnull (strstr (error->message, "the open project itself"));
}

static void
test_project_results (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (KhProject) project = build_project (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  g_autoptr (GPtrArray) back = NULL;
  KhStoredResult *r;
  double score = 55.5;

  r = kh_stored_result_new ("suzhou");
  r->group_id = g_strdup ("cities");
  r->total = 88.25, r->rank = 1, r->tier = 1, r->prev_rank = 3, r->rank_change = 2;
  g_ptr_array_add (r->node_ids, g_strdup ("gdp"));
  g_array_append_val (r->node_scores, score);
  g_ptr_array_add (results, r);
  r = kh_stored_result_new ("nanjing");
  r->group_id = g_strdup ("cities");
  r->total = 80, r->rank = 2, r->tier = 2;
  g_ptr_array_add (results, r);

  g_assert_true (kh_project_store_results (project, 2020, results, &error));
  g_assert_no_error (error);
  /* Stored twice: the second replaces the first. */
  g_assert_true (kh_project_store_results (project, 2020, results, &error));
  back = kh_project_get_results (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  r = back->pdata[0];
  g_assert_cmpstr (r->unit_id, ==, "suzhou");
  g_assert_cmpfloat (r->total, ==, 88.25);
  g_assert_cmpint (r->rank_change, ==, 2);
  g_assert_cmpuint (r->node_ids->len, ==, 1);
  g_assert_cmpfloat (g_array_index (r->node_scores, double, 0), ==, 55.5);
  g_assert_cmpint (count (project, "SELECT count(*) FROM result_scores"), ==, 1);

  g_assert_true (kh_project_add_note (project, 2020, "suzhou", "gdp", "核实", &error));
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'note'"),
                   ==, 1);
}

/* The name of @unit in @plan's dataset. */
static const char *
plan_unit_name (KhPlan     *plan,
                const char *unit)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  guint u = kh_dataset_find_unit (ds, unit);

  g_assert_cmpuint (u, !=, KH_DATASET_NONE);
  return kh_dataset_get_unit_name (ds, u);
}

/* units.name_zh_tw: imported from the optional column, chosen by
 * kh_project_compute_category_lang() with kh_text_get()'s fallback, accepted as a unit key
 * in data, and required of a project file. */
static void
test_project_traditional_names (Fixture      *f,
                                gconstpointer data)
{
  /* Columns in another order, name_zh_tw empty for nantong. */
  static const char units[] = "id,category,group,name_zh,name_zh_tw,name_en\n"
                              "nanjing,city,cities,南京市,南京市,Nanjing\n"
                              "suzhou,city,cities,苏州市,蘇州市,Suzhou\n"
                              "nantong,city,cities,南通市,,\n";
  static const char values[] = "unit,gdp\n蘇州市,20001.5\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhCsvTable) value_table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (KhRecordSet) records = NULL;
  g_autoptr (KhPlan) tw = NULL;
  g_autoptr (KhPlan) cn = NULL;
  g_autoptr (KhPlan) en = NULL;

  project = g_steal_pointer (&f->project);
  g_assert_nonnull (project);
  table = kh_csv_parse (units, strlen (units), NULL, "units.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, table, "units.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project, "SELECT count(*) FROM units WHERE name_zh_tw IS NULL"), ==,
                   1);
  import_framework (project, 2020);
  import_data (project, 2020, "data-2020.csv", &error);
  g_assert_no_error (error);

  tw = kh_project_compute_category_lang (project, 2020, "city", KH_LANG_ZH_TW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan_unit_name (tw, "suzhou"), ==, "蘇州市");
  g_assert_cmpstr (plan_unit_name (tw, "nanjing"), ==, "南京市");
  g_assert_cmpstr (plan_unit_name (tw, "nantong"), ==, "南通市"); /* no traditional name */
  en = kh_project_compute_category_lang (project, 2020, "city", KH_LANG_EN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan_unit_name (en, "suzhou"), ==, "Suzhou");
  g_assert_cmpstr (plan_unit_name (en, "nantong"), ==, "南通市"); /* no English name */
  cn = kh_project_compute_category (project, 2020, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan_unit_name (cn, "suzhou"), ==, "苏州市");
  /* Same scores whatever the names: data-2020.csv's suzhou ranks the same. */
  g_assert_cmpint (kh_plan_get_rank (tw, kh_dataset_find_unit (kh_plan_get_dataset (tw), "suzhou")),
                   ==,
                   kh_plan_get_rank (cn, kh_dataset_find_unit (kh_plan_get_dataset (cn), "suzhou")));

  /* Records and exports keep name_zh. */
  records = kh_project_get_records (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (records->unit_names, "suzhou"), ==, "苏州市");

  /* A data file may name the unit in traditional characters. */
  value_table = kh_csv_parse (values, strlen (values), NULL, "tw.csv", &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table (value_table, "tw.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, 2020, set, "tw.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_of (project, 2020, "suzhou", "gdp"), ==, 20001.5);

  /* A file of a development version without the column is refused, unchanged: about the
   * file, SQLite only. */
  if (on_server (f))
    return;
  g_clear_pointer (&project, kh_project_close);
  /* (The trigger guarding sealed years' unit names refers to the column.) */
  g_assert_cmpint (kh_test_raw_exec (f->path, "DROP TRIGGER units_sealed_update;"
                                              "ALTER TABLE units DROP COLUMN name_zh_tw"),
                   ==, SQLITE_OK);
  assert_refused (f->path, KH_IO_ERROR_VERSION, "without traditional unit names");
}

static void
test_audit_canonical (void)
{
  g_autofree char *text = kh_audit_canonical (3, "2021-01-01T00:00:00Z", "a\\b", "edit", 2020,
                                              "x\ny\rz");
  g_autofree char *hash = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpstr (text, ==,
                   "kaohe-audit-v1\nseq=3\nat=2021-01-01T00:00:00Z\nuser=a\\\\b\naction=edit\n"
                   "year=2020\ndetail=x\\ny\\rz\n");
  /* The hash covers the previous hash followed by the canonical text. */
  hash = kh_audit_hash (KH_AUDIT_GENESIS, text);
  {
    g_autofree char *joined = g_strconcat (KH_AUDIT_GENESIS, text, NULL);

    expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);
  }
  g_assert_cmpstr (hash, ==, expected);
  /* The same hash without the canonical text (what verifying the chain computes) */
  {
    g_autofree char *streamed = kh_audit_row_hash (KH_AUDIT_GENESIS, 3, "2021-01-01T00:00:00Z",
                                                   "a\\b", "edit", 2020, "x\ny\rz");
    g_autofree char *no_year = kh_audit_canonical (12, "t", "", "units", 0, "\\\n\r\\end\\");
    g_autofree char *no_year_hash = kh_audit_hash (hash, no_year);
    g_autofree char *no_year_streamed = kh_audit_row_hash (hash, 12, "t", "", "units", 0,
                                                           "\\\n\r\\end\\");

    g_assert_cmpstr (streamed, ==, expected);
    g_assert_cmpstr (no_year, ==, "kaohe-audit-v1\nseq=12\nat=t\nuser=\naction=units\nyear=\n"
                                  "detail=\\\\\\n\\r\\\\end\\\\\n");
    g_assert_cmpstr (no_year_streamed, ==, no_year_hash);
  }
}

/* Verifying the chain reads each row's detail a piece at a time (issue 22): a detail over
 * several pieces with escapes at their seams verifies; changing one character of it is
 * found; a detail of another type is hashed as its text. */
static void
test_audit_verify_pieces (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) detail = g_string_new (NULL);
  g_autofree char *head = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  gint64 seq = 0;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT "
                                     "NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL, "
                                     "year INTEGER, detail TEXT NOT NULL, prev_hash CHAR(64) NOT "
                                     "NULL, hash CHAR(64) NOT NULL UNIQUE)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* 200,000 bytes: a backslash, a newline and a return on each side of every 65,536 */
  for (int i = 0; i < 200000; i++)
    g_string_append_c (detail, i % 65536 == 65535 ? '\\' : i % 65536 == 0 ? '\n'
                               : i % 65536 == 1 ? '\r' : "abc"[i % 3]);
  g_assert_true (kh_audit_append_at (db, "a", "create", 0, "x", "t1", &error));
  g_assert_true (kh_audit_append_at (db, "a", "seal", 2020, detail->str, "t2", &error));
  g_assert_true (kh_audit_append_at (db, "a", "note", 2020, "y", "t3", &error));
  g_assert_no_error (error);
  g_assert_true (kh_audit_verify (db, problems, &seq, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (seq, ==, 3);
  g_clear_pointer (&head, g_free);

  /* one character of the long detail, past the first piece */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET detail = substr (detail, 1, 70000) "
                                     "|| 'X' || substr (detail, 70002) WHERE seq = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (kh_audit_verify (db, problems, &seq, &head, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "row #2 (seal, t2 by a) was changed"));
  g_ptr_array_set_size (problems, 0);
  g_clear_pointer (&head, g_free);

  /* row #3's detail an integer, its hash that of the text "123" */
  hash = kh_audit_row_hash ("", 3, "t3", "a", "note", 2020, "123");
  sql = g_strdup_printf ("UPDATE audit_log SET detail = 123, prev_hash = '', hash = '%s' "
                         "WHERE seq = 3", hash);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (kh_audit_verify (db, problems, &seq, &head, &error));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  /* row #2 as before, and row #3 no longer follows it; its own hash matches */
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (problems->pdata[1], "row #3 (note) does not follow"));
  sqlite3_close (db);
}

/* The project's settings: unset is NULL; a value is stored trimmed and audited once; the
 * same value again is no new step; blank clears it; a bad name is refused with its
 * name; a read-only project of format 1 (no settings table) reads every setting unset,
 * and opening it for writing migrates it. */
static void
test_project_settings (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = g_steal_pointer (&f->project);
  g_autofree char *value = NULL;

  value = kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  /* One "create" row, then one "setting" row per change: 1 + 1. */
  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "  江苏省考核办  ", &error));
  g_assert_no_error (error);
  value = kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error);
  g_assert_cmpstr (value, ==, "江苏省考核办");
  g_clear_pointer (&value, g_free);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 2);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log WHERE action = 'setting' "
                                   "AND detail = 'key=issuer\nvalue=江苏省考核办'"),
                   ==, 1);
  /* The same value: nothing new is written (still 2 rows). */
  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "江苏省考核办", &error));
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 2);
  /* Blank clears it: a third row, and no row left in the table. */
  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "   ", &error));
  g_assert_no_error (error);
  g_assert_null (kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error));
  g_assert_cmpint (count (project, "SELECT count(*) FROM settings"), ==, 0);
  g_assert_cmpint (count (project, "SELECT count(*) FROM audit_log"), ==, 3);
  {
    g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_true (kh_audit_verify_db (kh_project_get_store (project), problems, NULL, NULL,
                                       &error));
    g_assert_cmpuint (problems->len, ==, 0);
  }

  /* A name that is not one. */
  g_assert_false (kh_project_set_setting (project, "Issuer Name", "x", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Issuer Name” is not a project setting name"));
  g_clear_error (&error);
  g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "考核办", &error));
  g_clear_pointer (&project, kh_project_close);
  /* The older formats are a file's: SQLite only. */
  if (on_server (f))
    return;

  /* Formats 1 (none of the later tables), 2 (the surveys' tables, not yet the writers'
   * columns and the units' triggers of format 3), 3 (no settings table), 4 (no units
   * through time), 5 (no short names or aliases of units), 6 (no sensitivity specs), 7
   * (no framework history), 8 (no covering index of the values), 9 (no entered
   * recommendations) and 10 (the values a rowid table beside its primary key's and the
   * covering index, written as version 10 made it), 11 (no declared order of units) and
   * 12 (no kept standings) and 13 (no packed values): read without them, migrated in order to the current format on
   * opening. Each pass starts from the current format. */
  for (int version = 1; version <= 13; version++)
    {
      g_autofree char *sql =
        g_strdup_printf ("DROP TABLE packed_years; DROP TABLE values_packed; "
                         "%s%s%s%s%s%s%s%s%s%s%s%s PRAGMA user_version = %d",
                         version <= 12 ? "DROP TABLE standings; DROP TABLE standing_units; " : "",
                         version <= 11 ? "ALTER TABLE units DROP COLUMN position; " : "",
                         version <= 10 ? "CREATE TABLE data_values_v10 (year INTEGER NOT NULL REFERENCES years "
                         "(year), unit_id TEXT NOT NULL REFERENCES units (id), field TEXT NOT "
                         "NULL, value DOUBLE PRECISION, source_file TEXT, source_row INTEGER, "
                         "source_column INTEGER, edited_by TEXT NOT NULL, edited_at TEXT NOT "
                         "NULL, audit_seq INTEGER, PRIMARY KEY (year, unit_id, field)); "
                         "INSERT INTO data_values_v10 SELECT * FROM data_values; "
                         "DROP TABLE data_values; "
                         "ALTER TABLE data_values_v10 RENAME TO data_values; "
                         "CREATE INDEX data_values_read ON data_values (year, unit_id, field, "
                         "value); " : "",
                         version <= 9 ? "DROP TABLE recommendation_units; "
                                        "DROP TABLE recommendation_lists; "
                                      : "",
                         version <= 8 ? "DROP INDEX data_values_read; " : "",
                         version <= 7 ? "DROP TABLE framework_versions; " : "",
                         version <= 6 ? "DROP TABLE sensitivity_specs; " : "",
                         version <= 5 ? "DROP TABLE unit_aliases; "
                                        "ALTER TABLE units DROP COLUMN short_name; "
                                        "ALTER TABLE unit_years DROP COLUMN short_name; "
                                      : "",
                         version <= 4 ? "ALTER TABLE units DROP COLUMN parent_id; "
                                        "DROP TABLE unit_years; DROP TABLE unit_links; "
                                        "DROP TABLE published_results; "
                                      : "",
                         version <= 3 ? "DROP TABLE settings; " : "",
                         version <= 2 ? "DROP TRIGGER units_sealed_insert; "
                                        "DROP TRIGGER units_sealed_update; "
                                        "DROP TRIGGER units_sealed_delete; "
                                        "ALTER TABLE units DROP COLUMN audit_seq; "
                                        "ALTER TABLE frameworks DROP COLUMN audit_seq; "
                                        "ALTER TABLE data_values DROP COLUMN audit_seq; "
                                        "ALTER TABLE results DROP COLUMN audit_seq; "
                                      : "",
                         version == 1 ? "DROP TABLE survey_salt; DROP TABLE survey_responses; "
                                        "DROP TABLE survey_exclusions;"
                                      : "",
                         version);

      g_assert_cmpint (kh_test_raw_exec (f->path, sql), ==, SQLITE_OK);
      project = kh_project_open_readonly (f->path, &error);
      g_assert_no_error (error);
      g_clear_pointer (&value, g_free);
      value = kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error);
      g_assert_no_error (error);
      /* formats 4 to 8 have the settings table: the issuer set by the pass before is there */
      g_assert_cmpstr (value, ==, version >= 4 ? "考核办" : NULL);
      g_clear_pointer (&project, kh_project_close);
      project = kh_project_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count (project, "PRAGMA user_version"), ==,
                       KH_PROJECT_SCHEMA_VERSION);
      /* the schema migrated is exactly the one a new project gets: verify is content */
      {
        g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

        g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
        g_assert_no_error (error);
        for (guint i = 0; i < problems->len; i++)
          g_test_message ("%s", (char *) problems->pdata[i]);
        g_assert_cmpuint (problems->len, ==, 0);
      }
      /* the surveys' three tables, the settings table, the sensitivity specs and the
       * entered recommendations, all there */
      g_assert_cmpint (count (project,
                                          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                          "('survey_salt', 'survey_responses', 'survey_exclusions', 'settings', "
                                          "'sensitivity_specs', 'recommendation_lists', "
                                          "'recommendation_units')"),
                       ==, 7);
      g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "考核办", &error));
      g_clear_pointer (&value, g_free);
      value = kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error);
      g_assert_cmpstr (value, ==, "考核办");
      g_clear_pointer (&project, kh_project_close);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  kh_pg_harness_start_if_installed (&pg, "/project/pg");

  /* About the file itself (its header, journal, folder, quick_check, a copy saved beside
   * it): SQLite only. */
#define ADD(path, func) \
  g_test_add ("/project/sqlite/" path, Fixture, NULL, fixture_set_up_file, func, \
              fixture_tear_down)
  ADD ("create-and-open", test_project_create_and_open);
  ADD ("stale-journal", test_project_stale_journal);
  ADD ("linked-folder", test_project_linked_folder);
  ADD ("refuses", test_project_refuses);
  ADD ("checked-beside", test_project_checked_beside);
  ADD ("save-as", test_project_save_as);
#undef ADD
#define ADD(path, func) \
  kh_pg_harness_add_on_both (pg, "/project", path, sizeof (Fixture), \
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) func, \
                             (GTestFixtureFunc) fixture_tear_down)
  ADD ("import", test_project_import);
  ADD ("import-all-or-nothing", test_project_import_all_or_nothing);
  ADD ("units-problems", test_project_units_problems);
  ADD ("edit-and-seal", test_project_edit_and_seal);
  ADD ("tampering", test_project_tampering);
  ADD ("two-years", test_project_two_years);
  ADD ("results", test_project_results);
  ADD ("traditional-names", test_project_traditional_names);
  ADD ("settings", test_project_settings);
#undef ADD
  g_test_add_func ("/audit/canonical", test_audit_canonical);
  g_test_add_func ("/audit/verify-pieces", test_audit_verify_pieces);

  return kh_pg_harness_run_and_stop (&pg);
}
