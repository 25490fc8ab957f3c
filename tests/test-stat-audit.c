/* test-stat-audit.c — correlations, Cronbach's α, principal components and flags by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five units, two dimensions of indicators scored by goalposts [0, 100] with 100 points,
 * so that every score is the value itself:
 *
 *          i1  i2  i3 | i4  i5
 *     U1   10  20  50 | 10  20
 *     U2   20  10  40 | 30  40
 *     U3   30  40  30 | 20  10
 *     U4   40  30  20 | 50  50
 *     U5   50  50  10 | 40  30
 *
 * d1 = mean (i1, i2, i3), d2 = mean (i4, i5), total = mean (d1, d2).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "analysis/kh-analysis.h"
#include "analysis/kh-stat-audit.h"

#define EPS 1e-9

static const char *const fields[] = { "i1", "i2", "i3", "i4", "i5", NULL };
static const double values[] = {
  10, 20, 50, 10, 20,
  20, 10, 40, 30, 40,
  30, 40, 30, 20, 10,
  40, 30, 20, 50, 50,
  50, 50, 10, 40, 30,
};

static KhNode *
add (KhNode     *parent,
     KhNodeKind  kind,
     const char *id)
{
  KhNode *node = kh_node_new (kind, id);

  node->aggregation = KH_AGG_MEAN;
  if (kind == KH_NODE_INDICATOR)
    {
      node->scoring.method = KH_METHOD_GOALPOSTS;
      node->scoring.lo = 0;
      node->scoring.hi = 100;
    }
  kh_node_append (parent, node);
  return node;
}

static KhPlan *
plan_new (guint         n_units,
          const double *x)
{
  g_autoptr (KhFramework) fw = kh_framework_new ();
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  g_autoptr (GError) error = NULL;
  KhNode *d1, *d2;
  KhPlan *plan;

  fw->id = g_strdup ("audit");
  fw->root->aggregation = KH_AGG_MEAN;
  d1 = add (fw->root, KH_NODE_DIMENSION, "d1");
  d2 = add (fw->root, KH_NODE_DIMENSION, "d2");
  add (d1, KH_NODE_INDICATOR, "i1");
  add (d1, KH_NODE_INDICATOR, "i2");
  add (d1, KH_NODE_INDICATOR, "i3");
  add (d2, KH_NODE_INDICATOR, "i4");
  add (d2, KH_NODE_INDICATOR, "i5");
  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *id = g_strdup_printf ("U%u", u + 1);

      kh_dataset_add_unit (ds, id, NULL, NULL);
    }
  for (guint f = 0; fields[f] != NULL; f++)
    {
      guint column = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (ds, u, column, x[u * 5 + f]);
    }
  plan = kh_plan_new (fw, ds, NULL, &error);
  g_assert_no_error (error);
  return plan;
}

static double
pearson (const KhStatAudit *audit,
         const char        *a,
         const char        *b)
{
  int i = kh_stat_audit_find (audit, a), j = kh_stat_audit_find (audit, b);

  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (j, >=, 0);
  return audit->pearson[i * audit->n_nodes + j];
}

static double
spearman (const KhStatAudit *audit,
          const char        *a,
          const char        *b)
{
  int i = kh_stat_audit_find (audit, a), j = kh_stat_audit_find (audit, b);

  return audit->spearman[i * audit->n_nodes + j];
}

static const KhAuditDimension *
dimension (const KhStatAudit *audit,
           const char        *id)
{
  int node = kh_stat_audit_find (audit, id);

  for (guint d = 0; d < audit->n_dimensions; d++)
    if (audit->dimensions[d].node == (guint) node)
      return &audit->dimensions[d];
  g_assert_not_reached ();
  return NULL;
}

static void
test_correlations (void)
{
  g_autoptr (KhPlan) plan = plan_new (5, values);
  g_autoptr (KhStatAudit) audit = kh_stat_audit_new (plan, NULL, NULL);

  g_assert_nonnull (audit);
  g_assert_cmpuint (audit->n_units, ==, 5);
  g_assert_cmpuint (audit->n_nodes, ==, 8);
  g_assert_cmpstr (audit->ids[0], ==, "total");
  g_assert_cmpint (audit->levels[kh_stat_audit_find (audit, "i4")], ==, 2);
  g_assert_cmpint (audit->parents[kh_stat_audit_find (audit, "i4")], ==, kh_stat_audit_find (audit, "d2"));

  /* i1 − 30 = −20 −10 0 10 20; i2 − 30 = −10 −20 10 0 20: Σ products 200 + 200 + 0 + 0
   * + 400 = 800, Σ squares 1000 each: r = 0.8. Ranks 1 2 3 4 5 and 2 1 4 3 5: Σd² = 4,
   * ρ = 1 − 6·4/(5·24) = 0.8 */
  g_assert_cmpfloat_with_epsilon (pearson (audit, "i1", "i2"), 0.8, EPS);
  g_assert_cmpfloat_with_epsilon (spearman (audit, "i1", "i2"), 0.8, EPS);
  /* i3 = 60 − i1 */
  g_assert_cmpfloat_with_epsilon (pearson (audit, "i1", "i3"), -1.0, EPS);
  g_assert_cmpfloat_with_epsilon (spearman (audit, "i3", "i1"), -1.0, EPS);
  g_assert_cmpfloat (pearson (audit, "i2", "i2"), ==, 1.0);
  /* i4 − 30 = −20 0 −10 20 10, i5 − 30 = −10 10 −20 20 0: (200 + 0 + 200 + 400 + 0)/1000 */
  g_assert_cmpfloat_with_epsilon (pearson (audit, "i4", "i5"), 0.8, EPS);
  /* across levels: d1 = (80, 70, 100, 90, 110)/3 ranks 2 1 4 3 5, as i2: ρ = 1 */
  g_assert_cmpfloat_with_epsilon (spearman (audit, "i2", "d1"), 1.0, EPS);
  /* i3 ranks 5 4 3 2 1 against 2 1 4 3 5: Σd² = 9 + 9 + 1 + 1 + 16 = 36, ρ = 1 − 216/120 */
  g_assert_cmpfloat_with_epsilon (spearman (audit, "i3", "d1"), -0.8, EPS);
  g_assert_cmpuint (audit->pairs[0], ==, 5);
}

static void
test_alpha_and_components (void)
{
  g_autoptr (KhPlan) plan = plan_new (5, values);
  g_autoptr (KhStatAudit) audit = kh_stat_audit_new (plan, NULL, NULL);
  const KhAuditDimension *d1 = dimension (audit, "d1");
  const KhAuditDimension *d2 = dimension (audit, "d2");
  double l1 = sqrt (0.9), l2 = sqrt (0.1);

  /* total, d1 and d2 have two children or more */
  g_assert_cmpuint (audit->n_dimensions, ==, 3);
  g_assert_cmpuint (d1->n_items, ==, 3);
  g_assert_cmpuint (d1->n_complete, ==, 5);
  /* d1: var i1 = var i2 = var i3 = 1000/4 = 250; i1 + i2 + i3 = 80 70 100 90 110, var 250:
   * α = 3/2 · (1 − 750/250) = −3 (i3 pulls against the others) */
  g_assert_cmpfloat_with_epsilon (d1->alpha, -3.0, EPS);
  /* d2: var i4 = var i5 = 250; i4 + i5 = 30 70 30 100 70, mean 60, Σ squares 3600, var 900:
   * α = 2 · (1 − 500/900) = 8/9 */
  g_assert_cmpfloat_with_epsilon (d2->alpha, 8.0 / 9, EPS);
  /* d2's correlation matrix [[1, .8], [.8, 1]]: eigenvalues 1.8 and 0.2 (90 % and 10 %);
   * eigenvectors (1, 1)/√2 and (1, −1)/√2, loadings √1.8/√2 = √0.9 and √0.2/√2 = √0.1 */
  g_assert_cmpfloat_with_epsilon (d2->eigenvalues[0], 1.8, EPS);
  g_assert_cmpfloat_with_epsilon (d2->eigenvalues[1], 0.2, EPS);
  g_assert_cmpfloat_with_epsilon (d2->explained[0], 0.9, EPS);
  g_assert_cmpfloat_with_epsilon (d2->loadings[0], l1, EPS);
  g_assert_cmpfloat_with_epsilon (d2->loadings[1], l1, EPS);
  g_assert_cmpfloat_with_epsilon (d2->loadings[2], l2, EPS);
  g_assert_cmpfloat_with_epsilon (d2->loadings[3], -l2, EPS);
  /* d1's eigenvalues add up to its 3 items */
  g_assert_cmpfloat_with_epsilon (d1->eigenvalues[0] + d1->eigenvalues[1] + d1->eigenvalues[2], 3.0, 1e-9);
  g_assert_cmpfloat (d1->eigenvalues[0], >=, d1->eigenvalues[1]);
}

static void
test_flags (void)
{
  g_autoptr (KhPlan) plan = plan_new (5, values);
  g_autoptr (KhStatAudit) audit = kh_stat_audit_new (plan, NULL, NULL);
  const KhAuditFlag *flag;

  /* |ρ| > 0.9 only for i1 and i3 (−1); every other pair of indicators has |ρ| ≤ 0.8.
   * Against their own dimension only i3 is negative (−0.8). */
  g_assert_cmpuint (audit->flags->len, ==, 2);
  flag = &g_array_index (audit->flags, KhAuditFlag, 0);
  g_assert_cmpint (flag->kind, ==, KH_AUDIT_FLAG_COLLINEAR);
  g_assert_cmpstr (audit->ids[flag->a], ==, "i1");
  g_assert_cmpstr (audit->ids[flag->b], ==, "i3");
  g_assert_cmpfloat_with_epsilon (flag->spearman, -1.0, EPS);
  flag = &g_array_index (audit->flags, KhAuditFlag, 1);
  g_assert_cmpint (flag->kind, ==, KH_AUDIT_FLAG_NEGATIVE);
  g_assert_cmpstr (audit->ids[flag->a], ==, "i3");
  g_assert_cmpstr (audit->ids[flag->b], ==, "d1");
  g_assert_cmpfloat_with_epsilon (flag->spearman, -0.8, EPS);
}

/* Missing values: pairs are counted where both are scored; a constant or a statistic on
 * fewer than three units is NaN rather than a number made up. */
static void
test_missing_and_constant (void)
{
  const double x[] = {
    10, 20, 50, NAN, 20,
    10, 10, 40, NAN, 40,
    10, 40, 30, 20, 10,
    10, 30, 20, 50, 50,
  };
  g_autoptr (KhPlan) plan = plan_new (4, x);
  g_autoptr (KhStatAudit) audit = kh_stat_audit_new (plan, NULL, NULL);
  int i1 = kh_stat_audit_find (audit, "i1"), i4 = kh_stat_audit_find (audit, "i4");
  int i5 = kh_stat_audit_find (audit, "i5");

  /* i1 never varies */
  g_assert_true (isnan (pearson (audit, "i1", "i2")));
  g_assert_true (isnan (spearman (audit, "i1", "i2")));
  /* i4 is scored for U3 and U4 only */
  g_assert_cmpuint (audit->pairs[i4 * audit->n_nodes + i5], ==, 2);
  g_assert_true (isnan (pearson (audit, "i4", "i5")));
  g_assert_cmpuint (audit->pairs[i1 * audit->n_nodes + i5], ==, 4);
  /* d2 has two complete units: no α */
  g_assert_cmpuint (dimension (audit, "d2")->n_complete, ==, 2);
  g_assert_true (isnan (dimension (audit, "d2")->alpha));
}

static void
test_unknown_group (void)
{
  g_autoptr (KhPlan) plan = plan_new (5, values);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhStatAudit) audit = kh_stat_audit_new (plan, "west", &error);

  g_assert_null (audit);
  g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "framework “audit” has no group “west”"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/audit/correlations", test_correlations);
  g_test_add_func ("/analysis/audit/alpha-and-components", test_alpha_and_components);
  g_test_add_func ("/analysis/audit/flags", test_flags);
  g_test_add_func ("/analysis/audit/missing-and-constant", test_missing_and_constant);
  g_test_add_func ("/analysis/audit/unknown-group", test_unknown_group);

  return g_test_run ();
}
