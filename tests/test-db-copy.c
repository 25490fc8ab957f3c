/* test-db-copy.c — `kaohe-cli copy`: a project moved between SQLite and PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the bundled sample (sealed years, values, results, surveys, the audit chain
 * with its seals) copied SQLite → PostgreSQL → SQLite: every table's rows the same in all
 * three (a dump of each table, doubles by their bits), and `kaohe-cli verify` passes on the
 * copy; doubles bit for bit through the server; a destination that is not empty refused
 * and left as it was; a source that is not a project, a missing file and unreachable URIs
 * refused with their names (and no password). Skipped only when PostgreSQL's programs are
 * not installed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "io/kh-db-copy.h"
#include "io/kh-db.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

static KhCliRun *
cli (const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static KhCliRun *
cli (const char *first,
     ...)
{
  const char *const env[] = { "SOURCE_DATE_EPOCH=1600000000", "KAOHE_USER=alice", NULL };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return kh_test_cli_runv_env (env, (const char *const *) args->pdata);
}

/* @got is @expected, which is freed. */
static void
assert_text (const char *got,
             char       *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (expected);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every row of every table of the project at @target, one line each: the table, then each
 * value (\N for NULL, a double by its bits in hex), lines sorted. */
static char *
dump (const char *target,
      GHashTable *counts)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tables = kh_db_copy_tables ();
  KhDb *db = kh_db_open (target, &error);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
      g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
      guint n = 0;

      g_assert_no_error (error);
      while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
        {
          GString *line = g_string_new (tables[t]);

          for (int c = 0; c < kh_db_column_count (stmt); c++)
            {
              g_string_append_c (line, '\t');
              if (kh_db_column_is_null (stmt, c))
                g_string_append (line, "\\N");
              else if (kh_db_column_is_float (stmt, c))
                {
                  double d = kh_db_column_double (stmt, c);
                  guint64 bits;

                  memcpy (&bits, &d, sizeof bits);
                  g_string_append_printf (line, "f%016" G_GINT64_MODIFIER "x", bits);
                }
              else
                g_string_append (line, kh_db_column_text (stmt, c));
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
          n++;
        }
      g_assert_no_error (error);
      if (counts != NULL)
        g_hash_table_insert (counts, g_strdup (tables[t]), GUINT_TO_POINTER (n));
    }
  kh_db_close (db);
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) lines->pdata[i]);
  return g_string_free (out, FALSE);
}

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples", "jiangsu-sample.kaohe",
                           NULL);
}

/* The tables in the order of their foreign keys. */
static void
test_order (void)
{
  g_auto (GStrv) tables = kh_db_copy_tables ();
  const char *before[][2] = {
    { "categories", "peer_groups" }, { "peer_groups", "units" }, { "categories", "units" },
    { "years", "data_values" },      { "units", "data_values" }, { "results", "result_scores" },
    { "units", "unit_years" },       { "recommendation_lists", "recommendation_units" },
    { "years", "framework_versions" },
  };

  /* The 24 tables of version 13 (test-db-schema.c counts them); version 14's two, packed
   * values, are a cache no copy carries. */
  g_assert_cmpuint (g_strv_length (tables), ==, 24);
  g_assert_cmpstr (tables[0], ==, "audit_log"); /* refers to nothing; first by name */
  for (guint k = 0; k < G_N_ELEMENTS (before); k++)
    {
      guint a = G_MAXUINT, b = G_MAXUINT;

      for (guint i = 0; tables[i] != NULL; i++)
        {
          if (strcmp (tables[i], before[k][0]) == 0)
            a = i;
          if (strcmp (tables[i], before[k][1]) == 0)
            b = i;
        }
      g_assert_cmpuint (a, <, b);
    }
}

/* The sample: SQLite → PostgreSQL → SQLite, the same rows everywhere; verify passes on
 * the copy, which keeps the sealed years sealed. */
static void
test_sample_round_trip (void)
{
  g_autofree char *sample = sample_path ();
  g_autofree char *uri = kh_pg_harness_new_database (pg, "copy_sample");
  g_autofree char *dir = g_dir_make_tmp ("kh-db-copy-XXXXXX", NULL);
  g_autofree char *back = g_build_filename (dir, "back.kaohe", NULL);
  g_autofree char *again = g_build_filename (dir, "again.kaohe", NULL);
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) tables = kh_db_copy_tables ();
  g_autofree char *original = dump (sample, counts);
  g_autoptr (GString) progress = g_string_new (NULL);
  g_autoptr (KhCliRun) up = cli ("copy", sample, uri, NULL);
  g_autoptr (KhCliRun) down = NULL;
  g_autoptr (KhCliRun) twice = NULL;
  g_autoptr (KhCliRun) verify = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *copied_again = NULL;
  guint total = 0;

  /* Progress for the tables of more than 5,000 rows, from the counts of the dump. */
  for (guint t = 0; tables[t] != NULL; t++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, tables[t]));

      total += n;
      for (guint done = 5000; n > 5000 && done < n; done += 5000)
        g_string_append_printf (progress, "%s: %u of %u rows copied\n", tables[t], done, n);
      if (n > 5000)
        g_string_append_printf (progress, "%s: %u of %u rows copied\n", tables[t], n, n);
    }
  /* The sample holds values and results enough to tell progress, sealed years, and an
   * audit chain with seals. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "data_values")), >, 5000);
  g_assert_nonnull (strstr (original, "\nyears\t2018\t1\n"));
  g_assert_nonnull (strstr (original, "\tseal\t"));

  g_assert_cmpstr (up->err, ==, progress->str);
  g_assert_cmpint (up->status, ==, 0);
  {
    g_autofree char *rows = g_strdup_printf (" (%u rows)\n", total);

    g_assert_true (g_str_has_suffix (up->out, rows));
  }
  on_server = dump (uri, NULL);
  g_assert_cmpstr (on_server, ==, original);

  down = cli ("copy", uri, back, NULL);
  g_assert_cmpstr (down->err, ==, progress->str);
  g_assert_cmpint (down->status, ==, 0);
  copied = dump (back, NULL);
  g_assert_cmpstr (copied, ==, original);

  verify = cli ("verify", back, NULL);
  g_assert_cmpstr (verify->err, ==, "");
  g_assert_cmpint (verify->status, ==, 0);

  /* SQLite to SQLite gives the same. */
  twice = cli ("copy", back, again, NULL);
  g_assert_cmpint (twice->status, ==, 0);
  copied_again = dump (again, NULL);
  g_assert_cmpstr (copied_again, ==, original);

  /* The server's identity columns go on after the copied numbers: the next audit row of
   * the copy on the server is the chain's next. */
  {
    g_autoptr (GError) error = NULL;
    KhDb *db = kh_db_open (uri, &error);
    g_autoptr (KhDbStmt) next = NULL;

    g_assert_no_error (error);
    next = kh_db_prepare (db, "SELECT nextval (pg_get_serial_sequence ('audit_log', 'seq')) = "
                              "(SELECT max (seq) + 1 FROM audit_log)", &error);
    g_assert_no_error (error);
    g_assert_cmpint (kh_db_step (next, &error), ==, KH_DB_STEP_ROW);
    g_assert_cmpint (kh_db_column_int64 (next, 0), ==, 1);
    g_clear_pointer (&next, kh_db_stmt_free);
    kh_db_close (db);
  }
  kh_test_remove_dir (dir);
}

/* Doubles bit for bit through the server: SQLite → PostgreSQL → SQLite through KhDb. */
static void
test_doubles (void)
{
  const double values[] = { 0.1, 1.0 / 3.0, 1e-310, 5e-324, -0.0, 1.7976931348623157e308,
                            -1e300, 2.0 / 3.0 * 1e-300, INFINITY, -INFINITY };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-copy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "d.kaohe", NULL);
  g_autofree char *back = g_build_filename (dir, "back.kaohe", NULL);
  g_autofree char *uri = kh_pg_harness_new_database (pg, "copy_doubles");
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  KhDb *db, *server, *copy;
  g_autoptr (KhDbStmt) insert = NULL;
  g_autoptr (KhDbStmt) read = NULL;
  guint64 n_rows = 0;

  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  kh_pg_harness_exec (db, "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市');"
                    "INSERT INTO units (id, name_zh, category_id, position) "
                    "VALUES ('nanjing', '南京市', 'city', 1);"
                    "INSERT INTO years (year) VALUES (2020)");
  insert = kh_db_prepare (db, "INSERT INTO data_values (year, unit_id, field, value, edited_by, "
                              "edited_at) VALUES (2020, 'nanjing', ?, ?, 'alice', 'now')",
                          &error);
  g_assert_no_error (error);
  for (guint i = 0; i <= G_N_ELEMENTS (values); i++)
    {
      g_autofree char *field = g_strdup_printf ("f%02u", i);

      kh_db_bind_text (insert, 1, field);
      if (i < G_N_ELEMENTS (values))
        kh_db_bind_double (insert, 2, values[i]);
      else
        kh_db_bind_null (insert, 2);
      g_assert_cmpint (kh_db_step (insert, &error), ==, KH_DB_STEP_DONE);
      kh_db_stmt_reset (insert);
    }
  g_clear_pointer (&insert, kh_db_stmt_free);

  server = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_copy (db, server, NULL, NULL, &n_rows, &error));
  g_assert_no_error (error);
  /* The project's "create" audit row, a category, a unit, a year, 11 values. */
  g_assert_cmpuint (n_rows, ==, 15);
  copy = kh_db_open (back, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_copy (server, copy, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  read = kh_db_prepare (copy, "SELECT field, value FROM data_values ORDER BY field", &error);
  g_assert_no_error (error);
  for (guint i = 0; i <= G_N_ELEMENTS (values); i++)
    {
      double expected = i < G_N_ELEMENTS (values) ? values[i] : 0.0;
      double got;

      g_assert_cmpint (kh_db_step (read, &error), ==, KH_DB_STEP_ROW);
      if (i == G_N_ELEMENTS (values))
        {
          g_assert_true (kh_db_column_is_null (read, 1));
          break;
        }
      /* −0.0 is kept as 0 by both stores (kh-db.h): the source already reads +0. */
      if (expected == 0.0)
        expected = 0.0;
      got = kh_db_column_double (read, 1);
      g_assert_true (kh_db_column_is_float (read, 1));
      g_assert_cmpmem (&got, sizeof got, &expected, sizeof expected);
    }
  g_clear_pointer (&read, kh_db_stmt_free);
  g_assert_cmpint (signbit (values[4]), !=, 0);
  kh_db_close (copy);
  kh_db_close (server);
  kh_db_close (db);
  kh_test_remove_dir (dir);
}

static char *
file_text (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  return g_base64_encode ((const guchar *) text, length);
}

/* A destination that holds anything is refused and left as it was; sources and URIs
 * that are not projects, refused by name. */
static void
test_refused (void)
{
  g_autofree char *sample = sample_path ();
  g_autofree char *uri = kh_pg_harness_new_database (pg, "copy_refused");
  g_autofree char *dir = g_dir_make_tmp ("kh-db-copy-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.kaohe", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.kaohe", NULL);
  g_autofree char *target = g_build_filename (dir, "target.kaohe", NULL);
  g_autoptr (KhCliRun) made = cli ("new", project, NULL);
  g_autoptr (KhCliRun) first = cli ("copy", sample, uri, NULL);
  g_autofree char *before = dump (uri, NULL);
  g_autofree char *project_before = file_text (project);
  g_autoptr (KhCliRun) again = cli ("copy", sample, uri, NULL);
  g_autoptr (KhCliRun) onto_file = cli ("copy", sample, project, NULL);
  g_autofree char *after = dump (uri, NULL);
  g_autofree char *project_after = file_text (project);

  g_assert_cmpint (made->status, ==, 0);
  g_assert_cmpint (first->status, ==, 0);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_cmpstr (again->out, ==, "");
  g_assert_true (g_str_has_prefix (again->err, "postgresql://kaohe@/copy_refused?host="));
  g_assert_nonnull (strstr (again->err, " already holds a project (audit_log: 40 rows): copy into "
                                        "a new file, an empty database or one “kaohe-cli "
                                        "init-server” made ready\n"));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (onto_file->status, ==, 1);
  assert_text (onto_file->err, g_strdup_printf ("%s already holds a project (audit_log: 1 "
                                                        "row): copy into a new file, an empty "
                                                        "database or one “kaohe-cli init-server” "
                                                        "made ready\n",
                                                        project));
  g_assert_cmpstr (project_after, ==, project_before);

  {
    g_autoptr (KhCliRun) no_file = cli ("copy", missing, target, NULL);
    g_autoptr (KhCliRun) not_project = NULL;
    g_autoptr (KhCliRun) unreachable = cli ("copy", "postgresql://alice:secret@/kaohe?host=/nonexistent",
                                            target, NULL);
    g_autoptr (KhCliRun) bad_uri = cli ("copy", sample, "postgresql://[::1", NULL);
    g_autoptr (KhCliRun) itself = cli ("copy", sample, sample, NULL);
    g_autoptr (KhCliRun) usage = cli ("copy", sample, NULL);

    g_assert_cmpint (no_file->status, ==, 1);
    assert_text (no_file->err, g_strdup_printf ("%s: no such project file\n", missing));
    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    not_project = cli ("copy", empty, target, NULL);
    g_assert_cmpint (not_project->status, ==, 1);
    assert_text (not_project->err, g_strdup_printf ("%s: not a Kaohe project\n", empty));
    g_assert_cmpint (unreachable->status, ==, 1);
    g_assert_true (g_str_has_prefix (unreachable->err,
                                     "Cannot connect to postgresql://alice@/kaohe?host=/nonexistent: "));
    g_assert_null (strstr (unreachable->err, "secret"));
    g_assert_cmpint (bad_uri->status, ==, 1);
    g_assert_true (g_str_has_prefix (bad_uri->err, "Cannot connect to postgresql://"));
    g_assert_cmpint (itself->status, ==, 1);
    assert_text (itself->err, g_strdup_printf ("%s: cannot copy a project onto itself\n",
                                                       sample));
    g_assert_cmpint (usage->status, ==, 2);
    /* Nothing made where the copy failed. */
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  }
  kh_test_remove_dir (dir);
}

/* A value SQLite kept that is not of its column's type is refused at its row, and the
 * new file the copy began is removed. */
static void
test_bad_value (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-copy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.kaohe", NULL);
  g_autofree char *target = g_build_filename (dir, "target.kaohe", NULL);
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  g_autoptr (KhCliRun) run = NULL;
  KhDb *db;

  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  kh_pg_harness_exec (db, "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市');"
                    "INSERT INTO units (id, name_zh, category_id, position) "
                    "VALUES ('nanjing', '南京市', 'city', 1);"
                    "INSERT INTO years (year) VALUES (2020);"
                    "INSERT INTO data_values (year, unit_id, field, value, source_row, edited_by, "
                    "edited_at) VALUES (2020, 'nanjing', 'gdp', 1.5, 'row seven', 'alice', 'now')");
  kh_db_close (db);
  run = cli ("copy", path, target, NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_text (run->err, g_strdup_printf ("%s: table data_values, row (2020, nanjing, gdp): "
                                                  "column source_row holds “row seven”, not an "
                                                  "integer\n",
                                                  path));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  kh_test_remove_dir (dir);
}

/* A unit continued by one after it in key order (successor_id): inserted after it, since
 * foreign keys are checked at each statement. */
static void
test_self_reference (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-copy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "units.kaohe", NULL);
  g_autofree char *target = g_build_filename (dir, "target.kaohe", NULL);
  g_autoptr (KhProject) project = kh_project_create (path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KhDb *db, *copy;
  guint64 n_rows = 0;

  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  kh_pg_harness_exec (db, "INSERT INTO categories (id, name_zh) VALUES ('county', '县');"
                    "INSERT INTO units (id, name_zh, category_id, from_year, position) "
                    "VALUES ('z_new', '新区', 'county', 2020, 3);"
                    "INSERT INTO units (id, name_zh, category_id, until_year, successor_id, position) "
                    "VALUES ('a_old', '旧区', 'county', 2019, 'z_new', 1);"
                    "INSERT INTO units (id, name_zh, category_id, until_year, successor_id, position) "
                    "VALUES ('b_old', '老区', 'county', 2019, 'a_old', 2)");
  copy = kh_db_open (target, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_copy (db, copy, NULL, NULL, &n_rows, &error));
  g_assert_no_error (error);
  /* The "create" audit row, a category, three units. */
  g_assert_cmpuint (n_rows, ==, 5);
  kh_db_close (copy);
  kh_db_close (db);
  before = dump (path, NULL);
  after = dump (target, NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "\tz_new\t"));
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db-copy/order", test_order);
  g_test_add_func ("/db-copy/bad-value", test_bad_value);
  g_test_add_func ("/db-copy/self-reference", test_self_reference);
  if (kh_pg_harness_start_if_installed (&pg, "/db-copy/pg"))
    {
      g_test_add_func ("/db-copy/sample-round-trip", test_sample_round_trip);
      g_test_add_func ("/db-copy/doubles", test_doubles);
      g_test_add_func ("/db-copy/refused", test_refused);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
