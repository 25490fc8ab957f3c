/* kh-test-files.h — temporary folders and raw SQL for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Removes the files in @dir, then @dir itself (tests write no subfolders). */
void   kh_test_remove_dir (const char *dir);

/* Runs @sql on the file at @path through its own plain connection, as someone tampering
 * with sqlite3 would; returns SQLite's result code. */
int    kh_test_raw_exec   (const char *path,
                           const char *sql);

/* The single integer that @sql (a SELECT of one row) yields on @db. */
gint64 kh_test_raw_count  (sqlite3    *db,
                           const char *sql);

G_END_DECLS
