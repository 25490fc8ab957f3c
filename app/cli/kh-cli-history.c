/* kh-cli-history.c — `kaohe-cli history`: every saved version of a project's frameworks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli history PROJECT [--year Y] [--category C] [--format text|csv]
 *
 * Per year and category (a sealed year marked so), each version with who saved it, when,
 * from what, and how many changes (kh_framework_changes()) it made to the version before;
 * the current one marked. `kaohe-cli diff PROJECT YEAR:V YEAR:W` shows those changes.
 * The project is only read.
 *
 * csv columns: year,category,version,saved_by,saved_at,source,current,sealed,changes
 * (changes empty for a version 1, or when a version no longer reads).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-framework-changes.h"
#include "io/kh-framework-xml.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_history (int    argc,
                    char **argv);

/* The changes from @earlier to @later (-1 when either does not read). */
static int
count_changes (KhFramework *earlier,
               KhFramework *later)
{
  g_autoptr (GPtrArray) edits = NULL;

  if (earlier == NULL || later == NULL)
    return -1;
  edits = kh_framework_changes (earlier, later);
  return (int) edits->len;
}

static KhFramework *
load_version (KhProject                *project,
              const KhFrameworkVersion *v)
{
  g_autofree char *xml =
    kh_project_get_framework_version_xml (project, v->year, v->category, v->version, NULL);

  if (xml == NULL)
    return NULL;
  return kh_framework_xml_load_data (xml, strlen (xml), "<version>", NULL);
}

int
kh_cli_history (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *format = NULL, *category = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Only this year"), N_("Y") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("C") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or csv"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (KhFramework) previous = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gboolean csv;

  g_option_context_set_summary (context, _("Every saved version of a project's frameworks: "
                                           "who saved it, when, from what, and how many "
                                           "changes it made (see them with “kaohe-cli diff "
                                           "PROJECT YEAR:V YEAR:W”)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "csv") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (text or csv)"), format);
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));
  csv = g_strcmp0 (format, "csv") == 0;

  project = kh_project_open_readonly (argv[1], &error);
  if (project != NULL)
    versions = kh_project_get_framework_versions (project, year, category, &error);
  if (versions == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (versions->len == 0)
    {
      if (year != 0 && category != NULL)
        fprintf (stderr, _("%s: year %d has no framework for category “%s”\n"), kh_project_get_path (project), year,
                 category);
      else if (year != 0)
        fprintf (stderr, _("%s: year %d has no framework\n"), kh_project_get_path (project), year);
      else if (category != NULL)
        fprintf (stderr, _("%s: no year has a framework for category “%s”\n"), kh_project_get_path (project),
                 category);
      else
        fprintf (stderr, _("%s: the project has no framework yet\n"), kh_project_get_path (project));
      return KH_CLI_FAILED;
    }

  if (csv)
    g_string_append (out, "year,category,version,saved_by,saved_at,source,current,sealed,"
                          "changes\n");
  for (guint i = 0; i < versions->len; i++)
    {
      const KhFrameworkVersion *v = versions->pdata[i];
      g_autoptr (KhFramework) fw = load_version (project, v);
      gboolean sealed;
      int changes = v->version > 1 ? count_changes (previous, fw) : -1;

      if (!kh_project_get_sealed (project, v->year, &sealed, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return KH_CLI_FAILED;
        }
      if (csv)
        {
          g_string_append_printf (out, "%d,", v->year);
          kh_cli_append_csv_field (out, v->category);
          g_string_append_printf (out, ",%d,", v->version);
          kh_cli_append_csv_field (out, v->saved_by);
          g_string_append_c (out, ',');
          kh_cli_append_csv_field (out, v->saved_at);
          g_string_append_c (out, ',');
          kh_cli_append_csv_field (out, v->source);
          g_string_append_printf (out, ",%d,%d,", v->current ? 1 : 0, sealed ? 1 : 0);
          if (changes >= 0)
            g_string_append_printf (out, "%d", changes);
          g_string_append_c (out, '\n');
        }
      else
        {
          if (v->version == 1)
            {
              if (i > 0)
                g_string_append_c (out, '\n');
              if (sealed)
                g_string_append_printf (out, _("%d %s (sealed):\n"), v->year, v->category);
              else
                g_string_append_printf (out, "%d %s:\n", v->year, v->category);
            }
          g_string_append_printf (out, "  v%-3d %-20s  %s", v->version,
                                  v->saved_at[0] != '\0' ? v->saved_at : "—",
                                  v->saved_by[0] != '\0' ? v->saved_by : "—");
          if (v->source[0] != '\0')
            g_string_append_printf (out, "  %s", v->source);
          else
            g_string_append_printf (out, "  %s", _("(in place when history began)"));
          if (changes >= 0)
            g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  %d change",
                                                      "  %d changes", changes),
                                    changes);
          if (v->current)
            g_string_append_printf (out, "  %s", _("[current]"));
          g_string_append_c (out, '\n');
        }
      g_clear_pointer (&previous, kh_framework_unref);
      previous = g_steal_pointer (&fw);
    }
  if (!kh_cli_write_output (NULL, out, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
