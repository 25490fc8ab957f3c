/* kh-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-window.h"

struct _KhApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (KhApplication, kh_application, ADW_TYPE_APPLICATION)

static KhWindow *
get_or_create_window (KhApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (kh_window_new (self));
  return KH_WINDOW (window);
}

static void
kh_application_activate (GApplication *app)
{
  KhWindow *window = get_or_create_window (KH_APPLICATION (app));

  /* `kaohe` with no argument: the user's copy of the bundled sample project. */
  if (kh_window_get_document (window) == NULL && !kh_window_is_busy (window))
    kh_window_open_sample (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
kh_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      KhWindow *window = get_or_create_window (KH_APPLICATION (app));

      kh_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  KhApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Kaohe developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Kaohe"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Kaohe developers"),
                        "version", PACKAGE_VERSION,
                        "comments",
                        _("Comprehensive assessment of cities, agencies, universities and "
                          "counties: indicator frameworks, scores, ranks, tiers and year-over-year "
                          "rank changes.\n\nThe bundled sample project is demonstration data. Only three "
                          "kinds of figures in it are taken from publications: the cities’ 2020 GDP "
                          "(their 2020 statistical bulletins), their resident population in the 2020 "
                          "census and the province’s annual mean PM2.5 of 2018–2020 (its "
                          "environmental bulletins). Every other value is invented for "
                          "illustration, and no score, rank or tier in it is an official result."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing each window lets it save its state first and ask about unsaved edits (Save
   * / Discard / Cancel); the application ends with its last window, so a cancelled
   * close keeps it running. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action_cb },
  { .name = "quit", .activate = quit_action_cb },
};

static void
kh_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *print_accels[] = { "<Control>p", NULL };
  static const char *undo_accels[] = { "<Control>z", NULL };
  static const char *redo_accels[] = { "<Control><Shift>z", NULL };
  static const char *template_accels[] = { "<Control><Shift>t", NULL };

  G_APPLICATION_CLASS (kh_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.print", print_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo", undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.redo", redo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.data-template",
                                         template_accels);
}

static void
kh_application_class_init (KhApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = kh_application_activate;
  app_class->open = kh_application_open;
  app_class->startup = kh_application_startup;
}

static void
kh_application_init (KhApplication *self)
{
}

KhApplication *
kh_application_new (void)
{
  return g_object_new (KH_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/kaohe/Kaohe",
                       NULL);
}
