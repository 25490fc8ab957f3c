/* kh-ui.h — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

/* The script of the data names for the process's languages: kh_lang_for_languages
 * (g_get_language_names ()), read again on each call. */
KhLang kh_ui_get_lang           (void);

/* "Cities", "Agencies", … for a category id (the id itself when unknown). */
const char *kh_ui_category_label (const char *category);

/* @node's name in the language of kh_ui_get_lang(), else its id. */
const char *kh_ui_node_name (const KhNode *node);

/* Registers every widget type that a GtkBuilder file of resources/ui/ may name. */
void kh_ui_ensure_types (void);

/* Sets the tooltip @widget shows (NULL: none) without gtk_widget_set_tooltip_text(),
 * which asks the display server where the pointer is on every call: list cells set it
 * on every bind. */
void kh_widget_set_lazy_tooltip (gpointer    widget,
                                 const char *text);

/* While a list cell is bound to @item, calls @changed_cb (@item, @cell) on the item's
 * "changed" signal; kh_ui_cell_unwatch() stops that when the cell is unbound, and it
 * stops by itself when the cell is finalized. The callback gets the cell, never the
 * GtkListItem: a cell may outlive its list item for a moment (see below). */
void kh_ui_cell_watch   (gpointer    cell,
                         gpointer    item,
                         GCallback   changed_cb);
void kh_ui_cell_unwatch (gpointer    cell);
/* The item @cell watches, or NULL. */
gpointer kh_ui_cell_get_watched (gpointer cell);

/* Editable cells of list and column views, safe whatever happens to their row.
 *
 * A GtkEditableLabel recycled for another row, or dropped, while it is being edited or
 * just after its focus left (GTK 4.8 stops editing 100 ms after a focus-out, through a
 * timer that does not hold the label) is what crashed the Framework and Data pages.
 * Such a cell:
 *  - stays alive until that timer has run (it holds itself after each focus-out);
 *  - records, when editing starts, what it edits (@target, an id, and @epoch, which the
 *    owner changes whenever the same ids may name other things, e.g. another year);
 *  - commits, when editing stops with changed text (Return, focus moving away, the cell
 *    hidden, the row unbound or rebound to another target), from an idle callback:
 *    @commit (@owner, @cell, @target, @epoch, @text) — the owner checks that the target
 *    still exists and refuses the edit with a message otherwise;
 *  - never commits to the row it shows after being recycled;
 *  - takes back what is typed on Ctrl+Z (see kh_ui_edit_cells_abandon; the cell's own
 *    shortcut when the window's Undo is off).
 * @owner is held weakly: a commit after it is gone is dropped. @empty_text is what the
 * cell shows for "no value" ("—"); editing such a cell starts from an empty text. */
typedef void (*KhCellCommitFunc) (gpointer    owner,
                                  GtkWidget  *cell,
                                  const char *target,
                                  guint       epoch,
                                  const char *text);

GtkWidget  *kh_ui_edit_cell_new        (gpointer          owner,
                                        KhCellCommitFunc  commit,
                                        const char       *empty_text);
/* Shows @text for @target. A cell being edited for the same target keeps what is typed;
 * for another target it commits first. */
void        kh_ui_edit_cell_bind       (GtkWidget        *cell,
                                        const char       *target,
                                        guint             epoch,
                                        const char       *text,
                                        gboolean          editable);
/* The row goes away: an edit in progress is committed (to its own target). */
void        kh_ui_edit_cell_unbind     (GtkWidget        *cell);
/* Ends every edit in progress in the cells under @root, committing what is typed, and
 * runs the commits waiting for their idle (of every cell) now: called before what
 * replaces what cells show (another year, category or group). */
void        kh_ui_edit_cells_finish    (GtkWidget        *root);
/* Undo (or redo) pressed while a cell is edited: first runs the commits of edits that
 * already ended, then ends every edit in progress under @root without committing it (the
 * cell shows its target's value again). Returns TRUE when one of them had text typed
 * (different from the value), which the undo then only drops. */
gboolean    kh_ui_edit_cells_abandon   (GtkWidget        *root);
/* The target shown, or NULL while unbound. */
const char *kh_ui_edit_cell_get_target (GtkWidget        *cell);
/* Starts editing (selects the text), as a click does. */
void        kh_ui_edit_cell_start      (GtkWidget        *cell);

/* A score with two decimals, "—" when it is NaN (newly allocated). */
char      *kh_ui_format_score                (double         value);

/* User text (names, file names, messages that quote them) is never Pango markup. In
 * libadwaita 1.2 these are markup, so they take plain text through these: */
/* An AdwToast whose title is @text as written. */
AdwToast  *kh_ui_toast_new                   (const char    *text);
/* An AdwPreferencesGroup titled @title, described by @description (NULL: none). */
GtkWidget *kh_ui_group_new                   (const char    *title,
                                              const char    *description);
/* Title and subtitle of an AdwPreferencesRow (and AdwActionRow…) shown as written. */
void       kh_ui_row_set_plain               (gpointer       row);
/* The description of an AdwStatusPage as written. */
void       kh_ui_status_page_set_description (AdwStatusPage *page,
                                              const char    *text);

G_END_DECLS
