/* kh-baseline.c — last year's standings, which a year's rank change is counted against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-baseline.h"

struct _KhBaseline
{
  gatomicrefcount ref_count;
  int year;
  gboolean published;
  GPtrArray *standings; /* of KhStanding* */
  GHashTable *by_unit;  /* unit id → KhStanding* */
};

static void
standing_free (KhStanding *standing)
{
  g_free (standing->unit_id);
  g_free (standing->group_id);
  g_free (standing->awards);
  g_free (standing);
}

KhBaseline *
kh_baseline_new (int      year,
                 gboolean published)
{
  KhBaseline *self = g_new0 (KhBaseline, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->year = year;
  self->published = published;
  self->standings = g_ptr_array_new_with_free_func ((GDestroyNotify) standing_free);
  self->by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

KhBaseline *
kh_baseline_ref (KhBaseline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_baseline_unref (KhBaseline *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->by_unit);
  g_ptr_array_unref (self->standings);
  g_free (self);
}

int
kh_baseline_get_year (KhBaseline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->year;
}

gboolean
kh_baseline_is_published (KhBaseline *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->published;
}

void
kh_baseline_add (KhBaseline *self,
                 const char *unit_id,
                 const char *group_id,
                 int         rank,
                 int         tier,
                 const char *awards,
                 double      total)
{
  KhStanding *standing;

  g_return_if_fail (self != NULL);
  g_return_if_fail (unit_id != NULL);

  standing = g_hash_table_lookup (self->by_unit, unit_id);
  if (standing == NULL)
    {
      standing = g_new0 (KhStanding, 1);
      standing->unit_id = g_strdup (unit_id);
      g_ptr_array_add (self->standings, standing);
      g_hash_table_insert (self->by_unit, standing->unit_id, standing);
    }
  g_free (standing->group_id);
  g_free (standing->awards);
  standing->group_id = g_strdup (group_id);
  standing->rank = MAX (rank, 0);
  standing->tier = MAX (tier, 0);
  standing->awards = g_strdup (awards != NULL ? awards : "");
  standing->total = total;
}

const KhStanding *
kh_baseline_lookup (KhBaseline *self,
                    const char *unit_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit_id != NULL, NULL);
  return g_hash_table_lookup (self->by_unit, unit_id);
}

guint
kh_baseline_get_n (KhBaseline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->standings->len;
}

const KhStanding *
kh_baseline_get (KhBaseline *self,
                 guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->standings->len, NULL);
  return self->standings->pdata[index];
}
