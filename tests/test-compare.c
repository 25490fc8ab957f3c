/* test-compare.c — like-for-like comparison and peer-relative attribution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 2019: root sum 100 of a (50) and b (50); 2020: a re-weighted to 60 points, b retired,
 * c (40) admitted (missing: zero). Indicators are linear: score = P · x / 100.
 *   2019 data  U1 a 80, b 60 → 40 + 30 = 70 (rank 2); U2 a 60, b 90 → 30 + 45 = 75 (1).
 *   2020 data  U1 a 90, c 50 → 54 + 20 = 74 (rank 1); U2 a 70, c 60 → 42 + 24 = 66 (2).
 *   2019 data under the 2020 framework: c was not measured in 2019, so it applies to
 *   nobody and the root re-weights a: U1 a 80 → 48·100/60 = 80; U2 a 60 → 36·100/60 = 60.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-compare.h"
#include "kh-test-engine.h"

#define EPS 1e-9

typedef struct
{
  KhFramework *fw19, *fw20;
  KhDataset *ds19, *ds20;
  KhPlan *prev, *plan, *like;
} Years;

static void
years_init (Years *y)
{
  const char *f19[] = { "a", "b", NULL };
  const double x19[] = { 80, 60, 60, 90 };
  const char *f20[] = { "a", "c", NULL };
  const double x20[] = { 90, 50, 70, 60 };
  g_autoptr (GError) error = NULL;

  y->fw19 = kh_test_framework_new (2019, KH_AGG_SUM);
  kh_test_add_linear (y->fw19->root, "a", 50);
  kh_test_add_linear (y->fw19->root, "b", 50);
  y->fw20 = kh_test_framework_new (2020, KH_AGG_SUM);
  kh_test_add_linear (y->fw20->root, "a", 60);
  kh_test_add_linear (y->fw20->root, "c", 40)->missing = KH_MISSING_ZERO;
  y->ds19 = kh_test_dataset_new (2019, 2, f19, x19);
  y->ds20 = kh_test_dataset_new (2020, 2, f20, x20);
  y->prev = kh_test_plan_compute (y->fw19, y->ds19, NULL);
  y->plan = kh_test_plan_compute (y->fw20, y->ds20, y->prev);
  y->like = kh_plan_new_like_for_like (y->fw20, y->prev, &error);
  g_assert_no_error (error);
  kh_plan_compute (y->like);
}

static void
years_clear (Years *y)
{
  kh_plan_unref (y->like);
  kh_plan_unref (y->plan);
  kh_plan_unref (y->prev);
  kh_dataset_unref (y->ds20);
  kh_dataset_unref (y->ds19);
  kh_framework_unref (y->fw20);
  kh_framework_unref (y->fw19);
}

static void
test_diff (void)
{
  Years y;
  g_autoptr (GArray) changes = NULL;
  const KhFrameworkChange *c;

  years_init (&y);
  /* a re-weighted (50 → 60 points), c admitted, b retired */
  changes = kh_framework_diff (y.fw19, y.fw20);
  g_assert_cmpuint (changes->len, ==, 3);
  c = &g_array_index (changes, KhFrameworkChange, 0);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_REWEIGHTED);
  g_assert_cmpstr (c->node->id, ==, "a");
  g_assert_cmpfloat (c->old->points, ==, 50);
  c = &g_array_index (changes, KhFrameworkChange, 1);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_ADMITTED);
  g_assert_cmpstr (c->node->id, ==, "c");
  c = &g_array_index (changes, KhFrameworkChange, 2);
  g_assert_cmpint (c->kind, ==, KH_FRAMEWORK_RETIRED);
  g_assert_cmpstr (c->old->id, ==, "b");
  years_clear (&y);
}

static void
test_like_for_like (void)
{
  Years y;
  g_autoptr (KhComparison) cmp = NULL;
  double change, framework, performance;

  years_init (&y);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (y.like, 0), 80, EPS);
  g_assert_cmpfloat_with_epsilon (kh_plan_get_total (y.like, 1), 60, EPS);

  cmp = kh_comparison_new (y.plan, y.like);
  /* U1: 74 − 70 = +4 = framework 80 − 70 = +10 + performance 74 − 80 = −6 */
  g_assert_true (kh_comparison_get_change (cmp, 0, &change, &framework, &performance));
  g_assert_cmpfloat_with_epsilon (change, 4, EPS);
  g_assert_cmpfloat_with_epsilon (framework, 10, EPS);
  g_assert_cmpfloat_with_epsilon (performance, -6, EPS);
  /* U2: 66 − 75 = −9 = framework 60 − 75 = −15 + performance 66 − 60 = +6 */
  g_assert_true (kh_comparison_get_change (cmp, 1, &change, &framework, &performance));
  g_assert_cmpfloat_with_epsilon (change, -9, EPS);
  g_assert_cmpfloat_with_epsilon (framework, -15, EPS);
  g_assert_cmpfloat_with_epsilon (performance, 6, EPS);
  years_clear (&y);
}

static void
test_attribution (void)
{
  Years y;
  g_autoptr (KhComparison) cmp = NULL;
  g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
  double parts[3], adjustments, framework, gap;

  years_init (&y);
  cmp = kh_comparison_new (y.plan, y.like);
  /* U1 was 2nd, is 1st: it passed U2 */
  kh_comparison_get_overtakes (cmp, 0, passed, passed_by);
  g_assert_cmpuint (passed->len, ==, 1);
  g_assert_cmpuint (g_array_index (passed, guint, 0), ==, 1);
  g_assert_cmpuint (passed_by->len, ==, 0);
  g_array_set_size (passed, 0);
  kh_comparison_get_overtakes (cmp, 1, passed, passed_by);
  g_assert_cmpuint (passed->len, ==, 0);
  g_assert_cmpuint (passed_by->len, ==, 1);

  /* gap U1 − U2: 2020 74 − 66 = 8; 2019 70 − 75 = −5; change +13 =
   *   framework (80 − 60) − (−5) = +25
   *   like-for-like contributions: a 80 and 60, c 0 (not applicable)
   *   a: (54 − 42) − (80 − 60) = −8;  c: (20 − 24) − (0 − 0) = −4;  root: 8 − 20 = −12
   *   adjustments 0.  −12 + 0 + 25 = 13. */
  g_assert_true (kh_comparison_attribute_gap (cmp, 0, 1, parts, &adjustments, &framework, &gap));
  g_assert_cmpfloat_with_epsilon (gap, 13, EPS);
  g_assert_cmpfloat_with_epsilon (framework, 25, EPS);
  g_assert_cmpfloat_with_epsilon (adjustments, 0, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (y.plan, "a")], -8, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (y.plan, "c")], -4, EPS);
  g_assert_cmpfloat_with_epsilon (parts[0], -12, EPS);
  g_assert_cmpfloat_with_epsilon (parts[0] + adjustments + framework, gap, EPS);
  years_clear (&y);
}

static void
test_same_framework (void)
{
  /* Both years under the 2020 framework: no framework effect. 2019 data a 80, c 50 for
   * U1 → 48 + 20 = 68; a 60, c 70 for U2 → 36 + 28 = 64. 2020 as above: 74, 66.
   * Gap change (74 − 66) − (68 − 64) = 4 = a (54 − 42) − (48 − 36) = 0
   * + c (20 − 24) − (20 − 28) = +4. */
  const char *fields[] = { "a", "c", NULL };
  const double x19[] = { 80, 50, 60, 70 };
  const double x20[] = { 90, 50, 70, 60 };
  g_autoptr (KhFramework) fw = kh_test_framework_new (2020, KH_AGG_SUM);
  g_autoptr (KhDataset) ds19 = kh_test_dataset_new (2019, 2, fields, x19);
  g_autoptr (KhDataset) ds20 = kh_test_dataset_new (2020, 2, fields, x20);
  g_autoptr (KhPlan) prev = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  double parts[3], adjustments, framework, gap, change, fx, perf;

  kh_test_add_linear (fw->root, "a", 60);
  kh_test_add_linear (fw->root, "c", 40);
  prev = kh_test_plan_compute (fw, ds19, NULL);
  plan = kh_test_plan_compute (fw, ds20, prev);
  cmp = kh_comparison_new (plan, NULL);
  g_assert_true (kh_comparison_get_change (cmp, 0, &change, &fx, &perf));
  g_assert_cmpfloat_with_epsilon (change, 6, EPS);
  g_assert_cmpfloat (fx, ==, 0);
  g_assert_true (kh_comparison_attribute_gap (cmp, 0, 1, parts, &adjustments, &framework, &gap));
  g_assert_cmpfloat_with_epsilon (gap, 4, EPS);
  g_assert_cmpfloat (framework, ==, 0);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (plan, "a")], 0, EPS);
  g_assert_cmpfloat_with_epsilon (parts[kh_test_node (plan, "c")], 4, EPS);
}

/* ---- every unit's overtakes at once ------------------------------------------------- */

typedef struct
{
  const char *id;
  const char *group;
  double value;
  const char *preds; /* space-separated predecessors; NULL: itself; "": none (a new unit) */
} Row;

/* One indicator, goalposts 0–100 with 100 points: a unit's total is its value. */
static KhFramework *
groups_framework_new (int year)
{
  KhFramework *fw = kh_framework_new ();
  KhNode *a = kh_node_new (KH_NODE_INDICATOR, "a");

  fw->id = g_strdup_printf ("test-%d", year);
  fw->year = year;
  fw->merged_rank = KH_MERGED_BEST;
  a->points = 100;
  a->scoring.method = KH_METHOD_GOALPOSTS;
  a->scoring.lo = 0;
  a->scoring.hi = 100;
  kh_node_append (fw->root, a);
  g_ptr_array_add (fw->groups, kh_group_new ("g"));
  g_ptr_array_add (fw->groups, kh_group_new ("h"));
  g_ptr_array_add (fw->groups, kh_group_new ("k"));
  return fw;
}

static KhDataset *
groups_dataset_new (int        year,
                    const Row *rows,
                    guint      n)
{
  KhDataset *ds = kh_dataset_new (year);
  guint field;

  for (guint i = 0; i < n; i++)
    kh_dataset_add_unit (ds, rows[i].id, NULL, rows[i].group);
  field = kh_dataset_add_field (ds, "a");
  for (guint i = 0; i < n; i++)
    {
      kh_dataset_set (ds, i, field, rows[i].value);
      if (rows[i].preds != NULL)
        {
          g_auto (GStrv) ids = g_strsplit (rows[i].preds, " ", -1);

          kh_dataset_set_unit_predecessors (ds, i, (const char *const *) ids);
        }
    }
  return ds;
}

static KhPlan *
groups_plan_new (const Row *then,
                 guint      n_then,
                 const Row *now,
                 guint      n_now)
{
  g_autoptr (KhFramework) fw_then = groups_framework_new (2019);
  g_autoptr (KhFramework) fw_now = groups_framework_new (2020);
  g_autoptr (KhDataset) ds_then = groups_dataset_new (2019, then, n_then);
  g_autoptr (KhDataset) ds_now = groups_dataset_new (2020, now, n_now);
  g_autoptr (KhPlan) prev = kh_test_plan_compute (fw_then, ds_then, NULL);

  return kh_test_plan_compute (fw_now, ds_now, prev);
}

/* kh_comparison_get_all_overtakes (@limit) lists of every unit the first @limit units of
 * kh_comparison_get_overtakes()'s lists, in its order, and counts them all. */
static void
assert_all_agree (KhComparison *cmp,
                  KhPlan       *plan,
                  guint         limit)
{
  g_autoptr (KhOvertakes) all = kh_comparison_get_all_overtakes (cmp, limit);

  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) all_passed = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) all_passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
      guint n_passed = 77, n_passed_by = 77;

      kh_comparison_get_overtakes (cmp, u, passed, passed_by);
      kh_overtakes_get (all, u, all_passed, all_passed_by, &n_passed, &n_passed_by);
      g_assert_cmpuint (n_passed, ==, passed->len);
      g_assert_cmpuint (n_passed_by, ==, passed_by->len);
      g_assert_cmpuint (all_passed->len, ==, MIN (limit, passed->len));
      g_assert_cmpuint (all_passed_by->len, ==, MIN (limit, passed_by->len));
      g_assert_cmpmem (all_passed->data, all_passed->len * sizeof (guint), passed->data,
                       all_passed->len * sizeof (guint));
      g_assert_cmpmem (all_passed_by->data, all_passed_by->len * sizeof (guint), passed_by->data,
                       all_passed_by->len * sizeof (guint));
    }
}

/* The ids of @units, space-separated ("G D C"). */
static char *
ids_of (KhPlan *plan,
        GArray *units)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < units->len; i++)
    g_ptr_array_add (ids, (gpointer) kh_dataset_get_unit_id (kh_plan_get_dataset (plan),
                                                             g_array_index (units, guint, i)));
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

/* 2019, group g: A 90, B 80, C 70, D 60, E 50, F 50, G 40 — ranks A1 B2 C3 D4 E5 F5 G7;
 *       group h: P 30, Q 20, R 10 — P1 Q2 R3.
 * 2020, g: B merges into D (merged-rank best: D is compared as B, 2), N is new;
 *       G 90, D 95, A 60, C 85, N 80, E 70, F 70 — ranks D1 G2 C3 N4 E5 F5 A7;
 *       h: P 10, Q 30, R 20 — Q1 R2 P3.
 * Compared in both years (last year → now): G 7→2, D 2→1, A 1→7, C 3→3, E 5→5, F 5→5;
 * P 1→3, Q 2→1, R 3→2. Unit order: G D A C N E F P Q R.
 *   A passed nobody; was passed by every other of g but N: G D C E F.
 *   G passed A C E F (D: better now); E passed A (F: tied last year), passed by G;
 *   C passed A, passed by G (D was better last year already); N: no rank last year;
 *   P passed by Q R; Q and R passed P. */
static void
test_all_overtakes (void)
{
  static const Row then[] = {
    { "A", "g", 90, NULL }, { "B", "g", 80, NULL }, { "C", "g", 70, NULL }, { "D", "g", 60, NULL },
    { "E", "g", 50, NULL }, { "F", "g", 50, NULL }, { "G", "g", 40, NULL },
    { "P", "h", 30, NULL }, { "Q", "h", 20, NULL }, { "R", "h", 10, NULL },
  };
  static const Row now[] = {
    { "G", "g", 90, NULL }, { "D", "g", 95, "D B" }, { "A", "g", 60, NULL }, { "C", "g", 85, NULL },
    { "N", "g", 80, "" }, { "E", "g", 70, NULL }, { "F", "g", 70, NULL },
    { "P", "h", 10, NULL }, { "Q", "h", 30, NULL }, { "R", "h", 20, NULL },
  };
  static const struct
  {
    const char *id;
    const char *passed, *passed_by;
  } expected[] = {
    { "G", "A C E F", "" }, { "D", "A", "" }, { "A", "", "G D C E F" }, { "C", "A", "G" },
    { "N", "", "" }, { "E", "A", "G" }, { "F", "A", "G" },
    { "P", "", "Q R" }, { "Q", "P", "" }, { "R", "P", "" },
  };
  g_autoptr (KhPlan) plan = groups_plan_new (then, G_N_ELEMENTS (then), now, G_N_ELEMENTS (now));
  g_autoptr (KhComparison) cmp = kh_comparison_new (plan, NULL);
  g_autoptr (KhOvertakes) all = kh_comparison_get_all_overtakes (cmp, G_MAXUINT);
  g_autoptr (KhOvertakes) two = kh_comparison_get_all_overtakes (cmp, 2);

  /* the standings the comment reads off the values */
  g_assert_cmpint (kh_plan_get_rank (plan, 1), ==, 1);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, 1), ==, 2);
  g_assert_cmpint (kh_plan_get_rank (plan, 5), ==, 5);
  g_assert_cmpint (kh_plan_get_rank (plan, 6), ==, 5);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, 6), ==, 5);
  g_assert_cmpint (kh_plan_get_previous_rank (plan, 4), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint u = kh_plan_find_unit (plan, expected[i].id);
      g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree char *passed_ids = NULL;
      g_autofree char *passed_by_ids = NULL;
      guint n_passed, n_passed_by;

      g_assert_cmpuint (u, ==, i);
      kh_overtakes_get (all, u, passed, passed_by, &n_passed, &n_passed_by);
      passed_ids = ids_of (plan, passed);
      passed_by_ids = ids_of (plan, passed_by);
      g_assert_cmpstr (passed_ids, ==, expected[i].passed);
      g_assert_cmpstr (passed_by_ids, ==, expected[i].passed_by);
      g_assert_cmpuint (n_passed, ==, passed->len);
      g_assert_cmpuint (n_passed_by, ==, passed_by->len);
    }
  /* the first two of A's five, in unit order, and the count of all five */
  {
    g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autofree char *ids = NULL;
    guint n_passed_by = 0;

    kh_overtakes_get (two, 2, NULL, passed_by, NULL, &n_passed_by);
    ids = ids_of (plan, passed_by);
    g_assert_cmpstr (ids, ==, "G D");
    g_assert_cmpuint (n_passed_by, ==, 5);
  }
  for (guint limit = 0; limit <= 6; limit++)
    assert_all_agree (cmp, plan, limit);
  assert_all_agree (cmp, plan, G_MAXUINT);
}

/* Many ties (values 0–9), units leaving, new units and mergers in three groups, drawn
 * from a fixed seed: both ways agree for every unit. */
static void
test_all_overtakes_ties (void)
{
  static const char *const groups[] = { "g", "h", "k" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (22);
  g_autoptr (GArray) then = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr (GArray) now = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  guint n_ranked_both = 0;

  for (guint i = 0; i < 90; i++)
    {
      char *id = g_strdup_printf ("U%02u", i);
      Row row = { id, groups[i % 3], g_rand_int_range (rand, 0, 10), NULL };

      g_ptr_array_add (strings, id);
      /* one in ten only this year (new), one in ten only last year (left: U02, U12 …,
       * each merged into the unit 3 after it, of the same group) */
      if (i % 10 != 1)
        g_array_append_val (then, row);
      if (i % 10 != 2)
        {
          row.value = g_rand_int_range (rand, 0, 10);
          if (i % 10 == 1)
            row.preds = "";
          else if (i % 10 == 5)
            {
              char *preds = g_strdup_printf ("U%02u U%02u", i, i - 3);

              g_ptr_array_add (strings, preds);
              row.preds = preds;
            }
          g_array_append_val (now, row);
        }
    }
  plan = groups_plan_new ((const Row *) (gpointer) then->data, then->len, (const Row *) (gpointer) now->data,
                          now->len);
  cmp = kh_comparison_new (plan, NULL);
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    n_ranked_both += kh_plan_get_rank (plan, u) != 0 && kh_plan_get_previous_rank (plan, u) != 0;
  /* the draw has what the test is about: units without a rank last year, and ties */
  g_assert_cmpuint (n_ranked_both, >, 40);
  g_assert_cmpuint (n_ranked_both, <, kh_plan_get_n_units (plan));
  for (guint limit = 0; limit <= 6; limit++)
    assert_all_agree (cmp, plan, limit);
  assert_all_agree (cmp, plan, G_MAXUINT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/framework-diff", test_diff);
  g_test_add_func ("/compare/like-for-like", test_like_for_like);
  g_test_add_func ("/compare/attribution", test_attribution);
  g_test_add_func ("/compare/same-framework", test_same_framework);
  g_test_add_func ("/compare/all-overtakes", test_all_overtakes);
  g_test_add_func ("/compare/all-overtakes-ties", test_all_overtakes_ties);
  return g_test_run ();
}
