/* kh-cli-survey.c — `kaohe-cli survey import|score|quality PROJECT --year Y …`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli survey import PROJECT --year Y [--category C] SHEET.csv [--encoding E]
 *   kaohe-cli survey import PROJECT --year Y [--category C] SHEET.xlsx [--sheet S]
 *   kaohe-cli survey score PROJECT --year Y [--category C]
 *   kaohe-cli survey quality PROJECT --year Y [--category C]
 *                            [(--exclude RATER | --include RATER) --reason TEXT]
 *   kaohe-cli survey chart PROJECT --year Y [--category C] --unit U -o FILE.png|svg|pdf
 *                          [--lang zh_CN|zh_TW|en]
 *
 * import stores the raters' sheet (io/kh-project-survey.h: raters as salted hashes only),
 * all or nothing. score writes every unit's score into the survey's field and prints,
 * tab-separated, per unit the score and per class the raters and the trimmed mean
 * ("below" under the class's minimum, "-" when the class does not rate the unit). quality
 * prints per class the counts, response rate, Kendall's W and ICC(2,k), then the raters
 * worth a look (leniency |z| ≥ 2.5, straight-lining, excluded) by the first 12 digits of
 * their hash; --exclude/--include first change one rater's exclusion, with its reason.
 * chart draws how each class's raters scored one unit (charts/kh-survey-chart.h), the
 * survey's and classes' names and the chart's words in --lang's language (zh_CN, zh_TW or
 * en, falling back as kh_text_get() does; default: the user's locale, kh_cli_choose_lang).
 * Only aggregates and hashes are printed: no rater identity is ever stored.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-survey-quality.h"
#include "charts/kh-chart.h"
#include "charts/kh-survey-chart.h"
#include "io/kh-project-survey.h"
#include "io/kh-xlsx.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_survey (int    argc,
                   char **argv);

static int
fail (GError *error)
{
  fprintf (stderr, "%s\n", error->message);
  return KH_CLI_FAILED;
}

static int
survey_import (KhProject  *project,
               int         year,
               const char *category,
               const char *path,
               const char *sheet,
               const char *encoding)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (display);
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (GError) error = NULL;
  guint n_raters = 0, n_answers = 0;

  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    table = kh_xlsx_read_file (path, sheet, &error);
  else
    table = kh_csv_read_file (path, encoding, &error);
  /* Provenance names the file without its folder. */
  if (table == NULL
      || !kh_project_import_survey (project, year, category, table, base, &n_raters, &n_answers,
                                    &error))
    return fail (error);
  printf (_("%s: %u answers of %u raters imported into the %d survey\n"), base, n_answers,
          n_raters, year);
  return KH_CLI_OK;
}

static int
survey_score (KhProject  *project,
              int         year,
              const char *category)
{
  g_autoptr (KhSurveyScores) scores = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  const KhSurvey *survey;
  guint n_missing = 0;

  if (!kh_project_store_survey_scores (project, year, category, &scores, &error))
    return fail (error);
  survey = kh_survey_sheet_get_survey (scores->sheet);
  g_string_append (out, "unit\tscore");
  for (guint c = 0; c < scores->n_classes; c++)
    {
      const KhSurveyClass *klass = survey->classes->pdata[c];

      g_string_append_printf (out, "\t%s:n\t%s:trimmed", klass->id, klass->id);
    }
  g_string_append_c (out, '\n');
  for (guint u = 0; u < scores->n_units; u++)
    {
      g_string_append_printf (out, "%s\t", (char *) scores->sheet->units->pdata[u]);
      kh_cli_append_fixed (out, scores->scores[u], 2);
      n_missing += isnan (scores->scores[u]);
      for (guint c = 0; c < scores->n_classes; c++)
        {
          const KhSurveyCell *cell = kh_survey_scores_cell (scores, u, c);

          if (!cell->rates)
            {
              g_string_append (out, "\t-\t-");
              continue;
            }
          g_string_append_printf (out, "\t%u\t", cell->n);
          if (cell->below)
            g_string_append (out, "below");
          else
            kh_cli_append_fixed (out, cell->trimmed, 2);
        }
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  printf (_("the %d survey “%s” scored into “%s”: %u units, %u missing\n"), year, survey->id,
          survey->field, scores->n_units, n_missing);
  return KH_CLI_OK;
}

static int
survey_quality (KhProject  *project,
                int         year,
                const char *category,
                const char *exclude,
                const char *include,
                const char *reason)
{
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyQuality) quality = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  const KhSurvey *survey;

  if ((exclude != NULL || include != NULL)
      && !kh_project_survey_exclude (project, year, category,
                                     exclude != NULL ? exclude : include, exclude != NULL,
                                     reason, &error))
    return fail (error);
  sheet = kh_project_load_survey_sheet (project, year, category, &error);
  if (sheet == NULL)
    return fail (error);
  survey = kh_survey_sheet_get_survey (sheet);
  quality = kh_survey_quality_new (sheet);

  g_string_append (out, "class\traters\tratings\tresponse rate\tKendall's W\tICC(2,k)\t"
                        "straight-lining\n");
  for (guint c = 0; c < survey->classes->len; c++)
    {
      const KhSurveyClassQuality *q = &quality->classes[c];
      const char *why = kh_survey_block_describe (q->block);

      g_string_append_printf (out, "%s\t%u\t%u\t", ((KhSurveyClass *) survey->classes->pdata[c])->id,
                              q->n_raters, q->n_ratings);
      kh_cli_append_fixed (out, q->response_rate, 3);
      g_string_append_c (out, '\t');
      kh_cli_append_fixed (out, q->kendall_w, 3);
      g_string_append_c (out, '\t');
      kh_cli_append_fixed (out, q->icc2k, 3);
      g_string_append_printf (out, "\t%u", q->n_straight);
      if (why != NULL)
        g_string_append_printf (out, "\t(%s)", why);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\nrater\tclass\tunits\tleniency\tz\tflag\n");
  for (guint r = 0; r < sheet->raters->len; r++)
    {
      const KhSurveyRater *rater = sheet->raters->pdata[r];
      const KhSurveyRaterQuality *q = &quality->raters[r];
      gboolean lenient = !isnan (q->leniency_z) && fabs (q->leniency_z) >= KH_SURVEY_LENIENCY_FLAG_Z;

      if (!lenient && !q->straight && !rater->excluded)
        continue;
      g_string_append_printf (out, "%.12s\t%s\t%u\t", rater->id,
                              ((KhSurveyClass *) survey->classes->pdata[rater->klass])->id,
                              q->n_units);
      kh_cli_append_fixed (out, q->leniency, 2);
      g_string_append_c (out, '\t');
      kh_cli_append_fixed (out, q->leniency_z, 2);
      g_string_append_c (out, '\t');
      if (rater->excluded)
        g_string_append_printf (out, _("excluded: %s"), rater->reason != NULL ? rater->reason : "");
      else if (lenient && q->straight)
        g_string_append (out, _("leniency, straight-lining"));
      else if (lenient)
        g_string_append (out, _("leniency"));
      else
        g_string_append (out, _("straight-lining"));
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  return KH_CLI_OK;
}

typedef struct
{
  const KhSurveyScores *scores;
  guint unit;
  const char *const *labels;
  const KhChartData *view;
} Chart;

static void
draw_chart (cairo_t *cr,
            double   width,
            double   height,
            gpointer user_data)
{
  const Chart *c = user_data;

  kh_survey_chart_draw (c->scores, c->unit, c->labels, c->view, cr, width, height, NULL);
}

static int
survey_chart (KhProject  *project,
              int         year,
              const char *category,
              const char *unit,
              const char *path,
              KhLang      lang)
{
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (KhSurveyScores) scores = NULL;
  g_autoptr (KhChartData) view = kh_chart_data_new (1, &year);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const KhSurvey *survey;
  Chart chart;
  int u;

  sheet = kh_project_load_survey_sheet (project, year, category, &error);
  if (sheet == NULL)
    return fail (error);
  survey = kh_survey_sheet_get_survey (sheet);
  u = kh_survey_sheet_find_unit (sheet, unit);
  if (u < 0)
    {
      fprintf (stderr, _("%s: no unit “%s” in the %d survey “%s” (give the unit's id)\n"),
               kh_project_get_path (project), unit, year, survey->id);
      return KH_CLI_FAILED;
    }
  scores = kh_survey_score (sheet);
  for (guint c = 0; c < survey->classes->len; c++)
    {
      const KhSurveyClass *klass = survey->classes->pdata[c];
      const char *name = kh_text_get (&klass->name, lang);

      g_ptr_array_add (labels, (gpointer) (name != NULL ? name : klass->id));
    }
  {
    const char *name = kh_text_get (&survey->name, lang);

    view->title = g_strdup_printf ("%s %d · %s", name != NULL ? name : survey->id, year, unit);
  }
  chart = (Chart) { scores, (guint) u, (const char *const *) labels->pdata, view };
  if (!kh_chart_export_draw (draw_chart, &chart, path, 640, 120 + 70.0 * survey->classes->len,
                             2.0, &error))
    return fail (error);
  printf (_("%s: chart written\n"), path);
  return KH_CLI_OK;
}

int
kh_cli_survey (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context =
    g_option_context_new (_("import|score|quality|chart PROJECT [SHEET]"));
  g_autofree char *category = NULL, *sheet = NULL, *encoding = NULL, *user = NULL;
  g_autofree char *exclude = NULL, *include = NULL, *reason = NULL;
  g_autofree char *unit = NULL, *output = NULL, *lang_name = NULL;
  KhLang lang = KH_LANG_ZH_CN;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The survey's year"), N_("Y") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("The category whose framework declares the survey (default: the only one)"), N_("C") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet, N_("XLSX: the sheet to read (default: the first)"), N_("S") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("CSV: UTF-8, UTF-16LE, UTF-16BE or GB18030 (default: detect)"), N_("E") },
    { "exclude", 0, 0, G_OPTION_ARG_STRING, &exclude, N_("quality: exclude the rater with this hash (or its first digits)"), N_("RATER") },
    { "include", 0, 0, G_OPTION_ARG_STRING, &include, N_("quality: take back the rater's exclusion"), N_("RATER") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the rater is excluded or taken back (required)"), N_("TEXT") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("chart: the unit whose raters are drawn"), N_("U") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("chart: the file to write (.png, .svg or .pdf)"), N_("FILE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Name recorded in the audit log"), N_("NAME") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_name,
      N_("chart: language of the names and words drawn: zh_CN, zh_TW or en (default: the user's locale)"),
      N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  const char *action;

  g_option_context_set_summary (context, _("A year's satisfaction survey: import the raters' "
                                           "sheet (all or nothing; raters stored only as "
                                           "salted hashes), score it into the survey's field, "
                                           "or check its quality."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc < 3)
    return kh_cli_usage_error (context, "%s", _("give an action (import, score, quality or "
                                                "chart) and a project file"));
  action = argv[1];
  if (strcmp (action, "import") != 0 && strcmp (action, "score") != 0
      && strcmp (action, "quality") != 0 && strcmp (action, "chart") != 0)
    return kh_cli_usage_error (context, _("unknown action “%s” (import, score, quality or "
                                          "chart)"),
                               action);
  if (year < 1900 || year > 2999)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (strcmp (action, "import") == 0 ? argc != 4 : argc != 3)
    return kh_cli_usage_error (context, "%s",
                               strcmp (action, "import") == 0
                                 ? _("survey import takes a project and one sheet")
                                 : _("give exactly one project file"));
  if ((exclude != NULL || include != NULL) && strcmp (action, "quality") != 0)
    return kh_cli_usage_error (context, "%s", _("--exclude and --include belong to "
                                                "survey quality"));
  if (exclude != NULL && include != NULL)
    return kh_cli_usage_error (context, "%s", _("give --exclude or --include, not both"));
  if ((exclude != NULL || include != NULL) && reason == NULL)
    return kh_cli_usage_error (context, "%s", _("--reason is required with --exclude and "
                                                "--include"));
  if (strcmp (action, "chart") == 0 && (unit == NULL || output == NULL))
    return kh_cli_usage_error (context, "%s", _("survey chart needs --unit and -o"));
  if (lang_name != NULL && strcmp (action, "chart") != 0)
    return kh_cli_usage_error (context, "%s", _("--lang belongs to survey chart"));
  if (strcmp (action, "chart") == 0 && !kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  if (!kh_cli_set_user (user, argv[2]))
    return KH_CLI_USAGE;

  project = kh_cli_open_project (argv[2], TRUE);
  if (project == NULL)
    return KH_CLI_FAILED;
  if (strcmp (action, "import") == 0)
    return survey_import (project, year, category, argv[3], sheet, encoding);
  if (strcmp (action, "score") == 0)
    return survey_score (project, year, category);
  if (strcmp (action, "chart") == 0)
    return survey_chart (project, year, category, unit, output, lang);
  return survey_quality (project, year, category, exclude, include, reason);
}
