/* kh-document.h — an open project as the window edits it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KhDocument owns the open KhProject and, for the chosen year and category (a year
 * holds one framework per category: cities, agencies, universities, counties), a working
 * copy of that framework, the year's dataset, the computed plan of the previous year and the
 * current plan. Every edit goes through it: framework edits change the working copy
 * (written to the project by kh_document_save_framework()), value edits are written to
 * the project at once (audited). Each edit pushes one undo step and recomputes the plan
 * synchronously, then emits "changed" so that every view refreshes from the new plan.
 *
 * Undo is snapshot-based for the framework: the step keeps the whole framework as it
 * was before the edit, and undo swaps it back, so undo restores it exactly. A value
 * step keeps the unit, field, old and new value.
 */
#pragma once

#include <gio/gio.h>

#include "core/kh-engine.h"
#include "core/kh-framework.h"
#include "io/kh-project.h"

G_BEGIN_DECLS

#define KH_TYPE_DOCUMENT (kh_document_get_type ())

G_DECLARE_FINAL_TYPE (KhDocument, kh_document, KH, DOCUMENT, GObject)

typedef enum
{
  KH_CHANGE_YEAR      = 1 << 0, /* another year: everything changed                 */
  KH_CHANGE_FRAMEWORK = 1 << 1, /* the working framework (structure or properties)  */
  KH_CHANGE_VALUES    = 1 << 2, /* data values                                      */
  KH_CHANGE_RESULTS   = 1 << 3, /* the plan was recomputed                          */
  KH_CHANGE_UNDO      = 1 << 4, /* undo/redo availability or the saved state        */
  KH_CHANGE_SETTINGS  = 1 << 5, /* a project setting (the issuing body …)           */
  KH_CHANGE_SURVEY    = 1 << 6, /* a rater excluded or taken back                    */
  KH_CHANGE_RECOMMEND = 1 << 7, /* a city's entered list of recommendations ("321")  */
  KH_CHANGE_SPEC      = 1 << 8, /* the stored sensitivity spec of the year open       */
  KH_CHANGE_FLAGS     = 1 << 9, /* the plausibility flags: a flagged value confirmed or its
                                 * confirmation taken back, the framework saved (its ranges) */
} KhChange;

/* An edit of the working framework; returns FALSE with @error set to refuse it (then
 * nothing changes). */
typedef gboolean (*KhFrameworkEdit) (KhFramework *framework,
                                     gpointer     user_data,
                                     GError     **error);

KhDocument   *kh_document_open              (const char   *path,
                                             GError      **error);
/* The project opened and its years read, no year loaded yet (kh_document_load_async()
 * loads one): what a window shows at once, before the year's computation (issue 22). */
KhDocument   *kh_document_open_project      (const char   *path,
                                             GError      **error);
KhDocument   *kh_document_create            (const char   *path,
                                             GError      **error);

KhProject    *kh_document_get_project       (KhDocument   *self);
const char   *kh_document_get_path          (KhDocument   *self);
/* What kh_document_open() was given: the file's path, or the server's URI as given, which
 * may hold a password (kh_document_get_path() is then the URI without it). Only for
 * opening another connection (background jobs); never shown or stored. */
const char   *kh_document_get_target        (KhDocument   *self);
/* The project's years, ascending (of int); owned by the document. */
GArray       *kh_document_get_years         (KhDocument   *self);

int           kh_document_get_year          (KhDocument   *self);
gboolean      kh_document_set_year          (KhDocument   *self,
                                             int           year,
                                             GError      **error);
/* The same on a worker thread (the project is only read there); the year open changes
 * in _finish, on the main thread, unless @cancellable was cancelled. Make no edit while
 * it runs. @category NULL: keep the category open when the year has it. */
void          kh_document_load_async        (KhDocument          *self,
                                             int                  year,
                                             const char          *category,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      kh_document_load_finish       (KhDocument   *self,
                                             GAsyncResult *result,
                                             GError      **error);
/* The year open cannot change here: it is sealed, or the login only reads (a viewer's
 * window on a server): the pages show it read-only. */
gboolean      kh_document_is_read_only      (KhDocument   *self);
gboolean      kh_document_is_sealed         (KhDocument   *self);
/* The login of a project on a server that may change nothing of it (a member of
 * kaohe_viewer only: no privilege to write the values), read at the open; NULL when the
 * document may be edited (a file, or a login that may write). Every edit is then refused
 * (KH_IO_ERROR_DENIED) and the window says it is read-only. */
const char   *kh_document_get_read_only_login (KhDocument *self);
/* The categories with a framework in the year open, ascending (of char*). */
GPtrArray    *kh_document_get_categories    (KhDocument   *self);
const char   *kh_document_get_category      (KhDocument   *self);
gboolean      kh_document_set_category      (KhDocument   *self,
                                             const char   *category,
                                             GError      **error);

KhFramework  *kh_document_get_framework     (KhDocument   *self);
KhDataset    *kh_document_get_dataset       (KhDocument   *self);
/* NULL when the working framework does not compile; see kh_document_get_plan_error(). */
KhPlan       *kh_document_get_plan          (KhDocument   *self);
const char   *kh_document_get_plan_error    (KhDocument   *self);
/* The computed plan of the previous year, or NULL. */
KhPlan       *kh_document_get_previous_plan (KhDocument   *self);
/* While `changed` is emitted for the edit of one value (kh_document_set_value(), its undo
 * or redo): the field of that value, whose flags alone can change; NULL otherwise (an
 * import, a survey's change: any field may have changed). */
const char   *kh_document_get_changed_field (KhDocument  *self);

gboolean      kh_document_edit_framework    (KhDocument     *self,
                                             const char     *label,
                                             KhFrameworkEdit edit,
                                             gpointer        user_data,
                                             GError        **error);
/* The same for an @edit that changes node weights and nothing else (the inspector's
 * weight, kh_document_set_node_weight()): the plan is re-weighted (kh_plan_reweight(): the
 * values and scores kept, only the nodes above a changed weight aggregated again), and so
 * is it when the step is undone or redone (issue 22). */
gboolean      kh_document_edit_weights      (KhDocument     *self,
                                             const char     *label,
                                             KhFrameworkEdit edit,
                                             gpointer        user_data,
                                             GError        **error);
/* Replaces the working framework with @framework (takes a reference): one undo step. */
gboolean      kh_document_replace_framework (KhDocument   *self,
                                             const char   *label,
                                             KhFramework  *framework,
                                             GError      **error);
gboolean      kh_document_set_node_weight   (KhDocument   *self,
                                             const char   *node_id,
                                             double        weight,
                                             GError      **error);
/* Excludes the rater @rater (a full hash or a prefix of 8 hex digits or more; see
 * kh_project_survey_exclude) from the survey of the year and category open, or takes the
 * exclusion back (@exclude FALSE), with @reason, and scores the survey again into its
 * field: one audited change of the project (kh_project_survey_exclude_and_score) and one
 * undo step. Undo takes the exclusion back (or excludes again) and scores again, so the
 * stored scores always follow the sheet. Emits KH_CHANGE_SURVEY | KH_CHANGE_VALUES. */
gboolean      kh_document_survey_exclude    (KhDocument   *self,
                                             const char   *rater,
                                             gboolean      exclude,
                                             const char   *reason,
                                             GError      **error);
/* Confirms the flagged value of @unit_id's @field in the year open (@confirmed), or takes
 * its confirmation back (kh_project_confirm_value(): audited with who and when): one undo
 * step ("Confirm Value"; undo takes the confirmation back, or confirms again). Refused in
 * a sealed year, for a value not flagged, twice. Emits KH_CHANGE_FLAGS. */
gboolean      kh_document_confirm_value     (KhDocument   *self,
                                             const char   *unit_id,
                                             const char   *field,
                                             gboolean      confirmed,
                                             GError      **error);
/* Stores @parent's (a city's) entered list of the units of @category it recommends in the
 * year open (@units of char* ids in order; NULL: none, its quota rule chooses again;
 * kh_project_set_recommendation_list()): one audited change and one undo step labelled
 * "Edit Recommendations" (undo stores the list before). Refused in a sealed year; nothing
 * when the list does not change. Emits KH_CHANGE_RECOMMEND. */
gboolean      kh_document_set_recommendations (KhDocument *self,
                                               const char *category,
                                               const char *parent,
                                               GPtrArray  *units,
                                               GError    **error);
/* Stores @text as the sensitivity spec of @category in the year open (NULL or blank:
 * none; kh_project_set_sensitivity_spec(), which does not check it: the caller checks it
 * against the plan as `kaohe-cli sensitivity --store-spec` does): one audited change and
 * one undo step labelled "Edit Sensitivity Spec" (undo stores the text before). A spec is
 * no part of a seal: a sealed year's can change. Nothing when the text does not change.
 * Emits KH_CHANGE_SPEC. */
gboolean      kh_document_set_sensitivity_spec (KhDocument *self,
                                                const char *category,
                                                const char *text,
                                                GError    **error);
/* NAN clears the value. The edit is based on the value the document shows (issue 19):
 * when another writer changed the cell since, nothing is written, the document takes the
 * cell's newer value (emits `changed`: KH_CHANGE_VALUES | KH_CHANGE_RESULTS) and the
 * error is KH_IO_ERROR_CONFLICT; kh_document_set_value_full()'s *@conflict (may be NULL)
 * receives both values and who stored the newer one when. Setting the value again is the
 * edit based on the newer value ("overwrite with mine"), which may conflict again. */
gboolean      kh_document_set_value         (KhDocument   *self,
                                             const char   *unit_id,
                                             const char   *field,
                                             double        value,
                                             GError      **error);
gboolean      kh_document_set_value_full    (KhDocument       *self,
                                             const char       *unit_id,
                                             const char       *field,
                                             double            value,
                                             KhValueConflict **conflict,
                                             GError          **error);
/* kh_document_set_value_full() based on *@seen (NULL: the value the document shows):
 * "overwrite with mine" passes the newer value its question showed, so that a value
 * stored since (a refresh while the question was open) asks again. */
gboolean      kh_document_set_value_over    (KhDocument       *self,
                                             const char       *unit_id,
                                             const char       *field,
                                             const double     *seen,
                                             double            value,
                                             KhValueConflict **conflict,
                                             GError          **error);
/* One value an import changes: the stored value (NAN: none) and who stored it. */
typedef struct
{
  char *unit_id;
  char *unit_name; /* the unit's name in the reader's script, or NULL */
  char *field;
  double old_value;
  double new_value;
  char *old_by;    /* who entered the old value, NULL when there is none */
  char *old_at;
} KhValueChange;

void          kh_value_change_free          (KhValueChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValueChange, kh_value_change_free)

/* What importing @records into the year open would change (of KhValueChange*, in the
 * records' order): every value that differs from the one stored. Records of units that
 * do not resolve (the import would refuse them) are left out. */
GPtrArray    *kh_document_preview_import    (KhDocument   *self,
                                             KhRecordSet  *records,
                                             GError      **error);
/* Imports @records into the current year (all or nothing), reloads its data and pushes
 * one undo step (undo writes the old values back, as an audited import of its own).
 * *n_changed (may be NULL) receives the number of values that changed. */
gboolean      kh_document_import_records    (KhDocument   *self,
                                             KhRecordSet  *records,
                                             const char   *source_name,
                                             GError      **error);
gboolean      kh_document_import_records_full (KhDocument  *self,
                                               KhRecordSet *records,
                                               const char  *source_name,
                                               guint       *n_changed,
                                               GError     **error);
/* Stores @xml as the framework of its own year and category (creating the year when
 * new), then opens that year and category. Not undoable: it is one audited change of
 * the project. */
gboolean      kh_document_add_framework     (KhDocument   *self,
                                             const char   *xml,
                                             gsize         len,
                                             const char   *display_name,
                                             GError      **error);
/* One problem of the working framework: the node concerned ("" for the framework as a
 * whole) and the message. */
typedef struct
{
  char *node_id;
  char *message;
} KhDocumentProblem;

/* The problems of the working framework (of KhDocumentProblem*, owned by the document):
 * kh_framework_check()'s, every indicator that has no data (no data field in the year
 * and no formula: it takes no part in any score), and the plan's error. */
GPtrArray    *kh_document_get_problems      (KhDocument   *self);
/* Why results computed now are a draft: the framework has unsaved edits or problems
 * (a sentence for a banner), or NULL. */
char         *kh_document_get_draft_reason  (KhDocument   *self);
/* Counts every change of the working framework (for autosave to the recovery file). */
guint         kh_document_get_revision      (KhDocument   *self);

/* The node the framework editor has selected: undo and redo give the selection back
 * (kh_document_get_selection_hint()). */
void          kh_document_set_selection     (KhDocument   *self,
                                             const char   *node_id);
/* After an undo or a redo: the node selected when that state was left, or NULL. */
const char   *kh_document_get_selection_hint (KhDocument  *self);

/* Writes the working framework into the project (validated by the project). Emits
 * KH_CHANGE_UNDO (the saved state) and KH_CHANGE_FLAGS (the stored ranges). */
gboolean      kh_document_save_framework    (KhDocument   *self,
                                             GError      **error);
/* TRUE when the working framework differs from the one saved in the project: undoing
 * back to the saved state (or redoing to it) makes it FALSE again. */
gboolean      kh_document_get_framework_modified (KhDocument *self);

/* How many steps undo and redo can go (the sealed state aside). */
guint         kh_document_get_n_undo        (KhDocument   *self);
guint         kh_document_get_n_redo        (KhDocument   *self);
gboolean      kh_document_can_undo          (KhDocument   *self);
gboolean      kh_document_can_redo          (KhDocument   *self);
const char   *kh_document_get_undo_label    (KhDocument   *self);
const char   *kh_document_get_redo_label    (KhDocument   *self);
gboolean      kh_document_undo              (KhDocument   *self,
                                             GError      **error);
gboolean      kh_document_redo              (KhDocument   *self,
                                             GError      **error);
/* Undo (redo) of a value's edit is based on the value the step left (found): when another
 * writer changed the cell since, it is a conflict as kh_document_set_value_full()'s (the
 * document shows the newer value, the step stays). Then @overwrite TRUE applies the step
 * over the value the document shows ("overwrite with mine", which may conflict again);
 * kh_document_drop_step() forgets it ("keep theirs"). */
gboolean      kh_document_undo_full         (KhDocument       *self,
                                             gboolean          overwrite,
                                             KhValueConflict **conflict,
                                             GError          **error);
gboolean      kh_document_redo_full         (KhDocument       *self,
                                             gboolean          overwrite,
                                             KhValueConflict **conflict,
                                             GError          **error);
/* Undo (or @redo) as kh_document_undo_full(), of any step: an import's or a paste's
 * undo and redo are based on the values the step left (found) in every cell it changed,
 * and when another writer changed any of them since, nothing is written, the document
 * shows what they hold, the step stays and *@conflicts (may be NULL) gets every such cell
 * (KhValueConflict, in the step's order), the error KH_IO_ERROR_CONFLICT (issue 19).
 * "Overwrite with mine" passes those conflicts as @over: each of their cells is then
 * based on the newer value the question showed (->current), the others still on what
 * the step left, so that a value stored since the question (a refresh while it was open)
 * is a conflict again, never overwritten unseen. */
gboolean      kh_document_undo_or_redo      (KhDocument   *self,
                                             gboolean      redo,
                                             GPtrArray    *over,
                                             GPtrArray   **conflicts,
                                             GError      **error);
/* Forgets the newest undo (@undo) or redo step, without applying it. Emits
 * KH_CHANGE_UNDO. */
void          kh_document_drop_step         (KhDocument   *self,
                                             gboolean      undo);

/* Another writer (issue 19; kh-document-watch.c). kh_document_watch() watches the project
 * file and its -wal; a little after they change, when PRAGMA data_version says another
 * connection committed (kh_document_refresh_if_changed()), the year open is read again
 * (kh_document_refresh()): when its values, framework or units differ from the
 * document's, they are taken in place (the user's unsaved framework stays the working
 * one; framework steps leave the undo history when the framework changed, value steps
 * stay), `changed` is emitted with KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_FLAGS
 * (and KH_CHANGE_FRAMEWORK | KH_CHANGE_UNDO when the framework is taken), then
 * `refreshed` with what changed ("Data changed by someone else — reloaded: 2 values").
 * Nothing is emitted when nothing differs. kh_document_unwatch() stops (finalizing does). */
void          kh_document_watch             (KhDocument   *self);
/* What kh_document_watch() does for a project on a server: reads the year open again
 * after @db's notifications (kh_db_listen()) of another connection's commit touching the
 * year open, the year before or the units (or after a new connection, which may have
 * missed any). @db is the project's store, or in tests any store the notifications come
 * from; kh_document_unwatch() before it closes. */
gboolean      kh_document_follow            (KhDocument   *self,
                                             KhDb         *db,
                                             GError      **error);
void          kh_document_unwatch           (KhDocument   *self);
gboolean      kh_document_refresh           (KhDocument   *self,
                                             GError      **error);
/* When another writer sealed the year open (issue 19), the refresh makes the document
 * read-only as if the year had been opened sealed (`changed` with KH_CHANGE_FRAMEWORK |
 * KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_UNDO and the other pages' bits), and
 * `refreshed` says so; unsaved framework edits of that year, which can no longer be saved
 * into it, are written to a framework file of their own in $XDG_DATA_HOME/kaohe/unsaved/
 * (framework-YEAR-CATEGORY-TIME.xml, which Import Framework… takes into another year) and
 * the sealed framework becomes the working one; when that file cannot be written they
 * stay the working framework, shown read-only, and `refreshed` says why. This returns that
 * file's path once (newly allocated), then NULL. */
char         *kh_document_take_kept_framework (KhDocument *self);
/* kh_document_refresh() when another connection committed since the last call (or since
 * kh_document_watch()); FALSE when none did, or with @error set. */
gboolean      kh_document_refresh_if_changed (KhDocument  *self,
                                              GError     **error);

/* A project setting (kh_project_get_setting()), NULL when unset or unreadable. */
char         *kh_document_get_setting       (KhDocument   *self,
                                             const char   *key);
/* Stores a project setting (NULL or blank: clears it) as one undo step labelled @label;
 * allowed in a sealed year too (a setting belongs to no year). Emits "changed" with
 * KH_CHANGE_SETTINGS; nothing when the value does not change. */
gboolean      kh_document_set_setting       (KhDocument   *self,
                                             const char   *key,
                                             const char   *value,
                                             const char   *label,
                                             GError      **error);

/* Recomputes the plan from the working framework and the dataset; emits "changed". */
void          kh_document_recompute         (KhDocument   *self);

/* Provenance of one stored value as a sentence ("Imported from F, row R, column C by U
 * at T", "From survey S, by U at T" for a survey's score, or "Edited by U at T"), or NULL
 * when the value is not stored. */
char         *kh_document_get_provenance    (KhDocument   *self,
                                             const char   *unit_id,
                                             const char   *field);

G_END_DECLS
