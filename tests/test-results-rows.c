/* test-results-rows.c — the ranking table's rows after an edit, driven under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After an edit the Results page updates its rows in place, once before the next frame
 * for any number of edits meanwhile (issue 22: at 3,000 units making them again, sorting
 * them again and reading what only the cells show cost a third of a weight edit): a row says it changed only when something it shows did, the
 * rows are sorted again only when their order changed, and what only the cells show
 * (tier names, coverage) is read again for the rows on screen.
 *
 * The project is test-window-project.c's (tests/data/ui/, four invented cities, 2019 and
 * 2020). Its 2020 results, worked by hand there: f = share of full points,
 *   gdp_growth f  a 1,   b 2/3, c 1/2, d 0
 *   pm25       f  a 0.2, b 0.6, c 1,   d 0
 *   survey     f  a 1,   b 0.5, c 0,   d 0.75
 *   total = 80 · (w_gdp · f_gdp + w_pm · f_pm) / (w_gdp + w_pm) + 20 · f_survey
 *   weights 1, 1: a 68, b 60.667, c 60, d 15 → a 1, b 2, c 3, d 4; tiers (1 2): a 1, b c 2, d 3
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "core/kh-compare.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "kh-test-engine.h"
#include "ui/kh-application.h"
#include "ui/kh-document.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-breakdown.h"
#include "ui/kh-results-view.h"
#include "ui/kh-sorted-rows.h"
#include "ui/kh-ui.h"
#include "ui/kh-window.h"

#define EPS 1e-3

static KhApplication *app;
static char *tmp_dir;

/* The project of tests/data/ui/ (2019 and 2020) as @name in the temporary folder. */
static char *
build_project (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  kh_test_ui_project_build (path, 2019, 2020);
  return path;
}

typedef struct
{
  KhResultRow *rows[4]; /* a, b, c, d: the store's own, watched */
  guint changed[4];     /* "changed" of each since the last count */
  guint moved;          /* items-changed of the sorted rows */
  guint moved_at;       /* the last one's position, removed and added */
  guint moved_removed;
  guint moved_added;
  guint sorted;         /* "changed" of the table's sorter: sorted by another column */
} Watch;

static void
changed_cb (KhResultRow *row,
            guint       *count)
{
  (*count)++;
}

static void
selected_cb (KhResultsView *results,
             guint         *count)
{
  (*count)++;
}

static void
sorted_cb (GtkSorter       *sorter,
           GtkSorterChange  change,
           Watch           *watch)
{
  watch->sorted++;
}

static void
moved_cb (GListModel *model,
          guint       position,
          guint       removed,
          guint       added,
          Watch      *watch)
{
  watch->moved++;
  watch->moved_at = position;
  watch->moved_removed = removed;
  watch->moved_added = added;
}

/* The rows said moved once since the last count, from @at, @n of them (as many removed
 * as added: sorted again in place). */
static void
assert_moved_once (Watch *watch,
                   guint  at,
                   guint  n)
{
  g_assert_cmpuint (watch->moved, ==, 1);
  g_assert_cmpuint (watch->moved_at, ==, at);
  g_assert_cmpuint (watch->moved_removed, ==, n);
  g_assert_cmpuint (watch->moved_added, ==, n);
  watch->moved = 0;
}

/* The row widgets the column view @table shows, in their order on screen. */
static GPtrArray *
table_rows (GtkWidget *table)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list = kh_test_find_descendant (table, GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_css_name (row), "row") && gtk_widget_get_child_visible (row))
      g_ptr_array_add (rows, row);
  return rows;
}

/* What the cells of @table show, a line per row in the order on screen, the cells
 * separated by "|" (a hidden cell empty). */
static char *
table_text (GtkWidget *table)
{
  g_autoptr (GPtrArray) rows = table_rows (table);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      for (GtkWidget *cell = gtk_widget_get_first_child (rows->pdata[i]); cell != NULL;
           cell = gtk_widget_get_next_sibling (cell))
        {
          GtkWidget *label = gtk_widget_get_first_child (cell);

          g_assert_true (GTK_IS_LABEL (label));
          if (cell != gtk_widget_get_first_child (rows->pdata[i]))
            g_string_append_c (text, '|');
          if (gtk_widget_get_visible (label))
            g_string_append (text, gtk_label_get_text (GTK_LABEL (label)));
        }
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static gboolean shows_label (GtkWidget  *widget,
                             const char *text);

/* The label of the Change cell (the sixth) of the row widget @row. */
static GtkWidget *
change_label (GtkWidget *row)
{
  GtkWidget *cell = gtk_widget_get_first_child (row);

  for (guint i = 0; i < 5 && cell != NULL; i++)
    cell = gtk_widget_get_next_sibling (cell);
  g_assert_nonnull (cell);
  return gtk_widget_get_first_child (cell);
}

/* The row widget of @table whose unit cell shows @name, on screen or not (GTK 4.8 keeps
 * up to 200 rows bound, those off screen not child-visible), or NULL. */
static GtkWidget *
table_row_of (GtkWidget  *table,
              const char *name)
{
  GtkWidget *list = kh_test_find_descendant (table, GTK_TYPE_LIST_VIEW);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_css_name (row), "row") && shows_label (row, name))
      return row;
  return NULL;
}

/* The sorted rows' unit ids with their ranks: "a1 b2 c3 d4". */
static char *
ranking (GListModel *rows)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s%s%d", i > 0 ? " " : "", kh_result_row_get_unit_id (row),
                              kh_result_row_get_rank (row));
    }
  return g_string_free (text, FALSE);
}

static void
count_changes (Watch *watch,
               guint  a,
               guint  b,
               guint  c,
               guint  d)
{
  guint expected[4] = { a, b, c, d };

  for (guint i = 0; i < 4; i++)
    {
      if (watch->changed[i] != expected[i])
        g_error ("row %c said it changed %u times, not %u", 'a' + i, watch->changed[i], expected[i]);
      watch->changed[i] = 0;
    }
}

/* Whether a label under @widget shows @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* Whether a label under @widget shows a text beginning with @prefix. */
static gboolean
shows_label_prefix (GtkWidget  *widget,
                    const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label_prefix (child, prefix))
      return TRUE;
  return FALSE;
}

/* The first widget under @widget with the style class @name, or NULL. */
static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *name)
{
  if (gtk_widget_has_css_class (widget, name))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The preferences group under @widget titled @title, or NULL. */
static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The framework effect on @unit of this year's framework against last year's, through
 * the engine alone: last year's data under this year's framework made whole. */
static char *
framework_effect (KhDocument *doc,
                  guint       unit)
{
  KhPlan *plan = kh_document_get_plan (doc);
  g_autoptr (KhPlan) like = kh_plan_new_like_for_like (kh_document_get_framework (doc),
                                                       kh_document_get_previous_plan (doc), NULL);
  g_autoptr (KhComparison) cmp = NULL;
  g_autofree double *parts = g_new0 (double, kh_plan_get_n_nodes (plan));
  double adjustments, framework, change;

  g_assert_nonnull (like);
  kh_plan_compute (like);
  cmp = kh_comparison_new (plan, like);
  g_assert_true (kh_comparison_attribute_change (cmp, unit, parts, &adjustments, &framework, &change));
  return g_strdup_printf ("%+.2f", framework);
}

static gboolean
set_pm25_higher (KhFramework *fw,
                 gpointer     user_data,
                 GError     **error)
{
  kh_framework_find_node (fw, "pm25")->direction = KH_DIRECTION_HIGHER;
  return TRUE;
}

/* The like-for-like plan a cache gives for the document's plan: the one made whole. */
static void
assert_like_as_made (KhLikeCache *cache,
                     KhDocument  *doc)
{
  KhPlan *like = kh_like_cache_get (cache, kh_document_get_plan (doc),
                                    kh_document_get_previous_plan (doc));
  g_autoptr (KhPlan) made = kh_plan_new_like_for_like (kh_document_get_framework (doc),
                                                       kh_document_get_previous_plan (doc), NULL);

  g_assert_nonnull (like);
  kh_plan_compute (made);
  kh_test_assert_same_results (like, made);
}

/* A unit's breakdown shown beside the ranking while weights change (issue 22): its total,
 * rank and framework effect follow every edit and undo, the like-for-like plan behind the
 * effect re-weighted when only weights changed, made whole otherwise. */
static void
test_breakdown_after_edits (void)
{
  g_autofree char *path = build_project ("breakdown.kaohe");
  g_autoptr (KhLikeCache) cache = kh_like_cache_new ();
  g_autoptr (KhLikeCache) prepared = kh_like_cache_new ();
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  GtkWidget *grid, *since;
  g_autofree char *before = NULL;
  g_autofree char *totals = NULL;
  guint n_selected = 0;
  KhResultsView *results;
  KhDocument *doc;
  g_autofree char *effect = NULL;
  g_autofree char *png = NULL;

  kh_window_show_page (window, "results");
  results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  doc = kh_window_get_document (window);
  g_assert_true (kh_results_view_select_unit (results, "a"));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  /* 2019's framework is 2020's: no framework effect shown */
  g_assert_true (shows_label_prefix (GTK_WIDGET (results), "68.00 points · rank 1 · "));
  g_assert_false (shows_label (GTK_WIDGET (results), "Framework effect"));
  grid = find_with_class (GTK_WIDGET (results), "kh-breakdown-grid");
  g_assert_nonnull (grid);
  since = find_group (GTK_WIDGET (results), "Since Last Year");
  g_assert_nonnull (since);
  before = g_strdup_printf ("%.2f → ", kh_plan_get_previous_total (kh_document_get_plan (doc), 0));
  totals = g_strconcat (before, "68.00", NULL);
  g_assert_true (shows_label (since, totals));
  /* the rows updated in place keep the units selected: "units-selected" is not emitted
   * (the window would pass them to the Charts page, bringing it up to date hidden) */
  g_signal_connect (results, "units-selected", G_CALLBACK (selected_cb), &n_selected);
  /* a's gdp_growth (full points) contributes 80 · 1 / 2 */
  g_assert_true (shows_label (grid, "40.00"));
  /* No framework effect yet: the like-for-like plan made ahead on a worker (as the
   * breakdown does), for the first weight edit to re-weight */
  kh_like_cache_prepare (prepared, kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  kh_like_cache_prepare (prepared, kh_document_get_plan (doc), kh_document_get_previous_plan (doc));

  /* gdp_growth weighs 1.2: a 70.909, still first (test_rows_after_edits); the framework
   * now differs from last year's in a weight, its effect computed like for like. The
   * indicators' grid is the same, its cells updated in place: gdp_growth contributes
   * 80 · 1.2 / 2.2 = 43.636, pm25 (0.2 of full points) 80 · 0.2 / 2.2 = 7.273 */
  g_assert_true (kh_document_set_node_weight (doc, "gdp_growth", 1.2, NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_true (shows_label_prefix (GTK_WIDGET (results), "70.91 points · rank 1 · "));
  g_assert_true (find_with_class (GTK_WIDGET (results), "kh-breakdown-grid") == grid);
  g_assert_true (shows_label (grid, "43.64"));
  g_assert_true (shows_label (grid, "7.27"));
  g_assert_false (shows_label (grid, "40.00"));
  g_assert_true (shows_label (GTK_WIDGET (results), "Framework effect"));
  effect = framework_effect (doc, 0);
  g_assert_true (shows_label (GTK_WIDGET (results), effect));
  assert_like_as_made (cache, doc);
  g_assert_cmpuint (kh_like_cache_get_n_made (cache), ==, 1);
  assert_like_as_made (prepared, doc);
  g_assert_cmpuint (kh_like_cache_get_n_prepared (prepared), ==, 1);
  g_assert_cmpuint (kh_like_cache_get_n_made (prepared), ==, 0);
  g_assert_cmpuint (kh_like_cache_get_n_reweighted (prepared), ==, 1);
  /* what follows the grid is the same sections, their texts set and rows added in place */
  g_assert_true (find_group (GTK_WIDGET (results), "Since Last Year") == since);
  g_assert_false (shows_label (since, totals));
  g_free (totals);
  totals = g_strconcat (before, "70.91", NULL);
  g_assert_true (shows_label (since, totals));
  g_assert_true (shows_label (since, "Framework effect"));

  /* pm25 weighs 3: a 54.286, third; the like-for-like plan re-weighted, not made again */
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 3, NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_true (shows_label_prefix (GTK_WIDGET (results), "54.29 points · rank 3 · "));
  g_clear_pointer (&effect, g_free);
  effect = framework_effect (doc, 0);
  g_assert_true (shows_label (GTK_WIDGET (results), effect));
  assert_like_as_made (cache, doc);
  g_assert_cmpuint (kh_like_cache_get_n_made (cache), ==, 1);
  g_assert_cmpuint (kh_like_cache_get_n_reweighted (cache), ==, 1);
  /* the same plan again: the same like-for-like plan, nothing computed */
  assert_like_as_made (cache, doc);
  g_assert_cmpuint (kh_like_cache_get_n_made (cache) + kh_like_cache_get_n_reweighted (cache), ==, 2);
  png = kh_test_save_png (GTK_WIDGET (window), "results-rows-breakdown.png");

  /* pm25 scored higher-is-better: more than weights changed, made whole again (a
   * re-weighting would keep the old scores of pm25) */
  g_assert_true (kh_document_edit_framework (doc, "Direction", set_pm25_higher, NULL, NULL));
  assert_like_as_made (cache, doc);
  g_assert_cmpuint (kh_like_cache_get_n_made (cache), ==, 2);
  g_assert_cmpuint (kh_like_cache_get_n_reweighted (cache), ==, 1);

  /* All three undone: a 68, first, and no framework effect again */
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_true (shows_label_prefix (GTK_WIDGET (results), "68.00 points · rank 1 · "));
  g_assert_false (shows_label (GTK_WIDGET (results), "Framework effect"));
  g_assert_true (find_with_class (GTK_WIDGET (results), "kh-breakdown-grid") == grid);
  g_assert_true (shows_label (grid, "40.00"));
  g_assert_cmpuint (n_selected, ==, 0);
  /* the framework's rows removed from the same section */
  g_assert_true (find_group (GTK_WIDGET (results), "Since Last Year") == since);
  g_free (totals);
  totals = g_strconcat (before, "68.00", NULL);
  g_assert_true (shows_label (since, totals));
  g_assert_false (shows_label (since, "Performance effect"));

  /* another unit: its own breakdown, made anew (b: gdp_growth 2/3 of full points) */
  g_assert_true (kh_results_view_select_unit (results, "b"));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_true (shows_label_prefix (GTK_WIDGET (results), "60.67 points · rank 2 · "));
  g_assert_true (shows_label (find_with_class (GTK_WIDGET (results), "kh-breakdown-grid"),
                              "26.67"));
  g_assert_cmpuint (n_selected, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
add_name (GPtrArray  *names,
          const char *name)
{
  KhText *text = g_new0 (KhText, 1);

  text->zh_CN = g_strdup (name);
  text->zh_TW = g_strdup (name);
  text->en = g_strdup (name);
  g_ptr_array_add (names, text);
}

static void
test_rows_after_edits (void)
{
  g_autofree char *path = build_project ("rows.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhResultsView *results;
  GListModel *rows;
  KhDocument *doc;
  Watch watch = { 0 };
  g_autofree char *order = NULL;
  g_autofree char *png = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *table;
  GtkWidget *row_of[4]; /* the row widgets showing a, b, c and d */
  gpointer d_tooltip;

  results = KH_RESULTS_VIEW (kh_test_ui_show_page (window, "results"));
  doc = kh_window_get_document (window);
  rows = kh_results_view_get_rows (results);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "a1 b2 c3 d4");
  table = kh_test_find_descendant (GTK_WIDGET (results), GTK_TYPE_COLUMN_VIEW);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      watch.rows[i] = row;
      g_signal_connect (row, "changed", G_CALLBACK (changed_cb), &watch.changed[i]);
    }
  g_signal_connect (rows, "items-changed", G_CALLBACK (moved_cb), &watch);
  g_assert_true (gtk_column_view_get_model (GTK_COLUMN_VIEW (table)) == GTK_SELECTION_MODEL (rows));
  g_signal_connect (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (table)), "changed",
                    G_CALLBACK (sorted_cb), &watch);

  /* gdp_growth weighs 1.2: a 80 · 1.4 / 2.2 + 20 = 70.909, b 80 · (0.8 + 0.6) / 2.2 + 10
   * = 60.909, c 80 · (0.6 + 1) / 2.2 = 58.182, d 15 as before. The order stays: the rows
   * are not sorted again, a, b and c change, d does not. */
  g_assert_true (kh_document_set_node_weight (doc, "gdp_growth", 1.2, NULL));
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  /* the rows are updated before the next frame, not by the edit */
  count_changes (&watch, 0, 0, 0, 0);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[0]), 68, EPS);
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "a1 b2 c3 d4");
  g_assert_cmpuint (watch.sorted, ==, 0);
  g_assert_cmpuint (watch.moved, ==, 0);
  count_changes (&watch, 1, 1, 1, 0);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[0]), 70.909, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[1]), 60.909, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[2]), 58.182, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[3]), 15, EPS);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      g_assert_true (row == watch.rows[i]); /* the same rows, updated in place */
    }

  /* pm25 weighs 3 (gdp_growth 1.2): a 80 · (1.2 + 0.6) / 4.2 + 20 = 54.286, b 80 ·
   * (0.8 + 1.8) / 4.2 + 10 = 59.524, c 80 · 3.6 / 4.2 = 68.571, d 15: c, b, a, d — sorted
   * again in place from a, b, c, d (issue 22): the rows said moved once, from the first
   * whose unit changed (0) to the last (2); b and d stay where they are. Every rank but
   * b's and d's changed. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("City %c", 'A' + i);

      row_of[i] = table_row_of (table, name);
      g_assert_nonnull (row_of[i]);
    }
  d_tooltip = g_object_get_data (G_OBJECT (change_label (row_of[3])), "kh-lazy-tooltip");
  g_assert_cmpstr (d_tooltip, ==, "Fell back");
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 3, NULL));
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "c1 b2 a3 d4");
  g_assert_cmpuint (watch.sorted, ==, 0); /* the column view's sorter not told */
  assert_moved_once (&watch, 0, 3);
  count_changes (&watch, 1, 1, 1, 0);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[2]), 68.571, EPS);
  /* On screen: the cells of each row as the plan has them, in the new order. Last year's
   * ranks b 1, a 2, d 3, c 4 (test-window-project.c): c advanced 3, the others fell 1. */
  shown = table_text (table);
  g_assert_cmpstr (shown, ==,
                   "1|City C|68.57|Tier 1|4|▲ 3|Award for the greatest advance\n"
                   "2|City B|59.52|Tier 2|1|▼ 1|\n"
                   "3|City A|54.29|Tier 2|2|▼ 1|\n"
                   "4|City D|15.00|Tier 3|3|▼ 1|\n");
  /* d's row, where it was and as it was, was not shown again: its Change cell kept the
   * tooltip text it was given (each showing of the cell gives it a new copy). */
  g_assert_true (g_object_get_data (G_OBJECT (change_label (row_of[3])), "kh-lazy-tooltip")
                 == d_tooltip);
  /* Each unit's row widget moved with it, not made again. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("City %c", 'A' + i);

      g_assert_true (table_row_of (table, name) == row_of[i]);
    }
  {
    g_autoptr (GPtrArray) shown_rows = table_rows (table);

    g_assert_cmpuint (shown_rows->len, ==, 4);
    g_assert_true (shown_rows->pdata[0] == row_of[2]);
    g_assert_true (shown_rows->pdata[1] == row_of[1]);
    g_assert_true (shown_rows->pdata[2] == row_of[0]);
    g_assert_true (shown_rows->pdata[3] == row_of[3]);
  }
  g_free (kh_test_save_png (GTK_WIDGET (window), "results-rows-reordered.png"));

  /* Back to weights 1 and 1 (Ctrl+Z twice, before a frame, as a weight dragged edits
   * several times a frame): a b c d again, each row updated once for both edits and
   * sorted again once, before the next frame. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_assert_as_computed (kh_document_get_plan (doc), kh_document_get_previous_plan (doc));
  count_changes (&watch, 0, 0, 0, 0);
  g_assert_cmpuint (watch.moved, ==, 0);
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "a1 b2 c3 d4");
  count_changes (&watch, 1, 1, 1, 0);
  g_assert_cmpuint (watch.sorted, ==, 0);
  assert_moved_once (&watch, 0, 3);
  g_assert_true (shows_label (GTK_WIDGET (results), "68.00"));

  /* Tiers named Gold, Silver and Bronze: no score, rank or tier changes, only the names
   * the cells show — each row says so, d's too, and the cells show the new names. */
  {
    KhFramework *fw = kh_framework_copy (kh_document_get_framework (doc));
    KhGroup *group = g_ptr_array_index (fw->groups, 0);

    add_name (group->tiers.names, "Gold");
    add_name (group->tiers.names, "Silver");
    add_name (group->tiers.names, "Bronze");
    g_assert_true (kh_document_replace_framework (doc, "Tier Names", fw, NULL));
  }
  /* asked for, the rows are brought up to date at once */
  g_assert_true (kh_results_view_get_rows (results) == rows);
  g_assert_cmpuint (watch.sorted, ==, 0);
  g_assert_cmpuint (watch.moved, ==, 0);
  count_changes (&watch, 1, 1, 1, 1);
  g_assert_cmpstr (kh_result_row_get_tier_name (watch.rows[0]), ==, "Gold");
  g_assert_cmpstr (kh_result_row_get_tier_name (watch.rows[3]), ==, "Bronze");
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_true (shows_label (GTK_WIDGET (results), "Gold"));
  g_assert_true (shows_label (GTK_WIDGET (results), "Silver"));
  g_assert_true (shows_label (GTK_WIDGET (results), "Bronze"));
  png = kh_test_save_png (GTK_WIDGET (window), "results-rows-tier-names.png");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Weights are edited on the Framework page: the Results page, hidden, updates its rows
 * only when shown again (once, for any number of edits meanwhile) or when its rows are
 * asked for, and then shows and lists what the plan says (issue 22). */
static void
test_rows_while_hidden (void)
{
  g_autofree char *path = build_project ("hidden.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhResultsView *results;
  GListModel *rows;
  KhDocument *doc;
  Watch watch = { 0 };
  g_autofree char *order = NULL;

  results = KH_RESULTS_VIEW (kh_test_ui_show_page (window, "results"));
  doc = kh_window_get_document (window);
  rows = kh_results_view_get_rows (results);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      watch.rows[i] = row;
      g_signal_connect (row, "changed", G_CALLBACK (changed_cb), &watch.changed[i]);
    }

  /* Two weight edits on the Framework page (the figures of test_rows_after_edits): no row
   * is updated meanwhile. */
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (kh_window_get_page (window, "framework"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (results)));
  g_assert_true (kh_document_set_node_weight (doc, "gdp_growth", 1.2, NULL));
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 3, NULL));
  count_changes (&watch, 0, 0, 0, 0);

  /* Shown: each row updated once, straight to c 68.571, b 59.524, a 54.286, d 15. */
  kh_window_show_page (window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (results));
  count_changes (&watch, 1, 1, 1, 0);
  order = ranking (kh_results_view_get_rows (results));
  g_assert_cmpstr (order, ==, "c1 b2 a3 d4");
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[0]), 54.286, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[1]), 59.524, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[2]), 68.571, EPS);
  g_assert_true (shows_label (GTK_WIDGET (results), "68.57"));
  g_assert_false (shows_label (GTK_WIDGET (results), "68.00"));

  /* Both undone on the Framework page, then the rows asked for while still hidden (as the
   * window does to select a unit): up to date without being shown — a 68, b 60.667, c 60. */
  kh_window_show_page (window, "framework");
  kh_test_wait_for_widget (kh_window_get_page (window, "framework"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  count_changes (&watch, 0, 0, 0, 0);
  g_clear_pointer (&order, g_free);
  order = ranking (kh_results_view_get_rows (results));
  g_assert_cmpstr (order, ==, "a1 b2 c3 d4");
  count_changes (&watch, 1, 1, 1, 0);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[0]), 68, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[1]), 60.667, EPS);
  g_assert_cmpfloat_with_epsilon (kh_result_row_get_score (watch.rows[2]), 60, EPS);
  kh_window_show_page (window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (results));
  count_changes (&watch, 0, 0, 0, 0); /* nothing left to catch up with */
  g_assert_true (shows_label (GTK_WIDGET (results), "68.00"));
  g_assert_false (shows_label (GTK_WIDGET (results), "68.57"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The ranking sorted by a numeric column (its keys read from the rows, issue 22): the
 * scores ascending, kept after an edit that leaves their order, sorted again after one
 * that changes it; then descending. */
static void
test_rows_sorted_by_score (void)
{
  g_autofree char *path = build_project ("sorted.kaohe");
  KhWindow *window = kh_test_ui_open (app, path, 1280, 800, 10000);
  KhResultsView *results;
  GtkColumnView *table;
  GtkColumnViewColumn *score = NULL;
  g_autoptr (GListModel) columns = NULL;
  GListModel *rows;
  KhDocument *doc;
  Watch watch = { 0 };
  g_autofree char *order = NULL;

  results = KH_RESULTS_VIEW (kh_test_ui_show_page (window, "results"));
  doc = kh_window_get_document (window);
  rows = kh_results_view_get_rows (results);
  table = GTK_COLUMN_VIEW (kh_test_find_descendant (GTK_WIDGET (results), GTK_TYPE_COLUMN_VIEW));
  columns = g_object_ref (gtk_column_view_get_columns (table));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Score") == 0)
        score = column;
    }
  g_assert_nonnull (score);
  g_signal_connect (gtk_column_view_get_sorter (table), "changed", G_CALLBACK (sorted_cb), &watch);
  g_signal_connect (rows, "items-changed", G_CALLBACK (moved_cb), &watch);

  /* a 68, b 60.667, c 60, d 15: from a b c d, every row moved */
  gtk_column_view_sort_by_column (table, score, GTK_SORT_ASCENDING);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "d4 c3 b2 a1");
  assert_moved_once (&watch, 0, 4);
  watch.sorted = 0;

  /* gdp_growth 1.2: a 70.909, b 60.909, c 58.182, d 15: the same order, not sorted again */
  g_assert_true (kh_document_set_node_weight (doc, "gdp_growth", 1.2, NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "d4 c3 b2 a1");
  g_assert_cmpuint (watch.sorted, ==, 0);
  g_assert_cmpuint (watch.moved, ==, 0);

  /* pm25 3: a 54.286, b 59.524, c 68.571, d 15: sorted again in place, c and a swapped
   * (positions 1 to 3 said moved; d before them and b between them stay) */
  g_assert_true (kh_document_set_node_weight (doc, "pm25", 3, NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "d4 a3 b2 c1");
  g_assert_cmpuint (watch.sorted, ==, 0);
  assert_moved_once (&watch, 1, 3);

  gtk_column_view_sort_by_column (table, score, GTK_SORT_DESCENDING);
  g_clear_pointer (&order, g_free);
  order = ranking (rows);
  g_assert_cmpstr (order, ==, "c1 b2 a3 d4");
  g_assert_cmpuint (watch.sorted, ==, 1);
  assert_moved_once (&watch, 0, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The score cell's label of the row widget @row (the third cell). */
static GtkWidget *
score_label (GtkWidget *row)
{
  GtkWidget *cell = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (gtk_widget_get_first_child (row)));

  g_assert_nonnull (cell);
  return gtk_widget_get_first_child (cell);
}

/* The row widget showing position @position of @rows (the sorted rows), found by its
 * unit's name. */
static GtkWidget *
row_at (GtkWidget  *table,
        GListModel *rows,
        guint       position)
{
  g_autoptr (KhResultRow) row = g_list_model_get_item (rows, position);
  GtkWidget *widget = table_row_of (table, kh_result_row_get_name (row));

  if (widget == NULL)
    {
      g_autoptr (GPtrArray) all = table_rows (table);

      g_printerr ("no row %u (%s) of %u\n", position, kh_result_row_get_name (row), all->len);
    }
  g_assert_nonnull (widget);
  return widget;
}

/* 60 units, more than the table shows at once (issue 22: GTK 4.8 keeps 200 rows bound
 * around those on screen): after a weight edit that changes every score, the cells on
 * screen show the new scores in that frame, those off screen keep the old ones until
 * they are scrolled to, and then show the new ones. */
static void
test_rows_off_screen (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "sixty.kaohe", NULL);
  g_autofree char *units = g_build_filename (tmp_dir, "sixty-units.csv", NULL);
  g_autofree char *data = g_build_filename (tmp_dir, "sixty-2020.csv", NULL);
  g_autofree char *fw = kh_test_data_path ("ui", "framework-2020.xml");
  g_autoptr (GString) units_csv = g_string_new ("id,name_zh,name_en,category,group,from_year,until_year,successor\n");
  g_autoptr (GString) data_csv = g_string_new ("unit,gdp_growth,pm25,survey,population\n");
  KhWindow *window;
  KhResultsView *results;
  GtkWidget *table;
  GListModel *rows;
  GtkAdjustment *vadjustment;
  g_autofree char *far_before = NULL;
  g_autofree char *far_after = NULL;
  guint far = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_string_append_printf (units_csv, "u%02u,单位%02u,Unit %02u,city,cities,,,\n", i, i, i);
      g_string_append_printf (data_csv, "u%02u,%u,%u,%u,500\n", i, 1 + (i * 7) % 13,
                              20 + (i * 11) % 50, 60 + (i * 5) % 40);
    }
  g_assert_true (g_file_set_contents (units, units_csv->str, -1, NULL));
  g_assert_true (g_file_set_contents (data, data_csv->str, -1, NULL));
  kh_test_cli_ok ("new", path, NULL);
  kh_test_cli_ok ("import", path, "--units", units, NULL);
  kh_test_cli_ok ("import", path, "--year", "2020", "--framework", fw, NULL);
  kh_test_cli_ok ("import", path, "--year", "2020", data, NULL);

  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  results = KH_RESULTS_VIEW (kh_test_ui_show_page (window, "results"));
  rows = kh_results_view_get_rows (results);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 60);
  /* asked for, the rows not listed yet are listed at once: laid out by the next frames */
  kh_test_wait_for_widget (GTK_WIDGET (results));
  table = kh_test_find_descendant (GTK_WIDGET (results), GTK_TYPE_COLUMN_VIEW);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (table));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  /* the last rows are off screen, and bound */
  g_assert_cmpfloat (gtk_adjustment_get_page_size (vadjustment), <,
                     gtk_adjustment_get_upper (vadjustment) / 2);

  /* gdp_growth weighs 3: every unit's score changes, the order too */
  g_assert_true (kh_document_set_node_weight (kh_window_get_document (window), "gdp_growth", 3, NULL));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  /* on screen: the new scores */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);
      g_autofree char *score = kh_ui_format_score (kh_result_row_get_score (row));

      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (score_label (row_at (table, rows, i)))), ==, score);
    }
  /* off screen: a row near the end whose score text changed still shows the old one */
  for (guint i = 59; i > 40 && far == 0; i--)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);
      g_autofree char *score = kh_ui_format_score (kh_result_row_get_score (row));
      const char *shown = gtk_label_get_text (GTK_LABEL (score_label (row_at (table, rows, i))));

      if (g_strcmp0 (shown, score) != 0)
        {
          far = i;
          far_before = g_strdup (shown);
          far_after = g_steal_pointer (&score);
        }
    }
  g_assert_cmpuint (far, >, 40);
  g_assert_cmpstr (far_before, !=, far_after);

  /* Scrolled to the end: it shows its new score. */
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  kh_test_wait_for_widget (GTK_WIDGET (results));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (score_label (row_at (table, rows, far)))), ==,
                   far_after);
  g_free (kh_test_save_png (GTK_WIDGET (window), "results-rows-scrolled.png"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* KhSortedRows on its own: items with an integer key, sorted by it. */

static int
key_of (gpointer item)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "key"));
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  int x = key_of ((gpointer) a), y = key_of ((gpointer) b);

  return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* The items' names in the model's order: "b a c". */
static char *
names (GListModel *model)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                              (const char *) g_object_get_data (item, "name"));
    }
  return g_string_free (text, FALSE);
}

static GObject *
keyed (GListStore *store,
       const char *name,
       int         key)
{
  g_autoptr (GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (item, "name", g_strdup (name), g_free);
  g_object_set_data (item, "key", GINT_TO_POINTER (key));
  g_list_store_append (store, item);
  return item; /* the store's */
}

/* Sorted by key, equal keys in the source's order; sorted again in place only when out of
 * order, one items-changed from the first position whose item changed to the last; the
 * source changed: all sorted anew. */
static void
test_sorted_rows_model (void)
{
  g_autoptr (GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_keys, NULL, NULL));
  g_autoptr (KhSortedRows) sorted = NULL;
  GObject *a, *d, *e;
  Watch watch = { 0 };
  g_autofree char *order = NULL;

  a = keyed (store, "a", 3);
  keyed (store, "b", 1);
  keyed (store, "c", 3);
  d = keyed (store, "d", 2);
  e = keyed (store, "e", 5);
  sorted = kh_sorted_rows_new (G_LIST_MODEL (store), sorter);
  g_signal_connect (sorted, "items-changed", G_CALLBACK (moved_cb), &watch);
  order = names (G_LIST_MODEL (sorted));
  g_assert_cmpstr (order, ==, "b d a c e"); /* a before c: the store's order */

  /* in order still: nothing said */
  g_object_set_data (G_OBJECT (e), "key", GINT_TO_POINTER (9));
  g_assert_false (kh_sorted_rows_resort (sorted));
  g_assert_cmpuint (watch.moved, ==, 0);

  /* d to 4: b a c d e, positions 1 to 3 changed (b and e stay) */
  g_object_set_data (G_OBJECT (d), "key", GINT_TO_POINTER (4));
  g_assert_true (kh_sorted_rows_resort (sorted));
  assert_moved_once (&watch, 1, 3);
  g_clear_pointer (&order, g_free);
  order = names (G_LIST_MODEL (sorted));
  g_assert_cmpstr (order, ==, "b a c d e");

  /* a to 4: b c a d e, a before d (the store's order), positions 1 and 2 changed */
  g_object_set_data (G_OBJECT (a), "key", GINT_TO_POINTER (4));
  g_assert_true (kh_sorted_rows_resort (sorted));
  assert_moved_once (&watch, 1, 2);
  g_clear_pointer (&order, g_free);
  order = names (G_LIST_MODEL (sorted));
  g_assert_cmpstr (order, ==, "b c a d e");

  /* the sorter changed (as a column header clicked), now without an order: sorted again,
   * the store's order */
  gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), NULL, NULL, NULL);
  g_clear_pointer (&order, g_free);
  order = names (G_LIST_MODEL (sorted));
  g_assert_cmpstr (order, ==, "a b c d e");
  assert_moved_once (&watch, 0, 3);

  /* an item added to the source: all sorted anew */
  gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), compare_keys, NULL, NULL);
  watch.moved = 0;
  keyed (store, "f", 0);
  g_assert_cmpuint (watch.moved, ==, 1);
  g_assert_cmpuint (watch.moved_at, ==, 0);
  g_assert_cmpuint (watch.moved_removed, ==, 5);
  g_assert_cmpuint (watch.moved_added, ==, 6);
  g_clear_pointer (&order, g_free);
  order = names (G_LIST_MODEL (sorted));
  g_assert_cmpstr (order, ==, "f b c a d e");
}

/* Many units (issue 22): the first frame that shows the ranking lists only the rows a
 * window shows, the best ranked, in order; the others are listed in a later frame, with
 * the same first rows. 60 invented units u1 … u60 with gdp_growth i, pm25 100 − i
 * (lower is better) and survey i: every share of full points is (i − 1) / 59, the total
 * 100 · (i − 1) / 59, the rank 61 − i. */
#define MANY 60

static char *
build_many (void)
{
  char *path = g_build_filename (tmp_dir, "many.kaohe", NULL);
  g_autofree char *units = g_build_filename (tmp_dir, "many-units.csv", NULL);
  g_autofree char *data = g_build_filename (tmp_dir, "many-2020.csv", NULL);
  g_autofree char *fw = kh_test_data_path ("ui", "framework-2020.xml");
  g_autoptr (GString) units_csv = g_string_new ("id,name_zh,name_en,category,group,from_year,"
                                                "until_year,successor\n");
  g_autoptr (GString) data_csv = g_string_new ("unit,gdp_growth,pm25,survey,population\n");

  for (int i = 1; i <= MANY; i++)
    {
      g_string_append_printf (units_csv, "u%d,市%d,City %d,city,cities,,,\n", i, i, i);
      g_string_append_printf (data_csv, "u%d,%d,%d,%d,100\n", i, i, 100 - i, i);
    }
  g_assert_true (g_file_set_contents (units, units_csv->str, -1, NULL));
  g_assert_true (g_file_set_contents (data, data_csv->str, -1, NULL));
  kh_test_cli_ok ("new", path, NULL);
  kh_test_cli_ok ("import", path, "--units", units, NULL);
  kh_test_cli_ok ("import", path, "--year", "2020", "--framework", fw, NULL);
  kh_test_cli_ok ("import", path, "--year", "2020", data, NULL);
  return path;
}

/* The ranking as listed now (never brought up to date first): "u60 u59 …". */
static char *
listed (KhResultsView *results)
{
  GtkWidget *view = kh_test_find_descendant (GTK_WIDGET (results), GTK_TYPE_COLUMN_VIEW);
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", kh_result_row_get_unit_id (row));
    }
  return g_string_free (text, FALSE);
}

/* "u60 u59 … u(61 − n)": the n best ranked. */
static char *
best (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%su%u", i > 0 ? " " : "", MANY - i);
  return g_string_free (text, FALSE);
}

typedef struct
{
  KhWindow *window;
  guint frames;       /* frames painted with the ranking shown */
  guint first_listed; /* rows listed in the first of them */
  char *first;        /* … and which */
  guint whole_at;     /* the frame that first listed them all */
  gint64 first_time;  /* the frame times of the first of them … */
  gint64 whole_time;  /* … and of the frame that listed them all */
} Frames;

static void
painted_cb (GdkFrameClock *clock,
            Frames        *f)
{
  KhResultsView *results;
  guint n;

  if (kh_window_get_document (f->window) == NULL
      || kh_document_get_plan (kh_window_get_document (f->window)) == NULL)
    return;
  results = KH_RESULTS_VIEW (kh_window_get_page (f->window, "results"));
  n = kh_results_view_get_n_listed (results);
  if (!gtk_widget_get_mapped (GTK_WIDGET (results)) || n == 0)
    return;
  if (f->frames++ == 0)
    {
      f->first_listed = n;
      f->first = listed (results);
      f->first_time = gdk_frame_clock_get_frame_time (clock);
    }
  if (n == MANY && f->whole_at == 0)
    {
      f->whole_at = f->frames;
      f->whole_time = gdk_frame_clock_get_frame_time (clock);
    }
}

static gboolean
listed_whole (gpointer data)
{
  return ((Frames *) data)->whole_at != 0;
}

static void
test_first_rows (void)
{
  g_autofree char *path = build_many ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *expected = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *start = NULL;
  Frames f = { NULL };
  KhResultsView *results;
  GdkFrameClock *clock;
  gulong handler;

  f.window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f.window));
  while ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (f.window))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &f);
  kh_window_open_file (f.window, file);
  g_assert_true (kh_test_wait_until (listed_whole, &f, 20000));
  g_signal_handler_disconnect (clock, handler);
  results = KH_RESULTS_VIEW (kh_window_get_page (f.window, "results"));

  /* The first frame: the best ranked only, as many as an 800 px window shows and more
   * (rows of 24 px at least: 800 / 24 + 8), in their order. */
  g_test_message ("first frame: %u rows listed; all listed in frame %u", f.first_listed,
                  f.whole_at);
  g_assert_cmpuint (f.first_listed, >, 800 / 40);
  g_assert_cmpuint (f.first_listed, <, MANY);
  expected = best (f.first_listed);
  g_assert_cmpstr (f.first, ==, expected);
  /* Then all of them, in a later frame, the first ones as they were: once the header's
   * transitions that start with the results are over (300 ms of frame time), so that the
   * other rows' cells are not made in a frame that repaints the whole window through
   * the title's cross-fade (issue 22). */
  g_assert_cmpuint (f.whole_at, >, 1);
  g_assert_cmpint (f.whole_time - f.first_time, >=, 300 * G_TIME_SPAN_MILLISECOND);
  whole = listed (results);
  g_clear_pointer (&expected, g_free);
  expected = best (MANY);
  g_assert_cmpstr (whole, ==, expected);
  start = g_strndup (whole, strlen (f.first));
  g_assert_cmpstr (start, ==, f.first);
  g_assert_cmpuint (g_list_model_get_n_items (kh_results_view_get_rows (results)), ==, MANY);
  kh_test_wait_for_widget (GTK_WIDGET (f.window));
  g_free (kh_test_save_png (GTK_WIDGET (f.window), "results-many.png"));

  /* The rows made again (the document given again): the first ones only until the frame
   * after, or until the rows are asked for, when all are listed at once. */
  kh_results_view_set_document (results, NULL);
  g_assert_cmpuint (kh_results_view_get_n_listed (results), ==, 0);
  kh_results_view_set_document (results, kh_window_get_document (f.window));
  g_assert_cmpuint (kh_results_view_get_n_listed (results), >, 800 / 40);
  g_assert_cmpuint (kh_results_view_get_n_listed (results), <, MANY);
  g_assert_cmpuint (g_list_model_get_n_items (kh_results_view_get_rows (results)), ==, MANY);
  g_assert_cmpuint (kh_results_view_get_n_listed (results), ==, MANY);
  g_clear_pointer (&whole, g_free);
  whole = listed (results);
  g_assert_cmpstr (whole, ==, expected);

  g_free (f.first);
  gtk_window_destroy (GTK_WINDOW (f.window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}


int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-results-rows-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/ui/results-rows/edits", test_rows_after_edits);
  g_test_add_func ("/ui/results-rows/hidden", test_rows_while_hidden);
  g_test_add_func ("/ui/results-rows/breakdown", test_breakdown_after_edits);
  g_test_add_func ("/ui/results-rows/sorted-by-score", test_rows_sorted_by_score);
  g_test_add_func ("/ui/results-rows/off-screen", test_rows_off_screen);
  g_test_add_func ("/ui/results-rows/sorted-rows-model", test_sorted_rows_model);
  g_test_add_func ("/ui/results-rows/first-rows", test_first_rows);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
