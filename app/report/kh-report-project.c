/* kh-report-project.c — a report's data read from a project file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-audit.h"
#include "io/kh-project-compute.h"
#include "kh-report-project.h"

static char *
first_audit_hash (KhProject *project)
{
  sqlite3_stmt *stmt = NULL;
  char *hash = NULL;

  if (sqlite3_prepare_v2 (kh_project_get_db (project), "SELECT hash FROM audit_log ORDER BY seq LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    hash = g_strndup ((const char *) sqlite3_column_text (stmt, 0), 12);
  sqlite3_finalize (stmt);
  return hash;
}

static gboolean
fill_chain (KhReportData *data,
            KhProject    *project,
            GError      **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  if (!kh_audit_verify (kh_project_get_db (project), problems, &seq, &head, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_ptr_array_add (problems, NULL);
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("%s: the audit chain does not verify, no report is made:\n%s"),
                   kh_project_get_path (project), g_strjoinv ("\n", (char **) problems->pdata));
      return FALSE;
    }
  g_free (data->chain_head);
  data->chain_head = g_strdup (head != NULL ? head : KH_AUDIT_GENESIS);
  data->chain_seq = seq;
  return TRUE;
}

KhReportData *
kh_report_data_load (KhProject *project,
                     int        year,
                     int        first_year,
                     GError   **error)
{
  g_autoptr (GArray) all = NULL;
  g_autoptr (GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (first_year > year)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("the first year %d comes after the report year %d"), first_year, year);
      return NULL;
    }

  /* The report year first: it names the groups and units. */
  plan = kh_project_compute (project, year, error);
  if (plan == NULL)
    return NULL;

  all = kh_project_get_years (project);
  for (guint i = 0; i < all->len; i++)
    {
      int y = g_array_index (all, int, i);

      if (y <= year && y >= first_year)
        g_array_append_val (years, y);
    }
  data = kh_report_data_new (year, (int) years->len, (const int *) (gpointer) years->data);
  if (!kh_report_data_add_plan (data, plan, error))
    return NULL;

  for (guint i = 0; i < years->len; i++)
    {
      int y = g_array_index (years, int, i);
      g_autoptr (KhPlan) earlier = NULL;
      g_autofree char *xml = NULL;
      g_autoptr (GError) missing = NULL;

      if (y == year)
        continue;
      /* A year without a framework has no results: its column stays empty. */
      xml = kh_project_get_framework_xml (project, y, &missing);
      if (xml == NULL)
        continue;
      earlier = kh_project_compute (project, y, error);
      if (earlier == NULL || !kh_report_data_add_plan (data, earlier, error))
        return NULL;
    }

  g_free (data->project_name);
  data->project_name = g_path_get_basename (kh_project_get_path (project));
  id = first_audit_hash (project);
  g_free (data->project_id);
  data->project_id = g_strdup (id != NULL ? id : "");
  if (!fill_chain (data, project, error))
    return NULL;
  {
    GError *date_error = NULL;

    kh_report_data_set_date (data, &date_error);
    if (date_error != NULL)
      {
        g_propagate_error (error, date_error);
        return NULL;
      }
  }
  return g_steal_pointer (&data);
}
