/* kh-window-reports.c — the Reports page, built when first shown (kh-window-reports.ui,
 * issue 22), and its settings: the issuing body of the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The issuing body is a setting of the project (kh_project_get_setting()), printed on the
 * annual notice by the app and by `kaohe-cli report` alike. It is edited in an entry row
 * whose apply button (or Enter) stores it as one undoable, audited step.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-window-private.h"

static void
issuer_apply_cb (KhWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->issuer_row));

  if (self->document == NULL)
    return;
  if (!kh_document_set_setting (self->document, KH_PROJECT_SETTING_ISSUER, text,
                                _("Set the issuing body"), &error))
    {
      kh_window_toast (self, error->message);
      kh_window_update_reports (self, KH_CHANGE_SETTINGS);
    }
}

void
kh_window_update_reports (KhWindow *self,
                          guint     what)
{
  g_autofree char *issuer = NULL;

  if (!(what & (KH_CHANGE_SETTINGS | KH_CHANGE_YEAR)))
    return;
  /* Read from the project once the page is built (issue 22: not on the main thread of a
   * window's start, which shows Results). */
  if (self->reports_page == NULL)
    return;
  if (self->document != NULL)
    issuer = kh_document_get_setting (self->document, KH_PROJECT_SETTING_ISSUER);
  /* The stored text, so that the apply button hides again. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->issuer_row)), issuer != NULL ? issuer : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->issuer_row), issuer != NULL ? issuer : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->issuer_row), self->document != NULL);
}

GtkWidget *
kh_window_build_reports (KhWindow *self)
{
  g_autoptr (GtkBuilder) builder = NULL;

  if (self->reports_page != NULL)
    return self->reports_page;
  builder = gtk_builder_new_from_resource ("/io/github/kaohe/Kaohe/ui/kh-window-reports.ui");
  self->reports_page = GTK_WIDGET (gtk_builder_get_object (builder, "reports_page"));
  self->report_kind_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "report_kind_dropdown"));
  self->report_orientation_dropdown =
    GTK_DROP_DOWN (gtk_builder_get_object (builder, "report_orientation_dropdown"));
  self->issuer_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "issuer_row"));
  adw_bin_set_child (self->reports_bin, self->reports_page);
  g_signal_connect_swapped (self->issuer_row, "apply", G_CALLBACK (issuer_apply_cb), self);
  kh_window_update_reports (self, KH_CHANGE_SETTINGS);
  return self->reports_page;
}
