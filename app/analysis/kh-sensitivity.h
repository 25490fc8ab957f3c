/* kh-sensitivity.h — Monte Carlo rank intervals and Sobol sensitivity indices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_sensitivity_new() takes a plan (a project's year and category), a peer group and a
 * spec (kh-sensitivity-spec.h), and checks every declared input against the plan: an
 * input that would change nothing (an unknown node, the weight of an only child, a
 * missing-data rule for an indicator with no missing value in the group, an alternative
 * equal to the nominal choice, …) refuses the whole run with the reason. Nothing falls
 * back to a default without a word.
 *
 * kh_sensitivity_run() evaluates the Saltelli design (kh-saltelli.h): every run sets the
 * inputs of its point on a copy of the plan (kh_plan_copy(), one per thread) and
 * recomputes it; the ranks, tiers and awards of the group's units are stored per run.
 * Threads take chunks of design rows in turn; each run depends only on its point and
 * every statistic is reduced in run order afterwards, so the result is identical to the
 * bit whatever the number of threads, and the same seed gives the same result.
 *
 * kh_sensitivity_get_result() summarises the first rows (all rows: the whole run): per
 * unit the nominal rank, median and 5–95 % interval of its rank, the probability of each
 * tier and award, and the first-order and total Sobol indices of its rank for every input;
 * for the group's ranking as a whole the same indices of the mean absolute rank shift
 * (the mean over the group's nominally ranked units of |rank − nominal rank|).
 * Quantiles are order statistics (the smallest rank r with P(rank ≤ r) ≥ p), so a unit
 * ranked first in every run has the interval [1, 1]. A run in which a unit is not ranked
 * counts towards its "unranked" share and, for the indices, as rank n + 1.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"
#include "kh-saltelli.h"
#include "kh-sensitivity-spec.h"

G_BEGIN_DECLS

typedef struct _KhSensitivity KhSensitivity;

typedef struct
{
  char *id;
  char *name;         /* as in the plan's dataset */
  guint unit;         /* index in the plan */
  int nominal_rank;   /* 0: not ranked */
  int nominal_tier;   /* 0: no tier */
  int median, lo, hi; /* rank quantiles 50 %, 5 %, 95 % over the runs it was ranked in (0: none) */
  double mean;        /* mean rank over those runs (NAN: none) */
  double p_unranked;
  double *p_tier;     /* n_tiers: P(tier = t + 1) */
  double *p_award;    /* n_awards */
  guint *counts;      /* n_ranks + 1: counts[r] runs ranked r, counts[0] runs not ranked */
  double *first;      /* n_inputs: first-order indices of the rank (NAN: it never changes) */
  double *total;      /* n_inputs: total indices */
} KhSensitivityUnit;

typedef struct
{
  guint n_runs;        /* runs summarised */
  guint n_rows;        /* design rows summarised */
  gboolean complete;   /* every run of the design */
  KhDesignKind design;
  guint32 seed;

  guint n_inputs;
  char **input_names;  /* n_inputs */
  KhInputKind *input_kinds;
  char **input_nodes;  /* n_inputs (NULLs inside): the node an input is about, or NULL */
  gboolean *input_generated; /* n_inputs: made by the spec's "weights = r %", not declared */

  guint n_units;
  KhSensitivityUnit *units; /* nominal rank order, unranked last, then plan order */
  guint n_ranks;            /* units in the group: the worst rank possible */
  int n_tiers;
  KhText *tier_names;       /* n_tiers (fields may be NULL: default names) */
  guint n_awards;
  KhText *award_names;      /* n_awards */
  char **award_ids;         /* n_awards */

  double *first;       /* n_inputs: indices of the mean absolute rank shift */
  double *total;
  double mean_shift;   /* mean absolute rank shift, averaged over the runs */
} KhSensitivityResult;

/* @group_id NULL: the plan's only group. The plan itself is not changed. */
KhSensitivity        *kh_sensitivity_new           (KhPlan                  *plan,
                                                    const char              *group_id,
                                                    const KhSensitivitySpec *spec,
                                                    GError                 **error);
void                  kh_sensitivity_free          (KhSensitivity           *self);

/* Threads used by kh_sensitivity_run(), default 1; the result does not depend on it. */
void                  kh_sensitivity_set_threads   (KhSensitivity           *self,
                                                    guint                    n_threads);
guint                 kh_sensitivity_get_n_inputs  (KhSensitivity           *self);
guint                 kh_sensitivity_get_n_runs    (KhSensitivity           *self);
guint                 kh_sensitivity_get_n_rows    (KhSensitivity           *self);
KhDesignKind          kh_sensitivity_get_design    (KhSensitivity           *self);

/* Called from the thread that runs kh_sensitivity_run() after each chunk it evaluated:
 * @rows_done rows from the first are complete (kh_sensitivity_get_result() may
 * summarise them from here). */
typedef void (*KhSensitivityProgressFunc) (KhSensitivity *self,
                                           guint          rows_done,
                                           guint          n_rows,
                                           gpointer       user_data);

/* Evaluates every run; blocks. FALSE with KH_ANALYSIS_ERROR_CANCELLED when cancelled. */
gboolean              kh_sensitivity_run           (KhSensitivity           *self,
                                                    KhSensitivityProgressFunc progress,
                                                    gpointer                 user_data,
                                                    GError                 **error);
/* Any thread: stops the run after the chunks in progress. */
void                  kh_sensitivity_cancel        (KhSensitivity           *self);
/* Rows complete from the first (any thread). */
guint                 kh_sensitivity_get_rows_done (KhSensitivity           *self);

/* The summary of the first @n_rows rows (0: all); they must be complete. */
KhSensitivityResult  *kh_sensitivity_get_result    (KhSensitivity           *self,
                                                    guint                    n_rows);
void                  kh_sensitivity_result_free   (KhSensitivityResult     *result);
/* Index of the unit @id in result->units, or −1. */
int                   kh_sensitivity_result_find_unit (const KhSensitivityResult *result,
                                                       const char                *id);

/* Every run's parameters (CSV export): names like "weight:gdp_growth", "method:x",
 * "missing:x", "leave_out", "cutoff:1"; the values of run @run as text (weights to 6
 * significant digits, method and rule names, the indicator left out or ""). */
guint                 kh_sensitivity_get_n_parameters (KhSensitivity        *self);
const char           *kh_sensitivity_get_parameter_name (KhSensitivity      *self,
                                                         guint               parameter);
GPtrArray            *kh_sensitivity_get_run_parameters (KhSensitivity      *self,
                                                         guint               run);
/* "A", "B" or "AB:" followed by the input's name: which matrix run @run evaluates. */
char                 *kh_sensitivity_get_run_matrix (KhSensitivity          *self,
                                                     guint                   run);
/* The rank of the group's unit @k (order of kh_sensitivity_get_unit()) in run @run. */
int                   kh_sensitivity_get_run_rank  (KhSensitivity           *self,
                                                    guint                    run,
                                                    guint                    k);
guint                 kh_sensitivity_get_n_units   (KhSensitivity           *self);
/* The plan index of the group's unit @k (plan order). */
guint                 kh_sensitivity_get_unit      (KhSensitivity           *self,
                                                    guint                    k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSensitivity, kh_sensitivity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSensitivityResult, kh_sensitivity_result_free)

G_END_DECLS
