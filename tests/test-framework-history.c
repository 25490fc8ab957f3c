/* test-framework-history.c — the Framework page's History… window, driven through its
 * widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project: tests/data/diff/diff-2019.xml as 2019's version 1 (by 张三, 2020-01-01
 * 00:00 UTC), diff-2020.xml made a framework of 2019 as version 2 (by 李四, 2020-01-02
 * 00:00 UTC). From 1 to 2: the 21 changes worked out in test-diff-cli.c (CHANGES), e.g.
 * "replaced indicator gdp_pc continues gdp" and "changed indicator growth weight 1 → 2".
 */
#include "config.h"

#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-framework-history.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static void
cli_ok (const char        *user,
        const char        *epoch,
        const char *const *args)
{
  g_autoptr (KhCliRun) run = NULL;

  g_setenv ("KAOHE_USER", user, TRUE);
  g_setenv ("SOURCE_DATE_EPOCH", epoch, TRUE);
  run = kh_test_cli_runv (args);
  if (run->status != 0)
    g_error ("kaohe-cli %s failed: %s", args[0], run->err);
}

static void
build_project (void)
{
  g_autofree char *a = kh_test_data_path ("diff", "diff-2019.xml");
  g_autofree char *b = kh_test_data_path ("diff", "diff-2020.xml");
  g_autofree char *second = g_build_filename (tmp_dir, "second.xml", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) parts = NULL;
  g_autofree char *copy = NULL;

  project = g_build_filename (tmp_dir, "history.kaohe", NULL);
  g_assert_true (g_file_get_contents (b, &text, NULL, NULL));
  parts = g_strsplit (text, "year=\"2020\"", 2);
  copy = g_strjoin ("year=\"2019\"", parts[0], parts[1], NULL);
  g_assert_true (g_file_set_contents (second, copy, -1, NULL));
  cli_ok ("张三", "1577836800", (const char *[]) { "new", project, NULL });
  cli_ok ("张三", "1577836800",
          (const char *[]) { "import", project, "--year", "2019", "--framework", a, NULL });
  cli_ok ("李四", "1577923200",
          (const char *[]) { "import", project, "--year", "2019", "--framework", second, NULL });
  g_unsetenv ("SOURCE_DATE_EPOCH");
  g_setenv ("KAOHE_USER", "tester", TRUE);
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
labels_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static KhFrameworkHistory *
find_history (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_FRAMEWORK_HISTORY (item))
        return KH_FRAMEWORK_HISTORY (item);
    }
  return NULL;
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
select_version (KhFrameworkHistory *history,
                int                 version)
{
  GtkListBox *list = kh_framework_history_get_list (history);

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, version - 1));
  spin ();
}

static void
test_window (void)
{
  g_autoptr (GError) error = NULL;
  KhWindow *window = kh_test_ui_open (app, project, 1280, 800, 10000);
  KhDocument *doc;
  KhFrameworkHistory *history;
  GtkListBox *list;
  GtkDropDown *compare;
  g_autofree char *labels = NULL;
  g_autofree char *table = NULL;
  g_autofree char *png = NULL;

  doc = kh_window_get_document (window);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2019);
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (kh_window_get_page (window, "framework"));

  /* the toolbar's History… opens the window over 2019's two versions */
  g_assert_null (find_history ());
  gtk_widget_activate_action (kh_window_get_page (window, "framework"), "framework.history", NULL);
  spin ();
  history = find_history ();
  g_assert_nonnull (history);
  kh_test_wait_for_widget (GTK_WIDGET (history));
  list = kh_framework_history_get_list (history);
  compare = kh_framework_history_get_compare (history);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  labels = labels_of (GTK_WIDGET (list));
  /* version, local time (TZ=UTC), who, from what; version 2 is current */
  g_assert_nonnull (strstr (labels, "Version 1\n2020-01-01 00:00\n张三\n"));
  g_assert_nonnull (strstr (labels, "Version 2\n2020-01-02 00:00\n李四\n"));
  g_assert_nonnull (strstr (labels, "second.xml\ncurrent\n"));
  g_assert_null (strstr (labels, "diff-2019.xml\ncurrent\n"));

  /* at first: the current version against the framework being edited — the same */
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (compare), ==, 0);
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 0);
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (history));
  g_assert_nonnull (strstr (labels, "No changes from version 2 to the framework being edited.\n"));

  /* version 1 against it: CHANGES, 21, in the table as in kaohe-cli diff */
  select_version (history, 1);
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  table = labels_of (GTK_WIDGET (kh_framework_history_get_table (history)));
  g_assert_true (g_str_has_prefix (table, "Change\nSubject\nId\nAttribute\nBefore\nAfter\n"
                                          "changed\nnode\neconomy\npoints\n60\n50\n"));
  g_assert_nonnull (strstr (table, "\nreplaced\nindicator\ngdp_pc\ncontinues\ngdp\ngdp_pc\n"));
  g_assert_nonnull (strstr (table, "\nchanged\nindicator\ngrowth\nweight\n1\n2\n"));
  g_assert_nonnull (strstr (table, "\nadmitted\nindicator\njobs\npoints\n—\n30\n"));
  g_assert_nonnull (strstr (table, "\nretired\nindicator\nexports\npoints\n20\n—\n"));
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (history));
  g_assert_nonnull (strstr (labels, "21 changes from version 1 to the framework being edited:\n"));
  kh_test_wait_for_widget (GTK_WIDGET (history));
  png = kh_test_save_png (GTK_WIDGET (history), "framework-history.png");

  /* compared with saved version 2: the same 21; with version 1 itself: none */
  gtk_drop_down_set_selected (compare, 2);
  spin ();
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  gtk_drop_down_set_selected (compare, 1);
  spin ();
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 0);
  gtk_drop_down_set_selected (compare, 0);
  spin ();

  /* Restore This Version: version 1 in the editor, one undo step, not yet saved */
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (kh_framework_history_get_restore (history))));
  g_signal_emit_by_name (kh_framework_history_get_restore (history), "clicked");
  spin ();
  g_assert_true (kh_document_get_framework_modified (doc));
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Restore Version 1");
  g_assert_nonnull (kh_framework_find_node (kh_document_get_framework (doc), "gdp"));
  g_assert_null (kh_framework_find_node (kh_document_get_framework (doc), "gdp_pc"));
  /* the window follows: version 1 is now what is being edited */
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 0);

  /* undo: version 2 again, 21 changes from version 1 */
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_nonnull (kh_framework_find_node (kh_document_get_framework (doc), "gdp_pc"));
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);

  /* redo and save: version 3 (version 1's content, canonical), by tester, current */
  g_assert_true (kh_document_redo (doc, &error));
  g_assert_true (kh_document_save_framework (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (list));
  g_assert_nonnull (strstr (labels, "Version 3\n"));
  g_assert_nonnull (strstr (labels, "\ntester\nframework of 2019\ncurrent\n"));
  g_assert_nonnull (strstr (labels, "second.xml\n"));
  g_assert_null (strstr (labels, "second.xml\ncurrent\n"));
  /* version 1 (still selected) against version 3: the same framework */
  gtk_drop_down_set_selected (compare, 3);
  spin ();
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 0);

  /* Escape closes it */
  gtk_widget_activate_action (GTK_WIDGET (history), "window.close", NULL);
  spin ();
  g_assert_null (find_history ());

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* Two years: 2019's framework is diff-2019.xml (version 1), 2020's diff-2020.xml (version 1).
 * "Compare with" offers the other year after the versions; the table is the 21 changes of
 * CHANGES (test-diff-cli.c, `kaohe-cli diff PROJECT 2019 2020`), from the earlier year to the
 * later whichever year is open. */
static void
test_years (void)
{
  g_autofree char *years_project = g_build_filename (tmp_dir, "years.kaohe", NULL);
  g_autofree char *a = kh_test_data_path ("diff", "diff-2019.xml");
  g_autofree char *b = kh_test_data_path ("diff", "diff-2020.xml");
  g_autoptr (GError) error = NULL;
  KhWindow *window;
  KhDocument *doc;
  KhFrameworkHistory *history;
  GtkDropDown *compare;
  GListModel *model;
  g_autofree char *labels = NULL;
  g_autofree char *table = NULL;
  g_autofree char *png = NULL;

  cli_ok ("张三", "1577836800", (const char *[]) { "new", years_project, NULL });
  cli_ok ("张三", "1577836800",
          (const char *[]) { "import", years_project, "--year", "2019", "--framework", a, NULL });
  cli_ok ("李四", "1577923200",
          (const char *[]) { "import", years_project, "--year", "2020", "--framework", b, NULL });
  g_unsetenv ("SOURCE_DATE_EPOCH");
  g_setenv ("KAOHE_USER", "tester", TRUE);

  window = kh_test_ui_open (app, years_project, 1280, 800, 10000);
  doc = kh_window_get_document (window);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (kh_window_get_page (window, "framework"));

  /* 2020's window: the framework being edited, version 1, then 2019 */
  gtk_widget_activate_action (kh_window_get_page (window, "framework"), "framework.history", NULL);
  spin ();
  history = find_history ();
  g_assert_nonnull (history);
  kh_test_wait_for_widget (GTK_WIDGET (history));
  compare = kh_framework_history_get_compare (history);
  model = gtk_drop_down_get_model (compare);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==,
                   "The framework being edited");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "Version 1");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==,
                   "The Framework of 2019");
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 0);

  /* with 2019: the 21 changes from 2019 to 2020, as kaohe-cli diff PROJECT 2019 2020 */
  gtk_drop_down_set_selected (compare, 2);
  spin ();
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  table = labels_of (GTK_WIDGET (kh_framework_history_get_table (history)));
  g_assert_true (g_str_has_prefix (table, "Change\nSubject\nId\nAttribute\nBefore\nAfter\n"
                                          "changed\nnode\neconomy\npoints\n60\n50\n"));
  g_assert_nonnull (strstr (table, "\nreplaced\nindicator\ngdp_pc\ncontinues\ngdp\ngdp_pc\n"));
  g_assert_nonnull (strstr (table, "\nchanged\nindicator\ngrowth\nweight\n1\n2\n"));
  g_assert_nonnull (strstr (table, "\nadmitted\nindicator\njobs\npoints\n—\n30\n"));
  g_assert_nonnull (strstr (table, "\nretired\nindicator\nexports\npoints\n20\n—\n"));
  labels = labels_of (GTK_WIDGET (history));
  g_assert_nonnull (strstr (labels, "21 changes from the framework of 2019 to version 1 of 2020:\n"));
  kh_test_wait_for_widget (GTK_WIDGET (history));
  png = kh_test_save_png (GTK_WIDGET (history), "framework-history-years.png");

  /* a save keeps the comparison with 2019 (a version added before it in the list): growth's
   * weight 3 instead of 2, still 21 changes from 2019 (its weight 1 → 3) */
  g_assert_true (kh_document_set_node_weight (doc, "growth", 3, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_save_framework (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpuint (gtk_drop_down_get_selected (compare), ==, 3);
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  /* version 1 is still the one selected; version 2 against 2019: growth's weight 1 → 3 */
  g_clear_pointer (&table, g_free);
  table = labels_of (GTK_WIDGET (kh_framework_history_get_table (history)));
  g_assert_nonnull (strstr (table, "\nchanged\nindicator\ngrowth\nweight\n1\n2\n"));
  select_version (history, 2);
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  g_clear_pointer (&table, g_free);
  table = labels_of (GTK_WIDGET (kh_framework_history_get_table (history)));
  g_assert_nonnull (strstr (table, "\nchanged\nindicator\ngrowth\nweight\n1\n3\n"));
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (history));
  g_assert_nonnull (strstr (labels, "21 changes from the framework of 2019 to version 2 of 2020:\n"));
  gtk_window_destroy (GTK_WINDOW (history));
  spin ();

  /* 2019's window: 2020 is the later year, the changes go from 2019's version to it */
  g_assert_true (kh_document_set_year (doc, 2019, &error));
  g_assert_no_error (error);
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 10000));
  gtk_widget_activate_action (kh_window_get_page (window, "framework"), "framework.history", NULL);
  spin ();
  history = find_history ();
  g_assert_nonnull (history);
  compare = kh_framework_history_get_compare (history);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (compare)), 2),
                   ==, "The Framework of 2020");
  gtk_drop_down_set_selected (compare, 2);
  spin ();
  g_assert_cmpuint (kh_framework_history_get_n_changes (history), ==, 21);
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (history));
  g_assert_nonnull (strstr (labels, "21 changes from version 1 of 2019 to the framework of 2020:\n"));
  g_clear_pointer (&table, g_free);
  table = labels_of (GTK_WIDGET (kh_framework_history_get_table (history)));
  g_assert_nonnull (strstr (table, "\nreplaced\nindicator\ngdp_pc\ncontinues\ngdp\ngdp_pc\n"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-framework-history-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/framework-history/window", test_window);
  g_test_add_func ("/ui/framework-history/years", test_years);

  status = g_test_run ();
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
