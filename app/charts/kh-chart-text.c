/* kh-chart-text.c — text in charts: Pango layouts with CJK fallback, and label placement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-chart-text.h"

/* Noto Sans CJK first so that Chinese names render with one consistent face; fontconfig
 * falls back to the generic sans-serif font for anything else. */
#define KH_CHART_FONT_FAMILY "Noto Sans CJK SC,Noto Sans,Sans"

PangoLayout *
kh_chart_text_layout (cairo_t    *cr,
                      const char *text,
                      double      size,
                      gboolean    bold)
{
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoLayout *layout = pango_cairo_create_layout (cr);

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (font, KH_CHART_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
kh_chart_text_size (PangoLayout *layout,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static int
compare_want (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const double *want = user_data;
  double x = want[*(const guint *) a];
  double y = want[*(const guint *) b];

  if (x != y)
    return x < y ? -1 : 1;
  /* Stable for equal wishes: keep the caller's order. */
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

gboolean
kh_chart_spread_labels (const double *want,
                        double       *placed,
                        guint        *order,
                        guint         n,
                        double        height,
                        double        top,
                        double        bottom)
{
  if (n == 0)
    return TRUE;
  if (n * height > bottom - top + 1e-9)
    return FALSE;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_want, (gpointer) want);

  /* Downward pass: each label no higher than its wish, and below the previous one. */
  for (guint k = 0; k < n; k++)
    {
      guint i = order[k];
      double lowest = top + height / 2;

      if (k > 0)
        lowest = placed[order[k - 1]] + height;
      placed[i] = MAX (want[i], lowest);
    }

  /* Upward pass: pull back inside the band from the bottom. */
  for (guint k = n; k-- > 0;)
    {
      guint i = order[k];
      double highest = bottom - height / 2;

      if (k + 1 < n)
        highest = placed[order[k + 1]] - height;
      placed[i] = MIN (placed[i], highest);
    }
  return TRUE;
}
