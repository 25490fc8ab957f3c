/* test-health-view.c — the Indicator Health tab of Results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of tests/data/health (see test-health-cli.c for the working): four
 * indicators of 25 points, five cities.
 *   2020: x 0.25 nominal, 0.4384 effective, CV 0.527, moves with z (ρ = 1): review;
 *         y 80 % at full points: candidate for exit; m 40 % missing: review.
 *   2019: x 10 25 40 55 70 → CV 0.593; y 100 100 100 60 60: 60 % at full points, review.
 *   2018: x 0 25 50 75 100 → CV 0.791, 20 % full; y 100 60 60 60 60 → CV 0.263, 20 % full.
 * Over the years (worked in test-health-cli.c's test_trend): x's CV 0.791 → 0.593 → 0.527
 * falls every year, so it narrows since 2018 (its share at full points 20 % → 0 % → 20 %
 * does not rise every year); y's CV 0.263 → 0.261 → 0.194 and its share 20 % → 60 % → 80 %:
 * both since 2018; z (CV 0.632) is the same every year, m's CV is 0.400 → 0.327 → 0.400
 * (C has an m in 2019 only), none at full points.
 * Missing-data rate per year: m 40 % (C, D) in 2018 and 2020, 20 % (D) in 2019; x, y, z 0 %.
 * Nominal weight 25/100 = 0.25 every year. Effective weight per year, r² of each score with
 * the unit's total (re-weighted ×100/75 where m is missing), normalised to sum 1 (computed
 * apart with Python's statistics.correlation):
 *   2018  totals 40, 46.25, 53.33, 68.33, 70; r² x 0.9551, y 0.4303, z 0.9551, m 0.5629
 *         (over A, B, E), sum 2.9035 → x 0.3290, y 0.1482, z 0.3290, m 0.1939;
 *   2019  totals 42.5, 56.25, 60, 61.67, 62.5; r² x 0.7612, y 0.3721, z 0.7612, m 0.0818
 *         (over A, B, C, E), sum 1.9764 → x 0.3852, y 0.1883, z 0.3852, m 0.0414;
 *   2020  x 0.4384, y 0.0191, z 0.4384, m 0.1041 (test-health-cli.c).
 * The tab shows the same figures as `kaohe-cli health`, the trend table as the CLI's "Over
 * the years" with each year's missing rate and nominal and effective weight, the verdicts
 * with the trend's reasons, and follows the year.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-health-view.h"
#include "ui/kh-results-view.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static void
build_project (void)
{
  g_autofree char *units = kh_test_data_path ("health", "units.csv");
  g_autofree char *fw = kh_test_data_path ("health", "health.xml");
  g_autofree char *text = NULL;

  project = g_build_filename (tmp_dir, "health.kaohe", NULL);
  g_assert_true (g_file_get_contents (fw, &text, NULL, NULL));
  kh_test_cli_ok ("new", project, NULL);
  kh_test_cli_ok ("import", project, "--units", units, NULL);
  for (int year = 2018; year <= 2020; year++)
    {
      g_autofree char *y = g_strdup_printf ("%d", year);
      g_autofree char *attr = g_strdup_printf ("year=\"%d\"", year);
      g_autofree char *fw_year = g_strdup_printf ("%s/health-%d.xml", tmp_dir, year);
      g_autofree char *name = year == 2020 ? g_strdup ("health.csv")
                                           : g_strdup_printf ("health-%d.csv", year);
      g_autofree char *csv = kh_test_data_path ("health", name);
      g_auto (GStrv) parts = g_strsplit (text, "year=\"2020\"", 2);
      g_autofree char *copy = g_strjoin (attr, parts[0], parts[1], NULL);

      g_assert_true (g_file_set_contents (fw_year, copy, -1, NULL));
      kh_test_cli_ok ("import", project, "--year", y, "--framework", fw_year, NULL);
      kh_test_cli_ok ("import", project, "--year", y, csv, NULL);
    }
}

/* Every label's text under @widget, one per line, in tree order. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static const KhIndicatorHealth *
find (KhHealthView *view,
      const char   *id)
{
  const KhIndicatorHealth *h = kh_indicator_health_find (kh_health_view_get_health (view),
                                                         kh_health_view_get_plan (view), id);

  g_assert_nonnull (h);
  return h;
}

static void
test_tab (void)
{
  g_autoptr (GString) labels = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  KhWindow *window = kh_test_ui_open (app, project, 1400, 800, 10000);
  KhResultsView *results;
  KhHealthView *view;
  const KhIndicatorHealth *h;

  g_assert_true (kh_document_set_year (kh_window_get_document (window), 2020, &error));
  g_assert_no_error (error);
  results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  view = kh_results_view_get_health (results);
  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "health");
  kh_test_wait_for_widget (GTK_WIDGET (view));

  g_assert_null (kh_health_view_get_error (view));
  g_assert_nonnull (kh_health_view_get_health (view));
  g_assert_cmpuint (kh_health_view_get_health (view)->len, ==, 4);
  h = find (view, "x");
  g_assert_cmpfloat_with_epsilon (h->nominal, 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (h->effective, 0.4384, 5e-5);
  g_assert_cmpfloat_with_epsilon (h->cv, 0.527, 5e-4);
  g_assert_cmpint (h->verdict, ==, KH_HEALTH_REVIEW);
  g_assert_cmpint (find (view, "y")->verdict, ==, KH_HEALTH_EXIT);
  g_assert_cmpfloat_with_epsilon (find (view, "m")->missing_rate, 0.4, 1e-12);

  /* what a person reads: the same figures as the CLI, the verdicts and the reasons */
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_nonnull (strstr (labels->str, "Group cities, 2020 — keep: 0, review: 3, candidate for "
                                         "exit: 1\n"));
  /* z is named 综合指数 (tests/data/health/health.xml): the tab and the reason name it so */
  g_assert_nonnull (strstr (labels->str, "\nx\n0.2500\n0.4384\n0.0000\n0.2000\n0.527\n5\n0.267\n"
                                         "综合指数\n1.00\nreview\nmoves with “综合指数” (ρ = 1.00): "
                                         "one of the two may be enough; the spread has narrowed "
                                         "every year since 2018 (CV 0.791 → 0.527)\n"));
  g_assert_nonnull (strstr (labels->str, "\n综合指数\n0.2500\n0.4384\n0.0000\n0.0000\n0.632\n5\n"
                                         "0.320\nx\n1.00\nreview\n"));
  g_assert_nonnull (strstr (labels->str, "\ny\n0.2500\n0.0191\n0.0000\n0.8000\n0.194\n2\n0.070\n"
                                         "m\n0.87\ncandidate for exit\n80% of the units are at "
                                         "full points or within 1% of the target; the spread "
                                         "has narrowed every year since 2018 (CV 0.263 → "
                                         "0.194); more units reach full points every year "
                                         "since 2018 (20% → 80%)\n"));
  /* the trend: CV and share at full points per year, as the CLI prints them */
  g_assert_cmpint (find (view, "x")->narrowing_since, ==, 2018);
  g_assert_cmpint (find (view, "x")->filling_since, ==, 0);
  g_assert_cmpint (find (view, "y")->filling_since, ==, 2018);
  /* per year: CV, full points, missing, nominal, effective (worked above) */
  g_assert_nonnull (strstr (labels->str, "\nOver the years: each indicator’s coefficient of "
                                         "variation, share at full points, missing-data rate "
                                         "and nominal and effective weight, year by year\n"
                                         "Indicator\n"
                                         "2018\nCV\nFull points\nMissing\nNominal\nEffective\n"
                                         "2019\nCV\nFull points\nMissing\nNominal\nEffective\n"
                                         "2020\nCV\nFull points\nMissing\nNominal\nEffective\n"
                                         "x\n0.791\n20%\n0%\n0.2500\n0.3290\n"
                                         "0.593\n0%\n0%\n0.2500\n0.3852\n"
                                         "0.527\n20%\n0%\n0.2500\n0.4384\n"
                                         "y\n0.263\n20%\n0%\n0.2500\n0.1482\n"
                                         "0.261\n60%\n0%\n0.2500\n0.1883\n"
                                         "0.194\n80%\n0%\n0.2500\n0.0191\n"
                                         "综合指数\n0.632\n0%\n0%\n0.2500\n0.3290\n"
                                         "0.632\n0%\n0%\n0.2500\n0.3852\n"
                                         "0.632\n0%\n0%\n0.2500\n0.4384\n"
                                         "m\n0.400\n0%\n40%\n0.2500\n0.1939\n"
                                         "0.327\n0%\n20%\n0.2500\n0.0414\n"
                                         "0.400\n0%\n40%\n0.2500\n0.1041\n"));
  g_assert_nonnull (strstr (labels->str, "40% of the units have no value of their own\n"));
  g_free (kh_test_save_png (GTK_WIDGET (view), "health-2020.png"));

  /* another year: the tab follows (2019: x's CV 0.593, y 60 % at full points) */
  g_assert_true (kh_document_set_year (kh_window_get_document (window), 2019, &error));
  g_assert_no_error (error);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_assert_cmpfloat_with_epsilon (find (view, "x")->cv, 0.593, 5e-4);
  g_assert_cmpfloat_with_epsilon (find (view, "y")->saturation, 0.6, 1e-12);
  g_assert_cmpint (find (view, "y")->verdict, ==, KH_HEALTH_REVIEW);
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_nonnull (strstr (labels->str, "Group cities, 2019"));
  g_assert_nonnull (strstr (labels->str, "60% of the units are at full points or within 1% of "
                                         "the target"));
  /* two years: the trend table, no trend in the reasons (three years at least) */
  g_assert_nonnull (strstr (labels->str, "Indicator\n"
                                         "2018\nCV\nFull points\nMissing\nNominal\nEffective\n"
                                         "2019\nCV\nFull points\nMissing\nNominal\nEffective\n"
                                         "x\n0.791\n20%\n0%\n0.2500\n0.3290\n"
                                         "0.593\n0%\n0%\n0.2500\n0.3852\n"));
  g_assert_nonnull (strstr (labels->str, "\nm\n0.400\n0%\n40%\n0.2500\n0.1939\n"
                                         "0.327\n0%\n20%\n0.2500\n0.0414\n"));
  g_assert_null (strstr (labels->str, "2020"));
  g_assert_null (strstr (labels->str, "narrowed"));
  g_free (kh_test_save_png (GTK_WIDGET (view), "health-2019.png"));

  /* the first year has no trend to show */
  g_assert_true (kh_document_set_year (kh_window_get_document (window), 2018, &error));
  g_assert_no_error (error);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_nonnull (strstr (labels->str, "Group cities, 2018"));
  g_assert_null (strstr (labels->str, "Over the years"));
  g_assert_null (strstr (labels->str, "2019"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Check Pilot Data…: tests/data/health/pilot.csv against 2020's group, the figures of
 * test-health-cli.c's test_pilot (worked there by hand): p_dup is y's scores scaled (ρ = 1):
 * it tells the units apart but is redundant, review; p_flat is 3 everywhere: it tells no
 * one apart, do not admit; p_good (CV 0.609, ρ −0.40 with x): admit. A bad file shows its
 * row and column and checks nothing; the project is never changed. */
static void
test_pilot (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (project);
  g_autofree char *pilot_path = kh_test_data_path ("health", "pilot.csv");
  g_autoptr (GFile) pilot = g_file_new_for_path (pilot_path);
  g_autofree char *bad_path = g_build_filename (tmp_dir, "bad-pilot.csv", NULL);
  g_autoptr (GFile) bad = g_file_new_for_path (bad_path);
  g_autofree char *bad_message = NULL;
  g_autoptr (GString) labels = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  KhWindow *window = kh_test_ui_open (app, project, 1400, 800, 10000);
  KhResultsView *results;
  KhHealthView *view;
  KhPilotCheck *check;
  KhDocument *document;
  GtkWidget *button;

  document = kh_window_get_document (window);
  g_assert_true (kh_document_set_year (document, 2020, &error));
  g_assert_no_error (error);
  results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  view = kh_results_view_get_health (results);
  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "health");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  /* the tab offers it once it has a group to check against: its button, sensitive */
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_nonnull (strstr (labels->str, "Check Pilot Data…\n"));
  button = kh_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "health.check-pilot");
  g_assert_true (gtk_widget_is_sensitive (button));

  check = kh_health_view_check_pilot_file (view, pilot);
  g_assert_nonnull (check);
  kh_test_wait_for_widget (GTK_WIDGET (check));
  g_assert_null (kh_pilot_check_get_error (check));
  g_assert_cmpuint (kh_pilot_check_get_n_checked (check), ==, 3);
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (check), labels);
  g_assert_nonnull (strstr (labels->str, "beside the indicators of group cities, 2020\n"
                                         "Proposed indicator\nMissing\nCV\nDistinct values\n"
                                         "Gini\nDiscrimination\nMoves with\nρ\nRedundancy\n"
                                         "Verdict\nWhy\n"
                                         "p_dup\n0.0000\n0.194\n2\n0.070\ntells the units apart\n"
                                         "y\n1.00\nredundant\nreview\nmoves with “y” (ρ = 1.00): "
                                         "one of the two may be enough\n"
                                         "p_flat\n0.0000\n0.000\n1\n0.000\ntoo little\n—\n—\n"
                                         "not redundant\ndo not admit\nevery unit scores the "
                                         "same: it tells no one apart\n"
                                         "p_good\n0.2000\n0.609\n4\n0.292\ntells the units "
                                         "apart\nx\n-0.40\nnot redundant\nadmit\nno "
                                         "objection\n"));
  g_free (kh_test_save_png (GTK_WIDGET (check), "health-pilot.png"));
  gtk_window_destroy (GTK_WINDOW (check));

  /* a bad file: the row (line 3) and column (2) named, nothing checked nor changed */
  g_assert_true (g_file_set_contents (bad_path, "unit,p\nA,1\nB,x7\n", -1, NULL));
  check = kh_health_view_check_pilot_file (view, bad);
  kh_test_wait_for_widget (GTK_WIDGET (check));
  bad_message = g_strdup_printf ("%s:3:2: “x7” is not a number", bad_path);
  g_assert_cmpstr (kh_pilot_check_get_error (check), ==, bad_message);
  g_assert_cmpuint (kh_pilot_check_get_n_checked (check), ==, 0);
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (check), labels);
  g_assert_nonnull (strstr (labels->str, "The pilot data were not checked: "));
  g_assert_nonnull (strstr (labels->str, bad_message));
  g_assert_null (strstr (labels->str, "Proposed indicator"));
  g_free (kh_test_save_png (GTK_WIDGET (check), "health-pilot-refused.png"));
  gtk_window_destroy (GTK_WINDOW (check));
  g_assert_cmpuint (kh_document_get_n_undo (document), ==, 0);
  g_assert_cmpuint (kh_health_view_get_health (view)->len, ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-health-view-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/health/tab", test_tab);
  g_test_add_func ("/ui/health/pilot", test_pilot);

  status = g_test_run ();
  g_clear_object (&app);
  g_free (project);
  return status;
}
