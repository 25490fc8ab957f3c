/* kh-indicator-health.h — does each indicator still tell the units apart? (准入/退出)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For every indicator of a computed plan, over the units of one peer group it applies to:
 *   missing rate  the share of those units without a value of their own this year
 *                 (missing, imputed or scored zero by policy);
 * and over the units with a value of their own (their scores, in the indicator's points):
 *   saturation    the share at full points (score ≥ P − 10⁻⁹·P) or, for an indicator
 *                 scored towards a target (goalposts: hi; target-ratio: target; not with
 *                 direction band), with its treated value within ε of the target:
 *                 |x − target| ≤ ε·|target| (ε·|hi − lo| when the target is 0),
 *                 ε = KH_HEALTH_TARGET_TOLERANCE = 1 %;
 *   CV            sample standard deviation / mean (NAN when the mean is 0);
 *   distinct      the number of different scores (equal within 10⁻⁹·P);
 *   Gini          Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄) (0 when every score is 0);
 *   redundancy    the indicator with the largest |ρ| (Spearman's rank correlation, ties
 *                 given their average rank; over the units both have scores of their
 *                 own, at least 3) and that ρ;
 *   nominal       the indicator's share of the total at full marks: the product of
 *                 kh_node_share() from the indicator up to the root;
 *   effective     its first-order effect on the total, estimated as r² of its score with
 *                 the unit's total (the linear correlation ratio; Paruolo, Saisana and
 *                 Saltelli 2013), normalised so that the indicators' effects sum to 1
 *                 (kh_effective_weights()).
 * Over the years (kh_indicator_health_add_trend(), the same group in earlier years, indicators
 * matched by id):
 *   narrowing     the CV fell from each year to the next over at least the last three years;
 *   filling       the share at full points rose likewise.
 * Admission (kh_indicator_health_pilot()): a proposed indicator's pilot values over the
 * units of the group, examined as above (missing rate, CV, distinct values, Gini, its
 * largest |ρ| with the scores of the indicators in place); it has no points nor weight yet.
 * The verdict, with every reason that led to it:
 *   candidate for exit  every unit scores the same, or ≥ 80 % are at full points;
 *   review              ≥ 50 % at full points, CV below 0.05, at most 3 different scores
 *                       among 10 units or more, |ρ| > 0.9 with another indicator, or more
 *                       than 20 % missing, or narrowing or filling over the years;
 *   keep                otherwise.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

#define KH_HEALTH_FULL_EXIT     0.8
#define KH_HEALTH_FULL_REVIEW   0.5
#define KH_HEALTH_CV_REVIEW     0.05
#define KH_HEALTH_FEW_DISTINCT  3
#define KH_HEALTH_FEW_UNITS     10
#define KH_HEALTH_REDUNDANT     0.9
#define KH_HEALTH_TARGET_TOLERANCE 0.01
#define KH_HEALTH_MISSING       0.2
#define KH_HEALTH_TREND_YEARS   3

typedef enum
{
  KH_HEALTH_KEEP,
  KH_HEALTH_REVIEW,
  KH_HEALTH_EXIT,
} KhHealthVerdict;

typedef enum
{
  KH_HEALTH_CONSTANT    = 1 << 0,
  KH_HEALTH_SATURATED   = 1 << 1, /* ≥ 80 % at full points or at the target */
  KH_HEALTH_MOSTLY_FULL = 1 << 2, /* ≥ 50 % */
  KH_HEALTH_LOW_SPREAD  = 1 << 3,
  KH_HEALTH_FEW_VALUES  = 1 << 4,
  KH_HEALTH_DUPLICATE   = 1 << 5, /* |ρ| > 0.9 with another indicator */
  KH_HEALTH_GAPS        = 1 << 6, /* more than 20 % missing */
  KH_HEALTH_NO_DATA     = 1 << 7, /* no unit has a value of its own */
  KH_HEALTH_NARROWING   = 1 << 8, /* the CV fell every year, three years or more */
  KH_HEALTH_FILLING     = 1 << 9, /* the share at full points rose every year, likewise */
} KhHealthReason;

typedef struct
{
  guint node;           /* the plan's node index */
  guint n_applicable;   /* units of the group it applies to */
  guint n_own;          /* of which with a value of their own */
  double missing_rate;
  double saturation;
  double mean;
  double cv;
  guint distinct;
  double gini;
  int closest;          /* plan node index of the indicator with the largest |ρ|; −1: none */
  double rho;           /* that Spearman correlation (NAN: none) */
  double nominal;
  double effective;     /* NAN when the total does not vary */
  KhHealthVerdict verdict;
  guint reasons;        /* KhHealthReason flags */
  int narrowing_since;  /* the first year of the narrowing (0: none), and its CV */
  double cv_since;
  int filling_since;    /* the first year of the filling (0: none), and its share */
  double saturation_since;
} KhIndicatorHealth;

/* Of KhIndicatorHealth, the indicators in pre-order. @group: NULL for the framework's only
 * group. NULL with an error when the group is unknown or has no units. */
GArray *kh_indicator_health       (KhPlan                  *plan,
                                   const char              *group,
                                   GError                 **error);
/* Adds the trend to @health (of @plan): @earlier holds kh_indicator_health() arrays of the
 * same group in earlier years, oldest first, and @earlier_plans their plans. Sets
 * narrowing_since and filling_since, adds those reasons and judges again. */
void    kh_indicator_health_add_trend (GArray                  *health,
                                       KhPlan                  *plan,
                                       GPtrArray               *earlier,
                                       GPtrArray               *earlier_plans);
/* The entry of @health (of @plan) for the indicator @id, or NULL. */
const KhIndicatorHealth *kh_indicator_health_find (GArray      *health,
                                                   KhPlan      *plan,
                                                   const char  *id);
/* The admission check of a proposed indicator: @values are its pilot values for the plan's
 * units (kh_dataset_get_n_units() of them, NAN where none). @out->node is G_MAXUINT;
 * saturation, nominal and effective are NAN. Its verdict reads, with
 * kh_health_admission_label(): admit, review, do not admit. FALSE with an error as
 * kh_indicator_health(). */
gboolean kh_indicator_health_pilot (KhPlan                  *plan,
                                    const char              *group,
                                    const double            *values,
                                    KhIndicatorHealth       *out,
                                    GError                 **error);
/* The verdict of an admission check in words, translated. */
const char *kh_health_admission_label (KhHealthVerdict      verdict);
/* The verdict in words, translated: "keep", "review", "candidate for exit". */
const char *kh_health_verdict_label (KhHealthVerdict        verdict);
/* The reasons in words, one sentence each, joined by "; " (empty for keep); another
 * indicator is named by its name in @lang (its id when it has none). */
char   *kh_indicator_health_reasons (const KhIndicatorHealth *health,
                                     KhPlan                  *plan,
                                     KhLang                   lang);

G_END_DECLS
