/* kh-cli-audit.c — `kaohe-cli audit`: the statistical audit of a framework on a group's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli audit PROJECT --year Y [--group G | --category C] [--format text|csv|json]
 *                   [-o OUT] [--lang zh_CN|zh_TW|en]
 *   kaohe-cli audit --framework F.xml --data D.csv [--previous P.csv] …
 *
 * text (default): Cronbach's α and the principal components of every node with two
 * children or more, then the flags. csv: one row per pair of nodes (a before b in
 * pre-order): a, b, level_a, level_b, units, pearson, spearman. json: everything,
 * with the loadings. The project is only read. --heatmap draws the correlations (Spearman's
 * ρ, or Pearson's r with --pearson) as PNG, SVG or PDF.
 *
 * --lang zh_CN|zh_TW|en: the words of the text and of the heat map in that language; without
 * it the user's locale decides (kh_cli_choose_lang), except for csv and json, which programs
 * read: their words stay as they are (kh_cli_choose_data_lang).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-stat-audit.h"
#include "charts/kh-chart.h"
#include "charts/kh-heatmap-chart.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_audit (int    argc,
                  char **argv);

static void
append_number (GString *out,
               double   value,
               int      digits)
{
  if (isnan (value))
    g_string_append (out, "—");
  else
    kh_cli_append_fixed (out, value, digits);
}

static void
write_text (KhPlan            *plan,
            const KhStatAudit *a,
            GString           *out)
{
  KhFramework *fw = kh_plan_get_framework (plan);

  g_string_append_printf (out, _("Statistical audit of framework %s, %d: %u units\n\n"), fw->id,
                          kh_dataset_get_year (kh_plan_get_dataset (plan)), a->n_units);
  g_string_append_printf (out, "%s\n", _("Cronbach's α and principal components of each node's children"));
  for (guint d = 0; d < a->n_dimensions; d++)
    {
      const KhAuditDimension *dim = &a->dimensions[d];

      g_string_append_printf (out, _("  %s: %u children, %u complete units, α "), a->ids[dim->node],
                              dim->n_items, dim->n_complete);
      append_number (out, dim->alpha, 3);
      g_string_append (out, _(", variance explained"));
      for (guint c = 0; c < dim->n_items; c++)
        {
          g_string_append_printf (out, " PC%u ", c + 1);
          append_number (out, dim->explained[c] * 100, 1);
          g_string_append (out, isnan (dim->explained[c]) ? "" : "%");
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n%s\n", _("Flags"));
  if (a->flags->len == 0)
    g_string_append_printf (out, "  %s\n", _("none"));
  for (guint f = 0; f < a->flags->len; f++)
    {
      const KhAuditFlag *flag = &g_array_index (a->flags, KhAuditFlag, f);

      if (flag->kind == KH_AUDIT_FLAG_NEGATIVE)
        g_string_append_printf (out, _("  %s is negatively correlated with its parent %s"),
                                a->ids[flag->a], a->ids[flag->b]);
      else
        g_string_append_printf (out, _("  %s and %s move together (|ρ| > 0.9)"), a->ids[flag->a],
                                a->ids[flag->b]);
      g_string_append (out, ": ρ ");
      append_number (out, flag->spearman, 2);
      g_string_append (out, ", r ");
      append_number (out, flag->pearson, 2);
      g_string_append_c (out, '\n');
    }
}

static void
write_csv (const KhStatAudit *a,
           GString           *out)
{
  g_string_append (out, "a,b,level_a,level_b,units,pearson,spearman\n");
  for (guint i = 0; i < a->n_nodes; i++)
    for (guint j = i + 1; j < a->n_nodes; j++)
      {
        gsize ij = (gsize) i * a->n_nodes + j;

        kh_cli_append_csv_field (out, a->ids[i]);
        g_string_append_c (out, ',');
        kh_cli_append_csv_field (out, a->ids[j]);
        g_string_append_printf (out, ",%d,%d,%u,", a->levels[i], a->levels[j], a->pairs[ij]);
        kh_cli_append_fixed (out, a->pearson[ij], 6);
        g_string_append_c (out, ',');
        kh_cli_append_fixed (out, a->spearman[ij], 6);
        g_string_append_c (out, '\n');
      }
}

static void
append_json_numbers (GString      *out,
                     const double *values,
                     guint         n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i > 0 ? ", " : "");
      kh_cli_append_exact (out, values[i]);
    }
  g_string_append_c (out, ']');
}

static void
write_json (KhPlan            *plan,
            const KhStatAudit *a,
            GString           *out)
{
  KhFramework *fw = kh_plan_get_framework (plan);

  g_string_append (out, "{\"framework\": ");
  kh_cli_append_json_string (out, fw->id);
  g_string_append_printf (out, ", \"year\": %d, \"units\": %u,\n \"nodes\": [",
                          kh_dataset_get_year (kh_plan_get_dataset (plan)), a->n_units);
  for (guint i = 0; i < a->n_nodes; i++)
    {
      g_string_append (out, i > 0 ? ", {\"id\": " : "{\"id\": ");
      kh_cli_append_json_string (out, a->ids[i]);
      g_string_append_printf (out, ", \"kind\": \"%s\", \"level\": %d, \"parent\": ",
                              kh_node_kind_to_string (a->kinds[i]), a->levels[i]);
      kh_cli_append_json_string (out, a->parents[i] >= 0 ? a->ids[a->parents[i]] : NULL);
      g_string_append_c (out, '}');
    }
  for (int which = 0; which < 2; which++)
    {
      const double *m = which == 0 ? a->pearson : a->spearman;

      g_string_append_printf (out, "],\n \"%s\": [", which == 0 ? "pearson" : "spearman");
      for (guint i = 0; i < a->n_nodes; i++)
        {
          g_string_append (out, i > 0 ? ",\n  " : "\n  ");
          append_json_numbers (out, m + (gsize) i * a->n_nodes, a->n_nodes);
        }
    }
  g_string_append (out, "],\n \"dimensions\": [");
  for (guint d = 0; d < a->n_dimensions; d++)
    {
      const KhAuditDimension *dim = &a->dimensions[d];

      g_string_append (out, d > 0 ? ",\n  {\"node\": " : "\n  {\"node\": ");
      kh_cli_append_json_string (out, a->ids[dim->node]);
      g_string_append (out, ", \"items\": [");
      for (guint i = 0; i < dim->n_items; i++)
        {
          g_string_append (out, i > 0 ? ", " : "");
          kh_cli_append_json_string (out, a->ids[dim->items[i]]);
        }
      g_string_append_printf (out, "], \"complete_units\": %u, \"alpha\": ", dim->n_complete);
      kh_cli_append_exact (out, dim->alpha);
      g_string_append (out, ", \"eigenvalues\": ");
      append_json_numbers (out, dim->eigenvalues, dim->n_items);
      g_string_append (out, ", \"explained\": ");
      append_json_numbers (out, dim->explained, dim->n_items);
      g_string_append (out, ", \"loadings\": [");
      for (guint c = 0; c < dim->n_items; c++)
        {
          g_string_append (out, c > 0 ? ", " : "");
          append_json_numbers (out, dim->loadings + (gsize) c * dim->n_items, dim->n_items);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "],\n \"flags\": [");
  for (guint f = 0; f < a->flags->len; f++)
    {
      const KhAuditFlag *flag = &g_array_index (a->flags, KhAuditFlag, f);

      g_string_append_printf (out, "%s{\"kind\": \"%s\", \"a\": ", f > 0 ? ", " : "",
                              flag->kind == KH_AUDIT_FLAG_NEGATIVE ? "negative" : "collinear");
      kh_cli_append_json_string (out, a->ids[flag->a]);
      g_string_append (out, ", \"b\": ");
      kh_cli_append_json_string (out, a->ids[flag->b]);
      g_string_append (out, ", \"pearson\": ");
      kh_cli_append_exact (out, flag->pearson);
      g_string_append (out, ", \"spearman\": ");
      kh_cli_append_exact (out, flag->spearman);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

typedef struct
{
  const KhStatAudit *audit;
  gboolean pearson;
  KhChartData *view;
} Heatmap;

static void
draw_heatmap (cairo_t *cr,
              double   width,
              double   height,
              gpointer user_data)
{
  const Heatmap *h = user_data;

  kh_heatmap_chart_draw (h->audit, h->pearson, NULL, h->view, cr, width, height, NULL);
}

static gboolean
write_heatmap (KhPlan            *plan,
               const KhStatAudit *audit,
               gboolean           pearson,
               const char        *path,
               GError           **error)
{
  int year = kh_dataset_get_year (kh_plan_get_dataset (plan));
  g_autoptr (KhChartData) view = kh_chart_data_new (1, &year);
  Heatmap h = { audit, pearson, view };
  double side = MAX (595.0, 200 + audit->n_nodes * 18.0);

  view->title = g_strdup_printf (_("%s %d: correlations within and across levels"),
                                 kh_plan_get_framework (plan)->id, year);
  return kh_chart_export_draw (draw_heatmap, &h, path, side * 1.1, side, 2.0, error);
}

int
kh_cli_audit (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL, NULL, NULL, 0 };
  g_autofree char *format = NULL;
  g_autofree char *output = NULL, *group = NULL, *category = NULL, *heatmap = NULL;
  g_autofree char *lang_name = NULL;
  gboolean pearson = FALSE;
  gboolean chosen;
  KhLang lang = KH_LANG_ZH_CN;
  int status;
  GOptionEntry entries[] = {
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group to analyse"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category to analyse (when it has one peer group)"), N_("C") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default), csv or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    { "heatmap", 0, 0, G_OPTION_ARG_FILENAME, &heatmap, N_("Draw the correlations as a heat map (PNG, SVG or PDF)"), N_("FILE") },
    { "pearson", 0, 0, G_OPTION_ARG_NONE, &pearson, N_("The heat map shows Pearson's r (default: Spearman's ρ)"), NULL },
    KH_CLI_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhStatAudit) audit = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  g_option_context_set_summary (context, _("Correlations within and across levels, Cronbach's α, "
                                           "principal components and flags for the indicators "
                                           "of a peer group."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "csv") != 0
      && strcmp (format, "json") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (text, csv or json)"), format);
  chosen = format == NULL || strcmp (format, "text") == 0 ? kh_cli_choose_lang (lang_name, &lang)
                                                          : kh_cli_choose_data_lang (lang_name, &lang);
  if (!chosen)
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  input.lang = lang;

  plan = kh_cli_load_group_plan (context, &input, argc, argv, group, category, &status);
  if (plan == NULL)
    return status;
  audit = kh_stat_audit_new (plan, group, &error);
  if (audit == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (g_strcmp0 (format, "json") == 0)
    write_json (plan, audit, text);
  else if (g_strcmp0 (format, "csv") == 0)
    write_csv (audit, text);
  else
    write_text (plan, audit, text);
  if (!kh_cli_write_output (output, text, &error)
      || (heatmap != NULL && !write_heatmap (plan, audit, pearson, heatmap, &error)))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
