/* kh-import-dialog.h — importing a CSV or XLSX data file, with a preview first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read and checked on a worker thread (cancellable); the preview shows the
 * detected encoding and layout, the matched and unmatched units and fields, and every
 * problem with its row and column. Nothing is written until "import.commit", which
 * imports all values in one transaction or none, or "import.partial", which imports the
 * valid rows and saves the others, with their problems, to an error file.
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_IMPORT_DIALOG (kh_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhImportDialog, kh_import_dialog, KH, IMPORT_DIALOG, AdwWindow)

KhImportDialog *kh_import_dialog_new          (GtkWindow      *parent,
                                               KhDocument     *document,
                                               GFile          *file);
gboolean        kh_import_dialog_is_loaded    (KhImportDialog *self);
/* Problems found, one message each (row and column named). */
GPtrArray      *kh_import_dialog_get_problems (KhImportDialog *self);
gboolean        kh_import_dialog_can_commit   (KhImportDialog *self);
/* Writes the values; on success the dialog closes. */
gboolean        kh_import_dialog_commit       (KhImportDialog *self,
                                               GError        **error);

/* TRUE when the file has problems but some rows are valid (the partial import). */
gboolean        kh_import_dialog_can_commit_partial (KhImportDialog *self);
/* Sets aside every row with a problem (the reading's and the project's), writes them to
 * @error_file with their problems (kh_table_write_rejected(): XLSX for .xlsx, else CSV)
 * and imports the other rows as one undo step; on success the dialog closes. Nothing is
 * stored when the error file cannot be written. */
gboolean        kh_import_dialog_commit_partial (KhImportDialog *self,
                                                 GFile          *error_file,
                                                 GError        **error);

/* How many stored values the import changes (once loaded without problems). */
guint           kh_import_dialog_get_n_changes (KhImportDialog *self);

G_END_DECLS
