/* kh-malloc.c — how the programs' heap gives memory back (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h> /* __GLIBC__, posix_memalign */
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
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

/* 2 MiB: a transparent huge page of x86-64 and arm64 (4 KiB pages) */
#define HUGE_PAGE_SIZE ((gsize) 2 << 20)

#if defined(__linux__) && defined(MADV_HUGEPAGE)
/* The bytes kh_malloc_huge() takes for @size on huge pages: its last huge page whole too
 * when that wastes less than a quarter (5.3 MB: 6 MiB, instead of 1.3 MB of 4 KiB pages,
 * 330 faults); else ordinary pages for the rest. */
static gsize
huge_whole (gsize size)
{
  gsize whole = (size + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);

  if (whole - size > size / 4)
    whole = size & ~(HUGE_PAGE_SIZE - 1);
  return whole;
}
#endif

gpointer
kh_malloc_huge (gsize size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  void *block = NULL;

  if (size >= HUGE_PAGE_SIZE)
    {
      gsize whole = huge_whole (size);

      if (posix_memalign (&block, HUGE_PAGE_SIZE, MAX (size, whole)) != 0)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
      /* a hint: refused (THP off, or never), the pages are ordinary ones */
      madvise (block, whole, MADV_HUGEPAGE);
      return block;
    }
#endif
  return g_malloc (size);
}

void
kh_malloc_release_tail (gpointer block,
                        gsize    size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  gsize whole, page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start, end;

  if (block == NULL || size < HUGE_PAGE_SIZE || (whole = huge_whole (size)) <= size)
    return;
  start = ((guintptr) block + size + page - 1) & ~((guintptr) page - 1);
  end = (guintptr) block + whole;
  if (start >= end)
    return;
  /* The last huge page split: no huge page there again (khugepaged would collapse it
   * back), and its pages past the array's end go. Both only hints: refused, the memory
   * stays as it was. */
  madvise ((void *) (end - HUGE_PAGE_SIZE), HUGE_PAGE_SIZE, MADV_NOHUGEPAGE);
  madvise ((void *) start, end - start, MADV_DONTNEED);
#endif
}
