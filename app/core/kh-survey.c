/* kh-survey.c — satisfaction surveys: the model, the raters' sheet, scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kh-survey.h"

/* --- the model ------------------------------------------------------------------- */

KhSurvey *
kh_survey_new (const char *id)
{
  KhSurvey *survey = g_new0 (KhSurvey, 1);

  survey->id = g_strdup (id);
  survey->trim = 1;
  survey->trim_share = NAN;
  survey->below = KH_SURVEY_BELOW_MISSING;
  survey->scales = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_survey_scale_free);
  survey->classes = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_survey_class_free);
  survey->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_survey_item_free);
  return survey;
}

void
kh_survey_free (KhSurvey *survey)
{
  if (survey == NULL)
    return;
  g_free (survey->id);
  kh_text_clear (&survey->name);
  g_free (survey->description);
  g_free (survey->field);
  g_ptr_array_unref (survey->scales);
  g_ptr_array_unref (survey->classes);
  g_ptr_array_unref (survey->items);
  g_free (survey);
}

KhSurveyScale *
kh_survey_scale_new (const char *id)
{
  KhSurveyScale *scale = g_new0 (KhSurveyScale, 1);

  scale->id = g_strdup (id);
  scale->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_survey_option_free);
  scale->min = 0;
  scale->max = 100;
  return scale;
}

void
kh_survey_scale_free (KhSurveyScale *scale)
{
  if (scale == NULL)
    return;
  g_free (scale->id);
  kh_text_clear (&scale->name);
  g_ptr_array_unref (scale->options);
  g_free (scale);
}

KhSurveyOption *
kh_survey_option_new (const char *code,
                      double      value)
{
  KhSurveyOption *option = g_new0 (KhSurveyOption, 1);

  option->code = g_strdup (code);
  option->value = value;
  return option;
}

void
kh_survey_option_free (KhSurveyOption *option)
{
  if (option == NULL)
    return;
  g_free (option->code);
  kh_text_clear (&option->label);
  g_free (option);
}

KhSurveyClass *
kh_survey_class_new (const char *id)
{
  KhSurveyClass *klass = g_new0 (KhSurveyClass, 1);

  klass->id = g_strdup (id);
  klass->weight = 1;
  klass->min_responses = 1;
  klass->rates = g_ptr_array_new_with_free_func (g_free);
  return klass;
}

void
kh_survey_class_free (KhSurveyClass *klass)
{
  if (klass == NULL)
    return;
  g_free (klass->id);
  kh_text_clear (&klass->name);
  g_ptr_array_unref (klass->rates);
  g_free (klass);
}

KhSurveyItem *
kh_survey_item_new (const char *id,
                    const char *scale)
{
  KhSurveyItem *item = g_new0 (KhSurveyItem, 1);

  item->id = g_strdup (id);
  item->scale = g_strdup (scale);
  item->weight = 1;
  return item;
}

void
kh_survey_item_free (KhSurveyItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  kh_text_clear (&item->name);
  g_free (item->scale);
  g_free (item);
}

KhSurvey *
kh_survey_copy (const KhSurvey *src)
{
  KhSurvey *survey;

  g_return_val_if_fail (src != NULL, NULL);

  survey = kh_survey_new (src->id);
  kh_text_copy (&survey->name, &src->name);
  survey->description = g_strdup (src->description);
  survey->field = g_strdup (src->field);
  survey->trim = src->trim;
  survey->trim_share = src->trim_share;
  survey->below = src->below;
  for (guint i = 0; i < src->scales->len; i++)
    {
      const KhSurveyScale *a = g_ptr_array_index (src->scales, i);
      KhSurveyScale *b = kh_survey_scale_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->min = a->min;
      b->max = a->max;
      for (guint j = 0; j < a->options->len; j++)
        {
          const KhSurveyOption *o = g_ptr_array_index (a->options, j);
          KhSurveyOption *p = kh_survey_option_new (o->code, o->value);

          kh_text_copy (&p->label, &o->label);
          g_ptr_array_add (b->options, p);
        }
      g_ptr_array_add (survey->scales, b);
    }
  for (guint i = 0; i < src->classes->len; i++)
    {
      const KhSurveyClass *a = g_ptr_array_index (src->classes, i);
      KhSurveyClass *b = kh_survey_class_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->weight = a->weight;
      b->min_responses = a->min_responses;
      b->invited = a->invited;
      for (guint j = 0; j < a->rates->len; j++)
        g_ptr_array_add (b->rates, g_strdup (g_ptr_array_index (a->rates, j)));
      g_ptr_array_add (survey->classes, b);
    }
  for (guint i = 0; i < src->items->len; i++)
    {
      const KhSurveyItem *a = g_ptr_array_index (src->items, i);
      KhSurveyItem *b = kh_survey_item_new (a->id, a->scale);

      kh_text_copy (&b->name, &a->name);
      b->weight = a->weight;
      g_ptr_array_add (survey->items, b);
    }
  return survey;
}

int
kh_survey_find_class (const KhSurvey *survey,
                      const char     *id)
{
  g_return_val_if_fail (survey != NULL, -1);

  for (guint i = 0; i < survey->classes->len; i++)
    if (g_strcmp0 (((KhSurveyClass *) survey->classes->pdata[i])->id, id) == 0)
      return (int) i;
  return -1;
}

int
kh_survey_find_item (const KhSurvey *survey,
                     const char     *id)
{
  g_return_val_if_fail (survey != NULL, -1);

  for (guint i = 0; i < survey->items->len; i++)
    if (g_strcmp0 (((KhSurveyItem *) survey->items->pdata[i])->id, id) == 0)
      return (int) i;
  return -1;
}

KhSurveyScale *
kh_survey_find_scale (const KhSurvey *survey,
                      const char     *id)
{
  g_return_val_if_fail (survey != NULL, NULL);

  for (guint i = 0; i < survey->scales->len; i++)
    if (g_strcmp0 (((KhSurveyScale *) survey->scales->pdata[i])->id, id) == 0)
      return survey->scales->pdata[i];
  return NULL;
}

gboolean
kh_survey_class_rates (const KhSurveyClass *klass,
                       const char          *unit_id,
                       const char          *group_id)
{
  g_return_val_if_fail (klass != NULL, FALSE);

  if (klass->rates->len == 0)
    return TRUE;
  for (guint i = 0; i < klass->rates->len; i++)
    {
      const char *id = g_ptr_array_index (klass->rates, i);

      if (g_strcmp0 (id, unit_id) == 0 || (group_id != NULL && g_strcmp0 (id, group_id) == 0))
        return TRUE;
    }
  return FALSE;
}

int
kh_survey_class_minimum (const KhSurvey      *survey,
                         const KhSurveyClass *klass)
{
  g_return_val_if_fail (survey != NULL && klass != NULL, 1);

  if (isnan (survey->trim_share))
    return MAX (klass->min_responses, 2 * survey->trim + 1);
  return MAX (klass->min_responses, 1);
}

guint
kh_survey_trim_count (const KhSurvey *survey,
                      guint           n)
{
  g_return_val_if_fail (survey != NULL, 0);

  if (isnan (survey->trim_share))
    return (guint) MAX (survey->trim, 0);
  /* R's mean (x, trim = p): floor (n · p) at each end. */
  return (guint) floor (survey->trim_share * n);
}

gboolean
kh_survey_scale_read (const KhSurveyScale *scale,
                      const char          *text,
                      double              *value,
                      char               **problem)
{
  g_autofree char *trimmed = NULL;
  char *end = NULL;
  double x;

  g_return_val_if_fail (scale != NULL && text != NULL && value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (scale->options->len > 0)
    {
      GString *codes = g_string_new (NULL);

      for (guint i = 0; i < scale->options->len; i++)
        {
          const KhSurveyOption *option = g_ptr_array_index (scale->options, i);

          if (strcmp (option->code, trimmed) == 0)
            {
              *value = option->value;
              g_string_free (codes, TRUE);
              return TRUE;
            }
          g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", option->code);
        }
      if (problem != NULL)
        *problem = g_strdup_printf (_("“%s” is not an answer of scale “%s” (%s)"), trimmed,
                                    scale->id, codes->str);
      g_string_free (codes, TRUE);
      return FALSE;
    }
  x = g_ascii_strtod (trimmed, &end);
  if (trimmed[0] == '\0' || end == trimmed || *end != '\0' || !isfinite (x) || x < scale->min
      || x > scale->max)
    {
      if (problem != NULL)
        *problem = g_strdup_printf (_("“%s” is not a number from %g to %g (scale “%s”)"), trimmed,
                                    scale->min, scale->max, scale->id);
      return FALSE;
    }
  *value = 100.0 * (x - scale->min) / (scale->max - scale->min);
  return TRUE;
}

double
kh_survey_trimmed_mean (const double *sorted,
                        guint         n,
                        guint         g)
{
  double sum = 0;

  g_return_val_if_fail (sorted != NULL || n == 0, NAN);

  if (n <= 2 * g)
    return NAN;
  for (guint i = g; i < n - g; i++)
    sum += sorted[i];
  return sum / (n - 2 * g);
}

/* --- the sheet ------------------------------------------------------------------- */

static void
rater_free (gpointer data)
{
  KhSurveyRater *rater = data;

  g_free (rater->id);
  g_free (rater->reason);
  g_free (rater);
}

KhSurveySheet *
kh_survey_sheet_new (KhFramework *framework)
{
  KhSurveySheet *sheet;

  g_return_val_if_fail (framework != NULL && framework->survey != NULL, NULL);

  sheet = g_new0 (KhSurveySheet, 1);
  g_atomic_ref_count_init (&sheet->ref_count);
  sheet->framework = kh_framework_ref (framework);
  sheet->raters = g_ptr_array_new_with_free_func (rater_free);
  sheet->units = g_ptr_array_new_with_free_func (g_free);
  sheet->groups = g_ptr_array_new_with_free_func (g_free);
  sheet->responses = g_array_new (FALSE, FALSE, sizeof (KhSurveyResponse));
  return sheet;
}

KhSurveySheet *
kh_survey_sheet_ref (KhSurveySheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);

  g_atomic_ref_count_inc (&sheet->ref_count);
  return sheet;
}

void
kh_survey_sheet_unref (KhSurveySheet *sheet)
{
  g_return_if_fail (sheet != NULL);

  if (!g_atomic_ref_count_dec (&sheet->ref_count))
    return;
  kh_framework_unref (sheet->framework);
  g_ptr_array_unref (sheet->raters);
  g_ptr_array_unref (sheet->units);
  g_ptr_array_unref (sheet->groups);
  g_array_unref (sheet->responses);
  g_free (sheet);
}

const KhSurvey *
kh_survey_sheet_get_survey (const KhSurveySheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);

  return sheet->framework->survey;
}

int
kh_survey_sheet_find_unit (const KhSurveySheet *sheet,
                           const char          *unit_id)
{
  g_return_val_if_fail (sheet != NULL, -1);

  for (guint i = 0; i < sheet->units->len; i++)
    if (g_strcmp0 (g_ptr_array_index (sheet->units, i), unit_id) == 0)
      return (int) i;
  return -1;
}

guint
kh_survey_sheet_add_unit (KhSurveySheet *sheet,
                          const char    *unit_id,
                          const char    *group_id)
{
  int index;

  g_return_val_if_fail (sheet != NULL && unit_id != NULL, 0);

  index = kh_survey_sheet_find_unit (sheet, unit_id);
  if (index >= 0)
    return (guint) index;
  g_ptr_array_add (sheet->units, g_strdup (unit_id));
  g_ptr_array_add (sheet->groups, g_strdup (group_id));
  return sheet->units->len - 1;
}

guint
kh_survey_sheet_add_rater (KhSurveySheet *sheet,
                           const char    *id,
                           guint          klass)
{
  KhSurveyRater *rater;

  g_return_val_if_fail (sheet != NULL && id != NULL, 0);
  g_return_val_if_fail (klass < kh_survey_sheet_get_survey (sheet)->classes->len, 0);

  rater = g_new0 (KhSurveyRater, 1);
  rater->id = g_strdup (id);
  rater->klass = klass;
  g_ptr_array_add (sheet->raters, rater);
  return sheet->raters->len - 1;
}

void
kh_survey_sheet_add_response (KhSurveySheet *sheet,
                              guint          rater,
                              guint          unit,
                              guint          item,
                              double         value)
{
  KhSurveyResponse response = { rater, unit, item, value };

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (rater < sheet->raters->len && unit < sheet->units->len);
  g_return_if_fail (item < kh_survey_sheet_get_survey (sheet)->items->len);

  g_array_append_val (sheet->responses, response);
}

static int
compare_by_unit_rater (gconstpointer a,
                       gconstpointer b)
{
  const KhSurveyResponse *x = a, *y = b;

  if (x->unit != y->unit)
    return x->unit < y->unit ? -1 : 1;
  if (x->rater != y->rater)
    return x->rater < y->rater ? -1 : 1;
  return x->item < y->item ? -1 : x->item > y->item;
}

GArray *
kh_survey_sheet_ratings (const KhSurveySheet *sheet,
                         gboolean             with_excluded)
{
  const KhSurvey *survey;
  g_autoptr (GArray) sorted = NULL;
  GArray *ratings;
  guint i = 0;

  g_return_val_if_fail (sheet != NULL, NULL);

  survey = kh_survey_sheet_get_survey (sheet);
  ratings = g_array_new (FALSE, FALSE, sizeof (KhSurveyRating));
  sorted = g_array_copy (sheet->responses);
  g_array_sort (sorted, compare_by_unit_rater);
  while (i < sorted->len)
    {
      const KhSurveyResponse *first = &g_array_index (sorted, KhSurveyResponse, i);
      const KhSurveyRater *rater = g_ptr_array_index (sheet->raters, first->rater);
      KhSurveyRating rating = { first->rater, first->unit, NAN };
      double sum = 0, weights = 0;

      for (; i < sorted->len; i++)
        {
          const KhSurveyResponse *r = &g_array_index (sorted, KhSurveyResponse, i);
          const KhSurveyItem *item;

          if (r->unit != first->unit || r->rater != first->rater)
            break;
          item = g_ptr_array_index (survey->items, r->item);
          sum += item->weight * r->value;
          weights += item->weight;
        }
      if (rater->excluded && !with_excluded)
        continue;
      rating.score = weights > 0 ? sum / weights : NAN;
      g_array_append_val (ratings, rating);
    }
  return ratings;
}

/* --- scoring --------------------------------------------------------------------- */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Fills @cell from the @n scores of one unit and class. */
static void
fill_cell (const KhSurvey      *survey,
           const KhSurveyClass *klass,
           KhSurveyCell        *cell,
           double              *values,
           guint                n)
{
  double sum = 0, squares = 0;

  cell->n = n;
  cell->invited = klass->invited;
  cell->mean = cell->trimmed = cell->sd = cell->min = cell->max = NAN;
  cell->below = (int) n < kh_survey_class_minimum (survey, klass);
  if (n == 0)
    return;
  qsort (values, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += values[i];
  cell->mean = sum / n;
  for (guint i = 0; i < n; i++)
    squares += (values[i] - cell->mean) * (values[i] - cell->mean);
  if (n >= 2)
    cell->sd = sqrt (squares / (n - 1));
  cell->min = values[0];
  cell->max = values[n - 1];
  cell->dropped = kh_survey_trim_count (survey, n);
  if (!cell->below)
    cell->trimmed = kh_survey_trimmed_mean (values, n, cell->dropped);
}

static void
score_unit (KhSurveyScores *scores,
            guint           u)
{
  const KhSurvey *survey = kh_survey_sheet_get_survey (scores->sheet);
  double sum = 0, weights = 0;
  gboolean any = FALSE;

  scores->scores[u] = NAN;
  for (guint c = 0; c < scores->n_classes; c++)
    {
      const KhSurveyClass *klass = g_ptr_array_index (survey->classes, c);
      const KhSurveyCell *cell = &scores->cells[u * scores->n_classes + c];

      if (!cell->rates)
        continue;
      any = TRUE;
      if (cell->below)
        {
          if (survey->below == KH_SURVEY_BELOW_MISSING)
            {
              scores->flags[u] |= KH_SURVEY_FLAG_BELOW_MINIMUM;
              return;
            }
          scores->flags[u] |= KH_SURVEY_FLAG_REWEIGHTED;
          continue;
        }
      sum += klass->weight * cell->trimmed;
      weights += klass->weight;
    }
  if (!any)
    scores->flags[u] |= KH_SURVEY_FLAG_NO_CLASS;
  if (weights > 0)
    scores->scores[u] = sum / weights;
}

KhSurveyScores *
kh_survey_score (KhSurveySheet *sheet)
{
  const KhSurvey *survey;
  KhSurveyScores *scores;
  g_autoptr (GArray) ratings = NULL;
  g_autofree double *values = NULL;
  guint i = 0;

  g_return_val_if_fail (sheet != NULL, NULL);

  survey = kh_survey_sheet_get_survey (sheet);
  scores = g_new0 (KhSurveyScores, 1);
  scores->sheet = kh_survey_sheet_ref (sheet);
  scores->n_units = sheet->units->len;
  scores->n_classes = survey->classes->len;
  scores->cells = g_new0 (KhSurveyCell, (gsize) scores->n_units * scores->n_classes + 1);
  scores->scores = g_new (double, scores->n_units + 1);
  scores->flags = g_new0 (guint, scores->n_units + 1);
  ratings = kh_survey_sheet_ratings (sheet, FALSE);
  values = g_new (double, ratings->len + 1);

  for (guint u = 0; u < scores->n_units; u++)
    {
      guint start = i;

      while (i < ratings->len && g_array_index (ratings, KhSurveyRating, i).unit == u)
        i++;
      for (guint c = 0; c < scores->n_classes; c++)
        {
          const KhSurveyClass *klass = g_ptr_array_index (survey->classes, c);
          KhSurveyCell *cell = &scores->cells[u * scores->n_classes + c];
          guint n = 0;

          for (guint k = start; k < i; k++)
            {
              const KhSurveyRating *rating = &g_array_index (ratings, KhSurveyRating, k);
              const KhSurveyRater *rater = g_ptr_array_index (sheet->raters, rating->rater);

              if (rater->klass == c && !isnan (rating->score))
                values[n++] = rating->score;
            }
          cell->rates = kh_survey_class_rates (klass, g_ptr_array_index (sheet->units, u),
                                               g_ptr_array_index (sheet->groups, u));
          fill_cell (survey, klass, cell, values, n);
        }
      score_unit (scores, u);
    }
  return scores;
}

void
kh_survey_scores_free (KhSurveyScores *scores)
{
  if (scores == NULL)
    return;
  kh_survey_sheet_unref (scores->sheet);
  g_free (scores->cells);
  g_free (scores->scores);
  g_free (scores->flags);
  g_free (scores);
}

const KhSurveyCell *
kh_survey_scores_cell (const KhSurveyScores *scores,
                       guint                 unit,
                       guint                 klass)
{
  g_return_val_if_fail (scores != NULL, NULL);
  g_return_val_if_fail (unit < scores->n_units && klass < scores->n_classes, NULL);

  return &scores->cells[unit * scores->n_classes + klass];
}
