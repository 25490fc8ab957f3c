/* main.c — kaohe-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h> /* which C library: __GLIBC__ */
#include <string.h>
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "kh-cli.h"

/* `kaohe-cli compute` allocates most of its memory at once (a year at 3,000 units: 40 MB
 * in a few thousand blocks) and exits, where each 4 KiB page's first touch was a page
 * fault, a third of the process's CPU time on a shared machine (issue 22). So its heap
 * is grown ahead by 512 MiB of address space (nothing touched), marked for transparent
 * huge pages (Linux's madvise mode: a fault for each 2 MiB), and kept: the blocks up to
 * 32 MiB come from it, and it is never trimmed. Not for the other commands: a report
 * allocates and frees in turns, and kept so its peak memory grew by 40 %. Elsewhere than
 * glibc on Linux nothing changes. */
static void
heap_on_huge_pages (void)
{
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t) 2 << 20;
  void *first;
  uintptr_t start, end;

  if (!mallopt (M_MMAP_THRESHOLD, 32 << 20) || !mallopt (M_TRIM_THRESHOLD, INT32_MAX)
      || !mallopt (M_TOP_PAD, 512 << 20))
    return;
  /* more than the heap's top holds: the heap grows by this and the pad */
  first = malloc ((size_t) 1 << 20);
  if (first == NULL)
    return;
  start = ((uintptr_t) first + huge - 1) & ~(huge - 1);
  end = (uintptr_t) sbrk (0) & ~(huge - 1);
  if (end > start)
    madvise ((void *) start, end - start, MADV_HUGEPAGE);
  free (first);
#endif
}

int
main (int    argc,
      char **argv)
{
  if (argc > 1 && strcmp (argv[1], "compute") == 0)
    heap_on_huge_pages ();
  return kh_cli_main (argc, argv);
}
