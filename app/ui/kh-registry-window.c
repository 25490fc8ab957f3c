/* kh-registry-window.c — the Framework page's Registry… window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chains of kh_indicator_registry() over the frameworks of the category open, one per
 * year that has one (the year open as it is being edited, the others as saved): a row per
 * chain, a column per year. A cell names the indicator of that year and says what happened
 * to it: admitted (its first year), kept, "replaces X" (an indicator of another id
 * continues it), or retired (the first year without it); its tooltip gives id, name and
 * points. The filter keeps the chains one of whose indicators has the text in its id or
 * name — as `kaohe-cli registry --indicator`, which prints the same chains.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/kh-registry.h"
#include "io/kh-framework-xml.h"
#include "kh-registry-window.h"
#include "kh-ui.h"

struct _KhRegistryWindow
{
  GtkWindow parent_instance;

  KhDocument *document;
  gulong changed_handler;
  char *category;
  guint n_chains;

  GtkLabel *heading;
  GtkSearchEntry *filter;
  GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (KhRegistryWindow, kh_registry_window, GTK_TYPE_WINDOW)

/* Whether an indicator of @chain has @text (case-folded) in its id or name. */
static gboolean
chain_matches (const KhRegistryChain *chain,
               const char            *text)
{
  g_autofree char *needle = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  for (guint i = 0; i < chain->entries->len; i++)
    {
      const KhNode *node = g_array_index (chain->entries, KhRegistryEntry, i).node;
      g_autofree char *id = g_utf8_casefold (node->id, -1);
      g_autofree char *name = g_utf8_casefold (kh_ui_node_name (node), -1);

      if (strstr (id, needle) != NULL || strstr (name, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
attach (GtkGrid    *grid,
        const char *text,
        int         column,
        int         row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* The cell of @e: the indicator and what happened to it that year. */
static void
attach_entry (GtkGrid               *grid,
              const KhRegistryEntry *e,
              gboolean               first,
              int                    column,
              int                    row)
{
  g_autofree char *points = g_strdup_printf ("%g", e->node->points);
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *label;

  if (e->replaced)
    status = g_strdup_printf (_("replaces %s"), e->node->replaces);
  else
    status = g_strdup (first ? _("admitted") : _("kept"));
  text = g_strdup_printf ("%s\n%s", kh_ui_node_name (e->node), status);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %s point",
                                          "%s · %s · %s points", e->node->points == 1 ? 1 : 2),
                             e->node->id, kh_ui_node_name (e->node), points);
  label = attach (grid, text, column, row);
  gtk_widget_set_tooltip_text (label, tooltip);
  if (e->replaced)
    gtk_widget_add_css_class (label, "accent");
  else if (first)
    gtk_widget_add_css_class (label, "success");
}

/* The category's frameworks by year: saved ones, the year open as being edited. */
static GPtrArray *
load_frameworks (KhRegistryWindow *self,
                 GError          **error)
{
  KhProject *project = kh_document_get_project (self->document);
  g_autoptr (GArray) years = kh_project_get_years (project);
  g_autoptr (GPtrArray) frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_unref);
  int open_year = kh_document_get_year (self->document);

  for (guint y = 0; y < years->len; y++)
    {
      int year = g_array_index (years, int, y);
      g_autofree char *xml = NULL;
      g_autofree char *name = NULL;
      KhFramework *fw;

      if (year == open_year && kh_document_get_framework (self->document) != NULL)
        {
          g_ptr_array_add (frameworks, kh_framework_ref (kh_document_get_framework (self->document)));
          continue;
        }
      xml = kh_project_get_category_framework_xml (project, year, self->category, NULL);
      if (xml == NULL)
        continue;
      name = g_strdup_printf (_("framework of %d"), year);
      fw = kh_framework_xml_load_data (xml, strlen (xml), name, error);
      if (fw == NULL)
        return NULL;
      g_ptr_array_add (frameworks, fw);
    }
  return g_steal_pointer (&frameworks);
}

static void
refresh (KhRegistryWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frameworks = load_frameworks (self, &error);
  g_autoptr (GPtrArray) chains = NULL;
  g_autofree char *heading = NULL;
  const char *filter = gtk_editable_get_text (GTK_EDITABLE (self->filter));
  GtkWidget *child;
  int first_year, row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_chains = 0;
  if (frameworks == NULL || frameworks->len == 0)
    {
      gtk_label_set_text (self->heading, error != NULL ? error->message
                                                       : _("No year has a framework of this category yet."));
      return;
    }
  first_year = ((KhFramework *) frameworks->pdata[0])->year;
  chains = kh_indicator_registry ((KhFramework *const *) frameworks->pdata, frameworks->len);
  attach (self->grid, _("Indicator"), 0, 0);
  for (guint f = 0; f < frameworks->len; f++)
    {
      g_autofree char *year = g_strdup_printf ("%d", ((KhFramework *) frameworks->pdata[f])->year);

      attach (self->grid, year, (int) f + 1, 0);
    }
  for (guint c = 0; c < chains->len; c++)
    {
      const KhRegistryChain *chain = chains->pdata[c];
      const KhRegistryEntry *last = &g_array_index (chain->entries, KhRegistryEntry,
                                                    chain->entries->len - 1);
      g_autoptr (GString) ids = g_string_new (NULL);

      if (!chain_matches (chain, filter))
        continue;
      for (guint i = 0; i < chain->entries->len; i++)
        {
          const KhNode *node = g_array_index (chain->entries, KhRegistryEntry, i).node;

          if (i == 0 || strcmp (node->id, g_array_index (chain->entries, KhRegistryEntry,
                                                          i - 1).node->id) != 0)
            g_string_append_printf (ids, "%s%s", i == 0 ? "" : " → ", node->id);
        }
      {
        g_autofree char *text = g_strdup_printf ("%s\n%s", kh_ui_node_name (last->node), ids->str);
        GtkWidget *label = attach (self->grid, text, 0, row);

        gtk_widget_add_css_class (label, "heading");
      }
      for (guint i = 0; i < chain->entries->len; i++)
        {
          const KhRegistryEntry *e = &g_array_index (chain->entries, KhRegistryEntry, i);
          guint column = 0;

          for (guint f = 0; f < frameworks->len; f++)
            if (((KhFramework *) frameworks->pdata[f])->year == e->year)
              column = f + 1;
          attach_entry (self->grid, e, i == 0, (int) column, row);
        }
      if (chain->retired != 0)
        for (guint f = 0; f < frameworks->len; f++)
          if (((KhFramework *) frameworks->pdata[f])->year == chain->retired)
            gtk_widget_add_css_class (attach (self->grid, _("retired"), (int) f + 1, row),
                                      "error");
      row++;
      self->n_chains++;
    }
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "“%s”, %d–%d: %u line of indicators",
                                          "“%s”, %d–%d: %u lines of indicators", self->n_chains),
                             self->category, first_year,
                             ((KhFramework *) frameworks->pdata[frameworks->len - 1])->year,
                             self->n_chains);
  gtk_label_set_text (self->heading, heading);
}

static void
document_changed_cb (KhRegistryWindow *self,
                     guint             what)
{
  if ((what & KH_CHANGE_YEAR) != 0
      && g_strcmp0 (kh_document_get_category (self->document), self->category) != 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if ((what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK | KH_CHANGE_UNDO)) != 0)
    refresh (self);
}

static void
kh_registry_window_dispose (GObject *object)
{
  KhRegistryWindow *self = KH_REGISTRY_WINDOW (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->category, g_free);
  G_OBJECT_CLASS (kh_registry_window_parent_class)->dispose (object);
}

static void
kh_registry_window_class_init (KhRegistryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kh_registry_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
filter_changed_cb (KhRegistryWindow *self)
{
  if (self->document != NULL)
    refresh (self);
}

static void
kh_registry_window_init (KhRegistryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroll;

  gtk_window_set_title (GTK_WINDOW (self), _("Indicator Registry"));
  gtk_window_set_default_size (GTK_WINDOW (self), 860, 560);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->heading, 0);
  gtk_label_set_wrap (self->heading, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-4");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->heading));

  self->filter = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->filter, "placeholder-text", _("Only indicators that had this id or name"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Only indicators that had this id or name"), -1);
  g_signal_connect_swapped (self->filter, "search-changed", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->filter));

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 24);
  gtk_grid_set_row_spacing (self->grid, 8);
  scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->grid));
  gtk_box_append (GTK_BOX (box), scroll);

  gtk_window_set_child (GTK_WINDOW (self), box);
}

KhRegistryWindow *
kh_registry_window_new (KhDocument *document,
                        GtkWindow  *parent)
{
  KhRegistryWindow *self;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);

  self = g_object_new (KH_TYPE_REGISTRY_WINDOW, "modal", TRUE, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->document = g_object_ref (document);
  self->category = g_strdup (kh_document_get_category (document));
  self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                    G_CALLBACK (document_changed_cb), self);
  refresh (self);
  return self;
}

GtkGrid *
kh_registry_window_get_grid (KhRegistryWindow *self)
{
  g_return_val_if_fail (KH_IS_REGISTRY_WINDOW (self), NULL);
  return self->grid;
}

guint
kh_registry_window_get_n_chains (KhRegistryWindow *self)
{
  g_return_val_if_fail (KH_IS_REGISTRY_WINDOW (self), 0);
  return self->n_chains;
}

GtkEditable *
kh_registry_window_get_filter (KhRegistryWindow *self)
{
  g_return_val_if_fail (KH_IS_REGISTRY_WINDOW (self), NULL);
  return GTK_EDITABLE (self->filter);
}
