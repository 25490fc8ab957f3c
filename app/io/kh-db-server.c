/* kh-db-server.c — a PostgreSQL database made ready for an office (kh-db-server.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-db-private.h"
#include "kh-db-schema.h"
#include "kh-db-server.h"
#include "kh-project.h"

/* A value is in an evaluator's scope when one of the scopes of a role the current user
 * belongs to covers its unit's category, and its unit and field (or any). */
#define IN_SCOPE \
  "EXISTS (SELECT 1 FROM evaluator_scopes s JOIN units u ON u.id = data_values.unit_id\n" \
  "  WHERE s.category_id = u.category_id\n" \
  "  AND (s.unit_id IS NULL OR s.unit_id = data_values.unit_id)\n" \
  "  AND (s.field IS NULL OR s.field = data_values.field)\n" \
  "  AND s.role_name IN (SELECT r.rolname FROM pg_roles r\n" \
  "                      WHERE pg_has_role (current_user, r.oid, 'MEMBER')))"

static const char roles_sql[] =
  "DO $kh$ BEGIN\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_admin') THEN\n"
  "    CREATE ROLE kaohe_admin NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_evaluator') THEN\n"
  "    CREATE ROLE kaohe_evaluator NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaohe_viewer') THEN\n"
  "    CREATE ROLE kaohe_viewer NOLOGIN; END IF;\n"
  "END $kh$;\n"
  "CREATE TABLE IF NOT EXISTS evaluator_scopes (\n"
  "  role_name TEXT NOT NULL,\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  unit_id TEXT REFERENCES units (id),\n"
  "  field TEXT\n"
  ");\n"
  "DO $kh$ BEGIN\n"
  "  EXECUTE format ('GRANT USAGE ON SCHEMA %I TO kaohe_admin, kaohe_evaluator, kaohe_viewer',\n"
  "                  current_schema ());\n"
  "  EXECUTE format ('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO kaohe_evaluator, kaohe_viewer',\n"
  "                  current_schema ());\n"
  "  EXECUTE format ('GRANT ALL ON ALL TABLES IN SCHEMA %I TO kaohe_admin', current_schema ());\n"
  "  EXECUTE format ('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO kaohe_admin, kaohe_evaluator',\n"
  "                  current_schema ());\n"
  "END $kh$;\n"
  "GRANT INSERT, UPDATE, DELETE ON data_values TO kaohe_evaluator;\n"
  "GRANT INSERT ON audit_log TO kaohe_evaluator;\n"
  "ALTER TABLE data_values ENABLE ROW LEVEL SECURITY;\n"
  "DROP POLICY IF EXISTS data_values_admin ON data_values;\n"
  "CREATE POLICY data_values_admin ON data_values TO kaohe_admin USING (true) WITH CHECK (true);\n"
  "DROP POLICY IF EXISTS data_values_viewer ON data_values;\n"
  "CREATE POLICY data_values_viewer ON data_values FOR SELECT TO kaohe_viewer USING (true);\n"
  "DROP POLICY IF EXISTS data_values_evaluator ON data_values;\n"
  "CREATE POLICY data_values_evaluator ON data_values TO kaohe_evaluator\n"
  "  USING (" IN_SCOPE ")\n"
  "  WITH CHECK (" IN_SCOPE ");\n";

gboolean
kh_db_server_init (KhDb    *db,
                   GError **error)
{
  int version;

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
  if (version == 0 && !kh_db_schema_create (db, KH_PROJECT_SCHEMA_VERSION, error))
    return FALSE;
  if (version != 0 && version != KH_PROJECT_SCHEMA_VERSION)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s holds a project of schema version %d; this Kaohe makes version %d"),
                         kh_db_name (db), version, KH_PROJECT_SCHEMA_VERSION);

      kh_db_set_error (error, "0A000", message);
      return FALSE;
    }
  if (!kh_db_begin (db, error))
    return FALSE;
  if (!kh_db_exec (db, roles_sql, error) || !kh_db_commit (db, error))
    {
      kh_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
