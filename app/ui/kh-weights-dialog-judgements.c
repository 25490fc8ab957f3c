/* kh-weights-dialog-judgements.c — the Weights… window's judgements: the AHP experts'
 * pairwise-comparison grids and the budget allocation's grid (see kh-weights-dialog.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-ui-window.h"
#include "kh-ui.h"
#include "kh-weights-dialog-private.h"

double
kh_weights_dialog_scale_value (guint index)
{
  g_return_val_if_fail (index < KH_SAATY_N_VALUES, NAN);
  if (index < 8)
    return 9 - index;
  if (index == 8)
    return 1;
  return 1.0 / (index - 7);
}

/* The scale's index of @value, or -1 when it is not on the scale. */
static int
scale_index (double value)
{
  for (guint k = 0; k < KH_SAATY_N_VALUES; k++)
    if (fabs (kh_weights_dialog_scale_value (k) - value) < 1e-9 * MAX (1, value))
      return (int) k;
  return -1;
}

/* "3", "1/3", or "%.3g" off the scale. */
static char *
format_judgement (double value)
{
  int k = scale_index (value);

  if (k >= 0 && k < 8)
    return g_strdup_printf ("%d", 9 - k);
  if (k == 8)
    return g_strdup ("1");
  if (k > 8)
    return g_strdup_printf ("1/%d", k - 7);
  return g_strdup_printf ("%.3g", value);
}

/* ---- the AHP grid ------------------------------------------------------------------- */

/* The matrix of the expert whose grid shows. */
static double *
shown_matrix (KhWeightsDialog *self)
{
  return self->matrix + (gsize) self->ahp_expert * self->n * self->n;
}

static void
ahp_cell_changed_cb (GtkDropDown     *cell,
                     GParamSpec      *pspec,
                     KhWeightsDialog *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "kh-row"));
  guint j = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "kh-column"));
  GtkLabel *reciprocal = g_object_get_data (G_OBJECT (cell), "kh-reciprocal");
  guint k = gtk_drop_down_get_selected (cell);
  g_autofree char *text = NULL;

  double *matrix = shown_matrix (self);

  if (self->building || k >= KH_SAATY_N_VALUES || i >= self->n || j >= self->n)
    return;
  matrix[i * self->n + j] = kh_weights_dialog_scale_value (k);
  matrix[j * self->n + i] = 1 / matrix[i * self->n + j];
  text = format_judgement (matrix[j * self->n + i]);
  gtk_label_set_text (reciprocal, text);
  kh_weights_dialog_propose (self);
}

static void
build_ahp_grid (KhWeightsDialog *self)
{
  static const char *const scale[KH_SAATY_N_VALUES + 1] = {
    "9", "8", "7", "6", "5", "4", "3", "2", "1",
    "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9", NULL
  };
  guint n = self->n;
  const double *matrix = shown_matrix (self);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->ahp_expert_names));

  /* the experts to choose from, the one shown selected */
  for (guint e = 0; e < self->n_ahp; e++)
    g_ptr_array_add (names, g_strdup_printf (_("Expert %u"), e + 1));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->ahp_expert_names, 0, n_old, (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->ahp_experts, self->ahp_expert);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_ahp_expert), self->n_ahp < MAX_EXPERTS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_ahp_expert), self->n_ahp > 1);
  kh_ui_grid_clear (self->ahp_grid);
  for (guint i = 0; i < n; i++)
    {
      const KhNode *child = self->proposal->items->pdata[i];
      GtkWidget *label = kh_ui_grid_label (self->ahp_grid, kh_ui_node_name (child), 0,
                                           (int) i + 1, 0);

      gtk_widget_set_tooltip_text (label, child->id);
      label = kh_ui_grid_label (self->ahp_grid, kh_ui_node_name (child), (int) i + 1, 0, 0.5f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
      gtk_widget_set_tooltip_text (label, kh_ui_node_name (child));
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        GtkWidget *cell = gtk_drop_down_new_from_strings (scale);
        g_autofree char *text = format_judgement (matrix[j * n + i]);
        GtkWidget *reciprocal = kh_ui_grid_label (self->ahp_grid, text, (int) i + 1,
                                                  (int) j + 1, 0.5f);
        g_autofree char *name = g_strdup_printf (
          _("How much more “%s” matters than “%s”"),
          kh_ui_node_name (self->proposal->items->pdata[i]),
          kh_ui_node_name (self->proposal->items->pdata[j]));
        int k = scale_index (matrix[i * n + j]);

        gtk_widget_add_css_class (reciprocal, "dim-label");
        gtk_drop_down_set_selected (GTK_DROP_DOWN (cell), k >= 0 ? (guint) k : 8);
        gtk_widget_set_tooltip_text (cell, name);
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
        g_object_set_data (G_OBJECT (cell), "kh-row", GUINT_TO_POINTER (i));
        g_object_set_data (G_OBJECT (cell), "kh-column", GUINT_TO_POINTER (j));
        g_object_set_data (G_OBJECT (cell), "kh-reciprocal", reciprocal);
        g_signal_connect (cell, "notify::selected", G_CALLBACK (ahp_cell_changed_cb), self);
        gtk_grid_attach (self->ahp_grid, cell, (int) j + 1, (int) i + 1, 1, 1);
      }
  for (guint i = 0; i < n; i++)
    gtk_widget_add_css_class (kh_ui_grid_label (self->ahp_grid, "1", (int) i + 1, (int) i + 1,
                                                0.5f),
                              "dim-label");
}

/* The judgements to start from: the node's recorded AHP matrices (one per expert) when
 * they are on the scale for the same children, else one expert with every comparison 1
 * (equal importance). */
static void
init_matrix (KhWeightsDialog *self)
{
  const KhWeighting *record = self->proposal->node->weighting;
  guint n = self->n;
  gboolean usable = record != NULL && record->method == KH_WEIGHTING_AHP
                    && record->judgements->len >= 1 && record->judgements->len <= MAX_EXPERTS
                    && record->items->len == n;

  self->ahp_expert = 0;
  for (guint i = 0; usable && i < n; i++)
    usable = g_strcmp0 (record->items->pdata[i],
                        ((const KhNode *) self->proposal->items->pdata[i])->id) == 0;
  for (guint e = 0; usable && e < record->judgements->len; e++)
    {
      const KhJudgement *j = record->judgements->pdata[e];

      usable = j->n == n;
      for (guint k = 0; usable && k < n * n; k++)
        usable = scale_index (j->values[k]) >= 0;
    }
  if (usable)
    {
      self->n_ahp = record->judgements->len;
      for (guint e = 0; e < self->n_ahp; e++)
        memcpy (self->matrix + (gsize) e * n * n,
                ((const KhJudgement *) record->judgements->pdata[e])->values,
                sizeof (double) * n * n);
      return;
    }
  self->n_ahp = 1;
  for (guint k = 0; k < n * n; k++)
    self->matrix[k] = 1;
}

/* Another expert, starting from the judgements of the one shown, whose grid then shows. */
void
kh_weights_dialog_add_ahp_expert (KhWeightsDialog *self)
{
  gsize size = (gsize) self->n * self->n;

  if (self->n_ahp >= MAX_EXPERTS || self->proposal == NULL)
    return;
  memcpy (self->matrix + self->n_ahp * size, shown_matrix (self), sizeof (double) * size);
  self->ahp_expert = self->n_ahp++;
  self->building = TRUE;
  build_ahp_grid (self);
  self->building = FALSE;
  kh_weights_dialog_propose (self);
}

/* Removes the expert shown; the next one (else the one before) shows. */
void
kh_weights_dialog_remove_ahp_expert (KhWeightsDialog *self)
{
  gsize size = (gsize) self->n * self->n;

  if (self->n_ahp <= 1 || self->proposal == NULL)
    return;
  memmove (self->matrix + self->ahp_expert * size, self->matrix + (self->ahp_expert + 1) * size,
           sizeof (double) * size * (self->n_ahp - self->ahp_expert - 1));
  self->n_ahp--;
  self->ahp_expert = MIN (self->ahp_expert, self->n_ahp - 1);
  self->building = TRUE;
  build_ahp_grid (self);
  self->building = FALSE;
  kh_weights_dialog_propose (self);
}

void
kh_weights_dialog_ahp_expert_changed (KhWeightsDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->ahp_experts);

  if (self->building || self->proposal == NULL || selected >= self->n_ahp
      || selected == self->ahp_expert)
    return;
  self->ahp_expert = selected;
  self->building = TRUE;
  build_ahp_grid (self);
  self->building = FALSE;
}

/* ---- the budget grid ---------------------------------------------------------------- */

static void
budget_cell_changed_cb (GtkSpinButton   *spin,
                        KhWeightsDialog *self)
{
  guint e = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "kh-row"));
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "kh-column"));

  if (self->building || e >= self->n_experts || i >= self->n)
    return;
  self->budget[e * self->n + i] = gtk_spin_button_get_value (spin);
  kh_weights_dialog_propose (self);
}

static void
build_budget_grid (KhWeightsDialog *self)
{
  kh_ui_grid_clear (self->budget_grid);
  for (guint i = 0; i < self->n; i++)
    {
      GtkWidget *label = kh_ui_grid_label (self->budget_grid,
                                           kh_ui_node_name (self->proposal->items->pdata[i]),
                                           (int) i + 1, 0, 0.5f);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
    }
  for (guint e = 0; e < self->n_experts; e++)
    {
      g_autofree char *expert = g_strdup_printf (_("Expert %u"), e + 1);

      kh_ui_grid_label (self->budget_grid, expert, 0, (int) e + 1, 0);
      for (guint i = 0; i < self->n; i++)
        {
          GtkWidget *spin = gtk_spin_button_new_with_range (0, 1000, 1);
          g_autofree char *name = g_strdup_printf (
            _("Points expert %u gives “%s”"), e + 1,
            kh_ui_node_name (self->proposal->items->pdata[i]));

          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), self->budget[e * self->n + i]);
          gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          name, -1);
          g_object_set_data (G_OBJECT (spin), "kh-row", GUINT_TO_POINTER (e));
          g_object_set_data (G_OBJECT (spin), "kh-column", GUINT_TO_POINTER (i));
          g_signal_connect (spin, "value-changed", G_CALLBACK (budget_cell_changed_cb), self);
          gtk_grid_attach (self->budget_grid, spin, (int) i + 1, (int) e + 1, 1, 1);
        }
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_expert), self->n_experts < MAX_EXPERTS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_expert), self->n_experts > 1);
}

/* One expert to start from, with the children's weighted points now (wᵢ·Pᵢ). */
static void
init_budget (KhWeightsDialog *self)
{
  self->n_experts = 1;
  for (guint i = 0; i < self->n; i++)
    {
      const KhNode *child = self->proposal->items->pdata[i];

      self->budget[i] = round (child->weight * child->points * 10) / 10;
    }
}

void
kh_weights_dialog_add_budget_expert (KhWeightsDialog *self)
{
  if (self->n_experts >= MAX_EXPERTS || self->proposal == NULL)
    return;
  memcpy (self->budget + self->n_experts * self->n, self->budget, sizeof (double) * self->n);
  self->n_experts++;
  self->building = TRUE;
  build_budget_grid (self);
  self->building = FALSE;
  kh_weights_dialog_propose (self);
}

void
kh_weights_dialog_remove_budget_expert (KhWeightsDialog *self)
{
  if (self->n_experts <= 1 || self->proposal == NULL)
    return;
  self->n_experts--;
  self->building = TRUE;
  build_budget_grid (self);
  self->building = FALSE;
  kh_weights_dialog_propose (self);
}

/* ---- the judgements of the proposal -------------------------------------------------- */

GPtrArray *
kh_weights_dialog_make_judgements (KhWeightsDialog   *self,
                                   KhWeightingMethod  method)
{
  GPtrArray *judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_judgement_free);
  guint n = self->n;

  if (method == KH_WEIGHTING_AHP)
    /* one matrix an expert, unnamed as kaohe-cli weights --matrix reads them */
    for (guint e = 0; e < self->n_ahp; e++)
      g_ptr_array_add (judgements,
                       kh_judgement_new (NULL, n, g_memdup2 (self->matrix + (gsize) e * n * n,
                                                             sizeof (double) * n * n)));
  else
    for (guint e = 0; e < self->n_experts; e++)
      {
        g_autofree char *expert = g_strdup_printf ("%u", e + 1);

        g_ptr_array_add (judgements,
                         kh_judgement_new (expert, n, g_memdup2 (self->budget + e * n,
                                                                 sizeof (double) * n)));
      }
  return judgements;
}

void
kh_weights_dialog_init_judgements (KhWeightsDialog *self)
{
  init_matrix (self);
  init_budget (self);
}

void
kh_weights_dialog_build_grids (KhWeightsDialog *self)
{
  build_ahp_grid (self);
  build_budget_grid (self);
}
