/* kh-table-cells.c — the cells of a data table: lenient numbers and normalized headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a cell may hold is described in kh-table.h; the builder (kh-table.c) notes each
 * lenient reading once.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-table.h"

/* ------------------------------------------------------------------------------------
 * Numbers
 */

/* "16,355.3" → "16355.3" when the commas group thousands; NULL otherwise. */
static char *
ungroup_thousands (const char *s)
{
  const char *p = s;
  const char *dot = NULL;
  guint digits = 0;
  gboolean grouped = FALSE;
  GString *out = g_string_new (NULL);

  if (*p == '+' || *p == '-')
    g_string_append_c (out, *p++);
  for (; *p != '\0' && *p != '.'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++, g_string_append_c (out, *p);
      else if (*p == ',' && digits >= 1 && (grouped ? digits == 3 : digits <= 3))
        grouped = TRUE, digits = 0;
      else
        return g_string_free (out, TRUE), NULL;
    }
  dot = p;
  if (!grouped || digits != 3)
    return g_string_free (out, TRUE), NULL;
  g_string_append (out, dot);
  return g_string_free (out, FALSE);
}

/* Plain decimal notation only: no hex, inf or nan, which strtod would accept. */
static gboolean
parse_plain (const char *s,
             double     *value)
{
  char *end = NULL;
  double v;

  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-.eE", *p) == NULL)
      return FALSE;
  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
parse_grouped (const char *s,
               double     *value,
               gboolean   *grouped)
{
  g_autofree char *ungrouped = NULL;

  *grouped = FALSE;
  if (strchr (s, ',') == NULL)
    return parse_plain (s, value);
  ungrouped = ungroup_thousands (s);
  *grouped = ungrouped != NULL;
  return ungrouped != NULL && parse_plain (ungrouped, value);
}

gboolean
kh_table_parse_number (const char *text,
                       double     *value)
{
  g_autofree char *trimmed = NULL;
  gboolean grouped;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  return parse_grouped (trimmed, value, &grouped);
}

static gboolean
is_missing_mark (const char *s)
{
  static const char *const marks[] = {
    "n/a", "na", "#n/a", "\u2014", "\u2013", "\u2014\u2014", "-", "--", "\u65e0", "\u7121", "/",
    "\uff0f", "\uff0d", "\u2015",
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_ascii_strcasecmp (s, marks[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Full-width digits, signs, point, comma and percent (U+FF01–U+FF5E) to ASCII; NULL when
 * @s has none. */
static char *
narrow_fullwidth (const char *s)
{
  GString *out = NULL;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        {
          if (out == NULL)
            out = g_string_new_len (s, p - s);
          g_string_append_c (out, (char) (c - 0xFF01 + 0x21));
        }
      else if (c == 0x3002 && out != NULL) /* 。 typed for a point between full-width digits */
        g_string_append_c (out, '.');
      else if (out != NULL)
        g_string_append_unichar (out, c);
    }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

gboolean
kh_table_read_number (const char   *text,
                      gboolean      percent_ok,
                      double       *value,
                      KhNumberForm *form)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *narrow = NULL;
  char *s;
  gboolean grouped = FALSE;
  gsize len;

  g_return_val_if_fail (text != NULL && value != NULL && form != NULL, FALSE);

  *form = KH_NUMBER_PLAIN;
  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  if (is_missing_mark (trimmed))
    {
      *value = NAN;
      *form = KH_NUMBER_MISSING;
      return TRUE;
    }
  s = trimmed;
  narrow = narrow_fullwidth (s);
  if (narrow != NULL)
    {
      s = g_strstrip (narrow);
      *form |= KH_NUMBER_FULLWIDTH;
      if (is_missing_mark (s))
        {
          *value = NAN;
          *form = KH_NUMBER_MISSING;
          return TRUE;
        }
    }
  len = strlen (s);
  if (len > 1 && s[len - 1] == '%')
    {
      if (!percent_ok)
        return FALSE;
      s[len - 1] = '\0';
      g_strchomp (s);
      *form |= KH_NUMBER_PERCENT;
    }
  if (!parse_grouped (s, value, &grouped))
    return FALSE;
  if (grouped)
    *form |= KH_NUMBER_GROUPED;
  return TRUE;
}

/* ------------------------------------------------------------------------------------
 * Headers
 */

char *
kh_table_normalize_header (const char *header)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  char *s;
  gsize len;

  g_return_val_if_fail (header != NULL, NULL);

  nfkc = g_utf8_normalize (header, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    nfkc = g_strdup (header);
  folded = g_utf8_casefold (nfkc, -1);
  s = g_strstrip (g_strdup (folded));
  /* A trailing "(unit)" — NFKC made full-width parentheses ASCII. */
  len = strlen (s);
  if (len > 2 && s[len - 1] == ')')
    {
      char *open = strrchr (s, '(');

      if (open != NULL && open > s)
        {
          *open = '\0';
          g_strchomp (s);
        }
    }
  return s;
}
