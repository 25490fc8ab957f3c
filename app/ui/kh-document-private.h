/* kh-document-private.h — what the document's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is split by concern:
 *   kh-document.c       the object, its state and the plan computed from it
 *   kh-document-load.c  loading a year and category from the project (also on a thread)
 *   kh-document-edit.c  edits of the framework and the values, their undo steps, saving
 * Only these files include this header.
 */
#pragma once

#include "kh-document.h"

G_BEGIN_DECLS

typedef enum
{
  STEP_FRAMEWORK,
  STEP_VALUE,
} StepKind;

typedef struct
{
  StepKind kind;
  char *label;
  KhFramework *framework; /* STEP_FRAMEWORK: the framework to swap in */
  char *unit_id;          /* STEP_VALUE */
  char *field;
  double old_value;
  double new_value;
} Step;

struct _KhDocument
{
  GObject parent_instance;

  KhProject *project;
  GArray *years;
  int year;
  gboolean sealed;
  GPtrArray *categories; /* of the year open */
  char *category;

  KhFramework *framework;
  KhDataset *dataset;
  KhPlan *previous;
  KhPlan *plan;
  char *plan_error;
  gboolean framework_modified;

  GPtrArray *undo_stack; /* of Step*, last = newest */
  GPtrArray *redo_stack;
};

/* kh-document.c */
void     kh_document_emit_changed (KhDocument *self,
                                   KhChange    what);
/* Computes the plan of the working framework and dataset (or the error that stops it);
 * emits nothing. */
void     kh_document_compute_plan (KhDocument *self);

/* kh-document-load.c */
/* Opens @year with the category @wanted_category when the year has it, else the cities,
 * else its first category: everything changes, the undo history is cleared. */
gboolean kh_document_load         (KhDocument *self,
                                   int         year,
                                   const char *wanted_category,
                                   GError    **error);

G_END_DECLS
