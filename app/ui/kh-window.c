/* kh-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-result-row.h"
#include "kh-ui.h"
#include "kh-window-private.h"

G_DEFINE_FINAL_TYPE (KhWindow, kh_window, ADW_TYPE_APPLICATION_WINDOW)

static void
load_window_state (KhWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (KhWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
close_confirmed_cb (KhWindow *self,
                    gpointer  data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
kh_window_close_request (GtkWindow *window)
{
  KhWindow *self = KH_WINDOW (window);

  /* Unsaved framework edits: ask first (Save / Discard / Cancel), close afterwards. */
  if (!self->close_confirmed && self->document != NULL
      && kh_document_get_framework_modified (self->document))
    {
      kh_window_when_saved (self, close_confirmed_cb, NULL, NULL);
      return TRUE;
    }
  save_window_state (self);
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  /* Closed with nothing unsaved: no recovery is needed any more. */
  if (self->document != NULL && !kh_document_get_framework_modified (self->document))
    kh_window_update_recovery (self);
  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

void
kh_window_toast (KhWindow   *self,
                 const char *message)
{
  AdwToast *item = kh_ui_toast_new (message);

  adw_toast_set_timeout (item, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, item);
}

static void
view_message_cb (KhWindow   *self,
                 const char *message)
{
  kh_window_toast (self, message);
}

/* Long work ------------------------------------------------------------------------------- */

static gboolean
pulse_cb (gpointer user_data)
{
  KhWindow *self = user_data;

  gtk_progress_bar_pulse (self->task_progress);
  return G_SOURCE_CONTINUE;
}

GCancellable *
kh_window_begin_task (KhWindow   *self,
                      const char *label)
{
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  self->task_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->task_label, label);
  gtk_revealer_set_reveal_child (self->task_revealer, TRUE);
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (100, pulse_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", TRUE);
  return self->task_cancellable;
}

void
kh_window_end_task (KhWindow     *self,
                    GCancellable *cancellable)
{
  if (cancellable != self->task_cancellable)
    return; /* a newer task replaced it */
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->task_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", FALSE);
}

gboolean
kh_window_is_busy (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  return self->task_cancellable != NULL;
}

gboolean
kh_window_is_first_load_pending (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  return self->first_load != NULL;
}

void
kh_window_set_first_load_latest (KhWindow *self,
                                 guint     ms)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  self->first_load_latest_ms = ms;
}

const char *
kh_window_get_subtitle (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return adw_view_switcher_title_get_subtitle (self->switcher_title);
}

const char *
kh_window_get_loading (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  if (!self->opening || !gtk_widget_get_mapped (GTK_WIDGET (self->loading_spinner)))
    return NULL;
  return adw_status_page_get_title (self->loading_page);
}

const char *
kh_window_get_banner (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

static void start_first_load (KhWindow *self);

static void
cancel_task_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  /* The opened project's first year, not started yet: its load ends at once, cancelled. */
  if (self->first_load != NULL)
    start_first_load (self);
}

/* Header: years, groups, banner ------------------------------------------------------------ */

static void group_selected_cb (KhWindow *self);


void
kh_window_update_selectors (KhWindow *self)
{
  KhDocument *doc = self->document;
  GArray *years = doc != NULL ? kh_document_get_years (doc) : NULL;
  KhFramework *fw = doc != NULL ? kh_document_get_framework (doc) : NULL;
  guint selected_year = GTK_INVALID_LIST_POSITION;
  guint n;

  self->updating_selectors = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->years_model));
  gtk_string_list_splice (self->years_model, 0, n, NULL);
  for (guint i = 0; years != NULL && i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autofree char *text = g_strdup_printf ("%d", year);

      gtk_string_list_append (self->years_model, text);
      if (year == kh_document_get_year (doc))
        selected_year = i;
    }
  gtk_drop_down_set_selected (self->year_dropdown, selected_year);
  gtk_widget_set_visible (GTK_WIDGET (self->year_dropdown), years != NULL && years->len > 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->categories_model));
  gtk_string_list_splice (self->categories_model, 0, n, NULL);
  {
    GPtrArray *categories = doc != NULL ? kh_document_get_categories (doc) : NULL;
    guint selected = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; categories != NULL && i < categories->len; i++)
      {
        const char *category = g_ptr_array_index (categories, i);

        gtk_string_list_append (self->categories_model, kh_ui_category_label (category));
        if (g_strcmp0 (category, kh_document_get_category (doc)) == 0)
          selected = i;
      }
    gtk_drop_down_set_selected (self->category_dropdown, selected);
    gtk_widget_set_visible (GTK_WIDGET (self->category_dropdown),
                            categories != NULL && categories->len > 1);
  }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->groups_model));
  gtk_string_list_splice (self->groups_model, 0, n, NULL);
  g_ptr_array_set_size (self->group_ids, 0);
  gtk_string_list_append (self->groups_model, _("All Groups"));
  g_ptr_array_add (self->group_ids, NULL);
  for (guint g = 0; fw != NULL && g < fw->groups->len; g++)
    {
      KhGroup *group = g_ptr_array_index (fw->groups, g);
      const char *name = kh_text_get (&group->name, kh_ui_get_lang ());

      gtk_string_list_append (self->groups_model, name != NULL ? name : group->id);
      g_ptr_array_add (self->group_ids, g_strdup (group->id));
    }
  /* One group: it is the only choice. */
  gtk_drop_down_set_selected (self->group_dropdown, fw != NULL && fw->groups->len == 1 ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->group_dropdown), fw != NULL && fw->groups->len > 0);
  self->updating_selectors = FALSE;
  group_selected_cb (self);
}

/* The pages turn insensitive while a year loads. GTK 4.8 then takes the focus from a text
 * in them without telling it (no focus-out), and the text keeps blinking its cursor with
 * the warning "GtkText - did not receive a focus-out event" (ui-monkey seed 102: the Data
 * page's search field focused, another year chosen). The focus leaves properly first and
 * comes back when the year is open. */
static void
take_load_focus (KhWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view_stack)))
    return;
  g_set_weak_pointer (&self->load_focus, focus);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
restore_load_focus (KhWindow *self)
{
  GtkWidget *focus = self->load_focus;

  g_clear_weak_pointer (&self->load_focus);
  /* Not if the user has put the focus elsewhere meanwhile, nor into a widget that has gone
   * from the window or from view, nor into an editable label's text (its cell was rebuilt
   * for the new year). */
  if (focus == NULL || gtk_root_get_focus (GTK_ROOT (self)) != NULL
      || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view_stack))
      || !gtk_widget_get_mapped (focus)
      || gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE_LABEL) != NULL)
    return;
  gtk_widget_grab_focus (focus);
}

static void show_opened (KhWindow *self);

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KhWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  KhDocument *doc = KH_DOCUMENT (source);
  gboolean ok = kh_document_load_finish (doc, result, &error);

  if (self->toast_overlay == NULL)
    return; /* the window was closed meanwhile */
  kh_window_end_task (self, g_task_get_cancellable (G_TASK (result)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), TRUE);
  if (self->opening && doc == self->document && !kh_window_is_busy (self))
    show_opened (self);
  restore_load_focus (self);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kh_window_toast (self, error->message);
      /* The year open did not change: show it again in the selectors. */
      if (doc == self->document)
        kh_window_update_selectors (self);
    }
}

/* The project just opened has its first year (or could not load it): the pages replace
 * the spinner, and its unsaved edits, if any, are offered for restoring. */
static void
show_opened (KhWindow *self)
{
  self->opening = FALSE;
  gtk_spinner_stop (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "project");
  /* Another writer's changes are followed from the year loaded on (issue 19). */
  kh_document_watch (self->document);
  kh_window_offer_recovery (self);
}

/* The first year of a project just opened is loaded once the frame showing the project
 * (its name, the pages, the spinner) is painted, not while it is laid out and painted: its
 * workers would take the cores that frame needs (issue 22). Its task begins at once (the
 * window is busy, the pages insensitive); the load starts at the frame after the one that
 * painted the spinner, or at once when the window is not mapped (no frames), or after
 * FIRST_LOAD_LATEST_MS when no frame comes (a window not drawn). */
#define FIRST_LOAD_LATEST_MS 2000

typedef struct _KhFirstLoad
{
  KhDocument *document;
  GCancellable *cancellable;
  int year;
  guint tick;
  gboolean ticked;
  guint timeout;
} KhFirstLoad;

static void
first_load_free (KhWindow    *self,
                 KhFirstLoad *load)
{
  if (load->tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), load->tick);
  g_clear_handle_id (&load->timeout, g_source_remove);
  g_object_unref (load->document);
  g_object_unref (load->cancellable);
  g_free (load);
}

static void
start_first_load (KhWindow *self)
{
  KhFirstLoad *load = g_steal_pointer (&self->first_load);

  kh_document_load_async (load->document, load->year, NULL, load->cancellable, load_done_cb,
                          g_object_ref (self));
  first_load_free (self, load);
}

/* A first load not started yet is not: another load, another document or the window's end
 * replaces it. Its task ends unless another replaced it already. */
static void
drop_first_load (KhWindow *self)
{
  KhFirstLoad *load = g_steal_pointer (&self->first_load);

  if (load == NULL)
    return;
  kh_window_end_task (self, load->cancellable);
  /* As its end would have (load_done_cb()): a document opened with its year is not
   * loaded again, and its pages are used at once. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), TRUE);
  restore_load_focus (self);
  first_load_free (self, load);
}

static gboolean
first_load_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  KhWindow *self = KH_WINDOW (widget);

  if (!self->first_load->ticked)
    {
      self->first_load->ticked = TRUE; /* this frame paints the spinner */
      return G_SOURCE_CONTINUE;
    }
  self->first_load->tick = 0;
  start_first_load (self);
  return G_SOURCE_REMOVE;
}

static gboolean
first_load_timeout_cb (gpointer user_data)
{
  KhWindow *self = KH_WINDOW (user_data);

  self->first_load->timeout = 0;
  start_first_load (self);
  return G_SOURCE_REMOVE;
}

/* Another year or category is read on a worker thread; the pages wait, insensitive. With
 * @after_frame, the load itself starts once the window painted what it shows now
 * (the opened project's first year). */
static void
load_year (KhWindow   *self,
           int         year,
           const char *category,
           gboolean    after_frame)
{
  g_autofree char *label = category != NULL
                             ? g_strdup_printf (_("Loading %d, %s…"), year, kh_ui_category_label (category))
                             : g_strdup_printf (_("Loading %d…"), year);
  GCancellable *cancellable;

  drop_first_load (self);
  cancellable = kh_window_begin_task (self, label);
  take_load_focus (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), FALSE);
  if (after_frame && category == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      KhFirstLoad *load = g_new0 (KhFirstLoad, 1);

      load->document = g_object_ref (self->document);
      load->cancellable = g_object_ref (cancellable);
      load->year = year;
      self->first_load = load;
      load->tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), first_load_tick_cb, NULL,
                                                 NULL);
      load->timeout = g_timeout_add (self->first_load_latest_ms, first_load_timeout_cb, self);
      return;
    }
  kh_document_load_async (self->document, year, category, cancellable, load_done_cb,
                          g_object_ref (self));
}

void
kh_window_load_year (KhWindow   *self,
                     int         year,
                     const char *category)
{
  load_year (self, year, category, FALSE);
}

typedef struct
{
  int year;
  char *category;
} LoadRequest;

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_free (request->category);
  g_free (request);
}

static void
load_confirmed_cb (KhWindow *self,
                   gpointer  data)
{
  LoadRequest *request = data;

  kh_window_load_year (self, request->year, request->category);
}

/* Another year or category replaces the working framework: unsaved edits are saved or
 * discarded first; cancelled, the selectors show the year open again. */
static void
load_when_saved (KhWindow   *self,
                 int         year,
                 const char *category)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->year = year;
  request->category = g_strdup (category);
  kh_window_when_saved (self, load_confirmed_cb, request, load_request_free);
  if (self->ask_dialog != NULL)
    kh_window_update_selectors (self);
}

static void
year_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);
  GArray *years;

  if (self->updating_selectors || self->document == NULL)
    return;
  kh_ui_edit_cells_finish (GTK_WIDGET (self));
  years = kh_document_get_years (self->document);
  if (selected >= years->len || g_array_index (years, int, selected) == kh_document_get_year (self->document))
    return;
  load_when_saved (self, g_array_index (years, int, selected), NULL);
}

static void
category_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  GPtrArray *categories;

  if (self->updating_selectors || self->document == NULL)
    return;
  kh_ui_edit_cells_finish (GTK_WIDGET (self));
  categories = kh_document_get_categories (self->document);
  if (selected >= categories->len
      || g_strcmp0 (g_ptr_array_index (categories, selected),
                    kh_document_get_category (self->document)) == 0)
    return;
  load_when_saved (self, kh_document_get_year (self->document),
                   g_ptr_array_index (categories, selected));
}

static void
group_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);
  const char *group = NULL;

  if (self->updating_selectors)
    return;
  kh_ui_edit_cells_finish (GTK_WIDGET (self));
  if (selected < self->group_ids->len)
    group = g_ptr_array_index (self->group_ids, selected);
  kh_results_view_set_group (self->results_view, group);
  if (self->data_view != NULL)
    kh_data_view_set_group (self->data_view, group);
  if (self->charts_view != NULL)
    kh_charts_view_set_group (self->charts_view, group);
  kh_robustness_view_set_group (self->robustness_view, group);
  kh_health_view_set_group (kh_results_view_get_health (self->results_view), group);
  kh_compare_view_set_group (kh_results_view_get_compare (self->results_view), group);
}

/* Charts and Results share the unit chosen ------------------------------------------------- */

static void
show_results_cb (KhWindow *self)
{
  kh_window_show_page (self, "results");
}

/* A unit clicked in a chart is selected in Results; the Charts page stays, and a toast
 * offers to go there. */
static void
chart_unit_activated_cb (KhWindow   *self,
                         const char *unit_id)
{
  KhResultRow *row;
  g_autofree char *message = NULL;

  if (!kh_results_view_select_unit (self->results_view, unit_id)
      || (row = kh_results_view_get_selected_row (self->results_view)) == NULL)
    return;
  if (self->unit_toast != NULL)
    adw_toast_dismiss (self->unit_toast);
  g_clear_object (&self->unit_toast);
  /* TRANSLATORS: the name of a unit (a city, agency, …) */
  message = g_strdup_printf (_("%s is selected in Results"), kh_result_row_get_name (row));
  self->unit_toast = kh_ui_toast_new (message);
  adw_toast_set_timeout (self->unit_toast, 4);
  adw_toast_set_button_label (self->unit_toast, _("_Show"));
  g_signal_connect_object (self->unit_toast, "button-clicked", G_CALLBACK (show_results_cb), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->unit_toast));
}

/* A unit clicked on the Robustness tab is the one selected in Results' ranking. */
static void
robustness_unit_activated_cb (KhWindow   *self,
                              const char *unit_id)
{
  kh_results_view_select_unit (self->results_view, unit_id);
}

/* The units selected in Results are highlighted in the charts; the one whose breakdown
 * Results shows is the charts' selected unit (the profile chart's). */
static void
results_selection_cb (KhWindow *self)
{
  const char *unit;
  gboolean has_row;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->results_view == NULL)
    return;
  unit = kh_results_view_get_selected_unit (self->results_view);
  has_row = unit != NULL && kh_results_view_get_selected_row (self->results_view) != NULL;
  /* The Charts page, when built (else it takes them when it is, build_page()). */
  if (self->charts_view != NULL)
    {
      kh_charts_view_set_highlighted_units (self->charts_view,
                                            kh_results_view_get_selected_units (self->results_view));
      if (has_row)
        kh_charts_view_set_selected_unit (self->charts_view, unit);
    }
  if (has_row)
    kh_robustness_view_set_selected_unit (self->robustness_view, unit);
}

/* The user's copy of the bundled sample, which kh_window_open_sample() makes. */
static gboolean
is_sample_copy (const char *path)
{
  g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "kaohe", "jiangsu-sample.kaohe",
                                            NULL);

  return path != NULL && g_strcmp0 (path, copy) == 0;
}

/* Results, charts and printed pages of a framework with unsaved edits or problems are
 * drafts: a banner on those pages says why, and the charts carry a DRAFT mark. */
static void
update_draft (KhWindow *self)
{
  g_autofree char *reason = self->document != NULL
                              ? kh_document_get_draft_reason (self->document)
                              : NULL;
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean on_results = g_strcmp0 (page, "results") == 0 || g_strcmp0 (page, "charts") == 0
                        || g_strcmp0 (page, "reports") == 0;

  if (reason != NULL)
    gtk_label_set_text (self->draft_label, reason);
  /* Hidden rather than only folded: GTK 4.8 allocates a folded revealer's wrapping label
   * with a height of −1 (a warning). */
  gtk_widget_set_visible (GTK_WIDGET (self->draft_revealer), reason != NULL && on_results);
  gtk_revealer_set_reveal_child (self->draft_revealer, reason != NULL && on_results);
  if (self->charts_view != NULL)
    kh_charts_view_set_watermark (self->charts_view, kh_window_get_watermark (self));
  kh_compare_view_set_watermark (kh_results_view_get_compare (self->results_view),
                                 kh_window_get_watermark (self));
}

KhWatermark
kh_window_get_watermark (KhWindow *self)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (KH_IS_WINDOW (self), KH_WATERMARK_NONE);

  if (self->document == NULL)
    return KH_WATERMARK_NONE;
  reason = kh_document_get_draft_reason (self->document);
  if (reason != NULL)
    return KH_WATERMARK_DRAFT;
  if (is_sample_copy (kh_document_get_path (self->document)))
    return KH_WATERMARK_DEMONSTRATION;
  return KH_WATERMARK_NONE;
}

const char *
kh_window_get_draft_banner (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->draft_revealer))
    return NULL;
  return gtk_label_get_text (self->draft_label);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int chars = GPOINTER_TO_INT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (chars > 0)
    {
      /* Always as wide, whatever the name: the view switcher beside keeps its place. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), chars);
      gtk_label_set_max_width_chars (GTK_LABEL (label), chars);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *text = gtk_string_object_get_string (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* The whole name where the button cuts it. */
  if (gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE)
    kh_widget_set_lazy_tooltip (label, text);
}

static GtkListItemFactory *
label_factory (int chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  return factory;
}

/* The button shows the choice in @chars characters at most (ellipsized); the list shows
 * every name whole. */
static void
set_fixed_width (GtkDropDown *dropdown,
                 int          chars)
{
  g_autoptr (GtkListItemFactory) button = label_factory (chars);
  g_autoptr (GtkListItemFactory) list = label_factory (0);

  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}

/* A page coming back gives the focus to what had it when the page was left (GtkStack's
 * last focus): for a cell edited then, that is the text of an editable label that is no
 * longer editing, hidden and with its old selection, which GTK 4.8 then "blinks" with a
 * warning. The label itself takes the focus instead. */
static void
page_shown_cb (KhWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *label = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE_LABEL)
                                   : NULL;

  if (label != NULL && focus != label
      && !gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (label)))
    {
      if (!gtk_widget_grab_focus (label))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
}

static void
show_framework_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  kh_window_show_page (KH_WINDOW (widget), "framework");
}

/* win.show-page (s): Alt+1 … Alt+6 show the pages in their order; the page takes the
 * focus when it can (the Framework page gives it to its tree). */
static void
show_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *page = kh_window_get_page (KH_WINDOW (widget), name);

  kh_window_show_page (KH_WINDOW (widget), name);
  if (page != NULL)
    gtk_widget_grab_focus (page);
}

static void
update_state (KhWindow *self)
{
  KhDocument *doc = self->document;
  gboolean sealed = doc != NULL && kh_document_is_sealed (doc);
  gboolean has_year = doc != NULL && kh_document_get_framework (doc) != NULL;

  gboolean sample = doc != NULL && is_sample_copy (kh_document_get_path (doc));
  const char *viewer = doc != NULL ? kh_document_get_read_only_login (doc) : NULL;

  if (sealed || sample || viewer != NULL)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      if (viewer != NULL)
        {
          g_string_append_printf (text, _("Read-only: the login “%s” may only read this "
                                          "project on the server; edits are disabled."),
                                  viewer);
          if (sealed || sample)
            g_string_append_c (text, ' ');
        }

      if (sealed)
        g_string_append_printf (text, _("The year %d is sealed: its framework, data and results "
                                        "are read-only."),
                                kh_document_get_year (doc));
      if (sealed && sample)
        g_string_append_c (text, ' ');
      if (sample)
        g_string_append (text, _("This is the bundled sample, demonstration data: only the "
                                 "cities’ 2020 GDP, their 2020 census population and the "
                                 "province’s PM2.5 of 2018–2020 are published figures; every "
                                 "other value is invented, and no result is official."));
      gtk_label_set_text (self->banner_label, text->str);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, sealed || sample || viewer != NULL);

  update_draft (self);
  gtk_widget_set_visible (self->undo_box, doc != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", doc != NULL && kh_document_can_undo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", doc != NULL && kh_document_can_redo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-data",
                                  has_year && !sealed && viewer == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-framework", doc != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-results", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-data", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.data-template", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-preview", has_year);
  if (doc != NULL)
    {
      g_autofree char *name = kh_window_target_name (kh_document_get_path (doc));
      const char *undo = kh_document_get_undo_label (doc);
      const char *redo = kh_document_get_redo_label (doc);
      g_autofree char *undo_tip = undo != NULL ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo)
                                               : g_strdup (_("Undo (Ctrl+Z)"));
      g_autofree char *redo_tip = redo != NULL
                                    ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo)
                                    : g_strdup (_("Redo (Ctrl+Shift+Z)"));

      /* TRANSLATORS: the window's title: the project's name, then the app's */
      g_autofree char *title = g_strdup_printf (_("%s — Kaohe"), name);

      adw_view_switcher_title_set_subtitle (self->switcher_title, name);
      /* Where the header shows the switcher (libadwaita's view switcher title shows the
       * title and subtitle only when the switcher does not fit, the switcher bar then at
       * the bottom), the window's title still names the project: in the window list,
       * Alt+Tab and the overview. */
      gtk_window_set_title (GTK_WINDOW (self), title);
      kh_widget_set_lazy_tooltip (gtk_widget_get_first_child (self->undo_box), undo_tip);
      kh_widget_set_lazy_tooltip (gtk_widget_get_last_child (self->undo_box), redo_tip);
    }
  else
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Kaohe"));
    }
}

static void
document_changed_cb (KhWindow *self,
                     guint     what)
{
  if (what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK))
    {
      if (what & KH_CHANGE_YEAR)
        kh_window_update_selectors (self);
    }
  kh_window_update_reports (self, what);
  update_state (self);
}

KhDocument *
kh_window_get_document (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return self->document;
}

static void
document_refreshed_cb (KhDocument *document,
                       const char *summary,
                       KhWindow   *self)
{
  g_autofree char *kept = kh_document_take_kept_framework (document);

  if (kept != NULL)
    {
      /* A year sealed by another writer, the user's unsaved framework kept in a file
       * (issue 19): the toast stays until dismissed, its button shows the file's folder. */
      AdwToast *toast = kh_ui_toast_new (summary);
      g_autofree char *folder = g_path_get_dirname (kept);
      g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);

      adw_toast_set_timeout (toast, 0);
      if (uri != NULL)
        {
          adw_toast_set_button_label (toast, _("_Show File"));
          adw_toast_set_action_name (toast, "win.show-uri");
          adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
        }
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  kh_window_toast (self, summary);
}

static void
show_uri_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

void
kh_window_set_document (KhWindow   *self,
                        KhDocument *document)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->document);
      g_signal_handlers_disconnect_by_func (self->document, document_refreshed_cb, self);
    }
  drop_first_load (self); /* the document it was for is replaced */
  g_set_object (&self->document, document);
  if (document != NULL)
    {
      self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                        G_CALLBACK (document_changed_cb), self);
      /* Another writer's changes are read in and said (issue 19). */
      g_signal_connect (document, "refreshed", G_CALLBACK (document_refreshed_cb), self);
      /* Opened without a year: watched once it is loaded (show_opened()). */
      if (kh_document_get_framework (document) != NULL
          || kh_document_get_years (document)->len == 0)
        kh_document_watch (document);
    }
  /* A project opens on its results; the other pages build when first shown. The page is
   * chosen before any view gets the document: the Framework page, still the stack's child
   * from before, would otherwise build its tree and inspector for nothing (a sixth of the
   * start-up's CPU time on the sample). */
  if (document != NULL)
    kh_window_show_page (self, "results");
  /* The pages not built yet take it when they are (build_page()). */
  if (self->framework_editor != NULL)
    kh_framework_editor_set_document (self->framework_editor, document);
  if (self->data_view != NULL)
    kh_data_view_set_document (self->data_view, document);
  kh_results_view_set_document (self->results_view, document);
  if (self->charts_view != NULL)
    kh_charts_view_set_document (self->charts_view, document);
  kh_robustness_view_set_document (self->robustness_view, document);
  kh_health_view_set_document (kh_results_view_get_health (self->results_view), document);
  kh_compare_view_set_document (kh_results_view_get_compare (self->results_view), document);
  kh_recommend_view_set_document (kh_results_view_get_recommend (self->results_view), document);
  if (self->surveys_view != NULL)
    kh_surveys_view_set_document (self->surveys_view, document);
  kh_window_update_selectors (self);
  kh_window_update_reports (self, KH_CHANGE_YEAR);
  update_state (self);
  self->recovery_written = FALSE;
  self->recovery_discarded = 0;
  self->opening = document != NULL && kh_document_get_framework (document) == NULL
                  && kh_document_get_years (document)->len > 0;
  if (self->opening)
    {
      /* Opened without a year (kh_document_open_project()): the project's name and pages
       * show at once, a spinner where the results will be, while the latest year is
       * computed on a worker (issue 22). load_done_cb() shows the pages. */
      GArray *years = kh_document_get_years (document);
      int year = g_array_index (years, int, years->len - 1);
      g_autofree char *title = g_strdup_printf (_("Computing the results of %d…"), year);

      /* The year dropdown shows the year loading (none is open yet). */
      self->updating_selectors = TRUE;
      gtk_drop_down_set_selected (self->year_dropdown, years->len - 1);
      self->updating_selectors = FALSE;
      adw_status_page_set_title (self->loading_page, title);
      gtk_spinner_start (self->loading_spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      load_year (self, year, NULL, TRUE);
      return;
    }
  gtk_spinner_stop (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, document != NULL ? "project" : "empty");
  if (document != NULL && kh_document_get_framework (document) == NULL)
    {
      kh_window_show_page (self, "framework");
      kh_window_toast (self, _("The project has no year yet: import a framework file to add one"));
    }
  kh_window_offer_recovery (self);
}

void
kh_window_show_page (KhWindow   *self,
                     const char *name)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* The Framework, Data, Charts, Reports and Surveys pages are built when first shown or
 * asked for (issue 22): a window's start builds only the Results page, and GTK neither makes, styles
 * nor measures the others' widgets before the user goes there. A page built takes what
 * the window's pages share: the document, the group chosen, the units selected in Results,
 * the watermark. Returns @name's page widget, or NULL when it is not one of those. */
static GtkWidget *
build_page (KhWindow   *self,
            const char *name)
{
  const char *group = NULL;
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);

  if (selected < self->group_ids->len)
    group = g_ptr_array_index (self->group_ids, selected);
  if (g_strcmp0 (name, "framework") == 0)
    {
      if (self->framework_editor == NULL)
        {
          self->framework_editor = g_object_new (KH_TYPE_FRAMEWORK_EDITOR, NULL);
          g_signal_connect_object (self->framework_editor, "message", G_CALLBACK (view_message_cb),
                                   self, G_CONNECT_SWAPPED);
          adw_bin_set_child (self->framework_bin, GTK_WIDGET (self->framework_editor));
          kh_framework_editor_set_document (self->framework_editor, self->document);
        }
      return GTK_WIDGET (self->framework_editor);
    }
  if (g_strcmp0 (name, "data") == 0)
    {
      if (self->data_view == NULL)
        {
          self->data_view = g_object_new (KH_TYPE_DATA_VIEW, NULL);
          g_signal_connect_object (self->data_view, "message", G_CALLBACK (view_message_cb), self,
                                   G_CONNECT_SWAPPED);
          adw_bin_set_child (self->data_bin, GTK_WIDGET (self->data_view));
          kh_data_view_set_document (self->data_view, self->document);
          kh_data_view_set_group (self->data_view, group);
        }
      return GTK_WIDGET (self->data_view);
    }
  if (g_strcmp0 (name, "charts") == 0)
    {
      if (self->charts_view == NULL)
        {
          const char *unit = kh_results_view_get_selected_unit (self->results_view);

          self->charts_view = g_object_new (KH_TYPE_CHARTS_VIEW, NULL);
          g_signal_connect_object (self->charts_view, "unit-activated",
                                   G_CALLBACK (chart_unit_activated_cb), self, G_CONNECT_SWAPPED);
          adw_bin_set_child (self->charts_bin, GTK_WIDGET (self->charts_view));
          kh_charts_view_set_document (self->charts_view, self->document);
          kh_charts_view_set_group (self->charts_view, group);
          kh_charts_view_set_watermark (self->charts_view, kh_window_get_watermark (self));
          kh_charts_view_set_highlighted_units (self->charts_view,
                                                kh_results_view_get_selected_units (self->results_view));
          if (unit != NULL && kh_results_view_get_selected_row (self->results_view) != NULL)
            kh_charts_view_set_selected_unit (self->charts_view, unit);
        }
      return GTK_WIDGET (self->charts_view);
    }
  if (g_strcmp0 (name, "reports") == 0)
    return kh_window_build_reports (self);
  if (g_strcmp0 (name, "surveys") == 0)
    {
      if (self->surveys_view == NULL)
        {
          self->surveys_view = g_object_new (KH_TYPE_SURVEYS_VIEW, NULL);
          adw_bin_set_child (self->surveys_bin, GTK_WIDGET (self->surveys_view));
          kh_surveys_view_set_document (self->surveys_view, self->document);
        }
      return GTK_WIDGET (self->surveys_view);
    }
  return NULL;
}

/* The page shown is built first (before the stack maps it). */
static void
build_shown_page (KhWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  build_page (self, name);
}

gboolean
kh_window_is_page_built (KhWindow   *self,
                         const char *name)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (g_strcmp0 (name, "framework") == 0)
    return self->framework_editor != NULL;
  if (g_strcmp0 (name, "data") == 0)
    return self->data_view != NULL;
  if (g_strcmp0 (name, "charts") == 0)
    return self->charts_view != NULL;
  if (g_strcmp0 (name, "surveys") == 0)
    return self->surveys_view != NULL;
  if (g_strcmp0 (name, "reports") == 0)
    return self->reports_page != NULL;
  return adw_view_stack_get_child_by_name (self->view_stack, name) != NULL;
}

GtkWidget *
kh_window_get_page (KhWindow   *self,
                    const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  page = build_page (self, name);
  return page != NULL ? page : adw_view_stack_get_child_by_name (self->view_stack, name);
}

/* Class ----------------------------------------------------------------------------------- */

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = KH_WINDOW (object);

  if (self->first_load != NULL)
    first_load_free (self, g_steal_pointer (&self->first_load));
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_handle_id (&self->recovery_timer, g_source_remove);
  if (self->ask_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->ask_dialog)));
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_weak_pointer (&self->load_focus);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  /* Each was its bin's child, gone with it. */
  self->framework_editor = NULL;
  self->data_view = NULL;
  self->charts_view = NULL;
  self->surveys_view = NULL;
  self->reports_page = NULL;
  self->report_kind_dropdown = NULL;
  self->report_orientation_dropdown = NULL;
  self->issuer_row = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->years_model);
  g_clear_object (&self->categories_model);
  g_clear_object (&self->groups_model);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->unit_toast);
  g_clear_pointer (&self->group_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_window_parent_class)->dispose (object);
}

static void
kh_window_class_init (KhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kh_window_dispose;
  window_class->close_request = kh_window_close_request;

  g_type_ensure (KH_TYPE_RESULTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, draft_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, framework_bin);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, data_bin);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, charts_bin);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, surveys_bin);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, reports_bin);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_progress);
  gtk_widget_class_bind_template_callback (widget_class, view_message_cb);

  kh_window_class_add_document_actions (widget_class);
  kh_window_class_add_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-framework", NULL,
                                   show_framework_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-uri", "s", show_uri_action_cb);
  {
    static const char *const pages[] = { "framework", "data", "results", "charts", "reports", "surveys" };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "win.show-page", "s", pages[i]);
  }
}

static void
kh_window_init (KhWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->first_load_latest_ms = FIRST_LOAD_LATEST_MS;
  /* A project opens on its results: chosen before the switcher is ever shown, so that its
   * buttons do not first show Framework checked (their style's transition from the
   * template's first page, which the first frames with a project painted). */
  adw_view_stack_set_visible_child_name (self->view_stack, "results");

  self->settings = g_settings_new (APPLICATION_ID);
  load_window_state (self);

  self->years_model = gtk_string_list_new (NULL);
  self->categories_model = gtk_string_list_new (NULL);
  self->groups_model = gtk_string_list_new (NULL);
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (self->years_model));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->categories_model));
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (self->groups_model));
  set_fixed_width (self->category_dropdown, 10);
  set_fixed_width (self->group_dropdown, 14);
  g_signal_connect_swapped (self->year_dropdown, "notify::selected", G_CALLBACK (year_selected_cb),
                            self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected",
                            G_CALLBACK (category_selected_cb), self);
  g_signal_connect_swapped (self->group_dropdown, "notify::selected",
                            G_CALLBACK (group_selected_cb), self);
  /* First: the page shown is built before anything else looks at it. */
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (build_shown_page), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (update_draft), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (page_shown_cb), self);
  self->robustness_view = kh_results_view_get_robustness (self->results_view);
  g_signal_connect_swapped (self->robustness_view, "unit-activated",
                            G_CALLBACK (robustness_unit_activated_cb), self);
  g_signal_connect_swapped (self->results_view, "units-selected", G_CALLBACK (results_selection_cb), self);

  kh_window_init_document (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", FALSE);
  update_state (self);
}

KhWindow *
kh_window_new (KhApplication *application)
{
  return g_object_new (KH_TYPE_WINDOW, "application", application, NULL);
}

