/* test-weight-proposal.c — proposed weights of a node's children (kh_weight_proposal_*),
 * shared by `kaohe-cli weights` and the framework editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/weights-cli/three.xml (total = a 40 + b 30 + c 30 points, goalposts 0–100)
 * with the units of three.csv, worked by hand in test-weights-cli.c:
 *   A 10 20 40 (total 22, rank 3), B 20 10 30 (20, 4), C 30 40 20 (30, 1), D 40 30 10 (28, 2).
 */
#include "config.h"

#include <math.h>

#include "analysis/kh-weight-proposal.h"
#include "io/kh-framework-xml.h"

static KhPlan *
three_plan (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "weights-cli", "three.xml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = kh_framework_xml_load_file (path, &error);
  g_autoptr (KhDataset) ds = kh_dataset_new (2020);
  static const double x[4][3] = { { 10, 20, 40 }, { 20, 10, 30 }, { 30, 40, 20 }, { 40, 30, 10 } };
  static const char *const units[] = { "A", "B", "C", "D" };
  static const char *const fields[] = { "a", "b", "c" };
  KhPlan *plan;

  g_assert_no_error (error);
  for (guint u = 0; u < 4; u++)
    kh_dataset_add_unit (ds, units[u], NULL, "cities");
  for (guint f = 0; f < 3; f++)
    {
      guint column = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < 4; u++)
        kh_dataset_set (ds, u, column, x[u][f]);
    }
  plan = kh_plan_new (fw, ds, NULL, &error);
  g_assert_no_error (error);
  kh_plan_compute (plan);
  return plan;
}

/* Saaty (1990)'s houses compared on size, as in saaty-size.txt. */
static GPtrArray *
saaty_matrix (void)
{
  static const double m[9] = { 1, 6, 8, 1.0 / 6, 1, 4, 1.0 / 8, 1.0 / 4, 1 };
  GPtrArray *judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_judgement_free);

  g_ptr_array_add (judgements, kh_judgement_new ("专家甲", 3, g_memdup2 (m, sizeof m)));
  return judgements;
}

/* AHP: shares .7536 .1811 .0653 (test-weights-cli.c /cli/weights/ahp-saaty, which prints
 * the same); totals D 36.23, C 31.16, B 18.84, A 13.77: every unit's rank changes (D 2→1,
 * C 1→2, B 4→3, A 3→4). The record keeps the matrix, the CR .117 and no data year. */
static void
test_ahp (void)
{
  g_autoptr (KhPlan) plan = three_plan ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KhWeightProposal) p = kh_weight_proposal_new (plan, "total", NULL, &error);
  g_autoptr (GPtrArray) judgements = saaty_matrix ();
  g_autoptr (KhWeighting) record = NULL;
  g_autoptr (KhFramework) copy = NULL;
  KhNode *root;

  g_assert_no_error (error);
  g_assert_cmpuint (p->items->len, ==, 3);
  g_assert_cmpuint (p->units->len, ==, 4);
  g_assert_true (kh_weight_proposal_compute (p, KH_WEIGHTING_AHP, judgements, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (p->shares[0], 0.7536, 5e-5);
  g_assert_cmpfloat_with_epsilon (p->shares[1], 0.1811, 5e-5);
  g_assert_cmpfloat_with_epsilon (p->shares[2], 0.0653, 5e-5);
  g_assert_cmpfloat_with_epsilon (p->consistency.cr, 0.117, 5e-4);
  /* w = s·100/P: .7536·100/40 = 1.884 */
  g_assert_cmpfloat_with_epsilon (p->weights[0], p->shares[0] * 100 / 40, 1e-9);
  g_assert_nonnull (p->proposed);
  g_assert_cmpuint (p->n_rank_changes, ==, 4);
  g_assert_cmpint (kh_plan_get_rank (p->proposed, 3), ==, 1); /* D */
  g_assert_cmpfloat_with_epsilon (kh_plan_get_rounded_total (p->proposed, 3), 36.23, 1e-9);
  /* The ranking as listed: by the proposed rank, D C B A (units 3 2 1 0), each with its rank
   * now (2 1 4 3); totals with the framework's 2 decimals (the group sets none). */
  {
    g_autoptr (GArray) ranking = kh_weight_proposal_ranking (p);
    static const guint units[] = { 3, 2, 1, 0 };
    static const int now[] = { 2, 1, 4, 3 };

    g_assert_cmpuint (ranking->len, ==, 4);
    for (guint k = 0; k < 4; k++)
      {
        const KhWeightRank *r = &g_array_index (ranking, KhWeightRank, k);

        g_assert_cmpuint (r->unit, ==, units[k]);
        g_assert_cmpint (r->rank_proposed, ==, (int) k + 1);
        g_assert_cmpint (r->rank_now, ==, now[k]);
        g_assert_cmpint (r->digits, ==, 2);
      }
  }

  record = kh_weight_proposal_to_weighting (p, "2026-12-05", "考核办");
  g_assert_cmpint (record->method, ==, KH_WEIGHTING_AHP);
  g_assert_cmpstr (record->date, ==, "2026-12-05");
  g_assert_cmpstr (record->author, ==, "考核办");
  g_assert_cmpuint (record->items->len, ==, 3);
  g_assert_cmpstr (record->items->pdata[2], ==, "c");
  g_assert_cmpfloat_with_epsilon (g_array_index (record->shares, double, 1), p->shares[1], 1e-12);
  g_assert_cmpfloat_with_epsilon (record->consistency, p->consistency.cr, 1e-12);
  g_assert_cmpuint (record->judgements->len, ==, 1);
  g_assert_cmpstr (((KhJudgement *) record->judgements->pdata[0])->expert, ==, "专家甲");
  g_assert_cmpfloat (((KhJudgement *) record->judgements->pdata[0])->values[1], ==, 6);
  g_assert_cmpint (record->data_year, ==, 0);

  /* Applied to a framework being edited: weights set, points kept, record current. */
  copy = kh_framework_copy (kh_plan_get_framework (plan));
  root = copy->root;
  g_assert_true (kh_weight_proposal_apply (p, root, "2026-12-05", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (((KhNode *) root->children->pdata[0])->weight,
                                  p->weights[0], 1e-9);
  g_assert_cmpfloat (((KhNode *) root->children->pdata[0])->points, ==, 40);
  g_assert_nonnull (root->weighting);
  g_assert_true (kh_weighting_is_current (root));
}

/* Equal shares ⅓: totals A 23.33, B 20, C 30, D 26.67 — the order 3 4 1 2 stays, so no
 * rank changes. Entropy records the data's year (2020) and the group asked for. */
static void
test_equal_entropy (void)
{
  g_autoptr (KhPlan) plan = three_plan ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KhWeightProposal) p = kh_weight_proposal_new (plan, "total", "cities", &error);
  g_autoptr (KhWeighting) record = NULL;

  g_assert_no_error (error);
  g_assert_true (kh_weight_proposal_compute (p, KH_WEIGHTING_EQUAL, NULL, &error));
  g_assert_cmpfloat_with_epsilon (p->shares[2], 1.0 / 3, 1e-12);
  g_assert_cmpuint (p->n_rank_changes, ==, 0);
  /* Equal shares keep the order C D A B (units 2 3 0 1). */
  {
    g_autoptr (GArray) ranking = kh_weight_proposal_ranking (p);

    g_assert_cmpuint (g_array_index (ranking, KhWeightRank, 0).unit, ==, 2);
    g_assert_cmpuint (g_array_index (ranking, KhWeightRank, 3).unit, ==, 1);
    g_assert_cmpint (g_array_index (ranking, KhWeightRank, 3).rank_now, ==, 4);
  }
  g_assert_true (kh_weight_proposal_compute (p, KH_WEIGHTING_ENTROPY, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p->n_used, ==, 4);
  g_assert_cmpint (p->data_year, ==, 2020);
  record = kh_weight_proposal_to_weighting (p, NULL, NULL);
  g_assert_cmpint (record->data_year, ==, 2020);
  g_assert_cmpstr (record->group, ==, "cities");
  g_assert_true (isnan (record->consistency));
  g_assert_cmpuint (record->judgements->len, ==, 0);
}

static void
test_refused (void)
{
  g_autoptr (KhPlan) plan = three_plan ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KhWeightProposal) p = kh_weight_proposal_new (plan, "nowhere", NULL, &error);
  g_autoptr (GPtrArray) judgements = saaty_matrix ();

  g_assert_null (p);
  g_assert_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_NODE);
  g_clear_error (&error);
  p = kh_weight_proposal_new (plan, "a", NULL, &error);
  g_assert_null (p);
  g_assert_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_NODE);
  g_clear_error (&error);
  p = kh_weight_proposal_new (plan, "total", NULL, &error);
  g_assert_nonnull (p);
  /* not reciprocal: a_ba = 3 beside a_ab = 6 */
  ((KhJudgement *) judgements->pdata[0])->values[3] = 3;
  g_assert_false (kh_weight_proposal_compute (p, KH_WEIGHTING_AHP, judgements, &error));
  g_assert_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS);
  g_assert_false (p->computed);
  g_clear_error (&error);
  g_assert_false (kh_weight_proposal_compute (p, KH_WEIGHTING_BUDGET, NULL, &error));
  g_assert_error (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis/weight-proposal/ahp", test_ahp);
  g_test_add_func ("/analysis/weight-proposal/equal-entropy", test_equal_entropy);
  g_test_add_func ("/analysis/weight-proposal/refused", test_refused);
  return g_test_run ();
}
