/* kh-framework-editor.c — the Framework page: indicator tree, inspector and problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-framework-check.h"
#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "kh-framework-editor.h"
#include "kh-node-item.h"
#include "kh-node-props.h"
#include "kh-ui.h"

typedef enum
{
  COL_NAME,
  COL_ID,
  COL_WEIGHT,
  COL_POINTS,
  COL_SUM,
  COL_DIRECTION,
  COL_METHOD,
  COL_TARGET,
} Column;

struct _KhFrameworkEditor
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;

  GListStore *root_store;
  GtkTreeListModel *tree_model;
  GtkSingleSelection *selection;
  char *selected_id;
  gboolean rebuilding;
  GPtrArray *problems; /* of char* "id: message" */
  GPtrArray *problem_ids;
  GtkWidget *context_popover;

  /* Edits that keep the tree's shape update items and widgets in place (fast); others
   * rebuild the tree. */
  GHashTable *items;     /* node id → KhNodeItem (strong) */
  char *structure;       /* shape of the framework the tree shows */
  char *inspector_id;    /* node the inspector shows, and which rows it has */
  char *inspector_layout;
  GPtrArray *prop_rows;  /* the inspector's property rows (borrowed) */
  GtkWidget *inspector_extra;
  gboolean inspector_dirty;
  gboolean tree_dirty; /* the tree waits until the page shows (or is asked about) */
  gboolean syncing;

  /* Template widgets */
  GtkPaned *paned;
  GtkColumnView *column_view;
  GtkLabel *problems_title;
  GtkListBox *problems_list;
  GtkBox *inspector;
  GMenuModel *context_menu;
};

G_DEFINE_FINAL_TYPE (KhFrameworkEditor, kh_framework_editor, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_inspector (KhFrameworkEditor *self);
static void flush_tree (KhFrameworkEditor *self);

static void
show_message (KhFrameworkEditor *self,
              const char        *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

static KhFramework *
framework (KhFrameworkEditor *self)
{
  return self->document != NULL ? kh_document_get_framework (self->document) : NULL;
}

static KhNode *
selected_node (KhFrameworkEditor *self)
{
  KhFramework *fw = framework (self);

  if (fw == NULL || self->selected_id == NULL)
    return NULL;
  return kh_framework_find_node (fw, self->selected_id);
}

static const char *
node_display_name (const KhNode *node)
{
  const char *name = kh_text_get (&node->name, kh_ui_get_lang ());

  return name != NULL ? name : node->id;
}

/* The property the name column edits: the name in the reader's script. */
static const char *
name_key (void)
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

/* Editing ------------------------------------------------------------------------------ */

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

static void
set_property (KhFrameworkEditor *self,
              const char        *node_id,
              const char        *key,
              const char        *value)
{
  PropEdit edit = { node_id, key, value };
  const KhPropInfo *info = kh_node_prop_lookup (key);
  g_autofree char *label = NULL;
  g_autoptr (GError) error = NULL;

  if (self->document == NULL)
    return;
  if (node_id != NULL && *node_id != '\0')
    {
      label = g_strdup_printf (_("Change %s of “%s”"), info != NULL ? _(info->label) : key,
                               node_id);
      /* A renamed node stays selected. */
      if (g_strcmp0 (key, "id") == 0 && g_strcmp0 (self->selected_id, node_id) == 0
          && kh_framework_find_node (framework (self), value) == NULL)
        {
          g_autofree char *old = g_steal_pointer (&self->selected_id);

          self->selected_id = g_strdup (value);
          if (!kh_document_edit_framework (self->document, label, prop_edit, &edit, &error))
            {
              g_free (self->selected_id);
              self->selected_id = g_steal_pointer (&old);
              show_message (self, error->message);
            }
          return;
        }
    }
  else
    label = g_strdup_printf (_("Change Rule %s"), key);

  if (!kh_document_edit_framework (self->document, label, prop_edit, &edit, &error))
    {
      show_message (self, error->message);
      /* Put the refused text back in the widgets. */
      rebuild_inspector (self);
    }
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

  set_property (pending->self, pending->node_id, pending->key, pending->value);
  g_object_unref (pending->self);
  g_free (pending->node_id);
  g_free (pending->key);
  g_free (pending->value);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

/* Widgets commit from an idle callback: the edit rebuilds the widget that asked for it. */
static void
set_property_later (KhFrameworkEditor *self,
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

  node->name.en = g_strdup (parent->kind == KH_NODE_ROOT ? _("New paper") : _("New indicator"));
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
  KhNode *node = selected_node (self);
  g_autofree char *new_id = NULL;
  g_autofree char *old_selection = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  OpEdit edit;

  if (node == NULL)
    {
      show_message (self, _("Select a node first"));
      return;
    }
  id = g_strdup (node->id);
  edit = (OpEdit) { op, id, NULL };
  old_selection = g_strdup (self->selected_id);
  if (op == OP_ADD_CHILD || op == OP_ADD_SIBLING)
    {
      KhNode *parent = op == OP_ADD_CHILD ? node : node->parent;

      new_id = unique_id (framework (self),
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

  if (!kh_document_edit_framework (self->document, label, op_edit, &edit, &error))
    {
      g_free (self->selected_id);
      self->selected_id = g_steal_pointer (&old_selection);
      show_message (self, error->message);
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
  set_property (KH_FRAMEWORK_EDITOR (widget), id, key, value);
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
    show_message (self, error->message);
  else
    show_message (self, _("Framework saved to the project"));
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
      KhFramework *current = framework (self);

      if (path != NULL && g_file_get_contents (path, &xml, &len, &error))
        fw = kh_framework_xml_load_data (xml, len, path, &error);
      if (fw == NULL)
        show_message (self, error != NULL ? error->message : _("Only local files can be imported"));
      else if (current != NULL && fw->year == current->year
               && g_strcmp0 (fw->category, current->category) == 0)
        {
          /* The framework open replaced: one undoable step, saved with Save to Project. */
          if (!kh_document_replace_framework (self->document, _("Import Framework"), fw, &error))
            show_message (self, error->message);
        }
      else
        {
          /* Another year or category: stored in the project as that year's framework. */
          kh_framework_unref (fw);
          if (!kh_document_add_framework (self->document, xml, len, path, &error))
            show_message (self, error->message);
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

  if (response == GTK_RESPONSE_ACCEPT && framework (self) != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      if (!kh_framework_xml_save_file (framework (self), path, &error))
        show_message (self, error->message);
      else
        show_message (self, _("Framework exported"));
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
  if (save && framework (self) != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.xml", framework (self)->id);

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
update_actions (KhFrameworkEditor *self)
{
  KhNode *node = selected_node (self);
  gboolean editable = self->document != NULL && framework (self) != NULL
                      && !kh_document_is_sealed (self->document);
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
                                   && (framework (self) == NULL
                                       || !kh_document_is_sealed (self->document)));
  gtk_widget_action_set_enabled (widget, "framework.export", framework (self) != NULL);
  gtk_widget_action_set_enabled (widget, "framework.save",
                                 editable && kh_document_get_framework_modified (self->document));
}

/* Tree cells ---------------------------------------------------------------------------- */

static KhNode *
list_item_node (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr (KhNodeItem) item = NULL;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  return item != NULL ? kh_node_item_get_node (item) : NULL;
}

static const char *
column_key (Column column,
            KhNode *node)
{
  switch (column)
    {
    case COL_NAME:
      return name_key ();
    case COL_WEIGHT:
      return "weight";
    case COL_POINTS:
      return "points";
    case COL_DIRECTION:
      return "direction";
    case COL_METHOD:
      return "method";
    case COL_TARGET:
      if (node == NULL || node->kind != KH_NODE_INDICATOR)
        return NULL;
      if (node->scoring.method == KH_METHOD_GOALPOSTS)
        return "scoring.hi";
      if (node->scoring.method == KH_METHOD_TARGET_RATIO)
        return "scoring.target";
      if (node->direction == KH_DIRECTION_BAND)
        return "band-hi";
      return NULL;
    case COL_ID:
    case COL_SUM:
    default:
      return NULL;
    }
}

static void
editing_changed_cb (GtkEditableLabel *label,
                    GParamSpec       *pspec,
                    GtkListItem      *list_item)
{
  KhFrameworkEditor *self;
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-column"));
  KhNode *node = list_item_node (list_item);
  const char *key = column_key (column, node);
  g_autofree char *old = NULL;
  const char *text;

  if (gtk_editable_label_get_editing (label) || node == NULL || key == NULL)
    return;
  self = KH_FRAMEWORK_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (label),
                                                       KH_TYPE_FRAMEWORK_EDITOR));
  if (self == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (label));
  old = kh_node_prop_get (node, key);
  /* The name shown may be another script's (no name of the reader's yet): unchanged, it
   * stays where it is. */
  if (g_strcmp0 (old, text) != 0
      && (column != COL_NAME || g_strcmp0 (text, node_display_name (node)) != 0))
    set_property_later (self, node->id, key, text);
}

static void
selected_changed_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     GtkListItem *list_item)
{
  KhFrameworkEditor *self;
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "kh-column"));
  KhNode *node = list_item_node (list_item);
  const char *const *choices;
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *key;
  g_autofree char *old = NULL;

  if (g_object_get_data (G_OBJECT (dropdown), "kh-binding") != NULL || node == NULL)
    return;
  key = column_key (column, node);
  choices = kh_prop_choices (key);
  if (selected == GTK_INVALID_LIST_POSITION || choices == NULL
      || selected >= g_strv_length ((char **) choices))
    return;
  self = KH_FRAMEWORK_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (dropdown),
                                                       KH_TYPE_FRAMEWORK_EDITOR));
  old = kh_node_prop_get (node, key);
  if (self != NULL && g_strcmp0 (old, choices[selected]) != 0)
    set_property_later (self, node->id, key, choices[selected]);
}

static void
context_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkListItem     *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (gtk_widget_get_ancestor (cell,
                                                                          KH_TYPE_FRAMEWORK_EDITOR));
  double vx, vy;

  if (self == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));
  if (!gtk_widget_translate_coordinates (cell, GTK_WIDGET (self->column_view), x, y, &vx, &vy))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { (int) vx, (int) vy, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static GtkStringList *
choice_labels (Column column)
{
  if (column == COL_DIRECTION)
    {
      const char *labels[] = { _("Higher ↑"), _("Lower ↓"), _("Band"), NULL };

      return gtk_string_list_new (labels);
    }
  else
    {
      const char *labels[] = { _("Min–max"), _("Z-score"), _("Rank points"), _("Percentile"),
                               _("Goalposts"), _("Target ratio"), _("Thresholds"), _("Grades"),
                               _("Satisfaction"), NULL };

      return gtk_string_list_new (labels);
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *cell = NULL;
  GtkGesture *gesture;

  switch (column)
    {
    case COL_NAME:
      {
        GtkWidget *expander = gtk_tree_expander_new ();
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *icon = gtk_image_new ();
        GtkWidget *label = gtk_editable_label_new ("");

        g_object_set_data (G_OBJECT (label), "kh-column", GINT_TO_POINTER (column));
        g_signal_connect (label, "notify::editing", G_CALLBACK (editing_changed_cb), list_item);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_box_append (GTK_BOX (box), icon);
        gtk_box_append (GTK_BOX (box), label);
        gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
        cell = expander;
      }
      break;
    case COL_WEIGHT:
    case COL_POINTS:
    case COL_TARGET:
      cell = gtk_editable_label_new ("");
      gtk_editable_set_width_chars (GTK_EDITABLE (cell), 6);
      gtk_editable_set_alignment (GTK_EDITABLE (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
      g_object_set_data (G_OBJECT (cell), "kh-column", GINT_TO_POINTER (column));
      g_signal_connect (cell, "notify::editing", G_CALLBACK (editing_changed_cb), list_item);
      break;
    case COL_DIRECTION:
    case COL_METHOD:
      cell = gtk_drop_down_new (G_LIST_MODEL (choice_labels (column)), NULL);
      gtk_widget_add_css_class (cell, "flat");
      g_object_set_data (G_OBJECT (cell), "kh-column", GINT_TO_POINTER (column));
      g_signal_connect (cell, "notify::selected", G_CALLBACK (selected_changed_cb), list_item);
      break;
    case COL_ID:
    case COL_SUM:
    default:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), column == COL_SUM ? 1.0 : 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (cell, column == COL_SUM ? "numeric" : "dim-label");
      break;
    }

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_pressed_cb), list_item);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (list_item, cell);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

/* The children's sum: Σ w·P for sums (compared with P), Σ w otherwise. */
static gboolean
children_sum (const KhNode *node,
              double       *sum,
              gboolean     *consistent)
{
  gboolean points_system = node->aggregation == KH_AGG_SUM
                           || node->aggregation == KH_AGG_COEFFICIENT;

  if (node->children->len == 0)
    return FALSE;
  *sum = 0;
  for (guint i = 0; i < node->children->len; i++)
    {
      const KhNode *child = g_ptr_array_index (node->children, i);

      if (points_system && child->coefficient && node->aggregation == KH_AGG_COEFFICIENT)
        continue;
      *sum += points_system ? child->weight * child->points : child->weight;
    }
  *consistent = !points_system || fabs (*sum - node->points) <= KH_FRAMEWORK_POINTS_EPSILON;
  return TRUE;
}

static const char *
kind_icon (KhNodeKind kind)
{
  switch (kind)
    {
    case KH_NODE_ROOT:
      return "starred-symbolic";
    case KH_NODE_PAPER:
      return "accessories-text-editor-symbolic";
    case KH_NODE_DIMENSION:
      return "folder-symbolic";
    case KH_NODE_INDICATOR:
    default:
      return "view-continuous-symbolic";
    }
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  KhNode *node = list_item_node (list_item);
  gboolean indicator;
  gboolean sealed;
  const char *key;

  if (node == NULL)
    return;
  indicator = node->kind == KH_NODE_INDICATOR;
  sealed = FALSE;
  {
    KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (gtk_widget_get_ancestor (cell,
                                                                            KH_TYPE_FRAMEWORK_EDITOR));
    if (self != NULL && self->document != NULL)
      sealed = kh_document_is_sealed (self->document);
  }
  key = column_key (column, node);

  switch (column)
    {
    case COL_NAME:
      {
        GtkWidget *box, *icon, *label;

        gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell),
                                        gtk_list_item_get_item (list_item));
        box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (cell));
        icon = gtk_widget_get_first_child (box);
        label = gtk_widget_get_last_child (box);
        gtk_image_set_from_icon_name (GTK_IMAGE (icon), kind_icon (node->kind));
        gtk_editable_set_text (GTK_EDITABLE (label), node_display_name (node));
        gtk_editable_set_editable (GTK_EDITABLE (label), !sealed);
        kh_widget_set_lazy_tooltip (label, node->name.en);
        if (node->kind == KH_NODE_INDICATOR)
          gtk_widget_remove_css_class (label, "heading");
        else
          gtk_widget_add_css_class (label, "heading");
      }
      break;
    case COL_ID:
      gtk_label_set_text (GTK_LABEL (cell), node->id);
      break;
    case COL_WEIGHT:
    case COL_POINTS:
    case COL_TARGET:
      {
        g_autofree char *text = key != NULL ? kh_node_prop_get (node, key) : g_strdup ("—");

        gtk_editable_set_text (GTK_EDITABLE (cell), text);
        gtk_editable_set_editable (GTK_EDITABLE (cell), key != NULL && !sealed);
      }
      break;
    case COL_SUM:
      {
        double sum;
        gboolean consistent = TRUE;

        if (children_sum (node, &sum, &consistent))
          {
            g_autofree char *number = format_number (sum);
            g_autofree char *text = NULL;

            if (node->aggregation == KH_AGG_SUM || node->aggregation == KH_AGG_COEFFICIENT)
              text = g_strdup_printf (consistent ? "Σ %s" : "⚠ Σ %s", number);
            else
              text = g_strdup_printf ("Σw %s", number);
            gtk_label_set_text (GTK_LABEL (cell), text);
            kh_widget_set_lazy_tooltip (cell, consistent
                                                 ? _("Sum of the children’s weighted points")
                                                 : _("The children’s weighted points do not add up "
                                                     "to this node’s full points"));
          }
        else
          gtk_label_set_text (GTK_LABEL (cell), "");
        if (consistent)
          gtk_widget_remove_css_class (cell, "error");
        else
          gtk_widget_add_css_class (cell, "error");
      }
      break;
    case COL_DIRECTION:
    case COL_METHOD:
      g_object_set_data (G_OBJECT (cell), "kh-binding", GINT_TO_POINTER (1));
      gtk_widget_set_visible (cell, indicator);
      gtk_widget_set_sensitive (cell, !sealed);
      if (indicator)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (cell), column == COL_DIRECTION
                                                            ? (guint) node->direction
                                                            : (guint) node->scoring.method);
      g_object_set_data (G_OBJECT (cell), "kh-binding", NULL);
      break;
    default:
      break;
    }
}

static void
item_changed_cb (KhNodeItem  *item,
                 GtkListItem *list_item)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  bind_cell_cb (NULL, list_item, g_object_get_data (G_OBJECT (cell), "kh-cell-column"));
}

static void
bind_watch_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr (KhNodeItem) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  g_object_set_data (G_OBJECT (cell), "kh-cell-column", user_data);
  if (item != NULL)
    kh_ui_cell_watch (cell, item, G_CALLBACK (item_changed_cb), list_item);
  bind_cell_cb (factory, list_item, user_data);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  kh_ui_cell_unwatch (gtk_list_item_get_child (list_item));
}

static void
add_column (KhFrameworkEditor *self,
            Column             column,
            const char        *title,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_watch_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  if (column == COL_ID)
    gtk_column_view_column_set_fixed_width (view_column, 130);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

/* Model -------------------------------------------------------------------------------- */

static char *row_signature (const KhNode *node);

static void
register_item (KhFrameworkEditor *self,
               KhNodeItem        *item)
{
  g_object_set_data_full (G_OBJECT (item), "kh-signature",
                          row_signature (kh_node_item_get_node (item)), g_free);
  g_hash_table_replace (self->items, g_strdup (kh_node_item_get_id (item)), g_object_ref (item));
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  KhFrameworkEditor *self = user_data;
  GListModel *children = kh_node_item_get_children (KH_NODE_ITEM (item));

  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr (KhNodeItem) child = g_list_model_get_item (children, i);

      register_item (self, child);
    }
  return children;
}

typedef struct
{
  GString *text;
} ShapeContext;

static gboolean
shape_cb (KhNode  *node,
          gpointer user_data)
{
  GString *text = user_data;

  g_string_append_printf (text, "%s<%s:%d;", node->id, node->parent != NULL ? node->parent->id : "",
                          node->kind);
  return TRUE;
}

/* The tree's shape: ids, parents, kinds and order. */
static char *
framework_shape (KhFramework *fw)
{
  GString *text = g_string_new (NULL);

  if (fw != NULL)
    kh_framework_foreach_node (fw, shape_cb, text);
  return g_string_free (text, FALSE);
}

/* What a row shows of @node: when it is unchanged the row is not bound again. */
static char *
row_signature (const KhNode *node)
{
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "%s|%s|%s|%s|%.17g|%.17g|%d|%d|%d|%.17g|%.17g|%.17g|%d",
                          node->id, node->name.zh_CN != NULL ? node->name.zh_CN : "",
                          node->name.zh_TW != NULL ? node->name.zh_TW : "",
                          node->name.en != NULL ? node->name.en : "", node->weight,
                          node->points, node->aggregation, node->direction, node->scoring.method,
                          node->scoring.hi, node->scoring.target, node->band_hi, node->coefficient);
  for (guint i = 0; i < node->children->len; i++)
    {
      const KhNode *child = g_ptr_array_index (node->children, i);

      g_string_append_printf (text, "|%.17g,%.17g,%d", child->weight, child->points,
                              child->coefficient);
    }
  return g_string_free (text, FALSE);
}

static gboolean
update_item_cb (KhNode  *node,
                gpointer user_data)
{
  KhFrameworkEditor *self = user_data;
  KhNodeItem *item = g_hash_table_lookup (self->items, node->id);
  g_autofree char *signature = NULL;

  if (item == NULL)
    return TRUE;
  signature = row_signature (node);
  if (g_strcmp0 (signature, g_object_get_data (G_OBJECT (item), "kh-signature")) == 0)
    {
      /* Nothing shown changed: just point the item at the new node. */
      kh_node_item_set_node_silently (item, node);
      return TRUE;
    }
  g_object_set_data_full (G_OBJECT (item), "kh-signature", g_steal_pointer (&signature), g_free);
  kh_node_item_set_node (item, node);
  return TRUE;
}

static guint
find_position (KhFrameworkEditor *self,
               const char        *id)
{
  GListModel *model = G_LIST_MODEL (self->tree_model);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr (KhNodeItem) item = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (kh_node_item_get_id (item), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

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
  position = find_position (self, id);
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
  update_actions (self);
  rebuild_inspector (self);
}

/* Problems ------------------------------------------------------------------------------ */

typedef struct
{
  GHashTable *owners; /* object → node id */
  KhFrameworkEditor *self;
} CheckContext;

static gboolean
map_node_cb (KhNode  *node,
             gpointer user_data)
{
  GHashTable *owners = user_data;

  g_hash_table_insert (owners, node, node->id);
  if (node->formula != NULL)
    g_hash_table_insert (owners, node->formula, node->id);
  for (guint i = 0; i < node->scoring.steps->len; i++)
    g_hash_table_insert (owners, &g_array_index (node->scoring.steps, KhStep, i), node->id);
  return TRUE;
}

static void
problem_cb (gconstpointer object,
            const char   *message,
            gpointer      user_data)
{
  CheckContext *context = user_data;
  const char *id = g_hash_table_lookup (context->owners, object);

  g_ptr_array_add (context->self->problem_ids, g_strdup (id != NULL ? id : ""));
  g_ptr_array_add (context->self->problems, g_strdup (message));
}

static void
rebuild_problems (KhFrameworkEditor *self)
{
  KhFramework *fw = framework (self);
  GtkWidget *child;
  const char *plan_error = self->document != NULL ? kh_document_get_plan_error (self->document)
                                                  : NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->problem_ids, 0);

  if (fw != NULL)
    {
      CheckContext context = { g_hash_table_new (NULL, NULL), self };

      kh_framework_foreach_node (fw, map_node_cb, context.owners);
      kh_framework_check (fw, problem_cb, &context);
      g_hash_table_unref (context.owners);
    }
  if (plan_error != NULL)
    {
      g_ptr_array_add (self->problem_ids, g_strdup (""));
      g_ptr_array_add (self->problems, g_strdup (plan_error));
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

  if (index >= self->problem_ids->len || framework (self) == NULL)
    return;
  id = g_ptr_array_index (self->problem_ids, index);
  kh_framework_editor_select (self, *id != '\0' ? id : framework (self)->root->id);
}

static void
problem_activated_cb (KhFrameworkEditor *self,
                      GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0)
    kh_framework_editor_activate_problem (self, index);
}

/* Inspector ----------------------------------------------------------------------------- */

static void
entry_apply_cb (AdwEntryRow       *row,
                KhFrameworkEditor *self)
{
  set_property_later (self, g_object_get_data (G_OBJECT (row), "kh-node"),
                      g_object_get_data (G_OBJECT (row), "kh-key"),
                      gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
combo_selected_cb (AdwComboRow       *row,
                   GParamSpec        *pspec,
                   KhFrameworkEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "kh-key");
  const char *const *choices = kh_prop_choices (key);
  guint selected = adw_combo_row_get_selected (row);

  if (self->syncing)
    return;
  if (choices == NULL || selected >= g_strv_length ((char **) choices))
    return;
  set_property_later (self, g_object_get_data (G_OBJECT (row), "kh-node"), key, choices[selected]);
}

static void
switch_active_cb (GtkSwitch         *toggle,
                  GParamSpec        *pspec,
                  KhFrameworkEditor *self)
{
  if (self->syncing)
    return;
  set_property_later (self, g_object_get_data (G_OBJECT (toggle), "kh-node"),
                      g_object_get_data (G_OBJECT (toggle), "kh-key"),
                      gtk_switch_get_active (toggle) ? "true" : "false");
}

static GtkWidget *
make_prop_row (KhFrameworkEditor *self,
               const char        *node_id,
               const char        *key,
               const char        *title,
               KhPropKind         kind,
               const char        *value)
{
  GtkWidget *row;
  GObject *data_holder;

  if (kind == KH_PROP_CHOICE)
    {
      const char *const *choices = kh_prop_choices (key);
      g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
      guint selected = 0;

      /* The user reads the choices' names; the property keeps the XML keyword. */
      for (guint i = 0; choices[i] != NULL; i++)
        {
          gtk_string_list_append (list, kh_prop_choice_label (key, choices[i]));
          if (g_strcmp0 (choices[i], value) == 0)
            selected = i;
        }
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
      data_holder = G_OBJECT (row);
    }
  else if (kind == KH_PROP_BOOLEAN)
    {
      GtkWidget *toggle = gtk_switch_new ();

      gtk_switch_set_active (GTK_SWITCH (toggle), g_strcmp0 (value, "true") == 0);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      row = adw_action_row_new ();
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (switch_active_cb), self);
      data_holder = G_OBJECT (toggle);
    }
  else
    {
      row = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      if (kind != KH_PROP_TEXT)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      g_signal_connect (row, "apply", G_CALLBACK (entry_apply_cb), self);
      data_holder = G_OBJECT (row);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), "kh-holder", data_holder);
  g_object_set_data_full (data_holder, "kh-node", g_strdup (node_id), g_free);
  g_object_set_data_full (data_holder, "kh-key", g_strdup (key), g_free);
  gtk_widget_set_name (row, key);
  return row;
}

static GtkWidget *
add_group (KhFrameworkEditor *self,
           const char        *title,
           const char        *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->inspector_extra != NULL ? GTK_BOX (self->inspector_extra) : self->inspector,
                  group);
  return group;
}

static void
add_siblings_group (KhFrameworkEditor *self,
                    KhNode            *node)
{
  KhNode *parent = node->parent;
  GtkWidget *group;
  double sum;
  gboolean consistent = TRUE;
  g_autofree char *description = NULL;
  g_autofree char *sum_text = NULL;
  g_autofree char *points_text = NULL;

  if (parent == NULL || !children_sum (parent, &sum, &consistent))
    return;
  sum_text = format_number (sum);
  points_text = format_number (parent->points);
  if (parent->aggregation == KH_AGG_SUM || parent->aggregation == KH_AGG_COEFFICIENT)
    description = g_strdup_printf (consistent ? _("Weighted points add up to %s of %s")
                                              : _("⚠ Weighted points add up to %s, not %s"),
                                   sum_text, points_text);
  else
    description = g_strdup_printf (_("Weights add up to %s (%s aggregation normalises them)"),
                                   sum_text,
                                   kh_prop_choice_label ("aggregation",
                                                         kh_aggregation_to_string (parent->aggregation)));
  group = add_group (self, _("Siblings"), description);
  if (!consistent)
    gtk_widget_add_css_class (group, "kh-inconsistent");

  for (guint i = 0; i < parent->children->len; i++)
    {
      KhNode *sibling = g_ptr_array_index (parent->children, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *weight = format_number (sibling->weight);
      g_autofree char *points = format_number (sibling->points);
      g_autofree char *subtitle = g_strdup_printf (_("weight %s × %s points"), weight, points);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), node_display_name (sibling));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (sibling == node)
        gtk_widget_add_css_class (row, "kh-current");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
add_rule_rows (KhFrameworkEditor *self,
               GtkWidget         *group,
               const char        *prefix)
{
  KhFramework *fw = framework (self);
  g_autoptr (GPtrArray) keys = kh_rule_prop_keys (fw);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (key, prefix))
        continue;
      value = kh_rule_prop_get (fw, key);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 make_prop_row (self, "", key, key + strlen (prefix),
                                                kh_rule_prop_kind (key), value));
    }
}

static void
add_rules_groups (KhFrameworkEditor *self)
{
  KhFramework *fw = framework (self);

  for (guint g = 0; g < fw->groups->len; g++)
    {
      KhGroup *group = g_ptr_array_index (fw->groups, g);
      g_autofree char *title = g_strdup_printf (_("Rules of %s"),
                                                kh_text_get (&group->name, kh_ui_get_lang ()) != NULL
                                                  ? kh_text_get (&group->name, kh_ui_get_lang ())
                                                  : group->id);
      g_autofree char *prefix = g_strdup_printf ("group/%s/", group->id);
      GtkWidget *widget = add_group (self, title,
                                     _("Tiers, awards and recommendation quotas of the group"));

      add_rule_rows (self, widget, prefix);
    }
  if (fw->constraints->len > 0)
    add_rule_rows (self, add_group (self, _("Binding Constraints"),
                                    _("Targets and the consequences of missing them")),
                   "constraint/");
}

static void
add_constraint_groups (KhFrameworkEditor *self,
                       KhNode            *node)
{
  KhFramework *fw = framework (self);

  for (guint c = 0; c < fw->constraints->len; c++)
    {
      KhConstraint *constraint = g_ptr_array_index (fw->constraints, c);
      const char *input = constraint->input != NULL ? constraint->input : constraint->id;
      g_autofree char *prefix = NULL;

      if (g_strcmp0 (input, node->id) != 0)
        continue;
      prefix = g_strdup_printf ("constraint/%s/", constraint->id);
      add_rule_rows (self, add_group (self, _("Binding Constraint"),
                                      _("The consequence when a unit misses the target")),
                     prefix);
    }
}

static char *
inspector_layout (KhNode *node)
{
  GString *text = g_string_new (NULL);

  for (const KhPropInfo *p = kh_node_props (); p->key != NULL; p++)
    if (kh_node_prop_applies (p, node))
      g_string_append_printf (text, "%s;", p->key);
  return g_string_free (text, FALSE);
}

/* Shows @node's current values in the rows already there. */
static void
sync_prop_rows (KhFrameworkEditor *self,
                KhNode            *node)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->prop_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->prop_rows, i);
      GObject *holder = g_object_get_data (G_OBJECT (row), "kh-holder");
      const char *key = g_object_get_data (holder, "kh-key");
      g_autofree char *value = kh_node_prop_get (node, key);

      if (ADW_IS_COMBO_ROW (row))
        {
          const char *const *choices = kh_prop_choices (key);

          for (guint c = 0; choices[c] != NULL; c++)
            if (g_strcmp0 (choices[c], value) == 0)
              adw_combo_row_set_selected (ADW_COMBO_ROW (row), c);
        }
      else if (GTK_IS_SWITCH (holder))
        gtk_switch_set_active (GTK_SWITCH (holder), g_strcmp0 (value, "true") == 0);
      else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), value);
    }
  self->syncing = FALSE;
}

static void
inspector_map_cb (KhFrameworkEditor *self)
{
  if (self->inspector_dirty)
    rebuild_inspector (self);
}

static void
add_extra_groups (KhFrameworkEditor *self,
                  KhNode            *node)
{
  add_siblings_group (self, node);
  if (node->kind == KH_NODE_INDICATOR)
    add_constraint_groups (self, node);
  if (node->parent == NULL)
    add_rules_groups (self);
}

static void
rebuild_inspector (KhFrameworkEditor *self)
{
  KhNode *node = selected_node (self);
  GtkWidget *child;
  GtkWidget *group;
  gboolean sealed = self->document != NULL && kh_document_is_sealed (self->document);
  g_autofree char *layout = node != NULL ? inspector_layout (node) : NULL;

  /* Hidden: refresh when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->inspector)))
    {
      self->inspector_dirty = TRUE;
      return;
    }
  self->inspector_dirty = FALSE;

  if (node != NULL && self->inspector_extra != NULL && g_strcmp0 (node->id, self->inspector_id) == 0
      && g_strcmp0 (layout, self->inspector_layout) == 0)
    {
      /* The same node with the same rows: update values, rebuild only the groups below. */
      sync_prop_rows (self, node);
      while ((child = gtk_widget_get_first_child (self->inspector_extra)) != NULL)
        gtk_box_remove (GTK_BOX (self->inspector_extra), child);
      add_extra_groups (self, node);
      gtk_widget_set_sensitive (GTK_WIDGET (self->inspector), !sealed);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->inspector))) != NULL)
    gtk_box_remove (self->inspector, child);
  g_ptr_array_set_size (self->prop_rows, 0);
  self->inspector_extra = NULL;
  g_free (self->inspector_id);
  self->inspector_id = node != NULL ? g_strdup (node->id) : NULL;
  g_free (self->inspector_layout);
  self->inspector_layout = g_steal_pointer (&layout);

  if (node == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-list-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Node Selected"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Select a node to see and edit all of its properties. "
                                         "The root holds the tier, award and quota rules."));
      gtk_widget_add_css_class (status, "compact");
      gtk_box_append (self->inspector, status);
      return;
    }

  {
    g_autofree char *subtitle = g_strdup_printf ("%s · %s", kh_node_kind_label (node->kind),
                                                 node->id);

    group = add_group (self, node_display_name (node), subtitle);
  }
  for (const KhPropInfo *p = kh_node_props (); p->key != NULL; p++)
    {
      g_autofree char *value = NULL;
      GtkWidget *row;

      if (!kh_node_prop_applies (p, node))
        continue;
      value = kh_node_prop_get (node, p->key);
      row = make_prop_row (self, node->id, p->key, _(p->label), p->kind, value);
      g_ptr_array_add (self->prop_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  self->inspector_extra = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (self->inspector, self->inspector_extra);
  add_extra_groups (self, node);

  gtk_widget_set_sensitive (GTK_WIDGET (self->inspector), !sealed);
}

/* Document ------------------------------------------------------------------------------ */

static void rebuild_tree_now (KhFrameworkEditor *self);

static void
rebuild_tree (KhFrameworkEditor *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
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
  KhFramework *fw = framework (self);
  g_autofree char *keep = g_strdup (self->selected_id);
  g_autofree char *shape = framework_shape (fw);
  guint position;

  self->tree_dirty = FALSE;
  if (fw != NULL && g_strcmp0 (shape, self->structure) == 0)
    {
      /* Same shape: point the items at the new nodes; bound cells refresh themselves. */
      kh_framework_foreach_node (fw, update_item_cb, self);
      if (find_position (self, self->selected_id) == GTK_INVALID_LIST_POSITION)
        kh_framework_editor_select (self, fw->root->id);
      rebuild_inspector (self);
      rebuild_problems (self);
      return;
    }
  g_free (self->structure);
  self->structure = g_steal_pointer (&shape);
  g_hash_table_remove_all (self->items);

  self->rebuilding = TRUE;
  if (fw != NULL)
    {
      g_autoptr (KhNodeItem) root = kh_node_item_new (fw->root);

      register_item (self, root);

      g_list_store_splice (self->root_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->root_store)),
                           (gpointer *) &root, 1);
    }
  else
    g_list_store_remove_all (self->root_store);

  position = find_position (self, keep);
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
  rebuild_inspector (self);
  rebuild_problems (self);
}

static void
document_changed_cb (KhFrameworkEditor *self,
                     guint              what)
{
  if (what & KH_CHANGE_YEAR)
    g_clear_pointer (&self->structure, g_free);
  if (what & (KH_CHANGE_FRAMEWORK | KH_CHANGE_YEAR))
    rebuild_tree (self);
  else if (what & KH_CHANGE_RESULTS)
    rebuild_problems (self);
  update_actions (self);
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
  g_clear_pointer (&self->structure, g_free);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  rebuild_tree (self);
  update_actions (self);
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
  g_clear_object (&self->root_store);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->problem_ids, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->prop_rows, g_ptr_array_unref);
  g_clear_pointer (&self->structure, g_free);
  g_clear_pointer (&self->inspector_id, g_free);
  g_clear_pointer (&self->inspector_layout, g_free);

  G_OBJECT_CLASS (kh_framework_editor_parent_class)->dispose (object);
}

static void
kh_framework_editor_class_init (KhFrameworkEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_framework_editor_dispose;
  widget_class->map = kh_framework_editor_map;

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
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);

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

static void
kh_framework_editor_init (KhFrameworkEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->problem_ids = g_ptr_array_new_with_free_func (g_free);
  self->root_store = g_list_store_new (KH_TYPE_NODE_ITEM);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->prop_rows = g_ptr_array_new ();
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->root_store)), FALSE,
                                              TRUE, create_children_cb, self, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->tree_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COL_NAME, _("Name"), TRUE);
  add_column (self, COL_ID, _("Identifier"), FALSE);
  add_column (self, COL_WEIGHT, _("Weight"), FALSE);
  add_column (self, COL_POINTS, _("Points"), FALSE);
  add_column (self, COL_SUM, _("Children"), FALSE);
  add_column (self, COL_DIRECTION, _("Direction"), FALSE);
  add_column (self, COL_METHOD, _("Method"), FALSE);
  add_column (self, COL_TARGET, _("Target"), FALSE);

  self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self->column_view));
  g_signal_connect_swapped (self->inspector, "map", G_CALLBACK (inspector_map_cb), self);

  update_actions (self);
  rebuild_inspector (self);
}
