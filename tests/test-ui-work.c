/* test-ui-work.c — no lost work: unsaved edits asked about on close and on another year,
 * kept in a recovery file and offered back, an import undone in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On copies of the bundled Jiangsu sample (demonstration values), warnings fatal. The
 * kill of a real `kaohe` process mid-edit is tests/test-ui-recovery.py; here the window is
 * destroyed without asking, which leaves the recovery file exactly as a kill does.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kh-test-files.h"
#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "io/kh-xlsx.h"
#include "ui/kh-data-view.h"
#include "ui/kh-import-dialog.h"
#include "ui/kh-recovery.h"

static void
rename_node (KhWindow   *window,
             const char *id,
             const char *name)
{
  GtkWidget *editor = kh_window_get_page (window, "framework");

  g_assert_true (gtk_widget_activate_action (editor, "framework.set-property", "(sss)", id,
                                             "name.en", name));
}

static const char *
name_of (KhWindow   *window,
         const char *id)
{
  KhFramework *fw = kh_document_get_framework (kh_window_get_document (window));

  return kh_framework_find_node (fw, id)->name.en;
}

static gboolean
has_dialog (gpointer data)
{
  return kh_window_get_dialog (data) != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
object_gone (gpointer weak_ref)
{
  g_autoptr (GObject) object = g_weak_ref_get (weak_ref);

  return object == NULL;
}

/* Closing with unsaved edits asks Save / Discard / Cancel: Cancel keeps the window and the
 * edits, Discard closes it and removes the recovery file. */
static void
test_close_asks (void)
{
  KhWindow *window = kh_test_sample_open ("close.kaohe");
  g_autofree char *recovery = kh_recovery_path (kh_document_get_path (kh_window_get_document (window)));
  GWeakRef alive;

  g_weak_ref_init (&alive, window);
  rename_node (window, "gdp_growth", "GDP growth (edited)");
  /* Written by the timer of every KH_RECOVERY_INTERVAL (3 s); a loaded machine may take
   * longer to run it, so the test waits for the file rather than for a fixed time. */
  g_assert_true (kh_test_wait_until (file_exists, recovery, 60000));

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
  /* Cancel answers at once: the dialog is gone, the window and the edits stay. */
  adw_message_dialog_response (kh_window_get_dialog (window), "cancel");
  g_assert_null (kh_window_get_dialog (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (name_of (window, "gdp_growth"), ==, "GDP growth (edited)");

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
  adw_message_dialog_response (kh_window_get_dialog (window), "discard");
  /* Discard removes the recovery file at once; the window closes from an idle after the
   * dialog's answer, and is freed when GTK lets it go: awaited, not a fixed 300 ms (which
   * failed at a load of 33). */
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_true (kh_test_wait_until (object_gone, &alive, 60000));
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_weak_ref_clear (&alive);
}

/* Save from the dialog stores the edits in the project: a new window reads them. */
static void
test_close_saves (void)
{
  g_autofree char *path = kh_test_sample_copy ("close-save.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  GWeakRef alive;

  g_weak_ref_init (&alive, window);
  rename_node (window, "gdp_growth", "GDP growth (saved)");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
  adw_message_dialog_response (kh_window_get_dialog (window), "save");
  /* Saved at the answer; the window closes from an idle. */
  g_assert_true (kh_test_wait_until (object_gone, &alive, 60000));
  g_weak_ref_clear (&alive);

  window = kh_test_sample_open_path (path);
  g_assert_cmpstr (name_of (window, "gdp_growth"), ==, "GDP growth (saved)");
  g_assert_false (kh_document_get_framework_modified (kh_window_get_document (window)));
  /* Nothing unsaved: no question, no recovery offered. */
  g_assert_null (kh_window_get_dialog (window));
  kh_test_sample_close (window);
}

/* The window goes away without a word (as a crash or a kill would): the next window on
 * the project offers the edits back; restored, they are unsaved edits again, in one undo
 * step. */
static void
test_recovery (void)
{
  g_autofree char *path = kh_test_sample_copy ("recovery.kaohe");
  g_autofree char *recovery = kh_recovery_path (path);
  KhWindow *window = kh_test_sample_open_path (path);
  KhDocument *doc;
  g_autoptr (GError) error = NULL;

  rename_node (window, "gdp_growth", "GDP growth (unsaved)");
  rename_node (window, "rd_intensity", "R&D <intensity>");
  g_assert_true (kh_test_wait_until (file_exists, recovery, 60000));
  kh_test_sample_close (window);
  g_assert_true (g_file_test (recovery, G_FILE_TEST_EXISTS));

  window = kh_test_sample_open_path (path);
  doc = kh_window_get_document (window);
  g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
  /* Offered, not applied yet: the project holds the saved names. */
  g_assert_cmpstr (name_of (window, "gdp_growth"), ==, "GDP growth");
  adw_message_dialog_response (kh_window_get_dialog (window), "restore");
  kh_test_spin (100);
  g_assert_cmpstr (name_of (window, "gdp_growth"), ==, "GDP growth (unsaved)");
  g_assert_cmpstr (name_of (window, "rd_intensity"), ==, "R&D <intensity>");
  g_assert_true (kh_document_get_framework_modified (doc));
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Restore Unsaved Edits");
  /* Undo: back to the saved framework, and the recovery file goes with the next tick. */
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_true (kh_test_wait_until (file_gone, recovery, 60000));
  kh_test_sample_close (window);
}

/* Another year with unsaved edits asks first: Cancel keeps the year and the edits. */
static void
test_year_switch_asks (void)
{
  KhWindow *window = kh_test_sample_open ("year.kaohe");
  KhDocument *doc = kh_window_get_document (window);

  rename_node (window, "gdp_growth", "GDP growth (edited)");
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  /* The header's year list: 2018, 2019, 2020. */
  {
    GtkDropDown *years = NULL;
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, window);
    while (!g_queue_is_empty (&queue) && years == NULL)
      {
        GtkWidget *w = g_queue_pop_head (&queue);

        if (GTK_IS_DROP_DOWN (w)
            && g_strcmp0 (gtk_widget_get_tooltip_text (w), "Year") == 0)
          years = GTK_DROP_DOWN (w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
             c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_queue_clear (&queue);
    g_assert_nonnull (years);
    gtk_drop_down_set_selected (years, 0);
    g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
    adw_message_dialog_response (kh_window_get_dialog (window), "cancel");
    kh_test_spin (100);
    g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
    g_assert_cmpuint (gtk_drop_down_get_selected (years), ==, 2);
    g_assert_cmpstr (name_of (window, "gdp_growth"), ==, "GDP growth (edited)");

    gtk_drop_down_set_selected (years, 0);
    g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
    adw_message_dialog_response (kh_window_get_dialog (window), "discard");
    while (kh_window_is_busy (window) || kh_document_get_year (doc) != 2018)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (kh_document_get_framework_modified (doc));
  }
  kh_test_sample_close (window);
}

static gboolean
dialog_loaded (gpointer data)
{
  return kh_import_dialog_is_loaded (data);
}

static double
stored (KhDocument *doc,
        const char *unit,
        const char *field)
{
  KhDataset *dataset = kh_document_get_dataset (doc);

  return kh_dataset_get (dataset, kh_dataset_find_unit (dataset, unit),
                         kh_dataset_find_field (dataset, field));
}

/* An import overwriting two stored values and adding none: the preview names the target
 * and both values old → new with who entered them; one undo step puts both back. */
static void
test_import_undo (void)
{
  KhWindow *window = kh_test_sample_open ("import.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *csv = g_build_filename (kh_test_sample_tmp_dir (), "two-values.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (csv);
  g_autoptr (GError) error = NULL;
  KhImportDialog *dialog;

  /* The sample's 2020 values (data/samples/city-2020.csv): changzhou gdp_growth 1.5,
   * huaian rd_intensity 1.7. */
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 1.5);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.7);
  g_assert_true (g_file_set_contents (csv,
                                      "unit,gdp_growth,rd_intensity\n"
                                      "changzhou,9.9,3.06\n"
                                      "huaian,5.2,1.99\n",
                                      -1, NULL));
  dialog = kh_window_import_file (window, file);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 1000);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  g_assert_true (kh_import_dialog_can_commit (dialog));
  /* 4 values in the file; 3.06 and 5.2 are what is stored already: 2 change. */
  g_assert_cmpuint (kh_import_dialog_get_n_changes (dialog), ==, 2);
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (dialog), "1.5 → 9.9"));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (dialog), "1.7 → 1.99"));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (dialog), "entered by"));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (dialog), "2020"));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (dialog), "Cities"));
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  g_free (kh_test_save_png (GTK_WIDGET (dialog), "import-preview.png"));

  g_assert_true (kh_import_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 9.9);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.99);
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Import “two-values.csv”");

  /* One undo: both back. Redo: both again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 1.5);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.7);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 9.9);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.99);
  kh_test_sample_close (window);
}

/* The widget under @root with the CSS class @css_class, depth first. */
static GtkWidget *
find_with_class (GtkWidget  *root,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A file with one valid row and two with problems (a text; an unknown unit): the preview
 * lists both and offers the valid row; the error file gets the other two with their
 * problems; one undo takes the import back. */
static void
test_import_partial (void)
{
  KhWindow *window = kh_test_sample_open ("import-partial.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *csv = g_build_filename (kh_test_sample_tmp_dir (), "partial.csv", NULL);
  g_autofree char *errpath = g_build_filename (kh_test_sample_tmp_dir (), "partial-errors.csv",
                                               NULL);
  g_autoptr (GFile) file = g_file_new_for_path (csv);
  g_autoptr (GFile) errfile = g_file_new_for_path (errpath);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  KhImportDialog *dialog;
  GPtrArray *problems;

  /* The sample's 2020 values: changzhou gdp_growth 1.5, huaian rd_intensity 1.7. */
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 1.5);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.7);
  g_assert_true (g_file_set_contents (csv,
                                      "unit,gdp_growth,rd_intensity\n"
                                      "changzhou,9.9,3.06\n"
                                      "huaian,abc,1.99\n"
                                      "nowhere,1,2\n",
                                      -1, NULL));
  dialog = kh_window_import_file (window, file);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 700);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  problems = kh_import_dialog_get_problems (dialog);
  /* Row 3 set aside while reading; row 4's unit unmatched. */
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (problems->pdata[0], ==, "partial.csv: row 3, column 2: “abc” is not a number");
  g_assert_cmpstr (problems->pdata[1], ==, "Row 4: unit “nowhere” is not in 2020");
  g_assert_false (kh_import_dialog_can_commit (dialog));
  g_assert_true (kh_import_dialog_can_commit_partial (dialog));
  /* The problems say what can be done: Import Valid Rows is offered. */
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                     find_with_class (GTK_WIDGET (dialog), "kh-import-problems"))),
                   ==,
                   "Import Valid Rows imports the other rows and saves these with their "
                   "problems to an error file; or fix the file and import it again");
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  g_free (kh_test_save_png (GTK_WIDGET (dialog), "import-partial.png"));

  g_assert_true (kh_import_dialog_commit_partial (dialog, errfile, &error));
  g_assert_no_error (error);
  /* Row 2 in (9.9; 3.06 as before); huaian's row set aside: 1.7 stays. */
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 9.9);
  g_assert_cmpfloat (stored (doc, "huaian", "rd_intensity"), ==, 1.7);
  g_assert_true (g_file_get_contents (errpath, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "\xEF\xBB\xBFunit,gdp_growth,rd_intensity,Problem\r\n"
                   "huaian,abc,1.99,column 2: “abc” is not a number\r\n"
                   "nowhere,1,2,column 1: unknown unit “nowhere”\r\n");
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Import “partial.csv”");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 1.5);
  kh_test_sample_close (window);
}

/* Chooses @field for the column @header in the preview's Columns section. */
static void
choose_column (KhImportDialog *dialog,
               const char     *header,
               const char     *field)
{
  GtkWidget *group = find_with_class (GTK_WIDGET (dialog), "kh-import-columns");
  GtkWidget *row = NULL;

  g_assert_nonnull (group);
  for (GtkWidget *w = group; w != NULL && row == NULL;)
    {
      /* Depth first through the group for the combo row of @header. */
      if (ADW_IS_COMBO_ROW (w)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), header) == 0)
        row = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != group && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == group ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (row);
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
    guint n = g_list_model_get_n_items (model);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

        if (g_strcmp0 (gtk_string_object_get_string (item), field) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
            return;
          }
      }
  }
  g_assert_not_reached ();
}

/* A provider's sheet whose column “GDP 增速（快报）” names no field: it is ignored, and
 * the preview's Columns section offers it. Assigned to gdp_growth, the file is read
 * again and imports; the next sheet with the same headers (another year's figures, the
 * headers spelled with other width and case) is read with that choice at once and the
 * preview says so; the choice is a project setting, audited. */
static void
test_import_columns_remembered (void)
{
  KhWindow *window = kh_test_sample_open ("import-columns.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *first = g_build_filename (kh_test_sample_tmp_dir (), "provider-a.csv", NULL);
  g_autofree char *second = g_build_filename (kh_test_sample_tmp_dir (), "provider-b.csv", NULL);
  g_autoptr (GFile) file1 = g_file_new_for_path (first);
  g_autoptr (GFile) file2 = g_file_new_for_path (second);
  g_autoptr (GError) error = NULL;
  KhImportDialog *dialog;
  GtkWidget *group;

  g_assert_true (g_file_set_contents (first, "unit,GDP 增速（快报）\nchangzhou,9.1\n", -1, NULL));
  g_assert_true (g_file_set_contents (second, "UNIT,ＧＤＰ 增速（快报）\nchangzhou,9.3\n", -1,
                                      NULL));
  dialog = kh_window_import_file (window, file1);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  /* Nothing to import yet: the only column is ignored. */
  g_assert_false (kh_import_dialog_can_commit (dialog));
  choose_column (dialog, "GDP 增速（快报）", "gdp_growth");
  g_assert_false (kh_import_dialog_is_loaded (dialog)); /* read again */
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  g_assert_true (kh_import_dialog_can_commit (dialog));
  g_assert_true (kh_import_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 9.1);
  g_assert_cmpint (kh_test_raw_count (kh_project_get_db (kh_document_get_project (doc)),
                                      "SELECT count(*) FROM audit_log WHERE action = 'setting' "
                                      "AND detail LIKE 'key=import-columns-%'"),
                   ==, 1);

  dialog = kh_window_import_file (window, file2);
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 10000));
  g_assert_true (kh_import_dialog_can_commit (dialog));
  group = find_with_class (GTK_WIDGET (dialog), "kh-import-columns");
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "As chosen when this provider's sheet (the same headers) was last imported");
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  g_free (kh_test_save_png (GTK_WIDGET (dialog), "import-columns-remembered.png"));
  g_assert_true (kh_import_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored (doc, "changzhou", "gdp_growth"), ==, 9.3);
  kh_test_sample_close (window);
}

/* The drop-down under @root that lists @text among its strings. */
static GtkWidget *
find_dropdown_with (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (root));

      for (guint i = 0; model != NULL && GTK_IS_STRING_LIST (model)
                        && i < g_list_model_get_n_items (model); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
          return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_dropdown_with (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
template_written (gpointer data)
{
  KhWindow *window = data;

  return !kh_window_is_busy (window)
         && g_file_test (g_object_get_data (G_OBJECT (window), "kh-test-template"),
                         G_FILE_TEST_IS_REGULAR);
}

/* The Data page's Template… (Ctrl+Shift+T): the file chooser offers every provider's
 * fields or one provider's; 省统计局's template of the sample's 2020 is written on a
 * worker thread and imports back with no column to map. */
static void
test_data_template (void)
{
  KhWindow *window = kh_test_sample_open ("template.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *dest = g_build_filename (kh_test_sample_tmp_dir (), "tongji-2020.xlsx", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (kh_test_sample_tmp_dir ());
  GListModel *toplevels = NULL; /* transfer none: GTK's own list */
  g_autoptr (GPtrArray) providers = NULL;
  g_autoptr (GPtrArray) units = NULL;
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhTableOptions) options = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *index = NULL;
  GtkWidget *chooser = NULL;
  char **accels;
  guint key = 0;
  GdkModifierType mods = 0;
  guint expected_units = 0;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (kh_test_sample_app ()),
                                                  "win.data-template");
  g_assert_nonnull (accels[0]);
  gtk_accelerator_parse (accels[0], &key, &mods);
  g_strfreev (accels);
  g_assert_cmpuint (key, ==, GDK_KEY_t);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "data-template-button.png"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.data-template", NULL));
  kh_test_spin (300);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (w))
        chooser = w;
    }
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "provider"), ==,
                   "all");
  providers = kh_project_get_providers (kh_document_get_project (doc), 2020, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < providers->len && index == NULL; i++)
    if (g_str_equal (providers->pdata[i], "省统计局"))
      index = g_strdup_printf ("%u", i);
  g_assert_nonnull (index);
  /* As the user picks it: the choice's drop-down in the dialog ("all" first, then the
   * providers in order). gtk_file_chooser_set_choice() on the dialog does not select it in
   * GTK 4.8. */
  {
    GtkWidget *dropdown = find_dropdown_with (chooser, "省统计局");

    g_assert_nonnull (dropdown);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                                (guint) g_ascii_strtoull (index, NULL, 10) + 1);
  }
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "provider"), ==,
                   index);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tongji-2020.xlsx");
  g_object_set_data (G_OBJECT (window), "kh-test-template", dest);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (kh_test_wait_until (template_written, window, 30000));

  /* 省统计局 reports fields of the cities and the counties: a row for each of 2020's
   * units of the two categories (kh_project_get_units), every one asked something. */
  for (int c = 0; c < 2; c++)
    {
      units = kh_project_get_units (kh_document_get_project (doc), 2020,
                                    c == 0 ? "city" : "county", &error);
      g_assert_no_error (error);
      expected_units += units->len;
      g_clear_pointer (&units, g_ptr_array_unref);
    }
  table = kh_xlsx_read_file (dest, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_csv_table_n_rows (table), ==, 1 + expected_units);
  g_assert_cmpstr (kh_csv_table_cell (table, 0, 0), ==, "单位");
  options = kh_project_table_options (kh_document_get_project (doc), 2020, &error);
  g_assert_no_error (error);
  set = kh_record_set_from_table_full (table, "tongji-2020.xlsx", options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->ignored->len, ==, 0);
  /* gdp_growth is 省统计局's (data/frameworks/jiangsu-2020-city.xml). */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < set->fields->len; i++)
      found = found || g_str_equal (set->fields->pdata[i], "gdp_growth");
    g_assert_true (found);
  }
  g_object_set_data (G_OBJECT (window), "kh-test-template", NULL);
  kh_test_sample_close (window);
}

static GtkWidget *
find_menu_button (GtkWidget  *root,
                  const char *label)
{
  if (GTK_IS_MENU_BUTTON (root)
      && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_menu_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The cells of 省统计局 with a value, as the Submissions text says ("省统计局: X of Y cells"). */
static guint
tongji_filled (const char *text)
{
  const char *line = strstr (text, "省统计局: ");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("省统计局: "), NULL, 10);
}

/* The Data page's Submissions: a value cleared takes one cell off its provider and puts
 * the unit among those owing, naming the provider; the popover shows the same text. */
static void
test_data_submissions (void)
{
  KhWindow *window = kh_test_sample_open ("submissions.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  GtkWidget *page;
  GtkWidget *button;
  GtkPopover *popover;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  const char *line;

  kh_window_show_page (window, "data");
  page = kh_window_get_page (window, "data");
  before = kh_data_view_get_submissions_text (KH_DATA_VIEW (page));
  /* The sample has every value of 南京市 for 2020 (data/samples/city-2020.csv). */
  g_assert_null (strstr (before, "\n南京市: "));
  g_assert_true (kh_document_set_value (doc, "nanjing", "gdp_growth", NAN, &error));
  g_assert_no_error (error);
  after = kh_data_view_get_submissions_text (KH_DATA_VIEW (page));
  /* gdp_growth is 省统计局's (source="省统计局" in jiangsu-2020-city.xml). */
  g_assert_cmpuint (tongji_filled (after), ==, tongji_filled (before) - 1);
  line = strstr (after, "\n南京市: ");
  g_assert_nonnull (line);
  {
    g_autofree char *nanjing = g_strndup (line + 1, strcspn (line + 1, "\n"));
    const char *owing = strstr (nanjing, "owing: ");

    g_assert_nonnull (owing);
    g_assert_nonnull (strstr (owing, "省统计局"));
  }

  button = find_menu_button (page, "_Submissions");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  kh_test_wait_for_widget (GTK_WIDGET (popover));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (popover), after));
  g_free (kh_test_save_png (GTK_WIDGET (popover), "data-submissions.png"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  kh_test_sample_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!kh_test_sample_init (&argc, &argv))
    {
      g_test_skip ("the sample project is not built");
      return 77;
    }
  g_test_add_func ("/ui/work/close-asks", test_close_asks);
  g_test_add_func ("/ui/work/close-saves", test_close_saves);
  g_test_add_func ("/ui/work/recovery", test_recovery);
  g_test_add_func ("/ui/work/year-switch-asks", test_year_switch_asks);
  g_test_add_func ("/ui/work/import-undo", test_import_undo);
  g_test_add_func ("/ui/work/import-partial", test_import_partial);
  g_test_add_func ("/ui/work/import-columns-remembered", test_import_columns_remembered);
  g_test_add_func ("/ui/work/data-template", test_data_template);
  g_test_add_func ("/ui/work/data-submissions", test_data_submissions);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
