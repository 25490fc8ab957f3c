/* kh-dataset.c — one year's data of a set of units, as dense columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-dataset.h"

struct _KhDataset
{
  gatomicrefcount ref_count;
  int year;

  GPtrArray *unit_ids;    /* of char* */
  GPtrArray *unit_names;  /* of char*, may hold NULL */
  GPtrArray *unit_groups; /* of char*, may hold NULL */
  GHashTable *unit_index; /* id → index + 1 */
  GHashTable *unit_preds; /* index → GStrv: predecessors other than the default */
  GHashTable *unit_shorts; /* index → char*: short names (简称) */
  KhBaseline *published;  /* NULL: none */

  GPtrArray *field_ids;    /* of char* */
  GHashTable *field_index; /* id → index + 1 */
  GPtrArray *columns;      /* of double*, each `capacity` long */
  guint capacity;
};

KhDataset *
kh_dataset_new (int year)
{
  KhDataset *self = g_new0 (KhDataset, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->year = year;
  self->unit_ids = g_ptr_array_new_with_free_func (g_free);
  self->unit_names = g_ptr_array_new_with_free_func (g_free);
  self->unit_groups = g_ptr_array_new_with_free_func (g_free);
  self->unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->unit_preds = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->unit_shorts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->field_ids = g_ptr_array_new_with_free_func (g_free);
  self->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->columns = g_ptr_array_new_with_free_func (g_free);
  return self;
}

KhDataset *
kh_dataset_copy (KhDataset *self)
{
  KhDataset *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kh_dataset_new (self->year);
  for (guint u = 0; u < self->unit_ids->len; u++)
    {
      kh_dataset_add_unit (copy, self->unit_ids->pdata[u], self->unit_names->pdata[u],
                           self->unit_groups->pdata[u]);
      kh_dataset_set_unit_short_name (copy, u, kh_dataset_get_unit_short_name (self, u));
    }
  for (guint f = 0; f < self->field_ids->len; f++)
    {
      guint column = kh_dataset_add_field (copy, self->field_ids->pdata[f]);

      for (guint u = 0; u < self->unit_ids->len; u++)
        kh_dataset_set (copy, u, column, ((double *) self->columns->pdata[f])[u]);
    }
  return copy;
}

KhDataset *
kh_dataset_ref (KhDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_dataset_unref (KhDataset *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->unit_index);
  g_hash_table_unref (self->unit_preds);
  g_hash_table_unref (self->unit_shorts);
  g_clear_pointer (&self->published, kh_baseline_unref);
  g_hash_table_unref (self->field_index);
  g_ptr_array_unref (self->unit_ids);
  g_ptr_array_unref (self->unit_names);
  g_ptr_array_unref (self->unit_groups);
  g_ptr_array_unref (self->field_ids);
  g_ptr_array_unref (self->columns);
  g_free (self);
}

int
kh_dataset_get_year (KhDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->year;
}

guint
kh_dataset_get_n_units (KhDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->unit_ids->len;
}

guint
kh_dataset_get_n_fields (KhDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->field_ids->len;
}

static double *
column_new (guint capacity)
{
  double *column = g_new (double, MAX (capacity, 1));

  for (guint i = 0; i < MAX (capacity, 1); i++)
    column[i] = NAN;
  return column;
}

guint
kh_dataset_add_unit (KhDataset  *self,
                     const char *id,
                     const char *name,
                     const char *group)
{
  guint index;

  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (id != NULL, KH_DATASET_NONE);

  if (g_hash_table_contains (self->unit_index, id))
    return KH_DATASET_NONE;

  index = self->unit_ids->len;
  if (self->columns->len == 0)
    self->capacity = index + 1; /* no column yet: the first ones get the exact size */
  else if (index >= self->capacity)
    {
      guint capacity = MAX (16, self->capacity * 2);

      for (guint f = 0; f < self->columns->len; f++)
        {
          double *column = g_renew (double, self->columns->pdata[f], capacity);

          for (guint i = self->capacity; i < capacity; i++)
            column[i] = NAN;
          self->columns->pdata[f] = column;
        }
      self->capacity = capacity;
    }

  g_ptr_array_add (self->unit_ids, g_strdup (id));
  g_ptr_array_add (self->unit_names, g_strdup (name));
  g_ptr_array_add (self->unit_groups, g_strdup (group));
  g_hash_table_insert (self->unit_index, self->unit_ids->pdata[index], GUINT_TO_POINTER (index + 1));
  return index;
}

guint
kh_dataset_add_field (KhDataset  *self,
                      const char *id)
{
  guint index;

  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (id != NULL, KH_DATASET_NONE);

  index = kh_dataset_find_field (self, id);
  if (index != KH_DATASET_NONE)
    return index;

  index = self->field_ids->len;
  g_ptr_array_add (self->field_ids, g_strdup (id));
  g_ptr_array_add (self->columns, column_new (self->capacity));
  g_hash_table_insert (self->field_index, self->field_ids->pdata[index],
                       GUINT_TO_POINTER (index + 1));
  return index;
}

guint
kh_dataset_take_field (KhDataset  *self,
                       const char *id,
                       double     *values)
{
  guint index, n;

  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (id != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (values != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (kh_dataset_find_field (self, id) == KH_DATASET_NONE, KH_DATASET_NONE);

  /* The columns hold the capacity's units (the first ones exactly the units added). */
  n = self->unit_ids->len;
  if (MAX (self->capacity, 1) > n)
    {
      values = g_renew (double, values, MAX (self->capacity, 1));
      for (guint i = n; i < MAX (self->capacity, 1); i++)
        values[i] = NAN;
    }
  index = self->field_ids->len;
  g_ptr_array_add (self->field_ids, g_strdup (id));
  g_ptr_array_add (self->columns, values);
  g_hash_table_insert (self->field_index, self->field_ids->pdata[index],
                       GUINT_TO_POINTER (index + 1));
  return index;
}

guint
kh_dataset_find_unit (KhDataset  *self,
                      const char *id)
{
  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (id != NULL, KH_DATASET_NONE);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->unit_index, id)) - 1;
}

guint
kh_dataset_find_field (KhDataset  *self,
                       const char *id)
{
  g_return_val_if_fail (self != NULL, KH_DATASET_NONE);
  g_return_val_if_fail (id != NULL, KH_DATASET_NONE);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->field_index, id)) - 1;
}

const char *
kh_dataset_get_unit_id (KhDataset *self,
                        guint      unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->unit_ids->len, NULL);
  return self->unit_ids->pdata[unit];
}

const char *
kh_dataset_get_unit_name (KhDataset *self,
                          guint      unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->unit_ids->len, NULL);
  return self->unit_names->pdata[unit];
}

const char *
kh_dataset_get_unit_group (KhDataset *self,
                           guint      unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->unit_ids->len, NULL);
  return self->unit_groups->pdata[unit];
}

void
kh_dataset_set_unit_group (KhDataset  *self,
                           guint       unit,
                           const char *group)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (unit < self->unit_ids->len);

  g_free (self->unit_groups->pdata[unit]);
  self->unit_groups->pdata[unit] = g_strdup (group);
}

const char *
kh_dataset_get_field_id (KhDataset *self,
                         guint      field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < self->field_ids->len, NULL);
  return self->field_ids->pdata[field];
}

void
kh_dataset_set (KhDataset *self,
                guint      unit,
                guint      field,
                double     value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (unit < self->unit_ids->len);
  g_return_if_fail (field < self->field_ids->len);

  ((double *) self->columns->pdata[field])[unit] = value;
}

double
kh_dataset_get (KhDataset *self,
                guint      unit,
                guint      field)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (unit < self->unit_ids->len, NAN);
  g_return_val_if_fail (field < self->field_ids->len, NAN);

  return ((const double *) self->columns->pdata[field])[unit];
}

const double *
kh_dataset_get_column (KhDataset *self,
                       guint      field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < self->field_ids->len, NULL);

  return self->columns->pdata[field];
}

void
kh_dataset_set_unit_predecessors (KhDataset         *self,
                                  guint              unit,
                                  const char *const *ids)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (unit < self->unit_ids->len);

  if (ids == NULL)
    g_hash_table_remove (self->unit_preds, GUINT_TO_POINTER (unit));
  else
    g_hash_table_replace (self->unit_preds, GUINT_TO_POINTER (unit), g_strdupv ((char **) ids));
}

const char *const *
kh_dataset_get_unit_predecessors (KhDataset *self,
                                  guint      unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->unit_ids->len, NULL);
  return g_hash_table_lookup (self->unit_preds, GUINT_TO_POINTER (unit));
}

void
kh_dataset_set_published (KhDataset  *self,
                          KhBaseline *published)
{
  g_return_if_fail (self != NULL);

  if (published != NULL)
    kh_baseline_ref (published);
  g_clear_pointer (&self->published, kh_baseline_unref);
  self->published = published;
}

KhBaseline *
kh_dataset_get_published (KhDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->published;
}

void
kh_dataset_set_unit_short_name (KhDataset  *self,
                                guint       unit,
                                const char *short_name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (unit < self->unit_ids->len);

  if (short_name == NULL || *short_name == '\0')
    g_hash_table_remove (self->unit_shorts, GUINT_TO_POINTER (unit));
  else
    g_hash_table_insert (self->unit_shorts, GUINT_TO_POINTER (unit), g_strdup (short_name));
}

const char *
kh_dataset_get_unit_short_name (KhDataset *self,
                                guint      unit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit < self->unit_ids->len, NULL);

  return g_hash_table_lookup (self->unit_shorts, GUINT_TO_POINTER (unit));
}

char *
kh_short_name_transcribe (const char *short_name,
                          const char *name_zh,
                          const char *name)
{
  g_autofree gunichar *from = NULL, *to = NULL, *chars = NULL;
  glong n_from = 0, n_to = 0, n = 0;

  if (short_name == NULL || name_zh == NULL)
    return NULL;
  if (name == NULL)
    return g_strdup (short_name);
  from = g_utf8_to_ucs4_fast (name_zh, -1, &n_from);
  to = g_utf8_to_ucs4_fast (name, -1, &n_to);
  chars = g_utf8_to_ucs4_fast (short_name, -1, &n);
  if (n_from != n_to)
    return NULL;
  for (glong i = 0; i < n; i++)
    {
      glong at = 0;

      while (at < n_from && from[at] != chars[i])
        at++;
      if (at == n_from)
        return NULL;
      chars[i] = to[at];
    }
  return g_ucs4_to_utf8 (chars, n, NULL, NULL, NULL);
}
