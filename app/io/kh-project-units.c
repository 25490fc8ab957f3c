/* kh-project-units.c — units through time: names, peer groups, parents and links per year;
 * finding a unit in a year; the units table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables (kh-project-schema.c, version 3): `units` holds a unit's identity, its life
 * span and its latest state; `unit_years` its state in each year it exists; `unit_links`
 * the units of the previous year it continues. Importing a units table (both layouts are
 * described in kh-project.h) works on whole units: the stored units are read, the ones
 * the table names are copied and changed as the table says ("desired"), every problem is
 * collected (cells, predecessors, and any change to a sealed year), and only then are
 * the differences written, in one transaction with the audit row. The database triggers
 * refuse any change to a sealed year's rows; the checks here say where in the file the
 * change came from.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-project-private.h"

/* One unit in one year (and the latest state kept in `units`). */
typedef struct
{
  char *name_zh;
  char *name_zh_tw;
  char *name_en;
  char *group_id;
  char *parent_id;
} State;

typedef struct
{
  char *id;
  char *category_id;
  int from_year;  /* 0: no bound */
  int until_year; /* 0: no bound */
  char *successor_id;
  State *latest;
  GHashTable *years; /* GINT_TO_POINTER (year) → State* */
  GHashTable *links; /* GINT_TO_POINTER (year) → GPtrArray of char* (predecessors, in order) */
  /* Where the table changed the unit (for the messages about sealed years). */
  guint line;
  GHashTable *year_lines; /* per-year form: year → line */
} Unit;

enum
{
  COL_ID,
  COL_NAME_ZH,
  COL_NAME_ZH_TW,
  COL_NAME_EN,
  COL_CATEGORY,
  COL_GROUP,
  COL_PARENT,
  COL_FROM,
  COL_UNTIL,
  COL_SUCCESSOR,
  COL_YEAR,
  COL_PREDECESSORS,
  N_COLS
};

static const char *const column_names[N_COLS] = {
  "id",     "name_zh",   "name_zh_tw", "name_en",   "category",   "group",
  "parent", "from_year", "until_year", "successor", "year",       "predecessors",
};

#define OLD_LAYOUT "id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor,parent"
#define YEAR_LAYOUT "id,year,name_zh,name_zh_tw,name_en,category,group,parent,predecessors"

/* ---- states and units ---------------------------------------------------------------- */

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static State *
state_copy (const State *src)
{
  State *state = g_new0 (State, 1);

  if (src != NULL)
    {
      state->name_zh = g_strdup (src->name_zh);
      state->name_zh_tw = g_strdup (src->name_zh_tw);
      state->name_en = g_strdup (src->name_en);
      state->group_id = g_strdup (src->group_id);
      state->parent_id = g_strdup (src->parent_id);
    }
  return state;
}

static void
state_free (State *state)
{
  if (state == NULL)
    return;
  g_free (state->name_zh);
  g_free (state->name_zh_tw);
  g_free (state->name_en);
  g_free (state->group_id);
  g_free (state->parent_id);
  g_free (state);
}

static gboolean
state_equal (const State *a,
             const State *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name_zh, b->name_zh) == 0 && g_strcmp0 (a->name_zh_tw, b->name_zh_tw) == 0
         && g_strcmp0 (a->name_en, b->name_en) == 0 && g_strcmp0 (a->group_id, b->group_id) == 0
         && g_strcmp0 (a->parent_id, b->parent_id) == 0;
}

static GPtrArray *
strings_copy (GPtrArray *src)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (copy, g_strdup (src->pdata[i]));
  return copy;
}

static gboolean
strings_equal (GPtrArray *a,
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

static gboolean
strings_contain (GPtrArray  *strings,
                 const char *text)
{
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    if (strcmp (strings->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

static Unit *
unit_new (const char *id)
{
  Unit *unit = g_new0 (Unit, 1);

  unit->id = g_strdup (id);
  unit->latest = state_copy (NULL);
  unit->years = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) state_free);
  unit->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  unit->year_lines = g_hash_table_new (NULL, NULL);
  return unit;
}

static void
unit_free (Unit *unit)
{
  g_free (unit->id);
  g_free (unit->category_id);
  g_free (unit->successor_id);
  state_free (unit->latest);
  g_hash_table_unref (unit->years);
  g_hash_table_unref (unit->links);
  g_hash_table_unref (unit->year_lines);
  g_free (unit);
}

static Unit *
unit_copy (const Unit *src)
{
  Unit *unit = unit_new (src->id);
  GHashTableIter iter;
  gpointer key, value;

  unit->category_id = g_strdup (src->category_id);
  unit->from_year = src->from_year;
  unit->until_year = src->until_year;
  unit->successor_id = g_strdup (src->successor_id);
  state_free (unit->latest);
  unit->latest = state_copy (src->latest);
  g_hash_table_iter_init (&iter, src->years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (unit->years, key, state_copy (value));
  g_hash_table_iter_init (&iter, src->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (unit->links, key, strings_copy (value));
  return unit;
}

static State *
unit_state (const Unit *unit,
            int         year)
{
  return unit != NULL ? g_hash_table_lookup (unit->years, GINT_TO_POINTER (year)) : NULL;
}

static GPtrArray *
unit_links (const Unit *unit,
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
static GArray *
sorted_years (GHashTable *table)
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
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return dup_or_null ((const char *) sqlite3_column_text (stmt, column));
}

static State *
state_from_columns (sqlite3_stmt *stmt,
                    int           first)
{
  State *state = g_new0 (State, 1);

  state->name_zh = column_text (stmt, first);
  state->name_zh_tw = column_text (stmt, first + 1);
  state->name_en = column_text (stmt, first + 2);
  state->group_id = column_text (stmt, first + 3);
  state->parent_id = column_text (stmt, first + 4);
  return state;
}

/* Every stored unit: id → Unit. */
static GHashTable *
load_all_units (KhProject *self,
                GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) unit_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, category_id, from_year, until_year, successor_id, name_zh, "
                          "name_zh_tw, name_en, group_id, parent_id FROM units",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Unit *unit = unit_new ((const char *) sqlite3_column_text (stmt, 0));

      unit->category_id = column_text (stmt, 1);
      unit->from_year = sqlite3_column_int (stmt, 2);
      unit->until_year = sqlite3_column_int (stmt, 3);
      unit->successor_id = column_text (stmt, 4);
      state_free (unit->latest);
      unit->latest = state_from_columns (stmt, 5);
      g_hash_table_insert (units, unit->id, unit);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE
      || sqlite3_prepare_v2 (self->db,
                             "SELECT unit_id, year, name_zh, name_zh_tw, name_en, group_id, "
                             "parent_id FROM unit_years",
                             -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Unit *unit = g_hash_table_lookup (units, sqlite3_column_text (stmt, 0));

      if (unit != NULL)
        g_hash_table_insert (unit->years, GINT_TO_POINTER (sqlite3_column_int (stmt, 1)),
                             state_from_columns (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE
      || sqlite3_prepare_v2 (self->db,
                             "SELECT year, unit_id, predecessor_id FROM unit_links "
                             "ORDER BY year, unit_id, position",
                             -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Unit *unit = g_hash_table_lookup (units, sqlite3_column_text (stmt, 1));
      gpointer year = GINT_TO_POINTER (sqlite3_column_int (stmt, 0));
      GPtrArray *links;

      if (unit == NULL)
        continue;
      links = g_hash_table_lookup (unit->links, year);
      if (links == NULL)
        g_hash_table_insert (unit->links, year, links = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (links, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    goto failed;
  return g_steal_pointer (&units);

failed:
  sqlite3_finalize (stmt);
  kh_project_sql_error (self, _("reading units"), error);
  return NULL;
}

/* The project's years: GINT year → GINT sealed (0 or 1). */
static GHashTable *
load_years (KhProject *self)
{
  GHashTable *years = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) list = kh_project_get_years (self);

  for (guint i = 0; i < list->len; i++)
    {
      int year = g_array_index (list, int, i);

      g_hash_table_insert (years, GINT_TO_POINTER (year),
                           GINT_TO_POINTER (kh_project_is_sealed (self, year) ? 1 : 0));
    }
  return years;
}

/* ---- a unit in a year: finding it by id or name ---------------------------------- */

void
kh_unit_info_free (KhUnitInfo *unit)
{
  g_free (unit->id);
  g_free (unit->name_zh);
  g_free (unit->name_zh_tw);
  g_free (unit->group_id);
  g_free (unit->category_id);
  g_free (unit);
}

GHashTable *
kh_project_load_units (KhProject *self,
                       int        year,
                       GError   **error)
{
  g_autoptr (GHashTable) units =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_unit_info_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT u.id, "
                          "CASE WHEN y.unit_id IS NULL THEN u.name_zh ELSE y.name_zh END, "
                          "CASE WHEN y.unit_id IS NULL THEN u.group_id ELSE y.group_id END, "
                          "u.from_year, u.until_year, u.category_id, "
                          "CASE WHEN y.unit_id IS NULL THEN u.name_zh_tw ELSE y.name_zh_tw END, "
                          "y.unit_id IS NOT NULL "
                          "FROM units u LEFT JOIN unit_years y ON y.unit_id = u.id AND y.year = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KhUnitInfo *unit = g_new0 (KhUnitInfo, 1);

      unit->id = kh_project_column_dup (stmt, 0);
      unit->name_zh = kh_project_column_dup (stmt, 1);
      unit->group_id = kh_project_column_dup (stmt, 2);
      unit->from_year = sqlite3_column_int (stmt, 3);
      unit->until_year = sqlite3_column_int (stmt, 4);
      unit->category_id = kh_project_column_dup (stmt, 5);
      unit->name_zh_tw = kh_project_column_dup (stmt, 6);
      unit->exists = sqlite3_column_int (stmt, 7) != 0;
      g_hash_table_insert (units, unit->id, unit);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  return g_steal_pointer (&units);
}

/* Finds a unit by id or Chinese name (simplified or traditional) in @year; NULL with
 * *problem set otherwise. */
GHashTable *
kh_project_index_unit_names (GHashTable *units)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhUnitInfo *unit = value;
      const char *keys[] = { unit->name_zh, unit->name_zh_tw };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GPtrArray *list;

          if (keys[k] == NULL || (k == 1 && g_strcmp0 (keys[0], keys[1]) == 0))
            continue;
          list = g_hash_table_lookup (names, keys[k]);
          if (list == NULL)
            g_hash_table_insert (names, (gpointer) keys[k], list = g_ptr_array_new ());
          g_ptr_array_add (list, unit);
        }
    }
  return names;
}

const KhUnitInfo *
kh_project_resolve_unit (GHashTable *units,
                         const char *key,
                         int         year,
                         char      **problem)
{
  return kh_project_resolve_unit_in (units, NULL, key, year, problem);
}

const KhUnitInfo *
kh_project_resolve_unit_in (GHashTable *units,
                            GHashTable *names,
                            const char *key,
                            int         year,
                            char      **problem)
{
  const KhUnitInfo *unit = g_hash_table_lookup (units, key);
  const KhUnitInfo *by_name = NULL;
  const KhUnitInfo *other_year = NULL;
  guint n_names = 0;
  GHashTableIter iter;
  gpointer value = NULL;
  GPtrArray *candidates = names != NULL ? g_hash_table_lookup (names, key) : NULL;
  guint next = 0;

  /* With the index, only the units of that name are candidates. */
  if (unit == NULL && (names == NULL || candidates != NULL))
    {
      if (names == NULL)
        g_hash_table_iter_init (&iter, units);
      while (names != NULL ? next < candidates->len
                           : g_hash_table_iter_next (&iter, NULL, &value))
        {
          const KhUnitInfo *candidate = names != NULL ? candidates->pdata[next++] : value;

          if (g_strcmp0 (candidate->name_zh, key) != 0
              && g_strcmp0 (candidate->name_zh_tw, key) != 0)
            continue;
          if (candidate->exists)
            by_name = candidate, n_names++;
          else
            other_year = candidate;
        }
      if (n_names > 1)
        {
          *problem = g_strdup_printf (_("the name “%s” fits several units; use the unit id"), key);
          return NULL;
        }
      unit = by_name != NULL ? by_name : other_year;
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

/* ---- predecessors ------------------------------------------------------------------ */

/* The units of @year − 1 that @unit continues in @year, in order: its links, itself
 * first when it existed then and the links do not name it. An empty array: a new unit
 * (the previous year is a year of the project and it had no row). NULL: no link and no
 * previous year to know better (it continues itself, by id). */
static GPtrArray *
predecessors_of (const Unit *unit,
                 int         year,
                 gboolean    previous_is_project_year)
{
  GPtrArray *links = unit_links (unit, year);
  gboolean existed = unit_state (unit, year - 1) != NULL;
  GPtrArray *preds;

  if (links != NULL && links->len > 0)
    {
      preds = strings_copy (links);
      if (existed && !strings_contain (preds, unit->id))
        g_ptr_array_insert (preds, 0, g_strdup (unit->id));
      return preds;
    }
  preds = g_ptr_array_new_with_free_func (g_free);
  if (existed)
    g_ptr_array_add (preds, g_strdup (unit->id));
  else if (!previous_is_project_year)
    g_clear_pointer (&preds, g_ptr_array_unref);
  return preds;
}

GHashTable *
kh_project_year_predecessors (KhProject *self,
                              int        year,
                              GError   **error)
{
  g_autoptr (GHashTable) units = load_all_units (self, error);
  g_autoptr (GHashTable) years = NULL;
  GHashTable *result;
  GHashTableIter iter;
  gpointer value;

  if (units == NULL)
    return NULL;
  years = load_years (self);
  result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;
      GPtrArray *preds;

      if (unit_state (unit, year) == NULL)
        continue;
      preds = predecessors_of (unit, year,
                               g_hash_table_contains (years, GINT_TO_POINTER (year - 1)));
      if (preds != NULL)
        g_hash_table_insert (result, g_strdup (unit->id), preds);
    }
  return result;
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
    n += strings_contain (value, id) ? 1 : 0;
  return n;
}

static KhUnitYear *
describe_year (GHashTable *units,
               GHashTable *all_preds,
               const Unit *unit,
               int         year)
{
  KhUnitYear *out = g_new0 (KhUnitYear, 1);
  const State *state = unit_state (unit, year);
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
  out->predecessors = preds != NULL ? strings_copy (preds) : NULL;
  if (preds == NULL)
    /* No knowledge of the year before beyond the unit's own row. */
    before = unit_state (unit, year - 1);
  else if (preds->len == 0)
    out->changes |= KH_UNIT_NEW;
  else
    {
      before = unit_state (g_hash_table_lookup (units, preds->pdata[0]), year - 1);
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

      if (unit_state (unit, year) == NULL)
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

  units = load_all_units (self, error);
  if (units == NULL)
    return NULL;
  years = load_years (self);
  preds = all_predecessors (units, years, year);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_year_free);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;

      if (unit_state (unit, year) != NULL
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

  units = load_all_units (self, error);
  if (units == NULL)
    return NULL;
  start.unit = g_hash_table_lookup (units, unit_id);
  if (start.unit == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: unknown unit “%s”"),
                   self->path, unit_id);
      return NULL;
    }
  years = load_years (self);
  /* The unit's years, then the earlier years of every unit it continues, and so on. */
  g_array_append_val (queue, start);
  g_hash_table_add (seen, start.unit->id);
  for (guint q = 0; q < queue->len; q++)
    {
      Ancestor a = g_array_index (queue, Ancestor, q);
      g_autoptr (GArray) list = sorted_years (a.unit->years);

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

static gboolean
step_done (KhProject    *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  return kh_project_step_done (self, stmt, _("storing units"), error);
}

static void
bind_state (sqlite3_stmt *stmt,
            int           first,
            const State  *state)
{
  kh_project_bind_text_or_null (stmt, first, state->name_zh);
  kh_project_bind_text_or_null (stmt, first + 1, state->name_zh_tw);
  kh_project_bind_text_or_null (stmt, first + 2, state->name_en);
  kh_project_bind_text_or_null (stmt, first + 3, state->group_id);
  kh_project_bind_text_or_null (stmt, first + 4, state->parent_id);
}

/* The state a year the unit has no row for starts from: the nearest year before, else
 * the nearest after, else the latest state. */
static const State *
nearest_state (const Unit *unit,
               int         year)
{
  g_autoptr (GArray) list = sorted_years (unit->years);
  const State *state = NULL;

  for (guint i = 0; i < list->len && g_array_index (list, int, i) < year; i++)
    state = unit_state (unit, g_array_index (list, int, i));
  if (state == NULL && list->len > 0)
    state = unit_state (unit, g_array_index (list, int, list->len - 1));
  return state != NULL && state->name_zh != NULL ? state : unit->latest;
}

gboolean
kh_project_units_add_year (KhProject *self,
                           int        year,
                           GError   **error)
{
  g_autoptr (GHashTable) units = load_all_units (self, error);
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean ok = TRUE;

  if (units == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO unit_years (unit_id, year, name_zh, name_zh_tw, name_en, "
                          "group_id, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return kh_project_sql_error (self, _("storing units"), error);
  g_hash_table_iter_init (&iter, units);
  while (ok && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *unit = value;

      if (unit_state (unit, year) != NULL || (unit->from_year != 0 && year < unit->from_year)
          || (unit->until_year != 0 && year > unit->until_year))
        continue;
      sqlite3_bind_text (stmt, 1, unit->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, year);
      bind_state (stmt, 3, nearest_state (unit, year));
      ok = step_done (self, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* ---- importing a units table ------------------------------------------------------------ */

typedef struct
{
  KhProject *project;
  const char *name;   /* the file, in messages */
  KhCsvTable *table;
  int index[N_COLS];  /* column of each known header, −1 when absent */
  gboolean per_year;
  GHashTable *stored; /* id → Unit: what the project holds */
  GHashTable *years;  /* the project's years → sealed */
  GHashTable *desired; /* id → Unit: the units the table changes, as they will be */
  GPtrArray *order;   /* of char*: desired ids in the order first touched */
  GString *problems;
  GString *detail;    /* the audit row */
} Import;

static gboolean
has_column (const Import *im,
            int           column)
{
  return im->index[column] >= 0;
}

static guint
column_of (const Import *im,
           int           column)
{
  return im->index[column] >= 0 ? (guint) im->index[column] + 1 : 1;
}

static char *
cell (const Import *im,
      guint         row,
      int           column)
{
  int index = im->index[column];

  if (index < 0)
    return g_strdup ("");
  return g_strstrip (g_strdup (kh_csv_table_cell (im->table, row, (guint) index)));
}

static gboolean
is_sealed (const Import *im,
           int           year)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (im->years, GINT_TO_POINTER (year))) == 1;
}

/* The desired copy of unit @id (made on first use; a new unit when it is not stored). */
static Unit *
desired_unit (Import     *im,
              const char *id)
{
  Unit *unit = g_hash_table_lookup (im->desired, id);
  const Unit *stored;

  if (unit != NULL)
    return unit;
  stored = g_hash_table_lookup (im->stored, id);
  unit = stored != NULL ? unit_copy (stored) : unit_new (id);
  g_hash_table_insert (im->desired, unit->id, unit);
  g_ptr_array_add (im->order, unit->id);
  return unit;
}

/* The unit as it will be: desired when the table changes it, else as stored. */
static const Unit *
final_unit (const Import *im,
            const char   *id)
{
  const Unit *unit = g_hash_table_lookup (im->desired, id);

  return unit != NULL ? unit : g_hash_table_lookup (im->stored, id);
}

static gboolean
read_header (Import *im)
{
  guint line;

  if (kh_csv_table_n_rows (im->table) == 0)
    {
      kh_problem_at (im->problems, im->name, 0, 0, _("the units table is empty"));
      return FALSE;
    }
  line = kh_csv_table_line (im->table, 0);
  for (int c = 0; c < N_COLS; c++)
    {
      im->index[c] = -1;
      for (guint j = 0; j < kh_csv_table_width (im->table, 0); j++)
        {
          g_autofree char *h = g_strstrip (g_strdup (kh_csv_table_cell (im->table, 0, j)));

          if (g_ascii_strcasecmp (h, column_names[c]) == 0)
            im->index[c] = (int) j;
        }
    }
  im->per_year = has_column (im, COL_YEAR);
  for (int c = COL_ID; c <= COL_CATEGORY; c++)
    if (c != COL_NAME_ZH_TW && c != COL_NAME_EN && !has_column (im, c))
      kh_problem_at (im->problems, im->name, line, 1,
                     _("the header has no “%s” column (units: %s; or one row per unit and "
                       "year: %s)"),
                     column_names[c], OLD_LAYOUT, YEAR_LAYOUT);
  if (im->per_year)
    {
      for (int c = COL_FROM; c <= COL_SUCCESSOR; c++)
        if (has_column (im, c))
          kh_problem_at (im->problems, im->name, line, column_of (im, c),
                         _("a units table with a “year” column has one row per unit and "
                           "year and no “%s” column (the years a unit exists are its rows; "
                           "the units it continues are its predecessors)"),
                         column_names[c]);
    }
  else if (has_column (im, COL_PREDECESSORS))
    kh_problem_at (im->problems, im->name, line, column_of (im, COL_PREDECESSORS),
                   _("the “predecessors” column needs a “year” column (one row per unit and "
                     "year)"));
  return im->problems->len == 0;
}

static gboolean
parse_year (Import     *im,
            const char *text,
            guint       line,
            int         column,
            int        *year)
{
  guint64 value = 0;

  *year = 0;
  if (text[0] == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1900, 2999, &value, NULL))
    {
      kh_problem_at (im->problems, im->name, line, column_of (im, column), _("“%s” is not a year"),
                     text);
      return FALSE;
    }
  *year = (int) value;
  return TRUE;
}

/* The value of an optional column for a unit's year: the cell when the column is
 * there, else what the unit had (@keep). */
static char *
optional (const Import *im,
          guint         row,
          int           column,
          const char   *keep)
{
  g_autofree char *text = NULL;

  if (!has_column (im, column))
    return g_strdup (keep);
  text = cell (im, row, column);
  return dup_or_null (text);
}

static State *
state_from_row (const Import *im,
                guint         row,
                const State  *keep)
{
  State *state = g_new0 (State, 1);
  g_autofree char *name = cell (im, row, COL_NAME_ZH);

  state->name_zh = g_strdup (name);
  state->name_zh_tw = optional (im, row, COL_NAME_ZH_TW, keep != NULL ? keep->name_zh_tw : NULL);
  state->name_en = optional (im, row, COL_NAME_EN, keep != NULL ? keep->name_en : NULL);
  state->group_id = optional (im, row, COL_GROUP, keep != NULL ? keep->group_id : NULL);
  state->parent_id = optional (im, row, COL_PARENT, keep != NULL ? keep->parent_id : NULL);
  return state;
}

static void
audit_row (Import    *im,
           guint      row)
{
  g_string_append_c (im->detail, '\n');
  for (int c = 0, n = 0; c < N_COLS; c++)
    if (has_column (im, c))
      {
        g_autofree char *text = cell (im, row, c);

        g_string_append_printf (im->detail, "%s%s", n++ > 0 ? "\t" : "", text);
      }
}

/* The required cells of a row; FALSE (problems added) when one is empty. */
static gboolean
check_required (Import    *im,
                guint      row,
                guint      line)
{
  static const int required[] = { COL_ID, COL_NAME_ZH, COL_CATEGORY };
  gboolean ok = TRUE;

  for (guint k = 0; k < G_N_ELEMENTS (required); k++)
    {
      g_autofree char *text = cell (im, row, required[k]);

      if (text[0] == '\0')
        {
          kh_problem_at (im->problems, im->name, line, column_of (im, required[k]),
                         _("the %s is empty"), column_names[required[k]]);
          ok = FALSE;
        }
    }
  return ok;
}

/* ---- the layout with one row per unit ---- */

/* Applies one row of the layout with one row per unit: the unit exists in every year of
 * the project within [from_year, until_year], with this row's names, group and parent
 * (a column left out keeps what the unit had that year). */
static void
apply_unit_row (Import    *im,
                guint      row,
                guint      line,
                int        from,
                int        until)
{
  g_autofree char *id = cell (im, row, COL_ID);
  g_autofree char *category = cell (im, row, COL_CATEGORY);
  g_autofree char *successor = cell (im, row, COL_SUCCESSOR);
  Unit *unit = desired_unit (im, id);
  g_autoptr (GHashTable) years = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  State *latest;

  unit->line = line;
  g_free (unit->category_id);
  unit->category_id = g_strdup (category);
  unit->from_year = from;
  unit->until_year = until;
  if (has_column (im, COL_SUCCESSOR))
    {
      g_free (unit->successor_id);
      unit->successor_id = dup_or_null (successor);
    }
  latest = state_from_row (im, row, unit->latest);
  state_free (unit->latest);
  unit->latest = latest;

  /* Every year of the project, and every year the unit has a row for. */
  g_hash_table_iter_init (&iter, im->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (years, key);
  g_hash_table_iter_init (&iter, unit->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (years, key);
  g_hash_table_iter_init (&iter, years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int year = GPOINTER_TO_INT (key);

      if ((from != 0 && year < from) || (until != 0 && year > until))
        g_hash_table_remove (unit->years, key);
      else
        g_hash_table_replace (unit->years, key, state_from_row (im, row, unit_state (unit, year)));
    }
}

/* The successor column: a unit that ends in Y and has a successor S is a predecessor of
 * S in Y + 1; for the units of the table, the column says every unit they are continued
 * by (none when empty). Links that stay keep their place in the order. */
static gboolean
link_wanted (const Import *im,
             const char   *successor,
             int           year,
             const char   *pred)
{
  const Unit *unit = g_hash_table_lookup (im->desired, pred);

  return unit == NULL || unit->line == 0 || strcmp (successor, pred) == 0
         || (g_strcmp0 (unit->successor_id, successor) == 0 && unit->until_year + 1 == year);
}

static void
apply_successors (Import *im)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) holders = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < im->order->len; i++)
    g_ptr_array_add (ids, g_strdup (im->order->pdata[i]));
  /* Links to a unit of the table that it no longer has … */
  g_hash_table_iter_init (&iter, im->stored);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Unit *other = value;
      GHashTableIter links_iter;
      gpointer year, links;
      gboolean stale = FALSE;

      g_hash_table_iter_init (&links_iter, other->links);
      while (!stale && g_hash_table_iter_next (&links_iter, &year, &links))
        for (guint k = 0; !stale && k < ((GPtrArray *) links)->len; k++)
          stale = !link_wanted (im, other->id, GPOINTER_TO_INT (year),
                                g_ptr_array_index ((GPtrArray *) links, k));
      if (stale)
        g_ptr_array_add (holders, g_strdup (other->id));
    }
  for (guint h = 0; h < holders->len; h++)
    {
      Unit *changed = desired_unit (im, holders->pdata[h]);
      GHashTableIter it;
      gpointer year, list;

      g_hash_table_iter_init (&it, changed->links);
      while (g_hash_table_iter_next (&it, &year, &list))
        {
          GPtrArray *links = list;

          for (guint k = links->len; k > 0; k--)
            if (!link_wanted (im, changed->id, GPOINTER_TO_INT (year), links->pdata[k - 1]))
              g_ptr_array_remove_index (links, k - 1);
          if (links->len == 0)
            g_hash_table_iter_remove (&it);
        }
    }
  /* … and those it gains: of its successor, the year after its last. */
  for (guint i = 0; i < ids->len; i++)
    {
      const Unit *unit = g_hash_table_lookup (im->desired, ids->pdata[i]);
      Unit *successor;
      GPtrArray *links;
      gpointer year;

      if (unit->line == 0 || unit->successor_id == NULL || unit->until_year == 0
          || final_unit (im, unit->successor_id) == NULL)
        continue;
      successor = desired_unit (im, unit->successor_id);
      year = GINT_TO_POINTER (unit->until_year + 1);
      links = g_hash_table_lookup (successor->links, year);
      if (links == NULL)
        g_hash_table_insert (successor->links, year,
                             links = g_ptr_array_new_with_free_func (g_free));
      if (!strings_contain (links, unit->id))
        {
          g_ptr_array_add (links, g_strdup (unit->id));
          g_hash_table_insert (successor->year_lines, year, GUINT_TO_POINTER (unit->line));
        }
    }
}

static void
read_unit_rows (Import *im)
{
  g_autoptr (GHashTable) in_file = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 1; i < kh_csv_table_n_rows (im->table); i++)
    {
      guint row = i;
      guint line = kh_csv_table_line (im->table, i);
      g_autofree char *id = cell (im, row, COL_ID);
      g_autofree char *from_text = cell (im, row, COL_FROM);
      g_autofree char *until_text = cell (im, row, COL_UNTIL);
      gsize before = im->problems->len;
      int from = 0, until = 0;

      audit_row (im, row);
      check_required (im, row, line);
      parse_year (im, from_text, line, COL_FROM, &from);
      parse_year (im, until_text, line, COL_UNTIL, &until);
      if (from != 0 && until != 0 && from > until)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_UNTIL),
                       _("until_year %u is before from_year %u"), (guint) until, (guint) from);
      if (id[0] != '\0')
        {
          if (g_hash_table_contains (in_file, id))
            kh_problem_at (im->problems, im->name, line, column_of (im, COL_ID),
                           _("unit “%s” appears twice"), id);
          g_hash_table_add (in_file, g_strdup (id));
        }
      if (im->problems->len == before)
        apply_unit_row (im, row, line, from, until);
    }
  for (guint i = 1; i < kh_csv_table_n_rows (im->table); i++)
    {
      guint row = i;
      guint line = kh_csv_table_line (im->table, i);
      g_autofree char *successor = cell (im, row, COL_SUCCESSOR);
      g_autofree char *until = cell (im, row, COL_UNTIL);
      g_autofree char *parent = cell (im, row, COL_PARENT);

      if (successor[0] != '\0' && !g_hash_table_contains (in_file, successor)
          && !g_hash_table_contains (im->stored, successor))
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_SUCCESSOR),
                       _("unknown successor unit “%s”"), successor);
      else if (successor[0] != '\0' && until[0] == '\0')
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_SUCCESSOR),
                       _("a unit with a successor needs its until_year (the last year before "
                         "“%s” continues it)"),
                       successor);
      if (parent[0] != '\0' && !g_hash_table_contains (in_file, parent)
          && !g_hash_table_contains (im->stored, parent))
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_PARENT),
                       _("unknown parent unit “%s”"), parent);
    }
  if (im->problems->len == 0 && has_column (im, COL_SUCCESSOR))
    apply_successors (im);
}

/* ---- the layout with one row per unit and year ---- */

static GPtrArray *
split_ids (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text, " ;", -1);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0' && !strings_contain (ids, parts[i]))
      g_ptr_array_add (ids, g_strdup (parts[i]));
  return ids;
}

/* Applies the rows of one unit: in every year from the table's first to its last, the
 * unit exists exactly in the years it has a row for; its predecessors (when the column
 * is there) are those the rows name. */
static void
apply_year_rows (Import     *im,
                 const char *id,
                 GArray     *rows, /* of guint: indices into the table */
                 int         first_year,
                 int         last_year)
{
  Unit *unit = desired_unit (im, id);
  int first = 0, last = 0;

  for (int year = first_year; year <= last_year; year++)
    {
      g_hash_table_remove (unit->years, GINT_TO_POINTER (year));
      if (has_column (im, COL_PREDECESSORS))
        g_hash_table_remove (unit->links, GINT_TO_POINTER (year));
    }
  /* Existing rows outside the table's years stay; a column left out keeps the stored
   * value of that year (or the unit's latest). */
  for (guint k = 0; k < rows->len; k++)
    {
      guint i = g_array_index (rows, guint, k);
      guint row = i;
      guint line = kh_csv_table_line (im->table, i);
      g_autofree char *year_text = cell (im, row, COL_YEAR);
      g_autofree char *category = cell (im, row, COL_CATEGORY);
      int year = atoi (year_text);
      const Unit *stored = g_hash_table_lookup (im->stored, id);
      const State *keep = unit_state (stored, year);

      if (unit->line == 0)
        unit->line = line;
      g_hash_table_insert (unit->year_lines, GINT_TO_POINTER (year), GUINT_TO_POINTER (line));
      g_free (unit->category_id);
      unit->category_id = g_strdup (category);
      g_hash_table_replace (unit->years, GINT_TO_POINTER (year),
                            state_from_row (im, row, keep != NULL ? keep : unit->latest));
      if (has_column (im, COL_PREDECESSORS))
        {
          g_autofree char *text = cell (im, row, COL_PREDECESSORS);
          GPtrArray *preds = split_ids (text);

          if (preds->len > 0)
            g_hash_table_replace (unit->links, GINT_TO_POINTER (year), preds);
          else
            g_ptr_array_unref (preds);
        }
      first = first == 0 ? year : MIN (first, year);
      last = MAX (last, year);
    }
  /* The life span, for years added later: listed in the table's last year, it goes on;
   * without a row for the year before its first listed one, it begins then. */
  unit->until_year = last == last_year ? 0 : last;
  if (unit_state (unit, first - 1) == NULL)
    unit->from_year = first;
  else if (unit->from_year > first)
    unit->from_year = 0;
  {
    g_autoptr (GArray) list = sorted_years (unit->years);
    State *latest = state_copy (unit_state (unit, g_array_index (list, int, list->len - 1)));

    state_free (unit->latest);
    unit->latest = latest;
  }
}

static void
read_year_rows (Import *im)
{
  g_autoptr (GHashTable) by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) unit_order = g_ptr_array_new_with_free_func (g_free);
  int first_year = 0, last_year = 0;

  for (guint i = 1; i < kh_csv_table_n_rows (im->table); i++)
    {
      guint row = i;
      guint line = kh_csv_table_line (im->table, i);
      g_autofree char *id = cell (im, row, COL_ID);
      g_autofree char *year_text = cell (im, row, COL_YEAR);
      g_autofree char *category = cell (im, row, COL_CATEGORY);
      g_autofree char *key = NULL;
      gsize before = im->problems->len;
      const char *known_category;
      GArray *rows;
      int year = 0;

      audit_row (im, row);
      check_required (im, row, line);
      if (year_text[0] == '\0')
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_YEAR), _("the year is empty"));
      else
        parse_year (im, year_text, line, COL_YEAR, &year);
      if (im->problems->len != before)
        continue;
      key = g_strdup_printf ("%s\x1F%d", id, year);
      if (g_hash_table_contains (seen, key))
        {
          kh_problem_at (im->problems, im->name, line, column_of (im, COL_ID),
                         _("unit “%s” appears twice in %d"), id, year);
          continue;
        }
      g_hash_table_add (seen, g_steal_pointer (&key));
      known_category = g_hash_table_lookup (categories, id);
      if (known_category != NULL && strcmp (known_category, category) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_CATEGORY),
                       _("unit “%s” is in category “%s” in another row; a unit keeps its "
                         "category"),
                       id, known_category);
      else
        g_hash_table_replace (categories, g_strdup (id), g_strdup (category));
      rows = g_hash_table_lookup (by_unit, id);
      if (rows == NULL)
        {
          rows = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_unit, g_strdup (id), rows);
          g_ptr_array_add (unit_order, g_strdup (id));
        }
      g_array_append_val (rows, i);
      first_year = first_year == 0 ? year : MIN (first_year, year);
      last_year = MAX (last_year, year);
    }
  if (im->problems->len > 0)
    return;
  for (guint u = 0; u < unit_order->len; u++)
    apply_year_rows (im, unit_order->pdata[u], g_hash_table_lookup (by_unit, unit_order->pdata[u]),
                     first_year, last_year);
}

/* ---- checks ----------------------------------------------------------------------- */

/* The line and column of what changed @unit in @year. */
static guint
line_of (const Unit *unit,
         int         year)
{
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (unit->year_lines, GINT_TO_POINTER (year)));

  return line != 0 ? line : unit->line;
}

/* Every predecessor and parent is a unit, and a predecessor exists the year before
 * (when the project has that year). */
static void
check_references (Import *im)
{
  for (guint i = 0; i < im->order->len; i++)
    {
      const Unit *unit = g_hash_table_lookup (im->desired, im->order->pdata[i]);
      g_autoptr (GArray) link_years = sorted_years (unit->links);
      g_autoptr (GArray) state_years = sorted_years (unit->years);

      for (guint k = 0; k < link_years->len; k++)
        {
          int year = g_array_index (link_years, int, k);
          GPtrArray *preds = unit_links (unit, year);

          if (unit_state (unit, year) == NULL)
            continue;
          for (guint p = 0; p < preds->len; p++)
            {
              const Unit *pred = final_unit (im, preds->pdata[p]);

              if (pred == NULL)
                kh_problem_at (im->problems, im->name, line_of (unit, year),
                               column_of (im, im->per_year ? COL_PREDECESSORS : COL_SUCCESSOR),
                               _("unknown predecessor unit “%s”"), (char *) preds->pdata[p]);
              else if (unit_state (pred, year - 1) == NULL
                       && g_hash_table_contains (im->years, GINT_TO_POINTER (year - 1)))
                kh_problem_at (im->problems, im->name, line_of (unit, year),
                               column_of (im, im->per_year ? COL_PREDECESSORS : COL_SUCCESSOR),
                               _("unit “%s” continues “%s” in %d, but “%s” does not exist in %d"),
                               unit->id, pred->id, year, pred->id, year - 1);
            }
        }
      for (guint k = 0; im->per_year && k < state_years->len; k++)
        {
          int year = g_array_index (state_years, int, k);
          const State *state = unit_state (unit, year);

          if (state->parent_id != NULL && final_unit (im, state->parent_id) == NULL)
            kh_problem_at (im->problems, im->name, line_of (unit, year), column_of (im, COL_PARENT),
                           _("unknown parent unit “%s”"), state->parent_id);
        }
    }
}

static const char *
or_none (const char *text)
{
  return text != NULL ? text : "";
}

/* A sealed year of one unit: what the table would change there. */
static void
check_sealed_year (Import     *im,
                   const Unit *was,
                   const Unit *now,
                   int         year)
{
  const State *a = unit_state (was, year), *b = unit_state (now, year);
  guint line = line_of (now, year);

  if (a == NULL && b != NULL)
    kh_problem_at (im->problems, im->name, line,
                   column_of (im, im->per_year ? COL_YEAR : COL_FROM),
                   _("unit “%s” would exist in %d, which is sealed (its units cannot change; "
                     "give a later first year)"),
                   now->id, year);
  else if (a != NULL && b == NULL)
    kh_problem_at (im->problems, im->name, line,
                   column_of (im, im->per_year ? COL_YEAR : COL_UNTIL),
                   _("unit “%s” would no longer exist in %d, which is sealed (its units cannot "
                     "change)"),
                   now->id, year);
  else if (a != NULL)
    {
      if (g_strcmp0 (a->group_id, b->group_id) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_GROUP),
                       _("unit “%s” is in group “%s” in %d, which is sealed: it cannot move to "
                         "“%s” there (a transfer from a later year goes in a table with one "
                         "row per unit and year: %s)"),
                       now->id, or_none (a->group_id), year, or_none (b->group_id), YEAR_LAYOUT);
      if (g_strcmp0 (a->name_zh, b->name_zh) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_NAME_ZH),
                       _("unit “%s” is named “%s” in %d, which is sealed: it cannot be renamed "
                         "“%s” there"),
                       now->id, or_none (a->name_zh), year, or_none (b->name_zh));
      if (g_strcmp0 (a->name_zh_tw, b->name_zh_tw) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_NAME_ZH_TW),
                       _("unit “%s” is named “%s” in %d, which is sealed: it cannot be renamed "
                         "“%s” there"),
                       now->id, or_none (a->name_zh_tw), year, or_none (b->name_zh_tw));
      if (g_strcmp0 (a->name_en, b->name_en) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_NAME_EN),
                       _("unit “%s” is named “%s” in %d, which is sealed: it cannot be renamed "
                         "“%s” there"),
                       now->id, or_none (a->name_en), year, or_none (b->name_en));
      if (g_strcmp0 (a->parent_id, b->parent_id) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_PARENT),
                       _("unit “%s” belongs to “%s” in %d, which is sealed: its parent cannot "
                         "become “%s” there"),
                       now->id, or_none (a->parent_id), year, or_none (b->parent_id));
    }
  if (!strings_equal (unit_links (was, year), unit_links (now, year)))
    kh_problem_at (im->problems, im->name, line,
                   column_of (im, im->per_year ? COL_PREDECESSORS : COL_SUCCESSOR),
                   _("the units that “%s” continues in %d cannot change: %d is sealed"), now->id,
                   year, year);
}

static void
check_sealed (Import *im)
{
  g_autoptr (GArray) years = sorted_years (im->years);

  for (guint i = 0; i < im->order->len; i++)
    {
      const Unit *now = g_hash_table_lookup (im->desired, im->order->pdata[i]);
      const Unit *was = g_hash_table_lookup (im->stored, now->id);
      gboolean sealed_rows = FALSE;

      for (guint k = 0; k < years->len; k++)
        {
          int year = g_array_index (years, int, k);

          if (!is_sealed (im, year))
            continue;
          check_sealed_year (im, was, now, year);
          sealed_rows |= unit_state (was, year) != NULL;
        }
      if (was != NULL && sealed_rows && g_strcmp0 (was->category_id, now->category_id) != 0)
        kh_problem_at (im->problems, im->name, now->line, column_of (im, COL_CATEGORY),
                       _("unit “%s” is in category “%s” in a sealed year: its category cannot "
                         "change"),
                       now->id, or_none (was->category_id));
    }
}

/* ---- writing ---------------------------------------------------------------------- */

typedef struct
{
  sqlite3_stmt *category, *group, *unit, *refs, *insert_year, *update_year, *delete_year,
    *delete_links, *insert_link;
} Statements;

static void
statements_clear (Statements *st)
{
  sqlite3_finalize (st->category);
  sqlite3_finalize (st->group);
  sqlite3_finalize (st->unit);
  sqlite3_finalize (st->refs);
  sqlite3_finalize (st->insert_year);
  sqlite3_finalize (st->update_year);
  sqlite3_finalize (st->delete_year);
  sqlite3_finalize (st->delete_links);
  sqlite3_finalize (st->insert_link);
}

static gboolean
prepare (KhProject     *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL) != SQLITE_OK)
    return kh_project_sql_error (self, _("storing units"), error);
  return TRUE;
}

static gboolean
statements_prepare (KhProject  *self,
                    Statements *st,
                    GError    **error)
{
  return prepare (self, "INSERT INTO categories (id, name_zh) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                  &st->category, error)
         && prepare (self,
                     "INSERT INTO peer_groups (id, category_id, name_zh) VALUES (?, ?, ?) "
                     "ON CONFLICT (id) DO NOTHING",
                     &st->group, error)
         && prepare (self,
                     "INSERT INTO units (id, category_id, from_year, until_year, name_zh, "
                     "name_zh_tw, name_en, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id, "
                     "from_year = excluded.from_year, until_year = excluded.until_year, "
                     "name_zh = excluded.name_zh, name_zh_tw = excluded.name_zh_tw, "
                     "name_en = excluded.name_en, group_id = excluded.group_id",
                     &st->unit, error)
         && prepare (self, "UPDATE units SET parent_id = ?, successor_id = ? WHERE id = ?",
                     &st->refs, error)
         && prepare (self,
                     "INSERT INTO unit_years (name_zh, name_zh_tw, name_en, group_id, parent_id, "
                     "unit_id, year) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     &st->insert_year, error)
         && prepare (self,
                     "UPDATE unit_years SET name_zh = ?, name_zh_tw = ?, name_en = ?, "
                     "group_id = ?, parent_id = ? WHERE unit_id = ? AND year = ?",
                     &st->update_year, error)
         && prepare (self, "DELETE FROM unit_years WHERE unit_id = ? AND year = ?",
                     &st->delete_year, error)
         && prepare (self, "DELETE FROM unit_links WHERE unit_id = ? AND year = ?",
                     &st->delete_links, error)
         && prepare (self,
                     "INSERT INTO unit_links (year, unit_id, predecessor_id, position) "
                     "VALUES (?, ?, ?, ?)",
                     &st->insert_link, error);
}

static gboolean
write_group (KhProject   *self,
             Statements  *st,
             const Unit  *unit,
             const State *state,
             GError     **error)
{
  if (state == NULL || state->group_id == NULL)
    return TRUE;
  sqlite3_bind_text (st->group, 1, state->group_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st->group, 2, unit->category_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st->group, 3, state->group_id, -1, SQLITE_TRANSIENT);
  return step_done (self, st->group, error);
}

/* The unit's identity, life span and latest state (references come later, when every
 * unit of the table exists). */
static gboolean
write_unit (KhProject  *self,
            Statements *st,
            const Unit *unit,
            GError    **error)
{
  sqlite3_bind_text (st->category, 1, unit->category_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st->category, 2, unit->category_id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, st->category, error) || !write_group (self, st, unit, unit->latest, error))
    return FALSE;
  sqlite3_bind_text (st->unit, 1, unit->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st->unit, 2, unit->category_id, -1, SQLITE_TRANSIENT);
  for (int k = 0; k < 2; k++)
    {
      int year = k == 0 ? unit->from_year : unit->until_year;

      if (year != 0)
        sqlite3_bind_int (st->unit, 3 + k, year);
      else
        sqlite3_bind_null (st->unit, 3 + k);
    }
  kh_project_bind_text_or_null (st->unit, 5, or_none (unit->latest->name_zh));
  kh_project_bind_text_or_null (st->unit, 6, unit->latest->name_zh_tw);
  kh_project_bind_text_or_null (st->unit, 7, unit->latest->name_en);
  kh_project_bind_text_or_null (st->unit, 8, unit->latest->group_id);
  return step_done (self, st->unit, error);
}

/* Parent, successor, the per-year rows and links that differ from what is stored. */
static gboolean
write_history (KhProject  *self,
               Statements *st,
               const Unit *was,
               const Unit *now,
               GError    **error)
{
  g_autoptr (GHashTable) all = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) years = NULL;
  GHashTableIter iter;
  gpointer key;

  kh_project_bind_text_or_null (st->refs, 1, now->latest->parent_id);
  kh_project_bind_text_or_null (st->refs, 2, now->successor_id);
  sqlite3_bind_text (st->refs, 3, now->id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, st->refs, error))
    return FALSE;

  for (int k = 0; k < 4; k++)
    {
      GHashTable *table = k == 0 ? now->years : k == 1 ? now->links : was == NULL ? NULL
                                                        : k == 2 ? was->years : was->links;

      if (table == NULL)
        continue;
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (all, key);
    }
  years = sorted_years (all);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      const State *a = unit_state (was, year), *b = unit_state (now, year);
      GPtrArray *links = unit_links (now, year);
      sqlite3_stmt *stmt = NULL;

      if (!state_equal (a, b))
        {
          stmt = b == NULL ? st->delete_year : a == NULL ? st->insert_year : st->update_year;
          if (b != NULL)
            {
              if (!write_group (self, st, now, b, error))
                return FALSE;
              bind_state (stmt, 1, b);
            }
          sqlite3_bind_text (stmt, b != NULL ? 6 : 1, now->id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, b != NULL ? 7 : 2, year);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
      if (strings_equal (unit_links (was, year), links))
        continue;
      sqlite3_bind_text (st->delete_links, 1, now->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (st->delete_links, 2, year);
      if (!step_done (self, st->delete_links, error))
        return FALSE;
      for (guint p = 0; links != NULL && p < links->len; p++)
        {
          sqlite3_bind_int (st->insert_link, 1, year);
          sqlite3_bind_text (st->insert_link, 2, now->id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (st->insert_link, 3, links->pdata[p], -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (st->insert_link, 4, (int) p + 1);
          if (!step_done (self, st->insert_link, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_import (Import  *im,
              GError **error)
{
  KhProject *self = im->project;
  Statements st = { NULL };
  gboolean ok = statements_prepare (self, &st, error);

  for (guint i = 0; ok && i < im->order->len; i++)
    ok = write_unit (self, &st, g_hash_table_lookup (im->desired, im->order->pdata[i]), error);
  for (guint i = 0; ok && i < im->order->len; i++)
    ok = write_history (self, &st, g_hash_table_lookup (im->stored, im->order->pdata[i]),
                        g_hash_table_lookup (im->desired, im->order->pdata[i]), error);
  statements_clear (&st);
  return ok && kh_audit_append (self->db, self->user, "units", 0, im->detail->str, error);
}

gboolean
kh_project_import_units (KhProject  *self,
                         KhCsvTable *table,
                         const char *display_name,
                         GError    **error)
{
  Import im = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  im.project = self;
  im.name = display_name != NULL ? display_name : "<units>";
  im.table = table;
  im.problems = g_string_new (NULL);
  im.stored = load_all_units (self, error);
  if (im.stored == NULL)
    goto out;
  im.years = load_years (self);
  im.desired = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) unit_free);
  im.order = g_ptr_array_new ();
  if (read_header (&im))
    {
      im.detail = g_string_new (NULL);
      g_string_append_printf (im.detail, "file=%s\nlayout=%s\nunits=%u", im.name,
                              im.per_year ? "per-year" : "per-unit", kh_csv_table_n_rows (table) - 1);
      if (im.per_year)
        read_year_rows (&im);
      else
        read_unit_rows (&im);
      if (im.problems->len == 0)
        check_references (&im);
      if (im.problems->len == 0)
        check_sealed (&im);
    }
  if (im.problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, im.problems->str);
      goto out;
    }
  if (!kh_project_begin (self, error))
    goto out;
  ok = write_import (&im, error) && kh_project_commit (self, error);
  if (!ok)
    kh_project_rollback (self);

out:
  g_string_free (im.problems, TRUE);
  if (im.detail != NULL)
    g_string_free (im.detail, TRUE);
  g_clear_pointer (&im.stored, g_hash_table_unref);
  g_clear_pointer (&im.years, g_hash_table_unref);
  g_clear_pointer (&im.desired, g_hash_table_unref);
  g_clear_pointer (&im.order, g_ptr_array_unref);
  return ok;
}
