/* kh-problem.h — collecting messages about bad input, one per line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every layer that checks input (the engine compiling a plan, io reading a table or a
 * project) gathers all the problems it finds into one GString, one message a line, and
 * hands the text over in a GError at the end. These two helpers are the only place
 * that joins the lines and formats a table position.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one message to @problems (a newline first when it is not empty). */
void kh_problem    (GString    *problems,
                    const char *format,
                    ...) G_GNUC_PRINTF (2, 3);

/* Appends "NAME: row ROW, column COLUMN: message" (rows and columns from 1);
 * with @row 0, "NAME: message". */
void kh_problem_at (GString    *problems,
                    const char *name,
                    guint       row,
                    guint       column,
                    const char *format,
                    ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
