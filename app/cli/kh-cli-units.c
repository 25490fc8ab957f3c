/* kh-cli-units.c — `kaohe-cli units`: a project's units as the units import reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli units PROJECT [--year Y] [-o FILE.csv]
 *
 * One row per unit and year, in the layout with a year column that `kaohe-cli import
 * PROJECT --units FILE` reads (id,year,name_zh,name_zh_tw,name_en,category,group,parent,
 * predecessors,short_name,aliases): the units of every year of the project, by year and
 * id, or with --year only that year's — then without the predecessors column, the units
 * of the year before not being in the file. Short names (简称) are the year's; aliases
 * are the unit's, on each of its rows, separated by “;”. Imported into another project,
 * the file gives it the same units; text cells are guarded against formulas as the data
 * export guards them (kh-export.h). The project is only read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-export.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_units (int    argc,
                  char **argv);

static void
append_field (GString    *out,
              const char *text,
              gboolean    last)
{
  g_autofree char *field = kh_export_csv_field (text != NULL ? text : "");

  g_string_append (out, field);
  g_string_append_c (out, last ? '\n' : ',');
}

static void
append_joined (GString    *out,
               GPtrArray  *items,
               const char *separator,
               gboolean    last)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, items->pdata[i]);
    }
  append_field (out, text->str, last);
}

static gboolean
append_year (GString    *out,
             KhProject  *project,
             int         year,
             gboolean    predecessors,
             GError    **error)
{
  g_autoptr (GPtrArray) units = kh_project_get_units (project, year, NULL, error);
  char year_text[16];

  if (units == NULL)
    return FALSE;
  g_snprintf (year_text, sizeof year_text, "%d", year);
  for (guint i = 0; i < units->len; i++)
    {
      const KhUnitYear *u = units->pdata[i];

      append_field (out, u->id, FALSE);
      append_field (out, year_text, FALSE);
      append_field (out, u->name_zh, FALSE);
      append_field (out, u->name_zh_tw, FALSE);
      append_field (out, u->name_en, FALSE);
      append_field (out, u->category_id, FALSE);
      append_field (out, u->group_id, FALSE);
      append_field (out, u->parent_id, FALSE);
      if (predecessors)
        append_joined (out, u->predecessors, " ", FALSE);
      append_field (out, u->short_name, FALSE);
      append_joined (out, u->aliases, ";", TRUE);
    }
  return TRUE;
}

int
kh_cli_units (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *output = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Only the units of this year"), N_("Y") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) years = NULL;
  gboolean ok = TRUE;

  g_option_context_set_summary (context, _("A project's units, one row per unit and year, as "
                                           "CSV that kaohe-cli import PROJECT --units reads "
                                           "back: names, category, group, parent, the units "
                                           "each continues, short name (简称) and aliases."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));

  project = kh_cli_open_project (argv[1], FALSE);
  if (project == NULL)
    return KH_CLI_FAILED;
  years = kh_project_read_years (project, &error);
  if (years == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (year != 0)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < years->len; i++)
        known |= g_array_index (years, int, i) == year;
      if (!known)
        {
          fprintf (stderr, _("%s: the project has no year %d\n"), kh_project_get_path (project),
                   year);
          return KH_CLI_FAILED;
        }
    }
  g_string_append (out, "id,year,name_zh,name_zh_tw,name_en,category,group,parent,");
  g_string_append (out, year == 0 ? "predecessors,short_name,aliases\n" : "short_name,aliases\n");
  for (guint i = 0; i < years->len && ok; i++)
    {
      int y = g_array_index (years, int, i);

      if (year == 0 || y == year)
        ok = append_year (out, project, y, year == 0, &error);
    }
  if (!ok || !kh_cli_write_output (output, out, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
