/* test-registry-window.c — the Framework page's Registry… window, driven through its widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-diff-cli.c's /cli/registry: 2019 diff-2019.xml, 2020 diff-2020.xml,
 * 2021 diff-2020.xml as 2021 without gdp_pc's `replaces`. Its chains, worked out there and
 * printed by `kaohe-cli registry`: gdp (2019, admitted) → gdp_pc (2020, replaces gdp; 2021
 * kept); growth, pm25 and green admitted in 2019 and kept; exports admitted in 2019 and
 * retired in 2020; jobs admitted in 2020 and kept — 6 lines.
 */
#include "config.h"

#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-registry-window.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strjoin (to, parts[0], parts[1], NULL);
}

static void
build_project (void)
{
  g_autofree char *a = kh_test_data_path ("diff", "diff-2019.xml");
  g_autofree char *b = kh_test_data_path ("diff", "diff-2020.xml");
  g_autofree char *third = g_build_filename (tmp_dir, "third.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy2 = NULL;

  g_assert_true (g_file_get_contents (b, &text, NULL, NULL));
  copy = replace_once (text, "year=\"2020\"", "year=\"2021\"");
  copy2 = replace_once (copy, " replaces=\"gdp\"", "");
  g_assert_true (g_file_set_contents (third, copy2, -1, NULL));
  project = g_build_filename (tmp_dir, "registry.kaohe", NULL);
  kh_test_cli_ok ("new", project, NULL);
  kh_test_cli_ok ("import", project, "--year", "2019", "--framework", a, NULL);
  kh_test_cli_ok ("import", project, "--year", "2020", "--framework", b, NULL);
  kh_test_cli_ok ("import", project, "--year", "2021", "--framework", third, NULL);
}

static KhRegistryWindow *
find_registry (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_REGISTRY_WINDOW (item))
        return KH_REGISTRY_WINDOW (item);
    }
  return NULL;
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The text of the grid's cell at @column, @row ("" when empty). */
static const char *
cell (GtkGrid *grid,
      int      column,
      int      row)
{
  GtkWidget *child = gtk_grid_get_child_at (grid, column, row);

  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : "";
}

/* The row of the chain whose first column starts with @name, or -1. */
static int
chain_row (GtkGrid    *grid,
           const char *first_cell)
{
  for (int row = 1; row < 20; row++)
    if (g_str_equal (cell (grid, 0, row), first_cell))
      return row;
  return -1;
}

/* (the search entry tells after a short delay) */
static gboolean
shows_one (gpointer data)
{
  return kh_registry_window_get_n_chains (data) == 1;
}

static gboolean
shows_six (gpointer data)
{
  return kh_registry_window_get_n_chains (data) == 6;
}

static void
test_timeline (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (project);
  KhWindow *window = kh_test_ui_open (app, project, 1280, 800, 10000);
  GtkWidget *page;
  KhRegistryWindow *registry;
  GtkGrid *grid;
  int row;
  g_autofree char *png = NULL;

  kh_window_show_page (window, "framework");
  page = kh_window_get_page (window, "framework");
  kh_test_wait_for_widget (page);

  gtk_widget_activate_action (page, "framework.registry", NULL);
  spin ();
  registry = find_registry ();
  g_assert_nonnull (registry);
  kh_test_wait_for_widget (GTK_WIDGET (registry));
  grid = kh_registry_window_get_grid (registry);
  g_assert_cmpuint (kh_registry_window_get_n_chains (registry), ==, 6);
  g_assert_cmpstr (cell (grid, 1, 0), ==, "2019");
  g_assert_cmpstr (cell (grid, 3, 0), ==, "2021");

  /* gdp → gdp_pc: named by its latest indicator (no name in the file: the id) */
  row = chain_row (grid, "gdp_pc\ngdp → gdp_pc");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (cell (grid, 1, row), ==, "gdp\nadmitted");
  g_assert_cmpstr (cell (grid, 2, row), ==, "gdp_pc\nreplaces gdp");
  g_assert_cmpstr (cell (grid, 3, row), ==, "gdp_pc\nkept");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_grid_get_child_at (grid, 2, row)), ==,
                   "gdp_pc · gdp_pc · 30 points");
  /* exports: retired in 2020, nothing in 2021 */
  row = chain_row (grid, "exports\nexports");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (cell (grid, 1, row), ==, "exports\nadmitted");
  g_assert_cmpstr (cell (grid, 2, row), ==, "retired");
  g_assert_cmpstr (cell (grid, 3, row), ==, "");
  /* jobs: admitted in 2020 */
  row = chain_row (grid, "jobs\njobs");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (cell (grid, 1, row), ==, "");
  g_assert_cmpstr (cell (grid, 2, row), ==, "jobs\nadmitted");
  g_assert_cmpstr (cell (grid, 3, row), ==, "jobs\nkept");
  png = kh_test_save_png (GTK_WIDGET (registry), "registry-window.png");

  /* the filter: any id of a chain finds it */
  gtk_editable_set_text (kh_registry_window_get_filter (registry), "GDP");
  g_assert_true (kh_test_wait_until (shows_one, registry, 5000));
  g_assert_cmpuint (kh_registry_window_get_n_chains (registry), ==, 1);
  g_assert_cmpstr (cell (grid, 0, 1), ==, "gdp_pc\ngdp → gdp_pc");
  gtk_editable_set_text (kh_registry_window_get_filter (registry), "");
  g_assert_true (kh_test_wait_until (shows_six, registry, 5000));
  g_assert_cmpuint (kh_registry_window_get_n_chains (registry), ==, 6);

  gtk_widget_activate_action (GTK_WIDGET (registry), "window.close", NULL);
  spin ();
  g_assert_null (find_registry ());
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-registry-window-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/registry-window/timeline", test_timeline);

  status = g_test_run ();
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
