/* kh-renderer.h — which GTK renderer Kaohe prefers, decided before GTK opens the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Kaohe sets in its own environment before gtk_init(): NULL members are left alone. */
typedef struct
{
  const char *gsk_renderer; /* GSK_RENDERER */
  const char *gdk_debug;    /* GDK_DEBUG */
} KhRendererChoice;

gboolean kh_renderer_choose (const char       *gsk_renderer,
                             const char       *gdk_debug,
                             const char       *gdk_disable,
                             gboolean          have_render_node,
                             KhRendererChoice *choice);
gboolean kh_renderer_have_render_node (const char *dri_dir);
gboolean kh_renderer_apply_preference (void);

G_END_DECLS
