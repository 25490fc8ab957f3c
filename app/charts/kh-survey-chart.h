/* kh-survey-chart.h — how a unit's raters scored it in a satisfaction survey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/kh-survey.h"
#include "kh-chart-data.h"

G_BEGIN_DECLS

/* One row per rater class on a shared 0–100 axis: each rater's score of unit @unit
 * (excluded raters left out) is a dot at its score, stacked on the others of its 5-point
 * bin, the scores the trimmed
 * mean drops drawn hollow, the trimmed mean a vertical bar; beside it n and the trimmed
 * mean, or why there is none (below the minimum, the class does not rate the unit). Under
 * the rows the unit's score. @labels names the classes (NULL: their ids). Raters are
 * never named: only their scores are drawn. layout->dots: one per rater drawn (unit =
 * class, year_index = the rater's index in the sheet); layout->boxes: one per class row
 * (unit = class). */
void kh_survey_chart_draw (const KhSurveyScores *scores,
                           guint                 unit,
                           const char *const    *labels,
                           const KhChartData    *view,
                           cairo_t              *cr,
                           double                width,
                           double                height,
                           KhChartLayout        *layout);

G_END_DECLS
