/* kh-stat-audit.h — the statistical audit of a framework on a group's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the scores of a computed plan (indicators' scores after direction and method, and
 * every aggregate's score) over the units of one group:
 *   - Pearson and Spearman correlations (GSL; ties share their mean rank) between every
 *     two nodes, within and across levels, on the units where both are scored;
 *   - per node with two children or more ("dimension"): Cronbach's α of its children,
 *     α = k/(k − 1) · (1 − Σ var(childᵢ) / var(Σ childᵢ)), and the principal components of
 *     the children's correlation matrix (GSL's symmetric eigen-solver: eigenvalues, shares
 *     of the total, loadings = eigenvector · √eigenvalue, each component signed so that
 *     its loadings sum to a positive number), both on the units where every child is
 *     scored;
 *   - flags: an indicator whose Spearman ρ with its own parent is negative, and two
 *     indicators with |ρ| > 0.9.
 * A statistic with fewer than three units, or a value that never varies, is NaN.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

#define KH_AUDIT_COLLINEAR 0.9

typedef enum
{
  KH_AUDIT_FLAG_NEGATIVE,  /* a: the indicator, b: its parent */
  KH_AUDIT_FLAG_COLLINEAR, /* a, b: two indicators */
} KhAuditFlagKind;

typedef struct
{
  KhAuditFlagKind kind;
  guint a, b;      /* indices in audit->ids */
  double pearson;
  double spearman;
} KhAuditFlag;

typedef struct
{
  guint node;        /* index in audit->ids */
  guint n_items;     /* its children that are scored */
  guint *items;      /* indices in audit->ids */
  guint n_complete;  /* units where every item is scored */
  double alpha;
  double *eigenvalues; /* n_items, descending */
  double *explained;   /* n_items, eigenvalue / n_items */
  double *loadings;    /* n_items × n_items: [component · n_items + item] */
} KhAuditDimension;

typedef struct
{
  guint n_units;
  guint n_nodes;
  char **ids;          /* the nodes scored for some unit of the group, pre-order */
  int *parents;        /* index of the parent in ids, −1 for the root */
  int *levels;         /* depth, 0 for the root */
  KhNodeKind *kinds;
  double *pearson;     /* n_nodes × n_nodes */
  double *spearman;
  guint *pairs;        /* n_nodes × n_nodes: units where both are scored */
  guint n_dimensions;
  KhAuditDimension *dimensions;
  GArray *flags;       /* of KhAuditFlag */
} KhStatAudit;

/* On a computed copy of @plan (the plan itself is left alone); @group_id NULL: the plan's
 * only group. */
KhStatAudit *kh_stat_audit_new  (KhPlan      *plan,
                                 const char  *group_id,
                                 GError     **error);
void         kh_stat_audit_free (KhStatAudit *audit);
int          kh_stat_audit_find (const KhStatAudit *audit,
                                 const char        *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhStatAudit, kh_stat_audit_free)

G_END_DECLS
