/* kh-test-ui-project.h — a window on a project built with kaohe-cli, for widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ui/kh-application.h"
#include "ui/kh-window.h"

G_BEGIN_DECLS

/* Makes @path, through kaohe-cli, the project of tests/data/ui/ (the four invented cities
 * of units.csv) with each year from @first_year to @last_year: its framework-YEAR.xml and
 * data-YEAR.csv, from tests/data/ui/ up to 2020, 2021's from tests/data/charts-view/. */
void      kh_test_ui_project_build (const char    *path,
                                    int            first_year,
                                    int            last_year);

/* For kh_test_wait_until(): TRUE once the KhWindow @window has its document, loaded, and
 * is not busy. */
gboolean  kh_test_window_loaded    (gpointer       window);

/* A new window of @app of @width × @height (0: its default size) opening @path, presented;
 * returns once it is loaded, failing the test after @timeout_ms. */
KhWindow *kh_test_ui_open          (KhApplication *app,
                                    const char    *path,
                                    int            width,
                                    int            height,
                                    guint          timeout_ms);
/* The same for @file (a server's too: g_file_new_for_commandline_arg() of its URI). */
KhWindow *kh_test_ui_open_file     (KhApplication *app,
                                    GFile         *file,
                                    int            width,
                                    int            height,
                                    guint          timeout_ms);

/* Shows @window's page @name and returns it once it has drawn a frame. */
GtkWidget *kh_test_ui_show_page    (KhWindow      *window,
                                    const char    *name);

/* Destroys @window, then runs what that left pending. */
void      kh_test_ui_close         (KhWindow      *window);

G_END_DECLS
