/* kh-project-compare.c — a year's published results against the recomputed ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every difference between what the office published for a year (kh-project-published.c)
 * and what computing the year gives now: a unit published but not computed or the
 * reverse (within the categories the publication covers), another peer group, rank,
 * tier or set of awards. Published awards are matched to the framework's award rules
 * by id or by any of their names; one that matches none is compared as written.
 *
 * It reads through the published results' and computing's functions only, no SQL of its
 * own: the same on both stores (issue 19).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-io-error.h"
#include "kh-project-compute.h"
#include "kh-project-private.h"

void
kh_published_difference_free (KhPublishedDifference *difference)
{
  if (difference == NULL)
    return;
  g_free (difference->unit_id);
  g_free (difference->name);
  g_free (difference->category_id);
  g_free (difference->published);
  g_free (difference->recomputed);
  g_free (difference);
}

const char *
kh_published_difference_describe (KhPublishedDifferenceKind kind)
{
  switch (kind)
    {
    case KH_DIFFERENCE_PUBLISHED_ONLY:
      return _("published, but not in the computed results");
    case KH_DIFFERENCE_RECOMPUTED_ONLY:
      return _("computed, but not published");
    case KH_DIFFERENCE_GROUP:
      return _("peer group");
    case KH_DIFFERENCE_RANK:
      return _("rank");
    case KH_DIFFERENCE_TIER:
      return _("tier");
    case KH_DIFFERENCE_AWARDS:
    default:
      return _("awards");
    }
}

/* A unit of the recomputed year. */
typedef struct
{
  KhPlan *plan;
  guint unit;
} Computed;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
int_text (int value)
{
  return value > 0 ? g_strdup_printf ("%d", value) : g_strdup ("");
}

/* The award ids of rule set @group that the text (ids or names joined by ",") names,
 * sorted and joined; a token no rule has stays as written. */
static char *
award_ids (KhGroup    *group,
           const char *text)
{
  g_auto (GStrv) tokens = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *id = tokens[i];

      if (tokens[i][0] == '\0')
        continue;
      for (guint a = 0; group != NULL && a < group->awards->len; a++)
        {
          const KhAwardRule *rule = group->awards->pdata[a];

          if (g_strcmp0 (rule->id, tokens[i]) == 0 || g_strcmp0 (rule->name.zh_CN, tokens[i]) == 0
              || g_strcmp0 (rule->name.zh_TW, tokens[i]) == 0
              || g_strcmp0 (rule->name.en, tokens[i]) == 0)
            id = rule->id;
        }
      g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

/* The awards unit @c received, by name (zh-CN, else the id), joined by ","; its ids
 * in *ids. */
static char *
computed_awards (const Computed *c,
                 char          **ids)
{
  KhGroup *group = kh_plan_get_unit_group (c->plan, c->unit);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint a = 0; group != NULL && a < group->awards->len; a++)
    if (kh_plan_has_award (c->plan, c->unit, a))
      {
        const KhAwardRule *rule = group->awards->pdata[a];
        const char *name = kh_text_get (&rule->name, KH_LANG_ZH_CN);

        g_string_append_printf (names, "%s%s", names->len > 0 ? "," : "",
                                name != NULL ? name : rule->id);
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", rule->id);
      }
  *ids = award_ids (group, joined->str);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
add_difference (GPtrArray                *out,
                const char               *unit_id,
                const char               *name,
                const char               *category,
                KhPublishedDifferenceKind kind,
                const char               *published,
                const char               *recomputed)
{
  KhPublishedDifference *d = g_new0 (KhPublishedDifference, 1);

  d->unit_id = g_strdup (unit_id);
  d->name = g_strdup (name);
  d->category_id = g_strdup (category);
  d->kind = kind;
  d->published = g_strdup (published != NULL ? published : "");
  d->recomputed = g_strdup (recomputed != NULL ? recomputed : "");
  g_ptr_array_add (out, d);
}

static void
compare_unit (GPtrArray        *out,
              const KhStanding *p,
              const Computed   *c)
{
  KhDataset *ds = kh_plan_get_dataset (c->plan);
  KhGroup *group = kh_plan_get_unit_group (c->plan, c->unit);
  const char *name = kh_dataset_get_unit_name (ds, c->unit);
  const char *category = kh_plan_get_framework (c->plan)->category;
  int rank = kh_plan_get_rank (c->plan, c->unit), tier = kh_plan_get_tier (c->plan, c->unit);
  g_autofree char *published_ids = award_ids (group, p->awards);
  g_autofree char *recomputed_ids = NULL;
  g_autofree char *recomputed_names = computed_awards (c, &recomputed_ids);

  if (p->group_id != NULL && g_strcmp0 (p->group_id, group != NULL ? group->id : NULL) != 0)
    add_difference (out, p->unit_id, name, category, KH_DIFFERENCE_GROUP, p->group_id,
                    group != NULL ? group->id : "");
  if (p->rank != rank)
    {
      g_autofree char *a = int_text (p->rank);
      g_autofree char *b = int_text (rank);

      add_difference (out, p->unit_id, name, category, KH_DIFFERENCE_RANK, a, b);
    }
  if (p->tier != 0 && p->tier != tier)
    {
      g_autofree char *a = int_text (p->tier);
      g_autofree char *b = int_text (tier);

      add_difference (out, p->unit_id, name, category, KH_DIFFERENCE_TIER, a, b);
    }
  if (strcmp (published_ids, recomputed_ids) != 0)
    add_difference (out, p->unit_id, name, category, KH_DIFFERENCE_AWARDS, p->awards,
                    recomputed_names);
}

GPtrArray *
kh_project_compare_published (KhProject *self,
                              int        year,
                              guint     *n_published,
                              GError   **error)
{
  g_autoptr (KhBaseline) published = NULL;
  g_autoptr (GPtrArray) plans = NULL;
  g_autoptr (GHashTable) computed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kh_project_load_published (self, year, &published, error))
    return NULL;
  if (published == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: no results published for %d are imported (kaohe-cli import %s "
                     "--published FILE --year %d)"),
                   self->path, year, self->path, year);
      return NULL;
    }
  plans = kh_project_compute_all (self, year, error);
  if (plans == NULL)
    return NULL;
  for (guint i = 0; i < plans->len; i++)
    for (guint u = 0; u < kh_plan_get_n_units (plans->pdata[i]); u++)
      {
        Computed *c = g_new0 (Computed, 1);

        c->plan = plans->pdata[i];
        c->unit = u;
        g_hash_table_insert (computed,
                             (gpointer) kh_dataset_get_unit_id (kh_plan_get_dataset (c->plan), u), c);
      }

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_published_difference_free);
  for (guint i = 0; i < kh_baseline_get_n (published); i++)
    {
      const KhStanding *p = kh_baseline_get (published, i);
      const Computed *c = g_hash_table_lookup (computed, p->unit_id);
      g_autofree char *rank = int_text (p->rank);

      if (c == NULL)
        {
          add_difference (out, p->unit_id, NULL, NULL, KH_DIFFERENCE_PUBLISHED_ONLY, rank, NULL);
          continue;
        }
      g_hash_table_add (covered, (gpointer) kh_plan_get_framework (c->plan)->category);
      compare_unit (out, p, c);
    }
  /* Units computed in the categories the publication covers, but not published. */
  for (guint i = 0; i < plans->len; i++)
    {
      KhPlan *plan = plans->pdata[i];
      KhDataset *ds = kh_plan_get_dataset (plan);

      if (!g_hash_table_contains (covered, kh_plan_get_framework (plan)->category))
        continue;
      for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
        {
          g_autofree char *rank = int_text (kh_plan_get_rank (plan, u));

          if (kh_baseline_lookup (published, kh_dataset_get_unit_id (ds, u)) == NULL)
            add_difference (out, kh_dataset_get_unit_id (ds, u), kh_dataset_get_unit_name (ds, u),
                            kh_plan_get_framework (plan)->category, KH_DIFFERENCE_RECOMPUTED_ONLY,
                            NULL, rank);
        }
    }
  if (n_published != NULL)
    *n_published = kh_baseline_get_n (published);
  return g_steal_pointer (&out);
}
