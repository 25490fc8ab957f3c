/* kh-framework-changes.c — everything that differs between two frameworks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kh-compare.h"
#include "kh-framework-changes.h"

typedef struct
{
  KhFramework *earlier;
  KhFramework *later;
  GHashTable *lifecycle; /* later's or earlier's KhNode* → KhFrameworkChange* */
  GArray *diff;          /* of KhFrameworkChange */
  GPtrArray *edits;
} Differ;

void
kh_framework_edit_free (KhFrameworkEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->id);
  g_free (edit->attribute);
  g_free (edit->before);
  g_free (edit->after);
  g_free (edit);
}

static void
add_edit (Differ        *d,
          KhEditKind     kind,
          KhEditSubject  subject,
          const char    *id,
          const char    *attribute,
          const char    *before,
          const char    *after)
{
  KhFrameworkEdit *edit = g_new0 (KhFrameworkEdit, 1);

  edit->kind = kind;
  edit->subject = subject;
  edit->id = g_strdup (id);
  edit->attribute = g_strdup (attribute);
  edit->before = g_strdup (before);
  edit->after = g_strdup (after);
  g_ptr_array_add (d->edits, edit);
}

/* A number as the file writes it: the shortest of up to ten significant digits. */
static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static char *
number_text (double value)
{
  GString *out = g_string_new (NULL);

  append_number (out, value);
  return g_string_free (out, FALSE);
}

static void
append_param (GString    *out,
              const char *name,
              double      value)
{
  if (isnan (value))
    return;
  g_string_append_printf (out, " %s=", name);
  append_number (out, value);
}

char *
kh_scoring_describe (const KhScoring *s)
{
  GString *out = g_string_new (kh_method_to_string (s->method));

  switch (s->method)
    {
    case KH_METHOD_MINMAX:
      append_param (out, "a", s->a);
      append_param (out, "b", s->b);
      break;
    case KH_METHOD_ZSCORE:
      append_param (out, "mean", s->mean);
      append_param (out, "sd", s->sd);
      break;
    case KH_METHOD_RANK:
      append_param (out, "step", s->step);
      break;
    case KH_METHOD_GOALPOSTS:
      append_param (out, "lo", s->lo);
      append_param (out, "hi", s->hi);
      break;
    case KH_METHOD_TARGET_RATIO:
      append_param (out, "target", s->target);
      append_param (out, "cap", s->cap);
      break;
    case KH_METHOD_SATISFACTION:
      append_param (out, "floor", s->floor);
      break;
    case KH_METHOD_THRESHOLDS:
    case KH_METHOD_GRADES:
      for (guint i = 0; s->steps != NULL && i < s->steps->len; i++)
        {
          const KhStep *step = &g_array_index (s->steps, KhStep, i);

          g_string_append_c (out, ' ');
          append_number (out, step->min);
          g_string_append_c (out, ':');
          append_number (out, step->points);
        }
      break;
    case KH_METHOD_PERCENTILE:
    default:
      break;
    }
  return g_string_free (out, FALSE);
}

static void
compare_text (Differ        *d,
              KhEditSubject  subject,
              const char    *id,
              const char    *attribute,
              const char    *before,
              const char    *after)
{
  if (g_strcmp0 (before, after) != 0)
    add_edit (d, KH_EDIT_CHANGED, subject, id, attribute, before, after);
}

static void
compare_number (Differ        *d,
                KhEditSubject  subject,
                const char    *id,
                const char    *attribute,
                double         before,
                double         after)
{
  g_autofree char *a = number_text (before);
  g_autofree char *b = number_text (after);

  compare_text (d, subject, id, attribute, a, b);
}

/* The attributes of @old (of earlier) and @node (of later). */
static void
compare_nodes (Differ       *d,
               const KhNode *old,
               const KhNode *node)
{
  KhEditSubject subject = node->kind == KH_NODE_INDICATOR ? KH_SUBJECT_INDICATOR
                                                          : KH_SUBJECT_NODE;
  const char *id = node->id;

  if (old->parent != NULL && node->parent != NULL)
    compare_text (d, subject, id, "parent", old->parent->id, node->parent->id);
  compare_number (d, subject, id, "points", old->points, node->points);
  compare_number (d, subject, id, "weight", old->weight, node->weight);
  if (node->kind != KH_NODE_INDICATOR && old->kind != KH_NODE_INDICATOR)
    {
      compare_text (d, subject, id, "aggregation", kh_aggregation_to_string (old->aggregation),
                    kh_aggregation_to_string (node->aggregation));
      return;
    }
  if (node->kind != KH_NODE_INDICATOR || old->kind != KH_NODE_INDICATOR)
    return;
  {
    g_autofree char *a = kh_scoring_describe (&old->scoring);
    g_autofree char *b = kh_scoring_describe (&node->scoring);

    compare_text (d, subject, id, "scoring", a, b);
  }
  compare_text (d, subject, id, "direction", kh_direction_to_string (old->direction),
                kh_direction_to_string (node->direction));
  compare_text (d, subject, id, "formula", old->formula, node->formula);
  compare_text (d, subject, id, "missing", kh_missing_to_string (old->missing),
                kh_missing_to_string (node->missing));
}

static gboolean
later_node_cb (KhNode  *node,
               gpointer user_data)
{
  Differ *d = user_data;
  const KhFrameworkChange *change = g_hash_table_lookup (d->lifecycle, node);
  KhNode *old;

  if (change != NULL && change->kind == KH_FRAMEWORK_ADMITTED)
    {
      g_autofree char *points = number_text (node->points);

      add_edit (d, KH_EDIT_ADMITTED, KH_SUBJECT_INDICATOR, node->id, NULL, NULL, points);
      return TRUE;
    }
  if (change != NULL && change->kind == KH_FRAMEWORK_REPLACED)
    {
      add_edit (d, KH_EDIT_REPLACED, KH_SUBJECT_INDICATOR, node->id, NULL, change->old->id,
                node->id);
      compare_nodes (d, change->old, node);
      return TRUE;
    }
  old = kh_framework_find_node (d->earlier, node->id);
  if (old != NULL)
    compare_nodes (d, old, node);
  else if (node->kind != KH_NODE_INDICATOR)
    add_edit (d, KH_EDIT_ADDED, KH_SUBJECT_NODE, node->id, NULL, NULL,
              kh_node_kind_to_string (node->kind));
  return TRUE;
}

static gboolean
earlier_node_cb (KhNode  *node,
                 gpointer user_data)
{
  Differ *d = user_data;
  const KhFrameworkChange *change = g_hash_table_lookup (d->lifecycle, node);

  if (change != NULL && change->kind == KH_FRAMEWORK_RETIRED)
    {
      g_autofree char *points = number_text (node->points);

      add_edit (d, KH_EDIT_RETIRED, KH_SUBJECT_INDICATOR, node->id, NULL, points, NULL);
    }
  else if (node->kind != KH_NODE_INDICATOR && kh_framework_find_node (d->later, node->id) == NULL)
    add_edit (d, KH_EDIT_REMOVED, KH_SUBJECT_NODE, node->id, NULL,
              kh_node_kind_to_string (node->kind), NULL);
  return TRUE;
}

/* ---- rules ------------------------------------------------------------------------- */

static char *
describe_tiers (const KhTierRule *t)
{
  static const char *const modes[] = { "count", "share", "threshold" };
  GString *out = g_string_new (modes[t->mode]);

  g_string_append_printf (out, " %d:", t->n_tiers);
  for (guint i = 0; t->values != NULL && i < t->values->len; i++)
    {
      g_string_append_c (out, ' ');
      append_number (out, g_array_index (t->values, double, i));
    }
  return g_string_free (out, FALSE);
}

static char *
describe_award (const KhAwardRule *a)
{
  return g_strdup_printf ("min-advance=%d%s min-tier=%d max-tier=%d", a->min_advance,
                          a->most ? " most" : "", a->min_tier, a->max_tier);
}

static char *
describe_quota (const KhQuotaRule *q)
{
  GString *out = g_string_new (q->target_category);

  g_string_append (out, ":");
  for (guint i = 0; q->counts != NULL && i < q->counts->len; i++)
    g_string_append_printf (out, " %d", g_array_index (q->counts, int, i));
  if (q->select != KH_QUOTA_SELECT_NONE)
    g_string_append_printf (out, " select=%s", kh_quota_select_to_string (q->select));
  if (q->max_tier > 0)
    g_string_append_printf (out, " max-tier=%d", q->max_tier);
  return g_string_free (out, FALSE);
}

static char *
describe_adjustment (const KhAdjustment *a)
{
  GString *out = g_string_new (a->kind == KH_ADJUST_BONUS ? "bonus" : "deduction");

  g_string_append_printf (out, " input=%s", a->input != NULL ? a->input : a->id);
  append_param (out, "per-item", a->per_item);
  append_param (out, "cap", a->cap);
  return g_string_free (out, FALSE);
}

static char *
describe_constraint (const KhConstraint *c)
{
  static const char *const consequences[] = { "deduct", "cap-tier", "veto" };
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s ", c->input != NULL ? c->input : c->id,
                          c->sense == KH_CONSTRAINT_AT_MOST ? "at-most" : "at-least");
  append_number (out, c->target);
  g_string_append_printf (out, " %s", consequences[c->consequence]);
  if (c->consequence != KH_CONSEQUENCE_VETO)
    append_param (out, "amount", c->amount);
  return g_string_free (out, FALSE);
}

typedef char *(*DescribeFunc) (gconstpointer rule);
typedef const char *(*IdFunc) (gconstpointer rule);

/* Rules of one kind, matched by id: added, removed or changed (as a whole). */
static void
compare_rules (Differ        *d,
               KhEditSubject  subject,
               const char    *prefix,
               GPtrArray     *before,
               GPtrArray     *after,
               IdFunc         id_of,
               DescribeFunc   describe)
{
  for (guint i = 0; i < after->len; i++)
    {
      const char *id = id_of (after->pdata[i]);
      g_autofree char *full = prefix != NULL ? g_strdup_printf ("%s/%s", prefix, id) : g_strdup (id);
      g_autofree char *now = describe (after->pdata[i]);
      gconstpointer old = NULL;

      for (guint k = 0; k < before->len && old == NULL; k++)
        if (g_strcmp0 (id_of (before->pdata[k]), id) == 0)
          old = before->pdata[k];
      if (old == NULL)
        add_edit (d, KH_EDIT_ADDED, subject, full, NULL, NULL, now);
      else
        {
          g_autofree char *then = describe (old);

          compare_text (d, subject, full, "rule", then, now);
        }
    }
  for (guint k = 0; k < before->len; k++)
    {
      const char *id = id_of (before->pdata[k]);
      gboolean kept = FALSE;

      for (guint i = 0; i < after->len && !kept; i++)
        kept = g_strcmp0 (id_of (after->pdata[i]), id) == 0;
      if (!kept)
        {
          g_autofree char *full = prefix != NULL ? g_strdup_printf ("%s/%s", prefix, id)
                                                 : g_strdup (id);
          g_autofree char *then = describe (before->pdata[k]);

          add_edit (d, KH_EDIT_REMOVED, subject, full, NULL, then, NULL);
        }
    }
}

static const char *award_id (gconstpointer r) { return ((const KhAwardRule *) r)->id; }
static const char *quota_id (gconstpointer r) { return ((const KhQuotaRule *) r)->id; }
static const char *adjustment_id (gconstpointer r) { return ((const KhAdjustment *) r)->id; }
static const char *constraint_id (gconstpointer r) { return ((const KhConstraint *) r)->id; }
static const char *group_id (gconstpointer r) { return ((const KhGroup *) r)->id; }
static char *describe_award_cb (gconstpointer r) { return describe_award (r); }
static char *describe_quota_cb (gconstpointer r) { return describe_quota (r); }
static char *describe_adjustment_cb (gconstpointer r) { return describe_adjustment (r); }
static char *describe_constraint_cb (gconstpointer r) { return describe_constraint (r); }
static char *describe_group_cb (gconstpointer r) { return describe_tiers (&((const KhGroup *) r)->tiers); }

static void
compare_groups (Differ *d)
{
  GPtrArray *before = d->earlier->groups, *after = d->later->groups;

  /* groups added or removed, and their tier rules */
  for (guint i = 0; i < after->len; i++)
    {
      const KhGroup *g = after->pdata[i];
      KhGroup *old = kh_framework_find_group (d->earlier, g->id);
      g_autofree char *now = describe_tiers (&g->tiers);

      if (old == NULL)
        {
          add_edit (d, KH_EDIT_ADDED, KH_SUBJECT_GROUP, g->id, NULL, NULL, now);
          continue;
        }
      {
        g_autofree char *then = describe_tiers (&old->tiers);

        compare_text (d, KH_SUBJECT_GROUP, g->id, "tiers", then, now);
      }
      compare_rules (d, KH_SUBJECT_AWARD, g->id, old->awards, g->awards, award_id,
                     describe_award_cb);
      compare_rules (d, KH_SUBJECT_QUOTA, g->id, old->quotas, g->quotas, quota_id,
                     describe_quota_cb);
    }
  for (guint k = 0; k < before->len; k++)
    if (kh_framework_find_group (d->later, group_id (before->pdata[k])) == NULL)
      {
        g_autofree char *then = describe_group_cb (before->pdata[k]);

        add_edit (d, KH_EDIT_REMOVED, KH_SUBJECT_GROUP, group_id (before->pdata[k]), NULL, then,
                  NULL);
      }
}

GPtrArray *
kh_framework_changes (KhFramework *earlier,
                      KhFramework *later)
{
  Differ d = { earlier, later, NULL, NULL, NULL };

  g_return_val_if_fail (earlier != NULL && later != NULL, NULL);

  d.edits = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_edit_free);
  d.diff = kh_framework_diff (earlier, later);
  d.lifecycle = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < d.diff->len; i++)
    {
      KhFrameworkChange *change = &g_array_index (d.diff, KhFrameworkChange, i);

      g_hash_table_insert (d.lifecycle,
                           (gpointer) (change->node != NULL ? change->node : change->old),
                           change);
    }
  kh_framework_foreach_node (later, later_node_cb, &d);
  kh_framework_foreach_node (earlier, earlier_node_cb, &d);
  compare_groups (&d);
  compare_rules (&d, KH_SUBJECT_ADJUSTMENT, NULL, earlier->adjustments, later->adjustments,
                 adjustment_id, describe_adjustment_cb);
  compare_rules (&d, KH_SUBJECT_CONSTRAINT, NULL, earlier->constraints, later->constraints,
                 constraint_id, describe_constraint_cb);
  g_hash_table_unref (d.lifecycle);
  g_array_unref (d.diff);
  return d.edits;
}

/* The translated word for @kind, as `kaohe-cli diff` and the History window print it. */
const char *
kh_edit_kind_label (KhEditKind kind)
{
  switch (kind)
    {
    case KH_EDIT_ADMITTED:
      return _("admitted");
    case KH_EDIT_RETIRED:
      return _("retired");
    case KH_EDIT_REPLACED:
      return _("replaced");
    case KH_EDIT_ADDED:
      return _("added");
    case KH_EDIT_REMOVED:
      return _("removed");
    case KH_EDIT_CHANGED:
    default:
      return _("changed");
    }
}

const char *
kh_edit_subject_label (KhEditSubject subject)
{
  switch (subject)
    {
    case KH_SUBJECT_INDICATOR:
      return _("indicator");
    case KH_SUBJECT_NODE:
      return _("node");
    case KH_SUBJECT_GROUP:
      return _("group");
    case KH_SUBJECT_AWARD:
      return _("award");
    case KH_SUBJECT_QUOTA:
      return _("quota");
    case KH_SUBJECT_ADJUSTMENT:
      return _("bonus/deduction");
    case KH_SUBJECT_CONSTRAINT:
    default:
      return _("constraint");
    }
}
