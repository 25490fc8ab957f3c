/* kh-ui-window.c — set-up shared by the ui's small windows and their tables
 * (see kh-ui-window.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-ui-window.h"

GtkWidget *
kh_ui_window_set_up (GtkWindow  *window,
                     GtkWindow  *parent,
                     const char *title,
                     int         width,
                     int         height)
{
  GtkEventController *keys;
  GtkWidget *box;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  gtk_window_set_title (window, title);
  gtk_window_set_modal (window, TRUE);
  gtk_window_set_transient_for (window, parent);
  gtk_window_set_destroy_with_parent (window, TRUE);
  gtk_window_set_default_size (window, width, height);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_window_set_child (window, box);

  keys = GTK_EVENT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  return box;
}

GtkWidget *
kh_ui_window_add_cancel_apply (GtkBox   *box,
                               GCallback cancel_cb,
                               GCallback apply_cb,
                               gpointer  data)
{
  GtkWidget *button;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (button, "cancel");
  g_signal_connect (button, "clicked", cancel_cb, data);
  gtk_box_append (box, button);
  button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_set_name (button, "apply");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", apply_cb, data);
  gtk_box_append (box, button);
  return button;
}

GtkWidget *
kh_ui_grid_label (GtkGrid    *grid,
                  const char *text,
                  int         column,
                  int         row,
                  float       xalign)
{
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_GRID (grid), NULL);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  else if (xalign == 1.0f)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

void
kh_ui_grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_GRID (grid));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}
