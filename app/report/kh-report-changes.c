/* kh-report-changes.c — what a report says about the change against last year: the
 * framework and performance effects, the units passed and why, framework changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numbers are the comparison engine's (core/kh-compare.h); this file only picks
 * what the printed report shows of them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-compare.h"
#include "kh-report-data.h"

/* At most this many units passed (and passed by) are printed per unit. */
#define MAX_OVERTAKES 5

char *
kh_report_framework_change_text (KhFramework *earlier,
                                 KhFramework *later)
{
  g_autoptr (GArray) changes = NULL;
  guint counts[4] = { 0, 0, 0, 0 };
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (earlier == NULL || later == NULL)
    return NULL;
  changes = kh_framework_diff (earlier, later);
  if (changes->len == 0)
    return NULL;
  for (guint i = 0; i < changes->len; i++)
    {
      const KhFrameworkChange *c = &g_array_index (changes, KhFrameworkChange, i);

      counts[MIN ((guint) c->kind, 3u)]++;
    }
  if (counts[KH_FRAMEWORK_ADMITTED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u indicator admitted",
                                                          "%u indicators admitted", counts[KH_FRAMEWORK_ADMITTED]),
                                             counts[KH_FRAMEWORK_ADMITTED]));
  if (counts[KH_FRAMEWORK_RETIRED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retired", "%u retired",
                                                          counts[KH_FRAMEWORK_RETIRED]),
                                             counts[KH_FRAMEWORK_RETIRED]));
  if (counts[KH_FRAMEWORK_REPLACED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u replaced", "%u replaced",
                                                          counts[KH_FRAMEWORK_REPLACED]),
                                             counts[KH_FRAMEWORK_REPLACED]));
  if (counts[KH_FRAMEWORK_REWEIGHTED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u re-weighted", "%u re-weighted",
                                                          counts[KH_FRAMEWORK_REWEIGHTED]),
                                             counts[KH_FRAMEWORK_REWEIGHTED]));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static char *
signed_points (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* −0.00 reads as +0.00 */
  if (fabs (value) < 0.005)
    value = 0;
  g_ascii_formatd (buf, sizeof buf, "%+.2f", value);
  return g_strdup (buf);
}

/* "镇江市 +1.20 (高质量发展成效 +1.35)": the change of the gap between @unit and @other
 * (positive: @unit gained on @other) and the exam paper whose part of it is largest. */
static char *
overtake_line (KhComparison *cmp,
               KhPlan       *plan,
               guint         unit,
               guint         other,
               double       *parts,
               KhLang        lang)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  const char *name = kh_dataset_get_unit_name (ds, other);
  double adjustments, framework, gap;
  int best = -1;
  g_autofree char *gap_text = NULL;

  if (name == NULL || *name == '\0')
    name = kh_dataset_get_unit_id (ds, other);
  if (!kh_comparison_attribute_gap (cmp, unit, other, parts, &adjustments, &framework, &gap))
    return g_strdup (name);
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    if (kh_plan_get_node (plan, n)->kind == KH_NODE_PAPER && (best < 0 || fabs (parts[n]) > fabs (parts[best])))
      best = (int) n;
  gap_text = signed_points (gap);
  if (best >= 0 && fabs (parts[best]) >= 0.005)
    {
      const KhNode *node = kh_plan_get_node (plan, (guint) best);
      const char *paper = kh_text_get (&node->name, lang);
      g_autofree char *part = signed_points (parts[best]);

      /* TRANSLATORS: a unit, the change of the gap to it, the paper that moved it most */
      return g_strdup_printf (_("%s %s (%s %s)"), name, gap_text, paper != NULL ? paper : node->id, part);
    }
  return g_strdup_printf ("%s %s", name, gap_text);
}

/* @units: the first of the @n_units units passed (or passed by). */
static void
fill_overtakes (GPtrArray    *lines,
                GArray       *units,
                guint         n_units,
                KhComparison *cmp,
                KhPlan       *plan,
                guint         unit,
                double       *parts,
                KhLang        lang)
{
  for (guint i = 0; i < MIN (units->len, MAX_OVERTAKES); i++)
    g_ptr_array_add (lines, overtake_line (cmp, plan, unit, g_array_index (units, guint, i), parts, lang));
  if (n_units > MAX_OVERTAKES)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more unit", "and %u more units",
                                                          n_units - MAX_OVERTAKES),
                                             n_units - MAX_OVERTAKES));
}

/* @previous: last year's plan, or NULL when its framework @earlier is @plan's own. */
static gboolean
add_comparison (KhReportData *data,
                KhPlan       *plan,
                KhFramework  *earlier,
                KhPlan       *previous,
                GError      **error)
{
  KhFramework *fw;
  KhDataset *ds;
  g_autofree char *change = NULL;
  g_autoptr (KhPlan) like = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  g_autoptr (KhOvertakes) overtakes = NULL;
  g_autofree double *parts = NULL;

  fw = kh_plan_get_framework (plan);
  ds = kh_plan_get_dataset (plan);
  /* Like for like: last year's data under this year's framework, when it changed. */
  change = kh_report_framework_change_text (earlier, fw);
  if (change != NULL)
    {
      g_return_val_if_fail (previous != NULL, FALSE);
      like = kh_plan_new_like_for_like (fw, previous, error);
      if (like == NULL)
        return FALSE;
      kh_plan_compute (like);
    }
  cmp = kh_comparison_new (plan, like);
  /* every unit's at once: one unit at a time is quadratic in the units (issue 22) */
  if (data->list_overtakes)
    overtakes = kh_comparison_get_all_overtakes (cmp, MAX_OVERTAKES);
  parts = g_new0 (double, MAX (kh_plan_get_n_nodes (plan), 1));

  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      if (group->framework != fw)
        continue;
      g_free (group->last_year_change);
      group->last_year_change = g_strdup (change);
      for (guint i = 0; i < group->rows->len; i++)
        {
          KhReportRow *row = group->rows->pdata[i];
          KhChartUnit *cu = group->chart->units->pdata[i];
          guint u = kh_plan_find_unit (plan, cu->id);
          g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
          guint n_passed, n_passed_by;
          double total, framework, performance;

          if (u >= kh_dataset_get_n_units (ds)
              || !kh_comparison_get_change (cmp, u, &total, &framework, &performance))
            continue;
          row->has_effects = TRUE;
          row->total_change = total;
          row->framework_effect = framework;
          row->performance_effect = performance;
          if (overtakes == NULL)
            continue;
          kh_overtakes_get (overtakes, u, passed, passed_by, &n_passed, &n_passed_by);
          fill_overtakes (row->passed, passed, n_passed, cmp, plan, u, parts, data->lang);
          fill_overtakes (row->passed_by, passed_by, n_passed_by, cmp, plan, u, parts, data->lang);
        }
    }
  return TRUE;
}

gboolean
kh_report_data_add_comparison (KhReportData *data,
                               KhPlan       *plan,
                               KhPlan       *previous,
                               GError      **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (previous == NULL)
    return TRUE;
  return add_comparison (data, plan, kh_plan_get_framework (previous), previous, error);
}

gboolean
kh_report_data_add_comparison_unchanged (KhReportData *data,
                                         KhPlan       *plan,
                                         KhFramework  *earlier)
{
  g_autofree char *change = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (earlier != NULL, FALSE);

  change = kh_report_framework_change_text (earlier, kh_plan_get_framework (plan));
  if (change != NULL)
    return FALSE;
  return add_comparison (data, plan, earlier, NULL, NULL);
}
