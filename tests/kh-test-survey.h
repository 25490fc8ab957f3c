/* kh-test-survey.h — the survey fixture (tests/data/surveys) and its raters' sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/kh-survey.h"

G_BEGIN_DECLS

/* The text of tests/data/surveys/@name. */
char          *kh_test_survey_read  (const char    *name,
                                     gsize         *len);
/* tests/data/surveys/@name, loaded (asserting it is valid). */
KhFramework   *kh_test_survey_load  (const char    *name);
/* A rater of class @klass (asserting the class exists). */
guint          kh_test_survey_rater (KhSurveySheet *sheet,
                                     const char    *id,
                                     const char    *klass);
/* @text as rater @r's answer to @item on @unit. */
void           kh_test_survey_answer (KhSurveySheet *sheet,
                                      guint          r,
                                      const char    *unit,
                                      const char    *item,
                                      const char    *text);
/* The sheet described in kh-test-survey.c on survey-city.xml's survey. */
KhSurveySheet *kh_test_survey_sheet (KhFramework   *fw);

G_END_DECLS
