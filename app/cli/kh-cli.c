/* kh-cli.c — the kaohe-cli subcommand dispatcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-project.h"
#include "kh-cli.h"

int kh_cli_audit    (int argc, char **argv);
int kh_cli_chart    (int argc, char **argv);
int kh_cli_checkout (int argc, char **argv);
int kh_cli_backup   (int argc, char **argv);
int kh_cli_compute  (int argc, char **argv);
int kh_cli_copy     (int argc, char **argv);
int kh_cli_diff     (int argc, char **argv);
int kh_cli_explain  (int argc, char **argv);
int kh_cli_export   (int argc, char **argv);
int kh_cli_format   (int argc, char **argv);
int kh_cli_grant    (int argc, char **argv);
int kh_cli_health   (int argc, char **argv);
int kh_cli_history  (int argc, char **argv);
int kh_cli_import   (int argc, char **argv);
int kh_cli_init_server (int argc, char **argv);
int kh_cli_keygen   (int argc, char **argv);
int kh_cli_new      (int argc, char **argv);
int kh_cli_push     (int argc, char **argv);
int kh_cli_recommend (int argc, char **argv);
int kh_cli_registry (int argc, char **argv);
int kh_cli_report   (int argc, char **argv);
int kh_cli_revoke   (int argc, char **argv);
int kh_cli_scopes   (int argc, char **argv);
int kh_cli_seal     (int argc, char **argv);
int kh_cli_set      (int argc, char **argv);
int kh_cli_status   (int argc, char **argv);
int kh_cli_sensitivity (int argc, char **argv);
int kh_cli_survey   (int argc, char **argv);
int kh_cli_template (int argc, char **argv);
int kh_cli_units    (int argc, char **argv);
int kh_cli_validate (int argc, char **argv);
int kh_cli_verify   (int argc, char **argv);
int kh_cli_weights  (int argc, char **argv);

/* One line per subcommand; later issues add theirs here. */
static const KhCliCommand commands[] = {
  { "audit", "PROJECT --year Y --group G", N_("Correlations, Cronbach's α, principal components and flags of a group's indicators"), kh_cli_audit },
  { "backup", "PROJECT COPY", N_("Copy a project safely (SQLite backup, checked, then renamed)"), kh_cli_backup },
  { "chart", "PROJECT --type T (--group G | --category C) -o FILE", N_("Draw a bump, slope, bars, radar, distribution or dumbbell chart as PNG, SVG or PDF"), kh_cli_chart },
  { "checkout", "SERVER OUT.kaohe [--year Y] | --refresh OUT.kaohe", N_("Copy what your login may see of a server's project into a new file, to work offline (push it back with push)"), kh_cli_checkout },
  { "compute", "--framework F.xml --data D.csv", N_("Score units: totals, ranks, tiers, rank changes, awards"), kh_cli_compute },
  { "copy", "SRC DST", N_("Copy a project between a file and a PostgreSQL database, either way, into an empty DST: every row, the audit chain as it is"), kh_cli_copy },
  { "diff", "A.xml B.xml | PROJECT YEAR_A[:V] YEAR_B[:W]", N_("What changed between two frameworks: indicators admitted, retired, replaced; points, weights, methods, rules"), kh_cli_diff },
  { "explain", "--framework F.xml --data D.csv --unit U", N_("Show every intermediate value of one unit's score"), kh_cli_explain },
  { "export", "PROJECT --year Y [--data] -o OUT", N_("Export a year's results or data sheet as CSV or XLSX"), kh_cli_export },
  { "format", "FILE", N_("Print a framework file in canonical form (-i: in place)"), kh_cli_format },
  { "grant", "URI ROLE --category C [--unit U]… [--field F]…", N_("Let an evaluator of a PostgreSQL project see and change a category's values, or only some units' or fields'"), kh_cli_grant },
  { "health", "PROJECT --year Y [--group G] | --framework F --data D", N_("Indicator health for admission and exit: saturation, spread, redundancy, missing data, a verdict in words"), kh_cli_health },
  { "history", "PROJECT [--year Y] [--category C]", N_("Every saved version of the project's frameworks: who, when, from what, how many changes"), kh_cli_history },
  { "import", "PROJECT [--units F | --year Y (--framework F.xml | --published F | FILE)]", N_("Import units, a framework, published results or data into a project, all or nothing"), kh_cli_import },
  { "init-server", "URI", N_("Make an empty PostgreSQL database ready for the office: the project's tables, the roles kaohe_admin, kaohe_evaluator, kaohe_viewer and row-level security on every table"), kh_cli_init_server },
  { "keygen", "[FILE]", N_("Create the office's key pair that signs seals (FILE, FILE.pub)"), kh_cli_keygen },
  { "new", "PROJECT", N_("Create an empty project file"), kh_cli_new },
  { "push", "CHECKOUT.kaohe SERVER [--mine | --theirs]", N_("Write a checkout's offline changes to its server in one transaction; changes made there since are listed, not overwritten"), kh_cli_push },
  { "recommend", "PROJECT --year Y --city C (--counties ID,ID | --clear)", N_("Enter a city's own list of the counties it recommends (the “321” workflow), printed with its checks"), kh_cli_recommend },
  { "registry", "PROJECT [--category C] [--indicator ID]", N_("Each indicator's life across the years: admitted, kept, replaced, retired"), kh_cli_registry },
  { "report", "PROJECT --year Y [--kind K] -o FILE.pdf", N_("Write the annual, unit or comparison report as PDF"), kh_cli_report },
  { "revoke", "URI ROLE [--category C [--unit U]… [--field F]…]", N_("Take back an evaluator's scopes on a PostgreSQL project"), kh_cli_revoke },
  { "scopes", "URI [ROLE]", N_("List the evaluators' scopes on a PostgreSQL project"), kh_cli_scopes },
  { "sensitivity", "PROJECT --year Y --group G [--spec FILE]", N_("Vary weights and other uncertain inputs: rank intervals and Sobol indices"), kh_cli_sensitivity },
  { "seal", "PROJECT --year Y [--key FILE]", N_("Make a year's framework, data and results read-only"), kh_cli_seal },
  { "set", "PROJECT --year Y --unit U --field F (VALUE | --clear) [--was OLD]", N_("Set one value of a project file or server, audited; with --was, refused if the cell changed since"), kh_cli_set },
  { "status", "PROJECT --year Y [--format csv]", N_("What each data provider has delivered for a year, and what each unit still owes"), kh_cli_status },
  { "survey", "import|score|quality|chart PROJECT --year Y [SHEET]", N_("A satisfaction survey: import the raters' sheet, score it, check its quality, chart a unit"), kh_cli_survey },
  { "template", "PROJECT --year Y [--provider P] -o FILE.xlsx", N_("Write a data provider's workbook to fill in: its units and fields, last year's values, imports back as it is"), kh_cli_template },
  { "units", "PROJECT [--year Y] [-o FILE.csv]", N_("Write a project's units (names, short names, aliases, the units each continues) as CSV that the units import reads back"), kh_cli_units },
  { "validate", "FILE…", N_("Check framework files; exit 1 if any is invalid"), kh_cli_validate },
  { "verify", "PROJECT [--key FILE.pub] [--head HASH]", N_("Check a project's integrity, audit chain and sealed years"), kh_cli_verify },
  { "weights", "PROJECT|--framework F --data D --node N --method M [--matrix FILE]", N_("Propose weights (equal, AHP, entropy, CRITIC, PCA, budget) beside the current ones, with the ranking"), kh_cli_weights },
  { NULL, NULL, NULL, NULL },
};

/* The commands that take a project on PostgreSQL (issue 19): every command that takes a
 * project, each tested on a file and on its copy on a server for the same output byte for
 * byte (test-project-compute-pg.c, test-cli-pg.c, test-server-writes.c). The others make
 * or read files only and refuse a postgresql:// or service= argument before they open
 * anything. */
static const char *const server_commands[] = {
  "init-server", "grant", "revoke", "scopes", "import", "units", "history", "seal", "verify",
  "diff", "template", "copy", "set", "checkout", "push", "compute", "explain", "export", "report",
  "audit", "status", "chart", "health", "registry", "sensitivity", "weights", "recommend",
  "survey", "backup", NULL,
};

static gboolean
refuses_server (const KhCliCommand *command,
                int                 argc,
                char              **argv)
{
  if (g_strv_contains (server_commands, command->name))
    return FALSE;
  for (int i = 2; i < argc; i++)
    if (kh_db_target_is_server (argv[i]))
      {
        /* The URI is not repeated: it may hold a password. */
        fprintf (stderr,
                 _("kaohe-cli %s: makes or reads files only, not a project on PostgreSQL (a "
                   "database on a server is made a project with init-server)"),
                 command->name);
        fputc ('\n', stderr);
        return TRUE;
      }
  return FALSE;
}

const KhCliCommand *
kh_cli_lookup (const char *name)
{
  for (guint i = 0; commands[i].name != NULL; i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

void
kh_cli_print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  kaohe-cli [--help] [--version] %s\n\n", _("Usage:"),
           _("COMMAND [ARGUMENTS…]"));
  fprintf (stream, "%s\n\n", _("Headless tool for Kaohe assessment frameworks and projects."));
  fprintf (stream, "%s\n", _("Commands:"));
  if (commands[0].name == NULL)
    fprintf (stream, "  %s\n", _("(none yet)"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “kaohe-cli COMMAND --help” for the options of a command."));
  fprintf (stream, "%s\n", _("Names and words are printed in the language of --lang zh_CN|zh_TW|en, "
                             "else of the locale; CSV and JSON keep the Simplified Chinese names "
                             "without --lang."));
}

gboolean
kh_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr (GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  kh_cli_usage_error (context, "%s", error->message);
  return FALSE;
}

int
kh_cli_usage_error (GOptionContext *context,
                    const char     *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "kaohe-cli: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fprintf (stderr, "\n%s", help);
    }
  return KH_CLI_USAGE;
}

int
kh_cli_main (int    argc,
             char **argv)
{
  const KhCliCommand *command;

  /* No command uses a project from two threads at once. */
  kh_project_use_one_thread ();
  setlocale (LC_ALL, "");
  /* KAOHE_LOCALEDIR: the build tree's catalogues (set by `meson devenv`). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KAOHE_LOCALEDIR") != NULL ? g_getenv ("KAOHE_LOCALEDIR")
                                                                       : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      kh_cli_print_usage (stderr);
      return KH_CLI_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      kh_cli_print_usage (stdout);
      return KH_CLI_OK;
    }

  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      printf ("kaohe-cli %s\n", PACKAGE_VERSION);
      return KH_CLI_OK;
    }

  command = kh_cli_lookup (argv[1]);
  if (command == NULL)
    {
      if (argv[1][0] == '-')
        fprintf (stderr, _("kaohe-cli: unknown option “%s”"), argv[1]);
      else
        fprintf (stderr, _("kaohe-cli: unknown command “%s”"), argv[1]);
      fputs ("\n\n", stderr);
      kh_cli_print_usage (stderr);
      return KH_CLI_USAGE;
    }

  if (refuses_server (command, argc, argv))
    return KH_CLI_FAILED;

  /* The subcommand sees itself as argv[0] ("kaohe-cli validate"). */
  {
    g_autofree char *prgname = g_strdup_printf ("kaohe-cli %s", command->name);

    g_set_prgname (prgname);
    argv[1] = prgname;
    return command->run (argc - 1, argv + 1);
  }
}

gboolean
kh_cli_set_user (const char *user,
                 const char *target)
{
  if (user == NULL)
    return TRUE;
  if (kh_db_target_is_server (target))
    {
      kh_cli_usage_error (NULL, "%s",
                          _("--user: a project on a server names in its audit log the login "
                            "the server knows you by; connect as that person instead"));
      return FALSE;
    }
  g_setenv ("KAOHE_USER", user, TRUE);
  return TRUE;
}

KhProject *
kh_cli_open_project (const char *path,
                     gboolean    writable)
{
  g_autoptr (GError) error = NULL;
  KhProject *project = writable ? kh_project_open (path, &error)
                                : kh_project_open_readonly (path, &error);

  if (project == NULL)
    fprintf (stderr, "%s\n", error->message);
  return project;
}

gboolean
kh_cli_parse_lang (const char *name,
                   KhLang     *lang)
{
  if (g_strcmp0 (name, "zh_CN") == 0)
    *lang = KH_LANG_ZH_CN;
  else if (g_strcmp0 (name, "zh_TW") == 0)
    *lang = KH_LANG_ZH_TW;
  else if (g_strcmp0 (name, "en") == 0)
    *lang = KH_LANG_EN;
  else
    return FALSE;
  return TRUE;
}

KhLang
kh_cli_lang_of_locale (void)
{
  return kh_lang_for_languages (g_get_language_names ());
}

gboolean
kh_cli_choose_lang (const char *name,
                    KhLang     *lang)
{
  static const char *const names[] = { [KH_LANG_ZH_CN] = "zh_CN", [KH_LANG_ZH_TW] = "zh_TW", [KH_LANG_EN] = "en" };
  const char *messages;

  if (name != NULL && !kh_cli_parse_lang (name, lang))
    return FALSE;
  if (name == NULL)
    *lang = kh_cli_lang_of_locale ();
  /* gettext ignores LANGUAGE in the C locale (LC_ALL=C, or a LANG whose locale is not
   * installed): C.UTF-8's messages are the same untranslated words, but LANGUAGE counts. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
    setlocale (LC_MESSAGES, "C.UTF-8");
  g_setenv ("LANGUAGE", names[*lang], TRUE);
  /* gettext reads LANGUAGE again once the domain is set anew. */
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

gboolean
kh_cli_choose_data_lang (const char *name,
                         KhLang     *lang)
{
  if (name != NULL)
    return kh_cli_choose_lang (name, lang);
  *lang = KH_LANG_ZH_CN;
  return TRUE;
}
