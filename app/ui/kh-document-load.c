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
 * plan is the caller's own (the project's plan cache hands a plan over). Held for as long
 * as the year is open and never changed, it is shared with the plans made on it (the
 * year's, and each made after an edit): they read last year's contributions from it when
 * explaining a change, rather than each copying them all (5.3 MB again, and as much
 * while copying). */
static void
trim_previous (KhPlan *previous)
{
  kh_plan_drop_previous_contributions (previous);
  kh_plan_release_slack (previous);
  kh_plan_share_as_previous (previous);
}

/* The year's plan and last year's whole one, the document's previous plan (issue 22):
 * last year is computed whole first (its own last year's kept standings serving it when
 * current, as a sealed year's are), then the year on it
 * (kh_project_compute_category_after()). Each year is computed once, and two years' plans
 * are held at a time: computing the year as a year's computation does (last year only as
 * far as the year needs it, kept in the project's plan cache with the year before), then
 * last year whole for the document, held four (the window's peak at 3,000 units × 10
 * years, 172 MB; with last year sealed, last year's whole plan computed on a worker after
 * the year showed, beside it, 131 MB). Nothing is kept in the project's plan cache.
 * Loading a year and reading it again after another writer (kh-document-watch.c) both
 * compute it so. */
gboolean
kh_document_compute_year (KhDocument   *self,
                          int           year,
                          const char   *category,
                          KhPlan      **plan,
                          KhPlan      **previous,
                          GError      **error)
{
  /* The units' names in the reader's script; the project keeps name_zh canonical. */
  KhLang lang = kh_ui_get_lang ();
  g_autoptr (KhPlan) last = NULL;

  if (has_year (self, year - 1))
    {
      g_autoptr (GPtrArray) previous_categories = kh_project_get_categories (self->project,
                                                                             year - 1);

      if (has_category (previous_categories, category))
        {
          last = kh_project_compute_category_once (self->project, year - 1, category, lang,
                                                   error);
          if (last == NULL)
            return FALSE;
          /* before the year's plan is made beside it */
          trim_previous (last);
        }
    }
  *plan = last != NULL
            ? kh_project_compute_category_after (self->project, year, category, lang, last, error)
            : kh_project_compute_category_once (self->project, year, category, lang, error);
  if (*plan == NULL)
    return FALSE;
  *previous = g_steal_pointer (&last);
  return TRUE;
}

KhPlan *
kh_document_get_previous_plan (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

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
  KhPlan *previous;           /* last year whole, or NULL: none */
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
                                 error))
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
  /* The plan computed on the worker is the one kh_document_compute_plan() would make of
   * its framework, dataset and previous plan: it is taken as it is, nothing is computed
   * again on the main thread (issue 22). The framework is never changed in place (an
   * edit swaps in an edited copy). Last year's whole plan was computed with it. */
  self->framework = kh_framework_ref (kh_plan_get_framework (loaded->plan));
  self->dataset = kh_dataset_ref (kh_plan_get_dataset (loaded->plan));
  self->previous = g_steal_pointer (&loaded->previous);
  /* The plans the project kept from other computations (the charts', the comparison's)
   * go: the document holds last year's whole plan, which every computation of the year
   * open reads (kh_plan_new() with @previous), and opening another year computes what it
   * needs again (issue 22: at 3,000 units × 10 years each plan kept is some 10 MB). */
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

