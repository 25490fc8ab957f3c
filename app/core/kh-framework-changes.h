/* kh-framework-changes.h — everything that differs between two frameworks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_framework_diff() (kh-compare.h) says which indicators were admitted, retired or
 * replaced; kh_framework_changes() adds what changed in the nodes both frameworks have
 * (points, weight, aggregation, scoring method and its parameters, direction, formula,
 * missing-data rule, the parent a node sits under), the inner nodes added and removed,
 * and the rules: each peer group's tiers, awards and 321 quotas, the bonuses and
 * deductions, the binding constraints. Values are given as text in the file format's
 * words ("goalposts lo=0 hi=10", "count 1 1"), so that a table or a command can show them
 * as they are; nothing is translated here.
 */
#pragma once

#include "kh-framework.h"

G_BEGIN_DECLS

typedef enum
{
  KH_EDIT_ADMITTED, /* an indicator of @later only */
  KH_EDIT_RETIRED,  /* an indicator of @earlier that nothing continues */
  KH_EDIT_REPLACED, /* an indicator continuing another (`replaces`): before = the old id */
  KH_EDIT_ADDED,    /* an inner node, group, award, quota, bonus, deduction or constraint */
  KH_EDIT_REMOVED,  /* the same, of @earlier only */
  KH_EDIT_CHANGED,  /* one attribute of something both have: before → after */
} KhEditKind;

typedef enum
{
  KH_SUBJECT_INDICATOR,
  KH_SUBJECT_NODE,       /* the root, a paper or a dimension */
  KH_SUBJECT_GROUP,
  KH_SUBJECT_AWARD,      /* id: "group/award" */
  KH_SUBJECT_QUOTA,      /* id: "group/quota" */
  KH_SUBJECT_ADJUSTMENT, /* a bonus or a deduction */
  KH_SUBJECT_CONSTRAINT,
} KhEditSubject;

typedef struct
{
  KhEditKind kind;
  KhEditSubject subject;
  char *id;
  char *attribute; /* CHANGED: "points", "weight", "aggregation", "scoring", "direction",
                    * "formula", "missing", "parent", "tiers", "rule"; otherwise NULL */
  char *before;    /* the value in @earlier (REPLACED: the old id; ADMITTED, ADDED: NULL) */
  char *after;     /* the value in @later (RETIRED, REMOVED: NULL) */
} KhFrameworkEdit;

/* Of KhFrameworkEdit*: the nodes in @later's pre-order (each with its changes), then what
 * @earlier alone has, then groups, adjustments and constraints. Empty when nothing
 * differs but the year. */
GPtrArray *kh_framework_changes      (KhFramework *earlier,
                                      KhFramework *later);
void       kh_framework_edit_free    (KhFrameworkEdit *edit);
/* Translated words for a change's kind and subject ("replaced", "indicator"). */
const char *kh_edit_kind_label       (KhEditKind kind);
const char *kh_edit_subject_label    (KhEditSubject subject);

/* The scoring method with the parameters it uses, e.g. "goalposts lo=60 hi=30". */
char      *kh_scoring_describe       (const KhScoring *scoring);

G_END_DECLS
