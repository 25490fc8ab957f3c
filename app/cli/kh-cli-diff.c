/* kh-cli-diff.c — `kaohe-cli diff`: what changed between two frameworks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli diff A.xml B.xml [--format text|csv]
 *   kaohe-cli diff PROJECT YEAR_A[:V] YEAR_B[:W] [--category C] [--format text|csv]
 *
 * YEAR:V is version V of the year's framework as saved (kaohe-cli history lists them);
 * a year alone is its framework now.
 *
 * Indicators admitted, retired and replaced (kh_framework_diff()), then every change of
 * points, weight, aggregation, scoring method and parameters, direction, formula,
 * missing-data rule or place in the tree of the nodes both have, the inner nodes added
 * and removed, and the rules: tiers, awards and quotas of each group, bonuses and
 * deductions, binding constraints (kh_framework_changes()). The project is only read.
 * Exit status 0 whether or not anything changed.
 *
 * csv columns: change,subject,id,attribute,before,after (the words of the file format).
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
int kh_cli_diff (int    argc,
                 char **argv);

static const char *const kind_names[] = { "admitted", "retired", "replaced", "added", "removed",
                                          "changed" };
static const char *const subject_names[] = { "indicator", "node", "group", "award", "quota",
                                             "adjustment", "constraint" };

/* Pads @text to @width characters (not bytes). */
static void
append_padded (GString    *out,
               const char *text,
               int         width)
{
  int len = (int) g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (int i = len; i < width; i++)
    g_string_append_c (out, ' ');
}

static void
write_text (const char *a,
            const char *b,
            GPtrArray  *edits,
            GString    *out)
{
  int id_width = 12;

  g_string_append_printf (out, _("Changes from %s to %s:\n"), a, b);
  if (edits->len == 0)
    {
      g_string_append_printf (out, "  %s\n", _("none"));
      return;
    }
  for (guint i = 0; i < edits->len; i++)
    id_width = MAX (id_width, (int) g_utf8_strlen (((KhFrameworkEdit *) edits->pdata[i])->id, -1));
  for (guint i = 0; i < edits->len; i++)
    {
      const KhFrameworkEdit *e = edits->pdata[i];

      g_string_append (out, "  ");
      append_padded (out, kh_edit_kind_label (e->kind), 9);
      g_string_append_c (out, ' ');
      append_padded (out, kh_edit_subject_label (e->subject), 15);
      g_string_append_c (out, ' ');
      append_padded (out, e->id, id_width);
      switch (e->kind)
        {
        case KH_EDIT_CHANGED:
          g_string_append_printf (out, "  %s: %s → %s", e->attribute,
                                  e->before != NULL ? e->before : "—",
                                  e->after != NULL ? e->after : "—");
          break;
        case KH_EDIT_REPLACED:
          g_string_append_printf (out, _("  continues %s"), e->before);
          break;
        case KH_EDIT_ADMITTED:
          g_string_append_printf (out, _("  %s points"), e->after);
          break;
        case KH_EDIT_RETIRED:
          g_string_append_printf (out, _("  had %s points"), e->before);
          break;
        case KH_EDIT_ADDED:
          g_string_append_printf (out, "  %s", e->after);
          break;
        case KH_EDIT_REMOVED:
        default:
          g_string_append_printf (out, "  %s", e->before);
          break;
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u change\n", "%u changes\n",
                                            edits->len),
                          edits->len);
}

static void
write_csv (GPtrArray *edits,
           GString   *out)
{
  g_string_append (out, "change,subject,id,attribute,before,after\n");
  for (guint i = 0; i < edits->len; i++)
    {
      const KhFrameworkEdit *e = edits->pdata[i];

      g_string_append_printf (out, "%s,%s,", kind_names[e->kind], subject_names[e->subject]);
      kh_cli_append_csv_field (out, e->id);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, e->attribute);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, e->before);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, e->after);
      g_string_append_c (out, '\n');
    }
}

/* "2020" (@version 0: the framework now) or "2020:3" (its version 3). */
static gboolean
parse_year (const char *text,
            int        *year,
            int        *version)
{
  char *end = NULL;
  long value;

  errno = 0;
  value = strtol (text, &end, 10);
  if (errno != 0 || end == text || value < 1900 || value > 9999)
    return FALSE;
  *year = (int) value;
  *version = 0;
  if (*end == ':')
    {
      const char *start = end + 1;

      errno = 0;
      value = strtol (start, &end, 10);
      if (errno != 0 || end == start || !g_ascii_isdigit (*start) || value < 1 || value > G_MAXINT)
        return FALSE;
      *version = (int) value;
    }
  return *end == '\0';
}

static KhFramework *
project_framework (KhProject   *project,
                   int          year,
                   int          version,
                   const char  *category,
                   GError     **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *name = NULL;

  if (version == 0)
    xml = kh_project_get_category_framework_xml (project, year, category, error);
  else
    xml = kh_project_get_framework_version_xml (project, year, category, version, error);
  if (xml == NULL)
    return NULL;
  if (version == 0)
    name = g_strdup_printf ("%s:%d", kh_project_get_path (project), year);
  else
    name = g_strdup_printf ("%s:%d:%d", kh_project_get_path (project), year, version);
  return kh_framework_xml_load_data (xml, strlen (xml), name, error);
}

/* "units-2020 2020" or "units-2020 2020 v3". */
static char *
describe (KhFramework *fw,
          int          year,
          int          version)
{
  if (version == 0)
    return g_strdup_printf ("%s %d", fw != NULL ? fw->id : "", year);
  return g_strdup_printf (_("%s %d version %d"), fw != NULL ? fw->id : "", year, version);
}

int
kh_cli_diff (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("A.xml B.xml | PROJECT YEAR_A[:V] YEAR_B[:W]"));
  g_autofree char *format = NULL, *category = NULL;
  GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category of the project's frameworks (when a year has several)"), N_("C") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or csv"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhFramework) earlier = NULL;
  g_autoptr (KhFramework) later = NULL;
  g_autoptr (GPtrArray) edits = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;

  g_option_context_set_summary (context, _("What changed between two frameworks — two files, or "
                                           "two years of a project: indicators admitted, retired "
                                           "and replaced, changed points, weights, methods and "
                                           "rules."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "csv") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (text or csv)"), format);

  if (argc == 3)
    {
      if (category != NULL)
        return kh_cli_usage_error (context, "%s", _("--category belongs to a project's years"));
      earlier = kh_framework_xml_load_file (argv[1], &error);
      if (earlier != NULL)
        later = kh_framework_xml_load_file (argv[2], &error);
      a = g_strdup (argv[1]);
      b = g_strdup (argv[2]);
    }
  else if (argc == 4)
    {
      g_autoptr (KhProject) project = NULL;
      int year_a, year_b, version_a, version_b;

      if (!parse_year (argv[2], &year_a, &version_a) || !parse_year (argv[3], &year_b, &version_b))
        return kh_cli_usage_error (context, _("“%s” and “%s” are not two years (YEAR, or "
                                              "YEAR:VERSION for a saved version)"),
                                   argv[2], argv[3]);
      project = kh_project_open_readonly (argv[1], &error);
      if (project != NULL)
        earlier = project_framework (project, year_a, version_a, category, &error);
      if (earlier != NULL)
        later = project_framework (project, year_b, version_b, category, &error);
      a = describe (earlier, year_a, version_a);
      b = describe (later, year_b, version_b);
    }
  else
    return kh_cli_usage_error (context, "%s", _("give two framework files, or a project and two years"));

  if (later == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  edits = kh_framework_changes (earlier, later);
  if (g_strcmp0 (format, "csv") == 0)
    write_csv (edits, text);
  else
    write_text (a, b, edits, text);
  if (!kh_cli_write_output (NULL, text, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
