/* test-results-tab.c — what the tabs of Results and the Charts page share (kh-results-tab.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain widget stands for a tab: what it is told to apply, and when, is recorded. A
 * hidden tab keeps the KhChange bits of every change (and hears of each through its
 * hidden hook) and applies them all at once when shown; a showing tab applies each at
 * once; the document and group are let go on clear.
 */
#include "config.h"

#include <adwaita.h>

#include "kh-test-utils.h"
#include "ui/kh-results-tab.h"

typedef struct
{
  KhResultsTab tab;
  GArray *applied; /* of guint: the bits of each apply, in order */
  guint hidden;    /* the bits the hidden hook heard of, or-ed */
} Fixture;

static Fixture *current;

static void
apply_cb (GtkWidget *widget,
          guint      what)
{
  g_assert_true (widget == current->tab.widget);
  g_array_append_val (current->applied, what);
}

static void
hidden_cb (GtkWidget *widget,
           guint      what)
{
  g_assert_true (widget == current->tab.widget);
  current->hidden |= what;
}

static void
map_cb (GtkWidget *widget)
{
  kh_results_tab_flush (&current->tab);
}

static guint
applied (guint i)
{
  g_assert_cmpuint (current->applied->len, >, i);
  return g_array_index (current->applied, guint, i);
}

static void
test_follows (void)
{
  Fixture f = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = gtk_label_new ("tab");
  KhDocument *document = g_object_new (KH_TYPE_DOCUMENT, NULL);
  g_autoptr (KhFramework) fw = kh_framework_new ();
  GWeakRef weak;

  current = &f;
  f.applied = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_window_set_child (GTK_WINDOW (window), widget);
  kh_results_tab_init (&f.tab, widget, apply_cb, hidden_cb);
  g_signal_connect_after (widget, "map", G_CALLBACK (map_cb), NULL);

  /* Hidden: nothing applied, the bits kept; the document's own changes too. */
  kh_results_tab_changed (&f.tab, KH_CHANGE_VALUES);
  g_assert_cmpuint (f.tab.pending, ==, KH_CHANGE_VALUES);
  kh_results_tab_set_document (&f.tab, document);
  /* another document: what was pending is dropped, everything is applied as a new year */
  g_assert_cmpuint (f.tab.pending, ==, KH_CHANGE_YEAR);
  g_signal_emit_by_name (document, "changed", (guint) KH_CHANGE_RESULTS);
  g_assert_cmpuint (f.tab.pending, ==, KH_CHANGE_YEAR | KH_CHANGE_RESULTS);
  g_assert_cmpuint (f.hidden, ==, KH_CHANGE_VALUES | KH_CHANGE_YEAR | KH_CHANGE_RESULTS);
  g_assert_cmpuint (f.applied->len, ==, 0);

  /* Shown: one apply of all that was kept. */
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_for_widget (widget);
  g_assert_cmpuint (f.applied->len, ==, 1);
  g_assert_cmpuint (applied (0), ==, KH_CHANGE_YEAR | KH_CHANGE_RESULTS);
  g_assert_cmpuint (f.tab.pending, ==, 0);
  kh_results_tab_flush (&f.tab); /* nothing pending: nothing applied */
  g_assert_cmpuint (f.applied->len, ==, 1);

  /* Showing: each change at once, the hook not told. */
  f.hidden = 0;
  g_signal_emit_by_name (document, "changed", (guint) KH_CHANGE_FRAMEWORK);
  g_assert_cmpuint (f.applied->len, ==, 2);
  g_assert_cmpuint (applied (1), ==, KH_CHANGE_FRAMEWORK);
  g_assert_cmpuint (f.hidden, ==, 0);

  /* The group: another one is applied as asked, the same one is not. */
  g_assert_true (kh_results_tab_set_group (&f.tab, "towns", KH_CHANGE_RESULTS));
  g_assert_cmpuint (f.applied->len, ==, 3);
  g_assert_cmpuint (applied (2), ==, KH_CHANGE_RESULTS);
  g_assert_false (kh_results_tab_set_group (&f.tab, "towns", KH_CHANGE_RESULTS));
  g_assert_cmpuint (f.applied->len, ==, 3);

  /* The group chosen, else the framework's first, else none. */
  g_assert_cmpstr (kh_results_tab_get_group_in (&f.tab, NULL), ==, "towns");
  g_assert_cmpstr (kh_results_tab_get_group_in (&f.tab, fw), ==, "towns");
  g_assert_true (kh_results_tab_set_group (&f.tab, NULL, KH_CHANGE_RESULTS));
  g_assert_null (kh_results_tab_get_group_in (&f.tab, fw)); /* no group in the framework */
  g_ptr_array_add (fw->groups, kh_group_new ("cities"));
  g_ptr_array_add (fw->groups, kh_group_new ("counties"));
  g_assert_cmpstr (kh_results_tab_get_group_in (&f.tab, fw), ==, "cities");
  g_assert_null (kh_results_tab_get_group_in (&f.tab, NULL));

  /* Hidden again: kept until shown. */
  gtk_widget_set_visible (window, FALSE);
  g_signal_emit_by_name (document, "changed", (guint) KH_CHANGE_SETTINGS);
  g_assert_cmpuint (f.applied->len, ==, 4);
  g_assert_cmpuint (f.hidden, ==, KH_CHANGE_SETTINGS);
  gtk_widget_set_visible (window, TRUE);
  kh_test_wait_for_widget (widget);
  g_assert_cmpuint (f.applied->len, ==, 5);
  g_assert_cmpuint (applied (4), ==, KH_CHANGE_SETTINGS);

  /* Clear: the document is let go and heard no more. */
  g_weak_ref_init (&weak, document);
  g_assert_true (kh_results_tab_set_group (&f.tab, "towns", KH_CHANGE_RESULTS));
  kh_results_tab_clear (&f.tab);
  g_assert_null (f.tab.document);
  g_assert_null (f.tab.group_id);
  g_signal_emit_by_name (document, "changed", (guint) KH_CHANGE_VALUES);
  g_assert_cmpuint (f.applied->len, ==, 6);
  g_object_unref (document);
  g_assert_null (g_weak_ref_get (&weak)); /* the tab held the only other reference */
  g_weak_ref_clear (&weak);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (f.applied);
  current = NULL;
}

static void
test_empty (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  AdwStatusPage *page = ADW_STATUS_PAGE (adw_status_page_new ());

  gtk_stack_add_named (stack, gtk_label_new ("table"), "table");
  gtk_stack_add_named (stack, GTK_WIDGET (page), "empty");
  gtk_stack_set_visible_child_name (stack, "table");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (stack));
  adw_status_page_set_title (page, "Before");

  /* The reason is text, shown as written: the status page's markup is escaped. */
  kh_results_tab_show_empty (stack, page, NULL, "No peer group <a&b> in 2020");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Before");
  g_assert_cmpstr (adw_status_page_get_description (page), ==, "No peer group &lt;a&amp;b&gt; in 2020");
  kh_results_tab_show_empty (stack, page, "No Analysis", NULL);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Analysis");
  g_assert_cmpstr (adw_status_page_get_description (page), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/results-tab/follows", test_follows);
  g_test_add_func ("/ui/results-tab/empty", test_empty);
  return g_test_run ();
}
