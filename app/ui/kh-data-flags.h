/* kh-data-flags.h — the Data page's values flagged for confirmation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flags of the year open (io/kh-project-plausibility.h: outside a declared range, or
 * far from last year), read again when values, the framework or a confirmation change;
 * the Data page marks their cells and lists them in its Flagged popover, each with a
 * button that confirms it (or takes the confirmation back) through
 * kh_document_confirm_value() — audited, one undo step.
 */
#pragma once

#include <gtk/gtk.h>

#include "io/kh-project-plausibility.h"
#include "kh-document.h"

G_BEGIN_DECLS

typedef struct _KhDataFlags KhDataFlags;

KhDataFlags       *kh_data_flags_new        (void);
void               kh_data_flags_free       (KhDataFlags *self);
/* Reads the flags of @document's year and category open (none without a framework); FALSE with
 * @error when they cannot be read (then none are held). */
gboolean           kh_data_flags_load       (KhDataFlags *self,
                                             KhDocument  *document,
                                             GError     **error);
/* After the edit of one value of @field: reads again the flags of @field alone (one field
 * of two years, issue 22); the others cannot have changed. Holds then what
 * kh_data_flags_load() would. FALSE with @error (the flags held unchanged) when the
 * project cannot be read. */
gboolean           kh_data_flags_load_field (KhDataFlags *self,
                                             KhDocument  *document,
                                             const char  *field,
                                             GError     **error);
/* The flag of @unit_id's @field, or NULL. */
const KhValueFlag *kh_data_flags_lookup     (KhDataFlags *self,
                                             const char  *unit_id,
                                             const char  *field);
/* Every flag held (of KhValueFlag*, by category, field and unit id). */
GPtrArray         *kh_data_flags_get_all    (KhDataFlags *self);
guint              kh_data_flags_get_n_open (KhDataFlags *self);
/* Why @flag is raised and, when confirmed, by whom and when: a cell's tooltip line. */
char              *kh_data_flags_describe   (const KhValueFlag *flag);
/* Fills @list with a row per flag — the unit's name, the field's name (from @fw), the
 * value and why — and a button named "kh-flag-confirm" (Confirm) or "kh-flag-unconfirm"
 * (Take Back) carrying the unit ("kh-unit") and field ("kh-field"); @clicked is connected
 * to each button with @data. The buttons are insensitive unless @writable (a read-only
 * document: a viewer's login or a sealed year, issue 19). */
void               kh_data_flags_fill_list  (KhDataFlags *self,
                                             KhFramework *fw,
                                             GtkListBox  *list,
                                             gboolean     writable,
                                             GCallback    clicked,
                                             gpointer     data);

G_END_DECLS
