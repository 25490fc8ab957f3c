/* test-ui-server.c — the window opens a project on a server as it opens a file (issue 19),
 * under Xvfb, beside a throwaway PostgreSQL server (kh-pg-harness.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-window-project.c (tests/data/ui, 2019 and 2020) is made in a file
 * with kaohe-cli and copied to the server with `kaohe-cli copy`; one window opens the
 * file, another the server's URI (as `kaohe postgresql://…` does: a GFile of the URI).
 * The file's window is the independent reference: both show the same Results rows and
 * the same Data cells, for either year. Skipped, with a message, only when PostgreSQL's
 * programs are not installed.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "io/kh-db-server.h"
#include "io/kh-io-error.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-ui-project.h"
#include "kh-test-files.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-data-view.h"
#include "ui/kh-framework-editor.h"
#include "ui/kh-framework-history.h"
#include "ui/kh-recovery.h"
#include "ui/kh-registry-window.h"
#include "ui/kh-weights-dialog.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-ui.h"
#include "ui/kh-window.h"

static KhApplication *app;
static KhPgHarness *pg;
static char *tmp_dir;
static char *file_path;
static char *server_uri;

static void
build_project (void)
{
  file_path = g_build_filename (tmp_dir, "p.kaohe", NULL);
  kh_test_ui_project_build (file_path, 2019, 2020);
  server_uri = kh_pg_harness_new_database (pg, "ui_server");
  kh_test_cli_ok ("copy", file_path, server_uri, NULL);
  /* Made ready for an office: ann may change the values of a only, vic only reads. */
  {
    g_autoptr (GError) error = NULL;
    KhDb *db = kh_db_open (server_uri, &error);
    const char *const units_a[] = { "a", NULL };

    g_assert_no_error (error);
    g_assert_true (kh_db_server_init (db, &error));
    g_assert_no_error (error);
    kh_pg_harness_exec (db,
                        "DO $$ BEGIN\n"
                        "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
                        "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
                        "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vic') THEN\n"
                        "    CREATE ROLE vic LOGIN IN ROLE kaohe_viewer; END IF;\n"
                        "END $$");
    g_assert_true (kh_db_server_grant (db, "ann", "city", units_a, NULL, NULL, &error));
    g_assert_no_error (error);
    kh_db_close (db);
  }
}

/* @login's URI of the project on the server. */
static char *
uri_as (const char *login)
{
  return g_strdup_printf ("postgresql:///ui_server?host=%s&user=%s", kh_pg_harness_dir (pg),
                          login);
}

/* The value of @unit's @field of 2020 on the server, as its superuser reads it. */
static double
server_value (const char *unit,
              const char *field)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (server_uri, &error);
  g_autoptr (KhDbStmt) stmt = NULL;
  double value = NAN;

  g_assert_no_error (error);
  stmt = kh_db_prepare (db, "SELECT value FROM data_values WHERE year = 2020 AND unit_id = ? "
                            "AND field = ?", &error);
  g_assert_no_error (error);
  kh_db_bind_text (stmt, 1, unit);
  kh_db_bind_text (stmt, 2, field);
  if (kh_db_step (stmt, &error) == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0))
    value = kh_db_column_double (stmt, 0);
  g_assert_no_error (error);
  g_clear_pointer (&stmt, kh_db_stmt_free);
  kh_db_close (db);
  return value;
}

/* The Results page's rows as text: unit, name, rank, score (to the bit), tier. */
static char *
results_text (KhWindow *window)
{
  KhResultsView *results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  GListModel *rows = kh_results_view_get_rows (results);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s %s %d %a %d\n", kh_result_row_get_unit_id (row),
                              kh_result_row_get_name (row), kh_result_row_get_rank (row),
                              kh_result_row_get_score (row), kh_result_row_get_tier (row));
    }
  return g_string_free (text, FALSE);
}

/* The Data page's cells as text, row by row, every field of the dataset. */
static char *
data_text (KhWindow *window)
{
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDataset *dataset = kh_document_get_dataset (kh_window_get_document (window));
  GString *text = g_string_new (NULL);

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (data));
  for (guint i = 0; i < kh_data_view_get_n_rows (data); i++)
    {
      g_autofree char *unit = kh_data_view_dup_row_unit (data, i);

      g_string_append (text, unit);
      for (guint f = 0; f < kh_dataset_get_n_fields (dataset); f++)
        {
          g_autofree char *cell = kh_data_view_format_cell (data, unit,
                                                            kh_dataset_get_field_id (dataset, f));

          g_string_append_printf (text, " %s", cell);
        }
      g_string_append_c (text, '\n');
    }
  kh_window_show_page (window, "results");
  return g_string_free (text, FALSE);
}

/* What the window calls a target: a file by its name (whatever it looks like), a server as
 * kh_db_target_name() calls it (its cases in test-db.c's /db/target-name), without its
 * password. */
static void
test_name (void)
{
  static const char *const cases[][2] = {
    { "/home/me/p.kaohe", "p.kaohe" },
    { "/home/me/p:w@x.kaohe", "p:w@x.kaohe" },
    { "postgresql://me:s3cret@db.example:5433/kaohe", "postgresql://me@db.example:5433/kaohe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = kh_window_target_name (cases[i][0]);

      g_assert_cmpstr (name, ==, cases[i][1]);
    }
}

static void
test_open (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (file_path);
  g_autoptr (GFile) uri = g_file_new_for_commandline_arg (server_uri);
  KhWindow *local = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  KhWindow *server = kh_test_ui_open_file (app, uri, 1280, 800, 60000);
  KhDocument *doc = kh_window_get_document (server);

  /* The server's project (its name, kh_db_name()), not a file of that name. */
  g_assert_true (g_str_has_prefix (kh_document_get_path (doc), "postgresql://"));
  g_assert_nonnull (strstr (kh_document_get_path (doc), "/ui_server?host="));
  g_assert_cmpuint (kh_document_get_years (doc)->len, ==, 2);
  for (int year = 2020; year >= 2019; year--)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *local_results = NULL, *server_results = NULL;
      g_autofree char *local_data = NULL, *server_data = NULL;

      g_assert_true (kh_document_set_year (kh_window_get_document (local), year, &error));
      g_assert_no_error (error);
      g_assert_true (kh_document_set_year (doc, year, &error));
      g_assert_no_error (error);
      local_results = results_text (local);
      server_results = results_text (server);
      g_assert_cmpstr (server_results, ==, local_results);
      g_assert_nonnull (strstr (local_results, "\n"));
      local_data = data_text (local);
      server_data = data_text (server);
      g_assert_cmpstr (server_data, ==, local_data);
      /* Each value's provenance (the Data page's tooltip), copied with its row. */
      for (guint u = 0; u < 4; u++)
        {
          const char *unit = (const char *[]) { "a", "b", "c", "d" }[u];
          g_autofree char *local_source = kh_document_get_provenance (
            kh_window_get_document (local), unit, "gdp_growth");
          g_autofree char *server_source = kh_document_get_provenance (doc, unit,
                                                                       "gdp_growth");

          g_assert_nonnull (local_source);
          g_assert_true (g_str_has_prefix (local_source, "Imported from data-"));
          g_assert_cmpstr (server_source, ==, local_source);
        }
      g_test_message ("%d results:\n%s", year, server_results);
    }
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (server));
      png = kh_test_save_png (GTK_WIDGET (server), "server-window.png");
      g_test_message ("window: %s", png);
    }
  kh_test_ui_close (server);
  kh_test_ui_close (local);
}

static KhDataView *
data_of (KhWindow *window)
{
  KhDataView *data = KH_DATA_VIEW (kh_window_get_page (window, "data"));

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (data));
  return data;
}

/* `kaohe service=NAME`: GApplication makes a path in the current folder of it; with no
 * such file there, the window opens the service of pg_service.conf ($PGSERVICEFILE). */
static void
test_service (void)
{
  g_autofree char *conf = g_build_filename (tmp_dir, "pg_service.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[kaohe_ui]\nhost=%s\ndbname=ui_server\nuser=kaohe\n",
                                           kh_pg_harness_dir (pg));
  g_autoptr (GFile) file = NULL;
  KhWindow *window;
  KhDocument *doc;

  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  g_setenv ("PGSERVICEFILE", conf, TRUE);
  file = g_file_new_for_commandline_arg ("service=kaohe_ui");
  g_assert_nonnull (g_file_peek_path (file));
  window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  doc = kh_window_get_document (window);
  g_assert_cmpstr (kh_document_get_target (doc), ==, "service=kaohe_ui");
  g_assert_cmpuint (kh_document_get_years (doc)->len, ==, 2);
  kh_test_ui_close (window);
  g_unsetenv ("PGSERVICEFILE");
}

/* The superuser edits a value in the window: stored on the server, one undo step; another
 * writer's newer value (another process, the same login: on a server the writer is the
 * login) is a conflict, which the dialog asks about. */
static void
test_edit (void)
{
  g_autoptr (GFile) uri = g_file_new_for_commandline_arg (server_uri);
  KhWindow *window = kh_test_ui_open_file (app, uri, 1280, 800, 60000);
  KhDataView *data = data_of (window);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2020);
  g_assert_true (kh_data_view_edit_cell (data, "d", "gdp_growth", "3", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (server_value ("d", "gdp_growth"), ==, 3);
  g_assert_true (kh_document_can_undo (kh_window_get_document (window)));
  kh_test_cli_ok ("set", server_uri, "--year", "2020", "--unit", "d", "--field", "gdp_growth",
                  "5", NULL);
  g_assert_false (kh_data_view_edit_cell (data, "d", "gdp_growth", "7", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT);
  g_assert_cmpfloat (server_value ("d", "gdp_growth"), ==, 5);
  kh_test_ui_close (window);
}

/* An evaluator's edit outside its scopes is refused, saying so, nothing written; a
 * viewer's window is read-only. */
static void
test_roles (void)
{
  g_autofree char *ann = uri_as ("ann");
  g_autoptr (GFile) ann_file = g_file_new_for_commandline_arg (ann);
  KhWindow *window = kh_test_ui_open_file (app, ann_file, 1280, 800, 60000);
  KhDataView *data = data_of (window);
  g_autoptr (GError) error = NULL;
  double before = server_value ("b", "gdp_growth");

  g_assert_true (kh_data_view_edit_cell (data, "a", "gdp_growth", "4", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (server_value ("a", "gdp_growth"), ==, 4);
  g_assert_false (kh_data_view_edit_cell (data, "b", "gdp_growth", "9", &error));
  g_test_message ("ann on b: %s", error->message);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_assert_cmpfloat (server_value ("b", "gdp_growth"), ==, before);
  g_assert_null (kh_document_get_read_only_login (kh_window_get_document (window)));
  g_assert_null (kh_window_get_banner (window));
  kh_test_ui_close (window);
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first property row of the Framework page's inspector, or NULL. */
static GtkWidget *
find_entry_row (GtkWidget *root)
{
  if (ADW_IS_ENTRY_ROW (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_entry_row (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many pencils of property rows (libadwaita's "edit-icon") are under @root, and in
 * *@n_shown how many of them may show (child-visible). */
static guint
count_edit_icons (GtkWidget *root,
                  guint     *n_shown)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_IMAGE (c) && gtk_widget_has_css_class (c, "edit-icon"))
        {
          n++;
          if (gtk_widget_get_child_visible (c))
            (*n_shown)++;
        }
      else
        n += count_edit_icons (c, n_shown);
    }
  return n;
}

/* A viewer's window says it is read-only; every edit is refused before the server is
 * asked, nothing written. */
static void
test_viewer (void)
{
  g_autofree char *vic = uri_as ("vic");
  g_autoptr (GFile) vic_file = g_file_new_for_commandline_arg (vic);
  KhWindow *window = kh_test_ui_open_file (app, vic_file, 1280, 800, 60000);
  KhDocument *doc = kh_window_get_document (window);
  KhDataView *data = data_of (window);
  g_autoptr (GError) error = NULL;
  double before = server_value ("a", "gdp_growth");
  GtkWidget *editor, *button, *row;
  guint n_shown = 0;

  g_assert_cmpstr (kh_document_get_read_only_login (doc), ==, "vic");
  g_assert_cmpstr (kh_window_get_banner (window), ==,
                   "Read-only: the login “vic” may only read this project on the server; "
                   "edits are disabled.");
  /* A value other than the one stored (an equal one is no edit at all: accepted as is,
   * whatever the login; a's 2020 gdp_growth is 8 in data-2020.csv until test_edit). */
  g_assert_false (kh_data_view_edit_cell (data, "a", "gdp_growth", before == 9 ? "10" : "9",
                                          &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_test_message ("vic: %s", error->message);
  g_assert_nonnull (strstr (error->message, "may only read this project"));
  g_clear_error (&error);
  g_assert_cmpfloat (server_value ("a", "gdp_growth"), ==, before);
  g_assert_false (kh_document_set_node_weight (doc, "pm25", 2, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (kh_document_get_framework_modified (doc));
  g_assert_false (kh_document_can_undo (doc));
  g_assert_true (kh_document_is_read_only (doc));

  /* The Framework page looks read-only too (issue 19), as for a sealed year: its edit
   * buttons off, the inspector's properties insensitive. */
  editor = kh_window_get_page (window, "framework");
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (editor);
  g_assert_true (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (editor), "pm25"));
  kh_test_wait_for_widget (editor);
  button = find_action_button (editor, "framework.add-child");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  button = find_action_button (editor, "framework.delete");
  if (button != NULL)
    g_assert_false (gtk_widget_is_sensitive (button));
  row = find_entry_row (editor);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_is_sensitive (row));
  /* … and without the pencils that say a row may be edited. */
  g_assert_cmpuint (count_edit_icons (editor, &n_shown), >, 0);
  g_assert_cmpuint (n_shown, ==, 0);
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (window));
      png = kh_test_save_png (GTK_WIDGET (window), "server-viewer-framework.png");
      g_test_message ("window: %s", png);
    }
  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (data));
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (window));
      png = kh_test_save_png (GTK_WIDGET (window), "server-viewer.png");
      g_test_message ("window: %s", png);
    }
  kh_test_ui_close (window);
}

/* A label under @root showing @text exactly (a toast's title), or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A button under @root labelled @label (with its underline), or NULL. */
static GtkWidget *
find_button_label (GtkWidget  *root,
                   const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_label (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many of the bound cells under @root may be edited (*@n_bound: how many are bound). */
static guint
count_editable_cells (GtkWidget *root,
                      guint     *n_bound)
{
  guint n = 0;

  if (GTK_IS_EDITABLE_LABEL (root) && kh_ui_edit_cell_get_target (root) != NULL)
    {
      (*n_bound)++;
      return gtk_editable_get_editable (GTK_EDITABLE (root)) ? 1 : 0;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += count_editable_cells (c, n_bound);
  return n;
}

static void
summary_cb (KhDocument *doc,
            const char *summary,
            GPtrArray  *summaries)
{
  g_ptr_array_add (summaries, g_strdup (summary));
}

static gboolean
is_sealed (gpointer doc)
{
  return kh_document_is_sealed (doc);
}

/* Another login (kaohe-cli seal, another process) seals the year a window shows, with an
 * unsaved framework edit in it (issue 19): the window takes it in from the server's
 * notification as if opened sealed: the banner, the Data grid's cells and the Framework
 * page's edit controls off, the unsaved framework kept in a file, said in the toast. */
static void
test_sealed (void)
{
  g_autofree char *uri = kh_pg_harness_new_database (pg, "ui_sealed");
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  KhWindow *window;
  KhDocument *doc;
  KhDataView *data;
  GtkWidget *editor, *button, *row;
  guint n_bound = 0, n_shown = 0;

  kh_test_cli_ok ("copy", file_path, uri, NULL);
  file = g_file_new_for_commandline_arg (uri);
  window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  doc = kh_window_get_document (window);
  g_signal_connect (doc, "refreshed", G_CALLBACK (summary_cb), summaries);
  data = data_of (window);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  g_assert_cmpuint (count_editable_cells (GTK_WIDGET (data), &n_bound), >, 0);
  g_assert_null (kh_window_get_banner (window));
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 2, &error));
  g_assert_no_error (error);

  kh_test_cli_ok ("seal", uri, "--year", "2020", NULL);
  g_assert_true (kh_test_wait_until (is_sealed, doc, 60000));
  kh_test_wait_for_widget (GTK_WIDGET (data));
  g_assert_cmpstr (kh_window_get_banner (window), ==,
                   "The year 2020 is sealed: its framework, data and results are read-only.");
  g_assert_cmpuint (summaries->len, ==, 1);
  /* The toast says it, and its button shows the file kept. */
  g_assert_nonnull (find_label (GTK_WIDGET (window),
                                "The year 2020 was sealed by someone else: your unsaved "
                                "framework edits were kept in a file."));
  g_assert_nonnull (find_button_label (GTK_WIDGET (window), "_Show File"));
  g_assert_false (kh_document_get_framework_modified (doc));
  n_bound = 0;
  g_assert_cmpuint (count_editable_cells (GTK_WIDGET (data), &n_bound), ==, 0);
  g_assert_cmpuint (n_bound, >, 0);
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = kh_test_save_png (GTK_WIDGET (window), "server-sealed-data.png");

      g_test_message ("window: %s", png);
    }

  editor = kh_window_get_page (window, "framework");
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (editor);
  g_assert_true (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (editor), "pm25"));
  kh_test_wait_for_widget (editor);
  button = find_action_button (editor, "framework.add-child");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  row = find_entry_row (editor);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_is_sensitive (row));
  g_assert_cmpuint (count_edit_icons (editor, &n_shown), >, 0);
  g_assert_cmpuint (n_shown, ==, 0);
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = kh_test_save_png (GTK_WIDGET (window),
                                               "server-sealed-framework.png");

      g_test_message ("window: %s", png);
    }
  kh_test_ui_close (window);
}

/* The first widget of @type under @root, or NULL. */
static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Framework page at the window's 1280 pixels opens at the left: its tree and toolbar
 * start where the page does (its pane, shrunk below the toolbar's width, used to be
 * shifted left, cutting off the tree's names and the first buttons), and Save to Project
 * shows whole (issue 19). */
static void
assert_framework_at_left (GtkWidget *editor)
{
  GtkWidget *tree = find_type (editor, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *add = find_action_button (editor, "framework.add-child");
  GtkWidget *save = find_action_button (editor, "framework.save");
  GtkWidget *pane = gtk_widget_get_parent (gtk_widget_get_parent (add));
  graphene_rect_t bounds;

  g_assert_nonnull (tree);
  g_assert_true (gtk_widget_compute_bounds (tree, editor, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_true (gtk_widget_compute_bounds (add, editor, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_true (gtk_widget_compute_bounds (save, pane, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (pane));
}

static gboolean
has_jobs (gpointer doc)
{
  return kh_framework_find_node (kh_document_get_framework (doc), "jobs") != NULL;
}

/* Another login (kaohe-cli import, another process) imports a new framework of the year
 * a window shows (tests/data/ui's of 2020 with a new indicator, jobs): the window's
 * Framework page shows the new node, and the toast names the framework (issue 19). The
 * project is a copy of the file's on the server (@server), else a copy of the file, whose
 * other writers the window finds by watching it. */
static void
check_framework_refresh (gboolean server)
{
  g_autofree char *uri = server ? kh_pg_harness_new_database (pg, "ui_framework")
                                : g_build_filename (tmp_dir, "framework-refresh.kaohe", NULL);
  g_autofree char *source = kh_test_data_path ("ui", "framework-2020.xml");
  g_autofree char *fw = g_build_filename (tmp_dir, "framework-jobs.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GString) changed = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  KhWindow *window;
  KhDocument *doc;
  GtkWidget *editor;

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "    </paper>\n    <paper id=\"satisfaction\"",
                                      "      <indicator id=\"jobs\" unit=\"万人\">\n"
                                      "        <name lang=\"zh-CN\">城镇新增就业</name>\n"
                                      "        <name lang=\"en\">New urban jobs</name>\n"
                                      "        <scoring method=\"minmax\"/>\n"
                                      "      </indicator>\n"
                                      "    </paper>\n    <paper id=\"satisfaction\"", 1),
                    ==, 1);
  g_assert_true (g_file_set_contents (fw, changed->str, -1, NULL));
  kh_test_cli_ok ("copy", file_path, uri, NULL);
  file = g_file_new_for_commandline_arg (uri);
  g_assert_true (server == (g_file_peek_path (file) == NULL));
  window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  doc = kh_window_get_document (window);
  g_signal_connect (doc, "refreshed", G_CALLBACK (summary_cb), summaries);
  editor = kh_window_get_page (window, "framework");
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (editor);
  assert_framework_at_left (editor);
  g_assert_false (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (editor), "jobs"));

  kh_test_cli_ok ("import", uri, "--year", "2020", "--framework", fw, NULL);
  g_assert_true (kh_test_wait_until (has_jobs, doc, 60000));
  kh_test_wait_for_widget (editor);
  g_assert_true (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (editor), "jobs"));
  kh_test_wait_for_widget (editor);
  assert_framework_at_left (editor);
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==,
                   "Data changed by someone else — reloaded: the framework");
  g_assert_false (kh_document_get_framework_modified (doc));
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = kh_test_save_png (GTK_WIDGET (window),
                                               server ? "server-framework-refreshed.png"
                                                      : "file-framework-refreshed.png");

      g_test_message ("window: %s", png);
    }
  kh_test_ui_close (window);
}

static void
test_framework (void)
{
  check_framework_refresh (TRUE);
}

static void
test_framework_file (void)
{
  check_framework_refresh (FALSE);
}

static void
log_cb (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        data)
{
  g_test_message ("log: %s", message);
}

/* Every page and tab of the window on the server shows without a crash or a critical
 * (G_DEBUG=fatal-criticals), for both years, the superuser's window. */
static void
test_pages (void)
{
  g_autoptr (GFile) uri = g_file_new_for_commandline_arg (server_uri);
  KhWindow *window = kh_test_ui_open_file (app, uri, 1280, 800, 60000);
  KhResultsView *results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  const char *pages[] = { "framework", "data", "results", "charts", "reports", "surveys" };
  const char *tabs[] = { "health", "robustness", "compare", "ranking" };
  guint handler = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, log_cb,
                                     NULL);

  for (int year = 2020; year >= 2019; year--)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (kh_document_set_year (kh_window_get_document (window), year, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          kh_window_show_page (window, pages[i]);
          kh_test_wait_for_widget (kh_window_get_page (window, pages[i]));
          if (g_getenv ("KH_SCREENSHOT_DIR") != NULL && year == 2020)
            {
              g_autofree char *name = g_strdup_printf ("server-%s.png", pages[i]);
              g_autofree char *png = kh_test_save_png (GTK_WIDGET (window), name);

              g_test_message ("%s: %s", pages[i], png);
            }
        }
      kh_window_show_page (window, "results");
      for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
        {
          kh_results_view_show_tab (results, tabs[i]);
          kh_test_wait_for_widget (GTK_WIDGET (results));
          if (g_getenv ("KH_SCREENSHOT_DIR") != NULL && year == 2020)
            {
              g_autofree char *name = g_strdup_printf ("server-tab-%s.png", tabs[i]);
              g_autofree char *png = kh_test_save_png (GTK_WIDGET (window), name);

              g_test_message ("%s: %s", tabs[i], png);
            }
        }
    }
  /* The Framework page's History…, Registry… and Weights… windows. */
  {
    KhDocument *doc = kh_window_get_document (window);
    g_autoptr (GError) error = NULL;
    GtkWindow *dialogs[3];

    g_assert_true (kh_document_set_year (doc, 2020, &error));
    g_assert_no_error (error);
    dialogs[0] = GTK_WINDOW (kh_framework_history_new (doc, GTK_WINDOW (window)));
    dialogs[1] = GTK_WINDOW (kh_registry_window_new (doc, GTK_WINDOW (window)));
    dialogs[2] = GTK_WINDOW (kh_weights_dialog_new (doc, "total", GTK_WINDOW (window)));
    for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
      {
        gtk_window_present (dialogs[i]);
        kh_test_wait_for_widget (GTK_WIDGET (dialogs[i]));
        if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
          {
            g_autofree char *name = g_strdup_printf ("server-dialog-%u.png", i);
            g_autofree char *png = kh_test_save_png (GTK_WIDGET (dialogs[i]), name);

            g_test_message ("dialog %u: %s", i, png);
          }
        /* The framework's versions are read from the server: the copy's one of 2020. */
        if (i == 0)
          g_assert_nonnull (gtk_list_box_get_row_at_index (
            kh_framework_history_get_list (KH_FRAMEWORK_HISTORY (dialogs[0])), 0));
        gtk_window_destroy (dialogs[i]);
      }
  }
  g_log_remove_handler (NULL, handler);
  kh_test_ui_close (window);
}

/* A framework edit saved on the server is what a document opened afresh reads. */
static void
test_save_framework (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = kh_document_open (server_uri, &error);
  g_autoptr (KhDocument) again = NULL;
  const KhNode *node;

  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_node_weight (doc, "gdp_growth", 3, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_get_framework_modified (doc));
  g_assert_true (kh_document_save_framework (doc, &error));
  g_assert_no_error (error);
  g_assert_false (kh_document_get_framework_modified (doc));
  again = kh_document_open (server_uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (again, 2020, &error));
  g_assert_no_error (error);
  node = kh_framework_find_node (kh_document_get_framework (again), "gdp_growth");
  g_assert_nonnull (node);
  g_assert_cmpfloat (node->weight, ==, 3);
}

static AdwMessageDialog *find_dialog (void);

/* An import of data into a document on a server: previewed against the server's values,
 * stored there in one step, and undone there. */
static void
test_import (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = kh_document_open (server_uri, &error);
  KhRecordSet *records = kh_record_set_new (KH_TABLE_WIDE, "UTF-8");
  g_autoptr (GPtrArray) changes = NULL;
  KhValueChange *change;
  guint n_changed = 0;

  g_assert_no_error (error);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);
  g_assert_cmpfloat (server_value ("c", "pm25"), ==, 30);
  kh_record_set_add (records, 2, 2, "c", 2020, "pm25", 33);
  kh_record_set_add (records, 3, 2, "b", 2020, "pm25", 42); /* as stored: no change */
  changes = kh_document_preview_import (doc, records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpfloat (change->old_value, ==, 30);
  g_assert_cmpfloat (change->new_value, ==, 33);
  g_assert_true (kh_document_import_records_full (doc, records, "fix.csv", &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpfloat (server_value ("c", "pm25"), ==, 33);
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (server_value ("c", "pm25"), ==, 30);
  kh_record_set_free (records);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Unsaved framework edits of a project on a server are kept for recovery in the user's
 * state folder, under the URI without its password (a server has no folder beside the
 * project), and offered again when the project opens next. */
static void
test_recovery (void)
{
  g_autofree char *with_password = g_strdup_printf ("%s&password=s3cret", server_uri);
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (with_password);
  KhWindow *window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *key = g_strdup (kh_document_get_path (doc));
  g_autofree char *path = kh_recovery_path (key);
  g_autofree char *contents = NULL;
  g_autoptr (KhRecovery) recovery = NULL;
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_null (strstr (key, "s3cret"));
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 2, &error));
  g_assert_no_error (error);
  g_assert_true (kh_test_wait_until (file_exists, path, 60000));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "s3cret"));
  recovery = kh_recovery_read (key);
  g_assert_nonnull (recovery);
  g_assert_cmpint (recovery->year, ==, 2020);
  kh_test_ui_close (window);

  window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore Unsaved Edits?");
  adw_message_dialog_response (dialog, "discard");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  kh_test_ui_close (window);
}

/* The visible Connect to Server dialog, or NULL. */
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

/* The open menu's Connect to Server… opens what its field names; a URI holding a password
 * is not taken (the Connect button stays disabled) and opens nothing. */
static void
test_connect (void)
{
  KhWindow *window = kh_window_new (app);
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autofree char *with_password = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect-server", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  gtk_editable_set_text (entry, "/tmp/not-a-server.kaohe");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  with_password = g_strdup_printf ("%s&password=s3cret", server_uri);
  gtk_editable_set_text (entry, with_password);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  gtk_editable_set_text (entry, server_uri);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = NULL;

      kh_test_wait_for_widget (GTK_WIDGET (dialog));
      png = kh_test_save_png (GTK_WIDGET (dialog), "server-connect.png");
      g_test_message ("dialog: %s", png);
    }
  adw_message_dialog_response (dialog, "connect");
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 60000));
  g_assert_nonnull (strstr (kh_document_get_path (kh_window_get_document (window)),
                            "/ui_server?host="));
  g_assert_cmpuint (kh_document_get_years (kh_window_get_document (window))->len, ==, 2);
  kh_test_ui_close (window);
}

/* A URI holding a password (the server's trust login ignores it) opens; the document's
 * path, the window's subtitle, is the URI without it; the target that background jobs
 * connect with keeps it, in memory. */
static void
test_password (void)
{
  g_autofree char *with_password = g_strdup_printf ("%s&password=s3cret", server_uri);
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (with_password);
  KhWindow *window = kh_test_ui_open_file (app, file, 1280, 800, 60000);
  KhDocument *doc = kh_window_get_document (window);

  g_assert_null (strstr (kh_document_get_path (doc), "s3cret"));
  g_assert_cmpstr (kh_document_get_target (doc), ==, with_password);
  kh_test_ui_close (window);
}

/* The window's drop target taking text (beside files), or NULL. */
static GtkDropTarget *
text_drop_target (KhWindow *window)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);
      const GType *types;
      gsize n_types = 0;

      if (!GTK_IS_DROP_TARGET (controller))
        continue;
      types = gtk_drop_target_get_gtypes (GTK_DROP_TARGET (controller), &n_types);
      for (gsize t = 0; t < n_types; t++)
        if (types[t] == G_TYPE_STRING)
          return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* What the drop target does with @text dropped on @window. */
static gboolean
drop_text (KhWindow   *window,
           const char *text)
{
  GtkDropTarget *target = text_drop_target (window);
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &taken);
  return taken;
}

/* A server's URI dropped on a window as text opens it as `kaohe URI` does; one holding a
 * password is refused with the Connect dialog's message, other text with a toast saying
 * what can be dropped; neither opens anything (issue 19). */
static void
test_drop (void)
{
  g_autofree char *with_password = g_strdup_printf ("%s&password=s3cret", server_uri);
  g_autofree char *dropped = g_strdup_printf ("  %s\r\n", server_uri);
  KhWindow *window = kh_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));

  g_assert_false (drop_text (window, with_password));
  g_assert_null (kh_window_get_document (window));
  g_assert_false (kh_window_is_busy (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_nonnull (find_label (GTK_WIDGET (window),
                                "Leave the password out of the URI: the server asks libpq for "
                                "it (~/.pgpass, PGPASSWORD, or a peer or certificate login)"));

  /* A window shows one toast at a time: the next refusal in a window of its own. */
  kh_test_ui_close (window);
  window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_false (drop_text (window, "hello, world"));
  g_assert_null (kh_window_get_document (window));
  g_assert_false (kh_window_is_busy (window));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_nonnull (find_label (GTK_WIDGET (window),
                                "Cannot open the dropped text: drop a project file, or a "
                                "server’s URI postgresql://user@host/database or service name "
                                "service=name"));
  if (g_getenv ("KH_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = kh_test_save_png (GTK_WIDGET (window), "server-drop-refused.png");

      g_test_message ("window: %s", png);
    }

  g_assert_true (drop_text (window, dropped));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 60000));
  g_assert_cmpstr (kh_document_get_target (kh_window_get_document (window)), ==, server_uri);
  g_assert_cmpuint (kh_document_get_years (kh_window_get_document (window))->len, ==, 2);
  kh_test_ui_close (window);

  /* A file's URI as text (a file manager's text/uri-list) opens the file. */
  {
    g_autofree char *file_uri = g_filename_to_uri (file_path, NULL, NULL);
    g_autofree char *list = g_strconcat (file_uri, "\r\n", NULL);

    window = kh_window_new (app);
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (drop_text (window, list));
    g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 60000));
    g_assert_cmpstr (kh_document_get_path (kh_window_get_document (window)), ==, file_path);
    kh_test_ui_close (window);
  }
}

static gboolean menu_has_action (GMenuModel *menu,
                                 const char *action);

/* The open menu's model under @root: a menu button's holding win.connect-server. */
static GMenuModel *
recent_menu_under (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) != NULL
      && menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)),
                          "win.connect-server"))
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GMenuModel *found = recent_menu_under (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GMenuModel *
recent_menu (KhWindow *window)
{
  GMenuModel *menu = recent_menu_under (GTK_WIDGET (window));

  g_assert_nonnull (menu);
  return menu;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i,
                                                                   G_MENU_LINK_SECTION);

      if (section != NULL && menu_has_action (section, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;
    }
  return FALSE;
}

/* The target of the open menu's item labelled @label (win.open-recent), or NULL. */
static char *
recent_target (GMenuModel *menu,
               const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *item_label = NULL;
      g_autofree char *action = NULL;
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i,
                                                                   G_MENU_LINK_SECTION);

      if (section != NULL)
        {
          char *found = recent_target (section, label);

          if (found != NULL)
            return found;
          continue;
        }
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label)
          && g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_str_equal (action, "win.open-recent") && g_str_equal (item_label, label))
        {
          g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (
            menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

          return target != NULL ? g_variant_dup_string (target, NULL) : NULL;
        }
    }
  return NULL;
}

/* Whether any item of @menu (or its sections) holds @text in its label or target. */
static gboolean
menu_mentions (GMenuModel *menu,
               const char *text)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (
        menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i,
                                                                   G_MENU_LINK_SECTION);

      if (section != NULL && menu_mentions (section, text))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label)
          && strstr (label, text) != NULL)
        return TRUE;
      if (target != NULL && strstr (g_variant_get_string (target, NULL), text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A project opened on a server is listed in the open menu's recent projects, named as
 * opened (a service as its name), and reopens from there; one opened with a password in
 * its URI is not added, and no password reaches GTK's recent files (issue 19). */
static void
test_recent (void)
{
  /* Named without its password, this URI is no other test's. */
  g_autofree char *with_password = g_strdup_printf ("%s&application_name=pw&password=s3cret",
                                                    server_uri);
  g_autofree char *without = g_strdup_printf ("%s&application_name=pw", server_uri);
  g_autofree char *conf = g_build_filename (tmp_dir, "pg_service.conf", NULL);
  g_autofree char *service_conf = g_strdup_printf ("[kaohe_ui]\nhost=%s\ndbname=ui_server\n"
                                                   "user=kaohe\n",
                                                   kh_pg_harness_dir (pg));
  g_autofree char *xbel = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *named = kh_window_target_name (with_password);
  g_autoptr (GFile) password_file = g_file_new_for_commandline_arg (with_password);
  g_autoptr (GFile) uri_file = g_file_new_for_commandline_arg (server_uri);
  g_autoptr (GFile) service_file = NULL;
  KhWindow *window;
  GList *items;

  g_assert_cmpstr (named, ==, without);
  g_assert_true (g_file_set_contents (conf, service_conf, -1, NULL));
  g_setenv ("PGSERVICEFILE", conf, TRUE);

  /* With a password: opened, not added. */
  window = kh_test_ui_open_file (app, password_file, 1280, 800, 60000);
  g_assert_cmpstr (kh_document_get_target (kh_window_get_document (window)), ==, with_password);
  g_assert_false (menu_mentions (recent_menu (window), "s3cret"));
  g_assert_false (menu_mentions (recent_menu (window), "application_name=pw"));
  g_assert_false (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), without));
  kh_test_ui_close (window);

  window = kh_test_ui_open_file (app, uri_file, 1280, 800, 60000);
  target = recent_target (recent_menu (window), server_uri);
  g_assert_cmpstr (target, ==, server_uri);
  g_clear_pointer (&target, g_free);
  kh_test_ui_close (window);

  service_file = g_file_new_for_commandline_arg ("service=kaohe_ui");
  window = kh_test_ui_open_file (app, service_file, 1280, 800, 60000);
  target = recent_target (recent_menu (window), "service=kaohe_ui");
  g_assert_cmpstr (target, ==, "postgresql://?service=kaohe_ui");
  g_assert_false (menu_mentions (recent_menu (window), "s3cret"));
  kh_test_ui_close (window);

  /* Reopened from the menu: the service's entry, in a new window. */
  window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s",
                                             target));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, 60000));
  g_assert_cmpstr (kh_document_get_target (kh_window_get_document (window)), ==, target);
  g_assert_cmpuint (kh_document_get_years (kh_window_get_document (window))->len, ==, 2);
  kh_test_ui_close (window);

  /* Nothing GTK keeps holds the password. */
  items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  for (GList *l = items; l != NULL; l = l->next)
    g_assert_null (strstr (gtk_recent_info_get_uri (l->data), "s3cret"));
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (g_file_get_contents (xbel, &contents, NULL, NULL))
    g_assert_null (strstr (contents, "s3cret"));
  g_unsetenv ("PGSERVICEFILE");
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-ui-server-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);
    g_autofree char *state_home = g_build_filename (tmp_dir, "state-home", NULL);

    /* Recent projects and recovery files go to fresh user folders. */
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  }
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "me", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_test_add_func ("/ui/server/name", test_name);
  if (kh_pg_harness_start_if_installed (&pg, "/ui/server/skipped"))
    {
      build_project ();
      g_test_add_func ("/ui/server/open", test_open);
      g_test_add_func ("/ui/server/connect", test_connect);
      g_test_add_func ("/ui/server/password", test_password);
      g_test_add_func ("/ui/server/service", test_service);
      g_test_add_func ("/ui/server/edit", test_edit);
      g_test_add_func ("/ui/server/roles", test_roles);
      g_test_add_func ("/ui/server/viewer", test_viewer);
      g_test_add_func ("/ui/server/pages", test_pages);
      g_test_add_func ("/ui/server/save-framework", test_save_framework);
      g_test_add_func ("/ui/server/recovery", test_recovery);
      g_test_add_func ("/ui/server/import", test_import);
      g_test_add_func ("/ui/server/drop", test_drop);
      g_test_add_func ("/ui/server/recent", test_recent);
      g_test_add_func ("/ui/server/framework", test_framework);
      g_test_add_func ("/ui/server/framework-file", test_framework_file);
      g_test_add_func ("/ui/server/sealed", test_sealed);
    }
  status = kh_pg_harness_run_and_stop (&pg);
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (file_path);
  g_free (server_uri);
  return status;
}
