/* kh-indicator-health.c — does each indicator still tell the units apart? (准入/退出)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "core/kh-weighting.h"
#include "kh-analysis.h"
#include "kh-indicator-health.h"
#include "kh-weight-methods.h"

/* The share of the total at full marks: the product of the shares up to the root. */
static double
nominal_share (const KhNode *node)
{
  double share = 1;

  for (; node != NULL && node->parent != NULL; node = node->parent)
    share *= kh_node_share (node);
  return share;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Whether the indicator is scored towards a target value. */
static gboolean
has_target (const KhNode *node)
{
  return node->direction != KH_DIRECTION_BAND
         && (node->scoring.method == KH_METHOD_GOALPOSTS
             || node->scoring.method == KH_METHOD_TARGET_RATIO);
}

/* Whether the treated value @x of an indicator scored towards a target (goalposts: hi;
 * target-ratio: target) lies within KH_HEALTH_TARGET_TOLERANCE of it: |x − target| ≤
 * 1 % of |target| (of |hi − lo| for a target of 0). Other methods have no target. */
static gboolean
near_target (const KhNode *node,
             double        x)
{
  const KhScoring *s = &node->scoring;
  double target, scale;

  if (isnan (x) || !has_target (node))
    return FALSE;
  switch (s->method)
    {
    case KH_METHOD_GOALPOSTS:
      target = s->hi;
      scale = s->hi != 0 ? fabs (s->hi) : fabs (s->hi - s->lo);
      break;
    case KH_METHOD_TARGET_RATIO:
      target = s->target;
      scale = fabs (s->target);
      break;
    default:
      return FALSE;
    }
  return fabs (x - target) <= KH_HEALTH_TARGET_TOLERANCE * scale;
}

/* Mean, CV, distinct values and Gini of the @n scores @x (sorted here). */
static void
describe_scores (KhIndicatorHealth *h,
                 double            *x,
                 guint              n,
                 double             points)
{
  double eps = 1e-9 * MAX (fabs (points), 1), sum_diff = 0, cumulative = 0;

  qsort (x, n, sizeof (double), compare_doubles);
  h->distinct = n > 0 ? 1 : 0;
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && x[i] - x[i - 1] > eps)
        h->distinct++;
      /* Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (i·xᵢ − Σ_{j<i} xⱼ) on sorted values */
      sum_diff += 2 * (i * x[i] - cumulative);
      cumulative += x[i];
    }
  h->mean = n > 0 ? gsl_stats_mean (x, 1, n) : NAN;
  h->cv = n >= 2 && h->mean != 0 ? gsl_stats_sd (x, 1, n) / fabs (h->mean) : NAN;
  /* Gini is for amounts: not defined when a value is negative */
  h->gini = n == 0 || x[0] < 0 ? NAN : h->mean > 0 ? sum_diff / (2.0 * n * n * h->mean) : 0;
}

/* Spearman's rank correlation ρ of @a and @b over the units both have (NAN in either: left
 * out), at least 3 and neither constant; ties get their average rank (gsl_stats_spearman).
 * @x and @y hold @n values each, @work 2·@n. */
static double
spearman (const double *a,
          const double *b,
          guint         n,
          double       *x,
          double       *y,
          double       *work)
{
  guint k = 0;

  for (guint u = 0; u < n; u++)
    if (!isnan (a[u]) && !isnan (b[u]))
      {
        x[k] = a[u];
        y[k] = b[u];
        k++;
      }
  if (k < 3 || !(gsl_stats_variance (x, 1, k) > 0) || !(gsl_stats_variance (y, 1, k) > 0))
    return NAN;
  return gsl_stats_spearman (x, 1, y, 1, k, work);
}

static void
set_verdict (KhIndicatorHealth *h)
{
  if (h->reasons & (KH_HEALTH_NO_DATA | KH_HEALTH_CONSTANT | KH_HEALTH_SATURATED))
    h->verdict = KH_HEALTH_EXIT;
  else if (h->reasons != 0)
    h->verdict = KH_HEALTH_REVIEW;
  else
    h->verdict = KH_HEALTH_KEEP;
}

static void
judge (KhIndicatorHealth *h)
{
  guint r = 0;

  if (h->n_own == 0)
    r |= KH_HEALTH_NO_DATA;
  else if (h->distinct <= 1)
    r |= KH_HEALTH_CONSTANT;
  else if (h->saturation >= KH_HEALTH_FULL_EXIT)
    r |= KH_HEALTH_SATURATED;
  else if (h->saturation >= KH_HEALTH_FULL_REVIEW)
    r |= KH_HEALTH_MOSTLY_FULL;
  if (h->distinct > 1 && h->cv < KH_HEALTH_CV_REVIEW)
    r |= KH_HEALTH_LOW_SPREAD;
  if (h->distinct > 1 && h->distinct <= KH_HEALTH_FEW_DISTINCT && h->n_own >= KH_HEALTH_FEW_UNITS)
    r |= KH_HEALTH_FEW_VALUES;
  if (fabs (h->rho) > KH_HEALTH_REDUNDANT)
    r |= KH_HEALTH_DUPLICATE;
  if (h->missing_rate > KH_HEALTH_MISSING)
    r |= KH_HEALTH_GAPS;
  h->reasons = r;
  set_verdict (h);
}

GArray *
kh_indicator_health (KhPlan      *plan,
                     const char  *group_id,
                     GError     **error)
{
  KhGroup *group = NULL;
  guint n_units = 0, n_ind = 0;
  g_autofree guint *units = NULL;
  g_autofree guint *nodes = NULL;
  g_autofree double *scores = NULL, *by_unit = NULL, *effective = NULL, *totals = NULL;
  g_autofree double *x = NULL, *y = NULL, *work = NULL;
  g_autoptr (GArray) out = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  kh_analysis_init ();
  units = kh_analysis_group_units (plan, group_id, &group, &n_units, error);
  if (units == NULL)
    return NULL;
  if (n_units == 0)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                   _("the group “%s” has no units this year"), group != NULL ? group->id : "");
      return NULL;
    }
  nodes = g_new (guint, kh_plan_get_n_nodes (plan));
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    if (kh_plan_get_node (plan, n)->kind == KH_NODE_INDICATOR)
      nodes[n_ind++] = n;

  /* scores[i · n_units + u]: NAN unless the unit has a value of its own */
  scores = g_new (double, (gsize) MAX (n_ind, 1) * n_units);
  by_unit = g_new (double, (gsize) MAX (n_ind, 1) * n_units);
  effective = g_new (double, MAX (n_ind, 1));
  totals = g_new (double, n_units);
  x = g_new (double, n_units);
  y = g_new (double, n_units);
  work = g_new (double, 2 * (gsize) n_units);
  out = g_array_sized_new (FALSE, TRUE, sizeof (KhIndicatorHealth), n_ind);
  for (guint u = 0; u < n_units; u++)
    totals[u] = kh_plan_get_total (plan, units[u]);
  for (guint i = 0; i < n_ind; i++)
    {
      KhIndicatorHealth h = { nodes[i], 0, 0, NAN, NAN, NAN, NAN, 0, NAN, -1, NAN, NAN, NAN,
                              KH_HEALTH_KEEP, 0, 0, NAN, 0, NAN };
      const KhNode *node = kh_plan_get_node (plan, nodes[i]);
      double *row = scores + (gsize) i * n_units;
      double full_eps = 1e-9 * MAX (fabs (node->points), 1);
      guint k = 0, full = 0;

      for (guint u = 0; u < n_units; u++)
        {
          KhValueState state = kh_plan_get_value_state (plan, units[u], nodes[i]);

          row[u] = by_unit[(gsize) u * n_ind + i] = NAN;
          if (state == KH_VALUE_NOT_APPLICABLE)
            continue;
          h.n_applicable++;
          if (state != KH_VALUE_OK)
            continue;
          row[u] = by_unit[(gsize) u * n_ind + i] = kh_plan_get_node_score (plan, units[u],
                                                                            nodes[i]);
          if (isnan (row[u]))
            continue;
          h.n_own++;
          x[k++] = row[u];
          if (row[u] >= node->points - full_eps
              || near_target (node, kh_plan_get_value (plan, units[u], nodes[i],
                                                       KH_STAGE_TREATED)))
            full++;
        }
      h.missing_rate = h.n_applicable > 0 ? 1 - (double) h.n_own / h.n_applicable : NAN;
      h.saturation = h.n_own > 0 ? (double) full / h.n_own : NAN;
      describe_scores (&h, x, k, node->points);
      h.nominal = nominal_share (node);
      g_array_append_val (out, h);
    }
  kh_effective_weights (by_unit, n_units, n_ind, totals, effective);
  for (guint i = 0; i < n_ind; i++)
    {
      KhIndicatorHealth *h = &g_array_index (out, KhIndicatorHealth, i);

      h->effective = effective[i];
      for (guint j = 0; j < n_ind; j++)
        {
          double r;

          if (j == i)
            continue;
          r = spearman (scores + (gsize) i * n_units, scores + (gsize) j * n_units, n_units, x, y,
                        work);
          if (!isnan (r) && (isnan (h->rho) || fabs (r) > fabs (h->rho)))
            {
              h->rho = r;
              h->closest = (int) nodes[j];
            }
        }
      judge (h);
    }
  return g_steal_pointer (&out);
}

gboolean
kh_indicator_health_pilot (KhPlan            *plan,
                           const char        *group_id,
                           const double      *values,
                           KhIndicatorHealth *out,
                           GError           **error)
{
  KhGroup *group = NULL;
  guint n_units = 0;
  g_autofree guint *units = NULL;
  g_autofree double *pilot = NULL, *scores = NULL, *x = NULL, *y = NULL, *work = NULL;
  KhIndicatorHealth h = { G_MAXUINT, 0, 0, NAN, NAN, NAN, NAN, 0, NAN, -1, NAN, NAN, NAN,
                          KH_HEALTH_KEEP, 0, 0, NAN, 0, NAN };
  guint k = 0;
  double scale = 0;

  g_return_val_if_fail (plan != NULL && values != NULL && out != NULL, FALSE);

  kh_analysis_init ();
  units = kh_analysis_group_units (plan, group_id, &group, &n_units, error);
  if (units == NULL)
    return FALSE;
  if (n_units == 0)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                   _("the group “%s” has no units this year"), group != NULL ? group->id : "");
      return FALSE;
    }
  pilot = g_new (double, n_units);
  scores = g_new (double, n_units);
  x = g_new (double, n_units);
  y = g_new (double, n_units);
  work = g_new (double, 2 * (gsize) n_units);
  h.n_applicable = n_units;
  for (guint u = 0; u < n_units; u++)
    {
      pilot[u] = values[units[u]];
      if (isnan (pilot[u]))
        continue;
      x[k++] = pilot[u];
      scale = MAX (scale, fabs (pilot[u]));
    }
  h.n_own = k;
  h.missing_rate = 1 - (double) k / n_units;
  /* no full points: the largest value only sets the tolerance of "equal" */
  describe_scores (&h, x, k, scale);
  h.saturation = NAN;
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      double r;

      if (kh_plan_get_node (plan, n)->kind != KH_NODE_INDICATOR)
        continue;
      for (guint u = 0; u < n_units; u++)
        scores[u] = kh_plan_get_value_state (plan, units[u], n) == KH_VALUE_OK
                      ? kh_plan_get_node_score (plan, units[u], n)
                      : NAN;
      r = spearman (pilot, scores, n_units, x, y, work);
      if (!isnan (r) && (isnan (h.rho) || fabs (r) > fabs (h.rho)))
        {
          h.rho = r;
          h.closest = (int) n;
        }
    }
  judge (&h);
  *out = h;
  return TRUE;
}

const char *
kh_health_admission_label (KhHealthVerdict verdict)
{
  switch (verdict)
    {
    case KH_HEALTH_EXIT:
      return _("do not admit");
    case KH_HEALTH_REVIEW:
      return _("review");
    case KH_HEALTH_KEEP:
    default:
      return _("admit");
    }
}

const KhIndicatorHealth *
kh_indicator_health_find (GArray     *health,
                          KhPlan     *plan,
                          const char *id)
{
  g_return_val_if_fail (health != NULL && plan != NULL && id != NULL, NULL);

  for (guint i = 0; i < health->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (health, KhIndicatorHealth, i);

      if (g_strcmp0 (kh_plan_get_node (plan, h->node)->id, id) == 0)
        return h;
    }
  return NULL;
}

void
kh_indicator_health_add_trend (GArray    *health,
                               KhPlan    *plan,
                               GPtrArray *earlier,
                               GPtrArray *earlier_plans)
{
  g_return_if_fail (health != NULL && plan != NULL && earlier != NULL && earlier_plans != NULL);
  g_return_if_fail (earlier->len == earlier_plans->len);

  for (guint i = 0; i < health->len; i++)
    {
      KhIndicatorHealth *h = &g_array_index (health, KhIndicatorHealth, i);
      const char *id = kh_plan_get_node (plan, h->node)->id;
      double cv = h->cv, full = h->saturation;
      guint cv_years = 1, full_years = 1;
      gboolean cv_on = TRUE, full_on = TRUE;

      /* back from this year while the CV kept falling (the share rising) into the next */
      for (guint k = earlier->len; k-- > 0 && (cv_on || full_on);)
        {
          const KhIndicatorHealth *e = kh_indicator_health_find (earlier->pdata[k],
                                                                 earlier_plans->pdata[k], id);
          int year = kh_dataset_get_year (kh_plan_get_dataset (earlier_plans->pdata[k]));

          cv_on = cv_on && e != NULL && e->cv > cv;
          full_on = full_on && e != NULL && e->saturation < full;
          if (cv_on)
            {
              cv = e->cv;
              if (++cv_years >= KH_HEALTH_TREND_YEARS)
                {
                  h->narrowing_since = year;
                  h->cv_since = cv;
                }
            }
          if (full_on)
            {
              full = e->saturation;
              if (++full_years >= KH_HEALTH_TREND_YEARS)
                {
                  h->filling_since = year;
                  h->saturation_since = full;
                }
            }
        }
      if (h->narrowing_since != 0)
        h->reasons |= KH_HEALTH_NARROWING;
      if (h->filling_since != 0)
        h->reasons |= KH_HEALTH_FILLING;
      set_verdict (h);
    }
}

const char *
kh_health_verdict_label (KhHealthVerdict verdict)
{
  switch (verdict)
    {
    case KH_HEALTH_EXIT:
      return _("candidate for exit");
    case KH_HEALTH_REVIEW:
      return _("review");
    case KH_HEALTH_KEEP:
    default:
      return _("keep");
    }
}

char *
kh_indicator_health_reasons (const KhIndicatorHealth *h,
                             KhPlan                  *plan,
                             KhLang                   lang)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (h->reasons & KH_HEALTH_NO_DATA)
    g_ptr_array_add (parts, g_strdup (_("no unit has a value of its own")));
  if (h->reasons & KH_HEALTH_CONSTANT)
    g_ptr_array_add (parts, g_strdup (_("every unit scores the same: it tells no one apart")));
  if (h->reasons & (KH_HEALTH_SATURATED | KH_HEALTH_MOSTLY_FULL))
    {
      const KhNode *node = h->node < kh_plan_get_n_nodes (plan) ? kh_plan_get_node (plan, h->node)
                                                                : NULL;

      if (node != NULL && has_target (node))
        g_ptr_array_add (parts, g_strdup_printf (_("%.0f%% of the units are at full points or "
                                                   "within 1%% of the target"),
                                                 h->saturation * 100));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("%.0f%% of the units are at full points"),
                                                 h->saturation * 100));
    }
  if (h->reasons & KH_HEALTH_LOW_SPREAD)
    g_ptr_array_add (parts, g_strdup_printf (_("the scores hardly vary (CV %.3f)"), h->cv));
  if (h->reasons & KH_HEALTH_FEW_VALUES)
    g_ptr_array_add (parts, g_strdup_printf (_("only %u different scores among %u units"),
                                             h->distinct, h->n_own));
  if (h->reasons & KH_HEALTH_DUPLICATE)
    {
      const KhNode *other = kh_plan_get_node (plan, (guint) h->closest);
      const char *name = kh_text_get (&other->name, lang);

      g_ptr_array_add (parts, g_strdup_printf (_("moves with “%s” (ρ = %.2f): one of the two may "
                                                 "be enough"),
                                               name != NULL ? name : other->id, h->rho));
    }
  if (h->reasons & KH_HEALTH_GAPS)
    g_ptr_array_add (parts, g_strdup_printf (_("%.0f%% of the units have no value of their own"),
                                             h->missing_rate * 100));
  if (h->reasons & KH_HEALTH_NARROWING)
    g_ptr_array_add (parts, g_strdup_printf (_("the spread has narrowed every year since %d (CV "
                                               "%.3f → %.3f)"),
                                             h->narrowing_since, h->cv_since, h->cv));
  if (h->reasons & KH_HEALTH_FILLING)
    g_ptr_array_add (parts, g_strdup_printf (_("more units reach full points every year since %d "
                                               "(%.0f%% → %.0f%%)"),
                                             h->filling_since, h->saturation_since * 100,
                                             h->saturation * 100));
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, parts->pdata[i]);
    }
  return g_string_free (out, FALSE);
}
