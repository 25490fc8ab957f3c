/* kh-weights-dialog-private.h — the Weights… window's state, shared by kh-weights-dialog.c
 * (the window, the proposal and applying it), kh-weights-dialog-judgements.c (the AHP and
 * budget grids) and kh-weights-dialog-tables.c (the tables and notes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "analysis/kh-weight-proposal.h"
#include "kh-weights-dialog.h"

G_BEGIN_DECLS

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

/* kh-weights-dialog.c: computes the proposal of the method chosen with the judgements
 * entered and shows it. */
void       kh_weights_dialog_propose               (KhWeightsDialog   *self);

/* kh-weights-dialog-judgements.c */
/* The judgements to start from for the node's self->n children: its recorded AHP
 * matrices when usable, else one expert judging all equal; one budget expert with the
 * children's weighted points. */
void       kh_weights_dialog_init_judgements       (KhWeightsDialog   *self);
/* The AHP grid of the expert shown and the budget grid, built anew. */
void       kh_weights_dialog_build_grids           (KhWeightsDialog   *self);
/* The judgements of @method (AHP or budget) as entered (of KhJudgement*). */
GPtrArray *kh_weights_dialog_make_judgements       (KhWeightsDialog   *self,
                                                    KhWeightingMethod  method);
/* The buttons' and the expert chooser's handlers. */
void       kh_weights_dialog_add_ahp_expert        (KhWeightsDialog   *self);
void       kh_weights_dialog_remove_ahp_expert     (KhWeightsDialog   *self);
void       kh_weights_dialog_ahp_expert_changed    (KhWeightsDialog   *self);
void       kh_weights_dialog_add_budget_expert     (KhWeightsDialog   *self);
void       kh_weights_dialog_remove_budget_expert  (KhWeightsDialog   *self);

/* kh-weights-dialog-tables.c */
/* The weights table, the ranking and its summary, the consistency lines. */
void       kh_weights_dialog_fill_tables           (KhWeightsDialog   *self);
/* Notes on the data used, the components kept, the budget's spread, or why the weights
 * cannot be applied. */
char      *kh_weights_dialog_proposal_notes        (KhWeightProposal  *p);

G_END_DECLS
