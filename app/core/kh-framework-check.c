/* kh-framework-check.c — semantic checks of a framework that need no file positions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-formula.h"
#include "kh-framework-check.h"
#include "kh-survey.h"
#include "kh-weighting.h"

typedef struct
{
  KhFramework *fw;
  KhCheckFunc func;
  gpointer user_data;
  guint n_problems;
  GHashTable *field_ids;   /* variable and node ids → object first using them */
  GHashTable *nodes;       /* node id → first KhNode with it */
  GHashTable *formulas;    /* indicator id → KhExpr* (parsed formulas) */
  GHashTable *state;       /* indicator id → visit state, for cycles */
  int max_tiers;           /* most tiers of any group, 0 without groups */
  int min_tiers;           /* fewest tiers of any group, 0 without groups */
} Checker;

static void report (Checker    *c,
                    gconstpointer object,
                    const char *format,
                    ...) G_GNUC_PRINTF (3, 4);

static void
report (Checker      *c,
        gconstpointer object,
        const char   *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  c->n_problems++;
  if (c->func != NULL)
    c->func (object, message, c->user_data);
}

static gboolean
is_whole (double value)
{
  return isfinite (value) && value == floor (value);
}

/* Groups and their rules */

static void
check_tiers (Checker       *c,
             const KhGroup *group)
{
  const KhTierRule *tiers = &group->tiers;
  int n = tiers->n_tiers;
  double total = 0;

  if (n < 1 || n > 20)
    {
      report (c, tiers, _("group “%s” must have between 1 and 20 tiers, not %d"), group->id, n);
      return;
    }
  if (tiers->values->len != (guint) (n - 1))
    report (c, tiers, _("group “%s”: %d tiers need %d values, found %u"), group->id, n, n - 1,
            tiers->values->len);
  if (tiers->names->len != 0 && tiers->names->len != (guint) n)
    report (c, tiers, _("group “%s”: %d tiers need 0 or %d names, found %u"), group->id, n, n,
            tiers->names->len);

  for (guint i = 0; i < tiers->values->len; i++)
    {
      double v = g_array_index (tiers->values, double, i);

      switch (tiers->mode)
        {
        case KH_TIER_BY_COUNT:
          if (!is_whole (v) || v < 1)
            report (c, tiers, _("group “%s”: tier %u must hold a whole number of units (1 or more), not %g"),
                    group->id, i + 1, v);
          break;
        case KH_TIER_BY_SHARE:
          if (!(v > 0 && v <= 1))
            report (c, tiers, _("group “%s”: the share of tier %u must be above 0 and at most 1, not %g"),
                    group->id, i + 1, v);
          total += v;
          break;
        case KH_TIER_BY_THRESHOLD:
        default:
          if (i > 0 && !(v < g_array_index (tiers->values, double, i - 1)))
            report (c, tiers, _("group “%s”: the score threshold of tier %u must be below that of tier %u"),
                    group->id, i + 1, i);
          break;
        }
    }
  if (tiers->mode == KH_TIER_BY_SHARE && total > 1 + 1e-9)
    report (c, tiers, _("group “%s”: the tier shares add up to %g, more than 1"), group->id, total);
}

static void
check_group (Checker       *c,
             const KhGroup *group,
             GHashTable    *group_ids,
             GHashTable    *rule_ids)
{
  int n = group->tiers.n_tiers;

  if (!g_hash_table_add (group_ids, group->id))
    report (c, group, _("duplicate group id “%s”"), group->id);
  check_tiers (c, group);

  for (guint i = 0; i < group->awards->len; i++)
    {
      const KhAwardRule *award = g_ptr_array_index (group->awards, i);

      if (!g_hash_table_add (rule_ids, award->id))
        report (c, award, _("duplicate rule id “%s”"), award->id);
      if (award->min_advance < 0)
        report (c, award, _("award “%s”: the advance must be 0 or more places"), award->id);
      if (award->min_tier < 0 || award->min_tier > n || award->max_tier < 0 || award->max_tier > n)
        report (c, award, _("award “%s”: tiers must lie between 1 and %d, the tiers of group “%s”"),
                award->id, n, group->id);
      else if (award->min_tier > 0 && award->max_tier > 0 && award->min_tier > award->max_tier)
        report (c, award, _("award “%s”: min-tier %d is above max-tier %d"), award->id,
                award->min_tier, award->max_tier);
    }

  for (guint i = 0; i < group->quotas->len; i++)
    {
      const KhQuotaRule *quota = g_ptr_array_index (group->quotas, i);

      if (!g_hash_table_add (rule_ids, quota->id))
        report (c, quota, _("duplicate rule id “%s”"), quota->id);
      if (quota->counts->len != (guint) n)
        report (c, quota, _("quota “%s” gives %u counts, but group “%s” has %d tiers"), quota->id,
                quota->counts->len, group->id, n);
      for (guint j = 0; j < quota->counts->len; j++)
        if (g_array_index (quota->counts, int, j) < 0)
          report (c, quota, _("quota “%s”: counts must be 0 or more"), quota->id);
      if (quota->target_category == NULL || quota->target_category[0] == '\0')
        report (c, quota, _("quota “%s” names no target category"), quota->id);
    }
}

/* Nodes */

static void
check_field_id (Checker      *c,
                gconstpointer object,
                const char   *id)
{
  if (id == NULL || id[0] == '\0')
    {
      report (c, object, _("an id is required"));
      return;
    }
  if (g_hash_table_contains (c->field_ids, id))
    report (c, object, _("duplicate id “%s”"), id);
  else
    g_hash_table_insert (c->field_ids, (gpointer) id, (gpointer) object);
}

static gboolean
collect_ids_cb (KhNode  *node,
                gpointer user_data)
{
  Checker *c = user_data;

  check_field_id (c, node, node->id);
  if (node->id != NULL && !g_hash_table_contains (c->nodes, node->id))
    g_hash_table_insert (c->nodes, node->id, node);
  return TRUE;
}

static void
check_points (Checker      *c,
              const KhNode *node)
{
  double total = 0;
  guint n_coefficients = 0;

  if (node->children->len == 0)
    return;

  for (guint i = 0; i < node->children->len; i++)
    {
      const KhNode *child = g_ptr_array_index (node->children, i);

      if (child->coefficient && node->aggregation == KH_AGG_COEFFICIENT)
        n_coefficients++;
      else
        total += child->weight * child->points;
    }

  if (node->aggregation == KH_AGG_COEFFICIENT
      && (n_coefficients == 0 || n_coefficients == node->children->len))
    report (c, node, _("“%s” aggregates by coefficient, so it needs at least one child with coefficient=\"true\" and one without"),
            node->id);

  if ((node->aggregation == KH_AGG_SUM || node->aggregation == KH_AGG_COEFFICIENT)
      && isfinite (total) && fabs (total - node->points) > KH_FRAMEWORK_POINTS_EPSILON)
    report (c, node, _("the children of “%s” add up to %g points, but it has %g"), node->id, total,
            node->points);
}

static void
check_scoring (Checker      *c,
               const KhNode *node)
{
  const KhScoring *s = &node->scoring;
  double a = isnan (s->a) ? 0 : s->a;
  double b = isnan (s->b) ? node->points : s->b;

  switch (s->method)
    {
    case KH_METHOD_MINMAX:
      if (!(a < b))
        report (c, node, _("“%s”: min-max needs a below b, got a = %g, b = %g"), node->id, a, b);
      break;
    case KH_METHOD_ZSCORE:
      if (!isfinite (s->mean) || !(s->sd > 0))
        report (c, node, _("“%s”: z-score needs a mean and an sd above 0"), node->id);
      break;
    case KH_METHOD_RANK:
      if (!(s->step >= 0))
        report (c, node, _("“%s”: the rank step must be 0 or more"), node->id);
      break;
    case KH_METHOD_PERCENTILE:
      break;
    case KH_METHOD_GOALPOSTS:
      if (!isfinite (s->lo) || !isfinite (s->hi) || s->lo == s->hi)
        report (c, node, _("“%s”: goalposts need two different values lo and hi"), node->id);
      break;
    case KH_METHOD_TARGET_RATIO:
      if (!(s->target > 0))
        report (c, node, _("“%s”: target completion needs a target above 0"), node->id);
      if (!isnan (s->cap) && !(s->cap > 0))
        report (c, node, _("“%s”: the cap of the completion ratio must be above 0"), node->id);
      break;
    case KH_METHOD_THRESHOLDS:
    case KH_METHOD_GRADES:
      if (s->steps->len == 0)
        report (c, node, s->method == KH_METHOD_GRADES ? _("“%s”: grades need at least one grade")
                                                       : _("“%s”: thresholds need at least one step"),
                node->id);
      for (guint i = 0; i < s->steps->len; i++)
        {
          const KhStep *step = &g_array_index (s->steps, KhStep, i);

          if (!(step->points >= 0 && step->points <= node->points))
            report (c, step, _("“%s”: %g points are outside 0 to %g"), node->id, step->points,
                    node->points);
          if (s->method == KH_METHOD_THRESHOLDS && i > 0
              && !(step->min > g_array_index (s->steps, KhStep, i - 1).min))
            report (c, step, _("“%s”: threshold steps must ascend by min"), node->id);
          for (guint j = 0; s->method == KH_METHOD_GRADES && j < i; j++)
            if (g_array_index (s->steps, KhStep, j).min == step->min)
              report (c, step, _("“%s”: grade code %g is used twice"), node->id, step->min);
        }
      break;
    case KH_METHOD_SATISFACTION:
    default:
      if (!(s->floor >= 0 && s->floor < 100))
        report (c, node, _("“%s”: the satisfaction floor must be from 0 to below 100"), node->id);
      break;
    }
}

static void
check_indicator (Checker      *c,
                 const KhNode *node)
{
  if (node->direction == KH_DIRECTION_BAND)
    {
      if (!(isfinite (node->band_lo) && isfinite (node->band_hi) && node->band_lo < node->band_hi))
        report (c, node, _("“%s”: direction “band” needs band-lo below band-hi"), node->id);
    }
  else if (!isnan (node->band_lo) || !isnan (node->band_hi))
    report (c, node, _("“%s”: band-lo and band-hi only apply to direction “band”"), node->id);

  if (!node->common && node->applies->len == 0)
    report (c, node, _("“%s” is an individual indicator but names no units or groups"), node->id);

  if (node->outlier == KH_OUTLIER_WINSOR_PERCENTILE
      && !(node->outlier_a >= 0 && node->outlier_a < node->outlier_b && node->outlier_b <= 100))
    report (c, node, _("“%s”: winsorising by percentile needs 0 ≤ outlier-a < outlier-b ≤ 100"),
            node->id);
  if (node->outlier == KH_OUTLIER_WINSOR_SD && !(node->outlier_a > 0))
    report (c, node, _("“%s”: winsorising by sd needs outlier-a above 0"), node->id);

  if (node->children->len > 0)
    report (c, node, _("indicator “%s” cannot have children"), node->id);

  check_scoring (c, node);
}

/* `multiplies`: only on a coefficient child, naming siblings that are not coefficients. */
static void
check_multiplies (Checker      *c,
                  const KhNode *node)
{
  if (node->multiplies->len == 0)
    return;
  if (!node->coefficient)
    {
      report (c, node, _("“%s” names what it multiplies, but is not a coefficient"), node->id);
      return;
    }
  for (guint i = 0; i < node->multiplies->len; i++)
    {
      const char *id = g_ptr_array_index (node->multiplies, i);
      const KhNode *target = NULL;

      for (guint k = 0; node->parent != NULL && k < node->parent->children->len; k++)
        {
          const KhNode *sibling = g_ptr_array_index (node->parent->children, k);

          if (g_strcmp0 (sibling->id, id) == 0)
            target = sibling;
        }
      if (target == NULL || target->coefficient)
        report (c, node, _("“%s” multiplies “%s”, which is not a sibling without coefficient"),
                node->id, id);
    }
}

static gboolean
check_node_cb (KhNode  *node,
               gpointer user_data)
{
  Checker *c = user_data;
  int year = c->fw->year;

  if (!(node->weight > 0) || !isfinite (node->weight))
    report (c, node, _("“%s”: the weight must be above 0"), node->id);
  if (!(node->points > 0) || !isfinite (node->points))
    report (c, node, _("“%s”: the points must be above 0"), node->id);
  if (node->coefficient && (node->parent == NULL || node->parent->aggregation != KH_AGG_COEFFICIENT))
    report (c, node, _("“%s” is a coefficient, but its parent does not aggregate by coefficient"),
            node->id);
  if (node->from_year > 0 && node->until_year > 0 && node->from_year > node->until_year)
    report (c, node, _("“%s” applies from %d until %d, which is no year at all"), node->id,
            node->from_year, node->until_year);
  else if (node->from_year > 0 && year > 0 && node->from_year > year)
    report (c, node, _("“%s” applies from %d, after this framework's year %d"), node->id,
            node->from_year, year);
  else if (node->until_year > 0 && year > 0 && node->until_year < year)
    report (c, node, _("“%s” applies until %d, before this framework's year %d"), node->id,
            node->until_year, year);
  if (node->replaces != NULL && g_strcmp0 (node->replaces, node->id) == 0)
    report (c, node, _("“%s” cannot replace itself"), node->id);
  if (node->convert != NULL && node->replaces == NULL)
    report (c, node, _("“%s”: a conversion formula needs the node it replaces"), node->id);
  check_multiplies (c, node);
  c->n_problems += kh_weighting_check (node, c->func, c->user_data);
  if (!(node->min_coverage >= 0 && node->min_coverage <= 1))
    report (c, node, _("“%s”: the least coverage must be from 0 to 1"), node->id);
  if (node->kind == KH_NODE_INDICATOR && (node->min_coverage > 0 || node->below != KH_BELOW_MISSING))
    report (c, node, _("“%s”: a least coverage belongs on a node with children, not an indicator"),
            node->id);

  if (node->kind == KH_NODE_INDICATOR)
    check_indicator (c, node);
  else if (node->children->len == 0)
    report (c, node, _("“%s” has no children"), node->id);
  else
    check_points (c, node);
  return TRUE;
}

/* Formulas */

static gboolean
parse_formulas_cb (KhNode  *node,
                   gpointer user_data)
{
  Checker *c = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = NULL;
  KhExpr *expr;
  guint offset = 0;

  if (node->kind != KH_NODE_INDICATOR || node->formula == NULL)
    return TRUE;

  expr = kh_formula_parse (node->formula, &offset, &error);
  if (expr == NULL)
    {
      report (c, node->formula, _("formula of “%s”: %s"), node->id, error->message);
      return TRUE;
    }

  names = g_ptr_array_new ();
  kh_expr_collect_names (expr, names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      KhNode *target = g_hash_table_lookup (c->nodes, name);

      if (target == NULL && !g_hash_table_contains (c->field_ids, name))
        report (c, node->formula, _("formula of “%s” refers to “%s”, which is no variable or indicator"),
                node->id, name);
      else if (target != NULL && target->kind != KH_NODE_INDICATOR)
        report (c, node->formula, _("formula of “%s” refers to “%s”, which is not an indicator"),
                node->id, name);
    }
  g_hash_table_insert (c->formulas, node->id, expr);
  return TRUE;
}

enum { UNVISITED, VISITING, DONE };

typedef struct
{
  const char *id;
  KhExpr *expr;
  GPtrArray *names; /* names the formula refers to */
  guint next;
} Frame;

static void
push_frame (Checker    *c,
            GArray     *stack,
            const char *id,
            KhExpr     *expr)
{
  Frame frame = { id, expr, g_ptr_array_new (), 0 };

  kh_expr_collect_names (expr, frame.names);
  g_hash_table_insert (c->state, (gpointer) id, GINT_TO_POINTER (VISITING));
  g_array_append_val (stack, frame);
}

static void
pop_frame (Checker *c,
           GArray  *stack)
{
  Frame *top = &g_array_index (stack, Frame, stack->len - 1);

  g_hash_table_insert (c->state, (gpointer) top->id, GINT_TO_POINTER (DONE));
  g_ptr_array_unref (top->names);
  g_array_set_size (stack, stack->len - 1);
}

/* Depth-first search over current-year references, with an explicit stack so that a
 * long chain of formulas cannot exhaust the C stack. Reports the first cycle reached
 * from @start, as "a → b → a", at the formula that closes it. */
static void
visit_formula (Checker    *c,
               const char *start)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  KhExpr *expr = g_hash_table_lookup (c->formulas, start);

  if (expr == NULL || GPOINTER_TO_INT (g_hash_table_lookup (c->state, start)) != UNVISITED)
    return;
  push_frame (c, stack, start, expr);

  while (stack->len > 0)
    {
      Frame *top = &g_array_index (stack, Frame, stack->len - 1);
      const char *name;
      int state;

      if (top->next >= top->names->len)
        {
          pop_frame (c, stack);
          continue;
        }
      name = g_ptr_array_index (top->names, top->next++);
      expr = g_hash_table_lookup (c->formulas, name);
      if (expr == NULL || !kh_expr_uses_current (top->expr, name))
        continue;
      state = GPOINTER_TO_INT (g_hash_table_lookup (c->state, name));
      if (state == UNVISITED)
        push_frame (c, stack, name, expr);
      else if (state == VISITING)
        {
          g_autoptr (GString) chain = g_string_new (NULL);
          KhNode *node = g_hash_table_lookup (c->nodes, name);
          guint first = 0;

          while (first < stack->len && g_strcmp0 (g_array_index (stack, Frame, first).id, name) != 0)
            first++;
          for (guint i = first; i < stack->len; i++)
            {
              /* A long cycle shows its first and last four steps. */
              if (stack->len - first > 9 && i == first + 4)
                {
                  g_string_append (chain, "… → ");
                  i = stack->len - 5;
                }
              g_string_append_printf (chain, "%s → ", g_array_index (stack, Frame, i).id);
            }
          g_string_append (chain, name);
          report (c, node->formula, _("formula of “%s” is circular: %s"), name, chain->str);
          while (stack->len > 0)
            pop_frame (c, stack);
        }
    }
}

static gboolean
find_cycles_cb (KhNode  *node,
                gpointer user_data)
{
  Checker *c = user_data;

  if (node->kind == KH_NODE_INDICATOR && node->formula != NULL && node->id != NULL)
    visit_formula (c, node->id);
  return TRUE;
}

/* Adjustments and constraints */

static void
check_adjustments (Checker    *c,
                   GHashTable *item_ids)
{
  for (guint i = 0; i < c->fw->adjustments->len; i++)
    {
      const KhAdjustment *adj = g_ptr_array_index (c->fw->adjustments, i);

      if (!g_hash_table_add (item_ids, adj->id))
        report (c, adj, _("duplicate adjustment or constraint id “%s”"), adj->id);
      if (!(adj->per_item > 0) || !isfinite (adj->per_item))
        report (c, adj, _("“%s”: points per item must be above 0"), adj->id);
      if (!isnan (adj->cap) && !(adj->cap > 0))
        report (c, adj, _("“%s”: the cap must be above 0"), adj->id);
    }

  for (guint i = 0; i < c->fw->constraints->len; i++)
    {
      const KhConstraint *con = g_ptr_array_index (c->fw->constraints, i);

      if (!g_hash_table_add (item_ids, con->id))
        report (c, con, _("duplicate adjustment or constraint id “%s”"), con->id);
      if (!isfinite (con->target))
        report (c, con, _("constraint “%s” needs a target value"), con->id);
      switch (con->consequence)
        {
        case KH_CONSEQUENCE_DEDUCT:
          if (!(con->amount > 0) || !isfinite (con->amount))
            report (c, con, _("constraint “%s” must deduct more than 0 points"), con->id);
          break;
        case KH_CONSEQUENCE_CAP_TIER:
          if (!is_whole (con->amount) || con->amount < 1
              || (c->min_tiers > 0 && con->amount > c->min_tiers))
            report (c, con, _("constraint “%s” caps the tier at %g, but tiers run from 1 to %d"),
                    con->id, con->amount, c->min_tiers > 0 ? c->min_tiers : 1);
          break;
        case KH_CONSEQUENCE_VETO:
        default:
          break;
        }
    }
}

/* The survey (kh-survey.h) */

static void
check_survey_ids (Checker    *c,
                  GPtrArray  *objects,
                  const char *kind)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < objects->len; i++)
    {
      /* Scales, classes and items all start with their id. */
      const char *const *id = g_ptr_array_index (objects, i);

      if (*id == NULL || (*id)[0] == '\0')
        report (c, id, _("an id is required"));
      else if (!g_hash_table_add (ids, (gpointer) *id))
        report (c, id, _("survey: duplicate %s id “%s”"), kind, *id);
    }
}

static void
check_survey_scale (Checker             *c,
                    const KhSurveyScale *scale)
{
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  if (scale->options->len == 0 && !(scale->min < scale->max))
    report (c, scale, _("survey scale “%s”: min (%g) must be below max (%g)"), scale->id,
            scale->min, scale->max);
  for (guint i = 0; i < scale->options->len; i++)
    {
      const KhSurveyOption *option = g_ptr_array_index (scale->options, i);
      g_autofree char *code = g_strstrip (g_strdup (option->code != NULL ? option->code : ""));

      if (code[0] == '\0')
        report (c, option, _("survey scale “%s”: an answer needs a code"), scale->id);
      else if (!g_hash_table_add (codes, option->code))
        report (c, option, _("survey scale “%s”: duplicate answer “%s”"), scale->id, option->code);
      else if (strcmp (code, option->code) != 0)
        report (c, option, _("survey scale “%s”: the answer “%s” starts or ends with white space"),
                scale->id, option->code);
      if (!(option->value >= 0 && option->value <= 100))
        report (c, option, _("survey scale “%s”: the value of “%s” must be from 0 to 100"),
                scale->id, option->code != NULL ? option->code : "");
    }
}

static void
check_survey (Checker *c)
{
  const KhSurvey *survey = c->fw->survey;

  if (survey == NULL)
    return;
  if (survey->field == NULL)
    report (c, survey, _("the survey needs a field to write its score into"));
  else
    {
      const KhNode *node = kh_framework_find_node (c->fw, survey->field);

      if (!g_hash_table_contains (c->field_ids, survey->field))
        report (c, survey, _("the survey's field “%s” is no indicator or variable"), survey->field);
      else if (node != NULL && (node->kind != KH_NODE_INDICATOR || node->formula != NULL))
        report (c, survey, _("the survey's field “%s” must be an indicator without a formula, "
                             "or a variable"), survey->field);
    }
  if (!isnan (survey->trim_share) && !(survey->trim_share >= 0 && survey->trim_share < 0.5))
    report (c, survey, _("the survey's trim-share must be at least 0 and below 0.5"));
  if (survey->trim < 0)
    report (c, survey, _("the survey's trim must be 0 or more"));
  if (survey->scales->len == 0 || survey->classes->len == 0 || survey->items->len == 0)
    report (c, survey, _("the survey needs at least one scale, one rater class and one item"));
  check_survey_ids (c, survey->scales, _("scale"));
  check_survey_ids (c, survey->classes, _("rater class"));
  check_survey_ids (c, survey->items, _("item"));
  for (guint i = 0; i < survey->scales->len; i++)
    check_survey_scale (c, g_ptr_array_index (survey->scales, i));
  for (guint i = 0; i < survey->classes->len; i++)
    {
      const KhSurveyClass *klass = g_ptr_array_index (survey->classes, i);

      if (!(klass->weight > 0) || !isfinite (klass->weight))
        report (c, klass, _("rater class “%s”: the weight must be above 0"), klass->id);
      if (klass->min_responses < 1)
        report (c, klass, _("rater class “%s”: min-responses must be 1 or more"), klass->id);
      if (klass->invited < 0)
        report (c, klass, _("rater class “%s”: invited must be 0 or more"), klass->id);
    }
  for (guint i = 0; i < survey->items->len; i++)
    {
      const KhSurveyItem *item = g_ptr_array_index (survey->items, i);

      if (kh_survey_find_scale (survey, item->scale) == NULL)
        report (c, item, _("survey item “%s”: no scale “%s”"), item->id,
                item->scale != NULL ? item->scale : "");
      if (!(item->weight > 0) || !isfinite (item->weight))
        report (c, item, _("survey item “%s”: the weight must be above 0"), item->id);
    }
}

guint
kh_framework_check (KhFramework *framework,
                    KhCheckFunc  func,
                    gpointer     user_data)
{
  Checker c = { framework, func, user_data, 0, NULL, NULL, NULL, NULL, 0, 0 };
  g_autoptr (GHashTable) group_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) rule_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) item_ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (framework != NULL, 0);

  c.field_ids = g_hash_table_new (g_str_hash, g_str_equal);
  c.nodes = g_hash_table_new (g_str_hash, g_str_equal);
  c.formulas = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_expr_free);
  c.state = g_hash_table_new (g_str_hash, g_str_equal);

  if (framework->precision < 0 || framework->precision > 6)
    report (&c, framework, _("the precision must be from 0 to 6 decimal places"));

  for (guint i = 0; i < framework->groups->len; i++)
    {
      const KhGroup *group = g_ptr_array_index (framework->groups, i);
      int n = group->tiers.n_tiers;

      c.max_tiers = MAX (c.max_tiers, n);
      c.min_tiers = c.min_tiers == 0 ? n : MIN (c.min_tiers, n);
      check_group (&c, group, group_ids, rule_ids);
    }

  for (guint i = 0; i < framework->variables->len; i++)
    {
      const KhVariable *variable = g_ptr_array_index (framework->variables, i);

      check_field_id (&c, variable, variable->id);
    }
  kh_framework_foreach_node (framework, collect_ids_cb, &c);
  kh_framework_foreach_node (framework, check_node_cb, &c);
  kh_framework_foreach_node (framework, parse_formulas_cb, &c);
  kh_framework_foreach_node (framework, find_cycles_cb, &c);
  check_adjustments (&c, item_ids);
  check_survey (&c);

  g_hash_table_unref (c.field_ids);
  g_hash_table_unref (c.nodes);
  g_hash_table_unref (c.formulas);
  g_hash_table_unref (c.state);
  return c.n_problems;
}
