/* kh-engine-private.h — the plan shared by the engine's stage files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine is one object, KhPlan, whose code is split by pipeline stage
 * (data/schema/README.md, "The pipeline"):
 *
 *   kh-engine.c            kh_plan_new() and kh_plan_compute(): the stages in order; getters
 *   kh-engine-compile.c    framework + dataset → plan (nodes, fields, groups, buffers)
 *   kh-engine-derive.c     formulas → stack programs; step 1, derive
 *   kh-engine-normalise.c  steps 2–5: missing values, outliers, direction, scoring
 *   kh-engine-aggregate.c  step 6: aggregation bottom-up
 *   kh-engine-adjust.c     step 7: bonuses, deductions, binding constraints
 *   kh-engine-rank.c       steps 8–9: rounding, ranks, tiers
 *   kh-engine-previous.c   step 9: who is compared with whom last year, and how
 *   kh-engine-award.c      step 9: awards against the previous year
 *   kh-engine-explain.c    values by stage, contributions
 *   kh-engine-vary.c       copies of a plan and their variations (the analysis layer's)
 *   kh-engine-reweight.c   a computed plan re-weighted: only the aggregation above a changed weight
 *   kh-engine-sort.[ch]    sorting and order statistics without allocation
 *
 * Layout: every per-unit quantity is a dense array indexed [row * n_units + unit],
 * where a row is a node, an indicator, an adjustment or a constraint. All of them,
 * and the work buffers, are allocated in kh_plan_new(); kh_plan_compute() only
 * writes into them. Scoring runs indicator by indicator within each peer group;
 * aggregation node by node over all units (children before parents), with rows of
 * accumulators. An indicator whose treated value can only equal its derived value
 * is scored in place in its score row. Contributions (explanations only) are
 * computed per unit on demand. Only the engine's files include this header.
 */
#pragma once

#include "kh-engine.h"

G_BEGIN_DECLS

typedef enum
{
  OP_CONST,
  OP_LOAD,
  OP_PREV,
  OP_GROWTH,
  OP_NEG,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_ABS,
  OP_MIN,
  OP_MAX,
  OP_LN,
} OpCode;

typedef struct
{
  OpCode op;
  guint field; /* OP_LOAD, OP_PREV, OP_GROWTH: value field index */
  double value; /* OP_CONST */
} Op;

typedef struct
{
  GArray *ops;   /* of Op */
  guint target;  /* value field written */
  guint depth;   /* stack slots needed */
} Program;

/* A named value: variable, indicator, adjustment or constraint input. */
typedef struct
{
  char *id;
  const double *values; /* the dataset column, the derived column or the NaN column */
  double *derived;      /* owned: formula indicators */
  double *prev;         /* owned: previous year's value, when something needs it */
  gboolean needs_prev;
  gboolean named;       /* a variable or an indicator: formulas may use it */
  int indicator;        /* index in plan->inds, or −1 */
  guint data_field;     /* dataset field or KH_DATASET_NONE */
} ValueField;

typedef struct
{
  const KhNode *src;
  int parent;
  guint *children;
  guint n_children;
  int indicator; /* −1: inner node */
  double weight;
  double points;
  gboolean shortfall; /* below a coefficient child: contributions split by shortfall */
  gboolean by_child;  /* coefficient node whose coefficients multiply chosen siblings only */
  guint *multipliers; /* a non-coefficient child of a by_child node: the coefficient */
  guint n_multipliers; /* siblings (node indices) that multiply it */
} PlanNode;

typedef struct
{
  const KhNode *src;
  guint node;
  guint field;
  guint8 *applies; /* n_units flags, NULL: common */
  double *treated; /* n_units, owned; NULL when treated = derived (scored in place) */
  const KhScoring *scoring; /* the node's, or one set by kh_plan_set_scoring() */
  KhMissingPolicy missing;  /* the node's, or one set by kh_plan_set_missing() */
} PlanIndicator;

typedef struct
{
  KhGroup *group; /* NULL: implicit single group */
  guint *units;
  guint n_units;
  int precision;
  double *tier_values; /* the tier rule's cut-offs, or those set by kh_plan_set_tier_values() */
  guint n_compared; /* units compared in both years (kh-engine-previous.c) */
} PlanGroup;

struct _KhPlan
{
  gatomicrefcount ref_count;
  KhFramework *framework;
  KhDataset *dataset;
  guint n_units;
  gboolean computed;
  gboolean scores_stale; /* a value, method or missing-data rule changed since the last compute */

  PlanNode *nodes;
  guint n_nodes;
  PlanIndicator *inds;
  guint n_inds;
  ValueField *fields;
  guint n_fields;
  GHashTable *field_index; /* id → index + 1 */
  GHashTable *node_index;  /* node id → index + 1 (the first node with that id) */
  Program *programs;       /* in dependency order */
  guint n_programs;
  PlanGroup *groups;
  guint n_groups;
  int *unit_group;

  double *nan_column;
  double *stack;
  double *work;    /* n_units */
  double *acc;     /* 6 × n_units accumulators */
  guint *adjust_field;     /* per adjustment: its input's value field */
  guint *constraint_field; /* per constraint: its input's value field */

  /* results */
  double *node_score; /* [node][unit]; indicators' rows are their scores */
  double *contrib_buf; /* n_nodes: contributions of unit contrib_unit */
  guint contrib_unit;  /* G_MAXUINT: none computed */
  guint8 *state;      /* [indicator][unit] */
  double *adjust;     /* [adjustment][unit] */
  guint8 *failed;     /* [constraint][unit] */
  double *total;
  double *rounded;
  int *rank;
  int *tier;
  guint8 *vetoed;
  guint32 *awards;

  gboolean has_previous;   /* a previous plan: its values and contributions */
  double *prev_contrib; /* [node][unit], copied; or NULL, read from prev_plan: */
  KhPlan *prev_plan;    /* last year's plan, shared (kh_plan_share_as_previous()), or NULL */
  guint *prev_unit_map; /* with prev_plan, per unit: its unit there, KH_DATASET_NONE when none */
  int *prev_node_match; /* with prev_plan, per node: its node there, −1 when none */
  double *prev_contrib_buf; /* with prev_plan: contributions there of prev_contrib_unit */
  guint prev_contrib_unit;  /* its unit there; G_MAXUINT: none computed */
  char **prev_unit_id;  /* per unit: its unit of last year, NULL when none */
  gboolean shared_as_previous; /* read in place by the plans made with it as their previous */

  /* What each unit is compared with last year (kh-engine-previous.c) */
  KhBaseline *baseline;    /* last year's standings; NULL: nothing to compare with */
  guint8 *continuity;      /* KhContinuity */
  char **prev_unit;        /* the predecessor whose standing counts, or NULL */
  char **prev_group;       /* its group last year, or NULL */
  guint8 *transferred;     /* its group last year was another one */
  int *prev_rank;          /* its rank last year; 0: none, or not comparable */
  double *prev_total;
  int *prev_compared;      /* rank last year among the units compared in both years; 0: not compared */
  int *cur_compared;       /* rank this year among them */
};

#define CHECK_UNIT(ret)                                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_return_val_if_fail (self != NULL, ret);                                                      \
    g_return_val_if_fail (unit < self->n_units, ret);                                              \
  }                                                                                                \
  G_STMT_END

guint    kh_engine_field_lookup (KhPlan     *self,
                        const char *id);
gboolean kh_engine_grade_code_ok (const KhNode *node,
                         double        value);

/* kh-engine-compile.c: each appends what it finds wrong to @problems */
/* What is wrong with scoring @s of indicator @node: appended to @problems (NULL: only
 * counted, without allocating); returns how many problems there are. */
guint    kh_engine_check_scoring (const KhNode    *node,
                                  const KhScoring *s,
                                  GString         *problems);
void     kh_engine_compile_nodes (KhPlan  *self,
                         GString *problems);
void     kh_engine_compile_fields (KhPlan  *self,
                          GString *problems);
void     kh_engine_compile_groups (KhPlan  *self,
                          GString *problems);
void     kh_engine_bind_data (KhPlan  *self,
                     GString *problems);
void     kh_engine_allocate (KhPlan *self);
/* With @contributions, last year's contributions are copied (prev_contrib). */
void     kh_engine_bind_previous (KhPlan  *self,
                                  KhPlan  *prev,
                                  gboolean contributions);

/* kh-engine-previous.c */
void     kh_engine_link_previous (KhPlan  *self,
                                  KhPlan  *prev,
                                  GString *problems);
/* Makes @copy compare with last year as @self does (kh_plan_copy()). */
void     kh_engine_copy_previous (KhPlan *copy,
                                  KhPlan *self);
guint    kh_engine_previous_source (KhPlan *self,
                                    KhPlan *prev,
                                    guint   u);
void     kh_engine_compare (KhPlan    *self,
                            PlanGroup *pg);

/* kh-engine-derive.c */
void     kh_engine_compile_formulas (KhPlan  *self,
                            GString *problems);
void     kh_engine_derive (KhPlan *self);
/* @out[u]: @formula (no growth() or prev()) on the fields of @prev for its unit @map[u];
 * NaN where the unit is absent or a name is unknown. */
void     kh_engine_eval_previous (KhPlan      *prev,
                                  const char  *formula,
                                  const guint *map,
                                  guint        n,
                                  double      *out);

/* kh-engine-normalise.c, kh-engine-aggregate.c */
void     kh_engine_score_indicator (KhPlan          *self,
                           guint            i,
                           const PlanGroup *pg);
void     kh_engine_aggregate (KhPlan *self);
/* Only the inner nodes flagged in @marked (n_nodes flags; NULL: all) */
void     kh_engine_aggregate_marked (KhPlan       *self,
                                     const guint8 *marked);
/* kh-engine.c: aggregation of the @marked nodes (NULL: all), then adjustments, ranks,
 * tiers, rank change and awards, in order */
void     kh_engine_compute_from_aggregation (KhPlan       *self,
                                             const guint8 *marked);

/* kh-engine-adjust.c, kh-engine-rank.c, kh-engine-award.c */
void     kh_engine_adjust (KhPlan *self);
void     kh_engine_rank_and_tier (KhPlan          *self,
                         const PlanGroup *pg);
void     kh_engine_award (KhPlan          *self,
                 const PlanGroup *pg);

/* kh-engine-aggregate.c: the share of node @n's weight backed by this year's data for
 * unit @u (NaN: nothing below it applies) */
#define KH_COVERAGE_EPSILON 1e-9
double  kh_engine_coverage (KhPlan *self,
                            guint   n,
                            guint   u);
/* kh_engine_coverage() of node @n for every unit into @out (n_units), bit for bit, the
 * tree walked once rather than once a unit (issue 22) */
void    kh_engine_coverage_all (KhPlan *self,
                                guint   n,
                                double *out);

/* kh-engine-compile.c: an array of @n doubles, freed with g_free (); one of 2 MiB or
 * more (a plan's scores at 3,000 units × 221 nodes are 5.3 MB) aligned on a huge page and
 * marked for transparent huge pages where Linux offers them on request (madvise): a
 * page fault for each 2 MiB rather than each 4 KiB, where the first touch of each page
 * was a third of computing a year (issue 22). */
double  *kh_engine_alloc_doubles (gsize n);
/* kh-engine-compile.c: a copy of @n doubles made by kh_engine_alloc_doubles(); NULL for
 * NULL. */
double  *kh_engine_dup_doubles   (const double *src,
                                  gsize         n);
/* kh-engine-compile.c: of an array of @n doubles from kh_engine_alloc_doubles(), the
 * huge page's part past its end given back (kh_plan_release_slack()). */
void     kh_engine_release_tail  (double *block,
                                  gsize   n);

/* kh-engine-explain.c: the contributions of unit @u into contrib_buf */
void     kh_engine_ensure_contributions (KhPlan *self,
                                guint   u);
/* kh-engine-explain.c: the contributions of every unit into @out ([node][unit]), each
 * bit for bit kh_engine_ensure_contributions()'s, node by node over every unit rather
 * than unit by unit (issue 22); contrib_buf untouched */
void     kh_engine_all_contributions (KhPlan *self,
                                      double *out);
/* kh-engine-explain.c: the contributions of unit @u into @buf (n_nodes), as
 * kh_engine_ensure_contributions() computes them into contrib_buf; nothing of @self
 * written */
void     kh_engine_unit_contributions (KhPlan *self,
                                       guint   u,
                                       double *buf);
/* kh-engine-explain.c: @copy reads last year's contributions as @self does (a copy of
 * @self's, or the plan @self shares them with) */
void     kh_engine_copy_previous_contributions (KhPlan *copy,
                                                KhPlan *self);

G_END_DECLS
