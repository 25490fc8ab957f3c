/* kh-test-project.c — a project's years from the test data, for the store's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-test-files.h"
#include "kh-test-project.h"

void
kh_test_project_set_framework (KhProject  *project,
                               int         year,
                               const char *dir,
                               const char *name,
                               int         source_year)
{
  g_autofree char *path = kh_test_data_path (dir, name);
  g_autofree char *xml = NULL;
  g_autoptr (GString) text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (xml);
  if (source_year != 0 && source_year != year)
    {
      g_autofree char *from = g_strdup_printf ("year=\"%d\"", source_year);
      g_autofree char *to = g_strdup_printf ("year=\"%d\"", year);

      g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
    }
  g_assert_true (kh_project_set_framework (project, year, text->str, text->len, name, &error));
  g_assert_no_error (error);
}

void
kh_test_project_import_data (KhProject  *project,
                             int         year,
                             const char *dir,
                             const char *name)
{
  g_autofree char *path = kh_test_data_path (dir, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);
  g_autoptr (KhRecordSet) set = NULL;

  g_assert_no_error (error);
  set = kh_record_set_from_table (table, name, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, year, set, name, &error));
  g_assert_no_error (error);
}

void
kh_test_project_import_year_as (KhProject  *project,
                                int         year,
                                const char *dir,
                                int         source)
{
  g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", source);
  g_autofree char *data_name = g_strdup_printf ("data-%d.csv", source);

  kh_test_project_set_framework (project, year, dir, fw_name, source);
  kh_test_project_import_data (project, year, dir, data_name);
}
