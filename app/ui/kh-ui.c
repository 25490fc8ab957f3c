/* kh-ui.c — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kh-chart-widget.h"
#include "kh-charts-view.h"
#include "kh-data-view.h"
#include "kh-framework-editor.h"
#include "kh-import-dialog.h"
#include "kh-results-view.h"
#include "kh-ui.h"
#include "kh-window.h"

void
kh_ui_ensure_types (void)
{
  g_type_ensure (KH_TYPE_APPLICATION);
  g_type_ensure (KH_TYPE_CHART_WIDGET);
  g_type_ensure (KH_TYPE_WINDOW);
  g_type_ensure (KH_TYPE_FRAMEWORK_EDITOR);
  g_type_ensure (KH_TYPE_DATA_VIEW);
  g_type_ensure (KH_TYPE_RESULTS_VIEW);
  g_type_ensure (KH_TYPE_CHARTS_VIEW);
  g_type_ensure (KH_TYPE_IMPORT_DIALOG);
}
