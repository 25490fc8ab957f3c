/* kh-cli-copy.c — `kaohe-cli copy SRC DST`: a project moved between SQLite and PostgreSQL
 * (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SRC and DST are each a project file or a PostgreSQL database (postgresql://… or
 * service=…). The copy is kh_db_copy() (io/kh-db-copy.h): every table, row for row, in one
 * transaction on DST, which must be empty (a new file, an empty database, or one
 * `kaohe-cli init-server` made ready). A new file that could not be filled is removed. The
 * tables of more than 5,000 rows tell their progress on stderr.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "io/kh-db-copy.h"
#include "io/kh-db.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_copy (int    argc,
                 char **argv);

static void
progress_cb (const char *table,
             guint64     done,
             guint64     total,
             gpointer    user_data)
{
  if (total <= 5000 || done == 0)
    return;
  fprintf (stderr, _("%s: %u of %u rows copied\n"), table, (guint) done, (guint) total);
}

/* A SQLite source must be there (kh_db_open() would make an empty one). */
static gboolean
check_source (const char *src)
{
  if (kh_db_target_is_server (src))
    return TRUE;
  if (g_file_test (src, G_FILE_TEST_IS_DIR))
    fprintf (stderr, _("%s: this is a folder, not a project file\n"), src);
  else if (!g_file_test (src, G_FILE_TEST_EXISTS))
    fprintf (stderr, _("%s: no such project file\n"), src);
  else
    return TRUE;
  return FALSE;
}

int
kh_cli_copy (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("SRC DST"));
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr (GError) error = NULL;
  KhDb *src = NULL;
  KhDb *dst = NULL;
  gboolean new_file = FALSE;
  guint64 n_rows = 0;
  gboolean ok;

  g_option_context_set_summary (context,
                                _("Copy a project between a project file and a PostgreSQL "
                                  "database (postgresql://… or service=…), in either direction: "
                                  "every table row for row, the audit chain as it is, in one "
                                  "transaction. DST must be empty: a new file, an empty "
                                  "database, or one “kaohe-cli init-server” made ready."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 3)
    return kh_cli_usage_error (context, "%s", _("give the project to copy and where to copy it"));
  if (!check_source (argv[1]))
    return KH_CLI_FAILED;
  if (!kh_db_target_is_server (argv[2]) && g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    {
      fprintf (stderr, _("%s: this is a folder, not a project file\n"), argv[2]);
      return KH_CLI_FAILED;
    }

  src = kh_db_open (argv[1], &error);
  if (src != NULL)
    {
      new_file = !kh_db_target_is_server (argv[2]) && !g_file_test (argv[2], G_FILE_TEST_EXISTS);
      dst = kh_db_open (argv[2], &error);
    }
  ok = dst != NULL && kh_db_copy (src, dst, progress_cb, NULL, &n_rows, &error);
  if (ok)
    printf (g_dngettext (GETTEXT_PACKAGE, "%s: copied to %s (%u row)\n",
                         "%s: copied to %s (%u rows)\n", (gulong) n_rows),
            kh_db_name (src), kh_db_name (dst), (guint) n_rows);
  else
    fprintf (stderr, "%s\n", error->message);
  kh_db_close (dst);
  kh_db_close (src);
  /* The file this copy made, which holds nothing since its transaction was rolled back. */
  if (!ok && new_file && g_file_test (argv[2], G_FILE_TEST_EXISTS))
    g_unlink (argv[2]);
  return ok ? KH_CLI_OK : KH_CLI_FAILED;
}
