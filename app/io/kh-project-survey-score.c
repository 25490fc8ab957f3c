/* kh-project-survey-score.c — a survey's scores written into its field, also together
 * with an exclusion in one transaction (kh-project-survey.h; kh-project-survey.c was to
 * pass 800 lines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"
#include "kh-project-survey.h"

static const char upsert_sql[] =
  "INSERT INTO data_values (year, unit_id, field, value, source_file, source_row, "
  "source_column, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?) "
  "ON CONFLICT (year, unit_id, field) DO UPDATE SET value = excluded.value, "
  "source_file = excluded.source_file, source_row = NULL, source_column = NULL, "
  "edited_by = excluded.edited_by, edited_at = excluded.edited_at";

/* Scores the stored sheet into the survey's field inside the caller's transaction. */
static gboolean
store_scores_locked (KhProject       *self,
                     int              year,
                     const char      *category,
                     KhSurveyScores **out_scores,
                     GError         **error)
{
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyScores) scores = NULL;
  g_autoptr (GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *at = kh_audit_now ();
  g_autofree char *source = NULL;
  g_autofree char *detail = NULL;
  const KhSurvey *survey;
  sqlite3_stmt *stmt = NULL;
  guint n_missing = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (kh_project_is_sealed (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("%s: year %d is sealed: its survey cannot change"), self->path, year);
      return FALSE;
    }
  sheet = kh_project_load_survey_sheet (self, year, category, error);
  if (sheet == NULL)
    return FALSE;
  survey = kh_survey_sheet_get_survey (sheet);
  scores = kh_survey_score (sheet);
  source = g_strdup_printf ("survey %s", survey->id);

  if (sqlite3_prepare_v2 (self->db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("storing the survey's scores"), error);
      goto out;
    }
  for (guint u = 0; u < scores->n_units; u++)
    {
      double score = scores->scores[u];
      g_autofree char *text = kh_project_format_double (score);
      g_autofree char *line = g_strdup_printf ("%s\t%s\n", (char *) sheet->units->pdata[u], text);

      g_checksum_update (digest, (const guchar *) line, strlen (line));
      n_missing += isnan (score);
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, sheet->units->pdata[u], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, survey->field, -1, SQLITE_STATIC);
      if (isnan (score))
        sqlite3_bind_null (stmt, 4);
      else
        sqlite3_bind_double (stmt, 4, score);
      sqlite3_bind_text (stmt, 5, source, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, self->user, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, at, -1, SQLITE_STATIC);
      if (!kh_project_step_done (self, stmt, _("storing the survey's scores"), error))
        goto out;
    }
  detail = g_strdup_printf ("survey=%s\nfield=%s\nunits=%u\nmissing=%u\nsha256=%s", survey->id,
                            survey->field, scores->n_units, n_missing,
                            g_checksum_get_string (digest));
  ok = kh_audit_append (self->db, self->user, "survey-score", year, detail, error);
  if (ok && out_scores != NULL)
    *out_scores = g_steal_pointer (&scores);

out:
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
kh_project_store_survey_scores (KhProject       *self,
                                int              year,
                                const char      *category,
                                KhSurveyScores **out_scores,
                                GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!kh_project_begin (self, error))
    return FALSE;
  if (store_scores_locked (self, year, category, out_scores, error)
      && kh_project_commit (self, error))
    return TRUE;
  kh_project_rollback (self);
  return FALSE;
}

gboolean
kh_project_survey_exclude_and_score (KhProject       *self,
                                     int              year,
                                     const char      *category,
                                     const char      *rater,
                                     gboolean         exclude,
                                     const char      *reason,
                                     char           **rater_out,
                                     KhSurveyScores **out_scores,
                                     GError         **error)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (self != NULL && rater != NULL, FALSE);

  if (!kh_project_begin (self, error))
    return FALSE;
  if (kh_project_survey_exclude_locked (self, year, category, rater, exclude, reason, &found, error)
      && store_scores_locked (self, year, category, out_scores, error)
      && kh_project_commit (self, error))
    {
      if (rater_out != NULL)
        *rater_out = g_steal_pointer (&found);
      return TRUE;
    }
  kh_project_rollback (self);
  if (out_scores != NULL)
    g_clear_pointer (out_scores, kh_survey_scores_free);
  return FALSE;
}
