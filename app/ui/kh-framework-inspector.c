/* kh-framework-inspector.c — the Framework page's inspector: every property of the
 * selected node, its siblings' weights, and the rules and constraints that concern it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-framework-editor-private.h"
#include "kh-node-props.h"
#include "kh-ui.h"

static void
entry_apply_cb (AdwEntryRow       *row,
                KhFrameworkEditor *self)
{
  kh_framework_editor_set_property_later (self, g_object_get_data (G_OBJECT (row), "kh-node"),
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
  kh_framework_editor_set_property_later (self, g_object_get_data (G_OBJECT (row), "kh-node"), key, choices[selected]);
}

static void
switch_active_cb (GtkSwitch         *toggle,
                  GParamSpec        *pspec,
                  KhFrameworkEditor *self)
{
  if (self->syncing)
    return;
  kh_framework_editor_set_property_later (self, g_object_get_data (G_OBJECT (toggle), "kh-node"),
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
  kh_ui_row_set_plain (row);
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
  GtkWidget *group = kh_ui_group_new (title, description);

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

  if (parent == NULL || !kh_framework_children_sum (parent, &sum, &consistent))
    return;
  sum_text = kh_framework_format_number (sum);
  points_text = kh_framework_format_number (parent->points);
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
      g_autofree char *weight = kh_framework_format_number (sibling->weight);
      g_autofree char *points = kh_framework_format_number (sibling->points);
      g_autofree char *subtitle = g_strdup_printf (_("weight %s × %s points"), weight, points);

      kh_ui_row_set_plain (row);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kh_framework_node_display_name (sibling));
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
  KhFramework *fw = kh_framework_editor_get_framework (self);
  g_autoptr (GPtrArray) keys = kh_survey_prop_is (prefix) ? kh_survey_prop_keys (fw)
                                                          : kh_rule_prop_keys (fw);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (key, prefix))
        continue;
      value = kh_rule_prop_get (fw, key);
      if (kh_survey_prop_is (key))
        {
          g_autofree char *title = kh_survey_prop_title (key);

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     make_prop_row (self, "", key, title, kh_rule_prop_kind (key),
                                                    value));
          continue;
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 make_prop_row (self, "", key, key + strlen (prefix),
                                                kh_rule_prop_kind (key), value));
    }
}

static void
add_rules_groups (KhFrameworkEditor *self)
{
  KhFramework *fw = kh_framework_editor_get_framework (self);

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
  add_rule_rows (self, add_group (self, _("Satisfaction Survey"),
                                  fw->survey != NULL
                                    ? _("Rater classes and their weights, items and their scales, "
                                        "who rates whom, the minimum sample and the trimming. "
                                        "Lists of ids: a new id adds one, a removed id deletes it.")
                                    : _("No survey: name the indicator its score goes into to "
                                        "declare one")),
                 "survey/");
}

static void
add_constraint_groups (KhFrameworkEditor *self,
                       KhNode            *node)
{
  KhFramework *fw = kh_framework_editor_get_framework (self);

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
    kh_framework_editor_rebuild_inspector (self);
}

/* Every rule property @fw has whose key starts with @prefix ("": all), with its value. */
static void
append_rule_props (GString     *text,
                   KhFramework *fw,
                   const char  *prefix)
{
  g_autoptr (GPtrArray) keys = kh_rule_prop_keys (fw);
  g_autoptr (GPtrArray) survey_keys = kh_survey_prop_keys (fw);

  g_ptr_array_extend_and_steal (keys, g_steal_pointer (&survey_keys));
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (key, prefix))
        continue;
      value = kh_rule_prop_get (fw, key);
      g_string_append_printf (text, "%s=%s\n", key, value != NULL ? value : "");
    }
}

/* What add_extra_groups() shows of @node, as text: the groups are made again only when it
 * changes (issue 22: a weight edit with the root selected made every rule row of every
 * group again — most of the edit's time at 200 indicators —, with an indicator selected its
 * siblings' rows; only the siblings' weights change then). */
static char *
extra_groups_text (KhFrameworkEditor *self,
                   KhNode            *node)
{
  KhFramework *fw = kh_framework_editor_get_framework (self);
  GString *text = g_string_new (NULL);
  KhNode *parent = node->parent;

  if (parent != NULL)
    {
      double sum = 0;
      gboolean consistent = TRUE;
      gboolean has_sum = kh_framework_children_sum (parent, &sum, &consistent);

      g_string_append_printf (text, "siblings %d %.17g %d %.17g %d\n", has_sum, sum, consistent,
                              parent->points, parent->aggregation);
      for (guint i = 0; has_sum && i < parent->children->len; i++)
        {
          KhNode *sibling = g_ptr_array_index (parent->children, i);

          g_string_append_printf (text, "%s\t%s\t%.17g\t%.17g\t%d\n", sibling->id,
                                  kh_framework_node_display_name (sibling), sibling->weight,
                                  sibling->points, sibling == node);
        }
    }
  if (node->kind == KH_NODE_INDICATOR)
    append_rule_props (text, fw, "constraint/");
  if (parent == NULL)
    {
      for (guint g = 0; g < fw->groups->len; g++)
        {
          KhGroup *group = g_ptr_array_index (fw->groups, g);
          const char *name = kh_text_get (&group->name, kh_ui_get_lang ());

          g_string_append_printf (text, "group %s %s\n", group->id, name != NULL ? name : "");
        }
      g_string_append_printf (text, "constraints %u survey %d\n", fw->constraints->len,
                              fw->survey != NULL);
      append_rule_props (text, fw, "");
    }
  return g_string_free (text, FALSE);
}

static void
add_extra_groups (KhFrameworkEditor *self,
                  KhNode            *node)
{
  g_free (self->inspector_extra_text);
  self->inspector_extra_text = extra_groups_text (self, node);
  add_siblings_group (self, node);
  if (node->kind == KH_NODE_INDICATOR)
    add_constraint_groups (self, node);
  if (node->parent == NULL)
    add_rules_groups (self);
}

/* A read-only document's property rows: insensitive, and without the pencil that tells
 * an entry row may be edited (libadwaita shows it, dimmed, even on an insensitive row;
 * it sets the icon visible itself, so it is kept out by its child-visible flag). */
static void
show_edit_icons (GtkWidget *root,
                 gboolean   show)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_IMAGE (c) && gtk_widget_has_css_class (c, "edit-icon"))
        gtk_widget_set_child_visible (c, show);
      else
        show_edit_icons (c, show);
    }
}

static void
set_inspector_read_only (KhFrameworkEditor *self,
                         gboolean           read_only)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->inspector), !read_only);
  show_edit_icons (GTK_WIDGET (self->inspector), !read_only);
}

void
kh_framework_editor_rebuild_inspector (KhFrameworkEditor *self)
{
  KhNode *node = kh_framework_editor_get_selected_node (self);
  GtkWidget *child;
  GtkWidget *group;
  gboolean sealed = self->document != NULL && kh_document_is_read_only (self->document);
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
      /* The same node with the same rows: update values, rebuild only the groups below,
       * and those only when what they show changed. */
      g_autofree char *title = g_markup_escape_text (kh_framework_node_display_name (node), -1);
      g_autofree char *extra = extra_groups_text (self, node);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->inspector_title), title);
      sync_prop_rows (self, node);
      if (g_strcmp0 (extra, self->inspector_extra_text) != 0)
        {
          while ((child = gtk_widget_get_first_child (self->inspector_extra)) != NULL)
            gtk_box_remove (GTK_BOX (self->inspector_extra), child);
          add_extra_groups (self, node);
        }
      set_inspector_read_only (self, sealed);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->inspector))) != NULL)
    gtk_box_remove (self->inspector, child);
  g_ptr_array_set_size (self->prop_rows, 0);
  self->inspector_extra = NULL;
  self->inspector_title = NULL;
  g_free (self->inspector_id);
  self->inspector_id = node != NULL ? g_strdup (node->id) : NULL;
  g_free (self->inspector_layout);
  self->inspector_layout = g_steal_pointer (&layout);

  if (node == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-list-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Node Selected"));
      kh_ui_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Select a node to see and edit all of its properties. "
                                         "The root holds the tier, award and quota rules."));
      gtk_widget_add_css_class (status, "compact");
      gtk_box_append (self->inspector, status);
      return;
    }

  {
    g_autofree char *subtitle = g_strdup_printf ("%s · %s", kh_node_kind_label (node->kind),
                                                 node->id);

    group = add_group (self, kh_framework_node_display_name (node), subtitle);
    self->inspector_title = group;
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

  set_inspector_read_only (self, sealed);
}

void
kh_framework_editor_init_inspector (KhFrameworkEditor *self)
{
  self->prop_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->inspector, "map", G_CALLBACK (inspector_map_cb), self);
}
