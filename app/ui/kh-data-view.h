/* kh-data-view.h — the Data page: units × data fields of the chosen year and group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every data field of the framework (indicators read from data, variables, adjustment
 * and constraint inputs) is one column; a cell edits one value (validated as the table
 * reader validates numbers; empty clears it). Rows follow the dataset's order of units
 * (the project's official order, by id); every cell of a field shows the same decimals
 * (kh-data-grid.h). Keys work as in a spreadsheet (kh-data-grid-keys.c: type to replace,
 * Enter down, Tab right, Escape cancels; Ctrl+C and Ctrl+V as tab-separated values,
 * kh-data-grid-clipboard.c). Missing values show as “—” in their own
 * style; each cell's tooltip gives its provenance. Values flagged for confirmation
 * (kh-data-flags.h) are marked, listed in the Flagged popover and confirmed there. Emits
 * "message" for refused edits and the cells a paste left out.
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_DATA_VIEW (kh_data_view_get_type ())

G_DECLARE_FINAL_TYPE (KhDataView, kh_data_view, KH, DATA_VIEW, GtkWidget)

void        kh_data_view_set_document (KhDataView *self,
                                       KhDocument *document);
void        kh_data_view_set_group    (KhDataView *self,
                                       const char *group_id);
void        kh_data_view_set_search   (KhDataView *self,
                                       const char *text);
/* Units shown after filtering (for tests). */
guint       kh_data_view_get_n_rows   (KhDataView *self);
/* The unit shown in row @row (0: the first) after filtering, or NULL. Rows follow the
 * dataset's order, which is the project's official order of units (by id, as
 * kaohe-cli units and the registry list them), newly allocated. */
char       *kh_data_view_dup_row_unit (KhDataView *self,
                                       guint       row);
/* What the cell of @unit_id's @field shows: its value with the field's decimals
 * (kh-data-grid.h), "—" when missing (newly allocated). */
char       *kh_data_view_format_cell  (KhDataView *self,
                                       const char *unit_id,
                                       const char *field);
/* The value cell of @unit_id's @field when its row is shown (bound), or NULL. */
GtkWidget  *kh_data_view_get_cell     (KhDataView *self,
                                       const char *unit_id,
                                       const char *field);
/* Selects (focuses) that cell, scrolling the grid to it; FALSE when the unit is not shown
 * or the field is not a column. The grid's keys (kh-data-grid-keys.c) work on the
 * selected cell. */
gboolean    kh_data_view_select_cell  (KhDataView *self,
                                       const char *unit_id,
                                       const char *field);
/* Makes the selection a range from the selected cell to @unit_id's @field (NULL: one
 * cell again), as Shift+arrows do. */
void        kh_data_view_select_range (KhDataView *self,
                                       const char *unit_id,
                                       const char *field);
/* The selected cells as Ctrl+C puts them on the clipboard: tab-separated values, a line
 * per row, each cell as it shows (a missing value empty); NULL when no cell is selected. */
char       *kh_data_view_copy_text    (KhDataView *self);
/* Pastes @text (tab-separated values, kh_data_grid_parse_tsv) with its first cell at
 * @unit_id's @field, as Ctrl+V does with the clipboard's text: the cells that are numbers
 * (or "—" and empty: missing) within the grid go in as one import, one transaction and one
 * undo step; the others are left out and described in *refused_message (NULL when none).
 * FALSE, nothing stored, when the year is sealed or the store refuses. *n_changed (may be
 * NULL) receives the number of values changed. */
gboolean    kh_data_view_paste_text   (KhDataView *self,
                                       const char *unit_id,
                                       const char *field,
                                       const char *text,
                                       guint      *n_changed,
                                       char      **refused_message,
                                       GError    **error);
/* Clipboard reads of Ctrl+V not finished yet (for tests). */
guint       kh_data_view_get_pastes_pending (KhDataView *self);
/* The data fields shown as columns, in order (of char*). */
GPtrArray  *kh_data_view_get_fields   (KhDataView *self);
/* Validates and writes @text into the cell; the same path as typing into it. When another
 * writer changed the cell since it was shown, fails with KH_IO_ERROR_CONFLICT, the cell
 * showing the newer value, and asks (kh-conflict-dialog.c): keep theirs, or overwrite with
 * mine. */
gboolean    kh_data_view_edit_cell    (KhDataView *self,
                                       const char *unit_id,
                                       const char *field,
                                       const char *text,
                                       GError    **error);

/* The values of the year shown flagged for confirmation (of KhValueFlag*, see
 * io/kh-project-plausibility.h), as the Flagged popover lists them and the cells mark them. */
GPtrArray  *kh_data_view_get_flags    (KhDataView *self);
/* Confirms a flagged value (@confirmed) or takes its confirmation back, as the Flagged
 * popover's buttons do (kh_document_confirm_value: audited, one undo step). */
gboolean    kh_data_view_confirm_value (KhDataView *self,
                                        const char *unit_id,
                                        const char *field,
                                        gboolean    confirmed,
                                        GError    **error);

/* What each data provider delivered for the year shown and what each unit still owes,
 * as the Submissions popover shows it. */
char       *kh_data_view_get_submissions_text (KhDataView *self);
/* The same for @document's year open (kh-data-submissions.c). */
char       *kh_data_submissions_text  (KhDocument *document);
/* The data fields of @framework, in display order (of char*). */
GPtrArray  *kh_framework_data_fields  (KhFramework *framework);

G_END_DECLS
