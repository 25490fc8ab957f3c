/* kh-project-survey.c — satisfaction surveys in a project: the raters' answers (raters as
 * salted hashes only), exclusions with a reason, and the scores written into the survey's
 * field (kh-project-survey.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"
#include "kh-project-survey.h"

/* A project read as it is (read-only) may be older than the survey tables. */
static gboolean
check_version (KhProject *self,
               GError   **error)
{
  if (self->version >= KH_PROJECT_SURVEY_VERSION)
    return TRUE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
               _("%s: the project predates surveys; open it for writing once to upgrade it"),
               self->path);
  return FALSE;
}

static gboolean
check_not_sealed (KhProject *self,
                  int        year,
                  GError   **error)
{
  gboolean sealed;

  if (!kh_project_get_sealed (self, year, &sealed, error))
    return FALSE;
  if (!sealed)
    return TRUE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
               _("%s: year %d is sealed: its survey cannot change"), self->path, year);
  return FALSE;
}

/* The project's salt (64 hex digits). A project gets it with its first sheet: with
 * @create, a new random one is returned (*created TRUE) for the caller to store with
 * store_salt() in the import's transaction; without, NULL and an error. */
static char *
read_salt (KhProject *self,
           gboolean   create,
           gboolean  *created,
           GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (KhDbStmt) random = NULL;
  g_autofree char *salt = NULL;
  GError *local = NULL;

  if (created != NULL)
    *created = FALSE;
  if (!check_version (self, error))
    return NULL;
  stmt = kh_project_prepare (self, "SELECT salt FROM survey_salt WHERE id = 1",
                             _("reading the survey salt"), error);
  if (stmt == NULL)
    return NULL;
  /* An error is the caller's: on PostgreSQL a conflict here is run again. */
  switch (kh_db_step (stmt, &local))
    {
    case KH_DB_STEP_ROW:
      salt = g_strdup (kh_db_column_text (stmt, 0));
      break;
    case KH_DB_STEP_DONE:
      break;
    case KH_DB_STEP_ERROR:
    default:
      /* On a server the administrator alone reads the salt (kh-db-server.h). */
      if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                       _("%s: only the project's administrator (kaohe_admin) may read the "
                         "survey's salt, which importing a sheet and hashing a rater take: "
                         "ask them"),
                       self->path);
          g_error_free (local);
          return NULL;
        }
      kh_project_db_error (self, _("reading the survey salt"), local, error);
      return NULL;
    }
  kh_db_stmt_reset (stmt);
  if (salt == NULL && create && kh_db_backend (self->store) == KH_DB_POSTGRESQL)
    {
      /* libsodium's generator (the system's randomness): PostgreSQL has no randomblob. */
      guint8 bytes[32];

      /* Idempotent; it fails only without a source of randomness. */
      if (sodium_init () < 0)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                       _("%s: no source of randomness for the survey salt"), self->path);
          return NULL;
        }
      randombytes_buf (bytes, sizeof bytes);
      salt = g_malloc (2 * sizeof bytes + 1);
      sodium_bin2hex (salt, 2 * sizeof bytes + 1, bytes, sizeof bytes);
      if (created != NULL)
        *created = TRUE;
    }
  else if (salt == NULL && create)
    {
      /* SQLite's generator, seeded from the system's randomness. */
      random = kh_project_prepare (self, "SELECT lower (hex (randomblob (32)))",
                                   _("reading the survey salt"), error);
      if (random == NULL)
        return NULL;
      if (kh_project_step (self, random, _("reading the survey salt"), error) != KH_DB_STEP_ROW)
        {
          if (error != NULL && *error == NULL)
            kh_project_db_error (self, _("reading the survey salt"), NULL, error);
          return NULL;
        }
      salt = g_strdup (kh_db_column_text (random, 0));
      if (created != NULL)
        *created = TRUE;
    }
  if (salt == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the project holds no survey sheet yet"), self->path);
      return NULL;
    }
  if (strlen (salt) != 64)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_CORRUPT,
                   _("%s: the survey salt is damaged (the database was changed outside "
                     "Kaohe)"),
                   self->path);
      return NULL;
    }
  return g_steal_pointer (&salt);
}

static char *
hash_rater (const char *salt,
            const char *identity)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (identity));

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt),
                                    trimmed, -1);
}

char *
kh_project_survey_rater_hash (KhProject  *self,
                              const char *identity,
                              GError    **error)
{
  g_autofree char *salt = NULL;

  g_return_val_if_fail (self != NULL && identity != NULL, NULL);

  salt = read_salt (self, FALSE, NULL, error);
  return salt != NULL ? hash_rater (salt, identity) : NULL;
}

char *
kh_project_survey_category (KhProject  *self,
                            int         year,
                            const char *category,
                            GError    **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);
  g_autoptr (GPtrArray) with_survey = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < categories->len; i++)
    {
      g_autoptr (KhFramework) fw = NULL;

      if (category != NULL && strcmp (category, categories->pdata[i]) != 0)
        continue;
      fw = kh_project_load_framework (self, year, categories->pdata[i], error);
      if (fw == NULL)
        return NULL;
      if (fw->survey != NULL)
        g_ptr_array_add (with_survey, g_strdup (categories->pdata[i]));
    }
  if (with_survey->len == 1)
    return g_strdup (with_survey->pdata[0]);
  if (with_survey->len == 0 && category != NULL)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("%s: the %d framework of category “%s” declares no survey"), self->path,
                 year, category);
  else if (with_survey->len == 0)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                 _("%s: no framework of %d declares a survey"), self->path, year);
  else
    {
      g_ptr_array_add (with_survey, NULL);
      joined = g_strjoinv (", ", (char **) with_survey->pdata);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: several frameworks of %d declare a survey (%s): name the category"),
                   self->path, year, joined);
    }
  return NULL;
}

/* --- import ------------------------------------------------------------------------- */

enum { COL_RATER, COL_CLASS, COL_UNIT, COL_ITEM, COL_SCORE, COL_TIME, N_COLS };

static const char *const column_names[N_COLS] = { "rater", "class", "unit", "item", "score",
                                                  "time" };

/* One checked answer, ready to store. */
typedef struct
{
  char *rater; /* hash */
  const char *klass; /* in the framework */
  char *unit;
  const char *item;  /* in the framework */
  char *answer;
  char *time;
  guint row;
} Answer;

static void
answer_clear (gpointer data)
{
  Answer *a = data;

  g_free (a->rater);
  g_free (a->unit);
  g_free (a->answer);
  g_free (a->time);
}

static const char *
cell (KhCsvTable *table,
      guint       row,
      int         column)
{
  if (column < 0)
    return "";
  return kh_csv_table_cell (table, row, (guint) column);
}

/* Column index per name (-1: absent); FALSE with problems when a required one is absent
 * or one appears twice. */
static gboolean
read_header (KhCsvTable *table,
             const char *name,
             guint       row,
             int        *columns,
             GString    *problems)
{
  gboolean ok = TRUE;

  for (int c = 0; c < N_COLS; c++)
    columns[c] = -1;
  for (guint i = 0; i < kh_csv_table_width (table, 0); i++)
    {
      g_autofree char *text = g_strstrip (g_utf8_strdown (kh_csv_table_cell (table, 0, i), -1));

      for (int c = 0; c < N_COLS; c++)
        if (strcmp (text, column_names[c]) == 0)
          {
            if (columns[c] >= 0)
              {
                kh_problem_at (problems, name, row, i + 1, _("a second column “%s”"),
                               column_names[c]);
                ok = FALSE;
              }
            columns[c] = (int) i;
          }
    }
  for (int c = 0; c < COL_TIME; c++)
    if (columns[c] < 0)
      {
        kh_problem_at (problems, name, 0, 0,
                       _("no column “%s” (the header needs rater, class, unit, item and score; "
                         "time is optional)"),
                       column_names[c]);
        ok = FALSE;
      }
  return ok;
}

static gboolean
check_sheet (KhProject   *self,
             int          year,
             const char  *category,
             KhFramework *fw,
             KhCsvTable  *table,
             const char  *name,
             const char  *salt,
             GArray      *answers,
             GError     **error)
{
  const KhSurvey *survey = fw->survey;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) rater_class = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) problems = g_string_new (NULL);
  int columns[N_COLS];
  guint header_row;

  if (kh_csv_table_n_rows (table) == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: the sheet is empty"), name);
      return FALSE;
    }
  header_row = kh_csv_table_line (table, 0);
  if (!read_header (table, name, header_row, columns, problems))
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }
  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return FALSE;

  for (guint i = 1; i < kh_csv_table_n_rows (table); i++)
    {
      guint r = kh_csv_table_line (table, i);
      g_autofree char *rater = g_strstrip (g_strdup (cell (table, i, columns[COL_RATER])));
      g_autofree char *klass = g_strstrip (g_strdup (cell (table, i, columns[COL_CLASS])));
      g_autofree char *unit_key = g_strstrip (g_strdup (cell (table, i, columns[COL_UNIT])));
      g_autofree char *item = g_strstrip (g_strdup (cell (table, i, columns[COL_ITEM])));
      g_autofree char *score = g_strstrip (g_strdup (cell (table, i, columns[COL_SCORE])));
      g_autofree char *time = g_strstrip (g_strdup (cell (table, i, columns[COL_TIME])));
      g_autofree char *hash = NULL;
      g_autofree char *problem = NULL;
      const KhUnitInfo *unit = NULL;
      const KhSurveyClass *c = NULL;
      const KhSurveyItem *it = NULL;
      int ci, ii;
      double value;
      Answer a = { 0 };

      if (*rater == '\0')
        kh_problem_at (problems, name, r, columns[COL_RATER] + 1, "%s", _("no rater"));
      else
        hash = hash_rater (salt, rater);
      ci = kh_survey_find_class (survey, klass);
      if (ci < 0)
        kh_problem_at (problems, name, r, columns[COL_CLASS] + 1,
                       _("“%s” is no rater class of survey “%s”"), klass, survey->id);
      else
        c = g_ptr_array_index (survey->classes, ci);
      unit = kh_project_resolve_unit (units, unit_key, year, &problem);
      if (unit == NULL)
        kh_problem_at (problems, name, r, columns[COL_UNIT] + 1, "%s", problem);
      else if (g_strcmp0 (unit->category_id, category) != 0)
        {
          kh_problem_at (problems, name, r, columns[COL_UNIT] + 1,
                         _("unit “%s” is in category “%s”, not in the survey's “%s”"),
                         unit_key, unit->category_id, category);
          unit = NULL;
        }
      ii = kh_survey_find_item (survey, item);
      if (ii < 0)
        kh_problem_at (problems, name, r, columns[COL_ITEM] + 1,
                       _("“%s” is no item of survey “%s”"), item, survey->id);
      else
        {
          g_autofree char *bad = NULL;

          it = g_ptr_array_index (survey->items, ii);
          if (!kh_survey_scale_read (kh_survey_find_scale (survey, it->scale), score, &value,
                                     &bad))
            kh_problem_at (problems, name, r, columns[COL_SCORE] + 1, "%s", bad);
        }
      if (c != NULL && unit != NULL && !kh_survey_class_rates (c, unit->id, unit->group_id))
        kh_problem_at (problems, name, r, columns[COL_UNIT] + 1,
                       _("the class “%s” does not rate unit “%s”"), c->id, unit->id);
      if (hash != NULL && c != NULL)
        {
          const char *first = g_hash_table_lookup (rater_class, hash);

          if (first == NULL)
            g_hash_table_insert (rater_class, g_strdup (hash),
                                 g_strdup_printf ("%s\x1F%u", c->id, r));
          else if (!g_str_has_prefix (first, c->id) || first[strlen (c->id)] != '\x1F')
            {
              g_autofree char *first_class = g_strndup (first, strcspn (first, "\x1F"));

              kh_problem_at (problems, name, r, columns[COL_CLASS] + 1,
                             _("the rater answers as “%s” here but as “%s” at row %s"), c->id,
                             first_class, strchr (first, '\x1F') + 1);
            }
        }
      if (hash != NULL && unit != NULL && it != NULL)
        {
          g_autofree char *key = g_strdup_printf ("%s\x1F%s\x1F%s", hash, unit->id, it->id);
          gpointer first = g_hash_table_lookup (seen, key);

          if (first != NULL)
            kh_problem_at (problems, name, r, columns[COL_ITEM] + 1,
                           _("a second answer of the rater to item “%s” on unit “%s” (the "
                             "first is at row %u)"),
                           it->id, unit->id, GPOINTER_TO_UINT (first));
          else
            g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (r));
        }
      if (problems->len > 0)
        continue;
      a.rater = g_steal_pointer (&hash);
      a.klass = c->id;
      a.unit = g_strdup (unit->id);
      a.item = it->id;
      a.answer = g_steal_pointer (&score);
      a.time = *time != '\0' ? g_steal_pointer (&time) : NULL;
      a.row = r;
      g_array_append_val (answers, a);
    }
  if (problems->len == 0 && answers->len == 0)
    kh_problem_at (problems, name, 0, 0, "%s", _("the sheet has no answers"));
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }
  return TRUE;
}

static const char insert_sql[] =
  "INSERT INTO survey_responses (year, category_id, rater, class_id, unit_id, item_id, "
  "answer, answered_at, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

typedef struct
{
  int year;
  const char *category;
  KhFramework *fw;
  KhCsvTable *table;
  const char *source_name;
  guint n_raters;  /* what the attempt that was saved stored */
  guint n_answers;
} SurveyImport;

/* The sheet checked and stored with its audit row, in kh_project_transaction(): each
 * attempt reads the salt again (or makes it, when none is stored) and hashes the raters
 * with it, so that an attempt run again after another import saved a salt first uses the
 * stored one. */
static gboolean
import_survey_cb (KhProject *self,
                  gpointer   user_data,
                  GError   **error)
{
  SurveyImport *im = user_data;
  g_autoptr (GArray) answers = g_array_new (FALSE, FALSE, sizeof (Answer));
  g_autoptr (GHashTable) raters = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *detail = NULL;
  g_autofree char *salt = NULL;
  gboolean new_salt = FALSE;
  g_autoptr (KhDbStmt) del = NULL;
  g_autoptr (KhDbStmt) ins = NULL;
  g_autoptr (KhDbStmt) keep = NULL;

  g_array_set_clear_func (answers, answer_clear);
  salt = read_salt (self, TRUE, &new_salt, error);
  if (salt == NULL
      || !check_sheet (self, im->year, im->category, im->fw, im->table, im->source_name, salt,
                       answers, error))
    return FALSE;
  del = kh_project_prepare (self, "DELETE FROM survey_responses WHERE year = ? AND category_id = ?",
                            _("storing the survey"), error);
  ins = del != NULL ? kh_project_prepare (self, insert_sql, _("storing the survey"), error) : NULL;
  if (ins == NULL)
    return FALSE;
  if (new_salt)
    {
      keep = kh_project_prepare (self, "INSERT INTO survey_salt (id, salt) VALUES (1, ?)",
                                 _("storing the survey"), error);
      if (keep == NULL)
        return FALSE;
      kh_db_bind_text_static (keep, 1, salt);
      if (!kh_project_run (self, keep, _("storing the survey"), error))
        return FALSE;
    }
  kh_db_bind_int64 (del, 1, im->year);
  kh_db_bind_text_static (del, 2, im->category);
  if (!kh_project_run (self, del, _("storing the survey"), error))
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      const Answer *a = &g_array_index (answers, Answer, i);
      g_autofree char *line = g_strdup_printf ("%s\t%s\t%s\t%s\t%s\t%s\n", a->rater, a->klass,
                                               a->unit, a->item, a->answer,
                                               a->time != NULL ? a->time : "");

      g_checksum_update (digest, (const guchar *) line, strlen (line));
      g_hash_table_add (raters, a->rater);
      kh_db_bind_int64 (ins, 1, im->year);
      kh_db_bind_text_static (ins, 2, im->category);
      kh_db_bind_text_static (ins, 3, a->rater);
      kh_db_bind_text_static (ins, 4, a->klass);
      kh_db_bind_text_static (ins, 5, a->unit);
      kh_db_bind_text_static (ins, 6, a->item);
      kh_db_bind_text_static (ins, 7, a->answer);
      if (a->time == NULL || *a->time == '\0')
        kh_db_bind_null (ins, 8);
      else
        kh_db_bind_text_static (ins, 8, a->time);
      kh_db_bind_text_static (ins, 9, im->source_name);
      kh_db_bind_int64 (ins, 10, (int) a->row);
      if (!kh_project_run (self, ins, _("storing the survey"), error))
        return FALSE;
    }
  detail = g_strdup_printf ("survey=%s\ncategory=%s\nfile=%s\nraters=%u\nanswers=%u\nsha256=%s",
                            im->fw->survey->id, im->category, im->source_name,
                            g_hash_table_size (raters), answers->len,
                            g_checksum_get_string (digest));
  if (!kh_project_audit_append (self, "survey-import", im->year, detail, NULL, error))
    return FALSE;
  im->n_raters = g_hash_table_size (raters);
  im->n_answers = answers->len;
  return TRUE;
}

gboolean
kh_project_import_survey (KhProject  *self,
                          int         year,
                          const char *category,
                          KhCsvTable *table,
                          const char *source_name,
                          guint      *n_raters,
                          guint      *n_answers,
                          GError    **error)
{
  g_autofree char *cat = NULL;
  g_autoptr (KhFramework) fw = NULL;
  SurveyImport im = { year, NULL, NULL, table, source_name, 0, 0 };

  g_return_val_if_fail (self != NULL && table != NULL && source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_version (self, error) || !check_not_sealed (self, year, error))
    return FALSE;
  cat = kh_project_survey_category (self, year, category, error);
  if (cat == NULL)
    return FALSE;
  fw = kh_project_load_framework (self, year, cat, error);
  if (fw == NULL)
    return FALSE;
  im.category = cat;
  im.fw = fw;
  /* On PostgreSQL run again when another change was saved first. */
  if (!kh_project_transaction (self, import_survey_cb, &im, error))
    return FALSE;
  if (n_raters != NULL)
    *n_raters = im.n_raters;
  if (n_answers != NULL)
    *n_answers = im.n_answers;
  return TRUE;
}

/* --- the stored sheet ---------------------------------------------------------------- */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

KhSurveySheet *
kh_project_load_survey_sheet (KhProject  *self,
                              int         year,
                              const char *category,
                              GError    **error)
{
  g_autofree char *cat = NULL;
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (GHashTable) raters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) problems = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (KhDbStmt) excluded = NULL;
  const KhSurvey *survey;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_version (self, error))
    return NULL;
  cat = kh_project_survey_category (self, year, category, error);
  if (cat == NULL)
    return NULL;
  fw = kh_project_load_framework (self, year, cat, error);
  units = fw != NULL ? kh_project_load_units (self, year, error) : NULL;
  if (units == NULL)
    return NULL;
  survey = fw->survey;
  sheet = kh_survey_sheet_new (fw);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const KhUnitInfo *u = value;

      if (g_strcmp0 (u->category_id, cat) == 0 && u->exists)
        g_ptr_array_add (ids, u->id);
    }
  g_ptr_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    {
      const KhUnitInfo *u = g_hash_table_lookup (units, ids->pdata[i]);

      kh_survey_sheet_add_unit (sheet, u->id, u->group_id);
    }

  stmt = kh_project_prepare (self,
                             "SELECT rater, class_id, unit_id, item_id, answer, source_file, "
                             "source_row FROM survey_responses WHERE year = ? AND category_id = ? "
                             "ORDER BY rater, unit_id, item_id",
                             _("reading the survey"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text_static (stmt, 2, cat);
  while ((step = kh_project_step (self, stmt, _("reading the survey"), error)) == KH_DB_STEP_ROW)
    {
      const char *rater = kh_db_column_text (stmt, 0);
      const char *klass = kh_db_column_text (stmt, 1);
      const char *unit = kh_db_column_text (stmt, 2);
      const char *item = kh_db_column_text (stmt, 3);
      const char *answer = kh_db_column_text (stmt, 4);
      const char *file = kh_db_column_text (stmt, 5);
      guint row = (guint) kh_db_column_int64 (stmt, 6);
      int c = kh_survey_find_class (survey, klass);
      int i = kh_survey_find_item (survey, item);
      int u = kh_survey_sheet_find_unit (sheet, unit);
      g_autofree char *bad = NULL;
      double v = NAN;
      gpointer r;

      /* The framework may have changed since the import. */
      if (c < 0 || i < 0 || u < 0)
        {
          kh_problem (problems,
                      _("%s, row %u: the stored answer (class “%s”, unit “%s”, item “%s”) "
                        "no longer fits the %d survey: import the sheet again"),
                      file, row, klass, unit, item, year);
          continue;
        }
      if (!kh_survey_scale_read (kh_survey_find_scale (survey,
                                                       ((KhSurveyItem *) survey->items->pdata[i])->scale),
                                 answer, &v, &bad))
        {
          kh_problem (problems, _("%s, row %u: %s (import the sheet again)"), file, row, bad);
          continue;
        }
      if (!g_hash_table_lookup_extended (raters, rater, NULL, &r))
        {
          r = GUINT_TO_POINTER (kh_survey_sheet_add_rater (sheet, rater, (guint) c));
          g_hash_table_insert (raters, g_strdup (rater), r);
        }
      kh_survey_sheet_add_response (sheet, GPOINTER_TO_UINT (r), (guint) u, (guint) i, v);
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return NULL;
    }

  excluded = kh_project_prepare (self,
                                 "SELECT rater, reason FROM survey_exclusions WHERE year = ? AND "
                                 "category_id = ?",
                                 _("reading the survey"), error);
  if (excluded == NULL)
    return NULL;
  kh_db_bind_int64 (excluded, 1, year);
  kh_db_bind_text_static (excluded, 2, cat);
  while ((step = kh_project_step (self, excluded, _("reading the survey"), error))
         == KH_DB_STEP_ROW)
    {
      gpointer r;

      /* An exclusion of a rater no longer in the sheet waits for a re-import. */
      if (g_hash_table_lookup_extended (raters, kh_db_column_text (excluded, 0), NULL, &r))
        {
          KhSurveyRater *rater = sheet->raters->pdata[GPOINTER_TO_UINT (r)];

          rater->excluded = TRUE;
          g_free (rater->reason);
          rater->reason = g_strdup (kh_db_column_text (excluded, 1));
        }
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&sheet);
}

/* --- exclusions ------------------------------------------------------------------------ */

/* On a server an evaluator reads the answers about its scopes' units only, so its scores
 * would be a part's: scoring and excluding take the administrator's login, the one that
 * reads the whole sheet and the salt (kh-db-server.h), asked as the salt's read. */
gboolean
kh_project_survey_check_whole (KhProject *self,
                               GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  GError *local = NULL;

  if (kh_db_backend (self->store) != KH_DB_POSTGRESQL)
    return TRUE;
  stmt = kh_db_prepare (self->store, "SELECT salt FROM survey_salt LIMIT 0", &local);
  if (stmt != NULL)
    kh_db_step (stmt, &local);
  if (local == NULL)
    return TRUE;
  if (g_strcmp0 (kh_db_error_sqlstate (local), "42501") == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("%s: scoring the survey or excluding a rater takes every rater's answers, "
                     "which only the project's administrator (kaohe_admin) reads: ask them"),
                   self->path);
      g_error_free (local);
      return FALSE;
    }
  return kh_project_db_error (self, _("reading the survey salt"), local, error);
}

gboolean
kh_project_survey_exclude_locked (KhProject  *self,
                                  int         year,
                                  const char *category,
                                  const char *rater,
                                  gboolean    exclude,
                                  const char *reason,
                                  char      **rater_out,
                                  GError    **error)
{
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autofree char *cat = NULL;
  g_autofree char *why = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autofree char *prefix = NULL;
  const KhSurveyRater *found = NULL;
  guint n_found = 0;
  g_autoptr (KhDbStmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL && rater != NULL, FALSE);

  if (!kh_project_survey_check_whole (self, error))
    return FALSE;
  why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*why == '\0')
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                           exclude ? _("excluding a rater needs a reason")
                                   : _("taking back an exclusion needs a reason"));
      return FALSE;
    }
  prefix = g_ascii_strdown (rater, -1);
  g_strstrip (prefix);
  if (strlen (prefix) < 8 || strspn (prefix, "0123456789abcdef") != strlen (prefix))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("“%s” is no rater: give the rater's hash, or at least its first 8 hex "
                     "digits"),
                   rater);
      return FALSE;
    }
  if (!check_not_sealed (self, year, error))
    return FALSE;
  cat = kh_project_survey_category (self, year, category, error);
  if (cat == NULL)
    return FALSE;
  sheet = kh_project_load_survey_sheet (self, year, cat, error);
  if (sheet == NULL)
    return FALSE;
  for (guint i = 0; i < sheet->raters->len; i++)
    {
      const KhSurveyRater *r = sheet->raters->pdata[i];

      if (g_str_has_prefix (r->id, prefix))
        {
          found = r;
          n_found++;
        }
    }
  if (n_found != 1)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   n_found == 0 ? _("no rater of the %d survey of “%s” has a hash starting "
                                    "with “%s”")
                                : _("several raters of the %d survey of “%s” have a hash "
                                    "starting with “%s”: give more digits"),
                   year, cat, prefix);
      return FALSE;
    }
  if (found->excluded == exclude)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   exclude ? _("the rater %.12s… is already excluded")
                           : _("the rater %.12s… is not excluded"),
                   found->id);
      return FALSE;
    }

  stmt = kh_project_prepare (self,
                             exclude ? "INSERT INTO survey_exclusions (year, category_id, rater, "
                                       "reason, excluded_by, excluded_at) VALUES (?, ?, ?, ?, ?, ?)"
                                     : "DELETE FROM survey_exclusions WHERE year = ? AND "
                                       "category_id = ? AND rater = ?",
                             _("storing the exclusion"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text_static (stmt, 2, cat);
  kh_db_bind_text_static (stmt, 3, found->id);
  if (exclude)
    {
      kh_db_bind_text_static (stmt, 4, why);
      kh_db_bind_text_static (stmt, 5, self->user);
      kh_db_bind_text_static (stmt, 6, at);
    }
  if (!kh_project_run (self, stmt, _("storing the exclusion"), error))
    return FALSE;
  detail = g_strdup_printf ("survey=%s\ncategory=%s\nrater=%s\nreason=%s",
                            kh_survey_sheet_get_survey (sheet)->id, cat, found->id, why);
  ok = kh_project_audit_append (self, exclude ? "survey-exclude" : "survey-include", year,
                                detail, NULL, error);
  if (ok && rater_out != NULL)
    *rater_out = g_strdup (found->id);
  return ok;
}

typedef struct
{
  int year;
  const char *category;
  const char *rater;
  gboolean exclude;
  const char *reason;
} Exclude;

/* kh_project_survey_exclude_locked() in kh_project_transaction(). */
static gboolean
exclude_cb (KhProject *self,
            gpointer   user_data,
            GError   **error)
{
  const Exclude *ex = user_data;

  return kh_project_survey_exclude_locked (self, ex->year, ex->category, ex->rater, ex->exclude,
                                           ex->reason, NULL, error);
}

gboolean
kh_project_survey_exclude (KhProject  *self,
                           int         year,
                           const char *category,
                           const char *rater,
                           gboolean    exclude,
                           const char *reason,
                           GError    **error)
{
  Exclude ex = { year, category, rater, exclude, reason };

  g_return_val_if_fail (self != NULL && rater != NULL, FALSE);

  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, exclude_cb, &ex, error);
}

