/* test-ui-drafts.c — drafts are marked as drafts: a new indicator changes no score and is
 * listed as having no data, Results, Charts and Reports say "draft", charts and printed
 * pages carry the DRAFT mark, and official printing of a framework with problems is refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On copies of the bundled Jiangsu sample (demonstration values), warnings fatal.
 */
#include "config.h"

#include <math.h>

#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "report/kh-report-project.h"
#include "report/kh-report.h"
#include "ui/kh-charts-view.h"
#include "ui/kh-framework-editor.h"

static gboolean
has_dialog (gpointer data)
{
  return kh_window_get_dialog (data) != NULL;
}

/* A new indicator under economy: every unit's total stays the same to the bit (it has no
 * data field in 2020 and no formula, so it takes no part: data/schema/README.md), and the
 * problems list says so. */
static void
test_new_indicator (void)
{
  KhWindow *window = kh_test_sample_open ("new-indicator.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  KhFrameworkEditor *editor = KH_FRAMEWORK_EDITOR (kh_window_get_page (window, "framework"));
  KhPlan *plan = kh_document_get_plan (doc);
  guint n = kh_plan_get_n_units (plan);
  g_autofree double *before = g_new (double, n);
  GPtrArray *problems;
  gboolean listed = FALSE;

  for (guint u = 0; u < n; u++)
    before[u] = kh_plan_get_total (plan, u);
  g_assert_null (kh_window_get_draft_banner (window));

  kh_window_show_page (window, "framework");
  g_assert_true (kh_framework_editor_select (editor, "economy"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "framework.add-child", NULL));
  kh_test_spin (50);
  g_assert_cmpstr (kh_framework_editor_get_selected (editor), ==, "indicator_1");
  /* Named in the reader's language (C.UTF-8: English). */
  g_assert_cmpstr (kh_framework_find_node (kh_document_get_framework (doc), "indicator_1")->name.en,
                   ==, "New indicator");
  plan = kh_document_get_plan (doc);
  g_assert_nonnull (plan);
  for (guint u = 0; u < n; u++)
    g_assert_cmpfloat (kh_plan_get_total (plan, u), ==, before[u]);

  problems = kh_document_get_problems (doc);
  for (guint i = 0; i < problems->len; i++)
    {
      KhDocumentProblem *problem = problems->pdata[i];

      if (g_str_equal (problem->node_id, "indicator_1")
          && strstr (problem->message, "has no data") != NULL)
        listed = TRUE;
    }
  g_assert_true (listed);

  /* Results, Charts and Reports say it is a draft; the Framework page does not. */
  g_assert_null (kh_window_get_draft_banner (window));
  kh_window_show_page (window, "results");
  kh_test_spin (50);
  g_assert_nonnull (kh_window_get_draft_banner (window));
  g_assert_nonnull (strstr (kh_window_get_draft_banner (window), "unsaved edits"));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "draft-results.png"));
  kh_window_show_page (window, "charts");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_nonnull (kh_window_get_draft_banner (window));
  g_free (kh_test_save_png (GTK_WIDGET (window), "draft-charts.png"));

  /* Undo: no draft any more, no mark. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_spin (50);
  g_assert_null (kh_window_get_draft_banner (window));
  kh_test_sample_close (window);
}

/* A framework with problems is not printed as official: the window says why and offers a
 * draft instead. */
static void
test_print_refused (void)
{
  KhWindow *window = kh_test_sample_open ("print.kaohe");
  GtkWidget *editor = kh_window_get_page (window, "framework");
  GtkWidget *body;

  /* economy's points (15) no longer add up to its children's (4 + 4 + 3 + 4). */
  g_assert_true (gtk_widget_activate_action (editor, "framework.set-property", "(sss)", "economy",
                                             "points", "20"));
  g_assert_cmpuint (kh_document_get_problems (kh_window_get_document (window))->len, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL));
  g_assert_true (kh_test_wait_until (has_dialog, window, 2000));
  g_assert_cmpstr (adw_message_dialog_get_heading (kh_window_get_dialog (window)), ==,
                   "Cannot Print Official Results");
  body = GTK_WIDGET (kh_window_get_dialog (window));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (body)), "economy"));
  adw_message_dialog_response (kh_window_get_dialog (window), "cancel");
  kh_test_spin (100);
  g_assert_null (kh_window_get_dialog (window));
  kh_test_sample_close (window);
}

/* A printed page of a draft carries the mark: the page's centre, white on an official
 * page, is tinted where the mark's letters cross it. */
static void
test_report_watermark (void)
{
  g_autofree char *path = kh_test_sample_copy ("report.kaohe");
  g_autoptr (GError) error = NULL;
  KhProject *project = kh_project_open (path, &error);
  KhReportData *data;
  KhReportOptions options = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, "city" };
  guint tinted[2] = { 0, 0 };

  g_assert_no_error (error);
  data = kh_report_data_load (&project, 1, 2020, 0, &error);
  g_assert_no_error (error);
  for (guint pass = 0; pass < 2; pass++)
    {
      KhReport *report;
      cairo_surface_t *surface;
      cairo_t *cr;
      const KhPage *page;
      int width, height, stride;
      const guint8 *pixels;

      options.watermark = pass == 1 ? KH_WATERMARK_DRAFT : KH_WATERMARK_NONE;
      report = kh_report_new (data, &options, &error);
      g_assert_no_error (error);
      page = kh_report_get_page (report);
      width = (int) page->width;
      height = (int) page->height;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      cr = cairo_create (surface);
      /* The cover: nothing printed in its middle band but the mark. */
      kh_report_draw_page (report, cr, 0);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      pixels = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      /* A reddish pixel (the mark's colour, at 16 % over white) in the centre square. */
      for (int y = height / 2 - 40; y < height / 2 + 40; y++)
        for (int x = width / 2 - 40; x < width / 2 + 40; x++)
          {
            const guint8 *p = pixels + y * stride + x * 4; /* B G R x */

            if (p[2] > p[1] + 8 && p[2] > p[0] + 8)
              tinted[pass]++;
          }
      if (pass == 1)
        {
          g_autofree char *png = g_build_filename (g_getenv ("KH_SCREENSHOT_DIR"),
                                                   "draft-report-page.png", NULL);

          g_mkdir_with_parents (g_getenv ("KH_SCREENSHOT_DIR"), 0755);
          g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
        }
      cairo_surface_destroy (surface);
      kh_report_free (report);
    }
  g_assert_cmpuint (tinted[0], ==, 0);
  g_assert_cmpuint (tinted[1], >, 100);
  kh_report_data_unref (data);
  kh_project_close (project);
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
  g_test_add_func ("/ui/drafts/new-indicator", test_new_indicator);
  g_test_add_func ("/ui/drafts/print-refused", test_print_refused);
  g_test_add_func ("/ui/drafts/report-watermark", test_report_watermark);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
