/* kh-engine-like.c — last year's data scored under this year's framework
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the framework changed between two years, comparing last year's total with this
 * year's mixes what the units did with what the office changed. The like-for-like plan
 * scores last year's units and values under this year's framework: every data field of
 * the new framework takes last year's value of the same field, or of the node it
 * replaces (through its `convert` formula; nothing across units of measure without
 * one); an indicator last year did not measure at all applies to nobody (its parent
 * re-weights the others); other fields last year lacked are missing. growth() and
 * prev() read the year before last where last year's plan had those values.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-engine-private.h"

static void
add_data_field (GPtrArray  *ids,
                const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (ids->pdata[i], id) == 0)
      return;
  g_ptr_array_add (ids, (gpointer) id);
}

static gboolean
collect_indicator (KhNode  *node,
                   gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    add_data_field (user_data, node->id);
  return TRUE;
}

/* The ids a framework reads from data (borrowed from @fw). */
static GPtrArray *
data_fields (KhFramework *fw)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < fw->variables->len; i++)
    add_data_field (ids, ((KhVariable *) fw->variables->pdata[i])->id);
  kh_framework_foreach_node (fw, collect_indicator, ids);
  for (guint i = 0; i < fw->adjustments->len; i++)
    {
      KhAdjustment *adj = fw->adjustments->pdata[i];

      add_data_field (ids, adj->input != NULL ? adj->input : adj->id);
    }
  for (guint i = 0; i < fw->constraints->len; i++)
    {
      KhConstraint *con = fw->constraints->pdata[i];

      add_data_field (ids, con->input != NULL ? con->input : con->id);
    }
  return ids;
}

/* Last year's values of @id as this year's @framework reads it, into @out; FALSE when
 * last year had no such field at all. */
static gboolean
previous_values (KhPlan      *previous,
                 KhFramework *framework,
                 const char  *id,
                 const guint *identity,
                 double      *out)
{
  guint n = previous->n_units;
  guint pf = kh_engine_field_lookup (previous, id);
  const KhNode *node = kh_framework_find_node (framework, id);

  if (pf == G_MAXUINT && node != NULL && node->replaces != NULL)
    {
      int old = kh_plan_find_node (previous, node->replaces);

      if (node->convert != NULL)
        {
          kh_engine_eval_previous (previous, node->convert, identity, n, out);
          return TRUE;
        }
      if (old >= 0
          && g_strcmp0 (previous->nodes[old].src->unit_of_measure, node->unit_of_measure) == 0)
        pf = kh_engine_field_lookup (previous, node->replaces);
    }
  for (guint u = 0; u < n; u++)
    out[u] = pf != G_MAXUINT ? previous->fields[pf].values[u] : NAN;
  return pf != G_MAXUINT;
}

KhPlan *
kh_plan_new_like_for_like (KhFramework *framework,
                           KhPlan      *previous,
                           GError     **error)
{
  KhDataset *src;
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree guint *identity = NULL;
  g_autofree double *column = NULL;
  g_autoptr (GHashTable) absent = g_hash_table_new (g_str_hash, g_str_equal);
  KhPlan *plan;
  guint n;

  g_return_val_if_fail (framework != NULL, NULL);
  g_return_val_if_fail (previous != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!previous->computed)
    kh_plan_compute (previous);
  src = previous->dataset;
  n = previous->n_units;
  ds = kh_dataset_new (kh_dataset_get_year (src));
  identity = g_new (guint, MAX (n, 1));
  column = g_new (double, MAX (n, 1));
  for (guint u = 0; u < n; u++)
    {
      kh_dataset_add_unit (ds, kh_dataset_get_unit_id (src, u), kh_dataset_get_unit_name (src, u),
                           kh_dataset_get_unit_group (src, u));
      identity[u] = u;
    }
  ids = data_fields (framework);
  for (guint i = 0; i < ids->len; i++)
    {
      guint f = kh_dataset_add_field (ds, ids->pdata[i]);

      if (!previous_values (previous, framework, ids->pdata[i], identity, column))
        g_hash_table_add (absent, ids->pdata[i]);
      for (guint u = 0; u < n; u++)
        kh_dataset_set (ds, u, f, column[u]);
    }

  /* Last year scored again compares with nothing before it, whatever baseline the
   * framework counts rank changes against: an empty one. */
  if (framework->baseline == KH_BASELINE_PUBLISHED)
    {
      g_autoptr (KhBaseline) none = kh_baseline_new (kh_dataset_get_year (ds) - 1, TRUE);

      kh_dataset_set_published (ds, none);
    }
  plan = kh_plan_new (framework, ds, NULL, error);
  if (plan == NULL)
    return NULL;
  /* An indicator last year did not measure at all (admitted this year) applies to
   * nobody: its parent re-weights the others, as it would for a missing value. */
  for (guint i = 0; i < plan->n_inds; i++)
    if (plan->inds[i].src->formula == NULL && g_hash_table_contains (absent, plan->inds[i].src->id))
      {
        g_free (plan->inds[i].applies);
        plan->inds[i].applies = g_new0 (guint8, MAX (n, 1));
      }
  /* growth() and prev(): the year before last, where last year's plan read it */
  for (guint vf = 0; vf < plan->n_fields; vf++)
    {
      ValueField *field = &plan->fields[vf];
      guint pf;

      if (!field->needs_prev)
        continue;
      pf = kh_engine_field_lookup (previous, field->id);
      if (pf != G_MAXUINT && previous->fields[pf].prev != NULL)
        field->prev = g_memdup2 (previous->fields[pf].prev, sizeof (double) * MAX (n, 1));
    }
  return plan;
}
