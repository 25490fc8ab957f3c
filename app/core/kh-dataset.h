/* kh-dataset.h — one year's data of a set of units, as dense columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dataset holds, for one year, the units (id, Chinese name, peer group id) and one
 * column of doubles per data field (variable, indicator or adjustment input id).
 * Columns are dense arrays over the units in the order they were added; NaN marks
 * a missing value. Reference counted; the scoring plan (kh-engine.h) keeps a reference
 * and reads the columns in place.
 *
 * What the year is compared with: per unit, the units of the previous year it
 * continues (its predecessors; by default itself, by id), and the previous year's
 * published results when the office has them (the framework chooses which baseline the
 * rank change counts against).
 */
#pragma once

#include <glib.h>

#include "kh-baseline.h"

G_BEGIN_DECLS

#define KH_DATASET_NONE G_MAXUINT

typedef struct _KhDataset KhDataset;

KhDataset    *kh_dataset_new          (int          year);
/* Units, fields and values of their own: a plan computing in another thread reads the
 * copy while the original is edited. */
KhDataset    *kh_dataset_copy         (KhDataset   *self);
KhDataset    *kh_dataset_ref          (KhDataset   *self);
void          kh_dataset_unref        (KhDataset   *self);

int           kh_dataset_get_year     (KhDataset   *self);
guint         kh_dataset_get_n_units  (KhDataset   *self);
guint         kh_dataset_get_n_fields (KhDataset   *self);

/* Adds a unit with every value missing. @name and @group may be NULL. Returns its
 * index, or KH_DATASET_NONE when a unit with this id exists already. */
guint         kh_dataset_add_unit     (KhDataset   *self,
                                       const char  *id,
                                       const char  *name,
                                       const char  *group);
/* Returns the index of the field @id, adding an all-missing column when new. */
guint         kh_dataset_add_field    (KhDataset   *self,
                                       const char  *id);
/* Adds the field @id, new, with @values (one for each unit, NaN for missing) as its
 * column, taken: freed with the dataset (allocated with g_malloc ()); its index. */
guint         kh_dataset_take_field   (KhDataset   *self,
                                       const char  *id,
                                       double      *values);

guint         kh_dataset_find_unit    (KhDataset   *self,
                                       const char  *id);
guint         kh_dataset_find_field   (KhDataset   *self,
                                       const char  *id);

const char   *kh_dataset_get_unit_id  (KhDataset   *self,
                                       guint        unit);
const char   *kh_dataset_get_unit_name (KhDataset  *self,
                                        guint       unit);
const char   *kh_dataset_get_unit_group (KhDataset *self,
                                         guint      unit);
void          kh_dataset_set_unit_group (KhDataset  *self,
                                         guint       unit,
                                         const char *group);
/* The short name (简称, 苏州 for 苏州市) of @unit, drawn in charts where its name does
 * not fit; NULL or "": none. */
void          kh_dataset_set_unit_short_name (KhDataset  *self,
                                              guint       unit,
                                              const char *short_name);
const char   *kh_dataset_get_unit_short_name (KhDataset  *self,
                                              guint       unit);
/* A short name (简称, stored in Simplified Chinese) in the script of @name, the unit's name
 * in another script as the project stores it (name_zh_tw: 無錫市 for 无锡市, converted by
 * OpenCC when the units were made): each character of @short_name is the character at the
 * same place in @name as in @name_zh, so 无锡 → 無錫. NULL when a character is not in
 * @name_zh or the two names differ in length — no short name rather than one half in the
 * other script; @short_name itself when @name is NULL (the Simplified name is printed). */
char         *kh_short_name_transcribe (const char *short_name,
                                        const char *name_zh,
                                        const char *name);
/* The units of the previous year that @unit continues, in order (a renamed unit: its
 * old id; merged: all of them; a new unit: none, an empty vector). @ids NULL: itself,
 * by id (the default). */
void          kh_dataset_set_unit_predecessors (KhDataset         *self,
                                                guint              unit,
                                                const char *const *ids);
/* NULL: the default (itself, by id). */
const char *const *kh_dataset_get_unit_predecessors (KhDataset *self,
                                                     guint      unit);
/* The previous year's published results (NULL: none). */
void          kh_dataset_set_published (KhDataset  *self,
                                        KhBaseline *published);
KhBaseline   *kh_dataset_get_published (KhDataset  *self);
const char   *kh_dataset_get_field_id (KhDataset   *self,
                                       guint        field);

void          kh_dataset_set          (KhDataset   *self,
                                       guint        unit,
                                       guint        field,
                                       double       value);
double        kh_dataset_get          (KhDataset   *self,
                                       guint        unit,
                                       guint        field);
/* The column of @field: kh_dataset_get_n_units() doubles, valid until units are added. */
const double *kh_dataset_get_column   (KhDataset   *self,
                                       guint        field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhDataset, kh_dataset_unref)

G_END_DECLS
