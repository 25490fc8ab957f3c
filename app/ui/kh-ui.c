/* kh-ui.c — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kh-chart-widget.h"
#include "kh-ui.h"
#include "kh-window.h"

void
kh_ui_ensure_types (void)
{
  g_type_ensure (KH_TYPE_APPLICATION);
  g_type_ensure (KH_TYPE_CHART_WIDGET);
  g_type_ensure (KH_TYPE_WINDOW);
}
