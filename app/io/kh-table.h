/* kh-table.h — data tables as records: wide and long layouts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wide layout: the header's first column is `unit`; optional columns `year`, `name` and
 * `group`; every other column is a field id (indicator or variable), one row per unit
 * (and year). Long layout: the header is exactly `unit,year,indicator,value` (`field` is
 * accepted for `indicator`), one row per value. Header names are matched without regard
 * to case or surrounding spaces.
 *
 * Values: decimal numbers (`1234.5`, `-3`, `1e6`, and Excel's grouped `16,355.3`); an
 * empty cell is NAN (missing). Everything else — text, `nan`, `inf`, hex — is an error, and
 * so is a second value for the same unit, year and field. All problems are collected and
 * reported together, one per line, as `NAME: row R, column C: message`
 * (KH_IO_ERROR_INVALID); rows and columns are 1-based as a spreadsheet shows them (for a
 * CSV file the row is the physical line where the record starts).
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
  guint row, column; /* 1-based, as a spreadsheet shows them */
  char *unit;
  int year;          /* 0 = no year column */
  char *field;
  double value;      /* NAN for an empty cell */
} KhRecord;

typedef struct
{
  KhTableLayout layout;
  GArray *records;         /* of KhRecord */
  GPtrArray *fields;       /* distinct field ids, in column/first-seen order */
  GHashTable *unit_names;  /* unit id → name (wide `name` column), may be empty */
  GHashTable *unit_groups; /* unit id → group (wide `group` column), may be empty */
  char *encoding;
} KhRecordSet;

KhRecordSet *kh_record_set_from_table (KhCsvTable  *table,
                                       const char  *display_name,
                                       GError     **error);
void         kh_record_set_free       (KhRecordSet *set);
/* An empty set; records appended to set->records are freed with it. */
KhRecordSet *kh_record_set_new        (KhTableLayout layout,
                                       const char   *encoding);

/* Parses a number as the table reader does: TRUE with *value set (NAN for an empty or
 * blank string), FALSE when @text is not a number. */
gboolean     kh_table_parse_number    (const char  *text,
                                       double      *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRecordSet, kh_record_set_free)

G_END_DECLS
