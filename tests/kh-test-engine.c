/* kh-test-engine.c — small hand-made frameworks and datasets for engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-test-engine.h"

KhFramework *
kh_test_framework_new (int           year,
                       KhAggregation aggregation)
{
  KhFramework *fw = kh_framework_new ();

  fw->id = g_strdup ("test");
  fw->year = year;
  fw->root->aggregation = aggregation;
  return fw;
}

KhNode *
kh_test_add_node (KhNode     *parent,
                  KhNodeKind  kind,
                  const char *id,
                  double      points,
                  double      weight)
{
  KhNode *node = kh_node_new (kind, id);

  node->points = points;
  node->weight = weight;
  kh_node_append (parent, node);
  return node;
}

KhNode *
kh_test_add_linear (KhNode     *parent,
                    const char *id,
                    double      points)
{
  KhNode *node = kh_test_add_node (parent, KH_NODE_INDICATOR, id, points, 1);

  node->scoring.method = KH_METHOD_GOALPOSTS;
  node->scoring.lo = 0;
  node->scoring.hi = 100;
  return node;
}

KhDataset *
kh_test_dataset_new (int                year,
                     guint              n_units,
                     const char *const *fields,
                     const double      *values)
{
  KhDataset *ds = kh_dataset_new (year);
  guint n_fields = g_strv_length ((char **) fields);

  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *id = g_strdup_printf ("U%u", u + 1);

      kh_dataset_add_unit (ds, id, NULL, NULL);
    }
  for (guint f = 0; f < n_fields; f++)
    {
      guint index = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (ds, u, index, values[u * n_fields + f]);
    }
  return ds;
}

KhPlan *
kh_test_plan_compute (KhFramework *fw,
                      KhDataset   *ds,
                      KhPlan      *previous)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = kh_plan_new (fw, ds, previous, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  kh_plan_compute (plan);
  kh_test_assert_coverages (plan);
  return plan;
}

void
kh_test_assert_previous_contributions (KhPlan *plan,
                                       KhPlan *prev)
{
  KhDataset *was = kh_plan_get_dataset (prev);
  guint checked = 0;

  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      guint pu = kh_dataset_find_unit (was, kh_dataset_get_unit_id (kh_plan_get_dataset (plan), u));

      g_assert_cmpuint (pu, !=, KH_DATASET_NONE);
      for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
        {
          int pn = kh_plan_find_node (prev, kh_plan_get_node (plan, n)->id);
          double then = kh_plan_get_previous_contribution (plan, u, n);
          double contribution;

          g_assert_cmpint (pn, >=, 0);
          contribution = kh_plan_get_contribution (prev, pu, (guint) pn);
          g_assert_true (memcmp (&then, &contribution, sizeof then) == 0);
          checked += contribution != 0;
        }
    }
  g_assert_cmpuint (checked, >, 0);
}

void
kh_test_assert_coverages (KhPlan *plan)
{
  guint nu = kh_plan_get_n_units (plan);
  g_autofree double *all = g_new (double, MAX (nu, 1));

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      kh_plan_get_coverages (plan, n, all);
      for (guint u = 0; u < nu; u++)
        {
          double one = kh_plan_get_coverage (plan, u, n);

          g_assert_true (memcmp (&one, &all[u], sizeof one) == 0);
        }
    }
}

guint
kh_test_node (KhPlan     *plan,
              const char *node)
{
  int n = kh_plan_find_node (plan, node);

  g_assert_cmpint (n, >=, 0);
  return (guint) n;
}

double
kh_test_score (KhPlan     *plan,
               guint       unit,
               const char *node)
{
  return kh_plan_get_node_score (plan, unit, kh_test_node (plan, node));
}

static void
assert_same_double (double      a,
                    double      b,
                    const char *what,
                    guint       unit,
                    guint       node)
{
  if (memcmp (&a, &b, sizeof a) != 0)
    g_error ("%s of unit %u, node %u: %.17g re-weighted, %.17g computed", what, unit, node, a,
             b);
}

void
kh_test_assert_same_results (KhPlan *a,
                     KhPlan *b)
{
  KhFramework *fw = kh_plan_get_framework (b);
  guint nu = kh_plan_get_n_units (b), nn = kh_plan_get_n_nodes (b);
  /* @a's coverage of every unit at once, against @b's unit by unit */
  g_autofree double *coverages = g_new (double, (gsize) MAX (nn, 1) * MAX (nu, 1));

  g_assert_cmpuint (kh_plan_get_n_units (a), ==, nu);
  g_assert_cmpuint (kh_plan_get_n_nodes (a), ==, nn);
  for (guint n = 0; n < nn; n++)
    kh_plan_get_coverages (a, n, coverages + (gsize) n * nu);
  for (guint u = 0; u < nu; u++)
    {
      int ca = 0, cb = 0;
      gboolean ha, hb;

      assert_same_double (kh_plan_get_total (a, u), kh_plan_get_total (b, u), "total", u, 0);
      assert_same_double (kh_plan_get_rounded_total (a, u), kh_plan_get_rounded_total (b, u),
                          "rounded total", u, 0);
      g_assert_cmpint (kh_plan_get_rank (a, u), ==, kh_plan_get_rank (b, u));
      g_assert_cmpint (kh_plan_get_tier (a, u), ==, kh_plan_get_tier (b, u));
      g_assert_cmpint (kh_plan_get_vetoed (a, u), ==, kh_plan_get_vetoed (b, u));
      g_assert_cmpint (kh_plan_get_previous_rank (a, u), ==, kh_plan_get_previous_rank (b, u));
      ha = kh_plan_get_rank_change (a, u, &ca);
      hb = kh_plan_get_rank_change (b, u, &cb);
      g_assert_cmpint (ha, ==, hb);
      g_assert_cmpint (ca, ==, cb);
      for (guint n = 0; n < nn; n++)
        {
          assert_same_double (kh_plan_get_node_score (a, u, n), kh_plan_get_node_score (b, u, n),
                              "score", u, n);
          assert_same_double (kh_plan_get_coverage (a, u, n), kh_plan_get_coverage (b, u, n),
                              "coverage", u, n);
          assert_same_double (coverages[(gsize) n * nu + u], kh_plan_get_coverage (b, u, n),
                              "coverage of all units", u, n);
          assert_same_double (kh_plan_get_contribution (a, u, n),
                              kh_plan_get_contribution (b, u, n), "contribution", u, n);
          assert_same_double (kh_plan_get_previous_contribution (a, u, n),
                              kh_plan_get_previous_contribution (b, u, n),
                              "previous contribution", u, n);
          if (kh_plan_get_node (b, n)->kind == KH_NODE_INDICATOR)
            for (KhStage s = KH_STAGE_RAW; s <= KH_STAGE_SCORED; s++)
              assert_same_double (kh_plan_get_value (a, u, n, s), kh_plan_get_value (b, u, n, s),
                                  "value", u, n);
        }
      for (guint i = 0; i < fw->adjustments->len; i++)
        assert_same_double (kh_plan_get_adjustment (a, u, i), kh_plan_get_adjustment (b, u, i),
                            "adjustment", u, i);
      for (guint i = 0; i < fw->constraints->len; i++)
        g_assert_cmpint (kh_plan_get_constraint_failed (a, u, i), ==,
                         kh_plan_get_constraint_failed (b, u, i));
      if (kh_plan_get_unit_group (b, u) != NULL)
        {
          KhGroup *group = kh_plan_get_unit_group (b, u);

          for (guint i = 0; i < group->awards->len; i++)
            g_assert_cmpint (kh_plan_has_award (a, u, i), ==, kh_plan_has_award (b, u, i));
          for (guint i = 0; i < group->quotas->len; i++)
            g_assert_cmpint (kh_plan_get_quota (a, u, i), ==, kh_plan_get_quota (b, u, i));
        }
    }
}

void
kh_test_assert_as_computed (KhPlan *plan,
                            KhPlan *previous)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) full = kh_plan_new (kh_plan_get_framework (plan),
                                         kh_plan_get_dataset (plan), previous, &error);

  g_assert_no_error (error);
  kh_plan_compute (full);
  kh_test_assert_same_results (plan, full);
}
