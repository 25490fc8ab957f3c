/* kh-node-props.h — the editable properties of framework nodes and rules, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The framework editor shows and edits every property through one table: each property
 * has a key, a label, a kind (text, number, integer, boolean, choice) and reads and
 * writes itself as text. Setting parses and validates the text and changes nothing when
 * it is refused (KH_IO_ERROR_INVALID, the message names the property).
 *
 * Node properties take a KhNode; rule properties take the framework and a key of the
 * form "group/<group id>/tiers.mode", "group/<group id>/award/<award id>/min-advance",
 * "group/<group id>/quota/<quota id>/counts" or "constraint/<id>/target" (see
 * kh_rule_prop_keys()).
 */
#pragma once

#include "core/kh-framework.h"

G_BEGIN_DECLS

typedef enum
{
  KH_PROP_TEXT,
  KH_PROP_NUMBER,  /* a double; empty = NAN where the property allows it */
  KH_PROP_INTEGER,
  KH_PROP_BOOLEAN, /* "true" / "false" */
  KH_PROP_CHOICE,  /* one of kh_prop_choices() */
} KhPropKind;

typedef struct
{
  const char *key;
  const char *label;      /* translatable, untranslated here */
  KhPropKind kind;
  gboolean indicator_only;
  gboolean inner_only;
} KhPropInfo;

/* Every node property, in the order the inspector shows them (NULL-key terminated). */
const KhPropInfo *kh_node_props          (void);
const KhPropInfo *kh_node_prop_lookup    (const char   *key);
/* For KH_PROP_CHOICE: the accepted values (NULL-terminated, static). */
const char *const *kh_prop_choices       (const char   *key);
/* What the user reads for the choice @value of @key (translated: "sum" of "aggregation"
 * is "Weighted sum"); @value itself when it is not one of the choices. */
const char        *kh_prop_choice_label  (const char   *key,
                                          const char   *value);
/* The translated name of a node kind ("Root", "Paper", "Dimension", "Indicator"). */
const char        *kh_node_kind_label    (KhNodeKind    kind);
gboolean          kh_node_prop_applies   (const KhPropInfo *info,
                                          const KhNode *node);

char             *kh_node_prop_get       (const KhNode *node,
                                          const char   *key);
gboolean          kh_node_prop_set       (KhFramework  *framework,
                                          KhNode       *node,
                                          const char   *key,
                                          const char   *value,
                                          GError      **error);

/* Keys of every rule property of the framework (tiers, awards, quotas, constraints). */
GPtrArray        *kh_rule_prop_keys      (KhFramework  *framework);
KhPropKind        kh_rule_prop_kind      (const char   *key);
char             *kh_rule_prop_get       (KhFramework  *framework,
                                          const char   *key);
gboolean          kh_rule_prop_set       (KhFramework  *framework,
                                          const char   *key,
                                          const char   *value,
                                          GError      **error);

/* The satisfaction survey's properties (kh-survey-props.c): keys "survey/…", also read
 * and written through kh_rule_prop_get() and kh_rule_prop_set(). */
gboolean          kh_survey_prop_is      (const char   *key);
GPtrArray        *kh_survey_prop_keys    (KhFramework  *framework);
KhPropKind        kh_survey_prop_kind    (const char   *key);
/* What the inspector calls the property (translated). */
char             *kh_survey_prop_title   (const char   *key);
char             *kh_survey_prop_get     (KhFramework  *framework,
                                          const char   *key);
gboolean          kh_survey_prop_set     (KhFramework  *framework,
                                          const char   *key,
                                          const char   *value,
                                          GError      **error);

G_END_DECLS
