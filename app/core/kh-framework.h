/* kh-framework.h — the in-memory indicator framework (指标体系) of one year and one category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the contract between the XML reader/writer (app/io), the scoring engine
 * (app/core/kh-engine*) and the editors (app/ui). Plain C structures owned by a
 * reference-counted KhFramework; no I/O here.
 *
 * Scales, in one paragraph (data/schema/README.md has every formula):
 * every node has full points P (分值, `points`, default 100) and a relative weight w
 * (`weight`, default 1). An indicator's scoring method yields its score in points,
 * normally within [0, P]. An inner node aggregates the scores of its applicable,
 * available children:
 *   KH_AGG_SUM          s = Σ wᵢ·sᵢ                      (points systems: Σ wᵢ·Pᵢ = P)
 *   KH_AGG_MEAN         s = P · Σ wᵢ·fᵢ / Σ wᵢ           with fᵢ = sᵢ / Pᵢ
 *   KH_AGG_GEOMETRIC    s = P · Π fᵢ^(wᵢ/Σw)
 *   KH_AGG_HARMONIC     s = P · Σ wᵢ / Σ (wᵢ / fᵢ)
 *   KH_AGG_COEFFICIENT  s = (Σ over non-coefficient children wᵢ·sᵢ) · Π over children with
 *                       `coefficient` set of fᶜ       (2019 party building as a multiplier)
 * The total of a unit is the root's score plus bonuses, minus deductions, then binding
 * constraints apply (see KhConstraint).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Localised text: any field may be NULL; kh_text_get() falls back zh_CN → zh_TW → en. */
typedef struct
{
  char *zh_CN;
  char *zh_TW;
  char *en;
} KhText;

typedef enum
{
  KH_LANG_ZH_CN,
  KH_LANG_ZH_TW,
  KH_LANG_EN,
} KhLang;

typedef enum
{
  KH_NODE_ROOT,      /* the framework's single top node: the total score            */
  KH_NODE_PAPER,     /* exam paper (考卷): 高质量发展成效, 党的建设成效, 满意度评价 */
  KH_NODE_DIMENSION, /* dimension or any intermediate grouping (六个高质量)         */
  KH_NODE_INDICATOR, /* a scored leaf                                               */
} KhNodeKind;

typedef enum
{
  KH_AGG_SUM,
  KH_AGG_MEAN,
  KH_AGG_GEOMETRIC,
  KH_AGG_HARMONIC,
  KH_AGG_COEFFICIENT,
} KhAggregation;

typedef enum
{
  KH_DIRECTION_HIGHER, /* higher is better */
  KH_DIRECTION_LOWER,  /* lower is better: flipped before scoring */
  KH_DIRECTION_BAND,   /* best inside [band_lo, band_hi] */
} KhDirection;

typedef enum
{
  KH_MISSING_REWEIGHT, /* skip and re-weight among available siblings (default) */
  KH_MISSING_ZERO,     /* score zero */
  KH_MISSING_MEAN,     /* group mean of the treated value */
  KH_MISSING_MEDIAN,   /* group median of the treated value */
  KH_MISSING_PREVIOUS, /* carry the previous year's raw value */
} KhMissingPolicy;

/* What an inner node scores when less than `min_coverage` of its weight is backed by
 * this year's data (COINr's dat_thresh). */
typedef enum
{
  KH_BELOW_MISSING, /* no score: re-weighted by its parent like a missing indicator (default) */
  KH_BELOW_ZERO,    /* scores 0 */
} KhBelowRule;

typedef enum
{
  KH_OUTLIER_NONE,
  KH_OUTLIER_WINSOR_PERCENTILE, /* clamp to [p_lo, p_hi] percentiles (outlier_a, outlier_b in 0..100) */
  KH_OUTLIER_WINSOR_SD,         /* clamp to mean ± outlier_a·sd */
  KH_OUTLIER_LOG,               /* x → ln(x) (ln(1 + x) when outlier_a != 0) */
} KhOutlier;

typedef enum
{
  KH_METHOD_MINMAX,       /* a + (b − a)·(x − min)/(max − min); params a, b (default 0, P)      */
  KH_METHOD_ZSCORE,       /* mean + sd·(x − x̄)/σ; params mean, sd                                */
  KH_METHOD_RANK,         /* rank points: P for the best, minus `step` per place (step 0: linear) */
  KH_METHOD_PERCENTILE,   /* P · percentile rank                                                */
  KH_METHOD_GOALPOSTS,    /* P · clamp((x − lo)/(hi − lo), 0, 1): distance to target/goalposts  */
  KH_METHOD_TARGET_RATIO, /* P · min(x / target, cap)                                           */
  KH_METHOD_THRESHOLDS,   /* points of the highest step whose `min` x reaches                     */
  KH_METHOD_GRADES,       /* qualitative grades 优/良/中/差: the data value is the grade's code    */
  KH_METHOD_SATISFACTION, /* P · (rate − floor)/(100 − floor), rate in percent                    */
} KhMethod;

/* One threshold step (KH_METHOD_THRESHOLDS) or one grade (KH_METHOD_GRADES). */
typedef struct
{
  double min;    /* thresholds: lower bound reached; grades: the numeric code in the data */
  double points; /* points awarded */
  KhText label;  /* grades: 优, 良, 中, 差 … ; thresholds: optional */
} KhStep;

typedef struct
{
  KhMethod method;
  double a, b;       /* MINMAX: target range, NaN = default (0, P) */
  double mean, sd;   /* ZSCORE */
  double step;       /* RANK */
  double lo, hi;     /* GOALPOSTS (lo = worst, hi = best/target) */
  double target;     /* TARGET_RATIO */
  double cap;        /* TARGET_RATIO: cap of the ratio, e.g. 1.2; NaN = no cap */
  double floor;      /* SATISFACTION */
  GArray *steps;     /* of KhStep: THRESHOLDS ascending by min, GRADES in order */
} KhScoring;

typedef struct _KhNode KhNode;
/* How the weights of a node's children were obtained (kh-weighting.h). */
typedef struct _KhWeighting KhWeighting;

struct _KhNode
{
  KhNodeKind kind;
  char *id;
  KhText name;
  char *description;
  double weight;             /* relative weight among siblings, default 1     */
  double points;             /* full points (分值), default 100 at the root   */
  KhAggregation aggregation; /* inner nodes                                   */
  gboolean coefficient;      /* this child multiplies under KH_AGG_COEFFICIENT */
  GPtrArray *multiplies;     /* of char*: the sibling ids a coefficient child multiplies;
                              * empty: every sibling without `coefficient` */
  double min_coverage;       /* inner nodes: least share of the weight backed by data, 0 = any */
  KhBelowRule below;         /* inner nodes: the score below min_coverage */
  KhWeighting *weighting;    /* inner nodes: how its children's weights were obtained, or NULL */

  /* Year-over-year continuity */
  char *replaces; /* id of the earlier node this one continues, or NULL */
  char *convert;  /* formula turning last year's values of `replaces` into this node's unit of
                   * measure (names are last year's fields), or NULL: same unit */
  int from_year;  /* 0 = no bound */
  int until_year; /* 0 = no bound */

  /* Indicators only */
  char *unit_of_measure;
  char *source; /* data source department: the provider (统计局 …) who reports the value */
  char *aliases; /* other headers data files use for it, "|"-separated, or NULL */
  double valid_min, valid_max; /* declared plausible range of the value, NAN: none */
  KhDirection direction;
  double band_lo, band_hi;
  gboolean common;    /* 共性指标: applies to every unit */
  GPtrArray *applies; /* of char*: unit or group ids when !common (个性指标) */
  char *formula;      /* NULL: the value is read from data under `id` */
  KhMissingPolicy missing;
  KhOutlier outlier;
  double outlier_a, outlier_b;
  KhScoring scoring;
  gboolean bonus;     /* the score may exceed `points` (the excess is a declared bonus);
                       * otherwise it is clamped to at most `points` */

  /* Tree */
  KhNode *parent;     /* unowned */
  GPtrArray *children; /* of KhNode*, owned */
};

/* A data field that is read but not scored (population, area…), usable in formulas. */
typedef struct
{
  char *id;
  KhText name;
  char *unit_of_measure;
  char *source;  /* the provider who reports it */
  char *aliases; /* "|"-separated, or NULL */
  double valid_min, valid_max; /* NAN: none */
} KhVariable;

typedef enum
{
  KH_ADJUST_BONUS,     /* 加分 (亮点工作) */
  KH_ADJUST_DEDUCTION, /* 减分 */
} KhAdjustKind;

/* Bonus or deduction: amount = min(cap, per_item · value-of-input). */
typedef struct
{
  KhAdjustKind kind;
  char *id;
  KhText name;
  char *description;
  char *input;     /* data field holding the count or points claimed; defaults to id */
  double per_item; /* points per unit of the input, default 1 */
  double cap;      /* maximum points, NaN = none */
} KhAdjustment;

typedef enum
{
  KH_CONSTRAINT_AT_MOST,  /* the input must be ≤ target (PM2.5 annual mean) */
  KH_CONSTRAINT_AT_LEAST, /* the input must be ≥ target */
} KhConstraintSense;

typedef enum
{
  KH_CONSEQUENCE_DEDUCT,   /* deduct `amount` points */
  KH_CONSEQUENCE_CAP_TIER, /* tier can be no better than `amount` (e.g. 2) */
  KH_CONSEQUENCE_VETO,     /* 一票否决: last tier and no award */
} KhConsequence;

/* Binding indicator (约束性指标) with a target value. */
typedef struct
{
  char *id;
  KhText name;
  char *input; /* data field or indicator id checked against the target; defaults to id */
  KhConstraintSense sense;
  double target;
  KhConsequence consequence;
  double amount;
} KhConstraint;

typedef enum
{
  KH_TIER_BY_COUNT,     /* values[i]: how many units in tier i+1 */
  KH_TIER_BY_SHARE,     /* values[i]: share 0..1 of the group in tier i+1 (rounded half up) */
  KH_TIER_BY_THRESHOLD, /* values[i]: minimum score for tier i+1 */
} KhTierMode;

typedef struct
{
  KhTierMode mode;
  int n_tiers;    /* usually 3: 第一/第二/第三等次 */
  GArray *values; /* of double, n_tiers − 1 entries; the rest fall in the last tier */
  GPtrArray *names; /* of KhText*, n_tiers entries, may be empty: defaults used */
} KhTierRule;

/* Award rule, e.g. 争先进位奖: units whose rank improved by at least `min_advance` places;
 * with `most`, only those with the largest advance; restricted to tiers
 * [min_tier, max_tier] (0 = no bound) of the current year. */
typedef struct
{
  char *id;
  KhText name;
  int min_advance;
  gboolean most;
  int min_tier;
  int max_tier;
} KhAwardRule;

/* How a quota's recommendations are chosen (kh-recommend.h). */
typedef enum
{
  KH_QUOTA_SELECT_NONE, /* the quota only: nothing is selected (default) */
  KH_QUOTA_SELECT_RANK, /* a unit's best-ranked eligible children of `target_category`,
                         * up to its quota */
} KhQuotaSelect;

/* The "321" rule: a unit of this group in tier i+1 may recommend counts[i] units of
 * `target_category` (先进县) among its children (the units whose parent it is that year);
 * eligible are those ranked, not vetoed and, when max_tier > 0, in a tier ≤ max_tier. */
typedef struct
{
  char *id;
  KhText name;
  char *target_category;
  GArray *counts; /* of int, per tier */
  KhQuotaSelect select;
  int max_tier;   /* 0: any tier */
} KhQuotaRule;

typedef struct
{
  char *id;
  KhText name;
  int precision;      /* decimal places of the score used for ranking; −1 = framework's */
  KhTierRule tiers;
  GPtrArray *awards;  /* of KhAwardRule* */
  GPtrArray *quotas;  /* of KhQuotaRule* */
} KhGroup;

typedef struct _KhSurvey KhSurvey; /* kh-survey.h */

/* The previous year's results a year's rank change is counted against. */
typedef enum
{
  KH_BASELINE_RECOMPUTED, /* last year's data recomputed with last year's framework (default) */
  KH_BASELINE_PUBLISHED,  /* last year's results as the office published them */
} KhBaselineSource;

/* The previous rank of a unit that continues several units of last year (a merger). */
typedef enum
{
  KH_MERGED_NONE,  /* no previous rank: no rank change, no award for advancing (default) */
  KH_MERGED_BEST,  /* the best previous rank among them */
  KH_MERGED_FIRST, /* the previous rank of the first of them (itself, when it continues) */
} KhMergedRank;

/* The previous rank of a unit whose predecessor is continued by several units (a split). */
typedef enum
{
  KH_SPLIT_NONE,    /* no previous rank (default) */
  KH_SPLIT_INHERIT, /* each part is compared with the rank of the unit it split from */
} KhSplitRank;

typedef struct
{
  gatomicrefcount ref_count;

  char *id;
  int year;
  char *version;
  KhText title;
  char *category; /* city, agency, university, county … */
  char *description;
  int precision; /* decimal places used for ranking ties, default 2 */

  /* Comparing with the previous year (data/schema/README.md, "Rank change") */
  KhBaselineSource baseline;
  KhMergedRank merged_rank;
  KhSplitRank split_rank;

  GPtrArray *groups;      /* of KhGroup* */
  GPtrArray *variables;   /* of KhVariable* */
  KhNode *root;
  GPtrArray *adjustments; /* of KhAdjustment* */
  GPtrArray *constraints; /* of KhConstraint* */
  KhSurvey *survey;       /* the satisfaction survey (kh-survey.h), NULL: none */
} KhFramework;

const char   *kh_text_get            (const KhText *text,
                                      KhLang        lang);
/* The script of the data names (frameworks' and units' names) for a reader of
 * @languages, a NULL-terminated list in order of preference as g_get_language_names()
 * gives it: the first Chinese or English entry decides (Kaohe has no other catalogues,
 * so gettext too passes over the others); Chinese of Taiwan, Hong Kong, Macau or in
 * traditional characters (zh_TW, zh_HK, zh_MO, zh_Hant, zh-TW…) reads KH_LANG_ZH_TW, any
 * other Chinese KH_LANG_ZH_CN, English KH_LANG_EN, and a list with neither (C, POSIX,
 * another language only) KH_LANG_EN as well, where kh_text_get() gives the Chinese name
 * of a name without an English form. The app and kaohe-cli both choose so. */
KhLang        kh_lang_for_languages  (const char *const *languages);
void          kh_text_clear          (KhText       *text);
void          kh_text_copy           (KhText       *dest,
                                      const KhText *src);

KhFramework  *kh_framework_new       (void);
KhFramework  *kh_framework_ref       (KhFramework  *self);
void          kh_framework_unref     (KhFramework  *self);
KhFramework  *kh_framework_copy      (const KhFramework *self);

KhNode       *kh_node_new            (KhNodeKind    kind,
                                      const char   *id);
void          kh_node_free           (KhNode       *node);
KhNode       *kh_node_copy           (const KhNode *node);
void          kh_node_append         (KhNode       *parent,
                                      KhNode       *child);
void          kh_node_insert         (KhNode       *parent,
                                      guint         position,
                                      KhNode       *child);
KhNode       *kh_node_steal          (KhNode       *node);
guint         kh_node_index          (const KhNode *node);
gboolean      kh_node_is_leaf        (const KhNode *node);

KhGroup      *kh_group_new           (const char   *id);
void          kh_group_free          (KhGroup      *group);
KhVariable   *kh_variable_new        (const char   *id);
void          kh_variable_free       (KhVariable   *variable);
KhAdjustment *kh_adjustment_new      (KhAdjustKind  kind,
                                      const char   *id);
void          kh_adjustment_free     (KhAdjustment *adjustment);
KhConstraint *kh_constraint_new      (const char   *id);
void          kh_constraint_free     (KhConstraint *constraint);
KhAwardRule  *kh_award_rule_new      (const char   *id);
void          kh_award_rule_free     (KhAwardRule  *rule);
KhQuotaRule  *kh_quota_rule_new      (const char   *id);
void          kh_quota_rule_free     (KhQuotaRule  *rule);

KhNode       *kh_framework_find_node (KhFramework  *self,
                                      const char   *id);
KhGroup      *kh_framework_find_group (KhFramework *self,
                                       const char  *id);

typedef gboolean (*KhNodeFunc) (KhNode *node, gpointer user_data);

/* Depth-first pre-order walk; stops early when func returns FALSE. */
void          kh_framework_foreach_node (KhFramework *self,
                                         KhNodeFunc   func,
                                         gpointer     user_data);

const char   *kh_aggregation_to_string (KhAggregation   value);
gboolean      kh_aggregation_from_string (const char    *str,
                                          KhAggregation *out);
const char   *kh_direction_to_string (KhDirection value);
gboolean      kh_direction_from_string (const char  *str,
                                        KhDirection *out);
const char   *kh_method_to_string    (KhMethod      value);
gboolean      kh_method_from_string  (const char   *str,
                                      KhMethod     *out);
const char   *kh_missing_to_string   (KhMissingPolicy value);
gboolean      kh_missing_from_string (const char      *str,
                                      KhMissingPolicy *out);
const char   *kh_below_to_string     (KhBelowRule   value);
gboolean      kh_below_from_string   (const char   *str,
                                      KhBelowRule  *out);
const char   *kh_outlier_to_string   (KhOutlier     value);
gboolean      kh_outlier_from_string (const char   *str,
                                      KhOutlier    *out);
const char   *kh_baseline_source_to_string   (KhBaselineSource  value);
gboolean      kh_baseline_source_from_string (const char       *str,
                                              KhBaselineSource *out);
const char   *kh_merged_rank_to_string       (KhMergedRank      value);
gboolean      kh_merged_rank_from_string     (const char       *str,
                                              KhMergedRank     *out);
const char   *kh_split_rank_to_string        (KhSplitRank       value);
gboolean      kh_split_rank_from_string      (const char       *str,
                                              KhSplitRank      *out);
const char   *kh_quota_select_to_string   (KhQuotaSelect value);
gboolean      kh_quota_select_from_string (const char    *str,
                                           KhQuotaSelect *out);
const char   *kh_node_kind_to_string (KhNodeKind    value);
gboolean      kh_node_kind_from_string (const char *str,
                                        KhNodeKind *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhFramework, kh_framework_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhNode, kh_node_free)

G_END_DECLS
