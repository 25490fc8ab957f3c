/* kh-cli-input.c — the input of compute and explain: a project, or framework and data files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli COMMAND --framework F.xml --data D.csv [--previous P.csv] …
 *   kaohe-cli COMMAND PROJECT.kaohe --year Y …
 *
 * The options, their check and the loading of the plans are written once here; each
 * command adds its own options and says which plans of a project it wants.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-dataset-io.h"
#include "kh-cli.h"

void
kh_cli_input_add_options (GOptionContext  *context,
                          KhCliInputOptions *input)
{
  GOptionEntry entries[] = {
    { "framework", 0, 0, G_OPTION_ARG_FILENAME, &input->framework, N_("Framework XML file"), N_("F.xml") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &input->data, N_("Data CSV of the year (wide or long)"), N_("D.csv") },
    { "previous", 0, 0, G_OPTION_ARG_FILENAME, &input->previous, N_("Data CSV of the previous year"), N_("P.csv") },
    { "year", 0, 0, G_OPTION_ARG_INT, &input->year, N_("Year to compute (with a project)"), N_("Y") },
    G_OPTION_ENTRY_NULL
  };

  /* The entries are copied; the command's own follow them in the help. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
kh_cli_input_clear (KhCliInputOptions *input)
{
  g_clear_pointer (&input->framework, g_free);
  g_clear_pointer (&input->data, g_free);
  g_clear_pointer (&input->previous, g_free);
}

KhCliInput
kh_cli_check_input (GOptionContext *context,
                    int             argc,
                    char          **argv,
                    const char     *framework,
                    const char     *data,
                    const char     *previous,
                    int             year)
{
  if (argc > 2)
    {
      kh_cli_usage_error (context, _("unexpected argument “%s”"), argv[2]);
      return KH_CLI_INPUT_INVALID;
    }
  if (argc == 2)
    {
      if (framework != NULL || data != NULL || previous != NULL)
        {
          kh_cli_usage_error (context, "%s", _("give a project or --framework and --data, not both"));
          return KH_CLI_INPUT_INVALID;
        }
      if (year == 0)
        {
          kh_cli_usage_error (context, "%s", _("--year is required with a project"));
          return KH_CLI_INPUT_INVALID;
        }
      return KH_CLI_INPUT_PROJECT;
    }
  if (framework == NULL || data == NULL)
    {
      kh_cli_usage_error (context, "%s", _("give a project, or --framework and --data"));
      return KH_CLI_INPUT_INVALID;
    }
  if (year != 0)
    {
      kh_cli_usage_error (context, "%s", _("--year goes with a project"));
      return KH_CLI_INPUT_INVALID;
    }
  return KH_CLI_INPUT_FILES;
}

GPtrArray *
kh_cli_input_load_plans (GOptionContext          *context,
                         const KhCliInputOptions *input,
                         int                      argc,
                         char                   **argv,
                         KhCliProjectPlansFunc    project_plans,
                         gpointer                 user_data,
                         int                     *status)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *plans = NULL;

  *status = KH_CLI_OK;
  switch (kh_cli_check_input (context, argc, argv, input->framework, input->data,
                              input->previous, input->year))
    {
    case KH_CLI_INPUT_INVALID:
      *status = KH_CLI_USAGE;
      return NULL;
    case KH_CLI_INPUT_PROJECT:
      {
        g_autoptr (KhProject) project = kh_project_open_readonly (argv[1], &error);

        if (project != NULL)
          plans = project_plans (project, input->year, user_data, &error);
      }
      break;
    case KH_CLI_INPUT_FILES:
    default:
      {
        KhPlan *plan = kh_plan_load_files (input->framework, input->data, input->previous, &error);

        if (plan != NULL)
          {
            plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
            g_ptr_array_add (plans, plan);
          }
      }
      break;
    }
  if (plans == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      *status = KH_CLI_FAILED;
    }
  return plans;
}
