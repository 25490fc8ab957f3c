/* kh-data-flags.c — the Data page's values flagged for confirmation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-data-flags.h"
#include "kh-ui.h"

struct _KhDataFlags
{
  GPtrArray *flags;   /* of KhValueFlag* */
  GHashTable *by_key; /* "unit TAB field" → KhValueFlag* (borrowed) */
};

KhDataFlags *
kh_data_flags_new (void)
{
  KhDataFlags *self = g_new0 (KhDataFlags, 1);

  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_flag_free);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
kh_data_flags_free (KhDataFlags *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->flags);
  g_free (self);
}

/* By category, field and unit id: the order of kh_project_get_value_flags() (a year's
 * values are read by unit id and field) whichever field was read again last. */
static int
compare_flags (gconstpointer a,
               gconstpointer b)
{
  const KhValueFlag *x = *(KhValueFlag *const *) a, *y = *(KhValueFlag *const *) b;
  int c = g_strcmp0 (x->category, y->category);

  if (c == 0)
    c = g_strcmp0 (x->field, y->field);
  return c != 0 ? c : g_strcmp0 (x->unit_id, y->unit_id);
}

static void
add_flags (KhDataFlags *self,
           GPtrArray   *flags)
{
  for (guint i = 0; i < flags->len; i++)
    {
      KhValueFlag *flag = flags->pdata[i];

      g_hash_table_replace (self->by_key, g_strdup_printf ("%s\t%s", flag->unit_id, flag->field),
                            flag);
    }
  g_ptr_array_extend_and_steal (self->flags, flags);
  g_ptr_array_sort (self->flags, compare_flags);
}

gboolean
kh_data_flags_load (KhDataFlags *self,
                    KhDocument  *document,
                    GError     **error)
{
  g_autoptr (GPtrArray) flags = NULL;

  g_hash_table_remove_all (self->by_key);
  g_ptr_array_set_size (self->flags, 0);
  if (document == NULL || kh_document_get_framework (document) == NULL)
    return TRUE;
  /* The page shows one category: its flags only. */
  if (kh_document_get_category (document) != NULL)
    flags = kh_project_get_category_value_flags (kh_document_get_project (document),
                                                 kh_document_get_year (document),
                                                 kh_document_get_category (document), error);
  else
    flags = kh_project_get_value_flags (kh_document_get_project (document),
                                        kh_document_get_year (document), error);
  if (flags == NULL)
    return FALSE;
  add_flags (self, g_steal_pointer (&flags));
  return TRUE;
}

gboolean
kh_data_flags_load_field (KhDataFlags *self,
                          KhDocument  *document,
                          const char  *field,
                          GError     **error)
{
  g_autoptr (GPtrArray) flags = NULL;
  guint kept = 0;

  if (document == NULL || kh_document_get_framework (document) == NULL)
    return kh_data_flags_load (self, document, error);
  flags = kh_project_get_field_value_flags (kh_document_get_project (document),
                                            kh_document_get_year (document),
                                            kh_document_get_category (document), field, error);
  if (flags == NULL)
    return FALSE;
  /* the field's flags as they were go; the others stay, in their order */
  for (guint i = 0; i < self->flags->len; i++)
    {
      KhValueFlag *flag = self->flags->pdata[i];

      if (g_strcmp0 (flag->field, field) == 0)
        {
          g_autofree char *key = g_strdup_printf ("%s\t%s", flag->unit_id, flag->field);

          g_hash_table_remove (self->by_key, key);
          kh_value_flag_free (flag);
        }
      else
        self->flags->pdata[kept++] = flag;
    }
  self->flags->len = kept;
  add_flags (self, g_steal_pointer (&flags));
  return TRUE;
}

const KhValueFlag *
kh_data_flags_lookup (KhDataFlags *self,
                      const char  *unit_id,
                      const char  *field)
{
  g_autofree char *key = NULL;

  if (g_hash_table_size (self->by_key) == 0)
    return NULL;
  key = g_strdup_printf ("%s\t%s", unit_id, field);
  return g_hash_table_lookup (self->by_key, key);
}

GPtrArray *
kh_data_flags_get_all (KhDataFlags *self)
{
  return self->flags;
}

guint
kh_data_flags_get_n_open (KhDataFlags *self)
{
  guint open = 0;

  for (guint i = 0; i < self->flags->len; i++)
    open += ((KhValueFlag *) self->flags->pdata[i])->confirmed_by == NULL;
  return open;
}

char *
kh_data_flags_describe (const KhValueFlag *flag)
{
  g_autofree char *why = kh_value_flag_describe (flag);

  if (flag->confirmed_by != NULL)
    /* TRANSLATORS: a confirmed value's tooltip: why it was flagged, who confirmed it, when */
    return g_strdup_printf (_("Flagged: %s. Confirmed by %s at %s"), why, flag->confirmed_by,
                            flag->confirmed_at);
  /* TRANSLATORS: a flagged value's tooltip: why it was flagged */
  return g_strdup_printf (_("Flagged for confirmation: %s"), why);
}

/* The field's name in the reader's language, else its id. */
static const char *
field_name (KhFramework *fw,
            const char  *field)
{
  KhNode *node = fw != NULL ? kh_framework_find_node (fw, field) : NULL;

  if (node != NULL)
    return kh_text_get (&node->name, kh_ui_get_lang ());
  for (guint i = 0; fw != NULL && fw->variables != NULL && i < fw->variables->len; i++)
    {
      KhVariable *v = g_ptr_array_index (fw->variables, i);

      if (g_strcmp0 (v->id, field) == 0)
        return kh_text_get (&v->name, kh_ui_get_lang ());
    }
  return field;
}

void
kh_data_flags_fill_list (KhDataFlags *self,
                         KhFramework *fw,
                         GtkListBox  *list,
                         gboolean     writable,
                         GCallback    clicked,
                         gpointer     data)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; i < self->flags->len; i++)
    {
      const KhValueFlag *flag = self->flags->pdata[i];
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *button;
      g_autofree char *why = kh_data_flags_describe (flag);
      g_autofree char *text = NULL;
      const char *name = field_name (fw, flag->field);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* TRANSLATORS: a flagged value in the Data page's list: unit · field = value, then why */
      text = g_strdup_printf (_("%s · %s = %s\n%s"), flag->unit_name, name != NULL ? name : flag->field,
                              g_ascii_formatd (number, sizeof number, "%.10g", flag->value), why);
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 48);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 64);
      gtk_widget_set_hexpand (label, TRUE);
      button = gtk_button_new_with_mnemonic (flag->confirmed_by == NULL ? _("_Confirm")
                                                                         : _("Take _Back"));
      gtk_widget_set_name (button, flag->confirmed_by == NULL ? "kh-flag-confirm"
                                                              : "kh-flag-unconfirm");
      gtk_widget_set_tooltip_text (button,
                                   flag->confirmed_by == NULL
                                     ? _("The value is right: record who confirmed it and when")
                                     : _("Take the confirmation back: the value is flagged again"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "kh-unit", g_strdup (flag->unit_id), g_free);
      g_object_set_data_full (G_OBJECT (button), "kh-field", g_strdup (flag->field), g_free);
      g_signal_connect_swapped (button, "clicked", clicked, data);
      /* Not offered when it would only be refused. */
      gtk_widget_set_sensitive (button, writable);
      if (flag->confirmed_by == NULL)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_margin_start (row, 6);
      gtk_widget_set_margin_end (row, 6);
      gtk_widget_set_margin_top (row, 4);
      gtk_widget_set_margin_bottom (row, 4);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_list_box_append (list, row);
    }
}
