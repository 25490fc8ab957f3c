/* kh-document.c — an open project as the window edits it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "kh-document.h"
#include "kh-ui.h"

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

G_DEFINE_FINAL_TYPE (KhDocument, kh_document, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
step_free (Step *step)
{
  g_free (step->label);
  g_clear_pointer (&step->framework, kh_framework_unref);
  g_free (step->unit_id);
  g_free (step->field);
  g_free (step);
}

static void
emit_changed (KhDocument *self,
              KhChange    what)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, what);
}

static void
kh_document_finalize (GObject *object)
{
  KhDocument *self = KH_DOCUMENT (object);

  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->previous, kh_plan_unref);
  g_clear_pointer (&self->dataset, kh_dataset_unref);
  g_clear_pointer (&self->framework, kh_framework_unref);
  g_clear_pointer (&self->plan_error, g_free);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->category, g_free);
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
}

static void
kh_document_init (KhDocument *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
}

static KhDocument *
document_new_for_project (KhProject *project)
{
  KhDocument *self = g_object_new (KH_TYPE_DOCUMENT, NULL);

  self->project = project;
  self->years = kh_project_get_years (project);
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
kh_document_open (const char *path,
                  GError    **error)
{
  g_autoptr (KhDocument) self = NULL;
  KhProject *project;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  project = kh_project_open (path, error);
  if (project == NULL)
    return NULL;
  self = document_new_for_project (project);
  if (!load_latest_year (self, error))
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

KhPlan *
kh_document_get_previous_plan (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->previous;
}

static gboolean
has_year (KhDocument *self,
          int         year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return TRUE;
  return FALSE;
}

static void
compute_plan (KhDocument *self)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->plan_error, g_free);
  if (self->framework == NULL || self->dataset == NULL)
    return;
  self->plan = kh_plan_new (self->framework, self->dataset, self->previous, &error);
  if (self->plan != NULL)
    kh_plan_compute (self->plan);
  else
    self->plan_error = g_strdup (error->message);
}

void
kh_document_recompute (KhDocument *self)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  compute_plan (self);
  emit_changed (self, KH_CHANGE_RESULTS);
}

static gboolean
has_category (GPtrArray  *categories,
              const char *category)
{
  for (guint i = 0; category != NULL && i < categories->len; i++)
    if (g_strcmp0 (g_ptr_array_index (categories, i), category) == 0)
      return TRUE;
  return FALSE;
}

/* The dataset as the project builds it: computing the stored year yields it. */
static gboolean
load_year_data (KhDocument   *self,
                int           year,
                const char   *category,
                KhFramework **framework,
                KhDataset   **dataset,
                KhPlan      **previous,
                GError      **error)
{
  /* The units' names in the reader's script; the project keeps name_zh canonical. */
  KhLang lang = kh_ui_get_lang ();
  g_autoptr (KhPlan) stored = kh_project_compute_category_lang (self->project, year, category,
                                                                lang, error);

  if (stored == NULL)
    return FALSE;
  if (has_year (self, year - 1))
    {
      g_autoptr (GPtrArray) previous_categories = kh_project_get_categories (self->project,
                                                                             year - 1);

      if (has_category (previous_categories, category))
        {
          *previous = kh_project_compute_category_lang (self->project, year - 1, category,
                                                        lang, error);
          if (*previous == NULL)
            return FALSE;
        }
    }
  *framework = kh_framework_copy (kh_plan_get_framework (stored));
  *dataset = kh_dataset_ref (kh_plan_get_dataset (stored));
  return TRUE;
}

/* What loading a year and category reads from the project: prepared on any thread,
 * applied on the main thread. */
typedef struct
{
  int year;
  char *category;
  GPtrArray *categories;
  gboolean sealed;
  KhFramework *framework;
  KhDataset *dataset;
  KhPlan *previous;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_free (loaded->category);
  g_clear_pointer (&loaded->categories, g_ptr_array_unref);
  g_clear_pointer (&loaded->framework, kh_framework_unref);
  g_clear_pointer (&loaded->dataset, kh_dataset_unref);
  g_clear_pointer (&loaded->previous, kh_plan_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

/* Reads only the project (and self->years, which only the main thread changes, never
 * while a load runs). */
static Loaded *
prepare (KhDocument *self,
         int         year,
         const char *wanted_category,
         GError    **error)
{
  g_autoptr (Loaded) loaded = g_new0 (Loaded, 1);
  const char *category;

  if (!has_year (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("The project has no year %d"), year);
      return NULL;
    }
  loaded->year = year;
  loaded->categories = kh_project_get_categories (self->project, year);
  if (loaded->categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("The year %d has no framework"),
                   year);
      return NULL;
    }
  /* Keep the category across years when the new year has it; start with the cities. */
  if (has_category (loaded->categories, wanted_category))
    category = wanted_category;
  else if (has_category (loaded->categories, "city"))
    category = "city";
  else
    category = g_ptr_array_index (loaded->categories, 0);
  loaded->category = g_strdup (category);
  if (!load_year_data (self, year, loaded->category, &loaded->framework, &loaded->dataset,
                       &loaded->previous, error))
    return NULL;
  loaded->sealed = kh_project_is_sealed (self->project, year);
  return g_steal_pointer (&loaded);
}

static void
apply (KhDocument *self,
       Loaded     *loaded)
{
  g_free (self->category);
  self->category = g_steal_pointer (&loaded->category);
  g_ptr_array_unref (self->categories);
  self->categories = g_steal_pointer (&loaded->categories);
  self->year = loaded->year;
  self->sealed = loaded->sealed;
  g_clear_pointer (&self->framework, kh_framework_unref);
  g_clear_pointer (&self->dataset, kh_dataset_unref);
  g_clear_pointer (&self->previous, kh_plan_unref);
  self->framework = g_steal_pointer (&loaded->framework);
  self->dataset = g_steal_pointer (&loaded->dataset);
  self->previous = g_steal_pointer (&loaded->previous);
  self->framework_modified = FALSE;
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  compute_plan (self);
  emit_changed (self, KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK | KH_CHANGE_VALUES
                        | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
}

static gboolean
load (KhDocument *self,
      int         year,
      const char *wanted_category,
      GError    **error)
{
  g_autoptr (Loaded) loaded = prepare (self, year, wanted_category, error);

  if (loaded == NULL)
    return FALSE;
  apply (self, loaded);
  return TRUE;
}

typedef struct
{
  int year;
  char *category;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->category);
  g_free (request);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  GError *error = NULL;
  Loaded *loaded = prepare (KH_DOCUMENT (source), request->year, request->category, &error);

  if (loaded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

void
kh_document_load_async (KhDocument          *self,
                        int                  year,
                        const char          *category,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadRequest *request;

  g_return_if_fail (KH_IS_DOCUMENT (self));

  request = g_new0 (LoadRequest, 1);
  request->year = year;
  request->category = g_strdup (category != NULL ? category : self->category);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_document_load_async);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
kh_document_load_finish (KhDocument   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_autoptr (Loaded) loaded = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* Cancelled while reading: G_IO_ERROR_CANCELLED, and the year open stays as it was. */
  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  apply (self, loaded);
  return TRUE;
}

gboolean
kh_document_set_year (KhDocument *self,
                      int         year,
                      GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load (self, year, self->category, error);
}

GPtrArray *
kh_document_get_categories (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->categories;
}

const char *
kh_document_get_category (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return self->category;
}

gboolean
kh_document_set_category (KhDocument *self,
                          const char *category,
                          GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!has_category (self->categories, category))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("The year %d has no framework of the category “%s”"), self->year, category);
      return FALSE;
    }
  return load (self, self->year, category, error);
}

static gboolean
check_editable (KhDocument *self,
                GError    **error)
{
  if (self->framework == NULL)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                           _("No year with a framework is open"));
      return FALSE;
    }
  if (self->sealed)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("The year %d is sealed and cannot change"), self->year);
      return FALSE;
    }
  return TRUE;
}

static void
push_step (KhDocument *self,
           Step       *step)
{
  g_ptr_array_add (self->undo_stack, step);
  g_ptr_array_set_size (self->redo_stack, 0);
}

gboolean
kh_document_edit_framework (KhDocument     *self,
                            const char     *label,
                            KhFrameworkEdit edit,
                            gpointer        user_data,
                            GError        **error)
{
  g_autoptr (KhFramework) edited = NULL;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;

  /* Edit a copy: a refused edit leaves the working framework untouched. */
  edited = kh_framework_copy (self->framework);
  if (!edit (edited, user_data, error))
    return FALSE;

  step = g_new0 (Step, 1);
  step->kind = STEP_FRAMEWORK;
  step->label = g_strdup (label);
  step->framework = g_steal_pointer (&self->framework);
  self->framework = g_steal_pointer (&edited);
  push_step (self, step);
  self->framework_modified = TRUE;
  compute_plan (self);
  emit_changed (self, KH_CHANGE_FRAMEWORK | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
  return TRUE;
}

static gboolean
replace_edit (KhFramework *framework,
              gpointer     user_data,
              GError     **error)
{
  return TRUE;
}

gboolean
kh_document_replace_framework (KhDocument  *self,
                               const char  *label,
                               KhFramework *framework,
                               GError     **error)
{
  g_autoptr (KhFramework) owned = framework;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (framework != NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (g_strcmp0 (owned->category, self->category) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The framework is for the category “%s”, but the category open is “%s”"),
                   owned->category, self->category);
      return FALSE;
    }
  if (owned->year != self->year)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The framework is for %d, but the year open is %d"), owned->year,
                   self->year);
      return FALSE;
    }
  if (!kh_document_edit_framework (self, label, replace_edit, NULL, error))
    return FALSE;
  /* Swap the imported framework in place of the copy made by the edit. */
  kh_framework_unref (self->framework);
  self->framework = g_steal_pointer (&owned);
  compute_plan (self);
  emit_changed (self, KH_CHANGE_FRAMEWORK | KH_CHANGE_RESULTS);
  return TRUE;
}

typedef struct
{
  const char *node_id;
  double weight;
} WeightEdit;

static gboolean
set_weight_edit (KhFramework *framework,
                 gpointer     user_data,
                 GError     **error)
{
  WeightEdit *edit = user_data;
  KhNode *node = kh_framework_find_node (framework, edit->node_id);

  if (node == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("No node “%s” in the framework"),
                   edit->node_id);
      return FALSE;
    }
  if (!(edit->weight > 0) || !isfinite (edit->weight))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The weight of “%s” must be a number above 0"), edit->node_id);
      return FALSE;
    }
  node->weight = edit->weight;
  return TRUE;
}

gboolean
kh_document_set_node_weight (KhDocument *self,
                             const char *node_id,
                             double      weight,
                             GError    **error)
{
  WeightEdit edit = { node_id, weight };
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  label = g_strdup_printf (_("Change Weight of “%s”"), node_id);
  return kh_document_edit_framework (self, label, set_weight_edit, &edit, error);
}

static gboolean
write_value (KhDocument *self,
             const char *unit_id,
             const char *field,
             double      value,
             GError    **error)
{
  guint unit = kh_dataset_find_unit (self->dataset, unit_id);

  if (unit == KH_DATASET_NONE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("No unit “%s” in %d"), unit_id,
                   self->year);
      return FALSE;
    }
  if (!kh_project_set_value (self->project, self->year, unit_id, field, value, error))
    return FALSE;
  kh_dataset_set (self->dataset, unit, kh_dataset_add_field (self->dataset, field), value);
  return TRUE;
}

static double
dataset_value (KhDocument *self,
               const char *unit_id,
               const char *field)
{
  guint unit = kh_dataset_find_unit (self->dataset, unit_id);
  guint column = kh_dataset_find_field (self->dataset, field);

  if (unit == KH_DATASET_NONE || column == KH_DATASET_NONE)
    return NAN;
  return kh_dataset_get (self->dataset, unit, column);
}

gboolean
kh_document_set_value (KhDocument *self,
                       const char *unit_id,
                       const char *field,
                       double      value,
                       GError    **error)
{
  double old;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (!isnan (value) && !isfinite (value))
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                           _("A value must be a finite number"));
      return FALSE;
    }
  old = dataset_value (self, unit_id, field);
  if (!write_value (self, unit_id, field, value, error))
    return FALSE;

  step = g_new0 (Step, 1);
  step->kind = STEP_VALUE;
  step->label = g_strdup_printf (_("Edit %s of %s"), field, unit_id);
  step->unit_id = g_strdup (unit_id);
  step->field = g_strdup (field);
  step->old_value = old;
  step->new_value = value;
  push_step (self, step);
  compute_plan (self);
  emit_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_import_records (KhDocument  *self,
                            KhRecordSet *records,
                            const char  *source_name,
                            GError     **error)
{
  g_autoptr (KhPlan) stored = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (!kh_project_import_records (self->project, self->year, records, source_name, error))
    return FALSE;

  /* The import is its own audited transaction; its values are not undoable steps. */
  stored = kh_project_compute_category_lang (self->project, self->year, self->category,
                                             kh_ui_get_lang (), error);
  if (stored == NULL)
    return FALSE;
  g_clear_pointer (&self->dataset, kh_dataset_unref);
  self->dataset = kh_dataset_ref (kh_plan_get_dataset (stored));
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  compute_plan (self);
  emit_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_add_framework (KhDocument *self,
                           const char *xml,
                           gsize       len,
                           const char *display_name,
                           GError    **error)
{
  g_autoptr (KhFramework) fw = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fw = kh_framework_xml_load_data (xml, len, display_name, error);
  if (fw == NULL)
    return FALSE;
  if (!kh_project_set_framework (self->project, fw->year, xml, len, display_name, error))
    return FALSE;
  g_clear_pointer (&self->years, g_array_unref);
  self->years = kh_project_get_years (self->project);
  return load (self, fw->year, fw->category, error);
}

gboolean
kh_document_save_framework (KhDocument *self,
                            GError    **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  xml = kh_framework_xml_to_string (self->framework);
  name = g_strdup_printf (_("framework of %d"), self->year);
  if (!kh_project_set_framework (self->project, self->year, xml, strlen (xml), name, error))
    return FALSE;
  self->framework_modified = FALSE;
  emit_changed (self, KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_get_framework_modified (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return self->framework_modified;
}

gboolean
kh_document_can_undo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return self->undo_stack->len > 0 && !self->sealed;
}

gboolean
kh_document_can_redo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return self->redo_stack->len > 0 && !self->sealed;
}

static const char *
top_label (GPtrArray *stack)
{
  if (stack->len == 0)
    return NULL;
  return ((Step *) g_ptr_array_index (stack, stack->len - 1))->label;
}

const char *
kh_document_get_undo_label (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return top_label (self->undo_stack);
}

const char *
kh_document_get_redo_label (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return top_label (self->redo_stack);
}

/* Applies @step (swapping its framework, or writing its value) and moves it to @to. */
static gboolean
apply_step (KhDocument *self,
            GPtrArray  *from,
            GPtrArray  *to,
            gboolean    undo,
            GError    **error)
{
  Step *step;
  KhChange what = KH_CHANGE_RESULTS | KH_CHANGE_UNDO;

  if (!check_editable (self, error))
    return FALSE;
  if (from->len == 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("Nothing to undo or redo"));
      return FALSE;
    }
  step = g_ptr_array_index (from, from->len - 1);
  if (step->kind == STEP_FRAMEWORK)
    {
      KhFramework *current = self->framework;

      self->framework = step->framework;
      step->framework = current;
      self->framework_modified = TRUE;
      what |= KH_CHANGE_FRAMEWORK;
    }
  else
    {
      if (!write_value (self, step->unit_id, step->field,
                        undo ? step->old_value : step->new_value, error))
        return FALSE;
      what |= KH_CHANGE_VALUES;
    }
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  compute_plan (self);
  emit_changed (self, what);
  return TRUE;
}

gboolean
kh_document_undo (KhDocument *self,
                  GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return apply_step (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
kh_document_redo (KhDocument *self,
                  GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return apply_step (self, self->redo_stack, self->undo_stack, FALSE, error);
}

char *
kh_document_get_provenance (KhDocument *self,
                            const char *unit_id,
                            const char *field)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (unit_id != NULL && field != NULL, NULL);

  if (sqlite3_prepare_v2 (kh_project_get_db (self->project),
                          "SELECT source_file, source_row, source_column, edited_by, edited_at "
                          "FROM data_values WHERE year = ? AND unit_id = ? AND field = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int (stmt, 1, self->year);
  sqlite3_bind_text (stmt, 2, unit_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *file = (const char *) sqlite3_column_text (stmt, 0);
      const char *user = (const char *) sqlite3_column_text (stmt, 3);
      const char *at = (const char *) sqlite3_column_text (stmt, 4);

      if (file != NULL && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        text = g_strdup_printf (_("Imported from %s, row %d, column %d, by %s at %s"), file,
                                sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2), user,
                                at);
      else
        text = g_strdup_printf (_("Edited by %s at %s"), user, at);
    }
  sqlite3_finalize (stmt);
  return text;
}
