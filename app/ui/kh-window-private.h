/* kh-window-private.h — what the main window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is split by concern:
 *   kh-window.c           the pages and the header (year, category, group), long work,
 *                         the banner, and the document the pages show
 *   kh-window-document.c  opening, new, recent projects, importing files, drag and drop
 *   kh-window-actions.c   export, print, undo and redo
 *   kh-window-reports.c   the Reports page (built when first shown): the project's
 *                         issuing body
 * Only these files include this header.
 */
#pragma once

#include "kh-charts-view.h"
#include "kh-robustness-view.h"
#include "kh-data-view.h"
#include "kh-framework-editor.h"
#include "kh-results-view.h"
#include "kh-surveys-view.h"
#include "kh-window.h"

G_BEGIN_DECLS

struct _KhWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  KhDocument *document;
  gulong changed_handler;
  GCancellable *task_cancellable;
  guint pulse_id;
  GtkStringList *years_model;
  GtkStringList *categories_model;
  GtkStringList *groups_model;
  GPtrArray *group_ids; /* parallel to groups_model; NULL entry = all groups */
  gboolean updating_selectors;
  GMenu *recent_menu;
  AdwToast *unit_toast; /* "X is selected in Results", while shown */
  gboolean close_confirmed; /* unsaved edits saved or discarded: closing may go on */
  AdwMessageDialog *ask_dialog; /* Save / Discard / Cancel, or the restore offer */
  guint recovery_timer;
  guint recovery_revision;  /* the document revision last written to the recovery file */
  gboolean recovery_written;
  guint recovery_discarded; /* the revision whose edits the user discarded (+1), else 0 */
  GtkWidget *load_focus; /* weak: the page widget that had the focus when a year began loading */
  gboolean opening;      /* a project just opened: its first year loading, the spinner shown */
  struct _KhFirstLoad *first_load; /* that year's load, started once the spinner is painted */
  guint first_load_latest_ms;       /* or after this long at most (FIRST_LOAD_LATEST_MS) */

  /* Template widgets */
  AdwHeaderBar *header_bar;
  GtkMenuButton *recent_button;
  GtkDropDown *year_dropdown;
  GtkDropDown *category_dropdown;
  GtkDropDown *group_dropdown;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget *undo_box;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkRevealer *draft_revealer;
  GtkLabel *draft_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *status_page;
  AdwStatusPage *loading_page;
  GtkSpinner *loading_spinner;
  AdwViewStack *view_stack;
  /* The pages but Results are built when first shown or asked for (kh_window_get_page(),
   * issue 22): NULL until then, each the child of its bin. */
  AdwBin *framework_bin;
  AdwBin *data_bin;
  AdwBin *charts_bin;
  AdwBin *surveys_bin;
  AdwBin *reports_bin;
  GtkWidget *reports_page; /* NULL until built (kh_window_build_reports()) */
  KhFrameworkEditor *framework_editor;
  KhDataView *data_view;
  KhResultsView *results_view;
  KhChartsView *charts_view;
  KhRobustnessView *robustness_view;
  KhSurveysView *surveys_view;
  GtkRevealer *task_revealer;
  /* The Reports page's, NULL until it is built (kh_window_build_reports()). */
  GtkDropDown *report_kind_dropdown;
  GtkDropDown *report_orientation_dropdown;
  AdwEntryRow *issuer_row;
  GtkLabel *task_label;
  GtkProgressBar *task_progress;
};

/* kh-window.c */
void                  kh_window_toast              (KhWindow            *self,
                                                    const char          *message);
/* Shows @label with a pulsing progress bar (cancelling the task before, if any) and
 * returns the cancellable of the new task; kh_window_end_task() hides it again. */
GCancellable         *kh_window_begin_task         (KhWindow            *self,
                                                    const char          *label);
void                  kh_window_end_task           (KhWindow            *self,
                                                    GCancellable        *cancellable);
void                  kh_window_update_selectors   (KhWindow            *self);
/* Loads another year or category of the document open (on a worker thread). */
void                  kh_window_load_year          (KhWindow            *self,
                                                    int                  year,
                                                    const char          *category);

/* kh-window-document.c */
void                  kh_window_class_add_document_actions (GtkWidgetClass *widget_class);
void                  kh_window_init_document      (KhWindow            *self);
/* A modal file chooser of one filter (the caller connects "response" and shows it). */
GtkFileChooserNative *kh_window_file_dialog        (KhWindow            *self,
                                                    const char          *title,
                                                    GtkFileChooserAction action,
                                                    const char          *accept,
                                                    const char          *filter_name,
                                                    const char *const   *patterns);

typedef void (*KhWindowThen) (KhWindow *self,
                              gpointer  data);
/* Runs @then (@data, freed with @destroy) at once when the document has no unsaved
 * framework edits; else asks Save / Discard / Cancel first and runs it after a save or
 * a discard, never after a cancel or a failed save. */
void                  kh_window_when_saved         (KhWindow            *self,
                                                    KhWindowThen         then,
                                                    gpointer             data,
                                                    GDestroyNotify       destroy);
/* Writes the recovery file when the document has unsaved framework edits not written
 * yet; removes it when there are none. */
void                  kh_window_update_recovery    (KhWindow            *self);
/* Offers to restore the recovery of the document just opened, if any. */
void                  kh_window_offer_recovery     (KhWindow            *self);

/* kh-window-actions.c */
void                  kh_window_class_add_actions  (GtkWidgetClass      *widget_class);

/* kh-window-reports.c */
/* Shows the document's settings on the Reports page (after @what changed), once the page
 * is built. */
void                  kh_window_update_reports     (KhWindow            *self,
                                                    guint                what);
/* The Reports page, built now (kh-window-reports.ui) if it was not yet, its settings read
 * (issue 22: a window's start builds and reads none of it). */
GtkWidget            *kh_window_build_reports      (KhWindow            *self);

G_END_DECLS
