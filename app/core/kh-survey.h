/* kh-survey.h — satisfaction surveys (满意度评价): the model, the raters' sheet, scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A framework may declare one survey (`<survey>`, data/schema/README.md, "Surveys"):
 * rater classes with weights (the public 群众, service recipients, deputies …), items
 * answered on a scale (满意 / 基本满意 / 不满意 with their values, or a number from 0 to
 * 100), which classes rate which units and the least number of responses a unit needs
 * from a class. Its score is written into a data field (`field`), where the engine scores
 * it like any other value (usually an indicator with `method="satisfaction"`).
 *
 * Scoring, per unit u (kh_survey_score):
 *  1. A rater's score for u is the item-weighted mean of the rater's answers on u, each
 *     answer on the 0–100 scale (an option's value; a number x of a numeric scale
 *     [min, max] as 100·(x − min)/(max − min)).
 *  2. Per class c that rates u: n raters (excluded raters take no part); their trimmed
 *     mean T drops g scores at each end of the sorted list — g = `trim` (default 1: 去掉
 *     一个最高分和一个最低分) or ⌊trim-share · n⌋ (R's mean(x, trim)). A class with
 *     n < max(min-responses, 2g + 1) is *below the minimum*.
 *  3. The unit's score is Σ W_c·T_c / Σ W_c over the classes that rate u. With
 *     `below="missing"` (default) a class below its minimum makes the score missing;
 *     with `below="reweight"` that class is left out (flagged) and the others re-weighted.
 * Rater identities never reach this layer: a rater is the salted hash io stored.
 */
#pragma once

#include "kh-framework.h"

G_BEGIN_DECLS

typedef enum
{
  KH_SURVEY_BELOW_MISSING,  /* a class below its minimum: the unit's score is missing */
  KH_SURVEY_BELOW_REWEIGHT, /* that class is left out, the others re-weighted */
} KhSurveyBelow;

/* One answer of an option scale: its code in the sheet (满意) and its value (0–100). */
typedef struct
{
  char *code;
  double value;
  KhText label;
} KhSurveyOption;

typedef struct
{
  char *id;
  KhText name;
  GPtrArray *options; /* of KhSurveyOption*; empty: a numeric scale [min, max] */
  double min, max;    /* numeric scales (default 0, 100) */
} KhSurveyScale;

typedef struct
{
  char *id;
  KhText name;
  double weight;      /* relative weight W of the class, default 1 */
  int min_responses;  /* least raters per unit, default 1 (and never below 2g + 1) */
  int invited;        /* raters invited per unit, 0: not declared (no response rate) */
  GPtrArray *rates;   /* of char*: unit or group ids; empty: every unit of the category */
} KhSurveyClass;

typedef struct
{
  char *id;
  KhText name;
  char *scale;        /* scale id */
  double weight;      /* weight within a rater's score, default 1 */
} KhSurveyItem;

struct _KhSurvey
{
  char *id;
  KhText name;
  char *description;
  char *field;        /* the data field the score is written into */
  int trim;           /* scores dropped at each end, default 1 */
  double trim_share;  /* share dropped at each end (0 ≤ s < 0.5); NaN: by `trim` */
  KhSurveyBelow below;
  GPtrArray *scales;  /* of KhSurveyScale* */
  GPtrArray *classes; /* of KhSurveyClass* */
  GPtrArray *items;   /* of KhSurveyItem* */
};

KhSurvey       *kh_survey_new          (const char *id);
void            kh_survey_free         (KhSurvey   *survey);
KhSurvey       *kh_survey_copy         (const KhSurvey *survey);
KhSurveyScale  *kh_survey_scale_new    (const char *id);
void            kh_survey_scale_free   (KhSurveyScale *scale);
KhSurveyOption *kh_survey_option_new   (const char *code,
                                        double      value);
void            kh_survey_option_free  (KhSurveyOption *option);
KhSurveyClass  *kh_survey_class_new    (const char *id);
void            kh_survey_class_free   (KhSurveyClass *klass);
KhSurveyItem   *kh_survey_item_new     (const char *id,
                                        const char *scale);
void            kh_survey_item_free    (KhSurveyItem *item);

/* Index of the class / item / scale with @id, or -1. */
int             kh_survey_find_class   (const KhSurvey *survey,
                                        const char     *id);
int             kh_survey_find_item    (const KhSurvey *survey,
                                        const char     *id);
KhSurveyScale  *kh_survey_find_scale   (const KhSurvey *survey,
                                        const char     *id);
/* TRUE when @klass rates the unit @unit_id of group @group_id (may be NULL). */
gboolean        kh_survey_class_rates  (const KhSurveyClass *klass,
                                        const char          *unit_id,
                                        const char          *group_id);
/* The least number of raters a unit needs from @klass: max(min-responses, 2·trim + 1)
 * with trimming by count, min-responses with a share. */
int             kh_survey_class_minimum (const KhSurvey      *survey,
                                         const KhSurveyClass *klass);
/* Scores dropped at each end of @n sorted scores. */
guint           kh_survey_trim_count   (const KhSurvey *survey,
                                        guint           n);
/* Reads one answer of @scale: an option's code, or a number within [min, max].
 * *value receives it on the 0–100 scale. FALSE (and *problem) when it is neither. */
gboolean        kh_survey_scale_read   (const KhSurveyScale *scale,
                                        const char          *text,
                                        double              *value,
                                        char               **problem);
/* The trimmed mean of @n values sorted ascending, dropping @g at each end (n > 2g). */
double          kh_survey_trimmed_mean (const double *sorted,
                                        guint         n,
                                        guint         g);

/* --- the raters' sheet ------------------------------------------------------------ */

typedef struct
{
  char *id;          /* the stored salted hash (hex), never the identity */
  guint klass;       /* index into survey->classes */
  gboolean excluded; /* excluded by the office (with a reason): takes no part */
  char *reason;
} KhSurveyRater;

typedef struct
{
  guint rater; /* index into raters */
  guint unit;  /* index into units */
  guint item;  /* index into survey->items */
  double value; /* on the 0–100 scale */
} KhSurveyResponse;

typedef struct
{
  gatomicrefcount ref_count;
  KhFramework *framework; /* holds the survey */
  GPtrArray *raters;      /* of KhSurveyRater* */
  GPtrArray *units;       /* of char*: unit ids (every unit of the category in the year) */
  GPtrArray *groups;      /* of char* (may be NULL): each unit's peer group */
  GArray *responses;      /* of KhSurveyResponse */
} KhSurveySheet;

/* An empty sheet of @framework's survey (framework->survey must be set). */
KhSurveySheet *kh_survey_sheet_new      (KhFramework   *framework);
KhSurveySheet *kh_survey_sheet_ref      (KhSurveySheet *sheet);
void           kh_survey_sheet_unref    (KhSurveySheet *sheet);
const KhSurvey *kh_survey_sheet_get_survey (const KhSurveySheet *sheet);
/* Index of @unit_id, added (with @group_id) when new. */
guint          kh_survey_sheet_add_unit (KhSurveySheet *sheet,
                                         const char    *unit_id,
                                         const char    *group_id);
int            kh_survey_sheet_find_unit (const KhSurveySheet *sheet,
                                          const char          *unit_id);
guint          kh_survey_sheet_add_rater (KhSurveySheet *sheet,
                                          const char    *id,
                                          guint          klass);
void           kh_survey_sheet_add_response (KhSurveySheet *sheet,
                                             guint          rater,
                                             guint          unit,
                                             guint          item,
                                             double         value);

/* One rater's score for one unit (step 1 above). */
typedef struct
{
  guint rater;
  guint unit;
  double score;
} KhSurveyRating;

/* Every rater's score of every unit they answered, ordered by unit, then rater; raters
 * excluded are left out unless @with_excluded (of KhSurveyRating). */
GArray        *kh_survey_sheet_ratings  (const KhSurveySheet *sheet,
                                         gboolean             with_excluded);

/* --- scoring ---------------------------------------------------------------------- */

typedef enum
{
  KH_SURVEY_FLAG_BELOW_MINIMUM = 1 << 0, /* a class below its minimum made the score missing */
  KH_SURVEY_FLAG_REWEIGHTED = 1 << 1,    /* a class below its minimum was left out */
  KH_SURVEY_FLAG_NO_CLASS = 1 << 2,      /* no class rates the unit */
} KhSurveyFlags;

/* One unit and class. */
typedef struct
{
  gboolean rates;     /* the class rates the unit */
  guint n;            /* raters with a score */
  int invited;        /* the class's invited raters per unit (0: not declared) */
  guint dropped;      /* scores dropped at each end */
  gboolean below;     /* n below the class's minimum */
  double mean, trimmed, sd, min, max; /* NaN when n = 0 (sd: n < 2; trimmed: below) */
} KhSurveyCell;

typedef struct
{
  KhSurveySheet *sheet;
  guint n_units;
  guint n_classes;
  KhSurveyCell *cells; /* n_units × n_classes, by unit */
  double *scores;      /* per unit, 0–100; NaN: missing */
  guint *flags;        /* per unit, KhSurveyFlags */
} KhSurveyScores;

KhSurveyScores *kh_survey_score         (KhSurveySheet *sheet);
void            kh_survey_scores_free   (KhSurveyScores *scores);
const KhSurveyCell *kh_survey_scores_cell (const KhSurveyScores *scores,
                                           guint                 unit,
                                           guint                 klass);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSurvey, kh_survey_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSurveySheet, kh_survey_sheet_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSurveyScores, kh_survey_scores_free)

G_END_DECLS
