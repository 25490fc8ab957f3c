/* kh-cli.h — the kaohe-cli subcommand dispatcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each subcommand lives in its own kh-cli-<name>.c and is listed once in kh-cli.c.
 * Exit codes: 0 success, 1 the work failed or the input is invalid, 2 usage error.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "core/kh-engine.h"
#include "io/kh-project.h"

G_BEGIN_DECLS

enum
{
  KH_CLI_OK = 0,
  KH_CLI_FAILED = 1,
  KH_CLI_USAGE = 2,
};

typedef int (*KhCliRunFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *parameters; /* untranslated, e.g. "FILE…" */
  const char  *summary;    /* marked with N_() */
  KhCliRunFunc run;
} KhCliCommand;

int      kh_cli_main          (int                 argc,
                               char              **argv);
const KhCliCommand *kh_cli_lookup (const char     *name);
void     kh_cli_print_usage   (FILE               *stream);

/* Parses @argv with @context; on a bad option prints the message and the command's
 * help to stderr and returns FALSE (the command then exits with KH_CLI_USAGE). */
gboolean kh_cli_parse_options (GOptionContext     *context,
                               int                *argc,
                               char             ***argv);
int      kh_cli_usage_error   (GOptionContext     *context,
                               const char         *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* --user NAME for the project @target: KAOHE_USER set to @user (when not NULL) for the
 * project to open; FALSE after a usage message on a server, whose audit log names the
 * login only (issue 19: the command then exits with KH_CLI_USAGE). */
gboolean kh_cli_set_user (const char *user,
                          const char *target);

/* The project @path, opened to write with @writable, else read-only; NULL after its error
 * is printed to stderr (the command then exits with KH_CLI_FAILED). */
KhProject *kh_cli_open_project (const char *path,
                                gboolean    writable);

/* How compute and explain take their input (kh-cli-input.c). */
typedef enum
{
  KH_CLI_INPUT_INVALID = -1, /* a usage error was printed */
  KH_CLI_INPUT_PROJECT,      /* PROJECT --year Y */
  KH_CLI_INPUT_FILES,        /* --framework F --data D [--previous P] */
} KhCliInput;

typedef struct
{
  char *framework;
  char *data;
  char *previous;
  int year;
  /* The script of the units' names in a project's plans (kh_project_compute_category_lang);
   * set by the command from its --lang, KH_LANG_ZH_CN when it has none. */
  KhLang lang;
} KhCliInputOptions;

/* Adds --framework, --data, --previous and --year, written into @input. */
void       kh_cli_input_add_options (GOptionContext    *context,
                                     KhCliInputOptions *input);
void       kh_cli_input_clear       (KhCliInputOptions *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KhCliInputOptions, kh_cli_input_clear)

/* Checks that exactly one of the two inputs is given, completely; otherwise prints the
 * usage error and returns KH_CLI_INPUT_INVALID (the command exits with KH_CLI_USAGE). */
KhCliInput kh_cli_check_input       (GOptionContext *context,
                                     int             argc,
                                     char          **argv,
                                     const char     *framework,
                                     const char     *data,
                                     const char     *previous,
                                     int             year);

/* The plans a command wants of project @project in @year (a new array of KhPlan*). */
typedef GPtrArray *(*KhCliProjectPlansFunc) (KhProject *project,
                                             int        year,
                                             gpointer   user_data,
                                             GError   **error);

/* Checks the input, then loads the plans: the files' one plan, or @project_plans of the
 * project. NULL with *@status KH_CLI_USAGE (usage printed) or KH_CLI_FAILED (the error
 * printed to stderr). */
GPtrArray *kh_cli_input_load_plans  (GOptionContext          *context,
                                     const KhCliInputOptions *input,
                                     int                      argc,
                                     char                   **argv,
                                     KhCliProjectPlansFunc    project_plans,
                                     gpointer                 user_data,
                                     int                     *status);

/* One plan per category of @year (kh_project_compute_all()) with the units' names in
 * @lang (kh_project_compute_category_lang()). */
GPtrArray *kh_cli_compute_all       (KhProject               *project,
                                     int                      year,
                                     KhLang                   lang,
                                     GError                 **error);
/* The plan of the group that sensitivity, audit and health analyse (kh-cli-plan.c): with a
 * project, the category of the year whose framework defines @group, the category
 * @category, or the year's only category; or the files' plan; the units' names in @input's lang. NULL with *@status as
 * kh_cli_input_load_plans() says. */
KhPlan    *kh_cli_load_group_plan   (GOptionContext          *context,
                                     const KhCliInputOptions *input,
                                     int                      argc,
                                     char                   **argv,
                                     const char              *group,
                                     const char              *category,
                                     int                     *status);
/* The same; with a project, *@stored_spec receives the sensitivity spec stored for the
 * plan's year and category (NULL when none) and *@spec_category that category. */
KhPlan    *kh_cli_load_group_plan_spec (GOptionContext          *context,
                                        const KhCliInputOptions *input,
                                        int                      argc,
                                        char                   **argv,
                                        const char              *group,
                                        const char              *category,
                                        char                   **stored_spec,
                                        char                   **spec_category,
                                        int                     *status);

/* Output shared by the commands that print tables (kh-cli-output.c). */
/* @value with @digits decimals, nothing for NaN, "-0.00" printed as "0.00". */
void     kh_cli_append_fixed       (GString            *out,
                                    double              value,
                                    int                 digits);
/* The same right-aligned in @width characters (not bytes), "—" for NaN: a column of a
 * table for people (health, weights). */
void     kh_cli_append_fixed_column (GString           *out,
                                     double             value,
                                     int                digits,
                                     int                width);
/* The shortest text that reads back as the same double; "null" when not finite (JSON). */
void     kh_cli_append_exact       (GString            *out,
                                    double              value);
void     kh_cli_append_csv_field   (GString            *out,
                                    const char         *text);
void     kh_cli_append_json_string (GString            *out,
                                    const char         *text);
/* To @path, or standard output for NULL or "-". */
gboolean kh_cli_write_output       (const char         *path,
                                    GString            *text,
                                    GError            **error);

/* The flagged values of @year (kh-cli-status.c; io/kh-project-plausibility.h), one line
 * each — the unit, field, value and why, and who confirmed it when —, after a line that
 * counts them; the confirmed ones only with @with_confirmed. Nothing when none is. */
gboolean kh_cli_append_value_flags (GString            *out,
                                    KhProject          *project,
                                    int                 year,
                                    gboolean            with_confirmed,
                                    GError            **error);

/* --lang's value: zh_CN, zh_TW or en; FALSE for another. */
gboolean kh_cli_parse_lang    (const char         *name,
                               KhLang             *lang);
/* The user's locale: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is Chinese or
 * English decides, as the window does for its data names (kh_lang_for_languages());
 * else English. */
KhLang   kh_cli_lang_of_locale (void);
/* --lang's value @name (zh_CN, zh_TW or en; NULL: the user's locale, as
 * kh_cli_lang_of_locale()) into @lang, and gettext's words from now on in that language
 * whatever the process's locale: LANGUAGE is set to it, and a C or POSIX locale of messages,
 * in which gettext ignores LANGUAGE, becomes C.UTF-8. FALSE for an unknown @name (nothing
 * changed). */
gboolean kh_cli_choose_lang   (const char         *name,
                               KhLang             *lang);
/* The same for an output that programs read (CSV, JSON): without --lang (@name NULL) the
 * names stay in Simplified Chinese whatever the locale, and gettext's language is left
 * alone; with it, as kh_cli_choose_lang(). */
gboolean kh_cli_choose_data_lang (const char       *name,
                                  KhLang           *lang);
/* --lang's option of a command that prints text for people (kh_cli_choose_lang()) and of
 * one that prints CSV or JSON (kh_cli_choose_data_lang()), into @name. */
#define KH_CLI_LANG_ENTRY(name) \
  { "lang", 0, 0, G_OPTION_ARG_STRING, &(name), \
    N_("Language of the names and words printed: zh_CN, zh_TW or en (default: the user's locale)"), \
    N_("LANG") }
#define KH_CLI_DATA_LANG_ENTRY(name) \
  { "lang", 0, 0, G_OPTION_ARG_STRING, &(name), \
    N_("Language of the names and words in the output: zh_CN, zh_TW or en (default: zh_CN, whatever the locale, so that programs read the same names)"), \
    N_("LANG") }

G_END_DECLS
