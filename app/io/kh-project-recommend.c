/* kh-project-recommend.c — a year's "321" recommendations (先进县) from a project: the
 * plans of its categories, the parents of the year's units, kh_recommend()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kh-io-error.h"
#include "kh-project-compute.h"

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
kh_project_recommend_plans (KhProject **projects,
                            guint       n_projects,
                            int         year,
                            GPtrArray  *plans,
                            KhLang      lang,
                            GError    **error)
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
          parent_of = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint u = 0; u < units->len; u++)
            {
              const KhUnitYear *unit = units->pdata[u];

              if (unit->parent_id != NULL)
                g_hash_table_insert (parent_of, unit->id, unit->parent_id);
            }
          recommendation = kh_recommend (parents, ids->pdata[q], children, parent_of, NULL, lang);
          if (recommendation != NULL)
            g_ptr_array_add (out, g_steal_pointer (&recommendation));
        }
    }
  return g_steal_pointer (&out);
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
