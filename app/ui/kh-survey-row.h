/* kh-survey-row.h — one unit and rater class of a scored survey, as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Surveys page's table holds these: aggregates only (a rater is never part of one).
 * The fields are read-only for everyone but kh-survey-row.c.
 */
#pragma once

#include <glib-object.h>

#include "core/kh-survey.h"

G_BEGIN_DECLS

#define KH_TYPE_SURVEY_ROW (kh_survey_row_get_type ())

G_DECLARE_FINAL_TYPE (KhSurveyRow, kh_survey_row, KH, SURVEY_ROW, GObject)

typedef enum
{
  KH_SURVEY_COLUMN_UNIT,
  KH_SURVEY_COLUMN_CLASS,
  KH_SURVEY_COLUMN_N,
  KH_SURVEY_COLUMN_MEAN,
  KH_SURVEY_COLUMN_TRIMMED,
  KH_SURVEY_COLUMN_SD,
  KH_SURVEY_COLUMN_RANGE,
  KH_SURVEY_COLUMN_SCORE,
  KH_SURVEY_COLUMN_NOTE,
  KH_SURVEY_N_COLUMNS,
} KhSurveyColumn;

struct _KhSurveyRow
{
  GObject parent_instance;

  char *unit_id;
  char *unit_name;
  guint unit;          /* index into the sheet's units */
  char *class_id;      /* NULL: no class rates the unit */
  char *class_name;
  KhSurveyCell cell;   /* n, mean, trimmed mean, SD, min, max, below */
  double score;        /* the unit's score (NaN: missing) */
  gboolean first;      /* the unit's first row: it shows the unit and its score */
  char *text[KH_SURVEY_N_COLUMNS]; /* as the table shows them */
};

/* The row of unit @unit and class @klass of @scores (@klass −1: a unit no class rates);
 * @unit_name and @class_name as shown. */
KhSurveyRow *kh_survey_row_new (const KhSurveyScores *scores,
                                guint                 unit,
                                int                   klass,
                                const char           *unit_name,
                                const char           *class_name,
                                gboolean              first);

/* The column titles, translated. */
const char  *kh_survey_row_column_title (KhSurveyColumn column);

G_END_DECLS
