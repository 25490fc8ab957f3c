/* kh-malloc.h — how the programs' heap gives memory back (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The size from which malloc maps a block of its own, given back to the system when
 * freed: glibc's first value, kept (KH_MALLOC_MMAP_THRESHOLD). */
#define KH_MALLOC_MMAP_THRESHOLD (128 * 1024)

/* Called first in main() (and by the programs that stand for it, tests/bench): fixes
 * glibc's mmap threshold at KH_MALLOC_MMAP_THRESHOLD. Left to itself, glibc raises it to
 * the size of each mapped block freed (up to 32 MiB), after which arrays as large (a plan's
 * node scores, a year's values) come from the heap, whose pages stay with the process
 * when freed: at 3,000 units × 10 years the window's resident memory was 21 MB above what
 * malloc had in use. Nothing elsewhere than glibc. */
void kh_malloc_tune (void);

G_END_DECLS
