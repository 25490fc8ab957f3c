/* kh-recommend.h — the "321" workflow: units recommending their children (先进县)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A quota rule of a group (KhQuotaRule, `<quota>` in the framework XML) lets a unit of
 * that group in tier i+1 recommend counts[i] units of the rule's target category among
 * its children: the units whose parent it is that year (a county's city). Given the
 * computed plan of the recommending category (cities), the computed plan of the target
 * category (counties) and each child's parent, kh_recommend() works out, per parent, its
 * quota, the units it recommends and the checks, and the resulting list (the 先进县).
 *
 * A parent's recommendations are either entered (a list per parent, checked in the
 * order given) or, without an entered list and with select="rank", taken from the
 * children's ranking: its eligible children best rank first, up to its quota; when the
 * children at the cut share a rank (so that not all of them fit) none of those is taken,
 * they are listed as tied and the parent has to choose by entering its list.
 *
 * Eligible is a child that is ranked, not vetoed, and (the rule's max_tier > 0) in a
 * tier no worse than max_tier. Checks on an entered list, in order: an unknown unit, a
 * unit named twice (by this or an earlier parent), a unit of another parent, one not
 * eligible; of the rest, those after the first `quota` are over the quota. Only the
 * accepted ones make the list.
 *
 * Pure: no I/O; the caller reads the plans and the parents (app/io).
 */
#pragma once

#include <glib.h>

#include "kh-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KH_RECOMMEND_ACCEPTED,
  KH_RECOMMEND_UNKNOWN,      /* no unit of the target category with that id this year */
  KH_RECOMMEND_DUPLICATE,    /* already recommended (by this or another parent) */
  KH_RECOMMEND_OTHER_PARENT, /* a child of another unit (or of none) */
  KH_RECOMMEND_NOT_RANKED,   /* not eligible: no rank this year */
  KH_RECOMMEND_VETOED,       /* not eligible: vetoed (一票否决) */
  KH_RECOMMEND_TIER,         /* not eligible: tier worse than the rule's max_tier */
  KH_RECOMMEND_OVER_QUOTA,   /* beyond the parent's quota */
} KhRecommendStatus;

/* A recommended unit (a county). */
typedef struct
{
  char *unit_id;
  char *name;        /* its name in the target plan, or the id when unknown */
  char *parent_id;   /* its parent that year, or NULL */
  char *parent_name; /* NULL when it has none */
  int rank;          /* in the target plan, 0: none */
  int tier;          /* 0: none */
  char *tier_name;   /* kh_tier_name() of its tier in the language asked, "" for none */
  KhRecommendStatus status;
} KhRecommended;

/* A recommending unit (a city). */
typedef struct
{
  char *unit_id;
  char *name;
  int rank;
  int tier;
  char *tier_name;      /* "" for none */
  int quota;            /* counts[tier − 1] of its group's rule, 0 without a tier */
  gboolean entered;     /* TRUE: the list was entered; FALSE: by the rule (or none) */
  KhQuotaSelect select; /* its group's rule */
  int max_tier;         /* its group's rule: 0 any tier */
  char *max_tier_name;  /* that tier's name in the target plan ("" for none) */
  GPtrArray *units;     /* of KhRecommended*: entered (in order, with their checks) or
                         * selected (all accepted) */
  GPtrArray *tied;      /* of KhRecommended*: left out by the rule for sharing the rank at
                         * the cut (status ACCEPTED, meaning eligible) */
} KhRecommender;

typedef struct
{
  char *quota_id;
  KhText name;           /* the rule's name (the first group's that has it) */
  char *target_category;
  GPtrArray *parents;    /* of KhRecommender*, by rank (unranked last), then id */
  GPtrArray *advanced;   /* of KhRecommended* (borrowed from parents): every accepted unit,
                          * by rank, then id — the 先进县 */
} KhRecommendation;

void              kh_recommendation_free (KhRecommendation *self);

/* The ids of the quota rules of @framework's groups, each once, in order (of char*,
 * borrowed from the framework). */
GPtrArray        *kh_recommend_quota_ids (KhFramework *framework);

/* Quota rule @quota_id of @parents' groups, applied to @children (a plan of the rule's
 * target category). @parent_of maps a child's unit id to its parent's (char* → char*);
 * Tiers are named in @lang. @entered (may be NULL) maps a parent's unit id to its entered list (char* → GPtrArray
 * of char* unit ids): a parent with an entry (even an empty list) is checked, the
 * others follow the rule's `select`. Parents whose group has no rule @quota_id take no
 * part. NULL when no group has rule @quota_id. */
KhRecommendation *kh_recommend           (KhPlan      *parents,
                                          const char  *quota_id,
                                          KhPlan      *children,
                                          GHashTable  *parent_of,
                                          GHashTable  *entered,
                                          KhLang       lang);

/* What @item's status means for a reader, translated ("over the quota" …), with the
 * names it needs (@item's parent for OTHER_PARENT, tiers for TIER); "" when accepted. */
char             *kh_recommend_describe  (const KhRecommender *parent,
                                          const KhRecommended *item);

/* Where @parent's recommendations come from, translated: "entered" (its own list) or "by
 * the rule" (its quota rule's `select`). */
const char       *kh_recommend_source    (const KhRecommender *parent);

/* @parent's units as a reader sees them, translated and separated by "; ": *taken the
 * accepted ones with their rank ("江阴市 (3)", "" when none), *left the others with the
 * reason, then those tied at the cut of the quota. Free both with g_free(). */
void              kh_recommend_summarize (const KhRecommender *parent,
                                          char               **taken,
                                          char               **left);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRecommendation, kh_recommendation_free)

G_END_DECLS
