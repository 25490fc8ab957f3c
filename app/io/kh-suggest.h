/* kh-suggest.h — "did you mean …": the nearest of a few candidates to a mistyped name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Distance is Levenshtein's over characters (a Chinese character counts one), after
 * kh_table_normalize_header() on both sides (width, case, spaces, a trailing unit of
 * measure). A candidate is suggested when it is at most a third of the longer name's
 * length away (at least one edit), or when one name of two characters or more contains
 * the other (南京 in 南京市); the nearest wins (a containment counts a half edit more
 * than the limit), the first of equals. Callers ask only for the messages they print
 * (at most KH_PROBLEMS_MAX), so the cost stays bounded on hostile input.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhSuggest KhSuggest;

KhSuggest  *kh_suggest_new     (void);
/* Adds a name; @payload (not copied, may be NULL) is what kh_suggest_nearest() returns
 * with it, e.g. the id the name stands for. */
void        kh_suggest_add     (KhSuggest  *suggest,
                                const char *name,
                                const char *payload);
/* The candidate name nearest to @text, or NULL when none is near; *payload its payload. */
const char *kh_suggest_nearest (KhSuggest   *suggest,
                                const char  *text,
                                const char **payload);
void        kh_suggest_free    (KhSuggest  *suggest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSuggest, kh_suggest_free)

G_END_DECLS
