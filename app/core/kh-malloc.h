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

/* A block of @size bytes, freed with g_free(): from 2 MiB on, on transparent huge pages
 * (a hint, ordinary pages where they are off), its last huge page whole too when that
 * wastes less than a quarter of @size. An array read or written across its whole length
 * in strides (a year's values, column by column, filled unit by unit) then misses the TLB
 * once per 2 MiB instead of once per 4 KiB: at 30,000 units × 200 fields, verify's packing
 * of a year's 48 MB took ten times as long as at 3,000 units (issue 22). */
gpointer kh_malloc_huge         (gsize    size);
/* Of a block of @size bytes from kh_malloc_huge(), gives back the pages of its last huge
 * page past its end, the contents untouched; they stay given back when the block is
 * written again. */
void     kh_malloc_release_tail (gpointer block,
                                 gsize    size);

G_END_DECLS
