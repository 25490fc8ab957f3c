/* test-weighting.c — `<weighting>` records: XML round trip, semantic checks, shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-framework-check.h"
#include "core/kh-weighting.h"
#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "weighting", name, NULL);
}

static KhFramework *
load (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr (GError) error = NULL;
  KhFramework *fw = kh_framework_xml_load_file (path, &error);

  g_assert_no_error (error);
  return fw;
}

/* Every field of the three records is read as written. */
static void
test_read (void)
{
  g_autoptr (KhFramework) fw = load ("records.xml");
  KhNode *economy = kh_framework_find_node (fw, "economy");
  KhNode *environment = kh_framework_find_node (fw, "environment");
  const KhWeighting *root = fw->root->weighting, *ahp = economy->weighting;
  const KhWeighting *entropy = environment->weighting;
  const KhJudgement *m1, *m2, *a2;

  g_assert_nonnull (root);
  g_assert_cmpint (root->method, ==, KH_WEIGHTING_BUDGET);
  g_assert_cmpstr (root->date, ==, "2020-02-15");
  g_assert_cmpstr (root->author, ==, "考核办");
  g_assert_cmpstr (root->description, ==, "Two experts shared 100 points.");
  g_assert_cmpfloat (root->budget, ==, 100);
  g_assert_cmpuint (root->judgements->len, ==, 2);
  a2 = root->judgements->pdata[1];
  g_assert_cmpstr (a2->expert, ==, "乙");
  g_assert_cmpuint (a2->n, ==, 2);
  g_assert_cmpfloat (a2->values[0], ==, 55);
  g_assert_cmpfloat (a2->values[1], ==, 45);

  g_assert_cmpint (ahp->method, ==, KH_WEIGHTING_AHP);
  g_assert_cmpuint (ahp->items->len, ==, 3);
  g_assert_cmpstr (ahp->items->pdata[2], ==, "revenue");
  g_assert_cmpfloat (g_array_index (ahp->shares, double, 1), ==, 0.3);
  g_assert_cmpfloat (ahp->consistency, ==, 0.0036);
  m1 = ahp->judgements->pdata[0];
  m2 = ahp->judgements->pdata[1];
  g_assert_cmpstr (m1->expert, ==, "专家甲");
  g_assert_null (m2->expert);
  g_assert_cmpuint (m1->n, ==, 3);
  /* "1/6" is read as the quotient, "0.333" as written */
  g_assert_cmpfloat (m1->values[6], ==, 1.0 / 6);
  g_assert_cmpfloat (m1->values[7], ==, 0.333);
  g_assert_cmpfloat (m2->values[7], ==, 1.0 / 3);

  g_assert_cmpint (entropy->method, ==, KH_WEIGHTING_ENTROPY);
  g_assert_cmpint (entropy->data_year, ==, 2019);
  g_assert_cmpstr (entropy->group, ==, "cities");
  g_assert_true (isnan (entropy->consistency));
  g_assert_cmpuint (entropy->judgements->len, ==, 0);
}

/* Load → write → load → write gives the same text, and so does a copy; the writer spells an
 * exact reciprocal 0.5 as 1/2 and leaves 0.333 as it is. */
static void
test_round_trip (void)
{
  g_autoptr (KhFramework) fw = load ("records.xml");
  g_autoptr (KhFramework) again = NULL, copy = NULL;
  g_autofree char *text = kh_framework_xml_to_string (fw);
  g_autofree char *text2 = NULL, *text3 = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (strstr (text, "<row>1/2 1 3</row>"));
  g_assert_nonnull (strstr (text, "<row>1/6 0.333 1</row>"));
  g_assert_nonnull (strstr (text, "<weighting method=\"entropy\" items=\"pm25 water\" "
                                  "shares=\"0.25 0.75\" year=\"2019\" group=\"cities\"/>"));
  g_assert_nonnull (strstr (text, "<allocation expert=\"甲\" values=\"65 35\"/>"));
  again = kh_framework_xml_load_data (text, strlen (text), "again", &error);
  g_assert_no_error (error);
  text2 = kh_framework_xml_to_string (again);
  g_assert_cmpstr (text2, ==, text);
  copy = kh_framework_copy (again);
  text3 = kh_framework_xml_to_string (copy);
  g_assert_cmpstr (text3, ==, text);
}

/* Each broken rule is reported at the element concerned (errors.expected, one line each). */
static void
test_errors (void)
{
  g_autofree char *path = data_path ("errors.xml");
  g_autofree char *expected_path = data_path ("errors.expected");
  g_autofree char *contents = NULL, *expected = NULL;
  g_autofree char *want = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
  fw = kh_framework_xml_load_data (contents, len, "errors.xml", &error);
  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  want = g_strdup (g_strchomp (expected));
  g_assert_cmpstr (error->message, ==, want);
}

/* A fraction the schema allows but that divides by zero is refused at its row. */
static void
test_bad_ratio (void)
{
  const char *xml =
    "<framework xmlns=\"" KH_FRAMEWORK_XML_NAMESPACE "\" id=\"r\" year=\"2020\" category=\"city\">\n"
    "<title lang=\"en\">r</title>\n"
    "<root id=\"total\">\n"
    "<weighting method=\"ahp\" items=\"a b\" shares=\"0.5 0.5\"><matrix>\n"
    "<row>1 1/0</row>\n"
    "<row>1 1</row></matrix></weighting>\n"
    "<indicator id=\"a\" points=\"50\"><scoring method=\"minmax\"/></indicator>\n"
    "<indicator id=\"b\" points=\"50\"><scoring method=\"minmax\"/></indicator>\n"
    "</root></framework>\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_data (xml, strlen (xml), "r.xml", &error);

  g_assert_null (fw);
  g_assert_cmpstr (error->message, ==,
                   "r.xml:5:1: “1/0” is not a comparison (a number or a fraction such as 1/3)");
}

/* Shares: w·P / Σ w·P under sum, w / Σ w under mean; the records of records.xml are current. */
static void
test_shares (void)
{
  g_autoptr (KhFramework) fw = load ("records.xml");
  KhNode *economy = kh_framework_find_node (fw, "economy");
  KhNode *environment = kh_framework_find_node (fw, "environment");

  /* 36/60, 18/60, 6/60 */
  g_assert_cmpfloat_with_epsilon (kh_node_share (kh_framework_find_node (fw, "gdp")), 0.6, 1e-15);
  g_assert_cmpfloat_with_epsilon (kh_node_share (kh_framework_find_node (fw, "revenue")), 0.1, 1e-15);
  /* weights 1 and 3 under a mean: ¼, ¾ */
  g_assert_cmpfloat (kh_node_share (kh_framework_find_node (fw, "water")), ==, 0.75);
  g_assert_cmpfloat (kh_node_share (fw->root), ==, 1);
  g_assert_true (kh_weighting_is_current (fw->root));
  g_assert_true (kh_weighting_is_current (economy));
  g_assert_true (kh_weighting_is_current (environment));
  g_assert_cmpuint (kh_framework_check (fw, NULL, NULL), ==, 0);
}

/* Applying shares changes weights, never points: under sum wᵢ = sᵢ·W/Pᵢ with W = 60:
 * gdp .5·60/36 = 5/6, growth .3·60/18 = 1, revenue .2·60/6 = 2 (Σ w·P = 30 + 18 + 12 = 60);
 * under mean wᵢ = sᵢ·Σw = .5·4 = 2 each. The record no longer describes the weights. */
static void
test_apply (void)
{
  g_autoptr (KhFramework) fw = load ("records.xml");
  KhNode *economy = kh_framework_find_node (fw, "economy");
  KhNode *environment = kh_framework_find_node (fw, "environment");
  const char *ids[3] = { "revenue", "gdp", "growth" };
  const double shares[3] = { 0.2, 0.5, 0.3 };
  const char *env_ids[2] = { "water", "pm25" };
  const double halves[2] = { 0.5, 0.5 };
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_node_apply_shares (economy, ids, shares, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (kh_framework_find_node (fw, "gdp")->weight, 5.0 / 6, 1e-15);
  g_assert_cmpfloat_with_epsilon (kh_framework_find_node (fw, "growth")->weight, 1, 1e-15);
  g_assert_cmpfloat_with_epsilon (kh_framework_find_node (fw, "revenue")->weight, 2, 1e-15);
  g_assert_cmpfloat (kh_framework_find_node (fw, "gdp")->points, ==, 36);
  g_assert_cmpfloat_with_epsilon (kh_node_share (kh_framework_find_node (fw, "gdp")), 0.5, 1e-15);
  g_assert_false (kh_weighting_is_current (economy));
  g_assert_cmpuint (kh_framework_check (fw, NULL, NULL), ==, 0);

  g_assert_true (kh_node_apply_shares (environment, env_ids, halves, 2, &error));
  g_assert_cmpfloat (kh_framework_find_node (fw, "pm25")->weight, ==, 2);
  g_assert_cmpfloat (kh_framework_find_node (fw, "water")->weight, ==, 2);
}

static void
test_apply_refused (void)
{
  g_autoptr (KhFramework) fw = load ("records.xml");
  KhNode *economy = kh_framework_find_node (fw, "economy");
  const char *unknown[3] = { "gdp", "growth", "pm25" };
  const char *twice[3] = { "gdp", "gdp", "growth" };
  const char *two[2] = { "gdp", "growth" };
  const double shares[3] = { 0.5, 0.3, 0.2 };
  const double zero[3] = { 0.5, 0.5, 0 };
  const char *all[3] = { "gdp", "growth", "revenue" };
  g_autoptr (GError) error = NULL;

  g_assert_false (kh_node_apply_shares (economy, unknown, shares, 3, &error));
  g_assert_error (error, KH_WEIGHTING_ERROR, KH_WEIGHTING_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“pm25” is not a weighed child of “economy”");
  g_clear_error (&error);
  g_assert_false (kh_node_apply_shares (economy, twice, shares, 3, &error));
  g_assert_cmpstr (error->message, ==, "“gdp” is given twice among the weights of “economy”");
  g_clear_error (&error);
  g_assert_false (kh_node_apply_shares (economy, two, shares, 2, &error));
  g_assert_cmpstr (error->message, ==, "weights are given for 2 of the 3 weighed children of “economy”");
  g_clear_error (&error);
  g_assert_false (kh_node_apply_shares (economy, all, zero, 3, &error));
  g_assert_cmpstr (error->message, ==,
                   "the share of “revenue” must be above 0 (a weight of 0 would drop it: retire "
                   "the indicator instead)");
  /* nothing changed */
  g_assert_cmpfloat (kh_framework_find_node (fw, "gdp")->weight, ==, 1);
  g_assert_true (kh_weighting_is_current (economy));
}

/* A coefficient child takes no part in its parent's weights. */
static void
test_coefficient (void)
{
  g_autoptr (KhFramework) fw = kh_framework_new ();
  KhNode *dev = kh_node_new (KH_NODE_PAPER, "development");
  KhNode *sat = kh_node_new (KH_NODE_PAPER, "satisfaction");
  KhNode *party = kh_node_new (KH_NODE_PAPER, "party");
  g_autoptr (GPtrArray) weighed = NULL;

  fw->root->aggregation = KH_AGG_COEFFICIENT;
  dev->points = 80;
  sat->points = 20;
  party->coefficient = TRUE;
  kh_node_append (fw->root, dev);
  kh_node_append (fw->root, party);
  kh_node_append (fw->root, sat);
  g_assert_false (kh_node_is_weighed (party));
  g_assert_true (isnan (kh_node_share (party)));
  g_assert_cmpfloat (kh_node_share (sat), ==, 0.2);
  weighed = kh_node_weighed_children (fw->root);
  g_assert_cmpuint (weighed->len, ==, 2);
  g_assert_true (weighed->pdata[1] == sat);
}

static void
test_method_names (void)
{
  KhWeightingMethod m;

  for (guint i = 0; i < KH_WEIGHTING_N_METHODS; i++)
    {
      g_assert_true (kh_weighting_method_from_string (kh_weighting_method_to_string (i), &m));
      g_assert_cmpint (m, ==, i);
      g_assert_nonnull (kh_weighting_method_label (i));
    }
  g_assert_false (kh_weighting_method_from_string ("magic", &m));
  g_assert_cmpstr (kh_weighting_method_to_string (KH_WEIGHTING_CRITIC), ==, "critic");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weighting/read", test_read);
  g_test_add_func ("/weighting/round-trip", test_round_trip);
  g_test_add_func ("/weighting/errors", test_errors);
  g_test_add_func ("/weighting/bad-ratio", test_bad_ratio);
  g_test_add_func ("/weighting/shares", test_shares);
  g_test_add_func ("/weighting/apply", test_apply);
  g_test_add_func ("/weighting/apply-refused", test_apply_refused);
  g_test_add_func ("/weighting/coefficient", test_coefficient);
  g_test_add_func ("/weighting/method-names", test_method_names);
  return g_test_run ();
}
