/* kh-project-template.c — a data provider's template for a year: a workbook to fill in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One workbook per provider (the `source` of a field in the framework: 省统计局,
 * 省生态环境厅 …). Its first sheet, “填报” (to fill in), has a row per unit of the year
 * of every category for which the provider reports a field: column A the unit's id under
 * 单位, B its name under 名称, then a column per field headed by its Chinese name and
 * unit of measure (`地区生产总值增速（%）`). Each header is checked to map back to its
 * field through kh_project_table_options(), as an import reads it (else the field's id
 * heads the column), so that the filled workbook imports with no mapping step. The
 * cells to fill are unlocked and validated as numbers (a graded field: its codes), with
 * the unit of measure, the declared plausible range or the grades as the input message;
 * a cell whose field does not apply to the unit (another category's, or an individual
 * indicator's for other units) is grey and locked; the header row and the unit columns
 * are locked, the sheet protected (without a password: it guards against slips, not
 * people) and the panes frozen below the header and right of the names. The second
 * sheet, “上年数值” (last year's values), has the same layout with the values stored
 * for year − 1 under the same unit ids, for reference, locked whole; it is left out when
 * the project has no year − 1. An import reads the first sheet only.
 *
 * What a year asks of a provider (kh_project_template_gather(), shared with the submission
 * tracking of kh-project-submissions.c) is what its template holds.
 *
 * The workbook is written in Chinese whatever the user's language: it is the form the
 * provider fills in, in the language of the data (as the data's grade names are).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/kh-grades.h"
#include "kh-atomic-file.h"
#include "kh-io-error.h"
#include "kh-project-private.h"
#include "kh-project-template-private.h"

#define SHEET_FILL      "填报"
#define SHEET_REFERENCE "上年数值"
#define HEADER_UNIT     "单位"
#define HEADER_NAME     "名称"


void
kh_template_column_free (KhTemplateColumn *c)
{
  g_free (c->id);
  g_free (c->source);
  g_free (c->label);
  g_free (c->unit_of_measure);
  g_free (c->grades);
  g_clear_pointer (&c->codes, g_array_unref);
  g_hash_table_unref (c->categories);
  g_free (c->header);
  g_free (c);
}

typedef struct
{
  const char *provider;   /* NULL: every field */
  gboolean reports_only;  /* leave out the inputs of adjustments and constraints (claims) */
  const char *category;
  GHashTable *fields;     /* the framework's data fields */
  GPtrArray *columns;     /* of KhTemplateColumn*, in the order met */
  GHashTable *by_id;      /* id → KhTemplateColumn* */
} Collect;

/* A marker for the fields that apply to every unit of a category. */
static char every_unit;

static gboolean
provides (const Collect *c,
          const char    *source)
{
  return c->provider == NULL || g_strcmp0 (source, c->provider) == 0;
}

static KhTemplateColumn *
add_column (Collect      *c,
            const char   *id,
            const char   *source,
            const KhText *name,
            const char   *unit_of_measure,
            double        valid_min,
            double        valid_max,
            gpointer      applies)
{
  KhTemplateColumn *col;

  if (!g_hash_table_contains (c->fields, id))
    return NULL;
  col = g_hash_table_lookup (c->by_id, id);
  if (col == NULL)
    {
      const char *label = name != NULL ? kh_text_get (name, KH_LANG_ZH_CN) : NULL;

      col = g_new0 (KhTemplateColumn, 1);
      col->id = g_strdup (id);
      col->source = source != NULL && *source != '\0' ? g_strdup (source) : NULL;
      col->label = g_strdup (label != NULL && *label != '\0' ? label : id);
      col->unit_of_measure = unit_of_measure != NULL && *unit_of_measure != '\0'
                               ? g_strdup (unit_of_measure) : NULL;
      col->valid_min = valid_min;
      col->valid_max = valid_max;
      col->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_ptr_array_add (c->columns, col);
      g_hash_table_insert (c->by_id, col->id, col);
    }
  if (!g_hash_table_contains (col->categories, c->category))
    g_hash_table_insert (col->categories, g_strdup (c->category), applies);
  return col;
}

static gboolean
collect_indicator (KhNode  *node,
                   gpointer user_data)
{
  Collect *c = user_data;
  KhTemplateColumn *col;

  if (node->kind != KH_NODE_INDICATOR || node->formula != NULL || !provides (c, node->source))
    return TRUE;
  col = add_column (c, node->id, node->source, &node->name, node->unit_of_measure, node->valid_min,
                    node->valid_max, node->common ? (gpointer) &every_unit : node);
  if (col != NULL && col->grades == NULL)
    {
      col->grades = kh_node_grade_codes (node, KH_LANG_ZH_CN);
      if (col->grades != NULL)
        {
          col->codes = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint s = 0; s < node->scoring.steps->len; s++)
            g_array_append_val (col->codes, g_array_index (node->scoring.steps, KhStep, s).min);
        }
    }
  return TRUE;
}

static void
collect_framework (Collect     *c,
                   KhFramework *fw)
{
  kh_framework_foreach_node (fw, collect_indicator, c);
  for (guint i = 0; fw->variables != NULL && i < fw->variables->len; i++)
    {
      KhVariable *v = fw->variables->pdata[i];

      if (provides (c, v->source))
        add_column (c, v->id, v->source, &v->name, v->unit_of_measure, v->valid_min, v->valid_max,
                    &every_unit);
    }
  /* Adjustments and constraints name no provider: only the template of every field. */
  if (c->provider != NULL || c->reports_only)
    return;
  for (guint i = 0; fw->adjustments != NULL && i < fw->adjustments->len; i++)
    {
      KhAdjustment *a = fw->adjustments->pdata[i];

      add_column (c, a->input != NULL ? a->input : a->id, NULL, &a->name, NULL, NAN, NAN,
                  &every_unit);
    }
  for (guint i = 0; fw->constraints != NULL && i < fw->constraints->len; i++)
    {
      KhConstraint *k = fw->constraints->pdata[i];

      add_column (c, k->input != NULL ? k->input : k->id, NULL, &k->name, NULL, NAN, NAN,
                  &every_unit);
    }
}

/* Whether @col is to be filled for @unit. */
gboolean
kh_template_column_applies (const KhTemplateColumn *col,
                            const KhUnitYear       *unit)
{
  const KhNode *node;

  if (!g_hash_table_contains (col->categories, unit->category_id))
    return FALSE;
  node = g_hash_table_lookup (col->categories, unit->category_id);
  if (node == (gpointer) &every_unit)
    return TRUE;
  for (guint i = 0; node->applies != NULL && i < node->applies->len; i++)
    if (g_strcmp0 (node->applies->pdata[i], unit->id) == 0
        || g_strcmp0 (node->applies->pdata[i], unit->group_id) == 0)
      return TRUE;
  return FALSE;
}

/* The column's header: its Chinese name and unit of measure, when an import maps that
 * back to the field; else the id (and unit of measure). */
static void
set_header (KhTemplateColumn               *col,
            const KhTableOptions *options)
{
  g_autofree char *header = col->unit_of_measure != NULL
                              ? g_strdup_printf ("%s（%s）", col->label, col->unit_of_measure)
                              : g_strdup (col->label);
  g_autofree char *key = kh_table_normalize_header (header);
  const char *field = g_hash_table_lookup (options->columns, key);

  if (g_strcmp0 (field, col->id) == 0)
    col->header = g_steal_pointer (&header);
  else if (col->unit_of_measure != NULL)
    col->header = g_strdup_printf ("%s（%s）", col->id, col->unit_of_measure);
  else
    col->header = g_strdup (col->id);
}

static char *
format_number (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.10g", value));
}

/* The cell's input message: what to type (Excel shows at most 255 characters). */
static char *
input_message (const KhTemplateColumn *col)
{
  GString *text = g_string_new (NULL);

  if (col->grades != NULL)
    g_string_append_printf (text, "等级代码：%s", col->grades);
  else
    {
      g_string_append (text, "数值");
      if (col->unit_of_measure != NULL)
        g_string_append_printf (text, "，单位：%s", col->unit_of_measure);
      if (!isnan (col->valid_min) || !isnan (col->valid_max))
        {
          g_autofree char *lo = isnan (col->valid_min) ? NULL : format_number (col->valid_min);
          g_autofree char *hi = isnan (col->valid_max) ? NULL : format_number (col->valid_max);

          g_string_append_printf (text, "；合理范围：%s 至 %s", lo != NULL ? lo : "—",
                                  hi != NULL ? hi : "—");
        }
    }
  g_string_append (text, "。缺失请留空。");
  if (g_utf8_strlen (text->str, -1) > 250)
    {
      const char *end = g_utf8_offset_to_pointer (text->str, 249);

      g_string_truncate (text, (gsize) (end - text->str));
      g_string_append (text, "…");
    }
  return g_string_free (text, FALSE);
}

static lxw_error
validate_column (lxw_worksheet *sheet,
                 const KhTemplateColumn  *col,
                 lxw_col_t      column,
                 lxw_row_t      last_row)
{
  lxw_data_validation v = { 0 };
  g_autofree char *message = input_message (col);
  g_autoptr (GPtrArray) list = NULL;

  v.ignore_blank = LXW_VALIDATION_ON;
  v.show_input = LXW_VALIDATION_ON;
  v.show_error = LXW_VALIDATION_ON;
  v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
  v.input_message = message;
  v.error_title = (char *) "请填写数值";
  if (col->codes != NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < col->codes->len; i++)
        g_ptr_array_add (list, format_number (g_array_index (col->codes, double, i)));
      g_ptr_array_add (list, NULL);
      v.validate = LXW_VALIDATION_TYPE_LIST;
      v.value_list = (char **) list->pdata;
      v.error_message = (char *) "请填写等级代码之一，或留空表示缺失。";
    }
  else
    {
      /* Any number: the declared range is for confirmation after the import, not a bar. */
      v.validate = LXW_VALIDATION_TYPE_DECIMAL;
      v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      v.minimum_number = -1e300;
      v.maximum_number = 1e300;
      v.error_message = (char *) "只能填写数字，或留空表示缺失。";
    }
  return worksheet_data_validation_range (sheet, 1, column, last_row, column, &v);
}

typedef struct
{
  lxw_format *header;
  lxw_format *unit;
  lxw_format *fill;
  lxw_format *not_applicable;
} Formats;

static lxw_error
write_sheet (lxw_worksheet *sheet,
             GPtrArray     *units,
             GPtrArray     *columns,
             GHashTable    *reference,
             const Formats *f)
{
  lxw_protection protection = { 0 };
  lxw_error rc = LXW_NO_ERROR;

  worksheet_write_string (sheet, 0, 0, HEADER_UNIT, f->header);
  worksheet_write_string (sheet, 0, 1, HEADER_NAME, f->header);
  worksheet_set_column (sheet, 0, 1, 14, NULL);
  for (guint j = 0; j < columns->len; j++)
    {
      const KhTemplateColumn *col = columns->pdata[j];

      worksheet_write_string (sheet, 0, (lxw_col_t) (j + 2), col->header, f->header);
      worksheet_set_column (sheet, (lxw_col_t) (j + 2), (lxw_col_t) (j + 2),
                            MAX (12.0, MIN (30.0, 2.0 * g_utf8_strlen (col->header, -1))), NULL);
    }
  worksheet_set_row (sheet, 0, 32, NULL);
  for (guint i = 0; i < units->len; i++)
    {
      const KhUnitYear *unit = units->pdata[i];
      lxw_row_t row = (lxw_row_t) (i + 1);

      worksheet_write_string (sheet, row, 0, unit->id, f->unit);
      worksheet_write_string (sheet, row, 1, unit->name_zh, f->unit);
      for (guint j = 0; j < columns->len; j++)
        {
          const KhTemplateColumn *col = columns->pdata[j];
          lxw_col_t column = (lxw_col_t) (j + 2);

          if (!kh_template_column_applies (col, unit))
            worksheet_write_blank (sheet, row, column, f->not_applicable);
          else if (reference != NULL)
            {
              g_autofree char *key = g_strconcat (unit->id, "\x1f", col->id, NULL);
              double *value = g_hash_table_lookup (reference, key);

              if (value != NULL)
                worksheet_write_number (sheet, row, column, *value, f->unit);
              else
                worksheet_write_blank (sheet, row, column, f->unit);
            }
          else
            worksheet_write_blank (sheet, row, column, f->fill);
        }
    }
  if (reference == NULL && units->len > 0)
    for (guint j = 0; j < columns->len && rc == LXW_NO_ERROR; j++)
      rc = validate_column (sheet, columns->pdata[j], (lxw_col_t) (j + 2),
                            (lxw_row_t) units->len);
  worksheet_freeze_panes (sheet, 1, 2);
  protection.format_columns = 1;
  protection.format_rows = 1;
  worksheet_protect (sheet, NULL, &protection);
  return rc;
}

/* Last year's values: "unit \x1f field" → double*; empty when the project has no year − 1,
 * NULL with @error when they cannot be read. Read through the store (issue 19): every
 * stored value of year − 1, as kh_project_get_records() gives them. */
static GHashTable *
load_reference (KhProject *self,
                int        year,
                GError   **error)
{
  g_autoptr (GArray) years = kh_project_get_years (self);
  g_autoptr (GHashTable) out = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  gboolean found = FALSE;
  KhDbStep step;

  for (guint i = 0; i < years->len; i++)
    found = found || g_array_index (years, int, i) == year - 1;
  if (!found)
    return g_hash_table_new (g_str_hash, g_str_equal);
  stmt = kh_project_prepare (self,
                             "SELECT unit_id, field, value FROM data_values "
                             "WHERE year = ? AND value IS NOT NULL",
                             _("reading values"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year - 1);
  out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((step = kh_project_step (self, stmt, _("reading values"), error)) == KH_DB_STEP_ROW)
    {
      double value = kh_db_column_double (stmt, 2);

      g_hash_table_replace (out,
                            g_strconcat (kh_db_column_text (stmt, 0), "\x1f",
                                         kh_db_column_text (stmt, 1), NULL),
                            g_memdup2 (&value, sizeof value));
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

typedef struct
{
  GHashTable *fields;
  GHashTable *sources;
} Sources;

static void
add_source (Sources    *s,
            const char *field,
            const char *source)
{
  if (source != NULL && *source != '\0' && g_hash_table_contains (s->fields, field)
      && !g_hash_table_contains (s->sources, source))
    g_hash_table_add (s->sources, g_strdup (source));
}

static gboolean
collect_source (KhNode  *node,
                gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL)
    add_source (user_data, node->id, node->source);
  return TRUE;
}

GPtrArray *
kh_project_get_providers (KhProject *self,
                          int        year,
                          GError   **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer source;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  categories = kh_project_get_categories (self, year);
  for (guint c = 0; c < categories->len; c++)
    {
      g_autoptr (KhFramework) fw = kh_project_load_framework (self, year, categories->pdata[c],
                                                              error);
      g_autoptr (GHashTable) fields = NULL;
      Sources s;

      if (fw == NULL)
        {
          g_ptr_array_unref (out);
          return NULL;
        }
      fields = kh_project_fields_of (fw);
      s.fields = fields;
      s.sources = sources;
      kh_framework_foreach_node (fw, collect_source, &s);
      for (guint i = 0; fw->variables != NULL && i < fw->variables->len; i++)
        {
          KhVariable *v = fw->variables->pdata[i];

          add_source (&s, v->id, v->source);
        }
    }
  g_hash_table_iter_init (&iter, sources);
  while (g_hash_table_iter_next (&iter, &source, NULL))
    g_ptr_array_add (out, g_strdup (source));
  g_ptr_array_sort (out, compare_strings);
  return out;
}

/* The columns (fields @provider reports, NULL: every field) of @year and the units asked
 * something (of KhUnitYear*, by category then id); @frameworks keeps the frameworks the
 * columns point into. An error when the year has no framework or the provider no field. */
gboolean
kh_project_template_gather (KhProject  *self,
        int         year,
        const char *provider,
        gboolean    reports_only,
        GPtrArray  *columns,
        GHashTable *by_id,
        GPtrArray  *frameworks,
        GPtrArray  *units,
        GError    **error)
{
  g_autoptr (GPtrArray) categories = NULL;

  categories = kh_project_get_categories (self, year);
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: year %d has no framework"),
                   self->path, year);
      return FALSE;
    }
  for (guint c = 0; c < categories->len; c++)
    {
      KhFramework *fw = kh_project_load_framework (self, year, categories->pdata[c], error);
      g_autoptr (GHashTable) fields = NULL;
      Collect collect = { provider, reports_only, categories->pdata[c], NULL, columns, by_id };
      guint before = columns->len;
      gboolean any = FALSE;

      if (fw == NULL)
        return FALSE;
      /* The columns point at the indicators: the frameworks live until the end. */
      g_ptr_array_add (frameworks, fw);
      fields = kh_project_fields_of (fw);
      collect.fields = fields;
      collect_framework (&collect, fw);
      for (guint i = 0; i < columns->len && !any; i++)
        any = i >= before
              || g_hash_table_contains (((KhTemplateColumn *) columns->pdata[i])->categories,
                                        categories->pdata[c]);
      if (any)
        {
          g_autoptr (GPtrArray) some = kh_project_get_units (self, year, categories->pdata[c],
                                                             error);

          if (some == NULL)
            return FALSE;
          for (guint i = 0; i < some->len; i++)
            g_ptr_array_add (units, g_steal_pointer (&some->pdata[i]));
          g_ptr_array_set_free_func (some, NULL);
        }
    }
  if (columns->len == 0)
    {
      g_autoptr (GPtrArray) providers = kh_project_get_providers (self, year, NULL);
      g_autofree char *list = NULL;

      if (providers != NULL)
        {
          g_ptr_array_add (providers, NULL);
          list = g_strjoinv ("、", (char **) providers->pdata);
        }
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: no field of year %d is reported by “%s” (the providers: %s)"),
                   self->path, year, provider != NULL ? provider : "", list != NULL ? list : "");
      return FALSE;
    }
  /* Rows only for the units something is asked of. */
  for (guint i = units->len; i-- > 0;)
    {
      gboolean any = FALSE;

      for (guint j = 0; j < columns->len && !any; j++)
        any = kh_template_column_applies (columns->pdata[j], units->pdata[i]);
      if (!any)
        g_ptr_array_remove_index (units, i);
    }
  return TRUE;
}

gboolean
kh_project_write_template (KhProject  *self,
                           int         year,
                           const char *provider,
                           const char *path,
                           guint      *n_units,
                           guint      *n_fields,
                           GError    **error)
{
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_template_column_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) frameworks = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_unref);
  g_autoptr (GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_unit_year_free);
  g_autoptr (KhTableOptions) options = NULL;
  g_autoptr (GHashTable) reference = NULL;
  g_autoptr (KhAtomicFile) file = NULL;
  lxw_workbook *workbook;
  lxw_worksheet *fill, *previous = NULL;
  Formats f;
  lxw_error rc;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kh_project_template_gather (self, year, provider, FALSE, columns, by_id, frameworks, units, error))
    return FALSE;
  options = kh_project_table_options (self, year, error);
  if (options == NULL)
    return FALSE;
  for (guint j = 0; j < columns->len; j++)
    set_header (columns->pdata[j], options);
  reference = load_reference (self, year, error);
  if (reference == NULL)
    return FALSE;

  file = kh_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  /* libxlsxwriter opens the file by name, inside the KhAtomicFile's private folder. */
  workbook = workbook_new (kh_atomic_file_get_temp_path (file));
  fill = workbook != NULL ? workbook_add_worksheet (workbook, SHEET_FILL) : NULL;
  if (fill != NULL && g_hash_table_size (reference) > 0)
    previous = workbook_add_worksheet (workbook, SHEET_REFERENCE);
  if (fill == NULL || (g_hash_table_size (reference) > 0 && previous == NULL))
    {
      if (workbook != NULL)
        workbook_close (workbook);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot create the workbook"),
                   path);
      return FALSE;
    }
  f.header = workbook_add_format (workbook);
  format_set_bold (f.header);
  format_set_text_wrap (f.header);
  format_set_align (f.header, LXW_ALIGN_CENTER);
  format_set_align (f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color (f.header, 0xD9E1F2);
  format_set_border (f.header, LXW_BORDER_THIN);
  f.unit = workbook_add_format (workbook);
  format_set_border (f.unit, LXW_BORDER_THIN);
  f.fill = workbook_add_format (workbook);
  format_set_unlocked (f.fill);
  format_set_border (f.fill, LXW_BORDER_THIN);
  f.not_applicable = workbook_add_format (workbook);
  format_set_pattern (f.not_applicable, LXW_PATTERN_SOLID);
  format_set_bg_color (f.not_applicable, 0xBFBFBF);
  format_set_border (f.not_applicable, LXW_BORDER_THIN);

  rc = write_sheet (fill, units, columns, NULL, &f);
  if (rc == LXW_NO_ERROR && previous != NULL)
    rc = write_sheet (previous, units, columns, reference, &f);
  if (rc != LXW_NO_ERROR)
    {
      workbook_close (workbook);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot write: %s"), path,
                   lxw_strerror (rc));
      return FALSE;
    }
  rc = workbook_close (workbook);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot write: %s"), path,
                   lxw_strerror (rc));
      return FALSE;
    }
  if (n_units != NULL)
    *n_units = units->len;
  if (n_fields != NULL)
    *n_fields = columns->len;
  return kh_atomic_file_commit (file, TRUE, error);
}
