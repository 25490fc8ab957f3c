/* kh-index-chart.h — the Sobol indices of every uncertain input, as bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "analysis/kh-sensitivity.h"
#include "kh-chart-data.h"

G_BEGIN_DECLS

/* For the rank of unit @unit (index in result->units), or for the group's ranking as a
 * whole (@unit −1): one row per input, largest total index first, with the total index
 * as a pale bar and the first-order index as a solid bar inside it, both on [0, 1].
 * @labels names the inputs (n_inputs; NULL: result->input_names). layout->boxes: one
 * box per bar (unit = input index, part 0 first order, 1 total). */
void kh_index_chart_draw (const KhSensitivityResult *result,
                          int                        unit,
                          const char *const         *labels,
                          const KhChartData         *view,
                          cairo_t                   *cr,
                          double                     width,
                          double                     height,
                          KhChartLayout             *layout);

/* How input @input is named for a reader: its name in the spec, or for the inputs that
 * "weights = r %" made, "Weights under NAME" with the node's name in @lang (@framework
 * NULL: its id). */
char *kh_index_chart_input_label (const KhSensitivityResult *result,
                                  guint                      input,
                                  KhFramework               *framework,
                                  KhLang                     lang);

G_END_DECLS
