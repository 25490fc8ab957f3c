/* kh-table.c — data tables as records: wide and long layouts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers and headers of single cells are read in kh-table-cells.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kh-io-error.h"
#include "kh-io-work.h"
#include "kh-suggest.h"
#include "kh-table.h"

/* What a record costs: itself, plus what the project's import keeps per record: its
 * resolved unit (8 bytes), its place in the order of the key (4) and its slot in the set
 * of cells stored (under 4 × 8/3: at most 3/4 full, a power of two). */
#define RECORD_COST (sizeof (KhRecord) + 24u)

void
kh_record_set_free (KhRecordSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->records);
  g_ptr_array_unref (set->fields);
  g_hash_table_unref (set->unit_names);
  g_hash_table_unref (set->unit_groups);
  g_hash_table_unref (set->field_set);
  g_ptr_array_unref (set->ignored);
  g_string_chunk_free (set->strings);
  kh_problems_clear (&set->notices);
  g_clear_pointer (&set->rejected, g_hash_table_unref);
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
  set->fields = g_ptr_array_new_with_free_func (g_free);
  set->unit_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set->unit_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set->field_set = g_hash_table_new (g_direct_hash, g_direct_equal);
  set->ignored = g_ptr_array_new_with_free_func (g_free);
  set->strings = g_string_chunk_new (4096);
  set->encoding = g_strdup (encoding);
  kh_problems_init (&set->notices);
  /* A set not read from a file (the project's values) has no budget to keep. */
  set->unit_column = 1;
  set->budget.limit = G_MAXUINT64;
  set->budget.name = "<data>";
  return set;
}

const char *
kh_record_set_intern (KhRecordSet *set,
                      const char  *text)
{
  g_return_val_if_fail (set != NULL && text != NULL, NULL);

  KH_IO_WORK_ADD (probes, 1);
  return g_string_chunk_insert_const (set->strings, text);
}

KhRecord *
kh_record_set_add (KhRecordSet *set,
                   guint        row,
                   guint        column,
                   const char  *unit,
                   int          year,
                   const char  *field,
                   double       value)
{
  KhRecord record = { 0 };

  g_return_val_if_fail (set != NULL && unit != NULL && field != NULL, NULL);
  g_return_val_if_fail (year == 0 || (year > 0 && year < 4096), NULL);

  record.unit = kh_record_set_intern (set, unit);
  record.field = kh_record_set_intern (set, field);
  record.value = value;
  record.row = row;
  record.column = MIN (column, (1u << 20) - 1);
  record.year = (guint32) year;
  g_array_append_val (set->records, record);
  KH_IO_WORK_ADD (probes, 1);
  if (g_hash_table_add (set->field_set, (gpointer) record.field))
    g_ptr_array_add (set->fields, g_strdup (record.field));
  return &g_array_index (set->records, KhRecord, set->records->len - 1);
}

static void
string_free (gpointer text)
{
  g_string_free (text, TRUE);
}

gboolean
kh_record_set_reject (KhRecordSet *set,
                      guint        row,
                      guint        column,
                      const char  *message,
                      GError     **error)
{
  GString *text;

  g_return_val_if_fail (set != NULL && message != NULL, FALSE);

  if (!kh_io_budget_charge (&set->budget, strlen (message) + 64, error))
    return FALSE;
  if (set->rejected == NULL)
    set->rejected = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                           string_free);
  text = g_hash_table_lookup (set->rejected, GUINT_TO_POINTER (row));
  if (text == NULL)
    g_hash_table_insert (set->rejected, GUINT_TO_POINTER (row), text = g_string_new (NULL));
  else
    g_string_append (text, "; ");
  g_string_append_printf (text, _("column %u: %s"), column, message);
  return TRUE;
}

guint
kh_record_set_drop_rejected (KhRecordSet *set)
{
  guint kept = 0, n;

  g_return_val_if_fail (set != NULL, 0);

  if (set->rejected == NULL)
    return 0;
  n = set->records->len;
  for (guint i = 0; i < n; i++)
    {
      KhRecord *r = &g_array_index (set->records, KhRecord, i);

      if (g_hash_table_contains (set->rejected, GUINT_TO_POINTER (r->row)))
        continue;
      if (kept != i)
        g_array_index (set->records, KhRecord, kept) = *r;
      kept++;
    }
  g_array_set_size (set->records, kept);
  return n - kept;
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

GArray *
kh_record_set_rejected_rows (KhRecordSet *set)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (set != NULL, rows);

  if (set->rejected == NULL)
    return rows;
  g_hash_table_iter_init (&iter, set->rejected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint row = GPOINTER_TO_UINT (key);

      g_array_append_val (rows, row);
    }
  g_array_sort (rows, compare_uint);
  return rows;
}

KhTableOptions *
kh_table_options_new (void)
{
  KhTableOptions *options = g_new0 (KhTableOptions, 1);

  options->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  options->known_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  options->units_of_measure = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  options->suggest = kh_suggest_new ();
  return options;
}

void
kh_table_options_free (KhTableOptions *options)
{
  if (options == NULL)
    return;
  g_clear_pointer (&options->columns, g_hash_table_unref);
  g_clear_pointer (&options->known_fields, g_hash_table_unref);
  g_clear_pointer (&options->units_of_measure, g_hash_table_unref);
  g_clear_pointer (&options->suggest, kh_suggest_free);
  g_free (options);
}

char *
kh_record_set_get_notices (KhRecordSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return kh_problems_finish (&set->notices);
}

/* ------------------------------------------------------------------------------------
 * Headers
 */

static const char *const unit_headers[] = { "unit", "单位", "單位", "单位名称", "單位名稱", NULL };
static const char *const year_headers[] = { "year", "年份", "年度", NULL };
static const char *const name_headers[] = { "name", "名称", "名稱", NULL };
static const char *const group_headers[] = { "group", "分组", "分組", "组别", "組別", NULL };
static const char *const indicator_headers[] = { "indicator", "field", "指标", "指標", "字段", NULL };
static const char *const value_headers[] = { "value", "数值", "數值", "值", NULL };

static gboolean
header_in (const char        *cell,
           const char *const *names)
{
  g_autofree char *h = kh_table_normalize_header (cell);

  for (guint i = 0; names[i] != NULL; i++)
    {
      KH_IO_WORK_ADD (compares, 1);
      if (strcmp (h, names[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
blank (const char *cell)
{
  for (; *cell != '\0'; cell++)
    if (!g_ascii_isspace (*cell))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------------------
 * Building records
 */

typedef struct
{
  const char *name;
  KhProblems *problems;
  KhRecordSet *set;
  KhCsvTable *table;
  const KhTableOptions *options;
  GError *limit;      /* the budget ran out */
  guint forms_seen;   /* KhNumberForm bits already noted */
  /* Long layout: open-addressing set of record indices + 1, keyed by unit, year, field. */
  guint32 *slots;
  gsize n_slots, n_used;
  GHashTable *ignored; /* long layout: indicators already noted as ignored */
  guint header_line;   /* the file row of the header */
  gboolean is_long;
  /* Wide layout: what the header says of each column. */
  guint unit_column;   /* 0-based */
  guint width;
  int *role;
  const char **field_of;
  GHashTable *columns;   /* interned field → its 1-based column */
  GHashTable *unit_rows; /* "year\x1Funit" → the unit's first row */
  int special[3];        /* year, name, group */
} Builder;

static void G_GNUC_PRINTF (4, 5)
problem (Builder    *b,
         guint       row,
         guint       column,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  gboolean aside = b->options != NULL && b->options->partial && row != b->header_line;
  va_list args;

  if (!aside && b->problems->n >= KH_PROBLEMS_MAX)
    {
      b->problems->n++;
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* A partial reading sets a data row's problems aside with the row. */
  if (aside)
    {
      if (b->limit == NULL)
        kh_record_set_reject (b->set, row, column, message, &b->limit);
      return;
    }
  kh_problems_add (b->problems, _("%s: row %u, column %u: %s"), b->name, row, column, message);
}

static guint
record_hash (const KhRecord *r)
{
  /* By the strings' contents, not their addresses: the same input then probes the same
   * slots in every run (the interned strings' addresses vary with ASLR and malloc), so
   * the work counted for it is reproducible. */
  guint64 h = (guint64) g_str_hash (r->unit) * 0x9E3779B97F4A7C15ull;

  h ^= (guint64) g_str_hash (r->field) * 0xC2B2AE3D27D4EB4Full;
  h ^= (guint64) r->year * 0x165667B19E3779F9ull;
  return (guint) (h ^ (h >> 29));
}

/* The index + 1 of an earlier record of the same unit, year and field, or 0 after
 * remembering @index. Interned strings compare by address. */
static guint
seen_before (Builder *b,
             guint    index)
{
  const KhRecord *r = &g_array_index (b->set->records, KhRecord, index);
  gsize i;

  if (b->n_used * 2 >= b->n_slots)
    {
      gsize old_n = b->n_slots;
      guint32 *old = b->slots;

      b->n_slots = MAX (old_n * 2, 1024);
      b->slots = g_new0 (guint32, b->n_slots);
      b->n_used = 0;
      for (gsize k = 0; k < old_n; k++)
        if (old[k] != 0)
          {
            gsize j = record_hash (&g_array_index (b->set->records, KhRecord, old[k] - 1))
                      & (b->n_slots - 1);

            KH_IO_WORK_ADD (probes, 1);
            while (b->slots[j] != 0)
              {
                KH_IO_WORK_ADD (probes, 1);
                j = (j + 1) & (b->n_slots - 1);
              }
            b->slots[j] = old[k];
            b->n_used++;
          }
      g_free (old);
    }
  for (i = record_hash (r) & (b->n_slots - 1); b->slots[i] != 0; i = (i + 1) & (b->n_slots - 1))
    {
      const KhRecord *o = &g_array_index (b->set->records, KhRecord, b->slots[i] - 1);

      KH_IO_WORK_ADD (probes, 1);
      if (o->unit == r->unit && o->field == r->field && o->year == r->year)
        return b->slots[i];
    }
  b->slots[i] = index + 1;
  b->n_used++;
  return 0;
}

/* The first cell of each kind of lenient reading is noted. */
static gboolean
first_of (Builder     *b,
          KhNumberForm form,
          KhNumberForm kind)
{
  if ((form & kind) == 0 || (b->forms_seen & kind) != 0)
    return FALSE;
  b->forms_seen |= kind;
  return TRUE;
}

static void
note_form (Builder     *b,
           KhNumberForm form,
           guint        row,
           guint        column,
           const char  *text)
{
  KhProblems *n = &b->set->notices;

  if (first_of (b, form, KH_NUMBER_MISSING))
    kh_problems_add (n, _("%s: row %u, column %u: “%s” read as a missing value (so are "
                          "n/a, —, -, 无 and /)"),
                     b->name, row, column, text);
  if (first_of (b, form, KH_NUMBER_GROUPED))
    kh_problems_add (n, _("%s: row %u, column %u: “%s” read with thousands separators"),
                     b->name, row, column, text);
  if (first_of (b, form, KH_NUMBER_FULLWIDTH))
    kh_problems_add (n, _("%s: row %u, column %u: “%s” read from full-width characters"),
                     b->name, row, column, text);
  if (first_of (b, form, KH_NUMBER_PERCENT))
    kh_problems_add (n, _("%s: row %u, column %u: “%s” read as a percentage (the field is in %%)"),
                     b->name, row, column, text);
}

static gboolean
percent_field (Builder    *b,
               const char *field)
{
  const char *unit = b->options != NULL && b->options->units_of_measure != NULL
                       ? g_hash_table_lookup (b->options->units_of_measure, field)
                       : NULL;

  return unit != NULL && strcmp (unit, "%") == 0;
}

static void
add_record (Builder    *b,
            guint       row,
            guint       column,
            const char *unit,
            int         year,
            const char *field,
            const char *text,
            gboolean    check_duplicate)
{
  KhNumberForm form = KH_NUMBER_PLAIN;
  double value;
  guint first;

  if (b->limit != NULL)
    return;
  if (!kh_table_read_number (text, percent_field (b, field), &value, &form))
    {
      g_autofree char *narrow = g_strstrip (g_strdup (text));
      gsize len = strlen (narrow);

      if (len > 1 && narrow[len - 1] == '%')
        problem (b, row, column,
                 _("“%s” is a percentage, but field “%s” is not measured in %% (write the "
                   "number in the field's unit)"),
                 text, field);
      else
        problem (b, row, column, _("“%s” is not a number"), text);
      return;
    }
  note_form (b, form, row, column, text);
  if (!kh_io_budget_charge (&b->set->budget, RECORD_COST, &b->limit))
    return;
  kh_record_set_add (b->set, row, column, unit, year, field, value);
  if (!check_duplicate)
    return;
  first = seen_before (b, b->set->records->len - 1);
  if (first != 0)
    {
      const KhRecord *f = &g_array_index (b->set->records, KhRecord, first - 1);

      problem (b, row, column,
               _("second value for unit “%s”, field “%s” (the first is at row %u, column %u)"),
               unit, field, f->row, (guint) f->column);
      g_array_set_size (b->set->records, b->set->records->len - 1);
    }
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
      problem (b, row, column, _("“%s” is not a year"), text);
      return 0;
    }
  return (int) year;
}

enum
{
  ROLE_FIELD,
  ROLE_UNIT,
  ROLE_YEAR,
  ROLE_NAME,
  ROLE_GROUP,
  ROLE_SKIP,      /* a reported duplicate, or an ignored column */
  ROLE_NO_HEADER, /* only values below an empty header are reported */
};

/* The field a header names: mapped, or the header itself when it is a known field (or
 * every header is a field); NULL when the column is to be ignored. */
static const char *
header_field (Builder    *b,
              const char *header,
              const char *stripped)
{
  const KhTableOptions *o = b->options;
  const char *mapped;

  if (o != NULL && o->columns != NULL)
    {
      g_autofree char *key = kh_table_normalize_header (header);

      KH_IO_WORK_ADD (probes, 2);
      mapped = g_hash_table_lookup (o->columns, key);
      if (mapped == NULL)
        mapped = g_hash_table_lookup (o->columns, stripped);
      if (mapped != NULL)
        return mapped[0] != '\0' ? mapped : NULL;
    }
  KH_IO_WORK_ADD (probes, 1);
  if (o == NULL || o->known_fields == NULL || g_hash_table_contains (o->known_fields, stripped))
    return stripped;
  return NULL;
}

/* "column “备注” ignored", with "did you mean" when a field's name is near. Only listed
 * notices look for a suggestion, so a sheet of 100,000 columns costs no more. */
static void
note_ignored (Builder    *b,
              guint       row,
              guint       column,
              const char *header,
              gboolean    indicator)
{
  KhProblems *n = &b->set->notices;
  const char *id = NULL;
  const char *near = NULL;

  if (n->n < KH_PROBLEMS_MAX && b->options != NULL && b->options->suggest != NULL)
    near = kh_suggest_nearest (b->options->suggest, header, &id);
  if (near != NULL && indicator)
    kh_problems_add (n, _("%s: row %u, column %u: indicator “%s” ignored (did you mean “%s”, "
                          "field %s?)"),
                     b->name, row, column, header, near, id);
  else if (near != NULL)
    kh_problems_add (n, _("%s: row %u, column %u: column “%s” ignored (did you mean “%s”, "
                          "field %s?)"),
                     b->name, row, column, header, near, id);
  else if (indicator)
    kh_problems_add (n, _("%s: row %u, column %u: indicator “%s” ignored"), b->name, row,
                     column, header);
  else
    kh_problems_add (n, _("%s: row %u, column %u: column “%s” ignored"), b->name, row, column,
                     header);
}

/* The header of a wide sheet: each column's role. */
static void
wide_header (Builder *b)
{
  KhCsvTable *t = b->table;
  guint unit_column = b->unit_column;
  guint width = b->width = kh_csv_table_width (t, 0);
  guint header_line = kh_csv_table_line (t, 0);
  int *role = b->role = g_new0 (int, width);
  const char **field_of = b->field_of = g_new0 (const char *, width);
  GHashTable *columns = b->columns = g_hash_table_new (g_str_hash, g_str_equal);
  int *special = b->special;
  const char *const *special_names[3] = { year_headers, name_headers, group_headers };

  b->unit_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  special[0] = special[1] = special[2] = -1;

  for (guint j = 0; j < width; j++)
    {
      const char *h = kh_csv_table_cell (t, 0, j);
      g_autofree char *id = g_strstrip (g_strdup (h));
      const char *field;
      gboolean is_special = FALSE;

      if (j == unit_column)
        {
          role[j] = ROLE_UNIT;
          continue;
        }
      for (guint k = 0; k < 3; k++)
        if (header_in (h, special_names[k]))
          {
            is_special = TRUE;
            if (special[k] >= 0)
              problem (b, header_line, j + 1, _("second “%s” column"), special_names[k][0]);
            special[k] = (int) j;
            role[j] = ROLE_YEAR + (int) k;
          }
      if (is_special)
        continue;
      if (id[0] == '\0')
        {
          role[j] = ROLE_NO_HEADER;
          continue;
        }
      field = header_field (b, h, id);
      if (field == NULL)
        {
          role[j] = ROLE_SKIP;
          g_ptr_array_add (b->set->ignored, g_strdup (id));
          note_ignored (b, header_line, j + 1, id, FALSE);
          continue;
        }
      field = kh_record_set_intern (b->set, field);
      KH_IO_WORK_ADD (probes, 1);
      if (g_hash_table_contains (columns, field))
        {
          problem (b, header_line, j + 1,
                   _("second column for field “%s” (the first is column %u)"), field,
                   GPOINTER_TO_UINT (g_hash_table_lookup (columns, field)));
          role[j] = ROLE_SKIP;
          continue;
        }
      g_hash_table_insert (columns, (gpointer) field, GUINT_TO_POINTER (j + 1));
      field_of[j] = field;
    }
}

/* Row @i of a wide sheet. */
static void
wide_row (Builder *b,
          guint    i)
{
  KhCsvTable *t = b->table;
  guint unit_column = b->unit_column;
  guint width = b->width;
  const int *role = b->role;
  const char *const *field_of = b->field_of;
  const int *special = b->special;
  guint line = kh_csv_table_line (t, i);
  g_autofree char *stripped = g_strstrip (g_strdup (kh_csv_table_cell (t, i, unit_column)));
  g_autofree char *key = NULL;
  guint n_cells = 0;
  const KhCsvCell *cells = kh_csv_table_row_cells (t, i, &n_cells);
  const char *unit;
  const char *first_row;
  int year = 0;

  KH_IO_WORK_ADD (rows, 1);
  if (stripped[0] == '\0')
    {
      problem (b, line, unit_column + 1, _("the unit is empty"));
      return;
    }
  unit = kh_record_set_intern (b->set, stripped);
  KH_IO_WORK_ADD (cells, n_cells);
  for (guint c = 0; c < n_cells; c++)
    if (cells[c].column >= width && !blank (kh_csv_table_text (t, &cells[c])))
      problem (b, line, cells[c].column + 1, _("value in a column without a header"));
  if (special[0] >= 0
      && (year = parse_year (b, line, special[0] + 1, kh_csv_table_cell (t, i, special[0])))
           == 0)
    return;
  if (special[1] >= 0 && !blank (kh_csv_table_cell (t, i, special[1])))
    g_hash_table_replace (b->set->unit_names, g_strdup (unit),
                          g_strstrip (g_strdup (kh_csv_table_cell (t, i, special[1]))));
  if (special[2] >= 0 && !blank (kh_csv_table_cell (t, i, special[2])))
    g_hash_table_replace (b->set->unit_groups, g_strdup (unit),
                          g_strstrip (g_strdup (kh_csv_table_cell (t, i, special[2]))));
  /* Header fields are distinct: a value repeats only when a unit's row does. */
  key = g_strdup_printf ("%d\x1F%s", year, unit);
  KH_IO_WORK_ADD (probes, 1);
  first_row = g_hash_table_lookup (b->unit_rows, key);
  if (first_row == NULL)
    {
      if (!kh_io_budget_charge (&b->set->budget, strlen (key) + 64, &b->limit))
        return;
      g_hash_table_insert (b->unit_rows, g_steal_pointer (&key), GUINT_TO_POINTER (line));
    }
  for (guint j = 0; j < width; j++)
    {
      const char *text = kh_csv_table_cell (t, i, j);

      KH_IO_WORK_ADD (cells, 1);
      if (role[j] == ROLE_NO_HEADER && !blank (text))
        problem (b, line, j + 1, _("value in a column without a header"));
      if (role[j] != ROLE_FIELD)
        continue;
      if (first_row != NULL)
        problem (b, line, j + 1,
                 _("second value for unit “%s”, field “%s” (the first is at row %u, column "
                   "%u)"),
                 unit, field_of[j], GPOINTER_TO_UINT (first_row), j + 1);
      else
        add_record (b, line, j + 1, unit, year, field_of[j], text, FALSE);
    }
}

/* Row @i of a long sheet. */
static void
long_row (Builder *b,
          guint    i)
{
  KhCsvTable *t = b->table;
  guint line = kh_csv_table_line (t, i);
  g_autofree char *unit = g_strstrip (g_strdup (kh_csv_table_cell (t, i, 0)));
  g_autofree char *header = g_strstrip (g_strdup (kh_csv_table_cell (t, i, 2)));
  guint n_cells = 0;
  const KhCsvCell *cells = kh_csv_table_row_cells (t, i, &n_cells);
  const char *field;
  int year;

  KH_IO_WORK_ADD (rows, 1);
  KH_IO_WORK_ADD (cells, n_cells);
  for (guint c = 0; c < n_cells; c++)
    if (cells[c].column >= 4 && !blank (kh_csv_table_text (t, &cells[c])))
      problem (b, line, cells[c].column + 1, _("value in a column without a header"));
  if (unit[0] == '\0')
    {
      problem (b, line, 1, _("the unit is empty"));
      return;
    }
  year = parse_year (b, line, 2, kh_csv_table_cell (t, i, 1));
  if (header[0] == '\0')
    {
      problem (b, line, 3, _("the indicator is empty"));
      return;
    }
  field = header_field (b, header, header);
  if (field == NULL)
    {
      /* Noted once per indicator. */
      KH_IO_WORK_ADD (probes, 1);
      if (g_hash_table_add (b->ignored, g_strdup (header)))
        {
          g_ptr_array_add (b->set->ignored, g_strdup (header));
          note_ignored (b, line, 3, header, TRUE);
        }
      return;
    }
  if (year != 0)
    add_record (b, line, 4, unit, year, field, kh_csv_table_cell (t, i, 3), TRUE);
}

KhRecordSet *
kh_record_set_from_table (KhCsvTable  *table,
                          const char  *display_name,
                          GError     **error)
{
  return kh_record_set_from_table_full (table, display_name, NULL, error);
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->slots, g_free);
  g_clear_pointer (&b->ignored, g_hash_table_unref);
  g_clear_pointer (&b->role, g_free);
  g_clear_pointer (&b->field_of, g_free);
  g_clear_pointer (&b->columns, g_hash_table_unref);
  g_clear_pointer (&b->unit_rows, g_hash_table_unref);
  g_clear_error (&b->limit);
  kh_problems_clear (b->problems);
  g_clear_pointer (&b->set, kh_record_set_free);
}

/* Reads @table's header (its first row): the layout, the unit column, each column's role;
 * makes the set. */
static gboolean
builder_start (Builder              *b,
               KhProblems           *problems,
               KhCsvTable           *table,
               const char           *display_name,
               const KhTableOptions *options,
               GError              **error)
{
  guint width, unit_column = G_MAXUINT;

  memset (b, 0, sizeof *b);
  kh_problems_init (problems);
  b->problems = problems;
  b->name = display_name;
  if (kh_csv_table_n_rows (table) == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: the table is empty"),
                   display_name);
      return FALSE;
    }
  width = kh_csv_table_width (table, 0);
  for (guint j = 0; j < width && unit_column == G_MAXUINT; j++)
    if (header_in (kh_csv_table_cell (table, 0, j), unit_headers))
      unit_column = j;
  if (unit_column == G_MAXUINT)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: row %u: the header has no unit column (“unit” or “单位”; wide "
                     "layout: unit,[year,name,group,]FIELD…; long layout: "
                     "unit,year,indicator,value)"),
                   display_name, kh_csv_table_line (table, 0));
      return FALSE;
    }

  b->table = table;
  b->options = options;
  b->ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->header_line = kh_csv_table_line (table, 0);
  b->unit_column = unit_column;
  b->is_long = unit_column == 0 && width == 4
               && header_in (kh_csv_table_cell (table, 0, 1), year_headers)
               && header_in (kh_csv_table_cell (table, 0, 2), indicator_headers)
               && header_in (kh_csv_table_cell (table, 0, 3), value_headers);
  b->set = kh_record_set_new (b->is_long ? KH_TABLE_LONG : KH_TABLE_WIDE, table->encoding);
  /* The set keeps on counting where the table stopped. */
  b->set->budget = table->budget;
  b->set->budget.name = display_name;
  b->set->unit_column = unit_column + 1;
  if (!b->is_long)
    wide_header (b);
  return TRUE;
}

static void
builder_row (Builder *b,
             guint    i)
{
  if (b->is_long)
    long_row (b, i);
  else
    wide_row (b, i);
}

/* The set read, or NULL with every problem found; clears @b. */
static KhRecordSet *
builder_finish (Builder *b,
                GError **error)
{
  KhRecordSet *set = NULL;

  if (b->limit != NULL)
    g_propagate_error (error, g_steal_pointer (&b->limit));
  else if (!kh_problems_propagate (b->problems, KH_IO_ERROR_INVALID, error))
    {
      set = g_steal_pointer (&b->set);
      kh_record_set_drop_rejected (set);
    }
  builder_clear (b);
  return set;
}

KhRecordSet *
kh_record_set_from_table_full (KhCsvTable           *table,
                               const char           *display_name,
                               const KhTableOptions *options,
                               GError              **error)
{
  KhProblems problems;
  Builder b;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<data>";
  if (!builder_start (&b, &problems, table, display_name, options, error))
    return NULL;
  for (guint i = 1; i < kh_csv_table_n_rows (table) && b.limit == NULL; i++)
    builder_row (&b, i);
  return builder_finish (&b, error);
}

/* Streaming: the header starts the builder, then each row is read into records and
 * dropped from the table. */
typedef struct
{
  Builder b;
  KhProblems problems;
  gboolean started;
  const char *name;
  const KhTableOptions *options;
  KhRecordBatchFunc batch_func; /* or NULL: the set keeps every record */
  gpointer batch_data;
} Stream;

/* A wide sheet's records go to the batch function by whole rows, STREAM_BATCH or a few
 * more at a time (2 MB); a long sheet's are kept, its duplicates being found by their
 * records. Once the reader has found a problem they are only dropped: nothing of the
 * file is taken. */
#define STREAM_BATCH 65536u

static gboolean
stream_flush (Stream  *stream,
              GError **error)
{
  KhRecordSet *set = stream->b.set;
  guint n = set->records->len;

  if (stream->b.problems->n == 0 && !stream->batch_func (set, stream->batch_data, error))
    return FALSE;
  g_array_set_size (set->records, 0);
  set->budget.used -= MIN (set->budget.used, (guint64) n * RECORD_COST);
  return TRUE;
}

static gboolean
stream_row (KhCsvTable *table,
            gpointer    data,
            GError    **error)
{
  Stream *stream = data;

  if (!stream->started)
    {
      if (!builder_start (&stream->b, &stream->problems, table, stream->name, stream->options,
                          error))
        return FALSE;
      stream->started = TRUE;
      return TRUE;
    }
  builder_row (&stream->b, 1);
  kh_csv_table_truncate (table, 1);
  if (stream->b.limit != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->b.limit));
      return FALSE;
    }
  if (stream->batch_func != NULL && !stream->b.is_long
      && stream->b.set->records->len >= STREAM_BATCH)
    return stream_flush (stream, error);
  return TRUE;
}

KhRecordSet *
kh_record_set_read_csv (const char           *path,
                        const char           *encoding,
                        const char           *display_name,
                        const KhTableOptions *options,
                        GError              **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options == NULL || !options->partial, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return kh_record_set_read_csv_batches (path, encoding, display_name, options, NULL, NULL,
                                         error);
}

KhRecordSet *
kh_record_set_read_csv_batches (const char           *path,
                                const char           *encoding,
                                const char           *display_name,
                                const KhTableOptions *options,
                                KhRecordBatchFunc     batch_func,
                                gpointer              batch_data,
                                GError              **error)
{
  g_autoptr (KhCsvTable) table = NULL;
  Stream stream = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options == NULL || !options->partial, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream.name = display_name != NULL ? display_name : "<data>";
  stream.options = options;
  stream.batch_func = batch_func;
  stream.batch_data = batch_data;
  table = kh_csv_read_file_rows (path, encoding, stream_row, &stream, error);
  if (table == NULL)
    {
      /* A broken file is only that: the problems of the rows before are not listed. */
      if (stream.started)
        builder_clear (&stream.b);
      return NULL;
    }
  if (!stream.started)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: the table is empty"),
                   stream.name);
      return NULL;
    }
  return builder_finish (&stream.b, error);
}
