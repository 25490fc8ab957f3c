/* kh-data-grid-keys.c — the Data page's grid keyboard, as in a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selected cell is the value cell that has the keyboard focus. On it:
 *  - a printable character starts editing with that character in place of the value;
 *  - F2 starts editing with the value (as a click does);
 *  - Enter (editing or not) commits and selects the cell below, Shift+Enter the cell
 *    above; Tab the cell to the right, Shift+Tab the one to the left; the arrows move when
 *    not editing; at the grid's edge Enter only commits and Tab leaves the grid;
 *  - Shift+arrows make a range from the selected cell, which Ctrl+C copies; Ctrl+V pastes
 *    at the selected cell (kh-data-grid-clipboard.c); both only when not editing (then
 *    they are the text's);
 *  - Escape ends the edit without storing it.
 * A commit is what ending an edit always was (kh_ui_edit_cell_new): one undo step.
 * The cell to select may not be bound yet (scrolled away): the grid scrolls towards it and
 * looks again at the next frames.
 * The unit column, frozen at the left in a view of its own (kh-data-view.c), marks the
 * units of the selected rows; a click on a unit selects a cell of its row.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-data-view-private.h"
#include "kh-ui.h"

#define GRID_KEYS_NAME "kh-grid-keys"

static void clear_range (KhDataView *self);

/* The rows' positions, unit id → row + 1, kept on the filter model and read again when a
 * lookup finds them stale: a range's cells each ask for their row (paste, fill, clear, the
 * range's marks), and walking the rows for each was quadratic in the rows of a range. */
typedef struct
{
  GHashTable *rows; /* of g_strdup'd ids */
  gboolean stale;   /* the rows changed since they were read */
} RowMap;

#define ROW_MAP_NAME "kh-grid-row-map"

static void
row_map_free (gpointer data)
{
  RowMap *map = data;

  g_hash_table_unref (map->rows);
  g_free (map);
}

static void
row_map_stale_cb (RowMap *map)
{
  map->stale = TRUE;
}

static void
row_map_read (RowMap     *map,
              GListModel *rows)
{
  guint n = g_list_model_get_n_items (rows);

  g_hash_table_remove_all (map->rows);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (rows, i);

      g_hash_table_insert (map->rows, g_strdup (gtk_string_object_get_string (item)),
                           GUINT_TO_POINTER (i + 1));
    }
  map->stale = FALSE;
}

/* The row of @unit when @map says it and the row holds it; G_MAXUINT otherwise. */
static guint
row_map_lookup (RowMap     *map,
                GListModel *rows,
                const char *unit)
{
  guint row = GPOINTER_TO_UINT (g_hash_table_lookup (map->rows, unit));
  g_autoptr (GtkStringObject) item = NULL;

  if (row == 0 || row > g_list_model_get_n_items (rows))
    return G_MAXUINT;
  item = g_list_model_get_item (rows, row - 1);
  return g_strcmp0 (gtk_string_object_get_string (item), unit) == 0 ? row - 1 : G_MAXUINT;
}

guint
kh_data_grid_row_of (KhDataView *self,
                     const char *unit)
{
  GListModel *rows = G_LIST_MODEL (self->filter_model);
  RowMap *map;
  guint row, n;

  if (unit == NULL)
    return G_MAXUINT;
  map = g_object_get_data (G_OBJECT (rows), ROW_MAP_NAME);
  if (map == NULL)
    {
      map = g_new0 (RowMap, 1);
      map->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      map->stale = TRUE;
      g_object_set_data_full (G_OBJECT (rows), ROW_MAP_NAME, map, row_map_free);
      g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (row_map_stale_cb), map);
    }
  if (map->stale)
    row_map_read (map, rows);
  row = row_map_lookup (map, rows, unit);
  if (row != G_MAXUINT)
    return row;
  /* Not where the map says: the rows changed (a lookup from a handler of "items-changed"
   * that ran before the map heard of it) and the map is read again; or the unit is not
   * shown. Only a unit just shown may be missing from a map not yet stale: walk the rows
   * for it as before, without reading the map again (a unit hidden is asked for often). */
  if (g_hash_table_contains (map->rows, unit))
    {
      row_map_read (map, rows);
      return row_map_lookup (map, rows, unit);
    }
  n = g_list_model_get_n_items (rows);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (rows, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), unit) == 0)
        return i;
    }
  return G_MAXUINT;
}

guint
kh_data_grid_column_of (KhDataView *self,
                        const char *field)
{
  for (guint i = 0; i < self->fields->len; i++)
    if (g_strcmp0 (self->fields->pdata[i], field) == 0)
      return i;
  return G_MAXUINT;
}

GtkWidget *
kh_data_view_get_cell (KhDataView *self,
                       const char *unit_id,
                       const char *field)
{
  GHashTableIter iter;
  gpointer cell;

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    if (g_strcmp0 (kh_ui_edit_cell_get_target (cell), unit_id) == 0
        && g_strcmp0 (g_object_get_data (G_OBJECT (cell), "kh-field"), field) == 0
        && gtk_widget_get_mapped (cell))
      return cell;
  return NULL;
}

/* Scrolls the grid so that @cell shows whole below the column titles, and across: the
 * values scroll horizontally beside the frozen unit column. */
static void
scroll_to_cell (KhDataView *self,
                GtkWidget  *cell)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkAdjustment *across = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  GtkWidget *header = gtk_widget_get_first_child (view);
  graphene_rect_t bounds;
  double top = header != NULL ? gtk_widget_get_height (header) : 0;
  double bottom = gtk_widget_get_height (view);
  double right = gtk_widget_get_width (view);

  if (adjustment == NULL || !gtk_widget_compute_bounds (cell, view, &bounds))
    return;
  /* (whole pixels: the unit column follows the values' adjustment, kh-data-view.c) */
  if (bounds.origin.y < top)
    gtk_adjustment_set_value (adjustment, floor (gtk_adjustment_get_value (adjustment)
                                                 - (top - bounds.origin.y)));
  else if (bounds.origin.y + bounds.size.height > bottom)
    gtk_adjustment_set_value (adjustment, ceil (gtk_adjustment_get_value (adjustment)
                                                + (bounds.origin.y + bounds.size.height - bottom)));
  /* Across, the whole of the grid's cell around it (its padding too). */
  if (across == NULL
      || !gtk_widget_compute_bounds (gtk_widget_get_parent (cell) != NULL ? gtk_widget_get_parent (cell)
                                                                         : cell,
                                     view, &bounds))
    return;
  if (bounds.origin.x < 0)
    gtk_adjustment_set_value (across, floor (gtk_adjustment_get_value (across) + bounds.origin.x));
  else if (bounds.origin.x + bounds.size.width > right)
    gtk_adjustment_set_value (across, ceil (gtk_adjustment_get_value (across)
                                            + MIN (bounds.origin.x,
                                                   bounds.origin.x + bounds.size.width - right)));
}

typedef struct
{
  KhDataView *self;
  char *unit;
  char *field;
  int tries;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->unit);
  g_free (pending->field);
  g_free (pending);
}

static gboolean
select_later_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  Pending *pending = user_data;
  GtkWidget *cell = kh_data_view_get_cell (pending->self, pending->unit, pending->field);

  if (cell != NULL)
    {
      gtk_widget_grab_focus (cell);
      scroll_to_cell (pending->self, cell);
    }
  if (cell != NULL || --pending->tries <= 0)
    {
      pending->self->select_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
kh_data_view_select_cell (KhDataView *self,
                          const char *unit_id,
                          const char *field)
{
  GtkWidget *cell;
  guint row;

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL, FALSE);

  if (self->select_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->select_tick);
      self->select_tick = 0;
    }
  clear_range (self);
  row = kh_data_grid_row_of (self, unit_id);
  if (row == G_MAXUINT || kh_data_grid_column_of (self, field) == G_MAXUINT)
    return FALSE;
  cell = kh_data_view_get_cell (self, unit_id, field);
  if (cell != NULL)
    {
      gtk_widget_grab_focus (cell);
      scroll_to_cell (self, cell);
      return TRUE;
    }
  else
    {
      /* Not bound: the list scrolls to its row (its own action, which places the row
       * whatever height it estimates the rows it has not built), then look again once
       * the grid has laid out the rows there. Setting the adjustment to the row's
       * estimated place instead is what a list without the action gets: a list of
       * 3,000 rows far down and across keeps its rows where they were. */
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
      Pending *pending = g_new0 (Pending, 1);
      GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

      if (list == NULL || !GTK_IS_LIST_VIEW (list)
          || !gtk_widget_activate_action (list, "list.scroll-to-item", "u", row))
        {
          if (adjustment != NULL && n > 0)
            gtk_adjustment_set_value (adjustment,
                                      round (gtk_adjustment_get_upper (adjustment) * row / n
                                             - gtk_adjustment_get_page_size (adjustment) / 2));
        }
      pending->self = self;
      pending->unit = g_strdup (unit_id);
      pending->field = g_strdup (field);
      pending->tries = 10;
      self->select_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view),
                                                        select_later_cb, pending, pending_free);
      return TRUE;
    }
}

gboolean
kh_data_grid_in_range (KhDataView *self,
                       const char *unit,
                       const char *field)
{
  GtkRoot *root;
  GtkWidget *focus;
  guint row, column, rows[2], columns[2];

  if (self->range_unit == NULL || (root = gtk_widget_get_root (GTK_WIDGET (self))) == NULL)
    return FALSE;
  focus = gtk_root_get_focus (root);
  while (focus != NULL && !GTK_IS_EDITABLE_LABEL (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || kh_ui_edit_cell_get_target (focus) == NULL)
    return FALSE;
  row = kh_data_grid_row_of (self, unit);
  column = kh_data_grid_column_of (self, field);
  rows[0] = kh_data_grid_row_of (self, kh_ui_edit_cell_get_target (focus));
  columns[0] = kh_data_grid_column_of (self, g_object_get_data (G_OBJECT (focus), "kh-field"));
  rows[1] = kh_data_grid_row_of (self, self->range_unit);
  columns[1] = kh_data_grid_column_of (self, self->range_field);
  if (row == G_MAXUINT || column == G_MAXUINT || rows[0] == G_MAXUINT || rows[1] == G_MAXUINT
      || columns[0] == G_MAXUINT || columns[1] == G_MAXUINT)
    return FALSE;
  return row >= MIN (rows[0], rows[1]) && row <= MAX (rows[0], rows[1])
         && column >= MIN (columns[0], columns[1]) && column <= MAX (columns[0], columns[1]);
}

/* The value cell that has the keyboard focus, NULL when none of the grid's has. */
static GtkWidget *
focused_cell (KhDataView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  while (focus != NULL && !GTK_IS_EDITABLE_LABEL (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || kh_ui_edit_cell_get_target (focus) == NULL
      || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return NULL;
  return focus;
}

static void
mark_unit (GtkWidget *box,
           gboolean   selected)
{
  if (selected)
    gtk_widget_add_css_class (box, "kh-selected-unit");
  else
    gtk_widget_remove_css_class (box, "kh-selected-unit");
}

void
kh_data_grid_show_unit (KhDataView *self,
                        GtkWidget  *box)
{
  GtkWidget *focus = focused_cell (self);
  const char *id = g_object_get_data (G_OBJECT (box), "kh-unit");

  /* In the range: its cell in the selected cell's column is. */
  mark_unit (box, focus != NULL && id != NULL
                    && (g_strcmp0 (id, kh_ui_edit_cell_get_target (focus)) == 0
                        || kh_data_grid_in_range (self, id,
                                                  g_object_get_data (G_OBJECT (focus), "kh-field"))));
}

void
kh_data_grid_show_units (KhDataView *self)
{
  GtkWidget *focus = focused_cell (self);
  const char *unit = focus != NULL ? kh_ui_edit_cell_get_target (focus) : NULL;
  g_autoptr (GHashTable) range = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer box;

  /* A range: the units of its rows, read once (finding each cell's row reads the rows). */
  if (unit != NULL && self->range_unit != NULL)
    {
      guint a = kh_data_grid_row_of (self, unit), b = kh_data_grid_row_of (self, self->range_unit);

      for (guint row = MIN (a, b); a != G_MAXUINT && b != G_MAXUINT && row <= MAX (a, b); row++)
        {
          g_autoptr (GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model),
                                                                    row);

          g_hash_table_add (range, g_strdup (gtk_string_object_get_string (item)));
        }
    }
  g_hash_table_iter_init (&iter, self->bound_units);
  while (g_hash_table_iter_next (&iter, &box, NULL))
    {
      const char *id = g_object_get_data (box, "kh-unit");

      mark_unit (box, id != NULL && unit != NULL
                        && (g_strcmp0 (id, unit) == 0 || g_hash_table_contains (range, id)));
    }
}

/* Marks the cells bound in the range (and unmarks the others), and their units. */
static void
show_range (KhDataView *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    if (kh_ui_edit_cell_get_target (cell) != NULL
        && kh_data_grid_in_range (self, kh_ui_edit_cell_get_target (cell),
                                  g_object_get_data (G_OBJECT (cell), "kh-field")))
      gtk_widget_add_css_class (cell, "kh-range");
    else
      gtk_widget_remove_css_class (cell, "kh-range");
  kh_data_grid_show_units (self);
}

static void
clear_range (KhDataView *self)
{
  if (self->range_unit == NULL)
    return;
  g_clear_pointer (&self->range_unit, g_free);
  g_clear_pointer (&self->range_field, g_free);
  show_range (self);
}

/* Shift+arrow: the range's other corner moves by one cell (from the selected cell when
 * there is no range yet), within the grid. */
static void
extend_range (KhDataView *self,
              GtkWidget  *cell,
              int         down,
              int         right)
{
  guint row = kh_data_grid_row_of (self, self->range_unit != NULL ? self->range_unit
                                                                   : kh_ui_edit_cell_get_target (cell));
  guint column = kh_data_grid_column_of (self, self->range_field != NULL
                                                 ? self->range_field
                                                 : g_object_get_data (G_OBJECT (cell), "kh-field"));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autoptr (GtkStringObject) item = NULL;

  if (row == G_MAXUINT || column == G_MAXUINT)
    return;
  if ((down < 0 && row == 0) || (down > 0 && row + 1 >= n) || (right < 0 && column == 0)
      || (right > 0 && column + 1 >= self->fields->len))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), row + down);
  g_free (self->range_unit);
  self->range_unit = g_strdup (gtk_string_object_get_string (item));
  g_free (self->range_field);
  self->range_field = g_strdup (self->fields->pdata[column + right]);
  show_range (self);
}

void
kh_data_view_select_range (KhDataView *self,
                           const char *unit_id,
                           const char *field)
{
  g_return_if_fail (KH_IS_DATA_VIEW (self));

  g_clear_pointer (&self->range_unit, g_free);
  g_clear_pointer (&self->range_field, g_free);
  if (unit_id != NULL && field != NULL && kh_data_grid_row_of (self, unit_id) != G_MAXUINT
      && kh_data_grid_column_of (self, field) != G_MAXUINT)
    {
      self->range_unit = g_strdup (unit_id);
      self->range_field = g_strdup (field);
    }
  show_range (self);
}

/* Selects the cell @down rows below (above when negative) and @right columns to the
 * right of @cell's; FALSE at the edge of the grid. */
static gboolean
move (KhDataView *self,
      GtkWidget  *cell,
      int         down,
      int         right)
{
  const char *unit = kh_ui_edit_cell_get_target (cell);
  const char *field = g_object_get_data (G_OBJECT (cell), "kh-field");
  guint row = kh_data_grid_row_of (self, unit), column = kh_data_grid_column_of (self, field);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autoptr (GtkStringObject) item = NULL;
  g_autofree char *to_unit = NULL;

  if (row == G_MAXUINT || column == G_MAXUINT
      || (down < 0 && row < (guint) -down) || (down > 0 && row + down >= n)
      || (right < 0 && column < (guint) -right) || (right > 0 && column + right >= self->fields->len))
    return FALSE;
  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), row + down);
  to_unit = g_strdup (gtk_string_object_get_string (item));
  return kh_data_view_select_cell (self, to_unit, self->fields->pdata[column + right]);
}

/* Ends the edit of @cell, storing what was typed (@commit) or not. */
static void
end_edit (GtkWidget *cell,
          gboolean   commit)
{
  if (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), commit);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWidget             *cell)
{
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (cell, KH_TYPE_DATA_VIEW));
  gboolean editing = gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0;
  gunichar c;

  if (self == NULL || kh_ui_edit_cell_get_target (cell) == NULL)
    return FALSE;
  if (mods == GDK_CONTROL_MASK && !editing && (keyval == GDK_KEY_c || keyval == GDK_KEY_C))
    {
      kh_data_grid_copy (self);
      return TRUE;
    }
  if (mods == GDK_CONTROL_MASK && !editing && (keyval == GDK_KEY_v || keyval == GDK_KEY_V))
    {
      kh_data_grid_paste (self, cell);
      return TRUE;
    }
  if ((mods & ~GDK_SHIFT_MASK) != 0)
    return FALSE; /* Ctrl+…, Alt+…: the window's and the text's shortcuts */
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      end_edit (cell, TRUE);
      move (self, cell, shift ? -1 : 1, 0);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      end_edit (cell, TRUE);
      /* At the edge the focus leaves the grid as usual. */
      return move (self, cell, 0, shift || keyval == GDK_KEY_ISO_Left_Tab ? -1 : 1);
    case GDK_KEY_Escape:
      if (!editing)
        return FALSE;
      end_edit (cell, FALSE);
      return TRUE;
    case GDK_KEY_F2:
      if (editing || shift)
        return FALSE;
      kh_ui_edit_cell_start (cell);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_Down:
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      if (editing)
        return FALSE;
      if (shift)
        {
          extend_range (self, cell, keyval == GDK_KEY_Up ? -1 : keyval == GDK_KEY_Down ? 1 : 0,
                        keyval == GDK_KEY_Left ? -1 : keyval == GDK_KEY_Right ? 1 : 0);
          return TRUE;
        }
      move (self, cell, keyval == GDK_KEY_Up ? -1 : keyval == GDK_KEY_Down ? 1 : 0,
            keyval == GDK_KEY_Left ? -1 : keyval == GDK_KEY_Right ? 1 : 0);
      return TRUE; /* at the edge too: the selection stays */
    default:
      break;
    }
  c = gdk_keyval_to_unicode (keyval);
  if (!editing && c != 0 && g_unichar_isprint (c) && !g_unichar_isspace (c)
      && gtk_editable_get_editable (GTK_EDITABLE (cell)))
    {
      char text[8] = { 0 };

      g_unichar_to_utf8 (c, text);
      kh_ui_edit_cell_start (cell);
      if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
        return FALSE;
      gtk_editable_set_text (GTK_EDITABLE (cell), text);
      gtk_editable_set_position (GTK_EDITABLE (cell), -1);
      return TRUE;
    }
  return FALSE;
}

void
kh_data_grid_add_keys (GtkWidget *cell)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_name (keys, GRID_KEYS_NAME);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), cell);
  gtk_widget_add_controller (cell, keys);
}

void
kh_data_grid_dispose (KhDataView *self)
{
  if (self->select_tick != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->select_tick);
  self->select_tick = 0;
  g_clear_pointer (&self->range_unit, g_free);
  g_clear_pointer (&self->range_field, g_free);
}
