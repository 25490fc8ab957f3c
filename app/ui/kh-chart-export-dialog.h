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

G_END_DECLS
