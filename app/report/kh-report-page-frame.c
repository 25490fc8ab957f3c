/* kh-report-page-frame.c — the header and footer of every page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "charts/kh-palette.h"
#include "kh-report-private.h"

void
kh_report_draw_header_footer (KhReport *report,
                              cairo_t  *cr,
                              guint     page)
{
  const KhPage *p = &report->page;
  double left = p->margin_left, width = kh_page_content_width (p);
  double top = p->margin_top - 10.0 - 18.0;
  double bottom = p->height - p->margin_bottom + 10.0;
  g_autofree char *title = kh_report_title_with_years (report);
  /* The unit report has no closing area: its id stays in every footer; the others end
   * with the verification line (kh_report_verification_line). */
  g_autofree char *id = report->kind == KH_REPORT_UNIT ? g_strdup_printf (_("Report %s"), report->id)
                                                       : g_strdup ("");
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, report->pages->len);
  g_autofree char *date = g_strdup_printf (_("Generated %s"), report->data->date);

  cairo_save (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.75);
  kh_report_draw_text (cr, title, left, top, width * 0.6, 8.0, FALSE, KH_ALIGN_LEFT, TRUE);
  kh_report_draw_text (cr, report->data->project_name, left + width * 0.6, top, width * 0.4, 8.0, FALSE,
             KH_ALIGN_RIGHT, TRUE);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, left, p->margin_top - 10.0);
  cairo_line_to (cr, left + width, p->margin_top - 10.0);
  cairo_move_to (cr, left, bottom - 4.0);
  cairo_line_to (cr, left + width, bottom - 4.0);
  cairo_stroke (cr);
  kh_report_draw_text (cr, id, left, bottom, width / 3, 8.0, FALSE, KH_ALIGN_LEFT, TRUE);
  kh_report_draw_text (cr, date, left + width / 3, bottom, width / 3, 8.0, FALSE, KH_ALIGN_CENTER, TRUE);
  kh_report_draw_text (cr, number, left + 2 * width / 3, bottom, width / 3, 8.0, FALSE, KH_ALIGN_RIGHT, TRUE);
  cairo_restore (cr);
}
