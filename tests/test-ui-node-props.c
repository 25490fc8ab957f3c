/* test-ui-node-props.c — the framework editor's property table, without widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property the inspector shows reads and writes itself as text; refused text
 * changes nothing. Uses tests/data/ui/framework-2020.xml (gdp_growth, pm25 under
 * development; survey under satisfaction; group "cities" with tiers "1 2" and the award
 * advance_award).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "ui/kh-node-props.h"

static KhFramework *
load (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "ui",
                                            "framework-2020.xml", NULL);
  g_autoptr (GError) error = NULL;
  KhFramework *fw = kh_framework_xml_load_file (path, &error);

  g_assert_no_error (error);
  return fw;
}

static void
test_numbers (void)
{
  g_autoptr (KhFramework) fw = load ();
  KhNode *pm25 = kh_framework_find_node (fw, "pm25");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  text = kh_node_prop_get (pm25, "weight");
  g_assert_cmpstr (text, ==, "1");
  g_assert_true (kh_node_prop_set (fw, pm25, "weight", " 2.5 ", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (pm25->weight, ==, 2.5);

  /* Zero, negative, text and infinity are refused; the weight stays 2.5. */
  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "0", "-1", "abc", "inf" };

      g_assert_false (kh_node_prop_set (fw, pm25, "weight", bad[i], &error));
      g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "weight"));
      g_clear_error (&error);
      g_assert_cmpfloat (pm25->weight, ==, 2.5);
    }

  /* Optional numbers take empty text as “not set” (NaN). */
  g_assert_true (kh_node_prop_set (fw, pm25, "scoring.target", "35", &error));
  g_assert_cmpfloat (pm25->scoring.target, ==, 35);
  g_assert_true (kh_node_prop_set (fw, pm25, "scoring.target", "", &error));
  g_assert_true (isnan (pm25->scoring.target));
  g_free (text);
  text = kh_node_prop_get (pm25, "scoring.target");
  g_assert_cmpstr (text, ==, "");

  /* Shown as typed: 3.2 is not 3.2000000000000002, which is what %.17g prints of it;
   * a value that needs 17 digits keeps them (0.1 + 0.2 = 0.30000000000000004). */
  g_assert_true (kh_node_prop_set (fw, pm25, "scoring.target", "3.2", &error));
  g_free (text);
  text = kh_node_prop_get (pm25, "scoring.target");
  g_assert_cmpstr (text, ==, "3.2");
  pm25->scoring.target = 0.1 + 0.2;
  g_free (text);
  text = kh_node_prop_get (pm25, "scoring.target");
  g_assert_cmpstr (text, ==, "0.30000000000000004");
}

static void
test_choices_and_text (void)
{
  g_autoptr (KhFramework) fw = load ();
  KhNode *pm25 = kh_framework_find_node (fw, "pm25");
  g_autoptr (GError) error = NULL;
  g_autofree char *direction = kh_node_prop_get (pm25, "direction");

  g_assert_cmpstr (direction, ==, "lower");
  g_assert_true (kh_node_prop_set (fw, pm25, "method", "goalposts", &error));
  g_assert_cmpint (pm25->scoring.method, ==, KH_METHOD_GOALPOSTS);
  g_assert_false (kh_node_prop_set (fw, pm25, "method", "magic", &error));
  g_clear_error (&error);
  g_assert_cmpint (pm25->scoring.method, ==, KH_METHOD_GOALPOSTS);

  /* Identifiers stay unique and well-formed. */
  g_assert_false (kh_node_prop_set (fw, pm25, "id", "gdp_growth", &error));
  g_clear_error (&error);
  g_assert_false (kh_node_prop_set (fw, pm25, "id", "1bad id", &error));
  g_clear_error (&error);
  g_assert_true (kh_node_prop_set (fw, pm25, "id", "pm25_mean", &error));
  g_assert_nonnull (kh_framework_find_node (fw, "pm25_mean"));

  /* A formula must parse; an empty one reads the value from data again. */
  g_assert_false (kh_node_prop_set (fw, pm25, "formula", "population / (", &error));
  g_clear_error (&error);
  g_assert_null (pm25->formula);
  g_assert_true (kh_node_prop_set (fw, pm25, "formula", "population / 10", &error));
  g_assert_cmpstr (pm25->formula, ==, "population / 10");
  g_assert_true (kh_node_prop_set (fw, pm25, "formula", "", &error));
  g_assert_null (pm25->formula);

  g_assert_true (kh_node_prop_set (fw, pm25, "applies", "a, b  c", &error));
  g_assert_cmpuint (pm25->applies->len, ==, 3);
  g_assert_true (kh_node_prop_set (fw, pm25, "common", "false", &error));
  g_assert_false (pm25->common);
  g_assert_false (kh_node_prop_set (fw, pm25, "common", "maybe", &error));
  g_clear_error (&error);
}

static void
test_steps (void)
{
  g_autoptr (KhFramework) fw = load ();
  KhNode *survey = kh_framework_find_node (fw, "survey");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (kh_node_prop_set (fw, survey, "scoring.steps", "60:5 80:15  90:20", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (survey->scoring.steps->len, ==, 3);
  g_assert_cmpfloat (g_array_index (survey->scoring.steps, KhStep, 1).min, ==, 80);
  g_assert_cmpfloat (g_array_index (survey->scoring.steps, KhStep, 1).points, ==, 15);
  text = kh_node_prop_get (survey, "scoring.steps");
  g_assert_cmpstr (text, ==, "60:5 80:15 90:20");

  /* Labels stay with their position when the numbers change. */
  g_array_index (survey->scoring.steps, KhStep, 0).label.zh_CN = g_strdup ("差");
  g_assert_true (kh_node_prop_set (fw, survey, "scoring.steps", "50:5 80:15", &error));
  g_assert_cmpstr (g_array_index (survey->scoring.steps, KhStep, 0).label.zh_CN, ==, "差");
  g_assert_false (kh_node_prop_set (fw, survey, "scoring.steps", "50-5", &error));
  g_clear_error (&error);
  g_assert_cmpuint (survey->scoring.steps->len, ==, 2);
}

static void
test_rules (void)
{
  g_autoptr (KhFramework) fw = load ();
  g_autoptr (GPtrArray) keys = kh_rule_prop_keys (fw);
  g_autoptr (GError) error = NULL;
  KhGroup *cities = kh_framework_find_group (fw, "cities");
  KhAwardRule *award = g_ptr_array_index (cities->awards, 0);
  g_autofree char *values = NULL;

  /* tiers (mode, count, values) and the award's four fields. */
  g_assert_cmpuint (keys->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "group/cities/tiers.mode");
  values = kh_rule_prop_get (fw, "group/cities/tiers.values");
  g_assert_cmpstr (values, ==, "1 2");

  g_assert_true (kh_rule_prop_set (fw, "group/cities/tiers.values", "2 1", &error));
  g_assert_cmpfloat (g_array_index (cities->tiers.values, double, 0), ==, 2);
  g_assert_true (kh_rule_prop_set (fw, "group/cities/tiers.mode", "share", &error));
  g_assert_cmpint (cities->tiers.mode, ==, KH_TIER_BY_SHARE);
  g_assert_false (kh_rule_prop_set (fw, "group/cities/tiers.count", "0", &error));
  g_clear_error (&error);
  g_assert_cmpint (cities->tiers.n_tiers, ==, 3);

  g_assert_true (kh_rule_prop_set (fw, "group/cities/award/advance_award/min-advance", "2", &error));
  g_assert_cmpint (award->min_advance, ==, 2);
  g_assert_true (kh_rule_prop_set (fw, "group/cities/award/advance_award/most", "false", &error));
  g_assert_false (award->most);
  g_assert_false (kh_rule_prop_set (fw, "group/nowhere/tiers.mode", "count", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
}

/* A quota rule's select and max-tier (the bundled 2020 city framework: group "cities",
 * quota county_quota_321 with select="rank" max-tier="2"): read, written, refused, and
 * through the canonical writer and back. */
static void
test_quota (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "frameworks",
                                            "jiangsu-2020-city.xml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_file (path, &error);
  g_autoptr (KhFramework) back = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autofree char *select = NULL, *max_tier = NULL, *xml = NULL, *xml_back = NULL;
  const char *select_key = "group/cities/quota/county_quota_321/select";
  const char *max_key = "group/cities/quota/county_quota_321/max-tier";
  KhQuotaRule *quota;

  g_assert_no_error (error);
  quota = ((KhGroup *) kh_framework_find_group (fw, "cities"))->quotas->pdata[0];
  keys = kh_rule_prop_keys (fw);
  g_assert_true (g_ptr_array_find_with_equal_func (keys, select_key, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (keys, max_key, g_str_equal, NULL));
  g_assert_cmpint (kh_rule_prop_kind (select_key), ==, KH_PROP_CHOICE);
  g_assert_cmpint (kh_rule_prop_kind (max_key), ==, KH_PROP_INTEGER);
  select = kh_rule_prop_get (fw, select_key);
  max_tier = kh_rule_prop_get (fw, max_key);
  g_assert_cmpstr (select, ==, "rank");
  g_assert_cmpstr (max_tier, ==, "2");

  /* refused: nothing changes */
  g_assert_false (kh_rule_prop_set (fw, select_key, "best", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kh_rule_prop_set (fw, max_key, "-1", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kh_rule_prop_set (fw, max_key, "two", &error));
  g_clear_error (&error);
  g_assert_cmpint (quota->select, ==, KH_QUOTA_SELECT_RANK);
  g_assert_cmpint (quota->max_tier, ==, 2);

  /* max-tier 3, then select none: written as the XML says them, and read back */
  g_assert_true (kh_rule_prop_set (fw, max_key, "3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (quota->max_tier, ==, 3);
  xml = kh_framework_xml_to_string (fw);
  g_assert_nonnull (strstr (xml, "select=\"rank\" max-tier=\"3\""));
  g_assert_true (kh_rule_prop_set (fw, select_key, "none", &error));
  g_assert_true (kh_rule_prop_set (fw, max_key, "0", &error));
  g_assert_no_error (error);
  g_clear_pointer (&xml, g_free);
  xml = kh_framework_xml_to_string (fw);
  /* the defaults (no selection, any tier) are not written */
  g_assert_null (strstr (xml, "select="));
  g_assert_null (strstr (xml, "max-tier=\"0\""));
  g_assert_true (kh_rule_prop_set (fw, select_key, "rank", &error));
  g_assert_true (kh_rule_prop_set (fw, max_key, "1", &error));
  g_clear_pointer (&xml, g_free);
  xml = kh_framework_xml_to_string (fw);
  back = kh_framework_xml_load_data (xml, strlen (xml), "<written>", &error);
  g_assert_no_error (error);
  g_clear_pointer (&select, g_free);
  g_clear_pointer (&max_tier, g_free);
  select = kh_rule_prop_get (back, select_key);
  max_tier = kh_rule_prop_get (back, max_key);
  g_assert_cmpstr (select, ==, "rank");
  g_assert_cmpstr (max_tier, ==, "1");
  xml_back = kh_framework_xml_to_string (back);
  g_assert_cmpstr (xml_back, ==, xml); /* canonical: the same text again */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/node-props/numbers", test_numbers);
  g_test_add_func ("/ui/node-props/choices-and-text", test_choices_and_text);
  g_test_add_func ("/ui/node-props/steps", test_steps);
  g_test_add_func ("/ui/node-props/rules", test_rules);
  g_test_add_func ("/ui/node-props/quota", test_quota);

  return g_test_run ();
}
