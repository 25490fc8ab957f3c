/* kh-dataset-io.c — data tables and framework files into engine datasets and plans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-csv.h"
#include "kh-dataset-io.h"
#include "kh-framework-xml.h"
#include "kh-io-error.h"

static void
problem (KhProblems *problems,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

/* At most KH_PROBLEMS_MAX listed, then their count. */
static void
problem (KhProblems *problems,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (problems->n >= KH_PROBLEMS_MAX)
    {
      problems->n++;
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kh_problems_add_literal (problems, message);
}

/* Every id the framework reads from data. */
static GHashTable *
framework_fields (KhFramework *fw)
{
  GHashTable *known = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < fw->variables->len; i++)
    g_hash_table_add (known, ((KhVariable *) fw->variables->pdata[i])->id);
  for (guint i = 0; i < fw->adjustments->len; i++)
    {
      KhAdjustment *adj = fw->adjustments->pdata[i];

      g_hash_table_add (known, adj->input != NULL ? adj->input : adj->id);
    }
  for (guint i = 0; i < fw->constraints->len; i++)
    {
      KhConstraint *con = fw->constraints->pdata[i];

      g_hash_table_add (known, con->input != NULL ? con->input : con->id);
    }
  return known;
}

static gboolean
add_indicator (KhNode  *node,
               gpointer user_data)
{
  if (node->kind == KH_NODE_INDICATOR)
    g_hash_table_add (user_data, node->id);
  return TRUE;
}

static gboolean
group_known (KhFramework *fw,
             const char  *id)
{
  return kh_framework_find_group (fw, id) != NULL;
}

KhDataset *
kh_dataset_from_records (KhRecordSet *records,
                         KhFramework *fw,
                         int          default_year,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (GHashTable) known = NULL;
  g_autoptr (GHashTable) reported = g_hash_table_new (g_str_hash, g_str_equal);
  KhProblems problem_list;
  KhProblems *problems = &problem_list;
  int year = 0;
  guint year_row = 0, last_year_row = 0;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (fw != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kh_problems_init (problems);
  known = framework_fields (fw);
  kh_framework_foreach_node (fw, add_indicator, known);

  for (guint r = 0; r < records->records->len; r++)
    {
      const KhRecord *rec = &g_array_index (records->records, KhRecord, r);
      if (rec->year != 0 && year == 0)
        {
          year = rec->year;
          year_row = rec->row;
        }
    }
  ds = kh_dataset_new (year != 0 ? year : default_year);

  for (guint r = 0; r < records->records->len; r++)
    {
      const KhRecord *rec = &g_array_index (records->records, KhRecord, r);
      guint unit, field;

      if (rec->year != 0 && rec->year != year)
        {
          if (rec->row != last_year_row)
            problem (problems, _("%s: row %u: year %d, but row %u has year %d: give one year per file"),
                     display_name, rec->row, rec->year, year_row, year);
          last_year_row = rec->row;
          continue;
        }
      if (!g_hash_table_contains (known, rec->field))
        {
          /* wide: the header names the field (row 1); long: the record's own row */
          if (!g_hash_table_contains (reported, rec->field))
            problem (problems,
                     _("%s: row %u, column %u: “%s” is neither a variable nor an indicator of framework “%s”"),
                     display_name, records->layout == KH_TABLE_WIDE ? 1 : rec->row, rec->column,
                     rec->field, fw->id != NULL ? fw->id : "");
          g_hash_table_add (reported, (gpointer) rec->field);
          continue;
        }

      unit = kh_dataset_find_unit (ds, rec->unit);
      if (unit == KH_DATASET_NONE)
        {
          const char *name = g_hash_table_lookup (records->unit_names, rec->unit);
          const char *group = g_hash_table_lookup (records->unit_groups, rec->unit);

          if (group != NULL && *group == '\0')
            group = NULL;
          if (group != NULL && !group_known (fw, group))
            problem (problems, _("%s: row %u: unit “%s”: group “%s” is not a group of framework “%s”"),
                     display_name, rec->row, rec->unit, group, fw->id != NULL ? fw->id : "");
          else if (group == NULL && fw->groups->len > 1)
            problem (problems,
                     _("%s: row %u: unit “%s” has no group, and framework “%s” has several: add a “group” column"),
                     display_name, rec->row, rec->unit, fw->id != NULL ? fw->id : "");
          unit = kh_dataset_add_unit (ds, rec->unit, name, group);
        }
      field = kh_dataset_add_field (ds, rec->field);
      kh_dataset_set (ds, unit, field, rec->value);
    }

  if (kh_problems_propagate (problems, KH_IO_ERROR_INVALID, error))
    {
      kh_problems_clear (problems);
      return NULL;
    }
  kh_problems_clear (problems);
  return g_steal_pointer (&ds);
}

static KhDataset *
load_dataset (const char  *path,
              KhFramework *fw,
              int          default_year,
              GError     **error)
{
  g_autoptr (KhRecordSet) records = NULL;

  /* Read as a stream: the records only, never the whole text table (issue 22). */
  records = kh_record_set_read_csv (path, NULL, path, NULL, error);
  if (records == NULL)
    return NULL;
  return kh_dataset_from_records (records, fw, default_year, path, error);
}

/* Engine errors name units and fields but not the file: prefix it. */
static KhPlan *
plan_new (KhFramework *fw,
          KhDataset   *ds,
          KhPlan      *previous,
          const char  *framework_path,
          const char  *data_path,
          GError     **error)
{
  g_autoptr (GError) local = NULL;
  KhPlan *plan = kh_plan_new (fw, ds, previous, &local);

  if (plan == NULL)
    {
      g_auto (GStrv) lines = g_strsplit (local->message, "\n", -1);
      g_autoptr (GString) message = g_string_new (NULL);

      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (message, "%s%s: %s", i > 0 ? "\n" : "",
                                local->code == KH_ENGINE_ERROR_DATA ? data_path : framework_path,
                                lines[i]);
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, message->str);
      return NULL;
    }
  kh_plan_compute (plan);
  return plan;
}

KhPlan *
kh_plan_load_files (const char *framework_path,
                    const char *data_path,
                    const char *previous_path,
                    GError    **error)
{
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) previous = NULL;

  g_return_val_if_fail (framework_path != NULL, NULL);
  g_return_val_if_fail (data_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fw = kh_framework_xml_load_file (framework_path, error);
  if (fw == NULL)
    return NULL;

  if (previous_path != NULL)
    {
      g_autoptr (KhDataset) prev_ds = load_dataset (previous_path, fw, fw->year - 1, error);

      if (prev_ds == NULL)
        return NULL;
      previous = plan_new (fw, prev_ds, NULL, framework_path, previous_path, error);
      if (previous == NULL)
        return NULL;
    }

  ds = load_dataset (data_path, fw, fw->year, error);
  if (ds == NULL)
    return NULL;
  return plan_new (fw, ds, previous, framework_path, data_path, error);
}
