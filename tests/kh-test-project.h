/* kh-test-project.h — a project's years from the test data, for the store's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "io/kh-project.h"

G_BEGIN_DECLS

/* Sets @project's framework of @year from tests/data/@dir/@name (named @name). When
 * @source_year is not 0 the file is @source_year's: its year="@source_year" is changed to
 * @year (it must be there once). The test fails if the project refuses it. */
void kh_test_project_set_framework  (KhProject  *project,
                                     int         year,
                                     const char *dir,
                                     const char *name,
                                     int         source_year);

/* Imports tests/data/@dir/@name (a CSV data sheet, named @name) as @project's values of
 * @year; the test fails if the project refuses it. */
void kh_test_project_import_data    (KhProject  *project,
                                     int         year,
                                     const char *dir,
                                     const char *name);

/* Year @year of @project from tests/data/@dir/framework-@source.xml (its year attribute
 * changed when @year is not @source) and data-@source.csv. */
void kh_test_project_import_year_as (KhProject  *project,
                                     int         year,
                                     const char *dir,
                                     int         source);

G_END_DECLS
