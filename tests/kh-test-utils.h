/* kh-test-utils.h — helpers for widget tests under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Spins the main context until @widget is mapped, allocated and has drawn a frame. */
void  kh_test_wait_for_widget (GtkWidget  *widget);

/* Spins the main context until @condition returns TRUE or @timeout_ms passes. */
gboolean kh_test_wait_until   (gboolean  (*condition) (gpointer data),
                               gpointer     data,
                               guint        timeout_ms);

/* Renders what @widget shows to $KH_SCREENSHOT_DIR/@name (a PNG) and returns the path.
 * The picture is the widget's own snapshot rendered by its native's renderer. */
char *kh_test_save_png        (GtkWidget  *widget,
                               const char *name);

/* Runs what a shortcut of @widget's own shortcut controllers for @keyval with exactly
 * @modifiers does (as GTK does for a key press that reaches @widget), returning whether
 * it handled the key; FALSE when @widget has no such shortcut. */
gboolean kh_test_activate_shortcut (GtkWidget      *widget,
                                    guint           keyval,
                                    GdkModifierType modifiers);

/* The first descendant of @widget (itself included) of @type, depth first, or NULL. */
GtkWidget *kh_test_find_descendant (GtkWidget *widget,
                                    GType      type);

G_END_DECLS
