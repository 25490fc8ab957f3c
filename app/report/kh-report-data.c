/* kh-report-data.c — what a report prints: results of one year with their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-tier-name.h"
#include "kh-report-data.h"

G_DEFINE_QUARK (kh-report-error-quark, kh_report_error)

static void
report_node_free (KhReportNode *node)
{
  g_free (node->id);
  g_free (node->name);
  g_free (node);
}

static void
report_row_free (KhReportRow *row)
{
  g_free (row->name);
  g_free (row->awards);
  g_free (row->node_scores);
  g_free (row->indicator_scores);
  g_ptr_array_unref (row->passed);
  g_ptr_array_unref (row->passed_by);
  g_free (row);
}

static void
report_group_free (KhReportGroup *group)
{
  g_free (group->id);
  g_free (group->name);
  g_free (group->category);
  g_free (group->category_title);
  g_free (group->category_name);
  g_strfreev (group->tier_names);
  kh_chart_data_free (group->chart);
  g_ptr_array_unref (group->rows);
  g_ptr_array_unref (group->nodes);
  g_ptr_array_unref (group->indicators);
  g_free (group->node_means);
  g_clear_pointer (&group->framework, kh_framework_unref);
  g_clear_pointer (&group->plan, kh_plan_unref);
  g_free (group->spec);
  g_free (group->spec_name);
  g_clear_pointer (&group->robustness, kh_sensitivity_result_free);
  g_free (group->robustness_error);
  g_clear_pointer (&group->audit, kh_stat_audit_free);
  g_clear_pointer (&group->health, g_array_unref);
  g_ptr_array_unref (group->earlier_plans);
  g_ptr_array_unref (group->earlier_health);
  g_ptr_array_unref (group->earlier_health_plans);
  if (group->framework_changes != NULL)
    for (int y = 0; y < group->chart_years; y++)
      g_free (group->framework_changes[y]);
  g_free (group->framework_changes);
  g_free (group->last_year_change);
  g_free (group);
}

static void
report_data_clear (gpointer mem)
{
  KhReportData *data = mem;

  g_free (data->project_name);
  g_free (data->project_id);
  g_free (data->chain_head);
  g_free (data->date);
  g_free (data->issuer);
  g_free (data->seal);
  g_free (data->years);
  g_ptr_array_unref (data->groups);
  g_ptr_array_unref (data->surveys);
  g_ptr_array_unref (data->recommendations);
}

KhReportData *
kh_report_data_new (int        year,
                    int        n_years,
                    const int *years)
{
  KhReportData *data;
  gboolean found = FALSE;

  g_return_val_if_fail (n_years > 0 && years != NULL, NULL);
  for (int i = 0; i < n_years; i++)
    {
      g_return_val_if_fail (i == 0 || years[i] > years[i - 1], NULL);
      found = found || years[i] == year;
    }
  g_return_val_if_fail (found, NULL);

  data = g_rc_box_new0 (KhReportData);
  data->year = year;
  data->n_years = n_years;
  data->years = g_memdup2 (years, sizeof (int) * n_years);
  data->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) report_group_free);
  data->surveys = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_report_survey_free);
  data->recommendations = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_recommendation_free);
  data->project_name = g_strdup ("");
  data->project_id = g_strdup ("");
  data->chain_head = g_strdup ("");
  data->date = g_strdup ("");
  data->keep_earlier_plans = TRUE;
  data->list_overtakes = TRUE;
  return data;
}

KhReportData *
kh_report_data_ref (KhReportData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return g_rc_box_acquire (data);
}

void
kh_report_data_unref (KhReportData *data)
{
  g_rc_box_release_full (data, report_data_clear);
}

int
kh_report_data_find_year (KhReportData *data,
                          int           year)
{
  g_return_val_if_fail (data != NULL, -1);

  for (int i = 0; i < data->n_years; i++)
    if (data->years[i] == year)
      return i;
  return -1;
}

void
kh_report_data_set_lang (KhReportData *data,
                         KhLang        lang)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (data->groups->len == 0);
  data->lang = lang;
}

void
kh_report_data_set_list_overtakes (KhReportData *data,
                                   gboolean      list)
{
  g_return_if_fail (data != NULL);
  data->list_overtakes = list;
}

void
kh_report_data_set_keep_earlier_plans (KhReportData *data,
                                       gboolean      keep)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (data->groups->len == 0);
  data->keep_earlier_plans = keep;
}

void
kh_report_data_drop_plans (KhReportData *data)
{
  g_return_if_fail (data != NULL);

  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      g_clear_pointer (&group->plan, kh_plan_unref);
      g_ptr_array_set_size (group->earlier_plans, 0);
      g_ptr_array_set_size (group->earlier_health_plans, 0);
    }
}

KhReportGroup *
kh_report_data_find_group (KhReportData *data,
                           const char   *id)
{
  g_return_val_if_fail (data != NULL, NULL);

  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];

      if (g_strcmp0 (group->id, id) == 0)
        return group;
    }
  return NULL;
}

const char *
kh_report_category_name (const char *category,
                         const char *fallback)
{
  static const struct
  {
    const char *id;
    const char *name;
  } known[] = {
    { "city", N_("Prefecture-level cities") },
    { "agency", N_("Provincial agencies") },
    { "university", N_("Provincial universities") },
    { "county", N_("Counties, county-level cities and districts") },
  };

  for (guint i = 0; category != NULL && i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (known[i].id, category))
      return _(known[i].name);
  return fallback != NULL ? fallback : category != NULL ? category : "";
}

const char *
kh_report_group_tier_name (KhReportGroup *group,
                           int            tier)
{
  g_return_val_if_fail (group != NULL, "");

  if (tier <= 0 || tier > group->n_tiers)
    return "";
  return group->tier_names[tier - 1];
}

static char *
text_or (const KhText *text,
         const char   *fallback,
         KhLang        lang)
{
  const char *zh = kh_text_get (text, lang);

  return g_strdup (zh != NULL ? zh : fallback);
}

static int
node_depth (const KhNode *node)
{
  int depth = 0;

  for (const KhNode *n = node; n->parent != NULL; n = n->parent)
    depth++;
  return depth;
}

/* Papers and dimensions (pre-order) and indicators, as the plan numbers them. */
static void
collect_nodes (KhReportGroup *group,
               KhPlan        *plan,
               GArray        *node_index,
               GArray        *indicator_index,
               KhLang         lang)
{
  for (guint n = 1; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      KhReportNode *item = g_new0 (KhReportNode, 1);

      item->id = g_strdup (node->id);
      item->name = text_or (&node->name, node->id, lang);
      item->kind = node->kind;
      item->depth = node_depth (node);
      item->points = node->points;
      if (node->kind == KH_NODE_INDICATOR)
        {
          g_ptr_array_add (group->indicators, item);
          g_array_append_val (indicator_index, n);
        }
      else
        {
          g_ptr_array_add (group->nodes, item);
          g_array_append_val (node_index, n);
        }
    }
}

/* The radar's axes: the dimensions when there are three or more, else the papers. */
static void
choose_parts (KhReportGroup *group,
              GArray        *parts)
{
  KhNodeKind kinds[] = { KH_NODE_DIMENSION, KH_NODE_PAPER };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_array_set_size (parts, 0);
      for (guint i = 0; i < group->nodes->len; i++)
        if (((KhReportNode *) group->nodes->pdata[i])->kind == kinds[k])
          g_array_append_val (parts, i);
      if (parts->len >= 3)
        return;
    }
}

static char *
award_names (KhPlan  *plan,
             KhGroup *group,
             guint    unit,
             KhLang   lang)
{
  GString *names = g_string_new (NULL);

  for (guint a = 0; a < group->awards->len; a++)
    if (kh_plan_has_award (plan, unit, a))
      {
        const KhAwardRule *rule = group->awards->pdata[a];

        if (names->len > 0)
          g_string_append (names, "、");
        g_string_append (names, kh_text_get (&rule->name, lang) != NULL
                                  ? kh_text_get (&rule->name, lang) : rule->id);
      }
  return g_string_free (names, FALSE);
}

typedef struct
{
  guint unit;
  int rank;
  const char *id;
} UnitOrder;

static int
compare_unit_order (gconstpointer a,
                    gconstpointer b)
{
  const UnitOrder *x = a, *y = b;

  if (x->rank != y->rank)
    {
      if (x->rank == 0 || y->rank == 0)
        return x->rank == 0 ? 1 : -1;
      return x->rank < y->rank ? -1 : 1;
    }
  return strcmp (x->id, y->id);
}

static KhReportGroup *
group_new (KhReportData *data,
           KhPlan       *plan,
           KhGroup      *fw_group,
           GArray       *node_index,
           GArray       *indicator_index)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  KhReportGroup *group = g_new0 (KhReportGroup, 1);
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree const char **part_names = NULL;

  group->id = g_strdup (fw_group->id);
  group->name = text_or (&fw_group->name, fw_group->id, data->lang);
  group->category = g_strdup (fw->category != NULL ? fw->category : "");
  group->category_title = text_or (&fw->title, group->category, data->lang);
  group->category_name = g_strdup (kh_report_category_name (group->category, group->category_title));
  group->precision = fw_group->precision >= 0 ? fw_group->precision : fw->precision;
  group->n_tiers = MAX (fw_group->tiers.n_tiers, 0);
  group->tier_names = g_new0 (char *, group->n_tiers + 1);
  for (int t = 0; t < group->n_tiers; t++)
    group->tier_names[t] = kh_tier_name (&fw_group->tiers, t + 1, data->lang);
  group->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);
  group->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) report_node_free);
  group->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) report_node_free);
  group->earlier_plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  group->earlier_health = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  group->earlier_health_plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_array_set_size (node_index, 0);
  g_array_set_size (indicator_index, 0);
  collect_nodes (group, plan, node_index, indicator_index, data->lang);

  group->chart = kh_chart_data_new (data->n_years, data->years);
  /* The report captions every chart itself. */
  group->chart->title = NULL;
  group->chart->tier_names = g_strdupv (group->tier_names);
  group->framework = kh_framework_ref (kh_plan_get_framework (plan));
  group->framework_changes = g_new0 (char *, data->n_years);
  group->chart_years = data->n_years;
  group->rule = fw_group;
  group->plan = kh_plan_ref (plan);
  choose_parts (group, parts);
  part_names = g_new0 (const char *, parts->len + 1);
  for (guint p = 0; p < parts->len; p++)
    part_names[p] = ((KhReportNode *) group->nodes->pdata[g_array_index (parts, guint, p)])->name;
  kh_chart_data_set_parts (group->chart, (int) parts->len, part_names);
  for (guint p = 0; p < parts->len; p++)
    group->chart->part_max[p] = ((KhReportNode *) group->nodes->pdata[g_array_index (parts, guint, p)])->points;
  return group;
}

static char *
shorten (const char *name)
{
  if (g_utf8_strlen (name, -1) <= KH_REPORT_LABEL_MAX)
    return g_strdup (name);
  g_autofree char *head = g_utf8_substring (name, 0, KH_REPORT_LABEL_MAX - 1);

  return g_strconcat (head, "…", NULL);
}

static void
fill_group (KhReportData  *data,
            KhReportGroup *group,
            KhPlan        *plan,
            KhGroup       *fw_group,
            GArray        *node_index,
            GArray        *indicator_index)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  int y = kh_report_data_find_year (data, data->year);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (UnitOrder));
  guint n_nodes = group->nodes->len;

  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    if (kh_plan_get_unit_group (plan, u) == fw_group)
      {
        UnitOrder item = { u, kh_plan_get_rank (plan, u), kh_dataset_get_unit_id (ds, u) };

        g_array_append_val (order, item);
      }
  g_array_sort (order, compare_unit_order);

  group->node_means = g_new0 (double, MAX (n_nodes, 1));
  for (guint i = 0; i < order->len; i++)
    {
      guint u = g_array_index (order, UnitOrder, i).unit;
      const char *name = kh_dataset_get_unit_name (ds, u);
      g_autofree char *label = NULL;
      KhChartUnit *unit;
      KhReportRow *row = g_new0 (KhReportRow, 1);

      if (name == NULL || *name == '\0')
        name = kh_dataset_get_unit_id (ds, u);
      row->name = g_strdup (name);
      label = shorten (name);
      unit = kh_chart_data_add_unit (group->chart, kh_dataset_get_unit_id (ds, u), label);
      kh_chart_unit_set_short_label (unit, kh_dataset_get_unit_short_name (ds, u));

      row->score = kh_plan_get_rounded_total (plan, u);
      row->rank = kh_plan_get_rank (plan, u);
      row->tier = kh_plan_get_tier (plan, u);
      row->prev_rank = kh_plan_get_previous_rank (plan, u);
      row->has_change = kh_plan_get_rank_change (plan, u, &row->change);
      row->awards = award_names (plan, fw_group, u, data->lang);
      row->coverage = kh_plan_get_coverage (plan, u, 0);
      row->passed = g_ptr_array_new_with_free_func (g_free);
      row->passed_by = g_ptr_array_new_with_free_func (g_free);
      row->node_scores = g_new (double, MAX (n_nodes, 1));
      for (guint n = 0; n < n_nodes; n++)
        row->node_scores[n] = kh_plan_get_node_score (plan, u, g_array_index (node_index, guint, n));
      row->indicator_scores = g_new (double, MAX (indicator_index->len, 1));
      for (guint n = 0; n < indicator_index->len; n++)
        row->indicator_scores[n] = kh_plan_get_node_score (plan, u, g_array_index (indicator_index, guint, n));
      g_ptr_array_add (group->rows, row);

      unit->ranks[y] = row->rank;
      unit->tiers[y] = row->tier;
      unit->scores[y] = row->score;
      unit->coverage[y] = row->coverage;
    }

  /* Group means over the units that have a score for the node. */
  for (guint n = 0; n < n_nodes; n++)
    {
      double sum = 0;
      guint count = 0;

      for (guint i = 0; i < group->rows->len; i++)
        {
          double s = ((KhReportRow *) group->rows->pdata[i])->node_scores[n];

          if (!isnan (s))
            {
              sum += s;
              count++;
            }
        }
      group->node_means[n] = count > 0 ? sum / count : NAN;
    }
}

/* Rank, tier, score and part scores of every unit of the report found in @plan. */
static void
fill_history (KhReportData *data,
              KhPlan       *plan,
              int           y)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  const char *category = kh_plan_get_framework (plan)->category;

  for (guint g = 0; g < data->groups->len; g++)
    {
      KhReportGroup *group = data->groups->pdata[g];
      KhChartData *chart = group->chart;

      /* Units are matched within their category only. */
      if (g_strcmp0 (group->category, category != NULL ? category : "") != 0)
        continue;
      g_autofree int *part_nodes = g_new (int, MAX (chart->n_parts, 1));
      g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (guint));

      choose_parts (group, parts);
      g_assert (parts->len == (guint) chart->n_parts);
      if (group->framework_changes[y] == NULL)
        group->framework_changes[y] = kh_report_framework_change_text (kh_plan_get_framework (plan),
                                                                       group->framework);
      /* the health's trend: the earlier years in order (data->years ascend) */
      if (data->years[y] < data->year && data->keep_earlier_plans)
        {
          guint at = 0;

          while (at < group->earlier_plans->len
                 && kh_dataset_get_year (kh_plan_get_dataset (group->earlier_plans->pdata[at]))
                      < data->years[y])
            at++;
          /* one plan a year: a second project's of the same category and year is not added */
          if (at == group->earlier_plans->len
              || kh_dataset_get_year (kh_plan_get_dataset (group->earlier_plans->pdata[at]))
                   != data->years[y])
            g_ptr_array_insert (group->earlier_plans, (int) at, kh_plan_ref (plan));
        }
      for (int p = 0; p < chart->n_parts; p++)
        {
          KhReportNode *node = group->nodes->pdata[g_array_index (parts, guint, p)];

          part_nodes[p] = kh_plan_find_node (plan, node->id);
        }

      for (guint i = 0; i < chart->units->len; i++)
        {
          KhChartUnit *unit = chart->units->pdata[i];
          guint u = kh_plan_find_unit (plan, unit->id);

          if (u >= kh_dataset_get_n_units (ds))
            continue;
          unit->ranks[y] = kh_plan_get_rank (plan, u);
          unit->tiers[y] = kh_plan_get_tier (plan, u);
          unit->scores[y] = kh_plan_get_rounded_total (plan, u);
          unit->coverage[y] = kh_plan_get_coverage (plan, u, 0);
          for (int p = 0; p < chart->n_parts; p++)
            if (part_nodes[p] >= 0)
              unit->parts[y * chart->n_parts + p] = kh_plan_get_node_score (plan, u, (guint) part_nodes[p]);
        }
    }
}

gboolean
kh_report_data_add_plan (KhReportData *data,
                         KhPlan       *plan,
                         GError      **error)
{
  KhFramework *fw;
  int year, y;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fw = kh_plan_get_framework (plan);
  year = kh_dataset_get_year (kh_plan_get_dataset (plan));
  y = kh_report_data_find_year (data, year);
  if (y < 0)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("the results of %d are not among the years of the report"), year);
      return FALSE;
    }

  if (year == data->year)
    {
      g_autoptr (GArray) node_index = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr (GArray) indicator_index = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint g = 0; g < fw->groups->len; g++)
        {
          KhGroup *fw_group = fw->groups->pdata[g];
          KhReportGroup *group;

          if (kh_report_data_find_group (data, fw_group->id) != NULL)
            {
              g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                           _("group “%s” of %d was added twice"), fw_group->id, year);
              return FALSE;
            }
          group = group_new (data, plan, fw_group, node_index, indicator_index);
          fill_group (data, group, plan, fw_group, node_index, indicator_index);
          g_ptr_array_add (data->groups, group);
        }
      fill_history (data, plan, y);
      return TRUE;
    }

  if (data->groups->len == 0)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("the results of %d must be added first"), data->year);
      return FALSE;
    }
  fill_history (data, plan, y);
  return TRUE;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned y, m, d;
  char end;

  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 || strlen (text) != 10)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

void
kh_report_data_set_date (KhReportData *data,
                         GError      **error)
{
  const char *fixed = g_getenv ("KAOHE_REPORT_DATE");
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr (GDateTime) now = NULL;
  GDate date;

  g_return_if_fail (data != NULL);

  g_date_clear (&date, 1);
  if (fixed != NULL && *fixed != '\0')
    {
      if (!parse_date (fixed, &date))
        {
          g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                       _("KAOHE_REPORT_DATE: “%s” is not a date of the form YYYY-MM-DD"), fixed);
          return;
        }
      g_free (data->date);
      data->date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                                    g_date_get_month (&date), g_date_get_day (&date));
      return;
    }
  if (epoch != NULL && *epoch != '\0')
    {
      char *end = NULL;
      gint64 seconds = g_ascii_strtoll (epoch, &end, 10);

      if (end == epoch || *end != '\0' || seconds < 0)
        {
          g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                       _("SOURCE_DATE_EPOCH: “%s” is not a number of seconds"), epoch);
          return;
        }
      now = g_date_time_new_from_unix_utc (seconds);
    }
  else
    now = g_date_time_new_now_local ();
  if (now == NULL)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID,
                   _("SOURCE_DATE_EPOCH: “%s” is out of range"), epoch);
      return;
    }
  g_free (data->date);
  data->date = g_date_time_format (now, "%Y-%m-%d");
}
