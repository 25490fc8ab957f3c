/* kh-weight-methods.c — AHP, entropy, CRITIC, PCA, budget allocation and equal weights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "core/kh-weighting.h"
#include "kh-analysis.h"
#include "kh-weight-methods.h"

static char *
item_name (const char *const *names,
           guint              j)
{
  return names != NULL && names[j] != NULL ? g_strdup (names[j]) : g_strdup_printf ("%u", j + 1);
}

static gboolean
data_error (GError    **error,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static gboolean
data_error (GError    **error,
            const char *format,
            ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  *error = g_error_new_valist (KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA, format, args);
  va_end (args);
  return FALSE;
}

/* Scales @w to sum 1; FALSE when the sum is not above 0. */
static gboolean
normalise (double *w,
           guint   n)
{
  double sum = 0;

  for (guint j = 0; j < n; j++)
    sum += w[j];
  if (!(sum > 0) || !isfinite (sum))
    return FALSE;
  for (guint j = 0; j < n; j++)
    w[j] /= sum;
  return TRUE;
}

/* AHP ---------------------------------------------------------------------------------- */

gboolean
kh_ahp_weights (const double     *matrix,
                guint             n,
                double           *weights,
                KhAhpConsistency *consistency,
                GError          **error)
{
  gsl_matrix *a;
  gsl_vector_complex *values;
  gsl_matrix_complex *vectors;
  gsl_eigen_nonsymmv_workspace *ws;
  int status;
  guint best = 0;
  double lambda;

  g_return_val_if_fail (matrix != NULL && weights != NULL, FALSE);

  kh_analysis_init ();
  if (n < 2)
    return data_error (error, _("AHP compares at least two items"));
  for (guint i = 0; i < (gsize) n * n; i++)
    if (!(matrix[i] > 0) || !isfinite (matrix[i]))
      return data_error (error, _("row %u, column %u: a comparison must be a number above 0"),
                         i / n + 1, i % n + 1);

  a = gsl_matrix_alloc (n, n);
  values = gsl_vector_complex_alloc (n);
  vectors = gsl_matrix_complex_alloc (n, n);
  ws = gsl_eigen_nonsymmv_alloc (n);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      gsl_matrix_set (a, i, j, matrix[(gsize) i * n + j]);
  status = gsl_eigen_nonsymmv (a, values, vectors, ws);
  if (status == GSL_SUCCESS)
    {
      /* Perron–Frobenius: the eigenvalue of largest real part is real and simple, and its
       * eigenvector has components of one sign. */
      for (guint k = 1; k < n; k++)
        if (GSL_REAL (gsl_vector_complex_get (values, k))
            > GSL_REAL (gsl_vector_complex_get (values, best)))
          best = k;
      double sum = 0;

      for (guint i = 0; i < n; i++)
        sum += weights[i] = GSL_REAL (gsl_matrix_complex_get (vectors, i, best));
      /* GSL may return it with either sign */
      for (guint i = 0; i < n && sum < 0; i++)
        weights[i] = -weights[i];
    }
  lambda = GSL_REAL (gsl_vector_complex_get (values, best));
  gsl_eigen_nonsymmv_free (ws);
  gsl_matrix_complex_free (vectors);
  gsl_vector_complex_free (values);
  gsl_matrix_free (a);
  if (status != GSL_SUCCESS || !normalise (weights, n))
    return data_error (error, _("the comparison matrix has no principal eigenvector"));
  for (guint i = 0; i < n; i++)
    if (!(weights[i] > 0))
      return data_error (error, _("the comparison matrix has no principal eigenvector"));

  if (consistency != NULL)
    {
      consistency->lambda_max = lambda;
      consistency->ci = n > 2 ? (lambda - n) / (n - 1) : 0;
      consistency->ri = kh_ahp_random_index (n);
      consistency->cr = n <= 2 ? 0 : consistency->ci / consistency->ri;
    }
  return TRUE;
}

void
kh_ahp_geometric_mean (const double *const *matrices,
                       guint               n_matrices,
                       guint               n,
                       double             *out)
{
  g_return_if_fail (n_matrices > 0 && matrices != NULL && out != NULL);

  for (gsize i = 0; i < (gsize) n * n; i++)
    {
      double log_sum = 0;

      for (guint k = 0; k < n_matrices; k++)
        log_sum += log (matrices[k][i]);
      out[i] = exp (log_sum / n_matrices);
    }
  /* exp(log) may miss 1 on the diagonal by an ulp. */
  for (guint i = 0; i < n; i++)
    out[(gsize) i * n + i] = 1.0;
}

/* Equal -------------------------------------------------------------------------------- */

void
kh_equal_weights (guint   n,
                  double *weights)
{
  for (guint j = 0; j < n; j++)
    weights[j] = 1.0 / n;
}

/* Data methods ------------------------------------------------------------------------- */

static gboolean
check_data (const double      *x,
            guint              m,
            guint              n,
            guint              min_units,
            const char *const *names,
            GError           **error)
{
  if (n < 2)
    return data_error (error, _("weights from data need at least two items"));
  if (m < min_units)
    return data_error (error, _("weights from data need at least %u units with every item "
                                "scored, not %u"),
                       min_units, m);
  for (guint i = 0; i < m; i++)
    for (guint j = 0; j < n; j++)
      if (!isfinite (x[(gsize) i * n + j]))
        {
          g_autofree char *name = item_name (names, j);

          return data_error (error, _("“%s” has no value for unit %u"), name, i + 1);
        }
  return TRUE;
}

static void
column (const double *x,
        guint         m,
        guint         n,
        guint         j,
        double       *out)
{
  for (guint i = 0; i < m; i++)
    out[i] = x[(gsize) i * n + j];
}

gboolean
kh_entropy_weights (const double      *x,
                    guint              m,
                    guint              n,
                    const char *const *names,
                    double            *weights,
                    GError           **error)
{
  g_return_val_if_fail (x != NULL && weights != NULL, FALSE);

  if (!check_data (x, m, n, 2, names, error))
    return FALSE;
  for (guint j = 0; j < n; j++)
    {
      double sum = 0, e = 0;
      gboolean varies = FALSE;

      for (guint i = 0; i < m; i++)
        {
          double v = x[(gsize) i * n + j];

          varies = varies || v != x[j];
          if (v < 0)
            {
              g_autofree char *name = item_name (names, j);

              return data_error (error, _("“%s”: entropy weights need values of 0 or more"),
                                 name);
            }
          sum += v;
        }
      /* all equal: e = 1 exactly in theory, 1 − 1e-16 in floating point */
      if (!(sum > 0) || !varies)
        {
          weights[j] = 0;
          continue;
        }
      for (guint i = 0; i < m; i++)
        {
          double p = x[(gsize) i * n + j] / sum;

          if (p > 0)
            e -= p * log (p);
        }
      e /= log (m);
      weights[j] = MAX (1 - e, 0);
    }
  if (!normalise (weights, n))
    return data_error (error, _("no item varies between the units: the data give no weights"));
  return TRUE;
}

gboolean
kh_critic_weights (const double      *x,
                   guint              m,
                   guint              n,
                   const char *const *names,
                   double            *weights,
                   GError           **error)
{
  g_autofree double *cols = NULL;
  g_autofree double *sd = NULL;

  g_return_val_if_fail (x != NULL && weights != NULL, FALSE);

  kh_analysis_init ();
  if (!check_data (x, m, n, 3, names, error))
    return FALSE;
  cols = g_new (double, (gsize) m * n);
  sd = g_new (double, n);
  for (guint j = 0; j < n; j++)
    {
      double *c = cols + (gsize) j * m, lo, hi;

      column (x, m, n, j, c);
      gsl_stats_minmax (&lo, &hi, c, 1, m);
      for (guint i = 0; i < m; i++)
        c[i] = hi > lo ? (c[i] - lo) / (hi - lo) : 0;
      sd[j] = hi > lo ? gsl_stats_sd (c, 1, m) : 0;
    }
  for (guint j = 0; j < n; j++)
    {
      double conflict = 0;

      if (!(sd[j] > 0))
        {
          weights[j] = 0;
          continue;
        }
      for (guint k = 0; k < n; k++)
        if (k != j && sd[k] > 0)
          conflict += 1 - gsl_stats_correlation (cols + (gsize) j * m, 1, cols + (gsize) k * m, 1, m);
      weights[j] = sd[j] * conflict;
    }
  if (!normalise (weights, n))
    return data_error (error, _("the items do not vary or move in lockstep: CRITIC gives no "
                                "weights"));
  return TRUE;
}

gboolean
kh_pca_weights (const double      *x,
                guint              m,
                guint              n,
                const char *const *names,
                double            *weights,
                guint             *n_kept,
                GError           **error)
{
  g_autofree double *cols = NULL;
  gsl_matrix *corr, *vectors;
  gsl_vector *values;
  gsl_eigen_symmv_workspace *ws;
  guint kept = 1;
  double kept_sum = 0;
  int status;

  g_return_val_if_fail (x != NULL && weights != NULL, FALSE);

  kh_analysis_init ();
  if (!check_data (x, m, n, 3, names, error))
    return FALSE;
  cols = g_new (double, (gsize) m * n);
  for (guint j = 0; j < n; j++)
    {
      column (x, m, n, j, cols + (gsize) j * m);
      if (!(gsl_stats_variance (cols + (gsize) j * m, 1, m) > 0))
        {
          g_autofree char *name = item_name (names, j);

          return data_error (error, _("“%s” has the same value for every unit: principal "
                                      "components cannot weigh it"),
                             name);
        }
    }

  corr = gsl_matrix_alloc (n, n);
  vectors = gsl_matrix_alloc (n, n);
  values = gsl_vector_alloc (n);
  ws = gsl_eigen_symmv_alloc (n);
  for (guint j = 0; j < n; j++)
    for (guint k = 0; k < n; k++)
      gsl_matrix_set (corr, j, k,
                      j == k ? 1.0
                             : gsl_stats_correlation (cols + (gsize) j * m, 1,
                                                      cols + (gsize) k * m, 1, m));
  status = gsl_eigen_symmv (corr, values, vectors, ws);
  if (status == GSL_SUCCESS)
    {
      gsl_eigen_symmv_sort (values, vectors, GSL_EIGEN_SORT_VAL_DESC);
      while (kept < n && gsl_vector_get (values, kept) > 1)
        kept++;
      for (guint c = 0; c < kept; c++)
        kept_sum += gsl_vector_get (values, c);
      for (guint j = 0; j < n; j++)
        {
          guint best = 0;

          for (guint c = 1; c < kept; c++)
            if (fabs (gsl_matrix_get (vectors, j, c)) > fabs (gsl_matrix_get (vectors, j, best)))
              best = c;
          weights[j] = gsl_matrix_get (vectors, j, best) * gsl_matrix_get (vectors, j, best)
                       * gsl_vector_get (values, best) / kept_sum;
        }
    }
  gsl_eigen_symmv_free (ws);
  gsl_vector_free (values);
  gsl_matrix_free (vectors);
  gsl_matrix_free (corr);
  if (status != GSL_SUCCESS || !normalise (weights, n))
    return data_error (error, _("the correlation matrix of the items has no principal "
                                "components"));
  if (n_kept != NULL)
    *n_kept = kept;
  return TRUE;
}

/* Budget allocation -------------------------------------------------------------------- */

gboolean
kh_budget_weights (const double *const *allocations,
                   guint               n_experts,
                   guint               n,
                   double             *weights,
                   double             *sd,
                   double             *lo,
                   double             *hi,
                   GError            **error)
{
  g_autofree double *shares = NULL;

  g_return_val_if_fail (weights != NULL, FALSE);

  kh_analysis_init ();
  if (n_experts == 0 || allocations == NULL)
    return data_error (error, _("a budget allocation needs at least one expert's points"));
  if (n < 2)
    return data_error (error, _("a budget allocation shares points among at least two items"));
  shares = g_new (double, (gsize) n_experts * n); /* shares[item · n_experts + expert] */
  for (guint k = 0; k < n_experts; k++)
    {
      double total = 0;

      for (guint j = 0; j < n; j++)
        {
          if (!(allocations[k][j] >= 0) || !isfinite (allocations[k][j]))
            return data_error (error, _("expert %u, item %u: points cannot be negative"), k + 1,
                               j + 1);
          total += allocations[k][j];
        }
      if (!(total > 0))
        return data_error (error, _("expert %u allocates no points at all"), k + 1);
      for (guint j = 0; j < n; j++)
        shares[(gsize) j * n_experts + k] = allocations[k][j] / total;
    }
  for (guint j = 0; j < n; j++)
    {
      const double *s = shares + (gsize) j * n_experts;

      weights[j] = gsl_stats_mean (s, 1, n_experts);
      if (sd != NULL)
        sd[j] = n_experts > 1 ? gsl_stats_sd_m (s, 1, n_experts, weights[j]) : NAN;
      if (lo != NULL)
        lo[j] = gsl_stats_min (s, 1, n_experts);
      if (hi != NULL)
        hi[j] = gsl_stats_max (s, 1, n_experts);
    }
  return TRUE;
}

/* Effective weights --------------------------------------------------------------------- */

gboolean
kh_effective_weights (const double *x,
                      guint         m,
                      guint         n,
                      const double *composite,
                      double       *weights)
{
  g_autofree double *a = g_new (double, MAX (m, 1));
  g_autofree double *b = g_new (double, MAX (m, 1));

  g_return_val_if_fail (x != NULL && composite != NULL && weights != NULL, FALSE);

  kh_analysis_init ();
  for (guint j = 0; j < n; j++)
    {
      guint k = 0;
      double r;

      for (guint i = 0; i < m; i++)
        if (!isnan (x[(gsize) i * n + j]) && !isnan (composite[i]))
          {
            a[k] = x[(gsize) i * n + j];
            b[k] = composite[i];
            k++;
          }
      weights[j] = 0;
      if (k < 3 || !(gsl_stats_variance (a, 1, k) > 0) || !(gsl_stats_variance (b, 1, k) > 0))
        continue;
      r = gsl_stats_correlation (a, 1, b, 1, k);
      weights[j] = r * r;
    }
  if (normalise (weights, n))
    return TRUE;
  for (guint j = 0; j < n; j++)
    weights[j] = NAN;
  return FALSE;
}
