/* kh-conflict-dialog.c — the question an edit asks when another writer changed its cell:
 * keep theirs or overwrite with mine (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-conflict-dialog.h"

static char *
format_value (double value)
{
  if (isnan (value))
    /* TRANSLATORS: a cell with no value, in the conflict dialog */
    return g_strdup (_("empty"));
  return g_strdup_printf ("%.10g", value);
}

/* @at (ISO 8601, UTC) in local time, to the minute; @at itself when it does not parse. */
static char *
format_time (const char *at)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_utc ();

  if (at == NULL || *at == '\0')
    return NULL;
  utc = g_date_time_new_from_iso8601 (at, tz);
  if (utc == NULL)
    return g_strdup (at);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
kh_conflict_dialog_describe (const KhValueConflict *conflict,
                             const char            *unit_name,
                             const char            *field_name,
                             gboolean               undo)
{
  g_autofree char *seen = NULL;
  g_autofree char *current = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *when = NULL;
  g_autofree char *cell = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *base = NULL;
  g_autofree char *mine = NULL;
  const char *who;

  g_return_val_if_fail (conflict != NULL, NULL);

  seen = format_value (conflict->seen);
  current = format_value (conflict->current);
  wanted = format_value (conflict->wanted);
  when = format_time (conflict->edited_at);
  who = conflict->edited_by != NULL && *conflict->edited_by != '\0' ? conflict->edited_by : NULL;
  /* TRANSLATORS: the cell of a conflict: unit · field, year */
  cell = g_strdup_printf (_("%s · %s, %d"), unit_name != NULL ? unit_name : conflict->unit_id,
                          field_name != NULL ? field_name : conflict->field, conflict->year);
  if (who != NULL && when != NULL)
    /* TRANSLATORS: the newer value of a conflict, who stored it, when */
    newer = g_strdup_printf (_("Now: %s, stored by %s at %s"), current, who, when);
  else if (who != NULL)
    newer = g_strdup_printf (_("Now: %s, stored by %s"), current, who);
  else
    newer = g_strdup_printf (_("Now: %s, stored by someone else"), current);
  if (undo)
    {
      /* TRANSLATORS: conflict dialog of an undo or redo: the value the step left */
      base = g_strdup_printf (_("Your edit left: %s"), seen);
      /* TRANSLATORS: conflict dialog of an undo or redo: the value it would write */
      mine = g_strdup_printf (_("Undo or redo would write: %s"), wanted);
    }
  else
    {
      /* TRANSLATORS: conflict dialog: the value the edit was based on */
      base = g_strdup_printf (_("You saw: %s"), seen);
      /* TRANSLATORS: conflict dialog: the value typed */
      mine = g_strdup_printf (_("Yours: %s"), wanted);
    }
  return g_strdup_printf ("%s\n\n%s\n%s\n%s\n\n%s", cell, base, newer, mine,
                          _("Keep their value, or overwrite it with yours?"));
}

typedef struct
{
  KhConflictAnswer answer;
  gpointer user_data;
  GDestroyNotify destroy;
} Asking;

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Asking           *asking)
{
  asking->answer (g_strcmp0 (response, "mine") == 0, asking->user_data);
}

static void
asking_free (gpointer data,
             GClosure *closure)
{
  Asking *asking = data;

  if (asking->destroy != NULL)
    asking->destroy (asking->user_data);
  g_free (asking);
}

GtkWidget *
kh_conflict_dialog_present (GtkWindow             *parent,
                            const KhValueConflict *conflict,
                            const char            *unit_name,
                            const char            *field_name,
                            gboolean               undo,
                            KhConflictAnswer       answer,
                            gpointer               user_data,
                            GDestroyNotify         destroy)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Asking *asking;

  g_return_val_if_fail (conflict != NULL && answer != NULL, NULL);

  body = kh_conflict_dialog_describe (conflict, unit_name, field_name, undo);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Someone Else Changed This Value"),
                                                       body));
  adw_message_dialog_add_responses (dialog, "theirs", _("_Keep Theirs"), "mine",
                                    _("_Overwrite with Mine"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "mine", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "theirs");
  adw_message_dialog_set_close_response (dialog, "theirs");
  asking = g_new0 (Asking, 1);
  asking->answer = answer;
  asking->user_data = user_data;
  asking->destroy = destroy;
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), asking, asking_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}
