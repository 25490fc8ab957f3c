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

/* @value with @digits decimals into @buf exactly as printf's "%.*f" writes it, without
 * printf (compute's table at 3,000 units writes 660,000 numbers; issue 22), or FALSE when
 * this cannot tell: a value too large, or one within 1e-6 of a tie between two roundings.
 * value × 10^digits is y + err exactly (fma), y a double and err its rounding error; its
 * integer part floor (y) and its fraction (y − floor (y)) + err are then known well enough
 * to round to the nearest, as printf does with the exact binary value. */
static gboolean
format_fixed_fast (char   *buf,
                   double  value,
                   int     digits)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
                                   1e7, 1e8, 1e9, 1e10, 1e11, 1e12 };
  double a = fabs (value), y, err, floor_y, fraction;
  guint64 n;
  char digits_text[24];
  int len = 0, pos = 0;

  y = a * powers[digits];
  if (!(y < 4e15)) /* also infinity */
    return FALSE;
  err = fma (a, powers[digits], -y);
  floor_y = floor (y);
  fraction = (y - floor_y) + err;
  if (fabs (fraction - 0.5) < 1e-6)
    return FALSE;
  /* fraction is in (−0.5, 1.5): |err| is at most half a unit of y, below 0.5 */
  n = (guint64) floor_y + (fraction > 0.5 ? 1 : 0);
  do
    {
      digits_text[len++] = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0 || len <= digits);
  if (signbit (value))
    buf[pos++] = '-';
  while (len > 0)
    {
      buf[pos++] = digits_text[--len];
      if (len == digits && digits > 0)
        buf[pos++] = '.';
    }
  buf[pos] = '\0';
  return TRUE;
}

void
kh_cli_append_fixed (GString *out,
                     double   value,
                     int      digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  G_STATIC_ASSERT (G_N_ELEMENTS (fixed_formats) == 13);
  if (isnan (value))
    return;
  digits = CLAMP (digits, 0, 12);
  if (!format_fixed_fast (buf, value, digits))
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

