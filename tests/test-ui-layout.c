/* test-ui-layout.c — the first-run layout at 1280×800: the inspector wide enough for its
 * labels, the view switcher in one place whatever the peer group's name, labelled header
 * dropdowns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a copy of the bundled Jiangsu sample, warnings fatal; pictures in build/screenshots/.
 */
#include "config.h"

#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-framework-editor.h"

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_id (c, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkDropDown *
find_dropdown (GtkWidget  *root,
               const char *tooltip)
{
  if (GTK_IS_DROP_DOWN (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return GTK_DROP_DOWN (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkDropDown *found = find_dropdown (c, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every label of @root is shown whole: none is cut at its right edge by the inspector
 * (an ellipsized or wrapped label is laid out within its width, so it is its allocation
 * against its natural width on one line that tells). */
static void
assert_labels_fit (GtkWidget *root,
                   GtkWidget *frame)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (!gtk_widget_get_mapped (c))
        continue;
      if (GTK_IS_LABEL (c) && gtk_label_get_text (GTK_LABEL (c))[0] != '\0')
        {
          graphene_rect_t bounds, outer;

          g_assert_true (gtk_widget_compute_bounds (c, frame, &bounds));
          g_assert_true (gtk_widget_compute_bounds (frame, frame, &outer));
          /* Inside the inspector, with a pixel of rounding. */
          if (bounds.origin.x + bounds.size.width > outer.size.width + 1)
            g_error ("label “%s” ends at %.0f px, the inspector is %.0f px wide",
                     gtk_label_get_text (GTK_LABEL (c)), bounds.origin.x + bounds.size.width,
                     outer.size.width);
        }
      assert_labels_fit (c, frame);
    }
}

/* At 1280×800 (the sample's window size in kh_test_sample_open) the Framework page's
 * inspector keeps its 380 px and every label in it is inside it. */
static void
test_inspector_width (void)
{
  KhWindow *window = kh_test_sample_open ("layout-inspector.kaohe");
  KhFrameworkEditor *editor = KH_FRAMEWORK_EDITOR (kh_window_get_page (window, "framework"));
  GtkWidget *inspector;
  GtkWidget *frame;

  kh_window_show_page (window, "framework");
  g_assert_true (kh_framework_editor_select (editor, "gdp_growth"));
  kh_test_wait_for_widget (GTK_WIDGET (editor));
  kh_test_spin (100);
  {
    int width, height;

    /* 1280×800 asked (the window's own width is 10 px less: its shadow's margins). */
    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1280);
    g_assert_cmpint (height, ==, 800);
  }
  inspector = find_by_id (GTK_WIDGET (editor), "inspector");
  g_assert_nonnull (inspector);
  frame = gtk_widget_get_ancestor (inspector, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (frame);
  /* width-request 380 in kh-framework-editor.ui; the paned may give it more, never less. */
  g_assert_cmpint (gtk_widget_get_width (frame), >=, 380);
  assert_labels_fit (inspector, frame);
  g_free (kh_test_save_png (GTK_WIDGET (window), "layout-inspector-1280x800.png"));
  kh_test_sample_close (window);
}

/* The view switcher stays where it is whether the peer group's name is one letter or
 * forty characters: the dropdowns show their choice in a fixed width (ellipsized). The
 * header dropdowns say what they choose (tooltips Year, Category, Peer Group). */
static void
test_switcher_stable (void)
{
  KhWindow *window = kh_test_sample_open ("layout-switcher.kaohe");
  GtkDropDown *group = find_dropdown (GTK_WIDGET (window), "Peer Group");
  GtkStringList *names;
  GtkWidget *switcher;
  graphene_rect_t first;
  gboolean in_bar;
  const char *const texts[] = {
    "A",
    "本科院校第一组（综合类、理工类、师范类、医药类、财经类、政法类）",
    "A peer group with a very long name indeed, longer than the header",
  };

  g_assert_nonnull (find_dropdown (GTK_WIDGET (window), "Year"));
  g_assert_nonnull (group);
  kh_window_show_page (window, "results");
  kh_test_wait_for_widget (GTK_WIDGET (window));
  switcher = find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE);
  g_assert_nonnull (switcher);
  g_assert_true (gtk_widget_compute_bounds (switcher, GTK_WIDGET (window), &first));
  /* Where the switcher is: in the header, or (too narrow there) in the bar below. */
  in_bar = adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (switcher));
  names = GTK_STRING_LIST (gtk_drop_down_get_model (group));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      graphene_rect_t now;
      g_autofree char *name = g_strdup_printf ("layout-switcher-%u.png", i);

      /* The name shown for "All Groups" (the choice selected) becomes texts[i]. */
      gtk_string_list_splice (names, 0, 1, (const char *const[]) { texts[i], NULL });
      gtk_drop_down_set_selected (group, 0);
      kh_test_wait_for_widget (GTK_WIDGET (window));
      kh_test_spin (50);
      g_assert_true (gtk_widget_compute_bounds (switcher, GTK_WIDGET (window), &now));
      g_assert_cmpfloat_with_epsilon (now.origin.x, first.origin.x, 0.5);
      g_assert_cmpfloat_with_epsilon (now.size.width, first.size.width, 0.5);
      g_assert_cmpint (adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (switcher)),
                       ==, in_bar);
      g_free (kh_test_save_png (GTK_WIDGET (window), name));
    }
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
  g_test_add_func ("/ui/layout/inspector-width", test_inspector_width);
  g_test_add_func ("/ui/layout/switcher-stable", test_switcher_stable);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
