/* kh-report-paginate.c — sections laid out into pages: heading, table runs, chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "charts/kh-palette.h"
#include "core/kh-tier-name.h"
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
  g_autofree char *notes = kh_report_section_notes (report, group);

  return kh_report_text_height (cr, group->name, HEADING_SIZE, TRUE, width)
         + kh_report_text_height (cr, subtitle, BODY_SIZE, FALSE, width)
         + (notes != NULL ? kh_report_text_height (cr, notes, BODY_SIZE, FALSE, width) : 0) + GAP;
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

/* Widows: a table run never leaves fewer than this many rows for the next page. */
#define MIN_RUN 3

/* Rows of @table from the top of what is left at *@y, over as many pages as they need
 * (each run below its own header, "… (continued)" on top of every page after the first);
 * @caption, when not NULL, stays with the first rows. Returns the last page's items. */
static GArray *
paginate_table (KhReport      *report,
                cairo_t       *cr,
                Section       *section,
                KhReportTable *table,
                const char    *caption,
                GArray        *items,
                double        *y)
{
  double content = kh_page_content_height (&report->page);
  double width = kh_page_content_width (&report->page);
  double continued_h = kh_report_text_height (cr, section->group->name, BODY_SIZE, TRUE, width) + 4;
  guint n_rows, first = 0;

  kh_report_table_measure (table, cr, width, BODY_SIZE);
  n_rows = kh_report_table_get_n_rows (table);
  if (caption != NULL)
    {
      double caption_h = kh_report_text_height (cr, caption, CAPTION_SIZE, TRUE, width) + 4;
      double keep = caption_h + kh_report_table_height (table, 0, MIN (n_rows, MIN_RUN));
      Item *item;

      /* a caption never ends a page: it moves with its first rows */
      if (*y + keep > content && *y > continued_h + 1e-6)
        {
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          *y = continued_h;
        }
      add_item (items, ITEM_CAPTION, *y, caption_h, section);
      item = &g_array_index (items, Item, items->len - 1);
      item->text = caption;
      *y += caption_h;
    }

  while (first < n_rows)
    {
      guint n = kh_report_table_fit (table, first, content - *y);
      Item *item;

      if (n == 0 && *y > continued_h + 1e-6)
        {
          /* Not one row fits below what is already there: next page. */
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          *y = continued_h;
          continue;
        }
      /* No row orphaned on a page of its own: leave at least MIN_RUN rows for the next. */
      if (n > MIN_RUN && first + n < n_rows && n_rows - (first + n) < MIN_RUN)
        n -= MIN_RUN - (n_rows - (first + n));
      n = MAX (n, 1); /* a row taller than a page: never loop, draw it anyway */
      add_item (items, ITEM_TABLE, *y, kh_report_table_height (table, first, n), section);
      item = &g_array_index (items, Item, items->len - 1);
      item->table = table;
      item->first = first;
      item->n = n;
      *y += item->height;
      first += n;
      if (first < n_rows)
        {
          items = new_page (report);
          add_item (items, ITEM_CONTINUED, 0, continued_h, section);
          *y = continued_h;
        }
    }
  return items;
}

static double
paginate_section (KhReport *report,
                  cairo_t  *cr,
                  Section  *section)
{
  double content = kh_page_content_height (&report->page);
  double width = kh_page_content_width (&report->page);
  g_autofree char *caption = chart_caption (report, section->group);
  double caption_h = kh_report_text_height (cr, caption, CAPTION_SIZE, TRUE, width) + 4;
  double continued_h = kh_report_text_height (cr, section->group->name, BODY_SIZE, TRUE, width) + 4;
  GArray *items = new_page (report);
  double y = heading_height (report, cr, section->group);
  double want = chart_wanted (section->group) + caption_h;

  section->first_page = (int) report->pages->len - 1;
  add_item (items, ITEM_HEADING, 0, y, section);

  /* Comparison: the slope chart first, as large as it wants within the page. */
  if (report->kind == KH_REPORT_COMPARE)
    {
      double height = MIN (want, content - y);

      add_item (items, ITEM_CHART, y, height, section);
      y += height + GAP;
    }

  items = paginate_table (report, cr, section, section->table, NULL, items, &y);

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
      y += MIN (content - y, want);
    }
  /* Annual, when the group's units recommend: the "321" table and its list. */
  if (section->recommend != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->recommend, section->recommend_caption, items, &y);
    }
  if (section->advanced != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->advanced, section->advanced_caption, items, &y);
    }
  /* Annual, when analysed: how robust the ranking is, then what the audit found. */
  if (section->robustness != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->robustness, section->robustness_caption, items, &y);
    }
  if (section->audit != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->audit, NULL, items, &y);
    }
  if (section->health != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->health, NULL, items, &y);
    }
  if (section->health_trend != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->health_trend,
                              _("Indicator health over the years: the coefficient of variation · "
                                "share of units at full points of each indicator, year by year"),
                              items, &y);
    }
  /* Annual, with the category's survey: its aggregates per unit and rater class. */
  if (section->survey != NULL)
    {
      y += GAP;
      items = paginate_table (report, cr, section, section->survey, section->survey_caption, items, &y);
    }
  return y;
}

static void
block_add (KhReport   *report,
           char       *text,
           double      size,
           gboolean    bold,
           KhAlign     align,
           double      space_after)
{
  Block *block = g_new0 (Block, 1);

  block->text = text;
  block->size = size;
  block->bold = bold;
  block->align = align;
  block->space_after = space_after;
  g_ptr_array_add (report->blocks, block);
}

/* The notice's paragraphs: issuer, title, date, the numbered notes, "Contents". */
static void
notice_blocks (KhReport *report)
{
  KhReportData *data = report->data;
  g_autoptr (GPtrArray) notes = kh_report_notes (report);

  g_ptr_array_set_size (report->blocks, 0);
  if (data->issuer != NULL && data->issuer[0] != '\0')
    {
      block_add (report, g_strdup (data->issuer), 20.0, TRUE, KH_ALIGN_CENTER, GAP);
      ((Block *) report->blocks->pdata[0])->accent = TRUE;
    }
  block_add (report, kh_report_notice_title (report), 16.0, TRUE, KH_ALIGN_CENTER, GAP / 2);
  block_add (report, kh_report_format_date (data->date, data->lang), 11.0, FALSE, KH_ALIGN_CENTER, 2 * GAP);
  block_add (report, g_strdup (_("Notes")), 12.0, TRUE, KH_ALIGN_LEFT, GAP / 2);
  for (guint n = 0; n < notes->len; n++)
    {
      g_autofree char *number = data->lang == KH_LANG_EN ? g_strdup_printf ("%u.", n + 1)
                                                         : kh_chinese_numeral ((int) n + 1);
      g_auto (GStrv) lines = g_strsplit (notes->pdata[n], "\n", -1);

      /* The note's first line numbered; its other lines (one per category or per groups
       * sharing a rule) indented below it, each a paragraph of its own. */
      for (guint l = 0; lines[l] != NULL; l++)
        {
          gboolean last = lines[l + 1] == NULL;

          block_add (report,
                     l == 0 ? g_strdup_printf (data->lang == KH_LANG_EN ? "%s %s" : "%s、%s", number, lines[0])
                            : g_strdup (lines[l]),
                     BODY_SIZE + 1, FALSE, KH_ALIGN_LEFT, last ? GAP / 2 : GAP / 5);
          if (l > 0)
            ((Block *) report->blocks->pdata[report->blocks->len - 1])->indent = 2 * (BODY_SIZE + 1);
        }
    }
  block_add (report, g_strdup (_("Contents")), 12.0, TRUE, KH_ALIGN_LEFT, GAP / 2);
}

static KhReportTable *
contents_table (KhReport *report)
{
  const char *titles[] = { _("Group"), _("Category"), _("Units"), _("Page") };
  const double widths[] = { 2.2, 2.6, 0.8, 0.8 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT };
  KhReportTable *table = kh_report_table_new (4, titles, widths, aligns);

  for (guint s = 0; s < report->sections->len; s++)
    {
      Section *section = report->sections->pdata[s];
      g_autofree char *units = g_strdup_printf ("%u", section->group->chart->units->len);
      /* The page is filled in once the sections are laid out (same height: one line). */
      const char *cells[] = { section->group->name, section->group->category_name, units, "0" };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

/* The front matter, flowed from the first page: every paragraph whole, then the contents
 * table over as many pages as it needs, its header repeated. */
static void
paginate_notice (KhReport *report,
                 cairo_t  *cr)
{
  double content = kh_page_content_height (&report->page);
  double width = kh_page_content_width (&report->page);
  GArray *items = new_page (report);
  double y = 0;
  guint first = 0, n_rows;

  notice_blocks (report);
  for (guint b = 0; b < report->blocks->len; b++)
    {
      Block *block = report->blocks->pdata[b];
      double h = kh_report_text_height (cr, block->text, block->size, block->bold, width - block->indent);
      /* A heading keeps company: it moves with the first line below it. */
      double need = h + (b + 1 == report->blocks->len || block->bold ? 3 * BODY_SIZE : 0);
      Item *item;

      if (y > 0 && y + need > content)
        {
          items = new_page (report);
          y = 0;
        }
      add_item (items, ITEM_TEXT, y, h, NULL);
      item = &g_array_index (items, Item, items->len - 1);
      item->first = b;
      y += h + block->space_after;
    }

  if (report->contents != NULL)
    kh_report_section_free (report->contents);
  report->contents = g_new0 (Section, 1);
  report->contents->table = contents_table (report);
  report->contents->first_page = 0;
  kh_report_table_measure (report->contents->table, cr, width, BODY_SIZE);
  n_rows = kh_report_table_get_n_rows (report->contents->table);
  while (first < n_rows)
    {
      guint n = kh_report_table_fit (report->contents->table, first, content - y);
      Item *item;

      if (n == 0 && y > 0)
        {
          items = new_page (report);
          y = 0;
          continue;
        }
      n = MAX (n, 1);
      add_item (items, ITEM_TABLE, y, kh_report_table_height (report->contents->table, first, n), report->contents);
      item = &g_array_index (items, Item, items->len - 1);
      item->first = first;
      item->n = n;
      first += n;
      y += item->height;
      if (first < n_rows)
        {
          items = new_page (report);
          y = 0;
        }
    }
}

/* The closing area below what is on the last page, or on a page of its own. */
static void
paginate_seal (KhReport *report,
               cairo_t  *cr,
               double    y)
{
  double content = kh_page_content_height (&report->page);
  double height = kh_report_seal_height (report, cr);
  GArray *items = report->pages->pdata[report->pages->len - 1];

  y += 2 * GAP;
  if (y + height > content)
    {
      items = new_page (report);
      y = 0;
    }
  add_item (items, ITEM_SEAL, y, height, NULL);
}

guint
kh_report_paginate (KhReport     *report,
                    const KhPage *page)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double y = 0;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (page != NULL, 0);

  report->page = *page;
  g_ptr_array_set_size (report->pages, 0);

  /* Text is measured with hinting off, so any surface gives the sizes the PDF gets. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);

  if (report->kind == KH_REPORT_ANNUAL)
    paginate_notice (report, cr);
  for (guint s = 0; s < report->sections->len; s++)
    y = paginate_section (report, cr, report->sections->pdata[s]);
  if (report->sections->len > 0)
    paginate_seal (report, cr, y);
  if (report->contents != NULL)
    for (guint s = 0; s < report->sections->len; s++)
      {
        g_autofree char *number = g_strdup_printf ("%d", ((Section *) report->sections->pdata[s])->first_page + 1);

        kh_report_table_set_cell (report->contents->table, s, 3, number);
      }
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
kh_report_draw_block (KhReport *report,
                      cairo_t  *cr,
                      Item     *item)
{
  Block *block = report->blocks->pdata[item->first];

  if (block->accent)
    cairo_set_source_rgb (cr, 0.75, 0.08, 0.08); /* the red of an official header (红头) */
  kh_report_draw_text (cr, block->text, block->indent, item->y,
                       kh_page_content_width (&report->page) - block->indent, block->size, block->bold,
                       block->align, FALSE);
  if (block->accent)
    {
      double y = item->y + item->height + block->space_after / 2;

      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, kh_page_content_width (&report->page), y);
      cairo_stroke (cr);
    }
}

void
kh_report_draw_caption (KhReport *report,
                        cairo_t  *cr,
                        Item     *item)
{
  kh_report_draw_text (cr, item->text, 0, item->y, kh_page_content_width (&report->page), CAPTION_SIZE, TRUE,
                       KH_ALIGN_LEFT, FALSE);
}

void
kh_report_draw_heading (KhReport *report,
                        cairo_t  *cr,
                        Item     *item)
{
  double width = kh_page_content_width (&report->page);
  g_autofree char *subtitle = section_subtitle (report, item->group);
  g_autofree char *notes = kh_report_section_notes (report, item->group);
  double y = item->y;

  y += kh_report_draw_text (cr, item->group->name, 0, y, width, HEADING_SIZE, TRUE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  y += kh_report_draw_text (cr, subtitle, 0, y, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  if (notes != NULL)
    {
      cairo_set_source_rgb (cr, 0.62, 0.22, 0.0); /* a warning's dark orange, legible in grey */
      kh_report_draw_text (cr, notes, 0, y, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
      kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
    }
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
