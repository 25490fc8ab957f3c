/* kh-document-import.c — importing data into the document: what an import would change
 * (old → new, and who entered the old value), the import itself as one undo step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project stores an import in one audited transaction (kh_project_import_records).
 * Its undo step keeps every value it changed, old and new; undo writes the old values
 * back and redo the new ones, in one transaction, each cell an audited edit based on the
 * value the step left there (kh_project_edit_values()): a cell another writer changed
 * since is a conflict, nothing is written and the window asks (issue 19). A value that
 * did not exist before is cleared again by undo (stored empty).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "kh-document-private.h"

void
kh_value_change_free (KhValueChange *change)
{
  if (change == NULL)
    return;
  g_free (change->unit_id);
  g_free (change->unit_name);
  g_free (change->field);
  g_free (change->old_by);
  g_free (change->old_at);
  g_free (change);
}

static char *
value_key (const char *unit_id,
           const char *field)
{
  return g_strconcat (unit_id, "\x1f", field, NULL);
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* The unit's name as the reader reads it: from the dataset when it is of the category
 * open, else its Chinese name. */
static char *
unit_display_name (KhDocument  *self,
                   KhRecordSet *stored,
                   const char  *unit_id)
{
  guint unit = self->dataset != NULL ? kh_dataset_find_unit (self->dataset, unit_id)
                                     : KH_DATASET_NONE;

  if (unit != KH_DATASET_NONE && kh_dataset_get_unit_name (self->dataset, unit) != NULL)
    return g_strdup (kh_dataset_get_unit_name (self->dataset, unit));
  return g_strdup (g_hash_table_lookup (stored->unit_names, unit_id));
}

GPtrArray *
kh_document_preview_import (KhDocument  *self,
                            KhRecordSet *records,
                            GError     **error)
{
  g_autoptr (KhRecordSet) stored = NULL;
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_change_free);
  GHashTableIter iter;
  gpointer id, name;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stored = kh_project_get_records (self->project, self->year, error);
  if (stored == NULL)
    return NULL;
  for (guint i = 0; i < stored->records->len; i++)
    {
      const KhRecord *r = &g_array_index (stored->records, KhRecord, i);

      g_hash_table_insert (values, value_key (r->unit, r->field), g_memdup2 (&r->value,
                                                                           sizeof r->value));
    }
  g_hash_table_iter_init (&iter, stored->unit_names);
  while (g_hash_table_iter_next (&iter, &id, &name))
    g_hash_table_insert (by_name, name, id);

  for (guint i = 0; i < records->records->len; i++)
    {
      const KhRecord *r = &g_array_index (records->records, KhRecord, i);
      const char *unit_id = g_hash_table_contains (stored->unit_names, r->unit)
                              ? r->unit
                              : g_hash_table_lookup (by_name, r->unit);
      g_autofree char *key = NULL;
      const double *old;
      KhValueChange *change;

      if (unit_id == NULL || (r->year != 0 && r->year != self->year))
        continue;
      key = value_key (unit_id, r->field);
      old = g_hash_table_lookup (values, key);
      if (same_value (old != NULL ? *old : NAN, r->value) || g_hash_table_contains (seen, key))
        continue;
      change = g_new0 (KhValueChange, 1);
      change->unit_id = g_strdup (unit_id);
      change->unit_name = unit_display_name (self, stored, unit_id);
      change->field = g_strdup (r->field);
      change->old_value = old != NULL ? *old : NAN;
      change->new_value = r->value;
      if (old != NULL)
        kh_document_stored_value (self, unit_id, r->field, &change->old_by, &change->old_at);
      g_ptr_array_add (changes, change);
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  return g_steal_pointer (&changes);
}

/* The project holds @changes now (their new values, or the old ones for an undo): so does
 * the dataset shown. Not by reading the year again, which compiles the saved framework
 * and fails on a value it refuses (a grade code typed by hand) after the project has
 * taken the import. Units of other categories are not shown. */
static void
apply_to_dataset (KhDocument *self,
                  GPtrArray  *changes,
                  gboolean    undo)
{
  for (guint i = 0; i < changes->len; i++)
    {
      const KhValueChange *change = g_ptr_array_index (changes, i);
      guint unit = kh_dataset_find_unit (self->dataset, change->unit_id);

      if (unit != KH_DATASET_NONE)
        kh_dataset_set (self->dataset, unit, kh_dataset_add_field (self->dataset, change->field),
                        undo ? change->old_value : change->new_value);
    }
}

gboolean
kh_document_import_records_full (KhDocument  *self,
                                 KhRecordSet *records,
                                 const char  *source_name,
                                 guint       *n_changed,
                                 GError     **error)
{
  g_autoptr (GPtrArray) changes = NULL;
  guint count;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->read_only_login != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("%s: the login “%s” may only read this project: nothing was changed"),
                   kh_project_get_path (self->project), self->read_only_login);
      return FALSE;
    }
  if (self->framework == NULL || self->sealed)
    {
      /* The same refusal as every other edit. */
      if (self->sealed)
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                     _("The year %d is sealed and cannot change"), self->year);
      else
        g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                             _("No year with a framework is open"));
      return FALSE;
    }
  changes = kh_document_preview_import (self, records, error);
  if (changes == NULL
      || !kh_project_import_records (self->project, self->year, records, source_name, error))
    return FALSE;
  /* The year packed for the computations to come, and the year before, which they read
   * too, as `kaohe-cli import` does (a cache: its failure is none; nothing on a server or
   * a file opened to read): here on the main thread, outside any transaction, while no
   * load reads through the same connection (issue 22). */
  if (self->loads_running == 0)
    {
      kh_project_pack_values (self->project, self->year);
      kh_project_pack_values (self->project, self->year - 1);
    }
  count = changes->len;
  apply_to_dataset (self, changes, FALSE);
  if (count > 0)
    {
      Step *step = g_new0 (Step, 1);

      step->kind = STEP_IMPORT;
      step->label = g_strdup_printf (_("Import “%s”"), source_name);
      step->changes = g_steal_pointer (&changes);
      step->source_name = g_strdup (source_name);
      g_ptr_array_add (self->undo_stack, step);
      g_ptr_array_set_size (self->redo_stack, 0);
    }
  if (n_changed != NULL)
    *n_changed = count;
  kh_document_compute_plan (self);
  kh_document_emit_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_import_records (KhDocument  *self,
                            KhRecordSet *records,
                            const char  *source_name,
                            GError     **error)
{
  return kh_document_import_records_full (self, records, source_name, NULL, error);
}

gboolean
kh_document_apply_import (KhDocument *self,
                          Step       *step,
                          gboolean    undo,
                          GPtrArray  *over,
                          gboolean    shown,
                          GPtrArray **conflicts,
                          GError    **error)
{
  guint n = step->changes->len;
  g_autofree KhValueEdit *edits = g_new0 (KhValueEdit, n + 1);
  g_autoptr (GPtrArray) found = NULL;
  GError *local = NULL;

  for (guint i = 0; i < n; i++)
    {
      const KhValueChange *change = g_ptr_array_index (step->changes, i);

      edits[i].year = self->year;
      edits[i].unit = change->unit_id;
      edits[i].field = change->field;
      edits[i].seen = kh_document_overwrite_base (self, over, shown, change->unit_id,
                                                  change->field,
                                                  undo ? change->new_value : change->old_value);
      edits[i].value = undo ? change->old_value : change->new_value;
    }
  if (!kh_project_edit_values (self->project, edits, n, KH_EDIT_RESOLVE_REFUSE, &found, NULL,
                               &local))
    {
      if (g_error_matches (local, KH_IO_ERROR, KH_IO_ERROR_CONFLICT) && found != NULL
          && found->len > 0)
        {
          /* The cells show what they hold now, as after a value's conflict. */
          for (guint i = 0; i < found->len; i++)
            {
              const KhValueConflict *cell = g_ptr_array_index (found, i);
              guint unit = kh_dataset_find_unit (self->dataset, cell->unit_id);

              if (unit != KH_DATASET_NONE)
                kh_dataset_set (self->dataset, unit,
                                kh_dataset_add_field (self->dataset, cell->field),
                                cell->current);
            }
          kh_document_compute_plan (self);
          kh_document_emit_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS);
          if (conflicts != NULL)
            *conflicts = g_steal_pointer (&found);
        }
      g_propagate_error (error, local);
      return FALSE;
    }
  apply_to_dataset (self, step->changes, undo);
  return TRUE;
}
