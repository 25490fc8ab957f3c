/* kh-project-survey.h — a project's satisfaction surveys: the raters' answers, exclusions
 * and the scores they give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A year's framework of a category may declare a survey (core/kh-survey.h). Its raters'
 * sheet is imported in the long layout, one answer per row; the header names are matched
 * without regard to case or surrounding spaces, in any order:
 *
 *   rater,class,unit,item,score[,time]
 *
 * rater: whatever identifies a rater in the office's own records (a phone number, an ID
 * number, a badge); it is never stored — only HMAC-SHA-256 (project salt, rater) in hex,
 * the salt being random per project. class and item: ids of the survey; unit: a unit's id
 * or Chinese name, of the survey's category and existing in the year; score: an answer of
 * the item's scale (an option's code, or a number within its range); time: optional text.
 * Every problem is reported at once, `NAME: row R, column C: message`, and nothing
 * changes; a successful import replaces that year's and category's answers (exclusions,
 * kept by hashed rater, survive it) and is audited ("survey-import").
 *
 * Scores (kh_project_store_survey_scores) are written into the survey's field as that
 * year's values, with the survey as their provenance (source_file "survey ID"), and
 * audited ("survey-score"): the engine scores them like any other value.
 */
#pragma once

#include "core/kh-survey.h"
#include "kh-csv.h"
#include "kh-project.h"

G_BEGIN_DECLS

/* The category of @year whose framework declares a survey: @category itself (checked),
 * or with @category NULL the year's only one (an error names them when there are
 * several, or says there is none). */
char          *kh_project_survey_category (KhProject   *self,
                                           int          year,
                                           const char  *category,
                                           GError     **error);

/* Imports @table (CSV or XLSX sheet, first row the header) as the raters' sheet of
 * @year's survey of @category (NULL: see kh_project_survey_category). *n_raters and
 * *n_answers (may be NULL) receive what was stored. */
gboolean       kh_project_import_survey   (KhProject   *self,
                                           int          year,
                                           const char  *category,
                                           KhCsvTable  *table,
                                           const char  *source_name,
                                           guint       *n_raters,
                                           guint       *n_answers,
                                           GError     **error);

/* The stored sheet of @year's survey of @category: every unit of the category existing
 * in the year (by id, with its peer group), raters by hash (ascending) with their
 * exclusions. */
KhSurveySheet *kh_project_load_survey_sheet (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             GError    **error);

/* Excludes the rater @rater (the full hash, or a prefix of at least 8 hex digits that
 * names one rater of the sheet) from @year's survey of @category with @reason (required);
 * with @exclude FALSE takes an exclusion back (also with a reason). Audited
 * ("survey-exclude", "survey-include"). */
gboolean       kh_project_survey_exclude  (KhProject   *self,
                                           int          year,
                                           const char  *category,
                                           const char  *rater,
                                           gboolean     exclude,
                                           const char  *reason,
                                           GError     **error);

/* Excludes (or takes back) like kh_project_survey_exclude(), then scores the sheet into
 * the survey's field like kh_project_store_survey_scores(): one transaction, both audited
 * ("survey-exclude" or "survey-include", then "survey-score"); nothing changes when either
 * fails. *rater_out (may be NULL) receives the rater's full hash, *scores (may be NULL)
 * the scores stored. */
gboolean       kh_project_survey_exclude_and_score (KhProject       *self,
                                                    int              year,
                                                    const char      *category,
                                                    const char      *rater,
                                                    gboolean         exclude,
                                                    const char      *reason,
                                                    char           **rater_out,
                                                    KhSurveyScores **scores,
                                                    GError         **error);

/* Scores the stored sheet and writes every unit's score (NaN: missing) into the survey's
 * field of @year. *scores (may be NULL) receives them. */
gboolean       kh_project_store_survey_scores (KhProject       *self,
                                               int              year,
                                               const char      *category,
                                               KhSurveyScores **scores,
                                               GError         **error);

/* The hex HMAC-SHA-256 of @identity (surrounding spaces removed) under the project's
 * salt, as stored; NULL with an error when the project has no survey tables. */
char          *kh_project_survey_rater_hash (KhProject  *self,
                                             const char *identity,
                                             GError    **error);

G_END_DECLS
