/* test-report.c — report data, table pagination, report ids, scope and dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plans come from tests/data/report (written by make-data.py there): 60 counties in
 * two peer groups, "plain" (48, tiers by count 10 and 20) and "hill" (12, tiers 3 and 5),
 * each with the award 争先进位奖 for the largest advance, over 2018–2020.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "io/kh-dataset-io.h"
#include "io/kh-framework-xml.h"
#include "io/kh-project-compute.h"
#include "report/kh-report-project.h"
#include "report/kh-report-table.h"
#include "report/kh-report.h"
#include "report/kh-report-private.h" /* the pages' items, to check how tables break */

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "report", name, NULL);
}

static KhPlan *
load_plan (int year)
{
  g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
  g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
  g_autofree char *prev_name = g_strdup_printf ("data-%d.csv", year - 1);
  g_autofree char *fw = data_path (fw_name);
  g_autofree char *data = data_path (data_name);
  g_autofree char *prev = data_path (prev_name);
  g_autoptr (GError) error = NULL;
  KhPlan *plan;

  plan = kh_plan_load_files (fw, data, g_file_test (prev, G_FILE_TEST_EXISTS) ? prev : NULL, &error);
  g_assert_no_error (error);
  return plan;
}

/* 2019 and 2020, with a fixed chain head and date. */
static KhReportData *
load_data (void)
{
  static const int years[] = { 2019, 2020 };
  g_autoptr (KhPlan) now = load_plan (2020);
  g_autoptr (KhPlan) before = load_plan (2019);
  g_autoptr (GError) error = NULL;
  KhReportData *data = kh_report_data_new (2020, 2, years);

  g_assert_true (kh_report_data_add_plan (data, now, &error));
  g_assert_no_error (error);
  g_assert_true (kh_report_data_add_plan (data, before, &error));
  g_assert_no_error (error);
  g_free (data->chain_head);
  data->chain_head = g_strnfill (64, 'a');
  g_free (data->date);
  data->date = g_strdup ("2021-04-01");
  return data;
}

/* Last year's framework alone gives the comparison when it did not change (2019's and
 * 2020's have the same indicators, points and weights): every row's effects and units
 * passed as with last year's plan; a framework that changed is refused, nothing added. */
static KhReportData *
data_of (KhPlan *now,
         KhPlan *before)
{
  static const int years[] = { 2019, 2020 };
  g_autoptr (GError) error = NULL;
  KhReportData *data = kh_report_data_new (2020, 2, years);

  g_assert_true (kh_report_data_add_plan (data, now, &error));
  g_assert_true (kh_report_data_add_plan (data, before, &error));
  g_assert_no_error (error);
  return data;
}

static void
test_report_data_comparison_unchanged (void)
{
  g_autoptr (KhPlan) alone = load_plan (2020);
  g_autoptr (KhPlan) before = load_plan (2019);
  g_autoptr (GError) error = NULL;
  /* 2020 bound to 2019's plan: its standings last year, as a project computes it */
  g_autoptr (KhPlan) now = kh_plan_new (kh_plan_get_framework (alone), kh_plan_get_dataset (alone), before,
                                        &error);
  g_autoptr (KhReportData) by_plan = NULL;
  g_autoptr (KhReportData) by_framework = NULL;
  g_autoptr (KhReportData) refused = NULL;
  g_autofree char *path = data_path ("framework-2019.xml");
  g_autoptr (KhFramework) changed = kh_framework_xml_load_file (path, &error);
  KhNode *indicator = NULL;
  guint effects = 0, passed = 0;

  g_assert_no_error (error);
  kh_plan_compute (now);
  by_plan = data_of (now, before);
  by_framework = data_of (now, before);
  refused = data_of (now, before);
  g_assert_true (kh_report_data_add_comparison (by_plan, now, before, &error));
  g_assert_no_error (error);
  g_assert_true (kh_report_data_add_comparison_unchanged (by_framework, now, kh_plan_get_framework (before)));
  /* one indicator re-weighted: the like-for-like comparison would need 2019's plan */
  for (guint n = 0; n < kh_plan_get_n_nodes (now) && indicator == NULL; n++)
    if (kh_plan_get_node (now, n)->kind == KH_NODE_INDICATOR)
      indicator = kh_framework_find_node (changed, kh_plan_get_node (now, n)->id);
  g_assert_nonnull (indicator);
  indicator->points += 1;
  g_assert_false (kh_report_data_add_comparison_unchanged (refused, now, changed));

  for (guint g = 0; g < by_plan->groups->len; g++)
    {
      KhReportGroup *a = by_plan->groups->pdata[g], *b = by_framework->groups->pdata[g];
      KhReportGroup *c = refused->groups->pdata[g];

      g_assert_null (a->last_year_change);
      g_assert_null (b->last_year_change);
      for (guint i = 0; i < a->rows->len; i++)
        {
          KhReportRow *r = a->rows->pdata[i], *s = b->rows->pdata[i], *t = c->rows->pdata[i];

          g_assert_cmpint (r->has_effects, ==, s->has_effects);
          g_assert_false (t->has_effects);
          g_assert_cmpuint (t->passed->len, ==, 0);
          g_assert_cmpmem (&r->total_change, sizeof (double), &s->total_change, sizeof (double));
          g_assert_cmpmem (&r->framework_effect, sizeof (double), &s->framework_effect, sizeof (double));
          g_assert_cmpmem (&r->performance_effect, sizeof (double), &s->performance_effect, sizeof (double));
          g_assert_cmpuint (r->passed->len, ==, s->passed->len);
          g_assert_cmpuint (r->passed_by->len, ==, s->passed_by->len);
          for (guint k = 0; k < r->passed->len; k++)
            g_assert_cmpstr (r->passed->pdata[k], ==, s->passed->pdata[k]);
          for (guint k = 0; k < r->passed_by->len; k++)
            g_assert_cmpstr (r->passed_by->pdata[k], ==, s->passed_by->pdata[k]);
          effects += r->has_effects;
          passed += r->passed->len + r->passed_by->len;
        }
    }
  /* the comparison had something to say */
  g_assert_cmpuint (effects, >, 0);
  g_assert_cmpuint (passed, >, 0);
}

/* Without the earlier plans kept (kh_report_data_set_keep_earlier_plans), the history the
 * pages print is the same and the groups hold no earlier plan: each is freed as soon as its
 * caller lets it go (issue 22: at 3,000 units a year's plan is some 26 MB). */
static void
test_report_data_earlier_plans (void)
{
  static const int years[] = { 2018, 2019, 2020 };
  g_autoptr (KhPlan) now = load_plan (2020);
  g_autoptr (KhReportData) kept = kh_report_data_new (2020, 3, years);
  g_autoptr (KhReportData) slim = kh_report_data_new (2020, 3, years);
  g_autoptr (GError) error = NULL;

  g_assert_true (kept->keep_earlier_plans);
  kh_report_data_set_keep_earlier_plans (slim, FALSE);
  g_assert_true (kh_report_data_add_plan (kept, now, &error));
  g_assert_true (kh_report_data_add_plan (slim, now, &error));
  for (int y = 2018; y <= 2019; y++)
    {
      KhPlan *plan = load_plan (y);

      g_assert_true (kh_report_data_add_plan (kept, plan, &error));
      g_assert_true (kh_report_data_add_plan (slim, plan, &error));
      g_assert_no_error (error);
      kh_plan_unref (plan);
    }
  for (guint g = 0; g < kept->groups->len; g++)
    {
      KhReportGroup *a = kept->groups->pdata[g], *b = slim->groups->pdata[g];

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpuint (a->earlier_plans->len, ==, 2);
      g_assert_cmpuint (b->earlier_plans->len, ==, 0);
      g_assert_cmpuint (a->chart->units->len, ==, b->chart->units->len);
      for (guint i = 0; i < a->chart->units->len; i++)
        {
          KhChartUnit *x = a->chart->units->pdata[i], *z = b->chart->units->pdata[i];

          g_assert_cmpstr (x->id, ==, z->id);
          for (int y = 0; y < 3; y++)
            {
              g_assert_cmpint (x->ranks[y], ==, z->ranks[y]);
              g_assert_cmpint (x->tiers[y], ==, z->tiers[y]);
              g_assert_cmpmem (&x->scores[y], sizeof (double), &z->scores[y], sizeof (double));
              /* 2018 and 2019 were filled: every unit of the sample has a rank then */
              g_assert_cmpint (z->ranks[y], >, 0);
            }
          g_assert_cmpmem (x->parts, sizeof (double) * 3 * a->chart->n_parts,
                           z->parts, sizeof (double) * 3 * b->chart->n_parts);
        }
      for (int y = 0; y < 3; y++)
        g_assert_cmpstr (a->framework_changes[y], ==, b->framework_changes[y]);
    }
}

/* A report drawn after its data let go of the plans (kh_report_data_drop_plans) is the same
 * PDF, byte for byte, as one drawn before: drawing reads none of them. */
static void
test_report_drop_plans (void)
{
  g_autoptr (KhReportData) data = load_data ();
  g_autoptr (GError) error = NULL;
  KhReportOptions kinds[] = {
    { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE },
    { KH_REPORT_UNIT, KH_PAGE_PORTRAIT, NULL, "hill", NULL, 0, KH_WATERMARK_NONE },
    { KH_REPORT_COMPARE, KH_PAGE_PORTRAIT, "county", NULL, NULL, 2019, KH_WATERMARK_NONE },
  };
  KhReport *reports[G_N_ELEMENTS (kinds)];
  GBytes *before[G_N_ELEMENTS (kinds)];
  g_autofree char *dir = g_dir_make_tmp ("kh-report-drop-XXXXXX", &error);
  g_autofree char *pdf = NULL;

  g_assert_no_error (error);
  pdf = g_build_filename (dir, "r.pdf", NULL);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      reports[k] = kh_report_new (data, &kinds[k], &error);
      g_assert_no_error (error);
      g_assert_true (kh_report_write_pdf (reports[k], pdf, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      before[k] = g_bytes_new_take (g_steal_pointer (&bytes), len);
    }
  kh_report_data_drop_plans (data);
  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      g_assert_null (group->plan);
      g_assert_cmpuint (group->earlier_plans->len, ==, 0);
    }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      g_assert_true (kh_report_write_pdf (reports[k], pdf, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      g_assert_cmpmem (bytes, len, g_bytes_get_data (before[k], NULL), g_bytes_get_size (before[k]));
      g_bytes_unref (before[k]);
      kh_report_free (reports[k]);
    }
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_report_data (void)
{
  g_autoptr (KhReportData) data = load_data ();
  KhReportGroup *plain = kh_report_data_find_group (data, "plain");
  KhReportGroup *hill = kh_report_data_find_group (data, "hill");
  g_autoptr (KhPlan) first = load_plan (2018);
  g_autoptr (GError) error = NULL;
  int tiers[4] = { 0, 0, 0, 0 };
  int best = G_MININT, awarded = 0;

  g_assert_cmpuint (data->groups->len, ==, 2);
  g_assert_nonnull (plain);
  g_assert_nonnull (hill);
  g_assert_cmpuint (plain->rows->len, ==, 48);
  g_assert_cmpuint (hill->rows->len, ==, 12);
  g_assert_cmpstr (plain->name, ==, "平原组");
  g_assert_cmpint (plain->n_tiers, ==, 3);
  g_assert_cmpstr (kh_report_group_tier_name (plain, 2), ==, "第二等次");
  g_assert_cmpstr (kh_report_group_tier_name (plain, 0), ==, "");

  /* Rows in rank order (ties share the better rank: 1, 2, 2, 4); the tier rule "10 20" puts 10, 20 and the other 18 of the 48 in
   * tiers 1, 2 and 3; the change is the previous rank minus the rank. */
  for (guint i = 0; i < plain->rows->len; i++)
    {
      KhReportRow *row = plain->rows->pdata[i];
      KhChartUnit *unit = plain->chart->units->pdata[i];

      if (row->rank != (int) i + 1)
        g_assert_cmpint (row->rank, ==, ((KhReportRow *) plain->rows->pdata[i - 1])->rank);
      g_assert_cmpint (unit->ranks[1], ==, row->rank);
      g_assert_cmpint (unit->tiers[1], ==, row->tier);
      g_assert_cmpint (row->tier, ==, i < 10 ? 1 : i < 30 ? 2 : 3);
      tiers[row->tier]++;
      /* 2019 is in the data: the previous rank is the 2019 column of the chart. */
      g_assert_cmpint (unit->ranks[0], ==, row->prev_rank);
      g_assert_true (row->has_change);
      g_assert_cmpint (row->change, ==, row->prev_rank - row->rank);
      best = MAX (best, row->change);
      g_assert_false (isnan (row->score));
      g_assert_cmpuint (g_utf8_strlen (unit->label, -1), <=, KH_REPORT_LABEL_MAX);
    }
  g_assert_cmpint (tiers[1], ==, 10);
  g_assert_cmpint (tiers[2], ==, 20);
  g_assert_cmpint (tiers[3], ==, 18);
  /* 争先进位奖 ("most"): exactly the units with the largest advance. */
  for (guint i = 0; i < plain->rows->len; i++)
    {
      KhReportRow *row = plain->rows->pdata[i];

      g_assert_cmpint (strcmp (row->awards, "争先进位奖") == 0, ==, row->change == best);
      awarded += row->change == best;
    }
  g_assert_cmpint (awarded, >=, 1);

  /* The long name is kept in the row and shortened on the chart: 9 characters and "…". */
  {
    int u = kh_chart_data_find_unit (plain->chart, "p08");
    KhReportRow *row = plain->rows->pdata[u];
    KhChartUnit *unit = plain->chart->units->pdata[u];

    g_assert_cmpstr (row->name, ==, "江北新区高新技术产业开发区管理委员会");
    g_assert_cmpstr (unit->label, ==, "江北新区高新技术产…");
  }

  /* Papers and dimensions in pre-order: 高质量发展成效 (70) with three dimensions, then
   * 党的建设成效 (15) and 满意度评价 (15); the radar uses the three dimensions. */
  g_assert_cmpuint (plain->nodes->len, ==, 6);
  g_assert_cmpstr (((KhReportNode *) plain->nodes->pdata[0])->name, ==, "高质量发展成效");
  g_assert_cmpint (((KhReportNode *) plain->nodes->pdata[1])->depth, ==, 2);
  g_assert_cmpfloat (((KhReportNode *) plain->nodes->pdata[0])->points, ==, 70);
  g_assert_cmpuint (plain->indicators->len, ==, 7);
  g_assert_cmpint (plain->chart->n_parts, ==, 3);
  g_assert_cmpstr (plain->chart->parts[0], ==, "经济发展");
  g_assert_cmpfloat (plain->chart->part_max[0], ==, 30);
  /* The paper's score is the sum of its dimensions' (aggregation sum). */
  for (guint i = 0; i < plain->rows->len; i++)
    {
      KhReportRow *row = plain->rows->pdata[i];

      g_assert_cmpfloat_with_epsilon (row->node_scores[0],
                                      row->node_scores[1] + row->node_scores[2] + row->node_scores[3], 1e-9);
    }

  /* A year that is not among the report's, and history before the report year. */
  g_assert_false (kh_report_data_add_plan (data, first, &error));
  g_assert_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2018"));
}

static void
test_report_data_order (void)
{
  static const int years[] = { 2019, 2020 };
  g_autoptr (KhPlan) before = load_plan (2019);
  g_autoptr (KhReportData) data = kh_report_data_new (2020, 2, years);
  g_autoptr (GError) error = NULL;

  g_assert_false (kh_report_data_add_plan (data, before, &error));
  g_assert_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID);
}

static void
test_report_table (void)
{
  const char *titles[] = { "Rank", "Unit" };
  const double widths[] = { 1, 3 };
  g_autoptr (KhReportTable) table = kh_report_table_new (2, titles, widths, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double header, row, seen = 0;
  guint first = 0, runs = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      const char *cells[] = { rank, "南京市" };

      kh_report_table_add_row (table, cells);
    }
  {
    /* Row 51 is long enough to wrap onto a second line in a 150-point column. */
    const char *cells[] = { "101", "江北新区高新技术产业开发区管理委员会江北新区高新技术产业开发区管理委员会" };

    kh_report_table_add_row (table, cells);
  }
  kh_report_table_measure (table, cr, 200, 9.0);
  header = kh_report_table_header_height (table);
  row = kh_report_table_row_height (table, 0);
  g_assert_cmpfloat (header, >, 9.0);
  g_assert_cmpfloat_with_epsilon (row, kh_report_table_row_height (table, 99), 1e-9);
  /* 9-point text on one line, 3 points of padding above and below: about 18 points. */
  g_assert_cmpfloat (row, >, 12.0);
  g_assert_cmpfloat (row, <, 24.0);
  /* Two or more lines for the long name (its column is 150 points, the text ~ 640). */
  g_assert_cmpfloat (kh_report_table_row_height (table, 100), >=, 2 * row - 6.0 - 1e-6);

  /* Room for the header and exactly 10 rows (plus a hair) holds 10 rows; a hair less, 9. */
  g_assert_cmpuint (kh_report_table_fit (table, 0, header + 10 * row + 0.01), ==, 10);
  g_assert_cmpuint (kh_report_table_fit (table, 0, header + 10 * row - 0.01), ==, 9);
  g_assert_cmpuint (kh_report_table_fit (table, 0, header + row / 2), ==, 0);
  g_assert_cmpfloat_with_epsilon (kh_report_table_height (table, 5, 10), header + 10 * row, 1e-9);

  /* Runs of a 300-point page: every row exactly once, in order, each run with its header
   * and within the page. */
  while (first < kh_report_table_get_n_rows (table))
    {
      guint n = kh_report_table_fit (table, first, 300);

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpfloat (kh_report_table_height (table, first, n), <=, 300 + 1e-6);
      seen += kh_report_table_height (table, first, n) - header;
      first += n;
      runs++;
    }
  g_assert_cmpuint (first, ==, 101);
  g_assert_cmpfloat_with_epsilon (seen, 100 * row + kh_report_table_row_height (table, 100), 1e-6);
  /* floor ((300 − header) / row) rows per run: ceil (101 / that) runs at least. */
  g_assert_cmpuint (runs, >=, (101 + (guint) ((300 - header) / row) - 1) / (guint) ((300 - header) / row));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static char *
expected_id (const char *kind,
             const char *scope,
             int         from)
{
  g_autofree char *head = g_strnfill (64, 'a');
  g_autofree char *text = g_strdup_printf ("kaohe-report-v1\nhead=%s\nyear=2020\nkind=%s\nscope=%s\n"
                                           "years=%d-2020\n", head, kind, scope, from);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strndup (hash, 12);
}

static void
test_report_layout (void)
{
  g_autoptr (KhReportData) data = load_data ();
  g_autoptr (GError) error = NULL;
  KhReportOptions annual = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE };
  KhReportOptions unit = { KH_REPORT_UNIT, KH_PAGE_PORTRAIT, NULL, "hill", NULL, 0, KH_WATERMARK_NONE };
  KhReportOptions one = { KH_REPORT_UNIT, KH_PAGE_LANDSCAPE, NULL, NULL, "p08", 0, KH_WATERMARK_NONE };
  KhReportOptions compare = { KH_REPORT_COMPARE, KH_PAGE_PORTRAIT, "county", NULL, NULL, 2019, KH_WATERMARK_NONE };
  g_autoptr (KhReport) report = kh_report_new (data, &annual, &error);
  g_autoptr (KhReport) units = NULL;
  g_autoptr (KhReport) single = NULL;
  g_autoptr (KhReport) cmp = NULL;
  g_autofree char *id = expected_id ("annual", ",,", 2019);
  guint portrait_pages;
  KhPage page;

  g_assert_no_error (error);
  g_assert_cmpstr (kh_report_get_id (report), ==, id);
  /* Cover first, then plain from page 2 (index 1); hill starts after plain's pages. */
  g_assert_cmpint (kh_report_get_group_page (report, "plain"), ==, 1);
  g_assert_cmpint (kh_report_get_group_page (report, "hill"), >, 2);
  g_assert_cmpint (kh_report_get_group_page (report, "hill"), <, (int) kh_report_get_n_pages (report));
  portrait_pages = kh_report_get_n_pages (report);

  /* The same report in landscape needs more pages: less height for the 48 rows. */
  kh_page_init_a4 (&page, KH_PAGE_LANDSCAPE);
  g_assert_cmpuint (kh_report_paginate (report, &page), >, portrait_pages);
  g_assert_cmpfloat (kh_report_get_page (report)->width, >, kh_report_get_page (report)->height);

  /* One page per unit: the hill group has 12. */
  units = kh_report_new (data, &unit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_report_get_n_pages (units), ==, 12);
  single = kh_report_new (data, &one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_report_get_n_pages (single), ==, 1);
  g_free (id);
  id = expected_id ("unit", ",,p08", 2019);
  g_assert_cmpstr (kh_report_get_id (single), ==, id);

  cmp = kh_report_new (data, &compare, &error);
  g_assert_no_error (error);
  g_free (id);
  id = expected_id ("compare", "county,,", 2019);
  g_assert_cmpstr (kh_report_get_id (cmp), ==, id);
  g_assert_cmpint (kh_report_get_group_page (cmp, "plain"), ==, 0);

  /* Every page draws without a cairo error. */
  {
    cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create (surface);

    for (guint p = 0; p < kh_report_get_n_pages (report); p++)
      kh_report_draw_page (report, cr, p);
    kh_report_draw_page (single, cr, 0);
    for (guint p = 0; p < kh_report_get_n_pages (cmp); p++)
      kh_report_draw_page (cmp, cr, p);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* Widows and orphans: a table broken over pages never leaves fewer than 3 of its rows
 * alone at the top of the next page (kh-report-paginate.c, MIN_RUN) — the "rows
 * orphaned on near-empty pages". The annual report of the 48 "plain" and 12 "hill"
 * counties is laid out on pages of every content height from 400 to 1,100 points, so the
 * tables break at every possible row; at each break the runs must cover every row once,
 * in order, and a last run of 1 or 2 rows is only allowed where the run before it is too
 * short to give any away (3 rows or fewer). The rule has to act at some heights: where
 * the run before the last one stops although more rows would have fitted on its page. */
static void
test_report_no_orphans (void)
{
  g_autoptr (KhReportData) data = load_data ();
  g_autoptr (GError) error = NULL;
  KhReportOptions annual = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE };
  g_autoptr (KhReport) report = kh_report_new (data, &annual, &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  guint acted = 0, broken = 0;

  g_assert_no_error (error);
  for (int height = 400; height <= 1100; height++)
    {
      g_autoptr (GHashTable) runs = g_hash_table_new_full (NULL, NULL, NULL,
                                                           (GDestroyNotify) g_array_unref);
      GHashTableIter iter;
      gpointer key, value;
      KhPage page;
      double content;

      kh_page_init_a4 (&page, KH_PAGE_PORTRAIT);
      page.height = height;
      content = kh_page_content_height (&page);
      kh_report_paginate (report, &page);
      for (guint p = 0; p < report->pages->len; p++)
        {
          GArray *items = g_ptr_array_index (report->pages, p);

          for (guint i = 0; i < items->len; i++)
            {
              Item *item = &g_array_index (items, Item, i);
              KhReportTable *table;
              GArray *list;

              if (item->kind != ITEM_TABLE)
                continue;
              table = item->table != NULL ? item->table : item->section->table;
              list = g_hash_table_lookup (runs, table);
              if (list == NULL)
                {
                  list = g_array_new (FALSE, FALSE, sizeof (Item));
                  g_hash_table_insert (runs, table, list);
                }
              g_array_append_val (list, *item);
            }
        }
      g_hash_table_iter_init (&iter, runs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          KhReportTable *table = key;
          GArray *list = value;
          guint n_rows = kh_report_table_get_n_rows (table);
          guint next = 0;
          Item *last, *before;

          for (guint r = 0; r < list->len; r++)
            {
              Item *run = &g_array_index (list, Item, r);

              g_assert_cmpuint (run->first, ==, next);
              g_assert_cmpuint (run->n, >, 0);
              next += run->n;
            }
          g_assert_cmpuint (next, ==, n_rows);
          if (list->len < 2)
            continue;
          broken++;
          last = &g_array_index (list, Item, list->len - 1);
          before = &g_array_index (list, Item, list->len - 2);
          if (last->n < 3 && before->n > 3)
            g_error ("page height %d: %u row(s) of a table of %u alone at the top of a page "
                     "after a run of %u", height, last->n, n_rows, before->n);
          kh_report_table_measure (table, cr, kh_page_content_width (&page), BODY_SIZE);
          if (kh_report_table_fit (table, before->first, content - before->y) > before->n)
            acted++;
        }
    }
  /* Tables broke at many heights, and at some the rule held rows back for the next page. */
  g_assert_cmpuint (broken, >, 100);
  g_assert_cmpuint (acted, >, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_report_scope (void)
{
  g_autoptr (KhReportData) data = load_data ();
  struct
  {
    KhReportOptions options;
    int code;
    const char *message;
  } cases[] = {
    { { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, "city", NULL, NULL, 0 }, KH_REPORT_ERROR_SCOPE,
      "2020 has no results of category “city”" },
    { { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, "mountain", NULL, 0 }, KH_REPORT_ERROR_SCOPE,
      "2020 has no results of group “mountain”" },
    { { KH_REPORT_UNIT, KH_PAGE_PORTRAIT, NULL, "hill", "p01", 0 }, KH_REPORT_ERROR_SCOPE,
      "2020 has no results of unit “p01”" },
    { { KH_REPORT_COMPARE, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 2018 }, KH_REPORT_ERROR_INVALID,
      "cannot compare 2018 with 2020: the years of the report are 2019–2020" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhReport) report = kh_report_new (data, &cases[i].options, &error);

      g_assert_null (report);
      g_assert_error (error, KH_REPORT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_report_date (void)
{
  static const int years[] = { 2020 };
  g_autoptr (KhReportData) data = kh_report_data_new (2020, 1, years);
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  kh_report_data_set_date (data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->date, ==, "2021-04-01");

  g_setenv ("KAOHE_REPORT_DATE", "2021-02-30", TRUE);
  kh_report_data_set_date (data, &error);
  g_assert_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2021-02-30"));
  g_clear_error (&error);
  g_assert_cmpstr (data->date, ==, "2021-04-01");

  /* 1617235200 s = 18718 days = 2021-04-01T00:00:00Z. */
  g_unsetenv ("KAOHE_REPORT_DATE");
  g_setenv ("SOURCE_DATE_EPOCH", "1617235200", TRUE);
  kh_report_data_set_date (data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->date, ==, "2021-04-01");

  g_setenv ("SOURCE_DATE_EPOCH", "soon", TRUE);
  kh_report_data_set_date (data, &error);
  g_assert_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID);
  g_unsetenv ("SOURCE_DATE_EPOCH");
}

/* A report loaded from a project (the bundled sample, 2018–2020, nothing sealed: last
 * year computed whole before the report year, issue 22) holds, for every group and year,
 * each unit's rank, tier and score as a project of its own computes that year, and the
 * report year's comparison with last year; with and without keeping the earlier plans. */
static void
test_report_data_project (gconstpointer flags_data)
{
  KhReportLoadFlags flags = GPOINTER_TO_INT (flags_data);
  g_autofree char *path = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                            "jiangsu-sample.kaohe", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open_readonly (path, &error);
  g_autoptr (KhProject) other = NULL;
  g_autoptr (KhReportData) data = NULL;
  guint n_checked = 0, n_effects = 0;

  g_assert_no_error (error);
  other = kh_project_open_readonly (path, &error);
  g_assert_no_error (error);
  data = kh_report_data_load_full (&project, 1, 2020, 2018, KH_LANG_ZH_CN, flags, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->n_years, ==, 3);
  g_assert_cmpuint (data->groups->len, >, 1);
  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      for (int y = 0; y < data->n_years; y++)
        {
          g_autoptr (KhPlan) plan = kh_project_compute_category (other, data->years[y],
                                                                 group->category, &error);
          KhDataset *ds;

          g_assert_no_error (error);
          ds = kh_plan_get_dataset (plan);
          for (guint i = 0; i < group->chart->units->len; i++)
            {
              KhChartUnit *unit = group->chart->units->pdata[i];
              guint u = 0;

              while (u < kh_plan_get_n_units (plan)
                     && g_strcmp0 (kh_dataset_get_unit_id (ds, u), unit->id) != 0)
                u++;
              if (u == kh_plan_get_n_units (plan)) /* not a unit that year */
                {
                  g_assert_cmpint (unit->ranks[y], ==, 0);
                  continue;
                }
              g_assert_cmpint (unit->ranks[y], ==, kh_plan_get_rank (plan, u));
              g_assert_cmpint (unit->tiers[y], ==, kh_plan_get_tier (plan, u));
              /* the ranked score, as printed */
              g_assert_cmpfloat (unit->scores[y], ==, kh_plan_get_rounded_total (plan, u));
              n_checked++;
            }
        }
      for (guint i = 0; i < group->rows->len; i++)
        n_effects += ((KhReportRow *) group->rows->pdata[i])->has_effects;
    }
  g_test_message ("%u unit-years checked, %u rows compared with last year", n_checked, n_effects);
  /* every year of every unit of the sample's groups, and the comparison made */
  g_assert_cmpuint (n_checked, >=, 3 * 13);
  g_assert_cmpuint (n_effects, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/data/plans", test_report_data);
  g_test_add_func ("/report/data/order", test_report_data_order);
  g_test_add_func ("/report/data/earlier-plans", test_report_data_earlier_plans);
  g_test_add_func ("/report/data/comparison-unchanged", test_report_data_comparison_unchanged);
  g_test_add_func ("/report/data/drop-plans", test_report_drop_plans);
  g_test_add_data_func ("/report/data/project", GINT_TO_POINTER (KH_REPORT_LOAD_NONE),
                        test_report_data_project);
  g_test_add_data_func ("/report/data/project-for-analysis",
                        GINT_TO_POINTER (KH_REPORT_LOAD_FOR_ANALYSIS), test_report_data_project);
  g_test_add_func ("/report/table/paginate", test_report_table);
  g_test_add_func ("/report/layout", test_report_layout);
  g_test_add_func ("/report/layout/no-orphans", test_report_no_orphans);
  g_test_add_func ("/report/scope", test_report_scope);
  g_test_add_func ("/report/date", test_report_date);

  return g_test_run ();
}
