/* kh-cli-report.c — `kaohe-cli report`: the annual, unit and comparison reports as PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli report PROJECT… --year Y [--kind annual|unit|compare]
 *                    [--category C | --group G] [--unit U] [--years Y1-Y2]
 *                    [--landscape] [--watermark demonstration|draft|none]
 *                    [--lang zh_CN|zh_TW|en] [--issuer NAME]
 *                    [--robustness [--range PERCENT] [--runs N]] [--surveys] -o FILE.pdf
 *
 * --lang sets the report's language: its own words (through gettext, LANGUAGE) and the
 * names of units, groups, tiers and indicators in that script. Default: the user's locale
 * (zh_TW for Traditional Chinese locales, zh_CN for other Chinese ones, else en).
 * --issuer names the issuing body printed at the head of the annual notice and over its
 * seal; without it, the project's own setting (set in the app's Reports page) is used.
 * --robustness adds to each group of the annual report how robust its ranking is (every
 * weight ± PERCENT, default 25; N model runs, default 10000; seed 1: each unit's median
 * rank, 5–95 % rank interval and tier chances), what the statistical audit flags and each
 * indicator's health (kh-indicator-health.h); to
 * each unit profile that unit's figures.
 * --surveys adds to each group of the annual report its category's satisfaction survey
 * of the year, when answers are stored: per unit and rater class the raters counted, mean,
 * trimmed mean, standard deviation, range and minimum-sample flags (aggregates only: no
 * rater is ever printed).
 *
 * --years Y1-Y2 is the span of history the report shows (the bump chart's years, the rank
 * history of a profile, the two years a comparison sets side by side); it ends with Y.
 * Without it: every year of the project up to Y (annual, unit) or Y−1 and Y (compare).
 * Several projects (one per category, as the sample is built) make one report.
 * The projects are only read. The date printed is today's, or KAOHE_REPORT_DATE
 * (YYYY-MM-DD), or SOURCE_DATE_EPOCH, so that reports can be reproduced.
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "kh-cli.h"
#include "report/kh-report-project.h"
#include "report/kh-report.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_report (int    argc,
                   char **argv);

static gboolean
parse_years (const char *text,
             int        *first,
             int        *last)
{
  char *end = NULL;
  gint64 a, b;

  a = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '-')
    return FALSE;
  text = end + 1;
  b = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || a < 1 || b > 9999 || a >= b)
    return FALSE;
  *first = (int) a;
  *last = (int) b;
  return TRUE;
}

int
kh_cli_report (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT…"));
  g_autofree char *kind_name = NULL, *category = NULL, *group = NULL, *unit = NULL;
  g_autofree char *years = NULL, *output = NULL, *watermark = NULL, *lang_name = NULL, *issuer = NULL;
  KhLang lang;
  gboolean landscape = FALSE, robustness = FALSE, surveys = FALSE;
  int year = 0, first = 0, last = 0, range = 25, runs = KH_SENSITIVITY_DEFAULT_RUNS;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year of the results"), N_("Y") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, N_("annual (default), unit or compare"), N_("KIND") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("C") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Only this peer group"), N_("G") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Unit report: only this unit (id or name)"), N_("U") },
    { "years", 0, 0, G_OPTION_ARG_STRING, &years, N_("Years of history shown, ending with the year"), N_("Y1-Y2") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_("A4 landscape instead of portrait"), NULL },
    { "watermark", 0, 0, G_OPTION_ARG_STRING, &watermark,
      N_("Across every page: demonstration, draft or none (default)"), N_("MARK") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_name, N_("Language of the report: zh_CN, zh_TW or en"), N_("LANG") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &issuer, N_("Issuing body printed on the notice"), N_("NAME") },
    { "robustness", 0, 0, G_OPTION_ARG_NONE, &robustness,
      N_("Annual and unit: add how robust each ranking is (rank intervals, tier chances) and the statistical audit"), NULL },
    { "range", 0, 0, G_OPTION_ARG_INT, &range, N_("With --robustness: every weight ± PERCENT (default 25)"), N_("PERCENT") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, N_("With --robustness: model runs (default 10000)"), N_("N") },
    { "surveys", 0, 0, G_OPTION_ARG_NONE, &surveys,
      N_("Annual: add each satisfaction survey's figures per unit and rater class (aggregates only)"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE.pdf") },
    G_OPTION_ENTRY_NULL
  };
  KhReportOptions options = { KH_REPORT_ANNUAL, KH_PAGE_PORTRAIT, NULL, NULL, NULL, 0, KH_WATERMARK_NONE };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_project_close);
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (KhReport) report = NULL;

  g_option_context_set_summary (context, _("Write the annual results, unit profiles or a "
                                           "year-over-year comparison of a project as PDF."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;

  if (argc < 2)
    return kh_cli_usage_error (context, "%s", _("give a project file"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (output == NULL)
    return kh_cli_usage_error (context, "%s", _("-o FILE.pdf is required"));
  if (kind_name != NULL && !kh_report_kind_from_string (kind_name, &options.kind))
    return kh_cli_usage_error (context, _("unknown kind “%s” (annual, unit or compare)"), kind_name);
  /* The report's own words in that language too, whatever the process's locale. */
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  if (watermark != NULL && !kh_watermark_from_string (watermark, &options.watermark))
    return kh_cli_usage_error (context, _("unknown watermark “%s” (demonstration, draft or none)"), watermark);
  if (category != NULL && group != NULL)
    return kh_cli_usage_error (context, "%s", _("give --category or --group, not both"));
  if (unit != NULL && options.kind != KH_REPORT_UNIT)
    return kh_cli_usage_error (context, "%s", _("--unit goes with --kind unit"));
  if (years != NULL)
    {
      if (!parse_years (years, &first, &last))
        return kh_cli_usage_error (context, _("--years “%s”: expected two years Y1-Y2 with Y1 < Y2"), years);
      if (last != year)
        return kh_cli_usage_error (context, _("--years %s must end with the year of the report, %d"),
                                   years, year);
    }
  else if (options.kind == KH_REPORT_COMPARE)
    first = year - 1;
  if (robustness && options.kind == KH_REPORT_COMPARE)
    return kh_cli_usage_error (context, "%s", _("--robustness goes with the annual or unit report"));
  if (surveys && options.kind != KH_REPORT_ANNUAL)
    return kh_cli_usage_error (context, "%s", _("--surveys goes with the annual report"));
  if (range < 1 || range > 90)
    return kh_cli_usage_error (context, "%s", _("--range takes a percentage from 1 to 90"));
  if (runs < 1 || runs > 10000000)
    return kh_cli_usage_error (context, "%s", _("--runs takes a whole number from 1 to 10000000"));

  options.orientation = landscape ? KH_PAGE_LANDSCAPE : KH_PAGE_PORTRAIT;
  options.category = category;
  options.group = group;
  options.unit = unit;
  options.compare_from = options.kind == KH_REPORT_COMPARE ? first : 0;

  for (int i = 1; i < argc && error == NULL; i++)
    {
      KhProject *project = kh_project_open_readonly (argv[i], &error);

      if (project != NULL)
        g_ptr_array_add (projects, project);
    }
  if (error == NULL)
    /* The earlier years' plans stay only for the analysis (their health's trend); the
     * units each unit passed only for its profile. */
    data = kh_report_data_load_full ((KhProject **) projects->pdata, projects->len, year, first, lang,
                                     (robustness ? KH_REPORT_LOAD_FOR_ANALYSIS : KH_REPORT_LOAD_NONE)
                                       | (options.kind != KH_REPORT_UNIT ? KH_REPORT_LOAD_NO_OVERTAKES : 0),
                                     &error);
  /* --issuer overrides the project's setting. */
  if (data != NULL && issuer != NULL)
    {
      g_free (data->issuer);
      data->issuer = g_strdup (issuer);
    }
  if (data != NULL && robustness && !kh_report_data_analyse (data, range / 100.0, (guint) runs,
                                                             KH_SENSITIVITY_DEFAULT_SEED, &error))
    g_clear_pointer (&data, kh_report_data_unref);
  if (data != NULL && surveys
      && !kh_report_data_add_surveys (data, (KhProject **) projects->pdata, projects->len, &error))
    g_clear_pointer (&data, kh_report_data_unref);
  if (data != NULL)
    report = kh_report_new (data, &options, &error);
  if (report != NULL)
    {
      /* The pages took what they print: the plans go before the drawing, which needs
       * memory of its own (the fonts' subsets), and the freed heap back to the system
       * (issue 22: 3,000 units, 117 MB held while drawing, 64 MB without the plans). */
      kh_report_data_drop_plans (data);
      /* the projects too: they keep computed plans for the next computation */
      g_ptr_array_set_size (projects, 0);
#ifdef __GLIBC__
      malloc_trim (0);
#endif
    }
  if (report == NULL || !kh_report_write_pdf (report, output, &error))
    {
      g_autofree char *source = kh_db_target_name (argv[1]);

      if (data != NULL && report == NULL)
        fprintf (stderr, "%s: %s\n", source, error->message);
      else
        fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }

  printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u page, report %s\n", "%s: %u pages, report %s\n",
                       kh_report_get_n_pages (report)),
          output, kh_report_get_n_pages (report), kh_report_get_id (report));
  return KH_CLI_OK;
}
