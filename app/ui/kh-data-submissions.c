/* kh-data-submissions.c — the Data page's Submissions: what each provider delivered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of kh-data-view.c (no change in what it says) to keep that file under 800
 * lines.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-project.h"
#include "kh-data-view.h"

static void
append_percent (GString *out,
                guint    part,
                guint    whole)
{
  g_string_append_printf (out, "%.1f", whole > 0 ? 100.0 * part / whole : 0.0);
}

/* What each provider delivered for the year shown and what each unit still owes, as
 * kh_project_get_submissions() says (what `kaohe-cli status` prints). */
char *
kh_data_submissions_text (KhDocument *document)
{
  g_autoptr (KhSubmissions) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  guint complete = 0;

  if (document == NULL || kh_document_get_framework (document) == NULL)
    return g_strdup (_("No year is open."));
  s = kh_project_get_submissions (kh_document_get_project (document),
                                  kh_document_get_year (document), &error);
  if (s == NULL)
    return g_strdup (error->message);
  for (guint i = 0; i < s->providers->len; i++)
    {
      const KhProviderStatus *p = s->providers->pdata[i];
      g_autofree char *line = NULL;

      line = g_strdup_printf (_("%s: %u of %u cells with a value ("),
                              p->provider[0] != '\0' ? p->provider : _("(no provider declared)"),
                              p->filled, p->expected);
      g_string_append (out, line);
      append_percent (out, p->filled, p->expected);
      g_string_append (out, " %)");
      if (p->last_at != NULL)
        g_string_append_printf (out, _(", last %s"), p->last_at);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < s->units->len; i++)
    {
      const KhUnitStatus *u = s->units->pdata[i];

      complete += u->filled == u->expected;
    }
  g_string_append_printf (out, _("Units complete: %u of %u"), complete, s->units->len);
  for (guint i = 0; i < s->units->len; i++)
    {
      const KhUnitStatus *u = s->units->pdata[i];

      if (u->filled == u->expected)
        continue;
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("%s: %u of %u, owing: "), u->name, u->filled, u->expected);
      for (guint j = 0; j < u->missing->len; j++)
        {
          const char *provider = u->missing->pdata[j];

          if (j > 0)
            g_string_append (out, ", ");
          g_string_append (out, provider[0] != '\0' ? provider : _("(no provider declared)"));
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

