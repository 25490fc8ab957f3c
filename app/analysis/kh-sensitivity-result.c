/* kh-sensitivity-result.c — the summary of a sensitivity run, and every run's parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here reads the stored outcomes in run order, in the calling thread: the
 * sums are formed in the same order whatever the number of threads that ran them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-sensitivity-private.h"

/* Smallest rank r with P(rank ≤ r) ≥ p among the @n runs counted in counts[1..]. */
static int
rank_quantile (const guint *counts,
               guint        n_ranks,
               guint        n,
               double       p)
{
  guint64 cumulative = 0;

  if (n == 0)
    return 0;
  for (guint r = 1; r <= n_ranks; r++)
    {
      cumulative += counts[r];
      /* cumulative / n ≥ p, in integers where p·n is whole */
      if ((double) cumulative >= p * n - 1e-9 * n)
        return (int) r;
    }
  return (int) n_ranks;
}

static double
rank_value (gint32 rank,
            guint  n_ranks)
{
  return rank > 0 ? (double) rank : (double) (n_ranks + 1);
}

static void
summarise_unit (KhSensitivity       *self,
                KhSensitivityResult *result,
                guint                k,
                guint                n_runs,
                double              *y,
                KhSensitivityUnit   *out)
{
  KhDataset *ds = kh_plan_get_dataset (self->plan);
  guint u = self->units[k];
  guint nu = self->n_units;
  guint ranked, *tier_counts = g_new0 (guint, result->n_tiers + 1);
  guint *award_counts = g_new0 (guint, MAX (result->n_awards, 1));
  double sum = 0;

  out->id = g_strdup (kh_dataset_get_unit_id (ds, u));
  out->name = g_strdup (kh_dataset_get_unit_name (ds, u));
  out->unit = u;
  out->nominal_rank = self->nominal_rank[k];
  out->nominal_tier = kh_plan_get_tier (self->plan, u);
  out->counts = g_new0 (guint, result->n_ranks + 1);
  out->p_tier = g_new0 (double, MAX (result->n_tiers, 1));
  out->p_award = g_new0 (double, MAX (result->n_awards, 1));
  out->first = g_new (double, MAX (result->n_inputs, 1));
  out->total = g_new (double, MAX (result->n_inputs, 1));

  for (guint run = 0; run < n_runs; run++)
    {
      gsize at = (gsize) run * nu + k;
      gint32 rank = self->ranks[at];
      guint8 tier = self->tiers[at];

      out->counts[CLAMP (rank, 0, (gint32) result->n_ranks)]++;
      if (rank > 0)
        sum += rank;
      if (tier >= 1 && tier <= result->n_tiers)
        tier_counts[tier]++;
      for (guint a = 0; a < result->n_awards; a++)
        if (self->awards[at] & (1u << a))
          award_counts[a]++;
      y[run] = rank_value (rank, result->n_ranks);
    }
  ranked = n_runs - out->counts[0];
  out->p_unranked = (double) out->counts[0] / n_runs;
  out->mean = ranked > 0 ? sum / ranked : NAN;
  out->median = rank_quantile (out->counts, result->n_ranks, ranked, 0.5);
  out->lo = rank_quantile (out->counts, result->n_ranks, ranked, 0.05);
  out->hi = rank_quantile (out->counts, result->n_ranks, ranked, 0.95);
  for (int t = 0; t < result->n_tiers; t++)
    out->p_tier[t] = (double) tier_counts[t + 1] / n_runs;
  for (guint a = 0; a < result->n_awards; a++)
    out->p_award[a] = (double) award_counts[a] / n_runs;
  kh_jansen_indices (y, 1, result->n_rows, result->n_inputs, out->first, out->total, NULL);
  g_free (tier_counts);
  g_free (award_counts);
}

static void
summarise_group (KhSensitivity       *self,
                 KhSensitivityResult *result,
                 guint                n_runs,
                 double              *y)
{
  guint nu = self->n_units, ranked = 0;
  double sum = 0;

  for (guint k = 0; k < nu; k++)
    ranked += self->nominal_rank[k] > 0;
  for (guint run = 0; run < n_runs; run++)
    {
      double shift = 0;

      for (guint k = 0; k < nu; k++)
        if (self->nominal_rank[k] > 0)
          shift += fabs (rank_value (self->ranks[(gsize) run * nu + k], result->n_ranks)
                         - self->nominal_rank[k]);
      y[run] = shift / ranked;
      sum += y[run];
    }
  result->mean_shift = sum / n_runs;
  result->first = g_new (double, MAX (result->n_inputs, 1));
  result->total = g_new (double, MAX (result->n_inputs, 1));
  kh_jansen_indices (y, 1, result->n_rows, result->n_inputs, result->first, result->total, NULL);
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const KhSensitivityUnit *x = a, *y = b;

  if (x->nominal_rank != y->nominal_rank)
    {
      if (x->nominal_rank == 0 || y->nominal_rank == 0)
        return x->nominal_rank == 0 ? 1 : -1;
      return x->nominal_rank < y->nominal_rank ? -1 : 1;
    }
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static void
describe_group (KhSensitivity       *self,
                KhSensitivityResult *result)
{
  const KhGroup *group = self->group;

  result->n_tiers = group != NULL ? MAX (group->tiers.n_tiers, 0) : 0;
  result->tier_names = g_new0 (KhText, MAX (result->n_tiers, 1));
  for (int t = 0; group != NULL && t < result->n_tiers && (guint) t < group->tiers.names->len; t++)
    kh_text_copy (&result->tier_names[t], group->tiers.names->pdata[t]);
  result->n_awards = self->n_awards;
  result->award_names = g_new0 (KhText, MAX (result->n_awards, 1));
  result->award_ids = g_new0 (char *, result->n_awards + 1);
  for (guint a = 0; a < result->n_awards; a++)
    {
      const KhAwardRule *rule = group->awards->pdata[a];

      kh_text_copy (&result->award_names[a], &rule->name);
      result->award_ids[a] = g_strdup (rule->id);
    }
}

KhSensitivityResult *
kh_sensitivity_get_result (KhSensitivity *self,
                           guint          n_rows)
{
  KhSensitivityResult *result;
  g_autofree double *y = NULL;
  guint n_runs;

  g_return_val_if_fail (self != NULL, NULL);
  if (n_rows == 0)
    n_rows = self->n_rows;
  g_return_val_if_fail (n_rows <= kh_sensitivity_get_rows_done (self), NULL);

  result = g_new0 (KhSensitivityResult, 1);
  result->n_rows = n_rows;
  result->n_runs = n_runs = n_rows * (self->n_inputs + 2);
  result->complete = n_rows == self->n_rows;
  result->design = kh_design_get_kind (self->design);
  result->seed = self->seed;
  result->n_inputs = self->n_inputs;
  result->input_names = g_new0 (char *, self->n_inputs + 1);
  result->input_nodes = g_new0 (char *, self->n_inputs + 1);
  result->input_kinds = g_new0 (KhInputKind, MAX (self->n_inputs, 1));
  result->input_generated = g_new0 (gboolean, MAX (self->n_inputs, 1));
  for (guint i = 0; i < self->n_inputs; i++)
    {
      result->input_names[i] = g_strdup (self->inputs[i].name);
      result->input_nodes[i] = g_strdup (self->inputs[i].about);
      result->input_kinds[i] = self->inputs[i].kind;
      result->input_generated[i] = self->inputs[i].generated;
    }
  result->n_ranks = self->n_units;
  describe_group (self, result);

  y = g_new (double, MAX (n_runs, 1));
  result->n_units = self->n_units;
  result->units = g_new0 (KhSensitivityUnit, MAX (self->n_units, 1));
  for (guint k = 0; k < self->n_units; k++)
    summarise_unit (self, result, k, n_runs, y, &result->units[k]);
  qsort (result->units, result->n_units, sizeof (KhSensitivityUnit), compare_units);
  summarise_group (self, result, n_runs, y);
  return result;
}

void
kh_sensitivity_result_free (KhSensitivityResult *result)
{
  if (result == NULL)
    return;
  for (guint k = 0; k < result->n_units; k++)
    {
      KhSensitivityUnit *unit = &result->units[k];

      g_free (unit->id);
      g_free (unit->name);
      g_free (unit->p_tier);
      g_free (unit->p_award);
      g_free (unit->counts);
      g_free (unit->first);
      g_free (unit->total);
    }
  g_free (result->units);
  g_strfreev (result->input_names);
  /* NULL where an input is about no node: not a NULL-terminated vector */
  for (guint i = 0; i < result->n_inputs; i++)
    g_free (result->input_nodes[i]);
  g_free (result->input_nodes);
  g_free (result->input_kinds);
  g_free (result->input_generated);
  for (int t = 0; t < result->n_tiers; t++)
    kh_text_clear (&result->tier_names[t]);
  g_free (result->tier_names);
  for (guint a = 0; a < result->n_awards; a++)
    kh_text_clear (&result->award_names[a]);
  g_free (result->award_names);
  g_strfreev (result->award_ids);
  g_free (result->first);
  g_free (result->total);
  g_free (result);
}

int
kh_sensitivity_result_find_unit (const KhSensitivityResult *result,
                                 const char                *id)
{
  g_return_val_if_fail (result != NULL, -1);

  for (guint k = 0; k < result->n_units; k++)
    if (g_strcmp0 (result->units[k].id, id) == 0)
      return (int) k;
  return -1;
}

/* ---- every run's parameters ------------------------------------------------------- */

guint
kh_sensitivity_get_n_parameters (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->parameters->len;
}

const char *
kh_sensitivity_get_parameter_name (KhSensitivity *self,
                                   guint          parameter)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (parameter < self->parameters->len, NULL);
  return self->parameters->pdata[parameter];
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

GPtrArray *
kh_sensitivity_get_run_parameters (KhSensitivity *self,
                                   guint          run)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *point = NULL;
  Sample *sample;

  g_return_val_if_fail (self != NULL, values);
  g_return_val_if_fail (run < self->n_runs, values);

  point = g_new (double, MAX (kh_design_get_n_dims (self->design), 1));
  sample = kh_sensitivity_sample_new (self);
  kh_design_get_point (self->design, run, point);
  kh_sensitivity_sample (self, point, sample);
  for (guint v = 0; v < self->n_varied; v++)
    g_ptr_array_add (values, format_number (sample->weight[self->varied[v]]));
  for (guint i = 0; i < self->n_inputs; i++)
    {
      const Input *input = &self->inputs[i];
      guint c = sample->choice[i];
      const KhNode *node = input->n_nodes > 0 ? kh_plan_get_node (self->plan, input->nodes[0]) : NULL;

      switch (input->kind)
        {
        case KH_INPUT_METHOD:
          g_ptr_array_add (values,
                           kh_scoring_spec_text (c > 0 ? &g_array_index (input->methods, KhScoring, c - 1)
                                                       : &node->scoring,
                                                 FALSE));
          break;
        case KH_INPUT_MISSING:
          g_ptr_array_add (values, g_strdup (kh_missing_to_string (
                                     c > 0 ? g_array_index (input->rules, KhMissingPolicy, c - 1)
                                           : node->missing)));
          break;
        case KH_INPUT_LEAVE_OUT:
          g_ptr_array_add (values,
                           g_strdup (c > 0 ? kh_plan_get_node (self->plan, input->nodes[c - 1])->id
                                           : ""));
          break;
        case KH_INPUT_TIERS:
          for (guint t = 0; t < self->n_cutoffs; t++)
            g_ptr_array_add (values, format_number (sample->cutoffs[t]));
          break;
        case KH_INPUT_WEIGHTS:
        case KH_INPUT_DIRICHLET:
        default:
          break;
        }
    }
  kh_sensitivity_sample_free (sample);
  return values;
}

char *
kh_sensitivity_get_run_matrix (KhSensitivity *self,
                               guint          run)
{
  guint m;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (run < self->n_runs, NULL);

  m = run % (self->n_inputs + 2);
  if (m < 2)
    return g_strdup (m == 0 ? "A" : "B");
  return g_strdup_printf ("AB:%s", self->inputs[m - 2].name);
}

int
kh_sensitivity_get_run_rank (KhSensitivity *self,
                             guint          run,
                             guint          k)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (run < self->n_runs && k < self->n_units, 0);
  return self->ranks[(gsize) run * self->n_units + k];
}
