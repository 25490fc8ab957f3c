/* kh-report-project.h — a report's data read from a project file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one report file that reads a project: it is built as its own library
 * (kh_report_project_dep, with io) so that the layouts stay free of the io layer.
 * kaohe-cli report and the window's Reports page both call it.
 */
#pragma once

#include <glib.h>

#include "io/kh-project.h"
#include "kh-report-data.h"

G_BEGIN_DECLS

/* Computes every category of @year and of every year of the projects from @first_year
 * (0: their first year) up to it, and fills the projects' names, ids (the first 12 hex digits of each one's
 * first audit row's hash), audit chain heads, the generation date and the issuing body
 * (the first project's KH_PROJECT_SETTING_ISSUER that is set). Several projects
 * (one per category, as the sample is built) make one report; their names, ids and heads
 * are joined in order (", " and newlines). Fails when @year has no framework in one of
 * them or an audit chain does not verify. */
KhReportData *kh_report_data_load (KhProject **projects,
                                   guint       n_projects,
                                   int         year,
                                   int         first_year,
                                   GError    **error);

/* The same with every name (units, groups, tiers, awards, nodes) in @lang's script. */
KhReportData *kh_report_data_load_lang (KhProject **projects,
                                        guint       n_projects,
                                        int         year,
                                        int         first_year,
                                        KhLang      lang,
                                        GError    **error);

typedef enum
{
  KH_REPORT_LOAD_NONE = 0,
  /* Keep each group's earlier plans (kh_report_data_set_keep_earlier_plans) for
   * kh_report_data_analyse(): without, each earlier year's plan is freed once what the
   * report prints of it is taken, and the analysis prints no health trend. */
  KH_REPORT_LOAD_FOR_ANALYSIS = 1 << 0,
  /* Leave last year's comparison out (the rows' effects and units passed, the groups'
   * last_year_change): a chart of the history prints none of it. */
  KH_REPORT_LOAD_NO_COMPARISON = 1 << 1,
  /* Leave out the rows' units passed and passed by, which only a unit profile prints
   * (kh_report_data_set_list_overtakes): the rest of the comparison stays. */
  KH_REPORT_LOAD_NO_OVERTAKES = 1 << 2,
  /* Leave the audit chain unread and unchecked (no project id, chain head or sequence
   * number): a chart prints none of it, and an evaluator's login on a server (or its
   * checkout), which sees only its own audit rows and the last, can still draw one. A
   * report always reads and checks it. */
  KH_REPORT_LOAD_NO_CHAIN = 1 << 3,
} KhReportLoadFlags;

/* kh_report_data_load_lang() with @flags: kh_report_data_load() and _load_lang() load
 * with KH_REPORT_LOAD_FOR_ANALYSIS. */
KhReportData *kh_report_data_load_full (KhProject        **projects,
                                        guint              n_projects,
                                        int                year,
                                        int                first_year,
                                        KhLang             lang,
                                        KhReportLoadFlags  flags,
                                        GError           **error);

/* Scores the report year's survey of every category that declares one and has answers
 * stored (io/kh-project-survey.h, excluded raters left out) and adds it to @data
 * (kh_report_data_add_survey): the annual report then prints its aggregates. TRUE when
 * there is none. */
gboolean      kh_report_data_add_surveys (KhReportData *data,
                                          KhProject   **projects,
                                          guint         n_projects,
                                          GError      **error);

G_END_DECLS
