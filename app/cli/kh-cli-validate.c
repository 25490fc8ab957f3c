/* kh-cli-validate.c — `kaohe-cli validate FILE…`: check framework files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 when every file is a valid framework, 1 when any is not (all its
 * problems on stderr, one `FILE:LINE:COLUMN: message` per line), 2 on usage errors.
 * When files of the same category for consecutive years are given together, each
 * later one's `replaces` and `convert` are checked against the earlier one.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-framework-xml.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_validate (int    argc,
                     char **argv);

static void
framework_unref0 (gpointer fw)
{
  if (fw != NULL)
    kh_framework_unref (fw);
}

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
  g_autoptr (GPtrArray) frameworks = NULL;

  g_option_context_set_summary (context, _("Check indicator framework files against the schema and the semantic rules."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc < 2)
    return kh_cli_usage_error (context, "%s", _("no framework file given"));

  frameworks = g_ptr_array_new_with_free_func (framework_unref0);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      KhFramework *fw = kh_framework_xml_load_file (argv[i], &error);

      if (fw == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          status = KH_CLI_FAILED;
        }
      g_ptr_array_add (frameworks, fw);
    }

  /* Files of one category and consecutive years: `replaces` is checked against the
   * earlier one. */
  for (int i = 1; i < argc; i++)
    {
      KhFramework *fw = frameworks->pdata[i - 1];
      KhFramework *earlier = NULL;

      if (fw == NULL)
        continue;
      for (guint k = 0; k < frameworks->len; k++)
        {
          KhFramework *other = frameworks->pdata[k];

          if (other != NULL && other->year == fw->year - 1
              && g_strcmp0 (other->category, fw->category) == 0)
            earlier = other;
        }
      if (earlier != NULL)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *data = NULL;
          gsize len;
          g_autoptr (KhFramework) again = NULL;

          if (g_file_get_contents (argv[i], &data, &len, &error))
            again = kh_framework_xml_load_data_after (data, len, argv[i], earlier, &error);
          if (again == NULL)
            {
              fprintf (stderr, "%s\n", error->message);
              status = KH_CLI_FAILED;
              continue;
            }
        }
      if (!quiet)
        /* TRANSLATORS: %s is a file name */
        printf (_("%s: valid\n"), argv[i]);
    }
  return status;
}
