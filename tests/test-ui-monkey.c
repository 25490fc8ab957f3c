/* test-ui-monkey.c — a seeded random walk through the window on the sample, checked after
 * every step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step is one thing a user does: switch page, year, category or group; select,
 * add, delete, move, indent or outdent nodes; set properties; edit a cell of the tree or
 * of the data grid in place with valid and invalid text (empty, abc, 1e309, -0, a 10 kB
 * string, CJK, &<>), leaving the cell by Return, Escape, a click elsewhere or an undo
 * while it is being edited; confirm a flagged value of the grid or take the confirmation
 * back; bursts of undo and redo; save; search the grid; select units
 * in Results and Charts; change the chart; resize the window down to 360 px wide; import
 * good and bad files through the preview; edit a city's list of recommendations ("321":
 * add, move, remove, then apply, use the rule or cancel); answer the dialogs that come up.
 * At every check of the project file: History…, Registry…, Weights…, the Health tab's
 * Check Pilot Data… and the Robustness tab's Edit Spec….
 *
 * After every step: no warning or critical (all fatal), the undo and redo depths moved as
 * the step allows, the framework tree shows the working framework node for node, the
 * cells of the data grid show the dataset's values, the dataset holds what the project
 * stores, and Results ranks as the plan does. Every 100 steps (and at the end) the
 * framework is saved when it can be, and the project file, opened on its own
 * connection, must hold the framework and the values the window shows.
 *
 *   test-ui-monkey [--steps N] [--seed S]      (defaults: 1000 steps, seed 20201213)
 *
 * A failure prints the seed and the last 20 steps, so the walk can be replayed
 * (KH_MONKEY_VERBOSE=1 prints every step as it goes).
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "io/kh-framework-xml.h"
#include "io/kh-project-plausibility.h"
#include "io/kh-project.h"
#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-charts-view.h"
#include "ui/kh-data-grid.h"
#include "ui/kh-data-view.h"
#include "ui/kh-framework-editor.h"
#include "ui/kh-framework-history.h"
#include "ui/kh-health-view.h"
#include "ui/kh-import-dialog.h"
#include "ui/kh-recommend-editor.h"
#include "ui/kh-recommend-view.h"
#include "ui/kh-node-item.h"
#include "ui/kh-registry-window.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-robustness-view.h"
#include "ui/kh-spec-editor.h"
#include "ui/kh-ui.h"
#include "ui/kh-weights-dialog.h"

#define HISTORY 20

static guint n_steps = 1000;
static guint32 seed = 20201213;
static GRand *rng;
static char *history[HISTORY];
static guint n_notes;
static guint step_no;
static KhWindow *window;
static char *project_path;

/* History -------------------------------------------------------------------------------- */

static void
print_history (void)
{
  char line[256];
  int len;

  len = g_snprintf (line, sizeof line, "\nmonkey: failed at step %u; replay with --seed %u "
                                       "--steps %u\nmonkey: the last steps:\n",
                    step_no, seed, step_no + 1);
  if (write (STDERR_FILENO, line, MIN (len, (int) sizeof line - 1)) < 0)
    return;
  for (guint i = 0; i < HISTORY; i++)
    {
      const char *entry = history[(n_notes + i) % HISTORY];

      if (entry == NULL)
        continue;
      if (write (STDERR_FILENO, "  ", 2) < 0 || write (STDERR_FILENO, entry, strlen (entry)) < 0
          || write (STDERR_FILENO, "\n", 1) < 0)
        return;
    }
}

static void
fatal_signal_cb (int signum)
{
  print_history ();
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  va_list args;
  g_autofree char *text = NULL;
  guint slot = n_notes++ % HISTORY;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_free (history[slot]);
  /* Long texts (the 10 kB name) are cut in the history. */
  history[slot] = g_strdup_printf ("%5u %.200s", step_no, text);
  /* KH_MONKEY_VERBOSE=1: every step as it happens. */
  if (g_getenv ("KH_MONKEY_VERBOSE") != NULL)
    g_printerr ("%s\n", history[slot]);
}

/* Helpers --------------------------------------------------------------------------------- */

static KhDocument *
doc (void)
{
  return kh_window_get_document (window);
}

static GtkWidget *
page (const char *name)
{
  return kh_window_get_page (window, name);
}

static int
pick (int n)
{
  return g_rand_int_range (rng, 0, n);
}

static void
settle (void)
{
  for (guint i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
not_busy (gpointer data)
{
  return !kh_window_is_busy (window);
}

static const char *
nasty_text (void)
{
  static char *long_text;
  static const char *const texts[] = {
    "", "abc", "1e309", "-0", "0", "3.5", "-12.75", "1e-300", "  42  ", "9999999", "1,234.5",
    "考核指标 第一", "R&D <b>bold</b> & \"quoted\" 'x'", "nan", "inf", "—", "0x10", "5e3",
  };

  if (long_text == NULL)
    {
      GString *text = g_string_new (NULL);

      while (text->len < 10 * 1024)
        g_string_append (text, "长文本 long text 0123456789 ");
      long_text = g_string_free (text, FALSE);
    }
  if (pick (20) == 0)
    return long_text;
  return texts[pick (G_N_ELEMENTS (texts))];
}

/* Editable labels under @root that are mapped (of GtkWidget*). */
static GPtrArray *
editable_cells (GtkWidget *root)
{
  GPtrArray *cells = g_ptr_array_new ();
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *w = g_queue_pop_head (&queue);

      if (GTK_IS_EDITABLE_LABEL (w) && gtk_widget_get_mapped (w))
        g_ptr_array_add (cells, w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return cells;
}

static GtkDropDown *
find_dropdown (const char *tooltip)
{
  GQueue queue = G_QUEUE_INIT;
  GtkDropDown *found = NULL;

  g_queue_push_tail (&queue, window);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *w = g_queue_pop_head (&queue);

      if (found == NULL && GTK_IS_DROP_DOWN (w)
          && g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
        found = GTK_DROP_DOWN (w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return found;
}

/* Answers the message dialog the window shows, if any, at random (never a print). */
static void
answer_dialogs (void)
{
  static const char *const answers[] = { "save", "discard", "cancel", "restore", "review" };

  for (guint round = 0; round < 3; round++)
    {
      AdwMessageDialog *dialog = kh_window_get_dialog (window);
      const char *answer;

      if (dialog == NULL)
        return;
      do
        answer = answers[pick (G_N_ELEMENTS (answers))];
      while (!adw_message_dialog_has_response (dialog, answer));
      note ("  dialog “%s”: %s", adw_message_dialog_get_heading (dialog), answer);
      adw_message_dialog_response (dialog, answer);
      settle ();
      kh_test_wait_until (not_busy, NULL, 30000);
      settle ();
    }
}

/* Actions ---------------------------------------------------------------------------------- */

static void
act_page (void)
{
  static const char *const pages[] = { "framework", "data", "results", "charts", "reports" };
  const char *name = pages[pick (G_N_ELEMENTS (pages))];

  note ("show page %s", name);
  kh_window_show_page (window, name);
}

static const char *
random_node_id (void)
{
  KhFramework *fw = kh_document_get_framework (doc ());
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();

  if (fw == NULL)
    return NULL;
  g_ptr_array_add (stack, fw->root);
  while (stack->len > 0)
    {
      KhNode *node = g_ptr_array_steal_index (stack, stack->len - 1);

      g_ptr_array_add (ids, node->id);
      for (guint i = 0; i < node->children->len; i++)
        g_ptr_array_add (stack, node->children->pdata[i]);
    }
  g_ptr_array_unref (stack);
  return ids->pdata[pick (ids->len)];
}

static void
act_select_node (void)
{
  const char *id = random_node_id ();

  note ("select node %s", id != NULL ? id : "(none)");
  if (id != NULL)
    kh_framework_editor_select (KH_FRAMEWORK_EDITOR (page ("framework")), id);
}

static void
act_structure (void)
{
  static const char *const ops[] = { "framework.add-child", "framework.add-sibling",
                                     "framework.delete", "framework.move-up",
                                     "framework.move-down", "framework.indent",
                                     "framework.outdent" };
  const char *op = ops[pick (G_N_ELEMENTS (ops))];

  act_select_node ();
  note ("%s on %s", op, kh_framework_editor_get_selected (KH_FRAMEWORK_EDITOR (page ("framework"))));
  gtk_widget_activate_action (page ("framework"), op, NULL);
}

static void
act_property (void)
{
  static const char *const keys[] = { "weight", "points", "name.en", "name.zh_CN", "direction",
                                      "method", "aggregation", "scoring.hi", "band-hi", "missing",
                                      "id" };
  static const char *const choices[] = { "higher", "lower", "band", "minmax", "zscore", "rank",
                                         "mean", "sum", "reweight", "zero" };
  const char *id = random_node_id ();
  const char *key = keys[pick (G_N_ELEMENTS (keys))];
  const char *value = pick (3) == 0 ? choices[pick (G_N_ELEMENTS (choices))] : nasty_text ();

  if (g_str_equal (key, "id"))
    value = pick (2) == 0 ? "renamed_node" : nasty_text ();
  note ("set %s of %s to “%s”", key, id != NULL ? id : "(none)", value);
  if (id != NULL)
    gtk_widget_activate_action (page ("framework"), "framework.set-property", "(sss)", id, key,
                                value);
}

/* Types @text into the cell being edited, as the keyboard does: the selection (all of
 * the old text, as editing starts) goes, then the text goes in at the cursor. */
static void
type_text (GtkWidget  *cell,
           const char *text)
{
  GtkEditable *text_widget = gtk_editable_get_delegate (GTK_EDITABLE (cell));

  gtk_editable_select_region (text_widget, 0, -1);
  gtk_editable_delete_selection (text_widget);
  if (*text != '\0')
    g_signal_emit_by_name (text_widget, "insert-at-cursor", text);
}

/* Edits a random cell of @root in place, then leaves it one of four ways. */
static void
act_cell_edit (const char *page_name,
               gboolean   *mixed)
{
  g_autoptr (GPtrArray) cells = NULL;
  GtkWidget *cell, *other;
  const char *text = nasty_text ();
  int how = pick (5);

  kh_window_show_page (window, page_name);
  settle ();
  cells = editable_cells (page (page_name));
  if (cells->len == 0)
    {
      note ("edit a %s cell: none shown", page_name);
      return;
    }
  cell = cells->pdata[pick (cells->len)];
  note ("edit %s cell “%.40s” → “%s”, then %s", page_name,
        gtk_editable_get_text (GTK_EDITABLE (cell)), text,
        (const char *[]) { "Return", "Escape", "click another cell", "undo while editing",
                           "wait" }[how]);
  gtk_widget_activate_action (cell, "editing.start", NULL);
  settle ();
  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    return; /* not editable (sealed, a "—" target) */
  type_text (cell, text);
  switch (how)
    {
    case 0:
      gtk_widget_activate_action (cell, "editing.stop", "b", TRUE);
      break;
    case 1:
      gtk_widget_activate_action (cell, "editing.stop", "b", FALSE);
      break;
    case 2:
      other = cells->pdata[pick (cells->len)];
      gtk_widget_activate_action (other, "editing.start", NULL);
      break;
    case 3:
      /* Ctrl+Z: the window's Undo takes the key first while there is something to undo;
       * otherwise (Undo off) the key reaches the cell's own shortcut. */
      if (kh_document_can_undo (kh_window_get_document (window)))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      else
        g_assert_true (kh_test_activate_shortcut (cell, GDK_KEY_z, GDK_CONTROL_MASK));
      *mixed = TRUE;
      break;
    default:
      break;
    }
}

/* A key pressed on the grid's selected cell, as GTK delivers it to the grid's key
 * controller (kh-data-grid-keys.c); FALSE when no value cell has the focus. */
static gboolean
grid_press (guint           keyval,
            GdkModifierType state)
{
  GtkWidget *cell = gtk_root_get_focus (GTK_ROOT (window));
  g_autoptr (GListModel) controllers = NULL;
  gboolean handled = FALSE;

  while (cell != NULL && !GTK_IS_EDITABLE_LABEL (cell))
    cell = gtk_widget_get_parent (cell);
  if (cell == NULL)
    return FALSE;
  controllers = gtk_widget_observe_controllers (cell);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), "kh-grid-keys") == 0)
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

/* The grid's keys: a random cell of the Data page selected, a character typed (which
 * starts editing in its place; "x" is refused on commit), sometimes more, then Enter,
 * Shift+Enter, Tab, Shift+Tab, Escape or an arrow; or, one time in three, Ctrl+C and
 * Ctrl+V. The choices come from a generator of
 * the step's own (the seed and the step number). */
static gboolean cell_editing (void);

static gboolean
no_paste_pending (gpointer data)
{
  return kh_data_view_get_pastes_pending (data) == 0;
}

static void
act_grid_keys (void)
{
  g_autoptr (GRand) own = g_rand_new_with_seed (seed ^ (step_no * 2654435761u));
  g_autoptr (GPtrArray) cells = NULL;
  static const guint typed[] = { GDK_KEY_7, GDK_KEY_minus, GDK_KEY_0, GDK_KEY_x, GDK_KEY_period };
  static const struct { guint keyval; GdkModifierType state; const char *name; } ends[] = {
    { GDK_KEY_Return, 0, "Enter" }, { GDK_KEY_Return, GDK_SHIFT_MASK, "Shift+Enter" },
    { GDK_KEY_Tab, 0, "Tab" }, { GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, "Shift+Tab" },
    { GDK_KEY_Escape, 0, "Escape" }, { GDK_KEY_Down, 0, "Down" },
  };
  GtkWidget *cell;
  guint key = typed[g_rand_int_range (own, 0, G_N_ELEMENTS (typed))];
  guint end = g_rand_int_range (own, 0, G_N_ELEMENTS (ends));
  gboolean more = g_rand_boolean (own);

  kh_window_show_page (window, "data");
  settle ();
  cells = editable_cells (page ("data"));
  if (cells->len == 0)
    {
      note ("grid keys: no cell shown");
      return;
    }
  cell = cells->pdata[g_rand_int_range (own, 0, cells->len)];
  if (kh_ui_edit_cell_get_target (cell) == NULL)
    return;
  note ("grid keys on %s · %s: “%s”%s, then %s", kh_ui_edit_cell_get_target (cell),
        (const char *) g_object_get_data (G_OBJECT (cell), "kh-field"),
        gdk_keyval_name (key), more ? " and “25”" : "", ends[end].name);
  if (!kh_data_view_select_cell (KH_DATA_VIEW (page ("data")), kh_ui_edit_cell_get_target (cell),
                                 g_object_get_data (G_OBJECT (cell), "kh-field")))
    return;
  settle ();
  if (g_rand_int_range (own, 0, 3) == 0)
    {
      /* Copy a range (Shift+arrows) and paste it, or a block as spreadsheets put it on the
       * clipboard (a text, a missing mark, a quoted thousands number, \r\n), at another
       * cell: one undo step at most, the refused cells in a toast. */
      static const char *const blocks[] = { NULL, "1\t2\r\n3\t4\r\n", "x\t—\n\"1,250\"\t\n",
                                            "-0.5\r\n\r\n", "9\t9\t9\t9\t9\t9\t9\t9\t9\n" };
      const char *block = blocks[g_rand_int_range (own, 0, G_N_ELEMENTS (blocks))];
      KhDataView *view = KH_DATA_VIEW (page ("data"));
      GtkWidget *to = cells->pdata[g_rand_int_range (own, 0, cells->len)];

      grid_press (GDK_KEY_Down, GDK_SHIFT_MASK);
      grid_press (GDK_KEY_Right, GDK_SHIFT_MASK);
      grid_press (GDK_KEY_c, GDK_CONTROL_MASK);
      if (block != NULL)
        gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), block);
      note ("  then paste %s at %s · %s", block != NULL ? "a block" : "the copy",
            kh_ui_edit_cell_get_target (to),
            (const char *) g_object_get_data (G_OBJECT (to), "kh-field"));
      if (kh_ui_edit_cell_get_target (to) == NULL
          || !kh_data_view_select_cell (view, kh_ui_edit_cell_get_target (to),
                                        g_object_get_data (G_OBJECT (to), "kh-field")))
        return;
      settle ();
      grid_press (GDK_KEY_v, GDK_CONTROL_MASK);
      kh_test_wait_until (no_paste_pending, view, 10000);
      g_assert_cmpuint (kh_data_view_get_pastes_pending (view), ==, 0);
      return;
    }
  grid_press (key, 0);
  if (more && cell_editing ())
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (GTK_IS_TEXT (focus))
        g_signal_emit_by_name (focus, "insert-at-cursor", "25");
    }
  grid_press (ends[end].keyval, ends[end].state);
}

static void
act_undo_redo (void)
{
  int n = 1 + pick (5);

  for (int i = 0; i < n; i++)
    {
      gboolean redo = pick (3) == 0;

      note ("%s (burst %d/%d)", redo ? "redo" : "undo", i + 1, n);
      gtk_widget_activate_action (GTK_WIDGET (window), redo ? "win.redo" : "win.undo", NULL);
    }
}

static void
act_dropdown (const char *tooltip)
{
  GtkDropDown *dropdown = find_dropdown (tooltip);
  guint n;

  if (dropdown == NULL || !gtk_widget_get_visible (GTK_WIDGET (dropdown)))
    {
      note ("choose a %s: not shown", tooltip);
      return;
    }
  n = g_list_model_get_n_items (gtk_drop_down_get_model (dropdown));
  if (n == 0)
    return;
  {
    guint choice = pick (n);

    note ("choose %s #%u", tooltip, choice);
    gtk_drop_down_set_selected (dropdown, choice);
  }
}

static void
act_resize (void)
{
  int width = 360 + pick (1300), height = 300 + pick (700);

  note ("resize to %d×%d", width, height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
}

static void
act_save (void)
{
  note ("save the framework");
  gtk_widget_activate_action (page ("framework"), "framework.save", NULL);
}

static void
act_search (void)
{
  static const char *const searches[] = { "", "zhou", "南", "x", "changzhou", "&<" };
  const char *text = searches[pick (G_N_ELEMENTS (searches))];

  note ("search the grid for “%s”", text);
  kh_data_view_set_search (KH_DATA_VIEW (page ("data")), text);
}

/* Confirms a flagged value of the Data page, or takes a confirmation back (one undo step,
 * audited); none when the year shown has no flag. */
static void
act_confirm_flag (void)
{
  KhDataView *view = KH_DATA_VIEW (page ("data"));
  GPtrArray *flags = kh_data_view_get_flags (view);
  const KhValueFlag *flag;
  g_autoptr (GError) error = NULL;

  if (flags->len == 0)
    {
      note ("confirm a flagged value: none");
      return;
    }
  flag = flags->pdata[pick ((int) flags->len)];
  note ("%s %s · %s", flag->confirmed_by == NULL ? "confirm" : "take back the confirmation of",
        flag->unit_id, flag->field);
  if (!kh_data_view_confirm_value (view, flag->unit_id, flag->field, flag->confirmed_by == NULL,
                                   &error))
    note ("refused: %s", error->message);
}

static void
act_select_unit (void)
{
  KhPlan *plan = kh_document_get_plan (doc ());
  const char *unit;

  if (plan == NULL || kh_plan_get_n_units (plan) == 0)
    return;
  unit = kh_dataset_get_unit_id (kh_plan_get_dataset (plan), pick (kh_plan_get_n_units (plan)));
  note ("select unit %s in %s", unit, pick (2) ? "Results" : "Charts");
  if (pick (2))
    kh_results_view_select_unit (KH_RESULTS_VIEW (page ("results")), unit);
  else
    kh_charts_view_set_selected_unit (KH_CHARTS_VIEW (page ("charts")), unit);
}

static void
act_chart_type (void)
{
  KhChartType type = pick (KH_N_CHART_TYPES);

  note ("chart type %s", kh_chart_type_to_string (type));
  kh_window_show_page (window, "charts");
  kh_chart_widget_set_chart_type (kh_charts_view_get_chart (KH_CHARTS_VIEW (page ("charts"))), type);
}

/* The widgets under @widget named @prefix… (gtk_widget_set_name), depth first. */
static void
collect_named (GtkWidget  *widget,
               const char *prefix,
               GPtrArray  *out)
{
  if (g_str_has_prefix (gtk_widget_get_name (widget), prefix))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, prefix, out);
}

static void
click_named (GtkWidget  *widget,
             const char *name)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect_named (widget, name, buttons);
  for (guint i = buttons->len; i-- > 0;)
    if (!gtk_widget_get_sensitive (buttons->pdata[i]) || g_strcmp0 (gtk_widget_get_name (buttons->pdata[i]), name) != 0)
      g_ptr_array_remove_index (buttons, i);
  if (buttons->len == 0)
    return;
  g_signal_emit_by_name (buttons->pdata[pick ((int) buttons->len)], "clicked");
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWindow *
recommend_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (w), "kh-recommend-editor") != NULL
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

/* A city's list of recommendations ("321"): its Edit… in Results' Recommendations tab, a
 * few changes in the window, then Apply (the project then stores the window's list), Use
 * the Rule or Cancel. */
static void
act_recommend (void)
{
  KhResultsView *results = KH_RESULTS_VIEW (page ("results"));
  GtkWidget *view = GTK_WIDGET (kh_results_view_get_recommend (results));
  g_autoptr (GPtrArray) edits = g_ptr_array_new ();
  g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *category = NULL, *parent = NULL;
  GtkWindow *editor;
  GtkWidget *edit;
  int n, end;

  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "recommend");
  /* the tab works its list out when it is mapped */
  kh_test_wait_until (widget_mapped, view, 10000);
  settle ();
  collect_named (view, "edit-", edits);
  for (guint i = edits->len; i-- > 0;)
    if (!gtk_widget_get_sensitive (edits->pdata[i]))
      g_ptr_array_remove_index (edits, i);
  if (edits->len == 0)
    {
      KhRecommendView *recommend = kh_results_view_get_recommend (results);

      note ("edit recommendations: no city to edit (%s)",
            kh_recommend_view_get_error (recommend) != NULL ? kh_recommend_view_get_error (recommend)
            : kh_recommend_view_get_recommendations (recommend) == NULL ? "not worked out"
                                                                         : "no quota rule this year");
      return;
    }
  edit = edits->pdata[pick ((int) edits->len)];
  category = g_strdup (g_object_get_data (G_OBJECT (edit), "category"));
  parent = g_strdup (g_object_get_data (G_OBJECT (edit), "parent"));
  g_signal_emit_by_name (edit, "clicked");
  editor = recommend_editor ();
  g_assert_nonnull (editor);
  n = pick (5);
  for (int i = 0; i < n; i++)
    {
      static const char *const names[] = { "add", "up", "down", "remove" };
      const char *name = names[pick (G_N_ELEMENTS (names))];

      if (strcmp (name, "add") == 0)
        {
          GtkDropDown *candidates = GTK_DROP_DOWN (kh_test_find_descendant (GTK_WIDGET (editor),
                                                                            GTK_TYPE_DROP_DOWN));
          guint m = g_list_model_get_n_items (gtk_drop_down_get_model (candidates));

          if (m > 0)
            gtk_drop_down_set_selected (candidates, (guint) pick ((int) m));
        }
      click_named (GTK_WIDGET (editor), name);
    }
  for (guint i = 0; i < kh_recommend_editor_get_list (editor)->len; i++)
    g_ptr_array_add (wanted, g_strdup (kh_recommend_editor_get_list (editor)->pdata[i]));
  end = pick (10);
  note ("edit recommendations of %s: %d changes, then %s", parent, n,
        end < 7 ? "apply" : end < 9 ? "use the rule" : "cancel");
  click_named (GTK_WIDGET (editor), end < 7 ? "apply" : end < 9 ? "use-rule" : "cancel");
  settle ();
  if (recommend_editor () != NULL)
    {
      /* refused (the message says why): nothing stored; close it */
      click_named (GTK_WIDGET (recommend_editor ()), "cancel");
      settle ();
      g_assert_null (recommend_editor ());
      return;
    }
  if (end < 9)
    {
      /* The project holds what was applied: the window's list, or none. */
      g_autoptr (GHashTable) lists = kh_project_get_recommendation_lists (kh_document_get_project (doc ()),
                                                                          kh_document_get_year (doc ()),
                                                                          category, NULL);
      GPtrArray *stored = lists != NULL ? g_hash_table_lookup (lists, parent) : NULL;

      g_assert_nonnull (lists);
      if (end >= 7)
        g_assert_null (stored);
      else
        {
          g_assert_nonnull (stored);
          g_assert_cmpuint (stored->len, ==, wanted->len);
          for (guint i = 0; i < wanted->len; i++)
            g_assert_cmpstr (stored->pdata[i], ==, wanted->pdata[i]);
        }
    }
}

static gboolean
dialog_loaded (gpointer data)
{
  return kh_import_dialog_is_loaded (data);
}

/* A good file (values near the sample's) or a bad one; committed when the preview allows,
 * else cancelled. */
static void
act_import (void)
{
  static const char *const bad[] = {
    "unit,gdp_growth\nchangzhou,abc\n",
    "unit,gdp_growth\nnowhere,1.5\n",
    "unit,no_such_field\nchangzhou,1\n",
    "",
    "\x01\x02\xff\xfe garbage",
    "unit,gdp_growth,gdp_growth\nchangzhou,1,2\n",
  };
  g_autofree char *path = g_build_filename (kh_test_sample_tmp_dir (), "monkey-import.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  KhImportDialog *dialog;
  gboolean good = pick (2) == 0;
  guint n_undo = kh_document_get_n_undo (doc ());

  if (good)
    contents = g_strdup_printf ("unit,gdp_growth,rd_intensity\nchangzhou,%g,%g\nhuaian,%g,2.1\n",
                                pick (100) / 10.0, pick (40) / 10.0, pick (80) / 10.0);
  else
    contents = g_strdup (bad[pick (G_N_ELEMENTS (bad))]);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  note ("import a %s file: %.60s", good ? "good" : "bad", contents);
  dialog = kh_window_import_file (window, file);
  if (dialog == NULL)
    return;
  g_assert_true (kh_test_wait_until (dialog_loaded, dialog, 20000));
  if (kh_import_dialog_can_commit (dialog))
    {
      g_autoptr (GError) error = NULL;
      gboolean changes = kh_import_dialog_get_n_changes (dialog) > 0;

      /* A bad file never gets this far: it cannot be committed. */
      g_assert_true (good);
      note ("  commit (%u changes)", kh_import_dialog_get_n_changes (dialog));
      if (!kh_import_dialog_commit (dialog, &error)
          && strstr (error->message, "is not a grade code") != NULL)
        {
          /* A saved framework of the walk scores the field by grades: refused, nothing
           * imported. */
          note ("  refused: %s", error->message);
          g_assert_cmpuint (kh_document_get_n_undo (doc ()), ==, n_undo);
          gtk_window_close (GTK_WINDOW (dialog));
          return;
        }
      g_assert_no_error (error);
      /* One step, only when something changed. */
      g_assert_cmpuint (kh_document_get_n_undo (doc ()), ==, n_undo + (changes ? 1 : 0));
    }
  else
    {
      /* Refused with its problems, or nothing in it to import (a column no field has is
       * ignored with a notice since issue 14). */
      g_assert_true (kh_import_dialog_get_problems (dialog)->len > 0
                     || kh_import_dialog_get_n_changes (dialog) == 0);
      note ("  cancel (%u problems)", kh_import_dialog_get_problems (dialog)->len);
      gtk_window_close (GTK_WINDOW (dialog));
    }
  settle ();
}

/* Invariants ---------------------------------------------------------------------------------- */

typedef struct
{
  guint undo, redo;
  int year;
  char *category;
  gboolean undo_step, redo_step; /* the step was one undo or one redo */
  gboolean burst;                /* several undos and redos */
  gboolean mixed;                /* edits (cells committing) and one undo */
  gboolean editing;              /* a cell was left editing by an earlier step */
} Depth;

/* Whether a cell of the window is being edited (left so by a step that "waits"). */
static gboolean
cell_editing (void)
{
  g_autoptr (GPtrArray) cells = editable_cells (GTK_WIDGET (window));

  for (guint i = 0; i < cells->len; i++)
    if (gtk_editable_label_get_editing (cells->pdata[i]))
      return TRUE;
  return FALSE;
}

static gboolean
frame_node_cb (KhNode  *node,
               gpointer user_data)
{
  g_ptr_array_add (user_data, node->id);
  return TRUE;
}

/* The tree shows the working framework node for node, in pre-order. */
static void
check_tree (void)
{
  KhFramework *fw = kh_document_get_framework (doc ());
  GListModel *rows = kh_framework_editor_get_rows (KH_FRAMEWORK_EDITOR (page ("framework")));
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  if (fw == NULL)
    return;
  kh_framework_foreach_node (fw, frame_node_cb, ids);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (KhNodeItem) item = gtk_tree_list_row_get_item (row);

      g_assert_cmpstr (kh_node_item_get_id (item), ==, ids->pdata[i]);
      g_assert_true (kh_node_item_get_node (item) == kh_framework_find_node (fw, ids->pdata[i]));
    }
}

/* Every grid cell not being edited shows the dataset's value with its field's decimals
 * worked out afresh (the grid keeps them until a value changes); the dataset holds what
 * the project stores. */
static void
check_grid (void)
{
  KhDataset *dataset = kh_document_get_dataset (doc ());
  g_autoptr (GPtrArray) cells = NULL;

  if (dataset == NULL || !gtk_widget_get_mapped (page ("data")))
    return;
  cells = editable_cells (page ("data"));
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = cells->pdata[i];
      const char *unit = kh_ui_edit_cell_get_target (cell);
      const char *field = g_object_get_data (G_OBJECT (cell), "kh-field");
      guint u, f;
      g_autofree char *expected = NULL;

      if (unit == NULL || gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
        continue;
      u = kh_dataset_find_unit (dataset, unit);
      f = kh_dataset_find_field (dataset, field);
      expected = kh_data_grid_format (u != KH_DATASET_NONE && f != KH_DATASET_NONE
                                        ? kh_dataset_get (dataset, u, f)
                                        : NAN,
                                      kh_data_grid_field_decimals (dataset, field));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, expected);
    }
}

/* Results ranks as the plan does. */
static void
check_results (void)
{
  KhPlan *plan = kh_document_get_plan (doc ());
  GListModel *rows = kh_results_view_get_rows (KH_RESULTS_VIEW (page ("results")));

  if (plan == NULL || !gtk_widget_get_mapped (page ("results")))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);
      guint unit = kh_plan_find_unit (plan, kh_result_row_get_unit_id (row));

      g_assert_cmpuint (unit, !=, KH_DATASET_NONE);
      g_assert_cmpint (kh_result_row_get_rank (row), ==, kh_plan_get_rank (plan, unit));
    }
}

/* The framework saved is the current version of the history, and the Framework page's
 * History… lists every version; restoring the current one (when the year is not sealed
 * and nothing is unsaved) is one more undo step that leaves the framework as it was. */
static void
check_history (KhProject *project)
{
  KhDocument *d = doc ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) versions =
    kh_project_get_framework_versions (project, kh_document_get_year (d),
                                       kh_document_get_category (d), &error);
  GListModel *toplevels = NULL; /* not owned */
  KhFrameworkHistory *dialog = NULL;
  const KhFrameworkVersion *last;
  g_autofree char *stored = NULL;
  g_autofree char *latest = NULL;
  guint rows = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, >, 0);
  last = versions->pdata[versions->len - 1];
  g_assert_true (last->current);
  stored = kh_project_get_category_framework_xml (project, last->year, last->category, &error);
  latest = kh_project_get_framework_version_xml (project, last->year, last->category,
                                                 last->version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, latest);

  note ("framework.history (check of the project file)");
  gtk_widget_activate_action (page ("framework"), "framework.history", NULL);
  settle ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_FRAMEWORK_HISTORY (item))
        dialog = KH_FRAMEWORK_HISTORY (item);
    }
  g_assert_nonnull (dialog);
  while (gtk_list_box_get_row_at_index (kh_framework_history_get_list (dialog), (int) rows)
         != NULL)
    rows++;
  g_assert_cmpuint (rows, ==, versions->len);
  if (!kh_document_is_sealed (d) && !kh_document_get_framework_modified (d))
    {
      guint undo = kh_document_get_n_undo (d);
      g_autofree char *saved = kh_framework_xml_to_string (kh_document_get_framework (d));
      g_autofree char *working = NULL;

      gtk_list_box_select_row (kh_framework_history_get_list (dialog),
                               gtk_list_box_get_row_at_index (kh_framework_history_get_list (dialog),
                                                              (int) rows - 1));
      g_signal_emit_by_name (kh_framework_history_get_restore (dialog), "clicked");
      settle ();
      g_assert_cmpuint (kh_document_get_n_undo (d), ==, undo + 1);
      working = kh_framework_xml_to_string (kh_document_get_framework (d));
      g_assert_cmpstr (working, ==, saved);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
}

/* The Framework page's Registry… shows at least one line of indicators of the category
 * open (the year open has a framework with indicators). */
static void
check_registry (void)
{
  GListModel *toplevels = NULL; /* not owned */
  KhRegistryWindow *registry = NULL;

  if (kh_document_get_framework (doc ()) == NULL)
    return;
  note ("framework.registry (check of the project file)");
  gtk_widget_activate_action (page ("framework"), "framework.registry", NULL);
  settle ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_REGISTRY_WINDOW (item))
        registry = KH_REGISTRY_WINDOW (item);
    }
  g_assert_nonnull (registry);
  g_assert_cmpuint (kh_registry_window_get_n_chains (registry), >, 0);
  gtk_window_destroy (GTK_WINDOW (registry));
  settle ();
}

/* The Health tab's Check Pilot Data… with a pilot file of the year's first five units,
 * every other check a good one (two proposed indicators checked, or the group's refusal)
 * and a bad one (an unknown unit, refused at line 2); nothing is changed. Which one
 * follows the step number, so that the walk's random sequence stays that of its seed. */
static void
check_pilot (void)
{
  KhDocument *d = doc ();
  KhPlan *plan = kh_document_get_plan (d);
  KhHealthView *health = kh_results_view_get_health (KH_RESULTS_VIEW (page ("results")));
  g_autofree char *path = g_build_filename (kh_test_sample_tmp_dir (), "monkey-pilot.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GString) text = g_string_new ("unit,p_spread,p_flat\n");
  gboolean good = (step_no / 100) % 2 == 0;
  guint undo = kh_document_get_n_undo (d);
  KhDataset *ds;
  KhPilotCheck *check;

  if (plan == NULL)
    return;
  ds = kh_plan_get_dataset (plan);
  if (good)
    for (guint u = 0; u < MIN (5, kh_dataset_get_n_units (ds)); u++)
      g_string_append_printf (text, "%s,%g,3\n", kh_dataset_get_unit_id (ds, u), 1.5 * u);
  else
    g_string_append (text, "no-such-unit,1,3\n");
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  note ("health.check-pilot with a %s file (check of the project file)", good ? "good" : "bad");
  check = kh_health_view_check_pilot_file (health, file);
  settle ();
  if (check == NULL)
    {
      g_assert_null (kh_health_view_get_health (health)); /* nothing to check against */
      return;
    }
  if (good)
    g_assert_true (kh_pilot_check_get_n_checked (check) == 2
                   || strstr (kh_pilot_check_get_error (check), "has no units") != NULL);
  else
    {
      g_assert_cmpuint (kh_pilot_check_get_n_checked (check), ==, 0);
      g_assert_nonnull (strstr (kh_pilot_check_get_error (check), "monkey-pilot.csv:2: no unit"));
    }
  g_assert_cmpuint (kh_document_get_n_undo (d), ==, undo);
  gtk_window_destroy (GTK_WINDOW (check));
  settle ();
}

/* The Framework page's Weights… on the root: each check another method (and for AHP
 * another judgement of the first two children); applying, when the year is open and the
 * weights can be applied, is one undo step that leaves the root's record current. The
 * method and judgement follow the step number, so that the walk's random sequence stays
 * that of its seed. */
static void
check_weights (void)
{
  KhDocument *d = doc ();
  KhFramework *fw = kh_document_get_framework (d);
  GListModel *toplevels = NULL; /* not owned */
  KhWeightsDialog *dialog = NULL;
  guint round = step_no / 100;
  KhWeightingMethod method = (KhWeightingMethod) (round % KH_WEIGHTING_N_METHODS);
  GtkButton *apply;

  if (fw == NULL)
    return;
  note ("framework.weights on the root, %s (check of the project file)",
        kh_weighting_method_to_string (method));
  gtk_widget_activate_action (page ("framework"), "framework.select", "s", fw->root->id);
  settle ();
  gtk_widget_activate_action (page ("framework"), "framework.weights", NULL);
  settle ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (KH_IS_WEIGHTS_DIALOG (item))
        dialog = KH_WEIGHTS_DIALOG (item);
    }
  if (dialog == NULL)
    return; /* the root has fewer than two weighed children */
  gtk_drop_down_set_selected (kh_weights_dialog_get_method (dialog), method);
  settle ();
  /* (no grid when the framework does not compute now) */
  if (method == KH_WEIGHTING_AHP && kh_weights_dialog_get_ahp_cell (dialog, 0, 1) != NULL)
    {
      gtk_drop_down_set_selected (kh_weights_dialog_get_ahp_cell (dialog, 0, 1),
                                  round % KH_SAATY_N_VALUES);
      settle ();
    }
  apply = kh_weights_dialog_get_apply (dialog);
  if (gtk_widget_get_sensitive (GTK_WIDGET (apply)))
    {
      guint undo = kh_document_get_n_undo (d);

      g_assert_false (kh_document_is_sealed (d));
      g_signal_emit_by_name (apply, "clicked");
      settle ();
      g_assert_cmpuint (kh_document_get_n_undo (d), ==, undo + 1);
      g_assert_nonnull (kh_document_get_framework (d)->root->weighting);
      g_assert_cmpint (kh_document_get_framework (d)->root->weighting->method, ==, method);
      g_assert_true (kh_weighting_is_current (kh_document_get_framework (d)->root));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  collect_named (widget, name, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (found->pdata[i]), name) == 0)
      return found->pdata[i];
  return NULL;
}

/* The Robustness tab's Edit Spec…, by turns: Weights ± 25 % applied; one indicator left
 * out added and applied; the root's weight added, refused with the reason and cancelled.
 * Applied, the project stores the window's text (one undo step, none when it was stored
 * already), or the window stays with the reason and nothing changes. Which one follows
 * the step number, so that the walk's random sequence stays that of its seed. */
static void
check_spec (void)
{
  KhDocument *d = doc ();
  KhRobustnessView *robustness = kh_results_view_get_robustness (KH_RESULTS_VIEW (page ("results")));
  guint round = (step_no / 100) % 3;
  guint undo = kh_document_get_n_undo (d);
  g_autofree char *before = NULL, *text = NULL, *after = NULL;
  GtkWindow *editor = kh_robustness_view_edit_spec (robustness);
  GtkWidget *message;

  if (editor == NULL)
    {
      note ("robustness.edit-spec: none (no plan: %s)", kh_document_get_plan_error (d));
      return;
    }
  settle ();
  before = kh_project_get_sensitivity_spec (kh_document_get_project (d), kh_document_get_year (d),
                                            kh_document_get_category (d), NULL);
  if (round == 0)
    g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "default"), "clicked");
  else
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (editor), "add-kind")),
                                  round == 1 ? 4 : 0);
      g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "add"), "clicked");
      /* a new weights row's node is the first listed, the root */
    }
  text = kh_spec_editor_get_text (editor);
  /* Apply closes the window unless it refuses */
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  note ("robustness.edit-spec: %s, apply (check of the project file)",
        round == 0 ? "weights ± 25 %" : round == 1 ? "one indicator left out" : "the root's weight");
  g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "apply"), "clicked");
  settle ();
  after = kh_project_get_sensitivity_spec (kh_document_get_project (d), kh_document_get_year (d),
                                           kh_document_get_category (d), NULL);
  if (editor != NULL)
    {
      /* refused: the reason shown, nothing stored */
      g_object_remove_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
      message = find_named (GTK_WIDGET (editor), "message");
      g_assert_nonnull (message);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), !=, "");
      /* (when the root's weight is the only input: others may be refused first) */
      if (round == 2 && strstr (text, "[input ") == strrchr (text, '[') && strstr (text, "[input ") != NULL)
        g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "is the root"));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (kh_document_get_n_undo (d), ==, undo);
      g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "cancel"), "clicked");
      settle ();
      return;
    }
  g_assert_cmpuint (round, !=, 2);
  g_assert_cmpstr (after, ==, text);
  g_assert_cmpuint (kh_document_get_n_undo (d), ==, undo + (g_strcmp0 (before, text) != 0));
}

/* The project file, read on a connection of its own, holds the saved framework and the
 * values the window shows. */
static void
check_project_file (void)
{
  g_autoptr (GError) error = NULL;
  KhDocument *d = doc ();
  KhProject *project;
  g_autofree char *stored = NULL;
  g_autofree char *working = NULL;
  g_autoptr (KhRecordSet) records = NULL;
  KhDataset *dataset = kh_document_get_dataset (d);
  guint checked = 0;

  if (kh_document_get_framework (d) == NULL)
    return;
  if (kh_document_get_framework_modified (d))
    {
      note ("save the framework (check of the project file)");
      gtk_widget_activate_action (page ("framework"), "framework.save", NULL);
      settle ();
    }
  project = kh_project_open (project_path, &error);
  g_assert_no_error (error);
  if (!kh_document_get_framework_modified (d))
    {
      stored = kh_project_get_category_framework_xml (project, kh_document_get_year (d),
                                                      kh_document_get_category (d), &error);
      g_assert_no_error (error);
      working = kh_framework_xml_to_string (kh_document_get_framework (d));
      g_assert_cmpstr (stored, ==, working);
    }
  records = kh_project_get_records (project, kh_document_get_year (d), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      guint u = kh_dataset_find_unit (dataset, r->unit);
      guint f = kh_dataset_find_field (dataset, r->field);
      double shown;

      if (u == KH_DATASET_NONE || f == KH_DATASET_NONE)
        continue; /* another category's unit */
      shown = kh_dataset_get (dataset, u, f);
      g_assert_true ((isnan (shown) && isnan (r->value)) || shown == r->value);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
  check_history (project);
  kh_project_close (project);
  check_registry ();
  check_weights ();
  check_pilot ();
  check_spec ();
}

static void
check (const Depth *before)
{
  KhDocument *d = doc ();
  guint undo = kh_document_get_n_undo (d), redo = kh_document_get_n_redo (d);
  gboolean same_year = kh_document_get_year (d) == before->year
                       && g_strcmp0 (kh_document_get_category (d), before->category) == 0;

  if (!same_year)
    g_assert_cmpuint (undo + redo, ==, 0); /* another year starts a new history */
  else if (before->mixed)
    {
      /* A cell left editing by an earlier step commits as this one starts editing (one
       * step, redo cleared); then Ctrl+Z takes back what is typed, with the history
       * untouched, or, with nothing typed, undoes one step. */
      g_assert_cmpuint (redo, <=, before->redo + 1);
      g_assert_cmpuint (undo + 1, >=, before->undo);
      g_assert_cmpuint (undo, <=, before->undo + 1);
    }
  else if ((before->burst || before->undo_step || before->redo_step) && before->editing)
    {
      /* The cell left editing commits as the burst begins (one step more, nothing left
       * to redo) or is refused; then steps only move. */
      g_assert_cmpuint (undo + redo, <=, before->undo + before->redo + 1);
    }
  else if (before->burst)
    g_assert_cmpuint (undo + redo, ==, before->undo + before->redo); /* steps only move */
  else if (before->undo_step && before->undo > 0)
    {
      g_assert_cmpuint (undo, ==, before->undo - 1);
      g_assert_cmpuint (redo, ==, before->redo + 1);
    }
  else if (before->redo_step && before->redo > 0)
    {
      g_assert_cmpuint (undo, ==, before->undo + 1);
      g_assert_cmpuint (redo, ==, before->redo - 1);
    }
  else if (undo + redo == before->undo + before->redo
           && !(before->editing && redo == 0 && undo > before->undo))
    {
      /* Steps only moved between undo and redo: one at most in a step that is no burst. */
      g_assert_cmpuint (MAX (undo, before->undo) - MIN (undo, before->undo), <=, 1);
    }
  else
    {
      /* Edits: each one step more and nothing left to redo (a cell left editing by an
       * earlier step commits with the next: at most two steps). */
      g_assert_cmpuint (redo, ==, 0);
      g_assert_cmpuint (undo, >=, before->undo);
      g_assert_cmpuint (undo, <=, before->undo + 2);
    }
  g_assert_cmpuint (kh_document_can_undo (d), ==, undo > 0 && !kh_document_is_sealed (d));
  check_tree ();
  check_grid ();
  check_results ();
}

/* The walk -------------------------------------------------------------------------------------- */

static void
test_monkey (void)
{
  g_autoptr (GTimer) timer = g_timer_new ();

  /* No animations: a step sees the state it produced, not a moment of a transition (and
   * GTK 4.8's revealers misreport their height in mid-transition, a critical). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  project_path = kh_test_sample_copy ("monkey.kaohe");
  window = kh_test_sample_open_path (project_path);
  rng = g_rand_new_with_seed (seed);
  g_test_message ("monkey: %u steps, seed %u", n_steps, seed);

  for (step_no = 0; step_no < n_steps; step_no++)
    {
      Depth before = { kh_document_get_n_undo (doc ()), kh_document_get_n_redo (doc ()),
                       kh_document_get_year (doc ()),
                       g_strdup (kh_document_get_category (doc ())) };
      int dice = pick (100);

      before.editing = cell_editing ();

      if (dice < 8)
        act_page ();
      else if (dice < 14)
        act_select_node ();
      else if (dice < 28)
        act_structure ();
      else if (dice < 38)
        act_property ();
      else if (dice < 50)
        act_cell_edit ("framework", &before.mixed);
      else if (dice < 62)
        {
          /* One data step in six confirms a flagged value or takes it back; of the others,
           * those of every fourth step use the grid's keys. */
          if (pick (6) == 0)
            act_confirm_flag ();
          else if (step_no % 4 == 1)
            act_grid_keys ();
          else
            act_cell_edit ("data", &before.mixed);
        }
      else if (dice < 70)
        {
          act_undo_redo ();
          before.burst = TRUE;
        }
      else if (dice < 73)
        act_dropdown ("Year");
      else if (dice < 75)
        act_dropdown ("Category");
      else if (dice < 78)
        act_dropdown ("Peer Group");
      else if (dice < 81)
        act_resize ();
      else if (dice < 83)
        act_save ();
      else if (dice < 85)
        act_search ();
      else if (dice < 89)
        act_select_unit ();
      else if (dice < 90)
        act_chart_type ();
      else if (dice < 92)
        act_recommend ();
      else if (dice < 95)
        act_import ();
      else if (dice < 97)
        {
          note ("undo once");
          before.undo_step = kh_document_can_undo (doc ());
          gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        }
      else
        {
          note ("redo once");
          before.redo_step = kh_document_can_redo (doc ());
          gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
        }

      settle ();
      /* Now and then let time pass: the cells' focus timers, autosave, toasts. */
      if (pick (12) == 0)
        kh_test_spin (150);
      answer_dialogs ();
      kh_test_wait_until (not_busy, NULL, 30000);
      settle ();
      if (kh_window_get_dialog (window) == NULL)
        check (&before);
      if (step_no % 100 == 99)
        check_project_file ();
      g_free (before.category);
    }
  check_project_file ();
  g_test_message ("monkey: %u steps in %.1f s", n_steps, g_timer_elapsed (timer, NULL));
  g_printerr ("monkey: %u steps, seed %u, %.1f s\n", n_steps, seed, g_timer_elapsed (timer, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_spin (300);
  g_rand_free (rng);
  g_clear_pointer (&project_path, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* GLib's TAP output (an assertion's message among it) goes to stdout: line by line, so
   * that a failure that ends the process leaves its message in the log. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--steps") && i + 1 < argc)
        n_steps = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = (guint32) g_ascii_strtoull (argv[++i], NULL, 10);
      else
        continue;
      /* Hide the consumed options from GTest. */
      memmove (&argv[i - 1], &argv[i + 1], (argc - i - 1) * sizeof *argv);
      argc -= 2;
      i -= 2;
    }
  if (!kh_test_sample_init (&argc, &argv))
    {
      g_test_skip ("the sample project is not built");
      return 77;
    }
  signal (SIGABRT, fatal_signal_cb);
  signal (SIGSEGV, fatal_signal_cb);
  signal (SIGTRAP, fatal_signal_cb);
  g_test_add_func ("/ui/monkey/walk", test_monkey);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
