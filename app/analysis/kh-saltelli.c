/* kh-saltelli.c — quasi-random Saltelli designs and Jansen estimators of Sobol indices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-saltelli.h"

struct _KhDesign
{
  KhDesignKind kind;
  guint n_inputs;
  guint *offset; /* n_inputs + 1: input i takes coordinates [offset[i], offset[i + 1]) */
  guint n_dims;  /* D */
  guint n_rows;
  double *rows;  /* n_rows × 2D: A's row, then B's */
};

static const char *const kind_names[] = {
  [KH_DESIGN_SOBOL] = "sobol",
  [KH_DESIGN_HALTON] = "halton",
  [KH_DESIGN_REVERSE_HALTON] = "reverse-halton",
};

const char *
kh_design_kind_to_string (KhDesignKind kind)
{
  g_return_val_if_fail (kind <= KH_DESIGN_REVERSE_HALTON, NULL);
  return kind_names[kind];
}

gboolean
kh_design_kind_from_string (const char   *name,
                            KhDesignKind *kind)
{
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (g_strcmp0 (name, kind_names[k]) == 0)
      {
        *kind = (KhDesignKind) k;
        return TRUE;
      }
  return FALSE;
}

KhDesign *
kh_design_new (KhDesignKind  kind,
               const guint  *dims,
               guint         n_inputs,
               guint         n_rows,
               guint32       seed,
               GError      **error)
{
  g_autoptr (KhDesign) self = NULL;
  const gsl_qrng_type *type;
  gsl_qrng *qrng;
  gsl_rng *rng;
  guint width, max_dims;
  g_autofree double *shift = NULL;

  g_return_val_if_fail (kind <= KH_DESIGN_REVERSE_HALTON, NULL);
  g_return_val_if_fail (dims != NULL || n_inputs == 0, NULL);

  kh_analysis_init ();
  self = g_new0 (KhDesign, 1);
  self->kind = kind;
  self->n_inputs = n_inputs;
  self->n_rows = n_rows;
  self->offset = g_new0 (guint, n_inputs + 1);
  for (guint i = 0; i < n_inputs; i++)
    {
      if (dims[i] == 0)
        {
          g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                       _("uncertain input %u has nothing to vary"), i + 1);
          return NULL;
        }
      self->offset[i + 1] = self->offset[i] + dims[i];
    }
  self->n_dims = self->offset[n_inputs];

  max_dims = kind == KH_DESIGN_SOBOL ? KH_DESIGN_MAX_SOBOL_DIMS : KH_DESIGN_MAX_HALTON_DIMS;
  if (n_inputs == 0 || n_rows == 0)
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                           _("a design needs at least one uncertain input and one row"));
      return NULL;
    }
  if (self->n_dims > max_dims)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("the %s design has room for %u varied quantities (two coordinates each); "
                     "these inputs vary %u: choose the halton or reverse-halton design"),
                   kind_names[kind], max_dims, self->n_dims);
      return NULL;
    }

  type = kind == KH_DESIGN_SOBOL    ? gsl_qrng_sobol
         : kind == KH_DESIGN_HALTON ? gsl_qrng_halton
                                    : gsl_qrng_reversehalton;
  width = 2 * self->n_dims;
  qrng = gsl_qrng_alloc (type, width);
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  g_assert (qrng != NULL && rng != NULL);
  /* MT19937 maps seed 0 to its default seed; every seed here is its own design. */
  gsl_rng_set (rng, (unsigned long) seed + 1);
  shift = g_new (double, width);
  for (guint d = 0; d < width; d++)
    shift[d] = gsl_rng_uniform (rng);

  self->rows = g_new (double, (gsize) n_rows * width);
  for (guint j = 0; j < n_rows; j++)
    {
      double *row = self->rows + (gsize) j * width;

      gsl_qrng_get (qrng, row);
      for (guint d = 0; d < width; d++)
        {
          double x = row[d] + shift[d];

          row[d] = x >= 1.0 ? x - 1.0 : x;
        }
    }
  gsl_rng_free (rng);
  gsl_qrng_free (qrng);
  return g_steal_pointer (&self);
}

void
kh_design_free (KhDesign *self)
{
  if (self == NULL)
    return;
  g_free (self->offset);
  g_free (self->rows);
  g_free (self);
}

guint
kh_design_get_n_inputs (const KhDesign *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_inputs;
}

guint
kh_design_get_n_dims (const KhDesign *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_dims;
}

guint
kh_design_get_offset (const KhDesign *self,
                      guint           input)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (input <= self->n_inputs, 0);
  return self->offset[input];
}

guint
kh_design_get_n_rows (const KhDesign *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

guint
kh_design_get_n_runs (const KhDesign *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows * (self->n_inputs + 2);
}

KhDesignKind
kh_design_get_kind (const KhDesign *self)
{
  g_return_val_if_fail (self != NULL, KH_DESIGN_SOBOL);
  return self->kind;
}

void
kh_design_get_point (const KhDesign *self,
                     guint           run,
                     double         *point)
{
  guint per_row, j, m;
  const double *a, *b;

  g_return_if_fail (self != NULL);
  g_return_if_fail (run < kh_design_get_n_runs (self));

  per_row = self->n_inputs + 2;
  j = run / per_row;
  m = run % per_row;
  a = self->rows + (gsize) j * 2 * self->n_dims;
  b = a + self->n_dims;
  memcpy (point, m == 1 ? b : a, self->n_dims * sizeof (double));
  if (m >= 2)
    {
      guint i = m - 2;

      memcpy (point + self->offset[i], b + self->offset[i],
              (self->offset[i + 1] - self->offset[i]) * sizeof (double));
    }
}

void
kh_jansen_indices (const double *y,
                   gsize         stride,
                   guint         n_rows,
                   guint         n_inputs,
                   double       *first,
                   double       *total,
                   double       *variance)
{
  gsize per_row = n_inputs + 2;
  double mean = 0, v = 0;

  g_return_if_fail (y != NULL || n_rows == 0);

#define F(j, m) (y[((gsize) (j) * per_row + (m)) * stride])
  for (guint j = 0; j < n_rows; j++)
    mean += F (j, 0) + F (j, 1);
  mean /= 2.0 * MAX (n_rows, 1);
  for (guint j = 0; j < n_rows; j++)
    v += (F (j, 0) - mean) * (F (j, 0) - mean) + (F (j, 1) - mean) * (F (j, 1) - mean);
  v = n_rows > 0 ? v / (2.0 * n_rows) : 0.0;
  if (variance != NULL)
    *variance = v;

  for (guint i = 0; i < n_inputs; i++)
    {
      double sa = 0, sb = 0;

      for (guint j = 0; j < n_rows; j++)
        {
          double fab = F (j, 2 + i);

          sa += (F (j, 0) - fab) * (F (j, 0) - fab);
          sb += (F (j, 1) - fab) * (F (j, 1) - fab);
        }
      if (!(v > 0))
        {
          first[i] = total[i] = NAN;
          continue;
        }
      total[i] = sa / (2.0 * n_rows) / v;
      first[i] = (v - sb / (2.0 * n_rows)) / v;
    }
#undef F
}
