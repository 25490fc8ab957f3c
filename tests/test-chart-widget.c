/* test-chart-widget.c — the chart widget under Xvfb: drawing, HiDPI, hover text, click,
 * keyboard, accessibility, dark style, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "kh-test-chart-data.h"
#include "kh-test-chart-draw.h"
#include "kh-test-utils.h"
#include "ui/kh-chart-widget.h"

typedef struct
{
  GtkWindow *window;
  KhChartWidget *chart;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->chart = KH_CHART_WIDGET (kh_chart_widget_new ());
  kh_chart_widget_set_data (f->chart, kh_test_cities_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->chart));
  gtk_window_set_default_size (f->window, 900, 560);
  gtk_window_present (f->window);
  kh_test_wait_for_widget (GTK_WIDGET (f->chart));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (f->window);
}

static void
assert_pixbuf_color (GdkPixbuf     *pixbuf,
                     int            x,
                     int            y,
                     const KhColor *color)
{
  const guchar *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
                    + x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpfloat_with_epsilon (p[0] / 255.0, color->red, 0.03);
  g_assert_cmpfloat_with_epsilon (p[1] / 255.0, color->green, 0.03);
  g_assert_cmpfloat_with_epsilon (p[2] / 255.0, color->blue, 0.03);
}

static void
frame_cb (GdkFrameClock *clock,
          gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the widget's next frame, so that it shows what was just changed. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &painted);

  gtk_widget_queue_draw (widget);
  g_assert_true (kh_test_wait_until (is_true, &painted, 5000));
  g_signal_handler_disconnect (clock, handler);
}

static GdkPixbuf *
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  wait_for_frame (widget);
  path = kh_test_save_png (widget, name);
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static void
test_widget_draws (Fixture      *f,
                   gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  const KhChartLayout *layout = kh_chart_widget_get_layout (f->chart);
  g_autoptr (GdkPixbuf) pixbuf = screenshot (widget, "chart-widget-bump.png");
  const KhChartDot *dot;

  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, gtk_widget_get_width (widget));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gtk_widget_get_height (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), ==, 900);
  /* The widget drew the cities: 13 × 3 dots, rank r in row r − 1. */
  g_assert_cmpuint (layout->dots->len, ==, 39);
  dot = kh_test_chart_find_dot (layout, 4, 2); /* 常州市 2020, rank 4 */
  g_assert_cmpfloat_with_epsilon (dot->y, layout->plot_y + 3.5 * layout->row_height, 1e-9);
  /* …painted in the advance colour at that very pixel of the widget's own rendering. */
  assert_pixbuf_color (pixbuf, (int) dot->x, (int) dot->y,
                       kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
  g_assert_cmpint (kh_chart_widget_unit_at (f->chart, dot->x, dot->y), ==, 4);
}

static void
test_widget_hidpi (Fixture      *f,
                   gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  const KhChartLayout *layout = kh_chart_widget_get_layout (f->chart);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("KH_SCREENSHOT_DIR"),
                                            "chart-widget-bump@2x.png", NULL);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  const KhChartDot *dot;

  /* What a scale-2 monitor gets: the same snapshot rendered at twice the pixels. The
   * cairo node is drawn at render time, so a dot of radius r covers 2r pixels. */
  gtk_snapshot_scale (snapshot, 2, 2);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, 2 * w, 2 * h));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * w);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  pixbuf = gdk_pixbuf_new_from_file (path, NULL);
  g_assert_nonnull (pixbuf);
  dot = kh_test_chart_find_dot (layout, 4, 2);
  /* 3 logical pixels right of the dot's centre is still inside its 4.5-pixel radius. */
  assert_pixbuf_color (pixbuf, (int) (2 * dot->x) + 6, (int) (2 * dot->y),
                       kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller; /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static void
activated_cb (KhChartWidget *chart,
              const char    *unit_id,
              GPtrArray     *seen)
{
  g_ptr_array_add (seen, g_strdup (unit_id));
}

static void
test_widget_interaction (Fixture      *f,
                         gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  const KhChartLayout *layout = kh_chart_widget_get_layout (f->chart);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const KhChartDot *dot = kh_test_chart_find_dot (layout, 4, 2);
  GtkEventController *key;
  g_autofree char *tooltip = NULL;
  gboolean handled = FALSE;

  g_signal_connect (f->chart, "unit-activated", G_CALLBACK (activated_cb), seen);

  /* Tooltip text for 常州市 in 2020: rank 4, tier 1, score 92 − 2.5·3 + 0.1·((7·4 + 3·2)
   * mod 10) = 84.9, up from rank 9 in 2019. */
  tooltip = kh_chart_widget_describe_unit (f->chart, 4, 2);
  g_assert_cmpstr (tooltip, ==, "常州市\nRank 4 in 2020, tier 1\nScore 84.90\nAdvanced 5 since 2019");
  g_clear_pointer (&tooltip, g_free);
  /* 南通市 2020: fell from 3 to 6. */
  tooltip = kh_chart_widget_describe_unit (f->chart, 3, 2);
  g_assert_true (g_str_has_suffix (tooltip, "Fell back 3 since 2019"));

  /* A click on 常州's 2020 dot selects it and says so. */
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_GESTURE_CLICK), "released", 1, dot->x,
                         dot->y);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "320400");
  g_assert_cmpstr (kh_chart_widget_get_selected (f->chart), ==, "320400");
  g_assert_nonnull (strstr (kh_chart_widget_get_description (f->chart), "Selected: 常州市"));
  /* A click on empty space activates nothing. */
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_GESTURE_CLICK), "released", 1, 2.0,
                         gtk_widget_get_height (widget) - 2.0);
  g_assert_cmpuint (seen->len, ==, 1);

  /* Down moves to the next rank of 2020 (5: 扬州市), Up twice to rank 3 (无锡市), Enter
   * activates it. */
  key = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (kh_chart_widget_get_selected (f->chart), ==, "321000");
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_assert_cmpstr (kh_chart_widget_get_selected (f->chart), ==, "320200");
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "320200");
  /* Other keys are left to the rest of the window. */
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_a, 0, 0, &handled);
  g_assert_false (handled);
  g_assert_true (gtk_widget_get_focusable (widget));

  /* The selection is drawn highlighted: its 2020 dot keeps full colour (无锡 3 → 4 → 3
   * advanced into 2020), while the others are dimmed. */
  {
    /* The screenshot snapshots the widget afresh, so it shows the new selection. */
    g_autoptr (GdkPixbuf) pixbuf = screenshot (widget, "chart-widget-selected.png");
    const KhChartDot *wuxi = kh_test_chart_find_dot (layout, 2, 2);

    assert_pixbuf_color (pixbuf, (int) wuxi->x, (int) wuxi->y,
                         kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE));
  }
}

static void
test_widget_types_and_accessibility (Fixture      *f,
                                     gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  /* 2018 → 2020: 常州 and 泰州 advanced; 扬州, 南通, 镇江, 徐州, 盐城, 淮安, 连云港 fell. */
  g_assert_cmpstr (kh_chart_widget_get_description (f->chart), ==,
                   "Rank bump chart of 13 units, 2018–2020. 2 advanced and 7 fell back.");

  for (KhChartType type = KH_CHART_SLOPE; type < KH_N_CHART_TYPES; type++)
    {
      g_autofree char *name = g_strdup_printf ("chart-widget-%s.png",
                                               kh_chart_type_to_string (type));
      g_autoptr (GdkPixbuf) pixbuf = NULL;

      kh_chart_widget_set_selected (f->chart, "320400");
      kh_chart_widget_set_chart_type (f->chart, type);
      g_assert_cmpint (kh_chart_widget_get_chart_type (f->chart), ==, type);
      pixbuf = screenshot (widget, name);
      g_assert_cmpuint (kh_chart_widget_get_layout (f->chart)->dots->len, >, 0);
    }
  g_assert_true (g_str_has_prefix (kh_chart_widget_get_description (f->chart),
                                   "Score dumbbell chart of 13 units"));

  /* Without data: nothing to pick, a plain description. */
  kh_chart_widget_set_data (f->chart, NULL);
  g_assert_null (kh_chart_widget_get_selected (f->chart));
  g_assert_cmpint (kh_chart_widget_unit_at (f->chart, 100, 100), ==, -1);
  g_assert_cmpstr (kh_chart_widget_get_description (f->chart), ==, "No chart data.");
}

static void
test_widget_dark_and_export (Fixture      *f,
                             gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *dir = g_dir_make_tmp ("kh-chart-widget-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "chart.bmp", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  pixbuf = screenshot (widget, "chart-widget-dark.png");
  assert_pixbuf_color (pixbuf, 2, gdk_pixbuf_get_height (pixbuf) - 2,
                       kh_palette_get (KH_PALETTE_DARK, KH_COLOR_BACKGROUND));
  g_clear_object (&pixbuf);

  /* Export: A4 landscape at 2 pixels per point, in the light print palette. */
  g_assert_true (kh_chart_widget_export (f->chart, png, 842, 595, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1684);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1190);
  assert_pixbuf_color (pixbuf, 2, 1188, kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_BACKGROUND));
  g_assert_false (kh_chart_widget_export (f->chart, bad, 842, 595, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/chart-widget/draws", Fixture, NULL, fixture_set_up, test_widget_draws,
              fixture_tear_down);
  g_test_add ("/ui/chart-widget/hidpi", Fixture, NULL, fixture_set_up, test_widget_hidpi,
              fixture_tear_down);
  g_test_add ("/ui/chart-widget/interaction", Fixture, NULL, fixture_set_up,
              test_widget_interaction, fixture_tear_down);
  g_test_add ("/ui/chart-widget/types-and-accessibility", Fixture, NULL, fixture_set_up,
              test_widget_types_and_accessibility, fixture_tear_down);
  g_test_add ("/ui/chart-widget/dark-and-export", Fixture, NULL, fixture_set_up,
              test_widget_dark_and_export, fixture_tear_down);

  return g_test_run ();
}
