/* kh-analysis.h — the analysis layer's error domain and GSL set-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * app/analysis holds what the office learns about its framework: uncertainty and
 * sensitivity of the ranking (kh-sensitivity.h, declared in kh-sensitivity-spec.h,
 * sampled with kh-saltelli.h) and the statistical audit (kh-stat-audit.h). It builds on
 * the engine's public API and GSL; no I/O, no GTK.
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"

G_BEGIN_DECLS

#define KH_ANALYSIS_ERROR (kh_analysis_error_quark ())

typedef enum
{
  KH_ANALYSIS_ERROR_SPEC,      /* a declared input cannot be used (message says why, and where) */
  KH_ANALYSIS_ERROR_DATA,      /* the group or its data do not allow the analysis */
  KH_ANALYSIS_ERROR_CANCELLED, /* kh_sensitivity_cancel() was called */
} KhAnalysisErrorCode;

GQuark kh_analysis_error_quark (void);

/* Turns GSL's abort-on-error handler off, once per process: the analysis checks the
 * status codes itself. Called by every entry point that uses GSL. */
void   kh_analysis_init        (void);

/* The units of the plan's group @group_id (NULL: its only group), in plan order;
 * *group receives the group (NULL when the framework has no groups). */
guint *kh_analysis_group_units (KhPlan      *plan,
                                const char  *group_id,
                                KhGroup    **group,
                                guint       *n_units,
                                GError     **error);

G_END_DECLS
