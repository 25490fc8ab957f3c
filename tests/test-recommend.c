/* test-recommend.c — the "321" workflow on hand-made cities and counties: quotas by tier,
 * selection by the county ranking (ties at the cut), entered lists and their checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/kh-recommend.h"
#include "kh-test-engine.h"

typedef struct
{
  KhPlan *cities;
  KhPlan *counties;
  GHashTable *parent_of;
} Fixture;

static KhGroup *
group_add (KhFramework  *fw,
           const char   *id,
           KhTierMode    mode,
           const double *values)
{
  KhGroup *group = kh_group_new (id);

  group->tiers.mode = mode;
  group->tiers.n_tiers = 3;
  for (int i = 0; i < 2; i++)
    g_array_append_val (group->tiers.values, values[i]);
  g_ptr_array_add (fw->groups, group);
  return group;
}

static KhDataset *
dataset_new (const char *const *ids,
             const char *const *fields,
             const double      *values)
{
  KhDataset *ds = kh_dataset_new (2020);
  guint n_units = g_strv_length ((char **) ids);
  guint n_fields = g_strv_length ((char **) fields);

  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *name = g_strdup_printf ("%s-name", ids[u]);

      kh_dataset_add_unit (ds, ids[u], name, NULL);
    }
  for (guint f = 0; f < n_fields; f++)
    {
      guint index = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (ds, u, index, values[u * n_fields + f]);
    }
  return ds;
}

/* Cities A 90, B 80, C 70, D 60, tiers by count 1, 1, rest: A first tier (quota 3), B
 * second (2), C and D third (1). Counties scored by x, tiers by threshold 80, 60;
 * safety < 1 vetoes:
 *   a1 95 (rank 1), b1 90 (2), c1 88 and c2 88 (3, 3), a2 85 (5), a3 75 (6),
 *   b2 70 (7, vetoed), a4 65 (8), d2 62 (9), b3 55 (10, third tier), d1 no data (no rank).
 * The quota's select and max_tier are set by each test. */
static void
fixture_set_up (Fixture *f,
                KhQuotaSelect select)
{
  g_autoptr (KhFramework) city_fw = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (KhFramework) county_fw = kh_test_framework_new (2020, KH_AGG_SUM);
  static const char *const city_ids[] = { "A", "B", "C", "D", NULL };
  static const char *const county_ids[] = { "a1", "a2", "a3", "a4", "b1", "b2", "b3",
                                            "c1", "c2", "d1", "d2", NULL };
  static const char *const parents[] = { "A", "A", "A", "A", "B", "B", "B", "C", "C", "D", "D" };
  static const char *const city_fields[] = { "x", NULL };
  static const char *const county_fields[] = { "x", "safety", NULL };
  const double city_x[] = { 90, 80, 70, 60 };
  const double county_x[] = {
    95, 1, 85, 1, 75, 1, 65, 1, /* a1 … a4 */
    90, 1, 70, 0, 55, 1,        /* b1, b2 (vetoed), b3 */
    88, 1, 88, 1,               /* c1, c2: a tie */
    NAN, 1, 62, 1,              /* d1 (no data), d2 */
  };
  const double by_count[] = { 1, 1 };
  const double by_threshold[] = { 80, 60 };
  g_autoptr (KhDataset) city_ds = dataset_new (city_ids, city_fields, city_x);
  g_autoptr (KhDataset) county_ds = dataset_new (county_ids, county_fields, county_x);
  KhGroup *cities = group_add (city_fw, "cities", KH_TIER_BY_COUNT, by_count);
  KhQuotaRule *quota = kh_quota_rule_new ("q321");
  KhConstraint *veto = kh_constraint_new ("safety");
  const int counts[] = { 3, 2, 1 };

  city_fw->category = g_strdup ("city");
  county_fw->category = g_strdup ("county");
  kh_test_add_linear (city_fw->root, "x", 100);
  kh_test_add_linear (county_fw->root, "x", 100);
  quota->target_category = g_strdup ("county");
  g_array_append_vals (quota->counts, counts, 3);
  quota->select = select;
  quota->max_tier = 2;
  g_ptr_array_add (cities->quotas, quota);
  group_add (county_fw, "counties", KH_TIER_BY_THRESHOLD, by_threshold);
  veto->sense = KH_CONSTRAINT_AT_LEAST;
  veto->target = 1;
  veto->consequence = KH_CONSEQUENCE_VETO;
  g_ptr_array_add (county_fw->constraints, veto);

  f->cities = kh_test_plan_compute (city_fw, city_ds, NULL);
  f->counties = kh_test_plan_compute (county_fw, county_ds, NULL);
  f->parent_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; county_ids[i] != NULL; i++)
    g_hash_table_insert (f->parent_of, (char *) county_ids[i], (char *) parents[i]);

  /* The fixture is what the comment above says. */
  g_assert_cmpint (kh_plan_get_tier (f->cities, 0), ==, 1);
  g_assert_cmpint (kh_plan_get_tier (f->cities, 1), ==, 2);
  g_assert_cmpint (kh_plan_get_tier (f->cities, 3), ==, 3);
  g_assert_cmpint (kh_plan_get_rank (f->counties, 7), ==, 3);
  g_assert_cmpint (kh_plan_get_rank (f->counties, 8), ==, 3);
  g_assert_true (kh_plan_get_vetoed (f->counties, 5));
  g_assert_cmpint (kh_plan_get_tier (f->counties, 6), ==, 3);
  g_assert_cmpint (kh_plan_get_rank (f->counties, 9), ==, 0);
}

static void
fixture_tear_down (Fixture *f)
{
  kh_plan_unref (f->cities);
  kh_plan_unref (f->counties);
  g_hash_table_unref (f->parent_of);
}

static KhRecommender *
find_parent (KhRecommendation *r,
             const char       *id)
{
  for (guint i = 0; i < r->parents->len; i++)
    if (g_strcmp0 (((KhRecommender *) r->parents->pdata[i])->unit_id, id) == 0)
      return r->parents->pdata[i];
  g_assert_not_reached ();
}

/* "id:status id:status …" of a parent's list, or the ids of a list of recommended. */
static char *
list_text (GPtrArray *units,
           gboolean   with_status)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < units->len; i++)
    {
      const KhRecommended *item = units->pdata[i];

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, item->unit_id);
      if (with_status)
        g_string_append_printf (out, ":%d", item->status);
    }
  return g_string_free (out, FALSE);
}

static void
assert_list (GPtrArray  *units,
             gboolean    with_status,
             const char *expected)
{
  g_autofree char *text = list_text (units, with_status);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_by_rank (void)
{
  Fixture f;
  g_autoptr (KhRecommendation) r = NULL;
  KhRecommender *a, *b, *c, *d;

  fixture_set_up (&f, KH_QUOTA_SELECT_RANK);
  r = kh_recommend (f.cities, "q321", f.counties, f.parent_of, NULL, KH_LANG_ZH_CN);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->target_category, ==, "county");
  /* Parents by rank: A B C D; quotas 3 2 1 1 from their tiers 1 2 3 3. */
  g_assert_cmpuint (r->parents->len, ==, 4);
  a = r->parents->pdata[0];
  b = r->parents->pdata[1];
  c = r->parents->pdata[2];
  d = r->parents->pdata[3];
  g_assert_cmpstr (a->unit_id, ==, "A");
  g_assert_cmpstr (d->unit_id, ==, "D");
  g_assert_cmpint (a->quota, ==, 3);
  g_assert_cmpint (b->quota, ==, 2);
  g_assert_cmpint (c->quota, ==, 1);
  g_assert_cmpint (d->quota, ==, 1);
  g_assert_cmpstr (a->tier_name, ==, "第一等次");
  g_assert_false (a->entered);

  /* A: its four counties are all eligible (tiers 1, 1, 2, 2): the best three. */
  assert_list (a->units, FALSE, "a1 a2 a3");
  /* B: b2 is vetoed and b3 in the third tier (max-tier 2): b1 only, under its quota of 2. */
  assert_list (b->units, FALSE, "b1");
  /* C: c1 and c2 share rank 3 at the cut of a quota of 1: neither is taken, both tied. */
  assert_list (c->units, FALSE, "");
  assert_list (c->tied, FALSE, "c1 c2");
  /* D: d1 has no rank: d2. */
  assert_list (d->units, FALSE, "d2");
  g_assert_cmpuint (a->tied->len + b->tied->len + d->tied->len, ==, 0);

  /* The 先进县 by county rank: a1 1, b1 2, a2 5, a3 6, d2 9. */
  assert_list (r->advanced, FALSE, "a1 b1 a2 a3 d2");
  g_assert_cmpstr (((KhRecommended *) r->advanced->pdata[1])->parent_name, ==, "B-name");
  g_assert_cmpstr (((KhRecommended *) r->advanced->pdata[1])->name, ==, "b1-name");
  g_assert_cmpint (((KhRecommended *) r->advanced->pdata[4])->rank, ==, 9);

  g_assert_null (kh_recommend (f.cities, "no-such-rule", f.counties, f.parent_of, NULL,
                               KH_LANG_EN));
  fixture_tear_down (&f);
}

/* A tie inside the quota is no problem: with a quota of 3, C would take both. */
static void
test_tie_inside_quota (void)
{
  Fixture f;
  g_autoptr (KhRecommendation) r = NULL;
  KhQuotaRule *rule;

  fixture_set_up (&f, KH_QUOTA_SELECT_RANK);
  rule = ((KhGroup *) kh_plan_get_framework (f.cities)->groups->pdata[0])->quotas->pdata[0];
  g_array_index (rule->counts, int, 2) = 2; /* third tier: 2 */
  r = kh_recommend (f.cities, "q321", f.counties, f.parent_of, NULL, KH_LANG_EN);
  assert_list (find_parent (r, "C")->units, FALSE, "c1 c2");
  assert_list (find_parent (r, "C")->tied, FALSE, "");
  /* D's quota 2 too: d2 only (d1 is not ranked). */
  assert_list (find_parent (r, "D")->units, FALSE, "d2");
  fixture_tear_down (&f);
}

/* Without max-tier, b3 (third tier) becomes eligible; with select none nothing is
 * chosen. */
static void
test_max_tier_and_none (void)
{
  Fixture f;
  KhQuotaRule *rule;

  fixture_set_up (&f, KH_QUOTA_SELECT_RANK);
  rule = ((KhGroup *) kh_plan_get_framework (f.cities)->groups->pdata[0])->quotas->pdata[0];
  rule->max_tier = 0;
  {
    g_autoptr (KhRecommendation) r = kh_recommend (f.cities, "q321", f.counties, f.parent_of,
                                                   NULL, KH_LANG_EN);

    assert_list (find_parent (r, "B")->units, FALSE, "b1 b3");
  }
  rule->select = KH_QUOTA_SELECT_NONE;
  {
    g_autoptr (KhRecommendation) r = kh_recommend (f.cities, "q321", f.counties, f.parent_of,
                                                   NULL, KH_LANG_EN);

    g_assert_cmpuint (r->parents->len, ==, 4);
    g_assert_cmpint (find_parent (r, "A")->quota, ==, 3);
    assert_list (find_parent (r, "A")->units, FALSE, "");
    g_assert_cmpuint (r->advanced->len, ==, 0);
  }
  fixture_tear_down (&f);
}

static void
add_entered (GHashTable *entered,
             const char *parent,
             const char *ids)
{
  g_auto (GStrv) split = g_strsplit (ids, " ", -1);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; split[i] != NULL; i++)
    if (split[i][0] != '\0')
      g_ptr_array_add (list, g_strdup (split[i]));
  g_hash_table_insert (entered, g_strdup (parent), list);
}

static void
test_entered_checks (void)
{
  Fixture f;
  g_autoptr (KhRecommendation) r = NULL;
  g_autoptr (GHashTable) entered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  KhRecommender *a, *b, *d;
  g_autofree char *other = NULL, *unknown = NULL, *over = NULL, *vetoed = NULL, *tier = NULL,
                  *twice = NULL, *unranked = NULL, *accepted = NULL;

  fixture_set_up (&f, KH_QUOTA_SELECT_RANK);
  /* A (quota 3): a4 ok, b1 is B's, zz no such county, a1 ok, a2 ok, a3 over the quota. */
  add_entered (entered, "A", "a4 b1 zz a1 a2 a3");
  /* B (quota 2): b2 vetoed, b3 third tier, a1 already A's, b1 ok. */
  add_entered (entered, "B", "b2 b3 a1 b1");
  /* D: d1 not ranked; D entered a list, so the rule does not add d2. */
  add_entered (entered, "D", "d1");
  /* C entered nothing: the rule, which leaves the tie c1 = c2 out. */
  r = kh_recommend (f.cities, "q321", f.counties, f.parent_of, entered, KH_LANG_EN);
  a = find_parent (r, "A");
  b = find_parent (r, "B");
  d = find_parent (r, "D");
  g_assert_true (a->entered);
  g_assert_false (find_parent (r, "C")->entered);

  /* Statuses: 0 accepted, 1 unknown, 2 duplicate, 3 other parent, 4 not ranked,
   * 5 vetoed, 6 tier, 7 over quota. */
  g_assert_cmpint (KH_RECOMMEND_OVER_QUOTA, ==, 7);
  assert_list (a->units, TRUE, "a4:0 b1:3 zz:1 a1:0 a2:0 a3:7");
  assert_list (b->units, TRUE, "b2:5 b3:6 a1:2 b1:0");
  assert_list (d->units, TRUE, "d1:4");
  assert_list (find_parent (r, "C")->tied, FALSE, "c1 c2");
  /* Accepted: a4 (rank 8), a1 (1), a2 (5), b1 (2) → by rank a1 b1 a2 a4. */
  assert_list (r->advanced, FALSE, "a1 b1 a2 a4");

  accepted = kh_recommend_describe (a, a->units->pdata[0]);
  other = kh_recommend_describe (a, a->units->pdata[1]);
  unknown = kh_recommend_describe (a, a->units->pdata[2]);
  over = kh_recommend_describe (a, a->units->pdata[5]);
  vetoed = kh_recommend_describe (b, b->units->pdata[0]);
  tier = kh_recommend_describe (b, b->units->pdata[1]);
  twice = kh_recommend_describe (b, b->units->pdata[2]);
  unranked = kh_recommend_describe (d, d->units->pdata[0]);
  g_assert_cmpstr (accepted, ==, "");
  g_assert_cmpstr (other, ==, "belongs to B-name");
  g_assert_cmpstr (unknown, ==, "no unit “zz” this year");
  g_assert_cmpstr (over, ==, "over the quota of 3");
  g_assert_cmpstr (vetoed, ==, "not eligible: vetoed");
  g_assert_cmpstr (tier, ==, "not eligible: Tier 3, only up to Tier 2");
  g_assert_cmpstr (twice, ==, "recommended twice");
  g_assert_cmpstr (unranked, ==, "not eligible: not ranked this year");
  fixture_tear_down (&f);
}

/* A city without a tier has no quota: everything it enters is over the quota. */
static void
test_no_tier_no_quota (void)
{
  Fixture f;
  g_autoptr (KhRecommendation) r = NULL;
  g_autoptr (GHashTable) entered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  KhGroup *group;

  fixture_set_up (&f, KH_QUOTA_SELECT_RANK);
  /* Two counts only: the third tier (C, D) falls outside the rule. */
  group = kh_plan_get_framework (f.cities)->groups->pdata[0];
  g_array_set_size (((KhQuotaRule *) group->quotas->pdata[0])->counts, 2);
  add_entered (entered, "C", "c1");
  r = kh_recommend (f.cities, "q321", f.counties, f.parent_of, entered, KH_LANG_EN);
  g_assert_cmpint (find_parent (r, "C")->quota, ==, 0);
  assert_list (find_parent (r, "C")->units, TRUE, "c1:7");
  assert_list (find_parent (r, "D")->units, FALSE, "");
  assert_list (r->advanced, FALSE, "a1 b1 a2 a3");
  fixture_tear_down (&f);
}

static void
test_quota_ids (void)
{
  g_autoptr (KhFramework) fw = kh_framework_new ();
  KhGroup *g1 = kh_group_new ("g1");
  KhGroup *g2 = kh_group_new ("g2");
  g_autoptr (GPtrArray) ids = NULL;

  g_ptr_array_add (g1->quotas, kh_quota_rule_new ("q1"));
  g_ptr_array_add (g2->quotas, kh_quota_rule_new ("q1"));
  g_ptr_array_add (g2->quotas, kh_quota_rule_new ("q2"));
  g_ptr_array_add (fw->groups, g1);
  g_ptr_array_add (fw->groups, g2);
  ids = kh_recommend_quota_ids (fw);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, "q1");
  g_assert_cmpstr (ids->pdata[1], ==, "q2");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recommend/by-rank", test_by_rank);
  g_test_add_func ("/recommend/tie-inside-quota", test_tie_inside_quota);
  g_test_add_func ("/recommend/max-tier-and-none", test_max_tier_and_none);
  g_test_add_func ("/recommend/entered-checks", test_entered_checks);
  g_test_add_func ("/recommend/no-tier-no-quota", test_no_tier_no_quota);
  g_test_add_func ("/recommend/quota-ids", test_quota_ids);
  return g_test_run ();
}
