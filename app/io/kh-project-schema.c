/* kh-project-schema.c — the project database schema and its migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQL is kept plain and standard where a standard form exists (a shared PostgreSQL
 * server is the planned next step): TEXT, INTEGER and DOUBLE PRECISION columns, named
 * foreign keys, composite primary keys. Triggers use SQLite's RAISE(); a PostgreSQL port
 * would write them as PL/pgSQL functions with the same names and conditions.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"

static const char schema_v1[] =
  "CREATE TABLE categories (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  name_zh TEXT NOT NULL,\n"
  "  name_en TEXT\n"
  ");\n"
  "CREATE TABLE peer_groups (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  name_zh TEXT NOT NULL,\n"
  "  name_en TEXT\n"
  ");\n"
  "CREATE TABLE units (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  name_zh TEXT NOT NULL,\n"
  "  name_zh_tw TEXT,\n"
  "  name_en TEXT,\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  group_id TEXT REFERENCES peer_groups (id),\n"
  "  from_year INTEGER,\n"
  "  until_year INTEGER,\n"
  "  successor_id TEXT REFERENCES units (id),\n"
  "  CHECK (from_year IS NULL OR until_year IS NULL OR from_year <= until_year)\n"
  ");\n"
  "CREATE INDEX units_name_zh ON units (name_zh);\n"
  "CREATE TABLE years (\n"
  "  year INTEGER PRIMARY KEY,\n"
  "  sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))\n"
  ");\n"
  /* One framework per year and category: the XML text as exchanged between offices. */
  "CREATE TABLE frameworks (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  xml TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id)\n"
  ");\n"
  "CREATE TABLE data_values (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  field TEXT NOT NULL,\n"
  "  value DOUBLE PRECISION,\n"
  "  source_file TEXT,\n"
  "  source_row INTEGER,\n"
  "  source_column INTEGER,\n"
  "  edited_by TEXT NOT NULL,\n"
  "  edited_at TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, unit_id, field)\n"
  ");\n"
  "CREATE TABLE results (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  group_id TEXT,\n"
  "  total DOUBLE PRECISION,\n"
  "  rank INTEGER NOT NULL DEFAULT 0,\n"
  "  tier INTEGER NOT NULL DEFAULT 0,\n"
  "  prev_rank INTEGER NOT NULL DEFAULT 0,\n"
  "  rank_change INTEGER NOT NULL DEFAULT 0,\n"
  "  awards TEXT NOT NULL DEFAULT '',\n"
  "  computed_at TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, unit_id)\n"
  ");\n"
  "CREATE TABLE result_scores (\n"
  "  year INTEGER NOT NULL,\n"
  "  unit_id TEXT NOT NULL,\n"
  "  node_id TEXT NOT NULL,\n"
  "  score DOUBLE PRECISION,\n"
  "  PRIMARY KEY (year, unit_id, node_id),\n"
  "  FOREIGN KEY (year, unit_id) REFERENCES results (year, unit_id) ON DELETE CASCADE\n"
  ");\n"
  "CREATE TABLE notes (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  year INTEGER REFERENCES years (year),\n"
  "  unit_id TEXT REFERENCES units (id),\n"
  "  node_id TEXT,\n"
  "  body TEXT NOT NULL,\n"
  "  author TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE audit_log (\n"
  "  seq INTEGER PRIMARY KEY,\n"
  "  at TEXT NOT NULL,\n"
  "  user_name TEXT NOT NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  year INTEGER,\n"
  "  detail TEXT NOT NULL,\n"
  "  prev_hash CHAR(64) NOT NULL,\n"
  "  hash CHAR(64) NOT NULL UNIQUE\n"
  ");\n"
  /* The audit log is append-only. */
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
  "BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;\n"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
  "BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;\n"
  /* A sealed year: its row, frameworks, values and results do not change. */
  "CREATE TRIGGER years_sealed_update BEFORE UPDATE ON years WHEN OLD.sealed = 1\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER years_sealed_delete BEFORE DELETE ON years WHEN OLD.sealed = 1\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER frameworks_sealed_insert BEFORE INSERT ON frameworks\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER frameworks_sealed_update BEFORE UPDATE ON frameworks\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER frameworks_sealed_delete BEFORE DELETE ON frameworks\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER data_values_sealed_insert BEFORE INSERT ON data_values\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER data_values_sealed_update BEFORE UPDATE ON data_values\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER data_values_sealed_delete BEFORE DELETE ON data_values\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER results_sealed_insert BEFORE INSERT ON results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER results_sealed_update BEFORE UPDATE ON results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER results_sealed_delete BEFORE DELETE ON results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER result_scores_sealed_insert BEFORE INSERT ON result_scores\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER result_scores_sealed_update BEFORE UPDATE ON result_scores\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER result_scores_sealed_delete BEFORE DELETE ON result_scores\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n";

/* Version 2: satisfaction surveys (kh-project-survey.c). The raters' answers of a year's
 * survey of one category, as imported (the answer's text, re-read through the survey's
 * scale when scored); raters only as salted hashes (HMAC-SHA-256 keyed with the project's
 * random salt, survey_salt, written with the first sheet: a project without surveys stays
 * reproducible byte for byte); exclusions with their reason, kept across re-imports. A
 * sealed year's answers and exclusions do not change. */
static const char schema_v2[] =
  "CREATE TABLE survey_salt (\n"
  "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  salt TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE survey_responses (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  rater CHAR(64) NOT NULL,\n"
  "  class_id TEXT NOT NULL,\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  item_id TEXT NOT NULL,\n"
  "  answer TEXT NOT NULL,\n"
  "  answered_at TEXT,\n"
  "  source_file TEXT NOT NULL,\n"
  "  source_row INTEGER NOT NULL,\n"
  "  PRIMARY KEY (year, category_id, rater, unit_id, item_id)\n"
  ");\n"
  "CREATE TABLE survey_exclusions (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  rater CHAR(64) NOT NULL,\n"
  "  reason TEXT NOT NULL CHECK (reason <> ''),\n"
  "  excluded_by TEXT NOT NULL,\n"
  "  excluded_at TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id, rater)\n"
  ");\n"
  "CREATE TRIGGER survey_salt_no_update BEFORE UPDATE ON survey_salt\n"
  "BEGIN SELECT RAISE (ABORT, 'the survey salt does not change'); END;\n"
  "CREATE TRIGGER survey_salt_no_delete BEFORE DELETE ON survey_salt\n"
  "BEGIN SELECT RAISE (ABORT, 'the survey salt does not change'); END;\n"
  "CREATE TRIGGER survey_responses_sealed_insert BEFORE INSERT ON survey_responses\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER survey_responses_sealed_update BEFORE UPDATE ON survey_responses\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER survey_responses_sealed_delete BEFORE DELETE ON survey_responses\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER survey_exclusions_sealed_insert BEFORE INSERT ON survey_exclusions\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER survey_exclusions_sealed_update BEFORE UPDATE ON survey_exclusions\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER survey_exclusions_sealed_delete BEFORE DELETE ON survey_exclusions\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n";

/* The triggers of version 2 (checked when the project has that version). */
const char *const kh_project_survey_trigger_names[] = {
  "survey_salt_no_update",           "survey_salt_no_delete",
  "survey_responses_sealed_insert",  "survey_responses_sealed_update",
  "survey_responses_sealed_delete",  "survey_exclusions_sealed_insert",
  "survey_exclusions_sealed_update", "survey_exclusions_sealed_delete", NULL,
};

const char *const kh_project_trigger_names[] = {
  "audit_log_no_update",        "audit_log_no_delete",        "years_sealed_update",
  "years_sealed_delete",        "frameworks_sealed_insert",   "frameworks_sealed_update",
  "frameworks_sealed_delete",   "data_values_sealed_insert",  "data_values_sealed_update",
  "data_values_sealed_delete",  "results_sealed_insert",      "results_sealed_update",
  "results_sealed_delete",      "result_scores_sealed_insert", "result_scores_sealed_update",
  "result_scores_sealed_delete", NULL,
};

/* migrations[i] brings the schema from version i to i + 1. */
static const char *const migrations[KH_PROJECT_SCHEMA_VERSION] = {
  schema_v1,
  schema_v2,
};

gboolean
kh_project_schema_upgrade (KhProject *self,
                           int        from_version,
                           GError   **error)
{
  g_assert (self != NULL);
  g_assert (from_version >= 0 && from_version <= KH_PROJECT_SCHEMA_VERSION);

  for (int v = from_version; v < KH_PROJECT_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      g_autofree char *set_app_id =
        g_strdup_printf ("PRAGMA application_id = %d", KH_PROJECT_APPLICATION_ID);

      if (!kh_project_begin (self, error))
        return FALSE;
      if (!kh_project_exec (self, migrations[v], error)
          || !kh_project_exec (self, set_app_id, error)
          || !kh_project_exec (self, set_version, error)
          || (v == 0 && !kh_audit_append (self->db, self->user, "create", 0,
                                          "schema=1", error))
          || !kh_project_commit (self, error))
        {
          kh_project_rollback (self);
          return FALSE;
        }
    }
  return TRUE;
}
