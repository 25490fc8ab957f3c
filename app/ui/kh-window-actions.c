/* kh-window-actions.c — the main window's actions on the open year: export, print,
 * data templates, undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "io/kh-export.h"
#include "kh-conflict-dialog.h"
#include "kh-data-grid.h"
#include "kh-print-operation.h"
#include "kh-ui.h"
#include "kh-window-private.h"

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
  kh_window_end_task (self, g_task_get_cancellable (G_TASK (result)));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    kh_window_toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Export cancelled")
                   : error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (job->dest);
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

      kh_window_toast (self, message);
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

      job->project_path = g_strdup (kh_document_get_target (self->document));
      job->dest = g_file_get_path (file);
      job->year = kh_document_get_year (self->document);
      job->results = results;
      cancellable = kh_window_begin_task (self, results ? _("Exporting results…") : _("Exporting data…"));
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
  dialog = kh_window_file_dialog (self, results ? _("Export Results") : _("Export Data"),
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

/* Data templates -------------------------------------------------------------------------- */

typedef struct
{
  char *project_path;
  char *provider; /* NULL: every field */
  char *dest;
  int year;
  guint n_units, n_fields;
} TemplateJob;

static void
template_job_free (TemplateJob *job)
{
  g_free (job->project_path);
  g_free (job->provider);
  g_free (job->dest);
  g_free (job);
}

static void
template_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TemplateJob *job = task_data;
  g_autoptr (KhProject) project = NULL;
  GError *error = NULL;

  /* A connection of its own, read only: the window keeps working on the main one. */
  project = kh_project_open_readonly (job->project_path, &error);
  if (project == NULL
      || !kh_project_write_template (project, job->year, job->provider, job->dest,
                                     &job->n_units, &job->n_fields, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
template_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (KhWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  TemplateJob *job = g_task_get_task_data (G_TASK (result));

  if (self->toast_overlay == NULL)
    return;
  kh_window_end_task (self, g_task_get_cancellable (G_TASK (result)));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    kh_window_toast (self, error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (job->dest);
      g_autofree char *message =
        g_strdup_printf (_("Saved the template “%s”: %u units × %u fields"), name, job->n_units,
                         job->n_fields);

      kh_window_toast (self, message);
    }
}

void
kh_window_write_template (KhWindow   *self,
                          const char *provider,
                          GFile      *file)
{
  TemplateJob *job;
  g_autoptr (GTask) task = NULL;
  GCancellable *cancellable;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->document == NULL || kh_document_get_framework (self->document) == NULL)
    {
      kh_window_toast (self, _("Open a project with a year before saving a data template"));
      return;
    }
  job = g_new0 (TemplateJob, 1);
  job->project_path = g_strdup (kh_document_get_target (self->document));
  job->provider = provider != NULL && *provider != '\0' ? g_strdup (provider) : NULL;
  job->dest = g_file_get_path (file);
  job->year = kh_document_get_year (self->document);
  cancellable = kh_window_begin_task (self, _("Writing the data template…"));
  task = g_task_new (NULL, cancellable, template_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) template_job_free);
  g_task_run_in_thread (task, template_thread);
}

static void
template_response_cb (GtkNativeDialog *dialog,
                      int              response,
                      gpointer         user_data)
{
  KhWindow *self = user_data;
  GPtrArray *providers = g_object_get_data (G_OBJECT (dialog), "kh-providers");

  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "provider");
      guint64 index = 0;
      const char *provider = NULL;

      /* The choice's ids: "all", or the provider's index in the list. */
      if (choice != NULL && g_ascii_string_to_unsigned (choice, 10, 0, G_MAXUINT, &index, NULL)
          && index < providers->len)
        provider = providers->pdata[index];
      kh_window_write_template (self, provider, file);
    }
  g_object_unref (dialog);
}

/* Save Data Template…: the provider chosen in the file chooser (every field by default). */
static void
data_template_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *patterns[] = { "*.xlsx", NULL };
  GtkFileChooserNative *dialog;
  g_autoptr (GPtrArray) providers = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  int year;

  if (self->document == NULL || kh_document_get_framework (self->document) == NULL)
    return;
  year = kh_document_get_year (self->document);
  providers = kh_project_get_providers (kh_document_get_project (self->document), year, &error);
  if (providers == NULL)
    {
      kh_window_toast (self, error->message);
      return;
    }
  dialog = kh_window_file_dialog (self, _("Save Data Template"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                  _("_Save"), _("Excel Workbooks"), patterns);
  g_ptr_array_add (ids, g_strdup ("all"));
  g_ptr_array_add (labels, (gpointer) _("Every provider's fields"));
  for (guint i = 0; i < providers->len; i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("%u", i));
      g_ptr_array_add (labels, providers->pdata[i]);
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "provider", _("Provider:"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "provider", "all");
  name = g_strdup_printf (_("template-%d.xlsx"), year);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "kh-providers", g_steal_pointer (&providers),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (template_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Printing -------------------------------------------------------------------------------- */

static void
print_report (KhWindow *self,
              gboolean  preview)
{
  KhReportOptions options = { 0 };
  KhProject *project;
  g_autoptr (GError) error = NULL;
  int year;

  /* The report reads the project as saved: say so when the framework has edits. */
  if (kh_document_get_framework_modified (self->document))
    kh_window_toast (self, _("The report uses the framework saved in the project, not the unsaved edits"));
  /* The dropdowns list the kinds in KhReportKind order and the orientations in
   * KhPageOrientation order. */
  year = kh_document_get_year (self->document);
  options.kind = self->report_kind_dropdown != NULL /* else the Reports page not built yet */
                   ? (KhReportKind) MIN (gtk_drop_down_get_selected (self->report_kind_dropdown),
                                         (guint) KH_REPORT_COMPARE)
                   : KH_REPORT_ANNUAL;
  options.orientation = self->report_orientation_dropdown != NULL
                            && gtk_drop_down_get_selected (self->report_orientation_dropdown) == 1
                          ? KH_PAGE_LANDSCAPE
                          : KH_PAGE_PORTRAIT;
  options.category = kh_document_get_category (self->document);
  /* The comparison is with last year; the other reports show the rank history of every
   * year the project has up to this one. */
  options.compare_from = options.kind == KH_REPORT_COMPARE ? year - 1 : 0;
  /* DRAFT while the framework is unsaved or has problems, DEMONSTRATION DATA on the
   * bundled sample. */
  options.watermark = kh_window_get_watermark (self);
  project = kh_document_get_project (self->document);
  if (!kh_print_operation_run_for_projects (GTK_WINDOW (self), &project, 1, year,
                                            options.kind == KH_REPORT_COMPARE ? year - 1 : 0,
                                            &options, preview, &error))
    kh_window_toast (self, error->message);
}

static void
refused_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KhWindow         *self)
{
  if (self->ask_dialog == dialog)
    self->ask_dialog = NULL;
  if (self->document == NULL)
    return;
  if (g_str_equal (response, "draft"))
    print_report (self, TRUE);
  else if (g_str_equal (response, "review"))
    kh_window_show_page (self, "framework");
}

/* Official printing of a framework with problems is refused, with the problems; a draft
 * (marked DRAFT on every page) can still be previewed and printed. Unsaved edits only
 * mark the pages. */
static void
print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  GPtrArray *problems;
  g_autoptr (GString) body = NULL;
  AdwMessageDialog *dialog;

  if (self->document == NULL || self->ask_dialog != NULL)
    return;
  problems = kh_document_get_problems (self->document);
  if (problems->len == 0)
    {
      print_report (self, g_str_equal (action_name, "win.print-preview"));
      return;
    }
  body = g_string_new (NULL);
  g_string_append_printf (body,
                          ngettext ("The framework of %d has %u problem, so its results cannot "
                                    "be printed as official:",
                                    "The framework of %d has %u problems, so its results cannot "
                                    "be printed as official:",
                                    problems->len),
                          kh_document_get_year (self->document), problems->len);
  for (guint i = 0; i < MIN (problems->len, 5); i++)
    g_string_append_printf (body, "\n• %s",
                            ((KhDocumentProblem *) g_ptr_array_index (problems, i))->message);
  if (problems->len > 5)
    g_string_append_printf (body, "\n• …");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Cannot Print Official Results"),
                                                       body->str));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "review",
                                    _("_Review Framework"), "draft", _("Print _Draft…"), NULL);
  adw_message_dialog_set_default_response (dialog, "review");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (refused_response_cb), self, 0);
  self->ask_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Undo ------------------------------------------------------------------------------------ */

typedef struct
{
  KhWindow *window;
  gboolean redo;
  guint depth;          /* of the stack the step is on, when asked */
  GPtrArray *conflicts; /* the cells asked about, with the newer values shown */
} UndoAsked;

static void
undo_asked_free (gpointer data)
{
  UndoAsked *asked = data;

  g_object_unref (asked->window);
  g_ptr_array_unref (asked->conflicts);
  g_free (asked);
}

static void undo_or_redo (KhWindow  *self,
                          gboolean   redo,
                          GPtrArray *over);

/* Keep theirs forgets the step; overwrite with mine applies it over the newer values the
 * question showed (one stored since asks again). */
static void
undo_conflict_answer_cb (gboolean overwrite,
                         gpointer user_data)
{
  UndoAsked *asked = user_data;

  KhDocument *doc = asked->window->document;

  /* Answered after the history moved (a question that waited behind another): the step
   * asked about is no longer the one on top, and is left alone. */
  if (doc == NULL
      || (asked->redo ? kh_document_get_n_redo (doc) : kh_document_get_n_undo (doc))
           != asked->depth)
    return;
  if (overwrite)
    undo_or_redo (asked->window, asked->redo, asked->conflicts);
  else
    kh_document_drop_step (asked->window->document, !asked->redo);
}

/* Undo or redo; a step whose cells (a value's, an import's or a paste's) another writer
 * changed since asks, every such cell listed (issue 19). */
static void
undo_or_redo (KhWindow  *self,
              gboolean   redo,
              GPtrArray *over)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (GPtrArray) unit_names = NULL;
  g_autoptr (GPtrArray) field_names = NULL;
  KhDataset *dataset;
  KhFramework *fw;
  UndoAsked *asked;

  if (kh_document_undo_or_redo (self->document, redo, over, &conflicts, &error))
    return;
  if (conflicts == NULL || conflicts->len == 0)
    {
      kh_window_toast (self, error->message);
      return;
    }
  dataset = kh_document_get_dataset (self->document);
  fw = kh_document_get_framework (self->document);
  unit_names = g_ptr_array_new_full (conflicts->len + 1, NULL);
  field_names = g_ptr_array_new_full (conflicts->len + 1, g_free);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const KhValueConflict *conflict = g_ptr_array_index (conflicts, i);
      guint unit = dataset != NULL ? kh_dataset_find_unit (dataset, conflict->unit_id)
                                   : KH_DATASET_NONE;

      g_ptr_array_add (unit_names, unit != KH_DATASET_NONE
                                     ? (gpointer) kh_dataset_get_unit_name (dataset, unit)
                                     : NULL);
      g_ptr_array_add (field_names,
                       fw != NULL ? kh_data_grid_field_title (fw, conflict->field) : NULL);
    }
  g_ptr_array_add (unit_names, NULL);
  g_ptr_array_add (field_names, NULL);
  asked = g_new0 (UndoAsked, 1);
  asked->window = g_object_ref (self);
  asked->redo = redo;
  asked->depth = redo ? kh_document_get_n_redo (self->document)
                      : kh_document_get_n_undo (self->document);
  asked->conflicts = g_ptr_array_ref (conflicts);
  kh_conflict_dialog_present_cells (GTK_WINDOW (self), conflicts,
                                    (const char *const *) unit_names->pdata,
                                    (const char *const *) field_names->pdata, TRUE,
                                    undo_conflict_answer_cb, asked, undo_asked_free);
}

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
  /* Ctrl+Z while a value or name is typed in a cell takes back the typing, as in a text
   * field (and a spreadsheet): the cell shows its value again and the project's history
   * is untouched. An edit left open is never committed after the undo (it would come
   * after the step undone, and clear what there is to redo). */
  if (kh_ui_edit_cells_abandon (widget) && !redo)
    return;
  undo_or_redo (self, redo, NULL);
}


void
kh_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-results", NULL,
                                   export_results_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-data", NULL, export_data_action_cb);
  gtk_widget_class_install_action (widget_class, "win.data-template", NULL,
                                   data_template_action_cb);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.print-preview", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action_cb);
}
