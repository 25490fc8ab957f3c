/* kh-report-paginate.c — sections laid out into pages: heading, table runs, chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "charts/kh-palette.h"
#include "kh-report-private.h"

static char *
section_subtitle (KhReport      *report,
                  KhReportGroup *group)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u unit", "%s · %u units",
                                       group->chart->units->len),
                          group->category_title, group->chart->units->len);
}

static double
heading_height (KhReport      *report,
                cairo_t       *cr,
                KhReportGroup *group)
{
  double width = kh_page_content_width (&report->page);
  g_autofree char *subtitle = section_subtitle (report, group);

  return kh_report_text_height (cr, group->name, HEADING_SIZE, TRUE, width)
         + kh_report_text_height (cr, subtitle, BODY_SIZE, FALSE, width) + GAP;
}

static char *
chart_caption (KhReport      *report,
               KhReportGroup *group)
{
  KhReportData *data = report->data;

  if (report->kind == KH_REPORT_ANNUAL)
    return g_strdup_printf (_("Rank changes %d–%d: %s"), data->years[0], data->year, group->name);
  return g_strdup_printf (_("Ranks %d and %d: %s"), data->years[report->from], data->years[report->to],
                          group->name);
}

/* The height a rank chart of @group would like: a row per unit plus axes. */
static double
chart_wanted (KhReportGroup *group)
{
  return MAX (220.0, group->chart->units->len * CHART_ROW + 80.0);
}

static GArray *
new_page (KhReport *report)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  g_ptr_array_add (report->pages, items);
  return items;
}

static void
add_item (GArray   *items,
          ItemKind  kind,
          double    y,
          double    height,
          Section  *section)
{
  Item item = { kind, y, height, section, 0, 0, section != NULL ? section->group : NULL };

  g_array_append_val (items, item);
}

static void
paginate_section (KhReport *report,
                  cairo_t  *cr,
                  Section  *section)
{
  double content = kh_page_content_height (&report->page);
  double width = kh_page_content_width (&report->page);
  g_autofree char *caption = chart_caption (report, section->group);
  double caption_h = kh_report_text_height (cr, caption, CAPTION_SIZE, TRUE, width) + 4;
  double continued_h = kh_report_text_height (cr, section->group->name, BODY_SIZE, TRUE, width) + 4;
  guint n_rows = kh_report_table_get_n_rows (section->table);
  GArray *items = new_page (report);
  double y = heading_height (report, cr, section->group);
  double want = chart_wanted (section->group) + caption_h;
  guint first = 0;

  section->first_page = (int) report->pages->len - 1;
  add_item (items, ITEM_HEADING, 0, y, section);
  kh_report_table_measure (section->table, cr, width, BODY_SIZE);

  /* Comparison: the slope chart first, as large as it wants within the page. */
  if (report->kind == KH_REPORT_COMPARE)
    {
      double height = MIN (want, content - y);

      add_item (items, ITEM_CHART, y, height, section);
      y += height + GAP;
    }

  while (first < n_rows)
    {
      guint n = kh_report_table_fit (section->table, first, content - y);
      Item *item;

      if (n == 0 && y > continued_h + 1e-6)
        {
          /* Not one row fits below what is already there: next page. */
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          y = continued_h;
          continue;
        }
      n = MAX (n, 1); /* a row taller than a page: never loop, draw it anyway */
      add_item (items, ITEM_TABLE, y, kh_report_table_height (section->table, first, n), section);
      item = &g_array_index (items, Item, items->len - 1);
      item->first = first;
      item->n = n;
      y += item->height;
      first += n;
      if (first < n_rows)
        {
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          y = continued_h;
        }
    }

  if (report->kind == KH_REPORT_ANNUAL)
    {
      y += GAP;
      if (content - y < MIN (want, content - continued_h))
        {
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          y = continued_h;
        }
      add_item (items, ITEM_CHART, y, MIN (content - y, want), section);
    }
}

guint
kh_report_paginate (KhReport     *report,
                    const KhPage *page)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (page != NULL, 0);

  report->page = *page;
  g_ptr_array_set_size (report->pages, 0);

  /* Text is measured with hinting off, so any surface gives the sizes the PDF gets. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);

  if (report->kind == KH_REPORT_ANNUAL)
    {
      GArray *items = new_page (report);

      add_item (items, ITEM_COVER, 0, kh_page_content_height (page), NULL);
    }
  for (guint s = 0; s < report->sections->len; s++)
    paginate_section (report, cr, report->sections->pdata[s]);
  for (guint p = 0; p < report->profiles->len; p++)
    {
      GArray *items = new_page (report);
      Item item = *(Item *) report->profiles->pdata[p];

      item.height = kh_page_content_height (page);
      g_array_append_val (items, item);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return report->pages->len;
}

void
kh_report_draw_heading (KhReport *report,
                        cairo_t  *cr,
                        Item     *item)
{
  double width = kh_page_content_width (&report->page);
  g_autofree char *subtitle = section_subtitle (report, item->group);
  double y = item->y;

  y += kh_report_draw_text (cr, item->group->name, 0, y, width, HEADING_SIZE, TRUE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  kh_report_draw_text (cr, subtitle, 0, y, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
}

void
kh_report_draw_continued (KhReport *report,
                          cairo_t  *cr,
                          Item     *item)
{
  g_autofree char *text = g_strdup_printf (_("%s (continued)"), item->group->name);

  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  kh_report_draw_text (cr, text, 0, item->y, kh_page_content_width (&report->page), BODY_SIZE, TRUE,
             KH_ALIGN_LEFT, TRUE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
}

void
kh_report_draw_chart (KhReport *report,
                      cairo_t  *cr,
                      Item     *item)
{
  KhChartData *chart = item->group->chart;
  double width = kh_page_content_width (&report->page);
  g_autofree char *caption = chart_caption (report, item->group);
  double caption_h = kh_report_draw_text (cr, caption, 0, item->y, width, CAPTION_SIZE, TRUE, KH_ALIGN_LEFT, FALSE) + 4;
  int from = chart->year_from, to = chart->year_to;

  /* The annual report shows every year up to the report year, the comparison two. */
  chart->year_from = report->kind == KH_REPORT_ANNUAL ? 0 : report->from;
  chart->year_to = report->to;
  cairo_save (cr);
  cairo_translate (cr, 0, item->y + caption_h);
  cairo_rectangle (cr, 0, 0, width, item->height - caption_h);
  cairo_clip (cr);
  kh_chart_draw (item->section->chart, chart, cr, width, item->height - caption_h, NULL);
  cairo_restore (cr);
  chart->year_from = from;
  chart->year_to = to;
}
