/* kh-page.h — page geometry for reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KH_PAGE_PORTRAIT,
  KH_PAGE_LANDSCAPE,
} KhPageOrientation;

/* All lengths in PostScript points (1/72 inch), as cairo's PDF surface uses. */
typedef struct
{
  double width, height;
  double margin_top, margin_bottom, margin_left, margin_right;
} KhPage;

void   kh_page_init_a4       (KhPage           *page,
                              KhPageOrientation orientation);
double kh_page_content_width (const KhPage     *page);
double kh_page_content_height (const KhPage    *page);
double kh_mm_to_points       (double            mm);

G_END_DECLS
