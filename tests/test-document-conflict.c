/* test-document-conflict.c — the document's value edits, undo and redo are based on the
 * value it shows: another writer's newer value is a conflict, not overwritten (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-document-survey.c; a second process (`kaohe-cli set --user bob`)
 * changes gdp of unit a while the document shows it. Every value and count below follows
 * by hand from the edits made: each stored edit is one audit row "edit", a refused one
 * none.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document.h"

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

static char *
build_project (const char *dir)
{
  char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  return path;
}

/* Another writer: kaohe-cli in a process of its own, as bob. */
static void
set_by_bob (const char *path,
            const char *value)
{
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "a", "--field", "gdp",
                           "--user", "bob", value, NULL));
}

/* a's gdp in the file (a connection of its own); NaN when absent or empty. */
static double
stored_gdp (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = NAN;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM data_values WHERE year = 2020 AND "
                                           "unit_id = 'a' AND field = 'gdp'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
edit_rows (const char *path)
{
  sqlite3 *db = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  n = kh_test_raw_count (db, "SELECT count(*) FROM audit_log WHERE action = 'edit'");
  sqlite3_close (db);
  return n;
}

static double
shown_gdp (KhDocument *doc)
{
  KhDataset *dataset = kh_document_get_dataset (doc);
  guint unit = kh_dataset_find_unit (dataset, "a");
  guint field = kh_dataset_find_field (dataset, "gdp");

  g_assert_cmpuint (unit, !=, KH_DATASET_NONE);
  if (field == KH_DATASET_NONE)
    return NAN;
  return kh_dataset_get (dataset, unit, field);
}

static void
changed_cb (KhDocument *doc,
            KhChange    what,
            guint      *n_values)
{
  if (what & KH_CHANGE_VALUES)
    (*n_values)++;
}

/* An edit based on 10 while bob stored 20: refused, the document shows 20; the edit again
 * (overwrite with mine) is based on 20 and stored. */
static void
test_edit_conflict (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (KhValueConflict) conflict = NULL;
  guint n_values = 0;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (shown_gdp (doc), ==, 10);
  g_signal_connect (doc, "changed", G_CALLBACK (changed_cb), &n_values);

  set_by_bob (path, "20");
  g_assert_cmpint (edit_rows (path), ==, 2);
  g_assert_false (kh_document_set_value_full (doc, "a", "gdp", 30, &conflict, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (conflict->unit_id, ==, "a");
  g_assert_cmpstr (conflict->field, ==, "gdp");
  g_assert_cmpint (conflict->year, ==, 2020);
  g_assert_cmpfloat (conflict->seen, ==, 10);
  g_assert_cmpfloat (conflict->current, ==, 20);
  g_assert_cmpfloat (conflict->wanted, ==, 30);
  g_assert_cmpstr (conflict->edited_by, ==, "bob");
  g_assert_true (g_str_has_prefix (conflict->edited_at, "20"));
  /* Nothing written, no step; the document shows bob's value (keep theirs). */
  g_assert_cmpfloat (stored_gdp (path), ==, 20);
  g_assert_cmpint (edit_rows (path), ==, 2);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 0);
  g_assert_cmpfloat (shown_gdp (doc), ==, 20);
  g_assert_cmpuint (n_values, ==, 1);
  g_clear_pointer (&conflict, kh_value_conflict_free);

  /* Overwrite with mine: based on 20 now. */
  g_assert_true (kh_document_set_value_full (doc, "a", "gdp", 30, &conflict, &error));
  g_assert_no_error (error);
  g_assert_null (conflict);
  g_assert_cmpfloat (stored_gdp (path), ==, 30);
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 1);

  /* A third writer in between: the overwrite conflicts again (seen 30, now 35). */
  set_by_bob (path, "35");
  g_assert_false (kh_document_set_value_full (doc, "a", "gdp", 40, &conflict, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpfloat (conflict->seen, ==, 30);
  g_assert_cmpfloat (conflict->current, ==, 35);
  g_assert_cmpfloat (stored_gdp (path), ==, 35);
  g_assert_cmpint (edit_rows (path), ==, 4);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* Undo of an edit whose cell bob changed since: a conflict, the step kept; keep theirs
 * drops it, overwrite with mine undoes over bob's value; redo is based on what undo
 * wrote. */
static void
test_undo_conflict (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (KhValueConflict) conflict = NULL;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);

  /* 10 → 50 (mine), then bob 60: undo wants 10 over 50 but finds 60. */
  g_assert_true (kh_document_set_value (doc, "a", "gdp", 50, &error));
  g_assert_no_error (error);
  set_by_bob (path, "60");
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_false (kh_document_undo_full (doc, FALSE, &conflict, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpfloat (conflict->seen, ==, 50);
  g_assert_cmpfloat (conflict->current, ==, 60);
  g_assert_cmpfloat (conflict->wanted, ==, 10);
  g_assert_cmpstr (conflict->edited_by, ==, "bob");
  g_clear_pointer (&conflict, kh_value_conflict_free);
  g_assert_cmpfloat (stored_gdp (path), ==, 60);
  g_assert_cmpfloat (shown_gdp (doc), ==, 60);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 1);
  g_assert_cmpuint (kh_document_get_n_redo (doc), ==, 0);
  /* The plain undo asks the same way again: nothing written. */
  g_assert_false (kh_document_undo (doc, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (edit_rows (path), ==, 3);

  /* Overwrite with mine: 10 written over 60; the step goes to redo. */
  g_assert_true (kh_document_undo_full (doc, TRUE, &conflict, &error));
  g_assert_no_error (error);
  g_assert_null (conflict);
  g_assert_cmpfloat (stored_gdp (path), ==, 10);
  g_assert_cmpfloat (shown_gdp (doc), ==, 10);
  g_assert_cmpint (edit_rows (path), ==, 4);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 0);
  g_assert_cmpuint (kh_document_get_n_redo (doc), ==, 1);
  /* Redo: 50 over the 10 undo left. */
  g_assert_true (kh_document_redo (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored_gdp (path), ==, 50);
  g_assert_cmpint (edit_rows (path), ==, 5);

  /* Bob 70, undo conflicts; keep theirs drops the step: 70 stays, nothing to undo. */
  set_by_bob (path, "70");
  g_assert_false (kh_document_undo_full (doc, FALSE, &conflict, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_pointer (&conflict, kh_value_conflict_free);
  kh_document_drop_step (doc, TRUE);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 0);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_cmpfloat (stored_gdp (path), ==, 70);
  g_assert_cmpfloat (shown_gdp (doc), ==, 70);
  g_assert_cmpint (edit_rows (path), ==, 6);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* A cell of gdp in the file (a connection of its own); NaN when absent or empty. */
static double
stored_cell (const char *path,
             const char *unit)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = NAN;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM data_values WHERE year = 2020 AND "
                                           "unit_id = ? AND field = 'gdp'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static double
shown_cell (KhDocument *doc,
            const char *unit)
{
  KhDataset *dataset = kh_document_get_dataset (doc);

  return kh_dataset_get (dataset, kh_dataset_find_unit (dataset, unit),
                         kh_dataset_find_field (dataset, "gdp"));
}

/* Undo and redo of an import (a paste is one) are based on the values it left in each
 * cell (issue 19): a, b and c imported (10 → 11, empty → 21, empty → 31), then bob stores
 * 12 in a and 33 in c. Undo conflicts on a and c, both listed with both values and who;
 * nothing is written, not even b; bob's 34 in c stored after the question makes the
 * overwrite ask again; overwrite with mine then undoes all three; redo writes them again,
 * each an audited edit. */
static void
test_undo_import_conflict (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (KhRecordSet) records = kh_record_set_new (KH_TABLE_LONG, NULL);
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (GPtrArray) asked = NULL;
  const KhValueConflict *cell;
  guint n_changed = 0;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  kh_record_set_add (records, 2, 2, "a", 2020, "gdp", 11);
  kh_record_set_add (records, 3, 2, "b", 2020, "gdp", 21);
  kh_record_set_add (records, 4, 2, "c", 2020, "gdp", 31);
  g_assert_true (kh_document_import_records_full (doc, records, "fix.csv", &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 3);
  g_assert_cmpint (edit_rows (path), ==, 1);

  set_by_bob (path, "12");
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "c", "--field", "gdp",
                           "--user", "bob", "33", NULL));
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_false (kh_document_undo_or_redo (doc, FALSE, NULL, &conflicts, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (conflicts);
  g_assert_cmpuint (conflicts->len, ==, 2);
  cell = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (cell->unit_id, ==, "a");
  g_assert_cmpstr (cell->field, ==, "gdp");
  g_assert_cmpfloat (cell->seen, ==, 11);
  g_assert_cmpfloat (cell->current, ==, 12);
  g_assert_cmpfloat (cell->wanted, ==, 10);
  g_assert_cmpstr (cell->edited_by, ==, "bob");
  cell = g_ptr_array_index (conflicts, 1);
  g_assert_cmpstr (cell->unit_id, ==, "c");
  g_assert_cmpfloat (cell->seen, ==, 31);
  g_assert_cmpfloat (cell->current, ==, 33);
  g_assert_true (isnan (cell->wanted));
  g_assert_cmpstr (cell->edited_by, ==, "bob");
  asked = g_steal_pointer (&conflicts);
  /* Nothing written; the document shows bob's values; the step stays. */
  g_assert_cmpfloat (stored_cell (path, "a"), ==, 12);
  g_assert_cmpfloat (stored_cell (path, "b"), ==, 21);
  g_assert_cmpfloat (stored_cell (path, "c"), ==, 33);
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_cmpfloat (shown_cell (doc, "a"), ==, 12);
  g_assert_cmpfloat (shown_cell (doc, "b"), ==, 21);
  g_assert_cmpfloat (shown_cell (doc, "c"), ==, 33);
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 1);
  g_assert_cmpuint (kh_document_get_n_redo (doc), ==, 0);
  /* The plain undo refuses the same way. */
  g_assert_false (kh_document_undo (doc, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (edit_rows (path), ==, 3);

  /* Bob stores 34 in c after the question showed 33: overwrite with mine (based on the
   * values asked about) is a conflict again, nothing written; the new question lists c
   * (now 34) and a (answered before, still 12). */
  run_ok (kh_test_cli_run ("set", path, "--year", "2020", "--unit", "c", "--field", "gdp",
                           "--user", "bob", "34", NULL));
  g_assert_false (kh_document_undo_or_redo (doc, FALSE, asked, &conflicts, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (conflicts->len, ==, 2);
  cell = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (cell->unit_id, ==, "c");
  g_assert_cmpfloat (cell->seen, ==, 33);
  g_assert_cmpfloat (cell->current, ==, 34);
  cell = g_ptr_array_index (conflicts, 1);
  g_assert_cmpstr (cell->unit_id, ==, "a");
  g_assert_cmpfloat (cell->current, ==, 12);
  g_assert_cmpfloat (stored_cell (path, "a"), ==, 12);
  g_assert_cmpfloat (stored_cell (path, "b"), ==, 21);
  g_assert_cmpfloat (stored_cell (path, "c"), ==, 34);
  g_assert_cmpint (edit_rows (path), ==, 4);
  g_clear_pointer (&asked, g_ptr_array_unref);
  asked = g_steal_pointer (&conflicts);

  /* Overwrite with mine, answered to that: the three cells as before the import. */
  g_assert_true (kh_document_undo_or_redo (doc, FALSE, asked, &conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored_cell (path, "a"), ==, 10);
  g_assert_true (isnan (stored_cell (path, "b")));
  g_assert_true (isnan (stored_cell (path, "c")));
  g_assert_true (isnan (shown_cell (doc, "b")));
  g_assert_cmpint (edit_rows (path), ==, 7);
  g_assert_cmpuint (kh_document_get_n_redo (doc), ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* Redo, based on what the undo left: no conflict. */
  g_assert_true (kh_document_undo_or_redo (doc, TRUE, NULL, &conflicts, &error));
  g_assert_no_error (error);
  g_assert_null (conflicts);
  g_assert_cmpfloat (stored_cell (path, "a"), ==, 11);
  g_assert_cmpfloat (stored_cell (path, "b"), ==, 21);
  g_assert_cmpfloat (stored_cell (path, "c"), ==, 31);
  g_assert_cmpfloat (shown_cell (doc, "c"), ==, 31);
  g_assert_cmpint (edit_rows (path), ==, 10);

  g_clear_object (&doc);
  kh_test_remove_dir (dir);
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

/* Another writer's commit is read in; the document's own are not taken for one. */
static void
test_refresh (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  guint n_values = 0;
  gboolean late = FALSE;
  guint timeout;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_signal_connect (doc, "changed", G_CALLBACK (changed_cb), &n_values);
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  kh_document_watch (doc);

  /* The document's own edit is no other writer's. */
  g_assert_true (kh_document_set_value (doc, "a", "gdp", 15, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, 1);
  g_assert_false (kh_document_refresh_if_changed (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 0);

  /* Bob's, asked for directly: one value, no framework. */
  set_by_bob (path, "20");
  g_assert_true (kh_document_refresh_if_changed (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (shown_gdp (doc), ==, 20);
  g_assert_cmpuint (n_values, ==, 2);
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "Data changed by someone else — reloaded: 1 value");
  /* Read once: nothing new the second time. */
  g_assert_false (kh_document_refresh_if_changed (doc, &error));
  g_assert_no_error (error);

  /* Bob's again, found by watching the file: waited for, never a fixed sleep. */
  set_by_bob (path, "25");
  timeout = g_timeout_add_seconds (60, timed_out, &late);
  while (shown_gdp (doc) != 25 && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_cmpfloat (shown_gdp (doc), ==, 25);
  g_assert_cmpuint (summaries->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (summaries, 1), ==,
                   "Data changed by someone else — reloaded: 1 value");
  /* The undo step of 10 → 15 is still there, and asks: the cell holds bob's 25. */
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, 1);
  g_assert_false (kh_document_undo (doc, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpfloat (stored_gdp (path), ==, 25);

  kh_document_unwatch (doc);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* The framework of the project built (tests/data/surveys/survey-city.xml) with a new
 * indicator "jobs" (and gdp's points 60 → 50), written into @dir; returns its path. */
static char *
write_framework_with_jobs (const char *dir)
{
  g_autofree char *source = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                              "surveys", "survey-city.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GString) changed = NULL;
  char *path = g_build_filename (dir, "framework-jobs.xml", NULL);
  const char *gdp = "<indicator id=\"gdp\" points=\"60\"><scoring method=\"minmax\"/></indicator>";

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, gdp,
                                      "<indicator id=\"gdp\" points=\"50\"><scoring "
                                      "method=\"minmax\"/></indicator>\n"
                                      "    <indicator id=\"jobs\" points=\"10\"><scoring "
                                      "method=\"minmax\"/></indicator>", 1), ==, 1);
  g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));
  return path;
}

static gboolean
has_jobs (KhDocument *doc)
{
  return kh_framework_find_node (kh_document_get_framework (doc), "jobs") != NULL;
}

/* Another writer (kaohe-cli, a process of its own) imports a new framework of the year
 * open, then a new unit: each found by watching the file, taken in, and said (issue 19). */
static void
test_framework_units (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autofree char *fw = write_framework_with_jobs (dir);
  g_autofree char *units = g_build_filename (dir, "units.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  gboolean late = FALSE;
  guint timeout;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_false (has_jobs (doc));
  g_assert_cmpuint (kh_dataset_get_n_units (kh_document_get_dataset (doc)), ==, 4);
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  kh_document_watch (doc);

  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  timeout = g_timeout_add_seconds (60, timed_out, &late);
  while (!has_jobs (doc) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_true (has_jobs (doc));
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "gdp")->points,
                     ==, 50);
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_nonnull (kh_document_get_plan (doc));
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "Data changed by someone else — reloaded: the framework");

  g_assert_true (g_file_set_contents (units, "id,name_zh,category,group\ne,戊市,city,cities\n",
                                      -1, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  late = FALSE;
  timeout = g_timeout_add_seconds (60, timed_out, &late);
  while (kh_dataset_get_n_units (kh_document_get_dataset (doc)) != 5 && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_cmpuint (kh_dataset_get_n_units (kh_document_get_dataset (doc)), ==, 5);
  g_assert_cmpuint (kh_dataset_find_unit (kh_document_get_dataset (doc), "e"), !=,
                    KH_DATASET_NONE);
  g_assert_cmpuint (summaries->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (summaries, 1), ==,
                   "Data changed by someone else — reloaded: the units");

  kh_document_unwatch (doc);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

/* Another writer (kaohe-cli seal, a process of its own) seals the year the document shows,
 * while it holds an unsaved framework edit (issue 19): found by watching the file, the
 * document becomes read-only as if opened sealed, says so, and the unsaved framework is
 * written to a framework file of its own, the sealed one becoming the working one. */
static void
test_sealed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-conflict-XXXXXX", NULL);
  g_autofree char *path = build_project (dir);
  g_autofree char *kaohe_dir = g_build_filename (g_get_user_data_dir (), "kaohe", NULL);
  g_autofree char *kept_dir = g_build_filename (kaohe_dir, "unsaved", NULL);
  g_autofree char *taken = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_xml = NULL;
  gsize kept_len = 0;
  g_autoptr (KhFramework) kept_framework = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) listing = NULL;
  const char *name;
  gboolean late = FALSE;
  guint timeout;

  set_by_bob (path, "10");
  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_false (kh_document_is_sealed (doc));
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "gdp")->weight,
                     !=, 7);
  g_assert_true (kh_document_set_node_weight (doc, "gdp", 7, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_get_framework_modified (doc));
  g_signal_connect (doc, "refreshed", G_CALLBACK (refreshed_cb), summaries);
  kh_document_watch (doc);

  run_ok (kh_test_cli_run ("seal", path, "--year", "2020", "--user", "bob", NULL));
  timeout = g_timeout_add_seconds (60, timed_out, &late);
  while (!kh_document_is_sealed (doc) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_true (kh_document_is_sealed (doc));
  g_assert_true (kh_document_is_read_only (doc));

  /* The unsaved framework went to one file, which reads back as the framework edited. */
  listing = g_dir_open (kept_dir, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (listing);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_prefix (name, "framework-2020-city-"));
  g_assert_true (g_str_has_suffix (name, ".xml"));
  kept = g_build_filename (kept_dir, name, NULL);
  g_assert_null (g_dir_read_name (listing));
  g_assert_true (g_file_get_contents (kept, &kept_xml, &kept_len, &error));
  g_assert_no_error (error);
  /* Unsaved edits may have problems (here gdp's weight leaves the points unbalanced): the
   * file holds them as they were, a draft. */
  kept_framework = kh_framework_xml_load_draft (kept_xml, kept_len, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (kh_framework_find_node (kept_framework, "gdp")->weight, ==, 7);

  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "The year 2020 was sealed by someone else: your unsaved framework edits "
                   "were kept in a file.");
  taken = kh_document_take_kept_framework (doc);
  g_assert_cmpstr (taken, ==, kept);
  g_assert_null (kh_document_take_kept_framework (doc));

  /* The working framework is the sealed one; nothing can change any more. */
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "gdp")->weight,
                     !=, 7);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_false (kh_document_set_value (doc, "a", "gdp", 30, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (kh_document_set_node_weight (doc, "gdp", 9, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_cmpfloat (stored_gdp (path), ==, 10);

  kh_document_unwatch (doc);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
  /* The folders kept, emptied: $XDG_DATA_HOME/kaohe/unsaved. */
  kh_test_remove_dir (kept_dir);
  g_assert_cmpint (g_rmdir (kaohe_dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("kh-document-conflict-data-XXXXXX", NULL);
  int status;

  /* The unsaved framework of a year sealed by another writer is kept in $XDG_DATA_HOME:
   * a fresh folder (test_sealed() empties it). */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "me", TRUE);
  g_test_add_func ("/document/conflict/edit", test_edit_conflict);
  g_test_add_func ("/document/conflict/undo", test_undo_conflict);
  g_test_add_func ("/document/conflict/undo-import", test_undo_import_conflict);
  g_test_add_func ("/document/conflict/refresh", test_refresh);
  g_test_add_func ("/document/conflict/framework-units", test_framework_units);
  g_test_add_func ("/document/conflict/sealed", test_sealed);
  status = g_test_run ();
  kh_test_remove_dir (data_home);
  return status;
}
