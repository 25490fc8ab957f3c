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
  GHashTable *bound_units; /* unit cells (of the frozen unit column) currently bound */
  guint pending;     /* KhChange bits waiting until the page shows (or is asked about) */
  guint epoch;       /* changes with the year or document shown (see kh_ui_edit_cell_new) */
  KhDataFlags *flags; /* values flagged for confirmation, of the year shown */
  GHashTable *decimals; /* field → its decimals + 1 (kh-data-grid.h), worked out when needed */
  GHashTable *unit_order; /* unit id → its place in the official order; NULL: not read yet */

  GtkStringList *units; /* unit ids */
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkNoSelection *selection;
  guint select_tick; /* looking for the cell to select once its row is bound */
  char *range_unit;  /* the selection's other corner (Shift+arrows), NULL: one cell */
  char *range_field;
  guint pastes_pending; /* clipboard reads not finished */
  GtkRoot *focus_root;  /* the window whose focus marks the selected row's unit */
  gulong focus_handler;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkColumnView *column_view; /* the values, scrolled both ways */
  GtkColumnView *unit_view;   /* the unit column, frozen at the left: scrolled vertically
                               * with the values (the same adjustment), never across */
  GtkScrolledWindow *unit_scroller;
  GtkScrolledWindow *grid_scroller;
  GtkScrollbar *grid_hscrollbar; /* below both views, so that they have one height */
  guint sync_tick;               /* the units' adjustment to follow the values' (a tick) */
  gboolean rows_changed;         /* since the last tick: wait for the units' layout */
  gint64 rows_frame;             /* the frame whose tick saw them change: laid out once
                                  * a later frame begins */
  GtkSizeGroup *headers;         /* the two views' column titles, of one height */
  GtkMenuButton *submissions_button;
  GtkLabel *submissions_label;
  GtkMenuButton *flags_button;
  GtkListBox *flags_list;
};

/* Emits "message" with @text. */
void  kh_data_view_message         (KhDataView *self,
                                    const char *text);
/* A field's column title (its name and unit of measure), newly allocated. */
char *kh_data_view_field_title     (KhDataView *self,
                                    const char *field);
/* The row of @unit among those shown, the column of @field; G_MAXUINT when none. */
guint kh_data_grid_row_of          (KhDataView *self,
                                    const char *unit);
guint kh_data_grid_column_of       (KhDataView *self,
                                    const char *field);
/* Whether the cell of @unit's @field is in the selection's range (when it has one). */
gboolean kh_data_grid_in_range     (KhDataView *self,
                                    const char *unit,
                                    const char *field);
/* Ctrl+V on @cell: the clipboard's text pasted there (kh-data-grid-clipboard.c). */
void  kh_data_grid_paste           (KhDataView *self,
                                    GtkWidget  *cell);
/* Ctrl+C: the selection copied to the clipboard. */
void  kh_data_grid_copy            (KhDataView *self);
/* Marks the unit cells of the selected rows (the selected cell's and its range's),
 * unmarks the others: the unit column shows the grid's selection. */
void  kh_data_grid_show_units      (KhDataView *self);
/* The same for one unit cell (@box), as it is bound. */
void  kh_data_grid_show_unit       (KhDataView *self,
                                    GtkWidget  *box);
/* Adds the spreadsheet keys (kh-data-grid-keys.c) to a value cell of the grid. */
void kh_data_grid_add_keys         (GtkWidget  *cell);
/* Ends the grid's pending moves (the view goes away). */
void kh_data_grid_dispose          (KhDataView *self);

G_END_DECLS
