/* kh-results-tab.h — what the tabs of Results and the Charts page share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tab (Health, Robustness, Year over Year, Charts, …) follows the window's document
 * and peer group the same way: it listens to the document's "changed", applies a change
 * at once while it shows and keeps the change's bits until it is shown again otherwise,
 * takes the chosen group (NULL: the framework's first) and, with nothing to show, says why
 * on its status page. A tab embeds a KhResultsTab, calls kh_results_tab_init() in its
 * init, kh_results_tab_flush() in its map (and wherever a getter must see the latest) and
 * kh_results_tab_clear() in its dispose.
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

/* Applies (or, for the hidden hook, hears of) the KhChange bits @what. */
typedef void (*KhResultsTabFunc) (GtkWidget *widget,
                                  guint      what);

typedef struct
{
  GtkWidget *widget;        /* the tab (not a reference: it embeds this) */
  KhResultsTabFunc apply;   /* while the tab shows */
  KhResultsTabFunc hidden;  /* NULL, or told of a change kept for later */
  KhDocument *document;
  gulong changed_handler;
  char *group_id;           /* chosen; NULL: the framework's first */
  guint pending;            /* KhChange bits waiting until the tab shows */
} KhResultsTab;

void        kh_results_tab_init         (KhResultsTab     *tab,
                                         GtkWidget        *widget,
                                         KhResultsTabFunc  apply,
                                         KhResultsTabFunc  hidden);
/* Lets go of the document and the group (dispose). */
void        kh_results_tab_clear        (KhResultsTab     *tab);

/* Follows @document (NULL: none); what was pending is dropped and everything is
 * applied again as KH_CHANGE_YEAR. */
void        kh_results_tab_set_document (KhResultsTab     *tab,
                                         KhDocument       *document);
/* Another group: applied as @what. FALSE when it is the group already chosen. */
gboolean    kh_results_tab_set_group    (KhResultsTab     *tab,
                                         const char       *group_id,
                                         guint             what);
/* Applies @what now when the tab shows, else keeps it for kh_results_tab_flush(). */
void        kh_results_tab_changed      (KhResultsTab     *tab,
                                         guint             what);
/* Applies what is pending, if anything. */
void        kh_results_tab_flush        (KhResultsTab     *tab);

/* The group chosen, or @framework's first group, or NULL. */
const char *kh_results_tab_get_group_in (KhResultsTab     *tab,
                                         const KhFramework *framework);

/* Under "All Groups" of a framework of several groups, the sentence that says which one
 * the tab shows (its first: "All Groups: the group “east” is shown, the first of 3"),
 * translated; NULL when a group is chosen or the framework has one group. */
char       *kh_results_tab_describe_group (KhResultsTab      *tab,
                                           const KhFramework *framework);

/* The "empty" page of @stack: @page titled @title (NULL: as it is) and described by
 * @description, plain text (the status page takes markup: a refusal quotes the user's
 * names). */
void        kh_results_tab_show_empty   (GtkStack         *stack,
                                         AdwStatusPage    *page,
                                         const char       *title,
                                         const char       *description);

G_END_DECLS
