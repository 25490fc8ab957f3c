/* kh-framework-changes-table.c — what changed between two frameworks, as a grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_framework_changes() (the core of `kaohe-cli diff`) laid out in six columns: change,
 * subject, id, attribute, before, after. Apart from kh-framework-history.c because the
 * core's KhFrameworkEdit and the document's edit callback share a name.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "core/kh-framework-changes.h"
#include "kh-framework-changes-table.h"

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text != NULL && text[0] != '\0' ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

guint
kh_framework_changes_fill_grid (GtkGrid     *grid,
                                KhFramework *earlier,
                                KhFramework *later)
{
  const char *headings[] = { N_("Change"), N_("Subject"), N_("Id"), N_("Attribute"),
                             N_("Before"), N_("After") };
  g_autoptr (GPtrArray) edits = NULL;
  GtkWidget *child;

  g_return_val_if_fail (GTK_IS_GRID (grid), 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
  if (earlier == NULL || later == NULL)
    return 0;
  edits = kh_framework_changes (earlier, later);
  if (edits->len == 0)
    return 0;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    gtk_grid_attach (grid, cell (_(headings[c]), TRUE), (int) c, 0, 1, 1);
  for (guint i = 0; i < edits->len; i++)
    {
      const KhFrameworkEdit *e = edits->pdata[i];
      const char *attribute = e->attribute;
      const char *before = e->before;
      const char *after = e->after;
      int row = (int) i + 1;

      if (e->kind == KH_EDIT_ADMITTED || e->kind == KH_EDIT_RETIRED)
        attribute = _("points");
      else if (e->kind == KH_EDIT_REPLACED)
        {
          attribute = _("continues");
          after = e->id;
        }
      gtk_grid_attach (grid, cell (kh_edit_kind_label (e->kind), FALSE), 0, row, 1, 1);
      gtk_grid_attach (grid, cell (kh_edit_subject_label (e->subject), FALSE), 1, row, 1, 1);
      gtk_grid_attach (grid, cell (e->id, FALSE), 2, row, 1, 1);
      gtk_grid_attach (grid, cell (attribute, FALSE), 3, row, 1, 1);
      gtk_grid_attach (grid, cell (before, FALSE), 4, row, 1, 1);
      gtk_grid_attach (grid, cell (after, FALSE), 5, row, 1, 1);
    }
  return edits->len;
}
