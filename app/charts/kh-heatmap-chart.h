/* kh-heatmap-chart.h — the correlations of a statistical audit as a heat map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "analysis/kh-stat-audit.h"
#include "kh-chart-data.h"

G_BEGIN_DECLS

/* The audited nodes in pre-order along both axes (aggregates in bold, a line before each),
 * each cell coloured by the correlation of its two nodes: orange for −1, the background
 * for 0, blue for +1, grey where there is none; the value printed where the cell is wide
 * enough, flagged pairs outlined. Spearman's ρ, or Pearson's r when @pearson. @labels
 * names the nodes (audit->n_nodes; NULL: their ids). layout->boxes: one box per cell
 * (unit = row, part = column). */
void kh_heatmap_chart_draw (const KhStatAudit *audit,
                            gboolean           pearson,
                            const char *const *labels,
                            const KhChartData *view,
                            cairo_t           *cr,
                            double             width,
                            double             height,
                            KhChartLayout     *layout);

G_END_DECLS
