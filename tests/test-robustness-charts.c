/* test-robustness-charts.c — the rank-interval, tier, index and heat-map charts: geometry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A synthetic group of 13 units and 21 indicators (tests/bench/kh-bench-synth.c) with
 * every weight ± 25 %; what is drawn where is read back from the layout and checked
 * against the result it was drawn from, and every chart is saved to
 * build/screenshots/robustness-*.png to be looked at.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "analysis/kh-sensitivity.h"
#include "analysis/kh-stat-audit.h"
#include "bench/kh-bench-synth.h"
#include "charts/kh-chart.h"
#include "charts/kh-heatmap-chart.h"
#include "charts/kh-index-chart.h"
#include "charts/kh-interval-chart.h"
#include "charts/kh-tier-chart.h"
#include "kh-test-chart-data.h"

#define EPS 1e-6

typedef struct
{
  KhFramework *fw;
  KhDataset *ds;
  KhPlan *plan;
  KhSensitivityResult *result;
  KhStatAudit *audit;
  KhChartData *view;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer user_data)
{
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_new_weights (0.25);
  g_autoptr (KhSensitivity) s = NULL;
  g_autoptr (GError) error = NULL;
  int year = 2020;

  f->fw = kh_bench_framework ("synth", "city", 21, 4, 1);
  f->ds = kh_bench_dataset (f->fw, 13, 2020, 3);
  f->plan = kh_plan_new (f->fw, f->ds, NULL, &error);
  g_assert_no_error (error);
  spec->runs = 2000;
  s = kh_sensitivity_new (f->plan, NULL, spec, &error);
  g_assert_no_error (error);
  g_assert_true (kh_sensitivity_run (s, NULL, NULL, &error));
  f->result = kh_sensitivity_get_result (s, 0);
  f->audit = kh_stat_audit_new (f->plan, NULL, &error);
  g_assert_no_error (error);
  f->view = kh_chart_data_new (1, &year);
  f->view->title = g_strdup ("Weights ± 25 %");
  f->view->highlight = g_strdup (f->result->units[4].id);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer user_data)
{
  kh_chart_data_free (f->view);
  kh_stat_audit_free (f->audit);
  kh_sensitivity_result_free (f->result);
  kh_plan_unref (f->plan);
  kh_dataset_unref (f->ds);
  kh_framework_unref (f->fw);
}

typedef struct
{
  Fixture *f;
  int which;
  KhChartLayout *layout;
} Draw;

static void
draw_cb (cairo_t *cr,
         double   width,
         double   height,
         gpointer user_data)
{
  Draw *d = user_data;
  KhChartLayout *layout = d->layout;

  switch (d->which)
    {
    case 0:
      kh_interval_chart_draw (d->f->result, d->f->view, cr, width, height, layout);
      break;
    case 1:
      kh_tier_chart_draw (d->f->result, d->f->view, KH_LANG_EN, cr, width, height, layout);
      break;
    case 2:
      kh_index_chart_draw (d->f->result, -1, NULL, d->f->view, cr, width, height, layout);
      break;
    default:
      kh_heatmap_chart_draw (d->f->audit, FALSE, NULL, d->f->view, cr, width, height, layout);
      break;
    }
}

static void
render (Fixture       *f,
        int            which,
        KhChartLayout *layout,
        const char    *name)
{
  const char *dir = g_getenv ("KH_SCREENSHOT_DIR");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 620);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *path = NULL;
  Draw d = { f, which, layout };

  draw_cb (cr, 900, 620, &d);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* Rank r is centred in its column: x = plot_x + (r − ½)·plot_width / n. One row per unit,
 * top to bottom in nominal rank order; every label stays inside the picture. */
static void
test_intervals (Fixture      *f,
                gconstpointer user_data)
{
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();

  render (f, 0, layout, "robustness-intervals.png");
  g_assert_cmpint (layout->n_rows, ==, 13);
  g_assert_cmpuint (layout->boxes->len, ==, 13);
  g_assert_cmpuint (layout->labels->len, ==, 13);
  for (guint k = 0; k < 13; k++)
    {
      const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, k);
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, k);

      g_assert_cmpuint (box->unit, ==, k);
      g_assert_cmpfloat_with_epsilon (box->y, layout->plot_y + k * layout->row_height, EPS);
      g_assert_cmpfloat (label->x, >=, 0);
      g_assert_cmpfloat (label->x + label->width, <=, layout->plot_x);
      g_assert_cmpfloat (label->y + label->height, <=, 620);
      if (k > 0)
        g_assert_cmpint (f->result->units[k].nominal_rank, >=, f->result->units[k - 1].nominal_rank);
    }
  /* the rows fill the plot */
  g_assert_cmpfloat_with_epsilon (layout->row_height * 13, layout->plot_height, EPS);
}

/* Each strip's segments are the tier shares of the plot's width and add up to all of it. */
static void
test_tiers (Fixture      *f,
            gconstpointer user_data)
{
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  g_autofree double *widths = g_new0 (double, 13);

  render (f, 1, layout, "robustness-tiers.png");
  g_assert_cmpint (f->result->n_tiers, ==, 3);
  for (guint b = 0; b < layout->boxes->len; b++)
    {
      const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, b);

      g_assert_cmpfloat_with_epsilon (box->width,
                                      layout->plot_width * f->result->units[box->unit].p_tier[box->part], EPS);
      widths[box->unit] += box->width;
    }
  for (guint k = 0; k < 13; k++)
    g_assert_cmpfloat_with_epsilon (widths[k], layout->plot_width, 1e-6);
}

/* Bars of the group's indices: the total bar is total · width, the first-order bar inside
 * it; rows by decreasing total. */
static void
test_indices (Fixture      *f,
              gconstpointer user_data)
{
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  double previous = INFINITY;

  render (f, 2, layout, "robustness-indices.png");
  g_assert_cmpuint (layout->boxes->len, ==, 2 * f->result->n_inputs);
  for (guint b = 0; b < layout->boxes->len; b += 2)
    {
      const KhChartBox *total = &g_array_index (layout->boxes, KhChartBox, b);
      const KhChartBox *first = &g_array_index (layout->boxes, KhChartBox, b + 1);
      double st = f->result->total[total->unit];

      g_assert_cmpint (total->part, ==, 1);
      g_assert_cmpint (first->part, ==, 0);
      g_assert_cmpuint (first->unit, ==, total->unit);
      g_assert_cmpfloat_with_epsilon (total->width, layout->plot_width * CLAMP (st, 0, 1), EPS);
      g_assert_cmpfloat (st, <=, previous);
      previous = st;
    }
}

/* n × n square cells; the diagonal is +1, the colour of a full blue */
static void
test_heatmap (Fixture      *f,
              gconstpointer user_data)
{
  g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
  guint n = f->audit->n_nodes;

  render (f, 3, layout, "robustness-heatmap.png");
  g_assert_cmpuint (layout->boxes->len, ==, n * n);
  g_assert_cmpuint (layout->labels->len, ==, n);
  for (guint b = 0; b < layout->boxes->len; b++)
    {
      const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, b);

      g_assert_cmpfloat_with_epsilon (box->width, box->height, EPS);
      g_assert_cmpfloat_with_epsilon (box->x, layout->plot_x + box->part * layout->row_height, EPS);
      g_assert_cmpfloat (box->x + box->width, <=, 900);
      g_assert_cmpfloat (box->y + box->height, <=, 620);
    }
  g_assert_cmpfloat (f->audit->spearman[0], ==, 1.0);
}

/* Exported like the other charts: PNG, SVG and PDF through kh_chart_export_draw(). */
static void
test_export (Fixture      *f,
             gconstpointer user_data)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-robustness-XXXXXX", NULL);
  const char *names[] = { "intervals.png", "tiers.svg", "indices.pdf", "heatmap.png" };
  g_autoptr (GError) error = NULL;

  for (int which = 0; which < 4; which++)
    {
      g_autofree char *path = g_build_filename (dir, names[which], NULL);
      Draw d = { f, which, NULL };
      GStatBuf st;

      g_assert_true (kh_chart_export_draw (draw_cb, &d, path, 600, 400, 1.0, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
      g_unlink (path);
    }
  {
    g_autofree char *path = g_build_filename (dir, "chart.bmp", NULL);
    Draw d = { f, 0, NULL };

    g_assert_false (kh_chart_export_draw (draw_cb, &d, path, 600, 400, 1.0, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/charts/robustness/intervals", Fixture, NULL, fixture_set_up, test_intervals, fixture_tear_down);
  g_test_add ("/charts/robustness/tiers", Fixture, NULL, fixture_set_up, test_tiers, fixture_tear_down);
  g_test_add ("/charts/robustness/indices", Fixture, NULL, fixture_set_up, test_indices, fixture_tear_down);
  g_test_add ("/charts/robustness/heatmap", Fixture, NULL, fixture_set_up, test_heatmap, fixture_tear_down);
  g_test_add ("/charts/robustness/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);

  status = g_test_run ();
  kh_test_charts_shutdown ();
  return status;
}
