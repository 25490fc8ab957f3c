/* kh-project-units.c — units through time: names, peer groups, parents and links per year;
 * finding a unit in a year; the units table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables (kh-project-schema.c, version 5): `units` holds a unit's identity, its life
 * span and its latest state; `unit_years` its state in each year it exists; `unit_links`
 * the units of the previous year it continues. Importing a units table (both layouts are
 * described in kh-project.h) is in kh-project-units-import.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-io-work.h"
#include "kh-project-units-private.h"

/* ---- states and units ---------------------------------------------------------------- */

char *
kh_units_dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

State *
kh_units_state_copy (const State *src)
{
  State *state = g_new0 (State, 1);

  if (src != NULL)
    {
      state->name_zh = g_strdup (src->name_zh);
      state->name_zh_tw = g_strdup (src->name_zh_tw);
      state->name_en = g_strdup (src->name_en);
      state->group_id = g_strdup (src->group_id);
      state->parent_id = g_strdup (src->parent_id);
      state->short_name = g_strdup (src->short_name);
    }
  return state;
}

void
kh_units_state_free (State *state)
{
  if (state == NULL)
    return;
  g_free (state->name_zh);
  g_free (state->name_zh_tw);
  g_free (state->name_en);
  g_free (state->group_id);
  g_free (state->parent_id);
  g_free (state->short_name);
  g_free (state);
}

gboolean
kh_units_state_equal (const State *a,
                      const State *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name_zh, b->name_zh) == 0 && g_strcmp0 (a->name_zh_tw, b->name_zh_tw) == 0
         && g_strcmp0 (a->name_en, b->name_en) == 0 && g_strcmp0 (a->group_id, b->group_id) == 0
         && g_strcmp0 (a->parent_id, b->parent_id) == 0
         && g_strcmp0 (a->short_name, b->short_name) == 0;
}

GPtrArray *
kh_units_strings_copy (GPtrArray *src)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (copy, g_strdup (src->pdata[i]));
  return copy;
}

gboolean
kh_units_strings_equal (GPtrArray *a,
                        GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (strcmp (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

gboolean
kh_units_strings_contain (GPtrArray  *strings,
                          const char *text)
{
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    if (strcmp (strings->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

Unit *
kh_units_unit_new (const char *id)
{
  Unit *unit = g_new0 (Unit, 1);

  unit->id = g_strdup (id);
  unit->latest = kh_units_state_copy (NULL);
  unit->years = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kh_units_state_free);
  unit->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  unit->year_lines = g_hash_table_new (NULL, NULL);
  unit->aliases = g_ptr_array_new_with_free_func (g_free);
  return unit;
}

void
kh_units_unit_free (Unit *unit)
{
  g_free (unit->id);
  g_free (unit->category_id);
  g_free (unit->successor_id);
  kh_units_state_free (unit->latest);
  g_hash_table_unref (unit->years);
  g_hash_table_unref (unit->links);
  g_hash_table_unref (unit->year_lines);
  g_ptr_array_unref (unit->aliases);
  g_free (unit);
}

Unit *
kh_units_unit_copy (const Unit *src)
{
  Unit *unit = kh_units_unit_new (src->id);
  GHashTableIter iter;
  gpointer key, value;

  unit->category_id = g_strdup (src->category_id);
  unit->from_year = src->from_year;
  unit->until_year = src->until_year;
  unit->successor_id = g_strdup (src->successor_id);
  kh_units_state_free (unit->latest);
  unit->latest = kh_units_state_copy (src->latest);
  g_hash_table_iter_init (&iter, src->years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (unit->years, key, kh_units_state_copy (value));
  g_hash_table_iter_init (&iter, src->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (unit->links, key, kh_units_strings_copy (value));
  g_ptr_array_unref (unit->aliases);
  unit->aliases = kh_units_strings_copy (src->aliases);
  return unit;
}

State *
kh_units_unit_state (const Unit *unit,
                     int         year)
{
  return unit != NULL ? g_hash_table_lookup (unit->years, GINT_TO_POINTER (year)) : NULL;
}

GPtrArray *
kh_units_unit_links (const Unit *unit,
                     int         year)
{
  return unit != NULL ? g_hash_table_lookup (unit->links, GINT_TO_POINTER (year)) : NULL;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return x < y ? -1 : x > y;
}

/* The keys of a year → … table, ascending. */
GArray *
kh_units_sorted_years (GHashTable *table)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (int));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int year = GPOINTER_TO_INT (key);

      g_array_append_val (years, year);
    }
  g_array_sort (years, compare_ints);
  return years;
}

/* ---- reading the stored units ------------------------------------------------------ */

static char *
column_text (KhDbStmt *stmt,
             int       column)
{
  return kh_units_dup_or_null (kh_db_column_text (stmt, column));
}

static State *
state_from_columns (KhDbStmt *stmt,
                    int       first)
{
  State *state = g_new0 (State, 1);

  state->name_zh = column_text (stmt, first);
  state->name_zh_tw = column_text (stmt, first + 1);
  state->name_en = column_text (stmt, first + 2);
  state->group_id = column_text (stmt, first + 3);
  state->parent_id = column_text (stmt, first + 4);
  state->short_name = column_text (stmt, first + 5);
  return state;
}

/* Runs @sql and hands each row to @row; FALSE with @error when a step fails. */
static gboolean
each_row (KhProject  *self,
          const char *sql,
          void (*row) (GHashTable *units, KhDbStmt *stmt),
          GHashTable *units,
          GError    **error)
{
  /* Translated once, not once per row: a gettext call per unit-year row was a tenth of
   * a year's computation at 3,000 units × 10 years (issue 22). */
  const char *what = _("reading units");
  g_autoptr (KhDbStmt) stmt = kh_project_prepare (self, sql, what, error);
  KhDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    row (units, stmt);
  return step != KH_DB_STEP_ERROR;
}

static void
unit_row (GHashTable *units,
          KhDbStmt   *stmt)
{
  Unit *unit = kh_units_unit_new (kh_db_column_text (stmt, 0));

  unit->category_id = column_text (stmt, 1);
  unit->from_year = kh_db_column_int64 (stmt, 2);
  unit->until_year = kh_db_column_int64 (stmt, 3);
  unit->successor_id = column_text (stmt, 4);
  kh_units_state_free (unit->latest);
  unit->latest = state_from_columns (stmt, 5);
  g_hash_table_insert (units, unit->id, unit);
}

static void
unit_year_row (GHashTable *units,
               KhDbStmt   *stmt)
{
  Unit *unit = g_hash_table_lookup (units, kh_db_column_text (stmt, 0));

  if (unit != NULL)
    g_hash_table_insert (unit->years, GINT_TO_POINTER ((int) kh_db_column_int64 (stmt, 1)),
                         state_from_columns (stmt, 2));
}

static void
link_row (GHashTable *units,
          KhDbStmt   *stmt)
{
  Unit *unit = g_hash_table_lookup (units, kh_db_column_text (stmt, 1));
  gpointer year = GINT_TO_POINTER ((int) kh_db_column_int64 (stmt, 0));
  GPtrArray *links;

  if (unit == NULL)
    return;
  links = g_hash_table_lookup (unit->links, year);
  if (links == NULL)
    g_hash_table_insert (unit->links, year, links = g_ptr_array_new_with_free_func (g_free));
  g_ptr_array_add (links, g_strdup (kh_db_column_text (stmt, 2)));
}

static void
alias_row (GHashTable *units,
           KhDbStmt   *stmt)
{
  Unit *unit = g_hash_table_lookup (units, kh_db_column_text (stmt, 0));

  if (unit != NULL)
    g_ptr_array_add (unit->aliases, g_strdup (kh_db_column_text (stmt, 1)));
}

/* Every stored unit: id → Unit. */
GHashTable *
kh_units_load_all (KhProject *self,
                   GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_units_unit_free);

  if (!each_row (self,
                 "SELECT id, category_id, from_year, until_year, successor_id, name_zh, "
                 "name_zh_tw, name_en, group_id, parent_id, short_name FROM units",
                 unit_row, units, error)
      || !each_row (self,
                    "SELECT unit_id, year, name_zh, name_zh_tw, name_en, group_id, "
                    "parent_id, short_name FROM unit_years",
                    unit_year_row, units, error)
      || !each_row (self,
                    "SELECT year, unit_id, predecessor_id FROM unit_links "
                    "ORDER BY year, unit_id, position",
                    link_row, units, error)
      || !each_row (self, "SELECT unit_id, alias FROM unit_aliases ORDER BY unit_id, position",
                    alias_row, units, error))
    return NULL;
  return g_steal_pointer (&units);
}

/* The project's years: GINT year → GINT sealed (0 or 1); NULL and a located error when
 * the store cannot be read (never a year taken for open). */
GHashTable *
kh_units_load_years (KhProject *self,
                     GError   **error)
{
  g_autoptr (GHashTable) years = g_hash_table_new (NULL, NULL);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  const char *what = _("reading whether the year is sealed");

  stmt = kh_project_prepare (self, "SELECT year, sealed FROM years", what, error);
  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    g_hash_table_insert (years, GINT_TO_POINTER ((int) kh_db_column_int64 (stmt, 0)),
                         GINT_TO_POINTER (kh_db_column_int64 (stmt, 1) != 0 ? 1 : 0));
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&years);
}

/* ---- a unit in a year: finding it by id or name ---------------------------------- */

void
kh_unit_info_free (KhUnitInfo *unit)
{
  g_free (unit->id);
  g_free (unit->name_zh);
  g_free (unit->name_zh_tw);
  g_free (unit->name_en);
  g_free (unit->short_name);
  g_clear_pointer (&unit->aliases, g_ptr_array_unref);
  g_free (unit->group_id);
  g_free (unit->category_id);
  g_free (unit);
}

static void
info_alias_row (GHashTable *units,
                KhDbStmt   *stmt)
{
  KhUnitInfo *unit = g_hash_table_lookup (units, kh_db_column_text (stmt, 0));

  if (unit != NULL)
    g_ptr_array_add (unit->aliases, g_strdup (kh_db_column_text (stmt, 1)));
}

GHashTable *
kh_project_load_units (KhProject *self,
                       int        year,
                       GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_unit_info_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  const char *what = _("reading units");
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT u.id, "
                             "CASE WHEN y.unit_id IS NULL THEN u.name_zh ELSE y.name_zh END, "
                             "CASE WHEN y.unit_id IS NULL THEN u.group_id ELSE y.group_id END, "
                             "u.from_year, u.until_year, u.category_id, "
                             "CASE WHEN y.unit_id IS NULL THEN u.name_zh_tw ELSE y.name_zh_tw END, "
                             "y.unit_id IS NOT NULL, "
                             "CASE WHEN y.unit_id IS NULL THEN u.name_en ELSE y.name_en END, "
                             "CASE WHEN y.unit_id IS NULL THEN u.short_name ELSE y.short_name END "
                             "FROM units u LEFT JOIN unit_years y ON y.unit_id = u.id AND y.year = ?",
                             what, error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    {
      KhUnitInfo *unit = g_new0 (KhUnitInfo, 1);

      unit->id = g_strdup (kh_db_column_text (stmt, 0));
      unit->name_zh = g_strdup (kh_db_column_text (stmt, 1));
      unit->group_id = g_strdup (kh_db_column_text (stmt, 2));
      unit->from_year = kh_db_column_int64 (stmt, 3);
      unit->until_year = kh_db_column_int64 (stmt, 4);
      unit->category_id = g_strdup (kh_db_column_text (stmt, 5));
      unit->name_zh_tw = g_strdup (kh_db_column_text (stmt, 6));
      unit->exists = kh_db_column_int64 (stmt, 7) != 0;
      unit->name_en = g_strdup (kh_db_column_text (stmt, 8));
      unit->short_name = g_strdup (kh_db_column_text (stmt, 9));
      unit->aliases = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (units, unit->id, unit);
    }
  if (step == KH_DB_STEP_ERROR
      || !each_row (self, "SELECT unit_id, alias FROM unit_aliases ORDER BY unit_id, position",
                    info_alias_row, units, error))
    return NULL;
  return g_steal_pointer (&units);
}

GHashTable *
kh_project_get_unit_order (KhProject  *self,
                           GError    **error)
{
  g_autoptr (GHashTable) order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (KhDbStmt) stmt = NULL;
  guint place = 0;
  const char *what = _("reading units");
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = kh_project_prepare (self,
                             self->version >= 12 ? "SELECT id FROM units ORDER BY position, id"
                                                 : "SELECT id FROM units ORDER BY rowid",
                             what, error);
  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    g_hash_table_insert (order, g_strdup (kh_db_column_text (stmt, 0)),
                         GUINT_TO_POINTER (++place));
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&order);
}

/* A name as the index keeps it: NFKC (full-width letters and digits as ASCII), blanks at
 * the ends dropped, case-folded. */
static char *
name_key (const char *name)
{
  g_autofree char *nfkc = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);

  if (nfkc == NULL)
    return g_strdup (name);
  return g_utf8_casefold (g_strstrip (nfkc), -1);
}

static void
index_name (GHashTable *names,
            const char *name,
            KhUnitInfo *unit)
{
  g_autofree char *key = NULL;
  GPtrArray *list;

  if (name == NULL || *name == '\0')
    return;
  key = name_key (name);
  list = g_hash_table_lookup (names, key);
  if (list == NULL)
    g_hash_table_insert (names, g_steal_pointer (&key), list = g_ptr_array_new ());
  /* A unit whose short name is its name (丰县) is listed once. */
  if (list->len == 0 || list->pdata[list->len - 1] != unit)
    g_ptr_array_add (list, unit);
}

GHashTable *
kh_project_index_unit_names (GHashTable *units)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhUnitInfo *unit = value;

      index_name (names, unit->name_zh, unit);
      index_name (names, unit->name_zh_tw, unit);
      index_name (names, unit->name_en, unit);
      index_name (names, unit->short_name, unit);
      for (guint a = 0; unit->aliases != NULL && a < unit->aliases->len; a++)
        index_name (names, unit->aliases->pdata[a], unit);
    }
  return names;
}

GPtrArray *
kh_project_unit_names_lookup (GHashTable *names,
                              const char *key)
{
  GPtrArray *list;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (names != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* Chinese names are their own key: no copy for them. */
  KH_IO_WORK_ADD (probes, 1);
  list = g_hash_table_lookup (names, key);
  if (list != NULL)
    return list;
  folded = name_key (key);
  KH_IO_WORK_ADD (probes, 1);
  return g_hash_table_lookup (names, folded);
}

const KhUnitInfo *
kh_project_resolve_unit (GHashTable *units,
                         const char *key,
                         int         year,
                         char      **problem)
{
  g_autoptr (GHashTable) names = NULL;

  if (g_hash_table_contains (units, key))
    return kh_project_resolve_unit_in (units, NULL, key, year, problem);
  names = kh_project_index_unit_names (units);
  return kh_project_resolve_unit_in (units, names, key, year, problem);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

const KhUnitInfo *
kh_project_resolve_unit_in (GHashTable *units,
                            GHashTable *names,
                            const char *key,
                            int         year,
                            char      **problem)
{
  const KhUnitInfo *unit = g_hash_table_lookup (units, key);

  KH_IO_WORK_ADD (probes, 1);
  if (unit == NULL && names != NULL)
    {
      GPtrArray *candidates = kh_project_unit_names_lookup (names, key);
      g_autoptr (GPtrArray) existing = g_ptr_array_new ();
      const KhUnitInfo *other_year = NULL;

      for (guint i = 0; candidates != NULL && i < candidates->len; i++)
        {
          KH_IO_WORK_ADD (compares, 1);
          const KhUnitInfo *candidate = candidates->pdata[i];

          if (candidate->exists)
            g_ptr_array_add (existing, candidate->id);
          else
            other_year = candidate;
        }
      if (existing->len > 1)
        {
          g_autofree char *ids = NULL;

          g_ptr_array_sort (existing, compare_strings);
          g_ptr_array_add (existing, NULL);
          ids = g_strjoinv (", ", (char **) existing->pdata);
          *problem = g_strdup_printf (_("the name “%s” fits several units (%s); use the unit id"),
                                      key, ids);
          return NULL;
        }
      unit = existing->len == 1 ? g_hash_table_lookup (units, existing->pdata[0]) : other_year;
    }
  if (unit == NULL)
    {
      *problem = g_strdup_printf (_("unknown unit “%s”"), key);
      return NULL;
    }
  if (!unit->exists)
    {
      if (unit->until_year != 0 && year > unit->until_year)
        *problem = g_strdup_printf (_("unit “%s” does not exist in %d (it ended in %d)"), key,
                                    year, unit->until_year);
      else if (unit->from_year != 0 && year < unit->from_year)
        *problem = g_strdup_printf (_("unit “%s” does not exist in %d (it begins in %d)"), key,
                                    year, unit->from_year);
      else
        *problem = g_strdup_printf (_("unit “%s” does not exist in %d"), key, year);
      return NULL;
    }
  return unit;
}

char *
kh_project_get_unit_category (KhProject  *self,
                              int         year,
                              const char *unit,
                              GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autofree char *problem = NULL;
  const KhUnitInfo *info;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return NULL;
  info = kh_project_resolve_unit (units, unit, year, &problem);
  if (info == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
      return NULL;
    }
  return g_strdup (info->category_id);
}

char **
kh_project_resolve_unit_ids (KhProject         *self,
                             int                year,
                             const char *const *keys,
                             GError           **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_project_load_units (self, year, error);
  if (units == NULL)
    return NULL;
  names = kh_project_index_unit_names (units);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *problem = NULL;
      const KhUnitInfo *info = kh_project_resolve_unit_in (units, names, keys[i], year, &problem);

      if (info == NULL)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", self->path, problem);
          return NULL;
        }
      g_ptr_array_add (ids, g_strdup (info->id));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* ---- predecessors ------------------------------------------------------------------ */

/* The units of @year − 1 that unit @id continues in @year, in order: its @links of
 * @year (NULL: none), itself first when it @existed then and the links do not name it.
 * An empty array: a new unit (the previous year is a year of the project and it had no
 * row). NULL: no link and no previous year to know better (it continues itself, by id). */
static GPtrArray *
predecessors_from (const char *id,
                   GPtrArray  *links,
                   gboolean    existed,
                   gboolean    previous_is_project_year)
{
  GPtrArray *preds;

  if (links != NULL && links->len > 0)
    {
      preds = kh_units_strings_copy (links);
      if (existed && !kh_units_strings_contain (preds, id))
        g_ptr_array_insert (preds, 0, g_strdup (id));
      return preds;
    }
  preds = g_ptr_array_new_with_free_func (g_free);
  if (existed)
    g_ptr_array_add (preds, g_strdup (id));
  else if (!previous_is_project_year)
    g_clear_pointer (&preds, g_ptr_array_unref);
  return preds;
}

/* predecessors_from() of @unit as kh_units_load_all() holds it. */
static GPtrArray *
predecessors_of (const Unit *unit,
                 int         year,
                 gboolean    previous_is_project_year)
{
  return predecessors_from (unit->id, kh_units_unit_links (unit, year),
                            kh_units_unit_state (unit, year - 1) != NULL,
                            previous_is_project_year);
}

GHashTable *
kh_project_year_predecessors_with (KhProject         *self,
                                   int                year,
                                   GHashTable       **years_io,
                                   const char *const *ids,
                                   guint              n_ids,
                                   GError           **error)
{
  const char *what = _("reading units");
  g_autoptr (GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) existed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (KhDbStmt) stmt = NULL;
  gboolean previous_is_project_year;
  KhDbStep step;

  if (*years_io == NULL && (*years_io = kh_units_load_years (self, error)) == NULL)
    return NULL;
  previous_is_project_year = g_hash_table_contains (*years_io, GINT_TO_POINTER (year - 1));

  /* Only what predecessors_from() reads, of @year and the year before: the links of the
   * year, and which units had a row the year before. Every unit's rows of every year with
   * their names (kh_units_load_all()) were 14 % of computing a year at 3,000 units × 10
   * years, and a search of last year's row for each unit of the year 4 % more (issue 22). */
  stmt = kh_project_prepare (self,
                             "SELECT unit_id, predecessor_id FROM unit_links WHERE year = ? "
                             "ORDER BY unit_id, position",
                             what, error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    {
      const char *id = kh_db_column_text (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (links, id);

      if (list == NULL)
        g_hash_table_insert (links, g_strdup (id),
                             list = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (list, g_strdup (kh_db_column_text (stmt, 1)));
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  g_clear_pointer (&stmt, kh_db_stmt_free);

  /* (a unit of @ids is a stored unit: its row of the year before is its own) */
  stmt = kh_project_prepare (self, "SELECT unit_id FROM unit_years WHERE year = ?", what, error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year - 1);
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    g_hash_table_add (existed, g_strdup (kh_db_column_text (stmt, 0)));
  if (step == KH_DB_STEP_ERROR)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      GPtrArray *list = g_hash_table_lookup (links, ids[i]);
      gboolean was = g_hash_table_contains (existed, ids[i]);
      GPtrArray *preds;

      /* Itself alone, as a unit not in the table: most units, left out. */
      if (was && list == NULL)
        continue;
      preds = predecessors_from (ids[i], list, was, previous_is_project_year);

      if (preds != NULL)
        g_hash_table_insert (result, g_strdup (ids[i]), preds);
    }
  return g_steal_pointer (&result);
}

/* What predecessors_of() reads of a unit @id of @year: its row of the year before (the
 * one of @year is the caller's) and its links of @year, as kh_units_load_all() would
 * hold them; FALSE with @error when a step fails. */
static gboolean
load_unit_around (KhProject *self,
                  KhDbStmt  *existed,
                  KhDbStmt  *links,
                  int        year,
                  Unit      *unit,
                  GError   **error)
{
  KhDbStep step;

  kh_db_stmt_reset (existed);
  kh_db_bind_text (existed, 1, unit->id);
  kh_db_bind_int64 (existed, 2, year - 1);
  step = kh_project_step (self, existed, _("reading units"), error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  if (step == KH_DB_STEP_ROW)
    g_hash_table_insert (unit->years, GINT_TO_POINTER (year - 1), g_new0 (State, 1));
  kh_db_stmt_reset (links);
  kh_db_bind_int64 (links, 1, year);
  kh_db_bind_text (links, 2, unit->id);
  while ((step = kh_project_step (self, links, _("reading units"), error)) == KH_DB_STEP_ROW)
    {
      GPtrArray *list = g_hash_table_lookup (unit->links, GINT_TO_POINTER (year));

      if (list == NULL)
        g_hash_table_insert (unit->links, GINT_TO_POINTER (year),
                             list = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (list, g_strdup (kh_db_column_text (links, 0)));
    }
  return step != KH_DB_STEP_ERROR;
}

GHashTable *
kh_project_units_predecessors (KhProject         *self,
                               int                year,
                               const char *const *ids,
                               guint              n_ids,
                               gboolean           previous_is_project_year,
                               GError           **error)
{
  g_autoptr (GHashTable) result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (KhDbStmt) existed = NULL;
  g_autoptr (KhDbStmt) links = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  existed = kh_project_prepare (self, "SELECT 1 FROM unit_years WHERE unit_id = ? AND year = ?",
                                _("reading units"), error);
  if (existed == NULL)
    return NULL;
  links = kh_project_prepare (self,
                              "SELECT predecessor_id FROM unit_links WHERE year = ? "
                              "AND unit_id = ? ORDER BY position",
                              _("reading units"), error);
  if (links == NULL)
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      Unit *unit = kh_units_unit_new (ids[i]);
      GPtrArray *preds = NULL;
      gboolean ok = load_unit_around (self, existed, links, year, unit, error);

      if (ok)
        preds = predecessors_of (unit, year, previous_is_project_year);
      kh_units_unit_free (unit);
      if (!ok)
        return NULL;
      if (preds != NULL)
        g_hash_table_insert (result, g_strdup (ids[i]), preds);
    }
  return g_steal_pointer (&result);
}

/* ---- the public view of a unit's year ------------------------------------------------ */

void
kh_unit_year_free (KhUnitYear *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->id);
  g_free (unit->category_id);
  g_free (unit->name_zh);
  g_free (unit->name_zh_tw);
  g_free (unit->name_en);
  g_free (unit->group_id);
  g_free (unit->parent_id);
  g_free (unit->short_name);
  g_clear_pointer (&unit->aliases, g_ptr_array_unref);
  g_clear_pointer (&unit->predecessors, g_ptr_array_unref);
  g_free (unit->previous_name);
  g_free (unit->previous_group);
  g_free (unit->previous_parent);
  g_free (unit);
}

/* How many units of @year name @id among their predecessors. */
static guint
count_successors (GHashTable *all_preds,
                  const char *id)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, all_preds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += kh_units_strings_contain (value, id) ? 1 : 0;
  return n;
}

static KhUnitYear *
describe_year (GHashTable *units,
               GHashTable *all_preds,
               const Unit *unit,
               int         year)
{
  KhUnitYear *out = g_new0 (KhUnitYear, 1);
  const State *state = kh_units_unit_state (unit, year);
  GPtrArray *preds = g_hash_table_lookup (all_preds, unit->id);
  const State *before = NULL;

  out->id = g_strdup (unit->id);
  out->category_id = g_strdup (unit->category_id);
  out->year = year;
  out->name_zh = g_strdup (state->name_zh);
  out->name_zh_tw = g_strdup (state->name_zh_tw);
  out->name_en = g_strdup (state->name_en);
  out->group_id = g_strdup (state->group_id);
  out->parent_id = g_strdup (state->parent_id);
  out->short_name = g_strdup (state->short_name);
  out->aliases = kh_units_strings_copy (unit->aliases);
  out->predecessors = preds != NULL ? kh_units_strings_copy (preds) : NULL;
  if (preds == NULL)
    /* No knowledge of the year before beyond the unit's own row. */
    before = kh_units_unit_state (unit, year - 1);
  else if (preds->len == 0)
    out->changes |= KH_UNIT_NEW;
  else
    {
      before = kh_units_unit_state (g_hash_table_lookup (units, preds->pdata[0]), year - 1);
      if (preds->len > 1)
        out->changes |= KH_UNIT_MERGED;
      for (guint i = 0; i < preds->len; i++)
        if (count_successors (all_preds, preds->pdata[i]) > 1)
          out->changes |= KH_UNIT_SPLIT;
    }
  if (before != NULL)
    {
      if (preds != NULL && preds->len == 1 && strcmp (preds->pdata[0], unit->id) != 0
          && (out->changes & KH_UNIT_SPLIT) == 0)
        out->changes |= KH_UNIT_RENAMED;
      if (g_strcmp0 (before->name_zh, state->name_zh) != 0
          && (out->changes & (KH_UNIT_MERGED | KH_UNIT_SPLIT)) == 0)
        out->changes |= KH_UNIT_RENAMED;
      if (g_strcmp0 (before->group_id, state->group_id) != 0)
        out->changes |= KH_UNIT_TRANSFERRED;
      if (g_strcmp0 (before->parent_id, state->parent_id) != 0)
        out->changes |= KH_UNIT_REPARENTED;
      out->previous_name = g_strdup (before->name_zh);
      out->previous_group = g_strdup (before->group_id);
      out->previous_parent = g_strdup (before->parent_id);
    }
  return out;
}

/* Predecessors of every unit of @year (units: all of them, loaded). */
static GHashTable *
all_predecessors (GHashTable *units,
                  GHashTable *years,
                  int         year)
{
  GHashTable *result = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);
  gboolean previous_known = g_hash_table_contains (years, GINT_TO_POINTER (year - 1));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;
      GPtrArray *preds;

      if (kh_units_unit_state (unit, year) == NULL)
        continue;
      preds = predecessors_of (unit, year, previous_known);
      if (preds != NULL)
        g_hash_table_insert (result, unit->id, preds);
    }
  return result;
}

static int
compare_unit_years (gconstpointer a,
                    gconstpointer b)
{
  const KhUnitYear *x = *(KhUnitYear *const *) a, *y = *(KhUnitYear *const *) b;

  if (x->year != y->year)
    return x->year > y->year ? -1 : 1;
  return strcmp (x->id, y->id);
}

GPtrArray *
kh_project_get_units (KhProject  *self,
                      int         year,
                      const char *category,
                      GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) years = NULL;
  g_autoptr (GHashTable) preds = NULL;
  GPtrArray *out;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_units_load_all (self, error);
  if (units == NULL)
    return NULL;
  years = kh_units_load_years (self, error);
  if (years == NULL)
    return NULL;
  preds = all_predecessors (units, years, year);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_year_free);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;

      if (kh_units_unit_state (unit, year) != NULL
          && (category == NULL || g_strcmp0 (category, unit->category_id) == 0))
        g_ptr_array_add (out, describe_year (units, preds, unit, year));
    }
  g_ptr_array_sort (out, compare_unit_years);
  return out;
}

typedef struct
{
  const Unit *unit;
  int last_year; /* the years of the unit that lead to the one asked about */
} Ancestor;

GPtrArray *
kh_project_get_unit_history (KhProject  *self,
                             const char *unit_id,
                             GError    **error)
{
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) years = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) queue = g_array_new (FALSE, FALSE, sizeof (Ancestor));
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_year_free);
  Ancestor start = { NULL, G_MAXINT };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (unit_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  units = kh_units_load_all (self, error);
  if (units == NULL)
    return NULL;
  start.unit = g_hash_table_lookup (units, unit_id);
  if (start.unit == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: unknown unit “%s”"),
                   self->path, unit_id);
      return NULL;
    }
  years = kh_units_load_years (self, error);
  if (years == NULL)
    return NULL;
  /* The unit's years, then the earlier years of every unit it continues, and so on. */
  g_array_append_val (queue, start);
  g_hash_table_add (seen, start.unit->id);
  for (guint q = 0; q < queue->len; q++)
    {
      Ancestor a = g_array_index (queue, Ancestor, q);
      g_autoptr (GArray) list = kh_units_sorted_years (a.unit->years);

      for (guint i = 0; i < list->len && g_array_index (list, int, i) <= a.last_year; i++)
        {
          int year = g_array_index (list, int, i);
          g_autoptr (GHashTable) preds = all_predecessors (units, years, year);
          GPtrArray *mine = g_hash_table_lookup (preds, a.unit->id);

          g_ptr_array_add (out, describe_year (units, preds, a.unit, year));
          for (guint p = 0; mine != NULL && p < mine->len; p++)
            {
              Ancestor next = { g_hash_table_lookup (units, mine->pdata[p]), year - 1 };

              if (next.unit != NULL && !g_hash_table_contains (seen, next.unit->id))
                {
                  g_hash_table_add (seen, next.unit->id);
                  g_array_append_val (queue, next);
                }
            }
        }
    }
  g_ptr_array_sort (out, compare_unit_years);
  return g_steal_pointer (&out);
}

/* ---- a new year ------------------------------------------------------------------- */

gboolean
kh_units_run (KhProject *self,
              KhDbStmt  *stmt,
              GError   **error)
{
  return kh_project_run (self, stmt, _("storing units"), error);
}

void
kh_units_bind (KhDbStmt    *stmt,
               int          first,
               const State *state)
{
  kh_project_bind_text_or_null_db (stmt, first, state->name_zh);
  kh_project_bind_text_or_null_db (stmt, first + 1, state->name_zh_tw);
  kh_project_bind_text_or_null_db (stmt, first + 2, state->name_en);
  kh_project_bind_text_or_null_db (stmt, first + 3, state->group_id);
  kh_project_bind_text_or_null_db (stmt, first + 4, state->parent_id);
  kh_project_bind_text_or_null_db (stmt, first + 5, state->short_name);
}

/* The state a year the unit has no row for starts from: the nearest year before, else
 * the nearest after, else the latest state. */
static const State *
nearest_state (const Unit *unit,
               int         year)
{
  g_autoptr (GArray) list = kh_units_sorted_years (unit->years);
  const State *state = NULL;

  for (guint i = 0; i < list->len && g_array_index (list, int, i) < year; i++)
    state = kh_units_unit_state (unit, g_array_index (list, int, i));
  if (state == NULL && list->len > 0)
    state = kh_units_unit_state (unit, g_array_index (list, int, list->len - 1));
  return state != NULL && state->name_zh != NULL ? state : unit->latest;
}

gboolean
kh_project_units_add_year (KhProject *self,
                           int        year,
                           GError   **error)
{
  g_autoptr (GHashTable) units = kh_units_load_all (self, error);
  g_autoptr (KhDbStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean ok = TRUE;

  if (units == NULL)
    return FALSE;
  stmt = kh_project_prepare (self,
                             "INSERT INTO unit_years (unit_id, year, name_zh, name_zh_tw, name_en, "
                             "group_id, parent_id, short_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             _("storing units"), error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, units);
  while (ok && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;

      if (kh_units_unit_state (unit, year) != NULL || (unit->from_year != 0 && year < unit->from_year)
          || (unit->until_year != 0 && year > unit->until_year))
        continue;
      kh_db_bind_text (stmt, 1, unit->id);
      kh_db_bind_int64 (stmt, 2, year);
      kh_units_bind (stmt, 3, nearest_state (unit, year));
      ok = kh_units_run (self, stmt, error);
    }
  return ok;
}

