/* fuzz-framework-xml.c — fuzz target for the framework loader, with a standalone driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LLVMFuzzerTestOneInput() loads arbitrary bytes as a framework file. Invariants: it
 * never crashes, leaks or hangs; a failure always carries a KH_IO_ERROR with a message
 * that starts with the display name; a success writes a canonical form that loads again
 * and writes the same text (load → save → load is identical).
 *
 * With a fuzzing engine (libFuzzer):
 *   clang -fsanitize=fuzzer,address -DKH_FUZZ_NO_DRIVER … fuzz-framework-xml.c
 *   ./fuzz-framework-xml tests/fuzz/corpus/framework-xml
 * Without one (the test suite), main() below runs every file of the seed corpus and,
 * for each, a fixed set of deterministic mutants (truncations, byte flips, splices).
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (KhFramework) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  fw = kh_framework_xml_load_data ((const char *) data, size, "fuzz.xml", &error);
  if (fw == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KH_IO_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.xml"));
      return 0;
    }

  text = kh_framework_xml_to_string (fw);
  again = kh_framework_xml_load_data (text, strlen (text), "canonical.xml", &error);
  if (again == NULL)
    g_error ("the canonical form does not load again: %s\n%s", error->message, text);
  text2 = kh_framework_xml_to_string (again);
  g_assert_cmpstr (text, ==, text2);
  return 0;
}

#ifndef KH_FUZZ_NO_DRIVER

#define N_MUTANTS 40

static void
run_mutants (const guint8 *data,
             gsize         len,
             guint32       seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *buf = g_malloc (len + 64);

  for (guint i = 0; i < N_MUTANTS; i++)
    {
      gsize n = len;

      memcpy (buf, data, len);
      switch (i % 4)
        {
        case 0: /* truncate */
          n = len > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) MIN (len, G_MAXINT32)) : 0;
          break;
        case 1: /* flip a few bytes */
          for (guint k = 0; len > 0 && k < 4; k++)
            buf[g_rand_int_range (rand, 0, (gint32) MIN (len, G_MAXINT32))] ^=
              (guint8) g_rand_int_range (rand, 1, 256);
          break;
        case 2: /* overwrite a byte with markup */
          if (len > 0)
            {
              static const char markup[] = "<>&\"'=/!?;";

              buf[g_rand_int_range (rand, 0, (gint32) MIN (len, G_MAXINT32))] =
                (guint8) markup[g_rand_int_range (rand, 0, sizeof markup - 1)];
            }
          break;
        default: /* duplicate a slice in place */
          if (len > 2)
            {
              gsize from = (gsize) g_rand_int_range (rand, 0, (gint32) MIN (len - 1, G_MAXINT32));
              gsize count = MIN ((gsize) g_rand_int_range (rand, 1, 64), len - from);

              memmove (buf + from + count, buf + from, len - from);
              n = len + count;
              if (n > len + 64)
                n = len + 64;
            }
          break;
        }
      LLVMFuzzerTestOneInput (buf, n);
    }
}

static void
test_seed (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  run_mutants ((const guint8 *) contents, len, g_str_hash (path));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr (GDir) listing = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "fuzz", "corpus",
                          "framework-xml", NULL);
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/framework-xml/%s", base);
      char *path = g_build_filename (dir, base, NULL);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, test_seed);
    }
  g_assert_cmpuint (paths->len, >, 0);
  return g_test_run ();
}

#endif
