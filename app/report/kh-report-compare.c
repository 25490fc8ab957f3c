/* kh-report-compare.c — the comparison report: the table of changes between two years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-report-private.h"

typedef struct
{
  guint index;
  gboolean known;
  int change;
  int rank;
} ChangeOrder;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const ChangeOrder *x = a, *y = b;

  if (x->known != y->known)
    return x->known ? -1 : 1;
  if (x->known && x->change != y->change)
    return x->change > y->change ? -1 : 1;
  if (x->rank != y->rank)
    {
      if (x->rank == 0 || y->rank == 0)
        return x->rank == 0 ? 1 : -1;
      return x->rank < y->rank ? -1 : 1;
    }
  return x->index < y->index ? -1 : x->index > y->index;
}

KhReportTable *
kh_report_compare_table (KhReport      *report,
                         KhReportGroup *group)
{
  int y0 = report->data->years[report->from], y1 = report->data->years[report->to];
  g_autofree char *rank0 = g_strdup_printf (_("Rank %d"), y0);
  g_autofree char *rank1 = g_strdup_printf (_("Rank %d"), y1);
  g_autofree char *score0 = g_strdup_printf (_("Score %d"), y0);
  g_autofree char *score1 = g_strdup_printf (_("Score %d"), y1);
  /* TRANSLATORS: a column of the comparison report: the tier a unit had in year %d */
  g_autofree char *tier0 = g_strdup_printf (_("Tier in %d"), y0);
  g_autofree char *tier1 = g_strdup_printf (_("Tier in %d"), y1);
  const char *titles[] = { _("Unit"), rank0, rank1, _("Change"), score0, score1, tier0, tier1 };
  const double widths[] = { 2.3, 1.0, 1.0, 0.9, 1.2, 1.2, 1.3, 1.3 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT,
                             KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_LEFT, KH_ALIGN_LEFT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (ChangeOrder));

  for (guint i = 0; i < group->chart->units->len; i++)
    {
      KhChartUnit *unit = group->chart->units->pdata[i];
      ChangeOrder item = { i, FALSE, 0, unit->ranks[report->to] };

      item.known = kh_chart_unit_change (unit, report->from, report->to, &item.change);
      g_array_append_val (order, item);
    }
  g_array_sort (order, compare_changes);

  for (guint k = 0; k < order->len; k++)
    {
      ChangeOrder *item = &g_array_index (order, ChangeOrder, k);
      KhChartUnit *unit = group->chart->units->pdata[item->index];
      g_autofree char *r0 = kh_report_format_rank (unit->ranks[report->from]);
      g_autofree char *r1 = kh_report_format_rank (unit->ranks[report->to]);
      g_autofree char *change = kh_report_format_change (item->known, item->change);
      g_autofree char *s0 = kh_report_format_score_marked (unit->scores[report->from], group->precision,
                                                           unit->coverage[report->from]);
      g_autofree char *s1 = kh_report_format_score_marked (unit->scores[report->to], group->precision,
                                                           unit->coverage[report->to]);
      const char *cells[] = { ((KhReportRow *) group->rows->pdata[item->index])->name, r0, r1, change, s0, s1,
                              kh_report_group_tier_name (group, unit->tiers[report->from]),
                              kh_report_group_tier_name (group, unit->tiers[report->to]) };

      kh_report_table_add_row (table, cells);
    }
  return table;
}
