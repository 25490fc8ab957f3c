/* kh-pilot.h — pilot values of proposed indicators, from a CSV file (admission, 准入)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pilot file has a header "unit,ID1,ID2…" — a column per proposed indicator after the
 * units' column — and a row per unit (its id in the year's data) with the indicators'
 * pilot values; an empty cell is no value. kh_pilot_read() gives each indicator's values
 * by the units of a dataset, for kh_indicator_health_pilot() (app/analysis). A bad file is
 * refused with the place named — "FILE:ROW:COLUMN: …" (ROW the line in the file, COLUMN
 * 1-based), "FILE:ROW: …" for an unknown unit — and nothing is read. `kaohe-cli health
 * --pilot` and the Health tab's Check Pilot Data… read it so.
 */
#pragma once

#include <glib.h>

#include "core/kh-dataset.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;       /* the name in the header */
  double *values; /* per unit of the dataset, NAN where none */
} KhPilotIndicator;

/* The proposed indicators of @path (named @path in messages), in the header's order, their
 * values by @dataset's units: a GPtrArray of KhPilotIndicator that frees them. NULL with an
 * error naming the place (G_FILE_ERROR_INVAL, or kh_csv_read_file()'s). */
GPtrArray *kh_pilot_read (const char  *path,
                          KhDataset   *dataset,
                          GError     **error);

G_END_DECLS
