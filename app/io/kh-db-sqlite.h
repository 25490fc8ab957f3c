/* kh-db-sqlite.h — a KhDb over a SQLite connection opened elsewhere (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KhProject opens its file itself (flags, checks, pragmas: kh-project.c) and hands the
 * connection to a KhDb, which its converted modules talk through. The modules not yet
 * converted reach the same connection with kh_db_sqlite_handle(); nothing else should.
 */
#pragma once

#include <sqlite3.h>

#include "kh-db.h"

G_BEGIN_DECLS

/* A KhDb that owns @handle from now on (kh_db_close() closes it) and leaves its
 * configuration as it is (result codes, busy timeout, pragmas); @name is what messages
 * name. */
KhDb    *kh_db_sqlite_adopt  (sqlite3    *handle,
                              const char *name);

/* The SQLite connection of @db, or NULL when @db is not on SQLite. */
sqlite3 *kh_db_sqlite_handle (KhDb       *db);

G_END_DECLS
