/* kh-cli-chart.c — `kaohe-cli chart`: one chart of a project as PNG, SVG or PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli chart PROJECT --type bump|slope|bars|radar|distribution|dumbbell
 *                   (--group G | --category C) [--years Y1-Y2 | --years Y]
 *                   [--unit U] [--highlight U,U…] [--lang zh_CN|zh_TW|en]
 *                   [--width W --height H] -o FILE.png|svg|pdf
 *
 * The years default to every year of the project; the bump chart shows them all, the
 * slope chart compares the first with the last, the others draw the last. --unit
 * highlights a unit, named as --highlight names them below (or by its name as drawn, for a
 * unit gone by the last year); the radar chart profiles it (else the first ranked).
 * --highlight draws the units it names in colour with their labels and fades the others
 * (every chart type, each cell of small multiples; the radar chart profiles each of them,
 * up to six, against the group's mean, after --unit's); a unit is named
 * as a data import names it (id, Chinese, English or short name, alias), commas between.
 * --category draws every peer group of the category: one chart, or small multiples (a
 * grid of charts, each titled by its group) when it has several.
 * --lang draws the units' and groups' names in that language's script (short names too)
 * and the chart's own words in it, whatever the process's locale (also C); without it the
 * user's locale decides, as for `kaohe-cli report` (kh_cli_choose_lang).
 * Width and height are pixels for PNG and points for SVG and PDF (default 842 × 595, A4
 * landscape). The project is only read: the years are computed in memory, as the report
 * does (kh_report_data_load).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "charts/kh-chart.h"
#include "kh-cli.h"
#include "report/kh-report-project.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_chart (int    argc,
                  char **argv);

static gboolean
parse_years (const char *text,
             int        *first,
             int        *last)
{
  char *end = NULL;
  gint64 a, b;

  a = g_ascii_strtoll (text, &end, 10);
  if (end == text || a < 1 || a > 9999)
    return FALSE;
  if (*end == '\0')
    {
      *first = *last = (int) a;
      return TRUE;
    }
  if (*end != '-')
    return FALSE;
  text = end + 1;
  b = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || b > 9999 || a > b)
    return FALSE;
  *first = (int) a;
  *last = (int) b;
  return TRUE;
}

/* The one group asked for: by id, or the only group of a category. */
/* The groups to draw: --group's, or every group of --category in framework order (small
 * multiples when there are several). */
static GPtrArray *
choose_groups (KhReportData *data,
               const char   *group,
               const char   *category,
               GError      **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  if (group != NULL)
    {
      KhReportGroup *g = kh_report_data_find_group (data, group);

      if (g == NULL)
        {
          g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE,
                       _("no peer group “%s” in %d"), group, data->year);
          return NULL;
        }
      g_ptr_array_add (found, g);
      return g_steal_pointer (&found);
    }
  for (guint i = 0; i < data->groups->len; i++)
    {
      KhReportGroup *g = g_ptr_array_index (data->groups, i);

      if (g_strcmp0 (g->category, category) == 0)
        g_ptr_array_add (found, g);
    }
  if (found->len == 0)
    {
      g_set_error (error, KH_REPORT_ERROR, KH_REPORT_ERROR_SCOPE, _("no category “%s” in %d"),
                   category, data->year);
      return NULL;
    }
  return g_steal_pointer (&found);
}

typedef struct
{
  KhChartType type;
  GPtrArray *charts; /* of KhChartData*, one per group */
} Multiples;

static void
draw_multiples (cairo_t *cr,
                double   width,
                double   height,
                gpointer user_data)
{
  Multiples *m = user_data;

  kh_chart_draw_multiples (m->type, (KhChartData *const *) m->charts->pdata, m->charts->len, cr, width, height);
}

static int
find_unit (const KhReportGroup *group,
           const char          *unit)
{
  int index = kh_chart_data_find_unit (group->chart, unit);

  for (guint i = 0; index < 0 && i < group->rows->len; i++)
    if (g_strcmp0 (((KhReportRow *) g_ptr_array_index (group->rows, i))->name, unit) == 0)
      index = (int) i;
  return index;
}

int
kh_cli_chart (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *type_name = NULL, *group = NULL, *category = NULL, *years = NULL;
  g_autofree char *unit = NULL, *output = NULL, *highlight = NULL, *lang_name = NULL;
  KhLang lang = KH_LANG_EN;
  g_auto (GStrv) highlight_keys = NULL;
  g_auto (GStrv) highlight_ids = NULL;
  g_auto (GStrv) unit_ids = NULL;
  int width = 842, height = 595, first = 0, last = 0;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_name, N_("bump, slope, bars, radar, distribution or dumbbell"), N_("TYPE") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group to draw"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category to draw: every peer group of it, side by side"), N_("C") },
    { "years", 0, 0, G_OPTION_ARG_STRING, &years, N_("Years shown (default: all)"), N_("Y1-Y2") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Unit to highlight or profile (id or name)"), N_("U") },
    { "highlight", 0, 0, G_OPTION_ARG_STRING, &highlight, N_("Units drawn in colour, the others faded (ids or names, separated by commas)"), N_("U,U…") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_name, N_("Language of the names and words drawn: zh_CN, zh_TW or en (default: the user's locale)"), N_("LANG") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (PNG) or points (SVG, PDF)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in pixels (PNG) or points (SVG, PDF)"), N_("H") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write"), N_("FILE.png|svg|pdf") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (GArray) project_years = NULL;
  g_autoptr (GPtrArray) chosen = NULL;
  g_autoptr (GPtrArray) charts = g_ptr_array_new ();
  KhChartType type;
  guint units = 0;
  gboolean found = FALSE;
  gboolean ok;

  g_option_context_set_summary (context, _("Draw a chart of a project's results as PNG, SVG or PDF."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;

  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project file"));
  if (type_name == NULL)
    return kh_cli_usage_error (context, "%s", _("--type is required"));
  if (!kh_chart_type_from_string (type_name, &type))
    return kh_cli_usage_error (context,
                               _("unknown chart type “%s” (bump, slope, bars, radar, distribution or dumbbell)"),
                               type_name);
  if ((group == NULL) == (category == NULL))
    return kh_cli_usage_error (context, "%s", _("give --group or --category"));
  if (output == NULL)
    return kh_cli_usage_error (context, "%s", _("-o FILE is required"));
  if (years != NULL && !parse_years (years, &first, &last))
    return kh_cli_usage_error (context, _("--years “%s”: expected a year Y or two years Y1-Y2"),
                               years);
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    return kh_cli_usage_error (context, "%s", _("--width and --height must be between 16 and 20000"));
  /* The chart's own words (legends, captions) in that language too, whatever the process's
   * locale. */
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  if (highlight != NULL)
    {
      g_autoptr (GString) list = g_string_new (highlight);

      /* A full-width comma (，) separates names as well. */
      g_string_replace (list, "，", ",", 0);
      highlight_keys = g_strsplit (list->str, ",", -1);
      for (guint i = 0; highlight_keys[i] != NULL; i++)
        if (*g_strstrip (highlight_keys[i]) == '\0')
          return kh_cli_usage_error (context, _("--highlight “%s”: a unit name is empty"), highlight);
    }

  project = kh_project_open_readonly (argv[1], &error);
  if (project != NULL && years == NULL)
    {
      project_years = kh_project_read_years (project, &error);
      if (project_years != NULL && project_years->len == 0)
        g_set_error (&error, KH_REPORT_ERROR, KH_REPORT_ERROR_INVALID, "%s",
                     _("the project has no years"));
      else if (project_years != NULL)
        {
          first = g_array_index (project_years, int, 0);
          last = g_array_index (project_years, int, project_years->len - 1);
        }
    }
  /* The units to highlight as they are named in the last year drawn. */
  if (error == NULL && highlight_keys != NULL)
    highlight_ids = kh_project_resolve_unit_ids (project, last, (const char *const *) highlight_keys,
                                                 &error);
  /* --unit too, whatever the language of the names drawn (省台联 in an English chart). */
  if (error == NULL && unit != NULL)
    unit_ids = kh_project_resolve_unit_ids (project, last, (const char *const[]) { unit, NULL },
                                            NULL);
  if (error == NULL)
    /* No audit chain: a chart prints none of it, and an evaluator's login sees only its
     * own rows (issue 19). */
    data = kh_report_data_load_full (&project, 1, last, first, lang,
                                     KH_REPORT_LOAD_NO_COMPARISON | KH_REPORT_LOAD_NO_CHAIN,
                                     &error);
  if (data != NULL)
    chosen = choose_groups (data, group, category, &error);
  if (chosen == NULL)
    {
      /* The project's own messages name the file already. */
      if (data != NULL)
        fprintf (stderr, "%s: %s\n", kh_project_get_path (project), error->message);
      else
        fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }

  for (guint g = 0; g < chosen->len; g++)
    {
      KhReportGroup *one = chosen->pdata[g];
      KhChartData *chart = one->chart;
      int from = kh_chart_data_find_year (chart, first);
      int to = kh_chart_data_find_year (chart, last);

      chart->year_from = from >= 0 ? from : 0;
      chart->year_to = to >= 0 ? to : chart->n_years - 1;
      if (unit != NULL)
        {
          int index = unit_ids != NULL ? find_unit (one, unit_ids[0]) : -1;

          if (index < 0)
            index = find_unit (one, unit);

          if (index >= 0)
            {
              g_free (chart->highlight);
              chart->highlight = g_strdup (((KhChartUnit *) g_ptr_array_index (chart->units, index))->id);
              found = TRUE;
            }
        }
      kh_chart_data_set_highlights (chart, (const char *const *) highlight_ids);
      g_free (chart->title);
      /* One group: its category and name; small multiples: each titled by its group. */
      if (chosen->len > 1)
        chart->title = g_strdup (one->name);
      else
        chart->title = first == last ? g_strdup_printf ("%s · %s %d", one->category_title, one->name, last)
                                     : g_strdup_printf ("%s · %s %d–%d", one->category_title, one->name, first,
                                                        last);
      units += chart->units->len;
      g_ptr_array_add (charts, chart);
    }
  if (unit != NULL && !found)
    {
      if (chosen->len == 1)
        fprintf (stderr, _("%s: no unit “%s” in the group %s\n"), kh_project_get_path (project),
                 unit, ((KhReportGroup *) chosen->pdata[0])->id);
      else
        fprintf (stderr, _("%s: no unit “%s” in the category %s\n"), kh_project_get_path (project),
                 unit, category);
      return KH_CLI_FAILED;
    }

  /* Every unit highlighted is in a chart drawn. */
  for (guint i = 0; highlight_ids != NULL && highlight_ids[i] != NULL; i++)
    {
      gboolean drawn = FALSE;

      for (guint c = 0; c < charts->len && !drawn; c++)
        drawn = kh_chart_data_find_unit (charts->pdata[c], highlight_ids[i]) >= 0;
      if (drawn)
        continue;
      if (chosen->len == 1)
        fprintf (stderr, _("%s: no unit “%s” in the group %s\n"), kh_project_get_path (project),
                 highlight_keys[i], ((KhReportGroup *) chosen->pdata[0])->id);
      else
        fprintf (stderr, _("%s: no unit “%s” in the category %s\n"), kh_project_get_path (project),
                 highlight_keys[i], category);
      return KH_CLI_FAILED;
    }
  if (charts->len == 1)
    ok = kh_chart_export (type, charts->pdata[0], output, width, height, 1.0, &error);
  else
    {
      Multiples m = { type, charts };

      ok = kh_chart_export_draw (draw_multiples, &m, output, width, height, 1.0, &error);
    }
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (charts->len == 1)
    printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s chart of %u unit, %d–%d\n",
                         "%s: %s chart of %u units, %d–%d\n", units),
            output, type_name, units, first, last);
  else
    /* TRANSLATORS: file, chart type, number of peer groups, number of units, years */
    printf (_("%s: %s charts of %u peer groups (%u units), %d–%d\n"), output, type_name, charts->len, units,
            first, last);
  return KH_CLI_OK;
}
