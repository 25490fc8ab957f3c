/* kh-weight-methods.h — weighting methods on plain arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function returns weights summing to 1. Data matrices are m units × n items,
 * row-major (x[unit · n + item]), with every value present, oriented "higher is better"
 * (the indicators' scores as the framework gives them are). Formulas:
 *
 * AHP (Saaty 1980): the principal right eigenvector of the positive reciprocal matrix A
 *   (GSL's non-symmetric eigensolver), normalised to sum 1; λmax its eigenvalue;
 *   CI = (λmax − n)/(n − 1), CR = CI/RI with Saaty's random index (kh_ahp_random_index());
 *   CI = CR = 0 for n ≤ 2. A CR above 0.1 (KH_AHP_CR_LIMIT) calls for revising the
 *   judgements. Group AHP: the element-wise geometric mean of the experts' matrices
 *   (Aczél and Saaty 1983), which is again reciprocal, then the same.
 * Entropy: pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ (x ≥ 0), eⱼ = −(1/ln m) Σᵢ pᵢⱼ ln pᵢⱼ (0·ln 0 = 0),
 *   dⱼ = 1 − eⱼ, wⱼ = dⱼ / Σ d. An item whose values are all equal gets 0.
 * CRITIC (Diakoulaki, Mavrotas and Papayannakis 1995): each column min-max normalised,
 *   σⱼ its sample standard deviation, rⱼₖ the Pearson correlations, Cⱼ = σⱼ Σₖ (1 − rⱼₖ),
 *   wⱼ = Cⱼ / Σ C. An item that does not vary gets 0 and takes no part in the others' sums.
 * PCA (Nicoletti, Scarpetta and Boylaud 2000; OECD/JRC Handbook 2008, §6.1, without
 *   rotation): the eigen-decomposition of the items' correlation matrix; the components
 *   with an eigenvalue above 1 are kept (at least the first); each item belongs to the
 *   kept component on which its squared normalised loading u²ⱼₖ is largest and weighs
 *   u²ⱼₖ · λₖ / Σ kept λ; the weights are then scaled to sum 1.
 * Budget allocation: each expert's points as shares of that expert's total; the weights
 *   are the mean shares, with their sample standard deviation, least and greatest.
 * Effective weights (not a method but a check of any weights: how much each item in fact
 *   decides a composite; Paruolo, Saisana and Saltelli 2013): r²ⱼ, the squared Pearson
 *   correlation of item j with the composite over the units where both are present — the
 *   first-order effect of a linear composite — normalised to sum 1. Missing values are
 *   allowed here (NAN); an item present with the composite in fewer than 3 units, or that
 *   does not vary there, counts 0.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_AHP_CR_LIMIT 0.1

typedef struct
{
  double lambda_max;
  double ci;
  double ri; /* NAN beyond n = 15: no CR */
  double cr;
} KhAhpConsistency;

/* @matrix n × n row-major, positive; n ≥ 2. */
gboolean kh_ahp_weights          (const double      *matrix,
                                  guint              n,
                                  double            *weights,
                                  KhAhpConsistency  *consistency,
                                  GError           **error);
/* @out n × n: the element-wise geometric mean of @n_matrices matrices. */
void     kh_ahp_geometric_mean   (const double *const *matrices,
                                  guint              n_matrices,
                                  guint              n,
                                  double            *out);

void     kh_equal_weights        (guint              n,
                                  double            *weights);
/* @names (may be NULL) name the items in messages. */
gboolean kh_entropy_weights      (const double      *x,
                                  guint              m,
                                  guint              n,
                                  const char *const *names,
                                  double            *weights,
                                  GError           **error);
gboolean kh_critic_weights       (const double      *x,
                                  guint              m,
                                  guint              n,
                                  const char *const *names,
                                  double            *weights,
                                  GError           **error);
/* *n_kept (may be NULL): the components kept. */
gboolean kh_pca_weights          (const double      *x,
                                  guint              m,
                                  guint              n,
                                  const char *const *names,
                                  double            *weights,
                                  guint             *n_kept,
                                  GError           **error);
/* @allocations: @n_experts arrays of n points. @sd, @lo and @hi may be NULL; @sd is NAN
 * for a single expert. */
gboolean kh_budget_weights       (const double *const *allocations,
                                  guint              n_experts,
                                  guint              n,
                                  double            *weights,
                                  double            *sd,
                                  double            *lo,
                                  double            *hi,
                                  GError           **error);

/* @x: m × n as above, NAN for missing; @composite: m values. FALSE, every weight NAN,
 * when no item correlates with the composite (it does not vary, say). */
gboolean kh_effective_weights    (const double      *x,
                                  guint              m,
                                  guint              n,
                                  const double      *composite,
                                  double            *weights);

G_END_DECLS
