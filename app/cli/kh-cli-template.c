/* kh-cli-template.c — `kaohe-cli template`: a data provider's workbook to fill in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli template PROJECT --year Y [--provider P] -o FILE.xlsx
 *   kaohe-cli template PROJECT --year Y --list
 *
 * The workbook (kh_project_write_template()) has a row per unit the provider reports for
 * and a column per field it reports (without --provider: every data field of the year),
 * with last year's values on a second sheet; filled in, it imports with `kaohe-cli import
 * PROJECT --year Y FILE.xlsx` as it is. --list prints the year's providers, one a line.
 * The project is only read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_template (int    argc,
                     char **argv);

int
kh_cli_template (int    argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *provider = NULL, *output = NULL;
  gboolean list = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year to collect data for"), N_("Y") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("Only the fields this provider reports (a field's source)"), N_("P") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the workbook to FILE.xlsx"), N_("FILE") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the year's providers"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GError) error = NULL;
  guint n_units = 0, n_fields = 0;

  g_option_context_set_summary (context, _("Write a data provider's template for a year: a "
                                           "workbook with a row per unit and a column per "
                                           "field it reports, last year's values beside, "
                                           "that imports back as it is."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("give the year with --year"));
  if (!list && output == NULL)
    return kh_cli_usage_error (context, "%s", _("give the workbook to write with -o FILE.xlsx"));
  if (output != NULL && !g_str_has_suffix (output, ".xlsx") && !g_str_has_suffix (output, ".XLSX"))
    return kh_cli_usage_error (context, _("the template is a workbook: “%s” must end in .xlsx"),
                               output);

  project = kh_cli_open_project (argv[1], FALSE);
  if (project == NULL)
    return KH_CLI_FAILED;
  if (list)
    {
      g_autoptr (GPtrArray) providers = kh_project_get_providers (project, year, &error);

      if (providers == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return KH_CLI_FAILED;
        }
      for (guint i = 0; i < providers->len; i++)
        printf ("%s\n", (const char *) providers->pdata[i]);
      if (output == NULL)
        return KH_CLI_OK;
    }
  if (!kh_project_write_template (project, year, provider, output, &n_units, &n_fields, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  fprintf (stderr, _("%s: %u units × %u fields\n"), output, n_units, n_fields);
  return KH_CLI_OK;
}
