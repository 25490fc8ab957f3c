/* kh-robustness-view-private.h — what kh-robustness-view.c (the page) and
 * kh-robustness-run.c (the analysis in a worker thread) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "analysis/kh-analysis.h"
#include "analysis/kh-stat-audit.h"
#include "kh-results-tab.h"
#include "kh-robustness-view.h"

G_BEGIN_DECLS

/* Runs whose rank intervals show first, then the whole run's. */
#define FIRST_RUNS 1000

/* The choices of the runs drop-down. */
#define KH_ROBUSTNESS_N_RUN_CHOICES 3
extern const guint kh_robustness_run_choices[KH_ROBUSTNESS_N_RUN_CHOICES];

typedef struct _Job Job;

struct _KhRobustnessView
{
  GtkWidget parent_instance;

  KhResultsTab tab;   /* the document and group followed */
  KhSensitivitySpec *spec; /* from "Spec…" or stored in the project for the year and
                            * category, or NULL: every weight ± range */
  char *spec_name;
  gboolean spec_stored;    /* spec is the project's (replaced with the year or category) */
  guint spec_runs;         /* the spec's own runs (the runs drop-down overrides them) */
  guint generation;
  Job *job;           /* the analysis running, or NULL */
  gint64 started;     /* monotonic µs when it started */
  KhSensitivityResult *result;
  char *error;
  KhStatAudit *audit; /* the correlations, computed when shown */
  char *selected;
  KhRobustnessChart chart;
  KhChartLayout *layout;

  /* Template widgets */
  GtkDropDown *chart_dropdown;
  GtkSpinButton *range_spin;
  GtkDropDown *runs_dropdown;
  GtkButton *clear_spec_button;
  GtkProgressBar *progress;
  GtkLabel *status;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkDrawingArea *area;
};

struct _Job
{
  KhRobustnessView *view; /* strong: the task holds it too */
  guint generation;
  KhSensitivity *s;
  guint first_rows;
  gboolean first_sent;
  guint last_percent;
};

/* kh-robustness-view.c */
void kh_robustness_view_update_actions (KhRobustnessView    *self);
void kh_robustness_view_show           (KhRobustnessView    *self);
void kh_robustness_view_set_status     (KhRobustnessView    *self,
                                        const char          *text);
/* Takes @result (NULL: none). */
void kh_robustness_view_set_result     (KhRobustnessView    *self,
                                        KhSensitivityResult *result);

/* kh-robustness-run.c: starts an analysis of the page's document, group and settings,
 * cancelling the one running. */
void kh_robustness_view_start          (KhRobustnessView    *self);

G_END_DECLS
