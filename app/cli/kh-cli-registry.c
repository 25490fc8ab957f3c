/* kh-cli-registry.c — `kaohe-cli registry`: each indicator's life across a project's years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli registry PROJECT [--category C] [--indicator ID] [--format text|csv]
 *                      [--lang zh_CN|zh_TW|en]
 *
 * Per category, the chains of kh_indicator_registry() over the years with a framework of
 * it: a line per year with the indicator's id, name and points (and the id it replaces),
 * then the year it was retired. --indicator keeps the chains that ever had that id. The
 * project is only read.
 *
 * csv columns: category,chain,year,id,name,points,replaces,status — status admitted,
 * kept, replaced (it continues `replaces`) or retired (id, name and points empty).
 *
 * --lang zh_CN|zh_TW|en gives the names in that script (falling back as kh_text_get()
 * does) and the words in that language; without it the text follows the user's locale
 * (kh_cli_choose_lang) and csv, read by programs, keeps the Simplified Chinese names.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "core/kh-registry.h"
#include "io/kh-framework-xml.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_registry (int    argc,
                     char **argv);

static gboolean
chain_has (const KhRegistryChain *chain,
           const char            *id)
{
  for (guint i = 0; i < chain->entries->len; i++)
    if (strcmp (g_array_index (chain->entries, KhRegistryEntry, i).node->id, id) == 0)
      return TRUE;
  return FALSE;
}

static const char *
status_of (const KhRegistryChain *chain,
           guint                  i)
{
  const KhRegistryEntry *e = &g_array_index (chain->entries, KhRegistryEntry, i);

  if (e->replaced)
    return "replaced";
  return i == 0 ? "admitted" : "kept";
}

static void
write_chain (GString               *out,
             const char            *category,
             guint                  number,
             const KhRegistryChain *chain,
             KhLang                 lang,
             gboolean               csv)
{
  if (!csv)
    {
      for (guint i = 0; i < chain->entries->len; i++)
        {
          const KhNode *node = g_array_index (chain->entries, KhRegistryEntry, i).node;

          if (i == 0 || strcmp (node->id, g_array_index (chain->entries, KhRegistryEntry,
                                                          i - 1).node->id) != 0)
            g_string_append_printf (out, "%s%s", i == 0 ? "  " : " → ", node->id);
        }
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < chain->entries->len; i++)
    {
      const KhRegistryEntry *e = &g_array_index (chain->entries, KhRegistryEntry, i);
      const char *name = kh_text_get (&e->node->name, lang);
      g_autofree char *points = g_strdup_printf ("%g", e->node->points);
      const char *status = status_of (chain, i);

      if (csv)
        {
          kh_cli_append_csv_field (out, category);
          g_string_append_printf (out, ",%u,%d,", number, e->year);
          kh_cli_append_csv_field (out, e->node->id);
          g_string_append_c (out, ',');
          kh_cli_append_csv_field (out, name);
          g_string_append_printf (out, ",%s,", points);
          kh_cli_append_csv_field (out, e->replaced ? e->node->replaces : NULL);
          g_string_append_printf (out, ",%s\n", status);
          continue;
        }
      g_string_append_printf (out, "    %d  %-10s %s", e->year, e->node->id,
                              name != NULL ? name : "—");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  %s point", "  %s points",
                                                e->node->points == 1 ? 1 : 2),
                              points);
      if (e->replaced)
        g_string_append_printf (out, _("  replaces %s"), e->node->replaces);
      else if (i == 0)
        g_string_append_printf (out, "  %s", _("admitted"));
      g_string_append_c (out, '\n');
    }
  if (chain->retired != 0)
    {
      if (csv)
        {
          kh_cli_append_csv_field (out, category);
          g_string_append_printf (out, ",%u,%d,,,,,retired\n", number, chain->retired);
        }
      else
        g_string_append_printf (out, "    %d  %s\n", chain->retired, _("retired"));
    }
}

int
kh_cli_registry (int    argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *format = NULL, *category = NULL, *indicator = NULL, *lang_name = NULL;
  KhLang lang = KH_LANG_ZH_CN;
  GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("C") },
    { "indicator", 0, 0, G_OPTION_ARG_STRING, &indicator, N_("Only the indicators that ever had this id"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or csv"), N_("FORMAT") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_name,
      N_("Language of the names and words printed: zh_CN, zh_TW or en (default: the user's locale; zh_CN for csv)"),
      N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GArray) years = NULL;
  g_autoptr (GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gboolean csv;
  guint shown = 0;

  g_option_context_set_summary (context, _("Each indicator's life across the project's years: "
                                           "admitted, kept, continued by another (replaces) "
                                           "and retired, as a timeline per indicator."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "csv") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (text or csv)"), format);
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));
  csv = g_strcmp0 (format, "csv") == 0;
  if (!(csv ? kh_cli_choose_data_lang (lang_name, &lang) : kh_cli_choose_lang (lang_name, &lang)))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);

  project = kh_cli_open_project (argv[1], FALSE);
  if (project == NULL)
    return KH_CLI_FAILED;
  years = kh_project_read_years (project, &error);
  if (years == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  for (guint y = 0; y < years->len; y++)
    {
      g_autoptr (GPtrArray) here = kh_project_get_categories (project, g_array_index (years, int, y));

      for (guint c = 0; c < here->len; c++)
        if (!g_ptr_array_find_with_equal_func (categories, here->pdata[c], g_str_equal, NULL)
            && (category == NULL || strcmp (category, here->pdata[c]) == 0))
          g_ptr_array_add (categories, g_strdup (here->pdata[c]));
    }
  if (categories->len == 0)
    {
      if (category != NULL)
        fprintf (stderr, _("%s: no year has a framework for category “%s”\n"),
                 kh_project_get_path (project), category);
      else
        fprintf (stderr, _("%s: the project has no framework yet\n"), kh_project_get_path (project));
      return KH_CLI_FAILED;
    }

  if (csv)
    g_string_append (out, "category,chain,year,id,name,points,replaces,status\n");
  for (guint c = 0; c < categories->len; c++)
    {
      g_autoptr (GPtrArray) frameworks =
        g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_unref);
      g_autoptr (GPtrArray) chains = NULL;

      for (guint y = 0; y < years->len; y++)
        {
          int year = g_array_index (years, int, y);
          g_autofree char *xml = NULL;
          g_autofree char *name = NULL;
          KhFramework *fw;

          xml = kh_project_get_category_framework_xml (project, year, categories->pdata[c], NULL);
          if (xml == NULL)
            continue;
          name = g_strdup_printf ("%s:%d", kh_project_get_path (project), year);
          fw = kh_framework_xml_load_data (xml, strlen (xml), name, &error);
          if (fw == NULL)
            {
              fprintf (stderr, "%s\n", error->message);
              return KH_CLI_FAILED;
            }
          g_ptr_array_add (frameworks, fw);
        }
      chains = kh_indicator_registry ((KhFramework *const *) frameworks->pdata, frameworks->len);
      if (!csv)
        g_string_append_printf (out, "%s%s, %d–%d:\n", c > 0 ? "\n" : "",
                                (const char *) categories->pdata[c],
                                ((KhFramework *) frameworks->pdata[0])->year,
                                ((KhFramework *) frameworks->pdata[frameworks->len - 1])->year);
      for (guint i = 0; i < chains->len; i++)
        if (indicator == NULL || chain_has (chains->pdata[i], indicator))
          {
            write_chain (out, categories->pdata[c], i + 1, chains->pdata[i], lang, csv);
            shown++;
          }
    }
  if (indicator != NULL && shown == 0)
    {
      fprintf (stderr, _("%s: no indicator “%s” in any year\n"), kh_project_get_path (project),
               indicator);
      return KH_CLI_FAILED;
    }
  if (!kh_cli_write_output (NULL, out, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
