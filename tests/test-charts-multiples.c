/* test-charts-multiples.c — the Charts page on a category of several peer groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample's 99 provincial agencies sit in five groups (`kaohe-cli compute … --category
 * agency` lists them), in the framework's order: comprehensive 27, economic 22, social 22,
 * legal 10, mass 18 (27 + 22 + 22 + 10 + 18 = 99). With "All Groups" the page draws the five groups as
 * small multiples (kh_chart_multiples_grid: 3 columns × 2 rows for 5 cells in a wide page),
 * never only the first; choosing a group draws that group alone.
 *
 * /ui/charts/highlight-profile: the sample's cities with 苏州 selected and 常州 highlighted
 * besides (as a Ctrl+click in Results gives the page): the profile (radar) draws both, the
 * distribution names both, in the page and in the exported PNG.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-chart-widget.h"
#include "ui/kh-charts-view.h"

static gboolean
charts_loaded (gpointer data)
{
  return !kh_charts_view_is_loading (data);
}

/* The earlier years computed on the page's worker thread (issue 22), the charts shown. */
static void
wait_charts (KhChartsView *view)
{
  g_assert_true (kh_test_wait_until (charts_loaded, view, 60000));
  kh_test_wait_for_widget (GTK_WIDGET (view));
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *found)
{
  if (KH_IS_CHART_WIDGET (widget))
    {
      if (gtk_widget_get_mapped (widget))
        g_ptr_array_add (found, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_charts (child, found);
}

static GPtrArray *
shown_charts (KhChartsView *view)
{
  GPtrArray *found = g_ptr_array_new ();

  kh_test_wait_for_widget (GTK_WIDGET (view));
  collect_charts (GTK_WIDGET (view), found);
  return found;
}

/* No two labels of @chart overlap, and each lies inside the widget (nothing clipped). */
static void
assert_labels_apart (KhChartWidget *chart)
{
  const KhChartLayout *layout = kh_chart_widget_get_layout (chart);
  int width = gtk_widget_get_width (GTK_WIDGET (chart)), height = gtk_widget_get_height (GTK_WIDGET (chart));

  g_assert_cmpuint (layout->labels->len, >, 0);
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *a = &g_array_index (layout->labels, KhChartLabel, i);

      g_assert_cmpfloat (a->x, >=, -0.5);
      g_assert_cmpfloat (a->y, >=, -0.5);
      g_assert_cmpfloat (a->x + a->width, <=, width + 0.5);
      g_assert_cmpfloat (a->y + a->height, <=, height + 0.5);
      for (guint j = i + 1; j < layout->labels->len; j++)
        {
          const KhChartLabel *b = &g_array_index (layout->labels, KhChartLabel, j);
          /* Overlap of the two boxes along each axis, less half a unit of rounding. */
          double ox = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
          double oy = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

          g_assert_false (ox > 0.5 && oy > 0.5);
        }
    }
}

static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *width = (guint) cairo_image_surface_get_width (surface);
  *height = (guint) cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

static void
test_multiples (void)
{
  KhWindow *window = kh_test_sample_open ("multiples.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  KhChartsView *view = KH_CHARTS_VIEW (kh_window_get_page (window, "charts"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-multiples-XXXXXX", NULL);
  g_autofree char *png = NULL;
  /* In the framework's order, with their English names (the test runs in the C locale). */
  static const char *const titles[] = { "Comprehensive management departments",
                                        "Economic development departments",
                                        "Social affairs departments",
                                        "Political and legal departments", "Mass organisations" };
  static const guint counts[] = { 27, 22, 22, 10, 18 };

  g_assert_true (kh_document_set_category (doc, "agency", &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  kh_window_show_page (window, "charts");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  wait_charts (view);

  /* All Groups: five charts, one per group, 99 units in all. */
  g_assert_cmpuint (kh_charts_view_get_n_units (view), ==, 99);
  charts = shown_charts (view);
  g_assert_cmpuint (charts->len, ==, 5);
  for (guint i = 0; i < charts->len; i++)
    {
      const KhChartData *data = kh_chart_widget_get_data (charts->pdata[i]);

      /* Each titled with its group (English names in the C locale). */
      g_assert_cmpstr (data->title, ==, titles[i]);
      g_assert_cmpuint (data->units->len, ==, counts[i]);
      assert_labels_apart (charts->pdata[i]);
    }
  png = kh_test_save_png (GTK_WIDGET (view), "charts-multiples-bump.png");

  /* The type and the unit follow in every cell. */
  {
    g_autoptr (GPtrArray) dropdowns = g_ptr_array_new ();
    GtkWidget *type = NULL;

    /* The page's type dropdown (the first dropdown of its toolbar) sets every cell. */
    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (view)); w != NULL && type == NULL;
         w = gtk_widget_get_first_child (w))
      for (GtkWidget *c = w; c != NULL; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_DROP_DOWN (c))
          {
            type = c;
            break;
          }
    g_assert_nonnull (type);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (type), KH_CHART_BARS);
    for (guint i = 0; i < charts->len; i++)
      g_assert_cmpint (kh_chart_widget_get_chart_type (charts->pdata[i]), ==, KH_CHART_BARS);
  }
  {
    const KhChartUnit *first_legal = kh_chart_widget_get_data (charts->pdata[3])->units->pdata[0];

    kh_charts_view_set_selected_unit (view, first_legal->id);
    for (guint i = 0; i < charts->len; i++)
      g_assert_cmpstr (kh_chart_widget_get_selected (charts->pdata[i]), ==, first_legal->id);
    g_assert_cmpstr (kh_charts_view_get_selected_unit (view), ==, first_legal->id);
  }
  g_free (png);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  png = kh_test_save_png (GTK_WIDGET (view), "charts-multiples-bars.png");
  for (guint i = 0; i < charts->len; i++)
    assert_labels_apart (charts->pdata[i]);

  /* Exported as one picture of the grid, at the preset's size. */
  for (guint s = 0; s < KH_N_CHART_SIZES; s++)
    {
      g_autofree char *name = g_strdup_printf ("agencies-%s.png", kh_chart_size_to_string (s));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      double width, height, scale;
      guint pw, ph;

      g_assert_true (kh_charts_view_export (view, path, s, &error));
      g_assert_no_error (error);
      kh_chart_size_get (s, &width, &height, &scale);
      png_size (path, &pw, &ph);
      /* e.g. the slide: 960 × 540 pt at 2 pixels a point = 1920 × 1080 */
      g_assert_cmpuint (pw, ==, (guint) ceil (width * scale));
      g_assert_cmpuint (ph, ==, (guint) ceil (height * scale));
      g_unlink (path);
    }
  {
    g_autofree char *pdf = g_build_filename (dir, "agencies.pdf", NULL);
    g_autofree char *text = NULL;
    const char *argv[] = { "pdftotext", pdf, "-", NULL };
    int status = 0;

    g_assert_true (kh_charts_view_export (view, pdf, KH_CHART_SIZE_SLIDE, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &text, NULL, &status, &error));
    g_assert_no_error (error);
    /* Every group's title is in the one page. */
    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
      g_assert_nonnull (strstr (text, titles[i]));
    g_unlink (pdf);
  }
  g_rmdir (dir);

  /* One group chosen: that group alone. */
  kh_charts_view_set_group (view, "legal");
  g_assert_cmpuint (kh_charts_view_get_n_units (view), ==, 10);
  g_ptr_array_unref (charts);
  charts = shown_charts (view);
  g_assert_cmpuint (charts->len, ==, 1);
  g_assert_true (charts->pdata[0] == (gpointer) kh_charts_view_get_chart (view));
  kh_test_sample_close (window);
}

static GtkDropDown *
type_dropdown (KhChartsView *view)
{
  /* The page's type dropdown: the first dropdown of its toolbar. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (view)); w != NULL;
       w = gtk_widget_get_first_child (w))
    for (GtkWidget *c = w; c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_DROP_DOWN (c))
        return GTK_DROP_DOWN (c);
  g_assert_not_reached ();
}

/* The colour of pixel (@x, @y) of @image is @color. */
static void
assert_pixel (cairo_surface_t *image,
              double           x,
              double           y,
              const KhColor   *color)
{
  guchar *pixels = cairo_image_surface_get_data (image);
  guint32 pixel = *(guint32 *) (pixels + (int) y * cairo_image_surface_get_stride (image) + (int) x * 4);

  g_assert_cmpfloat_with_epsilon (((pixel >> 16) & 0xff) / 255.0, color->red, 0.02);
  g_assert_cmpfloat_with_epsilon (((pixel >> 8) & 0xff) / 255.0, color->green, 0.02);
  g_assert_cmpfloat_with_epsilon ((pixel & 0xff) / 255.0, color->blue, 0.02);
}

/* Exports the chart shown at the slide preset (960 × 540 pt, 2 px a point) to @path and
 * lays out the same chart at 960 × 540 into @layout, where the export drew it. */
static cairo_surface_t *
export_slide (KhChartsView  *view,
              const char    *path,
              KhChartLayout *layout)
{
  g_autoptr (GError) error = NULL;
  KhChartWidget *chart = kh_charts_view_get_chart (view);
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 960, 540);
  cairo_t *cr = cairo_create (scratch);
  cairo_surface_t *image;

  g_assert_true (kh_charts_view_export (view, path, KH_CHART_SIZE_SLIDE, &error));
  g_assert_no_error (error);
  kh_chart_draw (kh_chart_widget_get_chart_type (chart), kh_chart_widget_get_data (chart), cr, 960, 540, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  return image;
}

static void
test_highlight_profile (void)
{
  KhWindow *window = kh_test_sample_open ("highlight.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  KhChartsView *view = KH_CHARTS_VIEW (kh_window_get_page (window, "charts"));
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-highlight-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  static const char *const both[] = { "suzhou", "changzhou", NULL };
  const KhChartData *data;
  const KhChartLayout *shown;
  cairo_surface_t *image;
  int suzhou, changzhou, n_parts;

  g_assert_true (kh_document_set_category (doc, "city", &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  kh_window_show_page (window, "charts");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  wait_charts (view);
  kh_charts_view_set_selected_unit (view, "suzhou");
  kh_charts_view_set_highlighted_units (view, both);
  gtk_drop_down_set_selected (type_dropdown (view), KH_CHART_RADAR);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_free (kh_test_save_png (GTK_WIDGET (window), "charts-highlight-radar.png"));

  /* The profile: a vertex per dimension of each, 苏州's (the selected unit, first) in the
   * advance blue on top, 常州's in series colour 2 where 苏州's outline and dots (within
   * 5 px) do not cover it. */
  data = kh_chart_widget_get_data (kh_charts_view_get_chart (view));
  suzhou = kh_chart_data_find_unit (data, "suzhou");
  changzhou = kh_chart_data_find_unit (data, "changzhou");
  n_parts = data->n_parts;
  g_assert_cmpint (n_parts, >=, 3);
  shown = kh_chart_widget_get_layout (kh_charts_view_get_chart (view));
  g_assert_cmpuint (shown->dots->len, ==, 2 * n_parts);
  {
    g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
    guint blue = 0, second = 0;

    image = export_slide (view, path, layout);
    for (guint i = 0; i < layout->dots->len; i++)
      {
        const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);
        gboolean covered = FALSE;

        g_assert_true ((int) dot->unit == suzhou || (int) dot->unit == changzhou);
        if ((int) dot->unit == suzhou)
          {
            assert_pixel (image, dot->x * 2, dot->y * 2, kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
            blue++;
            continue;
          }
        for (guint k = 0; k < layout->dots->len; k++)
          {
            const KhChartDot *a = &g_array_index (layout->dots, KhChartDot, k);
            const KhChartDot *b = NULL;

            if ((int) a->unit != suzhou)
              continue;
            for (guint j = 0; j < layout->dots->len; j++)
              {
                const KhChartDot *c = &g_array_index (layout->dots, KhChartDot, j);

                if ((int) c->unit == suzhou && c->year_index == (a->year_index + 1) % n_parts)
                  b = c;
              }
            /* The distance from the dot to 苏州's edge a–b. */
            {
              double dx = b->x - a->x, dy = b->y - a->y, len = dx * dx + dy * dy;
              double t = len > 0 ? CLAMP (((dot->x - a->x) * dx + (dot->y - a->y) * dy) / len, 0, 1) : 0;

              covered |= hypot (dot->x - (a->x + t * dx), dot->y - (a->y + t * dy)) < 5;
            }
          }
        if (covered)
          continue;
        assert_pixel (image, dot->x * 2, dot->y * 2, kh_palette_series (KH_PALETTE_LIGHT, 2));
        second++;
      }
    g_assert_cmpuint (blue, ==, n_parts);
    g_assert_cmpuint (second, >, 0);
    cairo_surface_destroy (image);
  }

  /* The distribution: both named with their scores, the other eleven cities faded. */
  gtk_drop_down_set_selected (type_dropdown (view), KH_CHART_DISTRIBUTION);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_free (kh_test_save_png (GTK_WIDGET (window), "charts-highlight-distribution.png"));
  shown = kh_chart_widget_get_layout (kh_charts_view_get_chart (view));
  g_assert_cmpuint (shown->labels->len, ==, 2);
  {
    g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
    const KhColor *foreground = kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND);
    guint faded = 0;

    image = export_slide (view, path, layout);
    g_assert_cmpuint (layout->labels->len, ==, 2);
    for (guint i = 0; i < layout->dots->len; i++)
      {
        const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);

        if ((int) dot->unit == suzhou || (int) dot->unit == changzhou)
          assert_pixel (image, dot->x * 2, dot->y * 2, kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
        else
          {
            guchar *pixels = cairo_image_surface_get_data (image);
            guint32 pixel = *(guint32 *) (pixels + (int) (dot->y * 2) * cairo_image_surface_get_stride (image)
                                          + (int) (dot->x * 2) * 4);
            double sum = (((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff)) / 255.0;

            /* The foreground at 0.35 over a light band: lighter than the foreground. */
            g_assert_cmpfloat (sum, >, foreground->red + foreground->green + foreground->blue + 0.3);
            faded++;
          }
      }
    g_assert_cmpuint (faded, ==, data->units->len - 2);
    cairo_surface_destroy (image);
  }
  g_unlink (path);
  g_rmdir (dir);
  kh_test_sample_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!kh_test_sample_init (&argc, &argv))
    {
      g_test_skip ("the sample project is not built");
      return 77;
    }
  g_test_add_func ("/ui/charts/multiples", test_multiples);
  g_test_add_func ("/ui/charts/highlight-profile", test_highlight_profile);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
