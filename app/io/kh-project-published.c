/* kh-project-published.c — a year's results as the office published them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official notice of a year (rank, tier and awards per unit) is imported as a table
 * (CSV or XLSX) and kept in `published_results`; a framework of the next year with
 * `baseline="published"` counts its rank changes against it (kh-project-compute.c
 * hands it to the engine with the dataset). Importing replaces the year's published
 * results, all or nothing, audited as "published"; once the next year is sealed they
 * cannot change (a trigger, and the next year's seal covers them).
 *
 * Columns (header names case-insensitive, order free; the Chinese names as in a notice):
 *   unit (单位)    the unit's id or name in that year — required
 *   rank (名次)    a whole number ≥ 1, or empty for a unit not ranked — required column
 *   tier (等次)    1, 2, 3 … or 第一等次, 第二等次 … — optional
 *   award (奖项)   award names or ids, separated by “;”, “,” or “、” — optional
 *   group (组别)   the unit's peer group id — optional
 *   total (得分)   the published total — optional
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-problem.h"
#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

enum
{
  PCOL_UNIT,
  PCOL_RANK,
  PCOL_TIER,
  PCOL_AWARD,
  PCOL_GROUP,
  PCOL_TOTAL,
  N_PCOLS
};

/* Accepted header names of each column. */
static const char *const column_names[N_PCOLS][5] = {
  { "unit", "单位", "單位", "name", NULL },
  { "rank", "名次", "排名", NULL },
  { "tier", "等次", NULL },
  { "award", "awards", "奖项", "獎項", NULL },
  { "group", "组别", "組別", NULL },
  { "total", "score", "得分", "总分", NULL },
};

typedef struct
{
  char *unit_id;
  char *group_id;
  int rank;
  int tier;
  char *awards;
  double total;
  guint line;
} Published;

static void
published_free (Published *p)
{
  g_free (p->unit_id);
  g_free (p->group_id);
  g_free (p->awards);
  g_free (p);
}

static int
find_column (KhCsvTable *table,
             int         column)
{
  for (guint j = 0; j < kh_csv_table_width (table, 0); j++)
    {
      g_autofree char *h = g_strstrip (g_strdup (kh_csv_table_cell (table, 0, j)));

      for (guint k = 0; column_names[column][k] != NULL; k++)
        if (g_ascii_strcasecmp (h, column_names[column][k]) == 0)
          return (int) j;
    }
  return -1;
}

static char *
cell_at (KhCsvTable *table,
         guint       row,
         int         index)
{
  if (index < 0)
    return g_strdup ("");
  return g_strstrip (g_strdup (kh_csv_table_cell (table, row, (guint) index)));
}

/* 1–20, or 第一等次 … 第二十等次 (also without 第 or 等次). */
static gboolean
parse_tier (const char *text,
            int        *tier)
{
  static const char *const digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
  g_autofree char *rest = NULL;
  guint64 value = 0;
  const char *p = text;

  if (g_ascii_string_to_unsigned (text, 10, 1, 20, &value, NULL))
    {
      *tier = (int) value;
      return TRUE;
    }
  if (g_str_has_prefix (p, "第"))
    p += strlen ("第");
  rest = g_strdup (p);
  if (g_str_has_suffix (rest, "等次"))
    rest[strlen (rest) - strlen ("等次")] = '\0';
  else if (g_str_has_suffix (rest, "等"))
    rest[strlen (rest) - strlen ("等")] = '\0';
  /* 一 … 十, 十一 … 十九, 二十 */
  for (int n = 1; n <= 20; n++)
    {
      g_autofree char *name = n <= 10 ? g_strdup (digits[n - 1])
                              : n < 20 ? g_strconcat ("十", digits[n - 11], NULL)
                                       : g_strdup ("二十");

      if (strcmp (rest, name) == 0)
        {
          *tier = n;
          return TRUE;
        }
    }
  return FALSE;
}

/* The awards cell as "a,b" (separators ; , 、 ； ， and white space around them). */
static char *
normalise_awards (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr (GString) out = g_string_new (NULL);
  char *p;

  /* The full-width separators (three bytes each in UTF-8) become ASCII ones. */
  for (const char *const *sep = (const char *const[]) { "、", "；", "，", NULL }; *sep != NULL; sep++)
    while ((p = strstr (copy, *sep)) != NULL)
      memcpy (p, ";  ", strlen (*sep));
  {
    g_auto (GStrv) parts = g_strsplit_set (copy, ";,", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_strstrip (parts[i]);
        if (parts[i][0] != '\0')
          g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", parts[i]);
      }
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Unit @key in @year as a data import finds it (kh_project_resolve_unit_in(): its id, or a
 * name of the year — Chinese, English, short name (简称) or alias, in NFKC and case-folded —
 * that fits one unit); when the project has no rows for the year, by its id or a Chinese
 * name it had in any year. */
static char *
resolve_unit (KhProject  *self,
              int         year,
              GHashTable *units,
              GHashTable *names,
              const char *key,
              char      **problem)
{
  /* The key is parameter 1, 3 and 4, the year 2 and 5 (numbered in order on both stores). */
  static const char *const by_any_year =
    "SELECT id FROM units WHERE id = ? AND NOT EXISTS (SELECT 1 FROM unit_years WHERE year = ?) "
    "UNION SELECT unit_id FROM unit_years WHERE (name_zh = ? OR name_zh_tw = ?) AND NOT "
    "EXISTS (SELECT 1 FROM unit_years WHERE year = ?)";
  const KhUnitInfo *unit = kh_project_resolve_unit_in (units, names, key, year, problem);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autofree char *found = NULL;
  guint n = 0;

  if (unit != NULL)
    return g_strdup (unit->id);
  stmt = kh_db_prepare (self->store, by_any_year, NULL);
  if (stmt == NULL)
    return NULL; /* *problem says why the name did not fit */
  kh_db_bind_text (stmt, 1, key);
  kh_db_bind_int64 (stmt, 2, year);
  kh_db_bind_text (stmt, 3, key);
  kh_db_bind_text (stmt, 4, key);
  kh_db_bind_int64 (stmt, 5, year);
  while (kh_db_step (stmt, NULL) == KH_DB_STEP_ROW)
    {
      n++;
      g_free (found);
      found = g_strdup (kh_db_column_text (stmt, 0));
    }
  if (n != 1)
    return NULL;
  g_clear_pointer (problem, g_free);
  return g_steal_pointer (&found);
}

static GPtrArray *
read_published (KhProject  *self,
                int         year,
                KhCsvTable *table,
                const char *name,
                GString    *problems)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) published_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GError) error = NULL;
  guint header_line;
  int index[N_PCOLS];

  if (kh_csv_table_n_rows (table) == 0)
    {
      kh_problem_at (problems, name, 0, 0, _("the table is empty"));
      return rows;
    }
  header_line = kh_csv_table_line (table, 0);
  for (int c = 0; c < N_PCOLS; c++)
    index[c] = find_column (table, c);
  for (int c = PCOL_UNIT; c <= PCOL_RANK; c++)
    if (index[c] < 0)
      kh_problem_at (problems, name, header_line, 1,
                     _("the header has no “%s” column (published results: unit,rank,tier,"
                       "award,group,total)"),
                     column_names[c][0]);
  if (problems->len > 0)
    return rows;
  units = kh_project_load_units (self, year, &error);
  if (units == NULL)
    {
      kh_problem_at (problems, name, header_line, 1, "%s", error->message);
      return rows;
    }
  names = kh_project_index_unit_names (units);

  for (guint i = 1; i < kh_csv_table_n_rows (table); i++)
    {
      guint line = kh_csv_table_line (table, i);
      g_autofree char *unit = cell_at (table, i, index[PCOL_UNIT]);
      g_autofree char *rank = cell_at (table, i, index[PCOL_RANK]);
      g_autofree char *tier = cell_at (table, i, index[PCOL_TIER]);
      g_autofree char *award = cell_at (table, i, index[PCOL_AWARD]);
      g_autofree char *group = cell_at (table, i, index[PCOL_GROUP]);
      g_autofree char *total = cell_at (table, i, index[PCOL_TOTAL]);
      g_autofree char *problem = NULL;
      Published *p = g_new0 (Published, 1);
      guint64 value = 0;
      char *end = NULL;

      p->line = line;
      p->total = NAN;
      g_ptr_array_add (rows, p);
      if (unit[0] == '\0')
        kh_problem_at (problems, name, line, index[PCOL_UNIT] + 1, _("the unit is empty"));
      else if ((p->unit_id = resolve_unit (self, year, units, names, unit, &problem)) == NULL)
        kh_problem_at (problems, name, line, index[PCOL_UNIT] + 1, "%s", problem);
      else if (g_hash_table_contains (seen, p->unit_id))
        kh_problem_at (problems, name, line, index[PCOL_UNIT] + 1,
                       _("unit “%s” appears twice"), p->unit_id);
      else
        g_hash_table_add (seen, g_strdup (p->unit_id));
      if (rank[0] != '\0' && !g_ascii_string_to_unsigned (rank, 10, 1, 100000, &value, NULL))
        kh_problem_at (problems, name, line, index[PCOL_RANK] + 1,
                       _("“%s” is not a rank (a whole number from 1)"), rank);
      p->rank = (int) value;
      if (tier[0] != '\0' && !parse_tier (tier, &p->tier))
        kh_problem_at (problems, name, line, index[PCOL_TIER] + 1,
                       _("“%s” is not a tier (1, 2, 3 … or 第一等次, 第二等次 …)"), tier);
      if (total[0] != '\0')
        {
          p->total = g_ascii_strtod (total, &end);
          if (end == total || *end != '\0' || !isfinite (p->total))
            kh_problem_at (problems, name, line, index[PCOL_TOTAL] + 1,
                           _("“%s” is not a number"), total);
        }
      p->awards = normalise_awards (award);
      p->group_id = group[0] != '\0' ? g_strdup (group) : NULL;
    }
  return rows;
}

typedef struct
{
  int year;
  GPtrArray *rows; /* of Published */
  const char *display_name;
} StorePublished;

/* The year's published results replaced by @user_data's rows and audited with their
 * digest, in kh_project_transaction(). */
static gboolean
store_published (KhProject *self,
                 gpointer   user_data,
                 GError   **error)
{
  const StorePublished *store = user_data;
  g_autoptr (GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *detail = NULL;
  g_autoptr (KhDbStmt) clear = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;

  clear = kh_project_prepare (self, "DELETE FROM published_results WHERE year = ?",
                              _("storing published results"), error);
  if (clear == NULL)
    return FALSE;
  kh_db_bind_int64 (clear, 1, store->year);
  if (!kh_project_run (self, clear, _("storing published results"), error))
    return FALSE;
  stmt = kh_project_prepare (self,
                             "INSERT INTO published_results (year, unit_id, group_id, rank, tier, "
                             "awards, total, source_file, source_row) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             _("storing published results"), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < store->rows->len; i++)
    {
      const Published *p = store->rows->pdata[i];
      g_autofree char *total = kh_project_format_double (p->total);
      g_autofree char *line = g_strdup_printf ("%s\t%s\t%d\t%d\t%s\t%s\n", p->unit_id,
                                               p->group_id != NULL ? p->group_id : "", p->rank,
                                               p->tier, p->awards, total);

      g_checksum_update (digest, (const guchar *) line, strlen (line));
      /* Every parameter bound each time (a store keeps them across rows): NULL for no
       * group and no total. */
      kh_db_bind_int64 (stmt, 1, store->year);
      kh_db_bind_text (stmt, 2, p->unit_id);
      kh_db_bind_text (stmt, 3, p->group_id);
      kh_db_bind_int64 (stmt, 4, p->rank);
      kh_db_bind_int64 (stmt, 5, p->tier);
      kh_db_bind_text (stmt, 6, p->awards);
      if (!isnan (p->total))
        kh_db_bind_double (stmt, 7, p->total);
      else
        kh_db_bind_null (stmt, 7);
      kh_db_bind_text (stmt, 8, store->display_name);
      kh_db_bind_int64 (stmt, 9, (int) p->line);
      if (!kh_project_run (self, stmt, _("storing published results"), error))
        return FALSE;
    }
  detail = g_strdup_printf ("file=%s\nunits=%u\nsha256=%s", store->display_name,
                            store->rows->len, g_checksum_get_string (digest));
  return kh_project_audit_append (self, "published", store->year, detail, NULL, error);
}

gboolean
kh_project_import_published (KhProject  *self,
                             int         year,
                             KhCsvTable *table,
                             const char *display_name,
                             GError    **error)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GPtrArray) rows = NULL;
  StorePublished store = { year, NULL, NULL };
  gboolean sealed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display_name == NULL)
    display_name = "<published>";
  if (!kh_project_get_sealed (self, year + 1, &sealed, error))
    return FALSE;
  if (sealed)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("%s: %d is sealed: the results published for %d, which its rank changes "
                     "may count against, cannot change"),
                   self->path, year + 1, year);
      return FALSE;
    }
  rows = read_published (self, year, table, display_name, problems);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }
  store.rows = rows;
  store.display_name = display_name;
  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_published, &store, error);
}

gboolean
kh_project_load_published (KhProject   *self,
                           int          year,
                           KhBaseline **out,
                           GError     **error)
{
  g_autoptr (KhBaseline) baseline = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  stmt = kh_project_prepare (self,
                             "SELECT unit_id, group_id, rank, tier, awards, total "
                             "FROM published_results WHERE year = ? ORDER BY source_row, unit_id",
                             _("reading published results"), error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading published results"), error))
         == KH_DB_STEP_ROW)
    {
      if (baseline == NULL)
        baseline = kh_baseline_new (year, TRUE);
      kh_baseline_add (baseline, kh_db_column_text (stmt, 0), kh_db_column_text (stmt, 1),
                       kh_db_column_int64 (stmt, 2), kh_db_column_int64 (stmt, 3),
                       kh_db_column_text (stmt, 4),
                       kh_db_column_is_null (stmt, 5) ? NAN : kh_db_column_double (stmt, 5));
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  *out = g_steal_pointer (&baseline);
  return TRUE;
}
