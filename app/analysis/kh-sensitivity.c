/* kh-sensitivity.c — Monte Carlo rank intervals and Sobol sensitivity indices: the runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set-up (kh-sensitivity-resolve.c) resolves every declared input against the nominal
 * plan and refuses those that would change nothing; a run evaluates the design's points
 * on plan copies, one per thread, and stores each run's ranks, tiers and awards in its
 * own slot. The summary (kh-sensitivity-result.c) reads those slots in run order.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-sensitivity-private.h"

/* About this many runs per chunk of rows: small enough for early progress, large
 * enough that threads rarely meet on the chunk counter. */
#define RUNS_PER_CHUNK 64
/* Stored outcomes (runs × units) at most: 9 bytes each. */
#define MAX_OUTCOMES 60000000u

static gboolean
find_group (KhSensitivity *self,
            const char    *group_id,
            GError       **error)
{
  self->units = kh_analysis_group_units (self->plan, group_id, &self->group, &self->n_units, error);
  if (self->units == NULL)
    return FALSE;
  self->nominal_rank = g_new0 (int, MAX (self->n_units, 1));
  {
    guint ranked = 0;

    for (guint k = 0; k < self->n_units; k++)
      {
        self->nominal_rank[k] = kh_plan_get_rank (self->plan, self->units[k]);
        ranked += self->nominal_rank[k] > 0;
      }
    if (ranked < 2)
      {
        g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                     _("group %s has %u ranked units: a ranking needs two to vary"),
                     kh_sensitivity_group_label (self), ranked);
        return FALSE;
      }
  }
  self->n_awards = self->group != NULL ? MIN (self->group->awards->len, 32) : 0;
  return TRUE;
}

static gboolean
make_design (KhSensitivity           *self,
             const KhSensitivitySpec *spec,
             GError                 **error)
{
  g_autofree guint *dims = g_new (guint, MAX (self->n_inputs, 1));
  guint per_row = self->n_inputs + 2, total = 0;
  KhDesignKind kind;

  for (guint i = 0; i < self->n_inputs; i++)
    {
      dims[i] = self->inputs[i].dims;
      total += dims[i];
    }
  kind = spec->has_design                        ? spec->design
         : total <= KH_DESIGN_MAX_SOBOL_DIMS     ? KH_DESIGN_SOBOL
                                                 : KH_DESIGN_REVERSE_HALTON;
  self->n_rows = (spec->runs + per_row - 1) / per_row;
  if (self->n_rows < 2)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("%u runs are too few for %u inputs: the indices need at least %u"),
                   spec->runs, self->n_inputs, 2 * per_row);
      return FALSE;
    }
  self->n_runs = self->n_rows * per_row;
  if ((guint64) self->n_runs * self->n_units > MAX_OUTCOMES)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("%u runs of %u units would keep %u MB of outcomes: choose fewer runs"),
                   self->n_runs, self->n_units,
                   (guint) ((guint64) self->n_runs * self->n_units * 9 / 1000000));
      return FALSE;
    }
  self->seed = spec->seed;
  self->design = kh_design_new (kind, dims, self->n_inputs, self->n_rows, spec->seed, error);
  if (self->design == NULL)
    return FALSE;
  self->chunk_rows = MAX (1, RUNS_PER_CHUNK / per_row);
  self->n_chunks = (self->n_rows + self->chunk_rows - 1) / self->chunk_rows;
  self->ranks = g_new (gint32, (gsize) self->n_runs * self->n_units);
  self->tiers = g_new (guint8, (gsize) self->n_runs * self->n_units);
  self->awards = g_new (guint32, (gsize) self->n_runs * self->n_units);
  self->chunk_done = g_new0 (gint, self->n_chunks);
  return TRUE;
}

KhSensitivity *
kh_sensitivity_new (KhPlan                  *plan,
                    const char              *group_id,
                    const KhSensitivitySpec *spec,
                    GError                 **error)
{
  g_autoptr (KhSensitivity) self = NULL;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kh_analysis_init ();
  self = g_new0 (KhSensitivity, 1);
  self->n_threads = 1;
  self->tiers_input = -1;
  self->plan = kh_plan_copy (plan);
  kh_plan_compute (self->plan);
  self->n_nodes = kh_plan_get_n_nodes (self->plan);
  self->nominal_weight = g_new (double, MAX (self->n_nodes, 1));
  for (guint n = 0; n < self->n_nodes; n++)
    self->nominal_weight[n] = kh_plan_get_node (self->plan, n)->weight;

  if (!find_group (self, group_id, error) || !kh_sensitivity_resolve_inputs (self, spec, error))
    return NULL;
  for (guint i = 0; i < self->n_inputs; i++)
    if (self->inputs[i].kind == KH_INPUT_DIRICHLET)
      self->max_children = MAX (self->max_children, self->inputs[i].n_nodes);
  kh_sensitivity_collect_varied (self);
  kh_sensitivity_name_parameters (self);
  if (!make_design (self, spec, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
kh_sensitivity_free (KhSensitivity *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_inputs; i++)
    kh_sensitivity_input_clear (&self->inputs[i]);
  g_free (self->inputs);
  for (guint r = 0; r < self->n_rescale; r++)
    g_free (self->rescale[r].children);
  g_free (self->rescale);
  g_free (self->varied);
  g_free (self->nominal_weight);
  g_clear_pointer (&self->parameters, g_ptr_array_unref);
  g_clear_pointer (&self->design, kh_design_free);
  g_free (self->units);
  g_free (self->nominal_rank);
  g_free (self->ranks);
  g_free (self->tiers);
  g_free (self->awards);
  g_free (self->chunk_done);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_free (self);
}

/* ---- one run ----------------------------------------------------------------------- */

Sample *
kh_sensitivity_sample_new (KhSensitivity *self)
{
  Sample *sample = g_new0 (Sample, 1);

  sample->weight = g_memdup2 (self->nominal_weight, MAX (self->n_nodes, 1) * sizeof (double));
  sample->choice = g_new0 (guint, MAX (self->n_inputs, 1));
  sample->cutoffs = g_new0 (double, MAX (self->n_cutoffs, 1));
  sample->gamma = g_new0 (double, MAX (self->max_children, 1));
  return sample;
}

void
kh_sensitivity_sample_free (Sample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->weight);
  g_free (sample->choice);
  g_free (sample->cutoffs);
  g_free (sample->gamma);
  g_free (sample);
}

static void
sample_cutoffs (KhSensitivity *self,
                const Input   *input,
                const double  *x,
                double        *cutoffs)
{
  const KhTierRule *rule = &self->group->tiers;

  for (guint t = 0; t < self->n_cutoffs; t++)
    {
      double v = g_array_index (rule->values, double, t);

      switch (rule->mode)
        {
        case KH_TIER_BY_COUNT:
          {
            double r = input->amount;

            v += MIN (floor (x[t] * (2 * r + 1)), 2 * r) - r;
            cutoffs[t] = MAX (v, 0.0);
          }
          break;
        case KH_TIER_BY_SHARE:
          cutoffs[t] = CLAMP (v + input->amount * (2 * x[t] - 1), 0.0, 1.0);
          break;
        case KH_TIER_BY_THRESHOLD:
        default:
          cutoffs[t] = v + input->amount * (2 * x[t] - 1);
          break;
        }
    }
}

void
kh_sensitivity_sample (KhSensitivity *self,
                       const double  *point,
                       Sample        *sample)
{
  double *w = sample->weight;

  for (guint v = 0; v < self->n_varied; v++)
    w[self->varied[v]] = self->nominal_weight[self->varied[v]];
  for (guint i = 0; i < self->n_inputs; i++)
    {
      const Input *input = &self->inputs[i];
      const double *x = point + kh_design_get_offset (self->design, i);

      switch (input->kind)
        {
        case KH_INPUT_WEIGHTS:
          for (guint j = 0; j < input->n_nodes; j++)
            w[input->nodes[j]] *= 1.0 + input->amount * (2.0 * x[j] - 1.0);
          break;
        case KH_INPUT_DIRICHLET:
          {
            double sum = 0;

            /* Gamma(αᵢ) draws by inversion, normalised: a Dirichlet(α) vector. */
            for (guint j = 0; j < input->n_nodes; j++)
              {
                double u = CLAMP (x[j], 1e-12, 1.0 - 1e-12);

                sample->gamma[j] = gsl_cdf_gamma_Pinv (u, input->alpha[j], 1.0);
                if (!isfinite (sample->gamma[j]))
                  sample->gamma[j] = 0.0;
                sum += sample->gamma[j];
              }
            for (guint j = 0; j < input->n_nodes && sum > 0; j++)
              w[input->nodes[j]] = input->sum * sample->gamma[j] / sum;
          }
          break;
        case KH_INPUT_METHOD:
        case KH_INPUT_MISSING:
        case KH_INPUT_LEAVE_OUT:
          sample->choice[i] = MIN ((guint) (x[0] * (input->n_choices + 1)), input->n_choices);
          break;
        case KH_INPUT_TIERS:
        default:
          sample_cutoffs (self, input, x, sample->cutoffs);
          break;
        }
    }
  for (guint i = 0; i < self->n_inputs; i++)
    if (self->inputs[i].kind == KH_INPUT_LEAVE_OUT && sample->choice[i] > 0)
      w[self->inputs[i].nodes[sample->choice[i] - 1]] = 0.0;
  for (guint r = 0; r < self->n_rescale; r++)
    {
      const Rescale *rs = &self->rescale[r];
      double sum = 0;

      for (guint c = 0; c < rs->n_children; c++)
        sum += w[rs->children[c]] * kh_plan_get_node (self->plan, rs->children[c])->points;
      if (sum > 0)
        for (guint c = 0; c < rs->n_children; c++)
          w[rs->children[c]] *= rs->nominal / sum;
    }
}

static void
apply_sample (KhSensitivity *self,
              KhPlan        *plan,
              const Sample  *sample)
{
  for (guint v = 0; v < self->n_varied; v++)
    kh_plan_set_node_weight (plan, self->varied[v], sample->weight[self->varied[v]]);
  for (guint i = 0; i < self->n_inputs; i++)
    {
      const Input *input = &self->inputs[i];
      guint c = sample->choice[i];

      if (input->kind == KH_INPUT_METHOD)
        kh_plan_set_scoring (plan, input->nodes[0],
                             c > 0 ? &g_array_index (input->methods, KhScoring, c - 1) : NULL,
                             NULL);
      else if (input->kind == KH_INPUT_MISSING)
        kh_plan_set_missing (plan, input->nodes[0],
                             c > 0 ? g_array_index (input->rules, KhMissingPolicy, c - 1)
                                   : kh_plan_get_node (plan, input->nodes[0])->missing,
                             NULL);
      else if (input->kind == KH_INPUT_TIERS)
        kh_plan_set_tier_values (plan, self->group, sample->cutoffs);
    }
}

/* ---- runs on threads ------------------------------------------------------------- */

typedef struct
{
  KhSensitivity *self;
  KhPlan *plan;
  Sample *sample;
  double *point;
} Worker;

static void
record_run (KhSensitivity *self,
            KhPlan        *plan,
            guint          run)
{
  gsize base = (gsize) run * self->n_units;

  for (guint k = 0; k < self->n_units; k++)
    {
      guint u = self->units[k];
      guint32 awards = 0;

      self->ranks[base + k] = kh_plan_get_rank (plan, u);
      self->tiers[base + k] = (guint8) CLAMP (kh_plan_get_tier (plan, u), 0, 255);
      for (guint a = 0; a < self->n_awards; a++)
        if (kh_plan_has_award (plan, u, a))
          awards |= 1u << a;
      self->awards[base + k] = awards;
    }
}

static void
run_chunk (Worker *w,
           guint   chunk)
{
  KhSensitivity *self = w->self;
  guint per_row = self->n_inputs + 2;
  guint first = chunk * self->chunk_rows * per_row;
  guint last = MIN ((chunk + 1) * self->chunk_rows, self->n_rows) * per_row;

  for (guint run = first; run < last; run++)
    {
      kh_design_get_point (self->design, run, w->point);
      kh_sensitivity_sample (self, w->point, w->sample);
      apply_sample (self, w->plan, w->sample);
      /* The indicators are scored again only when a method or missing-data rule changed. */
      kh_plan_compute_aggregation (w->plan);
      record_run (self, w->plan, run);
    }
}

/* Takes one chunk and runs it; FALSE when none is left or the run was cancelled. */
static gboolean
work_one (Worker *w)
{
  KhSensitivity *self = w->self;
  guint chunk;

  if (g_atomic_int_get (&self->cancelled))
    return FALSE;
  chunk = (guint) g_atomic_int_add (&self->next_chunk, 1);
  if (chunk >= self->n_chunks)
    return FALSE;
  run_chunk (w, chunk);
  g_atomic_int_set (&self->chunk_done[chunk], 1);
  return TRUE;
}

static void
pool_work (gpointer data,
           gpointer user_data)
{
  while (work_one (data))
    ;
}

static void
update_rows_done (KhSensitivity *self)
{
  guint chunk = (guint) g_atomic_int_get (&self->rows_done) / self->chunk_rows;

  while (chunk < self->n_chunks && g_atomic_int_get (&self->chunk_done[chunk]))
    chunk++;
  g_atomic_int_set (&self->rows_done, (gint) MIN (chunk * self->chunk_rows, self->n_rows));
}

gboolean
kh_sensitivity_run (KhSensitivity            *self,
                    KhSensitivityProgressFunc progress,
                    gpointer                  user_data,
                    GError                  **error)
{
  g_autofree Worker *workers = NULL;
  GThreadPool *pool = NULL;
  guint n_workers;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_atomic_int_set (&self->next_chunk, 0);
  g_atomic_int_set (&self->rows_done, 0);
  for (guint c = 0; c < self->n_chunks; c++)
    g_atomic_int_set (&self->chunk_done[c], 0);

  n_workers = MAX (1, MIN (self->n_threads, self->n_chunks));
  workers = g_new0 (Worker, n_workers);
  for (guint t = 0; t < n_workers; t++)
    {
      workers[t].self = self;
      workers[t].plan = kh_plan_copy (self->plan);
      workers[t].sample = kh_sensitivity_sample_new (self);
      workers[t].point = g_new (double, MAX (kh_design_get_n_dims (self->design), 1));
      /* Every alternative rule once, so that no run allocates a row of treated values. */
      for (guint i = 0; i < self->n_inputs; i++)
        for (guint a = 0; self->inputs[i].kind == KH_INPUT_MISSING && a < self->inputs[i].rules->len; a++)
          kh_plan_set_missing (workers[t].plan, self->inputs[i].nodes[0],
                               g_array_index (self->inputs[i].rules, KhMissingPolicy, a), NULL);
    }
  if (n_workers > 1)
    {
      pool = g_thread_pool_new (pool_work, NULL, (int) n_workers - 1, TRUE, NULL);
      for (guint t = 1; t < n_workers; t++)
        g_thread_pool_push (pool, &workers[t], NULL);
    }
  while (work_one (&workers[0]))
    {
      update_rows_done (self);
      if (progress != NULL)
        progress (self, (guint) g_atomic_int_get (&self->rows_done), self->n_rows, user_data);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  update_rows_done (self);
  for (guint t = 0; t < n_workers; t++)
    {
      kh_plan_unref (workers[t].plan);
      kh_sensitivity_sample_free (workers[t].sample);
      g_free (workers[t].point);
    }
  if (g_atomic_int_get (&self->cancelled))
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_CANCELLED,
                           _("the sensitivity analysis was cancelled"));
      return FALSE;
    }
  if (progress != NULL)
    progress (self, self->n_rows, self->n_rows, user_data);
  return TRUE;
}

void
kh_sensitivity_cancel (KhSensitivity *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->cancelled, 1);
}

guint
kh_sensitivity_get_rows_done (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) g_atomic_int_get (&self->rows_done);
}

void
kh_sensitivity_set_threads (KhSensitivity *self,
                            guint          n_threads)
{
  g_return_if_fail (self != NULL);
  self->n_threads = CLAMP (n_threads, 1, 64);
}

guint
kh_sensitivity_get_n_inputs (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_inputs;
}

guint
kh_sensitivity_get_n_runs (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_runs;
}

guint
kh_sensitivity_get_n_rows (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

KhDesignKind
kh_sensitivity_get_design (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, KH_DESIGN_SOBOL);
  return kh_design_get_kind (self->design);
}

guint
kh_sensitivity_get_n_units (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_units;
}

guint
kh_sensitivity_get_unit (KhSensitivity *self,
                         guint          k)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (k < self->n_units, 0);
  return self->units[k];
}
