/* kh-report-annual.c — the annual report: a ranking table per peer group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-report-private.h"

KhReportTable *
kh_report_annual_table (KhReport      *report,
                        KhReportGroup *group)
{
  const char *titles[] = { _("Rank"), _("Unit"), _("Score"), _("Tier"), _("Previous rank"),
                           _("Change"), _("Awards") };
  const double widths[] = { 0.8, 2.55, 1.25, 1.2, 1.5, 1.0, 1.9 }; /* the score with room for " ◔" */
  const KhAlign aligns[] = { KH_ALIGN_RIGHT, KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT,
                             KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);

  for (guint i = 0; i < group->rows->len; i++)
    {
      KhReportRow *row = group->rows->pdata[i];
      g_autofree char *rank = kh_report_format_rank (row->rank);
      g_autofree char *score = kh_report_format_score_marked (row->score, group->precision, row->coverage);
      g_autofree char *prev = kh_report_format_rank (row->prev_rank);
      g_autofree char *change = kh_report_format_change (row->has_change, row->change);
      const char *cells[] = { rank, row->name, score, kh_report_group_tier_name (group, row->tier),
                              prev, change, row->awards };

      kh_report_table_add_row (table, cells);
    }
  return table;
}
