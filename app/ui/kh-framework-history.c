/* kh-framework-history.c — the Framework page's History… window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Above, the saved versions of the year's framework of the category open
 * (kh_project_get_framework_versions(): version, when, who, from what, the current one);
 * below, what changed from the selected version to the version chosen in "Compare with"
 * (or to the framework being edited), or between it and another year's framework of the
 * category (its framework now; the earlier year's first) — kh_framework_changes(), the
 * same table as `kaohe-cli diff PROJECT YEAR:V YEAR:W`. Restore This Version puts the selected version
 * in the editor as one undo step; saving it then adds it to the history as a new version.
 * A sealed year's versions are shown, but none can be restored.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "kh-framework-changes-table.h"
#include "kh-framework-history.h"

struct _KhFrameworkHistory
{
  GtkWindow parent_instance;

  KhDocument *document;
  gulong changed_handler;
  int year;
  char *category;
  GPtrArray *versions; /* of KhFrameworkVersion* */
  GArray *years;       /* the other years with a framework of the category, ascending */
  guint n_changes;
  gboolean refreshing;

  GtkLabel *heading;
  GtkListBox *list;
  GtkDropDown *compare;
  GtkStringList *compare_model;
  GtkButton *restore;
  GtkLabel *summary;
  GtkGrid *table;
};

G_DEFINE_FINAL_TYPE (KhFrameworkHistory, kh_framework_history, GTK_TYPE_WINDOW)

/* "2026-12-05 11:10" in local time, or "—" when the log did not say. */
static char *
format_time (const char *iso)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (iso == NULL || iso[0] == '\0')
    return g_strdup ("—");
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static KhFramework *
load_version (KhFrameworkHistory *self,
              int                 version,
              GError            **error)
{
  KhProject *project = kh_document_get_project (self->document);
  g_autofree char *xml =
    kh_project_get_framework_version_xml (project, self->year, self->category, version, error);
  g_autofree char *name = NULL;

  if (xml == NULL)
    return NULL;
  name = g_strdup_printf (_("version %d of %d"), version, self->year);
  return kh_framework_xml_load_data (xml, strlen (xml), name, error);
}

/* @year's framework of the category now. */
static KhFramework *
load_year (KhFrameworkHistory *self,
           int                 year,
           GError            **error)
{
  KhProject *project = kh_document_get_project (self->document);
  g_autofree char *xml = kh_project_get_category_framework_xml (project, year, self->category,
                                                                error);
  g_autofree char *name = NULL;

  if (xml == NULL)
    return NULL;
  name = g_strdup_printf (_("the framework of %d"), year);
  return kh_framework_xml_load_data (xml, strlen (xml), name, error);
}

static const KhFrameworkVersion *
selected_version (KhFrameworkHistory *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (index < 0 || self->versions == NULL || (guint) index >= self->versions->len)
    return NULL;
  return self->versions->pdata[index];
}

/* The year "Compare with" holds at @position, or 0 when it holds a version or the
 * framework being edited. */
static int
compared_year (KhFrameworkHistory *self,
               guint               position)
{
  if (position == GTK_INVALID_LIST_POSITION || position <= self->versions->len
      || position - self->versions->len - 1 >= self->years->len)
    return 0;
  return g_array_index (self->years, int, position - self->versions->len - 1);
}

/* The changes between the selected version and another year's framework, the earlier
 * year's first. */
static void
update_year_changes (KhFrameworkHistory       *self,
                     const KhFrameworkVersion *from,
                     int                       year)
{
  g_autoptr (KhFramework) version = NULL;
  g_autoptr (KhFramework) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *version_name = NULL;
  g_autofree char *year_name = NULL;
  g_autofree char *text = NULL;
  gboolean other_first = year < self->year;

  version = load_version (self, from->version, &error);
  if (version != NULL)
    other = load_year (self, year, &error);
  if (other == NULL)
    {
      gtk_label_set_text (self->summary, error != NULL ? error->message : "");
      return;
    }
  self->n_changes = kh_framework_changes_fill_grid (self->table, other_first ? other : version,
                                                    other_first ? version : other);
  /* TRANSLATORS: "version 2 of 2020" */
  version_name = g_strdup_printf (_("version %d of %d"), from->version, self->year);
  year_name = g_strdup_printf (_("the framework of %d"), year);
  text = self->n_changes == 0
           ? g_strdup_printf (_("No changes from %s to %s."),
                              other_first ? year_name : version_name,
                              other_first ? version_name : year_name)
           /* TRANSLATORS: "3 changes from the framework of 2019 to version 2 of 2020:" */
           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change from %s to %s:",
                                           "%u changes from %s to %s:", self->n_changes),
                              self->n_changes, other_first ? year_name : version_name,
                              other_first ? version_name : year_name);
  gtk_label_set_text (self->summary, text);
}

/* The table of changes from the selected version to the one compared. */
static void
update_changes (KhFrameworkHistory *self)
{
  const KhFrameworkVersion *from = selected_version (self);
  guint other = gtk_drop_down_get_selected (self->compare);
  g_autoptr (KhFramework) earlier = NULL;
  g_autoptr (KhFramework) later = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *to_name = NULL;
  int other_year = compared_year (self, other);
  gboolean sealed = kh_document_is_sealed (self->document);

  kh_framework_changes_fill_grid (self->table, NULL, NULL);
  self->n_changes = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore), from != NULL && !sealed);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->restore),
                               sealed ? _("The year is sealed: its framework cannot change")
                                      : _("Put this version in the editor (one undo step; "
                                          "save it to keep it as a new version)"));
  if (from == NULL)
    {
      gtk_label_set_text (self->summary, _("Select a version to see what changed."));
      return;
    }
  if (other_year != 0)
    {
      update_year_changes (self, from, other_year);
      return;
    }
  earlier = load_version (self, from->version, &error);
  if (earlier != NULL)
    {
      if (other == 0 || other == GTK_INVALID_LIST_POSITION)
        {
          later = kh_framework_ref (kh_document_get_framework (self->document));
          to_name = g_strdup (_("the framework being edited"));
        }
      else
        {
          later = load_version (self, (int) other, &error);
          to_name = g_strdup_printf (_("version %u"), other);
        }
    }
  if (later == NULL)
    {
      gtk_label_set_text (self->summary, error != NULL ? error->message : "");
      return;
    }

  self->n_changes = kh_framework_changes_fill_grid (self->table, earlier, later);
  {
    g_autofree char *text =
      self->n_changes == 0
        ? g_strdup_printf (_("No changes from version %d to %s."), from->version, to_name)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change from version %d to %s:",
                                        "%u changes from version %d to %s:", self->n_changes),
                           self->n_changes, from->version, to_name);

    gtk_label_set_text (self->summary, text);
  }
}

static GtkWidget *
version_row (const KhFrameworkVersion *v)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *name = g_strdup_printf (_("Version %d"), v->version);
  g_autofree char *when = format_time (v->saved_at);
  GtkWidget *label;

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  label = gtk_label_new (name);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (when);
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (v->saved_by[0] != '\0' ? v->saved_by : "—");
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (v->source[0] != '\0' ? v->source : _("in place when history began"));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  if (v->current)
    {
      label = gtk_label_new (_("current"));
      gtk_widget_add_css_class (label, "accent");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

/* The versions again (a save adds one), keeping the selection and the comparison. */
static void
refresh (KhFrameworkHistory *self)
{
  const KhFrameworkVersion *was = selected_version (self);
  int selected = was != NULL ? was->version : -1;
  guint compare = gtk_drop_down_get_selected (self->compare);
  int compare_year = self->versions != NULL ? compared_year (self, compare) : 0;
  GArray *all_years = kh_document_get_years (self->document);
  gboolean year_found = FALSE;
  g_autoptr (GError) error = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *child;
  guint n_old;

  self->refreshing = TRUE;
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  self->versions = kh_project_get_framework_versions (kh_document_get_project (self->document),
                                                      self->year, self->category, &error);
  if (self->versions == NULL)
    self->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_version_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->years, 0);
  for (guint i = 0; i < all_years->len; i++)
    {
      int y = g_array_index (all_years, int, i);
      g_autoptr (GPtrArray) categories = NULL;

      if (y == self->year)
        continue;
      categories = kh_project_get_categories (kh_document_get_project (self->document), y);
      for (guint c = 0; c < categories->len; c++)
        if (g_strcmp0 (categories->pdata[c], self->category) == 0)
          {
            g_array_append_val (self->years, y);
            if (y == compare_year)
              {
                compare = self->versions->len + self->years->len;
                year_found = TRUE;
              }
            break;
          }
    }
  if (compare_year != 0 && !year_found)
    compare = 0; /* (the year has no framework of the category any more) */

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->compare_model));
  {
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (names, g_strdup (_("The framework being edited")));
    for (guint i = 0; i < self->versions->len; i++)
      g_ptr_array_add (names, g_strdup_printf (_("Version %d"),
                                               ((KhFrameworkVersion *) self->versions->pdata[i])->version));
    for (guint i = 0; i < self->years->len; i++)
      g_ptr_array_add (names, g_strdup_printf (_("The Framework of %d"),
                                               g_array_index (self->years, int, i)));
    g_ptr_array_add (names, NULL);
    gtk_string_list_splice (self->compare_model, 0, n_old, (const char *const *) names->pdata);
  }
  gtk_drop_down_set_selected (self->compare,
                              compare != GTK_INVALID_LIST_POSITION
                                  && compare <= self->versions->len + self->years->len
                                ? compare : 0);

  for (guint i = 0; i < self->versions->len; i++)
    {
      const KhFrameworkVersion *v = self->versions->pdata[i];

      gtk_list_box_append (self->list, version_row (v));
      if (v->version == selected || (selected < 0 && v->current))
        gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) i));
    }
  heading = error != NULL
              ? g_strdup (error->message)
              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The framework of %d for “%s”: %u saved version%s",
                                              "The framework of %d for “%s”: %u saved versions%s",
                                              self->versions->len),
                                 self->year, self->category, self->versions->len,
                                 kh_document_is_sealed (self->document) ? _(" (sealed)") : "");
  gtk_label_set_text (self->heading, heading);
  self->refreshing = FALSE;
  update_changes (self);
}

static void
selection_changed_cb (KhFrameworkHistory *self)
{
  /* (the list empties itself while the window is disposed, after the document went) */
  if (!self->refreshing && self->document != NULL)
    update_changes (self);
}

static void
restore_clicked_cb (KhFrameworkHistory *self)
{
  const KhFrameworkVersion *v = selected_version (self);
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;

  if (v == NULL)
    return;
  fw = load_version (self, v->version, &error);
  label = g_strdup_printf (_("Restore Version %d"), v->version);
  if (fw == NULL
      || !kh_document_replace_framework (self->document, label, g_steal_pointer (&fw), &error))
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
}

static void
document_changed_cb (KhFrameworkHistory *self,
                     guint               what)
{
  if ((what & KH_CHANGE_YEAR) != 0 || kh_document_get_year (self->document) != self->year
      || g_strcmp0 (kh_document_get_category (self->document), self->category) != 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if ((what & (KH_CHANGE_FRAMEWORK | KH_CHANGE_UNDO)) != 0)
    refresh (self);
}

static void
kh_framework_history_dispose (GObject *object)
{
  KhFrameworkHistory *self = KH_FRAMEWORK_HISTORY (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->category, g_free);
  G_OBJECT_CLASS (kh_framework_history_parent_class)->dispose (object);
}

static void
kh_framework_history_class_init (KhFrameworkHistoryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kh_framework_history_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_framework_history_init (KhFrameworkHistory *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scroll;
  GtkWidget *label;

  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_window_set_title (GTK_WINDOW (self), _("Framework History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 600);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->heading, 0);
  gtk_label_set_wrap (self->heading, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-4");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->heading));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Saved versions"), -1);
  g_signal_connect_swapped (self->list, "selected-rows-changed",
                            G_CALLBACK (selection_changed_cb), self);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroll), 150);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), scroll);

  label = gtk_label_new_with_mnemonic (_("Compare _with"));
  gtk_box_append (GTK_BOX (bar), label);
  self->compare_model = gtk_string_list_new (NULL);
  self->compare = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->compare_model), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->compare));
  g_signal_connect_swapped (self->compare, "notify::selected", G_CALLBACK (selection_changed_cb),
                            self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->compare));
  label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (bar), label);
  self->restore = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Restore This Version")));
  gtk_widget_add_css_class (GTK_WIDGET (self->restore), "suggested-action");
  g_signal_connect_swapped (self->restore, "clicked", G_CALLBACK (restore_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->restore));
  gtk_box_append (GTK_BOX (box), bar);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));

  self->table = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->table, 18);
  gtk_grid_set_row_spacing (self->table, 4);
  scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), scroll);

  gtk_window_set_child (GTK_WINDOW (self), box);
}

KhFrameworkHistory *
kh_framework_history_new (KhDocument *document,
                          GtkWindow  *parent)
{
  KhFrameworkHistory *self;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);

  self = g_object_new (KH_TYPE_FRAMEWORK_HISTORY, "modal", TRUE, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->document = g_object_ref (document);
  self->year = kh_document_get_year (document);
  self->category = g_strdup (kh_document_get_category (document));
  self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                    G_CALLBACK (document_changed_cb), self);
  refresh (self);
  return self;
}

GtkListBox *
kh_framework_history_get_list (KhFrameworkHistory *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_HISTORY (self), NULL);
  return self->list;
}

GtkDropDown *
kh_framework_history_get_compare (KhFrameworkHistory *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_HISTORY (self), NULL);
  return self->compare;
}

GtkButton *
kh_framework_history_get_restore (KhFrameworkHistory *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_HISTORY (self), NULL);
  return self->restore;
}

GtkGrid *
kh_framework_history_get_table (KhFrameworkHistory *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_HISTORY (self), NULL);
  return self->table;
}

guint
kh_framework_history_get_n_changes (KhFrameworkHistory *self)
{
  g_return_val_if_fail (KH_IS_FRAMEWORK_HISTORY (self), 0);
  return self->n_changes;
}
