/* kh-cli-format.c — `kaohe-cli format [-i] FILE`: the canonical form of a framework
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the canonical form to stdout, or with -i rewrites the file in place
 * (atomically). Only valid frameworks are formatted: problems go to stderr, exit 1.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-framework-xml.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_format (int    argc,
                   char **argv);

int
kh_cli_format (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;
  gboolean in_place = FALSE;
  GOptionEntry entries[] = {
    { "in-place", 'i', 0, G_OPTION_ARG_NONE, &in_place, N_("Rewrite the file instead of printing"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context, _("Print an indicator framework file in its canonical form."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", argc < 2 ? _("no framework file given")
                                                       : _("format takes exactly one file"));

  fw = kh_framework_xml_load_file (argv[1], &error);
  if (fw == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }

  if (in_place)
    {
      if (!kh_framework_xml_save_file (fw, argv[1], &error))
        {
          fprintf (stderr, "%s: %s\n", argv[1], error->message);
          return KH_CLI_FAILED;
        }
    }
  else
    {
      g_autofree char *text = kh_framework_xml_to_string (fw);

      fputs (text, stdout);
      if (fflush (stdout) != 0)
        return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
