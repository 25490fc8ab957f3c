/* kh-cli-keygen.c — `kaohe-cli keygen [FILE]`: the office's key pair for signed seals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the Ed25519 secret key to FILE (mode 0600; default: seal-key in Kaohe's folder
 * of the user's configuration, ~/.config/kaohe, kept outside every project) and the
 * public key to FILE.pub, and prints both paths and the key's fingerprint. Never
 * overwrites a key. `kaohe-cli seal --key FILE` signs with it; `kaohe-cli verify --key
 * FILE.pub` checks the seals against it.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "io/kh-seal-key.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_keygen (int    argc,
                   char **argv);

int
kh_cli_keygen (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[FILE]"));
  GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *fingerprint = NULL;
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES];

  g_option_context_set_summary (context, _("Create the office's key pair for signed seals: the "
                                           "secret key in FILE (readable by you only), the "
                                           "public key in FILE.pub. Keep FILE outside every "
                                           "project and give FILE.pub to whoever verifies."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc > 2)
    return kh_cli_usage_error (context, "%s", _("give at most one key file"));

  if (argc == 2)
    path = g_strdup (argv[1]);
  else
    {
      g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "kaohe", NULL);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          fprintf (stderr, "%s: %s\n", dir, g_strerror (errno));
          return KH_CLI_FAILED;
        }
      path = g_build_filename (dir, "seal-key", NULL);
    }
  pub_path = g_strconcat (path, ".pub", NULL);
  if (!kh_seal_key_generate (path, &error) || !kh_seal_key_load_public (pub_path, pub, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  fingerprint = kh_seal_key_fingerprint (pub);
  printf (_("secret key: %s (readable by you only)\n"), path);
  printf (_("public key: %s\n"), pub_path);
  printf (_("fingerprint: %s\n"), fingerprint);
  return KH_CLI_OK;
}
