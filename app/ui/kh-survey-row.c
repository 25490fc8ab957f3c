/* kh-survey-row.c — one unit and rater class of a scored survey, as a list-model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-survey-row.h"

G_DEFINE_FINAL_TYPE (KhSurveyRow, kh_survey_row, G_TYPE_OBJECT)

static void
kh_survey_row_finalize (GObject *object)
{
  KhSurveyRow *self = KH_SURVEY_ROW (object);

  g_free (self->unit_id);
  g_free (self->unit_name);
  g_free (self->class_id);
  g_free (self->class_name);
  for (guint c = 0; c < KH_SURVEY_N_COLUMNS; c++)
    g_free (self->text[c]);
  G_OBJECT_CLASS (kh_survey_row_parent_class)->finalize (object);
}

static void
kh_survey_row_class_init (KhSurveyRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_survey_row_finalize;
}

static void
kh_survey_row_init (KhSurveyRow *self)
{
}

const char *
kh_survey_row_column_title (KhSurveyColumn column)
{
  switch (column)
    {
    case KH_SURVEY_COLUMN_UNIT:
      return _("Unit");
    case KH_SURVEY_COLUMN_CLASS:
      return _("Rater class");
    case KH_SURVEY_COLUMN_N:
      return _("n");
    case KH_SURVEY_COLUMN_MEAN:
      return _("Mean");
    case KH_SURVEY_COLUMN_TRIMMED:
      return _("Trimmed mean");
    case KH_SURVEY_COLUMN_SD:
      return _("SD");
    case KH_SURVEY_COLUMN_RANGE:
      return _("Range");
    case KH_SURVEY_COLUMN_SCORE:
      return _("Score");
    case KH_SURVEY_COLUMN_NOTE:
    case KH_SURVEY_N_COLUMNS:
    default:
      return _("Note");
    }
}

static char *
number (double x)
{
  return isnan (x) ? g_strdup ("—") : g_strdup_printf ("%.2f", x);
}

KhSurveyRow *
kh_survey_row_new (const KhSurveyScores *scores,
                   guint                 unit,
                   int                   klass,
                   const char           *unit_name,
                   const char           *class_name,
                   gboolean              first)
{
  const KhSurvey *survey = kh_survey_sheet_get_survey (scores->sheet);
  KhSurveyRow *self = g_object_new (KH_TYPE_SURVEY_ROW, NULL);
  const KhSurveyCell *cell;

  g_return_val_if_fail (unit < scores->n_units, self);

  self->unit = unit;
  self->unit_id = g_strdup (scores->sheet->units->pdata[unit]);
  self->unit_name = g_strdup (unit_name != NULL ? unit_name : self->unit_id);
  self->score = scores->scores[unit];
  self->first = first;
  self->text[KH_SURVEY_COLUMN_UNIT] = g_strdup (first ? self->unit_name : "");
  self->text[KH_SURVEY_COLUMN_SCORE] = first ? number (self->score) : g_strdup ("");
  if (klass < 0 || (guint) klass >= scores->n_classes)
    {
      self->cell.mean = self->cell.trimmed = self->cell.sd = self->cell.min = self->cell.max = NAN;
      self->text[KH_SURVEY_COLUMN_CLASS] = g_strdup ("—");
      for (guint c = KH_SURVEY_COLUMN_N; c <= KH_SURVEY_COLUMN_RANGE; c++)
        self->text[c] = g_strdup ("");
      self->text[KH_SURVEY_COLUMN_NOTE] = g_strdup (_("no rater class rates it"));
      return self;
    }
  cell = kh_survey_scores_cell (scores, unit, (guint) klass);
  self->cell = *cell;
  self->class_id = g_strdup (((KhSurveyClass *) survey->classes->pdata[klass])->id);
  self->class_name = g_strdup (class_name != NULL ? class_name : self->class_id);
  self->text[KH_SURVEY_COLUMN_CLASS] = g_strdup (self->class_name);
  self->text[KH_SURVEY_COLUMN_N] = g_strdup_printf ("%u", cell->n);
  self->text[KH_SURVEY_COLUMN_MEAN] = number (cell->mean);
  self->text[KH_SURVEY_COLUMN_TRIMMED] = number (cell->below ? NAN : cell->trimmed);
  self->text[KH_SURVEY_COLUMN_SD] = number (cell->sd);
  self->text[KH_SURVEY_COLUMN_RANGE] = cell->n > 0 ? g_strdup_printf ("%.2f–%.2f", cell->min, cell->max)
                                                   : g_strdup ("—");
  if (cell->below)
    {
      int minimum = kh_survey_class_minimum (survey, survey->classes->pdata[klass]);

      self->text[KH_SURVEY_COLUMN_NOTE]
        = g_strdup_printf (survey->below == KH_SURVEY_BELOW_REWEIGHT
                             ? g_dngettext (GETTEXT_PACKAGE, "below the minimum of %d rater: left out",
                                            "below the minimum of %d raters: left out", (gulong) minimum)
                             : g_dngettext (GETTEXT_PACKAGE, "below the minimum of %d rater: no score",
                                            "below the minimum of %d raters: no score", (gulong) minimum),
                           minimum);
    }
  else
    self->text[KH_SURVEY_COLUMN_NOTE] = g_strdup ("");
  return self;
}
