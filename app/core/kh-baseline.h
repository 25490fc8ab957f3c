/* kh-baseline.h — last year's standings, which a year's rank change is counted against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One standing per unit id: the unit's peer group, rank (0: not ranked), tier, awards
 * and total of the year. The engine makes one from the computed previous plan (the
 * recomputed baseline); the project makes one from the results the office published
 * (`baseline="published"` in the framework; data/schema/README.md, "Rank change").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhBaseline KhBaseline;

typedef struct
{
  char *unit_id;
  char *group_id; /* NULL: not known */
  int rank;       /* 0: not ranked */
  int tier;       /* 0: none */
  char *awards;   /* award ids joined by ",", "" for none */
  double total;   /* NaN: not known */
} KhStanding;

KhBaseline       *kh_baseline_new      (int         year,
                                        gboolean    published);
KhBaseline       *kh_baseline_ref      (KhBaseline *self);
void              kh_baseline_unref    (KhBaseline *self);

int               kh_baseline_get_year (KhBaseline *self);
/* TRUE: the results as published; FALSE: recomputed from the year's data. */
gboolean          kh_baseline_is_published (KhBaseline *self);

/* Adds (or replaces) the standing of @unit_id; @group_id and @awards may be NULL. */
void              kh_baseline_add      (KhBaseline *self,
                                        const char *unit_id,
                                        const char *group_id,
                                        int         rank,
                                        int         tier,
                                        const char *awards,
                                        double      total);
/* NULL when the unit has no standing. */
const KhStanding *kh_baseline_lookup   (KhBaseline *self,
                                        const char *unit_id);
/* The standings in the order they were first added. */
guint             kh_baseline_get_n    (KhBaseline *self);
const KhStanding *kh_baseline_get      (KhBaseline *self,
                                        guint       index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhBaseline, kh_baseline_unref)

G_END_DECLS
