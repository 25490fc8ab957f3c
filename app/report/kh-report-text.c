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
kh_report_format_score_marked (double score,
                               int    precision,
                               double coverage)
{
  g_autofree char *text = kh_report_format_score (score, precision);

  if (!isnan (score) && coverage < 1.0)
    return g_strconcat (text, " ◔", NULL);
  return g_steal_pointer (&text);
}

char *
kh_report_section_notes (KhReport      *report,
                         KhReportGroup *group)
{
  KhReportData *data = report->data;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint incomplete = 0;
  int year = report->kind == KH_REPORT_COMPARE ? report->to : kh_report_data_find_year (data, data->year);

  /* A rank change across a framework change compares two different measures. */
  if (report->kind == KH_REPORT_COMPARE)
    {
      const char *change = group->framework_changes[report->from];

      if (change != NULL && report->from != report->to)
        g_ptr_array_add (lines, g_strdup_printf (_("⚠ The framework changed between %d and %d (%s): the rank "
                                                   "changes compare results under different frameworks."),
                                                 data->years[report->from], data->years[report->to], change));
    }
  else if (group->last_year_change != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("⚠ The framework changed since %d (%s): the rank changes compare "
                                               "results under different frameworks."),
                                             data->year - 1, group->last_year_change));
  for (guint i = 0; i < group->chart->units->len; i++)
    {
      KhChartUnit *unit = group->chart->units->pdata[i];

      incomplete += year >= 0 && !isnan (unit->scores[year]) && kh_chart_unit_incomplete (unit, year);
    }
  if (incomplete > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "◔ incomplete data: part of the weight of %u unit’s "
                                                          "score has no data.",
                                                          "◔ incomplete data: part of the weight of %u units’ "
                                                          "scores has no data.",
                                                          incomplete),
                                             incomplete));
  if (lines->len == 0)
    return NULL;
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
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
