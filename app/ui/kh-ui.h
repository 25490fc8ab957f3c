/* kh-ui.h — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

/* The script of the data names (frameworks' and units' names) for a reader of
 * @languages, a NULL-terminated list in order of preference as g_get_language_names()
 * gives it: the first Chinese or English entry decides (the ui has no other catalogues,
 * so gettext too passes over the others); Chinese of Taiwan, Hong Kong, Macau or in
 * traditional characters (zh_TW, zh_HK, zh_MO, zh_Hant…) reads KH_LANG_ZH_TW, any other
 * Chinese KH_LANG_ZH_CN, English KH_LANG_EN, and a list with neither (C, POSIX, another
 * language only) KH_LANG_EN as well, where kh_text_get() gives the Chinese name of a
 * name without an English form. */
KhLang kh_ui_lang_for_languages (const char *const *languages);
/* kh_ui_lang_for_languages (g_get_language_names ()): read again on each call. */
KhLang kh_ui_get_lang           (void);

/* Registers every widget type that a GtkBuilder file of resources/ui/ may name. */
void kh_ui_ensure_types (void);

/* Sets the tooltip @widget shows (NULL: none) without gtk_widget_set_tooltip_text(),
 * which asks the display server where the pointer is on every call: list cells set it
 * on every bind. */
void kh_widget_set_lazy_tooltip (gpointer    widget,
                                 const char *text);

/* While a list cell is bound to @item, calls @changed_cb (with @user_data) on the item's
 * "changed" signal; kh_ui_cell_unwatch() stops that when the cell is unbound. */
void kh_ui_cell_watch   (gpointer    cell,
                         gpointer    item,
                         GCallback   changed_cb,
                         gpointer    user_data);
void kh_ui_cell_unwatch (gpointer    cell);

G_END_DECLS
