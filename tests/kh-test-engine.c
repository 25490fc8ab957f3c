/* kh-test-engine.c — small hand-made frameworks and datasets for engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
  return plan;
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
