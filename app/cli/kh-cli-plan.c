/* kh-cli-plan.c — the plan of one group, for the commands that analyse a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-project-compute.h"
#include "kh-cli.h"

typedef struct
{
  const char *group;
  const char *category;
  KhLang lang;
  gboolean want_spec;
  char *stored_spec;   /* out */
  char *spec_category; /* out */
} Scope;

GPtrArray *
kh_cli_compute_all (KhProject *project,
                    int        year,
                    KhLang     lang,
                    GError   **error)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, year);
  g_autoptr (GPtrArray) plans = NULL;

  /* No framework that year: kh_project_compute_all() says so. */
  if (lang == KH_LANG_ZH_CN || categories->len == 0)
    return kh_project_compute_all (project, year, error);
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  for (guint i = 0; i < categories->len; i++)
    {
      KhPlan *plan = kh_project_compute_category_lang (project, year, categories->pdata[i], lang,
                                                       error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  return g_steal_pointer (&plans);
}

/* The one plan of @year the command analyses. */
static GPtrArray *
group_plans (KhProject *project,
             int        year,
             gpointer   user_data,
             GError   **error)
{
  Scope *scope = user_data;
  g_autoptr (GPtrArray) plans = NULL;
  KhPlan *plan = NULL;

  if (scope->group == NULL)
    plan = kh_project_compute_category_lang (project, year, scope->category, scope->lang, error);
  else
    {
      plans = kh_cli_compute_all (project, year, scope->lang, error);
      for (guint p = 0; plans != NULL && p < plans->len && plan == NULL; p++)
        if (kh_framework_find_group (kh_plan_get_framework (plans->pdata[p]), scope->group) != NULL)
          plan = kh_plan_ref (plans->pdata[p]);
      if (plans != NULL && plan == NULL)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                     _("%s: no framework of %d has a group “%s”"), kh_project_get_path (project),
                     year, scope->group);
    }
  if (plan == NULL)
    return NULL;
  if (scope->want_spec)
    {
      const char *cat = kh_plan_get_framework (plan)->category;
      GError *local = NULL;

      scope->spec_category = g_strdup (cat);
      scope->stored_spec = cat != NULL ? kh_project_get_sensitivity_spec (project, year, cat, &local)
                                       : NULL;
      if (local != NULL)
        {
          g_propagate_error (error, local);
          kh_plan_unref (plan);
          return NULL;
        }
    }
  g_clear_pointer (&plans, g_ptr_array_unref);
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_ptr_array_add (plans, plan);
  return g_steal_pointer (&plans);
}

KhPlan *
kh_cli_load_group_plan (GOptionContext          *context,
                        const KhCliInputOptions *input,
                        int                      argc,
                        char                   **argv,
                        const char              *group,
                        const char              *category,
                        int                     *status)
{
  Scope scope = { group, category, input->lang, FALSE, NULL, NULL };
  g_autoptr (GPtrArray) plans = NULL;

  if (group != NULL && category != NULL)
    {
      *status = kh_cli_usage_error (context, "%s", _("give --group or --category, not both"));
      return NULL;
    }
  plans = kh_cli_input_load_plans (context, input, argc, argv, group_plans, &scope, status);
  return plans != NULL ? kh_plan_ref (plans->pdata[0]) : NULL;
}

KhPlan *
kh_cli_load_group_plan_spec (GOptionContext          *context,
                             const KhCliInputOptions *input,
                             int                      argc,
                             char                   **argv,
                             const char              *group,
                             const char              *category,
                             char                   **stored_spec,
                             char                   **spec_category,
                             int                     *status)
{
  Scope scope = { group, category, input->lang, TRUE, NULL, NULL };
  g_autoptr (GPtrArray) plans = NULL;

  if (group != NULL && category != NULL)
    {
      *status = kh_cli_usage_error (context, "%s", _("give --group or --category, not both"));
      return NULL;
    }
  plans = kh_cli_input_load_plans (context, input, argc, argv, group_plans, &scope, status);
  if (plans == NULL)
    {
      g_free (scope.stored_spec);
      g_free (scope.spec_category);
      return NULL;
    }
  *stored_spec = scope.stored_spec;
  *spec_category = scope.spec_category;
  return kh_plan_ref (plans->pdata[0]);
}
