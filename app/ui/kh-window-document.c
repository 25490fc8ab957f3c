/* kh-window-document.c — the main window's documents: open, new, recent projects,
 * imports of data, units and framework files, drag and drop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-io-limits.h"
#include "io/kh-xml-safe.h"
#include "io/kh-csv.h"
#include "io/kh-db.h"
#include "io/kh-framework-xml.h"
#include "kh-recovery.h"
#include "kh-ui.h"
#include "kh-window-private.h"

static char *recovery_key (KhDocument *doc);

/* Projects on a server in recent projects (issue 19): GTK's recent files (the same list as
 * the files', kept in order and trimmed by GTK, no schema of our own) under a libpq URI
 * without a password, of this MIME type; the name shown is the target as opened. */
#define SERVER_MIME_TYPE "application/x-kaohe-server"

/* A server's @target (no password in it) as a libpq URI: a URI as it is, the keyword=value
 * settings of a service ("service=office user=me") as its query ("postgresql://?service=
 * office&user=me", which libpq reads as the same settings). */
static char *
server_recent_uri (const char *target)
{
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) uri = NULL;

  if (!g_str_has_prefix (target, "service="))
    return g_strdup (target);
  words = g_strsplit (target, " ", -1);
  uri = g_string_new ("postgresql://");
  for (guint i = 0, n = 0; words[i] != NULL; i++)
    {
      const char *eq = strchr (words[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      key = g_strndup (words[i], eq - words[i]);
      value = g_uri_escape_string (eq + 1, NULL, FALSE);
      g_string_append_printf (uri, "%c%s=%s", n++ == 0 ? '?' : '&', key, value);
    }
  return g_string_free (g_steal_pointer (&uri), FALSE);
}

/* Adds the project on a server opened as @target to recent projects, unless @target
 * holds a password: nothing Kaohe stores ever holds one. */
static void
add_recent_server (const char *target)
{
  g_autofree char *name = kh_db_target_name (target);
  g_autofree char *uri = NULL;
  GtkRecentData data = { 0 };

  if (!g_str_equal (name, target))
    return;
  uri = server_recent_uri (target);
  data.display_name = name;
  data.mime_type = (char *) SERVER_MIME_TYPE;
  data.app_name = (char *) (g_get_application_name () != NULL ? g_get_application_name ()
                                                              : "Kaohe");
  data.app_exec = (char *) "kaohe %u";
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

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
      gboolean server = g_strcmp0 (gtk_recent_info_get_mime_type (info), SERVER_MIME_TYPE) == 0
                        && kh_db_target_is_server (uri);
      g_autoptr (GMenuItem) item = NULL;

      if (!server && (!g_str_has_suffix (uri, ".kaohe") || !gtk_recent_info_exists (info)))
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
  {
    g_autoptr (GMenu) server = g_menu_new ();

    g_menu_append (server, _("Connect to _Server…"), "win.connect-server");
    g_menu_append_section (self->recent_menu, NULL, G_MENU_MODEL (server));
  }
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  /* The year is loaded once the window shows the project (kh_window_set_document()). */
  KhDocument *doc = kh_document_open_project (task_data, &error);

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
  kh_window_end_task (self, cancellable);
  if (doc == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kh_window_toast (self, error->message);
      return;
    }
  {
    g_autofree char *uri = g_filename_to_uri (kh_document_get_path (doc), NULL, NULL);

    if (uri != NULL)
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    else if (kh_document_get_target (doc) != NULL
             && kh_db_target_is_server (kh_document_get_target (doc)))
      add_recent_server (kh_document_get_target (doc));
  }
  kh_window_set_document (self, doc);
  rebuild_recent_menu (self);
}

char *
kh_window_target_name (const char *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (!kh_db_target_is_server (target))
    return g_path_get_basename (target);
  return kh_db_target_name (target);
}

static void
open_project_now (KhWindow   *self,
                  const char *path)
{
  g_autofree char *name = kh_window_target_name (path);
  g_autofree char *label = g_strdup_printf (_("Opening “%s”…"), name);
  GCancellable *cancellable = kh_window_begin_task (self, label);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, open_done_cb, g_object_ref (self));

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

static void
open_confirmed_cb (KhWindow *self,
                   gpointer  data)
{
  open_project_now (self, data);
}

/* Another project replaces the document: unsaved framework edits are saved or discarded
 * first. */
static void
open_project (KhWindow   *self,
              const char *path)
{
  kh_window_when_saved (self, open_confirmed_cb, g_strdup (path), g_free);
}

/* An import is one undo step: the toast says what changed and offers to undo it. */
static void
import_committed_cb (KhWindow *self,
                     guint     n_changed)
{
  g_autofree char *message = g_strdup_printf (ngettext ("Import done: %u value changed",
                                                        "Import done: %u values changed",
                                                        n_changed),
                                              n_changed);
  AdwToast *toast = kh_ui_toast_new (message);

  adw_toast_set_timeout (toast, 10);
  if (n_changed > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
      kh_window_toast (self, _("Open a project with a year before importing data"));
      return NULL;
    }
  dialog = kh_import_dialog_new (GTK_WINDOW (self), self->document, file);
  g_signal_connect_object (dialog, "committed", G_CALLBACK (import_committed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
import_framework_now (KhWindow *self,
                      GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *xml = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  if (self->document == NULL)
    {
      kh_window_toast (self, _("Open a project before importing a framework"));
      return;
    }
  if (path == NULL || !kh_io_read_regular (path, KH_XML_MAX_SIZE, &xml, &len, &error)
      || !kh_document_add_framework (self->document, xml, len, path, &error))
    {
      kh_window_toast (self, error != NULL ? error->message : _("Only local files can be imported"));
      return;
    }
  kh_window_update_selectors (self);
  kh_window_show_page (self, "framework");
}

static void
import_framework_confirmed_cb (KhWindow *self,
                               gpointer  data)
{
  import_framework_now (self, data);
}

/* A framework file opens its year and category, replacing the working framework. */
static void
import_framework_file (KhWindow *self,
                       GFile    *file)
{
  kh_window_when_saved (self, import_framework_confirmed_cb, g_object_ref (file), g_object_unref);
}

/* A units table (id, name_zh, category … columns) rather than data. */
static gboolean
is_units_table (KhCsvTable *table)
{
  gboolean name = FALSE, category = FALSE;

  if (kh_csv_table_n_rows (table) == 0)
    return FALSE;
  for (guint i = 0; i < kh_csv_table_width (table, 0); i++)
    {
      g_autofree char *cell =
        g_ascii_strdown (g_strstrip (g_strdup (kh_csv_table_cell (table, 0, i))), -1);

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
    kh_window_toast (self, error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u unit imported from “%s”",
                                                            "%u units imported from “%s”",
                                                            kh_csv_table_n_rows (table) - 1),
                                                  kh_csv_table_n_rows (table) - 1, name);

      kh_window_toast (self, message);
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
  /* `kaohe postgresql://…`: GApplication makes a GFile of it, whose URI is the text as
   * given; `kaohe service=name` a path in the current folder, when no such file is there. */
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      if (kh_db_target_is_server (uri))
        {
          kh_window_open_target (self, uri);
          return;
        }
    }
  else if (kh_db_target_is_server (name) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      kh_window_open_target (self, name);
      return;
    }
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open “%s”: only local files are "
                                                    "supported"),
                                                  name);

      kh_window_toast (self, message);
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

void
kh_window_open_target (KhWindow   *self,
                       const char *target)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (target != NULL);

  open_project (self, target);
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
      kh_ui_status_page_set_description (self->status_page,
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

          kh_window_toast (self, message);
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

GtkFileChooserNative *
kh_window_file_dialog (KhWindow            *self,
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
  GtkFileChooserNative *dialog = kh_window_file_dialog (self, _("Open Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                              _("_Open"), _("Kaohe Projects"), patterns);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr (GFile) file = NULL;

  /* A project on a server (issue 19): its URI, never with a password. */
  if (kh_db_target_is_server (uri))
    {
      kh_window_open_target (KH_WINDOW (widget), uri);
      return;
    }
  file = g_file_new_for_uri (uri);
  kh_window_open_file (KH_WINDOW (widget), file);
}

static void
new_confirmed_cb (KhWindow *self,
                  gpointer  data)
{
  kh_window_set_document (self, data);
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
        kh_window_toast (self, error->message);
      else
        kh_window_when_saved (self, new_confirmed_cb, g_steal_pointer (&doc), g_object_unref);
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
  GtkFileChooserNative *dialog = kh_window_file_dialog (self, _("New Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
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
  GtkFileChooserNative *dialog = kh_window_file_dialog (self, _("Import Framework"),
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
  GtkFileChooserNative *dialog = kh_window_file_dialog (self, _("Import Data"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                              _("_Preview"), _("CSV Files and Excel Workbooks"),
                                              patterns);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}


/* Drag and drop --------------------------------------------------------------------------- */

static gboolean connect_target_ok (const char *text,
                                   char      **message);

/* A dropped text (issue 19): a server's URI or service name opens as `kaohe URI` does,
 * unless it holds a password (refused with the Connect dialog's message); a file:// URI
 * opens as a dropped file; anything else is refused, said in a toast. */
static gboolean
drop_text (KhWindow   *self,
           const char *dropped)
{
  g_autofree char *text = g_strstrip (g_strdup (dropped != NULL ? dropped : ""));
  g_autofree char *message = NULL;

  /* A list of URIs (text/uri-list) or lines: the first one. */
  text[strcspn (text, "\r\n")] = '\0';
  if (g_str_has_prefix (text, "file://"))
    {
      g_autoptr (GFile) file = g_file_new_for_uri (text);

      kh_window_open_file (self, file);
      return TRUE;
    }
  if (kh_db_target_is_server (text))
    {
      if (!connect_target_ok (text, &message))
        {
          kh_window_toast (self, message);
          return FALSE;
        }
      kh_window_open_target (self, text);
      return TRUE;
    }
  kh_window_toast (self, _("Cannot open the dropped text: drop a project file, or a server’s "
                           "URI postgresql://user@host/database or service name "
                           "service=name"));
  return FALSE;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KhWindow      *self)
{
  GSList *files;

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    return drop_text (self, g_value_get_string (value));
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  kh_window_open_file (self, files->data);
  return TRUE;
}


/* Unsaved edits ----------------------------------------------------------------------------- */

typedef struct
{
  KhWindow *self;
  KhWindowThen then;
  gpointer data;
  GDestroyNotify destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_free (pending);
}

/* Runs what was asked for once the dialog is gone (closing the window from inside the
 * dialog's own response would finalize the dialog's parent under it). */
static gboolean
run_pending_cb (gpointer user_data)
{
  Pending *pending = user_data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (pending->self)))
    {
      /* What follows rebuilds the views: the entry that had the focus before the dialog
       * loses it now, properly, rather than being torn down focused (GTK 4.8 then keeps
       * blinking its cursor and warns "GtkText - did not receive a focus-out event"). */
      gtk_window_set_focus (GTK_WINDOW (pending->self), NULL);
      pending->then (pending->self, pending->data);
    }
  g_object_unref (pending->self);
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Pending          *pending)
{
  KhWindow *self = pending->self;
  g_autoptr (GError) error = NULL;

  if (self->ask_dialog == dialog)
    self->ask_dialog = NULL;
  if (g_str_equal (response, "save"))
    {
      if (self->document == NULL || !kh_document_save_framework (self->document, &error))
        {
          kh_window_toast (self, error != NULL ? error->message : _("Nothing to save"));
          return;
        }
      kh_window_update_recovery (self);
      kh_window_toast (self, _("Framework saved to the project"));
    }
  else if (g_str_equal (response, "discard"))
    {
      if (self->document != NULL)
        {
          g_autofree char *key = recovery_key (self->document);

          kh_recovery_discard (key);
          /* Not written again for these edits while the window finishes what it does. */
          self->recovery_discarded = kh_document_get_revision (self->document) + 1;
        }
      self->recovery_written = FALSE;
    }
  else
    {
      /* Cancelled: whatever asked stays as it was (the selectors show the year open). */
      kh_window_update_selectors (self);
      return;
    }
  /* The pending request moves to the idle; the dialog keeps an empty one to free. */
  {
    Pending *moved = g_memdup2 (pending, sizeof *pending);

    pending->destroy = NULL;
    g_object_ref (self);
    g_idle_add (run_pending_cb, moved);
  }
}

void
kh_window_when_saved (KhWindow      *self,
                      KhWindowThen   then,
                      gpointer       data,
                      GDestroyNotify destroy)
{
  Pending *pending;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  KhDocument *doc = self->document;

  if (doc == NULL || !kh_document_get_framework_modified (doc) || kh_document_is_sealed (doc))
    {
      then (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  if (self->ask_dialog != NULL)
    {
      /* Already asking: this request is dropped, the user answers the first one. */
      if (destroy != NULL)
        destroy (data);
      gtk_window_present (GTK_WINDOW (self->ask_dialog));
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->then = then;
  pending->data = data;
  pending->destroy = destroy;
  /* TRANSLATORS: a year, then a category (Cities, Agencies, …) */
  body = g_strdup_printf (_("The framework of %d, %s, has edits that are not saved in the "
                            "project. If you don’t save them, they are lost."),
                          kh_document_get_year (doc),
                          kh_ui_category_label (kh_document_get_category (doc)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"),
                                                       body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"),
                                    "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (ask_response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  self->ask_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwMessageDialog *
kh_window_get_dialog (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return self->ask_dialog;
}

/* Recovery ------------------------------------------------------------------------------------ */

/* What the recovery file of @doc's unsaved edits is known by: a file's path, a server's
 * URI without its password (kh_window_target_name()): the recovery file, in the user's
 * state folder, never holds a password. */
static char *
recovery_key (KhDocument *doc)
{
  const char *path = kh_document_get_path (doc);

  return kh_db_target_is_server (path) ? kh_window_target_name (path) : g_strdup (path);
}

void
kh_window_update_recovery (KhWindow *self)
{
  KhDocument *doc = self->document;
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *key = NULL;

  if (doc == NULL || kh_document_get_framework (doc) == NULL)
    return;
  if (!kh_document_get_framework_modified (doc))
    {
      if (self->recovery_written)
        {
          key = recovery_key (doc);
          kh_recovery_discard (key);
        }
      self->recovery_written = FALSE;
      return;
    }
  if ((self->recovery_written && self->recovery_revision == kh_document_get_revision (doc))
      || self->recovery_discarded == kh_document_get_revision (doc) + 1)
    return;
  xml = kh_framework_xml_to_string (kh_document_get_framework (doc));
  key = recovery_key (doc);
  if (!kh_recovery_write (key, kh_document_get_year (doc),
                          kh_document_get_category (doc), xml, &error))
    {
      g_warning ("Cannot write the recovery file: %s", error->message);
      return;
    }
  self->recovery_written = TRUE;
  self->recovery_revision = kh_document_get_revision (doc);
}

static gboolean
recovery_tick_cb (gpointer user_data)
{
  kh_window_update_recovery (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
restore (KhWindow   *self,
         KhRecovery *recovery,
         GError    **error)
{
  KhDocument *doc = self->document;
  g_autoptr (KhFramework) fw = NULL;

  if (kh_document_get_year (doc) != recovery->year
      && !kh_document_set_year (doc, recovery->year, error))
    return FALSE;
  if (g_strcmp0 (kh_document_get_category (doc), recovery->category) != 0
      && !kh_document_set_category (doc, recovery->category, error))
    return FALSE;
  /* Unsaved edits may well have problems: they come back as they were. */
  fw = kh_framework_xml_load_draft (recovery->framework_xml, strlen (recovery->framework_xml),
                                    _("the unsaved edits"), error);
  return fw != NULL
         && kh_document_replace_framework (doc, _("Restore Unsaved Edits"),
                                           g_steal_pointer (&fw), error);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KhWindow         *self)
{
  g_autoptr (KhRecovery) recovery = g_object_steal_data (G_OBJECT (dialog), "kh-recovery");
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  if (self->ask_dialog == dialog)
    self->ask_dialog = NULL;
  if (self->document == NULL || recovery == NULL)
    return;
  key = recovery_key (self->document);
  if (g_strcmp0 (recovery->project_path, key) != 0)
    return;
  if (g_str_equal (response, "restore"))
    {
      if (!restore (self, recovery, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The unsaved edits cannot be restored: "
                                                        "%s"),
                                                      error->message);

          kh_window_toast (self, message);
          return;
        }
      kh_window_update_selectors (self);
      kh_window_show_page (self, "framework");
      kh_window_update_recovery (self);
    }
  else
    kh_recovery_discard (recovery->project_path);
}

void
kh_window_offer_recovery (KhWindow *self)
{
  g_autoptr (KhRecovery) recovery = NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = NULL;
  AdwMessageDialog *dialog;

  if (self->document == NULL || self->ask_dialog != NULL
      || kh_document_is_sealed (self->document))
    return;
  key = recovery_key (self->document);
  recovery = kh_recovery_read (key);
  if (recovery == NULL)
    return;
  when = recovery->saved_at != NULL ? g_date_time_new_from_iso8601 (recovery->saved_at, NULL)
                                    : NULL;
  when_text = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S")
                           : g_strdup (_("an unknown time"));
  /* TRANSLATORS: a date and time, a year, then a category (Cities, Agencies, …) */
  body = g_strdup_printf (_("Kaohe stopped at %s without saving edits to the framework of %d, "
                            "%s. Restore them? Restored edits are unsaved until you save them."),
                          when_text, recovery->year,
                          kh_ui_category_label (recovery->category));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Restore Unsaved Edits?"), body));
  adw_message_dialog_add_responses (dialog, "discard", _("_Discard"), "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restore");
  adw_message_dialog_set_close_response (dialog, "discard");
  g_object_set_data_full (G_OBJECT (dialog), "kh-recovery", g_steal_pointer (&recovery),
                          (GDestroyNotify) kh_recovery_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  self->ask_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Set-up ------------------------------------------------------------------------------------- */

/* Connect to Server ------------------------------------------------------------------------- */

/* Whether @text names a server the dialog may open: a URI or service name, without a
 * password (one the dialog took would be shown in its field and could be kept). */
static gboolean
connect_target_ok (const char *text,
                   char      **message)
{
  g_autofree char *named = NULL;

  if (!kh_db_target_is_server (text))
    {
      *message = g_strdup (_("Enter a URI postgresql://user@host/database or a service "
                             "name service=name"));
      return FALSE;
    }
  named = kh_window_target_name (text);
  if (!g_str_equal (named, text))
    {
      *message = g_strdup (_("Leave the password out of the URI: the server asks libpq for "
                             "it (~/.pgpass, PGPASSWORD, or a peer or certificate login)"));
      return FALSE;
    }
  *message = NULL;
  return TRUE;
}

static void
connect_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);
  g_autofree char *message = NULL;
  gboolean ok = connect_target_ok (text, &message);

  adw_message_dialog_set_response_enabled (dialog, "connect", ok);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), message);
  if (ok || text[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
connect_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KhWindow         *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *target = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *message = NULL;

  if (self->ask_dialog == dialog)
    self->ask_dialog = NULL;
  if (!g_str_equal (response, "connect"))
    return;
  if (!connect_target_ok (target, &message))
    {
      kh_window_toast (self, message);
      return;
    }
  kh_window_open_target (self, target);
}

static void
connect_activate_cb (GtkEntry         *entry,
                     AdwMessageDialog *dialog)
{
  g_autofree char *message = NULL;

  if (connect_target_ok (gtk_editable_get_text (GTK_EDITABLE (entry)), &message))
    adw_message_dialog_response (dialog, "connect");
}

static void
connect_server_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  if (self->ask_dialog != NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self), _("Connect to Server"),
    _("Open a project on a PostgreSQL server: its URI or a service of pg_service.conf. "
      "Kaohe takes no password: libpq asks the server with ~/.pgpass, PGPASSWORD, or a peer "
      "or certificate login.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "postgresql://user@host/database");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Server URI or service"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "connect", _("_Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "connect", FALSE);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (connect_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (connect_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, 0);
  self->ask_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
kh_window_init_document (KhWindow *self)
{
  GtkDropTarget *target;

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  rebuild_recent_menu (self);

  /* Files, and text (a server's URI or service name, issue 19): one target, so that a
   * file, which is offered as text too, is taken as a file (the first type it has). */
  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_STRING }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* Unsaved framework edits reach the recovery file within a few seconds. */
  self->recovery_timer = g_timeout_add_seconds (KH_RECOVERY_INTERVAL, recovery_tick_cb, self);
}

void
kh_window_class_add_document_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action_cb);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "win.connect-server", NULL,
                                   connect_server_action_cb);
  gtk_widget_class_install_action (widget_class, "win.import-data", NULL, import_data_action_cb);
  gtk_widget_class_install_action (widget_class, "win.import-framework", NULL,
                                   import_framework_action_cb);
}
