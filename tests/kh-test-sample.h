/* kh-test-sample.h — the window on a copy of the bundled sample, for widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ui/kh-application.h"
#include "ui/kh-window.h"

G_BEGIN_DECLS

/* gtk_test_init, adw_init, a temporary folder, the application; any warning fatal.
 * Returns FALSE (and the test should skip) when the sample project is not built. */
gboolean   kh_test_sample_init      (int         *argc,
                                     char      ***argv);
void       kh_test_sample_shutdown  (void);
KhApplication *kh_test_sample_app   (void);
const char *kh_test_sample_tmp_dir  (void);
/* Copies the built sample to @name in the temporary folder; returns its path. */
char      *kh_test_sample_copy      (const char  *name);
/* A 1280×800 window on a fresh copy of the sample, loaded. */
KhWindow  *kh_test_sample_open      (const char  *name);
/* A window on @path, loaded. */
KhWindow  *kh_test_sample_open_path (const char  *path);
/* Destroys @window without asking about unsaved edits. */
void       kh_test_sample_close     (KhWindow    *window);
/* Lets timers and idles run for @ms. */
void       kh_test_spin             (guint        ms);
/* The first editable label under @root showing @text (NULL: any), or NULL. */
GtkWidget *kh_test_find_editable    (GtkWidget   *root,
                                     const char  *text);
/* The first plain label under @root whose text contains @text, or NULL. */
GtkWidget *kh_test_find_label       (GtkWidget   *root,
                                     const char  *text);

G_END_DECLS
