/* kh-page.c — page geometry for reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-page.h"

double
kh_mm_to_points (double mm)
{
  return mm * 72.0 / 25.4;
}

/* A4 is 210 × 297 mm; margins of 20 mm, 25 mm at the binding (left) edge. */
void
kh_page_init_a4 (KhPage           *page,
                 KhPageOrientation orientation)
{
  double shorter = kh_mm_to_points (210.0);
  double longer = kh_mm_to_points (297.0);

  g_return_if_fail (page != NULL);

  page->width = orientation == KH_PAGE_PORTRAIT ? shorter : longer;
  page->height = orientation == KH_PAGE_PORTRAIT ? longer : shorter;
  page->margin_top = kh_mm_to_points (20.0);
  page->margin_bottom = kh_mm_to_points (20.0);
  page->margin_left = kh_mm_to_points (25.0);
  page->margin_right = kh_mm_to_points (20.0);
}

double
kh_page_content_width (const KhPage *page)
{
  return page->width - page->margin_left - page->margin_right;
}

double
kh_page_content_height (const KhPage *page)
{
  return page->height - page->margin_top - page->margin_bottom;
}
