/* kh-project-private.h — shared between the kh-project*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files call each other in one direction only, each using those listed before it:
 *
 *   kh-project-check.c      SQLite's check of the file, on a connection of its own in a thread
 *   kh-project-db.c         the connection: SQL errors, statements, transactions
 *   kh-project-schema.c     the schema, its migrations, the protective triggers
 *   kh-project.c            opening and creating, Save As, years, categories, framework text
 *   kh-project-settings.c   the project's own settings (issuer …)
 *   kh-project-units.c      units through time: names, groups, parents, existence and
 *                           predecessors per year; finding them in a year; the units table
 *   kh-project-framework.c  storing and parsing each year's frameworks (a new year's units)
 *   kh-project-content.c    the canonical content of a year (what a seal covers)
 *   kh-project-values.c     values: imports, edits, provenance
 *   kh-project-values-db.c  one value's edit through the store (PostgreSQL, conflicts)
 *   kh-project-published.c  a year's results as published (the baseline of the next year)
 *   kh-project-results.c    stored results (with the content's hash) and notes
 *   kh-project-compute.c    computing a year with the engine (and storing its results)
 *   kh-project-compare.c    a year's published results against the recomputed ones
 *   kh-project-seal.c       sealing a year (and what a report says of its seal)
 *   kh-project-verify.c     verifying the project
 *   kh-project-survey.c     satisfaction surveys: raters' answers, exclusions
 *   kh-project-survey-score.c  a survey's scores into its field (with an exclusion)
 *
 * The declarations below are grouped by the file that defines them.
 */
#pragma once

#include "core/kh-baseline.h"
#include "core/kh-engine.h"
#include "core/kh-framework.h"
#include "kh-db.h"
#include "kh-file-checked.h"
#include "kh-project.h"

G_BEGIN_DECLS

/* How long a statement waits for another program's lock. */
#define KH_PROJECT_BUSY_TIMEOUT_MS 5000

struct _KhProject
{
  /* The store every converted module talks through (issue 19): the project file's
   * connection on SQLite, or a PostgreSQL database. */
  KhDb *store;
  /* The same SQLite connection, for the modules not yet converted to the store only
   * (kh-project.c's open and verify paths, values, compute, results, plausibility, …; verify
   * reads only sqlite_master through it); NULL on PostgreSQL. */
  sqlite3 *db;
  char *path; /* the file, or the server's URI without its password (kh_db_name()) */
  char *user;
  int version; /* the schema version (older than the current one only when read-only) */
  /* Plans computed as the previous years of another (kh-project-compute.c), of
   * KhCachedPlan, at most KH_PROJECT_CACHED_PLANS; under plan_lock. */
  GMutex plan_lock;
  GPtrArray *plan_cache;
  /* Nothing is put in plan_cache (kh_project_set_keep_plans()): a one-shot caller. */
  gboolean keep_no_plans;
  /* Computing packs the years it read from data_values (kh_project_compute_results(),
   * on the thread that stores or seals: not verify, not the app's computations on worker
   * threads). */
  gboolean pack_read_years;
  /* The check of the file started at the open and not yet finished
   * (kh_project_open_to_verify(), kh_project_open_for_import()), or NULL. */
  struct _KhFileCheck *check;
  /* Why the file was refused when that check finished: every later write is refused
   * with it. */
  GError *check_error;
  /* The file's state known to pass quick_check (kh-file-checked.c): as the open found it
   * on the checked list or checked it, as Kaohe created it, or as Kaohe's own commit left
   * it; have_checked_state is FALSE when unknown. check_pending: the state is the one of
   * the check still running (self->check), known once it passes. written: the state is
   * the one of Kaohe's own commit or creation, recorded on the list at the close. */
  KhFileState checked_state;
  gboolean have_checked_state;
  gboolean checked_state_pending;
  gboolean checked_state_written;
  /* The transaction under way began with the file in checked_state. */
  gboolean write_from_checked;
  /* kh-project-plausibility.c: the flags of every field of a year computed by the last
   * import or edit in its transaction (KhValueFlag*), kept for the next
   * kh_project_get_value_flags() of that year once committed, while the database is as
   * the commit left it (sqlite3_total_changes64() of this connection and PRAGMA
   * data_version then). */
  GPtrArray *kept_flags;
  int kept_flags_year;
  gboolean kept_flags_committed;
  gint64 kept_flags_changes;
  gint64 kept_flags_data_version;
  /* Computing leaves the kept standings (schema version 13) unused and computes every
   * earlier year from its values: set by verify, whose checks must rest on nothing that
   * no seal or audit row covers. */
  gboolean ignore_standings;
};

/* A plan the engine computed as an earlier year of another, kept for the next
 * computation while the database is unchanged: sqlite3_total_changes64() of this
 * connection and PRAGMA data_version (other connections' commits) as when its reading
 * began. Only kh-project-compute.c hands it out, as a previous year, to one caller at
 * a time (it is taken out of the cache while used); it is never returned to callers. */
typedef struct
{
  int year;
  KhLang lang;
  char *category;
  KhPlan *plan;
  int need; /* KhPreviousNeed: how much of the plan is exact (the earlier years computed) */
  gboolean whole; /* made with its own last year exact to KH_PREVIOUS_ALL (or it has none):
                   * the year's plan as computing the year itself makes it */
  gint64 changes;
  gint64 data_version;
} KhCachedPlan;

#define KH_PROJECT_CACHED_PLANS 2

void        kh_cached_plan_free      (KhCachedPlan *cached);

/* The seq of the audit row the running transaction will append (writers append their
 * audit row after their changes), as SQL: stored rows name it in their audit_seq. */
#define KH_PROJECT_NEXT_AUDIT_SEQ "(SELECT COALESCE (MAX (seq), 0) + 1 FROM audit_log)"

/* kh-project-db.c */

/* Sets @error from the connection's last message, prefixed with @what; returns FALSE. On
 * PostgreSQL, which has no such connection, KH_IO_ERROR_UNSUPPORTED ("not yet supported
 * on PostgreSQL"): a module not converted to the store. */
gboolean    kh_project_sql_error     (KhProject    *self,
                                      const char   *what,
                                      GError      **error);
/* TRUE when the last statement failed because another program holds a lock. */
gboolean    kh_project_is_busy       (KhProject    *self);
/* Sets @error (KH_IO_ERROR_BUSY) to say the project is locked; returns FALSE. */
gboolean    kh_project_busy_error    (KhProject    *self,
                                      GError      **error);
/* Sets @error (KH_IO_ERROR, "PATH: WHAT: MESSAGE") from @db_error, an error of the store,
 * as kh_project_sql_error() does from the connection (busy, read-only, sealed, damaged);
 * frees @db_error; returns FALSE. */
gboolean    kh_project_db_error      (KhProject    *self,
                                      const char   *what,
                                      GError       *db_error,
                                      GError      **error);
/* A statement of the store; NULL with @error (prefixed with @what) when it cannot be. */
KhDbStmt   *kh_project_prepare       (KhProject    *self,
                                      const char   *sql,
                                      const char   *what,
                                      GError      **error);
/* kh_db_step() with its error as kh_project_db_error() gives it. */
KhDbStep    kh_project_step          (KhProject    *self,
                                      KhDbStmt     *stmt,
                                      const char   *what,
                                      GError      **error);
/* Steps a statement of the store that returns no row, then resets it; FALSE with @error
 * (prefixed with @what) when the step fails. */
gboolean    kh_project_run           (KhProject    *self,
                                      KhDbStmt     *stmt,
                                      const char   *what,
                                      GError      **error);
/* Binds NULL for NULL or "", else the text. */
void        kh_project_bind_text_or_null_db (KhDbStmt   *stmt,
                                             int         index,
                                             const char *text);
/* Appends the audit row of a change inside the caller's transaction (kh-audit.h), as
 * self->user, at @at (NULL: now): on SQLite kh_audit_append_at() itself; on PostgreSQL
 * the same row, the appends of concurrent transactions serialised by an advisory lock so
 * that the chain stays one line. */
gboolean    kh_project_audit_append  (KhProject    *self,
                                      const char   *action,
                                      int           year,
                                      const char   *detail,
                                      const char   *at,
                                      GError      **error);
/* Runs one or more statements without parameters. */
gboolean    kh_project_exec          (KhProject    *self,
                                      const char   *sql,
                                      GError      **error);
/* Waits for the check of the file started at the open, if any (TRUE when there is none);
 * @integrity (may be NULL) receives the lines of its integrity_check that were not "ok".
 * FALSE with @error when the file is damaged or was locked; the error stays. */
gboolean    kh_project_finish_check  (KhProject    *self,
                                      GPtrArray    *integrity,
                                      GError      **error);
/* BEGIN IMMEDIATE (after kh_project_finish_check(): nothing is written to a file before
 * its check passed) / COMMIT / ROLLBACK (rollback never fails the caller). */
gboolean    kh_project_begin         (KhProject    *self,
                                      GError      **error);
gboolean    kh_project_commit        (KhProject    *self,
                                      GError      **error);
void        kh_project_rollback      (KhProject    *self);
/* Puts the file on the checked list (kh-file-checked.c) as Kaohe's own commit or
 * creation left it, if nothing else changed it since (kh_project_close() calls it). */
void        kh_project_record_checked (KhProject   *self);

/* Runs in kh_project_transaction(); returns FALSE with @error (a KH_IO_ERROR, as
 * kh_project_db_error() gives the store's) to roll it back. */
typedef gboolean (*KhProjectTransactionFunc) (KhProject *self,
                                              gpointer   user_data,
                                              GError   **error);
/* How many times kh_project_transaction() runs a transaction on PostgreSQL in all. */
#define KH_PROJECT_TRANSACTION_ATTEMPTS 8
/* Begins (after kh_project_finish_check()), runs @func, commits, as kh_project_begin() …
 * kh_project_commit() do; on PostgreSQL, when another transaction was saved first (a
 * serialization failure or a deadlock, 40001 or 40P01: KH_IO_ERROR_BUSY) in @func or at
 * the commit, rolls back and runs @func again after a short random pause, up to
 * KH_PROJECT_TRANSACTION_ATTEMPTS times in all; then the last error, "Gave up after N
 * attempts: " before it. On SQLite once, as before. @func must not keep state across
 * attempts. */
gboolean    kh_project_transaction   (KhProject               *self,
                                      KhProjectTransactionFunc func,
                                      gpointer                 user_data,
                                      GError                 **error);

/* Sorts @texts (strings) in the order of their bytes, as SQLite's ORDER BY (BINARY)
 * gives them, whatever the server's collation (issue 19). */
void        kh_project_sort_texts     (GPtrArray   *texts);
/* A double as text that reads back exactly ("" for NAN). */
char       *kh_project_format_double  (double       value);
/* Appends kh_project_format_double()'s text of @value to @out, without allocating it. */
void        kh_project_append_double  (GString     *out,
                                       double       value);
/* Appends @text with backslash, TAB, LF and CR escaped as \\ \t \n \r (one line, one
 * field of a TAB-separated line). */
void        kh_project_append_escaped (GString     *out,
                                       const char  *text);

/* kh-project-schema.c */

/* Creates the schema of version KH_PROJECT_SCHEMA_VERSION or migrates an older one,
 * each step in its own transaction. */
gboolean    kh_project_schema_upgrade (KhProject   *self,
                                       int          from_version,
                                       GError     **error);
/* The SQL (SQLite's dialect) that brings the schema from @version − 1 to @version
 * (1 … KH_PROJECT_SCHEMA_VERSION); kh-db-schema.c translates it for PostgreSQL. */
const char *kh_project_schema_migration (int       version);
/* The schema version that has the survey tables (kh-project-survey.c). */
#define KH_PROJECT_SURVEY_VERSION 2
/* On a server, FALSE and KH_IO_ERROR_DENIED unless the login reads the whole survey (the
 * administrator's): what scoring and excluding take (kh-project-survey-score.c). */
gboolean kh_project_survey_check_whole (KhProject  *self,
                                        GError    **error);
/* kh_project_survey_exclude() inside the caller's transaction; *rater_out (may be NULL)
 * receives the rater's full hash. */
gboolean kh_project_survey_exclude_locked (KhProject  *self,
                                           int         year,
                                           const char *category,
                                           const char *rater,
                                           gboolean    exclude,
                                           const char *reason,
                                           char      **rater_out,
                                           GError    **error);
/* The schema version whose rows name their writer (audit_seq) and whose triggers keep a
 * sealed year's units. */
#define KH_PROJECT_WRITER_VERSION 3
/* The schema version with units through time (unit_years, unit_links) and published
 * results (kh-project-units.c, kh-project-published.c). */
#define KH_PROJECT_UNITS_VERSION 5
/* The schema version with the units' short names (per year) and aliases. */
#define KH_PROJECT_SHORT_NAMES_VERSION 6
/* The schema version that keeps every framework's versions (framework_versions). */
#define KH_PROJECT_HISTORY_VERSION 8
/* The schema version whose values are stored in the order of their key, without a rowid. */
#define KH_PROJECT_VALUES_BY_KEY_VERSION 11
/* The version from which a project keeps each year's standings (kh-project-results.c). */
#define KH_PROJECT_STANDINGS_VERSION 13

/* Which audit rows a stamp covers: those of @year and of every year (0), for the packed
 * values; or those of every year up to @year too, for the standings. */
typedef enum
{
  KH_AUDIT_STAMP_YEAR,
  KH_AUDIT_STAMP_UP_TO_YEAR,
} KhAuditStampOf;

/* kh-project-results.c: the seq of the last audit row of @scope that may change what
 * computing reads (0 when none), into *@seq — the two stamps' one query (SQLite alone);
 * FALSE when it cannot be read. */
gboolean    kh_project_audit_stamp_seq   (KhProject      *self,
                                          int             year,
                                          KhAuditStampOf  scope,
                                          gint64         *seq);
/* kh-project-results.c: a year's standings kept by the computation of its results for the
 * next year's (schema version 13). The stamp of @year — the Kaohe version and the last
 * audit row of a change that computing @year may read — read before computing; NULL when
 * none can be read (never equal to a stored one). */
char       *kh_project_standings_stamp   (KhProject    *self,
                                          int           year);
/* Keeps the standings of @plans (every category of @year, each computed with its earlier
 * years) under @stamp, replacing the year's; a cache: no audit row, nothing written into
 * a transaction open or a file opened to read, FALSE when not kept (no error). */
gboolean    kh_project_store_standings   (KhProject    *self,
                                          int           year,
                                          GPtrArray    *plans,
                                          const char   *stamp);
/* TRUE when @category's standings of @year are kept under @stamp (and no transaction is
 * open: its changes may not have their audit row yet). */
gboolean    kh_project_has_standings     (KhProject    *self,
                                          int           year,
                                          const char   *category,
                                          const char   *stamp);
/* Sets the standings of computed @plan (kh_plan_set_standing()) to the ones kept for its
 * year and category under @stamp, for the same nodes and every unit of the plan; FALSE
 * when they do not match (then some units' may be set: the plan is to be dropped). */
gboolean    kh_project_restore_standings (KhProject    *self,
                                          KhPlan       *plan,
                                          const char   *stamp);
/* Compares the standings kept for @plan's year and category under @stamp with @plan,
 * computed from the values: NULL when they agree to the bit (or none are kept under
 * @stamp for the same nodes), else a newly allocated description of the first
 * difference (a unit's id and what differs), for verify. */
char       *kh_project_standings_differ  (KhProject    *self,
                                          KhPlan       *plan,
                                          const char   *stamp);
/* The schema version with each year's values packed (values_packed, kh-project-packed.c). */
#define KH_PROJECT_PACKED_VERSION 14

/* kh-project-packed.c: the stamp of @year's packed values — the Kaohe version, the year
 * and the last audit row of a change of the year or of every year — under which a
 * computation packs them and reads them back while it still matches; NULL when none can
 * be read (never equal to a stored one; and on PostgreSQL, where they stay unused). */
char       *kh_project_packed_stamp      (KhProject    *self,
                                          int           year);
/* kh-project-compute.c: whether computing may take last year's standings from the kept
 * ones (FALSE) or computes every earlier year from its values (TRUE: what is stored,
 * sealed or verified rests on nothing no seal or audit row covers); turning it on drops
 * the plans kept from computations that may have used them. Returns the setting before. */
gboolean    kh_project_set_ignore_standings (KhProject *self,
                                             gboolean   ignore);
/* Rows (year, category_id, version, xml, saved_by, saved_at, source, audit_seq) of each
 * framework in place as its version 1: who and when from the audit row that wrote it (its
 * audit_seq, or the year's latest "framework" row naming its category), source empty. The
 * migration to version 8 inserts them; an older project opened read-only lists them. */
#define KH_PROJECT_FRAMEWORK_AUDIT(column, seq) \
  "COALESCE ((SELECT a." column " FROM audit_log a WHERE a.seq = " seq "), " \
  "(SELECT a." column " FROM audit_log a WHERE a.action = 'framework' AND a.year = f.year " \
  "AND a.detail LIKE '%' || '\ncategory=' || f.category_id || '\n%' " \
  "ORDER BY a.seq DESC LIMIT 1), '')"
/* @seq: "f.audit_seq", or "NULL" before the writers' columns (version 3). */
#define KH_PROJECT_FRAMEWORKS_AS_VERSION_1_SEQ(seq) \
  "SELECT f.year, f.category_id, 1 AS version, f.xml, " \
  KH_PROJECT_FRAMEWORK_AUDIT ("user_name", seq) " AS saved_by, " \
  KH_PROJECT_FRAMEWORK_AUDIT ("at", seq) " AS saved_at, '' AS source, " seq " AS audit_seq " \
  "FROM frameworks f"
#define KH_PROJECT_FRAMEWORKS_AS_VERSION_1 KH_PROJECT_FRAMEWORKS_AS_VERSION_1_SEQ ("f.audit_seq")
/* The schema of @db as text: one line per sqlite_master row, ordered by type and name,
 * "type TAB name TAB table TAB sql" (fields escaped). */
char       *kh_project_master_text    (sqlite3     *db,
                                       GError     **error);
/* That text for the schema Kaohe creates at @version (1 … KH_PROJECT_SCHEMA_VERSION). */
char       *kh_project_expected_master_text (int     version);

/* kh-project-units.c */

/* A unit as it is in one year: its names and group of that year when it exists then,
 * else its latest ones (for messages). */
typedef struct
{
  char *id;
  char *name_zh;
  char *name_zh_tw; /* NULL: none */
  char *name_en;    /* NULL: none */
  char *short_name; /* 简称 of the year; NULL: none */
  GPtrArray *aliases; /* of char*: the unit's aliases (empty: none) */
  char *group_id;
  char *category_id;
  int from_year;  /* its life span (0: no bound) */
  int until_year;
  gboolean exists; /* it has a row for the year */
} KhUnitInfo;

void        kh_unit_info_free         (KhUnitInfo  *unit);

/* kh-project-values-db.c, for the edits of both stores: the cell a value edit of @year
 * writes is a unit of the year (resolved by any of its ids, *@info_out in *@units_out, the
 * caller's) and a data field of its category's framework, and @value a grade code where the field takes grades; FALSE
 * with a located KH_IO_ERROR_INVALID otherwise. Not whether the year is sealed. */
gboolean    kh_project_check_value_cell  (KhProject         *self,
                                          int                year,
                                          const char        *unit,
                                          const char        *field,
                                          double             value,
                                          GHashTable       **units_out,
                                          const KhUnitInfo **info_out,
                                          GError           **error);
/* Every unit of the project as it is in @year: id → KhUnitInfo. */
GHashTable *kh_project_load_units     (KhProject   *self,
                                       int          year,
                                       GError     **error);
/* Finds a unit by id, else by a name of the year: Chinese (simplified or traditional),
 * English, short name (简称) or an alias, compared in NFKC and case-folded (Nanjing,
 * NANJING and full-width ＮＡＮＪＩＮＧ alike). Only a name that fits one unit of the year
 * finds it; NULL with *problem set otherwise (a name that fits several units lists
 * their ids; also when the unit does not exist in the year). */
const KhUnitInfo *kh_project_resolve_unit (GHashTable  *units,
                                           const char  *key,
                                           int          year,
                                           char       **problem);
/* The same through @names, an index of kh_project_index_unit_names(): no scan of every
 * unit (imports resolve every record). */
const KhUnitInfo *kh_project_resolve_unit_in (GHashTable  *units,
                                              GHashTable  *names,
                                              const char  *key,
                                              int          year,
                                              char       **problem);
/* Every name of the units (as kh_project_resolve_unit compares them) → GPtrArray of the
 * units of that name. */
GHashTable *kh_project_index_unit_names   (GHashTable  *units);
/* The units of that index with the name @key (NULL: none). */
GPtrArray  *kh_project_unit_names_lookup  (GHashTable  *names,
                                           const char  *key);
/* The predecessors of @year's units @ids (each with a row for @year): unit id → GPtrArray
 * of char* (their predecessors in order; empty: new). A unit not in the table continues
 * itself (the project has no year − 1 to know better). The project's years are read into
 * *@years when NULL there (the caller frees them), and taken from it when not: several
 * years of one computation read them once. */
GHashTable *kh_project_year_predecessors_with (KhProject         *self,
                                               int                year,
                                               GHashTable       **years,
                                               const char *const *ids,
                                               guint              n_ids,
                                               GError           **error);
/* The same for a few units @ids of @year, read unit by
 * unit (a peer group's, for one value's plausibility: issue 22); @previous_is_project_year
 * says whether @year − 1 is a year of the project. */
GHashTable *kh_project_units_predecessors (KhProject         *self,
                                           int                year,
                                           const char *const *ids,
                                           guint              n_ids,
                                           gboolean           previous_is_project_year,
                                           GError           **error);
/* Adds a row for @year to every unit whose life span covers it and has none (inside
 * the caller's transaction). */
gboolean    kh_project_units_add_year (KhProject  *self,
                                       int         year,
                                       GError    **error);

/* kh-project-framework.c */

/* @year's framework of @category (NULL: the year's only one), parsed. */
KhFramework *kh_project_load_framework (KhProject  *self,
                                        int         year,
                                        const char *category,
                                        GError    **error);
/* The data fields of every framework of @year: category id → set of field ids (char*).
 * NULL with an error when the year has no framework at all, or when the store cannot be
 * read (never an empty set for a lost connection). With @grades, also the
 * indicators scored by grades: category id → (field id → KhGradeCodes). */
GHashTable *kh_project_year_fields    (KhProject   *self,
                                       int          year,
                                       GHashTable **grades,
                                       GError     **error);

/* The values a graded indicator's field takes (kh_node_value_is_grade), and their text for
 * messages ("4 (优), 3 (良), …", kh_node_grade_codes in Chinese, the data's language). */
typedef struct
{
  GArray *codes; /* of double */
  char *text;
} KhGradeCodes;

/* Whether @value (NaN: missing) may be stored under a field with these @codes (NULL: any). */
gboolean    kh_grade_codes_allow      (const KhGradeCodes *codes,
                                       double              value);

/* The data fields (a set of char*) the engine reads for @fw. */
GHashTable *kh_project_fields_of      (KhFramework *fw);
/* The only category with a framework in @year, or NULL with an error naming them all
 * (or saying there is none). */
char       *kh_project_only_category  (KhProject   *self,
                                       int          year,
                                       GError     **error);

/* kh-project-values-read.c (issue 19: what kh-project-compute.c reads on PostgreSQL) */

/* The dataset of @year's units of @fw's category, their names in @lang, as
 * kh-project-compute.c reads them on SQLite (no predecessors, no published results, no
 * values yet), through the store; NULL with @error. */
KhDataset  *kh_project_read_units_db  (KhProject   *self,
                                       int          year,
                                       KhFramework *fw,
                                       KhLang       lang,
                                       GError     **error);
/* Reads into @ds (its units read) the stored values of its year's units of @category,
 * of @fields alone (and of @only's, when not NULL), through the store: the dataset
 * SQLite's reading gives, to the bit; FALSE with @error. */
gboolean    kh_project_read_values_db (KhProject   *self,
                                       KhDataset   *ds,
                                       const char  *category,
                                       GHashTable  *fields,
                                       GHashTable  *only,
                                       GError     **error);
/* Adds to @set every stored value of @year, by unit id and field in byte order (as
 * kh_project_get_records() reads them on SQLite), through the store. */
gboolean    kh_project_read_records_db (KhProject   *self,
                                        KhRecordSet *set,
                                        int          year,
                                        GError     **error);

/* kh-project-compute.c */

/* The dataset of @year's units of @fw's category (Chinese names, groups, predecessors)
 * with their stored values of the fields @fw reads (of those in @only, a set of field ids,
 * when not NULL). */
KhDataset  *kh_project_build_dataset  (KhProject   *self,
                                       int          year,
                                       KhFramework *fw,
                                       GHashTable  *only,
                                       GError     **error);

/* kh-project-content.c */

/* The format of the seals written now (kh-project-content.c). */
#define KH_PROJECT_SNAPSHOT_FORMAT 5

/* Canonical text of a year (schema, frameworks, units through time, the published
 * baseline, the entered lists of recommendations, values with provenance, results), stored
 * with the seal:
 * kh_project_snapshot_format (…, KH_PROJECT_SNAPSHOT_FORMAT, …). */
char       *kh_project_snapshot       (KhProject   *self,
                                       int          year,
                                       GError     **error);
/* The snapshot in format 1 (before schema version 3), 2 (versions 3 and 4), 3 (version 5),
 * 4 (versions 6 to 10: the units' short names) or 5 (the entered lists of
 * recommendations too). */
char       *kh_project_snapshot_format (KhProject  *self,
                                        int         year,
                                        int         format,
                                        GError    **error);
/* Whether the snapshot of @year in @format is @sealed's text but for their schema lines
 * (*@same), as compare_snapshots() in kh-project-verify.c would find it, without holding
 * it: written in pieces compared as they come, up to the first that differs. Any schema
 * line there is in @sealed's second one; a @sealed without one in @format ≥ 2 differs. */
gboolean    kh_project_snapshot_matches (KhProject  *self,
                                         int         year,
                                         int         format,
                                         const char *sealed,
                                         gboolean   *same,
                                         GError    **error);
/* The SHA-256 (hex) of kh_project_snapshot()'s text, written in pieces into the checksum
 * rather than held whole. */
char       *kh_project_snapshot_sha256 (KhProject *self,
                                        int        year,
                                        GError   **error);
/* The format of a stored snapshot (1 … 4). */
int         kh_project_snapshot_get_format (const char *snapshot);

/* kh-project-seal.c */

/* The statement a signed seal signs (see kh-project-seal.c). */
char       *kh_project_seal_statement (int          year,
                                       const char  *head,
                                       gint64       rows,
                                       const char  *content_sha,
                                       int          schema);
/* Checks every "sign" row (its signature, that the seal it names is in the chain of
 * @head_seq rows as signed); with @public_key, also that every seal is signed by it. */
void        kh_project_check_signatures (KhProject    *self,
                                         const guint8 *public_key,
                                         gint64        head_seq,
                                         GPtrArray    *problems);

/* kh-project-values-db.c */

/* The edit of one value through the store (either backend), based on *@seen when not
 * NULL (kh_project_edit_value()); kh_project_set_value() on PostgreSQL is this with
 * @seen NULL. */
gboolean    kh_project_edit_value_db  (KhProject        *self,
                                       int               year,
                                       const char       *unit,
                                       const char       *field,
                                       const double     *seen,
                                       double            value,
                                       KhValueConflict **conflict,
                                       GError          **error);

/* kh-project-published.c */

/* *out: the results published for @year (NULL when none were imported). */
gboolean    kh_project_load_published (KhProject   *self,
                                       int          year,
                                       KhBaseline **out,
                                       GError     **error);

G_END_DECLS
