/* kh-cli-new.c — `kaohe-cli new PROJECT`: create an empty project file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_new (int    argc,
                char **argv);

int
kh_cli_new (int    argc,
            char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *name = NULL; /* the project as given, a server's password left out */
  g_autofree char *user = NULL;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Name recorded in the audit log (default: $KAOHE_USER or the login name)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;

  g_option_context_set_summary (context, _("Create an empty project file (SQLite, *.kaohe)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give exactly one project file"));
  if (user != NULL)
    g_setenv ("KAOHE_USER", user, TRUE);

  project = kh_project_create (argv[1], &error);
  if (project == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  name = kh_db_target_name (argv[1]);
  /* TRANSLATORS: %s is a file name */
  printf (_("%s: created\n"), name);
  return KH_CLI_OK;
}
