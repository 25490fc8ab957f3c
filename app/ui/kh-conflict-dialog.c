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

char *
kh_conflict_dialog_describe_cells (GPtrArray         *conflicts,
                                   const char *const *unit_names,
                                   const char *const *field_names,
                                   gboolean           undo)
{
  GString *text;

  g_return_val_if_fail (conflicts != NULL && conflicts->len > 0, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const KhValueConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *seen = format_value (conflict->seen);
      g_autofree char *current = format_value (conflict->current);
      g_autofree char *wanted = format_value (conflict->wanted);
      g_autofree char *when = format_time (conflict->edited_at);
      const char *who = conflict->edited_by != NULL && *conflict->edited_by != '\0'
                          ? conflict->edited_by
                          : NULL;
      const char *unit = unit_names != NULL && unit_names[i] != NULL ? unit_names[i]
                                                                    : conflict->unit_id;
      const char *field = field_names != NULL && field_names[i] != NULL ? field_names[i]
                                                                       : conflict->field;

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s · %s, %d"), unit, field, conflict->year);
      g_string_append (text, ": ");
      /* TRANSLATORS: one cell of a conflict of many: the value the step left (the edit
       * saw), the newer one with who stored it and when, the value it would write */
      g_string_append_printf (text, undo ? _("left %s, now %s (%s, %s), would write %s")
                                         : _("saw %s, now %s (%s, %s), yours %s"),
                              seen, current, who != NULL ? who : _("someone else"),
                              when != NULL ? when : "?", wanted);
    }
  return g_string_free (text, FALSE);
}

/* One conflict dialog at a time per window (issue 19): the questions asked while one is
 * open wait in the window's queue, in the order asked, and are presented one by one as
 * each is answered. */
#define QUEUE_KEY "kh-conflict-queue"

typedef struct
{
  GtkWindow *parent; /* weak */
  GtkWidget *open;   /* the dialog presented, weak; NULL: none */
  GQueue pending;    /* of Asking */
} Queue;

typedef struct
{
  GPtrArray *conflicts; /* KhValueConflict, copies */
  GStrv unit_names;
  GStrv field_names;
  gboolean undo;
  KhConflictAnswer answer;
  gpointer user_data;
  GDestroyNotify destroy;
  Queue *queue; /* NULL: no parent */
} Asking;

static void
asking_free (Asking *asking)
{
  if (asking->destroy != NULL)
    asking->destroy (asking->user_data);
  g_clear_pointer (&asking->conflicts, g_ptr_array_unref);
  g_strfreev (asking->unit_names);
  g_strfreev (asking->field_names);
  g_free (asking);
}

static void
asking_closure_free (gpointer  data,
                     GClosure *closure)
{
  asking_free (data);
}

static void
queue_drop (Queue *queue)
{
  Asking *asking;

  while ((asking = g_queue_pop_head (&queue->pending)) != NULL)
    asking_free (asking);
}

static void
queue_free (gpointer data)
{
  Queue *queue = data;

  queue_drop (queue);
  if (queue->open != NULL)
    g_object_remove_weak_pointer (G_OBJECT (queue->open), (gpointer *) &queue->open);
  g_free (queue);
}

/* A window destroyed drops what it had still to ask: nobody answers it. */
static void
parent_destroy_cb (GtkWindow *parent,
                   Queue     *queue)
{
  queue_drop (queue);
}

static Queue *
parent_queue (GtkWindow *parent)
{
  Queue *queue;

  if (parent == NULL)
    return NULL;
  queue = g_object_get_data (G_OBJECT (parent), QUEUE_KEY);
  if (queue == NULL)
    {
      queue = g_new0 (Queue, 1);
      queue->parent = parent;
      g_queue_init (&queue->pending);
      g_object_set_data_full (G_OBJECT (parent), QUEUE_KEY, queue, queue_free);
      g_signal_connect (parent, "destroy", G_CALLBACK (parent_destroy_cb), queue);
    }
  return queue;
}

static GtkWidget *present_asking (Asking *asking);

static void
set_open (Queue     *queue,
          GtkWidget *dialog)
{
  if (queue->open != NULL)
    g_object_remove_weak_pointer (G_OBJECT (queue->open), (gpointer *) &queue->open);
  queue->open = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &queue->open);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Asking           *asking)
{
  Queue *queue = asking->queue;

  if (queue != NULL && queue->open == GTK_WIDGET (dialog))
    set_open (queue, NULL);
  /* The answer may ask again (an overwrite that conflicts anew): then that is open. */
  asking->answer (g_strcmp0 (response, "mine") == 0, asking->user_data);
  if (queue != NULL && queue->open == NULL && !g_queue_is_empty (&queue->pending))
    present_asking (g_queue_pop_head (&queue->pending));
}

/* The one cell's text, or the cells' list below a summary. */
static GtkWidget *
present_asking (Asking *asking)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWindow *parent = asking->queue != NULL ? asking->queue->parent : NULL;
  guint n = asking->conflicts->len;

  if (n == 1)
    body = kh_conflict_dialog_describe (g_ptr_array_index (asking->conflicts, 0),
                                        asking->unit_names[0], asking->field_names[0],
                                        asking->undo);
  else
    {
      g_autofree char *summary =
        g_strdup_printf (asking->undo
                           ? g_dngettext (GETTEXT_PACKAGE,
                                          "%u value this step changed was changed by someone "
                                          "else since.",
                                          "%u values this step changed were changed by "
                                          "someone else since.",
                                          n)
                           : g_dngettext (GETTEXT_PACKAGE,
                                          "%u value was changed by someone else since you "
                                          "saw it.",
                                          "%u values were changed by someone else since you "
                                          "saw them.",
                                          n),
                         n);

      body = g_strdup_printf ("%s\n\n%s", summary,
                              _("Keep their values, or overwrite them with yours?"));
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent,
                                                       n == 1
                                                         ? _("Someone Else Changed This Value")
                                                         : _("Someone Else Changed These Values"),
                                                       body));
  if (n > 1)
    {
      g_autofree char *cells = kh_conflict_dialog_describe_cells (asking->conflicts,
                                                                  (const char *const *) asking->unit_names,
                                                                  (const char *const *) asking->field_names,
                                                                  asking->undo);
      GtkWidget *label = gtk_label_new (cells);
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "conflict-cells");
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      /* A wrapped label's natural height is not known before its width: room for about
       * two lines per cell, five cells at most, the rest scrolled. */
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                                  (int) MIN (n, 5) * 44);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      adw_message_dialog_set_extra_child (dialog, scrolled);
    }
  adw_message_dialog_add_responses (dialog, "theirs", _("_Keep Theirs"), "mine",
                                    _("_Overwrite with Mine"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "mine", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "theirs");
  adw_message_dialog_set_close_response (dialog, "theirs");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), asking,
                         asking_closure_free, 0);
  if (asking->queue != NULL)
    set_open (asking->queue, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static GStrv
copy_names (const char *const *names,
            guint              n)
{
  GStrv copy = g_new0 (char *, n + 1);

  for (guint i = 0; names != NULL && i < n; i++)
    copy[i] = g_strdup (names[i]);
  return copy;
}

static KhValueConflict *
conflict_copy (const KhValueConflict *conflict)
{
  KhValueConflict *copy = g_memdup2 (conflict, sizeof *conflict);

  copy->unit_id = g_strdup (conflict->unit_id);
  copy->field = g_strdup (conflict->field);
  copy->edited_by = g_strdup (conflict->edited_by);
  copy->edited_at = g_strdup (conflict->edited_at);
  return copy;
}

GtkWidget *
kh_conflict_dialog_present_cells (GtkWindow         *parent,
                                  GPtrArray         *conflicts,
                                  const char *const *unit_names,
                                  const char *const *field_names,
                                  gboolean           undo,
                                  KhConflictAnswer   answer,
                                  gpointer           user_data,
                                  GDestroyNotify     destroy)
{
  Asking *asking;

  g_return_val_if_fail (conflicts != NULL && conflicts->len > 0 && answer != NULL, NULL);

  asking = g_new0 (Asking, 1);
  asking->conflicts = g_ptr_array_new_full (conflicts->len,
                                            (GDestroyNotify) kh_value_conflict_free);
  for (guint i = 0; i < conflicts->len; i++)
    g_ptr_array_add (asking->conflicts, conflict_copy (g_ptr_array_index (conflicts, i)));
  asking->unit_names = copy_names (unit_names, conflicts->len);
  asking->field_names = copy_names (field_names, conflicts->len);
  asking->undo = undo;
  asking->answer = answer;
  asking->user_data = user_data;
  asking->destroy = destroy;
  asking->queue = parent_queue (parent);
  if (asking->queue != NULL && asking->queue->open != NULL)
    {
      g_queue_push_tail (&asking->queue->pending, asking);
      return NULL;
    }
  return present_asking (asking);
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
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  const char *units[] = { unit_name, NULL };
  const char *fields[] = { field_name, NULL };

  g_return_val_if_fail (conflict != NULL && answer != NULL, NULL);

  g_ptr_array_add (one, (gpointer) conflict);
  return kh_conflict_dialog_present_cells (parent, one, units, fields, undo, answer, user_data,
                                           destroy);
}

guint
kh_conflict_dialog_get_n_waiting (GtkWindow *parent)
{
  Queue *queue;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), 0);
  queue = g_object_get_data (G_OBJECT (parent), QUEUE_KEY);
  return queue != NULL ? g_queue_get_length (&queue->pending) : 0;
}
