/* kh-survey-quality.h — how far a satisfaction survey's raters can be trusted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a raters' sheet (core/kh-survey.h), per rater class:
 *  - response counts and the response rate (ratings / invited raters of the units the
 *    class rates, when the class declares `invited`);
 *  - agreement between raters on the *complete block*: the units the class's raters
 *    rated, and the raters who rated every one of them (a rater's score of a unit as in
 *    scoring). Kendall's W on the raters' rankings of the units, ties given their mean
 *    rank and corrected for (W = 12·S / (m²(n³ − n) − m·Σ T), T = Σ (t³ − t) over each
 *    rater's ties); ICC(2,k) of Shrout and Fleiss (1979), two-way random effects,
 *    absolute agreement, mean of k raters: (BMS − EMS) / (BMS + (JMS − EMS)/n).
 *    Fewer than two units or two raters in the block: no statistic, and why;
 *  - per rater: leniency, the mean over the units the rater rated of the rater's score
 *    minus the mean score of the other raters of the class on that unit, and its
 *    z-score among the class's raters; straight-lining, the same answer to every
 *    question (at least three answers).
 * Excluded raters take no part in anything but their own line.
 */
#pragma once

#include "core/kh-survey.h"

G_BEGIN_DECLS

/* |z| of leniency from which a rater is flagged. */
#define KH_SURVEY_LENIENCY_FLAG_Z 2.5

typedef enum
{
  KH_SURVEY_BLOCK_OK,
  KH_SURVEY_BLOCK_ONE_UNIT_EACH,  /* no rater of the class rated two units */
  KH_SURVEY_BLOCK_TOO_FEW_RATERS, /* fewer than two raters rated every unit of the block */
  KH_SURVEY_BLOCK_NO_SPREAD,      /* the statistics are undefined (every score equal) */
} KhSurveyBlock;

typedef struct
{
  guint n_raters;        /* raters of the class (not excluded) */
  guint n_ratings;       /* rater × unit scores */
  guint n_units;         /* units rated by at least one rater */
  guint n_invited;       /* Σ invited over the units the class rates (0: not declared) */
  double response_rate;  /* n_ratings / n_invited; NaN without invited */
  guint n_straight;      /* straight-lining raters */
  KhSurveyBlock block;
  guint block_raters;    /* m */
  guint block_units;     /* n */
  double kendall_w;      /* NaN unless block == OK */
  double icc2k;          /* NaN unless block == OK */
} KhSurveyClassQuality;

typedef struct
{
  guint n_units;         /* units rated */
  guint n_answers;       /* answers given */
  double leniency;       /* NaN: no unit shared with another rater of the class */
  double leniency_z;     /* NaN: fewer than 3 raters of the class with a leniency, or sd 0 */
  gboolean straight;     /* the same answer everywhere (≥ 3 answers) */
} KhSurveyRaterQuality;

typedef struct
{
  KhSurveySheet *sheet;
  KhSurveyClassQuality *classes; /* per class of the survey */
  KhSurveyRaterQuality *raters;  /* per rater of the sheet */
} KhSurveyQuality;

KhSurveyQuality *kh_survey_quality_new  (KhSurveySheet   *sheet);
void             kh_survey_quality_free (KhSurveyQuality *quality);

/* Kendall's W of @m raters ranking @n objects, @scores[rater · n + object] (higher or
 * lower: W does not depend on the direction); NaN when m < 2, n < 2 or undefined. */
double           kh_survey_kendall_w    (const double    *scores,
                                         guint            m,
                                         guint            n);
/* ICC(2,k) of @n targets rated by @k raters, @scores[rater · n + target]; NaN when
 * n < 2, k < 2 or undefined. */
double           kh_survey_icc2k        (const double    *scores,
                                         guint            k,
                                         guint            n);
/* Why there is no agreement statistic (for people), or NULL for KH_SURVEY_BLOCK_OK. */
const char      *kh_survey_block_describe (KhSurveyBlock  block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSurveyQuality, kh_survey_quality_free)

G_END_DECLS
