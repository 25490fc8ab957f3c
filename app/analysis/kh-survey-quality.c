/* kh-survey-quality.c — response rates, agreement, leniency and straight-lining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-survey-quality.h"

/* Mid-ranks (1-based) of @n values; *ties receives Σ (t³ − t) over groups of ties. */
static void
mid_ranks (const double *values,
           guint         n,
           double       *ranks,
           double       *ties)
{
  g_autofree size_t *order = g_new (size_t, n);
  guint i = 0;

  gsl_sort_index (order, values, 1, n);
  *ties = 0;
  while (i < n)
    {
      guint j = i + 1;
      double rank;

      while (j < n && values[order[j]] == values[order[i]])
        j++;
      /* Positions i … j − 1 (0-based) share the mean of ranks i + 1 … j. */
      rank = (i + 1 + j) / 2.0;
      for (guint k = i; k < j; k++)
        ranks[order[k]] = rank;
      *ties += pow (j - i, 3) - (j - i);
      i = j;
    }
}

double
kh_survey_kendall_w (const double *scores,
                     guint         m,
                     guint         n)
{
  g_autofree double *ranks = NULL;
  g_autofree double *sums = NULL;
  double ties = 0, s = 0, mean, denominator;

  g_return_val_if_fail (scores != NULL, NAN);

  if (m < 2 || n < 2)
    return NAN;
  ranks = g_new (double, n);
  sums = g_new0 (double, n);
  for (guint r = 0; r < m; r++)
    {
      double t;

      mid_ranks (scores + (gsize) r * n, n, ranks, &t);
      ties += t;
      for (guint i = 0; i < n; i++)
        sums[i] += ranks[i];
    }
  mean = m * (n + 1) / 2.0;
  for (guint i = 0; i < n; i++)
    s += (sums[i] - mean) * (sums[i] - mean);
  denominator = (double) m * m * ((double) n * n * n - n) - m * ties;
  if (!(denominator > 0))
    return NAN;
  return 12 * s / denominator;
}

double
kh_survey_icc2k (const double *scores,
                 guint         k,
                 guint         n)
{
  g_autofree double *target_means = NULL;
  g_autofree double *rater_means = NULL;
  double grand, ss_total = 0, ss_targets = 0, ss_raters = 0, ss_error;
  double bms, jms, ems, denominator;

  g_return_val_if_fail (scores != NULL, NAN);

  if (k < 2 || n < 2)
    return NAN;
  target_means = g_new0 (double, n);
  rater_means = g_new (double, k);
  grand = gsl_stats_mean (scores, 1, (gsize) k * n);
  for (guint r = 0; r < k; r++)
    {
      rater_means[r] = gsl_stats_mean (scores + (gsize) r * n, 1, n);
      for (guint i = 0; i < n; i++)
        {
          double x = scores[(gsize) r * n + i];

          target_means[i] += x / k;
          ss_total += (x - grand) * (x - grand);
        }
    }
  for (guint i = 0; i < n; i++)
    ss_targets += k * (target_means[i] - grand) * (target_means[i] - grand);
  for (guint r = 0; r < k; r++)
    ss_raters += n * (rater_means[r] - grand) * (rater_means[r] - grand);
  ss_error = MAX (ss_total - ss_targets - ss_raters, 0);
  bms = ss_targets / (n - 1);
  jms = ss_raters / (k - 1);
  ems = ss_error / ((double) (n - 1) * (k - 1));
  denominator = bms + (jms - ems) / n;
  if (!(denominator > 0))
    return NAN;
  return (bms - ems) / denominator;
}

const char *
kh_survey_block_describe (KhSurveyBlock block)
{
  switch (block)
    {
    case KH_SURVEY_BLOCK_ONE_UNIT_EACH:
      return _("each rater rates one unit");
    case KH_SURVEY_BLOCK_TOO_FEW_RATERS:
      return _("fewer than two raters rated every unit");
    case KH_SURVEY_BLOCK_NO_SPREAD:
      return _("every score is the same");
    case KH_SURVEY_BLOCK_OK:
    default:
      return NULL;
    }
}

/* Agreement of class @c on its complete block (see the header). */
static void
class_agreement (KhSurveyQuality *quality,
                 GArray          *ratings,
                 guint            c)
{
  KhSurveySheet *sheet = quality->sheet;
  KhSurveyClassQuality *q = &quality->classes[c];
  g_autofree int *column = g_new (int, sheet->units->len + 1);
  g_autofree int *row = g_new (int, sheet->raters->len + 1);
  g_autofree guint *counts = g_new0 (guint, sheet->raters->len + 1);
  g_autofree double *matrix = NULL;
  guint n = 0, m = 0, most = 0;

  q->kendall_w = q->icc2k = NAN;
  for (guint u = 0; u < sheet->units->len; u++)
    column[u] = -1;
  for (guint i = 0; i < ratings->len; i++)
    {
      const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, i);

      if (((KhSurveyRater *) sheet->raters->pdata[r->rater])->klass != c)
        continue;
      if (column[r->unit] < 0)
        column[r->unit] = (int) n++;
      counts[r->rater]++;
      most = MAX (most, counts[r->rater]);
    }
  for (guint i = 0; i < sheet->raters->len; i++)
    {
      row[i] = -1;
      if (counts[i] == n && n > 0)
        row[i] = (int) m++;
    }
  q->block_units = n;
  q->block_raters = m;
  if (most < 2)
    {
      q->block = KH_SURVEY_BLOCK_ONE_UNIT_EACH;
      return;
    }
  if (m < 2)
    {
      q->block = KH_SURVEY_BLOCK_TOO_FEW_RATERS;
      return;
    }
  matrix = g_new (double, (gsize) m * n);
  for (guint i = 0; i < ratings->len; i++)
    {
      const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, i);

      if (row[r->rater] >= 0 && ((KhSurveyRater *) sheet->raters->pdata[r->rater])->klass == c)
        matrix[(gsize) row[r->rater] * n + (guint) column[r->unit]] = r->score;
    }
  q->kendall_w = kh_survey_kendall_w (matrix, m, n);
  q->icc2k = kh_survey_icc2k (matrix, m, n);
  q->block = isnan (q->kendall_w) && isnan (q->icc2k) ? KH_SURVEY_BLOCK_NO_SPREAD
                                                      : KH_SURVEY_BLOCK_OK;
}

/* Leniency of every rater: ratings are ordered by unit, so each unit's ratings are one
 * run; the others' mean on a unit is (sum of the class − own score)/(count − 1). */
static void
leniency (KhSurveyQuality *quality,
          GArray          *ratings)
{
  KhSurveySheet *sheet = quality->sheet;
  guint n_classes = kh_survey_sheet_get_survey (sheet)->classes->len;
  g_autofree double *sums = g_new (double, n_classes + 1);
  g_autofree guint *counts = g_new (guint, n_classes + 1);
  g_autofree double *deviation = g_new0 (double, sheet->raters->len + 1);
  g_autofree guint *shared = g_new0 (guint, sheet->raters->len + 1);
  guint i = 0;

  while (i < ratings->len)
    {
      guint unit = g_array_index (ratings, KhSurveyRating, i).unit;
      guint end = i;

      memset (sums, 0, sizeof (double) * n_classes);
      memset (counts, 0, sizeof (guint) * n_classes);
      for (; end < ratings->len && g_array_index (ratings, KhSurveyRating, end).unit == unit; end++)
        {
          const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, end);
          guint c = ((KhSurveyRater *) sheet->raters->pdata[r->rater])->klass;

          sums[c] += r->score;
          counts[c]++;
        }
      for (; i < end; i++)
        {
          const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, i);
          guint c = ((KhSurveyRater *) sheet->raters->pdata[r->rater])->klass;

          if (counts[c] < 2)
            continue;
          deviation[r->rater] += r->score - (sums[c] - r->score) / (counts[c] - 1);
          shared[r->rater]++;
        }
    }
  for (guint r = 0; r < sheet->raters->len; r++)
    quality->raters[r].leniency = shared[r] > 0 ? deviation[r] / shared[r] : NAN;

  /* z-scores within each class */
  for (guint c = 0; c < n_classes; c++)
    {
      g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      double mean, sd;

      for (guint r = 0; r < sheet->raters->len; r++)
        {
          const KhSurveyRater *rater = sheet->raters->pdata[r];

          if (rater->klass == c && !rater->excluded && !isnan (quality->raters[r].leniency))
            g_array_append_val (values, quality->raters[r].leniency);
        }
      if (values->len < 3)
        continue;
      mean = gsl_stats_mean ((double *) values->data, 1, values->len);
      sd = gsl_stats_sd_m ((double *) values->data, 1, values->len, mean);
      if (!(sd > 0))
        continue;
      for (guint r = 0; r < sheet->raters->len; r++)
        {
          const KhSurveyRater *rater = sheet->raters->pdata[r];

          if (rater->klass == c && !rater->excluded && !isnan (quality->raters[r].leniency))
            quality->raters[r].leniency_z = (quality->raters[r].leniency - mean) / sd;
        }
    }
}

static void
straight_lining (KhSurveyQuality *quality)
{
  KhSurveySheet *sheet = quality->sheet;
  g_autofree double *first = g_new (double, sheet->raters->len + 1);
  g_autofree gboolean *differs = g_new0 (gboolean, sheet->raters->len + 1);

  for (guint i = 0; i < sheet->responses->len; i++)
    {
      const KhSurveyResponse *r = &g_array_index (sheet->responses, KhSurveyResponse, i);
      KhSurveyRaterQuality *q = &quality->raters[r->rater];

      if (q->n_answers++ == 0)
        first[r->rater] = r->value;
      else if (r->value != first[r->rater])
        differs[r->rater] = TRUE;
    }
  for (guint r = 0; r < sheet->raters->len; r++)
    {
      const KhSurveyRater *rater = sheet->raters->pdata[r];

      quality->raters[r].straight = quality->raters[r].n_answers >= 3 && !differs[r];
      if (quality->raters[r].straight && !rater->excluded)
        quality->classes[rater->klass].n_straight++;
    }
}

static void
counts (KhSurveyQuality *quality,
        GArray          *ratings)
{
  KhSurveySheet *sheet = quality->sheet;
  const KhSurvey *survey = kh_survey_sheet_get_survey (sheet);
  g_autofree gboolean *seen = NULL;

  for (guint r = 0; r < sheet->raters->len; r++)
    {
      const KhSurveyRater *rater = sheet->raters->pdata[r];

      if (!rater->excluded)
        quality->classes[rater->klass].n_raters++;
    }
  for (guint c = 0; c < survey->classes->len; c++)
    {
      const KhSurveyClass *klass = g_ptr_array_index (survey->classes, c);
      KhSurveyClassQuality *q = &quality->classes[c];

      seen = g_new0 (gboolean, sheet->units->len + 1);
      for (guint i = 0; i < ratings->len; i++)
        {
          const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, i);

          if (((KhSurveyRater *) sheet->raters->pdata[r->rater])->klass != c)
            continue;
          q->n_ratings++;
          if (!seen[r->unit])
            q->n_units++;
          seen[r->unit] = TRUE;
        }
      g_clear_pointer (&seen, g_free);
      for (guint u = 0; u < sheet->units->len && klass->invited > 0; u++)
        if (kh_survey_class_rates (klass, sheet->units->pdata[u], sheet->groups->pdata[u]))
          q->n_invited += (guint) klass->invited;
      q->response_rate = q->n_invited > 0 ? (double) q->n_ratings / q->n_invited : NAN;
    }
}

KhSurveyQuality *
kh_survey_quality_new (KhSurveySheet *sheet)
{
  const KhSurvey *survey;
  KhSurveyQuality *quality;
  g_autoptr (GArray) ratings = NULL;

  g_return_val_if_fail (sheet != NULL, NULL);

  kh_analysis_init ();
  survey = kh_survey_sheet_get_survey (sheet);
  quality = g_new0 (KhSurveyQuality, 1);
  quality->sheet = kh_survey_sheet_ref (sheet);
  quality->classes = g_new0 (KhSurveyClassQuality, survey->classes->len + 1);
  quality->raters = g_new0 (KhSurveyRaterQuality, sheet->raters->len + 1);
  for (guint r = 0; r < sheet->raters->len; r++)
    quality->raters[r].leniency_z = NAN;
  ratings = kh_survey_sheet_ratings (sheet, TRUE);
  for (guint i = 0; i < ratings->len; i++)
    quality->raters[g_array_index (ratings, KhSurveyRating, i).rater].n_units++;
  g_array_unref (ratings);
  ratings = kh_survey_sheet_ratings (sheet, FALSE);
  counts (quality, ratings);
  for (guint c = 0; c < survey->classes->len; c++)
    class_agreement (quality, ratings, c);
  leniency (quality, ratings);
  straight_lining (quality);
  return quality;
}

void
kh_survey_quality_free (KhSurveyQuality *quality)
{
  if (quality == NULL)
    return;
  kh_survey_sheet_unref (quality->sheet);
  g_free (quality->classes);
  g_free (quality->raters);
  g_free (quality);
}
