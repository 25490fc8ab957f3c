/* kh-pilot-check.c — the Health tab's Check Pilot Data… window (see kh-pilot-check.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "analysis/kh-indicator-health.h"
#include "io/kh-pilot.h"
#include "kh-pilot-check.h"
#include "kh-ui-window.h"
#include "kh-ui.h"

struct _KhPilotCheck
{
  AdwWindow parent_instance;

  guint n_checked;
  char *error;
};

G_DEFINE_FINAL_TYPE (KhPilotCheck, kh_pilot_check, ADW_TYPE_WINDOW)

/* The reasons that say an indicator tells the units apart too little. */
#define WEAK_DISCRIMINATION (KH_HEALTH_NO_DATA | KH_HEALTH_CONSTANT | KH_HEALTH_LOW_SPREAD \
                             | KH_HEALTH_FEW_VALUES)

static GtkWidget *
attach (GtkGrid    *grid,
        const char *text,
        int         column,
        int         row,
        float       xalign)
{
  GtkWidget *label = kh_ui_grid_label (grid, text, column, row, xalign);

  gtk_widget_set_valign (label, GTK_ALIGN_START);
  return label;
}

/* @value with @digits decimals, as the CLI prints it ("—": none). */
static void
attach_number (GtkGrid *grid,
               double   value,
               int      digits,
               int      column,
               int      row)
{
  g_autofree char *text = NULL;

  if (fabs (value) < 0.5 * pow (10, -digits))
    value = 0; /* never "-0.00" */
  text = isfinite (value) ? g_strdup_printf ("%.*f", digits, value) : g_strdup ("—");
  attach (grid, text, column, row, 1.0f);
}

/* One row per proposed indicator; FALSE with @error when the group cannot be examined. */
static gboolean
fill (GtkGrid    *grid,
      KhPlan     *plan,
      const char *group,
      GPtrArray  *pilots,
      GError    **error)
{
  const char *headers[] = { N_("Proposed indicator"), N_("Missing"), N_("CV"),
                            N_("Distinct values"), N_("Gini"), N_("Discrimination"),
                            N_("Moves with"), "ρ", N_("Redundancy"), N_("Verdict"), N_("Why") };

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    attach (grid, c == 7 ? headers[c] : _(headers[c]), (int) c, 0,
            c == 0 || c == 5 || c == 6 || c >= 8 ? 0.0f : 1.0f);
  for (guint i = 0; i < pilots->len; i++)
    {
      const KhPilotIndicator *p = pilots->pdata[i];
      KhIndicatorHealth h;
      g_autofree char *distinct = NULL;
      g_autofree char *reasons = NULL;
      int row = (int) i + 1;
      GtkWidget *label;
      gboolean weak, redundant;

      if (!kh_indicator_health_pilot (plan, group, p->values, &h, error))
        return FALSE;
      weak = (h.reasons & WEAK_DISCRIMINATION) != 0;
      redundant = (h.reasons & KH_HEALTH_DUPLICATE) != 0;
      distinct = g_strdup_printf ("%u", h.distinct);
      reasons = kh_indicator_health_reasons (&h, plan, kh_ui_get_lang ());
      attach (grid, p->id, 0, row, 0.0f);
      attach_number (grid, h.missing_rate, 4, 1, row);
      attach_number (grid, h.cv, 3, 2, row);
      attach (grid, distinct, 3, row, 1.0f);
      attach_number (grid, h.gini, 3, 4, row);
      label = attach (grid, weak ? _("too little") : _("tells the units apart"), 5, row, 0.0f);
      gtk_widget_add_css_class (label, weak ? "error" : "success");
      attach (grid,
              h.closest >= 0 ? kh_ui_node_name (kh_plan_get_node (plan, (guint) h.closest)) : "—",
              6, row, 0.0f);
      attach_number (grid, h.rho, 2, 7, row);
      label = attach (grid, redundant ? _("redundant") : _("not redundant"), 8, row, 0.0f);
      gtk_widget_add_css_class (label, redundant ? "warning" : "success");
      label = attach (grid, kh_health_admission_label (h.verdict), 9, row, 0.0f);
      gtk_widget_add_css_class (label, h.verdict == KH_HEALTH_EXIT     ? "error"
                                       : h.verdict == KH_HEALTH_REVIEW ? "warning"
                                                                       : "success");
      label = attach (grid, *reasons != '\0' ? reasons : _("no objection"), 10, row, 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 28);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_widget_add_css_class (label, "dim-label");
    }
  return TRUE;
}

static void
kh_pilot_check_finalize (GObject *object)
{
  g_free (KH_PILOT_CHECK (object)->error);

  G_OBJECT_CLASS (kh_pilot_check_parent_class)->finalize (object);
}

static void
kh_pilot_check_class_init (KhPilotCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kh_pilot_check_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_pilot_check_init (KhPilotCheck *self)
{
}

KhPilotCheck *
kh_pilot_check_new (GtkWindow  *parent,
                    KhPlan     *plan,
                    const char *group,
                    GFile      *file)
{
  KhPilotCheck *self;
  g_autofree char *path = NULL;
  g_autofree char *heading = NULL;
  g_autoptr (GPtrArray) pilots = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *content, *box, *label, *scrolled, *grid;
  KhFramework *fw;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (plan != NULL && G_IS_FILE (file), NULL);

  self = g_object_new (KH_TYPE_PILOT_CHECK, "title", _("Admission Check"), "modal", FALSE,
                       "default-width", 1320, "default-height", 440, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);

  fw = kh_plan_get_framework (plan);
  path = g_file_get_path (file);
  if (group == NULL && fw->groups->len > 0)
    group = ((KhGroup *) fw->groups->pdata[0])->id;
  /* TRANSLATORS: e.g. "The proposed indicators of pilot.csv beside the indicators of group
   * cities, 2020" */
  heading = g_strdup_printf (_("The proposed indicators of %s beside the indicators of group "
                               "%s, %d"),
                             path != NULL ? path : g_file_peek_path (file),
                             group != NULL ? group : "—",
                             kh_dataset_get_year (kh_plan_get_dataset (plan)));
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  if (path == NULL)
    g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("%s: only a local file can be read"), g_file_peek_path (file));
  else
    pilots = kh_pilot_read (path, kh_plan_get_dataset (plan), &error);
  if (pilots != NULL && fill (GTK_GRID (grid), plan, group, pilots, &error))
    {
      self->n_checked = pilots->len;
      gtk_box_append (GTK_BOX (box), grid);
      label = gtk_label_new (_("A proposed indicator is admitted when it tells the units apart, "
                               "does not move with an indicator in place (|r| ≤ 0.9) and no "
                               "more than a fifth of the units lack a value. The project is not "
                               "changed."));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The pilot data were not checked: %s"),
                                               error->message);

      g_object_ref_sink (grid);
      g_object_unref (grid);
      self->error = g_strdup (error->message);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  return self;
}

guint
kh_pilot_check_get_n_checked (KhPilotCheck *self)
{
  g_return_val_if_fail (KH_IS_PILOT_CHECK (self), 0);

  return self->n_checked;
}

const char *
kh_pilot_check_get_error (KhPilotCheck *self)
{
  g_return_val_if_fail (KH_IS_PILOT_CHECK (self), NULL);

  return self->error;
}
