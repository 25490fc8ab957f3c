/* kh-weight-proposal.h — proposed weights of a node's children, beside the current ones,
 * with the ranking they give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `kaohe-cli weights` prints and the framework editor's Propose Weights shows, worked
 * out once for both (no I/O): for a node of a computed plan and a weighting method
 * (app/analysis/kh-weight-methods.h), the share of each weighed child proposed, the
 * weights that give those shares with the points unchanged (kh_node_apply_shares()), each
 * child's effective weight in the node's score now and with the proposed weights
 * (kh_effective_weights() over the group's units), the plan recomputed with them (its
 * ranking beside the current one), and the `<weighting>` record that says how they were
 * obtained.
 *
 * Two steps: kh_weight_proposal_new() finds the node and its weighed children (at least
 * two) and the units of the group; kh_weight_proposal_compute() runs a method. AHP takes
 * one or more n × n comparison matrices (several: group AHP, their element-wise geometric
 * mean, with each expert's own weights and CR), budget allocation one or more rows of
 * points; entropy, CRITIC and PCA use the children's scores of the group's units that have
 * all of them. Shares that cannot be applied (a share of 0: an item that does not vary)
 * are still computed: `weights` is then NAN, `proposed` NULL and `apply_error` says why.
 */
#pragma once

#include <glib.h>

#include "analysis/kh-weight-methods.h"
#include "core/kh-engine.h"
#include "core/kh-weighting.h"

G_BEGIN_DECLS

#define KH_WEIGHT_PROPOSAL_ERROR (kh_weight_proposal_error_quark ())

typedef enum
{
  KH_WEIGHT_PROPOSAL_ERROR_NODE,       /* no such node, or fewer than two weighed children */
  KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS, /* the matrices or allocations break the record's rules */
} KhWeightProposalErrorCode;

GQuark kh_weight_proposal_error_quark (void);

typedef struct
{
  KhPlan *plan;             /* the current plan (a reference) */
  const KhNode *node;       /* in @plan's framework */
  GPtrArray *items;         /* of const KhNode*: the weighed children */
  char *group;              /* the peer group of the data and the ranking, or NULL: all */
  GArray *units;            /* of guint: the group's units (every unit with a group) */

  /* after kh_weight_proposal_compute() */
  gboolean computed;
  KhWeightingMethod method;
  double *shares;           /* proposed, parallel to items */
  double *weights;          /* giving the shares, points unchanged; NAN: cannot apply */
  double *effect_now;       /* effective weights under @plan (NAN: none) */
  double *effect_proposed;  /* under @proposed (NAN without it) */
  KhPlan *proposed;         /* the plan with the proposed weights, or NULL */
  char *apply_error;        /* why the shares cannot be applied, or NULL */
  guint n_rank_changes;     /* units ranked in both whose rank differs */

  GPtrArray *judgements;    /* of KhJudgement*: the matrices or allocations used */
  KhAhpConsistency consistency; /* AHP: of the (mean) matrix */
  double *expert_weights;   /* group AHP: n_experts × n (NAN: that expert's failed) */
  double *expert_cr;        /* group AHP: each expert's CR (NAN: not computed) */
  double *sd, *lo, *hi;     /* budget: the spread of the experts' shares */
  int data_year;            /* entropy, CRITIC, PCA: the year of the data */
  guint n_used;             /* … the units with every child scored */
  guint n_skipped;          /* … the units left out */
  guint n_kept;             /* PCA: the components kept */
} KhWeightProposal;

/* @group NULL: every unit that has a group. */
KhWeightProposal *kh_weight_proposal_new     (KhPlan             *plan,
                                              const char         *node_id,
                                              const char         *group,
                                              GError            **error);
void              kh_weight_proposal_free    (KhWeightProposal   *self);

/* The ids of the weighed children, in order (borrowed strings, NULL-terminated array to
 * free with g_free). */
const char      **kh_weight_proposal_get_ids (KhWeightProposal   *self);

/* Runs @method. @judgements (of KhJudgement*, borrowed; copied): AHP's matrices (n × n)
 * or budget's allocations (n), at least one; NULL for the other methods. Can be called
 * again with another method. FALSE with @error (…_JUDGEMENTS when the judgements break
 * kh_weighting_check()'s rules; the methods' own errors otherwise). */
gboolean          kh_weight_proposal_compute (KhWeightProposal   *self,
                                              KhWeightingMethod   method,
                                              GPtrArray          *judgements,
                                              GError            **error);

/* The `<weighting>` record of the computed proposal (items, shares, the judgements, the
 * data's year and group, AHP's CR), dated @date (YYYY-MM-DD, may be NULL) by @author (may
 * be NULL). */
KhWeighting      *kh_weight_proposal_to_weighting (KhWeightProposal *self,
                                                   const char       *date,
                                                   const char       *author);

/* Sets the proposed weights and the record on @node (a copy of the proposal's node in a
 * framework being edited: the same id and weighed children). FALSE with @error when the
 * shares cannot be applied. */
gboolean          kh_weight_proposal_apply   (KhWeightProposal   *self,
                                              KhNode             *node,
                                              const char         *date,
                                              const char         *author,
                                              GError            **error);

/* A unit of the ranking the proposed weights give (kh_weight_proposal_ranking()). */
typedef struct
{
  guint unit;         /* in the plans' dataset */
  int rank_now;       /* in @plan; 0: not ranked */
  int rank_proposed;  /* in @proposed; 0: not ranked */
  int digits;         /* decimals of its totals: its group's precision, else the framework's */
} KhWeightRank;

/* The group's units in the order of their rank under the proposed weights (the units not
 * ranked last; ties in the dataset's order), of KhWeightRank, as `kaohe-cli weights` and
 * the Weights… window list them; NULL while the proposal has no @proposed plan. */
GArray           *kh_weight_proposal_ranking (KhWeightProposal   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhWeightProposal, kh_weight_proposal_free)

G_END_DECLS
