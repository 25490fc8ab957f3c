/* kh-pg-harness.h — a throwaway PostgreSQL server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_pg_harness_start() runs Debian's initdb into a fresh folder under /tmp and starts the
 * server with pg_ctl, listening only on a Unix socket in that folder (no TCP port, no
 * system service, nothing of the postgres user's home). As root (CI), initdb and pg_ctl
 * run as the `postgres` system user the Debian package creates, which owns the folder.
 * kh_pg_harness_stop() stops the server (pg_ctl -m fast) and removes the folder. A guard
 * process watches the test: if the test dies first (a failed assertion aborts, a crash, a
 * kill, meson's timeout), the guard stops the server and removes the folder itself.
 *
 * Share one server per test program: a start costs one to two seconds.
 * kh_pg_harness_run_tests() runs a program's cases beside one.
 */
#pragma once

#include <glib.h>

#include "io/kh-db.h"
#include "io/kh-project.h"

G_BEGIN_DECLS

typedef struct _KhPgHarness KhPgHarness;

/* Starts a server whose bootstrap superuser is "kaohe" (trust authentication, on the
 * socket only), with one database "kaohe"; NULL and @error when it cannot. */
KhPgHarness *kh_pg_harness_start      (GError     **error);

/* A libpq URI of the database "kaohe" as user "kaohe":
 * "postgresql:///kaohe?host=/tmp/kh-pg-XXXXXX&user=kaohe". */
const char  *kh_pg_harness_uri        (KhPgHarness *self);

/* The same for another database of the server, which the caller created. */
char        *kh_pg_harness_uri_of     (KhPgHarness *self,
                                       const char  *dbname);

/* The URI of the database @dbname (NULL: "kaohe") as the login @user, made (a superuser of
 * the throwaway server) if the server has none of that name: on a server the writer of
 * every row is the login, so a case that names its writer (KAOHE_USER on a file) logs in
 * as it. */
char        *kh_pg_harness_uri_as     (KhPgHarness *self,
                                       const char  *dbname,
                                       const char  *user);

/* The folder holding the data directory and the socket. */
const char  *kh_pg_harness_dir        (KhPgHarness *self);

/* Stops the server, removes the folder and frees @self; FALSE and @error when pg_ctl
 * could not stop it (the folder is removed all the same). */
gboolean     kh_pg_harness_stop       (KhPgHarness *self,
                                       GError     **error);

/* Stops the server as an office's administrator would for maintenance (pg_ctl stop -m
 * fast: open sessions are ended, their transactions rolled back), keeping its folder and
 * data; FALSE and @error when it did not stop. */
gboolean     kh_pg_harness_stop_server  (KhPgHarness *self,
                                         GError     **error);

/* Starts the stopped server again on the same socket and data. */
gboolean     kh_pg_harness_start_server (KhPgHarness *self,
                                         GError     **error);

/* The set-ups the store tests share (test-db*.c, test-project-store.c). */

/* Starts a server into *@self, runs the program's cases (g_test_run()), then stops it and
 * sets *@self to NULL; g_test_run()'s status. The server's start and stop are asserted. */
int          kh_pg_harness_run_tests  (KhPgHarness **self);

/* For a program whose other cases need no server: when PostgreSQL's programs are
 * installed, starts a server into *@self (asserted) and returns TRUE; otherwise leaves
 * *@self NULL and adds the case @skip_path, skipped with the reason. */
gboolean     kh_pg_harness_start_if_installed (KhPgHarness **self,
                                               const char   *skip_path);

/* Runs the program's cases (g_test_run()), then stops the server of *@self, if any
 * (asserted), and sets *@self to NULL; g_test_run()'s status. */
int          kh_pg_harness_run_and_stop (KhPgHarness **self);

/* A new empty database @name of the server (one of that name dropped first); its URI. */
char        *kh_pg_harness_new_database (KhPgHarness *self,
                                         const char  *name);

/* A connection to the database "kaohe" as user "kaohe", asserted to open. */
KhDb        *kh_pg_harness_open       (KhPgHarness *self);

/* The same database emptied first, as a new one (its schema public dropped and created
 * again): what a test of a store's schema starts from. */
KhDb        *kh_pg_harness_open_empty (KhPgHarness *self);

/* Runs @sql on @db (of either store); the test fails with @sql and the error if it fails. */
void         kh_pg_harness_exec       (KhDb        *db,
                                       const char  *sql);

/* Runs @sql on @db (of either store), asserting that the store refuses it: a constraint
 * or a trigger (KH_DB_ERROR_CONSTRAINT or KH_DB_ERROR_RAISED), as SQLite's
 * SQLITE_CONSTRAINT; the error's message is logged. */
void         kh_pg_harness_exec_refused (KhDb        *db,
                                         const char  *sql);

/* Drops the trigger @name of @table on @db, in either store's SQL, as someone tampering
 * behind Kaohe's back would (on PostgreSQL the trigger only, its function kept). */
void         kh_pg_harness_drop_trigger (KhDb        *db,
                                         const char  *name,
                                         const char  *table);

/* Adds the case @func as @prefix/sqlite/@name and, when @self is not NULL, as
 * @prefix/pg/@name, with a fixture of @size bytes whose test data is the KhDbBackend
 * (GINT_TO_POINTER): the way a store suite runs each case on both stores. */
void         kh_pg_harness_add_on_both  (KhPgHarness     *self,
                                         const char      *prefix,
                                         const char      *name,
                                         gsize            size,
                                         GTestFixtureFunc set_up,
                                         GTestFixtureFunc func,
                                         GTestFixtureFunc tear_down);

/* A project on @backend for a test case, asserted: on KH_DB_SQLITE a new file in a new
 * temporary folder (*@dir, for kh_test_remove_dir(); @self may be NULL), on
 * KH_DB_POSTGRESQL the harness's database emptied and made ready — as init-server makes
 * it (roles, grants, row-level security) when @server_ready, its schema only otherwise;
 * *@raw a second connection to the same store; *@target, if not NULL, the file's path or
 * the database's URI. The store tests' common fixture (test-project-store.c,
 * test-project-values-db.c). */
KhProject   *kh_pg_harness_new_project (KhPgHarness *self,
                                        KhDbBackend  backend,
                                        gboolean     server_ready,
                                        KhDb       **raw,
                                        char       **dir,
                                        char       **target);

/* The project file at @path (of an older format brought up to date by opening it first)
 * copied into the harness's database, emptied first, as `kaohe-cli copy` copies it
 * (kh_db_copy(): the same rows, audit chain and seals); the project opened there, asserted;
 * *@raw a second connection to it. For a case whose project comes from a file's dump. */
KhProject   *kh_pg_harness_copy_project (KhPgHarness *self,
                                         const char  *path,
                                         KhDb       **raw);

/* The store tests' sample project: tests/data/project/units.csv imported into @project and
 * framework-2020.xml stored as 2020's (under $KH_SOURCE_ROOT), asserted. */
void         kh_pg_harness_add_sample (KhProject   *project);

/* The first column of the one row @sql gives on @db, as an integer; asserted. */
gint64       kh_pg_harness_count      (KhDb        *db,
                                       const char  *sql);

/* Walks @db's audit chain as kh-audit.h defines it, asserting: seq 1, 2, …, each row's
 * prev_hash the hash before (64 zeros first), each hash SHA-256 of prev_hash and the
 * canonical text; returns the number of rows. */
gint64       kh_pg_harness_assert_chain (KhDb      *db);

/* The directory of the newest installed PostgreSQL's programs
 * (/usr/lib/postgresql/N/bin), or NULL. */
char        *kh_pg_harness_bindir     (void);

/* As kh_pg_harness_exec_refused(), asserting the very KH_DB_ERROR @code (a protective
 * trigger's refusal is KH_DB_ERROR_RAISED on both stores). */
void         kh_pg_harness_exec_refused_as (KhDb       *db,
                                            const char *sql,
                                            KhDbError   code);

/* The project's rows in @db (of either store) as text, to compare a store before and after
 * something that must change nothing: each table kh_db_copy() copies, named on a line,
 * then its rows one a line (the columns' text joined by tabs, NULL as \N) in byte order. */
char        *kh_pg_harness_store_rows   (KhDb       *db);

/* A project in a new database @dbname of the server (one of that name dropped first) with
 * the schema of this version, opened, asserted; *@uri, if not NULL, the database's URI. For
 * a case that needs several projects at once. */
KhProject   *kh_pg_harness_new_project_database (KhPgHarness *self,
                                                 const char  *dbname,
                                                 char       **uri);

G_END_DECLS
