/* kh-test-engine.h — small hand-made frameworks and datasets for engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/kh-engine.h"

G_BEGIN_DECLS

/* A framework of year @year whose root aggregates by @aggregation. */
KhFramework *kh_test_framework_new (int            year,
                                    KhAggregation  aggregation);
KhNode      *kh_test_add_node      (KhNode        *parent,
                                    KhNodeKind     kind,
                                    const char    *id,
                                    double         points,
                                    double         weight);
/* An indicator scored by goalposts [0, 100]: score = P · x / 100. */
KhNode      *kh_test_add_linear    (KhNode        *parent,
                                    const char    *id,
                                    double         points);
/* Units "U1".."Un" of @year, one column per field; @values row-major (unit by field),
 * NaN for missing. */
KhDataset   *kh_test_dataset_new   (int                year,
                                    guint              n_units,
                                    const char *const *fields,
                                    const double      *values);
/* kh_plan_new() and kh_plan_compute(), then kh_test_assert_coverages() */
KhPlan      *kh_test_plan_compute  (KhFramework   *fw,
                                    KhDataset     *ds,
                                    KhPlan        *previous);
/* kh_plan_get_coverages() of every node is kh_plan_get_coverage() of each unit, bit for
 * bit (NaN as NaN): the whole tree at once against the walk of each unit. */
void         kh_test_assert_coverages (KhPlan     *plan);
/* @plan's previous contribution of every unit and node is @prev's contribution of the
 * unit and node of the same ids (none renamed, merged or replaced), bit for bit: last
 * year's all at once (kh_plan_new()) against unit by unit. */
void         kh_test_assert_previous_contributions (KhPlan *plan,
                                                    KhPlan *prev);
double       kh_test_score         (KhPlan        *plan,
                                    guint          unit,
                                    const char    *node);
guint        kh_test_node          (KhPlan        *plan,
                                    const char    *node);

/* Every result of @a (scores, coverage, contributions, values by stage, totals, ranks,
 * tiers, vetoes, rank changes, adjustments, constraints, awards, quotas) equals @b's
 * to the bit; g_error() naming the first that does not. */
void         kh_test_assert_same_results (KhPlan *a,
                                          KhPlan *b);
/* The same of @plan and its framework and dataset computed again with @previous. */
void         kh_test_assert_as_computed  (KhPlan *plan,
                                          KhPlan *previous);

G_END_DECLS
