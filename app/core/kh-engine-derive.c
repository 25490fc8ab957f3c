/* kh-engine-derive.c — formulas: compiled into stack programs, run as step 1 (derive)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each formula indicator's expression (kh-formula.h) becomes a small stack program;
 * the programs are ordered so that a formula runs after the indicators it reads in the
 * current year (growth() and prev() read last year's values and break cycles). Step 1
 * of kh_plan_compute() runs them for every unit.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-engine-private.h"
#include "kh-formula.h"
#include "kh-problem.h"

static void
emit (Program *program,
      OpCode   op,
      guint    field,
      double   value)
{
  Op o = { op, field, value };

  g_array_append_val (program->ops, o);
}

/* Post-order emission; returns the stack depth the subtree needs. */
static guint
compile_expr (KhPlan       *self,
              const KhExpr *e,
              Program      *program)
{
  static const OpCode binary[] = { [KH_EXPR_ADD] = OP_ADD, [KH_EXPR_SUB] = OP_SUB,
                                   [KH_EXPR_MUL] = OP_MUL, [KH_EXPR_DIV] = OP_DIV };
  guint d0, d1;

  switch (e->kind)
    {
    case KH_EXPR_NUMBER:
      emit (program, OP_CONST, 0, e->number);
      return 1;
    case KH_EXPR_NAME:
      emit (program, OP_LOAD, kh_engine_field_lookup (self, e->name), 0);
      return 1;
    case KH_EXPR_NEG:
      d0 = compile_expr (self, e->args[0], program);
      emit (program, OP_NEG, 0, 0);
      return d0;
    case KH_EXPR_ADD:
    case KH_EXPR_SUB:
    case KH_EXPR_MUL:
    case KH_EXPR_DIV:
      d0 = compile_expr (self, e->args[0], program);
      d1 = compile_expr (self, e->args[1], program);
      emit (program, binary[e->kind], 0, 0);
      return MAX (d0, d1 + 1);
    case KH_EXPR_CALL:
      if (e->func == KH_FUNC_GROWTH || e->func == KH_FUNC_PREV)
        {
          guint f = kh_engine_field_lookup (self, e->args[0]->name);

          self->fields[f].needs_prev = TRUE;
          emit (program, e->func == KH_FUNC_GROWTH ? OP_GROWTH : OP_PREV, f, 0);
          return 1;
        }
      d0 = compile_expr (self, e->args[0], program);
      if (e->n_args == 2)
        {
          d1 = compile_expr (self, e->args[1], program);
          emit (program, e->func == KH_FUNC_MIN ? OP_MIN : OP_MAX, 0, 0);
          return MAX (d0, d1 + 1);
        }
      emit (program, e->func == KH_FUNC_ABS ? OP_ABS : OP_LN, 0, 0);
      return d0;
    default:
      g_assert_not_reached ();
    }
  return 0;
}

void
kh_engine_compile_formulas (KhPlan  *self,
                            GString *problems)
{
  g_autoptr (GPtrArray) exprs = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_expr_free);
  g_autofree guint8 *mark = g_new0 (guint8, MAX (self->n_inds, 1));
  g_autofree guint *order = g_new0 (guint, MAX (self->n_inds, 1));
  guint n_formulas = 0, n_order = 0;
  gboolean ok = TRUE;
  guint stack = 1;

  for (guint i = 0; i < self->n_inds; i++)
    {
      const KhNode *node = self->inds[i].src;
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      KhExpr *expr;

      g_ptr_array_add (exprs, NULL);
      if (node->formula == NULL)
        continue;
      expr = kh_formula_parse (node->formula, NULL, &error);
      if (expr == NULL)
        {
          kh_problem (problems, _("indicator “%s”: formula: %s"), node->id, error->message);
          ok = FALSE;
          continue;
        }
      exprs->pdata[i] = expr;
      kh_expr_collect_names (expr, names);
      for (guint n = 0; n < names->len; n++)
        if (kh_engine_field_lookup (self, names->pdata[n]) == G_MAXUINT
            || !self->fields[kh_engine_field_lookup (self, names->pdata[n])].named)
          {
            kh_problem (problems, _("indicator “%s”: formula refers to unknown name “%s”"),
                        node->id, (const char *) names->pdata[n]);
            ok = FALSE;
          }
      n_formulas++;
    }
  if (!ok)
    return;

  /* Order: repeatedly take a formula whose current-year inputs are all done
   * (Kahn's algorithm, by indicator order for determinism). */
  for (guint i = 0; i < self->n_inds; i++)
    mark[i] = exprs->pdata[i] == NULL ? 2 : 0;
  while (n_order < n_formulas)
    {
      gboolean progress = FALSE;

      for (guint i = 0; i < self->n_inds; i++)
        {
          gboolean ready = TRUE;

          if (mark[i] != 0)
            continue;
          for (guint j = 0; j < self->n_inds && ready; j++)
            if (j != i && mark[j] != 2 && exprs->pdata[j] != NULL
                && kh_expr_uses_current (exprs->pdata[i], self->inds[j].src->id))
              ready = FALSE;
          if (kh_expr_uses_current (exprs->pdata[i], self->inds[i].src->id))
            ready = FALSE;
          if (ready)
            {
              mark[i] = 2;
              order[n_order++] = i;
              progress = TRUE;
            }
        }
      if (!progress)
        {
          for (guint i = 0; i < self->n_inds; i++)
            if (mark[i] == 0)
              kh_problem (problems, _("indicator “%s”: formula depends on itself through a cycle"),
                          self->inds[i].src->id);
          return;
        }
    }

  self->n_programs = n_order;
  self->programs = g_new0 (Program, MAX (n_order, 1));
  for (guint k = 0; k < n_order; k++)
    {
      guint i = order[k];
      Program *program = &self->programs[k];

      program->ops = g_array_new (FALSE, FALSE, sizeof (Op));
      program->target = self->inds[i].field;
      program->depth = compile_expr (self, exprs->pdata[i], program);
      stack = MAX (stack, program->depth);
    }
  self->stack = g_new (double, stack);
}

static double
run_program (const Program    *program,
             const ValueField *fields,
             double           *stack,
             guint             u)
{
  const Op *ops = (const Op *) program->ops->data;
  guint sp = 0;

  for (guint k = 0; k < program->ops->len; k++)
    {
      const Op *op = &ops[k];
      double a, b, p;

      switch (op->op)
        {
        case OP_CONST:
          stack[sp++] = op->value;
          break;
        case OP_LOAD:
          stack[sp++] = fields[op->field].values[u];
          break;
        case OP_PREV:
          stack[sp++] = fields[op->field].prev != NULL ? fields[op->field].prev[u] : NAN;
          break;
        case OP_GROWTH:
          p = fields[op->field].prev != NULL ? fields[op->field].prev[u] : NAN;
          stack[sp++] = p != 0 ? (fields[op->field].values[u] - p) / p * 100.0 : NAN;
          break;
        case OP_NEG:
          stack[sp - 1] = -stack[sp - 1];
          break;
        case OP_ABS:
          stack[sp - 1] = fabs (stack[sp - 1]);
          break;
        case OP_LN:
          a = stack[sp - 1];
          stack[sp - 1] = a > 0 ? log (a) : NAN;
          break;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV:
        case OP_MIN:
        case OP_MAX:
          b = stack[--sp];
          a = stack[sp - 1];
          if (op->op == OP_ADD)
            a = a + b;
          else if (op->op == OP_SUB)
            a = a - b;
          else if (op->op == OP_MUL)
            a = a * b;
          else if (op->op == OP_DIV)
            a = b != 0 ? a / b : NAN;
          else if (isnan (a) || isnan (b))
            a = NAN;
          else if (op->op == OP_MIN)
            a = a < b ? a : b;
          else
            a = a > b ? a : b;
          stack[sp - 1] = a;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return isfinite (stack[0]) ? stack[0] : NAN;
}

void
kh_engine_derive (KhPlan *self)
{
  for (guint k = 0; k < self->n_programs; k++)
    {
      const Program *program = &self->programs[k];
      double *out = self->fields[program->target].derived;

      for (guint u = 0; u < self->n_units; u++)
        out[u] = run_program (program, self->fields, self->stack, u);
    }
}

void
kh_engine_eval_previous (KhPlan      *prev,
                         const char  *formula,
                         const guint *map,
                         guint        n,
                         double      *out)
{
  g_autoptr (KhExpr) expr = kh_formula_parse (formula, NULL, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree double *stack = NULL;
  Program program = { NULL, 0, 0 };
  gboolean ok = expr != NULL && !kh_expr_uses_previous (expr);

  for (guint u = 0; u < n; u++)
    out[u] = NAN;
  if (ok)
    kh_expr_collect_names (expr, names);
  for (guint i = 0; ok && i < names->len; i++)
    {
      guint f = kh_engine_field_lookup (prev, names->pdata[i]);

      ok = f != G_MAXUINT && prev->fields[f].named;
    }
  if (!ok)
    return;
  program.ops = g_array_new (FALSE, FALSE, sizeof (Op));
  program.depth = compile_expr (prev, expr, &program);
  stack = g_new (double, MAX (program.depth, 1));
  for (guint u = 0; u < n; u++)
    if (map[u] != KH_DATASET_NONE)
      out[u] = run_program (&program, prev->fields, stack, map[u]);
  g_array_unref (program.ops);
}
