/* kh-document-private.h — what the document's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is split by concern:
 *   kh-document.c       the object, its state and the plan computed from it
 *   kh-document-load.c  loading a year and category from the project (also on a thread)
 *   kh-document-edit.c  edits of the framework and the values, their undo steps, saving
 *   kh-document-watch.c the year open read again when another writer changed the project
 * Only these files include this header.
 */
#pragma once

#include "kh-document.h"

G_BEGIN_DECLS

typedef enum
{
  STEP_FRAMEWORK,
  STEP_VALUE,
  STEP_IMPORT,
  STEP_SETTING, /* a project setting (field: its key); not tied to the year open */
  STEP_SURVEY,  /* a rater excluded (or taken back), the survey scored again */
  STEP_RECOMMEND, /* a city's entered list of recommendations (field: the category of
                   * the units recommended, unit_id: the city) */
  STEP_SPEC,      /* the stored sensitivity spec of the year open (field: the category;
                   * old_text, new_text: the spec's text, NULL none) */
  STEP_CONFIRM,   /* a flagged value confirmed (exclude: TRUE) or taken back (FALSE) */
} StepKind;

typedef struct
{
  StepKind kind;
  char *label;
  KhFramework *framework; /* STEP_FRAMEWORK: the framework to swap in */
  char *selection;        /* STEP_FRAMEWORK: the node selected in the state swapped in */
  gboolean weights_only;  /* STEP_FRAMEWORK: the two frameworks differ in weights only */
  char *unit_id;          /* STEP_VALUE */
  char *field;
  double old_value;
  double new_value;
  GPtrArray *changes;     /* STEP_IMPORT: of KhValueChange* */
  char *source_name;
  char *old_text;         /* STEP_SETTING: NULL = unset */
  char *new_text;
  char *rater;            /* STEP_SURVEY: the rater's full hash */
  char *reason;
  gboolean exclude;       /* STEP_SURVEY: what the step did (undo does the opposite) */
  GPtrArray *old_units;   /* STEP_RECOMMEND: the lists before and after (of char*; NULL: */
  GPtrArray *new_units;   /*   none, the rule chooses) */
} Step;

struct _KhDocument
{
  GObject parent_instance;

  KhProject *project;
  GArray *years;
  int year;
  gboolean sealed;
  char *target; /* what was opened: a file's path, or a server's URI as given (in memory
                 * only: it may hold a password), for the connections of background jobs */
  char *read_only_login; /* a server's login that may change nothing (a viewer), or NULL */
  GPtrArray *categories; /* of the year open */
  char *category;

  KhFramework *framework;
  KhDataset *dataset;
  KhPlan *previous;
  KhPlan *plan;
  char *plan_error;
  KhFramework *saved_framework; /* the working framework as last loaded or saved */
  GPtrArray *problems;          /* of KhDocumentProblem* */
  guint revision;
  char *selection;
  char *selection_hint;

  GPtrArray *undo_stack; /* of Step*, last = newest */
  GPtrArray *redo_stack;
  char *changed_field;    /* while `changed` is emitted for one value's edit: its field */

  /* kh-document-watch.c */
  GFileMonitor *watch_monitors[2]; /* the project file and its -wal */
  guint watch_timeout;             /* the check after a burst of events */
  gint64 watch_version;            /* PRAGMA data_version when last read */
  guint loads_running;             /* kh_document_load_async() on a worker */
  GSource *watch_listen;           /* a server's notifications (kh_db_listen()) */
  gboolean watch_notified;         /* a server said another writer changed the year open */
  char *kept_framework;            /* where the unsaved framework of a year another writer
                                    * sealed went, until taken (issue 19) */
};

/* kh-document.c */
void     kh_document_emit_changed (KhDocument *self,
                                   KhChange    what);
/* The same for the edit of one value of @field (kh_document_get_changed_field()). */
void     kh_document_emit_value_changed (KhDocument *self,
                                         KhChange    what,
                                         const char *field);
/* Emits `refreshed` with @summary. */
void     kh_document_emit_refreshed (KhDocument *self,
                                     const char *summary);
/* Computes the plan of the working framework and dataset (or the error that stops it);
 * emits nothing. */
void     kh_document_compute_plan (KhDocument *self);
/* The same when the working framework differs from the plan's in node weights alone:
 * the plan re-weighted (kh_plan_reweight(): the values and scores kept, only the nodes
 * above a changed weight aggregated again), the full computation when that fails. */
void     kh_document_reweight_plan (KhDocument *self);

/* Takes @plan, computed of the document's framework, dataset and previous plan, as the
 * plan (as kh_document_compute_plan() would compute it); emits nothing. */
void     kh_document_take_plan    (KhDocument *self,
                                   KhPlan     *plan);

void     kh_document_step_free    (Step       *step);
/* The stored value of the year open (NAN: none). */
double   kh_document_stored_value (KhDocument *self,
                                   const char *unit_id,
                                   const char *field,
                                   char      **by,
                                   char      **at);

/* kh-document-import.c */
/* Undo (@undo) or redo of an import @step, based on the values the step left (found) as
 * a value's undo is (issue 19): when another writer changed any of its cells since,
 * nothing is written, the dataset takes what those cells hold, and it fails with
 * KH_IO_ERROR_CONFLICT, *@conflicts (may be NULL) getting every such cell
 * (KhValueConflict). @over, @shown: the bases of an overwrite, as
 * kh_document_overwrite_base() says. */
gboolean kh_document_apply_import (KhDocument *self,
                                   Step       *step,
                                   gboolean    undo,
                                   GPtrArray  *over,
                                   gboolean    shown,
                                   GPtrArray **conflicts,
                                   GError    **error);

/* kh-document-edit.c: the base of a cell of an undo or redo that overwrites: the value a
 * conflict in @over (KhValueConflict, may be NULL) showed for it, else with @shown the
 * value the document shows, else @left (what the step left there). */
double   kh_document_overwrite_base (KhDocument *self,
                                     GPtrArray  *over,
                                     gboolean    shown,
                                     const char *unit_id,
                                     const char *field,
                                     double      left);

/* kh-document-load.c */
/* The plan of @year and @category as the project computes it, and *@previous, last
 * year's whole plan (NULL when the year has no last year of @category): last year computed
 * first, the year on it (issue 22). Any thread. */
gboolean kh_document_compute_year (KhDocument *self,
                                   int         year,
                                   const char *category,
                                   KhPlan    **plan,
                                   KhPlan    **previous,
                                   GError    **error);
/* Opens @year with the category @wanted_category when the year has it, else the cities,
 * else its first category: everything changes, the undo history is cleared. */
gboolean kh_document_load         (KhDocument *self,
                                   int         year,
                                   const char *wanted_category,
                                   GError    **error);

G_END_DECLS
