/* kh-document.c — an open project as the window edits it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-framework-check.h"
#include "io/kh-db.h"
#include "kh-document-private.h"

G_DEFINE_FINAL_TYPE (KhDocument, kh_document, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
kh_document_step_free (Step *step)
{
  g_free (step->label);
  g_clear_pointer (&step->framework, kh_framework_unref);
  g_free (step->selection);
  g_free (step->unit_id);
  g_free (step->field);
  g_clear_pointer (&step->changes, g_ptr_array_unref);
  g_free (step->source_name);
  g_free (step->old_text);
  g_free (step->new_text);
  g_free (step->rater);
  g_free (step->reason);
  g_clear_pointer (&step->old_units, g_ptr_array_unref);
  g_clear_pointer (&step->new_units, g_ptr_array_unref);
  g_free (step);
}

static void
problem_free (KhDocumentProblem *problem)
{
  g_free (problem->node_id);
  g_free (problem->message);
  g_free (problem);
}

void
kh_document_emit_changed (KhDocument *self,
                          KhChange    what)
{
  kh_document_emit_value_changed (self, what, NULL);
}

void
kh_document_emit_refreshed (KhDocument *self,
                            const char *summary)
{
  g_signal_emit (self, signals[SIGNAL_REFRESHED], 0, summary);
}

void
kh_document_emit_value_changed (KhDocument *self,
                                KhChange    what,
                                const char *field)
{
  /* an emission from a handler of another one names its own field (or none) */
  g_autofree char *previous = g_steal_pointer (&self->changed_field);

  /* a copy: a handler's own edit may free the step holding @field */
  self->changed_field = g_strdup (field);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, what);
  g_clear_pointer (&self->changed_field, g_free);
  self->changed_field = g_steal_pointer (&previous);
}

const char *
kh_document_get_changed_field (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->changed_field;
}

static void
kh_document_finalize (GObject *object)
{
  KhDocument *self = KH_DOCUMENT (object);

  kh_document_unwatch (self);
  g_clear_pointer (&self->changed_field, g_free);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->previous, kh_plan_unref);
  g_clear_pointer (&self->dataset, kh_dataset_unref);
  g_clear_pointer (&self->framework, kh_framework_unref);
  g_clear_pointer (&self->saved_framework, kh_framework_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->selection, g_free);
  g_clear_pointer (&self->selection_hint, g_free);
  g_clear_pointer (&self->plan_error, g_free);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->read_only_login, g_free);
  g_clear_pointer (&self->kept_framework, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->project, kh_project_close);

  G_OBJECT_CLASS (kh_document_parent_class)->finalize (object);
}

static void
kh_document_class_init (KhDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_document_finalize;

  /**
   * KhDocument::changed:
   * @what: a KhChange mask
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * KhDocument::refreshed:
   * @summary: what another writer changed, for a banner
   *
   * Emitted after the `changed` of kh_document_refresh() taking another writer's changes
   * (kh-document-watch.c).
   */
  signals[SIGNAL_REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            1, G_TYPE_STRING);
}

static void
kh_document_init (KhDocument *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_document_step_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_document_step_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
}

/* The login, when @project is on a server and the login may not write its values (a
 * viewer); NULL otherwise, and when the server cannot say (its own refusal then says). */
static char *
read_only_login (KhProject *project)
{
  KhDb *store = kh_project_get_store (project);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (GError) error = NULL;
  char *login = NULL;

  if (store == NULL || kh_db_backend (store) != KH_DB_POSTGRESQL)
    return NULL;
  stmt = kh_db_prepare (store,
                        "SELECT current_user, has_table_privilege('data_values', 'INSERT') "
                        "OR has_table_privilege('data_values', 'UPDATE')",
                        &error);
  if (stmt != NULL && kh_db_step (stmt, &error) == KH_DB_STEP_ROW
      && kh_db_column_int64 (stmt, 1) == 0)
    login = g_strdup (kh_db_column_text (stmt, 0));
  if (error != NULL)
    g_debug ("%s: whether the login may write is not known: %s", kh_db_name (store),
             error->message);
  return login;
}

static KhDocument *
document_new_for_project (KhProject *project)
{
  KhDocument *self = g_object_new (KH_TYPE_DOCUMENT, NULL);

  self->project = project;
  self->years = kh_project_get_years (project);
  self->read_only_login = read_only_login (project);
  return self;
}

static gboolean
load_latest_year (KhDocument *self,
                  GError    **error)
{
  if (self->years->len == 0)
    return TRUE;
  return kh_document_set_year (self, g_array_index (self->years, int, self->years->len - 1),
                               error);
}

KhDocument *
kh_document_open_project (const char *path,
                          GError    **error)
{
  KhDocument *self;
  KhProject *project;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  project = kh_project_open (path, error);
  if (project == NULL)
    return NULL;
  self = document_new_for_project (project);
  self->target = g_strdup (path);
  return self;
}

KhDocument *
kh_document_open (const char *path,
                  GError    **error)
{
  g_autoptr (KhDocument) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = kh_document_open_project (path, error);
  if (self == NULL || !load_latest_year (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

KhDocument *
kh_document_create (const char *path,
                    GError    **error)
{
  KhProject *project;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  project = kh_project_create (path, error);
  if (project == NULL)
    return NULL;
  return document_new_for_project (project);
}

KhProject *
kh_document_get_project (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->project;
}

const char *
kh_document_get_path (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return kh_project_get_path (self->project);
}

const char *
kh_document_get_target (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->target != NULL ? self->target : kh_project_get_path (self->project);
}

GArray *
kh_document_get_years (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->years;
}

int
kh_document_get_year (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);
  return self->year;
}

gboolean
kh_document_is_sealed (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return self->sealed;
}

gboolean
kh_document_is_read_only (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), TRUE);
  return self->sealed || self->read_only_login != NULL;
}

const char *
kh_document_get_read_only_login (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->read_only_login;
}

KhFramework *
kh_document_get_framework (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->framework;
}

KhDataset *
kh_document_get_dataset (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->dataset;
}

KhPlan *
kh_document_get_plan (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->plan;
}

const char *
kh_document_get_plan_error (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->plan_error;
}

typedef struct
{
  KhDocument *self;
  GHashTable *owners; /* object → node id */
} ProblemContext;

static void
add_problem (KhDocument *self,
             const char *node_id,
             const char *message)
{
  KhDocumentProblem *problem = g_new0 (KhDocumentProblem, 1);

  problem->node_id = g_strdup (node_id != NULL ? node_id : "");
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);
}

static gboolean
map_node_cb (KhNode  *node,
             gpointer user_data)
{
  GHashTable *owners = user_data;

  g_hash_table_insert (owners, node, node->id);
  if (node->formula != NULL)
    g_hash_table_insert (owners, node->formula, node->id);
  for (guint i = 0; i < node->scoring.steps->len; i++)
    g_hash_table_insert (owners, &g_array_index (node->scoring.steps, KhStep, i), node->id);
  return TRUE;
}

static void
check_problem_cb (gconstpointer object,
                  const char   *message,
                  gpointer      user_data)
{
  ProblemContext *context = user_data;

  add_problem (context->self, g_hash_table_lookup (context->owners, object), message);
}

/* An indicator without a formula reads the data field of its id: none in the year's
 * data means it has no data, and takes no part in any score (data/schema/README.md). */
static gboolean
no_data_cb (KhNode  *node,
            gpointer user_data)
{
  KhDocument *self = user_data;

  if (node->kind == KH_NODE_INDICATOR && node->formula == NULL
      && kh_dataset_find_field (self->dataset, node->id) == KH_DATASET_NONE)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” has no data: it takes no part in any "
                                                    "score until the year has a data field "
                                                    "“%s” or it has a formula"),
                                                  node->id, node->id);

      add_problem (self, node->id, message);
    }
  return TRUE;
}

static void
collect_problems (KhDocument *self)
{
  g_ptr_array_set_size (self->problems, 0);
  if (self->framework != NULL)
    {
      ProblemContext context = { self, g_hash_table_new (NULL, NULL) };

      kh_framework_foreach_node (self->framework, map_node_cb, context.owners);
      kh_framework_check (self->framework, check_problem_cb, &context);
      g_hash_table_unref (context.owners);
      if (self->dataset != NULL)
        kh_framework_foreach_node (self->framework, no_data_cb, self);
    }
  if (self->plan_error != NULL)
    add_problem (self, "", self->plan_error);
}

void
kh_document_compute_plan (KhDocument *self)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->plan_error, g_free);
  if (self->framework != NULL && self->dataset != NULL)
    {
      self->plan = kh_plan_new (self->framework, self->dataset,
                                kh_document_get_previous_plan (self), &error);
      if (self->plan != NULL)
        {
          kh_plan_compute (self->plan);
          kh_plan_release_slack (self->plan); /* kept: issue 22 */
        }
      else
        self->plan_error = g_strdup (error->message);
    }
  collect_problems (self);
}

void
kh_document_reweight_plan (KhDocument *self)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = NULL;

  if (self->plan != NULL && self->framework != NULL)
    plan = kh_plan_reweight (self->plan, self->framework, &error);
  if (plan == NULL)
    {
      if (error != NULL)
        g_debug ("Weights: computing the whole plan: %s", error->message);
      kh_document_compute_plan (self);
      return;
    }
  kh_document_take_plan (self, plan);
}

void
kh_document_take_plan (KhDocument *self,
                        KhPlan     *plan)
{
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->plan_error, g_free);
  self->plan = plan;
  /* kept while the year is open: nothing resident past its arrays' ends (issue 22) */
  if (plan != NULL)
    kh_plan_release_slack (plan);
  collect_problems (self);
}

GPtrArray *
kh_document_get_problems (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->problems;
}

char *
kh_document_get_draft_reason (KhDocument *self)
{
  gboolean modified;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  if (self->framework == NULL)
    return NULL;
  modified = kh_document_get_framework_modified (self);
  if (modified && self->problems->len > 0)
    return g_strdup_printf (ngettext ("Draft: the framework has unsaved edits and %u problem",
                                      "Draft: the framework has unsaved edits and %u problems",
                                      self->problems->len),
                            self->problems->len);
  if (modified)
    return g_strdup (_("Draft: the framework has unsaved edits"));
  if (self->problems->len > 0)
    return g_strdup_printf (ngettext ("Draft: the framework has %u problem",
                                      "Draft: the framework has %u problems",
                                      self->problems->len),
                            self->problems->len);
  return NULL;
}

guint
kh_document_get_revision (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);
  return self->revision;
}

void
kh_document_set_selection (KhDocument *self,
                           const char *node_id)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  if (g_strcmp0 (self->selection, node_id) == 0)
    return;
  g_free (self->selection);
  self->selection = g_strdup (node_id);
}

const char *
kh_document_get_selection_hint (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->selection_hint;
}

void
kh_document_recompute (KhDocument *self)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  kh_document_compute_plan (self);
  kh_document_emit_changed (self, KH_CHANGE_RESULTS);
}

/* The row of @unit_id's @field of the year open, through the project's store (a file or a
 * server alike), positioned on it; NULL when there is none or it cannot be read. */
static KhDbStmt *
stored_row (KhDocument *self,
            const char *columns,
            const char *unit_id,
            const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM data_values "
                                          "WHERE year = ? AND unit_id = ? AND field = ?",
                                          columns);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = kh_db_prepare (kh_project_get_store (self->project), sql, &error);
  if (stmt == NULL)
    {
      g_debug ("%s: %s", kh_project_get_path (self->project), error->message);
      return NULL;
    }
  kh_db_bind_int64 (stmt, 1, self->year);
  kh_db_bind_text (stmt, 2, unit_id);
  kh_db_bind_text (stmt, 3, field);
  if (kh_db_step (stmt, &error) != KH_DB_STEP_ROW)
    {
      if (error != NULL)
        g_debug ("%s: %s", kh_project_get_path (self->project), error->message);
      return NULL;
    }
  return g_steal_pointer (&stmt);
}

double
kh_document_stored_value (KhDocument *self,
                          const char *unit_id,
                          const char *field,
                          char      **by,
                          char      **at)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  double value = NAN;

  if (by != NULL)
    *by = NULL;
  if (at != NULL)
    *at = NULL;
  stmt = stored_row (self, "value, edited_by, edited_at", unit_id, field);
  if (stmt == NULL)
    return NAN;
  if (!kh_db_column_is_null (stmt, 0))
    value = kh_db_column_double (stmt, 0);
  if (by != NULL)
    *by = g_strdup (kh_db_column_text (stmt, 1));
  if (at != NULL)
    *at = g_strdup (kh_db_column_text (stmt, 2));
  return value;
}

char *
kh_document_get_provenance (KhDocument *self,
                            const char *unit_id,
                            const char *field)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  const char *file, *user, *at;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (unit_id != NULL && field != NULL, NULL);

  stmt = stored_row (self, "source_file, source_row, source_column, edited_by, edited_at",
                     unit_id, field);
  if (stmt == NULL)
    return NULL;
  file = kh_db_column_text (stmt, 0);
  user = kh_db_column_text (stmt, 3);
  at = kh_db_column_text (stmt, 4);
  if (file != NULL && !kh_db_column_is_null (stmt, 1))
    return g_strdup_printf (_("Imported from %s, row %d, column %d, by %s at %s"), file,
                            (int) kh_db_column_int64 (stmt, 1),
                            (int) kh_db_column_int64 (stmt, 2), user, at);
  if (file != NULL)
    /* a value computed from another source, e.g. a survey's score ("survey ID") */
    return g_strdup_printf (_("From %s, by %s at %s"), file, user, at);
  return g_strdup_printf (_("Edited by %s at %s"), user, at);
}

