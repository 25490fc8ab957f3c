/* kh-sensitivity-resolve.c — resolving a sensitivity spec's uncertain inputs against the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each declared input (weights, Dirichlet weights, methods, missing-data rules, leaving
 * out indicators, tier cut-offs) is checked against the nominal plan and refused with a
 * located message when it would change nothing; the nodes whose weights a run sets and
 * the parameters' names follow from the inputs kept. Runs are in kh-sensitivity.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-sensitivity-private.h"

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

const char *
kh_sensitivity_group_label (KhSensitivity *self)
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

void
kh_sensitivity_input_clear (Input *input)
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
  kh_sensitivity_input_clear (input);
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
                            kh_sensitivity_group_label (self));
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
                               id, kh_sensitivity_group_label (self));
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
                       kh_sensitivity_group_label (self));
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
                     kh_sensitivity_group_label (self));
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
                       id, kh_sensitivity_group_label (self));
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
                         kh_sensitivity_group_label (self));
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
      resolve_problem (r, decl, _("group %s has no tier cut-offs to vary"),
                       kh_sensitivity_group_label (self));
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
void
kh_sensitivity_collect_varied (KhSensitivity *self)
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

void
kh_sensitivity_name_parameters (KhSensitivity *self)
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

gboolean
kh_sensitivity_resolve_inputs (KhSensitivity           *self,
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
                                kh_sensitivity_group_label (self));
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

