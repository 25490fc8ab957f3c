/* kh-weights-dialog.h — the Framework page's Weights… window: proposed weights of a node's
 * children by a method (equal, AHP with its pairwise-comparison grid — one per expert for
 * group AHP —, entropy, CRITIC, PCA,
 * budget allocation) beside the current ones, the ranking they give, applied as one edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kh-weighting.h"
#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_WEIGHTS_DIALOG (kh_weights_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhWeightsDialog, kh_weights_dialog, KH, WEIGHTS_DIALOG, GtkWindow)

/* A window over the weighed children of the node @node_id of @document's working
 * framework, transient for @parent. It follows the document (an edit or undo proposes
 * again on the new plan); another year or category closes it. */
KhWeightsDialog *kh_weights_dialog_new (KhDocument *document,
                                        const char *node_id,
                                        GtkWindow  *parent);

/* For tests that drive it: the method (its KhWeightingMethod is the index), the peer
 * group (0: every group, k: the framework's k-th), the AHP cell of row @i and column @j
 * above the diagonal (its item k is the value kh_weights_dialog_scale_value (k)), the
 * budget's points of expert @e for child @i (each NULL when there is no such cell now: fewer
 * children, or nothing can be weighed), the Apply button, the weights table, the
 * consistency line, the ranking's summary and the ranking table. */
GtkDropDown   *kh_weights_dialog_get_method      (KhWeightsDialog *self);
GtkDropDown   *kh_weights_dialog_get_group       (KhWeightsDialog *self);
GtkDropDown   *kh_weights_dialog_get_ahp_cell    (KhWeightsDialog *self,
                                                  guint            i,
                                                  guint            j);
GtkSpinButton *kh_weights_dialog_get_budget_cell (KhWeightsDialog *self,
                                                  guint            e,
                                                  guint            i);
GtkButton     *kh_weights_dialog_get_add_expert  (KhWeightsDialog *self);
/* Group AHP: the expert whose grid shows (item e: expert e + 1), Add Expert (a copy of the
 * one shown), Remove This Expert, and each expert's CR (hidden with one expert). */
GtkDropDown   *kh_weights_dialog_get_ahp_expert  (KhWeightsDialog *self);
GtkButton     *kh_weights_dialog_get_add_ahp_expert (KhWeightsDialog *self);
GtkButton     *kh_weights_dialog_get_remove_ahp_expert (KhWeightsDialog *self);
GtkLabel      *kh_weights_dialog_get_experts_cr  (KhWeightsDialog *self);
GtkButton     *kh_weights_dialog_get_apply       (KhWeightsDialog *self);
GtkGrid       *kh_weights_dialog_get_table       (KhWeightsDialog *self);
GtkLabel      *kh_weights_dialog_get_consistency (KhWeightsDialog *self);
GtkLabel      *kh_weights_dialog_get_summary     (KhWeightsDialog *self);
GtkGrid       *kh_weights_dialog_get_ranking     (KhWeightsDialog *self);
/* The shares proposed now (NULL when there is no proposal), parallel to the weighed
 * children, and AHP's consistency ratio (NAN when not AHP). */
const double  *kh_weights_dialog_get_shares      (KhWeightsDialog *self);
double         kh_weights_dialog_get_cr          (KhWeightsDialog *self);

/* Saaty's 1–9 scale as the AHP cells list it: 9, 8, …, 2, 1, 1/2, …, 1/9 (17 values). */
#define KH_SAATY_N_VALUES 17
double         kh_weights_dialog_scale_value     (guint            index);

G_END_DECLS
