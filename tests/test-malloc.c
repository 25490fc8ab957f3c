/* test-malloc.c — freed big blocks go back to the system (issue 22)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * glibc maps a block of M_MMAP_THRESHOLD bytes or more on its own (mallinfo2().hblkhd
 * counts those bytes) and unmaps it when freed. Left to itself, it raises the threshold
 * to the size of each mapped block freed: after a 4 MiB block freed, a 1 MiB block comes
 * from the heap, whose pages stay with the process when freed. kh_malloc_tune() fixes the
 * threshold: the 1 MiB block is mapped too. Each case runs in a process of its own, so
 * that no earlier free moved the threshold.
 *
 * The engine's arrays of 2 MiB or more (kh_engine_alloc_doubles()) are put on
 * transparent huge pages, the last one whole when that wastes less than a quarter: a
 * 5.3 MB array (221 nodes × 3,000 units) takes 6 MiB, resident whole once written.
 * kh_engine_release_tail() (kh_plan_release_slack(), the app's kept plans) gives back
 * the pages past its end (mincore()), the values untouched, and they stay given back when
 * the array is written again.
 */
#include "config.h"

#include <stdlib.h> /* __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "core/kh-engine-private.h"
#include "core/kh-malloc.h"

#define MIB ((size_t) 1 << 20)

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
/* Whether a 1 MiB block asked for after a 4 MiB one was freed is mapped on its own. */
static gboolean
small_after_big_is_mapped (void)
{
  size_t before = mallinfo2 ().hblkhd;
  char *big = malloc (4 * MIB);
  char *block;
  gboolean mapped;

  g_assert_nonnull (big);
  memset (big, 1, 4 * MIB);
  /* the first 4 MiB block is mapped either way (over glibc's first threshold, 128 KiB) */
  g_assert_cmpuint (mallinfo2 ().hblkhd, >=, before + 4 * MIB);
  free (big);
  g_assert_cmpuint (mallinfo2 ().hblkhd, ==, before);
  block = malloc (MIB);
  g_assert_nonnull (block);
  memset (block, 1, MIB);
  mapped = mallinfo2 ().hblkhd >= before + MIB;
  free (block);
  /* and unmapped when freed */
  g_assert_cmpuint (mallinfo2 ().hblkhd, ==, before);
  return mapped;
}
#endif

static void
test_untuned (void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  if (g_test_subprocess ())
    {
      /* glibc's own: the threshold rose to 4 MiB */
      g_assert_false (small_after_big_is_mapped ());
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("glibc's malloc only (not under AddressSanitizer)");
#endif
}

static void
test_tuned (void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  if (g_test_subprocess ())
    {
      kh_malloc_tune ();
      g_assert_true (small_after_big_is_mapped ());
      /* twice: still fixed */
      g_assert_true (small_after_big_is_mapped ());
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  kh_malloc_tune (); /* does nothing harmful */
  g_test_skip ("glibc's malloc only (not under AddressSanitizer)");
#endif
}

/* Whether every page of [@start, @end) is resident. */
static gboolean
all_resident (guintptr start,
              guintptr end)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE), n = (end - start + page - 1) / page;
  g_autofree unsigned char *in = g_new0 (unsigned char, MAX (n, 1));

  g_assert_cmpint (mincore ((void *) start, end - start, in), ==, 0);
  for (gsize i = 0; i < n; i++)
    if (!(in[i] & 1))
      return FALSE;
  return TRUE;
}

static gboolean
none_resident (guintptr start,
               guintptr end)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE), n = (end - start + page - 1) / page;
  g_autofree unsigned char *in = g_new0 (unsigned char, MAX (n, 1));

  g_assert_cmpint (mincore ((void *) start, end - start, in), ==, 0);
  for (gsize i = 0; i < n; i++)
    if (in[i] & 1)
      return FALSE;
  return TRUE;
}

static void
test_release_tail (void)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  /* 221 nodes × 3,000 units: 5.3 MB, on three huge pages, the last one whole (6 MiB) */
  gsize n = 221 * 3000, size = n * sizeof (double), page = (gsize) sysconf (_SC_PAGESIZE);
  double *block = kh_engine_alloc_doubles (n);
  guintptr end = ((guintptr) block + size + page - 1) & ~((guintptr) page - 1);
  guintptr whole = (guintptr) block + ((gsize) 6 << 20);
  gboolean huge;

  for (gsize i = 0; i < n; i++)
    block[i] = (double) i / 7.0;
  /* with transparent huge pages, the last one is resident whole, past the array's end */
  huge = all_resident (end, whole);
  if (!huge)
    g_test_message ("no transparent huge page: the tail was never resident");
  kh_engine_release_tail (block, n);
  g_assert_true (none_resident (end, whole));
  g_assert_true (all_resident ((guintptr) block, (guintptr) block + size));
  for (gsize i = 0; i < n; i++)
    if (block[i] != (double) i / 7.0)
      g_error ("value %" G_GSIZE_FORMAT " changed", i);
  /* written again (a recomputation): still nothing past the end */
  for (gsize i = 0; i < n; i++)
    block[i] = (double) i;
  g_assert_true (none_resident (end, whole));
  g_free (block);

  /* an array not rounded up (2.4 MB: 2 MiB and ordinary pages) is left as it is */
  block = kh_engine_alloc_doubles (300000);
  for (gsize i = 0; i < 300000; i++)
    block[i] = 1.0;
  kh_engine_release_tail (block, 300000);
  g_assert_cmpfloat (block[299999], ==, 1.0);
  g_free (block);
  kh_engine_release_tail (NULL, n); /* nothing */
#else
  g_test_skip ("Linux's transparent huge pages only");
#endif
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/malloc/untuned", test_untuned);
  g_test_add_func ("/malloc/tuned", test_tuned);
  g_test_add_func ("/malloc/engine-release-tail", test_release_tail);
  return g_test_run ();
}
