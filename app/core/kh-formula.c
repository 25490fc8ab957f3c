/* kh-formula.c — indicator formulas: parsing and references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small recursive-descent parser for the grammar in kh-formula.h. The evaluator
 * lives in the engine's plan (kh-engine.c), which compiles the tree to a flat program.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kh-formula.h"

/* Deep formulas are a sign of a broken or hostile input, not of a real indicator. */
#define MAX_DEPTH 64

G_DEFINE_QUARK (kh-formula-error-quark, kh_formula_error)

typedef struct
{
  const char *text;
  const char *p;
  guint depth;
  guint error_offset;
  GError *error;
} Parser;

static const struct
{
  const char *name;
  KhFunction func;
  guint n_args;
} functions[] = {
  { "growth", KH_FUNC_GROWTH, 1 },
  { "prev", KH_FUNC_PREV, 1 },
  { "abs", KH_FUNC_ABS, 1 },
  { "min", KH_FUNC_MIN, 2 },
  { "max", KH_FUNC_MAX, 2 },
  { "ln", KH_FUNC_LN, 1 },
};

static KhExpr *parse_expr (Parser *parser);

static KhExpr *
expr_new (KhExprKind kind,
          guint      offset)
{
  KhExpr *expr = g_new0 (KhExpr, 1);

  expr->kind = kind;
  expr->offset = offset;
  return expr;
}

void
kh_expr_free (KhExpr *expr)
{
  if (expr == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (expr->args); i++)
    kh_expr_free (expr->args[i]);
  g_free (expr->name);
  g_free (expr);
}

static guint
parser_offset (Parser *parser)
{
  return (guint) (parser->p - parser->text);
}

static void
skip_space (Parser *parser)
{
  while (g_ascii_isspace (*parser->p))
    parser->p++;
}

/* Records the first error only; the parse unwinds afterwards. */
static void
parser_fail (Parser     *parser,
             int         code,
             guint       offset,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
parser_fail (Parser     *parser,
             int         code,
             guint       offset,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (parser->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  parser->error_offset = offset;
  parser->error = g_error_new (KH_FORMULA_ERROR, code, _("column %u: %s"), offset + 1, message);
}

static char *
describe_here (Parser *parser)
{
  if (*parser->p == '\0')
    return g_strdup (_("end of formula"));
  return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (parser->p) - parser->p), parser->p);
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

static KhExpr *
parse_number (Parser *parser)
{
  guint offset = parser_offset (parser);
  const char *start = parser->p;
  char *end = NULL;
  KhExpr *expr;
  double value;

  while (g_ascii_isdigit (*parser->p))
    parser->p++;
  if (*parser->p == '.')
    {
      parser->p++;
      while (g_ascii_isdigit (*parser->p))
        parser->p++;
    }
  if (*parser->p == 'e' || *parser->p == 'E')
    {
      const char *q = parser->p + 1;

      if (*q == '+' || *q == '-')
        q++;
      if (g_ascii_isdigit (*q))
        {
          parser->p = q;
          while (g_ascii_isdigit (*parser->p))
            parser->p++;
        }
    }

  value = g_ascii_strtod (start, &end);
  if (end != parser->p || (parser->p - start == 1 && *start == '.') || !isfinite (value))
    {
      parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, offset, _("invalid number"));
      return NULL;
    }
  if (is_name_start (*parser->p))
    {
      parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, parser_offset (parser),
                   _("expected an operator after the number"));
      return NULL;
    }

  expr = expr_new (KH_EXPR_NUMBER, offset);
  expr->number = value;
  return expr;
}

static KhExpr *
parse_call (Parser     *parser,
            const char *name,
            guint       offset)
{
  g_autoptr (KhExpr) call = NULL;
  guint n_args = 0;
  guint expected = 0;
  guint first_arg_offset = 0;
  gboolean found = FALSE;

  call = expr_new (KH_EXPR_CALL, offset);
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      {
        call->func = functions[i].func;
        expected = functions[i].n_args;
        found = TRUE;
      }
  if (!found)
    {
      parser_fail (parser, KH_FORMULA_ERROR_FUNCTION, offset,
                   _("unknown function “%s” (known: growth, prev, abs, min, max, ln)"), name);
      return NULL;
    }

  parser->p++; /* '(' */
  for (;;)
    {
      KhExpr *arg;

      skip_space (parser);
      if (n_args >= expected)
        {
          parser_fail (parser, KH_FORMULA_ERROR_FUNCTION, offset,
                       ngettext ("%s() takes %u argument", "%s() takes %u arguments", expected),
                       name, expected);
          return NULL;
        }
      if (n_args == 0)
        first_arg_offset = parser_offset (parser);
      arg = parse_expr (parser);
      if (arg == NULL)
        return NULL;
      call->args[n_args++] = arg;
      skip_space (parser);
      if (*parser->p == ',')
        {
          parser->p++;
          continue;
        }
      if (*parser->p == ')')
        {
          parser->p++;
          break;
        }
      {
        g_autofree char *here = describe_here (parser);

        parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, parser_offset (parser),
                     _("expected “,” or “)” but found %s"), here);
      }
      return NULL;
    }
  call->n_args = n_args;

  if (n_args != expected)
    {
      parser_fail (parser, KH_FORMULA_ERROR_FUNCTION, offset,
                   ngettext ("%s() takes %u argument", "%s() takes %u arguments", expected),
                   name, expected);
      return NULL;
    }
  if ((call->func == KH_FUNC_GROWTH || call->func == KH_FUNC_PREV)
      && call->args[0]->kind != KH_EXPR_NAME)
    {
      parser_fail (parser, KH_FORMULA_ERROR_FUNCTION, first_arg_offset,
                   _("%s() takes the name of a variable or indicator"), name);
      return NULL;
    }
  return g_steal_pointer (&call);
}

static KhExpr *
parse_primary (Parser *parser)
{
  guint offset;

  skip_space (parser);
  offset = parser_offset (parser);

  if (g_ascii_isdigit (*parser->p) || *parser->p == '.')
    return parse_number (parser);

  if (is_name_start (*parser->p))
    {
      const char *start = parser->p;
      g_autofree char *name = NULL;
      KhExpr *expr;

      while (is_name_char (*parser->p))
        parser->p++;
      name = g_strndup (start, parser->p - start);
      skip_space (parser);
      if (*parser->p == '(')
        return parse_call (parser, name, offset);

      expr = expr_new (KH_EXPR_NAME, offset);
      expr->name = g_steal_pointer (&name);
      return expr;
    }

  if (*parser->p == '(')
    {
      KhExpr *inner;

      parser->p++;
      inner = parse_expr (parser);
      if (inner == NULL)
        return NULL;
      skip_space (parser);
      if (*parser->p != ')')
        {
          g_autofree char *here = describe_here (parser);

          kh_expr_free (inner);
          parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, parser_offset (parser),
                       _("expected “)” but found %s"), here);
          return NULL;
        }
      parser->p++;
      return inner;
    }

  {
    g_autofree char *here = describe_here (parser);

    parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, offset,
                 _("expected a number, a name or “(” but found %s"), here);
  }
  return NULL;
}

static KhExpr *
parse_unary (Parser *parser)
{
  guint offset;

  skip_space (parser);
  offset = parser_offset (parser);
  if (*parser->p == '-')
    {
      KhExpr *operand;
      KhExpr *neg;

      if (parser->depth >= MAX_DEPTH)
        {
          parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, offset, _("formula nested too deeply"));
          return NULL;
        }
      parser->p++;
      parser->depth++;
      operand = parse_unary (parser);
      parser->depth--;
      if (operand == NULL)
        return NULL;
      neg = expr_new (KH_EXPR_NEG, offset);
      neg->args[0] = operand;
      neg->n_args = 1;
      return neg;
    }
  return parse_primary (parser);
}

static KhExpr *
binary_new (KhExprKind kind,
            guint      offset,
            KhExpr    *left,
            KhExpr    *right)
{
  KhExpr *expr = expr_new (kind, offset);

  expr->args[0] = left;
  expr->args[1] = right;
  expr->n_args = 2;
  return expr;
}

static KhExpr *
parse_term (Parser *parser)
{
  KhExpr *left = parse_unary (parser);

  while (left != NULL)
    {
      KhExprKind kind;
      guint offset;
      KhExpr *right;

      skip_space (parser);
      if (*parser->p == '*')
        kind = KH_EXPR_MUL;
      else if (*parser->p == '/')
        kind = KH_EXPR_DIV;
      else
        break;
      offset = parser_offset (parser);
      parser->p++;
      right = parse_unary (parser);
      if (right == NULL)
        {
          kh_expr_free (left);
          return NULL;
        }
      left = binary_new (kind, offset, left, right);
    }
  return left;
}

static KhExpr *
parse_expr (Parser *parser)
{
  KhExpr *left;

  if (parser->depth >= MAX_DEPTH)
    {
      parser_fail (parser, KH_FORMULA_ERROR_SYNTAX, parser_offset (parser),
                   _("formula nested too deeply"));
      return NULL;
    }
  parser->depth++;
  left = parse_term (parser);
  while (left != NULL)
    {
      KhExprKind kind;
      guint offset;
      KhExpr *right;

      skip_space (parser);
      if (*parser->p == '+')
        kind = KH_EXPR_ADD;
      else if (*parser->p == '-')
        kind = KH_EXPR_SUB;
      else
        break;
      offset = parser_offset (parser);
      parser->p++;
      right = parse_term (parser);
      if (right == NULL)
        {
          g_clear_pointer (&left, kh_expr_free);
          break;
        }
      left = binary_new (kind, offset, left, right);
    }
  parser->depth--;
  return left;
}

KhExpr *
kh_formula_parse (const char *text,
                  guint      *error_offset,
                  GError    **error)
{
  Parser parser = { text, text, 0, 0, NULL };
  g_autoptr (KhExpr) expr = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  expr = parse_expr (&parser);
  if (expr != NULL)
    {
      skip_space (&parser);
      if (*parser.p != '\0')
        {
          g_autofree char *here = describe_here (&parser);

          parser_fail (&parser, KH_FORMULA_ERROR_SYNTAX, parser_offset (&parser),
                       _("expected an operator or the end of the formula but found %s"), here);
          g_clear_pointer (&expr, kh_expr_free);
        }
    }

  if (expr == NULL)
    {
      g_assert (parser.error != NULL);
      if (error_offset != NULL)
        *error_offset = parser.error_offset;
      g_propagate_error (error, parser.error);
      return NULL;
    }
  return g_steal_pointer (&expr);
}

void
kh_expr_collect_names (const KhExpr *expr,
                       GPtrArray    *names)
{
  g_return_if_fail (expr != NULL);
  g_return_if_fail (names != NULL);

  if (expr->kind == KH_EXPR_NAME)
    {
      for (guint i = 0; i < names->len; i++)
        if (strcmp (g_ptr_array_index (names, i), expr->name) == 0)
          return;
      g_ptr_array_add (names, expr->name);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (expr->args); i++)
    if (expr->args[i] != NULL)
      kh_expr_collect_names (expr->args[i], names);
}

gboolean
kh_expr_uses_current (const KhExpr *expr,
                      const char   *name)
{
  g_return_val_if_fail (expr != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (expr->kind == KH_EXPR_NAME)
    return strcmp (expr->name, name) == 0;
  if (expr->kind == KH_EXPR_CALL
      && (expr->func == KH_FUNC_GROWTH || expr->func == KH_FUNC_PREV))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (expr->args); i++)
    if (expr->args[i] != NULL && kh_expr_uses_current (expr->args[i], name))
      return TRUE;
  return FALSE;
}

gboolean
kh_expr_uses_previous (const KhExpr *expr)
{
  g_return_val_if_fail (expr != NULL, FALSE);

  if (expr->kind == KH_EXPR_CALL && (expr->func == KH_FUNC_GROWTH || expr->func == KH_FUNC_PREV))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (expr->args); i++)
    if (expr->args[i] != NULL && kh_expr_uses_previous (expr->args[i]))
      return TRUE;
  return FALSE;
}
