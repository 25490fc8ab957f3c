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
  g_autoptr (KhDbStmt) stmt = NULL;
  guint n_missing = 0;
  gboolean sealed;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!kh_project_get_sealed (self, year, &sealed, error))
    return FALSE;
  if (sealed)
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

  stmt = kh_project_prepare (self, upsert_sql, _("storing the survey's scores"), error);
  if (stmt == NULL)
    return FALSE;
  for (guint u = 0; u < scores->n_units; u++)
    {
      double score = scores->scores[u];
      g_autofree char *text = kh_project_format_double (score);
      g_autofree char *line = g_strdup_printf ("%s\t%s\n", (char *) sheet->units->pdata[u], text);

      g_checksum_update (digest, (const guchar *) line, strlen (line));
      n_missing += isnan (score);
      kh_db_bind_int64 (stmt, 1, year);
      kh_db_bind_text_static (stmt, 2, sheet->units->pdata[u]);
      kh_db_bind_text_static (stmt, 3, survey->field);
      if (isnan (score))
        kh_db_bind_null (stmt, 4);
      else
        kh_db_bind_double (stmt, 4, score);
      kh_db_bind_text_static (stmt, 5, source);
      kh_db_bind_text_static (stmt, 6, self->user);
      kh_db_bind_text_static (stmt, 7, at);
      if (!kh_project_run (self, stmt, _("storing the survey's scores"), error))
        return FALSE;
    }
  detail = g_strdup_printf ("survey=%s\nfield=%s\nunits=%u\nmissing=%u\nsha256=%s", survey->id,
                            survey->field, scores->n_units, n_missing,
                            g_checksum_get_string (digest));
  ok = kh_project_audit_append (self, "survey-score", year, detail, NULL, error);
  if (ok && out_scores != NULL)
    *out_scores = g_steal_pointer (&scores);
  return ok;
}

/* The scores stored (after an exclusion, when @rater is not NULL), in
 * kh_project_transaction(): what an attempt gave is dropped before the next. */
typedef struct
{
  int year;
  const char *category;
  const char *rater; /* NULL: no exclusion */
  gboolean exclude;
  const char *reason;
  char *found;
  KhSurveyScores *scores;
} StoreScores;

static gboolean
store_scores_cb (KhProject *self,
                 gpointer   user_data,
                 GError   **error)
{
  StoreScores *t = user_data;

  g_clear_pointer (&t->found, g_free);
  g_clear_pointer (&t->scores, kh_survey_scores_free);
  if (!kh_project_survey_check_whole (self, error))
    return FALSE;
  return (t->rater == NULL
          || kh_project_survey_exclude_locked (self, t->year, t->category, t->rater, t->exclude,
                                               t->reason, &t->found, error))
         && store_scores_locked (self, t->year, t->category, &t->scores, error);
}

/* Runs @t in kh_project_transaction(), then hands out what its last attempt gave (nothing
 * when it failed). */
static gboolean
store_scores_transaction (KhProject       *self,
                          StoreScores     *t,
                          char           **rater_out,
                          KhSurveyScores **out_scores,
                          GError         **error)
{
  /* On PostgreSQL run again when another change was saved first. */
  gboolean ok = kh_project_transaction (self, store_scores_cb, t, error);

  if (ok && rater_out != NULL)
    *rater_out = g_steal_pointer (&t->found);
  if (ok && out_scores != NULL)
    *out_scores = g_steal_pointer (&t->scores);
  g_clear_pointer (&t->found, g_free);
  g_clear_pointer (&t->scores, kh_survey_scores_free);
  return ok;
}

gboolean
kh_project_store_survey_scores (KhProject       *self,
                                int              year,
                                const char      *category,
                                KhSurveyScores **out_scores,
                                GError         **error)
{
  StoreScores t = { year, category, NULL, FALSE, NULL, NULL, NULL };

  g_return_val_if_fail (self != NULL, FALSE);

  return store_scores_transaction (self, &t, NULL, out_scores, error);
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
  StoreScores t = { year, category, rater, exclude, reason, NULL, NULL };

  g_return_val_if_fail (self != NULL && rater != NULL, FALSE);

  return store_scores_transaction (self, &t, rater_out, out_scores, error);
}
