/* test-cli-output.c — the numbers the CLI's tables print (kh-cli-output.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cli/kh-cli.h"

/* What kh_cli_append_fixed printed before its fast path: printf's "%.*f" in the C locale,
 * "-0.00…" without its sign. The independent method every value is checked against. */
static char *
fixed_by_printf (double value,
                 int    digits)
{
  char format[8], buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%df", digits);
  g_ascii_formatd (buf, sizeof buf, format, value);
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    return g_strdup (buf + 1);
  return g_strdup (buf);
}

static void
check_fixed (double value,
             int    digits)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *expected = fixed_by_printf (value, digits);

  kh_cli_append_fixed (out, value, digits);
  if (strcmp (out->str, expected) != 0)
    g_error ("%.17g with %d decimals: %s, printf %s", value, digits, out->str, expected);
}

/* Chosen values: exact ties (1/32 = 0.03125 and 2.5 are exactly representable, printf
 * rounds them to even: 0.0312, 2), values printed with a decimal just below or above a
 * tie in binary (0.125 + or − one unit in the last place), signed zeros and tiny
 * negatives (printed without their sign), the largest the fast path takes and beyond,
 * infinities, carries into a new digit (9.99995). Then a million random values over every
 * magnitude and number of decimals. */
static void
test_fixed (void)
{
  const double chosen[] = { 0, -0.0, 1, -1, 0.5, 2.5, 3.5, 0.03125, -0.03125, 0.125,
                            nextafter (0.125, 1), nextafter (0.125, 0), 1e-5, -1e-5,
                            4e-5, 5e-5, 0.00015, 99.99995, 63.19, 83.49, 1e11, 4e11,
                            4.6e11, 1e15, 1e300, -1e300, 5e-324, INFINITY, -INFINITY,
                            0.1 + 0.2, 1.0 / 3, 2.0 / 3, 12345.678949999999,
                            9.99995, 0.99999999, 9.5, 99.5, 999999.99999, -9.99995,
                            nextafter (4e11, 0), nextafter (4e3, 0), 3999.99999999999,
                            -0.00004, -0.00005, -0.00006, 1e-13, -1e-13,
                            /* around the four decimals' 32-bit path (below 10^5) */
                            99999.99994, 99999.99996, -99999.99994, 10000, 9999.99995,
                            -12345.67891, 100000, 1000.00005 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (22);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (chosen); i++)
    for (int digits = 0; digits <= 12; digits++)
      check_fixed (chosen[i], digits);
  for (guint i = 0; i < 1000000; i++)
    {
      double mantissa = g_rand_double_range (rand, -1, 1);
      int exponent = g_rand_int_range (rand, -8, 14);
      double value = ldexp (mantissa, (int) (exponent * 3.3219));

      /* a quarter of them on a grid, where ties and near-ties are common; a quarter
       * scores as compute's table prints them (0 to 100, 4 decimals) */
      if (i % 4 == 0)
        value = round (value * 64) / 64;
      if (i % 4 == 1)
        check_fixed (g_rand_double_range (rand, 0, 100), 4);
      else
        check_fixed (value, g_rand_int_range (rand, 0, 13));
    }
  /* Worked by hand: 2 decimals of 2.675 (binary 2.67499999…) are 2.67, of 1.005
   * (1.00499999…) 1.00; of 0.125 exactly, to even, 0.12; NaN prints nothing. */
  kh_cli_append_fixed (out, 2.675, 2);
  g_string_append_c (out, ' ');
  kh_cli_append_fixed (out, 1.005, 2);
  g_string_append_c (out, ' ');
  kh_cli_append_fixed (out, 0.125, 2);
  g_string_append_c (out, ' ');
  kh_cli_append_fixed (out, NAN, 2);
  g_string_append_c (out, ' ');
  kh_cli_append_fixed (out, -0.0001, 2);
  g_assert_cmpstr (out->str, ==, "2.67 1.00 0.12  0.00");

  /* Columns: right-aligned in characters, "—" (3 bytes, 1 character) for NaN, a value
   * wider than its column whole. */
  g_string_truncate (out, 0);
  kh_cli_append_fixed_column (out, 2.675, 2, 6);
  kh_cli_append_fixed_column (out, NAN, 4, 3);
  kh_cli_append_fixed_column (out, 12345.5, 1, 3);
  g_assert_cmpstr (out->str, ==, "  2.67  —12345.5");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-output/fixed", test_fixed);
  return g_test_run ();
}
