/* test-framework-model.c — the in-memory framework tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/kh-framework.h"

static KhFramework *
make_small_framework (void)
{
  KhFramework *fw = kh_framework_new ();
  KhNode *paper = kh_node_new (KH_NODE_PAPER, "development");
  KhNode *gdp = kh_node_new (KH_NODE_INDICATOR, "gdp_per_capita");
  KhNode *pm25 = kh_node_new (KH_NODE_INDICATOR, "pm25");

  fw->id = g_strdup ("test");
  fw->year = 2020;
  fw->category = g_strdup ("city");
  paper->name.zh_CN = g_strdup ("高质量发展成效");
  pm25->direction = KH_DIRECTION_LOWER;
  kh_node_append (fw->root, paper);
  kh_node_append (paper, gdp);
  kh_node_append (paper, pm25);
  g_ptr_array_add (fw->groups, kh_group_new ("cities"));
  return fw;
}

static void
test_model_tree (void)
{
  g_autoptr (KhFramework) fw = make_small_framework ();
  KhNode *paper = kh_framework_find_node (fw, "development");
  KhNode *pm25 = kh_framework_find_node (fw, "pm25");
  KhNode *stolen;

  g_assert_nonnull (paper);
  g_assert_true (paper->parent == fw->root);
  g_assert_true (pm25->parent == paper);
  g_assert_cmpuint (kh_node_index (pm25), ==, 1);
  g_assert_true (kh_node_is_leaf (pm25));
  g_assert_false (kh_node_is_leaf (paper));
  g_assert_null (kh_framework_find_node (fw, "missing"));

  /* Move pm25 in front of gdp: steal, then insert at 0. */
  stolen = kh_node_steal (pm25);
  g_assert_null (stolen->parent);
  g_assert_cmpuint (paper->children->len, ==, 1);
  kh_node_insert (paper, 0, stolen);
  g_assert_cmpuint (kh_node_index (pm25), ==, 0);
  g_assert_cmpstr (((KhNode *) g_ptr_array_index (paper->children, 1))->id, ==, "gdp_per_capita");
}

static void
test_model_defaults (void)
{
  g_autoptr (KhNode) node = kh_node_new (KH_NODE_INDICATOR, "x");

  g_assert_cmpfloat (node->weight, ==, 1.0);
  g_assert_cmpfloat (node->points, ==, 100.0);
  g_assert_true (node->common);
  g_assert_cmpint (node->missing, ==, KH_MISSING_REWEIGHT);
  g_assert_cmpint (node->scoring.method, ==, KH_METHOD_MINMAX);
  g_assert_true (isnan (node->scoring.a));
  g_assert_true (isnan (node->scoring.cap));
}

static void
test_model_copy_is_deep (void)
{
  g_autoptr (KhFramework) fw = make_small_framework ();
  g_autoptr (KhFramework) copy = kh_framework_copy (fw);
  KhNode *orig = kh_framework_find_node (fw, "development");
  KhNode *dup = kh_framework_find_node (copy, "development");
  KhStep step = { 90, 10, { g_strdup ("优"), NULL, NULL } };

  kh_framework_find_node (fw, "pm25")->scoring.method = KH_METHOD_THRESHOLDS;
  g_array_append_val (kh_framework_find_node (fw, "pm25")->scoring.steps, step);

  g_assert_true (orig != dup);
  g_assert_cmpstr (dup->name.zh_CN, ==, "高质量发展成效");
  g_assert_true (dup->name.zh_CN != orig->name.zh_CN);
  g_assert_true (dup->parent == copy->root);
  g_assert_cmpint (copy->year, ==, 2020);
  g_assert_cmpuint (copy->groups->len, ==, 1);

  /* Changing the original does not reach the copy. */
  g_assert_cmpint (kh_framework_find_node (copy, "pm25")->scoring.method, ==, KH_METHOD_MINMAX);
  g_assert_cmpuint (kh_framework_find_node (copy, "pm25")->scoring.steps->len, ==, 0);
}

static void
test_model_text_fallback (void)
{
  KhText text = { NULL, g_strdup ("蘇州市"), g_strdup ("Suzhou") };

  g_assert_cmpstr (kh_text_get (&text, KH_LANG_EN), ==, "Suzhou");
  g_assert_cmpstr (kh_text_get (&text, KH_LANG_ZH_TW), ==, "蘇州市");
  /* No simplified name: fall back to the traditional one. */
  g_assert_cmpstr (kh_text_get (&text, KH_LANG_ZH_CN), ==, "蘇州市");
  kh_text_clear (&text);
  g_assert_null (kh_text_get (&text, KH_LANG_ZH_CN));
}

static void
test_model_enum_strings (void)
{
  KhMethod method;
  KhAggregation agg;

  g_assert_cmpstr (kh_method_to_string (KH_METHOD_TARGET_RATIO), ==, "target-ratio");
  g_assert_true (kh_method_from_string ("satisfaction", &method));
  g_assert_cmpint (method, ==, KH_METHOD_SATISFACTION);
  g_assert_false (kh_method_from_string ("Satisfaction", &method));
  g_assert_false (kh_method_from_string (NULL, &method));
  g_assert_true (kh_aggregation_from_string ("coefficient", &agg));
  g_assert_cmpint (agg, ==, KH_AGG_COEFFICIENT);
  g_assert_cmpstr (kh_outlier_to_string (KH_OUTLIER_WINSOR_SD), ==, "winsor-sd");
}

static gboolean
count_cb (KhNode  *node,
          gpointer user_data)
{
  *(int *) user_data += 1;
  return g_strcmp0 (node->id, "gdp_per_capita") != 0;
}

static void
test_model_foreach_stops (void)
{
  g_autoptr (KhFramework) fw = make_small_framework ();
  int visited = 0;

  /* total, development, gdp_per_capita (stop) — pm25 is never reached. */
  kh_framework_foreach_node (fw, count_cb, &visited);
  g_assert_cmpint (visited, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/tree", test_model_tree);
  g_test_add_func ("/core/model/defaults", test_model_defaults);
  g_test_add_func ("/core/model/copy-is-deep", test_model_copy_is_deep);
  g_test_add_func ("/core/model/text-fallback", test_model_text_fallback);
  g_test_add_func ("/core/model/enum-strings", test_model_enum_strings);
  g_test_add_func ("/core/model/foreach-stops", test_model_foreach_stops);

  return g_test_run ();
}
