/* kh-project-recommend.c — a year's "321" recommendations (先进县) from a project: the
 * plans of its categories, the parents of the year's units, the entered lists (schema
 * version 10), kh_recommend()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-compute.h"
#include "kh-project-private.h"

/* ---- the entered lists ---------------------------------------------------------------- */

GHashTable *
kh_project_get_recommendation_lists (KhProject  *self,
                                     int         year,
                                     const char *category,
                                     GError    **error)
{
  g_autoptr (GHashTable) lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->version < KH_PROJECT_RECOMMEND_VERSION)
    return g_steal_pointer (&lists);
  /* Every list, empty ones too (a NULL unit), each in its order. */
  stmt = kh_project_prepare (self,
                             "SELECT l.parent_id, u.unit_id FROM recommendation_lists l "
                             "LEFT JOIN recommendation_units u ON u.year = l.year AND "
                             "u.category_id = l.category_id AND u.parent_id = l.parent_id "
                             "WHERE l.year = ? AND l.category_id = ? "
                             "ORDER BY l.parent_id, u.position",
                             _("reading the entered recommendations"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  kh_db_bind_text (stmt, 2, category);
  while ((step = kh_project_step (self, stmt, _("reading the entered recommendations"), error))
         == KH_DB_STEP_ROW)
    {
      const char *parent = kh_db_column_text (stmt, 0);
      GPtrArray *units = g_hash_table_lookup (lists, parent);

      if (units == NULL)
        {
          units = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (lists, g_strdup (parent), units);
        }
      if (!kh_db_column_is_null (stmt, 1))
        g_ptr_array_add (units, g_strdup (kh_db_column_text (stmt, 1)));
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&lists);
}

/* TRUE when @unit is a unit of the project in @year; FALSE with @error (naming it) when
 * not. */
static gboolean
check_unit_of_year (KhProject  *self,
                    int         year,
                    const char *unit,
                    GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self, "SELECT 1 FROM unit_years WHERE unit_id = ? AND year = ?",
                             _("reading the units"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_text (stmt, 1, unit);
  kh_db_bind_int64 (stmt, 2, year);
  step = kh_project_step (self, stmt, _("reading the units"), error);
  if (step == KH_DB_STEP_ROW)
    return TRUE;
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("“%s” is not a unit of %d"), unit, year);
  return FALSE;
}

static gboolean
same_list (GPtrArray *a,
           GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

/* The list of @parent replaced by @units (NULL: none entered, the quota's rule applies),
 * entered by the project's user at @at, inside the caller's transaction. */
static gboolean
store_list (KhProject  *self,
            int         year,
            const char *category,
            const char *parent,
            GPtrArray  *units,
            const char *at,
            GError    **error)
{
  const char *what = _("storing the recommendations");
  g_autoptr (KhDbStmt) clear = NULL;
  g_autoptr (KhDbStmt) list = NULL;
  g_autoptr (KhDbStmt) insert = NULL;

  clear = kh_project_prepare (self,
                              "DELETE FROM recommendation_units WHERE year = ? AND "
                              "category_id = ? AND parent_id = ?",
                              what, error);
  if (clear == NULL)
    return FALSE;
  kh_db_bind_int64 (clear, 1, year);
  kh_db_bind_text (clear, 2, category);
  kh_db_bind_text (clear, 3, parent);
  if (!kh_project_run (self, clear, what, error))
    return FALSE;
  list = kh_project_prepare (self,
                             units != NULL
                               ? "INSERT INTO recommendation_lists (year, category_id, parent_id, "
                                 "entered_by, entered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                                 "(year, category_id, parent_id) DO UPDATE SET entered_by = "
                                 "excluded.entered_by, entered_at = excluded.entered_at"
                               : "DELETE FROM recommendation_lists WHERE year = ? AND "
                                 "category_id = ? AND parent_id = ?",
                             what, error);
  if (list == NULL)
    return FALSE;
  kh_db_bind_int64 (list, 1, year);
  kh_db_bind_text (list, 2, category);
  kh_db_bind_text (list, 3, parent);
  if (units != NULL)
    {
      kh_db_bind_text (list, 4, self->user);
      kh_db_bind_text (list, 5, at);
    }
  if (!kh_project_run (self, list, what, error))
    return FALSE;
  if (units == NULL || units->len == 0)
    return TRUE;
  insert = kh_project_prepare (self,
                               "INSERT INTO recommendation_units (year, category_id, parent_id, "
                               "position, unit_id) VALUES (?, ?, ?, ?, ?)",
                               what, error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < units->len; i++)
    {
      kh_db_bind_int64 (insert, 1, year);
      kh_db_bind_text (insert, 2, category);
      kh_db_bind_text (insert, 3, parent);
      kh_db_bind_int64 (insert, 4, (int) i + 1);
      kh_db_bind_text (insert, 5, units->pdata[i]);
      if (!kh_project_run (self, insert, what, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  int year;
  const char *category;
  const char *parent;
  GPtrArray *units;
  const char *at;
  const char *detail;
} List;

/* store_list() and its audit row, in kh_project_transaction(). */
static gboolean
store_list_audited (KhProject *self,
                    gpointer   user_data,
                    GError   **error)
{
  const List *l = user_data;

  return store_list (self, l->year, l->category, l->parent, l->units, l->at, error)
         && kh_project_audit_append (self, "recommendation", l->year, l->detail, NULL, error);
}

gboolean
kh_project_set_recommendation_list (KhProject  *self,
                                    int         year,
                                    const char *category,
                                    const char *parent,
                                    GPtrArray  *units,
                                    GError    **error)
{
  g_autoptr (GHashTable) lists = NULL;
  g_autofree char *framework = NULL;
  g_autofree char *at = kh_audit_now ();
  g_autoptr (GString) detail = NULL;
  GError *local_error = NULL;
  List list = { year, category, parent, units, at, NULL };
  gboolean sealed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (category != NULL && parent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->version < KH_PROJECT_RECOMMEND_VERSION)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION,
                   _("%s: the project predates entered recommendations (project format %d); "
                     "open it for writing to upgrade it"),
                   self->path, self->version);
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
  if (!kh_project_get_sealed (self, year, &sealed, error))
    return FALSE;
  if (sealed)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("The year %d is sealed and cannot change"), year);
      return FALSE;
    }
  if (!check_unit_of_year (self, year, parent, error))
    return FALSE;
  for (guint i = 0; units != NULL && i < units->len; i++)
    if (!check_unit_of_year (self, year, units->pdata[i], error))
      return FALSE;
  lists = kh_project_get_recommendation_lists (self, year, category, error);
  if (lists == NULL)
    return FALSE;
  if (same_list (g_hash_table_lookup (lists, parent), units))
    return TRUE;

  detail = g_string_new (NULL);
  g_string_append_printf (detail, "category=%s\nparent=%s\nunits=", category, parent);
  if (units == NULL)
    g_string_append (detail, "(rule)");
  for (guint i = 0; units != NULL && i < units->len; i++)
    g_string_append_printf (detail, "%s%s", i > 0 ? "," : "", (const char *) units->pdata[i]);

  list.detail = detail->str;
  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_list_audited, &list, error);
}

/* ---- the recommendations -------------------------------------------------------------- */

static KhPlan *
plan_of_category (GPtrArray  *plans,
                  const char *category)
{
  for (guint p = 0; p < plans->len; p++)
    if (g_strcmp0 (kh_plan_get_framework (plans->pdata[p])->category, category) == 0)
      return plans->pdata[p];
  return NULL;
}

/* The project of @projects whose @year has a framework of @category (the first). */
static KhProject *
project_of_category (KhProject **projects,
                     guint       n_projects,
                     int         year,
                     const char *category)
{
  for (guint p = 0; p < n_projects; p++)
    {
      g_autoptr (GPtrArray) categories = kh_project_get_categories (projects[p], year);

      for (guint c = 0; c < categories->len; c++)
        if (g_strcmp0 (categories->pdata[c], category) == 0)
          return projects[p];
    }
  return NULL;
}

GPtrArray *
kh_project_recommend_plans_trial (KhProject              **projects,
                                  guint                    n_projects,
                                  int                      year,
                                  GPtrArray               *plans,
                                  const KhRecommendTrial  *trial,
                                  KhLang                   lang,
                                  GError                 **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_recommendation_free);

  g_return_val_if_fail (projects != NULL && n_projects > 0 && plans != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint p = 0; p < plans->len; p++)
    {
      KhPlan *parents = plans->pdata[p];
      KhFramework *framework = kh_plan_get_framework (parents);
      g_autoptr (GPtrArray) ids = kh_recommend_quota_ids (framework);

      for (guint q = 0; q < ids->len; q++)
        {
          g_autoptr (KhRecommendation) recommendation = NULL;
          g_autoptr (GPtrArray) units = NULL;
          g_autoptr (GHashTable) parent_of = NULL;
          g_autoptr (GHashTable) entered = NULL;
          const char *target = NULL;
          KhPlan *children;
          KhProject *holder;

          /* The target category of the first group's rule of that id. */
          for (guint g = 0; g < framework->groups->len && target == NULL; g++)
            {
              const KhGroup *group = framework->groups->pdata[g];

              for (guint r = 0; r < group->quotas->len && target == NULL; r++)
                if (g_strcmp0 (((KhQuotaRule *) group->quotas->pdata[r])->id, ids->pdata[q]) == 0)
                  target = ((KhQuotaRule *) group->quotas->pdata[r])->target_category;
            }
          children = plan_of_category (plans, target);
          holder = children != NULL ? project_of_category (projects, n_projects, year, target) : NULL;
          if (children == NULL || holder == NULL)
            {
              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                           _("%s: quota “%s” of the %s framework of %d recommends units of "
                             "category “%s”, which has no framework that year"),
                           kh_project_get_path (projects[0]), (const char *) ids->pdata[q],
                           framework->category, year, target);
              return NULL;
            }
          units = kh_project_get_units (holder, year, target, error);
          if (units == NULL)
            return NULL;
          entered = kh_project_get_recommendation_lists (holder, year, target, error);
          if (entered == NULL)
            return NULL;
          if (trial != NULL && g_strcmp0 (trial->category, target) == 0)
            {
              if (trial->units != NULL)
                g_hash_table_insert (entered, g_strdup (trial->parent),
                                     g_ptr_array_ref (trial->units));
              else
                g_hash_table_remove (entered, trial->parent);
            }
          parent_of = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint u = 0; u < units->len; u++)
            {
              const KhUnitYear *unit = units->pdata[u];

              if (unit->parent_id != NULL)
                g_hash_table_insert (parent_of, unit->id, unit->parent_id);
            }
          recommendation = kh_recommend (parents, ids->pdata[q], children, parent_of, entered, lang);
          if (recommendation != NULL)
            g_ptr_array_add (out, g_steal_pointer (&recommendation));
        }
    }
  return g_steal_pointer (&out);
}

GPtrArray *
kh_project_recommend_plans (KhProject **projects,
                            guint       n_projects,
                            int         year,
                            GPtrArray  *plans,
                            KhLang      lang,
                            GError    **error)
{
  return kh_project_recommend_plans_trial (projects, n_projects, year, plans, NULL, lang, error);
}

GPtrArray *
kh_project_recommend (KhProject  *self,
                      int         year,
                      KhLang      lang,
                      GError    **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  categories = kh_project_get_categories (self, year);
  for (guint i = 0; i < categories->len; i++)
    {
      KhPlan *plan = kh_project_compute_category_lang (self, year, categories->pdata[i], lang,
                                                       error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  return kh_project_recommend_plans (&self, 1, year, plans, lang, error);
}
