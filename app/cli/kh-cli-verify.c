/* kh-cli-verify.c — `kaohe-cli verify PROJECT`: integrity, audit chain, sealed years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs PRAGMA integrity_check, compares the schema (every table, index and trigger with
 * its SQL) with the one Kaohe creates, walks the audit chain, checks every stored row's
 * writer is in it, compares every sealed year with its seal snapshot and recomputes it. Prints the chain
 * head (`chain head: #SEQ HASH`) and exits 0 when all is well; otherwise names every
 * problem on stderr, one per line, and exits 1.
 *
 * On PostgreSQL (issue 19) the same chain, writers, seals and signatures are checked, the
 * schema against the server's catalog; what cannot be checked there (the pages, the
 * recomputation so far) is printed as "PROJECT: not checked: …" on stdout.
 *
 * Every signed seal's signature is checked. With --key FILE.pub every seal must be signed
 * by that key; with --head HASH (the chain head printed in a published report) the chain
 * must still hold that row.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "io/kh-db-checkout.h"
#include "io/kh-db.h"
#include "io/kh-project.h"
#include "io/kh-seal-key.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_verify (int    argc,
                   char **argv);

int
kh_cli_verify (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *key_path = NULL;
  g_autofree char *published_head = NULL;
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("Every seal must be signed by this public key (FILE.pub of “kaohe-cli keygen”)"),
      N_("FILE") },
    { "head", 0, 0, G_OPTION_ARG_STRING, &published_head,
      N_("The chain must hold this head, taken from a published report"), N_("HASH") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  g_auto (GStrv) not_checked = NULL;
  const char *name;
  gint64 seq = 0;
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES];

  g_option_context_set_summary (context, _("Check a project: database integrity, the audit "
                                           "chain, and every sealed year against its seal and "
                                           "a fresh computation."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give exactly one project file"));
  if (published_head != NULL)
    {
      guint8 bytes[32];
      char *lower = g_ascii_strdown (g_strstrip (published_head), -1);

      /* As reports print it: 64 lower-case hex digits (upper case is taken too). */
      g_free (published_head);
      published_head = lower;
      if (!kh_seal_unhex (published_head, bytes, sizeof bytes))
        return kh_cli_usage_error (context, _("--head “%s”: a chain head is 64 hex digits (as "
                                              "printed in a report)"),
                                   published_head);
    }
  if (key_path != NULL && !kh_seal_key_load_public (key_path, pub, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }

  project = kh_project_open_to_verify (argv[1], &error);
  if (project == NULL
      || !kh_project_verify_full (project, key_path != NULL ? pub : NULL, published_head,
                                  problems, &seq, &head, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  /* The project's name, not argv[1]: a server's URI may hold a password. */
  name = kh_project_get_path (project);
  not_checked = kh_project_verify_not_checked (project);
  for (guint i = 0; not_checked[i] != NULL; i++)
    printf (_("%s: not checked: %s\n"), name, not_checked[i]);
  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, "%s: %s\n", name, (char *) problems->pdata[i]);
  printf (_("chain head: #%" PRId64 " %s\n"), seq, head);
  if (problems->len > 0)
    {
      /* A checkout (kaohe-cli checkout) holds only what its login could read: why its audit
       * log is not the whole chain. */
      if (!kh_db_target_is_server (argv[1]))
        {
          g_autoptr (KhCheckoutInfo) checkout = kh_checkout_info_read (argv[1], NULL);

          if (checkout != NULL)
            fprintf (stderr,
                     _("%s is a checkout of %s by “%s” (kaohe-cli checkout): it holds only what "
                       "that login could read, not the whole audit chain; verify the server\n"),
                     name, checkout->server, checkout->login);
        }
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%s: %u problem found\n",
                                    "%s: %u problems found\n", problems->len),
               name, problems->len);
      return KH_CLI_FAILED;
    }
  printf (_("%s: verified\n"), name);
  return KH_CLI_OK;
}
