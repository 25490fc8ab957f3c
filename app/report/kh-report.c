/* kh-report.c — the three reports: laid out into pages first, then drawn page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is a list of items placed at heights inside the content box (heading, table
 * run, chart, cover, profile). Pagination only measures text; drawing replays the items.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "charts/kh-chart.h"
#include "charts/kh-chart-text.h"
#include "charts/kh-palette.h"
#include "kh-report-table.h"
#include "kh-report.h"

#define BODY_SIZE 9.0
#define HEADING_SIZE 14.0
#define CAPTION_SIZE 10.0
#define GAP 10.0
#define CHART_ROW 12.0 /* preferred height per unit in rank charts */

typedef enum
{
  ITEM_COVER,
  ITEM_HEADING,   /* the section's title block */
  ITEM_CONTINUED, /* "… (continued)" above a table run */
  ITEM_TABLE,
  ITEM_CHART,     /* caption and chart */
  ITEM_PROFILE,   /* a whole unit page */
} ItemKind;

typedef struct
{
  KhReportGroup *group;
  KhReportTable *table; /* owned: ranking (annual) or changes (compare) */
  KhChartType chart;
  int first_page;
} Section;

typedef struct
{
  ItemKind kind;
  double y, height;
  Section *section;
  guint first, n; /* table rows; profile: the row */
  KhReportGroup *group;
} Item;

struct _KhReport
{
  KhReportData *data;
  KhReportKind kind;
  char *category, *group, *unit;
  int from; /* year index compared with the report year */
  int to;   /* year index of the report year */
  char *id;
  KhPage page;
  GPtrArray *sections; /* of Section* */
  GPtrArray *profiles; /* of Item* templates (group, row) for unit reports */
  GPtrArray *pages;    /* of GArray of Item */
};

static const char *const kind_names[] = { "annual", "unit", "compare" };

const char *
kh_report_kind_to_string (KhReportKind kind)
{
  g_return_val_if_fail (kind <= KH_REPORT_COMPARE, NULL);
  return kind_names[kind];
}

gboolean
kh_report_kind_from_string (const char   *name,
                            KhReportKind *kind)
{
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (g_strcmp0 (name, kind_names[k]) == 0)
      {
        *kind = (KhReportKind) k;
        return TRUE;
      }
  return FALSE;
}

static void
section_free (Section *section)
{
  kh_report_table_free (section->table);
  g_free (section);
}

void
kh_report_free (KhReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->data, kh_report_data_unref);
  g_free (report->category);
  g_free (report->group);
  g_free (report->unit);
  g_free (report->id);
  g_ptr_array_unref (report->sections);
  g_ptr_array_unref (report->profiles);
  g_ptr_array_unref (report->pages);
  g_free (report);
}

/* ---- formatting ---------------------------------------------------------------- */

static char *
format_score (double score,
              int    precision)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;

  if (isnan (score))
    return g_strdup ("—");
  format = g_strdup_printf ("%%.%df", CLAMP (precision, 0, 6));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, score));
}

static char *
format_rank (int rank)
{
  return rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("—");
}

static char *
format_change (gboolean known,
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

static char *
report_title_with_years (KhReport *report)
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

static double
text_height (cairo_t    *cr,
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

static double
draw_text (cairo_t    *cr,
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

/* ---- scope ----------------------------------------------------------------------- */

static gboolean
unit_matches (KhReportGroup *group,
              guint          index,
              const char    *key)
{
  KhChartUnit *unit = group->chart->units->pdata[index];
  KhReportRow *row = group->rows->pdata[index];

  return g_strcmp0 (unit->id, key) == 0 || g_strcmp0 (row->name, key) == 0;
}

static KhReportTable *
ranking_table (KhReport      *report,
               KhReportGroup *group)
{
  const char *titles[] = { _("Rank"), _("Unit"), _("Score"), _("Tier"), _("Previous rank"),
                           _("Change"), _("Awards") };
  const double widths[] = { 0.8, 2.8, 1.0, 1.2, 1.5, 1.0, 1.9 };
  const KhAlign aligns[] = { KH_ALIGN_RIGHT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT,
                             KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);

  for (guint i = 0; i < group->rows->len; i++)
    {
      KhReportRow *row = group->rows->pdata[i];
      g_autofree char *rank = format_rank (row->rank);
      g_autofree char *score = format_score (row->score, group->precision);
      g_autofree char *prev = format_rank (row->prev_rank);
      g_autofree char *change = format_change (row->has_change, row->change);
      const char *cells[] = { rank, row->name, score, kh_report_group_tier_name (group, row->tier),
                              prev, change, row->awards };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

typedef struct
{
  guint index;
  gboolean known;
  int change;
  int rank;
} ChangeOrder;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const ChangeOrder *x = a, *y = b;

  if (x->known != y->known)
    return x->known ? -1 : 1;
  if (x->known && x->change != y->change)
    return x->change > y->change ? -1 : 1;
  if (x->rank != y->rank)
    {
      if (x->rank == 0 || y->rank == 0)
        return x->rank == 0 ? 1 : -1;
      return x->rank < y->rank ? -1 : 1;
    }
  return x->index < y->index ? -1 : x->index > y->index;
}

static KhReportTable *
changes_table (KhReport      *report,
               KhReportGroup *group)
{
  int y0 = report->data->years[report->from], y1 = report->data->years[report->to];
  g_autofree char *rank0 = g_strdup_printf (_("Rank %d"), y0);
  g_autofree char *rank1 = g_strdup_printf (_("Rank %d"), y1);
  g_autofree char *score0 = g_strdup_printf (_("Score %d"), y0);
  g_autofree char *score1 = g_strdup_printf (_("Score %d"), y1);
  g_autofree char *tier1 = g_strdup_printf (_("Tier %d"), y1);
  const char *titles[] = { _("Unit"), rank0, rank1, _("Change"), score0, score1, tier1 };
  const double widths[] = { 2.5, 1.2, 1.2, 1.0, 1.35, 1.35, 1.4 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT,
                             KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (ChangeOrder));

  for (guint i = 0; i < group->chart->units->len; i++)
    {
      KhChartUnit *unit = group->chart->units->pdata[i];
      ChangeOrder item = { i, FALSE, 0, unit->ranks[report->to] };

      item.known = kh_chart_unit_change (unit, report->from, report->to, &item.change);
      g_array_append_val (order, item);
    }
  g_array_sort (order, compare_changes);

  for (guint k = 0; k < order->len; k++)
    {
      ChangeOrder *item = &g_array_index (order, ChangeOrder, k);
      KhChartUnit *unit = group->chart->units->pdata[item->index];
      g_autofree char *r0 = format_rank (unit->ranks[report->from]);
      g_autofree char *r1 = format_rank (unit->ranks[report->to]);
      g_autofree char *change = format_change (item->known, item->change);
      g_autofree char *s0 = format_score (unit->scores[report->from], group->precision);
      g_autofree char *s1 = format_score (unit->scores[report->to], group->precision);
      const char *cells[] = { ((KhReportRow *) group->rows->pdata[item->index])->name, r0, r1, change, s0, s1,
                              kh_report_group_tier_name (group, unit->tiers[report->to]) };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

static gboolean
select_scope (KhReport *report,
              GError  **error)
{
  KhReportData *data = report->data;
  gboolean any_category = FALSE, any_group = FALSE, any_unit = FALSE;

  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      if (report->category != NULL && g_strcmp0 (group->category, report->category) != 0)
        continue;
      any_category = TRUE;
      if (report->group != NULL && g_strcmp0 (group->id, report->group) != 0
          && g_strcmp0 (group->name, report->group) != 0)
        continue;
      any_group = TRUE;

      if (report->kind == KH_REPORT_UNIT)
        {
          for (guint i = 0; i < group->chart->units->len; i++)
            if (report->unit == NULL || unit_matches (group, i, report->unit))
              {
                Item *item = g_new0 (Item, 1);

                item->kind = ITEM_PROFILE;
                item->group = group;
                item->first = i;
                g_ptr_array_add (report->profiles, item);
                any_unit = TRUE;
              }
        }
      else
        {
          Section *section = g_new0 (Section, 1);

          section->group = group;
          section->chart = report->kind == KH_REPORT_ANNUAL ? KH_CHART_BUMP : KH_CHART_SLOPE;
          section->table = report->kind == KH_REPORT_ANNUAL ? ranking_table (report, group)
                                                            : changes_table (report, group);
          g_ptr_array_add (report->sections, section);
        }
    }

  if (report->category != NULL && !any_category)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE,
                   _("%d has no results of category “%s”"), data->year, report->category);
      return FALSE;
    }
  if (report->group != NULL && !any_group)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE,
                   _("%d has no results of group “%s”"), data->year, report->group);
      return FALSE;
    }
  if (report->kind == KH_REPORT_UNIT && report->unit != NULL && !any_unit)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE,
                   _("%d has no results of unit “%s”"), data->year, report->unit);
      return FALSE;
    }
  if (report->sections->len == 0 && report->profiles->len == 0)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE,
                   _("%d has no results to report"), data->year);
      return FALSE;
    }
  return TRUE;
}

static char *
compute_id (KhReport *report)
{
  KhReportData *data = report->data;
  g_autofree char *text = g_strdup_printf ("kaohe-report-v1\nhead=%s\nyear=%d\nkind=%s\n"
                                           "scope=%s,%s,%s\nyears=%d-%d\n",
                                           data->chain_head, data->year, kind_names[report->kind],
                                           report->category != NULL ? report->category : "",
                                           report->group != NULL ? report->group : "",
                                           report->unit != NULL ? report->unit : "",
                                           data->years[report->from], data->years[report->to]);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strndup (hash, 12);
}

KhReport *
kh_report_new (KhReportData          *data,
               const KhReportOptions *options,
               GError               **error)
{
  g_autoptr (KhReport) report = NULL;
  KhPage page;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->kind <= KH_REPORT_COMPARE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = g_new0 (KhReport, 1);
  report->data = kh_report_data_ref (data);
  report->kind = options->kind;
  report->category = g_strdup (options->category);
  report->group = g_strdup (options->group);
  report->unit = g_strdup (options->unit);
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  report->profiles = g_ptr_array_new_with_free_func (g_free);
  report->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  report->to = kh_report_data_find_year (data, data->year);
  report->from = 0;
  if (options->compare_from != 0)
    {
      report->from = kh_report_data_find_year (data, options->compare_from);
      if (report->from < 0 || options->compare_from >= data->year)
        {
          g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                       _("cannot compare %d with %d: the years of the report are %d–%d"),
                       options->compare_from, data->year, data->years[0], data->year);
          return NULL;
        }
    }
  if (options->kind == KH_REPORT_COMPARE && report->from == report->to)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("a comparison needs the results of a year before %d"), data->year);
      return NULL;
    }

  if (!select_scope (report, error))
    return NULL;
  report->id = compute_id (report);

  kh_page_init_a4 (&page, options->orientation);
  kh_report_paginate (report, &page);
  return g_steal_pointer (&report);
}

const char *
kh_report_get_id (KhReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->id;
}

KhReportKind
kh_report_get_kind (KhReport *report)
{
  g_return_val_if_fail (report != NULL, KH_REPORT_ANNUAL);
  return report->kind;
}

guint
kh_report_get_n_pages (KhReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->pages->len;
}

const KhPage *
kh_report_get_page (KhReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return &report->page;
}

int
kh_report_get_group_page (KhReport   *report,
                          const char *group_id)
{
  g_return_val_if_fail (report != NULL, -1);

  for (guint s = 0; s < report->sections->len; s++)
    {
      Section *section = report->sections->pdata[s];

      if (g_strcmp0 (section->group->id, group_id) == 0)
        return section->first_page;
    }
  for (guint p = 0; p < report->profiles->len; p++)
    {
      Item *item = report->profiles->pdata[p];

      if (g_strcmp0 (item->group->id, group_id) == 0)
        return (int) p;
    }
  return -1;
}

/* ---- pagination ------------------------------------------------------------------ */

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

  return text_height (cr, group->name, HEADING_SIZE, TRUE, width)
         + text_height (cr, subtitle, BODY_SIZE, FALSE, width) + GAP;
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
  double caption_h = text_height (cr, caption, CAPTION_SIZE, TRUE, width) + 4;
  double continued_h = text_height (cr, section->group->name, BODY_SIZE, TRUE, width) + 4;
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

/* ---- drawing --------------------------------------------------------------------- */

static void
draw_header_footer (KhReport *report,
                    cairo_t  *cr,
                    guint     page)
{
  const KhPage *p = &report->page;
  double left = p->margin_left, width = kh_page_content_width (p);
  double top = p->margin_top - 10.0 - 18.0;
  double bottom = p->height - p->margin_bottom + 10.0;
  g_autofree char *title = report_title_with_years (report);
  g_autofree char *id = g_strdup_printf (_("Report %s"), report->id);
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, report->pages->len);
  g_autofree char *date = g_strdup_printf (_("Generated %s"), report->data->date);

  cairo_save (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.75);
  draw_text (cr, title, left, top, width * 0.6, 8.0, FALSE, KH_ALIGN_LEFT, TRUE);
  draw_text (cr, report->data->project_name, left + width * 0.6, top, width * 0.4, 8.0, FALSE,
             KH_ALIGN_RIGHT, TRUE);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, left, p->margin_top - 10.0);
  cairo_line_to (cr, left + width, p->margin_top - 10.0);
  cairo_move_to (cr, left, bottom - 4.0);
  cairo_line_to (cr, left + width, bottom - 4.0);
  cairo_stroke (cr);
  draw_text (cr, id, left, bottom, width / 3, 8.0, FALSE, KH_ALIGN_LEFT, TRUE);
  draw_text (cr, date, left + width / 3, bottom, width / 3, 8.0, FALSE, KH_ALIGN_CENTER, TRUE);
  draw_text (cr, number, left + 2 * width / 3, bottom, width / 3, 8.0, FALSE, KH_ALIGN_RIGHT, TRUE);
  cairo_restore (cr);
}

static void
draw_heading (KhReport *report,
              cairo_t  *cr,
              Item     *item)
{
  double width = kh_page_content_width (&report->page);
  g_autofree char *subtitle = section_subtitle (report, item->group);
  double y = item->y;

  y += draw_text (cr, item->group->name, 0, y, width, HEADING_SIZE, TRUE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  draw_text (cr, subtitle, 0, y, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
}

static void
draw_continued (KhReport *report,
                cairo_t  *cr,
                Item     *item)
{
  g_autofree char *text = g_strdup_printf (_("%s (continued)"), item->group->name);

  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  draw_text (cr, text, 0, item->y, kh_page_content_width (&report->page), BODY_SIZE, TRUE,
             KH_ALIGN_LEFT, TRUE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
}

static void
draw_chart (KhReport *report,
            cairo_t  *cr,
            Item     *item)
{
  KhChartData *chart = item->group->chart;
  double width = kh_page_content_width (&report->page);
  g_autofree char *caption = chart_caption (report, item->group);
  double caption_h = draw_text (cr, caption, 0, item->y, width, CAPTION_SIZE, TRUE, KH_ALIGN_LEFT, FALSE) + 4;
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

static void
draw_cover (KhReport *report,
            cairo_t  *cr)
{
  KhReportData *data = report->data;
  double width = kh_page_content_width (&report->page);
  g_autofree char *title = report_title_with_years (report);
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

  y += draw_text (cr, title, 0, y, width, 24.0, TRUE, KH_ALIGN_LEFT, FALSE) + 6;
  for (guint s = 0; s < report->sections->len; s++)
    {
      Section *section = report->sections->pdata[s];

      if (!g_ptr_array_find_with_equal_func (categories, section->group->category_title, g_str_equal, NULL))
        g_ptr_array_add (categories, section->group->category_title);
    }
  for (guint c = 0; c < categories->len; c++)
    y += draw_text (cr, categories->pdata[c], 0, y, width, 12.0, FALSE, KH_ALIGN_LEFT, FALSE);
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

  y += draw_text (cr, _("Contents"), 0, y, width, CAPTION_SIZE, TRUE, KH_ALIGN_LEFT, FALSE) + 4;
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

        draw_text (cr, more, 0, y + kh_report_table_height (contents, 0, n) + 4, width, BODY_SIZE,
                   FALSE, KH_ALIGN_LEFT, TRUE);
      }
  }
}

/* ---- unit profile ---------------------------------------------------------------- */

typedef struct
{
  guint index;
  double rate;
} IndicatorRate;

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  const IndicatorRate *x = a, *y = b;

  if (x->rate != y->rate)
    return x->rate > y->rate ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static char *
format_percent (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("—");
  g_ascii_formatd (buf, sizeof buf, "%.1f", value * 100);
  return g_strdup_printf ("%s%%", buf);
}

static KhReportTable *
indicator_table (KhReportGroup *group,
                 KhReportRow   *row,
                 GArray        *rates,
                 gboolean       strongest,
                 guint          count)
{
  const char *titles[] = { strongest ? _("Strongest indicators") : _("Weakest indicators"),
                           _("Score"), _("Full marks"), _("Rate") };
  const double widths[] = { 3.4, 1.0, 1.0, 1.0 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT };
  KhReportTable *table = kh_report_table_new (4, titles, widths, aligns);

  for (guint k = 0; k < MIN (count, rates->len); k++)
    {
      guint pos = strongest ? k : rates->len - 1 - k;
      IndicatorRate *rate = &g_array_index (rates, IndicatorRate, pos);
      KhReportNode *node = group->indicators->pdata[rate->index];
      g_autofree char *score = format_score (row->indicator_scores[rate->index], 2);
      g_autofree char *full = format_score (node->points, 2);
      g_autofree char *percent = format_percent (rate->rate);
      const char *cells[] = { node->name, score, full, percent };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

#define PROFILE_TABLES 5
#define RADAR_MIN 230.0

typedef struct
{
  double x, y, width, height;
} Box;

/* Places the summary across the page below @top, the other tables in @n_columns columns
 * below it, then the radar in what is left of the last column used; FALSE when that does
 * not fit the page. */
static gboolean
flow_profile (KhReport       *report,
              cairo_t        *cr,
              KhReportTable **tables,
              double          top,
              int             n_columns,
              double          font_size,
              Box            *boxes,
              Box            *radar)
{
  double width = kh_page_content_width (&report->page);
  double height = kh_page_content_height (&report->page);
  double column = (width - (n_columns - 1) * 2 * GAP) / n_columns;
  int col = 0;
  double y;

  /* The summary spans the page; the other tables flow in the columns below it. */
  kh_report_table_measure (tables[0], cr, width, font_size);
  boxes[0] = (Box) { 0, top, width, kh_report_table_height (tables[0], 0, 1) };
  top += boxes[0].height + GAP;
  y = top;
  for (guint t = 1; t < PROFILE_TABLES; t++)
    {
      double h;

      kh_report_table_measure (tables[t], cr, column, font_size);
      h = kh_report_table_height (tables[t], 0, kh_report_table_get_n_rows (tables[t]));
      if (y + h > height && col + 1 < n_columns)
        {
          col++;
          y = top;
        }
      if (y + h > height)
        return FALSE;
      boxes[t] = (Box) { col * (column + 2 * GAP), y, column, h };
      y += h + GAP;
    }
  if (height - y < RADAR_MIN && col + 1 < n_columns)
    {
      col++;
      y = top;
    }
  *radar = (Box) { col * (column + 2 * GAP), y, column, height - y };
  return radar->height >= RADAR_MIN;
}

static void
draw_radar (KhReport      *report,
            cairo_t       *cr,
            KhReportGroup *group,
            KhChartUnit   *unit,
            const Box     *box)
{
  g_autofree char *saved = g_steal_pointer (&group->chart->highlight);
  int to = group->chart->year_to;
  double caption_h = draw_text (cr, _("Profile against the group mean"), box->x, box->y, box->width,
                                CAPTION_SIZE, TRUE, KH_ALIGN_LEFT, FALSE) + 4;

  group->chart->highlight = g_strdup (unit->id);
  group->chart->year_to = report->to;
  cairo_save (cr);
  cairo_translate (cr, box->x, box->y + caption_h);
  cairo_rectangle (cr, 0, 0, box->width, box->height - caption_h);
  cairo_clip (cr);
  kh_chart_draw (KH_CHART_RADAR, group->chart, cr, box->width, box->height - caption_h, NULL);
  cairo_restore (cr);
  g_free (group->chart->highlight);
  group->chart->highlight = g_steal_pointer (&saved);
  group->chart->year_to = to;
}

static KhReportTable *
summary_table (KhReportGroup *group,
               KhReportRow   *row)
{
  const char *titles[] = { _("Score"), _("Rank"), _("Tier"), _("Previous rank"), _("Change"), _("Awards") };
  const double widths[] = { 1, 1, 1.2, 1.3, 1, 1.6 };
  g_autofree char *score = format_score (row->score, group->precision);
  g_autofree char *rank = row->rank > 0 ? g_strdup_printf (_("%d of %u"), row->rank, group->rows->len)
                                        : g_strdup ("—");
  g_autofree char *prev = format_rank (row->prev_rank);
  g_autofree char *change = format_change (row->has_change, row->change);
  const char *cells[] = { score, rank, kh_report_group_tier_name (group, row->tier), prev, change,
                          row->awards[0] != '\0' ? row->awards : "—" };
  KhReportTable *table = kh_report_table_new (6, titles, widths, NULL);

  kh_report_table_add_row (table, cells);
  return table;
}

static KhReportTable *
parts_table (KhReportGroup *group,
             KhReportRow   *row)
{
  const char *titles[] = { _("Exam paper and dimension"), _("Score"), _("Full marks"), _("Group mean") };
  const double widths[] = { 3.0, 1.0, 1.0, 1.1 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT };
  KhReportTable *table = kh_report_table_new (4, titles, widths, aligns);

  for (guint n = 0; n < group->nodes->len; n++)
    {
      KhReportNode *node = group->nodes->pdata[n];
      g_autofree char *s = format_score (row->node_scores[n], 2);
      g_autofree char *full = format_score (node->points, 2);
      g_autofree char *mean = format_score (group->node_means[n], 2);
      const char *cells[] = { node->name, s, full, mean };

      kh_report_table_add_row (table, cells);
      if (node->depth <= 1)
        kh_report_table_set_bold (table, n);
      else
        kh_report_table_set_indent (table, n, 10.0 * (node->depth - 1));
    }
  return table;
}

static KhReportTable *
history_table (KhReportData  *data,
               KhReportGroup *group,
               KhChartUnit   *unit)
{
  const char *titles[] = { _("Year"), _("Rank"), _("Tier"), _("Score") };
  const double widths[] = { 1, 1, 1.4, 1 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT };
  KhReportTable *table = kh_report_table_new (4, titles, widths, aligns);

  for (int i = 0; i < data->n_years; i++)
    {
      g_autofree char *year = g_strdup_printf ("%d", data->years[i]);
      g_autofree char *r = format_rank (unit->ranks[i]);
      g_autofree char *s = format_score (unit->scores[i], group->precision);
      const char *cells[] = { year, r, kh_report_group_tier_name (group, unit->tiers[i]), s };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

static void
draw_profile (KhReport *report,
              cairo_t  *cr,
              Item     *item)
{
  KhReportData *data = report->data;
  KhReportGroup *group = item->group;
  KhReportRow *row = group->rows->pdata[item->first];
  KhChartUnit *unit = group->chart->units->pdata[item->first];
  gboolean landscape = report->page.width > report->page.height;
  double width = kh_page_content_width (&report->page);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %d", group->name, group->category_title, data->year);
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (IndicatorRate));
  KhReportTable *tables[PROFILE_TABLES];
  /* Tried in order until everything fits: columns, then font size. */
  static const struct { int columns; double font; } portrait[] = { { 1, 9 }, { 1, 8 }, { 2, 8 }, { 2, 7 } };
  static const struct { int columns; double font; } wide[] = { { 2, 9 }, { 2, 8 }, { 2, 7 }, { 3, 7 } };
  Box boxes[PROFILE_TABLES], radar = { 0, 0, 0, 0 };
  double top = 0;
  gboolean fits = FALSE;

  top += draw_text (cr, row->name, 0, top, width, 18.0, TRUE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  top += draw_text (cr, subtitle, 0, top, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE) + GAP;
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);

  for (guint n = 0; n < group->indicators->len; n++)
    {
      KhReportNode *node = group->indicators->pdata[n];
      IndicatorRate rate = { n, row->indicator_scores[n] / node->points };

      if (!isnan (rate.rate) && node->points > 0)
        g_array_append_val (rates, rate);
    }
  g_array_sort (rates, compare_rates);

  tables[0] = summary_table (group, row);
  tables[1] = parts_table (group, row);
  tables[2] = history_table (data, group, unit);
  tables[3] = indicator_table (group, row, rates, TRUE, MIN (3, rates->len / 2 + rates->len % 2));
  tables[4] = indicator_table (group, row, rates, FALSE, MIN (3, rates->len / 2));

  for (guint k = 0; k < G_N_ELEMENTS (portrait) && !fits; k++)
    {
      int columns = landscape ? wide[k].columns : portrait[k].columns;
      double font = landscape ? wide[k].font : portrait[k].font;

      fits = flow_profile (report, cr, tables, top, columns, font, boxes, &radar);
    }

  for (guint t = 0; t < PROFILE_TABLES; t++)
    {
      kh_report_table_draw (tables[t], cr, boxes[t].x, boxes[t].y, 0, kh_report_table_get_n_rows (tables[t]));
      kh_report_table_free (tables[t]);
    }
  if (fits && group->chart->n_parts >= 3)
    draw_radar (report, cr, group, unit, &radar);
}

void
kh_report_draw_page (KhReport *report,
                     cairo_t  *cr,
                     guint     page)
{
  GArray *items;

  g_return_if_fail (report != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < report->pages->len);

  items = report->pages->pdata[page];
  cairo_save (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_BACKGROUND, 1.0);
  cairo_paint (cr);
  draw_header_footer (report, cr, page);

  cairo_translate (cr, report->page.margin_left, report->page.margin_top);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      cairo_save (cr);
      switch (item->kind)
        {
        case ITEM_COVER:
          draw_cover (report, cr);
          break;
        case ITEM_HEADING:
          draw_heading (report, cr, item);
          break;
        case ITEM_CONTINUED:
          draw_continued (report, cr, item);
          break;
        case ITEM_TABLE:
          kh_report_table_measure (item->section->table, cr, kh_page_content_width (&report->page), BODY_SIZE);
          kh_report_table_draw (item->section->table, cr, 0, item->y, item->first, item->n);
          break;
        case ITEM_CHART:
          draw_chart (report, cr, item);
          break;
        case ITEM_PROFILE:
        default:
          draw_profile (report, cr, item);
          break;
        }
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

gboolean
kh_report_write_pdf (KhReport   *report,
                     const char *path,
                     GError    **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Written beside the target and renamed: a failed run leaves no half file. */
  tmp = g_strdup_printf ("%s.tmp-%d", path, (int) getpid ());
  surface = cairo_pdf_surface_create (tmp, report->page.width, report->page.height);
  title = report_title_with_years (report);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kaohe " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, report->id);
  /* Reproducible output: the dates are the report's generation date. */
  {
    g_autofree char *date = g_strdup_printf ("%sT00:00:00Z", report->data->date);

    if (strlen (report->data->date) == 10)
      {
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
      }
  }
  cr = cairo_create (surface);
  for (guint p = 0; p < report->pages->len; p++)
    {
      kh_report_draw_page (report, cr, p);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_WRITE, _("%s: cannot write the PDF: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_WRITE, _("%s: cannot write the PDF: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
