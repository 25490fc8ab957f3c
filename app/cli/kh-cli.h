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

/* How compute and explain take their input. */
typedef enum
{
  KH_CLI_INPUT_INVALID = -1, /* a usage error was printed */
  KH_CLI_INPUT_PROJECT,      /* PROJECT --year Y */
  KH_CLI_INPUT_FILES,        /* --framework F --data D [--previous P] */
} KhCliInput;

/* Checks that exactly one of the two inputs is given, completely; otherwise prints the
 * usage error and returns KH_CLI_INPUT_INVALID (the command exits with KH_CLI_USAGE). */
KhCliInput kh_cli_check_input (GOptionContext *context,
                               int             argc,
                               char          **argv,
                               const char     *framework,
                               const char     *data,
                               const char     *previous,
                               int             year);

G_END_DECLS
