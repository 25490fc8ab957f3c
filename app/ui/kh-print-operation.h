/* kh-print-operation.h — printing a report, with preview, through GtkPrintOperation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * begin-print lays the report out again on the chosen paper (the page count is known
 * before the first page is drawn), draw-page calls kh_report_draw_page(): the very code
 * that writes the PDF of `kaohe-cli report`. Page setup and print settings are kept
 * between runs in $XDG_CONFIG_HOME/kaohe/print.ini.
 *
 * The Reports page calls kh_print_operation_run_for_projects(), or builds a KhReport
 * itself and calls kh_print_operation_new() + kh_print_operation_run().
 */
#pragma once

#include <gtk/gtk.h>

#include "io/kh-project.h"
#include "report/kh-report.h"

G_BEGIN_DECLS

#define KH_TYPE_PRINT_OPERATION (kh_print_operation_get_type ())

G_DECLARE_FINAL_TYPE (KhPrintOperation, kh_print_operation, KH, PRINT_OPERATION, GtkPrintOperation)

/* Takes ownership of @report. */
KhPrintOperation *kh_print_operation_new      (KhReport          *report);
KhReport         *kh_print_operation_get_report (KhPrintOperation *self);

/* Shows the print dialog (or, with @preview, the preview) over @parent; the settings
 * chosen are saved when the user prints. */
void              kh_print_operation_run      (KhPrintOperation  *self,
                                               GtkWindow         *parent,
                                               gboolean           preview);

/* Builds the report of @year (history from @first_year, 0: all) from the projects, with
 * the aggregates of every satisfaction survey that has answers (kh_report_data_add_surveys),
 * and runs it. FALSE, with the reason, when the report cannot be made. */
gboolean          kh_print_operation_run_for_projects (GtkWindow             *parent,
                                                       KhProject            **projects,
                                                       guint                  n_projects,
                                                       int                    year,
                                                       int                    first_year,
                                                       const KhReportOptions *options,
                                                       gboolean               preview,
                                                       GError               **error);

/* Where settings are kept; tests point XDG_CONFIG_HOME elsewhere. */
char             *kh_print_operation_settings_path (void);
/* Loads saved settings and page setup into @self (A4 in the report's orientation when
 * nothing is saved); saves them. */
void              kh_print_operation_load_settings (KhPrintOperation *self);
gboolean          kh_print_operation_save_settings (KhPrintOperation *self,
                                                    GError          **error);

G_END_DECLS
