/* kh-report-robustness.c — how robust each group's ranking is: the annual report's tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_report_data_analyse() runs the sensitivity analysis and the statistical audit of
 * every group on its report-year plan (app/analysis); the tables below print what they
 * found after the group's ranking: each unit's rank interval and tier chances, then the
 * audit's flags and each dimension's Cronbach's α, then each indicator's health (its
 * weight nominal and effective, share at full points, CV, verdict and reasons) and its
 * trend over the report's earlier years (CV and share at full points, year by year).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-report-private.h"

gboolean
kh_report_data_analyse (KhReportData *data,
                        double        range,
                        guint         runs,
                        guint32       seed,
                        GError      **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(range > 0 && range < 1) || runs == 0)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("the weights may move by more than 0 %% and less than 100 %%, over one run or more"));
      return FALSE;
    }
  /* the plans are needed: not a data loaded without KH_REPORT_LOAD_FOR_ANALYSIS nor one
   * whose plans were dropped (kh_report_data_drop_plans) */
  for (guint g = 0; g < data->groups->len; g++)
    g_return_val_if_fail (((KhReportGroup *) data->groups->pdata[g])->plan != NULL, FALSE);
  data->robustness_range = range;
  data->robustness_runs = runs;
  data->robustness_seed = seed;
  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];
      g_autoptr (KhSensitivitySpec) spec = NULL;
      g_autoptr (KhSensitivity) s = NULL;
      g_autoptr (GError) local = NULL;

      g_clear_pointer (&group->robustness, kh_sensitivity_result_free);
      g_clear_pointer (&group->robustness_error, g_free);
      g_clear_pointer (&group->audit, kh_stat_audit_free);
      /* the stored spec with its own runs and seed; a spec that does not parse is the
       * group's error, never replaced by the default */
      if (group->spec != NULL)
        spec = kh_sensitivity_spec_parse (group->spec, -1, group->spec_name, &local);
      else
        {
          spec = kh_sensitivity_spec_new_weights (range);
          spec->runs = runs;
          spec->seed = seed;
        }
      if (spec != NULL)
        s = kh_sensitivity_new (group->plan, group->id, spec, &local);
      if (s != NULL)
        {
          /* the result is the same whatever the number of threads */
          kh_sensitivity_set_threads (s, g_get_num_processors ());
          if (kh_sensitivity_run (s, NULL, NULL, &local))
            group->robustness = kh_sensitivity_get_result (s, 0);
        }
      if (local != NULL)
        group->robustness_error = g_strdup (local->message);
      group->audit = kh_stat_audit_new (group->plan, group->id, NULL);
      g_clear_pointer (&group->health, g_array_unref);
      group->health = kh_indicator_health (group->plan, group->id, NULL);
      g_ptr_array_set_size (group->earlier_health, 0);
      g_ptr_array_set_size (group->earlier_health_plans, 0);
      for (guint i = 0; group->health != NULL && i < group->earlier_plans->len; i++)
        {
          /* a year without the group is left out, as kaohe-cli health does */
          GArray *earlier = kh_indicator_health (group->earlier_plans->pdata[i], group->id, NULL);

          if (earlier == NULL)
            continue;
          g_ptr_array_add (group->earlier_health, earlier);
          g_ptr_array_add (group->earlier_health_plans, kh_plan_ref (group->earlier_plans->pdata[i]));
        }
      if (group->health != NULL)
        kh_indicator_health_add_trend (group->health, group->plan, group->earlier_health,
                                       group->earlier_health_plans);
    }
  return TRUE;
}

char *
kh_report_robustness_caption (KhReport      *report,
                              KhReportGroup *group)
{
  KhReportData *data = report->data;
  /* the runs made: the design's rows times (inputs + 2), about as many as asked */
  g_autofree char *runs = g_strdup_printf ("%u", group->robustness != NULL ? group->robustness->n_runs
                                                                           : data->robustness_runs);

  if (group->spec != NULL)
    /* TRANSLATORS: e.g. "Robustness of the ranking: the uncertain inputs of the spec stored
     * for 2020 “city”, 300 runs (seed 1)"; the first %s is the spec's name */
    return g_strdup_printf (_("Robustness of the ranking: the uncertain inputs of %s, %s runs (seed %u)"),
                            group->spec_name, runs,
                            group->robustness != NULL ? group->robustness->seed : data->robustness_seed);
  /* TRANSLATORS: e.g. "Robustness of the ranking: every weight ± 25 %, 10000 runs (seed 1)" */
  return g_strdup_printf (_("Robustness of the ranking: every weight ± %.0f %%, %s runs (seed %u)"),
                          data->robustness_range * 100, runs, data->robustness_seed);
}

static char *
percent (double p)
{
  if (isnan (p))
    return g_strdup ("—");
  /* a chance that is not 0 never prints as 0 %, nor one short of certain as 100 % */
  if (p > 0 && p < 0.005)
    return g_strdup ("<1 %");
  if (p < 1 && p > 0.995)
    return g_strdup (">99 %");
  return g_strdup_printf ("%.0f %%", p * 100);
}

/* Why a group has no analysis. */
static KhReportTable *
refusal_table (KhReportGroup *group)
{
  const char *title[] = { _("No analysis of the ranking") };
  const double width[] = { 1.0 };
  const char *cells[] = { group->robustness_error != NULL ? group->robustness_error : "" };
  KhReportTable *table = kh_report_table_new (1, title, width, NULL);

  kh_report_table_add_row (table, cells);
  return table;
}

/* Rank, unit, median rank, the 5–95 % interval, then the chance of each tier. */
KhReportTable *
kh_report_robustness_table (KhReport      *report,
                            KhReportGroup *group)
{
  const KhSensitivityResult *r = group->robustness;
  guint n_tiers, n_columns;
  g_autofree const char **titles = NULL;
  g_autofree double *widths = NULL;
  g_autofree KhAlign *aligns = NULL;
  g_autoptr (GPtrArray) tier_titles = g_ptr_array_new_with_free_func (g_free);
  KhReportTable *table;

  if (r == NULL)
    return refusal_table (group);
  n_tiers = (guint) MAX (r->n_tiers, 0);
  n_columns = 4 + n_tiers + (r->n_units > 0 && r->units[r->n_units - 1].nominal_rank == 0 ? 1 : 0);
  titles = g_new0 (const char *, n_columns);
  widths = g_new0 (double, n_columns);
  aligns = g_new0 (KhAlign, n_columns);

  titles[0] = _("Rank");
  titles[1] = _("Unit");
  titles[2] = _("Median rank");
  titles[3] = _("Rank 5–95 %");
  widths[0] = 0.8;
  widths[1] = 2.8;
  widths[2] = 1.3;
  widths[3] = 1.5;
  aligns[0] = aligns[2] = aligns[3] = KH_ALIGN_RIGHT;
  for (guint t = 0; t < n_tiers; t++)
    {
      /* TRANSLATORS: a column: the chance of a tier, e.g. "P(第一等次)" */
      char *title = g_strdup_printf (_("P(%s)"), kh_report_group_tier_name (group, (int) t + 1));

      g_ptr_array_add (tier_titles, title);
      titles[4 + t] = title;
      widths[4 + t] = 1.2;
      aligns[4 + t] = KH_ALIGN_RIGHT;
    }
  if (4 + n_tiers < n_columns)
    {
      titles[n_columns - 1] = _("Not ranked");
      widths[n_columns - 1] = 1.1;
      aligns[n_columns - 1] = KH_ALIGN_RIGHT;
    }
  table = kh_report_table_new (n_columns, titles, widths, aligns);

  for (guint k = 0; k < r->n_units; k++)
    {
      const KhSensitivityUnit *u = &r->units[k];
      g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      int row = -1;

      for (guint i = 0; i < group->chart->units->len && row < 0; i++)
        if (g_strcmp0 (((KhChartUnit *) group->chart->units->pdata[i])->id, u->id) == 0)
          row = (int) i;
      g_ptr_array_add (cells, kh_report_format_rank (u->nominal_rank));
      g_ptr_array_add (cells, g_strdup (row >= 0 ? ((KhReportRow *) group->rows->pdata[row])->name : u->name));
      g_ptr_array_add (cells, kh_report_format_rank (u->median));
      g_ptr_array_add (cells, u->lo > 0 ? g_strdup_printf ("%d–%d", u->lo, u->hi) : g_strdup ("—"));
      for (guint t = 0; t < n_tiers; t++)
        g_ptr_array_add (cells, percent (u->p_tier[t]));
      if (4 + n_tiers < n_columns)
        g_ptr_array_add (cells, percent (u->p_unranked));
      kh_report_table_add_row (table, (const char *const *) cells->pdata);
    }
  return table;
}

/* A unit profile's: one figure a row, to fit a column of the page. */
KhReportTable *
kh_report_robustness_unit_table (KhReport      *report,
                                 KhReportGroup *group,
                                 const char    *unit_id)
{
  const KhSensitivityResult *r = group->robustness;
  const char *titles[] = { _("Robustness of the rank"), "" };
  const double widths[] = { 1.4, 1.6 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT };
  const KhSensitivityUnit *u;
  KhReportTable *table;
  int k;

  if (r == NULL)
    return refusal_table (group);
  k = kh_sensitivity_result_find_unit (r, unit_id);
  table = kh_report_table_new (2, titles, widths, aligns);
  if (k < 0)
    return table;
  u = &r->units[k];
  {
    /* TRANSLATORS: what the figures of a unit's robustness are over, e.g. "10000 runs, weights ± 25 %" */
    g_autofree char *over = group->spec != NULL
                              /* TRANSLATORS: e.g. "300 runs, the spec stored for 2020 “city”" */
                              ? g_strdup_printf (_("%u runs, %s"), r->n_runs, group->spec_name)
                              : g_strdup_printf (_("%u runs, weights ± %.0f %%"), r->n_runs,
                                                 report->data->robustness_range * 100);
    g_autofree char *median = kh_report_format_rank (u->median);
    g_autofree char *interval = u->lo > 0 ? g_strdup_printf ("%d–%d", u->lo, u->hi) : g_strdup ("—");
    const char *rows[][2] = { { _("Robustness over"), over }, { _("Median rank"), median },
                              { _("Rank 5–95 %"), interval } };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      kh_report_table_add_row (table, rows[i]);
  }
  for (int t = 0; t < r->n_tiers; t++)
    {
      g_autofree char *title = g_strdup_printf (_("P(%s)"), kh_report_group_tier_name (group, t + 1));
      g_autofree char *p = percent (u->p_tier[t]);
      const char *cells[] = { title, p };

      kh_report_table_add_row (table, cells);
    }
  if (u->p_unranked > 0)
    {
      g_autofree char *p = percent (u->p_unranked);
      const char *cells[] = { _("Not ranked"), p };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

static const char *
node_name (KhReport      *report,
           KhReportGroup *group,
           const char    *id)
{
  const KhNode *node = kh_framework_find_node (group->framework, id);
  const char *name = node != NULL ? kh_text_get (&node->name, report->data->lang) : NULL;

  return name != NULL ? name : id;
}

/* One finding a row: the flags (an indicator against its own dimension, two indicators
 * that say the same), then each dimension's Cronbach's α. */
KhReportTable *
kh_report_audit_table (KhReport      *report,
                       KhReportGroup *group)
{
  const char *titles[] = { _("Statistical audit"), _("Spearman ρ"), _("Pearson r") };
  const double widths[] = { 6.0, 1.2, 1.2 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);
  const KhStatAudit *audit = group->audit;

  for (guint f = 0; f < audit->flags->len; f++)
    {
      const KhAuditFlag *flag = &g_array_index (audit->flags, KhAuditFlag, f);
      const char *a = node_name (report, group, audit->ids[flag->a]);
      const char *b = node_name (report, group, audit->ids[flag->b]);
      g_autofree char *text = flag->kind == KH_AUDIT_FLAG_NEGATIVE
        /* TRANSLATORS: an indicator that works against the dimension it is part of */
        ? g_strdup_printf (_("%s correlates negatively with its own dimension, %s"), a, b)
        /* TRANSLATORS: two indicators that measure nearly the same, |ρ| > 0.9 */
        : g_strdup_printf (_("%s and %s say nearly the same (|ρ| > %.1f)"), a, b, KH_AUDIT_COLLINEAR);
      g_autofree char *rho = g_strdup_printf ("%.2f", flag->spearman);
      g_autofree char *r = isnan (flag->pearson) ? g_strdup ("—") : g_strdup_printf ("%.2f", flag->pearson);
      const char *cells[] = { text, rho, r };

      kh_report_table_add_row (table, cells);
    }
  if (audit->flags->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No flag: no indicator correlates negatively with its own "
                                                 "dimension, and no two indicators have |ρ| > %.1f"),
                                               KH_AUDIT_COLLINEAR);
      const char *cells[] = { text, "", "" };

      kh_report_table_add_row (table, cells);
    }
  for (guint d = 0; d < audit->n_dimensions; d++)
    {
      const KhAuditDimension *dim = &audit->dimensions[d];
      g_autofree char *alpha = isnan (dim->alpha) ? g_strdup ("—") : g_strdup_printf ("%.2f", dim->alpha);
      /* TRANSLATORS: e.g. "Cronbach's α of Development results (2 indicators, 4 units): 0.37" */
      g_autofree char *text = g_strdup_printf (_("Cronbach's α of %s (%u parts, %u units): %s"),
                                               node_name (report, group, audit->ids[dim->node]),
                                               dim->n_items, dim->n_complete, alpha);
      const char *cells[] = { text, "", "" };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

static char *
fixed (double value,
       int    digits)
{
  if (fabs (value) < 0.5 * pow (10, -digits))
    value = 0; /* never "-0.00" */
  return isfinite (value) ? g_strdup_printf ("%.*f", digits, value) : g_strdup ("—");
}

/* One indicator a row: its weight nominal and effective, share at full points, CV, and the
 * verdict with its reasons (kh-indicator-health.h). */
KhReportTable *
kh_report_health_table (KhReport      *report,
                        KhReportGroup *group)
{
  const char *titles[] = { _("Indicator health"), _("Nominal"), _("Effective"), _("Full points"),
                           _("CV"), _("Verdict") };
  const double widths[] = { 2.6, 1.5, 1.5, 1.3, 0.8, 4.4 };
  const KhAlign aligns[] = { KH_ALIGN_LEFT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT, KH_ALIGN_RIGHT,
                             KH_ALIGN_RIGHT, KH_ALIGN_LEFT };
  KhReportTable *table = kh_report_table_new (G_N_ELEMENTS (titles), titles, widths, aligns);

  for (guint i = 0; i < group->health->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (group->health, KhIndicatorHealth, i);
      g_autofree char *nominal = fixed (h->nominal, 2);
      g_autofree char *effective = fixed (h->effective, 2);
      g_autofree char *full = isfinite (h->saturation) ? g_strdup_printf ("%.0f %%", h->saturation * 100)
                                                       : g_strdup ("—");
      g_autofree char *cv = fixed (h->cv, 2);
      g_autofree char *reasons = kh_indicator_health_reasons (h, group->plan, report->data->lang);
      g_autofree char *verdict = *reasons != '\0'
                                   ? g_strdup_printf ("%s — %s", kh_health_verdict_label (h->verdict), reasons)
                                   : g_strdup (kh_health_verdict_label (h->verdict));
      const char *cells[] = { node_name (report, group, kh_plan_get_node (group->plan, h->node)->id),
                              nominal, effective, full, cv, verdict };

      kh_report_table_add_row (table, cells);
    }
  return table;
}

/* The trend, when the report has earlier years with the group: per indicator, its CV and
 * share at full points in each of them and the report year ("—": the indicator was not in
 * that year), as kaohe-cli health prints them "Over the years" and the Health tab shows
 * them; NULL without earlier years. */
KhReportTable *
kh_report_health_trend_table (KhReport      *report,
                              KhReportGroup *group)
{
  guint n_years = group->earlier_health->len + 1;
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *widths = g_new (double, n_years + 1);
  g_autofree KhAlign *aligns = g_new (KhAlign, n_years + 1);
  g_autofree const char **cells = g_new0 (const char *, n_years + 1);
  KhReportTable *table;

  if (group->health == NULL || group->earlier_health->len == 0)
    return NULL;
  g_ptr_array_add (titles, g_strdup (_("Indicator")));
  widths[0] = 2.6;
  aligns[0] = KH_ALIGN_LEFT;
  for (guint k = 0; k < n_years; k++)
    {
      KhPlan *plan = k < group->earlier_health->len ? group->earlier_health_plans->pdata[k]
                                                    : group->plan;

      g_ptr_array_add (titles, g_strdup_printf ("%d", kh_dataset_get_year (kh_plan_get_dataset (plan))));
      widths[k + 1] = 1.2;
      aligns[k + 1] = KH_ALIGN_RIGHT;
    }
  table = kh_report_table_new (n_years + 1, (const char *const *) titles->pdata, widths, aligns);
  for (guint i = 0; i < group->health->len; i++)
    {
      const KhIndicatorHealth *now = &g_array_index (group->health, KhIndicatorHealth, i);
      const char *id = kh_plan_get_node (group->plan, now->node)->id;
      g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      cells[0] = node_name (report, group, id);
      for (guint k = 0; k < n_years; k++)
        {
          const KhIndicatorHealth *h = k < group->earlier_health->len
                                         ? kh_indicator_health_find (group->earlier_health->pdata[k],
                                                                     group->earlier_health_plans->pdata[k],
                                                                     id)
                                         : now;
          g_autofree char *cv = h != NULL ? fixed (h->cv, 2) : NULL;
          g_autofree char *full = h != NULL && isfinite (h->saturation)
                                    ? g_strdup_printf ("%.0f %%", h->saturation * 100)
                                    : g_strdup ("—");

          /* TRANSLATORS: an indicator's coefficient of variation and share of units at
           * full points in a year of the report's health trend, e.g. "0.53 · 20 %" */
          g_ptr_array_add (texts, h != NULL ? g_strdup_printf (_("%s · %s"), cv, full) : g_strdup ("—"));
          cells[k + 1] = texts->pdata[texts->len - 1];
        }
      kh_report_table_add_row (table, cells);
    }
  return table;
}
