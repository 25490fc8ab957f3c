/* kh-double-text.h — a double as "%.17g" writes it, without printf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots, seals and messages print every number as g_ascii_formatd (…, "%.17g", …)
 * does, so that it reads back exactly; glibc's printf takes half a microsecond a number,
 * and a sealed year's snapshot at 3,000 units prints 1.27 million (issue 22).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Big enough for any double's text (as G_ASCII_DTOSTR_BUF_SIZE). */
#define KH_DOUBLE_TEXT_SIZE 40

/* Writes into @out exactly the text g_ascii_formatd (@out, KH_DOUBLE_TEXT_SIZE, "%.17g",
 * @value) writes ("nan", "inf" and "-inf" included), with its NUL; returns its length. */
gsize kh_double_text (char   out[KH_DOUBLE_TEXT_SIZE],
                      double value);

G_END_DECLS
