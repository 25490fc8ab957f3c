/* kh-project-submissions.c — submission tracking: which provider delivered which fields
 * for which units, and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a year asks is what its templates ask (kh_project_template_gather(): every field a
 * provider reports, for every unit it applies to; the inputs of bonuses, deductions and
 * constraints are claims, not reports, and are left out). What was delivered is in the
 * values' provenance, which every import and edit writes with its audit row (data_values:
 * source_file, edited_by, edited_at): a cell is delivered when it has a stored row —
 * filled when that holds a value, else delivered as missing (a provider's “n/a”) — and
 * the row's file and time say from what and when. No table of its own: the provenance is
 * the record, kept and sealed with the values.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-project-template-private.h"

void
kh_submission_free (KhSubmission *cell)
{
  if (cell == NULL)
    return;
  g_free (cell->provider);
  g_free (cell->unit_id);
  g_free (cell->field);
  g_free (cell->file);
  g_free (cell->at);
  g_free (cell);
}

void
kh_provider_status_free (KhProviderStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->provider);
  g_free (status->last_at);
  g_ptr_array_unref (status->files);
  g_free (status);
}

void
kh_unit_status_free (KhUnitStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->unit_id);
  g_free (status->name);
  g_free (status->category);
  g_ptr_array_unref (status->missing);
  g_free (status);
}

void
kh_submissions_free (KhSubmissions *s)
{
  if (s == NULL)
    return;
  g_ptr_array_unref (s->cells);
  g_ptr_array_unref (s->providers);
  g_ptr_array_unref (s->units);
  g_free (s);
}

typedef struct
{
  gboolean filled;
  char *file;
  char *at;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->file);
  g_free (stored->at);
  g_free (stored);
}

/* The stored rows of @year: "unit \x1f field" → Stored. */
static GHashTable *
load_stored (KhProject *self,
             int        year,
             GError   **error)
{
  g_autoptr (GHashTable) out =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stored_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT unit_id, field, value IS NOT NULL, source_file, edited_at "
                             "FROM data_values WHERE year = ?",
                             _("reading values"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading values"), error)) == KH_DB_STEP_ROW)
    {
      Stored *stored = g_new0 (Stored, 1);

      stored->filled = kh_db_column_int64 (stmt, 2) != 0;
      stored->file = g_strdup (kh_db_column_text (stmt, 3));
      stored->at = g_strdup (kh_db_column_text (stmt, 4));
      g_hash_table_replace (out,
                            g_strconcat (kh_db_column_text (stmt, 0), "\x1f",
                                         kh_db_column_text (stmt, 1), NULL),
                            stored);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static gint
compare_providers (gconstpointer a,
                   gconstpointer b)
{
  const KhProviderStatus *x = *(KhProviderStatus *const *) a;
  const KhProviderStatus *y = *(KhProviderStatus *const *) b;

  return g_strcmp0 (x->provider, y->provider);
}

static void
add_sorted_once (GPtrArray  *list,
                 const char *text)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (list->pdata[i], text) == 0)
      return;
  g_ptr_array_add (list, g_strdup (text));
  g_ptr_array_sort (list, compare_strings);
}

KhSubmissions *
kh_project_get_submissions (KhProject *self,
                            int        year,
                            GError   **error)
{
  g_autoptr (GPtrArray) columns =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_template_column_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_unref);
  g_autoptr (GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_year_free);
  g_autoptr (GHashTable) stored = NULL;
  g_autoptr (GHashTable) by_provider = g_hash_table_new (g_str_hash, g_str_equal);
  KhSubmissions *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kh_project_template_gather (self, year, NULL, TRUE, columns, by_id, frameworks, units,
                                   error))
    return NULL;
  stored = load_stored (self, year, error);
  if (stored == NULL)
    return NULL;

  out = g_new0 (KhSubmissions, 1);
  out->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_submission_free);
  out->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_provider_status_free);
  out->units = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_status_free);
  for (guint j = 0; j < columns->len; j++)
    {
      const KhTemplateColumn *col = columns->pdata[j];
      const char *provider = col->source != NULL ? col->source : "";
      KhProviderStatus *p = g_hash_table_lookup (by_provider, provider);

      if (p == NULL)
        {
          p = g_new0 (KhProviderStatus, 1);
          p->provider = g_strdup (provider);
          p->files = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (out->providers, p);
          g_hash_table_insert (by_provider, p->provider, p);
        }
      p->n_fields++;
    }
  for (guint i = 0; i < units->len; i++)
    {
      const KhUnitYear *unit = units->pdata[i];
      KhUnitStatus *u = g_new0 (KhUnitStatus, 1);

      u->unit_id = g_strdup (unit->id);
      u->name = g_strdup (unit->name_zh);
      u->category = g_strdup (unit->category_id);
      u->missing = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (out->units, u);
      for (guint j = 0; j < columns->len; j++)
        {
          const KhTemplateColumn *col = columns->pdata[j];
          g_autofree char *key = NULL;
          KhProviderStatus *p;
          KhSubmission *cell;
          const Stored *s;

          if (!kh_template_column_applies (col, unit))
            continue;
          p = g_hash_table_lookup (by_provider, col->source != NULL ? col->source : "");
          key = g_strconcat (unit->id, "\x1f", col->id, NULL);
          s = g_hash_table_lookup (stored, key);
          cell = g_new0 (KhSubmission, 1);
          cell->provider = g_strdup (p->provider);
          cell->unit_id = g_strdup (unit->id);
          cell->field = g_strdup (col->id);
          cell->state = s == NULL ? KH_SUBMISSION_NOT_DELIVERED
                        : s->filled ? KH_SUBMISSION_FILLED
                                    : KH_SUBMISSION_MISSING;
          if (s != NULL)
            {
              cell->file = g_strdup (s->file);
              cell->at = g_strdup (s->at);
            }
          g_ptr_array_add (out->cells, cell);

          p->expected++;
          u->expected++;
          if (s != NULL)
            {
              p->delivered++;
              if (s->file != NULL)
                add_sorted_once (p->files, s->file);
              if (s->at != NULL && g_strcmp0 (s->at, p->last_at) > 0)
                {
                  g_free (p->last_at);
                  p->last_at = g_strdup (s->at);
                }
            }
          if (s != NULL && s->filled)
            {
              p->filled++;
              u->filled++;
            }
          else
            add_sorted_once (u->missing, p->provider);
        }
    }
  g_ptr_array_sort (out->providers, compare_providers);
  return out;
}
