/* kh-cli-validate.c — `kaohe-cli validate FILE…`: check framework files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 when every file is a valid framework, 1 when any is not (all its
 * problems on stderr, one `FILE:LINE:COLUMN: message` per line), 2 on usage errors.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-framework-xml.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_validate (int    argc,
                     char **argv);

int
kh_cli_validate (int    argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE…"));
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing for valid files"), NULL },
    G_OPTION_ENTRY_NULL
  };
  int status = KH_CLI_OK;

  g_option_context_set_summary (context, _("Check indicator framework files against the schema and the semantic rules."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc < 2)
    return kh_cli_usage_error (context, "%s", _("no framework file given"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhFramework) fw = kh_framework_xml_load_file (argv[i], &error);

      if (fw == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          status = KH_CLI_FAILED;
        }
      else if (!quiet)
        /* TRANSLATORS: %s is a file name */
        printf (_("%s: valid\n"), argv[i]);
    }
  return status;
}
