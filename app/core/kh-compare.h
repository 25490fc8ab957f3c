/* kh-compare.h — comparing a year with the one before: what changed in the framework,
 * how much of a unit's change is the framework's, and who closed which gap how
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KhComparison reads the current year's computed plan — its previous totals, ranks
 * and contributions, matched to last year's units by kh_plan_get_previous_unit_id() —
 * and, when the framework changed, the like-for-like plan (last year's data under this
 * year's framework, kh_plan_new_like_for_like()). The formulas are in
 * data/schema/README.md, "Comparing years".
 */
#pragma once

#include "kh-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KH_FRAMEWORK_ADMITTED,   /* an indicator this year's framework has and last year's had not */
  KH_FRAMEWORK_RETIRED,    /* an indicator of last year that nothing continues */
  KH_FRAMEWORK_REPLACED,   /* an indicator continuing another (`replaces`) */
  KH_FRAMEWORK_REWEIGHTED, /* the same indicator with other points or weight */
} KhFrameworkChangeKind;

typedef struct
{
  KhFrameworkChangeKind kind;
  const KhNode *node; /* of @later; NULL when retired */
  const KhNode *old;  /* of @earlier; NULL when admitted */
} KhFrameworkChange;

/* The indicators that differ between @earlier and @later (each in its own year): of
 * KhFrameworkChange, in @later's order, the retired ones last in @earlier's order. */
GArray *kh_framework_diff (KhFramework *earlier,
                           KhFramework *later);

typedef struct _KhComparison KhComparison;

/* @current: a computed plan bound to last year's; @like: last year's data under
 * @current's framework, or NULL when the framework did not change. */
KhComparison *kh_comparison_new  (KhPlan       *current,
                                  KhPlan       *like);
void          kh_comparison_free (KhComparison *self);

/* The change of @unit's total against last year, split into the framework effect
 * (like-for-like total − last year's total) and the performance effect (this year's
 * total − like-for-like total). FALSE when either year has no total. */
gboolean      kh_comparison_get_change (KhComparison *self,
                                        guint         unit,
                                        double       *change,
                                        double       *framework,
                                        double       *performance);

/* The change of @unit's total split the same way: @node_parts[n] = contribution this
 * year − last year's (like-for-like), *@adjustments, *@framework; root part +
 * adjustments + framework = *@change. */
gboolean      kh_comparison_attribute_change (KhComparison *self,
                                              guint         unit,
                                              double       *node_parts,
                                              double       *adjustments,
                                              double       *framework,
                                              double       *change);

/* The change of the gap between @unit and @other (total of @unit − total of @other,
 * this year minus last year), split exactly: @node_parts[n] for every node n of the
 * current plan (indicators sum to the root's part, children to their parent's),
 * *@adjustments (bonuses, deductions, constraint deductions) and *@framework (the
 * framework effect on the gap). Root part + adjustments + framework = *@gap_change.
 * FALSE when a total is missing. @node_parts holds kh_plan_get_n_nodes() doubles. */
gboolean      kh_comparison_attribute_gap (KhComparison *self,
                                           guint         unit,
                                           guint         other,
                                           double       *node_parts,
                                           double       *adjustments,
                                           double       *framework,
                                           double       *gap_change);

/* The units of @unit's group that it passed (ranked better than it last year, worse
 * now) into @passed, and those that passed it into @passed_by (guint unit indices). */
void          kh_comparison_get_overtakes (KhComparison *self,
                                           guint         unit,
                                           GArray       *passed,
                                           GArray       *passed_by);

/* Every unit's overtakes at once, as kh_comparison_get_overtakes() finds them one unit
 * at a time, in O(n log n + n · @limit · log n) for n units (issue 22: once per unit that
 * function is quadratic): for each unit the number it passed and was passed by, and the
 * first @limit of each in unit order (G_MAXUINT: all). */
typedef struct _KhOvertakes KhOvertakes;

KhOvertakes  *kh_comparison_get_all_overtakes (KhComparison *self,
                                               guint         limit);
void          kh_overtakes_free               (KhOvertakes  *self);

/* Appends the first (at most limit) units @unit passed to @passed and those that passed
 * it to @passed_by (either may be NULL), as kh_comparison_get_overtakes() would in the same
 * order; *@n_passed and *@n_passed_by (may be NULL) get how many there are in all. */
void          kh_overtakes_get                (KhOvertakes  *self,
                                               guint         unit,
                                               GArray       *passed,
                                               GArray       *passed_by,
                                               guint        *n_passed,
                                               guint        *n_passed_by);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhComparison, kh_comparison_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhOvertakes, kh_overtakes_free)

G_END_DECLS
