/* test-engine-continuity.c — rank change when the peer set changes between years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small groups whose totals are their values (one indicator, goalposts 0–100 with 100
 * points: score = value), so every rank below is read off the values by hand. The rules
 * are those of data/schema/README.md, "Rank change": a unit is compared with its own
 * standing last year, or that of its predecessor(s) by the framework's merged-rank and
 * split-rank rules; a unit last year in another peer group is not compared; and the
 * rank change counts places among the units compared in both years.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-engine.h"

typedef struct
{
  const char *id;
  const char *group;  /* NULL: the framework's first group */
  double value;
  const char *preds;  /* space-separated predecessors; NULL: the default; "": none */
} Row;

static KhFramework *
framework_new (int           year,
               KhMergedRank  merged,
               KhSplitRank   split,
               const char   *second_group)
{
  KhFramework *fw = kh_framework_new ();
  KhNode *a = kh_node_new (KH_NODE_INDICATOR, "a");
  KhAwardRule *award = kh_award_rule_new ("advance");
  KhGroup *group = kh_group_new ("g");

  fw->id = g_strdup_printf ("test-%d", year);
  fw->year = year;
  fw->merged_rank = merged;
  fw->split_rank = split;
  a->points = 100;
  a->scoring.method = KH_METHOD_GOALPOSTS;
  a->scoring.lo = 0;
  a->scoring.hi = 100;
  kh_node_append (fw->root, a);
  /* 争先进位奖 without tier bounds: the largest advance. */
  award->min_advance = 1;
  award->most = TRUE;
  g_ptr_array_add (group->awards, award);
  g_ptr_array_add (fw->groups, group);
  if (second_group != NULL)
    g_ptr_array_add (fw->groups, kh_group_new (second_group));
  return fw;
}

static KhDataset *
dataset_new (int        year,
             const Row *rows,
             guint      n)
{
  KhDataset *ds = kh_dataset_new (year);
  guint field;

  for (guint i = 0; i < n; i++)
    kh_dataset_add_unit (ds, rows[i].id, NULL, rows[i].group != NULL ? rows[i].group : "g");
  field = kh_dataset_add_field (ds, "a");
  for (guint i = 0; i < n; i++)
    {
      kh_dataset_set (ds, i, field, rows[i].value);
      if (rows[i].preds != NULL)
        {
          /* g_strsplit ("", …) is the empty vector: no predecessor. */
          g_auto (GStrv) ids = g_strsplit (rows[i].preds, " ", -1);

          kh_dataset_set_unit_predecessors (ds, i, (const char *const *) ids);
        }
    }
  return ds;
}

static KhPlan *
plan_new (KhFramework *fw,
          KhDataset   *ds,
          KhPlan      *previous)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = kh_plan_new (fw, ds, previous, &error);

  g_assert_no_error (error);
  kh_plan_compute (plan);
  return plan;
}

static guint
unit_of (KhPlan     *plan,
         const char *id)
{
  guint u = kh_plan_find_unit (plan, id);

  g_assert_cmpuint (u, !=, KH_DATASET_NONE);
  return u;
}

/* The rank change of @id, G_MININT when it has none. */
static int
change_of (KhPlan     *plan,
           const char *id)
{
  int change = 0;

  if (!kh_plan_get_rank_change (plan, unit_of (plan, id), &change))
    return G_MININT;
  return change;
}

static int
previous_of (KhPlan     *plan,
             const char *id)
{
  return kh_plan_get_previous_rank (plan, unit_of (plan, id));
}

/* What Results and explain say of how @id continues last year's units (no names in
 * these datasets: the ids). */
static void
assert_described (KhPlan     *plan,
                  const char *id,
                  const char *expected)
{
  g_autofree char *text = kh_plan_describe_continuity (plan, unit_of (plan, id), NULL);

  g_assert_cmpstr (text, ==, expected);
}

/* 2019: A 90, B 80, C 70, D 60, E 50, F 40 — ranks A1 B2 C3 D4 E5 F6.
 * 2020: B merges into D (D continues D and B), E is renamed E2; A 95, D 85, C 75, F 65,
 *       E2 55 — ranks A1 D2 C3 F4 E2 5. */
static const Row merger_2019[] = {
  { "A", NULL, 90, NULL }, { "B", NULL, 80, NULL }, { "C", NULL, 70, NULL },
  { "D", NULL, 60, NULL }, { "E", NULL, 50, NULL }, { "F", NULL, 40, NULL },
};
static const Row merger_2020[] = {
  { "A", NULL, 95, NULL }, { "D", NULL, 85, "D B" }, { "C", NULL, 75, NULL },
  { "F", NULL, 65, NULL }, { "E2", NULL, 55, "E" },
};

static KhPlan *
merger_plan (KhMergedRank merged)
{
  g_autoptr (KhFramework) fw_then = framework_new (2019, KH_MERGED_NONE, KH_SPLIT_NONE, NULL);
  g_autoptr (KhFramework) fw_now = framework_new (2020, merged, KH_SPLIT_NONE, NULL);
  g_autoptr (KhDataset) then = dataset_new (2019, merger_2019, G_N_ELEMENTS (merger_2019));
  g_autoptr (KhDataset) now = dataset_new (2020, merger_2020, G_N_ELEMENTS (merger_2020));
  g_autoptr (KhPlan) prev = plan_new (fw_then, then, NULL);

  return plan_new (fw_now, now, prev);
}

/* A renamed unit is compared with its predecessor's rank: E2's previous rank is E's 5. */
static void
test_renamed (void)
{
  g_autoptr (KhPlan) plan = merger_plan (KH_MERGED_BEST);
  guint e2 = unit_of (plan, "E2");

  g_assert_cmpint (kh_plan_get_continuity (plan, e2), ==, KH_CONTINUITY_RENAMED);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, e2), ==, "E");
  g_assert_cmpint (previous_of (plan, "E2"), ==, 5);
  g_assert_cmpint (kh_plan_get_rank (plan, e2), ==, 5);
  /* Results say so ("renamed from E"); A simply continues itself. */
  assert_described (plan, "E2", "renamed from E");
  assert_described (plan, "A", NULL);
}

/* merged-rank="best": D takes B's rank 2. Compared in both years: A, C, D (as B), E2 (as
 * E), F; D's own place of 2019 (4) is nobody's now. By last year's ranks A1 B2 C3 E5 F6
 * they stand A1 D2 C3 E2 4 F5; this year A1 D2 C3 F4 E2 5. Changes: A 0, D 0, C 0,
 * F 5 − 4 = +1 (it passed E2; the place D vacated is no pass), E2 4 − 5 = −1.
 * Counting the published previous rank instead, F would show 6 − 4 = +2. */
static void
test_merged_best (void)
{
  g_autoptr (KhPlan) plan = merger_plan (KH_MERGED_BEST);
  guint d = unit_of (plan, "D");
  int before = 0, after = 0;
  guint n = 0;

  g_assert_cmpint (kh_plan_get_continuity (plan, d), ==, KH_CONTINUITY_MERGED);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, d), ==, "B");
  assert_described (plan, "D", "merged from D, B; compared as B");
  g_assert_cmpint (previous_of (plan, "D"), ==, 2);
  g_assert_cmpint (change_of (plan, "A"), ==, 0);
  g_assert_cmpint (change_of (plan, "D"), ==, 0);
  g_assert_cmpint (change_of (plan, "C"), ==, 0);
  g_assert_cmpint (change_of (plan, "F"), ==, 1);
  g_assert_cmpint (change_of (plan, "E2"), ==, -1);
  g_assert_cmpint (previous_of (plan, "F"), ==, 6);
  g_assert_true (kh_plan_get_compared_ranks (plan, unit_of (plan, "F"), &before, &after, &n));
  g_assert_cmpint (before, ==, 5);
  g_assert_cmpint (after, ==, 4);
  g_assert_cmpuint (n, ==, 5);
  /* The largest advance, +1, is F's alone. */
  g_assert_true (kh_plan_has_award (plan, unit_of (plan, "F"), 0));
  g_assert_false (kh_plan_has_award (plan, unit_of (plan, "A"), 0));
}

/* merged-rank="first": D takes its own rank 4 (it is named first); B's place 2 is
 * vacated. Last year among the compared: A1 C2 D3 E2 4 F5; this year A1 D2 C3 F4 E2 5.
 * Changes: A 0, C 2 − 3 = −1, D 3 − 2 = +1, F +1, E2 −1. */
static void
test_merged_first (void)
{
  g_autoptr (KhPlan) plan = merger_plan (KH_MERGED_FIRST);

  g_assert_cmpstr (kh_plan_get_compared_unit (plan, unit_of (plan, "D")), ==, "D");
  g_assert_cmpint (previous_of (plan, "D"), ==, 4);
  g_assert_cmpint (change_of (plan, "A"), ==, 0);
  g_assert_cmpint (change_of (plan, "C"), ==, -1);
  g_assert_cmpint (change_of (plan, "D"), ==, 1);
  g_assert_cmpint (change_of (plan, "F"), ==, 1);
  g_assert_cmpint (change_of (plan, "E2"), ==, -1);
  /* D and F share the largest advance. */
  g_assert_true (kh_plan_has_award (plan, unit_of (plan, "D"), 0));
  g_assert_true (kh_plan_has_award (plan, unit_of (plan, "F"), 0));
}

/* merged-rank="none" (the default): D has no previous rank and is not compared, in
 * either year. Compared: A, C, E2, F — last year A1 C2 E2 3 F4, this year A1 C2 F3 E2 4:
 * A 0, C 0, F +1, E2 −1; D has no change and no award. */
static void
test_merged_none (void)
{
  g_autoptr (KhPlan) plan = merger_plan (KH_MERGED_NONE);
  guint n = 0;

  g_assert_cmpint (previous_of (plan, "D"), ==, 0);
  g_assert_null (kh_plan_get_compared_unit (plan, unit_of (plan, "D")));
  assert_described (plan, "D", "merged from D, B; not compared with last year");
  g_assert_cmpint (change_of (plan, "D"), ==, G_MININT);
  g_assert_cmpint (change_of (plan, "A"), ==, 0);
  g_assert_cmpint (change_of (plan, "C"), ==, 0);
  g_assert_cmpint (change_of (plan, "F"), ==, 1);
  g_assert_cmpint (change_of (plan, "E2"), ==, -1);
  g_assert_true (kh_plan_get_compared_ranks (plan, unit_of (plan, "A"), NULL, NULL, &n));
  g_assert_cmpuint (n, ==, 4);
  g_assert_false (kh_plan_has_award (plan, unit_of (plan, "D"), 0));
}

/* 2019: P 90, Q 80, R 70 (P1 Q2 R3). 2020: P splits into P and P2 (P2 continues P);
 * R 95, Q 88, P 85, P2 60 (R1 Q2 P3 P2 4). */
static KhPlan *
split_plan (KhSplitRank split)
{
  static const Row then_rows[] = {
    { "P", NULL, 90, NULL }, { "Q", NULL, 80, NULL }, { "R", NULL, 70, NULL },
  };
  static const Row now_rows[] = {
    { "P", NULL, 85, NULL }, { "P2", NULL, 60, "P" }, { "Q", NULL, 88, NULL },
    { "R", NULL, 95, NULL },
  };
  g_autoptr (KhFramework) fw_then = framework_new (2019, KH_MERGED_NONE, KH_SPLIT_NONE, NULL);
  g_autoptr (KhFramework) fw_now = framework_new (2020, KH_MERGED_NONE, split, NULL);
  g_autoptr (KhDataset) then = dataset_new (2019, then_rows, G_N_ELEMENTS (then_rows));
  g_autoptr (KhDataset) now = dataset_new (2020, now_rows, G_N_ELEMENTS (now_rows));
  g_autoptr (KhPlan) prev = plan_new (fw_then, then, NULL);

  return plan_new (fw_now, now, prev);
}

/* split-rank="none": neither part is compared. Compared: Q, R — last year Q1 R2, this
 * year R1 Q2: R +1, Q −1. */
static void
test_split_none (void)
{
  g_autoptr (KhPlan) plan = split_plan (KH_SPLIT_NONE);

  g_assert_cmpint (kh_plan_get_continuity (plan, unit_of (plan, "P")), ==, KH_CONTINUITY_SPLIT);
  g_assert_cmpint (kh_plan_get_continuity (plan, unit_of (plan, "P2")), ==, KH_CONTINUITY_SPLIT);
  g_assert_cmpint (change_of (plan, "P"), ==, G_MININT);
  g_assert_cmpint (change_of (plan, "P2"), ==, G_MININT);
  assert_described (plan, "P2", "split from P; not compared with last year");
  g_assert_cmpint (change_of (plan, "R"), ==, 1);
  g_assert_cmpint (change_of (plan, "Q"), ==, -1);
}

/* split-rank="inherit": both parts take P's rank 1. Last year by ranks P 1, P2 1, Q 2,
 * R 3: P1 P2 1 Q3 R4 (two ahead of Q); this year R1 Q2 P3 P2 4. Changes: P 1 − 3 = −2,
 * P2 1 − 4 = −3, Q 3 − 2 = +1, R 4 − 1 = +3. */
static void
test_split_inherit (void)
{
  g_autoptr (KhPlan) plan = split_plan (KH_SPLIT_INHERIT);

  g_assert_cmpint (previous_of (plan, "P2"), ==, 1);
  g_assert_cmpstr (kh_plan_get_compared_unit (plan, unit_of (plan, "P2")), ==, "P");
  assert_described (plan, "P2", "split from P; compared as P");
  g_assert_cmpint (change_of (plan, "P"), ==, -2);
  g_assert_cmpint (change_of (plan, "P2"), ==, -3);
  g_assert_cmpint (change_of (plan, "Q"), ==, 1);
  g_assert_cmpint (change_of (plan, "R"), ==, 3);
}

/* Groups g and h. 2019: X 90, Y 80 in g; Z 70, W 60 in h. 2020: Y moves to h; X 90 in
 * g; Y 75, Z 72, W 65 in h (Y1 Z2 W3). Y stood in g last year: not compared (no
 * previous rank). In h, compared: Z, W — last year Z1 W2, this year Z1 W2: no change
 * for either (counting Z's previous rank 1 against its rank 2 would show −1, a place
 * lost to a unit that was not its peer). */
static void
test_transfer (void)
{
  static const Row then_rows[] = {
    { "X", "g", 90, NULL }, { "Y", "g", 80, NULL }, { "Z", "h", 70, NULL }, { "W", "h", 60, NULL },
  };
  static const Row now_rows[] = {
    { "X", "g", 90, NULL }, { "Y", "h", 75, NULL }, { "Z", "h", 72, NULL }, { "W", "h", 65, NULL },
  };
  g_autoptr (KhFramework) fw_then = framework_new (2019, KH_MERGED_NONE, KH_SPLIT_NONE, "h");
  g_autoptr (KhFramework) fw_now = framework_new (2020, KH_MERGED_NONE, KH_SPLIT_NONE, "h");
  g_autoptr (KhDataset) then = dataset_new (2019, then_rows, G_N_ELEMENTS (then_rows));
  g_autoptr (KhDataset) now = dataset_new (2020, now_rows, G_N_ELEMENTS (now_rows));
  g_autoptr (KhPlan) prev = plan_new (fw_then, then, NULL);
  g_autoptr (KhPlan) plan = plan_new (fw_now, now, prev);
  guint y = unit_of (plan, "Y");

  g_assert_cmpint (kh_plan_get_rank (plan, y), ==, 1);
  g_assert_true (kh_plan_get_transferred (plan, y));
  g_assert_cmpstr (kh_plan_get_previous_group (plan, y), ==, "g");
  assert_described (plan, "Y", "moved from group g: not compared with last year");
  assert_described (plan, "Z", NULL);
  g_assert_cmpint (previous_of (plan, "Y"), ==, 0);
  g_assert_cmpint (change_of (plan, "Y"), ==, G_MININT);
  g_assert_cmpint (previous_of (plan, "Z"), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (plan, unit_of (plan, "Z")), ==, 2);
  g_assert_cmpint (change_of (plan, "Z"), ==, 0);
  g_assert_cmpint (change_of (plan, "W"), ==, 0);
  g_assert_cmpint (change_of (plan, "X"), ==, 0);
  g_assert_false (kh_plan_get_transferred (plan, unit_of (plan, "Z")));
}

/* A new unit (no predecessors) is not compared and takes nobody's change: 2019 A 90,
 * B 80; 2020 N 99 (new), A 90, B 85: N1 A2 B3; A and B keep their order, no change. */
static void
test_new_unit (void)
{
  static const Row then_rows[] = { { "A", NULL, 90, NULL }, { "B", NULL, 80, NULL } };
  static const Row now_rows[] = {
    { "N", NULL, 99, "" }, { "A", NULL, 90, NULL }, { "B", NULL, 85, NULL },
  };
  g_autoptr (KhFramework) fw = framework_new (2020, KH_MERGED_NONE, KH_SPLIT_NONE, NULL);
  g_autoptr (KhDataset) then = dataset_new (2019, then_rows, G_N_ELEMENTS (then_rows));
  g_autoptr (KhDataset) now = dataset_new (2020, now_rows, G_N_ELEMENTS (now_rows));
  g_autoptr (KhPlan) prev = plan_new (fw, then, NULL);
  g_autoptr (KhPlan) plan = plan_new (fw, now, prev);

  g_assert_cmpint (kh_plan_get_continuity (plan, unit_of (plan, "N")), ==, KH_CONTINUITY_NEW);
  assert_described (plan, "N", "new this year");
  g_assert_cmpint (change_of (plan, "N"), ==, G_MININT);
  g_assert_cmpint (previous_of (plan, "A"), ==, 1);
  g_assert_cmpint (kh_plan_get_rank (plan, unit_of (plan, "A")), ==, 2);
  g_assert_cmpint (change_of (plan, "A"), ==, 0);
  g_assert_cmpint (change_of (plan, "B"), ==, 0);
}

/* baseline="published": the previous ranks are the published ones, not last year's
 * recomputed ranks. Recomputed 2019: A1 B2 C3 (90, 80, 70); published: C1 A2 B3.
 * 2020: A 90, B 80, C 70 again (A1 B2 C3). Against the published ranks: A 2 − 1 = +1,
 * B 3 − 2 = +1, C 1 − 3 = −2; against the recomputed ones nobody moves. */
static void
test_published_baseline (void)
{
  static const Row rows[] = {
    { "A", NULL, 90, NULL }, { "B", NULL, 80, NULL }, { "C", NULL, 70, NULL },
  };
  g_autoptr (KhFramework) fw_then = framework_new (2019, KH_MERGED_NONE, KH_SPLIT_NONE, NULL);
  g_autoptr (KhFramework) fw_now = framework_new (2020, KH_MERGED_NONE, KH_SPLIT_NONE, NULL);
  g_autoptr (KhDataset) then = dataset_new (2019, rows, G_N_ELEMENTS (rows));
  g_autoptr (KhDataset) now = dataset_new (2020, rows, G_N_ELEMENTS (rows));
  g_autoptr (KhBaseline) published = kh_baseline_new (2019, TRUE);
  g_autoptr (KhPlan) prev = plan_new (fw_then, then, NULL);
  g_autoptr (KhPlan) recomputed = plan_new (fw_now, now, prev);
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (change_of (recomputed, "A"), ==, 0);
  g_assert_cmpint (change_of (recomputed, "C"), ==, 0);
  g_assert_false (kh_baseline_is_published (kh_plan_get_baseline (recomputed)));

  /* Asked for but not given: an error naming the year. */
  fw_now->baseline = KH_BASELINE_PUBLISHED;
  g_assert_null (kh_plan_new (fw_now, now, prev, &error));
  g_assert_error (error, KH_ENGINE_ERROR, KH_ENGINE_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "published for 2019"));
  g_clear_error (&error);

  kh_baseline_add (published, "C", "g", 1, 1, "", NAN);
  kh_baseline_add (published, "A", "g", 2, 2, "", NAN);
  kh_baseline_add (published, "B", "g", 3, 3, "", NAN);
  kh_dataset_set_published (now, published);
  plan = plan_new (fw_now, now, prev);
  g_assert_true (kh_baseline_is_published (kh_plan_get_baseline (plan)));
  g_assert_cmpint (previous_of (plan, "C"), ==, 1);
  g_assert_cmpint (change_of (plan, "A"), ==, 1);
  g_assert_cmpint (change_of (plan, "B"), ==, 1);
  g_assert_cmpint (change_of (plan, "C"), ==, -2);
  /* Without a previous plan the published ranks still count. */
  g_clear_pointer (&plan, kh_plan_unref);
  plan = plan_new (fw_now, now, NULL);
  g_assert_cmpint (change_of (plan, "C"), ==, -2);
  /* A and B share the largest advance. */
  g_assert_true (kh_plan_has_award (plan, unit_of (plan, "A"), 0));
  g_assert_true (kh_plan_has_award (plan, unit_of (plan, "B"), 0));
}

/* A copy of a plan (what the analysis layer varies, kh_plan_copy()) compares with last
 * year as the original does: the same units of last year, predecessors and changes as
 * in test_merged_best — E2 continues E (its values' unit of last year and its compared
 * unit), D is compared as B (previous rank 2), F +1, E2 −1 — and F keeps the award. */
static void
test_copy (void)
{
  g_autoptr (KhPlan) plan = merger_plan (KH_MERGED_BEST);
  g_autoptr (KhPlan) copy = kh_plan_copy (plan);
  guint e2 = unit_of (copy, "E2"), d = unit_of (copy, "D");

  /* the original goes first: the copy owns what it carries */
  g_clear_pointer (&plan, kh_plan_unref);
  kh_plan_compute (copy);
  g_assert_cmpstr (kh_plan_get_previous_unit_id (copy, e2), ==, "E");
  g_assert_cmpstr (kh_plan_get_previous_unit_id (copy, d), ==, "D");
  g_assert_cmpstr (kh_plan_get_previous_unit_id (copy, unit_of (copy, "A")), ==, "A");
  g_assert_cmpint (kh_plan_get_continuity (copy, e2), ==, KH_CONTINUITY_RENAMED);
  g_assert_cmpint (kh_plan_get_continuity (copy, d), ==, KH_CONTINUITY_MERGED);
  g_assert_cmpstr (kh_plan_get_compared_unit (copy, d), ==, "B");
  g_assert_cmpint (previous_of (copy, "D"), ==, 2);
  g_assert_cmpint (previous_of (copy, "E2"), ==, 5);
  g_assert_cmpint (change_of (copy, "A"), ==, 0);
  g_assert_cmpint (change_of (copy, "D"), ==, 0);
  g_assert_cmpint (change_of (copy, "F"), ==, 1);
  g_assert_cmpint (change_of (copy, "E2"), ==, -1);
  g_assert_true (kh_plan_has_award (copy, unit_of (copy, "F"), 0));
  g_assert_false (kh_plan_has_award (copy, unit_of (copy, "A"), 0));
}

/* ---- how far back a year's computation must go (kh_framework_previous_need) -------- */

/* Five years of A, B, C in group g: totals are the values; "a" carries last year's value
 * when missing; the award goes to the largest advance (at least one place). */
static const Row chain_rows[5][3] = {
  { { "A", NULL, 10, NULL }, { "B", NULL, 20, NULL }, { "C", NULL, 30, NULL } },
  { { "A", NULL, NAN, NULL }, { "B", NULL, 25, NULL }, { "C", NULL, 5, NULL } },
  { { "A", NULL, 50, NULL }, { "B", NULL, 40, NULL }, { "C", NULL, NAN, NULL } },
  { { "A", NULL, 10, NULL }, { "B", NULL, 60, NULL }, { "C", NULL, 70, NULL } },
  { { "A", NULL, 30, NULL }, { "B", NULL, 20, NULL }, { "C", NULL, 10, NULL } },
};

/* The plan of 2020 computed from @first on (2016 + index; the first without a previous
 * year), each year with the one before. */
static KhPlan *
chain_from (KhFramework *fw,
            guint        first)
{
  KhPlan *previous = NULL;

  for (guint y = first; y < 5; y++)
    {
      g_autoptr (KhDataset) ds = dataset_new (2016 + (int) y, chain_rows[y], 3);
      KhPlan *plan = plan_new (fw, ds, previous);

      g_clear_pointer (&previous, kh_plan_unref);
      previous = plan;
    }
  return previous;
}

static const char *
baseline_awards (KhPlan     *plan,
                 const char *id)
{
  const KhStanding *s = kh_baseline_lookup (kh_plan_get_baseline (plan), id);

  g_assert_nonnull (s);
  return s->awards;
}

static void
test_previous_need (void)
{
  g_autoptr (KhFramework) fw = framework_new (2020, KH_MERGED_BEST, KH_SPLIT_NONE, NULL);
  g_autoptr (KhFramework) plain = framework_new (2020, KH_MERGED_BEST, KH_SPLIT_NONE, NULL);
  g_autoptr (KhFramework) growth = framework_new (2020, KH_MERGED_BEST, KH_SPLIT_NONE, NULL);
  g_autoptr (KhPlan) full = NULL;
  g_autoptr (KhPlan) needed = NULL;
  g_autoptr (KhPlan) too_short = NULL;
  KhNode *derived;
  KhPreviousNeed need = KH_PREVIOUS_ALL;
  guint first = 4;

  kh_framework_find_node (fw, "a")->missing = KH_MISSING_PREVIOUS;

  /* Carried values and awards: a year given as the previous one (ALL) needs the ranks
   * of the year before (its awards), which need that year's previous values (carried),
   * which need nothing before them. */
  g_assert_cmpint (kh_framework_previous_need (fw, KH_PREVIOUS_ALL), ==, KH_PREVIOUS_STANDINGS);
  g_assert_cmpint (kh_framework_previous_need (fw, KH_PREVIOUS_STANDINGS), ==, KH_PREVIOUS_VALUES);
  g_assert_cmpint (kh_framework_previous_need (fw, KH_PREVIOUS_VALUES), ==, KH_PREVIOUS_NONE);
  g_assert_cmpint (kh_framework_previous_need (fw, KH_PREVIOUS_NONE), ==, KH_PREVIOUS_NONE);
  /* Against published results the awards need no earlier plan: the carried values only. */
  fw->baseline = KH_BASELINE_PUBLISHED;
  g_assert_cmpint (kh_framework_previous_need (fw, KH_PREVIOUS_ALL), ==, KH_PREVIOUS_VALUES);
  fw->baseline = KH_BASELINE_RECOMPUTED;
  /* Awards alone: the standings; nothing for the standings themselves. */
  g_assert_cmpint (kh_framework_previous_need (plain, KH_PREVIOUS_ALL), ==, KH_PREVIOUS_STANDINGS);
  g_assert_cmpint (kh_framework_previous_need (plain, KH_PREVIOUS_STANDINGS), ==, KH_PREVIOUS_NONE);
  g_ptr_array_set_size (((KhGroup *) plain->groups->pdata[0])->awards, 0);
  g_assert_cmpint (kh_framework_previous_need (plain, KH_PREVIOUS_ALL), ==, KH_PREVIOUS_NONE);
  /* growth() makes the values themselves depend on last year's, back to the first year. */
  derived = kh_node_new (KH_NODE_INDICATOR, "d");
  derived->formula = g_strdup ("growth(a)");
  kh_node_append (growth->root, derived);
  g_assert_cmpint (kh_framework_previous_need (growth, KH_PREVIOUS_VALUES), ==, KH_PREVIOUS_VALUES);

  /* 2020 computed from every earlier year, and from as few as the needs say: 2019 ALL,
   * 2018 STANDINGS, 2017 VALUES, 2016 not read — 2017 computed with no year before. */
  full = chain_from (fw, 0);
  while (first > 0 && need != KH_PREVIOUS_NONE)
    {
      first--;
      need = kh_framework_previous_need (fw, need);
    }
  g_assert_cmpuint (first, ==, 1);
  needed = chain_from (fw, first);
  for (guint u = 0; u < 3; u++)
    {
      const char *id = chain_rows[4][u].id;
      const KhStanding *a = kh_baseline_lookup (kh_plan_get_baseline (full), id);
      const KhStanding *b = kh_baseline_lookup (kh_plan_get_baseline (needed), id);

      g_assert_cmpfloat (kh_plan_get_total (full, u), ==, kh_plan_get_total (needed, u));
      g_assert_cmpint (kh_plan_get_rank (full, u), ==, kh_plan_get_rank (needed, u));
      g_assert_cmpint (kh_plan_get_tier (full, u), ==, kh_plan_get_tier (needed, u));
      g_assert_cmpint (change_of (full, id), ==, change_of (needed, id));
      g_assert_cmpint (kh_plan_has_award (full, u, 0), ==, kh_plan_has_award (needed, u, 0));
      g_assert_cmpint (a->rank, ==, b->rank);
      g_assert_cmpint (a->tier, ==, b->tier);
      g_assert_cmpfloat (a->total, ==, b->total);
      g_assert_cmpstr (a->awards, ==, b->awards);
      for (guint n = 0; n < kh_plan_get_n_nodes (full); n++)
        g_assert_cmpfloat (kh_plan_get_contribution (full, u, n), ==,
                           kh_plan_get_contribution (needed, u, n));
    }
  /* By hand: 2018 C carries 2017's 5 (A 50 1st, B 40 2nd, C 3rd); 2019 C 70 1st, B 2nd,
   * A 3rd: C advanced 2 places, the most, and has 2019's award; 2020 A 30 1st (+2),
   * B 20 2nd (0), C 10 3rd (−2). */
  g_assert_cmpstr (baseline_awards (full, "C"), ==, "advance");
  g_assert_cmpstr (baseline_awards (full, "B"), ==, "");
  g_assert_cmpint (change_of (full, "A"), ==, 2);
  g_assert_true (kh_plan_has_award (full, unit_of (full, "A"), 0));

  /* One year fewer is not the same: 2018 computed with no year before leaves C without
   * a value and a rank; in 2019 only A and B compare (A 1st → 2nd, B 2nd → 1st) and B
   * has the award. */
  too_short = chain_from (fw, first + 1);
  g_assert_cmpstr (baseline_awards (too_short, "C"), ==, "");
  g_assert_cmpstr (baseline_awards (too_short, "B"), ==, "advance");
}

/* ---- what of last year a year reads (kh_framework_previous_fields) -------------------- */

static KhNode *
indicator_add (KhFramework *fw,
               const char  *id,
               const char  *formula)
{
  KhNode *node = kh_node_new (KH_NODE_INDICATOR, id);

  node->formula = g_strdup (formula);
  kh_node_append (fw->root, node);
  return node;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The ids of @set, sorted, joined by ",". */
static char *
sorted_ids (GHashTable *set)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static void
test_previous_fields (void)
{
  g_autoptr (KhFramework) last = kh_framework_new ();
  g_autoptr (KhFramework) next = kh_framework_new ();
  g_autoptr (GHashTable) fields = NULL;
  g_autofree char *ids = NULL;
  KhNode *node;

  /* Last year: "a" derived from x and pop, "b" from y, "p" from q; "old", "c", "k" raw. */
  g_ptr_array_add (last->variables, kh_variable_new ("pop"));
  g_ptr_array_add (last->variables, kh_variable_new ("x"));
  g_ptr_array_add (last->variables, kh_variable_new ("y"));
  g_ptr_array_add (last->variables, kh_variable_new ("q"));
  g_ptr_array_add (last->variables, kh_variable_new ("k"));
  indicator_add (last, "a", "x / pop");
  indicator_add (last, "b", "y * 2");
  indicator_add (last, "p", "q");
  indicator_add (last, "old", NULL);
  indicator_add (last, "c", NULL);
  indicator_add (last, "unread", NULL);

  /* This year: "a" carries last year's value; "n2" too, continuing "old" converted with
   * k; "g" calls growth(b) and adds c; "p" and "plain" read nothing of last year. */
  node = indicator_add (next, "a", NULL);
  node->missing = KH_MISSING_PREVIOUS;
  node = indicator_add (next, "n2", NULL);
  node->missing = KH_MISSING_PREVIOUS;
  node->replaces = g_strdup ("old");
  node->convert = g_strdup ("old * 10 + k");
  indicator_add (next, "g", "growth(b) + c");
  indicator_add (next, "p", "unread * 2");
  indicator_add (next, "plain", NULL);

  /* By hand: carried a and n2; n2 continues old, converted with k; growth(b) + c names b
   * and c; last year's a derives from x and pop, b from y. Not p, q, unread, plain, g. */
  fields = kh_framework_previous_fields (last, next);
  ids = sorted_ids (fields);
  g_assert_cmpstr (ids, ==, "a,b,c,k,n2,old,pop,x,y");

  /* A year that reads nothing of last year reads no field of it. */
  g_clear_pointer (&fields, g_hash_table_unref);
  fields = kh_framework_previous_fields (next, last);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/continuity/renamed", test_renamed);
  g_test_add_func ("/engine/continuity/merged-best", test_merged_best);
  g_test_add_func ("/engine/continuity/merged-first", test_merged_first);
  g_test_add_func ("/engine/continuity/merged-none", test_merged_none);
  g_test_add_func ("/engine/continuity/split-none", test_split_none);
  g_test_add_func ("/engine/continuity/split-inherit", test_split_inherit);
  g_test_add_func ("/engine/continuity/transfer", test_transfer);
  g_test_add_func ("/engine/continuity/new-unit", test_new_unit);
  g_test_add_func ("/engine/continuity/published-baseline", test_published_baseline);
  g_test_add_func ("/engine/continuity/copy", test_copy);
  g_test_add_func ("/engine/continuity/previous-need", test_previous_need);
  g_test_add_func ("/engine/continuity/previous-fields", test_previous_fields);
  return g_test_run ();
}
