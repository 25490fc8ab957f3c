/* kh-bench-db.c — what KhDb costs on SQLite against sqlite3's own API (issue 19, issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-db [UNITS [RUNS]]
 *
 * The project's modules moved from sqlite3_* calls onto KhDb. This times the two loops that
 * matter at 3,000 units × 200 fields (600,000 values) on one connection, both ways, in turns
 * (raw then KhDb, KhDb then raw, …), and prints the medians and their ratio:
 *   insert: one prepared INSERT bound and stepped per value, in one transaction (rolled
 *           back, so each run starts from the same table);
 *   read:   a year's values read back as the snapshot of kh-project-content.c reads them
 *           (each column's type asked, doubles printed as %.17g, texts appended).
 * Built by meson, not run as a test; compare the ratio, not the seconds (noisy machines).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/kh-db-sqlite.h"
#include "io/kh-db.h"

#define FIELDS 200

static double
now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static void
check (gboolean    ok,
       const char *what)
{
  if (!ok)
    {
      fprintf (stderr, "kh-bench-db: %s failed\n", what);
      exit (1);
    }
}

static char **
names (const char *prefix,
       int         n)
{
  char **out = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    out[i] = g_strdup_printf ("%s%05d", prefix, i);
  return out;
}

static double
insert_raw (sqlite3 *db,
            char   **units,
            int      n_units,
            char   **fields)
{
  sqlite3_stmt *stmt = NULL;
  double start = now_seconds ();

  check (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "begin");
  check (sqlite3_prepare_v2 (db, "INSERT INTO w (year, unit_id, field, value) VALUES (?, ?, ?, ?)",
                             -1, &stmt, NULL) == SQLITE_OK,
         "prepare");
  for (int u = 0; u < n_units; u++)
    for (int f = 0; f < FIELDS; f++)
      {
        sqlite3_bind_int (stmt, 1, 2020);
        sqlite3_bind_text (stmt, 2, units[u], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, fields[f], -1, SQLITE_TRANSIENT);
        sqlite3_bind_double (stmt, 4, u * 0.1 + f);
        check (sqlite3_step (stmt) == SQLITE_DONE, "insert");
        sqlite3_reset (stmt);
      }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return now_seconds () - start;
}

static double
insert_db (KhDb  *db,
           char **units,
           int    n_units,
           char **fields)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  double start = now_seconds ();

  check (kh_db_begin (db, NULL), "begin");
  stmt = kh_db_prepare (db, "INSERT INTO w (year, unit_id, field, value) VALUES (?, ?, ?, ?)",
                        NULL);
  check (stmt != NULL, "prepare");
  for (int u = 0; u < n_units; u++)
    for (int f = 0; f < FIELDS; f++)
      {
        kh_db_bind_int64 (stmt, 1, 2020);
        kh_db_bind_text (stmt, 2, units[u]);
        kh_db_bind_text (stmt, 3, fields[f]);
        kh_db_bind_double (stmt, 4, u * 0.1 + f);
        check (kh_db_step (stmt, NULL) == KH_DB_STEP_DONE, "insert");
        kh_db_stmt_reset (stmt);
      }
  g_clear_pointer (&stmt, kh_db_stmt_free);
  kh_db_rollback (db);
  return now_seconds () - start;
}

#define READ_SQL \
  "SELECT unit_id, field, CAST (value AS DOUBLE PRECISION) FROM v WHERE year = ? " \
  "ORDER BY unit_id, field"

static double
read_raw (sqlite3 *db,
          GString *out,
          gsize   *bytes)
{
  sqlite3_stmt *stmt = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double start = now_seconds ();

  *bytes = 0;
  check (sqlite3_prepare_v2 (db, READ_SQL, -1, &stmt, NULL) == SQLITE_OK, "prepare");
  sqlite3_bind_int (stmt, 1, 2020);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (out, "value");
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          g_string_append_c (out, '\t');
          if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
            g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                   sqlite3_column_double (stmt, c)));
          else if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
            g_string_append (out, (const char *) sqlite3_column_text (stmt, c));
        }
      g_string_append_c (out, '\n');
      *bytes += out->len;
      g_string_truncate (out, 0);
    }
  sqlite3_finalize (stmt);
  return now_seconds () - start;
}

static double
read_db (KhDb    *db,
         GString *out,
         gsize   *bytes)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, READ_SQL, NULL);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double start = now_seconds ();

  *bytes = 0;
  check (stmt != NULL, "prepare");
  kh_db_bind_int64 (stmt, 1, 2020);
  while (kh_db_step (stmt, NULL) == KH_DB_STEP_ROW)
    {
      int n = kh_db_column_count (stmt);

      g_string_append (out, "value");
      for (int c = 0; c < n; c++)
        {
          g_string_append_c (out, '\t');
          if (kh_db_column_is_float (stmt, c))
            g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                   kh_db_column_double (stmt, c)));
          else if (!kh_db_column_is_null (stmt, c))
            g_string_append (out, kh_db_column_text (stmt, c));
        }
      g_string_append_c (out, '\n');
      *bytes += out->len;
      g_string_truncate (out, 0);
    }
  return now_seconds () - start;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  int n_units = argc > 1 ? atoi (argv[1]) : 3000;
  int runs = argc > 2 ? atoi (argv[2]) : 5;
  g_autofree char *dir = g_dir_make_tmp ("kh-bench-db-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.kaohe", NULL);
  g_auto (GStrv) units = names ("unit", n_units);
  g_auto (GStrv) fields = names ("field", FIELDS);
  g_autoptr (GString) out = g_string_new (NULL);
  double *raw_insert = g_new0 (double, runs), *db_insert = g_new0 (double, runs);
  double *raw_read = g_new0 (double, runs), *db_read = g_new0 (double, runs);
  gsize raw_bytes = 0, db_bytes = 0;
  KhDb *db;
  sqlite3 *handle;

  if (n_units < 1 || runs < 1)
    {
      fprintf (stderr, "usage: kh-bench-db [UNITS [RUNS]]\n");
      return 2;
    }
  db = kh_db_open (path, NULL);
  check (db != NULL, "open");
  handle = kh_db_sqlite_handle (db);
  check (kh_db_exec (db,
                     "PRAGMA journal_mode = DELETE; "
                     "CREATE TABLE v (year INTEGER, unit_id TEXT, field TEXT, value DOUBLE "
                     "PRECISION, PRIMARY KEY (year, unit_id, field)) WITHOUT ROWID; "
                     "CREATE TABLE w (year INTEGER, unit_id TEXT, field TEXT, value DOUBLE "
                     "PRECISION, PRIMARY KEY (year, unit_id, field)) WITHOUT ROWID",
                     NULL),
         "schema");
  /* The table read: filled once, committed. */
  {
    g_autoptr (KhDbStmt) stmt = NULL;

    check (kh_db_begin (db, NULL), "begin");
    stmt = kh_db_prepare (db, "INSERT INTO v (year, unit_id, field, value) VALUES (?, ?, ?, ?)",
                          NULL);
    for (int u = 0; u < n_units; u++)
      for (int f = 0; f < FIELDS; f++)
        {
          kh_db_bind_int64 (stmt, 1, 2020);
          kh_db_bind_text (stmt, 2, units[u]);
          kh_db_bind_text (stmt, 3, fields[f]);
          kh_db_bind_double (stmt, 4, u * 0.1 + f / 3.0);
          check (kh_db_step (stmt, NULL) == KH_DB_STEP_DONE, "fill");
          kh_db_stmt_reset (stmt);
        }
    g_clear_pointer (&stmt, kh_db_stmt_free);
    check (kh_db_commit (db, NULL), "commit");
  }

  /* In turns, and which goes first alternates too (the second of a pair finds the pages
   * the first read in the cache). */
  for (int r = 0; r < runs; r++)
    if (r % 2 == 0)
      {
        raw_insert[r] = insert_raw (handle, units, n_units, fields);
        db_insert[r] = insert_db (db, units, n_units, fields);
        raw_read[r] = read_raw (handle, out, &raw_bytes);
        db_read[r] = read_db (db, out, &db_bytes);
      }
    else
      {
        db_insert[r] = insert_db (db, units, n_units, fields);
        raw_insert[r] = insert_raw (handle, units, n_units, fields);
        db_read[r] = read_db (db, out, &db_bytes);
        raw_read[r] = read_raw (handle, out, &raw_bytes);
      }
  check (raw_bytes == db_bytes, "the same text both ways");
  printf ("kh-bench-db: %d units × %d fields = %d values, %d runs each, in turns\n", n_units,
          FIELDS, n_units * FIELDS, runs);
  printf ("insert  sqlite3 %.3f s  KhDb %.3f s  ratio %.3f\n", median (raw_insert, runs),
          median (db_insert, runs), median (db_insert, runs) / median (raw_insert, runs));
  printf ("read    sqlite3 %.3f s  KhDb %.3f s  ratio %.3f  (%zu bytes of text each)\n",
          median (raw_read, runs), median (db_read, runs),
          median (db_read, runs) / median (raw_read, runs), raw_bytes);
  kh_db_close (db);
  g_unlink (path);
  g_rmdir (dir);
  g_free (raw_insert);
  g_free (db_insert);
  g_free (raw_read);
  g_free (db_read);
  return 0;
}
