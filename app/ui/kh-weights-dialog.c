/* kh-weights-dialog.c — the Framework page's Weights… window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the node chosen, a method and the peer group whose data and ranking are used; for
 * AHP the pairwise-comparison grid of the weighed children on Saaty's 1–9 scale (a cell
 * above the diagonal says how much more the row matters than the column; the one below
 * shows its reciprocal), with λmax, CI and CR live and a warning above 0.1 — with several
 * experts (group AHP) a grid for each, each expert's CR, and the weights of the
 * element-wise geometric mean of their matrices; for a budget allocation each expert's
 * points. Beside the current shares and weights: the proposed
 * ones, the effective weights now and proposed, then the ranking of the group with them
 * and how many units change rank — all kh_weight_proposal_*() (app/analysis), as
 * `kaohe-cli weights` prints them. Apply Weights sets the weights (points kept) and the
 * node's `<weighting>` record (method, date, who, the matrix or allocations, the data's
 * year and group) in one undoable edit.
 *
 * Above 800 lines: the AHP experts' grids, the budget grid, the tables and the applying
 * share the window's state (the judgements, the proposal); splitting the grids into a
 * widget of their own is left for a later change.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "analysis/kh-weight-proposal.h"
#include "kh-ui-window.h"
#include "kh-ui.h"
#include "kh-weights-dialog.h"

#define MAX_EXPERTS 12

struct _KhWeightsDialog
{
  GtkWindow parent_instance;

  KhDocument *document;
  gulong changed_handler;
  int year;
  char *category;
  char *node_id;
  KhWeightProposal *proposal; /* NULL when the node cannot be weighed now */
  gboolean computed;          /* the proposal holds the method's shares */
  guint n;                    /* weighed children when the grids were built */
  double *matrix;             /* MAX_EXPERTS × n × n AHP judgements, an expert's after another */
  guint n_ahp;                /* AHP's experts (1: plain AHP) */
  guint ahp_expert;           /* the expert whose grid shows */
  double *budget;             /* MAX_EXPERTS × n points */
  guint n_experts;
  gboolean building;

  GtkLabel *heading;
  GtkDropDown *method;
  GtkDropDown *group;
  GtkWidget *ahp_box;
  GtkGrid *ahp_grid;
  GtkDropDown *ahp_experts;
  GtkStringList *ahp_expert_names;
  GtkButton *add_ahp_expert;
  GtkButton *remove_ahp_expert;
  GtkLabel *experts_cr;
  GtkLabel *consistency;
  GtkWidget *budget_box;
  GtkGrid *budget_grid;
  GtkButton *add_expert;
  GtkButton *remove_expert;
  GtkGrid *table;
  GtkLabel *notes;
  GtkLabel *summary;
  GtkGrid *ranking;
  GtkButton *apply;
};

G_DEFINE_FINAL_TYPE (KhWeightsDialog, kh_weights_dialog, GTK_TYPE_WINDOW)

static void propose (KhWeightsDialog *self);

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

static char *
format_fixed (double value,
              int    digits)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.*f", digits, value);
}

static void
grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static KhWeightingMethod
selected_method (KhWeightsDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->method);

  return selected < KH_WEIGHTING_N_METHODS ? (KhWeightingMethod) selected : KH_WEIGHTING_EQUAL;
}

/* The framework's k-th group (k ≥ 1), or NULL for every group. */
static const char *
selected_group (KhWeightsDialog *self)
{
  KhFramework *fw = kh_document_get_framework (self->document);
  guint selected = gtk_drop_down_get_selected (self->group);

  if (fw == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected > fw->groups->len)
    return NULL;
  return ((KhGroup *) fw->groups->pdata[selected - 1])->id;
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
  propose (self);
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
  grid_clear (self->ahp_grid);
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
static void
add_ahp_expert_cb (KhWeightsDialog *self)
{
  gsize size = (gsize) self->n * self->n;

  if (self->n_ahp >= MAX_EXPERTS || self->proposal == NULL)
    return;
  memcpy (self->matrix + self->n_ahp * size, shown_matrix (self), sizeof (double) * size);
  self->ahp_expert = self->n_ahp++;
  self->building = TRUE;
  build_ahp_grid (self);
  self->building = FALSE;
  propose (self);
}

/* Removes the expert shown; the next one (else the one before) shows. */
static void
remove_ahp_expert_cb (KhWeightsDialog *self)
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
  propose (self);
}

static void
ahp_expert_changed_cb (KhWeightsDialog *self)
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
  propose (self);
}

static void
build_budget_grid (KhWeightsDialog *self)
{
  grid_clear (self->budget_grid);
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

static void
add_expert_cb (KhWeightsDialog *self)
{
  if (self->n_experts >= MAX_EXPERTS || self->proposal == NULL)
    return;
  memcpy (self->budget + self->n_experts * self->n, self->budget, sizeof (double) * self->n);
  self->n_experts++;
  self->building = TRUE;
  build_budget_grid (self);
  self->building = FALSE;
  propose (self);
}

static void
remove_expert_cb (KhWeightsDialog *self)
{
  if (self->n_experts <= 1 || self->proposal == NULL)
    return;
  self->n_experts--;
  self->building = TRUE;
  build_budget_grid (self);
  self->building = FALSE;
  propose (self);
}

/* ---- the proposal ------------------------------------------------------------------- */

static GPtrArray *
make_judgements (KhWeightsDialog   *self,
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

static void
fill_table (KhWeightsDialog *self)
{
  KhWeightProposal *p = self->proposal;
  const char *headings[] = { C_("weights table", "Item"), _("Points"), _("Share Now"),
                             _("Proposed"), _("Weight Now"), _("Proposed"), _("Effect Now"),
                             _("Proposed") };

  grid_clear (self->table);
  if (p == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    kh_ui_grid_label (self->table, headings[c], (int) c, 0, c == 0 ? 0 : 1.0f);
  for (guint i = 0; i < p->items->len; i++)
    {
      const KhNode *child = p->items->pdata[i];
      double values[] = { child->points, kh_node_share (child),
                          self->computed ? p->shares[i] : NAN, child->weight,
                          self->computed ? p->weights[i] : NAN, self->computed ? p->effect_now[i] : NAN,
                          self->computed ? p->effect_proposed[i] : NAN };
      int row = (int) i + 1;

      gtk_widget_set_tooltip_text (
        kh_ui_grid_label (self->table, kh_ui_node_name (child), 0, row, 0), child->id);
      for (guint c = 0; c < G_N_ELEMENTS (values); c++)
        {
          g_autofree char *text = format_fixed (values[c], c == 0 ? 2 : 4);
          GtkWidget *label = kh_ui_grid_label (self->table, text, (int) c + 1, row, 1.0f);

          if (c == 2 || c == 4 || c == 6)
            gtk_widget_add_css_class (label, "accent");
        }
    }
}

typedef struct
{
  guint unit;
  int rank;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    {
      if (x->rank == 0 || y->rank == 0)
        return x->rank == 0 ? 1 : -1;
      return x->rank < y->rank ? -1 : 1;
    }
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static char *
format_rank (int rank)
{
  return rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("—");
}

/* The group's ranking with the proposed weights beside the current one. */
static void
fill_ranking (KhWeightsDialog *self)
{
  KhWeightProposal *p = self->proposal;
  const char *headings[] = { _("Unit"), _("Rank Now"), _("Proposed"), _("Change"),
                             _("Total Now"), _("Proposed") };
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (Ranked));
  KhDataset *ds;
  int precision;

  grid_clear (self->ranking);
  if (p == NULL || !self->computed || p->proposed == NULL)
    {
      gtk_label_set_text (self->summary, "");
      return;
    }
  {
    g_autofree char *summary = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "With these weights %u of %u unit changes rank:",
                   "With these weights %u of %u units change rank:", p->units->len),
      p->n_rank_changes, p->units->len);

    gtk_label_set_text (self->summary, summary);
  }
  ds = kh_plan_get_dataset (p->plan);
  precision = kh_plan_get_framework (p->plan)->precision;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    kh_ui_grid_label (self->ranking, headings[c], (int) c, 0, c == 0 ? 0 : 1.0f);
  for (guint k = 0; k < p->units->len; k++)
    {
      Ranked r = { g_array_index (p->units, guint, k), 0 };

      r.rank = kh_plan_get_rank (p->proposed, r.unit);
      g_array_append_val (order, r);
    }
  g_array_sort (order, compare_ranked);
  for (guint k = 0; k < order->len; k++)
    {
      guint u = g_array_index (order, Ranked, k).unit;
      KhGroup *group = kh_plan_get_unit_group (p->plan, u);
      int digits = group != NULL && group->precision >= 0 ? group->precision : precision;
      int was = kh_plan_get_rank (p->plan, u), now = kh_plan_get_rank (p->proposed, u);
      const char *name = kh_dataset_get_unit_name (ds, u);
      g_autofree char *was_text = format_rank (was), *now_text = format_rank (now);
      g_autofree char *change = was > 0 && now > 0 && was != now
                                  ? g_strdup_printf ("%+d", was - now)
                                  : g_strdup (was > 0 && now > 0 ? "0" : "");
      g_autofree char *total_was = format_fixed (kh_plan_get_rounded_total (p->plan, u), digits);
      g_autofree char *total_now = format_fixed (kh_plan_get_rounded_total (p->proposed, u),
                                                 digits);
      int row = (int) k + 1;
      GtkWidget *label;

      kh_ui_grid_label (self->ranking, name != NULL ? name : kh_dataset_get_unit_id (ds, u), 0,
                        row, 0);
      kh_ui_grid_label (self->ranking, was_text, 1, row, 1.0f);
      kh_ui_grid_label (self->ranking, now_text, 2, row, 1.0f);
      label = kh_ui_grid_label (self->ranking, change, 3, row, 1.0f);
      if (was > 0 && now > 0 && was != now)
        gtk_widget_add_css_class (label, was > now ? "success" : "error");
      kh_ui_grid_label (self->ranking, total_was, 4, row, 1.0f);
      kh_ui_grid_label (self->ranking, total_now, 5, row, 1.0f);
    }
}

/* Group AHP: each expert's CR, those above 0.1 named, and what is weighed. */
static void
show_experts_cr (KhWeightsDialog *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const KhWeightProposal *p = self->proposal;

  gtk_widget_set_visible (GTK_WIDGET (self->experts_cr), self->n_ahp > 1);
  if (self->n_ahp < 2 || p == NULL || !self->computed || p->expert_cr == NULL)
    {
      gtk_label_set_text (self->experts_cr, "");
      return;
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Group AHP: the weights below are those of the "
                                             "element-wise geometric mean of %u expert's "
                                             "matrices.",
                                             "Group AHP: the weights below are those of the "
                                             "element-wise geometric mean of %u experts' "
                                             "matrices.",
                                             p->judgements->len),
                          p->judgements->len);
  for (guint e = 0; e < p->judgements->len; e++)
    {
      g_autofree char *cr = format_fixed (p->expert_cr[e], 3);

      g_string_append_c (text, '\n');
      if (p->expert_cr[e] > KH_AHP_CR_LIMIT)
        g_string_append_printf (text, _("⚠ Expert %u: CR %s — above 0.1: ask them to revise "
                                        "their judgements"),
                                e + 1, cr);
      else
        g_string_append_printf (text, _("Expert %u: CR %s"), e + 1, cr);
    }
  gtk_label_set_text (self->experts_cr, text->str);
}

static void
show_consistency (KhWeightsDialog *self)
{
  const KhAhpConsistency *c;
  g_autofree char *lambda = NULL, *ci = NULL, *cr = NULL, *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->consistency), "error");
  show_experts_cr (self);
  if (self->proposal == NULL || !self->computed)
    {
      gtk_label_set_text (self->consistency, "");
      return;
    }
  c = &self->proposal->consistency;
  lambda = format_fixed (c->lambda_max, 3);
  ci = format_fixed (c->ci, 3);
  cr = format_fixed (c->cr, 3);
  if (isnan (c->ri))
    text = g_strdup_printf (_("λmax %s · CI %s — no random index beyond 15 items: the "
                              "consistency is not judged"),
                            lambda, ci);
  else if (c->cr > KH_AHP_CR_LIMIT)
    {
      text = g_strdup_printf (_("⚠ λmax %s · CI %s · CR %s — above 0.1: the judgements are not "
                                "consistent enough, revise them"),
                              lambda, ci, cr);
      gtk_widget_add_css_class (GTK_WIDGET (self->consistency), "error");
    }
  else
    text = g_strdup_printf (_("λmax %s · CI %s · CR %s — consistent enough (at most 0.1)"),
                            lambda, ci, cr);
  gtk_label_set_text (self->consistency, text);
}

/* Notes on the data used, the components kept, the budget's spread, or why the weights
 * cannot be applied. */
static char *
proposal_notes (KhWeightProposal *p)
{
  GString *notes = g_string_new (NULL);

  if (p->method == KH_WEIGHTING_ENTROPY || p->method == KH_WEIGHTING_CRITIC
      || p->method == KH_WEIGHTING_PCA)
    {
      g_string_append_printf (notes,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Computed on the children's scores in %d of %u unit "
                                           "with all of them",
                                           "Computed on the children's scores in %d of %u units "
                                           "with all of them",
                                           p->n_used),
                              p->data_year, p->n_used);
      if (p->n_skipped > 0)
        g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE,
                                                    " (%u left out: a score missing)",
                                                    " (%u left out: a score missing)",
                                                    p->n_skipped),
                                p->n_skipped);
      g_string_append (notes, ".");
      if (p->method == KH_WEIGHTING_PCA)
        {
          g_string_append_c (notes, ' ');
          g_string_append_printf (notes,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Principal components kept (eigenvalue above 1): %u.",
                                               "Principal components kept (eigenvalue above 1): %u.",
                                               p->n_kept),
                                  p->n_kept);
        }
    }
  if (p->method == KH_WEIGHTING_BUDGET && p->judgements != NULL && p->judgements->len > 1)
    {
      g_string_append (notes, _("Spread of the experts' shares (sd, least, greatest):"));
      for (guint i = 0; i < p->items->len; i++)
        g_string_append_printf (notes, "\n  %s  %.4f  %.4f  %.4f",
                                kh_ui_node_name (p->items->pdata[i]), p->sd[i], p->lo[i], p->hi[i]);
    }
  if (p->apply_error != NULL)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append_printf (notes, _("These weights cannot be applied: %s."), p->apply_error);
    }
  return g_string_free (notes, FALSE);
}

static void
propose (KhWeightsDialog *self)
{
  KhWeightingMethod method = selected_method (self);
  g_autoptr (GPtrArray) judgements = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *notes = NULL;
  gboolean sealed = kh_document_is_sealed (self->document);

  gtk_widget_set_visible (self->ahp_box, method == KH_WEIGHTING_AHP && self->proposal != NULL);
  gtk_widget_set_visible (self->budget_box, method == KH_WEIGHTING_BUDGET && self->proposal != NULL);
  self->computed = FALSE;
  if (self->proposal != NULL)
    {
      if (method == KH_WEIGHTING_AHP || method == KH_WEIGHTING_BUDGET)
        judgements = make_judgements (self, method);
      self->computed = kh_weight_proposal_compute (self->proposal, method, judgements, &error);
    }
  if (self->computed)
    notes = proposal_notes (self->proposal);
  gtk_label_set_text (self->notes, error != NULL ? error->message : notes != NULL ? notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes), gtk_label_get_text (self->notes)[0] != '\0');
  fill_table (self);
  fill_ranking (self);
  show_consistency (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply), !sealed && self->computed
                                                        && self->proposal->apply_error == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->apply),
                               sealed ? _("The year is sealed: its framework cannot change")
                                      : _("Set these weights, points unchanged, and record how "
                                          "they were obtained (one undo step)"));
}

/* A proposal on the document's plan now (the node, its children and the group's units). */
static void
reload (KhWeightsDialog *self)
{
  KhPlan *plan = kh_document_get_plan (self->document);
  g_autoptr (GError) error = NULL;
  guint old_n = self->n;
  g_autofree char *heading = NULL;

  g_clear_pointer (&self->proposal, kh_weight_proposal_free);
  if (plan != NULL)
    self->proposal = kh_weight_proposal_new (plan, self->node_id, selected_group (self), &error);
  else
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         kh_document_get_plan_error (self->document) != NULL
                           ? kh_document_get_plan_error (self->document)
                           : _("The framework does not compute"));
  if (self->proposal == NULL)
    {
      heading = g_strdup_printf (_("The children of “%s” cannot be weighed now: %s"),
                                 self->node_id, error->message);
      gtk_label_set_text (self->heading, heading);
      self->n = 0;
      grid_clear (self->ahp_grid);
      grid_clear (self->budget_grid);
      propose (self);
      return;
    }
  heading = g_strdup_printf (_("Weights of the children of “%s”"),
                             kh_ui_node_name (self->proposal->node));
  gtk_label_set_text (self->heading, heading);
  self->n = self->proposal->items->len;
  if (self->n != old_n || self->matrix == NULL)
    {
      g_free (self->matrix);
      g_free (self->budget);
      self->matrix = g_new (double, (gsize) MAX_EXPERTS * self->n * self->n);
      self->budget = g_new0 (double, MAX_EXPERTS * self->n);
      init_matrix (self);
      init_budget (self);
    }
  self->building = TRUE;
  build_ahp_grid (self);
  build_budget_grid (self);
  self->building = FALSE;
  propose (self);
}

static void
selection_changed_cb (KhWeightsDialog *self)
{
  if (self->document != NULL && !self->building)
    propose (self);
}

static void
group_changed_cb (KhWeightsDialog *self)
{
  if (self->document != NULL && !self->building)
    reload (self);
}

/* ---- applying ------------------------------------------------------------------------ */

static gboolean
apply_edit (KhFramework *framework,
            gpointer     user_data,
            GError     **error)
{
  KhWeightsDialog *self = user_data;
  KhNode *node = kh_framework_find_node (framework, self->node_id);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("the framework has no node “%s”"),
                   self->node_id);
      return FALSE;
    }
  return kh_weight_proposal_apply (self->proposal, node, date,
                                   kh_project_get_user (kh_document_get_project (self->document)),
                                   error);
}

static void
apply_clicked_cb (KhWeightsDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;

  if (self->proposal == NULL || !self->computed)
    return;
  label = g_strdup_printf (_("Apply Weights (%s)"),
                           kh_weighting_method_label (self->proposal->method));
  if (!kh_document_edit_framework (self->document, label, apply_edit, self, &error))
    {
      gtk_label_set_text (self->notes, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->notes), TRUE);
    }
}

static void
document_changed_cb (KhWeightsDialog *self,
                     guint            what)
{
  if ((what & KH_CHANGE_YEAR) != 0 || kh_document_get_year (self->document) != self->year
      || g_strcmp0 (kh_document_get_category (self->document), self->category) != 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if ((what & (KH_CHANGE_FRAMEWORK | KH_CHANGE_RESULTS | KH_CHANGE_VALUES)) != 0)
    reload (self);
  else if ((what & KH_CHANGE_UNDO) != 0)
    propose (self); /* a save or seal changes what Apply may do */
}

/* ---- the window ---------------------------------------------------------------------- */

static void
kh_weights_dialog_dispose (GObject *object)
{
  KhWeightsDialog *self = KH_WEIGHTS_DIALOG (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->proposal, kh_weight_proposal_free);
  g_clear_pointer (&self->matrix, g_free);
  g_clear_pointer (&self->budget, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->node_id, g_free);
  G_OBJECT_CLASS (kh_weights_dialog_parent_class)->dispose (object);
}

static void
kh_weights_dialog_class_init (KhWeightsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kh_weights_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkGrid *
new_grid (int column_spacing)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, column_spacing);
  gtk_grid_set_row_spacing (grid, 4);
  return grid;
}

static GtkLabel *
new_wrapping_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  return label;
}

static void
kh_weights_dialog_init (KhWeightsDialog *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scroll, *label, *buttons;
  const char *methods[KH_WEIGHTING_N_METHODS + 1];

  gtk_window_set_title (GTK_WINDOW (self), _("Propose Weights"));
  gtk_window_set_default_size (GTK_WINDOW (self), 860, 680);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  gtk_widget_set_margin_top (outer, 12);
  gtk_widget_set_margin_bottom (outer, 12);

  self->heading = new_wrapping_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-4");
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (self->heading));

  label = gtk_label_new_with_mnemonic (_("_Method"));
  gtk_box_append (GTK_BOX (bar), label);
  for (guint m = 0; m < KH_WEIGHTING_N_METHODS; m++)
    methods[m] = kh_weighting_method_label ((KhWeightingMethod) m);
  methods[KH_WEIGHTING_N_METHODS] = NULL;
  self->method = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (methods));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->method));
  g_signal_connect_swapped (self->method, "notify::selected", G_CALLBACK (selection_changed_cb),
                            self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->method));
  label = gtk_label_new_with_mnemonic (_("Peer _group"));
  gtk_widget_set_margin_start (label, 12);
  gtk_box_append (GTK_BOX (bar), label);
  self->group = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->group),
                               _("The units whose data entropy, CRITIC and PCA use, and whose "
                                 "ranking is shown"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->group));
  g_signal_connect_swapped (self->group, "notify::selected", G_CALLBACK (group_changed_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->group));
  gtk_box_append (GTK_BOX (outer), bar);

  /* AHP: the pairwise comparisons */
  self->ahp_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = GTK_WIDGET (new_wrapping_label ());
  gtk_label_set_text (GTK_LABEL (label),
                      _("Pairwise comparisons on Saaty's scale: how much more the row matters "
                        "than the column — 1 equally, 3 moderately, 5 strongly, 7 very strongly, "
                        "9 extremely (2, 4, 6, 8 between); 1/3 … 1/9 the other way round."));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->ahp_box), label);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("E_xpert"));
  gtk_box_append (GTK_BOX (buttons), label);
  self->ahp_expert_names = gtk_string_list_new (NULL);
  self->ahp_experts = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->ahp_expert_names),
                                                        NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ahp_experts),
                               _("Whose comparisons the grid shows: several experts' matrices "
                                 "are combined by their element-wise geometric mean (group AHP)"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->ahp_experts));
  g_signal_connect_swapped (self->ahp_experts, "notify::selected",
                            G_CALLBACK (ahp_expert_changed_cb), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->ahp_experts));
  self->add_ahp_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Expert")));
  g_signal_connect_swapped (self->add_ahp_expert, "clicked", G_CALLBACK (add_ahp_expert_cb),
                            self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_ahp_expert));
  self->remove_ahp_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove This Expert")));
  g_signal_connect_swapped (self->remove_ahp_expert, "clicked",
                            G_CALLBACK (remove_ahp_expert_cb), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->remove_ahp_expert));
  gtk_box_append (GTK_BOX (self->ahp_box), buttons);
  self->ahp_grid = new_grid (8);
  gtk_box_append (GTK_BOX (self->ahp_box), GTK_WIDGET (self->ahp_grid));
  self->experts_cr = new_wrapping_label ();
  gtk_box_append (GTK_BOX (self->ahp_box), GTK_WIDGET (self->experts_cr));
  self->consistency = new_wrapping_label ();
  gtk_box_append (GTK_BOX (self->ahp_box), GTK_WIDGET (self->consistency));
  gtk_box_append (GTK_BOX (box), self->ahp_box);

  /* budget allocation: the experts' points */
  self->budget_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = GTK_WIDGET (new_wrapping_label ());
  gtk_label_set_text (GTK_LABEL (label),
                      _("Each expert's points for the children: every expert's points become "
                        "shares of that expert's total, and the shares are averaged."));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->budget_box), label);
  self->budget_grid = new_grid (8);
  gtk_box_append (GTK_BOX (self->budget_box), GTK_WIDGET (self->budget_grid));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->add_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Expert")));
  g_signal_connect_swapped (self->add_expert, "clicked", G_CALLBACK (add_expert_cb), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_expert));
  self->remove_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove Last Expert")));
  g_signal_connect_swapped (self->remove_expert, "clicked", G_CALLBACK (remove_expert_cb), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->remove_expert));
  gtk_box_append (GTK_BOX (self->budget_box), buttons);
  gtk_box_append (GTK_BOX (box), self->budget_box);

  self->table = new_grid (18);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));
  self->notes = new_wrapping_label ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->notes));
  self->summary = new_wrapping_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));
  self->ranking = new_grid (18);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->ranking));

  scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), box);
  gtk_box_append (GTK_BOX (outer), scroll);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (bar, GTK_ALIGN_END);
  self->apply = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Apply Weights")));
  gtk_widget_add_css_class (GTK_WIDGET (self->apply), "suggested-action");
  g_signal_connect_swapped (self->apply, "clicked", G_CALLBACK (apply_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->apply));
  gtk_box_append (GTK_BOX (outer), bar);

  gtk_window_set_child (GTK_WINDOW (self), outer);
}

KhWeightsDialog *
kh_weights_dialog_new (KhDocument *document,
                       const char *node_id,
                       GtkWindow  *parent)
{
  KhWeightsDialog *self;
  KhFramework *fw;
  g_autoptr (GtkStringList) groups = gtk_string_list_new (NULL);
  const KhNode *node;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  self = g_object_new (KH_TYPE_WEIGHTS_DIALOG, "modal", TRUE, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->document = g_object_ref (document);
  self->year = kh_document_get_year (document);
  self->category = g_strdup (kh_document_get_category (document));
  self->node_id = g_strdup (node_id);
  fw = kh_document_get_framework (document);
  gtk_string_list_append (groups, _("Every group"));
  for (guint g = 0; fw != NULL && g < fw->groups->len; g++)
    {
      const KhGroup *group = fw->groups->pdata[g];
      const char *name = kh_text_get (&group->name, kh_ui_get_lang ());

      gtk_string_list_append (groups, name != NULL ? name : group->id);
    }
  self->building = TRUE;
  gtk_drop_down_set_model (self->group, G_LIST_MODEL (groups));
  /* a single group is the natural choice */
  gtk_drop_down_set_selected (self->group, fw != NULL && fw->groups->len == 1 ? 1 : 0);
  node = fw != NULL ? kh_framework_find_node (fw, node_id) : NULL;
  /* start from the method the node's record says, else AHP */
  gtk_drop_down_set_selected (self->method, node != NULL && node->weighting != NULL
                                              ? (guint) node->weighting->method
                                              : (guint) KH_WEIGHTING_AHP);
  self->building = FALSE;
  self->changed_handler = g_signal_connect_swapped (document, "changed",
                                                    G_CALLBACK (document_changed_cb), self);
  reload (self);
  return self;
}

GtkDropDown *
kh_weights_dialog_get_method (KhWeightsDialog *self)
{
  return self->method;
}

GtkDropDown *
kh_weights_dialog_get_group (KhWeightsDialog *self)
{
  return self->group;
}

/* The widget at @column, @row of @grid, or NULL. */
static GtkWidget *
grid_child (GtkGrid *grid,
            int      column,
            int      row)
{
  return gtk_grid_get_child_at (grid, column, row);
}

GtkDropDown *
kh_weights_dialog_get_ahp_cell (KhWeightsDialog *self,
                                guint            i,
                                guint            j)
{
  GtkWidget *cell;

  g_return_val_if_fail (KH_IS_WEIGHTS_DIALOG (self), NULL);
  if (i >= j || j >= self->n)
    return NULL; /* no such cell now */
  cell = grid_child (self->ahp_grid, (int) j + 1, (int) i + 1);
  return GTK_IS_DROP_DOWN (cell) ? GTK_DROP_DOWN (cell) : NULL;
}

GtkSpinButton *
kh_weights_dialog_get_budget_cell (KhWeightsDialog *self,
                                   guint            e,
                                   guint            i)
{
  GtkWidget *cell;

  g_return_val_if_fail (KH_IS_WEIGHTS_DIALOG (self), NULL);
  if (e >= self->n_experts || i >= self->n)
    return NULL;
  cell = grid_child (self->budget_grid, (int) i + 1, (int) e + 1);
  return GTK_IS_SPIN_BUTTON (cell) ? GTK_SPIN_BUTTON (cell) : NULL;
}

GtkButton *
kh_weights_dialog_get_add_expert (KhWeightsDialog *self)
{
  return self->add_expert;
}

GtkDropDown *
kh_weights_dialog_get_ahp_expert (KhWeightsDialog *self)
{
  return self->ahp_experts;
}

GtkButton *
kh_weights_dialog_get_add_ahp_expert (KhWeightsDialog *self)
{
  return self->add_ahp_expert;
}

GtkButton *
kh_weights_dialog_get_remove_ahp_expert (KhWeightsDialog *self)
{
  return self->remove_ahp_expert;
}

GtkLabel *
kh_weights_dialog_get_experts_cr (KhWeightsDialog *self)
{
  return self->experts_cr;
}

GtkButton *
kh_weights_dialog_get_apply (KhWeightsDialog *self)
{
  return self->apply;
}

GtkGrid *
kh_weights_dialog_get_table (KhWeightsDialog *self)
{
  return self->table;
}

GtkLabel *
kh_weights_dialog_get_consistency (KhWeightsDialog *self)
{
  return self->consistency;
}

GtkLabel *
kh_weights_dialog_get_summary (KhWeightsDialog *self)
{
  return self->summary;
}

GtkGrid *
kh_weights_dialog_get_ranking (KhWeightsDialog *self)
{
  return self->ranking;
}

const double *
kh_weights_dialog_get_shares (KhWeightsDialog *self)
{
  return self->proposal != NULL && self->computed ? self->proposal->shares : NULL;
}

double
kh_weights_dialog_get_cr (KhWeightsDialog *self)
{
  return self->proposal != NULL && self->computed && self->proposal->method == KH_WEIGHTING_AHP
           ? self->proposal->consistency.cr
           : NAN;
}
