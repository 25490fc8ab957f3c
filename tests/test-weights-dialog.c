/* test-weights-dialog.c — the Framework page's Weights… window, driven through its widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project: tests/data/weights-cli/three.xml (total = a 40 + b 30 + c 30 points, goalposts
 * 0–100, weights 1) for 2020 with the units and values of three.csv, worked by hand in
 * test-weights-cli.c: A 10 20 40 (total 22, rank 3), B 20 10 30 (20, 4), C 30 40 20 (30, 1),
 * D 40 30 10 (28, 2).
 *
 * AHP is entered as Saaty's published example: the three houses compared on the size of
 * the house, T. L. Saaty, "How to make a decision: the analytic hierarchy process",
 * European Journal of Operational Research 48 (1990) 9–26, table 1:
 *     1    6    8
 *     1/6  1    4
 *     1/8  1/4  1
 * priorities .754 .181 .065, λmax 3.136, CI .068, CR .117 (RI 0.58). Checked apart by power
 * iteration in Python: .75355 .18114 .06531, λmax 3.13561, CI .06781, CR .11691 — above 0.1,
 * so the window warns. With these shares (points kept, w = s·100/P) the totals are
 * Σ sⱼ·xⱼ: A 13.77, B 18.84, C 31.16, D 36.23 — every one of the 4 units changes rank.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-weights-dialog.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *project;

static void
build_project (void)
{
  g_autofree char *fw = kh_test_data_path ("weights-cli", "three.xml");
  g_autofree char *csv = kh_test_data_path ("weights-cli", "three.csv");
  g_autofree char *units = g_build_filename (tmp_dir, "units.csv", NULL);

  g_assert_true (g_file_set_contents (units,
                                      "id,name_zh,name_en,category,group,from_year,until_year,successor\n"
                                      "A,甲市,,city,cities,,,\nB,乙市,,city,cities,,,\n"
                                      "C,丙市,,city,cities,,,\nD,丁市,,city,cities,,,\n",
                                      -1, NULL));
  project = g_build_filename (tmp_dir, "weights.kaohe", NULL);
  kh_test_cli_ok ("new", project, NULL);
  kh_test_cli_ok ("import", project, "--units", units, NULL);
  kh_test_cli_ok ("import", project, "--year", "2020", "--framework", fw, NULL);
  kh_test_cli_ok ("import", project, "--year", "2020", csv, NULL);
}

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

static char *
labels_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static KhWeightsDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_WEIGHTS_DIALOG (item))
        return KH_WEIGHTS_DIALOG (item);
    }
  return NULL;
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The index of @value on the cells' scale (9 … 1 … 1/9). */
static guint
scale_index (double value)
{
  for (guint k = 0; k < KH_SAATY_N_VALUES; k++)
    if (fabs (kh_weights_dialog_scale_value (k) - value) < 1e-12)
      return k;
  g_assert_not_reached ();
}

static void
set_cell (KhWeightsDialog *dialog,
          guint            i,
          guint            j,
          double           value)
{
  GtkDropDown *cell = kh_weights_dialog_get_ahp_cell (dialog, i, j);

  g_assert_nonnull (cell);
  gtk_drop_down_set_selected (cell, scale_index (value));
  spin ();
}

static double
child_weight (KhDocument *doc,
              const char *id)
{
  return kh_framework_find_node (kh_document_get_framework (doc), id)->weight;
}

/* A window of @width × @height (0: its default) on the project, showing the Framework
 * page (*@page) once the document is loaded. */
static KhWindow *
open_framework_page (int         width,
                     int         height,
                     GtkWidget **page)
{
  KhWindow *window = kh_test_ui_open (app, project, width, height, 10000);

  kh_window_show_page (window, "framework");
  *page = kh_window_get_page (window, "framework");
  kh_test_wait_for_widget (*page);
  return window;
}

/* Selects @node on the Framework page and asks for its Weights… window: the window, NULL
 * when none opened. */
static KhWeightsDialog *
open_weights (GtkWidget  *page,
              const char *node)
{
  gtk_widget_activate_action (page, "framework.select", "s", node);
  spin ();
  gtk_widget_activate_action (page, "framework.weights", NULL);
  spin ();
  return find_dialog ();
}

static void
test_ahp (void)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *page;
  KhWindow *window = open_framework_page (1280, 800, &page);
  KhDocument *doc;
  KhWeightsDialog *dialog;
  const double *shares;
  const KhWeighting *record;
  const KhJudgement *matrix;
  g_autofree char *labels = NULL;
  g_autofree char *png = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (KhDocument) reopened = NULL;

  doc = kh_window_get_document (window);
  g_assert_cmpint (kh_document_get_year (doc), ==, 2020);

  /* an indicator has nothing to weigh; the root's three children do */
  g_assert_null (open_weights (page, "a"));
  dialog = open_weights (page, "total");
  g_assert_nonnull (dialog);
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  /* no record yet: AHP, every comparison 1 — equal shares, no rank changes */
  g_assert_cmpuint (gtk_drop_down_get_selected (kh_weights_dialog_get_method (dialog)), ==,
                    KH_WEIGHTING_AHP);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_nonnull (shares);
  g_assert_cmpfloat_with_epsilon (shares[0], 1.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0, 1e-9);

  /* a consistent matrix: a = 2b = 4c, b = 2c → shares 4/7 2/7 1/7 = .571 .286 .143, CR 0 */
  set_cell (dialog, 0, 1, 2);
  set_cell (dialog, 0, 2, 4);
  set_cell (dialog, 1, 2, 2);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 4.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (shares[2], 1.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0, 1e-9);
  g_assert_nonnull (strstr (gtk_label_get_text (kh_weights_dialog_get_consistency (dialog)),
                            "CR 0.000 — consistent enough (at most 0.1)"));

  /* Saaty's example: .754 .181 .065, CR .117, warned */
  set_cell (dialog, 0, 1, 6);
  set_cell (dialog, 0, 2, 8);
  set_cell (dialog, 1, 2, 4);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 0.754, 5e-4);
  g_assert_cmpfloat_with_epsilon (shares[1], 0.181, 5e-4);
  g_assert_cmpfloat_with_epsilon (shares[2], 0.065, 5e-4);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0.117, 5e-4);
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_consistency (dialog)), ==,
                   "⚠ λmax 3.136 · CI 0.068 · CR 0.117 — above 0.1: the judgements are not "
                   "consistent enough, revise them");
  /* the reciprocals below the diagonal */
  labels = labels_of (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (labels, "\n1/6\n"));
  g_assert_nonnull (strstr (labels, "\n1/8\n"));
  g_assert_nonnull (strstr (labels, "\n1/4\n"));
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_summary (dialog)), ==,
                   "With these weights 4 of 4 units change rank:");
  g_clear_pointer (&labels, g_free);
  labels = labels_of (GTK_WIDGET (kh_weights_dialog_get_ranking (dialog)));
  /* sorted by the proposed rank: D 2 → 1 (36.23), C 1 → 2, B 4 → 3, A 3 → 4 (13.77) */
  g_assert_true (g_str_has_prefix (labels, "Unit\nRank Now\nProposed\nChange\nTotal Now\n"
                                           "Proposed\n丁市\n2\n1\n+1\n28.00\n36.23\n丙市\n1\n2\n-1\n"));
  g_assert_true (g_str_has_suffix (labels, "甲市\n3\n4\n-1\n22.00\n13.77\n"));
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  png = kh_test_save_png (GTK_WIDGET (dialog), "weights-dialog-ahp.png");

  /* Apply: one undo step; weights s·100/P, points kept, the record with the matrix */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (kh_weights_dialog_get_apply (dialog))));
  g_signal_emit_by_name (kh_weights_dialog_get_apply (dialog), "clicked");
  spin ();
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==,
                   "Apply Weights (AHP (pairwise comparisons))");
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "a"), 0.75355 * 100 / 40, 1e-4);
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "c"), 0.06531 * 100 / 30, 1e-4);
  g_assert_cmpfloat (kh_framework_find_node (kh_document_get_framework (doc), "a")->points, ==, 40);
  record = kh_document_get_framework (doc)->root->weighting;
  g_assert_nonnull (record);
  g_assert_cmpint (record->method, ==, KH_WEIGHTING_AHP);
  g_assert_cmpfloat_with_epsilon (record->consistency, 0.117, 5e-4);
  g_assert_cmpstr (record->author, ==, "tester");
  g_assert_nonnull (record->date);
  matrix = record->judgements->pdata[0];
  g_assert_cmpfloat (matrix->values[1], ==, 6);
  g_assert_cmpfloat_with_epsilon (matrix->values[7], 0.25, 1e-12);
  /* the window follows: the weights now are the proposed ones, nobody changes rank */
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_summary (dialog)), ==,
                   "With these weights 0 of 4 units change rank:");

  /* undo: weights 1 and no record; redo: back */
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpfloat (child_weight (doc, "a"), ==, 1);
  g_assert_null (kh_document_get_framework (doc)->root->weighting);
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_summary (dialog)), ==,
                   "With these weights 4 of 4 units change rank:");
  g_assert_true (kh_document_redo (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "a"), 0.75355 * 100 / 40, 1e-4);
  g_assert_nonnull (kh_document_get_framework (doc)->root->weighting);

  /* saved and read back: the <weighting> with Saaty's matrix, the same weights */
  g_assert_true (kh_document_save_framework (doc, &error));
  g_assert_no_error (error);
  reopened = kh_document_open (project, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (reopened, 2020, &error));
  g_assert_no_error (error);
  xml = kh_framework_xml_to_string (kh_document_get_framework (reopened));
  g_assert_nonnull (strstr (xml, "<weighting method=\"ahp\""));
  g_assert_nonnull (strstr (xml, "items=\"a b c\""));
  g_assert_nonnull (strstr (xml, "<row>1 6 8</row>"));
  g_assert_nonnull (strstr (xml, "<row>1/6 1 4</row>"));
  g_assert_nonnull (strstr (xml, "<row>1/8 1/4 1</row>"));
  g_assert_cmpfloat_with_epsilon (child_weight (reopened, "b"), 0.18114 * 100 / 30, 1e-4);
  g_assert_true (kh_weighting_is_current (kh_document_get_framework (reopened)->root));
  g_clear_object (&reopened);

  /* Escape closes the window */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  spin ();
  g_assert_null (find_dialog ());
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* Group AHP: expert 1 is Saaty's houses (6, 8, 4: weights .7536 .1811 .0653, CR 0.117),
 * expert 2 the consistent (4, 2, 1) (a = 2b = 4c: 4/7 2/7 1/7, CR 0). Their element-wise
 * geometric mean (1 √12 √32; 1/√12 1 √8; 1/√32 1/√8 1), by power iteration done apart:
 * shares .6694 .2321 .0985, λmax 3.0336, CI .0168, CR .0168/.58 = .029 — consistent enough
 * though expert 1 is not, whom the experts' line names (as test-weights-cli.c's
 * test_ahp_group_inconsistent). Apply: weights .6694·100/40 = 1.6735, .2321·100/30 = .7736,
 * .0985·100/30 = .3284, one undo step, the record with both matrices; read back, the
 * window starts from the two experts; removing expert 1 leaves (4, 2, 1): .5714 .2857
 * .1429, CR 0. */
static void
test_group_ahp (void)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *page;
  KhWindow *window = open_framework_page (1280, 800, &page);
  KhDocument *doc;
  KhWeightsDialog *dialog;
  GtkDropDown *experts;
  const double *shares;
  const KhWeighting *record;
  g_autofree char *png = NULL;
  g_autofree char *xml = NULL;
  guint undo_depth;

  doc = kh_window_get_document (window);
  dialog = open_weights (page, "total");
  g_assert_nonnull (dialog);
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  gtk_drop_down_set_selected (kh_weights_dialog_get_method (dialog), KH_WEIGHTING_AHP);
  spin ();
  experts = kh_weights_dialog_get_ahp_expert (dialog);

  /* one expert: Saaty's matrix; no experts' line, Remove not offered */
  set_cell (dialog, 0, 1, 6);
  set_cell (dialog, 0, 2, 8);
  set_cell (dialog, 1, 2, 4);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (experts)), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kh_weights_dialog_get_experts_cr (dialog))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (kh_weights_dialog_get_remove_ahp_expert (dialog))));
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0.117, 5e-4);

  /* Add Expert: expert 2 starts as a copy of expert 1 (the same shares), then (4, 2, 1) */
  g_signal_emit_by_name (kh_weights_dialog_get_add_ahp_expert (dialog), "clicked");
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (experts)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (experts), ==, 1);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 0.7536, 5e-5);
  set_cell (dialog, 0, 1, 2);
  set_cell (dialog, 0, 2, 4);
  set_cell (dialog, 1, 2, 2);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 0.6694, 5e-5);
  g_assert_cmpfloat_with_epsilon (shares[1], 0.2321, 5e-5);
  g_assert_cmpfloat_with_epsilon (shares[2], 0.0985, 5e-5);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0.029, 5e-4);
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_consistency (dialog)), ==,
                   "λmax 3.034 · CI 0.017 · CR 0.029 — consistent enough (at most 0.1)");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kh_weights_dialog_get_experts_cr (dialog))));
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_experts_cr (dialog)), ==,
                   "Group AHP: the weights below are those of the element-wise geometric mean "
                   "of 2 experts' matrices.\n"
                   "⚠ Expert 1: CR 0.117 — above 0.1: ask them to revise their judgements\n"
                   "Expert 2: CR 0.000");
  /* the grid shows the expert chosen: expert 1's 6 in row a, column b */
  gtk_drop_down_set_selected (experts, 0);
  spin ();
  g_assert_cmpfloat (kh_weights_dialog_scale_value (gtk_drop_down_get_selected (
                       kh_weights_dialog_get_ahp_cell (dialog, 0, 1))), ==, 6);
  gtk_drop_down_set_selected (experts, 1);
  spin ();
  g_assert_cmpfloat (kh_weights_dialog_scale_value (gtk_drop_down_get_selected (
                       kh_weights_dialog_get_ahp_cell (dialog, 0, 1))), ==, 2);
  kh_test_wait_for_widget (GTK_WIDGET (dialog));
  png = kh_test_save_png (GTK_WIDGET (dialog), "weights-dialog-group-ahp.png");

  /* Apply: one undo step, the weights of the mean, the record with both matrices */
  undo_depth = kh_document_get_n_undo (doc);
  g_signal_emit_by_name (kh_weights_dialog_get_apply (dialog), "clicked");
  spin ();
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, undo_depth + 1);
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "a"), 1.6735, 5e-4);
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "b"), 0.7736, 5e-4);
  g_assert_cmpfloat_with_epsilon (child_weight (doc, "c"), 0.3284, 5e-4);
  record = kh_document_get_framework (doc)->root->weighting;
  g_assert_nonnull (record);
  g_assert_cmpint (record->method, ==, KH_WEIGHTING_AHP);
  g_assert_cmpuint (record->judgements->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (record->consistency, 0.029, 5e-4);
  xml = kh_framework_xml_to_string (kh_document_get_framework (doc));
  g_assert_nonnull (strstr (xml, "<row>1 6 8</row>"));
  g_assert_nonnull (strstr (xml, "<row>1 2 4</row>"));
  g_assert_nonnull (strstr (xml, "<row>1/2 1 2</row>"));

  /* opened again, the window starts from the record: two experts, expert 1 shown (its 6),
   * expert 2's 2; Remove This Expert leaves (4, 2, 1) alone */
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  gtk_widget_activate_action (page, "framework.weights", NULL);
  spin ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  experts = kh_weights_dialog_get_ahp_expert (dialog);
  g_assert_cmpuint (gtk_drop_down_get_selected (kh_weights_dialog_get_method (dialog)), ==,
                    KH_WEIGHTING_AHP);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (experts)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (experts), ==, 0);
  g_assert_cmpfloat (kh_weights_dialog_scale_value (gtk_drop_down_get_selected (
                       kh_weights_dialog_get_ahp_cell (dialog, 0, 1))), ==, 6);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_shares (dialog)[0], 0.6694, 5e-5);
  gtk_drop_down_set_selected (experts, 1);
  spin ();
  g_assert_cmpfloat (kh_weights_dialog_scale_value (gtk_drop_down_get_selected (
                       kh_weights_dialog_get_ahp_cell (dialog, 0, 1))), ==, 2);
  gtk_drop_down_set_selected (experts, 0);
  spin ();
  g_signal_emit_by_name (kh_weights_dialog_get_remove_ahp_expert (dialog), "clicked");
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (experts)), ==, 1);
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 4.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (shares[2], 1.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_weights_dialog_get_cr (dialog), 0, 1e-9);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kh_weights_dialog_get_experts_cr (dialog))));
  /* … which changes nothing in the framework until applied; undo takes the group's away */
  g_assert_cmpuint (((KhWeighting *) kh_document_get_framework (doc)->root->weighting)->judgements->len,
                    ==, 2);
  g_assert_true (kh_document_undo (doc, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (kh_document_get_n_undo (doc), ==, undo_depth);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* The other methods in the same window: a budget of the points now (40 30 30) keeps the
 * shares .4 .3 .3; a second expert giving a 60 of 120 (shares .5 .25 .25) makes the mean
 * .45 .275 .275. Equal shares ⅓ keep the order (test-weights-cli.c): 0 rank changes. */
static void
test_methods (void)
{
  GtkWidget *page;
  KhWindow *window = open_framework_page (0, 0, &page);
  KhWeightsDialog *dialog;
  const double *shares;
  GtkSpinButton *points;

  dialog = open_weights (page, "total");
  g_assert_nonnull (dialog);

  gtk_drop_down_set_selected (kh_weights_dialog_get_method (dialog), KH_WEIGHTING_EQUAL);
  spin ();
  g_assert_cmpstr (gtk_label_get_text (kh_weights_dialog_get_summary (dialog)), ==,
                   "With these weights 0 of 4 units change rank:");

  gtk_drop_down_set_selected (kh_weights_dialog_get_method (dialog), KH_WEIGHTING_BUDGET);
  spin ();
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_nonnull (shares);
  g_assert_cmpfloat_with_epsilon (shares[0], 0.4, 1e-9);
  g_signal_emit_by_name (kh_weights_dialog_get_add_expert (dialog), "clicked");
  spin ();
  points = kh_weights_dialog_get_budget_cell (dialog, 1, 0);
  g_assert_nonnull (points);
  gtk_spin_button_set_value (points, 60);
  spin ();
  shares = kh_weights_dialog_get_shares (dialog);
  g_assert_cmpfloat_with_epsilon (shares[0], 0.45, 1e-9);
  g_assert_cmpfloat_with_epsilon (shares[1], 0.275, 1e-9);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-weights-dialog-XXXXXX", NULL);
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  build_project ();

  g_test_add_func ("/ui/weights-dialog/methods", test_methods);
  g_test_add_func ("/ui/weights-dialog/ahp", test_ahp);
  g_test_add_func ("/ui/weights-dialog/group-ahp", test_group_ahp);

  status = g_test_run ();
  g_clear_object (&app);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (project);
  return status;
}
