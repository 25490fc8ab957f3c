/* kh-test-utils.c — helpers for widget tests under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kh-test-utils.h"

typedef struct
{
  gboolean done;
} TimeoutData;

static gboolean
timeout_cb (gpointer user_data)
{
  TimeoutData *data = user_data;

  data->done = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kh_test_wait_until (gboolean (*condition) (gpointer data),
                    gpointer  data,
                    guint     timeout_ms)
{
  TimeoutData timeout = { FALSE };
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timeout);

  while (!condition (data) && !timeout.done)
    g_main_context_iteration (NULL, TRUE);

  if (!timeout.done)
    g_source_remove (id);
  return condition (data);
}

static gboolean
widget_ready (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0
         && gtk_widget_get_height (widget) > 0;
}

typedef struct
{
  GtkWidget *widget;
  int frames;
} FrameCount;

/* Counts painted frames and asks for the next one, so that an idle window still
 * produces the frames we wait for. */
static void
frame_done_cb (GdkFrameClock *clock,
               gpointer       user_data)
{
  FrameCount *count = user_data;

  count->frames++;
  if (count->frames < 3)
    gtk_widget_queue_draw (count->widget);
}

static gboolean
frames_seen (gpointer data)
{
  return ((FrameCount *) data)->frames >= 3;
}

void
kh_test_wait_for_widget (GtkWidget *widget)
{
  GdkFrameClock *clock;
  FrameCount count = { widget, 0 };
  gulong handler;

  /* No CSS transitions or widget animations: a picture shows the settled state, not a
   * moment of a fade (a page switch would otherwise show two buttons half checked). */
  g_object_set (gtk_widget_get_settings (widget), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (kh_test_wait_until (widget_ready, widget, 10000));

  /* A few complete frames so that layout, styles and fonts have settled. */
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_done_cb), &count);
  gtk_widget_queue_draw (widget);
  kh_test_wait_until (frames_seen, &count, 2000);
  g_signal_handler_disconnect (clock, handler);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

char *
kh_test_save_png (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  const char *dir = g_getenv ("KH_SCREENSHOT_DIR");
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  char *path;
  int width, height;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
  return path;
}

gboolean
kh_test_activate_shortcut (GtkWidget      *widget,
                           guint           keyval,
                           GdkModifierType modifiers)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

GtkWidget *
kh_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kh_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
