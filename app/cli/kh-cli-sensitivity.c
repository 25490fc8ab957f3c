/* kh-cli-sensitivity.c — `kaohe-cli sensitivity`: rank intervals and Sobol indices of a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli sensitivity PROJECT --year Y [--group G | --category C] [--runs N] [--seed S]
 *                         [--spec FILE | --store-spec FILE | --clear-spec] [--threads T]
 *                         [--format csv|json] [-o OUT]
 *                         [--replications FILE.csv] [--lang zh_CN|zh_TW|en]
 *   kaohe-cli sensitivity --framework F.xml --data D.csv [--previous P.csv] …
 *
 * Without --spec the spec stored in the project for the year and category is used (and
 * said so on stderr; JSON output names it in "spec"), else every weight varies ± 25 %
 * ("weights ± 25 %"); --runs and --seed
 * override the spec's. The project is only read, except by --store-spec and --clear-spec
 * (each one audited change). The spec format is documented in
 * data/schema/README.md ("Sensitivity specs").
 *
 * CSV: one row per unit in nominal rank order, columns unit, name, nominal_rank,
 * nominal_tier, median, p05, p95, mean_rank, p_unranked, p_tier1…, p_award:ID…, then
 * first:INPUT and total:INPUT for every input (the Sobol indices of the unit's rank;
 * empty when its rank never changes); a last row with unit "*" and name "ranking"
 * holds the mean absolute rank shift (mean_rank) and its indices. JSON holds the same
 * and the design, and each unit's count of runs per rank.
 *
 * --replications writes every run: run, row, matrix (A, B or AB:INPUT), the parameters
 * (weights set, methods, rules, the indicator left out, cut-offs) and rank:UNIT.
 *
 * --intervals-chart, --tiers-chart and --indices-chart draw the rank intervals, the tier
 * chances and the Sobol indices of the ranking (of --unit U's rank with --unit) as PNG,
 * SVG or PDF, A4 landscape wide and as high as the rows need. --lang draws them in that
 * language — their words, and the names of the group, the inputs' indicators and the
 * tiers — and says the command's messages in it; without it the user's locale decides, as
 * for `kaohe-cli chart` (kh_cli_choose_lang). The units' names, in the CSV, the JSON and the
 * charts, are in the script of --lang in project mode; without it in Simplified Chinese
 * whatever the locale, since programs read the CSV and JSON.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-sensitivity.h"
#include "charts/kh-chart.h"
#include "charts/kh-index-chart.h"
#include "charts/kh-interval-chart.h"
#include "charts/kh-tier-chart.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_sensitivity (int    argc,
                        char **argv);

static void
append_probability (GString *out,
                    double   p)
{
  kh_cli_append_fixed (out, p, 4);
}

static void
write_csv (const KhSensitivityResult *r,
           GString                   *out)
{
  g_string_append (out, "unit,name,nominal_rank,nominal_tier,median,p05,p95,mean_rank,p_unranked");
  for (int t = 0; t < r->n_tiers; t++)
    g_string_append_printf (out, ",p_tier%d", t + 1);
  for (guint a = 0; a < r->n_awards; a++)
    {
      g_autofree char *column = g_strdup_printf ("p_award:%s", r->award_ids[a]);

      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, column);
    }
  for (guint i = 0; i < r->n_inputs; i++)
    for (int which = 0; which < 2; which++)
      {
        g_autofree char *column = g_strdup_printf ("%s:%s", which == 0 ? "first" : "total",
                                                   r->input_names[i]);

        g_string_append_c (out, ',');
        kh_cli_append_csv_field (out, column);
      }
  g_string_append_c (out, '\n');

  for (guint k = 0; k < r->n_units; k++)
    {
      const KhSensitivityUnit *u = &r->units[k];

      kh_cli_append_csv_field (out, u->id);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, u->name);
      g_string_append_printf (out, ",%d,%d,%d,%d,%d,", u->nominal_rank, u->nominal_tier,
                              u->median, u->lo, u->hi);
      kh_cli_append_fixed (out, u->mean, 3);
      g_string_append_c (out, ',');
      append_probability (out, u->p_unranked);
      for (int t = 0; t < r->n_tiers; t++)
        {
          g_string_append_c (out, ',');
          append_probability (out, u->p_tier[t]);
        }
      for (guint a = 0; a < r->n_awards; a++)
        {
          g_string_append_c (out, ',');
          append_probability (out, u->p_award[a]);
        }
      for (guint i = 0; i < r->n_inputs; i++)
        {
          g_string_append_c (out, ',');
          kh_cli_append_fixed (out, u->first[i], 4);
          g_string_append_c (out, ',');
          kh_cli_append_fixed (out, u->total[i], 4);
        }
      g_string_append_c (out, '\n');
    }

  g_string_append (out, "*,ranking,,,,,,");
  kh_cli_append_fixed (out, r->mean_shift, 4);
  g_string_append_c (out, ',');
  for (int t = 0; t < r->n_tiers; t++)
    g_string_append_c (out, ',');
  for (guint a = 0; a < r->n_awards; a++)
    g_string_append_c (out, ',');
  for (guint i = 0; i < r->n_inputs; i++)
    {
      g_string_append_c (out, ',');
      kh_cli_append_fixed (out, r->first[i], 4);
      g_string_append_c (out, ',');
      kh_cli_append_fixed (out, r->total[i], 4);
    }
  g_string_append_c (out, '\n');
}

static void
append_indices (GString                   *out,
                const KhSensitivityResult *r,
                const double              *first,
                const double              *total)
{
  for (int which = 0; which < 2; which++)
    {
      const double *v = which == 0 ? first : total;

      g_string_append_printf (out, ", \"%s\": {", which == 0 ? "first" : "total");
      for (guint i = 0; i < r->n_inputs; i++)
        {
          g_string_append (out, i > 0 ? ", " : "");
          kh_cli_append_json_string (out, r->input_names[i]);
          g_string_append (out, ": ");
          kh_cli_append_exact (out, v[i]);
        }
      g_string_append_c (out, '}');
    }
}

static void
write_json (KhPlan                    *plan,
            const char                *group,
            const KhSensitivityResult *r,
            const char                *spec_source,
            GString                   *out)
{
  KhFramework *fw = kh_plan_get_framework (plan);

  if (group == NULL && fw->groups->len == 1)
    group = ((KhGroup *) fw->groups->pdata[0])->id;
  g_string_append (out, "{\"framework\": ");
  kh_cli_append_json_string (out, fw->id);
  g_string_append_printf (out, ", \"year\": %d, \"category\": ",
                          kh_dataset_get_year (kh_plan_get_dataset (plan)));
  kh_cli_append_json_string (out, fw->category);
  g_string_append (out, ", \"group\": ");
  kh_cli_append_json_string (out, group);
  g_string_append (out, ", \"spec\": ");
  kh_cli_append_json_string (out, spec_source);
  g_string_append_printf (out, ",\n \"runs\": %u, \"rows\": %u, \"design\": \"%s\", \"seed\": %u,\n",
                          r->n_runs, r->n_rows, kh_design_kind_to_string (r->design), r->seed);
  g_string_append (out, " \"inputs\": [");
  for (guint i = 0; i < r->n_inputs; i++)
    {
      g_string_append (out, i > 0 ? ",\n  {\"name\": " : "\n  {\"name\": ");
      kh_cli_append_json_string (out, r->input_names[i]);
      g_string_append_printf (out, ", \"kind\": \"%s\", \"node\": ",
                              kh_input_kind_to_string (r->input_kinds[i]));
      kh_cli_append_json_string (out, r->input_nodes[i]);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\n \"ranking\": {\"mean_abs_rank_shift\": ");
  kh_cli_append_exact (out, r->mean_shift);
  append_indices (out, r, r->first, r->total);
  g_string_append (out, "},\n \"units\": [");
  for (guint k = 0; k < r->n_units; k++)
    {
      const KhSensitivityUnit *u = &r->units[k];

      g_string_append (out, k > 0 ? ",\n  {\"id\": " : "\n  {\"id\": ");
      kh_cli_append_json_string (out, u->id);
      g_string_append (out, ", \"name\": ");
      kh_cli_append_json_string (out, u->name);
      g_string_append_printf (out, ", \"nominal_rank\": %d, \"nominal_tier\": %d, \"median\": %d,"
                                   " \"p05\": %d, \"p95\": %d, \"mean_rank\": ",
                              u->nominal_rank, u->nominal_tier, u->median, u->lo, u->hi);
      kh_cli_append_exact (out, u->mean);
      g_string_append (out, ", \"p_unranked\": ");
      kh_cli_append_exact (out, u->p_unranked);
      g_string_append (out, ", \"p_tier\": [");
      for (int t = 0; t < r->n_tiers; t++)
        {
          g_string_append (out, t > 0 ? ", " : "");
          kh_cli_append_exact (out, u->p_tier[t]);
        }
      g_string_append (out, "], \"p_award\": {");
      for (guint a = 0; a < r->n_awards; a++)
        {
          g_string_append (out, a > 0 ? ", " : "");
          kh_cli_append_json_string (out, r->award_ids[a]);
          g_string_append (out, ": ");
          kh_cli_append_exact (out, u->p_award[a]);
        }
      g_string_append (out, "}, \"rank_counts\": [");
      for (guint rank = 0; rank <= r->n_ranks; rank++)
        g_string_append_printf (out, "%s%u", rank > 0 ? ", " : "", u->counts[rank]);
      g_string_append_c (out, ']');
      append_indices (out, r, u->first, u->total);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

static gboolean
write_replications (KhSensitivity *s,
                    KhPlan        *plan,
                    const char    *path,
                    GError       **error)
{
  g_autoptr (GString) out = g_string_new ("run,row,matrix");
  guint n_params = kh_sensitivity_get_n_parameters (s);
  guint n_units = kh_sensitivity_get_n_units (s);
  guint per_row = kh_sensitivity_get_n_inputs (s) + 2;
  KhDataset *ds = kh_plan_get_dataset (plan);

  for (guint p = 0; p < n_params; p++)
    {
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, kh_sensitivity_get_parameter_name (s, p));
    }
  for (guint k = 0; k < n_units; k++)
    {
      g_autofree char *column = g_strdup_printf (
        "rank:%s", kh_dataset_get_unit_id (ds, kh_sensitivity_get_unit (s, k)));

      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, column);
    }
  g_string_append_c (out, '\n');
  for (guint run = 0; run < kh_sensitivity_get_n_runs (s); run++)
    {
      g_autoptr (GPtrArray) values = kh_sensitivity_get_run_parameters (s, run);
      g_autofree char *matrix = kh_sensitivity_get_run_matrix (s, run);

      g_string_append_printf (out, "%u,%u,", run + 1, run / per_row + 1);
      kh_cli_append_csv_field (out, matrix);
      for (guint p = 0; p < values->len; p++)
        {
          g_string_append_c (out, ',');
          kh_cli_append_csv_field (out, values->pdata[p]);
        }
      for (guint k = 0; k < n_units; k++)
        g_string_append_printf (out, ",%d", kh_sensitivity_get_run_rank (s, run, k));
      g_string_append_c (out, '\n');
    }
  return kh_cli_write_output (path, out, error);
}

typedef struct
{
  const KhSensitivityResult *result;
  KhChartData *view;
  KhLang lang;
  int which;  /* 0 intervals, 1 tiers, 2 indices */
  int unit;   /* indices: index in result->units, −1 the ranking */
  char **labels;
} Chart;

static void
draw_chart (cairo_t *cr,
            double   width,
            double   height,
            gpointer user_data)
{
  const Chart *c = user_data;

  if (c->which == 0)
    kh_interval_chart_draw (c->result, c->view, cr, width, height, NULL);
  else if (c->which == 1)
    kh_tier_chart_draw (c->result, c->view, c->lang, cr, width, height, NULL);
  else
    kh_index_chart_draw (c->result, c->unit, (const char *const *) c->labels, c->view, cr, width,
                         height, NULL);
}

/* The charts asked for; FALSE with @error when one cannot be written. */
static gboolean
write_charts (KhPlan                    *plan,
              const char                *group_id,
              const KhSensitivityResult *result,
              const char *const          paths[3],
              int                        unit,
              KhLang                     lang,
              GError                   **error)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  KhGroup *group = group_id != NULL ? kh_framework_find_group (fw, group_id)
                   : fw->groups->len == 1 ? fw->groups->pdata[0] : NULL;
  const char *group_name = group != NULL && kh_text_get (&group->name, lang) != NULL
                             ? kh_text_get (&group->name, lang)
                             : fw->id;
  int year = kh_dataset_get_year (kh_plan_get_dataset (plan));
  g_auto (GStrv) labels = g_new0 (char *, result->n_inputs + 1);

  for (guint i = 0; i < result->n_inputs; i++)
    labels[i] = kh_index_chart_input_label (result, i, fw, lang);
  for (int which = 0; which < 3; which++)
    {
      g_autoptr (KhChartData) view = NULL;
      Chart chart = { result, NULL, lang, which, unit, labels };
      guint rows = which < 2 ? result->n_units : result->n_inputs;
      double height = MAX (which < 2 ? 595.0 : 420.0, 110 + rows * (which < 2 ? 26.0 : 34.0));

      if (paths[which] == NULL)
        continue;
      view = kh_chart_data_new (1, &year);
      if (which == 0)
        view->title = g_strdup_printf (_("%s %d: rank over %u runs"), group_name, year, result->n_runs);
      else if (which == 1)
        view->title = g_strdup_printf (_("%s %d: chance of each tier over %u runs"), group_name, year,
                                       result->n_runs);
      else if (unit < 0)
        view->title = g_strdup_printf (_("%s %d: what moves the ranking (Sobol indices)"), group_name, year);
      else
        view->title = g_strdup_printf (_("%s %d: what moves the rank of %s (Sobol indices)"), group_name,
                                       year, result->units[unit].name);
      chart.view = view;
      if (!kh_chart_export_draw (draw_chart, &chart, paths[which], 842, height, 2.0, error))
        return FALSE;
    }
  return TRUE;
}

/* The spec: --spec FILE, else the one stored for the year and category, else every weight
 * ± 25 %. *source names it ("FILE", "stored", "weights ± 25 %"). */
static KhSensitivitySpec *
load_spec (const char  *path,
           const char  *stored,
           const char  *stored_name,
           int          runs,
           gint64       seed,
           const char **source,
           GError     **error)
{
  KhSensitivitySpec *spec;

  if (path != NULL)
    {
      g_autofree char *text = NULL;
      gsize length;

      if (!g_file_get_contents (path, &text, &length, error))
        return NULL;
      spec = kh_sensitivity_spec_parse (text, (gssize) length, path, error);
      if (spec == NULL)
        return NULL;
      *source = path;
    }
  else if (stored != NULL)
    {
      spec = kh_sensitivity_spec_parse (stored, -1, stored_name, error);
      if (spec == NULL)
        return NULL;
      *source = "stored";
    }
  else
    {
      spec = kh_sensitivity_spec_new_weights (0.25);
      *source = "weights ± 25 %";
    }
  if (runs > 0)
    spec->runs = (guint) runs;
  if (seed >= 0)
    spec->seed = (guint32) seed;
  return spec;
}

/* --store-spec FILE (checked against the plan) or --clear-spec: one audited change. */
static int
store_spec (const char *project_path,
            KhPlan     *plan,
            const char *group,
            const char *category,
            const char *path,
            GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr (KhProject) project = NULL;
  int year = kh_dataset_get_year (kh_plan_get_dataset (plan));

  if (path != NULL)
    {
      g_autoptr (KhSensitivitySpec) spec = NULL;
      g_autoptr (KhSensitivity) s = NULL;
      gsize length;

      if (!g_file_get_contents (path, &text, &length, error))
        return KH_CLI_FAILED;
      spec = kh_sensitivity_spec_parse (text, (gssize) length, path, error);
      if (spec != NULL)
        s = kh_sensitivity_new (plan, group, spec, error);
      if (s == NULL)
        return KH_CLI_FAILED;
    }
  project = kh_project_open (project_path, error);
  if (project == NULL || !kh_project_set_sensitivity_spec (project, year, category, text, error))
    return KH_CLI_FAILED;
  if (path != NULL)
    /* TRANSLATORS: %d is the year, %s the category */
    printf (_("Stored the sensitivity spec of %d “%s”\n"), year, category);
  else
    printf (_("Removed the sensitivity spec of %d “%s”\n"), year, category);
  return KH_CLI_OK;
}

int
kh_cli_sensitivity (int    argc,
                    char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL, NULL, NULL, 0 };
  g_autofree char *format = NULL;
  g_autofree char *output = NULL, *group = NULL, *category = NULL, *spec_path = NULL;
  g_autofree char *replications = NULL, *seed_text = NULL, *unit_id = NULL, *lang_name = NULL;
  g_autofree char *intervals_chart = NULL, *tiers_chart = NULL, *indices_chart = NULL;
  g_autofree char *store_path = NULL, *stored = NULL, *spec_category = NULL, *stored_name = NULL;
  gboolean clear = FALSE;
  const char *spec_source = NULL;
  int runs = 0, threads = 0, status;
  gint64 seed = -1;
  KhLang lang = KH_LANG_ZH_CN;
  GOptionEntry entries[] = {
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group to analyse"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category to analyse (when it has one peer group)"), N_("C") },
    { "spec", 0, 0, G_OPTION_ARG_FILENAME, &spec_path, N_("The uncertain inputs (default: the spec stored for the year and category, else every weight ± 25 %)"), N_("FILE") },
    { "store-spec", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Check FILE against the group and store it as the year and category's spec (audited), without running"), N_("FILE") },
    { "clear-spec", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the spec stored for the year and category (audited)"), NULL },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, N_("Model runs (default 10000, or the spec's)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed of the design (default 1, or the spec's)"), N_("S") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Threads (default: one per processor; the result is the same)"), N_("T") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: csv (default) or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    { "replications", 0, 0, G_OPTION_ARG_FILENAME, &replications, N_("Write every run's parameters and ranks to this CSV file"), N_("FILE.csv") },
    { "intervals-chart", 0, 0, G_OPTION_ARG_FILENAME, &intervals_chart, N_("Draw the rank intervals (PNG, SVG or PDF)"), N_("FILE") },
    { "tiers-chart", 0, 0, G_OPTION_ARG_FILENAME, &tiers_chart, N_("Draw the chances of each tier (PNG, SVG or PDF)"), N_("FILE") },
    { "indices-chart", 0, 0, G_OPTION_ARG_FILENAME, &indices_chart, N_("Draw the Sobol indices of the ranking, or of --unit's rank"), N_("FILE") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit_id, N_("The unit whose rank --indices-chart explains (id)"), N_("U") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_name, N_("Language of the names and words drawn: zh_CN, zh_TW or en (default: the user's locale)"), N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhSensitivitySpec) spec = NULL;
  g_autoptr (KhSensitivity) s = NULL;
  g_autoptr (KhSensitivityResult) result = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  g_option_context_set_summary (context, _("Vary the declared uncertain inputs of a peer group "
                                           "(every weight ± 25 % by default) and print each "
                                           "unit's rank interval, tier and award chances, and "
                                           "the Sobol indices of every input."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "csv") != 0 && strcmp (format, "json") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (csv or json)"), format);
  if (runs < 0 || runs > 10000000)
    return kh_cli_usage_error (context, "%s", _("--runs takes a whole number from 1 to 10000000"));
  if (seed_text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &value, NULL))
        return kh_cli_usage_error (context, "%s",
                                   _("--seed takes a whole number from 0 to 4294967295"));
      seed = (gint64) value;
    }
  if (threads < 0 || threads > 64)
    return kh_cli_usage_error (context, "%s", _("--threads takes a number from 1 to 64"));
  /* The charts' words and the messages in that language, whatever the process's locale. */
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  /* The units' names: the CSV and JSON are read by programs, Simplified without --lang. */
  input.lang = lang_name != NULL ? lang : KH_LANG_ZH_CN;

  if ((store_path != NULL || clear) && (store_path != NULL) == clear)
    return kh_cli_usage_error (context, "%s", _("give --store-spec FILE or --clear-spec, not both"));
  plan = kh_cli_load_group_plan_spec (context, &input, argc, argv, group, category, &stored,
                                      &spec_category, &status);
  if (plan == NULL)
    return status;
  if (store_path != NULL || clear)
    {
      if (spec_category == NULL)
        return kh_cli_usage_error (context, "%s", _("--store-spec and --clear-spec need a project"));
      status = store_spec (argv[1], plan, group, spec_category, store_path, &error);
      if (status != KH_CLI_OK)
        fprintf (stderr, "kaohe-cli: %s\n", error->message);
      return status;
    }
  if (stored != NULL)
    stored_name = g_strdup_printf (_("the spec stored for %d “%s”"),
                                   kh_dataset_get_year (kh_plan_get_dataset (plan)), spec_category);
  spec = load_spec (spec_path, stored, stored_name, runs, seed, &spec_source, &error);
  /* Said where the inputs come from when they are not the ones asked for on the line. */
  if (spec != NULL && spec_path == NULL && stored != NULL)
    fprintf (stderr, _("kaohe-cli: using %s (--spec FILE overrides it)\n"), stored_name);
  if (spec != NULL)
    s = kh_sensitivity_new (plan, group, spec, &error);
  if (s == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  kh_sensitivity_set_threads (s, threads > 0 ? (guint) threads : g_get_num_processors ());
  if (!kh_sensitivity_run (s, NULL, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  result = kh_sensitivity_get_result (s, 0);
  if (unit_id != NULL && kh_sensitivity_result_find_unit (result, unit_id) < 0)
    {
      fprintf (stderr, _("kaohe-cli: no unit “%s” in the group\n"), unit_id);
      return KH_CLI_FAILED;
    }
  if (format != NULL && strcmp (format, "json") == 0)
    write_json (plan, group, result, spec_source, text);
  else
    write_csv (result, text);
  if (!kh_cli_write_output (output, text, &error)
      || (replications != NULL && !write_replications (s, plan, replications, &error))
      || !write_charts (plan, group, result,
                        (const char *const[3]) { intervals_chart, tiers_chart, indices_chart },
                        unit_id != NULL ? kh_sensitivity_result_find_unit (result, unit_id) : -1,
                        lang, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
