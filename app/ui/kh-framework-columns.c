/* kh-framework-columns.c — the Framework page's tree columns and their cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-framework-check.h"
#include "kh-framework-editor-private.h"
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

static const char *
column_key (Column column,
            KhNode *node)
{
  switch (column)
    {
    case COL_NAME:
      return kh_framework_name_key ();
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

static KhFrameworkEditor *
cell_editor (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "kh-editor");
}

/* An edit typed in a name or number cell, for the node @target (see kh_ui_edit_cell_new). */
static void
commit_cb (gpointer    owner,
           GtkWidget  *cell,
           const char *target,
           guint       epoch,
           const char *text)
{
  KhFrameworkEditor *self = owner;
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "kh-column"));
  KhFramework *fw = kh_framework_editor_get_framework (self);
  KhNode *node = fw != NULL && epoch == self->epoch ? kh_framework_find_node (fw, target) : NULL;
  const char *key;
  g_autofree char *old = NULL;

  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is no longer in the framework open: "
                                                    "the edit was not applied"),
                                                  target);

      kh_framework_editor_show_message (self, message);
      return;
    }
  key = column_key (column, node);
  if (key == NULL)
    return;
  old = kh_node_prop_get (node, key);
  /* The name shown may be another script's (no name of the reader's yet): unchanged, it
   * stays where it is. */
  if (g_strcmp0 (old, text) == 0
      || (column == COL_NAME && g_strcmp0 (text, kh_framework_node_display_name (node)) == 0))
    return;
  kh_framework_editor_set_property (self, node->id, key, text);
}

static void
selected_changed_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     gpointer     user_data)
{
  KhFrameworkEditor *self = cell_editor (GTK_WIDGET (dropdown));
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "kh-column"));
  const char *id = g_object_get_data (G_OBJECT (dropdown), "kh-node-id");
  KhFramework *fw = kh_framework_editor_get_framework (self);
  KhNode *node = fw != NULL && id != NULL ? kh_framework_find_node (fw, id) : NULL;
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
  old = kh_node_prop_get (node, key);
  if (g_strcmp0 (old, choices[selected]) != 0)
    kh_framework_editor_set_property_later (self, node->id, key, choices[selected]);
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

static GtkWidget *
edit_cell_new (KhFrameworkEditor *self,
               Column             column)
{
  GtkWidget *cell = kh_ui_edit_cell_new (self, commit_cb, NULL);

  g_object_set_data (G_OBJECT (cell), "kh-column", GINT_TO_POINTER (column));
  return cell;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  KhFrameworkEditor *self = g_object_get_data (G_OBJECT (factory), "kh-editor");
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
        GtkWidget *label = edit_cell_new (self, column);

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
      cell = edit_cell_new (self, column);
      gtk_editable_set_width_chars (GTK_EDITABLE (cell), 6);
      gtk_editable_set_alignment (GTK_EDITABLE (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
      break;
    case COL_DIRECTION:
    case COL_METHOD:
      cell = gtk_drop_down_new (G_LIST_MODEL (choice_labels (column)), NULL);
      gtk_widget_add_css_class (cell, "flat");
      g_object_set_data (G_OBJECT (cell), "kh-column", GINT_TO_POINTER (column));
      g_signal_connect (cell, "notify::selected", G_CALLBACK (selected_changed_cb), NULL);
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

  g_object_set_data (G_OBJECT (cell), "kh-editor", self);
  g_object_set_data (G_OBJECT (cell), "kh-cell-column", GINT_TO_POINTER (column));
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_pressed_cb), list_item);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (list_item, cell);
}

char *
kh_framework_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

gboolean
kh_framework_children_sum (const KhNode *node,
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

static gboolean
start_rename_cb (gpointer user_data)
{
  GtkWidget *label = user_data;
  KhFrameworkEditor *self = KH_FRAMEWORK_EDITOR (gtk_widget_get_ancestor (label,
                                                                          KH_TYPE_FRAMEWORK_EDITOR));

  if (gtk_widget_get_mapped (label) && self != NULL
      && g_strcmp0 (kh_ui_edit_cell_get_target (label), self->rename_id) == 0)
    kh_ui_edit_cell_start (label);
  if (self != NULL && g_strcmp0 (kh_ui_edit_cell_get_target (label), self->rename_id) == 0)
    g_clear_pointer (&self->rename_id, g_free);
  g_object_unref (label);
  return G_SOURCE_REMOVE;
}

/* Shows @item's node in @cell (of @column); nothing for a detached item. */
static void
show_cell (GtkWidget  *cell,
           Column      column,
           KhNodeItem *item)
{
  KhFrameworkEditor *self = cell_editor (cell);
  KhNode *node = kh_node_item_get_node (item);
  gboolean indicator;
  gboolean sealed;
  const char *key;

  if (node == NULL || self == NULL)
    return;
  indicator = node->kind == KH_NODE_INDICATOR;
  sealed = self->document != NULL && kh_document_is_read_only (self->document);
  key = column_key (column, node);

  switch (column)
    {
    case COL_NAME:
      {
        GtkWidget *box, *icon, *label;

        box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (cell));
        icon = gtk_widget_get_first_child (box);
        label = gtk_widget_get_last_child (box);
        gtk_image_set_from_icon_name (GTK_IMAGE (icon), kind_icon (node->kind));
        kh_ui_edit_cell_bind (label, node->id, self->epoch, kh_framework_node_display_name (node),
                              !sealed);
        kh_widget_set_lazy_tooltip (label, node->name.en);
        if (node->kind == KH_NODE_INDICATOR)
          gtk_widget_remove_css_class (label, "heading");
        else
          gtk_widget_add_css_class (label, "heading");
        /* A node just added: its name is edited at once. */
        if (self->rename_id != NULL && g_strcmp0 (node->id, self->rename_id) == 0)
          g_idle_add (start_rename_cb, g_object_ref (label));
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

        kh_ui_edit_cell_bind (cell, node->id, self->epoch, text, key != NULL && !sealed);
      }
      break;
    case COL_SUM:
      {
        double sum;
        gboolean consistent = TRUE;

        if (kh_framework_children_sum (node, &sum, &consistent))
          {
            g_autofree char *number = kh_framework_format_number (sum);
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
      g_object_set_data_full (G_OBJECT (cell), "kh-node-id", g_strdup (node->id), g_free);
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
item_changed_cb (KhNodeItem *item,
                 GtkWidget  *cell)
{
  show_cell (cell, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "kh-cell-column")), item);
}

static GtkWidget *
edit_cell_of (GtkWidget *cell,
              Column     column)
{
  if (column == COL_NAME)
    return gtk_widget_get_last_child (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (cell)));
  if (column == COL_WEIGHT || column == COL_POINTS || column == COL_TARGET)
    return cell;
  return NULL;
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr (KhNodeItem) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  if (column == COL_NAME)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), row);
  if (item == NULL)
    return;
  kh_ui_cell_watch (cell, item, G_CALLBACK (item_changed_cb));
  show_cell (cell, column, item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GtkWidget *edit = edit_cell_of (cell, GPOINTER_TO_INT (user_data));

  kh_ui_cell_unwatch (cell);
  if (edit != NULL)
    kh_ui_edit_cell_unbind (edit);
  if (GPOINTER_TO_INT (user_data) == COL_NAME)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), NULL);
}

static void
add_column (KhFrameworkEditor *self,
            Column             column,
            const char        *title,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "kh-editor", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  if (column == COL_ID)
    gtk_column_view_column_set_fixed_width (view_column, 130);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

void
kh_framework_editor_add_columns (KhFrameworkEditor *self)
{
  add_column (self, COL_NAME, _("Name"), TRUE);
  add_column (self, COL_ID, _("Identifier"), FALSE);
  add_column (self, COL_WEIGHT, _("Weight"), FALSE);
  add_column (self, COL_POINTS, _("Points"), FALSE);
  add_column (self, COL_SUM, _("Children"), FALSE);
  add_column (self, COL_DIRECTION, _("Direction"), FALSE);
  add_column (self, COL_METHOD, _("Method"), FALSE);
  add_column (self, COL_TARGET, _("Target"), FALSE);
}
