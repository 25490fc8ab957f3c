/* kh-weighting.c — weighting records, their checks and the arithmetic of shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-framework-check.h"
#include "kh-weighting.h"

G_DEFINE_QUARK (kh-weighting-error-quark, kh_weighting_error)

static const char *const method_names[KH_WEIGHTING_N_METHODS] = {
  "equal", "ahp", "entropy", "critic", "pca", "budget",
};

/* Shares recorded and shares now agree within this. */
#define SHARE_EPSILON 1e-6
/* a_ji · a_ij may differ from 1 by this much: 0.33 typed for 1/3 is still reciprocal. */
#define RECIPROCAL_TOLERANCE 0.011

const char *
kh_weighting_method_to_string (KhWeightingMethod method)
{
  g_return_val_if_fail ((guint) method < KH_WEIGHTING_N_METHODS, NULL);
  return method_names[method];
}

gboolean
kh_weighting_method_from_string (const char        *str,
                                 KhWeightingMethod *out)
{
  for (guint i = 0; str != NULL && i < KH_WEIGHTING_N_METHODS; i++)
    if (strcmp (str, method_names[i]) == 0)
      {
        *out = (KhWeightingMethod) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kh_weighting_method_label (KhWeightingMethod method)
{
  switch (method)
    {
    case KH_WEIGHTING_EQUAL:
      return _("Equal weights");
    case KH_WEIGHTING_AHP:
      return _("AHP (pairwise comparisons)");
    case KH_WEIGHTING_ENTROPY:
      return _("Entropy weights");
    case KH_WEIGHTING_CRITIC:
      return _("CRITIC");
    case KH_WEIGHTING_PCA:
      return _("Principal components");
    case KH_WEIGHTING_BUDGET:
      return _("Budget allocation");
    default:
      g_return_val_if_reached (NULL);
    }
}

KhJudgement *
kh_judgement_new (const char *expert,
                  guint       n,
                  double     *values)
{
  KhJudgement *judgement = g_new0 (KhJudgement, 1);

  judgement->expert = g_strdup (expert);
  judgement->n = n;
  judgement->values = values;
  return judgement;
}

void
kh_judgement_free (KhJudgement *judgement)
{
  if (judgement == NULL)
    return;
  g_free (judgement->expert);
  g_free (judgement->values);
  g_free (judgement);
}

KhWeighting *
kh_weighting_new (KhWeightingMethod method)
{
  KhWeighting *weighting = g_new0 (KhWeighting, 1);

  weighting->method = method;
  weighting->items = g_ptr_array_new_with_free_func (g_free);
  weighting->shares = g_array_new (FALSE, TRUE, sizeof (double));
  weighting->consistency = NAN;
  weighting->budget = NAN;
  weighting->judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_judgement_free);
  return weighting;
}

void
kh_weighting_free (KhWeighting *weighting)
{
  if (weighting == NULL)
    return;
  g_free (weighting->date);
  g_free (weighting->author);
  g_free (weighting->description);
  g_ptr_array_unref (weighting->items);
  g_array_unref (weighting->shares);
  g_free (weighting->group);
  g_ptr_array_unref (weighting->judgements);
  g_free (weighting);
}

KhWeighting *
kh_weighting_copy (const KhWeighting *weighting)
{
  KhWeighting *copy;

  g_return_val_if_fail (weighting != NULL, NULL);

  copy = kh_weighting_new (weighting->method);
  copy->date = g_strdup (weighting->date);
  copy->author = g_strdup (weighting->author);
  copy->description = g_strdup (weighting->description);
  for (guint i = 0; i < weighting->items->len; i++)
    g_ptr_array_add (copy->items, g_strdup (weighting->items->pdata[i]));
  g_array_append_vals (copy->shares, weighting->shares->data, weighting->shares->len);
  copy->data_year = weighting->data_year;
  copy->group = g_strdup (weighting->group);
  copy->consistency = weighting->consistency;
  copy->budget = weighting->budget;
  for (guint i = 0; i < weighting->judgements->len; i++)
    {
      const KhJudgement *j = weighting->judgements->pdata[i];
      gsize count = weighting->method == KH_WEIGHTING_AHP ? (gsize) j->n * j->n : j->n;

      g_ptr_array_add (copy->judgements,
                       kh_judgement_new (j->expert, j->n,
                                         count > 0 ? g_memdup2 (j->values, sizeof (double) * count)
                                                   : NULL));
    }
  return copy;
}

/* Shares ------------------------------------------------------------------------------ */

static gboolean
sums_points (const KhNode *node)
{
  return node->aggregation == KH_AGG_SUM || node->aggregation == KH_AGG_COEFFICIENT;
}

gboolean
kh_node_is_weighed (const KhNode *child)
{
  g_return_val_if_fail (child != NULL, FALSE);

  return !(child->coefficient && child->parent != NULL
           && child->parent->aggregation == KH_AGG_COEFFICIENT);
}

GPtrArray *
kh_node_weighed_children (const KhNode *node)
{
  GPtrArray *children = g_ptr_array_new ();

  g_return_val_if_fail (node != NULL, children);

  for (guint i = 0; i < node->children->len; i++)
    if (kh_node_is_weighed (node->children->pdata[i]))
      g_ptr_array_add (children, node->children->pdata[i]);
  return children;
}

/* What a child weighs in its parent: w·P under sum and coefficient, w under the means. */
static double
mass (const KhNode *parent,
      const KhNode *child)
{
  return sums_points (parent) ? child->weight * child->points : child->weight;
}

double
kh_node_share (const KhNode *child)
{
  const KhNode *parent;
  double total = 0;

  g_return_val_if_fail (child != NULL, NAN);

  parent = child->parent;
  if (parent == NULL)
    return 1.0;
  if (!kh_node_is_weighed (child))
    return NAN;
  for (guint i = 0; i < parent->children->len; i++)
    if (kh_node_is_weighed (parent->children->pdata[i]))
      total += mass (parent, parent->children->pdata[i]);
  return total > 0 ? mass (parent, child) / total : NAN;
}

static KhNode *
find_child (const KhNode *node,
            const char   *id)
{
  for (guint i = 0; i < node->children->len; i++)
    if (g_strcmp0 (((KhNode *) node->children->pdata[i])->id, id) == 0)
      return node->children->pdata[i];
  return NULL;
}

gboolean
kh_node_apply_shares (KhNode             *node,
                      const char * const *ids,
                      const double       *shares,
                      guint               n,
                      GError            **error)
{
  g_autoptr (GPtrArray) weighed = NULL;
  g_autofree KhNode **targets = NULL;
  double total = 0, share_sum = 0;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (ids != NULL && shares != NULL), FALSE);

  weighed = kh_node_weighed_children (node);
  targets = g_new0 (KhNode *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      KhNode *child = find_child (node, ids[i]);

      if (child == NULL || !kh_node_is_weighed (child))
        {
          g_set_error (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID,
                       _("“%s” is not a weighed child of “%s”"), ids[i], node->id);
          return FALSE;
        }
      for (guint k = 0; k < i; k++)
        if (targets[k] == child)
          {
            g_set_error (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID,
                         _("“%s” is given twice among the weights of “%s”"), ids[i], node->id);
            return FALSE;
          }
      if (!(shares[i] > 0) || !isfinite (shares[i]))
        {
          g_set_error (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID,
                       _("the share of “%s” must be above 0 (a weight of 0 would drop it: "
                         "retire the indicator instead)"),
                       ids[i]);
          return FALSE;
        }
      targets[i] = child;
      share_sum += shares[i];
    }
  if (n != weighed->len)
    {
      g_set_error (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID,
                   _("weights are given for %u of the %u weighed children of “%s”"), n,
                   weighed->len, node->id);
      return FALSE;
    }
  for (guint i = 0; i < weighed->len; i++)
    total += sums_points (node) ? mass (node, weighed->pdata[i])
                                : ((KhNode *) weighed->pdata[i])->weight;
  for (guint i = 0; i < n; i++)
    {
      double s = shares[i] / share_sum;

      targets[i]->weight = sums_points (node) ? s * total / targets[i]->points : s * total;
    }
  return TRUE;
}

gboolean
kh_weighting_is_current (const KhNode *node)
{
  const KhWeighting *w;

  g_return_val_if_fail (node != NULL, FALSE);

  w = node->weighting;
  if (w == NULL || w->items->len != w->shares->len)
    return FALSE;
  for (guint i = 0; i < w->items->len; i++)
    {
      KhNode *child = find_child (node, w->items->pdata[i]);

      if (child == NULL || !(fabs (kh_node_share (child) - g_array_index (w->shares, double, i))
                             <= SHARE_EPSILON))
        return FALSE;
    }
  {
    g_autoptr (GPtrArray) weighed = kh_node_weighed_children (node);

    return weighed->len == w->items->len;
  }
}

/* Checks ------------------------------------------------------------------------------ */

typedef struct
{
  KhWeightingProblemFunc func;
  gpointer user_data;
  guint n;
} Reporter;

static void report (Reporter *r, gconstpointer object, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
report (Reporter     *r,
        gconstpointer object,
        const char   *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  r->n++;
  if (r->func != NULL)
    r->func (object, message, r->user_data);
}

static void
check_matrix (Reporter          *r,
              const KhNode      *node,
              const KhJudgement *j,
              guint              n,
              guint              index)
{
  g_autofree char *who = j->expert != NULL ? g_strdup_printf ("“%s”", j->expert)
                                           : g_strdup_printf ("%u", index + 1);

  if (j->n != n)
    {
      report (r, j, _("“%s”: matrix %s is %u × %u, but the weighting has %u items"), node->id,
              who, j->n, j->n, n);
      return;
    }
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      {
        double v = j->values[a * n + b], w = j->values[b * n + a];

        if (!(v > 0) || !isfinite (v))
          {
            report (r, j, _("“%s”: matrix %s, row %u, column %u: a comparison must be above 0"),
                    node->id, who, a + 1, b + 1);
            return;
          }
        if (a == b && fabs (v - 1) > 1e-9)
          {
            report (r, j, _("“%s”: matrix %s, row %u: an item compared with itself is 1"),
                    node->id, who, a + 1);
            return;
          }
        if (b > a && w > 0 && isfinite (w) && fabs (v * w - 1) > RECIPROCAL_TOLERANCE)
          {
            report (r, j, _("“%s”: matrix %s, rows %u and %u: the comparisons are not "
                            "reciprocal (%g and %g; write 1/3 for a third)"),
                    node->id, who, a + 1, b + 1, v, w);
            return;
          }
      }
}

static void
check_allocation (Reporter          *r,
                  const KhNode      *node,
                  const KhJudgement *j,
                  guint              n,
                  guint              index)
{
  g_autofree char *who = j->expert != NULL ? g_strdup_printf ("“%s”", j->expert)
                                           : g_strdup_printf ("%u", index + 1);
  double sum = 0;

  if (j->n != n)
    {
      report (r, j, _("“%s”: allocation %s has %u values, but the weighting has %u items"),
              node->id, who, j->n, n);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      if (!(j->values[i] >= 0) || !isfinite (j->values[i]))
        {
          report (r, j, _("“%s”: allocation %s: points cannot be negative"), node->id, who);
          return;
        }
      sum += j->values[i];
    }
  if (!(sum > 0))
    report (r, j, _("“%s”: allocation %s gives no points at all"), node->id, who);
}

guint
kh_weighting_check (const KhNode           *node,
                    KhWeightingProblemFunc  func,
                    gpointer                user_data)
{
  Reporter r = { func, user_data, 0 };
  const KhWeighting *w;
  double sum = 0;
  guint n;

  g_return_val_if_fail (node != NULL, 0);

  w = node->weighting;
  if (w == NULL)
    return 0;
  n = w->items->len;
  if (node->kind == KH_NODE_INDICATOR)
    report (&r, w, _("“%s”: a weighting record belongs on a node with children"), node->id);
  if (n < 2)
    report (&r, w, _("“%s”: a weighting weighs at least two children"), node->id);
  for (guint i = 0; i < n; i++)
    {
      const char *id = w->items->pdata[i];
      KhNode *child = find_child (node, id);

      if (child == NULL)
        report (&r, w, _("“%s”: the weighting names “%s”, which is not one of its children"),
                node->id, id);
      else if (!kh_node_is_weighed (child))
        report (&r, w, _("“%s”: the weighting names “%s”, a coefficient, which has no weight "
                         "in the sum"),
                node->id, id);
      for (guint k = 0; k < i; k++)
        if (g_strcmp0 (w->items->pdata[k], id) == 0)
          report (&r, w, _("“%s”: the weighting names “%s” twice"), node->id, id);
    }
  if (n >= 2 && node->kind != KH_NODE_INDICATOR)
    {
      g_autoptr (GPtrArray) weighed = kh_node_weighed_children (node);

      if (weighed->len != n)
        report (&r, w, _("“%s”: the weighting weighs %u children, but the node has %u that "
                         "take weights"),
                node->id, n, weighed->len);
    }
  if (w->shares->len != n)
    report (&r, w, _("“%s”: the weighting has %u shares for %u items"), node->id, w->shares->len,
            n);
  else
    {
      for (guint i = 0; i < n; i++)
        {
          double s = g_array_index (w->shares, double, i);

          if (!(s >= 0 && s <= 1))
            report (&r, w, _("“%s”: a share must be from 0 to 1"), node->id);
          sum += s;
        }
      if (n > 0 && fabs (sum - 1) > SHARE_EPSILON)
        report (&r, w, _("“%s”: the shares of the weighting add up to %g, not 1"), node->id, sum);
    }
  if (w->consistency < 0)
    report (&r, w, _("“%s”: a consistency ratio cannot be negative"), node->id);
  if (!isnan (w->consistency) && w->method != KH_WEIGHTING_AHP)
    report (&r, w, _("“%s”: a consistency ratio belongs to AHP"), node->id);
  if (!isnan (w->budget) && (w->method != KH_WEIGHTING_BUDGET || !(w->budget > 0)))
    report (&r, w, _("“%s”: a budget is the points above 0 of a budget allocation"), node->id);

  switch (w->method)
    {
    case KH_WEIGHTING_AHP:
      if (w->judgements->len == 0)
        report (&r, w, _("“%s”: AHP weights need at least one comparison matrix"), node->id);
      for (guint i = 0; i < w->judgements->len; i++)
        check_matrix (&r, node, w->judgements->pdata[i], n, i);
      break;
    case KH_WEIGHTING_BUDGET:
      if (w->judgements->len == 0)
        report (&r, w, _("“%s”: a budget allocation needs at least one expert's allocation"),
                node->id);
      for (guint i = 0; i < w->judgements->len; i++)
        check_allocation (&r, node, w->judgements->pdata[i], n, i);
      break;
    case KH_WEIGHTING_ENTROPY:
    case KH_WEIGHTING_CRITIC:
    case KH_WEIGHTING_PCA:
      if (w->data_year == 0)
        report (&r, w, _("“%s”: weights from data name the year of the data"), node->id);
      G_GNUC_FALLTHROUGH;
    case KH_WEIGHTING_EQUAL:
    default:
      if (w->judgements->len > 0)
        report (&r, w, _("“%s”: matrices and allocations belong to AHP and budget allocation"),
                node->id);
      break;
    }
  if ((w->data_year != 0 || w->group != NULL)
      && (w->method == KH_WEIGHTING_AHP || w->method == KH_WEIGHTING_BUDGET
          || w->method == KH_WEIGHTING_EQUAL))
    report (&r, w, _("“%s”: a year and group of data belong to entropy, CRITIC and PCA weights"),
            node->id);
  return r.n;
}

double
kh_ahp_random_index (guint n)
{
  /* Saaty (1980) for n ≤ 10; 11–15 as tabulated in Saaty's later work. */
  static const double ri[] = { 0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                               1.51, 1.48, 1.56, 1.57, 1.59 };

  return n < G_N_ELEMENTS (ri) ? ri[n] : NAN;
}
