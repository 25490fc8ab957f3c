/* test-framework-xml.c — framework files: fixtures, exact messages, round trips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "core/kh-framework-check.h"
#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"

static const char *bundled[] = {
  "jiangsu-2018-agency.xml", "jiangsu-2018-city.xml", "jiangsu-2018-county.xml",
  "jiangsu-2018-university.xml", "jiangsu-2019-agency.xml", "jiangsu-2019-city.xml",
  "jiangsu-2019-county.xml", "jiangsu-2019-university.xml", "jiangsu-2020-agency.xml",
  "jiangsu-2020-city.xml", "jiangsu-2020-county.xml", "jiangsu-2020-university.xml",
};

static char *
source_path (const char *first,
             ...)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_getenv ("KH_SOURCE_ROOT"));
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
read_text (const char *path,
           gsize      *len)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

/* Loads a fixture under its base name, so messages read "NAME:LINE:COLUMN: …". */
static KhFramework *
load_fixture (const char  *dir,
              const char  *name,
              GError     **error)
{
  g_autofree char *path = source_path ("tests", "data", "frameworks", dir, name, NULL);
  gsize len = 0;
  g_autofree char *text = read_text (path, &len);

  return kh_framework_xml_load_data (text, len, name, error);
}

/* --- valid fixtures ------------------------------------------------------------ */

static void
test_valid_full (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = load_fixture ("valid", "full.xml", &error);
  KhNode *node;
  KhGroup *group;
  const KhStep *step;
  const KhConstraint *con;
  const KhAdjustment *adj;

  g_assert_no_error (error);
  g_assert_cmpstr (fw->id, ==, "test-full");
  g_assert_cmpint (fw->year, ==, 2020);
  g_assert_cmpstr (fw->version, ==, "7");
  g_assert_cmpstr (fw->category, ==, "city");
  g_assert_cmpint (fw->precision, ==, 3);
  g_assert_cmpstr (fw->title.zh_TW, ==, "完整測試指標體系");
  g_assert_cmpstr (fw->description, ==, "Fixture & test: all constructs.");

  g_assert_cmpuint (fw->groups->len, ==, 2);
  group = kh_framework_find_group (fw, "north");
  g_assert_cmpint (group->precision, ==, 1);
  g_assert_cmpint (group->tiers.mode, ==, KH_TIER_BY_THRESHOLD);
  g_assert_cmpint (group->tiers.n_tiers, ==, 2);
  g_assert_cmpuint (group->tiers.values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (group->tiers.values, double, 0), ==, 80.5);
  g_assert_cmpint (((KhAwardRule *) g_ptr_array_index (group->awards, 0))->min_advance, ==, 2);
  group = kh_framework_find_group (fw, "south");
  g_assert_cmpint (group->precision, ==, -1);
  g_assert_true (((KhAwardRule *) g_ptr_array_index (group->awards, 0))->most);
  g_assert_cmpint (((KhAwardRule *) g_ptr_array_index (group->awards, 0))->min_tier, ==, 2);
  g_assert_cmpstr (((KhQuotaRule *) g_ptr_array_index (group->quotas, 0))->target_category, ==, "county");
  g_assert_cmpint (g_array_index (((KhQuotaRule *) g_ptr_array_index (group->quotas, 0))->counts, int, 2), ==, 1);
  g_assert_cmpint (((KhQuotaRule *) g_ptr_array_index (group->quotas, 0))->select, ==, KH_QUOTA_SELECT_RANK);
  g_assert_cmpint (((KhQuotaRule *) g_ptr_array_index (group->quotas, 0))->max_tier, ==, 2);

  g_assert_cmpuint (fw->variables->len, ==, 2);
  g_assert_cmpstr (((KhVariable *) g_ptr_array_index (fw->variables, 0))->unit_of_measure, ==, "万人");
  /* Import metadata: the provider, other headers, the plausible range. */
  g_assert_cmpstr (((KhVariable *) g_ptr_array_index (fw->variables, 0))->source, ==, "省统计局");
  g_assert_cmpstr (((KhVariable *) g_ptr_array_index (fw->variables, 0))->aliases, ==, "常住人口数|人口");
  g_assert_cmpfloat (((KhVariable *) g_ptr_array_index (fw->variables, 0))->valid_min, ==, 0);
  g_assert_cmpfloat (((KhVariable *) g_ptr_array_index (fw->variables, 0))->valid_max, ==, 20000);
  g_assert_true (isnan (((KhVariable *) g_ptr_array_index (fw->variables, 1))->valid_max));

  g_assert_cmpint (fw->root->aggregation, ==, KH_AGG_COEFFICIENT);
  g_assert_true (kh_framework_find_node (fw, "party")->coefficient);
  g_assert_cmpint (kh_framework_find_node (fw, "economy")->aggregation, ==, KH_AGG_MEAN);
  g_assert_cmpint (kh_framework_find_node (fw, "satisfaction")->aggregation, ==, KH_AGG_HARMONIC);

  node = kh_framework_find_node (fw, "gdp_per_capita");
  g_assert_cmpint (node->kind, ==, KH_NODE_INDICATOR);
  g_assert_cmpstr (node->formula, ==, "gdp / population");
  g_assert_cmpint (node->missing, ==, KH_MISSING_MEDIAN);
  g_assert_cmpint (node->outlier, ==, KH_OUTLIER_LOG);
  g_assert_cmpfloat (node->scoring.a, ==, 0.1);
  g_assert_true (node->parent == kh_framework_find_node (fw, "economy"));

  node = kh_framework_find_node (fw, "growth");
  g_assert_cmpstr (node->formula, ==, "growth(gdp)"); /* white space trimmed */
  g_assert_cmpint (node->direction, ==, KH_DIRECTION_BAND);
  g_assert_cmpfloat (node->band_hi, ==, 7.5);

  node = kh_framework_find_node (fw, "rank_points");
  g_assert_cmpstr (node->replaces, ==, "old_rank");
  g_assert_cmpint (node->from_year, ==, 2019);
  g_assert_cmpint (node->until_year, ==, 2021);

  node = kh_framework_find_node (fw, "completion");
  g_assert_false (node->common);
  g_assert_cmpuint (node->applies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (node->applies, 1), ==, "north");
  g_assert_cmpfloat (node->scoring.cap, ==, 1.2);
  g_assert_true (kh_framework_find_node (fw, "goal")->common);

  node = kh_framework_find_node (fw, "steps");
  g_assert_cmpuint (node->scoring.steps->len, ==, 3);
  step = &g_array_index (node->scoring.steps, KhStep, 2);
  g_assert_cmpfloat (step->min, ==, 100); /* written 1e2 */
  g_assert_cmpstr (step->label.en, ==, "Full");

  node = kh_framework_find_node (fw, "grade");
  g_assert_cmpstr (node->description, ==, "Line one\nline two");
  g_assert_cmpint (node->scoring.method, ==, KH_METHOD_GRADES);
  g_assert_cmpfloat (g_array_index (node->scoring.steps, KhStep, 1).points, ==, 2.5);

  adj = g_ptr_array_index (fw->adjustments, 1);
  g_assert_cmpint (adj->kind, ==, KH_ADJUST_DEDUCTION);
  g_assert_cmpstr (adj->input, ==, "paperwork_demands");
  g_assert_cmpfloat (adj->per_item, ==, 1);
  g_assert_true (isnan (adj->cap));

  con = g_ptr_array_index (fw->constraints, 0);
  g_assert_cmpint (con->consequence, ==, KH_CONSEQUENCE_CAP_TIER);
  g_assert_cmpfloat (con->amount, ==, 2);
  con = g_ptr_array_index (fw->constraints, 1);
  g_assert_cmpint (con->sense, ==, KH_CONSTRAINT_AT_LEAST);
  g_assert_cmpint (con->consequence, ==, KH_CONSEQUENCE_VETO);
}

/* The loosely written fixture formats to exactly its canonical twin. */
static void
test_valid_canonical (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = load_fixture ("valid", "full.xml", &error);
  g_autofree char *path = source_path ("tests", "data", "frameworks", "valid",
                                       "full.canonical.xml", NULL);
  g_autofree char *expected = read_text (path, NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = kh_framework_xml_to_string (fw);
  g_assert_cmpstr (text, ==, expected);
}

/* --- invalid fixtures: exact messages ------------------------------------------- */

typedef struct
{
  const char *name;
  int code;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "malformed", KH_IO_ERROR_PARSE },
  { "not-a-framework", KH_IO_ERROR_INVALID },
  { "schema-errors", KH_IO_ERROR_INVALID },
  { "semantic-errors", KH_IO_ERROR_INVALID },
  { "rules", KH_IO_ERROR_INVALID },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autofree char *xml = g_strconcat (c->name, ".xml", NULL);
  g_autofree char *expected_name = g_strconcat (c->name, ".expected", NULL);
  g_autofree char *expected_path = source_path ("tests", "data", "frameworks", "invalid",
                                                expected_name, NULL);
  g_autofree char *expected = read_text (expected_path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = load_fixture ("invalid", xml, &error);

  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, c->code);
  /* The .expected file holds the message and a final newline. */
  g_assert_cmpstr (error->message, ==, g_strchomp (expected));
}

/* Problems of the three stages are never mixed: schema errors stop before the
 * semantic checks, so a file with both shows only the schema errors. */
static void
test_invalid_stages (void)
{
  static const char text[] =
    "<framework xmlns=\"" KH_FRAMEWORK_XML_NAMESPACE "\" id=\"x\" year=\"2020\" category=\"city\">\n"
    "  <title lang=\"en\">x</title>\n"
    "  <root id=\"total\">\n"
    "    <indicator id=\"a\" points=\"30\"><scoring method=\"minmax\" bogus=\"1\"/></indicator>\n"
    "  </root>\n"
    "</framework>\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_data (text, sizeof text - 1, "s.xml", &error);

  /* "    <indicator id=\"a\" points=\"30\">" is 4 + 30 = 34 characters: <scoring> at
   * column 35. The points (30 of 100) are wrong too, but that is a semantic problem. */
  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "s.xml:4:35: Element 'scoring', attribute 'bogus': The attribute 'bogus' is not allowed.");
}

/* A draft (unsaved edits kept in a recovery file) comes back with its semantic problems,
 * but a schema error still refuses it. */
static void
test_load_draft (void)
{
  static const char draft[] =
    "<framework xmlns=\"" KH_FRAMEWORK_XML_NAMESPACE "\" id=\"x\" year=\"2020\" category=\"city\">\n"
    "  <title lang=\"en\">x</title>\n"
    "  <root id=\"total\">\n"
    "    <indicator id=\"a\" points=\"30\"><scoring method=\"minmax\"/></indicator>\n"
    "  </root>\n"
    "</framework>\n";
  static const char broken[] =
    "<framework xmlns=\"" KH_FRAMEWORK_XML_NAMESPACE "\" id=\"x\" year=\"2020\" category=\"city\">\n"
    "  <title lang=\"en\">x</title>\n"
    "  <root id=\"total\">\n"
    "    <indicator id=\"a\" points=\"30\"><scoring method=\"minmax\" bogus=\"1\"/></indicator>\n"
    "  </root>\n"
    "</framework>\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) checked = NULL;
  g_autoptr (KhFramework) fw = NULL;
  KhNode *a;

  /* The root's one child has 30 of its 100 points: a semantic problem, refused… */
  checked = kh_framework_xml_load_data (draft, sizeof draft - 1, "d.xml", &error);
  g_assert_null (checked);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_clear_error (&error);
  /* …but a draft loads as it is. */
  fw = kh_framework_xml_load_draft (draft, sizeof draft - 1, "d.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fw);
  a = kh_framework_find_node (fw, "a");
  g_assert_nonnull (a);
  g_assert_cmpfloat (a->points, ==, 30.0);
  /* The schema still applies (same message as /framework-xml/invalid/stages). */
  g_assert_null (kh_framework_xml_load_draft (broken, sizeof broken - 1, "s.xml", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "s.xml:4:35: Element 'scoring', attribute 'bogus': The attribute 'bogus' is not allowed.");
}

/* --- semantic checks on models built in code ------------------------------------ */

static void
count_cb (gconstpointer object,
          const char   *message,
          gpointer      user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

static void
test_check_model (void)
{
  g_autoptr (KhFramework) fw = kh_framework_new ();
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  KhNode *a = kh_node_new (KH_NODE_INDICATOR, "a");
  KhNode *b = kh_node_new (KH_NODE_INDICATOR, "b");
  KhNode *c = kh_node_new (KH_NODE_INDICATOR, "c");

  fw->year = 2020;
  /* 50 + 30·1 + 20·1 = 100: the points add up. */
  a->points = 50;
  b->points = 30;
  c->points = 20;
  a->formula = g_strdup ("b / 2");
  b->formula = g_strdup ("growth(a) + c"); /* growth() of a is last year's: no cycle */
  c->formula = g_strdup ("prev(c) * 1.1");
  kh_node_append (fw->root, a);
  kh_node_append (fw->root, b);
  kh_node_append (fw->root, c);
  g_assert_cmpuint (kh_framework_check (fw, count_cb, messages), ==, 0);

  /* c → a → b → c is a cycle in the current year. */
  g_free (c->formula);
  c->formula = g_strdup ("a + 1");
  g_assert_cmpuint (kh_framework_check (fw, count_cb, messages), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==,
                   "formula of “a” is circular: a → b → c → a");

  /* 50 + 30 + 25 = 105 ≠ 100, and the cycle remains. */
  c->points = 25;
  g_assert_cmpuint (kh_framework_check (fw, NULL, NULL), ==, 2);
}

/* A cycle through 100000 formulas is found without deep recursion, and told short. */
static void
test_check_long_cycle (void)
{
  const guint n = 100000;
  g_autoptr (GString) text = g_string_new (
    "<framework xmlns=\"" KH_FRAMEWORK_XML_NAMESPACE "\" id=\"big\" year=\"2020\" category=\"city\">\n"
    "<title lang=\"en\">big</title>\n<root id=\"total\" aggregation=\"mean\">\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "<indicator id=\"i%u\"><formula>i%u + 1</formula>"
                            "<scoring method=\"minmax\"/></indicator>\n", i, (i + 1) % n);
  g_string_append (text, "</root>\n</framework>\n");

  fw = kh_framework_xml_load_data (text->str, text->len, "big.xml", &error);
  g_assert_null (fw);
  /* i0's formula is on line 4 after "<indicator id=\"i0\">" (19 characters): column 20. */
  g_assert_cmpstr (error->message, ==,
                   "big.xml:4:20: formula of “i0” is circular: "
                   "i0 → i1 → i2 → i3 → … → i99995 → i99996 → i99997 → i99998 → i99999 → i0");
}

/* --- bundled frameworks --------------------------------------------------------- */

static KhFramework *
load_bundled (const char *name)
{
  g_autofree char *path = source_path ("data", "frameworks", name, NULL);
  g_autoptr (GError) error = NULL;
  KhFramework *fw = kh_framework_xml_load_file (path, &error);

  g_assert_no_error (error);
  return fw;
}

/* Each bundled file is valid, canonical, and survives load → save → load and a copy. */
static void
test_bundled_round_trip (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = source_path ("data", "frameworks", name, NULL);
  g_autofree char *original = read_text (path, NULL);
  g_autoptr (KhFramework) fw = load_bundled (name);
  g_autoptr (KhFramework) again = NULL;
  g_autoptr (KhFramework) copy = NULL;
  g_autofree char *text = kh_framework_xml_to_string (fw);
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==, original);
  again = kh_framework_xml_load_data (text, strlen (text), name, &error);
  g_assert_no_error (error);
  text2 = kh_framework_xml_to_string (again);
  g_assert_cmpstr (text2, ==, text);
  copy = kh_framework_copy (again);
  text3 = kh_framework_xml_to_string (copy);
  g_assert_cmpstr (text3, ==, text);
  g_assert_nonnull (strstr (fw->description, "Demonstration framework, not the official"));
  g_assert_cmpint (fw->year, ==, atoi (name + strlen ("jiangsu-")));
}

static gboolean
collect_replaces_cb (KhNode  *node,
                     gpointer user_data)
{
  if (node->replaces != NULL)
    g_ptr_array_add (user_data, node);
  return TRUE;
}

/* Every `replaces` names a node of the previous year's framework of the same category
 * that this year's framework no longer has; nodes retired with `until` are gone. */
static void
test_bundled_continuity (void)
{
  static const char *categories[] = { "agency", "city", "county", "university" };
  guint n_replaced = 0;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    for (int year = 2019; year <= 2020; year++)
      {
        g_autofree char *prev_name = g_strdup_printf ("jiangsu-%d-%s.xml", year - 1, categories[i]);
        g_autofree char *name = g_strdup_printf ("jiangsu-%d-%s.xml", year, categories[i]);
        g_autoptr (KhFramework) prev = load_bundled (prev_name);
        g_autoptr (KhFramework) fw = load_bundled (name);
        g_autoptr (GPtrArray) replacing = g_ptr_array_new ();

        /* and every one passes the continuity check against last year's framework */
        g_assert_cmpuint (kh_framework_check_continuity (prev, fw, NULL, NULL), ==, 0);
        kh_framework_foreach_node (fw, collect_replaces_cb, replacing);
        for (guint j = 0; j < replacing->len; j++)
          {
            KhNode *node = g_ptr_array_index (replacing, j);
            KhNode *old = kh_framework_find_node (prev, node->replaces);

            g_assert_nonnull (old);
            g_assert_null (kh_framework_find_node (fw, node->replaces));
            g_assert_null (kh_framework_find_node (prev, node->id));
            g_assert_cmpint (old->until_year == 0 || old->until_year == year - 1, ==, TRUE);
            n_replaced++;
          }
      }
  /* city: high_tech_share (2019); agency: reform_delegation (2019). The 2020 indicators
   * of another unit of measure (revenue_per_capita, medical_beds_per_1000, gdp_per_capita,
   * research_growth) are admitted, not replacements: their predecessors retire in 2019. */
  g_assert_cmpuint (n_replaced, ==, 2);
}

/* The facts the sample project relies on. */
static void
test_bundled_facts (void)
{
  g_autoptr (KhFramework) city2019 = load_bundled ("jiangsu-2019-city.xml");
  g_autoptr (KhFramework) city2020 = load_bundled ("jiangsu-2020-city.xml");
  g_autoptr (KhFramework) agency2019 = load_bundled ("jiangsu-2019-agency.xml");
  g_autoptr (KhFramework) agency2020 = load_bundled ("jiangsu-2020-agency.xml");
  g_autoptr (KhFramework) university = load_bundled ("jiangsu-2020-university.xml");
  KhGroup *cities;
  KhAwardRule *award;
  KhQuotaRule *quota;
  KhConstraint *pm25;
  KhAdjustment *paperwork;

  /* 2019: party building multiplies the development score. */
  g_assert_cmpint (city2019->root->aggregation, ==, KH_AGG_COEFFICIENT);
  g_assert_true (kh_framework_find_node (city2019, "party")->coefficient);
  g_assert_cmpint (city2020->root->aggregation, ==, KH_AGG_SUM);
  g_assert_cmpint (kh_framework_find_node (city2020, "satisfaction")->kind, ==, KH_NODE_PAPER);

  /* Cities: one group, 5 first-tier cities in 2019 and 2020; 争先进位奖 for the
   * largest advance within tiers 2–3; the 321 quota for counties. */
  g_assert_cmpuint (city2019->groups->len, ==, 1);
  cities = g_ptr_array_index (city2019->groups, 0);
  g_assert_cmpfloat (g_array_index (cities->tiers.values, double, 0), ==, 5);
  /* The "321" rule applied from 2020, not before. */
  g_assert_cmpuint (cities->quotas->len, ==, 0);
  cities = g_ptr_array_index (city2020->groups, 0);
  g_assert_cmpint (cities->tiers.mode, ==, KH_TIER_BY_COUNT);
  g_assert_cmpfloat (g_array_index (cities->tiers.values, double, 0), ==, 5);
  award = g_ptr_array_index (cities->awards, 0);
  g_assert_cmpstr (award->name.zh_CN, ==, "争先进位奖");
  g_assert_true (award->most);
  g_assert_cmpint (award->min_tier, ==, 2);
  quota = g_ptr_array_index (cities->quotas, 0);
  g_assert_cmpstr (quota->target_category, ==, "county");
  g_assert_cmpint (g_array_index (quota->counts, int, 0), ==, 3);
  g_assert_cmpint (g_array_index (quota->counts, int, 1), ==, 2);
  g_assert_cmpint (g_array_index (quota->counts, int, 2), ==, 1);
  /* Taken from the county ranking, counties of the first two tiers only. */
  g_assert_cmpint (quota->select, ==, KH_QUOTA_SELECT_RANK);
  g_assert_cmpint (quota->max_tier, ==, 2);

  /* PM2.5 binding target: 40 µg/m³ in 2020, capping the tier at 2. */
  pm25 = g_ptr_array_index (city2020->constraints, 0);
  g_assert_cmpstr (pm25->input, ==, "pm25");
  g_assert_cmpfloat (pm25->target, ==, 40);
  g_assert_cmpint (pm25->consequence, ==, KH_CONSEQUENCE_CAP_TIER);
  g_assert_cmpfloat (pm25->amount, ==, 2);

  /* More per-capita indicators in 2020, computed by formulas. */
  g_assert_cmpstr (kh_framework_find_node (city2020, "gdp_per_capita")->formula, ==, "gdp / population");
  g_assert_null (kh_framework_find_node (city2019, "gdp_per_capita"));
  g_assert_cmpstr (kh_framework_find_node (university, "research_growth")->formula, ==,
                   "growth(research_funding)");

  /* Agencies: several groups; the two items admitted in 2020; the paperwork deduction. */
  g_assert_cmpuint (agency2020->groups->len, ==, 5);
  g_assert_cmpstr (kh_framework_find_node (agency2020, "safety_supervision")->name.zh_CN, ==,
                   "履行安全生产监管职责情况");
  g_assert_cmpstr (kh_framework_find_node (agency2020, "deep_reform_tasks")->name.zh_CN, ==,
                   "省委深改委工作要点完成情况");
  g_assert_null (kh_framework_find_node (agency2019, "safety_supervision"));
  paperwork = g_ptr_array_index (agency2020->adjustments, 1);
  g_assert_cmpint (paperwork->kind, ==, KH_ADJUST_DEDUCTION);
  g_assert_cmpstr (paperwork->name.zh_CN, ==, "随意索要台账资料、计划外考核");
  g_assert_cmpuint (university->groups->len, ==, 4);
}

/* --- writer --------------------------------------------------------------------- */

/* Text that needs escaping survives save and load; the save leaves no temporary file. */
static void
test_save_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = load_bundled ("jiangsu-2020-city.xml");
  g_autoptr (KhFramework) back = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-fw-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.xml", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GDir) listing = NULL;
  KhNode *node = kh_framework_find_node (fw, "gdp_growth");

  g_assert_no_error (error);
  g_free (node->unit_of_measure);
  node->unit_of_measure = g_strdup ("a\tb\nc \"<&>' d");
  g_free (node->description);
  node->description = g_strdup ("  leading & trailing  \nsecond line ]]> ");
  before = kh_framework_xml_to_string (fw);

  g_assert_true (kh_framework_xml_save_file (fw, path, &error));
  g_assert_no_error (error);
  back = kh_framework_xml_load_file (path, &error);
  g_assert_no_error (error);
  node = kh_framework_find_node (back, "gdp_growth");
  g_assert_cmpstr (node->unit_of_measure, ==, "a\tb\nc \"<&>' d");
  g_assert_cmpstr (node->description, ==, "  leading & trailing  \nsecond line ]]> ");
  after = kh_framework_xml_to_string (back);
  g_assert_cmpstr (after, ==, before);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "out.xml");
  g_assert_null (g_dir_read_name (listing));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A failed save reports the path and leaves nothing behind. */
static void
test_save_file_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = load_bundled ("jiangsu-2018-county.xml");

  g_assert_false (kh_framework_xml_save_file (fw, "/nonexistent-dir/out.xml", &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/out.xml"));
}

/* The embedded schema is the one in data/schema/. */
static void
test_schema_embedded (void)
{
  g_autoptr (GBytes) bytes = kh_framework_xml_get_schema ();
  g_autofree char *path = source_path ("data", "schema", "kaohe-framework.xsd", NULL);
  gsize len = 0;
  g_autofree char *file = read_text (path, &len);

  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, len);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), len, file, len);
}

/* A missing file is an error naming it, not a crash. */
static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_file ("/nonexistent/fw.xml", &error);

  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/fw.xml: "));
}

/* Devices and pipes are refused without reading: /dev/zero would never end. */
static void
test_not_regular_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_file ("/dev/zero", &error);

  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "/dev/zero: not a regular file");
}

/* A file over the size limit is refused before it is read (a sparse 65 MiB file). */
static void
test_oversized_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-big-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "big.xml", NULL);
  g_autofree char *expected = g_strdup_printf ("%s: the document is larger than 64 MiB", path);
  g_autoptr (KhFramework) fw = NULL;
  FILE *f;

  g_assert_no_error (error);
  f = fopen (path, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, 65L * 1024 * 1024, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('<', f), ==, '<');
  g_assert_cmpint (fclose (f), ==, 0);

  fw = kh_framework_xml_load_file (path, &error);
  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framework-xml/valid/full", test_valid_full);
  g_test_add_func ("/framework-xml/valid/canonical", test_valid_canonical);
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/framework-xml/invalid/%s", invalid_cases[i].name);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }
  g_test_add_func ("/framework-xml/invalid/stages", test_invalid_stages);
  g_test_add_func ("/framework-xml/draft", test_load_draft);
  g_test_add_func ("/framework-xml/check/model", test_check_model);
  g_test_add_func ("/framework-xml/check/long-cycle", test_check_long_cycle);
  for (guint i = 0; i < G_N_ELEMENTS (bundled); i++)
    {
      g_autofree char *path = g_strdup_printf ("/framework-xml/bundled/%s", bundled[i]);

      g_test_add_data_func (path, bundled[i], test_bundled_round_trip);
    }
  g_test_add_func ("/framework-xml/bundled/continuity", test_bundled_continuity);
  g_test_add_func ("/framework-xml/bundled/facts", test_bundled_facts);
  g_test_add_func ("/framework-xml/save", test_save_file);
  g_test_add_func ("/framework-xml/save-error", test_save_file_error);
  g_test_add_func ("/framework-xml/schema-embedded", test_schema_embedded);
  g_test_add_func ("/framework-xml/missing-file", test_missing_file);
  g_test_add_func ("/framework-xml/not-regular-file", test_not_regular_file);
  g_test_add_func ("/framework-xml/oversized-file", test_oversized_file);
  return g_test_run ();
}
