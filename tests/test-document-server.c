/* test-document-server.c — a document on a server reads in another writer's changes from
 * the server's notifications (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_document_watch() follows a server project's notifications (kh_db_listen():
 * LISTEN/NOTIFY) through kh_document_follow(). /notified: the document opens a file and
 * follows the notifications of the file's copy on a throwaway server (kh-pg-harness.h, `kaohe-cli copy`); the other writer, `kaohe-cli
 * set` in a process of its own, writes the same value into both. /open: a document opens
 * the server's copy itself and shows what the file's shows. /undo-import: undo of an import
 * on the server is based on the values it left, another writer's newer one a conflict.
 * Skipped, with a message, only when PostgreSQL's programs are not installed.
 */
#include "config.h"

#include <math.h>

#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document.h"

static KhPgHarness *pg;

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

static double
shown_gdp (KhDocument *doc)
{
  KhDataset *dataset = kh_document_get_dataset (doc);
  guint field = kh_dataset_find_field (dataset, "gdp");

  return field == KH_DATASET_NONE ? NAN
                                  : kh_dataset_get (dataset, kh_dataset_find_unit (dataset, "a"),
                                                    field);
}

static void
refreshed_cb (KhDocument *doc,
              const char *summary,
              GPtrArray  *summaries)
{
  g_ptr_array_add (summaries, g_strdup (summary));
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main context until a's gdp shows @value, 60 s at most. */
static void
wait_for_gdp (KhDocument *doc,
              double      value)
{
  gboolean late = FALSE;
  guint timeout = g_timeout_add_seconds (60, timed_out, &late);

  while (shown_gdp (doc) != value && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_cmpfloat (shown_gdp (doc), ==, value);
}

/* The document opens the file, and follows the notifications of the file's copy on the
 * server, where the other writer writes the same value as into the file. */
static void
test_notified (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *uri = kh_pg_harness_new_database (pg, "document_server");
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  KhDb *server;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp", "10",
                           NULL));
  run_ok (kh_test_cli_run ("copy", path, uri, NULL));

  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (shown_gdp (doc), ==, 10);
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  server = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_follow (doc, server, &error));
  g_assert_no_error (error);

  /* Nothing watches the file: what the document reads in, it reads on the server's
   * notice. */
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp", "20",
                           NULL));
  run_ok (kh_test_cli_run ("set", uri, "--year", "2020", "--unit", "a", "--field", "gdp", "20",
                           NULL));
  wait_for_gdp (doc, 20);
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "Data changed by someone else — reloaded: 1 value");

  kh_document_unwatch (doc);
  kh_db_close (server);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

static char *
ui_data (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "ui", name, NULL);
}

/* The project of tests/data/ui (2019 and 2020) in a file and its copy on the server open
 * as documents: each year's dataset and computed totals are the same, to the bit. */
static void
test_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *units = ui_data ("units.csv");
  g_autofree char *uri = kh_pg_harness_new_database (pg, "document_open");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) file = NULL;
  g_autoptr (KhDocument) server = NULL;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = ui_data (fw_name);
      g_autofree char *csv = ui_data (data_name);
      g_autofree char *year_text = g_strdup_printf ("%d", year);

      run_ok (kh_test_cli_run ("import", path, "--year", year_text, "--framework", fw, NULL));
      run_ok (kh_test_cli_run ("import", path, "--year", year_text, csv, NULL));
    }
  run_ok (kh_test_cli_run ("copy", path, uri, NULL));

  file = kh_document_open (path, &error);
  g_assert_no_error (error);
  server = kh_document_open (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_cmpuint (kh_document_get_years (server)->len, ==, 2);
  for (int year = 2019; year <= 2020; year++)
    {
      KhDataset *a, *b;
      KhPlan *pa, *pb;

      g_assert_true (kh_document_set_year (file, year, &error));
      g_assert_no_error (error);
      g_assert_true (kh_document_set_year (server, year, &error));
      g_assert_no_error (error);
      a = kh_document_get_dataset (file);
      b = kh_document_get_dataset (server);
      g_assert_cmpuint (kh_dataset_get_n_units (b), ==, kh_dataset_get_n_units (a));
      g_assert_cmpuint (kh_dataset_get_n_fields (b), ==, kh_dataset_get_n_fields (a));
      g_assert_cmpuint (kh_dataset_get_n_units (a), >, 0);
      for (guint u = 0; u < kh_dataset_get_n_units (a); u++)
        for (guint f = 0; f < kh_dataset_get_n_fields (a); f++)
          {
            double x = kh_dataset_get (a, u, f), y = kh_dataset_get (b, u, f);

            g_assert_cmpstr (kh_dataset_get_unit_id (b, u), ==, kh_dataset_get_unit_id (a, u));
            g_assert_true ((isnan (x) && isnan (y)) || x == y);
          }
      pa = kh_document_get_plan (file);
      pb = kh_document_get_plan (server);
      g_assert_nonnull (pa);
      g_assert_nonnull (pb);
      g_assert_cmpuint (kh_plan_get_n_units (pb), ==, kh_plan_get_n_units (pa));
      for (guint u = 0; u < kh_plan_get_n_units (pa); u++)
        g_assert_cmpfloat (kh_plan_get_total (pb, u), ==, kh_plan_get_total (pa, u));
    }
  g_clear_object (&server);
  g_clear_object (&file);
  kh_test_remove_dir (dir);
}

/* a's or b's gdp of 2020 on the server (a connection of its own); NaN when empty. */
static double
server_gdp (const char *uri,
            const char *unit)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (uri, &error);
  KhDbStmt *stmt;
  double value = NAN;

  g_assert_no_error (error);
  stmt = kh_db_prepare (db, "SELECT value FROM data_values WHERE year = 2020 AND unit_id = ? "
                            "AND field = 'gdp'",
                        &error);
  g_assert_no_error (error);
  kh_db_bind_text (stmt, 1, unit);
  if (kh_db_step (stmt, &error) == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0))
    value = kh_db_column_double (stmt, 0);
  g_assert_no_error (error);
  kh_db_stmt_free (stmt);
  kh_db_close (db);
  return value;
}

/* Undo of an import (a paste) in a document open on the server, after another writer
 * (kaohe-cli set, a process of its own) changed one of its cells: a conflict listing that
 * cell with both values and who stored the newer one; nothing written on the server, not
 * even the other cell; overwrite with mine undoes both (issue 19). */
static void
test_undo_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *uri = kh_pg_harness_new_database (pg, "document_undo_import");
  g_autoptr (KhRecordSet) records = kh_record_set_new (KH_TABLE_LONG, NULL);
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (GPtrArray) asked = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  const KhValueConflict *cell;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp", "10",
                           NULL));
  run_ok (kh_test_cli_run ("copy", path, uri, NULL));

  doc = kh_document_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  kh_record_set_add (records, 2, 2, "a", 2020, "gdp", 11);
  kh_record_set_add (records, 3, 2, "b", 2020, "gdp", 21);
  g_assert_true (kh_document_import_records (doc, records, "paste", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (server_gdp (uri, "a"), ==, 11);
  g_assert_cmpfloat (server_gdp (uri, "b"), ==, 21);

  run_ok (kh_test_cli_run ("set", uri, "--year", "2020", "--unit", "a", "--field", "gdp", "12",
                           NULL));
  g_assert_false (kh_document_undo_or_redo (doc, FALSE, NULL, &conflicts, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  cell = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (cell->unit_id, ==, "a");
  g_assert_cmpfloat (cell->seen, ==, 11);
  g_assert_cmpfloat (cell->current, ==, 12);
  g_assert_cmpfloat (cell->wanted, ==, 10);
  g_assert_cmpstr (cell->edited_by, !=, "");
  asked = g_steal_pointer (&conflicts);
  g_assert_cmpfloat (server_gdp (uri, "a"), ==, 12);
  g_assert_cmpfloat (server_gdp (uri, "b"), ==, 21);
  g_assert_cmpfloat (shown_gdp (doc), ==, 12);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 1);

  g_assert_true (kh_document_undo_or_redo (doc, FALSE, asked, &conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (server_gdp (uri, "a"), ==, 10);
  g_assert_true (isnan (server_gdp (uri, "b")));
  g_assert_cmpfloat (shown_gdp (doc), ==, 10);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

static gboolean
has_jobs (KhDocument *doc)
{
  return kh_framework_find_node (kh_document_get_framework (doc), "jobs") != NULL;
}

static gboolean
has_five_units (KhDocument *doc)
{
  return kh_dataset_get_n_units (kh_document_get_dataset (doc)) == 5;
}

/* Spins the main context until @done (@doc), 60 s at most. */
static void
wait_for (gboolean  (*done) (KhDocument *),
          KhDocument *doc)
{
  gboolean late = FALSE;
  guint timeout = g_timeout_add_seconds (60, timed_out, &late);

  while (!done (doc) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_true (done (doc));
}

/* Another login (kaohe-cli, a process and connection of its own) imports a new framework
 * of the year a document shows on the server, then a new unit: each reaches the document
 * on the server's notification (frameworks, then units), and is said (issue 19). */
static void
test_framework_units (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *fw_jobs = g_build_filename (dir, "framework-jobs.xml", NULL);
  g_autofree char *more_units = g_build_filename (dir, "more-units.csv", NULL);
  g_autofree char *uri = kh_pg_harness_new_database (pg, "document_framework");
  g_autofree char *text = NULL;
  g_autoptr (GString) changed = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;

  /* survey-city.xml with a new indicator, jobs, and gdp's points 60 → 50. */
  g_assert_true (g_file_get_contents (fw, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "<indicator id=\"gdp\" points=\"60\">",
                                      "<indicator id=\"jobs\" points=\"10\"><scoring "
                                      "method=\"minmax\"/></indicator>\n"
                                      "    <indicator id=\"gdp\" points=\"50\">", 1), ==, 1);
  g_assert_true (g_file_set_contents (fw_jobs, changed->str, -1, NULL));
  g_assert_true (g_file_set_contents (more_units, "id,name_zh,category,group\n"
                                                  "e,戊市,city,cities\n", -1, NULL));
  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp", "10",
                           NULL));
  run_ok (kh_test_cli_run ("copy", path, uri, NULL));

  doc = kh_document_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_false (has_jobs (doc));
  g_assert_cmpuint (kh_dataset_get_n_units (kh_document_get_dataset (doc)), ==, 4);
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  kh_document_watch (doc);

  run_ok (kh_test_cli_run ("import", uri, "--year", "2020", "--framework", fw_jobs, NULL));
  wait_for (has_jobs, doc);
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "gdp")->points,
                     ==, 50);
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_nonnull (kh_document_get_plan (doc));
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "Data changed by someone else — reloaded: the framework");

  run_ok (kh_test_cli_run ("import", uri, "--units", more_units, NULL));
  wait_for (has_five_units, doc);
  g_assert_cmpuint (kh_dataset_find_unit (kh_document_get_dataset (doc), "e"), !=,
                    KH_DATASET_NONE);
  g_assert_cmpuint (summaries->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (summaries, 1), ==,
                   "Data changed by someone else — reloaded: the units");

  kh_document_unwatch (doc);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* A document open on the server follows the year it shows sealed by another writer
 * (kaohe-cli seal, another process and connection): the notification on `years` makes it
 * read-only as if opened sealed, and it says so; nothing it holds was unsaved (issue 19). */
static void
test_sealed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *uri = kh_pg_harness_new_database (pg, "document_sealed");
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp", "10",
                           NULL));
  run_ok (kh_test_cli_run ("copy", path, uri, NULL));

  doc = kh_document_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_false (kh_document_is_read_only (doc));
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  kh_document_watch (doc);

  run_ok (kh_test_cli_run ("seal", uri, "--year", "2020", NULL));
  wait_for (kh_document_is_sealed, doc);
  g_assert_true (kh_document_is_read_only (doc));
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "The year 2020 was sealed by someone else: it is read-only now.");
  g_assert_false (kh_document_set_value (doc, "a", "gdp", 30, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_cmpfloat (server_gdp (uri, "a"), ==, 10);
  g_assert_cmpfloat (shown_gdp (doc), ==, 10);

  kh_document_unwatch (doc);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "me", TRUE);
  if (kh_pg_harness_start_if_installed (&pg, "/document-server/notified"))
    {
      g_test_add_func ("/document-server/notified", test_notified);
      g_test_add_func ("/document-server/open", test_open);
      g_test_add_func ("/document-server/undo-import", test_undo_import);
      g_test_add_func ("/document-server/framework-units", test_framework_units);
      g_test_add_func ("/document-server/sealed", test_sealed);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
