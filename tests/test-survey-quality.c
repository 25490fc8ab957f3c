/* test-survey-quality.c — Kendall's W, ICC(2,k), leniency, straight-lining, response rates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected figure is worked out by hand in the comment beside it; the ICC case is
 * the worked example of Shrout and Fleiss (1979), whose published figures it matches.
 */
#include "config.h"

#include <math.h>

#include "analysis/kh-survey-quality.h"
#include "kh-test-survey.h"

/* Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; stored by judge. */
static const double shrout_fleiss[4 * 6] = {
  9, 6, 8, 7, 10, 6, /* judge 1 on targets 1…6 */
  2, 1, 4, 1, 5, 2,  /* judge 2 */
  5, 3, 6, 2, 6, 4,  /* judge 3 */
  8, 2, 8, 6, 9, 7,  /* judge 4 */
};

/* Target means 6, 3, 6.5, 4, 7.5, 4.75; judge means 46/6, 15/6, 26/6, 40/6; grand mean
 * 127/24. SS targets = 4·Σ(target mean − 127/24)² = 56.2083…, BMS = 56.2083…/5 = 11.2417
 * (published 11.24); SS judges = 6·Σ(judge mean − 127/24)² = 97.4583…, JMS = /3 = 32.4861
 * (32.49); SS total = Σx² − 127²/24 = 841 − 672.0417 = 168.9583; SS error = 168.9583 −
 * 56.2083 − 97.4583 = 15.2917, EMS = /15 = 1.01944 (1.02).
 * ICC(2,4) = (BMS − EMS)/(BMS + (JMS − EMS)/6) = 10.22222/16.48611 = 0.62005 (published .62).
 * In fractions: BMS = 1349/120, JMS = 2339/72, EMS = 367/360, so
 * ICC = (1349/120 − 367/360)/(1349/120 + (2339/72 − 367/360)/6) = 736/1187. */
static void
test_icc_shrout_fleiss (void)
{
  g_assert_cmpfloat_with_epsilon (kh_survey_icc2k (shrout_fleiss, 4, 6), 736.0 / 1187, 1e-12);
  /* Too small: one target or one rater. */
  g_assert_true (isnan (kh_survey_icc2k (shrout_fleiss, 4, 1)));
  g_assert_true (isnan (kh_survey_icc2k (shrout_fleiss, 1, 6)));
}

/* Kendall's W of the same sheet, judges ranking targets (mid-ranks for ties):
 *   judge 1: 9 6 8 7 10 6  → 5 1.5 4 3 6 1.5   (one pair tied: 2³ − 2 = 6)
 *   judge 2: 2 1 4 1 5 2   → 3.5 1.5 5 1.5 6 3.5 (two pairs: 12)
 *   judge 3: 5 3 6 2 6 4   → 4 2 5.5 1 5.5 3   (6)
 *   judge 4: 8 2 8 6 9 7   → 4.5 1 4.5 2 6 3   (6)
 * Rank sums 17, 6, 19, 7.5, 23.5, 11 (mean 14): S = 9 + 64 + 25 + 42.25 + 90.25 + 9 = 239.5;
 * Σ T = 30; W = 12·239.5/(4²·(6³ − 6) − 4·30) = 2874/3240 = 0.887037… */
static void
test_kendall_w (void)
{
  const double agree[3 * 4] = { 1, 2, 3, 4, 10, 20, 30, 40, 0, 5, 6, 100 };
  const double reverse[2 * 3] = { 1, 2, 3, 3, 2, 1 };
  const double flat[2 * 3] = { 5, 5, 5, 5, 5, 5 };

  g_assert_cmpfloat_with_epsilon (kh_survey_kendall_w (shrout_fleiss, 4, 6), 2874.0 / 3240, 1e-12);
  /* Three raters ranking four units the same way: rank sums 3, 6, 9, 12, S = 45,
   * W = 12·45/(9·60) = 1. */
  g_assert_cmpfloat_with_epsilon (kh_survey_kendall_w (agree, 3, 4), 1, 1e-12);
  /* Two raters in opposite order: rank sums 4, 4, 4, S = 0, W = 0. */
  g_assert_cmpfloat_with_epsilon (kh_survey_kendall_w (reverse, 2, 3), 0, 1e-12);
  /* Every score tied: the denominator 4·24 − 2·2·24 is 0, no W. */
  g_assert_true (isnan (kh_survey_kendall_w (flat, 2, 3)));
}

/* The shared sheet (kh-test-survey.c) plus one public rater s1 answering 满意 on a, b
 * and c: three equal answers, a straight-liner. */
static KhSurveySheet *
sheet_with_straight_liner (KhFramework *fw)
{
  KhSurveySheet *sheet = kh_test_survey_sheet (fw);
  guint s1 = kh_test_survey_rater (sheet, "s1", "public");

  kh_test_survey_answer (sheet, s1, "a", "overall", "满意");
  kh_test_survey_answer (sheet, s1, "b", "overall", "满意");
  kh_test_survey_answer (sheet, s1, "c", "overall", "满意");
  return sheet;
}

static int
rater_index (KhSurveySheet *sheet,
             const char    *id)
{
  for (guint i = 0; i < sheet->raters->len; i++)
    if (g_strcmp0 (((KhSurveyRater *) sheet->raters->pdata[i])->id, id) == 0)
      return (int) i;
  g_assert_not_reached ();
}

/* Deputies: d1 scores a 80, b 100; d2 a 80, b 100; d3 a 30 only. The complete block is
 * {a, b} × {d1, d2}: both rank a below b, W = 12·2/(2²·(2³ − 2)) = 1; ICC: target means
 * 80 and 100, rater means equal, no error: BMS = 2·(10² + 10²)/1 = 400, JMS = EMS = 0,
 * ICC = 400/400 = 1.
 * Public: p1…p13 rate one unit each; s1 rates three, so the block is {a, b, c} and only
 * s1 rated all of them: too few raters. */
static void
test_class_quality (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = sheet_with_straight_liner (fw);
  g_autoptr (KhSurveyQuality) quality = kh_survey_quality_new (sheet);
  const KhSurveyClassQuality *public = &quality->classes[0];
  const KhSurveyClassQuality *deputies = &quality->classes[1];

  /* Public: 13 raters + s1, p13 excluded → 13; ratings a 5 + 1, b 3 + 1, c 4 + 1 = 15;
   * invited 10 per unit × 4 units (the public rates a, b, c and d) = 40 → 15/40. */
  g_assert_cmpuint (public->n_raters, ==, 13);
  g_assert_cmpuint (public->n_ratings, ==, 15);
  g_assert_cmpuint (public->n_units, ==, 3);
  g_assert_cmpuint (public->n_invited, ==, 40);
  g_assert_cmpfloat_with_epsilon (public->response_rate, 0.375, 1e-12);
  g_assert_cmpint (public->block, ==, KH_SURVEY_BLOCK_TOO_FEW_RATERS);
  g_assert_cmpuint (public->block_units, ==, 3);
  g_assert_cmpuint (public->block_raters, ==, 1);
  g_assert_true (isnan (public->kendall_w));
  g_assert_cmpuint (public->n_straight, ==, 1);

  /* Deputies: 3 raters, 5 ratings (a 3, b 2), no invitation declared. */
  g_assert_cmpuint (deputies->n_raters, ==, 3);
  g_assert_cmpuint (deputies->n_ratings, ==, 5);
  g_assert_cmpuint (deputies->n_invited, ==, 0);
  g_assert_true (isnan (deputies->response_rate));
  g_assert_cmpint (deputies->block, ==, KH_SURVEY_BLOCK_OK);
  g_assert_cmpuint (deputies->block_units, ==, 2);
  g_assert_cmpuint (deputies->block_raters, ==, 2);
  g_assert_cmpfloat_with_epsilon (deputies->kendall_w, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (deputies->icc2k, 1, 1e-12);
  g_assert_cmpuint (deputies->n_straight, ==, 0);
}

/* Without s1 every public rater rates one unit: no block at all. */
static void
test_one_unit_each (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  g_autoptr (KhSurveyQuality) quality = kh_survey_quality_new (sheet);

  g_assert_cmpint (quality->classes[0].block, ==, KH_SURVEY_BLOCK_ONE_UNIT_EACH);
  g_assert_nonnull (kh_survey_block_describe (KH_SURVEY_BLOCK_ONE_UNIT_EACH));
  g_assert_null (kh_survey_block_describe (KH_SURVEY_BLOCK_OK));
}

/* Leniency, a rater's score minus the mean of the class's other raters on the same
 * unit, averaged over the rater's units:
 *   deputies on a: 80 80 30. d1: 80 − (80 + 30)/2 = 25; d2: 25; d3: 30 − 80 = −50.
 *   deputies on b: 100 100. d1: 0; d2: 0.
 *   d1 = (25 + 0)/2 = 12.5; d2 = 12.5; d3 = −50.
 *   z: mean −25/3, deviations 62.5/3, 62.5/3, −125/3, in units of 62.5/3 that is
 *   (1, 1, −2), sd = √((1 + 1 + 4)/2) = √3 → z = 1/√3, 1/√3, −2/√3.
 *   public on a (100 60 60 0 100, plus s1's 100): p4: 0 − 420/5 = −84; s1 on a:
 *   100 − 320/5 = 36, on b (100 100 60 + s1 100): 100 − 260/3, on c (0 60 100 100 + s1
 *   100; p13 excluded): 100 − 260/4 = 35 → s1 = (36 + 13.333… + 35)/3 = 28.111…
 * The excluded p13 keeps its own line (one unit, one answer) but has no leniency. */
static void
test_leniency (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = sheet_with_straight_liner (fw);
  g_autoptr (KhSurveyQuality) quality = kh_survey_quality_new (sheet);
  const KhSurveyRaterQuality *d1 = &quality->raters[rater_index (sheet, "d1")];
  const KhSurveyRaterQuality *d3 = &quality->raters[rater_index (sheet, "d3")];
  const KhSurveyRaterQuality *p4 = &quality->raters[rater_index (sheet, "p4")];
  const KhSurveyRaterQuality *s1 = &quality->raters[rater_index (sheet, "s1")];
  const KhSurveyRaterQuality *p13 = &quality->raters[rater_index (sheet, "p13")];

  g_assert_cmpfloat_with_epsilon (d1->leniency, 12.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (d3->leniency, -50, 1e-12);
  g_assert_cmpfloat_with_epsilon (d1->leniency_z, 1 / sqrt (3), 1e-12);
  g_assert_cmpfloat_with_epsilon (d3->leniency_z, -2 / sqrt (3), 1e-12);
  g_assert_cmpuint (d1->n_units, ==, 2);
  g_assert_cmpuint (d1->n_answers, ==, 3);
  g_assert_cmpfloat_with_epsilon (p4->leniency, -84, 1e-12);
  g_assert_cmpfloat_with_epsilon (s1->leniency, (36 + (100 - 260.0 / 3) + 35) / 3, 1e-12);
  g_assert_true (s1->straight);
  g_assert_cmpuint (s1->n_answers, ==, 3);
  g_assert_false (d1->straight);
  g_assert_cmpuint (p13->n_units, ==, 1);
  g_assert_cmpuint (p13->n_answers, ==, 1);
  g_assert_true (isnan (p13->leniency));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/survey-quality/icc/shrout-fleiss", test_icc_shrout_fleiss);
  g_test_add_func ("/survey-quality/kendall-w", test_kendall_w);
  g_test_add_func ("/survey-quality/classes", test_class_quality);
  g_test_add_func ("/survey-quality/one-unit-each", test_one_unit_each);
  g_test_add_func ("/survey-quality/leniency", test_leniency);
  return g_test_run ();
}
