/* test-ui-files.c — every GtkBuilder template builds against its real class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gtk4-builder-tool cannot resolve libadwaita parents or our own classes, so templates are
 * checked here: each .ui file in resources/ui/ names its class, which is instantiated (applying the
 * template) with criticals fatal. Unknown properties, signals, children or object types in a
 * template abort the test.
 */
#include "config.h"

#include <adwaita.h>

#include "ui/kh-application.h"
#include "ui/kh-ui.h"

static char *
template_class (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) regex = g_regex_new ("<template class=\"([A-Za-z0-9_]+)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

static void
test_ui_templates (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "resources", "ui", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr (KhApplication) app = kh_application_new ();
  const char *name;
  guint checked = 0;

  g_assert_nonnull (listing);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *class_name = NULL;
      GType type;
      GObject *object;

      if (!g_str_has_suffix (name, ".ui"))
        continue;

      path = g_build_filename (dir, name, NULL);
      class_name = template_class (path);
      if (class_name == NULL)
        {
          /* A page built when first shown (kh-window-reports.ui, issue 22): plain objects,
           * each made here as the window makes them. */
          g_autoptr (GtkBuilder) builder = gtk_builder_new ();
          g_autoptr (GError) error = NULL;
          g_autoptr (GSList) objects = NULL;

          g_assert_true (gtk_builder_add_from_file (builder, path, &error));
          g_assert_no_error (error);
          objects = gtk_builder_get_objects (builder);
          g_test_message ("%s: %u objects", name, g_slist_length (objects));
          g_assert_nonnull (objects);
          checked++;
          continue;
        }
      type = g_type_from_name (class_name);
      if (type == G_TYPE_INVALID)
        g_error ("%s: class %s is not registered by kh_ui_ensure_types()", name, class_name);

      g_test_message ("%s: %s", name, class_name);
      if (g_type_is_a (type, GTK_TYPE_APPLICATION_WINDOW))
        object = g_object_new (type, "application", app, NULL);
      else
        object = g_object_ref_sink (g_object_new (type, NULL));
      if (GTK_IS_WINDOW (object))
        gtk_window_destroy (GTK_WINDOW (object));
      else
        g_object_unref (object);
      checked++;
    }

  g_assert_cmpuint (checked, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  kh_ui_ensure_types ();

  g_test_add_func ("/ui/files/templates", test_ui_templates);

  return g_test_run ();
}
