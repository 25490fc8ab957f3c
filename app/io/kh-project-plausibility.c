/* kh-project-plausibility.c — a year's implausible values and their confirmations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See kh-project-plausibility.h.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-compute.h"
#include "kh-project-plausibility.h"
#include "kh-project-private.h"

void
kh_value_flag_free (KhValueFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->category);
  g_free (flag->unit_id);
  g_free (flag->unit_name);
  g_free (flag->field);
  g_free (flag->confirmed_by);
  g_free (flag->confirmed_at);
  g_free (flag);
}

/* A field measured in % is a rate: its changes are counted in points. */
static void
add_range (GHashTable *ranges,
           const char *id,
           double      lo,
           double      hi,
           const char *unit_of_measure)
{
  gboolean absolute = g_strcmp0 (unit_of_measure, "%") == 0;
  KhValueRange *range;

  if (isnan (lo) && isnan (hi) && !absolute)
    return;
  range = g_new (KhValueRange, 1);
  range->lo = lo;
  range->hi = hi;
  range->absolute = absolute;
  g_hash_table_replace (ranges, g_strdup (id), range);
}

static gboolean
add_node_range_cb (KhNode  *node,
                   gpointer user_data)
{
  add_range (user_data, node->id, node->valid_min, node->valid_max, node->unit_of_measure);
  return TRUE;
}

/* field id → KhValueRange* of @fw's variables and indicators that declare a range or are
 * measured in %. */
static GHashTable *
framework_ranges (KhFramework *fw)
{
  GHashTable *ranges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; fw->variables != NULL && i < fw->variables->len; i++)
    {
      const KhVariable *v = g_ptr_array_index (fw->variables, i);

      add_range (ranges, v->id, v->valid_min, v->valid_max, v->unit_of_measure);
    }
  kh_framework_foreach_node (fw, add_node_range_cb, ranges);
  return ranges;
}

/* A confirmation as the audit log holds it. */
typedef struct
{
  char *value;
  char *user;
  char *at;
} Confirmation;

static void
confirmation_free (Confirmation *c)
{
  g_free (c->value);
  g_free (c->user);
  g_free (c->at);
  g_free (c);
}

/* The value of "key=" in an audit row's @detail (lines), or NULL. */
static char *
detail_get (const char *detail,
            const char *key)
{
  g_auto (GStrv) lines = g_strsplit (detail, "\n", -1);
  gsize len = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], key, len) == 0 && lines[i][len] == '=')
      return g_strdup (lines[i] + len + 1);
  return NULL;
}

/* "unit TAB field" → Confirmation* of @year: the last confirm or unconfirm row of each
 * value decides. NULL with an error when the audit log cannot be read. Through the store,
 * on either backend (issue 19); on a server an evaluator reads its own rows only. */
static GHashTable *
read_confirmations (KhProject *self,
                    int        year,
                    GError   **error)
{
  g_autoptr (GHashTable) confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) confirmation_free);
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT action, detail, user_name, at FROM audit_log "
                             "WHERE year = ? AND action IN ('confirm', 'unconfirm') ORDER BY seq",
                             _("reading the audit log"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  while ((step = kh_project_step (self, stmt, _("reading the audit log"), error))
         == KH_DB_STEP_ROW)
    {
      const char *action = kh_db_column_text (stmt, 0);
      const char *detail = kh_db_column_is_null (stmt, 1) ? "" : kh_db_column_text (stmt, 1);
      g_autofree char *unit = detail_get (detail, "unit");
      g_autofree char *field = detail_get (detail, "field");
      char *key;

      if (unit == NULL || field == NULL)
        continue;
      key = g_strdup_printf ("%s\t%s", unit, field);
      if (strcmp (action, "confirm") == 0)
        {
          Confirmation *c = g_new0 (Confirmation, 1);

          c->value = detail_get (detail, "value");
          c->user = kh_db_column_is_null (stmt, 2) ? NULL : g_strdup (kh_db_column_text (stmt, 2));
          c->at = kh_db_column_is_null (stmt, 3) ? NULL : g_strdup (kh_db_column_text (stmt, 3));
          g_hash_table_replace (confirmed, key, c);
        }
      else
        {
          g_hash_table_remove (confirmed, key);
          g_free (key);
        }
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&confirmed);
}

static gboolean
has_year (KhProject *self,
          int        year)
{
  g_autoptr (GArray) years = kh_project_get_years (self);

  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, int, i) == year)
      return TRUE;
  return FALSE;
}

/* Appends the flags of @category in @year to @out (confirmations not set). */
static gboolean
category_flags (KhProject  *self,
                int         year,
                const char *category,
                gboolean    has_previous,
                GHashTable *only,
                GPtrArray  *out,
                GError    **error)
{
  g_autoptr (KhFramework) fw = kh_project_load_framework (self, year, category, error);
  g_autoptr (KhDataset) current = NULL;
  g_autoptr (KhDataset) previous = NULL;
  g_autoptr (GHashTable) ranges = NULL;
  g_autoptr (GArray) flags = NULL;

  if (fw == NULL)
    return FALSE;
  current = kh_project_build_dataset (self, year, fw, only, error);
  if (current == NULL)
    return FALSE;
  /* Last year's values of the fields read this year. */
  if (has_previous)
    {
      previous = kh_project_build_dataset (self, year - 1, fw, only, error);
      if (previous == NULL)
        return FALSE;
    }
  ranges = framework_ranges (fw);
  flags = kh_plausibility_check (current, previous, ranges, KH_PLAUSIBILITY_K);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhPlausibilityFlag *f = &g_array_index (flags, KhPlausibilityFlag, i);
      KhValueFlag *flag = g_new0 (KhValueFlag, 1);

      flag->category = g_strdup (category);
      flag->unit_id = g_strdup (kh_dataset_get_unit_id (current, f->unit));
      flag->unit_name = g_strdup (kh_dataset_get_unit_name (current, f->unit));
      flag->field = g_strdup (kh_dataset_get_field_id (current, f->field));
      flag->reason = f->reason;
      flag->value = f->value;
      flag->previous = f->previous;
      flag->change = f->change;
      flag->relative = f->relative;
      flag->median = f->median;
      flag->mad = f->mad;
      flag->floor = f->floor;
      flag->bound = f->bound;
      g_ptr_array_add (out, flag);
    }
  return TRUE;
}

/* PRAGMA data_version: changed by other connections' commits (-1 if unreadable or on a
 * server, which has no such number). */
static gint64
data_version (KhProject *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (self->db == NULL)
    return -1;
  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* The flags kept by the last import of @year if the database is as its commit left it
 * (taken: the next caller reads again), else NULL. A project on a server keeps none:
 * other sessions' commits cannot be told from here. */
static GPtrArray *
take_kept_flags (KhProject *self,
                 int        year)
{
  g_autoptr (GPtrArray) kept = g_steal_pointer (&self->kept_flags);

  if (kept == NULL || self->db == NULL || !self->kept_flags_committed
      || self->kept_flags_year != year
      || self->kept_flags_changes != sqlite3_total_changes64 (self->db)
      || self->kept_flags_data_version < 0 || self->kept_flags_data_version != data_version (self))
    return NULL;
  return g_steal_pointer (&kept);
}

void
kh_project_value_flags_committed (KhProject *self)
{
  g_return_if_fail (self != NULL);

  if (self->kept_flags == NULL)
    return;
  if (self->db == NULL)
    {
      g_clear_pointer (&self->kept_flags, g_ptr_array_unref);
      return;
    }
  self->kept_flags_committed = TRUE;
  self->kept_flags_changes = sqlite3_total_changes64 (self->db);
  self->kept_flags_data_version = data_version (self);
}

/* TRUE when @fields holds every data field of @year's frameworks. */
static gboolean
covers_year (KhProject  *self,
             int         year,
             GHashTable *fields)
{
  g_autoptr (GHashTable) year_fields = kh_project_year_fields (self, year, NULL, NULL);
  GHashTableIter iter, field_iter;
  gpointer category_fields, field;

  if (year_fields == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, year_fields);
  while (g_hash_table_iter_next (&iter, NULL, &category_fields))
    {
      g_hash_table_iter_init (&field_iter, category_fields);
      while (g_hash_table_iter_next (&field_iter, &field, NULL))
        if (!g_hash_table_contains (fields, field))
          return FALSE;
    }
  return TRUE;
}

/* The flags of the fields in @only (NULL: every field) of @category (NULL: every one). */
static GPtrArray *
value_flags (KhProject  *self,
             int         year,
             const char *category,
             GHashTable *only,
             GError    **error)
{
  g_autoptr (GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_flag_free);
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GHashTable) confirmed = NULL;
  gboolean has_previous;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (category == NULL && only == NULL)
    {
      GPtrArray *kept = take_kept_flags (self, year);

      if (kept != NULL)
        return kept;
    }
  categories = kh_project_get_categories (self, year);
  has_previous = has_year (self, year - 1);
  for (guint i = 0; i < categories->len; i++)
    if ((category == NULL || g_strcmp0 (category, categories->pdata[i]) == 0)
        && !category_flags (self, year, categories->pdata[i], has_previous, only, flags, error))
      return NULL;
  confirmed = read_confirmations (self, year, error);
  if (confirmed == NULL)
    return NULL;
  for (guint i = 0; i < flags->len; i++)
    {
      KhValueFlag *flag = flags->pdata[i];
      g_autofree char *key = g_strdup_printf ("%s\t%s", flag->unit_id, flag->field);
      g_autofree char *value = kh_project_format_double (flag->value);
      const Confirmation *c = g_hash_table_lookup (confirmed, key);

      if (c != NULL && g_strcmp0 (c->value, value) == 0)
        {
          flag->confirmed_by = g_strdup (c->user);
          flag->confirmed_at = g_strdup (c->at);
        }
    }
  return g_steal_pointer (&flags);
}

GPtrArray *
kh_project_get_value_flags (KhProject *self,
                            int        year,
                            GError   **error)
{
  return value_flags (self, year, NULL, NULL, error);
}

GPtrArray *
kh_project_get_category_value_flags (KhProject  *self,
                                     int         year,
                                     const char *category,
                                     GError    **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return value_flags (self, year, category, NULL, error);
}

/* A number as the user reads it: at most 6 significant digits. */
GPtrArray *
kh_project_get_field_value_flags (KhProject  *self,
                                  int         year,
                                  const char *category,
                                  const char *field,
                                  GError    **error)
{
  g_autoptr (GHashTable) only = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_hash_table_add (only, (gpointer) field);
  return value_flags (self, year, category, only, error);
}

static char *
number_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

static char *
change_text (double   change,
             gboolean relative)
{
  g_autofree char *number = number_text (relative ? 100 * change : change);

  /* A relative change: "+250 %". */
  return relative ? g_strdup_printf ("%s%s %%", change >= 0 ? "+" : "", number)
                  : g_strdup_printf ("%s%s", change >= 0 ? "+" : "", number);
}

/* A deviation of changes: "11.25 %" when @relative, else in points. */
static char *
deviation_text (double   deviation,
                gboolean relative)
{
  g_autofree char *number = number_text (relative ? 100 * deviation : deviation);

  return relative ? g_strdup_printf ("%s %%", number) : g_steal_pointer (&number);
}

char *
kh_value_flag_describe (const KhValueFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  switch (flag->reason)
    {
    case KH_IMPLAUSIBLE_BELOW:
      {
        g_autofree char *bound = number_text (flag->bound);

        return g_strdup_printf (_("below the declared minimum %s"), bound);
      }
    case KH_IMPLAUSIBLE_ABOVE:
      {
        g_autofree char *bound = number_text (flag->bound);

        return g_strdup_printf (_("above the declared maximum %s"), bound);
      }
    case KH_IMPLAUSIBLE_CHANGE:
    default:
      {
        g_autofree char *change = change_text (flag->change, flag->relative);
        g_autofree char *previous = number_text (flag->previous);
        g_autofree char *median = change_text (flag->median, flag->relative);
        g_autofree char *mad = deviation_text (flag->mad, flag->relative);

        /* The MAD under its floor: the floor set the threshold (k × the floor), not
         * the MAD, which is then mostly 0. */
        if (flag->floor > flag->mad)
          {
            g_autofree char *floor_text = deviation_text (flag->floor, flag->relative);

            /* TRANSLATORS: why a value is flagged: its change from last year's value,
             * the median change of its peer group, then the group's median absolute
             * deviation and the floor under it (one step of the values' precision, or
             * 1 % of a relative change), which set the threshold being the larger. */
            return g_strdup_printf (_("%s from %s last year; the group's median change %s, "
                                      "MAD %s, below its floor %s, which set the threshold"),
                                    change, previous, median, mad, floor_text);
          }
        /* TRANSLATORS: why a value is flagged: its change from last year's value, then
         * the median change of its peer group and the median absolute deviation. */
        return g_strdup_printf (_("%s from %s last year; the group's median change %s, "
                                  "MAD %s"),
                                change, previous, median, mad);
      }
    }
}

gboolean
kh_project_audit_value_flags (KhProject        *self,
                              int               year,
                              GHashTable       *fields,
                              KhStoredCellFunc  stored,
                              gpointer          data,
                              const char       *at,
                              GError          **error)
{
  g_autoptr (GPtrArray) flags = NULL;
  g_autoptr (GString) detail = g_string_new (NULL);
  gboolean all;
  guint n = 0;

  g_clear_pointer (&self->kept_flags, g_ptr_array_unref);
  if (g_hash_table_size (fields) == 0)
    return TRUE;
  /* Only the fields stored are read: an edit of one value reads one field of two years.
   * An import of every field reads them all, as kh_project_get_value_flags() would, and
   * keeps what it found for it. */
  all = covers_year (self, year, fields);
  flags = value_flags (self, year, NULL, all ? NULL : fields, error);
  if (flags == NULL)
    return FALSE;
  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];
      g_autofree char *value = NULL;

      if (!stored (flag->unit_id, flag->field, data))
        continue;
      value = kh_project_format_double (flag->value);
      g_string_append_printf (detail, "%s%s\t%s\t%s\t%s", n > 0 ? "\n" : "", flag->unit_id,
                              flag->field, value,
                              flag->reason == KH_IMPLAUSIBLE_BELOW   ? "below"
                              : flag->reason == KH_IMPLAUSIBLE_ABOVE ? "above"
                                                                     : "change");
      n++;
    }
  if (all && self->db != NULL)
    {
      self->kept_flags = g_steal_pointer (&flags);
      self->kept_flags_year = year;
      self->kept_flags_committed = FALSE;
    }
  if (n == 0)
    return TRUE;
  return kh_project_audit_append (self, "flag", year, detail->str, at, error);
}

/* A peer group's values of one field in one year, read a cell at a time: the b-tree of
 * the values is keyed by (year, unit, field), so a field of a few hundred units costs as
 * many lookups instead of a walk through the year's every value (issue 22). The row is
 * there when the unit is one of @category's units in the year, as
 * kh_project_build_dataset() takes them; its value is NULL when none is stored. */
static const char cell_value_sql[] =
  "SELECT (SELECT v.value FROM data_values v WHERE v.year = y.year AND v.unit_id = y.unit_id "
  "AND v.field = ?) FROM unit_years y JOIN units u ON u.id = y.unit_id "
  "WHERE y.year = ? AND y.unit_id = ? AND u.category_id = ?";

/* Reads @unit's value of @field in @year into *@value (NaN: none stored); *@present says
 * whether @unit is one of @category's units in @year. */
static gboolean
read_cell (KhProject  *self,
           KhDbStmt   *stmt,
           int         year,
           const char *unit,
           const char *field,
           const char *category,
           gboolean   *present,
           double     *value,
           GError    **error)
{
  KhDbStep step;

  kh_db_bind_text_static (stmt, 1, field);
  kh_db_bind_int64 (stmt, 2, year);
  kh_db_bind_text_static (stmt, 3, unit);
  kh_db_bind_text_static (stmt, 4, category);
  step = kh_project_step (self, stmt, _("reading values"), error);
  *present = step == KH_DB_STEP_ROW;
  *value = step == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0)
             ? kh_db_column_double (stmt, 0)
             : NAN;
  kh_db_stmt_reset (stmt);
  return step != KH_DB_STEP_ERROR;
}

static int
compare_unit_ids (gconstpointer a,
                  gconstpointer b)
{
  const KhUnitInfo *x = *(const KhUnitInfo *const *) a, *y = *(const KhUnitInfo *const *) b;

  return strcmp (x->id, y->id);
}

/* The datasets kh_plausibility_check() needs to judge @unit's @field: @year's units of
 * @unit's peer group with their values of @field (and their predecessors), and last
 * year's values of the units they continue (@previous NULL when the project has no year
 * before). The group's median change and MAD, the unit's range and change come out as
 * from the whole year's datasets: no other unit or field takes part in them. */
static gboolean
group_datasets (KhProject        *self,
                int               year,
                GHashTable       *units,
                const KhUnitInfo *info,
                const char       *category,
                const char       *field,
                gboolean          has_previous,
                KhDataset       **current_out,
                KhDataset       **previous_out,
                GError          **error)
{
  g_autoptr (KhDataset) current = kh_dataset_new (year);
  g_autoptr (KhDataset) previous = NULL;
  g_autoptr (GPtrArray) members = g_ptr_array_new ();
  g_autoptr (GHashTable) preds = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *group = info->group_id != NULL ? info->group_id : "";
  g_autoptr (KhDbStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  guint column, previous_column = KH_DATASET_NONE;
  gboolean ok = TRUE;

  /* The members in the order of their ids, as the year's dataset holds them. */
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const KhUnitInfo *unit = value;

      if (unit->exists && g_strcmp0 (unit->category_id, info->category_id) == 0
          && strcmp (unit->group_id != NULL ? unit->group_id : "", group) == 0)
        g_ptr_array_add (members, value);
    }
  g_ptr_array_sort (members, compare_unit_ids);
  if (has_previous)
    {
      g_autoptr (GPtrArray) ids = g_ptr_array_sized_new (members->len);

      for (guint i = 0; i < members->len; i++)
        g_ptr_array_add (ids, ((KhUnitInfo *) members->pdata[i])->id);
      preds = kh_project_units_predecessors (self, year, (const char *const *) ids->pdata,
                                             ids->len, TRUE, error);
      if (preds == NULL)
        return FALSE;
      previous = kh_dataset_new (year - 1);
      previous_column = kh_dataset_add_field (previous, field);
    }
  column = kh_dataset_add_field (current, field);
  stmt = kh_project_prepare (self, cell_value_sql, _("reading values"), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ok && i < members->len; i++)
    {
      const KhUnitInfo *unit = members->pdata[i];
      GPtrArray *list = preds != NULL ? g_hash_table_lookup (preds, unit->id) : NULL;
      const char *before = unit->id;
      gboolean present;
      double now, then;
      guint u;

      ok = read_cell (self, stmt, year, unit->id, field, category, &present, &now, error);
      if (!ok || !present)
        continue;
      u = kh_dataset_add_unit (current, unit->id, unit->name_zh, unit->group_id);
      if (u == KH_DATASET_NONE)
        continue;
      kh_dataset_set (current, u, column, now);
      /* Its predecessors, as kh_project_build_dataset() sets them (itself alone is the
       * default); last year's value is the only predecessor's (kh-plausibility.c). */
      if (list != NULL && !(list->len == 1 && strcmp (list->pdata[0], unit->id) == 0))
        {
          g_autoptr (GPtrArray) ids = g_ptr_array_new ();

          g_ptr_array_extend (ids, list, NULL, NULL);
          g_ptr_array_add (ids, NULL);
          kh_dataset_set_unit_predecessors (current, u, (const char *const *) ids->pdata);
          before = list->len == 1 ? list->pdata[0] : NULL;
        }
      if (previous == NULL || before == NULL || !g_hash_table_add (seen, (gpointer) before))
        continue;
      ok = read_cell (self, stmt, year - 1, before, field, category, &present, &then, error);
      if (ok && present)
        {
          guint b = kh_dataset_add_unit (previous, before, NULL, NULL);

          if (b != KH_DATASET_NONE)
            kh_dataset_set (previous, b, previous_column, then);
        }
    }
  if (!ok)
    return FALSE;
  *current_out = g_steal_pointer (&current);
  *previous_out = g_steal_pointer (&previous);
  return TRUE;
}

gboolean
kh_project_audit_value_flag (KhProject  *self,
                             int         year,
                             GHashTable *units,
                             const char *unit,
                             const char *field,
                             const char *at,
                             GError    **error)
{
  const KhUnitInfo *info = g_hash_table_lookup (units, unit);
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (KhDataset) current = NULL;
  g_autoptr (KhDataset) previous = NULL;
  g_autoptr (GHashTable) ranges = NULL;
  g_autoptr (GArray) flags = NULL;
  guint u;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (info != NULL && info->exists, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  g_clear_pointer (&self->kept_flags, g_ptr_array_unref);
  fw = kh_project_load_framework (self, year, info->category_id, error);
  if (fw == NULL
      || !group_datasets (self, year, units, info, fw->category != NULL ? fw->category : "",
                          field, has_year (self, year - 1), &current, &previous, error))
    return FALSE;
  ranges = framework_ranges (fw);
  flags = kh_plausibility_check (current, previous, ranges, KH_PLAUSIBILITY_K);
  u = kh_dataset_find_unit (current, unit);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhPlausibilityFlag *f = &g_array_index (flags, KhPlausibilityFlag, i);
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;

      if (f->unit != u)
        continue;
      value = kh_project_format_double (f->value);
      detail = g_strdup_printf ("%s\t%s\t%s\t%s", unit, field, value,
                                f->reason == KH_IMPLAUSIBLE_BELOW   ? "below"
                                : f->reason == KH_IMPLAUSIBLE_ABOVE ? "above"
                                                                    : "change");
      return kh_project_audit_append (self, "flag", year, detail, at, error);
    }
  return TRUE;
}

/* A confirmation's audit row, appended in kh_project_transaction() (on a server as the
 * login, the evaluator's row-level security deciding). */
typedef struct
{
  int year;
  const char *action;
  char *detail;
} ConfirmRow;

static void
confirm_row_clear (ConfirmRow *row)
{
  g_free (row->detail);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConfirmRow, confirm_row_clear)

static gboolean
append_confirmation (KhProject *self,
                     gpointer   user_data,
                     GError   **error)
{
  const ConfirmRow *row = user_data;

  return kh_project_audit_append (self, row->action, row->year, row->detail, NULL, error);
}

gboolean
kh_project_confirm_value (KhProject  *self,
                          int         year,
                          const char *unit,
                          const char *field,
                          gboolean    confirmed,
                          GError    **error)
{
  g_autoptr (GPtrArray) flags = NULL;
  g_autoptr (GHashTable) only = NULL;
  const KhValueFlag *found = NULL;
  g_autofree char *value = NULL;
  g_auto (ConfirmRow) confirmation = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (unit != NULL && field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_project_check_open (self, year, error))
    return FALSE;
  only = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (only, (gpointer) field);
  flags = value_flags (self, year, NULL, only, error);
  if (flags == NULL)
    return FALSE;
  for (guint i = 0; i < flags->len && found == NULL; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];

      if (strcmp (flag->unit_id, unit) == 0 && strcmp (flag->field, field) == 0)
        found = flag;
    }
  if (found == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the value of “%s” · “%s” in %d is not flagged"), self->path, unit,
                   field, year);
      return FALSE;
    }
  if (confirmed && found->confirmed_by != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the value of “%s” · “%s” in %d is already confirmed"), self->path,
                   unit, field, year);
      return FALSE;
    }
  if (!confirmed && found->confirmed_by == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: the value of “%s” · “%s” in %d is not confirmed"), self->path, unit,
                   field, year);
      return FALSE;
    }
  value = kh_project_format_double (found->value);
  confirmation.year = year;
  confirmation.action = confirmed ? "confirm" : "unconfirm";
  confirmation.detail = g_strdup_printf ("unit=%s\nfield=%s\nvalue=%s", unit, field, value);
  return kh_project_transaction (self, append_confirmation, &confirmation, error);
}
