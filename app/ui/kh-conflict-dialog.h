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

/* An AdwMessageDialog transient for @parent asking about @conflict: "Keep Theirs" is the
 * default and the close response (Enter and Escape keep the newer value); "Overwrite with
 * Mine" is marked destructive. Presented; @answer then @destroy (may be NULL) are called
 * with @user_data once it is answered or closed. */
GtkWidget *kh_conflict_dialog_present  (GtkWindow             *parent,
                                        const KhValueConflict *conflict,
                                        const char            *unit_name,
                                        const char            *field_name,
                                        gboolean               undo,
                                        KhConflictAnswer       answer,
                                        gpointer               user_data,
                                        GDestroyNotify         destroy);

G_END_DECLS
