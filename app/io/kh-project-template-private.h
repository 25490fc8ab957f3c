/* kh-project-template-private.h — what a year asks of its data providers, shared by the
 * templates (kh-project-template.c) and the submission tracking (kh-project-submissions.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-project-private.h"

G_BEGIN_DECLS

/* A field a provider reports: a column of its template. */
typedef struct
{
  char *id;
  char *source;           /* its provider (the first framework's), or NULL */
  char *label;            /* its Chinese name, or the id */
  char *unit_of_measure;  /* NULL: none */
  double valid_min, valid_max;
  char *grades;           /* "4 (优), 3 (良) …" for a graded field, else NULL */
  GArray *codes;          /* of double: the grades' codes, or NULL */
  GHashTable *categories; /* category → the indicator (KhNode*, its framework kept) or a
                           * non-NULL marker for a field that applies to every unit */
  char *header;
} KhTemplateColumn;

void     kh_template_column_free    (KhTemplateColumn       *col);
/* Whether @col is to be filled for @unit (its category's field, and an individual
 * indicator's unit or group). */
gboolean kh_template_column_applies (const KhTemplateColumn *col,
                                     const KhUnitYear       *unit);
/* The fields (of KhTemplateColumn*, by category then framework order; @by_id: id →
 * column) that @provider reports in @year (NULL: every field; with @reports_only, not the
 * inputs of adjustments and constraints, which are claims rather than reports), and the
 * units asked something (of KhUnitYear*, by category then id); @frameworks (of
 * KhFramework*) keeps what the columns point into. FALSE with an error when the year has
 * no framework or @provider no field (the error names the providers). */
gboolean kh_project_template_gather (KhProject  *self,
                                     int         year,
                                     const char *provider,
                                     gboolean    reports_only,
                                     GPtrArray  *columns,
                                     GHashTable *by_id,
                                     GPtrArray  *frameworks,
                                     GPtrArray  *units,
                                     GError    **error);

G_END_DECLS
