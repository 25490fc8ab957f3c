/* kh-recommend-editor.h — a city's entered list of recommendations, edited in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-document.h"

G_BEGIN_DECLS

/* Opens a modal window over @parent_window to edit @parent's (a city's) list of the units
 * of @category it recommends in the document's year: the list (starting from its entered
 * list, else from what its rule takes) with each unit's check worked out live
 * (kh_project_recommend_plans_trial() on @plans, the year's plans), Move Up, Move Down,
 * Remove, the city's other units to Add; Apply stores it as one undo step
 * (kh_document_set_recommendations()), Use the Rule removes the entered list, Cancel or
 * Escape closes. Returns the window (owned by GTK). */
GtkWindow *kh_recommend_editor_open (GtkWindow  *parent_window,
                                     KhDocument *document,
                                     GPtrArray  *plans,
                                     const char *category,
                                     const char *parent);

/* The ids in the window's list as it stands (of char*, owned by the window). */
GPtrArray *kh_recommend_editor_get_list (GtkWindow *editor);

G_END_DECLS
