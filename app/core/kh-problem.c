/* kh-problem.c — collecting messages about bad input, one per line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-problem.h"

void
kh_problem (GString    *problems,
            const char *format,
            ...)
{
  va_list args;

  g_return_if_fail (problems != NULL);

  if (problems->len > 0)
    g_string_append_c (problems, '\n');
  va_start (args, format);
  g_string_append_vprintf (problems, format, args);
  va_end (args);
}

void
kh_problem_at (GString    *problems,
               const char *name,
               guint       row,
               guint       column,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (problems != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (problems->len > 0)
    g_string_append_c (problems, '\n');
  if (row > 0)
    g_string_append_printf (problems, _("%s: row %u, column %u: %s"), name, row, column, message);
  else
    g_string_append_printf (problems, "%s: %s", name, message);
}
