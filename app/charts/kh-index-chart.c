/* kh-index-chart.c — the Sobol indices of every uncertain input, as bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Estimates can fall a little outside [0, 1] (a first-order index of −0.01 for an input
 * that does nothing); bars are clipped to the axis, the printed values are as estimated.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-index-chart.h"
#include "kh-robustness-private.h"

typedef struct
{
  const double *total;
} Order;

static int
compare_total (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Order *order = user_data;
  double x = order->total[*(const guint *) a], y = order->total[*(const guint *) b];

  if (isnan (x) != isnan (y))
    return isnan (x) ? 1 : -1;
  if (x != y && !isnan (x))
    return x > y ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

static void
index_swatch (cairo_t           *cr,
              const KhChartData *view,
              int                entry,
              double             x,
              double             y,
              double             size)
{
  kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, entry == 0 ? 1.0 : 0.3);
  cairo_rectangle (cr, x, y + (entry == 0 ? size * 0.25 : 0), size, entry == 0 ? size * 0.5 : size);
  cairo_fill (cr);
}

void
kh_index_chart_draw (const KhSensitivityResult *result,
                     int                        unit,
                     const char *const         *labels,
                     const KhChartData         *view,
                     cairo_t                   *cr,
                     double                     width,
                     double                     height,
                     KhChartLayout             *out)
{
  g_autoptr (KhChartLayout) own = NULL;
  KhChartLayout *layout = out != NULL ? out : (own = kh_chart_layout_new ());
  const char *legend[] = { _("first order (alone)"), _("total (with interactions)") };
  const double *first, *total;
  g_autofree guint *order = g_new (guint, MAX (result->n_inputs, 1));
  double top, line_h, size, row, label_w = 0, plot_x, plot_w, bottom, value_w;
  Order sort;

  g_return_if_fail (result != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (unit >= -1 && unit < (int) result->n_units);

  first = unit < 0 ? result->first : result->units[unit].first;
  total = unit < 0 ? result->total : result->units[unit].total;
  if (labels == NULL)
    labels = (const char *const *) result->input_names;
  for (guint i = 0; i < result->n_inputs; i++)
    order[i] = i;
  sort.total = total;
  g_qsort_with_data (order, result->n_inputs, sizeof (guint), compare_total, &sort);

  kh_chart_layout_clear (layout);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  line_h = kh_chart_line_height (cr);
  size = view->font_size * 0.9;
  top = kh_chart_draw_frame (view, cr, width, height);
  kh_chart_draw_legend (cr, view, legend, G_N_ELEMENTS (legend), index_swatch,
                        width - KH_CHART_MARGIN, top, size);
  top += size * line_h + KH_CHART_GAP;
  row = MAX (1.0, (height - top - KH_CHART_MARGIN - 2 * size * line_h - 8) / MAX (result->n_inputs, 1));
  size = MAX (KH_CHART_MIN_LABEL_SIZE, MIN (size, row * 0.8 / line_h));
  for (guint i = 0; i < result->n_inputs; i++)
    label_w = MAX (label_w, kh_chart_text_width (cr, labels[i], size, FALSE));
  label_w = MIN (label_w, width * 0.4);
  value_w = kh_chart_text_width (cr, "0.00 / 0.00", size, FALSE);
  plot_x = KH_CHART_MARGIN + label_w + 2 * KH_CHART_GAP;
  plot_w = MAX (1.0, width - plot_x - KH_CHART_MARGIN - value_w - KH_CHART_GAP);
  bottom = top + result->n_inputs * row;
  layout->plot_x = plot_x;
  layout->plot_y = top;
  layout->plot_width = plot_w;
  layout->plot_height = bottom - top;
  layout->row_height = row;
  layout->n_rows = (int) result->n_inputs;
  layout->label_font_size = size;

  for (int tick = 0; tick <= 5; tick++)
    {
      g_autofree char *text = g_strdup_printf ("%.1f", tick / 5.0);
      double x = plot_x + plot_w * tick / 5.0;

      kh_palette_set_source (cr, view->style, KH_COLOR_GRID, 1.0);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      kh_chart_show_text (cr, view, text, size, FALSE, x, bottom + 2, 0.5, 0, 0.8, NULL);
    }

  for (guint r = 0; r < result->n_inputs; r++)
    {
      guint i = order[r];
      double y = top + r * row, cy = y + row / 2;
      double st = CLAMP (isnan (total[i]) ? 0 : total[i], 0, 1);
      double s1 = CLAMP (isnan (first[i]) ? 0 : first[i], 0, 1);
      double bh = MIN (row * 0.7, size * 2.4);
      KhChartBox boxes[2] = { { plot_x, cy - bh / 2, plot_w * st, bh, i, 1 },
                              { plot_x, cy - bh / 4, plot_w * s1, bh / 2, i, 0 } };
      KhChartLabel label;
      g_autofree char *value = NULL;
      double h;

      label.width = kh_chart_show_text (cr, view, labels[i], size, FALSE, plot_x - 2 * KH_CHART_GAP,
                                        cy, 1, 0.5, 1.0, &h);
      label.x = plot_x - 2 * KH_CHART_GAP - label.width;
      label.y = cy - h / 2;
      label.height = h;
      label.unit = i;
      label.right = FALSE;
      g_array_append_val (layout->labels, label);
      kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, 0.3);
      cairo_rectangle (cr, boxes[0].x, boxes[0].y, boxes[0].width, boxes[0].height);
      cairo_fill (cr);
      kh_palette_set_source (cr, view->style, KH_COLOR_ADVANCE, 1.0);
      cairo_rectangle (cr, boxes[1].x, boxes[1].y, boxes[1].width, boxes[1].height);
      cairo_fill (cr);
      g_array_append_vals (layout->boxes, boxes, 2);
      /* TRANSLATORS: printed instead of the indices when the rank never changed */
      value = isnan (total[i]) ? g_strdup (_("no change")) : g_strdup_printf ("%.2f / %.2f", first[i], total[i]);
      kh_chart_show_text (cr, view, value, size, FALSE, plot_x + plot_w + KH_CHART_GAP, cy, 0, 0.5,
                          0.85, NULL);
    }
  kh_chart_show_text (cr, view, _("Sobol index: the share of the variance of the rank"), size,
                      FALSE, plot_x + plot_w / 2, bottom + size * line_h + 4, 0.5, 0, 0.8, NULL);
  cairo_restore (cr);
  kh_watermark_draw (cr, view->watermark, width, height, view->style == KH_PALETTE_DARK);
}

char *
kh_index_chart_input_label (const KhSensitivityResult *result,
                            guint                      input,
                            KhFramework               *framework,
                            KhLang                     lang)
{
  const char *id;
  KhNode *node;
  const char *name;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (input < result->n_inputs, NULL);

  if (!result->input_generated[input])
    return g_strdup (result->input_names[input]);
  id = result->input_nodes[input];
  node = framework != NULL && id != NULL ? kh_framework_find_node (framework, id) : NULL;
  name = node != NULL ? kh_text_get (&node->name, lang) : NULL;
  /* TRANSLATORS: an uncertain input: the weights of the children of a node */
  return g_strdup_printf (_("Weights under %s"), name != NULL ? name : id);
}
