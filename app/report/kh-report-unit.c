/* kh-report-unit.c — the unit report: one profile page per unit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "charts/kh-palette.h"
#include "kh-report-private.h"

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
      g_autofree char *score = kh_report_format_score (row->indicator_scores[rate->index], 2);
      g_autofree char *full = kh_report_format_score (node->points, 2);
      g_autofree char *percent = format_percent (rate->rate);
      const char *cells[] = { node->name, score, full, percent };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

/* the summary, parts, history, best and worst indicators, the change against last year,
 * and the robustness when analysed */
#define PROFILE_TABLES 7
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
              guint           n_tables,
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
  for (guint t = 1; t < n_tables; t++)
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
  double caption_h = kh_report_draw_text (cr, _("Profile against the group mean"), box->x, box->y, box->width,
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
  g_autofree char *score = kh_report_format_score_marked (row->score, group->precision, row->coverage);
  g_autofree char *rank = row->rank > 0 ? g_strdup_printf (_("%d of %u"), row->rank, group->rows->len)
                                        : g_strdup ("—");
  g_autofree char *prev = kh_report_format_rank (row->prev_rank);
  g_autofree char *change = kh_report_format_change (row->has_change, row->change);
  const char *cells[] = { score, rank, kh_report_group_tier_name (group, row->tier), prev, change,
                          row->awards[0] != '\0' ? row->awards : "—" };
  KhReportTable *table = kh_report_table_new (6, titles, widths, NULL);

  kh_report_table_add_row (table, cells);
  return table;
}

static char *
signed_points (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (value) < 0.005)
    value = 0;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%+.2f", value));
}

static void
add_lines (KhReportTable *table,
           const char    *title,
           GPtrArray     *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *cells[] = { i == 0 ? title : "", lines->pdata[i] };

      kh_report_table_add_row (table, cells);
    }
}

/* The change against last year, peer-relative: the total's change split into the
 * framework's and the unit's own (performance) effect, then the units it passed and
 * that passed it with the change of each gap and the paper that moved it most. */
static KhReportTable *
change_table (KhReportData *data,
              KhReportRow  *row)
{
  g_autofree char *title = g_strdup_printf (_("Change against %d"), data->year - 1);
  const char *titles[] = { title, _("Points") };
  const double widths[] = { 1.6, 4.4 };
  KhReportTable *table = kh_report_table_new (2, titles, widths, NULL);
  g_autofree char *total = signed_points (row->total_change);
  g_autofree char *framework = signed_points (row->framework_effect);
  g_autofree char *performance = signed_points (row->performance_effect);
  const char *rows[][2] = {
    { _("Total score"), total },
    { _("Framework effect"), framework },
    { _("Performance effect"), performance },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    kh_report_table_add_row (table, rows[r]);
  /* TRANSLATORS: units a unit passed in rank, each with the change of the gap */
  add_lines (table, _("Passed"), row->passed);
  add_lines (table, _("Passed by"), row->passed_by);
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
      g_autofree char *s = kh_report_format_score (row->node_scores[n], 2);
      g_autofree char *full = kh_report_format_score (node->points, 2);
      g_autofree char *mean = kh_report_format_score (group->node_means[n], 2);
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
      g_autofree char *r = kh_report_format_rank (unit->ranks[i]);
      g_autofree char *s = kh_report_format_score (unit->scores[i], group->precision);
      const char *cells[] = { year, r, kh_report_group_tier_name (group, unit->tiers[i]), s };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

void
kh_report_draw_profile (KhReport *report,
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
  guint n_tables = PROFILE_TABLES - 2; /* then the change and the robustness, when there */
  /* Tried in order until everything fits: columns, then font size. */
  static const struct { int columns; double font; } portrait[] = { { 1, 9 }, { 1, 8 }, { 2, 8 }, { 2, 7 } };
  static const struct { int columns; double font; } wide[] = { { 2, 9 }, { 2, 8 }, { 2, 7 }, { 3, 7 } };
  Box boxes[PROFILE_TABLES], radar = { 0, 0, 0, 0 };
  double top = 0;
  gboolean fits = FALSE;
  g_autoptr (GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  top += kh_report_draw_text (cr, row->name, 0, top, width, 18.0, TRUE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.7);
  top += kh_report_draw_text (cr, subtitle, 0, top, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  /* Warnings: a rank change across a framework change; an incomplete score. */
  if (group->last_year_change != NULL && row->has_change)
    g_ptr_array_add (notes, g_strdup_printf (_("⚠ The framework changed since %d (%s): the rank changes compare "
                                               "results under different frameworks."),
                                             data->year - 1, group->last_year_change));
  if (!isnan (row->score) && row->coverage < 1.0)
    {
      g_autofree char *share = format_percent (row->coverage);

      g_ptr_array_add (notes, g_strdup_printf (_("◔ Incomplete data: %s of the score’s weight is backed by data."),
                                               share));
    }
  if (notes->len > 0)
    {
      g_autofree char *text = NULL;

      g_ptr_array_add (notes, NULL);
      text = g_strjoinv ("\n", (char **) notes->pdata);
      cairo_set_source_rgb (cr, 0.62, 0.22, 0.0); /* the headings' warning colour */
      top += kh_report_draw_text (cr, text, 0, top, width, BODY_SIZE, FALSE, KH_ALIGN_LEFT, FALSE);
      kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
    }
  top += GAP;

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
  if (row->has_effects)
    tables[n_tables++] = change_table (data, row);
  if (group->robustness != NULL || group->robustness_error != NULL)
    tables[n_tables++] = kh_report_robustness_unit_table (report, group, unit->id);

  for (guint k = 0; k < G_N_ELEMENTS (portrait) && !fits; k++)
    {
      int columns = landscape ? wide[k].columns : portrait[k].columns;
      double font = landscape ? wide[k].font : portrait[k].font;

      fits = flow_profile (report, cr, tables, n_tables, top, columns, font, boxes, &radar);
    }

  for (guint t = 0; t < n_tables; t++)
    {
      kh_report_table_draw (tables[t], cr, boxes[t].x, boxes[t].y, 0, kh_report_table_get_n_rows (tables[t]));
      kh_report_table_free (tables[t]);
    }
  if (fits && group->chart->n_parts >= 3)
    draw_radar (report, cr, group, unit, &radar);
}
