/* kh-framework-editor.c — the Framework page: indicator tree, inspector and problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget composes the tree model (kh-framework-tree.c), the columns
 * (kh-framework-columns.c), the editing actions (kh-framework-editor-actions.c) and the
 * inspector (kh-framework-inspector.c); it keeps the selection and the problems list.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "core/kh-framework-check.h"
#include "kh-framework-editor-private.h"
#include "kh-node-item.h"
#include "kh-ui.h"

G_DEFINE_FINAL_TYPE (KhFrameworkEditor, kh_framework_editor, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void flush_tree (KhFrameworkEditor *self);
static void rebuild_problems (KhFrameworkEditor *self);

void
kh_framework_editor_show_message (KhFrameworkEditor *self,
                                  const char        *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

KhFramework *
kh_framework_editor_get_framework (KhFrameworkEditor *self)
{
  return self->document != NULL ? kh_document_get_framework (self->document) : NULL;
}

KhNode *
kh_framework_editor_get_selected_node (KhFrameworkEditor *self)
{
  KhFramework *fw = kh_framework_editor_get_framework (self);

  if (fw == NULL || self->selected_id == NULL)
    return NULL;
  return kh_framework_find_node (fw, self->selected_id);
}

const char *
kh_framework_node_display_name (const KhNode *node)
{
  const char *name = kh_text_get (&node->name, kh_ui_get_lang ());

  return name != NULL ? name : node->id;
}

const char *
kh_framework_name_key (void)
{
  switch (kh_ui_get_lang ())
    {
    case KH_LANG_ZH_TW:
      return "name.zh_TW";
    case KH_LANG_EN:
      return "name.en";
    case KH_LANG_ZH_CN:
    default:
      return "name.zh_CN";
    }
}

/* Selection ----------------------------------------------------------------------------- */

static void
scroll_to (KhFrameworkEditor *self,
           guint              position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

gboolean
kh_framework_editor_select (KhFrameworkEditor *self,
                            const char        *id)
{
  guint position;

  g_return_val_if_fail (KH_IS_FRAMEWORK_EDITOR (self), FALSE);

  flush_tree (self);
  position = kh_framework_tree_find (self->tree, id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  scroll_to (self, position);
  return TRUE;
}

const char *
kh_framework_editor_get_selected (KhFrameworkEditor *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_EDITOR (self), NULL);
  return self->selected_id;
}

GListModel *
kh_framework_editor_get_rows (KhFrameworkEditor *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_EDITOR (self), NULL);

  flush_tree (self);
  return G_LIST_MODEL (kh_framework_tree_get_model (self->tree));
}

GPtrArray *
kh_framework_editor_get_problems (KhFrameworkEditor *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_EDITOR (self), NULL);
  return self->problems;
}

static void
selection_changed_cb (KhFrameworkEditor *self)
{
  GtkTreeListRow *row;

  if (self->rebuilding)
    return;
  row = gtk_single_selection_get_selected_item (self->selection);
  g_clear_pointer (&self->selected_id, g_free);
  if (row != NULL)
    {
      g_autoptr (KhNodeItem) item = gtk_tree_list_row_get_item (row);

      self->selected_id = g_strdup (kh_node_item_get_id (item));
    }
  if (self->document != NULL)
    kh_document_set_selection (self->document, self->selected_id);
  kh_framework_editor_update_actions (self);
  kh_framework_editor_rebuild_inspector (self);
}


/* Problems ------------------------------------------------------------------------------ */

static void
rebuild_problems (KhFrameworkEditor *self)
{
  GPtrArray *problems = self->document != NULL ? kh_document_get_problems (self->document)
                                               : NULL;
  GtkWidget *child;
  gboolean same = problems != NULL ? problems->len == self->problems->len
                                   : self->problems->len == 0;

  /* The same problems (a weight edit rarely changes them): the rows stay (issue 22). */
  for (guint i = 0; same && problems != NULL && i < problems->len; i++)
    {
      KhDocumentProblem *problem = g_ptr_array_index (problems, i);

      same = g_strcmp0 (problem->node_id, g_ptr_array_index (self->problem_ids, i)) == 0
             && g_strcmp0 (problem->message, g_ptr_array_index (self->problems, i)) == 0;
    }
  if (same)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->problem_ids, 0);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KhDocumentProblem *problem = g_ptr_array_index (problems, i);

      g_ptr_array_add (self->problem_ids, g_strdup (problem->node_id));
      g_ptr_array_add (self->problems, g_strdup (problem->message));
    }

  for (guint i = 0; i < self->problems->len; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (g_ptr_array_index (self->problems, i));

      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      kh_widget_set_lazy_tooltip (row, _("Select the node concerned"));
      gtk_list_box_append (self->problems_list, row);
    }

  if (self->problems->len == 0)
    gtk_label_set_text (self->problems_title, _("No Problems"));
  else
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u Problem", "%u Problems",
                                                          self->problems->len),
                                                self->problems->len);

      gtk_label_set_text (self->problems_title, title);
    }
}

void
kh_framework_editor_activate_problem (KhFrameworkEditor *self,
                                      guint              index)
{
  const char *id;

  g_return_if_fail (KH_IS_FRAMEWORK_EDITOR (self));

  if (index >= self->problem_ids->len || kh_framework_editor_get_framework (self) == NULL)
    return;
  id = g_ptr_array_index (self->problem_ids, index);
  kh_framework_editor_select (self, *id != '\0' ? id : kh_framework_editor_get_framework (self)->root->id);
}

static void
problem_activated_cb (KhFrameworkEditor *self,
                      GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0)
    kh_framework_editor_activate_problem (self, index);
}


/* Document ------------------------------------------------------------------------------ */

static void rebuild_tree_now (KhFrameworkEditor *self);

static void
rebuild_tree (KhFrameworkEditor *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* The framework the items point into may be freed before the page shows again. */
      kh_framework_tree_detach (self->tree);
      self->tree_dirty = TRUE;
      rebuild_problems (self);
      return;
    }
  rebuild_tree_now (self);
}

static void
flush_tree (KhFrameworkEditor *self)
{
  if (self->tree_dirty)
    rebuild_tree_now (self);
}

static void
rebuild_tree_now (KhFrameworkEditor *self)
{
  KhFramework *fw = kh_framework_editor_get_framework (self);
  g_autofree char *keep = g_strdup (self->selected_id);
  gboolean replaced;
  guint position;

  self->tree_dirty = FALSE;
  self->rebuilding = TRUE;
  replaced = kh_framework_tree_set_framework (self->tree, fw);
  if (!replaced)
    {
      /* Same shape: the items point at the new nodes; bound cells refreshed themselves. */
      self->rebuilding = FALSE;
      position = kh_framework_tree_find (self->tree, self->selected_id);
      if (position == GTK_INVALID_LIST_POSITION)
        kh_framework_editor_select (self, fw->root->id);
      else if (position != gtk_single_selection_get_selected (self->selection))
        kh_framework_editor_select (self, self->selected_id);
      else if (self->document != NULL)
        kh_document_set_selection (self->document, self->selected_id);
      kh_framework_editor_rebuild_inspector (self);
      rebuild_problems (self);
      return;
    }

  position = kh_framework_tree_find (self->tree, keep);
  if (position == GTK_INVALID_LIST_POSITION && fw != NULL)
    {
      position = 0;
      g_free (keep);
      keep = g_strdup (fw->root->id);
    }
  gtk_single_selection_set_selected (self->selection, position);
  self->rebuilding = FALSE;

  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&keep);
  if (self->document != NULL)
    kh_document_set_selection (self->document, self->selected_id);
  /* The selection changed while rebuilding, unheard: the toolbar's add, delete and move
   * buttons follow it now (they stayed off at start-up until another row was chosen). */
  kh_framework_editor_update_actions (self);
  kh_framework_editor_rebuild_inspector (self);
  rebuild_problems (self);
}

static void
document_changed_cb (KhFrameworkEditor *self,
                     guint              what)
{
  if (what & KH_CHANGE_YEAR)
    {
      kh_framework_tree_forget_shape (self->tree);
      self->epoch++;
    }
  /* After an undo or a redo, the node selected in the state that came back. */
  if ((what & KH_CHANGE_FRAMEWORK) && kh_document_get_selection_hint (self->document) != NULL
      && kh_framework_find_node (kh_document_get_framework (self->document),
                                 kh_document_get_selection_hint (self->document))
           != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (kh_document_get_selection_hint (self->document));
    }
  if (what & (KH_CHANGE_FRAMEWORK | KH_CHANGE_YEAR))
    rebuild_tree (self);
  else if (what & KH_CHANGE_RESULTS)
    rebuild_problems (self);
  kh_framework_editor_update_actions (self);
}

void
kh_framework_editor_set_document (KhFrameworkEditor *self,
                                  KhDocument        *document)
{
  g_return_if_fail (KH_IS_FRAMEWORK_EDITOR (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  g_clear_pointer (&self->selected_id, g_free);
  kh_framework_tree_forget_shape (self->tree);
  self->epoch++;
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  rebuild_tree (self);
  kh_framework_editor_update_actions (self);
}

static void
kh_framework_editor_map (GtkWidget *widget)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);

  GTK_WIDGET_CLASS (kh_framework_editor_parent_class)->map (widget);
  flush_tree (self);
}

static void
kh_framework_editor_dispose (GObject *object)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_FRAMEWORK_EDITOR);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_pointer (&self->tree, kh_framework_tree_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->rename_id, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->problem_ids, g_ptr_array_unref);
  g_clear_pointer (&self->prop_rows, g_ptr_array_unref);
  g_clear_pointer (&self->inspector_id, g_free);
  g_clear_pointer (&self->inspector_layout, g_free);
  g_clear_pointer (&self->inspector_extra_text, g_free);

  G_OBJECT_CLASS (kh_framework_editor_parent_class)->dispose (object);
}

/* The page taking the focus (Alt+1) gives it to the tree, on the selected row. */
static gboolean
kh_framework_editor_grab_focus (GtkWidget *widget)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
kh_framework_editor_class_init (KhFrameworkEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_framework_editor_dispose;
  widget_class->map = kh_framework_editor_map;
  widget_class->grab_focus = kh_framework_editor_grab_focus;

  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-framework-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, paned);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, problems_title);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, problems_list);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, inspector);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, context_menu);
  gtk_widget_class_bind_template_child (widget_class, KhFrameworkEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);

  kh_framework_editor_class_add_actions (widget_class);
}

static void
kh_framework_editor_init (KhFrameworkEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->problem_ids = g_ptr_array_new_with_free_func (g_free);
  self->tree = kh_framework_tree_new ();
  self->selection = gtk_single_selection_new (
    G_LIST_MODEL (g_object_ref (kh_framework_tree_get_model (self->tree))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  kh_framework_editor_add_columns (self);

  self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self->column_view));
  kh_framework_editor_init_inspector (self);

  kh_framework_editor_update_actions (self);
  kh_framework_editor_rebuild_inspector (self);
}
