/* kh-cli-seal.c — `kaohe-cli seal PROJECT --year Y`: freeze a year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every category of the year is computed first; when the stored results are missing or no longer follow
 * from the data and framework, the fresh results are stored (audited as "compute")
 * before the seal, so a sealed year always holds the results of its sealed data.
 * With --key FILE (the secret key `kaohe-cli keygen` made), the seal is signed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-project-compute.h"
#include "io/kh-project.h"
#include "io/kh-seal-key.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_seal (int    argc,
                 char **argv);

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
same_results (GPtrArray *stored,
              GPtrArray *fresh)
{
  if (stored->len != fresh->len)
    return FALSE;
  /* Both lists come from the same units; compare them unit by unit. */
  for (guint i = 0; i < fresh->len; i++)
    {
      KhStoredResult *f = fresh->pdata[i];
      KhStoredResult *s = NULL;

      for (guint j = 0; j < stored->len && s == NULL; j++)
        if (strcmp (((KhStoredResult *) stored->pdata[j])->unit_id, f->unit_id) == 0)
          s = stored->pdata[j];
      if (s == NULL || !same_double (s->total, f->total) || s->rank != f->rank
          || s->tier != f->tier || s->prev_rank != f->prev_rank
          || s->rank_change != f->rank_change || g_strcmp0 (s->awards, f->awards) != 0
          || s->node_ids->len != f->node_ids->len)
        return FALSE;
      for (guint n = 0; n < f->node_ids->len; n++)
        if (!same_double (g_array_index (s->node_scores, double, n),
                          g_array_index (f->node_scores, double, n))
            || strcmp (s->node_ids->pdata[n], f->node_ids->pdata[n]) != 0)
          return FALSE;
    }
  return TRUE;
}

int
kh_cli_seal (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *name = NULL; /* the project as given, a server's password left out */
  g_autofree char *user = NULL;
  g_autofree char *key_path = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Year to seal"), N_("Y") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Name recorded in the audit log"), N_("NAME") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("Sign the seal with this secret key (made by “kaohe-cli keygen”)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) fresh = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  guint8 secret[KH_SEAL_SECRET_KEY_BYTES] = { 0 };
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES] = { 0 };
  gboolean was_sealed = FALSE;
  gboolean sealed;

  g_option_context_set_summary (context, _("Seal a year: its frameworks (of every category), data "
                                           "and results become read-only, in the database "
                                           "itself."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give exactly one project file"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("--year is required"));
  if (!kh_cli_set_user (user, argv[1]))
    return KH_CLI_USAGE;
  name = kh_db_target_name (argv[1]);
  /* The key is read before the project is touched: a bad key leaves it unchanged. */
  if (key_path != NULL && !kh_seal_key_load_secret (key_path, secret, &error))
    {
      kh_seal_key_forget (secret, sizeof secret);
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (key_path != NULL)
    kh_seal_key_public_of (secret, pub);

  project = kh_project_open (argv[1], &error);
  /* A year whose seal cannot be read is neither computed nor sealed: the error is said. */
  if (project != NULL && !kh_project_get_sealed (project, year, &was_sealed, &error))
    g_clear_pointer (&project, kh_project_close);
  if (project != NULL && !was_sealed)
    {
      fresh = kh_project_compute_results (project, year, &error);
      if (fresh != NULL)
        stored = kh_project_get_results (project, year, &error);
      if (stored != NULL && !same_results (stored, fresh))
        {
          if (kh_project_store_results (project, year, fresh, &error))
            printf (_("%s: results of %d computed\n"), name, year);
          else
            g_clear_pointer (&stored, g_ptr_array_unref);
        }
    }
  sealed = project != NULL && (was_sealed || stored != NULL)
           && kh_project_seal_signed (project, year, key_path != NULL ? secret : NULL, &error);
  kh_seal_key_forget (secret, sizeof secret);
  if (!sealed)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (key_path != NULL)
    {
      g_autofree char *fingerprint = kh_seal_key_fingerprint (pub);

      printf (_("%s: %d sealed and signed with key %s\n"), name, year, fingerprint);
      return KH_CLI_OK;
    }
  printf (_("%s: %d sealed\n"), name, year);
  return KH_CLI_OK;
}
