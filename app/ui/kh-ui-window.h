/* kh-ui-window.h — set-up shared by the ui's small windows and their tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Makes @window a modal window of @parent (NULL: none) titled @title, @width × @height
 * by default and destroyed with its parent, that Escape closes ("window.close"); its
 * child is a vertical box (spacing 12, margins 18), which is returned for the window's
 * content. */
GtkWidget *kh_ui_window_set_up (GtkWindow  *window,
                                GtkWindow  *parent,
                                const char *title,
                                int         width,
                                int         height);

/* Appends to @box a "_Cancel" button (named "cancel") and a suggested "_Apply" one (named
 * "apply"), whose "clicked" call @cancel_cb and @apply_cb with @data; returns Apply. */
GtkWidget *kh_ui_window_add_cancel_apply (GtkBox   *box,
                                          GCallback cancel_cb,
                                          GCallback apply_cb,
                                          gpointer  data);

/* A label of @text at (@column, @row) of @grid, aligned by @xalign: in row 0 a heading,
 * below it a right-aligned one (1.0) numeric. */
GtkWidget *kh_ui_grid_label (GtkGrid    *grid,
                             const char *text,
                             int         column,
                             int         row,
                             float       xalign);

/* Removes every child of @grid. */
void       kh_ui_grid_clear (GtkGrid    *grid);

G_END_DECLS
