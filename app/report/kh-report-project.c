/* kh-report-project.c — a report's data read from a project file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "io/kh-audit.h"
#include "io/kh-framework-xml.h"
#include "io/kh-project-compute.h"
#include "io/kh-project-survey.h"
#include "kh-report-project.h"

/* The first 12 characters of the audit log's first hash, the report's id (*@hash NULL
 * when the log is empty); FALSE and @error set, naming the project, when it cannot be
 * read. Through the store, on SQLite as on PostgreSQL (issue 19). */
static gboolean
first_audit_hash (KhProject *project,
                  char     **hash,
                  GError   **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (KhDbStmt) first = NULL;
  KhDbStep step = KH_DB_STEP_ERROR;

  *hash = NULL;
  first = kh_db_prepare (kh_project_get_store (project),
                         "SELECT hash FROM audit_log ORDER BY seq LIMIT 1", &local_error);
  if (first != NULL)
    step = kh_db_step (first, &local_error);
  if (step == KH_DB_STEP_ERROR)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("%s: reading the audit log's first entry: %s"),
                   kh_project_get_path (project),
                   local_error != NULL ? local_error->message : "?");
      return FALSE;
    }
  if (step == KH_DB_STEP_ROW && !kh_db_column_is_null (first, 0))
    *hash = g_strndup (kh_db_column_text (first, 0), 12);
  return TRUE;
}

static gboolean
chain_head (KhProject *project,
            char     **head,
            gint64    *seq,
            GError   **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  /* On PostgreSQL through the store (issue 19). */
  if (kh_project_get_db (project) == NULL
        ? !kh_audit_verify_db (kh_project_get_store (project), problems, seq, head, error)
        : !kh_audit_verify (kh_project_get_db (project), problems, seq, head, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (problems, NULL);
      list = g_strjoinv ("\n", (char **) problems->pdata);
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("%s: the audit chain does not verify, no report is made:\n%s"),
                   kh_project_get_path (project), list);
      return FALSE;
    }
  if (*head == NULL)
    *head = g_strdup (KH_AUDIT_GENESIS);
  return TRUE;
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return x < y ? -1 : x > y;
}

/* Years with a framework in any of the projects, in [first_year, year], ascending; NULL
 * and @error set when a project's years cannot be read. */
static GArray *
report_years (KhProject **projects,
              guint       n_projects,
              int         year,
              int         first_year,
              GError    **error)
{
  g_autoptr (GArray) years = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint p = 0; p < n_projects; p++)
    {
      g_autoptr (GArray) all = kh_project_read_years (projects[p], error);

      if (all == NULL)
        return NULL;
      for (guint i = 0; i < all->len; i++)
        {
          int y = g_array_index (all, int, i);
          gboolean seen = FALSE;

          for (guint k = 0; k < years->len; k++)
            seen = seen || g_array_index (years, int, k) == y;
          if (y <= year && y >= first_year && !seen)
            g_array_append_val (years, y);
        }
    }
  g_array_sort (years, compare_int);
  return g_steal_pointer (&years);
}

/* kh_project_compute_all() with the units' names in @lang. */
static GPtrArray *
compute_all_lang (KhProject *project,
                  int        year,
                  KhLang     lang,
                  GError   **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  if (lang == KH_LANG_ZH_CN)
    return kh_project_compute_all (project, year, error);
  categories = kh_project_get_categories (project, year);
  if (categories->len == 0)
    return kh_project_compute_all (project, year, error); /* its message names the year */
  for (guint i = 0; i < categories->len; i++)
    {
      KhPlan *plan = kh_project_compute_category_lang (project, year, categories->pdata[i], lang, error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  return g_steal_pointer (&plans);
}

/* The plans of @year's categories of @project, categories ascending, and in *@last those of
 * last year whole, of each category that has them (issue 22): last year is computed first,
 * keeping nothing in the project's plan cache, and the year on it
 * (kh_project_compute_category_after()). Each year is computed once and two years' plans
 * are held at a time; computing the year first, then last year whole for the comparison,
 * held four at 3,000 units (the year's chain's last year and the year before kept, and
 * last year's own chain). The plans are those of compute_all_lang(). */
static GPtrArray *
compute_all_after_last (KhProject  *project,
                        int         year,
                        KhLang      lang,
                        GPtrArray **last,
                        GError    **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, year);
  g_autoptr (GPtrArray) before = kh_project_get_categories (project, year - 1);
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_autoptr (GPtrArray) earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  if (categories->len == 0)
    return kh_project_compute_all (project, year, error); /* its message names the year */
  for (guint i = 0; i < categories->len; i++)
    {
      g_autoptr (KhPlan) previous = NULL;
      KhPlan *plan;

      for (guint b = 0; b < before->len; b++)
        if (g_strcmp0 (before->pdata[b], categories->pdata[i]) == 0)
          {
            previous = kh_project_compute_category_once (project, year - 1, categories->pdata[i],
                                                         lang, error);
            if (previous == NULL)
              return NULL;
            break;
          }
      plan = previous != NULL
               ? kh_project_compute_category_after (project, year, categories->pdata[i], lang,
                                                    previous, error)
               : kh_project_compute_category_once (project, year, categories->pdata[i], lang,
                                                   error);
      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
      if (previous != NULL)
        g_ptr_array_add (earlier, g_steal_pointer (&previous));
    }
  *last = g_steal_pointer (&earlier);
  return g_steal_pointer (&plans);
}

/* The comparison of each of @current (the report year's plans of @project) with the
 * plan of its category in @earlier (last year's). */
static gboolean
add_comparisons (KhReportData *data,
                 GPtrArray    *current,
                 GPtrArray    *earlier,
                 GError      **error)
{
  for (guint p = 0; p < current->len; p++)
    {
      const char *category = kh_plan_get_framework (current->pdata[p])->category;

      for (guint e = 0; e < earlier->len; e++)
        if (g_strcmp0 (kh_plan_get_framework (earlier->pdata[e])->category, category) == 0
            && !kh_report_data_add_comparison (data, current->pdata[p], earlier->pdata[e], error))
          return FALSE;
    }
  return TRUE;
}

/* The comparison of the report year's plans of @project (@current) with last year's: last
 * year's history too when it is one of the report's years. @held: last year's plans as
 * compute_all_after_last() gave them, or NULL (computed here). */
static gboolean
add_last_year (KhReportData *data,
               KhProject    *project,
               GPtrArray    *current,
               GPtrArray    *held,
               gboolean      compare,
               GError      **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, data->year - 1);
  g_autoptr (GPtrArray) earlier = NULL;

  /* A year without a framework has no results: its column stays empty. */
  if (categories->len == 0 || (!compare && kh_report_data_find_year (data, data->year - 1) < 0))
    return TRUE;
  earlier = held != NULL ? g_ptr_array_ref (held)
                         : compute_all_lang (project, data->year - 1, data->lang, error);
  if (earlier == NULL)
    return FALSE;
  /* Outside the years of the report it is computed for the comparison only. */
  if (kh_report_data_find_year (data, data->year - 1) >= 0)
    for (guint c = 0; c < earlier->len; c++)
      if (!kh_report_data_add_plan (data, earlier->pdata[c], error))
        return FALSE;
  return !compare || add_comparisons (data, current, earlier, error);
}

static void
ptr_array_unref_or_null (gpointer array)
{
  if (array != NULL)
    g_ptr_array_unref (array);
}

static void
framework_unref_or_null (gpointer fw)
{
  if (fw != NULL)
    kh_framework_unref (fw);
}

/* Last year's framework of each of @current (the report year's plans of @project), NULL
 * where there is none (nothing to compare), into @earlier; *@unchanged FALSE when one
 * differs in its indicators, points or weights (kh_report_framework_change_text()): the
 * like-for-like comparison then needs last year's plan. */
static gboolean
earlier_frameworks (KhReportData *data,
                    KhProject    *project,
                    GPtrArray    *current,
                    GPtrArray    *earlier,
                    gboolean     *unchanged,
                    GError      **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, data->year - 1);

  for (guint p = 0; p < current->len && *unchanged; p++)
    {
      KhFramework *fw = kh_plan_get_framework (current->pdata[p]);
      KhFramework *before = NULL;
      g_autofree char *change = NULL;

      for (guint c = 0; c < categories->len && before == NULL; c++)
        if (g_strcmp0 (categories->pdata[c], fw->category) == 0)
          {
            g_autofree char *xml = kh_project_get_category_framework_xml (project, data->year - 1,
                                                                          categories->pdata[c], error);
            g_autofree char *name = NULL;

            if (xml == NULL)
              return FALSE;
            name = g_strdup_printf ("%s [framework %d %s]", kh_project_get_path (project), data->year - 1,
                                    (const char *) categories->pdata[c]);
            before = kh_framework_xml_load_data (xml, strlen (xml), name, error);
            if (before == NULL)
              return FALSE;
          }
      g_ptr_array_add (earlier, before);
      change = before != NULL ? kh_report_framework_change_text (before, fw) : NULL;
      *unchanged = change == NULL;
    }
  return TRUE;
}

/* The plan of @category in @held (the plans of the year before, NULL: none), or NULL. */
static KhPlan *
held_plan (GPtrArray  *held,
           const char *category)
{
  for (guint i = 0; held != NULL && i < held->len; i++)
    if (g_strcmp0 (kh_plan_get_framework (held->pdata[i])->category, category) == 0)
      return held->pdata[i];
  return NULL;
}

/* The history of every earlier year of the report but last year's (add_last_year), from
 * the earliest up: each year is computed after the plan of the year before, held until
 * then, instead of with its whole chain of earlier years again (issue 22: at 3,000 units
 * and ten years, 28 years' computations for 7); a year's plans go once what the report
 * prints of them is taken and the next year is computed, unless data keeps them
 * (kh_report_data_set_keep_earlier_plans). */
static gboolean
add_history (KhReportData *data,
             KhProject    *project,
             GError      **error)
{
  g_autoptr (GPtrArray) held = NULL;
  int held_year = 0;

  /* what the project kept computing the later years serves none of these */
  kh_project_drop_cached_plans (project, 0);
  for (int i = 0; i < data->n_years; i++)
    {
      int y = data->years[i];
      g_autoptr (GPtrArray) categories = NULL;
      g_autoptr (GPtrArray) earlier = NULL;

      if (y >= data->year - 1)
        break;
      categories = kh_project_get_categories (project, y);
      if (categories->len == 0)
        {
          g_clear_pointer (&held, g_ptr_array_unref);
          continue;
        }
      earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
      for (guint c = 0; c < categories->len; c++)
        {
          KhPlan *previous = held_year == y - 1 ? held_plan (held, categories->pdata[c]) : NULL;
          KhPlan *plan;

          if (previous != NULL)
            plan = kh_project_compute_category_after (project, y, categories->pdata[c], data->lang,
                                                      previous, error);
          else
            {
              plan = kh_project_compute_category_lang (project, y, categories->pdata[c], data->lang,
                                                       error);
              kh_project_drop_cached_plans (project, 0);
            }
          if (plan == NULL)
            return FALSE;
          g_ptr_array_add (earlier, plan);
        }
      /* the year before is needed no more */
      g_clear_pointer (&held, g_ptr_array_unref);
      for (guint c = 0; c < earlier->len; c++)
        if (!kh_report_data_add_plan (data, earlier->pdata[c], error))
          return FALSE;
      held = g_steal_pointer (&earlier);
      held_year = y;
    }
  return TRUE;
}

/* Lets the report year's plans go: the report holds what it prints of them. */
static void
drop_report_year (KhReportData *data,
                  GPtrArray    *plans,
                  GPtrArray    *per_project)
{
  g_ptr_array_set_size (per_project, 0);
  g_ptr_array_set_size (plans, 0);
  kh_report_data_drop_plans (data);
}

KhReportData *
kh_report_data_load (KhProject **projects,
                     guint       n_projects,
                     int         year,
                     int         first_year,
                     GError    **error)
{
  return kh_report_data_load_lang (projects, n_projects, year, first_year, KH_LANG_ZH_CN, error);
}

KhReportData *
kh_report_data_load_lang (KhProject **projects,
                          guint       n_projects,
                          int         year,
                          int         first_year,
                          KhLang      lang,
                          GError    **error)
{
  return kh_report_data_load_full (projects, n_projects, year, first_year, lang,
                                   KH_REPORT_LOAD_FOR_ANALYSIS, error);
}

KhReportData *
kh_report_data_load_full (KhProject        **projects,
                          guint              n_projects,
                          int                year,
                          int                first_year,
                          KhLang             lang,
                          KhReportLoadFlags  flags,
                          GError           **error)
{
  g_autoptr (GArray) years = NULL;
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  /* of GPtrArray*: each project's plans of the report year */
  g_autoptr (GPtrArray) per_project = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  /* of GPtrArray* (or NULL): each project's plans of last year, held (compute_all_after_last()) */
  g_autoptr (GPtrArray) per_project_last = g_ptr_array_new_with_free_func (ptr_array_unref_or_null);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) seals = g_ptr_array_new_with_free_func (g_free);
  GError *date_error = NULL;
  gint64 seq = 0;
  gboolean compare = (flags & KH_REPORT_LOAD_NO_COMPARISON) == 0;
  gboolean keep = (flags & KH_REPORT_LOAD_FOR_ANALYSIS) != 0;
  gboolean need_last = compare;

  g_return_val_if_fail (projects != NULL && n_projects > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (first_year > year)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("the first year %d comes after the report year %d"), first_year, year);
      return NULL;
    }

  years = report_years (projects, n_projects, year, first_year, error);
  if (years == NULL)
    return NULL;
  for (guint i = 0; i < years->len; i++)
    need_last = need_last || g_array_index (years, int, i) == year - 1;
  /* The report year of every project first: they name the groups and units. Last year,
   * when the report compares with it or prints it, is computed whole before it and held
   * (compute_all_after_last()). */
  for (guint p = 0; p < n_projects; p++)
    {
      g_autoptr (GPtrArray) last = NULL;
      g_autoptr (GPtrArray) all = need_last
                                    ? compute_all_after_last (projects[p], year, lang, &last, error)
                                    : compute_all_lang (projects[p], year, lang, error);

      if (all == NULL)
        return NULL;
      for (guint c = 0; c < all->len; c++)
        g_ptr_array_add (plans, kh_plan_ref (all->pdata[c]));
      g_ptr_array_add (per_project, g_steal_pointer (&all));
      g_ptr_array_add (per_project_last, g_steal_pointer (&last));
    }
  data = kh_report_data_new (year, (int) years->len, (const int *) (gpointer) years->data);
  kh_report_data_set_lang (data, lang);
  kh_report_data_set_keep_earlier_plans (data, keep);
  kh_report_data_set_list_overtakes (data, (flags & KH_REPORT_LOAD_NO_OVERTAKES) == 0);
  for (guint p = 0; p < plans->len; p++)
    if (!kh_report_data_add_plan (data, plans->pdata[p], error))
      return NULL;
  /* The "321" recommendations of the report year (the parents of its units). */
  {
    g_autoptr (GPtrArray) recommendations = kh_project_recommend_plans (projects, n_projects, year,
                                                                        plans, lang, error);

    if (recommendations == NULL)
      return NULL;
    g_ptr_array_extend_and_steal (data->recommendations, g_steal_pointer (&recommendations));
  }
  /* Each group's stored sensitivity spec: the first project that has one for its category. */
  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      for (guint p = 0; p < n_projects && group->spec == NULL; p++)
        {
          group->spec = kh_project_get_sensitivity_spec (projects[p], year, group->category, error);
          if (group->spec == NULL && error != NULL && *error != NULL)
            return NULL;
        }
      if (group->spec != NULL)
        /* TRANSLATORS: names a stored spec in messages, e.g. "the spec stored for 2020 “city”" */
        group->spec_name = g_strdup_printf (_("the spec stored for %d “%s”"), year, group->category);
    }

  /* Last year first, compared with the report year; then, unless the analysis will want
   * them, the report year's plans can go before the earlier years are computed: the report
   * holds what it prints of them (issue 22: one year's plan at a time, not two). Without
   * the comparison they go before last year is computed. */
  /* When no framework changed since last year, the comparison reads the report year's
   * plans and last year's frameworks only: it is made first, and the report year's plans
   * go before last year's are computed (issue 22: at 3,000 units two years' plans and
   * datasets held at once were the report's peak). */
  if (compare && !keep)
    {
      g_autoptr (GPtrArray) earlier = g_ptr_array_new_with_free_func (framework_unref_or_null);
      gboolean unchanged = TRUE;

      for (guint p = 0; p < n_projects && unchanged; p++)
        if (!earlier_frameworks (data, projects[p], per_project->pdata[p], earlier, &unchanged, error))
          return NULL;
      if (unchanged)
        {
          /* earlier holds every project's plans' frameworks in order */
          guint e = 0;

          for (guint p = 0; p < n_projects; p++)
            for (guint c = 0; c < ((GPtrArray *) per_project->pdata[p])->len; c++, e++)
              if (earlier->pdata[e] != NULL)
                kh_report_data_add_comparison_unchanged (data, ((GPtrArray *) per_project->pdata[p])->pdata[c],
                                                         earlier->pdata[e]);
          compare = FALSE;
        }
    }
  if (!compare && !keep)
    drop_report_year (data, plans, per_project);
  for (guint p = 0; p < n_projects; p++)
    {
      g_autoptr (GPtrArray) categories = kh_project_get_categories (projects[p], year - 1);
      g_autoptr (GPtrArray) held = g_steal_pointer (&per_project_last->pdata[p]);

      /* held holds last year's categories that the report year has: all of them, or
       * last year is computed again whole */
      if (held != NULL && held->len != categories->len)
        g_clear_pointer (&held, g_ptr_array_unref);
      if (!add_last_year (data, projects[p], compare ? per_project->pdata[p] : NULL, held, compare,
                          error))
        return NULL;
    }
  if (compare && !keep)
    drop_report_year (data, plans, per_project);
  for (guint p = 0; p < n_projects; p++)
    {
      char *head = NULL;
      char *seal = NULL;
      char *id = NULL;

      if ((flags & KH_REPORT_LOAD_NO_CHAIN) == 0 && !first_audit_hash (projects[p], &id, error))
        return NULL;
      if (!add_history (data, projects[p], error))
        {
          g_free (id);
          return NULL;
        }
      if ((flags & KH_REPORT_LOAD_NO_CHAIN) != 0)
        head = g_strdup ("");
      else if (!chain_head (projects[p], &head, &seq, error))
        {
          g_free (id);
          return NULL;
        }
      /* The issuing body: the first project that names one (kaohe-cli --issuer and the
       * print dialog may still override it). */
      if (data->issuer == NULL)
        {
          g_autoptr (GError) setting_error = NULL;

          data->issuer = kh_project_get_setting (projects[p], KH_PROJECT_SETTING_ISSUER, &setting_error);
          if (setting_error != NULL)
            {
              g_free (id);
              g_free (head);
              g_propagate_error (error, g_steal_pointer (&setting_error));
              return NULL;
            }
        }
      g_ptr_array_add (heads, head);
      seal = kh_project_describe_seal (projects[p], year, error);
      if (seal == NULL)
        {
          g_free (id);
          return NULL;
        }
      g_ptr_array_add (seals, seal);
      g_ptr_array_add (ids, id != NULL ? id : g_strdup (""));
      g_ptr_array_add (names, g_path_get_basename (kh_project_get_path (projects[p])));
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (heads, NULL);
  g_ptr_array_add (seals, NULL);

  g_free (data->project_name);
  data->project_name = g_strjoinv (", ", (char **) names->pdata);
  g_free (data->project_id);
  data->project_id = g_strjoinv (", ", (char **) ids->pdata);
  g_free (data->chain_head);
  data->chain_head = g_strjoinv ("\n", (char **) heads->pdata);
  g_free (data->seal);
  data->seal = g_strjoinv ("; ", (char **) seals->pdata);
  /* The sequence number goes with a single chain only. */
  data->chain_seq = n_projects == 1 ? seq : 0;

  kh_report_data_set_date (data, &date_error);
  if (date_error != NULL)
    {
      g_propagate_error (error, date_error);
      return NULL;
    }
  return g_steal_pointer (&data);
}

gboolean
kh_report_data_add_surveys (KhReportData *data,
                            KhProject   **projects,
                            guint         n_projects,
                            GError      **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (projects != NULL || n_projects == 0, FALSE);

  for (guint p = 0; p < n_projects; p++)
    {
      g_autoptr (GPtrArray) categories = kh_project_get_categories (projects[p], data->year);

      for (guint c = 0; c < categories->len; c++)
        {
          const char *category = categories->pdata[c];
          g_autoptr (KhSurveySheet) sheet = NULL;
          gboolean declared = FALSE;

          /* the report year's framework of the category, as the groups hold it */
          for (guint g = 0; g < data->groups->len && !declared; g++)
            {
              KhReportGroup *group = data->groups->pdata[g];

              declared = g_strcmp0 (group->category, category) == 0 && group->framework->survey != NULL;
            }
          if (!declared)
            continue;
          sheet = kh_project_load_survey_sheet (projects[p], data->year, category, error);
          if (sheet == NULL)
            return FALSE;
          /* a survey declared but not answered yet has nothing to print */
          if (sheet->responses->len > 0)
            kh_report_data_add_survey (data, category, kh_survey_score (sheet));
        }
    }
  return TRUE;
}
