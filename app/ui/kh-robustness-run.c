/* kh-robustness-run.c — the Robustness tab's analysis in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One analysis at a time: a new one cancels the one running and raises the generation;
 * whatever an older one still reports (its first runs' summary, its progress, its end)
 * is dropped on arrival. The worker thread owns its KhSensitivity, built on the main
 * thread from copies of the framework and the dataset, and hands summaries over to the
 * main thread, never the analysis itself.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-robustness-view-private.h"
#include "kh-ui.h"

const guint kh_robustness_run_choices[KH_ROBUSTNESS_N_RUN_CHOICES] = { 1000, 10000, 100000 };

typedef struct
{
  KhRobustnessView *view;
  guint generation;
  KhSensitivityResult *result; /* the first runs' summary, or NULL */
  guint rows_done, n_rows;
} Delivery;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->s, kh_sensitivity_free);
  g_clear_object (&job->view);
  g_free (job);
}

static void
delivery_free (Delivery *d)
{
  g_clear_pointer (&d->result, kh_sensitivity_result_free);
  g_clear_object (&d->view);
  g_free (d);
}

/* ---- the analysis ------------------------------------------------------------------ */

static gboolean
deliver_cb (gpointer data)
{
  Delivery *d = data;
  KhRobustnessView *self = d->view;

  if (d->generation != self->generation)
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_fraction (self->progress, d->n_rows > 0 ? (double) d->rows_done / d->n_rows : 0);
  if (d->result != NULL)
    kh_robustness_view_set_result (self, g_steal_pointer (&d->result));
  return G_SOURCE_REMOVE;
}

static void
post (Job                 *job,
      KhSensitivityResult *result,
      guint                rows_done,
      guint                n_rows)
{
  Delivery *d = g_new0 (Delivery, 1);

  d->view = g_object_ref (job->view);
  d->generation = job->generation;
  d->result = result;
  d->rows_done = rows_done;
  d->n_rows = n_rows;
  /* Always through a source of the main context, never g_main_context_invoke(): called
   * from this worker thread, that runs the function right here whenever it can acquire
   * the main context, i.e. whenever the main thread is not iterating it at that moment
   * (between two g_main_context_iteration() calls, as tests do), and the page's widgets
   * were changed from two threads at once (Gtk-CRITICAL gtk_widget_real_show:
   * '!_gtk_widget_get_visible (widget)' in robustness-view once). */
  g_idle_add_full (G_PRIORITY_DEFAULT, deliver_cb, d, (GDestroyNotify) delivery_free);
}

/* In the worker thread, after each chunk of runs. */
static void
progress_cb (KhSensitivity *s,
             guint          rows_done,
             guint          n_rows,
             gpointer       user_data)
{
  Job *job = user_data;
  guint percent = n_rows > 0 ? 100 * rows_done / n_rows : 100;

  if (!job->first_sent && rows_done >= job->first_rows && rows_done < n_rows)
    {
      job->first_sent = TRUE;
      post (job, kh_sensitivity_get_result (s, job->first_rows), rows_done, n_rows);
    }
  else if (percent >= job->last_percent + 2)
    {
      job->last_percent = percent;
      post (job, NULL, rows_done, n_rows);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;

  if (!kh_sensitivity_run (job->s, progress_cb, job, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, kh_sensitivity_get_result (job->s, 0),
                           (GDestroyNotify) kh_sensitivity_result_free);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  KhRobustnessView *self = KH_ROBUSTNESS_VIEW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  KhSensitivityResult *full = g_task_propagate_pointer (G_TASK (result), &error);

  if (job->generation != self->generation)
    {
      g_clear_pointer (&full, kh_sensitivity_result_free);
      return;
    }
  self->job = NULL;
  if (full != NULL)
    kh_robustness_view_set_result (self, full);
  else if (g_error_matches (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_CANCELLED))
    {
      kh_robustness_view_set_status (self, _("Cancelled; the charts show the runs done before"));
      kh_robustness_view_show (self);
    }
  else
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      kh_robustness_view_set_result (self, NULL);
    }
}

static KhSensitivitySpec *
current_spec (KhRobustnessView *self,
              gboolean         *own)
{
  guint runs = kh_robustness_run_choices[MIN (gtk_drop_down_get_selected (self->runs_dropdown),
                                KH_ROBUSTNESS_N_RUN_CHOICES - 1)];
  KhSensitivitySpec *spec = self->spec;

  *own = spec == NULL;
  if (spec == NULL)
    spec = kh_sensitivity_spec_new_weights (gtk_spin_button_get_value (self->range_spin) / 100.0);
  spec->runs = runs;
  return spec;
}

/* A plan of its own for the worker: the working framework and the values as they are now. */
static KhPlan *
snapshot_plan (KhRobustnessView *self,
               GError          **error)
{
  g_autoptr (KhFramework) fw = kh_framework_copy (kh_document_get_framework (self->tab.document));
  g_autoptr (KhDataset) ds = kh_dataset_copy (kh_document_get_dataset (self->tab.document));

  return kh_plan_new (fw, ds, kh_document_get_previous_plan (self->tab.document), error);
}

void
kh_robustness_view_start (KhRobustnessView *self)
{
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  KhSensitivitySpec *spec;
  KhSensitivity *s = NULL;
  gboolean own;
  Job *job;

  kh_robustness_view_cancel (self);
  self->generation++;
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->audit, kh_stat_audit_free);
  if (self->tab.document == NULL || kh_document_get_plan (self->tab.document) == NULL)
    {
      kh_robustness_view_set_status (self, NULL);
      kh_robustness_view_set_result (self, NULL);
      return;
    }
  spec = current_spec (self, &own);
  plan = snapshot_plan (self, &error);
  /* "All Groups" of a category of several: its first group, as the other tabs show */
  if (plan != NULL)
    s = kh_sensitivity_new (plan, kh_results_tab_get_group_in (&self->tab, kh_plan_get_framework (plan)),
                            spec, &error);
  if (own)
    kh_sensitivity_spec_free (spec);
  if (s == NULL)
    {
      self->error = g_strdup (error->message);
      kh_robustness_view_set_status (self, NULL);
      kh_robustness_view_set_result (self, NULL);
      return;
    }
  kh_sensitivity_set_threads (s, g_get_num_processors ());
  job = g_new0 (Job, 1);
  job->view = g_object_ref (self);
  job->generation = self->generation;
  job->s = s;
  job->first_rows = (FIRST_RUNS + kh_sensitivity_get_n_inputs (s) + 1) / (kh_sensitivity_get_n_inputs (s) + 2);
  self->job = job;
  self->started = g_get_monotonic_time ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  kh_robustness_view_set_status (self, _("Analysing…"));
  task = g_task_new (self, NULL, run_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_thread);
  kh_robustness_view_update_actions (self);
}

