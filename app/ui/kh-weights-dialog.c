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
 * This file holds the window, the proposal and applying it; the judgements' grids are in
 * kh-weights-dialog-judgements.c, the tables and notes in kh-weights-dialog-tables.c, and
 * the state they share in kh-weights-dialog-private.h.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-ui-window.h"
#include "kh-ui.h"
#include "kh-weights-dialog-private.h"

G_DEFINE_FINAL_TYPE (KhWeightsDialog, kh_weights_dialog, GTK_TYPE_WINDOW)

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

void
kh_weights_dialog_propose (KhWeightsDialog *self)
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
        judgements = kh_weights_dialog_make_judgements (self, method);
      self->computed = kh_weight_proposal_compute (self->proposal, method, judgements, &error);
    }
  if (self->computed)
    notes = kh_weights_dialog_proposal_notes (self->proposal);
  gtk_label_set_text (self->notes, error != NULL ? error->message : notes != NULL ? notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes), gtk_label_get_text (self->notes)[0] != '\0');
  kh_weights_dialog_fill_tables (self);
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
      kh_ui_grid_clear (self->ahp_grid);
      kh_ui_grid_clear (self->budget_grid);
      kh_weights_dialog_propose (self);
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
      kh_weights_dialog_init_judgements (self);
    }
  self->building = TRUE;
  kh_weights_dialog_build_grids (self);
  self->building = FALSE;
  kh_weights_dialog_propose (self);
}

static void
selection_changed_cb (KhWeightsDialog *self)
{
  if (self->document != NULL && !self->building)
    kh_weights_dialog_propose (self);
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
    kh_weights_dialog_propose (self); /* a save or seal changes what Apply may do */
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
                            G_CALLBACK (kh_weights_dialog_ahp_expert_changed), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->ahp_experts));
  self->add_ahp_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Expert")));
  g_signal_connect_swapped (self->add_ahp_expert, "clicked", G_CALLBACK (kh_weights_dialog_add_ahp_expert),
                            self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_ahp_expert));
  self->remove_ahp_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove This Expert")));
  g_signal_connect_swapped (self->remove_ahp_expert, "clicked",
                            G_CALLBACK (kh_weights_dialog_remove_ahp_expert), self);
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
  g_signal_connect_swapped (self->add_expert, "clicked", G_CALLBACK (kh_weights_dialog_add_budget_expert), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_expert));
  self->remove_expert = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove Last Expert")));
  g_signal_connect_swapped (self->remove_expert, "clicked", G_CALLBACK (kh_weights_dialog_remove_budget_expert), self);
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
