/* kh-bench-synth.h — deterministic synthetic frameworks and data for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "core/kh-dataset.h"
#include "core/kh-framework.h"

G_BEGIN_DECLS

/* A framework of @n_indicators indicators under dimensions of @per_dimension, with a
 * realistic mix of methods (half min-max; z-score, rank, percentile, goalposts,
 * target-ratio, thresholds, satisfaction), some lower-is-better, a few formulas
 * (per capita on the variable `pop`), winsorising, imputation policies, a bonus, a
 * deduction, a binding constraint, and @n_groups peer groups ("g1"…) with 3 tiers by
 * share, an award and a "321" quota. */
KhFramework *kh_bench_framework (const char *id,
                                 const char *category,
                                 guint       n_indicators,
                                 guint       per_dimension,
                                 guint       n_groups);

/* Data of @year for @n_units units ("u1"…, round-robin over the groups) for every
 * field @fw reads, from a fixed seed: unit strength + yearly drift + noise, about 2 %
 * missing. Works for any framework (grades get a valid code, satisfaction a rate). */
KhDataset   *kh_bench_dataset   (KhFramework *fw,
                                 guint        n_units,
                                 int          year,
                                 guint32      seed);

/* Bytes of the values of @ds (units × fields × sizeof (double)). */
gsize        kh_bench_dataset_bytes (KhDataset *ds);

G_END_DECLS
