/* kh-sensitivity-spec.h — the uncertain inputs declared for a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spec lists the inputs of a year and category that the office is unsure of, each a
 * source of variation with its own Sobol indices:
 *
 *   weights    each listed node's weight × (1 + r·(2u − 1)), u uniform: ± r (e.g. 25 %)
 *   dirichlet  the weights of a node's children drawn together from a Dirichlet
 *              distribution centred on the nominal weights, concentration c
 *   method     an indicator scored by its own method or by one of the alternatives
 *   missing    an indicator's missing values handled by its own rule or an alternative
 *   leave-out  all indicators, or one of the listed ones left out (weight 0)
 *   tiers      the group's tier cut-offs each moved by up to ± r (whole units for tiers
 *              by count, a share for tiers by share, points for thresholds)
 *
 * Under a node that sums its children (sum, coefficient), varied weights are scaled
 * back so that Σ wᵢ·Pᵢ keeps its nominal value: the full points of the framework stay
 * as published. Means, geometric and harmonic means are scale-free already.
 *
 * The text form is a key file, documented with an example in data/schema/README.md
 * ("Sensitivity specs"). kh_sensitivity_spec_parse() checks the syntax and every value
 * and names file:line for each problem; whether the inputs fit a framework and group is
 * checked by kh_sensitivity_new() against the plan, which refuses any input that would
 * change nothing, with the reason. No I/O here: the caller reads the file.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"
#include "kh-saltelli.h"

G_BEGIN_DECLS

typedef enum
{
  KH_INPUT_WEIGHTS,
  KH_INPUT_DIRICHLET,
  KH_INPUT_METHOD,
  KH_INPUT_MISSING,
  KH_INPUT_LEAVE_OUT,
  KH_INPUT_TIERS,
} KhInputKind;

typedef struct
{
  KhInputKind kind;
  char *name;       /* shown in results, unique within the spec */
  GPtrArray *nodes; /* of char*: weights: the nodes; dirichlet: the parent; method, missing:
                     * the indicator; leave-out: the candidates (empty: every indicator) */
  gboolean children; /* weights: `nodes` are parents, their children vary */
  double amount;    /* weights: r (fraction); dirichlet: c; tiers: r in the rule's unit */
  GArray *methods;  /* method: of KhScoring (alternatives; steps are never set) */
  GArray *rules;    /* missing: of KhMissingPolicy (alternatives) */
  guint line;       /* where it is declared in the spec text, 0 when made in code */
} KhUncertainInput;

#define KH_SENSITIVITY_DEFAULT_RUNS 10000
#define KH_SENSITIVITY_DEFAULT_SEED 1

typedef struct
{
  char *source;        /* the file name used in messages, or NULL */
  GPtrArray *inputs;   /* of KhUncertainInput* */
  double weights;      /* > 0: every weight not declared otherwise varies ± this fraction,
                        * one input per parent ("weights ± 25 %") */
  guint runs;          /* model runs wanted, default KH_SENSITIVITY_DEFAULT_RUNS */
  guint32 seed;        /* default KH_SENSITIVITY_DEFAULT_SEED */
  gboolean has_design; /* FALSE: Sobol when it has room, else reverse Halton */
  KhDesignKind design;
} KhSensitivitySpec;

const char         *kh_input_kind_to_string      (KhInputKind kind);

/* An empty spec: no input, default runs and seed. */
KhSensitivitySpec  *kh_sensitivity_spec_new       (void);
/* The one-click default: every weight ± @range (0.25 for ± 25 %). */
KhSensitivitySpec  *kh_sensitivity_spec_new_weights (double range);
void                kh_sensitivity_spec_free      (KhSensitivitySpec *self);

/* Parses the key-file text of a spec; @source names it in messages (file:line: …).
 * NULL with every problem, one per line, on error (KH_ANALYSIS_ERROR_SPEC). */
KhSensitivitySpec  *kh_sensitivity_spec_parse     (const char  *text,
                                                   gssize       length,
                                                   const char  *source,
                                                   GError     **error);

KhUncertainInput   *kh_uncertain_input_new        (KhInputKind  kind,
                                                   const char  *name);
void                kh_uncertain_input_free       (KhUncertainInput *input);
/* A scoring method as the spec's alternatives write it: "zscore(mean=50, sd=10)" with
 * @exact (numbers that read back the same), else "zscore(mean=50,sd=10)" with 6 digits
 * (the replications' CSV). */
char               *kh_scoring_spec_text          (const KhScoring *s,
                                                   gboolean         exact);
/* The alternatives of a method or missing input as the spec's "alternatives" key writes
 * them ("rank; zscore(mean=2, sd=1)", "zero; median"), which the parser reads back to
 * the same methods and rules; "" for other kinds. */
char               *kh_uncertain_input_alternatives_text (const KhUncertainInput *input);
/* "file:line: " or "input “NAME”: " for messages about @input. */
char               *kh_uncertain_input_where      (const KhSensitivitySpec *spec,
                                                   const KhUncertainInput  *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSensitivitySpec, kh_sensitivity_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhUncertainInput, kh_uncertain_input_free)

G_END_DECLS
