/* kh-cli-status.c — `kaohe-cli status`: what each data provider has delivered for a year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli status PROJECT --year Y [--format text|csv]
 *
 * Text: per provider (a field's `source`) its fields, the cells asked (unit × field where
 * the field applies), how many were delivered and how many hold a value, when the last
 * arrived and from which files; then per unit how many of its cells hold a value, the
 * incomplete ones with the providers still owing. csv: one line per cell asked —
 * provider,unit,name,field,state,file,at — state filled, missing (delivered as missing)
 * or not-delivered. kh_project_get_submissions() says what counts. The text ends with the
 * year's values flagged for confirmation (io/kh-project-plausibility.h), open and
 * confirmed. The project is only read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "io/kh-project-plausibility.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_status (int    argc,
                   char **argv);

static void
append_share (GString *out,
              guint    part,
              guint    whole)
{
  g_string_append_printf (out, "%u (", part);
  kh_cli_append_fixed (out, whole > 0 ? 100.0 * part / whole : 0.0, 1);
  g_string_append (out, " %)");
}

static const char *
provider_label (const char *provider)
{
  return provider[0] != '\0' ? provider : _("(no provider declared)");
}

static void
write_text (GString             *out,
            int                  year,
            const KhSubmissions *s)
{
  guint complete = 0;

  g_string_append_printf (out, _("%d: %u providers, %u units\n"), year, s->providers->len,
                          s->units->len);
  for (guint i = 0; i < s->providers->len; i++)
    {
      const KhProviderStatus *p = s->providers->pdata[i];

      g_string_append_printf (out, _("%s: %u fields, %u cells; delivered "),
                              provider_label (p->provider), p->n_fields, p->expected);
      append_share (out, p->delivered, p->expected);
      g_string_append (out, _(", with a value "));
      append_share (out, p->filled, p->expected);
      if (p->last_at != NULL)
        g_string_append_printf (out, _("; last %s"), p->last_at);
      if (p->files->len > 0)
        {
          g_ptr_array_add (p->files, NULL);
          {
            g_autofree char *files = g_strjoinv (", ", (char **) p->files->pdata);

            g_string_append_printf (out, _(" from %s"), files);
          }
          g_ptr_array_remove_index (p->files, p->files->len - 1);
        }
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < s->units->len; i++)
    complete += ((const KhUnitStatus *) s->units->pdata[i])->filled
                == ((const KhUnitStatus *) s->units->pdata[i])->expected;
  g_string_append_printf (out, _("Units complete: %u of %u\n"), complete, s->units->len);
  for (guint i = 0; i < s->units->len; i++)
    {
      const KhUnitStatus *u = s->units->pdata[i];

      if (u->filled == u->expected)
        continue;
      g_string_append_printf (out, _("  %s (%s): %u of %u with a value; owing: "), u->name,
                              u->unit_id, u->filled, u->expected);
      for (guint j = 0; j < u->missing->len; j++)
        {
          if (j > 0)
            g_string_append (out, ", ");
          g_string_append (out, provider_label (u->missing->pdata[j]));
        }
      g_string_append_c (out, '\n');
    }
}

gboolean
kh_cli_append_value_flags (GString   *out,
                           KhProject *project,
                           int        year,
                           gboolean   with_confirmed,
                           GError   **error)
{
  g_autoptr (GPtrArray) flags = kh_project_get_value_flags (project, year, error);
  guint open = 0, confirmed = 0;

  if (flags == NULL)
    return FALSE;
  for (guint i = 0; i < flags->len; i++)
    if (((KhValueFlag *) flags->pdata[i])->confirmed_by == NULL)
      open++;
  confirmed = flags->len - open;
  if (open == 0 && (!with_confirmed || confirmed == 0))
    return TRUE;
  if (with_confirmed)
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%d: %u value flagged for confirmation, %u confirmed\n",
                                         "%d: %u values flagged for confirmation, %u confirmed\n",
                                         flags->len),
                            year, flags->len, confirmed);
  else
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%d: %u value flagged for confirmation (stored, not "
                                         "refused):\n",
                                         "%d: %u values flagged for confirmation (stored, not "
                                         "refused):\n",
                                         open),
                            year, open);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];
      g_autofree char *why = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (flag->confirmed_by != NULL && !with_confirmed)
        continue;
      why = kh_value_flag_describe (flag);
      /* TRANSLATORS: a flagged value: unit name (id) · field = value: why */
      g_string_append_printf (out, _("  %s (%s) · %s = %s: %s"), flag->unit_name, flag->unit_id,
                              flag->field,
                              g_ascii_formatd (number, sizeof number, "%.10g", flag->value), why);
      if (flag->confirmed_by != NULL)
        g_string_append_printf (out, _("; confirmed by %s at %s"), flag->confirmed_by,
                                flag->confirmed_at);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}

static void
write_csv (GString             *out,
           const KhSubmissions *s)
{
  static const char *const states[] = { "not-delivered", "missing", "filled" };
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < s->units->len; i++)
    {
      const KhUnitStatus *u = s->units->pdata[i];

      g_hash_table_insert (names, u->unit_id, u->name);
    }
  g_string_append (out, "provider,unit,name,field,state,file,at\n");
  for (guint i = 0; i < s->cells->len; i++)
    {
      const KhSubmission *c = s->cells->pdata[i];

      kh_cli_append_csv_field (out, c->provider);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, c->unit_id);
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, g_hash_table_lookup (names, c->unit_id));
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, c->field);
      g_string_append_printf (out, ",%s,", states[c->state]);
      kh_cli_append_csv_field (out, c->file != NULL ? c->file : "");
      g_string_append_c (out, ',');
      kh_cli_append_csv_field (out, c->at != NULL ? c->at : "");
      g_string_append_c (out, '\n');
    }
}

int
kh_cli_status (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("PROJECT"));
  g_autofree char *format = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year"), N_("Y") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or csv (a line per cell asked)"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhSubmissions) submissions = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context, _("What each data provider has delivered for a year: "
                                           "per provider the cells asked, delivered and with a "
                                           "value, when and from which files; per unit what "
                                           "is still owed and by whom."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "csv") != 0)
    return kh_cli_usage_error (context, _("unknown format “%s” (text or csv)"), format);
  if (argc != 2)
    return kh_cli_usage_error (context, "%s", _("give one project"));
  if (year == 0)
    return kh_cli_usage_error (context, "%s", _("give the year with --year"));

  project = kh_project_open_readonly (argv[1], &error);
  if (project != NULL)
    submissions = kh_project_get_submissions (project, year, &error);
  if (submissions == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  if (g_strcmp0 (format, "csv") == 0)
    write_csv (out, submissions);
  else
    {
      write_text (out, year, submissions);
      if (!kh_cli_append_value_flags (out, project, year, TRUE, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return KH_CLI_FAILED;
        }
    }
  if (!kh_cli_write_output (NULL, out, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
