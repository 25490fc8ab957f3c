/* kh-report-text.c — numbers and text as every report prints them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "charts/kh-chart-text.h"
#include "kh-report-private.h"

char *
kh_report_format_score (double score,
                        int    precision)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;

  if (isnan (score))
    return g_strdup ("—");
  format = g_strdup_printf ("%%.%df", CLAMP (precision, 0, 6));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, score));
}

char *
kh_report_format_rank (int rank)
{
  return rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("—");
}

char *
kh_report_format_change (gboolean known,
                         int      change)
{
  if (!known)
    return g_strdup ("—");
  if (change > 0)
    return g_strdup_printf ("▲%d", change);
  if (change < 0)
    return g_strdup_printf ("▼%d", -change);
  return g_strdup ("0");
}

static const char *
report_title (KhReportKind kind)
{
  switch (kind)
    {
    case KH_REPORT_ANNUAL:
      return _("Annual results");
    case KH_REPORT_UNIT:
      return _("Unit profiles");
    case KH_REPORT_COMPARE:
    default:
      return _("Year-over-year comparison");
    }
}

char *
kh_report_title_with_years (KhReport *report)
{
  KhReportData *data = report->data;

  if (report->kind == KH_REPORT_COMPARE)
    return g_strdup_printf ("%s %d–%d", report_title (report->kind), data->years[report->from],
                            data->years[report->to]);
  return g_strdup_printf ("%s %d", report_title (report->kind), data->year);
}

/* ---- text ------------------------------------------------------------------------ */

static PangoLayout *
text_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             double      width,
             KhAlign     align,
             gboolean    one_line)
{
  PangoLayout *layout = kh_chart_text_layout (cr, text, size, bold);
  static const PangoAlignment alignments[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_CENTER };

  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignments[align]);
  if (one_line)
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  else
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

double
kh_report_text_height (cairo_t    *cr,
                       const char *text,
                       double      size,
                       gboolean    bold,
                       double      width)
{
  g_autoptr (PangoLayout) layout = text_layout (cr, text, size, bold, width, KH_ALIGN_LEFT, FALSE);
  double height;

  kh_chart_text_size (layout, NULL, &height);
  return height;
}

double
kh_report_draw_text (cairo_t    *cr,
                     const char *text,
                     double      x,
                     double      y,
                     double      width,
                     double      size,
                     gboolean    bold,
                     KhAlign     align,
                     gboolean    one_line)
{
  g_autoptr (PangoLayout) layout = text_layout (cr, text, size, bold, width, align, one_line);
  double height;

  kh_chart_text_size (layout, NULL, &height);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return height;
}
