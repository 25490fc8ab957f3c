/* test-surveys-view.c — the Surveys page of the real window: the table's model, the
 * distribution chart of the selected unit, and excluding a rater with a reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is test-survey-project's (tests/data/surveys: survey-city.xml and
 * sheet-city.csv), built through kaohe-cli. Its figures are worked out in
 * test-report-survey.c: a public n 5, mean 64, trimmed 73.33, SD 40.99; a deputies n 3,
 * trimmed 80 (a's score 0.6 · 73.33 + 0.4 · 80 = 76); b deputies n 2, below 3 (b has no
 * score); c public 0 60 100 100 0, trimmed 53.33; d nobody. Excluding 13800000013 (c's
 * last 不满意, 0) leaves c 0 60 100 100: n 4, mean 65, trimmed (60 + 100)/2 = 80.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-survey-row.h"
#include "ui/kh-surveys-view.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static void
build_project (void)
{
  g_autofree char *units = kh_test_data_path ("surveys", "units.csv");
  g_autofree char *fw = kh_test_data_path ("surveys", "survey-city.xml");
  g_autofree char *sheet = kh_test_data_path ("surveys", "sheet-city.csv");

  project = g_build_filename (tmp_dir, "survey.kaohe", NULL);
  kh_test_cli_ok ("new", project, NULL);
  kh_test_cli_ok ("import", project, "--units", units, NULL);
  kh_test_cli_ok ("import", project, "--year", "2020", "--framework", fw, NULL);
  kh_test_cli_ok ("survey", "import", project, "--year", "2020", sheet, NULL);
  kh_test_cli_ok ("survey", "score", project, "--year", "2020", NULL);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of @unit and @klass (NULL: the unit's row without a class), and its position. */
static KhSurveyRow *
find_row (GListModel *rows,
          const char *unit,
          const char *klass,
          guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhSurveyRow) row = g_list_model_get_item (rows, i);

      if (g_strcmp0 (row->unit_id, unit) == 0 && g_strcmp0 (row->class_id, klass) == 0)
        {
          if (position != NULL)
            *position = i;
          return row; /* the model keeps its reference */
        }
    }
  g_error ("no row %s/%s", unit, klass);
  return NULL;
}

static gint64
audit_count (const char *action)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'", action);
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  n = kh_test_raw_count (db, sql);
  sqlite3_close (db);
  return n;
}

static void
test_page (void)
{
  KhWindow *window = kh_test_ui_open (app, project, 1280, 800, 10000);
  KhSurveysView *view;
  GListModel *rows;
  KhSurveyRow *row;
  GtkWidget *rater, *reason, *exclude;
  guint position = 0;
  g_autofree char *png = NULL;

  view = KH_SURVEYS_VIEW (kh_window_get_page (window, "surveys"));
  g_assert_nonnull (view);
  kh_window_show_page (window, "surveys");
  kh_test_wait_for_widget (GTK_WIDGET (view));

  /* 16 raters of sheet-city.csv (13 public, 3 deputies), 21 answers */
  g_assert_cmpstr (kh_surveys_view_get_status (view), ==, "Satisfaction survey 2020: 16 raters (0 excluded), 21 answers");
  rows = kh_surveys_view_get_rows (view);
  /* a: public and deputies; b: public and deputies; c and d: public only → 6 rows */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 6);
  row = find_row (rows, "a", "public", NULL);
  g_assert_cmpuint (row->cell.n, ==, 5);
  g_assert_cmpfloat_with_epsilon (row->cell.mean, 64.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->cell.trimmed, 220.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->cell.sd, sqrt (1680.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (row->score, 76.0, 1e-9);
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_UNIT], ==, "甲市");
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_CLASS], ==, "群众");
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_RANGE], ==, "0.00–100.00");
  row = find_row (rows, "a", "deputies", NULL);
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_TRIMMED], ==, "80.00");
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_UNIT], ==, ""); /* the unit's second row */
  row = find_row (rows, "b", "deputies", NULL);
  g_assert_true (row->cell.below);
  g_assert_cmpuint (row->cell.n, ==, 2);
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_TRIMMED], ==, "—");
  g_assert_cmpstr (row->text[KH_SURVEY_COLUMN_NOTE], ==, "below the minimum of 3 raters: no score");
  g_assert_true (isnan (find_row (rows, "b", "public", NULL)->score));
  row = find_row (rows, "c", "public", &position);
  g_assert_cmpuint (row->cell.n, ==, 5);
  g_assert_cmpfloat_with_epsilon (row->cell.trimmed, 160.0 / 3, 1e-9);

  /* The chart follows the selection: c, whose five public raters it draws. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), position);
  kh_test_wait_for_widget (kh_surveys_view_get_chart (view));
  g_assert_cmpuint (((KhSurveyRow *) gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (rows)))->unit,
                    ==, 2);
  png = kh_test_save_png (GTK_WIDGET (window), "surveys-view-c.png");
  g_clear_pointer (&png, g_free);

  /* Excluding needs a reason: nothing changes without one. */
  rater = find_named (GTK_WIDGET (view), "survey-rater");
  reason = find_named (GTK_WIDGET (view), "survey-reason");
  exclude = find_named (GTK_WIDGET (view), "survey-exclude");
  g_assert_nonnull (rater);
  g_assert_nonnull (reason);
  g_assert_nonnull (exclude);
  gtk_editable_set_text (GTK_EDITABLE (rater), "13800000013");
  g_signal_emit_by_name (exclude, "clicked");
  g_assert_cmpstr (kh_surveys_view_get_message (view), ==, "Give the reason for excluding the rater.");
  g_assert_cmpint (audit_count ("survey-exclude"), ==, 0);
  g_assert_cmpuint (find_row (rows, "c", "public", NULL)->cell.n, ==, 5);

  /* With one, by the identity (hashed with the project's salt): audited, and the page
   * scores again at once, keeping c selected. */
  gtk_editable_set_text (GTK_EDITABLE (reason), "answered twice");
  g_signal_emit_by_name (exclude, "clicked");
  g_assert_cmpstr (kh_surveys_view_get_message (view), ==, "Rater excluded (audited): answered twice");
  g_assert_cmpint (audit_count ("survey-exclude"), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rater)), ==, "");
  g_assert_cmpstr (kh_surveys_view_get_status (view), ==, "Satisfaction survey 2020: 16 raters (1 excluded), 21 answers");
  row = find_row (rows, "c", "public", &position);
  g_assert_cmpuint (row->cell.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (row->cell.mean, 65.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->cell.trimmed, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->score, 80.0, 1e-9);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows)), ==, position);
  kh_test_wait_for_widget (kh_surveys_view_get_chart (view));
  png = kh_test_save_png (GTK_WIDGET (window), "surveys-view-c-excluded.png");
  g_clear_pointer (&png, g_free);

  /* A rater the sheet does not have: io's message, nothing audited. */
  gtk_editable_set_text (GTK_EDITABLE (rater), "19999999999");
  gtk_editable_set_text (GTK_EDITABLE (reason), "no such rater");
  g_signal_emit_by_name (exclude, "clicked");
  g_assert_nonnull (strstr (kh_surveys_view_get_message (view), "19999999999"));
  g_assert_cmpint (audit_count ("survey-exclude"), ==, 1);

  /* Undone with another page shown, the exclusion is gone from the page when it shows
   * again (hidden, it reloads when shown): c has its five public raters again, as before
   * the exclusion. The rows are read from the model taken above, not through a getter. */
  kh_window_show_page (window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (kh_document_undo (kh_window_get_document (window), NULL));
  kh_window_show_page (window, "surveys");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_assert_cmpuint (find_row (rows, "c", "public", NULL)->cell.n, ==, 5);
  g_assert_cmpfloat_with_epsilon (find_row (rows, "c", "public", NULL)->cell.trimmed, 160.0 / 3, 1e-9);
  g_assert_cmpstr (kh_surveys_view_get_status (view), ==, "Satisfaction survey 2020: 16 raters (0 excluded), 21 answers");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-surveys-view-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/surveys-view/page", test_page);

  status = g_test_run ();
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
