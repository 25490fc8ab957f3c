/* kh-project.h — the project file (`*.kaohe`): one SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project holds categories and peer groups, units (their names, groups, parents and
 * existence per year, and the units they continue), years, and per year one framework (XML) per
 * category, values with provenance, computed results, notes, and the audit log
 * (kh-audit.h). The schema is in kh-project-schema.c; it is versioned with PRAGMA
 * user_version and marked with PRAGMA application_id = KH_PROJECT_APPLICATION_ID.
 *
 * Opening never changes a file that fails its checks: a file that is not SQLite, not a
 * Kaohe project (KH_IO_ERROR_CORRUPT), from a newer Kaohe (KH_IO_ERROR_VERSION) or fails
 * PRAGMA quick_check (KH_IO_ERROR_CORRUPT) is refused with a message. An opened project
 * is one writer connection with foreign keys on, a rollback journal and synchronous=FULL.
 *
 * Every change (units, framework, import, edit, results, seal, note) is one transaction
 * that also appends its audit row: it happens completely or not at all. Changes to a
 * sealed year's frameworks (of every category), values and results are refused by
 * triggers in the database itself (KH_IO_ERROR_SEALED).
 *
 * Building a project from files (what `kaohe-cli` does):
 *   kaohe-cli new P.kaohe
 *   kaohe-cli import P.kaohe --units units.csv
 *   kaohe-cli import P.kaohe --year 2020 --framework jiangsu-2020-city.xml
 *   kaohe-cli import P.kaohe --year 2020 --framework jiangsu-2020-county.xml   (…one per category)
 *   kaohe-cli import P.kaohe --year 2020 city-2020.csv     (or .xlsx [--sheet S])
 *   kaohe-cli import P.kaohe --year 2020 county-2020.csv
 *
 * A framework names its category (the `category` attribute); importing it into a year
 * replaces that year's framework of the same category only. A data file may hold units
 * of several categories (one wide file per category, or one long file for everything):
 * each unit's fields must be data fields of its own category's framework of the year. In
 * a wide file mixing categories, an empty cell under another category's field is
 * skipped; a value there is an error. Computing a year scores each category's units with
 * that category's framework (and its previous year with the previous year's framework of
 * the same category); sealing a year seals every category of it.
 *
 * Units through time. A unit has an id and a category for good; its names, peer group
 * and parent unit (a county's city) are per year, and so is its existence: the project
 * holds a row per unit and year it exists (unit_years), and per year the units of the
 * year before that a unit continues (its predecessors: a renamed unit its old self, a
 * merged unit every unit merged into it, each part of a split the unit it split from).
 * A unit that existed the year before continues itself unless its predecessors say
 * otherwise. A sealed year's units, names, groups, parents and predecessors cannot
 * change (database triggers; an import that would change them is refused and names the
 * row and column). A year added to the project (its first framework) gets a row for
 * every unit whose life span (from_year…until_year) covers it, with the names, group
 * and parent of the nearest year the unit has.
 *
 * Units CSV or XLSX, two layouts (header names case-insensitive, order free):
 *
 *   One row per unit:
 *     id,name_zh,name_zh_tw,name_en,category,group,from_year,until_year,successor,parent
 *   The unit exists in every year of the project from from_year to until_year (empty:
 *   no bound), with these names, group and parent in all of them; a successor continues
 *   it the year after until_year (港闸区 until 2019, successor 崇川区: 崇川区 of 2020
 *   continues 港闸区 as well as itself). Columns name_zh_tw, name_en, group, parent and
 *   successor may be left out (the unit keeps what it had); cells may be empty.
 *
 *   One row per unit and year (a `year` column):
 *     id,year,name_zh,name_zh_tw,name_en,category,group,parent,predecessors
 *   The table speaks of the years from its first to its last: within them, a unit it
 *   lists exists exactly in the years it has a row for, with that row's names, group
 *   and parent; `predecessors` lists (separated by spaces or “;”) the units of the year
 *   before that it continues, in order (the order matters to the rule “first” of a
 *   merge); empty: itself when it existed, else none. For years added to the project
 *   later, a unit listed in the table's last year goes on and one that ends earlier
 *   stays ended; one without a row for the year before its first listed year begins
 *   then. Units the table does not list, and years outside it, are left as they were.
 *
 * Both layouts may also have `short_name` (简称, 苏州 for 苏州市: a name of the year, as
 * the other names; a sealed year's does not change) and `aliases` (other names a data
 * sheet may use for the unit, separated by “;” or “；”; they belong to the unit, not to a
 * year: in the layout per year, those of all its rows). Left out, the unit keeps them.
 *
 * id, name_zh (the name in simplified characters, the canonical one) and category are
 * required. Categories and groups are created on first use; a framework import names
 * them.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kh-csv.h"
#include "kh-db.h"
#include "kh-table.h"

G_BEGIN_DECLS

#define KH_PROJECT_APPLICATION_ID 0x4B414F48 /* 'KAOH' */
#define KH_PROJECT_SCHEMA_VERSION 14

typedef struct _KhProject KhProject;

/* One unit's stored result for a year. */
typedef struct
{
  char *unit_id;
  char *group_id;     /* may be NULL */
  char *category_id;  /* the unit's category (NULL when not known) */
  double total;       /* NAN: no score */
  int rank;           /* 0: not ranked */
  int tier;           /* 0: no tier */
  int prev_rank;      /* 0: none */
  int rank_change;    /* previous rank − rank; meaningful when prev_rank != 0 */
  char *awards;       /* award ids joined by ",", "" for none */
  GPtrArray *node_ids;   /* of char*: node scores, parallel to node_scores */
  GArray *node_scores;   /* of double (NAN: nothing available) */
} KhStoredResult;

/* What changed about a unit since the year before (flags). */
typedef enum
{
  KH_UNIT_UNCHANGED   = 0,
  KH_UNIT_NEW         = 1 << 0, /* no predecessor: it did not exist the year before */
  KH_UNIT_RENAMED     = 1 << 1, /* another name, or it continues one unit of another id */
  KH_UNIT_MERGED      = 1 << 2, /* it continues several units */
  KH_UNIT_SPLIT       = 1 << 3, /* a unit it continues is continued by several units */
  KH_UNIT_TRANSFERRED = 1 << 4, /* another peer group than (its first predecessor) before */
  KH_UNIT_REPARENTED  = 1 << 5, /* another parent unit than before */
} KhUnitChanges;

/* A unit in one year. */
typedef struct
{
  char *id;
  char *category_id;
  int year;
  char *name_zh;
  char *name_zh_tw;   /* NULL: none */
  char *name_en;      /* NULL: none */
  char *group_id;     /* NULL: none */
  char *parent_id;    /* NULL: none */
  char *short_name;   /* 简称 (苏州 for 苏州市); NULL: none */
  GPtrArray *aliases; /* of char*: the unit's other names (not per year), in order */
  GPtrArray *predecessors; /* of char*: units of year − 1 it continues, in order; empty:
                            * none (new); NULL: the project has no year − 1 */
  KhUnitChanges changes;
  char *previous_name;   /* name_zh the year before (of the first predecessor), or NULL */
  char *previous_group;  /* its group the year before, or NULL */
  char *previous_parent; /* its parent the year before, or NULL */
} KhUnitYear;

void            kh_unit_year_free     (KhUnitYear *unit);

KhStoredResult *kh_stored_result_new  (const char *unit_id);
void            kh_stored_result_free (KhStoredResult *result);

/* For a process that uses each project (each connection to SQLite) from one thread at a
 * time, as kaohe-cli does: SQLite's multi-thread mode, without the lock it otherwise takes
 * around every call (five a value read: a sixth of computing a year at 3,000 units). Call
 * before any project is opened; later it changes nothing. */
void        kh_project_use_one_thread (void);

KhProject  *kh_project_create        (const char   *path,
                                      GError      **error);
KhProject  *kh_project_open          (const char   *path,
                                      GError      **error);
/* Opens for reading only: SQLite refuses every write, and nothing of the file changes
 * (no journal mode is set, no migration runs; an older schema is read as it is). For
 * verify, export, charts and reports. */
KhProject  *kh_project_open_readonly (const char   *path,
                                      GError      **error);
/* As kh_project_open_readonly(), for kh_project_verify(): PRAGMA integrity_check is run
 * in place of quick_check (never skipped for a file known to have passed quick_check), on
 * a connection of its own in a thread while verify does its other checks, and verify
 * names its findings instead of running it a second time — a file is read through once,
 * not twice, and the two cores share the work (issue 22). A file quick_check refuses is
 * refused by kh_project_verify() as kh_project_open_readonly() refuses it. */
KhProject  *kh_project_open_to_verify (const char  *path,
                                       GError     **error);
/* As kh_project_open(), for an import: quick_check, when it is due, runs on a connection
 * of its own in a thread while the import reads and checks its sheet, and the first
 * write waits for it — a damaged file is refused then with kh_project_open()'s message,
 * nothing written (issue 22). A file of an older schema, migrated at the open, is
 * checked before, as by kh_project_open(). */
KhProject  *kh_project_open_for_import (const char *path,
                                        GError    **error);
/* Waits for the check started by kh_project_open_for_import() if it still runs: FALSE
 * with @error (as kh_project_open() refuses it) when the file is damaged or locked. For
 * a caller that failed before writing, to say first that the file is damaged. */
gboolean    kh_project_wait_for_check (KhProject  *self,
                                       GError    **error);
void        kh_project_close         (KhProject    *self);

/* The SQLite connection; NULL for a project on PostgreSQL. */
sqlite3    *kh_project_get_db        (KhProject    *self);
/* The project's store: its file's connection (SQLite) or its server's, as kh_db_listen()
 * takes it (issue 19). */
KhDb       *kh_project_get_store     (KhProject    *self);
const char *kh_project_get_path      (KhProject    *self);
/* The name written into provenance and audit rows: KAOHE_USER, else the login name; on a
 * server always the server's login (session_user), KAOHE_USER and kh_project_set_user()
 * ignored there (issue 19). */
const char *kh_project_get_user      (KhProject    *self);
void        kh_project_set_user      (KhProject    *self,
                                      const char   *user);

/* Adds or updates units from a units table (either layout, see above): all or nothing,
 * every problem named by row and column. */
gboolean    kh_project_import_units  (KhProject    *self,
                                      KhCsvTable   *table,
                                      const char   *display_name,
                                      GError      **error);

/* The units of @category (NULL: every category) that exist in @year, by id (of
 * KhUnitYear*). */
GPtrArray  *kh_project_get_units     (KhProject    *self,
                                      int           year,
                                      const char   *category,
                                      GError      **error);
/* Every year of unit @unit_id and, before them, of the units it continues and so on
 * (of KhUnitYear*, latest year first). */
GPtrArray  *kh_project_get_unit_history (KhProject  *self,
                                         const char *unit_id,
                                         GError    **error);

/* Validates @xml with the framework reader and stores it as @year's framework of its
 * category (the framework's `category`), replacing only that category's framework. */
gboolean    kh_project_set_framework (KhProject    *self,
                                      int           year,
                                      const char   *xml,
                                      gsize         len,
                                      const char   *display_name,
                                      GError      **error);
/* The framework XML of @year and @category; @category NULL: the year's only framework
 * (an error names the categories when the year has several). NULL with an error when
 * there is no such framework. */
char       *kh_project_get_category_framework_xml (KhProject  *self,
                                                   int         year,
                                                   const char *category,
                                                   GError    **error);
/* The same as kh_project_get_category_framework_xml (self, year, NULL, error). */
char       *kh_project_get_framework_xml (KhProject *self,
                                          int        year,
                                          GError   **error);
/* One saved version of a year's framework of a category (kh-project-history.c). */
typedef struct
{
  int year;
  char *category;
  int version;    /* 1, 2, … in the order saved */
  char *saved_by; /* the user (empty when the log did not say, for a version 1 migrated) */
  char *saved_at; /* ISO 8601 UTC, as in the audit log (empty likewise) */
  char *source;   /* the file or what it came from; empty: in place when history began */
  gboolean current; /* it is the framework the year has now */
} KhFrameworkVersion;

void        kh_framework_version_free (KhFrameworkVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhFrameworkVersion, kh_framework_version_free)

/* The saved versions of the frameworks of @year (0: every year) and @category (NULL:
 * every category), by year, category and version (of KhFrameworkVersion*). Every
 * kh_project_set_framework() whose text differs from the latest version adds one. */
GPtrArray  *kh_project_get_framework_versions (KhProject  *self,
                                               int         year,
                                               const char *category,
                                               GError    **error);
/* The XML of version @version of @year's framework of @category (NULL: the year's only
 * category); NULL with an error naming what is missing. */
char       *kh_project_get_framework_version_xml (KhProject  *self,
                                                  int         year,
                                                  const char *category,
                                                  int         version,
                                                  GError    **error);
/* Stores version @version again as @year's framework of @category (a new version, saved
 * by the project's user, "restored from version N"). A sealed year is refused. */
gboolean    kh_project_restore_framework_version (KhProject  *self,
                                                  int         year,
                                                  const char *category,
                                                  int         version,
                                                  GError    **error);
/* The categories that have a framework in @year, ascending (of char*; empty when none). */
GPtrArray  *kh_project_get_categories (KhProject   *self,
                                       int          year);
/* The category of the unit @unit (its id, or its Chinese name in @year); NULL with an
 * error when there is no such unit. */
char       *kh_project_get_unit_category (KhProject  *self,
                                          int         year,
                                          const char *unit,
                                          GError    **error);
/* Every unit's place in the declared order (schema version 12: the order in which the
 * units tables first declared them, the province's official order), 1-based: a unit id →
 * GUINT_TO_POINTER (place). A project older than version 12 (read-only) gives the order in
 * which its units were inserted. NULL with an error when the project cannot be read. */
GHashTable *kh_project_get_unit_order (KhProject  *self,
                                       GError    **error);
/* The ids of the units @keys names in @year, in order, each found as a data import finds
 * it: its id, or a Chinese, English or short name (简称) or an alias of the year, in NFKC
 * and case-folded, that fits one unit. NULL with an error naming the first key that finds
 * none or several (KH_IO_ERROR_INVALID). Free with g_strfreev(). */
char      **kh_project_resolve_unit_ids (KhProject        *self,
                                         int               year,
                                         const char *const *keys,
                                         GError          **error);
/* Years in the project, ascending (of int); NULL and @error set, located, when they cannot
 * be read. */
GArray     *kh_project_read_years    (KhProject    *self,
                                      GError      **error);
/* The same, a failure said by g_warning() and an empty array returned: for callers that
 * cannot refuse. */
GArray     *kh_project_get_years     (KhProject    *self);
/* Whether @year is sealed (a year the project does not have is not), in *@sealed; FALSE
 * and a located error when the store cannot say (a server's connection lost), which is
 * never to be read as "not sealed". */
gboolean    kh_project_get_sealed    (KhProject    *self,
                                      int           year,
                                      gboolean     *sealed,
                                      GError      **error);
/* TRUE when @year may change; FALSE with KH_IO_ERROR_SEALED ("year N is sealed: its
 * framework, data and results cannot change") when it is sealed, or with the store's
 * error when that cannot be read. */
gboolean    kh_project_check_open    (KhProject    *self,
                                      int           year,
                                      GError      **error);
/* Whether @year is sealed, for a caller with no error to give: when the store cannot say,
 * a warning and TRUE (sealed), so that nothing takes the year for open. Prefer
 * kh_project_get_sealed(). */
gboolean    kh_project_is_sealed     (KhProject    *self,
                                      int           year);

/* Imports every record into @year (a record's own year, when it has one, must be
 * @year). Units are matched by id or Chinese name and must exist in the year; fields
 * must be data fields of the year's framework of the unit's category (an empty value
 * under a field of another category's framework is skipped). Any problem: nothing
 * changes, and the error lists every problem, `NAME: row R, column C: message` one per
 * line. */
gboolean    kh_project_import_records (KhProject   *self,
                                       int          year,
                                       KhRecordSet *records,
                                       const char  *source_name,
                                       GError     **error);
/* The same; *n_stored (may be NULL) receives the number of values stored, which leaves
 * out the empty cells skipped under another category's fields. */
gboolean    kh_project_import_records_full (KhProject   *self,
                                            int          year,
                                            KhRecordSet *records,
                                            const char  *source_name,
                                            guint       *n_stored,
                                            GError     **error);
/* The same, the records given a batch at a time (kh_record_set_read_csv_batches()), so
 * that they need not be held whole (issue 22): _begin() opens the transaction,
 * _add() checks a batch and stores it while no problem has been found (the records
 * can then be dropped; FALSE only when the store fails), _finish() takes the last batch
 * (the set's records left, which may be none) and commits when no batch had a problem
 * — otherwise nothing changes, as above, and the error lists every problem. Every batch
 * is of the same set (its strings interned once). _finish() and _abandon() (which
 * rolls back) free the import. On PostgreSQL (kh_project_get_db() NULL) _add() only
 * checks and nothing is stored before _finish(), in one transaction that may be run
 * again: the set must then hold its records whole until _finish() (records added to it
 * since the last call are the next batch; kh_record_set_read_csv(), not _batches()). */
typedef struct _KhProjectImport KhProjectImport;
KhProjectImport *kh_project_import_begin  (KhProject       *self,
                                           int              year,
                                           const char      *source_name,
                                           GError         **error);
gboolean    kh_project_import_add    (KhProjectImport *import,
                                      KhRecordSet     *records,
                                      GError         **error);
gboolean    kh_project_import_finish (KhProjectImport *import,
                                      KhRecordSet     *records,
                                      guint           *n_stored,
                                      GError         **error);
void        kh_project_import_abandon (KhProjectImport *import);
/* Edits one value (NAN clears it); provenance becomes the user and the time. On
 * PostgreSQL (kh-project-values-db.c) the writer is the login; a value outside an
 * evaluator's scopes is refused (KH_IO_ERROR_DENIED), nothing written. */
gboolean    kh_project_set_value     (KhProject    *self,
                                      int           year,
                                      const char   *unit,
                                      const char   *field,
                                      double        value,
                                      GError      **error);

/* Why kh_project_edit_value() refused an edit (KH_IO_ERROR_CONFLICT): the cell changed
 * since its editor read it. */
typedef struct
{
  int year;
  char *unit_id;
  char *field;
  double seen;      /* what the edit was based on (NaN: empty) */
  double current;   /* what the cell holds now (NaN: empty) */
  double wanted;    /* the edit's value, not saved */
  char *edited_by;  /* who stored the current value ("" when unknown) */
  char *edited_at;  /* when (ISO 8601, UTC; "" when unknown) */
  gint64 audit_seq; /* the audit row that stored it (0: none) */
} KhValueConflict;

void        kh_value_conflict_free   (KhValueConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValueConflict, kh_value_conflict_free)

/* kh_project_set_value() of an edit based on @seen, the value its editor saw (NaN:
 * empty): when the cell holds another value now, nothing is written, @error is
 * KH_IO_ERROR_CONFLICT naming both values and who stored the newer one when, and
 * *@conflict (may be NULL) receives the same. Both stores; on SQLite the value's
 * plausibility flag is audited as kh_project_set_value() does, on PostgreSQL not yet. */
gboolean    kh_project_edit_value    (KhProject        *self,
                                      int               year,
                                      const char       *unit,
                                      const char       *field,
                                      double            seen,
                                      double            value,
                                      KhValueConflict **conflict,
                                      GError          **error);
/* One edit of kh_project_edit_values(): @value based on @seen (NaN: empty). */
typedef struct
{
  int year;
  const char *unit;  /* id or name */
  const char *field;
  double seen;
  double value;
} KhValueEdit;

/* What kh_project_edit_values() does with a cell that holds another value than its edit
 * was based on. */
typedef enum
{
  KH_EDIT_RESOLVE_REFUSE, /* nothing is written; every such cell is listed */
  KH_EDIT_RESOLVE_MINE,   /* overwritten; its audit row says whose value (based_on=,
                           * overwrote=WHO AT) */
  KH_EDIT_RESOLVE_THEIRS, /* left as it is, the edit dropped and listed */
} KhEditResolve;

/* kh_project_edit_value() of @n_edits cells in one transaction, all or nothing (issue 19,
 * `kaohe-cli push`): each checked first as kh_project_set_value() checks it, then each
 * cell read and written with its own audit row. A cell that already holds its edit's value
 * is left alone (not written, not a conflict), so that the same edits made twice write
 * once. Cells that changed since (the stored value ≠ seen) are resolved by @resolve; with
 * KH_EDIT_RESOLVE_REFUSE any of them fails the whole with KH_IO_ERROR_CONFLICT, nothing
 * written. *@conflicts (may be NULL) gets the conflicting cells (KhValueConflict: refused,
 * overwritten or dropped), also on an error; *@n_written the cells written. A value outside
 * an evaluator's scopes fails the whole with KH_IO_ERROR_DENIED naming it. */
gboolean    kh_project_edit_values   (KhProject          *self,
                                      const KhValueEdit  *edits,
                                      guint               n_edits,
                                      KhEditResolve       resolve,
                                      GPtrArray         **conflicts,
                                      guint              *n_written,
                                      GError            **error);
/* How a data sheet for @year is read (kh-project-mapping.c): headers that name a data
 * field of the year's frameworks by id, zh-CN / zh-TW / English name or declared alias
 * map to it; any other column is ignored with a notice ("did you mean …" when near). */
KhTableOptions *kh_project_table_options (KhProject *self,
                                          int        year,
                                          GError   **error);

/* Column choices remembered per provider (kh-project-mapping.c). A provider is known by
 * its sheet's header row: the same headers in the same order (compared normalized:
 * width, case, blanks, a trailing unit of measure) are the same provider's sheet, next
 * year too; a provider that changes its headers is a new one. Its signature: the first
 * 16 hex digits of the SHA-256 of the normalized headers joined by TAB. The choices
 * made in the import preview (an ignored column assigned to a field, or a column
 * ignored) are stored in the project's settings under `import-columns-SIGNATURE`, one
 * line per column, "normalized header TAB field id" (empty: ignored), changed through
 * kh_project_set_setting() (audited). */
char       *kh_project_sheet_provider (KhCsvTable  *table);
/* Every provider's choices: signature → (normalized header → field id, "" ignored). */
GHashTable *kh_project_get_column_choices (KhProject *self,
                                           GError   **error);
/* Remembers @choices (header, as in the file or normalized → field id or "") for
 * @provider, replacing what it had; an empty table forgets them. */
gboolean    kh_project_remember_column_choices (KhProject  *self,
                                                const char *provider,
                                                GHashTable *choices,
                                                GError    **error);
/* Adds @choices to @options: they take over what the framework's names map. Returns how
 * many columns they name. */
guint       kh_table_options_add_choices (KhTableOptions *options,
                                          GHashTable     *choices);

/* Data templates (kh-project-template.c). The providers of @year: the distinct `source`s
 * of the data fields of its frameworks, sorted (of char*; empty when none declares one). */
GPtrArray  *kh_project_get_providers  (KhProject  *self,
                                       int         year,
                                       GError    **error);
/* Writes to @path (atomically) @provider's template for @year (NULL: every data field):
 * a workbook whose first sheet has a row per unit the provider reports for and a column
 * per field (Chinese name and unit of measure), the cells to fill unlocked and validated
 * as numbers, the header protected; a second sheet with the values of @year − 1 for
 * reference. A filled template imports with no mapping step. *n_units and *n_fields (may
 * be NULL) receive its size. An error names the providers when @provider has no field. */
gboolean    kh_project_write_template (KhProject  *self,
                                       int         year,
                                       const char *provider,
                                       const char *path,
                                       guint      *n_units,
                                       guint      *n_fields,
                                       GError    **error);

/* Submission tracking (kh-project-submissions.c): what @year asks of each provider — the
 * fields it reports (their `source`; "" for fields that declare none) for every unit they
 * apply to, as in its template, without the inputs of bonuses, deductions and constraints
 * — against what the values' provenance says was stored. */
typedef enum
{
  KH_SUBMISSION_NOT_DELIVERED, /* no stored row */
  KH_SUBMISSION_MISSING,       /* stored as missing (n/a, an empty cell) */
  KH_SUBMISSION_FILLED,        /* stored with a value */
} KhSubmissionState;

/* One cell asked: a unit's field. */
typedef struct
{
  char *provider;
  char *unit_id;
  char *field;
  KhSubmissionState state;
  char *file; /* the file it was imported from; NULL: edited in place, or not delivered */
  char *at;   /* when it was stored (ISO 8601 UTC), or NULL */
} KhSubmission;

typedef struct
{
  char *provider;   /* "" for the fields that declare no provider */
  guint n_fields;   /* its fields */
  guint expected;   /* cells asked (unit × field where the field applies) */
  guint delivered;  /* of them stored, with a value or as missing */
  guint filled;     /* of them with a value */
  char *last_at;    /* the latest time one of them was stored, or NULL */
  GPtrArray *files; /* of char*: the files they were imported from, sorted */
} KhProviderStatus;

typedef struct
{
  char *unit_id;
  char *name;         /* the Chinese name of the year */
  char *category;
  guint expected;     /* cells asked of the unit */
  guint filled;       /* of them with a value */
  GPtrArray *missing; /* of char*: the providers with a cell of it without a value, sorted */
} KhUnitStatus;

typedef struct
{
  GPtrArray *cells;     /* of KhSubmission*, by unit (category, id) then field */
  GPtrArray *providers; /* of KhProviderStatus*, by provider */
  GPtrArray *units;     /* of KhUnitStatus*, by category then id */
} KhSubmissions;

void           kh_submission_free         (KhSubmission     *cell);
void           kh_provider_status_free    (KhProviderStatus *status);
void           kh_unit_status_free        (KhUnitStatus     *status);
void           kh_submissions_free        (KhSubmissions    *submissions);
/* NULL with an error when the year has no framework or the database fails. */
KhSubmissions *kh_project_get_submissions (KhProject        *self,
                                           int               year,
                                           GError          **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSubmissions, kh_submissions_free)

/* A partial import's check (kh-project-values.c): every row of @records with a problem
 * for @year — an unknown unit or field, another year, a second value — is set aside
 * (records->rejected, its records removed), so that kh_project_import_records() then
 * stores the rest. FALSE only when the year cannot take values (sealed) or the database
 * fails. */
gboolean    kh_project_set_aside_rows (KhProject    *self,
                                       int           year,
                                       KhRecordSet  *records,
                                       const char   *source_name,
                                       GError      **error);

/* The values of @year as records (wide layout, unit ids, fields sorted, row/column 0),
 * with unit_names (Chinese names) and unit_groups filled for every unit of the year. */
KhRecordSet *kh_project_get_records  (KhProject    *self,
                                      int           year,
                                      GError      **error);

/* Replaces the results of @year, of every category (of KhStoredResult*). */
gboolean    kh_project_store_results (KhProject    *self,
                                      int           year,
                                      GPtrArray    *results,
                                      GError      **error);
/* Stored results of @year ordered by category, group, rank and unit (of
 * KhStoredResult*, category_id filled). */
GPtrArray  *kh_project_get_results   (KhProject    *self,
                                      int           year,
                                      GError      **error);

/* Replaces the results published for @year (the official notice: unit, rank, tier,
 * award, group, total; kh-project-published.c) from a table: all or nothing, every
 * problem named by row and column, audited as "published". Refused once @year + 1 is
 * sealed (its rank changes may count against them). */
gboolean    kh_project_import_published (KhProject  *self,
                                         int         year,
                                         KhCsvTable *table,
                                         const char *display_name,
                                         GError    **error);

gboolean    kh_project_add_note      (KhProject    *self,
                                      int           year,
                                      const char   *unit,
                                      const char   *node,
                                      const char   *body,
                                      GError      **error);

/* The project's own settings (kh-project-settings.c): a few named texts such as
 * KH_PROJECT_SETTING_ISSUER. @key: lower-case letters, digits and dashes. The value is
 * NULL when unset (and in a read-only project of an older format). Setting NULL or a
 * blank text clears it; a change is one audited step ("setting"), no change none. */
#define KH_PROJECT_SETTING_ISSUER "issuer" /* the issuing body printed on reports */
#define KH_PROJECT_SETTINGS_VERSION 4      /* the schema version that has them */

char       *kh_project_get_setting   (KhProject    *self,
                                      const char   *key,
                                      GError      **error);
gboolean    kh_project_set_setting   (KhProject    *self,
                                      const char   *key,
                                      const char   *value,
                                      GError      **error);

/* The uncertain inputs of @year's sensitivity analysis of @category (kh-project-specs.c):
 * the spec's key-file text as stored (data/schema/README.md, "Sensitivity specs"; io does
 * not parse it: the analysis layer does), NULL when none is stored (and in a read-only
 * project of an older format). Storing NULL or blank text removes it; a change is one
 * audited step ("sensitivity-spec", with the text's SHA-256), no change none. The year
 * must have a framework of @category. */
#define KH_PROJECT_SPECS_VERSION 7 /* the schema version that has them */

char       *kh_project_get_sensitivity_spec (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             GError    **error);
gboolean    kh_project_set_sensitivity_spec (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             const char *text,
                                             GError    **error);

/* The "321" workflow's entered lists (kh-project-recommend.c): a recommending unit's
 * (a city's) own list of the units of @category (counties) it recommends in @year, in its
 * order, used and checked instead of its quota rule's `select` (kh_recommend()).
 * kh_project_get_recommendation_lists() gives every list of @year and @category: parent id
 * (char*) → GPtrArray of unit ids (char*), an empty list when the parent recommends none;
 * an empty table when there is none (and in a read-only project of an older format); NULL
 * with an error. kh_project_set_recommendation_list() stores @parent's list (@units of
 * char* ids, in order; NULL removes the list, so that the rule applies again) as one
 * audited step ("recommendation": category=, parent=, units= the ids joined by commas or
 * "(rule)"); no change, no step. The year must have a framework of @category, and
 * @parent and each unit must be units of the project that year (else KH_IO_ERROR_INVALID
 * naming it); a sealed year's lists do not change (KH_IO_ERROR_SEALED). Whether a unit
 * fits the list (its parent, eligibility, the quota) is kh_recommend()'s check, not a
 * refusal: a list with a mistake is kept and shown with its checks. */
#define KH_PROJECT_RECOMMEND_VERSION 10 /* the schema version that has them */

GHashTable *kh_project_get_recommendation_lists (KhProject  *self,
                                                 int         year,
                                                 const char *category,
                                                 GError    **error);
gboolean    kh_project_set_recommendation_list  (KhProject  *self,
                                                 int         year,
                                                 const char *category,
                                                 const char *parent,
                                                 GPtrArray  *units,
                                                 GError    **error);

/* Makes @year's frameworks (of every category), values and results read-only, and the
 * names, category, group and years of the units of that year (triggers in the database);
 * the audit row holds a snapshot (kh-project-content.c) of them, of the values'
 * provenance, the results' times and the schema (version and hash) that
 * kh_project_verify() compares against. */
gboolean    kh_project_seal          (KhProject    *self,
                                      int           year,
                                      GError      **error);

/* The same, and signs the seal with the office's Ed25519 @secret_key
 * (KH_SEAL_SECRET_KEY_BYTES, kh-seal-key.h; NULL: unsigned): a "sign" audit row right
 * after the seal holds the signed statement (year, chain head, row count, the hash of
 * the year's snapshot, schema version), the public key and the signature. */
gboolean    kh_project_seal_signed   (KhProject    *self,
                                      int           year,
                                      const guint8 *secret_key,
                                      GError      **error);

/* One line for a printed report about @year's seal: not sealed; sealed in audit row #N
 * (its hash), not signed; or the key's fingerprint and the signed head. NULL and @error
 * (naming the project and what was read) when the store cannot say. */
char       *kh_project_describe_seal (KhProject    *self,
                                      int           year,
                                      GError      **error);

/* Copies the project with SQLite's backup API into a temporary file next to @dest,
 * checks its integrity, syncs it and renames it over @dest (Save As and backups). A
 * project on a server is copied into that file as `kaohe-cli copy` copies it (kh-db-copy.h),
 * by an administrator's login only (KH_IO_ERROR_DENIED otherwise). */
gboolean    kh_project_save_as       (KhProject    *self,
                                      const char   *dest,
                                      GError      **error);

/* integrity_check, the schema (exactly the tables, indexes and triggers Kaohe creates,
 * each with its very SQL, nothing more), the audit chain, that no stored row names a
 * writer missing from the log (the end of the log deleted), every sealed year's snapshot,
 * and every category of every sealed year recomputed against its stored results.
 * Appends one line per problem to @problems; *head_seq and *head_hash receive the
 * chain head. FALSE (error set) only when the checks could not run. */
gboolean    kh_project_verify        (KhProject    *self,
                                      GPtrArray    *problems,
                                      gint64       *head_seq,
                                      char        **head_hash,
                                      GError      **error);

/* kh_project_verify, and: every seal's signature is checked; with @public_key
 * (KH_SEAL_PUBLIC_KEY_BYTES; NULL: none) every seal must be signed by that key; with
 * @published_head (a chain head hash printed in a published report; NULL: none) the
 * chain must hold that row. */
gboolean    kh_project_verify_full   (KhProject    *self,
                                      const guint8 *public_key,
                                      const char   *published_head,
                                      GPtrArray    *problems,
                                      gint64       *head_seq,
                                      char        **head_hash,
                                      GError      **error);

/* What kh_project_verify() cannot check on this project's store, one phrase each (empty
 * on a file): on PostgreSQL, the database's pages (SQLite's integrity_check) and, so far,
 * the recomputation of sealed years. */
GStrv       kh_project_verify_not_checked (KhProject *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhProject, kh_project_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhStoredResult, kh_stored_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhUnitYear, kh_unit_year_free)

G_END_DECLS
