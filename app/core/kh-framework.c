/* kh-framework.c — the in-memory indicator framework
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-framework.h"
#include "kh-survey.h"
#include "kh-weighting.h"

const char *
kh_text_get (const KhText *text,
             KhLang        lang)
{
  g_return_val_if_fail (text != NULL, NULL);

  switch (lang)
    {
    case KH_LANG_ZH_TW:
      if (text->zh_TW != NULL)
        return text->zh_TW;
      break;
    case KH_LANG_EN:
      if (text->en != NULL)
        return text->en;
      break;
    case KH_LANG_ZH_CN:
    default:
      break;
    }

  if (text->zh_CN != NULL)
    return text->zh_CN;
  if (text->zh_TW != NULL)
    return text->zh_TW;
  return text->en;
}

/* "zh_TW.UTF-8@variant" → TRUE for the traditional variants of Chinese. */
static gboolean
is_traditional (const char *language)
{
  static const char *const markers[] = { "_TW", "_HK", "_MO", "_Hant", "-TW", "-HK", "-MO",
                                         "-Hant" };
  g_autofree char *base = g_strndup (language, strcspn (language, ".@"));

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (base, markers[i]) != NULL)
      return TRUE;
  return FALSE;
}

KhLang
kh_lang_for_languages (const char *const *languages)
{
  g_return_val_if_fail (languages != NULL, KH_LANG_EN);

  for (guint i = 0; languages[i] != NULL; i++)
    {
      const char *language = languages[i];

      if (g_str_has_prefix (language, "zh")
          && (language[2] == '\0' || strchr ("_-.@", language[2]) != NULL))
        return is_traditional (language) ? KH_LANG_ZH_TW : KH_LANG_ZH_CN;
      if (g_str_has_prefix (language, "en")
          && (language[2] == '\0' || strchr ("_-.@", language[2]) != NULL))
        return KH_LANG_EN;
    }
  return KH_LANG_EN;
}

void
kh_text_clear (KhText *text)
{
  g_clear_pointer (&text->zh_CN, g_free);
  g_clear_pointer (&text->zh_TW, g_free);
  g_clear_pointer (&text->en, g_free);
}

void
kh_text_copy (KhText       *dest,
              const KhText *src)
{
  dest->zh_CN = g_strdup (src->zh_CN);
  dest->zh_TW = g_strdup (src->zh_TW);
  dest->en = g_strdup (src->en);
}

static GPtrArray *
copy_string_array (GPtrArray *src)
{
  GPtrArray *dest = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (dest, g_strdup (g_ptr_array_index (src, i)));
  return dest;
}

static void
step_clear (gpointer data)
{
  KhStep *step = data;

  kh_text_clear (&step->label);
}

static GArray *
steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (KhStep));

  g_array_set_clear_func (steps, step_clear);
  return steps;
}

static GArray *
steps_copy (GArray *src)
{
  GArray *dest = steps_new ();

  for (guint i = 0; i < src->len; i++)
    {
      const KhStep *s = &g_array_index (src, KhStep, i);
      KhStep copy = { s->min, s->points, { NULL, NULL, NULL } };

      kh_text_copy (&copy.label, &s->label);
      g_array_append_val (dest, copy);
    }
  return dest;
}

KhNode *
kh_node_new (KhNodeKind  kind,
             const char *id)
{
  KhNode *node = g_new0 (KhNode, 1);

  node->kind = kind;
  node->id = g_strdup (id);
  node->weight = 1.0;
  node->points = 100.0;
  node->aggregation = KH_AGG_SUM;
  node->direction = KH_DIRECTION_HIGHER;
  node->band_lo = NAN;
  node->band_hi = NAN;
  node->valid_min = NAN;
  node->valid_max = NAN;
  node->common = TRUE;
  node->applies = g_ptr_array_new_with_free_func (g_free);
  node->multiplies = g_ptr_array_new_with_free_func (g_free);
  node->min_coverage = 0.0;
  node->below = KH_BELOW_MISSING;
  node->missing = KH_MISSING_REWEIGHT;
  node->outlier = KH_OUTLIER_NONE;
  node->outlier_a = NAN;
  node->outlier_b = NAN;
  node->scoring.method = KH_METHOD_MINMAX;
  node->scoring.a = NAN;
  node->scoring.b = NAN;
  node->scoring.mean = NAN;
  node->scoring.sd = NAN;
  node->scoring.step = 0.0;
  node->scoring.lo = NAN;
  node->scoring.hi = NAN;
  node->scoring.target = NAN;
  node->scoring.cap = NAN;
  node->scoring.floor = 0.0;
  node->scoring.steps = steps_new ();
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_node_free);
  return node;
}

void
kh_node_free (KhNode *node)
{
  if (node == NULL)
    return;

  g_free (node->id);
  kh_text_clear (&node->name);
  g_free (node->description);
  g_free (node->replaces);
  g_free (node->convert);
  g_clear_pointer (&node->weighting, kh_weighting_free);
  g_ptr_array_unref (node->multiplies);
  g_free (node->unit_of_measure);
  g_free (node->source);
  g_free (node->aliases);
  g_ptr_array_unref (node->applies);
  g_free (node->formula);
  g_array_unref (node->scoring.steps);
  g_ptr_array_unref (node->children);
  g_free (node);
}

KhNode *
kh_node_copy (const KhNode *node)
{
  KhNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = g_new0 (KhNode, 1);
  *copy = *node;
  copy->id = g_strdup (node->id);
  kh_text_copy (&copy->name, &node->name);
  copy->description = g_strdup (node->description);
  copy->replaces = g_strdup (node->replaces);
  copy->convert = g_strdup (node->convert);
  copy->multiplies = copy_string_array (node->multiplies);
  copy->weighting = node->weighting != NULL ? kh_weighting_copy (node->weighting) : NULL;
  copy->unit_of_measure = g_strdup (node->unit_of_measure);
  copy->source = g_strdup (node->source);
  copy->aliases = g_strdup (node->aliases);
  copy->applies = copy_string_array (node->applies);
  copy->formula = g_strdup (node->formula);
  copy->scoring.steps = steps_copy (node->scoring.steps);
  copy->parent = NULL;
  copy->children = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_node_free);
  for (guint i = 0; i < node->children->len; i++)
    kh_node_append (copy, kh_node_copy (g_ptr_array_index (node->children, i)));
  return copy;
}

void
kh_node_append (KhNode *parent,
                KhNode *child)
{
  kh_node_insert (parent, parent->children->len, child);
}

void
kh_node_insert (KhNode *parent,
                guint   position,
                KhNode *child)
{
  g_return_if_fail (parent != NULL);
  g_return_if_fail (child != NULL);
  g_return_if_fail (child->parent == NULL);
  g_return_if_fail (position <= parent->children->len);

  child->parent = parent;
  g_ptr_array_insert (parent->children, position, child);
}

/* Detaches @node from its parent; the caller owns it afterwards. */
KhNode *
kh_node_steal (KhNode *node)
{
  KhNode *parent;

  g_return_val_if_fail (node != NULL, NULL);

  parent = node->parent;
  if (parent != NULL)
    {
      guint index = kh_node_index (node);

      g_ptr_array_steal_index (parent->children, index);
      node->parent = NULL;
    }
  return node;
}

guint
kh_node_index (const KhNode *node)
{
  guint index = 0;

  g_return_val_if_fail (node != NULL, 0);

  if (node->parent == NULL)
    return 0;
  if (!g_ptr_array_find (node->parent->children, node, &index))
    g_assert_not_reached ();
  return index;
}

gboolean
kh_node_is_leaf (const KhNode *node)
{
  return node->children->len == 0;
}

KhGroup *
kh_group_new (const char *id)
{
  KhGroup *group = g_new0 (KhGroup, 1);

  group->id = g_strdup (id);
  group->precision = -1;
  group->tiers.mode = KH_TIER_BY_COUNT;
  group->tiers.n_tiers = 3;
  group->tiers.values = g_array_new (FALSE, TRUE, sizeof (double));
  group->tiers.names = g_ptr_array_new ();
  group->awards = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_award_rule_free);
  group->quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_quota_rule_free);
  return group;
}

static void
text_free (gpointer data)
{
  KhText *text = data;

  kh_text_clear (text);
  g_free (text);
}

void
kh_group_free (KhGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->id);
  kh_text_clear (&group->name);
  g_array_unref (group->tiers.values);
  g_ptr_array_set_free_func (group->tiers.names, text_free);
  g_ptr_array_unref (group->tiers.names);
  g_ptr_array_unref (group->awards);
  g_ptr_array_unref (group->quotas);
  g_free (group);
}

KhVariable *
kh_variable_new (const char *id)
{
  KhVariable *variable = g_new0 (KhVariable, 1);

  variable->id = g_strdup (id);
  variable->valid_min = NAN;
  variable->valid_max = NAN;
  return variable;
}

void
kh_variable_free (KhVariable *variable)
{
  if (variable == NULL)
    return;

  g_free (variable->id);
  kh_text_clear (&variable->name);
  g_free (variable->unit_of_measure);
  g_free (variable->source);
  g_free (variable->aliases);
  g_free (variable);
}

KhAdjustment *
kh_adjustment_new (KhAdjustKind  kind,
                   const char   *id)
{
  KhAdjustment *adjustment = g_new0 (KhAdjustment, 1);

  adjustment->kind = kind;
  adjustment->id = g_strdup (id);
  adjustment->per_item = 1.0;
  adjustment->cap = NAN;
  return adjustment;
}

void
kh_adjustment_free (KhAdjustment *adjustment)
{
  if (adjustment == NULL)
    return;

  g_free (adjustment->id);
  kh_text_clear (&adjustment->name);
  g_free (adjustment->description);
  g_free (adjustment->input);
  g_free (adjustment);
}

KhConstraint *
kh_constraint_new (const char *id)
{
  KhConstraint *constraint = g_new0 (KhConstraint, 1);

  constraint->id = g_strdup (id);
  constraint->sense = KH_CONSTRAINT_AT_MOST;
  constraint->target = NAN;
  constraint->consequence = KH_CONSEQUENCE_DEDUCT;
  return constraint;
}

void
kh_constraint_free (KhConstraint *constraint)
{
  if (constraint == NULL)
    return;

  g_free (constraint->id);
  kh_text_clear (&constraint->name);
  g_free (constraint->input);
  g_free (constraint);
}

KhAwardRule *
kh_award_rule_new (const char *id)
{
  KhAwardRule *rule = g_new0 (KhAwardRule, 1);

  rule->id = g_strdup (id);
  rule->min_advance = 1;
  return rule;
}

void
kh_award_rule_free (KhAwardRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->id);
  kh_text_clear (&rule->name);
  g_free (rule);
}

KhQuotaRule *
kh_quota_rule_new (const char *id)
{
  KhQuotaRule *rule = g_new0 (KhQuotaRule, 1);

  rule->id = g_strdup (id);
  rule->counts = g_array_new (FALSE, TRUE, sizeof (int));
  return rule;
}

void
kh_quota_rule_free (KhQuotaRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->id);
  kh_text_clear (&rule->name);
  g_free (rule->target_category);
  g_array_unref (rule->counts);
  g_free (rule);
}

KhFramework *
kh_framework_new (void)
{
  KhFramework *self = g_new0 (KhFramework, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->precision = 2;
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_group_free);
  self->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_variable_free);
  self->root = kh_node_new (KH_NODE_ROOT, "total");
  self->adjustments = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_adjustment_free);
  self->constraints = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_constraint_free);
  return self;
}

KhFramework *
kh_framework_ref (KhFramework *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_framework_unref (KhFramework *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->version);
  kh_text_clear (&self->title);
  g_free (self->category);
  g_free (self->description);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->variables);
  kh_node_free (self->root);
  g_ptr_array_unref (self->adjustments);
  g_ptr_array_unref (self->constraints);
  g_clear_pointer (&self->survey, kh_survey_free);
  g_free (self);
}

static KhGroup *
group_copy (const KhGroup *src)
{
  KhGroup *group = kh_group_new (src->id);

  kh_text_copy (&group->name, &src->name);
  group->precision = src->precision;
  group->tiers.mode = src->tiers.mode;
  group->tiers.n_tiers = src->tiers.n_tiers;
  g_array_append_vals (group->tiers.values, src->tiers.values->data, src->tiers.values->len);
  for (guint i = 0; i < src->tiers.names->len; i++)
    {
      KhText *text = g_new0 (KhText, 1);

      kh_text_copy (text, g_ptr_array_index (src->tiers.names, i));
      g_ptr_array_add (group->tiers.names, text);
    }
  for (guint i = 0; i < src->awards->len; i++)
    {
      const KhAwardRule *a = g_ptr_array_index (src->awards, i);
      KhAwardRule *b = kh_award_rule_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->min_advance = a->min_advance;
      b->most = a->most;
      b->min_tier = a->min_tier;
      b->max_tier = a->max_tier;
      g_ptr_array_add (group->awards, b);
    }
  for (guint i = 0; i < src->quotas->len; i++)
    {
      const KhQuotaRule *a = g_ptr_array_index (src->quotas, i);
      KhQuotaRule *b = kh_quota_rule_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->target_category = g_strdup (a->target_category);
      g_array_append_vals (b->counts, a->counts->data, a->counts->len);
      b->select = a->select;
      b->max_tier = a->max_tier;
      g_ptr_array_add (group->quotas, b);
    }
  return group;
}

KhFramework *
kh_framework_copy (const KhFramework *self)
{
  KhFramework *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kh_framework_new ();
  copy->id = g_strdup (self->id);
  copy->year = self->year;
  copy->version = g_strdup (self->version);
  kh_text_copy (&copy->title, &self->title);
  copy->category = g_strdup (self->category);
  copy->description = g_strdup (self->description);
  copy->precision = self->precision;
  copy->baseline = self->baseline;
  copy->merged_rank = self->merged_rank;
  copy->split_rank = self->split_rank;

  for (guint i = 0; i < self->groups->len; i++)
    g_ptr_array_add (copy->groups, group_copy (g_ptr_array_index (self->groups, i)));

  for (guint i = 0; i < self->variables->len; i++)
    {
      const KhVariable *a = g_ptr_array_index (self->variables, i);
      KhVariable *b = kh_variable_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->unit_of_measure = g_strdup (a->unit_of_measure);
      b->source = g_strdup (a->source);
      b->aliases = g_strdup (a->aliases);
      b->valid_min = a->valid_min;
      b->valid_max = a->valid_max;
      g_ptr_array_add (copy->variables, b);
    }

  kh_node_free (copy->root);
  copy->root = kh_node_copy (self->root);

  for (guint i = 0; i < self->adjustments->len; i++)
    {
      const KhAdjustment *a = g_ptr_array_index (self->adjustments, i);
      KhAdjustment *b = kh_adjustment_new (a->kind, a->id);

      kh_text_copy (&b->name, &a->name);
      b->description = g_strdup (a->description);
      b->input = g_strdup (a->input);
      b->per_item = a->per_item;
      b->cap = a->cap;
      g_ptr_array_add (copy->adjustments, b);
    }

  for (guint i = 0; i < self->constraints->len; i++)
    {
      const KhConstraint *a = g_ptr_array_index (self->constraints, i);
      KhConstraint *b = kh_constraint_new (a->id);

      kh_text_copy (&b->name, &a->name);
      b->input = g_strdup (a->input);
      b->sense = a->sense;
      b->target = a->target;
      b->consequence = a->consequence;
      b->amount = a->amount;
      g_ptr_array_add (copy->constraints, b);
    }

  if (self->survey != NULL)
    copy->survey = kh_survey_copy (self->survey);
  return copy;
}

static KhNode *
find_node (KhNode     *node,
           const char *id)
{
  if (g_strcmp0 (node->id, id) == 0)
    return node;

  for (guint i = 0; i < node->children->len; i++)
    {
      KhNode *found = find_node (g_ptr_array_index (node->children, i), id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

KhNode *
kh_framework_find_node (KhFramework *self,
                        const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_node (self->root, id);
}

KhGroup *
kh_framework_find_group (KhFramework *self,
                         const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      KhGroup *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, id) == 0)
        return group;
    }
  return NULL;
}

static gboolean
foreach_node (KhNode     *node,
              KhNodeFunc  func,
              gpointer    user_data)
{
  if (!func (node, user_data))
    return FALSE;

  for (guint i = 0; i < node->children->len; i++)
    if (!foreach_node (g_ptr_array_index (node->children, i), func, user_data))
      return FALSE;
  return TRUE;
}

void
kh_framework_foreach_node (KhFramework *self,
                           KhNodeFunc   func,
                           gpointer     user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  foreach_node (self->root, func, user_data);
}

/* Enumeration names as they appear in the XML format. */

static const char *aggregation_names[] = { "sum", "mean", "geometric", "harmonic", "coefficient", NULL };
static const char *direction_names[] = { "higher", "lower", "band", NULL };
static const char *method_names[] = { "minmax", "zscore", "rank", "percentile", "goalposts",
                                      "target-ratio", "thresholds", "grades", "satisfaction", NULL };
static const char *missing_names[] = { "reweight", "zero", "mean", "median", "previous", NULL };
static const char *below_names[] = { "missing", "zero", NULL };
static const char *outlier_names[] = { "none", "winsor-percentile", "winsor-sd", "log", NULL };
static const char *node_kind_names[] = { "root", "paper", "dimension", "indicator", NULL };
static const char *baseline_names[] = { "recomputed", "published", NULL };
static const char *merged_names[] = { "none", "best", "first", NULL };
static const char *split_names[] = { "none", "inherit", NULL };
static const char *quota_select_names[] = { "none", "rank", NULL };

static gboolean
lookup_name (const char *const *names,
             const char        *str,
             int               *out)
{
  for (int i = 0; str != NULL && names[i] != NULL; i++)
    if (strcmp (names[i], str) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_ENUM_STRINGS(lower, Type, table)                         \
  const char *kh_##lower##_to_string (Type value)                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table) - 1, NULL); \
    return table[value];                                                \
  }                                                                     \
  gboolean kh_##lower##_from_string (const char *str, Type *out)        \
  {                                                                     \
    int i;                                                              \
    if (!lookup_name (table, str, &i))                                  \
      return FALSE;                                                     \
    *out = (Type) i;                                                    \
    return TRUE;                                                        \
  }

DEFINE_ENUM_STRINGS (aggregation, KhAggregation, aggregation_names)
DEFINE_ENUM_STRINGS (direction, KhDirection, direction_names)
DEFINE_ENUM_STRINGS (method, KhMethod, method_names)
DEFINE_ENUM_STRINGS (missing, KhMissingPolicy, missing_names)
DEFINE_ENUM_STRINGS (below, KhBelowRule, below_names)
DEFINE_ENUM_STRINGS (outlier, KhOutlier, outlier_names)
DEFINE_ENUM_STRINGS (node_kind, KhNodeKind, node_kind_names)
DEFINE_ENUM_STRINGS (baseline_source, KhBaselineSource, baseline_names)
DEFINE_ENUM_STRINGS (merged_rank, KhMergedRank, merged_names)
DEFINE_ENUM_STRINGS (split_rank, KhSplitRank, split_names)
DEFINE_ENUM_STRINGS (quota_select, KhQuotaSelect, quota_select_names)
