/* main.c — kaohe, the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "core/kh-malloc.h"
#include "ui/kh-application.h"
#include "ui/kh-renderer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (KhApplication) app = NULL;

  /* before the first allocation it is to govern (issue 22) */
  kh_malloc_tune ();
  setlocale (LC_ALL, "");
  /* KAOHE_LOCALEDIR: the build tree's catalogues (set by `meson devenv`). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KAOHE_LOCALEDIR") != NULL ? g_getenv ("KAOHE_LOCALEDIR")
                                                                       : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GTK's cairo renderer where OpenGL would be software (kh-renderer.c), unless the
   * user chose: before GTK opens the display. */
  kh_renderer_apply_preference ();
  app = kh_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
