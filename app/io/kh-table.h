/* kh-table.h — data tables as records: wide and long layouts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wide layout: one column holds the unit — its header is `unit` or the Chinese 单位 /
 * 單位 / 单位名称 / 單位名稱 (the first such column; usually the first); optional columns
 * `year` (年份, 年度), `name` (名称, 名稱) and `group` (分组, 分組, 组别, 組別); every other
 * column is a field (indicator or variable), one row per unit (and year). Long layout: the
 * header is `unit,year,indicator,value` (`field` is accepted for `indicator`; 单位,年份,
 * 指标,数值 and their traditional forms too), one row per value. Header names are matched
 * without regard to case, width (full-width letters and digits) or surrounding spaces.
 *
 * A field column's header is its field id, unless KhTableOptions maps it: the options'
 * @columns map a normalized header (kh_table_normalize_header()) to a field id, or to ""
 * to ignore the column; with @known_fields set, a header that is neither mapped nor a
 * known field is ignored with a notice (a remarks column 备注, an unknown indicator),
 * saying "did you mean …" when the options' @suggest knows a near field name.
 *
 * Values: decimal numbers (`1234.5`, `-3`, `1e6`). Read as well, and each kind reported
 * once in the notices with its first cell: Excel's grouped `16,355.3`; full-width digits
 * (`１２.５`); `12.5%` when the field's unit of measure is `%` (it is then 12.5; for any
 * other field a percentage is an error, being ambiguous); the missing-value marks
 * `n/a`, `NA`, `—`, `–`, `-`, `无`, `無`, `/` (NAN, like an empty cell). Everything else —
 * text, `nan`, `inf`, hex — is an error, and so is a second value for the same unit,
 * year and field. All problems are collected and reported together, one per line, as
 * `NAME: row R, column C: message` (KH_IO_ERROR_INVALID); at most KH_PROBLEMS_MAX are
 * listed, then their count. Rows and columns are 1-based as a spreadsheet shows them (for
 * a CSV file the row is the physical line where the record starts).
 *
 * Memory: records are 32 bytes, unit and field names are interned once per set; the set
 * charges what it keeps to the table's budget (kh-io-limits.h). kh_record_set_read_csv()
 * reads a CSV file as a stream: the set holds the records, never the text table.
 */
#pragma once

#include <glib.h>

#include "kh-csv.h"

G_BEGIN_DECLS

typedef enum
{
  KH_TABLE_WIDE,
  KH_TABLE_LONG,
} KhTableLayout;

typedef struct
{
  const char *unit;   /* interned: owned by the set */
  const char *field;  /* interned: owned by the set */
  double value;       /* NAN for an empty cell or a missing mark */
  guint32 row;        /* 1-based, as a spreadsheet shows it */
  guint32 column : 20; /* 1-based */
  guint32 year : 12;   /* 0 = no year column */
} KhRecord;

typedef struct
{
  KhTableLayout layout;
  GArray *records;         /* of KhRecord */
  GPtrArray *fields;       /* distinct field ids, in column/first-seen order */
  GHashTable *unit_names;  /* unit id → name (wide `name` column), may be empty */
  GHashTable *unit_groups; /* unit id → group (wide `group` column), may be empty */
  char *encoding;
  guint unit_column;       /* 1-based column of the units (long layout: 1) */
  KhProblems notices;      /* what was read leniently or ignored, one line each */
  GPtrArray *ignored;      /* of char*: headers of the columns ignored */
  /* Partial reading (KhTableOptions.partial, kh_project_set_aside_rows()): the rows set
   * aside, file row → GString of their problems ("column 3: “x” is not a number; …");
   * none of their records is in @records. NULL when none. */
  GHashTable *rejected;
  /* private */
  GStringChunk *strings;
  GHashTable *field_set;   /* interned field → TRUE */
  KhIoBudget budget;
} KhRecordSet;

typedef struct _KhSuggest KhSuggest;

typedef struct
{
  GHashTable *columns;          /* normalized header → field id ("" = ignore), or NULL */
  GHashTable *known_fields;     /* field ids; NULL: every header is a field */
  GHashTable *units_of_measure; /* field id → unit of measure, or NULL */
  KhSuggest *suggest;           /* names of fields (payload: the id) for "did you mean"
                                 * in the notice of an ignored column, or NULL */
  gboolean partial;             /* a problem of a data row sets the row aside (the set's
                                 * @rejected) instead of failing the table; a problem of
                                 * the header still fails it */
} KhTableOptions;

/* Options with empty tables (owning their strings) and an empty suggester. */
KhTableOptions *kh_table_options_new  (void);
void            kh_table_options_free (KhTableOptions *options);

KhRecordSet *kh_record_set_from_table (KhCsvTable  *table,
                                       const char  *display_name,
                                       GError     **error);
KhRecordSet *kh_record_set_from_table_full (KhCsvTable           *table,
                                            const char           *display_name,
                                            const KhTableOptions *options,
                                            GError              **error);
/* Reads the CSV file @path as kh_csv_read_file() and kh_record_set_from_table_full() do,
 * with the same problems and notices, but streaming: each row becomes records as it is
 * parsed and is dropped, so that the text table is never held whole (a wide sheet of
 * 30,000 units × 200 fields: the records only). @display_name names the file in the
 * problems of its rows (a CSV syntax error names @path, as kh_csv_read_file() does).
 * Not for a partial reading (@options' partial unset: the rows set aside are written out
 * from the table). */
KhRecordSet *kh_record_set_read_csv   (const char           *path,
                                       const char           *encoding,
                                       const char           *display_name,
                                       const KhTableOptions *options,
                                       GError              **error);
/* Given the records of whole rows read so far (@set's records), checks and keeps what it
 * needs of them; the reader then drops them. FALSE with @error stops the reading. */
typedef gboolean (*KhRecordBatchFunc) (KhRecordSet *set,
                                       gpointer     data,
                                       GError     **error);
/* kh_record_set_read_csv(), but a wide sheet's records are given to @batch_func a batch
 * of rows at a time (64 Ki records or a few more) and dropped, so that a 30,000-unit
 * sheet never holds its records whole; the set returned holds the rows after the last
 * batch (a long sheet's records: all of them), which the caller still has to take. Once
 * the file has a problem, no further batch is given (the reading then fails). */
KhRecordSet *kh_record_set_read_csv_batches (const char           *path,
                                             const char           *encoding,
                                             const char           *display_name,
                                             const KhTableOptions *options,
                                             KhRecordBatchFunc     batch_func,
                                             gpointer              batch_data,
                                             GError              **error);
void         kh_record_set_free       (KhRecordSet *set);
/* An empty set; add records with kh_record_set_add(). */
KhRecordSet *kh_record_set_new        (KhTableLayout layout,
                                       const char   *encoding);
/* Appends a record (strings are interned) and notes its field. */
KhRecord    *kh_record_set_add        (KhRecordSet *set,
                                       guint        row,
                                       guint        column,
                                       const char  *unit,
                                       int          year,
                                       const char  *field,
                                       double       value);
/* The interned copy of @text, owned by the set. */
const char  *kh_record_set_intern     (KhRecordSet *set,
                                       const char  *text);
/* The notices as text, one per line; NULL when there are none. */
char        *kh_record_set_get_notices (KhRecordSet *set);
/* Sets row @row aside with a problem at @column (added to its others); the memory is
 * charged to the set's budget (FALSE with KH_IO_ERROR_LIMIT when it runs out). */
gboolean     kh_record_set_reject     (KhRecordSet *set,
                                       guint        row,
                                       guint        column,
                                       const char  *message,
                                       GError     **error);
/* Removes the records of the rows set aside; returns how many. */
guint        kh_record_set_drop_rejected (KhRecordSet *set);
/* The rows set aside (of guint, ascending); free with g_array_unref(). */
GArray      *kh_record_set_rejected_rows (KhRecordSet *set);
/* Writes the rows of @table set aside in @set as an error file: the header row and every
 * rejected row as read, plus a last column “Problem” with its problems; XLSX when @path
 * ends in .xlsx, CSV (UTF-8 with a BOM, for Excel) otherwise (kh-table-rejects.c). */
gboolean     kh_table_write_rejected  (KhCsvTable  *table,
                                       KhRecordSet *set,
                                       const char  *path,
                                       GError     **error);

/* Parses a number as the table reader does in strict form: TRUE with *value set (NAN
 * for an empty or blank string), FALSE when @text is not a number (grouped thousands are
 * accepted). */
gboolean     kh_table_parse_number    (const char  *text,
                                       double      *value);

typedef enum
{
  KH_NUMBER_PLAIN = 0,
  KH_NUMBER_MISSING = 1 << 0,   /* a missing-value mark (n/a, —, 无 …) */
  KH_NUMBER_GROUPED = 1 << 1,   /* thousands separators */
  KH_NUMBER_FULLWIDTH = 1 << 2, /* full-width digits or signs */
  KH_NUMBER_PERCENT = 1 << 3,   /* a trailing % */
} KhNumberForm;

/* The lenient reading: TRUE with *value and *form (the ways it departed from plain
 * decimal notation); a percentage is accepted only when @percent_ok. */
gboolean     kh_table_read_number     (const char   *text,
                                       gboolean      percent_ok,
                                       double       *value,
                                       KhNumberForm *form);

/* A header as matched: NFKC (full-width to ASCII), case-folded, surrounding spaces and
 * a trailing unit of measure in parentheses — `（%）`, `(万元)` — removed. */
char        *kh_table_normalize_header (const char *header);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRecordSet, kh_record_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhTableOptions, kh_table_options_free)

G_END_DECLS
