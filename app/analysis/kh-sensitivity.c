/* kh-sensitivity.c — Monte Carlo rank intervals and Sobol sensitivity indices: set-up and runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set-up resolves every declared input against the nominal plan and refuses those that
 * would change nothing; a run evaluates the design's points on plan copies, one per
 * thread, and stores each run's ranks, tiers and awards in its own slot. The summary
 * (kh-sensitivity-result.c) reads those slots in run order.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-sensitivity-private.h"

/* About this many runs per chunk of rows: small enough for early progress, large
 * enough that threads rarely meet on the chunk counter. */
#define RUNS_PER_CHUNK 64
/* Stored outcomes (runs × units) at most: 9 bytes each. */
#define MAX_OUTCOMES 60000000u

/* ---- resolving the inputs ---------------------------------------------------------- */

typedef struct
{
  KhSensitivity *self;
  const KhSensitivitySpec *spec;
  GString *problems;
  int *owner;          /* n_nodes: the input varying the node's weight, or −1 */
  GPtrArray *inputs;   /* of Input* */
} Resolve;

static void
resolve_problem (Resolve                *r,
                 const KhUncertainInput *input,
                 const char             *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
resolve_problem (Resolve                *r,
                 const KhUncertainInput *input,
                 const char             *format,
                 ...)
{
  g_autofree char *where = input != NULL ? kh_uncertain_input_where (r->spec, input) : NULL;
  va_list args;

  if (r->problems->len > 0)
    g_string_append_c (r->problems, '\n');
  if (where != NULL)
    g_string_append (r->problems, where);
  va_start (args, format);
  g_string_append_vprintf (r->problems, format, args);
  va_end (args);
}

static const char *
group_label (KhSensitivity *self)
{
  return self->group != NULL ? self->group->id : _("(the only group)");
}

/* The node has a score for some unit of the group. */
static gboolean
node_lives (KhSensitivity *self,
            guint          node)
{
  for (guint k = 0; k < self->n_units; k++)
    if (!isnan (kh_plan_get_node_score (self->plan, self->units[k], node)))
      return TRUE;
  return FALSE;
}

static int
node_index (KhSensitivity *self,
            const KhNode  *node)
{
  return node != NULL && node->id != NULL ? kh_plan_find_node (self->plan, node->id) : -1;
}

static gboolean
is_coefficient (const KhNode *node)
{
  return node->parent != NULL && node->parent->aggregation == KH_AGG_COEFFICIENT
         && node->coefficient;
}

/* A child whose weight matters: not a coefficient, weight > 0, scored for someone. */
static gboolean
child_counts (KhSensitivity *self,
              const KhNode  *child)
{
  int n = node_index (self, child);

  return n >= 0 && !is_coefficient (child) && child->weight > 0 && node_lives (self, (guint) n);
}

static guint
count_children (KhSensitivity *self,
                const KhNode  *parent)
{
  guint n = 0;

  for (guint c = 0; c < parent->children->len; c++)
    if (child_counts (self, parent->children->pdata[c]))
      n++;
  return n;
}

static Input *
input_new (KhInputKind kind,
           const char *name,
           const char *about)
{
  Input *input = g_new0 (Input, 1);

  input->kind = kind;
  input->name = g_strdup (name);
  input->about = g_strdup (about);
  input->methods = g_array_new (FALSE, TRUE, sizeof (KhScoring));
  input->rules = g_array_new (FALSE, TRUE, sizeof (KhMissingPolicy));
  return input;
}

static void
input_clear (Input *input)
{
  g_free (input->name);
  g_free (input->about);
  g_free (input->nodes);
  g_free (input->alpha);
  g_array_unref (input->methods);
  g_array_unref (input->rules);
}

static void
input_free (Input *input)
{
  if (input == NULL)
    return;
  input_clear (input);
  g_free (input);
}

static void
input_set_nodes (Input  *input,
                 GArray *nodes)
{
  input->n_nodes = nodes->len;
  input->nodes = g_memdup2 (nodes->data, MAX (nodes->len, 1) * sizeof (guint));
}

/* Why the weight of @node cannot vary, or NULL when it can. */
static char *
weight_refusal (Resolve    *r,
                int         n,
                const char *id)
{
  KhSensitivity *self = r->self;
  const KhNode *node;

  if (n < 0)
    return g_strdup_printf (_("there is no node “%s” in framework “%s”"), id,
                            kh_plan_get_framework (self->plan)->id);
  node = kh_plan_get_node (self->plan, (guint) n);
  if (node->parent == NULL)
    return g_strdup_printf (_("“%s” is the root: it has no weight to vary"), id);
  if (is_coefficient (node))
    return g_strdup_printf (_("“%s” multiplies its parent as a coefficient: its weight only "
                              "switches it on or off"),
                            id);
  if (!(node->weight > 0))
    return g_strdup_printf (_("“%s” has weight 0, and a share of 0 is still 0"), id);
  if (!node_lives (self, (guint) n))
    return g_strdup_printf (_("“%s” has no score for any unit of group %s"), id,
                            group_label (self));
  if (count_children (self, node->parent) < 2)
    return g_strdup_printf (_("“%s” is the only child of “%s” that counts: its weight cannot "
                              "change anything"),
                            id, node->parent->id);
  if (r->owner[n] >= 0)
    return g_strdup_printf (_("the weight of “%s” already varies in input “%s”"), id,
                            ((Input *) r->inputs->pdata[r->owner[n]])->name);
  return NULL;
}

static void
resolve_weights (Resolve                *r,
                 const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  Input *input = input_new (KH_INPUT_WEIGHTS, decl->name,
                            decl->children && decl->nodes->len == 1 ? decl->nodes->pdata[0] : NULL);
  guint index = r->inputs->len;

  input->amount = decl->amount;
  for (guint i = 0; i < decl->nodes->len; i++)
    {
      const char *id = decl->nodes->pdata[i];
      int n = kh_plan_find_node (self->plan, id);

      if (decl->children)
        {
          const KhNode *parent = n >= 0 ? kh_plan_get_node (self->plan, (guint) n) : NULL;

          if (parent == NULL)
            {
              resolve_problem (r, decl, _("there is no node “%s” in the framework"), id);
              continue;
            }
          if (count_children (self, parent) < 2)
            {
              resolve_problem (r, decl,
                               _("“%s” has fewer than two children whose weight counts in group %s"),
                               id, group_label (self));
              continue;
            }
          for (guint c = 0; c < parent->children->len; c++)
            {
              const KhNode *child = parent->children->pdata[c];
              int cn = node_index (self, child);
              g_autofree char *why = NULL;

              if (!child_counts (self, child))
                continue;
              why = weight_refusal (r, cn, child->id);
              if (why != NULL)
                resolve_problem (r, decl, "%s", why);
              else
                {
                  g_array_append_val (nodes, cn);
                  r->owner[cn] = (int) index;
                }
            }
          continue;
        }
      {
        g_autofree char *why = weight_refusal (r, n, id);

        if (why != NULL)
          {
            resolve_problem (r, decl, "%s", why);
            continue;
          }
        g_array_append_val (nodes, n);
        r->owner[n] = (int) index;
      }
    }
  input_set_nodes (input, nodes);
  input->dims = input->n_nodes;
  g_ptr_array_add (r->inputs, input);
}

static void
resolve_dirichlet (Resolve                *r,
                   const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  const char *id = decl->nodes->len > 0 ? decl->nodes->pdata[0] : "";
  int n = kh_plan_find_node (self->plan, id);
  const KhNode *parent = n >= 0 ? kh_plan_get_node (self->plan, (guint) n) : NULL;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  Input *input = input_new (KH_INPUT_DIRICHLET, decl->name, id);
  guint index = r->inputs->len;

  g_ptr_array_add (r->inputs, input);
  if (parent == NULL)
    {
      resolve_problem (r, decl, _("there is no node “%s” in the framework"), id);
      return;
    }
  if (count_children (self, parent) < 2)
    {
      resolve_problem (r, decl,
                       _("“%s” has fewer than two children whose weight counts in group %s"), id,
                       group_label (self));
      return;
    }
  for (guint c = 0; c < parent->children->len; c++)
    {
      const KhNode *child = parent->children->pdata[c];
      int cn = node_index (self, child);
      g_autofree char *why = NULL;

      if (!child_counts (self, child))
        continue;
      why = weight_refusal (r, cn, child->id);
      if (why != NULL)
        {
          resolve_problem (r, decl, "%s", why);
          continue;
        }
      g_array_append_val (nodes, cn);
      r->owner[cn] = (int) index;
      input->sum += child->weight;
    }
  input_set_nodes (input, nodes);
  input->dims = input->n_nodes;
  input->alpha = g_new (double, MAX (input->n_nodes, 1));
  for (guint j = 0; j < input->n_nodes; j++)
    input->alpha[j]
      = decl->amount * kh_plan_get_node (self->plan, input->nodes[j])->weight / input->sum;
}

/* An indicator of the framework that is scored for some unit of the group and counts. */
static int
resolve_indicator (Resolve                *r,
                   const KhUncertainInput *decl,
                   const char             *id)
{
  KhSensitivity *self = r->self;
  int n = kh_plan_find_node (self->plan, id);
  const KhNode *node = n >= 0 ? kh_plan_get_node (self->plan, (guint) n) : NULL;

  if (node == NULL || node->kind != KH_NODE_INDICATOR)
    resolve_problem (r, decl, _("there is no indicator “%s” in framework “%s”"), id,
                     kh_plan_get_framework (self->plan)->id);
  else if (!(node->weight > 0))
    resolve_problem (r, decl, _("“%s” has weight 0: its score does not count"), id);
  else if (!node_lives (self, (guint) n))
    resolve_problem (r, decl, _("“%s” has no score for any unit of group %s"), id,
                     group_label (self));
  else
    return n;
  return -1;
}

static gboolean
same_number (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static gboolean
same_scoring (const KhScoring *a,
              const KhScoring *b)
{
  return a->method == b->method && same_number (a->a, b->a) && same_number (a->b, b->b)
         && same_number (a->mean, b->mean) && same_number (a->sd, b->sd)
         && same_number (a->step, b->step) && same_number (a->lo, b->lo)
         && same_number (a->hi, b->hi) && same_number (a->target, b->target)
         && same_number (a->cap, b->cap) && same_number (a->floor, b->floor);
}

static gboolean
indicator_taken (Resolve                *r,
                 const KhUncertainInput *decl,
                 int                     n)
{
  for (guint i = 0; i < r->inputs->len; i++)
    {
      Input *other = r->inputs->pdata[i];

      if (other->kind == decl->kind && other->n_nodes == 1 && other->nodes[0] == (guint) n)
        {
          const char *id = kh_plan_get_node (r->self->plan, (guint) n)->id;

          if (decl->kind == KH_INPUT_METHOD)
            resolve_problem (r, decl, _("input “%s” varies the method of “%s” already"),
                             other->name, id);
          else
            resolve_problem (r, decl, _("input “%s” varies the missing-data rule of “%s” already"),
                             other->name, id);
          return TRUE;
        }
    }
  return FALSE;
}

static void
resolve_method (Resolve                *r,
                const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  const char *id = decl->nodes->len > 0 ? decl->nodes->pdata[0] : "";
  int n = resolve_indicator (r, decl, id);
  Input *input;
  const KhNode *node;

  if (n < 0 || indicator_taken (r, decl, n))
    return;
  node = kh_plan_get_node (self->plan, (guint) n);
  input = input_new (KH_INPUT_METHOD, decl->name, id);
  input->nodes = g_new (guint, 1);
  input->nodes[0] = (guint) n;
  input->n_nodes = 1;
  for (guint a = 0; a < decl->methods->len; a++)
    {
      const KhScoring *alt = &g_array_index (decl->methods, KhScoring, a);
      g_autoptr (GError) error = NULL;
      gboolean repeated = same_scoring (alt, &node->scoring);

      for (guint b = 0; b < input->methods->len; b++)
        repeated = repeated || same_scoring (alt, &g_array_index (input->methods, KhScoring, b));
      if (repeated)
        resolve_problem (r, decl, _("“%s” scored by %s is the nominal method or listed twice"), id,
                         kh_method_to_string (alt->method));
      else if (!kh_plan_set_scoring (self->plan, (guint) n, alt, &error))
        resolve_problem (r, decl, "%s", error->message);
      else
        g_array_append_vals (input->methods, alt, 1);
    }
  kh_plan_set_scoring (self->plan, (guint) n, NULL, NULL);
  /* The plan keeps pointers to the alternatives: the array does not grow from here. */
  input->n_choices = input->methods->len;
  input->dims = 1;
  g_ptr_array_add (r->inputs, input);
}

static gboolean
has_missing (KhSensitivity *self,
             guint          node)
{
  for (guint k = 0; k < self->n_units; k++)
    {
      KhValueState state = kh_plan_get_value_state (self->plan, self->units[k], node);

      if (state != KH_VALUE_NOT_APPLICABLE
          && isnan (kh_plan_get_value (self->plan, self->units[k], node, KH_STAGE_DERIVED)))
        return TRUE;
    }
  return FALSE;
}

static void
resolve_missing (Resolve                *r,
                 const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  const char *id = decl->nodes->len > 0 ? decl->nodes->pdata[0] : "";
  int n = resolve_indicator (r, decl, id);
  const KhNode *node;
  Input *input;

  if (n < 0 || indicator_taken (r, decl, n))
    return;
  node = kh_plan_get_node (self->plan, (guint) n);
  if (!has_missing (self, (guint) n))
    {
      resolve_problem (r, decl,
                       _("“%s” has no missing value in group %s: another rule would change "
                         "nothing"),
                       id, group_label (self));
      return;
    }
  input = input_new (KH_INPUT_MISSING, decl->name, id);
  input->nodes = g_new (guint, 1);
  input->nodes[0] = (guint) n;
  input->n_nodes = 1;
  for (guint a = 0; a < decl->rules->len; a++)
    {
      KhMissingPolicy rule = g_array_index (decl->rules, KhMissingPolicy, a);
      g_autoptr (GError) error = NULL;
      gboolean repeated = rule == node->missing;

      for (guint b = 0; b < input->rules->len; b++)
        repeated = repeated || rule == g_array_index (input->rules, KhMissingPolicy, b);
      if (repeated)
        resolve_problem (r, decl, _("“%s”: %s is the nominal rule or listed twice"), id,
                         kh_missing_to_string (rule));
      else if (!kh_plan_set_missing (self->plan, (guint) n, rule, &error))
        resolve_problem (r, decl, "%s", error->message);
      else
        g_array_append_val (input->rules, rule);
    }
  kh_plan_set_missing (self->plan, (guint) n, node->missing, NULL);
  input->n_choices = input->rules->len;
  input->dims = 1;
  g_ptr_array_add (r->inputs, input);
}

static void
resolve_leave_out (Resolve                *r,
                   const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  Input *input = input_new (KH_INPUT_LEAVE_OUT, decl->name, NULL);

  if (decl->nodes->len == 0)
    {
      for (guint n = 0; n < kh_plan_get_n_nodes (self->plan); n++)
        {
          const KhNode *node = kh_plan_get_node (self->plan, n);

          if (node->kind == KH_NODE_INDICATOR && node->weight > 0 && node_lives (self, n))
            g_array_append_val (nodes, n);
        }
      if (nodes->len == 0)
        resolve_problem (r, decl, _("no indicator is scored for the units of group %s"),
                         group_label (self));
    }
  for (guint i = 0; i < decl->nodes->len; i++)
    {
      int n = resolve_indicator (r, decl, decl->nodes->pdata[i]);

      if (n >= 0)
        g_array_append_val (nodes, n);
    }
  for (guint i = 0; i < r->inputs->len; i++)
    {
      Input *other = r->inputs->pdata[i];

      for (guint a = 0; other->kind == KH_INPUT_LEAVE_OUT && a < other->n_nodes; a++)
        for (guint b = 0; b < nodes->len; b++)
          if (other->nodes[a] == g_array_index (nodes, guint, b))
            resolve_problem (r, decl, _("input “%s” can leave out “%s” already"), other->name,
                             kh_plan_get_node (self->plan, other->nodes[a])->id);
    }
  input_set_nodes (input, nodes);
  input->n_choices = input->n_nodes;
  input->dims = 1;
  g_ptr_array_add (r->inputs, input);
}

static void
resolve_tiers (Resolve                *r,
               const KhUncertainInput *decl)
{
  KhSensitivity *self = r->self;
  const KhTierRule *rule = self->group != NULL ? &self->group->tiers : NULL;
  Input *input;

  if (rule == NULL || rule->n_tiers < 2 || rule->values->len == 0)
    {
      resolve_problem (r, decl, _("group %s has no tier cut-offs to vary"), group_label (self));
      return;
    }
  if (r->self->tiers_input >= 0)
    {
      resolve_problem (r, decl, _("input “%s” varies the tier cut-offs already"),
                       ((Input *) r->inputs->pdata[r->self->tiers_input])->name);
      return;
    }
  if (rule->mode == KH_TIER_BY_COUNT && decl->amount != floor (decl->amount))
    {
      resolve_problem (r, decl, _("tiers by count move by whole units: write a whole range"));
      return;
    }
  if (rule->mode == KH_TIER_BY_SHARE && !(decl->amount < 1))
    {
      resolve_problem (r, decl, _("tiers by share move by a share: write a range below 1"));
      return;
    }
  input = input_new (KH_INPUT_TIERS, decl->name, NULL);
  input->amount = decl->amount;
  input->dims = rule->values->len;
  self->n_cutoffs = rule->values->len;
  self->tiers_input = (int) r->inputs->len;
  g_ptr_array_add (r->inputs, input);
}

/* "weights ± r %": the children of every node not varied otherwise, one input per node. */
static void
add_default_weights (Resolve *r,
                     double   range)
{
  KhSensitivity *self = r->self;

  for (guint n = 0; n < kh_plan_get_n_nodes (self->plan); n++)
    {
      const KhNode *parent = kh_plan_get_node (self->plan, n);
      g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree char *name = NULL;
      Input *input;

      if (parent->children->len < 2 || count_children (self, parent) < 2)
        continue;
      for (guint c = 0; c < parent->children->len; c++)
        {
          const KhNode *child = parent->children->pdata[c];
          int cn = node_index (self, child);

          if (child_counts (self, child) && r->owner[cn] < 0)
            g_array_append_val (nodes, cn);
        }
      if (nodes->len == 0)
        continue;
      name = g_strdup_printf ("weights:%s", parent->id);
      input = input_new (KH_INPUT_WEIGHTS, name, parent->id);
      input->amount = range;
      input->generated = TRUE;
      for (guint j = 0; j < nodes->len; j++)
        r->owner[g_array_index (nodes, guint, j)] = (int) r->inputs->len;
      input_set_nodes (input, nodes);
      input->dims = input->n_nodes;
      g_ptr_array_add (r->inputs, input);
    }
}

/* The nodes whose weights a run sets: those varied, and every sibling that a parent
 * summing its children scales back. */
static void
collect_varied (KhSensitivity *self)
{
  g_autofree guint8 *varied = g_new0 (guint8, MAX (self->n_nodes, 1));
  g_autofree guint8 *parents = g_new0 (guint8, MAX (self->n_nodes, 1));
  g_autoptr (GArray) list = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) rescale = g_array_new (FALSE, TRUE, sizeof (Rescale));

  for (guint i = 0; i < self->n_inputs; i++)
    {
      Input *input = &self->inputs[i];

      if (input->kind != KH_INPUT_WEIGHTS && input->kind != KH_INPUT_DIRICHLET
          && input->kind != KH_INPUT_LEAVE_OUT)
        continue;
      for (guint j = 0; j < input->n_nodes; j++)
        {
          const KhNode *node = kh_plan_get_node (self->plan, input->nodes[j]);
          int p = node_index (self, node->parent);

          varied[input->nodes[j]] = 1;
          if (p >= 0 && !is_coefficient (node)
              && (node->parent->aggregation == KH_AGG_SUM
                  || node->parent->aggregation == KH_AGG_COEFFICIENT))
            parents[p] = 1;
        }
    }
  for (guint p = 0; p < self->n_nodes; p++)
    {
      const KhNode *parent = kh_plan_get_node (self->plan, p);
      g_autoptr (GArray) children = NULL;
      Rescale rs = { NULL, 0, 0.0 };

      if (!parents[p])
        continue;
      children = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint c = 0; c < parent->children->len; c++)
        {
          const KhNode *child = parent->children->pdata[c];
          int cn = node_index (self, child);

          if (is_coefficient (child) || cn < 0)
            continue;
          g_array_append_val (children, cn);
          varied[cn] = 1;
          rs.nominal += child->weight * child->points;
        }
      rs.n_children = children->len;
      rs.children = (guint *) g_array_free (g_steal_pointer (&children), FALSE);
      g_array_append_val (rescale, rs);
    }
  for (guint n = 0; n < self->n_nodes; n++)
    if (varied[n])
      g_array_append_val (list, n);
  self->n_varied = list->len;
  self->varied = (guint *) g_array_free (g_steal_pointer (&list), FALSE);
  self->n_rescale = rescale->len;
  self->rescale = (Rescale *) g_array_free (g_steal_pointer (&rescale), FALSE);
}

static void
name_parameters (KhSensitivity *self)
{
  self->parameters = g_ptr_array_new_with_free_func (g_free);
  for (guint v = 0; v < self->n_varied; v++)
    g_ptr_array_add (self->parameters,
                     g_strdup_printf ("weight:%s", kh_plan_get_node (self->plan, self->varied[v])->id));
  for (guint i = 0; i < self->n_inputs; i++)
    {
      Input *input = &self->inputs[i];

      switch (input->kind)
        {
        case KH_INPUT_METHOD:
        case KH_INPUT_MISSING:
          g_ptr_array_add (self->parameters,
                           g_strdup_printf ("%s:%s", kh_input_kind_to_string (input->kind),
                                            input->about));
          break;
        case KH_INPUT_LEAVE_OUT:
          g_ptr_array_add (self->parameters, g_strdup_printf ("leave_out:%s", input->name));
          break;
        case KH_INPUT_TIERS:
          for (guint t = 0; t < self->n_cutoffs; t++)
            g_ptr_array_add (self->parameters, g_strdup_printf ("cutoff:%u", t + 1));
          break;
        case KH_INPUT_WEIGHTS:
        case KH_INPUT_DIRICHLET:
        default:
          break;
        }
    }
}

static gboolean
find_group (KhSensitivity *self,
            const char    *group_id,
            GError       **error)
{
  self->units = kh_analysis_group_units (self->plan, group_id, &self->group, &self->n_units, error);
  if (self->units == NULL)
    return FALSE;
  self->nominal_rank = g_new0 (int, MAX (self->n_units, 1));
  {
    guint ranked = 0;

    for (guint k = 0; k < self->n_units; k++)
      {
        self->nominal_rank[k] = kh_plan_get_rank (self->plan, self->units[k]);
        ranked += self->nominal_rank[k] > 0;
      }
    if (ranked < 2)
      {
        g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_DATA,
                     _("group %s has %u ranked units: a ranking needs two to vary"),
                     group_label (self), ranked);
        return FALSE;
      }
  }
  self->n_awards = self->group != NULL ? MIN (self->group->awards->len, 32) : 0;
  return TRUE;
}

static gboolean
resolve_inputs (KhSensitivity           *self,
                const KhSensitivitySpec *spec,
                GError                 **error)
{
  g_autofree int *owner = g_new (int, MAX (self->n_nodes, 1));
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  Resolve r = { self, spec, problems, owner, inputs };

  for (guint n = 0; n < self->n_nodes; n++)
    owner[n] = -1;
  for (guint i = 0; i < spec->inputs->len; i++)
    {
      const KhUncertainInput *decl = spec->inputs->pdata[i];

      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (((KhUncertainInput *) spec->inputs->pdata[j])->name, decl->name) == 0)
          resolve_problem (&r, decl, _("another input is named “%s” too"), decl->name);
      switch (decl->kind)
        {
        case KH_INPUT_WEIGHTS:
          resolve_weights (&r, decl);
          break;
        case KH_INPUT_DIRICHLET:
          resolve_dirichlet (&r, decl);
          break;
        case KH_INPUT_METHOD:
          resolve_method (&r, decl);
          break;
        case KH_INPUT_MISSING:
          resolve_missing (&r, decl);
          break;
        case KH_INPUT_LEAVE_OUT:
          resolve_leave_out (&r, decl);
          break;
        case KH_INPUT_TIERS:
        default:
          resolve_tiers (&r, decl);
          break;
        }
    }
  if (spec->weights > 0)
    {
      guint before = inputs->len;

      add_default_weights (&r, spec->weights);
      if (inputs->len == before && spec->inputs->len == 0)
        g_string_append_printf (problems,
                                _("no weight can vary in group %s: no node has two children "
                                  "that count"),
                                group_label (self));
    }
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC, problems->str);
      return FALSE;
    }
  self->n_inputs = inputs->len;
  self->inputs = g_new0 (Input, MAX (inputs->len, 1));
  for (guint i = 0; i < inputs->len; i++)
    {
      self->inputs[i] = *(Input *) inputs->pdata[i];
      g_free (inputs->pdata[i]);
      inputs->pdata[i] = NULL;
    }
  return TRUE;
}

static gboolean
make_design (KhSensitivity           *self,
             const KhSensitivitySpec *spec,
             GError                 **error)
{
  g_autofree guint *dims = g_new (guint, MAX (self->n_inputs, 1));
  guint per_row = self->n_inputs + 2, total = 0;
  KhDesignKind kind;

  for (guint i = 0; i < self->n_inputs; i++)
    {
      dims[i] = self->inputs[i].dims;
      total += dims[i];
    }
  kind = spec->has_design                        ? spec->design
         : total <= KH_DESIGN_MAX_SOBOL_DIMS     ? KH_DESIGN_SOBOL
                                                 : KH_DESIGN_REVERSE_HALTON;
  self->n_rows = (spec->runs + per_row - 1) / per_row;
  if (self->n_rows < 2)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("%u runs are too few for %u inputs: the indices need at least %u"),
                   spec->runs, self->n_inputs, 2 * per_row);
      return FALSE;
    }
  self->n_runs = self->n_rows * per_row;
  if ((guint64) self->n_runs * self->n_units > MAX_OUTCOMES)
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("%u runs of %u units would keep %u MB of outcomes: choose fewer runs"),
                   self->n_runs, self->n_units,
                   (guint) ((guint64) self->n_runs * self->n_units * 9 / 1000000));
      return FALSE;
    }
  self->seed = spec->seed;
  self->design = kh_design_new (kind, dims, self->n_inputs, self->n_rows, spec->seed, error);
  if (self->design == NULL)
    return FALSE;
  self->chunk_rows = MAX (1, RUNS_PER_CHUNK / per_row);
  self->n_chunks = (self->n_rows + self->chunk_rows - 1) / self->chunk_rows;
  self->ranks = g_new (gint32, (gsize) self->n_runs * self->n_units);
  self->tiers = g_new (guint8, (gsize) self->n_runs * self->n_units);
  self->awards = g_new (guint32, (gsize) self->n_runs * self->n_units);
  self->chunk_done = g_new0 (gint, self->n_chunks);
  return TRUE;
}

KhSensitivity *
kh_sensitivity_new (KhPlan                  *plan,
                    const char              *group_id,
                    const KhSensitivitySpec *spec,
                    GError                 **error)
{
  g_autoptr (KhSensitivity) self = NULL;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kh_analysis_init ();
  self = g_new0 (KhSensitivity, 1);
  self->n_threads = 1;
  self->tiers_input = -1;
  self->plan = kh_plan_copy (plan);
  kh_plan_compute (self->plan);
  self->n_nodes = kh_plan_get_n_nodes (self->plan);
  self->nominal_weight = g_new (double, MAX (self->n_nodes, 1));
  for (guint n = 0; n < self->n_nodes; n++)
    self->nominal_weight[n] = kh_plan_get_node (self->plan, n)->weight;

  if (!find_group (self, group_id, error) || !resolve_inputs (self, spec, error))
    return NULL;
  for (guint i = 0; i < self->n_inputs; i++)
    if (self->inputs[i].kind == KH_INPUT_DIRICHLET)
      self->max_children = MAX (self->max_children, self->inputs[i].n_nodes);
  collect_varied (self);
  name_parameters (self);
  if (!make_design (self, spec, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
kh_sensitivity_free (KhSensitivity *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_inputs; i++)
    input_clear (&self->inputs[i]);
  g_free (self->inputs);
  for (guint r = 0; r < self->n_rescale; r++)
    g_free (self->rescale[r].children);
  g_free (self->rescale);
  g_free (self->varied);
  g_free (self->nominal_weight);
  g_clear_pointer (&self->parameters, g_ptr_array_unref);
  g_clear_pointer (&self->design, kh_design_free);
  g_free (self->units);
  g_free (self->nominal_rank);
  g_free (self->ranks);
  g_free (self->tiers);
  g_free (self->awards);
  g_free (self->chunk_done);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_free (self);
}

/* ---- one run ----------------------------------------------------------------------- */

Sample *
kh_sensitivity_sample_new (KhSensitivity *self)
{
  Sample *sample = g_new0 (Sample, 1);

  sample->weight = g_memdup2 (self->nominal_weight, MAX (self->n_nodes, 1) * sizeof (double));
  sample->choice = g_new0 (guint, MAX (self->n_inputs, 1));
  sample->cutoffs = g_new0 (double, MAX (self->n_cutoffs, 1));
  sample->gamma = g_new0 (double, MAX (self->max_children, 1));
  return sample;
}

void
kh_sensitivity_sample_free (Sample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->weight);
  g_free (sample->choice);
  g_free (sample->cutoffs);
  g_free (sample->gamma);
  g_free (sample);
}

static void
sample_cutoffs (KhSensitivity *self,
                const Input   *input,
                const double  *x,
                double        *cutoffs)
{
  const KhTierRule *rule = &self->group->tiers;

  for (guint t = 0; t < self->n_cutoffs; t++)
    {
      double v = g_array_index (rule->values, double, t);

      switch (rule->mode)
        {
        case KH_TIER_BY_COUNT:
          {
            double r = input->amount;

            v += MIN (floor (x[t] * (2 * r + 1)), 2 * r) - r;
            cutoffs[t] = MAX (v, 0.0);
          }
          break;
        case KH_TIER_BY_SHARE:
          cutoffs[t] = CLAMP (v + input->amount * (2 * x[t] - 1), 0.0, 1.0);
          break;
        case KH_TIER_BY_THRESHOLD:
        default:
          cutoffs[t] = v + input->amount * (2 * x[t] - 1);
          break;
        }
    }
}

void
kh_sensitivity_sample (KhSensitivity *self,
                       const double  *point,
                       Sample        *sample)
{
  double *w = sample->weight;

  for (guint v = 0; v < self->n_varied; v++)
    w[self->varied[v]] = self->nominal_weight[self->varied[v]];
  for (guint i = 0; i < self->n_inputs; i++)
    {
      const Input *input = &self->inputs[i];
      const double *x = point + kh_design_get_offset (self->design, i);

      switch (input->kind)
        {
        case KH_INPUT_WEIGHTS:
          for (guint j = 0; j < input->n_nodes; j++)
            w[input->nodes[j]] *= 1.0 + input->amount * (2.0 * x[j] - 1.0);
          break;
        case KH_INPUT_DIRICHLET:
          {
            double sum = 0;

            /* Gamma(αᵢ) draws by inversion, normalised: a Dirichlet(α) vector. */
            for (guint j = 0; j < input->n_nodes; j++)
              {
                double u = CLAMP (x[j], 1e-12, 1.0 - 1e-12);

                sample->gamma[j] = gsl_cdf_gamma_Pinv (u, input->alpha[j], 1.0);
                if (!isfinite (sample->gamma[j]))
                  sample->gamma[j] = 0.0;
                sum += sample->gamma[j];
              }
            for (guint j = 0; j < input->n_nodes && sum > 0; j++)
              w[input->nodes[j]] = input->sum * sample->gamma[j] / sum;
          }
          break;
        case KH_INPUT_METHOD:
        case KH_INPUT_MISSING:
        case KH_INPUT_LEAVE_OUT:
          sample->choice[i] = MIN ((guint) (x[0] * (input->n_choices + 1)), input->n_choices);
          break;
        case KH_INPUT_TIERS:
        default:
          sample_cutoffs (self, input, x, sample->cutoffs);
          break;
        }
    }
  for (guint i = 0; i < self->n_inputs; i++)
    if (self->inputs[i].kind == KH_INPUT_LEAVE_OUT && sample->choice[i] > 0)
      w[self->inputs[i].nodes[sample->choice[i] - 1]] = 0.0;
  for (guint r = 0; r < self->n_rescale; r++)
    {
      const Rescale *rs = &self->rescale[r];
      double sum = 0;

      for (guint c = 0; c < rs->n_children; c++)
        sum += w[rs->children[c]] * kh_plan_get_node (self->plan, rs->children[c])->points;
      if (sum > 0)
        for (guint c = 0; c < rs->n_children; c++)
          w[rs->children[c]] *= rs->nominal / sum;
    }
}

static void
apply_sample (KhSensitivity *self,
              KhPlan        *plan,
              const Sample  *sample)
{
  for (guint v = 0; v < self->n_varied; v++)
    kh_plan_set_node_weight (plan, self->varied[v], sample->weight[self->varied[v]]);
  for (guint i = 0; i < self->n_inputs; i++)
    {
      const Input *input = &self->inputs[i];
      guint c = sample->choice[i];

      if (input->kind == KH_INPUT_METHOD)
        kh_plan_set_scoring (plan, input->nodes[0],
                             c > 0 ? &g_array_index (input->methods, KhScoring, c - 1) : NULL,
                             NULL);
      else if (input->kind == KH_INPUT_MISSING)
        kh_plan_set_missing (plan, input->nodes[0],
                             c > 0 ? g_array_index (input->rules, KhMissingPolicy, c - 1)
                                   : kh_plan_get_node (plan, input->nodes[0])->missing,
                             NULL);
      else if (input->kind == KH_INPUT_TIERS)
        kh_plan_set_tier_values (plan, self->group, sample->cutoffs);
    }
}

/* ---- runs on threads ------------------------------------------------------------- */

typedef struct
{
  KhSensitivity *self;
  KhPlan *plan;
  Sample *sample;
  double *point;
} Worker;

static void
record_run (KhSensitivity *self,
            KhPlan        *plan,
            guint          run)
{
  gsize base = (gsize) run * self->n_units;

  for (guint k = 0; k < self->n_units; k++)
    {
      guint u = self->units[k];
      guint32 awards = 0;

      self->ranks[base + k] = kh_plan_get_rank (plan, u);
      self->tiers[base + k] = (guint8) CLAMP (kh_plan_get_tier (plan, u), 0, 255);
      for (guint a = 0; a < self->n_awards; a++)
        if (kh_plan_has_award (plan, u, a))
          awards |= 1u << a;
      self->awards[base + k] = awards;
    }
}

static void
run_chunk (Worker *w,
           guint   chunk)
{
  KhSensitivity *self = w->self;
  guint per_row = self->n_inputs + 2;
  guint first = chunk * self->chunk_rows * per_row;
  guint last = MIN ((chunk + 1) * self->chunk_rows, self->n_rows) * per_row;

  for (guint run = first; run < last; run++)
    {
      kh_design_get_point (self->design, run, w->point);
      kh_sensitivity_sample (self, w->point, w->sample);
      apply_sample (self, w->plan, w->sample);
      /* The indicators are scored again only when a method or missing-data rule changed. */
      kh_plan_compute_aggregation (w->plan);
      record_run (self, w->plan, run);
    }
}

/* Takes one chunk and runs it; FALSE when none is left or the run was cancelled. */
static gboolean
work_one (Worker *w)
{
  KhSensitivity *self = w->self;
  guint chunk;

  if (g_atomic_int_get (&self->cancelled))
    return FALSE;
  chunk = (guint) g_atomic_int_add (&self->next_chunk, 1);
  if (chunk >= self->n_chunks)
    return FALSE;
  run_chunk (w, chunk);
  g_atomic_int_set (&self->chunk_done[chunk], 1);
  return TRUE;
}

static void
pool_work (gpointer data,
           gpointer user_data)
{
  while (work_one (data))
    ;
}

static void
update_rows_done (KhSensitivity *self)
{
  guint chunk = (guint) g_atomic_int_get (&self->rows_done) / self->chunk_rows;

  while (chunk < self->n_chunks && g_atomic_int_get (&self->chunk_done[chunk]))
    chunk++;
  g_atomic_int_set (&self->rows_done, (gint) MIN (chunk * self->chunk_rows, self->n_rows));
}

gboolean
kh_sensitivity_run (KhSensitivity            *self,
                    KhSensitivityProgressFunc progress,
                    gpointer                  user_data,
                    GError                  **error)
{
  g_autofree Worker *workers = NULL;
  GThreadPool *pool = NULL;
  guint n_workers;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_atomic_int_set (&self->next_chunk, 0);
  g_atomic_int_set (&self->rows_done, 0);
  for (guint c = 0; c < self->n_chunks; c++)
    g_atomic_int_set (&self->chunk_done[c], 0);

  n_workers = MAX (1, MIN (self->n_threads, self->n_chunks));
  workers = g_new0 (Worker, n_workers);
  for (guint t = 0; t < n_workers; t++)
    {
      workers[t].self = self;
      workers[t].plan = kh_plan_copy (self->plan);
      workers[t].sample = kh_sensitivity_sample_new (self);
      workers[t].point = g_new (double, MAX (kh_design_get_n_dims (self->design), 1));
      /* Every alternative rule once, so that no run allocates a row of treated values. */
      for (guint i = 0; i < self->n_inputs; i++)
        for (guint a = 0; self->inputs[i].kind == KH_INPUT_MISSING && a < self->inputs[i].rules->len; a++)
          kh_plan_set_missing (workers[t].plan, self->inputs[i].nodes[0],
                               g_array_index (self->inputs[i].rules, KhMissingPolicy, a), NULL);
    }
  if (n_workers > 1)
    {
      pool = g_thread_pool_new (pool_work, NULL, (int) n_workers - 1, TRUE, NULL);
      for (guint t = 1; t < n_workers; t++)
        g_thread_pool_push (pool, &workers[t], NULL);
    }
  while (work_one (&workers[0]))
    {
      update_rows_done (self);
      if (progress != NULL)
        progress (self, (guint) g_atomic_int_get (&self->rows_done), self->n_rows, user_data);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  update_rows_done (self);
  for (guint t = 0; t < n_workers; t++)
    {
      kh_plan_unref (workers[t].plan);
      kh_sensitivity_sample_free (workers[t].sample);
      g_free (workers[t].point);
    }
  if (g_atomic_int_get (&self->cancelled))
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_CANCELLED,
                           _("the sensitivity analysis was cancelled"));
      return FALSE;
    }
  if (progress != NULL)
    progress (self, self->n_rows, self->n_rows, user_data);
  return TRUE;
}

void
kh_sensitivity_cancel (KhSensitivity *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->cancelled, 1);
}

guint
kh_sensitivity_get_rows_done (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) g_atomic_int_get (&self->rows_done);
}

void
kh_sensitivity_set_threads (KhSensitivity *self,
                            guint          n_threads)
{
  g_return_if_fail (self != NULL);
  self->n_threads = CLAMP (n_threads, 1, 64);
}

guint
kh_sensitivity_get_n_inputs (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_inputs;
}

guint
kh_sensitivity_get_n_runs (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_runs;
}

guint
kh_sensitivity_get_n_rows (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

KhDesignKind
kh_sensitivity_get_design (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, KH_DESIGN_SOBOL);
  return kh_design_get_kind (self->design);
}

guint
kh_sensitivity_get_n_units (KhSensitivity *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_units;
}

guint
kh_sensitivity_get_unit (KhSensitivity *self,
                         guint          k)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (k < self->n_units, 0);
  return self->units[k];
}
