/* kh-bench-packed.c — a year's values read as rows or as one packed blob per unit (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-packed PROJECT YEAR [RUNS]
 *
 * The prototype behind issue 22's question: would a derived, packed copy of a year's values
 * (one row per unit holding its values as little-endian doubles in a fixed field order)
 * read faster than data_values' one row per (year, unit, field)? It reads PROJECT (never
 * writes it), packs YEAR's values into a table values_packed (year, category, unit_id,
 * fields_digest, blob) of a temporary file, then times, in turns, RUNS times each (default
 * 5):
 *   rows:   the year's rows as compute's read_values() reads them (KH_PROJECT_VALUES_QUERY:
 *           unit and field as text, the value's type, the double), each placed by a hash
 *           lookup of its unit and field;
 *   packed: the year's blobs, each decoded into the unit's row of doubles.
 * Both fill the same units × fields array of doubles (NaN: missing); the two arrays must be
 * equal to the bit, or the program fails. Prints the medians, their ratio, the load and
 * how long packing the year took (once, into a fresh file: what a writer would add).
 * Built by meson, not run as a test; compare the ratio, not the seconds (noisy machines).
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double
now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static void
check (gboolean    ok,
       sqlite3    *db,
       const char *what)
{
  if (!ok)
    {
      fprintf (stderr, "kh-bench-packed: %s failed: %s\n", what,
               db != NULL ? sqlite3_errmsg (db) : "");
      exit (1);
    }
}

/* The year's units and fields, each in the byte order of its name: name → index + 1. */
typedef struct
{
  GHashTable *units;
  GHashTable *fields;
  guint n_units;
  guint n_fields;
} Layout;

static void
index_names (sqlite3    *db,
             const char *sql,
             int         year,
             GHashTable *index,
             guint      *n)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  check (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, db, "reading names");
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (index, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GUINT_TO_POINTER (++*n));
  check (rc == SQLITE_DONE, db, "reading names");
  sqlite3_finalize (stmt);
}

/* Reads the year's rows into @out (n_units × n_fields, NaN first). */
static double
read_rows (sqlite3      *db,
           int           year,
           const Layout *layout,
           double       *out)
{
  double start = now_seconds ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < layout->n_units * layout->n_fields; i++)
    out[i] = NAN;
  check (sqlite3_prepare_v2 (db,
                             "SELECT unit_id, field, value FROM data_values WHERE year = ? "
                             "ORDER BY unit_id, field",
                             -1, &stmt, NULL) == SQLITE_OK, db, "reading rows");
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint u = GPOINTER_TO_UINT (g_hash_table_lookup (layout->units,
                                                       sqlite3_column_text (stmt, 0)));
      guint f = GPOINTER_TO_UINT (g_hash_table_lookup (layout->fields,
                                                       sqlite3_column_text (stmt, 1)));

      if (u != 0 && f != 0 && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        out[(u - 1) * layout->n_fields + f - 1] = sqlite3_column_double (stmt, 2);
    }
  check (rc == SQLITE_DONE, db, "reading rows");
  sqlite3_finalize (stmt);
  return now_seconds () - start;
}

/* Writes the packed copy of @values (as read_rows() read them) into @packed. */
static void
pack (sqlite3      *packed,
      int           year,
      const Layout *layout,
      const double *values)
{
  g_autofree char **units = g_new0 (char *, layout->n_units);
  g_autofree guint8 *blob = g_new (guint8, layout->n_fields * 8);
  GHashTableIter iter;
  gpointer name, place;
  sqlite3_stmt *stmt = NULL;

  g_hash_table_iter_init (&iter, layout->units);
  while (g_hash_table_iter_next (&iter, &name, &place))
    units[GPOINTER_TO_UINT (place) - 1] = name;
  check (sqlite3_exec (packed,
                       "CREATE TABLE values_packed (year INTEGER NOT NULL, category TEXT NOT NULL, "
                       "unit_id TEXT NOT NULL, fields_digest TEXT NOT NULL, blob BLOB NOT NULL, "
                       "PRIMARY KEY (year, category, unit_id)) WITHOUT ROWID; BEGIN",
                       NULL, NULL, NULL) == SQLITE_OK, packed, "creating values_packed");
  check (sqlite3_prepare_v2 (packed,
                             "INSERT INTO values_packed VALUES (?, '', ?, 'bench', ?)",
                             -1, &stmt, NULL) == SQLITE_OK, packed, "packing");
  for (guint u = 0; u < layout->n_units; u++)
    {
      for (guint f = 0; f < layout->n_fields; f++)
        {
          guint64 bits;

          memcpy (&bits, &values[u * layout->n_fields + f], 8);
          bits = GUINT64_TO_LE (bits);
          memcpy (blob + f * 8, &bits, 8);
        }
      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, year);
      sqlite3_bind_text (stmt, 2, units[u], -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, blob, (int) layout->n_fields * 8, SQLITE_STATIC);
      check (sqlite3_step (stmt) == SQLITE_DONE, packed, "packing");
    }
  sqlite3_finalize (stmt);
  check (sqlite3_exec (packed, "COMMIT", NULL, NULL, NULL) == SQLITE_OK, packed, "packing");
}

/* Reads the packed copy into @out. */
static double
read_packed (sqlite3      *packed,
             int           year,
             const Layout *layout,
             double       *out)
{
  double start = now_seconds ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  check (sqlite3_prepare_v2 (packed,
                             "SELECT unit_id, blob FROM values_packed WHERE year = ? "
                             "AND category = '' ORDER BY unit_id",
                             -1, &stmt, NULL) == SQLITE_OK, packed, "reading blobs");
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint u = GPOINTER_TO_UINT (g_hash_table_lookup (layout->units,
                                                       sqlite3_column_text (stmt, 0)));
      const guint8 *blob = sqlite3_column_blob (stmt, 1);

      check (u != 0 && sqlite3_column_bytes (stmt, 1) == (int) layout->n_fields * 8,
             NULL, "a blob's unit or size");
      for (guint f = 0; f < layout->n_fields; f++)
        {
          guint64 bits;

          memcpy (&bits, blob + f * 8, 8);
          bits = GUINT64_FROM_LE (bits);
          memcpy (&out[(u - 1) * layout->n_fields + f], &bits, 8);
        }
    }
  check (rc == SQLITE_DONE, packed, "reading blobs");
  sqlite3_finalize (stmt);
  return now_seconds () - start;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *packed_path = NULL;
  g_autofree double *rows = NULL;
  g_autofree double *blobs = NULL;
  g_autofree char *load = NULL;
  g_autoptr (GArray) rows_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) packed_times = g_array_new (FALSE, FALSE, sizeof (double));
  Layout layout = { 0 };
  sqlite3 *db = NULL, *packed = NULL;
  double pack_seconds;
  int year, runs, fd;

  if (argc < 3)
    {
      fprintf (stderr, "usage: kh-bench-packed PROJECT YEAR [RUNS]\n");
      return 2;
    }
  year = atoi (argv[2]);
  runs = argc > 3 ? MAX (atoi (argv[3]), 1) : 5;
  check (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, db,
         "opening the project");
  fd = g_file_open_tmp ("kh-bench-packed-XXXXXX.db", &packed_path, NULL);
  check (fd >= 0, NULL, "making a temporary file");
  g_close (fd, NULL);
  check (sqlite3_open (packed_path, &packed) == SQLITE_OK, packed, "opening the packed copy");

  layout.units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layout.fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  index_names (db, "SELECT DISTINCT unit_id FROM data_values WHERE year = ? ORDER BY unit_id",
               year, layout.units, &layout.n_units);
  index_names (db, "SELECT DISTINCT field FROM data_values WHERE year = ? ORDER BY field",
               year, layout.fields, &layout.n_fields);
  check (layout.n_units > 0, NULL, "finding values of the year");
  rows = g_new (double, layout.n_units * layout.n_fields);
  blobs = g_new (double, layout.n_units * layout.n_fields);
  read_rows (db, year, &layout, rows);
  pack_seconds = now_seconds ();
  pack (packed, year, &layout, rows);
  pack_seconds = now_seconds () - pack_seconds;

  for (int r = 0; r < runs; r++)
    {
      /* In turns, the first of each pair changing, so that a busy machine weighs on both. */
      double t_rows, t_packed;

      if (r % 2 == 0)
        {
          t_rows = read_rows (db, year, &layout, rows);
          t_packed = read_packed (packed, year, &layout, blobs);
        }
      else
        {
          t_packed = read_packed (packed, year, &layout, blobs);
          t_rows = read_rows (db, year, &layout, rows);
        }
      g_array_append_val (rows_times, t_rows);
      g_array_append_val (packed_times, t_packed);
      check (memcmp (rows, blobs, sizeof (double) * layout.n_units * layout.n_fields) == 0,
             NULL, "the packed copy's values equal to the bit");
    }

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  printf ("year %d: %u units × %u fields, %d runs, load %s", year, layout.n_units,
          layout.n_fields, runs, load != NULL ? load : "?\n");
  printf ("rows   (data_values)    median %.4f s\n", median (rows_times));
  printf ("packed (values_packed)  median %.4f s\n", median (packed_times));
  printf ("ratio rows / packed     %.1f\n", median (rows_times) / median (packed_times));
  printf ("packing the year once   %.4f s (one transaction, a fresh file)\n", pack_seconds);

  sqlite3_close (db);
  sqlite3_close (packed);
  g_unlink (packed_path);
  g_hash_table_unref (layout.units);
  g_hash_table_unref (layout.fields);
  return 0;
}
