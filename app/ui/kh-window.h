/* kh-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "charts/kh-watermark.h"
#include "kh-application.h"
#include "kh-document.h"
#include "kh-import-dialog.h"

G_BEGIN_DECLS

#define KH_TYPE_WINDOW (kh_window_get_type ())

G_DECLARE_FINAL_TYPE (KhWindow, kh_window, KH, WINDOW, AdwApplicationWindow)

KhWindow       *kh_window_new          (KhApplication *application);
/* Opens a project (.kaohe) on a worker thread, or imports a data file (.csv, .xlsx)
 * or a framework (.xml) into the open project. */
void            kh_window_open_file    (KhWindow      *self,
                                        GFile         *file);
/* Opens a project on a server (issue 19): a `postgresql://…` or `postgres://…` URI or a
 * `service=…` name, as kaohe-cli takes them (kh_db_target_is_server()), on a worker
 * thread; the window names it by kh_window_target_name(), never with its password. A
 * file's path opens as kh_window_open_file() opens it. */
void            kh_window_open_target  (KhWindow      *self,
                                        const char    *target);
/* What the window calls a project: a file's name, or a server's URI without its password
 * (kh_db_name()) — for the title, messages and the recovery of unsaved edits. */
char           *kh_window_target_name  (const char    *target);
/* Opens the user's copy of the bundled sample project, copying it on first run.
 * FALSE when no sample is installed (the empty state then says so). */
gboolean        kh_window_open_sample  (KhWindow      *self);
/* Where the bundled sample is looked for: $KAOHE_SAMPLE, the build tree, PKGDATADIR.
 * NULL when none exists. */
char           *kh_window_find_sample  (void);

KhDocument     *kh_window_get_document (KhWindow      *self);
void            kh_window_set_document (KhWindow      *self,
                                        KhDocument    *document);
gboolean        kh_window_is_busy      (KhWindow      *self);
/* While a project just opened computes its first year: the text beside the spinner shown
 * where the results will be (e.g. "Computing the results of 2020…"); else NULL. */
const char     *kh_window_get_loading  (KhWindow      *self);
/* Whether that first year's load waits for the frame showing the spinner to be painted
 * (issue 22): it starts at the next frame, on a worker. */
gboolean        kh_window_is_first_load_pending (KhWindow *self);
/* How long at most that load waits for a frame (a window mapped but not drawn), in ms;
 * 2,000 unless set. Tests whose assertions rest on the frame set a longer wait, so that a
 * stalled machine cannot start the load by the clock. */
void            kh_window_set_first_load_latest (KhWindow *self,
                                                 guint     ms);
/* The header's subtitle: the name of the project open (kh_window_target_name()), or NULL. */
const char     *kh_window_get_subtitle (KhWindow      *self);
/* The banner's text while it shows (a sealed year, the sample, a server's read-only
 * login), else NULL. */
const char     *kh_window_get_banner   (KhWindow      *self);
/* Shows the page named framework, data, results, charts or reports. */
void            kh_window_show_page    (KhWindow      *self,
                                        const char    *name);
/* The page widget named so (a KhFrameworkEditor, KhDataView, KhResultsView, KhChartsView,
 * KhSurveysView, or the Reports page), built now if it was not yet: the pages but Results
 * and Reports are built when first shown or asked for (issue 22). */
GtkWidget      *kh_window_get_page     (KhWindow      *self,
                                        const char    *name);
/* Whether the page named so is built yet (issue 22). */
gboolean        kh_window_is_page_built (KhWindow     *self,
                                         const char   *name);
/* The message dialog the window shows (Save / Discard / Cancel on unsaved edits, the
 * offer to restore a recovery), or NULL. */
AdwMessageDialog *kh_window_get_dialog (KhWindow *self);
/* The mark on the charts and printed pages of what the window shows: DRAFT while the
 * framework has unsaved edits or problems, DEMONSTRATION DATA on the bundled sample. */
KhWatermark     kh_window_get_watermark (KhWindow *self);
/* The draft banner's text while it shows (Results, Charts and Reports of a framework with
 * unsaved edits or problems), else NULL. */
const char     *kh_window_get_draft_banner (KhWindow *self);
/* Opens the import preview for @file (NULL when no year is open). */
KhImportDialog *kh_window_import_file  (KhWindow      *self,
                                        GFile         *file);
/* Writes @provider's data template of the open year (NULL: every field) to @file on a
 * worker thread, with the window's progress; a toast says how it went. */
void            kh_window_write_template (KhWindow    *self,
                                          const char  *provider,
                                          GFile       *file);

G_END_DECLS
