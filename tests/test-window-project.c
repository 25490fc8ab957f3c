/* test-window-project.c — the window on a project, driven under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is built with kaohe-cli from tests/data/ui/ (four invented cities,
 * demonstration values) for 2019 and 2020. Its framework: total = development (80
 * points, mean of gdp_growth and pm25, min–max scored, pm25 lower-is-better) +
 * satisfaction (20 points, survey min–max). Hand computation of 2020 with the committed
 * data (f = share of full points):
 *   gdp_growth a 8, b 6, c 5, d 2        → f  a 1,   b 2/3, c 1/2, d 0
 *   pm25       a 54, b 42, c 30, d 60    → f  a 0.2, b 0.6, c 1,   d 0
 *   survey     a 90, b 80, c 70, d 85    → f  a 1,   b 0.5, c 0,   d 0.75
 *   development = 80·(f_gdp + f_pm)/2: a 48, b 50.667, c 60, d 0
 *   total: a 68, b 60.667, c 60, d 15 → ranks a 1, b 2, c 3, d 4
 * 2019 ranks are b 1, a 2, d 3, c 4 (b best in every indicator, then a, d, c).
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>

#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "io/kh-project-compute.h"

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-engine.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-charts-view.h"
#include "ui/kh-data-view.h"
#include "ui/kh-framework-editor.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *pristine; /* the project as built, never opened by the window */

static void
build_project (void)
{
  pristine = g_build_filename (tmp_dir, "pristine.kaohe", NULL);
  kh_test_ui_project_build (pristine, 2019, 2020);
}

/* A fresh copy of the project for one test. */
static char *
copy_project (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  kh_test_copy_file (pristine, path);
  return path;
}

static KhResultsView *
results_of (KhWindow *window)
{
  return KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
}

static KhFrameworkEditor *
editor_of (KhWindow *window)
{
  return KH_FRAMEWORK_EDITOR (kh_window_get_page (window, "framework"));
}

/* Unit ids in the order the ranking table shows them, with their ranks: "a1 b2 c3 d4". */
static char *
ranking (KhWindow *window)
{
  GListModel *rows = kh_results_view_get_rows (results_of (window));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s%s%d", i > 0 ? " " : "", kh_result_row_get_unit_id (row),
                              kh_result_row_get_rank (row));
    }
  return g_string_free (text, FALSE);
}

static void
assert_ranking (KhWindow   *window,
                const char *expected)
{
  g_autofree char *actual = ranking (window);

  g_assert_cmpstr (actual, ==, expected);
}

static gboolean
document_gone (gpointer data)
{
  return *(KhDocument **) data == NULL;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets animations finish. */
static void
settle (guint ms)
{
  kh_test_wait_until (never, NULL, ms);
}

static void ensure_size (KhWindow *window,
                         int       width,
                         int       height);

/* @text names the three kinds of published figures of the sample (SOURCES.md). */
static void
assert_names_published_figures (const char *text)
{
  g_assert_nonnull (strstr (text, "demonstration data"));
  g_assert_nonnull (strstr (text, "2020 GDP"));
  g_assert_nonnull (strstr (text, "2020 census"));
  g_assert_nonnull (strstr (text, "PM2.5 of 2018–2020"));
}

/* The About window app.about presented, if any. */
static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w))
        return ADW_ABOUT_WINDOW (w);
    }
  return NULL;
}

/* The row of @widget titled @title, if any. */
static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row_titled (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_open_sample_copy (void)
{
  g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "kaohe", "jiangsu-sample.kaohe",
                                            NULL);
  g_autofree char *sample = copy_project ("bundled-sample.kaohe");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *comments = NULL;
  const char *banner;
  AdwAboutWindow *about;
  KhWindow *window;
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_SAMPLE", sample, TRUE);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (sample, &before, NULL, NULL));

  window = kh_window_new (app);
  g_assert_true (kh_window_open_sample (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));

  /* The user's copy is what opened; editing a value changes the copy only. */
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (kh_document_get_path (kh_window_get_document (window)), ==, copy);
  /* The window says that the sample is demonstration data and names the only published
   * figures in it, as data/samples/SOURCES.md does (2020 city GDP, the 2020 census, the
   * province's PM2.5); so does the About window's text. */
  banner = kh_window_get_banner (window);
  g_assert_nonnull (banner);
  assert_names_published_figures (banner);
  g_assert_nonnull (strstr (banner, "every other value is invented"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ensure_size (window, 1280, 800);
  settle (600); /* the banner slides in */
  g_free (kh_test_save_png (GTK_WIDGET (window), "window-sample-banner.png"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_object_get (about, "comments", &comments, NULL);
  assert_names_published_figures (comments);
  g_assert_nonnull (strstr (comments, "Every other value is invented"));
  kh_test_wait_for_widget (GTK_WIDGET (about));
  g_assert_nonnull (find_row_titled (GTK_WIDGET (about), "_Details"));
  gtk_widget_activate (find_row_titled (GTK_WIDGET (about), "_Details"));
  settle (600); /* the Details page slides in */
  g_free (kh_test_save_png (GTK_WIDGET (about), "about-details.png"));
  gtk_window_destroy (GTK_WINDOW (about));
  g_assert_true (kh_document_set_value (kh_window_get_document (window), "a", "survey", 88, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sample, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  kh_test_ui_close (window);

  /* No sample: the empty state says so instead of failing silently. */
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_assert_null (kh_window_find_sample ());
  window = kh_window_new (app);
  g_assert_false (kh_window_open_sample (window));
  g_assert_null (kh_window_get_document (window));
  kh_test_ui_close (window);
}

static void
test_weight_edit_and_undo (void)
{
  g_autofree char *path = copy_project ("weight.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  KhFrameworkEditor *editor = editor_of (window);

  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  assert_ranking (window, "a1 b2 c3 d4");

  /* pm25 weight 3 (gdp_growth 1): development = 80·(f_gdp + 3·f_pm)/4:
   * a 80·1.6/4 = 32, b 80·(2/3 + 1.8)/4 = 49.333, c 80·3.5/4 = 70, d 0;
   * totals a 52, b 59.333, c 70, d 15 → c 1, b 2, a 3, d 4. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.set-property",
                                             "(sss)", "pm25", "weight", "3"));
  assert_ranking (window, "c1 b2 a3 d4");
  /* re-weighted, not computed again: bit for bit what computing it gives (issue 22) */
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "pm25")->weight, ==, 3);

  /* Ctrl+Z restores the ranks exactly; Ctrl+Shift+Z brings the edit back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_ranking (window, "a1 b2 c3 d4");
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "pm25")->weight, ==, 1);
  /* re-weighted, not computed again: bit for bit what computing it gives (issue 22) */
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  assert_ranking (window, "c1 b2 a3 d4");
  /* re-weighted, not computed again: bit for bit what computing it gives (issue 22) */
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));

  /* A refused edit changes nothing and leaves no undo step. */
  g_assert_true (kh_document_can_redo (doc));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.set-property",
                                             "(sss)", "pm25", "weight", "-1"));
  assert_ranking (window, "a1 b2 c3 d4");
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "pm25")->weight, ==, 1);
  g_assert_true (kh_document_can_redo (doc));

  /* A tier rule is editable too: two first-tier places instead of one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.set-property",
                                             "(sss)", "", "group/cities/tiers.values", "2 1"));
  {
    GListModel *rows = kh_results_view_get_rows (results_of (window));
    g_autoptr (KhResultRow) second = g_list_model_get_item (rows, 1);

    g_assert_cmpint (kh_result_row_get_tier (second), ==, 1);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  {
    GListModel *rows = kh_results_view_get_rows (results_of (window));
    g_autoptr (KhResultRow) second = g_list_model_get_item (rows, 1);

    g_assert_cmpint (kh_result_row_get_tier (second), ==, 2);
  }
  kh_test_ui_close (window);
}

static void
test_tree_operations (void)
{
  g_autofree char *path = copy_project ("tree.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  KhFrameworkEditor *editor = editor_of (window);
  KhNode *development;
  GPtrArray *problems;

  kh_window_show_page (window, "framework");
  g_assert_true (kh_framework_editor_select (editor, "gdp_growth"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.add-sibling", NULL));
  development = kh_framework_find_node (kh_document_get_framework (doc), "development");
  g_assert_cmpuint (development->children->len, ==, 3);
  g_assert_cmpstr (((KhNode *) development->children->pdata[1])->id, ==, "indicator_1");
  g_assert_cmpstr (kh_framework_editor_get_selected (editor), ==, "indicator_1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  development = kh_framework_find_node (kh_document_get_framework (doc), "development");
  g_assert_cmpuint (development->children->len, ==, 2);

  /* Move down, then outdent pm25 out of development into the root. */
  g_assert_true (kh_framework_editor_select (editor, "gdp_growth"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.move-down", NULL));
  development = kh_framework_find_node (kh_document_get_framework (doc), "development");
  g_assert_cmpstr (((KhNode *) development->children->pdata[0])->id, ==, "pm25");
  g_assert_cmpstr (((KhNode *) development->children->pdata[1])->id, ==, "gdp_growth");
  g_assert_true (kh_framework_editor_select (editor, "pm25"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.outdent", NULL));
  g_assert_cmpstr (kh_framework_find_node (kh_document_get_framework (doc), "pm25")->parent->id,
                   ==, "total");
  /* Outdented, pm25 (100 points) sits beside papers of 80 and 20: the root's children now
   * add up to 200 points, which the problems list reports. */
  problems = kh_framework_editor_get_problems (editor);
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "total"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.indent", NULL));
  g_assert_cmpstr (kh_framework_find_node (kh_document_get_framework (doc), "pm25")->parent->id,
                   ==, "development");
  g_assert_cmpuint (kh_framework_editor_get_problems (editor)->len, ==, 0);

  /* Every step undoes back to the framework as loaded. */
  while (kh_document_can_undo (doc))
    g_assert_true (kh_document_undo (doc, NULL));
  development = kh_framework_find_node (kh_document_get_framework (doc), "development");
  g_assert_cmpstr (((KhNode *) development->children->pdata[0])->id, ==, "gdp_growth");
  assert_ranking (window, "a1 b2 c3 d4");

  /* A weight that breaks a points sum is listed; selecting the problem selects the node. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.set-property",
                                             "(sss)", "survey", "weight", "2"));
  problems = kh_framework_editor_get_problems (editor);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "satisfaction"));
  g_assert_true (kh_framework_editor_select (editor, "gdp_growth"));
  kh_framework_editor_activate_problem (editor, 0);
  g_assert_cmpstr (kh_framework_editor_get_selected (editor), ==, "satisfaction");
  g_assert_false (kh_framework_editor_select (editor, "no_such_node"));
  kh_test_ui_close (window);
}

static void
test_value_edit (void)
{
  g_autofree char *path = copy_project ("values.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  g_autoptr (GError) error = NULL;
  g_autofree char *provenance = NULL;

  /* Fields: indicators read from data, then variables. */
  g_assert_cmpuint (kh_data_view_get_fields (data)->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (kh_data_view_get_fields (data), 3), ==, "population");
  g_assert_cmpuint (kh_data_view_get_n_rows (data), ==, 4);
  /* The tests run under C.UTF-8: the units' names are the English ones of units.csv. */
  kh_data_view_set_search (data, "city d");
  g_assert_cmpuint (kh_data_view_get_n_rows (data), ==, 1);
  kh_data_view_set_search (data, NULL);

  provenance = kh_document_get_provenance (doc, "a", "gdp_growth");
  g_assert_nonnull (strstr (provenance, "data-2020.csv, row 2, column 2"));

  /* Not a number: refused with its place, nothing changes. */
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "abc", &error));
  g_assert_nonnull (strstr (error->message, "Row 4 (d), column 2 (gdp_growth)"));
  g_clear_error (&error);
  assert_ranking (window, "a1 b2 c3 d4");

  /* d's gdp_growth 2 → 9: f a 3/4, b 1/4, c 0, d 1; development a 38, b 34, c 40, d 40;
   * totals a 58, b 44, c 40, d 55 → a 1, d 2, b 3, c 4. */
  g_assert_true (kh_data_view_edit_cell (data, "d", "gdp_growth", "9", &error));
  g_assert_no_error (error);
  assert_ranking (window, "a1 d2 b3 c4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_ranking (window, "a1 b2 c3 d4");
  kh_test_ui_close (window);
}

static gboolean
dialog_loaded (gpointer data)
{
  return kh_import_dialog_is_loaded (data);
}

static void
test_import_preview (void)
{
  g_autofree char *path = copy_project ("import.kaohe");
  g_autofree char *bad = kh_test_data_path ("ui", "malformed.csv");
  g_autofree char *good = kh_test_data_path ("ui", "survey-fix-2020.csv");
  g_autoptr (GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr (GFile) good_file = g_file_new_for_path (good);
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  KhImportDialog *dialog;
  GPtrArray *problems;
  g_autoptr (GError) error = NULL;
  KhDataset *dataset;

  /* malformed.csv: row 2 has "abc" in column 3. */
  dialog = kh_window_import_file (window, bad_file);
  g_assert_nonnull (dialog);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  problems = kh_import_dialog_get_problems (dialog);
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "row 2, column 3"));
  g_assert_false (kh_import_dialog_can_commit (dialog));
  g_assert_false (kh_import_dialog_commit (dialog, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  g_free (kh_test_save_png (GTK_WIDGET (dialog), "import-preview-error.png"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nothing changed: a's pm25 is still 54 and the ranks are as computed. */
  dataset = kh_document_get_dataset (doc);
  g_assert_cmpfloat (kh_dataset_get (dataset, kh_dataset_find_unit (dataset, "a"),
                                     kh_dataset_find_field (dataset, "pm25")), ==, 54);
  assert_ranking (window, "a1 b2 c3 d4");

  /* A good file commits: d's survey 85 → 95. survey f: a 20/25, b 10/25, c 0, d 1;
   * satisfaction a 16, b 8, c 0, d 20; totals a 64, b 58.667, c 60, d 20 → a 1, c 2, b 3, d 4. */
  dialog = kh_window_import_file (window, good_file);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  g_assert_cmpuint (kh_import_dialog_get_problems (dialog)->len, ==, 0);
  g_assert_true (kh_import_dialog_can_commit (dialog));
  g_assert_true (kh_import_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  assert_ranking (window, "a1 c2 b3 d4");
  kh_test_ui_close (window);
}

static void
test_sealed_year (void)
{
  g_autofree char *path = copy_project ("sealed.kaohe");
  KhWindow *window;
  KhDocument *doc;
  g_autoptr (GError) error = NULL;

  kh_test_cli_ok ("seal", path, "--year", "2019", NULL);
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  doc = kh_window_get_document (window);
  g_assert_null (kh_window_get_banner (window));
  g_assert_true (kh_document_set_year (doc, 2019, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_is_sealed (doc));

  /* Read-only everywhere, with the banner saying so: actions off, edits refused. */
  g_assert_nonnull (strstr (kh_window_get_banner (window), "2019 is sealed"));
  kh_framework_editor_select (editor_of (window), "total");
  gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "framework.add-child", NULL);
  g_assert_cmpuint (kh_document_get_framework (doc)->root->children->len, ==, 2);
  g_assert_false (kh_document_can_undo (doc));
  g_assert_false (kh_document_set_node_weight (doc, "pm25", 2, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (kh_data_view_edit_cell (KH_DATA_VIEW (kh_window_get_page (window, "data")), "a",
                                          "survey", "50", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_clear_error (&error);
  assert_ranking (window, "b1 a2 d3 c4");

  kh_window_show_page (window, "results");
  ensure_size (window, 1280, 800);
  settle (600); /* the banner and the task bar slide in and out */
  g_free (kh_test_save_png (GTK_WIDGET (window), "window-sealed-2019.png"));
  kh_test_ui_close (window);
}

/* Each unit's total and rank of @plan against @expected's, bit for bit. */
static void
assert_same_standings (KhPlan *plan,
                       KhPlan *expected)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  KhDataset *expected_ds = kh_plan_get_dataset (expected);

  g_assert_cmpint (kh_dataset_get_year (ds), ==, kh_dataset_get_year (expected_ds));
  g_assert_cmpuint (kh_plan_get_n_units (plan), ==, kh_plan_get_n_units (expected));
  g_assert_cmpuint (kh_dataset_get_n_fields (ds), ==, kh_dataset_get_n_fields (expected_ds));
  for (guint u = 0; u < kh_plan_get_n_units (expected); u++)
    {
      guint v = kh_dataset_find_unit (ds, kh_dataset_get_unit_id (expected_ds, u));

      g_assert_cmpuint (v, !=, KH_DATASET_NONE);
      g_assert_cmpfloat (kh_plan_get_total (plan, v), ==, kh_plan_get_total (expected, u));
      g_assert_cmpint (kh_plan_get_rank (plan, v), ==, kh_plan_get_rank (expected, u));
    }
}

/* 2019 sealed, its standings kept by the seal (issue 22): 2020 opens with them, reading
 * of 2019 only what 2020 needs; the ranks since last year are those of the header's hand
 * computation. Last year's whole plan follows on a worker: asked for, it is the one
 * computed from the values; an edit computing the plan again gives the same ranking. */
static void
test_sealed_previous (void)
{
  g_autofree char *path = copy_project ("sealed-previous.kaohe");
  g_autoptr (KhPlan) fresh = NULL;
  g_autoptr (GError) error = NULL;
  KhWindow *window;
  KhDocument *doc;
  KhPlan *plan;
  const char *ids[] = { "a", "b", "c", "d" };
  const int previous[] = { 2, 1, 4, 3 };

  kh_test_cli_ok ("seal", path, "--year", "2019", NULL);
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  doc = kh_window_get_document (window);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  assert_ranking (window, "a1 b2 c3 d4");
  plan = kh_document_get_plan (doc);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpint (kh_plan_get_previous_rank (plan, kh_plan_find_unit (plan, ids[i])), ==,
                     previous[i]);

  /* Last year whole: every field, 2019's ranks b1 a2 d3 c4 as computed afresh. */
  {
    g_autofree char *unsealed = copy_project ("unsealed.kaohe");
    g_autoptr (KhProject) project = kh_project_open (unsealed, &error);

    g_assert_no_error (error);
    fresh = kh_project_compute_category_lang (project, 2019, NULL, KH_LANG_ZH_CN, &error);
    g_assert_no_error (error);
  }
  g_assert_nonnull (kh_document_get_previous_plan (doc));
  assert_same_standings (kh_document_get_previous_plan (doc), fresh);
  g_assert_cmpint (kh_plan_get_rank (fresh, kh_plan_find_unit (fresh, "b")), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (fresh, kh_plan_find_unit (fresh, "c")), ==, 4);

  /* The plan computed again with it, as an edit does: the same. */
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 1, &error));
  g_assert_no_error (error);
  assert_ranking (window, "a1 b2 c3 d4");
  plan = kh_document_get_plan (doc);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpint (kh_plan_get_previous_rank (plan, kh_plan_find_unit (plan, ids[i])), ==,
                     previous[i]);
  kh_test_ui_close (window);
}

/* Another writer's values read in with last year sealed (issue 22): the year computed as
 * loading computes it (2019's kept standings), last year whole following on a worker.
 * kaohe-cli sets d's gdp_growth of 2020 to 9: gdp f a 3/4, b 1/4, c 0, d 1; development =
 * 40·(f_gdp + f_pm): a 38, b 34, c 40, d 40; totals a 58, b 44, c 40, d 55 → a1 d2 b3 c4;
 * 2019's ranks stay b1 a2 d3 c4. */
static void
test_refresh_sealed_previous (void)
{
  g_autofree char *path = copy_project ("refresh-sealed.kaohe");
  g_autoptr (KhPlan) fresh = NULL;
  g_autoptr (GError) error = NULL;
  KhWindow *window;
  KhDocument *doc;
  KhPlan *plan;
  const char *ids[] = { "a", "b", "c", "d" };
  const double totals[] = { 58, 44, 40, 55 };
  const int previous[] = { 2, 1, 4, 3 };

  kh_test_cli_ok ("seal", path, "--year", "2019", NULL);
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  doc = kh_window_get_document (window);
  assert_ranking (window, "a1 b2 c3 d4");
  kh_test_cli_ok ("set", path, "--year", "2020", "--unit", "d", "--field", "gdp_growth", "9", NULL);
  g_assert_true (kh_document_refresh_if_changed (doc, &error));
  g_assert_no_error (error);
  assert_ranking (window, "a1 d2 b3 c4");
  plan = kh_document_get_plan (doc);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      guint u = kh_plan_find_unit (plan, ids[i]);

      g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, u), totals[i], 1e-9);
      g_assert_cmpint (kh_plan_get_previous_rank (plan, u), ==, previous[i]);
    }

  /* Last year whole, as computed afresh from an unsealed copy. */
  {
    g_autofree char *unsealed = copy_project ("refresh-unsealed.kaohe");
    g_autoptr (KhProject) project = kh_project_open (unsealed, &error);

    g_assert_no_error (error);
    fresh = kh_project_compute_category_lang (project, 2019, NULL, KH_LANG_ZH_CN, &error);
    g_assert_no_error (error);
  }
  g_assert_nonnull (kh_document_get_previous_plan (doc));
  assert_same_standings (kh_document_get_previous_plan (doc), fresh);
  kh_test_ui_close (window);
}

/* Closing the window while last year's plan is computed on its worker: the document goes
 * once the worker is done, nothing crashes or leaks (the sanitizer build checks). Whether
 * the worker is still running when the window closes does not change what is asserted. */
static void
test_close_while_loading (void)
{
  g_autofree char *path = copy_project ("close-loading.kaohe");
  KhWindow *window = kh_window_new (app);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  KhDocument *doc = NULL;

  kh_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  doc = kh_window_get_document (window);
  g_object_add_weak_pointer (G_OBJECT (doc), (gpointer *) &doc);
  kh_test_ui_close (window);
  g_assert_true (kh_test_wait_until (document_gone, &doc, 10000));

  /* Closed before the project is even open: nothing is left either. */
  window = kh_window_new (app);
  kh_window_open_file (window, file);
  kh_test_ui_close (window);
  settle (200);
}

/* The labels of the view switcher's buttons shown active, in the window's header and its
 * bottom bar, as "Results" or "Framework Results". */
static void
collect_active_pages (GtkWidget *widget,
                      GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton") == 0
      && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)))
    {
      g_autofree char *label = NULL;

      g_object_get (widget, "label", &label, NULL);
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", label);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_active_pages (child, out);
}

static char *
active_pages (KhWindow *window)
{
  GString *out = g_string_new (NULL);

  collect_active_pages (GTK_WIDGET (window), out);
  return g_string_free (out, FALSE);
}

/* The header's year dropdown: the first one in the window. */
static GtkDropDown *
find_dropdown (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_dropdown (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkDropDown *
year_dropdown (KhWindow *window)
{
  GtkDropDown *dropdown = find_dropdown (GTK_WIDGET (window));

  g_assert_nonnull (dropdown);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)), ==, "Year");
  return dropdown;
}

static gboolean
document_set (gpointer data)
{
  return kh_window_get_document (data) != NULL;
}

static const char *first_path; /* the first project's path, in document_set_other() */

static const char *hidden_path_of; /* the second project's path */

static gboolean
document_set_other_than_hidden (gpointer data)
{
  KhDocument *doc = kh_window_get_document (data);

  return doc != NULL && g_strcmp0 (kh_document_get_path (doc), hidden_path_of) != 0;
}

/* Another project than first_path is the window's. */
static gboolean
document_set_other (gpointer data)
{
  KhDocument *doc = kh_window_get_document (data);

  return doc != NULL && g_strcmp0 (kh_document_get_path (doc), first_path) != 0;
}

/* Opening a project shows it before its year is computed (issue 22): the frame right after
 * the project file is open has its name in the header, the Results page chosen in the
 * switcher and a spinner where the results will be, no number; then the ranking. */
static void
test_open_shows_project_first (void)
{
  g_autofree char *path = copy_project ("first-frame.kaohe");
  KhWindow *window = kh_window_new (app);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *results = kh_window_get_page (window, "results");
  KhDocument *doc;

  gtk_window_set_default_size (GTK_WINDOW (window), 1090, 710);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  /* Results is the page chosen before any project: the switcher's buttons never change
   * their checked style (a transition its first frames with a project would paint) when
   * a project opens on its results. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (gtk_widget_get_parent (results))), ==, "results");
  kh_window_open_file (window, file);
  /* The main loop stops in the iteration that took the opened project: the year's load,
   * started then on a worker, cannot have been taken in the same iteration. */
  g_assert_true (kh_test_wait_until (document_set, window, 10000));
  doc = kh_window_get_document (window);
  g_assert_null (kh_document_get_framework (doc));
  g_assert_null (kh_document_get_plan (doc));
  g_assert_true (kh_window_is_busy (window));
  g_assert_cmpstr (kh_window_get_subtitle (window), ==, "first-frame.kaohe");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "first-frame.kaohe — Kaohe");
  g_assert_cmpstr (kh_window_get_loading (window), ==, "Computing the results of 2020…");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (gtk_widget_get_parent (results))), ==, "results");
  g_assert_false (gtk_widget_get_mapped (results));
  g_assert_cmpuint (g_list_model_get_n_items (kh_results_view_get_rows (KH_RESULTS_VIEW (results))),
                    ==, 0);
  {
    g_autofree char *pages = active_pages (window);

    g_assert_cmpstr (pages, ==, "Results");
  }
  g_assert_cmpuint (gtk_drop_down_get_selected (year_dropdown (window)), ==, 1); /* 2020 */

  /* Then the year: the ranking of the header's hand computation, the spinner gone. */
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  g_assert_null (kh_window_get_loading (window));
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  g_assert_true (gtk_widget_get_mapped (results));
  assert_ranking (window, "a1 b2 c3 d4");
  /* The switcher shows Results chosen, and only it. */
  kh_test_wait_for_widget (GTK_WIDGET (window));
  {
    g_autofree char *pages = active_pages (window);

    g_assert_cmpstr (pages, ==, "Results");
  }
  kh_test_ui_close (window);
}

typedef struct
{
  KhWindow *window;
  gboolean painted;        /* a frame painted the spinner */
  gboolean pending_at_paint; /* the year's load not started when it was painted */
} SpinnerPaint;

static void
spinner_painted_cb (GdkFrameClock *clock,
                    SpinnerPaint  *paint)
{
  if (paint->painted || kh_window_get_loading (paint->window) == NULL)
    return;
  paint->painted = TRUE;
  paint->pending_at_paint = kh_window_is_first_load_pending (paint->window);
}

/* The year of a project just opened is loaded once the frame showing the spinner is
 * painted, not beside it (issue 22): its workers would take the cores that frame needs.
 * Then the same ranking as before. In a window not shown (no frames), it loads at once;
 * another year chosen before it starts replaces it. */
static void
test_first_load_after_frame (void)
{
  g_autofree char *path = copy_project ("first-load.kaohe");
  g_autofree char *hidden_path = copy_project ("first-load-hidden.kaohe");
  KhWindow *window = kh_window_new (app);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) hidden_file = g_file_new_for_path (hidden_path);
  SpinnerPaint paint = { window, FALSE, FALSE };
  GdkFrameClock *clock;
  gulong handler;

  /* The frames alone start the load here: not the clock of a stalled machine */
  kh_window_set_first_load_latest (window, 600000);
  gtk_window_set_default_size (GTK_WINDOW (window), 1090, 710);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (spinner_painted_cb), &paint);
  kh_window_open_file (window, file);
  g_assert_true (kh_test_wait_until (document_set, window, 10000));
  g_assert_true (kh_window_is_first_load_pending (window));
  g_assert_true (kh_window_is_busy (window));
  g_assert_cmpstr (kh_window_get_loading (window), ==, "Computing the results of 2020…");
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  g_signal_handler_disconnect (clock, handler);
  first_path = path;
  hidden_path_of = hidden_path;
  g_assert_true (paint.painted);
  g_assert_true (paint.pending_at_paint);
  g_assert_false (kh_window_is_first_load_pending (window));
  g_assert_null (kh_window_get_loading (window));
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2020);
  assert_ranking (window, "a1 b2 c3 d4");

  /* Another year chosen while the first waits: that year is loaded, the first never. */
  kh_window_open_file (window, hidden_file);
  g_assert_true (kh_test_wait_until (document_set_other, window, 10000));
  g_assert_true (kh_window_is_first_load_pending (window));
  gtk_drop_down_set_selected (year_dropdown (window), 0); /* 2019 */
  g_assert_false (kh_window_is_first_load_pending (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  settle (100);
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2019);
  assert_ranking (window, "b1 a2 d3 c4");

  /* A document opened with its year replaces it while it waits: nothing loads, the pages
   * are usable at once. */
  kh_window_open_file (window, file);
  g_assert_true (kh_test_wait_until (document_set_other_than_hidden, window, 10000));
  g_assert_true (kh_window_is_first_load_pending (window));
  g_assert_false (gtk_widget_is_sensitive (kh_window_get_page (window, "results")));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhDocument) doc = kh_document_open (hidden_path, &error);

    g_assert_no_error (error);
    kh_window_set_document (window, doc);
  }
  g_assert_false (kh_window_is_first_load_pending (window));
  g_assert_false (kh_window_is_busy (window));
  g_assert_null (kh_window_get_loading (window));
  g_assert_true (gtk_widget_is_sensitive (kh_window_get_page (window, "results")));
  settle (100);
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2020);
  assert_ranking (window, "a1 b2 c3 d4");
  kh_test_ui_close (window);

  /* A window never shown paints no frame: the year loads at once. */
  window = kh_window_new (app);
  kh_window_open_file (window, hidden_file);
  g_assert_true (kh_test_wait_until (document_set, window, 10000));
  g_assert_false (kh_window_is_first_load_pending (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2020);
  kh_test_ui_close (window);
}

/* Cancelled while its first year computes: the project stays open without a year, its
 * pages shown, nothing computed. */
static void
test_open_cancelled (void)
{
  g_autofree char *path = copy_project ("open-cancelled.kaohe");
  KhWindow *window = kh_window_new (app);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  kh_window_open_file (window, file);
  g_assert_true (kh_test_wait_until (document_set, window, 10000));
  g_assert_nonnull (kh_window_get_loading (window));
  g_assert_true (kh_window_is_first_load_pending (window)); /* cancelled before it began */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-task", NULL);
  g_assert_false (kh_window_is_first_load_pending (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  settle (100);
  g_assert_null (kh_window_get_loading (window));
  g_assert_null (kh_document_get_plan (kh_window_get_document (window)));
  g_assert_cmpstr (kh_window_get_subtitle (window), ==, "open-cancelled.kaohe");
  kh_test_ui_close (window);
}

/* Closed while its first year computes: the document goes once the load is done. */
static void
test_close_while_opening (void)
{
  g_autofree char *path = copy_project ("close-opening.kaohe");
  KhWindow *window = kh_window_new (app);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  KhDocument *doc;

  gtk_window_present (GTK_WINDOW (window));
  kh_window_open_file (window, file);
  g_assert_true (kh_test_wait_until (document_set, window, 10000));
  g_assert_nonnull (kh_window_get_loading (window));
  doc = kh_window_get_document (window);
  g_object_add_weak_pointer (G_OBJECT (doc), (gpointer *) &doc);
  kh_test_ui_close (window);
  g_assert_true (kh_test_wait_until (document_gone, &doc, 10000));
}

/* Makes the window's own area exactly @width × @height (the default size may include
 * decorations on some window managers). */
static void
ensure_size (KhWindow *window,
             int       width,
             int       height)
{
  kh_test_wait_for_widget (GTK_WIDGET (window));
  for (int attempt = 0; attempt < 3; attempt++)
    {
      int w = gtk_widget_get_width (GTK_WIDGET (window));
      int h = gtk_widget_get_height (GTK_WIDGET (window));
      int dw, dh;

      if (w == width && h == height)
        return;
      gtk_window_get_default_size (GTK_WINDOW (window), &dw, &dh);
      gtk_window_set_default_size (GTK_WINDOW (window), dw + width - w, dh + height - h);
      kh_test_wait_for_widget (GTK_WIDGET (window));
    }
}

static void
test_render_views (void)
{
  g_autofree char *path = copy_project ("render.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  const char *pages[] = { "framework", "data", "results", "charts", "reports" };
  const char *schemes[] = { "light", "dark" };
  AdwStyleManager *style = adw_style_manager_get_default ();

  kh_framework_editor_select (editor_of (window), "pm25");
  kh_results_view_select_unit (results_of (window), "c");
  ensure_size (window, 1280, 800);
  settle (400);
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      adw_style_manager_set_color_scheme (style, s == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                        : ADW_COLOR_SCHEME_FORCE_DARK);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          g_autofree char *name = g_strdup_printf ("window-%s-%s.png", pages[p], schemes[s]);
          g_autofree char *png = NULL;
          g_autoptr (GdkPixbuf) pixbuf = NULL;

          kh_window_show_page (window, pages[p]);
          kh_test_wait_for_widget (GTK_WIDGET (window));
          png = kh_test_save_png (GTK_WIDGET (window), name);
          pixbuf = gdk_pixbuf_new_from_file (png, NULL);
          g_assert_nonnull (pixbuf);
          g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
          g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 800);
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  kh_test_ui_close (window);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} LoadWait;

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadWait *wait = user_data;

  wait->ok = kh_document_load_finish (KH_DOCUMENT (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((LoadWait *) data)->done;
}

/* Another year on a worker thread; cancelled, nothing changes. */
static void
test_load_year_async (void)
{
  g_autofree char *path = copy_project ("async.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  LoadWait wait = { FALSE };

  g_cancellable_cancel (cancellable);
  kh_document_load_async (doc, 2019, NULL, cancellable, load_done_cb, &wait);
  g_assert_true (kh_test_wait_until (load_done, &wait, 10000));
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  assert_ranking (window, "a1 b2 c3 d4");

  wait.done = FALSE;
  kh_document_load_async (doc, 2019, NULL, NULL, load_done_cb, &wait);
  g_assert_true (kh_test_wait_until (load_done, &wait, 10000));
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2019);
  assert_ranking (window, "b1 a2 d3 c4");

  wait.done = FALSE;
  kh_document_load_async (doc, 2031, NULL, NULL, load_done_cb, &wait);
  g_assert_true (kh_test_wait_until (load_done, &wait, 10000));
  g_assert_false (wait.ok);
  g_assert_nonnull (strstr (wait.error->message, "2031"));
  g_clear_error (&wait.error);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2019);

  /* Back to 2020: the plan computed on the worker with 2019's (computed once, issue 22) is
   * the document's, on its framework: the totals and the 2019 ranks of the header's hand
   * computation. */
  wait.done = FALSE;
  kh_document_load_async (doc, 2020, NULL, NULL, load_done_cb, &wait);
  g_assert_true (kh_test_wait_until (load_done, &wait, 10000));
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  assert_ranking (window, "a1 b2 c3 d4");
  {
    KhPlan *plan = kh_document_get_plan (doc);
    KhDataset *ds = kh_plan_get_dataset (plan);
    const char *ids[] = { "a", "b", "c", "d" };
    const double totals[] = { 68, 60.0 + 2.0 / 3.0, 60, 15 };
    const int previous[] = { 2, 1, 4, 3 };

    g_assert_true (kh_plan_get_framework (plan) == kh_document_get_framework (doc));
    g_assert_true (ds == kh_document_get_dataset (doc));
    g_assert_nonnull (kh_document_get_previous_plan (doc));
    g_assert_cmpint (kh_dataset_get_year (kh_plan_get_dataset (kh_document_get_previous_plan (doc))),
                     ==, 2019);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        guint u = kh_dataset_find_unit (ds, ids[i]);

        g_assert_cmpuint (u, !=, KH_DATASET_NONE);
        g_assert_cmpfloat_with_epsilon (kh_plan_get_total (plan, u), totals[i], 1e-6);
        g_assert_cmpint (kh_plan_get_previous_rank (plan, u), ==, previous[i]);
      }
  }
  kh_test_ui_close (window);
}

static void
open_path (KhWindow   *window,
           const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  kh_window_open_file (window, file);
}

/* New Project, then units, a framework and data through the window, as a user would. */
static void
test_new_project (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "new.kaohe", NULL);
  g_autofree char *units = kh_test_data_path ("ui", "units.csv");
  g_autofree char *fw = kh_test_data_path ("ui", "framework-2020.xml");
  g_autofree char *data = kh_test_data_path ("ui", "data-2020.csv");
  g_autoptr (GFile) data_file = g_file_new_for_path (data);
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (GError) error = NULL;
  KhWindow *window = kh_window_new (app);
  KhImportDialog *dialog;

  doc = kh_document_create (path, &error);
  g_assert_no_error (error);
  kh_window_set_document (window, doc);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (kh_document_get_framework (doc));
  g_assert_null (kh_window_import_file (window, data_file)); /* no year yet */

  open_path (window, units);
  open_path (window, fw);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  g_assert_nonnull (kh_document_get_framework (doc));
  g_assert_cmpuint (kh_dataset_get_n_units (kh_document_get_dataset (doc)), ==, 4);

  /* No 2019 in this project: the same 2020 totals, no previous ranks. */
  dialog = kh_window_import_file (window, data_file);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  g_assert_true (kh_import_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  assert_ranking (window, "a1 b2 c3 d4");
  kh_test_ui_close (window);
}

/* The Jiangsu demonstration sample, when the build made it: four categories a year. */
static void
test_bundled_sample (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "sample.kaohe", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  KhWindow *window;
  KhDocument *doc;
  GListModel *rows;
  g_autoptr (GError) error = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (!g_file_get_contents (sample, &contents, &len, NULL))
    {
      g_test_skip ("the sample project is not built");
      return;
    }
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  doc = kh_window_get_document (window);
  g_assert_cmpuint (kh_document_get_categories (doc)->len, ==, 4);
  g_assert_cmpstr (kh_document_get_category (doc), ==, "city");
  rows = kh_results_view_get_rows (results_of (window));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 13);

  ensure_size (window, 1280, 800);
  settle (400);
  kh_results_view_select_unit (results_of (window), "taizhou");
  kh_framework_editor_select (editor_of (window), "development");
  for (int dark = 0; dark <= 1; dark++)
    {
      const char *pages[] = { "framework", "data", "results", "charts", "reports" };

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          g_autofree char *name = g_strdup_printf ("sample-%s-%s.png", pages[p],
                                                   dark ? "dark" : "light");

          kh_window_show_page (window, pages[p]);
          kh_test_wait_for_widget (GTK_WIDGET (window));
          g_free (kh_test_save_png (GTK_WIDGET (window), name));
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Another category of the same year: the 95-odd counties. */
  g_assert_true (kh_document_set_category (doc, "county", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 90);
  kh_test_ui_close (window);
}

/* The id of @parent's child @index in the document's working framework. */
static const char *
child_id (KhWindow   *window,
          const char *parent,
          guint       index)
{
  KhFramework *fw = kh_document_get_framework (kh_window_get_document (window));
  KhNode *node = kh_framework_find_node (fw, parent);

  g_assert_nonnull (node);
  g_assert_cmpuint (index, <, node->children->len);
  return ((KhNode *) g_ptr_array_index (node->children, index))->id;
}

static gboolean
charts_has_units (gpointer data)
{
  return kh_charts_view_get_n_units (data) == 4;
}

static double
data_cell (KhDataView *view,
           const char *unit,
           const char *field)
{
  g_autofree char *text = kh_data_view_format_cell (view, unit, field);

  return g_ascii_strtod (text, NULL);
}

/* The Framework, Data, Charts, Reports and Surveys pages are built when first shown (issue 22):
 * none is at the start; each shown by its keyboard shortcut (Alt+1 … Alt+6, the window's)
 * is built then, with the year open, the group chosen and the units selected in Results,
 * and its own shortcuts work. The figures are the hand computation's (top of the file). */
static void
test_lazy_pages (void)
{
  g_autofree char *path = copy_project ("lazy.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  const char *lazy[] = { "framework", "data", "charts", "reports", "surveys" };
  GtkWidget *page;
  KhDataView *data;
  KhChartsView *charts;
  const char *const *highlighted;

  for (guint i = 0; i < G_N_ELEMENTS (lazy); i++)
    g_assert_false (kh_window_is_page_built (window, lazy[i]));
  g_assert_true (kh_window_is_page_built (window, "results"));
  ensure_size (window, 1280, 800);
  kh_results_view_select_unit (results_of (window), "c");

  /* Alt+2: the Data page, built now with the 2020 values. */
  g_assert_true (kh_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_2, GDK_ALT_MASK));
  g_assert_true (kh_window_is_page_built (window, "data"));
  for (guint i = 0; i < G_N_ELEMENTS (lazy); i++)
    if (g_strcmp0 (lazy[i], "data") != 0)
      g_assert_false (kh_window_is_page_built (window, lazy[i]));
  page = kh_window_get_page (window, "data");
  data = KH_DATA_VIEW (page);
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpuint (kh_data_view_get_n_rows (data), ==, 4);
  g_assert_cmpfloat (data_cell (data, "a", "gdp_growth"), ==, 8);
  g_assert_cmpfloat (data_cell (data, "d", "gdp_growth"), ==, 2);
  g_assert_cmpfloat (data_cell (data, "b", "pm25"), ==, 42);
  g_assert_cmpfloat (data_cell (data, "c", "pm25"), ==, 30);
  g_free (kh_test_save_png (GTK_WIDGET (window), "lazy-data.png"));

  /* Alt+4: the Charts page, the unit selected in Results highlighted. */
  g_assert_true (kh_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_4, GDK_ALT_MASK));
  g_assert_true (kh_window_is_page_built (window, "charts"));
  charts = KH_CHARTS_VIEW (kh_window_get_page (window, "charts"));
  g_assert_true (kh_test_wait_until (charts_has_units, charts, 10000));
  highlighted = kh_charts_view_get_highlighted_units (charts);
  g_assert_nonnull (highlighted);
  g_assert_true (g_strv_contains (highlighted, "c"));
  g_assert_cmpstr (kh_charts_view_get_selected_unit (charts), ==, "c");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "lazy-charts.png"));

  /* Alt+1: the Framework page; its own Alt+Down moves the node selected down, Ctrl+Z
   * (the window's) undoes it. */
  g_assert_true (kh_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK));
  g_assert_true (kh_window_is_page_built (window, "framework"));
  page = kh_window_get_page (window, "framework");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpuint (g_list_model_get_n_items (kh_framework_editor_get_rows (KH_FRAMEWORK_EDITOR (page))),
                    >=, 3);
  g_assert_true (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (page), "gdp_growth"));
  g_assert_cmpstr (child_id (window, "development", 0), ==, "gdp_growth");
  g_assert_cmpstr (child_id (window, "development", 1), ==, "pm25");
  g_assert_true (kh_test_activate_shortcut (page, GDK_KEY_Down, GDK_ALT_MASK));
  g_assert_cmpstr (child_id (window, "development", 0), ==, "pm25");
  g_assert_cmpstr (child_id (window, "development", 1), ==, "gdp_growth");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "lazy-framework.png"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (child_id (window, "development", 0), ==, "gdp_growth");
  g_assert_false (kh_document_get_framework_modified (kh_window_get_document (window)));

  /* Alt+5: the Reports page, its issuing body read from the project (none set). */
  g_assert_true (kh_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_5, GDK_ALT_MASK));
  g_assert_true (kh_window_is_page_built (window, "reports"));
  page = kh_window_get_page (window, "reports");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kh_test_find_descendant (page, ADW_TYPE_ENTRY_ROW))),
                   ==, "");
  g_free (kh_test_save_png (GTK_WIDGET (window), "lazy-reports.png"));

  /* Alt+6: the Surveys page. */
  g_assert_true (kh_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_6, GDK_ALT_MASK));
  g_assert_true (kh_window_is_page_built (window, "surveys"));
  g_assert_true (gtk_widget_get_mapped (kh_window_get_page (window, "surveys")));
  kh_test_ui_close (window);
}

static char *
stored_issuer (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  char *issuer;

  g_assert_no_error (error);
  issuer = kh_project_get_setting (project, KH_PROJECT_SETTING_ISSUER, &error);
  g_assert_no_error (error);
  return issuer;
}

/* The issuing body is edited on the Reports page (typed, then Enter applies it), stored
 * in the project at once, undone and redone like any edit, and allowed in a sealed year
 * (a setting belongs to no year). */
static void
test_issuer (void)
{
  g_autofree char *path = copy_project ("issuer.kaohe");
  KhWindow *window;
  GtkWidget *row, *text;
  g_autofree char *stored = NULL;

  kh_test_cli_ok ("seal", path, "--year", "2020", NULL);
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  g_assert_true (kh_document_is_sealed (kh_window_get_document (window)));
  kh_window_show_page (window, "reports");
  ensure_size (window, 1280, 800);
  row = kh_test_find_descendant (kh_window_get_page (window, "reports"), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_true (gtk_widget_is_sensitive (row));

  /* Typed into the row's text, then Enter (the text's "activate") applies it. */
  text = kh_test_find_descendant (row, GTK_TYPE_TEXT);
  g_assert_nonnull (text);
  gtk_widget_grab_focus (text);
  kh_test_wait_for_widget (GTK_WIDGET (window));
  gtk_editable_set_text (GTK_EDITABLE (row), "江苏省综合考核办公室");
  /* Enter in the text emits its "activate" (GtkText's key binding). */
  g_signal_emit_by_name (text, "activate");
  stored = stored_issuer (path);
  g_assert_cmpstr (stored, ==, "江苏省综合考核办公室");
  g_clear_pointer (&stored, g_free);
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "window-reports-issuer.png"));

  /* Undo clears it again (it was unset), redo sets it; the row follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_null (stored_issuer (path));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  stored = stored_issuer (path);
  g_assert_cmpstr (stored, ==, "江苏省综合考核办公室");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "江苏省综合考核办公室");
  kh_test_ui_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-window-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);

    /* Before GLib caches it: the sample copy goes to a fresh user data folder. */
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/project/open-sample-copy", test_open_sample_copy);
  g_test_add_func ("/ui/project/weight-edit-undo", test_weight_edit_and_undo);
  g_test_add_func ("/ui/project/tree-operations", test_tree_operations);
  g_test_add_func ("/ui/project/value-edit", test_value_edit);
  g_test_add_func ("/ui/project/import-preview", test_import_preview);
  g_test_add_func ("/ui/project/sealed-year", test_sealed_year);
  g_test_add_func ("/ui/project/sealed-previous", test_sealed_previous);
  g_test_add_func ("/ui/project/refresh-sealed-previous", test_refresh_sealed_previous);
  g_test_add_func ("/ui/project/close-while-loading", test_close_while_loading);
  g_test_add_func ("/ui/project/render-views", test_render_views);
  g_test_add_func ("/ui/project/lazy-pages", test_lazy_pages);
  g_test_add_func ("/ui/project/new-project", test_new_project);
  g_test_add_func ("/ui/project/load-year-async", test_load_year_async);
  g_test_add_func ("/ui/project/open-shows-project-first", test_open_shows_project_first);
  g_test_add_func ("/ui/project/first-load-after-frame", test_first_load_after_frame);
  g_test_add_func ("/ui/project/open-cancelled", test_open_cancelled);
  g_test_add_func ("/ui/project/close-while-opening", test_close_while_opening);
  g_test_add_func ("/ui/project/bundled-sample", test_bundled_sample);
  g_test_add_func ("/ui/project/issuer", test_issuer);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
