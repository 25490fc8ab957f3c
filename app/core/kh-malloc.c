/* kh-malloc.c — how the programs' heap gives memory back (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h> /* __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kh-malloc.h"

void
kh_malloc_tune (void)
{
#ifdef __GLIBC__
  /* Setting it also stops glibc from moving it (mallopt(3), M_MMAP_THRESHOLD). */
  if (mallopt (M_MMAP_THRESHOLD, KH_MALLOC_MMAP_THRESHOLD) != 1)
    g_debug ("mallopt (M_MMAP_THRESHOLD) refused");
#endif
}
