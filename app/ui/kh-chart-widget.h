/* kh-chart-widget.h — any chart as a widget: hover, click, keyboard, accessibility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the chart through its snapshot's cairo node (so HiDPI scaling is GTK's), in the
 * light or dark palette following AdwStyleManager. Hovering a unit highlights it and
 * shows a tooltip (name, rank, score, change); clicking it selects it and emits
 * "unit-activated"; with keyboard focus the arrow keys move the selection along the
 * chart's order and Enter (or Space) activates it. The accessible label is the chart's
 * title and the description summarises what it shows and what is selected.
 *
 * The Charts view needs a few lines:
 *   GtkWidget *chart = kh_chart_widget_new ();
 *   kh_chart_widget_set_data (KH_CHART_WIDGET (chart), data);   (takes ownership)
 *   kh_chart_widget_set_chart_type (KH_CHART_WIDGET (chart), KH_CHART_SLOPE);
 *   g_signal_connect (chart, "unit-activated", G_CALLBACK (select_in_results_cb), self);
 * and "chart.export" (an action of the widget) saves it as PNG, SVG or PDF.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/kh-chart.h"

G_BEGIN_DECLS

#define KH_TYPE_CHART_WIDGET (kh_chart_widget_get_type ())
G_DECLARE_FINAL_TYPE (KhChartWidget, kh_chart_widget, KH, CHART_WIDGET, GtkWidget)

GtkWidget           *kh_chart_widget_new            (void);

/* Takes ownership of @data (NULL: an empty chart). Keeps the selection when the unit is
 * still there. */
void                 kh_chart_widget_set_data       (KhChartWidget *self,
                                                     KhChartData   *data);
const KhChartData   *kh_chart_widget_get_data       (KhChartWidget *self);
/* Draws @mark across the chart, on screen and in exports. */
void                 kh_chart_widget_set_watermark  (KhChartWidget *self,
                                                     KhWatermark    mark);
KhWatermark          kh_chart_widget_get_watermark  (KhChartWidget *self);
void                 kh_chart_widget_set_chart_type (KhChartWidget *self,
                                                     KhChartType    type);
KhChartType          kh_chart_widget_get_chart_type (KhChartWidget *self);

/* The selected unit's id (NULL: none); selecting does not emit "unit-activated". */
void                 kh_chart_widget_set_selected   (KhChartWidget *self,
                                                     const char    *unit_id);
const char          *kh_chart_widget_get_selected   (KhChartWidget *self);
/* Units drawn in colour with their labels, the others faded (the units selected in
 * Results), on screen and in exports, besides the selected and hovered one; kept for
 * the data set later. NULL or empty: none. */
void                 kh_chart_widget_set_highlighted (KhChartWidget     *self,
                                                      const char *const *unit_ids);

/* Where the last frame put things, in widget coordinates. */
const KhChartLayout *kh_chart_widget_get_layout     (KhChartWidget *self);
/* The unit at (x, y) in widget coordinates, or −1. */
int                  kh_chart_widget_unit_at        (KhChartWidget *self,
                                                     double         x,
                                                     double         y);
/* The tooltip text for @unit in year index @year: name, rank, score, change. */
char                *kh_chart_widget_describe_unit  (KhChartWidget *self,
                                                     guint          unit,
                                                     int            year);
/* The accessible description currently set. */
const char          *kh_chart_widget_get_description (KhChartWidget *self);

gboolean             kh_chart_widget_export         (KhChartWidget *self,
                                                     const char    *path,
                                                     double         width,
                                                     double         height,
                                                     GError       **error);

/* Draws the chart as an export shows it (the selection highlighted, print colours) into
 * @cr at @width × @height, e.g. a cell of the Charts page's small multiples. */
void                 kh_chart_widget_draw_export    (KhChartWidget *self,
                                                     cairo_t       *cr,
                                                     double         width,
                                                     double         height);
/* The same at a size preset (slide, half A4, newspaper column), PNGs at its resolution. */
gboolean             kh_chart_widget_export_size    (KhChartWidget *self,
                                                     const char    *path,
                                                     KhChartSize    size,
                                                     GError       **error);
/* Opens the chart's context menu ("Export Chart…") pointing at (x, y); the menu widget. */
void                 kh_chart_widget_popup_menu     (KhChartWidget *self,
                                                     double         x,
                                                     double         y);
GtkWidget           *kh_chart_widget_get_menu       (KhChartWidget *self);

G_END_DECLS
