/* kh-dataset-io.h — data tables and framework files into engine datasets and plans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The glue between the io layer (framework XML, CSV, record sets) and the scoring
 * engine (app/core/kh-engine.h), for `kaohe-cli compute` and `explain` in file mode.
 */
#pragma once

#include <glib.h>

#include "core/kh-dataset.h"
#include "core/kh-engine.h"
#include "core/kh-framework.h"
#include "kh-table.h"

G_BEGIN_DECLS

/* Builds @fw's dataset from @records, of the records' year, or @default_year when they
 * have no year column. Units come in order of first appearance, with
 * the Chinese name and group of the wide `name`/`group` columns. Every problem is
 * reported, one `NAME: row R, column C: message` per line (KH_IO_ERROR_INVALID): a field
 * that is neither a variable, an indicator nor an adjustment or constraint input of
 * @fw; a group the framework does not define, or none when it defines several; rows of
 * more than one year. */
KhDataset *kh_dataset_from_records (KhRecordSet *records,
                                    KhFramework *fw,
                                    int          default_year,
                                    const char  *display_name,
                                    GError     **error);

/* Loads @framework_path and @data_path (CSV, wide or long) and compiles and computes
 * the plan; with @previous_path, last year's data is scored with the same framework
 * first and serves as the previous year (growth(), prev(), carry-previous, previous
 * ranks). Without a year column, the data is of the framework's year and the previous
 * data of the year before. */
KhPlan    *kh_plan_load_files      (const char  *framework_path,
                                    const char  *data_path,
                                    const char  *previous_path,
                                    GError     **error);

G_END_DECLS
