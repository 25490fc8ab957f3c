/* kh-chart-export-dialog.h — "Export Chart…" for a chart widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-chart-widget.h"

G_BEGIN_DECLS

/* Asks where to export @self's chart (PDF, SVG or PNG by the name's extension) and at
 * which size preset, then exports it; failures are shown in a dialog. */
void kh_chart_export_dialog_show (KhChartWidget *self);

/* Writes the chart(s) of @owner to @path at @size (kh_charts_view_export()'s signature). */
typedef gboolean (*KhChartExportFunc) (gpointer     owner,
                                       const char  *path,
                                       KhChartSize  size,
                                       GError     **error);

/* The same dialog for what @owner (a widget, kept alive until the dialog closes) exports
 * through @export, e.g. the Charts page's small multiples; @type names the default file. */
void kh_chart_export_dialog_run  (GtkWidget         *owner,
                                  KhChartType        type,
                                  KhChartExportFunc  export);
/* The same, the file name offered being @name (e.g. the Robustness tab's). */
void kh_chart_export_dialog_run_named (GtkWidget         *owner,
                                       const char        *name,
                                       KhChartExportFunc  export);

G_END_DECLS
