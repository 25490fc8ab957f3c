/* kh-recommend.c — the "321" workflow: per parent its quota, its recommendations and
 * their checks, and the resulting list (kh-recommend.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kh-recommend.h"
#include "kh-tier-name.h"

static void
recommended_free (KhRecommended *item)
{
  if (item == NULL) /* stolen from its array */
    return;
  g_free (item->unit_id);
  g_free (item->name);
  g_free (item->parent_id);
  g_free (item->parent_name);
  g_free (item->tier_name);
  g_free (item);
}

static void
recommender_free (KhRecommender *parent)
{
  g_free (parent->unit_id);
  g_free (parent->name);
  g_free (parent->tier_name);
  g_free (parent->max_tier_name);
  g_ptr_array_unref (parent->units);
  g_ptr_array_unref (parent->tied);
  g_free (parent);
}

void
kh_recommendation_free (KhRecommendation *self)
{
  if (self == NULL)
    return;
  g_free (self->quota_id);
  kh_text_clear (&self->name);
  g_free (self->target_category);
  g_ptr_array_unref (self->advanced);
  g_ptr_array_unref (self->parents);
  g_free (self);
}

GPtrArray *
kh_recommend_quota_ids (KhFramework *framework)
{
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (framework != NULL, ids);

  for (guint g = 0; g < framework->groups->len; g++)
    {
      const KhGroup *group = framework->groups->pdata[g];

      for (guint q = 0; q < group->quotas->len; q++)
        {
          const KhQuotaRule *rule = group->quotas->pdata[q];
          gboolean seen = FALSE;

          for (guint i = 0; i < ids->len && !seen; i++)
            seen = strcmp (ids->pdata[i], rule->id) == 0;
          if (!seen)
            g_ptr_array_add (ids, rule->id);
        }
    }
  return ids;
}

static const KhQuotaRule *
group_rule (const KhGroup *group,
            const char    *quota_id)
{
  for (guint q = 0; group != NULL && q < group->quotas->len; q++)
    {
      const KhQuotaRule *rule = group->quotas->pdata[q];

      if (strcmp (rule->id, quota_id) == 0)
        return rule;
    }
  return NULL;
}

static const KhQuotaRule *
find_rule (KhFramework *framework,
           const char  *quota_id)
{
  for (guint g = 0; g < framework->groups->len; g++)
    {
      const KhQuotaRule *rule = group_rule (framework->groups->pdata[g], quota_id);

      if (rule != NULL)
        return rule;
    }
  return NULL;
}

static char *
tier_name (KhPlan *plan,
           guint   unit,
           int     tier,
           KhLang  lang)
{
  const KhGroup *group = unit != KH_DATASET_NONE ? kh_plan_get_unit_group (plan, unit) : NULL;

  return kh_tier_name (group != NULL ? &group->tiers : NULL, tier, lang);
}

/* A child as recommended, with its rank, tier and parent; status ACCEPTED if eligible
 * under @max_tier (the caller checks duplicates, parents and the quota). */
static KhRecommended *
recommended_new (KhPlan      *parents,
                 KhPlan      *children,
                 GHashTable  *parent_of,
                 const char  *unit_id,
                 int          max_tier,
                 KhLang       lang)
{
  KhDataset *data = kh_plan_get_dataset (children);
  guint unit = kh_dataset_find_unit (data, unit_id);
  KhRecommended *item = g_new0 (KhRecommended, 1);
  const char *parent_id = g_hash_table_lookup (parent_of, unit_id);

  item->unit_id = g_strdup (unit_id);
  item->parent_id = g_strdup (parent_id);
  if (parent_id != NULL)
    {
      KhDataset *parent_data = kh_plan_get_dataset (parents);
      guint p = kh_dataset_find_unit (parent_data, parent_id);

      item->parent_name = g_strdup (p != KH_DATASET_NONE ? kh_dataset_get_unit_name (parent_data, p)
                                                         : parent_id);
    }
  if (unit == KH_DATASET_NONE)
    {
      item->name = g_strdup (unit_id);
      item->tier_name = g_strdup ("");
      item->status = KH_RECOMMEND_UNKNOWN;
      return item;
    }
  item->name = g_strdup (kh_dataset_get_unit_name (data, unit));
  item->rank = kh_plan_get_rank (children, unit);
  item->tier = kh_plan_get_tier (children, unit);
  item->tier_name = tier_name (children, unit, item->tier, lang);
  if (item->rank <= 0)
    item->status = KH_RECOMMEND_NOT_RANKED;
  else if (kh_plan_get_vetoed (children, unit))
    item->status = KH_RECOMMEND_VETOED;
  else if (max_tier > 0 && (item->tier <= 0 || item->tier > max_tier))
    item->status = KH_RECOMMEND_TIER;
  else
    item->status = KH_RECOMMEND_ACCEPTED;
  return item;
}

static int
compare_by_rank (int         rank_a,
                 const char *id_a,
                 int         rank_b,
                 const char *id_b)
{
  /* Unranked (0) last, then by id so that the order never depends on the input's. */
  if (rank_a != rank_b)
    {
      if (rank_a <= 0 || rank_b <= 0)
        return rank_a <= 0 ? 1 : -1;
      return rank_a < rank_b ? -1 : 1;
    }
  return strcmp (id_a, id_b);
}

static int
compare_recommended (gconstpointer a,
                     gconstpointer b)
{
  const KhRecommended *x = *(KhRecommended *const *) a;
  const KhRecommended *y = *(KhRecommended *const *) b;

  return compare_by_rank (x->rank, x->unit_id, y->rank, y->unit_id);
}

static int
compare_recommender (gconstpointer a,
                     gconstpointer b)
{
  const KhRecommender *x = *(KhRecommender *const *) a;
  const KhRecommender *y = *(KhRecommender *const *) b;

  return compare_by_rank (x->rank, x->unit_id, y->rank, y->unit_id);
}

/* An entered list, checked in order. @taken holds the units already recommended. */
static void
check_entered (KhRecommender *parent,
               GPtrArray     *list,
               KhPlan        *parents,
               KhPlan        *children,
               GHashTable    *parent_of,
               GHashTable    *taken,
               KhLang         lang)
{
  int accepted = 0;

  for (guint i = 0; i < list->len; i++)
    {
      const char *id = list->pdata[i];
      KhRecommended *item = recommended_new (parents, children, parent_of, id, parent->max_tier,
                                             lang);

      if (item->status != KH_RECOMMEND_UNKNOWN && g_hash_table_contains (taken, id))
        item->status = KH_RECOMMEND_DUPLICATE;
      else if (item->status != KH_RECOMMEND_UNKNOWN
               && g_strcmp0 (item->parent_id, parent->unit_id) != 0)
        item->status = KH_RECOMMEND_OTHER_PARENT;
      else if (item->status == KH_RECOMMEND_ACCEPTED && accepted >= parent->quota)
        item->status = KH_RECOMMEND_OVER_QUOTA;
      if (item->status == KH_RECOMMEND_ACCEPTED)
        {
          accepted++;
          g_hash_table_add (taken, item->unit_id);
        }
      g_ptr_array_add (parent->units, item);
    }
}

/* By the rule: the parent's eligible children, best rank first, up to the quota; ties
 * at the cut are left out (see the header). */
static void
select_by_rank (KhRecommender *parent,
                KhPlan        *parents,
                KhPlan        *children,
                GHashTable    *parent_of,
                GHashTable    *taken,
                KhLang         lang)
{
  KhDataset *data = kh_plan_get_dataset (children);
  g_autoptr (GPtrArray) eligible = g_ptr_array_new_with_free_func ((GDestroyNotify) recommended_free);
  guint n = 0;

  for (guint u = 0; u < kh_dataset_get_n_units (data); u++)
    {
      const char *id = kh_dataset_get_unit_id (data, u);
      KhRecommended *item;

      if (g_strcmp0 (g_hash_table_lookup (parent_of, id), parent->unit_id) != 0
          || g_hash_table_contains (taken, id))
        continue;
      item = recommended_new (parents, children, parent_of, id, parent->max_tier, lang);
      if (item->status == KH_RECOMMEND_ACCEPTED)
        g_ptr_array_add (eligible, item);
      else
        recommended_free (item);
    }
  g_ptr_array_sort (eligible, compare_recommended);

  if (parent->quota > 0 && eligible->len <= (guint) parent->quota)
    n = eligible->len;
  else if (parent->quota > 0)
    {
      /* The first left out shares the rank of the last taken: none of that rank is
       * taken, all of them are tied. */
      int cut = ((KhRecommended *) eligible->pdata[parent->quota])->rank;

      n = (guint) parent->quota;
      if (((KhRecommended *) eligible->pdata[n - 1])->rank == cut)
        {
          while (n > 0 && ((KhRecommended *) eligible->pdata[n - 1])->rank == cut)
            n--;
          for (guint i = n; i < eligible->len && ((KhRecommended *) eligible->pdata[i])->rank == cut; i++)
            g_ptr_array_add (parent->tied, g_steal_pointer (&eligible->pdata[i]));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      KhRecommended *item = g_steal_pointer (&eligible->pdata[i]);

      g_hash_table_add (taken, item->unit_id);
      g_ptr_array_add (parent->units, item);
    }
}

KhRecommendation *
kh_recommend (KhPlan     *parents,
              const char *quota_id,
              KhPlan     *children,
              GHashTable *parent_of,
              GHashTable *entered,
              KhLang      lang)
{
  KhFramework *framework;
  const KhQuotaRule *first;
  KhDataset *data;
  GPtrArray *child_groups;
  KhRecommendation *self;
  g_autoptr (GHashTable) taken = NULL;

  g_return_val_if_fail (parents != NULL && children != NULL, NULL);
  g_return_val_if_fail (quota_id != NULL && parent_of != NULL, NULL);

  framework = kh_plan_get_framework (parents);
  first = find_rule (framework, quota_id);
  if (first == NULL)
    return NULL;

  self = g_new0 (KhRecommendation, 1);
  self->quota_id = g_strdup (quota_id);
  kh_text_copy (&self->name, &first->name);
  self->target_category = g_strdup (first->target_category);
  self->parents = g_ptr_array_new_with_free_func ((GDestroyNotify) recommender_free);
  self->advanced = g_ptr_array_new ();

  child_groups = kh_plan_get_framework (children)->groups;
  data = kh_plan_get_dataset (parents);
  for (guint u = 0; u < kh_dataset_get_n_units (data); u++)
    {
      const KhQuotaRule *rule = group_rule (kh_plan_get_unit_group (parents, u), quota_id);
      KhRecommender *parent;

      if (rule == NULL)
        continue;
      parent = g_new0 (KhRecommender, 1);
      parent->unit_id = g_strdup (kh_dataset_get_unit_id (data, u));
      parent->name = g_strdup (kh_dataset_get_unit_name (data, u));
      parent->rank = kh_plan_get_rank (parents, u);
      parent->tier = kh_plan_get_tier (parents, u);
      parent->tier_name = tier_name (parents, u, parent->tier, lang);
      parent->select = rule->select;
      parent->max_tier = rule->max_tier;
      /* Named as the tiers of the children's first group. */
      parent->max_tier_name = kh_tier_name (child_groups->len > 0
                                              ? &((KhGroup *) child_groups->pdata[0])->tiers
                                              : NULL,
                                            rule->max_tier, lang);
      parent->units = g_ptr_array_new_with_free_func ((GDestroyNotify) recommended_free);
      parent->tied = g_ptr_array_new_with_free_func ((GDestroyNotify) recommended_free);
      if (parent->tier > 0 && (guint) parent->tier <= rule->counts->len)
        parent->quota = g_array_index (rule->counts, int, parent->tier - 1);
      g_ptr_array_add (self->parents, parent);
    }
  g_ptr_array_sort (self->parents, compare_recommender);

  /* Entered lists first (in the parents' order), so that the rule never takes a unit a
   * parent entered; then the rule for the others. */
  taken = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->parents->len; i++)
    {
      KhRecommender *parent = self->parents->pdata[i];
      GPtrArray *list = entered != NULL ? g_hash_table_lookup (entered, parent->unit_id) : NULL;

      if (list != NULL)
        {
          parent->entered = TRUE;
          check_entered (parent, list, parents, children, parent_of, taken, lang);
        }
    }
  for (guint i = 0; i < self->parents->len; i++)
    {
      KhRecommender *parent = self->parents->pdata[i];

      if (!parent->entered && parent->select == KH_QUOTA_SELECT_RANK)
        select_by_rank (parent, parents, children, parent_of, taken, lang);
    }

  for (guint i = 0; i < self->parents->len; i++)
    {
      KhRecommender *parent = self->parents->pdata[i];

      for (guint j = 0; j < parent->units->len; j++)
        if (((KhRecommended *) parent->units->pdata[j])->status == KH_RECOMMEND_ACCEPTED)
          g_ptr_array_add (self->advanced, parent->units->pdata[j]);
    }
  g_ptr_array_sort (self->advanced, compare_recommended);
  return self;
}

const char *
kh_recommend_source (const KhRecommender *parent)
{
  g_return_val_if_fail (parent != NULL, NULL);

  /* TRANSLATORS: where a city's recommendations come from: its own list (entered) or
   * the quota rule choosing from the county ranking */
  return parent->entered ? _("entered") : _("by the rule");
}

static void
append_item (GString    *out,
             const char *text)
{
  if (out->len > 0)
    g_string_append (out, _("; "));
  g_string_append (out, text);
}

void
kh_recommend_summarize (const KhRecommender *parent,
                        char               **taken,
                        char               **left)
{
  GString *accepted = g_string_new (NULL);
  GString *others = g_string_new (NULL);

  g_return_if_fail (parent != NULL && taken != NULL && left != NULL);

  for (guint u = 0; u < parent->units->len; u++)
    {
      const KhRecommended *item = parent->units->pdata[u];
      g_autofree char *text = NULL;

      if (item->status == KH_RECOMMEND_ACCEPTED)
        /* TRANSLATORS: a recommended unit and its rank, e.g. "江阴市 (3)" */
        text = g_strdup_printf (_("%s (%d)"), item->name, item->rank);
      else
        {
          g_autofree char *why = kh_recommend_describe (parent, item);

          /* TRANSLATORS: a unit not taken and why, e.g. "泗阳县: not eligible: vetoed" */
          text = g_strdup_printf (_("%s: %s"), item->name, why);
        }
      append_item (item->status == KH_RECOMMEND_ACCEPTED ? accepted : others, text);
    }
  for (guint u = 0; u < parent->tied->len; u++)
    {
      const KhRecommended *item = parent->tied->pdata[u];
      /* TRANSLATORS: a unit left out by the rule: it shares its rank with others at the cut */
      g_autofree char *text = g_strdup_printf (_("%s: tied at rank %d at the cut of the quota"),
                                               item->name, item->rank);

      append_item (others, text);
    }
  *taken = g_string_free (accepted, FALSE);
  *left = g_string_free (others, FALSE);
}

char *
kh_recommend_describe (const KhRecommender *parent,
                       const KhRecommended *item)
{
  g_return_val_if_fail (parent != NULL && item != NULL, NULL);

  switch (item->status)
    {
    case KH_RECOMMEND_ACCEPTED:
      return g_strdup ("");
    case KH_RECOMMEND_UNKNOWN:
      /* TRANSLATORS: a recommended unit's id that names no unit of the year */
      return g_strdup_printf (_("no unit “%s” this year"), item->unit_id);
    case KH_RECOMMEND_DUPLICATE:
      return g_strdup (_("recommended twice"));
    case KH_RECOMMEND_OTHER_PARENT:
      if (item->parent_name == NULL)
        return g_strdup (_("belongs to no recommending unit"));
      /* TRANSLATORS: the recommended county belongs to another city, named here */
      return g_strdup_printf (_("belongs to %s"), item->parent_name);
    case KH_RECOMMEND_NOT_RANKED:
      return g_strdup (_("not eligible: not ranked this year"));
    case KH_RECOMMEND_VETOED:
      return g_strdup (_("not eligible: vetoed"));
    case KH_RECOMMEND_TIER:
      /* TRANSLATORS: not eligible: its tier (第三等次), then the worst eligible tier */
      return g_strdup_printf (_("not eligible: %s, only up to %s"),
                              item->tier_name[0] != '\0' ? item->tier_name : _("no tier"),
                              parent->max_tier_name);
    case KH_RECOMMEND_OVER_QUOTA:
      /* TRANSLATORS: the recommending unit's quota, a number of units */
      return g_strdup_printf (_("over the quota of %d"), parent->quota);
    default:
      g_return_val_if_reached (NULL);
    }
}
