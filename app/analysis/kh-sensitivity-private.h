/* kh-sensitivity-private.h — what kh-sensitivity.c, kh-sensitivity-resolve.c and kh-sensitivity-result.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-sensitivity.h"

G_BEGIN_DECLS

/* One uncertain input as resolved against the plan. */
typedef struct
{
  KhInputKind kind;
  char *name;
  char *about;        /* node id the input is about, or NULL */
  guint *nodes;       /* weights: varied nodes; dirichlet: the children; leave-out: the
                       * candidates; method, missing: the indicator */
  guint n_nodes;
  double amount;      /* weights: ± fraction; tiers: ± cut-off */
  double *alpha;      /* dirichlet: c · wᵢ / Σw */
  double sum;         /* dirichlet: Σ w */
  GArray *methods;    /* method: of KhScoring (owned copies without steps) */
  GArray *rules;      /* missing: of KhMissingPolicy */
  guint n_choices;    /* method, missing, leave-out: choices besides the nominal */
  gboolean generated; /* made by "weights = r %", not declared: named weights:NODE */
  guint dims;
} Input;

/* A node that sums its children: varied weights are scaled back to Σ wᵢ·Pᵢ nominal. */
typedef struct
{
  guint *children; /* the non-coefficient children */
  guint n_children;
  double nominal;  /* Σ wᵢ·Pᵢ */
} Rescale;

/* One run's parameters: what a point of the design means. */
typedef struct
{
  double *weight;  /* n_nodes (only the varied ones are read) */
  guint *choice;   /* n_inputs: 0 = nominal (none left out), i = alternative i */
  double *cutoffs; /* the tier rule's cut-offs */
  double *gamma;   /* scratch: Dirichlet draws */
} Sample;

struct _KhSensitivity
{
  KhPlan *plan;     /* the nominal plan (a computed copy) */
  KhGroup *group;   /* NULL: the framework has no groups */
  guint *units;     /* the group's units, plan order */
  guint n_units;
  int *nominal_rank;

  Input *inputs;
  guint n_inputs;
  KhDesign *design;
  guint32 seed;
  guint n_nodes;
  double *nominal_weight; /* n_nodes */
  guint *varied;          /* nodes whose weight a run sets, ascending */
  guint n_varied;
  Rescale *rescale;
  guint n_rescale;
  guint max_children;
  guint n_cutoffs;
  int tiers_input;        /* index of the tiers input, or −1 */
  GPtrArray *parameters;  /* of char*: names */

  guint n_runs, n_rows, chunk_rows, n_chunks;
  guint n_threads;
  gint32 *ranks;   /* n_runs × n_units */
  guint8 *tiers;   /* n_runs × n_units */
  guint32 *awards; /* n_runs × n_units: bit a = award a */
  guint n_awards;

  gint cancelled;
  gint next_chunk;
  gint *chunk_done;
  gint rows_done;
};

/* Set-up (kh-sensitivity-resolve.c): the spec's inputs resolved against the plan, the
 * nodes whose weights a run sets, the parameters' names. */
gboolean kh_sensitivity_resolve_inputs   (KhSensitivity           *self,
                                          const KhSensitivitySpec *spec,
                                          GError                 **error);
void     kh_sensitivity_collect_varied   (KhSensitivity           *self);
void     kh_sensitivity_name_parameters  (KhSensitivity           *self);
void     kh_sensitivity_input_clear      (Input                   *input);
/* The group's id for messages. */
const char *kh_sensitivity_group_label (KhSensitivity *self);

Sample *kh_sensitivity_sample_new  (KhSensitivity *self);
void    kh_sensitivity_sample_free (Sample        *sample);
/* The parameters of the design point @point. */
void    kh_sensitivity_sample      (KhSensitivity *self,
                                    const double  *point,
                                    Sample        *sample);

G_END_DECLS
