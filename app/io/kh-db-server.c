/* kh-db-server.c — a PostgreSQL database made ready for an office (kh-db-server.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-db-notify.h"
#include "kh-db-private.h"
#include "kh-db-schema.h"
#include "kh-db-server.h"
#include "kh-project.h"

/* The roles the current user belongs to (itself included). */
#define MY_ROLES \
  "(SELECT r.rolname FROM pg_roles r WHERE pg_has_role (current_user, r.oid, 'MEMBER'))"
/* The units a scope of one of them covers whole (any field): the units of its category,
 * or its one unit. */
#define UNITS_IN_SCOPE \
  "(SELECT u.id FROM units u JOIN evaluator_scopes s ON s.category_id = u.category_id\n" \
  "   AND (s.unit_id IS NULL OR s.unit_id = u.id)\n" \
  "   WHERE s.field IS NULL AND s.role_name IN " MY_ROLES ")"
/* The units and fields of the scopes narrowed to fields. */
#define FIELDS_IN_SCOPE \
  "(SELECT u.id, s.field FROM units u JOIN evaluator_scopes s ON s.category_id = u.category_id\n" \
  "   AND (s.unit_id IS NULL OR s.unit_id = u.id)\n" \
  "   WHERE s.field IS NOT NULL AND s.role_name IN " MY_ROLES ")"
/* A value is in an evaluator's scope when one of the scopes of a role the current user
 * belongs to covers its unit (its category, or the unit itself), with any field or with
 * its own. Written as membership of sets that do not depend on the row, which the server
 * computes once per statement and then looks each row up in (a test per row, EXISTS over
 * the scopes, made an evaluator's reading of 80,000 values 50 times slower than the
 * administrator's). Written into each policy, where the server resolves the names once,
 * when the policy is made (a function's body would be resolved at each call, through a
 * search path a session may change). */
#define VALUE_IN_SCOPE \
  "(data_values.unit_id IN " UNITS_IN_SCOPE "\n" \
  " OR (data_values.unit_id, data_values.field) IN " FIELDS_IN_SCOPE ")"

/* A plausibility flag's confirmation (an audit row "confirm" or "unconfirm", detail
 * "unit=U\nfield=F\nvalue=V", kh-project-plausibility.c) is in an evaluator's scope when
 * its unit and field are, as a value's (issue 19). */
#define CONFIRMATION_UNIT "substring (audit_log.detail FROM '^unit=([^\\n]*)')"
#define CONFIRMATION_FIELD "substring (audit_log.detail FROM '\\nfield=([^\\n]*)')"
#define CONFIRMATION_IN_SCOPE \
  "(audit_log.action IN ('confirm', 'unconfirm')\n" \
  " AND (" CONFIRMATION_UNIT " IN " UNITS_IN_SCOPE "\n" \
  "  OR (" CONFIRMATION_UNIT ", " CONFIRMATION_FIELD ") IN " FIELDS_IN_SCOPE "))"

/* Run in one transaction, again each time (every statement replaces what it makes). */
static const char roles_sql[] =
  "DO $kh$ BEGIN\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_admin') THEN\n"
  "    CREATE ROLE kaohe_admin NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_evaluator') THEN\n"
  "    CREATE ROLE kaohe_evaluator NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_viewer') THEN\n"
  "    CREATE ROLE kaohe_viewer NOLOGIN; END IF;\n"
  "END $kh$;\n"
  /* Managed by `kaohe-cli grant` and `revoke`: one row per category, unit or field
   * granted (NULL: all); the same grant twice is one row. */
  "CREATE TABLE IF NOT EXISTS evaluator_scopes (\n"
  "  role_name TEXT NOT NULL CHECK (role_name <> ''),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  unit_id TEXT REFERENCES units (id),\n"
  "  field TEXT CHECK (field <> ''),\n"
  "  UNIQUE NULLS NOT DISTINCT (role_name, category_id, unit_id, field)\n"
  ");\n"
  /* The audit chain's last row number, whoever wrote it: what an evaluator, who sees only
   * its own rows and the last, needs to append the next one. */
  "CREATE OR REPLACE FUNCTION kaohe_audit_head () RETURNS BIGINT\n"
  "  LANGUAGE sql STABLE SECURITY DEFINER AS $kh$ SELECT max (seq) FROM audit_log $kh$;\n"
  "REVOKE ALL ON FUNCTION kaohe_audit_head () FROM PUBLIC;\n"
  "GRANT EXECUTE ON FUNCTION kaohe_audit_head () TO kaohe_admin, kaohe_evaluator, kaohe_viewer;\n"
  "DO $kh$\n"
  "DECLARE\n"
  "  s TEXT := current_schema ();\n"
  "  t TEXT;\n"
  "  f TEXT;\n"
  "BEGIN\n"
  "  EXECUTE format ('GRANT USAGE ON SCHEMA %I TO kaohe_admin, kaohe_evaluator, kaohe_viewer', s);\n"
  /* Nobody but the schema's owner creates there (PostgreSQL before 15 let everyone create
   * in public): a table or function of the same name could shadow the project's. */
  "  EXECUTE format ('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', s);\n"
  /* Every table: the administrator reads and writes, row by row (no TRUNCATE, which no row
   * trigger sees: the append-only log and the sealed years hold for it too); the others
   * read, except the survey's salt (with it, raters' hashes could be tried against
   * guesses) and the scopes; only the policies below let an evaluator write. Row-level
   * security everywhere, so that a grant made later by mistake opens nothing no policy
   * allows. */
  "  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = s ORDER BY tablename LOOP\n"
  "    EXECUTE format ('REVOKE ALL ON %I.%I FROM PUBLIC, kaohe_admin, kaohe_evaluator, '\n"
  "                    'kaohe_viewer', s, t);\n"
  "    EXECUTE format ('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO kaohe_admin', s, t);\n"
  "    EXECUTE format ('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', s, t);\n"
  "    EXECUTE format ('DROP POLICY IF EXISTS kaohe_admin ON %I.%I', s, t);\n"
  "    EXECUTE format ('CREATE POLICY kaohe_admin ON %I.%I TO kaohe_admin '\n"
  "                    'USING (true) WITH CHECK (true)', s, t);\n"
  "    EXECUTE format ('DROP POLICY IF EXISTS kaohe_read ON %I.%I', s, t);\n"
  "    EXECUTE format ('DROP POLICY IF EXISTS kaohe_scope_read ON %I.%I', s, t);\n"
  "    IF t NOT IN ('survey_salt', 'evaluator_scopes') THEN\n"
  "      EXECUTE format ('GRANT SELECT ON %I.%I TO kaohe_evaluator, kaohe_viewer', s, t);\n"
  "      IF t IN ('data_values', 'survey_responses', 'audit_log') THEN\n"
  "        EXECUTE format ('CREATE POLICY kaohe_read ON %I.%I FOR SELECT TO kaohe_viewer '\n"
  "                        'USING (true)', s, t);\n"
  "      ELSE\n"
  "        EXECUTE format ('CREATE POLICY kaohe_read ON %I.%I FOR SELECT '\n"
  "                        'TO kaohe_evaluator, kaohe_viewer USING (true)', s, t);\n"
  "      END IF;\n"
  "    END IF;\n"
  "  END LOOP;\n"
  "  EXECUTE format ('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO kaohe_admin', s);\n"
  /* The triggers' functions (sealed years, the append-only log) and ours name tables
   * without a schema: resolved in the project's schema only, never in a session's
   * temporary tables (a temporary `years` without sealed rows would open a sealed year). */
  "  FOR f IN SELECT p.oid::regprocedure::text FROM pg_proc p\n"
  "           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = s LOOP\n"
  "    EXECUTE format ('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, s);\n"
  "  END LOOP;\n"
  "END $kh$;\n"
  /* The policies of an earlier init-server. */
  "DROP POLICY IF EXISTS data_values_admin ON data_values;\n"
  "DROP POLICY IF EXISTS data_values_viewer ON data_values;\n"
  "DROP POLICY IF EXISTS data_values_evaluator ON data_values;\n"
  /* An evaluator's values: those of its scopes, read and written; what it writes is
   * signed with its login. */
  "GRANT INSERT, UPDATE, DELETE ON data_values TO kaohe_evaluator;\n"
  "CREATE POLICY kaohe_scope_read ON data_values FOR SELECT TO kaohe_evaluator\n"
  "  USING (" VALUE_IN_SCOPE ");\n"
  "DROP POLICY IF EXISTS kaohe_scope_insert ON data_values;\n"
  "CREATE POLICY kaohe_scope_insert ON data_values FOR INSERT TO kaohe_evaluator\n"
  "  WITH CHECK (" VALUE_IN_SCOPE " AND edited_by = session_user);\n"
  "DROP POLICY IF EXISTS kaohe_scope_update ON data_values;\n"
  "CREATE POLICY kaohe_scope_update ON data_values FOR UPDATE TO kaohe_evaluator\n"
  "  USING (" VALUE_IN_SCOPE ")\n"
  "  WITH CHECK (" VALUE_IN_SCOPE " AND edited_by = session_user);\n"
  "DROP POLICY IF EXISTS kaohe_scope_delete ON data_values;\n"
  "CREATE POLICY kaohe_scope_delete ON data_values FOR DELETE TO kaohe_evaluator\n"
  "  USING (" VALUE_IN_SCOPE ");\n"
  /* The survey's answers about the units of its scopes that are not limited to fields. */
  "CREATE POLICY kaohe_scope_read ON survey_responses FOR SELECT TO kaohe_evaluator\n"
  "  USING (survey_responses.unit_id IN " UNITS_IN_SCOPE ");\n"
  /* The audit log: an evaluator reads its own rows, the last (to chain the next) and the
   * confirmations of flagged values of its scopes (whoever made them), and appends rows
   * in its own name, each the next of the chain, a confirmation only of a value of its
   * scopes. */
  "GRANT INSERT ON audit_log TO kaohe_evaluator;\n"
  "CREATE POLICY kaohe_scope_read ON audit_log FOR SELECT TO kaohe_evaluator\n"
  "  USING (user_name = session_user OR seq = kaohe_audit_head ()\n"
  "         OR " CONFIRMATION_IN_SCOPE ");\n"
  "DROP POLICY IF EXISTS kaohe_append ON audit_log;\n"
  "CREATE POLICY kaohe_append ON audit_log FOR INSERT TO kaohe_evaluator\n"
  "  WITH CHECK (user_name = session_user AND seq = COALESCE (kaohe_audit_head (), 0) + 1\n"
  "              AND (action NOT IN ('confirm', 'unconfirm') OR " CONFIRMATION_IN_SCOPE "));\n"
  /* The scopes: an evaluator sees its own. */
  "GRANT SELECT ON evaluator_scopes TO kaohe_evaluator;\n"
  "CREATE POLICY kaohe_scope_read ON evaluator_scopes FOR SELECT TO kaohe_evaluator\n"
  "  USING (role_name IN (SELECT r.rolname FROM pg_roles r\n"
  "                       WHERE pg_has_role (current_user, r.oid, 'MEMBER')));\n";

static gboolean query_text (KhDb        *db,
                            const char  *sql,
                            const char  *a,
                            const char  *b,
                            char       **value,
                            GError     **error);

/* The project at @version brought to @to in the transaction open: the owner of its tables
 * only (who may change them), the migrations translated with their changes of existing
 * rows, the version recorded and the upgrade audited as on a file ("migrate"). */
static gboolean
upgrade (KhDb    *db,
         int      version,
         int      to,
         GError **error)
{
  g_autofree char *owner = NULL;
  g_autofree char *may = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *record = NULL;
  g_autofree char *detail = NULL;

  if (!query_text (db,
                   "SELECT CAST (pg_get_userbyid (relowner) AS TEXT) FROM pg_class "
                   "WHERE oid = to_regclass ('kaohe_schema')",
                   NULL, NULL, &owner, error)
      || !query_text (db,
                      "SELECT CAST (pg_has_role (current_user, relowner, 'USAGE') AS TEXT) "
                      "FROM pg_class WHERE oid = to_regclass ('kaohe_schema')",
                      NULL, NULL, &may, error)
      || !query_text (db, "SELECT CAST (session_user AS TEXT)", NULL, NULL, &user, error))
    return FALSE;
  if (g_strcmp0 (may, "true") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s holds a project of schema version %d, which only the owner of "
                           "its tables (%s, who made it ready) can bring to version %d"),
                         kh_db_name (db), version, owner != NULL ? owner : "?", to);

      kh_db_set_error (error, "42501", message); /* insufficient_privilege */
      return FALSE;
    }
  sql = kh_db_schema_upgrade_sql (version, to, error);
  if (sql == NULL)
    return FALSE;
  record = g_strdup_printf ("UPDATE kaohe_schema SET version = %d", to);
  detail = g_strdup_printf ("from=%d\nto=%d", version, to);
  return kh_db_exec (db, sql, error) && kh_db_exec (db, record, error)
         && kh_audit_append_db (db, user, "migrate", 0, detail, NULL, error);
}

gboolean
kh_db_server_init_at (KhDb    *db,
                      int      to,
                      GError **error)
{
  int version;

  g_return_val_if_fail (to >= 1 && to <= KH_PROJECT_SCHEMA_VERSION, FALSE);

  if (kh_db_backend (db) != KH_DB_POSTGRESQL)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is not a PostgreSQL database: roles and row-level security "
                           "need a server (postgresql://… or service=…)"),
                         kh_db_name (db));

      kh_db_set_error (error, "0A000", message);
      return FALSE;
    }
  version = kh_db_schema_version (db, error);
  if (version < 0)
    return FALSE;
  if (version == 0 && !kh_db_schema_create (db, to, error))
    return FALSE;
  if (version > to)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s holds a project of schema version %d; this Kaohe makes version %d"),
                         kh_db_name (db), version, to);

      kh_db_set_error (error, "0A000", message);
      return FALSE;
    }
  if (!kh_db_begin (db, error))
    return FALSE;
  /* An older project upgraded first, in the same transaction as what follows: the tables
   * it adds get their grants and policies, its triggers' functions their search path; an
   * error anywhere leaves the project as it was. The notifying triggers next, so that
   * their functions are pinned to the schema too. */
  if ((version != 0 && version < to && !upgrade (db, version, to, error))
      || !kh_db_notify_install (db, error) || !kh_db_exec (db, roles_sql, error)
      || !kh_db_commit (db, error))
    {
      kh_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_db_server_init (KhDb    *db,
                   GError **error)
{
  return kh_db_server_init_at (db, KH_PROJECT_SCHEMA_VERSION, error);
}

/* The first column of the first row of @sql with text parameters @a and @b (NULL when
 * not used) as text, in @value (NULL for none or NULL); FALSE on an error. */
static gboolean
query_text (KhDb        *db,
            const char  *sql,
            const char  *a,
            const char  *b,
            char       **value,
            GError     **error)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, error);
  KhDbStep step;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  if (a != NULL)
    kh_db_bind_text (stmt, 1, a);
  if (b != NULL)
    kh_db_bind_text (stmt, 2, b);
  step = kh_db_step (stmt, error);
  if (step == KH_DB_STEP_ROW && !kh_db_column_is_null (stmt, 0))
    *value = g_strdup (kh_db_column_text (stmt, 0));
  return step != KH_DB_STEP_ERROR;
}

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kh_db_set_error (error, "22023", message); /* invalid_parameter_value */
  return FALSE;
}

/* A PostgreSQL database init-server made ready. */
static gboolean
check_server (KhDb    *db,
              GError **error)
{
  g_autofree char *table = NULL;

  if (kh_db_backend (db) != KH_DB_POSTGRESQL)
    return refuse (error, "%s", _("scopes are a server's: this is not a PostgreSQL database"));
  if (!query_text (db, "SELECT to_regclass ('evaluator_scopes')::text", NULL, NULL, &table, error))
    return FALSE;
  if (table == NULL)
    return refuse (error, "%s",
                   _("no evaluators' scopes in this database: make it ready with "
                     "“kaohe-cli init-server” first"));
  return TRUE;
}

/* @role is a role of the server and a member of kaohe_evaluator; @category and each of
 * @units are the project's, the units of that category; no field is empty. */
static gboolean
check_scope (KhDb              *db,
             const char        *role,
             const char        *category,
             const char *const *units,
             const char *const *fields,
             GError           **error)
{
  g_autofree char *member = NULL;
  g_autofree char *found = NULL;

  if (!query_text (db,
                   "SELECT pg_has_role (r.oid, 'kaohe_evaluator', 'MEMBER')::text "
                   "FROM pg_roles r WHERE r.rolname = ?",
                   role, NULL, &member, error))
    return FALSE;
  if (member == NULL)
    return refuse (error,
                   _("no role “%s” on the server; create the login first "
                     "(CREATE ROLE … LOGIN IN ROLE kaohe_evaluator)"),
                   role);
  if (strcmp (member, "true") != 0)
    return refuse (error,
                   _("“%s” is not a member of kaohe_evaluator, and scopes are evaluators' "
                     "(GRANT kaohe_evaluator TO …)"),
                   role);
  if (category == NULL)
    return TRUE;
  if (!query_text (db, "SELECT id FROM categories WHERE id = ?", category, NULL, &found, error))
    return FALSE;
  if (found == NULL)
    return refuse (error, _("no category “%s” in the project"), category);
  for (guint i = 0; units != NULL && units[i] != NULL; i++)
    {
      g_autofree char *of = NULL;

      if (!query_text (db, "SELECT category_id FROM units WHERE id = ?", units[i], NULL, &of,
                       error))
        return FALSE;
      if (of == NULL)
        return refuse (error, _("no unit “%s” in the project"), units[i]);
      if (strcmp (of, category) != 0)
        return refuse (error, _("unit “%s” is of category “%s”, not “%s”"), units[i], of,
                       category);
    }
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (*fields[i] == '\0')
      return refuse (error, "%s", _("an empty field name"));
  return TRUE;
}

/* Runs @sql (a statement RETURNING one row per row changed) once per unit × field (NULL
 * for none given), with role, category, unit and field bound; @n_rows gets the count. */
static gboolean
each_scope_row (KhDb              *db,
                const char        *sql,
                const char        *role,
                const char        *category,
                const char *const *units,
                const char *const *fields,
                guint             *n_rows,
                GError           **error)
{
  const char *const all[] = { NULL };
  const char *const *u = units != NULL && units[0] != NULL ? units : all;
  const char *const *f = fields != NULL && fields[0] != NULL ? fields : all;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, error);
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  /* `all` holds one NULL: the loops run once with NULL when nothing was given. */
  for (guint i = 0; i == 0 || (u != all && u[i] != NULL); i++)
    for (guint j = 0; j == 0 || (f != all && f[j] != NULL); j++)
      {
        KhDbStep step;

        kh_db_stmt_reset (stmt);
        kh_db_bind_text (stmt, 1, role);
        kh_db_bind_text (stmt, 2, category);
        kh_db_bind_text (stmt, 3, u[i]);
        kh_db_bind_text (stmt, 4, f[j]);
        while ((step = kh_db_step (stmt, error)) == KH_DB_STEP_ROW)
          n++;
        if (step == KH_DB_STEP_ERROR)
          return FALSE;
      }
  *n_rows = n;
  return TRUE;
}

gboolean
kh_db_server_grant (KhDb              *db,
                    const char        *role,
                    const char        *category,
                    const char *const *units,
                    const char *const *fields,
                    guint             *n_added,
                    GError           **error)
{
  guint n = 0;

  g_return_val_if_fail (role != NULL && category != NULL, FALSE);

  if (!check_server (db, error) || !kh_db_begin (db, error))
    return FALSE;
  if (!check_scope (db, role, category, units, fields, error)
      || !each_scope_row (db,
                          "INSERT INTO evaluator_scopes (role_name, category_id, unit_id, field) "
                          "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1",
                          role, category, units, fields, &n, error)
      || !kh_db_commit (db, error))
    {
      kh_db_rollback (db);
      return FALSE;
    }
  if (n_added != NULL)
    *n_added = n;
  return TRUE;
}

gboolean
kh_db_server_revoke (KhDb              *db,
                     const char        *role,
                     const char        *category,
                     const char *const *units,
                     const char *const *fields,
                     guint             *n_removed,
                     GError           **error)
{
  guint n = 0;
  gboolean ok;

  g_return_val_if_fail (role != NULL, FALSE);
  g_return_val_if_fail (category != NULL || ((units == NULL || units[0] == NULL)
                                             && (fields == NULL || fields[0] == NULL)),
                        FALSE);

  if (!check_server (db, error) || !kh_db_begin (db, error))
    return FALSE;
  if (category == NULL)
    {
      g_autoptr (KhDbStmt) stmt =
        kh_db_prepare (db, "DELETE FROM evaluator_scopes WHERE role_name = ? RETURNING 1", error);
      KhDbStep step = KH_DB_STEP_ERROR;

      if (stmt != NULL)
        {
          kh_db_bind_text (stmt, 1, role);
          while ((step = kh_db_step (stmt, error)) == KH_DB_STEP_ROW)
            n++;
        }
      ok = step == KH_DB_STEP_DONE;
    }
  else
    ok = each_scope_row (db,
                         "DELETE FROM evaluator_scopes WHERE role_name = ? AND category_id = ? "
                         "AND unit_id IS NOT DISTINCT FROM ? AND field IS NOT DISTINCT FROM ? "
                         "RETURNING 1",
                         role, category, units, fields, &n, error);
  if (!ok || !kh_db_commit (db, error))
    {
      kh_db_rollback (db);
      return FALSE;
    }
  if (n_removed != NULL)
    *n_removed = n;
  return TRUE;
}

char *
kh_db_server_scopes (KhDb       *db,
                     const char *role,
                     GError    **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  KhDbStep step;

  if (!check_server (db, error))
    return NULL;
  stmt = kh_db_prepare (db,
                        "SELECT role_name, category_id, COALESCE (unit_id, '*'), "
                        "COALESCE (field, '*') FROM evaluator_scopes "
                        "WHERE ?::text IS NULL OR role_name = ? "
                        "ORDER BY role_name, category_id, unit_id NULLS FIRST, field NULLS FIRST",
                        error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_text (stmt, 1, role);
  kh_db_bind_text (stmt, 2, role);
  while ((step = kh_db_step (stmt, error)) == KH_DB_STEP_ROW)
    g_string_append_printf (out, "%s\t%s\t%s\t%s\n", kh_db_column_text (stmt, 0),
                            kh_db_column_text (stmt, 1), kh_db_column_text (stmt, 2),
                            kh_db_column_text (stmt, 3));
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What kh_db_server_init() makes, described again for kh_db_server_check() in the words
 * the server's catalog gives back (pg_policies: the expressions as the server prints
 * them, blanks aside; roles sorted), not in the SQL above: a policy is right when the
 * server understood it as Kaohe means it, however it was written. Written from a freshly
 * initialised server's catalog (test-db-server.c's /db-server/check fails when the two
 * part). A table NULL is every table of the schema but those in @except. */
typedef struct
{
  const char *table;
  const char *except;     /* tables left out, each between spaces */
  const char *name;
  const char *command;    /* pg_policies.cmd */
  const char *roles;      /* sorted, separated by commas */
  const char *using_expr; /* NULL: none */
  const char *check_expr; /* NULL: none */
} ServerPolicy;

/* The catalog's text of VALUE_IN_SCOPE. */
#define CATALOG_VALUE_IN_SCOPE \
  "((unit_id IN ( SELECT u.id FROM (units u JOIN evaluator_scopes s ON (((s.category_id = " \
  "u.category_id) AND ((s.unit_id IS NULL) OR (s.unit_id = u.id))))) WHERE ((s.field IS " \
  "NULL) AND (s.role_name IN ( SELECT r.rolname FROM pg_roles r WHERE pg_has_role(CURRENT_USER, " \
  "r.oid, 'MEMBER'::text)))))) OR ((unit_id, field) IN ( SELECT u.id, s.field FROM (units u " \
  "JOIN evaluator_scopes s ON (((s.category_id = u.category_id) AND ((s.unit_id IS NULL) OR " \
  "(s.unit_id = u.id))))) WHERE ((s.field IS NOT NULL) AND (s.role_name IN ( SELECT " \
  "r.rolname FROM pg_roles r WHERE pg_has_role(CURRENT_USER, r.oid, 'MEMBER'::text)))))))"

/* The catalog's text of CONFIRMATION_IN_SCOPE. */
#define CATALOG_CONFIRMATION_IN_SCOPE \
  "((action = ANY (ARRAY['confirm'::text, 'unconfirm'::text])) AND ((\"substring\"(detail, '^" \
  "unit=([^\\n]*)'::text) IN ( SELECT u.id FROM (units u JOIN evaluator_scopes s ON (((s.cate" \
  "gory_id = u.category_id) AND ((s.unit_id IS NULL) OR (s.unit_id = u.id))))) WHERE ((s.fiel" \
  "d IS NULL) AND (s.role_name IN ( SELECT r.rolname FROM pg_roles r WHERE pg_has_role(CURREN" \
  "T_USER, r.oid, 'MEMBER'::text)))))) OR ((\"substring\"(detail, '^unit=([^\\n]*)'::text), " \
  "\"substring\"(detail, '\\nfield=([^\\n]*)'::text)) IN ( SELECT u.id, s.field FROM (units u" \
  " JOIN evaluator_scopes s ON (((s.category_id = u.category_id) AND ((s.unit_id IS NULL) OR " \
  "(s.unit_id = u.id))))) WHERE ((s.field IS NOT NULL) AND (s.role_name IN ( SELECT r.rolname" \
  " FROM pg_roles r WHERE pg_has_role(CURRENT_USER, r.oid, 'MEMBER'::text))))))))"

static const ServerPolicy server_policies[] = {
  { NULL, NULL, "kaohe_admin", "ALL", "kaohe_admin", "true", "true" },
  { NULL, " survey_salt evaluator_scopes data_values survey_responses audit_log ", "kaohe_read",
    "SELECT", "kaohe_evaluator,kaohe_viewer", "true", NULL },
  { "data_values", NULL, "kaohe_read", "SELECT", "kaohe_viewer", "true", NULL },
  { "survey_responses", NULL, "kaohe_read", "SELECT", "kaohe_viewer", "true", NULL },
  { "audit_log", NULL, "kaohe_read", "SELECT", "kaohe_viewer", "true", NULL },
  { "data_values", NULL, "kaohe_scope_read", "SELECT", "kaohe_evaluator", CATALOG_VALUE_IN_SCOPE,
    NULL },
  { "data_values", NULL, "kaohe_scope_insert", "INSERT", "kaohe_evaluator", NULL,
    "(" CATALOG_VALUE_IN_SCOPE " AND (edited_by = SESSION_USER))" },
  { "data_values", NULL, "kaohe_scope_update", "UPDATE", "kaohe_evaluator",
    CATALOG_VALUE_IN_SCOPE, "(" CATALOG_VALUE_IN_SCOPE " AND (edited_by = SESSION_USER))" },
  { "data_values", NULL, "kaohe_scope_delete", "DELETE", "kaohe_evaluator",
    CATALOG_VALUE_IN_SCOPE, NULL },
  { "survey_responses", NULL, "kaohe_scope_read", "SELECT", "kaohe_evaluator",
    "(unit_id IN ( SELECT u.id FROM (units u JOIN evaluator_scopes s ON (((s.category_id = "
    "u.category_id) AND ((s.unit_id IS NULL) OR (s.unit_id = u.id))))) WHERE ((s.field IS "
    "NULL) AND (s.role_name IN ( SELECT r.rolname FROM pg_roles r WHERE "
    "pg_has_role(CURRENT_USER, r.oid, 'MEMBER'::text))))))",
    NULL },
  { "audit_log", NULL, "kaohe_scope_read", "SELECT", "kaohe_evaluator",
    "((user_name = SESSION_USER) OR (seq = kaohe_audit_head()) OR "
    CATALOG_CONFIRMATION_IN_SCOPE ")",
    NULL },
  { "audit_log", NULL, "kaohe_append", "INSERT", "kaohe_evaluator", NULL,
    "((user_name = SESSION_USER) AND (seq = (COALESCE(kaohe_audit_head(), (0)::bigint) + 1)) "
    "AND ((action <> ALL (ARRAY['confirm'::text, 'unconfirm'::text])) OR "
    CATALOG_CONFIRMATION_IN_SCOPE "))" },
  { "evaluator_scopes", NULL, "kaohe_scope_read", "SELECT", "kaohe_evaluator",
    "(role_name IN ( SELECT r.rolname FROM pg_roles r WHERE pg_has_role(CURRENT_USER, r.oid, "
    "'MEMBER'::text)))",
    NULL },
};

/* The privileges on tables kh_db_server_init() grants (the table's owner aside), as
 * aclexplode() names them, each between spaces. */
static const struct
{
  const char *table;  /* NULL: every table but those in except */
  const char *except;
  const char *role;
  const char *privileges;
} server_grants[] = {
  { NULL, NULL, "kaohe_admin", " DELETE INSERT SELECT UPDATE " },
  { NULL, " survey_salt evaluator_scopes ", "kaohe_evaluator", " SELECT " },
  { NULL, " survey_salt evaluator_scopes ", "kaohe_viewer", " SELECT " },
  { "data_values", NULL, "kaohe_evaluator", " DELETE INSERT UPDATE " },
  { "audit_log", NULL, "kaohe_evaluator", " INSERT " },
  { "evaluator_scopes", NULL, "kaohe_evaluator", " SELECT " },
};

/* @table is one of a description's: @table_of names it, or is NULL and @except does not. */
static gboolean
describes (const char *table_of,
           const char *except,
           const char *table)
{
  g_autofree char *spaced = NULL;

  if (table_of != NULL)
    return g_str_equal (table_of, table);
  if (except == NULL)
    return TRUE;
  spaced = g_strdup_printf (" %s ", table);
  return strstr (except, spaced) == NULL;
}

/* @text with every run of blanks one space, none at either end. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      {
        if (out->len > 0 && out->str[out->len - 1] != ' ')
          g_string_append_c (out, ' ');
      }
    else
      g_string_append_c (out, *p);
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* A policy as a message shows it: "FOR cmd TO roles[ USING (…)][ WITH CHECK (…)]", with
 * AS RESTRICTIVE when it is. */
static char *
describe_policy (const char *permissive,
                 const char *command,
                 const char *roles,
                 const char *using_expr,
                 const char *check_expr)
{
  GString *out = g_string_new (NULL);

  if (permissive != NULL && !g_str_equal (permissive, "PERMISSIVE"))
    g_string_append_printf (out, "AS %s ", permissive);
  g_string_append_printf (out, "FOR %s TO %s", command, roles);
  if (using_expr != NULL)
    g_string_append_printf (out, " USING %s", using_expr);
  if (check_expr != NULL)
    g_string_append_printf (out, " WITH CHECK %s", check_expr);
  return g_string_free (out, FALSE);
}

/* The rows of @sql, each its columns joined by tabs (NULL as "\\N"), in order. */
static GPtrArray *
catalog_rows (KhDb       *db,
              const char *sql,
              GError    **error)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, error);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  KhDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = kh_db_step (stmt, error)) == KH_DB_STEP_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < kh_db_column_count (stmt); c++)
        {
          g_autofree char *text = kh_db_column_is_null (stmt, c)
                                    ? g_strdup ("\\N")
                                    : squeeze (kh_db_column_text (stmt, c));

          g_string_append_printf (row, "%s%s", c > 0 ? "\t" : "", text);
        }
      g_ptr_array_add (out, g_string_free (row, FALSE));
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

/* The project's schema, in the catalog's queries. */
#define SCHEMA_OID "(SELECT oid FROM pg_namespace WHERE nspname = current_schema ())"

/* What a privilege is on. */
typedef enum
{
  ON_TABLE,
  ON_SEQUENCE,
  ON_FUNCTION,
  ON_SCHEMA,
} ObjectKind;

/* A privilege ("object TAB role TAB privilege") on an object of @kind not in @others:
 * given that Kaohe does not grant (@given), or one Kaohe grants taken away. */
static void
report_grant (GPtrArray  *problems,
              ObjectKind  kind,
              const char *privilege,
              GHashTable *others,
              gboolean    given)
{
  g_auto (GStrv) c = NULL;
  char *message = NULL;

  if (g_hash_table_contains (others, privilege))
    return;
  c = g_strsplit (privilege, "\t", 3);
  if (g_strv_length (c) != 3)
    return;
  switch (kind)
    {
    case ON_TABLE:
      message = given ? g_strdup_printf (_("table “%s”: %s has the privilege %s, which Kaohe does "
                                           "not grant (the database was changed outside Kaohe)"),
                                         c[0], c[1], c[2])
                      : g_strdup_printf (_("table “%s”: %s lacks the privilege %s Kaohe grants "
                                           "(the database was changed outside Kaohe)"),
                                         c[0], c[1], c[2]);
      break;
    case ON_SEQUENCE:
      message = given ? g_strdup_printf (_("sequence “%s”: %s has the privilege %s, which Kaohe "
                                           "does not grant (the database was changed outside "
                                           "Kaohe)"),
                                         c[0], c[1], c[2])
                      : g_strdup_printf (_("sequence “%s”: %s lacks the privilege %s Kaohe "
                                           "grants (the database was changed outside Kaohe)"),
                                         c[0], c[1], c[2]);
      break;
    case ON_FUNCTION:
      message = given ? g_strdup_printf (_("function “%s”: %s has the privilege %s, which Kaohe "
                                           "does not grant (the database was changed outside "
                                           "Kaohe)"),
                                         c[0], c[1], c[2])
                      : g_strdup_printf (_("function “%s”: %s lacks the privilege %s Kaohe "
                                           "grants (the database was changed outside Kaohe)"),
                                         c[0], c[1], c[2]);
      break;
    case ON_SCHEMA:
      message = given ? g_strdup_printf (_("schema “%s”: %s has the privilege %s, which Kaohe "
                                           "does not grant (the database was changed outside "
                                           "Kaohe)"),
                                         c[0], c[1], c[2])
                      : g_strdup_printf (_("schema “%s”: %s lacks the privilege %s Kaohe grants "
                                           "(the database was changed outside Kaohe)"),
                                         c[0], c[1], c[2]);
      break;
    }
  g_ptr_array_add (problems, message);
}

/* Reports each of @rows ("object TAB role TAB privilege") not in @expected, then each of
 * @expected (in its order) not in @rows. */
static void
report_grants (GPtrArray  *problems,
               ObjectKind  kind,
               GPtrArray  *rows,
               GPtrArray  *expected)
{
  g_autoptr (GHashTable) have = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) want = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add (have, rows->pdata[i]);
  for (guint i = 0; i < expected->len; i++)
    g_hash_table_add (want, expected->pdata[i]);
  for (guint i = 0; i < rows->len; i++)
    report_grant (problems, kind, rows->pdata[i], want, TRUE);
  for (guint i = 0; i < expected->len; i++)
    report_grant (problems, kind, expected->pdata[i], have, FALSE);
}

/* A function Kaohe creates, as its SQL creates it. */
typedef struct
{
  char *language;
  gboolean definer; /* SECURITY DEFINER */
  char *body;       /* squeezed */
} KnownFunction;

static void
known_function_free (gpointer data)
{
  KnownFunction *f = data;

  g_free (f->language);
  g_free (f->body);
  g_free (f);
}

/* Adds to @known the functions @sql leaves (each CREATE FUNCTION, unless a later DROP
 * FUNCTION drops it), by name. */
static void
collect_functions (GHashTable *known,
                   const char *sql)
{
  g_autoptr (GRegex) regex =
    g_regex_new ("CREATE (?:OR REPLACE )?FUNCTION (\\w+) \\(\\)([^$]*)\\$kh\\$(.*?)\\$kh\\$"
                 "|DROP FUNCTION (?:IF EXISTS )?(\\w+) \\(\\)",
                 G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert (regex != NULL);
  g_regex_match (regex, sql, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *dropped = g_match_info_fetch (match, 4);

      if (dropped != NULL && *dropped != '\0')
        g_hash_table_remove (known, dropped);
      else
        {
          g_autofree char *head = g_match_info_fetch (match, 2);
          g_autofree char *body = g_match_info_fetch (match, 3);
          g_autoptr (GRegex) language = g_regex_new ("LANGUAGE (\\w+)", 0, 0, NULL);
          g_autoptr (GMatchInfo) lang = NULL;
          KnownFunction *f = g_new0 (KnownFunction, 1);

          if (g_regex_match (language, head, 0, &lang))
            f->language = g_match_info_fetch (lang, 1);
          f->definer = strstr (head, "SECURITY DEFINER") != NULL;
          f->body = squeeze (body);
          g_hash_table_replace (known, g_steal_pointer (&name), f);
        }
      g_match_info_next (match, NULL);
    }
}

/* The functions of the project's schema at @version and those kh_db_server_init() adds
 * (the notifying triggers' are looked up by name, kh_db_notify_function_body()), by name;
 * NULL and @error when the schema has no translation. */
static GHashTable *
known_functions (int      version,
                 GError **error)
{
  g_autoptr (GHashTable) known =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, known_function_free);
  g_autofree char *schema = kh_db_schema_postgresql (version, error);

  if (schema == NULL)
    return NULL;
  collect_functions (known, schema);
  collect_functions (known, roles_sql);
  return g_steal_pointer (&known);
}

/* @name's description in @known, or for kaohe_notify_TABLE the function
 * kh_db_notify_install() makes; NULL for none (the one returned is @spare's). */
static KnownFunction *
lookup_function (GHashTable    *known,
                 const char    *name,
                 KnownFunction *spare)
{
  KnownFunction *f = g_hash_table_lookup (known, name);
  g_autofree char *body = NULL;

  if (f != NULL || !g_str_has_prefix (name, "kaohe_notify_"))
    return f;
  body = kh_db_notify_function_body (name + strlen ("kaohe_notify_"));
  if (body == NULL)
    return NULL;
  spare->language = g_strdup ("plpgsql");
  spare->definer = FALSE;
  spare->body = squeeze (body);
  return spare;
}

/* The schema's functions: none but Kaohe's; each owned by the owner of the project's
 * tables, SECURITY DEFINER only where Kaohe makes it so, its search path pinned to the
 * schema, its language and body (when no trigger runs it: a trigger's function is checked
 * with its trigger, kh-project-verify.c) those Kaohe creates; EXECUTE granted as
 * kh_db_server_init() grants it (to the three roles for kaohe_audit_head(), which reads
 * past row-level security; to PUBLIC, the default, for the triggers' functions). */
static gboolean
check_functions (KhDb      *db,
                 GPtrArray *problems,
                 GError   **error)
{
  g_autoptr (GHashTable) known = NULL;
  g_autoptr (GPtrArray) functions = NULL;
  g_autoptr (GPtrArray) grants = NULL;
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) extra = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *owner = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *config = NULL;
  int version = kh_db_schema_version (db, error);

  if (version < 0)
    return FALSE;
  known = known_functions (version, error);
  if (known == NULL)
    return FALSE;
  if (!query_text (db, "SELECT CAST (pg_get_userbyid (relowner) AS TEXT) FROM pg_class "
                       "WHERE oid = to_regclass ('kaohe_schema')",
                   NULL, NULL, &owner, error)
      || !query_text (db, "SELECT current_schema ()", NULL, NULL, &schema, error))
    return FALSE;
  config = g_strdup_printf ("search_path=%s, pg_temp", schema);
  functions = catalog_rows (db,
                            "SELECT CAST (p.oid::regprocedure AS TEXT), p.proname, "
                            "CAST (pg_get_userbyid (p.proowner) AS TEXT), "
                            "CAST (p.prosecdef AS TEXT), COALESCE (array_to_string "
                            "(p.proconfig, E'\\n'), ''), CAST (EXISTS (SELECT 1 FROM pg_trigger t "
                            "WHERE t.tgfoid = p.oid) AS TEXT), l.lanname, p.prosrc "
                            "FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
                            "WHERE p.pronamespace = " SCHEMA_OID " ORDER BY 1",
                            error);
  if (functions == NULL)
    return FALSE;
  grants = catalog_rows (db,
                         "SELECT CAST (p.oid::regprocedure AS TEXT), CASE WHEN a.grantee = 0 "
                         "THEN 'PUBLIC' ELSE CAST (pg_get_userbyid (a.grantee) AS TEXT) END, "
                         "a.privilege_type FROM pg_proc p, aclexplode (COALESCE (p.proacl, "
                         "acldefault ('f', p.proowner))) a WHERE p.pronamespace = " SCHEMA_OID
                         " AND a.grantee <> p.proowner ORDER BY 1, 2, 3",
                         error);
  if (grants == NULL)
    return FALSE;
  for (guint i = 0; i < functions->len; i++)
    {
      g_auto (GStrv) c = g_strsplit (functions->pdata[i], "\t", 8);
      KnownFunction spare = { NULL, FALSE, NULL };
      KnownFunction *f;

      if (g_strv_length (c) != 8)
        continue;
      f = lookup_function (known, c[1], &spare);
      if (f == NULL)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("function “%s”: an extra function in the "
                                              "project's schema that Kaohe did not create (the "
                                              "database was changed outside Kaohe)"),
                                            c[0]));
          g_hash_table_add (extra, functions->pdata[i]);
          continue;
        }
      if (owner != NULL && !g_str_equal (c[2], owner))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("function “%s”: owned by %s, not by %s, who owns "
                                            "the project's tables (the database was changed "
                                            "outside Kaohe)"),
                                          c[0], c[2], owner));
      if (g_str_equal (c[3], "true") && !f->definer)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("function “%s”: SECURITY DEFINER (it runs with its "
                                            "owner's rights), which Kaohe does not make it (the "
                                            "database was changed outside Kaohe)"),
                                          c[0]));
      else if (!g_str_equal (c[3], "true") && f->definer)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("function “%s”: not SECURITY DEFINER, as Kaohe makes "
                                            "it (the database was changed outside Kaohe)"),
                                          c[0]));
      if (!g_str_equal (c[4], config))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("function “%s”: its settings are “%s”, not “%s” as "
                                            "Kaohe sets them (the database was changed outside "
                                            "Kaohe)"),
                                          c[0], c[4], config));
      if (!g_str_equal (c[5], "true")
          && (g_strcmp0 (c[6], f->language) != 0 || !g_str_equal (c[7], f->body)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("function “%s”: its body is not the one Kaohe "
                                            "created (it was changed outside Kaohe): LANGUAGE "
                                            "%s AS %s"),
                                          c[0], c[6], c[7]));
      g_free (spare.language);
      g_free (spare.body);
      g_ptr_array_add (expected,
                       g_str_equal (c[1], "kaohe_audit_head")
                         ? g_strdup_printf ("%s\tkaohe_admin\tEXECUTE", c[0])
                         : g_strdup_printf ("%s\tPUBLIC\tEXECUTE", c[0]));
      if (g_str_equal (c[1], "kaohe_audit_head"))
        {
          g_ptr_array_add (expected, g_strdup_printf ("%s\tkaohe_evaluator\tEXECUTE", c[0]));
          g_ptr_array_add (expected, g_strdup_printf ("%s\tkaohe_viewer\tEXECUTE", c[0]));
        }
    }
  /* An extra function's grants are its own: it is named already. */
  for (guint i = grants->len; i-- > 0;)
    {
      g_auto (GStrv) c = g_strsplit (grants->pdata[i], "\t", 2);
      gboolean of_extra = FALSE;

      for (guint k = 0; k < functions->len && !of_extra; k++)
        of_extra = g_hash_table_contains (extra, functions->pdata[k])
                   && g_str_has_prefix (functions->pdata[k], c[0])
                   && ((char *) functions->pdata[k])[strlen (c[0])] == '\t';
      if (of_extra)
        g_ptr_array_remove_index (grants, i);
    }
  report_grants (problems, ON_FUNCTION, grants, expected);
  return TRUE;
}

/* Column privileges: Kaohe grants none (a column's GRANT UPDATE would let a viewer write
 * it). Identity sequences: USAGE to kaohe_admin only. The schema: USAGE to the three
 * roles (and PUBLIC, PostgreSQL's default for the schema public), CREATE to none but its
 * owner (who else could create there a table or function that shadows the project's). */
static gboolean
check_other_grants (KhDb      *db,
                    GPtrArray *problems,
                    GError   **error)
{
  g_autoptr (GPtrArray) columns = NULL;
  g_autoptr (GPtrArray) sequences = NULL;
  g_autoptr (GPtrArray) sequence_grants = NULL;
  g_autoptr (GPtrArray) schema = NULL;
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) schema_expected = g_ptr_array_new_with_free_func (g_free);

  columns = catalog_rows (db,
                          "SELECT c.relname, a.attname, CASE WHEN g.grantee = 0 THEN 'PUBLIC' "
                          "ELSE CAST (pg_get_userbyid (g.grantee) AS TEXT) END, g.privilege_type "
                          "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid, "
                          "aclexplode (a.attacl) g WHERE c.relkind IN ('r', 'p') "
                          "AND c.relnamespace = " SCHEMA_OID " AND a.attnum > 0 "
                          "AND NOT a.attisdropped AND g.grantee <> c.relowner "
                          "ORDER BY 1, 2, 3, 4",
                          error);
  if (columns == NULL)
    return FALSE;
  for (guint i = 0; i < columns->len; i++)
    {
      g_auto (GStrv) c = g_strsplit (columns->pdata[i], "\t", 4);

      if (g_strv_length (c) == 4)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("table “%s”, column “%s”: %s has the privilege %s, "
                                            "which Kaohe does not grant (the database was "
                                            "changed outside Kaohe)"),
                                          c[0], c[1], c[2], c[3]));
    }

  sequences = catalog_rows (db,
                            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' "
                            "AND c.relnamespace = " SCHEMA_OID " ORDER BY 1",
                            error);
  if (sequences == NULL)
    return FALSE;
  sequence_grants = catalog_rows (db,
                                  "SELECT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
                                  "ELSE CAST (pg_get_userbyid (a.grantee) AS TEXT) END, "
                                  "a.privilege_type FROM pg_class c, aclexplode (COALESCE "
                                  "(c.relacl, acldefault ('s', c.relowner))) a "
                                  "WHERE c.relkind = 'S' AND c.relnamespace = " SCHEMA_OID
                                  " AND a.grantee <> c.relowner ORDER BY 1, 2, 3",
                                  error);
  if (sequence_grants == NULL)
    return FALSE;
  for (guint i = 0; i < sequences->len; i++)
    g_ptr_array_add (expected, g_strdup_printf ("%s\tkaohe_admin\tUSAGE",
                                                (char *) sequences->pdata[i]));
  report_grants (problems, ON_SEQUENCE, sequence_grants, expected);

  schema = catalog_rows (db,
                         "SELECT n.nspname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
                         "CAST (pg_get_userbyid (a.grantee) AS TEXT) END, a.privilege_type "
                         "FROM pg_namespace n, aclexplode (COALESCE (n.nspacl, acldefault "
                         "('n', n.nspowner))) a WHERE n.oid = " SCHEMA_OID
                         " AND a.grantee <> n.nspowner "
                         "AND NOT (a.grantee = 0 AND a.privilege_type = 'USAGE') ORDER BY 1, 2, 3",
                         error);
  if (schema == NULL)
    return FALSE;
  {
    g_autofree char *name = NULL;

    if (!query_text (db, "SELECT current_schema ()", NULL, NULL, &name, error))
      return FALSE;
    g_ptr_array_add (schema_expected, g_strdup_printf ("%s\tkaohe_admin\tUSAGE", name));
    g_ptr_array_add (schema_expected, g_strdup_printf ("%s\tkaohe_evaluator\tUSAGE", name));
    g_ptr_array_add (schema_expected, g_strdup_printf ("%s\tkaohe_viewer\tUSAGE", name));
  }
  report_grants (problems, ON_SCHEMA, schema, schema_expected);
  return TRUE;
}

gboolean
kh_db_server_check (KhDb      *db,
                    GPtrArray *problems,
                    GError   **error)
{
  g_autofree char *scopes = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) policies = NULL;
  g_autoptr (GPtrArray) grants = NULL;
  g_autoptr (GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) to_grant = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) granting = g_hash_table_new (g_str_hash, g_str_equal); /* of to_grant */

  g_return_val_if_fail (problems != NULL, FALSE);

  if (kh_db_backend (db) != KH_DB_POSTGRESQL)
    return TRUE;
  if (!query_text (db, "SELECT to_regclass ('evaluator_scopes')::text", NULL, NULL, &scopes,
                   error))
    return FALSE;
  if (scopes == NULL)
    return TRUE;
  tables = catalog_rows (db,
                         "SELECT c.relname, CAST (c.relrowsecurity AS TEXT) FROM pg_class c "
                         "WHERE c.relkind IN ('r', 'p') AND c.relnamespace = " SCHEMA_OID
                         " ORDER BY c.relname",
                         error);
  if (tables == NULL)
    return FALSE;
  policies = catalog_rows (db,
                           "SELECT tablename, policyname, permissive, cmd, array_to_string "
                           "(ARRAY (SELECT CAST (r AS TEXT) FROM unnest (roles) r ORDER BY 1), "
                           "','), qual, with_check FROM pg_policies "
                           "WHERE schemaname = current_schema () ORDER BY tablename, policyname",
                           error);
  if (policies == NULL)
    return FALSE;
  grants = catalog_rows (db,
                         "SELECT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
                         "CAST (pg_get_userbyid (a.grantee) AS TEXT) END, a.privilege_type "
                         "FROM pg_class c, aclexplode (c.relacl) a "
                         "WHERE c.relkind IN ('r', 'p') AND c.relnamespace = " SCHEMA_OID
                         " AND a.grantee <> c.relowner ORDER BY 1, 2, 3",
                         error);
  if (grants == NULL)
    return FALSE;

  for (guint i = 0; i < policies->len; i++)
    {
      g_auto (GStrv) f = g_strsplit (policies->pdata[i], "\t", 3);

      g_hash_table_replace (have, g_strdup_printf ("%s\t%s", f[0], f[1] != NULL ? f[1] : ""),
                            g_strdup (policies->pdata[i]));
    }
  for (guint i = 0; i < grants->len; i++)
    g_hash_table_add (granted, g_strdup (grants->pdata[i]));

  /* Row-level security, then each table's policies as described. */
  for (guint i = 0; i < tables->len; i++)
    {
      g_auto (GStrv) t = g_strsplit (tables->pdata[i], "\t", 2);

      if (g_strcmp0 (t[1], "true") != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("table “%s”: row-level security is off (the "
                                            "database was changed outside Kaohe)"),
                                          t[0]));
    }
  for (guint i = 0; i < tables->len; i++)
    {
      g_auto (GStrv) t = g_strsplit (tables->pdata[i], "\t", 2);

      for (guint p = 0; p < G_N_ELEMENTS (server_policies); p++)
        {
          const ServerPolicy *d = &server_policies[p];
          g_autofree char *key = NULL;
          g_autofree char *expected = NULL;
          const char *now;

          if (!describes (d->table, d->except, t[0]))
            continue;
          key = g_strdup_printf ("%s\t%s", t[0], d->name);
          expected = g_strdup_printf ("%s\t%s\tPERMISSIVE\t%s\t%s\t%s\t%s", t[0], d->name,
                                      d->command, d->roles,
                                      d->using_expr != NULL ? d->using_expr : "\\N",
                                      d->check_expr != NULL ? d->check_expr : "\\N");
          now = g_hash_table_lookup (have, key);
          if (now == NULL)
            g_ptr_array_add (problems,
                             g_strdup_printf (_("table “%s”: the row-level security policy “%s” "
                                                "is missing (the database was changed outside "
                                                "Kaohe)"),
                                              t[0], d->name));
          else if (!g_str_equal (now, expected))
            {
              g_auto (GStrv) c = g_strsplit (now, "\t", 7);
              g_autofree char *shown = NULL;

              if (g_strv_length (c) != 7)
                continue;
              shown = describe_policy (c[2], c[3], c[4],
                                       g_str_equal (c[5], "\\N") ? NULL : c[5],
                                       g_str_equal (c[6], "\\N") ? NULL : c[6]);
              g_ptr_array_add (problems,
                               g_strdup_printf (_("table “%s”: the row-level security policy "
                                                  "“%s” is not the one Kaohe created (it was "
                                                  "changed outside Kaohe): %s"),
                                                t[0], d->name, shown));
            }
          g_hash_table_remove (have, key);
        }
    }
  /* What is left of the catalog's policies Kaohe did not make. */
  for (guint i = 0; i < policies->len; i++)
    {
      g_auto (GStrv) c = g_strsplit (policies->pdata[i], "\t", 7);
      g_autofree char *key = NULL;
      g_autofree char *shown = NULL;

      if (g_strv_length (c) != 7)
        continue;
      key = g_strdup_printf ("%s\t%s", c[0], c[1]);
      if (!g_hash_table_contains (have, key))
        continue;
      shown = describe_policy (c[2], c[3], c[4], g_str_equal (c[5], "\\N") ? NULL : c[5],
                               g_str_equal (c[6], "\\N") ? NULL : c[6]);
      g_ptr_array_add (problems,
                       g_strdup_printf (_("table “%s”: an extra row-level security policy “%s” "
                                          "that Kaohe did not create (the database was changed "
                                          "outside Kaohe): %s"),
                                        c[0], c[1], shown));
    }

  /* Privileges: those granted that Kaohe does not grant, then those taken away; what
   * Kaohe grants as "table TAB role TAB privilege", in the tables' order. */
  for (guint i = 0; i < tables->len; i++)
    {
      g_auto (GStrv) t = g_strsplit (tables->pdata[i], "\t", 2);

      for (guint g = 0; g < G_N_ELEMENTS (server_grants); g++)
        {
          g_autofree char *list = NULL;
          g_auto (GStrv) privileges = NULL;

          if (!describes (server_grants[g].table, server_grants[g].except, t[0]))
            continue;
          list = g_strstrip (g_strdup (server_grants[g].privileges));
          privileges = g_strsplit (list, " ", -1);
          for (guint k = 0; privileges[k] != NULL; k++)
            {
              char *key = g_strdup_printf ("%s\t%s\t%s", t[0], server_grants[g].role,
                                           privileges[k]);

              g_ptr_array_add (to_grant, key);
              g_hash_table_add (granting, key);
            }
        }
    }
  for (guint i = 0; i < grants->len; i++)
    report_grant (problems, ON_TABLE, grants->pdata[i], granting, TRUE);
  for (guint i = 0; i < to_grant->len; i++)
    report_grant (problems, ON_TABLE, to_grant->pdata[i], granted, FALSE);
  /* The columns', sequences' and schema's privileges; the functions. */
  return check_other_grants (db, problems, error) && check_functions (db, problems, error);
}
