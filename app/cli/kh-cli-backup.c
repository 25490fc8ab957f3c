/* kh-cli-backup.c — `kaohe-cli backup PROJECT COPY`: a consistent copy of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copy is made with SQLite's backup API into a temporary file beside COPY, checked
 * with integrity_check, synced and renamed over COPY (kh_project_save_as), so COPY is
 * either the complete project or left as it was. The project itself is not changed.
 *
 * A project on a server (issue 19) is backed up into a project file the same way, made as
 * `kaohe-cli copy` makes one (every table row for row, the audit chain as it is, read in
 * one snapshot): what an office keeps beside the server's own dumps (pg_dump), a file any
 * desk opens and `kaohe-cli verify` checks, and that `kaohe-cli copy` puts on a server
 * again. Only an administrator's login reads the whole project; any other is refused
 * (an evaluator's share is `kaohe-cli checkout`). The project is named without the URI's
 * password.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_backup (int    argc,
                   char **argv);

int
kh_cli_backup (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT COPY"));
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;

  g_option_context_set_summary (context, _("Copy a project into COPY, checked and complete or "
                                           "not at all; the project is not changed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 3)
    return kh_cli_usage_error (context, "%s", _("give the project file and the file to copy it to"));

  project = kh_project_open_readonly (argv[1], &error);
  if (project == NULL || !kh_project_save_as (project, argv[2], &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  {
    g_autofree char *copy = kh_db_target_name (argv[2]);

    printf (_("%s: copied to %s\n"), kh_project_get_path (project), copy);
  }
  return KH_CLI_OK;
}
