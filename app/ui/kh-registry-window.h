/* kh-registry-window.h — the Framework page's Registry… window: each indicator's life across
 * the project's years as a timeline (admitted, kept, continued by another, retired)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_REGISTRY_WINDOW (kh_registry_window_get_type ())

G_DECLARE_FINAL_TYPE (KhRegistryWindow, kh_registry_window, KH, REGISTRY_WINDOW, GtkWindow)

/* A window over the category open in @document, transient for @parent. It follows the
 * document: an edit of the working framework (which stands for its year) shows again,
 * another category closes it. */
KhRegistryWindow *kh_registry_window_new       (KhDocument       *document,
                                                GtkWindow        *parent);

/* For tests: the timeline (a row per chain of indicators, a column per year), how many
 * chains it shows, and the filter entry (an id or name an indicator of the chain had). */
GtkGrid          *kh_registry_window_get_grid     (KhRegistryWindow *self);
guint             kh_registry_window_get_n_chains (KhRegistryWindow *self);
GtkEditable      *kh_registry_window_get_filter   (KhRegistryWindow *self);

G_END_DECLS
