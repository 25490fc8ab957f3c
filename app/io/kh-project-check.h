/* kh-project-check.h — SQLite's check of a project file, on a connection of its own in a
 * thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kh-file-checked.h"

G_BEGIN_DECLS

typedef enum
{
  KH_FILE_CHECK_QUICK,     /* PRAGMA quick_check */
  KH_FILE_CHECK_INTEGRITY, /* PRAGMA integrity_check, then quick_check if it found anything */
} KhFileCheckKind;

typedef struct _KhFileCheck KhFileCheck;

/* What every connection to a project file is given: the busy timeout, and a schema that
 * cannot reach outside the database (defensive, untrusted, no extensions). */
void         kh_project_configure_connection (sqlite3         *db,
                                              int              busy_timeout_ms);

/* Starts the check of @path in a thread, on a read-only connection of its own. With
 * @state (the file's, read before), a file that passes (integrity_check finding nothing,
 * for KH_FILE_CHECK_INTEGRITY) is recorded as checked (kh_file_checked_record()) when the
 * check is finished. */
KhFileCheck *kh_file_check_start         (const char        *path,
                                          KhFileCheckKind    kind,
                                          int                busy_timeout_ms,
                                          const KhFileState *state);
/* Waits for the check to end. TRUE when quick_check passed (for KH_FILE_CHECK_INTEGRITY:
 * integrity_check, or quick_check when integrity_check found something). @integrity (may
 * be NULL) receives integrity_check's lines that are not "ok"; *busy says that another
 * program's lock kept the file from being read. With FALSE and not *busy, @error says the
 * file is damaged, in the words of kh_file_check_damaged_error(). */
gboolean     kh_file_check_finish        (KhFileCheck     *check,
                                          GPtrArray       *integrity,
                                          gboolean        *busy,
                                          GError         **error);
/* Stops a check still running (it is interrupted) and frees it. */
void         kh_file_check_free          (KhFileCheck     *check);

/* Sets @error to say that the file at @path is damaged, with quick_check's @problems;
 * returns FALSE. */
gboolean     kh_file_check_damaged_error (const char      *path,
                                          GPtrArray       *problems,
                                          GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhFileCheck, kh_file_check_free)

G_END_DECLS
