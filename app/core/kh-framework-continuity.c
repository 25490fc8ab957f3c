/* kh-framework-continuity.c — a framework checked against the one of the year before:
 * what `replaces` names must exist then, and a change of the unit of measure needs a
 * conversion formula that reads only last year's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-formula.h"
#include "kh-framework-check.h"

/* Continuity: `replaces` and `convert` against the framework of the year before. */

typedef struct
{
  KhFramework *earlier;
  KhCheckFunc func;
  gpointer user_data;
  guint n_problems;
} Continuity;

static void
continuity_report (Continuity   *c,
                   const KhNode *node,
                   char         *message)
{
  c->n_problems++;
  if (c->func != NULL)
    c->func (node, message, c->user_data);
  g_free (message);
}

static gboolean
framework_has_field (KhFramework *fw,
                     const char  *id)
{
  if (kh_framework_find_node (fw, id) != NULL)
    return TRUE;
  for (guint i = 0; i < fw->variables->len; i++)
    if (g_strcmp0 (((KhVariable *) fw->variables->pdata[i])->id, id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_continuity_cb (KhNode  *node,
                     gpointer user_data)
{
  Continuity *c = user_data;
  const KhNode *old;

  if (node->replaces == NULL)
    return TRUE;
  old = kh_framework_find_node (c->earlier, node->replaces);
  if (old == NULL)
    {
      continuity_report (c, node,
                         g_strdup_printf (_("“%s” replaces “%s”, which the %d framework does not have"),
                                          node->id, node->replaces, c->earlier->year));
      return TRUE;
    }
  if (node->convert != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhExpr) expr = kh_formula_parse (node->convert, NULL, &error);
      g_autoptr (GPtrArray) names = g_ptr_array_new ();

      if (expr == NULL)
        {
          continuity_report (c, node, g_strdup_printf (_("“%s”: conversion formula: %s"),
                                                       node->id, error->message));
          return TRUE;
        }
      kh_expr_collect_names (expr, names);
      for (guint i = 0; i < names->len; i++)
        if (!framework_has_field (c->earlier, names->pdata[i]))
          continuity_report (c, node,
                             g_strdup_printf (_("“%s”: the conversion formula names “%s”, which "
                                                "the %d framework does not have"),
                                              node->id, (const char *) names->pdata[i],
                                              c->earlier->year));
      if (kh_expr_uses_previous (expr))
        continuity_report (c, node, g_strdup_printf (_("“%s”: a conversion formula reads last "
                                                       "year's values only: no growth() or prev()"),
                                                     node->id));
      return TRUE;
    }
  if (node->kind == KH_NODE_INDICATOR && old->kind == KH_NODE_INDICATOR
      && g_strcmp0 (node->unit_of_measure, old->unit_of_measure) != 0)
    continuity_report (c, node,
                       g_strdup_printf (_("“%s” (%s) replaces “%s” (%s): a change of the unit of "
                                          "measure needs a conversion formula (convert)"),
                                        node->id, node->unit_of_measure != NULL ? node->unit_of_measure : "—",
                                        old->id, old->unit_of_measure != NULL ? old->unit_of_measure : "—"));
  return TRUE;
}

guint
kh_framework_check_continuity (KhFramework *earlier,
                               KhFramework *later,
                               KhCheckFunc  func,
                               gpointer     user_data)
{
  Continuity c = { earlier, func, user_data, 0 };

  g_return_val_if_fail (earlier != NULL, 0);
  g_return_val_if_fail (later != NULL, 0);

  kh_framework_foreach_node (later, check_continuity_cb, &c);
  return c.n_problems;
}
