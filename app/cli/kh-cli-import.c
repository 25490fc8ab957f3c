/* kh-cli-import.c — `kaohe-cli import PROJECT …`: units, frameworks and data into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli import PROJECT --units UNITS.csv [--encoding E]   (or UNITS.xlsx [--sheet S])
 *   kaohe-cli import PROJECT --year Y --framework F.xml     (or a positional F.xml)
 *   kaohe-cli import PROJECT --year Y FILE.csv [--encoding E]
 *   kaohe-cli import PROJECT --year Y FILE.xlsx [--sheet S]
 *   kaohe-cli import PROJECT --year Y FILE --partial ERRFILE
 *
 * Every import is one transaction: on any problem nothing changes, every problem is
 * printed (`FILE: row R, column C: message` or `FILE:LINE:COLUMN: message`) and the exit
 * status is 1. With --partial, a data file's rows with a problem are set aside and
 * written to ERRFILE (the header, those rows as read and a column of their problems; XLSX
 * when ERRFILE ends in .xlsx, CSV otherwise), the other rows are imported and the exit
 * status is 0; a problem of the header still refuses the whole file.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-io-limits.h"
#include "io/kh-project.h"
#include "io/kh-xlsx.h"
#include "io/kh-xml-safe.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_import (int    argc,
                   char **argv);

static gboolean
import_framework (KhProject  *project,
                  int         year,
                  const char *path,
                  GError    **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;

  /* Only a regular file, never a FIFO or /dev/zero, and never more than the XML limit. */
  if (!kh_io_read_regular (path, KH_XML_MAX_SIZE, &xml, &len, error))
    return FALSE;
  return kh_project_set_framework (project, year, xml, len, display, error);
}

static gboolean
import_data (KhProject  *project,
             int         year,
             const char *path,
             const char *sheet,
             const char *encoding,
             const char *partial,
             guint      *n_values,
             char      **detected,
             GError    **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (display);
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (KhTableOptions) options = NULL;
  g_autofree char *notices = NULL;

  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    table = kh_xlsx_read_file (path, sheet, error);
  else
    table = kh_csv_read_file (path, encoding, error);
  if (table == NULL)
    return FALSE;
  /* Headers by field id, Chinese or English name, or a declared alias; other columns
   * (备注 …) are ignored with a notice. */
  options = kh_project_table_options (project, year, error);
  if (options == NULL)
    return FALSE;
  options->partial = partial != NULL;
  set = kh_record_set_from_table_full (table, base, options, error);
  if (set == NULL)
    return FALSE;
  if (partial != NULL && !kh_project_set_aside_rows (project, year, set, base, error))
    return FALSE;
  *detected = g_strdup (table->encoding);
  /* What was read leniently or ignored, so nothing happens silently. */
  notices = kh_record_set_get_notices (set);
  if (notices != NULL)
    fprintf (stderr, "%s\n", notices);
  /* The rows set aside are written before anything is stored: if they cannot be, nothing
   * is imported. */
  if (set->rejected != NULL)
    {
      g_autofree char *errfile = g_filename_display_name (partial);
      guint n = g_hash_table_size (set->rejected);

      if (!kh_table_write_rejected (table, set, partial, error))
        return FALSE;
      fprintf (stderr,
               ngettext ("%s: %u row not imported: it is in %s with its problems\n",
                         "%s: %u rows not imported: they are in %s with their problems\n", n),
               base, n, errfile);
    }
  /* Provenance names the file without its folder: the same file gives the same project. */
  return kh_project_import_records_full (project, year, set, base, n_values, error);
}

int
kh_cli_import (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT [FILE]"));
  g_autofree char *units = NULL, *framework = NULL, *sheet = NULL, *encoding = NULL;
  g_autofree char *user = NULL, *partial = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year to import into"), N_("Y") },
    { "units", 0, 0, G_OPTION_ARG_FILENAME, &units, N_("Add or update units from a units CSV"), N_("UNITS.csv") },
    { "framework", 0, 0, G_OPTION_ARG_FILENAME, &framework, N_("Set the year's framework from an XML file"), N_("F.xml") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet, N_("XLSX: the sheet to read (default: the first)"), N_("S") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("CSV: UTF-8, UTF-16LE, UTF-16BE or GB18030 (default: detect)"), N_("E") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Name recorded in the audit log"), N_("NAME") },
    { "partial", 0, 0, G_OPTION_ARG_FILENAME, &partial, N_("Data: import the valid rows and write the others, with their problems, to ERRFILE (CSV, or XLSX for .xlsx)"), N_("ERRFILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  int n_modes;
  guint n_values = 0;
  gboolean ok;

  g_option_context_set_summary (context, _("Import units, a year's framework, or a year's data "
                                           "(CSV or XLSX, wide or long) into a project; all or "
                                           "nothing."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc < 2)
    return kh_cli_usage_error (context, "%s", _("no project file given"));
  n_modes = (units != NULL) + (framework != NULL) + (argc >= 3);
  if (n_modes != 1 || argc > 3)
    return kh_cli_usage_error (context, "%s",
                               _("give one of --units FILE, --framework FILE or a data FILE"));
  if (units == NULL && year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (units != NULL && year != 0)
    return kh_cli_usage_error (context, "%s", _("--units takes no --year"));
  if (partial != NULL && (units != NULL || framework != NULL || argc < 3
                          || g_str_has_suffix (argv[2], ".xml") || g_str_has_suffix (argv[2], ".XML")))
    return kh_cli_usage_error (context, "%s", _("--partial is for a data file"));
  if (year != 0 && (year < 1900 || year > 2999))
    return kh_cli_usage_error (context, _("%d is not a year"), year);
  if (user != NULL)
    g_setenv ("KAOHE_USER", user, TRUE);

  project = kh_project_open (argv[1], &error);
  if (project == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }

  if (units != NULL)
    {
      g_autofree char *display = g_filename_display_name (units);
      g_autofree char *base = g_path_get_basename (display);
      g_autoptr (KhCsvTable) table = NULL;

      if (g_str_has_suffix (units, ".xlsx") || g_str_has_suffix (units, ".XLSX"))
        table = kh_xlsx_read_file (units, sheet, &error);
      else
        table = kh_csv_read_file (units, encoding, &error);

      ok = table != NULL && kh_project_import_units (project, table, base, &error);
      if (ok)
        printf (_("%s: %u units imported\n"), argv[1], kh_csv_table_n_rows (table) - 1);
    }
  else if (framework != NULL)
    {
      ok = import_framework (project, year, framework, &error);
      if (ok)
        printf (_("%s: framework of %d imported\n"), argv[1], year);
    }
  else if (g_str_has_suffix (argv[2], ".xml") || g_str_has_suffix (argv[2], ".XML"))
    {
      ok = import_framework (project, year, argv[2], &error);
      if (ok)
        printf (_("%s: framework of %d imported\n"), argv[1], year);
    }
  else
    {
      g_autofree char *detected = NULL;

      ok = import_data (project, year, argv[2], sheet, encoding, partial, &n_values, &detected,
                        &error);
      if (ok)
        /* TRANSLATORS: the last %s is an encoding such as GB18030, or XLSX */
        printf (_("%s: %u values imported into %d (%s)\n"), argv[1], n_values, year, detected);
    }

  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
