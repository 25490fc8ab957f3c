/* kh-ui.h — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers every widget type that a GtkBuilder file of resources/ui/ may name. */
void kh_ui_ensure_types (void);

G_END_DECLS
