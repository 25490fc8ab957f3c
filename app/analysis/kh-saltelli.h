/* kh-saltelli.h — quasi-random Saltelli designs and Jansen estimators of Sobol indices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model has k uncertain inputs; input i takes dims[i] coordinates of the unit cube
 * (a weight takes one, a set of Dirichlet weights one per child), D = Σ dims in all.
 * The design draws N base rows of a 2D-dimensional quasi-random sequence (GSL's Sobol
 * or Halton generators) and shifts every coordinate by the same random amount modulo 1
 * (Cranley–Patterson rotation; the shift comes from GSL's MT19937 seeded with @seed),
 * so one seed gives one design and another seed an independent one. Row j's first D
 * coordinates are the row of matrix A, the last D the row of matrix B (Saltelli 2002).
 *
 * Runs are numbered row by row, k + 2 per row: run j·(k+2) + m evaluates A (m = 0),
 * B (m = 1) or A with the coordinates of input i taken from B (m = 2 + i, the matrix
 * A_B⁽ⁱ⁾). Every run is a draw from the joint distribution of the inputs, so all
 * N·(k+2) runs serve the uncertainty analysis, and the first rows of a design are the
 * same whatever N: a design of 1,000 runs is the start of one of 10,000.
 *
 * The estimators (Saltelli et al. 2010, table 2, Jansen 1999), with f the model output
 * and V the variance of the 2N outputs of A and B:
 *   first order  Sᵢ  = (V − 1/(2N) Σⱼ (f(B)ⱼ − f(A_B⁽ⁱ⁾)ⱼ)²) / V
 *   total        Sᴛᵢ = 1/(2N) Σⱼ (f(A)ⱼ − f(A_B⁽ⁱ⁾)ⱼ)² / V
 * Both are NaN when V = 0 (the output never changes).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KH_DESIGN_SOBOL,          /* gsl_qrng_sobol: up to 40 coordinates, so D ≤ 20 */
  KH_DESIGN_HALTON,         /* gsl_qrng_halton: up to 1229 coordinates */
  KH_DESIGN_REVERSE_HALTON, /* gsl_qrng_reversehalton (Vandewoestyne–Cools), as many */
} KhDesignKind;

#define KH_DESIGN_MAX_SOBOL_DIMS 20
#define KH_DESIGN_MAX_HALTON_DIMS 614

typedef struct _KhDesign KhDesign;

const char *kh_design_kind_to_string   (KhDesignKind  kind);
gboolean    kh_design_kind_from_string (const char   *name,
                                        KhDesignKind *kind);

/* Fails (KH_ANALYSIS_ERROR_SPEC, saying why) when the generator has too few dimensions
 * for 2D, or @n_rows is 0, or an input has no dimension. */
KhDesign   *kh_design_new               (KhDesignKind  kind,
                                         const guint  *dims,
                                         guint         n_inputs,
                                         guint         n_rows,
                                         guint32       seed,
                                         GError      **error);
void        kh_design_free              (KhDesign     *self);

guint       kh_design_get_n_inputs      (const KhDesign *self);
guint       kh_design_get_n_dims        (const KhDesign *self);
/* First coordinate of input @input within a point. */
guint       kh_design_get_offset        (const KhDesign *self,
                                         guint           input);
guint       kh_design_get_n_rows        (const KhDesign *self);
guint       kh_design_get_n_runs        (const KhDesign *self);
KhDesignKind kh_design_get_kind         (const KhDesign *self);

/* The D coordinates of run @run into @point; reads only, so any thread may call it. */
void        kh_design_get_point         (const KhDesign *self,
                                         guint           run,
                                         double         *point);

/* The indices of the k inputs from the outputs y[run · stride] of the runs of the first
 * @n_rows rows (k = @n_inputs); @first and @total receive k values each, *variance
 * (may be NULL) V. */
void        kh_jansen_indices           (const double   *y,
                                         gsize           stride,
                                         guint           n_rows,
                                         guint           n_inputs,
                                         double         *first,
                                         double         *total,
                                         double         *variance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhDesign, kh_design_free)

G_END_DECLS
