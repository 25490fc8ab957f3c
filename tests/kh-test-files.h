/* kh-test-files.h — test data, temporary folders and raw SQL for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The path of tests/data/@dir/@name in the source tree ($KH_SOURCE_ROOT). */
char  *kh_test_data_path  (const char *dir,
                           const char *name);

/* Copies the file @from to @to, byte for byte (the test fails if it cannot). */
void   kh_test_copy_file  (const char *from,
                           const char *to);

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
