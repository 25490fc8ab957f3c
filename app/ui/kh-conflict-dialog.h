/* kh-conflict-dialog.h — the question an edit asks when another writer changed its cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "io/kh-project.h"

G_BEGIN_DECLS

/* The dialog's text for @conflict (issue 19): the cell (@unit_name and @field_name, the
 * names the reader sees, NULL: the ids; and the year), the value the edit was based on,
 * the newer value with who stored it and when (local time), the value wanted. @undo: the
 * edit is an undo or a redo. */
char      *kh_conflict_dialog_describe (const KhValueConflict *conflict,
                                        const char            *unit_name,
                                        const char            *field_name,
                                        gboolean               undo);

/* @answer is called once with TRUE to overwrite the newer value with the wanted one, FALSE
 * to keep the newer value (the document already shows it). */
typedef void (*KhConflictAnswer) (gboolean overwrite,
                                  gpointer user_data);

/* The conflicting cells of one step (an import's, a paste's), one line each: the cell,
 * the value the step left (@undo) or the edit saw, the newer value with who and when, the
 * value wanted. @unit_names, @field_names: per cell (may be NULL, or hold NULL: the ids). */
char      *kh_conflict_dialog_describe_cells (GPtrArray         *conflicts,
                                              const char *const *unit_names,
                                              const char *const *field_names,
                                              gboolean           undo);

/* An AdwMessageDialog transient for @parent asking about @conflicts (one step's, at least
 * one): one cell as kh_conflict_dialog_describe() says it, several as a count in the body
 * and every cell below it, kh_conflict_dialog_describe_cells() in a scrolled label named
 * "conflict-cells". "Keep Theirs" is the default and the close response (Enter and Escape
 * keep the newer values); "Overwrite with Mine" is marked destructive. @answer then
 * @destroy (may be NULL) are called with @user_data once it is answered.
 *
 * One question at a time per @parent (issue 19): while another is open, this one waits
 * (NULL is returned) and is presented when those asked before it are answered, in the
 * order asked; an answer that asks again (an overwrite conflicting anew) is presented
 * first. A destroyed @parent drops what waits (@destroy called, @answer not). */
GtkWidget *kh_conflict_dialog_present_cells (GtkWindow         *parent,
                                             GPtrArray         *conflicts,
                                             const char *const *unit_names,
                                             const char *const *field_names,
                                             gboolean           undo,
                                             KhConflictAnswer   answer,
                                             gpointer           user_data,
                                             GDestroyNotify     destroy);

/* How many questions wait behind the one open on @parent. */
guint      kh_conflict_dialog_get_n_waiting (GtkWindow *parent);

/* kh_conflict_dialog_present_cells() of one cell. */
GtkWidget *kh_conflict_dialog_present  (GtkWindow             *parent,
                                        const KhValueConflict *conflict,
                                        const char            *unit_name,
                                        const char            *field_name,
                                        gboolean               undo,
                                        KhConflictAnswer       answer,
                                        gpointer               user_data,
                                        GDestroyNotify         destroy);

G_END_DECLS
