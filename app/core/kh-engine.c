/* kh-engine.c — the scoring engine: the plan's life and the pipeline in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_plan_new() compiles (kh-engine-compile.c, kh-engine-derive.c) and
 * kh_plan_compute() runs the stages in their order; each stage has its own file, listed
 * in kh-engine-private.h with the layout of the plan. The formulas are in
 * data/schema/README.md.
 */
#include "config.h"

#include <float.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-engine-private.h"
#include "kh-engine-sort.h"
#include "kh-formula.h"
#include "kh-problem.h"

G_DEFINE_QUARK (kh-engine-error-quark, kh_engine_error)

double
kh_round_half_away (double value,
                    int    digits)
{
  double scale;

  if (!isfinite (value))
    return value;
  digits = CLAMP (digits, 0, 12);
  scale = pow (10.0, digits);
  /* The relative nudge of a few ulp makes 2.675 (stored as 2.67499999…) round as
   * written; it is far below any difference between two real scores. */
  return round (value * scale * (1.0 + 4 * DBL_EPSILON)) / scale;
}

/* ---- compiling ------------------------------------------------------------------ */

KhPlan *
kh_plan_new (KhFramework *framework,
             KhDataset   *dataset,
             KhPlan      *previous,
             GError     **error)
{
  g_autoptr (KhPlan) self = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);

  g_return_val_if_fail (framework != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (framework->root == NULL)
    {
      g_set_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID,
                   _("framework “%s” has no root node"), framework->id);
      return NULL;
    }

  self = g_new0 (KhPlan, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->framework = kh_framework_ref (framework);
  self->dataset = kh_dataset_ref (dataset);
  self->n_units = kh_dataset_get_n_units (dataset);
  self->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->nan_column = g_new (double, MAX (self->n_units, 1));
  for (guint u = 0; u < MAX (self->n_units, 1); u++)
    self->nan_column[u] = NAN;

  kh_engine_compile_nodes (self, problems);
  kh_engine_compile_fields (self, problems);
  if (problems->len == 0)
    kh_engine_compile_formulas (self, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_INVALID, problems->str);
      return NULL;
    }

  kh_engine_compile_groups (self, problems);
  kh_engine_bind_data (self, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA, problems->str);
      return NULL;
    }

  kh_engine_allocate (self);
  if (previous != NULL)
    kh_engine_bind_previous (self, previous);
  return g_steal_pointer (&self);
}

KhPlan *
kh_plan_ref (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_plan_unref (KhPlan *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_nodes; i++)
    g_free (self->nodes[i].children);
  g_free (self->nodes);
  for (guint i = 0; i < self->n_inds; i++)
    {
      g_free (self->inds[i].applies);
      g_free (self->inds[i].treated);
    }
  g_free (self->inds);
  for (guint i = 0; i < self->n_fields; i++)
    {
      g_free (self->fields[i].id);
      g_free (self->fields[i].derived);
      g_free (self->fields[i].prev);
    }
  g_free (self->fields);
  g_hash_table_unref (self->field_index);
  g_clear_pointer (&self->node_index, g_hash_table_unref);
  for (guint i = 0; i < self->n_programs; i++)
    g_array_unref (self->programs[i].ops);
  g_free (self->programs);
  for (guint i = 0; i < self->n_groups && self->groups != NULL; i++)
    g_free (self->groups[i].units);
  g_free (self->groups);
  g_free (self->unit_group);
  g_free (self->nan_column);
  g_free (self->stack);
  g_free (self->work);
  g_free (self->acc);
  g_free (self->adjust_field);
  g_free (self->constraint_field);
  g_free (self->node_score);
  g_free (self->contrib_buf);
  g_free (self->state);
  g_free (self->adjust);
  g_free (self->failed);
  g_free (self->total);
  g_free (self->rounded);
  g_free (self->rank);
  g_free (self->tier);
  g_free (self->vetoed);
  g_free (self->awards);
  g_free (self->prev_rank);
  g_free (self->prev_total);
  g_free (self->prev_contrib);
  kh_dataset_unref (self->dataset);
  kh_framework_unref (self->framework);
  g_free (self);
}

/* ---- the pipeline --------------------------------------------------------------- */

/* The value the relative methods compare: higher is better after this. */
static inline double
direction_key (const KhNode *node,
               double        x)
{
  return node->direction == KH_DIRECTION_HIGHER ? x : -x;
}

/* Step 4 for the units of @pg whose treated value @t[u] is available: writes @score.
 * @t may be @score itself (scored in place). @work holds the @n available keys
 * (sorted for rank and percentile). The method's switch is outside the unit loops. */
static void
score_units (const KhNode    *node,
             const PlanGroup *pg,
             const guint8    *state,
             const double    *t,
             double          *score,
             const double    *work,
             gsize            n,
             double           lo,
             double           hi)
{
  const KhScoring *s = &node->scoring;
  const guint *units = pg->units;
  guint n_units = pg->n_units;
  double P = node->points;
  gboolean lower = node->direction != KH_DIRECTION_HIGHER;
  double sign = lower ? -1.0 : 1.0;

#define FOR_AVAILABLE(body)                                                                        \
  for (guint k = 0; k < n_units; k++)                                                              \
    {                                                                                              \
      guint u = units[k];                                                                          \
      double x = t[u];                                                                             \
      if (state[u] != KH_VALUE_OK && state[u] != KH_VALUE_IMPUTED)                                 \
        continue;                                                                                  \
      body;                                                                                        \
    }

  switch (s->method)
    {
    case KH_METHOD_MINMAX:
      {
        double a = isnan (s->a) ? 0.0 : s->a;
        double b = isnan (s->b) ? P : s->b;
        double scale = hi > lo ? (b - a) / (hi - lo) : 0.0;

        if (hi > lo)
          FOR_AVAILABLE (score[u] = a + scale * (sign * x - lo))
        else
          FOR_AVAILABLE ((void) x; score[u] = b)
      }
      break;
    case KH_METHOD_ZSCORE:
      {
        double m = isnan (s->mean) ? 0.0 : s->mean;
        double sd = isnan (s->sd) ? 1.0 : s->sd;

        if (hi > 0)
          FOR_AVAILABLE (score[u] = m + sd * (sign * x - lo) / hi)
        else
          FOR_AVAILABLE ((void) x; score[u] = m)
      }
      break;
    case KH_METHOD_RANK:
      FOR_AVAILABLE ({
        double r = 1.0 + kh_count_above (work, n, sign * x);

        if (s->step > 0)
          score[u] = MAX (0.0, P - s->step * (r - 1));
        else
          score[u] = n > 1 ? P * (n - r) / (n - 1) : P;
      })
      break;
    case KH_METHOD_PERCENTILE:
      FOR_AVAILABLE (score[u] = n > 1 ? P * kh_count_below (work, n, sign * x) / (double) (n - 1) : P)
      break;
    case KH_METHOD_GOALPOSTS:
      FOR_AVAILABLE (score[u] = P * CLAMP ((x - s->lo) / (s->hi - s->lo), 0.0, 1.0))
      break;
    case KH_METHOD_TARGET_RATIO:
      {
        double cap = isnan (s->cap) ? G_MAXDOUBLE : s->cap;
        double at_zero = isnan (s->cap) ? 1.0 : s->cap;

        if (!lower)
          FOR_AVAILABLE (score[u] = P * CLAMP (x / s->target, 0.0, cap))
        else
          FOR_AVAILABLE (score[u] = P * CLAMP (x > 0 ? s->target / x : at_zero, 0.0, cap))
      }
      break;
    case KH_METHOD_THRESHOLDS:
      {
        const KhStep *steps = (const KhStep *) s->steps->data;
        guint n_steps = s->steps->len;

        FOR_AVAILABLE ({
          double points = 0.0;

          if (!lower)
            {
              for (guint j = 0; j < n_steps; j++)
                if (x >= steps[j].min)
                  points = steps[j].points;
            }
          else
            {
              for (guint j = n_steps; j-- > 0;)
                if (x <= steps[j].min)
                  points = steps[j].points;
            }
          score[u] = points;
        })
      }
      break;
    case KH_METHOD_GRADES:
      {
        const KhStep *steps = (const KhStep *) s->steps->data;
        guint n_steps = s->steps->len;

        FOR_AVAILABLE ({
          double points = NAN;

          for (guint j = 0; j < n_steps; j++)
            if (steps[j].min == x)
              points = steps[j].points;
          score[u] = points;
        })
      }
      break;
    case KH_METHOD_SATISFACTION:
      FOR_AVAILABLE (score[u] = P * CLAMP ((x - s->floor) / (100.0 - s->floor), 0.0, 1.0))
      break;
    default:
      g_assert_not_reached ();
    }
#undef FOR_AVAILABLE
}

/* Steps 2–4 for one indicator over one group. */
static void
process_indicator (KhPlan          *self,
                   guint            i,
                   const PlanGroup *pg)
{
  const PlanIndicator *ind = &self->inds[i];
  const KhNode *node = ind->src;
  const ValueField *field = &self->fields[ind->field];
  gsize n_units = self->n_units;
  double *score = self->node_score + (gsize) ind->node * n_units;
  double *treated = ind->treated != NULL ? ind->treated : score;
  guint8 *state = self->state + (gsize) i * n_units;
  double *work = self->work;
  gsize n = 0, n_missing = 0;
  double lo = 0, hi = 0;

  /* 2a gather, carry the previous value, log */
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];
      double v = field->values[u];
      guint8 st = KH_VALUE_OK;

      if (ind->applies != NULL && !ind->applies[u])
        {
          treated[u] = NAN;
          score[u] = NAN;
          state[u] = KH_VALUE_NOT_APPLICABLE;
          continue;
        }
      if (isnan (v) && node->missing == KH_MISSING_PREVIOUS && field->prev != NULL
          && !isnan (field->prev[u]))
        {
          v = field->prev[u];
          st = KH_VALUE_IMPUTED;
        }
      if (!isnan (v) && node->outlier == KH_OUTLIER_LOG)
        {
          double arg = node->outlier_a != 0 && !isnan (node->outlier_a) ? 1.0 + v : v;

          v = arg > 0 ? log (arg) : NAN;
        }
      if (isnan (v))
        {
          st = KH_VALUE_MISSING;
          n_missing++;
        }
      else
        work[n++] = v;
      treated[u] = v;
      state[u] = st;
    }

  /* 3 winsorise the available values */
  if (n > 0 && (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE
                || node->outlier == KH_OUTLIER_WINSOR_SD))
    {
      if (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE)
        {
          kh_sort_doubles (work, n);
          lo = kh_quantile_sorted (work, n, node->outlier_a / 100.0);
          hi = kh_quantile_sorted (work, n, node->outlier_b / 100.0);
        }
      else
        {
          double mean, sd;

          kh_mean_sd (work, n, &mean, &sd);
          lo = mean - node->outlier_a * sd;
          hi = mean + node->outlier_a * sd;
        }
      n = 0;
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];

          if (isnan (treated[u]))
            continue;
          treated[u] = CLAMP (treated[u], lo, hi);
          work[n++] = treated[u];
        }
    }

  /* 2b group mean or median of the treated values for the missing ones */
  if (n > 0 && n_missing > 0
      && (node->missing == KH_MISSING_MEAN || node->missing == KH_MISSING_MEDIAN))
    {
      double fill;

      if (node->missing == KH_MISSING_MEAN)
        {
          double sd;

          kh_mean_sd (work, n, &fill, &sd);
        }
      else
        {
          kh_sort_doubles (work, n);
          fill = kh_quantile_sorted (work, n, 0.5);
        }
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];

          if (state[u] == KH_VALUE_MISSING)
            {
              treated[u] = fill;
              state[u] = KH_VALUE_IMPUTED;
              work[n++] = fill;
            }
        }
    }

  /* band: the distance to [band_lo, band_hi], lower is better */
  if (node->direction == KH_DIRECTION_BAND)
    {
      n = 0;
      for (guint k = 0; k < pg->n_units; k++)
        {
          guint u = pg->units[k];
          double v = treated[u];

          if (isnan (v))
            continue;
          v = v < node->band_lo ? node->band_lo - v : v > node->band_hi ? v - node->band_hi : 0.0;
          treated[u] = v;
          work[n++] = v;
        }
    }

  /* 4 statistics of the keys */
  switch (node->scoring.method)
    {
    case KH_METHOD_MINMAX:
      lo = G_MAXDOUBLE;
      hi = -G_MAXDOUBLE;
      for (gsize k = 0; k < n; k++)
        {
          double key = direction_key (node, work[k]);

          lo = MIN (lo, key);
          hi = MAX (hi, key);
        }
      break;
    case KH_METHOD_ZSCORE:
    case KH_METHOD_RANK:
    case KH_METHOD_PERCENTILE:
      for (gsize k = 0; k < n; k++)
        work[k] = direction_key (node, work[k]);
      if (node->scoring.method == KH_METHOD_ZSCORE)
        kh_mean_sd (work, n, &lo, &hi);
      else
        kh_sort_doubles (work, n);
      break;
    default:
      break;
    }

  /* missing after all: zero by policy, else no score */
  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      if (state[u] != KH_VALUE_MISSING)
        continue;
      if (node->missing == KH_MISSING_ZERO)
        state[u] = KH_VALUE_ZERO;
      score[u] = node->missing == KH_MISSING_ZERO ? 0.0 : NAN;
    }
  score_units (node, pg, state, treated, score, work, n, lo, hi);
}

/* Step 5, node by node (children before parents), over all units at once. The
 * accumulators are rows of self->acc; children are visited in tree order. */
static void
aggregate (KhPlan *self)
{
  gsize nu = self->n_units;
  double *sum = self->acc, *wsum = self->acc + nu, *wp = self->acc + 2 * nu;
  double *coef = self->acc + 3 * nu, *cnt = self->acc + 4 * nu;

  for (guint n = self->n_nodes; n-- > 0;)
    {
      const PlanNode *pn = &self->nodes[n];
      KhAggregation agg = pn->src->aggregation;
      double P = pn->points;
      double wp_all = 0;
      double *out = self->node_score + (gsize) n * nu;

      if (pn->indicator >= 0)
        continue;
      if (pn->n_children == 0)
        {
          for (gsize u = 0; u < nu; u++)
            out[u] = NAN;
          continue;
        }
      for (gsize u = 0; u < nu; u++)
        {
          sum[u] = wsum[u] = wp[u] = cnt[u] = 0;
          coef[u] = 1;
        }

      for (guint c = 0; c < pn->n_children; c++)
        {
          const PlanNode *child = &self->nodes[pn->children[c]];
          const double *s = self->node_score + (gsize) pn->children[c] * nu;
          double w = child->weight, Pc = child->points, wPc = w * Pc;
          gboolean is_coef = agg == KH_AGG_COEFFICIENT && child->src->coefficient;

          if (!is_coef)
            wp_all += wPc;
          if (w == 0)
            continue;
          if (is_coef)
            {
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  coef[u] *= MAX (s[u] / Pc, 0.0);
              continue;
            }
          switch (agg)
            {
            case KH_AGG_SUM:
            case KH_AGG_COEFFICIENT:
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    sum[u] += w * s[u];
                    wp[u] += wPc;
                    cnt[u] += 1;
                  }
              break;
            case KH_AGG_MEAN:
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    sum[u] += w * (s[u] / Pc);
                    wsum[u] += w;
                    cnt[u] += 1;
                  }
              break;
            case KH_AGG_GEOMETRIC:
            case KH_AGG_HARMONIC:
              /* coef[] doubles as the "some fᵢ ≤ 0" flag (set to 0) */
              for (gsize u = 0; u < nu; u++)
                if (!isnan (s[u]))
                  {
                    double f = s[u] / Pc;

                    if (f <= 0)
                      coef[u] = 0;
                    else
                      sum[u] += agg == KH_AGG_GEOMETRIC ? w * log (f) : w / f;
                    wsum[u] += w;
                    cnt[u] += 1;
                  }
              break;
            default:
              g_assert_not_reached ();
            }
        }

      for (gsize u = 0; u < nu; u++)
        {
          if (cnt[u] == 0)
            {
              out[u] = NAN;
              continue;
            }
          switch (agg)
            {
            case KH_AGG_SUM:
              out[u] = sum[u] * (wp_all / wp[u]);
              break;
            case KH_AGG_COEFFICIENT:
              out[u] = sum[u] * (wp_all / wp[u]) * coef[u];
              break;
            case KH_AGG_MEAN:
              out[u] = P * sum[u] / wsum[u];
              break;
            case KH_AGG_GEOMETRIC:
              out[u] = coef[u] == 0 ? 0.0 : P * exp (sum[u] / wsum[u]);
              break;
            case KH_AGG_HARMONIC:
              out[u] = coef[u] == 0 ? 0.0 : P * wsum[u] / sum[u];
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

/* Splits @value among the children of @n of class @which (−1 all, 0 without and 1 with
 * `coefficient`) for one unit, in proportion to their parts. */
static void
split_unit (KhPlan  *self,
            guint    n,
            guint    u,
            int      which,
            double   value,
            gboolean shortfall)
{
  const PlanNode *pn = &self->nodes[n];
  gsize nu = self->n_units;
  KhAggregation agg = pn->src->aggregation;
  gboolean by_score = !shortfall && (agg == KH_AGG_SUM || agg == KH_AGG_COEFFICIENT);
  double *out = self->contrib_buf;
  double total = 0;
  guint count = 0;

  for (int pass = 0; pass < 2; pass++)
    for (guint c = 0; c < pn->n_children; c++)
      {
        guint ci = pn->children[c];
        const PlanNode *child = &self->nodes[ci];
        double s = self->node_score[(gsize) ci * nu + u];
        double w = child->weight, part;

        if (which >= 0 && (agg == KH_AGG_COEFFICIENT && child->src->coefficient) != which)
          continue;
        if (isnan (s) || w == 0)
          {
            if (pass == 1)
              out[ci] = 0;
            continue;
          }
        part = shortfall ? w * (1.0 - s / child->points)
               : by_score ? w * s
                          : w * (s / child->points);
        if (pass == 0)
          {
            total += part;
            count++;
          }
        else
          out[ci] = total != 0 ? value * part / total : value / count;
      }
}

/* Contributions of one unit, from the root down, into contrib_buf; computed on demand
 * (explanations only) and kept for the last unit asked. */
void
kh_engine_ensure_contributions (KhPlan *self,
                                guint   u)
{
  gsize nu = self->n_units;
  double *buf = self->contrib_buf;

  if (self->contrib_unit == u)
    return;
  buf[0] = isnan (self->node_score[u]) ? 0.0 : self->node_score[u];
  for (guint n = 0; n < self->n_nodes; n++)
    {
      const PlanNode *pn = &self->nodes[n];
      double V = buf[n];

      if (pn->n_children == 0)
        continue;
      if (isnan (self->node_score[(gsize) n * nu + u]))
        {
          for (guint c = 0; c < pn->n_children; c++)
            buf[pn->children[c]] = 0;
          continue;
        }
      if (pn->src->aggregation == KH_AGG_COEFFICIENT && !pn->shortfall)
        {
          double coef = 1;

          for (guint c = 0; c < pn->n_children; c++)
            {
              const PlanNode *child = &self->nodes[pn->children[c]];
              double s = self->node_score[(gsize) pn->children[c] * nu + u];

              if (child->src->coefficient && child->weight != 0 && !isnan (s))
                coef *= MAX (s / child->points, 0.0);
            }
          split_unit (self, n, u, 0, coef == 0 ? 0.0 : V / coef, FALSE);
          split_unit (self, n, u, 1, coef == 0 ? 0.0 : V - V / coef, TRUE);
        }
      else
        split_unit (self, n, u, -1, V, pn->shortfall);
    }
  self->contrib_unit = u;
}

/* Step 6 for all units. */
static void
adjust (KhPlan *self)
{
  KhFramework *fw = self->framework;
  gsize nu = self->n_units;

  for (gsize u = 0; u < nu; u++)
    {
      self->total[u] = self->node_score[u];
      self->vetoed[u] = FALSE;
    }
  for (guint a = 0; a < fw->adjustments->len; a++)
    {
      const KhAdjustment *adj = fw->adjustments->pdata[a];
      const double *v = self->fields[self->adjust_field[a]].values;
      double *out = self->adjust + (gsize) a * nu;

      for (gsize u = 0; u < nu; u++)
        {
          double amount = isnan (v[u]) ? 0.0 : MAX (0.0, adj->per_item * v[u]);

          if (!isnan (adj->cap))
            amount = MIN (amount, adj->cap);
          if (adj->kind == KH_ADJUST_DEDUCTION)
            amount = -amount;
          out[u] = amount;
          self->total[u] += amount;
        }
    }
  for (guint c = 0; c < fw->constraints->len; c++)
    {
      const KhConstraint *con = fw->constraints->pdata[c];
      const double *v = self->fields[self->constraint_field[c]].values;
      guint8 *failed = self->failed + (gsize) c * nu;

      for (gsize u = 0; u < nu; u++)
        {
          failed[u] = isnan (v[u]) || (con->sense == KH_CONSTRAINT_AT_MOST ? v[u] > con->target
                                                                           : v[u] < con->target);
          if (!failed[u])
            continue;
          if (con->consequence == KH_CONSEQUENCE_DEDUCT)
            self->total[u] -= con->amount;
          else if (con->consequence == KH_CONSEQUENCE_VETO)
            self->vetoed[u] = TRUE;
        }
    }
}

/* Steps 7–8 for one group. */
static void
rank_and_tier (KhPlan          *self,
               const PlanGroup *pg)
{
  KhFramework *fw = self->framework;
  const KhTierRule *rule = pg->group != NULL ? &pg->group->tiers : NULL;
  int n_tiers = rule != NULL && rule->n_tiers > 0 ? rule->n_tiers : 0;
  gsize n = 0;

  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];

      self->rounded[u] = kh_round_half_away (self->total[u], pg->precision);
      if (!isnan (self->rounded[u]))
        self->work[n++] = self->rounded[u];
    }
  kh_sort_doubles (self->work, n);

  for (guint k = 0; k < pg->n_units; k++)
    {
      guint u = pg->units[k];
      int tier = 0;

      self->rank[u] = 0;
      self->tier[u] = 0;
      if (isnan (self->rounded[u]))
        continue;
      self->rank[u] = 1 + (int) kh_count_above (self->work, n, self->rounded[u]);
      if (n_tiers == 0)
        continue;

      tier = n_tiers;
      if (rule->mode == KH_TIER_BY_THRESHOLD)
        {
          for (guint t = 0; t < rule->values->len && (int) t < n_tiers - 1; t++)
            if (self->rounded[u] >= g_array_index (rule->values, double, t))
              {
                tier = (int) t + 1;
                break;
              }
        }
      else
        {
          double cumulative = 0;

          for (guint t = 0; t < rule->values->len && (int) t < n_tiers - 1; t++)
            {
              double v = g_array_index (rule->values, double, t);

              cumulative += rule->mode == KH_TIER_BY_COUNT ? v : floor (v * n + 0.5);
              if (self->rank[u] <= cumulative)
                {
                  tier = (int) t + 1;
                  break;
                }
            }
        }

      for (guint c = 0; c < fw->constraints->len; c++)
        {
          const KhConstraint *con = fw->constraints->pdata[c];

          if (self->failed[(gsize) c * self->n_units + u]
              && con->consequence == KH_CONSEQUENCE_CAP_TIER)
            tier = MAX (tier, MIN ((int) con->amount, n_tiers));
        }
      if (self->vetoed[u])
        tier = n_tiers;
      self->tier[u] = tier;
    }
}

/* Step 9: awards of one group. */
static void
award (KhPlan          *self,
       const PlanGroup *pg)
{
  if (pg->group == NULL)
    return;
  for (guint k = 0; k < pg->n_units; k++)
    self->awards[pg->units[k]] = 0;
  if (!self->has_previous)
    return;

  for (guint a = 0; a < pg->group->awards->len && a < 32; a++)
    {
      const KhAwardRule *rule = pg->group->awards->pdata[a];
      int best = G_MININT;

      for (int pass = 0; pass < 2; pass++)
        for (guint k = 0; k < pg->n_units; k++)
          {
            guint u = pg->units[k];
            int change;

            if (!kh_plan_get_rank_change (self, u, &change) || self->vetoed[u]
                || change < rule->min_advance
                || (rule->min_tier > 0 && self->tier[u] < rule->min_tier)
                || (rule->max_tier > 0 && (self->tier[u] > rule->max_tier || self->tier[u] == 0)))
              continue;
            if (pass == 0)
              best = MAX (best, change);
            else if (!rule->most || change == best)
              self->awards[u] |= 1u << a;
          }
    }
}

void
kh_plan_compute (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  kh_engine_derive (self);
  for (guint g = 0; g < self->n_groups; g++)
    {
      const PlanGroup *pg = &self->groups[g];

      for (guint i = 0; i < self->n_inds; i++)
        process_indicator (self, i, pg);
    }
  aggregate (self);
  self->contrib_unit = G_MAXUINT;
  adjust (self);
  for (guint g = 0; g < self->n_groups; g++)
    {
      rank_and_tier (self, &self->groups[g]);
      award (self, &self->groups[g]);
    }
  self->computed = TRUE;
}

/* ---- changes and getters -------------------------------------------------------- */

gboolean
kh_plan_set_value (KhPlan     *self,
                   guint       unit,
                   const char *field,
                   double      value)
{
  guint f, vf;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit < self->n_units, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  f = kh_dataset_find_field (self->dataset, field);
  vf = kh_engine_field_lookup (self, field);
  if (f == KH_DATASET_NONE || vf == G_MAXUINT)
    return FALSE;
  if (self->fields[vf].indicator >= 0
      && !kh_engine_grade_code_ok (self->inds[self->fields[vf].indicator].src, value))
    return FALSE;
  kh_dataset_set (self->dataset, unit, f, value);
  return TRUE;
}

gboolean
kh_plan_set_weight (KhPlan     *self,
                    const char *node_id,
                    double      weight)
{
  int n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  n = kh_plan_find_node (self, node_id);
  if (n < 0 || !(isfinite (weight) && weight >= 0))
    return FALSE;
  self->nodes[n].weight = weight;
  return TRUE;
}

KhFramework *
kh_plan_get_framework (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->framework;
}

KhDataset *
kh_plan_get_dataset (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dataset;
}

guint
kh_plan_get_n_units (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_units;
}

guint
kh_plan_find_unit (KhPlan     *self,
                   const char *id)
{
  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  return kh_dataset_find_unit (self->dataset, id);
}

guint
kh_plan_get_n_nodes (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nodes;
}

const KhNode *
kh_plan_get_node (KhPlan *self,
                  guint   node)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (node < self->n_nodes, NULL);
  return self->nodes[node].src;
}

int
kh_plan_find_node (KhPlan     *self,
                   const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, id)) - 1;
}

KhGroup *
kh_plan_get_unit_group (KhPlan *self,
                        guint   unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->n_units, NULL);
  return self->unit_group[unit] >= 0 ? self->groups[self->unit_group[unit]].group : NULL;
}

#define CHECK_UNIT(ret)                                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_return_val_if_fail (self != NULL, ret);                                                      \
    g_return_val_if_fail (unit < self->n_units, ret);                                              \
  }                                                                                                \
  G_STMT_END

double
kh_plan_get_total (KhPlan *self,
                   guint   unit)
{
  CHECK_UNIT (NAN);
  return self->total[unit];
}

double
kh_plan_get_rounded_total (KhPlan *self,
                           guint   unit)
{
  CHECK_UNIT (NAN);
  return self->rounded[unit];
}

int
kh_plan_get_rank (KhPlan *self,
                  guint   unit)
{
  CHECK_UNIT (0);
  return self->rank[unit];
}

int
kh_plan_get_tier (KhPlan *self,
                  guint   unit)
{
  CHECK_UNIT (0);
  return self->tier[unit];
}

gboolean
kh_plan_get_vetoed (KhPlan *self,
                    guint   unit)
{
  CHECK_UNIT (FALSE);
  return self->vetoed[unit];
}

int
kh_plan_get_previous_rank (KhPlan *self,
                           guint   unit)
{
  CHECK_UNIT (0);
  return self->has_previous ? self->prev_rank[unit] : 0;
}

double
kh_plan_get_previous_total (KhPlan *self,
                            guint   unit)
{
  CHECK_UNIT (NAN);
  return self->has_previous ? self->prev_total[unit] : NAN;
}

gboolean
kh_plan_get_rank_change (KhPlan *self,
                         guint   unit,
                         int    *change)
{
  CHECK_UNIT (FALSE);
  if (!self->has_previous || self->prev_rank[unit] == 0 || self->rank[unit] == 0)
    return FALSE;
  if (change != NULL)
    *change = self->prev_rank[unit] - self->rank[unit];
  return TRUE;
}

gboolean
kh_plan_has_award (KhPlan *self,
                   guint   unit,
                   guint   award_index)
{
  CHECK_UNIT (FALSE);
  return award_index < 32 && (self->awards[unit] & (1u << award_index)) != 0;
}

int
kh_plan_get_quota (KhPlan *self,
                   guint   unit,
                   guint   quota)
{
  KhGroup *group;
  const KhQuotaRule *rule;

  CHECK_UNIT (0);
  group = kh_plan_get_unit_group (self, unit);
  if (group == NULL || quota >= group->quotas->len || self->tier[unit] <= 0)
    return 0;
  rule = group->quotas->pdata[quota];
  if ((guint) self->tier[unit] > rule->counts->len)
    return 0;
  return g_array_index (rule->counts, int, self->tier[unit] - 1);
}

double
kh_plan_get_value (KhPlan *self,
                   guint   unit,
                   guint   node,
                   KhStage stage)
{
  const PlanIndicator *ind;
  const ValueField *field;

  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);

  if (self->nodes[node].indicator < 0)
    return stage == KH_STAGE_SCORED ? self->node_score[(gsize) node * self->n_units + unit] : NAN;
  ind = &self->inds[self->nodes[node].indicator];
  field = &self->fields[ind->field];
  switch (stage)
    {
    case KH_STAGE_RAW:
      return field->data_field != KH_DATASET_NONE
               ? kh_dataset_get (self->dataset, unit, field->data_field)
               : NAN;
    case KH_STAGE_DERIVED:
      return field->values[unit];
    case KH_STAGE_TREATED:
      if (ind->treated != NULL)
        return ind->treated[unit];
      if (self->state[(gsize) self->nodes[node].indicator * self->n_units + unit] != KH_VALUE_OK)
        return NAN;
      return field->values[unit];
    case KH_STAGE_SCORED:
    default:
      return self->node_score[(gsize) node * self->n_units + unit];
    }
}

KhValueState
kh_plan_get_value_state (KhPlan *self,
                         guint   unit,
                         guint   node)
{
  CHECK_UNIT (KH_VALUE_MISSING);
  g_return_val_if_fail (node < self->n_nodes, KH_VALUE_MISSING);

  if (self->nodes[node].indicator < 0)
    return isnan (self->node_score[(gsize) node * self->n_units + unit]) ? KH_VALUE_MISSING
                                                                         : KH_VALUE_OK;
  return self->state[(gsize) self->nodes[node].indicator * self->n_units + unit];
}

double
kh_plan_get_node_score (KhPlan *self,
                        guint   unit,
                        guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  return self->node_score[(gsize) node * self->n_units + unit];
}

double
kh_plan_get_contribution (KhPlan *self,
                          guint   unit,
                          guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  kh_engine_ensure_contributions (self, unit);
  return self->contrib_buf[node];
}

double
kh_plan_get_previous_contribution (KhPlan *self,
                                   guint   unit,
                                   guint   node)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (node < self->n_nodes, NAN);
  return self->has_previous ? self->prev_contrib[(gsize) node * self->n_units + unit] : 0.0;
}

double
kh_plan_get_adjustment (KhPlan *self,
                        guint   unit,
                        guint   adjustment)
{
  CHECK_UNIT (NAN);
  g_return_val_if_fail (adjustment < self->framework->adjustments->len, NAN);
  return self->adjust[(gsize) adjustment * self->n_units + unit];
}

gboolean
kh_plan_get_constraint_failed (KhPlan *self,
                               guint   unit,
                               guint   constraint)
{
  CHECK_UNIT (FALSE);
  g_return_val_if_fail (constraint < self->framework->constraints->len, FALSE);
  return self->failed[(gsize) constraint * self->n_units + unit];
}
