/* kh-db-schema.c — the project schema created through KhDb; SQLite's migrations
 * translated for PostgreSQL (the rules are in kh-db-schema.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-db-private.h"
#include "kh-db-schema.h"
#include "kh-project-private.h"

/* Trigger names → their tables, for DROP TRIGGER. */
typedef struct
{
  GHashTable *trigger_tables;
  gboolean existing_rows; /* for an upgrade: a migration's UPDATE takes its PostgreSQL form */
} Translation;

/* The PostgreSQL form of each migration's change of existing rows (UPDATE), run when a
 * project on a server is upgraded (kh_db_schema_upgrade_sql()); keyed by the statement as
 * kh-project-schema.c writes it. A migration with an UPDATE not listed here is refused
 * for an upgrade, so a new one fails the tests until its form is written. */
static const struct
{
  const char *sqlite;
  const char *postgresql;
} update_forms[] = {
  /* Version 12: the units' places in the order they were inserted (SQLite's rowid); on the
   * server the order their rows are stored in (ctid), which is the order of insertion for
   * rows never changed since, the order of the id for rows equal there. */
  { "UPDATE units SET position = rowid",
    "UPDATE units SET position = o.n FROM (SELECT id, row_number () OVER (ORDER BY ctid, id) "
    "AS n FROM units) o WHERE units.id = o.id" },
};

static gboolean
refuse (const char *statement,
        GError    **error)
{
  g_autofree char *message =
    g_strdup_printf ("no PostgreSQL translation for this statement: %s", statement);

  kh_db_set_error (error, "0A000", message); /* feature_not_supported */
  return FALSE;
}

static char *
replace (const char *pattern,
         const char *text,
         const char *replacement)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_DOTALL, 0, NULL);

  g_assert (regex != NULL);
  return g_regex_replace (regex, text, -1, 0, replacement, 0, NULL);
}

static gboolean
translate_trigger (Translation *t,
                   const char  *statement,
                   GString     *out,
                   GError     **error)
{
  g_autoptr (GRegex) regex =
    g_regex_new ("^CREATE TRIGGER (\\w+) BEFORE (INSERT|UPDATE|DELETE) ON (\\w+)\\s*"
                 "(?:WHEN (.*?))?\\s*BEGIN SELECT RAISE \\(ABORT, '((?:[^']|'')*)'\\); END$",
                 G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *name = NULL;
  g_autofree char *event = NULL;
  g_autofree char *table = NULL;
  g_autofree char *when = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *message = NULL;

  if (!g_regex_match (regex, statement, 0, &match))
    return refuse (statement, error);
  name = g_match_info_fetch (match, 1);
  event = g_match_info_fetch (match, 2);
  table = g_match_info_fetch (match, 3);
  when = g_match_info_fetch (match, 4);
  message = g_match_info_fetch (match, 5);
  /* SQLite's `a IS NOT b` compares values with NULL as a value. */
  condition = when != NULL && *when != '\0' ? replace (" IS NOT (?!NULL\\b)", when, " IS DISTINCT FROM ")
                                            : g_strdup ("TRUE");
  g_string_append_printf (out,
                          "CREATE FUNCTION %s () RETURNS trigger LANGUAGE plpgsql AS $kh$\n"
                          "BEGIN\n"
                          "  IF %s THEN RAISE EXCEPTION '%%', '%s'; END IF;\n"
                          "  RETURN %s;\n"
                          "END $kh$;\n"
                          "CREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW EXECUTE FUNCTION %s ();\n",
                          name, condition, message, strcmp (event, "DELETE") == 0 ? "OLD" : "NEW",
                          name, event, table, name);
  g_hash_table_insert (t->trigger_tables, g_steal_pointer (&name), g_steal_pointer (&table));
  return TRUE;
}

static gboolean
translate_statement (Translation *t,
                     const char  *statement,
                     GString     *out,
                     GError     **error)
{
  if (g_str_has_prefix (statement, "CREATE TRIGGER "))
    return translate_trigger (t, statement, out, error);
  if (g_str_has_prefix (statement, "DROP TRIGGER "))
    {
      const char *name = statement + strlen ("DROP TRIGGER ");
      const char *table = g_hash_table_lookup (t->trigger_tables, name);

      if (table == NULL)
        return refuse (statement, error);
      g_string_append_printf (out, "DROP TRIGGER %s ON %s;\nDROP FUNCTION %s ();\n", name, table,
                              name);
      g_hash_table_remove (t->trigger_tables, name);
      return TRUE;
    }
  if (g_str_has_prefix (statement, "DROP TABLE "))
    {
      /* SQLite drops a table's triggers with it; PostgreSQL its triggers, not their
       * functions. */
      const char *table = statement + strlen ("DROP TABLE ");
      GHashTableIter iter;
      gpointer name, on;

      g_string_append_printf (out, "%s;\n", statement);
      g_hash_table_iter_init (&iter, t->trigger_tables);
      while (g_hash_table_iter_next (&iter, &name, &on))
        if (strcmp (on, table) == 0)
          {
            g_string_append_printf (out, "DROP FUNCTION %s ();\n", (const char *) name);
            g_hash_table_iter_remove (&iter);
          }
      return TRUE;
    }
  if (g_str_has_prefix (statement, "ALTER TABLE ") && strstr (statement, " RENAME TO ") != NULL)
    {
      /* The triggers move with the table. */
      g_autofree char *from = g_strndup (statement + strlen ("ALTER TABLE "),
                                         strstr (statement, " RENAME TO ") - statement
                                           - strlen ("ALTER TABLE "));
      const char *to = strstr (statement, " RENAME TO ") + strlen (" RENAME TO ");
      GHashTableIter iter;
      gpointer name, on;

      g_hash_table_iter_init (&iter, t->trigger_tables);
      while (g_hash_table_iter_next (&iter, &name, &on))
        if (strcmp (on, from) == 0)
          g_hash_table_iter_replace (&iter, g_strdup (to));
      g_string_append_printf (out, "%s;\n", statement);
      return TRUE;
    }
  if (g_str_has_prefix (statement, "UPDATE ") && t->existing_rows)
    {
      for (guint i = 0; i < G_N_ELEMENTS (update_forms); i++)
        if (strcmp (statement, update_forms[i].sqlite) == 0)
          {
            g_string_append_printf (out, "%s;\n", update_forms[i].postgresql);
            return TRUE;
          }
      return refuse (statement, error);
    }
  if (g_str_has_prefix (statement, "UPDATE "))
    {
      /* A migration's change of existing rows: a PostgreSQL database is only ever created
       * empty at the current version, so there are none (and SQLite's rowid, which such
       * a change may read, has no PostgreSQL equivalent). */
      g_string_append (out, "-- (an update of existing rows: none in a new database)\n");
      return TRUE;
    }
  if (g_str_has_prefix (statement, "DROP INDEX "))
    {
      g_string_append_printf (out, "%s;\n", statement);
      return TRUE;
    }
  if (g_str_has_prefix (statement, "INSERT OR IGNORE INTO "))
    {
      g_string_append_printf (out, "INSERT INTO %s ON CONFLICT DO NOTHING;\n",
                              statement + strlen ("INSERT OR IGNORE INTO "));
      return TRUE;
    }
  if (g_str_has_prefix (statement, "CREATE TABLE ") || g_str_has_prefix (statement, "ALTER TABLE ")
      || g_str_has_prefix (statement, "CREATE INDEX ") || g_str_has_prefix (statement, "INSERT INTO "))
    {
      g_autofree char *rowid = replace ("\\bINTEGER PRIMARY KEY( AUTOINCREMENT)?\\b", statement,
                                        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
      g_autofree char *integers = replace ("\\bINTEGER\\b", rowid, "BIGINT");
      g_autofree char *heap = replace ("\\)\\s*WITHOUT ROWID$", integers, ")");
      /* Version 14's packed values (a cache that stays unused on a server). */
      g_autofree char *bytes = replace ("\\bBLOB\\b", heap, "BYTEA");

      g_string_append_printf (out, "%s;\n", bytes);
      return TRUE;
    }
  return refuse (statement, error);
}

char *
kh_db_schema_postgresql (int      version,
                         GError **error)
{
  g_autofree const char **migrations = g_new0 (const char *, version + 1);

  g_return_val_if_fail (version >= 1 && version <= KH_PROJECT_SCHEMA_VERSION, NULL);

  for (int v = 1; v <= version; v++)
    migrations[v - 1] = kh_project_schema_migration (v);
  return kh_db_schema_translate (migrations, error);
}

/* Translates @migrations ([0] brings version 0 to 1); the text of those after @from only
 * (all translated, so that a later one's DROP TRIGGER knows the table). */
static char *
translate_from (const char *const *migrations,
                int                from,
                gboolean           existing_rows,
                GError           **error)
{
  Translation t = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                    existing_rows };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) skipped = g_string_new (NULL);
  gboolean ok = TRUE;

  for (int v = 1; ok && migrations[v - 1] != NULL; v++)
    {
      /* Statements end with ";\n" (a trigger's inner "; END" has none). */
      g_auto (GStrv) statements = g_strsplit (migrations[v - 1], ";\n", -1);
      GString *to = v > from ? out : skipped;

      t.existing_rows = existing_rows && v > from;
      g_string_append_printf (to, "-- version %d\n", v);
      for (guint i = 0; ok && statements[i] != NULL; i++)
        {
          g_autofree char *statement = g_strstrip (g_strdup (statements[i]));

          if (*statement != '\0')
            ok = translate_statement (&t, statement, to, error);
        }
    }
  g_hash_table_unref (t.trigger_tables);
  return ok ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
kh_db_schema_translate (const char *const *migrations,
                        GError           **error)
{
  return translate_from (migrations, 0, FALSE, error);
}

char *
kh_db_schema_upgrade_sql (int      from,
                          int      to,
                          GError **error)
{
  g_autofree const char **migrations = g_new0 (const char *, to + 1);

  g_return_val_if_fail (from >= 1 && from < to && to <= KH_PROJECT_SCHEMA_VERSION, NULL);

  for (int v = 1; v <= to; v++)
    migrations[v - 1] = kh_project_schema_migration (v);
  return translate_from (migrations, from, TRUE, error);
}

gboolean
kh_db_schema_create (KhDb    *db,
                     int      version,
                     GError **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *record = NULL;

  g_return_val_if_fail (version >= 1 && version <= KH_PROJECT_SCHEMA_VERSION, FALSE);

  if (kh_db_backend (db) == KH_DB_POSTGRESQL)
    {
      sql = kh_db_schema_postgresql (version, error);
      if (sql == NULL)
        return FALSE;
      record = g_strdup_printf ("CREATE TABLE kaohe_schema (version BIGINT NOT NULL);\n"
                                "INSERT INTO kaohe_schema (version) VALUES (%d)", version);
    }
  else
    {
      GString *all = g_string_new (NULL);

      for (int v = 1; v <= version; v++)
        g_string_append (all, kh_project_schema_migration (v));
      sql = g_string_free (all, FALSE);
      record = g_strdup_printf ("PRAGMA user_version = %d", version);
    }
  if (!kh_db_begin (db, error))
    return FALSE;
  if (!kh_db_exec (db, sql, error) || !kh_db_exec (db, record, error) || !kh_db_commit (db, error))
    {
      kh_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

int
kh_db_schema_version (KhDb    *db,
                      GError **error)
{
  g_autoptr (KhDbStmt) exists = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  if (kh_db_backend (db) == KH_DB_POSTGRESQL)
    {
      /* No table yet: an empty database. */
      exists = kh_db_prepare (db, "SELECT to_regclass ('kaohe_schema') IS NOT NULL", error);
      if (exists == NULL || kh_db_step (exists, error) != KH_DB_STEP_ROW)
        return -1;
      if (kh_db_column_int64 (exists, 0) == 0)
        return 0;
    }
  stmt = kh_db_prepare (db,
                        kh_db_backend (db) == KH_DB_SQLITE
                          ? "PRAGMA user_version"
                          : "SELECT COALESCE (max (version), 0) FROM kaohe_schema",
                        error);
  if (stmt == NULL)
    return -1;
  step = kh_db_step (stmt, error);
  if (step != KH_DB_STEP_ROW)
    return step == KH_DB_STEP_ERROR ? -1 : 0;
  return (int) kh_db_column_int64 (stmt, 0);
}
