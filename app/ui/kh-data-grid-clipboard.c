/* kh-data-grid-clipboard.c — the Data page's grid and the clipboard: Ctrl+C copies the
 * selected cells as tab-separated values, Ctrl+V pastes such a block at the selected cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A paste is one import (kh_document_import_records_full: one transaction, one undo
 * step, the values' provenance "clipboard"). Cells that cannot go in — not a number, or
 * beyond the grid's last row or column — are left out and named in one message; the
 * others go in. A sealed year takes none.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "io/kh-table.h"
#include "kh-data-grid.h"
#include "kh-data-view-private.h"
#include "kh-ui.h"

/* At most this many refused cells are named; the others are counted. */
#define REFUSED_LISTED 3

static char *
unit_name (KhDataView *self,
           const char *unit_id)
{
  KhDataset *dataset = kh_document_get_dataset (self->document);
  guint unit = dataset != NULL ? kh_dataset_find_unit (dataset, unit_id) : KH_DATASET_NONE;
  const char *name = unit != KH_DATASET_NONE ? kh_dataset_get_unit_name (dataset, unit) : NULL;

  return g_strdup (name != NULL ? name : unit_id);
}

static char *
refused_text (GPtrArray *refused)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < refused->len && i < REFUSED_LISTED; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the refused cells of a paste */
        g_string_append (list, _("; "));
      g_string_append (list, refused->pdata[i]);
    }
  if (refused->len > REFUSED_LISTED)
    {
      guint more = refused->len - REFUSED_LISTED;
      /* TRANSLATORS: after the first refused cells of a paste, how many others */
      g_autofree char *rest = g_strdup_printf (ngettext ("; and %u more", "; and %u more", more),
                                               more);

      g_string_append (list, rest);
    }
  return g_strdup_printf (ngettext ("%u pasted cell was not applied: %s",
                                    "%u pasted cells were not applied: %s", refused->len),
                          refused->len, list->str);
}

gboolean
kh_data_view_paste_text (KhDataView *self,
                         const char *unit_id,
                         const char *field,
                         const char *text,
                         guint      *n_changed,
                         char      **refused_message,
                         GError    **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
  KhRecordSet *set;
  guint top, left, n_rows, n_records = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL && text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_changed != NULL)
    *n_changed = 0;
  if (refused_message != NULL)
    *refused_message = NULL;
  n_rows = kh_data_view_get_n_rows (self); /* the rows as they are now */
  if (self->document == NULL || kh_document_get_framework (self->document) == NULL)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                           _("No year with a framework is open"));
      return FALSE;
    }
  if (kh_document_get_read_only_login (self->document) != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("The login “%s” may only read this project: nothing was pasted"),
                   kh_document_get_read_only_login (self->document));
      return FALSE;
    }
  if (kh_document_is_sealed (self->document))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("The year %d is sealed: nothing was pasted"),
                   kh_document_get_year (self->document));
      return FALSE;
    }
  top = kh_data_grid_row_of (self, unit_id);
  left = kh_data_grid_column_of (self, field);
  if (top == G_MAXUINT || left == G_MAXUINT)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s · %s is not shown: nothing was pasted"), unit_id, field);
      return FALSE;
    }
  /* An edit in progress goes in first, as its own step. */
  kh_ui_edit_cells_finish (GTK_WIDGET (self));

  rows = kh_data_grid_parse_tsv (text);
  set = kh_record_set_new (KH_TABLE_WIDE, "UTF-8");
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *cells = rows->pdata[r];

      for (guint c = 0; c < cells->len; c++)
        {
          g_autofree char *cell = g_strstrip (g_strdup (cells->pdata[c]));
          g_autoptr (GtkStringObject) item = NULL;
          const char *target, *to_field;
          double value;

          if (top + r >= n_rows || left + c >= self->fields->len)
            {
              g_ptr_array_add (refused,
                               g_strdup_printf (_("row %u, column %u of the pasted cells: "
                                                  "beyond the grid"),
                                                r + 1, c + 1));
              continue;
            }
          item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), top + r);
          target = gtk_string_object_get_string (item);
          to_field = self->fields->pdata[left + c];
          if (strcmp (cell, "—") == 0)
            value = NAN;
          else if (!kh_table_parse_number (cell, &value) || (!isnan (value) && !isfinite (value)))
            {
              g_autofree char *name = unit_name (self, target);
              g_autofree char *title = kh_data_view_field_title (self, to_field);

              g_ptr_array_add (refused,
                               /* TRANSLATORS: a refused cell of a paste: the unit, the field
                                * and the text pasted */
                               g_strdup_printf (_("%s · %s: “%s” is not a number"), name, title,
                                                cell));
              continue;
            }
          kh_record_set_add (set, r + 1, c + 1, target, 0, to_field, value);
          n_records++;
        }
    }
  if (n_records > 0)
    /* TRANSLATORS: the source of pasted values, in their provenance and the undo label */
    ok = kh_document_import_records_full (self->document, set, _("clipboard"), n_changed, error);
  kh_record_set_free (set);
  if (!ok)
    return FALSE;
  if (refused->len > 0 && refused_message != NULL)
    *refused_message = refused_text (refused);
  return TRUE;
}

/* Ctrl+V: the clipboard's text, read asynchronously, pasted where the selection was. */
typedef struct
{
  GWeakRef view;
  char *unit;
  char *field;
  guint epoch;
} PasteRequest;

static void
paste_request_free (PasteRequest *request)
{
  g_weak_ref_clear (&request->view);
  g_free (request->unit);
  g_free (request->field);
  g_free (request);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PasteRequest *request = user_data;
  g_autoptr (KhDataView) self = g_weak_ref_get (&request->view);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autofree char *refused = NULL;

  if (self == NULL)
    ;
  else if (text == NULL)
    kh_data_view_message (self, error != NULL ? error->message
                                              : _("The clipboard holds no text to paste"));
  else if (request->epoch != self->epoch)
    kh_data_view_message (self, _("Nothing was pasted: another year is open now"));
  else if (!kh_data_view_paste_text (self, request->unit, request->field, text, NULL, &refused,
                                     &error))
    kh_data_view_message (self, error->message);
  else if (refused != NULL)
    kh_data_view_message (self, refused);
  if (self != NULL)
    self->pastes_pending--;
  paste_request_free (request);
}

void
kh_data_grid_paste (KhDataView *self,
                    GtkWidget  *cell)
{
  PasteRequest *request = g_new0 (PasteRequest, 1);

  g_weak_ref_init (&request->view, self);
  request->unit = g_strdup (kh_ui_edit_cell_get_target (cell));
  request->field = g_strdup (g_object_get_data (G_OBJECT (cell), "kh-field"));
  request->epoch = self->epoch;
  self->pastes_pending++;
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (cell), NULL, clipboard_read_cb,
                                 request);
}

guint
kh_data_view_get_pastes_pending (KhDataView *self)
{
  g_return_val_if_fail (KH_IS_DATA_VIEW (self), 0);
  return self->pastes_pending;
}

/* Copy ------------------------------------------------------------------------------------ */

char *
kh_data_view_copy_text (KhDataView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  guint rows[2], columns[2];
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (KH_IS_DATA_VIEW (self), NULL);

  while (focus != NULL && !GTK_IS_EDITABLE_LABEL (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self))
      || kh_ui_edit_cell_get_target (focus) == NULL)
    return NULL;
  rows[0] = rows[1] = kh_data_grid_row_of (self, kh_ui_edit_cell_get_target (focus));
  columns[0] = columns[1] = kh_data_grid_column_of (self, g_object_get_data (G_OBJECT (focus),
                                                                             "kh-field"));
  if (self->range_unit != NULL)
    {
      rows[1] = kh_data_grid_row_of (self, self->range_unit);
      columns[1] = kh_data_grid_column_of (self, self->range_field);
    }
  if (rows[0] == G_MAXUINT || rows[1] == G_MAXUINT || columns[0] == G_MAXUINT
      || columns[1] == G_MAXUINT)
    return NULL;
  for (guint r = MIN (rows[0], rows[1]); r <= MAX (rows[0], rows[1]); r++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), r);

      for (guint c = MIN (columns[0], columns[1]); c <= MAX (columns[0], columns[1]); c++)
        {
          const char *field = self->fields->pdata[c];
          KhDataset *dataset = kh_document_get_dataset (self->document);
          guint u = kh_dataset_find_unit (dataset, gtk_string_object_get_string (item));
          guint f = kh_dataset_find_field (dataset, field);
          double value = u != KH_DATASET_NONE && f != KH_DATASET_NONE
                           ? kh_dataset_get (dataset, u, f) : NAN;
          g_autofree char *shown = NULL;

          if (c > MIN (columns[0], columns[1]))
            g_string_append_c (out, '\t');
          /* What the cell shows, a missing value as an empty cell. */
          if (!isnan (value))
            {
              shown = kh_data_view_format_cell (self, gtk_string_object_get_string (item), field);
              g_string_append (out, shown);
            }
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
kh_data_grid_copy (KhDataView *self)
{
  g_autofree char *text = kh_data_view_copy_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}
