/* test-window.c — the main window, driven under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-window.h"

static KhApplication *app;

static KhWindow *
activate_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KH_IS_WINDOW (window));
  return KH_WINDOW (window);
}

static void
test_window_basics (void)
{
  KhWindow *window = activate_window ();
  g_autofree char *path = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  const char *const *accels;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kaohe");

  /* The primary menu's actions exist and carry the documented shortcuts. */
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "quit"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "about"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  accels = (const char *const *) gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");
  g_strfreev ((char **) accels);
  accels = (const char *const *) gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        "win.open");
  g_assert_cmpstr (accels[0], ==, "<Control>o");
  g_strfreev ((char **) accels);

  /* Close the shortcuts window the action opened, then look at the main window. */
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (GTK_IS_SHORTCUTS_WINDOW (l->data))
      gtk_window_destroy (l->data);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  kh_test_wait_for_widget (GTK_WIDGET (window));
  path = kh_test_save_png (GTK_WIDGET (window), "window-empty.png");

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 1200);
}

static void
test_window_remembers_size (void)
{
  KhWindow *window = activate_window ();
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window starts at the remembered size. */
  window = activate_window ();
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1000);
    g_assert_cmpint (height, ==, 700);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;
  g_autofree char *data_home = g_dir_make_tmp ("kh-test-window-XXXXXX", NULL);

  /* The empty state: no sample project, and nothing written into the real home. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/ui/window/basics", test_window_basics);
  g_test_add_func ("/ui/window/remembers-size", test_window_remembers_size);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
