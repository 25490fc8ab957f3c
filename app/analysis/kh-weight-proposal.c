/* kh-weight-proposal.c — proposed weights of a node's children (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-weight-proposal.h"

#include <glib/gi18n.h>
#include <math.h>

G_DEFINE_QUARK (kh-weight-proposal-error-quark, kh_weight_proposal_error)

static void
clear_results (KhWeightProposal *self)
{
  self->computed = FALSE;
  g_clear_pointer (&self->shares, g_free);
  g_clear_pointer (&self->weights, g_free);
  g_clear_pointer (&self->effect_now, g_free);
  g_clear_pointer (&self->effect_proposed, g_free);
  g_clear_pointer (&self->proposed, kh_plan_unref);
  g_clear_pointer (&self->apply_error, g_free);
  g_clear_pointer (&self->judgements, g_ptr_array_unref);
  g_clear_pointer (&self->expert_weights, g_free);
  g_clear_pointer (&self->expert_cr, g_free);
  g_clear_pointer (&self->sd, g_free);
  g_clear_pointer (&self->lo, g_free);
  g_clear_pointer (&self->hi, g_free);
  self->n_rank_changes = 0;
  self->consistency = (KhAhpConsistency) { NAN, NAN, NAN, NAN };
  self->data_year = 0;
  self->n_used = self->n_skipped = self->n_kept = 0;
}

void
kh_weight_proposal_free (KhWeightProposal *self)
{
  if (self == NULL)
    return;
  clear_results (self);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_free (self);
}

KhWeightProposal *
kh_weight_proposal_new (KhPlan      *plan,
                        const char  *node_id,
                        const char  *group,
                        GError     **error)
{
  g_autoptr (KhWeightProposal) self = NULL;
  int index;

  g_return_val_if_fail (plan != NULL && node_id != NULL, NULL);
  index = kh_plan_find_node (plan, node_id);
  if (index < 0)
    {
      g_set_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_NODE,
                   _("the framework has no node “%s”"), node_id);
      return NULL;
    }
  self = g_new0 (KhWeightProposal, 1);
  self->plan = kh_plan_ref (plan);
  self->node = kh_plan_get_node (plan, index);
  self->items = kh_node_weighed_children (self->node);
  self->group = g_strdup (group);
  if (self->items->len < 2)
    {
      g_set_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_NODE,
                   _("“%s” has %u weighed children: weights need at least two"), node_id,
                   self->items->len);
      return NULL;
    }
  self->units = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      KhGroup *g = kh_plan_get_unit_group (plan, u);

      if (g != NULL && (group == NULL || g_strcmp0 (g->id, group) == 0))
        g_array_append_val (self->units, u);
    }
  clear_results (self);
  return g_steal_pointer (&self);
}

const char **
kh_weight_proposal_get_ids (KhWeightProposal *self)
{
  const char **ids = g_new0 (const char *, self->items->len + 1);

  for (guint i = 0; i < self->items->len; i++)
    ids[i] = ((const KhNode *) self->items->pdata[i])->id;
  return ids;
}

/* ---- judgements ------------------------------------------------------------------------ */

static void
collect_problem (gconstpointer object,
                 const char   *message,
                 gpointer      user_data)
{
  GString *problems = user_data;

  (void) object;
  if (problems->len == 0)
    g_string_append (problems, message);
}

/* @judgements copied (n × n values for AHP, n for a budget). */
static GPtrArray *
judgements_copy (KhWeightingMethod  method,
                 GPtrArray         *judgements)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_judgement_free);

  for (guint b = 0; b < judgements->len; b++)
    {
      const KhJudgement *j = judgements->pdata[b];
      gsize size = method == KH_WEIGHTING_AHP ? (gsize) j->n * j->n : j->n;

      g_ptr_array_add (copy, kh_judgement_new (j->expert, j->n,
                                               g_memdup2 (j->values, size * sizeof (double))));
    }
  return copy;
}

/* The judgements as the record of a copy of the node, checked by kh_weighting_check(). */
static gboolean
check_judgements (KhWeightProposal  *self,
                  KhWeightingMethod  method,
                  GPtrArray         *judgements,
                  GError           **error)
{
  guint n = self->items->len;
  g_autoptr (KhNode) copy = kh_node_copy (self->node);
  g_autoptr (GString) problem = g_string_new (NULL);
  KhWeighting *record = kh_weighting_new (method);

  for (guint i = 0; i < n; i++)
    {
      double share = 1.0 / n;

      g_ptr_array_add (record->items, g_strdup (((const KhNode *) self->items->pdata[i])->id));
      g_array_append_val (record->shares, share);
    }
  g_ptr_array_unref (record->judgements);
  record->judgements = judgements_copy (method, judgements);
  kh_weighting_free (copy->weighting);
  copy->weighting = record;
  if (kh_weighting_check (copy, collect_problem, problem) == 0)
    return TRUE;
  g_set_error_literal (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS,
                       problem->str);
  return FALSE;
}

/* ---- methods --------------------------------------------------------------------------- */

static gboolean
ahp_shares (KhWeightProposal  *self,
            GError           **error)
{
  guint n = self->items->len, n_experts = self->judgements->len;
  g_autofree double *mean = g_new (double, n * n);
  g_autofree const double **matrices = g_new (const double *, n_experts);

  for (guint e = 0; e < n_experts; e++)
    matrices[e] = ((const KhJudgement *) self->judgements->pdata[e])->values;
  kh_ahp_geometric_mean (matrices, n_experts, n, mean);
  if (!kh_ahp_weights (mean, n, self->shares, &self->consistency, error))
    return FALSE;
  if (n_experts < 2)
    return TRUE;
  self->expert_weights = g_new (double, (gsize) n_experts * n);
  self->expert_cr = g_new (double, n_experts);
  for (guint e = 0; e < n_experts; e++)
    {
      KhAhpConsistency c = { NAN, NAN, NAN, NAN };
      double *weights = self->expert_weights + (gsize) e * n;

      if (!kh_ahp_weights (matrices[e], n, weights, &c, NULL))
        for (guint i = 0; i < n; i++)
          weights[i] = NAN;
      self->expert_cr[e] = c.cr;
    }
  return TRUE;
}

static gboolean
budget_shares (KhWeightProposal  *self,
               GError           **error)
{
  guint n = self->items->len, n_experts = self->judgements->len;
  g_autofree const double **allocations = g_new (const double *, n_experts);

  for (guint e = 0; e < n_experts; e++)
    allocations[e] = ((const KhJudgement *) self->judgements->pdata[e])->values;
  self->sd = g_new (double, n);
  self->lo = g_new (double, n);
  self->hi = g_new (double, n);
  return kh_budget_weights (allocations, n_experts, n, self->shares, self->sd, self->lo,
                            self->hi, error);
}

/* Entropy, CRITIC and PCA on the children's scores of the units that have all of them. */
static gboolean
data_shares (KhWeightProposal   *self,
             KhWeightingMethod   method,
             GError            **error)
{
  guint n = self->items->len, m = 0, skipped = 0;
  g_autofree double *x = g_new (double, (gsize) MAX (self->units->len, 1) * n);
  g_autofree const char **names = kh_weight_proposal_get_ids (self);
  g_autofree int *index = g_new (int, n);
  gboolean ok;

  for (guint i = 0; i < n; i++)
    index[i] = kh_plan_find_node (self->plan, names[i]);
  for (guint k = 0; k < self->units->len; k++)
    {
      guint u = g_array_index (self->units, guint, k);
      gboolean complete = TRUE;

      for (guint i = 0; i < n && complete; i++)
        {
          x[(gsize) m * n + i] = kh_plan_get_node_score (self->plan, u, index[i]);
          complete = !isnan (x[(gsize) m * n + i]);
        }
      if (complete)
        m++;
      else
        skipped++;
    }
  if (method == KH_WEIGHTING_ENTROPY)
    ok = kh_entropy_weights (x, m, n, names, self->shares, error);
  else if (method == KH_WEIGHTING_CRITIC)
    ok = kh_critic_weights (x, m, n, names, self->shares, error);
  else
    ok = kh_pca_weights (x, m, n, names, self->shares, &self->n_kept, error);
  self->data_year = kh_dataset_get_year (kh_plan_get_dataset (self->plan));
  self->n_used = m;
  self->n_skipped = skipped;
  return ok;
}

/* ---- the proposal ---------------------------------------------------------------------- */

/* The proposed weights (points unchanged) and a plan computed with them. */
static gboolean
propose (KhWeightProposal  *self,
         GError           **error)
{
  guint n = self->items->len;
  g_autoptr (KhNode) copy = kh_node_copy (self->node);
  g_autofree const char **ids = kh_weight_proposal_get_ids (self);
  g_autoptr (KhPlan) plan = NULL;

  if (!kh_node_apply_shares (copy, ids, self->shares, n, error))
    return FALSE;
  plan = kh_plan_copy (self->plan);
  for (guint i = 0; i < n; i++)
    {
      const KhNode *child = NULL;

      for (guint c = 0; c < copy->children->len && child == NULL; c++)
        if (g_strcmp0 (((const KhNode *) copy->children->pdata[c])->id, ids[i]) == 0)
          child = copy->children->pdata[c];
      self->weights[i] = child->weight;
      kh_plan_set_node_weight (plan, kh_plan_find_node (plan, ids[i]), self->weights[i]);
    }
  kh_plan_compute_aggregation (plan);
  self->proposed = g_steal_pointer (&plan);
  return TRUE;
}

/* The children's effective weights in the node's score under @plan (NAN without a plan). */
static void
effective_weights (KhWeightProposal *self,
                   KhPlan           *plan,
                   double           *out)
{
  guint m = self->units->len, n = self->items->len;
  g_autofree double *x = g_new (double, MAX ((gsize) m * n, 1));
  g_autofree double *composite = g_new (double, MAX (m, 1));
  int node = plan != NULL ? kh_plan_find_node (plan, self->node->id) : -1;

  for (guint j = 0; j < n; j++)
    out[j] = NAN;
  if (node < 0)
    return;
  for (guint u = 0; u < m; u++)
    {
      guint unit = g_array_index (self->units, guint, u);

      composite[u] = kh_plan_get_node_score (plan, unit, (guint) node);
      for (guint j = 0; j < n; j++)
        x[(gsize) u * n + j] = kh_plan_get_node_score (
          plan, unit,
          (guint) kh_plan_find_node (plan, ((const KhNode *) self->items->pdata[j])->id));
    }
  kh_effective_weights (x, m, n, composite, out);
}

gboolean
kh_weight_proposal_compute (KhWeightProposal   *self,
                            KhWeightingMethod   method,
                            GPtrArray          *judgements,
                            GError            **error)
{
  guint n;
  gboolean ok;
  g_autoptr (GError) apply_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  n = self->items->len;
  clear_results (self);
  self->method = method;
  self->shares = g_new0 (double, n);
  self->weights = g_new (double, n);
  self->effect_now = g_new (double, n);
  self->effect_proposed = g_new (double, n);
  for (guint i = 0; i < n; i++)
    self->weights[i] = NAN;
  if (method == KH_WEIGHTING_AHP || method == KH_WEIGHTING_BUDGET)
    {
      if (judgements == NULL || judgements->len == 0)
        {
          g_set_error_literal (error, KH_WEIGHT_PROPOSAL_ERROR,
                               KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS,
                               method == KH_WEIGHTING_AHP
                                 ? _("AHP needs at least one comparison matrix")
                                 : _("a budget allocation needs at least one expert's points"));
          return FALSE;
        }
      if (!check_judgements (self, method, judgements, error))
        return FALSE;
      self->judgements = judgements_copy (method, judgements);
    }
  switch (method)
    {
    case KH_WEIGHTING_AHP:
      ok = ahp_shares (self, error);
      break;
    case KH_WEIGHTING_BUDGET:
      ok = budget_shares (self, error);
      break;
    case KH_WEIGHTING_ENTROPY:
    case KH_WEIGHTING_CRITIC:
    case KH_WEIGHTING_PCA:
      ok = data_shares (self, method, error);
      break;
    case KH_WEIGHTING_EQUAL:
    default:
      kh_equal_weights (n, self->shares);
      ok = TRUE;
      break;
    }
  if (!ok)
    return FALSE;
  if (!propose (self, &apply_error))
    {
      /* a share of 0 (entropy or CRITIC weights of an item that does not vary between the
       * units) cannot be applied: the shares are still worth seeing */
      for (guint i = 0; i < n; i++)
        self->weights[i] = NAN;
      self->apply_error = g_strdup (apply_error->message);
    }
  effective_weights (self, self->plan, self->effect_now);
  effective_weights (self, self->proposed, self->effect_proposed);
  for (guint k = 0; self->proposed != NULL && k < self->units->len; k++)
    {
      guint u = g_array_index (self->units, guint, k);
      int was = kh_plan_get_rank (self->plan, u), now = kh_plan_get_rank (self->proposed, u);

      if (was > 0 && now > 0 && was != now)
        self->n_rank_changes++;
    }
  self->computed = TRUE;
  return TRUE;
}

KhWeighting *
kh_weight_proposal_to_weighting (KhWeightProposal *self,
                                 const char       *date,
                                 const char       *author)
{
  KhWeighting *record;

  g_return_val_if_fail (self != NULL && self->computed, NULL);
  record = kh_weighting_new (self->method);
  record->date = g_strdup (date);
  record->author = g_strdup (author);
  for (guint i = 0; i < self->items->len; i++)
    {
      g_ptr_array_add (record->items, g_strdup (((const KhNode *) self->items->pdata[i])->id));
      g_array_append_val (record->shares, self->shares[i]);
    }
  if (self->judgements != NULL)
    {
      g_ptr_array_unref (record->judgements);
      record->judgements = judgements_copy (self->method, self->judgements);
    }
  if (self->method == KH_WEIGHTING_AHP)
    record->consistency = self->consistency.cr;
  if (self->method == KH_WEIGHTING_ENTROPY || self->method == KH_WEIGHTING_CRITIC
      || self->method == KH_WEIGHTING_PCA)
    {
      record->data_year = self->data_year;
      record->group = g_strdup (self->group);
    }
  return record;
}

gboolean
kh_weight_proposal_apply (KhWeightProposal  *self,
                          KhNode            *node,
                          const char        *date,
                          const char        *author,
                          GError           **error)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (self != NULL && self->computed && node != NULL, FALSE);
  if (self->apply_error != NULL)
    {
      g_set_error_literal (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID,
                           self->apply_error);
      return FALSE;
    }
  ids = kh_weight_proposal_get_ids (self);
  if (!kh_node_apply_shares (node, ids, self->shares, self->items->len, error))
    return FALSE;
  kh_weighting_free (node->weighting);
  node->weighting = kh_weight_proposal_to_weighting (self, date, author);
  return TRUE;
}

static int
compare_ranks (gconstpointer a,
               gconstpointer b)
{
  const KhWeightRank *x = a, *y = b;

  if (x->rank_proposed != y->rank_proposed)
    {
      if (x->rank_proposed == 0 || y->rank_proposed == 0)
        return x->rank_proposed == 0 ? 1 : -1;
      return x->rank_proposed < y->rank_proposed ? -1 : 1;
    }
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

GArray *
kh_weight_proposal_ranking (KhWeightProposal *self)
{
  GArray *order;
  int precision;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->proposed == NULL)
    return NULL;
  order = g_array_sized_new (FALSE, FALSE, sizeof (KhWeightRank), self->units->len);
  precision = kh_plan_get_framework (self->plan)->precision;
  for (guint k = 0; k < self->units->len; k++)
    {
      guint unit = g_array_index (self->units, guint, k);
      KhGroup *group = kh_plan_get_unit_group (self->plan, unit);
      KhWeightRank r = { unit, kh_plan_get_rank (self->plan, unit),
                         kh_plan_get_rank (self->proposed, unit),
                         group != NULL && group->precision >= 0 ? group->precision : precision };

      g_array_append_val (order, r);
    }
  g_array_sort (order, compare_ranks);
  return order;
}
