/* kh-ui.c — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-chart-widget.h"
#include "kh-charts-view.h"
#include "kh-data-view.h"
#include "kh-framework-editor.h"
#include "kh-compare-view.h"
#include "kh-health-view.h"
#include "kh-recommend-view.h"
#include "kh-import-dialog.h"
#include "kh-surveys-view.h"
#include "kh-results-view.h"
#include "kh-robustness-view.h"
#include "kh-ui.h"
#include "kh-window.h"

static gboolean
lazy_tooltip_cb (GtkWidget  *widget,
                 int         x,
                 int         y,
                 gboolean    keyboard,
                 GtkTooltip *tooltip,
                 gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "kh-lazy-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
kh_widget_set_lazy_tooltip (gpointer    widget,
                            const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "kh-lazy-tooltip-set") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "kh-lazy-tooltip-set", GINT_TO_POINTER (1));
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (lazy_tooltip_cb), NULL);
    }
  g_object_set_data_full (G_OBJECT (widget), "kh-lazy-tooltip", g_strdup (text), g_free);
}

void
kh_ui_ensure_types (void)
{
  g_type_ensure (KH_TYPE_APPLICATION);
  g_type_ensure (KH_TYPE_CHART_WIDGET);
  g_type_ensure (KH_TYPE_WINDOW);
  g_type_ensure (KH_TYPE_FRAMEWORK_EDITOR);
  g_type_ensure (KH_TYPE_DATA_VIEW);
  g_type_ensure (KH_TYPE_RESULTS_VIEW);
  g_type_ensure (KH_TYPE_CHARTS_VIEW);
  g_type_ensure (KH_TYPE_ROBUSTNESS_VIEW);
  g_type_ensure (KH_TYPE_HEALTH_VIEW);
  g_type_ensure (KH_TYPE_RECOMMEND_VIEW);
  g_type_ensure (KH_TYPE_COMPARE_VIEW);
  g_type_ensure (KH_TYPE_SURVEYS_VIEW);
  g_type_ensure (KH_TYPE_IMPORT_DIALOG);
}

KhLang
kh_ui_get_lang (void)
{
  return kh_lang_for_languages (g_get_language_names ());
}

void
kh_ui_cell_watch (gpointer  cell,
                  gpointer  item,
                  GCallback changed_cb)
{
  gulong handler;

  g_return_if_fail (GTK_IS_WIDGET (cell));
  g_return_if_fail (G_IS_OBJECT (item));

  kh_ui_cell_unwatch (cell);
  handler = g_signal_connect_object (item, "changed", changed_cb, cell, 0);
  g_object_set_data_full (G_OBJECT (cell), "kh-watched", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (cell), "kh-watch-handler", GSIZE_TO_POINTER (handler));
}

void
kh_ui_cell_unwatch (gpointer cell)
{
  GObject *item;
  gulong handler;

  g_return_if_fail (GTK_IS_WIDGET (cell));

  item = g_object_get_data (G_OBJECT (cell), "kh-watched");
  handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "kh-watch-handler"));
  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (cell), "kh-watch-handler", NULL);
  g_object_set_data (G_OBJECT (cell), "kh-watched", NULL);
}

gpointer
kh_ui_cell_get_watched (gpointer cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  return g_object_get_data (G_OBJECT (cell), "kh-watched");
}

/* Editable cells --------------------------------------------------------------------------- */

typedef struct
{
  GWeakRef owner;
  KhCellCommitFunc commit;
  char *empty_text;
  char *target;      /* what the cell shows */
  guint epoch;
  char *edit_target; /* what the edit in progress is for (set while editing) */
  guint edit_epoch;
  char *edit_original;
  gboolean abandoning; /* the edit in progress is being dropped (kh_ui_edit_cells_abandon) */
} EditCell;

typedef struct
{
  GWeakRef owner;
  KhCellCommitFunc commit;
  GtkWidget *cell;
  char *target;
  guint epoch;
  char *text;
} PendingCommit;

static void
edit_cell_free (gpointer data)
{
  EditCell *edit = data;

  g_weak_ref_clear (&edit->owner);
  g_free (edit->empty_text);
  g_free (edit->target);
  g_free (edit->edit_target);
  g_free (edit->edit_original);
  g_free (edit);
}

static EditCell *
edit_cell_get (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "kh-edit-cell");
}

/* Commits waiting for their idle, in the order the edits stopped. */
static GQueue pending_commits = G_QUEUE_INIT;
static guint pending_source;

static void
run_pending_commits (void)
{
  PendingCommit *pending;

  g_clear_handle_id (&pending_source, g_source_remove);
  while ((pending = g_queue_pop_head (&pending_commits)) != NULL)
    {
      g_autoptr (GObject) owner = g_weak_ref_get (&pending->owner);

      if (owner != NULL)
        pending->commit (owner, pending->cell, pending->target, pending->epoch, pending->text);
      g_weak_ref_clear (&pending->owner);
      g_object_unref (pending->cell);
      g_free (pending->target);
      g_free (pending->text);
      g_free (pending);
    }
}

static gboolean
pending_commit_cb (gpointer user_data)
{
  pending_source = 0;
  run_pending_commits ();
  return G_SOURCE_REMOVE;
}

static void
editing_notify_cb (GtkEditableLabel *label,
                   GParamSpec       *pspec,
                   EditCell         *edit)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));

  if (gtk_editable_label_get_editing (label))
    {
      g_free (edit->edit_target);
      edit->edit_target = g_strdup (edit->target);
      edit->edit_epoch = edit->epoch;
      g_free (edit->edit_original);
      edit->edit_original = g_strdup (text);
      if (edit->empty_text != NULL && g_strcmp0 (text, edit->empty_text) == 0)
        gtk_editable_set_text (GTK_EDITABLE (label), "");
      return;
    }
  if (edit->edit_target != NULL && !edit->abandoning && g_strcmp0 (text, edit->edit_original) != 0)
    {
      PendingCommit *pending = g_new0 (PendingCommit, 1);
      g_autoptr (GObject) owner = g_weak_ref_get (&edit->owner);

      g_weak_ref_init (&pending->owner, owner);
      pending->commit = edit->commit;
      pending->cell = g_object_ref (GTK_WIDGET (label));
      pending->target = g_strdup (edit->edit_target);
      pending->epoch = edit->edit_epoch;
      pending->text = g_strdup (text);
      g_queue_push_tail (&pending_commits, pending);
      if (pending_source == 0)
        pending_source = g_idle_add (pending_commit_cb, NULL);
    }
  g_clear_pointer (&edit->edit_target, g_free);
  g_clear_pointer (&edit->edit_original, g_free);
}

/* Stops editing without GTK 4.8's gtk_widget_grab_focus() of the label at the end,
 * which would take the focus back from the cell the user went on to (or, for a cell
 * being unbound, move it into a row that is going away). */
static void
stop_editing_quietly (GtkWidget *cell,
                      gboolean   commit)
{
  gboolean focusable = gtk_widget_get_focusable (cell);

  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    return;
  gtk_widget_set_focusable (cell, FALSE);
  gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), commit);
  gtk_widget_set_focusable (cell, focusable);
  /* The row would give the focus back to the hidden text (with its selection) later. */
  gtk_widget_set_focus_child (cell, NULL);
}

static gboolean
release_cb (gpointer user_data)
{
  g_object_unref (user_data);
  return G_SOURCE_REMOVE;
}

/* Just after the focus left: an edit in progress ends here, committed, unless the focus
 * came back inside (a popover of the cell, the text itself). */
static gboolean
focus_left_cb (gpointer user_data)
{
  GtkWidget *cell = user_data;
  GtkRoot *root = gtk_widget_get_root (cell);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || (focus != cell && !gtk_widget_is_ancestor (focus, cell)))
    stop_editing_quietly (cell, TRUE);
  g_object_unref (cell);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's label stops editing 100 ms after a focus-out through a timer that holds only
 * a pointer to its focus controller, and then grabs the focus back. So: the edit ends
 * at once in an idle of high priority (before that timer, which then finds nothing to
 * do), and the label (with its controllers) stays alive until that timer has run: ours
 * is due later and has a lower priority, so even when both are due at once (the main
 * loop was busy) GTK's runs first. */
static void
focus_leave_cb (GtkEventController *controller,
                GtkWidget          *cell)
{
  g_idle_add_full (G_PRIORITY_HIGH, focus_left_cb, g_object_ref (cell), NULL);
  g_timeout_add_full (G_PRIORITY_LOW, 150, release_cb, g_object_ref (cell), NULL);
}

/* A cell that stops showing, or whose rows are about to be replaced, gives up the focus
 * its text may still hold, properly (with a focus-out), rather than keeping it hidden:
 * GTK 4.8 then blinks the cursor of a text that lost the focus without being told and
 * warns "GtkText - did not receive a focus-out event" (ui-monkey seed 8: a Framework
 * cell left editing, Results shown, another year chosen). */
static void
drop_focus (GtkWidget *cell)
{
  GtkRoot *root = gtk_widget_get_root (cell);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == cell || gtk_widget_is_ancestor (focus, cell)))
    gtk_root_set_focus (root, NULL);
}

static gboolean
unmapped_cb (gpointer user_data)
{
  GtkWidget *cell = user_data;

  if (!gtk_widget_get_mapped (cell))
    {
      stop_editing_quietly (cell, TRUE);
      drop_focus (cell);
    }
  return G_SOURCE_REMOVE;
}

/* A cell that stops showing (its page left, its row scrolled away) ends its edit there:
 * a hidden GtkText keeping the focus and a selection confuses GTK when the focus comes
 * back. Not at once: a list hides the rows it scrolls away while it allocates them, and
 * ending the edit resizes the cell, whose column then asks its header for a new size
 * too late in that frame (GTK 4.8: "Trying to snapshot GtkListItemWidget without a
 * current allocation"). In an idle the edit ends after the frame, and the next one lays
 * the cell out again. */
static void
unmap_cb (GtkWidget *cell)
{
  if (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, unmapped_cb, g_object_ref (cell), g_object_unref);
}

static gboolean undo_typing_cb (GtkWidget *cell,
                                GVariant  *args,
                                gpointer   user_data);

GtkWidget *
kh_ui_edit_cell_new (gpointer         owner,
                     KhCellCommitFunc commit,
                     const char      *empty_text)
{
  GtkWidget *cell = gtk_editable_label_new ("");
  EditCell *edit = g_new0 (EditCell, 1);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (commit != NULL, NULL);

  g_weak_ref_init (&edit->owner, owner);
  edit->commit = commit;
  edit->empty_text = g_strdup (empty_text);
  g_object_set_data_full (G_OBJECT (cell), "kh-edit-cell", edit, edit_cell_free);
  g_signal_connect (cell, "notify::editing", G_CALLBACK (editing_notify_cb), edit);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), cell);
  gtk_widget_add_controller (cell, focus);
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (undo_typing_cb,
                                                                                   NULL, NULL)));
  gtk_widget_add_controller (cell, keys);
  g_signal_connect (cell, "unmap", G_CALLBACK (unmap_cb), NULL);
  return cell;
}

void
kh_ui_edit_cell_bind (GtkWidget  *cell,
                      const char *target,
                      guint       epoch,
                      const char *text,
                      gboolean    editable)
{
  EditCell *edit;
  gboolean editing;
  char *copy;

  g_return_if_fail (GTK_IS_EDITABLE_LABEL (cell));
  edit = edit_cell_get (cell);
  g_return_if_fail (edit != NULL);

  editing = gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell));
  if (editing && g_strcmp0 (edit->edit_target, target) == 0 && edit->edit_epoch == epoch
      && editable)
    {
      /* The same target changed elsewhere while it is edited: keep what is typed. */
      g_free (edit->edit_original);
      edit->edit_original = g_strdup (text);
      return;
    }
  if (editing)
    stop_editing_quietly (cell, TRUE);
  copy = g_strdup (target); /* @target may be edit->target itself */
  g_free (edit->target);
  edit->target = copy;
  edit->epoch = epoch;
  gtk_editable_set_text (GTK_EDITABLE (cell), text != NULL ? text : "");
  gtk_editable_set_editable (GTK_EDITABLE (cell), editable && target != NULL);
}

void
kh_ui_edit_cell_unbind (GtkWidget *cell)
{
  EditCell *edit;

  g_return_if_fail (GTK_IS_EDITABLE_LABEL (cell));
  edit = edit_cell_get (cell);
  g_return_if_fail (edit != NULL);

  stop_editing_quietly (cell, TRUE);
  g_clear_pointer (&edit->target, g_free);
}

void
kh_ui_edit_cells_finish (GtkWidget *root)
{
  GQueue queue = G_QUEUE_INIT;

  g_return_if_fail (GTK_IS_WIDGET (root));

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (GTK_IS_EDITABLE_LABEL (widget) && edit_cell_get (widget) != NULL)
        {
          stop_editing_quietly (widget, TRUE);
          drop_focus (widget);
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (&queue, child);
    }
  run_pending_commits ();
}

/* TRUE when the text of @cell, being edited, differs from what it showed (for a cell
 * showing "no value", an empty text is what editing starts from). */
static gboolean
edit_cell_typed (GtkWidget *cell,
                 EditCell  *edit)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (cell));

  if (g_strcmp0 (text, edit->edit_original) == 0)
    return FALSE;
  return !(*text == '\0' && edit->empty_text != NULL
           && g_strcmp0 (edit->edit_original, edit->empty_text) == 0);
}

/* Ends the edit in progress in @cell without committing it; the cell shows its target's
 * value again. Returns TRUE when text had been typed. */
static gboolean
edit_cell_abandon (GtkWidget *cell,
                   EditCell  *edit)
{
  g_autofree char *shown = NULL;
  gboolean typed;

  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    return FALSE;
  /* What the target holds now (a change made elsewhere during the edit updates it), not
   * what the label showed as editing started. */
  shown = g_strdup (edit->edit_original);
  typed = edit_cell_typed (cell, edit);
  edit->abandoning = TRUE;
  stop_editing_quietly (cell, FALSE);
  edit->abandoning = FALSE;
  if (shown != NULL)
    gtk_editable_set_text (GTK_EDITABLE (cell), shown);
  return typed;
}

/* Ctrl+Z reaches the cell (in the capture phase, before its text) only when the window's
 * Undo is off, with nothing to undo: it takes back the typing all the same. */
static gboolean
undo_typing_cb (GtkWidget *cell,
                GVariant  *args,
                gpointer   user_data)
{
  EditCell *edit = edit_cell_get (cell);

  if (edit == NULL || !gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    return FALSE;
  edit_cell_abandon (cell, edit);
  return TRUE;
}

gboolean
kh_ui_edit_cells_abandon (GtkWidget *root)
{
  GQueue queue = G_QUEUE_INIT;
  gboolean typed = FALSE;

  g_return_val_if_fail (GTK_IS_WIDGET (root), FALSE);

  /* Edits that already ended come first, in their order. */
  run_pending_commits ();
  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);
      EditCell *edit = GTK_IS_EDITABLE_LABEL (widget) ? edit_cell_get (widget) : NULL;

      if (edit != NULL)
        {
          typed |= edit_cell_abandon (widget, edit);
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (&queue, child);
    }
  return typed;
}

const char *
kh_ui_edit_cell_get_target (GtkWidget *cell)
{
  EditCell *edit;

  g_return_val_if_fail (GTK_IS_EDITABLE_LABEL (cell), NULL);
  edit = edit_cell_get (cell);
  return edit != NULL ? edit->target : NULL;
}

void
kh_ui_edit_cell_start (GtkWidget *cell)
{
  g_return_if_fail (GTK_IS_EDITABLE_LABEL (cell));

  if (gtk_editable_get_editable (GTK_EDITABLE (cell)))
    {
      gtk_widget_grab_focus (cell);
      gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell));
      gtk_editable_select_region (GTK_EDITABLE (cell), 0, -1);
    }
}

AdwToast *
kh_ui_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}

GtkWidget *
kh_ui_group_new (const char *title,
                 const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
    }
  if (description != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
    }
  return group;
}

char *
kh_ui_format_score (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f", value);
}

void
kh_ui_row_set_plain (gpointer row)
{
  g_return_if_fail (ADW_IS_PREFERENCES_ROW (row));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
}

void
kh_ui_status_page_set_description (AdwStatusPage *page,
                                   const char    *text)
{
  g_autofree char *escaped = text != NULL ? g_markup_escape_text (text, -1) : NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));
  adw_status_page_set_description (page, escaped);
}

const char *
kh_ui_category_label (const char *category)
{
  static const struct
  {
    const char *id;
    const char *label;
  } known[] = {
    { "city", N_("Cities") },
    { "agency", N_("Agencies") },
    { "university", N_("Universities") },
    { "county", N_("Counties") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (known[i].id, category) == 0)
      return _(known[i].label);
  return category;
}

const char *
kh_ui_node_name (const KhNode *node)
{
  const char *name;

  g_return_val_if_fail (node != NULL, NULL);

  name = kh_text_get (&node->name, kh_ui_get_lang ());
  return name != NULL ? name : node->id;
}
