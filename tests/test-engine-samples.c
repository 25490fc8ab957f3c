/* test-engine-samples.c — invariants of the engine on every bundled framework
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each framework of data/frameworks/ (and a large synthetic one) is scored on
 * deterministic synthetic data for a Jiangsu-sized set of units, with a previous year,
 * and the results must satisfy what data/schema/README.md promises for any input:
 * contributions add up to the root score, the total is the root plus adjustments,
 * ranks are competition ranks of the rounded totals within each group, rank change is
 * previous rank − rank, tiers stay within the rule, bounded methods stay in [0, P],
 * and a recompute is identical to the bit.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bench/kh-bench-synth.h"
#include "core/kh-engine.h"
#include "io/kh-framework-xml.h"

static guint
units_for (const char *category)
{
  if (g_strcmp0 (category, "city") == 0)
    return 13;
  if (g_strcmp0 (category, "agency") == 0)
    return 99;
  if (g_strcmp0 (category, "university") == 0)
    return 73;
  return 96;
}

static void
check_unit (KhPlan *plan,
            guint   u)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  double root = kh_plan_get_node_score (plan, u, 0);
  double sum = 0, adjustments = 0;
  int change;

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      double s = kh_plan_get_node_score (plan, u, n);

      if (node->kind != KH_NODE_INDICATOR)
        continue;
      sum += kh_plan_get_contribution (plan, u, n);
      if (!isnan (s) && (node->scoring.method == KH_METHOD_PERCENTILE
                         || node->scoring.method == KH_METHOD_RANK
                         || node->scoring.method == KH_METHOD_GOALPOSTS
                         || node->scoring.method == KH_METHOD_SATISFACTION
                         || (node->scoring.method == KH_METHOD_MINMAX && isnan (node->scoring.a)
                             && isnan (node->scoring.b))))
        {
          g_assert_cmpfloat (s, >=, -1e-9);
          g_assert_cmpfloat (s, <=, node->points + 1e-9);
        }
    }
  if (isnan (root))
    {
      g_assert_cmpfloat (sum, ==, 0);
      g_assert_cmpint (kh_plan_get_rank (plan, u), ==, 0);
      return;
    }
  g_assert_cmpfloat_with_epsilon (sum, root, 1e-9 * MAX (1.0, fabs (root)));

  for (guint a = 0; a < fw->adjustments->len; a++)
    adjustments += kh_plan_get_adjustment (plan, u, a);
  /* total = root + adjustments − constraint deductions (never positive) */
  g_assert_cmpfloat (kh_plan_get_total (plan, u) - root - adjustments, <=, 1e-9);

  if (kh_plan_get_rank_change (plan, u, &change))
    g_assert_cmpint (change, ==, kh_plan_get_previous_rank (plan, u) - kh_plan_get_rank (plan, u));
}

static void
check_ranks (KhPlan *plan)
{
  guint n = kh_plan_get_n_units (plan);

  for (guint u = 0; u < n; u++)
    {
      KhGroup *group = kh_plan_get_unit_group (plan, u);
      double mine = kh_plan_get_rounded_total (plan, u);
      int better = 0;

      if (kh_plan_get_rank (plan, u) == 0)
        continue;
      for (guint v = 0; v < n; v++)
        if (kh_plan_get_unit_group (plan, v) == group && kh_plan_get_rank (plan, v) > 0
            && kh_plan_get_rounded_total (plan, v) > mine)
          better++;
      g_assert_cmpint (kh_plan_get_rank (plan, u), ==, better + 1);
      if (group != NULL && group->tiers.n_tiers > 0)
        {
          g_assert_cmpint (kh_plan_get_tier (plan, u), >=, 1);
          g_assert_cmpint (kh_plan_get_tier (plan, u), <=, group->tiers.n_tiers);
          if (kh_plan_get_vetoed (plan, u))
            g_assert_cmpint (kh_plan_get_tier (plan, u), ==, group->tiers.n_tiers);
        }
    }
}

static void
check_framework (KhFramework *fw,
                 guint        n_units)
{
  g_autoptr (KhDataset) prev_ds = kh_bench_dataset (fw, n_units, fw->year - 1, 5);
  g_autoptr (KhDataset) ds = kh_bench_dataset (fw, n_units, fw->year, 5);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) prev = kh_plan_new (fw, prev_ds, NULL, &error);
  g_autoptr (KhPlan) plan = NULL;
  g_autofree double *totals = g_new (double, n_units);
  guint ranked = 0;

  g_assert_no_error (error);
  plan = kh_plan_new (fw, ds, prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (plan);

  for (guint u = 0; u < n_units; u++)
    {
      check_unit (plan, u);
      totals[u] = kh_plan_get_total (plan, u);
      ranked += kh_plan_get_rank (plan, u) > 0;
    }
  g_assert_cmpuint (ranked, >, 0);
  check_ranks (plan);

  kh_plan_compute (plan);
  for (guint u = 0; u < n_units; u++)
    {
      double again = kh_plan_get_total (plan, u);

      g_assert_cmpmem (&again, sizeof again, &totals[u], sizeof totals[u]);
    }
}

static void
test_bundled (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "frameworks", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhFramework) fw = NULL;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      fw = kh_framework_xml_load_file (path, &error);
      g_assert_no_error (error);
      g_test_message ("%s", name);
      check_framework (fw, units_for (fw->category));
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_synthetic (void)
{
  g_autoptr (KhFramework) fw = kh_bench_framework ("synthetic", "synthetic", 60, 8, 3);

  check_framework (fw, 300);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/samples/bundled", test_bundled);
  g_test_add_func ("/engine/samples/synthetic", test_synthetic);
  return g_test_run ();
}
