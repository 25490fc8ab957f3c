/* test-robustness-groups.c — the Robustness tab on a category of several peer groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample's 99 provincial agencies sit in five groups, in the framework's order:
 * comprehensive 27, economic 22, social 22, legal 10, mass 18 (`kaohe-cli compute …
 * --category agency` lists them). With "All Groups" (the window's default on a category of
 * several) the tab analyses the framework's first group, as its header says (NULL: the
 * framework's first) and as the Health and Year over Year tabs do; it used to hand NULL to
 * the analysis, which refused ("has several groups: choose one"), so that the tab showed
 * no analysis at all and kh-bench-ui aborted on a generated project of 10 groups (issue 22).
 * The correlations of the statistical audit took the same NULL and drew nothing.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-health-view.h"
#include "ui/kh-results-view.h"
#include "ui/kh-robustness-view.h"

static gboolean
analysis_done (gpointer data)
{
  KhRobustnessView *view = data;

  return !kh_robustness_view_is_running (view)
         && (kh_robustness_view_get_result (view) != NULL || kh_robustness_view_get_error (view) != NULL);
}

/* The result is of @group: @n units, each of that group, each at its rank in the plan. */
static void
assert_result_of (KhRobustnessView *view,
                  KhPlan           *plan,
                  const KhGroup    *group,
                  guint             n)
{
  const KhSensitivityResult *r;

  g_assert_true (kh_test_wait_until (analysis_done, view, 60000));
  g_assert_null (kh_robustness_view_get_error (view));
  r = kh_robustness_view_get_result (view);
  g_assert_nonnull (r);
  g_assert_true (r->complete);
  g_assert_cmpuint (r->n_units, ==, n);
  for (guint k = 0; k < r->n_units; k++)
    {
      guint u = kh_plan_find_unit (plan, r->units[k].id);

      g_assert_cmpuint (u, <, kh_plan_get_n_units (plan));
      g_assert_true (kh_plan_get_unit_group (plan, u) == group);
      g_assert_cmpint (r->units[k].nominal_rank, ==, kh_plan_get_rank (plan, u));
    }
}

static void
test_all_groups (void)
{
  KhWindow *window = kh_test_sample_open ("robustness-groups.kaohe");
  KhDocument *doc = kh_window_get_document (window);
  KhResultsView *results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  KhRobustnessView *view = kh_results_view_get_robustness (results);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-robustness-groups-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "correlations.png", NULL);
  KhFramework *fw;
  KhPlan *plan;

  g_assert_true (kh_document_set_category (doc, "agency", &error));
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  plan = kh_document_get_plan (doc);
  fw = kh_plan_get_framework (plan);
  g_assert_cmpuint (fw->groups->len, ==, 5);

  /* All Groups, as the window sets it: the first group's 27 agencies. */
  kh_robustness_view_set_group (view, NULL);
  kh_robustness_view_set_weights (view, 25, 1000);
  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "robustness");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  assert_result_of (view, plan, fw->groups->pdata[0], 27);
  /* The status says which group is analysed (issue 22). */
  {
    g_autofree char *said = g_strdup_printf ("All Groups: the group “%s” is shown, the first of 5 · ",
                                             ((KhGroup *) fw->groups->pdata[0])->id);

    g_assert_true (g_str_has_prefix (kh_robustness_view_get_status (view), said));
  }
  g_free (kh_test_save_png (GTK_WIDGET (view), "robustness-all-groups.png"));

  /* The Health tab says it as well, above its own "Group …" line. */
  {
    KhHealthView *health = kh_results_view_get_health (results);
    g_autofree char *said = g_strdup_printf ("All Groups: the group “%s” is shown, the first of 5\n"
                                             "Group %s, 2020 — ",
                                             ((KhGroup *) fw->groups->pdata[0])->id,
                                             ((KhGroup *) fw->groups->pdata[0])->id);

    kh_health_view_set_group (health, NULL);
    kh_results_view_show_tab (results, "health");
    kh_test_wait_for_widget (GTK_WIDGET (health));
    g_assert_null (kh_health_view_get_error (health));
    g_assert_true (g_str_has_prefix (kh_health_view_get_summary (health), said));
    g_free (kh_test_save_png (GTK_WIDGET (health), "health-all-groups.png"));
    kh_health_view_set_group (health, ((KhGroup *) fw->groups->pdata[3])->id);
    g_assert_true (g_str_has_prefix (kh_health_view_get_summary (health), "Group "));
    kh_results_view_show_tab (results, "robustness");
    kh_test_wait_for_widget (GTK_WIDGET (view));
  }

  /* The audit's correlations too: a chart to export. */
  kh_robustness_view_set_chart (view, KH_ROBUSTNESS_CORRELATIONS);
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_assert_true (kh_robustness_view_export (view, png, KH_CHART_SIZE_HALF_A4, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (png);
  kh_robustness_view_set_chart (view, KH_ROBUSTNESS_INTERVALS);

  /* A group chosen: that group alone (the fourth, 10 agencies). */
  kh_robustness_view_set_group (view, ((KhGroup *) fw->groups->pdata[3])->id);
  assert_result_of (view, plan, fw->groups->pdata[3], 10);
  g_assert_null (strstr (kh_robustness_view_get_status (view), "All Groups"));

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
  g_test_add_func ("/ui/robustness/all-groups", test_all_groups);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
