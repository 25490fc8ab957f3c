/* test-page.c — A4 geometry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "report/kh-page.h"

static void
test_page_a4 (void)
{
  KhPage portrait, landscape;

  kh_page_init_a4 (&portrait, KH_PAGE_PORTRAIT);
  kh_page_init_a4 (&landscape, KH_PAGE_LANDSCAPE);

  /* A4 is 595.28 × 841.89 pt (210 × 297 mm at 72 pt per 25.4 mm). */
  g_assert_cmpfloat_with_epsilon (portrait.width, 595.2756, 1e-3);
  g_assert_cmpfloat_with_epsilon (portrait.height, 841.8898, 1e-3);
  g_assert_cmpfloat (landscape.width, ==, portrait.height);
  g_assert_cmpfloat (landscape.height, ==, portrait.width);

  /* 210 − 25 − 20 = 165 mm of text width. */
  g_assert_cmpfloat_with_epsilon (kh_page_content_width (&portrait), 165.0 * 72.0 / 25.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_page_content_height (&portrait), 257.0 * 72.0 / 25.4, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/page/a4", test_page_a4);

  return g_test_run ();
}
