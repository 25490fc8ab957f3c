/* kh-cli-checkout.c — `kaohe-cli checkout SERVER OUT.kaohe [--year Y]`, `checkout --refresh`,
 * `push OUT.kaohe SERVER [--mine | --theirs]`: offline work (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A checkout is a project file of what the login may read on the server, marked with
 * where and when it came from and the value every cell had then (io/kh-db-checkout.h).
 * It is edited like any project file (the app, `kaohe-cli set`, `import`). `push` writes
 * its changed cells to the server in one transaction; when the server changed any of them
 * since, nothing is written and each is listed (year, unit, field, base, theirs with who
 * and when, mine), unless --mine (overwrite them, each audit row naming whose value it
 * replaced) or --theirs (drop those offline changes, the copy taking the server's values)
 * says what to do. `checkout --refresh` takes the server's values into the copy.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "io/kh-db-checkout.h"
#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_checkout (int    argc,
                     char **argv);
int kh_cli_push     (int    argc,
                     char **argv);

/* A value as the shortest text that reads back the same; "empty" for NaN. */
static char *
value_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup (_("empty"));
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  return g_strdup (buffer);
}

/* "2020, unit “nanjing”, field “gdp”: base 100, theirs 120 (kaohe, 2026-…), mine 150" */
static void
print_conflict (FILE            *stream,
                KhValueConflict *cell)
{
  g_autofree char *base = value_text (cell->seen);
  g_autofree char *theirs = value_text (cell->current);
  g_autofree char *mine = value_text (cell->wanted);

  fprintf (stream, _("  %d, unit “%s”, field “%s”: base %s, theirs %s (%s, %s), mine %s\n"),
           cell->year, cell->unit_id, cell->field, base, theirs,
           cell->edited_by[0] != '\0' ? cell->edited_by : "?",
           cell->edited_at[0] != '\0' ? cell->edited_at : "?", mine);
}

static int
refresh (const char *path,
         const char *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) dropped = NULL;
  guint n_taken = 0;

  if (!kh_checkout_refresh (path, server, &dropped, &n_taken, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u value taken from the server\n",
                       "%s: %u values taken from the server\n", n_taken),
          path, n_taken);
  for (guint i = 0; i < dropped->len; i++)
    {
      KhCheckoutChange *change = dropped->pdata[i];
      g_autofree char *theirs = value_text (change->base);
      g_autofree char *mine = value_text (change->mine);

      printf (_("  dropped: %d, unit “%s”, field “%s”: mine %s, the server's %s\n"),
              change->year, change->unit_id, change->field, mine, theirs);
    }
  return KH_CLI_OK;
}

int
kh_cli_checkout (int    argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("SERVER OUT.kaohe"));
  gboolean refresh_copy = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Check out this year only (default: every year)"),
      N_("Y") },
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh_copy,
      N_("Take the server's values into a checkout (OUT.kaohe [SERVER]): cells changed on the "
         "server get its value, an offline change of such a cell is dropped and listed"),
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCheckoutInfo) info = NULL;
  guint n_values = 0;

  g_option_context_set_summary (context,
                                _("Copy what your login may see of a project on a PostgreSQL "
                                  "server into a new project file, to work offline; push it "
                                  "back with “kaohe-cli push”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (refresh_copy)
    {
      if (argc != 2 && argc != 3)
        return kh_cli_usage_error (context, "%s",
                                   _("--refresh: give the checkout, and the server if not the "
                                     "one it came from"));
      if (year != 0)
        return kh_cli_usage_error (context, "%s", _("--refresh keeps the checkout's year"));
      return refresh (argv[1], argc == 3 ? argv[2] : NULL);
    }
  if (argc != 3)
    return kh_cli_usage_error (context, "%s", _("give the server and the new file"));

  if (!kh_checkout_new (argv[1], argv[2], year, &n_values, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  /* The server's name as the checkout records it: the URI given may hold a password. */
  info = kh_checkout_info_read (argv[2], &error);
  if (info == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%s: checked out to %s (%u value)\n",
                       "%s: checked out to %s (%u values)\n", n_values),
          info->server, argv[2], n_values);
  return KH_CLI_OK;
}

int
kh_cli_push (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("CHECKOUT.kaohe SERVER"));
  gboolean mine = FALSE;
  gboolean theirs = FALSE;
  GOptionEntry entries[] = {
    { "mine", 0, 0, G_OPTION_ARG_NONE, &mine,
      N_("Overwrite the values changed on the server since the checkout (audited)"), NULL },
    { "theirs", 0, 0, G_OPTION_ARG_NONE, &theirs,
      N_("Keep the values changed on the server since the checkout; drop those offline "
         "changes"),
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (KhCheckoutInfo) info = NULL;
  KhEditResolve resolve = KH_EDIT_RESOLVE_REFUSE;
  guint n_written = 0;

  g_option_context_set_summary (context,
                                _("Write the values changed in a checkout to the server it "
                                  "came from, in one transaction. When the server changed any "
                                  "of them since, nothing is written and each is listed, unless "
                                  "--mine or --theirs says what to do."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 3)
    return kh_cli_usage_error (context, "%s", _("give the checkout and the server"));
  if (mine && theirs)
    return kh_cli_usage_error (context, "%s", _("--mine and --theirs exclude each other"));
  if (mine)
    resolve = KH_EDIT_RESOLVE_MINE;
  else if (theirs)
    resolve = KH_EDIT_RESOLVE_THEIRS;

  if (!kh_checkout_push (argv[1], argv[2], resolve, &conflicts, &n_written, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      if (g_error_matches (error, KH_IO_ERROR, KH_IO_ERROR_CONFLICT) && conflicts != NULL)
        {
          for (guint i = 0; i < conflicts->len; i++)
            print_conflict (stderr, conflicts->pdata[i]);
          fprintf (stderr, "%s\n",
                   _("Push again with --mine to overwrite the server's values, with --theirs "
                     "to drop these offline changes, or take the server's values into the "
                     "copy with “kaohe-cli checkout --refresh”."));
        }
      return KH_CLI_FAILED;
    }
  /* The server's name, not argv[2], which may hold a password. */
  info = kh_checkout_info_read (argv[1], NULL);
  printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u value written to %s\n",
                       "%s: %u values written to %s\n", n_written),
          argv[1], n_written, info != NULL ? info->server : "?");
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      printf ("%s\n", mine ? _("overwrote:") : _("dropped, the server's kept:"));
      print_conflict (stdout, conflicts->pdata[i]);
    }
  return KH_CLI_OK;
}
