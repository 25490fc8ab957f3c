/* kh-document-watch.c — the year open read again when another writer changed the project
 * (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On SQLite another writer is another connection to the same file: another window,
 * kaohe-cli, another computer on a shared folder. The file and its -wal are watched
 * (GFileMonitor); a burst of events is waited out (WATCH_DELAY_MS), then PRAGMA
 * data_version of the document's own connection says whether anyone else committed
 * since it was last read (the document's own commits never change it). Only then is the
 * year open read again, as loading it reads it, and compared with what the document
 * holds: the values, the framework, the units. What changed is taken in place, the
 * document's undo history kept (a value's step whose cell changed since asks when undone:
 * kh-document-edit.c), and `changed` emitted as for an edit, so the pages keep the
 * user's place; then `refreshed` says what changed.
 *
 * On a server the same reading again follows the server's notifications (kh_db_listen():
 * LISTEN/NOTIFY), those of another connection that touch the year open or the year before
 * (whose plan it is compared with), or the units; a new connection after the server went
 * away may have missed anything and reads again too.
 *
 * A year open that another writer sealed meanwhile is taken in as if it had been opened
 * sealed: read-only, every page told (`changed`), `refreshed` saying so. The user's
 * unsaved framework edits of that year, which can no longer be saved into it, are not
 * dropped: they are written to a framework file of their own (keep_unsaved_framework()),
 * which the window's toast offers to show.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>

#include "io/kh-db-notify.h"
#include "io/kh-framework-xml.h"
#include "kh-document-private.h"

#define WATCH_DELAY_MS 150

/* PRAGMA data_version of the document's connection; -1 when unreadable. */
static gint64
data_version (KhDocument *self)
{
  sqlite3 *db = kh_project_get_db (self->project);
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (db == NULL)
    return -1;
  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* How many cells of @fresh differ from @old (a cell absent from @old counts as empty);
 * *units_changed: the units differ. */
static guint
count_changed_values (KhDataset *old,
                      KhDataset *fresh,
                      gboolean  *units_changed)
{
  guint n = 0;

  *units_changed = kh_dataset_get_n_units (old) != kh_dataset_get_n_units (fresh);
  for (guint u = 0; u < kh_dataset_get_n_units (fresh); u++)
    {
      const char *unit_id = kh_dataset_get_unit_id (fresh, u);
      guint old_unit = kh_dataset_find_unit (old, unit_id);

      if (old_unit == KH_DATASET_NONE)
        {
          *units_changed = TRUE;
          continue;
        }
      for (guint f = 0; f < kh_dataset_get_n_fields (fresh); f++)
        {
          guint old_field = kh_dataset_find_field (old, kh_dataset_get_field_id (fresh, f));
          double before = old_field != KH_DATASET_NONE ? kh_dataset_get (old, old_unit, old_field)
                                                       : NAN;

          if (!same_value (before, kh_dataset_get (fresh, u, f)))
            n++;
        }
    }
  return n;
}

static char *
describe (guint    n_values,
          gboolean framework,
          gboolean units)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  if (n_values > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value",
                                                          "%u values", n_values),
                                             n_values));
  if (framework)
    g_ptr_array_add (parts, g_strdup (_("the framework")));
  if (units)
    g_ptr_array_add (parts, g_strdup (_("the units")));
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: joins what another writer changed: "3 values, the framework" */
  list = g_strjoinv (_(", "), (char **) parts->pdata);
  /* TRANSLATORS: the banner when the year open was read again; %s: what changed */
  return g_strdup_printf (_("Data changed by someone else — reloaded: %s"), list);
}

/* The user's unsaved framework of a year another writer sealed, written to a file of its
 * own (issue 19): $XDG_DATA_HOME/kaohe/unsaved/framework-YEAR-CATEGORY-TIME.xml, a
 * framework file that Import Framework… takes into another year. Returns its path. */
static char *
keep_unsaved_framework (KhDocument *self,
                        GError    **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kaohe", "unsaved", NULL);
  g_autofree char *xml = kh_framework_xml_to_string (self->framework);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *path = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("%s: cannot create the folder: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  /* A name not taken yet: never over an earlier year's kept edits. */
  for (guint n = 1; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("framework-%d-%s-%s.xml", self->year,
                                                        self->category, stamp)
                                     : g_strdup_printf ("framework-%d-%s-%s-%u.xml",
                                                        self->year, self->category, stamp, n);

      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  if (!g_file_set_contents_full (path, xml, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_clear_pointer (&path, g_free);
      return NULL;
    }
  return path;
}

/* What `refreshed` says when another writer sealed the year open; @kept: whether the
 * user's unsaved framework went to a file (kh_document_take_kept_framework()), @keep_error:
 * why it could not go there (it stays shown). */
static char *
describe_sealed (KhDocument   *self,
                 gboolean      kept,
                 const GError *keep_error)
{
  if (kept)
    /* TRANSLATORS: a toast when another login or process sealed the year open; %d: the
     * year. Its button shows the file. */
    return g_strdup_printf (_("The year %d was sealed by someone else: your unsaved framework "
                              "edits were kept in a file."),
                            self->year);
  if (keep_error != NULL)
    /* TRANSLATORS: %d: the year; %s: why the edits could not be written to a file */
    return g_strdup_printf (_("The year %d was sealed by someone else: your unsaved framework "
                              "edits stay shown until the project is closed (%s)."),
                            self->year, keep_error->message);
  /* TRANSLATORS: a toast when another login or process sealed the year open; %d: the year */
  return g_strdup_printf (_("The year %d was sealed by someone else: it is read-only now."),
                          self->year);
}

char *
kh_document_take_kept_framework (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return g_steal_pointer (&self->kept_framework);
}

gboolean
kh_document_refresh (KhDocument *self,
                     GError    **error)
{
  g_autoptr (GError) keep_error = NULL;
  g_autofree char *kept = NULL;
  gboolean now_sealed = FALSE, newly_sealed;
  g_autoptr (KhPlan) previous = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autofree char *old_xml = NULL;
  g_autofree char *new_xml = NULL;
  g_autofree char *summary = NULL;
  KhFramework *fresh_framework;
  KhDataset *fresh_dataset;
  gboolean framework_changed, units_changed, modified;
  guint n_values;
  KhChange what = KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_FLAGS;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->framework == NULL || self->category == NULL)
    return TRUE;
  /* As loading the year computes it (issue 22): last year whole, then the year on it. */
  if (!kh_document_compute_year (self, self->year, self->category, &plan, &previous, error))
    return FALSE;
  fresh_framework = kh_plan_get_framework (plan);
  fresh_dataset = kh_plan_get_dataset (plan);
  old_xml = kh_framework_xml_to_string (self->saved_framework);
  new_xml = kh_framework_xml_to_string (fresh_framework);
  framework_changed = g_strcmp0 (old_xml, new_xml) != 0;
  n_values = count_changed_values (self->dataset, fresh_dataset, &units_changed);
  /* Another writer may have sealed the year open (issue 19): it becomes read-only here as
   * if opened sealed. A year is never unsealed. */
  if (!self->sealed && !kh_project_get_sealed (self->project, self->year, &now_sealed, error))
    return FALSE;
  newly_sealed = now_sealed;
  if (!framework_changed && !units_changed && n_values == 0 && !newly_sealed)
    return TRUE;

  modified = self->framework != self->saved_framework;
  if (newly_sealed && modified)
    {
      /* The user's unsaved framework cannot be saved into a sealed year: it is written to
       * a file of its own, and the sealed framework becomes the working one. When that
       * file cannot be written, it stays the working one, shown read-only. */
      kept = keep_unsaved_framework (self, &keep_error);
      if (kept != NULL)
        modified = FALSE;
    }
  if (newly_sealed)
    {
      self->sealed = TRUE;
      /* Every page shows what it shows of a sealed year: the grid's cells, the framework's
       * edit controls, the flags' buttons, undo and redo, the banner. */
      what |= KH_CHANGE_FRAMEWORK | KH_CHANGE_UNDO | KH_CHANGE_RECOMMEND | KH_CHANGE_SPEC
              | KH_CHANGE_SURVEY;
    }
  g_clear_pointer (&self->dataset, kh_dataset_unref);
  self->dataset = kh_dataset_ref (fresh_dataset);
  g_clear_pointer (&self->previous, kh_plan_unref);
  self->previous = g_steal_pointer (&previous);
  g_clear_pointer (&self->saved_framework, kh_framework_unref);
  self->saved_framework = kh_framework_ref (fresh_framework);
  if (modified)
    {
      /* The user's unsaved framework stays the working one (saving it replaces theirs);
       * the plan is of it and the new values. */
      kh_document_compute_plan (self);
    }
  else
    {
      if (framework_changed || kept != NULL)
        {
          /* A framework step would bring back the framework before theirs: the framework's
           * history goes; the values' steps stay (each asks when its cell changed). */
          for (guint i = self->undo_stack->len; i > 0; i--)
            if (((Step *) g_ptr_array_index (self->undo_stack, i - 1))->kind == STEP_FRAMEWORK)
              g_ptr_array_remove_index (self->undo_stack, i - 1);
          for (guint i = self->redo_stack->len; i > 0; i--)
            if (((Step *) g_ptr_array_index (self->redo_stack, i - 1))->kind == STEP_FRAMEWORK)
              g_ptr_array_remove_index (self->redo_stack, i - 1);
          what |= KH_CHANGE_FRAMEWORK | KH_CHANGE_UNDO;
          self->revision++;
        }
      g_clear_pointer (&self->framework, kh_framework_unref);
      self->framework = kh_framework_ref (fresh_framework);
      /* The plan computed from the project is the one kh_document_compute_plan() would
       * make of them. */
      kh_document_take_plan (self, g_steal_pointer (&plan));
    }
  kh_document_emit_changed (self, what);
  if (kept != NULL)
    {
      g_free (self->kept_framework);
      self->kept_framework = g_strdup (kept);
    }
  summary = newly_sealed ? describe_sealed (self, kept != NULL, keep_error)
                         : describe (n_values, framework_changed, units_changed);
  kh_document_emit_refreshed (self, summary);
  return TRUE;
}

gboolean
kh_document_refresh_if_changed (KhDocument *self,
                                GError    **error)
{
  gint64 version;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  version = data_version (self);
  if (version == self->watch_version)
    return FALSE;
  self->watch_version = version;
  return kh_document_refresh (self, error);
}

static gboolean
check_cb (gpointer data)
{
  KhDocument *self = data;
  g_autoptr (GError) error = NULL;

  /* A year loading on a worker reads the project: wait for it. */
  if (self->loads_running > 0)
    return G_SOURCE_CONTINUE;
  self->watch_timeout = 0;
  if (self->watch_notified)
    {
      self->watch_notified = FALSE;
      if (!kh_document_refresh (self, &error))
        g_message ("%s", error->message);
    }
  else if (!kh_document_refresh_if_changed (self, &error) && error != NULL)
    g_message ("%s: %s", kh_project_get_path (self->project), error->message);
  return G_SOURCE_REMOVE;
}

/* Waits for the burst of events (or notifications) a commit makes to end. */
static void
schedule_check (KhDocument *self)
{
  if (self->watch_timeout != 0)
    g_source_remove (self->watch_timeout);
  self->watch_timeout = g_timeout_add (WATCH_DELAY_MS, check_cb, self);
}

static void
file_changed_cb (GFileMonitor     *monitor,
                 GFile            *file,
                 GFile            *other,
                 GFileMonitorEvent event,
                 KhDocument       *self)
{
  if (event != G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    schedule_check (self);
}

static void
db_change_cb (KhDb             *db,
              const KhDbChange *change,
              gpointer          user_data)
{
  KhDocument *self = user_data;

  if (change->table != NULL
      && (change->own
          || (change->year != 0 && change->year != self->year && change->year != self->year - 1)))
    return;
  self->watch_notified = TRUE;
  schedule_check (self);
}

gboolean
kh_document_follow (KhDocument *self,
                    KhDb       *db,
                    GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->watch_listen == NULL, FALSE);

  self->watch_listen = kh_db_listen (db, db_change_cb, self, NULL, error);
  return self->watch_listen != NULL;
}

void
kh_document_watch (KhDocument *self)
{
  const char *path;
  KhDb *store;

  g_return_if_fail (KH_IS_DOCUMENT (self));

  if (self->watch_monitors[0] != NULL || self->watch_listen != NULL)
    return;
  store = kh_project_get_store (self->project);
  if (store != NULL && kh_db_backend (store) == KH_DB_POSTGRESQL)
    {
      g_autoptr (GError) error = NULL;

      if (!kh_document_follow (self, store, &error))
        g_message ("%s: others' changes are not followed: %s", kh_db_name (store),
                   error->message);
      return;
    }
  path = kh_project_get_path (self->project);
  if (path == NULL || kh_project_get_db (self->project) == NULL)
    return;
  self->watch_version = data_version (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->watch_monitors); i++)
    {
      g_autofree char *name = i == 0 ? g_strdup (path) : g_strconcat (path, "-wal", NULL);
      g_autoptr (GFile) file = g_file_new_for_path (name);
      g_autoptr (GError) error = NULL;

      self->watch_monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (self->watch_monitors[i] == NULL)
        {
          g_debug ("%s: not watched: %s", name, error->message);
          continue;
        }
      g_signal_connect (self->watch_monitors[i], "changed", G_CALLBACK (file_changed_cb), self);
    }
}

void
kh_document_unwatch (KhDocument *self)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->watch_monitors); i++)
    if (self->watch_monitors[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->watch_monitors[i], self);
        g_file_monitor_cancel (self->watch_monitors[i]);
        g_clear_object (&self->watch_monitors[i]);
      }
  if (self->watch_listen != NULL)
    {
      g_source_destroy (self->watch_listen);
      g_clear_pointer (&self->watch_listen, g_source_unref);
    }
  g_clear_handle_id (&self->watch_timeout, g_source_remove);
}
