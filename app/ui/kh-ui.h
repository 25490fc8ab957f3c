/* kh-ui.h — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers every widget type that a GtkBuilder file of resources/ui/ may name. */
void kh_ui_ensure_types (void);

/* Sets the tooltip @widget shows (NULL: none) without gtk_widget_set_tooltip_text(),
 * which asks the display server where the pointer is on every call: list cells set it
 * on every bind. */
void kh_widget_set_lazy_tooltip (gpointer    widget,
                                 const char *text);

G_END_DECLS
