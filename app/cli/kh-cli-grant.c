/* kh-cli-grant.c — `kaohe-cli grant`, `revoke` and `scopes`: which values each evaluator
 * of a PostgreSQL project may see and change (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator's commands over evaluator_scopes (kh-db-server.h): a scope is a
 * category, optionally narrowed to units and fields; the server's row-level security
 * enforces them. Roles and logins themselves are the server's (CREATE ROLE … IN ROLE
 * kaohe_evaluator): Kaohe stores no password.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-db-server.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_grant  (int    argc,
                   char **argv);
int kh_cli_revoke (int    argc,
                   char **argv);
int kh_cli_scopes (int    argc,
                   char **argv);

static gboolean
is_server_uri (const char *target)
{
  return g_str_has_prefix (target, "postgresql://") || g_str_has_prefix (target, "postgres://")
         || g_str_has_prefix (target, "service=");
}

static KhDb *
open_server (const char *uri)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (uri, &error);

  if (db == NULL)
    fprintf (stderr, "%s\n", error->message);
  return db;
}

/* grant and revoke: URI ROLE [--category C [--unit U]… [--field F]…] */
static int
change_scopes (int        argc,
               char     **argv,
               gboolean   grant)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI ROLE"));
  g_autofree char *category = NULL;
  g_auto (GStrv) units = NULL;
  g_auto (GStrv) fields = NULL;
  GOptionEntry entries[] = {
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("The category (its id)"), N_("C") },
    { "unit", 'u', 0, G_OPTION_ARG_STRING_ARRAY, &units,
      N_("Only this unit of the category (repeat for more)"), N_("U") },
    { "field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &fields,
      N_("Only this field (repeat for more)"), N_("F") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  KhDb *db;
  guint n = 0;
  gboolean ok;

  g_option_context_set_summary (context,
                                grant ? _("Let an evaluator's role (a login or a group, member "
                                          "of kaohe_evaluator) see and change the values of a "
                                          "category: all its units and fields, or only the "
                                          "units and fields given. The server enforces it "
                                          "with row-level security.")
                                      : _("Take back an evaluator's scopes: all of them, or "
                                          "exactly those “grant” made with the same options."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 3)
    return kh_cli_usage_error (context, "%s", _("give a database URI and a role"));
  if (!is_server_uri (argv[1]))
    return kh_cli_usage_error (context, _("%s is not a PostgreSQL URI (postgresql://… or service=…)"),
                               argv[1]);
  if (*argv[2] == '\0')
    return kh_cli_usage_error (context, "%s", _("the role is empty"));
  if (grant && category == NULL)
    return kh_cli_usage_error (context, "%s", _("give the category with --category"));
  if (category == NULL && (units != NULL || fields != NULL))
    return kh_cli_usage_error (context, "%s", _("--unit and --field need --category"));

  db = open_server (argv[1]);
  if (db == NULL)
    return KH_CLI_FAILED;
  if (grant)
    ok = kh_db_server_grant (db, argv[2], category, (const char *const *) units,
                             (const char *const *) fields, &n, &error);
  else
    ok = kh_db_server_revoke (db, argv[2], category, (const char *const *) units,
                              (const char *const *) fields, &n, &error);
  if (!ok)
    fprintf (stderr, "%s: %s\n", kh_db_name (db), error->message);
  else if (grant)
    printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u scope added for %s\n",
                         "%s: %u scopes added for %s\n", n),
            kh_db_name (db), n, argv[2]);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u scope of %s removed\n",
                         "%s: %u scopes of %s removed\n", n),
            kh_db_name (db), n, argv[2]);
  kh_db_close (db);
  return ok ? KH_CLI_OK : KH_CLI_FAILED;
}

int
kh_cli_grant (int    argc,
              char **argv)
{
  return change_scopes (argc, argv, TRUE);
}

int
kh_cli_revoke (int    argc,
               char **argv)
{
  return change_scopes (argc, argv, FALSE);
}

int
kh_cli_scopes (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI [ROLE]"));
  GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  KhDb *db;

  g_option_context_set_summary (context,
                                _("List the evaluators' scopes, one per line: role, category, "
                                  "unit and field, “*” for all."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2 && argc != 3)
    return kh_cli_usage_error (context, "%s", _("give a database URI (and a role)"));
  if (!is_server_uri (argv[1]))
    return kh_cli_usage_error (context, _("%s is not a PostgreSQL URI (postgresql://… or service=…)"),
                               argv[1]);
  db = open_server (argv[1]);
  if (db == NULL)
    return KH_CLI_FAILED;
  text = kh_db_server_scopes (db, argc == 3 ? argv[2] : NULL, &error);
  if (text != NULL)
    fputs (text, stdout);
  else
    fprintf (stderr, "%s: %s\n", kh_db_name (db), error->message);
  kh_db_close (db);
  return text != NULL ? KH_CLI_OK : KH_CLI_FAILED;
}
