/* test-db.c — KhDb, the statement-level store interface, on SQLite and on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case under /db/sqlite/ runs again under /db/pg/ on a throwaway server
 * (kh-pg-harness), shared by the whole program; /db/pg-only/ holds what SQLite cannot
 * show (a serialization failure between two connections).
 */
#include "config.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "io/kh-db.h"
#include "kh-pg-harness.h"

static KhPgHarness *pg;

typedef struct
{
  KhDb *db;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  KhDbBackend backend = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;

  if (backend == KH_DB_SQLITE)
    {
      g_autofree char *path = NULL;

      f->dir = g_dir_make_tmp ("kh-db-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (f->dir, "t.db", NULL);
      f->db = kh_db_open (path, &error);
      g_assert_no_error (error);
    }
  else
    f->db = kh_pg_harness_open (pg);
  g_assert_cmpint (kh_db_backend (f->db), ==, backend);
  kh_pg_harness_exec (f->db, "DROP TABLE IF EXISTS t;\n"
                             "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, i BIGINT,\n"
                             "                d DOUBLE PRECISION, n TEXT NOT NULL DEFAULT '')");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_db_close (f->db);
  if (f->dir != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, "t.db", NULL);

      g_unlink (path);
      g_rmdir (f->dir);
      g_free (f->dir);
    }
}

static KhDbStmt *
prepare_ok (KhDb       *db,
            const char *sql)
{
  g_autoptr (GError) error = NULL;
  KhDbStmt *stmt = kh_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static void
step_done (KhDbStmt *stmt)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_DONE);
  g_assert_no_error (error);
}

static void
step_row (KhDbStmt *stmt)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  g_assert_no_error (error);
}

static gint64
count (KhDb       *db,
       const char *sql)
{
  g_autoptr (KhDbStmt) stmt = prepare_ok (db, sql);
  gint64 n;

  step_row (stmt);
  n = kh_db_column_int64 (stmt, 0);
  step_done (stmt);
  return n;
}

static void
insert_text (KhDb       *db,
             gint64      id,
             const char *name)
{
  g_autoptr (KhDbStmt) stmt = prepare_ok (db, "INSERT INTO t (id, name) VALUES (?, ?)");

  g_assert_cmpint (kh_db_stmt_n_params (stmt), ==, 2);
  kh_db_bind_int64 (stmt, 1, id);
  kh_db_bind_text (stmt, 2, name);
  step_done (stmt);
}

static void
test_text (Fixture      *f,
           gconstpointer data)
{
  /* name, its length in characters (counted by hand: 南京市 is 3, 𠀀 one character of
   * four bytes, the quotes and backslash one each: i t ' s ␠ \\ ␠ " q u o t e d " ␠ ? is 17) */
  static const struct { const char *name; gint64 chars; } texts[] = {
    { "南京市", 3 },
    { "蘇州市（繁體）", 7 },
    { "𠀀 ok", 4 },
    { "it's \\ \"quoted\" ?", 17 }, /* i t ' s ␠ \ ␠ " q u o t e d " ␠ ? */
    { "", 0 },
  };
  g_autoptr (KhDbStmt) select = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    insert_text (f->db, i, texts[i].name);
  select = prepare_ok (f->db, "SELECT name, length(name) FROM t WHERE id = ?");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      kh_db_stmt_reset (select);
      kh_db_bind_int64 (select, 1, i);
      step_row (select);
      g_assert_false (kh_db_column_is_null (select, 0));
      g_assert_cmpstr (kh_db_column_text (select, 0), ==, texts[i].name);
      g_assert_cmpint (kh_db_column_int64 (select, 1), ==, texts[i].chars);
      step_done (select);
    }
  /* The server compares the bound text with what it stored. */
  {
    g_autoptr (KhDbStmt) find = prepare_ok (f->db, "SELECT id FROM t WHERE name = ?");

    kh_db_bind_text (find, 1, "蘇州市（繁體）");
    step_row (find);
    g_assert_cmpint (kh_db_column_int64 (find, 0), ==, 1);
    step_done (find);
    /* The same bound without a copy (the text outlives the statement). */
    kh_db_stmt_reset (find);
    kh_db_bind_text_static (find, 1, texts[2].name);
    step_row (find);
    g_assert_cmpint (kh_db_column_int64 (find, 0), ==, 2);
    step_done (find);
  }
}

static void
test_int64 (Fixture      *f,
            gconstpointer data)
{
  /* 2^53 + 1 = 9007199254740993 is the first integer a double cannot hold. */
  static const gint64 values[] = { G_MININT64, G_MAXINT64, 0, -1, G_GINT64_CONSTANT (9007199254740993) };
  g_autoptr (KhDbStmt) insert = prepare_ok (f->db, "INSERT INTO t (id, i) VALUES (?, ?)");
  g_autoptr (KhDbStmt) select = prepare_ok (f->db, "SELECT i FROM t WHERE id = ? AND i = ?");
  g_autoptr (KhDbStmt) arith = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      kh_db_stmt_reset (insert);
      kh_db_bind_int64 (insert, 1, k);
      kh_db_bind_int64 (insert, 2, values[k]);
      step_done (insert);
    }
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      kh_db_stmt_reset (select);
      kh_db_bind_int64 (select, 1, k);
      kh_db_bind_int64 (select, 2, values[k]);
      step_row (select);
      g_assert_cmpint (kh_db_column_int64 (select, 0), ==, values[k]);
      step_done (select);
    }
  /* The server's own arithmetic on the stored extremes: MAX − 1 and MIN + 1. */
  arith = prepare_ok (f->db, "SELECT i - 1 FROM t WHERE id = 1 UNION ALL SELECT i + 1 FROM t WHERE id = 0");
  step_row (arith);
  g_assert_cmpint (kh_db_column_int64 (arith, 0), ==, G_GINT64_CONSTANT (9223372036854775806));
  step_row (arith);
  g_assert_cmpint (kh_db_column_int64 (arith, 0), ==, G_MININT64 + 1);
  step_done (arith);
}

static guint64
bits (double d)
{
  guint64 b;

  memcpy (&b, &d, sizeof b);
  return b;
}

static void
test_double (Fixture      *f,
             gconstpointer data)
{
  const double values[] = {
    0.1, 1e-300, -0.0, 0.0,
    4.9406564584124654e-324, /* the smallest subnormal, 2^-1074 */
    2.2250738585072009e-308, /* the largest subnormal */
    DBL_MIN, -DBL_MAX, DBL_MAX, 1.0 / 3.0, 123456789.12345679, M_PI,
    HUGE_VAL, -HUGE_VAL,
  };
  g_autoptr (KhDbStmt) insert = prepare_ok (f->db, "INSERT INTO t (id, d) VALUES (?, ?)");
  g_autoptr (KhDbStmt) select = prepare_ok (f->db, "SELECT d FROM t WHERE id = ?");
  g_autoptr (KhDbStmt) equal = prepare_ok (f->db, "SELECT count(*) FROM t WHERE d = ?");
  g_autoptr (KhDbStmt) times = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      kh_db_stmt_reset (insert);
      kh_db_bind_int64 (insert, 1, k);
      kh_db_bind_double (insert, 2, values[k]);
      step_done (insert);
    }
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      double back;

      kh_db_stmt_reset (select);
      kh_db_bind_int64 (select, 1, k);
      step_row (select);
      back = kh_db_column_double (select, 0);
      /* A float on both stores (SQLite: REAL affinity; PostgreSQL: double precision). */
      g_assert_true (kh_db_column_is_float (select, 0));
      /* The same 64 bits: subnormals keep every bit; −0.0 comes back as 0 from both
       * stores (SQLite keeps a REAL of integer value as an integer). */
      g_assert_cmphex (bits (back), ==, bits (values[k] == 0.0 ? 0.0 : values[k]));
      step_done (select);
      /* The server holds exactly the bound value: = finds it (-0.0 = 0.0 in IEEE, so
       * each zero finds both). */
      kh_db_stmt_reset (equal);
      kh_db_bind_double (equal, 1, values[k]);
      step_row (equal);
      g_assert_cmpint (kh_db_column_int64 (equal, 0), ==, values[k] == 0.0 ? 2 : 1);
      step_done (equal);
    }
  /* A product the server computes comes back exact: 0.1 * 3 is 0.30000000000000004 in
   * binary64, not 0.3. */
  times = prepare_ok (f->db, "SELECT d * 3 FROM t WHERE id = 0");
  step_row (times);
  g_assert_cmphex (bits (kh_db_column_double (times, 0)), ==, bits (0.1 * 3));
  g_assert_cmphex (bits (0.1 * 3), !=, bits (0.3));
  step_done (times);
  /* NaN is stored as NULL (missing) on both stores, as SQLite does. */
  kh_db_stmt_reset (insert);
  kh_db_bind_int64 (insert, 1, 100);
  kh_db_bind_double (insert, 2, NAN);
  step_done (insert);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t WHERE id = 100 AND d IS NULL"), ==, 1);
}

static void
test_null (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (KhDbStmt) insert = prepare_ok (f->db, "INSERT INTO t (id, name, i, d) VALUES (?, ?, ?, ?)");
  g_autoptr (KhDbStmt) select = prepare_ok (f->db, "SELECT name, i, d, n FROM t WHERE id = 7");

  kh_db_bind_int64 (insert, 1, 7);
  kh_db_bind_text (insert, 2, NULL);
  kh_db_bind_null (insert, 3);
  kh_db_bind_null (insert, 4);
  step_done (insert);
  step_row (select);
  g_assert_cmpint (kh_db_column_count (select), ==, 4);
  for (int c = 0; c < 3; c++)
    {
      g_assert_true (kh_db_column_is_null (select, c));
      g_assert_null (kh_db_column_text (select, c));
    }
  /* Neither a NULL nor a text is a float. */
  g_assert_false (kh_db_column_is_float (select, 2));
  g_assert_false (kh_db_column_is_float (select, 3));
  /* The default '' is a text, not a NULL. */
  g_assert_false (kh_db_column_is_null (select, 3));
  g_assert_cmpstr (kh_db_column_text (select, 3), ==, "");
  step_done (select);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t WHERE name IS NULL AND i IS NULL AND d IS NULL"), ==, 1);
}

/* Runs @sql with no parameters and expects an error of @code and @sqlstate whose message
 * holds @words (in any case). */
static void
assert_fails (KhDb       *db,
              const char *sql,
              KhDbError   code,
              const char *sqlstate,
              const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  g_autofree char *lower = NULL;

  if (stmt != NULL)
    g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ERROR);
  g_assert_error (error, KH_DB_ERROR, (int) code);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, sqlstate);
  lower = g_ascii_strdown (error->message, -1);
  if (strstr (lower, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_errors (Fixture      *f,
             gconstpointer data)
{
  insert_text (f->db, 1, "南京市");
  /* SQLite: "UNIQUE constraint failed: t.id"; PostgreSQL: "duplicate key value violates
   * unique constraint "t_pkey"". */
  assert_fails (f->db, "INSERT INTO t (id, name) VALUES (1, 'x')", KH_DB_ERROR_CONSTRAINT,
                "23505", "unique");
  /* "NOT NULL constraint failed: t.n"; "null value in column "n" … violates not-null
   * constraint" */
  assert_fails (f->db, "INSERT INTO t (id, n) VALUES (2, NULL)", KH_DB_ERROR_CONSTRAINT,
                "23502", "not");
  /* "near "SELEC": syntax error"; "syntax error at or near "SELEC"" */
  assert_fails (f->db, "SELEC 1", KH_DB_ERROR_FAILED, "42601", "syntax error");
  /* "no such table: nowhere"; "relation "nowhere" does not exist" */
  assert_fails (f->db, "SELECT * FROM nowhere", KH_DB_ERROR_FAILED, "42P01", "nowhere");
  /* Refused statements left the row as it was, and nothing else. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t WHERE name = '南京市'"), ==, 1);
}

/* A trigger's refusal reads the same from both stores: the message as written, P0001. */
static void
test_trigger_refusal (Fixture      *f,
                      gconstpointer data)
{
  if (kh_db_backend (f->db) == KH_DB_SQLITE)
    kh_pg_harness_exec (f->db, "CREATE TRIGGER t_refuse BEFORE INSERT ON t WHEN NEW.id < 0\n"
                               "BEGIN SELECT RAISE (ABORT, 'sealed year'); END");
  else
    kh_pg_harness_exec (f->db, "CREATE OR REPLACE FUNCTION t_refuse () RETURNS trigger LANGUAGE plpgsql AS $$\n"
                               "BEGIN RAISE EXCEPTION 'sealed year'; END $$;\n"
                               "CREATE TRIGGER t_refuse BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.id < 0)\n"
                               "EXECUTE FUNCTION t_refuse ()");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhDbStmt) stmt = prepare_ok (f->db, "INSERT INTO t (id) VALUES (?)");

    kh_db_bind_int64 (stmt, 1, -1);
    g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ERROR);
    g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_RAISED);
    g_assert_cmpstr (error->message, ==, "sealed year");
    g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "P0001");
  }
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 0);
}

static gboolean
insert_three_then_fail (KhDb    *db,
                        gpointer user_data,
                        GError **error)
{
  int *calls = user_data;

  (*calls)++;
  for (int id = 1; id <= 3; id++)
    insert_text (db, id, "南京市");
  g_assert_cmpint (count (db, "SELECT count(*) FROM t"), ==, 3);
  /* The fourth collides with the first: the whole transaction goes. */
  {
    g_autoptr (KhDbStmt) stmt = prepare_ok (db, "INSERT INTO t (id) VALUES (1)");

    return kh_db_step (stmt, error) == KH_DB_STEP_DONE;
  }
}

static void
test_rollback (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  int calls = 0;

  g_assert_true (kh_db_begin (f->db, &error));
  g_assert_no_error (error);
  for (int id = 1; id <= 3; id++)
    insert_text (f->db, id, "苏州");
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 3);
  kh_db_rollback (f->db);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 0);

  /* kh_db_transaction: a failed body leaves nothing, is not retried, its error comes out. */
  g_assert_false (kh_db_transaction (f->db, insert_three_then_fail, &calls, 0, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONSTRAINT);
  g_assert_cmpint (calls, ==, 1);
  g_assert_cmpuint (kh_db_last_attempts (f->db), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 0);
  /* The connection is usable again, outside any transaction. */
  insert_text (f->db, 9, "无锡");
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, 1);
}

static void
test_injection (Fixture      *f,
                gconstpointer data)
{
  static const char *const names[] = {
    "x'); DROP TABLE t; --",
    "' OR '1'='1",
    "南京市\"; DELETE FROM t; --",
    "$1 ? $$ ?",
  };
  g_autoptr (KhDbStmt) find = prepare_ok (f->db, "SELECT count(*) FROM t WHERE name = ?");

  insert_text (f->db, 100, "南京市");
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    insert_text (f->db, k, names[k]);
  /* Every name is stored as written; the table and the other row are still there. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM t"), ==, G_N_ELEMENTS (names) + 1);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      kh_db_stmt_reset (find);
      kh_db_bind_text (find, 1, names[k]);
      step_row (find);
      /* "' OR '1'='1" finds its own row only, not all five. */
      g_assert_cmpint (kh_db_column_int64 (find, 0), ==, 1);
      step_done (find);
    }
}

/* A '?' in a literal, a quoted name or a comment is not a parameter. */
static void
test_placeholders_in_literals (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (KhDbStmt) stmt = prepare_ok (f->db, "SELECT '?''?', name /* ? */ FROM t -- ?\n WHERE id = ?");

  g_assert_cmpint (kh_db_stmt_n_params (stmt), ==, 1);
  insert_text (f->db, 5, "扬州");
  kh_db_bind_int64 (stmt, 1, 5);
  step_row (stmt);
  g_assert_cmpstr (kh_db_column_text (stmt, 0), ==, "?'?");
  g_assert_cmpstr (kh_db_column_text (stmt, 1), ==, "扬州");
  step_done (stmt);
}

static void
test_number_placeholders (void)
{
  static const struct { const char *in, *out; int n; } cases[] = {
    { "SELECT ?, ?", "SELECT $1, $2", 2 },
    { "SELECT '?', \"a?\", ?", "SELECT '?', \"a?\", $1", 1 },
    { "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1 },
    { "SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1 },
    { "SELECT ? -- ?\n, ?", "SELECT $1 -- ?\n, $2", 2 },
    { "SELECT /* ? /* ? */ ? */ ?", "SELECT /* ? /* ? */ ? */ $1", 1 },
    { "SELECT $$?$$, $tag$ ? $$ ? $tag$, ?", "SELECT $$?$$, $tag$ ? $$ ? $tag$, $1", 1 },
    { "SELECT $1, ?", "SELECT $1, $1", 1 },
    { "SELECT 'unterminated ?", "SELECT 'unterminated ?", 0 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      int n = -1;
      g_autofree char *out = kh_db_number_placeholders (cases[k].in, &n);

      g_assert_cmpstr (out, ==, cases[k].out);
      g_assert_cmpint (n, ==, cases[k].n);
    }
}

static void
test_open_errors (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *db;

  db = kh_db_open ("/nonexistent-kh-dir/project.kaohe", &error);
  g_assert_null (db);
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_assert_true (g_str_has_prefix (error->message, "Cannot open /nonexistent-kh-dir/project.kaohe: "));
  g_clear_error (&error);

  /* No server at that socket; the password never shows. */
  db = kh_db_open ("postgresql://ann:s3cret@/kaohe?host=/nonexistent-kh-dir", &error);
  g_assert_null (db);
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_CONNECT);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "08001");
  g_assert_true (g_str_has_prefix (error->message,
                                   "Cannot connect to postgresql://ann@/kaohe?host=/nonexistent-kh-dir: "));
  g_assert_null (strstr (error->message, "s3cret"));
}

/* The body of the retried transaction: reads the counter, and on the first attempt lets
 * another connection add 10 before writing its own + 1. */
typedef struct
{
  KhDb *other;
  int calls;
} Race;

static gboolean
add_one (KhDb    *db,
         gpointer user_data,
         GError **error)
{
  Race *race = user_data;
  g_autoptr (KhDbStmt) read = NULL;
  g_autoptr (KhDbStmt) write = NULL;
  gint64 n;

  race->calls++;
  read = kh_db_prepare (db, "SELECT i FROM t WHERE id = 1", error);
  if (read == NULL || kh_db_step (read, error) != KH_DB_STEP_ROW)
    return FALSE;
  n = kh_db_column_int64 (read, 0);
  if (race->calls == 1)
    kh_pg_harness_exec (race->other, "UPDATE t SET i = i + 10 WHERE id = 1");
  write = kh_db_prepare (db, "UPDATE t SET i = ? WHERE id = 1", error);
  if (write == NULL)
    return FALSE;
  kh_db_bind_int64 (write, 1, n + 1);
  return kh_db_step (write, error) == KH_DB_STEP_DONE;
}

static void
test_serialization_retry (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KhDb *other = kh_pg_harness_open (pg);
  Race race = { other, 0 };

  kh_pg_harness_exec (f->db, "INSERT INTO t (id, i) VALUES (1, 0)");
  /* First attempt: read 0, the other connection commits 10, our write of 1 fails
   * (40001); second attempt: read 10, write 11. No update is lost. */
  g_assert_true (kh_db_transaction (f->db, add_one, &race, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (race.calls, ==, 2);
  g_assert_cmpuint (kh_db_last_attempts (f->db), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT i FROM t WHERE id = 1"), ==, 11);

  /* Allowed one attempt only: the failure comes out, and only the other's +10 stays. */
  race.calls = 0;
  g_assert_false (kh_db_transaction (f->db, add_one, &race, 1, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_SERIALIZATION);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "40001");
  g_assert_true (g_str_has_prefix (error->message, "Gave up after 1 attempt: "));
  g_assert_cmpint (count (f->db, "SELECT i FROM t WHERE id = 1"), ==, 21);
  kh_db_close (other);
}

/* What messages call a target before it is opened: a file as given, a server without its
 * password, whatever else it says kept (the same rules as the window's name, test-ui-server). */
static void
test_target_name (void)
{
  static const char *const cases[][2] = {
    { "/home/me/p.kaohe", "/home/me/p.kaohe" },
    { "p:w@x.kaohe", "p:w@x.kaohe" },
    { "service=office", "service=office" },
    { "service=office password=s3cret user=me", "service=office user=me" },
    { "postgresql://db.example/kaohe", "postgresql://db.example/kaohe" },
    { "postgresql://me:s3cret@db.example:5433/kaohe", "postgresql://me@db.example:5433/kaohe" },
    { "postgres://me@db.example/kaohe?sslmode=require", "postgres://me@db.example/kaohe?sslmode=require" },
    { "postgresql:///kaohe?host=/tmp/s&password=s3cret&user=me",
      "postgresql:///kaohe?host=/tmp/s&user=me" },
    { "postgresql:///kaohe?password=s3cret", "postgresql:///kaohe" },
    { "postgresql://db.example?user=a@b&password=x", "postgresql://db.example?user=a@b" },
    { "postgresql://me:pw@db.example?user=a@b", "postgresql://me@db.example?user=a@b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = kh_db_target_name (cases[i][0]);

      g_assert_cmpstr (name, ==, cases[i][1]);
    }
}

typedef void (*FixtureFunc) (Fixture *, gconstpointer);

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; FixtureFunc func; } cases[] = {
    { "text", test_text },
    { "int64", test_int64 },
    { "double", test_double },
    { "null", test_null },
    { "errors", test_errors },
    { "trigger-refusal", test_trigger_refusal },
    { "rollback", test_rollback },
    { "injection", test_injection },
    { "placeholders-in-literals", test_placeholders_in_literals },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/db/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/db/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                  cases[k].func, fixture_tear_down);
    }
  g_test_add ("/db/pg-only/serialization-retry", Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL),
              fixture_set_up, test_serialization_retry, fixture_tear_down);
  g_test_add_func ("/db/number-placeholders", test_number_placeholders);
  g_test_add_func ("/db/open-errors", test_open_errors);
  g_test_add_func ("/db/target-name", test_target_name);

  return kh_pg_harness_run_tests (&pg);
}
