/* kh-data-view-private.h — the Data page's state, shared with its grid's keyboard and
 * clipboard (kh-data-grid-keys.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-data-flags.h"
#include "kh-data-view.h"

G_BEGIN_DECLS

struct _KhDataView
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;
  char *group_id;
  char *search;
  GPtrArray *fields;
  GHashTable *bound; /* value labels currently bound, refreshed in place on edits */
  guint pending;     /* KhChange bits waiting until the page shows (or is asked about) */
  guint epoch;       /* changes with the year or document shown (see kh_ui_edit_cell_new) */
  KhDataFlags *flags; /* values flagged for confirmation, of the year shown */
  GHashTable *decimals; /* field → its decimals + 1 (kh-data-grid.h), worked out when needed */

  GtkStringList *units; /* unit ids */
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkNoSelection *selection;
  guint select_tick; /* looking for the cell to select once its row is bound */

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkColumnView *column_view;
  GtkMenuButton *submissions_button;
  GtkLabel *submissions_label;
  GtkMenuButton *flags_button;
  GtkListBox *flags_list;
};

/* Adds the spreadsheet keys (kh-data-grid-keys.c) to a value cell of the grid. */
void kh_data_grid_add_keys         (GtkWidget  *cell);
/* Ends the grid's pending moves (the view goes away). */
void kh_data_grid_dispose          (KhDataView *self);

G_END_DECLS
