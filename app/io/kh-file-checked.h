/* kh-file-checked.h — project files known to have passed SQLite's quick_check as they are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What says a file is unchanged: device, inode, size, modification and status-change
 * times (ns), SQLite's file change counter (bytes 24–27 of the header, counted up by
 * every transaction that writes in rollback-journal mode) and a digest of the first page
 * (the header and the schema's root, 4,096 bytes at most). */
typedef struct
{
  guint64 dev, ino, size;
  gint64 mtime_s, mtime_ns, ctime_s, ctime_ns;
  guint32 change_counter;
  guint64 head_digest;
} KhFileState;

/* Reads @path's state; FALSE when it cannot be read, or when a journal or write-ahead log
 * next to it (PATH-journal, PATH-wal) holds part of the database: such a file is never
 * taken as checked. */
gboolean kh_file_state_read     (const char        *path,
                                 KhFileState       *state);
/* TRUE when a file in @state passed the check before (the per-user list in
 * $XDG_CACHE_HOME/kaohe/checked-files). */
gboolean kh_file_checked_lookup (const KhFileState *state);
/* Records that @path, read as @before just before a check that passed, passed it —
 * if it is still in that state and was last changed more than two seconds before
 * (file times are coarse: a change within the same tick could leave them equal). */
void     kh_file_checked_record (const char        *path,
                                 const KhFileState *before);
/* Records @state, read (with SQLite's shared lock held) after Kaohe's own commit to a
 * file that was in a checked state when the commit's transaction began, as checked —
 * once file times have moved on from it (kh_file_state_settled()). */
void     kh_file_checked_record_written (const KhFileState *state);
/* Records @path as checked when it is the file that was in state @checked when it passed
 * the check (read after its connection closed) and has only been renamed since: the same
 * device, inode, size, modification time, change counter and first page, only its
 * status-change time moved (the rename's) — once file times have moved on from it
 * (kh_file_state_settled(), waited for). For a copy Kaohe made, checked and then renamed
 * into place (kh_project_save_as()). */
void     kh_file_checked_record_renamed (const char        *path,
                                         const KhFileState *checked);
/* TRUE when @a and @b are the same state. */
gboolean kh_file_state_equal    (const KhFileState *a,
                                 const KhFileState *b);
/* TRUE when the clock has moved at least 20 ms past @state's modification and
 * status-change times, which have nanoseconds (a file system that keeps only seconds is
 * never recorded after a write): any later change gives other times. With @wait, sleeps
 * until then (at most about 30 ms) first. */
gboolean kh_file_state_settled  (const KhFileState *state,
                                 gboolean           wait);

G_END_DECLS
