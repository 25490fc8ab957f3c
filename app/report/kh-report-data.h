/* kh-report-data.h — what a report prints: results of one year with their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data filled from computed plans (core), so that the layouts in this folder never
 * read a project themselves: the caller (kaohe-cli, the window) computes a plan per year
 * and hands them over with kh_report_data_add_plan(), the report year's first.
 *
 * One KhReportGroup per peer group of the report year, in framework order. Its chart
 * dataset holds the group's units in rank order of the report year (unranked last), with
 * rank, tier and score for every year of data->years and the scores of the profile parts
 * (the dimensions when there are at least three, else the exam papers); rows[i] holds
 * what the tables print about chart->units[i] in the report year.
 */
#pragma once

#include <glib.h>

#include "analysis/kh-sensitivity.h"
#include "analysis/kh-indicator-health.h"
#include "analysis/kh-stat-audit.h"
#include "charts/kh-chart-data.h"
#include "core/kh-engine.h"
#include "core/kh-recommend.h"
#include "core/kh-survey.h"

G_BEGIN_DECLS

#define KH_REPORT_LABEL_MAX 10

#define KH_REPORT_ERROR (kh_report_error_quark ())

typedef enum
{
  KH_REPORT_ERROR_INVALID, /* the input does not fit (years, plans, dates) */
  KH_REPORT_ERROR_SCOPE,   /* no such category, group or unit */
  KH_REPORT_ERROR_WRITE,   /* the output could not be written */
} KhReportError;

GQuark kh_report_error_quark (void);

typedef struct
{
  char *id;
  char *name;    /* Chinese name, else the id */
  KhNodeKind kind;
  int depth;     /* 1: exam paper, 2: dimension under it … */
  double points; /* full points */
} KhReportNode;

typedef struct
{
  char *name;          /* the unit's full name (chart labels may be shortened) */
  double score;        /* total rounded to the group's precision; NAN: none */
  int rank;            /* 0: not ranked */
  int tier;            /* 0: none */
  int prev_rank;       /* 0: none */
  gboolean has_change; /* prev_rank and rank both known */
  int change;          /* previous rank − rank: positive = advanced */
  char *awards;        /* award names joined by "、", "" for none */
  double *node_scores;      /* group->nodes->len scores in points (NAN: none) */
  double *indicator_scores; /* group->indicators->len scores in points (NAN: none) */
  double coverage;          /* share of the total's weight backed by data (1: complete) */
  /* Against last year (kh_report_data_add_comparison; has_effects FALSE otherwise): the
   * change of the total, its framework and performance effects (change = framework +
   * performance), and the units passed and passed by, each with the change of the gap
   * and the exam paper that moved the gap most, e.g. "镇江市 +1.20 (高质量发展成效 +1.35)". */
  gboolean has_effects;
  double total_change;
  double framework_effect;
  double performance_effect;
  GPtrArray *passed;    /* of char*: one line per unit passed */
  GPtrArray *passed_by; /* of char*: one line per unit that passed it */
} KhReportRow;

typedef struct
{
  char *id;
  char *name;           /* group name (in data->lang), else id */
  char *category;       /* category id of the framework */
  char *category_title; /* the framework's title, else the category id */
  char *category_name;  /* the category's short name (kh_report_category_name) */
  int precision;        /* decimals of the ranked score */
  int n_tiers;
  char **tier_names;    /* n_tiers names, e.g. 第一等次 */
  KhChartData *chart;   /* units, years, ranks, tiers, scores, parts */
  GPtrArray *rows;      /* of KhReportRow*, parallel to chart->units */
  GPtrArray *nodes;     /* of KhReportNode*: papers and dimensions, pre-order */
  GPtrArray *indicators; /* of KhReportNode* */
  double *node_means;   /* group mean of each node's score in the report year */
  KhFramework *framework; /* the report year's framework of the group (a reference) */
  char **framework_changes; /* data->n_years entries: how that year's framework differs from
                             * the report year's ("2 indicators admitted, 1 re-weighted"),
                             * NULL when the same or not known */
  int chart_years;          /* entries of framework_changes (data->n_years) */
  char *last_year_change;   /* the same against last year's framework (NULL: unchanged or
                             * not known), from kh_report_data_add_comparison */
  const KhGroup *rule;  /* its group in @framework: tier, award and quota rules */
  KhPlan *plan;         /* the report year's plan (a reference) */
  /* The sensitivity spec stored in the project for the report year and the group's
   * category (kh_project_get_sensitivity_spec), NULL: none; kh_report_data_analyse() uses
   * it instead of every weight ± the range. */
  char *spec;
  char *spec_name;      /* "the spec stored for 2020 “city”", its place in messages */
  /* kh_report_data_analyse(): NULL before (the report then prints no robustness) */
  KhSensitivityResult *robustness;
  char *robustness_error; /* why the group has no analysis (e.g. no weight can move) */
  KhStatAudit *audit;
  GArray *health;       /* kh_report_data_analyse(): of KhIndicatorHealth, NULL before */
  /* The plans of the group's category in the report's years before the report year,
   * oldest first (kh_report_data_add_plan, references); kh_report_data_analyse() examines
   * the group in each that has it: earlier_health (of GArray* of KhIndicatorHealth) and
   * earlier_health_plans, oldest first, the trend the annual report prints (empty: none). */
  GPtrArray *earlier_plans; /* left empty when data->keep_earlier_plans is FALSE */
  GPtrArray *earlier_health;
  GPtrArray *earlier_health_plans;
} KhReportGroup;

/* A category's satisfaction survey of the report year, scored (kh_report_data_add_survey).
 * The report prints only its aggregates per unit and rater class (n, mean, trimmed mean,
 * spread, the minimum-sample flags) and each unit's score: never a rater. */
typedef struct
{
  char *category;
  char *name;          /* the survey's name in data->lang, else its id */
  KhSurveyScores *scores;
} KhReportSurvey;

typedef struct
{
  char *project_name; /* e.g. the file name */
  char *project_id;   /* a stable id of the project, e.g. its first audit hash, shortened */
  char *chain_head;   /* the audit chain head in full (64 hex digits; one per line
                       * when the report joins several projects) */
  gint64 chain_seq;   /* its sequence number (0: several or unknown) */
  char *date;         /* generation date, YYYY-MM-DD (kh_report_data_set_date) */
  int year;           /* the report year */
  int n_years;
  int *years;         /* ascending, containing year */
  GPtrArray *groups;  /* of KhReportGroup* */
  KhLang lang;        /* of the framework's names: KH_LANG_ZH_CN unless set (kh_report_data_new) */
  char *issuer;       /* the issuing body printed on the notice (NULL: none) */
  char *seal;         /* what the report year's seal is: key fingerprint and signed head,
                       * or that it is not sealed or not signed (NULL: not known) */
  double robustness_range; /* kh_report_data_analyse(): every weight ± this share (0: not run) */
  guint robustness_runs;
  guint32 robustness_seed;
  GPtrArray *surveys;      /* of KhReportSurvey*: the annual report's survey sections (empty: none) */
  GPtrArray *recommendations; /* of KhRecommendation* (core/kh-recommend.h): the report year's
                               * "321" recommendations, printed in the annual report after the
                               * recommending group's ranking (empty: none) */
  gboolean keep_earlier_plans; /* TRUE unless set (kh_report_data_set_keep_earlier_plans) */
  /* whether kh_report_data_add_comparison() lists each row's units passed and passed by
   * (TRUE unless set: only a unit profile prints them) */
  gboolean list_overtakes;
} KhReportData;

KhReportData  *kh_report_data_new       (int            year,
                                         int            n_years,
                                         const int     *years);
KhReportData  *kh_report_data_ref       (KhReportData  *data);
void           kh_report_data_unref     (KhReportData  *data);

/* The language of the names the groups take from the frameworks (groups, tiers, awards,
 * nodes), before the first kh_report_data_add_plan(): KH_LANG_ZH_CN, the printed
 * report's, unless a view shows them in the reader's script. Unit names are the plan's. */
void           kh_report_data_set_lang  (KhReportData  *data,
                                         KhLang         lang);

/* Whether the groups keep the plans of the earlier years (earlier_plans), before the first
 * kh_report_data_add_plan(): TRUE, the default, for kh_report_data_analyse()'s health
 * trend. A report without that analysis keeps FALSE: only what its pages print of each
 * earlier year (ranks, tiers, scores, parts) then stays, not its whole plan (at 3,000
 * units a plan holds some 26 MB, ten years most of the report's memory; issue 22). */
void           kh_report_data_set_keep_earlier_plans (KhReportData *data,
                                                      gboolean      keep);

/* Whether kh_report_data_add_comparison() fills each row's passed and passed_by: TRUE, the
 * default. Only the unit profile prints them; an annual or comparison report leaves them
 * out (issue 22: each line explains two units' contributions, the report's largest cost
 * after computing the years). */
void           kh_report_data_set_list_overtakes (KhReportData *data,
                                                  gboolean      list);

/* Lets go of the groups' plans (plan, earlier_plans, earlier_health_plans) once the last
 * kh_report_new() of @data is made: a report took what it prints from them, and drawing its
 * pages reads none (at 3,000 units the report year's plan is some 26 MB; issue 22). After
 * it, @data makes no more report and no analysis. */
void           kh_report_data_drop_plans (KhReportData *data);

/* Adds the results of @plan: the report year's plan creates the groups and must come
 * first; a plan of another year of data->years fills the history of the same units
 * (matched by id). */
gboolean       kh_report_data_add_plan  (KhReportData  *data,
                                         KhPlan        *plan,
                                         GError       **error);

/* The comparison of the report year's @plan (already added) with @previous, last year's
 * computed plan of the same category: the rows' effects and units passed, and the
 * groups' last_year_change. @previous NULL: nothing to compare, TRUE. */
gboolean       kh_report_data_add_comparison (KhReportData *data,
                                              KhPlan       *plan,
                                              KhPlan       *previous,
                                              GError      **error);

/* The same when last year's framework @earlier has the indicators, points and weights of
 * @plan's (kh_report_framework_change_text() NULL): then only @plan is read, and last
 * year's plan need not be held with it (issue 22). FALSE, nothing added, when they differ:
 * the like-for-like comparison needs last year's plan (kh_report_data_add_comparison). */
gboolean       kh_report_data_add_comparison_unchanged (KhReportData *data,
                                                        KhPlan       *plan,
                                                        KhFramework  *earlier);

/* A framework change as a report prints it ("3 indicators admitted, 1 retired"), or NULL
 * when @earlier and @later have the same indicators, points and weights. */
char          *kh_report_framework_change_text (KhFramework *earlier,
                                                KhFramework *later);

/* KAOHE_REPORT_DATE (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else today (local time). */
void           kh_report_data_set_date  (KhReportData  *data,
                                         GError       **error);

/* The robustness of every group's ranking in the report year: the sensitivity analysis
 * of the group's stored spec (group->spec) or else with every weight ± @range (a share,
 * 0 < @range < 1), @runs model runs and @seed
 * (kh-sensitivity.h), the statistical audit (kh-stat-audit.h) and the indicators' health
 * (kh-indicator-health.h) with its trend over the report's earlier years (the verdicts
 * weigh it, as kaohe-cli health's do). A group whose
 * analysis refuses keeps the reason in robustness_error, which the report prints. The
 * annual report then adds both to each group's section, the unit report each unit's
 * figures to its profile. FALSE only for bad arguments. */
gboolean       kh_report_data_analyse   (KhReportData  *data,
                                         double         range,
                                         guint          runs,
                                         guint32        seed,
                                         GError       **error);

/* Adds the survey of @category (the report year's), taking @scores: the annual report then
 * prints, in each group of the category, every unit's figures per rater class. A category
 * has one survey: a second replaces the first. */
void           kh_report_data_add_survey (KhReportData   *data,
                                          const char     *category,
                                          KhSurveyScores *scores);
void           kh_report_survey_free     (KhReportSurvey *survey);
const KhReportSurvey *kh_report_data_find_survey (KhReportData *data,
                                                  const char   *category);

KhReportGroup *kh_report_data_find_group (KhReportData *data,
                                          const char   *id);
int            kh_report_data_find_year  (KhReportData *data,
                                          int           year);
/* A category's name as a notice prints it, translated: 设区市 (city), 省级机关 (agency),
 * 省属高校 (university), 县（市、区） (county); @fallback (or the id) for another one. */
const char    *kh_report_category_name   (const char   *category,
                                          const char   *fallback);
/* The tier's name (第一等次 …), or "" for tier 0. */
const char    *kh_report_group_tier_name (KhReportGroup *group,
                                          int            tier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhReportData, kh_report_data_unref)

G_END_DECLS
