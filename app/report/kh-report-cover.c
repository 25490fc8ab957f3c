/* kh-report-cover.c — the cover, and the header and footer of every page
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
  g_autofree char *id = g_strdup_printf (_("Report %s"), report->id);
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

void
kh_report_draw_cover (KhReport *report,
                      cairo_t  *cr)
{
  KhReportData *data = report->data;
  double width = kh_page_content_width (&report->page);
  g_autofree char *title = kh_report_title_with_years (report);
  g_autoptr (GPtrArray) categories = g_ptr_array_new ();
  g_autoptr (KhReportTable) facts = NULL;
  g_autoptr (KhReportTable) contents = NULL;
  g_autofree char *head = data->chain_seq > 0
                            ? g_strdup_printf ("%s (#%" G_GINT64_FORMAT ")", data->chain_head, data->chain_seq)
                            : g_strdup (data->chain_head);
  g_autofree char *year = g_strdup_printf ("%d", data->year);
  const char *fact_titles[] = { _("Item"), _("Value") };
  const double fact_widths[] = { 1.0, 3.2 };
  const char *contents_titles[] = { _("Group"), _("Category"), _("Units"), _("Page") };
  const double contents_widths[] = { 2.2, 2.6, 0.8, 0.8 };
  const KhAlign contents_aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT };
  double y = 60.0;

  y += kh_report_draw_text (cr, title, 0, y, width, 24.0, TRUE, KH_ALIGN_LEFT, FALSE) + 6;
  for (guint s = 0; s < report->sections->len; s++)
    {
      Section *section = report->sections->pdata[s];

      if (!g_ptr_array_find_with_equal_func (categories, section->group->category_title, g_str_equal, NULL))
        g_ptr_array_add (categories, section->group->category_title);
    }
  for (guint c = 0; c < categories->len; c++)
    y += kh_report_draw_text (cr, categories->pdata[c], 0, y, width, 12.0, FALSE, KH_ALIGN_LEFT, FALSE);
  y += 3 * GAP;

  facts = kh_report_table_new (2, fact_titles, fact_widths, NULL);
  {
    const char *rows[][2] = {
      { _("Year"), year },
      { _("Generated"), data->date },
      { _("Project"), data->project_name },
      { _("Project id"), data->project_id },
      { _("Audit chain head"), head },
      { _("Report id"), report->id },
    };

    for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
      kh_report_table_add_row (facts, rows[r]);
  }
  kh_report_table_measure (facts, cr, width, BODY_SIZE);
  kh_report_table_draw (facts, cr, 0, y, 0, kh_report_table_get_n_rows (facts));
  y += kh_report_table_height (facts, 0, kh_report_table_get_n_rows (facts)) + 3 * GAP;

  y += kh_report_draw_text (cr, _("Contents"), 0, y, width, CAPTION_SIZE, TRUE, KH_ALIGN_LEFT, FALSE) + 4;
  contents = kh_report_table_new (4, contents_titles, contents_widths, contents_aligns);
  for (guint s = 0; s < report->sections->len; s++)
    {
      Section *section = report->sections->pdata[s];
      g_autofree char *units = g_strdup_printf ("%u", section->group->chart->units->len);
      g_autofree char *page = g_strdup_printf ("%d", section->first_page + 1);
      const char *cells[] = { section->group->name, section->group->category_title, units, page };

      kh_report_table_add_row (contents, cells);
    }
  kh_report_table_measure (contents, cr, width, BODY_SIZE);
  {
    /* Contents longer than the cover are cut at a whole row, with a note. */
    guint n = kh_report_table_fit (contents, 0, kh_page_content_height (&report->page) - y - 20);

    kh_report_table_draw (contents, cr, 0, y, 0, n);
    if (n < kh_report_table_get_n_rows (contents))
      {
        g_autofree char *more = g_strdup_printf (_("… and %u more groups"),
                                                 kh_report_table_get_n_rows (contents) - n);

        kh_report_draw_text (cr, more, 0, y + kh_report_table_height (contents, 0, n) + 4, width, BODY_SIZE,
                   FALSE, KH_ALIGN_LEFT, TRUE);
      }
  }
}
