/* kh-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-application.h"

G_BEGIN_DECLS

#define KH_TYPE_WINDOW (kh_window_get_type ())

G_DECLARE_FINAL_TYPE (KhWindow, kh_window, KH, WINDOW, AdwApplicationWindow)

KhWindow *kh_window_new       (KhApplication *application);
void      kh_window_open_file (KhWindow      *self,
                               GFile         *file);

G_END_DECLS
