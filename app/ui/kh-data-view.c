/* kh-data-view.c — the Data page: units × data fields of the chosen year and group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "io/kh-table.h"
#include "kh-conflict-dialog.h"
#include "kh-data-flags.h"
#include "kh-data-grid.h"
#include "kh-data-view-private.h"
#include "kh-ui.h"

G_DEFINE_FINAL_TYPE (KhDataView, kh_data_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_rows (KhDataView *self);
static void flush (KhDataView *self);

char *
kh_data_view_field_title (KhDataView *self,
                          const char *field)
{
  KhFramework *fw = self->document != NULL ? kh_document_get_framework (self->document) : NULL;

  return fw != NULL ? kh_data_grid_field_title (fw, field) : g_strdup (field);
}

void
kh_data_view_message (KhDataView *self,
                      const char *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

static double
cell_value (KhDataView *self,
            const char *unit_id,
            const char *field)
{
  KhDataset *dataset = kh_document_get_dataset (self->document);
  guint unit, column;

  if (dataset == NULL)
    return NAN;
  unit = kh_dataset_find_unit (dataset, unit_id);
  column = kh_dataset_find_field (dataset, field);
  if (unit == KH_DATASET_NONE || column == KH_DATASET_NONE)
    return NAN;
  return kh_dataset_get (dataset, unit, column);
}

/* Every cell of a field shows as many decimals as the field's value that needs most. */
static int
field_decimals (KhDataView *self,
                const char *field)
{
  KhDataset *dataset = kh_document_get_dataset (self->document);
  gpointer known = g_hash_table_lookup (self->decimals, field);
  int decimals;

  if (known != NULL)
    return GPOINTER_TO_INT (known) - 1;
  decimals = dataset != NULL ? kh_data_grid_field_decimals (dataset, field) : 0;
  g_hash_table_insert (self->decimals, g_strdup (field), GINT_TO_POINTER (decimals + 1));
  return decimals;
}

char *
kh_data_view_format_cell (KhDataView *self,
                          const char *unit_id,
                          const char *field)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);
  g_return_val_if_fail (unit_id != NULL && field != NULL, NULL);

  if (self->document == NULL)
    return g_strdup ("—");
  return kh_data_grid_format (cell_value (self, unit_id, field), field_decimals (self, field));
}

typedef struct
{
  KhDataView *view;
  char *unit_id;
  char *field;
  double seen; /* the newer value the question showed */
  double value;
} Overwrite;

static void
overwrite_free (gpointer data)
{
  Overwrite *overwrite = data;

  g_object_unref (overwrite->view);
  g_free (overwrite->unit_id);
  g_free (overwrite->field);
  g_free (overwrite);
}

static gboolean set_value (KhDataView   *self,
                           const char   *unit_id,
                           const char   *field,
                           const double *seen,
                           double        value,
                           GError      **error);

/* The answer to a conflict's question: keep theirs (the document shows them already) or
 * overwrite with mine, an edit based on the newer value the question showed: one stored
 * since (a refresh while it was open) asks again. */
static void
conflict_answer_cb (gboolean overwrite,
                    gpointer user_data)
{
  Overwrite *asked = user_data;
  g_autoptr (GError) error = NULL;

  if (!overwrite || asked->view->document == NULL)
    return;
  if (!set_value (asked->view, asked->unit_id, asked->field, &asked->seen, asked->value, &error)
      && !g_error_matches (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT))
    g_signal_emit (asked->view, signals[SIGNAL_MESSAGE], 0, error->message);
}

/* kh_document_set_value(); a conflict (another writer changed the cell since it was
 * shown, issue 19) asks what to do in a dialog, and is the error. */
static gboolean
set_value (KhDataView   *self,
           const char   *unit_id,
           const char   *field,
           const double *seen,
           double        value,
           GError      **error)
{
  g_autoptr (KhValueConflict) conflict = NULL;
  g_autofree char *field_name = NULL;
  KhDataset *dataset;
  const char *unit_name = NULL;
  GtkRoot *root;
  Overwrite *asked;

  if (kh_document_set_value_over (self->document, unit_id, field, seen, value, &conflict, error))
    return TRUE;
  if (conflict == NULL)
    return FALSE;
  dataset = kh_document_get_dataset (self->document);
  if (dataset != NULL && kh_dataset_find_unit (dataset, unit_id) != KH_DATASET_NONE)
    unit_name = kh_dataset_get_unit_name (dataset, kh_dataset_find_unit (dataset, unit_id));
  field_name = kh_data_view_field_title (self, field);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  asked = g_new0 (Overwrite, 1);
  asked->view = g_object_ref (self);
  asked->unit_id = g_strdup (unit_id);
  asked->field = g_strdup (field);
  asked->seen = conflict->current;
  asked->value = value;
  kh_conflict_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, conflict,
                              unit_name, field_name, FALSE, conflict_answer_cb, asked,
                              overwrite_free);
  return FALSE;
}

gboolean
kh_data_view_edit_cell (KhDataView *self,
                        const char *unit_id,
                        const char *field,
                        const char *text,
                        GError    **error)
{
  g_autofree char *stripped = NULL;
  double value;

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL && text != NULL, FALSE);

  if (self->document == NULL)
    return FALSE;
  flush (self);
  stripped = g_strstrip (g_strdup (text));
  if (strcmp (stripped, "—") == 0)
    value = NAN;
  else if (!kh_table_parse_number (stripped, &value) || (!isnan (value) && !isfinite (value)))
    {
      KhDataset *dataset = kh_document_get_dataset (self->document);
      guint row = dataset != NULL ? kh_dataset_find_unit (dataset, unit_id) : KH_DATASET_NONE;
      guint column = G_MAXUINT;

      for (guint i = 0; i < self->fields->len; i++)
        if (strcmp (g_ptr_array_index (self->fields, i), field) == 0)
          column = i;
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("Row %u (%s), column %u (%s): “%s” is not a number"),
                   row != KH_DATASET_NONE ? row + 1 : 0, unit_id,
                   column != G_MAXUINT ? column + 2 : 0, field, stripped);
      return FALSE;
    }
  if (isnan (value) && isnan (cell_value (self, unit_id, field)))
    return TRUE;
  if (value == cell_value (self, unit_id, field))
    return TRUE;
  return set_value (self, unit_id, field, NULL, value, error);
}

static void show_bound_values (KhDataView *self);
static void show_value (KhDataView *self,
                        GtkWidget  *label,
                        const char *unit_id);

/* A value typed in a cell (see kh_ui_edit_cell_new): @target is the unit. */
static void
commit_cb (gpointer    owner,
           GtkWidget  *cell,
           const char *target,
           guint       epoch,
           const char *text)
{
  KhDataView *self = owner;
  const char *field = g_object_get_data (G_OBJECT (cell), "kh-field");
  g_autoptr (GError) error = NULL;

  if (epoch != self->epoch)
    {
      g_autofree char *message = g_strdup_printf (_("The value of %s · %s was not stored: "
                                                    "another year is open now"),
                                                  target, field);

      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
      return;
    }
  if (!kh_data_view_edit_cell (self, target, field, text, &error))
    {
      /* A conflict asks in its own dialog. */
      if (error != NULL && !g_error_matches (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT))
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      /* Show the stored values again. */
      show_bound_values (self);
    }
  else if (g_strcmp0 (kh_ui_edit_cell_get_target (cell), target) == 0)
    {
      /* The cell shows the value stored, not what was typed ("-0" is 0, "5.50" 5.5),
       * also when the typed text changed nothing. */
      show_value (self, cell, target);
    }
}

/* Provenance is looked up when the tooltip is about to show, not for every cell bound. */
static gboolean
query_tooltip_cb (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (label, KH_TYPE_DATA_VIEW));
  const char *unit_id = kh_ui_edit_cell_get_target (label);
  const char *field = g_object_get_data (G_OBJECT (label), "kh-field");
  g_autofree char *provenance = NULL;
  g_autofree char *text = NULL;
  const KhValueFlag *flag;

  if (self == NULL || self->document == NULL || unit_id == NULL)
    return FALSE;
  provenance = kh_document_get_provenance (self->document, unit_id, field);
  if (provenance == NULL)
    text = g_strdup_printf (_("%s · %s: no value stored"), unit_id, field);
  else if (isnan (cell_value (self, unit_id, field)))
    text = g_strdup_printf (_("%s · %s: cleared. %s"), unit_id, field, provenance);
  else
    text = g_strdup_printf ("%s · %s: %s", unit_id, field, provenance);
  flag = kh_data_flags_lookup (self->flags, unit_id, field);
  if (flag != NULL)
    {
      g_autofree char *why = kh_data_flags_describe (flag);
      char *both = g_strdup_printf ("%s\n%s", text, why);

      g_free (text);
      text = both;
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
show_value (KhDataView *self,
            GtkWidget  *label,
            const char *unit_id)
{
  const char *field = g_object_get_data (G_OBJECT (label), "kh-field");
  double value = cell_value (self, unit_id, field);
  g_autofree char *text = kh_data_view_format_cell (self, unit_id, field);
  const KhValueFlag *flag = kh_data_flags_lookup (self->flags, unit_id, field);

  kh_ui_edit_cell_bind (label, unit_id, self->epoch, text,
                        !kh_document_is_read_only (self->document));
  if (isnan (value))
    gtk_widget_add_css_class (label, "kh-missing");
  else
    gtk_widget_remove_css_class (label, "kh-missing");
  /* Flagged values stand out until someone confirms them. */
  if (flag != NULL && flag->confirmed_by == NULL)
    gtk_widget_add_css_class (label, "kh-flagged");
  else
    gtk_widget_remove_css_class (label, "kh-flagged");
  if (flag != NULL && flag->confirmed_by != NULL)
    gtk_widget_add_css_class (label, "kh-confirmed");
  else
    gtk_widget_remove_css_class (label, "kh-confirmed");
  if (kh_data_grid_in_range (self, unit_id, field))
    gtk_widget_add_css_class (label, "kh-range");
  else
    gtk_widget_remove_css_class (label, "kh-range");
}

static void
unbind_value_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 const char               *field)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (label, KH_TYPE_DATA_VIEW));

  if (self != NULL)
    g_hash_table_remove (self->bound, label);
  kh_ui_edit_cell_unbind (label);
}

static void
setup_value_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                const char               *field)
{
  KhDataView *self = g_object_get_data (G_OBJECT (factory), "kh-data-view");
  GtkWidget *label = kh_ui_edit_cell_new (self, commit_cb, "—");

  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gtk_editable_set_alignment (GTK_EDITABLE (label), 1.0);
  gtk_editable_set_width_chars (GTK_EDITABLE (label), 8);
  gtk_widget_add_css_class (label, "numeric");
  g_object_set_data_full (G_OBJECT (label), "kh-field", g_strdup (field), g_free);
  kh_data_grid_add_keys (label);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_value_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const char               *field)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (label, KH_TYPE_DATA_VIEW));
  const char *unit_id = gtk_string_object_get_string (gtk_list_item_get_item (list_item));

  if (self == NULL || self->document == NULL)
    return;
  g_hash_table_add (self->bound, label);
  show_value (self, label, unit_id);
}

/* A click on a unit selects its row's cell in the column of the selected cell (the
 * first column when none is): the unit column takes no keyboard focus of its own. */
static void
unit_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkWidget       *box)
{
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (box, KH_TYPE_DATA_VIEW));
  const char *unit_id = g_object_get_data (G_OBJECT (box), "kh-unit");
  const char *field = NULL;
  GtkRoot *root;
  GtkWidget *focus = NULL;

  if (self == NULL || unit_id == NULL || self->fields->len == 0)
    return;
  if ((root = gtk_widget_get_root (box)) != NULL)
    focus = gtk_root_get_focus (root);
  while (focus != NULL && !GTK_IS_EDITABLE_LABEL (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    field = g_object_get_data (G_OBJECT (focus), "kh-field");
  if (field == NULL || kh_data_grid_column_of (self, field) == G_MAXUINT)
    field = self->fields->pdata[0];
  {
    g_autofree char *unit = g_strdup (unit_id);
    g_autofree char *column = g_strdup (field);

    kh_data_view_select_cell (self, unit, column);
  }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_unit_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *id = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  /* A long id gives way to the name (the column is 180 pixels wide at first). */
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (id, "dim-label");
  /* (the same height as a value cell: style.css) */
  gtk_widget_add_css_class (box, "kh-unit-cell");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), id);
  g_signal_connect (click, "pressed", G_CALLBACK (unit_pressed_cb), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, box);
}

static void
bind_unit_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (box, KH_TYPE_DATA_VIEW));
  const char *unit_id = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  KhDataset *dataset;
  guint unit;
  const char *name = NULL;

  if (self == NULL || self->document == NULL)
    return;
  dataset = kh_document_get_dataset (self->document);
  unit = dataset != NULL ? kh_dataset_find_unit (dataset, unit_id) : KH_DATASET_NONE;
  if (unit != KH_DATASET_NONE)
    name = kh_dataset_get_unit_name (dataset, unit);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), name != NULL ? name : unit_id);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), unit_id);
  /* (all of it, where the column cuts a long name) */
  {
    g_autofree char *tooltip = g_strdup_printf ("%s · %s", name != NULL ? name : unit_id, unit_id);

    gtk_widget_set_tooltip_text (box, tooltip);
  }
  g_object_set_data_full (G_OBJECT (box), "kh-unit", g_strdup (unit_id), g_free);
  g_hash_table_add (self->bound_units, box);
  kh_data_grid_show_unit (self, box);
}

static void
unbind_unit_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  KhDataView *self = KH_DATA_VIEW (gtk_widget_get_ancestor (box, KH_TYPE_DATA_VIEW));

  if (self != NULL)
    g_hash_table_remove (self->bound_units, box);
  g_object_set_data (G_OBJECT (box), "kh-unit", NULL);
  gtk_widget_remove_css_class (box, "kh-selected-unit");
}

/* The values' vertical adjustment is the one that counts: the unit column's follows it,
 * one way (two list views setting one adjustment each from its own anchor can disagree
 * by a rounded pixel and undo each other's value frame after frame). It follows at the
 * start of the next frame, before the layout: the values' list sets its adjustment
 * while it lays its rows out, when the units' list may be laid out already (told to lay
 * out again then, it would be drawn without an allocation) or not yet (its rows of a new
 * model not measured, it could not find the place). A scroll by the user comes before
 * the frame: both move in the same one. */
static gboolean
sync_units_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  KhDataView *self = user_data;
  GtkAdjustment *grid = gtk_scrolled_window_get_vadjustment (self->grid_scroller);
  GtkAdjustment *units = gtk_scrolled_window_get_vadjustment (self->unit_scroller);
  GtkAdjustment *across = gtk_scrolled_window_get_hadjustment (self->grid_scroller);

  /* Not shown (another page is): a list not mapped is not laid out, so it would not find
   * the place among rows it has not measured (GTK 4.8 warns "GtkColumnListView failed to
   * scroll to given position": ui-monkey seed 20201213 at step 489, the Charts page shown
   * and another year chosen). The units follow once the page shows again
   * (unit_view_map_cb()), after its first layout. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->unit_view)))
    {
      self->rows_changed = TRUE;
      self->sync_tick = 0;
      return G_SOURCE_REMOVE;
    }
  /* The rows changed since the last frame: the units' list has not laid the new ones out
   * (its rows of no height yet, it could not find the place); after this frame's layout.
   * Counted in frames, not ticks: a frame clock frozen during a frame's ticks (the X11
   * backend waits for the server, as after a resize of the window) runs that frame's
   * ticks again when it thaws, before the frame's layout. The second tick set the
   * adjustment, and GTK 4.8 warned as above (ui-monkey seed 20201213 at step 490, under
   * load; /ui/data-grid/frozen-frame). */
  if (self->rows_changed)
    {
      self->rows_changed = FALSE;
      self->rows_frame = gdk_frame_clock_get_frame_counter (clock);
      return G_SOURCE_CONTINUE;
    }
  if (gdk_frame_clock_get_frame_counter (clock) <= self->rows_frame)
    return G_SOURCE_CONTINUE;
  self->sync_tick = 0;
  if (gtk_adjustment_get_value (units) != gtk_adjustment_get_value (grid))
    gtk_adjustment_set_value (units, gtk_adjustment_get_value (grid));
  /* The scrollbar across shows when the values are wider than their place (also not
   * while they are laid out). */
  gtk_widget_set_visible (GTK_WIDGET (self->grid_hscrollbar),
                          gtk_adjustment_get_upper (across) - gtk_adjustment_get_lower (across)
                            > gtk_adjustment_get_page_size (across) + 0.5);
  return G_SOURCE_REMOVE;
}

static void
rows_changed_cb (KhDataView *self)
{
  self->rows_changed = TRUE;
}

static void
sync_units_cb (KhDataView *self)
{
  if (self->sync_tick == 0)
    self->sync_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->unit_view),
                                                    sync_units_tick_cb, self, NULL);
}

/* Shown again: the units follow the values after the first frame's layout. */
static void
unit_view_map_cb (KhDataView *self)
{
  self->rows_changed = TRUE;
  sync_units_cb (self);
}

/* The wheel or touchpad over the unit column scrolls the values (and so the units): the
 * step of a wheel's notch as GtkScrolledWindow takes it. */
static gboolean
unit_scroll_cb (GtkEventControllerScroll *scroll,
                double                    dx,
                double                    dy,
                KhDataView               *self)
{
  GtkAdjustment *adjustments[2] = { gtk_scrolled_window_get_hadjustment (self->grid_scroller),
                                    gtk_scrolled_window_get_vadjustment (self->grid_scroller) };
  double deltas[2] = { dx, dy };

  for (guint i = 0; i < 2; i++)
    {
      double step = 1;

      if (deltas[i] == 0)
        continue;
      if (gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL)
        step = pow (gtk_adjustment_get_page_size (adjustments[i]), 2.0 / 3.0);
      gtk_adjustment_set_value (adjustments[i],
                                round (gtk_adjustment_get_value (adjustments[i]) + deltas[i] * step));
    }
  return TRUE;
}

/* The frozen unit column: a view of its own beside the values (kh-data-view.ui), over the
 * same rows, scrolled vertically by the values' adjustment. Made once: it does not change
 * with the year or the framework. */
static void
setup_unit_column (KhDataView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  GtkAdjustment *grid;
  GtkEventController *scroll;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_unit_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_unit_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_unit_cb), NULL);
  column = gtk_column_view_column_new (_("Unit"), factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, 180);
  gtk_column_view_append_column (self->unit_view, column);
  g_object_unref (column);

  /* One selection model for both: the same rows, filtered and ordered once. */
  gtk_column_view_set_model (self->unit_view, GTK_SELECTION_MODEL (self->selection));
  /* The rows of both views are of one height (style.css) and so are their titles (the
   * size group): the same vertical value shows the same rows at the same place. */
  grid = gtk_scrolled_window_get_vadjustment (self->grid_scroller);
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (rows_changed_cb), self);
  g_signal_connect_swapped (self->unit_view, "map", G_CALLBACK (unit_view_map_cb), self);
  g_signal_connect_swapped (grid, "value-changed", G_CALLBACK (sync_units_cb), self);
  g_signal_connect_swapped (grid, "changed", G_CALLBACK (sync_units_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->unit_scroller), "changed",
                            G_CALLBACK (sync_units_cb), self);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (unit_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->unit_scroller), scroll);
  gtk_scrollbar_set_adjustment (self->grid_hscrollbar,
                                gtk_scrolled_window_get_hadjustment (self->grid_scroller));
  g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (self->grid_scroller), "changed",
                            G_CALLBACK (sync_units_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->grid_hscrollbar), FALSE);
  self->headers = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
  gtk_size_group_add_widget (self->headers, gtk_widget_get_first_child (GTK_WIDGET (self->unit_view)));
  gtk_size_group_add_widget (self->headers, gtk_widget_get_first_child (GTK_WIDGET (self->column_view)));
}

static void
rebuild_columns (KhDataView *self)
{
  KhFramework *fw = self->document != NULL ? kh_document_get_framework (self->document) : NULL;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  g_hash_table_remove_all (self->bound);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, first);
    }
  g_ptr_array_set_size (self->fields, 0);
  if (fw == NULL)
    return;

  {
    g_autoptr (GPtrArray) fields = kh_framework_data_fields (fw);

    for (guint i = 0; i < fields->len; i++)
      g_ptr_array_add (self->fields, g_strdup (g_ptr_array_index (fields, i)));
  }
  for (guint i = 0; i < self->fields->len; i++)
    {
      const char *field = g_ptr_array_index (self->fields, i);
      g_autofree char *title = NULL;

      factory = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (factory), "kh-data-view", self);
      g_signal_connect_data (factory, "setup", G_CALLBACK (setup_value_cb), g_strdup (field),
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_value_cb), g_strdup (field),
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      g_signal_connect_data (factory, "unbind", G_CALLBACK (unbind_value_cb), g_strdup (field),
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      title = kh_data_grid_field_title (fw, field);
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static void
update_count (KhDataView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->units));
  g_autofree char *text = g_strdup_printf (ngettext ("%u of %u unit", "%u of %u units", total),
                                           shown, total);

  gtk_label_set_text (self->count_label, text);
}

/* The places of the units in the official order, the order the units tables declared
 * them in (kh_project_get_unit_order), read once per year shown (the units change only
 * with the project, which comes back as another year); empty when it cannot be read. */
static GHashTable *
unit_order (KhDataView *self)
{
  KhProject *project = self->document != NULL ? kh_document_get_project (self->document) : NULL;
  g_autoptr (GError) error = NULL;

  if (self->unit_order != NULL)
    return self->unit_order;
  self->unit_order = project != NULL ? kh_project_get_unit_order (project, &error) : NULL;
  if (error != NULL)
    g_warning ("The units' order: %s", error->message);
  if (self->unit_order == NULL)
    self->unit_order = g_hash_table_new (g_str_hash, g_str_equal);
  return self->unit_order;
}

static int
compare_declared (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  /* (a unit the table does not know, which cannot happen, after the others) */
  guint px = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, x)) - 1;
  guint py = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, y)) - 1;

  if (px != py)
    return px < py ? -1 : 1;
  return strcmp (x, y);
}

/* The dataset's units (by id) in the official order. */
static GPtrArray *
ordered_units (KhDataView *self)
{
  KhDataset *dataset = self->document != NULL ? kh_document_get_dataset (self->document) : NULL;
  guint n = dataset != NULL ? kh_dataset_get_n_units (dataset) : 0;
  GPtrArray *ids = g_ptr_array_sized_new (n + 1);

  for (guint u = 0; u < n; u++)
    g_ptr_array_add (ids, (gpointer) kh_dataset_get_unit_id (dataset, u));
  if (n > 1)
    g_ptr_array_sort_with_data (ids, compare_declared, unit_order (self));
  return ids;
}

static void
rebuild_rows (KhDataView *self)
{
  g_autoptr (GPtrArray) ids = ordered_units (self);

  g_ptr_array_add (ids, NULL);
  gtk_string_list_splice (self->units, 0, g_list_model_get_n_items (G_LIST_MODEL (self->units)),
                          (const char *const *) ids->pdata);
  update_count (self);
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  KhDataView *self = user_data;
  const char *unit_id = gtk_string_object_get_string (item);
  KhDataset *dataset;
  guint unit;

  if (self->document == NULL || (dataset = kh_document_get_dataset (self->document)) == NULL)
    return FALSE;
  unit = kh_dataset_find_unit (dataset, unit_id);
  if (unit == KH_DATASET_NONE)
    return FALSE;
  if (self->group_id != NULL
      && g_strcmp0 (kh_dataset_get_unit_group (dataset, unit), self->group_id) != 0)
    {
      /* A unit without a group belongs to the framework's only group. */
      KhFramework *fw = kh_document_get_framework (self->document);

      if (kh_dataset_get_unit_group (dataset, unit) != NULL || fw == NULL || fw->groups->len != 1)
        return FALSE;
    }
  if (self->search != NULL && *self->search != '\0')
    {
      const char *name = kh_dataset_get_unit_name (dataset, unit);
      g_autofree char *folded_id = g_utf8_casefold (unit_id, -1);
      g_autofree char *folded_name = name != NULL ? g_utf8_casefold (name, -1) : NULL;

      if (strstr (folded_id, self->search) == NULL
          && (folded_name == NULL || strstr (folded_name, self->search) == NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_units (KhDataView *self)
{
  g_autoptr (GPtrArray) ids = ordered_units (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->units));

  if (kh_document_get_dataset (self->document) == NULL || ids->len != n)
    return FALSE;
  for (guint u = 0; u < n; u++)
    if (g_strcmp0 (gtk_string_list_get_string (self->units, u), ids->pdata[u]) != 0)
      return FALSE;
  return TRUE;
}

static void apply_changes (KhDataView *self,
                           guint       what,
                           const char *field);

static void
flush (KhDataView *self)
{
  guint what = self->pending;

  self->pending = 0;
  if (what != 0)
    apply_changes (self, what, NULL);
}

static void
document_changed_cb (KhDataView *self,
                     guint       what)
{
  if (what & KH_CHANGE_YEAR)
    {
      self->epoch++;
      g_clear_pointer (&self->unit_order, g_hash_table_unref);
    }
  /* A value or field changed: the decimals of its field may change too. */
  if (what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK | KH_CHANGE_VALUES))
    g_hash_table_remove_all (self->decimals);
  /* Hidden: catch up when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->pending |= what;
      return;
    }
  apply_changes (self, what, kh_document_get_changed_field (self->document));
}

static void
show_bound_values (KhDataView *self)
{
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    if (kh_ui_edit_cell_get_target (label) != NULL)
      show_value (self, label, kh_ui_edit_cell_get_target (label));
}

static void reload_flags (KhDataView *self,
                          const char *field);
static void flag_clicked_cb (KhDataView *self,
                             GtkWidget  *button);

/* @field: the one value edited was of @field (NULL: not known, or not one value) */
static void
apply_changes (KhDataView *self,
               guint       what,
               const char *field)
{
  gboolean rebuilt = FALSE;

  /* The flags are read from the stored values and the stored framework's ranges and groups
   * (the plausibility of the whole year: seconds at 3,000 units): an edit of the working
   * framework (a weight …) cannot change them, only the fields' names listed (issue 22). */
  if (what & (KH_CHANGE_YEAR | KH_CHANGE_VALUES | KH_CHANGE_FLAGS))
    /* One value edited: only its field's flags can change (its peer groups' changes). */
    reload_flags (self, (what & (KH_CHANGE_YEAR | KH_CHANGE_FLAGS | KH_CHANGE_FRAMEWORK)) == 0
                          ? field
                          : NULL);
  else if (what & KH_CHANGE_FRAMEWORK)
    kh_data_flags_fill_list (self->flags, kh_document_get_framework (self->document),
                             self->flags_list, !kh_document_is_read_only (self->document),
                             G_CALLBACK (flag_clicked_cb), self);

  if (what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK))
    {
      g_autoptr (GPtrArray) fields = self->document != NULL
                                       && kh_document_get_framework (self->document) != NULL
                                       ? kh_framework_data_fields (kh_document_get_framework (self->document))
                                       : g_ptr_array_new ();
      gboolean same = fields->len == self->fields->len && !(what & KH_CHANGE_YEAR);

      for (guint i = 0; same && i < fields->len; i++)
        same = strcmp (fields->pdata[i], self->fields->pdata[i]) == 0;
      if (!same)
        {
          rebuild_columns (self);
          rebuild_rows (self);
          rebuilt = TRUE;
        }
    }
  if (!rebuilt && (what & (KH_CHANGE_YEAR | KH_CHANGE_VALUES | KH_CHANGE_FLAGS)))
    {
      if (!same_units (self))
        rebuild_rows (self);
      else
        show_bound_values (self); /* the same grid: new values in the cells bound */
    }
}

void
kh_data_view_set_document (KhDataView *self,
                           KhDocument *document)
{
  g_return_if_fail (KH_IS_DATA_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  g_ptr_array_set_size (self->fields, 0);
  self->pending = 0;
  self->epoch++;
  document_changed_cb (self, KH_CHANGE_YEAR);
}

void
kh_data_view_set_group (KhDataView *self,
                        const char *group_id)
{
  g_return_if_fail (KH_IS_DATA_VIEW (self));

  g_free (self->group_id);
  self->group_id = g_strdup (group_id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

void
kh_data_view_set_search (KhDataView *self,
                         const char *text)
{
  g_return_if_fail (KH_IS_DATA_VIEW (self));

  g_free (self->search);
  self->search = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
search_changed_cb (KhDataView *self)
{
  kh_data_view_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

guint
kh_data_view_get_n_rows (KhDataView *self)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), 0);
  flush (self);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

char *
kh_data_view_dup_row_unit (KhDataView *self,
                           guint       row)
{
  g_autoptr (GtkStringObject) item = NULL;

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);
  flush (self);
  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), row);
  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

GPtrArray *
kh_data_view_get_fields (KhDataView *self)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);
  flush (self);
  return self->fields;
}

/* Flagged values ---------------------------------------------------------------------------- */

static void
flag_clicked_cb (KhDataView *self,
                 GtkWidget  *button)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *unit = g_strdup (g_object_get_data (G_OBJECT (button), "kh-unit"));
  g_autofree char *field = g_strdup (g_object_get_data (G_OBJECT (button), "kh-field"));

  if (!kh_data_view_confirm_value (self, unit, field,
                                   g_strcmp0 (gtk_widget_get_name (button), "kh-flag-confirm") == 0,
                                   &error))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
}

/* The flags of the year shown again, the button's count and the popover's list. */
/* @field: only that field's flags can have changed (NULL: any) */
static void
reload_flags (KhDataView *self,
              const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  guint open;

  if (!(field != NULL ? kh_data_flags_load_field (self->flags, self->document, field, &error)
                      : kh_data_flags_load (self->flags, self->document, &error)))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
  open = kh_data_flags_get_n_open (self->flags);
  /* TRANSLATORS: the Data page's button listing the values flagged for confirmation */
  label = g_strdup_printf (_("_Flagged (%u)"), open);
  gtk_menu_button_set_label (self->flags_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->flags_button),
                          kh_data_flags_get_all (self->flags)->len > 0);
  if (open > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->flags_button), "kh-flagged");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->flags_button), "kh-flagged");
  kh_data_flags_fill_list (self->flags,
                           self->document != NULL ? kh_document_get_framework (self->document)
                                                  : NULL,
                           self->flags_list,
                           self->document != NULL && !kh_document_is_read_only (self->document),
                           G_CALLBACK (flag_clicked_cb), self);
}

gboolean
kh_data_view_confirm_value (KhDataView *self,
                            const char *unit_id,
                            const char *field,
                            gboolean    confirmed,
                            GError    **error)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL, FALSE);

  if (self->document == NULL)
    return FALSE;
  flush (self);
  return kh_document_confirm_value (self->document, unit_id, field, confirmed, error);
}

GPtrArray *
kh_data_view_get_flags (KhDataView *self)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);
  flush (self);
  return kh_data_flags_get_all (self->flags);
}

/* The focus moved (to another cell, perhaps): the unit column marks the selected row. */
static void
focus_changed_cb (KhDataView *self)
{
  kh_data_grid_show_units (self);
}

static void
kh_data_view_root (GtkWidget *widget)
{
  KhDataView *self = KH_DATA_VIEW (widget);

  GTK_WIDGET_CLASS (kh_data_view_parent_class)->root (widget);
  self->focus_root = gtk_widget_get_root (widget);
  self->focus_handler = g_signal_connect_swapped (self->focus_root, "notify::focus-widget",
                                                  G_CALLBACK (focus_changed_cb), self);
}

static void
kh_data_view_unroot (GtkWidget *widget)
{
  KhDataView *self = KH_DATA_VIEW (widget);

  if (self->focus_root != NULL)
    g_clear_signal_handler (&self->focus_handler, self->focus_root);
  self->focus_root = NULL;
  GTK_WIDGET_CLASS (kh_data_view_parent_class)->unroot (widget);
}

static void
kh_data_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_data_view_parent_class)->map (widget);
  flush (KH_DATA_VIEW (widget));
}

static void
kh_data_view_dispose (GObject *object)
{
  KhDataView *self = KH_DATA_VIEW (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  kh_data_grid_dispose (self);
  if (self->sync_tick != 0 && self->unit_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->unit_view), self->sync_tick);
  self->sync_tick = 0;
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->grid_scroller != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->grid_scroller),
                                            self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_hadjustment (self->grid_scroller),
                                            self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->unit_scroller),
                                            self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_DATA_VIEW);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->headers);
  g_clear_object (&self->selection);
  g_clear_object (&self->units);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->bound_units, g_hash_table_unref);
  g_clear_pointer (&self->decimals, g_hash_table_unref);
  g_clear_pointer (&self->unit_order, g_hash_table_unref);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (kh_data_view_parent_class)->dispose (object);
}

/* Submissions (kh-data-submissions.c) ---------------------------------------------------- */

char *
kh_data_view_get_submissions_text (KhDataView *self)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);
  return kh_data_submissions_text (self->document);
}

static void
submissions_show_cb (KhDataView *self)
{
  g_autofree char *text = NULL;

  flush (self);
  text = kh_data_view_get_submissions_text (self);
  gtk_label_set_text (self->submissions_label, text);
}

static void
kh_data_view_class_init (KhDataViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_data_view_dispose;
  widget_class->map = kh_data_view_map;
  widget_class->root = kh_data_view_root;
  widget_class->unroot = kh_data_view_unroot;

  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-data-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhDataView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, count_label);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, unit_view);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, unit_scroller);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, grid_hscrollbar);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, submissions_button);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, submissions_label);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, flags_button);
  gtk_widget_class_bind_template_child (widget_class, KhDataView, flags_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, submissions_show_cb);
}

static void
kh_data_view_init (KhDataView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->flags = kh_data_flags_new ();
  self->bound = g_hash_table_new (NULL, NULL);
  self->bound_units = g_hash_table_new (NULL, NULL);
  self->decimals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->units = gtk_string_list_new (NULL);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->units)),
                                                  GTK_FILTER (self->filter));
  self->selection = gtk_no_selection_new (G_LIST_MODEL (self->filter_model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  setup_unit_column (self);
  update_count (self);
}
