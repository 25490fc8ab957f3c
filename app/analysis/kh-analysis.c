/* kh-analysis.c — the analysis layer's error domain and GSL set-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_errno.h>

#include "kh-analysis.h"

G_DEFINE_QUARK (kh-analysis-error-quark, kh_analysis_error)

void
kh_analysis_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&done, 1);
    }
}

guint *
kh_analysis_group_units (KhPlan      *plan,
                         const char  *group_id,
                         KhGroup    **group,
                         guint       *n_units,
                         GError     **error)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  /* reserved, so that an empty list is not NULL */
  g_autoptr (GArray) units = g_array_sized_new (FALSE, FALSE, sizeof (guint), 1);
  KhGroup *found = NULL;

  g_return_val_if_fail (group != NULL && n_units != NULL, NULL);

  if (group_id != NULL)
    found = kh_framework_find_group (fw, group_id);
  else if (fw->groups->len == 1)
    found = fw->groups->pdata[0];
  if ((group_id != NULL && found == NULL) || (group_id == NULL && fw->groups->len > 1))
    {
      g_autoptr (GString) names = g_string_new (NULL);

      for (guint g = 0; g < fw->groups->len; g++)
        g_string_append_printf (names, "%s%s", g > 0 ? ", " : "",
                                ((KhGroup *) fw->groups->pdata[g])->id);
      if (group_id != NULL)
        g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                     _("framework “%s” has no group “%s” (groups: %s)"), fw->id, group_id,
                     names->str);
      else
        g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                     _("framework “%s” has several groups: choose one (%s)"), fw->id, names->str);
      return NULL;
    }
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    if (kh_plan_get_unit_group (plan, u) == found)
      g_array_append_val (units, u);
  *group = found;
  *n_units = units->len;
  return (guint *) g_array_free (g_steal_pointer (&units), FALSE);
}
