/* kh-result-row.c — one unit's result as a list-model item (sortable properties)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/kh-tier-name.h"
#include "kh-result-row.h"
#include "kh-ui.h"

struct _KhResultRow
{
  GObject parent_instance;

  KhPlan *plan; /* read from: what is only shown is read from it when asked for */
  guint unit;
  char *unit_id;
  char *name;
  char *group;
  double score;
  int rank;
  int tier;
  int previous_rank;
  int change;
  gboolean has_change;
  guint32 award_bits;
  char *awards;
  gboolean vetoed;
  /* Only shown, never sorted by: read from the plan when first asked for (the coverage
   * walks the unit's whole tree), so that updating 3,000 rows after an edit reads them
   * only for the rows on screen. */
  gboolean shown_read;
  double coverage; /* share of the total's weight backed by data */
  char *tier_name;
};

G_DEFINE_FINAL_TYPE (KhResultRow, kh_result_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_SCORE,
  PROP_RANK_KEY,
  PROP_TIER_KEY,
  PROP_PREVIOUS_RANK_KEY,
  PROP_CHANGE_KEY,
  PROP_AWARDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Sort keys put "none" last in ascending order. */
static int
rank_key (int rank)
{
  return rank > 0 ? rank : G_MAXINT;
}

static void
kh_result_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhResultRow *self = KH_RESULT_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SCORE:
      g_value_set_double (value, isnan (self->score) ? -G_MAXDOUBLE : self->score);
      break;
    case PROP_RANK_KEY:
      g_value_set_int (value, rank_key (self->rank));
      break;
    case PROP_TIER_KEY:
      g_value_set_int (value, rank_key (self->tier));
      break;
    case PROP_PREVIOUS_RANK_KEY:
      g_value_set_int (value, rank_key (self->previous_rank));
      break;
    case PROP_CHANGE_KEY:
      g_value_set_int (value, self->has_change ? self->change : G_MININT);
      break;
    case PROP_AWARDS:
      g_value_set_string (value, self->awards);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_result_row_finalize (GObject *object)
{
  KhResultRow *self = KH_RESULT_ROW (object);

  g_clear_pointer (&self->plan, kh_plan_unref);
  g_free (self->unit_id);
  g_free (self->name);
  g_free (self->group);
  g_free (self->tier_name);
  g_free (self->awards);

  G_OBJECT_CLASS (kh_result_row_parent_class)->finalize (object);
}

static void
kh_result_row_class_init (KhResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kh_result_row_get_property;
  object_class->finalize = kh_result_row_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                flags);
  properties[PROP_RANK_KEY] = g_param_spec_int ("rank-key", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_TIER_KEY] = g_param_spec_int ("tier-key", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PREVIOUS_RANK_KEY] = g_param_spec_int ("previous-rank-key", NULL, NULL, 0,
                                                         G_MAXINT, 0, flags);
  properties[PROP_CHANGE_KEY] = g_param_spec_int ("change-key", NULL, NULL, G_MININT, G_MAXINT, 0,
                                                  flags);
  properties[PROP_AWARDS] = g_param_spec_string ("awards", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_result_row_init (KhResultRow *self)
{
}

static char *
tier_name (KhGroup *group,
           int      tier)
{
  return kh_tier_name (group != NULL ? &group->tiers : NULL, tier, kh_ui_get_lang ());
}

/* The unit's name as the rows show it. */
static const char *
unit_name (KhDataset *dataset,
           guint      unit)
{
  const char *name = kh_dataset_get_unit_name (dataset, unit);

  return name != NULL ? name : kh_dataset_get_unit_id (dataset, unit);
}

static const char *
group_id (KhPlan *plan,
          guint   unit)
{
  KhGroup *group = kh_plan_get_unit_group (plan, unit);

  return group != NULL ? group->id : NULL;
}

/* The awards' names (in the order of the group's rules) of @bits. */
static char *
awards_text (KhGroup *group,
             guint32  bits)
{
  GString *awards = g_string_new (NULL);

  for (guint a = 0; bits != 0 && group != NULL && group->awards != NULL && a < group->awards->len; a++)
    if (a < 32 && (bits & (1u << a)) != 0)
      {
        KhAwardRule *award = g_ptr_array_index (group->awards, a);
        const char *name = kh_text_get (&award->name, kh_ui_get_lang ());

        g_string_append_printf (awards, "%s%s", awards->len > 0 ? ", " : "",
                                name != NULL ? name : award->id);
      }
  return g_string_free (awards, FALSE);
}

/* What the rows are sorted by (and the rest that costs nothing to read). */
static void
read_sorted (KhResultRow *self)
{
  KhPlan *plan = self->plan;
  guint unit = self->unit;
  KhGroup *group = kh_plan_get_unit_group (plan, unit);

  self->score = kh_plan_get_total (plan, unit);
  self->rank = kh_plan_get_rank (plan, unit);
  self->tier = kh_plan_get_tier (plan, unit);
  self->previous_rank = kh_plan_get_previous_rank (plan, unit);
  self->has_change = kh_plan_get_rank_change (plan, unit, &self->change);
  self->vetoed = kh_plan_get_vetoed (plan, unit);
  self->award_bits = 0;
  for (guint a = 0; group != NULL && group->awards != NULL && a < MIN (group->awards->len, 32); a++)
    if (kh_plan_has_award (plan, unit, a))
      self->award_bits |= 1u << a;
  g_free (self->awards);
  self->awards = awards_text (group, self->award_bits);
}

static void
read_shown (KhResultRow *self)
{
  g_free (self->tier_name);
  self->coverage = kh_plan_get_coverage (self->plan, self->unit, 0);
  self->tier_name = tier_name (kh_plan_get_unit_group (self->plan, self->unit), self->tier);
  self->shown_read = TRUE;
}

static void
read_plan (KhResultRow *self,
           KhPlan      *plan,
           guint        unit)
{
  KhDataset *dataset = kh_plan_get_dataset (plan);

  if (self->plan != plan)
    {
      g_clear_pointer (&self->plan, kh_plan_unref);
      self->plan = kh_plan_ref (plan);
    }
  g_free (self->unit_id);
  g_free (self->name);
  g_free (self->group);
  self->unit = unit;
  self->unit_id = g_strdup (kh_dataset_get_unit_id (dataset, unit));
  self->name = g_strdup (unit_name (dataset, unit));
  self->group = g_strdup (group_id (plan, unit));
  read_sorted (self);
  self->shown_read = FALSE;
  g_clear_pointer (&self->tier_name, g_free);
}

static void
ensure_shown (KhResultRow *self)
{
  if (!self->shown_read)
    read_shown (self);
}

KhResultRow *
kh_result_row_new (KhPlan *plan,
                   guint   unit)
{
  KhResultRow *self;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (unit < kh_plan_get_n_units (plan), NULL);

  self = g_object_new (KH_TYPE_RESULT_ROW, NULL);
  read_plan (self, plan, unit);
  return self;
}

static gboolean
same_double (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

gboolean
kh_result_row_update (KhResultRow *self,
                      KhPlan      *plan,
                      guint        unit)
{
  KhDataset *dataset;
  double score = self->score;
  int rank = self->rank, tier = self->tier, previous = self->previous_rank, change = self->change;
  gboolean has_change = self->has_change, vetoed = self->vetoed;
  g_autofree char *awards = NULL;
  gboolean sorted_same, shown_same = TRUE;

  g_return_val_if_fail (KH_IS_RESULT_ROW (self), FALSE);
  g_return_val_if_fail (plan != NULL && unit < kh_plan_get_n_units (plan), FALSE);

  dataset = kh_plan_get_dataset (plan);
  if (unit != self->unit || g_strcmp0 (self->unit_id, kh_dataset_get_unit_id (dataset, unit)) != 0
      || g_strcmp0 (self->name, unit_name (dataset, unit)) != 0
      || g_strcmp0 (self->group, group_id (plan, unit)) != 0)
    {
      read_plan (self, plan, unit);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return TRUE;
    }

  if (self->plan != plan)
    {
      kh_plan_unref (self->plan);
      self->plan = kh_plan_ref (plan);
    }
  awards = g_steal_pointer (&self->awards);
  read_sorted (self);
  sorted_same = same_double (score, self->score) && rank == self->rank && tier == self->tier
                && previous == self->previous_rank && change == self->change
                && has_change == self->has_change && vetoed == self->vetoed
                && g_strcmp0 (awards, self->awards) == 0;
  /* What is only shown is read again for the rows whose cells are bound (watching the
   * row), the others read it when next shown. */
  if (self->shown_read && g_signal_has_handler_pending (self, signals[SIGNAL_CHANGED], 0, FALSE))
    {
      double coverage = self->coverage;
      g_autofree char *name = g_steal_pointer (&self->tier_name);

      read_shown (self);
      shown_same = same_double (coverage, self->coverage)
                   && g_strcmp0 (name, self->tier_name) == 0;
    }
  else
    {
      self->shown_read = FALSE;
      g_clear_pointer (&self->tier_name, g_free);
    }
  if (!sorted_same || !shown_same)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return !sorted_same;
}

guint
kh_result_row_get_unit (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), 0);
  return self->unit;
}

const char *
kh_result_row_get_unit_id (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NULL);
  return self->unit_id;
}

const char *
kh_result_row_get_name (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NULL);
  return self->name;
}

const char *
kh_result_row_get_group (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NULL);
  return self->group;
}

double
kh_result_row_get_coverage (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NAN);
  ensure_shown (self);
  return self->coverage;
}

double
kh_result_row_get_score (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NAN);
  return self->score;
}

int
kh_result_row_get_rank (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), 0);
  return self->rank;
}

int
kh_result_row_get_tier (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), 0);
  return self->tier;
}

const char *
kh_result_row_get_tier_name (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NULL);
  ensure_shown (self);
  return self->tier_name;
}

int
kh_result_row_get_previous_rank (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), 0);
  return self->previous_rank;
}

gboolean
kh_result_row_get_change (KhResultRow *self,
                          int         *change)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), FALSE);
  if (change != NULL)
    *change = self->change;
  return self->has_change;
}

const char *
kh_result_row_get_awards (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), NULL);
  return self->awards;
}

gboolean
kh_result_row_get_vetoed (KhResultRow *self)
{
  g_return_val_if_fail (KH_IS_RESULT_ROW (self), FALSE);
  return self->vetoed;
}
