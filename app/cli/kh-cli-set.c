/* kh-cli-set.c — `kaohe-cli set PROJECT --year Y --unit U --field F (VALUE | --clear)`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One value of a project file or a project on a server, written and audited as the app's
 * edit writes it (kh_project_set_value()). With --was OLD (--was= for an empty cell) the
 * edit is based on what its writer saw: when the cell holds another value now, nothing is
 * written and the command fails naming both values and who stored the newer one when
 * (kh_project_edit_value()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_set (int    argc,
                char **argv);

/* A number written in full ("" is the empty cell when @empty_ok). */
static gboolean
parse_value (const char *text,
             gboolean    empty_ok,
             double     *value)
{
  char *end = NULL;

  if (empty_ok && *text == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  return *text != '\0' && end != NULL && *end == '\0' && isfinite (*value);
}

int
kh_cli_set (int    argc,
            char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT (VALUE | --clear)"));
  g_autofree char *user = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *field = NULL;
  g_autofree char *was = NULL;
  gboolean clear = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year of the value"), N_("Y") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Unit (id or name)"), N_("U") },
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, N_("Data field"), N_("F") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Empty the cell instead of giving a value"),
      NULL },
    { "was", 0, 0, G_OPTION_ARG_STRING, &was,
      N_("The value the edit is based on (--was= for an empty cell): refused if the cell "
         "holds another now"),
      N_("OLD") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("Name recorded in the audit log (a project file; on a server, the login is)"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhValueConflict) conflict = NULL;
  double value = NAN, seen = NAN;
  gboolean ok;

  g_option_context_set_summary (context, _("Set one value of a project, audited as an edit in "
                                           "the app."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != (clear ? 2 : 3))
    return kh_cli_usage_error (context, "%s",
                               _("give a project and a value, or a project and --clear"));
  if (year == 0 || unit == NULL || field == NULL)
    return kh_cli_usage_error (context, "%s", _("--year, --unit and --field are required"));
  if (!clear && !parse_value (argv[2], FALSE, &value))
    return kh_cli_usage_error (context, _("“%s” is not a number"), argv[2]);
  if (was != NULL && !parse_value (was, TRUE, &seen))
    return kh_cli_usage_error (context, _("--was: “%s” is not a number"), was);
  if (!kh_cli_set_user (user, argv[1]))
    return KH_CLI_USAGE;

  project = kh_cli_open_project (argv[1], TRUE);
  if (project == NULL)
    return KH_CLI_FAILED;
  if (was != NULL)
    ok = kh_project_edit_value (project, year, unit, field, seen, value, &conflict, &error);
  else
    ok = kh_project_set_value (project, year, unit, field, value, &error);
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (clear)
    printf (_("%s: %d, unit “%s”, field “%s” emptied\n"), kh_project_get_path (project), year,
            unit, field);
  else
    printf (_("%s: %d, unit “%s”, field “%s” set to %s\n"), kh_project_get_path (project), year,
            unit, field, argv[2]);
  return KH_CLI_OK;
}
