/* test-charts-view.c — the Charts page: years, unit, and the unit shared with Results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is the window tests' four invented cities (tests/data/ui/, 2019 and 2020)
 * plus a third year from tests/data/charts-view/ (the same framework, 2021 values).
 * Ranks, by hand (see tests/test-window-project.c for 2019 and 2020):
 *   2019: b 1, a 2, d 3, c 4
 *   2020: a 1, b 2, c 3, d 4
 *   2021: every indicator orders d, c, b, a (gdp 9 7 5 3, pm25 30 40 50 60 lower is
 *         better, survey 90 85 80 70), so f_gdp = f_pm = d 1, c 2/3, b 1/3, a 0 and
 *         f_survey = d 1, c 0.75, b 0.5, a 0; total = 80·(f_gdp + f_pm)/2 + 20·f_survey:
 *         d 100, c 68.33, b 36.67, a 0 → d 1, c 2, b 3, a 4.
 * Rank change (earlier rank − later rank, positive = advanced):
 *   2019 → 2021: a 2−4 = −2, b 1−3 = −2, c 4−2 = +2, d 3−1 = +2
 *   2020 → 2021: a 1−4 = −3, b 2−3 = −1, c 3−2 = +1, d 4−1 = +3
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-chart-widget.h"
#include "ui/kh-charts-view.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static void
build_project (void)
{
  project = g_build_filename (tmp_dir, "charts.kaohe", NULL);
  kh_test_ui_project_build (project, 2019, 2021);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
charts_loaded (gpointer data)
{
  return !kh_charts_view_is_loading (data);
}

typedef struct
{
  KhWindow *window;
  KhChartsView *charts;
  KhResultsView *results;
  KhChartWidget *chart;
  GtkDropDown *type_dropdown, *from_dropdown, *to_dropdown, *unit_dropdown;
} Fixture;

/* The earlier years computed on the page's worker thread, and their chart shown. */
static void
wait_charts (Fixture *f)
{
  g_assert_true (kh_test_wait_until (charts_loaded, f->charts, 30000));
  kh_test_wait_for_widget (GTK_WIDGET (f->charts));
}

/* The page's dropdowns in toolbar order: type, from, to, unit. */
static void
collect_dropdowns (GtkWidget *widget,
                   GPtrArray *found)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      g_ptr_array_add (found, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_dropdowns (child, found);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GPtrArray) dropdowns = g_ptr_array_new ();

  f->window = kh_test_ui_open (app, project, 1280, 800, 10000);
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (f->window)), ==, 2021);

  f->charts = KH_CHARTS_VIEW (kh_window_get_page (f->window, "charts"));
  f->results = KH_RESULTS_VIEW (kh_window_get_page (f->window, "results"));
  kh_window_show_page (f->window, "charts");
  kh_test_wait_for_widget (GTK_WIDGET (f->charts));
  wait_charts (f);
  f->chart = kh_charts_view_get_chart (f->charts);
  collect_dropdowns (GTK_WIDGET (f->charts), dropdowns);
  g_assert_cmpuint (dropdowns->len, ==, 4);
  f->type_dropdown = g_ptr_array_index (dropdowns, 0);
  f->from_dropdown = g_ptr_array_index (dropdowns, 1);
  f->to_dropdown = g_ptr_array_index (dropdowns, 2);
  f->unit_dropdown = g_ptr_array_index (dropdowns, 3);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static const char *
results_selected (Fixture *f)
{
  KhResultRow *row = kh_results_view_get_selected_row (f->results);

  return row != NULL ? kh_result_row_get_unit_id (row) : NULL;
}

static const char *
unit_dropdown_label (Fixture *f)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (f->unit_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* The unit's name as charted: its Chinese or English name, following the ui's language. */
static const char *
label_of (KhChartWidget *chart,
          const char    *unit_id)
{
  const KhChartData *data = kh_chart_widget_get_data (chart);
  int unit = kh_chart_data_find_unit (data, unit_id);

  g_assert_cmpint (unit, >=, 0);
  return ((const KhChartUnit *) g_ptr_array_index (data->units, unit))->label;
}

/* "Selected: NAME" is in the chart's accessible description. */
static void
assert_described_selected (KhChartWidget *chart,
                           const char    *unit_id)
{
  g_autofree char *expected = g_strdup_printf ("Selected: %s", label_of (chart, unit_id));

  g_assert_nonnull (strstr (kh_chart_widget_get_description (chart), expected));
}

static const KhChartDot *
find_dot (const KhChartLayout *layout,
          guint                unit,
          int                  year_index)
{
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);

      if (dot->unit == unit && dot->year_index == year_index)
        return dot;
    }
  return NULL;
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

/* Every year is charted by default; the dropdowns and the API choose the range. */
static void
test_years (Fixture      *f,
            gconstpointer unused)
{
  const KhChartData *data = kh_chart_widget_get_data (f->chart);
  int from, to;
  g_autofree char *about = NULL;
  g_autofree char *expected = NULL;
  int c;

  g_assert_nonnull (data);
  g_assert_cmpint (data->n_years, ==, 3);
  g_assert_cmpint (data->years[0], ==, 2019);
  g_assert_cmpint (data->years[2], ==, 2021);
  kh_charts_view_get_years (f->charts, &from, &to);
  g_assert_cmpint (from, ==, 2019);
  g_assert_cmpint (to, ==, 2021);
  g_assert_cmpint (data->year_from, ==, 0);
  g_assert_cmpint (data->year_to, ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (f->from_dropdown), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (f->to_dropdown), ==, 2);

  /* The slope chart compares the two ends: c went from 4th (2019) to 2nd (2021); tiers
   * count "1 2" puts rank 1 in tier 1 and ranks 2–3 in tier 2. */
  gtk_drop_down_set_selected (f->type_dropdown, KH_CHART_SLOPE);
  g_assert_cmpint (kh_chart_widget_get_chart_type (f->chart), ==, KH_CHART_SLOPE);
  c = kh_chart_data_find_unit (data, "c");
  g_assert_cmpint (c, >=, 0);
  about = kh_chart_widget_describe_unit (f->chart, (guint) c, 2);
  expected = g_strdup_printf ("%s\nRank 2 in 2021, tier 2\nScore 68.33\nAdvanced 2 since 2019",
                              label_of (f->chart, "c"));
  g_assert_cmpstr (about, ==, expected);
  g_clear_pointer (&about, g_free);
  /* 2 of 4 advanced (c, d) and 2 fell back (a, b) between 2019 and 2021. */
  g_assert_nonnull (strstr (kh_chart_widget_get_description (f->chart),
                            "4 units, 2019–2021. 2 advanced and 2 fell back."));

  /* "From" 2020 through its dropdown: compared with 2020, d advanced 3. */
  gtk_drop_down_set_selected (f->from_dropdown, 1);
  data = kh_chart_widget_get_data (f->chart);
  g_assert_cmpint (data->year_from, ==, 1);
  g_assert_cmpint (data->year_to, ==, 2);
  kh_charts_view_get_years (f->charts, &from, &to);
  g_assert_cmpint (from, ==, 2020);
  g_assert_cmpint (to, ==, 2021);
  about = kh_chart_widget_describe_unit (f->chart, (guint) kh_chart_data_find_unit (data, "d"), 2);
  g_assert_true (g_str_has_suffix (about, "Advanced 3 since 2020"));
  g_clear_pointer (&about, g_free);

  /* "To" before "from": "from" follows, so the range never turns round. */
  gtk_drop_down_set_selected (f->to_dropdown, 0);
  kh_charts_view_get_years (f->charts, &from, &to);
  g_assert_cmpint (from, ==, 2019);
  g_assert_cmpint (to, ==, 2019);
  g_assert_cmpuint (gtk_drop_down_get_selected (f->from_dropdown), ==, 0);
  /* Bars, radar and distribution draw the last year chosen. */
  data = kh_chart_widget_get_data (f->chart);
  g_assert_cmpint (data->year_to, ==, 0);

  /* Through the API, 2019 → 2020; a year not charted falls back to the default end. */
  kh_charts_view_set_years (f->charts, 2019, 2020);
  data = kh_chart_widget_get_data (f->chart);
  g_assert_cmpint (data->year_from, ==, 0);
  g_assert_cmpint (data->year_to, ==, 1);
  about = kh_chart_widget_describe_unit (f->chart, (guint) kh_chart_data_find_unit (data, "a"), 1);
  /* a: 2nd in 2019, 1st in 2020. */
  g_assert_true (g_str_has_suffix (about, "Advanced 1 since 2019"));
  kh_charts_view_set_years (f->charts, 2017, 2030);
  kh_charts_view_get_years (f->charts, &from, &to);
  g_assert_cmpint (from, ==, 2019);
  g_assert_cmpint (to, ==, 2021);

  /* The slope chart between 2019 and 2021, with c highlighted, as the page shows it. */
  kh_charts_view_set_selected_unit (f->charts, "c");
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "charts-view-slope-2019-2021.png"));

  /* Another year in the header: the whole run of years is charted again. */
  {
    g_autoptr (GError) error = NULL;

    kh_charts_view_set_years (f->charts, 2020, 2021);
    g_assert_true (kh_document_set_year (kh_window_get_document (f->window), 2020, &error));
    g_assert_no_error (error);
    wait_charts (f);
    kh_charts_view_get_years (f->charts, &from, &to);
    g_assert_cmpint (from, ==, 2019);
    g_assert_cmpint (to, ==, 2020);
    g_assert_cmpint (kh_chart_widget_get_data (f->chart)->n_years, ==, 2);
  }
}

/* A click on a unit highlights it in every chart type and selects it in Results; the
 * Charts page stays. Results and the unit dropdown choose it the other way round. */
static void
test_unit_shared (Fixture      *f,
                  gconstpointer unused)
{
  const KhChartData *data = kh_chart_widget_get_data (f->chart);
  const KhChartLayout *layout;
  const KhChartDot *dot;
  int c = kh_chart_data_find_unit (data, "c");

  /* Nothing chosen yet. */
  g_assert_null (kh_charts_view_get_selected_unit (f->charts));
  g_assert_cmpstr (unit_dropdown_label (f), ==, "No Unit");
  /* "No Unit" and the four cities. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (f->unit_dropdown)), ==, 5);

  /* Click c's 2021 dot on the bump chart. */
  g_assert_cmpint (kh_chart_widget_get_chart_type (f->chart), ==, KH_CHART_BUMP);
  layout = kh_chart_widget_get_layout (f->chart);
  dot = find_dot (layout, (guint) c, 2);
  g_assert_nonnull (dot);
  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->chart), GTK_TYPE_GESTURE_CLICK),
                         "released", 1, dot->x, dot->y);
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "c");
  g_assert_cmpstr (results_selected (f), ==, "c");
  g_assert_cmpstr (unit_dropdown_label (f), ==, label_of (f->chart, "c"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->charts)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->results)));
  assert_described_selected (f->chart, "c");
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  g_assert_cmpstr (data->highlight, ==, "c");
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "charts-view-bump-highlight.png"));

  /* Another chart type keeps the highlight. */
  gtk_drop_down_set_selected (f->type_dropdown, KH_CHART_BARS);
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "c");
  g_assert_cmpstr (kh_chart_widget_get_data (f->chart)->highlight, ==, "c");

  /* The unit activated through the chart's own signal (what Enter does) too. */
  g_signal_emit_by_name (f->chart, "unit-activated", "a");
  g_assert_cmpstr (results_selected (f), ==, "a");

  /* Results → Charts: b selected there is highlighted here. */
  g_assert_true (kh_results_view_select_unit (f->results, "b"));
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "b");
  g_assert_cmpstr (unit_dropdown_label (f), ==, label_of (f->chart, "b"));

  /* The unit dropdown chooses the radar's unit: d is listed after "No Unit" in the
   * chart's unit order. */
  gtk_drop_down_set_selected (f->type_dropdown, KH_CHART_RADAR);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (f->unit_dropdown)); i++)
    {
      gtk_drop_down_set_selected (f->unit_dropdown, i);
      if (g_strcmp0 (unit_dropdown_label (f), label_of (f->chart, "d")) == 0)
        break;
    }
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "d");
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  g_assert_cmpstr (kh_chart_widget_get_data (f->chart)->highlight, ==, "d");
  assert_described_selected (f->chart, "d");
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "charts-view-radar-d.png"));
  /* Choosing a unit in the dropdown does not change the Results selection. */
  g_assert_cmpstr (results_selected (f), ==, "b");

  /* "No Unit" clears the highlight. */
  gtk_drop_down_set_selected (f->unit_dropdown, 0);
  g_assert_null (kh_charts_view_get_selected_unit (f->charts));
  kh_test_wait_until (never, NULL, 50);
}

/* Width and height of a PNG file, from its IHDR chunk (bytes 16–23, big-endian). */
static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree guchar *bytes = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, (char **) &bytes, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  *width = (guint) bytes[16] << 24 | (guint) bytes[17] << 16 | (guint) bytes[18] << 8 | bytes[19];
  *height = (guint) bytes[20] << 24 | (guint) bytes[21] << 16 | (guint) bytes[22] << 8 | bytes[23];
}

static gboolean
file_chooser_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

/* Every chart type is exported from the Charts page as PNG, SVG and PDF at each size
 * preset; the Export button, Ctrl+E and the chart's context menu all lead to the export. */
static gboolean
file_chooser_gone (gpointer data)
{
  return !file_chooser_shown (data);
}

static void
test_export (Fixture      *f,
             gconstpointer unused)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-charts-export-XXXXXX", NULL);
  /* Expected sizes by hand: slide 960 × 540 pt at 2 px/pt = 1920 × 1080; half A4
   * 170 × 115 mm and a column 80 × 100 mm at 300 dpi: mm / 25.4 · 300, rounded up:
   * 2008.0 → 2008 × 1358.3 → 1359; 944.9 → 945 × 1181.1 → 1182. */
  static const struct { KhChartSize size; guint width, height; const char *svg_width; } sizes[] = {
    { KH_CHART_SIZE_SLIDE, 1920, 1080, "width=\"960pt\"" },
    { KH_CHART_SIZE_HALF_A4, 2008, 1359, "width=\"481.889764pt\"" },
    { KH_CHART_SIZE_COLUMN, 945, 1182, "width=\"226.771654pt\"" },
  };
  static const char *const formats[] = { "png", "svg", "pdf" };

  for (int type = 0; type < KH_N_CHART_TYPES; type++)
    {
      gtk_drop_down_set_selected (f->type_dropdown, (guint) type);
      g_assert_cmpint (kh_chart_widget_get_chart_type (f->chart), ==, type);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
          {
            g_autofree char *name = g_strdup_printf ("%s-%s.%s", kh_chart_type_to_string ((KhChartType) type),
                                                     kh_chart_size_to_string (sizes[s].size), formats[k]);
            g_autofree char *path = g_build_filename (dir, name, NULL);
            g_autoptr (GError) error = NULL;
            g_autofree char *contents = NULL;
            gsize length = 0;

            g_assert_true (kh_charts_view_export (f->charts, path, sizes[s].size, &error));
            g_assert_no_error (error);
            g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
            if (k == 0)
              {
                guint width, height;

                png_size (path, &width, &height);
                g_assert_cmpuint (width, ==, sizes[s].width);
                g_assert_cmpuint (height, ==, sizes[s].height);
              }
            else if (k == 1)
              {
                g_assert_nonnull (strstr (contents, "<svg"));
                g_assert_nonnull (strstr (contents, sizes[s].svg_width));
              }
            else
              g_assert_true (g_str_has_prefix (contents, "%PDF-"));
            if (type == KH_CHART_BUMP && s == 0 && k == 0)
              {
                /* Kept to look at: the slide-sized bump chart. */
                g_autofree char *shot = g_build_filename (g_getenv ("KH_SCREENSHOT_DIR"), "charts-export-slide.png",
                                                          NULL);

                g_mkdir_with_parents (g_getenv ("KH_SCREENSHOT_DIR"), 0755);
                g_assert_true (g_file_set_contents (shot, contents, (gssize) length, NULL));
              }
            g_unlink (path);
          }
    }
  g_rmdir (dir);

  /* The chart's context menu offers the export, and its action is enabled. */
  kh_chart_widget_popup_menu (f->chart, 40, 40);
  g_assert_true (kh_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                     kh_chart_widget_get_menu (f->chart), 5000));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->charts)));
  kh_test_wait_for_widget (kh_chart_widget_get_menu (f->chart));
  g_free (kh_test_save_png (kh_chart_widget_get_menu (f->chart), "charts-export-menu.png"));
  gtk_popover_popdown (GTK_POPOVER (kh_chart_widget_get_menu (f->chart)));

  /* Ctrl+E on the page asks for the file (a file chooser opens). */
  gtk_widget_grab_focus (GTK_WIDGET (f->chart));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->charts), "charts.export", NULL));
  g_assert_true (kh_test_wait_until (file_chooser_shown, NULL, 10000));
  {
    GListModel *toplevels = gtk_window_get_toplevels (); /* GTK's own */

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

        if (GTK_IS_FILE_CHOOSER (window))
          {
            /* The size preset is offered as a choice of the dialog. */
            g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (window), "size"), ==, "a4-half");
            gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
          }
      }
  }
  g_assert_true (kh_test_wait_until ((gboolean (*) (gpointer)) file_chooser_gone, NULL, 5000));
}

/* Results' position of @unit_id, or G_MAXUINT. */
static guint
results_position (Fixture    *f,
                  const char *unit_id)
{
  GListModel *rows = kh_results_view_get_rows (f->results);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      if (g_strcmp0 (kh_result_row_get_unit_id (row), unit_id) == 0)
        return i;
    }
  return G_MAXUINT;
}

/* What a click (@modify FALSE) or Ctrl+click (TRUE) on @unit_id's row does: the list's
 * "list.select-item" action, which GTK's click gesture and the keys run. */
static void
click_row (Fixture    *f,
           const char *unit_id,
           gboolean    modify)
{
  GtkWidget *list = kh_test_find_descendant (GTK_WIDGET (f->results), GTK_TYPE_LIST_VIEW);
  guint position = results_position (f, unit_id);

  g_assert_nonnull (list);
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", position, modify, FALSE));
}

static void
assert_strv (const char *const *got,
             const char *const *want)
{
  g_autofree char *a = g_strjoinv (" ", (char **) got);
  g_autofree char *b = g_strjoinv (" ", (char **) want);

  g_assert_cmpstr (a, ==, b);
}

/* Several units selected in Results (a click and a Ctrl+click) are highlighted in Charts:
 * in colour in the chart shown and in its export, the others faded; they stay so in
 * another year; a click on one row leaves it alone. 2021's ranks (above): d 1, c 2, b 3,
 * a 4, so the rows read d c b a. */
static void
test_highlight_several (Fixture      *f,
                        gconstpointer unused)
{
  static const char *const c_a[] = { "c", "a", NULL };
  const KhChartData *data;
  g_autofree char *png = NULL;
  g_autofree gboolean *mask = NULL;
  gboolean any;

  kh_window_show_page (f->window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (f->results));
  click_row (f, "a", FALSE);
  click_row (f, "c", TRUE);
  /* In the rows' order; the breakdown shows the one just added. */
  assert_strv (kh_results_view_get_selected_units (f->results), c_a);
  g_assert_cmpstr (kh_results_view_get_selected_unit (f->results), ==, "c");
  g_assert_cmpstr (results_selected (f), ==, "c");
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (kh_results_view_get_rows (f->results)),
                                                  results_position (f, "a")));
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "results-two-selected.png"));

  kh_window_show_page (f->window, "charts");
  kh_test_wait_for_widget (GTK_WIDGET (f->window));
  assert_strv (kh_charts_view_get_highlighted_units (f->charts), c_a);
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "c");
  data = kh_chart_widget_get_data (f->chart);
  mask = kh_chart_data_highlight_mask (data, &any);
  g_assert_true (any);
  g_assert_true (mask[kh_chart_data_find_unit (data, "a")]);
  g_assert_true (mask[kh_chart_data_find_unit (data, "c")]);
  g_assert_false (mask[kh_chart_data_find_unit (data, "b")]);
  g_assert_false (mask[kh_chart_data_find_unit (data, "d")]);
  g_clear_pointer (&mask, g_free);
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "charts-view-two-highlighted.png"));

  /* The export carries them: drawn at the slide preset (960 × 540 pt, PNG at 2 px a point),
   * a's and c's 2021 dots are their direction's colour (2020 → 2021: a fell 1 → 4, c
   * advanced 3 → 2), b's (fell 2 → 3) is faded, lighter than the fall colour. */
  png = g_build_filename (tmp_dir, "two-highlighted.png", NULL);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhChartLayout) layout = kh_chart_layout_new ();
    cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 960, 540);
    cairo_t *cr = cairo_create (scratch);
    cairo_surface_t *image;
    static const struct
    {
      const char *unit;
      KhColorRole role;
      gboolean full;
    } marks[] = { { "a", KH_COLOR_FALL, TRUE }, { "c", KH_COLOR_ADVANCE, TRUE }, { "b", KH_COLOR_FALL, FALSE } };

    g_assert_true (kh_charts_view_export (f->charts, png, KH_CHART_SIZE_SLIDE, &error));
    g_assert_no_error (error);
    kh_chart_draw (KH_CHART_BUMP, data, cr, 960, 540, layout);
    cairo_destroy (cr);
    cairo_surface_destroy (scratch);
    image = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
    for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
      {
        const KhChartDot *dot = find_dot (layout, (guint) kh_chart_data_find_unit (data, marks[i].unit), 2);
        const KhColor *color = kh_palette_get (KH_PALETTE_LIGHT, marks[i].role);
        guchar *pixels = cairo_image_surface_get_data (image);
        guint32 pixel = *(guint32 *) (pixels + (int) (dot->y * 2) * cairo_image_surface_get_stride (image)
                                      + (int) (dot->x * 2) * 4);
        double rgb[3] = { ((pixel >> 16) & 0xff) / 255.0, ((pixel >> 8) & 0xff) / 255.0, (pixel & 0xff) / 255.0 };

        if (marks[i].full)
          {
            g_assert_cmpfloat_with_epsilon (rgb[0], color->red, 0.02);
            g_assert_cmpfloat_with_epsilon (rgb[1], color->green, 0.02);
            g_assert_cmpfloat_with_epsilon (rgb[2], color->blue, 0.02);
          }
        else
          g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, color->red + color->green + color->blue + 0.3);
      }
    cairo_surface_destroy (image);
  }

  /* Another year: both are still highlighted (2020's rows: a b c d). */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (kh_document_set_year (kh_window_get_document (f->window), 2020, &error));
    g_assert_no_error (error);
  }
  g_assert_true (kh_test_wait_until (kh_test_window_loaded, f->window, 10000));
  wait_charts (f);
  /* (in the order they were listed when chosen) */
  assert_strv (kh_results_view_get_selected_units (f->results), c_a);
  assert_strv (kh_charts_view_get_highlighted_units (f->charts), c_a);
  data = kh_chart_widget_get_data (f->chart);
  g_assert_cmpint (data->years[data->n_years - 1], ==, 2020);
  mask = kh_chart_data_highlight_mask (data, &any);
  g_assert_true (mask[kh_chart_data_find_unit (data, "a")]);
  g_assert_true (mask[kh_chart_data_find_unit (data, "c")]);
  g_assert_false (mask[kh_chart_data_find_unit (data, "b")]);
  g_clear_pointer (&mask, g_free);

  /* A plain click on one row: that unit alone. */
  kh_window_show_page (f->window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (f->results));
  click_row (f, "b", FALSE);
  assert_strv (kh_charts_view_get_highlighted_units (f->charts), (const char *const[]) { "b", NULL });
  g_assert_cmpstr (kh_charts_view_get_selected_unit (f->charts), ==, "b");

  /* From the keyboard: Ctrl+A selects every row, all highlighted (2020's rows a b c d);
   * three were added at once, so the breakdown still shows b. */
  g_assert_true (kh_test_activate_shortcut (kh_test_find_descendant (GTK_WIDGET (f->results), GTK_TYPE_LIST_VIEW),
                                            GDK_KEY_a, GDK_CONTROL_MASK));
  assert_strv (kh_charts_view_get_highlighted_units (f->charts), (const char *const[]) { "a", "b", "c", "d", NULL });
  g_assert_cmpstr (kh_results_view_get_selected_unit (f->results), ==, "b");
}

/* Another year: its earlier years are computed on the page's worker (issue 22), the page
 * showing a spinner and no chart meanwhile, never the last year's. Asked for 2020 and, before
 * that worker has delivered, for 2021 again: what the first would deliver is dropped, and
 * the chart shows 2019–2021 with 2021's ranks (d 1, c 2, b 3, a 4, above), never 2021
 * with the first worker's history (2019 alone, 2 years). Nothing here turns the main
 * loop while a worker's result could be on its way but the waits for the last one. */
static void
test_history_worker (Fixture      *f,
                     gconstpointer unused)
{
  KhDocument *doc = kh_window_get_document (f->window);
  GtkWidget *spinner = kh_test_find_descendant (GTK_WIDGET (f->charts), GTK_TYPE_SPINNER);
  g_autoptr (GError) error = NULL;
  const KhChartData *data;
  static const char *const order[] = { "d", "c", "b", "a" };

  g_assert_nonnull (spinner);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpint (kh_chart_widget_get_data (f->chart)->n_years, ==, 3);

  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_charts_view_is_loading (f->charts));
  g_assert_null (kh_chart_widget_get_data (f->chart));
  g_assert_cmpuint (kh_charts_view_get_n_units (f->charts), ==, 0);
  {
    g_autofree char *png = g_build_filename (tmp_dir, "loading.png", NULL);

    /* nothing to export meanwhile */
    g_assert_false (kh_charts_view_export (f->charts, png, KH_CHART_SIZE_SLIDE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  }
  /* the spinner's page shows (the stack maps it at once) */
  g_assert_true (gtk_widget_get_mapped (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  /* Mid-way: 2021 again, before the 2020 worker's plans came back (they come back through
   * the main loop, which has not turned since). */
  g_assert_true (kh_charts_view_is_loading (f->charts));
  g_assert_true (kh_document_set_year (doc, 2021, &error));
  g_assert_no_error (error);
  g_assert_true (kh_charts_view_is_loading (f->charts));
  wait_charts (f);
  data = kh_chart_widget_get_data (f->chart);
  g_assert_nonnull (data);
  g_assert_cmpint (data->n_years, ==, 3);
  g_assert_cmpint (data->years[0], ==, 2019);
  g_assert_cmpint (data->years[2], ==, 2021);
  g_assert_false (gtk_widget_get_mapped (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      g_autofree char *about =
        kh_chart_widget_describe_unit (f->chart, (guint) kh_chart_data_find_unit (data, order[k]), 2);
      g_autofree char *rank = g_strdup_printf ("\nRank %u in 2021,", k + 1);

      g_assert_nonnull (strstr (about, rank));
    }
  g_free (kh_test_save_png (GTK_WIDGET (f->window), "charts-view-after-worker.png"));
}

static gboolean
gone (gpointer data)
{
  GObject *object = g_weak_ref_get (data);

  g_clear_object (&object);
  return object == NULL;
}

/* The window closed while the worker computes: the page goes when the worker has ended,
 * which touches nothing of it then. */
static void
test_close_mid_load (Fixture      *f,
                     gconstpointer unused)
{
  g_autoptr (GError) error = NULL;
  GWeakRef page;

  g_assert_true (kh_document_set_year (kh_window_get_document (f->window), 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (kh_window_get_document (f->window), 2021, &error));
  g_assert_true (kh_charts_view_is_loading (f->charts));
  g_weak_ref_init (&page, f->charts);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_true (kh_test_wait_until (gone, &page, 30000));
  g_weak_ref_clear (&page);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-charts-view-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add ("/ui/charts-view/years", Fixture, NULL, fixture_set_up, test_years,
              fixture_tear_down);
  g_test_add ("/ui/charts-view/unit-shared", Fixture, NULL, fixture_set_up, test_unit_shared,
              fixture_tear_down);
  g_test_add ("/ui/charts-view/highlight-several", Fixture, NULL, fixture_set_up, test_highlight_several,
              fixture_tear_down);
  g_test_add ("/ui/charts-view/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/ui/charts-view/history-worker", Fixture, NULL, fixture_set_up, test_history_worker,
              fixture_tear_down);
  g_test_add ("/ui/charts-view/close-mid-load", Fixture, NULL, fixture_set_up, test_close_mid_load,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  g_free (project);
  return status;
}
