/* kh-report-survey.c — a category's satisfaction survey in the annual report: aggregates only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After each group's ranking (and its robustness, when analysed), one row per unit and
 * rater class that rates it: the raters counted (n), their mean, the trimmed mean that
 * scoring uses, the standard deviation and range of their scores (0–100), and whether the
 * class fell below its least number of raters (what that did to the unit's score); the
 * unit's survey score on its first row. Raters are never printed, not even as hashes:
 * only KhSurveyCell's aggregates are read here.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-report-private.h"

void
kh_report_survey_free (KhReportSurvey *survey)
{
  if (survey == NULL)
    return;
  g_free (survey->category);
  g_free (survey->name);
  kh_survey_scores_free (survey->scores);
  g_free (survey);
}

void
kh_report_data_add_survey (KhReportData   *data,
                           const char     *category,
                           KhSurveyScores *scores)
{
  const KhSurvey *model;
  KhReportSurvey *survey;
  const char *name;

  g_return_if_fail (data != NULL && category != NULL && scores != NULL);

  for (guint i = 0; i < data->surveys->len; i++)
    if (g_strcmp0 (((KhReportSurvey *) data->surveys->pdata[i])->category, category) == 0)
      {
        g_ptr_array_remove_index (data->surveys, i);
        break;
      }
  model = kh_survey_sheet_get_survey (scores->sheet);
  name = kh_text_get (&model->name, data->lang);
  survey = g_new0 (KhReportSurvey, 1);
  survey->category = g_strdup (category);
  survey->name = g_strdup (name != NULL ? name : model->id);
  survey->scores = scores;
  g_ptr_array_add (data->surveys, survey);
}

const KhReportSurvey *
kh_report_data_find_survey (KhReportData *data,
                            const char   *category)
{
  g_return_val_if_fail (data != NULL, NULL);

  for (guint i = 0; i < data->surveys->len; i++)
    if (g_strcmp0 (((KhReportSurvey *) data->surveys->pdata[i])->category, category) == 0)
      return data->surveys->pdata[i];
  return NULL;
}

char *
kh_report_survey_caption (KhReport      *report,
                          KhReportGroup *group)
{
  const KhReportSurvey *survey = kh_report_data_find_survey (report->data, group->category);
  const KhSurvey *model;
  g_autofree char *trim = NULL;

  if (survey == NULL)
    return NULL;
  model = kh_survey_sheet_get_survey (survey->scores->sheet);
  if (!isnan (model->trim_share))
    /* TRANSLATORS: how the trimmed mean is taken, e.g. "10 % of the scores dropped at each end" */
    trim = g_strdup_printf (_("%.0f %% of the scores dropped at each end"), model->trim_share * 100);
  else
    /* TRANSLATORS: how the trimmed mean is taken, e.g. "1 score dropped at each end" */
    trim = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d score dropped at each end",
                                         "%d scores dropped at each end", (gulong) model->trim),
                            model->trim);
  /* TRANSLATORS: a caption above a table, e.g. "满意度调查: raters per unit and class, scores
   * on 0–100 (trimmed mean: 1 score dropped at each end)" */
  return g_strdup_printf (_("%s: raters per unit and class, scores on 0–100 (trimmed mean: %s)"),
                          survey->name, trim);
}

static char *
number (double x)
{
  return isnan (x) ? g_strdup ("—") : g_strdup_printf ("%.2f", x);
}

/* What the minimum did to a class's cell and the unit's score. */
static char *
below_note (const KhSurvey      *model,
            const KhSurveyClass *klass)
{
  int minimum = kh_survey_class_minimum (model, klass);

  if (model->below == KH_SURVEY_BELOW_REWEIGHT)
    /* TRANSLATORS: a class had fewer raters of the unit than it needs: it was left out */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "below the minimum of %d rater: left out",
                                         "below the minimum of %d raters: left out", (gulong) minimum),
                            minimum);
  /* TRANSLATORS: a class had fewer raters of the unit than it needs: the unit has no score */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "below the minimum of %d rater: no score",
                                       "below the minimum of %d raters: no score", (gulong) minimum),
                          minimum);
}

KhReportTable *
kh_report_survey_table (KhReport      *report,
                        KhReportGroup *group)
{
  const KhReportSurvey *survey = kh_report_data_find_survey (report->data, group->category);
  const char *titles[] = { _("Unit"), _("Rater class"), _("n"), _("Mean"), _("Trimmed mean"),
                           _("SD"), _("Range"), _("Score"), _("Note") };
  const double widths[] = { 1.6, 1.4, 0.5, 1.1, 1.3, 0.9, 1.9, 1.1, 2.4 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT,
                             KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT };
  const KhSurveyScores *scores;
  const KhSurvey *model;
  KhReportTable *table;

  if (survey == NULL)
    return NULL;
  scores = survey->scores;
  model = kh_survey_sheet_get_survey (scores->sheet);
  table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);

  /* The group's units in rank order, as its ranking table lists them. */
  for (guint i = 0; i < group->chart->units->len; i++)
    {
      const char *unit_id = ((KhChartUnit *) group->chart->units->pdata[i])->id;
      const char *unit_name = ((KhReportRow *) group->rows->pdata[i])->name;
      int u = kh_survey_sheet_find_unit (scores->sheet, unit_id);
      gboolean first = TRUE;

      if (u < 0)
        continue;
      for (guint c = 0; c < scores->n_classes; c++)
        {
          const KhSurveyCell *cell = kh_survey_scores_cell (scores, (guint) u, c);
          const KhSurveyClass *klass = model->classes->pdata[c];
          const char *class_name = kh_text_get (&klass->name, report->data->lang);
          g_autofree char *n = NULL, *mean = NULL, *trimmed = NULL, *sd = NULL, *range = NULL;
          g_autofree char *score = NULL, *note = NULL;

          if (!cell->rates)
            continue;
          n = g_strdup_printf ("%u", cell->n);
          mean = number (cell->mean);
          trimmed = number (cell->below ? NAN : cell->trimmed);
          sd = number (cell->sd);
          range = cell->n > 0 ? g_strdup_printf ("%.2f–%.2f", cell->min, cell->max) : g_strdup ("—");
          score = first ? number (scores->scores[u]) : g_strdup ("");
          note = cell->below ? below_note (model, klass) : g_strdup ("");
          {
            const char *cells[] = { first ? unit_name : "", class_name != NULL ? class_name : klass->id,
                                    n, mean, trimmed, sd, range, score, note };

            kh_report_table_add_row (table, cells);
          }
          first = FALSE;
        }
      if (first)
        {
          /* no class rates the unit */
          const char *cells[] = { unit_name, "—", "", "", "", "", "", "—", _("no rater class rates it") };

          kh_report_table_add_row (table, cells);
        }
    }
  return table;
}
