/* kh-bench-synth.c — deterministic synthetic frameworks and data for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-bench-synth.h"

static void
add_step (KhNode *node,
          double  min,
          double  points)
{
  KhStep step = { min, points, { NULL, NULL, NULL } };

  g_array_append_val (node->scoring.steps, step);
}

static void
configure_indicator (KhNode *ind,
                     guint   i)
{
  double P = ind->points;

  switch (i % 10)
    {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
      ind->scoring.method = KH_METHOD_MINMAX;
      break;
    case 5:
      ind->scoring.method = KH_METHOD_ZSCORE;
      ind->scoring.mean = P * 0.7;
      ind->scoring.sd = P * 0.1;
      break;
    case 6:
      ind->scoring.method = i % 20 == 6 ? KH_METHOD_RANK : KH_METHOD_PERCENTILE;
      break;
    case 7:
      ind->scoring.method = KH_METHOD_GOALPOSTS;
      ind->scoring.lo = 20;
      ind->scoring.hi = 80;
      break;
    case 8:
      ind->scoring.method = KH_METHOD_TARGET_RATIO;
      ind->scoring.target = 60;
      ind->scoring.cap = 1.2;
      break;
    case 9:
    default:
      ind->scoring.method = KH_METHOD_THRESHOLDS;
      add_step (ind, 30, P * 0.4);
      add_step (ind, 50, P * 0.7);
      add_step (ind, 70, P);
      break;
    }
  if (i % 7 == 3)
    ind->direction = KH_DIRECTION_LOWER;
  if (i % 11 == 4)
    {
      ind->outlier = KH_OUTLIER_WINSOR_SD;
      ind->outlier_a = 3;
    }
  if (i % 13 == 5)
    ind->missing = KH_MISSING_MEAN;
  if (i % 17 == 6)
    ind->missing = KH_MISSING_PREVIOUS;
  if (i % 20 == 19)
    ind->formula = g_strdup_printf ("v%u / pop * 100", i);
}

KhFramework *
kh_bench_framework (const char *id,
                    const char *category,
                    guint       n_indicators,
                    guint       per_dimension,
                    guint       n_groups)
{
  KhFramework *fw = kh_framework_new ();
  guint n_dims = (n_indicators + per_dimension - 1) / per_dimension;
  KhAdjustment *bonus = kh_adjustment_new (KH_ADJUST_BONUS, "highlights");
  KhAdjustment *deduction = kh_adjustment_new (KH_ADJUST_DEDUCTION, "incidents");
  KhConstraint *constraint = kh_constraint_new ("limit");
  guint i = 0;

  fw->id = g_strdup (id);
  fw->year = 2020;
  fw->category = g_strdup (category);
  fw->title.zh_CN = g_strdup_printf ("合成指标体系 %s", id);
  fw->title.en = g_strdup_printf ("Synthetic framework %s", id);
  g_ptr_array_add (fw->variables, kh_variable_new ("pop"));

  for (guint d = 0; d < n_dims; d++)
    {
      g_autofree char *did = g_strdup_printf ("d%u", d + 1);
      KhNode *dim = kh_node_new (KH_NODE_DIMENSION, did);
      guint here = MIN (per_dimension, n_indicators - i);

      dim->points = 100.0 / n_dims;
      dim->aggregation = d % 4 == 3 ? KH_AGG_MEAN : KH_AGG_SUM;
      kh_node_append (fw->root, dim);
      for (guint k = 0; k < here; k++, i++)
        {
          g_autofree char *iid = g_strdup_printf ("i%u", i + 1);
          KhNode *ind = kh_node_new (KH_NODE_INDICATOR, iid);

          ind->points = dim->points / here;
          configure_indicator (ind, i);
          if (ind->formula != NULL)
            {
              g_autofree char *vid = g_strdup_printf ("v%u", i);

              g_ptr_array_add (fw->variables, kh_variable_new (vid));
            }
          kh_node_append (dim, ind);
        }
    }

  bonus->per_item = 0.5;
  bonus->cap = 2;
  deduction->cap = 3;
  g_ptr_array_add (fw->adjustments, bonus);
  g_ptr_array_add (fw->adjustments, deduction);
  constraint->input = g_strdup ("i1");
  constraint->sense = KH_CONSTRAINT_AT_LEAST;
  constraint->target = 5;
  constraint->consequence = KH_CONSEQUENCE_CAP_TIER;
  constraint->amount = 2;
  g_ptr_array_add (fw->constraints, constraint);

  for (guint g = 0; g < n_groups; g++)
    {
      g_autofree char *gid = g_strdup_printf ("g%u", g + 1);
      KhGroup *group = kh_group_new (gid);
      g_autofree char *aid = g_strdup_printf ("advance_g%u", g + 1);
      g_autofree char *qid = g_strdup_printf ("q321_g%u", g + 1);
      KhAwardRule *award = kh_award_rule_new (aid);
      KhQuotaRule *quota = kh_quota_rule_new (qid);
      const double shares[] = { 0.3, 0.4 };
      const int counts[] = { 3, 2, 1 };

      group->tiers.mode = KH_TIER_BY_SHARE;
      group->tiers.n_tiers = 3;
      g_array_append_vals (group->tiers.values, shares, 2);
      award->min_advance = 1;
      award->most = TRUE;
      award->min_tier = 2;
      g_ptr_array_add (group->awards, award);
      quota->target_category = g_strdup ("county");
      g_array_append_vals (quota->counts, counts, 3);
      g_ptr_array_add (group->quotas, quota);
      g_ptr_array_add (fw->groups, group);
    }
  return fw;
}

typedef struct
{
  KhDataset *ds;
  GRand *rand;
  guint n_units;
  int year;
  const double *strength;
} Filler;

static double
plausible (Filler       *f,
           const KhNode *node,
           guint         u)
{
  double base = 50 + 15 * f->strength[u] + (f->year - 2020) * 0.8;
  double x = base + 10 * (g_rand_double (f->rand) - 0.5) * 2;

  if (node == NULL)
    return x;
  switch (node->scoring.method)
    {
    case KH_METHOD_GRADES:
      {
        guint k = g_rand_int_range (f->rand, 0, (gint32) MAX (node->scoring.steps->len, 1));

        return node->scoring.steps->len > 0 ? g_array_index (node->scoring.steps, KhStep, k).min
                                            : 1;
      }
    case KH_METHOD_SATISFACTION:
      return CLAMP (75 + 8 * f->strength[u] + 5 * g_rand_double (f->rand), 0, 100);
    case KH_METHOD_GOALPOSTS:
      {
        double lo = node->scoring.lo, hi = node->scoring.hi;

        return lo + (hi - lo) * (0.5 + 0.25 * f->strength[u] + 0.3 * (g_rand_double (f->rand) - 0.5));
      }
    case KH_METHOD_TARGET_RATIO:
      return node->scoring.target * (0.8 + 0.1 * f->strength[u] + 0.2 * g_rand_double (f->rand));
    default:
      return x;
    }
}

static void
fill_field (Filler       *f,
            const char   *id,
            const KhNode *node)
{
  guint field = kh_dataset_add_field (f->ds, id);

  for (guint u = 0; u < f->n_units; u++)
    {
      double v = plausible (f, node, u);

      if (node != NULL && node->scoring.method != KH_METHOD_GRADES
          && g_rand_int_range (f->rand, 0, 50) == 0)
        v = NAN; /* about 2 % missing */
      kh_dataset_set (f->ds, u, field, v);
    }
}

static gboolean
fill_indicator (KhNode  *node,
                gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    fill_field (user_data, node->id, node);
  return TRUE;
}

KhDataset *
kh_bench_dataset (KhFramework *fw,
                  guint        n_units,
                  int          year,
                  guint32      seed)
{
  g_autoptr (GRand) unit_rand = g_rand_new_with_seed (seed);
  g_autofree double *strength = g_new (double, MAX (n_units, 1));
  Filler f = { kh_dataset_new (year), g_rand_new_with_seed (seed * 31 + (guint32) year),
               n_units, year, strength };

  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *id = g_strdup_printf ("u%u", u + 1);
      g_autofree char *name = g_strdup_printf ("单位%u", u + 1);
      KhGroup *group = fw->groups->len > 0 ? fw->groups->pdata[u % fw->groups->len] : NULL;

      /* the same strength every year, so ranks move a little, not at random */
      strength[u] = 2 * g_rand_double (unit_rand) - 1;
      kh_dataset_add_unit (f.ds, id, name, group != NULL ? group->id : NULL);
    }

  for (guint v = 0; v < fw->variables->len; v++)
    {
      const char *id = ((KhVariable *) fw->variables->pdata[v])->id;
      guint field = kh_dataset_add_field (f.ds, id);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (f.ds, u, field, 100 + 900 * g_rand_double (f.rand));
    }
  kh_framework_foreach_node (fw, fill_indicator, &f);
  for (guint a = 0; a < fw->adjustments->len; a++)
    {
      KhAdjustment *adj = fw->adjustments->pdata[a];
      guint field = kh_dataset_add_field (f.ds, adj->input != NULL ? adj->input : adj->id);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (f.ds, u, field, g_rand_int_range (f.rand, 0, 4));
    }
  for (guint c = 0; c < fw->constraints->len; c++)
    {
      KhConstraint *con = fw->constraints->pdata[c];
      const char *input = con->input != NULL ? con->input : con->id;
      KhNode *node = kh_framework_find_node (fw, input);

      if (kh_dataset_find_field (f.ds, input) == KH_DATASET_NONE
          && (node == NULL || node->formula == NULL))
        fill_field (&f, input, NULL);
    }
  g_rand_free (f.rand);
  return f.ds;
}

gsize
kh_bench_dataset_bytes (KhDataset *ds)
{
  return (gsize) kh_dataset_get_n_units (ds) * kh_dataset_get_n_fields (ds) * sizeof (double);
}
