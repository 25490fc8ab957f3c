/* test-ui-survey-model.c — editing the satisfaction survey's model on the Framework page
 * of the real window: the inspector's survey rows, a refused value, undo, saving through
 * the framework writer, and the saved XML read back and scored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is test-surveys-view's (tests/data/surveys: survey-city.xml and
 * sheet-city.csv, built through kaohe-cli). The edits, each through the widgets:
 *   deputies' weight 0.4 → 0.6; sat3's answers → 满意=100 基本满意=70 不满意=0;
 *   classes + "experts" (then undone); trim 1 → 0; deputies' minimum 3 → 2;
 *   below the minimum → reweight; a weight of -1 refused with a message.
 * Scored with the saved model (trim 0: plain means; items overall on sat3 weight 1,
 * service on 0–100 weight 2; a rater's score is the item-weighted mean of the answers):
 *   a public 100 70 70 0 100 → 68; deputies 王 (100 + 2·70)/3 = 80, 李 (70 + 2·90)/3 =
 *     250/3, 赵 (0 + 2·45)/3 = 30 → mean 580/9; a = (0.6·68 + 0.6·580/9)/1.2 = 1192/18.
 *   b public 100 100 70 → 90; deputies 王 100, 李 100 (n 2, now the minimum) → 100;
 *     b = (90 + 100)/2 = 95.
 *   c public 0 70 100 100 0 → 54 (deputies rate a and b only): c = 54.
 *   d nobody → missing.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "core/kh-survey.h"
#include "io/kh-framework-xml.h"
#include "io/kh-project.h"
#include "io/kh-project-survey.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-document.h"
#include "ui/kh-framework-editor.h"
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

  project = g_build_filename (tmp_dir, "survey-model.kaohe", NULL);
  kh_test_cli_ok ("new", project, NULL);
  kh_test_cli_ok ("import", project, "--units", units, NULL);
  kh_test_cli_ok ("import", project, "--year", "2020", "--framework", fw, NULL);
  kh_test_cli_ok ("survey", "import", project, "--year", "2020", sheet, NULL);
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

static void
spin (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

/* Types @text into the inspector's row @key and applies it, as the user does. */
static void
enter (GtkWidget  *editor,
       const char *key,
       const char *text)
{
  GtkWidget *row = find_named (editor, key);

  if (row == NULL)
    g_error ("no inspector row %s", key);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  spin ();
}

static void
message_cb (KhFrameworkEditor *editor,
            const char        *message,
            char             **last)
{
  g_free (*last);
  *last = g_strdup (message);
}

static const KhSurveyClass *
find_class (KhFramework *fw,
            const char  *id)
{
  int c = kh_survey_find_class (fw->survey, id);

  return c >= 0 ? g_ptr_array_index (fw->survey->classes, c) : NULL;
}

static void
test_edit_model (void)
{
  KhWindow *window = kh_test_ui_open (app, project, 1280, 800, 10000);
  GtkWidget *editor, *below;
  KhDocument *doc;
  KhFramework *fw;
  g_autofree char *message = NULL;
  g_autofree char *png = NULL;
  const KhSurveyScale *sat3;

  doc = kh_window_get_document (window);
  editor = kh_window_get_page (window, "framework");
  g_signal_connect (editor, "message", G_CALLBACK (message_cb), &message);
  kh_window_show_page (window, "framework");
  g_assert_true (kh_framework_editor_select (KH_FRAMEWORK_EDITOR (editor), "total"));
  kh_test_wait_for_widget (editor);
  spin ();

  /* The root's inspector shows the survey as it was imported. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "survey/classes"))), ==,
                   "public deputies");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "survey/scale/sat3/answers"))),
                   ==, "满意=100 基本满意=60 不满意=0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "survey/scale/five/answers"))),
                   ==, "1-5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "survey/class/deputies/rates"))),
                   ==, "a b cities-none");

  enter (editor, "survey/class/deputies/weight", "0.6");
  fw = kh_document_get_framework (doc);
  g_assert_cmpfloat (find_class (fw, "deputies")->weight, ==, 0.6);

  /* A weight of -1 is refused with a message naming the property; nothing changes and
   * the row shows the stored value again. */
  enter (editor, "survey/class/public/weight", "-1");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "survey/class/public/weight"));
  g_assert_nonnull (strstr (message, "above 0"));
  fw = kh_document_get_framework (doc);
  g_assert_cmpfloat (find_class (fw, "public")->weight, ==, 0.6);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "survey/class/public/weight"))),
                   ==, "0.6");
  g_clear_pointer (&message, g_free);
  /* An answer without a value, and an item on a scale the survey lacks, too. */
  enter (editor, "survey/scale/sat3/answers", "满意=100 基本满意");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "基本满意"));
  g_clear_pointer (&message, g_free);
  enter (editor, "survey/item/overall/scale", "seven");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "seven"));
  g_clear_pointer (&message, g_free);

  enter (editor, "survey/scale/sat3/answers", "满意=100 基本满意=70 不满意=0");
  fw = kh_document_get_framework (doc);
  sat3 = kh_survey_find_scale (fw->survey, "sat3");
  g_assert_cmpuint (sat3->options->len, ==, 3);
  g_assert_cmpfloat (((KhSurveyOption *) sat3->options->pdata[1])->value, ==, 70);
  /* 满意 keeps its English label. */
  g_assert_cmpstr (((KhSurveyOption *) sat3->options->pdata[0])->label.en, ==, "Satisfied");

  /* A new class: its rows appear; undo takes it away again in one step. */
  enter (editor, "survey/classes", "public deputies experts");
  fw = kh_document_get_framework (doc);
  g_assert_cmpuint (fw->survey->classes->len, ==, 3);
  g_assert_cmpfloat (find_class (fw, "experts")->weight, ==, 1);
  g_assert_nonnull (find_named (editor, "survey/class/experts/min-responses"));
  /* The inspector scrolls to the survey's rows. */
  gtk_widget_grab_focus (find_named (editor, "survey/class/experts/weight"));
  spin ();
  kh_test_wait_for_widget (GTK_WIDGET (window));
  png = kh_test_save_png (GTK_WIDGET (window), "survey-model-experts.png");
  g_clear_pointer (&png, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  spin ();
  fw = kh_document_get_framework (doc);
  g_assert_cmpuint (fw->survey->classes->len, ==, 2);
  g_assert_null (find_class (fw, "experts"));
  g_assert_null (find_named (editor, "survey/class/experts/min-responses"));
  /* The edits before it stay. */
  g_assert_cmpfloat (find_class (fw, "deputies")->weight, ==, 0.6);
  g_assert_cmpfloat (((KhSurveyOption *) kh_survey_find_scale (fw->survey, "sat3")->options->pdata[1])->value,
                     ==, 70);

  enter (editor, "survey/trim", "0");
  enter (editor, "survey/class/deputies/min-responses", "2");
  below = find_named (editor, "survey/below");
  g_assert_true (ADW_IS_COMBO_ROW (below));
  adw_combo_row_set_selected (ADW_COMBO_ROW (below), 1);
  spin ();
  fw = kh_document_get_framework (doc);
  g_assert_cmpint (fw->survey->trim, ==, 0);
  g_assert_cmpint (find_class (fw, "deputies")->min_responses, ==, 2);
  g_assert_cmpint (fw->survey->below, ==, KH_SURVEY_BELOW_REWEIGHT);
  g_assert_null (message);

  g_assert_true (kh_document_get_framework_modified (doc));
  g_assert_true (gtk_widget_activate_action (editor, "framework.save", NULL));
  spin ();
  g_assert_false (kh_document_get_framework_modified (doc));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  png = kh_test_save_png (GTK_WIDGET (window), "survey-model-saved.png");
  g_clear_pointer (&png, g_free);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();

  /* The project's framework, read back from its XML, and the sheet scored with it. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhProject) stored = kh_project_open (project, &error);
    g_autofree char *xml = NULL;
    g_autoptr (KhFramework) saved = NULL;
    g_autoptr (KhSurveySheet) sheet = NULL;
    g_autoptr (KhSurveyScores) scores = NULL;
    const char *units[] = { "a", "b", "c", "d" };
    const double expected[] = { 1192.0 / 18, 95, 54, NAN };

    g_assert_no_error (error);
    xml = kh_project_get_framework_xml (stored, 2020, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<survey id=\"sat2020\" field=\"public_satisfaction\" trim=\"0\" below=\"reweight\">"));
    saved = kh_framework_xml_load_data (xml, strlen (xml), "stored", &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (find_class (saved, "deputies")->weight, ==, 0.6);
    g_assert_cmpint (find_class (saved, "deputies")->min_responses, ==, 2);
    g_assert_cmpuint (saved->survey->classes->len, ==, 2);
    g_assert_cmpfloat (((KhSurveyOption *) kh_survey_find_scale (saved->survey, "sat3")->options->pdata[1])->value,
                       ==, 70);

    sheet = kh_project_load_survey_sheet (stored, 2020, NULL, &error);
    g_assert_no_error (error);
    scores = kh_survey_score (sheet);
    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      {
        int u = kh_survey_sheet_find_unit (sheet, units[i]);

        g_assert_cmpint (u, >=, 0);
        if (isnan (expected[i]))
          g_assert_true (isnan (scores->scores[u]));
        else
          g_assert_cmpfloat_with_epsilon (scores->scores[u], expected[i], 1e-9);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-survey-model-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/survey-model/edit", test_edit_model);

  status = g_test_run ();
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
