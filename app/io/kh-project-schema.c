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

/* Version 3: every stored row names the audit row that wrote it (audit_seq), so a log cut
 * short is seen; the units of a sealed year keep their names, category, group and years
 * (their membership of the sealed year), which a seal covers. */
#define UNIT_IN(row) \
  "((" row ".from_year IS NULL OR " row ".from_year <= y.year) AND (" row ".until_year IS NULL " \
  "OR y.year <= " row ".until_year))"
static const char schema_v3[] =
  "ALTER TABLE units ADD COLUMN audit_seq INTEGER;\n"
  "ALTER TABLE frameworks ADD COLUMN audit_seq INTEGER;\n"
  "ALTER TABLE data_values ADD COLUMN audit_seq INTEGER;\n"
  "ALTER TABLE results ADD COLUMN audit_seq INTEGER;\n"
  "CREATE TRIGGER units_sealed_insert BEFORE INSERT ON units\n"
  "WHEN NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.id)\n"
  "AND EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1 AND " UNIT_IN ("NEW") ")\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER units_sealed_update BEFORE UPDATE ON units\n"
  "WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1\n"
  "AND (" UNIT_IN ("OLD") " OR " UNIT_IN ("NEW") ")\n"
  "AND (" UNIT_IN ("OLD") " IS NOT " UNIT_IN ("NEW") "\n"
  "OR NEW.id IS NOT OLD.id OR NEW.name_zh IS NOT OLD.name_zh\n"
  "OR NEW.name_zh_tw IS NOT OLD.name_zh_tw OR NEW.name_en IS NOT OLD.name_en\n"
  "OR NEW.category_id IS NOT OLD.category_id OR NEW.group_id IS NOT OLD.group_id))\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER units_sealed_delete BEFORE DELETE ON units\n"
  "WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1 AND " UNIT_IN ("OLD") ")\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n";
#undef UNIT_IN

/* Version 4: the project's own settings (kh-project-settings.c), e.g. the issuing body
 * printed on its reports. Plain key → text rows, changed through audited steps. */
static const char schema_v4[] =
  "CREATE TABLE IF NOT EXISTS settings (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT NOT NULL\n"
  ");\n";

/* Version 5: units through time. A unit's names, peer group, parent unit and existence
 * are per year (unit_years: a row = the unit exists that year); unit_links record which
 * units of the previous year a unit continues (rename, merge, split), with their order;
 * published_results hold a year's results as the office published them (the baseline of
 * the next year's rank change). units keeps the identity (id, category), the life span
 * (from_year, until_year: the years a year added later gets the unit) and the latest
 * names, group and parent (what a year added later starts from), which may now change
 * while a sealed year keeps its own in unit_years. The migration writes one row per unit
 * and existing year from the units table (for a sealed year the peer group its stored
 * results were computed in, when that group is known) and one link per successor, then
 * the triggers: a sealed year's units, names, groups, parents and links do not change;
 * a unit that exists in a sealed year keeps its id, its category and its membership of
 * that year (version 3's units_sealed_update, which also froze the latest names and
 * group, is replaced); the published results of year Y do not change once Y + 1 (which
 * they are the baseline of) is sealed. */
#define UNIT_IN(row) \
  "((" row ".from_year IS NULL OR " row ".from_year <= y.year) AND (" row ".until_year IS NULL " \
  "OR y.year <= " row ".until_year))"
static const char schema_v5[] =
  "ALTER TABLE units ADD COLUMN parent_id TEXT;\n"
  "CREATE TABLE unit_years (\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  year INTEGER NOT NULL,\n"
  "  name_zh TEXT NOT NULL,\n"
  "  name_zh_tw TEXT,\n"
  "  name_en TEXT,\n"
  "  group_id TEXT REFERENCES peer_groups (id),\n"
  "  parent_id TEXT REFERENCES units (id),\n"
  "  PRIMARY KEY (unit_id, year)\n"
  ");\n"
  "CREATE INDEX unit_years_year ON unit_years (year);\n"
  "CREATE TABLE unit_links (\n"
  "  year INTEGER NOT NULL,\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  predecessor_id TEXT NOT NULL REFERENCES units (id),\n"
  "  position INTEGER NOT NULL,\n"
  "  PRIMARY KEY (year, unit_id, predecessor_id)\n"
  ");\n"
  "CREATE TABLE published_results (\n"
  "  year INTEGER NOT NULL,\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  group_id TEXT,\n"
  "  rank INTEGER NOT NULL DEFAULT 0,\n"
  "  tier INTEGER NOT NULL DEFAULT 0,\n"
  "  awards TEXT NOT NULL DEFAULT '',\n"
  "  total DOUBLE PRECISION,\n"
  "  source_file TEXT NOT NULL,\n"
  "  source_row INTEGER NOT NULL,\n"
  "  PRIMARY KEY (year, unit_id)\n"
  ");\n"
  "INSERT OR IGNORE INTO unit_years (unit_id, year, name_zh, name_zh_tw, name_en, group_id)\n"
  "SELECT u.id, y.year, u.name_zh, u.name_zh_tw, u.name_en,\n"
  "  COALESCE ((SELECT r.group_id FROM results r JOIN peer_groups g ON g.id = r.group_id\n"
  "             WHERE r.year = y.year AND r.unit_id = u.id AND y.sealed = 1), u.group_id)\n"
  "FROM units u JOIN years y ON (u.from_year IS NULL OR u.from_year <= y.year)\n"
  "  AND (u.until_year IS NULL OR y.year <= u.until_year);\n"
  "INSERT OR IGNORE INTO unit_links (year, unit_id, predecessor_id, position)\n"
  "SELECT until_year + 1, successor_id, id, 1 FROM units\n"
  "WHERE successor_id IS NOT NULL AND until_year IS NOT NULL;\n"
  "DROP TRIGGER units_sealed_update;\n"
  "CREATE TRIGGER units_sealed_update BEFORE UPDATE ON units\n"
  "WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1\n"
  "AND (" UNIT_IN ("OLD") " IS NOT " UNIT_IN ("NEW") "\n"
  "OR ((" UNIT_IN ("OLD") " OR EXISTS (SELECT 1 FROM unit_years x\n"
  "WHERE x.unit_id = OLD.id AND x.year = y.year))\n"
  "AND (NEW.id IS NOT OLD.id OR NEW.category_id IS NOT OLD.category_id))))\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_years_sealed_insert BEFORE INSERT ON unit_years\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_years_sealed_update BEFORE UPDATE ON unit_years\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_years_sealed_delete BEFORE DELETE ON unit_years\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_links_sealed_insert BEFORE INSERT ON unit_links\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_links_sealed_update BEFORE UPDATE ON unit_links\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER unit_links_sealed_delete BEFORE DELETE ON unit_links\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER published_results_sealed_insert BEFORE INSERT ON published_results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year + 1 AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER published_results_sealed_update BEFORE UPDATE ON published_results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year + 1, NEW.year + 1) AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER published_results_sealed_delete BEFORE DELETE ON published_results\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year + 1 AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n";
#undef UNIT_IN

/* Version 6: a unit's short name (简称: 苏州 for 苏州市, 南邮 for 南京邮电大学) per year
 * beside its other names, and its aliases (other names a provider's sheet may use: a
 * former name, the pinyin, a spelling without 市), matched by the data import. The short
 * name of a year is one of its names: a sealed year's does not change (unit_years'
 * triggers) and a seal of format 4 covers it. Aliases belong to the unit, not to a year:
 * they only help to find it in a sheet and change nothing a year shows or computes, so
 * no seal covers them; they are written by the units import, under its audit row. */
static const char schema_v6[] =
  "ALTER TABLE units ADD COLUMN short_name TEXT;\n"
  "ALTER TABLE unit_years ADD COLUMN short_name TEXT;\n"
  "CREATE TABLE unit_aliases (\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  alias TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL,\n"
  "  PRIMARY KEY (unit_id, alias)\n"
  ");\n"
  "CREATE INDEX unit_aliases_alias ON unit_aliases (alias);\n";

/* Version 7: the uncertain inputs of a year and category's sensitivity analysis
 * (kh-project-specs.c): the spec's key-file text (data/schema/README.md, "Sensitivity
 * specs") as the office declared it, with who stored it and when; each change audited
 * ("sensitivity-spec"). Not part of a seal: it describes an analysis of the results,
 * not the results. */
static const char schema_v7[] =
  "CREATE TABLE sensitivity_specs (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  spec TEXT NOT NULL,\n"
  "  edited_by TEXT NOT NULL,\n"
  "  edited_at TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id)\n"
  ");\n";

/* Version 8: framework history (kh-project-history.c). Every framework stored for a year
 * and category is kept as a numbered version (1, 2, …) with who saved it, when, and from
 * what (a file, the editor, a restored version); the frameworks table keeps the current
 * one. The migration makes each framework in place its version 1, with the user and time
 * of the audit row that wrote it (its audit_seq, or else the year's latest "framework" row
 * naming its category; empty when the log has none). History is never rewritten: versions
 * do not change, and a sealed year's versions are neither added nor removed. */
static const char schema_v8[] =
  "CREATE TABLE framework_versions (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  xml TEXT NOT NULL,\n"
  "  saved_by TEXT NOT NULL,\n"
  "  saved_at TEXT NOT NULL,\n"
  "  source TEXT NOT NULL,\n"
  "  audit_seq INTEGER,\n"
  "  PRIMARY KEY (year, category_id, version)\n"
  ");\n"
  "INSERT INTO framework_versions (year, category_id, version, xml, saved_by, saved_at, source, "
  "audit_seq)\n" KH_PROJECT_FRAMEWORKS_AS_VERSION_1 ";\n"
  "CREATE TRIGGER framework_versions_no_update BEFORE UPDATE ON framework_versions\n"
  "BEGIN SELECT RAISE (ABORT, 'framework versions do not change'); END;\n"
  "CREATE TRIGGER framework_versions_sealed_insert BEFORE INSERT ON framework_versions\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"
  "CREATE TRIGGER framework_versions_sealed_delete BEFORE DELETE ON framework_versions\n"
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n"
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n";

/* Version 9: a covering index of a year's values in the order computing reads them
 * (kh-project-compute.c: unit by unit, field by field). The primary key's index has the
 * same order but not the value, so each value cost a lookup of its row in the table
 * besides: a quarter of the CPU time of computing a year at 3,000 units (issue 22). It
 * adds no data, only a copy of what the table holds (the file grows by about a third:
 * 624 → 808 MB at 3,000 units × 200 indicators × 10 years); an older project read without
 * it gives the same values. */
static const char schema_v9[] =
  "CREATE INDEX data_values_read ON data_values (year, unit_id, field, value);\n";

/* Triggers that keep the rows of @table of a sealed year as they are. */
#define SEALED_YEAR_TRIGGERS(table) \
  "CREATE TRIGGER " table "_sealed_insert BEFORE INSERT ON " table "\n" \
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)\n" \
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n" \
  "CREATE TRIGGER " table "_sealed_update BEFORE UPDATE ON " table "\n" \
  "WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)\n" \
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n" \
  "CREATE TRIGGER " table "_sealed_delete BEFORE DELETE ON " table "\n" \
  "WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)\n" \
  "BEGIN SELECT RAISE (ABORT, 'sealed year'); END;\n"

/* Version 10: a recommending unit's entered list of recommendations (the "321" workflow,
 * kh-project-recommend.c): per year, category of the units recommended (the counties) and
 * recommending unit (a city), the units it recommends in its order, with who entered the
 * list and when; a list may be empty (the city recommends none). A unit without a list
 * follows its quota rule's `select`. Each change audited ("recommendation"); a sealed
 * year's lists do not change. */
static const char schema_v10[] =
  "CREATE TABLE recommendation_lists (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  category_id TEXT NOT NULL REFERENCES categories (id),\n"
  "  parent_id TEXT NOT NULL REFERENCES units (id),\n"
  "  entered_by TEXT NOT NULL,\n"
  "  entered_at TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id, parent_id)\n"
  ");\n"
  "CREATE TABLE recommendation_units (\n"
  "  year INTEGER NOT NULL,\n"
  "  category_id TEXT NOT NULL,\n"
  "  parent_id TEXT NOT NULL,\n"
  "  position INTEGER NOT NULL CHECK (position >= 1),\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  PRIMARY KEY (year, category_id, parent_id, position),\n"
  "  FOREIGN KEY (year, category_id, parent_id)\n"
  "    REFERENCES recommendation_lists (year, category_id, parent_id)\n"
  ");\n"
  SEALED_YEAR_TRIGGERS ("recommendation_lists")
  SEALED_YEAR_TRIGGERS ("recommendation_units");

/* SQLite's clause that stores a table's rows in the b-tree of its primary key, without a
 * rowid (https://sqlite.org/withoutrowid.html). Only the physical layout: the logical
 * schema, written for PostgreSQL, is the same table without it (whose primary key's index
 * serves the same reads). */
#define SQLITE_CLUSTERED_BY_KEY " WITHOUT ROWID"

/* Version 11: a year's values stored in the order of their key (year, unit, field), the
 * order computing, exporting and sealing read them: the table was a rowid table beside
 * its primary key's index and, since version 9, a covering index data_values_read — three
 * b-trees holding each value, which every import wrote and `verify`'s integrity_check
 * cross-checked row by row (7.0 of its 8.5 s at 3,000 units × 200 indicators × 10
 * years, issue 22). Now one b-tree: the same columns, key and values, no other index.
 * The migration copies every row as it is (each value's provenance and writer with it),
 * then the table takes the old one's name and its sealed-year triggers; what a seal
 * covers (kh-project-content.c reads the same columns in the same order) is unchanged. */
static const char schema_v11[] =
  "CREATE TABLE data_values_by_key (\n"
  "  year INTEGER NOT NULL REFERENCES years (year),\n"
  "  unit_id TEXT NOT NULL REFERENCES units (id),\n"
  "  field TEXT NOT NULL,\n"
  "  value DOUBLE PRECISION,\n"
  "  source_file TEXT,\n"
  "  source_row INTEGER,\n"
  "  source_column INTEGER,\n"
  "  edited_by TEXT NOT NULL,\n"
  "  edited_at TEXT NOT NULL,\n"
  "  audit_seq INTEGER,\n"
  "  PRIMARY KEY (year, unit_id, field)\n"
  ")" SQLITE_CLUSTERED_BY_KEY ";\n"
  "INSERT INTO data_values_by_key (year, unit_id, field, value, source_file, source_row, "
  "source_column, edited_by, edited_at, audit_seq)\n"
  "SELECT year, unit_id, field, value, source_file, source_row, source_column, edited_by, "
  "edited_at, audit_seq FROM data_values ORDER BY year, unit_id, field;\n"
  "DROP TABLE data_values;\n"
  "ALTER TABLE data_values_by_key RENAME TO data_values;\n"
  SEALED_YEAR_TRIGGERS ("data_values");
#undef SQLITE_CLUSTERED_BY_KEY
#undef SEALED_YEAR_TRIGGERS

/* Version 12: the units' declared order (the official order: 南京, 无锡, 徐州 … as the
 * province lists its cities, which is neither the ids' nor the names' order). A unit gets
 * the next place when a units table first declares it, in the table's row order; a later
 * import keeps the places of the units already there. The migration keeps the order in
 * which an older project's units were inserted, which is the order of its units table.
 * The Data grid shows its rows in this order. It only presents: no seal covers it, and the
 * results and their ties do not depend on it. */
static const char schema_v12[] =
  "ALTER TABLE units ADD COLUMN position INTEGER;\n"
  "UPDATE units SET position = rowid;\n";

/* Version 13: each category's standings of a year as its computation of the year left
 * them (kh-project-results.c), so that computing the next year takes last year's ranks,
 * tiers, totals, awards and node scores from them rather than computing last year again
 * from its values (issue 22). A cache, not content: written without an audit row, covered
 * by no seal, used only while its stamp (the Kaohe version and the last audit row that
 * could change the year's results) still matches; a project migrated from an older
 * version has none. One row per unit, its node scores as the bits of each double in 16
 * hexadecimal digits (exact, and plain text on any database), in the order of the nodes
 * named in the year's row, as are their weights as computing the year
 * used them (an indicator without data in the year weighs 0). */
static const char schema_v13[] =
  "CREATE TABLE standings (\n"
  "  year INTEGER NOT NULL,\n"
  "  category_id TEXT NOT NULL,\n"
  "  stamp TEXT NOT NULL,\n"
  "  nodes TEXT NOT NULL,\n"
  "  weights TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id)\n"
  ");\n"
  "CREATE TABLE standing_units (\n"
  "  year INTEGER NOT NULL,\n"
  "  category_id TEXT NOT NULL,\n"
  "  unit_id TEXT NOT NULL,\n"
  "  total DOUBLE PRECISION,\n"
  "  rank INTEGER NOT NULL,\n"
  "  tier INTEGER NOT NULL,\n"
  "  awards INTEGER NOT NULL,\n"
  "  scores TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id, unit_id)\n"
  ");\n";

/* Version 14: each category's values of a year packed, one row per field (issue 22), so
 * that computing reads a year's 600,000 values as some 200 rows rather than 600,000
 * (kh-project-compute.c). A cache derived from data_values, which stays the source of
 * truth: written without an audit row when a year is computed and its packed copy is not
 * current, covered by no seal, read only while its stamp (the Kaohe version and the last
 * audit row of the year or of every year) still matches, and never by what is stored,
 * sealed or verified; a project migrated from an older version has none until its years
 * are computed. packed_years names the category's units of the year, one a line in byte
 * order; each field's row holds a little-endian double for each of them in that order
 * (a dataset's column: a year of which a computation reads a few fields reads only
 * theirs), with two NaNs of their own for no row and a value stored as NULL. Unused on
 * PostgreSQL. */
static const char schema_v14[] =
  "CREATE TABLE packed_years (\n"
  "  year INTEGER NOT NULL,\n"
  "  category_id TEXT NOT NULL,\n"
  "  stamp TEXT NOT NULL,\n"
  "  units TEXT NOT NULL,\n"
  "  PRIMARY KEY (year, category_id)\n"
  ");\n"
  "CREATE TABLE values_packed (\n"
  "  year INTEGER NOT NULL,\n"
  "  category_id TEXT NOT NULL,\n"
  "  field TEXT NOT NULL,\n"
  "  packed BLOB NOT NULL,\n"
  "  PRIMARY KEY (year, category_id, field)\n"
  ");\n";

/* migrations[i] brings the schema from version i to i + 1. */
static const char *const migrations[KH_PROJECT_SCHEMA_VERSION] = {
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
  schema_v6,
  schema_v7,
  schema_v8,
  schema_v9,
  schema_v10,
  schema_v11,
  schema_v12,
  schema_v13,
  schema_v14,
};

const char *
kh_project_schema_migration (int version)
{
  g_return_val_if_fail (version >= 1 && version <= KH_PROJECT_SCHEMA_VERSION, NULL);
  return migrations[version - 1];
}

/* Version 14's stamps of kept standings leave migrations out (kh_project_standings_stamp()):
 * the standings current before the upgrade to it, under the stamp that counted them, are
 * given the stamp that does not, so that the sealed years' stay in use (computing a year
 * sealed before never keeps them again). Run before the upgrade's own audit row. */
static gboolean
restamp_standings (KhProject *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (self->db,
                           "UPDATE standings SET stamp = ?1 || (SELECT COALESCE (MAX (seq), 0) "
                           "FROM audit_log WHERE COALESCE (year, 0) <= standings.year "
                           "AND action NOT IN ('compute', 'note', 'seal', 'sign', 'migrate')) "
                           "WHERE stamp = ?1 || (SELECT COALESCE (MAX (seq), 0) FROM audit_log "
                           "WHERE COALESCE (year, 0) <= standings.year "
                           "AND action NOT IN ('compute', 'note', 'seal', 'sign'))",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, "kaohe " PACKAGE_VERSION " audit ", -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Runs the steps from @from_version in one transaction; an existing project's upgrade
 * is audited ("migrate", from= and to=), a new one gets its "create" row. */
static gboolean
upgrade_step (KhProject *self,
              int        from_version,
              int        to_version,
              GError   **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", to_version);
  g_autofree char *set_app_id =
    g_strdup_printf ("PRAGMA application_id = %d", KH_PROJECT_APPLICATION_ID);
  g_autofree char *detail = NULL;

  if (!kh_project_begin (self, error))
    return FALSE;
  for (int v = from_version; v < to_version; v++)
    if (!kh_project_exec (self, migrations[v], error))
      goto fail;
  if (from_version == 0)
    detail = g_strdup_printf ("schema=%d", to_version);
  else
    detail = g_strdup_printf ("from=%d\nto=%d", from_version, to_version);
  if (self->db != NULL && from_version == KH_PROJECT_STANDINGS_VERSION
      && to_version == KH_PROJECT_PACKED_VERSION && !restamp_standings (self))
    {
      kh_project_sql_error (self, _("upgrading the project"), error);
      goto fail;
    }
  if (!kh_project_exec (self, set_app_id, error) || !kh_project_exec (self, set_version, error)
      || !kh_audit_append (self->db, self->user, from_version == 0 ? "create" : "migrate", 0,
                           detail, error)
      || !kh_project_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kh_project_rollback (self);
  return FALSE;
}

gboolean
kh_project_schema_upgrade (KhProject *self,
                           int        from_version,
                           GError   **error)
{
  g_assert (self != NULL);
  g_assert (from_version >= 0 && from_version <= KH_PROJECT_SCHEMA_VERSION);

  if (from_version == 0)
    return upgrade_step (self, 0, KH_PROJECT_SCHEMA_VERSION, error);
  for (int v = from_version; v < KH_PROJECT_SCHEMA_VERSION; v++)
    if (!upgrade_step (self, v, v + 1, error))
      return FALSE;
  /* Version 11 copied the values into a new table: the old one's pages are free but still
   * in the file until VACUUM writes the file again without them. It changes no row; should
   * it fail (no room for its copy), the project stays as migrated, only larger. */
  if (from_version < KH_PROJECT_VALUES_BY_KEY_VERSION)
    kh_project_exec (self, "VACUUM", NULL);
  return TRUE;
}

char *
kh_project_master_text (sqlite3 *db,
                        GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("reading the schema: %s"),
                   sqlite3_errmsg (db));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < 4; c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          if (c > 0)
            g_string_append_c (out, '\t');
          kh_project_append_escaped (out, text != NULL ? text : "");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("reading the schema: %s"),
                   sqlite3_errmsg (db));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
kh_project_expected_master_text (int version)
{
  sqlite3 *db = NULL;
  char *text = NULL;

  g_return_val_if_fail (version >= 1 && version <= KH_PROJECT_SCHEMA_VERSION, NULL);

  /* The same steps on an empty database in memory give exactly what Kaohe creates. */
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      == SQLITE_OK)
    {
      gboolean ok = TRUE;

      for (int v = 0; ok && v < version; v++)
        ok = sqlite3_exec (db, migrations[v], NULL, NULL, NULL) == SQLITE_OK;
      if (ok)
        text = kh_project_master_text (db, NULL);
    }
  sqlite3_close (db);
  g_assert (text != NULL);
  return text;
}
