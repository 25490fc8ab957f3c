/* kh-table.c — data tables as records: wide and long layouts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-io-error.h"
#include "kh-table.h"

static void
record_clear (gpointer data)
{
  KhRecord *record = data;

  g_free (record->unit);
  g_free (record->field);
}

void
kh_record_set_free (KhRecordSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->records);
  g_ptr_array_unref (set->fields);
  g_hash_table_unref (set->unit_names);
  g_hash_table_unref (set->unit_groups);
  g_free (set->encoding);
  g_free (set);
}

KhRecordSet *
kh_record_set_new (KhTableLayout layout,
                   const char   *encoding)
{
  KhRecordSet *set = g_new0 (KhRecordSet, 1);

  set->layout = layout;
  set->records = g_array_new (FALSE, TRUE, sizeof (KhRecord));
  g_array_set_clear_func (set->records, record_clear);
  set->fields = g_ptr_array_new_with_free_func (g_free);
  set->unit_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set->unit_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set->encoding = g_strdup (encoding);
  return set;
}

/* "16,355.3" → "16355.3" when the commas group thousands; NULL otherwise. */
static char *
ungroup_thousands (const char *s)
{
  const char *p = s;
  const char *dot = NULL;
  guint digits = 0;
  gboolean grouped = FALSE;
  GString *out = g_string_new (NULL);

  if (*p == '+' || *p == '-')
    g_string_append_c (out, *p++);
  for (; *p != '\0' && *p != '.'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++, g_string_append_c (out, *p);
      else if (*p == ',' && digits >= 1 && (grouped ? digits == 3 : digits <= 3))
        grouped = TRUE, digits = 0;
      else
        return g_string_free (out, TRUE), NULL;
    }
  dot = p;
  if (!grouped || digits != 3)
    return g_string_free (out, TRUE), NULL;
  g_string_append (out, dot);
  return g_string_free (out, FALSE);
}

gboolean
kh_table_parse_number (const char *text,
                       double     *value)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *ungrouped = NULL;
  const char *s;
  char *end = NULL;
  double v;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  s = trimmed;
  if (strchr (s, ',') != NULL)
    {
      ungrouped = ungroup_thousands (s);
      if (ungrouped == NULL)
        return FALSE;
      s = ungrouped;
    }
  /* Only plain decimal notation: no hex, inf or nan, which strtod would accept. */
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-.eE", *p) == NULL)
      return FALSE;

  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

typedef struct
{
  const char *name;
  GString *problems;
  GHashTable *seen; /* "unit\x1Fyear\x1Ffield" → "row R, column C" */
  KhRecordSet *set;
} Builder;

static const char *
cell_at (GPtrArray *row,
         guint      index)
{
  return index < row->len ? g_ptr_array_index (row, index) : "";
}

static gboolean
header_is (const char *cell,
           const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (cell));

  return g_ascii_strcasecmp (trimmed, name) == 0;
}

static void
add_field (KhRecordSet *set,
           const char  *field)
{
  for (guint i = 0; i < set->fields->len; i++)
    if (strcmp (g_ptr_array_index (set->fields, i), field) == 0)
      return;
  g_ptr_array_add (set->fields, g_strdup (field));
}

static void
add_record (Builder    *b,
            guint       row,
            guint       column,
            const char *unit,
            int         year,
            const char *field,
            const char *text)
{
  g_autofree char *key = g_strdup_printf ("%s\x1F%d\x1F%s", unit, year, field);
  const char *first = g_hash_table_lookup (b->seen, key);
  KhRecord record = { 0 };
  double value;

  if (!kh_table_parse_number (text, &value))
    {
      kh_problem_at (b->problems, b->name, row, column, _("“%s” is not a number"), text);
      return;
    }
  if (first != NULL)
    {
      kh_problem_at (b->problems, b->name,
                     row, column, _("second value for unit “%s”, field “%s” (the first is at %s)"),
                     unit, field, first);
      return;
    }
  g_hash_table_insert (b->seen, g_steal_pointer (&key),
                       g_strdup_printf (_("row %u, column %u"), row, column));
  record.row = row;
  record.column = column;
  record.unit = g_strdup (unit);
  record.year = year;
  record.field = g_strdup (field);
  record.value = value;
  g_array_append_val (b->set->records, record);
  add_field (b->set, field);
}

/* Parses a year cell; 0 with a problem recorded when it is not a year. */
static int
parse_year (Builder    *b,
            guint       row,
            guint       column,
            const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 year = 0;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 1900, 2999, &year, NULL))
    {
      kh_problem_at (b->problems, b->name, row, column, _("“%s” is not a year"), text);
      return 0;
    }
  return (int) year;
}

static gboolean
row_is_empty (GPtrArray *row)
{
  for (guint i = 0; i < row->len; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (g_ptr_array_index (row, i)));

      if (trimmed[0] != '\0')
        return FALSE;
    }
  return TRUE;
}

static void
read_wide (Builder    *b,
           KhCsvTable *table)
{
  GPtrArray *header = g_ptr_array_index (table->rows, 0);
  guint header_line = g_array_index (table->lines, guint, 0);
  g_autofree int *role = g_new0 (int, header->len); /* 0 field, 1 unit, 2–4 year/name/group, 5 duplicate, 6 no header */
  g_autoptr (GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int year_column = -1, name_column = -1, group_column = -1;

  role[0] = 1;
  for (guint j = 1; j < header->len; j++)
    {
      const char *h = g_ptr_array_index (header, j);
      g_autofree char *id = g_strstrip (g_strdup (h));
      static const char *const special[] = { "year", "name", "group" };
      int *target[] = { &year_column, &name_column, &group_column };
      gboolean is_special = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (special); k++)
        if (header_is (h, special[k]))
          {
            is_special = TRUE;
            if (*target[k] >= 0)
              kh_problem_at (b->problems, b->name,
                             header_line, j + 1, _("second “%s” column"), special[k]);
            *target[k] = j;
            role[j] = 2 + k;
          }
      if (is_special)
        continue;
      if (id[0] == '\0')
        role[j] = 6; /* only values below an empty header are reported */
      else if (g_hash_table_contains (columns, id))
        kh_problem_at (b->problems, b->name,
                       header_line, j + 1, _("second column for field “%s” (the first is column %u)"),
                       id, GPOINTER_TO_UINT (g_hash_table_lookup (columns, id)));
      if (role[j] == 6)
        continue;
      if (g_hash_table_contains (columns, id))
        role[j] = 5; /* reported: not read */
      else
        g_hash_table_insert (columns, g_strdup (id), GUINT_TO_POINTER (j + 1));
    }

  for (guint i = 1; i < table->rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, i);
      guint line = g_array_index (table->lines, guint, i);
      g_autofree char *unit = g_strstrip (g_strdup (cell_at (row, 0)));
      int year = 0;

      if (row_is_empty (row))
        continue;
      if (unit[0] == '\0')
        {
          kh_problem_at (b->problems, b->name, line, 1, _("the unit is empty"));
          continue;
        }
      for (guint j = header->len; j < row->len; j++)
        if (!header_is (g_ptr_array_index (row, j), ""))
          kh_problem_at (b->problems, b->name,
                         line, j + 1, _("value in a column without a header"));
      if (year_column >= 0 && (year = parse_year (b, line, year_column + 1,
                                                  cell_at (row, year_column))) == 0)
        continue;
      if (name_column >= 0 && !header_is (cell_at (row, name_column), ""))
        g_hash_table_replace (b->set->unit_names, g_strdup (unit),
                              g_strstrip (g_strdup (cell_at (row, name_column))));
      if (group_column >= 0 && !header_is (cell_at (row, group_column), ""))
        g_hash_table_replace (b->set->unit_groups, g_strdup (unit),
                              g_strstrip (g_strdup (cell_at (row, group_column))));
      for (guint j = 1; j < header->len; j++)
        {
          g_autofree char *field = NULL;

          if (role[j] == 6 && !header_is (cell_at (row, j), ""))
            kh_problem_at (b->problems, b->name,
                           line, j + 1, _("value in a column without a header"));
          if (role[j] != 0)
            continue;
          field = g_strstrip (g_strdup (g_ptr_array_index (header, j)));
          if (field[0] != '\0')
            add_record (b, line, j + 1, unit, year, field, cell_at (row, j));
        }
    }
}

static void
read_long (Builder    *b,
           KhCsvTable *table)
{
  for (guint i = 1; i < table->rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, i);
      guint line = g_array_index (table->lines, guint, i);
      g_autofree char *unit = g_strstrip (g_strdup (cell_at (row, 0)));
      g_autofree char *field = g_strstrip (g_strdup (cell_at (row, 2)));
      int year;

      if (row_is_empty (row))
        continue;
      if (row->len > 4)
        for (guint j = 4; j < row->len; j++)
          if (!header_is (g_ptr_array_index (row, j), ""))
            kh_problem_at (b->problems, b->name,
                           line, j + 1, _("value in a column without a header"));
      if (unit[0] == '\0')
        {
          kh_problem_at (b->problems, b->name, line, 1, _("the unit is empty"));
          continue;
        }
      year = parse_year (b, line, 2, cell_at (row, 1));
      if (field[0] == '\0')
        {
          kh_problem_at (b->problems, b->name, line, 3, _("the indicator is empty"));
          continue;
        }
      if (year != 0)
        add_record (b, line, 4, unit, year, field, cell_at (row, 3));
    }
}

KhRecordSet *
kh_record_set_from_table (KhCsvTable  *table,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr (KhRecordSet) set = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autoptr (GString) problems = NULL;
  GPtrArray *header;
  Builder b = { 0 };

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<data>";

  if (table->rows->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: the table is empty"),
                   display_name);
      return NULL;
    }
  header = g_ptr_array_index (table->rows, 0);
  if (header->len == 0 || !header_is (g_ptr_array_index (header, 0), "unit"))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: row %u, column 1: the header must start with “unit” (wide layout: "
                     "unit,[year,name,group,]FIELD…; long layout: unit,year,indicator,value)"),
                   display_name, g_array_index (table->lines, guint, 0));
      return NULL;
    }

  problems = g_string_new (NULL);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b.name = display_name;
  b.problems = problems;
  b.seen = seen;

  if (header->len >= 4 && header_is (g_ptr_array_index (header, 1), "year")
      && (header_is (g_ptr_array_index (header, 2), "indicator")
          || header_is (g_ptr_array_index (header, 2), "field"))
      && header_is (g_ptr_array_index (header, 3), "value"))
    {
      set = kh_record_set_new (KH_TABLE_LONG, table->encoding);
      b.set = set;
      read_long (&b, table);
    }
  else
    {
      set = kh_record_set_new (KH_TABLE_WIDE, table->encoding);
      b.set = set;
      read_wide (&b, table);
    }

  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return NULL;
    }
  return g_steal_pointer (&set);
}
