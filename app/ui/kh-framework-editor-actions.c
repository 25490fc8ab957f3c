/* kh-framework-editor-actions.c — the Framework page's editing actions and undo steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through kh_document_edit_framework(): one undo step each, recomputed
 * at once. Property edits come from the cells and the inspector, structure edits
 * (add, delete, move, indent, outdent) from the toolbar, the context menu and the keys.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-io-limits.h"
#include "io/kh-xml-safe.h"
#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "kh-framework-editor-private.h"
#include "kh-framework-history.h"
#include "kh-registry-window.h"
#include "kh-weights-dialog.h"
#include "kh-node-props.h"
#include "kh-ui.h"

typedef struct
{
  const char *node_id; /* "" or NULL: a rule property */
  const char *key;
  const char *value;
} PropEdit;

static gboolean
prop_edit (KhFramework *fw,
           gpointer     user_data,
           GError     **error)
{
  PropEdit *edit = user_data;
  KhNode *node;

  if (edit->node_id == NULL || *edit->node_id == '\0')
    return kh_rule_prop_set (fw, edit->key, edit->value, error);
  node = kh_framework_find_node (fw, edit->node_id);
  if (node == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("No node “%s” in the framework"),
                   edit->node_id);
      return FALSE;
    }
  return kh_node_prop_set (fw, node, edit->key, edit->value, error);
}

gboolean
kh_framework_editor_set_property (KhFrameworkEditor *self,
                                  const char        *node_id,
                                  const char        *key,
                                  const char        *value)
{
  PropEdit edit = { node_id, key, value };
  const KhPropInfo *info = kh_node_prop_lookup (key);
  g_autofree char *label = NULL;
  g_autoptr (GError) error = NULL;

  if (self->document == NULL)
    return FALSE;
  if (node_id != NULL && *node_id != '\0')
    {
      label = g_strdup_printf (_("Change %s of “%s”"), info != NULL ? _(info->label) : key,
                               node_id);
      /* A renamed node stays selected. */
      if (g_strcmp0 (key, "id") == 0 && g_strcmp0 (self->selected_id, node_id) == 0
          && kh_framework_find_node (kh_framework_editor_get_framework (self), value) == NULL)
        {
          g_autofree char *old = g_steal_pointer (&self->selected_id);

          self->selected_id = g_strdup (value);
          if (!kh_document_edit_framework (self->document, label, prop_edit, &edit, &error))
            {
              g_free (self->selected_id);
              self->selected_id = g_steal_pointer (&old);
              kh_framework_editor_show_message (self, error->message);
              return FALSE;
            }
          return TRUE;
        }
    }
  else
    label = g_strdup_printf (_("Change Rule %s"), key);

  /* A node's weight changes nothing else: the plan is re-weighted, not computed again. */
  if (!(node_id != NULL && *node_id != '\0' && g_strcmp0 (key, "weight") == 0
          ? kh_document_edit_weights (self->document, label, prop_edit, &edit, &error)
          : kh_document_edit_framework (self->document, label, prop_edit, &edit, &error)))
    {
      kh_framework_editor_show_message (self, error->message);
      /* Put the refused text back in the widgets, the groups below the node's properties
       * too, although what they show did not change. */
      kh_framework_tree_refresh (self->tree, node_id);
      g_clear_pointer (&self->inspector_extra_text, g_free);
      kh_framework_editor_rebuild_inspector (self);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  KhFrameworkEditor *self;
  char *node_id;
  char *key;
  char *value;
} PendingEdit;

static gboolean
pending_edit_cb (gpointer user_data)
{
  PendingEdit *pending = user_data;

  kh_framework_editor_set_property (pending->self, pending->node_id, pending->key, pending->value);
  g_object_unref (pending->self);
  g_free (pending->node_id);
  g_free (pending->key);
  g_free (pending->value);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

void
kh_framework_editor_set_property_later (KhFrameworkEditor *self,
                                        const char        *node_id,
                                        const char        *key,
                                        const char        *value)
{
  PendingEdit *pending = g_new0 (PendingEdit, 1);

  pending->self = g_object_ref (self);
  pending->node_id = g_strdup (node_id);
  pending->key = g_strdup (key);
  pending->value = g_strdup (value);
  g_idle_add (pending_edit_cb, pending);
}

/* Structure edits ---------------------------------------------------------------------- */

typedef enum
{
  OP_ADD_CHILD,
  OP_ADD_SIBLING,
  OP_DELETE,
  OP_MOVE_UP,
  OP_MOVE_DOWN,
  OP_INDENT,
  OP_OUTDENT,
} Op;

typedef struct
{
  Op op;
  const char *id;
  const char *new_id;
} OpEdit;

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, message);
  return FALSE;
}

static KhNode *
new_node (KhNode     *parent,
          const char *id)
{
  KhNode *node = kh_node_new (parent->kind == KH_NODE_ROOT ? KH_NODE_PAPER : KH_NODE_INDICATOR, id);
  const char *name = parent->kind == KH_NODE_ROOT ? _("New paper") : _("New indicator");

  /* Named in the reader's language, the name the tree shows and edits. */
  switch (kh_ui_get_lang ())
    {
    case KH_LANG_ZH_TW:
      node->name.zh_TW = g_strdup (name);
      break;
    case KH_LANG_ZH_CN:
      node->name.zh_CN = g_strdup (name);
      break;
    case KH_LANG_EN:
    default:
      node->name.en = g_strdup (name);
      break;
    }
  return node;
}

static gboolean
op_edit (KhFramework *fw,
         gpointer     user_data,
         GError     **error)
{
  OpEdit *edit = user_data;
  KhNode *node = kh_framework_find_node (fw, edit->id);
  KhNode *parent;
  guint index;

  if (node == NULL)
    return refuse (error, _("Select a node first"));
  parent = node->parent;
  index = parent != NULL ? kh_node_index (node) : 0;

  switch (edit->op)
    {
    case OP_ADD_CHILD:
      if (node->kind == KH_NODE_INDICATOR)
        return refuse (error, _("An indicator cannot have children: add a sibling instead"));
      kh_node_append (node, new_node (node, edit->new_id));
      return TRUE;
    case OP_ADD_SIBLING:
      if (parent == NULL)
        return refuse (error, _("The root has no siblings"));
      kh_node_insert (parent, index + 1, new_node (parent, edit->new_id));
      return TRUE;
    case OP_DELETE:
      if (parent == NULL)
        return refuse (error, _("The root cannot be deleted"));
      kh_node_free (kh_node_steal (node));
      return TRUE;
    case OP_MOVE_UP:
    case OP_MOVE_DOWN:
      if (parent == NULL || (edit->op == OP_MOVE_UP && index == 0)
          || (edit->op == OP_MOVE_DOWN && index + 1 >= parent->children->len))
        return refuse (error, _("The node cannot move further"));
      node = kh_node_steal (node);
      kh_node_insert (parent, edit->op == OP_MOVE_UP ? index - 1 : index + 1, node);
      return TRUE;
    case OP_INDENT:
      {
        KhNode *previous;

        if (parent == NULL || index == 0)
          return refuse (error, _("Only a node with a sibling above it can be indented"));
        previous = g_ptr_array_index (parent->children, index - 1);
        if (previous->kind == KH_NODE_INDICATOR)
          return refuse (error, _("The node above is an indicator, which cannot have children"));
        kh_node_append (previous, kh_node_steal (node));
        return TRUE;
      }
    case OP_OUTDENT:
      if (parent == NULL || parent->parent == NULL)
        return refuse (error, _("Only a node below a paper or dimension can be outdented"));
      {
        KhNode *grandparent = parent->parent;
        guint parent_index = kh_node_index (parent);

        kh_node_insert (grandparent, parent_index + 1, kh_node_steal (node));
      }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static char *
unique_id (KhFramework *fw,
           const char  *stem)
{
  for (guint i = 1;; i++)
    {
      char *id = g_strdup_printf ("%s_%u", stem, i);

      if (kh_framework_find_node (fw, id) == NULL)
        return id;
      g_free (id);
    }
}

static void
run_op (KhFrameworkEditor *self,
        Op                 op,
        const char        *label)
{
  KhNode *node = kh_framework_editor_get_selected_node (self);
  g_autofree char *new_id = NULL;
  g_autofree char *old_selection = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  OpEdit edit;

  if (node == NULL)
    {
      kh_framework_editor_show_message (self, _("Select a node first"));
      return;
    }
  id = g_strdup (node->id);
  edit = (OpEdit) { op, id, NULL };
  old_selection = g_strdup (self->selected_id);
  if (op == OP_ADD_CHILD || op == OP_ADD_SIBLING)
    {
      KhNode *parent = op == OP_ADD_CHILD ? node : node->parent;

      new_id = unique_id (kh_framework_editor_get_framework (self),
                          parent != NULL && parent->kind == KH_NODE_ROOT ? "paper" : "indicator");
      edit.new_id = new_id;
      g_free (self->selected_id);
      self->selected_id = g_strdup (new_id);
    }
  else if (op == OP_DELETE)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (node->parent != NULL ? node->parent->id : NULL);
    }

  /* The new node's name is edited as soon as its row shows. */
  g_free (self->rename_id);
  self->rename_id = g_strdup (new_id);
  if (!kh_document_edit_framework (self->document, label, op_edit, &edit, &error))
    {
      g_clear_pointer (&self->rename_id, g_free);
      g_free (self->selected_id);
      self->selected_id = g_steal_pointer (&old_selection);
      kh_framework_editor_show_message (self, error->message);
    }
}

#define DEFINE_OP_ACTION(name, op, label)                               \
  static void                                                           \
  name (GtkWidget *widget, const char *action_name, GVariant *parameter) \
  {                                                                     \
    run_op (KH_FRAMEWORK_EDITOR (widget), op, label);                   \
  }

DEFINE_OP_ACTION (add_child_action_cb, OP_ADD_CHILD, _("Add Child"))
DEFINE_OP_ACTION (add_sibling_action_cb, OP_ADD_SIBLING, _("Add Sibling"))
DEFINE_OP_ACTION (delete_action_cb, OP_DELETE, _("Delete Node"))
DEFINE_OP_ACTION (move_up_action_cb, OP_MOVE_UP, _("Move Up"))
DEFINE_OP_ACTION (move_down_action_cb, OP_MOVE_DOWN, _("Move Down"))
DEFINE_OP_ACTION (indent_action_cb, OP_INDENT, _("Indent"))
DEFINE_OP_ACTION (outdent_action_cb, OP_OUTDENT, _("Outdent"))

static void
set_property_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *id, *key, *value;

  g_variant_get (parameter, "(&s&s&s)", &id, &key, &value);
  kh_framework_editor_set_property (KH_FRAMEWORK_EDITOR (widget), id, key, value);
}

static void
select_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kh_framework_editor_select (KH_FRAMEWORK_EDITOR (widget), g_variant_get_string (parameter, NULL));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);
  g_autoptr (GError) error = NULL;

  if (self->document == NULL)
    return;
  if (!kh_document_save_framework (self->document, &error))
    kh_framework_editor_show_message (self, error->message);
  else
    kh_framework_editor_show_message (self, _("Framework saved to the project"));
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KhFrameworkEditor *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *xml = NULL;
      gsize len = 0;
      g_autoptr (GError) error = NULL;
      KhFramework *fw = NULL;
      KhFramework *current = kh_framework_editor_get_framework (self);

      if (path != NULL && kh_io_read_regular (path, KH_XML_MAX_SIZE, &xml, &len, &error))
        fw = kh_framework_xml_load_data (xml, len, path, &error);
      if (fw == NULL)
        kh_framework_editor_show_message (self, error != NULL ? error->message : _("Only local files can be imported"));
      else if (current != NULL && fw->year == current->year
               && g_strcmp0 (fw->category, current->category) == 0)
        {
          /* The framework open replaced: one undoable step, saved with Save to Project. */
          if (!kh_document_replace_framework (self->document, _("Import Framework"), fw, &error))
            kh_framework_editor_show_message (self, error->message);
        }
      else
        {
          /* Another year or category: stored in the project as that year's framework. */
          kh_framework_unref (fw);
          if (!kh_document_add_framework (self->document, xml, len, path, &error))
            kh_framework_editor_show_message (self, error->message);
        }
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KhFrameworkEditor *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && kh_framework_editor_get_framework (self) != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      if (!kh_framework_xml_save_file (kh_framework_editor_get_framework (self), path, &error))
        kh_framework_editor_show_message (self, error->message);
      else
        kh_framework_editor_show_message (self, _("Framework exported"));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
run_file_dialog (KhFrameworkEditor *self,
                 gboolean           save)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (save ? _("Export Framework") : _("Import Framework"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                             : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        save ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Framework XML Files"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  if (save && kh_framework_editor_get_framework (self) != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.xml", kh_framework_editor_get_framework (self)->id);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save ? export_response_cb : import_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run_file_dialog (KH_FRAMEWORK_EDITOR (widget), FALSE);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run_file_dialog (KH_FRAMEWORK_EDITOR (widget), TRUE);
}

static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  KhFrameworkHistory *history;

  if (self->document == NULL || kh_framework_editor_get_framework (self) == NULL)
    return;
  history = kh_framework_history_new (self->document, GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                          : NULL);
  gtk_window_present (GTK_WINDOW (history));
}

static void
registry_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  KhRegistryWindow *registry;

  if (self->document == NULL || kh_document_get_category (self->document) == NULL)
    return;
  registry = kh_registry_window_new (self->document,
                                     GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (registry));
}

static void
weights_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (widget);
  KhNode *node = kh_framework_editor_get_selected_node (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  KhWeightsDialog *dialog;

  if (self->document == NULL || node == NULL)
    return;
  dialog = kh_weights_dialog_new (self->document, node->id,
                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* TRUE when @node has two weighed children or more. */
static gboolean
can_weigh (const KhNode *node)
{
  g_autoptr (GPtrArray) items = NULL;

  if (node == NULL || node->kind == KH_NODE_INDICATOR)
    return FALSE;
  items = kh_node_weighed_children (node);
  return items->len >= 2;
}

void
kh_framework_editor_update_actions (KhFrameworkEditor *self)
{
  gboolean modified;
  KhNode *node = kh_framework_editor_get_selected_node (self);
  gboolean editable = self->document != NULL && kh_framework_editor_get_framework (self) != NULL
                      && !kh_document_is_read_only (self->document);
  gboolean has_parent = node != NULL && node->parent != NULL;
  guint index = has_parent ? kh_node_index (node) : 0;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "framework.add-child",
                                 editable && node != NULL && node->kind != KH_NODE_INDICATOR);
  gtk_widget_action_set_enabled (widget, "framework.add-sibling", editable && has_parent);
  gtk_widget_action_set_enabled (widget, "framework.delete", editable && has_parent);
  gtk_widget_action_set_enabled (widget, "framework.move-up", editable && has_parent && index > 0);
  gtk_widget_action_set_enabled (widget, "framework.move-down",
                                 editable && has_parent
                                   && index + 1 < node->parent->children->len);
  gtk_widget_action_set_enabled (widget, "framework.indent", editable && has_parent && index > 0);
  gtk_widget_action_set_enabled (widget, "framework.outdent",
                                 editable && has_parent && node->parent->parent != NULL);
  gtk_widget_action_set_enabled (widget, "framework.set-property", editable);
  gtk_widget_action_set_enabled (widget, "framework.import",
                                 self->document != NULL
                                   && (kh_framework_editor_get_framework (self) == NULL
                                       || !kh_document_is_read_only (self->document)));
  gtk_widget_action_set_enabled (widget, "framework.export", kh_framework_editor_get_framework (self) != NULL);
  gtk_widget_action_set_enabled (widget, "framework.history",
                                 self->document != NULL
                                   && kh_framework_editor_get_framework (self) != NULL);
  gtk_widget_action_set_enabled (widget, "framework.registry",
                                 self->document != NULL
                                   && kh_framework_editor_get_framework (self) != NULL);
  gtk_widget_action_set_enabled (widget, "framework.weights",
                                 self->document != NULL && can_weigh (node));
  modified = editable && kh_document_get_framework_modified (self->document);
  gtk_widget_action_set_enabled (widget, "framework.save", modified);
  /* Highlighted only while there is something to save: undoing back to the saved state
   * (or redoing to it) turns it off again. */
  if (modified)
    gtk_widget_add_css_class (self->save_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->save_button, "suggested-action");
}

void
kh_framework_editor_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "framework.add-child", NULL, add_child_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.add-sibling", NULL,
                                   add_sibling_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.delete", NULL, delete_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.move-up", NULL, move_up_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.move-down", NULL, move_down_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.indent", NULL, indent_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.outdent", NULL, outdent_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.set-property", "(sss)",
                                   set_property_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.select", "s", select_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.history", NULL, history_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.weights", NULL, weights_action_cb);
  gtk_widget_class_install_action (widget_class, "framework.registry", NULL, registry_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "framework.add-child", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "framework.add-sibling", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "framework.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "framework.move-up",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "framework.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "framework.indent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "framework.outdent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "framework.save",
                                       NULL);
}
