/* kh-engine.h — the scoring engine: a framework compiled into a flat evaluation plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_plan_new() compiles a KhFramework against the units of a KhDataset once: the
 * tree is flattened (pre-order), formulas become stack programs ordered by their
 * dependencies, peer groups become unit index lists, and every buffer the pipeline
 * needs is allocated. kh_plan_compute() then runs the pipeline for all groups:
 *
 *   1 derive    formulas on the current year (growth()/prev() read the previous plan)
 *   2 missing   reweight (default) / zero / group mean / group median / previous value
 *   3 treat     winsorise (percentile or mean ± a·sd) or log
 *   4 score     the indicator's method; direction "lower" flips, "band" scores the
 *               distance to the band as lower-is-better
 *   5 aggregate bottom-up with each node's aggregation, re-weighting over the
 *               available (and applicable) children
 *   6 adjust    bonuses, deductions, binding constraints
 *   7 rank      on the total rounded half away from zero to the precision; ties share
 *               the better rank (1, 2, 2, 4)
 *   8 tier      count, share or threshold; caps and vetoes from failed constraints
 *   9 compare   previous rank (the unit's or its predecessors', recomputed or as
 *               published), rank change among the units compared in both years,
 *               awards, quotas ("321")
 *
 * Every formula with its edge cases is in data/schema/README.md, "Scoring formulas".
 * kh_plan_compute() does not allocate; all values are stored unit × node (indicator)
 * in dense arrays and are read back with the getters below (explanations; the
 * contributions are derived from the node scores when asked). Results
 * depend only on the input: summation order is fixed, so runs are bit-for-bit equal.
 *
 * The previous year: pass the computed plan of the previous year (its framework may
 * differ: nodes are matched by id, or by `replaces`). At kh_plan_new() the current
 * plan copies what it needs from it (previous values of the fields growth()/prev()/
 * carry-previous use, totals, ranks and contributions matched by unit id), so the
 * previous plan may be released afterwards — unless it was shared
 * (kh_plan_share_as_previous()): then the plan holds it and reads its contributions there.
 *
 * Unit indices are the dataset's. A unit's group is the dataset's group id; when it
 * is NULL and the framework has exactly one group, the unit belongs to it.
 */
#pragma once

#include <glib.h>

#include "kh-dataset.h"
#include "kh-framework.h"

G_BEGIN_DECLS

#define KH_ENGINE_ERROR (kh_engine_error_quark ())

typedef enum
{
  KH_ENGINE_ERROR_INVALID, /* the framework cannot be compiled (message names the node) */
  KH_ENGINE_ERROR_DATA,    /* the data does not fit the framework (names unit and field) */
} KhEngineErrorCode;

typedef enum
{
  KH_STAGE_RAW,     /* as in the data (NaN for a formula indicator) */
  KH_STAGE_DERIVED, /* after formulas */
  KH_STAGE_TREATED, /* after missing-value imputation, outlier treatment (and flip) */
  KH_STAGE_SCORED,  /* the indicator's score in points */
} KhStage;

typedef enum
{
  KH_VALUE_OK,
  KH_VALUE_MISSING,        /* no value: skipped and re-weighted */
  KH_VALUE_NOT_APPLICABLE, /* 个性 indicator not covering the unit */
  KH_VALUE_IMPUTED,        /* group mean/median or previous year's value */
  KH_VALUE_ZERO,           /* missing, scored zero by policy */
} KhValueState;

/* How a unit continues last year's units (the dataset's predecessors). */
typedef enum
{
  KH_CONTINUITY_SAME,    /* itself, by id */
  KH_CONTINUITY_NEW,     /* no unit of last year */
  KH_CONTINUITY_RENAMED, /* one unit of another id */
  KH_CONTINUITY_MERGED,  /* several units */
  KH_CONTINUITY_SPLIT,   /* a unit that several units of this year continue */
} KhContinuity;

typedef struct _KhPlan KhPlan;

GQuark        kh_engine_error_quark     (void);

/* @previous: the computed plan of last year, or NULL. On failure sets @error with
 * every problem found, one per line. The plan keeps a reference to @dataset and
 * reads its columns in place: change values through kh_plan_set_value() and add no
 * units or fields to it while the plan lives. */
KhPlan       *kh_plan_new               (KhFramework *framework,
                                         KhDataset   *dataset,
                                         KhPlan      *previous,
                                         GError     **error);
/* kh_plan_new() without last year's contributions to each unit's score
 * (kh_plan_get_previous_contribution() is NaN, as after
 * kh_plan_drop_previous_contributions()): for a plan that only serves as the previous
 * plan of the next year, or whose changes nobody explains (issue 22: at 3,000 units they
 * were 9 % of computing a year whose last two years are computed with it). */
KhPlan       *kh_plan_new_unexplained   (KhFramework *framework,
                                         KhDataset   *dataset,
                                         KhPlan      *previous,
                                         GError     **error);
/* How much of the previous year's plan a plan reads (kh_framework_previous_need). */
typedef enum
{
  KH_PREVIOUS_NONE = -1,     /* nothing */
  KH_PREVIOUS_VALUES = 0,    /* the fields' values (derived, before treatment) */
  KH_PREVIOUS_STANDINGS = 1, /* also treated values, scores, contributions, totals, ranks, tiers */
  KH_PREVIOUS_ALL = 2,       /* also awards: a plan given as @previous to kh_plan_new() */
} KhPreviousNeed;

/* What a plan of @framework, of which @need is read, needs of its own previous plan:
 * its values when a formula calls growth() or prev() (the fields' values) or an
 * indicator carries last year's value (from STANDINGS on), its standings when a group
 * has awards counted against the recomputed baseline (ALL). A plan computed with a
 * previous plan computed to that need gives what @need names exactly as a plan
 * computed with every earlier year would (kh-engine-previous.c). */
KhPreviousNeed kh_framework_previous_need (KhFramework   *framework,
                                           KhPreviousNeed need);
/* The data fields of @framework that a plan of @next (the year after) reads of a plan of
 * @framework given as its previous one computed to KH_PREVIOUS_VALUES — what growth(),
 * prev() and carried values read, through `replaces` and `convert` — with the fields
 * their formulas derive from, and so on: a set of ids (char*, owned) of which a plan of
 * @framework computed on a dataset holding these fields alone gives what @next reads
 * exactly as one on the whole dataset would. A superset: every name of a formula that
 * calls growth() or prev() is taken. */
GHashTable    *kh_framework_previous_fields (KhFramework *framework,
                                             KhFramework *next);
/* Last year's units and values scored under this year's @framework (kh-engine-like.c):
 * each data field takes last year's value of the same id, or of the node it replaces
 * (through `convert`), else missing. Not computed yet. */
KhPlan       *kh_plan_new_like_for_like (KhFramework *framework,
                                         KhPlan      *previous,
                                         GError     **error);
/* A plan of its own for another thread: the same framework and dataset (shared, read
 * in place), the same weights, variations and previous year; not computed. Each copy
 * may compute in its own thread while no one changes the dataset. */
KhPlan       *kh_plan_copy              (KhPlan      *self);
KhPlan       *kh_plan_ref               (KhPlan      *self);
void          kh_plan_unref             (KhPlan      *self);

/* Runs the whole pipeline; no allocation. */
void          kh_plan_compute           (KhPlan      *self);
/* Step 1 alone (derive): the fields' values, as kh_plan_compute() leaves them, and no
 * indicator scored, aggregated or ranked — for a plan whose standings are set next
 * (kh_plan_set_standing(), from standings kept by its computation before) and which
 * lends next year's plan only those and its values (issue 22). Its scores are stale: a
 * later kh_plan_compute_aggregation() runs the whole pipeline. */
void          kh_plan_compute_values    (KhPlan      *self);
/* Aggregation onwards only (aggregate, adjust, rank, tier, compare) on the indicator
 * scores of the last kh_plan_compute(), when only weights or tier cut-offs changed since:
 * they leave those scores alone. The whole pipeline when the plan was never computed or
 * a value, method or missing-data rule changed through the setters below. */
void          kh_plan_compute_aggregation (KhPlan    *self);

/* A new plan of @framework — the plan's framework with only weights changed: the same
 * nodes, ids, points, methods and rules — computed from @self's results without
 * computing them again (kh-engine-reweight.c): the values and the indicators' scores are
 * taken over, the nodes above a changed weight aggregated again, then adjustments,
 * ranks, tiers, rank change and awards. Bit for bit what kh_plan_new() on the same
 * dataset and previous year then kh_plan_compute() give. @self must be computed and
 * carry no variation (kh_plan_set_scoring(), _missing(), _tier_values()); @self is
 * left unchanged. NULL with @error when the framework does not compile or differs
 * from @self's in more than the checked structure allows. */
KhPlan       *kh_plan_reweight          (KhPlan      *self,
                                         KhFramework *framework,
                                         GError     **error);

/* Sets unit @unit's standing in computed @self — its score of every node (in the plan's
 * node order, kh_plan_get_node()), total, rank, tier and awards (bit i: the group's award
 * i) — to those of a computation stored before (kh-project-results.c, "standings"), so
 * that @self serves as the previous plan of the next year (kh_plan_new()) as the plan
 * that computed them did: its baseline, awards and contributions. The rounded total
 * follows the total. */
/* The weight of every node as @self uses it (the framework's, or 0 for an indicator
 * without data in the year), into @weights (kh_plan_get_n_nodes() of them); and set
 * back — FALSE, nothing set, when one is not finite and ≥ 0 — with the standings of a
 * plan made from fewer of the year's values, whose contributions split by them. */
void          kh_plan_get_standing_weights (KhPlan       *self,
                                            double       *weights);
gboolean      kh_plan_set_standing_weights (KhPlan       *self,
                                            const double *weights);
void          kh_plan_set_standing      (KhPlan       *self,
                                         guint         unit,
                                         const double *node_scores,
                                         double        total,
                                         int           rank,
                                         int           tier,
                                         guint32       awards);

/* Changes one value in the dataset (adds nothing: the field must exist in the
 * dataset) or one node's weight in the plan; call kh_plan_compute() afterwards. */
gboolean      kh_plan_set_value         (KhPlan      *self,
                                         guint        unit,
                                         const char  *field,
                                         double       value);
gboolean      kh_plan_set_weight        (KhPlan      *self,
                                         const char  *node_id,
                                         double       weight);

/* Variations of one plan that leave the framework alone (kh-engine-vary.c; the analysis
 * layer runs them on copies, one per thread); call kh_plan_compute() or
 * kh_plan_compute_aggregation() afterwards. None allocates, but the first rule of an
 * indicator that imputes (mean, median, previous) allocates its row of treated values. */
gboolean      kh_plan_set_node_weight   (KhPlan      *self,
                                         guint        node,
                                         double       weight);
/* @scoring NULL: the framework's own; otherwise it must outlive its use. Fails, naming
 * the indicator, when @node is not an indicator or the method lacks a parameter it needs
 * (thresholds and grades only with their steps). */
gboolean      kh_plan_set_scoring       (KhPlan      *self,
                                         guint        node,
                                         const KhScoring *scoring,
                                         GError     **error);
/* Fails when @node is not an indicator, or for KH_MISSING_PREVIOUS when the plan holds
 * no previous values of its field. */
gboolean      kh_plan_set_missing       (KhPlan      *self,
                                         guint        node,
                                         KhMissingPolicy policy,
                                         GError     **error);
/* The cut-offs of @group's tier rule (group->tiers.values->len values, same meaning);
 * @values NULL: the framework's own. FALSE when @group is not one of the plan's. */
gboolean      kh_plan_set_tier_values   (KhPlan      *self,
                                         const KhGroup *group,
                                         const double *values);

KhFramework  *kh_plan_get_framework     (KhPlan      *self);
KhDataset    *kh_plan_get_dataset       (KhPlan      *self);
guint         kh_plan_get_n_units       (KhPlan      *self);
guint         kh_plan_find_unit         (KhPlan      *self,
                                         const char  *id);

/* Nodes in pre-order; index 0 is the root. */
guint         kh_plan_get_n_nodes       (KhPlan      *self);
const KhNode *kh_plan_get_node          (KhPlan      *self,
                                         guint        node);
int           kh_plan_find_node         (KhPlan      *self,
                                         const char  *id);
KhGroup      *kh_plan_get_unit_group    (KhPlan      *self,
                                         guint        unit);

/* Per unit results. Rank 0: not ranked (no score at all); tier 0: no tier rule. */
double        kh_plan_get_total         (KhPlan      *self,
                                         guint        unit);
double        kh_plan_get_rounded_total (KhPlan      *self,
                                         guint        unit);
int           kh_plan_get_rank          (KhPlan      *self,
                                         guint        unit);
int           kh_plan_get_tier          (KhPlan      *self,
                                         guint        unit);
gboolean      kh_plan_get_vetoed        (KhPlan      *self,
                                         guint        unit);
int           kh_plan_get_previous_rank (KhPlan      *self,
                                         guint        unit);
double        kh_plan_get_previous_total (KhPlan     *self,
                                          guint       unit);
/* The id of the unit's unit of last year (the same id, or the one it was renamed from), NULL when none. */
const char   *kh_plan_get_previous_unit_id (KhPlan   *self,
                                            guint     unit);
/* FALSE when the unit is not compared with last year (no previous rank, or no rank);
 * *change = its rank last year among the units of its group compared in both years
 * minus its rank this year among them (data/schema/README.md, "Rank change"): the
 * previous rank − rank when the group's units are the same both years. */
gboolean      kh_plan_get_rank_change   (KhPlan      *self,
                                         guint        unit,
                                         int         *change);
/* The standings last year's ranks come from (recomputed or published); NULL: none. */
KhBaseline   *kh_plan_get_baseline      (KhPlan      *self);
KhContinuity  kh_plan_get_continuity    (KhPlan      *self,
                                         guint        unit);
/* The unit of last year whose standing the unit is compared with (itself, the unit it
 * was renamed from, the one the merger or split rule chose), or NULL. */
const char   *kh_plan_get_compared_unit (KhPlan      *self,
                                         guint        unit);
/* That unit's peer group last year (NULL: not known). */
const char   *kh_plan_get_previous_group (KhPlan     *self,
                                          guint       unit);
/* TRUE when that group is another one than the unit's now: no previous rank then. */
gboolean      kh_plan_get_transferred   (KhPlan      *self,
                                         guint        unit);
/* The unit's rank last year and this year among the n units of its group compared in
 * both years; FALSE when it is not compared. */
gboolean      kh_plan_get_compared_ranks (KhPlan     *self,
                                          guint       unit,
                                          int        *previous,
                                          int        *current,
                                          guint      *n_compared);
const char   *kh_continuity_to_string   (KhContinuity value);
/* How the unit continues last year's units, for a reader; NULL when it simply continues
 * itself (or nothing is compared with last year): "new this year", "renamed from A",
 * "merged from A, B; compared as B" (or "…; not compared with last year"), "split from
 * A; …", and "moved from group G: not compared with last year" for a transfer. Names
 * come from @previous (last year's dataset; NULL or unknown there: the ids). */
char         *kh_plan_describe_continuity (KhPlan    *self,
                                           guint      unit,
                                           KhDataset *previous);
/* Whether the unit receives award rule @award of its group (index in group->awards). */
gboolean      kh_plan_has_award         (KhPlan      *self,
                                         guint        unit,
                                         guint        award);
/* Count of quota rule @quota of the unit's group for its tier; 0 without a tier. */
int           kh_plan_get_quota         (KhPlan      *self,
                                         guint        unit,
                                         guint        quota);

/* Explanations */
double        kh_plan_get_value         (KhPlan      *self,
                                         guint        unit,
                                         guint        node,
                                         KhStage      stage);
KhValueState  kh_plan_get_value_state   (KhPlan      *self,
                                         guint        unit,
                                         guint        node);
/* A node's score in its own points (NaN: nothing available below it). */
double        kh_plan_get_node_score    (KhPlan      *self,
                                         guint        unit,
                                         guint        node);
/* The share of a node's weight that this year's data backs, in [0, 1]: an indicator
 * counts 1 with a value of its own and 0 when missing, scored zero or imputed (group
 * mean, median or last year's value); not applicable ones take no part; an inner node
 * weighs its children as it aggregates them (w·P for sum and coefficient, w for the
 * means), a multiplied child times the coverage of its coefficients. NaN: nothing
 * below the node applies to the unit. */
double        kh_plan_get_coverage      (KhPlan      *self,
                                         guint        unit,
                                         guint        node);
/* kh_plan_get_coverage() of @node for every unit at once, into @coverages (one a unit,
 * in the dataset's order): the same values, bit for bit, for a fraction of the cost of
 * asking unit by unit. */
void          kh_plan_get_coverages     (KhPlan      *self,
                                         guint        node,
                                         double      *coverages);
/* A node's share of the unit's total, in total points; over the indicators they sum
 * to the root's score (see README for the non-linear aggregations). Computed on demand
 * for one unit at a time and cached in the plan: the getters of one plan are not to be
 * called from two threads at once. */
double        kh_plan_get_contribution  (KhPlan      *self,
                                         guint        unit,
                                         guint        node);
/* The same node's contribution last year (0 when absent; NAN after
 * kh_plan_drop_previous_contributions()), matched by node/unit id. Read from a shared
 * previous plan (kh_plan_share_as_previous()), kept for one unit at a time as
 * kh_plan_get_contribution()'s are. */
double        kh_plan_get_previous_contribution (KhPlan *self,
                                                 guint   unit,
                                                 guint   node);
/* Lets go of last year's contributions (a node count × unit count array, 53 MB at 30,000
 * units; or the plan they are read from, kh_plan_share_as_previous()), for a plan made
 * only to be the previous year of another: nothing reads them but
 * kh_plan_get_previous_contribution() (issue 22). */
void          kh_plan_drop_previous_contributions (KhPlan *self);
/* Computed @self serves the plans made with it as their previous plan from now on
 * (kh_plan_new(), and their copies and re-weighted plans) in place: each holds a
 * reference to it and computes last year's contributions of a unit from its node scores
 * when asked (kh_plan_get_previous_contribution(), the same values bit for bit), keeping
 * them for the last unit asked as kh_plan_get_contribution() does, instead of copying
 * every unit's (issue 22: 5.3 MB at 3,000 units × 221 nodes, and as much again while
 * copying). For a previous plan held anyway, e.g. the app's last year: @self must then
 * not be changed or computed again while they live. */
void          kh_plan_share_as_previous (KhPlan *self);
/* Gives back the resident memory beyond the ends of the plan's arrays of 2 MiB or more
 * (its node scores, last year's contributions): each was put on transparent huge pages
 * with its last one whole (faster to compute), up to 1 MB a 5.3 MB array past its end.
 * For a plan kept alive for long (the app's, issue 22); its results are untouched. */
void          kh_plan_release_slack     (KhPlan      *self);
/* Points of adjustment @adjustment (framework->adjustments index), signed: bonuses
 * positive, deductions negative. */
double        kh_plan_get_adjustment    (KhPlan      *self,
                                         guint        unit,
                                         guint        adjustment);
gboolean      kh_plan_get_constraint_failed (KhPlan  *self,
                                             guint    unit,
                                             guint    constraint);

/* Rounds half away from zero to @digits decimals (the ranking rule). */
double        kh_round_half_away        (double       value,
                                         int          digits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhPlan, kh_plan_unref)

G_END_DECLS
