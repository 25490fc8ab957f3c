/* kh-atomic-file.h — writing a file completely or not at all, safely in a shared folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_atomic_file_new (PATH) creates, next to PATH, a private folder with a random name
 * (`PATH.tmp-XXXXXX`, mode 0700, created by mkdtemp) and in it the temporary file
 * (`PATH.tmp-XXXXXX/NAME`, opened O_CREAT | O_EXCL | O_NOFOLLOW). No name is predictable
 * and nothing is opened through a link someone planted: a library that opens the
 * temporary file by name (libxlsxwriter, SQLite with SQLITE_OPEN_NOFOLLOW) writes into a
 * folder only this user can enter, and what it adds there (SQLite's journal) goes when
 * the folder goes.
 *
 * kh_atomic_file_commit() syncs the file, renames it over PATH (or, with @replace FALSE,
 * links it there and fails if PATH exists), removes the folder and syncs PATH's folder:
 * readers see the old file or the new one, never half of one.
 * kh_atomic_file_free() without a commit removes the folder and all it holds.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhAtomicFile KhAtomicFile;

KhAtomicFile *kh_atomic_file_new            (const char    *path,
                                             GError       **error);
/* The temporary file, open for reading and writing (owned by @file). */
int           kh_atomic_file_get_fd         (KhAtomicFile  *file);
/* Its name, for libraries that open it themselves. */
const char   *kh_atomic_file_get_temp_path  (KhAtomicFile  *file);
/* Closes the file descriptor before a library opens the file by name (closing it later
 * would drop the POSIX locks SQLite holds on the same file). */
void          kh_atomic_file_close_fd       (KhAtomicFile  *file);
/* Writes all of @data at the current position of the file. */
gboolean      kh_atomic_file_write          (KhAtomicFile  *file,
                                             const void    *data,
                                             gsize          len,
                                             GError       **error);
gboolean      kh_atomic_file_commit         (KhAtomicFile  *file,
                                             gboolean       replace,
                                             GError       **error);
void          kh_atomic_file_free           (KhAtomicFile  *file);

/* Writes @data to @path through a KhAtomicFile, replacing it. */
gboolean      kh_atomic_file_set_contents   (const char    *path,
                                             const void    *data,
                                             gsize          len,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhAtomicFile, kh_atomic_file_free)

G_END_DECLS
