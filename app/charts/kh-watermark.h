/* kh-watermark.h — DEMONSTRATION DATA and DRAFT across a chart or a report page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whoever knows what is shown decides the mark: the bundled sample is demonstration
 * data; a framework that is unsaved or does not validate is a draft (the window decides).
 * Charts draw data->watermark over themselves (kh_chart_draw), reports over every page.
 * The mark is one line of large, faint, bold text along the box's rising diagonal,
 * centred, drawn on top so that no chart or table can hide it; its ink is light enough
 * that what is below it stays legible.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KH_WATERMARK_NONE,
  KH_WATERMARK_DEMONSTRATION, /* "DEMONSTRATION DATA": the bundled sample's invented values */
  KH_WATERMARK_DRAFT,         /* "DRAFT": an unsaved or invalid framework */
} KhWatermark;

/* The mark's text in the current language, NULL for KH_WATERMARK_NONE. */
const char *kh_watermark_get_text (KhWatermark  mark);

/* Draws @mark centred in the box (0, 0, @width, @height) of @cr's user space; nothing
 * for KH_WATERMARK_NONE. @dark: the background is dark (the ink is then light). */
void        kh_watermark_draw     (cairo_t     *cr,
                                   KhWatermark  mark,
                                   double       width,
                                   double       height,
                                   gboolean     dark);

/* "demonstration", "draft", "none" (what kaohe-cli's --watermark takes). */
const char *kh_watermark_to_string   (KhWatermark  mark);
gboolean    kh_watermark_from_string (const char  *name,
                                      KhWatermark *mark);

G_END_DECLS
