/* kh-report-project.h — a report's data read from a project file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one report file that reads a project: it is built as its own library
 * (kh_report_project_dep, with io) so that the layouts stay free of the io layer.
 * kaohe-cli report and the window's Reports page both call it.
 */
#pragma once

#include <glib.h>

#include "io/kh-project.h"
#include "kh-report-data.h"

G_BEGIN_DECLS

/* Computes @year and every year of the project from @first_year (0: the project's first
 * year) up to it, and fills the project's name, id (the first 12 hex digits of its first
 * audit row's hash), the audit chain head and the generation date. Fails when @year has
 * no framework or the audit chain does not verify. */
KhReportData *kh_report_data_load (KhProject *project,
                                   int        year,
                                   int        first_year,
                                   GError   **error);

G_END_DECLS
