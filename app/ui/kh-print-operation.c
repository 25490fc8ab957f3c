/* kh-print-operation.c — printing a report, with preview, through GtkPrintOperation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "kh-print-operation.h"
#include "report/kh-report-project.h"

struct _KhPrintOperation
{
  GtkPrintOperation parent_instance;

  KhReport *report;
};

G_DEFINE_FINAL_TYPE (KhPrintOperation, kh_print_operation, GTK_TYPE_PRINT_OPERATION)

#define SETTINGS_GROUP "Print Settings"
#define PAGE_SETUP_GROUP "Page Setup"

char *
kh_print_operation_settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "kaohe", "print.ini", NULL);
}

static void
kh_print_operation_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  KhPrintOperation *self = KH_PRINT_OPERATION (operation);
  KhPage page;

  /* The report's margins on the paper the user chose, in points (unit set below). */
  kh_page_init_a4 (&page, KH_PAGE_PORTRAIT);
  page.width = gtk_print_context_get_width (context);
  page.height = gtk_print_context_get_height (context);
  gtk_print_operation_set_n_pages (operation, (int) kh_report_paginate (self->report, &page));
}

static void
kh_print_operation_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  KhPrintOperation *self = KH_PRINT_OPERATION (operation);

  if (page_nr < 0 || (guint) page_nr >= kh_report_get_n_pages (self->report))
    return;
  kh_report_draw_page (self->report, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static void
kh_print_operation_done (GtkPrintOperation      *operation,
                         GtkPrintOperationResult result)
{
  KhPrintOperation *self = KH_PRINT_OPERATION (operation);

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_autoptr (GError) error = NULL;

      if (!kh_print_operation_save_settings (self, &error))
        g_warning ("%s", error->message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr (GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      g_warning ("%s", error != NULL ? error->message : _("Printing failed"));
    }
}

static void
kh_print_operation_finalize (GObject *object)
{
  KhPrintOperation *self = KH_PRINT_OPERATION (object);

  g_clear_pointer (&self->report, kh_report_free);
  G_OBJECT_CLASS (kh_print_operation_parent_class)->finalize (object);
}

static void
kh_print_operation_class_init (KhPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = kh_print_operation_finalize;
  print_class->begin_print = kh_print_operation_begin_print;
  print_class->draw_page = kh_print_operation_draw_page;
  print_class->done = kh_print_operation_done;
}

static void
kh_print_operation_init (KhPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);

  /* Whole pages in points: the report draws its own margins, header and footer. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
}

/* Takes ownership of @report. */
KhPrintOperation *
kh_print_operation_new (KhReport *report)
{
  KhPrintOperation *self;

  g_return_val_if_fail (report != NULL, NULL);

  self = g_object_new (KH_TYPE_PRINT_OPERATION, NULL);
  self->report = report;
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), kh_report_get_id (report));
  kh_print_operation_load_settings (self);
  return self;
}

KhReport *
kh_print_operation_get_report (KhPrintOperation *self)
{
  g_return_val_if_fail (KH_IS_PRINT_OPERATION (self), NULL);
  return self->report;
}

void
kh_print_operation_load_settings (KhPrintOperation *self)
{
  g_autofree char *path = kh_print_operation_settings_path ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GtkPrintSettings) settings = NULL;
  g_autoptr (GtkPageSetup) setup = NULL;
  const KhPage *page;

  g_return_if_fail (KH_IS_PRINT_OPERATION (self));

  if (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    {
      settings = gtk_print_settings_new_from_key_file (file, SETTINGS_GROUP, NULL);
      setup = gtk_page_setup_new_from_key_file (file, PAGE_SETUP_GROUP, NULL);
    }
  if (setup == NULL)
    {
      g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

      page = kh_report_get_page (self->report);
      setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size (setup, a4);
      gtk_page_setup_set_orientation (setup, page->width > page->height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                       : GTK_PAGE_ORIENTATION_PORTRAIT);
    }
  if (settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), settings);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
}

gboolean
kh_print_operation_save_settings (KhPrintOperation *self,
                                  GError          **error)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autofree char *path = kh_print_operation_settings_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
  GtkPageSetup *setup = gtk_print_operation_get_default_page_setup (operation);

  g_return_val_if_fail (KH_IS_PRINT_OPERATION (self), FALSE);

  if (settings != NULL)
    {
      GtkPageSetup *used = NULL;

      gtk_print_settings_to_key_file (settings, file, SETTINGS_GROUP);
      /* The page setup embedded in the dialog ends up in the settings. */
      used = gtk_page_setup_new ();
      gtk_page_setup_set_orientation (used, gtk_print_settings_get_orientation (settings));
      if (gtk_print_settings_get_paper_size (settings) != NULL)
        {
          GtkPaperSize *paper = gtk_print_settings_get_paper_size (settings);

          gtk_page_setup_set_paper_size (used, paper);
          gtk_paper_size_free (paper);
        }
      else if (setup != NULL)
        gtk_page_setup_set_paper_size (used, gtk_page_setup_get_paper_size (setup));
      gtk_page_setup_to_key_file (used, file, PAGE_SETUP_GROUP);
      g_object_unref (used);
    }
  else if (setup != NULL)
    gtk_page_setup_to_key_file (setup, file, PAGE_SETUP_GROUP);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

void
kh_print_operation_run (KhPrintOperation *self,
                        GtkWindow        *parent,
                        gboolean          preview)
{
  g_autoptr (GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (KH_IS_PRINT_OPERATION (self));

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (self),
                                    preview ? GTK_PRINT_OPERATION_ACTION_PREVIEW
                                            : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    g_warning ("%s", error->message);
}

gboolean
kh_print_operation_run_for_projects (GtkWindow             *parent,
                                     KhProject            **projects,
                                     guint                  n_projects,
                                     int                    year,
                                     int                    first_year,
                                     const KhReportOptions *options,
                                     gboolean               preview,
                                     GError               **error)
{
  g_autoptr (KhReportData) data = NULL;
  g_autoptr (KhPrintOperation) operation = NULL;
  KhReport *report;

  g_return_val_if_fail (projects != NULL && n_projects > 0, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  /* No analysis is printed here: each year's plans go once the report has taken what it
   * prints of them, as for kaohe-cli report (issue 22: one year's plan at a time). */
  data = kh_report_data_load_full (projects, n_projects, year, first_year, KH_LANG_ZH_CN,
                                   options->kind != KH_REPORT_UNIT ? KH_REPORT_LOAD_NO_OVERTAKES
                                                                   : KH_REPORT_LOAD_NONE,
                                   error);
  /* the annual report prints each survey's aggregates whenever answers are stored */
  if (data == NULL || !kh_report_data_add_surveys (data, projects, n_projects, error))
    return FALSE;
  report = kh_report_new (data, options, error);
  if (report == NULL)
    return FALSE;
  /* the pages took what they print */
  kh_report_data_drop_plans (data);
  operation = kh_print_operation_new (report);
  kh_print_operation_run (operation, parent, preview);
  return TRUE;
}
