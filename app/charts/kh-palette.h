/* kh-palette.h — colours shared by every chart and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue;
} KhColor;

typedef enum
{
  KH_PALETTE_LIGHT,
  KH_PALETTE_DARK,
} KhPaletteStyle;

typedef enum
{
  KH_COLOR_FOREGROUND,
  KH_COLOR_BACKGROUND,
  KH_COLOR_GRID,
  KH_COLOR_ADVANCE, /* blue: safe against red/green colour blindness */
  KH_COLOR_FALL,    /* orange */
  KH_COLOR_STEADY,
  KH_COLOR_TIER1,
  KH_COLOR_TIER2,
  KH_COLOR_TIER3,
  KH_N_COLORS,
} KhColorRole;

const KhColor *kh_palette_get        (KhPaletteStyle style,
                                      KhColorRole    role);
void           kh_palette_set_source (cairo_t       *cr,
                                      KhPaletteStyle style,
                                      KhColorRole    role,
                                      double         alpha);
double         kh_color_luminance    (const KhColor *color);

/* Colours for the parts of a score (stacked bars, radar): the Okabe–Ito qualitative
 * palette, ordered so that neighbours differ in lightness; @index wraps around. */
#define KH_PALETTE_N_SERIES 7
const KhColor *kh_palette_series     (KhPaletteStyle style,
                                      guint          index);
void           kh_palette_set_series (cairo_t       *cr,
                                      KhPaletteStyle style,
                                      guint          index,
                                      double         alpha);

G_END_DECLS
