/* kh-props-private.h — what kh-node-props.c and kh-rule-props.c share: reading and
 * writing property values as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The position of @value among kh_prop_choices (@key), or -1. */
int      kh_prop_choice_index     (const char  *key,
                                   const char  *value);
/* The shortest text that reads back as @value; "" for NAN. */
char    *kh_prop_number_to_string (double       value);
/* Sets KH_IO_ERROR_INVALID "@key: @message" and returns FALSE. */
gboolean kh_prop_invalid          (GError     **error,
                                   const char  *key,
                                   const char  *message);
/* A finite number; empty text is NAN when @allow_empty. */
gboolean kh_prop_parse_number     (const char  *key,
                                   const char  *value,
                                   gboolean     allow_empty,
                                   double      *out,
                                   GError     **error);
/* A whole number from 0 to 9999; empty text is 0. */
gboolean kh_prop_parse_integer    (const char  *key,
                                   const char  *value,
                                   int         *out,
                                   GError     **error);
/* "true" or "false". */
gboolean kh_prop_parse_boolean    (const char  *key,
                                   const char  *value,
                                   gboolean    *out,
                                   GError     **error);
/* An XML-safe identifier: a letter or _, then letters, digits, _ - or . */
gboolean kh_prop_valid_id         (const char  *id);

G_END_DECLS
