/* kh-report-recommend.c — the "321" recommendations in the annual report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After the ranking of a group whose quota rule recommends units (cities recommending
 * 先进县): one row per unit of the group, in rank order — its tier, its quota, where its
 * list comes from (entered by the unit, or by the rule), the units it recommends (with
 * their rank) and those not taken with the reason (a check, or a
 * tie at the cut of the quota); then the resulting list of recommended units by rank.
 * The figures are KhRecommendation's (core/kh-recommend.c), filled by
 * kh_report_data_load() from the project.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-report-private.h"

/* The group's units are its chart's, the report year's units of the group (the plan may be
 * gone: kh_report_data_drop_plans). */
static gboolean
in_group (KhReportGroup *group,
          const char    *unit_id)
{
  return kh_chart_data_find_unit (group->chart, unit_id) >= 0;
}

/* The recommendation of a rule of @group's in which one of its units takes part. */
static const KhRecommendation *
group_recommendation (KhReport      *report,
                      KhReportGroup *group)
{
  if (group->rule == NULL)
    return NULL;
  for (guint i = 0; i < report->data->recommendations->len; i++)
    {
      const KhRecommendation *r = report->data->recommendations->pdata[i];
      gboolean ours = FALSE;

      for (guint q = 0; q < group->rule->quotas->len && !ours; q++)
        ours = g_strcmp0 (((KhQuotaRule *) group->rule->quotas->pdata[q])->id, r->quota_id) == 0;
      for (guint p = 0; ours && p < r->parents->len; p++)
        if (in_group (group, ((KhRecommender *) r->parents->pdata[p])->unit_id))
          return r;
    }
  return NULL;
}

static const char *
rule_name (KhReport               *report,
           const KhRecommendation *r)
{
  const char *name = kh_text_get (&r->name, report->data->lang);

  return name != NULL ? name : r->quota_id;
}

char *
kh_report_recommend_caption (KhReport      *report,
                             KhReportGroup *group)
{
  const KhRecommendation *r = group_recommendation (report, group);

  if (r == NULL)
    return NULL;
  /* TRANSLATORS: a caption above a table, e.g. "“321”先进县推荐名额: each unit's quota by its
   * tier and the units it recommends (rank in brackets)" */
  return g_strdup_printf (_("%s: each unit's quota by its tier and the units it recommends "
                            "(their rank in brackets)"),
                          rule_name (report, r));
}

char *
kh_report_advanced_caption (KhReport      *report,
                            KhReportGroup *group)
{
  const KhRecommendation *r = group_recommendation (report, group);

  if (r == NULL)
    return NULL;
  /* TRANSLATORS: a caption above the list of the recommended units (先进县), by rank */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u unit recommended, by rank",
                                       "%s: %u units recommended, by rank", r->advanced->len),
                          rule_name (report, r), r->advanced->len);
}

KhReportTable *
kh_report_recommend_table (KhReport      *report,
                           KhReportGroup *group)
{
  const KhRecommendation *r = group_recommendation (report, group);
  /* TRANSLATORS: a column: where a unit's recommendations come from (entered, by the rule) */
  const char *titles[] = { _("Unit"), _("Tier"), _("Quota"), _("List"), _("Recommended"),
                           _("Not taken") };
  const double widths[] = { 1.6, 1.3, 1.1, 1.3, 3.8, 3.3 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT,
                             KH_ALIGN_LEFT, KH_ALIGN_LEFT };
  KhReportTable *table;

  if (r == NULL)
    return NULL;
  table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);
  for (guint p = 0; p < r->parents->len; p++)
    {
      const KhRecommender *parent = r->parents->pdata[p];
      g_autofree char *taken = NULL;
      g_autofree char *left = NULL;
      g_autofree char *quota = g_strdup_printf ("%d", parent->quota);

      if (!in_group (group, parent->unit_id))
        continue;
      kh_recommend_summarize (parent, &taken, &left);
      {
        const char *cells[] = { parent->name, parent->tier_name, quota, kh_recommend_source (parent),
                                taken[0] != '\0' ? taken : "—", left };

        kh_report_table_add_row (table, cells);
      }
    }
  return table;
}

KhReportTable *
kh_report_advanced_table (KhReport      *report,
                          KhReportGroup *group)
{
  const KhRecommendation *r = group_recommendation (report, group);
  const char *titles[] = { _("Rank"), _("Unit"), _("Tier"), _("Recommended by") };
  const double widths[] = { 0.8, 3.0, 1.4, 2.4 };
  const KhAlign aligns[] = { KH_ALIGN_RIGHT, KH_ALIGN_LEFT, KH_ALIGN_LEFT, KH_ALIGN_LEFT };
  KhReportTable *table;

  if (r == NULL || r->advanced->len == 0)
    return NULL;
  table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);
  for (guint i = 0; i < r->advanced->len; i++)
    {
      const KhRecommended *item = r->advanced->pdata[i];
      g_autofree char *rank = kh_report_format_rank (item->rank);
      const char *cells[] = { rank, item->name, item->tier_name,
                              item->parent_name != NULL ? item->parent_name : "" };

      kh_report_table_add_row (table, cells);
    }
  return table;
}
