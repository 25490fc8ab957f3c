/* kh-results-tab.c — what the tabs of Results and the Charts page share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-results-tab.h"

void
kh_results_tab_init (KhResultsTab     *tab,
                     GtkWidget        *widget,
                     KhResultsTabFunc  apply,
                     KhResultsTabFunc  hidden)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (apply != NULL);

  memset (tab, 0, sizeof *tab);
  tab->widget = widget;
  tab->apply = apply;
  tab->hidden = hidden;
}

void
kh_results_tab_clear (KhResultsTab *tab)
{
  if (tab->document != NULL)
    g_clear_signal_handler (&tab->changed_handler, tab->document);
  g_clear_object (&tab->document);
  g_clear_pointer (&tab->group_id, g_free);
}

static void
document_changed_cb (KhResultsTab *tab,
                     guint         what)
{
  kh_results_tab_changed (tab, what);
}

void
kh_results_tab_set_document (KhResultsTab *tab,
                             KhDocument   *document)
{
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (tab->document != NULL)
    g_clear_signal_handler (&tab->changed_handler, tab->document);
  g_set_object (&tab->document, document);
  if (document != NULL)
    tab->changed_handler = g_signal_connect_swapped (document, "changed",
                                                     G_CALLBACK (document_changed_cb), tab);
  tab->pending = 0;
  kh_results_tab_changed (tab, KH_CHANGE_YEAR);
}

gboolean
kh_results_tab_set_group (KhResultsTab *tab,
                          const char   *group_id,
                          guint         what)
{
  if (g_strcmp0 (tab->group_id, group_id) == 0)
    return FALSE;
  g_free (tab->group_id);
  tab->group_id = g_strdup (group_id);
  kh_results_tab_changed (tab, what);
  return TRUE;
}

void
kh_results_tab_changed (KhResultsTab *tab,
                        guint         what)
{
  /* Hidden: catch up when shown. */
  if (!gtk_widget_get_mapped (tab->widget))
    {
      tab->pending |= what;
      if (tab->hidden != NULL)
        tab->hidden (tab->widget, what);
      return;
    }
  tab->apply (tab->widget, what);
}

void
kh_results_tab_flush (KhResultsTab *tab)
{
  guint what = tab->pending;

  tab->pending = 0;
  if (what != 0)
    tab->apply (tab->widget, what);
}

const char *
kh_results_tab_get_group_in (KhResultsTab      *tab,
                             const KhFramework *framework)
{
  if (tab->group_id != NULL)
    return tab->group_id;
  if (framework != NULL && framework->groups->len > 0)
    return ((KhGroup *) g_ptr_array_index (framework->groups, 0))->id;
  return NULL;
}

char *
kh_results_tab_describe_group (KhResultsTab      *tab,
                               const KhFramework *framework)
{
  const KhGroup *first;

  if (tab->group_id != NULL || framework == NULL || framework->groups->len < 2)
    return NULL;
  first = g_ptr_array_index (framework->groups, 0);
  /* TRANSLATORS: the peer group shown when "All Groups" is chosen, by its id, and how
   * many groups the framework has (the tab shows one group at a time) */
  return g_strdup_printf (ngettext ("All Groups: the group “%s” is shown, the first of %u",
                                    "All Groups: the group “%s” is shown, the first of %u",
                                    framework->groups->len),
                          first->id, framework->groups->len);
}

void
kh_results_tab_show_empty (GtkStack      *stack,
                           AdwStatusPage *page,
                           const char    *title,
                           const char    *description)
{
  g_autofree char *escaped = g_markup_escape_text (description != NULL ? description : "", -1);

  if (title != NULL)
    adw_status_page_set_title (page, title);
  adw_status_page_set_description (page, escaped);
  gtk_stack_set_visible_child_name (stack, "empty");
}
