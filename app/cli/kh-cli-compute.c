/* kh-cli-compute.c — `kaohe-cli compute`: score units and print the results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli compute --framework F.xml --data D.csv [--previous P.csv]
 *                     [--group G | --category C] [--format csv|json] [-o OUT]
 *   kaohe-cli compute PROJECT.kaohe --year Y [--group G | --category C] [--format …] [-o OUT]
 *   kaohe-cli compute PROJECT.kaohe --year Y --recommended [--format …] [-o OUT]
 *   … [--lang zh_CN|zh_TW|en]
 *
 * File mode scores the data with the framework, the previous year's data (if given)
 * with the same framework; project mode computes each category of the year with its
 * own framework and the project's previous years (kh_project_compute_all), and changes
 * nothing in the file. Project mode prints every category (ascending) unless --category
 * or --group (the categories whose framework defines the group) narrows it.
 *
 * CSV columns: category,group,unit,name,score,rank,tier,prev_rank,rank_change,awards,
 * coverage (the share of the total's weight backed by this year's data, four decimals;
 * below 1 the unit is incomplete), then one column per node id (pre-order, the root first) with the node's score; with
 * several categories, the node ids of each category's framework follow in order of
 * first appearance, and a node that is not in a unit's framework is an empty cell.
 * `score` is the total rounded to the group's precision (the value ranked); node
 * scores have four decimals; awards are joined by ";". Rows: groups in framework
 * order, then rank (unranked last), then data order, per category. JSON carries the same and, per
 * unit, the explanation tree (raw, derived, treated and scored values, contributions
 * and their change against the previous year).
 *
 * --recommended prints instead the year's "321" recommendations (kh-recommend.h), one
 * row per recommended or tied unit, and per recommending unit without any one row with
 * empty unit fields. CSV columns: quota (the rule's id), parent, parent_name,
 * parent_rank, parent_tier, count (its quota), selection (rank, entered or none), unit,
 * name, rank, tier, status (accepted, tied, unknown, duplicate, other-parent, not-ranked,
 * vetoed, tier, over-quota), reason (empty when accepted); rows by the parents' rank.
 * JSON: {"year", "recommendations": [{"quota", "name", "target_category", "parents":
 * [{"unit", "name", "rank", "tier", "count", "selection", "units": [{"unit", "name",
 * "rank", "tier", "status", "reason"}], "tied": […]}], "advanced": [{"unit", "name",
 * "parent", "parent_name", "rank", "tier"}]}]}, advanced being the accepted units by
 * rank (the 先进县).
 *
 * The output is for programs: its names (of nodes, awards, quota rules, tiers and, in project
 * mode, units) are Simplified Chinese whatever the locale, so that the same call prints the
 * same names; --lang zh_TW or en gives them in that script (kh_text_get's fallback: a name
 * without that form stays Chinese) and the reasons of --recommended in that language.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-dataset-io.h"
#include "io/kh-project-compute.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_compute (int    argc,
                    char **argv);

/* One output row: a unit of one of the plans. */
typedef struct
{
  KhPlan *plan;
  guint unit;
} Row;

typedef struct
{
  GPtrArray *plans; /* of KhPlan*: one per category */
  GArray *rows;     /* of Row, in output order */
  FILE *stream;     /* where the text goes as it is written (NULL: kept whole) */
} Output;

/* The text written so far to @o's stream once there is enough of it: standard output is
 * written a row at a time, in pieces of 64 KiB, rather than held whole (at 3,000 units
 * 4.7 MB of CSV, 196 MB of JSON, each page of it a fault of its own; issue 22). A file is
 * written whole at the end, replacing the one before at once. */
static void
output_flush (Output  *o,
              GString *out)
{
  if (o->stream != NULL && out->len >= 64 * 1024)
    {
      fwrite (out->str, 1, out->len, o->stream);
      g_string_truncate (out, 0);
    }
}

static int
group_position (KhPlan *plan,
                guint   unit)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  KhGroup *group = kh_plan_get_unit_group (plan, unit);

  for (guint g = 0; g < fw->groups->len; g++)
    if (fw->groups->pdata[g] == group)
      return (int) g;
  return 0;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  KhPlan *plan = user_data;
  guint ua = *(const guint *) a, ub = *(const guint *) b;
  int ga = group_position (plan, ua), gb = group_position (plan, ub);
  int ra = kh_plan_get_rank (plan, ua), rb = kh_plan_get_rank (plan, ub);

  if (ga != gb)
    return ga < gb ? -1 : 1;
  if (ra != rb)
    {
      if (ra == 0 || rb == 0)
        return ra == 0 ? 1 : -1;
      return ra < rb ? -1 : 1;
    }
  return ua < ub ? -1 : ua > ub;
}

/* The plans one after the other; in each, groups in framework order, then rank. */
static GArray *
output_rows (GPtrArray  *plans,
             const char *group_id)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));

  for (guint p = 0; p < plans->len; p++)
    {
      KhPlan *plan = plans->pdata[p];
      g_autoptr (GArray) units = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
        {
          KhGroup *group = kh_plan_get_unit_group (plan, u);

          if (group_id != NULL && (group == NULL || g_strcmp0 (group->id, group_id) != 0))
            continue;
          g_array_append_val (units, u);
        }
      g_array_sort_with_data (units, compare_rows, plan);
      for (guint i = 0; i < units->len; i++)
        {
          Row row = { plan, g_array_index (units, guint, i) };

          g_array_append_val (rows, row);
        }
    }
  return rows;
}

static int
unit_precision (KhPlan *plan,
                guint   unit)
{
  KhGroup *group = kh_plan_get_unit_group (plan, unit);
  KhFramework *fw = kh_plan_get_framework (plan);

  return group != NULL && group->precision >= 0 ? group->precision : fw->precision;
}

static char *
award_names (KhPlan *plan,
             guint   unit,
             KhLang  lang)
{
  KhGroup *group = kh_plan_get_unit_group (plan, unit);
  GString *names = g_string_new (NULL);

  for (guint a = 0; group != NULL && a < group->awards->len; a++)
    if (kh_plan_has_award (plan, unit, a))
      {
        const KhAwardRule *rule = group->awards->pdata[a];
        const char *name = kh_text_get (&rule->name, lang);

        if (names->len > 0)
          g_string_append_c (names, ';');
        g_string_append (names, name != NULL ? name : rule->id);
      }
  return g_string_free (names, FALSE);
}

/* The node columns: every plan's node ids, pre-order, in order of first appearance
 * (one category: its framework's nodes). */
static GPtrArray *
node_columns (GPtrArray  *plans,
              GHashTable *index)
{
  GPtrArray *columns = g_ptr_array_new ();

  for (guint p = 0; p < plans->len; p++)
    for (guint n = 0; n < kh_plan_get_n_nodes (plans->pdata[p]); n++)
      {
        const char *id = kh_plan_get_node (plans->pdata[p], n)->id;

        if (g_hash_table_contains (index, id))
          continue;
        g_hash_table_insert (index, (gpointer) id, GUINT_TO_POINTER (columns->len));
        g_ptr_array_add (columns, (gpointer) id);
      }
  return columns;
}

static void
write_csv (Output  *o,
           KhLang   lang,
           GString *out)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) columns = node_columns (o->plans, index);
  g_autofree double *scores = g_new (double, MAX (columns->len, 1));
  /* Each node's column in the plan of the row before (rows of one plan follow each
   * other): found once a plan, not once a cell (at 3,000 units, 660,000 lookups). */
  g_autofree guint *column_of = NULL;
  /* and its units' coverage, all at once */
  g_autofree double *coverage = NULL;
  KhPlan *mapped = NULL;

  g_string_append (out, "category,group,unit,name,score,rank,tier,prev_rank,rank_change,awards,"
                        "coverage");
  for (guint c = 0; c < columns->len; c++)
    {
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, columns->pdata[c]);
    }
  g_string_append_c (out, '\n');

  for (guint r = 0; r < o->rows->len; r++)
    {
      const Row *row = &g_array_index (o->rows, Row, r);
      KhPlan *plan = row->plan;
      guint u = row->unit;
      KhFramework *fw = kh_plan_get_framework (plan);
      KhGroup *group = kh_plan_get_unit_group (plan, u);
      KhDataset *ds = kh_plan_get_dataset (plan);
      g_autofree char *awards = award_names (plan, u, lang);
      int change;

      kh_cli_append_csv_field (out, fw->category);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, group != NULL ? group->id : NULL);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, kh_dataset_get_unit_id (ds, u));
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, kh_dataset_get_unit_name (ds, u));
      g_string_append_c (out, ',');
      kh_cli_append_fixed (out, kh_plan_get_rounded_total (plan, u), unit_precision (plan, u));
      g_string_append_c (out, ',');
      if (kh_plan_get_rank (plan, u) > 0)
        g_string_append_printf (out, "%d", kh_plan_get_rank (plan, u));
      g_string_append_c (out, ',');
      if (kh_plan_get_tier (plan, u) > 0)
        g_string_append_printf (out, "%d", kh_plan_get_tier (plan, u));
      g_string_append_c (out, ',');
      if (kh_plan_get_previous_rank (plan, u) > 0)
        g_string_append_printf (out, "%d", kh_plan_get_previous_rank (plan, u));
      g_string_append_c (out, ',');
      if (kh_plan_get_rank_change (plan, u, &change))
        g_string_append_printf (out, "%d", change);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, awards);
      g_string_append_c (out, ',');
      if (plan != mapped)
        {
          g_free (column_of);
          column_of = g_new (guint, MAX (kh_plan_get_n_nodes (plan), 1));
          for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
            column_of[n] = GPOINTER_TO_UINT (g_hash_table_lookup (index,
                                                                  kh_plan_get_node (plan, n)->id));
          g_free (coverage);
          coverage = g_new (double, MAX (kh_dataset_get_n_units (ds), 1));
          kh_plan_get_coverages (plan, 0, coverage);
          mapped = plan;
        }
      kh_cli_append_fixed (out, coverage[u], 4);

      /* A node of another category's framework: an empty cell. */
      for (guint c = 0; c < columns->len; c++)
        scores[c] = NAN;
      for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
        scores[column_of[n]] = kh_plan_get_node_score (plan, u, n);
      for (guint c = 0; c < columns->len; c++)
        {
          g_string_append_c (out, ',');
          kh_cli_append_fixed (out, scores[c], 4);
        }
      g_string_append_c (out, '\n');
      output_flush (o, out);
    }
}

static void
append_json_int_or_null (GString *out,
                         int      value)
{
  if (value > 0)
    g_string_append_printf (out, "%d", value);
  else
    g_string_append (out, "null");
}

static const char *
state_name (KhValueState state)
{
  static const char *const names[] = { "ok", "missing", "not-applicable", "imputed", "zero" };

  return names[state];
}

static void
write_json_node (KhPlan  *plan,
                 KhLang   lang,
                 guint    unit,
                 guint    n,
                 int      depth,
                 GString *out)
{
  const KhNode *node = kh_plan_get_node (plan, n);
  double now = kh_plan_get_contribution (plan, unit, n);
  double then = kh_plan_get_previous_contribution (plan, unit, n);
  g_autofree char *indent = g_strnfill (depth * 2, ' ');

  g_string_append_printf (out, "%s{\"id\": ", indent);
  kh_cli_append_json_string (out, node->id);
  g_string_append (out, ", \"name\": ");
  kh_cli_append_json_string (out, kh_text_get (&node->name, lang));
  g_string_append (out, ", \"score\": ");
  kh_cli_append_exact (out, kh_plan_get_node_score (plan, unit, n));
  g_string_append (out, ", \"contribution\": ");
  kh_cli_append_exact (out, now);
  if (kh_plan_get_previous_rank (plan, unit) > 0)
    {
      g_string_append (out, ", \"previous_contribution\": ");
      kh_cli_append_exact (out, then);
      g_string_append (out, ", \"change\": ");
      kh_cli_append_exact (out, now - then);
    }
  if (node->kind == KH_NODE_INDICATOR)
    {
      static const char *const stages[] = { "raw", "derived", "treated", "scored" };

      for (KhStage s = KH_STAGE_RAW; s <= KH_STAGE_SCORED; s++)
        {
          g_string_append_printf (out, ", \"%s\": ", stages[s]);
          kh_cli_append_exact (out, kh_plan_get_value (plan, unit, n, s));
        }
      g_string_append_printf (out, ", \"state\": \"%s\"",
                              state_name (kh_plan_get_value_state (plan, unit, n)));
    }
  if (node->children->len > 0)
    {
      g_string_append (out, ", \"children\": [\n");
      for (guint c = 0, k = n + 1; c < node->children->len; c++)
        {
          /* children follow in pre-order: skip each child's subtree */
          while (kh_plan_get_node (plan, k) != node->children->pdata[c])
            k++;
          write_json_node (plan, lang, unit, k, depth + 1, out);
          g_string_append (out, c + 1 < node->children->len ? ",\n" : "\n");
        }
      g_string_append_printf (out, "%s]", indent);
    }
  g_string_append_c (out, '}');
}

static void
write_json (Output  *o,
            KhLang   lang,
            GString *out)
{
  KhPlan *first_plan = o->plans->pdata[0];
  KhFramework *only = o->plans->len == 1 ? kh_plan_get_framework (first_plan) : NULL;

  /* "framework" and "category" name the framework when there is one; "frameworks"
   * lists every category's framework. */
  g_string_append (out, "{\"framework\": ");
  kh_cli_append_json_string (out, only != NULL ? only->id : NULL);
  g_string_append_printf (out, ", \"year\": %d, \"category\": ",
                          kh_dataset_get_year (kh_plan_get_dataset (first_plan)));
  kh_cli_append_json_string (out, only != NULL ? only->category : NULL);
  g_string_append (out, ",\n\"frameworks\": [");
  for (guint p = 0; p < o->plans->len; p++)
    {
      KhFramework *pfw = kh_plan_get_framework (o->plans->pdata[p]);

      g_string_append (out, p > 0 ? ", {\"category\": " : "{\"category\": ");
      kh_cli_append_json_string (out, pfw->category);
      g_string_append (out, ", \"framework\": ");
      kh_cli_append_json_string (out, pfw->id);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\n\"units\": [\n");

  for (guint r = 0; r < o->rows->len; r++)
    {
      KhPlan *plan = g_array_index (o->rows, Row, r).plan;
      guint u = g_array_index (o->rows, Row, r).unit;
      KhFramework *fw = kh_plan_get_framework (plan);
      KhDataset *ds = kh_plan_get_dataset (plan);
      KhGroup *group = kh_plan_get_unit_group (plan, u);
      int change;
      gboolean first = TRUE;

      g_string_append (out, "{\"category\": ");
      kh_cli_append_json_string (out, fw->category);
      g_string_append (out, ", \"group\": ");
      kh_cli_append_json_string (out, group != NULL ? group->id : NULL);
      g_string_append (out, ", \"unit\": ");
      kh_cli_append_json_string (out, kh_dataset_get_unit_id (ds, u));
      g_string_append (out, ", \"name\": ");
      kh_cli_append_json_string (out, kh_dataset_get_unit_name (ds, u));
      g_string_append (out, ",\n \"score\": ");
      kh_cli_append_exact (out, kh_plan_get_rounded_total (plan, u));
      g_string_append (out, ", \"total\": ");
      kh_cli_append_exact (out, kh_plan_get_total (plan, u));
      g_string_append (out, ", \"rank\": ");
      append_json_int_or_null (out, kh_plan_get_rank (plan, u));
      g_string_append (out, ", \"tier\": ");
      append_json_int_or_null (out, kh_plan_get_tier (plan, u));
      g_string_append (out, ", \"prev_rank\": ");
      append_json_int_or_null (out, kh_plan_get_previous_rank (plan, u));
      g_string_append (out, ", \"rank_change\": ");
      if (kh_plan_get_rank_change (plan, u, &change))
        g_string_append_printf (out, "%d", change);
      else
        g_string_append (out, "null");
      g_string_append (out, ", \"previous_total\": ");
      kh_cli_append_exact (out, kh_plan_get_previous_total (plan, u));
      g_string_append_printf (out, ", \"vetoed\": %s", kh_plan_get_vetoed (plan, u) ? "true" : "false");
      g_string_append (out, ", \"coverage\": ");
      kh_cli_append_exact (out, kh_plan_get_coverage (plan, u, 0));

      g_string_append (out, ",\n \"awards\": [");
      for (guint a = 0; group != NULL && a < group->awards->len; a++)
        if (kh_plan_has_award (plan, u, a))
          {
            const KhAwardRule *rule = group->awards->pdata[a];
            const char *name = kh_text_get (&rule->name, lang);

            g_string_append (out, first ? "" : ", ");
            kh_cli_append_json_string (out, name != NULL ? name : rule->id);
            first = FALSE;
          }
      g_string_append (out, "], \"quotas\": {");
      for (guint q = 0; group != NULL && q < group->quotas->len; q++)
        {
          const KhQuotaRule *rule = group->quotas->pdata[q];

          g_string_append (out, q > 0 ? ", " : "");
          kh_cli_append_json_string (out, rule->id);
          g_string_append_printf (out, ": %d", kh_plan_get_quota (plan, u, q));
        }
      g_string_append (out, "},\n \"nodes\": {");
      for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
        {
          g_string_append (out, n > 0 ? ", " : "");
          kh_cli_append_json_string (out, kh_plan_get_node (plan, n)->id);
          g_string_append (out, ": ");
          kh_cli_append_exact (out, kh_plan_get_node_score (plan, u, n));
        }
      g_string_append (out, "},\n \"adjustments\": [");
      for (guint a = 0; a < fw->adjustments->len; a++)
        {
          g_string_append (out, a > 0 ? ", " : "");
          g_string_append (out, "{\"id\": ");
          kh_cli_append_json_string (out, ((KhAdjustment *) fw->adjustments->pdata[a])->id);
          g_string_append (out, ", \"points\": ");
          kh_cli_append_exact (out, kh_plan_get_adjustment (plan, u, a));
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\n \"constraints\": [");
      for (guint c = 0; c < fw->constraints->len; c++)
        {
          g_string_append (out, c > 0 ? ", " : "");
          g_string_append (out, "{\"id\": ");
          kh_cli_append_json_string (out, ((KhConstraint *) fw->constraints->pdata[c])->id);
          g_string_append_printf (out, ", \"failed\": %s}",
                                  kh_plan_get_constraint_failed (plan, u, c) ? "true" : "false");
        }
      g_string_append (out, "],\n \"explanation\":\n");
      write_json_node (plan, lang, u, 0, 1, out);
      g_string_append (out, r + 1 < o->rows->len ? "},\n" : "}\n");
      output_flush (o, out);
    }
  g_string_append (out, "]}\n");
}

static const char *const status_names[] = {
  "accepted", "unknown", "duplicate", "other-parent", "not-ranked", "vetoed", "tier", "over-quota",
};

static const char *
selection_name (const KhRecommender *parent)
{
  return parent->entered ? "entered" : kh_quota_select_to_string (parent->select);
}

static char *
reason (const KhRecommender *parent,
        const KhRecommended *item,
        gboolean             tied)
{
  if (tied)
    /* TRANSLATORS: a county left out by the rule: it shares rank %d with others at the
     * cut of its city's quota */
    return g_strdup_printf (_("tied at rank %d at the cut of the quota"), item->rank);
  return kh_recommend_describe (parent, item);
}

static void
append_int_or_empty (GString *out,
                     int      value)
{
  if (value > 0)
    g_string_append_printf (out, "%d", value);
}

static void
write_recommended_row (GString                *out,
                       const KhRecommendation *r,
                       const KhRecommender    *parent,
                       const KhRecommended    *item,
                       gboolean                tied)
{
  kh_cli_append_csv_field (out, r->quota_id);
  g_string_append_c (out, ',');
  kh_cli_append_csv_field (out, parent->unit_id);
  g_string_append_c (out, ',');
  kh_cli_append_csv_field (out, parent->name);
  g_string_append_c (out, ',');
  append_int_or_empty (out, parent->rank);
  g_string_append_c (out, ',');
  append_int_or_empty (out, parent->tier);
  g_string_append_printf (out, ",%d,%s,", parent->quota, selection_name (parent));
  if (item != NULL)
    {
      g_autofree char *why = reason (parent, item, tied);

      kh_cli_append_csv_field (out, item->unit_id);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, item->name);
      g_string_append_c (out, ',');
      append_int_or_empty (out, item->rank);
      g_string_append_c (out, ',');
      append_int_or_empty (out, item->tier);
      g_string_append_printf (out, ",%s,", tied ? "tied" : status_names[item->status]);
      kh_cli_append_csv_field (out, why);
    }
  else
    g_string_append (out, ",,,,,");
  g_string_append_c (out, '\n');
}

static void
write_recommended_csv (GPtrArray *recommendations,
                       GString   *out)
{
  g_string_append (out, "quota,parent,parent_name,parent_rank,parent_tier,count,selection,"
                        "unit,name,rank,tier,status,reason\n");
  for (guint i = 0; i < recommendations->len; i++)
    {
      const KhRecommendation *r = recommendations->pdata[i];

      for (guint p = 0; p < r->parents->len; p++)
        {
          const KhRecommender *parent = r->parents->pdata[p];

          for (guint u = 0; u < parent->units->len; u++)
            write_recommended_row (out, r, parent, parent->units->pdata[u], FALSE);
          for (guint u = 0; u < parent->tied->len; u++)
            write_recommended_row (out, r, parent, parent->tied->pdata[u], TRUE);
          if (parent->units->len + parent->tied->len == 0)
            write_recommended_row (out, r, parent, NULL, FALSE);
        }
    }
}

static void
write_recommended_units_json (GString             *out,
                              const KhRecommender *parent,
                              GPtrArray           *units,
                              gboolean             tied)
{
  g_string_append_c (out, '[');
  for (guint u = 0; u < units->len; u++)
    {
      const KhRecommended *item = units->pdata[u];
      g_autofree char *why = reason (parent, item, tied);

      g_string_append (out, u > 0 ? ", {\"unit\": " : "{\"unit\": ");
      kh_cli_append_json_string (out, item->unit_id);
      g_string_append (out, ", \"name\": ");
      kh_cli_append_json_string (out, item->name);
      g_string_append (out, ", \"rank\": ");
      append_json_int_or_null (out, item->rank);
      g_string_append (out, ", \"tier\": ");
      append_json_int_or_null (out, item->tier);
      g_string_append (out, ", \"status\": ");
      kh_cli_append_json_string (out, tied ? "tied" : status_names[item->status]);
      g_string_append (out, ", \"reason\": ");
      kh_cli_append_json_string (out, why);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
write_recommended_json (GPtrArray *recommendations,
                        int        year,
                        KhLang     lang,
                        GString   *out)
{
  g_string_append_printf (out, "{\"year\": %d, \"recommendations\": [", year);
  for (guint i = 0; i < recommendations->len; i++)
    {
      const KhRecommendation *r = recommendations->pdata[i];
      const char *name = kh_text_get (&r->name, lang);

      g_string_append (out, i > 0 ? ",\n{\"quota\": " : "\n{\"quota\": ");
      kh_cli_append_json_string (out, r->quota_id);
      g_string_append (out, ", \"name\": ");
      kh_cli_append_json_string (out, name);
      g_string_append (out, ", \"target_category\": ");
      kh_cli_append_json_string (out, r->target_category);
      g_string_append (out, ",\n\"parents\": [");
      for (guint p = 0; p < r->parents->len; p++)
        {
          const KhRecommender *parent = r->parents->pdata[p];

          g_string_append (out, p > 0 ? ",\n{\"unit\": " : "\n{\"unit\": ");
          kh_cli_append_json_string (out, parent->unit_id);
          g_string_append (out, ", \"name\": ");
          kh_cli_append_json_string (out, parent->name);
          g_string_append (out, ", \"rank\": ");
          append_json_int_or_null (out, parent->rank);
          g_string_append (out, ", \"tier\": ");
          append_json_int_or_null (out, parent->tier);
          g_string_append_printf (out, ", \"count\": %d, \"selection\": \"%s\", \"units\": ",
                                  parent->quota, selection_name (parent));
          write_recommended_units_json (out, parent, parent->units, FALSE);
          g_string_append (out, ", \"tied\": ");
          write_recommended_units_json (out, parent, parent->tied, TRUE);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\n\"advanced\": [");
      for (guint a = 0; a < r->advanced->len; a++)
        {
          const KhRecommended *item = r->advanced->pdata[a];

          g_string_append (out, a > 0 ? ",\n{\"unit\": " : "\n{\"unit\": ");
          kh_cli_append_json_string (out, item->unit_id);
          g_string_append (out, ", \"name\": ");
          kh_cli_append_json_string (out, item->name);
          g_string_append (out, ", \"parent\": ");
          kh_cli_append_json_string (out, item->parent_id);
          g_string_append (out, ", \"parent_name\": ");
          kh_cli_append_json_string (out, item->parent_name);
          g_string_append (out, ", \"rank\": ");
          append_json_int_or_null (out, item->rank);
          g_string_append (out, ", \"tier\": ");
          append_json_int_or_null (out, item->tier);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}\n");
}

typedef struct
{
  const char *category;
  KhLang lang;
  gboolean recommended;
  GPtrArray *recommendations; /* out, with recommended */
} ProjectRequest;

/* Project mode: the category's plan, or every category's plans (and with --recommended
 * the year's recommendations). */
static GPtrArray *
project_plans (KhProject *project,
               int        year,
               gpointer   user_data,
               GError   **error)
{
  ProjectRequest *request = user_data;
  const char *category = request->category;
  GPtrArray *plans;
  KhPlan *plan;

  /* One year computed once: no earlier year's plan is kept for a next computation, each
   * goes once the next year's is made from it (issue 22). */
  kh_project_set_keep_plans (project, FALSE);
  if (request->recommended)
    {
      plans = kh_cli_compute_all (project, year, request->lang, error);
      if (plans == NULL)
        return NULL;
      request->recommendations = kh_project_recommend_plans (&project, 1, year, plans,
                                                             request->lang, error);
      if (request->recommendations == NULL)
        g_clear_pointer (&plans, g_ptr_array_unref);
      return plans;
    }
  if (category == NULL)
    return kh_cli_compute_all (project, year, request->lang, error);
  plan = kh_project_compute_category_lang (project, year, category, request->lang, error);
  if (plan == NULL)
    return NULL;
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_ptr_array_add (plans, plan);
  return plans;
}

/* --group G: only the plans whose framework defines G; FALSE when none does. */
static gboolean
keep_group (GPtrArray  *plans,
            const char *group)
{
  for (guint p = plans->len; p-- > 0;)
    if (kh_framework_find_group (kh_plan_get_framework (plans->pdata[p]), group) == NULL)
      g_ptr_array_remove_index (plans, p);
  return plans->len > 0;
}

int
kh_cli_compute (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL };
  g_autofree char *format = NULL, *output = NULL, *group = NULL, *category = NULL;
  g_autofree char *lang_name = NULL;
  gboolean recommended = FALSE;
  ProjectRequest request = { NULL, KH_LANG_ZH_CN, FALSE, NULL };
  int status;
  GOptionEntry entries[] = {
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Only this peer group"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("C") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: csv (default) or json"), N_("FORMAT") },
    { "recommended", 0, 0, G_OPTION_ARG_NONE, &recommended,
      N_("Print the year's “321” recommendations (先进县) instead: per recommending unit its quota, "
         "the units it recommends and their checks"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    KH_CLI_DATA_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) plans = NULL;
  g_autofree char *source = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  Output o = { NULL, NULL, NULL };

  g_option_context_set_summary (context, _("Score the units of a year, from a project or from a framework "
                                           "and data files, and print totals, ranks, tiers, rank "
                                           "changes and awards."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "csv") != 0 && strcmp (format, "json") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (csv or json)"), format);
  if (group != NULL && category != NULL)
    return kh_cli_usage_error (context, "%s", _("give --group or --category, not both"));
  if (recommended && (group != NULL || category != NULL))
    return kh_cli_usage_error (context, "%s", _("--recommended takes neither --group nor --category"));
  if (recommended && argc != 2)
    return kh_cli_usage_error (context, "%s", _("--recommended needs a project"));
  if (!kh_cli_choose_data_lang (lang_name, &request.lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);

  request.category = category;
  request.recommended = recommended;
  plans = kh_cli_input_load_plans (context, &input, argc, argv, project_plans, &request, &status);
  if (plans == NULL)
    return status;
  if (recommended)
    {
      g_autoptr (GPtrArray) recommendations = g_steal_pointer (&request.recommendations);

      if (format != NULL && strcmp (format, "json") == 0)
        write_recommended_json (recommendations, input.year, request.lang, text);
      else
        write_recommended_csv (recommendations, text);
      if (!kh_cli_write_output (output, text, &error))
        {
          fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
          return KH_CLI_FAILED;
        }
      return KH_CLI_OK;
    }
  /* A server named without its password. */
  source = kh_db_target_name (argc == 2 ? argv[1] : input.framework);

  if (category != NULL
      && g_strcmp0 (kh_plan_get_framework (plans->pdata[0])->category, category) != 0)
    {
      fprintf (stderr, _("%s: the framework is of category “%s”, not “%s”\n"), source,
               kh_plan_get_framework (plans->pdata[0])->category, category);
      return KH_CLI_FAILED;
    }
  if (group != NULL && !keep_group (plans, group))
    {
      if (argc == 2)
        fprintf (stderr, _("%s: no framework of %d has a group “%s”\n"), source, input.year,
                 group);
      else
        fprintf (stderr, _("%s: the framework has no group “%s”\n"), source, group);
      return KH_CLI_FAILED;
    }

  o.plans = plans;
  o.rows = output_rows (plans, group);
  if (output == NULL || strcmp (output, "-") == 0)
    o.stream = stdout;
  if (format != NULL && strcmp (format, "json") == 0)
    write_json (&o, request.lang, text);
  else
    write_csv (&o, request.lang, text);
  g_array_unref (o.rows);

  /* (a piece written before that failed leaves its mark on the stream) */
  if (!kh_cli_write_output (output, text, &error) || (o.stream != NULL && ferror (o.stream)))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
