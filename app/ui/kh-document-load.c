/* kh-document-load.c — loading a year and category of the project into the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "kh-document-private.h"
#include "kh-ui.h"

static gboolean
has_year (KhDocument *self,
          int         year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return TRUE;
  return FALSE;
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

/* The document's previous plan serves as last year: its node scores, totals, ranks and
 * values are read (the breakdown, Year over Year, the charts, every computation of the
 * year open), never its own last year's contributions, which only explaining last year's
 * changes would read (the Year over Year tab comparing up to last year computes last year
 * anew for that, kh-compare-view.c). They go (issue 22: 5.3 MB at 3,000 units × 221
 * nodes), and so does what its node scores' last huge page holds past their end. The
 * plan is the caller's own (the project's plan cache hands a plan over). */
static void
trim_previous (KhPlan *previous)
{
  kh_plan_drop_previous_contributions (previous);
  kh_plan_release_slack (previous);
}

/* The year's plan and last year's whole one (issue 22). Last year not sealed: it is
 * computed whole first, then the year on it (kh_project_compute_category_after()): each
 * year once, and two years' plans held at a time (computing the year as a year's
 * computation does, then last year whole again for the document, held four). Last year
 * sealed: its kept standings serve the year's awards and rank changes, and of last year
 * only the values the year reads are read; its whole plan is left to be computed after the
 * year shows (*@previous_pending, kh_document_prepare_previous()). Nothing is kept in the
 * project's plan cache. Loading a year and reading it again after another writer
 * (kh-document-watch.c) both compute it so. */
gboolean
kh_document_compute_year (KhDocument   *self,
                          int           year,
                          const char   *category,
                          KhPlan      **plan,
                          KhPlan      **previous,
                          gboolean     *previous_pending,
                          GError      **error)
{
  /* The units' names in the reader's script; the project keeps name_zh canonical. */
  KhLang lang = kh_ui_get_lang ();
  gboolean has_previous = FALSE, sealed = FALSE;

  if (has_year (self, year - 1))
    {
      g_autoptr (GPtrArray) previous_categories = kh_project_get_categories (self->project,
                                                                             year - 1);

      has_previous = has_category (previous_categories, category);
    }
  if (has_previous && !kh_project_get_sealed (self->project, year - 1, &sealed, error))
    return FALSE;
  if (has_previous && !sealed)
    {
      g_autoptr (KhPlan) last = kh_project_compute_category_once (self->project, year - 1,
                                                                  category, lang, error);

      if (last == NULL)
        return FALSE;
      /* before the year's plan is made beside it */
      trim_previous (last);
      *plan = kh_project_compute_category_after (self->project, year, category, lang, last,
                                                 error);
      if (*plan == NULL)
        return FALSE;
      *previous = g_steal_pointer (&last);
      return TRUE;
    }
  *plan = kh_project_compute_category_once (self->project, year, category, lang, error);
  if (*plan == NULL)
    return FALSE;
  *previous_pending = has_previous;
  return TRUE;
}

/* Last year's whole plan, the document's previous plan (issue 22): the unit's breakdown, the
 * comparison, the charts and an edit computing the plan again need it, the year's first
 * frame does not. Loading a year leaves it to be computed: on a worker once the window has
 * shown the year (kh_document_start_previous()), or in place when asked for first
 * (kh_document_get_previous_plan(), which waits for the worker when it runs). */
struct _KhPreviousJob
{
  gatomicrefcount ref_count;
  GMutex lock;
  GCond cond;
  gboolean started; /* main thread only */
  gboolean done;    /* under lock */
  KhPlan *plan;     /* under lock; NULL when last year could not be computed */
  KhProject *project; /* the document's: used on the main thread only */
  char *target;       /* what the document opened, for the worker's own connection */
  gboolean failed;    /* under lock: the worker could not compute it */
  int year;
  char *category;
  KhLang lang;
};

static KhPreviousJob *
previous_job_ref (KhPreviousJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
previous_job_unref (KhPreviousJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_clear_pointer (&job->plan, kh_plan_unref);
  g_free (job->category);
  g_free (job->target);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhPreviousJob, previous_job_unref)

/* Computes the job's plan with @project and hands it over. */
static void
previous_compute (KhPreviousJob *job,
                  KhProject     *project)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = project != NULL
                   ? kh_project_compute_category_once (project, job->year, job->category,
                                                       job->lang, &error)
                   : NULL;

  if (plan == NULL && error != NULL)
    g_debug ("Last year's plan (%d, %s): %s", job->year, job->category, error->message);
  if (plan != NULL)
    trim_previous (plan);
  g_mutex_lock (&job->lock);
  job->plan = plan;
  job->failed = plan == NULL && project != job->project;
  job->done = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* On a connection of its own: the document's project is used by the main thread meanwhile
 * (edits, imports), and a connection is used by one thread at a time. */
static void
previous_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KhPreviousJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = job->target != NULL
                                    ? kh_project_open_readonly (job->target, &error)
                                    : NULL;

  if (error != NULL)
    g_debug ("Last year's plan: %s", error->message);
  previous_compute (job, project);
  g_task_return_boolean (task, TRUE);
}

/* Takes the job's plan as the previous plan: computed here when no worker started it,
 * else waited for. */
static void
finish_previous (KhDocument *self)
{
  g_autoptr (KhPreviousJob) job = g_steal_pointer (&self->previous_job);

  if (!job->started)
    {
      job->started = TRUE;
      previous_compute (job, job->project);
    }
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  if (job->failed) /* the worker could not: here, with the document's project */
    {
      job->done = FALSE;
      g_mutex_unlock (&job->lock);
      previous_compute (job, job->project);
      g_mutex_lock (&job->lock);
    }
  g_clear_pointer (&self->previous, kh_plan_unref);
  self->previous = g_steal_pointer (&job->plan);
  g_mutex_unlock (&job->lock);
}

static void
previous_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KhDocument *self = KH_DOCUMENT (source);
  KhPreviousJob *job = g_task_get_task_data (G_TASK (result));

  self->loads_running--;
  /* Not taken yet, and not replaced by another year's: the previous plan now. */
  if (self->previous_job == job)
    finish_previous (self);
}

/* Leaves last year's plan (@year − 1) to be computed. */
void
kh_document_prepare_previous (KhDocument *self,
                              int         year,
                              const char *category)
{
  KhPreviousJob *job = g_new0 (KhPreviousJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->project = self->project;
  job->target = g_strdup (self->target);
  job->year = year - 1;
  job->category = g_strdup (category);
  job->lang = kh_ui_get_lang ();
  self->previous_job = job;
}

void
kh_document_start_previous (KhDocument *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (KH_IS_DOCUMENT (self));

  if (self->previous_job == NULL || self->previous_job->started)
    return;
  self->previous_job->started = TRUE;
  /* The task holds the document, and so the project, until the worker is done. */
  task = g_task_new (self, NULL, previous_done_cb, NULL);
  g_task_set_source_tag (task, kh_document_start_previous);
  g_task_set_task_data (task, previous_job_ref (self->previous_job),
                        (GDestroyNotify) previous_job_unref);
  /* kh-document-watch.c waits for it before reading the project again. */
  self->loads_running++;
  g_task_run_in_thread (task, previous_thread);
}

void
kh_document_drop_previous_job (KhDocument *self)
{
  g_clear_pointer (&self->previous_job, previous_job_unref);
}

KhPlan *
kh_document_get_previous_plan (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  if (self->previous_job != NULL)
    finish_previous (self);
  return self->previous;
}

/* What loading a year and category reads from the project: prepared on any thread,
 * applied on the main thread. */
typedef struct
{
  int year;
  char *category;
  GPtrArray *categories;
  gboolean sealed;
  KhPlan *plan;
  KhPlan *previous;           /* last year whole, when taken at once */
  gboolean previous_pending;  /* last year whole, to be computed after the year shows */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_free (loaded->category);
  g_clear_pointer (&loaded->categories, g_ptr_array_unref);
  g_clear_pointer (&loaded->plan, kh_plan_unref);
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
  if (!kh_document_compute_year (self, year, loaded->category, &loaded->plan, &loaded->previous,
                       &loaded->previous_pending, error))
    return NULL;
  if (!kh_project_get_sealed (self->project, year, &loaded->sealed, error))
    return NULL;
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
  kh_document_drop_previous_job (self);
  /* The plan computed on the worker is the one kh_document_compute_plan() would make of
   * its framework, dataset and previous plan: it is taken as it is, nothing is computed
   * again on the main thread (issue 22). The framework is never changed in place (an
   * edit swaps in an edited copy). Last year's whole plan is left to be computed
   * (kh_document_prepare_previous()). */
  self->framework = kh_framework_ref (kh_plan_get_framework (loaded->plan));
  self->dataset = kh_dataset_ref (kh_plan_get_dataset (loaded->plan));
  self->previous = g_steal_pointer (&loaded->previous);
  if (loaded->previous_pending)
    kh_document_prepare_previous (self, loaded->year, self->category);
  /* The plans the project kept as the earlier years of this one's computation go: the
   * document holds last year's whole plan, which every computation of the year open
   * reads (kh_plan_new() with @previous), and nothing the window does next reads the
   * year before last from the cache but opening last year, which computes it again
   * (issue 22: at 3,000 units × 10 years, the year before last's plan kept was 18.7 MB
   * of the window's 146 MB). */
  kh_project_drop_cached_plans (self->project, 0);
  /* what SQLite kept of the pages read (2 MB), read again only by a next computation */
  kh_project_release_memory (self->project);
#ifdef __GLIBC__
  /* and the heap freed since (those plans, the computation's own on its worker) goes
   * back to the system */
  malloc_trim (0);
#endif
  g_clear_pointer (&self->saved_framework, kh_framework_unref);
  self->saved_framework = kh_framework_ref (self->framework);
  self->revision++;
  g_clear_pointer (&self->selection_hint, g_free);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  kh_document_take_plan (self, g_steal_pointer (&loaded->plan));
  kh_document_emit_changed (self, KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK | KH_CHANGE_VALUES
                        | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
}

gboolean
kh_document_load (KhDocument *self,
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
  Loaded *loaded;

  /* Cancelled before it began (e.g. a project's first year, cancelled while its window
   * painted the spinner): nothing is read. */
  if (g_task_return_error_if_cancelled (task))
    return;
  loaded = prepare (KH_DOCUMENT (source), request->year, request->category, &error);
  if (loaded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
load_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  KH_DOCUMENT (g_task_get_source_object (task))->loads_running--;
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
  /* kh-document-watch.c waits for it before reading the project again. */
  self->loads_running++;
  g_signal_connect (task, "notify::completed", G_CALLBACK (load_completed_cb), NULL);
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

  return kh_document_load (self, year, self->category, error);
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
  return kh_document_load (self, self->year, category, error);
}

