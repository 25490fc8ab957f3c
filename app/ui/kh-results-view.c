/* kh-results-view.c — the Results page: ranking table per group and a unit's breakdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-compare.h"
#include "kh-result-row.h"
#include "kh-results-breakdown.h"
#include "kh-sorted-rows.h"
#include "kh-ui.h"
#include "kh-results-view.h"

typedef enum
{
  COL_RANK,
  COL_UNIT,
  COL_SCORE,
  COL_TIER,
  COL_PREVIOUS,
  COL_CHANGE,
  COL_AWARDS,
} Column;

struct _KhResultsView
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;
  char *group_id;
  char *selected_unit;  /* the one whose breakdown is shown */
  GStrv selected_units; /* every unit selected, in the rows' order when chosen (never NULL) */

  GListStore *store;
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;
  KhSortedRows *sort_model; /* owned by the selection */
  GtkMultiSelection *selection;
  gboolean refreshing;
  gboolean breakdown_dirty;
  gboolean rows_stale; /* the plan changed, the rows not yet updated */
  guint refresh_tick;  /* the tick callback that updates them before the next frame, or 0 */
  /* Every cell label of the table; those of rows changed while they were off screen are
   * shown again once on screen, after the frame's layout (see row_changed_cb()). */
  GHashTable *cells;
  guint n_stale;
  GdkFrameClock *clock;
  gulong layout_handler;
  /* The rows made again but not all listed yet (issue 22): every row, in the plan's order,
   * while the store holds only those the first frame shows; listed whole in a frame after
   * (tail_tick, TAIL_WAIT_US after the first) or when the rows are asked for. */
  GPtrArray *tail_rows;
  guint tail_tick;
  gboolean tail_ticked;
  gint64 tail_first_frame; /* the frame time of the frame that painted the first rows */
  KhLikeCache *like_cache; /* the breakdown's like-for-like plan */

  /* Template widgets */
  GtkStack *tabs;
  KhRobustnessView *robustness_view;
  KhHealthView *health_view;
  KhCompareView *compare_view;
  KhRecommendView *recommend_view;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkColumnView *column_view;
  GtkBox *breakdown;
};

G_DEFINE_FINAL_TYPE (KhResultsView, kh_results_view, GTK_TYPE_WIDGET)

enum
{
  UNITS_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Cells ------------------------------------------------------------------------------- */

static void
set_stale (KhResultsView *self,
           GtkWidget     *label,
           gboolean       stale)
{
  if (self == NULL || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-cell-stale")) == stale)
    return;
  g_object_set_data (G_OBJECT (label), "kh-cell-stale", GINT_TO_POINTER (stale));
  if (stale)
    self->n_stale++;
  else
    self->n_stale--;
}

static void
cell_destroy_cb (GtkWidget     *label,
                 KhResultsView *self)
{
  set_stale (self, label, FALSE);
  g_hash_table_remove (self->cells, label);
  g_signal_handlers_disconnect_by_func (label, cell_destroy_cb, self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  KhResultsView *self = g_object_get_data (G_OBJECT (factory), "kh-results-view");
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (label), "kh-results-view", self);
  g_hash_table_add (self->cells, label);
  g_signal_connect (label, "destroy", G_CALLBACK (cell_destroy_cb), self);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_UNIT || column == COL_AWARDS ? 0.0 : 1.0);
  if (column == COL_TIER)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "kh-tier");
    }
  if (column != COL_UNIT && column != COL_AWARDS && column != COL_TIER)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

/* Adds or removes the style class @name, only when it changes: a cell's classes taken
 * off and put back restyle it (each bound row after every weight edit, issue 22). */
static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    on)
{
  if (gtk_widget_has_css_class (widget, name) == on)
    return;
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Shows @row's @column in @label. */
static void
show_cell (GtkWidget   *label,
           Column       column,
           KhResultRow *row)
{
  g_autofree char *text = NULL;
  int change = 0;
  gboolean has_change;

  switch (column)
    {
    case COL_RANK:
      text = kh_result_row_get_rank (row) > 0 ? g_strdup_printf ("%d", kh_result_row_get_rank (row))
                                              : g_strdup ("—");
      break;
    case COL_UNIT:
      text = g_strdup (kh_result_row_get_name (row));
      kh_widget_set_lazy_tooltip (label, kh_result_row_get_unit_id (row));
      break;
    case COL_SCORE:
      {
        g_autofree char *score = kh_ui_format_score (kh_result_row_get_score (row));
        double coverage = kh_result_row_get_coverage (row);
        g_autofree char *tip = NULL;

        /* incomplete data: marked, never silently re-weighted upwards */
        if (coverage < 1)
          {
            tip = g_strdup_printf (_("Incomplete: %.0f%% of the weight backed by data"),
                                   coverage * 100);
            text = g_strdup_printf ("%s ◔", score);
          }
        else
          text = g_steal_pointer (&score);
        kh_widget_set_lazy_tooltip (label, tip);
      }
      break;
    case COL_TIER:
      {
        static const char *const classes[] = { "kh-tier-1", "kh-tier-2", "kh-tier-3", "kh-tier-4" };

        for (int t = 1; t <= 4; t++)
          set_css_class (label, classes[t - 1], MIN (kh_result_row_get_tier (row), 4) == t);
      }
      gtk_widget_set_visible (label, kh_result_row_get_tier (row) > 0);
      text = kh_result_row_get_vetoed (row)
               ? g_strdup_printf ("%s ✕", kh_result_row_get_tier_name (row))
               : g_strdup (kh_result_row_get_tier_name (row));
      kh_widget_set_lazy_tooltip (label, kh_result_row_get_vetoed (row)
                                            ? _("Vetoed by a failed binding constraint")
                                            : NULL);
      break;
    case COL_PREVIOUS:
      text = kh_result_row_get_previous_rank (row) > 0
               ? g_strdup_printf ("%d", kh_result_row_get_previous_rank (row))
               : g_strdup ("—");
      break;
    case COL_CHANGE:
      has_change = kh_result_row_get_change (row, &change);
      set_css_class (label, "kh-up", has_change && change > 0);
      set_css_class (label, "kh-down", has_change && change < 0);
      if (!has_change)
        {
          text = g_strdup (_("new"));
          kh_widget_set_lazy_tooltip (label, _("No rank last year"));
        }
      else if (change > 0)
        {
          /* Arrow and sign: readable without colour. */
          text = g_strdup_printf ("▲ %d", change);
          kh_widget_set_lazy_tooltip (label, _("Advanced"));
        }
      else if (change < 0)
        {
          text = g_strdup_printf ("▼ %d", -change);
          kh_widget_set_lazy_tooltip (label, _("Fell back"));
        }
      else
        {
          text = g_strdup ("= 0");
          kh_widget_set_lazy_tooltip (label, _("Unchanged"));
        }
      break;
    case COL_AWARDS:
      text = g_strdup (kh_result_row_get_awards (row));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

/* Whether the cell of @label is on screen in the table, as last laid out. */
static gboolean
cell_on_screen (KhResultsView *self,
                GtkWidget     *label)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *cell = gtk_widget_get_parent (label);
  graphene_rect_t bounds;

  if (cell == NULL || !gtk_widget_get_mapped (cell)
      || !gtk_widget_compute_bounds (cell, view, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (view)
         && bounds.origin.x + bounds.size.width > 0 && bounds.origin.x < gtk_widget_get_width (view);
}

static void
show_stale_cell (KhResultsView *self,
                 GtkWidget     *label)
{
  set_stale (self, label, FALSE);
  show_cell (label, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-cell-column")),
             kh_ui_cell_get_watched (label));
}

/* A row changed: its cells on screen show it at once, the others once they are (issue
 * 22: GTK 4.8 keeps 200 rows bound around those shown, and a weight edit changes every
 * row's score: their cells' texts set again, then measured and laid out, cost more than
 * the rest of the rows' update). */
static void
row_changed_cb (KhResultRow *row,
                GtkWidget   *label)
{
  KhResultsView *self = g_object_get_data (G_OBJECT (label), "kh-results-view");

  if (self != NULL && !cell_on_screen (self, label))
    {
      set_stale (self, label, TRUE);
      return;
    }
  if (self != NULL)
    set_stale (self, label, FALSE);
  show_cell (label, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-cell-column")),
             row);
}

/* After the frame's layout (the rows on screen may have changed: scrolled, sorted again,
 * the window resized), the cells of rows changed while off screen that now are on it
 * show them: their texts set, the frame is laid out again before it is painted. */
static void
after_layout_cb (GdkFrameClock *clock,
                 KhResultsView *self)
{
  g_autoptr (GPtrArray) shown = NULL;
  GHashTableIter iter;
  gpointer label;

  if (self->n_stale == 0)
    return;
  shown = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    if (g_object_get_data (G_OBJECT (label), "kh-cell-stale") != NULL
        && cell_on_screen (self, label))
      g_ptr_array_add (shown, label);
  for (guint i = 0; i < shown->len; i++)
    show_stale_cell (self, shown->pdata[i]);
}

/* A cell shows its row, and watches it for as long as it shows it: bound to the row it
 * already watches, as GTK 4.8 binds every shown row again after any change of the rows'
 * order (each one's seven cells unbound and bound), it is up to date and left alone
 * (issue 22: after a weight edit that changed the order, the rows bound again cost
 * more than sorting them). Unbound, a cell keeps watching its row until it is bound to
 * another or finalized: most often it is bound to the same row at once. */
static void
bind_watch_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  KhResultRow *row = gtk_list_item_get_item (list_item);

  if (kh_ui_cell_get_watched (label) == (gpointer) row)
    return;
  set_stale (g_object_get_data (G_OBJECT (label), "kh-results-view"), label, FALSE);
  g_object_set_data (G_OBJECT (label), "kh-cell-column", user_data);
  kh_ui_cell_watch (label, row, G_CALLBACK (row_changed_cb));
  show_cell (label, GPOINTER_TO_INT (user_data), row);
}

/* A numeric column's sort key of @row, as the row's property @column sorts by ("none"
 * last in ascending order). */
static double
sort_key (KhResultRow *row,
          Column       column)
{
  int value;

  switch (column)
    {
    case COL_RANK:
      value = kh_result_row_get_rank (row);
      return value > 0 ? value : G_MAXINT;
    case COL_SCORE:
      {
        double score = kh_result_row_get_score (row);

        return isnan (score) ? -G_MAXDOUBLE : score;
      }
    case COL_TIER:
      value = kh_result_row_get_tier (row);
      return value > 0 ? value : G_MAXINT;
    case COL_PREVIOUS:
      value = kh_result_row_get_previous_rank (row);
      return value > 0 ? value : G_MAXINT;
    case COL_CHANGE:
      return kh_result_row_get_change (row, &value) ? value : G_MININT;
    case COL_UNIT:
    case COL_AWARDS:
    default:
      g_assert_not_reached ();
    }
}

/* A numeric column's order: its keys read from the rows directly (issue 22: after a weight
 * edit the 3,000 rows' order is checked, and a numeric sorter read each key through its
 * property as a GValue: a dozen milliseconds, more than updating the rows). */
static int
compare_numeric (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  double x = sort_key (KH_RESULT_ROW ((gpointer) a), column);
  double y = sort_key (KH_RESULT_ROW ((gpointer) b), column);

  return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static GtkColumnViewColumn *
add_column (KhResultsView *self,
            Column         column,
            const char    *title,
            const char    *property,
            gboolean       numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "kh-results-view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_watch_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  if (numeric)
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_numeric, GINT_TO_POINTER (column), NULL));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (KH_TYPE_RESULT_ROW,
                                                                             NULL, property)));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_expand (view_column, column == COL_UNIT || column == COL_AWARDS);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
  return view_column;
}

/* Breakdown (kh-results-breakdown.c) --------------------------------------------------- */

static void
rebuild_breakdown (KhResultsView *self)
{
  KhPlan *plan = self->document != NULL ? kh_document_get_plan (self->document) : NULL;
  KhPlan *previous;
  guint unit = KH_DATASET_NONE;
  GtkWidget *child;

  /* Hidden: built when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->breakdown)))
    {
      self->breakdown_dirty = TRUE;
      return;
    }
  self->breakdown_dirty = FALSE;
  if (plan != NULL && self->selected_unit != NULL)
    unit = kh_plan_find_unit (plan, self->selected_unit);
  /* Last year's plan only for a unit's breakdown: the document computes it after the
   * year shows (issue 22). */
  previous = unit != KH_DATASET_NONE ? kh_document_get_previous_plan (self->document) : NULL;
  /* The same unit after an edit: its texts set in place (issue 22) */
  if (kh_results_breakdown_update (self->breakdown, plan, previous, unit, self->like_cache))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->breakdown))) != NULL)
    gtk_box_remove (self->breakdown, child);
  kh_results_breakdown_fill (self->breakdown, plan, previous, unit, self->like_cache);
}

/* Rows -------------------------------------------------------------------------------- */

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  KhResultsView *self = user_data;

  return self->group_id == NULL
         || g_strcmp0 (kh_result_row_get_group (KH_RESULT_ROW (item)), self->group_id) == 0;
}

static guint
find_unit_position (KhResultsView *self,
                    const char    *unit_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; unit_id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (kh_result_row_get_unit_id (row), unit_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Selects the rows of the units selected (those listed: a unit of another year or group
 * stays selected until the selection changes), and only those. */
static void
select_listed (KhResultsView *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  g_autoptr (GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr (GtkBitset) mask = gtk_bitset_new_range (0, n);

  for (guint i = 0; i < n && self->selected_units[0] != NULL; i++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (model, i);

      if (g_strv_contains ((const char *const *) self->selected_units, kh_result_row_get_unit_id (row)))
        gtk_bitset_add (selected, i);
    }
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
}

/* The store holds the plan's units in the plan's order: update its rows in place. */
static gboolean
update_rows (KhResultsView *self,
             KhPlan        *plan)
{
  GListModel *store = G_LIST_MODEL (self->store);
  KhDataset *dataset = kh_plan_get_dataset (plan);
  guint n = kh_plan_get_n_units (plan);
  gboolean changed = FALSE;

  if (g_list_model_get_n_items (store) != n || n == 0)
    return FALSE;
  for (guint u = 0; u < n; u++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (store, u);

      if (g_strcmp0 (kh_result_row_get_unit_id (row), kh_dataset_get_unit_id (dataset, u)) != 0)
        return FALSE;
    }
  for (guint u = 0; u < n; u++)
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (store, u);

      changed |= kh_result_row_update (row, plan, u);
    }
  /* Ranks may have moved: sorted again from the order they had, when they are out of
   * order (after most weight edits they are not: n − 1 comparisons), the rows said moved
   * from the first that did to the last (issue 22). */
  if (changed)
    kh_sorted_rows_resort (self->sort_model);
  return TRUE;
}

/* The rows the first frame shows at most: a window's height in rows of 24 px (a line of
 * text and the cell's padding; a row is never lower), and a few more. */
static guint
first_rows (KhResultsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;
  int width;

  if (height <= 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  return height > 0 ? (guint) height / 24 + 8 : 64;
}

typedef struct
{
  GtkSorter *sorter;
  KhResultRow **rows;
} RankOrder;

/* The sorted rows' order: the column view's sorter, then the plan's order (as a sort of
 * the store leaves rows that compare equal). */
static int
compare_ranked (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const RankOrder *order = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  GtkOrdering o = gtk_sorter_compare (order->sorter, order->rows[i], order->rows[j]);

  if (o != GTK_ORDERING_EQUAL)
    return o;
  return i < j ? -1 : i > j;
}

static void list_tail (KhResultsView *self);

/* How long after the frame that painted the first rows the others wait (issue 22): past the
 * header's transitions when a project opens with them (the selectors shown, libadwaita's view
 * switcher title cross-fades to the title, 200 ms, and the switcher bar slides in, 250 ms).
 * Every frame of those repaints the whole window, the cross-fade through two groups of
 * the window's size (6.3 MB at 1100 × 720); the other rows' cells made in one of them
 * (12 MB at 3,000 units: GTK 4.8's column view makes some 200 rows) put the app's memory
 * at its peak, 7 MB above where it then stays. Frame times: the transitions are over
 * however slowly the frames come. */
#define TAIL_WAIT_US (300 * G_TIME_SPAN_MILLISECOND)

static gboolean
tail_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  KhResultsView *self = KH_RESULTS_VIEW (widget);

  if (!self->tail_ticked)
    {
      self->tail_ticked = TRUE; /* this frame paints the first rows */
      self->tail_first_frame = gdk_frame_clock_get_frame_time (clock);
      return G_SOURCE_CONTINUE;
    }
  /* Hidden, the table makes no rows: nothing to wait for. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->column_view))
      && gdk_frame_clock_get_frame_time (clock) - self->tail_first_frame < TAIL_WAIT_US)
    return G_SOURCE_CONTINUE;
  self->tail_tick = 0;
  list_tail (self);
  return G_SOURCE_REMOVE;
}

/* Lists @rows (every row, in the plan's order). When there are more than a frame shows and
 * the view has a frame to come (issue 22: at 3,000 units the column view made and bound
 * some 200 rows' cells for the first frame, 0.15 s of the main thread before the results
 * showed), the store first holds only those the first frame shows — the first rows in the
 * column view's order among those the group shows, in the plan's order, so that the sorted
 * view lists them as it will once whole — and the others are listed in a frame
 * TAIL_WAIT_US after the one that paints them (list_tail()). */
static void
list_rows (KhResultsView *self,
           GPtrArray     *rows)
{
  guint n_first = first_rows (self);
  g_autofree guint *order = NULL;
  g_autofree gboolean *first = NULL;
  g_autoptr (GPtrArray) shown = NULL;
  RankOrder rank = { gtk_column_view_get_sorter (self->column_view), (KhResultRow **) rows->pdata };
  guint taken = 0;

  g_clear_pointer (&self->tail_rows, g_ptr_array_unref);
  if (self->tail_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tail_tick);
  self->tail_tick = 0;
  if (rows->len <= n_first || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           rows->pdata, rows->len);
      return;
    }
  order = g_new (guint, rows->len);
  first = g_new0 (gboolean, rows->len);
  for (guint i = 0; i < rows->len; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) rows->len, sizeof (guint), compare_ranked, &rank);
  for (guint i = 0; i < rows->len && taken < n_first; i++)
    if (filter_cb (rows->pdata[order[i]], self))
      {
        first[order[i]] = TRUE;
        taken++;
      }
  shown = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    if (first[i])
      g_ptr_array_add (shown, rows->pdata[i]);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       shown->pdata, shown->len);
  self->tail_rows = g_ptr_array_ref (rows);
  self->tail_ticked = FALSE;
  self->tail_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), tail_tick_cb, NULL, NULL);
}

/* Every row listed: those the first frame showed are taken again (their cells kept). */
static void
list_tail (KhResultsView *self)
{
  g_autoptr (GPtrArray) rows = g_steal_pointer (&self->tail_rows);

  if (self->tail_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tail_tick);
  self->tail_tick = 0;
  if (rows == NULL)
    return;
  self->refreshing = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);
  select_listed (self);
  self->refreshing = FALSE;
}

static void
refresh (KhResultsView *self)
{
  KhPlan *plan = self->document != NULL ? kh_document_get_plan (self->document) : NULL;
  gboolean in_place;

  list_tail (self);
  self->refreshing = TRUE;
  in_place = plan != NULL && update_rows (self, plan);
  if (!in_place)
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint u = 0; plan != NULL && u < kh_plan_get_n_units (plan); u++)
        g_ptr_array_add (rows, kh_result_row_new (plan, u));
      list_rows (self, rows);
    }
  select_listed (self);
  self->refreshing = FALSE;
  /* Rows updated in place are the same units, selected as they were: nothing to say
   * (issue 22: the window passes the selection to the Charts page, which, even hidden,
   * then brought its charts up to date after every weight edit). */
  if (!in_place)
    g_signal_emit (self, signals[UNITS_SELECTED], 0);

  if (plan != NULL)
    gtk_stack_set_visible_child_name (self->stack, "results");
  else
    {
      const char *error = self->document != NULL ? kh_document_get_plan_error (self->document)
                                                 : NULL;

      kh_ui_status_page_set_description (self->empty_page,
                                       error != NULL
                                         ? error
                                         : _("Results appear as soon as the year has a framework "
                                             "and data."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  rebuild_breakdown (self);
}

static void
breakdown_map_cb (KhResultsView *self)
{
  if (self->breakdown_dirty)
    rebuild_breakdown (self);
}

/* The rows selected (click, Ctrl+click, Shift+click, the arrow keys, Ctrl+Space, Ctrl+A):
 * the breakdown shows the unit just added to them when one was, else the one it showed
 * while still selected, else the first added, else the first. */
static void
selection_changed_cb (KhResultsView *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr (GtkBitset) bits = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  const char *added = NULL;
  guint position, n_added = 0;

  if (self->refreshing)
    return;
  bits = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, bits, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (KhResultRow) row = g_list_model_get_item (model, position);
      const char *id = kh_result_row_get_unit_id (row);

      if (!g_strv_contains ((const char *const *) self->selected_units, id) && n_added++ == 0)
        added = id;
      g_ptr_array_add (ids, g_strdup (id));
    }
  g_ptr_array_add (ids, NULL);
  if (n_added != 1 && self->selected_unit != NULL
      && g_strv_contains ((const char *const *) ids->pdata, self->selected_unit))
    added = self->selected_unit;
  if (added == NULL)
    added = ids->pdata[0];
  {
    char *focus = g_strdup (added); /* @added may be the string replaced */

    g_free (self->selected_unit);
    self->selected_unit = focus;
  }
  g_strfreev (self->selected_units);
  self->selected_units = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  rebuild_breakdown (self);
  g_signal_emit (self, signals[UNITS_SELECTED], 0);
}

/* The rows brought up to date, when the plan changed since they were: before the next
 * frame, when the ranking shows again, or when they are asked for. */
static void
bring_up_to_date (KhResultsView *self)
{
  if (self->refresh_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refresh_tick);
      self->refresh_tick = 0;
    }
  if (!self->rows_stale)
    return;
  self->rows_stale = FALSE;
  refresh (self);
}

/* The same, and every row listed (when asked for them). */
static void
flush (KhResultsView *self)
{
  list_tail (self);
  bring_up_to_date (self);
}

/* The ranking shown: up to date, its rows not made before the first frame listed in the
 * frame after (list_rows()). */
static void
stack_map_cb (KhResultsView *self)
{
  bring_up_to_date (self);
}

static gboolean
refresh_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  KhResultsView *self = user_data;

  self->refresh_tick = 0; /* removed by returning G_SOURCE_REMOVE */
  flush (self);
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (KhResultsView *self,
                     guint          what)
{
  if (!(what & (KH_CHANGE_RESULTS | KH_CHANGE_YEAR)))
    return;
  /* Another year or category makes the rows again at once. */
  if (what & KH_CHANGE_YEAR)
    {
      self->rows_stale = TRUE;
      flush (self);
      return;
    }
  /* An edit: the rows and the breakdown are brought up to date once, in the next frame's
   * update phase, for any number of edits meanwhile (issue 22: a weight dragged in the
   * Weights… window edits several times a frame; at 3,000 units each update of the rows
   * and their cells costs more than the re-weighting itself). While hidden (another page
   * or tab shown, as the Framework page where weights are edited), when the ranking shows
   * again or when asked for. */
  self->rows_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->stack)) && self->refresh_tick == 0)
    self->refresh_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), refresh_tick_cb, self,
                                                       NULL);
}

void
kh_results_view_set_document (KhResultsView *self,
                              KhDocument    *document)
{
  g_return_if_fail (KH_IS_RESULTS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  g_clear_pointer (&self->selected_unit, g_free);
  g_strfreev (self->selected_units);
  self->selected_units = g_new0 (char *, 1);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  self->rows_stale = TRUE;
  flush (self);
}

void
kh_results_view_set_group (KhResultsView *self,
                           const char    *group_id)
{
  g_return_if_fail (KH_IS_RESULTS_VIEW (self));

  if (g_strcmp0 (self->group_id, group_id) == 0)
    return;
  g_free (self->group_id);
  self->group_id = g_strdup (group_id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GListModel *
kh_results_view_get_rows (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  flush (self); /* up to date also while hidden */
  return G_LIST_MODEL (self->selection);
}

guint
kh_results_view_get_n_listed (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

gboolean
kh_results_view_select_unit (KhResultsView *self,
                             const char    *unit_id)
{
  guint position;

  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), FALSE);

  flush (self);
  position = find_unit_position (self, unit_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  return TRUE;
}

const char *
kh_results_view_get_selected_unit (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return self->selected_unit;
}

const char *const *
kh_results_view_get_selected_units (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return (const char *const *) self->selected_units;
}

KhResultRow *
kh_results_view_get_selected_row (KhResultsView *self)
{
  guint position;

  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);

  flush (self);
  position = find_unit_position (self, self->selected_unit);
  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  {
    KhResultRow *row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

    /* The store keeps its own reference: borrowed. */
    g_object_unref (row);
    return row;
  }
}

static void
kh_results_view_dispose (GObject *object)
{
  KhResultsView *self = KH_RESULTS_VIEW (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  if (self->refresh_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refresh_tick);
      self->refresh_tick = 0;
    }
  if (self->cells != NULL)
    {
      GHashTableIter iter;
      gpointer label;

      g_hash_table_iter_init (&iter, self->cells);
      while (g_hash_table_iter_next (&iter, &label, NULL))
        {
          g_signal_handlers_disconnect_by_func (label, cell_destroy_cb, self);
          g_object_set_data (G_OBJECT (label), "kh-results-view", NULL);
        }
      g_clear_pointer (&self->cells, g_hash_table_unref);
    }
  if (self->tail_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tail_tick);
  self->tail_tick = 0;
  g_clear_pointer (&self->tail_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_RESULTS_VIEW);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->selected_unit, g_free);
  g_clear_pointer (&self->selected_units, g_strfreev);
  g_clear_pointer (&self->like_cache, kh_like_cache_free);

  G_OBJECT_CLASS (kh_results_view_parent_class)->dispose (object);
}

static void
kh_results_view_realize (GtkWidget *widget)
{
  KhResultsView *self = KH_RESULTS_VIEW (widget);

  GTK_WIDGET_CLASS (kh_results_view_parent_class)->realize (widget);
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_handler = g_signal_connect_after (self->clock, "layout",
                                                 G_CALLBACK (after_layout_cb), self);
}

static void
kh_results_view_unrealize (GtkWidget *widget)
{
  KhResultsView *self = KH_RESULTS_VIEW (widget);

  if (self->clock != NULL)
    g_clear_signal_handler (&self->layout_handler, self->clock);
  g_clear_object (&self->clock);
  GTK_WIDGET_CLASS (kh_results_view_parent_class)->unrealize (widget);
}

static void
kh_results_view_class_init (KhResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_results_view_dispose;
  widget_class->realize = kh_results_view_realize;
  widget_class->unrealize = kh_results_view_unrealize;

  /**
   * KhResultsView::units-selected:
   *
   * The units selected changed (kh_results_view_get_selected_units()), by the user or
   * when the rows were made again (another year, category or units); not when they were
   * updated in place (the same units after an edit).
   */
  signals[UNITS_SELECTED] = g_signal_new ("units-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-results-view.ui");
  g_type_ensure (KH_TYPE_ROBUSTNESS_VIEW);
  g_type_ensure (KH_TYPE_HEALTH_VIEW);
  g_type_ensure (KH_TYPE_RECOMMEND_VIEW);
  g_type_ensure (KH_TYPE_COMPARE_VIEW);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, tabs);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, robustness_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, health_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, compare_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, recommend_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhResultsView, breakdown);
}

static void
kh_results_view_init (KhResultsView *self)
{
  GtkColumnViewColumn *rank_column;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cells = g_hash_table_new (NULL, NULL);

  self->store = g_list_store_new (KH_TYPE_RESULT_ROW);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (self->filter));
  self->sort_model = kh_sorted_rows_new (G_LIST_MODEL (self->filter_model),
                                         gtk_column_view_get_sorter (self->column_view));
  g_object_unref (self->filter_model); /* the sorted rows hold it */
  self->selected_units = g_new0 (char *, 1);
  self->like_cache = kh_like_cache_new ();
  /* Several units may be selected: the charts highlight them all. */
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->sort_model));
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  rank_column = add_column (self, COL_RANK, _("Rank"), "rank-key", TRUE);
  add_column (self, COL_UNIT, _("Unit"), "name", FALSE);
  add_column (self, COL_SCORE, _("Score"), "score", TRUE);
  add_column (self, COL_TIER, _("Tier"), "tier-key", TRUE);
  add_column (self, COL_PREVIOUS, _("Last Year"), "previous-rank-key", TRUE);
  add_column (self, COL_CHANGE, _("Change"), "change-key", TRUE);
  add_column (self, COL_AWARDS, _("Awards"), "awards", FALSE);
  gtk_column_view_sort_by_column (self->column_view, rank_column, GTK_SORT_ASCENDING);
  g_signal_connect_swapped (self->breakdown, "map", G_CALLBACK (breakdown_map_cb), self);
  g_signal_connect_swapped (self->stack, "map", G_CALLBACK (stack_map_cb), self);

  refresh (self);
}

KhRobustnessView *
kh_results_view_get_robustness (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return self->robustness_view;
}

KhHealthView *
kh_results_view_get_health (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return self->health_view;
}

KhCompareView *
kh_results_view_get_compare (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);
  return self->compare_view;
}

KhRecommendView *
kh_results_view_get_recommend (KhResultsView *self)
{
  g_return_val_if_fail (KH_IS_RESULTS_VIEW (self), NULL);

  return self->recommend_view;
}

void
kh_results_view_show_tab (KhResultsView *self,
                          const char    *name)
{
  g_return_if_fail (KH_IS_RESULTS_VIEW (self));
  g_return_if_fail (name != NULL);
  gtk_stack_set_visible_child_name (self->tabs, name);
}
