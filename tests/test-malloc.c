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
 */
#include "config.h"

#include <stdlib.h> /* __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/malloc/untuned", test_untuned);
  g_test_add_func ("/malloc/tuned", test_tuned);
  return g_test_run ();
}
