/* kh-robustness-view.h — the Robustness tab of Results: how much the ranking hangs on its choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While the tab shows, every change of the year's results starts the sensitivity
 * analysis of the peer group again (app/analysis, kh-sensitivity.h) on a worker thread,
 * on copies of the framework and data, so that edits elsewhere never wait for it: every
 * weight varies ± the toolbar's percentage, or the inputs of a spec file chosen with
 * "Spec…", or those declared in "Edit Spec…" and stored in the project. The first 1,000
 * runs' rank intervals show as soon as they are in, then the
 * whole run's; a progress bar and Cancel stand beside. The charts: every unit's rank
 * interval, its tier chances, what moves the ranking (Sobol indices; of the selected
 * unit's rank when one is selected) and the correlations of the statistical audit.
 * Clicking a unit selects it and emits "unit-activated" (the window selects it in
 * Results); "robustness.export" (Ctrl+E) saves the chart shown as PNG, SVG or PDF.
 */
#pragma once

#include <adwaita.h>

#include "analysis/kh-sensitivity.h"
#include "charts/kh-chart.h"
#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_ROBUSTNESS_VIEW (kh_robustness_view_get_type ())

G_DECLARE_FINAL_TYPE (KhRobustnessView, kh_robustness_view, KH, ROBUSTNESS_VIEW, GtkWidget)

typedef enum
{
  KH_ROBUSTNESS_INTERVALS,
  KH_ROBUSTNESS_TIERS,
  KH_ROBUSTNESS_INDICES,
  KH_ROBUSTNESS_CORRELATIONS,
} KhRobustnessChart;

void  kh_robustness_view_set_document (KhRobustnessView *self,
                                       KhDocument       *document);
/* NULL: the framework's first group. */
void  kh_robustness_view_set_group    (KhRobustnessView *self,
                                       const char       *group_id);
void  kh_robustness_view_set_chart    (KhRobustnessView *self,
                                       KhRobustnessChart chart);
/* Every weight ± @percent % (1–90), @runs runs; starts again when the page shows. */
void  kh_robustness_view_set_weights  (KhRobustnessView *self,
                                       double            percent,
                                       guint             runs);
/* The inputs of the spec at @path instead (NULL: back to the weights); FALSE with
 * @error when the file cannot be read or parsed (nothing changes then). */
gboolean kh_robustness_view_set_spec  (KhRobustnessView *self,
                                       const char       *path,
                                       GError          **error);
/* Opens the spec editor (kh-spec-editor.h) on the year and category shown, starting from
 * the spec in use (else every weight ± the toolbar's percentage); what it applies is
 * stored in the project and used by the next run. NULL when the year has no plan. */
GtkWindow *kh_robustness_view_edit_spec (KhRobustnessView *self);
/* Starts the analysis again now (the page must show), or cancels the one running. */
void  kh_robustness_view_run          (KhRobustnessView *self);
void  kh_robustness_view_cancel       (KhRobustnessView *self);
gboolean kh_robustness_view_is_running (KhRobustnessView *self);

/* The result shown (the first runs' or the whole run's), or NULL; and why there is none
 * (the analysis's refusal), or NULL. */
const KhSensitivityResult *kh_robustness_view_get_result (KhRobustnessView *self);
const char                *kh_robustness_view_get_error  (KhRobustnessView *self);
/* The status line: the runs done (under "All Groups" of several groups, first which
 * group is analysed). */
const char                *kh_robustness_view_get_status (KhRobustnessView *self);

void        kh_robustness_view_set_selected_unit (KhRobustnessView *self,
                                                  const char       *unit_id);
const char *kh_robustness_view_get_selected_unit (KhRobustnessView *self);
/* Where the last frame put things, in the drawing area's coordinates. */
const KhChartLayout *kh_robustness_view_get_layout (KhRobustnessView *self);

/* Writes the chart shown at @size to @path: PNG, SVG or PDF by the extension. */
gboolean    kh_robustness_view_export     (KhRobustnessView *self,
                                           const char       *path,
                                           KhChartSize       size,
                                           GError          **error);

G_END_DECLS
