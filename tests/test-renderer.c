/* test-renderer.c — Kaohe's choice of GTK renderer before gtk_init(), without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_renderer_choose(): cairo without OpenGL only when there is no render node and the
 * user set none of GSK_RENDERER, GDK_DEBUG, GDK_DISABLE; kh_renderer_have_render_node()
 * on folders made here; kh_renderer_apply_preference() in this process's environment.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "ui/kh-renderer.h"

static void
test_choose (void)
{
  KhRendererChoice choice = { "x", "x" };

  /* No GPU, nothing set by the user: cairo, and GTK told not to load OpenGL. */
  g_assert_true (kh_renderer_choose (NULL, NULL, NULL, FALSE, &choice));
  g_assert_cmpstr (choice.gsk_renderer, ==, "cairo");
  g_assert_cmpstr (choice.gdk_debug, ==, "gl-disable");

  /* Empty values count as unset (`GSK_RENDERER= kaohe`). */
  g_assert_true (kh_renderer_choose ("", "", "", FALSE, &choice));
  g_assert_cmpstr (choice.gsk_renderer, ==, "cairo");
  g_assert_cmpstr (choice.gdk_debug, ==, "gl-disable");

  /* A render node: GTK's default (OpenGL on the GPU) is kept. */
  g_assert_false (kh_renderer_choose (NULL, NULL, NULL, TRUE, &choice));
  g_assert_null (choice.gsk_renderer);
  g_assert_null (choice.gdk_debug);

  /* The user's choice wins, each variable on its own, GPU or not. */
  g_assert_false (kh_renderer_choose ("gl", NULL, NULL, FALSE, &choice));
  g_assert_null (choice.gsk_renderer);
  g_assert_null (choice.gdk_debug);
  g_assert_false (kh_renderer_choose ("cairo", NULL, NULL, TRUE, &choice));
  g_assert_null (choice.gsk_renderer);
  g_assert_false (kh_renderer_choose (NULL, "misc", NULL, FALSE, &choice));
  g_assert_null (choice.gsk_renderer);
  g_assert_null (choice.gdk_debug);
  g_assert_false (kh_renderer_choose (NULL, NULL, "gl", FALSE, &choice));
  g_assert_null (choice.gsk_renderer);
  g_assert_null (choice.gdk_debug);
}

static void
touch (const char *dir,
       const char *name,
       int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
test_render_node (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-renderer-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", NULL);
  g_autofree char *card = NULL;
  g_autofree char *render = NULL;

  g_assert_nonnull (dir);
  /* No folder (a container without /dev/dri), an empty one, a card node only (display
   * output without a render node): none. */
  g_assert_false (kh_renderer_have_render_node (missing));
  g_assert_false (kh_renderer_have_render_node (dir));
  touch (dir, "card0", 0600);
  g_assert_false (kh_renderer_have_render_node (dir));
  /* A render node this process may not open (read-only here; root opens anything, so
   * the case is checked only for other users): none. */
  touch (dir, "renderD128", 0400);
  if (geteuid () != 0)
    g_assert_false (kh_renderer_have_render_node (dir));
  /* One it may open: found. */
  g_assert_cmpint (g_chmod (render = g_build_filename (dir, "renderD128", NULL), 0600), ==, 0);
  g_assert_true (kh_renderer_have_render_node (dir));

  card = g_build_filename (dir, "card0", NULL);
  g_assert_cmpint (g_remove (card), ==, 0);
  g_assert_cmpint (g_remove (render), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_apply (void)
{
  gboolean gpu = kh_renderer_have_render_node ("/dev/dri");

  /* The user's GSK_RENDERER stays as it is, and GDK_DEBUG is not set beside it. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("GDK_DISABLE");
  g_assert_false (kh_renderer_apply_preference ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_assert_null (g_getenv ("GDK_DEBUG"));

  /* Nothing set: cairo without OpenGL on this machine unless it has a render node. */
  g_unsetenv ("GSK_RENDERER");
  g_assert_cmpint (kh_renderer_apply_preference (), ==, !gpu);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, gpu ? NULL : "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, gpu ? NULL : "gl-disable");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/choose", test_choose);
  g_test_add_func ("/renderer/render-node", test_render_node);
  g_test_add_func ("/renderer/apply", test_apply);
  return g_test_run ();
}
