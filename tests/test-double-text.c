/* test-double-text.c — kh_double_text() writes what g_ascii_formatd's "%.17g" writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sealed snapshots are compared byte for byte with the text of the year now: one digit
 * printed otherwise than printf prints it would turn every sealed year into a changed one.
 * So the fast path is compared with printf on the doubles that round in hard ways (ties,
 * powers of ten, nines that carry), on every kind of random bits, and on the numbers a
 * project holds (decimals as imported, scores, large totals).
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "core/kh-double-text.h"

static void
assert_as_printf (double value)
{
  char want[G_ASCII_DTOSTR_BUF_SIZE];
  char got[KH_DOUBLE_TEXT_SIZE];
  gsize len;

  memset (got, 'x', sizeof got);
  g_ascii_formatd (want, sizeof want, "%.17g", value);
  len = kh_double_text (got, value);
  if (strcmp (got, want) != 0 || len != strlen (want))
    g_error ("%a: printf writes “%s”, kh_double_text “%s” (%" G_GSIZE_FORMAT " bytes)", value,
             want, got, len);
}

static void
test_special (void)
{
  static const double cases[] = {
    0.0, -0.0, 1, -1, 0.5, 0.1, 0.3, 2.0 / 3, 1e-4, 9.9999999999999995e-5, 1e-5, 1e-16, 1e-17,
    1e16, 1e17, 99999999999999999.0, 1e17 - 16, 123456789012345678.0, 1e22, 1e23, 1e44, 1e45,
    /* ties at the 18th digit: to even */
    2251799813685248.25, 2251799813685248.75, 4503599627370497.5, 1125899906842624.125,
    9007199254740993.0, 9007199254740992.0, 0.99999999999999999, 9.9999999999999998,
    DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, DBL_EPSILON, 1e-300, 1e300,
    49.846063999999998, 66.542973282835021, 3.2926138739982029,
    INFINITY, -INFINITY, NAN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_as_printf (cases[i]);
      assert_as_printf (-cases[i]);
      assert_as_printf (nextafter (cases[i], INFINITY));
      assert_as_printf (nextafter (cases[i], -INFINITY));
    }
}

/* Every power of ten and its neighbours, and 9…9 and 9…95 at each length. */
static void
test_powers_of_ten (void)
{
  for (int x = -330; x <= 310; x++)
    {
      double p = pow (10, x);

      assert_as_printf (p);
      assert_as_printf (nextafter (p, INFINITY));
      assert_as_printf (nextafter (p, 0));
    }
  for (int digits = 1; digits <= 20; digits++)
    for (int x = -30; x <= 30; x++)
      {
        double nines = (1 - pow (10, -digits)) * pow (10, x);

        assert_as_printf (nines);
        assert_as_printf (nines + 5 * pow (10, x - digits - 1));
      }
}

/* @n random doubles of each kind, and their neighbours. */
static void
test_random (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (22);
  const int n = g_test_slow () ? 2000000 : 200000;

  for (int i = 0; i < n; i++)
    for (int kind = 0; kind < 7; kind++)
      {
        double value;
        guint64 bits;

        switch (kind)
          {
          case 0: /* any bits: subnormals, huge and tiny exponents */
            bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
            memcpy (&value, &bits, sizeof value);
            break;
          case 1:
            value = g_rand_double_range (rand, -1000, 1000);
            break;
          case 2: /* few binary digits after the point: exact ties */
            value = (double) g_rand_int_range (rand, -2000000000, 2000000000)
                    / (double) (1 << g_rand_int_range (rand, 0, 20));
            break;
          case 3: /* decimals as imported */
            value = round (g_rand_double_range (rand, 0, 1e6) * 1e6) / 1e6;
            break;
          case 4: /* every binary exponent of the range computed without printf, and beyond */
            value = ldexp (g_rand_double (rand) + 1, g_rand_int_range (rand, -70, 160));
            break;
          case 5: /* integers, up to and past 2^53 */
            value = (double) (g_rand_int (rand) | ((guint64) g_rand_int (rand) << 32))
                    / (double) (G_GUINT64_CONSTANT (1) << g_rand_int_range (rand, 0, 40));
            break;
          default: /* powers of ten a few units in the last place away */
            value = pow (10, g_rand_int_range (rand, -20, 46))
                    * (1 + g_rand_int_range (rand, -3, 4) * DBL_EPSILON);
          }
        assert_as_printf (value);
        assert_as_printf (nextafter (value, INFINITY));
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/double-text/special", test_special);
  g_test_add_func ("/double-text/powers-of-ten", test_powers_of_ten);
  g_test_add_func ("/double-text/random", test_random);

  return g_test_run ();
}
