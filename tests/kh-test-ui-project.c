/* kh-test-ui-project.c — a window on a project built with kaohe-cli, for widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"

void
kh_test_ui_project_build (const char *path,
                          int         first_year,
                          int         last_year)
{
  g_autofree char *units = kh_test_data_path ("ui", "units.csv");

  kh_test_cli_ok ("new", path, NULL);
  kh_test_cli_ok ("import", path, "--units", units, NULL);
  for (int year = first_year; year <= last_year; year++)
    {
      const char *dir = year == 2021 ? "charts-view" : "ui";
      g_autofree char *y = g_strdup_printf ("%d", year);
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = kh_test_data_path (dir, fw_name);
      g_autofree char *data = kh_test_data_path (dir, data_name);

      kh_test_cli_ok ("import", path, "--year", y, "--framework", fw, NULL);
      kh_test_cli_ok ("import", path, "--year", y, data, NULL);
    }
}

gboolean
kh_test_window_loaded (gpointer window)
{
  return kh_window_get_document (window) != NULL && !kh_window_is_busy (window);
}

KhWindow *
kh_test_ui_open (KhApplication *app,
                 const char    *path,
                 int            width,
                 int            height,
                 guint          timeout_ms)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return kh_test_ui_open_file (app, file, width, height, timeout_ms);
}

KhWindow *
kh_test_ui_open_file (KhApplication *app,
                      GFile         *file,
                      int            width,
                      int            height,
                      guint          timeout_ms)
{
  KhWindow *window = kh_window_new (app);

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  kh_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, window, timeout_ms));
  return window;
}

GtkWidget *
kh_test_ui_show_page (KhWindow   *window,
                      const char *name)
{
  GtkWidget *page;

  kh_window_show_page (window, name);
  page = kh_window_get_page (window, name);
  g_assert_nonnull (page);
  kh_test_wait_for_widget (page);
  return page;
}

void
kh_test_ui_close (KhWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}
