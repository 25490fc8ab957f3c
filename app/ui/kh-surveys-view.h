/* kh-surveys-view.h — the Surveys page: a satisfaction survey's raters per unit and class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the year and category open, when the framework declares a survey and its raters'
 * sheet is stored: a table of every unit and rater class that rates it — raters counted
 * (n), mean, trimmed mean, standard deviation, range, the unit's score and the minimum-
 * sample note (aggregates only; raters are never listed) — and the distribution chart of
 * the selected row's unit (charts/kh-survey-chart.h). Below them a rater is excluded, or
 * an exclusion taken back, by identity (hashed with the project's salt, as stored) or by
 * the stored hash, always with a reason: io audits it (kh_project_survey_exclude). The
 * figures are scored again at once; the values stored in the survey's field change when
 * the survey is scored again (`kaohe-cli survey score`).
 */
#pragma once

#include <adwaita.h>

#include "core/kh-survey.h"
#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_SURVEYS_VIEW (kh_surveys_view_get_type ())

G_DECLARE_FINAL_TYPE (KhSurveysView, kh_surveys_view, KH, SURVEYS_VIEW, GtkWidget)

void        kh_surveys_view_set_document (KhSurveysView *self,
                                          KhDocument    *document);
/* The table's rows (a GtkSingleSelection of KhSurveyRow); the chart draws the selected
 * row's unit. */
GListModel *kh_surveys_view_get_rows     (KhSurveysView *self);
/* What the page says above the table: the survey and its raters, or why it is empty. */
const char *kh_surveys_view_get_status   (KhSurveysView *self);
/* The last outcome of excluding or taking back (an error names what is wrong). */
const char *kh_surveys_view_get_message  (KhSurveysView *self);
/* The scores shown (NULL: none), for tests and the chart. */
const KhSurveyScores *kh_surveys_view_get_scores (KhSurveysView *self);
GtkWidget  *kh_surveys_view_get_chart    (KhSurveysView *self);

G_END_DECLS
