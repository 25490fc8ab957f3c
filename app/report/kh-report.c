/* kh-report.c — the three reports: laid out into pages first, then drawn page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is a list of items placed at heights inside the content box (heading, table
 * run, chart, cover, profile). Pagination only measures text; drawing replays the items.
 *
 * This file holds the report's life (scope, id, pages) and drawing a page; the layouts
 * live beside it: kh-report-annual.c, kh-report-compare.c, kh-report-unit.c (one per
 * kind), kh-report-paginate.c (sections broken into pages), kh-report-page-frame.c (cover,
 * header and footer), kh-report-text.c (formatting and text shared by all).
 */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "charts/kh-palette.h"
#include "kh-report-private.h"

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

void
kh_report_section_free (Section *section)
{
  kh_report_table_free (section->table);
  g_clear_pointer (&section->robustness, kh_report_table_free);
  g_clear_pointer (&section->audit, kh_report_table_free);
  g_clear_pointer (&section->health, kh_report_table_free);
  g_clear_pointer (&section->health_trend, kh_report_table_free);
  g_free (section->robustness_caption);
  g_clear_pointer (&section->survey, kh_report_table_free);
  g_free (section->survey_caption);
  g_clear_pointer (&section->recommend, kh_report_table_free);
  g_free (section->recommend_caption);
  g_clear_pointer (&section->advanced, kh_report_table_free);
  g_free (section->advanced_caption);
  g_free (section);
}

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block);
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
  g_ptr_array_unref (report->blocks);
  g_clear_pointer (&report->contents, kh_report_section_free);
  g_free (report);
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
          section->table = report->kind == KH_REPORT_ANNUAL ? kh_report_annual_table (report, group)
                                                            : kh_report_compare_table (report, group);
          if (report->kind == KH_REPORT_ANNUAL && (group->robustness != NULL || group->robustness_error != NULL))
            {
              section->robustness_caption = kh_report_robustness_caption (report, group);
              section->robustness = kh_report_robustness_table (report, group);
            }
          if (report->kind == KH_REPORT_ANNUAL && group->audit != NULL)
            section->audit = kh_report_audit_table (report, group);
          if (report->kind == KH_REPORT_ANNUAL && group->health != NULL)
            {
              section->health = kh_report_health_table (report, group);
              section->health_trend = kh_report_health_trend_table (report, group);
            }
          if (report->kind == KH_REPORT_ANNUAL)
            {
              section->survey = kh_report_survey_table (report, group);
              if (section->survey != NULL)
                section->survey_caption = kh_report_survey_caption (report, group);
              section->recommend = kh_report_recommend_table (report, group);
              if (section->recommend != NULL)
                section->recommend_caption = kh_report_recommend_caption (report, group);
              section->advanced = kh_report_advanced_table (report, group);
              if (section->advanced != NULL)
                section->advanced_caption = kh_report_advanced_caption (report, group);
            }
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
  g_autofree char *hash = NULL;

  /* the robustness sections are part of what was asked (reports without stay as before) */
  if (data->robustness_runs > 0 && report->kind != KH_REPORT_COMPARE)
    {
      char *more = g_strdup_printf ("%srobustness=%.6g,%u,%u\n", text, data->robustness_range,
                                    data->robustness_runs, data->robustness_seed);

      g_free (text);
      text = more;
    }
  /* so are the "321" recommendations (they follow from the head) */
  if (data->recommendations->len > 0 && report->kind == KH_REPORT_ANNUAL)
    {
      char *more = g_strconcat (text, "recommendations\n", NULL);

      g_free (text);
      text = more;
    }
  /* so are the survey sections (their figures follow from the head) */
  if (data->surveys->len > 0 && report->kind == KH_REPORT_ANNUAL)
    {
      char *more = g_strconcat (text, "surveys\n", NULL);

      g_free (text);
      text = more;
    }
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
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
  report->watermark = options->watermark;
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_report_section_free);
  report->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
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
  kh_report_draw_header_footer (report, cr, page);

  cairo_translate (cr, report->page.margin_left, report->page.margin_top);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      cairo_save (cr);
      switch (item->kind)
        {
        case ITEM_TEXT:
          kh_report_draw_block (report, cr, item);
          break;
        case ITEM_SEAL:
          kh_report_draw_seal (report, cr, item);
          break;
        case ITEM_HEADING:
          kh_report_draw_heading (report, cr, item);
          break;
        case ITEM_CONTINUED:
          kh_report_draw_continued (report, cr, item);
          break;
        case ITEM_TABLE:
          {
            KhReportTable *table = item->table != NULL ? item->table : item->section->table;

            kh_report_table_measure (table, cr, kh_page_content_width (&report->page), BODY_SIZE);
            kh_report_table_draw (table, cr, 0, item->y, item->first, item->n);
          }
          break;
        case ITEM_CAPTION:
          kh_report_draw_caption (report, cr, item);
          break;
        case ITEM_CHART:
          kh_report_draw_chart (report, cr, item);
          break;
        case ITEM_PROFILE:
        default:
          kh_report_draw_profile (report, cr, item);
          break;
        }
      cairo_restore (cr);
    }
  cairo_restore (cr);
  /* Last, over everything, across the whole sheet. */
  kh_watermark_draw (cr, report->watermark, report->page.width, report->page.height, FALSE);
}

typedef struct
{
  int fd;
  int saved_errno;
} PdfSink;

static cairo_status_t
write_fd_cb (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  PdfSink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->saved_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
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
  PdfSink sink = { -1, 0 };

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Written beside the target and renamed: a failed run leaves no half file. The
   * temporary file has a random name and is created exclusively, never through a link
   * planted there (g_mkstemp_full: O_CREAT | O_EXCL). */
  tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  sink.fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (sink.fd < 0)
    {
      int saved = errno;

      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_WRITE, _("%s: cannot write the PDF: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  surface = cairo_pdf_surface_create_for_stream (write_fd_cb, &sink, report->page.width,
                                                 report->page.height);
  title = kh_report_title_with_years (report);
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
  if (status == CAIRO_STATUS_SUCCESS && (fsync (sink.fd) != 0 || close (sink.fd) != 0))
    {
      sink.saved_errno = errno;
      status = CAIRO_STATUS_WRITE_ERROR;
    }
  else if (status != CAIRO_STATUS_SUCCESS)
    close (sink.fd);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_WRITE, _("%s: cannot write the PDF: %s"),
                   path, sink.saved_errno != 0 ? g_strerror (sink.saved_errno)
                                               : cairo_status_to_string (status));
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
