/* kh-plausibility.h — values far from last year or outside their declared range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A value is flagged for confirmation (never refused) when
 *
 *  - it lies outside the range its field declares (valid-min, valid-max of the variable or
 *    indicator in the framework; either bound may be absent), or
 *  - its change from the unit's value of the year before lies beyond k × MAD of the
 *    changes of its peer group: the units of the same group with a value both years
 *    (the previous value is the unit's only predecessor's; a merged or new unit has no
 *    change). With m the median of the group's changes and MAD the median of |c − m|,
 *    a change c is flagged when |c − m| > k × MAD (k = 5 by default: for normal data
 *    MAD ≈ 0.674 σ, so about 3.4 σ). A change is absolute (value − previous) for a field
 *    declared absolute (the caller's choice: a rate measured in %, whose change is
 *    counted in points) or when a previous value of the field in the group is 0 or
 *    below; otherwise relative (value / previous − 1). A group of fewer than
 *    KH_PLAUSIBILITY_MIN_CHANGES changes flags none by change.
 *
 *    The MAD has a floor: where most changes are equal (0/1 fields, grades and small
 *    counts, which mostly stay as they were) the MAD is 0, and k × MAD would flag every
 *    change at all. Below a change of one step of the values' precision nothing is
 *    measured, so the MAD is taken as at least that step: r = 10^-d for the fewest
 *    decimals d (0 … 6) that write every value of the group, both years. For absolute
 *    changes the floor is r points (whole numbers: a change must be more than k = 5
 *    away from the median change, so a 0/1 field is never flagged for its change); for
 *    relative ones it is r as a share of the group's median previous value (a grade of
 *    1–4 around 3: 1/3) and at least KH_PLAUSIBILITY_MIN_RELATIVE_MAD (1 %: a change
 *    within 5 % of the group's median change is never flagged, such as a county's GDP
 *    growing 9 % where the others grew 6 %). A change c is flagged when
 *    |c − m| > k × max(MAD, floor); a margin of 1e-9 × max(1, |m|) keeps rounding from
 *    flagging equal growth. The flag reports the group's MAD itself and the floor, so that
 *    its message can say which of the two set the threshold.
 *
 * A value outside its range is flagged for the range only. Pure: no I/O.
 */
#pragma once

#include <glib.h>

#include "kh-dataset.h"

G_BEGIN_DECLS

#define KH_PLAUSIBILITY_K           5.0
#define KH_PLAUSIBILITY_MIN_CHANGES 5
/* the least MAD of relative changes (a share) */
#define KH_PLAUSIBILITY_MIN_RELATIVE_MAD 0.01

typedef enum
{
  KH_IMPLAUSIBLE_BELOW,  /* below the declared minimum */
  KH_IMPLAUSIBLE_ABOVE,  /* above the declared maximum */
  KH_IMPLAUSIBLE_CHANGE, /* far from last year */
} KhImplausible;

/* What a field declares: its range (NAN: no bound) and whether its changes are counted
 * absolute (in points) rather than relative. */
typedef struct
{
  double lo, hi;
  gboolean absolute;
} KhValueRange;

typedef struct
{
  guint unit;  /* index in the current dataset */
  guint field; /* index in the current dataset */
  KhImplausible reason;
  double value;
  double previous; /* KH_IMPLAUSIBLE_CHANGE only, else NAN */
  double change;   /* its change (a share when relative) */
  gboolean relative;
  double median, mad; /* of the group's changes */
  double floor;       /* the MAD's floor (KH_IMPLAUSIBLE_CHANGE only, else NAN): the
                       * threshold is k × max (mad, floor) */
  double bound;       /* the bound crossed (BELOW, ABOVE) */
} KhPlausibilityFlag;

/* The flags of @current (of KhPlausibilityFlag, by field then unit). @previous: the year
 * before (NULL: no change is checked); @ranges: field id → KhValueRange* (NULL: none, and
 * every change relative where it can be);
 * @k > 0. */
GArray *kh_plausibility_check (KhDataset  *current,
                               KhDataset  *previous,
                               GHashTable *ranges,
                               double      k);

/* The median of @n values (reordered in place, not sorted); NAN when @n is 0. */
double  kh_plausibility_median (double *values,
                                gsize   n);

G_END_DECLS
