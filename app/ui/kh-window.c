/* kh-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-csv.h"
#include "io/kh-export.h"
#include "kh-charts-view.h"
#include "kh-data-view.h"
#include "kh-print-operation.h"
#include "kh-result-row.h"
#include "kh-framework-editor.h"
#include "kh-results-view.h"
#include "kh-ui.h"
#include "kh-window.h"

struct _KhWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  KhDocument *document;
  gulong changed_handler;
  GCancellable *task_cancellable;
  guint pulse_id;
  GtkStringList *years_model;
  GtkStringList *categories_model;
  GtkStringList *groups_model;
  GPtrArray *group_ids; /* parallel to groups_model; NULL entry = all groups */
  gboolean updating_selectors;
  GMenu *recent_menu;
  AdwToast *unit_toast; /* "X is selected in Results", while shown */

  /* Template widgets */
  AdwHeaderBar *header_bar;
  GtkMenuButton *recent_button;
  GtkDropDown *year_dropdown;
  GtkDropDown *category_dropdown;
  GtkDropDown *group_dropdown;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget *undo_box;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *status_page;
  AdwViewStack *view_stack;
  KhFrameworkEditor *framework_editor;
  KhDataView *data_view;
  KhResultsView *results_view;
  KhChartsView *charts_view;
  GtkRevealer *task_revealer;
  GtkDropDown *report_kind_dropdown;
  GtkDropDown *report_orientation_dropdown;
  GtkLabel *task_label;
  GtkProgressBar *task_progress;
};

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

static gboolean
kh_window_close_request (GtkWindow *window)
{
  KhWindow *self = KH_WINDOW (window);

  save_window_state (self);
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

static void
toast (KhWindow   *self,
       const char *message)
{
  AdwToast *item = adw_toast_new (message);

  adw_toast_set_timeout (item, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, item);
}

static void
view_message_cb (KhWindow   *self,
                 const char *message)
{
  toast (self, message);
}

/* Long work ------------------------------------------------------------------------------- */

static gboolean
pulse_cb (gpointer user_data)
{
  KhWindow *self = user_data;

  gtk_progress_bar_pulse (self->task_progress);
  return G_SOURCE_CONTINUE;
}

static GCancellable *
begin_task (KhWindow   *self,
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

static void
end_task (KhWindow     *self,
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

const char *
kh_window_get_banner (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

static void
cancel_task_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
}

/* Header: years, groups, banner ------------------------------------------------------------ */

static void group_selected_cb (KhWindow *self);

static const char *
category_label (const char *category)
{
  static const struct
  {
    const char *id;
    const char *label;
  } known[] = {
    { "city", N_("Cities") },
    { "agency", N_("Agencies") },
    { "university", N_("Universities") },
    { "county", N_("Counties") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (known[i].id, category) == 0)
      return _(known[i].label);
  return category;
}

static void
update_selectors (KhWindow *self)
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

        gtk_string_list_append (self->categories_model, category_label (category));
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
  end_task (self, g_task_get_cancellable (G_TASK (result)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), TRUE);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      /* The year open did not change: show it again in the selectors. */
      if (doc == self->document)
        update_selectors (self);
    }
}

/* Another year or category is read on a worker thread; the pages wait, insensitive. */
static void
load_year (KhWindow   *self,
           int         year,
           const char *category)
{
  g_autofree char *label = category != NULL
                             ? g_strdup_printf (_("Loading %d, %s…"), year, category_label (category))
                             : g_strdup_printf (_("Loading %d…"), year);
  GCancellable *cancellable = begin_task (self, label);

  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), FALSE);
  kh_document_load_async (self->document, year, category, cancellable, load_done_cb,
                          g_object_ref (self));
}

static void
year_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);
  GArray *years;

  if (self->updating_selectors || self->document == NULL)
    return;
  years = kh_document_get_years (self->document);
  if (selected >= years->len || g_array_index (years, int, selected) == kh_document_get_year (self->document))
    return;
  load_year (self, g_array_index (years, int, selected), NULL);
}

static void
category_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  GPtrArray *categories;

  if (self->updating_selectors || self->document == NULL)
    return;
  categories = kh_document_get_categories (self->document);
  if (selected >= categories->len
      || g_strcmp0 (g_ptr_array_index (categories, selected),
                    kh_document_get_category (self->document)) == 0)
    return;
  load_year (self, kh_document_get_year (self->document), g_ptr_array_index (categories, selected));
}

static void
group_selected_cb (KhWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);
  const char *group = NULL;

  if (self->updating_selectors)
    return;
  if (selected < self->group_ids->len)
    group = g_ptr_array_index (self->group_ids, selected);
  kh_results_view_set_group (self->results_view, group);
  kh_data_view_set_group (self->data_view, group);
  kh_charts_view_set_group (self->charts_view, group);
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
  GtkSingleSelection *rows;
  KhResultRow *row;
  g_autofree char *message = NULL;

  rows = GTK_SINGLE_SELECTION (kh_results_view_get_rows (self->results_view));
  if (!kh_results_view_select_unit (self->results_view, unit_id)
      || (row = gtk_single_selection_get_selected_item (rows)) == NULL)
    return;
  if (self->unit_toast != NULL)
    adw_toast_dismiss (self->unit_toast);
  g_clear_object (&self->unit_toast);
  /* TRANSLATORS: the name of a unit (a city, agency, …) */
  message = g_strdup_printf (_("%s is selected in Results"), kh_result_row_get_name (row));
  self->unit_toast = adw_toast_new (message);
  adw_toast_set_timeout (self->unit_toast, 4);
  adw_toast_set_button_label (self->unit_toast, _("_Show"));
  g_signal_connect_object (self->unit_toast, "button-clicked", G_CALLBACK (show_results_cb), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->unit_toast));
}

/* The unit selected in Results is highlighted in the charts. */
static void
results_selection_cb (KhWindow *self)
{
  GListModel *rows;
  KhResultRow *row;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->charts_view == NULL)
    return;
  rows = kh_results_view_get_rows (self->results_view);
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (rows));
  if (row != NULL)
    kh_charts_view_set_selected_unit (self->charts_view, kh_result_row_get_unit_id (row));
}

/* The user's copy of the bundled sample, which kh_window_open_sample() makes. */
static gboolean
is_sample_copy (const char *path)
{
  g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "kaohe", "jiangsu-sample.kaohe",
                                            NULL);

  return path != NULL && g_strcmp0 (path, copy) == 0;
}

static void
update_state (KhWindow *self)
{
  KhDocument *doc = self->document;
  gboolean sealed = doc != NULL && kh_document_is_sealed (doc);
  gboolean has_year = doc != NULL && kh_document_get_framework (doc) != NULL;

  gboolean sample = doc != NULL && is_sample_copy (kh_document_get_path (doc));

  if (sealed || sample)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      if (sealed)
        g_string_append_printf (text, _("The year %d is sealed: its framework, data and results "
                                        "are read-only."),
                                kh_document_get_year (doc));
      if (sealed && sample)
        g_string_append_c (text, ' ');
      if (sample)
        g_string_append (text, _("This is the bundled sample: its values are invented for "
                                 "demonstration and are not official results."));
      gtk_label_set_text (self->banner_label, text->str);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, sealed || sample);

  gtk_widget_set_visible (self->undo_box, doc != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", doc != NULL && kh_document_can_undo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", doc != NULL && kh_document_can_redo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-data", has_year && !sealed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-framework", doc != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-results", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-data", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", has_year);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-preview", has_year);
  if (doc != NULL)
    {
      g_autofree char *name = g_path_get_basename (kh_document_get_path (doc));
      const char *undo = kh_document_get_undo_label (doc);
      const char *redo = kh_document_get_redo_label (doc);
      g_autofree char *undo_tip = undo != NULL ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo)
                                               : g_strdup (_("Undo (Ctrl+Z)"));
      g_autofree char *redo_tip = redo != NULL
                                    ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo)
                                    : g_strdup (_("Redo (Ctrl+Shift+Z)"));

      adw_view_switcher_title_set_subtitle (self->switcher_title, name);
      kh_widget_set_lazy_tooltip (gtk_widget_get_first_child (self->undo_box), undo_tip);
      kh_widget_set_lazy_tooltip (gtk_widget_get_last_child (self->undo_box), redo_tip);
    }
  else
    adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
}

static void
document_changed_cb (KhWindow *self,
                     guint     what)
{
  if (what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK))
    {
      if (what & KH_CHANGE_YEAR)
        update_selectors (self);
    }
  update_state (self);
}

KhDocument *
kh_window_get_document (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return self->document;
}

void
kh_window_set_document (KhWindow   *self,
                        KhDocument *document)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                      G_CALLBACK (document_changed_cb), self);
  kh_framework_editor_set_document (self->framework_editor, document);
  kh_data_view_set_document (self->data_view, document);
  kh_results_view_set_document (self->results_view, document);
  kh_charts_view_set_document (self->charts_view, document);
  update_selectors (self);
  update_state (self);
  gtk_stack_set_visible_child_name (self->main_stack, document != NULL ? "project" : "empty");
  /* A project opens on its results; the other pages build when first shown. */
  if (document != NULL)
    kh_window_show_page (self, "results");
  if (document != NULL && kh_document_get_framework (document) == NULL)
    {
      kh_window_show_page (self, "framework");
      toast (self, _("The project has no year yet: import a framework file to add one"));
    }
}

void
kh_window_show_page (KhWindow   *self,
                     const char *name)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
kh_window_get_page (KhWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

/* Opening ----------------------------------------------------------------------------------- */

static void
rebuild_recent_menu (KhWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint added = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && added < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr (GMenuItem) item = NULL;

      if (!g_str_has_suffix (uri, ".kaohe") || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_menu, item);
      added++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (added == 0)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_("No Recent Projects"), "win.none");

      g_menu_append_item (self->recent_menu, item);
    }
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  KhDocument *doc = kh_document_open (task_data, &error);

  if (doc == NULL)
    g_task_return_error (task, error);
  else if (g_task_return_error_if_cancelled (task))
    g_object_unref (doc);
  else
    g_task_return_pointer (task, doc, g_object_unref);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KhWindow) self = user_data;
  g_autoptr (KhDocument) doc = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  doc = g_task_propagate_pointer (G_TASK (result), &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->toast_overlay == NULL)
    return;
  end_task (self, cancellable);
  if (doc == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  {
    g_autofree char *uri = g_filename_to_uri (kh_document_get_path (doc), NULL, NULL);

    if (uri != NULL)
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  kh_window_set_document (self, doc);
  rebuild_recent_menu (self);
}

static void
open_project (KhWindow   *self,
              const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Opening “%s”…"), name);
  GCancellable *cancellable = begin_task (self, label);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, open_done_cb, g_object_ref (self));

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

KhImportDialog *
kh_window_import_file (KhWindow *self,
                       GFile    *file)
{
  KhImportDialog *dialog;

  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->document == NULL || kh_document_get_framework (self->document) == NULL)
    {
      toast (self, _("Open a project with a year before importing data"));
      return NULL;
    }
  dialog = kh_import_dialog_new (GTK_WINDOW (self), self->document, file);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
import_framework_file (KhWindow *self,
                       GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *xml = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  if (self->document == NULL)
    {
      toast (self, _("Open a project before importing a framework"));
      return;
    }
  if (path == NULL || !g_file_get_contents (path, &xml, &len, &error)
      || !kh_document_add_framework (self->document, xml, len, path, &error))
    {
      toast (self, error != NULL ? error->message : _("Only local files can be imported"));
      return;
    }
  update_selectors (self);
  kh_window_show_page (self, "framework");
}

/* A units table (id, name_zh, category … columns) rather than data. */
static gboolean
is_units_table (KhCsvTable *table)
{
  GPtrArray *header;
  gboolean name = FALSE, category = FALSE;

  if (table->rows->len == 0)
    return FALSE;
  header = g_ptr_array_index (table->rows, 0);
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *cell = g_ascii_strdown (g_strstrip (g_strdup (header->pdata[i])), -1);

      name |= g_str_equal (cell, "name_zh");
      category |= g_str_equal (cell, "category");
    }
  return name && category;
}

/* Units CSV files add or update the project's units at once (one audited change). */
static gboolean
import_units_file (KhWindow   *self,
                   const char *path)
{
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  KhProject *project;

  if (self->document == NULL)
    return FALSE;
  table = kh_csv_read_file (path, NULL, NULL);
  if (table == NULL || !is_units_table (table))
    return FALSE;
  project = kh_document_get_project (self->document);
  if (!kh_project_import_units (project, table, name, &error)
      || (kh_document_get_framework (self->document) != NULL
          && !kh_document_set_year (self->document, kh_document_get_year (self->document), &error)))
    toast (self, error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u unit imported from “%s”",
                                                            "%u units imported from “%s”",
                                                            table->rows->len - 1),
                                                  table->rows->len - 1, name);

      toast (self, message);
    }
  return TRUE;
}

void
kh_window_open_file (KhWindow *self,
                     GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open “%s”: only local files are "
                                                    "supported"),
                                                  name);

      toast (self, message);
      return;
    }
  if ((g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV"))
      && import_units_file (self, path))
    return;
  if (g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".xlsx")
      || g_str_has_suffix (name, ".CSV") || g_str_has_suffix (name, ".XLSX"))
    kh_window_import_file (self, file);
  else if (g_str_has_suffix (name, ".xml"))
    import_framework_file (self, file);
  else
    open_project (self, path);
}

char *
kh_window_find_sample (void)
{
  const char *env = g_getenv ("KAOHE_SAMPLE");
  g_autofree char *build = g_build_filename (KH_BUILD_DATADIR, "samples", "jiangsu-sample.kaohe",
                                             NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", "jiangsu-sample.kaohe",
                                                 NULL);

  /* An explicit override is the only place looked at. */
  if (env != NULL)
    return g_file_test (env, G_FILE_TEST_IS_REGULAR) ? g_strdup (env) : NULL;
  if (g_file_test (build, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&build);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);
  return NULL;
}

gboolean
kh_window_open_sample (KhWindow *self)
{
  g_autofree char *sample = kh_window_find_sample ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kaohe", NULL);
  g_autofree char *copy = g_build_filename (dir, "jiangsu-sample.kaohe", NULL);

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (sample == NULL)
    {
      adw_status_page_set_description (self->status_page,
                                       _("The bundled sample project is not installed, so there "
                                         "is nothing to show yet. Open a project or create a new "
                                         "one."));
      return FALSE;
    }
  /* The user works on a copy, so the bundled original stays pristine. */
  if (!g_file_test (copy, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GFile) source = g_file_new_for_path (sample);
      g_autoptr (GFile) dest = g_file_new_for_path (copy);
      g_autoptr (GError) error = NULL;

      if (g_mkdir_with_parents (dir, 0755) != 0
          || !g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot copy the sample project to %s: %s"),
                                                      copy,
                                                      error != NULL ? error->message
                                                                    : g_strerror (errno));

          toast (self, message);
          return FALSE;
        }
    }
  open_project (self, copy);
  return TRUE;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  KhWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        kh_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static GtkFileChooserNative *
file_dialog (KhWindow            *self,
             const char          *title,
             GtkFileChooserAction action,
             const char          *accept,
             const char          *filter_name,
             const char *const   *patterns)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  return dialog;
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *patterns[] = { "*.kaohe", NULL };
  GtkFileChooserNative *dialog = file_dialog (self, _("Open Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                              _("_Open"), _("Kaohe Projects"), patterns);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  kh_window_open_file (KH_WINDOW (widget), file);
}

static void
new_response_cb (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  KhWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *named = NULL;
      g_autoptr (KhDocument) doc = NULL;
      g_autoptr (GError) error = NULL;

      if (path != NULL && !g_str_has_suffix (path, ".kaohe"))
        named = g_strconcat (path, ".kaohe", NULL);
      doc = kh_document_create (named != NULL ? named : path, &error);
      if (doc == NULL)
        toast (self, error->message);
      else
        kh_window_set_document (self, doc);
    }
  g_object_unref (dialog);
}

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *patterns[] = { "*.kaohe", NULL };
  GtkFileChooserNative *dialog = file_dialog (self, _("New Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Create"), _("Kaohe Projects"), patterns);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("assessment.kaohe"));
  g_signal_connect (dialog, "response", G_CALLBACK (new_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
import_framework_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *patterns[] = { "*.xml", NULL };
  GtkFileChooserNative *dialog = file_dialog (self, _("Import Framework"),
                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                              _("Framework XML Files"), patterns);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
import_data_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *patterns[] = { "*.csv", "*.xlsx", "*.CSV", "*.XLSX", NULL };
  GtkFileChooserNative *dialog = file_dialog (self, _("Import Data"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                              _("_Preview"), _("CSV Files and Excel Workbooks"),
                                              patterns);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Exports --------------------------------------------------------------------------------- */

typedef struct
{
  char *project_path;
  char *dest;
  int year;
  gboolean results;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->project_path);
  g_free (job->dest);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *tmp = g_strconcat (job->dest, ".part", NULL);
  KhExportFormat format = g_str_has_suffix (job->dest, ".xlsx") ? KH_EXPORT_XLSX : KH_EXPORT_CSV;
  g_autoptr (KhProject) project = NULL;
  GError *error = NULL;
  gboolean ok;

  /* A connection of its own: the window keeps working on the main one. */
  project = kh_project_open (job->project_path, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ok = job->results ? kh_export_results (project, job->year, format, TRUE, tmp, &error)
                    : kh_export_data (project, job->year, format, TRUE, tmp, &error);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &error))
    ok = FALSE;
  if (ok && g_rename (tmp, job->dest) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"),
                   job->dest, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (KhWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  ExportJob *job = g_task_get_task_data (G_TASK (result));

  if (self->toast_overlay == NULL)
    return;
  end_task (self, g_task_get_cancellable (G_TASK (result)));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Export cancelled")
                   : error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (job->dest);
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

      toast (self, message);
    }
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KhWindow *self = user_data;
  gboolean results = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kh-results"));

  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      ExportJob *job = g_new0 (ExportJob, 1);
      g_autoptr (GTask) task = NULL;
      GCancellable *cancellable;

      job->project_path = g_strdup (kh_document_get_path (self->document));
      job->dest = g_file_get_path (file);
      job->year = kh_document_get_year (self->document);
      job->results = results;
      cancellable = begin_task (self, results ? _("Exporting results…") : _("Exporting data…"));
      task = g_task_new (NULL, cancellable, export_done_cb, g_object_ref (self));
      g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
      g_task_run_in_thread (task, export_thread);
    }
  g_object_unref (dialog);
}

static void
run_export (KhWindow *self,
            gboolean  results)
{
  const char *patterns[] = { "*.csv", "*.xlsx", NULL };
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->document == NULL)
    return;
  dialog = file_dialog (self, results ? _("Export Results") : _("Export Data"),
                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                        _("CSV Files and Excel Workbooks"), patterns);
  name = g_strdup_printf (results ? _("results-%d.xlsx") : _("data-%d.xlsx"),
                          kh_document_get_year (self->document));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "kh-results", GINT_TO_POINTER (results));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_results_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  run_export (KH_WINDOW (widget), TRUE);
}

static void
export_data_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_export (KH_WINDOW (widget), FALSE);
}

/* Printing -------------------------------------------------------------------------------- */

static void
print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  KhReportOptions options = { 0 };
  KhProject *project;
  g_autoptr (GError) error = NULL;
  int year;

  if (self->document == NULL)
    return;
  /* The report reads the project as saved: say so when the framework has edits. */
  if (kh_document_get_framework_modified (self->document))
    toast (self, _("The report uses the framework saved in the project, not the unsaved edits"));
  /* The dropdowns list the kinds in KhReportKind order and the orientations in
   * KhPageOrientation order. */
  year = kh_document_get_year (self->document);
  options.kind = (KhReportKind) MIN (gtk_drop_down_get_selected (self->report_kind_dropdown),
                                     (guint) KH_REPORT_COMPARE);
  options.orientation = gtk_drop_down_get_selected (self->report_orientation_dropdown) == 1
                          ? KH_PAGE_LANDSCAPE
                          : KH_PAGE_PORTRAIT;
  options.category = kh_document_get_category (self->document);
  /* The comparison is with last year; the other reports show the rank history of every
   * year the project has up to this one. */
  options.compare_from = options.kind == KH_REPORT_COMPARE ? year - 1 : 0;
  project = kh_document_get_project (self->document);
  if (!kh_print_operation_run_for_projects (GTK_WINDOW (self), &project, 1, year,
                                            options.kind == KH_REPORT_COMPARE ? year - 1 : 0,
                                            &options,
                                            g_str_equal (action_name, "win.print-preview"),
                                            &error))
    toast (self, error->message);
}

/* Undo ------------------------------------------------------------------------------------ */

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean redo = g_str_equal (action_name, "win.redo");

  if (self->document == NULL)
    return;
  if (!(redo ? kh_document_redo (self->document, &error) : kh_document_undo (self->document, &error)))
    toast (self, error->message);
}

/* Drag and drop --------------------------------------------------------------------------- */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KhWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  kh_window_open_file (self, files->data);
  return TRUE;
}

/* Class ----------------------------------------------------------------------------------- */

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = KH_WINDOW (object);

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
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

  g_type_ensure (KH_TYPE_FRAMEWORK_EDITOR);
  g_type_ensure (KH_TYPE_DATA_VIEW);
  g_type_ensure (KH_TYPE_RESULTS_VIEW);
  g_type_ensure (KH_TYPE_CHARTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, report_kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, report_orientation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, framework_editor);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, data_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, charts_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, task_progress);
  gtk_widget_class_bind_template_callback (widget_class, view_message_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action_cb);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "win.import-data", NULL, import_data_action_cb);
  gtk_widget_class_install_action (widget_class, "win.import-framework", NULL,
                                   import_framework_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-results", NULL,
                                   export_results_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-data", NULL, export_data_action_cb);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.print-preview", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action_cb);
}

static void
kh_window_init (KhWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  load_window_state (self);

  self->years_model = gtk_string_list_new (NULL);
  self->categories_model = gtk_string_list_new (NULL);
  self->groups_model = gtk_string_list_new (NULL);
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (self->years_model));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->categories_model));
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (self->groups_model));
  g_signal_connect_swapped (self->year_dropdown, "notify::selected", G_CALLBACK (year_selected_cb),
                            self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected",
                            G_CALLBACK (category_selected_cb), self);
  g_signal_connect_swapped (self->group_dropdown, "notify::selected",
                            G_CALLBACK (group_selected_cb), self);
  g_signal_connect_swapped (self->charts_view, "unit-activated",
                            G_CALLBACK (chart_unit_activated_cb), self);
  g_signal_connect_swapped (kh_results_view_get_rows (self->results_view), "notify::selected-item",
                            G_CALLBACK (results_selection_cb), self);

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  rebuild_recent_menu (self);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", FALSE);
  update_state (self);
}

KhWindow *
kh_window_new (KhApplication *application)
{
  return g_object_new (KH_TYPE_WINDOW, "application", application, NULL);
}
