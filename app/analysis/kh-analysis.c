/* kh-analysis.c — the analysis layer's error domain and GSL set-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_errno.h>

#include "kh-analysis.h"

G_DEFINE_QUARK (kh-analysis-error-quark, kh_analysis_error)

void
kh_analysis_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&done, 1);
    }
}
