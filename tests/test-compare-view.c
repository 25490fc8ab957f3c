/* test-compare-view.c — the Year over Year tab of Results, on the bundled sample
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample's 13 cities, as `kaohe-cli compute … --category city` prints them (the score
 * is published to two decimals, and the changes are those of the published scores):
 *
 *   unit     2018 score rank tier   2019 score rank tier   2020 score rank tier   award 2020
 *   常州市        83.47    4    1        63.19    9    2        83.49    4    1
 *   泰州市        67.88    6    2        56.81   12    3        75.78    7    2     争先进位奖
 *
 * 2019 → 2020, rank then − rank now: 苏州 1→1 0, 无锡 3→2 +1, 南京 2→3 −1, 常州 9→4 +5,
 * 南通 4→5 −1, 扬州 7→6 +1, 泰州 12→7 +5, 连云港 8→8 0, 淮安 13→9 +4, 镇江 6→10 −4,
 * 盐城 11→11 0, 徐州 10→12 −2, 宿迁 5→13 −8: 5 advanced (无锡, 常州, 扬州, 泰州, 淮安 —
 * the article's "of 13 cities 5 advanced"), 5 fell back (南京, 南通, 镇江, 徐州, 宿迁).
 * Tiers changed: 常州 2→1, 泰州 3→2, 淮安 3→2, 宿迁 1→3, 镇江 2→3: 5.
 * The test runs in English (LC_ALL=C): the sample's English names (Changzhou, Second tier,
 * Award for the greatest advance for 争先进位奖).
 * 常州's 高质量发展成效 (development) paper: 50.9210 in 2019, 51.9780 in 2020 → +1.0570,
 * shown +1.06; its score 63.19 → 83.49: +20.30; 泰州's 56.81 → 75.78: +18.97.
 * 2018 → 2020: 常州 4→4 "=" (83.47 → 83.49: +0.02), 泰州 6→7 ▼1 (67.88 → 75.78: +7.90).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-sample.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-compare-view.h"
#include "ui/kh-results-view.h"

/* The texts of row @index's cells, joined by "|". */
static char *
row_text (KhCompareView *view,
          guint          index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (kh_compare_view_get_list (view), (int) index);
  GtkWidget *box;
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_nonnull (row);
  box = gtk_list_box_row_get_child (row);
  for (GtkWidget *cell = gtk_widget_get_first_child (box); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "|" : "", gtk_label_get_text (GTK_LABEL (cell)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
find_row (KhCompareView *view,
          const char    *unit_id)
{
  for (guint i = 0; kh_compare_view_get_row_unit (view, i) != NULL; i++)
    if (g_strcmp0 (kh_compare_view_get_row_unit (view, i), unit_id) == 0)
      return (int) i;
  return -1;
}

static guint
n_rows (KhCompareView *view)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (kh_compare_view_get_list (view), (int) n) != NULL)
    n++;
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The sorted ids of the rows shown, joined by ",". */
static char *
shown_ids (KhCompareView *view)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; kh_compare_view_get_row_unit (view, i) != NULL; i++)
    g_ptr_array_add (ids, (gpointer) kh_compare_view_get_row_unit (view, i));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

/* After the frame that draws what changed. */
static char *
save_png (KhCompareView *view,
          const char    *name)
{
  kh_test_wait_for_widget (GTK_WIDGET (view));
  return kh_test_save_png (GTK_WIDGET (view), name);
}

/* Nothing printed is clipped: every word pdftotext finds (-bbox: its box in points) lies
 * within the page's left and right margins (1 pt for glyph overhang) and on the page. */
static void
assert_words_inside (const char   *pdf,
                     const KhPage *page)
{
  const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                          "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  int status = 0;
  guint words = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  for (g_regex_match (regex, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      double box[4];

      for (int k = 0; k < 4; k++)
        {
          g_autofree char *number = g_match_info_fetch (match, k + 1);

          box[k] = g_ascii_strtod (number, NULL);
        }
      g_assert_cmpfloat (box[0], >=, page->margin_left - 1);
      g_assert_cmpfloat (box[2], <=, page->width - page->margin_right + 1);
      g_assert_cmpfloat (box[1], >=, 0);
      g_assert_cmpfloat (box[3], <=, page->height);
      words++;
    }
  /* 13 cities, each a line of 8 cells, and the chart's labels: far more than 100 words. */
  g_assert_cmpuint (words, >, 100);
}

static KhCompareView *
open_view (KhWindow **window)
{
  g_autoptr (GError) error = NULL;
  KhDocument *doc;
  KhResultsView *results;
  KhCompareView *view;

  *window = kh_test_sample_open ("compare.kaohe");
  doc = kh_window_get_document (*window);
  g_assert_true (kh_document_set_category (doc, "city", &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (*window), 1400, 900);
  results = KH_RESULTS_VIEW (kh_window_get_page (*window, "results"));
  kh_window_show_page (*window, "results");
  kh_results_view_show_tab (results, "compare");
  view = kh_results_view_get_compare (results);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  kh_test_spin (100);
  return view;
}

static void
test_years_and_filters (void)
{
  KhWindow *window;
  KhCompareView *view = open_view (&window);
  const KhChartData *chart;
  int from = 0, to = 0, row;
  g_autofree char *changzhou = NULL, *taizhou = NULL, *advanced = NULL, *fell = NULL, *tiers = NULL;
  g_autofree char *png = NULL;

  /* The tab never widens the window: no wider at its least than the Robustness tab may be
   * (720 px, test-robustness-view.c). */
  {
    int min_width = 0;

    gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_test_message ("Year over Year: at least %d px wide", min_width);
    g_assert_cmpint (min_width, <=, 720);
  }

  /* By default the year open and the one before it. */
  kh_compare_view_get_years (view, &from, &to);
  g_assert_cmpint (from, ==, 2019);
  g_assert_cmpint (to, ==, 2020);
  g_assert_cmpuint (n_rows (view), ==, 13);
  chart = kh_chart_widget_get_data (kh_compare_view_get_chart (view));
  g_assert_nonnull (chart);
  g_assert_cmpuint (chart->units->len, ==, 13);
  g_assert_cmpint (kh_chart_widget_get_chart_type (kh_compare_view_get_chart (view)), ==, KH_CHART_DUMBBELL);

  /* Unit | score 2019 | score 2020 | Δ | rank 2019 | rank 2020 | Δ | tier 2019 | tier 2020 |
   * award | Δ development … (the working at the top). */
  row = find_row (view, "changzhou");
  g_assert_cmpint (row, >=, 0);
  changzhou = row_text (view, (guint) row);
  g_assert_true (g_str_has_prefix (changzhou, "Changzhou|63.19|83.49|+20.30|9|4|▲5|Second tier|First tier|—|"));
  g_assert_nonnull (strstr (changzhou, "|+1.06|"));
  taizhou = row_text (view, (guint) find_row (view, "taizhou"));
  g_assert_true (g_str_has_prefix (taizhou, "Taizhou|56.81|75.78|+18.97|12|7|▲5|Third tier|Second tier|Award for the greatest advance|"));
  png = save_png (view, "compare-view.png");

  /* The filters keep the table and the chart in step. */
  kh_compare_view_set_filter (view, KH_COMPARE_ADVANCED);
  advanced = shown_ids (view);
  g_assert_cmpstr (advanced, ==, "changzhou,huaian,taizhou,wuxi,yangzhou");
  g_assert_cmpuint (n_rows (view), ==, 5);
  g_assert_cmpuint (kh_chart_widget_get_data (kh_compare_view_get_chart (view))->units->len, ==, 5);
  kh_compare_view_set_filter (view, KH_COMPARE_FELL);
  fell = shown_ids (view);
  g_assert_cmpstr (fell, ==, "nanjing,nantong,suqian,xuzhou,zhenjiang");
  kh_compare_view_set_filter (view, KH_COMPARE_CHANGED_TIER);
  tiers = shown_ids (view);
  g_assert_cmpstr (tiers, ==, "changzhou,huaian,suqian,taizhou,zhenjiang");
  g_free (png);
  png = save_png (view, "compare-view-changed-tier.png");
  kh_compare_view_set_filter (view, KH_COMPARE_ALL);
  g_assert_cmpuint (n_rows (view), ==, 13);

  /* Any two years: 2018 → 2020. */
  kh_compare_view_set_years (view, 2018, 2020);
  kh_compare_view_get_years (view, &from, &to);
  g_assert_cmpint (from, ==, 2018);
  g_free (changzhou);
  changzhou = row_text (view, (guint) find_row (view, "changzhou"));
  g_assert_true (g_str_has_prefix (changzhou, "Changzhou|83.47|83.49|+0.02|4|4|=|First tier|First tier|"));
  g_free (taizhou);
  taizhou = row_text (view, (guint) find_row (view, "taizhou"));
  g_assert_true (g_str_has_prefix (taizhou, "Taizhou|67.88|75.78|+7.90|6|7|▼1|"));

  /* A year not before the other: nothing compared, and said so. */
  kh_compare_view_set_years (view, 2020, 2019);
  g_assert_cmpuint (n_rows (view), ==, 0);
  g_assert_null (kh_chart_widget_get_data (kh_compare_view_get_chart (view)));
  kh_test_sample_close (window);
}

static void
test_explain_print_export (void)
{
  KhWindow *window;
  KhCompareView *view = open_view (&window);
  GtkListBox *list = kh_compare_view_get_list (view);
  GtkListBoxRow *row;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhReport) report = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-compare-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "compare.pdf", NULL);
  g_autofree char *out = NULL, *png = NULL;
  static const char *const formats[] = { "png", "svg", "pdf" };
  int status = 0;

  /* One click on a row: its explanation beside the table. */
  row = gtk_list_box_get_row_at_index (list, find_row (view, "changzhou"));
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpstr (kh_compare_view_get_explained (view), ==, "changzhou");
  g_assert_cmpstr (kh_chart_widget_get_selected (kh_compare_view_get_chart (view)), ==, "changzhou");
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (kh_compare_view_get_explanation (view)), "Changzhou"));
  png = save_png (view, "compare-view-explained.png");

  /* The keyboard: the focused row and Enter (the list's activate-cursor-row binding). */
  row = gtk_list_box_get_row_at_index (list, find_row (view, "taizhou"));
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_signal_emit_by_name (list, "activate-cursor-row");
  g_assert_cmpstr (kh_compare_view_get_explained (view), ==, "taizhou");
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (kh_compare_view_get_explanation (view)), "Taizhou"));

  /* From 2018 the explanation says that it runs from 2019 to 2020. */
  kh_compare_view_set_years (view, 2018, 2020);
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (kh_compare_view_get_explanation (view)),
                                        "compares 2020 with 2019"));

  /* Printed: the comparison report of 2018 and 2020. */
  report = kh_compare_view_new_report (view, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_report_get_kind (report), ==, KH_REPORT_COMPARE);
  g_assert_true (kh_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (out, "Tier in 2018"));
    g_assert_nonnull (strstr (out, "Tier in 2020"));
    g_assert_nonnull (strstr (out, "常州市"));
  }
  assert_words_inside (pdf, kh_report_get_page (report));
  g_unlink (pdf);

  /* The chart exports like every chart. */
  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autofree char *name = g_strdup_printf ("dumbbell.%s", formats[k]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (kh_chart_widget_export_size (kh_compare_view_get_chart (view), path,
                                                  KH_CHART_SIZE_HALF_A4, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_unlink (path);
    }
  g_rmdir (dir);
  kh_test_sample_close (window);
}

/* Every label's text under @widget, in the order drawn, one a line. */
static void
append_labels (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_labels (child, out);
}

/* The explanation of @unit from 2019 to 2020 in @window's Year over Year tab. */
static char *
explanation_2019_2020 (KhWindow   *window,
                       const char *unit)
{
  KhResultsView *results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  KhCompareView *view;
  GString *out = g_string_new (NULL);

  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "compare");
  view = kh_results_view_get_compare (results);
  kh_compare_view_set_years (view, 2019, 2020);
  kh_compare_view_explain (view, unit);
  g_assert_cmpstr (kh_compare_view_get_explained (view), ==, unit);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  append_labels (GTK_WIDGET (kh_compare_view_get_explanation (view)), out);
  return g_string_free (out, FALSE);
}

/* "Why it moved" up to last year (issue 22): the document's plan of last year keeps none of
 * its own last year's contributions, so the tab computes last year whole when it explains
 * a change ending there. With the frameworks of tests/data/ui the same every year, the
 * explanation reads those contributions: explaining 2019 → 2020 with 2021 open shows what
 * it shows with 2020 open (the document's own plan), each node's change included. */
static void
test_explain_last_year (void)
{
  g_autofree char *path = g_build_filename (kh_test_sample_tmp_dir (), "yoy.kaohe", NULL);
  g_autofree char *from_2021 = NULL;
  g_autofree char *from_2020 = NULL;
  g_autoptr (GError) error = NULL;
  KhWindow *window;

  kh_test_ui_project_build (path, 2019, 2021);
  window = kh_test_sample_open_path (path);
  g_assert_cmpint (kh_document_get_year (kh_window_get_document (window)), ==, 2021);
  from_2021 = explanation_2019_2020 (window, "c");
  g_assert_true (kh_document_set_year (kh_window_get_document (window), 2020, &error));
  g_assert_no_error (error);
  from_2020 = explanation_2019_2020 (window, "c");
  g_assert_cmpstr (from_2021, ==, from_2020);
  /* An explanation with the city's numbers, none missing */
  g_assert_nonnull (strstr (from_2020, "City C"));
  g_assert_null (strstr (from_2020, "nan"));
  g_assert_null (strstr (from_2020, "NaN"));
  g_assert_null (strstr (from_2020, "—\n"));
  /* … and what moved it: the indicators' contributions since last year, and the unit passed */
  g_assert_nonnull (strstr (from_2020, "Since Last Year"));
  g_assert_nonnull (strstr (from_2020, "contribution\n▲ +40.00"));
  g_assert_nonnull (strstr (from_2020, "Passed City D"));
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
  g_test_add_func ("/ui/compare-view/years-and-filters", test_years_and_filters);
  g_test_add_func ("/ui/compare-view/explain-print-export", test_explain_print_export);
  g_test_add_func ("/ui/compare-view/explain-last-year", test_explain_last_year);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
