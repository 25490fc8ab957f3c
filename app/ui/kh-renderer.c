/* kh-renderer.c — which GTK renderer Kaohe prefers, decided before GTK opens the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL by default (GskGLRenderer) and prepares OpenGL when it opens
 * the display, whatever the renderer. On a machine without a GPU that OpenGL is Mesa's
 * llvmpipe, which draws on the CPU: loading Mesa and LLVM and compiling GTK's shaders cost
 * Kaohe about half of its start (0.93 s of CPU → 0.46 s), and each frame costs more than
 * with GTK's cairo renderer, which draws the same widgets in software directly (see
 * README.md, Set-up). So, when the machine has no render node
 * (/dev/dri/renderD*: no GPU driver Mesa could use, so OpenGL would be software), Kaohe
 * sets GSK_RENDERER=cairo and GDK_DEBUG=gl-disable (GTK then does not load OpenGL at all;
 * Kaohe uses no GtkGLArea) in its own environment before gtk_init(). Where there is a
 * render node GTK keeps its default. The user's own choice always wins: when GSK_RENDERER,
 * GDK_DEBUG or GDK_DISABLE is set (and not empty), nothing is changed.
 */
#include "config.h"

#include "kh-renderer.h"

#include <unistd.h>

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

/* Decides from the user's GSK_RENDERER, GDK_DEBUG and GDK_DISABLE (NULL when unset) and
 * whether a usable render node exists. Fills @choice with what to set (NULL members: leave
 * alone) and returns whether anything is to be set. */
gboolean
kh_renderer_choose (const char       *gsk_renderer,
                    const char       *gdk_debug,
                    const char       *gdk_disable,
                    gboolean          have_render_node,
                    KhRendererChoice *choice)
{
  choice->gsk_renderer = NULL;
  choice->gdk_debug = NULL;
  if (is_set (gsk_renderer) || is_set (gdk_debug) || is_set (gdk_disable) || have_render_node)
    return FALSE;
  choice->gsk_renderer = "cairo";
  choice->gdk_debug = "gl-disable";
  return TRUE;
}

/* Whether @dri_dir (normally /dev/dri) holds a render node (renderD128, …) this process
 * may open for reading and writing, as Mesa must to use the GPU. */
gboolean
kh_renderer_have_render_node (const char *dri_dir)
{
  g_autoptr (GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      {
        g_autofree char *path = g_build_filename (dri_dir, name, NULL);

        if (access (path, R_OK | W_OK) == 0)
          return TRUE;
      }
  return FALSE;
}

/* Sets Kaohe's preference in the environment of this process; call before gtk_init()
 * (and before any thread starts). Returns whether it set anything. */
gboolean
kh_renderer_apply_preference (void)
{
  KhRendererChoice choice;

  if (!kh_renderer_choose (g_getenv ("GSK_RENDERER"), g_getenv ("GDK_DEBUG"),
                           g_getenv ("GDK_DISABLE"), kh_renderer_have_render_node ("/dev/dri"),
                           &choice))
    return FALSE;
  if (choice.gsk_renderer != NULL)
    g_setenv ("GSK_RENDERER", choice.gsk_renderer, TRUE);
  if (choice.gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", choice.gdk_debug, TRUE);
  return TRUE;
}
