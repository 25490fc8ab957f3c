/* test-survey.c — the survey model in framework files, and scoring a raters' sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/surveys/survey-city.xml declares the survey every case here scores: a
 * three-answer scale 满意 100 / 基本满意 60 / 不满意 0, a numeric scale 0–100 and one
 * from 1 to 5; the public (weight 0.6, at least 3 raters per unit, 10 invited) rates
 * every city, the deputies (weight 0.4, at least 3) only a and b; item `overall` on the
 * three answers (weight 1) and `service` on 0–100 (weight 2); one score dropped at each
 * end. Every expected figure is worked out by hand in the comment beside it.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/kh-survey.h"
#include "io/kh-framework-xml.h"
#include "kh-test-survey.h"

/* --- the model in the file ----------------------------------------------------- */

static void
test_model (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  const KhSurvey *survey = fw->survey;
  const KhSurveyScale *sat3, *five;
  const KhSurveyClass *deputies;
  const KhSurveyOption *option;

  g_assert_nonnull (survey);
  g_assert_cmpstr (survey->id, ==, "sat2020");
  g_assert_cmpstr (survey->field, ==, "public_satisfaction");
  g_assert_cmpstr (survey->name.zh_CN, ==, "满意度调查");
  g_assert_cmpint (survey->trim, ==, 1);
  g_assert_true (isnan (survey->trim_share));
  g_assert_cmpint (survey->below, ==, KH_SURVEY_BELOW_MISSING);
  g_assert_cmpuint (survey->scales->len, ==, 3);
  g_assert_cmpuint (survey->classes->len, ==, 2);
  g_assert_cmpuint (survey->items->len, ==, 2);

  sat3 = kh_survey_find_scale (survey, "sat3");
  g_assert_cmpuint (sat3->options->len, ==, 3);
  option = g_ptr_array_index (sat3->options, 1);
  g_assert_cmpstr (option->code, ==, "基本满意");
  g_assert_cmpfloat (option->value, ==, 60);
  five = kh_survey_find_scale (survey, "five");
  g_assert_cmpfloat (five->min, ==, 1);
  g_assert_cmpfloat (five->max, ==, 5);

  deputies = g_ptr_array_index (survey->classes, 1);
  g_assert_cmpint (kh_survey_find_class (survey, "deputies"), ==, 1);
  g_assert_cmpfloat (deputies->weight, ==, 0.4);
  g_assert_cmpint (deputies->min_responses, ==, 3);
  g_assert_cmpuint (deputies->rates->len, ==, 3);
  g_assert_true (kh_survey_class_rates (deputies, "a", "cities"));
  g_assert_false (kh_survey_class_rates (deputies, "c", "cities"));
  g_assert_true (kh_survey_class_rates (deputies, "c", "cities-none"));
  g_assert_true (kh_survey_class_rates (g_ptr_array_index (survey->classes, 0), "c", NULL));
  g_assert_cmpint (kh_survey_find_item (survey, "service"), ==, 1);
  g_assert_cmpfloat (((KhSurveyItem *) survey->items->pdata[1])->weight, ==, 2);
}

/* The loosely written file formats to its canonical twin; the canonical text reads back
 * to the same text, and a copy of the framework writes the same text. */
static void
test_canonical (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhFramework) copy = kh_framework_copy (fw);
  g_autofree char *expected = kh_test_survey_read ("survey-city.canonical.xml", NULL);
  g_autofree char *text = kh_framework_xml_to_string (fw);
  g_autofree char *copy_text = kh_framework_xml_to_string (copy);
  g_autoptr (KhFramework) again = NULL;
  g_autofree char *again_text = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (copy_text, ==, expected);
  again = kh_framework_xml_load_data (text, strlen (text), "canonical", &error);
  g_assert_no_error (error);
  again_text = kh_framework_xml_to_string (again);
  g_assert_cmpstr (again_text, ==, expected);
}

/* A share written instead of a count, and the reweight rule, survive the round trip. */
static void
test_canonical_share (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autofree char *text = NULL;
  g_autoptr (KhFramework) again = NULL;
  g_autoptr (GError) error = NULL;

  fw->survey->trim_share = 0.1;
  fw->survey->below = KH_SURVEY_BELOW_REWEIGHT;
  text = kh_framework_xml_to_string (fw);
  g_assert_nonnull (strstr (text, "<survey id=\"sat2020\" field=\"public_satisfaction\" "
                                  "trim-share=\"0.1\" below=\"reweight\">"));
  again = kh_framework_xml_load_data (text, strlen (text), "share", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (again->survey->trim_share, ==, 0.1);
  g_assert_cmpint (again->survey->below, ==, KH_SURVEY_BELOW_REWEIGHT);
}

/* Every semantic problem at once, each at its element (the .expected file). */
static void
test_semantic_errors (void)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree char *text = kh_test_survey_read ("survey-errors.xml", &len);
  g_autofree char *expected = kh_test_survey_read ("survey-errors.expected", NULL);
  g_autoptr (KhFramework) fw = kh_framework_xml_load_data (text, len, "survey-errors.xml", &error);

  g_assert_null (fw);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, g_strchomp (expected));
}

/* Problems found while reading: trim with trim-share; min or max on a scale of answers;
 * the schema: a survey without a field, an unknown rule, an option without a value. */
static void
test_read_errors (void)
{
  static const struct { const char *survey; const char *message; } cases[] = {
    { "<survey id='s' field='x' trim='2' trim-share='0.1'><scale id='p'/><class id='c'/>"
      "<item id='i' scale='p'/></survey>",
      "t.xml:5:1: the survey's trim and trim-share exclude each other" },
    { "<survey id='s' field='x'><scale id='p' max='5'><option code='a' value='1'/></scale>"
      "<class id='c'/><item id='i' scale='p'/></survey>",
      "t.xml:5:26: survey scale “p”: min and max belong to a numeric scale, not to one with "
      "answers" },
    { "<survey id='s'><scale id='p'/><class id='c'/><item id='i' scale='p'/></survey>",
      "t.xml:5:1: Element 'survey': The attribute "
      "'field' is required but missing." },
    { "<survey id='s' field='x' below='zero'><scale id='p'/><class id='c'/>"
      "<item id='i' scale='p'/></survey>",
      "t.xml:5:1: Element 'survey', attribute 'below': "
      "[facet 'enumeration'] The value 'zero' is not an element of the set {'missing', "
      "'reweight'}." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" year=\"2020\" "
        "category=\"city\">\n<title lang=\"en\">t</title>\n"
        "<root id=\"total\"><indicator id=\"x\"><scoring method=\"satisfaction\"/></indicator>"
        "</root>\n%s\n</framework>\n",
        cases[i].survey);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhFramework) fw = kh_framework_xml_load_data (xml, strlen (xml), "t.xml", &error);

      g_assert_null (fw);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Answers on each kind of scale, on the 0–100 scale. */
static void
test_scale_read (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  const KhSurveyScale *sat3 = kh_survey_find_scale (fw->survey, "sat3");
  const KhSurveyScale *pct = kh_survey_find_scale (fw->survey, "pct");
  const KhSurveyScale *five = kh_survey_find_scale (fw->survey, "five");
  double value = -1;
  char *problem = NULL;

  g_assert_true (kh_survey_scale_read (sat3, " 基本满意 ", &value, NULL));
  g_assert_cmpfloat (value, ==, 60);
  g_assert_false (kh_survey_scale_read (sat3, "很满意", &value, &problem));
  g_assert_cmpstr (problem, ==, "“很满意” is not an answer of scale “sat3” (满意, 基本满意, 不满意)");
  g_clear_pointer (&problem, g_free);
  g_assert_true (kh_survey_scale_read (pct, "87.5", &value, NULL));
  g_assert_cmpfloat (value, ==, 87.5);
  g_assert_false (kh_survey_scale_read (pct, "100.5", &value, &problem));
  g_assert_cmpstr (problem, ==, "“100.5” is not a number from 0 to 100 (scale “pct”)");
  g_clear_pointer (&problem, g_free);
  g_assert_false (kh_survey_scale_read (pct, "", &value, &problem));
  g_clear_pointer (&problem, g_free);
  g_assert_false (kh_survey_scale_read (pct, "nan", &value, &problem));
  g_clear_pointer (&problem, g_free);
  /* 1–5: 100·(4 − 1)/(5 − 1) = 75; 1 → 0; 5 → 100. */
  g_assert_true (kh_survey_scale_read (five, "4", &value, NULL));
  g_assert_cmpfloat (value, ==, 75);
  g_assert_true (kh_survey_scale_read (five, "1", &value, NULL));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_false (kh_survey_scale_read (five, "0", &value, &problem));
  g_clear_pointer (&problem, g_free);
}

/* --- scoring --------------------------------------------------------------------- */

static void
test_trimmed_mean (void)
{
  const double five[] = { 1, 2, 3, 4, 100 };
  const double two[] = { 1, 2 };

  /* Drop 1 and 100: (2 + 3 + 4)/3 = 3. */
  g_assert_cmpfloat (kh_survey_trimmed_mean (five, 5, 1), ==, 3);
  /* Nothing dropped: 110/5 = 22. Drop two each end: 3. */
  g_assert_cmpfloat (kh_survey_trimmed_mean (five, 5, 0), ==, 22);
  g_assert_cmpfloat (kh_survey_trimmed_mean (five, 5, 2), ==, 3);
  /* Two scores cannot lose one at each end. */
  g_assert_true (isnan (kh_survey_trimmed_mean (two, 2, 1)));
}

static void
test_score_by_count (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  g_autoptr (KhSurveyScores) scores = kh_survey_score (sheet);
  const KhSurveyCell *cell;

  g_assert_cmpuint (scores->n_units, ==, 4);
  g_assert_cmpuint (scores->n_classes, ==, 2);

  /* a, public: 0 60 60 100 100 sorted; mean 320/5 = 64; drop 0 and one 100:
   * (60 + 60 + 100)/3 = 73.333…; sd² = (36² + 4² + 4² + 64² + 36²)/4 = 6720/4 = 1680. */
  cell = kh_survey_scores_cell (scores, 0, 0);
  g_assert_true (cell->rates);
  g_assert_cmpuint (cell->n, ==, 5);
  g_assert_cmpint (cell->invited, ==, 10);
  g_assert_cmpuint (cell->dropped, ==, 1);
  g_assert_false (cell->below);
  g_assert_cmpfloat_with_epsilon (cell->mean, 64, 1e-12);
  g_assert_cmpfloat_with_epsilon (cell->trimmed, 220.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (cell->sd, sqrt (1680), 1e-12);
  g_assert_cmpfloat (cell->min, ==, 0);
  g_assert_cmpfloat (cell->max, ==, 100);
  /* a, deputies: 30 80 80; mean 190/3; drop 30 and one 80: 80. */
  cell = kh_survey_scores_cell (scores, 0, 1);
  g_assert_cmpuint (cell->n, ==, 3);
  g_assert_cmpfloat_with_epsilon (cell->mean, 190.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (cell->trimmed, 80, 1e-12);
  /* a: (0.6 · 73.333… + 0.4 · 80)/(0.6 + 0.4) = 44 + 32 = 76. */
  g_assert_cmpfloat_with_epsilon (scores->scores[0], 76, 1e-12);
  g_assert_cmpuint (scores->flags[0], ==, 0);

  /* b, public: 60 100 100 → 100; deputies: two raters, below 3 → the rule `missing`. */
  cell = kh_survey_scores_cell (scores, 1, 0);
  g_assert_cmpfloat_with_epsilon (cell->trimmed, 100, 1e-12);
  cell = kh_survey_scores_cell (scores, 1, 1);
  g_assert_cmpuint (cell->n, ==, 2);
  g_assert_true (cell->below);
  g_assert_true (isnan (cell->trimmed));
  g_assert_cmpfloat (cell->mean, ==, 100);
  g_assert_true (isnan (scores->scores[1]));
  g_assert_cmpuint (scores->flags[1], ==, KH_SURVEY_FLAG_BELOW_MINIMUM);

  /* c: the deputies do not rate it; public 0 60 100 100 (p13 excluded): mean 65, drop
   * 0 and one 100: (60 + 100)/2 = 80, which is the score (one class only). */
  cell = kh_survey_scores_cell (scores, 2, 1);
  g_assert_false (cell->rates);
  g_assert_cmpuint (cell->n, ==, 0);
  cell = kh_survey_scores_cell (scores, 2, 0);
  g_assert_cmpuint (cell->n, ==, 4);
  g_assert_cmpfloat (cell->mean, ==, 65);
  g_assert_cmpfloat (cell->trimmed, ==, 80);
  g_assert_cmpfloat_with_epsilon (scores->scores[2], 80, 1e-12);
  g_assert_cmpuint (scores->flags[2], ==, 0);

  /* d: nobody answered; 0 public raters is below 3 → missing. */
  cell = kh_survey_scores_cell (scores, 3, 0);
  g_assert_cmpuint (cell->n, ==, 0);
  g_assert_true (cell->below);
  g_assert_true (isnan (cell->mean));
  g_assert_true (isnan (scores->scores[3]));
  g_assert_cmpuint (scores->flags[3], ==, KH_SURVEY_FLAG_BELOW_MINIMUM);
}

/* below="reweight": b's deputies are left out and the public alone decides (100);
 * d has no class left at all, so it stays missing. */
static void
test_score_reweight (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyScores) scores = NULL;

  fw->survey->below = KH_SURVEY_BELOW_REWEIGHT;
  sheet = kh_test_survey_sheet (fw);
  scores = kh_survey_score (sheet);
  g_assert_cmpfloat_with_epsilon (scores->scores[0], 76, 1e-12);
  g_assert_cmpuint (scores->flags[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (scores->scores[1], 100, 1e-12);
  g_assert_cmpuint (scores->flags[1], ==, KH_SURVEY_FLAG_REWEIGHTED);
  g_assert_true (isnan (scores->scores[3]));
  g_assert_cmpuint (scores->flags[3], ==, KH_SURVEY_FLAG_REWEIGHTED);
}

/* Class weights decide: with the deputies at weight 3 instead of 0.4,
 * a = (0.6 · 73.333… + 3 · 80)/3.6 = (44 + 240)/3.6 = 78.888…; the weights are
 * relative, so 6 and 4 give the same 76 as 0.6 and 0.4. */
static void
test_class_weights (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  KhSurveyClass *public = g_ptr_array_index (fw->survey->classes, 0);
  KhSurveyClass *deputies = g_ptr_array_index (fw->survey->classes, 1);
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  KhSurveyScores *scores;

  deputies->weight = 3;
  scores = kh_survey_score (sheet);
  g_assert_cmpfloat_with_epsilon (scores->scores[0], 284 / 3.6, 1e-12);
  kh_survey_scores_free (scores);
  public->weight = 6;
  deputies->weight = 4;
  scores = kh_survey_score (sheet);
  g_assert_cmpfloat_with_epsilon (scores->scores[0], 76, 1e-12);
  kh_survey_scores_free (scores);
}

/* Trimming by share, ⌊share · n⌋ at each end (R's mean (x, trim)):
 * 0.2 — a public n = 5: ⌊1⌋ = 1 dropped → 73.333…; c n = 4: ⌊0.8⌋ = 0 → the mean 65;
 *   deputies on a, n = 3: ⌊0.6⌋ = 0 → 190/3. a = 0.6 · 73.333… + 0.4 · 63.333… = 44 + 25.333…
 * With a share the minimum is min-responses alone: 3, so b's deputies (2) stay below. */
static void
test_score_by_share (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyScores) scores = NULL;

  fw->survey->trim_share = 0.2;
  sheet = kh_test_survey_sheet (fw);
  scores = kh_survey_score (sheet);
  g_assert_cmpuint (kh_survey_scores_cell (scores, 0, 0)->dropped, ==, 1);
  g_assert_cmpfloat_with_epsilon (kh_survey_scores_cell (scores, 0, 0)->trimmed, 220.0 / 3, 1e-12);
  g_assert_cmpuint (kh_survey_scores_cell (scores, 2, 0)->dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (scores->scores[2], 65, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores->scores[0], 44 + 0.4 * 190 / 3, 1e-12);
  g_assert_true (isnan (scores->scores[1]));
  g_assert_cmpint (kh_survey_class_minimum (fw->survey, g_ptr_array_index (fw->survey->classes, 1)),
                   ==, 3);
}

/* The minimum is never below 2·trim + 1: with trim 2 and min-responses 3 a class needs
 * 5 raters; a's public (5) passes with 60 (0 60 [60] 100 100), a's deputies (3) do not. */
static void
test_minimum_follows_trim (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyScores) scores = NULL;

  fw->survey->trim = 2;
  g_assert_cmpint (kh_survey_class_minimum (fw->survey, g_ptr_array_index (fw->survey->classes, 0)),
                   ==, 5);
  sheet = kh_test_survey_sheet (fw);
  scores = kh_survey_score (sheet);
  g_assert_false (kh_survey_scores_cell (scores, 0, 0)->below);
  g_assert_cmpfloat (kh_survey_scores_cell (scores, 0, 0)->trimmed, ==, 60);
  g_assert_true (kh_survey_scores_cell (scores, 0, 1)->below);
  g_assert_true (isnan (scores->scores[0]));
}

/* Ratings: one per rater and unit, by unit then rater; the excluded p13 only on request. */
static void
test_ratings (void)
{
  g_autoptr (KhFramework) fw = kh_test_survey_load ("survey-city.xml");
  g_autoptr (KhSurveySheet) sheet = kh_test_survey_sheet (fw);
  g_autoptr (GArray) ratings = kh_survey_sheet_ratings (sheet, FALSE);
  g_autoptr (GArray) all = kh_survey_sheet_ratings (sheet, TRUE);
  const KhSurveyRating *r;

  /* a: 5 + 3, b: 3 + 2, c: 4 (+ p13) */
  g_assert_cmpuint (ratings->len, ==, 17);
  g_assert_cmpuint (all->len, ==, 18);
  /* The 6th rating is d1 on a: (100 + 2·70)/3 = 80. */
  r = &g_array_index (ratings, KhSurveyRating, 5);
  g_assert_cmpuint (r->unit, ==, 0);
  g_assert_cmpstr (((KhSurveyRater *) sheet->raters->pdata[r->rater])->id, ==, "d1");
  g_assert_cmpfloat_with_epsilon (r->score, 80, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/survey/model", test_model);
  g_test_add_func ("/survey/canonical", test_canonical);
  g_test_add_func ("/survey/canonical-share", test_canonical_share);
  g_test_add_func ("/survey/semantic-errors", test_semantic_errors);
  g_test_add_func ("/survey/read-errors", test_read_errors);
  g_test_add_func ("/survey/scale-read", test_scale_read);
  g_test_add_func ("/survey/trimmed-mean", test_trimmed_mean);
  g_test_add_func ("/survey/score/by-count", test_score_by_count);
  g_test_add_func ("/survey/score/reweight", test_score_reweight);
  g_test_add_func ("/survey/score/class-weights", test_class_weights);
  g_test_add_func ("/survey/score/by-share", test_score_by_share);
  g_test_add_func ("/survey/score/minimum-follows-trim", test_minimum_follows_trim);
  g_test_add_func ("/survey/score/ratings", test_ratings);
  return g_test_run ();
}
