/* kh-weighting.h — how the weights of a node's children were obtained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KhWeighting is the record kept on an inner node (`<weighting>` in the framework
 * file, data/schema/README.md "Weighting records"): the method, who recorded it and
 * when, the children it weighs (`items`) and the shares it gave them (summing to 1),
 * and what it was computed from — the pairwise-comparison matrices of AHP (several
 * experts: group AHP, aggregated by the element-wise geometric mean), the point
 * allocations of a budget allocation, or the year and peer group whose data entropy,
 * CRITIC and PCA weights were computed on.
 *
 * A child's share is its part of the node's score at full marks: wᵢ·Pᵢ / Σ wⱼ·Pⱼ under
 * `sum` and `coefficient` (over the children without `coefficient`), wᵢ / Σ wⱼ under the
 * means. kh_weighting_apply() turns shares back into weights without touching points,
 * so Σ wᵢ·Pᵢ — the node's full points — stays as it was.
 *
 * The numerical methods are in app/analysis/kh-weight-methods.h; this file only holds
 * the record, its checks and the arithmetic of shares.
 */
#pragma once

#include <glib.h>

#include "kh-framework.h"

G_BEGIN_DECLS

#define KH_WEIGHTING_ERROR (kh_weighting_error_quark ())

typedef enum
{
  KH_WEIGHTING_ERROR_INVALID, /* weights that cannot be applied (the message says why) */
} KhWeightingErrorCode;

GQuark kh_weighting_error_quark (void);

typedef enum
{
  KH_WEIGHTING_EQUAL,   /* every item the same share */
  KH_WEIGHTING_AHP,     /* Saaty's pairwise comparisons; several matrices: group AHP */
  KH_WEIGHTING_ENTROPY, /* entropy weight method on a year's data */
  KH_WEIGHTING_CRITIC,  /* CRITIC (Diakoulaki et al. 1995) on a year's data */
  KH_WEIGHTING_PCA,     /* principal components (Nicoletti et al. 2000) on a year's data */
  KH_WEIGHTING_BUDGET,  /* budget allocation: experts' points, averaged */
} KhWeightingMethod;

#define KH_WEIGHTING_N_METHODS 6

/* One expert's input: an AHP matrix (n × n, row-major) or a budget allocation (n). */
typedef struct
{
  char *expert;   /* may be NULL */
  guint n;        /* items */
  double *values; /* n × n (AHP) or n (budget) */
} KhJudgement;

struct _KhWeighting
{
  KhWeightingMethod method;
  char *date;          /* YYYY-MM-DD, or NULL */
  char *author;        /* who recorded it (`by`), or NULL */
  char *description;   /* why, in words, or NULL */
  GPtrArray *items;    /* of char*: the children weighed, in the order of everything below */
  GArray *shares;      /* of double: the resulting shares, parallel to items, summing to 1 */
  int data_year;       /* entropy, CRITIC, PCA: the year of the data (0: not said) */
  char *group;         /* entropy, CRITIC, PCA: the peer group of the data, or NULL */
  double consistency;  /* AHP: the consistency ratio of the (aggregated) matrix; NAN: not said */
  double budget;       /* budget: the points each expert had to allocate; NAN: not said */
  GPtrArray *judgements; /* of KhJudgement*: AHP matrices or budget allocations */
};

const char   *kh_weighting_method_to_string   (KhWeightingMethod  method);
gboolean      kh_weighting_method_from_string (const char        *str,
                                               KhWeightingMethod *out);
/* The method's name for people ("AHP", "Entropy weights" …), translated. */
const char   *kh_weighting_method_label       (KhWeightingMethod  method);

KhWeighting  *kh_weighting_new      (KhWeightingMethod   method);
KhWeighting  *kh_weighting_copy     (const KhWeighting  *weighting);
void          kh_weighting_free     (KhWeighting        *weighting);

/* Takes @values (n × n for AHP, n for a budget). */
KhJudgement  *kh_judgement_new      (const char         *expert,
                                     guint               n,
                                     double             *values);
void          kh_judgement_free     (KhJudgement        *judgement);

/* TRUE when @child takes part in its parent's weights: not a coefficient under a
 * `coefficient` parent. */
gboolean      kh_node_is_weighed    (const KhNode       *child);
/* The children of @node that take part in its weights (of KhNode*, borrowed). */
GPtrArray    *kh_node_weighed_children (const KhNode    *node);
/* The share of @child in its parent's weights (see above); NAN when it takes no part. */
double        kh_node_share         (const KhNode       *child);

/* Sets the weights of @node's children named in @ids so that their shares among the
 * weighed children become @shares (summing to 1 over @ids, which must be every weighed
 * child): wᵢ = sᵢ·W/Pᵢ with W = Σ wⱼ·Pⱼ under sum and coefficient, wᵢ = sᵢ·Σ wⱼ under the
 * means. Points are left alone. FALSE with a message naming the node when an id is not
 * a weighed child, a weighed child is missing, or a share is not positive. */
gboolean      kh_node_apply_shares  (KhNode             *node,
                                     const char * const *ids,
                                     const double       *shares,
                                     guint               n,
                                     GError            **error);

/* Whether the children's shares still are those recorded (each within 1e-6). */
gboolean      kh_weighting_is_current (const KhNode     *node);

typedef void (*KhWeightingProblemFunc) (gconstpointer  object,
                                        const char    *message,
                                        gpointer       user_data);

/* The semantic rules of a node's weighting record (README, "Weighting records"); each
 * problem names the KhWeighting* or the KhJudgement* concerned. Returns their number. */
guint         kh_weighting_check    (const KhNode           *node,
                                     KhWeightingProblemFunc  func,
                                     gpointer                user_data);

/* Saaty's random consistency index RI for an n × n matrix (n ≤ 15; 0 for n ≤ 2), from
 * Saaty, The Analytic Hierarchy Process (1980), table 1.3, extended to n = 15 by Saaty
 * and Vargas (2012). NAN beyond 15. */
double        kh_ahp_random_index   (guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhWeighting, kh_weighting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhJudgement, kh_judgement_free)

G_END_DECLS
