/* kh-project-history.c — every saved version of a year's framework of a category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * framework_versions (schema version 8) holds version 1, 2, … of each year's framework
 * of each category with who saved it, when and from what; kh_project_set_framework()
 * adds one whenever the stored text changes. The frameworks table holds the current one,
 * which is always the latest version. A project of an older schema opened read-only
 * lists its frameworks in place as their version 1 (what the migration would write).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-io-error.h"
#include "kh-project-private.h"

void
kh_framework_version_free (KhFrameworkVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->category);
  g_free (version->saved_by);
  g_free (version->saved_at);
  g_free (version->source);
  g_free (version);
}

/* The rows of framework_versions, or of the frameworks in place for an older schema. */
static const char *
versions_source (KhProject *self)
{
  if (self->version >= KH_PROJECT_HISTORY_VERSION)
    return "SELECT year, category_id, version, xml, saved_by, saved_at, source, audit_seq "
           "FROM framework_versions";
  if (self->version >= KH_PROJECT_WRITER_VERSION)
    return KH_PROJECT_FRAMEWORKS_AS_VERSION_1;
  return KH_PROJECT_FRAMEWORKS_AS_VERSION_1_SEQ ("NULL");
}

GPtrArray *
kh_project_get_framework_versions (KhProject  *self,
                                   int         year,
                                   const char *category,
                                   GError    **error)
{
  g_autoptr (GPtrArray) versions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_version_free);
  g_autofree char *sql = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* v: (year, category_id, version, xml, saved_by, saved_at, source, audit_seq). */
  sql = g_strdup_printf ("SELECT v.year, v.category_id, v.version, v.saved_by, v.saved_at, "
                         "v.source, v.version = (SELECT MAX (w.version) FROM (%s) w "
                         "WHERE w.year = v.year AND w.category_id = v.category_id) "
                         "FROM (%s) v WHERE (? = 0 OR v.year = ?) "
                         "AND (CAST (? AS TEXT) IS NULL OR v.category_id = ?) "
                         "ORDER BY v.year, v.category_id, v.version",
                         versions_source (self), versions_source (self));
  stmt = kh_project_prepare (self, sql, _("reading the framework history"), error);
  if (stmt == NULL)
    return NULL;
  /* Each parameter twice: PostgreSQL's are numbered in order ($1 … $4). */
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_int64 (stmt, 2, year);
  kh_db_bind_text (stmt, 3, category);
  kh_db_bind_text (stmt, 4, category);
  while ((step = kh_project_step (self, stmt, _("reading the framework history"), error))
         == KH_DB_STEP_ROW)
    {
      KhFrameworkVersion *v = g_new0 (KhFrameworkVersion, 1);

      v->year = kh_db_column_int64 (stmt, 0);
      v->category = g_strdup (kh_db_column_text (stmt, 1));
      v->version = kh_db_column_int64 (stmt, 2);
      v->saved_by = g_strdup (kh_db_column_text (stmt, 3));
      v->saved_at = g_strdup (kh_db_column_text (stmt, 4));
      v->source = g_strdup (kh_db_column_text (stmt, 5));
      v->current = kh_db_column_int64 (stmt, 6) != 0;
      g_ptr_array_add (versions, v);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&versions);
}

char *
kh_project_get_framework_version_xml (KhProject  *self,
                                      int         year,
                                      const char *category,
                                      int         version,
                                      GError    **error)
{
  g_autofree char *only = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  char *xml = NULL;
  int latest = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (category == NULL)
    {
      category = only = kh_project_only_category (self, year, error);
      if (category == NULL)
        return NULL;
    }
  sql = g_strdup_printf ("SELECT v.version, v.xml FROM (%s) v WHERE v.year = ? "
                         "AND v.category_id = ? ORDER BY v.version",
                         versions_source (self));
  stmt = kh_project_prepare (self, sql, _("reading the framework history"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text (stmt, 2, category);
  while (kh_db_step (stmt, NULL) == KH_DB_STEP_ROW)
    {
      latest = kh_db_column_int64 (stmt, 0);
      if (latest == version && xml == NULL)
        xml = g_strdup (kh_db_column_text (stmt, 1));
    }
  if (xml != NULL)
    return xml;
  if (latest == 0)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("%s: year %d has no framework for category “%s”"), self->path, year,
                 category);
  else
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("%s: the framework of %d for category “%s” has no version %d (it has "
                   "versions 1 to %d)"),
                 self->path, year, category, version, latest);
  return NULL;
}

gboolean
kh_project_restore_framework_version (KhProject  *self,
                                      int         year,
                                      const char *category,
                                      int         version,
                                      GError    **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  xml = kh_project_get_framework_version_xml (self, year, category, version, error);
  if (xml == NULL)
    return FALSE;
  source = g_strdup_printf (_("restored from version %d"), version);
  return kh_project_set_framework (self, year, xml, strlen (xml), source, error);
}
