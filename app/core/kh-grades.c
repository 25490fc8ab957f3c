/* kh-grades.c — the values of an indicator scored by grades (优/良/中/差)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-grades.h"

static gboolean
node_is_graded (const KhNode *node)
{
  return node->kind == KH_NODE_INDICATOR && node->formula == NULL
         && node->scoring.method == KH_METHOD_GRADES && node->scoring.steps != NULL;
}

gboolean
kh_node_value_is_grade (const KhNode *node,
                        double        value)
{
  g_return_val_if_fail (node != NULL, FALSE);

  if (!node_is_graded (node) || isnan (value))
    return TRUE;
  for (guint s = 0; s < node->scoring.steps->len; s++)
    if (g_array_index (node->scoring.steps, KhStep, s).min == value)
      return TRUE;
  return FALSE;
}

char *
kh_node_grade_codes (const KhNode *node,
                     KhLang        lang)
{
  GString *text;

  g_return_val_if_fail (node != NULL, NULL);

  if (!node_is_graded (node))
    return NULL;
  text = g_string_new (NULL);
  for (guint s = 0; s < node->scoring.steps->len; s++)
    {
      const KhStep *step = &g_array_index (node->scoring.steps, KhStep, s);
      const char *label = kh_text_get (&step->label, lang);
      char code[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (code, sizeof code, "%.10g", step->min);
      if (s > 0)
        g_string_append (text, ", ");
      g_string_append (text, code);
      if (label != NULL && *label != '\0')
        g_string_append_printf (text, " (%s)", label);
    }
  return g_string_free (text, FALSE);
}
