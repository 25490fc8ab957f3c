/* test-ui-conflict.c — the window asks when another writer changed the cell it edits or
 * undoes: keep theirs or overwrite with mine (issue 19), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-window-project.c (tests/data/ui, 2019 and 2020); only d's
 * gdp_growth of 2020 (2 in data-2020.csv) is edited. The other writer is `kaohe-cli set
 * --user bob` in a process of its own. Every stored value and audit count follows by hand
 * from the edits made: each stored edit is one audit row "edit", a refused one none.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-conflict-dialog.h"
#include "ui/kh-data-view.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *pristine;

static void
build_project (void)
{
  pristine = g_build_filename (tmp_dir, "pristine.kaohe", NULL);
  kh_test_ui_project_build (pristine, 2020, 2020);
}

static char *
copy_project (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  kh_test_copy_file (pristine, path);
  return path;
}

/* Bob sets d's gdp_growth of 2020. */
static void
set_by_bob (const char *path,
            const char *value)
{
  kh_test_cli_ok ("set", path, "--year", "2020", "--unit", "d", "--field", "gdp_growth",
                  "--user", "bob", value, NULL);
}

static double
stored_value (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = NAN;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM data_values WHERE year = 2020 AND "
                                           "unit_id = 'd' AND field = 'gdp_growth'",
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
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audit_log WHERE action = 'edit'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The conflict dialog shown, or NULL. */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Answers the dialog with @response ("theirs", "mine"; NULL: closes it as Escape does),
 * then waits for it to go. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  GtkWidget *alive = GTK_WIDGET (dialog);

  g_object_add_weak_pointer (G_OBJECT (alive), (gpointer *) &alive);
  if (response == NULL)
    gtk_window_close (GTK_WINDOW (dialog));
  else
    adw_message_dialog_response (dialog, response);
  spin ();
  if (alive != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (alive), (gpointer *) &alive);
      gtk_window_destroy (GTK_WINDOW (alive));
      spin ();
    }
}

static double
shown_value (KhWindow *window)
{
  KhDataset *dataset = kh_document_get_dataset (kh_window_get_document (window));

  return kh_dataset_get (dataset, kh_dataset_find_unit (dataset, "d"),
                         kh_dataset_find_field (dataset, "gdp_growth"));
}

static void
assert_body (AdwMessageDialog *dialog,
             const char       *line)
{
  const char *body = adw_message_dialog_get_body (dialog);

  if (strstr (body, line) == NULL)
    g_error ("“%s” not in the dialog's text:\n%s", line, body);
}

/* Typed 9 over the 2 shown while bob stored 5: the dialog names the cell, both values, bob;
 * Escape and Enter keep theirs; overwrite stores 9 based on 5. */
static void
test_edit_conflict (void)
{
  g_autofree char *path = copy_project ("edit.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpint (edit_rows (path), ==, 0);
  set_by_bob (path, "5");
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Someone Else Changed This Value");
  /* The tests run under C.UTF-8: the unit's English name. */
  assert_body (dialog, ", 2020\n");
  assert_body (dialog, "\nYou saw: 2\n");
  assert_body (dialog, "\nNow: 5, stored by bob at ");
  assert_body (dialog, "\nYours: 9\n");
  /* Enter answers the default, Escape the close response: both keep theirs. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "theirs");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "theirs");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "mine"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (dialog));
      png = kh_test_save_png (GTK_WIDGET (dialog), "conflict-dialog.png");
      g_test_message ("dialog: %s", png);
    }
  /* The window shows bob's value already; Escape keeps it. */
  g_assert_cmpfloat (shown_value (window), ==, 5);
  answer (dialog, NULL);
  g_assert_null (find_dialog ());
  g_assert_cmpfloat (stored_value (path), ==, 5);
  g_assert_cmpint (edit_rows (path), ==, 1);
  g_assert_false (kh_document_can_undo (kh_window_get_document (window)));

  /* Again: bob 6, typed 9 over the 5 shown; overwrite with mine. */
  set_by_bob (path, "6");
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_clear_error (&error);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  assert_body (dialog, "\nYou saw: 5\n");
  assert_body (dialog, "\nNow: 6, stored by bob at ");
  answer (dialog, "mine");
  g_assert_null (find_dialog ());
  g_assert_cmpfloat (stored_value (path), ==, 9);
  g_assert_cmpfloat (shown_value (window), ==, 9);
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_true (kh_document_can_undo (kh_window_get_document (window)));
  kh_test_ui_close (window);
}

/* Undo of 2 → 9 after bob stored 4: asks; keep theirs forgets the step, overwrite undoes
 * over bob's value. */
static void
test_undo_conflict (void)
{
  g_autofree char *path = copy_project ("undo.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_assert_no_error (error);
  set_by_bob (path, "4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  assert_body (dialog, "\nYour edit left: 9\n");
  assert_body (dialog, "\nNow: 4, stored by bob at ");
  assert_body (dialog, "\nUndo or redo would write: 2\n");
  g_assert_cmpfloat (shown_value (window), ==, 4);
  answer (dialog, "mine");
  g_assert_cmpfloat (stored_value (path), ==, 2);
  g_assert_cmpfloat (shown_value (window), ==, 2);
  g_assert_cmpint (edit_rows (path), ==, 3);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_true (kh_document_can_redo (doc));

  /* Redo (9 over 2) after bob stored 7: keep theirs forgets the redo step. */
  set_by_bob (path, "7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  assert_body (dialog, "\nYour edit left: 2\n");
  assert_body (dialog, "\nUndo or redo would write: 9\n");
  answer (dialog, "theirs");
  g_assert_cmpfloat (stored_value (path), ==, 7);
  g_assert_cmpfloat (shown_value (window), ==, 7);
  g_assert_cmpint (edit_rows (path), ==, 4);
  g_assert_false (kh_document_can_redo (doc));
  kh_test_ui_close (window);
}

static gboolean
shows_five (gpointer data)
{
  return shown_value (data) == 5;
}

/* Bob's change reaches the window on its own (the file watched), on the page shown, the
 * undo history kept. */
static void
test_refresh (void)
{
  g_autofree char *path = copy_project ("refresh.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *stack;

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (data));
  g_assert_true (kh_data_view_edit_cell (data, "d", "gdp_growth", "3", &error));
  g_assert_no_error (error);
  before = kh_data_view_format_cell (data, "d", "gdp_growth");
  g_assert_cmpstr (before, ==, "3");
  set_by_bob (path, "5");
  g_assert_true (kh_test_wait_until (shows_five, window, 60000));
  after = kh_data_view_format_cell (data, "d", "gdp_growth");
  g_assert_cmpstr (after, ==, "5");
  stack = gtk_widget_get_parent (GTK_WIDGET (data));
  if (GTK_IS_STACK (stack))
    g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == GTK_WIDGET (data));
  g_assert_true (kh_document_can_undo (kh_window_get_document (window)));
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (window));
      png = kh_test_save_png (GTK_WIDGET (window), "conflict-refreshed.png");
      g_test_message ("window: %s", png);
    }
  kh_test_ui_close (window);
}

/* Bob sets @unit's @field of 2020. */
static void
set_cell_by_bob (const char *path,
                 const char *unit,
                 const char *field,
                 const char *value)
{
  kh_test_cli_ok ("set", path, "--year", "2020", "--unit", unit, "--field", field,
                  "--user", "bob", value, NULL);
}

static double
stored_cell (const char *path,
             const char *unit,
             const char *field)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = NAN;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM data_values WHERE year = 2020 AND "
                                           "unit_id = ? AND field = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* How many conflict dialogs are shown. */
static guint
n_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Undo of a paste (one import: d's gdp_growth 2 → 9, c's pm25 30 → 31, b's survey 80 → 81)
 * after bob stored 4 and 33 in the first two: one dialog lists both cells with both values
 * and bob; nothing is written meanwhile, not even b's; overwrite with mine undoes all
 * three. */
static void
test_undo_paste_conflict (void)
{
  g_autofree char *path = copy_project ("undo-paste.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (KhRecordSet) records = kh_record_set_new (KH_TABLE_LONG, NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *cells;

  kh_record_set_add (records, 1, 1, "d", 2020, "gdp_growth", 9);
  kh_record_set_add (records, 2, 1, "c", 2020, "pm25", 31);
  kh_record_set_add (records, 3, 1, "b", 2020, "survey", 81);
  g_assert_true (kh_document_import_records (doc, records, "paste", &error));
  g_assert_no_error (error);
  set_cell_by_bob (path, "d", "gdp_growth", "4");
  set_cell_by_bob (path, "c", "pm25", "33");
  g_assert_cmpint (edit_rows (path), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (n_dialogs (), ==, 1);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Someone Else Changed These Values");
  assert_body (dialog, "2 values this step changed were changed by someone else since.");
  cells = find_named (GTK_WIDGET (dialog), "conflict-cells");
  g_assert_nonnull (cells);
  lines = g_strsplit (gtk_label_get_text (GTK_LABEL (cells)), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], ", 2020: left 9, now 4 (bob, "));
  g_assert_true (g_str_has_suffix (lines[0], "), would write 2"));
  g_assert_nonnull (strstr (lines[1], ", 2020: left 31, now 33 (bob, "));
  g_assert_true (g_str_has_suffix (lines[1], "), would write 30"));
  /* Nothing written; the window shows bob's value. */
  g_assert_cmpfloat (stored_cell (path, "b", "survey"), ==, 81);
  g_assert_cmpfloat (shown_value (window), ==, 4);
  g_assert_cmpint (edit_rows (path), ==, 2);
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (dialog));
      png = kh_test_save_png (GTK_WIDGET (dialog), "conflict-paste-dialog.png");
      g_test_message ("dialog: %s", png);
    }
  answer (dialog, "mine");
  g_assert_null (find_dialog ());
  g_assert_cmpfloat (stored_cell (path, "d", "gdp_growth"), ==, 2);
  g_assert_cmpfloat (stored_cell (path, "c", "pm25"), ==, 30);
  g_assert_cmpfloat (stored_cell (path, "b", "survey"), ==, 80);
  g_assert_cmpfloat (shown_value (window), ==, 2);
  g_assert_cmpint (edit_rows (path), ==, 5);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_true (kh_document_can_redo (doc));
  kh_test_ui_close (window);
}

/* Two conflicts in a row (d's gdp_growth typed 9 over the 2 shown, c's pm25 40 over 30,
 * while bob stored 5 and 33): one dialog at a time, the second asked when the first is
 * answered. */
static void
test_one_at_a_time (void)
{
  g_autofree char *path = copy_project ("queue.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;

  set_cell_by_bob (path, "d", "gdp_growth", "5");
  set_cell_by_bob (path, "c", "pm25", "33");
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (kh_data_view_edit_cell (data, "c", "pm25", "40", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_clear_error (&error);
  spin ();
  g_assert_cmpuint (n_dialogs (), ==, 1);
  g_assert_cmpuint (kh_conflict_dialog_get_n_waiting (GTK_WINDOW (window)), ==, 1);
  dialog = find_dialog ();
  assert_body (dialog, "\nYou saw: 2\n");
  assert_body (dialog, "\nYours: 9\n");
  answer (dialog, "theirs");

  g_assert_cmpuint (n_dialogs (), ==, 1);
  g_assert_cmpuint (kh_conflict_dialog_get_n_waiting (GTK_WINDOW (window)), ==, 0);
  dialog = find_dialog ();
  assert_body (dialog, "\nYou saw: 30\n");
  assert_body (dialog, "\nNow: 33, stored by bob at ");
  assert_body (dialog, "\nYours: 40\n");
  answer (dialog, "mine");
  g_assert_null (find_dialog ());
  g_assert_cmpfloat (stored_cell (path, "d", "gdp_growth"), ==, 5);
  g_assert_cmpfloat (stored_cell (path, "c", "pm25"), ==, 40);
  g_assert_cmpint (edit_rows (path), ==, 3);
  kh_test_ui_close (window);
}

/* A refresh while the question is open: typed 9 over the 2 shown while bob stored 5, then
 * bob stores 6 and the window reads it in. Overwrite with mine is based on the 5 the
 * question showed, so it asks again, showing 6, rather than overwrite a value never shown
 * in a question; answered again, 9 is stored. */
static void
test_refresh_while_asking (void)
{
  g_autofree char *path = copy_project ("refresh-asking.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;

  set_by_bob (path, "5");
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_clear_error (&error);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  assert_body (dialog, "\nNow: 5, stored by bob at ");
  set_by_bob (path, "6");
  kh_document_refresh_if_changed (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (shown_value (window), ==, 6);

  answer (dialog, "mine");
  g_assert_cmpfloat (stored_value (path), ==, 6);
  g_assert_cmpint (edit_rows (path), ==, 2);
  g_assert_cmpuint (n_dialogs (), ==, 1);
  dialog = find_dialog ();
  assert_body (dialog, "\nYou saw: 5\n");
  assert_body (dialog, "\nNow: 6, stored by bob at ");
  assert_body (dialog, "\nYours: 9\n");
  answer (dialog, "mine");
  g_assert_null (find_dialog ());
  g_assert_cmpfloat (stored_value (path), ==, 9);
  g_assert_cmpfloat (shown_value (window), ==, 9);
  g_assert_cmpint (edit_rows (path), ==, 3);
  kh_test_ui_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-ui-conflict-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);

    /* Recent projects go to a fresh user data folder. */
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "me", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/conflict/edit", test_edit_conflict);
  g_test_add_func ("/ui/conflict/undo", test_undo_conflict);
  g_test_add_func ("/ui/conflict/undo-paste", test_undo_paste_conflict);
  g_test_add_func ("/ui/conflict/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/ui/conflict/refresh-while-asking", test_refresh_while_asking);
  g_test_add_func ("/ui/conflict/refresh", test_refresh);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
