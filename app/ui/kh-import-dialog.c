/* kh-import-dialog.c — importing a CSV or XLSX data file, with a preview first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview lists what the file holds and its problems; the user may assign an ignored
 * column to a field (or ignore a column), which reads the file again and is remembered
 * for the sheet's provider (kh_project_sheet_provider: the same header row) when the file
 * is imported; the next sheet of that provider is read with those choices, and the
 * preview says so. (About 960 lines: the loading, the preview, the column choices and
 * both ways of importing all work on the one dialog's state.)
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-csv.h"
#include "io/kh-framework-xml.h"
#include "io/kh-table.h"
#include "io/kh-xlsx.h"
#include "kh-data-view.h"
#include "kh-import-dialog.h"
#include "kh-ui.h"

typedef struct
{
  KhCsvTable *table;
  KhRecordSet *records;
  GError *error;
  char *provider;        /* the sheet's provider (kh_project_sheet_provider) */
  GHashTable *choices;   /* the column choices applied: header → field id ("" ignored) */
  gboolean remembered;   /* they are the ones remembered for the provider */
} LoadResult;

struct _KhImportDialog
{
  AdwWindow parent_instance;

  KhDocument *document;
  GFile *file;
  GCancellable *cancellable;
  LoadResult *result;
  gboolean loaded;
  GPtrArray *problems;
  guint n_matched_units;
  guint n_matched_fields;
  guint n_changes;
  GtkWidget *target_group; /* while the preview is built */
  GHashTable *remembered;  /* every provider's column choices, from the project */
  GHashTable *choices;     /* this sheet's: header → field id ("" ignored); NULL: none yet */
  gboolean remembered_applied; /* the first reading used the provider's remembered ones */

  /* Template widgets */
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkBox *preview_box;
};

G_DEFINE_FINAL_TYPE (KhImportDialog, kh_import_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->table, kh_csv_table_free);
  g_clear_pointer (&result->records, kh_record_set_free);
  g_clear_error (&result->error);
  g_free (result->provider);
  g_clear_pointer (&result->choices, g_hash_table_unref);
  g_free (result);
}

/* What the loading thread reads: the file, and how its headers map to fields (built on
 * the main thread, which owns the project). */
typedef struct
{
  GFile *file;
  KhTableOptions *options; /* NULL: headers are field ids */
  GHashTable *remembered;  /* provider → column choices (read only here) */
  GHashTable *choices;     /* the user's choices, or NULL: the provider's remembered ones */
} LoadInput;

static void
load_input_free (LoadInput *input)
{
  g_object_unref (input->file);
  g_clear_pointer (&input->options, kh_table_options_free);
  g_clear_pointer (&input->remembered, g_hash_table_unref);
  g_clear_pointer (&input->choices, g_hash_table_unref);
  g_free (input);
}

static GHashTable *
copy_choices (GHashTable *choices)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (choices == NULL)
    return copy;
  g_hash_table_iter_init (&iter, choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

/* The choices the sheet is read with: the user's, else those remembered for its
 * provider (the same header row). */
static void
apply_choices (LoadInput  *input,
               LoadResult *result)
{
  GHashTable *choices = input->choices;

  result->provider = kh_project_sheet_provider (result->table);
  if (input->options == NULL)
    return;
  if (choices == NULL && input->remembered != NULL)
    {
      choices = g_hash_table_lookup (input->remembered, result->provider);
      result->remembered = choices != NULL && g_hash_table_size (choices) > 0;
    }
  if (choices == NULL)
    return;
  result->choices = copy_choices (choices);
  kh_table_options_add_choices (input->options, choices);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadInput *input = task_data;
  GFile *file = input->file;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  LoadResult *result = g_new0 (LoadResult, 1);

  if (path == NULL)
    g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be imported"));
  else if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    result->table = kh_xlsx_read_file (path, NULL, &result->error);
  else
    result->table = kh_csv_read_file (path, NULL, &result->error);

  if (result->table != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      apply_choices (input, result);
      result->records = kh_record_set_from_table_full (result->table, name, input->options,
                                                       &result->error);
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      load_result_free (result);
      g_task_return_error_if_cancelled (task);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static GtkWidget *
add_section (KhImportDialog *self,
             const char     *title,
             const char     *description)
{
  GtkWidget *group = kh_ui_group_new (title, description);

  gtk_box_append (self->preview_box, group);
  return group;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *value,
         const char *icon)
{
  GtkWidget *row = adw_action_row_new ();

  kh_ui_row_set_plain (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      if (strstr (icon, "warning") != NULL || strstr (icon, "error") != NULL)
        gtk_widget_add_css_class (image, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* What the user can do about the problems listed: import the valid rows when that is
 * offered, else fix the file (nothing goes into a sealed year). */
static const char *
problems_advice (KhImportDialog *self)
{
  if (kh_document_is_sealed (self->document))
    return _("Nothing can be imported into a sealed year");
  if (kh_import_dialog_can_commit_partial (self))
    return _("Import Valid Rows imports the other rows and saves these with their problems "
             "to an error file; or fix the file and import it again");
  return _("Fix the file and import it again");
}

/* A unit of any category of the year, by id, name, short name or alias: its category, or
 * NULL. */
static char *
unit_category (KhDocument *document,
               const char *unit)
{
  return kh_project_get_unit_category (kh_document_get_project (document),
                                       kh_document_get_year (document), unit, NULL);
}

/* The data fields of every category's framework of the year (the open category's
 * working copy included): a file may hold several categories. */
static GHashTable *
year_data_fields (KhDocument *document)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *categories = kh_document_get_categories (document);

  for (guint c = 0; c < categories->len; c++)
    {
      const char *category = g_ptr_array_index (categories, c);
      g_autoptr (KhFramework) fw = NULL;
      g_autoptr (GPtrArray) list = NULL;

      if (g_strcmp0 (category, kh_document_get_category (document)) == 0)
        fw = kh_framework_ref (kh_document_get_framework (document));
      else
        {
          g_autofree char *xml = kh_project_get_category_framework_xml (
            kh_document_get_project (document), kh_document_get_year (document), category, NULL);

          if (xml != NULL)
            fw = kh_framework_xml_load_data (xml, strlen (xml), category, NULL);
        }
      if (fw == NULL)
        continue;
      list = kh_framework_data_fields (fw);
      for (guint i = 0; i < list->len; i++)
        g_hash_table_add (fields, g_strdup (g_ptr_array_index (list, i)));
    }
  return fields;
}

/* Units and fields of the records against the year: unmatched ones are problems. */
static void
match_records (KhImportDialog *self,
               GtkWidget      *units_group,
               GtkWidget      *fields_group,
               GHashTable     *categories)
{
  KhRecordSet *records = self->result->records;
  g_autoptr (GHashTable) data_fields = year_data_fields (self->document);
  g_autoptr (GHashTable) units_seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) fields_seen = g_hash_table_new (g_str_hash, g_str_equal);
  int year = kh_document_get_year (self->document);

  for (guint i = 0; i < records->records->len; i++)
    {
      KhRecord *record = &g_array_index (records->records, KhRecord, i);

      if (record->year != 0 && record->year != year)
        g_ptr_array_add (self->problems,
                         g_strdup_printf (_("Row %u, column %u: the year %d is not the year open "
                                            "(%d)"),
                                          record->row, record->column, record->year, year));
      if (!g_hash_table_contains (units_seen, record->unit))
        {
          g_autofree char *category = unit_category (self->document, record->unit);

          g_hash_table_add (units_seen, (gpointer) record->unit);
          if (category != NULL)
            {
              self->n_matched_units++;
              g_hash_table_add (categories, g_steal_pointer (&category));
            }
          else
            {
              g_autofree char *text = g_strdup_printf (_("Row %u: unit “%s” is not in %d"),
                                                       record->row, record->unit, year);

              add_row (units_group, record->unit, _("not matched"), "dialog-warning-symbolic");
              g_ptr_array_add (self->problems, g_steal_pointer (&text));
            }
        }
      if (!g_hash_table_contains (fields_seen, record->field))
        {
          g_hash_table_add (fields_seen, (gpointer) record->field);
          if (g_hash_table_contains (data_fields, record->field))
            self->n_matched_fields++;
          else
            {
              add_row (fields_group, record->field, _("not a data field of the framework"),
                       "dialog-warning-symbolic");
              g_ptr_array_add (self->problems,
                               g_strdup_printf (_("Column %u: “%s” is not a data field of any "
                                                  "framework of %d"),
                                                record->column, record->field, year));
            }
        }
    }
}

/* The year and the categories the values go into. */
static void
add_target_rows (KhImportDialog *self,
                 GtkWidget      *group,
                 GHashTable     *categories)
{
  g_autofree char *year = g_strdup_printf ("%d", kh_document_get_year (self->document));
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  GHashTableIter iter;
  gpointer category;

  g_hash_table_iter_init (&iter, categories);
  while (g_hash_table_iter_next (&iter, &category, NULL))
    g_ptr_array_add (names, (gpointer) kh_ui_category_label (category));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  add_row (group, _("Year"), year, NULL);
  add_row (group, _("Categories"), *joined != '\0' ? joined : _("none"), NULL);
}

static char *
format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

/* Every stored value the import overwrites, old → new, with who entered the old one;
 * and how many values it adds. */
static void
add_changes (KhImportDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = kh_document_preview_import (self->document,
                                                              self->result->records, &error);
  guint n_overwritten = 0, n_shown = 0;
  GtkWidget *group;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (changes == NULL)
    {
      g_ptr_array_add (self->problems, g_strdup (error->message));
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    if (!isnan (((KhValueChange *) changes->pdata[i])->old_value))
      n_overwritten++;
  self->n_changes = changes->len;
  title = g_strdup_printf (ngettext ("%u Stored Value Overwritten", "%u Stored Values Overwritten",
                                     n_overwritten),
                           n_overwritten);
  description = g_strdup_printf (ngettext ("%u value changes in all (the others are new); one "
                                           "undo step",
                                           "%u values change in all (the others are new); one "
                                           "undo step",
                                           changes->len),
                                 changes->len);
  group = add_section (self, title, description);
  gtk_widget_add_css_class (group, "kh-import-changes");
  /* Right below the target: what the import overwrites is what to check first. */
  if (self->target_group != NULL)
    gtk_box_reorder_child_after (self->preview_box, group, self->target_group);
  for (guint i = 0; i < changes->len; i++)
    {
      KhValueChange *change = changes->pdata[i];
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree char *row_title = NULL;
      g_autofree char *value = NULL;
      g_autofree char *by = NULL;
      GtkWidget *row;

      if (isnan (change->old_value))
        continue;
      if (n_shown++ == 200)
        {
          g_autofree char *more = g_strdup_printf (_("… and %u more"), n_overwritten - 200);

          add_row (group, more, NULL, NULL);
          break;
        }
      old_text = format_value (change->old_value);
      new_text = format_value (change->new_value);
      /* TRANSLATORS: a unit, then a data field */
      row_title = g_strdup_printf (_("%s · %s"), change->unit_name != NULL ? change->unit_name
                                                                            : change->unit_id,
                                   change->field);
      value = g_strdup_printf ("%s → %s", old_text, new_text);
      row = add_row (group, row_title, value, NULL);
      by = g_strdup_printf (_("entered by %s at %s"), change->old_by != NULL ? change->old_by : "?",
                            change->old_at != NULL ? change->old_at : "?");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), by);
    }
}

static void start_load (KhImportDialog *self);

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
column_chosen_cb (GObject    *row,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  KhImportDialog *self = user_data;
  const char *header = g_object_get_data (row, "kh-header");
  GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (item == NULL || header == NULL || !self->loaded)
    return;
  if (self->choices == NULL)
    self->choices = copy_choices (NULL);
  g_hash_table_replace (self->choices, g_strdup (header),
                        g_strdup (selected == 0 ? "" : gtk_string_object_get_string (item)));
  self->remembered_applied = FALSE;
  start_load (self);
}

/* A row per ignored column and per column the user chose for: “Ignore” or a data field
 * of the year. The choice reads the file again and is remembered for its provider when
 * the file is imported. */
static void
add_columns_section (KhImportDialog *self)
{
  KhRecordSet *records = self->result->records;
  g_autoptr (GHashTable) fields = year_data_fields (self->document);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  GHashTableIter iter;
  gpointer key;
  GtkWidget *group;

  for (guint i = 0; i < records->ignored->len; i++)
    g_ptr_array_add (headers, g_strdup (records->ignored->pdata[i]));
  if (self->choices != NULL)
    {
      g_hash_table_iter_init (&iter, self->choices);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_ptr_array_find_with_equal_func (headers, key, g_str_equal, NULL))
          g_ptr_array_add (headers, g_strdup (key));
    }
  if (headers->len == 0)
    return;
  group = add_section (self, _("Columns"),
                       self->remembered_applied
                         ? _("As chosen when this provider's sheet (the same headers) was last "
                             "imported")
                         : _("Assign a column to a field, or ignore it; the choice is remembered "
                             "for sheets with the same headers"));
  gtk_widget_add_css_class (group, "kh-import-columns");
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_strings);
  gtk_string_list_append (model, _("Ignore"));
  for (guint i = 0; i < ids->len; i++)
    gtk_string_list_append (model, ids->pdata[i]);
  for (guint h = 0; h < headers->len; h++)
    {
      const char *header = headers->pdata[h];
      const char *chosen = self->choices != NULL ? g_hash_table_lookup (self->choices, header)
                                                 : NULL;
      GtkWidget *row = adw_combo_row_new ();
      guint selected = 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), header);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      for (guint i = 0; chosen != NULL && *chosen != '\0' && i < ids->len; i++)
        if (strcmp (ids->pdata[i], chosen) == 0)
          selected = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data_full (G_OBJECT (row), "kh-header", g_strdup (header), g_free);
      g_signal_connect (row, "notify::selected", G_CALLBACK (column_chosen_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
show_preview (KhImportDialog *self)
{
  LoadResult *result = self->result;
  g_autofree char *name = g_file_get_basename (self->file);
  GtkWidget *group;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box))) != NULL)
    gtk_box_remove (self->preview_box, child);
  g_ptr_array_set_size (self->problems, 0);
  self->n_changes = 0;
  self->n_matched_units = 0;
  self->n_matched_fields = 0;

  group = add_section (self, name, _("Nothing is written until you choose Import"));
  add_row (group, _("Encoding"), result->table != NULL ? result->table->encoding : _("unknown"),
           NULL);
  if (result->table != NULL)
    {
      guint n_rows = kh_csv_table_n_rows (result->table);
      g_autofree char *rows = g_strdup_printf ("%u", n_rows > 0 ? n_rows - 1 : 0);

      add_row (group, _("Data Rows"), rows, NULL);
    }
  if (result->records != NULL)
    {
      g_autofree char *values = g_strdup_printf ("%u", result->records->records->len);

      add_row (group, _("Layout"), result->records->layout == KH_TABLE_WIDE
                                     ? _("Wide: one row per unit")
                                     : _("Long: one row per value"),
               NULL);
      add_row (group, _("Values"), values, NULL);
    }

  /* Rows set aside while reading: problems like any other, one line per row. */
  if (result->records != NULL && result->records->rejected != NULL)
    {
      g_autoptr (GArray) rows = kh_record_set_rejected_rows (result->records);

      for (guint i = 0; i < rows->len; i++)
        {
          guint row = g_array_index (rows, guint, i);
          GString *text = g_hash_table_lookup (result->records->rejected, GUINT_TO_POINTER (row));

          /* TRANSLATORS: the file, a row of it, then where in the row and what is wrong
           * ("column 2: …"), as the other problems of a file are listed */
          g_ptr_array_add (self->problems, g_strdup_printf (_("%s: row %u, %s"), name, row,
                                                            text->str));
        }
    }
  if (result->error != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (result->error->message, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_ptr_array_add (self->problems, g_strdup (lines[i]));
    }
  if (kh_document_is_sealed (self->document))
    g_ptr_array_add (self->problems,
                     g_strdup_printf (_("The year %d is sealed and cannot change"),
                                      kh_document_get_year (self->document)));

  if (result->records != NULL && kh_document_get_framework (self->document) != NULL)
    {
      GtkWidget *target = add_section (self, _("Target"), NULL);
      GtkWidget *units = add_section (self, _("Units"), NULL);
      GtkWidget *fields = add_section (self, _("Fields"), NULL);
      g_autoptr (GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                 NULL);
      g_autofree char *matched_units = NULL;
      g_autofree char *matched_fields = NULL;

      match_records (self, units, fields, categories);
      add_target_rows (self, target, categories);
      self->target_group = target;
      matched_units = g_strdup_printf ("%u", self->n_matched_units);
      matched_fields = g_strdup_printf ("%u", self->n_matched_fields);
      add_row (units, _("Matched"), matched_units, "object-select-symbolic");
      add_row (fields, _("Matched"), matched_fields, "object-select-symbolic");
    }

  if (result->records != NULL && kh_document_get_framework (self->document) != NULL)
    add_columns_section (self);

  if (result->records != NULL && self->problems->len == 0)
    add_changes (self);
  self->target_group = NULL;

  if (self->problems->len > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u Problem", "%u Problems",
                                                          self->problems->len),
                                                self->problems->len);

      group = add_section (self, title, problems_advice (self));
      gtk_widget_add_css_class (group, "kh-import-problems");
      for (guint i = 0; i < self->problems->len; i++)
        add_row (group, g_ptr_array_index (self->problems, i), NULL, "dialog-error-symbolic");
      gtk_box_reorder_child_after (self->preview_box, group,
                                   gtk_widget_get_first_child (GTK_WIDGET (self->preview_box)));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit",
                                 kh_import_dialog_can_commit (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.partial",
                                 kh_import_dialog_can_commit_partial (self));
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (KhImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    return; /* cancelled: the dialog is closing */
  if (self->problems == NULL)
    {
      load_result_free (result); /* closed meanwhile */
      return;
    }
  g_clear_pointer (&self->result, load_result_free);
  self->result = result;
  self->loaded = TRUE;
  if (self->choices == NULL && result->choices != NULL)
    {
      self->choices = copy_choices (result->choices);
      self->remembered_applied = result->remembered;
    }
  gtk_spinner_stop (self->spinner);
  show_preview (self);
}

gboolean
kh_import_dialog_is_loaded (KhImportDialog *self)
{
  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), FALSE);
  return self->loaded;
}

GPtrArray *
kh_import_dialog_get_problems (KhImportDialog *self)
{
  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), NULL);
  return self->problems;
}

gboolean
kh_import_dialog_can_commit (KhImportDialog *self)
{
  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), FALSE);
  return self->loaded && self->result->records != NULL && self->problems->len == 0
         && self->n_matched_units > 0 && self->n_matched_fields > 0;
}

/* The user's column choices, remembered for the sheet's provider before anything is
 * imported (a project setting, audited; not part of the import's undo step). */
static gboolean
remember_choices (KhImportDialog *self,
                  GError        **error)
{
  if (self->choices == NULL || self->result->provider == NULL
      || kh_document_get_project (self->document) == NULL)
    return TRUE;
  return kh_project_remember_column_choices (kh_document_get_project (self->document),
                                             self->result->provider, self->choices, error);
}

gboolean
kh_import_dialog_commit (KhImportDialog *self,
                         GError        **error)
{
  g_autofree char *name = NULL;
  guint n_changed = 0;

  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_import_dialog_can_commit (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file has problems: nothing was imported"));
      return FALSE;
    }
  name = g_file_get_basename (self->file);
  if (!remember_choices (self, error)
      || !kh_document_import_records_full (self->document, self->result->records, name,
                                           &n_changed, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, n_changed);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

gboolean
kh_import_dialog_can_commit_partial (KhImportDialog *self)
{
  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), FALSE);
  return self->loaded && self->result->records != NULL && self->result->table != NULL
         && self->problems->len > 0 && self->result->records->records->len > 0
         && self->n_matched_units > 0 && self->n_matched_fields > 0
         && !kh_document_is_sealed (self->document);
}

gboolean
kh_import_dialog_commit_partial (KhImportDialog *self,
                                 GFile          *error_file,
                                 GError        **error)
{
  KhRecordSet *records;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint n_changed = 0;

  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (error_file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_import_dialog_can_commit_partial (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No valid row to import"));
      return FALSE;
    }
  records = self->result->records;
  name = g_file_get_basename (self->file);
  path = g_file_get_path (error_file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The error file must be a local file"));
      return FALSE;
    }
  /* The project's own check sets aside the rows it refuses (unknown units …); the error
   * file is written before anything is stored, so that no row is lost. */
  if (!remember_choices (self, error)
      || !kh_project_set_aside_rows (kh_document_get_project (self->document),
                                     kh_document_get_year (self->document), records, name, error)
      || !kh_table_write_rejected (self->result->table, records, path, error))
    return FALSE;
  /* The valid rows in one undoable step. */
  if (records->records->len > 0
      && !kh_document_import_records_full (self->document, records, name, &n_changed, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, n_changed);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
error_file_chosen_cb (GtkNativeDialog *chooser,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr (KhImportDialog) self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->problems == NULL)
    return;
  if (!kh_import_dialog_commit_partial (self, file, &error))
    {
      g_clear_error (&self->result->error);
      self->result->error = g_steal_pointer (&error);
      show_preview (self);
    }
}

/* The error file is saved next to the input: NAME-errors.csv, or .xlsx for a workbook. */
static void
partial_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KhImportDialog *self = KH_IMPORT_DIALOG (widget);
  g_autofree char *base = g_file_get_basename (self->file);
  gboolean xlsx = g_str_has_suffix (base, ".xlsx") || g_str_has_suffix (base, ".XLSX");
  char *dot = strrchr (base, '.');
  g_autofree char *suggested = NULL;
  g_autoptr (GFile) folder = g_file_get_parent (self->file);
  GtkFileChooserNative *chooser;

  if (dot != NULL)
    *dot = '\0';
  suggested = g_strdup_printf ("%s-errors.%s", base, xlsx ? "xlsx" : "csv");
  chooser = gtk_file_chooser_native_new (_("Save the Rows Not Imported"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (error_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
commit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhImportDialog *self = KH_IMPORT_DIALOG (widget);
  g_autoptr (GError) error = NULL;

  if (!kh_import_dialog_commit (self, &error))
    {
      /* Keep the dialog open with the reason shown among the problems. */
      g_clear_error (&self->result->error);
      self->result->error = g_steal_pointer (&error);
      show_preview (self);
      gtk_widget_action_set_enabled (widget, "import.commit", FALSE);
    }
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
kh_import_dialog_dispose (GObject *object)
{
  KhImportDialog *self = KH_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_pointer (&self->result, load_result_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->remembered, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (kh_import_dialog_parent_class)->dispose (object);
}

static void
kh_import_dialog_class_init (KhImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_import_dialog_dispose;

  /**
   * KhImportDialog::committed:
   * @n_changed: how many stored values changed
   */
  signals[SIGNAL_COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                            G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KhImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhImportDialog, preview_box);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action_cb);
  gtk_widget_class_install_action (widget_class, "import.partial", NULL, partial_action_cb);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
kh_import_dialog_init (KhImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->problems = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.partial", FALSE);
}

/* Reads the file in a thread, with the user's column choices once there are some. */
static void
start_load (KhImportDialog *self)
{
  g_autoptr (GTask) task = NULL;
  LoadInput *input = g_new0 (LoadInput, 1);
  KhDocument *document = self->document;

  self->loaded = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.partial", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  input->file = g_object_ref (self->file);
  /* Headers by field id, name or alias of the year's frameworks (none yet: by id). */
  if (kh_document_get_project (document) != NULL && kh_document_get_year (document) != 0)
    input->options = kh_project_table_options (kh_document_get_project (document),
                                               kh_document_get_year (document), NULL);
  /* A row's problem sets the row aside: listed as a problem, it leaves the choice of
   * importing the other rows (import.partial). */
  if (input->options != NULL)
    input->options->partial = TRUE;
  if (self->remembered != NULL)
    input->remembered = g_hash_table_ref (self->remembered);
  if (self->choices != NULL)
    input->choices = copy_choices (self->choices);
  task = g_task_new (NULL, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_task_data (task, input, (GDestroyNotify) load_input_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

KhImportDialog *
kh_import_dialog_new (GtkWindow  *parent,
                      KhDocument *document,
                      GFile      *file)
{
  KhImportDialog *self;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (KH_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  self->file = g_object_ref (file);
  self->cancellable = g_cancellable_new ();
  if (kh_document_get_project (document) != NULL)
    self->remembered = kh_project_get_column_choices (kh_document_get_project (document), NULL);
  start_load (self);
  return self;
}

guint
kh_import_dialog_get_n_changes (KhImportDialog *self)
{
  g_return_val_if_fail (KH_IS_IMPORT_DIALOG (self), 0);
  return self->n_changes;
}
