/* test-db-server.c — `kaohe-cli init-server` and the roles it makes, tried with raw SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a throwaway server: init-server on an empty database, then logins of the three
 * roles connect and try, with SQL as anyone with a prompt would, what their role allows
 * and what it does not. Row-level security must hold on the server itself.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db.h"
#include "io/kh-db-schema.h"
#include "io/kh-db-server.h"
#include "io/kh-io-error.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"

static KhPgHarness *pg;

/* The harness's database as another login. */
static KhDb *
open_as (const char *user)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("postgresql:///kaohe?host=%s&user=%s",
                                          kh_pg_harness_dir (pg), user);
  KhDb *db = kh_db_open (uri, &error);

  g_assert_no_error (error);
  return db;
}

/* @sql fails with @sqlstate, and its message holds @words. */
static void
exec_refused (KhDb       *db,
              const char *sql,
              const char *sqlstate,
              const char *words)
{
  g_autoptr (GError) error = NULL;

  if (kh_db_exec (db, sql, &error))
    g_error ("%s: not refused", sql);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, sqlstate);
  if (strstr (error->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", sql, error->message, words);
}

/* The rows of @sql, columns joined by spaces, rows by "; ". */
static char *
rows (KhDb       *db,
      const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      for (int c = 0; c < kh_db_column_count (stmt); c++)
        g_string_append_printf (out, "%s%s", c > 0 ? " " : "",
                                kh_db_column_is_null (stmt, c) ? "NULL" : kh_db_column_text (stmt, c));
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

#define VALUES_BY_YEAR \
  "SELECT unit_id, field, value FROM data_values ORDER BY unit_id, field, year"

/* The logins olga (admin), ann and carl (evaluators) and vic (viewer), made once for the
 * whole server. */
#define LOGINS \
  "DO $$ BEGIN\n" \
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'olga') THEN\n" \
  "    CREATE ROLE olga LOGIN IN ROLE kaohe_admin; END IF;\n" \
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n" \
  "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n" \
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carl') THEN\n" \
  "    CREATE ROLE carl LOGIN IN ROLE kaohe_evaluator; END IF;\n" \
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vic') THEN\n" \
  "    CREATE ROLE vic LOGIN IN ROLE kaohe_viewer; END IF;\n" \
  "END $$;\n"

/* A new database @dbname made ready by kh_db_server_init(), with two categories, three
 * units (nanjing and suzhou: cities; nju: a university), the years 2019 (sealed, one
 * value) and 2020, and the logins olga (admin), ann (evaluator of every city's values),
 * carl (evaluator of Suzhou's gdp) and vic (viewer), made once for the whole server.
 * Returns the superuser's connection. */
static KhDb *
fresh_project (const char *dbname)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_uri_of (pg, dbname);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);
  KhDb *server = kh_pg_harness_open (pg);
  KhDb *admin;

  kh_pg_harness_exec (server, create);
  kh_db_close (server);
  admin = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_server_init (admin, &error));
  g_assert_no_error (error);
  kh_pg_harness_exec (admin,
                      LOGINS
                      "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市'), ('university', '高校');\n"
                      "INSERT INTO units (id, name_zh, category_id) VALUES ('nanjing', '南京市', 'city'),\n"
                      "  ('suzhou', '苏州市', 'city'), ('nju', '南京大学', 'university');\n"
                      "INSERT INTO years (year) VALUES (2019), (2020);\n"
                      "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) VALUES\n"
                      "  (2019, 'nanjing', 'gdp', 1, 'olga', 't'), (2020, 'nanjing', 'gdp', 2, 'olga', 't'),\n"
                      "  (2020, 'suzhou', 'gdp', 3, 'olga', 't'), (2020, 'nju', 'papers', 4, 'olga', 't');\n"
                      "UPDATE years SET sealed = 1 WHERE year = 2019;\n"
                      "INSERT INTO evaluator_scopes (role_name, category_id, unit_id, field) VALUES\n"
                      "  ('ann', 'city', NULL, NULL), ('carl', 'city', 'suzhou', 'gdp')");
  return admin;
}

static KhDb *
open_in (const char *dbname,
         const char *user)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("postgresql:///%s?host=%s&user=%s", dbname,
                                          kh_pg_harness_dir (pg), user);
  KhDb *db = kh_db_open (uri, &error);

  g_assert_no_error (error);
  return db;
}

/* The tables of the project's schema, each a row. */
static GStrv
tables_of (KhDb *db)
{
  g_autofree char *list = rows (db, "SELECT tablename FROM pg_tables "
                                    "WHERE schemaname = current_schema () ORDER BY 1");

  return g_strsplit (list, "; ", -1);
}

/* What @who may do to each table by itself: write (INSERT, UPDATE, DELETE, TRUNCATE) and
 * read. @writes and @hidden name the tables (";"-separated, with ";" around) where writes
 * are allowed (so not tried) and where SELECT is refused. */
static void
check_every_table (KhDb       *who,
                   KhDb       *admin,
                   const char *writes,
                   const char *hidden)
{
  g_auto (GStrv) tables = tables_of (admin);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      const char *t = tables[i];
      g_autofree char *key = g_strdup_printf (";%s;", t);
      g_autofree char *column_sql =
        g_strdup_printf ("SELECT column_name FROM information_schema.columns WHERE table_schema "
                         "= current_schema () AND table_name = '%s' ORDER BY ordinal_position "
                         "LIMIT 1",
                         t);
      g_autofree char *column = rows (admin, column_sql);
      g_autofree char *denied = g_strdup_printf ("permission denied for table %s", t);
      g_autofree char *insert = g_strdup_printf ("INSERT INTO %s DEFAULT VALUES", t);
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET %s = %s", t, column, column);
      g_autofree char *delete = g_strdup_printf ("DELETE FROM %s", t);
      g_autofree char *truncate = g_strdup_printf ("TRUNCATE %s", t);
      g_autofree char *select = g_strdup_printf ("SELECT count(*) FROM %s", t);

      if (strstr (writes, key) == NULL)
        {
          exec_refused (who, insert, "42501", denied);
          exec_refused (who, update, "42501", denied);
          exec_refused (who, delete, "42501", denied);
        }
      exec_refused (who, truncate, "42501", denied);
      if (strstr (hidden, key) != NULL)
        exec_refused (who, select, "42501", denied);
      else
        kh_pg_harness_exec (who, select);
    }
}

/* Every table: row-level security on; a viewer writes none and reads all but the survey's
 * salt and the scopes; an evaluator writes values and appends audit rows, nothing else,
 * and reads all but the salt. */
static void
test_every_table (void)
{
  KhDb *admin = fresh_project ("every_table");
  KhDb *ann = open_in ("every_table", "ann");
  KhDb *vic = open_in ("every_table", "vic");
  g_auto (GStrv) tables = tables_of (admin);
  g_autofree char *open = NULL;
  g_autofree char *list = NULL;

  /* The schema's 26 tables (version 14), kaohe_schema and evaluator_scopes. */
  list = g_strjoinv (" ", tables);
  g_assert_cmpuint (g_strv_length (tables), ==, 28);
  g_assert_nonnull (strstr (list, "data_values"));
  g_assert_nonnull (strstr (list, "evaluator_scopes"));
  g_assert_nonnull (strstr (list, "kaohe_schema"));
  open = rows (admin, "SELECT string_agg (c.relname, ' ') FROM pg_class c "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = current_schema () AND c.relkind = 'r' "
                      "AND NOT c.relrowsecurity");
  g_assert_cmpstr (open, ==, "NULL");

  check_every_table (vic, admin, ";", ";survey_salt;evaluator_scopes;");
  check_every_table (ann, admin, ";data_values;audit_log;", ";survey_salt;");
  /* What the evaluator may write, it may not wholesale. */
  exec_refused (ann, "UPDATE audit_log SET detail = 'x'", "42501", "permission denied");
  exec_refused (ann, "DELETE FROM audit_log", "42501", "permission denied");
  /* Nor change the rules. */
  exec_refused (ann, "ALTER TABLE data_values DISABLE ROW LEVEL SECURITY", "42501", "must be owner");
  exec_refused (ann, "DROP POLICY kaohe_scope_read ON data_values", "42501", "must be owner");
  exec_refused (ann, "SET ROLE kaohe_admin", "42501", "permission denied");

  kh_db_close (vic);
  kh_db_close (ann);
  kh_db_close (admin);
}

/* Out of scope is out of sight: values, the survey's answers, the scopes of others. */
static void
test_scoped_reads (void)
{
  KhDb *admin = fresh_project ("scoped_reads");
  KhDb *ann, *carl, *vic;

  kh_pg_harness_exec (admin,
                      "INSERT INTO survey_responses (year, category_id, rater, class_id, unit_id, item_id, "
                      "answer, source_file, source_row) VALUES\n"
                      "  (2020, 'city', 'r1', 'public', 'nanjing', 'q1', '5', 's.csv', 2),\n"
                      "  (2020, 'university', 'r1', 'public', 'nju', 'q1', '4', 's.csv', 3);\n"
                      "INSERT INTO survey_salt (id, salt) VALUES (1, 'secret')");
  ann = open_in ("scoped_reads", "ann");
  carl = open_in ("scoped_reads", "carl");
  vic = open_in ("scoped_reads", "vic");
  {
    g_autofree char *values = rows (ann, VALUES_BY_YEAR);
    g_autofree char *answers = rows (ann, "SELECT unit_id, answer FROM survey_responses ORDER BY 1");
    g_autofree char *scopes = rows (ann, "SELECT role_name FROM evaluator_scopes ORDER BY 1");

    g_assert_cmpstr (values, ==, "nanjing gdp 1; nanjing gdp 2; suzhou gdp 3");
    g_assert_cmpstr (answers, ==, "nanjing 5");
    g_assert_cmpstr (scopes, ==, "ann");
  }
  {
    g_autofree char *values = rows (carl, VALUES_BY_YEAR);
    g_autofree char *answers = rows (carl, "SELECT unit_id FROM survey_responses");
    g_autofree char *scopes = rows (carl, "SELECT role_name || ' ' || unit_id || ' ' || field "
                                          "FROM evaluator_scopes");

    /* A scope of one field does not cover the unit's survey answers. */
    g_assert_cmpstr (values, ==, "suzhou gdp 3");
    g_assert_cmpstr (answers, ==, "");
    g_assert_cmpstr (scopes, ==, "carl suzhou gdp");
  }
  {
    g_autofree char *values = rows (vic, VALUES_BY_YEAR);
    g_autofree char *answers = rows (vic, "SELECT unit_id FROM survey_responses ORDER BY 1");

    g_assert_cmpstr (values, ==, "nanjing gdp 1; nanjing gdp 2; nju papers 4; suzhou gdp 3");
    g_assert_cmpstr (answers, ==, "nanjing; nju");
  }
  exec_refused (ann, "SELECT salt FROM survey_salt", "42501", "permission denied");
  exec_refused (vic, "SELECT salt FROM survey_salt", "42501", "permission denied");
  kh_db_close (vic);
  kh_db_close (carl);
  kh_db_close (ann);
  kh_db_close (admin);
}

/* An evaluator's audit rows: in its own name, each the next of the chain; it reads its
 * own and the chain's last, which is all appending needs. */
static void
test_audit_rows (void)
{
  KhDb *admin = fresh_project ("audit_rows");
  KhDb *ann, *vic;

#define AUDIT(seq, user, hash) \
  "INSERT INTO audit_log (seq, at, user_name, action, detail, prev_hash, hash) VALUES (" \
  seq ", 't', '" user "', 'edit', 'unit=nju', 'p', '" hash "')"
  kh_pg_harness_exec (admin, AUDIT ("1", "olga", "h1"));
  kh_pg_harness_exec (admin, AUDIT ("2", "olga", "h2"));
  ann = open_in ("audit_rows", "ann");
  vic = open_in ("audit_rows", "vic");
  {
    g_autofree char *seen = rows (ann, "SELECT seq, user_name FROM audit_log ORDER BY seq");

    g_assert_cmpstr (seen, ==, "2 olga");
  }
  kh_pg_harness_exec (ann, AUDIT ("3", "ann", "h3"));
  kh_pg_harness_exec (admin, AUDIT ("4", "olga", "h4"));
  exec_refused (ann, AUDIT ("5", "olga", "h5"), "42501", "row-level security");
  exec_refused (ann, AUDIT ("7", "ann", "h7"), "42501", "row-level security");
  exec_refused (ann, AUDIT ("4", "ann", "h4b"), "42501", "row-level security");
  {
    g_autofree char *seen = rows (ann, "SELECT seq, user_name FROM audit_log ORDER BY seq");
    /* What kh_audit_append() reads to chain the next row. */
    g_autofree char *head = rows (ann, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");

    g_assert_cmpstr (seen, ==, "3 ann; 4 olga");
    g_assert_true (g_str_has_prefix (head, "4 h4"));
  }
  kh_pg_harness_exec (ann, AUDIT ("5", "ann", "h5"));
  {
    g_autofree char *seen = rows (vic, "SELECT seq, user_name FROM audit_log ORDER BY seq");

    g_assert_cmpstr (seen, ==, "1 olga; 2 olga; 3 ann; 4 olga; 5 ann");
  }
#undef AUDIT
  kh_db_close (vic);
  kh_db_close (ann);
  kh_db_close (admin);
}

/* A session's temporary tables come first in its search path: they must not stand in for
 * the project's, neither in the triggers' functions (a `years` without sealed rows would
 * open the sealed 2019) nor in the policies (scopes of one's own making). */
static void
test_temporary_tables (void)
{
  KhDb *admin = fresh_project ("temporary_tables");
  KhDb *ann = open_in ("temporary_tables", "ann");
  g_autofree char *end = NULL;

  kh_pg_harness_exec (ann, "CREATE TEMP TABLE years (year BIGINT, sealed BIGINT);\n"
                           "CREATE TEMP TABLE evaluator_scopes (role_name TEXT, category_id TEXT, "
                           "unit_id TEXT, field TEXT);\n"
                           "INSERT INTO evaluator_scopes VALUES ('ann', 'university', NULL, NULL);\n"
                           "CREATE TEMP TABLE units (id TEXT, category_id TEXT);\n"
                           "INSERT INTO units VALUES ('nju', 'city')");
  exec_refused (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2019, 'suzhou', 'gdp', 9, 'ann', 't')",
                "P0001", "sealed year");
  exec_refused (ann, "UPDATE data_values SET value = 9, edited_by = 'ann' WHERE year = 2019",
                "P0001", "sealed year");
  exec_refused (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'nju', 'staff', 9, 'ann', 't')",
                "42501", "row-level security");
  kh_pg_harness_exec (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                           "VALUES (2020, 'suzhou', 'pop', 6, 'ann', 't')");
  end = rows (admin, VALUES_BY_YEAR);
  g_assert_cmpstr (end, ==, "nanjing gdp 1; nanjing gdp 2; nju papers 4; suzhou gdp 3; suzhou pop 6");
  kh_db_close (ann);
  kh_db_close (admin);
}

/* One cell edited as the project store does it (kh-project-values.c): in one transaction,
 * the chain's head read, the value upserted (INSERT … ON CONFLICT DO UPDATE), the audit
 * row appended; through KhDb, as an evaluator. In scope it is stored whole; out of scope
 * nothing of it is. */
typedef struct
{
  const char *unit;
  double value;
} Edit;

static gboolean
edit_cell (KhDb    *db,
           gpointer user_data,
           GError **error)
{
  const Edit *edit = user_data;
  g_autoptr (KhDbStmt) head = kh_db_prepare (db, "SELECT seq FROM audit_log ORDER BY seq DESC "
                                                 "LIMIT 1", error);
  g_autoptr (KhDbStmt) upsert = NULL;
  g_autoptr (KhDbStmt) audit = NULL;
  gint64 seq = 1;
  KhDbStep step;

  if (head == NULL || (step = kh_db_step (head, error)) == KH_DB_STEP_ERROR)
    return FALSE;
  if (step == KH_DB_STEP_ROW)
    seq = kh_db_column_int64 (head, 0) + 1;
  upsert = kh_db_prepare (db,
                          "INSERT INTO data_values (year, unit_id, field, value, edited_by, "
                          "edited_at, audit_seq) VALUES (2020, ?, 'gdp', ?, session_user, 't', ?) "
                          "ON CONFLICT (year, unit_id, field) DO UPDATE SET value = excluded.value, "
                          "audit_seq = excluded.audit_seq, edited_by = excluded.edited_by, "
                          "edited_at = excluded.edited_at",
                          error);
  if (upsert == NULL)
    return FALSE;
  kh_db_bind_text (upsert, 1, edit->unit);
  kh_db_bind_double (upsert, 2, edit->value);
  kh_db_bind_int64 (upsert, 3, seq);
  if (kh_db_step (upsert, error) == KH_DB_STEP_ERROR)
    return FALSE;
  audit = kh_db_prepare (db, "INSERT INTO audit_log (seq, at, user_name, action, year, detail, "
                             "prev_hash, hash) VALUES (?, 't', session_user, 'edit', 2020, ?, 'p', ?)",
                         error);
  if (audit == NULL)
    return FALSE;
  kh_db_bind_int64 (audit, 1, seq);
  kh_db_bind_text (audit, 2, edit->unit);
  kh_db_bind_text (audit, 3, edit->unit);
  return kh_db_step (audit, error) != KH_DB_STEP_ERROR;
}

static void
test_evaluator_edit (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *admin = fresh_project ("evaluator_edit");
  KhDb *ann = open_in ("evaluator_edit", "ann");
  Edit in_scope = { "suzhou", 30.5 };
  Edit out_of_scope = { "nju", 1 };
  g_autofree char *values = NULL;
  g_autofree char *log = NULL;

  kh_pg_harness_exec (admin, "INSERT INTO audit_log (seq, at, user_name, action, detail, prev_hash, hash) "
                             "VALUES (1, 't', 'olga', 'import', 'x', 'p', 'olga1')");
  /* An existing value (Suzhou's gdp, olga's), then a new one (Nanjing's 2020 gdp exists
   * too: both are updates through ON CONFLICT); each edit chains the next audit row. */
  g_assert_true (kh_db_transaction (ann, edit_cell, &in_scope, 0, &error));
  g_assert_no_error (error);
  in_scope.unit = "nanjing";
  in_scope.value = 20.25;
  g_assert_true (kh_db_transaction (ann, edit_cell, &in_scope, 0, &error));
  g_assert_no_error (error);
  /* The university's value: the upsert's insert is refused (the existing row is not hers
   * to see, so it is no conflict she may resolve), and the whole edit with it. */
  g_assert_false (kh_db_transaction (ann, edit_cell, &out_of_scope, 0, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_FAILED);
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "42501");

  values = rows (admin, "SELECT unit_id, value, edited_by, audit_seq FROM data_values "
                        "WHERE year = 2020 ORDER BY unit_id");
  g_assert_cmpstr (values, ==, "nanjing 20.25 ann 3; nju 4 olga NULL; suzhou 30.5 ann 2");
  log = rows (admin, "SELECT seq, user_name, detail FROM audit_log ORDER BY seq");
  g_assert_cmpstr (log, ==, "1 olga x; 2 ann suzhou; 3 ann nanjing");
  kh_db_close (ann);
  kh_db_close (admin);
}

/* `kaohe-cli grant`, `revoke`, `scopes`: the administrator's scopes, checked, and what they
 * let an evaluator do. */
static void
test_grant (void)
{
  KhDb *admin = fresh_project ("grants");
  g_autofree char *uri = kh_pg_harness_uri_of (pg, "grants");
  g_autofree char *before = NULL;
  KhDb *carl;

  kh_pg_harness_exec (admin, "DELETE FROM evaluator_scopes");
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("grant", uri, "ann", "--category", "city", NULL);
    g_autoptr (KhCliRun) again = kh_test_cli_run ("grant", uri, "ann", "--category", "city", NULL);
    g_autoptr (KhCliRun) four = kh_test_cli_run ("grant", uri, "carl", "--category", "city",
                                                 "--unit", "suzhou", "--unit", "nanjing",
                                                 "--field", "gdp", "--field", "pop", NULL);
    g_autoptr (KhCliRun) list = kh_test_cli_run ("scopes", uri, NULL);
    g_autoptr (KhCliRun) of_carl = kh_test_cli_run ("scopes", uri, "carl", NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_true (g_str_has_suffix (run->out, ": 1 scope added for ann\n"));
    g_assert_cmpint (again->status, ==, 0);
    g_assert_true (g_str_has_suffix (again->out, ": 0 scopes added for ann\n"));
    g_assert_cmpint (four->status, ==, 0);
    g_assert_true (g_str_has_suffix (four->out, ": 4 scopes added for carl\n"));
    g_assert_cmpint (list->status, ==, 0);
    g_assert_cmpstr (list->out, ==,
                     "ann\tcity\t*\t*\n"
                     "carl\tcity\tnanjing\tgdp\n"
                     "carl\tcity\tnanjing\tpop\n"
                     "carl\tcity\tsuzhou\tgdp\n"
                     "carl\tcity\tsuzhou\tpop\n");
    g_assert_cmpstr (of_carl->out, ==,
                     "carl\tcity\tnanjing\tgdp\n"
                     "carl\tcity\tnanjing\tpop\n"
                     "carl\tcity\tsuzhou\tgdp\n"
                     "carl\tcity\tsuzhou\tpop\n");
  }
  /* The scopes hold on the server: carl writes Nanjing's pop, not its area. */
  carl = open_in ("grants", "carl");
  kh_pg_harness_exec (carl, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                            "VALUES (2020, 'nanjing', 'pop', 7, 'carl', 't')");
  exec_refused (carl, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                      "VALUES (2020, 'nanjing', 'area', 7, 'carl', 't')",
                "42501", "row-level security");
  {
    g_autoptr (KhCliRun) one = kh_test_cli_run ("revoke", uri, "carl", "--category", "city",
                                                "--unit", "nanjing", "--field", "pop", NULL);
    g_autoptr (KhCliRun) rest = kh_test_cli_run ("revoke", uri, "carl", NULL);
    g_autoptr (KhCliRun) list = kh_test_cli_run ("scopes", uri, NULL);

    g_assert_cmpint (one->status, ==, 0);
    g_assert_true (g_str_has_suffix (one->out, ": 1 scope of carl removed\n"));
    g_assert_cmpint (rest->status, ==, 0);
    g_assert_true (g_str_has_suffix (rest->out, ": 3 scopes of carl removed\n"));
    g_assert_cmpstr (list->out, ==, "ann\tcity\t*\t*\n");
  }
  /* Revoked at once: carl's next statement sees nothing. */
  {
    g_autofree char *seen = rows (carl, VALUES_BY_YEAR);

    g_assert_cmpstr (seen, ==, "");
  }

  /* A scope granted to a group role reaches its members' logins. */
  kh_pg_harness_exec (admin, "CREATE ROLE city_team NOLOGIN IN ROLE kaohe_evaluator;\n"
                             "CREATE ROLE dora LOGIN IN ROLE city_team");
  {
    g_autoptr (KhCliRun) team = kh_test_cli_run ("grant", uri, "city_team", "--category", "city",
                                                 "--unit", "nanjing", NULL);
    KhDb *dora = open_in ("grants", "dora");
    g_autofree char *seen = NULL;

    g_assert_cmpint (team->status, ==, 0);
    seen = rows (dora, VALUES_BY_YEAR);
    g_assert_cmpstr (seen, ==, "nanjing gdp 1; nanjing gdp 2; nanjing pop 7");
    exec_refused (dora, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                        "VALUES (2020, 'suzhou', 'pop', 1, 'dora', 't')",
                  "42501", "row-level security");
    kh_pg_harness_exec (dora, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                              "VALUES (2020, 'nanjing', 'area', 1, 'dora', 't')");
    kh_db_close (dora);
  }

  /* Refusals: named, and nothing changes. */
  before = rows (admin, "SELECT count(*) FROM evaluator_scopes");
  {
    static const struct
    {
      const char *args[8];
      int status;
      const char *words;
    } cases[] = {
      { { "grant", "nobody", "--category", "city" }, 1, "no role “nobody” on the server" },
      { { "grant", "vic", "--category", "city" }, 1, "“vic” is not a member of kaohe_evaluator" },
      { { "grant", "ann", "--category", "nowhere" }, 1, "no category “nowhere” in the project" },
      { { "grant", "ann", "--category", "city", "--unit", "nju" }, 1,
        "unit “nju” is of category “university”, not “city”" },
      { { "grant", "ann", "--category", "city", "--unit", "wuxi" }, 1,
        "no unit “wuxi” in the project" },
      { { "grant", "ann", "--category", "city", "--field", "" }, 1, "an empty field name" },
      { { "grant", "ann" }, 2, "give the category with --category" },
      { { "revoke", "ann", "--unit", "nanjing" }, 2, "--unit and --field need --category" },
      { { "grant", "" , "--category", "city" }, 2, "the role is empty" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *argv[12] = { cases[i].args[0], uri };
        g_autoptr (KhCliRun) run = NULL;
        g_autofree char *after = NULL;

        for (guint j = 1; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j] != NULL; j++)
          argv[j + 1] = cases[i].args[j];
        run = kh_test_cli_runv (argv);
        g_assert_cmpint (run->status, ==, cases[i].status);
        if (strstr (run->err, cases[i].words) == NULL)
          g_error ("case %u: “%s” does not say “%s”", i, run->err, cases[i].words);
        after = rows (admin, "SELECT count(*) FROM evaluator_scopes");
        g_assert_cmpstr (after, ==, before);
      }
  }
  {
    g_autofree char *bare = kh_pg_harness_uri_of (pg, "postgres");
    g_autoptr (KhCliRun) not_ready = kh_test_cli_run ("scopes", bare, NULL);

    g_assert_cmpint (not_ready->status, ==, 1);
    if (strstr (not_ready->err, "/postgres?host=") == NULL
        || !g_str_has_suffix (not_ready->err, ": no evaluators' scopes in this database: make "
                                              "it ready with “kaohe-cli init-server” first\n"))
      g_error ("“%s”", not_ready->err);
  }
  {
    g_autoptr (KhCliRun) file = kh_test_cli_run ("grant", "/tmp/p.kaohe", "ann", "--category",
                                                 "city", NULL);

    g_assert_cmpint (file->status, ==, 2);
    g_assert_nonnull (strstr (file->err, "/tmp/p.kaohe is not a PostgreSQL URI"));
  }
  kh_db_close (carl);
  kh_db_close (admin);
}

/* SQL in names and URIs is data: stored and compared as text, never run. */
static void
test_injection (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *admin = fresh_project ("injection");
  g_autofree char *uri = kh_pg_harness_uri_of (pg, "injection");
  g_auto (GStrv) tables = tables_of (admin);
  const char *unit_name = "南京'); DROP TABLE data_values; --";
  const char *field = "gdp' OR '1'='1";
  const char *role = "eve\"; DROP TABLE units; --";
  KhDb *eve;

  /* A unit's name and a field's, through KhDb's parameters. */
  {
    g_autoptr (KhDbStmt) unit = kh_db_prepare (admin, "INSERT INTO units (id, name_zh, category_id, "
                                                      "from_year) VALUES ('x1', ?, 'city', 2020)",
                                            &error);
    g_autoptr (KhDbStmt) value = NULL;
    g_autoptr (KhDbStmt) back = NULL;

    g_assert_no_error (error);
    kh_db_bind_text (unit, 1, unit_name);
    kh_db_step (unit, &error);
    g_assert_no_error (error);
    value = kh_db_prepare (admin, "INSERT INTO data_values (year, unit_id, field, value, "
                                  "edited_by, edited_at) VALUES (2020, 'x1', ?, 8, 'olga', 't')",
                           &error);
    g_assert_no_error (error);
    kh_db_bind_text (value, 1, field);
    g_assert_cmpint (kh_db_step (value, &error), ==, KH_DB_STEP_DONE);
    g_assert_no_error (error);
    back = kh_db_prepare (admin, "SELECT u.name_zh, v.field FROM units u JOIN data_values v "
                                 "ON v.unit_id = u.id WHERE u.id = 'x1'", &error);
    g_assert_no_error (error);
    g_assert_cmpint (kh_db_step (back, &error), ==, KH_DB_STEP_ROW);
    g_assert_cmpstr (kh_db_column_text (back, 0), ==, unit_name);
    g_assert_cmpstr (kh_db_column_text (back, 1), ==, field);
  }

  /* A role, a unit and a field given to `grant`. */
  kh_pg_harness_exec (admin, "CREATE ROLE \"eve\"\"; DROP TABLE units; --\" LOGIN IN ROLE kaohe_evaluator");
  {
    g_autoptr (KhCliRun) no_role = kh_test_cli_run ("grant", uri, "ann'; DROP TABLE evaluator_scopes; --",
                                                    "--category", "city", NULL);
    g_autoptr (KhCliRun) no_unit = kh_test_cli_run ("grant", uri, role, "--category", "city",
                                                    "--unit", "nanjing' OR '1'='1", NULL);
    g_autoptr (KhCliRun) grant = kh_test_cli_run ("grant", uri, role, "--category", "city",
                                                  "--field", field, NULL);
    g_autoptr (KhCliRun) list = kh_test_cli_run ("scopes", uri, role, NULL);
    g_autofree char *expected = g_strdup_printf ("%s\tcity\t*\t%s\n", role, field);

    g_assert_cmpint (no_role->status, ==, 1);
    g_assert_nonnull (strstr (no_role->err, "no role “ann'; DROP TABLE evaluator_scopes; --”"));
    g_assert_cmpint (no_unit->status, ==, 1);
    g_assert_nonnull (strstr (no_unit->err, "no unit “nanjing' OR '1'='1” in the project"));
    g_assert_cmpint (grant->status, ==, 0);
    g_assert_cmpstr (list->out, ==, expected);
  }
  /* eve's scope is the field named that, no other. */
  {
    g_autofree char *eve_uri = NULL;
    g_autofree char *seen = NULL;
    g_autofree char *escaped = g_uri_escape_string (role, NULL, FALSE);

    eve_uri = g_strdup_printf ("postgresql:///injection?host=%s&user=%s", kh_pg_harness_dir (pg),
                               escaped);
    eve = kh_db_open (eve_uri, &error);
    g_assert_no_error (error);
    seen = rows (eve, "SELECT unit_id, field FROM data_values");
    g_assert_cmpstr (seen, ==, "x1 gdp' OR '1'='1");
  }
  kh_pg_harness_exec (eve, "UPDATE data_values SET value = 0, edited_by = session_user WHERE field = 'gdp'");
  exec_refused (eve, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'x1', 'gdp', 1, session_user, 't')",
                "42501", "row-level security");
  {
    g_autofree char *gdp = rows (admin, "SELECT count(*) FROM data_values WHERE field = 'gdp' "
                                        "AND value = 0");

    /* The UPDATE saw none of them: nothing changed. */
    g_assert_cmpstr (gdp, ==, "0");
  }

  /* URIs: a database or a service named with SQL is only a name the server does not
   * know. */
  {
    g_autofree char *bad_db = g_strdup_printf ("postgresql:///injection%%27%%3BDROP%%20TABLE%%20units"
                                               "%%3B--?host=%s&user=kaohe",
                                               kh_pg_harness_dir (pg));
    g_autoptr (KhCliRun) init = kh_test_cli_run ("init-server", bad_db, NULL);
    g_autoptr (KhCliRun) service = kh_test_cli_run ("scopes", "service=x' OR '1'='1", NULL);

    g_assert_cmpint (init->status, ==, 1);
    g_assert_nonnull (strstr (init->err, "Cannot connect to postgresql://kaohe@/injection';DROP TABLE units;--"));
    g_assert_nonnull (strstr (init->err, "does not exist"));
    g_assert_cmpint (service->status, ==, 1);
    g_assert_true (g_str_has_prefix (service->err, "Cannot connect to "));
  }

  /* Every table still there, the values whole. */
  {
    g_auto (GStrv) after = tables_of (admin);
    g_autofree char *was = g_strjoinv (" ", tables);
    g_autofree char *now = g_strjoinv (" ", after);
    g_autofree char *values = rows (admin, VALUES_BY_YEAR);

    g_assert_cmpstr (now, ==, was);
    g_assert_cmpstr (values, ==, "nanjing gdp 1; nanjing gdp 2; nju papers 4; suzhou gdp 3; "
                                 "x1 gdp' OR '1'='1 8");
  }
  kh_db_close (eve);
  kh_db_close (admin);
}

/* @dbname as @user with libpq's `options` (URI-escaped): the session's settings. */
static KhDb *
open_with_options (const char *dbname,
                   const char *user,
                   const char *options)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (options, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("postgresql:///%s?host=%s&user=%s&options=%s", dbname,
                                          kh_pg_harness_dir (pg), user, escaped);
  KhDb *db = kh_db_open (uri, &error);

  g_assert_no_error (error);
  return db;
}

/* What a login puts in its URI's `options` sets its own session only, and none of it opens
 * what its role may not do: row-level security cannot be switched off (the server refuses
 * the query rather than run it unfiltered), the role and the session's user cannot be
 * changed to the administrator's, and a search path to a schema of its own making, or to
 * its temporary tables first, does not reach the policies and triggers (their names were
 * resolved when they were made, their functions pinned to the project's schema). */
static void
test_uri_options (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *admin = fresh_project ("uri_options");
  KhDb *ann;
  g_autofree char *end = NULL;

  /* row_security=off: refused for a table with policies, not read past them. */
  ann = open_with_options ("uri_options", "ann", "-c row_security=off");
  exec_refused (ann, "SELECT count(*) FROM data_values", "42501",
                "query would be affected by row-level security policy for table \"data_values\"");
  exec_refused (ann, "UPDATE data_values SET value = 0 WHERE unit_id = 'nju'", "42501",
                "row-level security");
  kh_db_close (ann);

  /* The administrator's role or user: the connection itself is refused. */
  {
    g_autofree char *role = g_strdup_printf ("postgresql:///uri_options?host=%s&user=ann&options="
                                             "-c%%20role%%3Dkaohe_admin",
                                             kh_pg_harness_dir (pg));
    g_autofree char *auth = g_strdup_printf ("postgresql:///uri_options?host=%s&user=ann&options="
                                             "-c%%20session_authorization%%3Dkaohe",
                                             kh_pg_harness_dir (pg));
    KhDb *db = kh_db_open (role, &error);

    g_assert_null (db);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "permission denied to set role \"kaohe_admin\""));
    g_clear_error (&error);
    db = kh_db_open (auth, &error);
    g_assert_null (db);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "permission denied to set session authorization"));
    g_clear_error (&error);
  }

  /* search_path=pg_temp, public: her temporary tables first, scopes and unsealed years of
   * her own making; the university's value and the sealed year stay out of reach. */
  ann = open_with_options ("uri_options", "ann", "-c search_path=pg_temp,public");
  kh_pg_harness_exec (ann, "CREATE TEMP TABLE evaluator_scopes (role_name TEXT, category_id TEXT, "
                           "unit_id TEXT, field TEXT);\n"
                           "INSERT INTO pg_temp.evaluator_scopes VALUES ('ann', 'university', NULL, NULL);\n"
                           "CREATE TEMP TABLE years (year BIGINT, sealed BIGINT)");
  exec_refused (ann, "INSERT INTO public.data_values (year, unit_id, field, value, edited_by, "
                     "edited_at) VALUES (2020, 'nju', 'staff', 9, 'ann', 't')",
                "42501", "row-level security");
  exec_refused (ann, "UPDATE public.data_values SET value = 9, edited_by = 'ann' WHERE year = 2019",
                "P0001", "sealed year");
  kh_db_close (ann);
  /* A schema of her own she cannot even make. */
  ann = open_with_options ("uri_options", "ann", "-c search_path=evil,public");
  exec_refused (ann, "CREATE SCHEMA evil", "42501", "permission denied for database uri_options");
  exec_refused (ann, "CREATE TABLE data_values (x INT)", "42501", "permission denied for schema public");
  kh_db_close (ann);

  end = rows (admin, VALUES_BY_YEAR);
  g_assert_cmpstr (end, ==, "nanjing gdp 1; nanjing gdp 2; nju papers 4; suzhou gdp 3");
  kh_db_close (admin);
}

static void
test_roles (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("init-server", kh_pg_harness_uri (pg), NULL);
  g_autoptr (KhCliRun) again = NULL;
  g_autoptr (GError) error = NULL;
  KhDb *admin, *ann, *carl, *vic;
  g_autofree char *all = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_suffix (run->out, ": project schema version "
                                             G_STRINGIFY (KH_PROJECT_SCHEMA_VERSION)
                                             ", roles kaohe_admin, kaohe_evaluator and "
                                             "kaohe_viewer, row-level security on every table\n"));
  /* Again: nothing changes, no error. */
  again = kh_test_cli_run ("init-server", kh_pg_harness_uri (pg), NULL);
  g_assert_cmpint (again->status, ==, 0);

  /* The superuser who ran init-server makes the office's logins and data. */
  admin = kh_pg_harness_open (pg);
  kh_pg_harness_exec (admin,
                      "CREATE ROLE olga LOGIN IN ROLE kaohe_admin;\n"
                      "CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator;\n"
                      "CREATE ROLE carl LOGIN IN ROLE kaohe_evaluator;\n"
                      "CREATE ROLE vic LOGIN IN ROLE kaohe_viewer;\n"
                      "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市'), ('university', '高校');\n"
                      "INSERT INTO units (id, name_zh, category_id) VALUES ('nanjing', '南京市', 'city'),\n"
                      "  ('suzhou', '苏州市', 'city'), ('nju', '南京大学', 'university');\n"
                      "INSERT INTO years (year) VALUES (2020);\n"
                      "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) VALUES\n"
                      "  (2020, 'nanjing', 'gdp', 1, 'olga', 't'), (2020, 'nanjing', 'pop', 2, 'olga', 't'),\n"
                      "  (2020, 'suzhou', 'gdp', 3, 'olga', 't'), (2020, 'nju', 'papers', 4, 'olga', 't');\n"
                      /* ann: every city's values; carl: Suzhou's gdp only */
                      "INSERT INTO evaluator_scopes (role_name, category_id, unit_id, field) VALUES\n"
                      "  ('ann', 'city', NULL, NULL), ('carl', 'city', 'suzhou', 'gdp')");
  all = rows (admin, VALUES_BY_YEAR);
  g_assert_cmpstr (all, ==, "nanjing gdp 1; nanjing pop 2; nju papers 4; suzhou gdp 3");

  /* ann, the cities' evaluator: reads and writes the cities' values, not the university's,
   * even with raw SQL. */
  ann = open_as ("ann");
  {
    g_autofree char *seen = rows (ann, VALUES_BY_YEAR);

    g_assert_cmpstr (seen, ==, "nanjing gdp 1; nanjing pop 2; suzhou gdp 3");
  }
  kh_pg_harness_exec (ann, "UPDATE data_values SET value = 10, edited_by = 'ann' "
                           "WHERE unit_id = 'nanjing' AND field = 'gdp'");
  /* Each value she writes names her: not olga, who wrote Nanjing's pop. */
  exec_refused (ann, "UPDATE data_values SET value = 11 WHERE unit_id = 'nanjing' AND field = 'pop'",
                "42501", "row-level security");
  exec_refused (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'suzhou', 'area', 5, 'olga', 't')",
                "42501", "row-level security");
  kh_pg_harness_exec (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                           "VALUES (2020, 'suzhou', 'pop', 5, 'ann', 't')");
  exec_refused (ann, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'nju', 'staff', 9, 'ann', 't')",
                "42501", "row-level security");
  /* The university's rows are invisible to her UPDATE and DELETE: nothing happens. */
  kh_pg_harness_exec (ann, "UPDATE data_values SET value = 99 WHERE unit_id = 'nju'");
  kh_pg_harness_exec (ann, "DELETE FROM data_values WHERE unit_id = 'nju'");
  /* Nor can she move a city's value to the university. */
  exec_refused (ann, "UPDATE data_values SET unit_id = 'nju' WHERE unit_id = 'suzhou' AND field = 'pop'",
                "42501", "row-level security");
  /* Frameworks, units and seals are the administrator's. */
  exec_refused (ann, "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'city', '<f/>')",
                "42501", "permission denied");
  exec_refused (ann, "UPDATE years SET sealed = 1", "42501", "permission denied");
  exec_refused (ann, "DELETE FROM evaluator_scopes", "42501", "permission denied");

  /* carl: Suzhou's gdp only. */
  carl = open_as ("carl");
  {
    g_autofree char *seen = rows (carl, VALUES_BY_YEAR);

    g_assert_cmpstr (seen, ==, "suzhou gdp 3");
  }
  kh_pg_harness_exec (carl, "UPDATE data_values SET value = 30, edited_by = 'carl' "
                            "WHERE unit_id = 'suzhou' AND field = 'gdp'");
  kh_pg_harness_exec (carl, "UPDATE data_values SET value = 50, edited_by = 'carl' "
                            "WHERE unit_id = 'suzhou' AND field = 'pop'");
  exec_refused (carl, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                      "VALUES (2020, 'nanjing', 'area', 6, 'carl', 't')",
                "42501", "row-level security");

  /* vic, the viewer: reads everything, writes nothing. */
  vic = open_as ("vic");
  {
    g_autofree char *seen = rows (vic, VALUES_BY_YEAR);

    g_assert_cmpstr (seen, ==, "nanjing gdp 10; nanjing pop 2; nju papers 4; suzhou gdp 30; suzhou pop 5");
  }
  exec_refused (vic, "UPDATE data_values SET value = 0", "42501", "permission denied");
  exec_refused (vic, "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                     "VALUES (2020, 'nanjing', 'area', 6, 'vic', 't')",
                "42501", "permission denied");
  exec_refused (vic, "DELETE FROM data_values", "42501", "permission denied");
  exec_refused (vic, "INSERT INTO audit_log (seq, at, user_name, action, detail, prev_hash, hash) "
                     "VALUES (1, 't', 'vic', 'x', 'x', 'x', 'x')",
                "42501", "permission denied");

  /* What the administrator sees at the end: ann's and carl's edits within their scopes
   * (nanjing gdp 10, suzhou pop 5, suzhou gdp 30); the university's value untouched; carl's
   * write outside his field (suzhou pop 50) hidden from him and not made. */
  {
    g_autofree char *end = rows (admin, VALUES_BY_YEAR);

    g_assert_cmpstr (end, ==, "nanjing gdp 10; nanjing pop 2; nju papers 4; suzhou gdp 30; suzhou pop 5");
  }
  /* olga, an administrator login, writes anywhere. */
  {
    KhDb *olga = open_as ("olga");

    kh_pg_harness_exec (olga, "UPDATE data_values SET value = 44 WHERE unit_id = 'nju'");
    kh_pg_harness_exec (olga, "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'university', '<f/>')");
    /* but row by row, so that the triggers see every change: the log stays append-only. */
    kh_pg_harness_exec (olga, "INSERT INTO audit_log (seq, at, user_name, action, detail, prev_hash, hash) "
                              "VALUES (1, 't', 'olga', 'edit', 'x', 'p', 'h1')");
    exec_refused (olga, "DELETE FROM audit_log", "P0001", "the audit log is append-only");
    exec_refused (olga, "TRUNCATE audit_log", "42501", "permission denied");
    exec_refused (olga, "TRUNCATE data_values", "42501", "permission denied");
    kh_db_close (olga);
  }
  kh_db_close (vic);
  kh_db_close (carl);
  kh_db_close (ann);
  kh_db_close (admin);
}

static void
test_refusals (void)
{
  g_autoptr (KhCliRun) file = kh_test_cli_run ("init-server", "/tmp/project.kaohe", NULL);
  g_autoptr (KhCliRun) nothing = kh_test_cli_run ("init-server", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-server-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "t.kaohe", NULL);
  KhDb *db;

  /* A file is no server: usage error (2), nothing created. */
  g_assert_cmpint (file->status, ==, 2);
  g_assert_nonnull (strstr (file->err, "/tmp/project.kaohe is not a PostgreSQL URI (postgresql://… or service=…)"));
  g_assert_false (g_file_test ("/tmp/project.kaohe", G_FILE_TEST_EXISTS));
  g_assert_cmpint (nothing->status, ==, 2);
  g_assert_nonnull (strstr (nothing->err, "give one database URI"));

  /* kh_db_server_init on SQLite says why. */
  g_assert_no_error (error);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (kh_db_server_init (db, &error));
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "t.kaohe is not a PostgreSQL database: roles and "
                                                   "row-level security need a server "
                                                   "(postgresql://… or service=…)"));
  kh_db_close (db);
  g_remove (path);
  g_rmdir (dir);
}

/* The server's own checks (kh_db_server_check(), which verify runs) as one text, a line
 * each. */
static char *
server_problems (KhDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_assert_true (kh_db_server_check (db, problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (out, "%s\n", (char *) problems->pdata[i]);
  return g_string_free (out, FALSE);
}

#define OUTSIDE "(the database was changed outside Kaohe)"

/* Verify checks row-level security, the policies and the grants against what init-server
 * makes: a fresh database passes; a policy dropped, loosened, added, row-level security
 * switched off, a privilege given or taken away are each named by table and policy or
 * role; init-server run again puts back its own, and leaves an extra policy, still named. */
static void
test_check (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_uri_of (pg, "checked");
  KhDb *admin = fresh_project ("checked");
  g_autofree char *text = server_problems (admin);

  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  kh_pg_harness_exec (admin,
                      "DROP POLICY kaohe_scope_delete ON data_values;\n"
                      "ALTER POLICY kaohe_scope_read ON data_values USING (true);\n"
                      "ALTER POLICY kaohe_read ON units TO kaohe_evaluator, kaohe_viewer, ann;\n"
                      "CREATE POLICY peek ON survey_salt FOR SELECT TO kaohe_viewer USING (true);\n"
                      "ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;\n"
                      "GRANT UPDATE ON audit_log TO kaohe_evaluator;\n"
                      "GRANT SELECT ON survey_salt TO PUBLIC;\n"
                      "REVOKE SELECT ON units FROM kaohe_viewer");
  text = server_problems (admin);
  g_assert_cmpstr (text, ==,
                   "table “audit_log”: row-level security is off " OUTSIDE "\n"
                   "table “data_values”: the row-level security policy “kaohe_scope_read” is "
                   "not the one Kaohe created (it was changed outside Kaohe): FOR SELECT TO "
                   "kaohe_evaluator USING true\n"
                   "table “data_values”: the row-level security policy “kaohe_scope_delete” is "
                   "missing " OUTSIDE "\n"
                   "table “units”: the row-level security policy “kaohe_read” is not the one "
                   "Kaohe created (it was changed outside Kaohe): FOR SELECT TO "
                   "ann,kaohe_evaluator,kaohe_viewer USING true\n"
                   "table “survey_salt”: an extra row-level security policy “peek” that Kaohe "
                   "did not create " OUTSIDE ": FOR SELECT TO kaohe_viewer USING true\n"
                   "table “audit_log”: kaohe_evaluator has the privilege UPDATE, which Kaohe "
                   "does not grant " OUTSIDE "\n"
                   "table “survey_salt”: PUBLIC has the privilege SELECT, which Kaohe does not "
                   "grant " OUTSIDE "\n"
                   "table “units”: kaohe_viewer lacks the privilege SELECT Kaohe grants " OUTSIDE
                   "\n");

  /* verify says the same, among its findings, and so fails. */
  {
    g_autoptr (KhProject) project = kh_project_open_to_verify (uri, &error);
    g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_no_error (error);
    g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_ptr_array_find_with_equal_func (
      problems,
      "table “audit_log”: kaohe_evaluator has the privilege UPDATE, which Kaohe does not grant "
      OUTSIDE, g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (
      problems, "table “audit_log”: row-level security is off " OUTSIDE, g_str_equal, NULL));
  }

  /* init-server again puts back what it makes; someone else's policy stays, named. */
  g_assert_true (kh_db_server_init (admin, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = server_problems (admin);
  g_assert_cmpstr (text, ==,
                   "table “survey_salt”: an extra row-level security policy “peek” that Kaohe "
                   "did not create " OUTSIDE ": FOR SELECT TO kaohe_viewer USING true\n");
  kh_pg_harness_exec (admin, "DROP POLICY peek ON survey_salt");
  g_clear_pointer (&text, g_free);
  text = server_problems (admin);
  g_assert_cmpstr (text, ==, "");

  /* A database init-server never made ready has none of this, and nothing is said. */
  {
    KhDb *bare = kh_pg_harness_open_empty (pg);

    g_clear_pointer (&text, g_free);
    text = server_problems (bare);
    g_assert_cmpstr (text, ==, "");
    kh_db_close (bare);
  }
  kh_db_close (admin);
}

/* Verify checks also the privileges on columns, sequences, functions and the schema, and
 * the schema's functions themselves (owner, SECURITY DEFINER, search path, body), against
 * what init-server makes: an untouched server gives no message; each of eleven tamperings
 * gives its own, naming the object and the role; init-server run again puts back what it
 * makes (the search paths, kaohe_audit_head(), the grants it makes; its REVOKE ALL on each
 * table takes the column's grant with it) and leaves the rest, still named. */
static void
test_check_objects (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *admin = fresh_project ("checked_objects");
  g_autofree char *text = server_problems (admin);
  g_autofree char *sequences = rows (admin, "SELECT relname FROM pg_class WHERE relkind = 'S' "
                                            "AND relnamespace = (SELECT oid FROM pg_namespace "
                                            "WHERE nspname = current_schema ()) ORDER BY 1");

  g_assert_cmpstr (text, ==, "");
  /* The identity columns' sequences (INTEGER PRIMARY KEY in SQLite). */
  g_assert_cmpstr (sequences, ==, "audit_log_seq_seq; notes_id_seq; survey_salt_id_seq; "
                                  "years_year_seq");
  kh_pg_harness_exec (admin,
                      "GRANT UPDATE (value) ON data_values TO kaohe_viewer;\n"
                      "GRANT UPDATE ON SEQUENCE audit_log_seq_seq TO kaohe_evaluator;\n"
                      "REVOKE USAGE ON SEQUENCE years_year_seq FROM kaohe_admin;\n"
                      "GRANT CREATE ON SCHEMA public TO kaohe_evaluator;\n"
                      "REVOKE USAGE ON SCHEMA public FROM kaohe_viewer;\n"
                      "ALTER FUNCTION audit_log_no_delete () SECURITY DEFINER;\n"
                      "ALTER FUNCTION years_sealed_update () OWNER TO olga;\n"
                      "ALTER FUNCTION kaohe_notify_units () SET search_path = pg_temp, public;\n"
                      "GRANT EXECUTE ON FUNCTION kaohe_audit_head () TO PUBLIC;\n"
                      "CREATE OR REPLACE FUNCTION kaohe_audit_head () RETURNS BIGINT LANGUAGE sql "
                      "STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
                      "SELECT max (seq) + 1 FROM audit_log $$;\n"
                      "CREATE FUNCTION shadow (x INT) RETURNS INT LANGUAGE sql AS $$ SELECT x $$");
  g_clear_pointer (&text, g_free);
  text = server_problems (admin);
  g_assert_cmpstr (text, ==,
                   "table “data_values”, column “value”: kaohe_viewer has the privilege UPDATE, "
                   "which Kaohe does not grant " OUTSIDE "\n"
                   "sequence “audit_log_seq_seq”: kaohe_evaluator has the privilege UPDATE, "
                   "which Kaohe does not grant " OUTSIDE "\n"
                   "sequence “years_year_seq”: kaohe_admin lacks the privilege USAGE Kaohe "
                   "grants " OUTSIDE "\n"
                   "schema “public”: kaohe_evaluator has the privilege CREATE, which Kaohe does "
                   "not grant " OUTSIDE "\n"
                   "schema “public”: kaohe_viewer lacks the privilege USAGE Kaohe grants "
                   OUTSIDE "\n"
                   "function “audit_log_no_delete()”: SECURITY DEFINER (it runs with its "
                   "owner's rights), which Kaohe does not make it " OUTSIDE "\n"
                   "function “kaohe_audit_head()”: its body is not the one Kaohe created (it "
                   "was changed outside Kaohe): LANGUAGE sql AS SELECT max (seq) + 1 FROM "
                   "audit_log\n"
                   "function “kaohe_notify_units()”: its settings are “search_path=pg_temp, "
                   "public”, not “search_path=public, pg_temp” as Kaohe sets them " OUTSIDE "\n"
                   "function “shadow(integer)”: an extra function in the project's schema that "
                   "Kaohe did not create " OUTSIDE "\n"
                   "function “years_sealed_update()”: owned by olga, not by kaohe, who owns the "
                   "project's tables " OUTSIDE "\n"
                   "function “kaohe_audit_head()”: PUBLIC has the privilege EXECUTE, which "
                   "Kaohe does not grant " OUTSIDE "\n");

  /* init-server again: what it makes is made again; what it does not touch stays, named. */
  g_assert_true (kh_db_server_init (admin, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = server_problems (admin);
  g_assert_cmpstr (text, ==,
                   "sequence “audit_log_seq_seq”: kaohe_evaluator has the privilege UPDATE, "
                   "which Kaohe does not grant " OUTSIDE "\n"
                   "schema “public”: kaohe_evaluator has the privilege CREATE, which Kaohe does "
                   "not grant " OUTSIDE "\n"
                   "function “audit_log_no_delete()”: SECURITY DEFINER (it runs with its "
                   "owner's rights), which Kaohe does not make it " OUTSIDE "\n"
                   "function “shadow(integer)”: an extra function in the project's schema that "
                   "Kaohe did not create " OUTSIDE "\n"
                   "function “years_sealed_update()”: owned by olga, not by kaohe, who owns the "
                   "project's tables " OUTSIDE "\n");
  kh_pg_harness_exec (admin,
                      "REVOKE UPDATE ON SEQUENCE audit_log_seq_seq FROM kaohe_evaluator;\n"
                      "REVOKE CREATE ON SCHEMA public FROM kaohe_evaluator;\n"
                      "ALTER FUNCTION audit_log_no_delete () SECURITY INVOKER;\n"
                      "ALTER FUNCTION years_sealed_update () OWNER TO kaohe;\n"
                      "DROP FUNCTION shadow (INT)");
  g_clear_pointer (&text, g_free);
  text = server_problems (admin);
  g_assert_cmpstr (text, ==, "");
  kh_db_close (admin);
}

/* The version kaohe_schema records. */
static int
version_of (KhDb *db)
{
  g_autoptr (GError) error = NULL;
  int version = kh_db_schema_version (db, &error);

  g_assert_no_error (error);
  return version;
}

#define UPGRADED_ROWS \
  "SELECT 'unit', id, name_zh, category_id FROM units UNION ALL " \
  "SELECT 'value', unit_id || '/' || field, CAST (year AS TEXT), CAST (value AS TEXT) " \
  "FROM data_values UNION ALL " \
  "SELECT 'scope', role_name, category_id, COALESCE (unit_id, '*') FROM evaluator_scopes " \
  "UNION ALL SELECT 'year', CAST (year AS TEXT), CAST (sealed AS TEXT), '' FROM years " \
  "ORDER BY 1, 2, 3"

/* A project on a server made ready at schema version 11 (its migrations up to 11 only),
 * with rows, brought to this version by init-server run again: refused to a member of
 * kaohe_admin who does not own the tables; a migration failing half-way leaves version 11
 * and the rows as they were; then upgraded in one transaction, audited, the rows the same,
 * the units' places those of their insertion, and verify passing — row-level security,
 * policies and grants made again over the new schema, an evaluator still kept to its
 * scopes. */
static void
test_upgrade (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, "upgraded");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *places = NULL;
  g_autofree char *seen = NULL;
  KhDb *admin;
  KhDb *olga;
  KhDb *ann;

  admin = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_server_init_at (admin, 11, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version_of (admin), ==, 11);
  /* Version 12 added the units' places: not there yet. */
  g_assert_cmpstr ((after = rows (admin, "SELECT count(*) FROM information_schema.columns "
                                         "WHERE table_name = 'units' AND column_name = 'position'")),
                   ==, "0");
  g_clear_pointer (&after, g_free);
  kh_pg_harness_exec (admin,
                      LOGINS
                      "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市'), ('university', '高校');\n"
                      "INSERT INTO units (id, name_zh, category_id) VALUES ('suzhou', '苏州市', 'city'),\n"
                      "  ('nanjing', '南京市', 'city'), ('nju', '南京大学', 'university');\n"
                      "INSERT INTO years (year) VALUES (2019), (2020);\n"
                      "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) VALUES\n"
                      "  (2019, 'nanjing', 'gdp', 1.5, 'olga', 't'), (2020, 'nanjing', 'gdp', 2, 'olga', 't'),\n"
                      "  (2020, 'suzhou', 'gdp', 3, 'olga', 't'), (2020, 'nju', 'papers', 4, 'olga', 't');\n"
                      "INSERT INTO evaluator_scopes (role_name, category_id, unit_id, field) VALUES\n"
                      "  ('ann', 'city', NULL, NULL)");
  before = rows (admin, UPGRADED_ROWS);

  /* Kaohe does not open it before it is upgraded, and says how. */
  {
    g_autoptr (KhProject) project = kh_project_open (uri, &error);
    g_autofree char *want = g_strdup_printf ("a project of format 11; its administrator brings "
                                             "it to format %d with “kaohe-cli init-server”",
                                             KH_PROJECT_SCHEMA_VERSION);

    g_assert_null (project);
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_VERSION);
    g_assert_true (g_str_has_suffix (error->message, want));
    g_clear_error (&error);
  }

  /* Not the owner of the tables: refused, nothing changed. */
  olga = open_in ("upgraded", "olga");
  g_assert_false (kh_db_server_init (olga, &error));
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "42501");
  {
    g_autofree char *want = g_strdup_printf ("holds a project of schema version 11, which only "
                                             "the owner of its tables (kaohe, who made it ready) "
                                             "can bring to version %d",
                                             KH_PROJECT_SCHEMA_VERSION);

    if (strstr (error->message, want) == NULL)
      g_error ("“%s” does not say “%s”", error->message, want);
  }
  g_clear_error (&error);
  kh_db_close (olga);
  g_assert_cmpint (version_of (admin), ==, 11);

  /* A migration that fails half-way (its column already there): all rolled back. */
  kh_pg_harness_exec (admin, "ALTER TABLE units ADD COLUMN position TEXT");
  g_assert_false (kh_db_server_init (admin, &error));
  g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "42701"); /* duplicate_column */
  g_clear_error (&error);
  kh_pg_harness_exec (admin, "ALTER TABLE units DROP COLUMN position");
  g_assert_cmpint (version_of (admin), ==, 11);
  g_assert_cmpstr ((after = rows (admin, "SELECT count(*) FROM audit_log")), ==, "0");
  g_clear_pointer (&after, g_free);
  after = rows (admin, UPGRADED_ROWS);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* The owner upgrades. */
  g_assert_true (kh_db_server_init (admin, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version_of (admin), ==, KH_PROJECT_SCHEMA_VERSION);
  after = rows (admin, UPGRADED_ROWS);
  g_assert_cmpstr (after, ==, before);
  audit = rows (admin, "SELECT seq, user_name, action, detail FROM audit_log ORDER BY seq");
  {
    g_autofree char *want = g_strdup_printf ("1 kaohe migrate from=11\nto=%d",
                                             KH_PROJECT_SCHEMA_VERSION);

    g_assert_cmpstr (audit, ==, want);
  }
  /* Each unit's place: the order the rows were inserted in. */
  places = rows (admin, "SELECT id, position FROM units ORDER BY position");
  g_assert_cmpstr (places, ==, "suzhou 1; nanjing 2; nju 3");

  /* verify passes: schema, triggers, the chain, row-level security, policies, grants. */
  {
    g_autoptr (KhProject) project = kh_project_open_to_verify (uri, &error);
    g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    g_assert_true (kh_project_verify (project, problems, NULL, NULL, &error));
    g_assert_no_error (error);
    g_ptr_array_add (problems, NULL);
    text = g_strjoinv ("\n", (char **) problems->pdata);
    g_assert_cmpstr (text, ==, "");
  }
  /* An evaluator still sees the values of its scopes only. */
  ann = open_in ("upgraded", "ann");
  seen = rows (ann, "SELECT unit_id, year FROM data_values ORDER BY unit_id, year");
  g_assert_cmpstr (seen, ==, "nanjing 2019; nanjing 2020; suzhou 2020");
  kh_db_close (ann);
  kh_db_close (admin);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db-server/roles", test_roles);
  g_test_add_func ("/db-server/refusals", test_refusals);
  g_test_add_func ("/db-server/every-table", test_every_table);
  g_test_add_func ("/db-server/scoped-reads", test_scoped_reads);
  g_test_add_func ("/db-server/audit-rows", test_audit_rows);
  g_test_add_func ("/db-server/temporary-tables", test_temporary_tables);
  g_test_add_func ("/db-server/evaluator-edit", test_evaluator_edit);
  g_test_add_func ("/db-server/grant", test_grant);
  g_test_add_func ("/db-server/injection", test_injection);
  g_test_add_func ("/db-server/uri-options", test_uri_options);
  g_test_add_func ("/db-server/check", test_check);
  g_test_add_func ("/db-server/check-objects", test_check_objects);
  g_test_add_func ("/db-server/upgrade", test_upgrade);

  return kh_pg_harness_run_tests (&pg);
}
