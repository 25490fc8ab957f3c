/* kh-test-survey.c — the survey fixture and its raters' sheet, shared by the survey tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "io/kh-framework-xml.h"
#include "kh-test-survey.h"

static char *
source_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "surveys", name, NULL);
}

char *
kh_test_survey_read (const char *name,
           gsize      *len)
{
  g_autofree char *path = source_path (name);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

KhFramework *
kh_test_survey_load (const char *name)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree char *text = kh_test_survey_read (name, &len);
  KhFramework *fw = kh_framework_xml_load_data (text, len, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fw);
  return fw;
}

guint
kh_test_survey_rater (KhSurveySheet *sheet,
       const char    *id,
       const char    *klass)
{
  int c = kh_survey_find_class (kh_survey_sheet_get_survey (sheet), klass);

  g_assert_cmpint (c, >=, 0);
  return kh_survey_sheet_add_rater (sheet, id, (guint) c);
}

void
kh_test_survey_answer (KhSurveySheet *sheet,
        guint          r,
        const char    *unit,
        const char    *item,
        const char    *text)
{
  const KhSurvey *survey = kh_survey_sheet_get_survey (sheet);
  int i = kh_survey_find_item (survey, item);
  int u = kh_survey_sheet_find_unit (sheet, unit);
  const KhSurveyItem *it;
  double value = NAN;

  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (u, >=, 0);
  it = g_ptr_array_index (survey->items, i);
  g_assert_true (kh_survey_scale_read (kh_survey_find_scale (survey, it->scale), text, &value,
                                       NULL));
  kh_survey_sheet_add_response (sheet, r, (guint) u, (guint) i, value);
}

/* The sheet of the tests:
 *   unit a — public p1…p5 answer `overall`: 满意 基本满意 基本满意 不满意 满意 =
 *     100 60 60 0 100; deputies d1…d3 answer both items, a rater's score being
 *     (overall + 2·service)/3: d1 (100 + 2·70)/3 = 80, d2 (60 + 2·90)/3 = 80,
 *     d3 (0 + 2·45)/3 = 30;
 *   unit b — public p6…p8: 满意 满意 基本满意 = 100 100 60; deputies d1, d2 only
 *     (`overall` 满意 = 100 each): two raters, below the deputies' minimum of 3;
 *   unit c — the deputies do not rate it (rates="a b cities-none"); public p9…p12:
 *     不满意 基本满意 满意 满意 = 0 60 100 100, and p13 (不满意 = 0), excluded;
 *   unit d — no response at all. */
KhSurveySheet *
kh_test_survey_sheet (KhFramework *fw)
{
  KhSurveySheet *sheet = kh_survey_sheet_new (fw);
  const char *public_a[] = { "满意", "基本满意", "基本满意", "不满意", "满意" };
  const char *public_b[] = { "满意", "满意", "基本满意" };
  const char *public_c[] = { "不满意", "基本满意", "满意", "满意", "不满意" };
  guint d1, d2, d3, p13 = 0;

  const char *units[] = { "a", "b", "c", "d" };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    kh_survey_sheet_add_unit (sheet, units[i], "cities");
  for (guint i = 0; i < G_N_ELEMENTS (public_a); i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i + 1);

      kh_test_survey_answer (sheet, kh_test_survey_rater (sheet, id, "public"), "a", "overall",
                             public_a[i]);
    }
  d1 = kh_test_survey_rater (sheet, "d1", "deputies");
  d2 = kh_test_survey_rater (sheet, "d2", "deputies");
  d3 = kh_test_survey_rater (sheet, "d3", "deputies");
  kh_test_survey_answer (sheet, d1, "a", "overall", "满意");
  kh_test_survey_answer (sheet, d1, "a", "service", "70");
  kh_test_survey_answer (sheet, d2, "a", "overall", "基本满意");
  kh_test_survey_answer (sheet, d2, "a", "service", "90");
  kh_test_survey_answer (sheet, d3, "a", "service", "45");
  kh_test_survey_answer (sheet, d3, "a", "overall", "不满意");
  for (guint i = 0; i < G_N_ELEMENTS (public_b); i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i + 6);

      kh_test_survey_answer (sheet, kh_test_survey_rater (sheet, id, "public"), "b", "overall",
                             public_b[i]);
    }
  kh_test_survey_answer (sheet, d1, "b", "overall", "满意");
  kh_test_survey_answer (sheet, d2, "b", "overall", "满意");
  for (guint i = 0; i < G_N_ELEMENTS (public_c); i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i + 9);
      guint r = kh_test_survey_rater (sheet, id, "public");

      kh_test_survey_answer (sheet, r, "c", "overall", public_c[i]);
      p13 = r;
    }
  ((KhSurveyRater *) sheet->raters->pdata[p13])->excluded = TRUE;
  return sheet;
}

