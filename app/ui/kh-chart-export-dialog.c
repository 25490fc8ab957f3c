/* kh-chart-export-dialog.c — "Export Chart…": a file chooser with the format (by the
 * name's extension) and a size preset, then the chart widget's export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kh-chart-export-dialog.h"

typedef struct
{
  GtkWidget *owner;
  KhChartExportFunc export;
} Request;

static gboolean
export_widget (gpointer     owner,
               const char  *path,
               KhChartSize  size,
               GError     **error)
{
  return kh_chart_widget_export_size (KH_CHART_WIDGET (owner), path, size, error);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    Request         *request)
{
  GtkWidget *self = request->owner;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  KhChartSize size = KH_CHART_SIZE_HALF_A4;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  kh_chart_size_from_string (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size"), &size);
  if (path != NULL && !request->export (self, path, size, &error))
    {
      GtkRoot *root = gtk_widget_get_root (self);
      GtkWidget *alert = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 _("Could not export the chart"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
  g_free (request);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

void
kh_chart_export_dialog_show (KhChartWidget *self)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  kh_chart_export_dialog_run (GTK_WIDGET (self), kh_chart_widget_get_chart_type (self), export_widget);
}

void
kh_chart_export_dialog_run (GtkWidget         *self,
                            KhChartType        type,
                            KhChartExportFunc  export)
{
  /* TRANSLATORS: default file name of an exported chart; %s is bump, slope, … */
  g_autofree char *name = g_strdup_printf (_("chart-%s.pdf"), kh_chart_type_to_string (type));

  kh_chart_export_dialog_run_named (self, name, export);
}

void
kh_chart_export_dialog_run_named (GtkWidget         *self,
                                  const char        *name,
                                  KhChartExportFunc  export)
{
  GtkRoot *root = gtk_widget_get_root (self);
  Request *request;
  GtkFileChooserNative *dialog;
  const char *ids[KH_N_CHART_SIZES + 1] = { NULL };
  const char *labels[KH_N_CHART_SIZES + 1] = { NULL };

  g_return_if_fail (GTK_IS_WIDGET (self));
  g_return_if_fail (name != NULL);

  dialog = gtk_file_chooser_native_new (_("Export Chart"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  /* The format follows the name's extension; the filters only show what exists. */
  add_filter (GTK_FILE_CHOOSER (dialog), _("PDF document"), "*.pdf");
  add_filter (GTK_FILE_CHOOSER (dialog), _("SVG image"), "*.svg");
  add_filter (GTK_FILE_CHOOSER (dialog), _("PNG image"), "*.png");
  /* Half an A4 page first: the choice a dialog starts with. */
  for (int s = 0; s < KH_N_CHART_SIZES; s++)
    {
      KhChartSize size = (KhChartSize) ((s + KH_CHART_SIZE_HALF_A4) % KH_N_CHART_SIZES);

      ids[s] = kh_chart_size_to_string (size);
      labels[s] = kh_chart_size_get_label (size);
    }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "size", _("Size"), ids, labels);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  request = g_new (Request, 1);
  request->owner = g_object_ref (self);
  request->export = export;
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

