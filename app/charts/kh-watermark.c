/* kh-watermark.c — DEMONSTRATION DATA and DRAFT across a chart or a report page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-text.h"
#include "kh-watermark.h"

/* The text spans this share of the diagonal, and is never larger than this size. */
#define SPAN 0.72
#define MAX_SIZE 96.0
/* Opacity of the ink: faint enough to read through, dark enough to show in greyscale. */
#define INK_ALPHA 0.16

static const char *const names[] = { "none", "demonstration", "draft" };

const char *
kh_watermark_get_text (KhWatermark mark)
{
  switch (mark)
    {
    case KH_WATERMARK_DEMONSTRATION:
      return _("DEMONSTRATION DATA");
    case KH_WATERMARK_DRAFT:
      return _("DRAFT");
    case KH_WATERMARK_NONE:
    default:
      return NULL;
    }
}

void
kh_watermark_draw (cairo_t    *cr,
                   KhWatermark mark,
                   double      width,
                   double      height,
                   gboolean    dark)
{
  const char *text = kh_watermark_get_text (mark);
  g_autoptr (PangoLayout) layout = NULL;
  double diagonal = hypot (width, height), angle = atan2 (height, width);
  double w = 0, h = 0, size;

  g_return_if_fail (cr != NULL);
  if (text == NULL || width <= 0 || height <= 0)
    return;

  /* Measured at 100 units, then scaled (text size is linear in the font size) so that it
   * spans SPAN of the diagonal and its slanted bounding box fits 90 % of the box. */
  layout = kh_chart_text_layout (cr, text, 100.0, TRUE);
  kh_chart_text_size (layout, &w, &h);
  w = MAX (w, 1.0);
  h = MAX (h, 1.0);
  size = MIN (MAX_SIZE, 100.0 * SPAN * diagonal / w);
  size = MIN (size, 100.0 * 0.9 * width / (w * cos (angle) + h * sin (angle)));
  size = MIN (size, 100.0 * 0.9 * height / (w * sin (angle) + h * cos (angle)));
  g_clear_object (&layout);
  layout = kh_chart_text_layout (cr, text, size, TRUE);
  kh_chart_text_size (layout, &w, &h);

  cairo_save (cr);
  cairo_translate (cr, width / 2, height / 2);
  cairo_rotate (cr, -angle);
  if (dark)
    cairo_set_source_rgba (cr, 1, 1, 1, INK_ALPHA);
  else
    cairo_set_source_rgba (cr, 0.35, 0.1, 0.1, INK_ALPHA);
  cairo_move_to (cr, -w / 2, -h / 2);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

const char *
kh_watermark_to_string (KhWatermark mark)
{
  g_return_val_if_fail (mark <= KH_WATERMARK_DRAFT, NULL);
  return names[mark];
}

gboolean
kh_watermark_from_string (const char  *name,
                          KhWatermark *mark)
{
  g_return_val_if_fail (mark != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *mark = (KhWatermark) i;
        return TRUE;
      }
  return FALSE;
}
