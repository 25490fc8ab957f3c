/* test-data-flags.c — the Data page's values flagged for confirmation: an edit far from
 * last year marks its cell and lists it in the Flagged popover; its Confirm button
 * records who and when in the audit log (the cell then marked as confirmed); Ctrl+Z takes
 * the confirmation back and Ctrl+Shift+Z confirms again; a reopened project keeps it; a
 * read-only document's buttons are insensitive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "io/kh-project-plausibility.h"
#include "kh-test-files.h"
#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-data-view.h"
#include "ui/kh-ui.h"

static const KhValueFlag *
find_flag (KhDataView *view,
           const char *unit,
           const char *field)
{
  GPtrArray *flags = kh_data_view_get_flags (view);

  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];

      if (g_str_equal (flag->unit_id, unit) && g_str_equal (flag->field, field))
        return flag;
    }
  return NULL;
}

/* The grid's cell of @unit's @field, when bound. */
static GtkWidget *
find_cell (GtkWidget  *widget,
           const char *unit,
           const char *field)
{
  if (GTK_IS_EDITABLE_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "kh-field"), field) == 0
      && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), "—") != 0)
    {
      if (g_strcmp0 (kh_ui_edit_cell_get_target (widget), unit) == 0)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_cell (c, unit, field);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The popover's button of @unit's @field named @name, or NULL. */
static GtkWidget *
find_flag_button (GtkWidget  *widget,
                  const char *name,
                  const char *unit,
                  const char *field)
{
  if (GTK_IS_BUTTON (widget) && g_str_equal (gtk_widget_get_name (widget), name)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "kh-unit"), unit) == 0
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "kh-field"), field) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_flag_button (c, name, unit, field);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkMenuButton *
flags_button (KhDataView *view)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, view);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *w = g_queue_pop_head (&queue);

      if (GTK_IS_MENU_BUTTON (w)
          && g_str_has_prefix (gtk_menu_button_get_label (GTK_MENU_BUTTON (w)) != NULL
                                 ? gtk_menu_button_get_label (GTK_MENU_BUTTON (w))
                                 : "",
                               "_Flagged"))
        {
          g_queue_clear (&queue);
          return GTK_MENU_BUTTON (w);
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return NULL;
}

static gint64
audit_count (KhDocument *doc,
             const char *action,
             const char *detail)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s' "
                                          "AND detail = '%s'",
                                          action, detail);

  return kh_test_raw_count (kh_project_get_db (kh_document_get_project (doc)), sql);
}

static void
test_confirm (void)
{
  g_autofree char *path = kh_test_sample_copy ("data-flags.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  KhDataset *dataset;
  g_autofree char *unit = NULL;
  g_autofree char *field = NULL;
  const KhValueFlag *flag;
  GtkMenuButton *button;
  GtkWidget *cell, *confirm, *popover;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *png = NULL;
  g_autofree char *number = NULL;
  guint before_open;
  double old;

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  dataset = kh_document_get_dataset (doc);
  unit = g_strdup (kh_dataset_get_unit_id (dataset, 0));
  /* The first column's field (shown at the left). */
  field = g_strdup (kh_data_view_get_fields (view)->pdata[0]);
  old = kh_dataset_get (dataset, 0, kh_dataset_find_field (dataset, field));
  g_assert_false (isnan (old));
  /* The sample's first city's value is not flagged. */
  g_assert_null (find_flag (view, unit, field));
  button = flags_button (view);
  g_assert_nonnull (button);
  before_open = 0;
  for (guint i = 0; i < kh_data_view_get_flags (view)->len; i++)
    before_open += ((KhValueFlag *) kh_data_view_get_flags (view)->pdata[i])->confirmed_by == NULL;

  /* Its value 1,000 × (|v| + 1) higher: a change of at least +1,000 (absolute) or
   * +100,000 % (relative) against the cities' changes of a few units or per cent — far
   * beyond 5 × MAD. Stored all the same. */
  number = g_strdup_printf ("%.17g", old + 1000 * (fabs (old) + 1));
  g_assert_true (kh_data_view_edit_cell (view, unit, field, number, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  g_assert_cmpfloat (kh_dataset_get (kh_document_get_dataset (doc), 0,
                                     kh_dataset_find_field (kh_document_get_dataset (doc), field)),
                     ==, old + 1000 * (fabs (old) + 1));
  flag = find_flag (view, unit, field);
  g_assert_nonnull (flag);
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_CHANGE);
  g_assert_null (flag->confirmed_by);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  text = g_strdup_printf ("_Flagged (%u)", before_open + 1);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, text);
  cell = find_cell (GTK_WIDGET (view), unit, field);
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "kh-flagged"));
  kh_test_wait_for_widget (GTK_WIDGET (window));
  png = kh_test_save_png (GTK_WIDGET (window), "data-flags-flagged.png");

  /* The popover lists it with its Confirm button; a click confirms it. */
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  kh_test_wait_for_widget (popover);
  confirm = find_flag_button (popover, "kh-flag-confirm", unit, field);
  g_assert_nonnull (confirm);
  kh_test_wait_for_widget (gtk_popover_get_child (GTK_POPOVER (popover)));
  g_free (png);
  png = kh_test_save_png (gtk_popover_get_child (GTK_POPOVER (popover)), "data-flags-popover.png");
  g_signal_emit_by_name (confirm, "clicked");
  kh_test_spin (100);
  flag = find_flag (view, unit, field);
  g_assert_nonnull (flag);
  g_assert_cmpstr (flag->confirmed_by, ==, "checker");
  g_assert_nonnull (flag->confirmed_at);
  g_free (text);
  text = g_strdup_printf ("_Flagged (%u)", before_open);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, text);
  detail = g_strdup_printf ("unit=%s\nfield=%s\nvalue=%s", unit, field, number);
  g_assert_cmpint (audit_count (doc, "confirm", detail), ==, 1);
  cell = find_cell (GTK_WIDGET (view), unit, field);
  g_assert_true (gtk_widget_has_css_class (cell, "kh-confirmed"));
  g_assert_false (gtk_widget_has_css_class (cell, "kh-flagged"));
  g_assert_cmpstr (kh_document_get_undo_label (doc), ==, "Confirm Value");
  gtk_popover_popdown (GTK_POPOVER (popover));
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_free (png);
  png = kh_test_save_png (GTK_WIDGET (view), "data-flags-confirmed.png");

  /* Ctrl+Z takes the confirmation back (audited), Ctrl+Shift+Z confirms again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  kh_test_spin (100);
  g_assert_null (find_flag (view, unit, field)->confirmed_by);
  g_assert_cmpint (audit_count (doc, "unconfirm", detail), ==, 1);
  g_assert_true (gtk_widget_has_css_class (find_cell (GTK_WIDGET (view), unit, field),
                                           "kh-flagged"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  kh_test_spin (100);
  g_assert_nonnull (find_flag (view, unit, field)->confirmed_by);
  g_assert_cmpint (audit_count (doc, "confirm", detail), ==, 2);

  /* Confirming it twice is refused with the reason. */
  g_assert_false (kh_data_view_confirm_value (view, unit, field, TRUE, &error));
  g_assert_nonnull (strstr (error->message, "is already confirmed"));
  g_clear_error (&error);
  kh_test_sample_close (window);

  /* Reopened, the confirmation holds. */
  window = kh_test_sample_open_path (path);
  view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  flag = find_flag (view, unit, field);
  g_assert_nonnull (flag);
  g_assert_nonnull (flag->confirmed_by);
  kh_test_sample_close (window);
}

/* A weight edit leaves the flags as they were read: they come from the stored values and
 * framework, which it does not change, and reading them again is the whole year's
 * plausibility (seconds at 3,000 units, issue 22). A value stored behind the window's back
 * shows with the next value edit of its field, which reads that field's flags again. */
static void
test_framework_edit_keeps_flags (void)
{
  g_autofree char *path = kh_test_sample_copy ("data-flags-weight.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (KhProject) other = NULL;
  g_autoptr (GError) error = NULL;
  KhDataset *dataset;
  g_autofree char *unit = NULL;
  g_autofree char *field = NULL;
  g_autofree char *second = NULL;
  guint n_flags;
  double old, old_second;

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  dataset = kh_document_get_dataset (doc);
  unit = g_strdup (kh_dataset_get_unit_id (dataset, 0));
  second = g_strdup (kh_dataset_get_unit_id (dataset, 1));
  field = g_strdup (kh_data_view_get_fields (view)->pdata[0]);
  old = kh_dataset_get (dataset, 0, kh_dataset_find_field (dataset, field));
  old_second = kh_dataset_get (dataset, 1, kh_dataset_find_field (dataset, field));
  g_assert_false (isnan (old));
  g_assert_null (find_flag (view, unit, field));
  n_flags = kh_data_view_get_flags (view)->len;

  /* Another program stores an implausible value (as in test_confirm) ... */
  other = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (other, kh_document_get_year (doc), unit, field,
                                       old + 1000 * (fabs (old) + 1), &error));
  g_assert_no_error (error);
  g_clear_pointer (&other, kh_project_close);

  /* ... a weight edit does not read the flags again ... */
  g_assert_true (kh_document_set_node_weight (doc, field, 3.0, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  g_assert_null (find_flag (view, unit, field));
  g_assert_cmpuint (kh_data_view_get_flags (view)->len, ==, n_flags);

  /* ... a value edit (another unit's, its own value again) does: the value is flagged. */
  g_assert_true (kh_document_set_value (doc, second, field, old_second, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  g_assert_nonnull (find_flag (view, unit, field));
  g_assert_cmpuint (kh_data_view_get_flags (view)->len, ==, n_flags + 1);
  kh_test_sample_close (window);
}

static int
compare_flags (gconstpointer a,
               gconstpointer b)
{
  const KhValueFlag *x = *(KhValueFlag *const *) a, *y = *(KhValueFlag *const *) b;
  int c = g_strcmp0 (x->category, y->category);

  if (c == 0)
    c = g_strcmp0 (x->field, y->field);
  return c != 0 ? c : g_strcmp0 (x->unit_id, y->unit_id);
}

static gboolean
same_number (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* The Data page's flags are what reading the whole year's flags again gives, flag by flag. */
static void
assert_flags_as_read (KhDataView *view,
                      KhDocument *doc)
{
  GPtrArray *shown = kh_data_view_get_flags (view);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) read = kh_project_get_category_value_flags (kh_document_get_project (doc),
                                                                    kh_document_get_year (doc),
                                                                    kh_document_get_category (doc),
                                                                    &error);

  g_assert_no_error (error);
  g_ptr_array_sort (read, compare_flags);
  g_assert_cmpuint (shown->len, ==, read->len);
  for (guint i = 0; i < read->len; i++)
    {
      const KhValueFlag *a = shown->pdata[i], *b = read->pdata[i];

      g_assert_cmpstr (a->category, ==, b->category);
      g_assert_cmpstr (a->unit_id, ==, b->unit_id);
      g_assert_cmpstr (a->unit_name, ==, b->unit_name);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpint (a->reason, ==, b->reason);
      g_assert_true (same_number (a->value, b->value));
      g_assert_true (same_number (a->previous, b->previous));
      g_assert_true (same_number (a->change, b->change));
      g_assert_cmpint (a->relative, ==, b->relative);
      g_assert_true (same_number (a->median, b->median));
      g_assert_true (same_number (a->mad, b->mad));
      g_assert_true (same_number (a->floor, b->floor));
      g_assert_true (same_number (a->bound, b->bound));
      g_assert_cmpstr (a->confirmed_by, ==, b->confirmed_by);
      g_assert_cmpstr (a->confirmed_at, ==, b->confirmed_at);
    }
}

/* A value edit reads again the flags of its field alone (issue 22: the whole year's are
 * seconds at 3,000 units): its peer groups' flags in that field follow the edit, undo and
 * redo exactly as reading the whole year would give; another field's value stored behind
 * the window's back is not read until that field's next edit. */
static void
test_value_edit_reads_its_field (void)
{
  g_autofree char *path = kh_test_sample_copy ("data-flags-field.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (KhProject) other = NULL;
  g_autoptr (GError) error = NULL;
  KhDataset *dataset;
  g_autofree char *unit = NULL;
  g_autofree char *second = NULL;
  g_autofree char *field = NULL;
  g_autofree char *other_field = NULL;
  double old, old_other;
  guint n_flags;

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  dataset = kh_document_get_dataset (doc);
  unit = g_strdup (kh_dataset_get_unit_id (dataset, 0));
  second = g_strdup (kh_dataset_get_unit_id (dataset, 1));
  field = g_strdup (kh_data_view_get_fields (view)->pdata[0]);
  other_field = g_strdup (kh_data_view_get_fields (view)->pdata[1]);
  old = kh_dataset_get (dataset, 0, kh_dataset_find_field (dataset, field));
  old_other = kh_dataset_get (dataset, 1, kh_dataset_find_field (dataset, other_field));
  g_assert_false (isnan (old));
  g_assert_false (isnan (old_other));
  g_assert_null (find_flag (view, unit, field));
  g_assert_null (find_flag (view, second, other_field));
  assert_flags_as_read (view, doc);
  n_flags = kh_data_view_get_flags (view)->len;

  /* An implausible value of the first field (as in test_confirm): flagged, and the field's
   * other flags as the whole year's reading gives them (the group's changes moved). */
  g_assert_true (kh_document_set_value (doc, unit, field, old + 1000 * (fabs (old) + 1), &error));
  g_assert_no_error (error);
  kh_test_spin (50);
  g_assert_nonnull (find_flag (view, unit, field));
  assert_flags_as_read (view, doc);
  g_assert_cmpuint (kh_data_view_get_flags (view)->len, >=, n_flags + 1);

  /* Undo, redo, undo: each time as read from the whole year. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_spin (50);
  g_assert_null (find_flag (view, unit, field));
  assert_flags_as_read (view, doc);
  g_assert_cmpuint (kh_data_view_get_flags (view)->len, ==, n_flags);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  kh_test_spin (50);
  g_assert_nonnull (find_flag (view, unit, field));
  assert_flags_as_read (view, doc);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  kh_test_spin (50);
  assert_flags_as_read (view, doc);

  /* Another program stores an implausible value of the second field ... */
  other = kh_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (other, kh_document_get_year (doc), second, other_field,
                                       old_other + 1000 * (fabs (old_other) + 1), &error));
  g_assert_no_error (error);
  g_clear_pointer (&other, kh_project_close);

  /* ... an edit of the first field does not read the second field's flags ... */
  g_assert_true (kh_document_set_value (doc, unit, field, old, &error));
  g_assert_no_error (error);
  kh_test_spin (50);
  g_assert_null (find_flag (view, second, other_field));
  g_assert_cmpuint (kh_data_view_get_flags (view)->len, ==, n_flags);

  /* ... an edit of the second field (another unit's, its own value again) does. */
  g_assert_true (kh_document_set_value (doc, unit, other_field,
                                        kh_dataset_get (dataset, 0,
                                                        kh_dataset_find_field (dataset, other_field)),
                                        &error));
  g_assert_no_error (error);
  kh_test_spin (50);
  g_assert_nonnull (find_flag (view, second, other_field));
  assert_flags_as_read (view, doc);
  /* ... and the popover lists it, with its Confirm button */
  {
    GtkMenuButton *button = flags_button (view);
    GtkWidget *popover;
    g_autofree char *png = NULL;

    g_assert_nonnull (button);
    gtk_menu_button_popup (button);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
    kh_test_wait_for_widget (gtk_popover_get_child (GTK_POPOVER (popover)));
    g_assert_nonnull (find_flag_button (popover, "kh-flag-confirm", second, other_field));
    png = kh_test_save_png (gtk_popover_get_child (GTK_POPOVER (popover)),
                            "data-flags-field-popover.png");
    gtk_menu_button_popdown (button);
  }
  kh_test_sample_close (window);
}

/* The popover's Confirm and Take Back buttons under @widget: how many, and how many of
 * them sensitive. */
static void
count_flag_buttons (GtkWidget *widget,
                    guint     *n,
                    guint     *sensitive)
{
  if (GTK_IS_BUTTON (widget) && g_str_has_prefix (gtk_widget_get_name (widget), "kh-flag-"))
    {
      (*n)++;
      *sensitive += gtk_widget_is_sensitive (widget);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    count_flag_buttons (c, n, sensitive);
}

/* A read-only document (here a sealed year, as for a viewer's login on a server, issue
 * 19): the flagged values' Confirm and Take Back buttons are insensitive, not offered
 * only to be refused; the year open again unsealed, they are active. */
static void
test_read_only (void)
{
  g_autofree char *path = kh_test_sample_copy ("data-flags-read-only.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (GError) error = NULL;
  const int years[] = { 2019, 2020 };

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      GtkMenuButton *button;
      GtkWidget *popover;
      guint n = 0, sensitive = 0;

      g_assert_true (kh_document_set_year (doc, years[y], &error));
      g_assert_no_error (error);
      kh_test_spin (100);
      g_assert_cmpint (kh_document_is_read_only (doc), ==, years[y] == 2019);
      g_assert_cmpuint (kh_data_view_get_flags (view)->len, >, 0);
      button = flags_button (view);
      g_assert_nonnull (button);
      gtk_menu_button_popup (button);
      popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
      kh_test_wait_for_widget (popover);
      count_flag_buttons (popover, &n, &sensitive);
      g_test_message ("%d: %u buttons, %u sensitive", years[y], n, sensitive);
      g_assert_cmpuint (n, ==, kh_data_view_get_flags (view)->len);
      g_assert_cmpuint (sensitive, ==, years[y] == 2019 ? 0 : n);
      gtk_popover_popdown (GTK_POPOVER (popover));
      kh_test_spin (50);
    }
  kh_test_sample_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("KAOHE_USER", "checker", TRUE);
  if (!kh_test_sample_init (&argc, &argv))
    {
      g_test_skip ("the sample project is not built");
      return 77;
    }
  g_test_add_func ("/ui/data-flags/confirm", test_confirm);
  g_test_add_func ("/ui/data-flags/read-only", test_read_only);
  g_test_add_func ("/ui/data-flags/framework-edit-keeps-flags", test_framework_edit_keeps_flags);
  g_test_add_func ("/ui/data-flags/value-edit-reads-its-field", test_value_edit_reads_its_field);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
