/* kh-project-units-import.c — importing a units table (both layouts), all or nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on whole units (kh-project-units-private.h): the stored units are read, the ones
 * the table names are copied and changed as the table says ("desired"), every problem is
 * collected (cells, predecessors, and any change to a sealed year, each naming its row
 * and column), and only then are the differences written, in one transaction with the
 * audit row. The database triggers refuse any change to a sealed year's rows; the checks
 * here say where in the file the change came from.
 *
 * (About 1000 lines: the two layouts, the checks and the writing all work on one Import
 * state; split further they would share it through another header for no gain.)
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-project-units-private.h"

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
  COL_SHORT_NAME,
  COL_ALIASES,
  N_COLS
};

static const char *const column_names[N_COLS] = {
  "id",     "name_zh",   "name_zh_tw", "name_en",   "category",   "group",
  "parent", "from_year", "until_year", "successor", "year",       "predecessors",
  "short_name", "aliases",
};

#define OLD_LAYOUT "id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor,parent"
#define YEAR_LAYOUT "id,year,name_zh,name_zh_tw,name_en,category,group,parent,predecessors"

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
  unit = stored != NULL ? kh_units_unit_copy (stored) : kh_units_unit_new (id);
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
  return kh_units_dup_or_null (text);
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
  state->short_name = optional (im, row, COL_SHORT_NAME, keep != NULL ? keep->short_name : NULL);
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

/* Adds the aliases of a cell (separated by “;” or “；”, blanks around them dropped) that
 * @aliases does not have yet. */
static void
add_aliases (GPtrArray  *aliases,
             const char *text)
{
  g_autofree char *separated = g_strdup (text);
  g_auto (GStrv) parts = NULL;
  char *wide;

  while ((wide = strstr (separated, "；")) != NULL)
    memcpy (wide, ";  ", strlen ("；"));
  parts = g_strsplit (separated, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0' && !kh_units_strings_contain (aliases, parts[i]))
        g_ptr_array_add (aliases, g_strdup (parts[i]));
    }
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
      unit->successor_id = kh_units_dup_or_null (successor);
    }
  latest = state_from_row (im, row, unit->latest);
  kh_units_state_free (unit->latest);
  unit->latest = latest;
  if (has_column (im, COL_ALIASES))
    {
      g_autofree char *aliases = cell (im, row, COL_ALIASES);

      g_ptr_array_set_size (unit->aliases, 0);
      add_aliases (unit->aliases, aliases);
    }

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
        g_hash_table_replace (unit->years, key, state_from_row (im, row, kh_units_unit_state (unit, year)));
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
      if (!kh_units_strings_contain (links, unit->id))
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
    if (parts[i][0] != '\0' && !kh_units_strings_contain (ids, parts[i]))
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

  /* The aliases belong to the unit: those of all its rows. */
  if (has_column (im, COL_ALIASES))
    g_ptr_array_set_size (unit->aliases, 0);
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
      const State *keep = kh_units_unit_state (stored, year);

      if (unit->line == 0)
        unit->line = line;
      if (has_column (im, COL_ALIASES))
        {
          g_autofree char *aliases = cell (im, row, COL_ALIASES);

          add_aliases (unit->aliases, aliases);
        }
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
  if (kh_units_unit_state (unit, first - 1) == NULL)
    unit->from_year = first;
  else if (unit->from_year > first)
    unit->from_year = 0;
  {
    g_autoptr (GArray) list = kh_units_sorted_years (unit->years);
    State *latest = kh_units_state_copy (kh_units_unit_state (unit, g_array_index (list, int, list->len - 1)));

    kh_units_state_free (unit->latest);
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
      g_autoptr (GArray) link_years = kh_units_sorted_years (unit->links);
      g_autoptr (GArray) state_years = kh_units_sorted_years (unit->years);

      for (guint k = 0; k < link_years->len; k++)
        {
          int year = g_array_index (link_years, int, k);
          GPtrArray *preds = kh_units_unit_links (unit, year);

          if (kh_units_unit_state (unit, year) == NULL)
            continue;
          for (guint p = 0; p < preds->len; p++)
            {
              const Unit *pred = final_unit (im, preds->pdata[p]);

              if (pred == NULL)
                kh_problem_at (im->problems, im->name, line_of (unit, year),
                               column_of (im, im->per_year ? COL_PREDECESSORS : COL_SUCCESSOR),
                               _("unknown predecessor unit “%s”"), (char *) preds->pdata[p]);
              else if (kh_units_unit_state (pred, year - 1) == NULL
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
          const State *state = kh_units_unit_state (unit, year);

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
  const State *a = kh_units_unit_state (was, year), *b = kh_units_unit_state (now, year);
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
      if (g_strcmp0 (a->short_name, b->short_name) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_SHORT_NAME),
                       _("unit “%s” has the short name “%s” in %d, which is sealed: it cannot "
                         "become “%s” there (a short name from a later year goes in a table "
                         "with one row per unit and year: %s)"),
                       now->id, or_none (a->short_name), year, or_none (b->short_name),
                       YEAR_LAYOUT);
      if (g_strcmp0 (a->parent_id, b->parent_id) != 0)
        kh_problem_at (im->problems, im->name, line, column_of (im, COL_PARENT),
                       _("unit “%s” belongs to “%s” in %d, which is sealed: its parent cannot "
                         "become “%s” there"),
                       now->id, or_none (a->parent_id), year, or_none (b->parent_id));
    }
  if (!kh_units_strings_equal (kh_units_unit_links (was, year), kh_units_unit_links (now, year)))
    kh_problem_at (im->problems, im->name, line,
                   column_of (im, im->per_year ? COL_PREDECESSORS : COL_SUCCESSOR),
                   _("the units that “%s” continues in %d cannot change: %d is sealed"), now->id,
                   year, year);
}

static void
check_sealed (Import *im)
{
  g_autoptr (GArray) years = kh_units_sorted_years (im->years);

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
          sealed_rows |= kh_units_unit_state (was, year) != NULL;
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
  KhDbStmt *category, *group, *unit, *refs, *insert_year, *update_year, *delete_year,
    *delete_links, *insert_link, *delete_aliases, *insert_alias;
} Statements;

static void
statements_clear (Statements *st)
{
  g_clear_pointer (&st->category, kh_db_stmt_free);
  g_clear_pointer (&st->group, kh_db_stmt_free);
  g_clear_pointer (&st->unit, kh_db_stmt_free);
  g_clear_pointer (&st->refs, kh_db_stmt_free);
  g_clear_pointer (&st->insert_year, kh_db_stmt_free);
  g_clear_pointer (&st->update_year, kh_db_stmt_free);
  g_clear_pointer (&st->delete_year, kh_db_stmt_free);
  g_clear_pointer (&st->delete_links, kh_db_stmt_free);
  g_clear_pointer (&st->insert_link, kh_db_stmt_free);
  g_clear_pointer (&st->delete_aliases, kh_db_stmt_free);
  g_clear_pointer (&st->insert_alias, kh_db_stmt_free);
}

static gboolean
prepare (KhProject  *self,
         const char *sql,
         KhDbStmt  **stmt,
         GError    **error)
{
  *stmt = kh_project_prepare (self, sql, _("storing units"), error);
  return *stmt != NULL;
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
                     "name_zh_tw, name_en, group_id, short_name, position) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "(SELECT COALESCE (MAX (position), 0) + 1 FROM units)) "
                     "ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id, "
                     "from_year = excluded.from_year, until_year = excluded.until_year, "
                     "name_zh = excluded.name_zh, name_zh_tw = excluded.name_zh_tw, "
                     "name_en = excluded.name_en, group_id = excluded.group_id, "
                     "short_name = excluded.short_name",
                     &st->unit, error)
         && prepare (self, "UPDATE units SET parent_id = ?, successor_id = ? WHERE id = ?",
                     &st->refs, error)
         && prepare (self,
                     "INSERT INTO unit_years (name_zh, name_zh_tw, name_en, group_id, parent_id, "
                     "short_name, unit_id, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     &st->insert_year, error)
         && prepare (self,
                     "UPDATE unit_years SET name_zh = ?, name_zh_tw = ?, name_en = ?, "
                     "group_id = ?, parent_id = ?, short_name = ? WHERE unit_id = ? AND year = ?",
                     &st->update_year, error)
         && prepare (self, "DELETE FROM unit_years WHERE unit_id = ? AND year = ?",
                     &st->delete_year, error)
         && prepare (self, "DELETE FROM unit_links WHERE unit_id = ? AND year = ?",
                     &st->delete_links, error)
         && prepare (self,
                     "INSERT INTO unit_links (year, unit_id, predecessor_id, position) "
                     "VALUES (?, ?, ?, ?)",
                     &st->insert_link, error)
         && prepare (self, "DELETE FROM unit_aliases WHERE unit_id = ?", &st->delete_aliases,
                     error)
         && prepare (self, "INSERT INTO unit_aliases (unit_id, alias, position) VALUES (?, ?, ?)",
                     &st->insert_alias, error);
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
  kh_db_bind_text (st->group, 1, state->group_id);
  kh_db_bind_text (st->group, 2, unit->category_id);
  kh_db_bind_text (st->group, 3, state->group_id);
  return kh_units_run (self, st->group, error);
}

/* The unit's identity, life span and latest state (references come later, when every
 * unit of the table exists). */
static gboolean
write_unit (KhProject  *self,
            Statements *st,
            const Unit *unit,
            GError    **error)
{
  kh_db_bind_text (st->category, 1, unit->category_id);
  kh_db_bind_text (st->category, 2, unit->category_id);
  if (!kh_units_run (self, st->category, error) || !write_group (self, st, unit, unit->latest, error))
    return FALSE;
  kh_db_bind_text (st->unit, 1, unit->id);
  kh_db_bind_text (st->unit, 2, unit->category_id);
  for (int k = 0; k < 2; k++)
    {
      int year = k == 0 ? unit->from_year : unit->until_year;

      if (year != 0)
        kh_db_bind_int64 (st->unit, 3 + k, year);
      else
        kh_db_bind_null (st->unit, 3 + k);
    }
  kh_project_bind_text_or_null_db (st->unit, 5, or_none (unit->latest->name_zh));
  kh_project_bind_text_or_null_db (st->unit, 6, unit->latest->name_zh_tw);
  kh_project_bind_text_or_null_db (st->unit, 7, unit->latest->name_en);
  kh_project_bind_text_or_null_db (st->unit, 8, unit->latest->group_id);
  kh_project_bind_text_or_null_db (st->unit, 9, unit->latest->short_name);
  return kh_units_run (self, st->unit, error);
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

  kh_project_bind_text_or_null_db (st->refs, 1, now->latest->parent_id);
  kh_project_bind_text_or_null_db (st->refs, 2, now->successor_id);
  kh_db_bind_text (st->refs, 3, now->id);
  if (!kh_units_run (self, st->refs, error))
    return FALSE;
  if (!kh_units_strings_equal (was != NULL ? was->aliases : NULL, now->aliases))
    {
      kh_db_bind_text (st->delete_aliases, 1, now->id);
      if (!kh_units_run (self, st->delete_aliases, error))
        return FALSE;
      for (guint a = 0; a < now->aliases->len; a++)
        {
          kh_db_bind_text (st->insert_alias, 1, now->id);
          kh_db_bind_text (st->insert_alias, 2, now->aliases->pdata[a]);
          kh_db_bind_int64 (st->insert_alias, 3, (int) a + 1);
          if (!kh_units_run (self, st->insert_alias, error))
            return FALSE;
        }
    }

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
  years = kh_units_sorted_years (all);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      const State *a = kh_units_unit_state (was, year), *b = kh_units_unit_state (now, year);
      GPtrArray *links = kh_units_unit_links (now, year);
      KhDbStmt *stmt = NULL;

      if (!kh_units_state_equal (a, b))
        {
          stmt = b == NULL ? st->delete_year : a == NULL ? st->insert_year : st->update_year;
          if (b != NULL)
            {
              if (!write_group (self, st, now, b, error))
                return FALSE;
              kh_units_bind (stmt, 1, b);
            }
          kh_db_bind_text (stmt, b != NULL ? 7 : 1, now->id);
          kh_db_bind_int64 (stmt, b != NULL ? 8 : 2, year);
          if (!kh_units_run (self, stmt, error))
            return FALSE;
        }
      if (kh_units_strings_equal (kh_units_unit_links (was, year), links))
        continue;
      kh_db_bind_text (st->delete_links, 1, now->id);
      kh_db_bind_int64 (st->delete_links, 2, year);
      if (!kh_units_run (self, st->delete_links, error))
        return FALSE;
      for (guint p = 0; links != NULL && p < links->len; p++)
        {
          kh_db_bind_int64 (st->insert_link, 1, year);
          kh_db_bind_text (st->insert_link, 2, now->id);
          kh_db_bind_text (st->insert_link, 3, links->pdata[p]);
          kh_db_bind_int64 (st->insert_link, 4, (int) p + 1);
          if (!kh_units_run (self, st->insert_link, error))
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
  return ok && kh_project_audit_append (self, "units", 0, im->detail->str, NULL, error);
}

/* write_import() in kh_project_transaction(): it changes nothing of @user_data. */
static gboolean
write_import_cb (KhProject *self,
                 gpointer   user_data,
                 GError   **error)
{
  return write_import (user_data, error);
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
  im.stored = kh_units_load_all (self, error);
  if (im.stored == NULL)
    goto out;
  im.years = kh_units_load_years (self, error);
  if (im.years == NULL)
    goto out;
  im.desired = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) kh_units_unit_free);
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
  /* On PostgreSQL run again when another change was saved first. */
  ok = kh_project_transaction (self, write_import_cb, &im, error);

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

