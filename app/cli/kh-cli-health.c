/* kh-cli-health.c — `kaohe-cli health`: indicator health for admission and exit (准入/退出)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli health PROJECT --year Y [--group G | --category C]
 *   kaohe-cli health --framework F.xml --data D.csv [--group G]
 *   … --pilot P.csv   also the admission check of proposed indicators
 *   … --lang zh_CN|zh_TW|en
 *
 * One line per indicator of the group (app/analysis/kh-indicator-health.h has every
 * formula): its nominal and effective weight, missing rate, share at full points,
 * coefficient of variation, distinct scores, Gini, the indicator it moves with most (Spearman ρ),
 * and the verdict; then the verdicts that are not "keep" with their reasons in words.
 * With a project, the same group in the project's earlier years gives each indicator's CV
 * and share at full points year by year, and the verdict takes their trend into account.
 * --pilot P.csv: a header "unit,ID1,ID2…" and a row per unit (its id) with the pilot
 * values of the proposed indicators (empty: none; read by kh_pilot_read()); each is
 * examined as the indicators in place are — missing rate, CV, distinct values, Gini, the
 * indicator in place it moves with most — and judged: admit, review, do not admit.
 * --lang zh_CN|zh_TW|en names the indicators in the reasons in that script (falling back
 * as kh_text_get() does) and says the words in that language; without it the user's locale
 * decides (kh_cli_choose_lang). The project is only read.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-indicator-health.h"
#include "io/kh-pilot.h"
#include "io/kh-project-compute.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_health (int    argc,
                   char **argv);

static void
append_cell (GString *out,
             double   value,
             int      digits,
             int      width)
{
  g_string_append_c (out, ' ');
  kh_cli_append_fixed_column (out, value, digits, width);
}

/* The earlier years of the plan's group in the project @path: their health arrays and plans,
 * oldest first. Years without the category or the group are left out; a year that has them
 * but cannot be computed is left out saying why on stderr. FALSE with @error when the
 * project or its years cannot be read again: without them the trend, and the verdicts
 * that weigh it, would silently differ. */
static gboolean
load_earlier (const char *path,
              KhPlan     *plan,
              const char *group,
              GPtrArray  *earlier,
              GPtrArray  *earlier_plans,
              GError    **error)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  int year = kh_dataset_get_year (kh_plan_get_dataset (plan));
  g_autoptr (KhProject) project = kh_project_open_readonly (path, error);
  g_autoptr (GArray) years = NULL;

  if (project == NULL)
    return FALSE;
  years = kh_project_read_years (project, error);
  if (years == NULL)
    return FALSE;
  for (guint i = 0; i < years->len; i++)
    {
      int y = g_array_index (years, int, i);
      g_autoptr (KhPlan) p = NULL;
      g_autoptr (GError) year_error = NULL;
      GArray *health;

      if (y >= year)
        continue;
      if (fw->category != NULL)
        {
          g_autoptr (GPtrArray) categories = kh_project_get_categories (project, y);
          gboolean has_category = FALSE;

          for (guint c = 0; c < categories->len && !has_category; c++)
            has_category = g_strcmp0 (categories->pdata[c], fw->category) == 0;
          if (!has_category)
            continue;
        }
      p = kh_project_compute_category (project, y, fw->category, &year_error);
      if (p == NULL)
        {
          /* TRANSLATORS: %d: a year; %s: why it could not be computed */
          g_printerr (_("kaohe-cli health: %d is left out of the trend: %s\n"), y,
                      year_error->message);
          continue;
        }
      health = kh_indicator_health (p, group, NULL);
      if (health == NULL)
        continue; /* the group is not in that year */
      g_ptr_array_add (earlier, health);
      g_ptr_array_add (earlier_plans, g_steal_pointer (&p));
    }
  return TRUE;
}

/* CV and share at full points of each indicator year by year. */
static void
write_trend (KhPlan    *plan,
             GArray    *health,
             GPtrArray *earlier,
             GPtrArray *earlier_plans,
             int        width,
             GString   *out)
{
  g_string_append_printf (out, "\n%s\n  %-*s", _("Over the years (CV, share at full points):"),
                          width, _("indicator"));
  for (guint k = 0; k <= earlier->len; k++)
    g_string_append_printf (out, " %11d",
                            kh_dataset_get_year (kh_plan_get_dataset (
                              k < earlier->len ? earlier_plans->pdata[k] : plan)));
  g_string_append_c (out, '\n');
  for (guint i = 0; i < health->len; i++)
    {
      const char *id = kh_plan_get_node (plan, g_array_index (health, KhIndicatorHealth, i).node)->id;

      g_string_append_printf (out, "  %-*s", width, id);
      for (guint k = 0; k <= earlier->len; k++)
        {
          const KhIndicatorHealth *h = k < earlier->len
                                         ? kh_indicator_health_find (earlier->pdata[k],
                                                                     earlier_plans->pdata[k], id)
                                         : &g_array_index (health, KhIndicatorHealth, i);

          if (h == NULL)
            {
              g_string_append_printf (out, " %13s", "—"); /* 3 bytes, 1 column */
              continue;
            }
          append_cell (out, h->cv, 3, 6);
          if (isnan (h->saturation))
            g_string_append (out, "    —");
          else
            g_string_append_printf (out, " %3.0f%%", h->saturation * 100);
        }
      g_string_append_c (out, '\n');
    }
}

/* "  " and the id of the indicator @h moves with most, padded to @width columns. */
static void
append_closest (GString                 *out,
                KhPlan                  *plan,
                const KhIndicatorHealth *h,
                int                      width)
{
  const char *id = h->closest >= 0 ? kh_plan_get_node (plan, (guint) h->closest)->id : "—";

  g_string_append_printf (out, "  %-*s", width + (int) (strlen (id) - g_utf8_strlen (id, -1)), id);
}

/* The width of the indicators' column. */
static int
text_width (KhPlan *plan,
            GArray *health)
{
  int width = 12;

  for (guint i = 0; i < health->len; i++)
    width = MAX (width, (int) g_utf8_strlen (
                          kh_plan_get_node (plan, g_array_index (health, KhIndicatorHealth, i).node)->id,
                          -1));
  return width;
}

static void
write_text (KhPlan     *plan,
            KhLang      lang,
            const char *group,
            GArray     *health,
            GPtrArray  *earlier,
            GPtrArray  *earlier_plans,
            GString    *out)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  int width = text_width (plan, health);
  guint flagged = 0;

  g_string_append_printf (out, _("Indicator health: framework %s, %d, group %s\n"), fw->id,
                          kh_dataset_get_year (kh_plan_get_dataset (plan)),
                          group != NULL ? group
                                        : (fw->groups->len > 0 ? ((KhGroup *) fw->groups->pdata[0])->id : "—"));
  /* "ρ" is two bytes: padded by hand to the 6 columns of the figures below it */
  g_string_append_printf (out, "  %-*s %7s %7s %7s %7s %6s %5s %6s  %-*s      ρ  %s\n", width,
                          _("indicator"), _("nominal"), _("effect"), _("missing"), _("full"),
                          _("CV"), _("values"), _("Gini"), width, _("closest"), _("verdict"));
  for (guint i = 0; i < health->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (health, KhIndicatorHealth, i);

      g_string_append_printf (out, "  %-*s", width, kh_plan_get_node (plan, h->node)->id);
      append_cell (out, h->nominal, 4, 7);
      append_cell (out, h->effective, 4, 7);
      append_cell (out, h->missing_rate, 4, 7);
      append_cell (out, h->saturation, 4, 7);
      append_cell (out, h->cv, 3, 6);
      g_string_append_printf (out, " %5u", h->distinct);
      append_cell (out, h->gini, 3, 6);
      append_closest (out, plan, h, width);
      append_cell (out, h->rho, 2, 6);
      g_string_append_printf (out, "  %s\n", kh_health_verdict_label (h->verdict));
      flagged += h->verdict != KH_HEALTH_KEEP;
    }
  if (earlier->len > 0)
    write_trend (plan, health, earlier, earlier_plans, width, out);
  g_string_append_printf (out, "\n%s\n", _("Why:"));
  if (flagged == 0)
    g_string_append_printf (out, "  %s\n", _("every indicator still tells the units apart"));
  for (guint i = 0; i < health->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (health, KhIndicatorHealth, i);
      g_autofree char *reasons = NULL;
      g_autofree char *subject = NULL;

      if (h->verdict == KH_HEALTH_KEEP)
        continue;
      reasons = kh_indicator_health_reasons (h, plan, lang);
      subject = kh_text_get (&kh_plan_get_node (plan, h->node)->name, lang) != NULL
                  ? g_strdup_printf ("%s (%s)",
                                     kh_text_get (&kh_plan_get_node (plan, h->node)->name, lang),
                                     kh_plan_get_node (plan, h->node)->id)
                  : g_strdup (kh_plan_get_node (plan, h->node)->id);
      g_string_append_printf (out, "  %s — %s: %s\n", subject,
                              kh_health_verdict_label (h->verdict), reasons);
    }
}

static void
write_pilots (KhPlan     *plan,
              KhLang      lang,
              const char *group,
              GPtrArray  *pilots,
              int         width,
              GString    *out,
              GError    **error)
{
  g_autoptr (GArray) checks = g_array_new (FALSE, TRUE, sizeof (KhIndicatorHealth));
  gboolean why = FALSE;

  for (guint i = 0; i < pilots->len; i++)
    width = MAX (width, (int) g_utf8_strlen (((KhPilotIndicator *) pilots->pdata[i])->id, -1));
  for (guint i = 0; i < pilots->len; i++)
    {
      KhIndicatorHealth h;

      if (!kh_indicator_health_pilot (plan, group, ((KhPilotIndicator *) pilots->pdata[i])->values, &h, error))
        return;
      g_array_append_val (checks, h);
    }
  g_string_append_printf (out, "\n%s\n", _("Admission check of the proposed indicators (pilot data):"));
  g_string_append_printf (out, "  %-*s %7s %6s %5s %6s  %-*s      ρ  %s\n", width, _("indicator"),
                          _("missing"), _("CV"), _("values"), _("Gini"), width, _("closest"),
                          _("verdict"));
  for (guint i = 0; i < checks->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (checks, KhIndicatorHealth, i);

      g_string_append_printf (out, "  %-*s", width, ((KhPilotIndicator *) pilots->pdata[i])->id);
      append_cell (out, h->missing_rate, 4, 7);
      append_cell (out, h->cv, 3, 6);
      g_string_append_printf (out, " %5u", h->distinct);
      append_cell (out, h->gini, 3, 6);
      append_closest (out, plan, h, width);
      append_cell (out, h->rho, 2, 6);
      g_string_append_printf (out, "  %s\n", kh_health_admission_label (h->verdict));
    }
  for (guint i = 0; i < checks->len; i++)
    {
      const KhIndicatorHealth *h = &g_array_index (checks, KhIndicatorHealth, i);
      g_autofree char *reasons = NULL;

      if (h->verdict != KH_HEALTH_KEEP && !why)
        {
          g_string_append_printf (out, "\n%s\n", _("Why:"));
          why = TRUE;
        }
      if (h->verdict == KH_HEALTH_KEEP)
        continue;
      reasons = kh_indicator_health_reasons (h, plan, lang);
      g_string_append_printf (out, "  %s — %s: %s\n", ((KhPilotIndicator *) pilots->pdata[i])->id,
                              kh_health_admission_label (h->verdict), reasons);
    }
}

int
kh_cli_health (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL, NULL, NULL, 0 };
  g_autofree char *group = NULL, *category = NULL, *pilot = NULL, *lang_name = NULL;
  KhLang lang = KH_LANG_ZH_CN;
  GOptionEntry entries[] = {
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group to examine"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category to examine (when it has one peer group)"), N_("C") },
    { "pilot", 0, 0, G_OPTION_ARG_FILENAME, &pilot, N_("Proposed indicators: a CSV of pilot values, a column per indicator after the units' column"), N_("FILE") },
    KH_CLI_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GArray) health = NULL;
  g_autoptr (GPtrArray) pilots = NULL;
  g_autoptr (GPtrArray) earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) earlier_plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  int status;

  g_option_context_set_summary (context, _("Whether each indicator still tells the units apart — "
                                           "share at full points, spread, distinct values, Gini, "
                                           "redundancy, missing data, nominal and effective "
                                           "weight — with a verdict in words: keep, review or "
                                           "candidate for exit."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);

  input.lang = lang;
  plan = kh_cli_load_group_plan (context, &input, argc, argv, group, category, &status);
  if (plan == NULL)
    return status;
  health = kh_indicator_health (plan, group, &error);
  if (health == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (pilot != NULL && (pilots = kh_pilot_read (pilot, kh_plan_get_dataset (plan), &error)) == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (argc == 2) /* a project: kh_cli_check_input() */
    {
      if (!load_earlier (argv[1], plan, group, earlier, earlier_plans, &error))
        {
          /* TRANSLATORS: %s: why the project's earlier years could not be read */
          fprintf (stderr, _("kaohe-cli health: cannot read the earlier years for the trend: "
                             "%s\n"),
                   error->message);
          return KH_CLI_FAILED;
        }
      kh_indicator_health_add_trend (health, plan, earlier, earlier_plans);
    }
  write_text (plan, lang, group, health, earlier, earlier_plans, text);
  if (pilots != NULL)
    write_pilots (plan, lang, group, pilots, text_width (plan, health), text, &error);
  if (error != NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (!kh_cli_write_output (NULL, text, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
