/* kh-project-units-private.h — what kh-project-units.c shares with its import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The units through time as kh-project-units.c reads them (a Unit per id, with a State
 * per year and its links) and the helpers the units import (kh-project-units-import.c)
 * works with. Private to those two files.
 */
#pragma once

#include <glib.h>

#include "kh-project-private.h"

G_BEGIN_DECLS

/* One unit in one year (and the latest state kept in `units`). */
typedef struct
{
  char *name_zh;
  char *name_zh_tw;
  char *name_en;
  char *group_id;
  char *parent_id;
  char *short_name; /* 简称 (schema version 6) */
} State;

typedef struct
{
  char *id;
  char *category_id;
  int from_year;  /* 0: no bound */
  int until_year; /* 0: no bound */
  char *successor_id;
  State *latest;
  GHashTable *years; /* GINT_TO_POINTER (year) → State* */
  GHashTable *links; /* GINT_TO_POINTER (year) → GPtrArray of char* (predecessors, in order) */
  GPtrArray *aliases; /* of char*: the unit's other names, in order (not per year) */
  /* Where the table changed the unit (for the messages about sealed years). */
  guint line;
  GHashTable *year_lines; /* per-year form: year → line */
} Unit;

/* A copy of @text, NULL when it is NULL or empty. */
char       *kh_units_dup_or_null     (const char   *text);

State      *kh_units_state_copy      (const State  *src);
void        kh_units_state_free      (State        *state);
gboolean    kh_units_state_equal     (const State  *a,
                                      const State  *b);

/* Arrays of char* (a unit's predecessors). */
GPtrArray  *kh_units_strings_copy    (GPtrArray    *src);
gboolean    kh_units_strings_equal   (GPtrArray    *a,
                                      GPtrArray    *b);
gboolean    kh_units_strings_contain (GPtrArray    *strings,
                                      const char   *text);

Unit       *kh_units_unit_new        (const char   *id);
void        kh_units_unit_free       (Unit         *unit);
Unit       *kh_units_unit_copy       (const Unit   *src);
/* The unit's state of @year (NULL: it does not exist then) and its links of @year. */
State      *kh_units_unit_state      (const Unit   *unit,
                                      int           year);
GPtrArray  *kh_units_unit_links      (const Unit   *unit,
                                      int           year);
/* The keys of a year → … table, ascending. */
GArray     *kh_units_sorted_years    (GHashTable   *table);

/* Every stored unit: id → Unit. */
GHashTable *kh_units_load_all        (KhProject    *self,
                                      GError      **error);
/* The project's years: GINT year → GINT sealed (0 or 1). */
GHashTable *kh_units_load_years      (KhProject    *self,
                                       GError      **error);
/* Steps a statement of the store that returns no row, then resets it (errors: "storing
 * units"). */
gboolean    kh_units_run             (KhProject    *self,
                                      KhDbStmt     *stmt,
                                      GError      **error);
/* Binds names, group, parent and short name of @state from parameter @first on (6
 * parameters: name_zh, name_zh_tw, name_en, group_id, parent_id, short_name). */
void        kh_units_bind            (KhDbStmt     *stmt,
                                      int           first,
                                      const State  *state);

G_END_DECLS
