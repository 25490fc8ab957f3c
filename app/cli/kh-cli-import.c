/* kh-cli-import.c — `kaohe-cli import PROJECT …`: units, frameworks and data into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli import PROJECT --units UNITS.csv [--encoding E]   (or UNITS.xlsx [--sheet S])
 *   kaohe-cli import PROJECT --year Y --framework F.xml     (or a positional F.xml)
 *   kaohe-cli import PROJECT --year Y FILE.csv [--encoding E]
 *   kaohe-cli import PROJECT --year Y FILE.xlsx [--sheet S]
 *   kaohe-cli import PROJECT --year Y FILE --partial ERRFILE
 *   kaohe-cli import PROJECT --year Y --published NOTICE.csv   (or NOTICE.xlsx [--sheet S])
 *
 * Every import is one transaction: on any problem nothing changes, every problem is
 * printed (`FILE: row R, column C: message` or `FILE:LINE:COLUMN: message`) and the exit
 * status is 1. With --partial, a data file's rows with a problem are set aside and
 * written to ERRFILE (the header, those rows as read and a column of their problems; XLSX
 * when ERRFILE ends in .xlsx, CSV otherwise), the other rows are imported and the exit
 * status is 0; a problem of the header still refuses the whole file.
 *
 * The published results of a year (the official notice, kh-project-published.c) are
 * followed by every difference from the year computed afresh, one per line (`unit
 * (name): what: published P, recomputed R`), when the year can be computed; when it
 * cannot yet (no framework or data), the import stands and the reason is printed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "io/kh-db.h"
#include "io/kh-io-limits.h"
#include "io/kh-project-compute.h"
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

/* KhRecordBatchFunc of a streamed CSV import. */
static gboolean
import_batch (KhRecordSet *set,
              gpointer     data,
              GError     **error)
{
  return kh_project_import_add (data, set, error);
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

  gboolean xlsx = g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX");

  /* Headers by field id, Chinese or English name, or a declared alias; other columns
   * (备注 …) are ignored with a notice. */
  options = kh_project_table_options (project, year, error);
  if (options == NULL)
    return FALSE;
  options->partial = partial != NULL;
  /* A CSV file is read as a stream, never held whole as a table (issue 22); a partial
   * import keeps the table to write its rows set aside, a workbook is read whole. On
   * PostgreSQL nothing is stored before the whole sheet is checked, in one transaction
   * that may be run again: its records are read whole, as before (issue 19). */
  if (!xlsx && partial == NULL && kh_project_get_db (project) == NULL)
    {
      set = kh_record_set_read_csv (path, encoding, base, options, error);
      if (set == NULL)
        return FALSE;
    }
  else if (!xlsx && partial == NULL)
    {
      KhProjectImport *import = kh_project_import_begin (project, year, base, error);

      if (import == NULL)
        return FALSE;
      /* Each batch of rows is checked and stored in the import's transaction as it is
       * read, then dropped: the file's records are never held whole (issue 22). */
      set = kh_record_set_read_csv_batches (path, encoding, base, options, import_batch,
                                            import, error);
      if (set == NULL)
        {
          kh_project_import_abandon (import);
          return FALSE;
        }
      *detected = g_strdup (set->encoding);
      notices = kh_record_set_get_notices (set);
      if (notices != NULL)
        fprintf (stderr, "%s\n", notices);
      return kh_project_import_finish (import, set, n_values, error);
    }
  else
    {
      table = xlsx ? kh_xlsx_read_file (path, sheet, error) : kh_csv_read_file (path, encoding, error);
      if (table == NULL)
        return FALSE;
      set = kh_record_set_from_table_full (table, base, options, error);
      if (set == NULL)
        return FALSE;
    }
  if (partial != NULL && !kh_project_set_aside_rows (project, year, set, base, error))
    return FALSE;
  *detected = g_strdup (set->encoding);
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

      if (!kh_project_wait_for_check (project, error) || !kh_table_write_rejected (table, set, partial, error))
        return FALSE;
      fprintf (stderr,
               ngettext ("%s: %u row not imported: it is in %s with its problems\n",
                         "%s: %u rows not imported: they are in %s with their problems\n", n),
               base, n, errfile);
    }
  /* Provenance names the file without its folder: the same file gives the same project. */
  return kh_project_import_records_full (project, year, set, base, n_values, error);
}

static KhCsvTable *
read_table (const char *path,
            const char *sheet,
            const char *encoding,
            GError    **error)
{
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    return kh_xlsx_read_file (path, sheet, error);
  return kh_csv_read_file (path, encoding, error);
}

/* The published results of @year from @path, then what differs from @year recomputed. */
static gboolean
import_published (KhProject  *project,
                  const char *project_path,
                  int         year,
                  const char *path,
                  const char *sheet,
                  const char *encoding,
                  GError    **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (display);
  g_autoptr (KhCsvTable) table = read_table (path, sheet, encoding, error);
  g_autoptr (GError) compare_error = NULL;
  g_autoptr (GPtrArray) differences = NULL;
  guint n_published;

  if (table == NULL || !kh_project_import_published (project, year, table, base, error))
    return FALSE;
  /* All or nothing: every row below the header is a unit imported. */
  n_published = kh_csv_table_n_rows (table) - 1;
  differences = kh_project_compare_published (project, year, NULL, &compare_error);
  printf (_("%s: results published for %d imported (%u units)\n"), project_path, year,
          n_published);
  if (differences == NULL)
    {
      /* TRANSLATORS: %s is the reason, e.g. that the year has no framework yet */
      printf (_("not compared with the recomputed results: %s\n"), compare_error->message);
      return TRUE;
    }
  if (differences->len == 0)
    printf ("%s\n", _("the recomputed results agree with the published ones"));
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u difference from the recomputed results:\n",
                         "%u differences from the recomputed results:\n", differences->len),
            differences->len);
  for (guint i = 0; i < differences->len; i++)
    {
      KhPublishedDifference *d = differences->pdata[i];
      const char *what = kh_published_difference_describe (d->kind);
      g_autofree char *who = d->name != NULL ? g_strdup_printf ("%s (%s)", d->unit_id, d->name)
                                             : g_strdup (d->unit_id);

      if (d->kind == KH_DIFFERENCE_PUBLISHED_ONLY || d->kind == KH_DIFFERENCE_RECOMPUTED_ONLY)
        printf ("  %s: %s\n", who, what);
      else
        /* TRANSLATORS: unit id (name): what differs (rank, tier …): the two values */
        printf (_("  %s: %s: published %s, recomputed %s\n"), who, what,
                d->published[0] != '\0' ? d->published : "—",
                d->recomputed[0] != '\0' ? d->recomputed : "—");
    }
  return TRUE;
}

int
kh_cli_import (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT [FILE]"));
  g_autofree char *name = NULL; /* the project as given, a server's password left out */
  g_autofree char *units = NULL, *framework = NULL, *published = NULL, *sheet = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *user = NULL, *partial = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year to import into"), N_("Y") },
    { "units", 0, 0, G_OPTION_ARG_FILENAME, &units, N_("Add or update units from a units CSV"), N_("UNITS.csv") },
    { "framework", 0, 0, G_OPTION_ARG_FILENAME, &framework, N_("Set the year's framework from an XML file"), N_("F.xml") },
    { "published", 0, 0, G_OPTION_ARG_FILENAME, &published, N_("Set the year's results as published (the official notice: unit, rank, tier, award)"), N_("NOTICE.csv") },
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

  g_option_context_set_summary (context, _("Import units, a year's framework, a year's data "
                                           "(CSV or XLSX, wide or long) or the results published "
                                           "for a year into a project; all or nothing."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc < 2)
    return kh_cli_usage_error (context, "%s", _("no project file given"));
  n_modes = (units != NULL) + (framework != NULL) + (published != NULL) + (argc >= 3);
  if (n_modes != 1 || argc > 3)
    return kh_cli_usage_error (context, "%s",
                               _("give one of --units FILE, --framework FILE, --published FILE "
                                 "or a data FILE"));
  if (units == NULL && year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (units != NULL && year != 0)
    return kh_cli_usage_error (context, "%s", _("--units takes no --year"));
  if (partial != NULL && (units != NULL || framework != NULL || argc < 3
                          || g_str_has_suffix (argv[2], ".xml") || g_str_has_suffix (argv[2], ".XML")))
    return kh_cli_usage_error (context, "%s", _("--partial is for a data file"));
  if (year != 0 && (year < 1900 || year > 2999))
    return kh_cli_usage_error (context, _("%d is not a year"), year);
  if (!kh_cli_set_user (user, argv[1]))
    return KH_CLI_USAGE;
  name = kh_db_target_name (argv[1]);

  /* A data sheet is read and checked while the file's quick_check runs beside it: the
   * first write waits for it (issue 22). */
  if (units == NULL && published == NULL && framework == NULL && !g_str_has_suffix (argv[2], ".xml")
      && !g_str_has_suffix (argv[2], ".XML"))
    {
      project = kh_project_open_for_import (argv[1], &error);
      if (project == NULL)
        fprintf (stderr, "%s\n", error->message);
    }
  else
    project = kh_cli_open_project (argv[1], TRUE);
  if (project == NULL)
    return KH_CLI_FAILED;

  if (units != NULL)
    {
      g_autofree char *display = g_filename_display_name (units);
      g_autofree char *base = g_path_get_basename (display);
      g_autoptr (KhCsvTable) table = NULL;

      table = read_table (units, sheet, encoding, &error);
      ok = table != NULL && kh_project_import_units (project, table, base, &error);
      if (ok)
        printf (_("%s: %u units imported\n"), name, kh_csv_table_n_rows (table) - 1);
    }
  else if (published != NULL)
    ok = import_published (project, name, year, published, sheet, encoding, &error);
  else if (framework != NULL)
    {
      ok = import_framework (project, year, framework, &error);
      if (ok)
        printf (_("%s: framework of %d imported\n"), name, year);
    }
  else if (g_str_has_suffix (argv[2], ".xml") || g_str_has_suffix (argv[2], ".XML"))
    {
      ok = import_framework (project, year, argv[2], &error);
      if (ok)
        printf (_("%s: framework of %d imported\n"), name, year);
    }
  else
    {
      g_autofree char *detected = NULL;

      ok = import_data (project, year, argv[2], sheet, encoding, partial, &n_values, &detected,
                        &error);
      if (ok)
        {
          g_autoptr (GString) flags = g_string_new (NULL);

          /* TRANSLATORS: the last %s is an encoding such as GB18030, or XLSX */
          printf (_("%s: %u values imported into %d (%s)\n"), name, n_values, year, detected);
          /* Packed for the computations of the year to come, and the year before, which
           * they read too (a cache: its failure is none; a year packed stays so). */
          kh_project_pack_values (project, year);
          kh_project_pack_values (project, year - 1);
          /* The year's values still to confirm, those just imported among them. */
          if (!kh_cli_append_value_flags (flags, project, year, FALSE, &error))
            {
              /* The values are stored: only their check could not be read. */
              fprintf (stderr, "%s\n", error->message);
              g_clear_error (&error);
            }
          fputs (flags->str, stdout);
        }
    }

  if (!ok)
    {
      g_autoptr (GError) check_error = NULL;

      /* A damaged file is what to say first, whatever else failed. */
      if (!kh_project_wait_for_check (project, &check_error))
        fprintf (stderr, "%s\n", check_error->message);
      else
        fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
