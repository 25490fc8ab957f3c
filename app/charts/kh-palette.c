/* kh-palette.c — colours shared by every chart and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Advance and fall use the blue/orange pair of the Okabe–Ito palette, which stays apart
 * for protanopes and deuteranopes and differs in lightness, so it survives greyscale print;
 * the dark style uses the palette's sky blue and vermilion for the same reasons.
 */
#include "config.h"

#include "kh-palette.h"

static const KhColor light[KH_N_COLORS] = {
  [KH_COLOR_FOREGROUND] = { 0.12, 0.12, 0.14 },
  [KH_COLOR_BACKGROUND] = { 1.00, 1.00, 1.00 },
  [KH_COLOR_GRID] = { 0.85, 0.85, 0.87 },
  [KH_COLOR_ADVANCE] = { 0.00, 0.45, 0.70 },
  [KH_COLOR_FALL] = { 0.90, 0.62, 0.00 },
  [KH_COLOR_STEADY] = { 0.55, 0.55, 0.58 },
  [KH_COLOR_TIER1] = { 0.89, 0.94, 0.98 },
  [KH_COLOR_TIER2] = { 0.95, 0.95, 0.96 },
  [KH_COLOR_TIER3] = { 0.99, 0.96, 0.90 },
};

static const KhColor dark[KH_N_COLORS] = {
  [KH_COLOR_FOREGROUND] = { 0.94, 0.94, 0.95 },
  [KH_COLOR_BACKGROUND] = { 0.14, 0.14, 0.16 },
  [KH_COLOR_GRID] = { 0.30, 0.30, 0.33 },
  [KH_COLOR_ADVANCE] = { 0.34, 0.71, 0.91 },
  [KH_COLOR_FALL] = { 0.84, 0.37, 0.00 },
  [KH_COLOR_STEADY] = { 0.60, 0.60, 0.63 },
  [KH_COLOR_TIER1] = { 0.16, 0.22, 0.30 },
  [KH_COLOR_TIER2] = { 0.19, 0.19, 0.21 },
  [KH_COLOR_TIER3] = { 0.27, 0.22, 0.14 },
};

const KhColor *
kh_palette_get (KhPaletteStyle style,
                KhColorRole    role)
{
  g_return_val_if_fail (role < KH_N_COLORS, &light[KH_COLOR_FOREGROUND]);

  return style == KH_PALETTE_DARK ? &dark[role] : &light[role];
}

void
kh_palette_set_source (cairo_t       *cr,
                       KhPaletteStyle style,
                       KhColorRole    role,
                       double         alpha)
{
  const KhColor *color = kh_palette_get (style, role);

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
}

/* Relative luminance (Rec. 709 weights on the sRGB values, without linearisation):
 * what a greyscale printer keeps of a colour. */
double
kh_color_luminance (const KhColor *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}

/* Okabe–Ito blue, yellow, vermilion, sky blue, bluish green, orange, reddish purple; on a
 * dark background the dark blue would vanish, so sky blue leads and blue comes last. */
static const KhColor series_light[KH_PALETTE_N_SERIES] = {
  { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },
  { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 },
  { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 },
  { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },
};

static const KhColor series_dark[KH_PALETTE_N_SERIES] = {
  { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },
  { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 },
  { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 },
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },
  { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },
};

const KhColor *
kh_palette_series (KhPaletteStyle style,
                   guint          index)
{
  index %= KH_PALETTE_N_SERIES;
  return style == KH_PALETTE_DARK ? &series_dark[index] : &series_light[index];
}

void
kh_palette_set_series (cairo_t       *cr,
                       KhPaletteStyle style,
                       guint          index,
                       double         alpha)
{
  const KhColor *color = kh_palette_series (style, index);

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
}
