/* kh-cli-verify.c — `kaohe-cli verify PROJECT`: integrity, audit chain, sealed years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs PRAGMA integrity_check, compares the schema (every table, index and trigger with
 * its SQL) with the one Kaohe creates, walks the audit chain, checks every stored row's
 * writer is in it, compares every sealed year with its seal snapshot and recomputes it. Prints the chain
 * head (`chain head: #SEQ HASH`) and exits 0 when all is well; otherwise names every
 * problem on stderr, one per line, and exits 1.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "io/kh-project.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_verify (int    argc,
                   char **argv);

int
kh_cli_verify (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gint64 seq = 0;

  g_option_context_set_summary (context, _("Check a project: database integrity, the audit "
                                           "chain, and every sealed year against its seal and "
                                           "a fresh computation."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give exactly one project file"));

  project = kh_project_open_readonly (argv[1], &error);
  if (project == NULL || !kh_project_verify (project, problems, &seq, &head, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, "%s: %s\n", argv[1], (char *) problems->pdata[i]);
  printf (_("chain head: #%" PRId64 " %s\n"), seq, head);
  if (problems->len > 0)
    {
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%s: %u problem found\n",
                                    "%s: %u problems found\n", problems->len),
               argv[1], problems->len);
      return KH_CLI_FAILED;
    }
  printf (_("%s: verified\n"), argv[1]);
  return KH_CLI_OK;
}
