/* kh-cli-export.c — `kaohe-cli export PROJECT --year Y [--category C | --data]
 *                  [--format csv|xlsx] -o OUT`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-export.h"
#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_export (int    argc,
                   char **argv);

int
kh_cli_export (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *format = NULL, *output = NULL, *category = NULL;
  gboolean data = FALSE, bom = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year to export"), N_("Y") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Results of this category only (default: every category)"), N_("C") },
    { "data", 0, 0, G_OPTION_ARG_NONE, &data, N_("Export the data sheet instead of the results"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv or xlsx (default: from OUT's extension)"), N_("FORMAT") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("CSV: start with a byte order mark (for Excel)"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  KhExportFormat kind;
  gboolean ok;

  g_option_context_set_summary (context, _("Export a year's results per category and group, or its "
                                           "data sheet, as CSV or XLSX."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give exactly one project file"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (output == NULL)
    return kh_cli_usage_error (context, "%s", _("-o OUT is required"));
  if (data && category != NULL)
    return kh_cli_usage_error (context, "%s", _("--category goes with results, not --data"));
  if (format == NULL)
    format = g_strdup (g_str_has_suffix (output, ".xlsx") ? "xlsx" : "csv");
  if (strcmp (format, "csv") == 0)
    kind = KH_EXPORT_CSV;
  else if (strcmp (format, "xlsx") == 0)
    kind = KH_EXPORT_XLSX;
  else
    return kh_cli_usage_error (context, _("unknown format “%s” (csv or xlsx)"), format);

  project = kh_cli_open_project (argv[1], FALSE);
  if (project == NULL)
    return KH_CLI_FAILED;
  if (data)
    ok = kh_export_data (project, year, kind, bom, output, &error);
  else
    ok = kh_export_category_results (project, year, category, kind, bom, output, &error);
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
