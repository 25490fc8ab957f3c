/* kh-cli-init-server.c — `kaohe-cli init-server URI`: a PostgreSQL database made ready
 * for an office (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creates the project schema in the empty database URI names (a postgresql:// URI or
 * service=NAME), the roles kaohe_admin, kaohe_evaluator and kaohe_viewer, the scope table
 * evaluator_scopes and row-level security on every table (kh-db-server.h). Run again, it
 * changes nothing; on a project of an older schema version it upgrades it first, in the
 * same transaction (only the owner of the project's tables may).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-db-server.h"
#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_init_server (int    argc,
                        char **argv);

int
kh_cli_init_server (int    argc,
                    char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI"));
  GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  KhDb *db;
  gboolean ok;

  g_option_context_set_summary (context,
                                _("Make an empty PostgreSQL database (postgresql://… or "
                                  "service=…) ready for the office: the project's tables, the "
                                  "roles kaohe_admin, kaohe_evaluator and kaohe_viewer, and "
                                  "row-level security on every table that keeps each "
                                  "evaluator to the values of its scopes (kaohe-cli grant) and "
                                  "each viewer to reading."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one database URI"));
  if (!g_str_has_prefix (argv[1], "postgresql://") && !g_str_has_prefix (argv[1], "postgres://")
      && !g_str_has_prefix (argv[1], "service="))
    return kh_cli_usage_error (context, _("%s is not a PostgreSQL URI (postgresql://… or service=…)"),
                               argv[1]);

  db = kh_db_open (argv[1], &error);
  if (db == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  ok = kh_db_server_init (db, &error);
  if (ok)
    printf (_("%s: project schema version %d, roles kaohe_admin, kaohe_evaluator and "
              "kaohe_viewer, row-level security on every table\n"),
            kh_db_name (db), KH_PROJECT_SCHEMA_VERSION);
  else
    fprintf (stderr, "%s: %s\n", kh_db_name (db), error->message);
  kh_db_close (db);
  return ok ? KH_CLI_OK : KH_CLI_FAILED;
}
