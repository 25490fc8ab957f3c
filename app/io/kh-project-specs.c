/* kh-project-specs.c — the uncertain inputs declared for a year and category's
 * sensitivity analysis, stored as the spec's key-file text (schema version 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

char *
kh_project_get_sensitivity_spec (KhProject  *self,
                                 int         year,
                                 const char *category,
                                 GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->version < KH_PROJECT_SPECS_VERSION)
    return NULL;
  stmt = kh_project_prepare (self,
                             "SELECT spec FROM sensitivity_specs WHERE year = ? AND "
                             "category_id = ?",
                             _("reading the sensitivity spec"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text (stmt, 2, category);
  if (kh_project_step (self, stmt, _("reading the sensitivity spec"), error) == KH_DB_STEP_ROW)
    return g_strdup (kh_db_column_text (stmt, 0));
  return NULL;
}

typedef struct
{
  int year;
  const char *category;
  const char *text; /* NULL: removed */
  const char *at;
} Spec;

/* The spec stored and audited, in kh_project_transaction(). */
static gboolean
store_spec (KhProject *self,
            gpointer   user_data,
            GError   **error)
{
  const Spec *spec = user_data;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *detail = NULL;

  stmt = kh_project_prepare (self,
                             spec->text != NULL
                               ? "INSERT INTO sensitivity_specs (year, category_id, spec, "
                                 "edited_by, edited_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                                 "(year, category_id) DO UPDATE SET spec = excluded.spec, "
                                 "edited_by = excluded.edited_by, edited_at = excluded.edited_at"
                               : "DELETE FROM sensitivity_specs WHERE year = ? AND category_id = ?",
                             _("storing the sensitivity spec"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, spec->year);
  kh_db_bind_text (stmt, 2, spec->category);
  if (spec->text != NULL)
    {
      kh_db_bind_text (stmt, 3, spec->text);
      kh_db_bind_text (stmt, 4, self->user);
      kh_db_bind_text (stmt, 5, spec->at);
    }
  if (!kh_project_run (self, stmt, _("storing the sensitivity spec"), error))
    return FALSE;
  sha = spec->text != NULL ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, spec->text, -1)
                           : g_strdup ("");
  detail = g_strdup_printf ("category=%s\nsha256=%s", spec->category, sha);
  return kh_project_audit_append (self, "sensitivity-spec", spec->year, detail, NULL, error);
}

gboolean
kh_project_set_sensitivity_spec (KhProject  *self,
                                 int         year,
                                 const char *category,
                                 const char *text,
                                 GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *framework = NULL;
  GError *local_error = NULL;
  Spec spec = { year, category, NULL, at };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text != NULL)
    {
      g_autofree char *blank = g_strstrip (g_strdup (text));

      if (blank[0] != '\0')
        wanted = g_strdup (text);
    }
  if (wanted != NULL && !g_utf8_validate (wanted, -1, NULL))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("the sensitivity spec of %d “%s” is not valid UTF-8"), year, category);
      return FALSE;
    }
  framework = kh_project_get_category_framework_xml (self, year, category, &local_error);
  if (framework == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                     _("%d has no framework of the category “%s”"), year, category);
      return FALSE;
    }
  old = kh_project_get_sensitivity_spec (self, year, category, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (old, wanted) == 0)
    return TRUE;
  spec.text = wanted;

  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_spec, &spec, error);
}
