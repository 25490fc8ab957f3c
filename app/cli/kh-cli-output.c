/* kh-cli-output.c — text output shared by the commands that print tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kh-cli.h"

/* The formats of 0 to 12 decimals, written out rather than printed for every value (over a
 * quarter of the time of writing compute's table at 3,000 units; issue 22). */
static const char *const fixed_formats[] = {
  "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f",
  "%.7f", "%.8f", "%.9f", "%.10f", "%.11f", "%.12f",
};

/* The two decimal digits of each number below 100, "00" to "99". */
static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* The last @count digits of @n written back from @end, two at a time; the first
 * written. */
static inline char *
put_digits (char    *end,
            guint64  n,
            int      count)
{
  for (; count >= 2; count -= 2)
    {
      end -= 2;
      memcpy (end, digit_pairs + 2 * (n % 100), 2);
      n /= 100;
    }
  if (count > 0)
    *--end = (char) ('0' + n % 10);
  return end;
}

/* n / 10^4 with four decimals into @buf, n < 10^9 (a score or a coverage: most of
 * compute's table; issue 22): as put_digits() writes it, in 32-bit arithmetic and without
 * a loop over the decimals. Its length. */
static inline gsize
format_four_decimals (char     *buf,
                      guint32   n,
                      gboolean  minus)
{
  guint32 whole = n / 10000, fraction = n - whole * 10000;
  guint32 high = fraction / 100;
  int whole_digits = whole < 10 ? 1 : whole < 100 ? 2 : whole < 1000 ? 3 : whole < 10000 ? 4 : 5;
  gsize len = (minus ? 1 : 0) + (gsize) whole_digits + 5;
  char *end = buf + len;

  memcpy (end - 2, digit_pairs + 2 * (fraction - high * 100), 2);
  memcpy (end - 4, digit_pairs + 2 * high, 2);
  end[-5] = '.';
  end -= 5;
  for (; whole_digits >= 2; whole_digits -= 2)
    {
      end -= 2;
      memcpy (end, digit_pairs + 2 * (whole % 100), 2);
      whole /= 100;
    }
  if (whole_digits > 0)
    *--end = (char) ('0' + whole);
  if (minus)
    *--end = '-';
  g_assert (end == buf);
  return len;
}

/* @value with @digits decimals into @buf exactly as printf's "%.*f" writes it (a zero
 * without its sign), without printf (compute's table at 3,000 units writes 660,000
 * numbers; issue 22): its length, or 0 when this cannot tell: a value too large, or one
 * within 1e-6 of a tie between two roundings. value × 10^digits is y + err exactly
 * (fma), y a double and err its rounding error; its integer part floor (y) and its
 * fraction (y − floor (y)) + err are then known well enough to round to the nearest, as
 * printf does with the exact binary value. @buf holds KH_FIXED_FAST_MAX bytes. */
#define KH_FIXED_FAST_MAX 32
static gsize
format_fixed_fast (char   *buf,
                   double  value,
                   int     digits)
{
  static const guint64 powers[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
    G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
    G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
    G_GUINT64_CONSTANT (10000000000000000),
  };
  double a = fabs (value), scale = (double) powers[digits], y, err, fraction;
  guint64 n, whole;
  int whole_digits = 1;
  gboolean minus;
  gsize len;
  char *end;

  y = a * scale;
  if (!(y < 4e15)) /* also infinity */
    return 0;
  err = fma (a, scale, -y);
  n = (guint64) (gint64) y; /* floor (y), 0 ≤ y < 4e15: a signed conversion */
  fraction = (y - (double) n) + err;
  if (fabs (fraction - 0.5) < 1e-6)
    return 0;
  /* fraction is in (−0.5, 1.5): |err| is at most half a unit of y, below 0.5 */
  if (fraction > 0.5)
    n++;
  /* no sign for a zero: "-0.00" is written "0.00" */
  minus = n != 0 && signbit (value);
  if (digits == 4 && n < 1000000000)
    return format_four_decimals (buf, (guint32) n, minus);
  /* n ≤ 4e15: 16 digits at most */
  whole = n / powers[digits];
  while (whole >= powers[whole_digits])
    whole_digits++;
  len = (minus ? 1 : 0) + (gsize) whole_digits + (digits > 0 ? 1 + (gsize) digits : 0);
  end = buf + len;
  if (digits > 0)
    {
      end = put_digits (end, n - whole * powers[digits], digits);
      *--end = '.';
    }
  end = put_digits (end, whole, whole_digits);
  if (minus)
    *--end = '-';
  g_assert (end == buf);
  return len;
}

void
kh_cli_append_fixed (GString *out,
                     double   value,
                     int      digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len, at = out->len;

  G_STATIC_ASSERT (G_N_ELEMENTS (fixed_formats) == 13);
  if (isnan (value))
    return;
  digits = CLAMP (digits, 0, 12);
  /* Written in place rather than through g_string_append () (a call for each of the
   * table's 660,000 numbers): room made once in a while, the length set after. */
  if (out->allocated_len <= at + KH_FIXED_FAST_MAX)
    {
      g_string_set_size (out, at + KH_FIXED_FAST_MAX);
      g_string_truncate (out, at);
    }
  len = format_fixed_fast (out->str + at, value, digits);
  if (len > 0)
    {
      out->len = at + len;
      out->str[out->len] = '\0';
      return;
    }
  g_ascii_formatd (buf, sizeof buf, fixed_formats[digits], value);
  /* a tiny negative value printed as -0.0000: drop the sign */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    memmove (buf, buf + 1, strlen (buf));
  g_string_append (out, buf);
}

void
kh_cli_append_fixed_column (GString *out,
                            double   value,
                            int      digits,
                            int      width)
{
  g_autoptr (GString) cell = g_string_new (NULL);

  kh_cli_append_fixed (cell, value, digits);
  if (cell->len == 0)
    g_string_append (cell, "—");
  g_string_append_printf (out, "%*s", width + (int) (cell->len - g_utf8_strlen (cell->str, -1)),
                          cell->str);
}

void
kh_cli_append_exact (GString *out,
                     double   value)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

void
kh_cli_append_csv_field (GString    *out,
                         const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
kh_cli_append_json_string (GString    *out,
                           const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

gboolean
kh_cli_write_output (const char *path,
                     GString    *text,
                     GError    **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    {
      fwrite (text->str, 1, text->len, stdout);
      return fflush (stdout) == 0;
    }
  return g_file_set_contents (path, text->str, text->len, error);
}

