/* kh-double-text.c — a double as "%.17g" writes it, without printf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A finite double is m × 2^e exactly (m < 2^53). "%.17g" prints it rounded to 17
 * significant digits, to nearest and ties to even as glibc does: the integer
 * N = round (m × 2^e × 10^s), 10^16 ≤ N < 10^17, with s = 16 − (its decimal exponent).
 * For s ≥ 0 that is m × 5^s × 2^(s+e), exact in 128 bits while s ≤ 32 (5^32 < 2^75); for
 * s < 0 a division by 5^−s (× 2^…) with its remainder. So every double from about 1e−16
 * to 1e44 is printed here, digit for digit as printf would (tests/test-double-text.c
 * compares them on millions); subnormals, the rest and NaN and infinities are left to
 * g_ascii_formatd.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kh-double-text.h"

typedef unsigned __int128 KhU128;

#define TEN_16 UINT64_C (10000000000000000)
#define TEN_17 UINT64_C (100000000000000000)
#define MAX_POW5 32

static KhU128
pow5 (int n)
{
  static const uint64_t small[] = {
    UINT64_C (1), UINT64_C (5), UINT64_C (25), UINT64_C (125), UINT64_C (625),
    UINT64_C (3125), UINT64_C (15625), UINT64_C (78125), UINT64_C (390625),
    UINT64_C (1953125), UINT64_C (9765625), UINT64_C (48828125), UINT64_C (244140625),
    UINT64_C (1220703125), UINT64_C (6103515625), UINT64_C (30517578125),
    UINT64_C (152587890625), UINT64_C (762939453125), UINT64_C (3814697265625),
    UINT64_C (19073486328125), UINT64_C (95367431640625), UINT64_C (476837158203125),
    UINT64_C (2384185791015625), UINT64_C (11920928955078125),
    UINT64_C (59604644775390625), UINT64_C (298023223876953125),
    UINT64_C (1490116119384765625), UINT64_C (7450580596923828125),
  };
  KhU128 p;

  g_assert (n >= 0 && n <= MAX_POW5);
  if (n < (int) G_N_ELEMENTS (small))
    return small[n];
  p = small[G_N_ELEMENTS (small) - 1];
  for (int i = (int) G_N_ELEMENTS (small) - 1; i < n; i++)
    p *= 5;
  return p;
}

/* *@q = floor (@m × 2^@e × 10^@s) and *@up whether rounding it to nearest, ties to even,
 * adds one; FALSE when that is out of what is computed here exactly. */
static gboolean
scale (uint64_t  m,
       int       e,
       int       s,
       uint64_t *q,
       gboolean *up)
{
  KhU128 n, d, r, half;

  if (s >= 0)
    {
      int t = s + e;

      if (s > MAX_POW5)
        return FALSE;
      n = (KhU128) m * pow5 (s);
      if (t >= 0)
        {
          if (t > 10 || (n << t) >> 64 != 0)
            return FALSE;
          *q = (uint64_t) (n << t);
          *up = FALSE;
          return TRUE;
        }
      if (-t >= 127)
        return FALSE;
      r = n & (((KhU128) 1 << -t) - 1);
      n >>= -t;
      half = (KhU128) 1 << (-t - 1);
      if (n >> 64 != 0)
        return FALSE;
      *q = (uint64_t) n;
      *up = r > half || (r == half && (*q & 1) != 0);
      return TRUE;
    }
  /* m × 2^e / (5^u × 2^u), u = −s. */
  if (-s > 27)
    return FALSE;
  d = pow5 (-s);
  if (e + s >= 0)
    {
      if (e + s > 70)
        return FALSE;
      n = (KhU128) m << (e + s);
    }
  else
    {
      if (-(e + s) > 60)
        return FALSE;
      n = m;
      d <<= -(e + s);
    }
  r = n % d;
  n /= d;
  if (n >> 64 != 0)
    return FALSE;
  *q = (uint64_t) n;
  *up = 2 * r > d || (2 * r == d && (*q & 1) != 0);
  return TRUE;
}

/* The 17 digits of @value and its decimal exponent, as "%.17e" would print them; FALSE
 * when left to printf. */
static gboolean
digits_of (double    value,
           char      digits[17],
           int      *exponent)
{
  uint64_t bits, m, q = 0;
  gboolean up = FALSE;
  int biased, e, k;

  memcpy (&bits, &value, sizeof bits);
  biased = (int) ((bits >> 52) & 0x7ff);
  if (biased == 0 || biased == 0x7ff)
    return FALSE; /* zero, subnormal, infinite or NaN */
  m = (bits & ((UINT64_C (1) << 52) - 1)) | (UINT64_C (1) << 52);
  e = biased - 1075;
  /* log10 may be one off next to a power of ten: the digits' count corrects it. */
  k = (int) floor (log10 (fabs (value)));
  for (int tries = 0;; tries++)
    {
      if (tries == 3 || !scale (m, e, 16 - k, &q, &up))
        return FALSE;
      if (q >= TEN_17)
        k++;
      else if (q < TEN_16)
        k--;
      else
        break;
    }
  q += up;
  if (q == TEN_17) /* 9.99…95 rounded up to the next power of ten */
    {
      q = TEN_16;
      k++;
    }
  for (int i = 16; i >= 0; i--)
    {
      digits[i] = (char) ('0' + q % 10);
      q /= 10;
    }
  *exponent = k;
  return TRUE;
}

gsize
kh_double_text (char   out[KH_DOUBLE_TEXT_SIZE],
                double value)
{
  char digits[17];
  char *p = out;
  int k, n;

  if (value == 0)
    {
      memcpy (out, signbit (value) ? "-0" : "0", signbit (value) ? 3 : 2);
      return signbit (value) ? 2 : 1;
    }
  if (!digits_of (value, digits, &k))
    return strlen (g_ascii_formatd (out, KH_DOUBLE_TEXT_SIZE, "%.17g", value));
  if (value < 0)
    *p++ = '-';
  /* "%g" drops the trailing zeros, and the point when no digit is left after it. */
  n = 17;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  if (k >= 0 && k < 17)
    {
      memcpy (p, digits, (gsize) k + 1);
      p += k + 1;
      if (n > k + 1)
        {
          *p++ = '.';
          memcpy (p, digits + k + 1, (gsize) (n - k - 1));
          p += n - k - 1;
        }
    }
  else if (k >= -4 && k < 0)
    {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -k - 1; i++)
        *p++ = '0';
      memcpy (p, digits, (gsize) n);
      p += n;
    }
  else
    {
      int x = ABS (k);

      *p++ = digits[0];
      if (n > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, (gsize) n - 1);
          p += n - 1;
        }
      *p++ = 'e';
      *p++ = k < 0 ? '-' : '+';
      if (x >= 100)
        *p++ = (char) ('0' + x / 100);
      *p++ = (char) ('0' + x / 10 % 10);
      *p++ = (char) ('0' + x % 10);
    }
  *p = '\0';
  return (gsize) (p - out);
}
