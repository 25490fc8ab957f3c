/* kh-project-packed.h — the packed copy of a year's values (schema version 14)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "core/kh-dataset.h"
#include "core/kh-framework.h"
#include "kh-project.h"

G_BEGIN_DECLS

/* Writes the packed copy of @year's values of @category under the stamp current now
 * (nothing into a transaction open or a file opened to read): TRUE when written. */
gboolean kh_project_pack_year   (KhProject   *self,
                                 int          year,
                                 const char  *category);
/* TRUE when @year's values of @category are packed under @stamp. */
gboolean kh_project_has_packed  (KhProject   *self,
                                 int          year,
                                 const char  *category,
                                 const char  *stamp);
/* Reads @ds's values (its units read, no values yet) from its year's packed copy of
 * @fw's category when current and readable, as data_values would give them: TRUE when
 * read, FALSE (@ds untouched) when they are to be read from data_values. */
gboolean kh_project_read_packed (KhProject   *self,
                                 KhDataset   *ds,
                                 KhFramework *fw,
                                 GHashTable  *only);
/* verify, on SQLite (issue 22): one pass over data_values in the order of its key does
 * what two did (schema version 3 on). With @writers (audit seq → the year whose values
 * that row may write: the log's imports and edits), *@writers_ok says whether every
 * row's writer is one of them, for its year. Every packed copy current under its
 * stamp is compared with the rows to the bit: one problem in @packed_problems for each
 * that differs, by year and category, naming the first difference (the units, the
 * fields, or the first unit whose value of a field differs, the fields in byte order).
 * FALSE, @error set, when the file cannot be read. */
gboolean kh_project_check_values (KhProject   *self,
                                  GHashTable  *writers,
                                  gboolean    *writers_ok,
                                  GPtrArray   *packed_problems,
                                  GError     **error);

G_END_DECLS
