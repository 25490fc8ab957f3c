/* kh-framework-editor-private.h — what the Framework page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor widget (kh-framework-editor.c) composes:
 *   kh-framework-tree.c              the tree list model and its node items
 *   kh-framework-columns.c           the column view's cell factories
 *   kh-framework-editor-actions.c    the editing actions and their undo steps
 *   kh-framework-inspector.c         the inspector bound to the selected node
 * Only these files include this header.
 */
#pragma once

#include "core/kh-framework.h"
#include "kh-framework-editor.h"
#include "kh-framework-tree.h"

G_BEGIN_DECLS

struct _KhFrameworkEditor
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;

  KhFrameworkTree *tree;
  guint epoch;           /* changes with the year, category or document shown */
  char *rename_id;       /* a node just added, whose name cell starts editing when shown */
  GtkSingleSelection *selection;
  char *selected_id;
  gboolean rebuilding;
  GPtrArray *problems; /* of char* "id: message" */
  GPtrArray *problem_ids;
  GtkWidget *context_popover;

  /* Edits that keep the tree's shape update items and widgets in place (fast); others
   * rebuild the tree. */
  char *inspector_id;    /* node the inspector shows, and which rows it has */
  char *inspector_layout;
  GPtrArray *prop_rows;  /* the inspector's property rows (borrowed) */
  GtkWidget *inspector_extra;
  char *inspector_extra_text; /* what inspector_extra shows, as text (extra_groups_text()) */
  GtkWidget *inspector_title; /* the group titled with the node's name */
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
  GtkWidget *save_button;
};

/* kh-framework-editor.c */
void         kh_framework_editor_show_message      (KhFrameworkEditor *self,
                                                    const char        *message);
KhFramework *kh_framework_editor_get_framework     (KhFrameworkEditor *self);
KhNode      *kh_framework_editor_get_selected_node (KhFrameworkEditor *self);
/* The node's name in the reader's script, else its id. */
const char  *kh_framework_node_display_name       (const KhNode      *node);
/* The property the name column edits: the name in the reader's script. */
const char  *kh_framework_name_key                 (void);

/* kh-framework-columns.c */
void         kh_framework_editor_add_columns       (KhFrameworkEditor *self);
/* The children's sum: Σ w·P for sums (compared with P), Σ w otherwise; FALSE for a leaf. */
gboolean     kh_framework_children_sum             (const KhNode      *node,
                                                    double            *sum,
                                                    gboolean          *consistent);
/* "%.6g", or "—" for NAN. */
char        *kh_framework_format_number            (double             value);

/* kh-framework-editor-actions.c */
void         kh_framework_editor_class_add_actions (GtkWidgetClass    *widget_class);
void         kh_framework_editor_update_actions    (KhFrameworkEditor *self);
/* Sets a property of the node @node_id ("" or NULL: a rule property) as one undo step;
 * a refused value is reported and the widgets show the stored value again. */
gboolean     kh_framework_editor_set_property      (KhFrameworkEditor *self,
                                                    const char        *node_id,
                                                    const char        *key,
                                                    const char        *value);
/* Sets a property from an idle callback: the edit rebuilds the widget that asks for it.
 * @node_id "" or NULL: a rule property. */
void         kh_framework_editor_set_property_later (KhFrameworkEditor *self,
                                                     const char        *node_id,
                                                     const char        *key,
                                                     const char        *value);

/* kh-framework-inspector.c */
void         kh_framework_editor_init_inspector    (KhFrameworkEditor *self);
void         kh_framework_editor_rebuild_inspector (KhFrameworkEditor *self);

G_END_DECLS
