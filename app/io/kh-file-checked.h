/* kh-file-checked.h — project files known to have passed SQLite's quick_check as they are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What says a file is unchanged: device, inode, size, modification and status-change
 * times (ns), and SQLite's file change counter (bytes 24–27 of the header, counted up by
 * every transaction that writes in rollback-journal mode). */
typedef struct
{
  guint64 dev, ino, size;
  gint64 mtime_s, mtime_ns, ctime_s, ctime_ns;
  guint32 change_counter;
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

G_END_DECLS
