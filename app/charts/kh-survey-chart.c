/* kh-survey-chart.c — how a unit's raters scored it (kh-survey-chart.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-private.h"
#include "kh-survey-chart.h"

#define N_BINS 20 /* of 5 points each; 100 falls into the last */

typedef struct
{
  guint rater;
  double score;
} Rated;

static int
compare_rated (gconstpointer a,
               gconstpointer b)
{
  const Rated *x = a, *y = b;

  return (x->score > y->score) - (x->score < y->score);
}

static int
bin_of (double score)
{
  return CLAMP ((int) floor (score / (100.0 / N_BINS)), 0, N_BINS - 1);
}

void
kh_survey_chart_draw (const KhSurveyScores *scores,
                      guint                 unit,
                      const char *const    *labels,
                      const KhChartData    *view,
                      cairo_t              *cr,
                      double                width,
                      double                height,
                      KhChartLayout        *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  g_autoptr (GArray) ratings = NULL;
  g_autoptr (GPtrArray) rows = NULL; /* per class: GArray of Rated, sorted */
  const KhSurvey *survey;
  guint n_classes, max_stack = 1;
  double top, line_h, size, label_w = 0, note_w = 0, x0, x1, row_h, radius, axis_y;

  g_return_if_fail (scores != NULL && view != NULL);
  g_return_if_fail (unit < scores->n_units);

  survey = kh_survey_sheet_get_survey (scores->sheet);
  n_classes = scores->n_classes;
  ratings = kh_survey_sheet_ratings (scores->sheet, FALSE);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint c = 0; c < n_classes; c++)
    g_ptr_array_add (rows, g_array_new (FALSE, FALSE, sizeof (Rated)));
  for (guint i = 0; i < ratings->len; i++)
    {
      const KhSurveyRating *r = &g_array_index (ratings, KhSurveyRating, i);
      const KhSurveyRater *rater = scores->sheet->raters->pdata[r->rater];
      Rated rated = { r->rater, r->score };

      if (r->unit == unit)
        g_array_append_val (rows->pdata[rater->klass], rated);
    }
  for (guint c = 0; c < n_classes; c++)
    {
      GArray *row = rows->pdata[c];
      guint stack[N_BINS] = { 0 };

      g_array_sort (row, compare_rated);
      for (guint i = 0; i < row->len; i++)
        max_stack = MAX (max_stack, ++stack[bin_of (g_array_index (row, Rated, i).score)]);
    }

  kh_chart_layout_clear (layout);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  top = kh_chart_draw_frame (view, cr, width, height);
  size = view->font_size * 0.9;

  for (guint c = 0; c < n_classes; c++)
    {
      const char *label = labels != NULL ? labels[c] : ((KhSurveyClass *) survey->classes->pdata[c])->id;

      label_w = MAX (label_w, kh_chart_text_width (cr, label, size, TRUE));
    }
  label_w = MIN (label_w, width * 0.25);
  /* "n = 999 · 100.0" or the reason beside each row */
  {
    g_autofree char *widest = g_strdup_printf ("n = 9999 · %s", _("below the minimum"));

    note_w = MIN (width * 0.3, MAX (kh_chart_text_width (cr, widest, size * 0.9, FALSE),
                                    kh_chart_text_width (cr, _("does not rate it"), size * 0.9, FALSE)));
  }
  x0 = KH_CHART_MARGIN + label_w + KH_CHART_GAP;
  x1 = width - KH_CHART_MARGIN - note_w - KH_CHART_GAP;
  /* room for the dots at 0 and 100, which stick out by their radius */
  {
    double pad = MAX (0.0, x1 - x0) / (N_BINS + 1) / 2;

    x0 += pad;
    x1 -= pad;
  }
  axis_y = height - KH_CHART_MARGIN - 2 * size * line_h - 4 - KH_CHART_GAP;
  row_h = MAX (1.0, (axis_y - top - KH_CHART_GAP) / MAX (n_classes, 1));
  radius = MAX (0.75, MIN ((x1 - x0) / N_BINS / 2 * 0.85, (row_h - size * 0.3) / (2.0 * max_stack) * 0.9));
  layout->plot_x = x0;
  layout->plot_y = top + KH_CHART_GAP;
  layout->plot_width = x1 - x0;
  layout->plot_height = row_h * n_classes;
  layout->row_height = row_h;
  layout->n_rows = (int) n_classes;
  layout->label_font_size = size;
  kh_chart_draw_score_axis (cr, view, x0, x1, axis_y, top + KH_CHART_GAP, 0, 100, size);

  for (guint c = 0; c < n_classes; c++)
    {
      GArray *row = rows->pdata[c];
      const KhSurveyCell *cell = kh_survey_scores_cell (scores, unit, c);
      const char *label = labels != NULL ? labels[c] : ((KhSurveyClass *) survey->classes->pdata[c])->id;
      double y_base = top + KH_CHART_GAP + (c + 1) * row_h - size * 0.3;
      KhChartBox box = { x0, top + KH_CHART_GAP + c * row_h, x1 - x0, row_h, c, -1 };
      guint stack[N_BINS] = { 0 };
      g_autofree char *note = NULL;

      g_array_append_val (layout->boxes, box);
      kh_chart_show_text (cr, view, label, size, TRUE, KH_CHART_MARGIN + label_w, y_base - radius, 1, 0.5,
                          cell->rates ? 1.0 : 0.5, NULL);
      /* the row's baseline */
      kh_palette_set_source (cr, view->style, KH_COLOR_GRID, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x0, round (y_base) + 0.5);
      cairo_line_to (cr, x1, round (y_base) + 0.5);
      cairo_stroke (cr);

      for (guint i = 0; i < row->len; i++)
        {
          const Rated *rated = &g_array_index (row, Rated, i);
          int b = bin_of (rated->score);
          gboolean dropped = !cell->below && (i < cell->dropped || i >= row->len - cell->dropped);
          KhChartDot dot = { c, (int) rated->rater, x0 + (x1 - x0) * rated->score / 100.0,
                             y_base - radius * (2 * stack[b] + 1), FALSE };

          stack[b]++;
          cairo_new_path (cr);
          cairo_arc (cr, dot.x, dot.y, radius * 0.85, 0, 2 * G_PI);
          kh_palette_set_series (cr, view->style, c, 1.0);
          if (dropped)
            {
              cairo_set_line_width (cr, MAX (0.75, radius * 0.25));
              cairo_stroke (cr);
            }
          else
            cairo_fill (cr);
          g_array_append_val (layout->dots, dot);
        }
      if (!cell->rates)
        note = g_strdup (_("does not rate it"));
      else if (cell->below)
        note = g_strdup_printf ("n = %u · %s", cell->n, _("below the minimum"));
      else
        {
          double x = x0 + (x1 - x0) * cell->trimmed / 100.0;

          note = g_strdup_printf ("n = %u · %.1f", cell->n, cell->trimmed);
          kh_palette_set_source (cr, view->style, KH_COLOR_FOREGROUND, 0.9);
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, x, y_base + size * 0.3);
          cairo_line_to (cr, x, y_base - MAX (row_h * 0.7, 2 * radius));
          cairo_stroke (cr);
        }
      kh_chart_show_text (cr, view, note, size * 0.9, FALSE, width - KH_CHART_MARGIN - note_w, y_base - radius, 0,
                          0.5, cell->rates ? 0.9 : 0.5, NULL);
    }

  {
    g_autofree char *total = NULL;

    if (isnan (scores->scores[unit]))
      total = g_strdup_printf (_("Score: missing (%s)"),
                               scores->flags[unit] & KH_SURVEY_FLAG_NO_CLASS
                                 ? _("no class rates the unit")
                                 : _("a class is below its minimum"));
    else
      total = g_strdup_printf (_("Score: %.2f (trimmed means weighted by class; hollow: "
                                 "dropped by trimming)"),
                               scores->scores[unit]);
    kh_chart_show_text (cr, view, total, size, TRUE, KH_CHART_MARGIN, height - KH_CHART_MARGIN,
                        0, 1, 1.0, NULL);
  }
  cairo_restore (cr);
  kh_watermark_draw (cr, view->watermark, width, height, view->style == KH_PALETTE_DARK);
}
