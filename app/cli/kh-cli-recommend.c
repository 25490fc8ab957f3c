/* kh-cli-recommend.c — `kaohe-cli recommend`: a city's entered list of the counties it
 * recommends (the "321" workflow)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli recommend PROJECT --year Y --city C (--counties ID,ID… | --clear) [--category T]
 *                       [--lang zh_CN|zh_TW|en]
 *
 * Stores unit C's own list of the units of category T it recommends in year Y, in the
 * order given (--counties "" : it recommends none), or removes it (--clear: its quota
 * rule's `select` applies again); one audited change (kh_project_set_recommendation_list).
 * T is the target category of the quota rule in which C takes part, found from the
 * year's frameworks; --category is needed only when C takes part in rules of several.
 * Refused, with nothing stored: a year, city or county that is not the project's, a city
 * whose group has no quota rule, a sealed year. A list that breaks a rule (a county of
 * another city, one not eligible, more than the quota) is stored, and printed with its
 * checks as `compute --recommended` and the annual report show them, names and words in
 * --lang's language (zh_CN, zh_TW or en, falling back as kh_text_get() does; default: the
 * user's locale, kh_cli_choose_lang). On the sample, `--city nanjing --counties
 * nanjing-jiangning,suqian-siyang,nanjing-pukou` in an English locale, then with --lang zh_CN:
 *
 *   Nanjing (rank 3, First tier, quota 3): entered
 *     Jiangning District, Nanjing: not eligible: Third tier, only up to Second tier
 *     Siyang County, Suqian: belongs to Suqian
 *     Pukou District, Nanjing (rank 11): accepted
 *
 *   南京市（第3名，第一等次，名额3）：报送
 *     江宁区: 不符合条件：第三等次，仅限第二等次及以上
 *     泗阳县: 隶属于宿迁市
 *     浦口区（第11名）：采纳
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-project-compute.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_recommend (int    argc,
                      char **argv);

/* The recommending unit @city of @r, or NULL. */
static const KhRecommender *
find_parent (const KhRecommendation *r,
             const char             *city)
{
  for (guint p = 0; p < r->parents->len; p++)
    if (g_strcmp0 (((KhRecommender *) r->parents->pdata[p])->unit_id, city) == 0)
      return r->parents->pdata[p];
  return NULL;
}

/* The recommendation in which @city takes part, of target @category (NULL: the only one);
 * NULL with a message printed. */
static const KhRecommendation *
find_recommendation (GPtrArray  *recommendations,
                     const char *path,
                     int         year,
                     const char *city,
                     const char *category)
{
  const KhRecommendation *found = NULL;
  guint n = 0;

  for (guint i = 0; i < recommendations->len; i++)
    {
      const KhRecommendation *r = recommendations->pdata[i];

      if (find_parent (r, city) == NULL)
        continue;
      if (category != NULL && g_strcmp0 (r->target_category, category) != 0)
        continue;
      if (found == NULL || g_strcmp0 (found->target_category, r->target_category) != 0)
        n++;
      found = r;
    }
  if (found == NULL && category != NULL)
    fprintf (stderr, _("%s: in %d “%s” recommends no units of the category “%s”: no quota rule "
                       "of its group names that category\n"),
             path, year, city, category);
  else if (found == NULL)
    fprintf (stderr, _("%s: in %d “%s” recommends no units: it is not a unit of a group with a "
                       "quota rule (the “321” rule)\n"),
             path, year, city);
  else if (n > 1)
    {
      fprintf (stderr, _("%s: in %d “%s” recommends units of several categories: choose one "
                         "with --category\n"),
               path, year, city);
      return NULL;
    }
  return found;
}

static void
print_parent (GString             *out,
              const KhRecommender *parent)
{
  g_autofree char *rank = parent->rank > 0 ? g_strdup_printf ("%d", parent->rank) : g_strdup ("—");

  /* TRANSLATORS: a city, its rank, tier and quota, and where its list comes from, e.g.
   * "南京市 (rank 1, 第一等次, quota 3): entered" */
  g_string_append_printf (out, _("%s (rank %s, %s, quota %d): %s\n"), parent->name, rank,
                          parent->tier_name[0] != '\0' ? parent->tier_name : "—", parent->quota,
                          kh_recommend_source (parent));
  for (guint u = 0; u < parent->units->len; u++)
    {
      const KhRecommended *item = parent->units->pdata[u];
      g_autofree char *why = kh_recommend_describe (parent, item);

      if (item->status == KH_RECOMMEND_ACCEPTED)
        /* TRANSLATORS: a county taken and its rank, e.g. "  江宁区 (rank 2): accepted" */
        g_string_append_printf (out, _("  %s (rank %d): accepted\n"), item->name, item->rank);
      else
        g_string_append_printf (out, "  %s: %s\n", item->name, why);
    }
  for (guint u = 0; u < parent->tied->len; u++)
    {
      const KhRecommended *item = parent->tied->pdata[u];

      /* TRANSLATORS: a county left out by the rule: it shares its rank with others at the cut */
      g_string_append_printf (out, _("  %s: tied at rank %d at the cut of the quota\n"), item->name,
                              item->rank);
    }
  if (parent->units->len + parent->tied->len == 0)
    g_string_append_printf (out, "  %s\n", _("(none)"));
}

int
kh_cli_recommend (int    argc,
                  char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *city = NULL, *counties = NULL, *category = NULL, *lang_name = NULL;
  KhLang lang = KH_LANG_ZH_CN;
  gboolean clear = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year"), N_("Y") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("The recommending unit's id (a city)"), N_("C") },
    { "counties", 0, 0, G_OPTION_ARG_STRING, &counties,
      N_("The ids of the units it recommends, in order, separated by commas (\"\": none)"), N_("ID,ID…") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
      N_("Remove its entered list: its quota rule chooses again"), NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category,
      N_("The category of the units recommended, when the city recommends from several"), N_("T") },
    KH_CLI_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) plans = NULL;
  g_autoptr (GPtrArray) recommendations = NULL;
  g_autoptr (GPtrArray) units = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  const KhRecommendation *r;

  g_option_context_set_summary (context, _("Enter a city's own list of the counties it recommends "
                                           "(the “321” workflow), used and checked instead of its "
                                           "quota rule; --clear lets the rule choose again. The "
                                           "list is printed with its checks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (city == NULL || city[0] == '\0')
    return kh_cli_usage_error (context, "%s", _("--city is required"));
  if ((counties != NULL) == clear)
    return kh_cli_usage_error (context, "%s", _("give either --counties or --clear"));
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  if (counties != NULL)
    {
      g_auto (GStrv) ids = g_strsplit (counties, ",", -1);

      units = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autofree char *id = g_strstrip (g_strdup (ids[i]));

          if (id[0] == '\0')
            {
              if (ids[1] == NULL)
                break; /* --counties "": none */
              return kh_cli_usage_error (context, _("--counties: item %u is empty"), i + 1);
            }
          g_ptr_array_add (units, g_steal_pointer (&id));
        }
    }

  project = kh_project_open (argv[1], &error);
  if (project != NULL)
    plans = kh_cli_compute_all (project, year, lang, &error);
  if (plans != NULL)
    recommendations = kh_project_recommend_plans (&project, 1, year, plans, lang, &error);
  if (recommendations == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  r = find_recommendation (recommendations, kh_project_get_path (project), year, city, category);
  if (r == NULL)
    return KH_CLI_FAILED;
  target = g_strdup (r->target_category);
  if (!kh_project_set_recommendation_list (project, year, target, city, units, &error))
    {
      /* Named as the project names itself: a server's URI without its password, and once
       * (the store's messages start with it). */
      if (g_str_has_prefix (error->message, kh_project_get_path (project)))
        fprintf (stderr, "%s\n", error->message);
      else
        fprintf (stderr, "%s: %s\n", kh_project_get_path (project), error->message);
      return KH_CLI_FAILED;
    }

  /* The list as it now stands, with its checks. */
  g_clear_pointer (&recommendations, g_ptr_array_unref);
  recommendations = kh_project_recommend_plans (&project, 1, year, plans, lang, &error);
  if (recommendations == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  r = find_recommendation (recommendations, kh_project_get_path (project), year, city, target);
  if (r == NULL)
    return KH_CLI_FAILED;
  print_parent (out, find_parent (r, city));
  if (!kh_cli_write_output (NULL, out, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
