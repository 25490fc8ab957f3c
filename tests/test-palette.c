/* test-palette.c — chart colours survive greyscale and colour blindness
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts/kh-palette.h"

static void
test_palette_greyscale (void)
{
  for (KhPaletteStyle style = KH_PALETTE_LIGHT; style <= KH_PALETTE_DARK; style++)
    {
      double advance = kh_color_luminance (kh_palette_get (style, KH_COLOR_ADVANCE));
      double fall = kh_color_luminance (kh_palette_get (style, KH_COLOR_FALL));
      double bg = kh_color_luminance (kh_palette_get (style, KH_COLOR_BACKGROUND));
      double fg = kh_color_luminance (kh_palette_get (style, KH_COLOR_FOREGROUND));

      /* Advance and fall differ in grey level by at least a fifth of the range. */
      g_assert_cmpfloat (fabs (advance - fall), >=, 0.2);
      /* Text keeps strong contrast with the background. */
      g_assert_cmpfloat (fabs (fg - bg), >=, 0.7);
    }
}

static void
test_palette_okabe_ito (void)
{
  const KhColor *advance = kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_ADVANCE);
  const KhColor *fall = kh_palette_get (KH_PALETTE_LIGHT, KH_COLOR_FALL);

  /* Okabe–Ito "blue" #0072B2 and "orange" #E69F00. */
  g_assert_cmpfloat_with_epsilon (advance->red, 0x00 / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (advance->green, 0x72 / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (advance->blue, 0xB2 / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (fall->red, 0xE6 / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (fall->green, 0x9F / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (fall->blue, 0x00 / 255.0, 0.01);
}

static void
test_palette_series (void)
{
  for (KhPaletteStyle style = KH_PALETTE_LIGHT; style <= KH_PALETTE_DARK; style++)
    {
      double bg = kh_color_luminance (kh_palette_get (style, KH_COLOR_BACKGROUND));

      for (guint i = 0; i < KH_PALETTE_N_SERIES; i++)
        {
          double a = kh_color_luminance (kh_palette_series (style, i));
          double b = kh_color_luminance (kh_palette_series (style, i + 1));

          /* Neighbouring parts of a stacked bar differ in grey level (the smallest
           * Okabe–Ito step used, orange → reddish purple, is 0.638 − 0.556 ≈ 0.08), and
           * every colour stands off the background. */
          g_assert_cmpfloat (fabs (a - b), >=, 0.07);
          g_assert_cmpfloat (fabs (a - bg), >=, 0.1);
        }
      /* The index wraps around. */
      g_assert_true (kh_palette_series (style, KH_PALETTE_N_SERIES) == kh_palette_series (style, 0));
    }
}

/* The Results page's advance and fall (resources/style.css) are the charts' colours. */
static void
test_palette_css (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "resources", "style.css", NULL);
  g_autofree char *css = NULL;
  static const struct { const char *name; KhColorRole role; } pairs[] = {
    { "@define-color kh_advance_color #", KH_COLOR_ADVANCE },
    { "@define-color kh_fall_color #", KH_COLOR_FALL },
  };

  g_assert_true (g_file_get_contents (path, &css, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      const char *at = strstr (css, pairs[i].name);
      const KhColor *color = kh_palette_get (KH_PALETTE_LIGHT, pairs[i].role);
      unsigned int r, g, b;

      g_assert_nonnull (at);
      g_assert_cmpint (sscanf (at + strlen (pairs[i].name), "%2x%2x%2x", &r, &g, &b), ==, 3);
      /* Within one step of 255. */
      g_assert_cmpfloat_with_epsilon (r / 255.0, color->red, 1.0 / 255);
      g_assert_cmpfloat_with_epsilon (g / 255.0, color->green, 1.0 / 255);
      g_assert_cmpfloat_with_epsilon (b / 255.0, color->blue, 1.0 / 255);
    }
  /* The Results page no longer uses the theme's green and red for them. */
  g_assert_null (strstr (css, ".kh-up {\n  color: @success_color"));
  g_assert_null (strstr (css, ".kh-down {\n  color: @error_color"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/palette/greyscale", test_palette_greyscale);
  g_test_add_func ("/charts/palette/okabe-ito", test_palette_okabe_ito);
  g_test_add_func ("/charts/palette/series", test_palette_series);
  g_test_add_func ("/charts/palette/css", test_palette_css);

  return g_test_run ();
}
