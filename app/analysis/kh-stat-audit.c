/* kh-stat-audit.c — the statistical audit of a framework on a group's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-stat-audit.h"

/* Scores of the audited nodes over the group's units: values[node · n_units + unit]. */
typedef struct
{
  guint n_units;
  double *values;
} Scores;

static double
variance_or_nan (const double *x,
                 guint         n)
{
  return n >= 2 ? gsl_stats_variance (x, 1, n) : NAN;
}

/* Pearson and Spearman over the units where both are scored. */
static void
correlate (const Scores *scores,
           guint         a,
           guint         b,
           double       *pearson,
           double       *spearman,
           guint        *pairs,
           double       *x,
           double       *y,
           double       *work)
{
  const double *va = scores->values + (gsize) a * scores->n_units;
  const double *vb = scores->values + (gsize) b * scores->n_units;
  guint n = 0;

  for (guint u = 0; u < scores->n_units; u++)
    if (!isnan (va[u]) && !isnan (vb[u]))
      {
        x[n] = va[u];
        y[n] = vb[u];
        n++;
      }
  *pairs = n;
  *pearson = *spearman = NAN;
  if (n < 3 || !(variance_or_nan (x, n) > 0) || !(variance_or_nan (y, n) > 0))
    return;
  *pearson = gsl_stats_correlation (x, 1, y, 1, n);
  *spearman = gsl_stats_spearman (x, 1, y, 1, n, work);
}

/* α and the principal components of one dimension's items on its complete units. */
static void
audit_dimension (const Scores     *scores,
                 KhAuditDimension *dim)
{
  guint k = dim->n_items, n = 0;
  g_autofree double *data = g_new (double, (gsize) MAX (k, 1) * MAX (scores->n_units, 1));
  g_autofree double *total = g_new (double, MAX (scores->n_units, 1));
  double sum_var = 0, var_total;

  dim->eigenvalues = g_new (double, MAX (k, 1));
  dim->explained = g_new (double, MAX (k, 1));
  dim->loadings = g_new (double, MAX (k * k, 1));
  for (guint i = 0; i < k * k; i++)
    dim->loadings[i] = NAN;
  for (guint i = 0; i < k; i++)
    dim->eigenvalues[i] = dim->explained[i] = NAN;
  dim->alpha = NAN;

  /* data[item · n + complete unit] */
  for (guint u = 0; u < scores->n_units; u++)
    {
      gboolean complete = TRUE;

      for (guint i = 0; i < k && complete; i++)
        complete = !isnan (scores->values[(gsize) dim->items[i] * scores->n_units + u]);
      if (!complete)
        continue;
      for (guint i = 0; i < k; i++)
        data[(gsize) i * scores->n_units + n] = scores->values[(gsize) dim->items[i] * scores->n_units + u];
      n++;
    }
  dim->n_complete = n;
  if (k < 2 || n < 3)
    return;

  for (guint j = 0; j < n; j++)
    {
      total[j] = 0;
      for (guint i = 0; i < k; i++)
        total[j] += data[(gsize) i * scores->n_units + j];
    }
  for (guint i = 0; i < k; i++)
    sum_var += gsl_stats_variance (data + (gsize) i * scores->n_units, 1, n);
  var_total = gsl_stats_variance (total, 1, n);
  if (var_total > 0)
    dim->alpha = k / (k - 1.0) * (1.0 - sum_var / var_total);

  {
    gsl_matrix *corr = gsl_matrix_alloc (k, k);
    gsl_matrix *vectors = gsl_matrix_alloc (k, k);
    gsl_vector *values = gsl_vector_alloc (k);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc (k);
    gboolean ok = TRUE;

    for (guint i = 0; i < k && ok; i++)
      ok = gsl_stats_variance (data + (gsize) i * scores->n_units, 1, n) > 0;
    for (guint i = 0; i < k && ok; i++)
      for (guint j = 0; j < k; j++)
        gsl_matrix_set (corr, i, j,
                        i == j ? 1.0
                               : gsl_stats_correlation (data + (gsize) i * scores->n_units, 1,
                                                        data + (gsize) j * scores->n_units, 1, n));
    if (ok && gsl_eigen_symmv (corr, values, vectors, ws) == GSL_SUCCESS)
      {
        gsl_eigen_symmv_sort (values, vectors, GSL_EIGEN_SORT_VAL_DESC);
        for (guint c = 0; c < k; c++)
          {
            double lambda = MAX (gsl_vector_get (values, c), 0.0);
            double sum = 0, sign = 1;

            for (guint i = 0; i < k; i++)
              sum += gsl_matrix_get (vectors, i, c);
            /* a sign of its own for each component: loadings summing to more than 0,
             * or the first non-zero one positive when they cancel out */
            if (fabs (sum) > 1e-12)
              sign = sum < 0 ? -1 : 1;
            else
              for (guint i = 0; i < k; i++)
                if (fabs (gsl_matrix_get (vectors, i, c)) > 1e-12)
                  {
                    sign = gsl_matrix_get (vectors, i, c) < 0 ? -1 : 1;
                    break;
                  }
            dim->eigenvalues[c] = gsl_vector_get (values, c);
            dim->explained[c] = gsl_vector_get (values, c) / k;
            for (guint i = 0; i < k; i++)
              dim->loadings[c * k + i] = sign * gsl_matrix_get (vectors, i, c) * sqrt (lambda);
          }
      }
    gsl_eigen_symmv_free (ws);
    gsl_vector_free (values);
    gsl_matrix_free (vectors);
    gsl_matrix_free (corr);
  }
}

static void
add_flags (KhStatAudit *audit)
{
  guint n = audit->n_nodes;

  for (guint a = 0; a < n; a++)
    {
      int p = audit->parents[a];

      if (audit->kinds[a] != KH_NODE_INDICATOR)
        continue;
      if (p >= 0 && audit->spearman[(gsize) a * n + p] < 0)
        {
          KhAuditFlag flag = { KH_AUDIT_FLAG_NEGATIVE, a, (guint) p,
                               audit->pearson[(gsize) a * n + p], audit->spearman[(gsize) a * n + p] };

          g_array_append_val (audit->flags, flag);
        }
      for (guint b = a + 1; b < n; b++)
        if (audit->kinds[b] == KH_NODE_INDICATOR
            && fabs (audit->spearman[(gsize) a * n + b]) > KH_AUDIT_COLLINEAR)
          {
            KhAuditFlag flag = { KH_AUDIT_FLAG_COLLINEAR, a, b, audit->pearson[(gsize) a * n + b],
                                 audit->spearman[(gsize) a * n + b] };

            g_array_append_val (audit->flags, flag);
          }
    }
}

KhStatAudit *
kh_stat_audit_new (KhPlan      *plan,
                   const char  *group_id,
                   GError     **error)
{
  g_autoptr (KhStatAudit) audit = NULL;
  g_autoptr (KhPlan) copy = NULL;
  g_autofree guint *units = NULL;
  g_autofree int *index = NULL; /* plan node → audit node, or −1 */
  g_autofree double *x = NULL, *y = NULL, *work = NULL;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  Scores scores = { 0, NULL };
  KhGroup *group;
  guint n_plan_nodes, n;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kh_analysis_init ();
  units = kh_analysis_group_units (plan, group_id, &group, &scores.n_units, error);
  if (units == NULL)
    return NULL;
  /* A copy of our own, computed, leaves the caller's plan as it was. */
  plan = copy = kh_plan_copy (plan);
  kh_plan_compute (plan);

  n_plan_nodes = kh_plan_get_n_nodes (plan);
  index = g_new (int, MAX (n_plan_nodes, 1));
  for (guint p = 0; p < n_plan_nodes; p++)
    {
      index[p] = -1;
      for (guint k = 0; k < scores.n_units; k++)
        if (!isnan (kh_plan_get_node_score (plan, units[k], p)))
          {
            index[p] = (int) nodes->len;
            g_array_append_val (nodes, p);
            break;
          }
    }

  audit = g_new0 (KhStatAudit, 1);
  audit->n_units = scores.n_units;
  audit->n_nodes = n = nodes->len;
  audit->ids = g_new0 (char *, n + 1);
  audit->parents = g_new (int, MAX (n, 1));
  audit->levels = g_new (int, MAX (n, 1));
  audit->kinds = g_new (KhNodeKind, MAX (n, 1));
  audit->flags = g_array_new (FALSE, FALSE, sizeof (KhAuditFlag));
  scores.values = g_new (double, (gsize) MAX (n, 1) * MAX (scores.n_units, 1));
  for (guint i = 0; i < n; i++)
    {
      guint p = g_array_index (nodes, guint, i);
      const KhNode *node = kh_plan_get_node (plan, p);
      int parent = node->parent != NULL ? kh_plan_find_node (plan, node->parent->id) : -1;

      audit->ids[i] = g_strdup (node->id);
      audit->kinds[i] = node->kind;
      audit->parents[i] = parent >= 0 ? index[parent] : -1;
      audit->levels[i] = audit->parents[i] >= 0 ? audit->levels[audit->parents[i]] + 1 : 0;
      for (guint k = 0; k < scores.n_units; k++)
        scores.values[(gsize) i * scores.n_units + k] = kh_plan_get_node_score (plan, units[k], p);
    }

  audit->pearson = g_new (double, (gsize) MAX (n * n, 1));
  audit->spearman = g_new (double, (gsize) MAX (n * n, 1));
  audit->pairs = g_new (guint, (gsize) MAX (n * n, 1));
  x = g_new (double, MAX (scores.n_units, 1));
  y = g_new (double, MAX (scores.n_units, 1));
  work = g_new (double, 2 * MAX (scores.n_units, 1));
  for (guint a = 0; a < n; a++)
    for (guint b = a; b < n; b++)
      {
        gsize ab = (gsize) a * n + b, ba = (gsize) b * n + a;

        correlate (&scores, a, b, &audit->pearson[ab], &audit->spearman[ab], &audit->pairs[ab], x,
                   y, work);
        audit->pearson[ba] = audit->pearson[ab];
        audit->spearman[ba] = audit->spearman[ab];
        audit->pairs[ba] = audit->pairs[ab];
      }

  {
    g_autoptr (GArray) dims = g_array_new (FALSE, TRUE, sizeof (KhAuditDimension));

    for (guint i = 0; i < n; i++)
      {
        KhAuditDimension dim = { 0 };
        g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (guint));

        for (guint j = i + 1; j < n; j++)
          if (audit->parents[j] == (int) i)
            g_array_append_val (items, j);
        if (items->len < 2)
          continue;
        dim.node = i;
        dim.n_items = items->len;
        dim.items = (guint *) g_array_free (g_steal_pointer (&items), FALSE);
        audit_dimension (&scores, &dim);
        g_array_append_val (dims, dim);
      }
    audit->n_dimensions = dims->len;
    audit->dimensions = (KhAuditDimension *) g_array_free (g_steal_pointer (&dims), FALSE);
  }
  add_flags (audit);
  g_free (scores.values);
  return g_steal_pointer (&audit);
}

void
kh_stat_audit_free (KhStatAudit *audit)
{
  if (audit == NULL)
    return;
  g_strfreev (audit->ids);
  g_free (audit->parents);
  g_free (audit->levels);
  g_free (audit->kinds);
  g_free (audit->pearson);
  g_free (audit->spearman);
  g_free (audit->pairs);
  for (guint d = 0; d < audit->n_dimensions; d++)
    {
      g_free (audit->dimensions[d].items);
      g_free (audit->dimensions[d].eigenvalues);
      g_free (audit->dimensions[d].explained);
      g_free (audit->dimensions[d].loadings);
    }
  g_free (audit->dimensions);
  g_clear_pointer (&audit->flags, g_array_unref);
  g_free (audit);
}

int
kh_stat_audit_find (const KhStatAudit *audit,
                    const char        *id)
{
  g_return_val_if_fail (audit != NULL, -1);

  for (guint i = 0; i < audit->n_nodes; i++)
    if (g_strcmp0 (audit->ids[i], id) == 0)
      return (int) i;
  return -1;
}
