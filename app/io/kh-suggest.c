/* kh-suggest.c — "did you mean …": the nearest of a few candidates to a mistyped name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-io-work.h"
#include "kh-suggest.h"
#include "kh-table.h"

typedef struct
{
  char *name;        /* as given */
  gunichar *chars;   /* normalized */
  glong n_chars;
  const char *payload;
} Candidate;

struct _KhSuggest
{
  GArray *candidates; /* of Candidate */
  GHashTable *seen;   /* normalized name → TRUE */
};

static void
candidate_clear (Candidate *c)
{
  g_free (c->name);
  g_free (c->chars);
}

KhSuggest *
kh_suggest_new (void)
{
  KhSuggest *s = g_new0 (KhSuggest, 1);

  s->candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (s->candidates, (GDestroyNotify) candidate_clear);
  s->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

void
kh_suggest_free (KhSuggest *suggest)
{
  if (suggest == NULL)
    return;
  g_array_unref (suggest->candidates);
  g_hash_table_unref (suggest->seen);
  g_free (suggest);
}

static gunichar *
normalized_chars (const char *text,
                  glong      *n_chars)
{
  g_autofree char *norm = kh_table_normalize_header (text);

  return g_utf8_to_ucs4_fast (norm, -1, n_chars);
}

void
kh_suggest_add (KhSuggest  *suggest,
                const char *name,
                const char *payload)
{
  Candidate c = { 0 };
  char *norm;

  g_return_if_fail (suggest != NULL && name != NULL);

  norm = kh_table_normalize_header (name);
  if (norm[0] == '\0' || !g_hash_table_add (suggest->seen, norm))
    return;
  c.name = g_strdup (name);
  c.chars = g_utf8_to_ucs4_fast (norm, -1, &c.n_chars);
  c.payload = payload;
  g_array_append_val (suggest->candidates, c);
}

/* Levenshtein's distance, stopping early above @limit (then limit + 1). */
static glong
distance (const gunichar *a,
          glong           na,
          const gunichar *b,
          glong           nb,
          glong           limit)
{
  g_autofree glong *row = NULL;
  glong best = 0;

  if (ABS (na - nb) > limit)
    return limit + 1;
  row = g_new (glong, nb + 1);
  for (glong j = 0; j <= nb; j++)
    row[j] = j;
  for (glong i = 1; i <= na; i++)
    {
      glong diagonal = row[0];

      row[0] = i;
      best = row[0];
      for (glong j = 1; j <= nb; j++)
        {
          glong above = row[j];
          glong cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j - 1] + 1, above + 1), diagonal + cost);
          diagonal = above;
          best = MIN (best, row[j]);
        }
      if (best > limit)
        return limit + 1;
    }
  return row[nb];
}

static gboolean
contains (const gunichar *hay,
          glong           nh,
          const gunichar *needle,
          glong           nn)
{
  for (glong i = 0; nn >= 2 && i + nn <= nh; i++)
    if (memcmp (hay + i, needle, (gsize) nn * sizeof (gunichar)) == 0)
      return TRUE;
  return FALSE;
}

const char *
kh_suggest_nearest (KhSuggest   *suggest,
                    const char  *text,
                    const char **payload)
{
  g_autofree gunichar *chars = NULL;
  glong n = 0, best = G_MAXLONG;
  const Candidate *found = NULL;

  g_return_val_if_fail (suggest != NULL && text != NULL, NULL);

  chars = normalized_chars (text, &n);
  if (n == 0)
    return NULL;
  KH_IO_WORK_ADD (compares, suggest->candidates->len);
  for (guint i = 0; i < suggest->candidates->len; i++)
    {
      const Candidate *c = &g_array_index (suggest->candidates, Candidate, i);
      glong limit = MAX (1, MAX (n, c->n_chars) / 3);
      /* Scores in half edits: a near name scores twice its distance; one name inside the
       * other (南京 in 南京市, gdp in gdp_2020) scores just above the limit's distance. */
      glong d = distance (chars, n, c->chars, c->n_chars, limit) * 2;

      if (d > 2 * limit && (contains (c->chars, c->n_chars, chars, n)
                            || contains (chars, n, c->chars, c->n_chars)))
        d = 2 * limit + 1;
      if (d <= 2 * limit + 1 && d < best)
        best = d, found = c;
    }
  if (found == NULL)
    return NULL;
  if (payload != NULL)
    *payload = found->payload;
  return found->name;
}
