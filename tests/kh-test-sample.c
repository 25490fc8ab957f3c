/* kh-test-sample.c — the window on a copy of the bundled sample, for widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-sample.h"
#include "kh-test-utils.h"

static KhApplication *app;
static char *tmp_dir;
static char *sample_path;

gboolean
kh_test_sample_init (int    *argc,
                     char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Any warning is a failure here (G_DEBUG=fatal-warnings). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  sample_path = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                  "jiangsu-sample.kaohe", NULL);
  tmp_dir = g_dir_make_tmp ("kh-ui-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* Recovery files and the user's sample copy go to the temporary folder. */
  g_setenv ("XDG_STATE_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  app = kh_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return g_file_test (sample_path, G_FILE_TEST_IS_REGULAR);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

void
kh_test_sample_shutdown (void)
{
  g_clear_object (&app);
  remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&sample_path, g_free);
}

KhApplication *
kh_test_sample_app (void)
{
  return app;
}

const char *
kh_test_sample_tmp_dir (void)
{
  return tmp_dir;
}

char *
kh_test_sample_copy (const char *name)
{
  g_autofree char *contents = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (sample_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static gboolean
has_document (gpointer data)
{
  return kh_window_get_document (data) != NULL && !kh_window_is_busy (data);
}

KhWindow *
kh_test_sample_open_path (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  KhWindow *window = kh_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  kh_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kh_test_wait_until (has_document, window, 30000));
  return window;
}

KhWindow *
kh_test_sample_open (const char *name)
{
  g_autofree char *path = kh_test_sample_copy (name);

  return kh_test_sample_open_path (path);
}

void
kh_test_sample_close (KhWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_spin (300);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
kh_test_spin (guint ms)
{
  kh_test_wait_until (never, NULL, ms);
}

GtkWidget *
kh_test_find_editable (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_EDITABLE_LABEL (child)
          && (text == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child)), text) == 0))
        return child;
      if ((found = kh_test_find_editable (child, text)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kh_test_find_label (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = kh_test_find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}
