/* test-db-schema.c — the project schema (version 10) on PostgreSQL, beside SQLite's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema is created through KhDb from kh-project-schema.c's migrations, on a SQLite
 * file and on a throwaway server (translated, kh-db-schema.h); then raw SQL, as someone
 * with a SQL prompt would write it, meets the same triggers with the same words.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db-schema.h"
#include "io/kh-project.h"
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
  g_autoptr (GError) error = NULL;

  if (GPOINTER_TO_INT (data) == KH_DB_SQLITE)
    {
      g_autofree char *path = NULL;

      f->dir = g_dir_make_tmp ("kh-db-schema-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (f->dir, "t.kaohe", NULL);
      f->db = kh_db_open (path, &error);
      g_assert_no_error (error);
    }
  else
    f->db = kh_pg_harness_open_empty (pg);
  g_assert_cmpint (kh_db_schema_version (f->db, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (kh_db_schema_create (f->db, KH_PROJECT_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_db_close (f->db);
  if (f->dir != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, "t.kaohe", NULL);

      g_unlink (path);
      g_rmdir (f->dir);
      g_free (f->dir);
    }
}

static GPtrArray *
strings (KhDb       *db,
         const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  KhDbStep step;

  g_assert_no_error (error);
  while ((step = kh_db_step (stmt, &error)) == KH_DB_STEP_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < kh_db_column_count (stmt); c++)
        g_string_append_printf (row, "%s%s", c > 0 ? " " : "", kh_db_column_text (stmt, c));
      g_ptr_array_add (out, g_string_free (row, FALSE));
    }
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, KH_DB_STEP_DONE);
  return out;
}

static gint64
count (KhDb       *db,
       const char *sql)
{
  g_autoptr (GPtrArray) rows = strings (db, sql);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_ascii_strtoll (rows->pdata[0], NULL, 10);
}

static void
test_version (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kh_db_schema_version (f->db, &error), ==, KH_PROJECT_SCHEMA_VERSION);
  g_assert_no_error (error);
}

/* Runs each step's raw SQL; a step either passes (refusal NULL) or is refused by a trigger
 * with exactly that message (P0001), and then changes nothing. */
typedef struct
{
  const char *sql;
  const char *refusal;
} Step;

static void
run_steps (KhDb       *db,
           const Step *steps,
           guint       n)
{
  for (guint k = 0; k < n; k++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = kh_db_exec (db, steps[k].sql, &error);

      if (steps[k].refusal == NULL)
        {
          if (!ok)
            g_error ("%s: %s", steps[k].sql, error->message);
          continue;
        }
      if (ok)
        g_error ("%s: not refused", steps[k].sql);
      g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_RAISED);
      g_assert_cmpstr (kh_db_error_sqlstate (error), ==, "P0001");
      g_assert_cmpstr (error->message, ==, steps[k].refusal);
    }
}

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define AS "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define BS "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void
test_append_only (Fixture      *f,
                  gconstpointer data)
{
  static const Step steps[] = {
    { "INSERT INTO audit_log (seq, at, user_name, action, year, detail, prev_hash, hash) "
      "VALUES (1, '2026-12-05T16:00:00Z', 'ann', 'create', NULL, 'schema=10', '" ZEROS "', '" AS "')", NULL },
    { "UPDATE audit_log SET detail = 'schema=9' WHERE seq = 1", "the audit log is append-only" },
    { "UPDATE audit_log SET hash = '" BS "'", "the audit log is append-only" },
    { "DELETE FROM audit_log WHERE seq = 1", "the audit log is append-only" },
    { "DELETE FROM audit_log", "the audit log is append-only" },
    /* Appending goes on. */
    { "INSERT INTO audit_log (seq, at, user_name, action, year, detail, prev_hash, hash) "
      "VALUES (2, '2026-12-05T16:01:00Z', 'ann', 'seal', 2019, 'x', '" AS "', '" BS "')", NULL },
  };
  g_autoptr (GPtrArray) rows = NULL;

  run_steps (f->db, steps, G_N_ELEMENTS (steps));
  rows = strings (f->db, "SELECT seq, detail, hash FROM audit_log ORDER BY seq");
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (rows->pdata[0], ==, "1 schema=10 " AS);
  g_assert_cmpstr (rows->pdata[1], ==, "2 x " BS);
}

static void
test_sealed_year (Fixture      *f,
                  gconstpointer data)
{
  static const Step steps[] = {
    { "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市')", NULL },
    { "INSERT INTO categories (id, name_zh) VALUES ('county', '县（市、区）')", NULL },
    { "INSERT INTO units (id, name_zh, category_id) VALUES ('nanjing', '南京市', 'city')", NULL },
    { "INSERT INTO years (year, sealed) VALUES (2019, 0)", NULL },
    { "INSERT INTO years (year, sealed) VALUES (2020, 0)", NULL },
    { "INSERT INTO frameworks (year, category_id, xml) VALUES (2019, 'city', '<f/>')", NULL },
    { "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
      "VALUES (2019, 'nanjing', 'gdp', 1.5, 'ann', 't')", NULL },
    { "INSERT INTO survey_salt (id, salt) VALUES (1, 'pepper')", NULL },
    { "UPDATE years SET sealed = 1 WHERE year = 2019", NULL },
    /* The sealed year's rows stay as they are, whatever the statement. */
    { "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
      "VALUES (2019, 'nanjing', 'pop', 9.3, 'ann', 't')", "sealed year" },
    { "UPDATE data_values SET value = 2 WHERE year = 2019", "sealed year" },
    { "UPDATE data_values SET year = 2020 WHERE year = 2019", "sealed year" },
    { "DELETE FROM data_values WHERE year = 2019", "sealed year" },
    { "UPDATE frameworks SET xml = '<g/>' WHERE year = 2019", "sealed year" },
    { "DELETE FROM frameworks", "sealed year" },
    { "UPDATE years SET sealed = 0 WHERE year = 2019", "sealed year" },
    { "DELETE FROM years WHERE year = 2019", "sealed year" },
    { "INSERT INTO results (year, unit_id, computed_at) VALUES (2019, 'nanjing', 't')", "sealed year" },
    { "INSERT INTO unit_years (unit_id, year, name_zh) VALUES ('nanjing', 2019, '南京')", "sealed year" },
    { "INSERT INTO recommendation_lists (year, category_id, parent_id, entered_by, entered_at) "
      "VALUES (2019, 'county', 'nanjing', 'ann', 't')", "sealed year" },
    /* A unit of the sealed year keeps its category (version 5's trigger, with IS NOT
     * between values); its latest English name may change. */
    { "UPDATE units SET category_id = 'county' WHERE id = 'nanjing'", "sealed year" },
    { "UPDATE units SET name_en = 'Nanjing' WHERE id = 'nanjing'", NULL },
    /* The published results of 2018 are the sealed 2019's baseline. */
    { "INSERT INTO published_results (year, unit_id, source_file, source_row) "
      "VALUES (2018, 'nanjing', 'p.csv', 2)", "sealed year" },
    /* 2020 is open. */
    { "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
      "VALUES (2020, 'nanjing', 'gdp', 1.75, 'ann', 't')", NULL },
    { "UPDATE data_values SET value = 1.8 WHERE year = 2020", NULL },
    { "INSERT INTO framework_versions (year, category_id, version, xml, saved_by, saved_at, source) "
      "VALUES (2020, 'city', 1, '<f/>', 'ann', 't', 'f.xml')", NULL },
    { "UPDATE framework_versions SET xml = '<g/>'", "framework versions do not change" },
    { "UPDATE survey_salt SET salt = 'salt'", "the survey salt does not change" },
    { "DELETE FROM survey_salt", "the survey salt does not change" },
  };
  g_autoptr (GPtrArray) values = NULL;
  g_autoptr (GPtrArray) units = NULL;

  run_steps (f->db, steps, G_N_ELEMENTS (steps));
  values = strings (f->db, "SELECT year, field, value FROM data_values ORDER BY year, field");
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpstr (values->pdata[0], ==, "2019 gdp 1.5");
  g_assert_cmpstr (values->pdata[1], ==, "2020 gdp 1.8");
  units = strings (f->db, "SELECT category_id, name_en FROM units");
  g_assert_cmpuint (units->len, ==, 1);
  g_assert_cmpstr (units->pdata[0], ==, "city Nanjing");
  g_assert_cmpint (count (f->db, "SELECT sealed FROM years WHERE year = 2019"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM frameworks"), ==, 1);
}

/* Table → its columns in order, one string per table, from either store. */
static GPtrArray *
tables (KhDb *db)
{
  if (kh_db_backend (db) == KH_DB_SQLITE)
    return strings (db, "SELECT m.name || ':' || group_concat (c.name, ',') "
                        "FROM sqlite_master m, pragma_table_info (m.name) c "
                        "WHERE m.type = 'table' GROUP BY m.name ORDER BY m.name");
  return strings (db, "SELECT table_name || ':' || string_agg (column_name, ',' ORDER BY ordinal_position) "
                      "FROM information_schema.columns WHERE table_schema = 'public' "
                      "AND table_name <> 'kaohe_schema' GROUP BY table_name ORDER BY table_name");
}

static void
test_same_tables (void)
{
  Fixture lite = { NULL, NULL };
  Fixture server = { NULL, NULL };
  g_autoptr (GPtrArray) lite_tables = NULL;
  g_autoptr (GPtrArray) server_tables = NULL;
  g_autoptr (GPtrArray) lite_triggers = NULL;
  g_autoptr (GPtrArray) server_triggers = NULL;
  g_autoptr (GPtrArray) types = NULL;

  fixture_set_up (&lite, GINT_TO_POINTER (KH_DB_SQLITE));
  fixture_set_up (&server, GINT_TO_POINTER (KH_DB_POSTGRESQL));
  lite_tables = tables (lite.db);
  server_tables = tables (server.db);
  /* 22 tables at version 10: 10 of version 1 (categories, peer_groups, units, years,
   * frameworks, data_values, results, result_scores, notes, audit_log), survey_salt,
   * survey_responses, survey_exclusions (2), settings (4), unit_years, unit_links,
   * published_results (5), unit_aliases (6), sensitivity_specs (7), framework_versions
   * (8), recommendation_lists, recommendation_units (10); 24 at version 13: standings,
   * standing_units; 26 at version 14: packed_years, values_packed. */
  g_assert_cmpuint (lite_tables->len, ==, 26);
  g_assert_cmpuint (server_tables->len, ==, lite_tables->len);
  for (guint k = 0; k < lite_tables->len; k++)
    g_assert_cmpstr (server_tables->pdata[k], ==, lite_tables->pdata[k]);

  lite_triggers = strings (lite.db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
  server_triggers = strings (server.db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname");
  /* 45: version 1's 16 (audit_log 2, years 2, 4 tables × 3), version 2's 8, version 3's
   * 3 (units), version 5's 9 (one of units' replaced), version 8's 3, version 10's 6. */
  g_assert_cmpuint (lite_triggers->len, ==, 45);
  g_assert_cmpuint (server_triggers->len, ==, lite_triggers->len);
  for (guint k = 0; k < lite_triggers->len; k++)
    g_assert_cmpstr (server_triggers->pdata[k], ==, lite_triggers->pdata[k]);

  /* SQLite's 64-bit integers and rowids as PostgreSQL types. */
  types = strings (server.db, "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_identity "
                              "FROM information_schema.columns WHERE (table_name, column_name) IN "
                              "(('audit_log', 'seq'), ('notes', 'id'), ('data_values', 'value'), "
                              "('years', 'year'), ('audit_log', 'hash')) ORDER BY 1");
  g_assert_cmpuint (types->len, ==, 5);
  g_assert_cmpstr (types->pdata[0], ==, "audit_log.hash character NO");
  g_assert_cmpstr (types->pdata[1], ==, "audit_log.seq bigint YES");
  g_assert_cmpstr (types->pdata[2], ==, "data_values.value double precision NO");
  g_assert_cmpstr (types->pdata[3], ==, "notes.id bigint YES");
  /* year INTEGER PRIMARY KEY is SQLite's rowid too. */
  g_assert_cmpstr (types->pdata[4], ==, "years.year bigint YES");
  fixture_tear_down (&lite, NULL);
  fixture_tear_down (&server, NULL);
}

/* A note without an id gets the next one, as SQLite's rowid does. */
static void
test_rowid (Fixture      *f,
            gconstpointer data)
{
  static const Step steps[] = {
    { "INSERT INTO notes (body, author, created_at) VALUES ('一', 'ann', 't')", NULL },
    { "INSERT INTO notes (body, author, created_at) VALUES ('二', 'ann', 't')", NULL },
  };
  g_autoptr (GPtrArray) rows = NULL;

  run_steps (f->db, steps, G_N_ELEMENTS (steps));
  rows = strings (f->db, "SELECT id, body FROM notes ORDER BY id");
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (rows->pdata[0], ==, "1 一");
  g_assert_cmpstr (rows->pdata[1], ==, "2 二");
}

/* Migrations in the forms the store's later versions take (version 11 rebuilt the values
 * table without a rowid; version 12 added a column filled from the rowid), written once in
 * SQLite's dialect and translated: a table rebuilt, renamed and given its trigger again,
 * a column added and filled. */
static void
test_rebuilt_table (Fixture      *f,
                    gconstpointer data)
{
  static const char *const migrations[] = {
    "CREATE TABLE m_years (year INTEGER PRIMARY KEY, sealed INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE m_values (year INTEGER NOT NULL, x DOUBLE PRECISION);\n"
    "CREATE TRIGGER m_values_sealed_insert BEFORE INSERT ON m_values\n"
    "WHEN EXISTS (SELECT 1 FROM m_years WHERE year = NEW.year AND sealed = 1)\n"
    "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n",
    "CREATE TABLE m_values_by_key (\n"
    "  year INTEGER NOT NULL,\n"
    "  x DOUBLE PRECISION,\n"
    "  PRIMARY KEY (year)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO m_values_by_key (year, x) SELECT year, x FROM m_values ORDER BY year;\n"
    "DROP TABLE m_values;\n"
    "ALTER TABLE m_values_by_key RENAME TO m_values;\n"
    "CREATE TRIGGER m_values_sealed_insert BEFORE INSERT ON m_values\n"
    "WHEN EXISTS (SELECT 1 FROM m_years WHERE year = NEW.year AND sealed = 1)\n"
    "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n",
    "ALTER TABLE m_years ADD COLUMN position INTEGER;\n"
    "UPDATE m_years SET position = rowid;\n",
    NULL,
  };
  static const Step steps[] = {
    { "INSERT INTO m_years (year, sealed, position) VALUES (2019, 1, 7)", NULL },
    { "INSERT INTO m_values (year, x) VALUES (2019, 1.5)", "sealed year" },
    { "INSERT INTO m_values (year, x) VALUES (2020, 2.5)", NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (kh_db_backend (f->db) == KH_DB_SQLITE)
    sql = g_strjoinv ("", (char **) migrations);
  else
    {
      sql = kh_db_schema_translate (migrations, &error);
      g_assert_no_error (error);
      /* The first trigger's function went with its table (else the second CREATE
       * FUNCTION would fail); the update of no rows is left out. */
      g_assert_nonnull (strstr (sql, "DROP TABLE m_values;\nDROP FUNCTION m_values_sealed_insert ();\n"));
      g_assert_null (strstr (sql, "rowid"));
      g_assert_null (strstr (sql, "ROWID"));
    }
  g_assert_true (kh_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
  run_steps (f->db, steps, G_N_ELEMENTS (steps));
  rows = strings (f->db, "SELECT v.year, v.x, y.position FROM m_values v, m_years y");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (rows->pdata[0], ==, "2020 2.5 7");
}

/* A statement outside the rules is refused by name, not passed on half-translated. */
static void
test_translate_refuses (void)
{
  static const char *const migrations[] = {
    "CREATE TABLE a (x INTEGER);\nCREATE VIEW b AS SELECT x FROM a;\n",
    NULL,
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = kh_db_schema_translate (migrations, &error);

  g_assert_null (sql);
  g_assert_error (error, KH_DB_ERROR, KH_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "no PostgreSQL translation for this statement: CREATE VIEW b AS SELECT x FROM a");
}

/* An upgrade's translation: only the migrations after the project's version, each change
 * of existing rows in its PostgreSQL form (a new database leaves them out); every version
 * a server may hold translates to this one, so a migration with an UPDATE and no
 * PostgreSQL form fails here. */
static void
test_upgrade_sql (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = kh_db_schema_upgrade_sql (11, 12, &error);
  g_autofree char *created = kh_db_schema_postgresql (12, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sql, ==,
                   "-- version 12\n"
                   "ALTER TABLE units ADD COLUMN position BIGINT;\n"
                   "UPDATE units SET position = o.n FROM (SELECT id, row_number () OVER (ORDER "
                   "BY ctid, id) AS n FROM units) o WHERE units.id = o.id;\n");
  g_assert_true (g_str_has_suffix (created, "-- version 12\n"
                                            "ALTER TABLE units ADD COLUMN position BIGINT;\n"
                                            "-- (an update of existing rows: none in a new "
                                            "database)\n"));
  for (int from = 1; from < KH_PROJECT_SCHEMA_VERSION; from++)
    {
      g_autofree char *each = kh_db_schema_upgrade_sql (from, KH_PROJECT_SCHEMA_VERSION, &error);
      g_autofree char *first = g_strdup_printf ("-- version %d\n", from + 1);

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (each, first));
    }
}

typedef void (*FixtureFunc) (Fixture *, gconstpointer);

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; FixtureFunc func; } cases[] = {
    { "version", test_version },
    { "append-only", test_append_only },
    { "sealed-year", test_sealed_year },
    { "rowid", test_rowid },
    { "rebuilt-table", test_rebuilt_table },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *sqlite = g_strdup_printf ("/db-schema/sqlite/%s", cases[k].name);
      g_autofree char *postgresql = g_strdup_printf ("/db-schema/pg/%s", cases[k].name);

      g_test_add (sqlite, Fixture, GINT_TO_POINTER (KH_DB_SQLITE), fixture_set_up,
                  cases[k].func, fixture_tear_down);
      g_test_add (postgresql, Fixture, GINT_TO_POINTER (KH_DB_POSTGRESQL), fixture_set_up,
                  cases[k].func, fixture_tear_down);
    }
  g_test_add_func ("/db-schema/same-tables", test_same_tables);
  g_test_add_func ("/db-schema/translate-refuses", test_translate_refuses);
  g_test_add_func ("/db-schema/upgrade-sql", test_upgrade_sql);

  return kh_pg_harness_run_tests (&pg);
}
